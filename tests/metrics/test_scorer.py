"""Tests for the scorers inside real model-selection tools.

References: scikit-learn's ``recall_score`` and ``balanced_accuracy_score`` on
the same folds, computed by hand from the estimator's predictions.
"""

import pickle
import warnings

import numpy as np
import pytest
from sklearn import config_context
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.dummy import DummyClassifier
from sklearn.exceptions import DataConversionWarning, UndefinedMetricWarning
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, make_scorer, recall_score
from sklearn.model_selection import (
    GridSearchCV,
    KFold,
    StratifiedKFold,
    TunedThresholdClassifierCV,
    cross_val_score,
    cross_validate,
)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sk_imbalance import TradeoffClassifier, TradeoffClassifierCV
from sk_imbalance.exceptions import AbsentClassWarning
from sk_imbalance.metrics import (
    balanced_accuracy_scorer,
    make_per_class_accuracy_scorer,
    make_sensitivity_scorer,
    make_specificity_scorer,
    make_tradeoff_scorer,
    sensitivity_scorer,
    specificity_scorer,
    tradeoff_scoring,
)

CV = StratifiedKFold(3, shuffle=True, random_state=0)


@pytest.fixture(scope="module")
def data():
    X, y = make_classification(
        n_samples=240, weights=[0.85], flip_y=0.05, class_sep=0.8, random_state=0
    )
    return X, y


@pytest.fixture(scope="module")
def fitted(data):
    X, y = data
    return LogisticRegression().fit(X, y), X, y


def _fold_scores(estimator, X, y, metric, cv=CV, sample_weight=None, fit_weight=False):
    """Per-fold scores computed by hand."""
    scores = []
    for train, test in cv.split(X, y):
        fit_params = {}
        if fit_weight:
            fit_params["sample_weight"] = sample_weight[train]
        model = clone(estimator).fit(X[train], y[train], **fit_params)
        w = None if sample_weight is None else sample_weight[test]
        scores.append(metric(y[test], model.predict(X[test]), sample_weight=w))
    return np.array(scores)


def test_ready_scorers_score_predictions(fitted):
    """Check the ready scorers against recall_score/balanced_accuracy_score."""
    model, X, y = fitted
    y_pred = model.predict(X)
    assert sensitivity_scorer(model, X, y) == recall_score(y, y_pred)
    assert specificity_scorer(model, X, y) == recall_score(y, y_pred, pos_label=0)
    assert balanced_accuracy_scorer(model, X, y) == pytest.approx(
        balanced_accuracy_score(y, y_pred)
    )


def test_sensitivity_of_negative_equals_specificity(fitted):
    """Check make_sensitivity_scorer(pos_label=0) == make_specificity_scorer(1)."""
    model, X, y = fitted
    assert make_sensitivity_scorer(pos_label=0)(model, X, y) == (
        make_specificity_scorer(pos_label=1)(model, X, y)
    )


def test_per_class_accuracy_scorer_on_multiclass():
    """Check make_per_class_accuracy_scorer against recall_score per label."""
    X, y = make_classification(
        n_samples=150, n_classes=3, n_informative=4, random_state=0
    )
    model = LogisticRegression().fit(X, y)
    expected = recall_score(y, model.predict(X), average=None)
    for label in range(3):
        assert make_per_class_accuracy_scorer(label)(model, X, y) == expected[label]


def test_tradeoff_scorer_value(fitted):
    """Check make_tradeoff_scorer = t * recall(pos) + (1 - t) * recall(neg)."""
    model, X, y = fitted
    y_pred = model.predict(X)
    expected = 0.3 * recall_score(y, y_pred) + 0.7 * recall_score(
        y, y_pred, pos_label=0
    )
    assert make_tradeoff_scorer(0.3)(model, X, y) == pytest.approx(expected)


def test_cross_val_score_with_string_labels(data):
    """Check cross_val_score with string labels and an explicit pos_label."""
    X, y = data
    y_str = np.array(["healthy", "sick"])[y]
    scorer = make_sensitivity_scorer(pos_label="sick")
    scores = cross_val_score(LogisticRegression(), X, y_str, scoring=scorer, cv=CV)
    expected = _fold_scores(
        LogisticRegression(),
        X,
        y_str,
        lambda yt, yp, sample_weight: recall_score(yt, yp, pos_label="sick"),
    )
    np.testing.assert_allclose(scores, expected)


