"""Tests of sensitivity_interval and specificity_interval."""

import numpy as np
import pytest
from scipy.stats import beta, binom, binomtest
from sklearn.exceptions import UndefinedMetricWarning

from sk_imbalance.metrics import (
    sensitivity_interval,
    sensitivity_score,
    specificity_interval,
)
from sk_imbalance.metrics._interval import _proportion_interval

SCIPY_METHOD = {"wilson": "wilson", "clopper-pearson": "exact"}


def _labels(k, n, n_neg=7, neg_hits=4):
    """Binary labels with ``k`` of ``n`` positives caught (and some negatives)."""
    y_true = np.r_[np.ones(n, int), np.zeros(n_neg, int)]
    y_pred = np.r_[np.ones(k, int), np.zeros(n - k, int)]
    y_pred = np.r_[y_pred, np.zeros(neg_hits, int), np.ones(n_neg - neg_hits, int)]
    return y_true, y_pred


@pytest.mark.parametrize("method", ["wilson", "clopper-pearson"])
@pytest.mark.parametrize("alternative", ["two-sided", "greater", "less"])
@pytest.mark.parametrize("k, n", [(0, 5), (3, 5), (5, 5), (18, 19), (1, 30), (87, 100)])
@pytest.mark.parametrize("confidence", [0.8, 0.95])
def test_interval_equals_scipy_binomtest(method, alternative, k, n, confidence):
    """Check that unweighted intervals equal scipy's binomtest proportion_ci."""
    y_true, y_pred = _labels(k, n)
    low, high = sensitivity_interval(
        y_true, y_pred, confidence=confidence, method=method, alternative=alternative
    )
    ref = binomtest(k, n, alternative=alternative).proportion_ci(
        confidence, method=SCIPY_METHOD[method]
    )
    assert low == pytest.approx(ref.low, abs=1e-9)
    assert high == pytest.approx(ref.high, abs=1e-9)


@pytest.mark.parametrize("k, n", [(1, 4), (18, 19), (50, 100)])
def test_jeffreys_equals_beta_quantiles(k, n):
    """Check that Jeffreys' interval is the Beta(k + 1/2, n - k + 1/2) quantiles."""
    y_true, y_pred = _labels(k, n)
    low, high = sensitivity_interval(y_true, y_pred, method="jeffreys")
    ref = beta(k + 0.5, n - k + 0.5)
    assert low == pytest.approx(ref.ppf(0.025), abs=1e-12)
    assert high == pytest.approx(ref.ppf(0.975), abs=1e-12)
    low, high = sensitivity_interval(
        y_true, y_pred, method="jeffreys", confidence=0.9, alternative="greater"
    )
    assert (low, high) == (pytest.approx(ref.ppf(0.1), abs=1e-12), 1.0)


@pytest.mark.parametrize("method", ["wilson", "clopper-pearson", "jeffreys"])
def test_boundary_rule(method):
    """Check that k = 0 gives low = 0 and k = n gives high = 1 for every method."""
    assert sensitivity_interval(*_labels(0, 12), method=method)[0] == 0.0
    assert sensitivity_interval(*_labels(12, 12), method=method)[1] == 1.0


def test_specificity_interval_counts_the_negatives():
    """Check that specificity's interval is that of TN out of all negatives."""
    y_true, y_pred = _labels(5, 9, n_neg=40, neg_hits=31)
    low, high = specificity_interval(y_true, y_pred, method="clopper-pearson")
    ref = binomtest(31, 40).proportion_ci(0.95, method="exact")
    assert (low, high) == (pytest.approx(ref.low), pytest.approx(ref.high))
    # On binary data, the specificity is the sensitivity of the other class.
    other = sensitivity_interval(y_true, y_pred, pos_label=0, method="clopper-pearson")
    assert other == (low, high)


def test_multiclass_is_one_vs_rest_and_strings_work():
    """Check that on 3 classes the interval counts the samples of pos_label."""
    y_true = np.array(["a"] * 10 + ["b"] * 12 + ["c"] * 8)
    y_pred = np.array(["a"] * 7 + ["c"] * 3 + ["b"] * 10 + ["a"] * 2 + ["c"] * 8)
    low, high = sensitivity_interval(y_true, y_pred, pos_label="b")
    ref = binomtest(10, 12).proportion_ci(0.95, method="wilson")
    assert (low, high) == (pytest.approx(ref.low), pytest.approx(ref.high))
    # Negatives of "a": 20 samples, 3 of them predicted "a".
    low, high = specificity_interval(y_true, y_pred, pos_label="a")
    ref = binomtest(18, 20).proportion_ci(0.95, method="wilson")
    assert (low, high) == (pytest.approx(ref.low), pytest.approx(ref.high))


