"""Speed of tuning ``t``: the new default, today's, GridSearchCV, sklearn's tuner.

On the same folds (stratified 3-fold) times, each including its final refit on
all rows:

- ``new default``: ``TradeoffClassifierCV(est)`` (``method="auto"``, the default
  grid of 23 ``t``): the threshold path for logistic regression, the refined
  path for the trees (per fold, exact fits at t = 0.2, 0.5, 0.8, every other
  ``t`` read off them, then exact refits at the chosen ``t`` and its
  neighbours: at most 6 fits per fold);
- ``today default``: ``TradeoffClassifierCV(est, method="refit", ts=19 ts)``,
  the default before ``method="auto"`` (exact, warm-started for LR);
- ``threshold``: ``TradeoffClassifierCV(est, method="threshold")``;
- ``GridSearchCV``: ``GridSearchCV(TradeoffClassifier(est), {"t": 23 ts},
  scoring="balanced_accuracy")``;
- ``TunedThreshold``: ``TunedThresholdClassifierCV(est,
  scoring="balanced_accuracy")`` (tunes a probability threshold of the
  unweighted model);

for LogisticRegression, HistGradientBoostingClassifier (30 iterations, no early
stopping) and RandomForestClassifier (20 trees, min_samples_leaf=5) at 1e3,
1e4, 1e5 rows and, for LR and HGB, 1e6 rows (20 features, 10% positives),
serially with one BLAS/OpenMP thread.  Wall seconds, peak memory above the
memory before the fit (resident set size sampled every 5 ms) in units of the
size of X, and the ratio of each method's wall time to the new default's.
Up to 1e5 rows each method runs twice (``--runs``) and the faster run counts
(the machine may be shared); every method is fitted once on 500 rows first, so
that no measurement pays for first imports.  ``--methods`` runs only some of
the methods next to the new default.  At
1e6 rows GridSearchCV (70 fits) is left out unless ``--grid-1e6``.  Last, the
goal row: ``TradeoffClassifierCV()`` with every default (LogisticRegression,
5 x 3 repeated folds, BLAS on 2 threads) on 1e6 x 20.

Goals: new default <= 1/8 of today's wall time for LR and <= 1/3 for HGB at
1e4 and 1e5 rows; 1e6 x 20 LR defaults under 2 minutes, peak memory under 4x X.

Run: python benchmarks/bench_tuning.py [--sizes 1000 10000 100000 1000000]
     [--only lr hgb forest] [--methods "today default" threshold] [--runs 2]
"""

import argparse
import os
import threading
import time
import warnings

import numpy as np
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import (
    GridSearchCV,
    StratifiedKFold,
    TunedThresholdClassifierCV,
)
from threadpoolctl import threadpool_limits

from sk_imbalance import TradeoffClassifier, TradeoffClassifierCV
from sk_imbalance._grid import DEFAULT_TS

TODAY_TS = np.round(np.linspace(0.05, 0.95, 19), 10)
PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


class PeakMemory:
    """Peak resident set size above the start, sampled in a thread."""

    def __enter__(self):
        self.start = self.peak = _rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, _rss())
            time.sleep(0.005)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss())
        self.extra = self.peak - self.start


def timed(fn):
    """``(wall seconds, CPU seconds of this process, peak extra bytes, result)``.

    Everything runs serially in this process, so its CPU time is the work
    done, which other jobs on a shared machine inflate far less than the wall
    time.
    """
    with PeakMemory() as memory:
        wall, cpu = time.perf_counter(), time.process_time()
        out = fn()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu, memory.extra, out


METHODS = (
    "new default",
    "today default",
    "threshold",
    "GridSearchCV",
    "TunedThreshold",
)


def methods(estimator, cv, n, grid_1e6):
    yield "new default", lambda: TradeoffClassifierCV(estimator, cv=cv)
    yield (
        "today default",
        lambda: TradeoffClassifierCV(estimator, cv=cv, method="refit", ts=TODAY_TS),
    )
    yield (
        "threshold",
        lambda: TradeoffClassifierCV(estimator, cv=cv, method="threshold"),
    )
    if n < 1_000_000 or grid_1e6:
        yield (
            "GridSearchCV",
            lambda: GridSearchCV(
                TradeoffClassifier(estimator),
                {"t": DEFAULT_TS},
                scoring="balanced_accuracy",
                cv=cv,
            ),
        )
    yield (
        "TunedThreshold",
        lambda: TunedThresholdClassifierCV(
            estimator, scoring="balanced_accuracy", cv=cv
        ),
    )


def choice(model):
    if hasattr(model, "best_t_"):
        fitted = model.cv_results_["fitted_at_t"]
        exact = (
            f", {fitted.sum()}/{fitted.size} t fitted"
            if model.method_ == "refine"
            else ""
        )
        return f"t={model.best_t_:.2f} ({model.method_}{exact})"
    if hasattr(model, "best_params_"):
        return f"t={model.best_params_['t']:.2f}"
    return f"thr={model.best_threshold_:.3f}"


