"""Ensembles on imbalanced data: weigh the whole forest, or resample per member?

The twelve tasks of ``bench_selection.py`` (data shipped with scikit-learn and
``make_classification``, 3-20% positives).  Outer stratified 5-fold CV
(``--repeats`` times); on each outer training part every method fits, and the
balanced accuracy on the outer test part is recorded with the fit time.  All
forests have ``--members`` trees (default 50):

- ``RF``: ``RandomForestClassifier``, no weights;
- ``RF bal`` / ``RF bal sub``: ``class_weight="balanced"`` /
  ``"balanced_subsample"`` (= ``TradeoffClassifier(rf, t=0.5)`` for the first);
- ``RF tuned``: ``TunedThresholdClassifierCV(rf)``, balanced accuracy;
- ``BRF``: imbalanced-learn's ``BalancedRandomForestClassifier`` (its defaults:
  each tree on an undersample drawn with replacement);
- ``TB 0.5``: ``TradeoffBaggingClassifier(t=0.5)`` (each tree on its own
  undersample, without replacement); ``TB 0.5 r``: ``replacement=True``;
- ``TB CV``: ``TradeoffClassifierCV(TradeoffBaggingClassifier())``, every
  default: for this ensemble one repeat of 5 folds, the refined path anchored
  at 0.5 alone (one ensemble per fold at t=0.5, every ``t`` read off its mean
  probability to find a candidate, exact ensembles at the candidate when it is
  not 0.5, the choice among exact fits, then the refit) and
  ``selection="paired_se"`` (0.5 kept unless another ``t`` beats it by more
  than one corrected standard error of the paired fold differences); ``TB CV
  r``: the same over ``replacement=True``; ``TB CV 1se``: the same path and
  folds with the one-standard-error rule;
- ``TB CV thr``: 5-fold x 3 splits, threshold path, one-standard-error rule;
  ``TB CV5`` / ``TB CV5 thr``: 5 folds, the refined path / the threshold
  path, one-standard-error rule (the refined path over 15 splits fits about
  76 ensembles: too slow for this benchmark's budget);
- ``TB OOB``: one ensemble per ``t`` of 0.1, 0.2, ..., 0.9 with
  ``replacement=True``, the best out-of-bag balanced accuracy kept as fitted (no
  cross-validation, no refit);
- boosting: ``HGB bal`` (``HistGradientBoostingClassifier(class_weight=
  "balanced")``), ``TB HGB`` (``TradeoffBaggingClassifier`` of ``--boosted``
  HistGradientBoosting members at t=0.5), imbalanced-learn's ``EasyEnsemble``
  (10 AdaBoost members, its default) and ``RUSBoost`` (``--members`` rounds).

Goals: ``TB 0.5`` at least BRF's mean balanced accuracy within 1.5x its fit time;
the chosen ``t`` (``TB CV*``, ``TB OOB``) above BRF by 0.005 or more, never more
than 0.02 below it on a task, at most 10x its fit time.  The verdict lines
print the mean difference, the worst task's difference and the time ratio.

The methods run in groups (``--group forest``, ``default``, ``cv``, ``cv5``,
``boosting``),
each a few minutes on two cores; BRF and ``TB 0.5`` are in every group for the
ratios.

``--guarantee N`` runs instead the protocol of ``bench_guarantee.py`` with a
forest: N training sets of 50 positives (5%), "sensitivity >= 0.9 at 90%
confidence" chosen by ``TradeoffClassifierCV(TradeoffBaggingClassifier(), cv=5,
method="threshold")`` with and without ``confidence``, tested on 100,000 fresh
rows; goal: violations at most 10%.  ``--guarantee-path default`` leaves ``cv``
and ``method`` to the chooser's defaults for the ensemble (with ``confidence``:
exact ensembles at every ``t`` of one repeat of 5 folds).

Run: python benchmarks/bench_ensembles.py [--group forest] [--members 50]
[--repeats 1] [--n-jobs 2] [--tasks N] [--guarantee N]
[--guarantee-path threshold|default]
"""

import argparse
import os
import sys
import time
import warnings

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import RepeatedStratifiedKFold, TunedThresholdClassifierCV
from threadpoolctl import threadpool_limits

