"""Sensitivity, specificity and per-class accuracy from one counting core.

Every metric here calls :func:`_confusion_counts`, which reads the labels once,
block by block, and returns the (weighted) confusion counts the metric needs:

- with a ``pos_label`` it counts the one-vs-rest cells ``tn, fp, fn, tp`` with two
  boolean masks, so nothing is sorted and string labels cost one comparison each;
- otherwise it maps both label arrays to small integer codes (directly for
  integers in a small range, else by ``np.unique`` + ``searchsorted``) and counts
  ``code_true * n_codes + code_pred`` with one ``np.bincount`` per block.

Each cell is summed directly, never obtained by subtracting weighted sums, so a
cell that holds no weight is exactly zero and ``zero_division`` triggers exactly
when it should.  Blocks keep the temporaries small: the extra memory does not grow
with the number of samples.
"""

import warnings
from typing import NamedTuple

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning

from sk_imbalance._compat import validate_params
from sk_imbalance.exceptions import AbsentClassWarning
from sk_imbalance.utils._indexing import _block_size, _blocks
from sk_imbalance.utils._labels import _BINCOUNT_RANGE, _py
from sk_imbalance.utils._validation import (
    LABEL_CONSTRAINT,
    T_CONSTRAINT,
    ZERO_DIVISION_CONSTRAINT,
    _check_metric_inputs,
)
from sk_imbalance.utils._warnings import _warn

__all__ = [
    "per_class_accuracy_score",
    "sensitivity_score",
    "specificity_score",
    "tradeoff_score",
]

# Up to this many distinct codes the full confusion matrix is one bincount of
# ``true * n + pred`` per block (n**2 bins); beyond it, three bincounts of n bins.
_MATRIX_CODES = 256

# Labels that are not small integers are found block by block: while at most
# this many are known, a block is compared with each of them (vectorised) and
# only the rest goes to np.unique, which costs several comparisons per sample.
_FEW_LABELS = 4


class _Counts(NamedTuple):
    """Weighted confusion counts per label (one-vs-rest).

    ``tp[i]``: samples of ``labels[i]`` predicted as it; ``support[i]``: samples
    of ``labels[i]`` in ``y_true``.  ``tn`` and ``negatives`` (samples not of the
    label) are only counted for a single ``pos_label``, else None.
    """

    labels: np.ndarray
    tp: np.ndarray
    support: np.ndarray
    tn: np.ndarray | None = None
    negatives: np.ndarray | None = None


def _equal_mask(y, label):
    mask = y == label
    if not isinstance(mask, np.ndarray) or mask.shape != y.shape:
        # Objects whose == does not compare elementwise never equal the label.
        return np.zeros(y.shape, dtype=bool)
    return mask.astype(bool, copy=False)


def _one_vs_rest_cells(y_true, y_pred, pos_label, sample_weight):
    """``(cells, seen)``: cells ``[tn, fp, fn, tp]`` and whether pos_label occurs."""
    n = y_true.shape[0]
    if sample_weight is None:
        n_true = n_pred = n_both = 0
        for block in _blocks(n):
            t = _equal_mask(y_true[block], pos_label)
            p = _equal_mask(y_pred[block], pos_label)
            n_true += np.count_nonzero(t)
            n_pred += np.count_nonzero(p)
            n_both += np.count_nonzero(np.logical_and(t, p, out=t))
        cells = np.array(
            [n - n_true - n_pred + n_both, n_pred - n_both, n_true - n_both, n_both],
            dtype=np.float64,
        )
        return cells, n_true + n_pred > 0
    cells = np.zeros(4)
    seen = False
    for block in _blocks(n):
        code = _equal_mask(y_true[block], pos_label).view(np.uint8) << 1
        code |= _equal_mask(y_pred[block], pos_label).view(np.uint8)
        cells += np.bincount(code, weights=sample_weight[block], minlength=4)
        seen = seen or bool(code.any())
    return cells, seen


def _check_pos_label_absent(y_true, y_pred, pos_label):
    """pos_label occurs nowhere: fine with one label present, an error with two+."""
    first = y_true[0]
    if _equal_mask(y_true, first).all() and _equal_mask(y_pred, first).all():
        return
    present = _unique_labels(y_true, y_pred)
    shown = present[:10].tolist() + (["..."] if present.size > 10 else [])
    raise ValueError(
        f"pos_label={_py(pos_label)!r} is not among the labels of y_true and y_pred: "
        f"{shown}. Set pos_label to the positive class."
    )


