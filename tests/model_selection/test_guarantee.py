"""Tests of the confidence rule: TradeoffClassifierCV(confidence=...) and its math."""

import math
import pickle
import warnings

import numpy as np
import pytest
from scipy.stats import beta, binom, binomtest, norm
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import (
    FixedThresholdClassifier,
    GridSearchCV,
    GroupKFold,
    RepeatedStratifiedKFold,
    ShuffleSplit,
    StratifiedKFold,
    StratifiedShuffleSplit,
    cross_val_predict,
    cross_validate,
)
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sk_imbalance import TradeoffClassifier, TradeoffClassifierCV
from sk_imbalance.datasets import load_screening
from sk_imbalance.exceptions import SkImbalanceWarning
from sk_imbalance.metrics import tradeoff_scoring
from sk_imbalance.model_selection import constrained_refit
from sk_imbalance.model_selection._confidence import (
    _lower_bound,
    _needed,
    _pooled_counts,
)
from sk_imbalance.model_selection._counts import CountTable
from sk_imbalance.model_selection._exact import _umbrella_k, _umbrella_threshold
from sk_imbalance.model_selection._paths import _repeat_ids
from sk_imbalance.model_selection._selection import (
    _confident_best_index,
    detected_repeats,
)

METHODS = sorted(
    TradeoffClassifierCV._parameter_constraints["method"][0].options,
)


def _data(n_samples=300, seed=0, weights=(0.8,)):
    return make_classification(
        n_samples=n_samples,
        n_features=5,
        n_informative=3,
        weights=list(weights),
        flip_y=0.02,
        random_state=seed,
    )


def _cp_lower(k, n, confidence):
    return binomtest(k, n, alternative="greater").proportion_ci(confidence).low


# --- the math -------------------------------------------------------------


@pytest.mark.parametrize("minimum", [0.8, 0.9, 0.95, 0.99])
@pytest.mark.parametrize("confidence", [0.8, 0.9, 0.95])
def test_positives_needed_is_the_smallest_n_whose_exact_bound_reaches(
    minimum, confidence
):
    """Check _needed against a search over n with scipy's exact bound."""
    n = next(n for n in range(1, 2000) if _cp_lower(n, n, confidence) >= minimum)
    assert _needed(minimum, confidence) == n
    # The numbers: 45 positives for 0.95 at 90%, 22 for 0.9.
    assert _needed(0.95, 0.9) == 45 and _needed(0.9, 0.9) == 22
    assert _needed(1.0, 0.9) == math.inf


def test_repeat_groups():
    """Check that repeats of a partition are grouped and overlapping tests not."""
    X, y = _data()
    splits = list(RepeatedStratifiedKFold(n_splits=5, n_repeats=3).split(X, y))
    np.testing.assert_array_equal(
        _repeat_ids([test for _, test in splits]), np.repeat([0, 1, 2], 5)
    )
    splits = list(ShuffleSplit(n_splits=4, test_size=0.5).split(X))
    np.testing.assert_array_equal(
        _repeat_ids([test for _, test in splits]), [0, 1, 2, 3]
    )


def test_pooled_counts_average_repeats_without_adding_them():
    """Check that two repeats over 10 positives give n = 10, k = mean count."""
    # Repeat 1: folds of 6 and 4 positives, 5 and 4 caught (9/10); repeat 2:
    # folds of 5 and 5, 4 and 3 caught (7/10).
    rates = np.array([[5 / 6, 4 / 4, 4 / 5, 3 / 5]])
    table = CountTable.from_rates(
        [0.5], rates, rates, [[6, 4, 5, 5]], [[6, 4, 5, 5]], repeats=[0, 0, 1, 1]
    )
    k, n = _pooled_counts(table, "sensitivity")
    assert n[0] == 10
    assert k[0] == pytest.approx(8.0)
    # A fold without the class (NaN rate, size 0) adds nothing.
    rates = np.array([[np.nan, 0.5]])
    table = CountTable.from_rates([0.5], rates, rates, [[0, 4]], [[0, 4]])
    k, n = _pooled_counts(table, "sensitivity")
    assert (k[0], n[0]) == (2.0, 4.0)


def test_fixed_sequence_chooses_best_objective_among_accepted():
    """Check the rule by hand: test t from high to low, stop at first failure."""
    t = np.array([0.2, 0.4, 0.6, 0.8])
    n = np.full(4, 100.0)
    caught = np.array([85.0, 100.0, 97.0, 100.0])
    specificity = np.array([0.9, 0.8, 0.7, 0.6])
    lower = np.array([_cp_lower(int(k), 100, 0.9) for k in caught])
    assert lower[0] < 0.9 <= lower[1:].min()
    index, met, bounds, _info = _confident_best_index(
        specificity,
        t,
        [np.arange(4)],
        {"sensitivity": (caught, n)},
        {"sensitivity": 0.9},
        0.9,
    )
    np.testing.assert_allclose(bounds["sensitivity"], lower)
    assert (index, met) == (1, True)
    # A dip breaks the sequence: t=0.4 is not claimed after t=0.6 fails.
    caught[2] = 85.0
    index, met, _, _ = _confident_best_index(
        specificity,
        t,
        [np.arange(4)],
        {"sensitivity": (caught, n)},
        {"sensitivity": 0.9},
        0.9,
    )
    assert (index, met) == (3, True)


