"""Tests of TradeoffClassifier (docs/design.md, sections 2 and 3)."""

import io
import pickle
import time
import warnings

import joblib
import numpy as np
import pytest
import sklearn
from numpy.testing import assert_allclose, assert_array_equal
from scipy import sparse
from scipy.special import logsumexp
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.datasets import make_classification
from sklearn.discriminant_analysis import (
    LinearDiscriminantAnalysis,
    QuadraticDiscriminantAnalysis,
)
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.gaussian_process import GaussianProcessClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    balanced_accuracy_score,
    brier_score_loss,
    log_loss,
    recall_score,
)
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, NearestCentroid
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, LinearSVC
from sklearn.tree import DecisionTreeClassifier

from sk_imbalance import TradeoffClassifier, tradeoff_sample_weight
from sk_imbalance._compat import InvalidParameterError
from sk_imbalance.exceptions import SkImbalanceWarning

from ._checks import (
    N_THREADS,
    ROUND_TRIPS,
    assert_fit_leaves_inputs_alone,
    assert_read_only_fit_matches_copies,
    assert_same_predictions,
    assert_threads_match_sequential,
    in_threads,
)

# scikit-learn's estimator checks: tests/test_estimator_checks.py.


# --------------------------------------------------------------------------------------
# The weighting math, seen through fitted models.


@pytest.fixture(scope="module")
def screening():
    X, y = make_classification(
        n_samples=2000, n_features=8, weights=[0.95], class_sep=0.8, random_state=0
    )
    return X, y


def test_half_equals_balanced_logistic_regression(screening):
    """Check that t=0.5 learns the coefficients of class_weight="balanced"."""
    X, y = screening
    ours = TradeoffClassifier(LogisticRegression(), t=0.5).fit(X, y)
    ref = LogisticRegression(class_weight="balanced").fit(X, y)
    np.testing.assert_allclose(ours.estimator_.coef_, ref.coef_, rtol=1e-5)
    np.testing.assert_allclose(ours.estimator_.intercept_, ref.intercept_, rtol=1e-5)


def test_integer_sample_weight_equals_repeated_rows(screening):
    """Check that integer sample_weight fits the same model as repeated rows."""
    X, y = screening
    reps = np.random.RandomState(0).randint(0, 3, size=y.size)
    clf = TradeoffClassifier(LogisticRegression(tol=1e-10), t=0.8)
    weighted = clone(clf).fit(X, y, sample_weight=reps)
    repeated = clone(clf).fit(np.repeat(X, reps, axis=0), np.repeat(y, reps))
    np.testing.assert_allclose(
        weighted.estimator_.coef_, repeated.estimator_.coef_, rtol=1e-4
    )


def test_weights_reaching_the_estimator_have_the_shares(screening):
    """Check the weights the inner estimator receives: shares t / 1 - t, total n."""
    X, y = screening
    seen = {}

    class Spy(ClassifierMixin, BaseEstimator):
        def fit(self, X, y, sample_weight=None):
            seen["w"] = sample_weight
            self.classes_ = np.unique(y)
            return self

        def predict(self, X):
            return np.full(len(X), self.classes_[0])

    user = np.random.RandomState(0).uniform(0.5, 2, size=y.size)
    TradeoffClassifier(Spy(), t=0.9).fit(X, y, sample_weight=user)
    w = seen["w"]
    assert w.sum() == pytest.approx(user.sum())
    assert w[y == 1].sum() / w.sum() == pytest.approx(0.9)
    # within a class the user's weights keep their ratios
    np.testing.assert_allclose(w[y == 0] / user[y == 0], w[y == 0][0] / user[y == 0][0])


def test_sensitivity_rises_with_t(screening):
    """Check that sensitivity rises and specificity falls as t grows (95/5 data)."""
    X, y = screening
    sens, spec = [], []
    for t in (0.1, 0.5, 0.9):
        pred = TradeoffClassifier(t=t).fit(X, y).predict(X)
        sens.append(recall_score(y, pred, pos_label=1))
        spec.append(recall_score(y, pred, pos_label=0))
    assert sens[0] < sens[1] < sens[2]
    assert spec[0] > spec[1] > spec[2]


def test_score_is_balanced_accuracy(screening):
    """Check that score() returns balanced accuracy, not accuracy."""
    X, y = screening
    clf = TradeoffClassifier(t=0.3).fit(X, y)
    assert clf.score(X, y) == pytest.approx(balanced_accuracy_score(y, clf.predict(X)))


# --------------------------------------------------------------------------------------
# t = 0 and t = 1: a constant decision for every estimator.

_ALL_KINDS = [  # SVC(probability=True) is covered by the constant-model check below
    LogisticRegression(),
    SVC(),
    DecisionTreeClassifier(),
    RandomForestClassifier(n_estimators=3),
    HistGradientBoostingClassifier(max_iter=5),
    KNeighborsClassifier(),
    LinearDiscriminantAnalysis(),
    QuadraticDiscriminantAnalysis(),
    GaussianProcessClassifier(),
    NearestCentroid(),
    MLPClassifier(max_iter=20),
    make_pipeline(StandardScaler(), LogisticRegression()),
]


