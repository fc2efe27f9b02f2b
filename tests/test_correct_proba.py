"""Tests for ``TradeoffClassifier(correct_proba=True)``: Bayes' rule undoes the
tradeoff weights so that probabilities are risks under the training frequencies.

The statistical tests use Gaussian classes with a shared covariance, where
logistic regression is the true model and so is calibrated for the weighted
data: the assumption the correction rests on.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.special import logsumexp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss
from sklearn.naive_bayes import GaussianNB
from sklearn.svm import SVC, LinearSVC

from sk_imbalance import TradeoffClassifier

# Tight enough that two fits of the same weighted problem agree to ~1e-6.
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