def test_weights_use_kish_effective_size():
    """Check the weighted interval: weighted rate at Kish's effective size."""
    y_true, y_pred = _labels(7, 10, n_neg=5, neg_hits=5)
    w = np.r_[np.arange(1.0, 11.0), np.full(5, 3.0)]
    low, high = sensitivity_interval(
        y_true, y_pred, sample_weight=w, method="clopper-pearson"
    )
    pos = w[:10]
    n_eff = pos.sum() ** 2 / (pos**2).sum()
    rate = sensitivity_score(y_true, y_pred, sample_weight=w)
    assert rate == pytest.approx(pos[:7].sum() / pos.sum())
    k_eff = rate * n_eff
    assert low == pytest.approx(beta.ppf(0.025, k_eff, n_eff - k_eff + 1))
    assert high == pytest.approx(beta.ppf(0.975, k_eff + 1, n_eff - k_eff))


@pytest.mark.parametrize("scale", [1e-3, 1000.0, 1e200])
def test_weights_scale_invariant(scale):
    """Check that multiplying every weight by a constant leaves the interval."""
    y_true, y_pred = _labels(17, 20)
    w = np.random.default_rng(0).uniform(0.5, 2.0, y_true.size)
    ref = sensitivity_interval(y_true, y_pred, sample_weight=w)
    got = sensitivity_interval(y_true, y_pred, sample_weight=w * scale)
    np.testing.assert_allclose(got, ref, rtol=1e-12)
    # Equal weights: the unweighted interval, not a narrower one.
    equal = sensitivity_interval(y_true, y_pred, sample_weight=np.full(27, scale))
    np.testing.assert_allclose(equal, sensitivity_interval(y_true, y_pred))


def test_unequal_weights_widen_the_interval():
    """Check that unequal weights at the same rate give a wider interval."""
    y_true, y_pred = _labels(16, 20)
    w = np.ones(27)
    w[[0, 17]] = 5.0  # one caught and one missed positive weigh more: same rate
    low_w, high_w = sensitivity_interval(y_true, y_pred, sample_weight=w)
    low, high = sensitivity_interval(y_true, y_pred)
    assert high_w - low_w > high - low


def test_empty_class_gives_nan_and_warns():
    """Check that no positives gives (nan, nan) with UndefinedMetricWarning."""
    with pytest.warns(UndefinedMetricWarning, match="no samples of pos_label=1"):
        low, high = sensitivity_interval([0, 0, 0], [0, 1, 0])
    assert np.isnan(low) and np.isnan(high)
    with pytest.warns(UndefinedMetricWarning, match="no samples other than"):
        low, high = specificity_interval([1, 1], [1, 0])
    assert np.isnan(low) and np.isnan(high)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"confidence": 1.0}, ValueError, "'confidence' parameter"),
        ({"confidence": 0}, ValueError, "'confidence' parameter"),
        ({"method": "wald"}, ValueError, "'method' parameter"),
        ({"alternative": "both"}, ValueError, "'alternative' parameter"),
        ({"pos_label": 7}, ValueError, "pos_label=7 is not among"),
        ({"sample_weight": [1, 2]}, ValueError, "sample_weight has 2 values"),
        ({"sample_weight": [1, -1, 1, 1]}, ValueError, "negative"),
    ],
)
def test_bad_input_is_named(kwargs, error, match):
    """Check that bad input raises an error naming the argument."""
    with pytest.raises(error, match=match):
        sensitivity_interval([0, 1, 1, 0], [0, 1, 0, 0], **kwargs)


def test_length_mismatch_is_named():
    """Check that different lengths of y_true and y_pred are named."""
    with pytest.raises(ValueError, match="different lengths"):
        specificity_interval([0, 1, 1], [0, 1])


def _simulated_coverage(n, method, alternative, confidence, rng, draws=40_000):
    """Coverage over true rates drawn uniformly in [0.5, 0.99]."""
    p = rng.uniform(0.5, 0.99, draws)
    k = rng.binomial(n, p)
    low, high = _proportion_interval(k, n, confidence, method, alternative)
    return np.mean((low <= p) & (p <= high))


@pytest.mark.parametrize(
    "alternative, confidence", [("two-sided", 0.95), ("greater", 0.9)]
)
@pytest.mark.parametrize("n", [10, 30, 100])
def test_coverage_by_simulation(n, alternative, confidence):
    """Check coverage in a seeded simulation of binomial counts.

    Clopper-Pearson at or above nominal; Wilson and Jeffreys within 2 points of
    nominal at 30 and 100 samples (averaged over true rates in [0.5, 0.99];
    they trade coverage at some rates against others).
    """
    rng = np.random.default_rng(12345 + n)
    cp = _simulated_coverage(n, "clopper-pearson", alternative, confidence, rng)
    assert cp >= confidence
    if n >= 30:
        for method in ("wilson", "jeffreys"):
            cov = _simulated_coverage(n, method, alternative, confidence, rng)
            assert abs(cov - confidence) <= 0.02, (method, cov)


@pytest.mark.parametrize("n", [10, 30, 100])
def test_clopper_pearson_never_below_nominal_at_any_rate(n):
    """Check with binomial probabilities that exact coverage is >= nominal at
    every true rate of a fine grid (Clopper-Pearson's guarantee)."""
    k = np.arange(n + 1)
    low, _high = _proportion_interval(k, n, 0.9, "clopper-pearson", "greater")
    for p in np.linspace(0.01, 0.99, 99):
        covered = binom.pmf(k, n, p)[low <= p].sum()
        assert covered >= 0.9 - 1e-9, p
