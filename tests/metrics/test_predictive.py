"""Tests of the NPV, the alert rate, the expected cost, their intervals and scorers."""

import warnings

import numpy as np
import pytest
import sklearn
from scipy.stats import binomtest
from sklearn.datasets import make_classification
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict, cross_validate

from sk_imbalance.metrics import (
    alert_rate_interval,
    alert_rate_score,
    expected_cost,
    make_alert_rate_scorer,
    make_expected_cost_scorer,
    make_npv_scorer,
    npv_interval,
    npv_score,
    npv_scorer,
    precision_interval,
)


def _data(seed=0, n=200, labels=(0, 1)):
    rng = np.random.default_rng(seed)
    y_true = rng.choice(labels, size=n, p=None)
    y_pred = np.where(rng.random(n) < 0.7, y_true, rng.choice(labels, size=n))
    weight = rng.integers(1, 5, size=n).astype(float)
    return y_true, y_pred, weight


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_npv_equals_precision_of_the_negative_class(weighted, seed):
    """Check that the NPV equals scikit-learn's precision_score of the negative
    class, with and without sample weights."""
    y_true, y_pred, weight = _data(seed)
    sw = weight if weighted else None
    expected = precision_score(y_true, y_pred, pos_label=0, sample_weight=sw)
    assert npv_score(y_true, y_pred, sample_weight=sw) == pytest.approx(expected)


def test_npv_is_one_vs_rest_on_multiclass_data():
    """Check that on three classes every label other than pos_label is negative."""
    y_true, y_pred, _ = _data(3, labels=("a", "b", "c"))
    expected = precision_score(y_true != "b", y_pred != "b")
    assert npv_score(y_true, y_pred, pos_label="b") == pytest.approx(expected)


def test_npv_hand_computed():
    """Check the NPV of a hand-counted confusion matrix: TN = 3, FN = 2."""
    y_true = [0, 0, 0, 0, 1, 1, 1]
    y_pred = [0, 0, 0, 1, 0, 0, 1]
    assert npv_score(y_true, y_pred) == pytest.approx(3 / 5)


def test_npv_zero_division_warns_and_uses_the_value():
    """Check that nothing predicted negative gives zero_division (0.0 with a
    warning by default, the given value silently)."""
    y_true, y_pred = [0, 1, 1], [1, 1, 1]
    with pytest.warns(UndefinedMetricWarning, match="no sample is predicted other"):
        assert npv_score(y_true, y_pred) == 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error", UndefinedMetricWarning)
        assert npv_score(y_true, y_pred, zero_division=1.0) == 1.0


@pytest.mark.parametrize("weighted", [False, True])
def test_alert_rate_is_the_weighted_share_predicted_positive(weighted):
    """Check that the alert rate equals numpy's weighted mean of y_pred == pos."""
    y_true, y_pred, weight = _data(4, labels=("x", "y", "z"))
    sw = weight if weighted else None
    expected = np.average(y_pred == "z", weights=sw)
    assert alert_rate_score(
        y_true, y_pred, pos_label="z", sample_weight=sw
    ) == pytest.approx(expected)


def _cost_reference(y_true, y_pred, fn_cost, fp_cost, weight):
    """The expected cost row by row, with a Python loop."""
    total = 0.0
    for i, (t, p) in enumerate(zip(y_true, y_pred, strict=True)):
        c_fn = fn_cost[i] if np.ndim(fn_cost) else fn_cost
        c_fp = fp_cost[i] if np.ndim(fp_cost) else fp_cost
        if t == 1 and p != 1:
            total += weight[i] * c_fn
        elif t != 1 and p == 1:
            total += weight[i] * c_fp
    return total


