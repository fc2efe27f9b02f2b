"""Progress reporting of the searches (``verbose > 0``), as scikit-learn's
searches print it."""

import time


class _Progress:
    """Progress lines as scikit-learn's searches print them (``verbose > 0``):
    fits done out of the total, time elapsed and an estimate of the time left."""

    def __init__(self, verbose, name):
        self.verbose, self.name = verbose, name

    def say(self, message):
        if self.verbose:
            print(f"[{self.name}] {message}", flush=True)

    def phase(self, message, fits_per_fold, n_folds):
        self.per_fold, self.total = fits_per_fold, fits_per_fold * n_folds
        self.done, self.start = 0, time.perf_counter()
        self.say(f"{message}, totalling {self.total} fits")

    def advance(self):
        self.done += self.per_fold
        elapsed = time.perf_counter() - self.start
        left = elapsed / self.done * (self.total - self.done)
        self.say(
            f"{self.done}/{self.total} fits done; {elapsed:.1f} s elapsed, about "
            f"{left:.1f} s left"
        )
