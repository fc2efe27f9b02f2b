"""Tests of the shared formulas in sk_imbalance.utils._stats."""

import numpy as np
import pytest
from sklearn.metrics import balanced_accuracy_score

from sk_imbalance.utils._stats import (
    _balanced_accuracy,
    _effective_size,
    _rates_from_cells,
)


def test_effective_size_is_kish_and_counts_rows_without_weights():
    """Check Kish's (sum w)**2 / sum(w**2) by hand, the row count for unit
    weights, its invariance to the weights' unit, and 0 for an absent class."""
    w = np.array([1.0, 2.0, 3.0, 0.5])
    assert _effective_size(w.sum(), (w**2).sum()) == pytest.approx(6.5**2 / 14.25)
    assert _effective_size(5.0, 5.0) == 5.0
    c = 1e-100  # the weights' unit: total scales by c, squares by c**2
    assert _effective_size(c * w.sum(), c**2 * (w**2).sum()) == pytest.approx(
        6.5**2 / 14.25
    )
    assert _effective_size(0.0, 0.0) == 0.0


def test_effective_size_of_overflowing_squares_is_zero_without_warning():
    """Check that squares that overflowed (weights above 1e154) give an
    effective size of 0 (the cell counts as unmeasured), without a warning."""
    with np.errstate(all="raise"):
        assert _effective_size(1e308, np.inf) == 0.0


def test_balanced_accuracy_from_rates_matches_scikit_learn_on_binary_data():
    """Check the one-vs-rest balanced accuracy against scikit-learn's."""
    y_true = np.array([0, 0, 0, 1, 1, 0, 1, 0])
    y_pred = np.array([0, 1, 0, 1, 0, 0, 1, 1])
    tp = np.sum((y_true == 1) & (y_pred == 1))
    fn = np.sum((y_true == 1) & (y_pred == 0))
    tn = np.sum((y_true == 0) & (y_pred == 0))
    fp = np.sum((y_true == 0) & (y_pred == 1))
    sensitivity, specificity = _rates_from_cells(tp, fn, tn, fp)
    assert _balanced_accuracy(sensitivity, specificity) == pytest.approx(
        balanced_accuracy_score(y_true, y_pred)
    )
