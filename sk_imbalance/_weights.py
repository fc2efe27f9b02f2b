"""The weighting math: pure functions, the single source of truth.

Every weight the library uses (``TradeoffClassifier``, the resampling fallback,
the Keras helpers) comes from :func:`_tradeoff_weights`.  See DESIGN.md section 2:

    w_i = s_i * share(y_i) / S(y_i) * sum(s)

where ``s`` is the user's sample weight, ``S(c)`` the weighted size of class ``c``
and ``share`` the fraction of the total weight that class ``c`` receives.
"""

from numbers import Real

import numpy as np
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import column_or_1d

from sk_imbalance._compat import num_samples

__all__ = ["tradeoff_class_weight", "tradeoff_sample_weight"]

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


def _check_object_labels(y, name):
    """Labels of an object array: no None / NaN, not strings mixed with numbers."""
    if any(v is None or (isinstance(v, float) and v != v) for v in y):
        raise ValueError(f"{name} contains missing values (None or NaN).")
    kinds = {type(v) for v in y[: min(y.size, 10_000)]}
    if len({issubclass(k, str) for k in kinds}) > 1:
        names = sorted(k.__name__ for k in kinds)
        raise TypeError(f"{name} mixes strings and numbers: {names}.")


def _check_y(y, name="y"):
    """Validate classification targets: 1-D, not continuous, no missing values."""
    if y is None:
        raise ValueError(
            f"This estimator requires y to be passed, but the target {name} is None."
        )
    shape = np.asarray(y).shape
    if len(shape) != 1 and not (len(shape) == 2 and shape[1] == 1):
        raise ValueError(
            f"{name} must be a 1-D array of class labels; got shape {shape}."
        )
    y = column_or_1d(y, warn=True)
    if y.dtype.kind == "c":
        raise ValueError(f"Complex data not supported: {name} has dtype {y.dtype}.")
    if y.size == 0:
        raise ValueError(f"{name} is empty: at least one sample is required.")
    if y.dtype.kind == "O":
        _check_object_labels(y, name)
    elif y.dtype.kind == "f" and not np.isfinite(y).all():
        raise ValueError(f"{name} contains NaN or infinite values.")
    try:
        check_classification_targets(y)
    except ValueError as exc:
        raise ValueError(
            f"{name} must hold class labels, got target type "
            f"{type_of_target(y)!r}: {exc}"
        ) from exc
    return y


def _check_lengths(X, y, **optional):
    """``check_consistent_length`` whose messages name the arguments.

    Called as ``_check_lengths(X, y, sample_weight=sample_weight)``; optional
    arrays that are None or scalars (a scalar ``sample_weight`` is valid) are
    skipped.
    """
    if y is None:
        # The wording scikit-learn's check_requires_y_none looks for.
        raise ValueError(
            "This estimator requires y to be passed, but the target y is None."
        )
    arrays = {"X": X, "y": y}
    arrays.update(
        (name, value)
        for name, value in optional.items()
        if value is not None and not isinstance(value, Real)
    )
    lengths = {}
    for name, value in arrays.items():
        try:
            lengths[name] = num_samples(value)
        except TypeError as exc:
            raise TypeError(
                f"{name} must be array-like, got {type(value).__name__}: {exc}"
            ) from exc
    n_X = lengths.pop("X")
    for name, n in lengths.items():
        if n != n_X:
            raise ValueError(
                f"{name} has {n} samples but X has {n_X}; they must have the same "
                "number of samples."
            )


