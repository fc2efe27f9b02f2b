"""One fitted model used from many threads; fit leaves the caller's objects alone."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sk_imbalance import (
    TradeoffClassifier,
    TradeoffClassifierCV,
    tradeoff_class_weight,
    tradeoff_sample_weight,
)

N_THREADS = 8

X, Y = make_classification(n_samples=200, n_features=5, weights=[0.85], random_state=0)
SW = np.random.RandomState(0).uniform(0.5, 2.0, size=Y.size)


def _models():
    models = {
        "pipeline": TradeoffClassifier(
            make_pipeline(StandardScaler(), LogisticRegression()), t=0.7
        ),
        "resample": TradeoffClassifier(
            KNeighborsClassifier(n_neighbors=5), t=0.8, random_state=0
        ),
        "correct_proba": TradeoffClassifier(t=0.3, correct_proba=True),
        "constant": TradeoffClassifier(t=0.0),
    }
    models["cv"] = TradeoffClassifierCV(ts=[0.3, 0.5, 0.7], cv=2, random_state=0)
    return models


MODELS = _models()
METHODS = ["predict", "predict_proba", "predict_log_proba", "decision_function"]


def _in_threads(func, jobs):
    """``[func(job) for job in jobs]`` from N_THREADS threads started together."""
    barrier = threading.Barrier(N_THREADS)

    def start(_):
        barrier.wait()

    with ThreadPoolExecutor(N_THREADS) as pool:
        list(pool.map(start, range(N_THREADS)))  # every worker thread exists
        return list(pool.map(func, jobs))


def _assert_threads_match_sequential(model, X):
    """Every prediction method of ``model`` on row chunks, called from threads at
    once, equals the same call made alone."""
    methods = [m for m in METHODS if hasattr(model, m)]
    chunks = np.array_split(np.arange(X.shape[0]), 4)
    jobs = [(m, rows) for m in methods for rows in chunks] * 4
    expected = [getattr(model, m)(X[rows]) for m, rows in jobs]
    got = _in_threads(lambda job: getattr(model, job[0])(X[job[1]]), jobs)
    for (method, _), g, e in zip(jobs, got, expected):
        np.testing.assert_array_equal(g, e, err_msg=method)


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
    model = TradeoffClassifier(_SharedBuffer()).fit(X, Y)
    with pytest.raises(AssertionError):
        _assert_threads_match_sequential(model, X)


@pytest.mark.parametrize("name", list(MODELS))
def test_threads_predict_like_sequential_calls(name):
    """Check that 8 threads calling every prediction method of one fitted model at
    once get exactly the results of sequential calls."""
    _assert_threads_match_sequential(clone(MODELS[name]).fit(X, Y), X)


def test_threads_fit_clones_of_one_shared_estimator():
    """Check that 8 threads fitting wrappers of the same estimator object at once
    get the models fitted by hand with the tradeoff weights, and the shared
    estimator stays unfitted."""
    shared = make_pipeline(StandardScaler(), LogisticRegression())
    ts = np.linspace(0.1, 0.9, N_THREADS)

    def fit(t):
        return TradeoffClassifier(shared, t=t).fit(X, Y).predict_proba(X)

    got = _in_threads(fit, ts)
    for t, g in zip(ts, got):
        # The reference: the Pipeline fitted by hand with weights giving the
        # positives the share t of the total n.
        w = np.where(Y == 1, t / (Y == 1).sum(), (1 - t) / (Y == 0).sum()) * Y.size
        ref = clone(shared).fit(X, Y, logisticregression__sample_weight=w)
        np.testing.assert_allclose(g, ref.predict_proba(X), rtol=1e-10)
    assert not hasattr(shared[-1], "coef_")


def _read_only(a):
    a = np.array(a, copy=True)
    a.flags.writeable = False
    return a


def _fitters():
    fitters = {
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
    fitters["cv"] = TradeoffClassifierCV(
        LogisticRegression(), ts=[0.3, 0.7], cv=2, random_state=0
    )
    return fitters


FITTERS = _fitters()


@pytest.mark.parametrize("name", list(FITTERS))
def test_fit_accepts_read_only_inputs(name):
    """Check that fit works on read-only X, y, sample_weight and learns what it
    learns from writeable copies of them."""
    X_ro, y_ro, sw_ro = _read_only(X), _read_only(Y), _read_only(SW)
    on_read_only = clone(FITTERS[name]).fit(X_ro, y_ro, sample_weight=sw_ro)
    on_copies = clone(FITTERS[name]).fit(X.copy(), Y.copy(), sample_weight=SW.copy())
    for method in ("predict", "predict_proba"):
        np.testing.assert_array_equal(
            getattr(on_read_only, method)(X_ro), getattr(on_copies, method)(X)
        )


def _assert_fit_leaves_inputs_alone(model):
    """Fit ``model`` on writeable arrays and compare them with untouched copies;
    the wrapped estimator's parameters and state must not change either."""
    params_before = {k: repr(v) for k, v in model.get_params(deep=True).items()}
    X_in, y_in, sw_in = X.copy(), Y.copy(), SW.copy()
    model = clone(model).fit(X_in, y_in, sample_weight=sw_in)
    np.testing.assert_array_equal(X_in, X)
    np.testing.assert_array_equal(y_in, Y)
    np.testing.assert_array_equal(sw_in, SW)
    assert {k: repr(v) for k, v in model.get_params(deep=True).items()} == (
        params_before
    )
    inner = model.estimator
    if inner is not None:
        assert not any(
            attr.endswith("_") and not attr.startswith("_") for attr in vars(inner)
        ), "the wrapped estimator was fitted in place"


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
        _assert_fit_leaves_inputs_alone(TradeoffClassifier(_ScalesInPlace()))


