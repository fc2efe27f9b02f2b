"""What a newcomer's table meets: an identifier numbered after sorting by
class, a column recorded after the outcome and ``?`` for missing values."""

import json

import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("skops.io")

from ._helpers import make_newcomer_frame, run, write  # noqa: E402


def _tune(capsys, data, model):
    status, out, err = run(
        capsys, "tune", data, "--target", "outcome", "--cv", "3", "--model", model,
        "--json", "-",
    )  # fmt: skip
    assert status == 0, err
    return json.loads(out), err


def _evaluate(capsys, model, data):
    status, out, err = run(capsys, "evaluate", model, data, "--json", "-")
    assert status == 0, err
    return json.loads(out)


def test_newcomer_table_gets_the_clean_tables_results(tmp_path, capsys):
    """Check that tune on a table with a sorted id, a leaked column and '?'
    markers, then evaluate on fresh rows, gives the clean table's results, and
    that the three notes (id left out, leak left out, '?' read as missing with
    its count) are printed."""
    dirty, clean = make_newcomer_frame()
    fresh_dirty, fresh_clean = make_newcomer_frame(n=200, seed=1, first_id=301)
    paths = {
        name: write(tmp_path / f"{name}.csv", frame)
        for name, frame in (
            ("dirty", dirty), ("clean", clean),
            ("fresh_dirty", fresh_dirty), ("fresh_clean", fresh_clean),
        )
    }  # fmt: skip
    tuned, err = _tune(capsys, paths["dirty"], tmp_path / "dirty.skops")
    reference, _ = _tune(capsys, paths["clean"], tmp_path / "clean.skops")

    assert tuned["table"] == reference["table"]
    assert tuned["chosen_t"] == reference["chosen_t"]
    n_marked = int((dirty[["age", "marker", "pressure"]] == "?").to_numpy().sum())
    assert n_marked > 0
    assert tuned["reading"]["missing_markers"]["numeric"] == {"?": n_marked}
    notes = [line for line in err.splitlines() if line.startswith("note: ")]
    assert any(
        line.startswith("note: left out 'id': distinct integers")
        and line.endswith("(--keep 'id' to use it)")
        for line in notes
    )
    assert any(
        line.startswith("note: left out 'followup': it alone separates the classes")
        and line.endswith("(--keep 'followup' to use it)")
        for line in notes
    )
    assert any(f"read as missing: '?' ({n_marked} cells)" in line for line in notes)

    on_fresh = _evaluate(capsys, tmp_path / "dirty.skops", paths["fresh_dirty"])
    expected = _evaluate(capsys, tmp_path / "clean.skops", paths["fresh_clean"])
    for key in ("sensitivity", "specificity", "confusion_matrix"):
        assert on_fresh[key] == expected[key], key
