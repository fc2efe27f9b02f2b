"""Metrics and scorers for the sensitivity/specificity tradeoff.

The metric functions share one counting core (one pass over the labels); the
scorers wrap them for ``cross_val_score``, ``GridSearchCV`` and
``TunedThresholdClassifierCV``.  A scorer given no ``pos_label`` (the ready
``sensitivity_scorer`` and ``specificity_scorer`` among them) scores the positive
class of the estimator it scores, else class 1; name another class with
``make_sensitivity_scorer(pos_label=...)``.  ``sensitivity_interval`` and
``specificity_interval`` say how precise a measured rate is.
"""

from sk_imbalance.metrics._classification import (
    per_class_accuracy_score,
    sensitivity_score,
    specificity_score,
    tradeoff_score,
)
from sk_imbalance.metrics._interval import sensitivity_interval, specificity_interval
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
    "balanced_accuracy_scorer",
    "make_per_class_accuracy_scorer",
    "make_sensitivity_scorer",
    "make_specificity_scorer",
    "make_tradeoff_scorer",
    "per_class_accuracy_score",
    "sensitivity_interval",
    "sensitivity_score",
    "sensitivity_scorer",
    "specificity_interval",
    "specificity_score",
    "specificity_scorer",
    "tradeoff_score",
    "tradeoff_scoring",
]
