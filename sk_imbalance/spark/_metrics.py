"""Sensitivity, specificity and their intervals over a Spark DataFrame.

Each function is one aggregation over the label, prediction (and weight)
columns: the confusion cells (and, for the intervals, the sums of squared
weights) are summed by Spark, and the in-memory code of
:mod:`sk_imbalance.metrics` turns those few numbers into the value, so the
results, warnings and edge cases are the in-memory ones.
"""

import warnings

import numpy as np
from pyspark.ml.evaluation import Evaluator
from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.param.shared import HasLabelCol, HasPredictionCol, HasWeightCol
from pyspark.ml.util import DefaultParamsReadable, DefaultParamsWritable
from pyspark.sql import functions as F
from sklearn.exceptions import UndefinedMetricWarning

from sk_imbalance.metrics._classification import (
    _Counts,
    _rate,
    _sensitivity,
    _specificity,
)
from sk_imbalance.metrics._interval import (
    _ALTERNATIVES,
    _METHODS,
    _effective_counts,
    _proportion_interval,
)
from sk_imbalance.spark._classifier import _to_optional_float

__all__ = [
    "TradeoffEvaluator",
    "per_class_accuracy_score",
    "sensitivity_interval",
    "sensitivity_score",
    "specificity_interval",
    "specificity_score",
]

_ZERO_DIVISION = ("warn", 0.0, 1.0)


def _check_columns(dataset, **columns):
    for param, name in columns.items():
        if name is None:
            continue
        if not isinstance(name, str):
            raise TypeError(f"{param} must be a column name (str), got {name!r}.")
        if name not in dataset.columns:
            raise ValueError(
                f"{param}={name!r} is not a column of the dataset; its columns are "
                f"{dataset.columns}."
            )


def _check_zero_division(zero_division):
    if zero_division == "warn" or (
        isinstance(zero_division, float) and np.isnan(zero_division)
    ):
        return zero_division
    if zero_division not in _ZERO_DIVISION[1:] or isinstance(zero_division, bool):
        raise ValueError(
            f'zero_division must be "warn", 0.0, 1.0 or np.nan, got {zero_division!r}.'
        )
    return zero_division


def _check_confidence(confidence, method, alternative):
    if isinstance(confidence, bool) or not isinstance(confidence, int | float):
        raise TypeError(f"confidence must be a float in (0, 1), got {confidence!r}.")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence!r}.")
    if method not in _METHODS:
        raise ValueError(f"method must be one of {list(_METHODS)}, got {method!r}.")
    if alternative not in _ALTERNATIVES:
        raise ValueError(
            f"alternative must be one of {list(_ALTERNATIVES)}, got {alternative!r}."
        )


_FUNCTION_NAMES = ("label_col", "prediction_col", "weight_col")


