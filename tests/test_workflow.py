"""The library's own workflow, end to end, over the label kinds users have.

Wrap a classifier, score it with the library's scorers in ``cross_val_score``,
tune ``t`` with a scikit-learn search and ``constrained_refit``: every score is
finite and equal to a reference computed by hand (confusion counts of the same
fits on the same splits, or scikit-learn's ``recall_score``), and the search
chooses the ``t`` that ``TradeoffClassifierCV`` chooses on the same splits.

The matrix: label kinds (integers, strings, pandas Categorical, bool, {-1, 1}
with either class positive, a one-column DataFrame, rare positives with a test
fold without any) x searches (GridSearchCV, RandomizedSearchCV,
HalvingGridSearchCV, nested ``cross_val_score`` of a search) x scorers.
"""

import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.datasets import make_classification
from sklearn.ensemble import StackingClassifier, VotingClassifier
from sklearn.exceptions import DataConversionWarning, UndefinedMetricWarning
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import make_scorer, recall_score
from sklearn.model_selection import (
    GridSearchCV,
    HalvingGridSearchCV,
    KFold,
    RandomizedSearchCV,
    StratifiedKFold,
    cross_val_predict,
    cross_val_score,
)

from sk_imbalance import TradeoffClassifier
from sk_imbalance.exceptions import SkImbalanceWarning
from sk_imbalance.metrics import (
    make_per_class_accuracy_scorer,
    make_tradeoff_scorer,
    per_class_accuracy_score,
    sensitivity_scorer,
    specificity_scorer,
    tradeoff_scoring,
)
from sk_imbalance.model_selection import TradeoffClassifierCV, constrained_refit

pd = pytest.importorskip("pandas")

TS = [0.3, 0.5, 0.7, 0.9]
MIN_SENSITIVITY = 0.75


def _features(n_samples=150, weights=(0.75,), random_state=0):
    return make_classification(
        n_samples=n_samples,
        n_features=5,
        n_informative=3,
        weights=list(weights),
        flip_y=0.05,
        class_sep=0.8,
        random_state=random_state,
    )


def _case(kind):
    """``(X, y as the user passes it, y as a flat array, positive class,
    pos_label to give the wrapper, splits)`` for one label kind."""
    X, y01 = _features()
    splits = list(StratifiedKFold(3, shuffle=True, random_state=0).split(X, y01))
    positive, pos_label = 1, None
    if kind == "int":
        y = y01
    elif kind in ("strings", "categorical"):
        y = np.array(["stay", "churn"], dtype=object)[y01]
        positive = pos_label = "churn"
        if kind == "categorical":
            y = pd.Series(pd.Categorical(y), name="label")
    elif kind == "bool":
        y = y01.astype(bool)
        positive = True
    elif kind == "minus-one-positive":
        # 1 is a label here, but the negative one: the trap of a default of 1.
        y = np.array([1, -1])[y01]
        positive = pos_label = -1
    elif kind == "plus-one-positive":
        y = np.array([-1, 1])[y01]
    elif kind == "zero-positive":
        y = 1 - y01
        positive = pos_label = 0
    elif kind == "column-dataframe":
        y = pd.DataFrame({"churn": y01})
    elif kind == "rare-empty-fold":
        X, y01 = _features(n_samples=120, weights=(0.9,), random_state=1)
        # All positives among the first two thirds of the rows: the last
        # unshuffled test fold holds none, the others hold some.
        pos, neg = np.flatnonzero(y01), np.flatnonzero(y01 == 0)
        head = np.random.RandomState(0).permutation(np.r_[pos, neg[: 80 - pos.size]])
        order = np.r_[head, neg[80 - pos.size :]]
        X, y = X[order], y01[order]
        splits = list(KFold(3).split(X))  # the last test fold has no positive
        assert not y[splits[-1][1]].any()
    else:
        raise ValueError(kind)
    flat = np.asarray(y).ravel()
    return X, y, flat, positive, pos_label, splits


KINDS = [
    "int",
    "strings",
    "categorical",
    "bool",
    "minus-one-positive",
    "plus-one-positive",
    "zero-positive",
    "column-dataframe",
    "rare-empty-fold",
]