def _unique(y):
    if y.dtype.kind == "O":
        try:
            return np.unique(y)
        except TypeError as exc:
            raise ValueError(
                "labels must be all numbers or all strings, without missing values "
                f"(None): {exc}"
            ) from exc
    try:
        # Hashing (numpy >= 2.3) beats sorting; only the distinct labels are
        # sorted afterwards.
        return np.sort(np.unique(y, sorted=False))
    except TypeError:
        return np.unique(y)


def _unique_labels(y_true, y_pred):
    """Sorted distinct labels of both arrays, found block by block.

    While there are few labels, a block is first compared with the labels
    already found and only the rest is passed to ``np.unique``, so most blocks
    cost a few vectorised comparisons and nothing is copied at full size.
    """
    found = []
    for y in (y_true, y_pred):
        for block in _blocks(y.shape[0]):
            rest = y[block]
            if len(found) <= _FEW_LABELS:
                keep = np.ones(rest.shape, dtype=bool)
                for label in found:
                    keep &= ~_equal_mask(rest, label)
                if not keep.any():
                    continue
                rest = rest[keep]
            found.extend(_unique(rest).tolist())
            found = _unique(np.asarray(found, dtype=_label_dtype(y_true, y_pred)))
            found = found.tolist()
    return _unique(np.asarray(found, dtype=_label_dtype(y_true, y_pred)))


def _label_dtype(y_true, y_pred):
    if "O" in (y_true.dtype.kind, y_pred.dtype.kind):
        return object
    return np.result_type(y_true.dtype, y_pred.dtype)


def _encoder(y_true, y_pred):
    """``(values, encode)``: ``encode(block)`` gives codes with ``values[code] == y``.

    ``values`` is sorted.  Integers spanning at most ``_BINCOUNT_RANGE`` values
    are shifted, not searched; ``values`` then also holds absent integers.
    """
    if y_true.dtype.kind in "biu" and y_pred.dtype.kind in "biu":
        lo = min(int(y_true.min()), int(y_pred.min()))
        hi = max(int(y_true.max()), int(y_pred.max()))
        info = np.iinfo(np.intp)
        if hi - lo < _BINCOUNT_RANGE and info.min <= lo and hi <= info.max:

            def shift(block):
                codes = block.astype(np.intp, copy=False)
                return codes - lo if lo else codes

            return np.arange(lo, hi + 1), shift
    values = _unique_labels(y_true, y_pred)
    if values.size == 1:
        return values, lambda block: np.zeros(block.shape, dtype=np.intp)
    return values, lambda block: np.searchsorted(values, block)


def _count_codes(y_true, y_pred, encode, n_codes, sample_weight, need_presence):
    """``(tp, support, present)`` per code; ``present`` ignores weights."""
    n = y_true.shape[0]
    weighted = sample_weight is not None
    dtype = np.float64 if weighted else np.intp
    tp = np.zeros(n_codes, dtype=dtype)
    support = np.zeros(n_codes, dtype=dtype)
    seen = np.zeros(n_codes, dtype=bool) if need_presence else None
    if n_codes <= _MATRIX_CODES:
        matrix = np.zeros(n_codes * n_codes, dtype=dtype)
        buffer = np.empty(min(n, _block_size(n)), dtype=np.intp)
        for block in _blocks(n):
            true_codes = encode(y_true[block])
            code = np.multiply(true_codes, n_codes, out=buffer[: true_codes.shape[0]])
            code += encode(y_pred[block])
            weights = sample_weight[block] if weighted else None
            matrix += np.bincount(code, weights=weights, minlength=n_codes**2)
            if need_presence and weighted:
                hit = np.bincount(code, minlength=n_codes**2).reshape(n_codes, -1)
                seen |= hit.any(axis=0) | hit.any(axis=1)
        matrix = matrix.reshape(n_codes, n_codes)
        tp[:] = np.diagonal(matrix)
        support[:] = matrix.sum(axis=1)
        if need_presence and not weighted:
            seen = matrix.any(axis=0) | matrix.any(axis=1)
        return tp, support, seen
    for block in _blocks(n):
        true_codes = encode(y_true[block])
        pred_codes = encode(y_pred[block])
        weights = sample_weight[block] if weighted else None
        support += np.bincount(true_codes, weights=weights, minlength=n_codes)
        hit = true_codes == pred_codes
        tp += np.bincount(
            true_codes[hit],
            weights=weights[hit] if weighted else None,
            minlength=n_codes,
        )
        if need_presence:
            seen[true_codes] = True
            seen[pred_codes] = True
    return tp, support, seen


