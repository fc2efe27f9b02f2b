"""Tests of ``sk_imbalance._cli._leaks``: identifiers and leaks named."""

import numpy as np
import pytest

pd = pytest.importorskip("pandas")

from ._helpers import FAST, make_frame, run, write  # noqa: E402


def test_rows_numbered_after_sorting_by_class_are_a_leak(tmp_path, capsys):
    """Check that an integer row number given after sorting the rows by class is
    named as a possible leak, with the --drop to use."""
    frame = make_frame(n=120).sort_values("outcome", kind="stable")
    frame.insert(0, "row", np.arange(1, len(frame) + 1))
    status, _, err = run(
        capsys, "tune", write(tmp_path / "d.csv", frame), "--target", "outcome", *FAST
    )
    assert status == 0
    assert "warning: column 'row' alone separates the classes" in err
    assert "--drop 'row'" in err


def test_recorded_outcome_is_a_leak(tmp_path, capsys):
    """Check that a text column recording the outcome (not one value per row)
    is named, and that the honest features are not."""
    frame = make_frame(n=120)
    frame["discharge"] = np.where(frame["outcome"] == "sick", "ward", "home")
    frame.loc[3, "discharge"] = "ward"  # not a perfect copy
    status, _, err = run(
        capsys, "tune", write(tmp_path / "d.csv", frame), "--target", "outcome", *FAST
    )
    assert status == 0
    assert "column 'discharge' alone separates the classes" in err
    for honest in ("age", "marker", "smoker"):
        assert f"column '{honest}' alone" not in err


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
