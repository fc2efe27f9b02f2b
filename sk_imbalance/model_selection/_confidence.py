"""The confidence rule: choose ``t`` so that "sensitivity >= X" holds on fresh data.

A mean cross-validated sensitivity that just reaches X holds on fresh data about
half the time.  This module replaces "mean >= X" by "one-sided lower confidence
bound >= X", and makes sure that trying many ``t`` does not spend the confidence:

- Counts, read from the :class:`~sk_imbalance.model_selection._counts.CountTable`:
  every positive is out of fold exactly once per repeat of a k-fold partition,
  so the out-of-fold counts of one repeat are a count over all positives
  (:func:`_pooled_counts`); repeats are averaged, never added (they reuse the
  same positives).  With sample weights, Kish's effective sizes.
- Bound: Clopper-Pearson's exact one-sided lower bound (:func:`_lower_bound`).
- Multiplicity: fixed-sequence testing (:func:`_fixed_sequence`).  The ``t`` are
  tested in an order fixed before seeing the data, the order in which the
  constrained rate increases (sensitivity: from the largest ``t`` down), and
  testing stops at the first ``t`` whose bound misses the minimum.  Every ``t``
  that passed is then valid simultaneously with probability ``confidence``,
  without any correction for their number.

:func:`_sequential_tests` applies them; the selection rules module
(:mod:`~sk_imbalance.model_selection._selection`) chooses among the accepted
candidates and words the warnings, for every caller.
The exact mode lives in :mod:`~sk_imbalance.model_selection._exact`.

Notes
-----
Where the budget ``1 - c`` goes, for "sensitivity >= 0.9 at 90%" on the
protocol of ``benchmarks/bench_confidence_rule.py`` (a weighted logistic
regression read at 49 ``t``, 50 and 150 training positives, 200 training sets):

- Trying many ``t`` costs nothing.  The rate grows with ``t`` and the test
  stops at the first ``t`` that fails, so on a grid that separates the
  positive scores the rule returns the Neyman-Pearson umbrella order
  statistic of the pooled out-of-fold scores (the exact binomial test's
  count; tested).  "One order statistic on the pooled scores instead of a
  union over ``t``" is this rule already; no Bonferroni or Sidak factor
  enters for one path.
- Pooling: counts are pooled per repeat and the repeats averaged, so ``n`` is
  the number of positives (Kish's effective size only with weights) and the
  pooled rate moves in steps of ``1 / (3 n)``.  Judged against the models the
  counts come from (the fold models' test sensitivity at the chosen ``t``)
  the rule violates in 3.5% (50 positives) and 4.5% (150) of training sets:
  Clopper-Pearson's discreteness leaves most of the 10% unspent there.
- The refit shift decides the rest: the returned model is a fresh fit on all
  rows at the chosen ``t``, not the fold models read at it.  At 50 positives
  it catches fewer positives than the readings say (violations 8.5%, not
  3.5%); at 150 more (2.5%, not 4.5%).  Its sign depends on the model and
  the data size, so no correction of it holds in general.
- Without weights every lower bound that grows with the count (exact, mid-p,
  Jeffreys, Wald, at any level) is a threshold on the pooled rate, and the
  benchmark lists every threshold from Jeffreys' to Clopper-Pearson's: at 50
  positives the first step below today's (144 of 150 instead of 145) gains
  0.04 specificity at 12.5% violations, Jeffreys 0.07 at 17%.  So no bound on
  these counts gains 0.05 specificity at 50 positives within 10%; at 150
  positives the budget is unspent (2.5%) because of the refit, which a rule
  cannot count on.  Counting exact refits instead (``method="refit"``) removes
  the shift but not the noise (see the benchmark's last row).
"""

import math
import warnings

import numpy as np

from sk_imbalance.metrics._interval import _proportion_interval
from sk_imbalance.model_selection._requirements import (
    INCREASING as _DERIVED_INCREASING,
)
from sk_imbalance.utils._stats import _TOL