def test_fixed_sequence_keeps_the_confidence_in_simulation():
    """Check, in a seeded simulation of out-of-fold counts, that the chosen t
    misses the requirement with probability at most 1 - confidence, while
    the mean rule misses it far more often."""
    rng = np.random.default_rng(0)
    ts = np.round(np.linspace(0.05, 0.95, 19), 2)
    true_sens = 0.7 + 0.28 * ts  # increasing in t, crossing 0.9 at t ~ 0.71
    n, reps, target, confidence = 50, 1500, 0.9, 0.9
    # Comonotone: a positive caught at some t is caught at every larger t.
    u = rng.random((reps, n))
    caught = (u[:, None, :] < true_sens[None, :, None]).sum(axis=2).astype(float)
    specificity = 1.0 - ts
    chosen = np.empty(reps, dtype=int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        for r in range(reps):
            chosen[r] = _confident_best_index(
                specificity,
                ts,
                [np.arange(ts.size)],
                {"sensitivity": (caught[r], np.full(ts.size, float(n)))},
                {"sensitivity": target},
                confidence,
            )[0]
    violation = np.mean(true_sens[chosen] < target)
    assert violation <= 1 - confidence
    mean_rule = np.array(
        [np.flatnonzero(caught[r] / n >= target).min(initial=18) for r in range(reps)]
    )
    assert np.mean(true_sens[mean_rule] < target) > 0.3


def test_umbrella_k_is_the_largest_valid_order_statistic():
    """Check _umbrella_k against the binomial condition by brute force."""
    for n in (5, 21, 22, 50, 200):
        k = _umbrella_k(n, 0.1, 0.1)
        ok = [j for j in range(1, n + 1) if binom.cdf(j - 1, n, 0.1) <= 0.1]
        assert k == (max(ok) if ok else 0)
    assert _umbrella_k(21, 0.1, 0.1) == 0 and _umbrella_k(22, 0.1, 0.1) == 1


@pytest.mark.parametrize("n", [25, 50, 150])
def test_fixed_sequence_along_t_is_the_umbrella_order_statistic(n):
    """Check that testing every t of a grid that separates all positive
    scores, in fixed sequence, stops where the exact one-sided binomial test
    stops: at the umbrella order statistic, with no correction for the
    number of t tried."""
    rng = np.random.default_rng(n)
    scores = np.sort(rng.normal(size=n))
    # A cutoff between every two neighbouring scores and beyond both ends;
    # the model predicts positive at t when score + logit(t) > 0.
    cutoffs = np.r_[scores[0] - 1, (scores[:-1] + scores[1:]) / 2, scores[-1] + 1]
    t = 1 / (1 + np.exp(cutoffs))  # increasing in t: decreasing cutoff
    order = np.argsort(t)
    t, cutoffs = t[order], cutoffs[order]
    caught = (scores[None, :] > cutoffs[:, None]).sum(axis=1).astype(float)
    index, met, _, _ = _confident_best_index(
        1.0 - t,  # specificity falls as t grows: the smallest accepted t wins
        t,
        [np.arange(t.size)],
        {"sensitivity": (caught, np.full(t.size, float(n)))},
        {"sensitivity": 0.9},
        0.9,
    )
    # The fewest caught positives the exact test accepts: P(Bin(n, 0.9) >= m)
    # <= 0.1.
    fewest = min(m for m in range(n + 1) if binom.sf(m - 1, n, 0.9) <= 0.1)
    assert met
    assert caught[index] == fewest
    threshold, k = _umbrella_threshold(scores, 0.9, 0.1, "positive")
    assert caught[index] == np.count_nonzero(scores >= threshold) == n - k + 1


@pytest.mark.parametrize("n", [25, 60, 150])
def test_umbrella_threshold_violation_rate_in_simulation(n):
    """Check the theorem in a seeded simulation: the threshold from n normal
    positive scores leaves sensitivity < 0.9 in at most 10% of the draws."""
    rng = np.random.default_rng(n)
    scores = rng.normal(size=(4000, n))
    thresholds = np.array(
        [_umbrella_threshold(s, 0.9, 0.1, "positive")[0] for s in scores]
    )
    sensitivity = norm.sf(thresholds)
    assert np.mean(sensitivity < 0.9) <= 0.1
    # Negatives: the mirrored rule bounds the false alarms.
    thresholds = np.array(
        [_umbrella_threshold(s, 0.9, 0.1, "negative")[0] for s in scores]
    )
    assert np.mean(norm.cdf(thresholds) < 0.9) <= 0.1


# --- TradeoffClassifierCV ---------------------------------------------------


def test_bounds_equal_exact_bounds_of_out_of_fold_counts():
    """Check lower_test_* against scipy's exact bound of hand-made out-of-fold
    predictions (cross_val_predict of TradeoffClassifier at each t)."""
    X, y = _data()
    ts = [0.3, 0.5, 0.7]
    cv = StratifiedKFold(4, shuffle=True, random_state=1)
    clf = TradeoffClassifierCV(GaussianNB(), ts=ts, cv=cv, confidence=0.8).fit(X, y)
    for i, t in enumerate(ts):
        pred = cross_val_predict(TradeoffClassifier(GaussianNB(), t=t), X, y, cv=cv)
        k_pos = int(((pred == 1) & (y == 1)).sum())
        k_neg = int(((pred == 0) & (y == 0)).sum())
        expected = _cp_lower(k_pos, int(y.sum()), 0.8)
        assert clf.cv_results_["lower_test_sensitivity"][i] == pytest.approx(expected)
        expected = _cp_lower(k_neg, int((y == 0).sum()), 0.8)
        assert clf.cv_results_["lower_test_specificity"][i] == pytest.approx(expected)
    assert clf.guarantee_["sensitivity"]["n"] == y.sum()


def test_repeats_count_each_positive_once():
    """Check that with 3 repeats n is the number of positives and the bound is
    at the mean count over the repeats."""
    X, y = _data()
    cv = RepeatedStratifiedKFold(n_splits=3, n_repeats=3, random_state=0)
    clf = TradeoffClassifierCV(GaussianNB(), ts=[0.5], cv=cv, confidence=0.9)
    clf.fit(X, y)
    splits = list(cv.split(X, y))
    counts = []
    for r in range(3):
        pred = np.empty_like(y)
        for train, test in splits[3 * r : 3 * r + 3]:
            model = TradeoffClassifier(GaussianNB(), t=0.5).fit(X[train], y[train])
            pred[test] = model.predict(X[test])
        counts.append(((pred == 1) & (y == 1)).sum())
    n = int(y.sum())
    assert clf.guarantee_["sensitivity"]["n"] == n
    expected = _lower_bound(np.mean(counts), n, 0.9)
    assert clf.cv_results_["lower_test_sensitivity"][0] == pytest.approx(expected)


@pytest.mark.parametrize("method", METHODS)
def test_confident_choice_is_the_fixed_sequence_choice(method):
    """Check best_t_ against the rule run by hand on the bound columns."""
    X, y = _data(400, seed=3)
    clf = TradeoffClassifierCV(
        LogisticRegression(),
        objective="specificity",
        min_sensitivity=0.8,
        confidence=0.9,
        method=method,
        random_state=0,
    ).fit(X, y)
    res = clf.cv_results_
    ts = np.asarray(res["param_t"], dtype=float)
    accepted = []
    for i in np.argsort(ts)[::-1]:
        if res["lower_test_sensitivity"][i] < 0.8:
            break
        accepted.append(i)
    assert accepted, "the data should support the requirement"
    best = max(
        accepted, key=lambda i: (res["mean_test_specificity"][i], -abs(ts[i] - 0.5))
    )
    assert clf.best_index_ == best
    assert clf.requirement_met_ is True
    assert clf.guarantee_["sensitivity"]["lower"] >= 0.8


def test_both_minimums_split_the_confidence():
    """Check that two minimums are tested at 1 - (1 - c) / 2 each."""
    X, y = _data(400, seed=3)
    clf = TradeoffClassifierCV(
        GaussianNB(),
        ts=[0.5],
        cv=3,
        min_sensitivity=0.5,
        min_specificity=0.5,
        confidence=0.9,
    ).fit(X, y)
    assert clf.guarantee_["level"] == pytest.approx(0.95)
    k = clf.cv_results_["mean_test_sensitivity"][0]  # one repeat: the pooled rate
    del k
    pred = cross_val_predict(TradeoffClassifier(GaussianNB()), X, y, cv=3)
    k_pos = int(((pred == 1) & (y == 1)).sum())
    expected = _cp_lower(k_pos, int(y.sum()), 0.95)
    assert clf.cv_results_["lower_test_sensitivity"][0] == pytest.approx(expected)


def test_screening_warns_with_the_numbers_and_falls_back():
    """Check the warning naming positives needed and the supported requirement,
    the fallback to the highest lower bound, and requirement_met_ False."""
    X, y = load_screening(return_X_y=True)
    clf = TradeoffClassifierCV(
        make_pipeline(StandardScaler(), LogisticRegression()),
        min_sensitivity=0.95,
        confidence=0.9,
        method="threshold",
        random_state=0,
    )
    with pytest.warns(UserWarning, match="requirement is not met") as record:
        clf.fit(X, y)
    (warning,) = [w for w in record if "not met" in str(w.message)]
    assert warning.filename == __file__  # points at the user's fit call
    message = str(warning.message)
    assert "19 positives support sensitivity >= " in message
    assert "sensitivity >= 0.95 needs at least 45 positives" in message
    assert clf.requirement_met_ is False
    lower = clf.cv_results_["lower_test_sensitivity"]
    assert lower[clf.best_index_] == lower.max()
    supported = clf.guarantee_["sensitivity"]["supported"]
    assert f"sensitivity >= {supported:.3f}" in message
    assert clf.guarantee_["sensitivity"]["needed"] == 45


def test_too_few_positives_is_never_an_exception():
    """Check that 4 positives give a warning and a fitted model."""
    X, y = _data(120, weights=(0.97,))
    assert y.sum() <= 5
    with pytest.warns(UserWarning, match="needs at least 22 positives"):
        clf = TradeoffClassifierCV(
            ts=[0.3, 0.7], cv=2, min_sensitivity=0.9, confidence=0.9
        ).fit(X, y)
    assert clf.requirement_met_ is False
    assert clf.predict(X).shape == y.shape


def test_requirement_met_without_confidence():
    """Check requirement_met_ of the mean rule, and no bound columns."""
    X, y = _data()
    clf = TradeoffClassifierCV(GaussianNB(), ts=[0.3, 0.5], cv=3, min_sensitivity=0.5)
    clf.fit(X, y)
    assert clf.requirement_met_ is True and clf.guarantee_ is None
    assert "lower_test_sensitivity" not in clf.cv_results_
    with pytest.warns(UserWarning, match="No candidate reaches"):
        clf.set_params(min_sensitivity=1.0, min_specificity=1.0).fit(X, y)
    assert clf.requirement_met_ is False
    assert TradeoffClassifierCV(GaussianNB(), cv=2).fit(X, y).requirement_met_ is True


def test_confidence_without_minimum_only_adds_bounds():
    """Check that confidence alone keeps the choice and adds the bounds."""
    X, y = _data()
    plain = TradeoffClassifierCV(GaussianNB(), cv=3, random_state=0).fit(X, y)
    bounded = clone(plain).set_params(confidence=0.9).fit(X, y)
    assert bounded.best_t_ == plain.best_t_
    assert bounded.requirement_met_ is True
    assert bounded.cv_results_["lower_test_sensitivity"].shape == (23,)  # the ts


def test_cv_with_overlapping_test_sets_is_conservative():
    """Check that ShuffleSplit folds are never pooled: n is one test fold's."""
    X, y = _data()
    cv = ShuffleSplit(n_splits=3, test_size=0.3, random_state=0)
    clf = TradeoffClassifierCV(GaussianNB(), ts=[0.5], cv=cv, confidence=0.9)
    clf.fit(X, y)
    sizes = [int(y[test].sum()) for _, test in cv.split(X)]
    assert clf.guarantee_["sensitivity"]["n"] == min(sizes)


def test_sample_weight_scale_does_not_change_bounds():
    """Check that multiplying the weights by 1000 leaves the bounds."""
    X, y = _data()
    w = np.random.default_rng(0).uniform(0.5, 2, y.size)
    clf = TradeoffClassifierCV(GaussianNB(), ts=[0.4, 0.6], cv=3, confidence=0.9)
    a = clone(clf).fit(X, y, sample_weight=w).cv_results_["lower_test_sensitivity"]
    b = (
        clone(clf)
        .fit(X, y, sample_weight=w * 1000)
        .cv_results_["lower_test_sensitivity"]
    )
    np.testing.assert_allclose(a, b)
    c = clone(clf).fit(X, y).cv_results_["lower_test_sensitivity"]
    assert not np.allclose(a, c)


def test_fit_is_picklable_and_cloneable():
    """Check the new parameters survive clone and pickling of the fit."""
    X, y = _data()
    clf = TradeoffClassifierCV(ts=[0.5], cv=2, confidence=0.8, guarantee="cv")
    assert clone(clf).get_params()["confidence"] == 0.8
    fitted = pickle.loads(pickle.dumps(clf.fit(X, y)))
    assert fitted.guarantee_ == clf.guarantee_


# --- the exact mode ----------------------------------------------------------


def test_exact_threshold_is_the_umbrella_order_statistic():
    """Check the threshold by hand: the k-th smallest held-out positive score,
    k the largest with P(Binomial(n, 0.2) <= k - 1) <= 0.1."""
    X, y = _data(600, seed=1)
    clf = TradeoffClassifierCV(
        LogisticRegression(),
        ts=[0.5],
        cv=2,
        min_sensitivity=0.8,
        confidence=0.9,
        guarantee="exact",
        objective="specificity",
        random_state=0,
    ).fit(X, y)
    assert isinstance(clf.estimator_, FixedThresholdClassifier)
    assert clf.requirement_met_ is True
    # The held-out half: a stratified split seeded by random_state.
    splitter = StratifiedShuffleSplit(n_splits=1, test_size=0.5, random_state=0)
    fit_rows, held_out = next(splitter.split(X, y))
    reference = TradeoffClassifier(LogisticRegression(), t=0.5, random_state=0)
    reference.fit(X[np.sort(fit_rows)], y[np.sort(fit_rows)])
    proba = reference.predict_proba(X)[:, 1]
    scores = np.sort(proba[held_out][y[held_out] == 1])
    n = scores.size
    k = max(j for j in range(1, n + 1) if binom.cdf(j - 1, n, 0.2) <= 0.1)
    assert clf.guarantee_["threshold"] == pytest.approx(scores[k - 1])
    assert clf.guarantee_["sensitivity"]["n"] == n
    np.testing.assert_array_equal(
        clf.predict(X), (proba >= clf.guarantee_["threshold"]).astype(int)
    )


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"guarantee": "exact", "min_sensitivity": 0.9}, "set confidence"),
        ({"guarantee": "exact", "confidence": 0.9}, "min_sensitivity or"),
    ],
)
def test_exact_mode_needs_confidence_and_minimum(kwargs, match):
    """Check the errors of an incomplete exact mode."""
    X, y = _data()
    with pytest.raises(ValueError, match=match):
        TradeoffClassifierCV(**kwargs).fit(X, y)