def test_ready_scorer_on_string_labels_names_the_fix(data):
    """Check that a ready scorer on string labels of a model without a positive
    class raises an error naming the labels and pos_label."""
    X, y = data
    y_str = np.array(["healthy", "sick"])[y]
    match = r"1 is not among the labels \['healthy', 'sick'\].*pos_label="
    with pytest.raises(ValueError, match=match):
        cross_val_score(
            LogisticRegression(),
            X,
            y_str,
            scoring=sensitivity_scorer,
            cv=CV,
            error_score="raise",
        )


def test_cross_validate_with_tradeoff_scoring(data):
    """Check the three scores of tradeoff_scoring in cross_validate."""
    X, y = data
    result = cross_validate(
        LogisticRegression(), X, y, scoring=tradeoff_scoring(), cv=CV
    )
    references = {
        "sensitivity": lambda yt, yp, sample_weight: recall_score(yt, yp),
        "specificity": lambda yt, yp, sample_weight: recall_score(yt, yp, pos_label=0),
        "balanced_accuracy": balanced_accuracy_score,
    }
    for name, metric in references.items():
        expected = _fold_scores(LogisticRegression(), X, y, metric)
        np.testing.assert_allclose(result[f"test_{name}"], expected)


def test_grid_search_sensitivity_rises_with_t(data):
    """Check that in a search over TradeoffClassifier's t, sensitivity rises with t."""
    X, y = data
    ts = [0.05, 0.2, 0.5, 0.8, 0.95]
    search = GridSearchCV(
        TradeoffClassifier(LogisticRegression()),
        {"t": ts},
        scoring=tradeoff_scoring(),
        refit="sensitivity",
        cv=CV,
    ).fit(X, y)
    sens = search.cv_results_["mean_test_sensitivity"]
    spec = search.cv_results_["mean_test_specificity"]
    assert np.all(np.diff(sens) >= 0) and sens[-1] > sens[0]
    assert np.all(np.diff(spec) <= 0) and spec[-1] < spec[0]
    assert search.best_index_ == np.argmax(sens == sens.max())
    assert search.best_estimator_.t == ts[search.best_index_]


def test_grid_search_refit_balanced_accuracy_matches_reference(data):
    """Check multi-metric refit against the same search with sklearn's scorers."""
    X, y = data
    grid = {"t": [0.1, 0.5, 0.9]}
    ours = GridSearchCV(
        TradeoffClassifier(LogisticRegression()),
        grid,
        cv=CV,
        scoring=tradeoff_scoring(),
        refit="balanced_accuracy",
    ).fit(X, y)
    reference = GridSearchCV(
        TradeoffClassifier(LogisticRegression()),
        grid,
        cv=CV,
        scoring={
            "sensitivity": make_scorer(recall_score),
            "specificity": make_scorer(recall_score, pos_label=0),
            "balanced_accuracy": "balanced_accuracy",
        },
        refit="balanced_accuracy",
    ).fit(X, y)
    for name in ("sensitivity", "specificity", "balanced_accuracy"):
        key = f"mean_test_{name}"
        np.testing.assert_allclose(ours.cv_results_[key], reference.cv_results_[key])
    assert ours.best_params_ == reference.best_params_


def test_grid_search_single_metric_tradeoff_scorer(data):
    """Check a single-metric search with make_tradeoff_scorer picks its argmax."""
    X, y = data
    search = GridSearchCV(
        TradeoffClassifier(LogisticRegression()),
        {"t": [0.1, 0.5, 0.9]},
        scoring=make_tradeoff_scorer(0.9),
        cv=CV,
    ).fit(X, y)
    means = search.cv_results_["mean_test_score"]
    assert search.best_index_ == int(np.argmax(means))
    assert search.best_params_ == {"t": 0.9}


def test_tuned_threshold_matches_reference_scorer(data):
    """Check TunedThresholdClassifierCV with our tradeoff scorer vs a hand one."""
    X, y = data

    def hand_tradeoff(y_true, y_pred, pos_label=1):
        return 0.8 * recall_score(y_true, y_pred, pos_label=pos_label) + (
            0.2 * recall_score(y_true, y_pred, pos_label=1 - pos_label)
        )

    kwargs = {"cv": CV, "thresholds": 20}
    ours = TunedThresholdClassifierCV(
        LogisticRegression(), scoring=make_tradeoff_scorer(0.8), **kwargs
    ).fit(X, y)
    reference = TunedThresholdClassifierCV(
        LogisticRegression(),
        scoring=make_scorer(hand_tradeoff, pos_label=1),
        **kwargs,
    ).fit(X, y)
    assert ours.best_threshold_ == pytest.approx(reference.best_threshold_)
    assert ours.best_score_ == pytest.approx(reference.best_score_)


