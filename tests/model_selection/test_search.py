"""Tests for `TradeoffClassifierCV`."""

import math
import pickle
import warnings

import numpy as np
import pytest
from joblib import parallel_config
from sklearn import config_context
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import load_iris, make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import make_scorer, recall_score
from sklearn.model_selection import (
    GridSearchCV,
    GroupKFold,
    StratifiedKFold,
    cross_val_score,
    cross_validate,
)
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier

import sk_imbalance
from sk_imbalance import TradeoffClassifier, TradeoffClassifierCV
from sk_imbalance._compat import InvalidParameterError
from sk_imbalance._grid import DEFAULT_TS
from sk_imbalance.exceptions import UndefinedFoldWarning
from sk_imbalance.model_selection import TradeoffClassifierCV as FromSubpackage
from sk_imbalance.model_selection import constrained_refit

from .._checks import (
    ROUND_TRIPS,
    assert_fit_leaves_inputs_alone,
    assert_read_only_fit_matches_copies,
    assert_same_predictions,
    assert_threads_match_sequential,
)

TS = [0.2, 0.35, 0.5, 0.65, 0.8]
SCORING = {
    "sensitivity": make_scorer(recall_score, pos_label=1),
    "specificity": make_scorer(recall_score, pos_label=0),
}


def _data(n_samples=200, weights=(0.85,), seed=0):
    return make_classification(
        n_samples=n_samples,
        n_features=6,
        n_informative=3,
        weights=list(weights),
        flip_y=0.05,
        random_state=seed,
    )


def _splits(X, y, n_splits=3):
    return list(StratifiedKFold(n_splits, shuffle=True, random_state=0).split(X, y))


def _grid_reference(estimator, X, y, ts, cv, **fit_params):
    """Mean and per-fold sensitivity/specificity from GridSearchCV over t."""
    search = GridSearchCV(
        TradeoffClassifier(estimator, random_state=0),
        {"t": ts},
        scoring=SCORING,
        cv=cv,
        refit=False,
    ).fit(X, y, **fit_params)
    return search.cv_results_


# scikit-learn's estimator checks: tests/test_estimator_checks.py.


def _constrained_best_index(cv_results, maximize, minimums):
    """The shared mean rule, through its public face."""
    return constrained_refit(maximize, **minimums)(cv_results)


def test_exported():
    """Check that TradeoffClassifierCV is public at the top level and in
    sk_imbalance.model_selection."""
    assert "TradeoffClassifierCV" in sk_imbalance.__all__
    assert "TradeoffClassifierCV" in sk_imbalance.model_selection.__all__
    assert FromSubpackage is TradeoffClassifierCV


def test_refit_matches_grid_search():
    """Check that method='refit' cross-validates exactly what GridSearchCV over
    TradeoffClassifier(t) measures, fold by fold (no warm start here)."""
    X, y = _data()
    cv = _splits(X, y)
    tree = DecisionTreeClassifier(max_depth=3)
    clf = TradeoffClassifierCV(tree, ts=TS, cv=cv, method="refit", random_state=0)
    clf.fit(X, y)
    expected = _grid_reference(tree, X, y, TS, cv)
    for metric in ("sensitivity", "specificity"):
        for key in (
            f"split0_test_{metric}",
            f"mean_test_{metric}",
            f"std_test_{metric}",
            f"rank_test_{metric}",
        ):
            np.testing.assert_allclose(clf.cv_results_[key], expected[key])
    np.testing.assert_allclose(clf.cv_results_["param_t"], TS)
    assert clf.cv_results_["params"] == [{"t": t} for t in TS]


def test_cv_results_keys():
    """Check that cv_results_ has GridSearchCV's keys for the three metrics, plus
    the objective when it is a float, one entry per t."""
    X, y = _data()
    clf = TradeoffClassifierCV(ts=TS, cv=2, objective=0.7, method="threshold").fit(X, y)
    for metric in ("sensitivity", "specificity", "balanced_accuracy", "tradeoff"):
        for key in ("split0", "split1", "mean", "std", "rank"):
            name = f"{key}_test_{metric}"
            assert clf.cv_results_[name].shape == (len(TS),), name
    assert clf.cv_results_["rank_test_tradeoff"].dtype == np.int32
    assert clf.n_splits_ == 2


def test_float_objective_is_tradeoff_score():
    """Check that a float objective w records w * sensitivity + (1 - w) *
    specificity per fold."""
    X, y = _data()
    clf = TradeoffClassifierCV(ts=TS, cv=3, objective=0.7, method="threshold")
    res = clf.fit(X, y).cv_results_
    for k in range(3):
        expected = (
            0.7 * res[f"split{k}_test_sensitivity"]
            + 0.3 * res[f"split{k}_test_specificity"]
        )
        np.testing.assert_allclose(res[f"split{k}_test_tradeoff"], expected)


def test_threshold_matches_balanced_model_thresholds():
    """Check that method='threshold' scores, for each t, the balanced model
    (class_weight='balanced' = t=0.5) thresholded at p >= 1 - t."""
    X, y = _data()
    cv = _splits(X, y)
    clf = TradeoffClassifierCV(ts=TS, cv=cv, method="threshold").fit(X, y)
    for k, (train, test) in enumerate(cv):
        model = LogisticRegression(class_weight="balanced").fit(X[train], y[train])
        p = model.predict_proba(X[test])[:, 1]
        for i, t in enumerate(TS):
            pred = (p >= 1 - t).astype(int)
            sens = recall_score(y[test], pred, pos_label=1)
            spec = recall_score(y[test], pred, pos_label=0)
            assert clf.cv_results_[f"split{k}_test_sensitivity"][i] == pytest.approx(
                sens, abs=1e-12
            )
            assert clf.cv_results_[f"split{k}_test_specificity"][i] == pytest.approx(
                spec, abs=1e-12
            )