def test_exact_mode_warns_with_the_held_out_numbers():
    """Check the exact mode's warning when too few positives are held out."""
    X, y = _data(200, weights=(0.9,))
    clf = TradeoffClassifierCV(
        ts=[0.5], cv=2, min_sensitivity=0.95, confidence=0.9, guarantee="exact"
    )
    with pytest.warns(UserWarning, match="held-out positives support") as record:
        clf.fit(X, y)
    assert record[0].filename == __file__
    assert clf.requirement_met_ is False
    assert clf.guarantee_["sensitivity"]["needed"] == 45


def test_exact_mode_refuses_multiclass_and_groups():
    """Check the exact mode's binary-only and no-groups errors."""
    X, y = make_classification(n_classes=3, n_informative=3, random_state=0)
    clf = TradeoffClassifierCV(
        pos_label=2, guarantee="exact", confidence=0.9, min_sensitivity=0.5
    )
    with pytest.raises(ValueError, match="binary data only"):
        clf.fit(X, y)
    X, y = _data()
    clf.set_params(pos_label=None, cv=GroupKFold(2))
    with pytest.raises(ValueError, match="groups"):
        clf.fit(X, y, groups=np.arange(y.size) % 7)


def test_exact_mode_violation_rate_in_simulation():
    """Check the exact mode's promise in a seeded simulation on Gaussian data,
    where the true sensitivity of any linear model is known in closed form."""
    rng = np.random.default_rng(7)
    d, shift, reps, target, confidence = 2, 1.5, 120, 0.85, 0.9
    violations = 0
    for r in range(reps):
        n_pos, n_neg = 60, 240
        X = np.r_[rng.normal(shift, 1, (n_pos, d)), rng.normal(0, 1, (n_neg, d))]
        y = np.r_[np.ones(n_pos, int), np.zeros(n_neg, int)]
        clf = TradeoffClassifierCV(
            LogisticRegression(),
            ts=[0.5],
            cv=2,
            min_sensitivity=target,
            confidence=confidence,
            guarantee="exact",
            method="threshold",
            random_state=r,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            clf.fit(X, y)
        lr = clf.estimator_.estimator.estimator.estimator_
        w, b = lr.coef_[0], lr.intercept_[0]
        # predict_proba >= threshold  <=>  w.x + b >= logit(threshold)
        p = clf.guarantee_["threshold"]
        cut = math.log(p / (1 - p)) - b
        # w.x for x ~ N(shift, I) is N(w.shift, |w|^2).
        sensitivity = norm.sf(cut, loc=w.sum() * shift, scale=np.linalg.norm(w))
        violations += sensitivity < target
    assert violations / reps <= 1 - confidence


# --- constrained_refit(confidence=...) ----------------------------------------


def _search(minimums, confidence, cv, n_repeats, grid=None, X=None, y=None):
    if X is None:
        X, y = _data(400, seed=3)
    grid = grid or {"t": [0.2, 0.4, 0.6, 0.8]}
    return GridSearchCV(
        TradeoffClassifier(GaussianNB()),
        grid,
        cv=cv,
        scoring=tradeoff_scoring(counts=True),
        refit=constrained_refit(
            "specificity", confidence=confidence, n_repeats=n_repeats, **minimums
        ),
    ).fit(X, y)


def test_refit_confidence_matches_tradeoff_classifier_cv():
    """Check that constrained_refit(confidence=) on a GridSearchCV over t picks
    the t that TradeoffClassifierCV picks on the same folds."""
    X, y = _data(400, seed=3)
    cv = RepeatedStratifiedKFold(n_splits=4, n_repeats=2, random_state=0)
    ts = [0.2, 0.4, 0.6, 0.8]
    search = _search({"sensitivity": 0.75}, 0.9, cv, 2, X=X, y=y)
    clf = TradeoffClassifierCV(
        GaussianNB(),
        ts=ts,
        cv=cv,
        objective="specificity",
        min_sensitivity=0.75,
        confidence=0.9,
    ).fit(X, y)
    assert clf.requirement_met_
    assert search.best_params_["t"] == clf.best_t_


def test_refit_confidence_bound_by_hand():
    """Check the refit's choice against bounds computed from the split columns
    with scipy's beta quantiles (mean count of the repeats, n per repeat)."""
    X, y = _data(400, seed=3)
    cv = RepeatedStratifiedKFold(n_splits=4, n_repeats=2, random_state=0)
    search = _search({"sensitivity": 0.75}, 0.9, cv, 2, X=X, y=y)
    res = search.cv_results_
    n = int(y.sum())
    lower = []
    for i in range(4):
        caught = [
            sum(
                res[f"split{s}_test_sensitivity"][i]
                * res[f"split{s}_test_n_positives"][i]
                for s in range(4 * r, 4 * r + 4)
            )
            for r in range(2)
        ]
        k = np.mean(caught)
        lower.append(beta.ppf(0.1, k, n - k + 1))
    accepted = []
    for i in (3, 2, 1, 0):
        if lower[i] < 0.75:
            break
        accepted.append(i)
    best = max(accepted, key=lambda i: res["mean_test_specificity"][i])
    assert search.best_index_ == best


def test_refit_confidence_splits_over_paths():
    """Check that two paths (C varies) are each tested at 1 - (1 - c) / 2: the
    warning's numbers use the stricter level."""
    X, y = _data(200, seed=3, weights=(0.9,))
    n = int(y.sum())
    with pytest.warns(UserWarning, match="requirement is not met") as record:
        _search(
            {"sensitivity": 0.99},
            0.9,
            3,
            1,
            grid={"t": [0.5, 0.9], "estimator__var_smoothing": [1e-9, 1e-3]},
            X=X,
            y=y,
        )
    message = next(str(w.message) for w in record if "not met" in str(w.message))
    assert f"{n} positives support" in message
    assert f"needs at least {_needed(0.99, 0.95)} positives" in message


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"confidence": 1.0, "sensitivity": 0.9}, "confidence must be"),
        ({"confidence": True, "sensitivity": 0.9}, "confidence must be"),
        ({"confidence": 0.9, "balanced_accuracy": 0.9}, "'sensitivity' and"),
        ({"confidence": 0.9, "n_repeats": 0, "sensitivity": 0.9}, "n_repeats"),
    ],
)
def test_refit_confidence_bad_arguments(kwargs, match):
    """Check the errors of constrained_refit's new arguments."""
    with pytest.raises(ValueError, match=match):
        constrained_refit("specificity", **kwargs)