# The rate each minimum constrains, and whether it grows with t.
_INCREASING = {"sensitivity": True, "specificity": False, **_DERIVED_INCREASING}
_UNITS = {
    "sensitivity": "positives",
    "specificity": "negatives",
    **dict.fromkeys(_DERIVED_INCREASING, "rows of the smaller class"),
}


def _lower_bound(k, n, confidence):
    """Clopper-Pearson one-sided lower bound(s) at ``confidence``; NaN for n = 0."""
    return _proportion_interval(k, n, confidence, "clopper-pearson", "greater")[0]


def _needed(minimum, confidence):
    """The fewest samples whose bound can reach ``minimum``: all of them right.

    With ``k = n`` the Clopper-Pearson lower bound is ``(1 - confidence)**(1/n)``,
    so ``n >= log(1 - confidence) / log(minimum)``; the same number as the
    umbrella rule's ``log(delta) / log(1 - a)``.  Infinite for ``minimum = 1``.
    """
    if minimum <= 0:
        return 0
    if minimum >= 1:
        return math.inf
    return math.ceil(math.log(1 - confidence) / math.log(minimum) - 1e-9)


def _pooled_counts(table, metric):
    """``(k, n)``: the rate ``metric`` of every row of ``table`` as a count
    over one repeat.

    Returns
    -------
    k, n : ndarray of shape (n_ts,)
        ``n`` is the smallest repeat's (effective) number of rows of the class,
        ``k / n`` the mean over repeats of each repeat's pooled out-of-fold
        rate.  Averaging the repeats removes the noise of one random partition
        without counting a row twice.  A fold without the class adds nothing.
    """
    sensitivity, specificity = table.rates()
    rates = sensitivity if metric == "sensitivity" else specificity
    sizes = table.class_sizes(metric)
    hits = np.where(sizes > 0, np.nan_to_num(rates) * sizes, 0.0)
    pooled, totals = [], []
    for repeat in np.unique(table.repeats):
        group = table.repeats == repeat
        total = sizes[:, group].sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            pooled.append(np.where(total > 0, hits[:, group].sum(axis=1) / total, 0))
        totals.append(total)
    totals = np.array(totals)
    valid = totals > 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        rate = np.nansum(np.where(valid, pooled, 0), axis=0) / valid.sum(axis=0)
        n = np.where(valid, totals, np.inf).min(axis=0)
    n = np.where(np.isfinite(n), n, 0.0)
    return np.where(n > 0, rate * n, 0.0), n


def _fixed_sequence(passes, order):
    """Mask of the candidates accepted by fixed-sequence testing along ``order``.

    The prefix of ``order`` up to (not including) the first failure.  With
    every test at level ``alpha`` the probability that any accepted candidate
    is a false acceptance is at most ``alpha``: the first false null hypothesis
    in the order must be rejected wrongly for testing to go past it.
    """
    accepted = np.zeros(passes.shape, dtype=bool)
    for i in order:
        if not passes[i]:
            break
        accepted[i] = True
    return accepted


def _orders(families, t, increasing):
    """Test order of each family: the rate increasing first.

    A family is a set of candidates that differ only by ``t`` (a path).  The
    rate grows with ``t`` when ``increasing``, so testing starts at the
    largest ``t`` (where the bound is most likely to pass).  Candidates of
    unknown ``t`` are singletons.
    """
    orders = []
    for family in families:
        family = np.asarray(family)
        known = family[~np.isnan(t[family])]
        if known.size:
            ordered = known[np.argsort(t[known], kind="stable")]
            orders.append(ordered[::-1] if increasing else ordered)
        orders.extend([i] for i in family[np.isnan(t[family])])
    return orders


# Derived quantities whose fixed sequences start a quarter and half way along
# the order of t (two sequences, Bonferroni) instead of at its end: the NPV's
# starts at the largest t, where nothing is predicted negative and its bound
# is 0 whatever the model (precision's start, the smallest t, still flags a
# few rows: one sequence measured better there, 117 against 184 warnings in
# 200 repetitions of the benchmark).
_LATER_STARTS = {"npv"}