def _one_vs_rest(
    dataset, label_col, prediction_col, pos_label, weight_col, names=_FUNCTION_NAMES
):
    """The one-vs-rest cells of ``pos_label``, in one aggregation.

    Returns ``(counts, extra)``: the in-memory ``_Counts`` and a dict with the
    sums of squared weights and the largest weight per side (for Kish's
    effective sizes).
    """
    _check_columns(
        dataset,
        **dict(zip(names, (label_col, prediction_col, weight_col), strict=True)),
    )
    if isinstance(pos_label, bool) or not isinstance(pos_label, int | float):
        raise TypeError(f"pos_label must be a number (a label), got {pos_label!r}.")
    y, p = F.col(label_col), F.col(prediction_col)
    w = F.lit(1.0) if weight_col is None else F.col(weight_col).cast("double")
    is_pos, pred_pos = y == float(pos_label), p == float(pos_label)

    def total(condition, value=w):
        return F.sum(F.when(condition, value).otherwise(0.0))

    row = dataset.agg(
        total(is_pos & pred_pos).alias("tp"),
        total(is_pos & ~pred_pos).alias("fn"),
        total(~is_pos & ~pred_pos).alias("tn"),
        total(~is_pos & pred_pos).alias("fp"),
        total(is_pos, w * w).alias("pos_sq"),
        total(~is_pos, w * w).alias("neg_sq"),
        F.max(F.when(is_pos, w)).alias("pos_max"),
        F.max(F.when(~is_pos, w)).alias("neg_max"),
        F.count(F.when(is_pos | pred_pos, 1)).alias("seen"),
        F.count(F.when(y.isNull() | p.isNull() | w.isNull(), 1)).alias("nulls"),
        F.min(w).alias("w_min"),
        F.count(F.lit(1)).alias("n"),
        F.countDistinct(y).alias("y_labels"),
    ).first()
    if row["n"] == 0:
        raise ValueError("The dataset is empty: there is nothing to score.")
    if row["nulls"]:
        raise ValueError(
            f"The columns {label_col!r}, {prediction_col!r}"
            + (f", {weight_col!r}" if weight_col else "")
            + f" hold {row['nulls']} null values; drop or fill them first."
        )
    if row["w_min"] < 0:
        raise ValueError(
            f"{names[2]}={weight_col!r} holds negative weights (min {row['w_min']})."
        )
    if not row["seen"] and row["y_labels"] > 1:
        raise ValueError(
            f"pos_label={pos_label!r} is not among the labels of {label_col!r} and "
            f"{prediction_col!r}. Set pos_label to the positive class."
        )
    tp, fn, tn, fp = (row[c] for c in ("tp", "fn", "tn", "fp"))
    counts = _Counts(
        labels=np.asarray([float(pos_label)]),
        tp=np.array([tp]),
        support=np.array([fn + tp]),
        tn=np.array([tn]),
        negatives=np.array([tn + fp]),
    )
    extra = {
        "pos_sq": row["pos_sq"],
        "neg_sq": row["neg_sq"],
        "pos_max": row["pos_max"],
        "neg_max": row["neg_max"],
    }
    return counts, extra


def sensitivity_score(
    dataset,
    *,
    label_col="label",
    prediction_col="prediction",
    pos_label=1.0,
    weight_col=None,
    zero_division="warn",
):
    """Sensitivity (true positive rate) of a Spark DataFrame's predictions.

    One aggregation; equal to :func:`sk_imbalance.metrics.sensitivity_score`
    on the collected columns.

    Read more in the :ref:`User Guide <spark>`.

    Parameters
    ----------
    dataset : pyspark.sql.DataFrame
        Holds the label and prediction columns (numbers, as MLlib's).
    label_col : str, default="label"
        The true labels.
    prediction_col : str, default="prediction"
        The predicted labels.
    pos_label : float, default=1.0
        The positive class (one-vs-rest on multi-class data).
    weight_col : str, default=None
        A column of sample weights.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The value without positive rows; "warn" means 0.0 and an
        ``UndefinedMetricWarning``.

    Returns
    -------
    float
        The sensitivity.

    See Also
    --------
    sk_imbalance.metrics.sensitivity_score : The in-memory function.
    specificity_score : The true negative rate.

    Examples
    --------
    >>> from pyspark.sql import SparkSession
    >>> from sk_imbalance.spark import sensitivity_score
    >>> spark = SparkSession.builder.master("local[1]").getOrCreate()
    >>> df = spark.createDataFrame(
    ...     [(0.0, 0.0), (0.0, 1.0), (0.0, 0.0), (1.0, 1.0), (1.0, 0.0)],
    ...     ["label", "prediction"],
    ... )
    >>> sensitivity_score(df)
    0.5
    """
    zero_division = _check_zero_division(zero_division)
    counts, _ = _one_vs_rest(dataset, label_col, prediction_col, pos_label, weight_col)
    return _sensitivity(counts, zero_division)