def _rows(y, idx):
    return y.iloc[idx] if hasattr(y, "iloc") else y[idx]


def _hand_rates(X, y, flat, positive, pos_label, splits, t):
    """Sensitivity and specificity per split, from confusion counts by hand;
    NaN for a split without positives (or negatives)."""
    sens, spec = [], []
    for train, test in splits:
        model = TradeoffClassifier(LogisticRegression(), t=t, pos_label=pos_label)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataConversionWarning)
            model.fit(X[train], _rows(y, train))
        truth = flat[test] == positive
        said = np.asarray(model.predict(X[test])) == positive
        tp, fn = np.sum(truth & said), np.sum(truth & ~said)
        tn, fp = np.sum(~truth & ~said), np.sum(~truth & said)
        sens.append(tp / (tp + fn) if tp + fn else np.nan)
        spec.append(tn / (tn + fp) if tn + fp else np.nan)
    return np.array(sens), np.array(spec)


def _quiet():
    """The warnings the matrix expects: a column y (DataConversionWarning) and
    a fold without positives (UndefinedMetricWarning)."""
    manager = warnings.catch_warnings()
    manager.__enter__()
    warnings.simplefilter("ignore", DataConversionWarning)
    warnings.simplefilter("ignore", UndefinedMetricWarning)
    warnings.simplefilter("ignore", SkImbalanceWarning)
    return manager


def _grid(pos_label, splits, refit):
    return GridSearchCV(
        TradeoffClassifier(LogisticRegression(), pos_label=pos_label),
        {"t": TS},
        scoring=tradeoff_scoring(),
        refit=refit,
        cv=splits,
        error_score="raise",
    )


@pytest.mark.parametrize("kind", KINDS)
def test_grid_search_scores_equal_hand_counts(kind):
    """Check that GridSearchCV with tradeoff_scoring() scores every split of
    every t as confusion counts by hand (an empty fold: zero_division, 0.0)."""
    X, y, flat, positive, pos_label, splits = _case(kind)
    manager = _quiet()
    try:
        search = _grid(pos_label, splits, "balanced_accuracy").fit(X, y)
    finally:
        manager.__exit__(None, None, None)
    for i, t in enumerate(TS):
        sens, spec = _hand_rates(X, y, flat, positive, pos_label, splits, t)
        for k in range(len(splits)):
            for name, hand in (("sensitivity", sens), ("specificity", spec)):
                got = search.cv_results_[f"split{k}_test_{name}"][i]
                expected = 0.0 if np.isnan(hand[k]) else hand[k]
                assert got == pytest.approx(expected), (name, t, k)


def _agreement_cases():
    for kind in KINDS:
        for scoring in ("plain", "counts", "nan"):
            marks = ()
            if kind == "rare-empty-fold" and scoring == "plain":
                marks = pytest.mark.xfail(
                    strict=True,
                    reason="with the default zero_division a fold without "
                    "positives scores 0.0, which cv_results_ cannot tell from a "
                    "real 0: constrained_refit averages it in while "
                    "TradeoffClassifierCV leaves it out; record the counts "
                    "(tradeoff_scoring(counts=True)) or score it NaN",
                )
            yield pytest.param(kind, scoring, marks=marks, id=f"{kind}-{scoring}")


@pytest.mark.parametrize("kind, scoring", list(_agreement_cases()))
def test_grid_search_chooses_the_t_of_tradeoff_classifier_cv(kind, scoring):
    """Check that GridSearchCV + constrained_refit chooses the t that
    TradeoffClassifierCV chooses on the same splits (tradeoff_scoring() as is,
    with counts=True, and with zero_division=np.nan)."""
    X, y, _flat, _positive, pos_label, splits = _case(kind)
    refit = constrained_refit("specificity", sensitivity=MIN_SENSITIVITY)
    kwargs = {"counts": {"counts": True}, "nan": {"zero_division": np.nan}}
    manager = _quiet()
    try:
        search = _grid(pos_label, splits, refit)
        search.set_params(scoring=tradeoff_scoring(**kwargs.get(scoring, {})))
        search.fit(X, y)
        cv_model = TradeoffClassifierCV(
            LogisticRegression(),
            ts=TS,
            cv=splits,
            objective="specificity",
            min_sensitivity=MIN_SENSITIVITY,
            method="refit",
            pos_label=pos_label,
        ).fit(X, y)
    finally:
        manager.__exit__(None, None, None)
    assert search.best_params_["t"] == cv_model.best_t_


