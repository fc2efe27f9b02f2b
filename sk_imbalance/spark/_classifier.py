"""`TradeoffClassifier` on Spark: the library's weights as a column, then MLlib.

``fit`` counts the (weighted) class sizes in one aggregation, turns them into a
weight per class with :func:`sk_imbalance._weights._class_unit_weights` (the
formula of :func:`~sk_imbalance.tradeoff_sample_weight`), adds the weight
column and fits the inner MLlib classifier with its ``weightCol`` set to it.
"""

import os
from numbers import Real

import numpy as np
from pyspark.ml import Estimator, Model
from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.util import (
    DefaultParamsReader,
    DefaultParamsWriter,
    MLReadable,
    MLReader,
    MLWritable,
    MLWriter,
)
from pyspark.sql import functions as F

from sk_imbalance._weights import _class_unit_weights
from sk_imbalance.utils._validation import _check_t

__all__ = ["TradeoffClassificationModel", "TradeoffClassifier"]

# The library's parameter names in the messages of the shared weighting code,
# and the Params that carry them here.
_PARAM_NAMES = {"class_priority": "classPriority", "pos_label": "posLabel"}


def _to_optional_float(value):
    return None if value is None else TypeConverters.toFloat(value)


def _to_priority(value):
    """``{label: priority}`` as floats; a list of pairs (its saved form) too."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        value = dict(value)
    if not isinstance(value, dict) or not value:
        raise TypeError(
            "classPriority must be a non-empty dict {label: priority}, got "
            f"{value!r}."
        )
    return {float(label): p for label, p in value.items()}


class _TradeoffParams(Params):
    """The Params shared by the estimator, its model and the chooser."""

    t = Param(
        Params._dummy(),
        "t",
        "share of the weight given to the positive class, in [0, 1]: 1 means only "
        "sensitivity matters, 0 only specificity, 0.5 both equally",
        typeConverter=TypeConverters.toFloat,
    )
    classPriority = Param(
        Params._dummy(),
        "classPriority",
        "multi-class priorities {label: priority >= 0}: class c receives the share "
        "p_c / sum(p) of the weight (classes not named get 1); not with t or "
        "posLabel",
        typeConverter=_to_priority,
    )
    posLabel = Param(
        Params._dummy(),
        "posLabel",
        "the positive class label; None means the greater of two labels (on "
        "multi-class data, a one-vs-rest tradeoff needs it)",
        typeConverter=_to_optional_float,
    )
    weightCol = Param(
        Params._dummy(),
        "weightCol",
        "name of the tradeoff weight column added for the inner estimator's fit",
        typeConverter=TypeConverters.toString,
    )

    def getT(self):
        """Get the value of t or its default.

        Returns
        -------
        float
            The tradeoff.
        """
        return self.getOrDefault(self.t)

    def getClassPriority(self):
        """Get the value of classPriority or its default.

        Returns
        -------
        dict or None
            The priorities.
        """
        return self.getOrDefault(self.classPriority)

    def getPosLabel(self):
        """Get the value of posLabel or its default.

        Returns
        -------
        float or None
            The positive label.
        """
        return self.getOrDefault(self.posLabel)

    def getWeightCol(self):
        """Get the value of weightCol or its default.

        Returns
        -------
        str
            The name of the tradeoff weight column.
        """
        return self.getOrDefault(self.weightCol)


def _inner_columns(estimator):
    """``(label column, user weight column or None)`` of the inner estimator;
    a clear error when it cannot take weights."""
    if not isinstance(estimator, Estimator):
        raise TypeError(
            "estimator must be a pyspark.ml Estimator (an MLlib classifier such as "
            f"LogisticRegression()), got {estimator!r}."
        )
    if not estimator.hasParam("weightCol"):
        raise ValueError(
            f"estimator {type(estimator).__name__} has no weightCol Param, so it "
            "cannot be trained with the tradeoff weights. Use an MLlib classifier "
            "that takes weightCol: LogisticRegression, LinearSVC, "
            "DecisionTreeClassifier, RandomForestClassifier, GBTClassifier, "
            "NaiveBayes or FMClassifier."
        )
    label = (
        estimator.getOrDefault("labelCol")
        if estimator.hasParam("labelCol")
        else "label"
    )
    param = estimator.getParam("weightCol")
    user = estimator.getOrDefault(param) if estimator.isDefined(param) else None
    return label, (user or None)


def _class_sizes(dataset, label_col, user_weight, *by):
    """``{(*by values, label): weighted size}``, one aggregation."""
    size = (
        F.sum(F.col(user_weight).cast("double"))
        if user_weight
        else F.count(F.lit(1)).cast("double")
    )
    rows = dataset.groupBy(*by, label_col).agg(size.alias("size")).collect()
    sizes = {}
    for row in rows:
        if row[label_col] is None:
            raise ValueError(
                f"The label column {label_col!r} holds null values; drop or fill "
                "them before fitting."
            )
        sizes[tuple(row)[:-1]] = float(row["size"] or 0.0)
    return sizes


def _unit_weights(sizes, t, pos_label, class_priority):
    """``(classes, weight per unit of user weight)`` from ``{label: size}``."""
    classes = np.array(sorted(sizes), dtype=float)
    if classes.size == 0:
        raise ValueError("The dataset is empty: there are no classes to weigh.")
    values = np.array([sizes[c] for c in classes], dtype=float)
    try:
        unit = _class_unit_weights(
            classes,
            values,
            values.sum(),
            t,
            pos_label=pos_label,
            class_priority=class_priority,
        )
    except (TypeError, ValueError) as exc:
        raise _renamed(exc) from exc
    return classes, unit


def _renamed(exc):
    """The shared code's error with the Params' names instead of its own."""
    message = str(exc)
    for ours, theirs in _PARAM_NAMES.items():
        message = message.replace(ours, theirs)
    return type(exc)(message)


def _weight_column(label_col, user_weight, classes, unit):
    """The column ``user weight * unit[label]``."""
    weight = F.lit(0.0)
    for c, w in zip(classes, unit, strict=True):
        weight = F.when(F.col(label_col) == float(c), float(w)).otherwise(weight)
    if user_weight:
        weight = weight * F.col(user_weight).cast("double")
    return weight


def _check_params(instance):
    """``(t, posLabel, classPriority)`` checked."""
    t = instance.getT()
    if isinstance(t, Real) and not 0.0 <= t <= 1.0:
        raise ValueError(f"t must be in [0, 1], got t={t!r}.")
    return _check_t(t), instance.getPosLabel(), instance.getClassPriority()


def _fit_weighted(estimator, dataset, weight_col, classes, unit, user_weight, label):
    """Fit a copy of ``estimator`` on ``dataset`` with the tradeoff weights."""
    weighted = dataset.withColumn(
        weight_col, _weight_column(label, user_weight, classes, unit)
    )
    inner = estimator.copy()
    inner.set(inner.getParam("weightCol"), weight_col)
    return inner.fit(weighted)


class _HasEstimator(Params):
    estimator = Param(
        Params._dummy(),
        "estimator",
        "the MLlib classifier to train (it must have a weightCol Param)",
    )

    def getEstimator(self):
        """Get the inner MLlib classifier.

        Returns
        -------
        pyspark.ml.Estimator
            The inner estimator.
        """
        return self.getOrDefault(self.estimator)

    def setEstimator(self, value):
        """Set the inner MLlib classifier.

        Parameters
        ----------
        value : pyspark.ml.Estimator
            The classifier.

        Returns
        -------
        self
            This instance.
        """
        return self._set(estimator=value)

    def copy(self, extra=None):
        """Copy with the inner estimator copied too, and ``extra`` Params set.

        Parameters
        ----------
        extra : dict, default=None
            Params to set on the copy.

        Returns
        -------
        self
            The copy.
        """
        that = super().copy(extra)
        if that.isDefined(that.estimator) and that.getEstimator() is not None:
            that._set(estimator=that.getEstimator().copy())
        return that

    def _saved_parts(self):
        estimator = (
            self.getOrDefault(self.estimator)
            if self.isDefined(self.estimator)
            else None
        )
        return {}, {"estimator": estimator}

    @classmethod
    def _from_saved(cls, inner, metadata):
        return cls()


class _Persistable(MLReadable, MLWritable):
    """``save``/``load`` for every stage of this package, through `_Writer`
    and `_Reader` (see "Persistence" below)."""

    def write(self):
        """An MLWriter that saves the Params and the inner estimator or models.

        Returns
        -------
        pyspark.ml.util.MLWriter
            The writer.
        """
        return _Writer(self)

    @classmethod
    def read(cls):
        """An MLReader that loads a saved instance of this class.

        Returns
        -------
        pyspark.ml.util.MLReader
            The reader.
        """
        return _Reader(cls)


class TradeoffClassifier(_HasEstimator, Estimator, _TradeoffParams, _Persistable):
    """An MLlib classifier trained for the sensitivity/specificity tradeoff ``t``.

    The Spark form of :class:`sk_imbalance.TradeoffClassifier`: ``fit`` adds a
    weight column with the weights of
    :func:`sk_imbalance.tradeoff_sample_weight` (the positive class receives
    the share ``t`` of the total weight; the inner estimator's own
    ``weightCol``, when set, is multiplied in) and fits the inner classifier
    with its ``weightCol`` set to that column.  The class sizes are counted in
    one aggregation; no row reaches the driver.  It is a Pipeline stage and is
    saved and loaded with MLlib's persistence.

    Read more in the :ref:`User Guide <spark>`.

    Parameters
    ----------
    estimator : pyspark.ml classifier
        The MLlib classifier to train; it must have a ``weightCol`` Param
        (LogisticRegression, LinearSVC, DecisionTreeClassifier,
        RandomForestClassifier, GBTClassifier, NaiveBayes, FMClassifier).  Its
        ``labelCol`` is the label; its ``weightCol``, when set, holds the
        user's weights.
    t : float in [0, 1], default=0.5
        Share of the weight given to the positive class.
    classPriority : dict {label: float >= 0}, default=None
        Multi-class priorities; cannot be combined with ``t`` or ``posLabel``.
    posLabel : float, default=None
        The positive class; None means the greater of two labels.
    weightCol : str, default="tradeoff_weight"
        Name of the weight column added for the fit.

    See Also
    --------
    sk_imbalance.TradeoffClassifier : The in-memory estimator.
    TradeoffClassifierCV : Chooses ``t`` by cross-validation.

    Examples
    --------
    >>> from pyspark.ml.classification import LogisticRegression
    >>> from pyspark.ml.linalg import Vectors
    >>> from pyspark.sql import SparkSession
    >>> from sk_imbalance.spark import TradeoffClassifier
    >>> spark = SparkSession.builder.master("local[1]").getOrCreate()
    >>> df = spark.createDataFrame(
    ...     [(Vectors.dense([float(i)]), float(i >= 7)) for i in range(10)],
    ...     ["features", "label"],
    ... )
    >>> model = TradeoffClassifier(estimator=LogisticRegression(), t=0.8).fit(df)
    >>> {k: round(v, 3) for k, v in model.classWeight.items()}
    {0.0: 0.286, 1.0: 2.667}
    """

    def __init__(
        self,
        *,
        estimator=None,
        t=0.5,
        classPriority=None,
        posLabel=None,
        weightCol="tradeoff_weight",
    ):
        super().__init__()
        self._setDefault(t=0.5, classPriority=None, posLabel=None)
        self._setDefault(weightCol="tradeoff_weight")
        self._set(
            estimator=estimator,
            t=t,
            classPriority=classPriority,
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
        TradeoffClassifier
            This estimator.
        """
        return self._set(**params)

    def setT(self, value):
        """Set the tradeoff ``t``.

        Parameters
        ----------
        value : float in [0, 1]
            The tradeoff.

        Returns
        -------
        TradeoffClassifier
            This estimator.
        """
        return self._set(t=value)

    def _fit(self, dataset):
        estimator = self.getEstimator()
        label, user_weight = _inner_columns(estimator)
        t, pos_label, class_priority = _check_params(self)
        sizes = {k[0]: v for k, v in _class_sizes(dataset, label, user_weight).items()}
        classes, unit = _unit_weights(sizes, t, pos_label, class_priority)
        model = _fit_weighted(
            estimator, dataset, self.getWeightCol(), classes, unit, user_weight, label
        )
        return self._copyValues(
            TradeoffClassificationModel(
                model=model, classWeight=dict(zip(classes, unit, strict=True))
            )
        )


