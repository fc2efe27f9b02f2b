"""Confidence intervals for sensitivity and specificity.

A rate measured on 19 positives is a rough number: 18 caught out of 19 reads as
0.947, and the data are just as compatible with a true sensitivity of 0.80.  The
intervals here say how rough, from the same counting core as the scores
(:func:`~sk_imbalance.metrics._classification._confusion_counts`), so a rate and
its interval always describe the same samples.

:func:`_proportion_interval` is the vectorised formula shared with the
confidence rule of :mod:`sk_imbalance.model_selection`.
"""

import warnings
from numbers import Real

import numpy as np
from scipy.special import ndtri
from scipy.stats import beta
from sklearn.exceptions import UndefinedMetricWarning

from sk_imbalance._compat import Interval, StrOptions, validate_params
from sk_imbalance.metrics._classification import _confusion_counts, _equal_mask
from sk_imbalance.utils._labels import _py
from sk_imbalance.utils._stats import _effective_size
from sk_imbalance.utils._validation import LABEL_CONSTRAINT, _check_metric_inputs

__all__ = ["sensitivity_interval", "specificity_interval"]

_METHODS = ("wilson", "clopper-pearson", "jeffreys")
_ALTERNATIVES = ("two-sided", "greater", "less")


def _proportion_interval(k, n, confidence, method="wilson", alternative="two-sided"):
    """``(low, high)`` for a binomial proportion with ``k`` successes in ``n`` trials.

    Vectorised over ``k`` and ``n`` (arrays of the same shape or scalars);
    ``k`` and ``n`` may be non-integer (effective counts).  ``n == 0`` gives
    NaN.  "two-sided" puts ``(1 - confidence) / 2`` in each tail; "greater"
    is a one-sided lower bound (``high == 1``); "less" a one-sided upper bound
    (``low == 0``).
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    k, n = np.broadcast_arrays(k, n)
    empty = ~(n > 0)
    n_safe = np.where(empty, 1.0, n)
    # Effective counts carry float rounding: a rate of 1 must stay exactly 1.
    k_safe = np.clip(np.where(empty, 0.0, k), 0.0, n_safe)
    tail = 1 - confidence if alternative != "two-sided" else (1 - confidence) / 2
    none_hit = k_safe <= 0
    all_hit = k_safe >= n_safe
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "wilson":
            # Wilson's score interval (Newcombe 1998), as scipy's binomtest.
            z = ndtri(1 - tail)
            p = k_safe / n_safe
            denom = 2 * (n_safe + z**2)
            center = (2 * n_safe * p + z**2) / denom
            delta = z / denom * np.sqrt(4 * n_safe * p * (1 - p) + z**2)
            low, high = center - delta, center + delta
        else:
            a, b = (k_safe, n_safe - k_safe + 1), (k_safe + 1, n_safe - k_safe)
            if method == "jeffreys":
                a = b = (k_safe + 0.5, n_safe - k_safe + 0.5)
            low = beta.ppf(tail, a[0], a[1])
            high = beta.ppf(1 - tail, b[0], b[1])
    # At k = 0 (k = n) the lower (upper) limit is 0 (1): the usual boundary
    # rule of all three intervals, never less coverage than the formula.
    low = np.where(none_hit, 0.0, low)
    high = np.where(all_hit, 1.0, high)
    if alternative == "greater":
        high = np.ones_like(high)
    elif alternative == "less":
        low = np.zeros_like(low)
    low = np.where(empty, np.nan, np.clip(low, 0.0, 1.0))
    high = np.where(empty, np.nan, np.clip(high, 0.0, 1.0))
    return low, high


def _effective_counts(hits, total, total_squared):
    """Kish's effective sample size: ``(k * n_eff / n, n_eff)`` with
    ``n_eff = total**2 / total_squared`` (the weighted rate is kept)."""
    hits = np.asarray(hits, dtype=float)
    total = np.asarray(total, dtype=float)
    n_eff = _effective_size(total, total_squared)
    with np.errstate(divide="ignore", invalid="ignore"):
        k_eff = np.where(total > 0, hits / total * n_eff, 0.0)
    return k_eff, n_eff


def _proportion_counts(hits, total, sample_weight, rows):
    """``(k, n)`` of the proportion ``hits / total`` taken over ``rows``: the
    counts without weights, else Kish's effective counts of the rows' weights,
    scaled by their largest weight so that the squares cannot overflow or
    underflow, whatever the weights' unit."""
    if sample_weight is None:
        return hits, total
    w = sample_weight[rows]
    w = w / w.max()
    return _effective_counts(hits / total * w.sum(), w.sum(), (w**2).sum())


