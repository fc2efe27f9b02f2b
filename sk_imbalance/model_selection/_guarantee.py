"""The confidence rule: choose ``t`` so that "sensitivity >= X" holds on fresh data.

A mean cross-validated sensitivity that just reaches X holds on fresh data about
half the time.  This module replaces "mean >= X" by "one-sided lower confidence
bound >= X", and makes sure that trying many ``t`` does not spend the confidence:

- Counts: every positive is out of fold exactly once per repeat of a k-fold
  partition, so the out-of-fold counts of one repeat are a count over all
  positives (:func:`_pooled_counts`); repeats are averaged, never added (they
  reuse the same positives).
- Bound: Clopper-Pearson's exact one-sided lower bound (:func:`_lower_bound`).
- Multiplicity: fixed-sequence testing (:func:`_fixed_sequence`).  The ``t`` are
  tested in an order fixed before seeing the data, the order in which the
  constrained rate increases (sensitivity: from the largest ``t`` down), and
  testing stops at the first ``t`` whose bound misses the minimum.  Every ``t``
  that passed is then valid simultaneously with probability ``confidence``,
  without any correction for their number.
- The exact mode (:func:`_umbrella_threshold`): the Neyman-Pearson "umbrella"
  order statistic on held-out scores, a finite-sample theorem.

:func:`_confident_best_index` is the one chooser used by
``TradeoffClassifierCV(confidence=...)`` and ``constrained_refit(confidence=...)``.
"""

import math
import warnings

import numpy as np
from scipy.stats import binom
from sklearn.frozen import FrozenEstimator
from sklearn.model_selection import FixedThresholdClassifier, StratifiedShuffleSplit

from sk_imbalance.metrics._interval import _proportion_interval
from sk_imbalance.model_selection._paths import _positive_response
from sk_imbalance.model_selection._refit import _TOL, _best, _means, _t_values
from sk_imbalance.utils._labels import _py

# Share of the rows held out by the exact mode (stratified): as many positives
# for the theorem as for the fit.
HOLDOUT = 0.5

# The rate each minimum constrains, and whether it grows with t.
_INCREASING = {"sensitivity": True, "specificity": False}
_UNITS = {"sensitivity": "positives", "specificity": "negatives"}


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


def _repeat_groups(test_sets):
    """Splits grouped into repeats: consecutive splits with disjoint test sets.

    ``RepeatedStratifiedKFold(n_splits=5, n_repeats=3)`` gives 3 groups of 5;
    a splitter whose test sets overlap (``ShuffleSplit``) gives one group per
    split, so no sample is ever counted twice in a group.
    """
    groups, current, seen = [], [], set()
    for i, test in enumerate(test_sets):
        test = set(np.asarray(test).tolist())
        if current and not seen.isdisjoint(test):
            groups.append(current)
            current, seen = [], set()
        current.append(i)
        seen |= test
    if current:
        groups.append(current)
    return groups


def _fold_sizes(is_class, weight, test_sets):
    """Kish's effective number of samples of a class in each test fold."""
    sizes = np.empty(len(test_sets))
    for i, test in enumerate(test_sets):
        w = weight[test][is_class[test]]
        if w.size == 0 or w.max() <= 0:
            sizes[i] = 0.0
            continue
        w = w / w.max()  # no overflow or underflow of the squares
        sizes[i] = w.sum() ** 2 / (w**2).sum()
    return sizes


def _pooled_counts(rates, sizes, groups):
    """``(k, n)``: the rate of every candidate as a count over one repeat.

    Parameters
    ----------
    rates : ndarray of shape (n_candidates, n_splits)
        Fold rates (NaN where the fold lacks the class).
    sizes : ndarray of shape (n_splits,) or (n_candidates, n_splits)
        (Effective) number of samples of the class in each test fold.
    groups : list of lists of int
        Splits of each repeat (see :func:`_repeat_groups`).

    Returns
    -------
    k, n : ndarray of shape (n_candidates,)
        ``n`` is the smallest repeat's number of samples, ``k / n`` the mean
        over repeats of each repeat's pooled out-of-fold rate.  Averaging the
        repeats removes the noise of one random partition without counting a
        sample twice.
    """
    rates = np.asarray(rates, dtype=float)
    sizes = np.broadcast_to(np.asarray(sizes, dtype=float), rates.shape)
    hits = np.where(sizes > 0, np.nan_to_num(rates) * sizes, 0.0)
    pooled, totals = [], []
    for group in groups:
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
        ordered = known[np.argsort(t[known], kind="stable")]
        orders.append(ordered[::-1] if increasing else ordered)
        orders.extend([i] for i in family[np.isnan(t[family])])
    return orders


