"""The tradeoff curve the command line draws, and the README's copy of it."""

from pathlib import Path

import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("pandas")
Image = pytest.importorskip("PIL.Image")

from ._helpers import FAST, make_frame, run, write  # noqa: E402

README_FIGURE = Path(__file__).resolve().parents[2] / "docs" / "tradeoff_curve.png"


def _description(path):
    with Image.open(path) as image:
        return image.text.get("Description")


def test_readme_figure_is_the_demos(tmp_path, capsys):
    """Check that docs/tradeoff_curve.png (the README's figure, redrawn by the
    docs build) shows what `sk-imbalance demo` draws today: the same data,
    chosen t and title."""
    status, _, err = run(
        capsys, "demo", "-q", "--json", "-", "--plot", tmp_path / "demo.png"
    )
    assert status == 0, err
    drawn = _description(tmp_path / "demo.png")
    assert drawn is not None and '"chosen_t"' in drawn
    assert _description(README_FIGURE) == drawn, (
        "regenerate it: sk-imbalance demo --plot docs/tradeoff_curve.png"
    )


def test_curve_legend_covers_no_data(tmp_path, capsys, monkeypatch):
    """Check that the legend of the saved curve lies outside the axes, so that
    it hides no curve or band."""
    from matplotlib.figure import Figure

    seen = {}
    original = Figure.savefig

    def savefig(self, *args, **kwargs):
        self.canvas.draw()
        renderer = self.canvas.get_renderer()
        ax = self.axes[0]
        seen["axes"] = ax.get_window_extent(renderer)
        seen["legend"] = ax.get_legend().get_window_extent(renderer)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", savefig)
    status, _, _ = run(
        capsys, "tune", write(tmp_path / "d.csv", make_frame()), "--target",
        "outcome", "--min-sensitivity", "0.8", "--confidence", "0.9",
        "--plot", tmp_path / "c.png", *FAST,
    )  # fmt: skip
    assert status == 0
    assert not seen["legend"].overlaps(seen["axes"])
