"""Which lower bound should the confidence rule use?  Violations against specificity.

The protocol of ``bench_guarantee.py`` (sensitivity >= 0.9 at 90% confidence,
best specificity, 50 and 150 positives at 5% prevalence, the breast cancer data),
with one cross-validation per repetition shared by every variant of the rule: the
out-of-fold counts of the mean rule's search are pooled per repeat (as the
confidence rule does), each variant tests the ``t`` by fixed-sequence testing
with its own one-sided bound, and the model refitted at the ``t`` it chooses is
scored on the test set.  Variants of the bound at level ``c``:

- ``clopper-pearson``: today's exact bound (never below ``c`` coverage for a
  fixed binomial; conservative by the discreteness of the count);
- ``mid-p``: the Clopper-Pearson bound with half the probability of the
  observed count (Lancaster's mid-p), coverage close to ``c`` on average;
- ``jeffreys``: the ``1 - c`` quantile of Beta(k + 1/2, n - k + 1/2);
- ``mean``: no bound (the mean rule), for reference.

A violation is a test sensitivity below 0.9.  ``check`` compares the
clopper-pearson variant's choice with ``TradeoffClassifierCV(confidence=0.9)``'s
``best_t_`` on the first repetitions (they must agree: same counts, same rule).

Where the violations come from (the second table):

- ``fold models``: today's rule judged against what its counts measure, the
  mean test sensitivity of the cross-validation's own models (one balanced
  model per fold, read at the chosen ``t``), instead of the returned refit.
  The gap to the first table is the refit shift: the model fitted on all rows
  at ``t`` is not at the operating point the readings of the fold models put
  it at;
- ``count >= q``: with no sample weights ``n`` is the number of positives for
  every ``t``, so *every* lower bound that grows with the count (any exact,
  mid-p, Jeffreys, Wald bound, at any level) accepts a ``t`` exactly when the
  pooled out-of-fold sensitivity reaches some ``q``; fixed-sequence testing
  then returns the smallest ``t`` of the top run reaching it.  The pooled rate
  moves in steps of ``1 / (3 n)`` (three repeats), so the rows for the ``q``
  from Jeffreys' to Clopper-Pearson's threshold and one step either side are
  the whole frontier of bounds on the pooled count, each with its violation
  rate and specificity.

Rows ending in ``, read`` return the model the counts measure instead of the
refit: one balanced fit (``t = 0.5``) on all rows, read at the chosen ``t``
by the Bayes shift of the fold readings (decision + logit(t) > 0), one fit
per repetition.  Rows ending in ``, read off grid`` cut that model where the
pooled count first reaches ``q`` between the values of the grid: the
smallest shift ``s`` with ``q`` of the pooled out-of-fold positives at
decision + s > 0 (the pooled count is monotone in ``s``, so fixed-sequence
testing stops exactly there).  ``--below`` adds count rows further below
Jeffreys' threshold, to trace each frontier down to the mean rule.

With ``--refit-path`` a last row per task is the confidence rule on counts of
the returned kind of model, ``TradeoffClassifierCV(method="refit",
confidence=0.9)`` (a fresh fit at every ``t`` of every fold, ``t >= 0.85``
only, where the bounds can reach 0.9; 16 values): the counts then measure the
refit, with no shift, at 16 times the fits.

Run: python benchmarks/bench_confidence_rule.py [--repeats 200] [--sizes 50 150]
[--refit-path] [--below 1] [--no-real] [--no-synthetic]
"""

import argparse
import warnings

import numpy as np
from bench_guarantee import (
    CONFIDENCE,
    MODEL,
    TARGET,
    TS,
    _draw_task,
    _rates,
    _synthetic_pool,
)
from scipy.optimize import brentq
from scipy.special import logit
from scipy.stats import beta, binom
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import RepeatedStratifiedKFold
from threadpoolctl import threadpool_limits

import sk_imbalance.model_selection._confidence as confidence_rule
from sk_imbalance import TradeoffClassifier, TradeoffClassifierCV
from sk_imbalance.model_selection._selection import (
    _confident_best_index,
    table_from_results,
)

CP = confidence_rule._lower_bound


def _mid_p(k, n, confidence):
    """Lancaster's mid-p lower bound: P(X > k) + P(X = k) / 2 = 1 - confidence."""
    k, n = np.broadcast_arrays(np.asarray(k, float), np.asarray(n, float))
    out = np.full(k.shape, np.nan)
    alpha = 1 - confidence
    for i in np.ndindex(k.shape):
        kk, nn = round(k[i]), round(n[i])
        if nn <= 0:
            continue
        if kk <= 0:
            out[i] = 0.0
            continue

        def excess(p, kk=kk, nn=nn):
            return binom.sf(kk, nn, p) + 0.5 * binom.pmf(kk, nn, p) - alpha

        out[i] = brentq(excess, 1e-12, 1 - 1e-12)
    return out


