"""The thread budget: how many BLAS/OpenMP threads each parallel job may use.

One rule for the whole package: never more threads than the cores that are
idle (the cores this process may run on, less the load average of other work),
shared between the jobs; a limit the user already set (``OMP_NUM_THREADS``, or
``threadpoolctl.threadpool_limits`` around the call) is kept.  On a machine
busy with other work, more threads than idle cores make OpenMP's spinning
threads wait for each other: one HistGradientBoosting fit took 13 s with two
threads and 0.08 s with one while the second core was busy.
"""

import os

from threadpoolctl import threadpool_info


def _cores():
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _idle_cores(cores=None, load=None):
    """``cores`` less the one-minute load average (rounded), at least 1."""
    cores = _cores() if cores is None else cores
    if load is None:
        try:
            load = os.getloadavg()[0]
        except (AttributeError, OSError):  # not available on this platform
            return cores
    return max(1, min(cores, cores - int(load + 0.5)))


def _user_threads():
    """The thread count the user set in ``OMP_NUM_THREADS``, or None."""
    try:
        value = int(os.environ.get("OMP_NUM_THREADS", "").split(",")[0])
    except ValueError:
        return None
    return value if value >= 1 else None


def _threads_per_worker(n_workers=1, *, cores=None, load=None):
    """Threads per worker so that workers x threads <= the idle cores.

    ``OMP_NUM_THREADS``, when set, replaces the idle cores; so does a limit
    already in force in this process (lower than the cores), which an outer
    ``threadpool_limits`` sets.
    """
    n_workers = max(1, int(n_workers))
    cores = _cores() if cores is None else cores
    available = _user_threads()
    if available is None:
        limits = [info["num_threads"] for info in threadpool_info()]
        if limits and max(limits) < cores:
            available = max(limits)
        else:
            available = _idle_cores(cores, load)
    return max(1, available // n_workers)
