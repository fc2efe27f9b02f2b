"""Tests of the selection rules shared by every way of choosing ``t``: the
empty-fold rule, NaN scores, ``search.score`` under ``constrained_refit``, one
meaning of "balanced_accuracy", the warnings' classes and stack levels, and the
regressions of the confidence and exact modes."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import recall_score
from sklearn.model_selection import (
    GridSearchCV,
    StratifiedKFold,
    cross_val_predict,
    cross_val_score,
)
from sklearn.naive_bayes import GaussianNB
from sklearn.utils.validation import check_is_fitted

from sk_imbalance import TradeoffClassifier, TradeoffClassifierCV
from sk_imbalance.exceptions import RequirementNotMetWarning, UndefinedFoldWarning
from sk_imbalance.metrics import tradeoff_scoring
from sk_imbalance.model_selection import constrained_refit, tradeoff_curve
from sk_imbalance.model_selection._counts import CountTable
from sk_imbalance.model_selection._selection import (
    results_from_counts,
    select_from_counts,
)

TS = [0.2, 0.35, 0.5, 0.65, 0.8]


def _data(n_samples=150, seed=0, n_classes=2, weights=(0.8,)):
    return make_classification(
        n_samples=n_samples,
        n_features=5,
        n_informative=3,
        n_classes=n_classes,
        weights=list(weights),
        flip_y=0.05,
        random_state=seed,
    )


def _splits_with_an_empty_fold(y):
    """Three folds; the third test part holds no positive."""
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    third = neg.size // 3
    tests = [
        np.r_[pos[::2], neg[:third]],
        np.r_[pos[1::2], neg[third : 2 * third]],
        neg[2 * third :],
    ]
    return [(np.setdiff1d(np.arange(y.size), test), test) for test in tests]


def _hand_rates(y, splits, t):
    """Per-fold sensitivity and specificity of fresh fits (NaN without the class)."""
    sens, spec = [], []
    for train, test in splits:
        model = TradeoffClassifier(GaussianNB(), t=t).fit(X_[train], y[train])
        pred = model.predict(X_[test])
        positives = y[test] == 1
        sens.append(recall_score(positives, pred == 1) if positives.any() else np.nan)
        spec.append(recall_score(~positives, pred == 0))
    return np.array(sens), np.array(spec)


X_, Y_ = _data()


@pytest.mark.parametrize(
    "scoring",
    [tradeoff_scoring(counts=True), tradeoff_scoring(zero_division=np.nan)],
    ids=["recorded-counts", "nan-folds"],
)
def test_empty_fold_same_rule_and_same_t_everywhere(scoring):
    """Check that a test fold without positives is left out of the mean
    sensitivity by constrained_refit, tradeoff_curve and TradeoffClassifierCV
    alike, so that the three choose the same t on the same splits."""
    splits = _splits_with_an_empty_fold(Y_)
    rule = {"sensitivity": 0.75}
    # Reference: per-fold rates of fresh fits, the empty fold left out.
    hand = np.array([np.nanmean(_hand_rates(Y_, splits, t)[0]) for t in TS])
    hand_spec = np.array([np.mean(_hand_rates(Y_, splits, t)[1]) for t in TS])
    feasible = np.flatnonzero(hand >= rule["sensitivity"])
    best = hand_spec[feasible].max()
    tied = feasible[hand_spec[feasible] == best]
    expected_t = TS[tied[np.argmin(np.abs(np.array(TS)[tied] - 0.5))]]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # scikit-learn's own words
        search = GridSearchCV(
            TradeoffClassifier(GaussianNB()),
            {"t": TS},
            cv=splits,
            scoring=scoring,
            refit=constrained_refit("specificity", **rule),
        ).fit(X_, Y_)
    with pytest.warns(UndefinedFoldWarning, match="Sensitivity is undefined on 1 of 3"):
        curve = tradeoff_curve(GaussianNB(), X_, Y_, ts=TS, cv=splits)
    with pytest.warns(UndefinedFoldWarning, match="Sensitivity is undefined on 1 of 3"):
        chooser = TradeoffClassifierCV(
            GaussianNB(),
            ts=TS,
            cv=splits,
            method="refit",
            objective="specificity",
            min_sensitivity=rule["sensitivity"],
        ).fit(X_, Y_)
    np.testing.assert_allclose(curve.sensitivity_mean, hand)
    np.testing.assert_allclose(chooser.cv_results_["mean_test_sensitivity"], hand)
    assert search.best_params_["t"] == expected_t
    assert chooser.best_t_ == expected_t


def test_rule_refuses_to_choose_among_nan_scores():
    """Check that a maximised metric that is NaN for every candidate is an
    error saying why, not a silent first candidate."""
    cv_results = {
        "param_t": np.ma.masked_array([0.2, 0.5, 0.8], mask=[False] * 3),
        "mean_test_specificity": np.full(3, np.nan),
        "mean_test_sensitivity": np.array([0.5, 0.7, 0.9]),
    }
    with pytest.raises(ValueError, match="Every candidate's mean specificity is NaN"):
        constrained_refit("specificity", sensitivity=0.6)(cv_results)


def test_nan_folds_left_out_without_recorded_counts():
    """Check that folds scored NaN (zero_division=np.nan) are left out of the
    means the rule reads, rather than making every mean NaN."""
    cv_results = {
        "param_t": np.ma.masked_array([0.2, 0.8], mask=[False, False]),
        "split0_test_sensitivity": np.array([0.5, 0.9]),
        "split1_test_sensitivity": np.array([np.nan, np.nan]),
        "mean_test_sensitivity": np.array([np.nan, np.nan]),
        "mean_test_specificity": np.array([0.9, 0.6]),
    }
    assert constrained_refit("specificity", sensitivity=0.8)(cv_results) == 1


def test_search_score_scores_what_constrained_refit_maximises():
    """Check that search.score works with refit=constrained_refit(...) and is
    the maximised metric of the refitted model, so nested cross-validation
    gives finite numbers."""
    X, y = _data(200, seed=1)
    search = GridSearchCV(
        TradeoffClassifier(GaussianNB()),
        {"t": [0.3, 0.5, 0.7]},
        cv=3,
        scoring=tradeoff_scoring(),
        refit=constrained_refit("specificity", sensitivity=0.6),
    )
    search.fit(X[:150], y[:150])
    pred = search.best_estimator_.predict(X[150:])
    assert search.score(X[150:], y[150:]) == pytest.approx(
        recall_score(y[150:], pred, pos_label=0)
    )
    scores = cross_val_score(search, X, y, cv=3, error_score="raise")
    assert np.isfinite(scores).all()


@pytest.mark.parametrize("selection", ["best", "one_se"])
def test_balanced_accuracy_is_one_vs_rest_everywhere(selection):
    """Check that on multi-class data with pos_label, "balanced_accuracy" is
    the mean of one-vs-rest sensitivity and specificity in tradeoff_scoring,
    in TradeoffClassifierCV's table, its best_score_ and its score."""
    X, y = _data(240, seed=2, n_classes=3, weights=(0.6, 0.3))
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    ts = [0.3, 0.5, 0.7]
    chooser = TradeoffClassifierCV(
        GaussianNB(), ts=ts, cv=cv, pos_label=2, method="refit", selection=selection
    ).fit(X, y)
    search = GridSearchCV(
        TradeoffClassifier(GaussianNB(), pos_label=2),
        {"t": ts},
        cv=cv,
        scoring=tradeoff_scoring(pos_label=2),
        refit="balanced_accuracy",
    ).fit(X, y)
    expected = []
    for t in ts:
        model = TradeoffClassifier(GaussianNB(), t=t, pos_label=2)
        pred = cross_val_predict(model, X, y, cv=cv)
        folds = [
            (
                recall_score(y[te] == 2, pred[te] == 2)
                + recall_score(y[te] != 2, pred[te] != 2)
            )
            / 2
            for _, te in cv.split(X, y)
        ]
        expected.append(np.mean(folds))
    np.testing.assert_allclose(
        chooser.cv_results_["mean_test_balanced_accuracy"], expected
    )
    np.testing.assert_allclose(
        search.cv_results_["mean_test_balanced_accuracy"], expected
    )
    assert chooser.best_score_ == pytest.approx(expected[chooser.best_index_])
    pred = chooser.predict(X)
    ovr = (recall_score(y == 2, pred == 2) + recall_score(y != 2, pred != 2)) / 2
    assert chooser.score(X, y) == pytest.approx(ovr)