def _check_sample_weight(sample_weight, n_samples, name="sample_weight"):
    """Return float64 weights, checked: 1-D, length n, finite, >= 0, positive sum."""
    if sample_weight is None:
        return np.ones(n_samples)
    if isinstance(sample_weight, Real) and not isinstance(sample_weight, bool):
        sample_weight = np.full(n_samples, sample_weight, dtype=float)
    try:
        s = np.asarray(sample_weight, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of numbers: {exc}") from exc
    if s.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {s.shape}.")
    if s.shape[0] != n_samples:
        raise ValueError(
            f"{name} has {s.shape[0]} values but there are {n_samples} samples."
        )
    if not np.isfinite(s).all():
        raise ValueError(f"{name} contains NaN or infinite values.")
    if (s < 0).any():
        raise ValueError(f"{name} contains negative values (min {s.min()}).")
    with np.errstate(over="ignore"):
        total = s.sum()
    if not np.isfinite(total):
        raise ValueError(f"{name} sums to infinity; rescale the weights.")
    if total <= 0:
        raise ValueError(f"{name} sums to zero: at least one weight must be > 0.")
    return s


def _check_t(t):
    if isinstance(t, bool) or not isinstance(t, Real):
        raise TypeError(f"t must be a real number in [0, 1], got {t!r}.")
    if not 0.0 <= t <= 1.0:  # also rejects NaN
        raise ValueError(f"t must be in [0, 1], got {t!r}.")
    return float(t)


def _label_index(classes, label):
    """Index of ``label`` in ``classes``, or None."""
    if np.ndim(label) != 0:
        # A list would broadcast: [1] would match 1, [0, 1] every class.
        return None
    hits = np.flatnonzero(classes == label) if classes.size else []
    if len(hits):
        return int(hits[0])
    return None


def _class_shares(classes, sizes, t, pos_label, class_priority):
    """Fraction of the total weight each class receives (sums to 1).

    ``sizes`` are the weighted class sizes ``S(c)``; classes with ``S(c) == 0``
    receive nothing and the remaining shares are renormalised, so the total
    weight is always preserved.
    """
    t = _check_t(t)
    n_classes = classes.size
    if class_priority is not None:
        if t != 0.5 or pos_label is not None:
            raise ValueError(
                "class_priority cannot be combined with t or pos_label: give either "
                f"class_priority (got {class_priority!r}) or t/pos_label "
                f"(got t={t!r}, pos_label={pos_label!r})."
            )
        if not isinstance(class_priority, dict) or not class_priority:
            raise TypeError(
                "class_priority must be a non-empty dict {label: priority}, got "
                f"{class_priority!r}."
            )
        priority = np.ones(n_classes)
        for label, p in class_priority.items():
            idx = _label_index(classes, label)
            if idx is None:
                raise ValueError(
                    f"class_priority names label {label!r}, which is not among the "
                    f"classes {classes.tolist()}."
                )
            if isinstance(p, bool) or not isinstance(p, Real) or not np.isfinite(p):
                raise TypeError(
                    f"class_priority[{label!r}] must be a finite number, got {p!r}."
                )
            if p < 0:
                raise ValueError(f"class_priority[{label!r}] must be >= 0, got {p!r}.")
            priority[idx] = p
        if priority.max() <= 0:
            raise ValueError(
                f"class_priority gives every class priority 0: {class_priority!r}."
            )
        # Priorities are relative; scaling by the largest keeps huge ones
        # (1e308) from overflowing the sum.
        shares = priority / priority.max()
    elif n_classes == 1 and pos_label is None:
        shares = np.ones(1)  # one class: nothing to trade off
    elif pos_label is not None or n_classes == 2:
        if pos_label is None:
            pos = 1  # scikit-learn's convention: the greater label is positive
        else:
            pos = _label_index(classes, pos_label)
            if pos is None:
                if n_classes >= 2:
                    raise ValueError(
                        f"pos_label={pos_label!r} is not among the classes "
                        f"{classes.tolist()}."
                    )
        rest = sizes.copy()
        if pos is not None:
            rest[pos] = 0.0
        rest_total = rest.sum()
        shares = (1.0 - t) * rest / rest_total if rest_total > 0 else rest
        if pos is not None:
            shares[pos] = t
    else:
        if t != 0.5:
            raise ValueError(
                f"t={t!r} needs a positive class on multi-class data: set pos_label "
                "(one-vs-rest tradeoff) or use class_priority; the classes are "
                f"{classes.tolist()}."
            )
        shares = np.ones(n_classes)
    shares = np.where(sizes > 0, shares, 0.0)
    total = shares.sum()
    if total <= 0:
        # Only classes with no share are present: nothing to trade off.
        return np.where(sizes > 0, 1.0, 0.0) / np.count_nonzero(sizes > 0)
    return shares / total


def _tradeoff_weights(
    y, t=0.5, *, pos_label=None, class_priority=None, sample_weight=None
):
    """Compute everything the estimator needs in one pass over ``y``.

    Returns ``(y, classes, y_idx, s, unit_weight)`` with ``y`` validated and
    ``unit_weight[c]`` the weight per unit of user weight of class ``c``, so the
    sample weights are ``s * unit_weight[y_idx]``.
    """
    y = _check_y(y)
    classes, y_idx = _encode(y)
    s = _check_sample_weight(sample_weight, y.shape[0])
    sizes = np.bincount(y_idx, weights=s, minlength=classes.size)
    shares = _class_shares(classes, sizes, t, pos_label, class_priority)
    total = s.sum()
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        unit_weight = np.where(sizes > 0, shares * total / sizes, 0.0)
    if not np.isfinite(unit_weight).all():
        # Only subnormal class sizes get here (a class weighing < 1e-308 of the
        # total): its weight per unit would overflow, so say which.
        c = int(np.flatnonzero(~np.isfinite(unit_weight))[0])
        raise ValueError(
            f"sample_weight of class {_py(classes[c])!r} sums to {sizes[c]:.3g}, "
            f"too small next to the total {total:.3g} for its share of the "
            "weight to be representable; rescale the weights."
        )
    return y, classes, y_idx, s, unit_weight


def tradeoff_sample_weight(
    y, t=0.5, *, pos_label=None, class_priority=None, sample_weight=None
):
    """Per-sample weights that train for a sensitivity/specificity tradeoff.

    The positive class receives the share ``t`` of the total weight and the other
    samples ``1 - t`` (in their natural proportions); the total equals
    ``sum(sample_weight)`` (``n_samples`` without weights), so the inner
    estimator's regularisation keeps its meaning.  ``t=0.5`` reproduces
    ``compute_sample_weight("balanced", y)``.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels.
    t : float in [0, 1], default=0.5
        Share of the weight given to the positive class: 1 means only sensitivity
        matters, 0 only specificity, 0.5 both equally.
    pos_label : label, default=None
        The positive class.  None means the greater of two labels; on
        multi-class data it means "no positive class", and ``t`` must be 0.5.
        With multi-class data and a ``pos_label``, ``t`` is a one-vs-rest
        tradeoff.
    class_priority : dict {label: float >= 0}, default=None
        Multi-class priorities: class ``c`` receives the share
        ``p_c / sum(p)`` of the weight.  Classes not named get priority 1.
        Cannot be combined with ``t`` or ``pos_label``.
    sample_weight : array-like of shape (n_samples,), default=None
        User weights, multiplied in.  Class sizes are weighted sizes, so integer
        weights are equivalent to repeated rows.

    Returns
    -------
    ndarray of shape (n_samples,)
        The weights.  A class whose user weights are all zero gets weight 0.

    See Also
    --------
    tradeoff_class_weight : The same weights as a ``{label: weight}`` dict.
    sklearn.utils.class_weight.compute_sample_weight : ``"balanced"`` is ``t=0.5``.

    Examples
    --------
    >>> from sk_imbalance import tradeoff_sample_weight
    >>> y = [0, 0, 0, 1]
    >>> tradeoff_sample_weight(y, t=0.5)
    array([0.66666667, 0.66666667, 0.66666667, 2.        ])
    >>> tradeoff_sample_weight(y, t=0.75)
    array([0.33333333, 0.33333333, 0.33333333, 3.        ])
    """
    _, _, y_idx, s, unit_weight = _tradeoff_weights(
        y,
        t,
        pos_label=pos_label,
        class_priority=class_priority,
        sample_weight=sample_weight,
    )
    return s * unit_weight[y_idx]


def tradeoff_class_weight(
    y, t=0.5, *, pos_label=None, class_priority=None, sample_weight=None
):
    """The ``{label: weight}`` dict for ``class_weight=`` arguments (e.g. Keras).

    Each sample of class ``c`` weighs ``result[c]`` (times its own user weight),
    so passing the dict to ``keras.Model.fit(class_weight=...)`` or an
    estimator's ``class_weight`` trains for the tradeoff ``t``.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels.
    t : float in [0, 1], default=0.5
        Share of the weight given to the positive class.
    pos_label : label, default=None
        The positive class (see :func:`tradeoff_sample_weight`).
    class_priority : dict {label: float >= 0}, default=None
        Multi-class priorities (see :func:`tradeoff_sample_weight`).
    sample_weight : array-like of shape (n_samples,), default=None
        User weights used for the weighted class sizes.

    Returns
    -------
    dict
        ``{label: weight}`` with Python scalars as keys and floats as values.

    See Also
    --------
    tradeoff_sample_weight : The same weights per sample.
    sklearn.utils.class_weight.compute_class_weight : ``"balanced"`` is ``t=0.5``.

    Examples
    --------
    >>> from sk_imbalance import tradeoff_class_weight
    >>> tradeoff_class_weight([0, 0, 0, 1], t=0.9)
    {0: 0.133..., 1: 3.6}
    """
    _, classes, _, _, unit_weight = _tradeoff_weights(
        y,
        t,
        pos_label=pos_label,
        class_priority=class_priority,
        sample_weight=sample_weight,
    )
    return {_py(c): float(w) for c, w in zip(classes, unit_weight)}


def _py(value):
    """A numpy scalar as the matching Python scalar (nice dict keys)."""
    return value.item() if isinstance(value, np.generic) else value
