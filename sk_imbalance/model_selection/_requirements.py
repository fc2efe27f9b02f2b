"""Requirements stated where the model is used: precision, NPV, an alert budget.

Precision and the negative predictive value (NPV) depend on the prevalence ``pi``
of the population the model meets, not only on the model.  From its sensitivity
``se`` and specificity ``sp`` (Bayes' rule):

    precision(pi)  = pi se / (pi se + (1 - pi)(1 - sp))
    npv(pi)        = (1 - pi) sp / ((1 - pi) sp + pi (1 - se))
    alert_rate(pi) = pi se + (1 - pi)(1 - sp)

Precision and NPV increase in both ``se`` and ``sp`` (for ``0 < pi < 1``), and
the alert rate increases in ``se`` and decreases in ``sp``.  So if
``se >= se_low`` and ``sp >= sp_low`` hold jointly, then ``precision(pi) >=
precision(pi; se_low, sp_low)`` and the same for NPV, and if ``se <= se_high``
and ``sp >= sp_low`` hold jointly, then ``alert_rate(pi) <= alert_rate(pi;
se_high, sp_low)``.  A bound on a predictive value is therefore a pair of bounds
on the two rates, at any prevalence, which is why one cross-validation serves
every deployment prevalence.

Joint confidence.  The positives and the negatives are disjoint sets of rows:
drawn independently (given the class sizes), the count of positives caught and
the count of negatives cleared are independent, so two one-sided bounds at level
``sqrt(c)`` each hold jointly with probability at least ``sqrt(c)**2 = c``
(Sidak's equality for independent tests; slightly less conservative than
Bonferroni's ``1 - (1 - c)/2`` each).  The simulation in the tests shows the
coverage.

Every function here is pure: pooled counts in, bounds out.
"""

import numpy as np

from sk_imbalance.metrics._interval import _proportion_interval

__all__ = [
    "alert_rate_at",
    "alert_rate_upper_bound",
    "joint_level",
    "npv_at",
    "npv_lower_bound",
    "pooled_class_counts",
    "precision_at",
    "precision_lower_bound",
    "training_prevalence",
]


def precision_at(sensitivity, specificity, prevalence):
    """Precision at ``prevalence`` of a model with these rates (NaN if it
    predicts nothing positive)."""
    se, sp, pi = np.broadcast_arrays(
        *(np.asarray(a, dtype=float) for a in (sensitivity, specificity, prevalence))
    )
    flagged = pi * se + (1 - pi) * (1 - sp)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(flagged > 0, pi * se / flagged, np.nan)


def npv_at(sensitivity, specificity, prevalence):
    """Negative predictive value at ``prevalence`` (NaN if nothing is predicted
    negative)."""
    se, sp, pi = np.broadcast_arrays(
        *(np.asarray(a, dtype=float) for a in (sensitivity, specificity, prevalence))
    )
    cleared = (1 - pi) * sp + pi * (1 - se)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(cleared > 0, (1 - pi) * sp / cleared, np.nan)


def alert_rate_at(sensitivity, specificity, prevalence):
    """Share of rows predicted positive at ``prevalence``."""
    se, sp, pi = (
        np.asarray(a, dtype=float) for a in (sensitivity, specificity, prevalence)
    )
    return pi * se + (1 - pi) * (1 - sp)


def joint_level(confidence, n_bounds=2):
    """Level of each of ``n_bounds`` independent one-sided bounds that hold
    jointly with probability ``confidence`` (Sidak: ``confidence**(1/n)``)."""
    return float(confidence) ** (1.0 / n_bounds)


def _effective(total, squares):
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, total**2 / np.where(squares > 0, squares, 1), 0.0)


def pooled_class_counts(table):
    """``{"sensitivity": (k, n), "specificity": (k, n)}`` per row of ``table``.

    Per repeat, the splits' cells are summed (every row is out of fold once per
    repeat), the rate is the weighted rate and the size Kish's effective size
    ``(sum w)**2 / sum(w**2)``.  Repeats are averaged, not added: ``k / n`` is
    the mean rate over the repeats and ``n`` the smallest repeat's size.
    """
    out = {}
    for metric, (hit, miss) in (("sensitivity", (0, 1)), ("specificity", (2, 3))):
        rates, sizes = [], []
        for repeat in np.unique(table.repeats):
            group = table.repeats == repeat
            w = table.weighted[:, group].sum(axis=1)
            sq = table.squares[:, group].sum(axis=1)
            total = w[:, hit] + w[:, miss]
            with np.errstate(invalid="ignore", divide="ignore"):
                rates.append(np.where(total > 0, w[:, hit] / total, np.nan))
            sizes.append(_effective(total, sq[:, hit] + sq[:, miss]))
        rates, sizes = np.array(rates), np.array(sizes)
        valid = sizes > 0
        with np.errstate(invalid="ignore", divide="ignore"):
            rate = np.where(valid, rates, 0).sum(axis=0) / valid.sum(axis=0)
        n = np.where(valid, sizes, np.inf).min(axis=0)
        n = np.where(np.isfinite(n), n, 0.0)
        out[metric] = (np.where(n > 0, rate * n, 0.0), n)
    return out