def _positions(values, labels):
    """Index of each of ``labels`` in the sorted ``values``, -1 where absent."""
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(
            f"labels must be a 1-D list of labels, got shape {labels.shape}."
        )
    if values.size == 0 or labels.size == 0:
        return np.full(labels.shape, -1, dtype=np.intp)
    try:
        idx = np.minimum(np.searchsorted(values, labels), values.size - 1)
        found = values[idx] == labels
    except TypeError:  # e.g. string labels asked of integer data
        return np.full(labels.shape, -1, dtype=np.intp)
    return np.where(found, idx, -1)


def _confusion_counts(
    y_true, y_pred, *, sample_weight=None, pos_label=None, labels=None
):
    """The counting core: confusion counts of ``y_true`` against ``y_pred``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        Labels, validated here once.
    sample_weight : array-like of shape (n_samples,), default=None
        Weights: each sample counts for its weight instead of 1.
    pos_label : label, default=None
        Count the one-vs-rest cells of this single label (no sorting).  It must
        occur in the data unless the data show a single label only.
    labels : array-like, default=None
        Without ``pos_label``: the labels to count, in this order; None means
        every label of ``y_true`` and ``y_pred``, sorted.  Labels absent from the
        data get zero counts.

    Returns
    -------
    _Counts
    """
    y_true, y_pred, sample_weight = _check_metric_inputs(y_true, y_pred, sample_weight)
    if pos_label is not None:
        cells, seen = _one_vs_rest_cells(y_true, y_pred, pos_label, sample_weight)
        if not seen:
            _check_pos_label_absent(y_true, y_pred, pos_label)
        tn, fp, fn, tp = cells
        # Sums of cells, never differences: an empty class is exactly 0.
        return _Counts(
            labels=np.asarray([pos_label]),
            tp=np.array([tp]),
            support=np.array([fn + tp]),
            tn=np.array([tn]),
            negatives=np.array([tn + fp]),
        )
    values, encode = _encoder(y_true, y_pred)
    if values.size == 2:
        # Both values occur (they are the data's min and max, or were found in
        # it), so the one-vs-rest cells of the second are the whole matrix:
        # two comparisons per sample instead of codes and a bincount.
        tn, fp, fn, tp = _one_vs_rest_cells(y_true, y_pred, values[1], sample_weight)[0]
        tp, support = np.array([tn, tp]), np.array([tn + fp, fn + tp])
        seen = np.ones(2, dtype=bool)
    else:
        tp, support, seen = _count_codes(
            y_true, y_pred, encode, values.size, sample_weight, labels is None
        )
    if labels is None:
        return _Counts(labels=values[seen], tp=tp[seen], support=support[seen])
    idx = _positions(values, labels)
    absent = idx < 0
    return _Counts(
        labels=np.asarray(labels),
        tp=np.where(absent, 0, tp[idx]).astype(np.float64),
        support=np.where(absent, 0, support[idx]).astype(np.float64),
    )


