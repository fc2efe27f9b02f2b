"""The exact mode (``guarantee="exact"``): a threshold set on held-out rows.

A stratified half of the rows is held out; ``t`` is chosen and the model fitted
on the other half, and the decision threshold is set on the held-out scores by
the Neyman-Pearson "umbrella" order statistic (:func:`_umbrella_threshold`), a
finite-sample theorem for any model and any score distribution.
"""

import numpy as np
from scipy.stats import binom
from sklearn.frozen import FrozenEstimator
from sklearn.model_selection import FixedThresholdClassifier, StratifiedShuffleSplit

from sk_imbalance.model_selection._confidence import _needed
from sk_imbalance.model_selection._paths import _positive_scores
from sk_imbalance.model_selection._selection import (
    _exact_shortfall,
    _objective_values,
    _warn_exact_unmet,
)
from sk_imbalance.utils._labels import _py
from sk_imbalance.utils._stats import _TOL

# Share of the rows held out (stratified): as many positives for the theorem as
# for the fit.
HOLDOUT = 0.5

# The fit part keeps at least this many rows of each class that has them, so
# that its cross-validation trains every fold on both classes.
_MIN_FIT_ROWS = 2


def _holdout(is_pos, seed):
    """``(fit_rows, held_out_rows)``: a stratified split, ``HOLDOUT`` held out.

    A class with fewer than ``2 * _MIN_FIT_ROWS`` rows gives the fit part its
    ``_MIN_FIT_ROWS`` first: with too few held-out rows the requirement is then
    reported unmet (with the number it needs), never an estimator error.
    """
    splitter = StratifiedShuffleSplit(n_splits=1, test_size=HOLDOUT, random_state=seed)
    fit_rows, cal_rows = next(splitter.split(np.zeros((is_pos.size, 1)), is_pos))
    for side in (is_pos, ~is_pos):
        short = _MIN_FIT_ROWS - np.count_nonzero(side[fit_rows])
        if short > 0:
            back = cal_rows[side[cal_rows]][:short]
            fit_rows = np.concatenate([fit_rows, back])
            cal_rows = np.setdiff1d(cal_rows, back)
    return np.sort(fit_rows), np.sort(cal_rows)


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
    scores, _ = _positive_scores(model, X_cal, pos_value)
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
            parts.append(_exact_shortfall(metric, guarantee[metric], confidence))
    if met and lower > upper:
        met = False
        parts.append(_exact_shortfall(None, None, confidence))
    if met:
        candidates = np.unique(np.concatenate([scores, [lower, upper]]))
        candidates = candidates[
            (candidates >= lower) & (candidates <= upper) & np.isfinite(candidates)
        ]
        sens = (pos_scores[:, None] >= candidates).mean(axis=0)
        spec = (neg_scores[:, None] < candidates).mean(axis=0)
        value = _objective_values(objective, sens, spec)
        # Ties: the strictest threshold (fewest false alarms).
        best = np.flatnonzero(value >= value.max() - _TOL)[-1]
        threshold = float(candidates[best])
    else:
        threshold = float(upper if "sensitivity" in minimums else lower)
        _warn_exact_unmet(confidence, parts)
    guarantee["threshold"] = threshold
    estimator = FixedThresholdClassifier(
        FrozenEstimator(model),
        threshold=threshold,
        pos_label=_py(pos_value),
        response_method=response,
    ).fit(X_fit, y_fit)
    return estimator, met, guarantee
