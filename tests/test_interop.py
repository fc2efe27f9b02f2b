"""Other libraries around and inside the wrappers.

Gradient boosting (LightGBM, XGBoost) inside, polars input, scikit-learn's
meta-estimators and imbalanced-learn's Pipeline around, with metadata routing on
and off.  The references are the same libraries fitted by hand: with the weights
computed here from the formula, or with scikit-learn's ``class_weight="balanced"``,
which ``t=0.5`` equals.
"""

import numpy as np
import pytest
import sklearn
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.datasets import make_classification
from sklearn.ensemble import StackingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, make_scorer, recall_score
from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from sk_imbalance import TradeoffClassifier, TradeoffClassifierCV

X, Y = make_classification(
    n_samples=300, n_features=6, n_informative=4, weights=[0.88], random_state=0
)
SW = np.random.RandomState(1).randint(1, 4, size=Y.size).astype(float)
COLUMNS = [f"f{i}" for i in range(X.shape[1])]


def _hand_weights(y, t, sample_weight=None):
    """The tradeoff weights from the formula: positives (label 1) get the share t
    of sum(s), negatives 1 - t, in proportion to s within each class."""
    s = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight)
    pos = np.asarray(y) == 1
    share = np.where(pos, t / s[pos].sum(), (1 - t) / s[~pos].sum())
    return s * share * s.sum()


@pytest.fixture(params=["lightgbm", "xgboost"])
def booster(request):
    if request.param == "lightgbm":
        lightgbm = pytest.importorskip("lightgbm")
        return lightgbm.LGBMClassifier(
            n_estimators=15, num_leaves=7, verbose=-1, n_jobs=1
        )
    xgboost = pytest.importorskip("xgboost")
    return xgboost.XGBClassifier(n_estimators=15, max_depth=3, n_jobs=1, random_state=0)


@pytest.mark.parametrize("t", [0.2, 0.8])
def test_booster_inside_equals_its_own_weighted_fit(booster, t):
    """Check that LightGBM/XGBoost inside TradeoffClassifier give exactly the
    probabilities of fitting them by hand with the formula's weights."""
    ours = TradeoffClassifier(booster, t=t).fit(X, Y, sample_weight=SW)
    ref = clone(booster).fit(X, Y, sample_weight=_hand_weights(Y, t, SW))
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-6)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


def test_booster_inside_cv_equals_fold_fits_by_hand(booster):
    """Check that TradeoffClassifierCV around LightGBM/XGBoost measures, fold by
    fold, the sensitivity of the booster fitted by hand with the weights of each
    t, and refits at best_t_ as by hand."""
    cv = list(StratifiedKFold(3, shuffle=True, random_state=0).split(X, Y))
    ts = [0.3, 0.7]
    search = TradeoffClassifierCV(booster, ts=ts, cv=cv, method="refit").fit(X, Y)
    for i, t in enumerate(ts):
        for k, (train, test) in enumerate(cv):
            model = clone(booster).fit(
                X[train], Y[train], sample_weight=_hand_weights(Y[train], t)
            )
            expected = recall_score(Y[test], model.predict(X[test]))
            got = search.cv_results_[f"split{k}_test_sensitivity"][i]
            assert got == pytest.approx(expected)
    ref = clone(booster).fit(X, Y, sample_weight=_hand_weights(Y, search.best_t_))
    np.testing.assert_allclose(search.predict_proba(X), ref.predict_proba(X), rtol=1e-6)


def test_polars_input_equals_numpy():
    """Check that a polars DataFrame fits and predicts as its numpy values, with
    the column names kept, in both wrappers."""
    pl = pytest.importorskip("polars")
    X_pl = pl.DataFrame(X, schema=COLUMNS, orient="row")
    ours = TradeoffClassifier(t=0.7).fit(X_pl, Y)
    ref = LogisticRegression().fit(X, Y, sample_weight=_hand_weights(Y, 0.7))
    np.testing.assert_allclose(ours.predict_proba(X_pl), ref.predict_proba(X))
    assert list(ours.feature_names_in_) == COLUMNS
    cv = list(StratifiedKFold(3, shuffle=True, random_state=0).split(X, Y))
    on_polars = TradeoffClassifierCV(ts=[0.3, 0.7], cv=cv).fit(X_pl, Y)
    on_numpy = TradeoffClassifierCV(ts=[0.3, 0.7], cv=cv).fit(X, Y)
    for key in ("mean_test_sensitivity", "mean_test_specificity"):
        np.testing.assert_allclose(
            on_polars.cv_results_[key], on_numpy.cv_results_[key]
        )
    assert list(on_polars.feature_names_in_) == COLUMNS


# --------------------------------------------------------------------------------------
# scikit-learn's meta-estimators around TradeoffClassifier, routing off and on.
# t=0.5 is class_weight="balanced", which scikit-learn recomputes on every fold.


def _balanced_pair():
    return TradeoffClassifier(LogisticRegression(), t=0.5), LogisticRegression(
        class_weight="balanced"
    )


def _tuned(estimator):
    return TunedThresholdClassifierCV(
        estimator,
        scoring=make_scorer(balanced_accuracy_score),
        cv=3,
        random_state=0,
    )


