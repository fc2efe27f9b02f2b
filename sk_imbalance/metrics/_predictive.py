"""What a prediction is worth where it is used: NPV, alert rate, expected cost.

Sensitivity and specificity describe a model by class; the people who act on
its output ask other questions: how often is a negative result right (negative
predictive value), what share of the rows raises an alert (alert rate), and
what do the mistakes cost (expected cost, with per-row costs such as the
amount at stake).  Each metric here reads its cells from the one counting core
(:func:`~sk_imbalance.metrics._classification._confusion_counts`), as the
rates do, and the proportions come with intervals from the same binomial
formula as :func:`~sk_imbalance.metrics.sensitivity_interval`.
"""

import warnings
from numbers import Real

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import make_scorer

from sk_imbalance._compat import Interval, validate_params
from sk_imbalance.metrics._classification import (
    _confusion_counts,
    _equal_mask,
    _rate,
)
from sk_imbalance.metrics._interval import (
    _PARAMS,
    _proportion_counts,
    _proportion_interval,
)
from sk_imbalance.metrics._scorer import _PositiveClassScorer
from sk_imbalance.utils._labels import _py
from sk_imbalance.utils._validation import (
    LABEL_CONSTRAINT,
    ZERO_DIVISION_CONSTRAINT,
    _check_metric_inputs,
    _check_sample_weight,
)

__all__ = [
    "alert_rate_interval",
    "alert_rate_score",
    "expected_cost",
    "make_alert_rate_scorer",
    "make_expected_cost_scorer",
    "make_npv_scorer",
    "npv_interval",
    "npv_score",
    "npv_scorer",
    "precision_interval",
]


def _cells(y_true, y_pred, pos_label, sample_weight):
    """``(tp, fn, tn, fp)`` of ``pos_label`` from the counting core.

    The core sums ``tp``, ``tn`` and the class totals cell by cell; ``fn`` and
    ``fp`` are the class total minus its right cell, exactly zero when the
    cell holds no weight (``(a + 0) - a == 0`` in floating point), so
    ``zero_division`` triggers exactly when it should.
    """
    counts = _confusion_counts(
        y_true, y_pred, sample_weight=sample_weight, pos_label=pos_label
    )
    tp, tn = float(counts.tp[0]), float(counts.tn[0])
    return tp, float(counts.support[0]) - tp, tn, float(counts.negatives[0]) - tn


@validate_params(
    {
        "y_true": ["array-like"],
        "y_pred": ["array-like"],
        "pos_label": LABEL_CONSTRAINT,
        "sample_weight": ["array-like", None],
        "zero_division": ZERO_DIVISION_CONSTRAINT,
    },
    prefer_skip_nested_validation=True,
)
def npv_score(y_true, y_pred, *, pos_label=1, sample_weight=None, zero_division="warn"):
    """Negative predictive value P(negative | predicted negative).

    ``TN / (TN + FN)``: the share of the rows predicted negative (any class
    other than ``pos_label``) that are truly negative.  On binary data it is
    the precision of the negative class.  Unlike sensitivity and specificity
    it depends on the prevalence of the data it is measured on.

    Read more in the :ref:`User Guide <requirements>`.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    pos_label : int, float, bool or str, default=1
        The positive class; everything else is negative.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights: a sample of weight 2 counts as two samples.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The value when no sample is predicted negative; "warn" means 0.0 and
        an ``UndefinedMetricWarning``.

    Returns
    -------
    float
        On binary data, equal to ``sklearn.metrics.precision_score`` with
        ``pos_label`` set to the negative class.

    See Also
    --------
    sklearn.metrics.precision_score : The positive predictive value.
    npv_interval : How precise the measured value is.

    Examples
    --------
    >>> from sk_imbalance.metrics import npv_score
    >>> npv_score([0, 0, 0, 1, 1], [0, 1, 0, 1, 0])
    0.666...
    """
    _tp, fn, tn, _fp = _cells(y_true, y_pred, pos_label, sample_weight)
    what = (
        "The negative predictive value is ill-defined: no sample is predicted "
        f"other than pos_label={_py(pos_label)!r}"
    )
    return float(_rate(tn, tn + fn, zero_division, what))