def test_refit_confidence_names_missing_counts():
    """Check the error when the search did not record the fold sizes."""
    X, y = _data()
    search = GridSearchCV(
        TradeoffClassifier(GaussianNB()),
        {"t": [0.3, 0.7]},
        scoring=tradeoff_scoring(),
        refit=constrained_refit("specificity", sensitivity=0.5, confidence=0.9),
    )
    with pytest.raises(ValueError, match=r"tradeoff_scoring\(counts=True\)"):
        search.fit(X, y)
    cv = RepeatedStratifiedKFold(n_splits=2, n_repeats=3, random_state=0)
    with pytest.raises(ValueError, match="n_repeats=4 does not divide the 6"):
        _search({"sensitivity": 0.5}, 0.9, cv, 4)


def _fingerprints(cv, X, y):
    """cv_results_ of a one-candidate search scored with the counts."""
    return GridSearchCV(
        GaussianNB(),
        {"var_smoothing": [1e-9]},
        cv=cv,
        scoring=tradeoff_scoring(counts=True),
        refit=False,
    ).fit(X, y)


@pytest.mark.parametrize(
    "cv, expected",
    [
        (StratifiedKFold(3), 1),
        (StratifiedKFold(6, shuffle=True, random_state=0), 1),
        (RepeatedStratifiedKFold(n_splits=3, n_repeats=2, random_state=0), 2),
        (RepeatedStratifiedKFold(n_splits=2, n_repeats=3, random_state=1), 3),
        (RepeatedStratifiedKFold(n_splits=4, n_repeats=4, random_state=2), 4),
    ],
)
def test_detected_repeats_equal_the_cv_repeats(cv, expected):
    """Check that the repeats read off the row fingerprints are the cv's."""
    X, y = _data(120)
    assert detected_repeats(_fingerprints(cv, X, y).cv_results_) == expected


