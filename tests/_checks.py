"""Checks that both estimators' test modules run on their fitted models: threads,
saving and loading, and fit leaving the caller's objects alone.

Each check fails on a model that breaks it (the self-tests sit in
tests/test_tradeoff.py), so its passing means something.
"""

import pickle
import threading
from concurrent.futures import ThreadPoolExecutor

import joblib
import numpy as np
import pytest
from sklearn.base import clone

N_THREADS = 8
PREDICT_METHODS = ["predict", "predict_proba", "predict_log_proba", "decision_function"]


def in_threads(func, jobs):
    """``[func(job) for job in jobs]`` from N_THREADS threads started together."""
    barrier = threading.Barrier(N_THREADS)

    def start(_):
        barrier.wait()

    with ThreadPoolExecutor(N_THREADS) as pool:
        list(pool.map(start, range(N_THREADS)))  # every worker thread exists
        return list(pool.map(func, jobs))


def assert_threads_match_sequential(model, X):
    """Every prediction method of ``model`` on row chunks, called from threads at
    once, equals the same call made alone."""
    methods = [m for m in PREDICT_METHODS if hasattr(model, m)]
    chunks = np.array_split(np.arange(X.shape[0]), 4)
    jobs = [(m, rows) for m in methods for rows in chunks] * 4
    expected = [getattr(model, m)(X[rows]) for m, rows in jobs]
    got = in_threads(lambda job: getattr(model, job[0])(X[job[1]]), jobs)
    for (method, _), g, e in zip(jobs, got, expected, strict=True):
        np.testing.assert_array_equal(g, e, err_msg=method)


def read_only(a):
    a = np.array(a, copy=True)
    a.flags.writeable = False
    return a


def assert_read_only_fit_matches_copies(model, X, y, sample_weight):
    """``model`` fitted on read-only X, y, sample_weight predicts what it
    predicts when fitted on writeable copies of them."""
    X_ro, y_ro, sw_ro = read_only(X), read_only(y), read_only(sample_weight)
    on_read_only = clone(model).fit(X_ro, y_ro, sample_weight=sw_ro)
    on_copies = clone(model).fit(X.copy(), y.copy(), sample_weight=sample_weight.copy())
    for method in ("predict", "predict_proba"):
        np.testing.assert_array_equal(
            getattr(on_read_only, method)(X_ro), getattr(on_copies, method)(X)
        )


def assert_fit_leaves_inputs_alone(model, X, y, sample_weight):
    """Fit a clone of ``model`` on writeable copies of the arrays and compare them
    with the originals; the wrapped estimator's parameters and state must not
    change either."""
    params_before = {k: repr(v) for k, v in model.get_params(deep=True).items()}
    X_in, y_in, sw_in = X.copy(), y.copy(), sample_weight.copy()
    model = clone(model).fit(X_in, y_in, sample_weight=sw_in)
    np.testing.assert_array_equal(X_in, X)
    np.testing.assert_array_equal(y_in, y)
    np.testing.assert_array_equal(sw_in, sample_weight)
    assert {k: repr(v) for k, v in model.get_params(deep=True).items()} == (
        params_before
    )
    inner = model.estimator
    if inner is not None:
        assert not any(
            attr.endswith("_") and not attr.startswith("_") for attr in vars(inner)
        ), "the wrapped estimator was fitted in place"


# --------------------------------------------------------------------------------------
# Saving and loading.


def pickle_round_trip(model, tmp_path):
    return pickle.loads(pickle.dumps(model))


def joblib_round_trip(model, tmp_path):
    path = tmp_path / "model.joblib"
    joblib.dump(model, path)
    return joblib.load(path)


def skops_round_trip(model, tmp_path):
    sio = pytest.importorskip("skops.io")
    path = tmp_path / "model.skops"
    sio.dump(model, path)
    untrusted = sio.get_untrusted_types(file=path)
    # Only our classes (and scikit-learn internals skops does not list, such as
    # KDTree) need trusting: nothing that could run arbitrary code.
    assert all(
        name.split(".")[0] in ("sk_imbalance", "sklearn") for name in untrusted
    ), untrusted
    return sio.load(path, trusted=untrusted)


ROUND_TRIPS = {
    "pickle": pickle_round_trip,
    "joblib": joblib_round_trip,
    "skops": skops_round_trip,
}


def _outputs(model, X):
    out = {"predict": model.predict(X)}
    for method in ("predict_proba", "decision_function"):
        if hasattr(model, method):
            out[method] = getattr(model, method)(X)
    return out


def assert_same_predictions(loaded, original, X):
    """``loaded`` is of ``original``'s type, with identical classes, predictions,
    probabilities and decision scores on ``X``."""
    assert type(loaded) is type(original)
    expected = _outputs(original, X)
    got = _outputs(loaded, X)
    assert got.keys() == expected.keys()
    for method, values in expected.items():
        np.testing.assert_array_equal(got[method], values, err_msg=method)
    np.testing.assert_array_equal(loaded.classes_, original.classes_)