def specificity_score(
    dataset,
    *,
    label_col="label",
    prediction_col="prediction",
    pos_label=1.0,
    weight_col=None,
    zero_division="warn",
):
    """Specificity (true negative rate) of a Spark DataFrame's predictions.

    One aggregation; equal to :func:`sk_imbalance.metrics.specificity_score`
    on the collected columns.

    Read more in the :ref:`User Guide <spark>`.

    Parameters
    ----------
    dataset : pyspark.sql.DataFrame
        Holds the label and prediction columns.
    label_col : str, default="label"
        The true labels.
    prediction_col : str, default="prediction"
        The predicted labels.
    pos_label : float, default=1.0
        The positive class; every other label is negative.
    weight_col : str, default=None
        A column of sample weights.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The value without negative rows; "warn" means 0.0 and an
        ``UndefinedMetricWarning``.

    Returns
    -------
    float
        The specificity.

    See Also
    --------
    sk_imbalance.metrics.specificity_score : The in-memory function.
    sensitivity_score : The true positive rate.

    Examples
    --------
    >>> from pyspark.sql import SparkSession
    >>> from sk_imbalance.spark import specificity_score
    >>> spark = SparkSession.builder.master("local[1]").getOrCreate()
    >>> df = spark.createDataFrame(
    ...     [(0.0, 0.0), (0.0, 1.0), (0.0, 0.0), (1.0, 1.0), (1.0, 0.0)],
    ...     ["label", "prediction"],
    ... )
    >>> round(specificity_score(df), 3)
    0.667
    """
    zero_division = _check_zero_division(zero_division)
    counts, _ = _one_vs_rest(dataset, label_col, prediction_col, pos_label, weight_col)
    return _specificity(counts, zero_division)


def per_class_accuracy_score(
    dataset,
    *,
    label_col="label",
    prediction_col="prediction",
    labels=None,
    weight_col=None,
    zero_division="warn",
):
    """Per-class accuracy P(predict c | c) of a Spark DataFrame's predictions.

    One aggregation (the labels and the predictions are counted together);
    equal to :func:`sk_imbalance.metrics.per_class_accuracy_score` on the
    collected columns.

    Read more in the :ref:`User Guide <spark>`.

    Parameters
    ----------
    dataset : pyspark.sql.DataFrame
        Holds the label and prediction columns.
    label_col : str, default="label"
        The true labels.
    prediction_col : str, default="prediction"
        The predicted labels.
    labels : list of float, default=None
        The labels to report, in this order; None means every label of both
        columns, sorted.
    weight_col : str, default=None
        A column of sample weights.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The value for a label without rows in the label column.

    Returns
    -------
    ndarray of shape (n_labels,)
        The per-class accuracies.

    See Also
    --------
    sk_imbalance.metrics.per_class_accuracy_score : The in-memory function.

    Examples
    --------
    >>> from pyspark.sql import SparkSession
    >>> from sk_imbalance.spark import per_class_accuracy_score
    >>> spark = SparkSession.builder.master("local[1]").getOrCreate()
    >>> df = spark.createDataFrame(
    ...     [(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (2.0, 2.0), (2.0, 0.0)],
    ...     ["label", "prediction"],
    ... )
    >>> per_class_accuracy_score(df)
    array([0.5, 1. , 0.5])
    """
    zero_division = _check_zero_division(zero_division)
    _check_columns(
        dataset,
        label_col=label_col,
        prediction_col=prediction_col,
        weight_col=weight_col,
    )
    y, p = F.col(label_col), F.col(prediction_col)
    w = F.lit(1.0) if weight_col is None else F.col(weight_col).cast("double")
    # Each row stands once for its true label (weight, hit) and once for its
    # predicted label (nothing), so the predicted-only labels appear too.
    entries = F.explode(
        F.array(
            F.struct(
                y.cast("double").alias("c"),
                w.alias("support"),
                F.when(y == p, w).otherwise(0.0).alias("tp"),
            ),
            F.struct(
                p.cast("double").alias("c"),
                F.lit(0.0).alias("support"),
                F.lit(0.0).alias("tp"),
            ),
        )
    ).alias("e")
    rows = (
        dataset.select(entries)
        .groupBy("e.c")
        .agg(F.sum("e.support").alias("support"), F.sum("e.tp").alias("tp"))
        .collect()
    )
    if any(row["c"] is None for row in rows):
        raise ValueError(
            f"The columns {label_col!r} and {prediction_col!r} hold null values; "
            "drop or fill them first."
        )
    found = {row["c"]: (row["tp"], row["support"]) for row in rows}
    if labels is None:
        order = sorted(found)
    else:
        order = [float(label) for label in labels]
    tp = np.array([found.get(c, (0.0, 0.0))[0] for c in order], dtype=float)
    support = np.array([found.get(c, (0.0, 0.0))[1] for c in order], dtype=float)
    missing = [c for c, s in zip(order, support, strict=True) if s == 0]
    what = (
        f"Per-class accuracy is ill-defined for labels {missing}: {label_col!r} "
        "has no rows of them"
    )
    return _rate(tp, support, zero_division, what)