def _calibrated(estimator):
    return CalibratedClassifierCV(estimator, cv=3)


def _stacked(estimator):
    tree = DecisionTreeClassifier(max_depth=3, random_state=0)
    if isinstance(estimator, TradeoffClassifier):
        tree = TradeoffClassifier(tree)
    else:
        tree.set_params(class_weight="balanced")
    return StackingClassifier([("lr", estimator), ("tree", tree)], cv=3)


@pytest.mark.parametrize("around", [_tuned, _calibrated, _stacked])
def test_meta_estimators_around_equal_balanced_reference(around):
    """Check that TunedThresholdClassifierCV, CalibratedClassifierCV and
    StackingClassifier around TradeoffClassifier(t=0.5) give the probabilities
    they give around class_weight="balanced" estimators (routing off)."""
    ours, ref = _balanced_pair()
    ours, ref = around(ours).fit(X, Y), around(ref).fit(X, Y)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-5)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


def _weighted_reference(t):
    """LogisticRegression that computes the tradeoff weights itself in fit."""

    class _HandWeighted(LogisticRegression):
        def fit(self, X, y, sample_weight=None):
            return super().fit(X, y, sample_weight=_hand_weights(y, t, sample_weight))

    return _HandWeighted()


@pytest.mark.parametrize("routing", [False, True], ids=["routing-off", "routing-on"])
@pytest.mark.parametrize("around", [_calibrated, _stacked])
def test_sample_weight_reaches_the_wrapper_through_meta_estimators(around, routing):
    """Check that the user's sample_weight passed to a meta-estimator reaches
    TradeoffClassifier and multiplies its weights, with routing off and on."""
    with sklearn.config_context(enable_metadata_routing=routing):
        ours = TradeoffClassifier(LogisticRegression(), t=0.7)
        ref = _weighted_reference(0.7)
        if routing:
            ours.set_fit_request(sample_weight=True)
            ref.set_fit_request(sample_weight=True)
        if around is _stacked:
            models = [
                StackingClassifier(
                    [("lr", est)], cv=3, final_estimator=LogisticRegression()
                )
                for est in (ours, ref)
            ]
            if routing:
                for m in models:
                    m.final_estimator.set_fit_request(sample_weight=False)
        else:
            models = [around(est) for est in (ours, ref)]
        fitted = [m.fit(X, Y, sample_weight=SW) for m in models]
        np.testing.assert_allclose(
            fitted[0].predict_proba(X), fitted[1].predict_proba(X), rtol=1e-5
        )
        unweighted = clone(models[0]).fit(X, Y)
        assert not np.allclose(unweighted.predict_proba(X), fitted[0].predict_proba(X))


def test_tuned_threshold_around_with_weights():
    """Check TunedThresholdClassifierCV around TradeoffClassifier with
    sample_weight routed (without routing it refuses sample_weight, as for any
    estimator): the threshold and decisions of the weighted reference."""
    with sklearn.config_context(enable_metadata_routing=True):
        scorer = make_scorer(balanced_accuracy_score).set_score_request(
            sample_weight=True
        )
        ours = TradeoffClassifier(LogisticRegression(), t=0.7)
        ref = _weighted_reference(0.7)
        models = [
            TunedThresholdClassifierCV(
                est.set_fit_request(sample_weight=True),
                scoring=scorer,
                cv=3,
                random_state=0,
            )
            for est in (ours, ref)
        ]
        fitted = [m.fit(X, Y, sample_weight=SW) for m in models]
    assert fitted[0].best_threshold_ == pytest.approx(fitted[1].best_threshold_)
    np.testing.assert_array_equal(fitted[0].predict(X), fitted[1].predict(X))


# --------------------------------------------------------------------------------------
# imbalanced-learn's Pipeline around and inside.


def test_imblearn_pipeline_around_with_a_sampler():
    """Check that a sampler before TradeoffClassifier in an imbalanced-learn
    Pipeline works: the weights are computed on the resampled rows, as
    class_weight="balanced" is."""
    imb_pipeline = pytest.importorskip("imblearn.pipeline")
    from imblearn.under_sampling import RandomUnderSampler

    def pipe(estimator):
        return imb_pipeline.make_pipeline(
            RandomUnderSampler(sampling_strategy=0.5, random_state=0),
            estimator,
        )

    ours, ref = _balanced_pair()
    ours, ref = pipe(ours).fit(X, Y), pipe(ref).fit(X, Y)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-6)


@pytest.mark.parametrize("routing", [False, True], ids=["routing-off", "routing-on"])
def test_imblearn_pipeline_inside_without_sampler(routing):
    """Check that an imbalanced-learn Pipeline without a sampler inside
    TradeoffClassifier weighs its final step as a scikit-learn Pipeline does."""
    imb_pipeline = pytest.importorskip("imblearn.pipeline")
    with sklearn.config_context(enable_metadata_routing=routing):
        inner = imb_pipeline.make_pipeline(StandardScaler(), LogisticRegression())
        ours = TradeoffClassifier(inner, t=0.8).fit(X, Y, sample_weight=SW)
    ref = make_pipeline(StandardScaler(), LogisticRegression()).fit(
        X, Y, logisticregression__sample_weight=_hand_weights(Y, 0.8, SW)
    )
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-6)