def data(n):
    return make_classification(
        n_samples=n,
        n_features=20,
        n_informative=6,
        weights=[0.9],
        flip_y=0.02,
        random_state=0,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000]
    )
    parser.add_argument("--only", choices=["lr", "hgb", "forest"], nargs="+")
    parser.add_argument("--grid-1e6", action="store_true")
    parser.add_argument(
        "--methods",
        nargs="+",
        choices=METHODS,
        help="only these methods (the new default is always run: ratios use it)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=2,
        help="runs per method up to 1e5 rows, the fastest counts (1 above)",
    )
    parser.add_argument("--no-goal-row", action="store_true")
    args = parser.parse_args()
    estimators = {
        "lr": ("LogisticRegression", LogisticRegression()),
        "hgb": (
            "HistGradientBoosting",
            HistGradientBoostingClassifier(
                max_iter=30, early_stopping=False, random_state=0
            ),
        ),
        "forest": (
            "RandomForest",
            RandomForestClassifier(
                n_estimators=20, min_samples_leaf=5, n_jobs=1, random_state=0
            ),
        ),
    }
    if args.only:
        estimators = {key: estimators[key] for key in args.only}
    warnings.simplefilter("ignore")  # convergence chatter of the extreme ts
    X_small, y_small = data(500)
    cv_small = list(StratifiedKFold(3).split(X_small, y_small))
    with threadpool_limits(1):
        for _, estimator in estimators.values():
            for _, make in methods(estimator, cv_small, 500, True):
                make().fit(X_small, y_small)
    print("Time to tune t on the same stratified 3-fold splits, serial, one")
    print("BLAS/OpenMP thread, final refit included: wall and CPU seconds, the")
    print("new default's speed-up over each method (method/new), and peak")
    print("memory above the start in units of X's size.")
    print(
        f"{'estimator':<21} {'rows':>8} {'method':<15} {'wall s':>8} "
        f"{'x new':>7} {'CPU s':>8} {'x new':>7} {'mem/X':>6}  choice"
    )
    goals = {}
    for n in args.sizes:
        X, y = data(n)
        cv = list(StratifiedKFold(3, shuffle=True, random_state=0).split(X, y))
        for key, (name, estimator) in estimators.items():
            if n >= 1_000_000 and key == "forest":
                continue
            walls, cpus = {}, {}
            with threadpool_limits(1):
                for method, make in methods(estimator, cv, n, args.grid_1e6):
                    if args.methods and method not in (*args.methods, "new default"):
                        continue
                    runs = [
                        timed(lambda make=make, X=X, y=y: make().fit(X, y))
                        for _ in range(args.runs if n <= 100_000 else 1)
                    ]
                    wall, cpu, extra, model = min(runs, key=lambda run: run[0])
                    walls[method], cpus[method] = wall, cpu
                    print(
                        f"{name:<21} {n:>8} {method:<15} {wall:>8.2f} "
                        f"{wall / walls['new default']:>6.1f}x {cpu:>8.2f} "
                        f"{cpu / cpus['new default']:>6.1f}x "
                        f"{extra / X.nbytes:>6.2f}  {choice(model)}",
                        flush=True,
                    )
            if "today default" in walls:
                goals[key, n] = (
                    walls["today default"] / walls["new default"],
                    cpus["today default"] / cpus["new default"],
                )
    if not args.no_goal_row:
        X, y = data(1_000_000)
        with threadpool_limits(2):
            wall, _, extra, model = timed(
                lambda: TradeoffClassifierCV(random_state=0).fit(X, y)
            )
        goals["default 1e6"] = (wall, extra / X.nbytes)
        print(
            f"{'LR, every default':<21} {X.shape[0]:>8} {'new default':<15} "
            f"{wall:>8.2f} {'':>7} {extra / X.nbytes:>6.2f}  {choice(model)} "
            f"({model.n_splits_} folds, 2 threads)",
            flush=True,
        )

    print()
    print("Goals:")
    for key, value in goals.items():
        if key == "default 1e6":
            wall, mem = value
            print(
                f"  1e6 x 20 LR defaults: {wall:.0f} s (goal < 120: "
                f"{'met' if wall < 120 else 'NOT met'}), peak {mem:.2f}x X "
                f"(goal < 4: {'met' if mem < 4 else 'NOT met'})"
            )
            continue
        est, n = key
        wall, cpu = value
        target = {"lr": 8, "hgb": 3}.get(est) if n in (10_000, 100_000) else None
        goal = (
            ""
            if target is None
            else f" (goal >= {target}x: {'met' if wall >= target else 'NOT met'})"
        )
        print(f"  {est:<6} {n:>7}: today/new {wall:.1f}x wall, {cpu:.1f}x CPU{goal}")


if __name__ == "__main__":
    main()