@pytest.mark.parametrize("seed", range(5))
def test_detected_repeats_with_duplicated_rows_never_below_truth(seed):
    """Check that with every row present twice the detection may err high
    (conservative), never low, and still divides the number of splits."""
    X, y = _data(60, seed=seed)
    X, y = np.vstack([X, X]), np.concatenate([y, y])
    cv = RepeatedStratifiedKFold(n_splits=3, n_repeats=2, random_state=seed)
    detected = detected_repeats(_fingerprints(cv, X, y).cv_results_)
    assert detected >= 2
    assert 6 % detected == 0


@pytest.mark.parametrize(
    "n_repeats, match",
    [(None, "inferred n_repeats=2"), (1, "given n_repeats=1, but .* show 2 repeats")],
)
def test_refit_confidence_repeats_not_given_warns(n_repeats, match):
    """Check that n_repeats left out (or set to 1) on repeated cv warns,
    naming the detected repeats, at the user's call."""
    X, y = _data(300, seed=3)
    cv = RepeatedStratifiedKFold(n_splits=3, n_repeats=2, random_state=0)
    with pytest.warns(SkImbalanceWarning, match=match) as record:
        _search({"sensitivity": 0.8}, 0.9, cv, n_repeats, X=X, y=y)
    [warning] = [w for w in record if "repeats" in str(w.message)]
    assert warning.filename == __file__