def test_tuned_threshold_with_string_labels(data):
    """Check that a string pos_label reaches TunedThresholdClassifierCV."""
    X, y = data
    y_str = np.array(["healthy", "sick"])[y]
    tuned = TunedThresholdClassifierCV(
        LogisticRegression(),
        cv=CV,
        thresholds=20,
        scoring=make_tradeoff_scorer(0.9, pos_label="sick"),
    ).fit(X, y_str)
    default = LogisticRegression().fit(X, y_str)
    sick = y_str == "sick"
    # Weighting sensitivity 0.9 lowers the bar for "sick" below 0.5.
    assert tuned.best_threshold_ < 0.5
    assert np.mean(tuned.predict(X)[sick] == "sick") >= np.mean(
        default.predict(X)[sick] == "sick"
    )


def test_routed_sample_weight_reaches_scorer(data):
    """Check that with routing on, a requested sample_weight weighs the scores."""
    X, y = data
    w = np.random.default_rng(0).integers(1, 5, y.size).astype(float)
    with config_context(enable_metadata_routing=True):
        estimator = LogisticRegression().set_fit_request(sample_weight=True)
        scoring = {
            "sens": make_sensitivity_scorer().set_score_request(sample_weight=True),
            "spec": make_specificity_scorer().set_score_request(sample_weight=True),
            "bacc": tradeoff_scoring()["balanced_accuracy"].set_score_request(
                sample_weight=True
            ),
        }
        result = cross_validate(
            estimator, X, y, scoring=scoring, cv=CV, params={"sample_weight": w}
        )
    references = {
        "sens": lambda yt, yp, sample_weight: recall_score(
            yt, yp, sample_weight=sample_weight
        ),
        "spec": lambda yt, yp, sample_weight: recall_score(
            yt, yp, pos_label=0, sample_weight=sample_weight
        ),
        "bacc": balanced_accuracy_score,
    }
    for name, metric in references.items():
        expected = _fold_scores(
            LogisticRegression(), X, y, metric, sample_weight=w, fit_weight=True
        )
        np.testing.assert_allclose(result[f"test_{name}"], expected)
        # The ready objects were not touched.
        requests = sensitivity_scorer.get_metadata_routing().score.requests
    # unset: scikit-learn >= 1.9 stores None, older releases leave the key out
    assert requests.get("sample_weight") is None


def test_routed_sample_weight_in_grid_search_refit(data):
    """Check GridSearchCV with routing on, routed weights and a refit metric."""
    X, y = data
    w = np.random.default_rng(1).integers(1, 4, y.size).astype(float)
    with config_context(enable_metadata_routing=True):
        scoring = {
            name: scorer.set_score_request(sample_weight=True)
            for name, scorer in tradeoff_scoring().items()
        }
        search = GridSearchCV(
            TradeoffClassifier(LogisticRegression()).set_fit_request(
                sample_weight=True
            ),
            {"t": [0.2, 0.8]},
            scoring=scoring,
            refit="specificity",
            cv=CV,
        ).fit(X, y, sample_weight=w)
    expected = _fold_scores(
        TradeoffClassifier(LogisticRegression(), t=0.2),
        X,
        y,
        lambda yt, yp, sample_weight: recall_score(
            yt, yp, pos_label=0, sample_weight=sample_weight
        ),
        sample_weight=w,
        fit_weight=True,
    )
    assert search.cv_results_["mean_test_specificity"][0] == pytest.approx(
        expected.mean()
    )
    assert search.best_params_ == {"t": 0.2}


def test_routing_off_scores_unweighted(data):
    """Check that with routing off, fit weights do not reach the scorer."""
    X, y = data
    w = np.random.default_rng(2).integers(1, 4, y.size).astype(float)
    scores = cross_val_score(
        LogisticRegression(),
        X,
        y,
        scoring=sensitivity_scorer,
        cv=CV,
        params={"sample_weight": w},
    )
    expected = _fold_scores(
        LogisticRegression(),
        X,
        y,
        lambda yt, yp, sample_weight: recall_score(yt, yp),
        sample_weight=w,
        fit_weight=True,
    )
    np.testing.assert_allclose(scores, expected)