@pytest.mark.parametrize("estimator", _ALL_KINDS, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("t, expected", [(0.0, "neg"), (1.0, "pos")])
def test_extreme_t_is_constant(estimator, t, expected):
    """Check that t=0 predicts all negative and t=1 all positive, with every
    class still in classes_ and no crash."""
    X, y = make_classification(n_samples=60, weights=[0.8], random_state=0)
    y = np.where(y == 1, "pos", "neg")
    clf = TradeoffClassifier(estimator, t=t, pos_label="pos").fit(X, y)
    assert list(clf.classes_) == ["neg", "pos"]
    assert set(clf.predict(X)) == {expected}
    if hasattr(clf, "predict_proba"):
        proba = clf.predict_proba(X)
        assert proba.shape == (60, 2)
        assert np.all(proba[:, list(clf.classes_).index(expected)] == 1)
    if hasattr(clf, "decision_function"):
        assert np.all((clf.decision_function(X) > 0) == (expected == "pos"))


# --------------------------------------------------------------------------------------
# scikit-learn conventions.


def test_cross_val_score_and_grid_search_over_t_and_nested_params(screening):
    """Check GridSearchCV over t together with estimator__C, in parallel."""
    X, y = screening
    scores = cross_val_score(TradeoffClassifier(t=0.7), X, y, cv=3)
    assert scores.shape == (3,) and np.all((scores > 0.5) & (scores <= 1))
    grid = GridSearchCV(
        TradeoffClassifier(LogisticRegression()),
        {"t": [0.3, 0.5, 0.8], "estimator__C": [0.1, 1.0]},
        scoring="recall",
        cv=3,
        n_jobs=2,
    ).fit(X, y)
    # recall alone drifts to the largest t: the reason constrained_refit exists
    assert grid.best_params_["t"] == 0.8
    assert grid.best_estimator_.estimator_.C in (0.1, 1.0)


def test_pipeline_inner_gets_weights_in_final_step(screening):
    """Check that a Pipeline's final step learns what a weighted fit learns."""
    X, y = screening
    pipe = make_pipeline(StandardScaler(), LogisticRegression())
    ours = TradeoffClassifier(pipe, t=0.5).fit(X, y)
    ref = make_pipeline(
        StandardScaler(), LogisticRegression(class_weight="balanced")
    ).fit(X, y)
    np.testing.assert_allclose(ours.estimator_[-1].coef_, ref[-1].coef_, rtol=1e-5)


def test_wrapper_inside_pipeline(screening):
    """Check the wrapper as the last step of a Pipeline."""
    X, y = screening
    pipe = make_pipeline(StandardScaler(), TradeoffClassifier(t=0.8)).fit(X, y)
    assert pipe.predict(X).shape == y.shape


def test_pandas_feature_names_and_string_labels():
    """Check pandas input keeps feature names and string labels work with
    pos_label."""
    pd = pytest.importorskip("pandas")
    X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    df = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    labels = pd.Series(np.where(y == 1, "sick", "well"))
    clf = TradeoffClassifier(t=0.8, pos_label="sick").fit(df, labels)
    assert list(clf.feature_names_in_) == list(df.columns)
    assert clf.n_features_in_ == X.shape[1]
    assert set(clf.predict(df)) <= {"sick", "well"}
    # "sick" < "well" alphabetically: pos_label, not the order, picks the positive
    assert clf.class_weight_["sick"] > clf.class_weight_["well"]


def test_pickle_round_trip(screening):
    """Check that a fitted wrapper pickles with identical predictions."""
    X, y = screening
    clf = TradeoffClassifier(KNeighborsClassifier(), t=0.7, random_state=0).fit(X, y)
    again = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(again.predict_proba(X), clf.predict_proba(X))


def test_fit_does_not_mutate_inputs(screening):
    """Check that fit leaves the wrapped estimator and the caller's arrays alone."""
    X, y = screening
    est = LogisticRegression()
    w = np.ones(y.size)
    for a in (X, y, w):
        a.setflags(write=False)
    try:
        TradeoffClassifier(est, t=0.9).fit(X, y, sample_weight=w)
    finally:
        for a in (X, y, w):
            a.setflags(write=True)
    assert not hasattr(est, "coef_")
    assert np.all(w == 1)


def test_methods_follow_the_inner_estimator():
    """Check that optional methods exist only when the inner estimator has them."""
    assert not hasattr(TradeoffClassifier(SVC()), "predict_proba")
    assert hasattr(TradeoffClassifier(SVC()), "decision_function")
    assert not hasattr(TradeoffClassifier(KNeighborsClassifier()), "decision_function")
    assert hasattr(TradeoffClassifier(), "predict_log_proba")


def test_random_state_seeds_unset_inner_random_state():
    """Check that our random_state makes a random inner estimator reproducible,
    and that a seed the user set on the inner estimator is kept."""
    X, y = make_classification(n_samples=200, random_state=0)
    forest = RandomForestClassifier(n_estimators=5)
    a = TradeoffClassifier(forest, random_state=1).fit(X, y)
    b = TradeoffClassifier(forest, random_state=1).fit(X, y)
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))
    kept = TradeoffClassifier(RandomForestClassifier(random_state=7), random_state=1)
    assert kept.fit(X, y).estimator_.random_state == 7


# --------------------------------------------------------------------------------------
# Metadata routing.


def test_routing_on_grid_search_with_sample_weight(screening):
    """Check a routed sample_weight reaches the wrapper and the Pipeline's final
    step, and gives the same model as routing off."""
    X, y = screening
    w = np.random.RandomState(0).uniform(0.5, 2, size=y.size)
    pipe = make_pipeline(StandardScaler(), LogisticRegression())
    off = TradeoffClassifier(pipe, t=0.7).fit(X, y, sample_weight=w)
    with sklearn.config_context(enable_metadata_routing=True):
        clf = TradeoffClassifier(pipe, t=0.7).set_fit_request(sample_weight=True)
        clf.set_score_request(sample_weight=True)
        on = clone(clf).fit(X, y, sample_weight=w)
        grid = GridSearchCV(clf, {"t": [0.5, 0.7]}, cv=2).fit(X, y, sample_weight=w)
    np.testing.assert_allclose(on.estimator_[-1].coef_, off.estimator_[-1].coef_)
    assert grid.best_params_["t"] in (0.5, 0.7)


def test_routing_forwards_other_fit_params():
    """Check that other fit params reach the inner estimator when requested."""

    class NeedsGroups(ClassifierMixin, BaseEstimator):
        def fit(self, X, y, sample_weight=None, groups=None):
            self.groups_ = groups
            self.classes_ = np.unique(y)
            return self

        def predict(self, X):
            return np.full(len(X), self.classes_[0])

    X, y = make_classification(n_samples=40, random_state=0)
    groups = np.arange(40) % 4
    with sklearn.config_context(enable_metadata_routing=True):
        inner = NeedsGroups().set_fit_request(groups=True, sample_weight=True)
        clf = TradeoffClassifier(inner).fit(X, y, groups=groups)
    np.testing.assert_array_equal(clf.estimator_.groups_, groups)
    off = TradeoffClassifier(NeedsGroups()).fit(X, y, groups=groups)
    np.testing.assert_array_equal(off.estimator_.groups_, groups)


# --------------------------------------------------------------------------------------
# Bad input.


@pytest.mark.parametrize(
    "params, fit_kwargs, y, error, match",
    [
        ({"t": 1.5}, {}, None, InvalidParameterError, "'t' parameter"),
        ({"t": "high"}, {}, None, InvalidParameterError, "'t' parameter"),
        ({"t": True}, {}, None, InvalidParameterError, "'t' parameter.*Got True"),
        ({"weighting": "magic"}, {}, None, InvalidParameterError, "'weighting'"),
        ({"estimator": "lr"}, {}, None, InvalidParameterError, "'estimator'"),
        ({"pos_label": 3}, {}, None, ValueError, "pos_label=3 is not among"),
        ({"class_priority": {5: 1}}, {}, "multi", ValueError, "class_priority names"),
        ({"class_priority": {0: -1}}, {}, "multi", ValueError, r"class_priority\[0\]"),
        ({"class_priority": {0: 0, 1: 0, 2: 0}}, {}, "multi", ValueError, "priority 0"),
        (
            {"class_priority": {0: 1}, "t": 0.6},
            {},
            "multi",
            ValueError,
            "cannot be combined",
        ),
        ({"t": 0.7}, {}, "multi", ValueError, "needs a positive class"),
        ({}, {}, "continuous", ValueError, "continuous"),
        ({}, {}, "2d", ValueError, "y must be a 1-D array"),
        (
            {},
            {"sample_weight": -np.ones(30)},
            None,
            ValueError,
            "sample_weight contains negative",
        ),
        (
            {},
            {"sample_weight": np.ones(5)},
            None,
            ValueError,
            "sample_weight has 5 samples",
        ),
    ],
)
def test_bad_input(params, fit_kwargs, y, error, match):
    """Check that bad parameters and targets raise a clear error naming them."""
    X, y_bin = make_classification(n_samples=30, random_state=0)
    targets = {
        None: y_bin,
        "multi": np.arange(30) % 3,
        "continuous": np.linspace(0, 1, 30),
        "2d": np.c_[y_bin, y_bin],
    }
    with pytest.raises(error, match=match):
        TradeoffClassifier(**params).fit(X, targets[y], **fit_kwargs)