def test_refit_confidence_inferred_repeats_bounds_match_classifier_cv():
    """Check that with n_repeats left out the bounds are those of n_repeats=2
    and of TradeoffClassifierCV on the same repeated folds."""
    X, y = _data(300, seed=3)
    cv = RepeatedStratifiedKFold(n_splits=3, n_repeats=2, random_state=0)
    ts = [0.2, 0.4, 0.6, 0.8]
    with pytest.warns(SkImbalanceWarning, match="inferred n_repeats=2"):
        inferred = _search({"sensitivity": 0.8}, 0.9, cv, None, X=X, y=y)
    stated = _search({"sensitivity": 0.8}, 0.9, cv, 2, X=X, y=y)
    reference = TradeoffClassifierCV(
        GaussianNB(),
        ts=ts,
        cv=cv,
        objective="specificity",
        min_sensitivity=0.8,
        confidence=0.9,
    ).fit(X, y)
    lower = inferred.cv_results_["lower_test_sensitivity"]
    np.testing.assert_allclose(lower, stated.cv_results_["lower_test_sensitivity"])
    np.testing.assert_allclose(lower, reference.cv_results_["lower_test_sensitivity"])
    assert inferred.best_index_ == stated.best_index_


@pytest.mark.parametrize(
    "cv, n_repeats",
    [
        (StratifiedKFold(3), None),
        (StratifiedKFold(3), 1),
        (RepeatedStratifiedKFold(n_splits=3, n_repeats=2, random_state=0), 2),
        (RepeatedStratifiedKFold(n_splits=3, n_repeats=2, random_state=0), 6),
    ],
)
def test_refit_confidence_right_or_higher_repeats_do_not_warn(cv, n_repeats):
    """Check that no repeats warning is raised when the cv does not repeat or
    n_repeats is the cv's (or higher, which is conservative)."""
    X, y = _data(300, seed=3)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        _search({"sensitivity": 0.5}, 0.9, cv, n_repeats, X=X, y=y)
    assert not [w for w in record if "repeats" in str(w.message)]


