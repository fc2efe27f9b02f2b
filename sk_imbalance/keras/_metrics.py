"""Streaming sensitivity, specificity, per-class accuracy and tradeoff score.

Every metric here keeps one 2 x 2 table of weighted one-vs-rest confusion counts,
``[[TN, FP], [FN, TP]]`` for its class, filled by :func:`_confusion_counts` and
zeroed by Keras at the start of every epoch and every ``evaluate``.  The rates
are computed from the table only in ``result()``, which is what makes the
epoch value the rate over the whole epoch rather than a mean of batch rates.
"""

from numbers import Integral, Real

import keras
import numpy as np
from keras import ops

from sk_imbalance.utils._validation import _check_t

__all__ = ["PerClassAccuracy", "Sensitivity", "Specificity", "TradeoffScore"]

_DEFAULT_THRESHOLD = 0.5


def _is_real(value):
    return isinstance(value, Real) and not isinstance(value, bool)


def _check_label(value, name):
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer class index, got {value!r}.")
    if value < 0:
        raise ValueError(f"{name} must be a class index >= 0, got {value!r}.")
    return int(value)


def _check_threshold(threshold):
    if not _is_real(threshold):
        raise TypeError(f"threshold must be a number, got {threshold!r}.")
    if not np.isfinite(threshold):
        raise ValueError(f"threshold must be finite, got {threshold!r}.")
    return float(threshold)


def _check_zero_division(zero_division):
    # The library's functions also take "warn", which a compiled step cannot do.
    if not _is_real(zero_division):
        raise TypeError(
            f"zero_division must be 0.0, 1.0 or NaN, got {zero_division!r} (a Keras "
            "metric cannot warn from inside a compiled step)."
        )
    if not (zero_division in (0.0, 1.0) or np.isnan(zero_division)):
        raise ValueError(
            f"zero_division must be 0.0, 1.0 or NaN, got {zero_division!r}."
        )
    return float(zero_division)


def _confusion_counts(y_true, y_pred, sample_weight, *, label, threshold, dtype):
    """Weighted one-vs-rest counts ``[[TN, FP], [FN, TP]]`` of class ``label``.

    A single-column ``y_pred`` (shape ``(n,)`` or ``(n, 1)``) holds the
    probability of class 1, predicted when it exceeds ``threshold``.  A
    ``y_pred`` with ``k > 1`` columns is decided by its argmax, and ``y_true`` is
    then either class indices or one-hot rows.
    """
    y_true = ops.convert_to_tensor(y_true)
    y_pred = ops.convert_to_tensor(y_pred)
    n_columns = y_pred.shape[-1] if len(y_pred.shape) >= 2 else 1
    if n_columns == 1:
        if label > 1:
            raise ValueError(
                f"Class {label} does not exist for a single-column (sigmoid) "
                f"output, whose classes are 0 and 1; y_pred has shape "
                f"{tuple(y_pred.shape)}."
            )
        # ">" as in keras.metrics.Recall and BinaryAccuracy.
        pred_is_label = ops.greater(ops.reshape(y_pred, (-1,)), threshold)
        if label == 0:
            pred_is_label = ops.logical_not(pred_is_label)
        y_true = ops.reshape(y_true, (-1,))
    else:
        if label >= n_columns:
            raise ValueError(
                f"Class {label} does not exist for an output with {n_columns} "
                f"columns (classes 0 to {n_columns - 1})."
            )
        if threshold != _DEFAULT_THRESHOLD:
            raise ValueError(
                f"threshold={threshold!r} applies to single-column (sigmoid) "
                f"outputs only; this output has {n_columns} columns and is decided "
                "by its argmax, as model.predict(x).argmax(axis=-1)."
            )
        one_hot = (
            len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == n_columns
        )
        pred_is_label = ops.equal(
            ops.argmax(ops.reshape(y_pred, (-1, n_columns)), axis=-1), label
        )
        if one_hot:
            y_true = ops.argmax(ops.reshape(y_true, (-1, n_columns)), axis=-1)
        else:
            y_true = ops.reshape(y_true, (-1,))
    actual = ops.cast(ops.equal(ops.cast(y_true, dtype), label), dtype)
    predicted = ops.cast(pred_is_label, dtype)
    if sample_weight is None:
        weight = ops.ones_like(actual)
    else:
        weight = ops.cast(ops.reshape(sample_weight, (-1,)), dtype)
        weight = ops.broadcast_to(weight, ops.shape(actual))
    positive, negative = weight * actual, weight * (1 - actual)
    # Four sums rather than totals minus hits: no rounding residue in empty cells.
    cells = [
        ops.sum(negative * (1 - predicted)),
        ops.sum(negative * predicted),
        ops.sum(positive * (1 - predicted)),
        ops.sum(positive * predicted),
    ]
    return ops.reshape(ops.stack(cells), (2, 2))


