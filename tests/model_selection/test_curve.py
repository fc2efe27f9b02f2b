"""Tests for `tradeoff_curve`."""

import numpy as np
import pytest
from joblib import parallel_config
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import recall_score
from sklearn.model_selection import GroupKFold, StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from sk_imbalance import TradeoffClassifier
from sk_imbalance.datasets import load_screening
from sk_imbalance.model_selection import tradeoff_curve

TS = [0.2, 0.5, 0.8]


@pytest.fixture(scope="module")
def data():
    X, y = make_classification(
        n_samples=150, n_features=5, weights=[0.85], flip_y=0.05, random_state=0
    )
    return X, y


def _reference(X, y, ts, cv, pos_label=1, sample_weight=None, estimator=None):
    """Per-fold sensitivity/specificity from cross_val_predict and recall_score."""
    estimator = LogisticRegression() if estimator is None else estimator
    splits = list(cv.split(X, y))
    sens = np.empty((len(ts), len(splits)))
    spec = np.empty_like(sens)
    binary_true = y == pos_label
    for i, t in enumerate(ts):
        model = TradeoffClassifier(estimator, t=t, pos_label=pos_label)
        params = {} if sample_weight is None else {"sample_weight": sample_weight}
        y_pred = cross_val_predict(model, X, y, cv=splits, params=params)
        binary_pred = y_pred == pos_label
        for k, (_, test) in enumerate(splits):
            w = None if sample_weight is None else sample_weight[test]
            sens[i, k] = recall_score(
                binary_true[test], binary_pred[test], sample_weight=w
            )
            spec[i, k] = recall_score(
                ~binary_true[test], ~binary_pred[test], sample_weight=w
            )
    return sens, spec


def _assert_matches(curve, sens, spec):
    np.testing.assert_allclose(curve.sensitivity_folds, sens)
    np.testing.assert_allclose(curve.specificity_folds, spec)
    np.testing.assert_allclose(curve.sensitivity_mean, sens.mean(axis=1))
    np.testing.assert_allclose(curve.sensitivity_std, sens.std(axis=1))
    np.testing.assert_allclose(curve.specificity_mean, spec.mean(axis=1))
    np.testing.assert_allclose(curve.specificity_std, spec.std(axis=1))


def test_matches_cross_val_predict_loop(data):
    """Check that the values equal a manual cross_val_predict + recall_score loop."""
    X, y = data
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    curve = tradeoff_curve(LogisticRegression(), X, y, ts=TS, cv=cv)
    np.testing.assert_array_equal(curve.ts, TS)
    assert curve.pos_label == 1
    _assert_matches(curve, *_reference(X, y, TS, cv))


def test_tradeoff_classifier_is_cloned_at_each_t(data):
    """Check that a TradeoffClassifier is used with its t replaced, unchanged."""
    X, y = data
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    model = TradeoffClassifier(LogisticRegression(), t=0.9)
    curve = tradeoff_curve(model, X, y, ts=TS, cv=cv)
    assert model.t == 0.9 and not hasattr(model, "estimator_")
    _assert_matches(curve, *_reference(X, y, TS, cv))


def test_int_cv_is_stratified(data):
    """Check that an int cv means StratifiedKFold, as in scikit-learn."""
    X, y = data
    curve = tradeoff_curve(LogisticRegression(), X, y, ts=TS, cv=3)
    _assert_matches(curve, *_reference(X, y, TS, StratifiedKFold(3)))


def test_default_ts(data):
    """Check that the default grid is 0.01, 0.02, 0.05..0.95 by 0.05, 0.98, 0.99
    (the command line's too: tests/_cli/test_search.py)."""
    X, y = data
    curve = tradeoff_curve(DecisionTreeClassifier(max_depth=2), X, y, cv=2)
    expected = [0.01, 0.02, *(np.arange(1, 20) * 0.05), 0.98, 0.99]
    np.testing.assert_allclose(curve.ts, expected)
    assert curve.sensitivity_folds.shape == (23, 2)


def test_ts_sorted_unique(data):
    """Check that ts come back sorted without duplicates."""
    X, y = data
    curve = tradeoff_curve(LogisticRegression(), X, y, ts=[0.8, 0.2, 0.8], cv=2)
    np.testing.assert_array_equal(curve.ts, [0.2, 0.8])


def test_sample_weight_fit_and_score(data):
    """Check that sample_weight reaches fit and weights the test scores."""
    X, y = data
    weight = np.random.default_rng(0).integers(1, 4, size=y.size).astype(float)
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    curve = tradeoff_curve(
        LogisticRegression(), X, y, ts=TS, cv=cv, sample_weight=weight
    )
    _assert_matches(curve, *_reference(X, y, TS, cv, sample_weight=weight))


def test_multiclass_one_vs_rest(data):
    """Check that multi-class data with pos_label give one-vs-rest rates."""
    X, y = make_classification(
        n_samples=180,
        n_features=6,
        n_informative=4,
        n_classes=3,
        weights=[0.6, 0.3],
        random_state=0,
    )
    labels = np.array(["a", "b", "c"])[y]
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    curve = tradeoff_curve(LogisticRegression(), X, labels, ts=TS, cv=cv, pos_label="c")
    assert curve.pos_label == "c"
    _assert_matches(curve, *_reference(X, labels, TS, cv, pos_label="c"))