def _format_n(n):
    return f"{n:.0f}" if abs(n - round(n)) < 1e-6 else f"{n:.1f} effective"


def _confident_best_index(
    score, t, families, counts, minimums, confidence, note="", stacklevel=3
):
    """The confidence rule: the best ``score`` among candidates shown to meet
    the minimums, else a warned fallback.

    Parameters
    ----------
    score : ndarray of shape (n_candidates,)
        Mean objective of each candidate (NaN never wins).
    t : ndarray of shape (n_candidates,)
        The ``t`` of each candidate (NaN when unknown).
    families : list of arrays of int
        Candidates differing only by ``t``; each is tested as one sequence.
    counts : dict {"sensitivity", "specificity"} -> (k, n)
        Pooled counts (see :func:`_pooled_counts`) of each rate.
    minimums : dict {metric: float}
        The requirement; keys among ``counts``.
    confidence : float in (0, 1)
        Probability with which the chosen candidate must meet every minimum.
    note : str
        Appended to the warning.
    stacklevel : int
        Of the warning.

    Returns
    -------
    index : int
    met : bool
        Whether ``index`` passed every test.
    lower : dict {metric: ndarray}
        Lower bounds of every rate in ``counts`` at the level of each test.
    info : dict {metric: dict}
        ``minimum``, ``supported`` (the strongest minimum the data support:
        the best bound among the first candidates of the sequences), ``n``
        and ``needed`` (samples needed, all correct) for every constrained
        metric.
    """
    # Bonferroni over the constraints and over the independent sequences.
    orders = {m: _orders(families, t, _INCREASING[m]) for m in counts}
    n_sequences = max(len(orders[next(iter(counts))]), 1)
    alpha = (1 - confidence) / (max(len(minimums), 1) * n_sequences)
    level = 1 - alpha
    lower = {m: _lower_bound(*counts[m], level) for m in counts}

    feasible = np.ones(score.shape, dtype=bool)
    info = {}
    for metric, minimum in minimums.items():
        passes = np.nan_to_num(lower[metric], nan=-1.0) >= minimum - _TOL
        accepted = np.zeros(score.shape, dtype=bool)
        firsts = []
        for order in orders[metric]:
            accepted |= _fixed_sequence(passes, order)
            firsts.append(order[0])
        feasible &= accepted
        supported = np.nan_to_num(lower[metric][firsts], nan=0.0)
        first = firsts[int(np.argmax(supported))]
        info[metric] = {
            "minimum": float(minimum),
            "supported": float(supported.max()),
            "n": float(counts[metric][1][first]),
            "needed": _needed(minimum, level),
        }
    candidates = np.flatnonzero(feasible)
    if candidates.size:
        return _best(candidates, score, t), True, lower, info

    shortfall = np.zeros(score.shape)
    for metric, minimum in minimums.items():
        gap = np.maximum(minimum - np.nan_to_num(lower[metric], nan=-np.inf), 0.0)
        shortfall += gap
    closest = np.flatnonzero(shortfall <= shortfall.min() + _TOL)
    index = _best(closest, score, t)
    percent = f"{100 * confidence:g}%"
    parts = []
    for metric, item in info.items():
        needed = item["needed"]
        need = (
            f"at least {needed} {_UNITS[metric]}, all of them right"
            if math.isfinite(needed)
            else "infinitely many (no finite sample proves a rate of 1)"
        )
        support = (
            f"{_format_n(item['n'])} {_UNITS[metric]} support {metric} >= "
            f"{item['supported']:.3f} at {percent} confidence"
        )
        if item["n"] >= needed:
            # Enough samples: the model, not the data size, falls short.
            parts.append(
                f"{support}, below the required {item['minimum']:g}: no t predicts "
                f"enough of them right out of fold"
            )
        else:
            parts.append(f"{support}; {metric} >= {item['minimum']:g} needs {need}")
    chosen = ", ".join(f"{m} >= {lower[m][index]:.3f}" for m in minimums)
    at = f"t={t[index]:g}" if not np.isnan(t[index]) else f"candidate {index}"
    warnings.warn(
        f"The requirement is not met at {percent} confidence: "
        + "; ".join(parts)
        + f". Falling back to the highest lower bound: {at} ({chosen} at "
        f"{percent} confidence){note}.",
        UserWarning,
        stacklevel=stacklevel,
    )
    return index, False, lower, info


