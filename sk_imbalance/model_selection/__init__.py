"""Choosing ``t``: constrained selection, the cross-validated tradeoff curve."""

from sk_imbalance.model_selection._constrained_refit import constrained_refit
from sk_imbalance.model_selection._curve import tradeoff_curve
from sk_imbalance.model_selection._plot import TradeoffCurveDisplay
from sk_imbalance.model_selection._search import TradeoffClassifierCV

__all__ = [
    "TradeoffClassifierCV",
    "TradeoffCurveDisplay",
    "constrained_refit",
    "tradeoff_curve",
]