def test_skip_parameter_validation():
    """Check that fit validates its parameters in scikit-learn's fit context, so
    ``skip_parameter_validation=True`` skips the declared checks, as for
    scikit-learn's own estimators."""
    X, y = make_classification(n_samples=60, weights=[0.8], random_state=0)
    clf = TradeoffClassifier(correct_proba=1)  # "boolean" refuses the int 1
    with pytest.raises(InvalidParameterError, match="'correct_proba' parameter"):
        clf.fit(X, y)
    with sklearn.config_context(skip_parameter_validation=True):
        clf.fit(X, y)
    reference = TradeoffClassifier(correct_proba=True).fit(X, y)
    np.testing.assert_allclose(clf.predict_proba(X), reference.predict_proba(X))


# --------------------------------------------------------------------------------------
# Tags and multi-class data.


def test_tags_follow_the_inner_estimator():
    """Check that the wrapper accepts NaN exactly when the inner estimator does."""
    from sklearn.utils import get_tags

    X, y = make_classification(n_samples=100, weights=[0.8], random_state=0)
    X[::7, 0] = np.nan
    hgb = TradeoffClassifier(HistGradientBoostingClassifier(max_iter=5))
    assert get_tags(hgb).input_tags.allow_nan
    assert hgb.fit(X, y).predict(X).shape == (100,)
    assert not get_tags(TradeoffClassifier()).input_tags.allow_nan
    with pytest.raises(ValueError, match="NaN"):
        TradeoffClassifier().fit(X, y)


def test_multiclass_priority_raises_the_prioritised_recall():
    """Check that a priority on one class raises its recall (string labels)."""
    X, y = make_classification(
        n_samples=600,
        n_classes=3,
        n_informative=4,
        weights=[0.7, 0.2, 0.1],
        class_sep=0.5,
        random_state=0,
    )
    y = np.array(["a", "b", "c"])[y]
    plain = TradeoffClassifier().fit(X, y)
    prior = TradeoffClassifier(class_priority={"c": 6.0}).fit(X, y)
    assert list(prior.classes_) == ["a", "b", "c"]
    rec = recall_score(y, prior.predict(X), labels=["c"], average=None)[0]
    rec_plain = recall_score(y, plain.predict(X), labels=["c"], average=None)[0]
    assert rec > rec_plain


def test_one_vs_rest_t_on_multiclass():
    """Check that t with pos_label on multi-class data trades that class's recall
    against the others'."""
    X, y = make_classification(
        n_samples=600,
        n_classes=3,
        n_informative=4,
        weights=[0.6, 0.3, 0.1],
        class_sep=0.5,
        random_state=0,
    )
    recalls = [
        recall_score(
            y,
            TradeoffClassifier(t=t, pos_label=2).fit(X, y).predict(X),
            labels=[2],
            average=None,
        )[0]
        for t in (0.2, 0.5, 0.9)
    ]
    assert recalls[0] < recalls[1] < recalls[2]


@pytest.mark.parametrize("weighting", ["sample_weight", "resample", "undersample"])
def test_decision_function_keeps_a_column_per_class(weighting):
    """Check that a zero-priority class the inner estimator left out still has a
    decision column (-inf), and that the argmax of the scores is the prediction."""
    from sklearn.svm import LinearSVC

    X, y = make_classification(
        n_samples=150, n_classes=3, n_informative=4, random_state=0
    )
    clf = TradeoffClassifier(
        LinearSVC(), class_priority={2: 0}, weighting=weighting, random_state=0
    ).fit(X, y)
    scores = clf.decision_function(X)
    assert scores.shape == (150, 3)
    assert np.all(scores[:, 2] == -np.inf)
    np.testing.assert_array_equal(clf.classes_[scores.argmax(axis=1)], clf.predict(X))


# --------------------------------------------------------------------------------------
# Regressions: each test below failed before its fix.


def test_t_other_than_half_refuses_multiclass_in_sklearn_wording():
    """Check that t != 0.5 without pos_label says it is binary-only, in the tag
    and in the error scikit-learn's checks look for."""
    from sklearn.utils import get_tags

    clf = TradeoffClassifier(LogisticRegression(), t=0.9)
    assert get_tags(clf).classifier_tags.multi_class is False
    assert get_tags(clf.set_params(pos_label=2)).classifier_tags.multi_class is True
    assert get_tags(TradeoffClassifier(t=0.5)).classifier_tags.multi_class is True
    X, y = make_classification(
        n_samples=60, n_classes=3, n_informative=4, random_state=0
    )
    with pytest.raises(ValueError, match=r"Only binary classification is supported\."):
        TradeoffClassifier(LogisticRegression(), t=0.9).fit(X, y)


@pytest.mark.parametrize("t", [0.0, 1.0])
def test_constant_model_validates_X(t):
    """Check that t=0 and t=1 refuse the X that the inner estimator refuses:
    strings with NaN, 1-D X, empty X, and a predict-time X with other columns."""
    X, y = make_classification(n_samples=40, n_features=4, random_state=0)
    clf = TradeoffClassifier(LogisticRegression(), t=t)
    bad = np.array([["a", np.nan]] * 40, dtype=object)
    for X_bad in (bad, X[:, 0]):
        with pytest.raises(ValueError):
            clf.fit(X_bad, y)
    with pytest.raises(ValueError, match="empty"):
        clf.fit(X[:0], y[:0])
    clf.fit(X, y)
    for method in (
        "predict",
        "predict_proba",
        "predict_log_proba",
        "decision_function",
    ):
        with pytest.raises(ValueError, match="X has 2 features"):
            getattr(clf, method)(X[:, :2])
    with pytest.raises(ValueError, match="NaN"):
        clf.predict(np.where(X > 1, np.nan, X))


def test_constant_model_float_labels():
    """Check that t=0 works with float labels (DummyClassifier's `constant`
    refuses a float scalar)."""
    X, y = make_classification(n_samples=40, random_state=0)
    clf = TradeoffClassifier(t=0.0).fit(X, y.astype(float))
    assert np.array_equal(clf.predict(X), np.zeros(40))