@pytest.mark.parametrize("name", list(FITTERS))
def test_fit_mutates_nothing(name):
    """Check that fit changes none of the caller's writeable X, y and
    sample_weight, nor the wrapped estimator."""
    _assert_fit_leaves_inputs_alone(FITTERS[name])


@pytest.mark.filterwarnings("ignore:Reproducing the class shares:UserWarning")
def test_fit_leaves_writeable_inputs_unchanged():
    """Check that fit does not write into the caller's arrays (compared with copies),
    for a list y, a sparse X and a pandas Series of weights."""
    pd = pytest.importorskip("pandas")
    Xs = sparse.csr_matrix(np.where(np.abs(X) > 1, X, 0.0))
    Xs_copy = Xs.copy()
    y_list = Y.tolist()
    sw = pd.Series(SW)
    TradeoffClassifier(KNeighborsClassifier(), t=0.8, random_state=0).fit(
        Xs, y_list, sample_weight=sw
    )
    TradeoffClassifier(t=0.8).fit(Xs, y_list, sample_weight=sw)
    assert (Xs != Xs_copy).nnz == 0
    assert y_list == Y.tolist()
    np.testing.assert_array_equal(sw.to_numpy(), SW)


@pytest.mark.parametrize("func", [tradeoff_sample_weight, tradeoff_class_weight])
def test_weight_helpers_accept_read_only_inputs(func):
    """Check that the weight helpers work on read-only arrays: the weights give
    the positives the share 0.7 of sum(sample_weight), as computed by hand."""
    y_ro, sw_ro = _read_only(Y), _read_only(SW)
    got = func(y_ro, 0.7, sample_weight=sw_ro)
    total, pos = SW.sum(), Y == 1
    unit = {1: 0.7 * total / SW[pos].sum(), 0: 0.3 * total / SW[~pos].sum()}
    if isinstance(got, dict):
        assert got == pytest.approx(unit)
    else:
        np.testing.assert_allclose(got, SW * np.where(pos, unit[1], unit[0]))