from sk_imbalance import TradeoffBaggingClassifier, TradeoffClassifierCV

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_selection import tasks  # the same twelve tasks

OOB_TS = tuple(np.round(np.linspace(0.1, 0.9, 9), 2))

BASELINE = "BRF"
# What TradeoffClassifierCV's cv=None meant for every estimator before the
# ensemble's own default (5 folds, one repeat).
FIFTEEN = RepeatedStratifiedKFold(n_splits=5, n_repeats=3, random_state=0)
# Each group runs in a few minutes on two busy cores.
GROUPS = {
    "forest": ("RF", "RF bal", "RF bal sub", "RF tuned", "BRF", "TB 0.5", "TB 0.5 r"),
    "default": ("BRF", "TB 0.5", "TB 0.5 r", "TB CV", "TB CV r", "TB CV 1se"),
    "cv": ("BRF", "TB 0.5", "TB CV thr", "TB OOB"),
    "cv5": ("BRF", "TB 0.5", "TB CV5", "TB CV5 thr"),
    "boosting": ("BRF", "TB 0.5", "HGB bal", "TB HGB", "EasyEns", "RUSBoost"),
}


class OutOfBagChoice:
    """``t`` chosen by out-of-bag balanced accuracy: one ensemble per ``t``
    (``replacement=True``), the best one kept as it is (no refit)."""

    def __init__(self, members, ts=OOB_TS):
        self.members, self.ts, self.random_state = members, ts, None

    def get_params(self, deep=True):
        return {"random_state": self.random_state}

    def set_params(self, **params):
        self.random_state = params["random_state"]
        return self

    def fit(self, X, y):
        fits = [
            TradeoffBaggingClassifier(
                n_estimators=self.members,
                t=t,
                replacement=True,
                oob_score=True,
                random_state=self.random_state,
            ).fit(X, y)
            for t in self.ts
        ]
        self.model_ = max(fits, key=lambda model: model.oob_score_)
        return self

    def predict(self, X):
        return self.model_.predict(X)


def methods(members, boosted, group):
    from imblearn.ensemble import (
        BalancedRandomForestClassifier,
        EasyEnsembleClassifier,
        RUSBoostClassifier,
    )

    rf = RandomForestClassifier(n_estimators=members)
    tb = TradeoffBaggingClassifier(n_estimators=members)
    brf = BalancedRandomForestClassifier(
        n_estimators=members, sampling_strategy="all", replacement=True, bootstrap=False
    )
    every = {
        "RF": rf,
        "RF bal": clone(rf).set_params(class_weight="balanced"),
        "RF bal sub": clone(rf).set_params(class_weight="balanced_subsample"),
        "RF tuned": TunedThresholdClassifierCV(clone(rf), scoring="balanced_accuracy"),
        "BRF": brf,
        "TB 0.5": tb,
        "TB 0.5 r": clone(tb).set_params(replacement=True),
        "TB CV": TradeoffClassifierCV(clone(tb)),
        "TB CV r": TradeoffClassifierCV(clone(tb).set_params(replacement=True)),
        "TB CV 1se": TradeoffClassifierCV(clone(tb), selection="one_se"),
        "TB CV thr": TradeoffClassifierCV(
            clone(tb), cv=FIFTEEN, method="threshold", selection="one_se"
        ),
        "TB CV5": TradeoffClassifierCV(
            clone(tb), cv=5, method="refine", selection="one_se"
        ),
        "TB CV5 thr": TradeoffClassifierCV(
            clone(tb), cv=5, method="threshold", selection="one_se"
        ),
        "TB OOB": OutOfBagChoice(members),
        "HGB bal": HistGradientBoostingClassifier(class_weight="balanced"),
        # Small leaves: an undersample of a rare class has few rows, and the
        # default min_samples_leaf=20 would leave some members without a split.
        "TB HGB": TradeoffBaggingClassifier(
            HistGradientBoostingClassifier(max_iter=50, min_samples_leaf=5),
            n_estimators=boosted,
        ),
        "EasyEns": EasyEnsembleClassifier(),
        "RUSBoost": RUSBoostClassifier(n_estimators=members),
    }
    return {name: every[name] for name in GROUPS[group]}


def _seeded(model, seed):
    params = model.get_params()
    if "random_state" in params:
        model = model.set_params(random_state=seed)
    if "estimator__random_state" in params:
        model = model.set_params(estimator__random_state=seed)
    return model


