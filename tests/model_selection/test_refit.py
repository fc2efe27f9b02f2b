"""Tests for `constrained_refit` and the shared rule `_constrained_best_index`."""

import pickle
import warnings

import numpy as np
import pytest
from joblib import parallel_config
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import make_scorer, recall_score
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sk_imbalance import TradeoffClassifier
from sk_imbalance.datasets import load_screening
from sk_imbalance.model_selection import constrained_refit

# Hand-built: t, mean sensitivity, mean specificity.
CV_RESULTS = {
    "params": [{"t": t} for t in (0.1, 0.3, 0.5, 0.7, 0.9)],
    "param_t": np.ma.masked_array([0.1, 0.3, 0.5, 0.7, 0.9], dtype=object),
    "mean_test_sensitivity": np.array([0.50, 0.80, 0.90, 0.96, 1.00]),
    "mean_test_specificity": np.array([0.99, 0.97, 0.93, 0.85, 0.40]),
    "mean_test_balanced_accuracy": np.array([0.745, 0.885, 0.915, 0.905, 0.70]),
}


def _results(sens, spec, ts=None):
    results = {
        "mean_test_sensitivity": np.asarray(sens, dtype=float),
        "mean_test_specificity": np.asarray(spec, dtype=float),
    }
    if ts is not None:
        results["param_t"] = np.ma.masked_array(ts, dtype=object)
    return results


def _constrained_best_index(cv_results, maximize, minimums):
    """The shared mean rule, through its public face."""
    return constrained_refit(maximize, **minimums)(cv_results)


def test_feasible_best_maximize():
    """Check that the best specificity among candidates reaching the minimum wins."""
    refit = constrained_refit("specificity", sensitivity=0.95)
    assert refit(CV_RESULTS) == 3


def test_feasible_several_minimums():
    """Check that every minimum must be reached."""
    refit = constrained_refit("balanced_accuracy", sensitivity=0.85, specificity=0.9)
    assert refit(CV_RESULTS) == 2


def test_minimum_reached_exactly_is_feasible():
    """Check that a mean equal to the minimum up to float rounding is feasible."""
    sens = [np.mean([0.95, 0.95, 0.95]) - 1e-15, 0.99]
    cv_results = _results(sens, [0.9, 0.5])
    assert (
        _constrained_best_index(cv_results, "specificity", {"sensitivity": 0.95}) == 0
    )


def test_no_minimums_is_argmax():
    """Check that without minimums the rule is the argmax of `maximize`."""
    refit = constrained_refit("balanced_accuracy")
    assert refit(CV_RESULTS) == int(
        np.argmax(CV_RESULTS["mean_test_balanced_accuracy"])
    )


def test_tie_goes_to_t_closest_to_half():
    """Check that tied means go to the t closest to 0.5."""
    cv_results = _results(
        [0.96, 0.97, 0.99, 0.98], [0.9, 0.9, 0.9, 0.9], ts=[0.9, 0.6, 0.8, 0.3]
    )
    assert (
        _constrained_best_index(cv_results, "specificity", {"sensitivity": 0.95}) == 1
    )


def test_tie_equal_distance_goes_to_lowest_index():
    """Check that ts equally close to 0.5 go to the lowest index."""
    cv_results = _results([0.9, 0.9], [0.8, 0.8], ts=[0.7, 0.3])
    assert _constrained_best_index(cv_results, "specificity", {}) == 0


def test_tie_without_t_goes_to_lowest_index():
    """Check that without a t column ties go to the lowest index."""
    cv_results = _results([0.5, 0.96, 0.97], [0.9, 0.8, 0.8])
    assert (
        _constrained_best_index(cv_results, "specificity", {"sensitivity": 0.95}) == 1
    )


def test_tie_reads_pipeline_t():
    """Check that a single `param_<step>__t` column is read for the tie rule."""
    cv_results = _results([0.96, 0.97], [0.8, 0.8])
    cv_results["param_clf__t"] = np.ma.masked_array([0.9, 0.6], dtype=object)
    assert (
        _constrained_best_index(cv_results, "specificity", {"sensitivity": 0.95}) == 1
    )


def test_tie_masked_t_loses():
    """Check that a candidate without a t value loses ties to one with a t."""
    cv_results = _results([0.96, 0.97], [0.8, 0.8])
    cv_results["param_t"] = np.ma.masked_array([0.5, 0.9], mask=[True, False])
    assert _constrained_best_index(cv_results, "specificity", {}) == 1


def test_infeasible_warns_with_best_reached():
    """Check that an unreachable minimum warns naming the best mean reached."""
    refit = constrained_refit("specificity", sensitivity=0.999)
    cv_results = {
        **CV_RESULTS,
        "mean_test_sensitivity": np.array([0.5, 0.8, 0.9, 0.96, 0.98]),
    }
    with pytest.warns(UserWarning, match=r"sensitivity >= 0.999.*sensitivity=0.98"):
        index = refit(cv_results)
    assert index == 4


def test_infeasible_smallest_total_shortfall():
    """Check that the fallback is the smallest total shortfall over all minimums."""
    # Shortfalls: 0.1 + 0.0, 0.02 + 0.05, 0.0 + 0.2.
    cv_results = _results([0.85, 0.93, 0.99], [0.95, 0.85, 0.7])
    with pytest.warns(UserWarning, match="No candidate reaches"):
        index = _constrained_best_index(
            cv_results, "specificity", {"sensitivity": 0.95, "specificity": 0.9}
        )
    assert index == 1


