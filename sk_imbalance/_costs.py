"""Costs instead of ``t``: the tradeoff whose weighted decision is Bayes-optimal.

A model trained with tradeoff ``t`` weighs the positives by ``t / S_pos`` and the
negatives by ``(1 - t) / S_neg`` (``S`` the weighted class sizes).  If it is
calibrated for the weighted data, it predicts positive where

    p(pos | x) / p(neg | x) >= ((1 - t) / S_neg) / (t / S_pos),

while the decision of least expected cost predicts positive where

    p(pos | x) / p(neg | x) >= c_FP / c_FN.

The two agree when ``t / (1 - t) = (c_FN / c_FP) (S_pos / S_neg)``, that is

    t = c_FN S_pos / (c_FN S_pos + c_FP S_neg),

the share of the total expected cost of "predict nothing" against "predict
everything" that the positives carry.  The prevalence in the formula is the
training data's: it is the prevalence the weighted model has undone.

The same decision can be read off a model fitted at any other ``t``: undo its
weights (Bayes' rule, as ``correct_proba``) and predict positive where the
risk is at least ``c_FP / (c_FP + c_FN)``.  ``costs_by="threshold"`` fits at
the ``t`` of the square roots of the costs (`_half_t`): half of the
reweighting the costs call for, so the fit attends to where the decision falls
without letting a few heavy rows dominate it; the Bayes cut does the rest.
"""

from numbers import Real

import numpy as np

from sk_imbalance._weights import _tradeoff_weights
from sk_imbalance.utils._labels import _py

COST_KEYS = ("false_positive", "false_negative")


def _check_costs(costs):
    """``(c_FP, c_FN)`` from a ``costs`` dict, checked."""
    if set(costs) != set(COST_KEYS):
        raise ValueError(
            "costs must have exactly the keys 'false_positive' and "
            f"'false_negative'; got {sorted(map(str, costs))}."
        )
    values = []
    for key in COST_KEYS:
        value = costs[key]
        if isinstance(value, bool) or not isinstance(value, Real):
            raise TypeError(
                f"costs[{key!r}] must be a real number >= 0, got {value!r}."
            )
        if not (np.isfinite(value) and value >= 0):
            raise ValueError(
                f"costs[{key!r}] must be a finite number >= 0, got {value!r}."
            )
        values.append(float(value))
    if values[0] == values[1] == 0:
        raise ValueError(
            "costs are both 0: every decision is free, so no tradeoff follows; "
            "give at least one positive cost."
        )
    return values[0], values[1]


def _class_sizes(y, pos_label=None, sample_weight=None):
    """``(S_pos, S_neg)``: the weighted sizes of the positive class and of the
    rest (one-vs-rest with ``pos_label`` on multi-class data)."""
    _, classes, y_idx, s, _ = _tradeoff_weights(
        y, 0.5, pos_label=pos_label, sample_weight=sample_weight
    )
    if pos_label is None:
        if classes.size > 2:
            raise ValueError(
                f"costs need a positive class, but y has {classes.size} classes "
                f"{[_py(c) for c in classes[:10]]}; set pos_label (the false "
                "negatives and false positives are then one-vs-rest)."
            )
        positive = classes.size - 1
    else:
        positive = int(np.flatnonzero(classes == pos_label)[0])
    sizes = np.bincount(y_idx, weights=s, minlength=classes.size)
    return sizes[positive], sizes.sum() - sizes[positive]


def _t_from_costs(costs, y, *, pos_label=None, sample_weight=None):
    """The ``t`` that makes the weighted decision Bayes-optimal for ``costs``
    at the (weighted) class sizes of ``y``.  See the module docstring."""
    c_fp, c_fn = _check_costs(costs)
    n_pos, n_neg = _class_sizes(y, pos_label, sample_weight)
    return float(c_fn * n_pos / (c_fn * n_pos + c_fp * n_neg))


def _half_t(costs, y, *, pos_label=None, sample_weight=None):
    """The ``t`` of the square roots of ``costs``: half way, in log-odds,
    from no reweighting to the Bayes ``t`` of ``costs``.  Each positive row
    weighs ``sqrt(c_FN)`` against each negative's ``sqrt(c_FP)``."""
    c_fp, c_fn = _check_costs(costs)
    halves = {"false_positive": np.sqrt(c_fp), "false_negative": np.sqrt(c_fn)}
    return _t_from_costs(halves, y, pos_label=pos_label, sample_weight=sample_weight)


def _row_cost_weights(
    costs, y, fn_cost, fp_cost, *, pos_label=None, sample_weight=None
):
    """``sample_weight`` times each row's cost of being wrong: ``fn_cost`` on
    the positives, ``fp_cost`` on the rest (per-row arrays or numbers; a
    missing one from ``costs``).  A model fitted with these weights and no
    class reweighting predicts positive where the expected cost of a miss
    exceeds that of an alarm, each row's amount included."""
    # Deferred: the metrics package imports the estimators' modules.
    from sk_imbalance.metrics._predictive import _check_cost

    n_samples = len(y)
    given = {}
    for name, value in (("fn_cost", fn_cost), ("fp_cost", fp_cost)):
        if value is None:
            continue
        if isinstance(value, Real) and not isinstance(value, bool):
            if not (np.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a finite number >= 0, got {value!r}.")
        given[name] = _check_cost(value, n_samples, name)
    defaults = None if costs is None else _check_costs(costs)
    values = []
    for name, index in (("fn_cost", 1), ("fp_cost", 0)):
        if name not in given and defaults is None:
            raise ValueError(
                f"{name} is None and costs is None: give both per-row costs to "
                "fit, or costs= for the other one."
            )
        value = given[name] if name in given else defaults[index]
        values.append(np.broadcast_to(np.asarray(value, dtype=float), n_samples))
    _, classes, y_idx, s, _ = _tradeoff_weights(
        y, 0.5, pos_label=pos_label, sample_weight=sample_weight
    )
    if pos_label is None:
        positive = classes.size - 1
    else:
        positive = int(np.flatnonzero(classes == pos_label)[0])
    return s * np.where(y_idx == positive, values[0], values[1])
