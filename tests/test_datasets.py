"""Tests for `load_screening`."""

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer

from sk_imbalance.datasets import load_screening


def test_default_prevalence_and_positive_class():
    """Check that the default is 5% malignant, coded 1, and rows are real rows."""
    X, y = load_screening(return_X_y=True)
    full = load_breast_cancer()
    assert X.shape == (376, 30)
    assert int(y.sum()) == 19
    # Every row is a row of the original data with malignant (sklearn's 0) -> 1.
    index = {
        row.tobytes(): label for row, label in zip(full.data, full.target, strict=True)
    }
    assert all(
        index[row.tobytes()] == 1 - label for row, label in zip(X, y, strict=True)
    )


@pytest.mark.parametrize("fraction", [0.02, 0.2, 0.5, 0.8])
def test_positive_fraction(fraction):
    """Check that the malignant fraction is the one asked for (to one row)."""
    _, y = load_screening(positive_fraction=fraction, return_X_y=True)
    assert abs(y.mean() - fraction) <= 1 / y.size


def test_seeded():
    """Check that the same seed gives the same rows and another seed others."""
    a, _ = load_screening(return_X_y=True)
    b, _ = load_screening(return_X_y=True)
    c, _ = load_screening(random_state=1, return_X_y=True)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_bunch_and_frame():
    """Check the Bunch fields and the pandas form."""
    pytest.importorskip("pandas")
    bunch = load_screening(as_frame=True)
    assert list(bunch.target_names) == ["benign", "malignant"]
    assert bunch.target.name == "malignant"
    assert list(bunch.data.columns) == list(bunch.feature_names)
    assert bunch.frame.shape == (376, 31)
    assert "5.1% malignant" in bunch.DESCR


@pytest.mark.parametrize(
    "params, match",
    [
        ({"positive_fraction": 0}, "positive_fraction"),
        ({"positive_fraction": 1.0}, "positive_fraction"),
        ({"return_X_y": "yes"}, "return_X_y"),
    ],
)
def test_bad_params(params, match):
    """Check that bad parameters raise an error naming them."""
    with pytest.raises(ValueError, match=match):
        load_screening(**params)
