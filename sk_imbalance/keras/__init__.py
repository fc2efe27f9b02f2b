"""Keras metrics that stream sensitivity and specificity across batches.

The metrics accumulate weighted confusion counts over every batch of an epoch, so
the value Keras logs at the end of an epoch is the rate over the whole epoch, equal
to the matching :mod:`sk_imbalance.metrics` function on the same predictions.
Averaging per-batch rates (what a plain metric function compiled into a model
does) is wrong whenever batches hold different numbers of positives.

The class weights for ``model.fit(class_weight=...)`` come from
:func:`sk_imbalance.tradeoff_class_weight`.

Requires Keras 3 (``pip install "sk-imbalance[keras]"`` plus a backend such as
torch, jax or tensorflow); it works with every backend through ``keras.ops``.
Importing this module registers the metrics with Keras' serialisation, so import
it before ``keras.models.load_model`` on a model compiled with them.
"""

try:
    import keras
except ImportError as exc:
    if exc.name == "keras":
        raise ImportError(
            "sk_imbalance.keras needs Keras 3, which is not installed. Install the "
            'extra: pip install "sk-imbalance[keras]" (and a backend, e.g. torch).'
        ) from exc
    # keras is there but its backend is not: say so rather than blame the extra.
    raise ImportError(
        f"Keras is installed but could not be imported ({exc}). Install its "
        "backend or choose another one with the KERAS_BACKEND environment "
        "variable (e.g. KERAS_BACKEND=torch)."
    ) from exc

if int(keras.__version__.split(".")[0]) < 3:
    raise ImportError(
        f"sk_imbalance.keras needs Keras 3 (keras.ops), found keras "
        f'{keras.__version__}. Upgrade: pip install "sk-imbalance[keras]".'
    )

from sk_imbalance.keras._metrics import (
    PerClassAccuracy,
    Sensitivity,
    Specificity,
    TradeoffScore,
)

__all__ = ["PerClassAccuracy", "Sensitivity", "Specificity", "TradeoffScore"]