def _rate(hits, total, zero_division, what):
    """``hits / total`` elementwise; ``zero_division`` (and a warning) where total=0."""
    hits = np.asarray(hits, dtype=np.float64)
    total = np.asarray(total, dtype=np.float64)
    empty = total == 0
    if not empty.any():
        return hits / total
    value = 0.0 if zero_division == "warn" else float(zero_division)
    if zero_division == "warn":
        warnings.warn(
            f"{what}; it is set to {value}. This happens when a cross-validation "
            "fold misses a class. Use `zero_division` to choose the value and "
            "silence this warning.",
            UndefinedMetricWarning,
            stacklevel=3,
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(empty, value, hits / np.where(empty, 1.0, total))


def _sensitivity(counts, zero_division):
    what = (
        f"Sensitivity is ill-defined: y_true has no samples of pos_label="
        f"{_py(counts.labels[0])!r}"
    )
    return float(_rate(counts.tp, counts.support, zero_division, what)[0])


def _specificity(counts, zero_division):
    what = (
        f"Specificity is ill-defined: y_true has no samples other than pos_label="
        f"{_py(counts.labels[0])!r}"
    )
    return float(_rate(counts.tn, counts.negatives, zero_division, what)[0])


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
def sensitivity_score(
    y_true, y_pred, *, pos_label=1, sample_weight=None, zero_division="warn"
):
    """Sensitivity (true positive rate, recall): P(predict positive | positive).

    ``TP / (TP + FN)`` for the class ``pos_label``.  On multi-class data the
    other classes together are the negatives (one-vs-rest), so this is the
    per-class accuracy of ``pos_label``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    pos_label : int, float, bool or str, default=1
        The positive class.  Set it for string labels.  It must occur in
        ``y_true`` or ``y_pred`` when they show two or more labels; when they
        show a single other label, there are no positives and the result is
        ``zero_division``.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights: a sample of weight 2 counts as two samples.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The value when ``y_true`` has no positive samples (e.g. a
        cross-validation fold without the class); "warn" means 0.0 and an
        ``UndefinedMetricWarning``.

    Returns
    -------
    float
        Equal to ``sklearn.metrics.recall_score(y_true, y_pred,
        pos_label=pos_label)`` on binary data.

    See Also
    --------
    specificity_score : The true negative rate.
    tradeoff_score : Weighted mean of sensitivity and specificity.
    sklearn.metrics.recall_score : The same value on binary data.

    Examples
    --------
    >>> from sk_imbalance.metrics import sensitivity_score
    >>> sensitivity_score([0, 0, 0, 1, 1], [0, 1, 0, 1, 0])
    0.5
    >>> y_true, y_pred = ["ok", "sick", "sick"], ["ok", "sick", "ok"]
    >>> sensitivity_score(y_true, y_pred, pos_label="sick")
    0.5
    """
    counts = _confusion_counts(
        y_true, y_pred, sample_weight=sample_weight, pos_label=pos_label
    )
    return _sensitivity(counts, zero_division)


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
def specificity_score(
    y_true, y_pred, *, pos_label=1, sample_weight=None, zero_division="warn"
):
    """Specificity (true negative rate): P(predict negative | negative).

    ``TN / (TN + FP)``, where the negatives are all samples not of class
    ``pos_label`` (one-vs-rest on multi-class data) and a negative counts as
    correctly predicted when it is predicted as any class other than
    ``pos_label``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    pos_label : int, float, bool or str, default=1
        The positive class; everything else is negative.  Set it for string
        labels.  The same rules as in :func:`sensitivity_score` apply.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights: a sample of weight 2 counts as two samples.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The value when ``y_true`` has no negative samples; "warn" means 0.0 and
        an ``UndefinedMetricWarning``.

    Returns
    -------
    float
        On binary data, equal to ``sklearn.metrics.recall_score`` with
        ``pos_label`` set to the negative class.

    See Also
    --------
    sensitivity_score : The true positive rate.
    tradeoff_score : Weighted mean of sensitivity and specificity.
    sklearn.metrics.recall_score : Recall of the negative class is specificity.

    Examples
    --------
    >>> from sk_imbalance.metrics import specificity_score
    >>> specificity_score([0, 0, 0, 1, 1], [0, 1, 0, 1, 0])
    0.666...
    >>> specificity_score([0, 1, 2, 2], [0, 2, 2, 1], pos_label=2)
    0.5
    """
    counts = _confusion_counts(
        y_true, y_pred, sample_weight=sample_weight, pos_label=pos_label
    )
    return _specificity(counts, zero_division)


@validate_params(
    {
        "y_true": ["array-like"],
        "y_pred": ["array-like"],
        "labels": ["array-like", None],
        "sample_weight": ["array-like", None],
        "zero_division": ZERO_DIVISION_CONSTRAINT,
        "output_dict": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def per_class_accuracy_score(
    y_true,
    y_pred,
    *,
    labels=None,
    sample_weight=None,
    zero_division="warn",
    output_dict=False,
):
    """Per-class accuracy P(predict c | c), one value per label.

    The accuracy on the samples of each class (the recall of each class): the
    share of the samples of class ``c`` that are predicted as ``c``.  Their
    mean is the balanced accuracy.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    labels : array-like of shape (n_labels,), default=None
        The labels to report, in this order.  None means the labels that occur
        in ``y_true`` or ``y_pred``, sorted: on a subset of the data (a
        cross-validation fold) that may be fewer than a model's ``classes_``,
        so pass ``labels=model.classes_`` or ``output_dict=True`` rather than
        zipping the array with ``classes_``.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights: a sample of weight 2 counts as two samples.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The value for a label without samples in ``y_true`` (only predicted,
        or named in ``labels`` but absent); "warn" means 0.0 and an
        ``UndefinedMetricWarning``.
    output_dict : bool, default=False
        If True, return ``{label: accuracy}`` in the order of the labels, so
        no value can be read against the wrong class.

    Returns
    -------
    ndarray of shape (n_labels,) or dict
        Equal to ``sklearn.metrics.recall_score(y_true, y_pred, labels=labels,
        average=None)``; with ``output_dict=True``, the same values keyed by
        their labels.

    See Also
    --------
    sensitivity_score : The per-class accuracy of the positive class.
    sklearn.metrics.recall_score : With ``average=None``, the same values.
    sklearn.metrics.balanced_accuracy_score : Their mean.

    Examples
    --------
    >>> from sk_imbalance.metrics import per_class_accuracy_score
    >>> per_class_accuracy_score(["a", "a", "b", "c", "c"], ["a", "b", "b", "c", "a"])
    array([0.5, 1. , 0.5])
    >>> per_class_accuracy_score([0, 0, 1, 1], [0, 1, 1, 1], labels=[1, 0])
    array([1. , 0.5])
    >>> per_class_accuracy_score(["a", "b", "b"], ["a", "b", "a"], output_dict=True)
    {'a': 1.0, 'b': 0.5}
    """
    counts = _confusion_counts(
        y_true, y_pred, sample_weight=sample_weight, labels=labels
    )
    missing = counts.labels[counts.support == 0]
    what = (
        f"Per-class accuracy is ill-defined for labels {missing.tolist()}: "
        "y_true has no samples of them"
    )
    rates = _rate(counts.tp, counts.support, zero_division, what)
    if output_dict:
        return {
            _py(label): float(r) for label, r in zip(counts.labels, rates, strict=True)
        }
    return rates


@validate_params(
    {
        "y_true": ["array-like"],
        "y_pred": ["array-like"],
        "t": T_CONSTRAINT,
        "pos_label": LABEL_CONSTRAINT,
        "sample_weight": ["array-like", None],
        "zero_division": ZERO_DIVISION_CONSTRAINT,
    },
    prefer_skip_nested_validation=True,
)
def tradeoff_score(
    y_true, y_pred, *, t=0.5, pos_label=1, sample_weight=None, zero_division="warn"
):
    """The tradeoff score ``t * sensitivity + (1 - t) * specificity``.

    The metric that training with tradeoff ``t`` aims at (see :ref:`weighting`):
    ``t = 1`` values only sensitivity, ``t = 0`` only specificity, and
    ``t = 0.5`` is the balanced accuracy of binary data.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    t : float in [0, 1], default=0.5
        The weight of sensitivity.
    pos_label : int, float, bool or str, default=1
        The positive class (one-vs-rest on multi-class data).
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights: a sample of weight 2 counts as two samples.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The value of a rate whose class is absent from ``y_true``.  A rate with
        weight 0 (``t`` = 0 or 1) is not computed and never warns.

    Returns
    -------
    float
        ``t * sensitivity + (1 - t) * specificity``.

    See Also
    --------
    sensitivity_score : The true positive rate.
    specificity_score : The true negative rate.
    sklearn.metrics.balanced_accuracy_score : Equal for ``t=0.5`` on binary data.

    Examples
    --------
    >>> from sk_imbalance.metrics import tradeoff_score
    >>> y_true, y_pred = [0, 0, 0, 1, 1], [0, 1, 0, 1, 0]
    >>> tradeoff_score(y_true, y_pred, t=0.5)
    0.583...
    >>> tradeoff_score(y_true, y_pred, t=1.0)
    0.5
    """
    counts = _confusion_counts(
        y_true, y_pred, sample_weight=sample_weight, pos_label=pos_label
    )
    score = 0.0
    if t > 0:
        score += t * _sensitivity(counts, zero_division)
    if t < 1:
        score += (1 - t) * _specificity(counts, zero_division)
    return float(score)


def _balanced_accuracy_score(y_true, y_pred, *, sample_weight=None):
    """Mean per-class accuracy over the classes of ``y_true``.

    Equal to ``sklearn.metrics.balanced_accuracy_score``, warnings included,
    but counted by our core (no parameters to validate).
    """
    counts = _confusion_counts(y_true, y_pred, sample_weight=sample_weight)
    has_samples = counts.support > 0
    if not has_samples.all():
        # scikit-learn's words, so that filters written for its warning hold.
        _warn("y_pred contains classes not in y_true", AbsentClassWarning)
    return float(np.mean(counts.tp[has_samples] / counts.support[has_samples]))