def test_groups_reach_the_splitter(data):
    """Check that groups are passed to a group-aware splitter."""
    X, y = data
    groups = np.arange(y.size) % 3
    curve = tradeoff_curve(
        LogisticRegression(), X, y, ts=[0.5], cv=GroupKFold(3), groups=groups
    )
    splits = list(GroupKFold(3).split(X, y, groups))
    sens, spec = _reference(X, y, [0.5], _Fixed(splits))
    _assert_matches(curve, sens, spec)


class _Fixed:
    def __init__(self, splits):
        self.splits = splits

    def split(self, X, y=None, groups=None):
        return iter(self.splits)


def test_parallel_equals_sequential(data):
    """Check that n_jobs=2 (threads) gives the same curve as n_jobs=1."""
    X, y = data
    sequential = tradeoff_curve(LogisticRegression(), X, y, ts=TS, cv=3)
    with parallel_config("threading"):
        parallel = tradeoff_curve(LogisticRegression(), X, y, ts=TS, cv=3, n_jobs=2)
    np.testing.assert_array_equal(
        parallel.sensitivity_folds, sequential.sensitivity_folds
    )
    np.testing.assert_array_equal(
        parallel.specificity_folds, sequential.specificity_folds
    )


def test_fold_without_positives_warns(data):
    """Check that a test fold without positives gives NaN there, left out of the
    mean, with a warning."""
    X, y = data
    negatives, positives = np.flatnonzero(y == 0), np.flatnonzero(y == 1)
    no_positive_test = (np.r_[positives, negatives[:60]], negatives[60:])
    normal = (
        np.r_[positives[::2], negatives[::2]],
        np.r_[positives[1::2], negatives[1::4]],
    )
    with pytest.warns(UserWarning, match=r"Sensitivity is undefined on 1 of 2 folds"):
        curve = tradeoff_curve(
            LogisticRegression(), X, y, ts=[0.5], cv=[no_positive_test, normal]
        )
    assert np.isnan(curve.sensitivity_folds[0, 0])
    assert curve.sensitivity_mean[0] == curve.sensitivity_folds[0, 1]


@pytest.mark.parametrize(
    "params, error, match",
    [
        ({"ts": []}, ValueError, r"ts must be a non-empty 1-D array.*ts=\[\]"),
        ({"ts": [0.5, 1.2]}, ValueError, r"ts must lie in \[0, 1\]; got \[1.2\]"),
        ({"ts": [-0.1]}, ValueError, r"ts must lie in \[0, 1\]; got \[-0.1\]"),
        ({"ts": [np.nan]}, ValueError, r"ts must lie in \[0, 1\]; got \[nan\]"),
        (
            {"ts": ["low"]},
            ValueError,
            r"ts must be an array of numbers in \[0, 1\].*'low'",
        ),
        ({"ts": [[0.5]]}, ValueError, r"ts must be a non-empty 1-D array"),
        (
            {"pos_label": 7},
            ValueError,
            r"pos_label=7 is not among the classes \[0, 1\]",
        ),
        ({"cv": "five"}, ValueError, r"'cv' parameter"),
        ({"n_jobs": 1.5}, ValueError, r"'n_jobs' parameter"),
        (
            {"sample_weight": [1.0, 2.0]},
            ValueError,
            r"sample_weight has 2 samples but X has",
        ),
    ],
)
def test_bad_input(data, params, error, match):
    """Check that bad input raises an error naming the parameter and value."""
    X, y = data
    with pytest.raises(error, match=match):
        tradeoff_curve(LogisticRegression(), X, y, **params)


def test_multiclass_needs_pos_label():
    """Check that multi-class data without pos_label raise a clear error."""
    X, y = make_classification(
        n_samples=60, n_classes=3, n_informative=3, random_state=0
    )
    with pytest.raises(
        ValueError, match=r"Only binary .* y holds 3 classes .* Set pos_label"
    ):
        tradeoff_curve(LogisticRegression(), X, y, ts=[0.5], cv=2)


def test_estimator_without_predict():
    """Check that an object that cannot predict is rejected by name."""
    X, y = make_classification(n_samples=40, random_state=0)
    with pytest.raises(ValueError, match="'estimator' parameter"):
        tradeoff_curve(object(), X, y)


def test_class_with_one_sample_is_a_clear_error():
    """Check that tradeoff_curve names a class with a single sample instead of
    failing inside the inner estimator."""
    X, y = make_classification(n_samples=60, random_state=0)
    y = np.zeros(60, dtype=int)
    y[3] = 1
    with pytest.raises(ValueError, match="class 1 has 1 sample"):
        tradeoff_curve(TradeoffClassifier(), X, y, ts=[0.3, 0.7])


@pytest.mark.slow
def test_curve_on_dask_equals_sequential(dask_client):
    """Check that tradeoff_curve under the dask backend gives identical values."""
    X, y = load_screening(return_X_y=True)
    model = TradeoffClassifier(make_pipeline(StandardScaler(), LogisticRegression()))
    ts = [0.2, 0.5, 0.8, 0.95]
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    sequential = tradeoff_curve(model, X, y, ts=ts, cv=cv)
    with parallel_config("dask"):
        on_dask = tradeoff_curve(model, X, y, ts=ts, cv=cv, n_jobs=-1)
    for key in ("sensitivity_folds", "specificity_folds"):
        np.testing.assert_array_equal(on_dask[key], sequential[key], err_msg=key)
