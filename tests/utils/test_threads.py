"""Tests of ``sk_imbalance.utils._threads``: the thread budget."""

import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from sk_imbalance.utils._threads import _idle_cores, _threads_per_worker


@pytest.mark.parametrize(
    "cores, load, idle",
    [(2, 0.2, 2), (2, 0.6, 1), (2, 1.0, 1), (2, 7.5, 1), (8, 2.4, 6), (4, 0.0, 4)],
)
def test_idle_cores_are_the_cores_less_the_rounded_load(cores, load, idle):
    """Check that the idle cores are the cores less the rounded load, at least 1."""
    assert _idle_cores(cores, load) == idle


@pytest.mark.parametrize("busy", [0, 1])
@pytest.mark.parametrize("workers", [1, 2, 3])
def test_threads_split_the_idle_cores_between_workers(monkeypatch, busy, workers):
    """Check that workers x threads stays within the idle cores (the cores of
    the thread pools here, less ``busy`` cores of load) when no limit is set."""
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    pools = [info["num_threads"] for info in threadpool_info()]
    cores = max(pools, default=2)
    idle = max(1, cores - busy)
    assert _threads_per_worker(workers, cores=cores, load=busy) == max(
        1, idle // workers
    )


@pytest.mark.parametrize("value, workers, expected", [("4", 1, 4), ("4", 2, 2)])
def test_omp_num_threads_is_honoured(monkeypatch, value, workers, expected):
    """Check that OMP_NUM_THREADS replaces the idle cores, even above them."""
    monkeypatch.setenv("OMP_NUM_THREADS", value)
    assert _threads_per_worker(workers, cores=2, load=1.9) == expected


def test_an_outer_limit_is_kept(monkeypatch):
    """Check that a threadpool_limits set around the call is not raised."""
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    if not threadpool_info():
        pytest.skip("no BLAS or OpenMP thread pool loaded")
    with threadpool_limits(1):
        assert _threads_per_worker(1, cores=8, load=0.0) == 1