def _interval(y_true, y_pred, pos_label, sample_weight, confidence, method, alt, which):
    y_true, y_pred, sample_weight = _check_metric_inputs(y_true, y_pred, sample_weight)
    counts = _confusion_counts(
        y_true, y_pred, sample_weight=sample_weight, pos_label=pos_label
    )
    if which == "sensitivity":
        hits, total = counts.tp[0], counts.support[0]
    else:
        hits, total = counts.tn[0], counts.negatives[0]
    if total == 0:
        whose = "of" if which == "sensitivity" else "other than"
        warnings.warn(
            f"The {which} interval is undefined: y_true has no samples {whose} "
            f"pos_label={_py(pos_label)!r}; it is set to (nan, nan). This happens "
            "when a cross-validation fold misses a class.",
            UndefinedMetricWarning,
            stacklevel=3,
        )
        return float("nan"), float("nan")
    in_class = _equal_mask(y_true, pos_label)
    if which == "specificity":
        in_class = ~in_class
    k, n = _proportion_counts(hits, total, sample_weight, in_class)
    low, high = _proportion_interval(k, n, confidence, method, alt)
    return float(low), float(high)


_PARAMS = {
    "y_true": ["array-like"],
    "y_pred": ["array-like"],
    "pos_label": LABEL_CONSTRAINT,
    "sample_weight": ["array-like", None],
    "confidence": [Interval(Real, 0, 1, closed="neither")],
    "method": [StrOptions(set(_METHODS))],
    "alternative": [StrOptions(set(_ALTERNATIVES))],
}