@pytest.mark.parametrize("per_row", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_expected_cost_equals_a_row_by_row_sum(per_row, weighted):
    """Check the expected cost against a loop over rows, with scalar or per-row
    costs, with or without weights, normalised or not."""
    y_true, y_pred, weight = _data(5)
    rng = np.random.default_rng(5)
    fn_cost = rng.exponential(100, y_true.size) if per_row else 100.0
    fp_cost = rng.exponential(5, y_true.size) if per_row else 5.0
    w = weight if weighted else np.ones(y_true.size)
    total = _cost_reference(y_true, y_pred, fn_cost, fp_cost, w)
    kwargs = {"fn_cost": fn_cost, "fp_cost": fp_cost}
    if weighted:
        kwargs["sample_weight"] = weight
    assert expected_cost(y_true, y_pred, **kwargs) == pytest.approx(total / w.sum())
    assert expected_cost(y_true, y_pred, normalize=False, **kwargs) == pytest.approx(
        total
    )


def test_expected_cost_weights_equal_repeated_rows():
    """Check that integer sample weights with per-row costs equal repeated rows."""
    y_true, y_pred, weight = _data(6, n=50)
    cost = np.arange(1.0, 51.0)
    repeat = weight.astype(int)
    weighted = expected_cost(
        y_true, y_pred, fn_cost=cost, fp_cost=cost[::-1], sample_weight=weight
    )
    repeated = expected_cost(
        np.repeat(y_true, repeat),
        np.repeat(y_pred, repeat),
        fn_cost=np.repeat(cost, repeat),
        fp_cost=np.repeat(cost[::-1], repeat),
    )
    assert weighted == pytest.approx(repeated)


def test_expected_cost_all_zero_per_row_costs_is_zero():
    """Check that per-row costs that are all zero are valid and cost nothing."""
    y_true, y_pred, _ = _data(7, n=20)
    zeros = np.zeros(20)
    assert expected_cost(y_true, y_pred, fn_cost=zeros, fp_cost=zeros) == 0.0


@pytest.mark.parametrize(
    "params, error, match",
    [
        ({"fn_cost": -1.0}, ValueError, "fn_cost"),
        ({"fp_cost": np.full(5, -1.0)}, ValueError, "fp_cost contains negative"),
        ({"fn_cost": np.ones(4)}, ValueError, "fn_cost has 4 values"),
        ({"fp_cost": [1, 2, np.nan, 1, 1]}, ValueError, "fp_cost contains NaN"),
        ({"fn_cost": ["a"] * 5}, TypeError, "fn_cost must be an array of numbers"),
    ],
)
def test_expected_cost_bad_costs(params, error, match):
    """Check that bad costs raise an error naming the parameter."""
    with pytest.raises(error, match=match):
        expected_cost([0, 1, 1, 0, 1], [1, 1, 0, 0, 1], **params)


def _cells(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true) == 1, np.asarray(y_pred) == 1
    tp = int(np.sum(y_true & y_pred))
    fn = int(np.sum(y_true & ~y_pred))
    tn = int(np.sum(~y_true & ~y_pred))
    fp = int(np.sum(~y_true & y_pred))
    return tp, fn, tn, fp


@pytest.mark.parametrize(
    "method, scipy_method", [("wilson", "wilson"), ("clopper-pearson", "exact")]
)
@pytest.mark.parametrize("alternative", ["two-sided", "greater", "less"])
def test_intervals_equal_scipy_binomtest(method, scipy_method, alternative):
    """Check that the precision, NPV and alert-rate intervals are scipy's
    binomial intervals of TP of TP+FP, TN of TN+FN and TP+FP of n."""
    y_true, y_pred, _ = _data(8, n=80)
    tp, fn, tn, fp = _cells(y_true, y_pred)
    cases = [
        (precision_interval, tp, tp + fp),
        (npv_interval, tn, tn + fn),
        (alert_rate_interval, tp + fp, tp + fn + tn + fp),
    ]
    for func, k, n in cases:
        low, high = func(
            y_true, y_pred, confidence=0.9, method=method, alternative=alternative
        )
        ref = binomtest(k, n, alternative=alternative).proportion_ci(
            0.9, method=scipy_method
        )
        assert (low, high) == (
            pytest.approx(ref.low, abs=1e-9),
            pytest.approx(ref.high, abs=1e-9),
        ), func.__name__


@pytest.mark.parametrize(
    "func", [precision_interval, npv_interval, alert_rate_interval]
)
def test_interval_weights_scale_free(func):
    """Check that equal weights of any size give the unweighted interval
    (Kish's effective size), and unequal weights widen it."""
    y_true, y_pred, weight = _data(9, n=120)
    plain = func(y_true, y_pred)
    assert func(y_true, y_pred, sample_weight=np.full(120, 1000.0)) == pytest.approx(
        plain
    )
    low, high = func(y_true, y_pred, sample_weight=weight)
    assert high - low > plain[1] - plain[0]


@pytest.mark.parametrize(
    "func, y_pred, match",
    [
        (precision_interval, [0, 0, 0], "predicted as pos_label"),
        (npv_interval, [1, 1, 1], "predicted other than pos_label"),
    ],
)
def test_interval_undefined(func, y_pred, match):
    """Check that an empty denominator gives (nan, nan) with a warning."""
    with pytest.warns(UndefinedMetricWarning, match=match):
        low, high = func([0, 1, 1], y_pred)
    assert np.isnan(low) and np.isnan(high)


def test_npv_scorer_matches_out_of_fold_precision_of_negatives():
    """Check that cross-validated NPV scores equal precision_score of the negative
    class on each fold's predictions of a fresh model."""
    X, y = make_classification(n_samples=300, weights=[0.7], random_state=0)
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    result = cross_validate(LogisticRegression(), X, y, cv=cv, scoring=npv_scorer)
    pred = cross_val_predict(LogisticRegression(), X, y, cv=cv)
    expected = [
        precision_score(y[test], pred[test], pos_label=0) for _, test in cv.split(X, y)
    ]
    np.testing.assert_allclose(result["test_score"], expected)


def test_make_npv_scorer_string_labels():
    """Check that the NPV scorer takes a string pos_label."""
    X, y = make_classification(n_samples=100, random_state=1)
    y_str = np.where(y == 1, "sick", "ok")
    clf = LogisticRegression().fit(X, y_str)
    scorer = make_npv_scorer(pos_label="sick")
    expected = precision_score(y_str, clf.predict(X), pos_label="ok")
    assert scorer(clf, X, y_str) == pytest.approx(expected)


def test_alert_rate_scorer_is_the_share_predicted_positive():
    """Check that the alert-rate scorer returns the share of rows predicted 1."""
    X, y = make_classification(n_samples=100, random_state=2)
    clf = LogisticRegression().fit(X, y)
    assert make_alert_rate_scorer()(clf, X, y) == pytest.approx(
        np.mean(clf.predict(X) == 1)
    )


def test_expected_cost_scorer_fixed_costs_is_negated():
    """Check that the cost scorer returns minus the mean cost per row."""
    X, y = make_classification(n_samples=100, random_state=3)
    clf = LogisticRegression().fit(X, y)
    pred = clf.predict(X)
    expected = _cost_reference(y, pred, 100.0, 5.0, np.ones(100)) / 100
    scorer = make_expected_cost_scorer(fn_cost=100, fp_cost=5)
    assert scorer(clf, X, y) == pytest.approx(-expected)


def test_expected_cost_scorer_routes_per_row_costs():
    """Check that per-row costs passed to cross_validate reach each fold's scorer
    as that fold's rows (metadata routing), against a hand-computed cost."""
    X, y = make_classification(n_samples=200, weights=[0.8], random_state=4)
    amount = np.random.default_rng(4).exponential(50, size=200)
    cv = StratifiedKFold(4, shuffle=True, random_state=0)
    with sklearn.config_context(enable_metadata_routing=True):
        scorer = make_expected_cost_scorer(fp_cost=5).set_score_request(fn_cost=True)
        result = cross_validate(
            LogisticRegression(),
            X,
            y,
            cv=cv,
            scoring=scorer,
            params={"fn_cost": amount},
        )
    pred = cross_val_predict(LogisticRegression(), X, y, cv=cv)
    expected = [
        -_cost_reference(y[te], pred[te], amount[te], 5.0, np.ones(te.size)) / te.size
        for _, te in cv.split(X, y)
    ]
    np.testing.assert_allclose(result["test_score"], expected)
