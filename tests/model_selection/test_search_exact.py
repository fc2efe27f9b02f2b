"""`TradeoffClassifierCV`: every row it reports is the model `fit` returns.

Regression tests for paths that reported another model than the one returned:
warm-started refits, multi-class readings by another rule than ``predict``, a
``TradeoffClassifier`` wrapped twice, samplers, stale feature names.  The
differential harness over estimators and task shapes is test_differential.py.
"""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import StratifiedKFold
from sklearn.neural_network import MLPClassifier
from sklearn.svm import SVC

from sk_imbalance import TradeoffClassifier, TradeoffClassifierCV
from sk_imbalance.model_selection import tradeoff_curve

from ._fresh import fresh_rates, read_rates, reported_rates

ISSUE_TS = [0.1, 0.5, 0.9]


def _issue_data():
    return make_classification(
        n_samples=600, weights=[0.85], flip_y=0.05, random_state=3
    )


def _multiclass_data(n=400):
    X, y = make_classification(
        n_samples=n,
        n_features=6,
        n_informative=4,
        n_classes=4,
        n_clusters_per_class=1,
        random_state=0,
    )
    return X, y


def _cv(X, y, n_splits=3):
    return list(StratifiedKFold(n_splits, shuffle=True, random_state=0).split(X, y))


@pytest.mark.parametrize(
    "estimator",
    [
        MLPClassifier(hidden_layer_sizes=(10,), max_iter=100, random_state=0),
        SGDClassifier(loss="log_loss", random_state=0),
        LogisticRegression(),
    ],
    ids=["mlp", "sgd", "logistic"],
)
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_refit_rows_are_fresh_fits(estimator):
    """Check that method='refit' reports, split by split, exactly the rates of
    fresh TradeoffClassifier(t) fits on the same folds (a warm start from
    another t's solution stopped at other models)."""
    X, y = _issue_data()
    splits = _cv(X, y)
    clf = TradeoffClassifierCV(estimator, ts=ISSUE_TS, cv=splits, method="refit")
    clf.fit(X, y)
    sens, spec = reported_rates(clf.cv_results_, len(splits))
    for i, t in enumerate(ISSUE_TS):
        expected = fresh_rates(estimator, X, y, t, splits, pos=1)
        np.testing.assert_allclose(sens[i], expected[0], rtol=0, atol=1e-12)
        np.testing.assert_allclose(spec[i], expected[1], rtol=0, atol=1e-12)