def _interval(dataset, which, label_col, prediction_col, pos_label, weight_col, **kw):
    _check_confidence(kw["confidence"], kw["method"], kw["alternative"])
    counts, extra = _one_vs_rest(
        dataset, label_col, prediction_col, pos_label, weight_col
    )
    if which == "sensitivity":
        hits, total = counts.tp[0], counts.support[0]
        squares, largest = extra["pos_sq"], extra["pos_max"]
    else:
        hits, total = counts.tn[0], counts.negatives[0]
        squares, largest = extra["neg_sq"], extra["neg_max"]
    if total == 0:
        whose = "of" if which == "sensitivity" else "other than"
        warnings.warn(
            f"The {which} interval is undefined: {label_col!r} has no rows {whose} "
            f"pos_label={pos_label!r}; it is set to (nan, nan).",
            UndefinedMetricWarning,
            stacklevel=3,
        )
        return float("nan"), float("nan")
    if weight_col is None:
        k, n = hits, total
    else:
        # As in memory: Kish's effective size, the weights scaled by the
        # class's largest so that the squares cannot overflow.
        k, n = _effective_counts(
            hits / total * (total / largest), total / largest, squares / largest**2
        )
    low, high = _proportion_interval(
        k, n, kw["confidence"], kw["method"], kw["alternative"]
    )
    return float(low), float(high)


def sensitivity_interval(
    dataset,
    *,
    label_col="label",
    prediction_col="prediction",
    pos_label=1.0,
    weight_col=None,
    confidence=0.95,
    method="wilson",
    alternative="two-sided",
):
    """Confidence interval for the sensitivity of a DataFrame's predictions.

    One aggregation; equal to :func:`sk_imbalance.metrics.sensitivity_interval`
    on the collected columns (with weights: Kish's effective number of
    positives, from the sums of the weights and of their squares).

    Read more in the :ref:`User Guide <spark>`.

    Parameters
    ----------
    dataset : pyspark.sql.DataFrame
        Holds the label and prediction columns.
    label_col : str, default="label"
        The true labels.
    prediction_col : str, default="prediction"
        The predicted labels.
    pos_label : float, default=1.0
        The positive class.
    weight_col : str, default=None
        A column of sample weights.
    confidence : float in (0, 1), default=0.95
        The confidence level.
    method : {"wilson", "clopper-pearson", "jeffreys"}, default="wilson"
        See :func:`sk_imbalance.metrics.sensitivity_interval`.
    alternative : {"two-sided", "greater", "less"}, default="two-sided"
        "greater" gives a one-sided lower bound.

    Returns
    -------
    low, high : float
        The interval; ``(nan, nan)`` and an ``UndefinedMetricWarning``
        without positive rows.

    See Also
    --------
    sk_imbalance.metrics.sensitivity_interval : The in-memory function.
    specificity_interval : The same for the true negative rate.

    Examples
    --------
    >>> from pyspark.sql import SparkSession
    >>> from sk_imbalance.spark import sensitivity_interval
    >>> spark = SparkSession.builder.master("local[1]").getOrCreate()
    >>> rows = [(1.0, 1.0)] * 19 + [(1.0, 0.0)] + [(0.0, 0.0)] * 80
    >>> df = spark.createDataFrame(rows, ["label", "prediction"])
    >>> low, high = sensitivity_interval(df)
    >>> round(low, 3), round(high, 3)
    (0.764, 0.991)
    """
    return _interval(
        dataset,
        "sensitivity",
        label_col,
        prediction_col,
        pos_label,
        weight_col,
        confidence=confidence,
        method=method,
        alternative=alternative,
    )