@pytest.mark.parametrize("kind", ["strings", "minus-one-positive", "categorical"])
def test_randomized_search_scores_equal_recall_score(kind):
    """Check that RandomizedSearchCV with the library's scorers gives the scores
    of scikit-learn's recall_score with the positive class spelled out."""
    X, y, flat, positive, pos_label, splits = _case(kind)
    negative = next(c for c in np.unique(flat) if c != positive)
    reference = {
        "sensitivity": make_scorer(recall_score, pos_label=positive),
        "specificity": make_scorer(recall_score, pos_label=negative),
    }
    ours = {k: v for k, v in tradeoff_scoring().items() if k in reference}
    results = []
    for scoring in (ours, reference):
        search = RandomizedSearchCV(
            TradeoffClassifier(LogisticRegression(), pos_label=pos_label),
            {"t": TS},
            n_iter=3,
            scoring=scoring,
            refit=False,
            cv=splits,
            random_state=0,
            error_score="raise",
        )
        results.append(search.fit(X, y).cv_results_)
    for name in reference:
        key = f"mean_test_{name}"
        assert np.isfinite(results[0][key]).all()
        np.testing.assert_allclose(results[0][key], results[1][key])


@pytest.mark.parametrize("kind", ["strings", "bool", "minus-one-positive"])
def test_halving_search_scores_equal_recall_score(kind):
    """Check that HalvingGridSearchCV (one metric: the tradeoff scorer) gives the
    scores of the same search scored with recall_score by hand."""
    X, y, flat, positive, pos_label, _splits = _case(kind)
    negative = next(c for c in np.unique(flat) if c != positive)

    def hand_tradeoff(y_true, y_pred):
        return 0.7 * recall_score(y_true, y_pred, pos_label=positive) + (
            0.3 * recall_score(y_true, y_pred, pos_label=negative)
        )

    results = []
    for scoring in (make_tradeoff_scorer(0.7), make_scorer(hand_tradeoff)):
        search = HalvingGridSearchCV(
            TradeoffClassifier(LogisticRegression(), pos_label=pos_label),
            {"t": TS},
            scoring=scoring,
            cv=StratifiedKFold(3, shuffle=True, random_state=0),
            min_resources=60,
            random_state=0,
            error_score="raise",
        )
        results.append(search.fit(X, y))
    assert np.isfinite(results[0].cv_results_["mean_test_score"]).all()
    np.testing.assert_allclose(
        results[0].cv_results_["mean_test_score"],
        results[1].cv_results_["mean_test_score"],
    )
    assert results[0].best_params_ == results[1].best_params_


@pytest.mark.parametrize("kind", ["strings", "minus-one-positive", "column-dataframe"])
def test_nested_cross_val_score_of_a_search_equals_hand_folds(kind):
    """Check nested cross-validation of the documented workflow: each outer
    score is the sensitivity, by hand, of a search fitted on the outer
    training rows."""
    X, y, flat, positive, pos_label, splits = _case(kind)
    refit = constrained_refit("specificity", sensitivity=MIN_SENSITIVITY)
    search = GridSearchCV(
        TradeoffClassifier(LogisticRegression(), pos_label=pos_label),
        {"t": TS},
        scoring=tradeoff_scoring(),
        refit=refit,
        cv=StratifiedKFold(3, shuffle=True, random_state=1),
    )
    manager = _quiet()
    try:
        scores = cross_val_score(
            search, X, y, scoring=sensitivity_scorer, cv=splits, error_score="raise"
        )
        expected = []
        for train, test in splits:
            fitted = clone(search).fit(X[train], _rows(y, train))
            said = np.asarray(fitted.predict(X[test])) == positive
            truth = flat[test] == positive
            expected.append(np.sum(said & truth) / np.sum(truth))
    finally:
        manager.__exit__(None, None, None)
    np.testing.assert_allclose(scores, expected)


