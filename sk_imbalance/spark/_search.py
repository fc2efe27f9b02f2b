"""`TradeoffClassifierCV` on Spark: a count table from aggregations, the
library's selection rules on it.

The threshold path fits one weighted model per fold at ``t = 0.5``; the
out-of-fold scores are turned into decisions for every ``t`` by the Bayes odds
shift of the in-memory threshold path (``p >= 1 - t``, or ``d >= -logit(t)``
on log-odds), and the confusion counts of all ``t`` x folds are one
aggregation: since the decision is monotone in ``t``, each row only needs the
number of ``t`` at which it is still negative, and the counts per fold, class
and that number add up to every cell.  "refit" fits each ``t`` per fold and
counts all the predictions in one aggregation too.  The resulting
:class:`~sk_imbalance.model_selection._counts.CountTable` goes to the same
selection code as the in-memory ``TradeoffClassifierCV``.
"""

import json
import math
from multiprocessing.pool import ThreadPool

import numpy as np
from pyspark.ml import Estimator, Model
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.functions import vector_to_array
from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.sql import functions as F

from sk_imbalance._grid import DEFAULT_TS
from sk_imbalance.model_selection._counts import CountTable
from sk_imbalance.model_selection._selection import select_from_counts
from sk_imbalance.spark._classifier import (
    TradeoffClassificationModel,
    _class_sizes,
    _fit_weighted,
    _HasEstimator,
    _inner_columns,
    _Persistable,
    _renamed,
    _to_optional_float,
    _unit_weights,
)
from sk_imbalance.utils._labels import _positive_index
from sk_imbalance.utils._validation import _check_ts

__all__ = ["TradeoffClassifierCV", "TradeoffClassifierCVModel"]

_METHODS = ("auto", "threshold", "refit")
_OBJECTIVES = ("balanced_accuracy", "sensitivity", "specificity")

# Internal column names, unlikely to meet a user's.
_FOLD = "__sk_imbalance_fold"
_SCORE = "__sk_imbalance_score"
_STEP = "__sk_imbalance_step"
_T = "__sk_imbalance_t"


def _to_optional_floats(value):
    return None if value is None else TypeConverters.toListFloat(value)


def _to_objective(value):
    if isinstance(value, str):
        return value
    return TypeConverters.toFloat(value)


def _to_optional_int(value):
    return None if value is None else TypeConverters.toInt(value)


def _to_optional_string(value):
    return None if value is None else TypeConverters.toString(value)


class _CVParams(Params):
    ts = Param(
        Params._dummy(),
        "ts",
        "candidate tradeoffs t in [0, 1]; None means the library's 23 defaults",
        typeConverter=_to_optional_floats,
    )
    numFolds = Param(
        Params._dummy(), "numFolds", "number of folds (>= 2)", TypeConverters.toInt
    )
    objective = Param(
        Params._dummy(),
        "objective",
        "balanced_accuracy, sensitivity, specificity, or a float w in [0, 1] for "
        "w * sensitivity + (1 - w) * specificity",
        typeConverter=_to_objective,
    )
    minSensitivity = Param(
        Params._dummy(),
        "minSensitivity",
        "required sensitivity, in [0, 1]",
        typeConverter=_to_optional_float,
    )
    minSpecificity = Param(
        Params._dummy(),
        "minSpecificity",
        "required specificity, in [0, 1]",
        typeConverter=_to_optional_float,
    )
    confidence = Param(
        Params._dummy(),
        "confidence",
        "confidence in (0, 1) with which the minimums hold on fresh data",
        typeConverter=_to_optional_float,
    )
    selection = Param(
        Params._dummy(),
        "selection",
        "one_se (within one standard error of the best mean, the t closest to "
        "0.5) or best (the best mean)",
        typeConverter=TypeConverters.toString,
    )
    method = Param(
        Params._dummy(),
        "method",
        "auto, threshold (one fit per fold) or refit (one fit per t per fold)",
        typeConverter=TypeConverters.toString,
    )
    seed = Param(
        Params._dummy(),
        "seed",
        "seed of the fold assignment",
        typeConverter=_to_optional_int,
    )
    parallelism = Param(
        Params._dummy(),
        "parallelism",
        "number of fits run at once (threads of the driver)",
        typeConverter=TypeConverters.toInt,
    )
    foldCol = Param(
        Params._dummy(),
        "foldCol",
        "a column of fold ids 0..numFolds-1 to use instead of a random assignment",
        typeConverter=_to_optional_string,
    )
    posLabel = Param(
        Params._dummy(),
        "posLabel",
        "the positive class label; None means the greater of two labels",
        typeConverter=_to_optional_float,
    )
    weightCol = Param(
        Params._dummy(),
        "weightCol",
        "name of the tradeoff weight column added for the fits",
        typeConverter=TypeConverters.toString,
    )

    def getClassPriority(self):
        """Multi-class priorities do not apply to the chooser: None.

        Returns
        -------
        None
            Always.
        """
        return None

    def _defaults(self):
        self._setDefault(
            ts=None,
            numFolds=5,
            objective="balanced_accuracy",
            minSensitivity=None,
            minSpecificity=None,
            confidence=None,
            selection="one_se",
            method="auto",
            seed=None,
            parallelism=1,
            foldCol=None,
            posLabel=None,
            weightCol="tradeoff_weight",
        )


