"""The one-line progress display of the search on a terminal, and the thread
budget of the fits."""

import os
import threading
import time


def _format_seconds(seconds):
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class _Progress:
    """Fits done / total, elapsed time and an estimate of the time left, on one
    line of a terminal.

    Counting works when the fits run in this process (one job); with parallel
    workers the line shows the total and the elapsed time only.  The estimate
    assumes the fits left take as long as those done (the last fit, on all
    rows, takes a little longer).
    """

    # The display the fits of this process report to (see ``_Tick``).
    active = None

    def __init__(self, total, *, stream, enabled, counting=True, interval=0.2):
        self.total = total
        self.stream = stream
        self.enabled = enabled
        self.counting = counting
        self.interval = interval
        self.done = 0
        self.elapsed = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = None
        self._width = 0

    def __enter__(self):
        self.start = time.perf_counter()
        _Progress.active = self
        if self.enabled:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc_info):
        _Progress.active = None
        self.elapsed = time.perf_counter() - self.start
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._draw()
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()

    def tick(self):
        with self._lock:
            self.done = min(self.done + 1, self.total)

    def line(self):
        elapsed = time.perf_counter() - self.start
        if not self.counting:
            return (
                f"tuning: {self.total} fits on parallel workers, "
                f"{_format_seconds(elapsed)}"
            )
        with self._lock:
            done = self.done
        width = 20
        filled = width * done // max(self.total, 1)
        bar = "#" * filled + "." * (width - filled)
        if done == 0:
            left = "time left: after the first fit"
        elif done >= self.total:
            left = "done"
        else:
            left = f"about {_format_seconds(elapsed / done * (self.total - done))} left"
        return (
            f"tuning [{bar}] {done}/{self.total} fits, {_format_seconds(elapsed)}, "
            f"{left}"
        )

    def _draw(self):
        text = self.line()
        self._width = max(self._width, len(text))
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()

    def _run(self):
        self._draw()
        while not self._stop.wait(self.interval):
            self._draw()


def _cores():
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _budget(n_jobs, threads, cores=None):
    """``(jobs, threads per job)`` with ``jobs * threads <= cores`` unless the
    user asked for more.

    ``n_jobs`` None means one job; -1 all cores (and -2 all but one, as joblib).
    ``threads`` None means the cores left to each job.
    """
    cores = _cores() if cores is None else cores
    if n_jobs is None:
        jobs = 1
    elif n_jobs < 0:
        jobs = max(1, cores + 1 + n_jobs)
    else:
        jobs = n_jobs
    if threads is None:
        threads = max(1, cores // jobs)
    return jobs, threads
