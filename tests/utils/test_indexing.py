"""Tests of sk_imbalance.utils._indexing: rows, row counts, fit-param indexing."""

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from sk_imbalance.utils import _indexing
from sk_imbalance.utils._indexing import _blocks, _index_params, _num_rows, _rows


@pytest.mark.parametrize("n", [0, 1, 5, 4097, 20_000])
@pytest.mark.parametrize("block", [3, 1 << 18])
def test_blocks_cover_every_row_once(monkeypatch, n, block):
    """Check that the blocks are consecutive, disjoint and cover range(n)."""
    monkeypatch.setattr(_indexing, "_BLOCK", block)
    rows = np.arange(n)
    covered = np.concatenate([rows[s] for s in _blocks(n)] or [rows])
    np.testing.assert_array_equal(covered, np.arange(n))
    assert all(s.stop - s.start <= block for s in _blocks(n))


@pytest.mark.parametrize("fmt", ["coo", "dia", "bsr", "lil", "dok", "csr", "csc"])
def test_rows_of_sparse_formats_can_be_indexed(fmt):
    """Check that every sparse format comes back row-indexable, values kept."""
    dense = np.arange(12.0).reshape(4, 3)
    X = _rows(sparse.csr_matrix(dense).asformat(fmt))
    assert X.format in ("csr", "csc")
    np.testing.assert_array_equal(X[[2, 0]].toarray(), dense[[2, 0]])


def test_rows_keep_indexable_containers():
    """Check that arrays, lists and DataFrames are returned as they are, and a
    sequence without indexing becomes an array."""
    frame = pd.DataFrame({"a": [1, 2]})
    array = np.zeros((2, 1))
    assert _rows(frame) is frame
    assert _rows(array) is array

    class ArrayOnly:  # converts to an array, cannot index rows itself
        def __array__(self, dtype=None, copy=None):
            return np.array([[1.0], [2.0]])

    rows = _rows(ArrayOnly())
    np.testing.assert_array_equal(rows[[1]], [[2.0]])


@pytest.mark.parametrize(
    "X, expected",
    [
        (np.zeros((4, 2)), 4),
        (sparse.csr_matrix((5, 3)), 5),
        (pd.DataFrame({"a": range(6)}), 6),
        ([[1], [2], [3]], 3),
    ],
)
def test_num_rows(X, expected):
    """Check the number of rows of each container."""
    assert _num_rows(X) == expected


def test_index_params_takes_rows_of_per_sample_params_only():
    """Check that per-sample arrays are indexed and everything else passes as is."""
    weights = np.arange(5.0)
    series = pd.Series(list("abcde"), index=[10, 11, 12, 13, 14])
    params = {
        "weights": weights,
        "groups": list(range(5)),
        "series": series,
        "scalar": 3,
        "none": None,
        "mapping": {i: i for i in range(5)},  # a dict of length n is not per-sample
        "other_length": np.arange(4),
        "text": "abcde",
    }
    rows = np.array([4, 1])
    out = _index_params(params, rows, 5)
    np.testing.assert_array_equal(out["weights"], weights[rows])
    assert list(out["groups"]) == [4, 1]
    assert list(out["series"]) == ["e", "b"]
    for key in ("scalar", "none", "mapping", "other_length", "text"):
        assert out[key] is params[key]
    assert set(out) == set(params)