def test_confidence_refit_with_part_of_the_grid_without_t():
    """Check that constrained_refit(confidence=) chooses when part of the grid
    has no t (a candidate of unknown t is its own sequence), instead of an
    IndexError."""
    X, y = _data(300, seed=3)
    search = GridSearchCV(
        TradeoffClassifier(GaussianNB()),
        [{"t": [0.3, 0.5, 0.7]}, {"estimator__var_smoothing": [1e-8]}],
        cv=3,
        scoring=tradeoff_scoring(counts=True),
        refit=constrained_refit("specificity", sensitivity=0.5, confidence=0.9),
    ).fit(X, y)
    check_is_fitted(search.best_estimator_)
    lower = search.cv_results_["lower_test_sensitivity"]
    assert lower.shape == (4,) and np.isfinite(lower).all()


def test_exact_mode_with_two_positives_warns_never_raises():
    """Check that guarantee='exact' with 2 positives gives the documented
    warning and an unmet requirement, not an estimator error."""
    X, y = _data(100, seed=0, weights=(0.9,))
    keep = np.r_[np.flatnonzero(y == 0), np.flatnonzero(y == 1)[:2]]
    X, y = X[keep], y[keep]
    # A solver that refuses a single class: the fit part must keep both.
    clf = TradeoffClassifierCV(
        LogisticRegression(),
        ts=[0.3, 0.5, 0.7],
        min_sensitivity=0.9,
        confidence=0.9,
        guarantee="exact",
        random_state=0,
    )
    with pytest.warns(RequirementNotMetWarning, match="held-out positives support"):
        clf.fit(X, y)
    assert clf.requirement_met_ is False
    assert clf.guarantee_["sensitivity"]["needed"] == 22


