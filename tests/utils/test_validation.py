"""Tests of sk_imbalance.utils._validation: the shared input checks.

Each check is compared with scikit-learn's own where one exists; the messages
must name the argument.
"""

from numbers import Real

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.utils.validation import check_consistent_length

from sk_imbalance import TradeoffClassifier
from sk_imbalance._compat import Interval, InvalidParameterError, validate_params
from sk_imbalance.utils._validation import (
    LABEL_CONSTRAINT,
    T_CONSTRAINT,
    ZERO_DIVISION_CONSTRAINT,
    _check_class_priority,
    _check_estimator,
    _check_lengths,
    _check_metric_inputs,
    _check_sample_weight,
    _check_t,
    _check_ts,
    _check_y,
)


def test_t_constraint_refuses_bools_unlike_interval():
    """Check that the shared t constraint is Interval(Real, 0, 1) without bools."""
    (constraint,) = T_CONSTRAINT
    plain = Interval(Real, 0, 1, closed="both")
    for value in (0, 0.3, 1, 1.0, np.float32(0.5)):
        assert constraint.is_satisfied_by(value) == plain.is_satisfied_by(value)
    for value in (-0.1, 1.5, float("nan"), "0.5"):
        assert not constraint.is_satisfied_by(value)
    assert plain.is_satisfied_by(True) and not constraint.is_satisfied_by(True)


@pytest.mark.parametrize(
    "name, value, valid",
    [
        ("t", 0.25, True),
        ("t", False, False),
        ("pos_label", "yes", True),
        ("pos_label", True, True),
        ("pos_label", [1], False),
        ("zero_division", "warn", True),
        ("zero_division", np.nan, True),
        ("zero_division", 0.5, False),
    ],
)
def test_shared_constraints_in_validate_params(name, value, valid):
    """Check the shared constraints as validate_params applies them."""

    @validate_params(
        {
            "t": T_CONSTRAINT,
            "pos_label": LABEL_CONSTRAINT,
            "zero_division": ZERO_DIVISION_CONSTRAINT,
        },
        prefer_skip_nested_validation=True,
    )
    def func(t=0.5, pos_label=1, zero_division="warn"):
        return True

    if valid:
        assert func(**{name: value})
    else:
        with pytest.raises(InvalidParameterError, match=f"'{name}' parameter"):
            func(**{name: value})


@pytest.mark.parametrize(
    "t, error, match",
    [
        (1.5, ValueError, r"t must be in \[0, 1\], got 1.5"),
        (float("nan"), ValueError, "t must be in"),
        (True, TypeError, "t must be a real number"),
        ("0.5", TypeError, "t must be a real number"),
    ],
)
def test_check_t(t, error, match):
    """Check that _check_t refuses what T_CONSTRAINT refuses, by name."""
    assert not T_CONSTRAINT[0].is_satisfied_by(t)
    with pytest.raises(error, match=match):
        _check_t(t)


def test_check_t_returns_a_float():
    """Check that a valid t comes back as a Python float."""
    assert type(_check_t(np.float32(0.25))) is float
    assert _check_t(1) == 1.0


def test_check_ts_sorts_dedupes_and_defaults():
    """Check the valid paths of the ts check: np.unique of the values, a copy of
    the default for None."""
    default = np.array([0.2, 0.8])
    out = _check_ts(None, default)
    np.testing.assert_array_equal(out, default)
    out[0] = 0.5
    assert default[0] == 0.2  # a copy
    np.testing.assert_array_equal(_check_ts([0.7, 0.1, 0.7], default), [0.1, 0.7])


@pytest.mark.parametrize(
    "ts, match",
    [
        ([], r"ts must be a non-empty 1-D array.*ts=\[\]"),
        ([[0.5]], "ts must be a non-empty 1-D array"),
        (0.5, "ts must be a non-empty 1-D array"),
        (["low"], r"ts must be an array of numbers in \[0, 1\].*'low'"),
        ([0.5, 1.2], r"ts must lie in \[0, 1\]; got \[1.2\]"),
        ([np.nan], r"got \[nan\]"),
    ],
)
def test_check_ts_errors(ts, match):
    """Check that bad ts raise a ValueError naming ts and the bad values."""
    with pytest.raises(ValueError, match=match):
        _check_ts(ts, [0.5])


@pytest.mark.parametrize(
    "y, match",
    [
        (None, "requires y to be passed"),
        (
            np.zeros((3, 2)),
            r"y must be a 1-D array of class labels; got shape \(3, 2\)",
        ),
        (np.array([1 + 1j, 0j]), "Complex data not supported"),
        (np.array([]), "y is empty"),
        (np.array([0, None], dtype=object), "missing values"),
        (np.array(["a", 1], dtype=object), "mixes strings and numbers"),
        (np.array([0.0, np.inf]), "NaN or infinite"),
        (np.array([0.1, 0.7]), "'continuous'"),
    ],
)
def test_check_y_errors(y, match):
    """Check that bad targets raise a ValueError/TypeError that says why."""
    with pytest.raises((ValueError, TypeError), match=match):
        _check_y(y)


def test_check_y_ravels_a_column_with_scikit_learns_warning():
    """Check that a (n, 1) target becomes 1-D with DataConversionWarning, as
    scikit-learn's column_or_1d does."""
    from sklearn.exceptions import DataConversionWarning

    with pytest.warns(DataConversionWarning):
        y = _check_y(np.array([[0], [1], [1]]))
    np.testing.assert_array_equal(y, [0, 1, 1])


