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

Goals: "refit" at least as fast as GridSearchCV, same ``t``;
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
    """``(wall seconds, CPU seconds of this process, result)``."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def run(name, estimator, X, y, cv):
    grid = GridSearchCV(
        TradeoffClassifier(estimator), {"t": TS}, scoring="balanced_accuracy", cv=cv
    )
    refit = TradeoffClassifierCV(estimator, ts=TS, cv=cv, selection="best")
    threshold = TradeoffClassifierCV(
        estimator, ts=TS, cv=cv, selection="best", method="threshold"
    )
    tuned = TunedThresholdClassifierCV(estimator, scoring="balanced_accuracy", cv=cv)

    w_grid, c_grid, grid = timed(lambda: grid.fit(X, y))
    w_refit, c_refit, refit = timed(lambda: refit.fit(X, y))
    w_thr, c_thr, threshold = timed(lambda: threshold.fit(X, y))
    w_tuned, c_tuned, tuned = timed(lambda: tuned.fit(X, y))
    grid_t = grid.best_params_["t"]
    rows = [
        ("GridSearchCV", w_grid, c_grid, f"t={grid_t:.2f}"),
        ("CV refit", w_refit, c_refit, f"t={refit.best_t_:.2f}"),
        ("CV threshold", w_thr, c_thr, f"t={threshold.best_t_:.2f}"),
        ("TunedThreshold", w_tuned, c_tuned, f"thr={tuned.best_threshold_:.3f}"),
    ]
    for method, wall, cpu, choice in rows:
        print(
            f"{name:<21} {X.shape[0]:>7} {method:<15} {wall:>7.2f} "
            f"{w_grid / wall:>6.1f}x {cpu:>7.2f} {c_grid / cpu:>6.1f}x  {choice}",
            flush=True,
        )
    step = TS[1] - TS[0]
    return {
        "refit_faster": (w_refit <= w_grid, c_refit <= c_grid),
        "refit_same_t": refit.best_t_ == grid_t,
        "threshold_speedup": (w_grid / w_thr, c_grid / c_thr),
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
    parser.add_argument("--large", action="store_true", help="1e5 rows only")
    parser.add_argument(
        "--only", choices=["lr", "hgb"], help="one estimator only (runs in pieces)"
    )
    args = parser.parse_args()
    sizes = (10_000,) if args.quick else (100_000,) if args.large else (10_000, 100_000)
    estimators = {
        "LogisticRegression": LogisticRegression(),
        "HistGradientBoosting": HistGradientBoostingClassifier(
            max_iter=30, early_stopping=False, random_state=0
        ),
    }
    if args.only:
        keep = {"lr": "LogisticRegression", "hgb": "HistGradientBoosting"}[args.only]
        estimators = {keep: estimators[keep]}
    warnings.simplefilter("ignore")  # convergence chatter of the extreme ts
    print("Time to tune t over 19 values on the same stratified 3-fold splits,")
    print("serial (n_jobs=None, one BLAS/OpenMP thread), final refit included: wall")
    print("seconds and CPU seconds of this process (robust when the machine is")
    print("shared), each with the speed-up over GridSearchCV.")
    print(
        f"{'estimator':<21} {'rows':>7} {'method':<15} {'wall':>7} {'':>7} "
        f"{'CPU':>7} {'':>7}  choice"
    )
    goals = {}
    with threadpool_limits(1):
        for n in sizes:
            X, y = make_classification(
                n_samples=n,
                n_features=20,
                n_informative=6,
                weights=[0.9],
                flip_y=0.02,
                random_state=0,
            )
            cv = list(StratifiedKFold(3, shuffle=True, random_state=0).split(X, y))
            for name, estimator in estimators.items():
                goals[name, n] = run(name, estimator, X, y, cv)
        X, y = make_classification(
            n_samples=10_000,
            n_features=20,
            n_informative=6,
            weights=[0.9],
            flip_y=0.02,
            random_state=0,
        )
        cv = list(StratifiedKFold(3, shuffle=True, random_state=0).split(X, y))
        cold, warm = count_iterations(X, y, cv)

    print()
    print(
        f"lbfgs iterations over the t path (1e4 rows, 3 folds x 19 t): "
        f"independent {cold}, warm-started {warm} "
        f"({1 - warm / cold:.0%} fewer)"
    )
    print()
    print("Goals (wall / CPU):")
    for (name, n), g in goals.items():
        faster = "/".join("yes" if ok else "NO" for ok in g["refit_faster"])
        line = (
            f"  {name:<21} {n:>7}: refit <= GridSearchCV: {faster}, same t: "
            f"{'yes' if g['refit_same_t'] else 'NO'}"
        )
        if name == "LogisticRegression":
            speed = g["threshold_speedup"]
            reached = "/".join("yes" if x >= 8 else "NO" for x in speed)
            line += (
                f"; threshold {speed[0]:.1f}x / {speed[1]:.1f}x faster (goal 8x: "
                f"{reached}), t within one step: "
                f"{'yes' if g['threshold_within_step'] else 'NO'}"
            )
        print(line)


if __name__ == "__main__":
    main()
