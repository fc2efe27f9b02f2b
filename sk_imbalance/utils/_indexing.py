"""Rows: of X (dense, sparse or DataFrame), of per-sample fit parameters, counted,
and read in blocks."""

import numpy as np
from scipy import sparse

from sk_imbalance._compat import num_samples, safe_indexing

# Labels are read in blocks of at most this many samples: the masks and codes
# of one block stay in cache, and no temporary grows with the number of
# samples.  Small inputs still use a few blocks, so that the temporaries stay a
# fraction of the labels' size.
_BLOCK = 1 << 18
_MIN_BLOCK = 1 << 12


def _block_size(n):
    return max(1, min(_BLOCK, max(_MIN_BLOCK, -(-n // 4))))


def _blocks(n):
    size = _block_size(n)
    return (slice(start, start + size) for start in range(0, n, size))


def _rows(X):
    """``X`` in a form whose rows can be indexed (CSR for the sparse formats
    that cannot index rows, an array for non-indexable sequences)."""
    if sparse.issparse(X):
        return X if X.format in ("csr", "csc") else X.tocsr()
    if not hasattr(X, "iloc") and not hasattr(X, "__getitem__"):
        return np.asarray(X)
    return X


def _num_rows(X):
    """Number of rows of an array, sparse matrix, DataFrame or sequence."""
    return num_samples(X)


def _index_params(params, indices, n_samples):
    """Rows ``indices`` of the per-sample fit params; other params unchanged."""
    indexed = {}
    for key, value in params.items():
        if (
            value is not None
            and not np.isscalar(value)
            and hasattr(value, "__len__")
            and not isinstance(value, dict)
            and len(value) == n_samples
        ):
            value = safe_indexing(value, indices)
        indexed[key] = value
    return indexed