def test_refit_confidence_repr_and_pickle():
    """Check the repr shows the confidence and the callable pickles."""
    refit = constrained_refit(
        "specificity", sensitivity=0.9, confidence=0.8, n_repeats=3
    )
    assert repr(refit) == (
        "constrained_refit('specificity', sensitivity=0.9, confidence=0.8, n_repeats=3)"
    )
    assert pickle.loads(pickle.dumps(refit)) == refit
    assert refit != constrained_refit("specificity", sensitivity=0.9)


def test_scoring_counts_equal_fold_class_sizes():
    """Check n_positives / n_negatives against the folds' class counts."""
    X, y = _data()
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    result = cross_validate(
        GaussianNB(), X, y, cv=cv, scoring=tradeoff_scoring(counts=True)
    )
    expected = [int(y[test].sum()) for _, test in cv.split(X, y)]
    assert result["test_n_positives"].tolist() == expected
    expected = [int((y[test] == 0).sum()) for _, test in cv.split(X, y)]
    assert result["test_n_negatives"].tolist() == expected


# --- TradeoffCurveDisplay ------------------------------------------------------


def test_display_draws_bounds_requirement_and_chosen_bound():
    """Check that from_cv_results of a confident TradeoffClassifierCV draws the
    lower bounds, the minimum and the chosen t's bound at their values."""
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from sk_imbalance.model_selection import TradeoffCurveDisplay

    X, y = _data(400, seed=3)
    clf = TradeoffClassifierCV(
        GaussianNB(), ts=[0.2, 0.5, 0.8], cv=3, min_sensitivity=0.7, confidence=0.9
    ).fit(X, y)
    display = TradeoffCurveDisplay.from_cv_results(clf)
    res = clf.cv_results_
    np.testing.assert_allclose(
        display.lower_lines_["sensitivity"].get_ydata(), res["lower_test_sensitivity"]
    )
    np.testing.assert_allclose(
        display.lower_lines_["specificity"].get_ydata(), res["lower_test_specificity"]
    )
    assert display.minimum_lines_["sensitivity"].get_ydata()[0] == 0.7
    assert display.chosen_bound_.get_ydata()[0] == pytest.approx(
        res["lower_test_sensitivity"][clf.best_index_]
    )
    labels = display.ax_.get_legend_handles_labels()[1]
    assert "sensitivity: lower bound at 90%" in labels
    import matplotlib.pyplot as plt

    plt.close("all")


