"""The weighting math: pure functions, the single source of truth.

Every weight the library uses (``TradeoffClassifier``, the resampling fallback,
the Keras helpers) comes from :func:`_tradeoff_weights`.  See docs/design.md, section 2:

    w_i = s_i * share(y_i) / S(y_i) * sum(s)

where ``s`` is the user's sample weight, ``S(c)`` the weighted size of class ``c``
and ``share`` the fraction of the total weight that class ``c`` receives.
"""

import numpy as np
from scipy.special import logsumexp

from sk_imbalance.utils._labels import (
    _align_columns,
    _class_scores,
    _encode,
    _label_index,
    _py,
    _unknown_pos_label,
)
from sk_imbalance.utils._validation import (
    _check_class_priority,
    _check_sample_weight,
    _check_t,
    _check_y,
)

__all__ = ["tradeoff_class_weight", "tradeoff_sample_weight"]


def _class_shares(classes, sizes, t, pos_label, class_priority):
    """Fraction of the total weight each class receives (sums to 1).

    ``sizes`` are the weighted class sizes ``S(c)``; classes with ``S(c) == 0``
    receive nothing and the remaining shares are renormalised, so the total
    weight is always preserved.
    """
    t = float(t)
    n_classes = classes.size
    if class_priority is not None:
        if t != 0.5 or pos_label is not None:
            raise ValueError(
                "class_priority cannot be combined with t or pos_label: give either "
                f"class_priority (got {class_priority!r}) or t/pos_label "
                f"(got t={t!r}, pos_label={pos_label!r})."
            )
        priority = _check_class_priority(class_priority, classes)
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
                    raise _unknown_pos_label(pos_label, classes)
        rest = sizes.copy()
        if pos is not None:
            rest[pos] = 0.0
        rest_total = rest.sum()
        shares = (1.0 - t) * rest / rest_total if rest_total > 0 else rest
        if pos is not None:
            shares[pos] = t
    else:
        if t != 0.5:
            # The first sentence is scikit-learn's wording for binary-only
            # estimators, which its estimator checks look for.
            raise ValueError(
                f"Only binary classification is supported. t={t!r} needs a positive "
                "class on multi-class data: set pos_label (one-vs-rest tradeoff) or "
                f"use class_priority; the classes are {classes.tolist()}."
            )
        shares = np.ones(n_classes)
    shares = np.where(sizes > 0, shares, 0.0)
    total = shares.sum()
    if total <= 0:
        # Only classes with no share are present: nothing to trade off.
        return np.where(sizes > 0, 1.0, 0.0) / np.count_nonzero(sizes > 0)
    return shares / total


def _class_unit_weights(
    classes, sizes, total, t=0.5, *, pos_label=None, class_priority=None
):
    """Weight per unit of user weight of each class, from the class sizes alone.

    ``classes`` are the sorted labels, ``sizes`` their weighted sizes ``S(c)``
    and ``total`` the sum of all user weights (``sizes.sum()`` up to rounding).
    Everything the weights depend on is here, so an engine that counts the
    classes elsewhere (a Spark aggregation) gets the same numbers.
    """
    sizes = np.asarray(sizes, dtype=float)
    shares = _class_shares(classes, sizes, t, pos_label, class_priority)
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
    return unit_weight


def _tradeoff_weights(
    y, t=0.5, *, pos_label=None, class_priority=None, sample_weight=None
):
    """Compute everything the estimator needs in one pass over ``y``.

    ``t`` is checked by the callers (declared constraint or :func:`_check_t`).
    Returns ``(y, classes, y_idx, s, unit_weight)`` with ``y`` validated and
    ``unit_weight[c]`` the weight per unit of user weight of class ``c``, so the
    sample weights are ``s * unit_weight[y_idx]``.
    """
    y = _check_y(y)
    classes, y_idx = _encode(y)
    s = _check_sample_weight(sample_weight, y.shape[0])
    sizes = np.bincount(y_idx, weights=s, minlength=classes.size)
    unit_weight = _class_unit_weights(
        classes, sizes, s.sum(), t, pos_label=pos_label, class_priority=class_priority
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
        _check_t(t),
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
        _check_t(t),
        pos_label=pos_label,
        class_priority=class_priority,
        sample_weight=sample_weight,
    )
    return {_py(c): float(w) for c, w in zip(classes, unit_weight, strict=True)}