def _rate(hits, total, zero_division):
    return ops.where(total > 0, ops.divide_no_nan(hits, total), zero_division)


class _OneVsRestMetric(keras.metrics.Metric):
    """Shared state, update and config of the one-vs-rest confusion-count metrics.

    ``label`` is the class the metric is about, a constructor argument named
    ``_label_param`` and kept as the attribute of that name.
    """

    _label_param = "pos_label"

    def __init__(self, label, *, threshold, zero_division, name, dtype):
        label = _check_label(label, self._label_param)
        if not isinstance(name, str):
            # Keras would fail later with an AttributeError from deep inside.
            raise TypeError(f"name must be a string, got {name!r}.")
        super().__init__(name=name, dtype=dtype)
        self._label = label
        setattr(self, self._label_param, label)
        self.threshold = _check_threshold(threshold)
        self.zero_division = _check_zero_division(zero_division)
        self.confusion = self.add_variable(
            shape=(2, 2), initializer="zeros", name="confusion"
        )

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Add one batch's weighted confusion counts.

        Parameters
        ----------
        y_true : tensor of shape (n,), (n, 1) or (n, k)
            Class indices, or one-hot rows for a ``k``-column output.
        y_pred : tensor of shape (n,), (n, 1) or (n, k)
            Probability of class 1 (single column) or class scores (``k``
            columns, decided by argmax).
        sample_weight : tensor of shape (n,) or (n, 1), default=None
            One weight per sample.
        """
        self.confusion.assign_add(
            _confusion_counts(
                y_true,
                y_pred,
                sample_weight,
                label=self._label,
                threshold=self.threshold,
                dtype=self.dtype,
            )
        )

    def _sensitivity(self):
        counts = ops.convert_to_tensor(self.confusion)
        return _rate(counts[1, 1], counts[1, 0] + counts[1, 1], self.zero_division)

    def _specificity(self):
        counts = ops.convert_to_tensor(self.confusion)
        return _rate(counts[0, 0], counts[0, 0] + counts[0, 1], self.zero_division)

    def get_config(self):
        """Return the constructor arguments, for saving and ``from_config``.

        Returns
        -------
        config : dict
            Keras's base configuration and this metric's arguments.
        """
        return {
            **super().get_config(),
            "threshold": self.threshold,
            "zero_division": self.zero_division,
            self._label_param: self._label,
        }


@keras.saving.register_keras_serializable(package="sk_imbalance")
class Sensitivity(_OneVsRestMetric):
    """Sensitivity, TP / (TP + FN), over all batches since the last reset.

    The streaming counterpart of :func:`sk_imbalance.metrics.sensitivity_score`:
    the value at the end of an epoch equals that function on the epoch's labels
    and thresholded predictions (weighted when used in ``weighted_metrics``).

    Parameters
    ----------
    threshold : float, default=0.5
        For a single-column (sigmoid) output, class 1 is predicted when the
        output exceeds ``threshold`` (use 0.0 for a logit output).  Outputs with
        several columns are decided by argmax and accept only the default.
    pos_label : int, default=1
        Index of the positive class.  With a softmax output, the sensitivity
        of that class against all others.
    zero_division : {0.0, 1.0, NaN}, default=0.0
        Value while no positive sample has been seen.
    name : str, default="sensitivity"
        Name in the training logs.
    dtype : str, default=None
        Dtype of the counts; None means ``keras.backend.floatx()``.

    Attributes
    ----------
    confusion : keras.Variable of shape (2, 2)
        Weighted one-vs-rest counts ``[[TN, FP], [FN, TP]]`` since the last
        reset.

    See Also
    --------
    sk_imbalance.metrics.sensitivity_score : The same rate from arrays.
    keras.metrics.Recall : The same rate for a sigmoid output, without
        ``pos_label`` or softmax support.

    Examples
    --------
    >>> from sk_imbalance.keras import Sensitivity
    >>> m = Sensitivity()
    >>> m.update_state([1, 1, 0, 0], [0.9, 0.2, 0.1, 0.6])  # 1 of 2 positives
    >>> m.update_state([1, 0], [0.7, 0.3])  # 1 of 1: the batch mean would be 0.75
    >>> round(float(m.result()), 4)  # 2 of 3 positives found
    0.6667
    """

    def __init__(
        self,
        threshold=0.5,
        pos_label=1,
        *,
        zero_division=0.0,
        name="sensitivity",
        dtype=None,
    ):
        super().__init__(
            pos_label,
            threshold=threshold,
            zero_division=zero_division,
            name=name,
            dtype=dtype,
        )

    def result(self):
        """Return the sensitivity of the counts since the last reset.

        Returns
        -------
        value : scalar tensor
            TP / (TP + FN), or ``zero_division`` while no positive sample has
            been seen.
        """
        return self._sensitivity()


@keras.saving.register_keras_serializable(package="sk_imbalance")
class Specificity(_OneVsRestMetric):
    """Specificity, TN / (TN + FP), over all batches since the last reset.

    The streaming counterpart of :func:`sk_imbalance.metrics.specificity_score`
    (one-vs-rest for a softmax output).  Keras has no plain specificity metric.

    Parameters
    ----------
    threshold : float, default=0.5
        For a single-column (sigmoid) output, class 1 is predicted when the
        output exceeds ``threshold``.  Outputs with several columns are decided
        by argmax and accept only the default.
    pos_label : int, default=1
        Index of the positive class; the negatives are all other samples.
    zero_division : {0.0, 1.0, NaN}, default=0.0
        Value while no negative sample has been seen.
    name : str, default="specificity"
        Name in the training logs.
    dtype : str, default=None
        Dtype of the counts; None means ``keras.backend.floatx()``.

    Attributes
    ----------
    confusion : keras.Variable of shape (2, 2)
        Weighted one-vs-rest counts ``[[TN, FP], [FN, TP]]`` since the last
        reset.

    See Also
    --------
    sk_imbalance.metrics.specificity_score : The same rate from arrays.
    Sensitivity : The rate on the positive class.

    Examples
    --------
    >>> from sk_imbalance.keras import Specificity
    >>> m = Specificity()
    >>> m.update_state([0, 0, 0, 1], [0.1, 0.8, 0.3, 0.9])
    >>> round(float(m.result()), 4)  # 2 of 3 negatives predicted negative
    0.6667
    """

    def __init__(
        self,
        threshold=0.5,
        pos_label=1,
        *,
        zero_division=0.0,
        name="specificity",
        dtype=None,
    ):
        super().__init__(
            pos_label,
            threshold=threshold,
            zero_division=zero_division,
            name=name,
            dtype=dtype,
        )

    def result(self):
        """Return the specificity of the counts since the last reset.

        Returns
        -------
        value : scalar tensor
            TN / (TN + FP), or ``zero_division`` while no negative sample has
            been seen.
        """
        return self._specificity()


@keras.saving.register_keras_serializable(package="sk_imbalance")
class PerClassAccuracy(_OneVsRestMetric):
    """Accuracy on one class, P(predict c | c), over all batches since the reset.

    The streaming counterpart of one entry of
    :func:`sk_imbalance.metrics.per_class_accuracy_score`: the fraction of the
    samples of class ``class_id`` that the model assigns to it (the recall of
    that class), for a softmax output decided by argmax.

    Parameters
    ----------
    class_id : int
        Index of the class (column of the softmax output).
    threshold : float, default=0.5
        Only for a single-column (sigmoid) output, where class 1 is predicted
        when the output exceeds ``threshold``.
    zero_division : {0.0, 1.0, NaN}, default=0.0
        Value while no sample of the class has been seen.
    name : str, default=None
        Name in the training logs; None means ``"per_class_accuracy_<class_id>"``.
    dtype : str, default=None
        Dtype of the counts; None means ``keras.backend.floatx()``.

    Attributes
    ----------
    confusion : keras.Variable of shape (2, 2)
        Weighted one-vs-rest counts ``[[TN, FP], [FN, TP]]`` since the last
        reset, class ``class_id`` being the positive one.

    See Also
    --------
    sk_imbalance.metrics.per_class_accuracy_score : All classes from arrays.
    sklearn.metrics.recall_score : ``average=None`` gives the same per class.

    Examples
    --------
    >>> from sk_imbalance.keras import PerClassAccuracy
    >>> m = PerClassAccuracy(2)
    >>> y_true = [2, 2, 0, 1]  # class indices (one-hot rows work too)
    >>> y_pred = [[0.1, 0.2, 0.7], [0.5, 0.1, 0.4], [0.1, 0.1, 0.8], [0, 1, 0]]
    >>> m.update_state(y_true, y_pred)
    >>> round(float(m.result()), 4)  # 1 of 2 samples of class 2 found
    0.5
    """

    _label_param = "class_id"

    def __init__(
        self,
        class_id,
        *,
        threshold=0.5,
        zero_division=0.0,
        name=None,
        dtype=None,
    ):
        super().__init__(
            class_id,
            threshold=threshold,
            zero_division=zero_division,
            name=f"per_class_accuracy_{class_id}" if name is None else name,
            dtype=dtype,
        )

    def result(self):
        """Return the accuracy on class ``class_id`` since the last reset.

        Returns
        -------
        value : scalar tensor
            TP / (TP + FN) of the class, or ``zero_division`` while no sample
            of it has been seen.
        """
        return self._sensitivity()


@keras.saving.register_keras_serializable(package="sk_imbalance")
class TradeoffScore(_OneVsRestMetric):
    """The tradeoff t * sensitivity + (1 - t) * specificity since the last reset.

    The streaming counterpart of :func:`sk_imbalance.metrics.tradeoff_score`,
    the metric that matches training with
    ``class_weight=tradeoff_class_weight(y, t)``; ``t=0.5`` is the balanced
    accuracy.

    Parameters
    ----------
    t : float in [0, 1], default=0.5
        Weight of the sensitivity; 1 - t weighs the specificity.
    threshold : float, default=0.5
        For a single-column (sigmoid) output, class 1 is predicted when the
        output exceeds ``threshold``.  Outputs with several columns are decided
        by argmax and accept only the default.
    pos_label : int, default=1
        Index of the positive class.
    zero_division : {0.0, 1.0, NaN}, default=0.0
        Value of a rate whose class has not been seen yet; a rate weighted 0
        (at ``t=0`` or ``t=1``) is left out.
    name : str, default="tradeoff_score"
        Name in the training logs.
    dtype : str, default=None
        Dtype of the counts; None means ``keras.backend.floatx()``.

    Attributes
    ----------
    confusion : keras.Variable of shape (2, 2)
        Weighted one-vs-rest counts ``[[TN, FP], [FN, TP]]`` since the last
        reset.

    See Also
    --------
    sk_imbalance.metrics.tradeoff_score : The same score from arrays.
    sk_imbalance.tradeoff_class_weight : The class weights that train for ``t``.

    Examples
    --------
    >>> from sk_imbalance.keras import TradeoffScore
    >>> m = TradeoffScore(t=0.8)
    >>> m.update_state([1, 1, 0, 0], [0.9, 0.2, 0.1, 0.6])
    >>> round(float(m.result()), 4)  # 0.8 * 1/2 + 0.2 * 1/2
    0.5
    """

    def __init__(
        self,
        t=0.5,
        threshold=0.5,
        pos_label=1,
        *,
        zero_division=0.0,
        name="tradeoff_score",
        dtype=None,
    ):
        t = _check_t(t)
        super().__init__(
            pos_label,
            threshold=threshold,
            zero_division=zero_division,
            name=name,
            dtype=dtype,
        )
        self.t = t

    def result(self):
        """Return the tradeoff score of the counts since the last reset.

        Returns
        -------
        value : scalar tensor
            ``t * sensitivity + (1 - t) * specificity``; a rate weighted 0 is
            left out, a rate whose class has not been seen is ``zero_division``.
        """
        # As tradeoff_score: a rate with weight 0 is left out, so t=1 needs no
        # negatives (and zero_division=NaN does not leak into the score).
        score = ops.zeros((), dtype=self.dtype)
        if self.t > 0:
            score = score + self.t * self._sensitivity()
        if self.t < 1:
            score = score + (1.0 - self.t) * self._specificity()
        return score

    def get_config(self):
        """Return the constructor arguments, for saving and ``from_config``.

        Returns
        -------
        config : dict
            Keras's base configuration and this metric's arguments.
        """
        return {**super().get_config(), "t": self.t}
