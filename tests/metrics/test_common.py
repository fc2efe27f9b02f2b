"""Checks run over every public function of `sk_imbalance.metrics`.

Bad parameter values are walked for every public name in tests/test_public_api.py.
"""

import inspect

import numpy as np
import pytest

import sk_imbalance.metrics as metrics

FUNCTIONS = [
    getattr(metrics, name)
    for name in metrics.__all__
    if inspect.isfunction(getattr(metrics, name))
]
# Valid values for required arguments; every other argument keeps its default.
VALID = {"y_true": [0, 1, 1], "y_pred": [0, 1, 0], "label": 1}


def test_all_public_functions_are_listed():
    """Check that __all__ lists the metric functions, factories and ready scorers."""
    assert len(FUNCTIONS) == 11
    public = {name for name in dir(metrics) if not name.startswith("_")}
    assert set(metrics.__all__) == public


@pytest.mark.parametrize(
    "func", [f for f in FUNCTIONS if f.__name__.endswith("_score")]
)
def test_metric_accepts_lists_and_arrays_alike(func):
    """Check that lists and numpy arrays give the same result."""
    y_true, y_pred = VALID["y_true"], VALID["y_pred"]
    np.testing.assert_array_equal(
        func(y_true, y_pred), func(np.asarray(y_true), np.asarray(y_pred))
    )
