"""Tests of ``sk_imbalance._cli._leaks``: identifiers and leaks left out."""

import json

import numpy as np
import pytest

pd = pytest.importorskip("pandas")

from ._helpers import FAST, make_frame, run, write  # noqa: E402


def test_rows_numbered_after_sorting_by_class_are_left_out(tmp_path, capsys):
    """Check that a row number given after sorting the rows by class (not
    distinct: every number twice) is left out in one line with its reason and
    the --keep that keeps it, and that the model does not use it."""
    frame = make_frame(n=120).sort_values("outcome", kind="stable")
    frame.insert(0, "row", np.arange(len(frame)) // 2)
    status, out, err = run(
        capsys, "tune", write(tmp_path / "d.csv", frame), "--target", "outcome",
        "--json", "-", *FAST,
    )  # fmt: skip
    assert status == 0
    lines = [line for line in err.splitlines() if "'row'" in line]
    assert len(lines) == 1
    assert lines[0].startswith("note: left out 'row': it alone separates the classes")
    assert "(--keep 'row' to use it)" in lines[0]
    summary = json.loads(out)
    assert "row" not in summary["features"]
    assert summary["left_out"]["useless"] == ["row"]


def test_kept_leak_is_used_and_named_as_the_cause(tmp_path, capsys):
    """Check that --keep keeps a leaked column, warns once, and that the advice
    of the warning that follows (t changed nothing) names the leak, not the
    estimator."""
    frame = make_frame(n=120)
    frame["discharge"] = np.where(frame["outcome"] == "sick", "ward", "home")
    status, out, err = run(
        capsys, "tune", write(tmp_path / "d.csv", frame), "--target", "outcome",
        "--keep", "discharge", "--estimator", "forest", "--json", "-", *FAST,
    )  # fmt: skip
    assert status == 0
    assert "discharge" in json.loads(out)["features"]
    assert "warning: column 'discharge', kept by --keep: it alone separates" in err
    nothing = [line for line in err.splitlines() if "t changed nothing" in line]
    assert len(nothing) == 1
    assert "The likely cause: column 'discharge' (kept by --keep)" in nothing[0]
    assert "--estimator" not in nothing[0]


def test_recorded_outcome_is_left_out(tmp_path, capsys):
    """Check that a text column recording the outcome (not one value per row)
    is left out, and that the honest features are kept."""
    frame = make_frame(n=120)
    frame["discharge"] = np.where(frame["outcome"] == "sick", "ward", "home")
    frame.loc[3, "discharge"] = "ward"  # not a perfect copy
    status, out, err = run(
        capsys, "tune", write(tmp_path / "d.csv", frame), "--target", "outcome",
        "--json", "-", *FAST,
    )  # fmt: skip
    assert status == 0
    assert "note: left out 'discharge': it alone separates the classes" in err
    assert sorted(json.loads(out)["features"]) == ["age", "marker", "smoker"]


def test_single_column_scores_match_a_hand_count():
    """Check the balanced accuracy of a column alone against a hand count: a
    threshold column splits exactly, a noise column is near 0.5."""
    from sk_imbalance._cli._leaks import _single_column_scores

    rng = np.random.default_rng(0)
    y = rng.random(300) < 0.2
    X = pd.DataFrame({"exact": y + rng.random(300) * 0.5, "noise": rng.random(300)})
    scores = _single_column_scores(X, dict.fromkeys(X, "numeric"), y, 0)
    assert scores["exact"] == 1.0
    assert abs(scores["noise"] - 0.5) < 0.15


def test_screening_features_are_not_leaks():
    """Check that no single feature of the screening data is called a leak (the
    best separates at about 0.9)."""
    from sk_imbalance._cli._leaks import _LEAK, _single_column_scores
    from sk_imbalance.datasets import load_screening

    data = load_screening(as_frame=True)
    scores = _single_column_scores(
        data.data, dict.fromkeys(data.data, "numeric"), data.target.to_numpy() == 1, 0
    )
    assert len(scores) == data.data.shape[1]
    assert max(scores.values()) < _LEAK
