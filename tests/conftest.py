"""Fixtures shared by test modules of several package modules."""

import numpy as np
import pytest


@pytest.fixture(scope="session")
def one_in_100k():
    """1e5 rows, one positive, which sits apart from the negatives."""
    rng = np.random.RandomState(0)
    X = rng.normal(size=(100_000, 2))
    y = np.zeros(100_000, dtype=int)
    y[0], X[0] = 1, [6.0, 6.0]
    return X, y
