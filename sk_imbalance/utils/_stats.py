"""Small formulas that several layers use, written once: Kish's effective
sample size, rates from confusion cells, the tradeoff score and balanced
accuracy of a one-vs-rest tradeoff."""

import numpy as np


def _effective_size(total, total_squared):
    """Kish's effective sample size ``total**2 / total_squared`` (0 where the
    class has no weight).

    ``total`` is the sum of the weights of a class, ``total_squared`` the sum of
    their squares; without weights both are the number of rows, and so is the
    result.
    """
    total = np.asarray(total, dtype=float)
    total_squared = np.asarray(total_squared, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # total * (total / squares): no square of a large total to overflow.
        return np.where(
            (total > 0) & (total_squared > 0), total * (total / total_squared), 0.0
        )


def _rates_from_cells(tp, fn, tn, fp):
    """``(sensitivity, specificity)``; NaN for a rate whose class is absent
    (zero total weight)."""
    positives, negatives = tp + fn, tn + fp
    with np.errstate(invalid="ignore", divide="ignore"):
        sensitivity = np.where(positives > 0, tp / positives, np.nan)
        specificity = np.where(negatives > 0, tn / negatives, np.nan)
    return sensitivity, specificity


def _tradeoff_value(w, sensitivity, specificity):
    """The tradeoff score ``w * sensitivity + (1 - w) * specificity``."""
    return w * sensitivity + (1 - w) * specificity


def _balanced_accuracy(sensitivity, specificity):
    """Balanced accuracy of a one-vs-rest tradeoff: the mean of sensitivity
    and specificity (scikit-learn's balanced accuracy on binary data)."""
    return _tradeoff_value(0.5, sensitivity, specificity)


# Means of fold scores carry float rounding (the mean of three 0.95 is not
# always 0.95), so a value this close below a minimum still reaches it, and two
# values this close are a tie.
_TOL = 1e-10
