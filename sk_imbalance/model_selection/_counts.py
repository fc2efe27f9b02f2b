"""The count table: what every way of cross-validating ``t`` produces.

Threshold readings, exact refits, the refined path, the exact mode and the Spark
engine all reduce their out-of-fold predictions to one small table: confusion
counts per ``t`` x split.  Every selection rule (objective, minimums, the
one-standard-error rule, the confidence bounds) reads this table and nothing
else, so the engines cannot disagree about what they measured.

Counts add up: the table of a data set is the sum of the tables of its
partitions (``table_a + table_b``), which is how a distributed engine builds it.
"""

from dataclasses import dataclass, field

import numpy as np

from sk_imbalance.utils._stats import _effective_size, _rates_from_cells

# Cells of the last axis: true positives, false negatives, true negatives,
# false positives.
CELLS = ("tp", "fn", "tn", "fp")


def _squares(w):
    """Squared weights; inf (not a warning) beyond the float range, which
    gives the cell an effective size of 0."""
    with np.errstate(over="ignore"):
        return w * w


@dataclass(frozen=True, eq=False)
class CountTable:
    """Confusion counts of out-of-fold predictions, per ``t`` x split.

    Parameters
    ----------
    ts : ndarray of shape (n_ts,)
        The tradeoffs, in the order of the rows.
    weighted : ndarray of shape (n_ts, n_splits, 4)
        Sums of the sample weights of the test rows in each cell
        (``tp, fn, tn, fp``); equal to ``counts`` without sample weights.
    counts : ndarray of shape (n_ts, n_splits, 4)
        Numbers of test rows in each cell.
    squares : ndarray of shape (n_ts, n_splits, 4)
        Sums of the squared sample weights in each cell, for Kish's effective
        sample size ``weighted**2 / squares`` of weighted counts.
    repeats : ndarray of shape (n_splits,)
        Repeat id of each split: the splits of one repeat have disjoint test
        sets (every row is out of fold at most once per repeat).
    fitted : ndarray of shape (n_ts,)
        Whether the row's counts come from models fitted at its ``t`` (True) or
        were read off models fitted at other ``t`` (threshold readings).
    cost : ndarray of shape (n_ts, n_splits) or None
        Summed per-row costs of the wrong decisions, when costs were given.
    """

    ts: np.ndarray
    weighted: np.ndarray
    counts: np.ndarray
    squares: np.ndarray
    repeats: np.ndarray
    fitted: np.ndarray
    cost: np.ndarray | None = field(default=None)

    def __post_init__(self):
        n_ts = np.shape(self.ts)[0]
        for name in ("weighted", "counts", "squares"):
            value = np.asarray(getattr(self, name), dtype=float)
            if value.ndim != 3 or value.shape[0] != n_ts or value.shape[2] != 4:
                raise ValueError(
                    f"CountTable.{name} must have shape (n_ts={n_ts}, n_splits, 4); "
                    f"got {value.shape}."
                )
            object.__setattr__(self, name, value)
        object.__setattr__(self, "ts", np.asarray(self.ts, dtype=float))
        object.__setattr__(self, "repeats", np.asarray(self.repeats, dtype=int))
        object.__setattr__(self, "fitted", np.asarray(self.fitted, dtype=bool))
        if self.cost is not None:
            object.__setattr__(self, "cost", np.asarray(self.cost, dtype=float))

    @classmethod
    def from_predictions(cls, ts, is_pos, pred_pos, weight=None, *, fitted=True):
        """The table of one split: ``pred_pos`` of shape ``(n_ts, n_rows)``.

        Parameters
        ----------
        ts : array-like of shape (n_ts,)
        is_pos : array-like of bool, shape (n_rows,)
            Whether each test row is positive.
        pred_pos : array-like of bool, shape (n_ts, n_rows)
            Whether each row is predicted positive at each ``t``.
        weight : array-like of shape (n_rows,), default=None
        fitted : bool or array-like of bool, default=True
        """
        is_pos = np.asarray(is_pos, dtype=bool)
        pred_pos = np.asarray(pred_pos, dtype=bool).reshape(-1, is_pos.size)
        w = np.ones(is_pos.size) if weight is None else np.asarray(weight, float)
        # Cell index per row and t: tp 0, fn 1, tn 2, fp 3.
        cell = np.where(is_pos, np.where(pred_pos, 0, 1), np.where(pred_pos, 3, 2))
        n_ts = pred_pos.shape[0]
        flat = (cell + 4 * np.arange(n_ts)[:, None]).ravel()
        size = 4 * n_ts

        def add(values):
            tiled = np.broadcast_to(values, pred_pos.shape).ravel()
            return np.bincount(flat, tiled, minlength=size).reshape(n_ts, 1, 4)

        ts = np.asarray(ts, dtype=float).reshape(-1)
        return cls(
            ts=ts,
            weighted=add(w),
            counts=add(np.ones(is_pos.size)),
            squares=add(_squares(w)),
            repeats=np.zeros(1, dtype=int),
            fitted=np.broadcast_to(np.asarray(fitted, dtype=bool), ts.shape),
        )

    @classmethod
    def from_rates(
        cls, ts, sensitivity, specificity, n_positives, n_negatives, repeats=None
    ):
        """The table of fold rates and (effective) class sizes, as a search
        scored with ``tradeoff_scoring(counts=True)`` records them.

        Each fold is counted as ``n`` unit-weight rows of its class (``n`` the
        recorded Kish effective size), so the rates and the effective sizes of
        the table are the recorded ones.  A fold whose class size is 0 has no
        row of that class: its rate is undefined, whatever the scorer's
        ``zero_division`` made of it.

        Parameters
        ----------
        ts : array-like of shape (n_ts,)
            The ``t`` of each row (NaN where unknown).
        sensitivity, specificity : array-like of shape (n_ts, n_splits)
        n_positives, n_negatives : array-like of shape (n_ts, n_splits)
        repeats : array-like of shape (n_splits,), default=None
        """
        sens = np.nan_to_num(np.asarray(sensitivity, dtype=float))
        spec = np.nan_to_num(np.asarray(specificity, dtype=float))
        n_pos = np.nan_to_num(np.asarray(n_positives, dtype=float))
        n_neg = np.nan_to_num(np.asarray(n_negatives, dtype=float))
        cells = np.stack(
            [sens * n_pos, (1 - sens) * n_pos, spec * n_neg, (1 - spec) * n_neg],
            axis=-1,
        )
        n_splits = cells.shape[1]
        return cls(
            ts=np.asarray(ts, dtype=float).reshape(-1),
            weighted=cells,
            counts=cells,
            squares=cells,
            repeats=np.zeros(n_splits, dtype=int) if repeats is None else repeats,
            fitted=np.ones(cells.shape[0], dtype=bool),
        )

    @classmethod
    def stack(cls, tables, repeats=None):
        """One table from the tables of single splits, in split order."""
        tables = list(tables)
        first = tables[0]
        cost = None
        if all(t.cost is not None for t in tables):
            cost = np.concatenate([t.cost for t in tables], axis=1)
        return cls(
            ts=first.ts,
            weighted=np.concatenate([t.weighted for t in tables], axis=1),
            counts=np.concatenate([t.counts for t in tables], axis=1),
            squares=np.concatenate([t.squares for t in tables], axis=1),
            repeats=(np.zeros(len(tables), dtype=int) if repeats is None else repeats),
            fitted=np.logical_and.reduce([t.fitted for t in tables]),
            cost=cost,
        )

    def __add__(self, other):
        """The table of the union of two disjoint sets of test rows."""
        if not isinstance(other, CountTable):
            return NotImplemented
        if (
            self.weighted.shape != other.weighted.shape
            or not np.array_equal(self.ts, other.ts)
            or not np.array_equal(self.repeats, other.repeats)
        ):
            raise ValueError(
                "Only count tables over the same ts and splits add up; got shapes "
                f"{self.weighted.shape} and {other.weighted.shape}."
            )
        cost = None
        if self.cost is not None and other.cost is not None:
            cost = self.cost + other.cost
        return CountTable(
            ts=self.ts,
            weighted=self.weighted + other.weighted,
            counts=self.counts + other.counts,
            squares=self.squares + other.squares,
            repeats=self.repeats,
            fitted=self.fitted & other.fitted,
            cost=cost,
        )

    @property
    def n_splits(self):
        return self.weighted.shape[1]

    def cell(self, name, *, weighted=True):
        """One cell, shape ``(n_ts, n_splits)``."""
        source = self.weighted if weighted else self.counts
        return source[..., CELLS.index(name)]

    def rates(self):
        """``(sensitivity, specificity)`` per ``t`` x split; NaN for a split
        whose test rows lack the class (zero total weight)."""
        return _rates_from_cells(*np.moveaxis(self.weighted, -1, 0))

    def class_sizes(self, metric):
        """Kish's effective number of rows of the class whose rate ``metric``
        is ("sensitivity": positives, "specificity": negatives), per ``t`` x
        split; the number of rows without sample weights."""
        cells = [0, 1] if metric == "sensitivity" else [2, 3]
        total = self.weighted[..., cells].sum(axis=-1)
        squares = self.squares[..., cells].sum(axis=-1)
        return _effective_size(total, squares)

    def take(self, rows):
        """The table of some ``t`` rows only."""
        return CountTable(
            ts=self.ts[rows],
            weighted=self.weighted[rows],
            counts=self.counts[rows],
            squares=self.squares[rows],
            repeats=self.repeats,
            fitted=self.fitted[rows],
            cost=None if self.cost is None else self.cost[rows],
        )

    def with_rows(self, rows, other):
        """A copy whose ``rows`` are replaced by the rows of ``other`` (a
        table over ``ts[rows]`` and the same splits)."""
        parts = {}
        for name in ("weighted", "counts", "squares"):
            value = getattr(self, name).copy()
            value[rows] = getattr(other, name)
            parts[name] = value
        fitted = self.fitted.copy()
        fitted[rows] = other.fitted
        return CountTable(
            ts=self.ts, repeats=self.repeats, fitted=fitted, cost=None, **parts
        )