def test_threshold_decision_function_as_log_odds():
    """Check that a decision_function-only estimator is thresholded at
    d >= logit(1 - t)."""
    X, y = _data()
    cv = _splits(X, y)
    svc = LinearSVC()
    clf = TradeoffClassifierCV(svc, ts=TS, cv=cv, method="threshold").fit(X, y)
    train, test = cv[0]
    d = (
        LinearSVC(class_weight="balanced")
        .fit(X[train], y[train])
        .decision_function(X[test])
    )
    for i, t in enumerate(TS):
        pred = (d >= math.log((1 - t) / t)).astype(int)
        assert clf.cv_results_["split0_test_sensitivity"][i] == pytest.approx(
            recall_score(y[test], pred)
        )


def test_threshold_close_to_refit_for_well_specified_logistic():
    """Check the documented agreement: for a well-specified, weakly regularised
    logistic model, thresholding the balanced model and refitting at t give
    nearly the same cross-validated rates."""
    rng = np.random.RandomState(0)
    X = rng.normal(size=(2000, 2))
    logit = -2.5 + 1.5 * X[:, 0] - X[:, 1]
    y = (rng.uniform(size=2000) < 1 / (1 + np.exp(-logit))).astype(int)
    lr = LogisticRegression(C=1e4)
    kwargs = {"ts": TS, "cv": _splits(X, y), "selection": "best"}
    refit = TradeoffClassifierCV(lr, method="refit", **kwargs).fit(X, y)
    threshold = TradeoffClassifierCV(lr, method="threshold", **kwargs).fit(X, y)
    for metric in ("sensitivity", "specificity"):
        np.testing.assert_allclose(
            refit.cv_results_[f"mean_test_{metric}"],
            threshold.cv_results_[f"mean_test_{metric}"],
            atol=0.02,
        )


@pytest.mark.parametrize("scaled", [False, True])
def test_refit_path_matches_independent_fits(scaled):
    """Check that the refit path of LogisticRegression (alone, or in a
    Pipeline whose scaler is fitted once per fold) reaches the same fold scores
    as independent fits (GridSearchCV)."""
    X, y = _data()
    cv = _splits(X, y)
    lr = LogisticRegression(tol=1e-10, max_iter=10_000)
    if scaled:
        X = X * [1, 10, 100, 1, 1, 1000]
        lr = make_pipeline(StandardScaler(), lr)
    clf = TradeoffClassifierCV(lr, ts=TS, cv=cv, method="refit").fit(X, y)
    expected = _grid_reference(lr, X, y, TS, cv)
    for metric in ("sensitivity", "specificity"):
        np.testing.assert_allclose(
            clf.cv_results_[f"mean_test_{metric}"], expected[f"mean_test_{metric}"]
        )


def test_ensemble_warm_start_not_used():
    """Check that an ensemble whose warm_start means 'add trees' is refitted
    independently at every t (else every t would reuse the first forest)."""
    X, y = _data()
    cv = _splits(X, y)
    forest = RandomForestClassifier(n_estimators=5, max_depth=3)
    clf = TradeoffClassifierCV(forest, ts=TS, cv=cv, method="refit", random_state=0)
    clf.fit(X, y)
    expected = _grid_reference(forest, X, y, TS, cv)
    np.testing.assert_allclose(
        clf.cv_results_["mean_test_sensitivity"], expected["mean_test_sensitivity"]
    )


def _one_se_reference(res, metric="balanced_accuracy"):
    mean = res[f"mean_test_{metric}"]
    ts = np.asarray(res["param_t"], dtype=float)
    best = int(np.argmax(mean))
    folds = np.array(
        [
            v[best]
            for k, v in res.items()
            if k.startswith("split") and k.endswith(f"_test_{metric}")
        ]
    )
    se = folds.std() / math.sqrt(folds.size)
    near = [i for i in range(ts.size) if mean[i] >= mean[best] - se]
    return min(near, key=lambda i: (abs(ts[i] - 0.5), -mean[i], ts[i]))


@pytest.mark.parametrize("method", ["refit", "threshold"])
def test_one_se_rule(method):
    """Check that the default selection is the t closest to 0.5 among those whose
    mean is within one standard error (fold std / sqrt(n_folds)) of the best."""
    X, y = _data(n_samples=150)
    clf = TradeoffClassifierCV(
        DecisionTreeClassifier(max_depth=2),
        ts=TS,
        cv=3,
        method=method,
        random_state=0,
    ).fit(X, y)
    assert clf.best_index_ == _one_se_reference(clf.cv_results_)
    assert clf.best_t_ == TS[clf.best_index_]


def test_one_se_moves_away_from_half_when_evidence_is_strong():
    """Check that one_se leaves 0.5 when the evidence is far beyond the noise:
    sensitivity rises with t by much more than a standard error per step."""
    X, y = _data(n_samples=300, weights=(0.9,))
    clf = TradeoffClassifierCV(
        ts=TS, cv=3, objective="sensitivity", method="threshold"
    ).fit(X, y)
    assert clf.best_index_ == _one_se_reference(clf.cv_results_, "sensitivity")
    assert clf.best_t_ == 0.8


def test_best_selection_is_argmax():
    """Check that selection='best' picks the best mean objective."""
    X, y = _data()
    clf = TradeoffClassifierCV(ts=TS, cv=3, selection="best", method="threshold").fit(
        X, y
    )
    mean = clf.cv_results_["mean_test_balanced_accuracy"]
    assert mean[clf.best_index_] == mean.max()
    assert clf.best_score_ == mean.max()


def test_minimums_use_constrained_rule():
    """Check that min_sensitivity picks by the shared constrained rule and that
    the chosen t reaches the minimum."""
    X, y = _data()
    clf = TradeoffClassifierCV(
        ts=TS, cv=3, min_sensitivity=0.8, method="threshold"
    ).fit(X, y)
    res = clf.cv_results_
    assert clf.best_index_ == _constrained_best_index(
        res, "balanced_accuracy", {"sensitivity": 0.8}
    )
    assert res["mean_test_sensitivity"][clf.best_index_] >= 0.8
    feasible = res["mean_test_sensitivity"] >= 0.8
    ba = res["mean_test_balanced_accuracy"]
    assert ba[clf.best_index_] == ba[feasible].max()


