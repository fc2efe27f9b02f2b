"""Speed of tuning ``t``: GridSearchCV vs TradeoffClassifierCV vs sklearn's tuner.

On the same folds (stratified 3-fold) and the same 19 values of ``t``, times

- ``GridSearchCV(TradeoffClassifier(est), {"t": ts}, scoring="balanced_accuracy")``,
- ``TradeoffClassifierCV(est, method="refit", selection="best")`` (same rule:
  argmax of the mean balanced accuracy, so it must choose the same ``t``),
- ``TradeoffClassifierCV(est, method="threshold", selection="best")``,
- ``TunedThresholdClassifierCV(est, scoring="balanced_accuracy")`` (tunes a
  probability threshold of the unweighted model, so its choice is a threshold),

for LogisticRegression and HistGradientBoostingClassifier (30 boosting
iterations, no early stopping, so every fit costs the same) at 1e4 and 1e5 rows
(10% positives), each including its final refit on all rows, serially with one
BLAS/OpenMP thread.  Three folds and 30 iterations keep the whole run to a few
minutes; the ratios do not depend on them.  It also counts the lbfgs iterations
of LogisticRegression with and without the warm-started ``t`` path.

Goals (issue 8): "refit" at least as fast as GridSearchCV, same ``t``;
"threshold" at least 8x faster than GridSearchCV for LogisticRegression, ``t``
within one grid step.

Run: python benchmarks/bench_tuning.py [--quick]
"""

import argparse
import time
import warnings

import numpy as np
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import (
    GridSearchCV,
    StratifiedKFold,
    TunedThresholdClassifierCV,
)
from threadpoolctl import threadpool_limits

from sk_imbalance import TradeoffClassifier, TradeoffClassifierCV

TS = np.round(np.linspace(0.05, 0.95, 19), 10)
ITERATIONS = []


class CountingLogisticRegression(LogisticRegression):
    """LogisticRegression that records its lbfgs iterations (serial runs only)."""

    def fit(self, X, y, sample_weight=None):
        super().fit(X, y, sample_weight=sample_weight)
        ITERATIONS.append(int(self.n_iter_[0]))
        return self


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def run(name, estimator, X, y, cv):
    grid = GridSearchCV(
        TradeoffClassifier(estimator), {"t": TS}, scoring="balanced_accuracy", cv=cv
    )
    refit = TradeoffClassifierCV(estimator, ts=TS, cv=cv, selection="best")
    threshold = TradeoffClassifierCV(
        estimator, ts=TS, cv=cv, selection="best", method="threshold"
    )
    tuned = TunedThresholdClassifierCV(estimator, scoring="balanced_accuracy", cv=cv)

    t_grid, grid = timed(lambda: grid.fit(X, y))
    t_refit, refit = timed(lambda: refit.fit(X, y))
    t_thr, threshold = timed(lambda: threshold.fit(X, y))
    t_tuned, tuned = timed(lambda: tuned.fit(X, y))
    grid_t = grid.best_params_["t"]
    rows = [
        ("GridSearchCV", t_grid, f"t={grid_t:.2f}"),
        ("CV refit", t_refit, f"t={refit.best_t_:.2f}"),
        ("CV threshold", t_thr, f"t={threshold.best_t_:.2f}"),
        ("TunedThreshold", t_tuned, f"thr={tuned.best_threshold_:.3f}"),
    ]
    for method, seconds, choice in rows:
        print(
            f"{name:<22} {X.shape[0]:>7} {method:<15} {seconds:>8.2f} "
            f"{t_grid / seconds:>10.1f}x  {choice}"
        )
    step = TS[1] - TS[0]
    return {
        "refit_faster": t_refit <= t_grid,
        "refit_same_t": refit.best_t_ == grid_t,
        "threshold_speedup": t_grid / t_thr,
        "threshold_within_step": abs(threshold.best_t_ - grid_t) <= step + 1e-9,
    }


def count_iterations(X, y, cv):
    """Total lbfgs iterations of the t path: independent fits vs warm-started."""
    ITERATIONS.clear()
    GridSearchCV(
        TradeoffClassifier(CountingLogisticRegression()),
        {"t": TS},
        scoring="balanced_accuracy",
        cv=cv,
        refit=False,
    ).fit(X, y)
    cold = sum(ITERATIONS)
    ITERATIONS.clear()
    TradeoffClassifierCV(
        CountingLogisticRegression(), ts=TS, cv=cv, selection="best"
    ).fit(X, y)
    warm_total = sum(ITERATIONS[:-1])  # the last fit is the final refit
    return cold, warm_total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1e4 rows only")
    args = parser.parse_args()
    sizes = (10_000,) if args.quick else (10_000, 100_000)
    estimators = {
        "LogisticRegression": LogisticRegression(),
        "HistGradientBoosting": HistGradientBoostingClassifier(
            max_iter=30, early_stopping=False, random_state=0
        ),
    }
    warnings.simplefilter("ignore")  # convergence chatter of the extreme ts
    print("Wall time of tuning t over 19 values on the same stratified 3-fold")
    print("splits, serial (n_jobs=None, one BLAS/OpenMP thread), final refit included.")
    print(f"{'estimator':<22} {'rows':>7} {'method':<15} {'seconds':>8} "
          f"{'vs Grid':>11}  choice")
    goals = {}
    with threadpool_limits(1):
        for n in sizes:
            X, y = make_classification(
                n_samples=n, n_features=20, n_informative=6, weights=[0.9],
                flip_y=0.02, random_state=0,
            )
            cv = list(StratifiedKFold(3, shuffle=True, random_state=0).split(X, y))
            for name, estimator in estimators.items():
                goals[name, n] = run(name, estimator, X, y, cv)
        X, y = make_classification(
            n_samples=10_000, n_features=20, n_informative=6, weights=[0.9],
            flip_y=0.02, random_state=0,
        )
        cv = list(StratifiedKFold(3, shuffle=True, random_state=0).split(X, y))
        cold, warm = count_iterations(X, y, cv)

    print()
    print(f"lbfgs iterations over the t path (1e4 rows, 3 folds x 19 t): "
          f"independent {cold}, warm-started {warm} "
          f"({1 - warm / cold:.0%} fewer)")
    print()
    print("Goals:")
    for (name, n), g in goals.items():
        line = (f"  {name:<22} {n:>7}: refit <= GridSearchCV: "
                f"{'yes' if g['refit_faster'] else 'NO'}, same t: "
                f"{'yes' if g['refit_same_t'] else 'NO'}")
        if name == "LogisticRegression":
            line += (f"; threshold {g['threshold_speedup']:.1f}x faster (goal 8x): "
                     f"{'yes' if g['threshold_speedup'] >= 8 else 'NO'}, t within "
                     f"one step: {'yes' if g['threshold_within_step'] else 'NO'}")
        print(line)


if __name__ == "__main__":
    main()