def _unmet_mean():
    X, y = _data(200, seed=4)
    TradeoffClassifierCV(GaussianNB(), ts=[0.3, 0.5], cv=2, min_sensitivity=1.0).fit(
        X, y
    )


def _unmet_confidence():
    X, y = _data(200, seed=4)
    TradeoffClassifierCV(
        GaussianNB(), ts=[0.3, 0.5], cv=2, min_sensitivity=0.99, confidence=0.9
    ).fit(X, y)


def _unmet_exact():
    X, y = _data(200, seed=4)
    TradeoffClassifierCV(
        GaussianNB(),
        ts=[0.3, 0.5],
        cv=2,
        min_sensitivity=0.99,
        confidence=0.9,
        guarantee="exact",
    ).fit(X, y)


def _unmet_search():
    X, y = _data(200, seed=4)
    GridSearchCV(
        TradeoffClassifier(GaussianNB()),
        {"t": [0.3, 0.5]},
        cv=2,
        scoring=tradeoff_scoring(),
        refit=constrained_refit("specificity", sensitivity=1.0),
    ).fit(X, y)


def _undefined_fold_curve():
    tradeoff_curve(GaussianNB(), X_, Y_, ts=[0.5], cv=_splits_with_an_empty_fold(Y_))


@pytest.mark.parametrize(
    "call, category",
    [
        (_unmet_mean, RequirementNotMetWarning),
        (_unmet_confidence, RequirementNotMetWarning),
        (_unmet_exact, RequirementNotMetWarning),
        (_unmet_search, RequirementNotMetWarning),
        (_undefined_fold_curve, UndefinedFoldWarning),
    ],
    ids=["mean", "confidence", "exact", "grid-search", "curve"],
)
def test_warnings_have_their_class_and_point_at_the_user(call, category):
    """Check that the rules' warnings are the library's classes and point at
    the user's line (here, the line in this file that called the library)."""
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        call()
    ours = [w for w in record if issubclass(w.category, category)]
    assert ours, [str(w.message) for w in record]
    assert {w.filename for w in ours} == {__file__}