def test_fold_without_positives_warns_and_scores_zero_division():
    """Check that a CV fold missing the positive class warns and scores 0, no NaN."""
    X = np.arange(20.0).reshape(-1, 1)
    y = np.zeros(20, dtype=int)
    y[[0, 6]] = 1
    cv = KFold(4)  # the last two test folds hold no positive sample
    with pytest.warns(UndefinedMetricWarning, match="no samples of pos_label=1"):
        scores = cross_val_score(
            DummyClassifier(strategy="constant", constant=1),
            X,
            y,
            scoring=sensitivity_scorer,
            cv=cv,
        )
    np.testing.assert_array_equal(scores, [1.0, 1.0, 0.0, 0.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error", UndefinedMetricWarning)
        scores = cross_val_score(
            DummyClassifier(strategy="constant", constant=1),
            X,
            y,
            scoring=make_sensitivity_scorer(zero_division=1.0),
            cv=cv,
        )
    np.testing.assert_array_equal(scores, [1.0, 1.0, 1.0, 1.0])


def test_grid_search_survives_fold_without_class():
    """Check that a search whose folds miss a class completes with finite scores."""
    X = np.arange(30.0).reshape(-1, 1)
    y = np.zeros(30, dtype=int)
    y[[0, 12]] = 1  # the third test fold has no positive sample
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        warnings.filterwarnings("ignore", "y_pred contains classes not in y_true")
        search = GridSearchCV(
            DummyClassifier(),
            {"strategy": ["most_frequent", "uniform"]},
            scoring=tradeoff_scoring(),
            refit="balanced_accuracy",
            cv=KFold(3),
            error_score="raise",
        ).fit(X, y)
    for name in ("sensitivity", "specificity", "balanced_accuracy"):
        assert np.isfinite(search.cv_results_[f"mean_test_{name}"]).all()


def test_scorers_pickle(fitted):
    """Check that scorers survive pickling (needed for n_jobs)."""
    model, X, y = fitted
    for scorer in [
        sensitivity_scorer,
        make_tradeoff_scorer(0.7, pos_label=0),
        make_per_class_accuracy_scorer(1),
        *tradeoff_scoring().values(),
    ]:
        assert pickle.loads(pickle.dumps(scorer))(model, X, y) == scorer(model, X, y)


def test_factories_return_fresh_objects():
    """Check that each factory call returns a new, independently configurable scorer."""
    first, second = tradeoff_scoring(), tradeoff_scoring()
    with config_context(enable_metadata_routing=True):
        first["sensitivity"].set_score_request(sample_weight=True)
        requests = second["sensitivity"].get_metadata_routing().score.requests
    assert requests.get("sample_weight") is None  # unset (key absent before 1.9)
    assert make_sensitivity_scorer() is not make_sensitivity_scorer()


@pytest.mark.parametrize(
    "factory, kwargs, match",
    [
        (make_tradeoff_scorer, {"t": 1.5}, "'t' parameter of make_tradeoff_scorer"),
        (make_tradeoff_scorer, {"t": "high"}, "'t' parameter of make_tradeoff_scorer"),
        (
            make_sensitivity_scorer,
            {"zero_division": "yes"},
            "'zero_division' parameter of make_sensitivity_scorer",
        ),
        (
            make_specificity_scorer,
            {"pos_label": [1]},
            "'pos_label' parameter of make_specificity_scorer",
        ),
        (
            make_per_class_accuracy_scorer,
            {"label": None},
            "'label' parameter of make_per_class_accuracy_scorer",
        ),
        (
            tradeoff_scoring,
            {"zero_division": 3},
            "'zero_division' parameter of tradeoff_scoring",
        ),
    ],
)
def test_factory_bad_parameters_raise_early(factory, kwargs, match):
    """Check that bad factory parameters raise at creation, naming the parameter."""
    with pytest.raises(ValueError, match=match):
        factory(**kwargs)


def _churn_data():
    X, y = make_classification(
        n_samples=120, weights=[0.7], class_sep=1.5, random_state=3
    )
    return X, np.array(["stay", "churn"], dtype=object)[y]


def _wrapped(kind, clf):
    if kind == "pipeline":
        return make_pipeline(StandardScaler(), clf)
    if kind == "search":
        return GridSearchCV(
            clf, {"t": [0.3, 0.7]}, scoring=make_tradeoff_scorer(), cv=2
        )
    return clf


@pytest.mark.parametrize("kind", ["plain", "pipeline", "search"])
@pytest.mark.parametrize(
    "labels, pos",
    [
        (["stay", "churn"], "churn"),
        ([1, -1], -1),  # 1 is a label, but not the positive class
        ([0, 1], 0),
    ],
)
def test_scorers_score_the_estimators_positive_class(kind, labels, pos):
    """Check that scorers without pos_label score the class the TradeoffClassifier
    names, also inside a Pipeline and a fitted search."""
    X, y01 = make_classification(n_samples=120, weights=[0.7], random_state=3)
    y = np.array(labels, dtype=object if isinstance(pos, str) else int)[y01]
    model = _wrapped(
        kind, TradeoffClassifier(LogisticRegression(), t=0.7, pos_label=pos)
    )
    model.fit(X, y)
    y_pred = model.predict(X)
    neg = next(c for c in labels if c != pos)
    sens, spec = (
        recall_score(y, y_pred, pos_label=pos),
        recall_score(y, y_pred, pos_label=neg),
    )
    assert sensitivity_scorer(model, X, y) == sens
    assert specificity_scorer(model, X, y) == spec
    assert make_tradeoff_scorer(0.3)(model, X, y) == pytest.approx(
        0.3 * sens + 0.7 * spec
    )
    scores = {k: s(model, X, y) for k, s in tradeoff_scoring().items()}
    assert (scores["sensitivity"], scores["specificity"]) == (sens, spec)


def test_scorer_reads_tradeoff_classifier_cv():
    """Check that a scorer without pos_label scores TradeoffClassifierCV's class."""
    X, y = _churn_data()
    model = TradeoffClassifierCV(
        LogisticRegression(), ts=[0.3, 0.7], pos_label="stay", cv=2
    ).fit(X, y)
    assert model.pos_label_ == "stay"
    expected = recall_score(y, model.predict(X), pos_label="stay")
    assert sensitivity_scorer(model, X, y) == expected


def test_explicit_pos_label_wins_over_the_estimators():
    """Check that an explicit pos_label is scored even when the model names another."""
    X, y01 = make_classification(n_samples=120, weights=[0.7], random_state=3)
    y = np.array([1, -1])[y01]
    model = TradeoffClassifier(LogisticRegression(), t=0.7, pos_label=-1).fit(X, y)
    expected = recall_score(y, model.predict(X), pos_label=1)
    assert make_sensitivity_scorer(pos_label=1)(model, X, y) == expected


def test_scorer_falls_back_to_class_one():
    """Check that without a declared positive class, class 1 is scored."""
    X, y = make_classification(n_samples=120, weights=[0.7], random_state=3)
    y = np.where(y == 1, 1, 2)  # classes_[1] is 2, the fallback is 1
    model = LogisticRegression().fit(X, y)
    expected = recall_score(y, model.predict(X), pos_label=1)
    assert sensitivity_scorer(model, X, y) == expected


@pytest.mark.parametrize(
    "scorer, match",
    [
        (make_sensitivity_scorer(pos_label="Churn"), r"pos_label='Churn' of .* not"),
        (make_per_class_accuracy_scorer("Churn"), r"label='Churn' of .* not among"),
        (tradeoff_scoring(pos_label="Churn")["specificity"], r"pos_label='Churn'"),
    ],
)
def test_scorer_label_unknown_to_model_and_data_raises(scorer, match):
    """Check that a label in neither classes_, y_true nor y_pred raises, by name."""
    X, y = _churn_data()
    model = LogisticRegression().fit(X, y)
    with pytest.raises(ValueError, match=match):
        scorer(model, X, y)


def test_per_class_scorer_label_absent_from_fold_scores_zero_division():
    """Check that a known class absent from the scored rows still scores
    zero_division (a fold without the class), not an error."""
    X, y = _churn_data()
    model = LogisticRegression().fit(X, y)
    stay = y == "stay"
    scorer = make_per_class_accuracy_scorer("churn", zero_division=1.0)
    model_pred = model.predict(X[stay])
    assert (model_pred == "stay").all()  # the fold shows no "churn" at all
    assert scorer(model, X[stay], y[stay]) == 1.0


@pytest.mark.parametrize(
    "scorer, reference",
    [
        (sensitivity_scorer, lambda yt, yp: recall_score(yt, yp)),
        (specificity_scorer, lambda yt, yp: recall_score(yt, yp, pos_label=0)),
        (balanced_accuracy_scorer, balanced_accuracy_score),
        (
            make_per_class_accuracy_scorer(0),
            lambda yt, yp: recall_score(yt, yp, pos_label=0),
        ),
        (tradeoff_scoring(counts=True)["n_positives"], lambda yt, yp: float(yt.sum())),
    ],
)
def test_scorers_flatten_column_y_with_warning(fitted, scorer, reference):
    """Check that an (n, 1) y is scored as its column, with a DataConversionWarning."""
    pd = pytest.importorskip("pandas")
    model, X, y = fitted
    column = pd.DataFrame({"target": y})
    with pytest.warns(DataConversionWarning):
        score = scorer(model, X, column)
    assert score == pytest.approx(reference(y, model.predict(X)))


def test_search_over_column_y_scores_finite(data):
    """Check that GridSearchCV with the library's scorers and a one-column
    DataFrame y gives the scores of the flat y (the issue's all-NaN search)."""
    pd = pytest.importorskip("pandas")
    X, y = data
    kwargs = {
        "param_grid": {"t": [0.3, 0.8]},
        "scoring": tradeoff_scoring(),
        "refit": "balanced_accuracy",
        "cv": CV,
        "error_score": "raise",
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataConversionWarning)
        column = GridSearchCV(TradeoffClassifier(LogisticRegression()), **kwargs)
        column.fit(X, pd.DataFrame({"target": y}))
    flat = GridSearchCV(TradeoffClassifier(LogisticRegression()), **kwargs).fit(X, y)
    for name in ("sensitivity", "specificity", "balanced_accuracy"):
        key = f"mean_test_{name}"
        np.testing.assert_allclose(column.cv_results_[key], flat.cv_results_[key])


@pytest.mark.parametrize(
    "make_X",
    [
        lambda X: X,
        lambda X: X.astype(np.float32),
        lambda X: [[f"{v:.3f}" for v in row] for row in X],
    ],
    ids=["float64", "float32", "strings"],
)
def test_row_fingerprint_is_the_minimum_over_rows(make_X):
    """Check that a fold's row_fingerprint is the minimum of its rows' own
    fingerprints, whatever the fold the row is in and its position."""
    X, y = make_classification(n_samples=30, n_features=4, random_state=0)
    X = make_X(X)
    scorer = tradeoff_scoring(counts=True)["row_fingerprint"]
    clf = DummyClassifier().fit(np.zeros((30, 1)), y)
    single = [scorer(clf, [X[i]], y[[i]]) for i in range(30)]
    assert len(set(single)) == 30
    order = np.random.RandomState(0).permutation(30)[:12]
    fold = [X[i] for i in order]
    assert scorer(clf, fold, y[order]) == min(single[i] for i in order)
    assert scorer(clf, fold[::-1], y[order][::-1]) == min(single[i] for i in order)


def test_row_fingerprint_depends_on_the_label():
    """Check that the same features with another label hash differently."""
    X = np.array([[0.5, 1.5]])
    scorer = tradeoff_scoring(counts=True)["row_fingerprint"]
    clf = DummyClassifier().fit([[0], [1]], [0, 1])
    assert scorer(clf, X, np.array([0])) != scorer(clf, X, np.array([1]))


@pytest.mark.parametrize("through_search", [False, True])
def test_balanced_accuracy_scorer_warns_absent_class_at_user_call(through_search):
    """Check that a predicted class absent from y_true raises AbsentClassWarning
    (a UserWarning) pointing at the user's call, directly and through
    cross_val_score, and that the class is left out as scikit-learn does."""
    X = np.zeros((6, 1))
    model = DummyClassifier(strategy="constant", constant=2).fit(X, [0, 1, 2] * 2)
    X_test, y_test = np.zeros((4, 1)), np.array([0, 1, 0, 1])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if through_search:
            # A frozen model: the search scores it without refitting.
            got = cross_val_score(
                FrozenEstimator(model),
                X_test,
                y_test,
                scoring=balanced_accuracy_scorer,
                cv=[(np.arange(4), np.arange(4))],
            )[0]
        else:
            got = balanced_accuracy_scorer(model, X_test, y_test)
    ours = [w for w in caught if issubclass(w.category, AbsentClassWarning)]
    assert len(ours) == 1
    assert issubclass(ours[0].category, UserWarning)
    assert ours[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        expected = balanced_accuracy_score(y_test, model.predict(X_test))
    assert got == pytest.approx(expected)
