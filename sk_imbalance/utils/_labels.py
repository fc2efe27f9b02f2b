"""Labels: encoding to integer codes, lookup of one label, Python scalars, and
per-class columns aligned to a list of classes."""

import numpy as np

# Integer labels in [0, _BINCOUNT_RANGE) are counted without sorting.
_BINCOUNT_RANGE = 1 << 16


def _encode(y):
    """Return ``(classes, y_idx)`` with ``classes[y_idx] == y``, in one pass.

    Small non-negative integers go straight to ``np.bincount``; anything else is
    encoded with ``np.unique`` + ``searchsorted``, which is several times faster
    than ``np.unique(return_inverse=True)`` in numpy 2.
    """
    if y.dtype.kind in "iub" and y.size:
        lo, hi = y.min(), y.max()
        if lo >= 0 and hi < _BINCOUNT_RANGE:
            # Integer positions: a boolean y would index lookup as a mask.
            codes = y.astype(np.intp, copy=False)
            present = np.flatnonzero(np.bincount(codes))
            lookup = np.empty(int(hi) + 1, dtype=np.intp)
            lookup[present] = np.arange(present.size)
            return present.astype(y.dtype), lookup[codes]
    classes = np.unique(y)
    return classes, np.searchsorted(classes, y)


def _label_index(classes, label):
    """Index of ``label`` in ``classes``, or None."""
    if np.ndim(label) != 0:
        # A list would broadcast: [1] would match 1, [0, 1] every class.
        return None
    hits = np.flatnonzero(classes == label) if classes.size else []
    if len(hits):
        return int(hits[0])
    return None


def _py(value):
    """A numpy scalar as the matching Python scalar (nice dict keys)."""
    return value.item() if isinstance(value, np.generic) else value


def _align_columns(values, inner_classes, classes, fill):
    """Per-class columns of a model that knows ``inner_classes``, in the order of
    ``classes`` (a superset); a class the model does not know gets ``fill``."""
    if inner_classes is None or np.array_equal(inner_classes, classes):
        return values
    out = np.full((values.shape[0], classes.size), fill)
    out[:, np.searchsorted(classes, inner_classes)] = values
    return out


def _class_scores(scores, inner_classes, classes, weighted):
    """Decision scores of a model that knows ``inner_classes`` (None: all), one
    column per class of ``classes`` on multi-class data (as they are on binary
    data); a class the model does not know scores ``-inf``.

    A 1-D decision on multi-class data comes from a model that learned a
    binary problem between two classes (e.g. liblinear, which drops rows of
    zero weight): its known classes, else the two ``weighted`` ones.
    """
    if classes.size <= 2:
        return scores
    if scores.ndim == 2:
        return _align_columns(scores, inner_classes, classes, -np.inf)
    known = inner_classes is not None and inner_classes.size == 2
    pair = inner_classes if known else classes[weighted]
    out = np.full((scores.shape[0], classes.size), -np.inf)
    out[:, np.searchsorted(classes, pair[0])] = -scores
    out[:, np.searchsorted(classes, pair[1])] = scores
    return out


def _declared_pos_label(estimator):
    """The positive class a fitted estimator declares, or None.

    Read from the public ``pos_label_`` attribute (`TradeoffClassifier`,
    `TradeoffClassifierCV`), looked up through a Pipeline's final step and a
    fitted search's ``best_estimator_``.  Wrappers that decide the positive
    class themselves (a threshold classifier, an ensemble) are not looked into.
    """
    for _ in range(100):  # a chain of wrappers, never a cycle
        if estimator is None:
            return None
        if hasattr(estimator, "pos_label_"):
            return estimator.pos_label_
        steps = getattr(estimator, "steps", None)
        if isinstance(steps, list) and steps:
            estimator = steps[-1][1]
        else:
            estimator = getattr(estimator, "best_estimator_", None)
    return None


def _unknown_pos_label(pos_label, classes):
    """The error for a ``pos_label`` absent from ``classes``.

    When the classes are the codes ``0 .. k-1`` and ``pos_label`` is not a
    number, the wrapper is most likely fitted by a meta-estimator that
    label-encodes ``y`` first (StackingClassifier, VotingClassifier,
    ``cross_val_predict(method="predict_proba")``): it cannot see the original
    labels, so the message gives the fix instead of guessing.
    """
    message = f"pos_label={pos_label!r} is not among the classes {classes.tolist()}."
    codes = classes.dtype.kind in "iu" and np.array_equal(
        classes, np.arange(classes.size)
    )
    if codes and isinstance(pos_label, str | bytes):
        message += (
            " These look like label codes: StackingClassifier, VotingClassifier and "
            "cross_val_predict(method='predict_proba') encode y as 0 .. "
            "n_classes - 1 (the labels in sorted order) before fitting their "
            "members, so a member never sees the label "
            f"{pos_label!r}. Give the positive class by its code, "
            f"pos_label=sorted(set(y)).index({pos_label!r}), or encode y "
            "yourself before fitting."
        )
    return ValueError(message)


def _positive_index(classes, pos_label):
    """Index in ``classes`` of the positive class, by the estimators' rule:
    ``pos_label`` when given, else the greater of two classes; a ValueError
    naming the classes otherwise."""
    if pos_label is not None:
        index = _label_index(classes, pos_label)
        if index is None:
            raise _unknown_pos_label(pos_label, classes)
        return index
    if classes.size != 2:
        raise ValueError(
            "Only binary classification is supported without pos_label; y holds "
            f"{classes.size} classes {classes.tolist()}. Set pos_label for a "
            "one-vs-rest tradeoff."
        )
    return 1
