"""Constrained selection of a candidate in ``cv_results``: the one selection rule.

``constrained_refit`` (for ``GridSearchCV(refit=...)``) and ``TradeoffClassifierCV``
both call :func:`_constrained_best_index`, so "best specificity among the candidates
with sensitivity >= 0.95" means the same thing everywhere.
"""

import math
import warnings
from numbers import Integral, Real

import numpy as np

__all__ = ["constrained_refit"]

# Means of fold scores carry float rounding (the mean of three 0.95 is not always
# 0.95), so a mean this close below a minimum still reaches it, and two means this
# close are a tie.
_TOL = 1e-10


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


def _means(cv_results, metric, role):
    return _cv_column(cv_results, f"mean_test_{metric}", f"{role} metric {metric!r}")


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


def _t_values(cv_results):
    """The ``t`` of each candidate (NaN where unknown), or None without a t column.

    Reads ``param_t``, else the one ``param_<step>__t`` of a Pipeline or nested
    meta-estimator.
    """
    if "param_t" in cv_results:
        key = "param_t"
    else:
        keys = [k for k in cv_results if k.startswith("param_") and k.endswith("__t")]
        if len(keys) != 1:
            return None
        key = keys[0]
    column = cv_results[key]
    mask = np.ma.getmaskarray(column)
    values = np.full(len(mask), np.nan)
    for i, (value, missing) in enumerate(zip(np.ma.getdata(column), mask)):
        if not missing and isinstance(value, Real) and not isinstance(value, bool):
            values[i] = float(value)
    return values


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


def _constrained_best_index(cv_results, maximize, minimums):
    """Index of the best candidate under minimums on other metrics.

    Parameters
    ----------
    cv_results : dict
        ``cv_results_`` of a search (scikit-learn's keys: ``mean_test_<metric>``
        and optionally ``param_t``).
    maximize : str
        Metric whose mean to maximise.
    minimums : dict {str: float in [0, 1]}
        Minimum mean for each constrained metric.

    Returns
    -------
    index : int
        Feasible candidates are those whose mean of every constrained metric
        reaches its minimum (within 1e-10 for float rounding).  Among them, the
        best mean ``maximize``; ties (within 1e-10) go to the ``t`` closest to 0.5
        (read from ``param_t``, or the one ``param_*__t`` key), then to the lowest
        index.  When no candidate is feasible, a ``UserWarning`` names the best
        mean reached for each constrained metric, and the candidate with the
        smallest total shortfall below the minimums is returned (ties: the better
        ``maximize``, then as above).  NaN means (failed fits) never reach a
        minimum and never win.
    """
    if not isinstance(maximize, str):
        raise TypeError(f"maximize must be a metric name (str); got {maximize!r}.")
    _check_minimums(minimums)
    score = _means(cv_results, maximize, "The maximized")
    constrained = {
        metric: _means(cv_results, metric, "The constrained") for metric in minimums
    }
    t = _t_values(cv_results)
    candidates = np.arange(score.size)
    if not minimums:
        return _best(candidates, score, t)

    shortfall = np.zeros(score.size)
    for metric, minimum in minimums.items():
        gap = np.maximum(minimum - constrained[metric], 0.0)
        shortfall += np.where(np.isnan(gap), np.inf, np.where(gap <= _TOL, 0.0, gap))
    feasible = np.flatnonzero(shortfall == 0)
    if feasible.size:
        return _best(feasible, score, t)

    least = shortfall.min()
    closest = (
        candidates if math.isinf(least) else np.flatnonzero(shortfall <= least + _TOL)
    )
    index = _best(closest, score, t)
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
    warnings.warn(
        f"No candidate reaches the minimums ({wanted}) on the mean CV scores; "
        f"the best means reached are {reached}. Falling back to the candidate "
        f"closest to the constraint (smallest total shortfall): index {index} "
        f"({chosen}, {maximize}={score[index]:.4g}).",
        UserWarning,
        stacklevel=3,
    )
    return index