def test_results_from_counts_match_a_hand_table():
    """Check the cv_results_ columns of a two-split table against hand counts:
    rates, a NaN fold left out of the mean, Kish's effective sizes."""
    is_pos = np.array([True, True, False, False, False])
    w = np.array([1.0, 3.0, 1.0, 1.0, 2.0])
    pred = np.array([[True, False, False, True, False]])
    first = CountTable.from_predictions([0.5], is_pos, pred, w)
    second = CountTable.from_predictions(
        [0.5], np.zeros(2, dtype=bool), np.array([[False, True]])
    )
    table = CountTable.stack([first, second])
    with pytest.warns(UndefinedFoldWarning, match="undefined on 1 of 2"):
        results = results_from_counts(table)
    assert results["split0_test_sensitivity"][0] == pytest.approx(1 / 4)
    assert results["split0_test_specificity"][0] == pytest.approx(3 / 4)
    assert np.isnan(results["split1_test_sensitivity"][0])
    assert results["mean_test_sensitivity"][0] == pytest.approx(1 / 4)
    assert results["mean_test_specificity"][0] == pytest.approx((3 / 4 + 1 / 2) / 2)
    # Kish: (1 + 3)**2 / (1 + 9) positives, (1 + 1 + 2)**2 / 6 negatives.
    assert results["split0_test_n_positives"][0] == pytest.approx(1.6)
    assert results["split0_test_n_negatives"][0] == pytest.approx(16 / 6)
    with pytest.warns(UndefinedFoldWarning):
        chosen = select_from_counts(table, selection="best")
    assert (chosen.index, chosen.t, chosen.requirement_met) == (0, 0.5, True)


@pytest.mark.parametrize("confidence", [None, 0.9])
def test_constrained_refit_on_the_choosers_table_chooses_the_same_t(confidence):
    """Check that TradeoffClassifierCV's cv_results_ carry the counts behind
    its rates, so that constrained_refit, reading them, makes the same choice
    by the same rules (mean or confidence)."""
    from sklearn.model_selection import RepeatedStratifiedKFold

    X, y = _data(300, seed=5)
    cv = RepeatedStratifiedKFold(n_splits=3, n_repeats=2, random_state=0)
    chooser = TradeoffClassifierCV(
        GaussianNB(),
        ts=TS,
        cv=cv,
        method="refit",
        objective="specificity",
        min_sensitivity=0.8,
        confidence=confidence,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RequirementNotMetWarning)
        chooser.fit(X, y)
        results = {k: v for k, v in chooser.cv_results_.items() if "lower" not in k}
        refit = constrained_refit(
            "specificity", sensitivity=0.8, confidence=confidence, n_repeats=2
        )
        assert refit(results) == chooser.best_index_
    if confidence is not None:
        np.testing.assert_allclose(
            results["lower_test_sensitivity"],
            chooser.cv_results_["lower_test_sensitivity"],
        )


def _paired_se_reference(ts, sensitivity, specificity, n_pos, n_neg):
    """The paired rule by hand: balanced accuracy per fold, differences with
    t=0.5, their sample standard deviation times sqrt(1/k + n_test/n_train)
    (k folds of one partition), then the closest better t to 0.5."""
    import statistics

    k = sensitivity.shape[1]
    n_test = n_pos + n_neg
    ratio = n_test / (k * n_test - n_test)
    half = ts.index(0.5)
    score = [
        [(s + p) / 2 for s, p in zip(sens, spec, strict=True)]
        for sens, spec in zip(sensitivity.tolist(), specificity.tolist(), strict=True)
    ]
    better = []
    for i in range(len(ts)):
        diff = [a - b for a, b in zip(score[i], score[half], strict=True)]
        se = statistics.stdev(diff) * (1 / k + ratio) ** 0.5
        if i != half and statistics.fmean(diff) > se:
            better.append(i)
    if not better:
        return half
    return min(better, key=lambda i: (abs(ts[i] - 0.5), -statistics.fmean(score[i])))


