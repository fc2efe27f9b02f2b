"""`TradeoffClassifier` on the rows it fits: which rows, checked how, with which
per-sample parameters, and how many.

Regression tests: per-sample fit parameters that did not follow copied or
removed rows, X checked or not depending on ``t`` and on the rows drawn, the
resampling memory bound, SVC's decision columns with a class without weight.
"""

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from sk_imbalance import TradeoffClassifier


def _data(n=300, weights=(0.8,), seed=0):
    X, y = make_classification(
        n_samples=n, n_features=4, weights=list(weights), random_state=seed
    )
    return X, y


class _RowRecorder(ClassifierMixin, BaseEstimator):
    """Records its rows and the per-sample ``row_id`` fit parameter; takes no
    sample_weight, so "auto" copies rows."""

    def fit(self, X, y, row_id=None):
        self.X_ = np.asarray(X)
        self.row_id_ = None if row_id is None else np.asarray(row_id)
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(np.asarray(X).shape[0], self.classes_[0])


@pytest.mark.parametrize(
    "params",
    [{"weighting": "auto"}, {"weighting": "resample"}, {"weighting": "undersample"}],
    ids=["auto", "resample", "undersample"],
)
def test_per_sample_fit_params_follow_the_rows(params):
    """Check that a per-sample fit parameter is copied and dropped with the
    rows it belongs to (as LightGBM's init_score must be)."""
    X, y = _data()
    X = np.column_stack([np.arange(y.size), X])  # column 0: the row id
    clf = TradeoffClassifier(_RowRecorder(), t=0.7, random_state=0, **params)
    clf.fit(X, y, row_id=np.arange(y.size) * 10)
    fitted = clf.estimator_
    assert fitted.X_.shape[0] != y.size  # rows were copied or dropped
    np.testing.assert_array_equal(fitted.row_id_, fitted.X_[:, 0] * 10)


def test_lightgbm_init_score_follows_the_rows():
    """Check that LightGBM fits with init_score under undersampling (the rows
    kept and their init_score agree in length)."""
    lightgbm = pytest.importorskip("lightgbm")
    X, y = _data()
    model = lightgbm.LGBMClassifier(n_estimators=5, verbose=-1, random_state=0)
    clf = TradeoffClassifier(model, t=0.7, weighting="undersample", random_state=0)
    clf.fit(X, y, init_score=np.linspace(-1, 1, y.size))
    assert clf.predict(X).shape == y.shape


def _with_nan(X, y, where):
    X = X.copy()
    row = np.flatnonzero(y == where)[0]
    X[row, 0] = np.nan
    return X


@pytest.mark.parametrize(
    "estimator, params",
    [
        (make_pipeline(StandardScaler(), LogisticRegression()), {"t": 0.0}),
        (make_pipeline(StandardScaler(), LogisticRegression()), {"t": 1.0}),
        (LogisticRegression(), {"t": 0.0}),
        (KNeighborsClassifier(), {"t": 0.7, "weighting": "undersample"}),
        (KNeighborsClassifier(), {"t": 0.7}),
        (
            make_pipeline(StandardScaler(), KNeighborsClassifier()),
            {"t": 0.7, "weighting": "undersample"},
        ),
    ],
    ids=["pipe-t0", "pipe-t1", "lr-t0", "knn-under", "knn-auto", "pipe-knn-under"],
)
@pytest.mark.parametrize("seed", range(3))
def test_nan_refused_whatever_the_rows_drawn(estimator, params, seed):
    """Check that NaN in X is refused as the inner estimator refuses it,
    whatever t is and whichever rows the draw keeps (here in a majority row,
    the rows undersampling drops)."""
    X, y = _data()
    X = _with_nan(X, y, where=0)
    clf = TradeoffClassifier(estimator, random_state=seed, **params)
    with pytest.raises(ValueError, match="NaN"):
        clf.fit(X, y)


def test_nan_row_without_weight_refused_under_resampling():
    """Check that a NaN row with zero user weight is refused, not silently
    dropped by resampling."""
    X, y = _data()
    X = _with_nan(X, y, where=1)
    weight = np.ones(y.size)
    weight[np.isnan(X[:, 0])] = 0.0
    clf = TradeoffClassifier(KNeighborsClassifier(), t=0.7, random_state=0)
    with pytest.raises(ValueError, match="NaN"):
        clf.fit(X, y, sample_weight=weight)


@pytest.mark.parametrize("t", [0.0, 1.0])
def test_constant_pipeline_refuses_nan_at_predict(t):
    """Check that a Pipeline at t=0 or t=1 refuses NaN at predict time as its
    final step would."""
    X, y = _data()
    clf = TradeoffClassifier(
        make_pipeline(StandardScaler(), LogisticRegression()), t=t
    ).fit(X, y)
    with pytest.raises(ValueError, match="NaN"):
        clf.predict(_with_nan(X, y, where=0))


@pytest.mark.parametrize("seed", range(5))
def test_resampling_never_exceeds_ten_times_the_rows(seed):
    """Check that resampling fits at most 10x the training rows, the
    documented bound, even where the shares need more copies (t=0.99)."""
    X, y = _data(n=1000, weights=(0.9,))
    clf = TradeoffClassifier(_RowRecorder(), t=0.99, random_state=seed)
    with pytest.warns(UserWarning, match="approximate"):
        clf.fit(X, y)
    assert clf.estimator_.X_.shape[0] <= 10 * y.size


@pytest.mark.parametrize("shape", ["ovr", "ovo"])
def test_svc_zero_priority_decision_function_one_column_per_class(shape):
    """Check that SVC with a class of priority 0 gives one decision column per
    class, whose argmax is predict, the weightless class never chosen."""
    X, y = make_classification(
        n_samples=150, n_classes=3, n_informative=4, random_state=0
    )
    clf = TradeoffClassifier(
        SVC(decision_function_shape=shape), class_priority={2: 0}
    ).fit(X, y)
    scores = clf.decision_function(X)
    assert scores.shape == (y.size, 3)
    np.testing.assert_array_equal(clf.classes_[scores.argmax(axis=1)], clf.predict(X))
    assert not (clf.predict(X) == 2).any()


@pytest.mark.parametrize("seed", range(3))
def test_object_cell_refused_whatever_the_rows_drawn(seed):
    """Check that a non-numeric cell of an object array is refused, as the
    inner estimator refuses it, also when it sits in a row undersampling
    drops (scikit-learn 1.7's check_dtype_object found it accepted)."""
    X, y = _data()
    X = X.astype(object)
    X[np.flatnonzero(y == 0)[0], 0] = {"not": "a number"}
    clf = TradeoffClassifier(
        KNeighborsClassifier(), t=0.7, weighting="undersample", random_state=seed
    )
    with pytest.raises(TypeError):
        clf.fit(X, y)