@validate_params(
    {
        "y_true": ["array-like"],
        "y_pred": ["array-like"],
        "pos_label": LABEL_CONSTRAINT,
        "sample_weight": ["array-like", None],
    },
    prefer_skip_nested_validation=True,
)
def alert_rate_score(y_true, y_pred, *, pos_label=1, sample_weight=None):
    """Alert rate: the share of the samples predicted as ``pos_label``.

    ``(TP + FP) / n``, the workload a model creates when every positive
    prediction is an alert to handle.  It does not depend on ``y_true``'s
    values beyond its length, but ``y_true`` is taken (and checked) so that
    the metric fits the ``metric(y_true, y_pred)`` convention of scorers.

    Read more in the :ref:`User Guide <requirements>`.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    pos_label : int, float, bool or str, default=1
        The class whose predictions are alerts.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights: a sample of weight 2 counts as two samples.

    Returns
    -------
    float
        In [0, 1]; equal to ``numpy.average(y_pred == pos_label,
        weights=sample_weight)``.

    See Also
    --------
    alert_rate_interval : How precise the measured value is.

    Examples
    --------
    >>> from sk_imbalance.metrics import alert_rate_score
    >>> alert_rate_score([0, 0, 0, 1, 1], [0, 1, 0, 1, 0])
    0.4
    """
    tp, fn, tn, fp = _cells(y_true, y_pred, pos_label, sample_weight)
    return float((tp + fp) / (tp + fn + tn + fp))


