"""Train scikit-learn classifiers for the sensitivity/specificity tradeoff you choose.

Public API: :class:`TradeoffClassifier` and the weight helpers here; metrics and
scorers in :mod:`sk_imbalance.metrics`; choosing ``t`` in
:mod:`sk_imbalance.model_selection`.
"""

import importlib

__version__ = "0.1.0.dev0"

# Where each public name lives.  They are imported on first use (PEP 562), so
# that ``sk-imbalance`` prints its first line before scikit-learn has loaded
# (seconds on a busy machine).
_PUBLIC = {
    "TradeoffBaggingClassifier": "sk_imbalance._bagging",
    "TradeoffClassifier": "sk_imbalance._tradeoff",
    "TradeoffClassifierCV": "sk_imbalance.model_selection._search",
    "jitter": "sk_imbalance._resample",
    "tradeoff_class_weight": "sk_imbalance._weights",
    "tradeoff_sample_weight": "sk_imbalance._weights",
}
_SUBPACKAGES = ("metrics", "model_selection")

__all__ = [
    "TradeoffBaggingClassifier",
    "TradeoffClassifier",
    "TradeoffClassifierCV",
    "jitter",
    "tradeoff_class_weight",
    "tradeoff_sample_weight",
]


def __getattr__(name):
    if name in _PUBLIC:
        value = getattr(importlib.import_module(_PUBLIC[name]), name)
    elif name in _SUBPACKAGES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted({*globals(), *__all__, *_SUBPACKAGES})