def test_check_lengths_agrees_with_check_consistent_length():
    """Check that _check_lengths refuses what check_consistent_length refuses,
    naming the argument, and skips None and scalar weights."""
    X, y = np.zeros((4, 2)), np.zeros(4)
    _check_lengths(X, y, sample_weight=None, groups=2.0)
    check_consistent_length(X, y)
    with pytest.raises(ValueError, match="sample_weight has 3 samples but X has 4"):
        _check_lengths(X, y, sample_weight=np.ones(3))
    with pytest.raises(ValueError):
        check_consistent_length(X, y, np.ones(3))
    with pytest.raises(TypeError, match="groups must be array-like"):
        _check_lengths(X, y, groups=object())


def test_check_sample_weight():
    """Check the accepted forms (None, scalar, list) and the refused values."""
    np.testing.assert_array_equal(_check_sample_weight(None, 3), np.ones(3))
    np.testing.assert_array_equal(_check_sample_weight(2, 3), np.full(3, 2.0))
    assert _check_sample_weight([1, 2], 2).dtype == np.float64
    bad = [
        (np.ones((2, 2)), "must be 1-D"),
        (np.ones(3), "has 3 values but there are 2 samples"),
        ([1.0, np.nan], "NaN or infinite"),
        ([1.0, -1.0], "negative values"),
        ([0.0, 0.0], "sums to zero"),
        ([1e308, 1e308], "sums to infinity"),
        (["a", "b"], "must be an array of numbers"),
    ]
    for value, match in bad:
        with pytest.raises((ValueError, TypeError), match=match):
            _check_sample_weight(value, 2)


def test_check_metric_inputs():
    """Check the metric inputs: same lengths, label kinds, labels not scores."""
    y_true, _y_pred, sw = _check_metric_inputs([0, 1], [1, 1], None)
    assert isinstance(y_true, np.ndarray) and sw is None
    bad = [
        (([0, 1], [1], None), "different lengths"),
        (([], [], None), "empty"),
        (([0, 1], ["a", "b"], None), "mix label types"),
        (([0, 1], [0.2, 0.9], None), "y_pred must hold class labels.*0.2"),
        (([[0, 1]], [[0, 1]], None), "y_true must be a 1-D array"),
        (([0, 1], [0, 1], [1.0]), "sample_weight has 1 values"),
    ]
    for args, match in bad:
        with pytest.raises((ValueError, TypeError), match=match):
            _check_metric_inputs(*args)


def test_check_estimator():
    """Check that a class and a regressor are refused by name, a classifier kept."""
    _check_estimator(LogisticRegression())
    _check_estimator(None)
    with pytest.raises(TypeError, match=r"write LogisticRegression\(\)"):
        _check_estimator(LogisticRegression)
    with pytest.raises(ValueError, match="must be a classifier"):
        _check_estimator(LinearRegression())


def test_check_class_priority():
    """Check that priorities land on their classes (1 for those not named)."""
    classes = np.array(["a", "b", "c"])
    np.testing.assert_array_equal(
        _check_class_priority({"c": 3, "a": 0}, classes), [0.0, 1.0, 3.0]
    )
    bad = [
        ({}, TypeError, "non-empty dict"),
        ({"z": 1}, ValueError, "names label 'z'"),
        ({"a": -1}, ValueError, r"class_priority\['a'\] must be >= 0"),
        ({"a": np.inf}, TypeError, "finite number"),
        ({"a": True}, TypeError, "finite number"),
        ({"a": 0, "b": 0, "c": 0}, ValueError, "priority 0"),
    ]
    for value, error, match in bad:
        with pytest.raises(error, match=match):
            _check_class_priority(value, classes)


def test_check_lengths_refuses_a_string_target():
    """Check that a string target is refused as one value, by name and value,
    rather than counted as one sample per character."""
    X = np.zeros((40, 2))
    with pytest.raises(TypeError, match="y must be array-like, got str 'abc'"):
        _check_lengths(X, "abc")
    with pytest.raises(TypeError, match="y must be array-like, got str 'abc'"):
        TradeoffClassifier().fit(X, "abc")
    with pytest.raises(ValueError):  # what scikit-learn's estimators also refuse
        LogisticRegression().fit(X, "abc")


def _column_metric_cases():
    from sklearn.metrics import recall_score

    from sk_imbalance import metrics

    y_true, y_pred = [0, 1, 1, 0], [0, 1, 0, 1]
    return [
        (metrics.sensitivity_score, recall_score(y_true, y_pred)),
        (metrics.specificity_score, recall_score(y_true, y_pred, pos_label=0)),
        (metrics.tradeoff_score, 0.5),
        (
            lambda yt, yp: metrics.per_class_accuracy_score(yt, yp).tolist(),
            recall_score(y_true, y_pred, average=None).tolist(),
        ),
        (
            lambda yt, yp: metrics.sensitivity_interval(yt, yp)[0],
            metrics.sensitivity_interval(y_true, y_pred)[0],
        ),
        (
            lambda yt, yp: metrics.specificity_interval(yt, yp)[0],
            metrics.specificity_interval(y_true, y_pred)[0],
        ),
    ]


@pytest.mark.parametrize("metric, expected", _column_metric_cases())
def test_column_labels_are_flattened_with_a_warning_at_the_users_line(metric, expected):
    """Check that every metric takes an (n, 1) y_true as its column, with a
    DataConversionWarning that names the argument and points at the caller."""
    from sklearn.exceptions import DataConversionWarning

    with pytest.warns(DataConversionWarning, match=r"y_true is a column vector") as rec:
        value = metric([[0], [1], [1], [0]], [0, 1, 0, 1])
    assert value == pytest.approx(expected)
    assert rec[0].filename == __file__