def outer_fold(X, y, train, test, seed, members, boosted, group):
    """Held-out balanced accuracy and fit time of every method on one fold."""
    warnings.simplefilter("ignore")
    scores, times = {}, {}
    for name, model in methods(members, boosted, group).items():
        model = _seeded(model, seed)
        start = time.perf_counter()
        try:
            model.fit(X[train], y[train])
        except ValueError:
            # RUSBoost's AdaBoost refuses a round worse than random: a failed
            # fit, counted apart and left out of the task's mean.
            scores[name] = np.nan
        else:
            scores[name] = balanced_accuracy_score(y[test], model.predict(X[test]))
        times[name] = time.perf_counter() - start
    return scores, times


def guarantee_repetition(pool, test, members, seed, path="threshold", n_pos=50):
    """Test sensitivity and specificity of the forest chosen for "sensitivity
    >= 0.9 at 90% confidence" (and by the mean rule) on one training set."""
    warnings.simplefilter("ignore")
    (X_pool, y_pool), (X_test, y_test) = pool, test
    rng = np.random.default_rng(seed)
    rows = np.r_[
        rng.choice(np.flatnonzero(y_pool == 1), n_pos, replace=False),
        rng.choice(np.flatnonzero(y_pool == 0), n_pos * 19, replace=False),
    ]
    out = {}
    for rule, confidence in (("mean rule", None), ("confidence rule", 0.9)):
        search = TradeoffClassifierCV(
            TradeoffBaggingClassifier(n_estimators=members),
            objective="specificity",
            min_sensitivity=0.9,
            confidence=confidence,
            random_state=seed,
            **({"cv": 5, "method": "threshold"} if path == "threshold" else {}),
        ).fit(X_pool[rows], y_pool[rows])
        pred = search.predict(X_test) == 1
        out[rule] = (pred[y_test == 1].mean(), 1 - pred[y_test == 0].mean())
    return out