def test_display_reads_a_confident_grid_search():
    """Check the bounds of a GridSearchCV refitted with confidence, and none
    without confidence."""
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sk_imbalance.model_selection import TradeoffCurveDisplay

    X, y = _data(400, seed=3)
    search = _search({"sensitivity": 0.75}, 0.9, 3, 1, X=X, y=y)
    display = TradeoffCurveDisplay.from_cv_results(search)
    pred_counts = []
    for t in search.cv_results_["param_t"]:
        pred = cross_val_predict(TradeoffClassifier(GaussianNB(), t=t), X, y, cv=3)
        pred_counts.append(int(((pred == 1) & (y == 1)).sum()))
    expected = [_cp_lower(k, int(y.sum()), 0.9) for k in pred_counts]
    np.testing.assert_allclose(
        display.lower_lines_["sensitivity"].get_ydata(), expected, rtol=1e-9
    )
    assert "specificity" not in display.lower_lines_
    plain = TradeoffCurveDisplay.from_cv_results(
        TradeoffClassifierCV(GaussianNB(), ts=[0.3, 0.7], cv=2).fit(X, y)
    )
    assert plain.lower_lines_ == {} and plain.chosen_bound_ is None
    plt.close("all")


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"minimums": 0.9}, TypeError, "minimums must be a dict"),
        ({"sensitivity_lower": [0.5]}, ValueError, "sensitivity_lower must have"),
    ],
)
def test_display_checks_guarantee_arguments(kwargs, error, match):
    """Check the errors of the new Display arguments."""
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sk_imbalance.model_selection import TradeoffCurveDisplay

    display = TradeoffCurveDisplay(
        ts=[0.3, 0.7],
        sensitivity_mean=[0.8, 0.9],
        sensitivity_std=[0.1, 0.1],
        specificity_mean=[0.9, 0.8],
        specificity_std=[0.1, 0.1],
        **kwargs,
    )
    with pytest.raises(error, match=match):
        display.plot()
    plt.close("all")


def test_warning_blames_the_model_when_positives_suffice():
    """Check that with enough positives but a weak model the warning says the
    model falls short, not that positives are missing."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 3))  # no signal at all
    y = np.r_[np.ones(80, int), np.zeros(320, int)]
    clf = TradeoffClassifierCV(
        GaussianNB(), ts=[0.3, 0.5], cv=3, min_sensitivity=0.8, confidence=0.9
    )
    with pytest.warns(UserWarning, match="below the required 0.8: no t predicts"):
        clf.fit(X, y)
    assert clf.requirement_met_ is False


def test_specificity_minimum_is_tested_from_small_t_up():
    """Check a specificity minimum: the sequence starts at the smallest t."""
    X, y = _data(400, seed=3)
    clf = TradeoffClassifierCV(
        GaussianNB(),
        ts=[0.1, 0.3, 0.5, 0.7, 0.9],
        cv=3,
        objective="sensitivity",
        min_specificity=0.8,
        confidence=0.9,
    ).fit(X, y)
    res = clf.cv_results_
    accepted = []
    for i in range(5):
        if res["lower_test_specificity"][i] < 0.8:
            break
        accepted.append(i)
    assert accepted
    ts = [0.1, 0.3, 0.5, 0.7, 0.9]
    best = max(
        accepted,
        key=lambda i: (res["mean_test_sensitivity"][i], -abs(ts[i] - 0.5)),
    )
    assert clf.best_index_ == best and clf.requirement_met_
    n_neg = int((y == 0).sum())
    assert clf.guarantee_["specificity"]["n"] == n_neg
