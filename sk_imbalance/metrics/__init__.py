"""Metrics and scorers for the sensitivity/specificity tradeoff.

The metric functions share one counting core (one pass over the labels); the
scorers wrap them for ``cross_val_score``, ``GridSearchCV`` and
``TunedThresholdClassifierCV``.  A scorer given no ``pos_label`` (the ready
``sensitivity_scorer`` and ``specificity_scorer`` among them) scores the positive
class of the estimator it scores, else class 1; name another class with
``make_sensitivity_scorer(pos_label=...)``.  ``sensitivity_interval`` and
``specificity_interval`` say how precise a measured rate is.  ``npv_score``,
``alert_rate_score`` and ``expected_cost`` (per-row costs allowed) measure what a
prediction is worth where it is used, with intervals for the proportions.
"""

from sk_imbalance.metrics._classification import (
    per_class_accuracy_score,
    sensitivity_score,
    specificity_score,
    tradeoff_score,
)
from sk_imbalance.metrics._interval import sensitivity_interval, specificity_interval
from sk_imbalance.metrics._predictive import (
    alert_rate_interval,
    alert_rate_score,
    expected_cost,
    make_alert_rate_scorer,
    make_expected_cost_scorer,
    make_npv_scorer,
    npv_interval,
    npv_score,
    npv_scorer,
    precision_interval,
)
from sk_imbalance.metrics._scorer import (
    balanced_accuracy_scorer,
    make_per_class_accuracy_scorer,
    make_sensitivity_scorer,
    make_specificity_scorer,
    make_tradeoff_scorer,
    sensitivity_scorer,
    specificity_scorer,
    tradeoff_scoring,
)

__all__ = [
    "alert_rate_interval",
    "alert_rate_score",
    "balanced_accuracy_scorer",
    "expected_cost",
    "make_alert_rate_scorer",
    "make_expected_cost_scorer",
    "make_npv_scorer",
    "make_per_class_accuracy_scorer",
    "make_sensitivity_scorer",
    "make_specificity_scorer",
    "make_tradeoff_scorer",
    "npv_interval",
    "npv_score",
    "npv_scorer",
    "per_class_accuracy_score",
    "precision_interval",
    "sensitivity_interval",
    "sensitivity_score",
    "sensitivity_scorer",
    "specificity_interval",
    "specificity_score",
    "specificity_scorer",
    "tradeoff_score",
    "tradeoff_scoring",
]
