"""The requirements of ``tune``: from the options to the library's
parameters, their values per ``t`` from the chooser's ``cv_results_``, and
each at the chosen ``t`` (limit, value, bound, met)."""

import numpy as np

from ._console import _native

METRICS = ("sensitivity", "specificity", "balanced_accuracy")

# The requirements stated where the model is used: the option (the library's
# parameter), the quantity reported and the key of the minimum the library
# tests (an alert budget as the share predicted negative).
PREDICTIVE = {
    "min_precision": ("precision", "precision"),
    "min_npv": ("npv", "npv"),
    "max_alert_rate": ("alert_rate", "predicted_negative_rate"),
}


def _requirement(args):
    """The requirement of the options: the rate minimum (``metric``,
    ``minimum``), the objective (``maximize``), ``confidence``, the minimums
    where the model is used (``predictive``: the library's parameters),
    ``prevalence`` and ``costs``."""
    requirement = {
        "metric": None,
        "minimum": None,
        "maximize": "balanced_accuracy",
        "confidence": getattr(args, "confidence", None),
        "predictive": {
            option: getattr(args, option)
            for option in PREDICTIVE
            if getattr(args, option, None) is not None
        },
        "prevalence": getattr(args, "prevalence", None),
        "costs": getattr(args, "costs", None),
        "cost_columns": getattr(args, "cost_column", None) or {},
    }
    for metric, other in (
        ("sensitivity", "specificity"),
        ("specificity", "sensitivity"),
    ):
        minimum = getattr(args, f"min_{metric}", None)
        if minimum is not None:
            requirement.update(metric=metric, minimum=minimum, maximize=other)
    if requirement["costs"] is not None or requirement["cost_columns"]:
        requirement["maximize"] = "expected_cost"
    return requirement


def _add_objective(table, results, maximize):
    """The objective's mean and std per ``t`` when it is not a rate: precision
    or NPV, or the expected cost per row (the library reports its negative)."""
    if maximize in METRICS:
        return
    name, sign = (
        ("neg_expected_cost", -1) if maximize == "expected_cost" else (maximize, 1)
    )
    for i, row in enumerate(table):
        mean = results[f"mean_test_{name}"][i]
        row[f"{maximize}_mean"] = _native(sign * mean)
        row[f"{maximize}_std"] = _native(results[f"std_test_{name}"][i])


def _add_predictive(table, results, requirement):
    """Per ``t``, each requirement where the model is used: the value the
    library compares with it (``<name>_value``) and, with a confidence, its
    bound (``<name>_lower``, for the alert rate ``alert_rate_upper``)."""
    for option in requirement["predictive"]:
        name, key = PREDICTIVE[option]
        # The library tests an alert budget as the share predicted negative.
        flip = (lambda v: 1 - v) if name == "alert_rate" else (lambda v: v)
        bound = "upper" if name == "alert_rate" else "lower"
        lower = results.get(f"lower_test_{key}")
        for i, row in enumerate(table):
            row[f"{name}_value"] = _native(flip(results[f"derived_test_{key}"][i]))
            if lower is not None:
                row[f"{name}_{bound}"] = _native(flip(lower[i]))


def _requirements_at(row, requirement):
    """Each requirement at the chosen ``t`` (``row``): its limit, the measured
    value (the mean over the folds; where the model is used, at the
    prevalence from the mean rates), the bound at the confidence and whether
    it is met (by the bound with a confidence, else by the value)."""
    items = []
    if requirement["metric"] is not None:
        metric = requirement["metric"]
        items.append((metric, ">=", requirement["minimum"], f"{metric}_mean", "lower"))
    for option, limit in requirement["predictive"].items():
        name = PREDICTIVE[option][0]
        op = "<=" if option.startswith("max_") else ">="
        items.append((name, op, limit, f"{name}_value", _BOUND[op]))
    out = []
    for name, op, limit, key, side in items:
        value, bound = row[key], row.get(f"{name}_{side}")
        met = _meets(
            bound if requirement["confidence"] is not None else value, op, limit
        )
        out.append(
            {
                "name": name,
                "op": op,
                "limit": limit,
                "value": value,
                "bound": bound,
                "confidence": requirement["confidence"],
                "met": bool(met),
            }
        )
    return out


_BOUND = {">=": "lower", "<=": "upper"}


def _meets(value, op, limit):
    """Whether ``value op limit`` holds; equal up to round-off meets it."""
    if value is None:
        return False
    return bool(
        np.isclose(value, limit) or (value >= limit if op == ">=" else value <= limit)
    )


def _prevalence(requirement, y, positive):
    """The prevalence of the requirements where the model is used: the one
    given, else the training data's (None when nothing uses it)."""
    if not requirement["predictive"] and requirement["maximize"] != "expected_cost":
        return None
    if requirement["prevalence"] is not None:
        return {"value": requirement["prevalence"], "given": True}
    return {"value": float(np.mean(np.asarray(y) == positive)), "given": False}