def training_prevalence(table):
    """Weighted share of positives among the test rows of the first repeat."""
    group = table.repeats == table.repeats[0]
    cells = table.weighted[0, group].sum(axis=0)
    return float((cells[0] + cells[1]) / cells.sum())


def _bound(counts, level, alternative):
    k, n = counts
    low, high = _proportion_interval(k, n, level, "clopper-pearson", alternative)
    return low if alternative == "greater" else high


def precision_lower_bound(counts, prevalence, confidence):
    """Lower confidence bound of the precision at ``prevalence``.

    Parameters
    ----------
    counts : dict {"sensitivity": (k, n), "specificity": (k, n)}
        Pooled counts (:func:`pooled_class_counts`).
    prevalence : float in (0, 1)
        Deployment prevalence.
    confidence : float in (0, 1)
        Probability that the bound holds (both rate bounds jointly).

    Returns
    -------
    ndarray of shape (n_ts,)
        NaN where a class has no rows.
    """
    level = joint_level(confidence)
    se = _bound(counts["sensitivity"], level, "greater")
    sp = _bound(counts["specificity"], level, "greater")
    return precision_at(se, sp, prevalence)


def npv_lower_bound(counts, prevalence, confidence):
    """Lower confidence bound of the NPV at ``prevalence`` (see
    :func:`precision_lower_bound`)."""
    level = joint_level(confidence)
    se = _bound(counts["sensitivity"], level, "greater")
    sp = _bound(counts["specificity"], level, "greater")
    return npv_at(se, sp, prevalence)


def alert_rate_upper_bound(counts, prevalence, confidence):
    """Upper confidence bound of the alert rate at ``prevalence``: the upper
    bound of sensitivity with the lower bound of specificity, jointly."""
    level = joint_level(confidence)
    se = _bound(counts["sensitivity"], level, "less")
    sp = _bound(counts["specificity"], level, "greater")
    return alert_rate_at(se, sp, prevalence)


# --- the requirements as the selection rules test them --------------------------
#
# Every requirement is tested as "a quantity >= a minimum": an alert budget
# ``alert_rate <= a`` as ``predicted_negative_rate >= 1 - a``.

#: The requirement keys derived from both rates, and whether each grows with t
#: (the order of fixed-sequence testing: the side where it holds first).
INCREASING = {"precision": False, "npv": True, "predicted_negative_rate": False}


def derived_values(metric, sensitivity, specificity, prevalence):
    """A derived quantity from the two rates at ``prevalence`` (any shapes)."""
    if metric == "precision":
        return precision_at(sensitivity, specificity, prevalence)
    if metric == "npv":
        return npv_at(sensitivity, specificity, prevalence)
    return 1 - alert_rate_at(sensitivity, specificity, prevalence)


def derived_lower_bounds(counts, metrics, prevalence, level):
    """``{metric: lower bound}`` of each derived quantity, every bound holding
    with probability ``level`` (its two rate bounds jointly)."""
    out = {}
    for metric in metrics:
        if metric == "precision":
            out[metric] = precision_lower_bound(counts, prevalence, level)
        elif metric == "npv":
            out[metric] = npv_lower_bound(counts, prevalence, level)
        else:
            out[metric] = 1 - alert_rate_upper_bound(counts, prevalence, level)
    return out


def expected_cost_at(sensitivity, specificity, prevalence, costs):
    """Expected cost per row at ``prevalence`` of fixed ``costs`` (a dict with
    "false_positive" and "false_negative")."""
    return prevalence * costs["false_negative"] * (1 - np.asarray(sensitivity)) + (
        1 - prevalence
    ) * costs["false_positive"] * (1 - np.asarray(specificity))