def test_infeasible_tied_shortfall_goes_to_better_maximize():
    """Check that equal shortfalls are decided by the better `maximize`."""
    cv_results = _results([0.9, 0.9, 0.9], [0.6, 0.8, 0.7])
    with pytest.warns(UserWarning):
        index = _constrained_best_index(
            cv_results, "specificity", {"sensitivity": 0.95}
        )
    assert index == 1


def test_nan_never_feasible_nor_best():
    """Check that NaN means (failed fits) are neither feasible nor the best."""
    cv_results = _results([np.nan, 0.96, 0.97], [np.nan, 0.7, 0.8])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        index = _constrained_best_index(
            cv_results, "specificity", {"sensitivity": 0.95}
        )
    assert index == 2
    cv_results = _results([0.96, 0.97], [np.nan, 0.8])
    assert _constrained_best_index(cv_results, "specificity", {}) == 1


@pytest.mark.parametrize(
    "maximize, minimums, match",
    [
        ("specifity", {}, r"'specifity'.*available metrics: \['balanced_accuracy'"),
        ("specificity", {"sensitvity": 0.9}, r"constrained metric 'sensitvity'"),
        ("score", {}, r"no key 'mean_test_score'"),
    ],
)
def test_missing_metric(maximize, minimums, match):
    """Check that metric names missing from cv_results raise a clear error."""
    with pytest.raises(ValueError, match=match):
        constrained_refit(maximize, **minimums)(CV_RESULTS)


@pytest.mark.parametrize(
    "args, kwargs, error, match",
    [
        (("specificity",), {"sensitivity": 1.5}, ValueError, r"sensitivity=1.5"),
        (("specificity",), {"sensitivity": -0.1}, ValueError, r"sensitivity=-0.1"),
        (("specificity",), {"sensitivity": "high"}, ValueError, r"'high'"),
        (("specificity",), {"sensitivity": True}, ValueError, r"sensitivity=True"),
        ((3,), {}, TypeError, r"maximize must be a metric name.*3"),
    ],
)
def test_bad_arguments(args, kwargs, error, match):
    """Check that bad constraints raise when the refit callable is built."""
    with pytest.raises(error, match=match):
        constrained_refit(*args, **kwargs)


def test_picklable_with_repr():
    """Check that the callable pickles, compares equal and shows its arguments."""
    refit = constrained_refit("specificity", sensitivity=0.95)
    assert pickle.loads(pickle.dumps(refit)) == refit
    assert repr(refit) == "constrained_refit('specificity', sensitivity=0.95)"


@pytest.fixture(scope="module")
def screening():
    return load_screening(return_X_y=True)


SCORING = {
    "sensitivity": make_scorer(recall_score, pos_label=1, zero_division=0),
    "specificity": make_scorer(recall_score, pos_label=0, zero_division=0),
}
MODEL = TradeoffClassifier(make_pipeline(StandardScaler(), LogisticRegression()))


@pytest.mark.parametrize("search_cls", [GridSearchCV, RandomizedSearchCV])
def test_search_choice_meets_constraint(search_cls, screening):
    """Check that in a real search the chosen candidate meets the constraint on the
    CV means and has the best mean specificity among those that do."""
    X, y = screening
    grid = {"t": [0.3, 0.5, 0.7, 0.9, 0.97]}
    kwargs = (
        {"n_iter": 5, "random_state": 0} if search_cls is RandomizedSearchCV else {}
    )
    search = search_cls(
        MODEL,
        grid,
        scoring=SCORING,
        cv=StratifiedKFold(3, shuffle=True, random_state=0),
        refit=constrained_refit("specificity", sensitivity=0.9),
        **kwargs,
    ).fit(X, y)
    sens = search.cv_results_["mean_test_sensitivity"]
    spec = search.cv_results_["mean_test_specificity"]
    assert sens[search.best_index_] >= 0.9
    assert spec[search.best_index_] == spec[sens >= 0.9].max()
    assert search.best_estimator_.t == search.best_params_["t"]


def test_search_clone_keeps_refit():
    """Check that cloning a search keeps an equal refit callable."""
    search = GridSearchCV(
        MODEL,
        {"t": [0.5]},
        scoring=SCORING,
        refit=constrained_refit("specificity", sensitivity=0.9),
    )
    assert clone(search).refit == search.refit


@pytest.mark.slow
def test_search_on_dask_equals_sequential(dask_client, screening):
    """Check that GridSearchCV with constrained_refit under the dask backend gives
    identical cv_results_ and choice to n_jobs=1, and that the fits ran on the
    cluster's workers."""
    distributed = pytest.importorskip("distributed")
    X, y = screening
    ts = [0.2, 0.5, 0.8, 0.95]
    cv = StratifiedKFold(3, shuffle=True, random_state=0)

    def search(n_jobs):
        return GridSearchCV(
            MODEL,
            {"t": ts},
            scoring=SCORING,
            cv=cv,
            refit=constrained_refit("specificity", sensitivity=0.9),
            n_jobs=n_jobs,
        )

    def scores(cv_results):
        return {
            key: value
            for key, value in cv_results.items()
            if key.startswith(("mean_test_", "std_test_", "rank_test_", "split"))
            or key == "params"
        }

    sequential = search(n_jobs=1).fit(X, y)
    with distributed.get_task_stream(dask_client) as tasks, parallel_config("dask"):
        on_dask = search(n_jobs=-1).fit(X, y)
    expected, got = scores(sequential.cv_results_), scores(on_dask.cv_results_)
    assert expected.keys() == got.keys()
    for key in expected:
        np.testing.assert_array_equal(got[key], expected[key], err_msg=key)
    assert on_dask.best_index_ == sequential.best_index_
    assert len(tasks.data) >= len(ts) * cv.get_n_splits()