class TradeoffClassificationModel(Model, _TradeoffParams, _Persistable):
    """A fitted :class:`TradeoffClassifier`: the inner MLlib model and its weights.

    ``transform`` is the inner model's ``transform``.

    Read more in the :ref:`User Guide <spark>`.

    Parameters
    ----------
    model : pyspark.ml.Model, default=None
        The fitted inner model.
    classWeight : dict {label: float}, default=None
        The weight per unit of user weight each class received.

    See Also
    --------
    TradeoffClassifier : The estimator that fits it.

    Examples
    --------
    >>> from pyspark.ml.classification import LogisticRegression
    >>> from pyspark.ml.linalg import Vectors
    >>> from pyspark.sql import SparkSession
    >>> from sk_imbalance.spark import TradeoffClassifier
    >>> spark = SparkSession.builder.master("local[1]").getOrCreate()
    >>> df = spark.createDataFrame(
    ...     [(Vectors.dense([float(i)]), float(i >= 7)) for i in range(10)],
    ...     ["features", "label"],
    ... )
    >>> model = TradeoffClassifier(estimator=LogisticRegression()).fit(df)
    >>> model.transform(df).select("prediction").first()
    Row(prediction=0.0)
    """

    def __init__(self, *, model=None, classWeight=None):
        super().__init__()
        self._model = model
        self._class_weight = {
            float(k): float(v) for k, v in (classWeight or {}).items()
        }
        self._setDefault(t=0.5, classPriority=None, posLabel=None)
        self._setDefault(weightCol="tradeoff_weight")

    @property
    def model(self):
        """The fitted inner MLlib model.

        Returns
        -------
        pyspark.ml.Model
            The inner model.
        """
        return self._model

    @property
    def classWeight(self):
        """The weight per unit of user weight of each class, ``{label: weight}``.

        Each row of class ``label`` weighed ``weight`` times its user weight
        in the fit.

        Returns
        -------
        dict
            The class weights.
        """
        return dict(self._class_weight)

    def _transform(self, dataset):
        return self._model.transform(dataset)

    def copy(self, extra=None):
        """Copy with the inner model copied too.

        Parameters
        ----------
        extra : dict, default=None
            Params to set on the copy.

        Returns
        -------
        TradeoffClassificationModel
            The copy.
        """
        that = super().copy(extra)
        that._model = self._model.copy()
        return that

    def _saved_parts(self):
        weights = [[k, v] for k, v in self._class_weight.items()]
        return {"classWeight": weights}, {"model": self._model}

    @classmethod
    def _from_saved(cls, inner, metadata):
        return cls(
            model=inner["model"], classWeight=dict(map(tuple, metadata["classWeight"]))
        )


