"""The examples' figures: readable labels and rates drawn within [0, 1]."""

import runpy
from pathlib import Path

import pytest

plt = pytest.importorskip("matplotlib.pyplot")
pytest.importorskip("pandas")

from matplotlib.container import ErrorbarContainer  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _run(name, tmp_path, monkeypatch):
    """Run an example; returns its saved figures by file name."""
    figures = {}
    savefig = Figure.savefig

    def record(self, fname, *args, **kwargs):
        figures[Path(fname).name] = self
        return savefig(self, fname, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", record)
    monkeypatch.setattr(plt, "close", lambda *args, **kwargs: None)
    monkeypatch.setenv("SK_IMBALANCE_FIGURE_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    runpy.run_path(str(EXAMPLES / name), run_name="__main__")
    return figures


@pytest.mark.slow  # runs the example (about 30 s)
def test_roc_labels_of_t_do_not_overlap(tmp_path, monkeypatch, capsys):
    """Check that no two t labels of the ROC panels print over each other."""
    figure = _run("plot_honest_probabilities.py", tmp_path, monkeypatch)[
        "honest_probabilities_roc.png"
    ]
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    for ax in figure.axes:
        boxes = [text.get_window_extent(renderer) for text in ax.texts]
        assert boxes
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not a.overlaps(b), (ax.get_title(), a, b)


@pytest.mark.slow  # runs the example
def test_remedies_error_bars_stay_within_0_and_1(tmp_path, monkeypatch, capsys):
    """Check that no error bar of a rate reaches above 1 or below 0."""
    figure = _run("plot_remedies.py", tmp_path, monkeypatch)["remedies.png"]
    bars = [
        container
        for ax in figure.axes
        for container in ax.containers
        if isinstance(container, ErrorbarContainer)
    ]
    assert bars
    for container in bars:
        for collection in container.lines[2]:
            for segment in collection.get_segments():
                assert 0 <= segment[:, 1].min() and segment[:, 1].max() <= 1
