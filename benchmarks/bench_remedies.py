"""Fit time of the four remedies against sample weights, in one run.

Weights, copies (``weighting="resample"``), augmented copies (``augment=jitter()``)
and removal (``weighting="undersample"``) at the same ``t = 0.5`` on a
``make_classification`` problem with 5% positives, for a linear model and a tree.
Each fit is timed ``--repeat`` times (median), on one BLAS thread, so the ratios
compare the remedies rather than thread scheduling.  When imbalanced-learn is
installed, its RandomOverSampler / RandomUnderSampler pipelines at the same class
ratio are timed too, as a reference.

    python benchmarks/bench_remedies.py [--n-samples 100000] [--repeat 3]
"""

import argparse
import time

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

from sk_imbalance import TradeoffClassifier, jitter

REMEDIES = {
    "weights": {"weighting": "sample_weight"},
    "copies": {"weighting": "resample"},
    "augmented copies": {"weighting": "resample", "augment": jitter()},
    "removal": {"weighting": "undersample"},
}


class _Counting(ClassifierMixin, BaseEstimator):
    """The estimator, recording how many rows its ``fit`` received."""

    def __init__(self, estimator):
        self.estimator = estimator

    def fit(self, X, y, sample_weight=None):
        self.n_rows_ = X.shape[0]
        self.estimator_ = clone(self.estimator).fit(X, y, sample_weight=sample_weight)
        self.classes_ = self.estimator_.classes_
        return self

    def predict(self, X):
        return self.estimator_.predict(X)


def _time_fit(make, X, y, repeat):
    """Median fit time of ``make()`` and the rows its final estimator saw."""
    times = []
    for _ in range(repeat):
        model = make()
        start = time.perf_counter()
        model.fit(X, y)
        times.append(time.perf_counter() - start)
    inner = model.estimator_ if hasattr(model, "estimator_") else model[-1]
    return float(np.median(times)), inner.n_rows_


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-samples", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    X, y = make_classification(
        n_samples=args.n_samples,
        n_features=20,
        n_informative=5,
        weights=[0.95],
        random_state=0,
    )
    estimators = {
        "LogisticRegression": LogisticRegression(max_iter=1000),
        "DecisionTree(max_depth=8)": DecisionTreeClassifier(
            max_depth=8, random_state=0
        ),
    }
    try:
        from imblearn.over_sampling import RandomOverSampler
        from imblearn.pipeline import make_pipeline
        from imblearn.under_sampling import RandomUnderSampler
    except ImportError:
        samplers = {}
    else:
        samplers = {
            "imblearn RandomOverSampler": RandomOverSampler(random_state=0),
            "imblearn RandomUnderSampler": RandomUnderSampler(random_state=0),
        }

    print(
        f"{args.n_samples:,} rows, {y.mean():.1%} positives, t = 0.5, "
        f"median of {args.repeat} fits, 1 BLAS thread\n"
    )
    header = f"{'estimator':<26} {'remedy':<28} {'rows':>9} {'fit (s)':>8} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    with threadpool_limits(limits=1, user_api="blas"):
        for est_name, estimator in estimators.items():
            results = {}
            for name, params in REMEDIES.items():
                results[name] = _time_fit(
                    lambda p=params, estimator=estimator: TradeoffClassifier(
                        _Counting(estimator), t=0.5, random_state=0, **p
                    ),
                    X,
                    y,
                    args.repeat,
                )
            for name, sampler in samplers.items():
                results[name] = _time_fit(
                    lambda s=sampler, estimator=estimator: make_pipeline(
                        clone(s), _Counting(estimator)
                    ),
                    X,
                    y,
                    args.repeat,
                )
            base = results["weights"][0]
            for name, (seconds, rows) in results.items():
                print(
                    f"{est_name:<26} {name:<28} {rows:>9,} {seconds:>8.3f} "
                    f"{seconds / base:>6.2f}"
                )


if __name__ == "__main__":
    main()
