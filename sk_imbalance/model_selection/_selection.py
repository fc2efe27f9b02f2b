"""The selection rules: how ``t`` is chosen from a table of counts.

Every way of choosing ``t`` calls this module and re-derives nothing:
:class:`~sk_imbalance.model_selection.TradeoffClassifierCV`,
:func:`~sk_imbalance.model_selection.constrained_refit` (from a search's
``cv_results_``), :func:`~sk_imbalance.model_selection.tradeoff_curve` and
:class:`~sk_imbalance.model_selection.TradeoffCurveDisplay`.

- :func:`results_from_counts`: the ``cv_results_`` columns of a
  :class:`~sk_imbalance.model_selection._counts.CountTable` (fold rates, their
  means without the folds where a rate is undefined, ranks);
- :func:`select_from_counts`: the choice (objective, minimums, the
  one-standard-error rule, or the confidence rule of
  :mod:`~sk_imbalance.model_selection._confidence`), as a :class:`Selection`;
- :func:`select_from_results`: the same rules on a search's ``cv_results_``
  (``constrained_refit``), from the counts it recorded when it did;
- the words of every warning the rules give.

One rule for undefined folds: a fold whose test part lacks the positive
(negative) class has no sensitivity (specificity); it is left out of that
rate's mean, with an :class:`~sk_imbalance.exceptions.UndefinedFoldWarning`
saying on how many folds.  A rule never chooses among NaN scores: when the
maximised mean is NaN for every candidate it raises a ``ValueError`` saying
why.
"""

import math
import warnings
from dataclasses import dataclass
from numbers import Real

import numpy as np
from scipy.stats import rankdata

from sk_imbalance.exceptions import (
    RequirementNotMetWarning,
    SkImbalanceWarning,
    UndefinedFoldWarning,
)
from sk_imbalance.model_selection._confidence import (
    _UNITS,
    _lower_bound,
    _needed,
    _pooled_counts,
    _sequential_tests,
)
from sk_imbalance.model_selection._counts import CountTable
from sk_imbalance.model_selection._requirements import (
    INCREASING as _DERIVED,
)
from sk_imbalance.model_selection._requirements import (
    derived_lower_bounds,
    derived_values,
    expected_cost_at,
    training_prevalence,
)
from sk_imbalance.utils._cv_results import _families, _split_columns, _t_values
from sk_imbalance.utils._stats import _TOL, _balanced_accuracy, _tradeoff_value
from sk_imbalance.utils._warnings import _warn

RATES = ("sensitivity", "specificity")
METRICS = (*RATES, "balanced_accuracy")
# Objectives stated where the model is used (at a prevalence, with costs).
OBJECTIVES = (*METRICS, "precision", "npv", "expected_cost")
# The columns of the (effective) class sizes of each test fold, as
# ``tradeoff_scoring(counts=True)`` records them.
SIZE_KEYS = {"sensitivity": "n_positives", "specificity": "n_negatives"}


@dataclass
class Selection:
    """The choice made from a table of counts.

    Attributes
    ----------
    index : int
        Row of the chosen candidate.
    t : float
        Its ``t`` (NaN when unknown).
    score : float
        Its mean objective.
    requirement_met : bool
        Whether it meets the minimums (at ``confidence`` when given; True
        without minimums).
    guarantee : dict or None
        With ``confidence``: the layout of ``TradeoffClassifierCV.guarantee_``.
    cv_results : dict
        The ``cv_results_`` columns (with ``lower_test_<rate>`` under
        ``confidence``).
    table : CountTable or None
        The table the choice was made from.
    """

    index: int
    t: float
    score: float
    requirement_met: bool
    guarantee: dict | None
    cv_results: dict
    table: CountTable | None = None


def objective_name(objective):
    """The ``cv_results_`` name of an objective: a float is "tradeoff"; the
    expected cost is maximised as its negative, "neg_expected_cost"."""
    if objective == "expected_cost":
        return "neg_expected_cost"
    return objective if isinstance(objective, str) else "tradeoff"


def _objective_values(objective, sensitivity, specificity):
    """The objective from the two rates (any shapes that broadcast)."""
    if objective == "sensitivity":
        return sensitivity
    if objective == "specificity":
        return specificity
    if objective == "balanced_accuracy":
        return _balanced_accuracy(sensitivity, specificity)
    return _tradeoff_value(float(objective), sensitivity, specificity)