class _ConstrainedRefit:
    """Picklable ``refit`` callable; see :func:`constrained_refit`."""

    def __init__(self, maximize, minimums, confidence=None, n_repeats=1):
        self.maximize = maximize
        self.minimums = minimums
        self.confidence = confidence
        self.n_repeats = n_repeats

    def __call__(self, cv_results):
        if self.confidence is None:
            return _constrained_best_index(cv_results, self.maximize, self.minimums)
        # Local import: the confidence rule builds on this module.
        from sk_imbalance.model_selection._guarantee import _refit_confident_index

        return _refit_confident_index(
            cv_results, self.maximize, self.minimums, self.confidence, self.n_repeats
        )[0]

    def __repr__(self):
        args = [repr(self.maximize)]
        args += [f"{metric}={minimum!r}" for metric, minimum in self.minimums.items()]
        if self.confidence is not None:
            args.append(f"confidence={self.confidence!r}")
            if self.n_repeats != 1:
                args.append(f"n_repeats={self.n_repeats!r}")
        return f"constrained_refit({', '.join(args)})"

    def __eq__(self, other):
        return (
            isinstance(other, _ConstrainedRefit)
            and self.maximize == other.maximize
            and self.minimums == other.minimums
            and self.confidence == other.confidence
            and self.n_repeats == other.n_repeats
        )

    __hash__ = None