def test_constant_model_keeps_what_a_pipeline_accepts():
    """Check that the constant model leaves values to a Pipeline's steps: NaN
    that an imputer would fill is accepted at t=1 as at t=0.5."""
    from sklearn.impute import SimpleImputer

    X, y = make_classification(
        n_samples=40, n_features=3, n_informative=2, n_redundant=0, random_state=0
    )
    X[::5, 0] = np.nan
    model = make_pipeline(SimpleImputer(), LogisticRegression())
    for t in (0.5, 1.0):
        assert TradeoffClassifier(model, t=t).fit(X, y).predict(X).shape == (40,)


def test_imblearn_sampler_in_pipeline_is_a_clear_error():
    """Check that an imbalanced-learn Pipeline with a sampler is refused with a
    message naming the step and the way out, in every weighting mode."""
    imblearn_pipeline = pytest.importorskip("imblearn.pipeline")
    from imblearn.over_sampling import RandomOverSampler

    X, y = make_classification(n_samples=100, weights=[0.9], random_state=0)
    model = imblearn_pipeline.make_pipeline(
        RandomOverSampler(random_state=0), LogisticRegression()
    )
    for weighting in ("auto", "sample_weight", "resample", "undersample"):
        clf = TradeoffClassifier(model, t=0.8, weighting=weighting, random_state=0)
        with pytest.raises(ValueError, match=r"'randomoversampler'.*fit_resample"):
            clf.fit(X, y)


def test_zero_weight_class_warns_that_t_cannot_hold():
    """Check that zero sample_weight on every positive warns that t cannot be
    honoured (the model is then all negative, as recall_score shows)."""
    X, y = make_classification(n_samples=100, weights=[0.8], random_state=0)
    s = np.where(y == 1, 0.0, 1.0)
    with pytest.warns(
        UserWarning, match=r"class\(es\) \[1\].*t=0.8 cannot be honoured"
    ):
        clf = TradeoffClassifier(t=0.8).fit(X, y, sample_weight=s)
    assert recall_score(y, clf.predict(X), pos_label=1) == 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        TradeoffClassifier(t=0.8).fit(X, y, sample_weight=s + 0.01)


@pytest.mark.parametrize(
    "estimator, t, weights, match",
    [
        (None, 0.8, "zero_positives", "cannot be honoured"),
        (KNeighborsClassifier(), 0.7, "logspace", "only approximate"),
    ],
)
def test_fit_warnings_have_library_class_and_point_at_caller(
    estimator, t, weights, match
):
    """Check that fit's weighting warnings are SkImbalanceWarning and point at
    the line calling fit, so they can be filtered by class and located."""
    X, y = make_classification(
        n_samples=300, n_features=4, weights=[0.9], random_state=0
    )
    if weights == "zero_positives":
        sw = np.where(y == 1, 0.0, 1.0)
    else:  # a 1e12 weight ratio that copies of rows cannot reproduce
        sw = np.logspace(-6, 6, y.size)
    clf = TradeoffClassifier(estimator, t=t, random_state=0)
    with pytest.warns(SkImbalanceWarning, match=match) as record:
        clf.fit(X, y, sample_weight=sw)
    assert len(record) == 1
    assert record[0].filename == __file__


def test_undersampled_knn_with_too_few_rows_is_a_clear_error():
    """Check that undersampling that leaves KNN fewer rows than n_neighbors
    fails in fit naming n_neighbors, not inside KNN at predict time."""
    X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    s = np.zeros(300)
    s[np.flatnonzero(y == 1)[:2]] = 1
    s[np.flatnonzero(y == 0)[:40]] = 1
    clf = TradeoffClassifier(
        KNeighborsClassifier(), weighting="undersample", random_state=0
    )
    with pytest.raises(ValueError, match="n_neighbors=5 of KNeighborsClassifier"):
        clf.fit(X, y, sample_weight=s)
    # A small data set is KNeighborsClassifier's to judge, as without the wrapper.
    TradeoffClassifier(KNeighborsClassifier(), random_state=0).fit(X[:4], [0, 1, 0, 1])


def test_pandas_string_target_with_na_is_missing_values():
    """Check that a pandas "string" target holding pd.NA is reported as missing
    values, not as mixing strings and numbers."""
    pd = pytest.importorskip("pandas")
    X, y = make_classification(n_samples=30, random_state=0)
    y = pd.array(np.where(y == 1, "a", "b"), dtype="string")
    y[3] = pd.NA
    with pytest.raises(ValueError, match="y contains missing values"):
        TradeoffClassifier().fit(X, y)


def test_correct_proba_contract():
    """Check the documented contract of correct_proba: predict keeps the
    tradeoff decision, argmax(predict_proba * class weight), which differs from
    argmax(predict_proba); without correct_proba they agree."""
    X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    clf = TradeoffClassifier(t=0.9).fit(X, y)
    pred = clf.predict(X)
    assert np.array_equal(pred, clf.classes_[clf.predict_proba(X).argmax(axis=1)])
    clf.set_params(correct_proba=True)
    risks = clf.predict_proba(X)
    weight = np.array([clf.class_weight_[c] for c in clf.classes_])
    assert np.array_equal(pred, clf.predict(X))
    assert np.array_equal(pred, clf.classes_[(risks * weight).argmax(axis=1)])
    assert (pred != clf.classes_[risks.argmax(axis=1)]).sum() > 10
    for doc in (TradeoffClassifier.__doc__, TradeoffClassifier.predict.__doc__):
        assert "not ``argmax(predict_proba(X))``" in " ".join(doc.split())


# --------------------------------------------------------------------------------------
# Probabilities under the training frequencies (correct_proba).


# The statistical tests use Gaussian classes with a shared covariance, where
# logistic regression is the true model and so is calibrated for the weighted
# data: the assumption the correction rests on.

TIGHT_LR = {"tol": 1e-10, "max_iter": 10_000}


def _gaussian_classes(n, frequencies, rng, n_features=5, shift=1.2):
    """Classes with a shared identity covariance: the logistic model is exact."""
    y = rng.choice(len(frequencies), size=n, p=frequencies)
    X = rng.standard_normal((n, n_features))
    for c in range(1, len(frequencies)):
        X[y == c, c - 1] += shift * 1.5 if c > 1 else shift
    return X, y


def _hand_class_weight(y, shares, s=None):
    """Weight per unit of user weight: share of the class / its weighted frequency."""
    s = np.ones(y.shape[0]) if s is None else s
    frequency = np.array([s[y == c].sum() for c in range(len(shares))]) / s.sum()
    return np.asarray(shares) / frequency


def _hand_correct(proba, class_weight):
    ratio = proba / class_weight
    return ratio / ratio.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("user_weights", [False, True])