def _umbrella_k(n, miss, delta):
    """Largest ``k`` with ``P(Binomial(n, miss) <= k - 1) <= delta``, 0 if none."""
    if n == 0:
        return 0
    k = np.arange(1, n + 1)
    ok = binom.cdf(k - 1, n, miss) <= delta
    return int(k[ok].max()) if ok.any() else 0


def _umbrella_threshold(scores, minimum, delta, side):
    """Neyman-Pearson umbrella threshold from held-out scores of one class.

    ``side="positive"``: predicting positive when ``score >= threshold``,
    with ``threshold`` the ``k``-th smallest of the ``n`` positive scores,
    misses more than a share ``1 - minimum`` of all positives with
    probability ``P(Binomial(n, 1 - minimum) <= k - 1)`` (the ``k``-th order
    statistic of ``n`` uniforms is Beta(k, n - k + 1)), so the largest ``k``
    keeping it ``<= delta`` gives the strictest valid threshold.  Ties only
    lower the miss rate.  ``side="negative"``: the mirror image, just above
    the ``k``-th largest negative score, bounding the false alarms.

    Returns ``(threshold, k)``; ``k = 0`` when ``n`` is too small, with the
    fallback threshold of ``k = 1`` (the most protective one available).
    """
    scores = np.sort(np.asarray(scores, dtype=float))
    n = scores.size
    k = _umbrella_k(n, 1 - minimum, delta)
    j = max(k, 1)
    if side == "positive":
        return (scores[j - 1] if n else -np.inf), k
    return (np.nextafter(scores[n - j], np.inf) if n else np.inf), k


def _cv_counts(cv_results, is_pos, weight, splits):
    """Pooled out-of-fold counts of both rates from a ``cv_results_`` dict."""
    tests = [test for _, test in splits]
    groups = _repeat_groups(tests)
    counts = {}
    for metric, is_class in (("sensitivity", is_pos), ("specificity", ~is_pos)):
        rates = np.column_stack(
            [cv_results[f"split{i}_test_{metric}"] for i in range(len(splits))]
        )
        counts[metric] = _pooled_counts(
            rates, _fold_sizes(is_class, weight, tests), groups
        )
    return counts


def _entry(metric, minimum, lower, index, counts, level, supported=None):
    k, n = counts[metric]
    return {
        "minimum": None if minimum is None else float(minimum),
        "lower": float(lower[index]),
        "supported": float(np.nanmax(lower) if supported is None else supported),
        "n": float(n[index]),
        "needed": None if minimum is None else _needed(minimum, level),
    }


def _select_confident(cv_results, name, minimums, counts, confidence):
    """The confidence rule on a ``TradeoffClassifierCV``'s ``cv_results_``.

    Returns ``(index, met, guarantee_)`` and adds ``lower_test_<metric>``.
    """
    score = _means(cv_results, name, "The maximized")
    t = _t_values(cv_results)
    index, met, lower, info = _confident_best_index(
        score,
        t,
        [np.arange(score.size)],
        counts,
        minimums,
        confidence,
        note="; requirement_met_ is False",
        # _select_confident < _select < fit < scikit-learn's fit context < user
        stacklevel=6,
    )
    level = 1 - (1 - confidence) / len(minimums)
    guarantee = {"confidence": float(confidence), "mode": "cv", "level": level}
    for metric in counts:
        cv_results[f"lower_test_{metric}"] = lower[metric]
        item = _entry(metric, minimums.get(metric), lower[metric], index, counts, level)
        if metric in info:
            item["supported"] = info[metric]["supported"]
        guarantee[metric] = item
    return index, met, guarantee