# --- the words of the warnings and errors -----------------------------------


def _warn_undefined_folds(sensitivity, specificity):
    """The empty-fold rule's warning (and error when nothing is defined)."""
    if np.isnan(sensitivity).all() or np.isnan(specificity).all():
        raise ValueError(
            "No test fold holds both classes, so no sensitivity or specificity "
            "could be measured; use a stratified cv with fewer splits."
        )
    for name, folds in (("sensitivity", sensitivity), ("specificity", specificity)):
        # A fold lacks a class for every t alike; count it once.
        undefined = int(np.isnan(folds).all(axis=0).sum())
        if undefined:
            missing = "positive" if name == "sensitivity" else "negative"
            _warn(
                f"{name.capitalize()} is undefined on {undefined} of "
                f"{folds.shape[1]} folds (no {missing} samples in the test part); "
                "they are left out of the mean. Use fewer folds or a stratified "
                "splitter.",
                UndefinedFoldWarning,
            )


def _check_some_defined(score, name):
    """Refuse to choose among NaN scores."""
    if np.isnan(score).all():
        raise ValueError(
            f"Every candidate's mean {name} is NaN (failed fits, or a score "
            "undefined on every fold), so there is nothing to choose from. Check "
            "the search's fit errors, and that every test fold holds both "
            "classes (a stratified cv with fewer splits)."
        )


def _warn_mean_unmet(minimums, constrained, score, index, maximize):
    reached = ", ".join(
        f"{metric}={np.nanmax(means):.4g}"
        if not np.all(np.isnan(means))
        else f"{metric}=nan"
        for metric, means in constrained.items()
    )
    wanted = ", ".join(
        f"{metric} >= {minimum:g}" for metric, minimum in minimums.items()
    )
    chosen = ", ".join(
        f"{metric}={constrained[metric][index]:.4g}" for metric in minimums
    )
    _warn(
        f"No candidate reaches the minimums ({wanted}) on the mean CV scores; "
        f"the best means reached are {reached}. Falling back to the candidate "
        f"closest to the constraint (smallest total shortfall): index {index} "
        f"({chosen}, {maximize}={score[index]:.4g}).",
        RequirementNotMetWarning,
    )


def _format_n(n):
    return f"{n:.0f}" if abs(n - round(n)) < 1e-6 else f"{n:.1f} effective"


def _warn_confidence_unmet(info, lower, minimums, confidence, t, index, note):
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
    _warn(
        f"The requirement is not met at {percent} confidence: "
        + "; ".join(parts)
        + f". Falling back to the highest lower bound: {at} ({chosen} at "
        f"{percent} confidence){note}.",
        RequirementNotMetWarning,
    )


def _exact_shortfall(metric, item, confidence):
    """Why the exact mode misses: too few held-out rows of a class (or,
    ``metric=None``, no threshold meeting both minimums)."""
    if metric is None:
        return (
            "the held-out scores cannot separate the classes well enough to "
            "meet both minimums with one threshold"
        )
    units = _UNITS[metric]
    return (
        f"{item['n']:.0f} held-out {units} support {metric} >= "
        f"{item['supported']:.3f} at {100 * confidence:g}% confidence; {metric} >= "
        f"{item['minimum']:g} needs at least {item['needed']} held-out {units} "
        "(half of the training set's)"
    )


def _warn_exact_unmet(confidence, parts):
    _warn(
        f"The requirement is not met at {100 * confidence:g}% confidence "
        "(guarantee='exact'): "
        + "; ".join(parts)
        + ". Falling back to the most protective held-out threshold; "
        "requirement_met_ is False.",
        RequirementNotMetWarning,
    )


# --- the table as cv_results_ -----------------------------------------------


