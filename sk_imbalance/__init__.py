"""Train scikit-learn classifiers for the sensitivity/specificity tradeoff you choose.

Public API: :class:`TradeoffClassifier` and the weight helpers here; metrics and
scorers in :mod:`sk_imbalance.metrics`; choosing ``t`` in
:mod:`sk_imbalance.model_selection`.
"""

from sk_imbalance._resample import jitter
from sk_imbalance._tradeoff import TradeoffClassifier
from sk_imbalance._weights import tradeoff_class_weight, tradeoff_sample_weight
from sk_imbalance.model_selection._search import TradeoffClassifierCV

__version__ = "0.1.0.dev0"

__all__ = [
    "TradeoffClassifier",
    "TradeoffClassifierCV",
    "jitter",
    "tradeoff_class_weight",
    "tradeoff_sample_weight",
]