def _describe_bounds(cv_results, counts, minimums, confidence, index):
    """Bound columns at ``confidence`` and ``guarantee_`` without the rule."""
    guarantee = {"confidence": float(confidence), "mode": "cv", "level": confidence}
    for metric in counts:
        lower = _lower_bound(*counts[metric], confidence)
        cv_results[f"lower_test_{metric}"] = lower
        guarantee[metric] = _entry(
            metric, minimums.get(metric), lower, index, counts, confidence
        )
    return guarantee


def _mean_meets(cv_results, index, minimums):
    """Whether the mean fold rates of ``index`` reach the minimums."""
    return all(
        _means(cv_results, metric, "The constrained")[index] >= minimum - _TOL
        for metric, minimum in minimums.items()
    )


def _holdout(is_pos, seed):
    """``(fit_rows, held_out_rows)``: a stratified split, ``HOLDOUT`` held out."""
    splitter = StratifiedShuffleSplit(n_splits=1, test_size=HOLDOUT, random_state=seed)
    fit_rows, cal_rows = next(splitter.split(np.zeros((is_pos.size, 1)), is_pos))
    return np.sort(fit_rows), np.sort(cal_rows)


def _objective(objective, sensitivity, specificity):
    if objective == "sensitivity":
        return sensitivity
    if objective == "specificity":
        return specificity
    w = 0.5 if objective == "balanced_accuracy" else float(objective)
    return w * sensitivity + (1 - w) * specificity


def _exact_threshold(
    model, X_fit, y_fit, X_cal, is_pos_cal, pos_value, minimums, confidence, objective
):
    """The exact mode: a threshold on ``model``'s scores set on held-out rows.

    Each minimum gets ``delta = (1 - confidence) / len(minimums)``.  The
    sensitivity bound allows every threshold up to ``upper``, the specificity
    bound every threshold from ``lower`` (monotonicity of a fixed model's
    rates in its threshold), so any threshold between them meets both with
    probability ``confidence`` (Bonferroni); the held-out ``objective``
    chooses among them.  Returns ``(estimator_, met, guarantee_)``.
    """
    if hasattr(model, "predict_proba"):
        response = "predict_proba"
    elif hasattr(model, "decision_function"):
        response = "decision_function"
    else:
        raise ValueError(
            "guarantee='exact' thresholds the positive score: the estimator needs "
            "predict_proba or decision_function."
        )
    scores = _positive_response(model, X_cal, pos_value)
    delta = (1 - confidence) / len(minimums)
    pos_scores, neg_scores = scores[is_pos_cal], scores[~is_pos_cal]
    upper, lower, met = np.inf, -np.inf, True
    guarantee = {"confidence": float(confidence), "mode": "exact", "level": 1 - delta}
    parts = []
    for metric, minimum in minimums.items():
        side_scores = pos_scores if metric == "sensitivity" else neg_scores
        side = "positive" if metric == "sensitivity" else "negative"
        threshold, k = _umbrella_threshold(side_scores, minimum, delta, side)
        n = side_scores.size
        if side == "positive":
            upper = threshold
        else:
            lower = threshold
        supported = delta ** (1 / n) if n else 0.0
        guarantee[metric] = {
            "minimum": float(minimum),
            "lower": float(minimum) if k else float(supported),
            "supported": float(supported),
            "n": float(n),
            "needed": _needed(minimum, 1 - delta),
        }
        if not k:
            met = False
            parts.append(
                f"{n} held-out {_UNITS[metric]} support {metric} >= {supported:.3f} "
                f"at {100 * confidence:g}% confidence; {metric} >= {minimum:g} "
                f"needs at least {guarantee[metric]['needed']} held-out "
                f"{_UNITS[metric]} (half of the training set's)"
            )
    if met and lower > upper:
        met = False
        parts.append(
            "the held-out scores cannot separate the classes well enough to "
            "meet both minimums with one threshold"
        )
    if met:
        candidates = np.unique(np.concatenate([scores, [lower, upper]]))
        candidates = candidates[
            (candidates >= lower) & (candidates <= upper) & np.isfinite(candidates)
        ]
        sens = (pos_scores[:, None] >= candidates).mean(axis=0)
        spec = (neg_scores[:, None] < candidates).mean(axis=0)
        value = _objective(objective, sens, spec)
        # Ties: the strictest threshold (fewest false alarms).
        best = np.flatnonzero(value >= value.max() - _TOL)[-1]
        threshold = float(candidates[best])
    else:
        threshold = float(upper if "sensitivity" in minimums else lower)
        warnings.warn(
            f"The requirement is not met at {100 * confidence:g}% confidence "
            "(guarantee='exact'): "
            + "; ".join(parts)
            + ". Falling back to the most protective held-out threshold; "
            "requirement_met_ is False.",
            UserWarning,
            stacklevel=4,  # fit < scikit-learn's fit context < user
        )
    guarantee["threshold"] = threshold
    estimator = FixedThresholdClassifier(
        FrozenEstimator(model),
        threshold=threshold,
        pos_label=_py(pos_value),
        response_method=response,
    ).fit(X_fit, y_fit)
    return estimator, met, guarantee