def _later_starts(orders):
    """Each order of four or more candidates as two sequences, from a quarter
    and from half of the way along it: both starts are fixed by the grid of
    ``t`` alone, before the data are seen."""
    out = []
    for order in orders:
        if len(order) < 4:
            out.append(order)
            continue
        out.extend(order[len(order) * k // 4 :] for k in (1, 2))
    return out


def _sequential_tests(t, families, counts, minimums, confidence, derived=None):
    """Which candidates are shown to meet the minimums at ``confidence``.

    Parameters
    ----------
    t : ndarray of shape (n_candidates,)
        The ``t`` of each candidate (NaN when unknown).
    families : list of arrays of int
        Candidates differing only by ``t``; each is tested as one sequence.
    counts : dict {"sensitivity", "specificity"} -> (k, n)
        Pooled counts (see :func:`_pooled_counts`) of each rate.
    minimums : dict {metric: float}
        The requirement; keys among ``counts``.
    confidence : float in (0, 1)
        Probability with which every accepted candidate meets every minimum.
    derived : callable, default=None
        ``derived(level)``: ``{metric: lower bounds}`` of the minimums that are
        not rates (precision, NPV, the share predicted negative), each bound
        holding with probability ``level``
        (:func:`~._requirements.derived_lower_bounds`).

    Returns
    -------
    accepted : ndarray of bool, shape (n_candidates,)
    lower : dict {metric: ndarray}
        Lower bounds of every rate in ``counts`` at the level of each test.
    info : dict {metric: dict}
        ``minimum``, ``supported`` (the strongest minimum the data support:
        the best bound among the first candidates of the sequences), ``n``
        and ``needed`` (samples needed, all correct) for every constrained
        metric.
    """
    # Bonferroni over the constraints and over the independent sequences.
    metrics = [*counts, *(m for m in minimums if m not in counts)]
    orders = {m: _orders(families, t, _INCREASING[m]) for m in metrics}
    n_sequences = max(len(orders[next(iter(counts))]), 1)
    level = 1 - (1 - confidence) / (max(len(minimums), 1) * n_sequences)
    lower = {m: _lower_bound(*counts[m], level) for m in counts}
    levels = dict.fromkeys(metrics, level)
    for metric in _LATER_STARTS.intersection(minimums):
        # NPV is undefined where nothing is predicted negative: at the large
        # t where its sequence would start.
        orders[metric] = _later_starts(orders[metric])
        levels[metric] = 1 - (1 - confidence) / (
            max(len(minimums), 1) * max(len(orders[metric]), 1)
        )
    if derived is not None:
        for at in {levels[m] for m in minimums if m not in counts}:
            bounds = derived(at)
            lower.update({m: bounds[m] for m in bounds if levels[m] == at})
    # A derived bound rests on both classes: the smaller one limits it.
    n_rows = None
    if derived is not None:
        n_rows = np.minimum(counts["sensitivity"][1], counts["specificity"][1])
    accepted = np.ones(t.shape, dtype=bool)
    info = {}
    for metric, minimum in minimums.items():
        passes = np.nan_to_num(lower[metric], nan=-1.0) >= minimum - _TOL
        in_sequence = np.zeros(t.shape, dtype=bool)
        firsts = []
        for order in orders[metric]:
            in_sequence |= _fixed_sequence(passes, order)
            firsts.append(order[0])
        accepted &= in_sequence
        supported = np.nan_to_num(lower[metric][firsts], nan=0.0)
        first = firsts[int(np.argmax(supported))]
        info[metric] = {
            "minimum": float(minimum),
            "supported": float(supported.max()),
            "n": float((counts[metric][1] if metric in counts else n_rows)[first]),
            "needed": _needed(minimum, levels[metric]) if metric in counts else 0,
        }
    return accepted, lower, info