def _jeffreys(k, n, confidence):
    k, n = np.broadcast_arrays(np.asarray(k, float), np.asarray(n, float))
    with np.errstate(invalid="ignore"):
        low = beta.ppf(1 - confidence, k + 0.5, n - k + 0.5)
    return np.where(n > 0, np.where(k <= 0, 0.0, low), np.nan)


VARIANTS = {"clopper-pearson": CP, "mid-p": _mid_p, "jeffreys": _jeffreys}
REFIT_PATH = "clopper-pearson, method=refit"


def _search(X, y, seed, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return TradeoffClassifierCV(
            MODEL,
            ts=TS,
            objective="specificity",
            min_sensitivity=TARGET,
            method="threshold",
            random_state=seed,
            **kwargs,
        ).fit(X, y)


def _choose(search, bound):
    """Index of the t the confidence rule picks with ``bound``."""
    res = search.cv_results_
    table = table_from_results(res, n_repeats=3)  # the default cv: 3 repeats
    counts = {
        m: confidence_rule._pooled_counts(table, m)
        for m in ("sensitivity", "specificity")
    }
    score = np.asarray(res["mean_test_specificity"], float)
    t = np.asarray(res["param_t"], float)
    confidence_rule._lower_bound = bound
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            index, met, _, _ = _confident_best_index(
                score,
                t,
                [np.arange(t.size)],
                counts,
                {"sensitivity": TARGET},
                CONFIDENCE,
            )
    finally:
        confidence_rule._lower_bound = CP
    return index, met


def _count_thresholds(n, below=1):
    """The pooled rates (steps of ``1 / (3 n)``) from one step below Jeffreys'
    threshold to one step above Clopper-Pearson's, with the bound each is
    the threshold of."""
    grid = np.arange(3 * n + 1) / (3 * n)
    named = {}
    for name, bound in VARIANTS.items():
        passes = bound(grid * n, np.full(grid.size, float(n)), CONFIDENCE) >= TARGET
        named[name] = grid[passes].min()
    low = np.searchsorted(grid, named["jeffreys"]) - below
    high = np.searchsorted(grid, named["clopper-pearson"]) + 1
    out = {}
    for q in grid[max(low, 0) : high + 1]:
        names = [name for name, at in named.items() if np.isclose(at, q)]
        out[float(q)] = f"count >= {q * 3 * n:.0f}/{3 * n}" + (
            f" ({', '.join(names)})" if names else ""
        )
    return out


def _top_run(rate, q):
    """Fixed-sequence testing of "pooled rate >= q" from the largest t down:
    the smallest t of the top run that passes (the largest t when none does,
    the fallback with the highest bound, warned)."""
    passes = rate >= q - 1e-12
    if not passes[-1]:
        return rate.size - 1, False
    index = rate.size - 1
    while index > 0 and passes[index - 1]:
        index -= 1
    return index, True


def _fold_sensitivity(Xtr, ytr, Xte, yte, seed):
    """Mean test sensitivity at every t of the cross-validation's own models:
    one balanced fit per fold of the default cv, read at t as the threshold
    path reads it (decision + logit(t) > 0); and the pooled out-of-fold
    decisions of the positives."""
    cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=3, random_state=seed)
    positives = Xte[yte == 1]
    shift = logit(TS)
    sens, oof = [], []
    for train, test in cv.split(Xtr, ytr):
        model = TradeoffClassifier(MODEL, t=0.5).fit(Xtr[train], ytr[train])
        decision = model.decision_function(positives)
        sens.append((decision[None, :] + shift[:, None] > 0).mean(axis=1))
        held = test[ytr[test] == 1]
        oof.append(model.decision_function(Xtr[held]))
    return np.mean(sens, axis=0), np.concatenate(oof)


