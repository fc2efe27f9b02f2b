"""Choosing ``t``: constrained selection, the cross-validated tradeoff curve."""

from sk_imbalance.model_selection._refit import constrained_refit
from sk_imbalance.model_selection._search import TradeoffClassifierCV

__all__ = [
    "TradeoffClassifierCV",
    "constrained_refit",
]
