"""The search and the curve on a Dask cluster give the results of ``n_jobs=1``."""

import numpy as np
import pytest
from joblib import parallel_config
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import make_scorer, recall_score
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sk_imbalance import TradeoffClassifier
from sk_imbalance.datasets import load_screening
from sk_imbalance.model_selection import constrained_refit, tradeoff_curve

distributed = pytest.importorskip("distributed")

TS = [0.2, 0.5, 0.8, 0.95]
CV = StratifiedKFold(3, shuffle=True, random_state=0)
SCORING = {
    "sensitivity": make_scorer(recall_score, pos_label=1),
    "specificity": make_scorer(recall_score, pos_label=0),
}
MODEL = TradeoffClassifier(make_pipeline(StandardScaler(), LogisticRegression()))


@pytest.fixture(scope="module")
def client():
    with (
        # A random port: the HTTP server binds even without a dashboard, and a
        # fixed one clashes with any other cluster on the machine.
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def screening():
    return load_screening(return_X_y=True)


def _search():
    return GridSearchCV(
        MODEL,
        {"t": TS},
        scoring=SCORING,
        cv=CV,
        refit=constrained_refit("specificity", sensitivity=0.9),
        n_jobs=-1,
    )


def _scores(cv_results):
    return {
        key: value
        for key, value in cv_results.items()
        if key.startswith(("mean_test_", "std_test_", "rank_test_", "split"))
        or key == "params"
    }


@pytest.mark.slow
def test_search_on_dask_equals_sequential(client, screening):
    """Check that GridSearchCV under the dask backend gives identical cv_results_
    and choice to n_jobs=1, and that the fits ran on the cluster's workers."""
    X, y = screening
    sequential = _search().set_params(n_jobs=1).fit(X, y)
    with distributed.get_task_stream(client) as tasks, parallel_config("dask"):
        on_dask = _search().fit(X, y)
    expected, got = _scores(sequential.cv_results_), _scores(on_dask.cv_results_)
    assert expected.keys() == got.keys()
    for key in expected:
        np.testing.assert_array_equal(got[key], expected[key], err_msg=key)
    assert on_dask.best_index_ == sequential.best_index_
    assert len(tasks.data) >= len(TS) * CV.get_n_splits()


@pytest.mark.slow
def test_curve_on_dask_equals_sequential(client, screening):
    """Check that tradeoff_curve under the dask backend gives identical values."""
    X, y = screening
    sequential = tradeoff_curve(MODEL, X, y, ts=TS, cv=CV)
    with parallel_config("dask"):
        on_dask = tradeoff_curve(MODEL, X, y, ts=TS, cv=CV, n_jobs=-1)
    for key in ("sensitivity_folds", "specificity_folds"):
        np.testing.assert_array_equal(on_dask[key], sequential[key], err_msg=key)