def test_threshold_reads_predict_rule_on_multiclass():
    """Check that the threshold path on multi-class data with pos_label reads
    each t by predict's rule: the row at t=0.5 is the rates of the fitted
    models' predict, and every row the argmax after multiplying the positive
    probability by t / (1 - t)."""
    X, y = _multiclass_data()
    splits = _cv(X, y)
    ts = [0.2, 0.5, 0.8]
    clf = TradeoffClassifierCV(
        LogisticRegression(), ts=ts, cv=splits, pos_label=3, method="threshold"
    ).fit(X, y)
    sens, spec = reported_rates(clf.cv_results_, len(splits))
    fitted = fresh_rates(LogisticRegression(), X, y, 0.5, splits, pos=3, pos_label=3)
    np.testing.assert_allclose(sens[1], fitted[0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(spec[1], fitted[1], rtol=0, atol=1e-12)
    read = read_rates(LogisticRegression(), X, y, 0.5, ts, splits, 3, pos_label=3)
    np.testing.assert_allclose(sens, read[0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(spec, read[1], rtol=0, atol=1e-12)


# SVC(probability=True) is deprecated in scikit-learn 1.9; it is still in use.
@pytest.mark.filterwarnings("ignore:The `probability` parameter:FutureWarning")
def test_threshold_refused_when_predict_is_not_the_argmax():
    """Check that reading multi-class probabilities is refused, naming the
    estimator, when its predict is not their argmax (SVC's Platt
    probabilities), and that "auto" then refits every t."""
    X, y = _multiclass_data(n=240)
    svc = SVC(probability=True, random_state=0)
    clf = TradeoffClassifierCV(
        svc, ts=[0.3, 0.5], cv=3, pos_label=3, method="threshold", random_state=0
    )
    with pytest.raises(ValueError, match=r"SVC\.predict is not the argmax"):
        clf.fit(X, y)
    auto = clf.set_params(method="auto").fit(X, y)
    assert auto.method_ == "refit"


@pytest.mark.parametrize("weighting", ["sample_weight", "resample"])
def test_wrapped_tradeoff_classifier_is_tuned_not_nested(weighting):
    """Check that a TradeoffClassifier given to TradeoffClassifierCV has its t
    set by the search (rows equal fresh fits of it at each t, its weighting
    kept) and that the returned model is it at best_t_, not a model nested in
    another (whose weights would be rescaled back to its own t)."""
    X, y = _issue_data()
    splits = _cv(X, y)
    inner = TradeoffClassifier(
        LogisticRegression(), t=0.5, weighting=weighting, random_state=0
    )
    ts = [0.2, 0.8]
    clf = TradeoffClassifierCV(inner, ts=ts, cv=splits, method="refit").fit(X, y)
    sens, _ = reported_rates(clf.cv_results_, len(splits))
    for i, t in enumerate(ts):
        expected = fresh_rates(inner, X, y, t, splits, pos=1)
        np.testing.assert_allclose(sens[i], expected[0], rtol=0, atol=1e-12)
    assert sens[1].mean() > sens[0].mean()
    assert isinstance(clf.estimator_, TradeoffClassifier)
    assert isinstance(clf.estimator_.estimator, LogisticRegression)
    assert clf.estimator_.t == clf.best_t_
    assert clf.estimator_.weighting == weighting


class _OwnT(ClassifierMixin, BaseEstimator):
    """A model of its own t (as a bagging ensemble of TradeoffClassifiers)."""

    _tunes_own_t = True

    def __init__(self, t=0.5, pos_label=None, random_state=None):
        self.t = t
        self.pos_label = pos_label
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        self.model_ = TradeoffClassifier(
            LogisticRegression(), t=self.t, pos_label=self.pos_label
        ).fit(X, y, sample_weight=sample_weight)
        self.classes_ = self.model_.classes_
        return self

    def predict(self, X):
        return self.model_.predict(X)

    def predict_proba(self, X):
        return self.model_.predict_proba(X)


def test_own_t_estimator_is_tuned_by_set_params():
    """Check that any estimator whose class declares _tunes_own_t = True is
    tuned by set_params(t=...) in TradeoffClassifierCV and tradeoff_curve
    (rows equal its fresh fits at each t), never wrapped."""
    X, y = _issue_data()
    splits = _cv(X, y)
    ts = [0.2, 0.8]
    clf = TradeoffClassifierCV(_OwnT(), ts=ts, cv=splits, method="refit").fit(X, y)
    curve = tradeoff_curve(_OwnT(), X, y, ts=ts, cv=splits)
    for i, t in enumerate(ts):
        expected = fresh_rates(_OwnT(), X, y, t, splits, pos=1)[0]
        reported = reported_rates(clf.cv_results_, len(splits))[0][i]
        np.testing.assert_allclose(reported, expected, rtol=0, atol=1e-12)
        np.testing.assert_allclose(curve.sensitivity_folds[i], expected, atol=1e-12)
    assert isinstance(clf.estimator_, _OwnT)
    assert clf.estimator_.t == clf.best_t_


@pytest.mark.parametrize(
    "make, error, match",
    [
        (
            lambda: TradeoffClassifier(TradeoffClassifier(LogisticRegression())),
            ValueError,
            r"estimator=TradeoffClassifier\(\.\.\.\) applies a tradeoff t",
        ),
        (
            lambda: TradeoffClassifier(_OwnT()),
            ValueError,
            r"estimator=_OwnT\(\.\.\.\) applies a tradeoff t",
        ),
        (
            lambda: TradeoffClassifierCV(
                TradeoffClassifier(pos_label=0), pos_label=1, cv=2, ts=[0.5]
            ),
            ValueError,
            "pos_label=1 but its estimator TradeoffClassifier has pos_label=0",
        ),
    ],
)
def test_nested_tradeoff_errors(make, error, match):
    """Check that wrapping a model of its own t in a TradeoffClassifier, or
    giving a search a pos_label that contradicts its estimator's, is refused
    with an error naming the estimator."""
    X, y = _issue_data()
    with pytest.raises(error, match=match):
        make().fit(X, y)


def test_sampler_in_estimator_is_a_clear_error():
    """Check that an imbalanced-learn sampler inside TradeoffClassifierCV's
    estimator gives TradeoffClassifier's clear error, not an AttributeError."""
    imblearn_pipeline = pytest.importorskip("imblearn.pipeline")
    under = pytest.importorskip("imblearn.under_sampling")
    X, y = _issue_data()
    pipe = imblearn_pipeline.make_pipeline(
        under.RandomUnderSampler(random_state=0), LogisticRegression()
    )
    with pytest.raises(ValueError, match=r"randomundersampler.*resamples the rows"):
        TradeoffClassifierCV(pipe, ts=[0.5], cv=2).fit(X, y)


def test_feature_names_dropped_after_refit_on_array():
    """Check that refitting on an array drops the feature names of an earlier
    fit on a DataFrame."""
    X, y = _issue_data()
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    clf = TradeoffClassifierCV(ts=[0.5], cv=2, method="threshold").fit(frame, y)
    assert list(clf.feature_names_in_) == list(frame.columns)
    clf.fit(X, y)
    assert not hasattr(clf, "feature_names_in_")
    assert clf.n_features_in_ == X.shape[1]