def specificity_interval(
    dataset,
    *,
    label_col="label",
    prediction_col="prediction",
    pos_label=1.0,
    weight_col=None,
    confidence=0.95,
    method="wilson",
    alternative="two-sided",
):
    """Confidence interval for the specificity of a DataFrame's predictions.

    One aggregation; equal to :func:`sk_imbalance.metrics.specificity_interval`
    on the collected columns.

    Read more in the :ref:`User Guide <spark>`.

    Parameters
    ----------
    dataset : pyspark.sql.DataFrame
        Holds the label and prediction columns.
    label_col : str, default="label"
        The true labels.
    prediction_col : str, default="prediction"
        The predicted labels.
    pos_label : float, default=1.0
        The positive class; every other label is negative.
    weight_col : str, default=None
        A column of sample weights.
    confidence : float in (0, 1), default=0.95
        The confidence level.
    method : {"wilson", "clopper-pearson", "jeffreys"}, default="wilson"
        See :func:`sk_imbalance.metrics.sensitivity_interval`.
    alternative : {"two-sided", "greater", "less"}, default="two-sided"
        "greater" gives a one-sided lower bound.

    Returns
    -------
    low, high : float
        The interval; ``(nan, nan)`` and an ``UndefinedMetricWarning``
        without negative rows.

    See Also
    --------
    sk_imbalance.metrics.specificity_interval : The in-memory function.
    sensitivity_interval : The same for the true positive rate.

    Examples
    --------
    >>> from pyspark.sql import SparkSession
    >>> from sk_imbalance.spark import specificity_interval
    >>> spark = SparkSession.builder.master("local[1]").getOrCreate()
    >>> rows = [(0.0, 0.0)] * 190 + [(0.0, 1.0)] * 10 + [(1.0, 1.0)] * 10
    >>> df = spark.createDataFrame(rows, ["label", "prediction"])
    >>> low, high = specificity_interval(df, method="clopper-pearson")
    >>> round(low, 3), round(high, 3)
    (0.91, 0.976)
    """
    return _interval(
        dataset,
        "specificity",
        label_col,
        prediction_col,
        pos_label,
        weight_col,
        confidence=confidence,
        method=method,
        alternative=alternative,
    )


_EVALUATOR_METRICS = (
    "sensitivity",
    "specificity",
    "balancedAccuracy",
    "perClassAccuracy",
    "tradeoff",
)


