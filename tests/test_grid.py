"""Tests of ``sk_imbalance._grid``: the default grid of ``t``."""

import subprocess
import sys

import numpy as np

from sk_imbalance._grid import DEFAULT_TS


def test_default_grid_is_the_documented_one():
    """Check that the grid is 0.01, 0.02, 0.05 to 0.95 by 0.05, 0.98, 0.99: sorted,
    inside (0, 1), with 0.5, and symmetric (t and 1 - t both present)."""
    expected = [0.01, 0.02, *(np.arange(1, 20) * 0.05), 0.98, 0.99]
    np.testing.assert_allclose(DEFAULT_TS, expected, atol=1e-12)
    assert np.all(np.diff(DEFAULT_TS) > 0)
    assert 0.5 in DEFAULT_TS
    np.testing.assert_allclose(1 - DEFAULT_TS[::-1], DEFAULT_TS, atol=1e-12)


def test_grid_loads_without_scikit_learn():
    """Check that reading the grid imports neither scikit-learn nor scipy, so the
    command line can show it before they load."""
    code = (
        "import sys; from sk_imbalance._grid import DEFAULT_TS; "
        "print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