def test_unreachable_minimum_warns():
    """Check that an unreachable minimum warns (the shared rule's fallback)."""
    X, y = _data()
    clf = TradeoffClassifierCV(
        ts=[0.1, 0.2],
        cv=2,
        min_specificity=1.0,
        min_sensitivity=1.0,
        method="threshold",
    )
    with pytest.warns(UserWarning, match="No candidate reaches the minimums"):
        clf.fit(X, y)


def test_final_model_refitted_at_best_t():
    """Check that estimator_ is a TradeoffClassifier fitted on all data at
    best_t_ and that predictions delegate to it."""
    X, y = _data()
    clf = TradeoffClassifierCV(ts=TS, cv=2, random_state=0).fit(X, y)
    assert isinstance(clf.estimator_, TradeoffClassifier)
    assert clf.estimator_.t == clf.best_t_
    reference = TradeoffClassifier(t=clf.best_t_).fit(X, y)
    np.testing.assert_array_equal(clf.predict(X), reference.predict(X))
    np.testing.assert_allclose(clf.predict_proba(X), reference.predict_proba(X))
    np.testing.assert_allclose(clf.decision_function(X), reference.decision_function(X))
    np.testing.assert_array_equal(clf.classes_, [0, 1])
    assert clf.n_features_in_ == X.shape[1]
    assert clf.score(X, y) == reference.score(X, y)


def test_default_ts_and_cv():
    """Check the documented defaults: 0.01, 0.02, 0.05 to 0.95 by 0.05, 0.98,
    0.99 and 5 folds x 3 repeats, reproducible for a fixed random_state."""
    X, y = _data()
    clf = TradeoffClassifierCV(method="threshold", random_state=0).fit(X, y)
    np.testing.assert_allclose(
        clf.cv_results_["param_t"],
        [0.01, 0.02, *(np.arange(1, 20) * 0.05), 0.98, 0.99],
        atol=1e-12,
    )
    assert clf.n_splits_ == 15
    again = TradeoffClassifierCV(method="threshold", random_state=0).fit(X, y)
    np.testing.assert_array_equal(
        clf.cv_results_["split14_test_sensitivity"],
        again.cv_results_["split14_test_sensitivity"],
    )


