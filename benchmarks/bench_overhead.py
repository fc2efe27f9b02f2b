"""Fit overhead of TradeoffClassifier over fitting the inner estimator by hand.

Times ``LogisticRegression().fit(X, y, sample_weight=w)`` with the same weights
computed beforehand (the baseline) against ``TradeoffClassifier(LogisticRegression(),
t=0.8).fit(X, y)``, and the weight computation alone against scikit-learn's
``compute_sample_weight``.  Goal: overhead under 5% at 1e5 rows.

Run: python benchmarks/bench_overhead.py
"""

import time

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.utils.class_weight import compute_sample_weight

from sk_imbalance import TradeoffClassifier, tradeoff_sample_weight


def best_of(fn, repeat=5):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


class NoOp(ClassifierMixin, BaseEstimator):
    """Takes sample_weight and does nothing: isolates the wrapper's own cost."""

    def fit(self, X, y, sample_weight=None):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.zeros(len(X))


def main():
    print("Timings are the best of 5 runs; 'own cost' is the wrapper around a no-op")
    print("estimator, the stable measure of the overhead (the machine may be loaded).")
    print(
        f"{'rows':>8} {'LR by hand':>11} {'wrapper':>9} {'own cost':>9} "
        f"{'own/LR':>7} {'our weights':>12} {'compute_sample_weight':>22}"
    )
    for n in (10_000, 100_000):
        X, y = make_classification(
            n_samples=n, n_features=20, weights=[0.95], random_state=0
        )
        w = tradeoff_sample_weight(y, 0.8)
        by_hand = best_of(
            lambda X=X, y=y, w=w: LogisticRegression().fit(X, y, sample_weight=w)
        )
        wrapped = best_of(
            lambda X=X, y=y: TradeoffClassifier(LogisticRegression(), t=0.8).fit(X, y)
        )
        own = best_of(
            lambda X=X, y=y: TradeoffClassifier(NoOp(), t=0.8).fit(X, y), repeat=20
        )
        ours = best_of(lambda y=y: tradeoff_sample_weight(y, 0.8), repeat=20)
        sk = best_of(lambda y=y: compute_sample_weight("balanced", y), repeat=20)
        print(
            f"{n:>8} {by_hand * 1e3:>9.1f}ms {wrapped * 1e3:>7.1f}ms "
            f"{own * 1e3:>7.2f}ms {own / by_hand:>7.1%} {ours * 1e3:>10.2f}ms "
            f"{sk * 1e3:>20.2f}ms"
        )


if __name__ == "__main__":
    main()