def _check_cv_params(p):
    """The Params checked, as a dict of plain values."""
    g = p.getOrDefault
    out = {"ts": _check_ts(g(p.ts), DEFAULT_TS)}
    folds = g(p.numFolds)
    if folds < 2:
        raise ValueError(f"numFolds must be at least 2, got numFolds={folds!r}.")
    out["folds"] = folds
    objective = g(p.objective)
    if isinstance(objective, str):
        if objective not in _OBJECTIVES:
            raise ValueError(
                f"objective must be one of {list(_OBJECTIVES)} or a float in [0, 1], "
                f"got objective={objective!r}."
            )
    elif not 0.0 <= objective <= 1.0:
        raise ValueError(f"objective must be in [0, 1], got objective={objective!r}.")
    out["objective"] = objective
    minimums = {}
    for metric, param in (
        ("sensitivity", p.minSensitivity),
        ("specificity", p.minSpecificity),
    ):
        value = g(param)
        if value is not None:
            if not 0.0 <= value <= 1.0:
                raise ValueError(
                    f"{param.name} must be in [0, 1], got {param.name}={value!r}."
                )
            minimums[metric] = value
    out["minimums"] = minimums or None
    confidence = g(p.confidence)
    if confidence is not None and not 0.0 < confidence < 1.0:
        raise ValueError(
            f"confidence must be in (0, 1), got confidence={confidence!r}."
        )
    out["confidence"] = confidence
    selection = g(p.selection)
    if selection not in ("one_se", "best"):
        raise ValueError(
            f"selection must be 'one_se' or 'best', got selection={selection!r}."
        )
    out["selection"] = selection
    method = g(p.method)
    if method not in _METHODS:
        raise ValueError(f"method must be one of {list(_METHODS)}, got {method!r}.")
    out["method"] = method
    parallelism = g(p.parallelism)
    if parallelism < 1:
        raise ValueError(
            f"parallelism must be at least 1, got parallelism={parallelism!r}."
        )
    out["parallelism"] = parallelism
    return out


def _auto_method(estimator):
    """ "threshold" when the scores are log-odds fitted by log-loss (MLlib's
    LogisticRegression), "refit" for every other classifier, whose fits change
    in other ways under reweighting."""
    return "threshold" if isinstance(estimator, LogisticRegression) else "refit"


def _decision_thresholds(ts, is_proba):
    """Per ``t`` the score from which a row is positive, by the rule of the
    in-memory threshold path (``p >= 1 - t``; ``d >= -logit(t)``); t = 0 and
    t = 1 are the constant decisions."""
    out = []
    for t in ts:
        if t == 0.0:
            out.append(math.inf)
        elif t == 1.0:
            out.append(-math.inf)
        elif is_proba:
            out.append(1.0 - t)
        else:
            shift = math.log(t / (1.0 - t)) - math.log(0.5 / (1.0 - 0.5))
            out.append(-shift)
    return out