@validate_params(_PARAMS, prefer_skip_nested_validation=True)
def sensitivity_interval(
    y_true,
    y_pred,
    *,
    pos_label=1,
    sample_weight=None,
    confidence=0.95,
    method="wilson",
    alternative="two-sided",
):
    """Confidence interval for the sensitivity P(predict positive | positive).

    The sensitivity measured on ``n`` positives of which ``k`` were caught is
    an estimate; this is the range of true sensitivities compatible with it,
    treating the positives as ``n`` independent draws (a binomial count).  On
    multi-class data the positives are the samples of ``pos_label`` (one-vs-
    rest, as :func:`sensitivity_score`), so this is also the interval for the
    per-class accuracy of ``pos_label``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    pos_label : int, float, bool or str, default=1
        The positive class.  The same rules as in :func:`sensitivity_score`.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.  The rate is the weighted rate; its precision is that
        of Kish's effective number of positives ``(sum w)**2 / sum(w**2)``
        (sums over the positives), so multiplying every weight by 1000 does
        not narrow the interval, and unequal weights widen it.
    confidence : float in (0, 1), default=0.95
        The confidence level.
    method : {"wilson", "clopper-pearson", "jeffreys"}, default="wilson"
        "wilson": Wilson's score interval, close to nominal coverage on
        average, good for reporting.  "clopper-pearson": the exact interval,
        whose coverage is never below ``confidence`` (conservative; use it
        for a guarantee).  "jeffreys": the Bayesian interval from the
        Jeffreys prior Beta(1/2, 1/2), close to nominal on average.
    alternative : {"two-sided", "greater", "less"}, default="two-sided"
        "two-sided": ``(1 - confidence) / 2`` in each tail.  "greater": a
        one-sided lower bound ("sensitivity >= low with this confidence"),
        ``high == 1``.  "less": a one-sided upper bound, ``low == 0``.

    Returns
    -------
    low, high : float
        The interval; ``(nan, nan)`` and an ``UndefinedMetricWarning`` when
        ``y_true`` has no positive samples.

    See Also
    --------
    sensitivity_score : The point estimate.
    specificity_interval : The same for the true negative rate.
    scipy.stats.binomtest : Its ``proportion_ci`` gives the same Wilson and
        Clopper-Pearson ("exact") intervals on unweighted counts.

    Notes
    -----
    Without weights, "wilson" and "clopper-pearson" equal
    ``scipy.stats.binomtest(k, n).proportion_ci(confidence, method)`` (the
    latter is scipy's "exact"), and "jeffreys" is the ``tail`` and
    ``1 - tail`` quantiles of Beta(k + 1/2, n - k + 1/2).  All three use the
    boundary rule ``low = 0`` when ``k = 0`` and ``high = 1`` when ``k = n``.

    The binomial model assumes the positives are independent draws from the
    population the model will meet, and the predictions come from a model
    that did not see them (a test set, or out-of-fold predictions).  An
    interval computed on the training data is meaningless.

    Examples
    --------
    >>> from sk_imbalance.metrics import sensitivity_interval
    >>> y_true = [1] * 20 + [0] * 80
    >>> y_pred = [1] * 19 + [0] * 81  # 19 of the 20 positives caught
    >>> low, high = sensitivity_interval(y_true, y_pred)
    >>> round(low, 3), round(high, 3)
    (0.764, 0.991)

    A one-sided, exact bound: "sensitivity >= 0.784 with 95% confidence".

    >>> low, high = sensitivity_interval(
    ...     y_true, y_pred, method="clopper-pearson", alternative="greater"
    ... )
    >>> round(low, 3), high
    (0.784, 1.0)
    """
    return _interval(
        y_true,
        y_pred,
        pos_label,
        sample_weight,
        confidence,
        method,
        alternative,
        "sensitivity",
    )


@validate_params(_PARAMS, prefer_skip_nested_validation=True)
def specificity_interval(
    y_true,
    y_pred,
    *,
    pos_label=1,
    sample_weight=None,
    confidence=0.95,
    method="wilson",
    alternative="two-sided",
):
    """Confidence interval for the specificity P(predict negative | negative).

    The negatives are all samples not of class ``pos_label`` (one-vs-rest on
    multi-class data, as :func:`specificity_score`); the count of those not
    predicted as ``pos_label`` is treated as binomial.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    pos_label : int, float, bool or str, default=1
        The positive class; everything else is negative.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights; precision from Kish's effective number of negatives
        ``(sum w)**2 / sum(w**2)``, independent of the weights' scale.
    confidence : float in (0, 1), default=0.95
        The confidence level.
    method : {"wilson", "clopper-pearson", "jeffreys"}, default="wilson"
        See :func:`sensitivity_interval`.
    alternative : {"two-sided", "greater", "less"}, default="two-sided"
        See :func:`sensitivity_interval`; "greater" gives a lower bound.

    Returns
    -------
    low, high : float
        The interval; ``(nan, nan)`` and an ``UndefinedMetricWarning`` when
        ``y_true`` has no negative samples.

    See Also
    --------
    specificity_score : The point estimate.
    sensitivity_interval : The same for the true positive rate (with Notes).
    scipy.stats.binomtest : The Wilson and exact intervals of a count.

    Examples
    --------
    >>> from sk_imbalance.metrics import specificity_interval
    >>> y_true = [0] * 200 + [1] * 10
    >>> y_pred = [0] * 190 + [1] * 20  # 10 false alarms among 200 negatives
    >>> low, high = specificity_interval(y_true, y_pred, method="clopper-pearson")
    >>> round(low, 3), round(high, 3)
    (0.91, 0.976)
    """
    return _interval(
        y_true,
        y_pred,
        pos_label,
        sample_weight,
        confidence,
        method,
        alternative,
        "specificity",
    )