class TradeoffEvaluator(
    Evaluator,
    HasLabelCol,
    HasPredictionCol,
    HasWeightCol,
    DefaultParamsReadable,
    DefaultParamsWritable,
):
    """Sensitivity, specificity, balanced accuracy or the tradeoff score in MLlib.

    A ``pyspark.ml.evaluation.Evaluator`` (larger is better) for MLlib's
    ``CrossValidator`` and ``TrainValidationSplit``: with a
    ``ParamGridBuilder`` over :class:`TradeoffClassifier`'s ``t`` it is the
    Spark form of a ``GridSearchCV`` over ``t``.  Each evaluation is one
    aggregation.

    Read more in the :ref:`User Guide <spark>`.

    Parameters
    ----------
    metricName : {"sensitivity", "specificity", "balancedAccuracy", \
            "perClassAccuracy", "tradeoff"}, default="balancedAccuracy"
        "balancedAccuracy" is the mean of the sensitivity and specificity of
        ``posLabel`` (one-vs-rest); "tradeoff" is ``t * sensitivity +
        (1 - t) * specificity``; "perClassAccuracy" the accuracy on the rows
        of class ``label``.
    t : float in [0, 1], default=0.5
        The weight of sensitivity in "tradeoff".
    posLabel : float, default=1.0
        The positive class.
    label : float, default=None
        The class of "perClassAccuracy" (required for it).
    labelCol : str, default="label"
        The true labels.
    predictionCol : str, default="prediction"
        The predicted labels.
    weightCol : str, default=None
        A column of sample weights.

    See Also
    --------
    sensitivity_score : The function behind "sensitivity".
    TradeoffClassifierCV : Chooses ``t`` from one fit per fold.

    Examples
    --------
    >>> from pyspark.sql import SparkSession
    >>> from sk_imbalance.spark import TradeoffEvaluator
    >>> spark = SparkSession.builder.master("local[1]").getOrCreate()
    >>> df = spark.createDataFrame(
    ...     [(0.0, 0.0), (0.0, 1.0), (0.0, 0.0), (1.0, 1.0), (1.0, 0.0)],
    ...     ["label", "prediction"],
    ... )
    >>> TradeoffEvaluator(metricName="sensitivity").evaluate(df)
    0.5
    >>> round(TradeoffEvaluator(metricName="tradeoff", t=0.8).evaluate(df), 4)
    0.5333
    """

    metricName = Param(
        Params._dummy(),
        "metricName",
        "the metric: sensitivity, specificity, balancedAccuracy, perClassAccuracy "
        "or tradeoff",
        typeConverter=TypeConverters.toString,
    )
    t = Param(
        Params._dummy(),
        "t",
        "the weight of sensitivity in the tradeoff metric, in [0, 1]",
        typeConverter=TypeConverters.toFloat,
    )
    posLabel = Param(
        Params._dummy(),
        "posLabel",
        "the positive class label",
        typeConverter=TypeConverters.toFloat,
    )
    label = Param(
        Params._dummy(),
        "label",
        "the class whose accuracy perClassAccuracy measures",
        typeConverter=_to_optional_float,
    )

    def __init__(
        self,
        *,
        metricName="balancedAccuracy",
        t=0.5,
        posLabel=1.0,
        label=None,
        labelCol="label",
        predictionCol="prediction",
        weightCol=None,
    ):
        super().__init__()
        self._setDefault(
            metricName="balancedAccuracy",
            t=0.5,
            posLabel=1.0,
            label=None,
            labelCol="label",
            predictionCol="prediction",
        )
        kwargs = {
            "metricName": metricName,
            "t": t,
            "posLabel": posLabel,
            "label": label,
            "labelCol": labelCol,
            "predictionCol": predictionCol,
        }
        if weightCol is not None:
            kwargs["weightCol"] = weightCol
        self._set(**kwargs)

    def setParams(self, **params):
        """Set the Params given by keyword.

        Parameters
        ----------
        **params : dict
            Param names and values.

        Returns
        -------
        TradeoffEvaluator
            This evaluator.
        """
        return self._set(**params)

    def getMetricName(self):
        """Get the value of metricName or its default.

        Returns
        -------
        str
            The metric.
        """
        return self.getOrDefault(self.metricName)

    def isLargerBetter(self):
        """Whether a larger value is better: always True.

        Returns
        -------
        bool
            True.
        """
        return True

    def _evaluate(self, dataset):
        metric = self.getMetricName()
        if metric not in _EVALUATOR_METRICS:
            raise ValueError(
                f"metricName must be one of {list(_EVALUATOR_METRICS)}, got {metric!r}."
            )
        t = self.getOrDefault(self.t)
        if not 0.0 <= t <= 1.0:
            raise ValueError(f"t must be in [0, 1], got t={t!r}.")
        pos = self.getOrDefault(self.posLabel)
        if metric == "perClassAccuracy":
            pos = self.getOrDefault(self.label)
            if pos is None:
                raise ValueError(
                    "metricName='perClassAccuracy' needs the label whose accuracy "
                    "it measures: set label (got label=None)."
                )
        weight = (
            self.getOrDefault(self.weightCol)
            if self.isDefined(self.weightCol)
            else None
        )
        counts, _ = _one_vs_rest(
            dataset,
            self.getLabelCol(),
            self.getPredictionCol(),
            pos,
            weight or None,
            names=("labelCol", "predictionCol", "weightCol"),
        )
        if metric in ("sensitivity", "perClassAccuracy"):
            return _sensitivity(counts, "warn")
        if metric == "specificity":
            return _specificity(counts, "warn")
        w = 0.5 if metric == "balancedAccuracy" else t
        score = 0.0
        if w > 0:
            score += w * _sensitivity(counts, "warn")
        if w < 1:
            score += (1 - w) * _specificity(counts, "warn")
        return float(score)
