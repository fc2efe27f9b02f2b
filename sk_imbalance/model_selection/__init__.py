"""Choosing ``t``: constrained selection, the cross-validated tradeoff curve."""

from sk_imbalance.model_selection._refit import constrained_refit

__all__ = [
    "constrained_refit",
]