def _check_cost(cost, n_samples, name):
    """A scalar cost as a float, an array of per-row costs checked as weights
    (1-D, length n, finite, >= 0) but allowed to sum to zero."""
    if isinstance(cost, Real) and not isinstance(cost, bool):
        return float(cost)
    values = np.asarray(cost, dtype=object)
    if values.ndim == 1 and values.shape[0] == n_samples:
        try:
            array = np.asarray(cost, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{name} must be an array of numbers: {exc}") from exc
        if np.isfinite(array).all() and (array >= 0).all() and array.sum() == 0:
            return 0.0
    return _check_sample_weight(cost, n_samples, name=name)


def _cost_cell(y_true, y_pred, pos_label, weight, cost, cell):
    """Summed ``weight * cost`` over the rows of ``cell`` ("fn" or "fp")."""
    if isinstance(cost, float):
        _tp, fn, _tn, fp = _cells(y_true, y_pred, pos_label, weight)
        return cost * (fn if cell == "fn" else fp)
    # Per-row costs: the core counts the cell with weights ``w * cost``.
    _tp, fn, _tn, fp = _cells(y_true, y_pred, pos_label, weight * cost)
    return fn if cell == "fn" else fp


@validate_params(
    {
        "y_true": ["array-like"],
        "y_pred": ["array-like"],
        "fn_cost": [Interval(Real, 0, None, closed="left"), "array-like"],
        "fp_cost": [Interval(Real, 0, None, closed="left"), "array-like"],
        "pos_label": LABEL_CONSTRAINT,
        "sample_weight": ["array-like", None],
        "normalize": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def expected_cost(
    y_true,
    y_pred,
    *,
    fn_cost=1.0,
    fp_cost=1.0,
    pos_label=1,
    sample_weight=None,
    normalize=True,
):
    """Expected cost of the wrong decisions, per sample (lower is better).

    Each missed positive costs ``fn_cost`` and each false alarm ``fp_cost``;
    right decisions cost nothing.  Costs may differ by row, e.g. the amount
    of a fraudulent transaction that goes unnoticed.

    Read more in the :ref:`User Guide <requirements>`.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    fn_cost : float >= 0 or array-like of shape (n_samples,), default=1.0
        Cost of a false negative (a positive predicted as any other class), one
        value or one per row.
    fp_cost : float >= 0 or array-like of shape (n_samples,), default=1.0
        Cost of a false positive (a negative predicted as ``pos_label``).
    pos_label : int, float, bool or str, default=1
        The positive class; everything else is negative.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights: a sample of weight 2 counts, and costs, twice.
    normalize : bool, default=True
        If True, the mean cost per sample (weighted); if False, the total.

    Returns
    -------
    float
        ``sum_i w_i (fn_cost_i [i is a FN] + fp_cost_i [i is a FP])``, divided by
        ``sum_i w_i`` when ``normalize``.

    See Also
    --------
    make_expected_cost_scorer : The scorer, with per-row costs as metadata.
    sk_imbalance.TradeoffClassifier : Its ``costs`` parameter trains for
        the decision that minimises this cost.

    Examples
    --------
    >>> from sk_imbalance.metrics import expected_cost
    >>> y_true, y_pred = [0, 0, 0, 1, 1], [0, 1, 0, 1, 0]
    >>> expected_cost(y_true, y_pred, fn_cost=100, fp_cost=5)  # (100 + 5) / 5
    21.0
    >>> expected_cost(y_true, y_pred, fn_cost=[0, 0, 0, 20, 300], normalize=False)
    301.0
    """
    y_true, y_pred, sample_weight = _check_metric_inputs(y_true, y_pred, sample_weight)
    n = y_true.shape[0]
    weight = np.ones(n) if sample_weight is None else sample_weight
    total = 0.0
    for cost, cell, name in ((fn_cost, "fn", "fn_cost"), (fp_cost, "fp", "fp_cost")):
        cost = _check_cost(cost, n, name)
        if isinstance(cost, float) and cost == 0:
            continue
        total += _cost_cell(y_true, y_pred, pos_label, weight, cost, cell)
    return float(total / weight.sum()) if normalize else float(total)


def _predictive_interval(
    y_true, y_pred, pos_label, sample_weight, confidence, method, alternative, which
):
    """Interval of ``hits / total`` for precision, NPV or the alert rate."""
    y_true, y_pred, sample_weight = _check_metric_inputs(y_true, y_pred, sample_weight)
    tp, fn, tn, fp = _cells(y_true, y_pred, pos_label, sample_weight)
    hits, total = {
        "precision": (tp, tp + fp),
        "negative predictive value": (tn, tn + fn),
        "alert rate": (tp + fp, tp + fn + tn + fp),
    }[which]
    if total == 0:
        side = "as" if which == "precision" else "other than"
        warnings.warn(
            f"The {which} interval is undefined: no sample is predicted {side} "
            f"pos_label={_py(pos_label)!r}; it is set to (nan, nan).",
            UndefinedMetricWarning,
            stacklevel=3,
        )
        return float("nan"), float("nan")
    flagged = _equal_mask(y_pred, pos_label)
    rows = {"precision": flagged, "negative predictive value": ~flagged}.get(
        which, np.ones(flagged.shape, dtype=bool)
    )
    k, n = _proportion_counts(hits, total, sample_weight, rows)
    low, high = _proportion_interval(k, n, confidence, method, alternative)
    return float(low), float(high)


# The parameters of every proportion interval, declared once with the rates'.
_INTERVAL_PARAMS = _PARAMS


@validate_params(_INTERVAL_PARAMS, prefer_skip_nested_validation=True)
def precision_interval(
    y_true,
    y_pred,
    *,
    pos_label=1,
    sample_weight=None,
    confidence=0.95,
    method="wilson",
    alternative="two-sided",
):
    """Confidence interval for the precision P(positive | predicted positive).

    The rows predicted positive are treated as independent draws and the
    true positives among them as a binomial count.  The interval is for the
    precision at the prevalence of the data measured; at another prevalence
    use :func:`~sk_imbalance.model_selection.precision_lower_bound`.

    Read more in the :ref:`User Guide <requirements>`.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    pos_label : int, float, bool or str, default=1
        The positive class.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights; precision from Kish's effective number of rows
        predicted positive ``(sum w)**2 / sum(w**2)``.
    confidence : float in (0, 1), default=0.95
        The confidence level.
    method : {"wilson", "clopper-pearson", "jeffreys"}, default="wilson"
        See :func:`~sk_imbalance.metrics.sensitivity_interval`.
    alternative : {"two-sided", "greater", "less"}, default="two-sided"
        "greater" gives a one-sided lower bound.

    Returns
    -------
    low, high : float
        The interval; ``(nan, nan)`` and an ``UndefinedMetricWarning`` when
        no sample is predicted positive.

    See Also
    --------
    sklearn.metrics.precision_score : The point estimate.
    npv_interval : The same for the negative predictive value.

    Examples
    --------
    >>> from sk_imbalance.metrics import precision_interval
    >>> y_true = [1] * 18 + [0] * 82
    >>> y_pred = [1] * 15 + [0] * 3 + [1] * 5 + [0] * 77  # 15 of 20 alerts right
    >>> low, high = precision_interval(y_true, y_pred, method="clopper-pearson")
    >>> round(low, 3), round(high, 3)
    (0.509, 0.913)
    """
    return _predictive_interval(
        y_true,
        y_pred,
        pos_label,
        sample_weight,
        confidence,
        method,
        alternative,
        "precision",
    )


@validate_params(_INTERVAL_PARAMS, prefer_skip_nested_validation=True)
def npv_interval(
    y_true,
    y_pred,
    *,
    pos_label=1,
    sample_weight=None,
    confidence=0.95,
    method="wilson",
    alternative="two-sided",
):
    """Confidence interval for the negative predictive value.

    The rows predicted negative are treated as independent draws and the
    true negatives among them as a binomial count, at the prevalence of the
    data measured.

    Read more in the :ref:`User Guide <requirements>`.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    pos_label : int, float, bool or str, default=1
        The positive class; everything else is negative.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights; precision from Kish's effective number of rows
        predicted negative.
    confidence : float in (0, 1), default=0.95
        The confidence level.
    method : {"wilson", "clopper-pearson", "jeffreys"}, default="wilson"
        See :func:`~sk_imbalance.metrics.sensitivity_interval`.
    alternative : {"two-sided", "greater", "less"}, default="two-sided"
        "greater" gives a one-sided lower bound.

    Returns
    -------
    low, high : float
        The interval; ``(nan, nan)`` and an ``UndefinedMetricWarning`` when
        no sample is predicted negative.

    See Also
    --------
    npv_score : The point estimate.

    Examples
    --------
    >>> from sk_imbalance.metrics import npv_interval
    >>> y_true = [0] * 95 + [1] * 5
    >>> y_pred = [0] * 95 + [0] + [1] * 4  # one positive among 96 negatives
    >>> low, high = npv_interval(y_true, y_pred, alternative="greater")
    >>> round(low, 3), high
    (0.955, 1.0)
    """
    return _predictive_interval(
        y_true,
        y_pred,
        pos_label,
        sample_weight,
        confidence,
        method,
        alternative,
        "negative predictive value",
    )


@validate_params(_INTERVAL_PARAMS, prefer_skip_nested_validation=True)
def alert_rate_interval(
    y_true,
    y_pred,
    *,
    pos_label=1,
    sample_weight=None,
    confidence=0.95,
    method="wilson",
    alternative="two-sided",
):
    """Confidence interval for the alert rate (share predicted ``pos_label``).

    Read more in the :ref:`User Guide <requirements>`.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    pos_label : int, float, bool or str, default=1
        The class whose predictions are alerts.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights; precision from Kish's effective number of rows.
    confidence : float in (0, 1), default=0.95
        The confidence level.
    method : {"wilson", "clopper-pearson", "jeffreys"}, default="wilson"
        See :func:`~sk_imbalance.metrics.sensitivity_interval`.
    alternative : {"two-sided", "greater", "less"}, default="two-sided"
        "less" gives a one-sided upper bound (an alert budget).

    Returns
    -------
    low, high : float
        The interval.

    See Also
    --------
    alert_rate_score : The point estimate.

    Examples
    --------
    >>> from sk_imbalance.metrics import alert_rate_interval
    >>> y_true = [0] * 90 + [1] * 10
    >>> y_pred = [0] * 85 + [1] * 15  # 15 alerts in 100 rows
    >>> low, high = alert_rate_interval(y_true, y_pred, alternative="less")
    >>> low, round(high, 3)
    (0.0, 0.218)
    """
    return _predictive_interval(
        y_true,
        y_pred,
        pos_label,
        sample_weight,
        confidence,
        method,
        alternative,
        "alert rate",
    )


@validate_params(
    {
        "pos_label": [*LABEL_CONSTRAINT, None],
        "zero_division": ZERO_DIVISION_CONSTRAINT,
    },
    prefer_skip_nested_validation=True,
)
def make_npv_scorer(*, pos_label=None, zero_division="warn"):
    """Scorer for :func:`npv_score` with the given positive class.

    Parameters
    ----------
    pos_label : int, float, bool or str, default=None
        The positive class; all other classes are negative.  None: the one
        the scored estimator declares (``pos_label_``), else 1 where 1 is a
        label, else an error (the rule of the sensitivity scorers).
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The score of a fold where nothing is predicted negative.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y, sample_weight=None)`` scoring
        ``estimator.predict(X)``.

    See Also
    --------
    npv_scorer : The ready scorer (``pos_label=None``).

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import cross_val_score
    >>> from sk_imbalance.metrics import make_npv_scorer
    >>> X, y = make_classification(weights=[0.8], random_state=0)
    >>> cross_val_score(LogisticRegression(), X, y, scoring=make_npv_scorer(), cv=3)
    array([...])
    """
    return _PositiveClassScorer(
        "make_npv_scorer",
        npv_score,
        pos_label=pos_label,
        zero_division=zero_division,
    )


@validate_params(
    {"pos_label": [*LABEL_CONSTRAINT, None]},
    prefer_skip_nested_validation=True,
)
def make_alert_rate_scorer(*, pos_label=None):
    """Scorer for :func:`alert_rate_score` (greater is more alerts).

    Parameters
    ----------
    pos_label : int, float, bool or str, default=None
        The class whose predictions are alerts.  None: the one the scored
        estimator declares (``pos_label_``), else 1 where 1 is a label, else
        an error.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y, sample_weight=None)`` scoring
        ``estimator.predict(X)``; the score is the alert rate itself, so use
        it to report or constrain, not to maximise.

    See Also
    --------
    alert_rate_score : The metric.

    Examples
    --------
    >>> from sklearn.dummy import DummyClassifier
    >>> from sk_imbalance.metrics import make_alert_rate_scorer
    >>> X, y = [[0], [0], [0], [0]], [0, 0, 1, 1]
    >>> clf = DummyClassifier(strategy="constant", constant=1).fit(X, y)
    >>> make_alert_rate_scorer()(clf, X, y)
    1.0
    """
    return _PositiveClassScorer(
        "make_alert_rate_scorer", alert_rate_score, pos_label=pos_label
    )


def _expected_cost_metric(
    y_true,
    y_pred,
    *,
    default_fn_cost,
    default_fp_cost,
    pos_label,
    sample_weight=None,
    fn_cost=None,
    fp_cost=None,
):
    """``expected_cost`` with per-row costs arriving as scorer metadata.

    The fixed costs go by other names, so that requesting ``fn_cost`` as
    metadata does not collide with a keyword of ``make_scorer``.
    """
    return expected_cost(
        y_true,
        y_pred,
        fn_cost=default_fn_cost if fn_cost is None else fn_cost,
        fp_cost=default_fp_cost if fp_cost is None else fp_cost,
        pos_label=pos_label,
        sample_weight=sample_weight,
    )


@validate_params(
    {
        "fn_cost": [Interval(Real, 0, None, closed="left")],
        "fp_cost": [Interval(Real, 0, None, closed="left")],
        "pos_label": LABEL_CONSTRAINT,
    },
    prefer_skip_nested_validation=True,
)
def make_expected_cost_scorer(fn_cost=1.0, fp_cost=1.0, *, pos_label=1):
    """Scorer for :func:`expected_cost` (negated: greater is better).

    Fixed costs are set here; per-row costs (the amount at stake in each
    row) arrive at scoring time as metadata: with metadata routing enabled,
    ``scorer.set_score_request(fn_cost=True)`` and pass ``fn_cost=amount`` to
    the search's ``fit``, which splits it with the rows.

    Parameters
    ----------
    fn_cost : float >= 0, default=1.0
        Cost of a missed positive, used when no per-row ``fn_cost`` is passed.
    fp_cost : float >= 0, default=1.0
        Cost of a false alarm, used when no per-row ``fp_cost`` is passed.
    pos_label : int, float, bool or str, default=1
        The positive class.

    Returns
    -------
    scorer : callable
        A new :func:`sklearn.metrics.make_scorer` object with
        ``greater_is_better=False``: it returns minus the expected cost per
        sample, as scikit-learn's ``neg_*`` scorers.

    See Also
    --------
    expected_cost : The metric.
    sklearn.model_selection.TunedThresholdClassifierCV : Tunes a threshold
        for such a scorer.

    Examples
    --------
    >>> from sklearn.dummy import DummyClassifier
    >>> from sk_imbalance.metrics import make_expected_cost_scorer
    >>> X, y = [[0], [0], [0], [0]], [0, 0, 0, 1]
    >>> clf = DummyClassifier(strategy="constant", constant=0).fit(X, y)
    >>> make_expected_cost_scorer(fn_cost=100, fp_cost=5)(clf, X, y)
    -25.0
    """
    return make_scorer(
        _expected_cost_metric,
        response_method="predict",
        greater_is_better=False,
        default_fn_cost=float(fn_cost),
        default_fp_cost=float(fp_cost),
        pos_label=pos_label,
    )


#: Ready scorer: :func:`npv_score` of the scored estimator's positive class.  A
#: shared object: use :func:`make_npv_scorer` for ``set_score_request``.
npv_scorer = make_npv_scorer()