def _negative_steps(score, thresholds):
    """How many ``t`` (ascending) the row is predicted negative at: the
    thresholds do not increase with ``t``, so they are the first ones."""
    steps = F.lit(0)
    for threshold in thresholds:
        if threshold == math.inf:
            steps = steps + 1
        elif threshold != -math.inf:
            steps = steps + F.when(score < float(threshold), 1).otherwise(0)
    # numpy's NaN never reaches a threshold; Spark orders NaN above all numbers.
    return F.when(F.isnan(score), len(thresholds)).otherwise(steps)


def _count_threshold_table(scored, ts, thresholds, n_folds, *, fold, is_pos, weight):
    """The count table of scored rows, one aggregation.

    ``scored`` holds the fold id, whether the row is positive, its weight and
    ``_SCORE``; returns a ``CountTable`` with ``fitted`` all False.
    """
    n_ts = len(ts)
    rows = (
        scored.select(
            F.col(fold).cast("int").alias(_FOLD),
            is_pos.alias("pos"),
            weight.alias("w"),
            _negative_steps(F.col(_SCORE), thresholds).alias(_STEP),
        )
        .groupBy(_FOLD, "pos", _STEP)
        .agg(
            F.sum("w").alias("weighted"),
            F.count(F.lit(1)).alias("counts"),
            F.sum(F.col("w") * F.col("w")).alias("squares"),
        )
        .collect()
    )
    # [kind, fold, positive?, step]: the rows negative at the first ``step`` t.
    by_step = np.zeros((3, n_folds, 2, n_ts + 1))
    for row in rows:
        k = row[_FOLD]
        if k is None or not 0 <= k < n_folds:
            raise ValueError(
                f"Fold ids must be integers in [0, numFolds={n_folds}); got {k!r}."
            )
        for j, kind in enumerate(("weighted", "counts", "squares")):
            by_step[j, k, int(row["pos"]), row[_STEP]] = row[kind]
    # Predicted positive at t_i: step <= i (a prefix sum); negative: step > i.
    positive_at = np.cumsum(by_step, axis=-1)[..., :n_ts]
    negative_at = np.cumsum(by_step[..., ::-1], axis=-1)[..., ::-1][..., 1:]
    # CountTable cells tp, fn, tn, fp as (n_ts, n_splits, 4).
    cells = np.stack(
        [
            positive_at[:, :, 1],
            negative_at[:, :, 1],
            negative_at[:, :, 0],
            positive_at[:, :, 0],
        ],
        axis=-1,
    )  # (3, folds, n_ts, 4)
    cells = np.moveaxis(cells, 2, 1)  # (3, n_ts, folds, 4)
    return CountTable(
        ts=np.asarray(ts, dtype=float),
        weighted=cells[0],
        counts=cells[1],
        squares=cells[2],
        repeats=np.zeros(n_folds, dtype=int),
        fitted=np.zeros(n_ts, dtype=bool),
    )


def _count_predictions_table(predicted, ts, n_folds, *, fold, is_pos, pred_pos, weight):
    """The count table of predictions per ``t`` (column ``_T``: index), one
    aggregation; ``fitted`` all True."""
    n_ts = len(ts)
    rows = (
        predicted.select(
            F.col(_T),
            F.col(fold).cast("int").alias(_FOLD),
            is_pos.alias("pos"),
            pred_pos.alias("pred"),
            weight.alias("w"),
        )
        .groupBy(_T, _FOLD, "pos", "pred")
        .agg(
            F.sum("w").alias("weighted"),
            F.count(F.lit(1)).alias("counts"),
            F.sum(F.col("w") * F.col("w")).alias("squares"),
        )
        .collect()
    )
    cells = np.zeros((3, n_ts, n_folds, 4))
    # CountTable's cell order: tp, fn, tn, fp.
    cell = {(True, True): 0, (True, False): 1, (False, False): 2, (False, True): 3}
    for row in rows:
        for j, kind in enumerate(("weighted", "counts", "squares")):
            cells[j, row[_T], row[_FOLD], cell[(row["pos"], row["pred"])]] = row[kind]
    return CountTable(
        ts=np.asarray(ts, dtype=float),
        weighted=cells[0],
        counts=cells[1],
        squares=cells[2],
        repeats=np.zeros(n_folds, dtype=int),
        fitted=np.ones(n_ts, dtype=bool),
    )


