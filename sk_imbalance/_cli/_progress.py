"""The one-line progress display of the search on a terminal."""

import threading
import time


class _Progress:
    """Fits done / total and elapsed time on one line of a terminal.

    Counting works when the fits run in this process (``n_jobs=1``); with
    parallel workers the line shows the total and the elapsed time only.
    """

    def __init__(self, total, *, stream, enabled, counting=True, interval=0.2):
        self.total = total
        self.stream = stream
        self.enabled = enabled
        self.counting = counting
        self.interval = interval
        self.done = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = None
        self._width = 0

    def __enter__(self):
        self.start = time.perf_counter()
        if self.enabled:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self.elapsed = time.perf_counter() - self.start
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._draw()
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()

    def tick(self):
        with self._lock:
            self.done += 1

    def line(self):
        elapsed = time.perf_counter() - self.start
        if not self.counting:
            return f"tuning: {self.total} fits on parallel workers, {elapsed:.0f} s"
        with self._lock:
            done = self.done
        width = 20
        filled = width * done // max(self.total, 1)
        bar = "#" * filled + "." * (width - filled)
        phase = ", refitting on all rows" if done >= self.total else ""
        return f"tuning [{bar}] {done}/{self.total} fits, {elapsed:.0f} s{phase}"

    def _draw(self):
        text = self.line()
        self._width = max(self._width, len(text))
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()

    def _run(self):
        self._draw()
        while not self._stop.wait(self.interval):
            self._draw()


class _CountingScorer:
    """Multi-metric scorer that ticks the progress display after each fold."""

    def __init__(self, scorer, progress):
        self.scorer = scorer
        self.progress = progress

    def __call__(self, estimator, X, y, **kwargs):
        try:
            return self.scorer(estimator, X, y, **kwargs)
        finally:
            self.progress.tick()