# Persistence: the Params as JSON metadata (the priorities as pairs, since JSON
# keys are strings), each inner estimator or model saved by its own writer in a
# subdirectory, as MLlib's OneVsRest does.  A class says what it saves beyond
# its Params (``_saved_parts``) and how it is rebuilt (``_from_saved``).


class _Writer(MLWriter):
    def __init__(self, instance):
        super().__init__()
        self.instance = instance

    def saveImpl(self, path):
        instance = self.instance
        extra, inner = instance._saved_parts()
        inner = {name: value for name, value in inner.items() if value is not None}
        for name, value in inner.items():
            if not isinstance(value, MLWritable):
                raise ValueError(
                    f"{type(instance).__name__} cannot be saved: its {name} "
                    f"{type(value).__name__} is not MLWritable."
                )
        params = DefaultParamsWriter.extractJsonParams(
            instance, ["estimator", "classPriority"]
        )
        priority = instance.getClassPriority()
        extra = {
            **extra,
            "classPriority": None if priority is None else list(priority.items()),
            "inner": sorted(inner),
        }
        DefaultParamsWriter.saveMetadata(
            instance, path, self.sparkSession, extraMetadata=extra, paramMap=params
        )
        for name, value in inner.items():
            value.save(os.path.join(path, name))


class _Reader(MLReader):
    def __init__(self, cls):
        super().__init__()
        self.cls = cls

    def load(self, path):
        sc = self.sparkSession
        metadata = DefaultParamsReader.loadMetadata(path, sc)
        inner = {
            name: DefaultParamsReader.loadParamsInstance(os.path.join(path, name), sc)
            for name in metadata["inner"]
        }
        instance = self.cls._from_saved(inner, metadata)
        instance._resetUid(metadata["uid"])
        DefaultParamsReader.getAndSetParams(instance, metadata)
        if metadata.get("classPriority") is not None:
            instance._set(classPriority=metadata["classPriority"])
        if "estimator" in inner:
            instance._set(estimator=inner["estimator"])
        return instance