_SIZE_KEYS = {"sensitivity": "n_positives", "specificity": "n_negatives"}


def _split_columns(cv_results, metric):
    """The ``split<i>_test_<metric>`` columns as an array (n_candidates, n_splits)."""
    keys = []
    while f"split{len(keys)}_test_{metric}" in cv_results:
        keys.append(f"split{len(keys)}_test_{metric}")
    return (
        np.column_stack(
            [np.asarray(np.ma.filled(cv_results[k], np.nan), dtype=float) for k in keys]
        )
        if keys
        else None
    )


def _families(cv_results, n_candidates):
    """Candidates grouped by their parameters other than ``t``."""
    params = cv_results.get("params")
    if params is None:
        return [np.arange(n_candidates)]
    keys = {}
    for i, p in enumerate(params):
        rest = tuple(
            sorted(
                (k, repr(v)) for k, v in p.items() if k != "t" and not k.endswith("__t")
            )
        )
        keys.setdefault(rest, []).append(i)
    return [np.array(members) for members in keys.values()]


def _refit_confident_index(cv_results, maximize, minimums, confidence, n_repeats):
    """``constrained_refit(..., confidence=c)``: the confidence rule on the fold
    scores and fold sizes that ``tradeoff_scoring(counts=True)`` records.

    Returns ``(index, lower)``, ``lower`` the bounds of the constrained rates.
    """
    score = _means(cv_results, maximize, "The maximized")
    t = _t_values(cv_results)
    if t is None:
        t = np.full(score.size, np.nan)
    counts = {}
    for metric in minimums:
        rates = _split_columns(cv_results, metric)
        sizes = _split_columns(cv_results, _SIZE_KEYS[metric])
        if rates is None or sizes is None:
            missing = f"split0_test_{metric if rates is None else _SIZE_KEYS[metric]}"
            raise ValueError(
                f"constrained_refit(confidence=...) needs the {metric} and the "
                f"number of {_UNITS[metric]} of every test fold, but cv_results "
                f"has no {missing!r}. Run the search with "
                "scoring=tradeoff_scoring(counts=True)."
            )
        n_splits = rates.shape[1]
        if n_splits % n_repeats:
            raise ValueError(
                f"n_repeats={n_repeats} does not divide the {n_splits} splits of "
                "the search; set it to the cv's number of repeats."
            )
        per = n_splits // n_repeats
        groups = [list(range(r * per, (r + 1) * per)) for r in range(n_repeats)]
        counts[metric] = _pooled_counts(rates, sizes, groups)
    index, _, lower, _ = _confident_best_index(
        score,
        t,
        _families(cv_results, score.size),
        counts,
        minimums,
        confidence,
        stacklevel=4,
    )
    return index, lower