def test_corrected_proba_scores_like_unweighted_model(user_weights):
    """Check that the corrected probabilities of a weighted logistic regression
    score like the unweighted model's on held-out data (log-loss and Brier within
    25%) and far better than the uncorrected ones (at least 2x lower log-loss) at
    t=0.9 on a 95/5 problem, with and without user sample weights."""
    rng = np.random.RandomState(0)
    X, y = _gaussian_classes(2000, [0.95, 0.05], rng)
    X_test, y_test = _gaussian_classes(4000, [0.95, 0.05], rng)
    # User weights unrelated to the classes leave the target risk unchanged.
    s = rng.randint(1, 4, size=y.shape[0]).astype(float) if user_weights else None

    plain = LogisticRegression().fit(X, y, sample_weight=s).predict_proba(X_test)
    clf = TradeoffClassifier(LogisticRegression(), t=0.9).fit(X, y, sample_weight=s)
    weighted = clf.predict_proba(X_test)
    corrected = clf.set_params(correct_proba=True).predict_proba(X_test)

    loss = {
        name: log_loss(y_test, p)
        for name, p in [
            ("plain", plain),
            ("weighted", weighted),
            ("corrected", corrected),
        ]
    }
    brier = {
        name: brier_score_loss(y_test, p[:, 1])
        for name, p in [("plain", plain), ("corrected", corrected)]
    }
    assert loss["corrected"] <= 1.25 * loss["plain"]
    assert brier["corrected"] <= 1.25 * brier["plain"]
    assert loss["weighted"] >= 2 * loss["corrected"]


def test_corrected_proba_multiclass_priorities_scores_like_unweighted_model():
    """Check that with multi-class priorities favouring the rare classes the
    corrected probabilities score like the unweighted model's (log-loss within
    25%) and far better than the uncorrected ones."""
    rng = np.random.RandomState(1)
    frequencies = [0.80, 0.15, 0.05]
    X, y = _gaussian_classes(3000, frequencies, rng)
    X_test, y_test = _gaussian_classes(4000, frequencies, rng)

    plain = LogisticRegression().fit(X, y).predict_proba(X_test)
    clf = TradeoffClassifier(
        LogisticRegression(), class_priority={0: 1, 1: 3, 2: 6}
    ).fit(X, y)
    weighted = clf.predict_proba(X_test)
    corrected = clf.set_params(correct_proba=True).predict_proba(X_test)

    assert log_loss(y_test, corrected) <= 1.25 * log_loss(y_test, plain)
    assert log_loss(y_test, weighted) >= 2 * log_loss(y_test, corrected)


@pytest.mark.parametrize(
    "params, shares",
    [
        ({"t": 0.9}, [0.1, 0.9]),
        ({"t": 0.2}, [0.8, 0.2]),
        ({"class_priority": {0: 1, 1: 3, 2: 6}}, [0.1, 0.3, 0.6]),
        ({"t": 0.7, "pos_label": 2}, None),  # one-vs-rest, shares set below
    ],
)
def test_corrected_proba_is_bayes_rule_by_hand(params, shares):
    """Check that the corrected probabilities equal those of a logistic
    regression fitted with hand-computed class weights, divided by those weights
    and renormalised."""
    rng = np.random.RandomState(2)
    frequencies = (
        [0.7, 0.3] if shares is not None and len(shares) == 2 else [0.6, 0.3, 0.1]
    )
    X, y = _gaussian_classes(400, frequencies, rng)
    if shares is None:
        # One-vs-rest: class 2 gets t, the others 1 - t in their proportions.
        counts = np.bincount(y)
        rest = counts[:2] / counts[:2].sum()
        shares = [0.3 * rest[0], 0.3 * rest[1], 0.7]
    class_weight = _hand_class_weight(y, shares)
    reference = LogisticRegression(**TIGHT_LR).fit(X, y, sample_weight=class_weight[y])
    expected = _hand_correct(reference.predict_proba(X), class_weight)

    clf = TradeoffClassifier(
        LogisticRegression(**TIGHT_LR), correct_proba=True, **params
    ).fit(X, y)
    assert_allclose(clf.predict_proba(X), expected, rtol=1e-5, atol=1e-8)


