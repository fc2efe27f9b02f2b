"""One fitted model used from many threads; fit leaves the caller's objects alone."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from scipy import sparse
from sklearn.base import clone
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


@pytest.mark.parametrize("name", list(MODELS))
def test_threads_predict_like_sequential_calls(name):
    """Check that 8 threads calling every prediction method of one fitted model at
    once get exactly the results of sequential calls."""
    model = clone(MODELS[name]).fit(X, Y)
    methods = [m for m in METHODS if hasattr(model, m)]
    chunks = np.array_split(np.arange(Y.size), 4)
    jobs = [(m, rows) for m in methods for rows in chunks] * 4
    expected = [getattr(model, m)(X[rows]) for m, rows in jobs]
    with ThreadPoolExecutor(N_THREADS) as pool:
        got = list(pool.map(lambda job: getattr(model, job[0])(X[job[1]]), jobs))
    for (method, _), g, e in zip(jobs, got, expected):
        np.testing.assert_array_equal(g, e, err_msg=method)


def test_threads_fit_clones_of_one_shared_estimator():
    """Check that 8 threads fitting wrappers of the same estimator object at once
    get the models a sequential fit gives, and the shared estimator stays unfitted."""
    shared = make_pipeline(StandardScaler(), LogisticRegression())
    ts = np.linspace(0.1, 0.9, N_THREADS)

    def fit(t):
        return TradeoffClassifier(shared, t=t).fit(X, Y).predict_proba(X)

    expected = [fit(t) for t in ts]
    with ThreadPoolExecutor(N_THREADS) as pool:
        got = list(pool.map(fit, ts))
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-12)
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
    }
    fitters["cv"] = TradeoffClassifierCV(
        LogisticRegression(), ts=[0.3, 0.7], cv=2, random_state=0
    )
    return fitters


FITTERS = _fitters()


@pytest.mark.parametrize("name", list(FITTERS))
def test_fit_accepts_read_only_inputs_and_mutates_nothing(name):
    """Check that fit works on read-only X, y, sample_weight, changes none of
    them, and leaves the wrapped estimator's parameters and state alone."""
    model = FITTERS[name]
    params_before = {k: repr(v) for k, v in model.get_params(deep=True).items()}
    X_ro, y_ro, sw_ro = _read_only(X), _read_only(Y), _read_only(SW)
    model = clone(model)
    model.fit(X_ro, y_ro, sample_weight=sw_ro)
    np.testing.assert_array_equal(X_ro, X)
    np.testing.assert_array_equal(y_ro, Y)
    np.testing.assert_array_equal(sw_ro, SW)
    assert {k: repr(v) for k, v in model.get_params(deep=True).items()} == (
        params_before
    )
    inner = model.estimator
    assert not any(
        attr.endswith("_") and not attr.startswith("_") for attr in vars(inner)
    ), "the wrapped estimator was fitted in place"


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
    """Check that the weight helpers work on read-only arrays and do not write
    into them."""
    y_ro, sw_ro = _read_only(Y), _read_only(SW)
    got = func(y_ro, 0.7, sample_weight=sw_ro)
    expected = func(Y.copy(), 0.7, sample_weight=SW.copy())
    if isinstance(got, dict):
        assert got == expected
    else:
        np.testing.assert_array_equal(got, expected)