def _one(Xtr, ytr, Xte, yte, seed, check, thresholds, refit_path=False):
    search = _search(Xtr, ytr, seed)
    chosen = {"mean": (int(np.flatnonzero(np.isclose(TS, search.best_t_))[0]), True)}
    for name, bound in VARIANTS.items():
        chosen[name] = _choose(search, bound)
    table = table_from_results(search.cv_results_, n_repeats=3)
    k, n = confidence_rule._pooled_counts(table, "sensitivity")
    for q, name in thresholds.items():
        chosen[name] = _top_run(k / n, q)
    if check:
        ref = _search(Xtr, ytr, seed, confidence=CONFIDENCE)
        assert np.isclose(TS[chosen["clopper-pearson"][0]], ref.best_t_), (
            TS[chosen["clopper-pearson"][0]],
            ref.best_t_,
        )
    cache, out = {}, {}
    for name, (index, met) in chosen.items():
        if index not in cache:
            model = TradeoffClassifier(MODEL, t=TS[index]).fit(Xtr, ytr)
            cache[index] = _rates(model.predict(Xte), yte)
        out[name] = (*cache[index], not met)
    # The measured model: one balanced fit on all rows, read at each chosen t
    # by the Bayes shift the fold readings use (decision + logit(t) > 0).
    balanced = TradeoffClassifier(MODEL, t=0.5).fit(Xtr, ytr)
    decision = balanced.decision_function(Xte)
    for name, (index, met) in list(chosen.items()):
        read = decision + logit(TS[index]) > 0
        out[f"{name}, read"] = (*_rates(read.astype(int), yte), not met)
    folds, oof = _fold_sensitivity(Xtr, ytr, Xte, yte, seed)
    # The cut off the grid: the smallest shift s with at least q of the
    # pooled out-of-fold positives at decision + s > 0 (the pooled count is
    # monotone in s, so fixed-sequence testing stops exactly there).
    ranked = np.sort(oof)[::-1]
    for q, name in thresholds.items():
        k = int(np.ceil(q * ranked.size - 1e-9))
        cut = -ranked[k - 1] + 1e-9
        read = decision + cut > 0
        out[f"{name}, read off grid"] = (*_rates(read.astype(int), yte), False)
    out["fold models"] = (folds[chosen["clopper-pearson"][0]], np.nan, False)
    if refit_path:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exact = TradeoffClassifierCV(
                MODEL,
                ts=TS[TS >= 0.85],
                objective="specificity",
                min_sensitivity=TARGET,
                method="refit",
                confidence=CONFIDENCE,
                random_state=seed,
            ).fit(Xtr, ytr)
        out[REFIT_PATH] = (
            *_rates(exact.predict(Xte), yte),
            not exact.requirement_met_,
        )
    return out


def _print_rows(label, names, results):
    for name in names:
        sens, spec, warned = np.array([res[name] for res in results]).T
        spec_text = f"{np.nanmean(spec):>9.3f}" if np.isfinite(spec).any() else " " * 9
        print(
            f"{label:<30} {name:<50} {np.mean(sens < TARGET):>9.3f} "
            f"{spec_text} {sens.mean():>9.3f} {int(warned.sum()):>6d}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 150])
    parser.add_argument("--no-real", action="store_true")
    parser.add_argument("--no-synthetic", action="store_true")
    parser.add_argument("--refit-path", action="store_true")
    parser.add_argument(
        "--below",
        type=int,
        default=1,
        help="count rows from this many steps below Jeffreys' threshold",
    )
    args = parser.parse_args()
    (X_pool, y_pool), (X_test, y_test) = _synthetic_pool()
    cancer_X, cancer_y = load_breast_cancer(return_X_y=True)
    cancer_y = 1 - cancer_y
    tasks = [(f"synthetic, {n} positives", "synthetic", n) for n in args.sizes]
    if args.no_synthetic:
        tasks = []
    if not args.no_real:
        tasks.append(("breast cancer, 50 positives", "cancer", 50))
    print(
        f"sensitivity >= {TARGET} at {CONFIDENCE:.0%} confidence, best specificity; "
        f"{args.repeats} repetitions per task"
    )
    header = (
        f"{'task':<30} {'rule':<50} {'violation':>9} {'test spec':>9} "
        f"{'test sens':>9} {'warned':>6}"
    )
    print(header)
    print("-" * len(header))
    names = ["mean", *VARIANTS] + ([REFIT_PATH] if args.refit_path else [])
    names += [f"{name}, read" for name in ("mean", *VARIANTS)]
    diagnosis = []
    with threadpool_limits(1):
        for label, data, n_pos in tasks:
            rng = np.random.default_rng(n_pos)
            thresholds = _count_thresholds(n_pos, args.below)
            results = []
            for r in range(args.repeats):
                Xtr, ytr, Xte, yte = _draw_task(
                    data,
                    n_pos,
                    rng,
                    (X_pool, y_pool, X_test, y_test),
                    (cancer_X, cancer_y),
                )
                results.append(
                    _one(
                        Xtr,
                        ytr,
                        Xte,
                        yte,
                        seed=r,
                        check=r < 3,
                        thresholds=thresholds,
                        refit_path=args.refit_path,
                    )
                )
            _print_rows(label, names, results)
            print(flush=True)
            rule_names = [*thresholds.values(), "fold models"]
            rule_names += [f"{name}, read" for name in thresholds.values()]
            rule_names += [f"{name}, read off grid" for name in thresholds.values()]
            diagnosis.append((label, rule_names, results))
    print(
        "Where the violations come from: today's rule judged against its fold "
        "models (no test spec: not a returned model), and every bound on the "
        "pooled count as a threshold on it"
    )
    print(header)
    print("-" * len(header))
    for label, rule_names, results in diagnosis:
        _print_rows(label, rule_names, results)
        print(flush=True)


if __name__ == "__main__":
    main()