def test_corrected_proba_sample_weight_equals_repeated_rows():
    """Check that corrected probabilities fitted with integer sample weights
    (which change the class frequencies) equal those fitted on rows repeated
    that many times."""
    rng = np.random.RandomState(3)
    X, y = _gaussian_classes(300, [0.9, 0.1], rng)
    s = rng.randint(0, 3, size=y.shape[0]) + 2 * y
    clf = TradeoffClassifier(LogisticRegression(**TIGHT_LR), t=0.8, correct_proba=True)

    weighted = clf.fit(X, y, sample_weight=s).predict_proba(X)
    rows = np.repeat(np.arange(y.shape[0]), s)
    repeated = clf.fit(X[rows], y[rows]).predict_proba(X)
    assert_allclose(weighted, repeated, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize(
    "params",
    [{"t": 0.9}, {"t": 0.1}, {"class_priority": {0: 1, 1: 3, 2: 6}}],
)
def test_predict_is_argmax_of_corrected_proba_times_class_weight(params):
    """Check that ``predict`` does not depend on ``correct_proba`` and equals the
    argmax of the corrected probabilities multiplied by the class weights (true
    for logistic regression, whose predict is the argmax of its probabilities)."""
    rng = np.random.RandomState(4)
    n_classes = 3 if "class_priority" in params else 2
    frequencies = [0.6, 0.3, 0.1] if n_classes == 3 else [0.9, 0.1]
    X, y = _gaussian_classes(500, frequencies, rng)
    shares = [0.1, 0.3, 0.6] if n_classes == 3 else [1 - params["t"], params["t"]]

    plain = TradeoffClassifier(LogisticRegression(), **params).fit(X, y)
    corrected = TradeoffClassifier(
        LogisticRegression(), correct_proba=True, **params
    ).fit(X, y)
    decision = np.argmax(
        corrected.predict_proba(X) * _hand_class_weight(y, shares), axis=1
    )
    assert_array_equal(corrected.predict(X), plain.predict(X))
    assert_array_equal(corrected.predict(X), corrected.classes_[decision])


def test_corrected_proba_is_identity_at_half_on_balanced_data():
    """Check that at t=0.5 on exactly balanced data the correction changes
    nothing: the probabilities are those of the plain logistic regression."""
    rng = np.random.RandomState(5)
    X = rng.standard_normal((200, 4))
    y = np.repeat([0, 1], 100)
    X[y == 1, 0] += 1.0
    expected = LogisticRegression(**TIGHT_LR).fit(X, y).predict_proba(X)
    clf = TradeoffClassifier(LogisticRegression(**TIGHT_LR), correct_proba=True)
    assert_allclose(clf.fit(X, y).predict_proba(X), expected, rtol=1e-6)


@pytest.mark.parametrize("inner", [LinearSVC(), SVC()])
def test_proba_methods_exist_only_with_inner_predict_proba(inner):
    """Check that ``predict_proba``/``predict_log_proba`` are absent, before and
    after fit, when the inner estimator has no ``predict_proba``."""
    rng = np.random.RandomState(6)
    X, y = _gaussian_classes(100, [0.8, 0.2], rng)
    clf = TradeoffClassifier(inner, t=0.8, correct_proba=True)
    assert not hasattr(clf, "predict_proba")
    assert not hasattr(clf, "predict_log_proba")
    clf.fit(X, y)
    assert not hasattr(clf, "predict_proba")
    assert not hasattr(clf, "predict_log_proba")
    assert hasattr(TradeoffClassifier(LogisticRegression()), "predict_proba")


class _CopyRecordingLR(ClassifierMixin, BaseEstimator):
    """Logistic regression without ``sample_weight`` in ``fit`` (forcing the
    resampling fallback) that records the labels of the rows it was fitted on."""

    def fit(self, X, y):
        self.fitted_y_ = np.asarray(y)
        self.model_ = LogisticRegression().fit(X, y)
        self.classes_ = self.model_.classes_
        return self

    def predict(self, X):
        return self.model_.predict(X)

    def predict_proba(self, X):
        return self.model_.predict_proba(X)

    def predict_log_proba(self, X):
        return self.model_.predict_log_proba(X)


@pytest.mark.parametrize(
    "weighting, t, warns",
    [("resample", 0.99, True), ("resample", 0.9, False), ("undersample", 0.5, False)],
)
def test_resampling_corrects_with_weights_of_the_rows_fitted(weighting, t, warns):
    """Check that when the weights are realised by copying rows (also when the
    copies only approximate the shares) or by dropping rows, the correction
    divides by the class weights of the rows actually fitted (rows per class /
    class size), and the corrected probabilities score like the unweighted
    model's."""
    rng = np.random.RandomState(7)
    X, y = _gaussian_classes(2000, [0.95, 0.05], rng)
    X_test, y_test = _gaussian_classes(4000, [0.95, 0.05], rng)
    clf = TradeoffClassifier(
        _CopyRecordingLR(),
        t=t,
        weighting=weighting,
        correct_proba=True,
        random_state=0,
    )
    if warns:
        with pytest.warns(UserWarning, match="approximate"):
            clf.fit(X, y)
    else:
        clf.fit(X, y)

    fitted = np.bincount(clf.estimator_.fitted_y_) / np.bincount(y)
    expected = _hand_correct(clf.estimator_.predict_proba(X_test), fitted)
    assert_allclose(clf.predict_proba(X_test), expected, rtol=1e-10)
    plain = LogisticRegression().fit(X, y).predict_proba(X_test)
    assert log_loss(y_test, expected) <= 1.25 * log_loss(y_test, plain)


@pytest.mark.parametrize(
    "inner, weighting",
    [
        (LogisticRegression(), "sample_weight"),
        (_CopyRecordingLR(), "resample"),
        (LogisticRegression(), "undersample"),
    ],
)
def test_class_with_zero_weight_gets_its_training_frequency(inner, weighting):
    """Check that a class with priority 0 (the model learns nothing about it)
    gets its training frequency as corrected probability, the others sharing the
    rest, with weights or with resampling or undersampling (which drop its
    rows, so the inner estimator does not know the class)."""
    rng = np.random.RandomState(8)
    X, y = _gaussian_classes(300, [0.5, 0.3, 0.2], rng)
    clf = TradeoffClassifier(
        inner,
        class_priority={0: 0, 1: 1, 2: 2},
        weighting=weighting,
        correct_proba=True,
        random_state=0,
    ).fit(X, y)
    proba = clf.predict_proba(X)
    assert proba.shape == (300, 3)
    assert_allclose(proba[:, 0], np.mean(y == 0))
    assert_allclose(proba.sum(axis=1), 1.0)

    uncorrected = clf.set_params(correct_proba=False).predict_proba(X)
    assert uncorrected.shape == (300, 3)
    assert_allclose(uncorrected.sum(axis=1), 1.0)


@pytest.mark.parametrize("t", [0.0, 1.0])
def test_constant_model_corrected_proba_is_training_frequency(t):
    """Check that at t=0 and t=1 (a constant decision) the corrected
    probabilities are the (user-weighted) training class frequencies."""
    y = np.array([0] * 8 + [1] * 2)
    s = np.array([1.0] * 8 + [3.0] * 2)
    X = np.arange(10.0).reshape(-1, 1)
    clf = TradeoffClassifier(t=t, correct_proba=True).fit(X, y, sample_weight=s)
    assert_allclose(clf.predict_proba(X), np.tile([8 / 14, 6 / 14], (10, 1)))
    assert_allclose(clf.predict_log_proba(X), np.log(clf.predict_proba(X)))


def test_class_with_zero_user_weight_gets_probability_zero():
    """Check that a class whose user weights are all zero, absent from the
    weighted training data, gets corrected probability 0."""
    rng = np.random.RandomState(9)
    X, y = _gaussian_classes(300, [0.5, 0.3, 0.2], rng)
    s = np.where(y == 2, 0.0, 1.0)
    clf = TradeoffClassifier(correct_proba=True).fit(X, y, sample_weight=s)
    proba = clf.predict_proba(X)
    assert_array_equal(proba[:, 2], 0.0)
    assert_allclose(proba.sum(axis=1), 1.0)


def test_corrected_log_proba_is_computed_in_log_space():
    """Check that the corrected log-probabilities equal Bayes' rule applied by
    hand to the inner log-probabilities, and stay finite where the
    probabilities underflow to 0."""
    rng = np.random.RandomState(10)
    X, y = _gaussian_classes(400, [0.9, 0.1], rng, shift=6.0)
    X_far = np.vstack([X, [[100.0] + [0.0] * 4]])  # certain positive
    clf = TradeoffClassifier(GaussianNB(), t=0.9, correct_proba=True).fit(X, y)

    log_q = clf.estimator_.predict_log_proba(X_far)
    log_ratio = log_q - np.log(_hand_class_weight(y, [0.1, 0.9]))
    expected = log_ratio - logsumexp(log_ratio, axis=1, keepdims=True)
    log_proba = clf.predict_log_proba(X_far)
    assert_allclose(log_proba, expected, rtol=1e-10)
    assert np.isfinite(log_proba).all()
    assert clf.predict_proba(X_far)[-1, 0] == 0.0  # underflows; the log does not
    assert_allclose(np.exp(log_proba), clf.predict_proba(X_far), atol=1e-12)


# --------------------------------------------------------------------------------------
# Numerical edges: t next to 0 or 1, extreme imbalance, weights over twelve
# orders of magnitude, float32, sparse X; no overflow or other warning.


TINY = 1e-12


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("weighting", ["sample_weight", "resample"])
def test_one_positive_in_1e5_is_found(one_in_100k, weighting):
    """Check that at t=0.5 the lone positive is predicted positive, most
    negatives negative, by both the weighted and the resampled fit."""
    X, y = one_in_100k
    inner = (
        DecisionTreeClassifier(max_depth=3, random_state=0)
        if weighting == "sample_weight"
        else KNeighborsClassifier(1)
    )
    model = TradeoffClassifier(inner, weighting=weighting, random_state=0)
    model.fit(X, y)
    assert np.isfinite(list(model.class_weight_.values())).all()
    probe = np.vstack([X[:1], X[1:2001]])
    pred = model.predict(probe)
    assert pred[0] == 1
    assert (pred[1:] == 0).mean() > 0.99


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("t", [TINY, 1 - TINY])
def test_t_next_to_0_or_1_is_nearly_constant(t):
    """Check that t within 1e-12 of 0 / 1 is not the constant model but predicts
    (almost) only negatives / positives, with finite probabilities."""
    X, y = make_classification(
        n_samples=400, n_features=4, weights=[0.8], random_state=0
    )
    model = TradeoffClassifier(LogisticRegression(), t=t).fit(X, y)
    assert not model._constant
    proba = model.predict_proba(X)
    assert np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    expected = int(t > 0.5)
    assert (model.predict(X) == expected).mean() > 0.95


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("t", [TINY, 1 - TINY])
def test_t_next_to_0_or_1_corrected_proba_is_finite(t):
    """Check that correct_proba divides by a weight of about 1e-12 without
    overflow: finite probabilities summing to 1, finite log-probabilities."""
    X, y = make_classification(
        n_samples=400, n_features=4, weights=[0.8], random_state=0
    )
    model = TradeoffClassifier(t=t, correct_proba=True).fit(X, y)
    proba = model.predict_proba(X)
    assert np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    log_proba = model.predict_log_proba(X)
    assert not np.isnan(log_proba).any()


@pytest.mark.filterwarnings("error")
def test_weights_spanning_1e_minus6_to_1e6():
    """Check that user weights from 1e-6 to 1e6 give finite weights with the exact
    shares, and a weighted fit equal to one on unscaled weights (a scale-free
    estimator sees the same problem)."""
    X, y = make_classification(
        n_samples=500, n_features=4, weights=[0.9], random_state=0
    )
    sw = np.logspace(-6, 6, y.size)
    np.random.RandomState(0).shuffle(sw)
    w = tradeoff_sample_weight(y, 0.7, sample_weight=sw)
    assert np.isfinite(w).all() and (w > 0).all()
    assert w[y == 1].sum() / w.sum() == pytest.approx(0.7, rel=1e-12)
    assert w.sum() == pytest.approx(sw.sum(), rel=1e-12)
    tree = DecisionTreeClassifier(max_depth=3, random_state=0)
    model = TradeoffClassifier(tree, t=0.7).fit(X, y, sample_weight=sw)
    scaled = TradeoffClassifier(tree, t=0.7).fit(X, y, sample_weight=sw * 1e-6)
    np.testing.assert_array_equal(model.predict(X), scaled.predict(X))
    model = TradeoffClassifier(LogisticRegression(), t=0.7).fit(X, y, sample_weight=sw)
    assert np.isfinite(model.predict_proba(X)).all()


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("weighting", ["sample_weight", "resample"])
def test_float32_inputs_match_float64(weighting):
    """Check that float32 X, labels and weights give the float64 predictions."""
    X, y = make_classification(
        n_samples=300, n_features=4, weights=[0.85], random_state=0
    )
    inner = (
        LogisticRegression()
        if weighting == "sample_weight"
        else (KNeighborsClassifier())
    )
    kwargs = {"t": 0.7, "weighting": weighting, "random_state": 0}
    m64 = TradeoffClassifier(inner, **kwargs).fit(X, y)
    m32 = TradeoffClassifier(inner, **kwargs).fit(
        X.astype(np.float32),
        y.astype(np.float32),
        sample_weight=np.ones(y.size, dtype=np.float32),
    )
    np.testing.assert_array_equal(m32.classes_, [0.0, 1.0])
    agree = (m32.predict(X.astype(np.float32)) == m64.predict(X)).mean()
    assert agree > 0.99
    np.testing.assert_allclose(
        list(m32.class_weight_.values()), list(m64.class_weight_.values()), rtol=1e-6
    )
    w32 = tradeoff_sample_weight(
        y.astype(np.float32), 0.7, sample_weight=np.ones(y.size, np.float32)
    )
    assert w32.dtype == np.float64
    np.testing.assert_allclose(w32, tradeoff_sample_weight(y, 0.7), rtol=1e-12)


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("fmt", ["csr", "csc", "coo"])
@pytest.mark.parametrize("weighting", ["sample_weight", "resample"])
def test_sparse_X_matches_dense(fmt, weighting):
    """Check that sparse X (csr, csc, coo) fits and predicts like the dense X."""
    X, y = make_classification(
        n_samples=300, n_features=6, weights=[0.85], random_state=0
    )
    X = np.where(np.abs(X) > 0.8, X, 0.0)
    Xs = sparse.coo_matrix(X).asformat(fmt)
    inner = (
        make_pipeline(StandardScaler(with_mean=False), LogisticRegression())
        if weighting == "sample_weight"
        else KNeighborsClassifier()
    )
    kwargs = {"t": 0.7, "weighting": weighting, "random_state": 0}
    dense = TradeoffClassifier(inner, **kwargs).fit(X, y)
    sparse_model = TradeoffClassifier(inner, **kwargs).fit(Xs, y)
    np.testing.assert_allclose(
        sparse_model.predict_proba(Xs), dense.predict_proba(X), rtol=1e-6, atol=1e-8
    )


# --------------------------------------------------------------------------------------
# One fitted model used from many threads; fit leaves the caller's objects alone.

SMALL_X, SMALL_Y = make_classification(
    n_samples=200, n_features=5, weights=[0.85], random_state=0
)
SMALL_SW = np.random.RandomState(0).uniform(0.5, 2.0, size=SMALL_Y.size)

THREADED = {
    "pipeline": TradeoffClassifier(
        make_pipeline(StandardScaler(), LogisticRegression()), t=0.7
    ),
    "resample": TradeoffClassifier(
        KNeighborsClassifier(n_neighbors=5), t=0.8, random_state=0
    ),
    "correct_proba": TradeoffClassifier(t=0.3, correct_proba=True),
    "constant": TradeoffClassifier(t=0.0),
}


class _SharedBuffer(ClassifierMixin, BaseEstimator):
    """Not thread-safe on purpose: predict parks X on the instance, yields the
    GIL, then reads it back (another thread may have replaced it meanwhile)."""

    def fit(self, X, y, sample_weight=None):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        self.buffer_ = np.asarray(X)
        time.sleep(0.002)
        return np.where(self.buffer_[:, 0] > 0, self.classes_[1], self.classes_[0])


def test_thread_check_catches_shared_state():
    """Check that the thread comparison fails on a model that keeps per-call
    state, so its passing on the library's models means something."""
    model = TradeoffClassifier(_SharedBuffer()).fit(SMALL_X, SMALL_Y)
    with pytest.raises(AssertionError):
        assert_threads_match_sequential(model, SMALL_X)


@pytest.mark.parametrize("name", list(THREADED))
def test_threads_predict_like_sequential_calls(name):
    """Check that 8 threads calling every prediction method of one fitted model at
    once get exactly the results of sequential calls."""
    model = clone(THREADED[name]).fit(SMALL_X, SMALL_Y)
    assert_threads_match_sequential(model, SMALL_X)


def test_threads_fit_clones_of_one_shared_estimator():
    """Check that 8 threads fitting wrappers of the same estimator object at once
    get the models fitted by hand with the tradeoff weights, and the shared
    estimator stays unfitted."""
    X, Y = SMALL_X, SMALL_Y
    shared = make_pipeline(StandardScaler(), LogisticRegression())
    ts = np.linspace(0.1, 0.9, N_THREADS)

    def fit(t):
        return TradeoffClassifier(shared, t=t).fit(X, Y).predict_proba(X)

    got = in_threads(fit, ts)
    for t, g in zip(ts, got, strict=True):
        # The reference: the Pipeline fitted by hand with weights giving the
        # positives the share t of the total n.
        w = np.where(Y == 1, t / (Y == 1).sum(), (1 - t) / (Y == 0).sum()) * Y.size
        ref = clone(shared).fit(X, Y, logisticregression__sample_weight=w)
        np.testing.assert_allclose(g, ref.predict_proba(X), rtol=1e-10)
    assert not hasattr(shared[-1], "coef_")


FITTERS = {
    "sample_weight": TradeoffClassifier(
        make_pipeline(StandardScaler(), LogisticRegression()), t=0.7
    ),
    "resample": TradeoffClassifier(
        KNeighborsClassifier(), t=0.7, weighting="resample", random_state=0
    ),
    "undersample": TradeoffClassifier(
        LogisticRegression(), t=0.7, weighting="undersample", random_state=0
    ),
    "constant": TradeoffClassifier(t=1.0),
}


@pytest.mark.parametrize("name", list(FITTERS))
def test_fit_accepts_read_only_inputs(name):
    """Check that fit works on read-only X, y, sample_weight and learns what it
    learns from writeable copies of them."""
    assert_read_only_fit_matches_copies(FITTERS[name], SMALL_X, SMALL_Y, SMALL_SW)


class _ScalesInPlace(ClassifierMixin, BaseEstimator):
    """Writes into the X and sample_weight it is given: what fit must not let
    reach the caller's arrays unnoticed."""

    def fit(self, X, y, sample_weight=None):
        X *= 2.0
        if sample_weight is not None:
            sample_weight[:] = 1.0
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(X.shape[0], self.classes_[0])


def test_input_check_catches_a_writing_estimator():
    """Check that the comparison with untouched copies fails when the inner
    estimator writes into X, so its passing below means something."""
    with pytest.raises(AssertionError):
        assert_fit_leaves_inputs_alone(
            TradeoffClassifier(_ScalesInPlace()), SMALL_X, SMALL_Y, SMALL_SW
        )


@pytest.mark.parametrize("name", list(FITTERS))
def test_fit_mutates_nothing(name):
    """Check that fit changes none of the caller's writeable X, y and
    sample_weight, nor the wrapped estimator."""
    assert_fit_leaves_inputs_alone(FITTERS[name], SMALL_X, SMALL_Y, SMALL_SW)


@pytest.mark.filterwarnings("ignore:Reproducing the class shares:UserWarning")
def test_fit_leaves_writeable_inputs_unchanged():
    """Check that fit does not write into the caller's arrays (compared with copies),
    for a list y, a sparse X and a pandas Series of weights."""
    pd = pytest.importorskip("pandas")
    Xs = sparse.csr_matrix(np.where(np.abs(SMALL_X) > 1, SMALL_X, 0.0))
    Xs_copy = Xs.copy()
    y_list = SMALL_Y.tolist()
    sw = pd.Series(SMALL_SW)
    TradeoffClassifier(KNeighborsClassifier(), t=0.8, random_state=0).fit(
        Xs, y_list, sample_weight=sw
    )
    TradeoffClassifier(t=0.8).fit(Xs, y_list, sample_weight=sw)
    assert (Xs != Xs_copy).nnz == 0
    assert y_list == SMALL_Y.tolist()
    np.testing.assert_array_equal(sw.to_numpy(), SMALL_SW)


# --------------------------------------------------------------------------------------
# Fitted models survive pickle, joblib and skops.io with identical predictions.

SAVED_X, SAVED_Y = make_classification(
    n_samples=150, n_features=4, weights=[0.85], random_state=0
)
SAVED_X_NEW = np.random.RandomState(1).normal(size=(60, 4))
SAVED = {
    "pipeline": TradeoffClassifier(
        make_pipeline(StandardScaler(), LogisticRegression()), t=0.7
    ),
    "resample": TradeoffClassifier(
        KNeighborsClassifier(n_neighbors=3), t=0.8, random_state=0
    ),
    "correct_proba": TradeoffClassifier(t=0.3, correct_proba=True),
    "constant": TradeoffClassifier(t=1.0),
}


@pytest.fixture(scope="module")
def saved():
    return {name: clone(model).fit(SAVED_X, SAVED_Y) for name, model in SAVED.items()}


@pytest.mark.parametrize("name", list(SAVED))
@pytest.mark.parametrize(
    "round_trip", list(ROUND_TRIPS.values()), ids=list(ROUND_TRIPS)
)
def test_round_trip_gives_identical_predictions(saved, name, round_trip, tmp_path):
    """Check that a fitted model loads back with identical predictions,
    probabilities and decision scores."""
    original = saved[name]
    assert_same_predictions(round_trip(original, tmp_path), original, SAVED_X_NEW)


def test_loaded_model_refits_like_a_fresh_one(saved):
    """Check that a loaded model keeps its parameters: refitting it gives the
    predictions of a freshly fitted clone."""
    sio = pytest.importorskip("skops.io")
    original = saved["pipeline"]
    data = sio.dumps(original)
    loaded = sio.loads(data, trusted=sio.get_untrusted_types(data=data))
    refit = loaded.fit(SAVED_X, SAVED_Y)
    np.testing.assert_array_equal(
        refit.predict(SAVED_X_NEW), original.predict(SAVED_X_NEW)
    )


def test_round_trip_with_sparse_input():
    """Check that a model fitted on sparse data predicts the same after loading."""
    Xs = sparse.csr_matrix(np.where(np.abs(SAVED_X) > 1, SAVED_X, 0.0))
    model = TradeoffClassifier(
        KNeighborsClassifier(n_neighbors=3), t=0.7, random_state=0
    ).fit(Xs, SAVED_Y)
    buffer = io.BytesIO()
    joblib.dump(model, buffer)
    buffer.seek(0)
    loaded = joblib.load(buffer)
    Xs_new = sparse.csr_matrix(SAVED_X_NEW)
    np.testing.assert_array_equal(
        loaded.predict_proba(Xs_new), model.predict_proba(Xs_new)
    )
