"""Numerical edges: extreme imbalance, t next to 0 or 1, weights over twelve
orders of magnitude, float32, sparse X.  Finite weights, sensible predictions and
no overflow or other warnings (every test here turns warnings into errors)."""

import numpy as np
import pytest
from scipy import sparse
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import recall_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from sk_imbalance import (
    TradeoffClassifier,
    metrics,
    tradeoff_class_weight,
    tradeoff_sample_weight,
)

pytestmark = pytest.mark.filterwarnings("error")

TINY = 1e-12
EXTREME_TS = [TINY, 0.5, 1 - TINY]


@pytest.fixture(scope="module")
def one_in_100k():
    """1e5 rows, one positive, which sits apart from the negatives."""
    rng = np.random.RandomState(0)
    X = rng.normal(size=(100_000, 2))
    y = np.zeros(100_000, dtype=int)
    y[0], X[0] = 1, [6.0, 6.0]
    return X, y


@pytest.mark.parametrize("t", EXTREME_TS + [0.9])
def test_one_positive_in_1e5_weights(one_in_100k, t):
    """Check that the lone positive gets the weight t * n, each negative
    (1 - t) * n / (n - 1), with the total n kept."""
    _, y = one_in_100k
    n = y.size
    w = tradeoff_sample_weight(y, t)
    assert np.isfinite(w).all()
    assert w[0] == pytest.approx(t * n, rel=1e-12)
    np.testing.assert_allclose(w[1:], (1 - t) * n / (n - 1), rtol=1e-9)
    assert w.sum() == pytest.approx(n, rel=1e-12)


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


def test_resampling_weights_spanning_1e_minus6_to_1e6_keeps_every_row():
    """Check that the resampling fallback, whose copies cannot reproduce a 1e12
    weight ratio, says so once, keeps every row and gives finite class weights."""
    X, y = make_classification(
        n_samples=300, n_features=4, weights=[0.9], random_state=0
    )
    sw = np.logspace(-6, 6, y.size)
    model = TradeoffClassifier(KNeighborsClassifier(), t=0.7, random_state=0)
    with pytest.warns(UserWarning, match="only approximate") as record:
        model.fit(X, y, sample_weight=sw)
    assert len(record) == 1
    assert np.isfinite(list(model.class_weight_.values())).all()
    # KNN memorises its training rows: every row must be among them.
    assert model.estimator_.n_samples_fit_ >= y.size
    assert len(np.unique(model.estimator_._fit_X, axis=0)) == y.size


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


def test_huge_total_weight_is_refused_not_overflowed():
    """Check that weights whose sum overflows are an error naming sample_weight,
    while weights near the top of the float range with a finite sum work."""
    y = np.array([0, 0, 0, 1])
    with pytest.raises(ValueError, match="sample_weight sums to infinity"):
        tradeoff_sample_weight(y, sample_weight=np.full(4, 1e308))
    w = tradeoff_class_weight(y, 0.7, sample_weight=np.full(4, 1e307))
    assert w == pytest.approx({0: 0.4, 1: 2.8})


@pytest.mark.parametrize("func", [tradeoff_sample_weight, tradeoff_class_weight])
def test_subnormal_class_weight_is_refused_not_overflowed(func):
    """Check that a class whose user weights sum to a subnormal number (its weight
    per unit would overflow to inf) is an error naming sample_weight, quietly."""
    y = np.array([0, 1])
    with pytest.raises(ValueError, match="sample_weight of class 1 sums to 2.2"):
        func(y, 1.0, sample_weight=[1.0, 2.2250738585e-311])


# --------------------------------------------------------------------------------------
# Metrics at the edges.


def test_metrics_one_positive_in_1e5(one_in_100k):
    """Check the metrics on one positive in 1e5 rows against recall_score."""
    _, y = one_in_100k
    y_pred = np.zeros_like(y)
    y_pred[:2] = 1  # the positive found, one false alarm
    assert metrics.sensitivity_score(y, y_pred) == 1.0
    assert metrics.specificity_score(y, y_pred) == pytest.approx(
        recall_score(y, y_pred, pos_label=0)
    )


def test_metrics_weights_spanning_1e_minus6_to_1e6():
    """Check the weighted metrics against recall_score over twelve orders of
    magnitude of weights, and float32 labels and weights."""
    rng = np.random.RandomState(0)
    y_true = rng.randint(0, 2, 1000)
    y_pred = np.where(rng.random_sample(1000) < 0.2, 1 - y_true, y_true)
    sw = np.logspace(-6, 6, 1000)
    rng.shuffle(sw)
    assert metrics.sensitivity_score(y_true, y_pred, sample_weight=sw) == (
        pytest.approx(recall_score(y_true, y_pred, sample_weight=sw), rel=1e-9)
    )
    assert metrics.specificity_score(
        y_true.astype(np.float32),
        y_pred.astype(np.float32),
        sample_weight=sw.astype(np.float32),
    ) == pytest.approx(
        recall_score(y_true, y_pred, pos_label=0, sample_weight=sw), rel=1e-6
    )