def test_default_cv_fewer_splits_for_tiny_minority():
    """Check that the default cv lowers n_splits to the minority size (>= 2) so
    every test fold holds a positive."""
    X, y = _data(n_samples=60)
    pos = np.flatnonzero(y == 1)
    keep = np.setdiff1d(np.arange(y.size), pos[3:])
    clf = TradeoffClassifierCV(ts=TS, method="threshold", random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clf.fit(X[keep], y[keep])
    assert clf.n_splits_ == 3 * 3


def test_ts_sorted_and_deduplicated():
    """Check that ts are sorted and duplicates dropped."""
    X, y = _data()
    clf = TradeoffClassifierCV(ts=[0.7, 0.3, 0.7], cv=2, method="threshold")
    np.testing.assert_allclose(clf.fit(X, y).cv_results_["param_t"], [0.3, 0.7])


@pytest.mark.parametrize("method", ["refit", "threshold", "refine"])
def test_extreme_ts_are_constant_decisions(method):
    """Check that t=0 scores as all-negative and t=1 as all-positive."""
    X, y = _data()
    clf = TradeoffClassifierCV(ts=[0.0, 0.5, 1.0], cv=2, method=method).fit(X, y)
    res = clf.cv_results_
    assert res["mean_test_sensitivity"][0] == 0 and res["mean_test_specificity"][0] == 1
    assert res["mean_test_sensitivity"][2] == 1 and res["mean_test_specificity"][2] == 0


@pytest.mark.parametrize("method", ["refit", "threshold", "refine"])
def test_multiclass_one_vs_rest(method):
    """Check that multi-class data with pos_label tunes a one-vs-rest tradeoff:
    sensitivity is the recall of pos_label and specificity that of the rest."""
    X, y = load_iris(return_X_y=True)
    cv = _splits(X, y)
    lr = LogisticRegression(max_iter=1000)
    clf = TradeoffClassifierCV(
        lr, ts=[0.3, 0.7], cv=cv, pos_label=2, method=method, random_state=0
    ).fit(X, y)
    np.testing.assert_array_equal(clf.classes_, [0, 1, 2])
    train, test = cv[0]
    model = TradeoffClassifier(lr, t=0.7, pos_label=2).fit(X[train], y[train])
    if method == "threshold":
        balanced = TradeoffClassifier(lr, t=0.5, pos_label=2).fit(X[train], y[train])
        pred = balanced.predict_proba(X[test])[:, 2] >= 0.3
    else:
        pred = model.predict(X[test]) == 2
    truth = y[test] == 2
    assert clf.cv_results_["split0_test_sensitivity"][1] == pytest.approx(
        recall_score(truth, pred)
    )
    assert clf.cv_results_["split0_test_specificity"][1] == pytest.approx(
        recall_score(truth, pred, pos_label=False)
    )


def test_sample_weight_in_fits_and_fold_scores():
    """Check that sample_weight weighs both the fits and the fold scores, as a
    GridSearchCV routing it to TradeoffClassifier and to the scorers."""
    X, y = _data()
    w = np.random.RandomState(0).randint(1, 4, size=y.size).astype(float)
    cv = _splits(X, y)
    tree = DecisionTreeClassifier(max_depth=3)
    clf = TradeoffClassifierCV(tree, ts=TS, cv=cv, method="refit", random_state=0)
    clf.fit(X, y, sample_weight=w)
    with config_context(enable_metadata_routing=True):
        scoring = {
            name: make_scorer(recall_score, pos_label=label).set_score_request(
                sample_weight=True
            )
            for name, label in (("sensitivity", 1), ("specificity", 0))
        }
        expected = (
            GridSearchCV(
                TradeoffClassifier(tree, random_state=0).set_fit_request(
                    sample_weight=True
                ),
                {"t": TS},
                scoring=scoring,
                cv=cv,
                refit=False,
            )
            .fit(X, y, sample_weight=w)
            .cv_results_
        )
    for metric in ("sensitivity", "specificity"):
        np.testing.assert_allclose(
            clf.cv_results_[f"mean_test_{metric}"], expected[f"mean_test_{metric}"]
        )


def test_fold_without_positives_warns_and_is_skipped():
    """Check that a test fold without positives gives NaN sensitivity, a
    warning, and means over the other folds."""
    X, y = _data(n_samples=120)
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    fold_a = np.concatenate([pos, neg[: neg.size // 2]])
    fold_b = neg[neg.size // 2 :]
    cv = [(fold_a, fold_b), (fold_b, fold_a)]
    clf = TradeoffClassifierCV(
        DecisionTreeClassifier(), ts=[0.5], cv=cv, method="threshold"
    )
    with pytest.warns(UndefinedFoldWarning, match="Sensitivity is undefined on 1 of 2"):
        clf.fit(X, y)
    res = clf.cv_results_
    assert np.isnan(res["split0_test_sensitivity"][0])
    assert res["mean_test_sensitivity"][0] == res["split1_test_sensitivity"][0]


class _Scoreless(ClassifierMixin, BaseEstimator):
    """A classifier with predict only (no predict_proba, no decision_function)."""

    def fit(self, X, y, sample_weight=None):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


def test_skip_parameter_validation():
    """Check that fit validates its parameters in scikit-learn's fit context, so
    ``skip_parameter_validation=True`` skips the declared checks."""
    X, y = _data(n_samples=60)
    clf = TradeoffClassifierCV(ts=[0.4, 0.6], cv=2, n_jobs=1.0)  # not an int
    with pytest.raises(ValueError, match="'n_jobs' parameter"):
        clf.fit(X, y)
    with config_context(skip_parameter_validation=True):
        clf.fit(X, y)
    reference = TradeoffClassifierCV(ts=[0.4, 0.6], cv=2, n_jobs=1).fit(X, y)
    assert clf.best_t_ == reference.best_t_
    np.testing.assert_array_equal(
        clf.cv_results_["mean_test_balanced_accuracy"],
        reference.cv_results_["mean_test_balanced_accuracy"],
    )


@pytest.mark.parametrize(
    "params, error, match",
    [
        ({"ts": []}, ValueError, "ts must be a non-empty"),
        (
            {"ts": [0.5, 1.5]},
            ValueError,
            r"ts must lie in \[0, 1\]; got \[1.5\] in ts=\[0.5, 1.5",
        ),
        ({"ts": [[0.5]]}, ValueError, "ts must be a non-empty 1-D"),
        ({"ts": ["a"]}, ValueError, "ts must be an array of numbers"),
        ({"objective": "accuracy"}, ValueError, "'objective' parameter"),
        ({"objective": 1.5}, ValueError, "'objective' parameter"),
        ({"selection": "min"}, ValueError, "'selection' parameter"),
        ({"method": "fast"}, ValueError, "'method' parameter"),
        ({"min_sensitivity": 1.2}, ValueError, "'min_sensitivity' parameter"),
        ({"min_specificity": -0.1}, ValueError, "'min_specificity' parameter"),
        ({"pos_label": 7}, ValueError, r"pos_label=7 is not among the classes"),
        ({"cv": 1}, ValueError, "'cv' parameter"),
        (
            {"estimator": _Scoreless(), "method": "threshold"},
            ValueError,
            "method='threshold' needs an estimator with predict_proba or "
            "decision_function; _Scoreless",
        ),
        (
            {"estimator": _Scoreless(), "method": "refine", "ts": TS},
            ValueError,
            "method='refine' needs an estimator with predict_proba or "
            "decision_function; _Scoreless",
        ),
    ],
)
def test_invalid_params(params, error, match):
    """Check that invalid parameters raise errors naming the parameter."""
    X, y = _data(n_samples=60)
    with pytest.raises(error, match=match):
        TradeoffClassifierCV(**{"cv": 2, **params}).fit(X, y)


def test_multiclass_needs_pos_label():
    """Check that multi-class data without pos_label is a clear error."""
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match=r"Only binary classification.*pos_label"):
        TradeoffClassifierCV(cv=2).fit(X, y)


@pytest.mark.parametrize("method", ["threshold", "refine"])
def test_multiclass_reading_needs_predict_proba(method):
    """Check that reading ts off fits on multi-class data needs predict_proba
    (a one-vs-rest decision function is not log-odds of one class)."""
    X, y = load_iris(return_X_y=True)
    clf = TradeoffClassifierCV(LinearSVC(), ts=TS, cv=2, pos_label=1, method=method)
    with pytest.raises(
        ValueError, match=f"method='{method}' on multi-class data needs an estimator"
    ):
        clf.fit(X, y)


def test_one_class_is_an_error():
    """Check that y with one class is a clear error."""
    X, y = _data(n_samples=30)
    with pytest.raises(ValueError, match="at least two classes; y holds 1 class"):
        TradeoffClassifierCV(cv=2).fit(X, np.zeros_like(y))


def test_in_pipeline_and_nested_cv():
    """Check that TradeoffClassifierCV works as a Pipeline step and inside an
    outer cross-validation and grid search (nested CV)."""
    X, y = _data()
    pipe = make_pipeline(
        StandardScaler(), TradeoffClassifierCV(ts=TS, cv=2, method="threshold")
    )
    scores = cross_val_score(pipe, X, y, cv=3)
    assert scores.shape == (3,) and np.all((scores > 0.5) & (scores <= 1))
    search = GridSearchCV(
        TradeoffClassifierCV(ts=TS, cv=2, method="threshold"),
        {"estimator": [LogisticRegression(C=0.1), LogisticRegression(C=10)]},
        cv=2,
    ).fit(X, y)
    assert search.best_estimator_.best_t_ in TS


def test_routing_groups_and_sample_weight():
    """Check that with metadata routing, groups reach the splitter and
    sample_weight (once requested) reaches fit through cross_validate."""
    X, y = _data()
    groups = np.arange(y.size) % 6
    w = np.random.RandomState(0).randint(1, 3, size=y.size).astype(float)
    with config_context(enable_metadata_routing=True):
        grouped = TradeoffClassifierCV(ts=TS, cv=GroupKFold(3), method="threshold").fit(
            X, y, groups=groups
        )
        explicit = TradeoffClassifierCV(
            ts=TS, cv=list(GroupKFold(3).split(X, y, groups)), method="threshold"
        ).fit(X, y)
        clf = TradeoffClassifierCV(ts=TS, cv=2, method="threshold")
        clf.set_fit_request(sample_weight=True).set_score_request(sample_weight=True)
        out = cross_validate(clf, X, y, cv=2, params={"sample_weight": w})
    np.testing.assert_allclose(
        grouped.cv_results_["mean_test_balanced_accuracy"],
        explicit.cv_results_["mean_test_balanced_accuracy"],
    )
    assert out["test_score"].shape == (2,)


def test_groups_without_routing():
    """Check that without routing, groups go to the splitter (as GridSearchCV)."""
    X, y = _data()
    groups = np.arange(y.size) % 6
    grouped = TradeoffClassifierCV(ts=TS, cv=GroupKFold(3), method="threshold")
    grouped.fit(X, y, groups=groups)
    explicit = TradeoffClassifierCV(
        ts=TS, cv=list(GroupKFold(3).split(X, y, groups)), method="threshold"
    ).fit(X, y)
    np.testing.assert_allclose(
        grouped.cv_results_["mean_test_sensitivity"],
        explicit.cv_results_["mean_test_sensitivity"],
    )


class _RecordingLogistic(LogisticRegression):
    """LogisticRegression recording the per-sample fit param it receives."""

    def fit(self, X, y, sample_weight=None, tag=None):
        self.tag_ = tag
        return super().fit(X, y, sample_weight=sample_weight)


@pytest.mark.parametrize("routing", [False, True])
def test_fit_params_reach_inner_estimator_split_by_fold(routing):
    """Check that a per-sample fit param reaches the inner fit, on the rows of
    the fold (training rows only) and in full for the final refit."""
    X, y = _data(n_samples=60)
    tag = np.arange(y.size)
    inner = _RecordingLogistic()
    with config_context(enable_metadata_routing=routing):
        if routing:
            inner.set_fit_request(tag=True)
        clf = TradeoffClassifierCV(inner, ts=[0.5], cv=2, method="threshold")
        clf.fit(X, y, tag=tag)
    np.testing.assert_array_equal(clf.estimator_.estimator_.tag_, tag)


def test_parallel_and_pickle_identical():
    """Check that n_jobs=2 gives the same cv_results_ as n_jobs=1 and that a
    fitted model pickles."""
    X, y = _data()
    serial = TradeoffClassifierCV(ts=TS, cv=2, random_state=0).fit(X, y)
    parallel = TradeoffClassifierCV(ts=TS, cv=2, random_state=0, n_jobs=2)
    # Threads: worker processes would cost seconds to start on CI.
    with parallel_config("threading"):
        parallel.fit(X, y)
    np.testing.assert_array_equal(
        serial.cv_results_["split1_test_sensitivity"],
        parallel.cv_results_["split1_test_sensitivity"],
    )
    restored = pickle.loads(pickle.dumps(serial))
    np.testing.assert_array_equal(restored.predict(X), serial.predict(X))


@pytest.mark.slow
def test_dask_backend_identical():
    """Check that fits run on a Dask cluster through joblib give identical
    results."""
    distributed = pytest.importorskip("dask.distributed")
    X, y = _data()
    clf = TradeoffClassifierCV(ts=TS, cv=2, random_state=0, n_jobs=2)
    expected = clf.fit(X, y).cv_results_["mean_test_balanced_accuracy"]
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
        parallel_config("dask"),
    ):
        got = clf.fit(X, y).cv_results_["mean_test_balanced_accuracy"]
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize(
    "params, error, match",
    [
        ({"objective": True}, InvalidParameterError, "'objective'"),
        ({"min_sensitivity": True}, InvalidParameterError, "'min_sensitivity'"),
        ({"min_specificity": False}, InvalidParameterError, "'min_specificity'"),
        ({"ts": [True, False]}, TypeError, "ts must hold numbers.*not booleans"),
        ({"ts": [0.5, True]}, TypeError, "ts must hold numbers.*not booleans"),
        ({"ts": np.array([True])}, TypeError, "ts must hold numbers.*not booleans"),
    ],
)
def test_booleans_refused_as_numbers(params, error, match):
    """Check that True/False are refused where a number in [0, 1] is expected
    (objective, minimums, ts), as t refuses them, instead of meaning 1 and 0."""
    X, y = _data(n_samples=60)
    with pytest.raises(error, match=match):
        TradeoffClassifierCV(cv=2, **params).fit(X, y)


class _UserForest(RandomForestClassifier):
    """An ensemble defined outside sklearn.ensemble: its warm_start adds trees."""


def test_warm_start_only_for_known_solvers():
    """Check that an ensemble subclass defined elsewhere is not warm-started
    (a warm refit would add no trees, so every t would score one model): its
    results equal GridSearchCV over TradeoffClassifier(t), fold by fold."""
    X, y = _data()
    cv = _splits(X, y)
    forest = _UserForest(n_estimators=10, max_depth=3, random_state=0)
    clf = TradeoffClassifierCV(forest, ts=TS, cv=cv, method="refit", random_state=0)
    clf.fit(X, y)
    expected = _grid_reference(forest, X, y, TS, cv)
    for key in ("split0_test_sensitivity", "mean_test_sensitivity"):
        np.testing.assert_allclose(clf.cv_results_[key], expected[key])
    assert np.ptp(clf.cv_results_["mean_test_sensitivity"]) > 0


def test_warm_start_not_for_imblearn_ensembles():
    """Check that imbalanced-learn's BalancedRandomForestClassifier (warm_start
    adds trees) is cross-validated as GridSearchCV does."""
    ensemble = pytest.importorskip("imblearn.ensemble")
    X, y = _data()
    cv = _splits(X, y)
    forest = ensemble.BalancedRandomForestClassifier(
        n_estimators=10,
        max_depth=3,
        sampling_strategy="all",
        replacement=True,
        bootstrap=False,
        random_state=0,
    )
    clf = TradeoffClassifierCV(forest, ts=TS, cv=cv, method="refit", random_state=0)
    clf.fit(X, y)
    expected = _grid_reference(forest, X, y, TS, cv)
    np.testing.assert_allclose(
        clf.cv_results_["mean_test_sensitivity"], expected["mean_test_sensitivity"]
    )


@pytest.mark.parametrize("method", ["refit", "threshold"])
@pytest.mark.parametrize("single", [1, 0])
def test_class_with_one_sample_is_a_clear_error(method, single):
    """Check that a class with a single sample is a clear error naming it and
    its count, not an error from inside the inner estimator."""
    X, y = _data(n_samples=60)
    y = np.full(60, 1 - single)
    y[7] = single
    with pytest.raises(ValueError, match=f"class {single} has 1 sample"):
        TradeoffClassifierCV(ts=[0.3, 0.7], method=method).fit(X, y)


def test_zero_weight_positives_is_a_clear_error():
    """Check that sample_weight zero on every positive is named as such, not
    reported as test folds lacking a class (every fold holds both)."""
    X, y = _data()
    s = np.where(y == 1, 0.0, 1.0)
    with pytest.raises(ValueError, match="zero on every sample of class 1"):
        TradeoffClassifierCV(ts=[0.3, 0.7], cv=3).fit(X, y, sample_weight=s)


class _CountingTree(DecisionTreeClassifier):
    """A tree that counts its fits (serial runs only)."""

    fits = 0

    def fit(self, X, y, sample_weight=None):
        type(self).fits += 1
        return super().fit(X, y, sample_weight=sample_weight)


class _CountingScaler(StandardScaler):
    fits = 0

    def fit(self, X, y=None, sample_weight=None):
        type(self).fits += 1
        return super().fit(X, y, sample_weight=sample_weight)


def test_auto_is_threshold_for_logistic_regression():
    """Check that the default on logistic regression is the threshold path:
    the same cv_results_ as method='threshold', no fold fitted at other ts."""
    X, y = _data()
    cv = _splits(X, y)
    auto = TradeoffClassifierCV(ts=TS, cv=cv).fit(X, y)
    threshold = TradeoffClassifierCV(ts=TS, cv=cv, method="threshold").fit(X, y)
    assert auto.method_ == "threshold"
    assert not auto.cv_results_["fitted_at_t"].any()
    for key in ("split0_test_sensitivity", "mean_test_balanced_accuracy"):
        np.testing.assert_array_equal(auto.cv_results_[key], threshold.cv_results_[key])
    assert auto.best_t_ == threshold.best_t_


def _logit(p):
    return math.log(p / (1 - p))


def _fold_rates(y_true, pred):
    return (
        recall_score(y_true, pred, pos_label=1),
        recall_score(y_true, pred, pos_label=0),
    )


def test_refine_fits_anchors_and_a_window_around_its_pick():
    """Check which ts the refined path fits exactly: the ts closest to 0.2, 0.5
    and 0.8 (in log-odds), and the ts of one window of at most three
    neighbours; best_t_ is one of them."""
    X, y = _data(n_samples=300)
    cv = _splits(X, y)
    ts = np.round(np.linspace(0.05, 0.95, 19), 10)
    clf = TradeoffClassifierCV(
        DecisionTreeClassifier(max_depth=3), ts=ts, cv=cv, method="refine"
    ).fit(X, y)
    assert clf.method_ == "refine"
    fitted = clf.cv_results_["fitted_at_t"]
    assert fitted[np.isin(ts, [0.2, 0.5, 0.8])].all()
    others = np.flatnonzero(fitted & ~np.isin(ts, [0.2, 0.5, 0.8]))
    assert others.size <= 3
    if others.size:
        assert others.max() - others.min() <= 2  # one window of neighbours
    assert fitted[clf.best_index_]


def _anchor_reading(tree, X, y, train, test, a, t):
    """Sensitivity and specificity of the tree fitted at ``a`` and read at
    ``t`` by Bayes' rule (positive when the odds p / (1 - p) reweighted by
    odds(t) / odds(a) reach 1), as ``(low, high)`` bounds: a tree's leaf can
    sit exactly on the threshold, and either side counts."""
    model = TradeoffClassifier(tree, t=a, random_state=0)
    p = model.fit(X[train], y[train]).predict_proba(X[test])[:, 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        odds = p / (1 - p) * (t / (1 - t)) / (a / (1 - a))
    strict = _fold_rates(y[test], (odds > 1 + 1e-9).astype(int))
    loose = _fold_rates(y[test], (odds >= 1 - 1e-9).astype(int))
    return np.array([strict[0], loose[1]]), np.array([loose[0], strict[1]])


def test_refine_rows_are_exact_fits_or_anchor_readings():
    """Check the refined path's fold scores against independent references:
    the exactly fitted rows equal GridSearchCV over TradeoffClassifier(t) on
    the same splits; a t between two anchors a < t < b is the average of the
    fits at a and b read at t by Bayes' rule, weighted by closeness in
    log-odds; a t beyond the anchors is the nearest anchor's reading."""
    X, y = _data(n_samples=300)
    cv = _splits(X, y)
    ts = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]
    tree = DecisionTreeClassifier(max_depth=3)
    clf = TradeoffClassifierCV(tree, ts=ts, cv=cv, method="refine", random_state=0)
    res = clf.fit(X, y).cv_results_
    fitted = res["fitted_at_t"]
    assert (~fitted).sum() >= 4
    expected = _grid_reference(tree, X, y, ts, cv)
    for k, (train, test) in enumerate(cv):
        for i, t in enumerate(ts):
            got = np.array(
                [res[f"split{k}_test_{m}"][i] for m in ("sensitivity", "specificity")]
            )
            if fitted[i]:
                want = [expected[f"split{k}_test_{m}"][i] for m in SCORING]
                np.testing.assert_allclose(got, want, atol=1e-12)
                continue
            if t < 0.2 or t > 0.8:
                a = 0.2 if t < 0.2 else 0.8
                low, high = _anchor_reading(tree, X, y, train, test, a, t)
            else:
                a, b = (0.2, 0.5) if t < 0.5 else (0.5, 0.8)
                w = (_logit(b) - _logit(t)) / (_logit(b) - _logit(a))
                low_a, high_a = _anchor_reading(tree, X, y, train, test, a, t)
                low_b, high_b = _anchor_reading(tree, X, y, train, test, b, t)
                low = w * low_a + (1 - w) * low_b
                high = w * high_a + (1 - w) * high_b
            assert np.all(low - 1e-12 <= got) and np.all(got <= high + 1e-12)


def test_refine_chosen_scores_equal_cross_val_score():
    """Check that the scores reported at best_t_ are those of an independent
    exact cross-validation of TradeoffClassifier(best_t_) on the same splits."""
    X, y = _data(n_samples=300, seed=3)
    cv = _splits(X, y)
    forest = RandomForestClassifier(n_estimators=5, random_state=0)
    clf = TradeoffClassifierCV(forest, cv=cv, method="refine", random_state=0)
    clf.fit(X, y)
    for metric, pos_label in (("sensitivity", 1), ("specificity", 0)):
        scores = cross_val_score(
            TradeoffClassifier(forest, t=clf.best_t_, random_state=0),
            X,
            y,
            cv=cv,
            scoring=make_scorer(recall_score, pos_label=pos_label),
        )
        reported = [
            clf.cv_results_[f"split{k}_test_{metric}"][clf.best_index_]
            for k in range(len(cv))
        ]
        np.testing.assert_allclose(reported, scores, atol=1e-12)


def test_refine_exact_where_reweighting_is_a_threshold_shift():
    """Check that the anchors' thresholds are exact where reweighting only
    shifts the odds: Gaussian naive Bayes (the class weights change only its
    class priors) scores every t as the exact path does."""
    X, y = _data(n_samples=300)
    cv = _splits(X, y)
    ts = np.round(np.linspace(0.05, 0.95, 19), 10)
    refine = TradeoffClassifierCV(GaussianNB(), ts=ts, cv=cv, method="refine")
    refit = TradeoffClassifierCV(GaussianNB(), ts=ts, cv=cv, method="refit")
    refine.fit(X, y)
    refit.fit(X, y)
    assert (~refine.cv_results_["fitted_at_t"]).any()
    for k in range(len(cv)):
        key = f"split{k}_test_balanced_accuracy"
        np.testing.assert_allclose(
            refine.cv_results_[key], refit.cv_results_[key], atol=1e-12
        )


def test_refine_minimum_chosen_among_exact_fits():
    """Check that with a minimum the refined path chooses, among its exactly
    fitted ts, the best balanced accuracy whose exact mean sensitivity reaches
    the minimum."""
    X, y = _data(n_samples=300)
    clf = TradeoffClassifierCV(
        DecisionTreeClassifier(max_depth=3),
        cv=3,
        min_sensitivity=0.8,
        method="refine",
        random_state=0,
    ).fit(X, y)
    res = clf.cv_results_
    fitted = res["fitted_at_t"]
    feasible = fitted & (res["mean_test_sensitivity"] >= 0.8)
    assert feasible.any() and clf.requirement_met_
    ba = res["mean_test_balanced_accuracy"]
    assert feasible[clf.best_index_]
    assert ba[clf.best_index_] == ba[feasible].max()


def test_refine_unreachable_minimum_warns_and_says_so():
    """Check that a minimum no exactly fitted t reaches gives the usual warning
    and requirement_met_=False, never an approximated t."""
    X, y = _data(n_samples=300)
    clf = TradeoffClassifierCV(
        DecisionTreeClassifier(max_depth=2),
        cv=3,
        min_sensitivity=1.0,
        min_specificity=1.0,
        method="refine",
    )
    with pytest.warns(UserWarning, match="No candidate reaches the minimums"):
        clf.fit(X, y)
    assert not clf.requirement_met_
    assert clf.cv_results_["fitted_at_t"][clf.best_index_]


def test_refine_cost_is_bounded():
    """Check that the refined path fits at most 6 models per fold (3 anchors,
    at most 3 refits) and the final model, against k x len(ts) + 1 for
    method='refit'."""
    X, y = _data()
    cv = _splits(X, y)
    ts = DEFAULT_TS
    _CountingTree.fits = 0
    TradeoffClassifierCV(_CountingTree(max_depth=3), cv=cv, method="refine").fit(X, y)
    assert 3 * len(cv) + 1 <= _CountingTree.fits <= 6 * len(cv) + 1
    _CountingTree.fits = 0
    TradeoffClassifierCV(_CountingTree(max_depth=3), cv=cv, method="refit").fit(X, y)
    assert _CountingTree.fits == len(cv) * ts.size + 1


def test_refit_path_fits_pipeline_preprocessing_once_per_fold():
    """Check that a Pipeline's preprocessing is fitted once per fold (and once
    for the final model) on the exact path, not once per t."""
    X, y = _data()
    cv = _splits(X, y)
    _CountingScaler.fits = 0
    model = make_pipeline(_CountingScaler(), DecisionTreeClassifier(max_depth=2))
    clf = TradeoffClassifierCV(model, ts=TS, cv=cv, method="refit", random_state=0)
    clf.fit(X, y)
    assert _CountingScaler.fits == len(cv) + 1
    expected = _grid_reference(model, X, y, TS, cv)
    np.testing.assert_allclose(
        clf.cv_results_["mean_test_sensitivity"], expected["mean_test_sensitivity"]
    )


def test_auto_with_confidence_refits_every_t():
    """Check that confidence bounds are never computed from approximations:
    with confidence, 'auto' on a tree refits every t."""
    X, y = _data()
    clf = TradeoffClassifierCV(
        DecisionTreeClassifier(max_depth=2), ts=TS, cv=2, confidence=0.8
    ).fit(X, y)
    assert clf.method_ == "refit"
    assert clf.cv_results_["fitted_at_t"].all()


def test_verbose_reports_fits_and_time_left(capsys):
    """Check that verbose=1 prints the fits done out of the total and the time
    left after each fold, and verbose=0 prints nothing."""
    X, y = _data()
    TradeoffClassifierCV(ts=TS, cv=3, verbose=1).fit(X, y)
    out = capsys.readouterr().out
    assert "totalling 3 fits" in out
    assert "3/3 fits done" in out and "s left" in out
    assert "refitting at best_t_=" in out
    TradeoffClassifierCV(ts=TS, cv=3).fit(X, y)
    assert capsys.readouterr().out == ""
    tree = DecisionTreeClassifier(max_depth=2)
    TradeoffClassifierCV(tree, ts=DEFAULT_TS, cv=3, verbose=1).fit(X, y)
    out = capsys.readouterr().out
    assert "exact fits at t = 0.2, 0.5, 0.8 to find the region, totalling 9" in out
    assert "9/9 fits done" in out and "exact refits around it at t = " in out


def test_parallel_jobs_limit_threads():
    """Check that with several jobs each fold's fits run with at most
    cores // jobs BLAS/OpenMP threads."""
    from joblib import cpu_count
    from threadpoolctl import threadpool_info

    seen = []

    class Recording(DecisionTreeClassifier):
        def fit(self, X, y, sample_weight=None):
            seen.append(max((p["num_threads"] for p in threadpool_info()), default=1))
            return super().fit(X, y, sample_weight=sample_weight)

    X, y = _data()
    with parallel_config(backend="threading"):
        TradeoffClassifierCV(
            Recording(), ts=TS, cv=2, method="threshold", n_jobs=2
        ).fit(X, y)
    assert seen
    assert max(seen[:-1]) <= max(1, cpu_count() // 2)  # the final refit is serial


# --------------------------------------------------------------------------------------
# Threads, read-only inputs, the caller's objects, saving and loading: the checks
# that tests/test_tradeoff.py runs on TradeoffClassifier.

SMALL_X, SMALL_Y = make_classification(
    n_samples=200, n_features=5, weights=[0.85], random_state=0
)
SMALL_SW = np.random.RandomState(0).uniform(0.5, 2.0, size=SMALL_Y.size)


def test_threads_predict_like_sequential_calls():
    """Check that 8 threads calling every prediction method of one fitted model at
    once get exactly the results of sequential calls."""
    model = TradeoffClassifierCV(ts=[0.3, 0.5, 0.7], cv=2, random_state=0)
    assert_threads_match_sequential(model.fit(SMALL_X, SMALL_Y), SMALL_X)


def test_fit_accepts_read_only_inputs():
    """Check that fit works on read-only X, y, sample_weight and learns what it
    learns from writeable copies of them."""
    model = TradeoffClassifierCV(
        LogisticRegression(), ts=[0.3, 0.7], cv=2, random_state=0
    )
    assert_read_only_fit_matches_copies(model, SMALL_X, SMALL_Y, SMALL_SW)


def test_fit_mutates_nothing():
    """Check that fit changes none of the caller's writeable X, y and
    sample_weight, nor the wrapped estimator."""
    model = TradeoffClassifierCV(
        LogisticRegression(), ts=[0.3, 0.7], cv=2, random_state=0
    )
    assert_fit_leaves_inputs_alone(model, SMALL_X, SMALL_Y, SMALL_SW)


@pytest.mark.parametrize(
    "round_trip", list(ROUND_TRIPS.values()), ids=list(ROUND_TRIPS)
)
def test_round_trip_gives_identical_predictions(round_trip, tmp_path):
    """Check that a fitted model loads back with identical predictions,
    probabilities and decision scores."""
    X, y = make_classification(
        n_samples=150, n_features=4, weights=[0.85], random_state=0
    )
    X_new = np.random.RandomState(1).normal(size=(60, 4))
    original = TradeoffClassifierCV(ts=[0.3, 0.5, 0.7], cv=2, random_state=0).fit(X, y)
    assert_same_predictions(round_trip(original, tmp_path), original, X_new)


def test_auto_selection_is_one_se_for_other_estimators():
    """Check that selection="auto" means the one-standard-error rule for an
    estimator that does not ask for another (a logistic regression): the
    same choice as selection="one_se", said in selection_."""
    X, y = _data(n_samples=150)
    auto = TradeoffClassifierCV(ts=TS, cv=3, method="threshold").fit(X, y)
    one_se = TradeoffClassifierCV(
        ts=TS, cv=3, method="threshold", selection="one_se"
    ).fit(X, y)
    assert auto.selection_ == "one_se"
    assert auto.best_index_ == one_se.best_index_ == _one_se_reference(auto.cv_results_)