def _unit_weight_from(used, y_idx, s, n_classes):
    """Weight per unit of user weight ``s`` that each class received, from the
    weight ``used`` that each row carried in the fit (total kept at sum(s))."""
    sizes = np.bincount(y_idx, weights=s, minlength=n_classes)
    mass = np.bincount(y_idx, weights=used, minlength=n_classes)
    with np.errstate(divide="ignore", invalid="ignore"):
        unit = np.where(sizes > 0, mass / sizes, 0.0)
    return unit * (s.sum() / used.sum())


def _bayes_corrected(values, unit_weight, frequency, *, log=False):
    """Probabilities (or log-probabilities) of a model fitted with class weights
    ``unit_weight``, brought back to the training class ``frequency``.

    Bayes' rule undoes the weights: ``p(c | x)`` is proportional to
    ``q(c | x) / w_c``.  Classes with weight 0 keep their training frequency;
    the others share the remaining mass.
    """
    informed = unit_weight > 0
    mass = frequency[informed].sum()
    fallback = frequency[informed] / mass  # rows that say nothing
    if not log:
        ratio = values[:, informed] / unit_weight[informed]
        total = ratio.sum(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(total > 0, ratio / total, fallback)
        out = np.tile(frequency, (values.shape[0], 1))
        out[:, informed] = mass * ratio
        return out
    log_ratio = values[:, informed] - np.log(unit_weight[informed])
    log_total = logsumexp(log_ratio, axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.where(
            np.isfinite(log_total), log_ratio - log_total, np.log(fallback)
        )
        out = np.tile(np.log(frequency), (values.shape[0], 1))
    out[:, informed] = np.log(mass) + log_ratio
    return out


def _class_response(
    values,
    method,
    inner_classes,
    classes,
    unit_weight,
    frequency,
    *,
    correct=False,
    onehot=False,
    cost_cut=None,
):
    """``values``, the output of ``method`` of a model that knows
    ``inner_classes`` (None: all) and was fitted with class weights
    ``unit_weight``, as the wrapper returns it, one column per class of
    ``classes``.

    Probabilities: a class the model does not know gets 0 (``-inf`` in log
    space); with ``correct``, they are brought back to the training class
    ``frequency`` (:func:`_bayes_corrected`).  Decision scores: as
    :func:`_class_scores` aligns them.  ``onehot``: ``values`` are the one-hot
    probabilities of a constant model, which stand for its every response
    (+1 / -1 as a binary decision).  ``cost_cut``, a pair ``(pos, cut)``:
    instead, the index in ``classes`` of the class decided by the costs
    (:func:`_cost_decision`).
    """
    if cost_cut is not None:
        if method == "predict_proba":
            values = _align_columns(values, inner_classes, classes, 0.0)
            values = _bayes_corrected(values, unit_weight, frequency)
        return _cost_decision(values, method, unit_weight, *cost_cut)
    if method == "decision_function":
        if onehot:
            return values[:, 1] * 2.0 - 1.0 if values.shape[1] == 2 else values
        return _class_scores(values, inner_classes, classes, unit_weight > 0)
    log = method == "predict_log_proba"
    if log and onehot:
        # The log of one-hot rows: log(0) is -inf, not a warning.
        with np.errstate(divide="ignore"):
            values = np.log(values)
    values = _align_columns(values, inner_classes, classes, -np.inf if log else 0.0)
    if not correct:
        return values
    return _bayes_corrected(values, unit_weight, frequency, log=log)


def _cost_decision(values, method, unit_weight, pos, cut):
    """The index of the class decided for each row: ``pos`` where the risk
    under the training class frequencies is at least ``cut`` (``c_FP / (c_FP
    + c_FN)``), otherwise the likeliest other class.

    ``values``: the risks (probabilities with the weights undone, one column
    per class), or for ``method="decision_function"`` a binary decision, the
    log-odds of the second class under the weights ``unit_weight``; undoing
    them gives the log-odds of the risk.
    """
    if method == "predict_proba":
        risk = np.array(values, dtype=float)
        positive = risk[:, pos] >= cut
        risk[:, pos] = -np.inf
        other = np.argmax(risk, axis=1)
    else:
        decision = np.asarray(values, dtype=float).ravel()
        log_odds = decision - np.log(unit_weight[1] / unit_weight[0])
        if pos == 0:
            log_odds = -log_odds
        positive = log_odds >= np.log(cut / (1 - cut))
        other = np.full(positive.shape, 1 - pos)
    return np.where(positive, pos, other)
