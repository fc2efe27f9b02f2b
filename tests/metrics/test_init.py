"""Tests of the ``sk_imbalance.metrics`` namespace."""

import inspect

import sk_imbalance.metrics as metrics


def test_all_public_functions_are_listed():
    """Check that __all__ lists the metric functions, factories and ready scorers."""
    functions = [
        name for name in metrics.__all__ if inspect.isfunction(getattr(metrics, name))
    ]
    assert len(functions) == 20
    public = {name for name in dir(metrics) if not name.startswith("_")}
    assert set(metrics.__all__) == public
