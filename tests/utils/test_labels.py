"""Tests of sk_imbalance.utils._labels: encoding, label lookup, Python scalars."""

import numpy as np
import pytest

from sk_imbalance.utils._labels import _BINCOUNT_RANGE, _encode, _label_index, _py


@pytest.mark.parametrize(
    "y",
    [
        np.array([3, 0, 3, 7, 0]),  # small non-negative integers: the bincount path
        np.array([3, -1, 3, 7]),  # a negative label: the sorting path
        np.array([0, _BINCOUNT_RANGE, 5]),  # beyond the bincount range
        np.array([True, False, True]),
        np.array([2.0, 0.5, 2.0]),
        np.array(["b", "a", "c", "a"]),
        np.array(["b", "a"], dtype=object),
        np.array([], dtype=np.int64),
    ],
    ids=lambda y: f"{y.dtype}-{y.size}",
)
def test_encode_matches_np_unique(y):
    """Check that _encode gives np.unique's classes and inverse, dtype kept."""
    classes, y_idx = _encode(y)
    expected_classes, expected_idx = np.unique(y, return_inverse=True)
    np.testing.assert_array_equal(classes, expected_classes)
    np.testing.assert_array_equal(y_idx, expected_idx)
    assert classes.dtype == y.dtype
    np.testing.assert_array_equal(classes[y_idx], y)


@pytest.mark.parametrize(
    "classes, label, expected",
    [
        (np.array([0, 1, 2]), 2, 2),
        (np.array([0, 1, 2]), 2.0, 2),
        (np.array([0, 1, 2]), 7, None),
        (np.array([0, 1]), [1], None),  # a list would broadcast
        (np.array([0, 1]), np.nan, None),
        (np.array(["a", "b"]), "b", 1),
        (np.array(["a", "b"]), 1, None),
        (np.array([], dtype=int), 0, None),
    ],
)
def test_label_index(classes, label, expected):
    """Check the index of a label among the classes, None when it is not one."""
    assert _label_index(classes, label) == expected


@pytest.mark.parametrize(
    "value, expected, kind",
    [
        (np.int64(3), 3, int),
        (np.float32(0.5), 0.5, float),
        (np.bool_(True), True, bool),
        (np.str_("a"), "a", str),
        ("a", "a", str),
        (None, None, type(None)),
    ],
)
def test_py_gives_python_scalars(value, expected, kind):
    """Check that numpy scalars become the Python scalar of the same value."""
    result = _py(value)
    assert result == expected
    assert type(result) is kind