def constrained_refit(maximize, *, confidence=None, n_repeats=1, **minimums):
    """Build a ``refit=`` callable: best ``maximize`` among candidates meeting minimums.

    For :class:`~sklearn.model_selection.GridSearchCV` and
    :class:`~sklearn.model_selection.RandomizedSearchCV` with multi-metric
    ``scoring`` (e.g. :func:`sk_imbalance.metrics.tradeoff_scoring`).  A
    requirement such as "catch at least 95% of positives, and among the models
    that do, raise as few false alarms as possible" is
    ``constrained_refit("specificity", sensitivity=0.95)``.  Tuning on one rate
    alone drifts to ``t -> 1`` (everything positive); the constraint is the
    remedy.

    The rule, applied to the mean test scores (``mean_test_<metric>``):

    1. Feasible candidates are those whose mean of every constrained metric is
       at least its minimum (up to 1e-10 of float rounding).
    2. Among them, the one with the best mean ``maximize``.  Ties (means within
       1e-10) go to the candidate whose ``t`` is closest to 0.5, the least
       extreme weighting (``t`` is read from ``param_t``, or from the single
       ``param_<step>__t`` of a Pipeline); equally close ``t`` values, or no
       ``t`` column, go to the lowest index.
    3. When no candidate is feasible, a ``UserWarning`` names the best mean
       reached for each constrained metric, and the fallback is the candidate
       closest to the constraint: the smallest total shortfall
       ``sum(max(minimum - mean, 0))``; ties go to the better ``maximize``,
       then as in 2.

    Candidates with NaN means (failed fits) are never feasible and never win.

    With ``confidence=c``, step 1 becomes a promise about fresh data: a
    candidate is feasible when the one-sided Clopper-Pearson lower bound of
    its rate, from the pooled out-of-fold counts, reaches the minimum, and the
    candidates of each path over ``t`` (the same other parameters) are tested
    in the order in which the rate increases, stopping at the first failure
    (fixed-sequence testing, so the number of ``t`` costs no confidence).
    Paths of different other parameters, and two minimums, share ``1 - c``
    equally (Bonferroni).  When nothing passes, a ``UserWarning`` names the
    number of positives the requirement needs and the strongest requirement
    the data support, and the fallback is the candidate with the highest
    lower bound.  The counts come from the fold rates and the fold sizes that
    ``scoring=tradeoff_scoring(counts=True)`` records; the rule, its
    guarantees and its approximations are those of
    :class:`~sk_imbalance.model_selection.TradeoffClassifierCV` (see its
    Notes).

    Parameters
    ----------
    maximize : str
        Name of the metric to maximise, a key of the search's ``scoring`` dict.
    confidence : float in (0, 1), default=None
        None: the mean rule above.  Else the probability with which the chosen
        candidate must meet the minimums on fresh data; minimums on
        "sensitivity" and "specificity" only, and the search must be scored
        with ``tradeoff_scoring(counts=True)`` (a ``ValueError`` names the
        missing columns otherwise).  A metric named "confidence" or
        "n_repeats" cannot be constrained.
    n_repeats : int, default=1
        With ``confidence``: how many repeats of one k-fold partition the
        search's ``cv`` made (``RepeatedStratifiedKFold``'s ``n_repeats``), so
        that each positive is counted once per repeat and the repeats are
        averaged, not added.  It must divide the number of splits.  Setting it
        lower than the truth counts positives several times (an overconfident
        bound); higher is conservative.
    **minimums : float in [0, 1]
        ``metric=minimum`` pairs, e.g. ``sensitivity=0.95``.  None means plain
        argmax of ``maximize`` with the tie rule above.

    Returns
    -------
    refit : callable
        ``refit(cv_results) -> int``, the index of the chosen candidate.  It
        raises ``ValueError`` naming the available metrics when a metric is not
        in ``cv_results``.  Picklable.

    Raises
    ------
    ValueError
        If a minimum is not a number in [0, 1].

    See Also
    --------
    sk_imbalance.model_selection.TradeoffClassifierCV : Chooses ``t`` with the
        same rule through ``min_sensitivity`` / ``min_specificity``.
    sk_imbalance.model_selection.tradeoff_curve : The cross-validated curve the
        choice is made on.
    sklearn.model_selection.GridSearchCV : Its ``refit`` accepts this callable.

    Examples
    --------
    >>> from sk_imbalance.model_selection import constrained_refit
    >>> cv_results = {
    ...     "param_t": [0.3, 0.5, 0.7, 0.9],
    ...     "mean_test_sensitivity": [0.80, 0.90, 0.96, 0.99],
    ...     "mean_test_specificity": [0.97, 0.93, 0.88, 0.70],
    ... }
    >>> refit = constrained_refit("specificity", sensitivity=0.95)
    >>> refit
    constrained_refit('specificity', sensitivity=0.95)
    >>> refit(cv_results)
    2

    In a search (``best_index_`` is the candidate chosen):

    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import GridSearchCV
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sk_imbalance import TradeoffClassifier
    >>> from sk_imbalance.datasets import load_screening
    >>> from sk_imbalance.metrics import tradeoff_scoring
    >>> X, y = load_screening(return_X_y=True)
    >>> scaled_logit = make_pipeline(StandardScaler(), LogisticRegression())
    >>> model = TradeoffClassifier(scaled_logit)
    >>> search = GridSearchCV(
    ...     model, {"t": [0.5, 0.7, 0.9]}, scoring=tradeoff_scoring(),
    ...     refit=constrained_refit("specificity", sensitivity=0.9),
    ... ).fit(X, y)
    >>> i = search.best_index_
    >>> bool(search.cv_results_["mean_test_sensitivity"][i] >= 0.9)
    True

    With a confidence: 0.8 with 90% confidence, on 4 repeats of 5 folds (the
    19 positives cannot support 0.9, see
    :class:`~sk_imbalance.model_selection.TradeoffClassifierCV`):

    >>> from sklearn.model_selection import RepeatedStratifiedKFold
    >>> cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=4, random_state=0)
    >>> search = GridSearchCV(
    ...     model, {"t": [0.5, 0.7, 0.9]}, cv=cv,
    ...     scoring=tradeoff_scoring(counts=True),
    ...     refit=constrained_refit(
    ...         "specificity", sensitivity=0.8, confidence=0.9, n_repeats=4
    ...     ),
    ... ).fit(X, y)
    >>> search.best_params_
    {'t': 0.5}
    """
    if not isinstance(maximize, str):
        raise TypeError(f"maximize must be a metric name (str); got {maximize!r}.")
    _check_minimums(minimums)
    if confidence is not None:
        if (
            isinstance(confidence, bool)
            or not isinstance(confidence, Real)
            or not 0 < confidence < 1
        ):
            raise ValueError(
                "confidence must be a number in (0, 1) or None; got "
                f"confidence={confidence!r}."
            )
        unsupported = sorted(set(minimums) - {"sensitivity", "specificity"})
        if unsupported:
            raise ValueError(
                "confidence bounds rates measured as counts: minimums on "
                "'sensitivity' and 'specificity' only (the keys of "
                f"tradeoff_scoring()); got minimums on {unsupported}."
            )
    if (
        isinstance(n_repeats, bool)
        or not isinstance(n_repeats, Integral)
        or n_repeats < 1
    ):
        raise ValueError(
            f"n_repeats must be a positive integer; got n_repeats={n_repeats!r}."
        )
    return _ConstrainedRefit(maximize, dict(minimums), confidence, int(n_repeats))