def _fold_scores(table, objective, prevalence=None, costs=None):
    """``{name: (n_ts, n_splits)}`` fold scores of every metric.

    Precision and NPV are those at ``prevalence`` (default: the table's); the
    expected cost per row is the table's summed per-row costs when it has
    them, else that of the fixed ``costs`` at ``prevalence``.
    """
    sensitivity, specificity = table.rates()
    scores = {
        "sensitivity": sensitivity,
        "specificity": specificity,
        "balanced_accuracy": _balanced_accuracy(sensitivity, specificity),
    }
    if not isinstance(objective, str):
        scores["tradeoff"] = _tradeoff_value(float(objective), sensitivity, specificity)
    elif objective in ("precision", "npv"):
        pi = training_prevalence(table) if prevalence is None else prevalence
        scores[objective] = derived_values(objective, sensitivity, specificity, pi)
    elif objective == "expected_cost":
        if table.cost is not None:
            rows = table.weighted.sum(axis=-1)
            scores["neg_expected_cost"] = -table.cost / rows
        else:
            pi = training_prevalence(table) if prevalence is None else prevalence
            cost = expected_cost_at(sensitivity, specificity, pi, costs)
            scores["neg_expected_cost"] = -cost
    return scores


def _summaries(name, folds, results):
    """``mean/std/rank_test_<name>`` from fold scores, NaN folds left out."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows stay NaN
        mean = np.nanmean(folds, axis=1)
        results[f"mean_test_{name}"] = mean
        results[f"std_test_{name}"] = np.nanstd(folds, axis=1)
    # As GridSearchCV: rank 1 is the best mean, ties share the lower rank.
    results[f"rank_test_{name}"] = rankdata(
        np.where(np.isnan(mean), np.inf, -mean), method="min"
    ).astype(np.int32)


def results_from_counts(
    table, *, objective="balanced_accuracy", prevalence=None, costs=None
):
    """The ``cv_results_`` of a :class:`CountTable`.

    Parameters
    ----------
    table : CountTable
    objective : str or float, default="balanced_accuracy"
        A float adds the "tradeoff" columns; "precision", "npv" and
        "expected_cost" add theirs ("neg_expected_cost": the negated cost).
    prevalence : float, default=None
        The prevalence of precision, NPV and the fixed-cost expected cost;
        None means the table's.
    costs : dict, default=None
        ``{"false_positive": c_FP, "false_negative": c_FN}`` for
        ``objective="expected_cost"`` when the table has no per-row costs.

    Returns
    -------
    cv_results : dict
        scikit-learn's search keys, one entry per ``t``: ``params``,
        ``param_t``, and for "sensitivity", "specificity",
        "balanced_accuracy" (and "tradeoff")
        ``split<k>_test_<metric>``, ``mean_test_<metric>``,
        ``std_test_<metric>``, ``rank_test_<metric>``; ``fitted_at_t``; and
        the counts behind the rates, as ``tradeoff_scoring(counts=True)``
        records them: ``split<k>_test_n_positives`` and
        ``split<k>_test_n_negatives`` (Kish's effective sizes with weights).
        A fold without the class of a rate has NaN there and is left out of
        the mean and standard deviation, with an ``UndefinedFoldWarning``.
    """
    scores = _fold_scores(table, objective, prevalence, costs)
    _warn_undefined_folds(scores["sensitivity"], scores["specificity"])
    ts = table.ts
    results = {
        "params": [{"t": float(t)} for t in ts],
        "param_t": np.ma.MaskedArray(ts, mask=np.zeros(ts.size, dtype=bool)),
    }
    for name, folds in scores.items():
        for k in range(folds.shape[1]):
            results[f"split{k}_test_{name}"] = folds[:, k]
        _summaries(name, folds, results)
    for metric, key in SIZE_KEYS.items():
        sizes = table.class_sizes(metric)
        for k in range(sizes.shape[1]):
            results[f"split{k}_test_{key}"] = sizes[:, k]
    results["fitted_at_t"] = table.fitted.copy()
    return results


# --- the rules ----------------------------------------------------------------


def _break_ties(candidates, t):
    """The candidate whose ``t`` is closest to 0.5; the lowest index otherwise."""
    if t is None:
        return int(candidates[0])
    distance = np.abs(t[candidates] - 0.5)
    distance = np.where(np.isnan(distance), np.inf, distance)
    return int(candidates[np.argmin(distance)])  # argmin: first of equals


def _best(candidates, score, t):
    """Among ``candidates``, the best ``score`` (NaN is worst), ties broken by t."""
    values = np.where(np.isnan(score[candidates]), -np.inf, score[candidates])
    best = values.max()
    tied = candidates[values >= best - _TOL] if np.isfinite(best) else candidates
    return _break_ties(tied, t)


def _check_minimums(minimums):
    for metric, minimum in minimums.items():
        if (
            not isinstance(minimum, Real)
            or isinstance(minimum, bool)
            or not 0 <= minimum <= 1
        ):
            raise ValueError(
                f"The minimum for {metric!r} must be a number in [0, 1]; got "
                f"{metric}={minimum!r}."
            )


def _mean_rule(score, constrained, minimums, t, maximize):
    """The best ``score`` among candidates whose mean rates reach the
    minimums; else the smallest total shortfall, warned.

    Returns ``(index, met)``.  NaN means never reach a minimum and never win.
    """
    candidates = np.arange(score.size)
    if not minimums:
        return _best(candidates, score, t), True
    shortfall = np.zeros(score.size)
    for metric, minimum in minimums.items():
        gap = np.maximum(minimum - constrained[metric], 0.0)
        shortfall += np.where(np.isnan(gap), np.inf, np.where(gap <= _TOL, 0.0, gap))
    feasible = np.flatnonzero(shortfall == 0)
    if feasible.size:
        return _best(feasible, score, t), True
    least = shortfall.min()
    closest = (
        candidates if math.isinf(least) else np.flatnonzero(shortfall <= least + _TOL)
    )
    index = _best(closest, score, t)
    _warn_mean_unmet(minimums, constrained, score, index, maximize)
    return index, False


def _one_se_index(mean, folds, t, best):
    """Within one standard error of the best mean, the ``t`` closest to 0.5.

    The standard error is the best ``t``'s: the standard deviation of its
    (defined) fold scores over the square root of their number.
    """
    defined = folds[best][~np.isnan(folds[best])]
    se = (defined.std() if defined.size else 0.0) / math.sqrt(max(defined.size, 1))
    near = np.flatnonzero(mean >= mean[best] - se - _TOL)  # NaN is never near
    # Closest to 0.5, then the better mean, then the smaller t.
    order = np.lexsort((t[near], -mean[near], np.abs(t[near] - 0.5)))
    return int(near[order[0]])


def _test_train_ratio(table):
    """The mean ratio of test to training rows of the table's splits, when
    the splits of each repeat partition the rows (k-fold): a split's training
    part is then the rest of its repeat.  None when a repeat has one split."""
    n_test = table.counts[0].sum(axis=-1)
    ratios = []
    for repeat in np.unique(table.repeats):
        in_repeat = n_test[table.repeats == repeat]
        if in_repeat.size < 2:
            return None
        ratios.extend(in_repeat / (in_repeat.sum() - in_repeat))
    return float(np.mean(ratios))


def _paired_se_index(score, folds, t, test_train_ratio):
    """The ``t`` closest to 0.5 unless another ``t`` beats it by more than one
    standard error of their paired fold differences; then, among those that
    do, the one closest to 0.5 (the better mean, then the smaller ``t``).

    The fold scores of two ``t`` on the same split share the split's luck, so
    their difference is compared fold by fold.  Folds of one cross-validation
    share most of their training rows, so the plain standard error of the
    differences is too small: it is corrected as Nadeau and Bengio's
    resampled t-test does, ``sd * sqrt(1 / n_folds + n_test / n_train)``.
    Candidates are the ``t`` whose ``score`` (mean) is not NaN.
    """
    defined = np.flatnonzero(~np.isnan(score))
    reference = _break_ties(defined, t)
    if test_train_ratio is None:
        return reference
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # too few folds: NaN
        diff = folds - folds[reference]
        n = np.sum(~np.isnan(diff), axis=1)
        gain = np.nanmean(diff, axis=1)
        se = np.nanstd(diff, axis=1, ddof=1) * np.sqrt(1.0 / n + test_train_ratio)
    better = np.zeros(score.size, dtype=bool)
    better[defined] = gain[defined] > se[defined] + _TOL  # NaN is never better
    better[reference] = False
    if not better.any():
        return reference
    near = np.flatnonzero(better)
    order = np.lexsort((t[near], -score[near], np.abs(t[near] - 0.5)))
    return int(near[order[0]])


def _confident_best_index(
    score, t, families, counts, minimums, confidence, note="", derived=None
):
    """The confidence rule: the best ``score`` among candidates shown to meet
    the minimums (:func:`~._confidence._sequential_tests`), else the highest
    lower bound, warned.

    Returns ``(index, met, lower, info)``: ``lower`` the bounds of every rate
    of ``counts`` at the level of each test, ``info`` per constrained rate
    (``minimum``, ``supported``, ``n``, ``needed``).
    """
    accepted, lower, info = _sequential_tests(
        t, families, counts, minimums, confidence, derived
    )
    candidates = np.flatnonzero(accepted)
    if candidates.size:
        return _best(candidates, score, t), True, lower, info
    shortfall = np.zeros(score.shape)
    for metric, minimum in minimums.items():
        gap = np.maximum(minimum - np.nan_to_num(lower[metric], nan=-np.inf), 0.0)
        shortfall += gap
    closest = np.flatnonzero(shortfall <= shortfall.min() + _TOL)
    index = _best(closest, score, t)
    _warn_confidence_unmet(info, lower, minimums, confidence, t, index, note)
    return index, False, lower, info


def _guarantee(counts, lower, info, minimums, confidence, level, index):
    """``guarantee_`` of the cv mode."""
    guarantee = {"confidence": float(confidence), "mode": "cv", "level": level}
    for metric, (_, n) in counts.items():
        minimum = minimums.get(metric)
        bounds = lower[metric]
        guarantee[metric] = {
            "minimum": None if minimum is None else float(minimum),
            "lower": float(bounds[index]),
            "supported": (
                info[metric]["supported"]
                if metric in info
                else float(np.nanmax(bounds))
            ),
            "n": float(n[index]),
            "needed": None if minimum is None else _needed(minimum, level),
        }
    for metric in minimums:
        if metric in counts:
            continue
        guarantee[metric] = {
            "minimum": float(minimums[metric]),
            "lower": float(lower[metric][index]),
            "supported": info[metric]["supported"] if metric in info else np.nan,
            "n": info[metric]["n"] if metric in info else np.nan,
            "needed": None,
        }
    return guarantee


def _choose(
    score,
    folds,
    t,
    means,
    *,
    maximize,
    minimums,
    table,
    families,
    confidence,
    selection,
    guarantee_mode,
    note,
    results,
    bounds_of=RATES,
    derived=None,
    test_train_ratio=None,
):
    """The dispatch shared by :func:`select_from_counts` and
    :func:`select_from_results`: ``(index, met, guarantee)``; the lower
    bounds of the rates ``bounds_of`` are added to ``results``."""
    _check_some_defined(score, maximize)
    counts = None
    if confidence is not None and table is not None:
        counts = {metric: _pooled_counts(table, metric) for metric in RATES}
    if counts is not None and minimums and guarantee_mode == "cv":
        index, met, lower, info = _confident_best_index(
            score,
            t,
            families,
            counts,
            minimums,
            confidence,
            note,
            derived=None if derived is None else (lambda lv: derived(counts, lv)),
        )
        for metric in minimums:
            if metric not in RATES:
                results[f"lower_test_{metric}"] = lower[metric]
        level = 1 - (1 - confidence) / len(minimums)
        for metric in bounds_of:
            results[f"lower_test_{metric}"] = lower[metric]
        return (
            index,
            met,
            _guarantee(counts, lower, info, minimums, confidence, level, index),
        )
    constrained = {metric: means[metric] for metric in minimums}
    with warnings.catch_warnings():
        if guarantee_mode == "exact":
            # The held-out threshold decides, and warns, in this mode.
            warnings.simplefilter("ignore", RequirementNotMetWarning)
        index, met = _mean_rule(score, constrained, minimums, t, maximize)
    if not minimums and selection == "one_se":
        index = _one_se_index(score, folds, t, index)
    elif not minimums and selection == "paired_se":
        if test_train_ratio is None:
            test_train_ratio = _test_train_ratio(table)
        index = _paired_se_index(score, folds, t, test_train_ratio)
    guarantee = None
    if counts is not None:
        lower = {m: _lower_bound(*counts[m], confidence) for m in RATES}
        for metric in bounds_of:
            results[f"lower_test_{metric}"] = lower[metric]
        guarantee = _guarantee(
            counts, lower, {}, minimums, confidence, confidence, index
        )
    return index, met, guarantee


def select_from_counts(
    table,
    *,
    objective="balanced_accuracy",
    minimums=None,
    confidence=None,
    selection="one_se",
    candidates=None,
    guarantee="cv",
    note="",
    prevalence=None,
    costs=None,
    test_train_ratio=None,
):
    """Choose ``t`` from a :class:`CountTable`.

    Parameters
    ----------
    table : CountTable
    objective : {"balanced_accuracy", "sensitivity", "specificity"} or float
        The mean fold score to maximise (a float ``w``: the tradeoff score
        ``w * sensitivity + (1 - w) * specificity``).
    minimums : dict {metric: float}, default=None
        With them, the best objective among the ``t`` meeting them (mean
        rates, or lower bounds with ``confidence``); ``selection`` does not
        apply.  Metrics: "sensitivity", "specificity", and at ``prevalence``
        "precision", "npv" and "predicted_negative_rate" (an alert budget
        ``alert_rate <= a`` is ``predicted_negative_rate >= 1 - a``), each
        recorded as ``derived_test_<metric>``: its value from the mean rates.
    confidence : float in (0, 1), default=None
        Lower bounds of the rates (``lower_test_<rate>``) and, with minimums
        and ``guarantee="cv"``, the confidence rule.
    selection : {"one_se", "best", "paired_se"}, default="one_se"
        Without minimums: "one_se", among the ``t`` within one standard
        error of the best mean, the closest to 0.5; "best", the best mean;
        "paired_se", the ``t`` closest to 0.5 unless others beat it by more
        than one corrected standard error of the paired fold differences,
        then the closest of those (:func:`_paired_se_index`).
    candidates : array-like of int, default=None
        The only rows that may be chosen (the others' means count as NaN).
    guarantee : {"cv", "exact"}, default="cv"
        "exact": the mean rule chooses ``t`` silently (a held-out threshold
        decides and warns later).
    note : str, default=""
        Appended to the confidence rule's warning.
    prevalence : float in (0, 1), default=None
        The deployment prevalence of precision, NPV and the alert rate; None
        means the table's (weighted) share of positives.
    costs : dict, default=None
        Fixed costs for ``objective="expected_cost"`` (see
        :func:`results_from_counts`).
    test_train_ratio : float, default=None
        The mean ratio of test to training rows of the splits, for
        ``selection="paired_se"``; None derives it from the table when each
        repeat's splits partition the rows (else the ``t`` closest to 0.5
        is kept).

    Returns
    -------
    Selection
    """
    minimums = dict(minimums or {})
    pi = training_prevalence(table) if prevalence is None else float(prevalence)
    results = results_from_counts(
        table, objective=objective, prevalence=pi, costs=costs
    )
    name = objective_name(objective)
    folds = _fold_scores(table, objective, pi, costs)
    means = {m: results[f"mean_test_{m}"] for m in RATES}
    derived = [m for m in minimums if m in _DERIVED]
    for metric in derived:
        means[metric] = derived_values(
            metric, means["sensitivity"], means["specificity"], pi
        )
        # What the mean rule compares with the minimum, for reports.
        results[f"derived_test_{metric}"] = means[metric]
    score = results[f"mean_test_{name}"]
    if candidates is not None:
        # Other rows never win: NaN means (as failed fits) keep the indices.
        others = np.ones(table.ts.size, dtype=bool)
        others[candidates] = False
        score = np.where(others, np.nan, score)
        means = {m: np.where(others, np.nan, v) for m, v in means.items()}
    index, met, guarantee_ = _choose(
        score,
        folds[name],
        table.ts,
        means,
        maximize=name,
        minimums=minimums,
        table=table,
        families=[np.arange(table.ts.size)],
        confidence=confidence,
        selection=selection,
        guarantee_mode=guarantee,
        note=note,
        results=results,
        derived=(
            (lambda counts, level: derived_lower_bounds(counts, derived, pi, level))
            if derived
            else None
        ),
        test_train_ratio=test_train_ratio,
    )
    return Selection(
        index=index,
        t=float(table.ts[index]),
        score=float(results[f"mean_test_{name}"][index]),
        requirement_met=bool(met),
        guarantee=guarantee_,
        cv_results=results,
        table=table,
    )


# --- a search's cv_results_ ------------------------------------------------------


def _available_metrics(cv_results):
    return sorted(
        key[len("mean_test_") :] for key in cv_results if key.startswith("mean_test_")
    )


def _cv_column(cv_results, key, what):
    """``cv_results[key]`` as floats, masked (failed) candidates as NaN.

    A missing key is a ``ValueError`` naming ``what`` needed it and the metrics
    the search has.
    """
    if key not in cv_results:
        raise ValueError(
            f"{what} is not in cv_results (no key {key!r}); available metrics: "
            f"{_available_metrics(cv_results)}. Use the names of the search's "
            "`scoring` dict, e.g. scoring=tradeoff_scoring()."
        )
    return np.asarray(np.ma.filled(cv_results[key], np.nan), dtype=float)


def detected_repeats(cv_results):
    """The number of repeats of one partition the search's ``cv`` made, read
    from the ``row_fingerprint`` that ``tradeoff_scoring(counts=True)``
    records, or None without it.

    Each split's fingerprint is the smallest hash of its test rows; the row of
    the overall smallest hash is in exactly one test fold of each repeat.  The
    count is the largest divisor ``r`` of the number of splits such that each
    of the ``r`` blocks of consecutive splits holds that minimum: exact for
    distinct rows; duplicated rows can only raise it (a conservative bound).
    """
    folds = _split_columns(cv_results, "row_fingerprint")
    if folds is None:
        return None
    # Every candidate saw the same splits; a failed fit recorded NaN.
    measured = folds[np.isfinite(folds).all(axis=1)]
    if not measured.size:
        return None
    hit = measured[0] == measured[0].min()
    n_splits = hit.size
    for r in range(n_splits, 0, -1):
        if n_splits % r == 0 and hit.reshape(r, -1).any(axis=1).all():
            return r
    return 1


def _checked_repeats(cv_results, n_repeats):
    """The repeats to count by: ``n_repeats``, else the detected ones (else 1);
    warns when the fingerprints show more repeats than used or given."""
    detected = detected_repeats(cv_results)
    if n_repeats is None:
        if detected is not None and detected > 1:
            _warn(
                "constrained_refit(confidence=...) inferred n_repeats="
                f"{detected} from the test folds' row fingerprints: the cv "
                f"repeats one partition {detected} times, and each positive is "
                "counted once per repeat. Pass n_repeats to say so.",
                SkImbalanceWarning,
            )
        return 1 if detected is None else detected
    if detected is not None and detected > n_repeats:
        _warn(
            f"constrained_refit(confidence=...) was given n_repeats={n_repeats}, "
            "but the test folds' row fingerprints show "
            f"{detected} repeats of one partition: unless rows are duplicated, "
            f"each positive counts {detected // n_repeats} times (an "
            f"overconfident bound). Pass n_repeats={detected}, or None to "
            "infer it.",
            SkImbalanceWarning,
        )
    return n_repeats


def table_from_results(cv_results, n_repeats=1):
    """The :class:`CountTable` of the counts a search recorded, or None.

    Needs the fold rates and the fold class sizes that
    ``scoring=tradeoff_scoring(counts=True)`` records
    (``split<k>_test_sensitivity``, ``..._specificity``,
    ``..._n_positives``, ``..._n_negatives``).  Consecutive splits form
    ``n_repeats`` repeats.
    """
    columns = {
        name: _split_columns(cv_results, name) for name in (*RATES, *SIZE_KEYS.values())
    }
    if any(value is None for value in columns.values()):
        return None
    n_splits = columns["sensitivity"].shape[1]
    if n_splits % n_repeats:
        raise ValueError(
            f"n_repeats={n_repeats} does not divide the {n_splits} splits of "
            "the search; set it to the cv's number of repeats."
        )
    t = _t_values(cv_results)
    n_candidates = columns["sensitivity"].shape[0]
    return CountTable.from_rates(
        np.full(n_candidates, np.nan) if t is None else t,
        columns["sensitivity"],
        columns["specificity"],
        columns["n_positives"],
        columns["n_negatives"],
        repeats=np.repeat(np.arange(n_repeats), n_splits // n_repeats),
    )


def _failed_all(cv_results):
    """Whether every candidate recorded a NaN class size (all fits failed)."""
    sizes = _split_columns(cv_results, SIZE_KEYS["sensitivity"])
    return bool(np.isnan(sizes).any(axis=1).all())


def _defined_means(cv_results, name):
    """Mean of a metric over the folds where it is defined: a search scored
    with ``zero_division=np.nan`` records NaN for a fold without the class."""
    mean = _cv_column(cv_results, f"mean_test_{name}", f"The metric {name!r}")
    folds = _split_columns(cv_results, name)
    if folds is None or not np.isnan(folds).any():
        return mean
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        defined = np.nanmean(folds, axis=1)
    failed = np.isnan(mean) & np.isnan(folds).all(axis=1)
    return np.where(failed, np.nan, defined)


def select_from_results(
    cv_results, maximize, minimums, confidence=None, n_repeats=1, prevalence=None
):
    """The rules on a search's ``cv_results_`` (``constrained_refit``).

    With the counts recorded by ``tradeoff_scoring(counts=True)``, the
    sensitivity, specificity and balanced accuracy are those of
    :func:`results_from_counts` on the recorded table (undefined folds left
    out, as everywhere); other metrics, and searches without counts, use the
    search's means.  With ``confidence``, the lower bounds are added to
    ``cv_results`` as ``lower_test_<rate>``.

    Minimums on "precision", "npv" and "predicted_negative_rate" that the
    search did not score are derived from the sensitivity and specificity at
    ``prevalence`` (default: the recorded counts' share of positives), on
    the means or, with ``confidence``, on their joint lower bounds.

    Returns
    -------
    index : int
    """
    if not isinstance(maximize, str):
        raise TypeError(f"maximize must be a metric name (str); got {maximize!r}.")
    _check_minimums(minimums)
    table = table_from_results(cv_results, n_repeats)
    if confidence is not None and table is None:
        missing = next(
            f"split0_test_{name}"
            for name in (*RATES, *SIZE_KEYS.values())
            if f"split0_test_{name}" not in cv_results
        )
        metric = next(iter(minimums), "sensitivity")
        raise ValueError(
            f"constrained_refit(confidence=...) needs the {metric} and the "
            f"number of {_UNITS[metric]} of every test fold, but cv_results "
            f"has no {missing!r}. Run the search with "
            "scoring=tradeoff_scoring(counts=True)."
        )
    from_table = {}
    if table is not None and _failed_all(cv_results):
        table = None  # nothing measured: every mean is NaN below
    if table is not None:
        # A fit that failed recorded NaN sizes: its candidate is NaN, as in
        # the search's own means, not a fold without the class.
        failed = np.zeros(table.ts.size, dtype=bool)
        for key in SIZE_KEYS.values():
            failed |= np.isnan(_split_columns(cv_results, key)).any(axis=1)
        with warnings.catch_warnings():
            # The search scored every fold; one warning, from the rule below.
            warnings.simplefilter("ignore", UndefinedFoldWarning)
            from_table = results_from_counts(table.take(~failed))
        sensitivity, specificity = table.take(~failed).rates()
        _warn_undefined_folds(sensitivity, specificity)

    def means(name, role):
        if name in METRICS and table is not None:
            mean = np.full(failed.size, np.nan)
            mean[~failed] = from_table[f"mean_test_{name}"]
            return mean
        if f"mean_test_{name}" not in cv_results:
            _cv_column(cv_results, f"mean_test_{name}", f"{role} metric {name!r}")
        return _defined_means(cv_results, name)

    score = means(maximize, "The maximized")
    # A scored precision has no counts to bound: under confidence the
    # derived bound stands in for it.
    derived = [
        m
        for m in minimums
        if m in _DERIVED
        and (confidence is not None or f"mean_test_{m}" not in cv_results)
    ]
    pi = prevalence
    if derived and pi is None:
        if table is None:
            raise ValueError(
                f"The minimums on {derived} are derived from sensitivity and "
                "specificity at a prevalence: pass prevalence=, or run the search "
                "with scoring=tradeoff_scoring(counts=True) for the data's."
            )
        pi = training_prevalence(table)
    constrained = {
        metric: (
            derived_values(
                metric,
                means("sensitivity", "The constrained"),
                means("specificity", "The constrained"),
                pi,
            )
            if metric in derived
            else means(metric, "The constrained")
        )
        for metric in minimums
    }
    t = _t_values(cv_results)
    t = np.full(score.size, np.nan) if t is None else t
    index, _, _ = _choose(
        score,
        None,
        t,
        constrained,
        maximize=maximize,
        minimums=minimums,
        table=table if confidence is not None else None,
        families=_families(cv_results, score.size),
        confidence=confidence,
        selection="best",
        guarantee_mode="cv",
        note="",
        results=cv_results,
        bounds_of=tuple(m for m in minimums if m in RATES),
        derived=(
            (lambda counts, level: derived_lower_bounds(counts, derived, pi, level))
            if derived
            else None
        ),
    )
    return index