def _seeded_fold_rates(seed):
    """``(ts, sens, spec, table)``: seeded rates of 5 folds of 10 positives and
    40 negatives at five t: a fold effect shared by every t, a t effect and
    per-cell noise, rounded to what the counts can show."""
    ts = [0.3, 0.4, 0.5, 0.6, 0.7]
    rng = np.random.default_rng(seed)
    fold = rng.normal(0, 0.1, size=5)
    effect = rng.normal(0, 0.05, size=(5, 1))
    sens = np.clip(0.7 + fold + effect + rng.normal(0, 0.05, (5, 5)), 0, 1)
    spec = np.clip(0.8 + fold / 2 - effect / 2 + rng.normal(0, 0.03, (5, 5)), 0, 1)
    sens, spec = np.round(sens * 10) / 10, np.round(spec * 40) / 40
    table = CountTable.from_rates(
        ts, sens, spec, np.full((5, 5), 10.0), np.full((5, 5), 40.0)
    )
    return ts, sens, spec, table


def test_paired_se_keeps_half_when_every_t_ties():
    """Check that selection='paired_se' keeps t=0.5 when every t has the same
    counts on every fold (no t is better), where the differences are 0."""
    ts = [0.3, 0.4, 0.5, 0.6, 0.7]
    rng = np.random.default_rng(0)
    sens = np.tile(rng.integers(5, 10, size=5) / 10, (5, 1))
    spec = np.tile(rng.integers(30, 40, size=5) / 40, (5, 1))
    table = CountTable.from_rates(
        ts, sens, spec, np.full((5, 5), 10.0), np.full((5, 5), 40.0)
    )
    chosen = select_from_counts(table, selection="paired_se")
    assert chosen.t == 0.5
    assert _paired_se_reference(ts, sens, spec, 10, 40) == chosen.index


@pytest.mark.parametrize("seed", range(12))
def test_paired_se_matches_hand_computation(seed):
    """Check that selection='paired_se' on seeded fold rates (5 folds of 10
    positives and 40 negatives) chooses the t of the hand computation, which
    is 0.5 unless a t beats it by more than one corrected standard error of
    the paired differences."""
    ts, sens, spec, table = _seeded_fold_rates(seed)
    chosen = select_from_counts(table, selection="paired_se")
    assert chosen.index == _paired_se_reference(ts, sens, spec, 10, 40)


def test_paired_se_moves_to_the_closest_clearly_better_t():
    """Check that selection='paired_se' leaves 0.5 when other t are better on
    every fold, for the better t closest to 0.5 rather than the best mean
    (the best one, 0.7, is what selection='best' takes)."""
    ts = [0.3, 0.4, 0.5, 0.6, 0.7]
    base = np.array([0.6, 0.7, 0.5, 0.6, 0.7])
    lift = np.array([0.0, 0.0, 0.0, 0.1, 0.2])[:, None]
    sens = np.clip(base[None, :] + lift, 0, 1)
    spec = np.full((5, 5), 0.75)
    table = CountTable.from_rates(
        ts, sens, spec, np.full((5, 5), 10.0), np.full((5, 5), 40.0)
    )
    assert select_from_counts(table, selection="paired_se").t == 0.6
    assert select_from_counts(table, selection="best").t == 0.7


def test_paired_se_correction_uses_the_test_to_training_ratio():
    """Check that the paired rule's correction sqrt(1/k + n_test/n_train)
    takes n_test/n_train from the table's 5-fold partition (1/4) when not
    given, as given explicitly, and that a larger ratio (a wider error)
    keeps 0.5 where 1/4 moves."""
    ts, sens, spec, table = _seeded_fold_rates(5)
    derived = select_from_counts(table, selection="paired_se")
    given = select_from_counts(table, selection="paired_se", test_train_ratio=0.25)
    assert derived.index == given.index == _paired_se_reference(ts, sens, spec, 10, 40)
    assert derived.t != 0.5
    wide = select_from_counts(table, selection="paired_se", test_train_ratio=10.0)
    assert wide.t == 0.5