@pytest.mark.parametrize("kind", KINDS)
def test_cross_val_score_ready_scorers_equal_hand_counts(kind):
    """Check cross_val_score with the ready scorers on every label kind."""
    X, y, flat, positive, pos_label, splits = _case(kind)
    model = TradeoffClassifier(LogisticRegression(), t=0.7, pos_label=pos_label)
    manager = _quiet()
    try:
        sens = cross_val_score(model, X, y, scoring=sensitivity_scorer, cv=splits)
        spec = cross_val_score(model, X, y, scoring=specificity_scorer, cv=splits)
    finally:
        manager.__exit__(None, None, None)
    hand_sens, hand_spec = _hand_rates(X, y, flat, positive, pos_label, splits, 0.7)
    np.testing.assert_allclose(sens, np.nan_to_num(hand_sens, nan=0.0))
    np.testing.assert_allclose(spec, np.nan_to_num(hand_spec, nan=0.0))


# Label-encoding meta-estimators (item: string labels inside Stacking, soft
# Voting and cross_val_predict(method="predict_proba")).


def _churn():
    X, y01 = _features()
    return X, np.array(["stay", "churn"], dtype=object)[y01]


@pytest.mark.parametrize(
    "fit",
    [
        lambda est, X, y: StackingClassifier([("t", est)]).fit(X, y),
        lambda est, X, y: VotingClassifier([("t", est)], voting="soft").fit(X, y),
        lambda est, X, y: cross_val_predict(est, X, y, method="predict_proba", cv=3),
    ],
    ids=["stacking", "soft-voting", "cross-val-predict-proba"],
)
def test_string_pos_label_under_label_encoding_names_the_fix(fit):
    """Check that a string pos_label inside a meta-estimator that label-encodes
    y raises an error that says so and gives the code to pass."""
    X, y = _churn()
    model = TradeoffClassifier(LogisticRegression(), t=0.8, pos_label="churn")
    match = r"label codes.*pos_label=sorted\(set\(y\)\)\.index\('churn'\)"
    with pytest.raises(ValueError, match=match):
        fit(model, X, y)


def test_string_pos_label_of_tradeoff_classifier_cv_under_label_encoding():
    """Check that TradeoffClassifierCV inside cross_val_predict(method=
    "predict_proba") gives the same error with the code to pass."""
    X, y = _churn()
    model = TradeoffClassifierCV(
        LogisticRegression(), ts=[0.3, 0.7], cv=2, pos_label="churn"
    )
    with pytest.raises(ValueError, match=r"label codes.*index\('churn'\)"):
        cross_val_predict(model, X, y, method="predict_proba", cv=2)


def test_pos_label_code_inside_stacking_fits_the_string_model():
    """Check that the code of the positive class inside StackingClassifier gives
    the member TradeoffClassifier(pos_label="churn") fits on the string labels."""
    X, y = _churn()
    code = sorted(set(y)).index("churn")
    stack = StackingClassifier(
        [("t", TradeoffClassifier(LogisticRegression(), t=0.8, pos_label=code))]
    ).fit(X, y)
    direct = TradeoffClassifier(LogisticRegression(), t=0.8, pos_label="churn")
    direct.fit(X, y)
    np.testing.assert_allclose(
        stack.estimators_[0].predict_proba(X), direct.predict_proba(X)
    )


def test_pos_label_code_in_cross_val_predict_proba_matches_hand_folds():
    """Check cross_val_predict(method="predict_proba") with the code of the
    positive class against the string-label model fitted fold by fold."""
    X, y = _churn()
    code = sorted(set(y)).index("churn")
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    proba = cross_val_predict(
        TradeoffClassifier(LogisticRegression(), t=0.8, pos_label=code),
        X,
        y,
        cv=cv,
        method="predict_proba",
    )
    expected = np.empty_like(proba)
    for train, test in cv.split(X, y):
        model = TradeoffClassifier(LogisticRegression(), t=0.8, pos_label="churn")
        expected[test] = model.fit(X[train], y[train]).predict_proba(X[test])
    np.testing.assert_allclose(proba, expected)