def _positive_score(model, pos_index, n_classes):
    """``(column, is_proba)``: the positive class's probability, or on binary
    data without probabilities its raw margin read as log-odds."""
    if model.hasParam("probabilityCol") and model.getOrDefault("probabilityCol"):
        column = model.getOrDefault("probabilityCol")
        return vector_to_array(F.col(column))[pos_index], True
    if n_classes == 2 and model.hasParam("rawPredictionCol"):
        column = model.getOrDefault("rawPredictionCol")
        return vector_to_array(F.col(column))[pos_index], False
    raise ValueError(
        f"method='threshold' needs a classifier with a probabilityCol (or, on "
        f"binary data, a rawPredictionCol); {type(model).__name__} has neither. "
        "Use method='refit'."
    )


def _select(table, objective, minimums, confidence, selection="one_se"):
    """The library's selection rules on the count table."""
    return select_from_counts(
        table,
        objective=objective,
        minimums=minimums,
        confidence=confidence,
        selection=selection,
        note="; requirementMet is False",
    )


class TradeoffClassifierCV(_HasEstimator, Estimator, _CVParams, _Persistable):
    """Choose ``t`` by cross-validation on Spark, then refit at it.

    The Spark form of :class:`sk_imbalance.TradeoffClassifierCV`: the grid
    ``ts`` is cross-validated on ``numFolds`` folds, the confusion counts of
    every ``t`` x fold are summed by Spark into one small count table, and the
    choice (objective, minimums, the one-standard-error rule, confidence
    bounds, warnings, ``requirementMet``, ``guarantee``) is made from it by
    the same selection code as in memory.  No row reaches the driver.

    Read more in the :ref:`User Guide <spark>`.

    Parameters
    ----------
    estimator : pyspark.ml classifier
        The MLlib classifier (with a ``weightCol`` Param).  Its ``labelCol``
        is the label; its ``weightCol``, when set, holds user weights, which
        weigh both the fits and the counts.
    ts : list of float in [0, 1], default=None
        Candidate tradeoffs; None means the library's 23 defaults.
    numFolds : int, default=5
        Number of folds.
    objective : {"balanced_accuracy", "sensitivity", "specificity"} or float, \
            default="balanced_accuracy"
        The mean fold score to maximise (a float ``w``: ``w * sensitivity +
        (1 - w) * specificity``).
    minSensitivity, minSpecificity : float in [0, 1], default=None
        The requirement.
    confidence : float in (0, 1), default=None
        Make the requirement hold on fresh data with this probability (lower
        confidence bounds from the pooled out-of-fold counts).
    selection : {"one_se", "best"}, default="one_se"
        How the objective picks ``bestT`` without minimums: "one_se", among
        the ``t`` within one standard error of the best mean, the one closest
        to 0.5; "best", the best mean (the in-memory rules).
    method : {"auto", "threshold", "refit"}, default="auto"
        "threshold": one weighted fit per fold at ``t = 0.5``, every ``t``
        read as the Bayes decision threshold on its scores (MLlib's
        probabilities, or the raw margin of a binary model as log-odds).
        "refit": one fit per ``t`` per fold.  "auto": "threshold" for
        ``LogisticRegression``, "refit" otherwise.
    seed : int, default=None
        Seed of the random fold assignment.
    parallelism : int, default=1
        Fits run at once by driver threads.
    foldCol : str, default=None
        A column of fold ids ``0 .. numFolds - 1`` to use instead of the
        random assignment.
    posLabel : float, default=None
        The positive class; None means the greater of two labels.
    weightCol : str, default="tradeoff_weight"
        Name of the weight column added for the fits.

    See Also
    --------
    sk_imbalance.TradeoffClassifierCV : The in-memory chooser.
    TradeoffClassifier : The model at a fixed ``t``.

    Examples
    --------
    >>> from pyspark.ml.classification import LogisticRegression
    >>> from pyspark.ml.linalg import Vectors
    >>> from pyspark.sql import SparkSession
    >>> from sk_imbalance.spark import TradeoffClassifierCV
    >>> spark = SparkSession.builder.master("local[1]").getOrCreate()
    >>> rows = [(Vectors.dense([i % 17 + 5.0 * (i % 5 == 0)]), float(i % 5 == 0))
    ...         for i in range(200)]
    >>> df = spark.createDataFrame(rows, ["features", "label"])
    >>> cv = TradeoffClassifierCV(
    ...     estimator=LogisticRegression(), ts=[0.2, 0.5, 0.8], numFolds=3, seed=0
    ... )
    >>> model = cv.fit(df)
    >>> model.bestT in (0.2, 0.5, 0.8)
    True
    """

    def __init__(
        self,
        *,
        estimator=None,
        ts=None,
        numFolds=5,
        objective="balanced_accuracy",
        minSensitivity=None,
        minSpecificity=None,
        confidence=None,
        selection="one_se",
        method="auto",
        seed=None,
        parallelism=1,
        foldCol=None,
        posLabel=None,
        weightCol="tradeoff_weight",
    ):
        super().__init__()
        self._defaults()
        self._set(
            estimator=estimator,
            ts=ts,
            numFolds=numFolds,
            objective=objective,
            minSensitivity=minSensitivity,
            minSpecificity=minSpecificity,
            confidence=confidence,
            selection=selection,
            method=method,
            seed=seed,
            parallelism=parallelism,
            foldCol=foldCol,
            posLabel=posLabel,
            weightCol=weightCol,
        )

    def setParams(self, **params):
        """Set the Params given by keyword.

        Parameters
        ----------
        **params : dict
            Param names and values.

        Returns
        -------
        TradeoffClassifierCV
            This estimator.
        """
        return self._set(**params)

    def _fit(self, dataset):
        estimator = self.getEstimator()
        label, user_weight = _inner_columns(estimator)
        p = _check_cv_params(self)
        ts, n_folds = p["ts"], p["folds"]
        method = p["method"]
        if method == "auto":
            method = _auto_method(estimator)
        fold_col = self.getOrDefault(self.foldCol)
        if fold_col is None:
            seed = self.getOrDefault(self.seed)
            fold = F.floor(F.rand(seed) * n_folds).cast("int")
            fold_col = _FOLD
            data = dataset.withColumn(_FOLD, fold)
        else:
            if fold_col not in dataset.columns:
                raise ValueError(
                    f"foldCol={fold_col!r} is not a column of the dataset; its "
                    f"columns are {dataset.columns}."
                )
            data = dataset
        # Every fit reads the data again: keep the fold assignment (a random
        # column) and the upstream work computed once.
        cached = not data.is_cached
        if cached:
            data = data.persist()
        try:
            return self._fit_folds(
                data, estimator, label, user_weight, p, ts, n_folds, method, fold_col
            )
        finally:
            if cached:
                data.unpersist()

    def _fit_folds(
        self, data, estimator, label, user_weight, p, ts, n_folds, method, fold_col
    ):
        sizes = _class_sizes(data, label, user_weight, fold_col)
        classes = np.array(sorted({c for _, c in sizes}), dtype=float)
        if classes.size < 2:
            raise ValueError(
                "TradeoffClassifierCV needs rows of at least two classes; the label "
                f"column {label!r} holds {classes.tolist()}."
            )
        pos_label = self.getOrDefault(self.posLabel)
        try:
            pos_value = classes[_positive_index(classes, pos_label)]
        except ValueError as exc:
            raise _renamed(exc) from exc
        total = dict.fromkeys(classes, 0.0)
        for (k, c), size in sizes.items():
            if k is None or not 0 <= k < n_folds:
                raise ValueError(
                    f"Fold ids must be integers in [0, numFolds={n_folds}); got {k!r}."
                )
            total[c] += size
        if total[pos_value] <= 0 or sum(total.values()) - total[pos_value] <= 0:
            raise ValueError(
                f"Both the positive class {pos_value!r} and other classes need rows "
                "of positive weight."
            )
        weight_col = self.getOrDefault(self.weightCol)

        def train_units(k, t):
            train = {c: total[c] - sizes.get((k, c), 0.0) for c in classes}
            return _unit_weights(train, t, pos_label, None)

        def fit(k, t):
            train_classes, unit = train_units(k, t)
            train = data.filter(F.col(fold_col) != k)
            return _fit_weighted(
                estimator, train, weight_col, train_classes, unit, user_weight, label
            )

        is_pos = F.col(label) == float(pos_value)
        weight = F.lit(1.0) if not user_weight else F.col(user_weight).cast("double")
        jobs = [(k, 0.5) for k in range(n_folds)]
        if method == "refit":
            jobs = [(k, float(t)) for k in range(n_folds) for t in ts]
        with ThreadPool(min(p["parallelism"], len(jobs))) as pool:
            models = pool.starmap(fit, jobs)

        if method == "threshold":
            parts, is_proba = [], None
            for (k, _), model in zip(jobs, models, strict=True):
                # MLlib's labels are the indices of its probability vectors.
                score, is_proba = _positive_score(model, int(pos_value), classes.size)
                test = data.filter(F.col(fold_col) == k)
                parts.append(
                    model.transform(test).select(
                        fold_col, label, weight.alias("__w"), score.alias(_SCORE)
                    )
                )
            scored = _union(parts)
            table = _count_threshold_table(
                scored,
                ts,
                _decision_thresholds(ts, is_proba),
                n_folds,
                fold=fold_col,
                is_pos=is_pos,
                weight=F.col("__w"),
            )
        else:
            parts = []
            for i, ((k, _), model) in enumerate(zip(jobs, models, strict=True)):
                test = data.filter(F.col(fold_col) == k)
                prediction = model.getOrDefault("predictionCol")
                parts.append(
                    model.transform(test).select(
                        F.lit(i % len(ts)).alias(_T),
                        fold_col,
                        label,
                        weight.alias("__w"),
                        (F.col(prediction) == float(pos_value)).alias("__pred"),
                    )
                )
            table = _count_predictions_table(
                _union(parts),
                ts,
                n_folds,
                fold=fold_col,
                is_pos=is_pos,
                pred_pos=F.col("__pred"),
                weight=F.col("__w"),
            )

        selection = _select(
            table, p["objective"], p["minimums"], p["confidence"], p["selection"]
        )
        best_t = float(selection.t)
        all_classes, unit = _unit_weights(total, best_t, pos_label, None)
        best = _fit_weighted(
            estimator, data, weight_col, all_classes, unit, user_weight, label
        )
        best_model = TradeoffClassificationModel(
            model=best,
            classWeight={
                float(c): float(w) for c, w in zip(all_classes, unit, strict=True)
            },
        )
        best_model._set(t=best_t, posLabel=pos_label, weightCol=weight_col)
        model = TradeoffClassifierCVModel(
            bestModel=best_model,
            bestT=best_t,
            cvResults=selection.cv_results,
            requirementMet=selection.requirement_met,
            guarantee=selection.guarantee,
            method=method,
            countTable=table,
        )
        return self._copyValues(model)