def guarantee(args):
    """The requirement benchmark's protocol with a forest (``--guarantee``)."""
    from sklearn.datasets import make_classification

    X, y = make_classification(
        n_samples=500_000,
        n_features=20,
        n_informative=5,
        weights=[0.95],
        flip_y=0.01,
        random_state=0,
    )
    pool, test = (X[:400_000], y[:400_000]), (X[400_000:], y[400_000:])
    start = time.perf_counter()
    with threadpool_limits(1):
        out = Parallel(n_jobs=args.n_jobs)(
            delayed(guarantee_repetition)(
                pool, test, args.members, seed, args.guarantee_path
            )
            for seed in range(args.guarantee)
        )
    print(
        f"Sensitivity >= 0.9 at 90% confidence, forests of {args.members} trees "
        + (
            "(TradeoffClassifierCV(TradeoffBaggingClassifier(), cv=5, "
            'method="threshold"))'
            if args.guarantee_path == "threshold"
            else "(TradeoffClassifierCV(TradeoffBaggingClassifier()), its defaults)"
        )
        + f", {args.guarantee} training sets of 50 positives "
        f"(5%), tested on {test[1].size} fresh rows ({test[1].sum()} positives)."
    )
    print(f"{'rule':<16} {'violations':>10} {'sensitivity':>11} {'specificity':>11}")
    for rule in ("mean rule", "confidence rule"):
        sens, spec = np.array([o[rule] for o in out]).T
        print(
            f"{rule:<16} {np.mean(sens < 0.9):>10.2f} {sens.mean():>11.3f} "
            f"{spec.mean():>11.3f}"
        )
    print(
        "Goal: confidence rule violations <= 0.10. "
        f"({time.perf_counter() - start:.0f} s)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50, help="trees per forest")
    parser.add_argument("--boosted", type=int, default=10, help="HGB members of TB HGB")
    parser.add_argument("--repeats", type=int, default=1, help="outer CV repeats")
    parser.add_argument(
        "--seed", type=int, default=0, help="seed of the outer CV (other folds)"
    )
    parser.add_argument("--n-jobs", type=int, default=2, help="parallel outer folds")
    parser.add_argument("--tasks", type=int, default=None, help="first N tasks only")
    parser.add_argument("--group", choices=sorted(GROUPS), default="forest")
    parser.add_argument(
        "--guarantee", type=int, default=0, help="N repetitions of the requirement"
    )
    parser.add_argument(
        "--guarantee-path",
        choices=["threshold", "default"],
        default="threshold",
        help="cv=5 and the threshold path, or the chooser's defaults",
    )
    args = parser.parse_args()
    if args.guarantee:
        return guarantee(args)
    names = list(methods(args.members, args.boosted, args.group))
    short = {name: name[:10] for name in names}
    start = time.perf_counter()
    outer = RepeatedStratifiedKFold(
        n_splits=5, n_repeats=args.repeats, random_state=args.seed
    )
    print(
        f"Held-out balanced accuracy, mean over {5 * args.repeats} outer folds; "
        f"forests of {args.members} trees, {args.boosted} HGB members in TB HGB."
    )
    print(f"{'task':<24} " + " ".join(f"{short[m]:>10}" for m in names))
    table, fit_time, failed = [], dict.fromkeys(names, 0.0), dict.fromkeys(names, 0)
    all_tasks = list(tasks())[: args.tasks]
    with threadpool_limits(1):
        for name, (X, y) in all_tasks:
            out = Parallel(n_jobs=args.n_jobs)(
                delayed(outer_fold)(
                    X, y, train, test, seed, args.members, args.boosted, args.group
                )
                for seed, (train, test) in enumerate(outer.split(X, y))
            )
            mean = {m: np.nanmean([s[m] for s, _ in out]) for m in names}
            for m in names:
                failed[m] += sum(np.isnan(s[m]) for s, _ in out)
            for m in names:
                fit_time[m] += sum(t[m] for _, t in out)
            table.append((name, mean))
            print(
                f"{name:<24} " + " ".join(f"{mean[m]:>10.3f}" for m in names),
                flush=True,
            )
    scores = np.array([[mean[m] for m in names] for _, mean in table])
    best = scores.max(axis=1, keepdims=True)
    wins = (scores >= best - 1e-12).sum(axis=0)
    base = scores[:, names.index(BASELINE)]
    print(f"{'mean over tasks':<24} " + " ".join(f"{v:>10.3f}" for v in scores.mean(0)))
    print(f"{'tasks best (ties too)':<24} " + " ".join(f"{w:>10d}" for w in wins))
    diff = scores - base[:, None]
    print(
        f"{'better/worse than BRF':<24} "
        + " ".join(f"{f'{(d > 1e-12).sum()}/{(d < -1e-12).sum()}':>10}" for d in diff.T)
    )
    print(f"{'worst task - BRF':<24} " + " ".join(f"{d:>+10.3f}" for d in diff.min(0)))
    print(f"{'failed fits':<24} " + " ".join(f"{failed[m]:>10d}" for m in names))
    print(f"{'fit time (s)':<24} " + " ".join(f"{fit_time[m]:>10.1f}" for m in names))
    ratio = {m: fit_time[m] / fit_time[BASELINE] for m in names}
    print(f"{'fit time / BRF':<24} " + " ".join(f"{ratio[m]:>10.2f}" for m in names))
    mean = dict(zip(names, scores.mean(0), strict=True))
    tb, cv = "TB 0.5", "TB CV"
    print()
    print(
        "Goal TB 0.5 >= BRF within 1.5x its fit time: mean "
        f"{mean[tb] - mean[BASELINE]:+.4f}, time {ratio[tb]:.2f}x: "
        f"{'met' if mean[tb] >= mean[BASELINE] and ratio[tb] <= 1.5 else 'NOT met'}."
    )
    for cv in (m for m in names if m.startswith(("TB CV", "TB OOB"))):
        gain = mean[cv] - mean[BASELINE]
        worst = diff[:, names.index(cv)].min()
        met = gain >= 0.005 and worst >= -0.02 and ratio[cv] <= 10
        print(
            f"Goal {cv} >= BRF + 0.005, never 0.02 below, <= 10x time: mean "
            f"{gain:+.4f}, worst task {worst:+.4f}, time {ratio[cv]:.1f}x: "
            f"{'met' if met else 'NOT met'}."
        )
    print(f"({time.perf_counter() - start:.0f} s, {len(all_tasks)} tasks)")


if __name__ == "__main__":
    main()
