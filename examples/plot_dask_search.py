# %% [markdown]
# # Choosing `t` on a Dask cluster
#
# Every fit in a `GridSearchCV` over `t` and in `tradeoff_curve` goes through
# joblib, so the same code runs on a Dask cluster by wrapping it in
# `joblib.parallel_config("dask")`: nothing in the search changes.
#
# Here the cluster is a `LocalCluster` with two worker processes, started by
# the script.  On a real cluster, connect to its scheduler instead:
#
# ```python
# from dask.distributed import Client
#
# client = Client("tcp://scheduler.example.org:8786")  # your scheduler address
# with joblib.parallel_config("dask"):
#     search.fit(X, y)
# ```
#
# This script connects to the address in the environment variable
# `SK_IMBALANCE_SCHEDULER` when it is set, and otherwise starts the local
# cluster.  The workers need the same packages (scikit-learn, sk_imbalance) as
# the client.

# %%
import os
import time
from pathlib import Path

import joblib
import matplotlib

matplotlib.use("Agg")

import numpy as np
from dask.distributed import Client, LocalCluster
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sk_imbalance import TradeoffClassifier
from sk_imbalance.datasets import load_screening
from sk_imbalance.metrics import tradeoff_scoring
from sk_imbalance.model_selection import (
    TradeoffCurveDisplay,
    constrained_refit,
    tradeoff_curve,
)

RANDOM_STATE = 0
FIGURE_DIR = Path(os.environ.get("SK_IMBALANCE_FIGURE_DIR", "."))


def make_search():
    model = TradeoffClassifier(
        make_pipeline(StandardScaler(), LogisticRegression(C=0.1))
    )
    return GridSearchCV(
        model,
        {"t": np.round(np.linspace(0.05, 0.95, 19), 2)},
        scoring=tradeoff_scoring(),
        cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=RANDOM_STATE),
        refit=constrained_refit("specificity", sensitivity=0.95),
        n_jobs=-1,
    )


# %% [markdown]
# ## The run
#
# Connect (or start the local cluster), run the same search sequentially and on
# the cluster, check that the cross-validated scores are identical, then
# compute the curve on the cluster too: `tradeoff_curve` (and
# `TradeoffCurveDisplay.from_estimator`) dispatch one job per (t, fold) pair,
# so they spread over the workers the same way.  The code sits in `main()`
# because the local cluster's worker processes import this file.
#
# On this small data each fit takes milliseconds, so the cluster's scheduling
# costs more than it saves (the sequential run is faster); it pays off with
# heavy models, many `t` values and folds, or a search over more parameters.


# %%
def connect():
    address = os.environ.get("SK_IMBALANCE_SCHEDULER")
    if address:
        return Client(address), None
    # A random port: the HTTP server binds even without a dashboard, and a
    # fixed one clashes with any other cluster on the machine.
    cluster = LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
    )
    return Client(cluster), cluster


def main():
    X, y = load_screening(random_state=RANDOM_STATE, return_X_y=True)
    client, cluster = connect()
    print(f"workers: {len(client.scheduler_info()['workers'])}")

    start = time.perf_counter()
    sequential = make_search().set_params(n_jobs=1).fit(X, y)
    elapsed = time.perf_counter() - start
    print(f"n_jobs=1: t = {sequential.best_params_['t']:.2f} ({elapsed:.1f} s)")

    start = time.perf_counter()
    with joblib.parallel_config("dask"):
        on_dask = make_search().fit(X, y)
    elapsed = time.perf_counter() - start
    print(f"dask:     t = {on_dask.best_params_['t']:.2f} ({elapsed:.1f} s)")

    same = all(
        np.array_equal(on_dask.cv_results_[key], sequential.cv_results_[key])
        for key in sequential.cv_results_
        if key.startswith(("mean_test_", "std_test_", "split"))
    )
    print(f"identical cv_results_ scores: {same}")

    with joblib.parallel_config("dask"):
        curve = tradeoff_curve(
            sequential.estimator,
            X,
            y,
            cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=RANDOM_STATE),
            n_jobs=-1,
        )
    display = TradeoffCurveDisplay(
        ts=curve.ts,
        sensitivity_mean=curve.sensitivity_mean,
        sensitivity_std=curve.sensitivity_std,
        specificity_mean=curve.specificity_mean,
        specificity_std=curve.specificity_std,
        chosen_t=on_dask.best_params_["t"],
        pos_label=curve.pos_label,
    ).plot(name="tradeoff_curve on a Dask cluster")
    FIGURE_DIR.mkdir(parents=True, exist_ok=True)
    out = FIGURE_DIR / "dask_tradeoff_curve.png"
    display.figure_.savefig(out, dpi=100, bbox_inches="tight")
    print(f"saved {out}")

    client.close()
    if cluster is not None:
        cluster.close()


if __name__ == "__main__":
    main()