# Per-class accuracy with the labels of the model.


def test_per_class_scorer_misspelled_label_errors_in_search():
    """Check that a per-class scorer whose label matches no class ("Fraud" on
    "fraud") fails the search by name instead of scoring 0 everywhere."""
    X, y01 = _features()
    y = np.array(["ok", "fraud"], dtype=object)[y01]
    search = GridSearchCV(
        TradeoffClassifier(LogisticRegression(), pos_label="fraud"),
        {"t": [0.3, 0.7]},
        scoring=make_per_class_accuracy_scorer("Fraud"),
        cv=3,
        error_score="raise",
    )
    with pytest.raises(ValueError, match=r"label='Fraud' .* not among the classes"):
        search.fit(X, y)


def test_per_class_accuracy_output_dict_names_each_value():
    """Check that output_dict keys each accuracy by its label, so a fold that
    lacks a class of the model cannot shift the values onto other classes."""
    y_true = np.array(["a", "a", "c", "c", "c"])
    y_pred = np.array(["a", "c", "c", "c", "a"])  # "b" absent from this fold
    expected = recall_score(y_true, y_pred, labels=["a", "c"], average=None)
    assert per_class_accuracy_score(y_true, y_pred, output_dict=True) == {
        "a": expected[0],
        "c": expected[1],
    }


def test_calibrated_tradeoff_classifier_in_workflow_scores_its_class():
    """Check that a scorer does not look inside a wrapper that decides itself:
    CalibratedClassifierCV around TradeoffClassifier(pos_label=-1) declares no
    positive class, so the scorer falls back to class 1 (a label here)."""
    X, y01 = _features()
    y = np.array([1, -1])[y01]
    model = CalibratedClassifierCV(
        TradeoffClassifier(LogisticRegression(), pos_label=-1), cv=3
    ).fit(X, y)
    expected = recall_score(y, model.predict(X), pos_label=1)
    assert sensitivity_scorer(model, X, y) == expected


@pytest.mark.parametrize("kind", ["strings", "minus-one-positive"])
def test_nested_cross_val_score_without_scoring_scores_the_maximised_metric(kind):
    """Check nested cross_val_score of a search refitted by constrained_refit
    without scoring=: search.score gives the maximised metric (specificity) of
    the positive class, by hand, on each outer test fold."""
    X, y, flat, positive, pos_label, splits = _case(kind)
    search = _grid(
        pos_label, 3, constrained_refit("specificity", sensitivity=MIN_SENSITIVITY)
    )
    manager = _quiet()
    try:
        scores = cross_val_score(search, X, y, cv=splits, error_score="raise")
        expected = []
        for train, test in splits:
            fitted = clone(search).fit(X[train], _rows(y, train))
            said = np.asarray(fitted.predict(X[test])) == positive
            truth = flat[test] == positive
            expected.append(np.sum(~said & ~truth) / np.sum(~truth))
    finally:
        manager.__exit__(None, None, None)
    np.testing.assert_allclose(scores, expected)


@pytest.mark.parametrize("kind", ["strings", "minus-one-positive"])
def test_search_fit_with_sample_weight_scores_as_recall_score(kind):
    """Check GridSearchCV.fit(..., sample_weight=w) without routing: the
    library's scorers receive (or not) the weights exactly as scikit-learn's
    recall_score scorers do in the same search."""
    X, y, flat, positive, pos_label, splits = _case(kind)
    negative = next(c for c in np.unique(flat) if c != positive)
    w = np.random.RandomState(0).randint(1, 4, flat.size).astype(float)
    reference = {
        "sensitivity": make_scorer(recall_score, pos_label=positive),
        "specificity": make_scorer(recall_score, pos_label=negative),
    }
    ours = {k: v for k, v in tradeoff_scoring().items() if k in reference}
    results = []
    for scoring in (ours, reference):
        search = _grid(pos_label, splits, False).set_params(scoring=scoring)
        results.append(search.fit(X, y, sample_weight=w).cv_results_)
    for name in reference:
        key = f"mean_test_{name}"
        assert np.isfinite(results[0][key]).all()
        np.testing.assert_allclose(results[0][key], results[1][key])