def _union(parts):
    out = parts[0]
    for part in parts[1:]:
        out = out.unionByName(part)
    return out


def _jsonable(value):
    """``cvResults`` / ``guarantee`` as JSON (arrays as lists)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, np.ma.MaskedArray):
        return _jsonable(np.ma.getdata(value))
    if isinstance(value, np.ndarray):
        return [_jsonable(v) for v in value.tolist()]
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    return value


def _from_json(value):
    if isinstance(value, dict):
        return {k: _from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return value
        return np.array([float(v) if v in ("nan", "inf", "-inf") else v for v in value])
    if value in ("nan", "inf", "-inf"):
        return float(value)
    return value


class TradeoffClassifierCVModel(Model, _CVParams, _Persistable):
    """A fitted :class:`TradeoffClassifierCV`: the model at ``bestT``, its CV.

    The cross-validation that chose ``bestT`` is in ``cvResults``;
    ``transform`` is the transform of ``bestModel``, a
    :class:`TradeoffClassificationModel` fitted on all the rows at ``bestT``.

    Read more in the :ref:`User Guide <spark>`.

    Parameters
    ----------
    bestModel : TradeoffClassificationModel, default=None
        The model refitted at ``bestT``.
    bestT : float, default=None
        The chosen tradeoff.
    cvResults : dict, default=None
        The ``cv_results_`` of the in-memory chooser, from the count table.
    requirementMet : bool, default=True
        Whether the chosen ``t`` meets the minimums.
    guarantee : dict, default=None
        The confidence bounds (``confidence`` set), else None.
    method : str, default=None
        The path used ("threshold" or "refit"), kept as ``methodUsed``.
    countTable : CountTable, default=None
        The confusion counts per ``t`` x fold (not saved).

    See Also
    --------
    TradeoffClassifierCV : The estimator that fits it.

    Examples
    --------
    >>> from pyspark.ml.classification import LogisticRegression
    >>> from pyspark.ml.linalg import Vectors
    >>> from pyspark.sql import SparkSession
    >>> from sk_imbalance.spark import TradeoffClassifierCV
    >>> spark = SparkSession.builder.master("local[1]").getOrCreate()
    >>> rows = [(Vectors.dense([i % 17 + 5.0 * (i % 5 == 0)]), float(i % 5 == 0))
    ...         for i in range(200)]
    >>> df = spark.createDataFrame(rows, ["features", "label"])
    >>> model = TradeoffClassifierCV(
    ...     estimator=LogisticRegression(), ts=[0.3, 0.5], numFolds=2, seed=1
    ... ).fit(df)
    >>> sorted(model.cvResults["param_t"].tolist())
    [0.3, 0.5]
    """

    def __init__(
        self,
        *,
        bestModel=None,
        bestT=None,
        cvResults=None,
        requirementMet=True,
        guarantee=None,
        method=None,
        countTable=None,
    ):
        super().__init__()
        self._defaults()
        self.bestModel = bestModel
        self.bestT = bestT
        self.cvResults = cvResults
        self.requirementMet = bool(requirementMet)
        self.guarantee = guarantee
        self.methodUsed = method
        self.countTable = countTable

    def _transform(self, dataset):
        return self.bestModel.transform(dataset)

    def copy(self, extra=None):
        """Copy with the best model copied too.

        Parameters
        ----------
        extra : dict, default=None
            Params to set on the copy.

        Returns
        -------
        TradeoffClassifierCVModel
            The copy.
        """
        that = super().copy(extra)
        that.bestModel = self.bestModel.copy()
        return that

    def _saved_parts(self):
        extra = {
            "bestT": self.bestT,
            "requirementMet": self.requirementMet,
            "method": self.methodUsed,
            "fitted": json.dumps(
                {
                    "cvResults": _jsonable(self.cvResults),
                    "guarantee": _jsonable(self.guarantee),
                }
            ),
        }
        return extra, {"bestModel": self.bestModel}

    @classmethod
    def _from_saved(cls, inner, metadata):
        fitted = json.loads(metadata["fitted"])
        return cls(
            bestModel=inner["bestModel"],
            bestT=metadata["bestT"],
            cvResults=_from_json(fitted["cvResults"]),
            requirementMet=metadata["requirementMet"],
            guarantee=_from_json(fitted["guarantee"]),
            method=metadata["method"],
        )
