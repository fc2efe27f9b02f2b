"""The row remedies: copies, augmented copies and removal of training rows.

The blog post behind the library lists them before weighting.  Each one here turns
the tradeoff weights of :func:`sk_imbalance._weights._tradeoff_weights` into row
counts, so the weighting math stays in one place:

- copies (``weighting="resample"``): row ``i`` appears about ``w_i / min(w)``
  times (:func:`_resample_counts`);
- removal (``weighting="undersample"``): row ``i`` is kept with probability
  ``w_i / max(w)`` (:func:`_undersample_counts`);
- augmented copies (``augment=``): the extra copies, never the originals, pass
  through a callable such as :func:`jitter` (:func:`_with_augmented_copies`).

:func:`_training_set` turns a weighting strategy into the rows and the weights
to fit on (``weighting="sample_weight"`` is all rows with the weights), and
:func:`_training_data` takes those rows of X and y.
"""

import inspect
import warnings
from numbers import Real
from typing import NamedTuple

import numpy as np
from scipy import sparse
from sklearn.utils import check_random_state

from sk_imbalance._compat import Interval, safe_indexing, validate_params
from sk_imbalance.utils._estimators import _final_step, _takes_sample_weight
from sk_imbalance.utils._indexing import _rows

__all__ = ["jitter"]


def _is_polars(X):
    return type(X).__module__.partition(".")[0] == "polars"


def _frame_kind(X):
    """ "pandas", "polars" or None: the DataFrame library of ``X``."""
    if _is_polars(X):
        return "polars" if hasattr(X, "columns") else None
    return "pandas" if hasattr(X, "iloc") and hasattr(X, "columns") else None


def _frame_like(values, template):
    """``values`` (2-D) as a DataFrame of ``template``'s library and columns."""
    values = np.asarray(values)
    if _frame_kind(template) == "polars":
        import polars as pl

        return pl.DataFrame(values, schema=list(template.columns), orient="row")
    return type(template)(values, columns=template.columns, index=template.index)


def _resample_counts(weights, random_state, max_factor):
    """Copies per row so that the copies reproduce ``weights``.

    The lightest row with a non-zero weight gets one copy, every other row
    ``w_i / w_min`` copies rounded stochastically, so every row with a non-zero
    weight is kept and each class's share of the rows matches its share of the
    weight.  When that could need more than ``max_factor * n`` rows, all
    counts are scaled down so that no draw exceeds it (every row still kept
    once) and the shares are only approximate; the caller warns.
    """
    n = weights.shape[0]
    positive = weights > 0
    if not positive.any():
        raise ValueError("All sample weights are zero: nothing to resample.")
    scale = 1.0 / weights[positive].min()
    budget = max_factor * n
    # A row gets at most the ceiling of its target: the bound holds for every
    # draw, not only on average.
    exact = np.ceil(weights * scale).sum() <= budget
    if not exact:
        # ceil(x) < x + 1: keep one copy per kept row in reserve.
        scale = (budget - np.count_nonzero(positive)) / weights.sum()
    target = weights * scale
    counts = np.floor(target)
    rng = check_random_state(random_state)
    counts += rng.random_sample(n) < (target - counts)
    counts = np.where(positive, np.maximum(counts, 1), 0).astype(np.intp)
    return counts, exact


def _undersample_counts(weights, y_idx, random_state):
    """Keep (1) or drop (0) each row so that the kept rows reproduce ``weights``.

    Row ``i`` is kept with probability ``w_i / max(w)``: the heaviest rows are
    all kept, lighter ones thinned in proportion.  Within each class, systematic
    sampling over a random order keeps the floor or the ceiling of the class's
    expected count, so each class's share of the kept rows matches its share of
    the weight to within one row; a class with non-zero weight keeps at least
    one row.
    """
    positive = weights > 0
    if not positive.any():
        raise ValueError("All sample weights are zero: nothing to undersample.")
    keep_proba = weights / weights.max()
    rng = check_random_state(random_state)
    counts = np.zeros(weights.shape[0], dtype=np.intp)
    for c in np.unique(y_idx[positive]):
        rows = np.flatnonzero((y_idx == c) & positive)
        rows = rows[rng.permutation(rows.size)]
        # Points start, start + 1, ... on the cumulated probabilities: a row is
        # kept when one falls in its slice, which has the row's probability as
        # its length (at most 1, so no row is picked twice).
        start = rng.random_sample()
        ends = np.floor(np.cumsum(keep_proba[rows]) - start)
        picked = np.diff(ends, prepend=np.floor(-start)) > 0
        if not picked.any():
            p = keep_proba[rows]
            picked[rng.choice(rows.size, p=p / p.sum())] = True
        counts[rows[picked]] = 1
    return counts


class _TrainingSet(NamedTuple):
    """What the inner estimator is fitted on."""

    rows: np.ndarray | None  # rows of the data, repeats allowed; None: all
    sample_weight: np.ndarray | None  # weights passed to fit; None: none
    used: np.ndarray  # the weight each row of the data carries in the fit
    exact: bool = True  # False: the copies were scaled down to the bound
    counts: np.ndarray | None = None  # copies of each row (resampling)


def _weighting_strategy(weighting, augment, estimator):
    """``weighting`` with ``"auto"`` resolved: weights when the estimator takes
    them and nothing is to be augmented, else copies of rows."""
    if weighting == "auto":
        takes = augment is None and _takes_sample_weight(estimator)
        return "sample_weight" if takes else "resample"
    if weighting == "sample_weight" and not _takes_sample_weight(estimator):
        raise ValueError(
            f"weighting='sample_weight' but {_final_step(estimator)!r} does "
            "not accept sample_weight in fit; use weighting='resample' or "
            "'auto'."
        )
    return weighting


def _training_set(
    strategy, weights, y_idx, s, *, pass_user_weights, random_state, max_factor
):
    """The rows and weights that reproduce ``weights`` under ``strategy``.

    ``s`` are the user weights inside ``weights``; with ``pass_user_weights``
    undersampling lets only the class weights decide which rows are dropped and
    passes ``s`` to the estimator.
    """
    if strategy == "sample_weight":
        weightless = np.bincount(y_idx, weights=weights) == 0
        present = np.bincount(y_idx) > 0
        if weightless.size > 2 and (weightless & present).any():
            # Multi-class, a class without weight: its rows are left out, so
            # the estimator learns the weighted classes only (libsvm, for one,
            # would drop them itself but still list the class).
            rows = np.flatnonzero(~weightless[y_idx])
            return _TrainingSet(rows, weights[rows], weights)
        return _TrainingSet(None, weights, weights)
    if strategy == "undersample":
        if pass_user_weights:
            class_level = np.divide(weights, s, out=np.zeros_like(weights), where=s > 0)
            counts = _undersample_counts(class_level, y_idx, random_state)
        else:
            counts = _undersample_counts(weights, y_idx, random_state)
        rows = np.flatnonzero(counts)
        if pass_user_weights:
            return _TrainingSet(rows, s[rows], counts * s)
        return _TrainingSet(rows, None, counts.astype(float))
    counts, exact = _resample_counts(weights, random_state, max_factor)
    rows = np.repeat(np.arange(counts.size), counts)
    return _TrainingSet(rows, None, counts.astype(float), exact, counts)


def _training_data(X, y, training, augment, random_state):
    """``(X_fit, y_fit, rows)``: the rows of ``training``, the extra copies
    augmented; ``rows`` the row of the data behind each fitted row (None: all,
    in order), for the per-sample fit parameters."""
    if training.rows is None:
        return X, y, None
    X = _rows(X)
    if augment is None or training.counts is None:
        return safe_indexing(X, training.rows), y[training.rows], training.rows
    counts = training.counts
    originals = np.flatnonzero(counts)
    copies = np.repeat(np.arange(counts.size), np.maximum(counts - 1, 0))
    X_fit, y_fit = _with_augmented_copies(
        augment, X, y, originals, copies, random_state
    )
    return X_fit, y_fit, np.concatenate([originals, copies])


class _Jitter:
    """Gaussian noise scaled by each feature's spread; see :func:`jitter`."""

    def __init__(self, scale):
        self.scale = scale

    def __repr__(self):
        return f"jitter(scale={self.scale!r})"

    def __eq__(self, other):
        return isinstance(other, _Jitter) and other.scale == self.scale

    def __hash__(self):
        return hash((_Jitter, self.scale))

    def __call__(self, X_copies, y_copies, random_state=None):
        if sparse.issparse(X_copies):
            raise TypeError(
                "jitter needs dense numeric X: noise would fill a sparse matrix. "
                "Write an augment callable for sparse data."
            )
        try:
            X = np.asarray(X_copies, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"jitter needs numeric X: {exc}") from exc
        if X.ndim != 2:
            raise ValueError(f"jitter needs 2-D X, got shape {X.shape}.")
        rng = check_random_state(random_state)
        labels, y_idx = np.unique(np.asarray(y_copies), return_inverse=True)
        # Each class's own spread, so the noise does not grow with the distance
        # between classes; NaN features stay NaN and add no noise elsewhere.
        spread = np.empty((labels.size, X.shape[1]))
        has_nan = np.isnan(X).any()
        for k in range(labels.size):
            rows = X[y_idx == k] if labels.size > 1 else X
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns
                spread[k] = np.nanstd(rows, axis=0) if has_nan else rows.std(axis=0)
        spread = np.nan_to_num(spread) * self.scale
        # Generator's ziggurat draws normals several times faster than the
        # legacy RandomState, and is seeded from it to stay reproducible.
        seed = rng.randint(np.iinfo(np.int32).max)
        noisy = np.random.default_rng(seed).standard_normal(X.shape)
        noisy *= spread[y_idx] if labels.size > 1 else spread[0]
        noisy += X
        if _frame_kind(X_copies) is not None:
            return _frame_like(noisy, X_copies)
        dtype = getattr(X_copies, "dtype", None)
        return noisy.astype(dtype) if dtype is not None and dtype.kind == "f" else noisy


@validate_params(
    {"scale": [Interval(Real, 0, None, closed="left")]},
    prefer_skip_nested_validation=True,
)
def jitter(scale=0.05):
    """Augmentation for numeric tables: the copies plus a little Gaussian noise.

    Returns a callable ``augment(X_copies, y_copies, random_state)`` for
    :class:`~sk_imbalance.TradeoffClassifier`'s ``augment`` parameter.  Each
    value of a copy moves by Gaussian noise with standard deviation ``scale``
    times the standard deviation of its feature among the copies of the same
    class, so the copies cover a small cloud around the rows they repeat instead
    of the same points again.  Meant for continuous numeric features: integer or
    one-hot columns come back with non-integer values.

    Parameters
    ----------
    scale : float >= 0, default=0.05
        Noise as a fraction of each feature's standard deviation; 0 gives plain
        copies.

    Returns
    -------
    augment : callable
        ``augment(X_copies, y_copies, random_state) -> X_augmented`` with the
        shape (and, for DataFrames, the columns) of ``X_copies``; picklable, with
        the attribute ``scale``.  Raises ``TypeError`` on sparse or non-numeric
        ``X_copies``.

    See Also
    --------
    sk_imbalance.TradeoffClassifier : Its ``augment`` parameter applies this to
        the extra copies made by ``weighting="resample"``.
    imblearn.over_sampling.SMOTE : Interpolates between minority neighbours
        instead of adding noise.

    Examples
    --------
    >>> import numpy as np
    >>> from sk_imbalance import jitter
    >>> augment = jitter(scale=0.1)
    >>> augment
    jitter(scale=0.1)
    >>> X = np.array([[0.0, 10.0], [2.0, 30.0]])
    >>> augment(X, np.array([1, 1]), random_state=3).round(2)
    array([[-0.15,  8.47],
           [ 1.88, 30.24]])
    """
    return _Jitter(scale)


def _with_augmented_copies(augment, X, y, originals, copies, random_state):
    """Training rows: ``X[originals]`` as they are, then ``augment(X[copies])``.

    Returns ``(X_train, y_train)``.  ``augment`` is not called when there are no
    copies; its output is checked to have the shape of the copies and no
    non-finite value where the copies had finite ones.
    """
    X_orig = safe_indexing(X, originals)
    if copies.size == 0:
        return X_orig, y[originals]
    X_copies = safe_indexing(X, copies)
    y_copies = y[copies]
    try:
        inspect.signature(augment).bind(X_copies, y_copies, random_state)
    except TypeError as exc:
        # Said here, or the TypeError would name the callable, not augment=.
        raise TypeError(
            f"augment={augment!r} must accept (X_copies, y_copies, random_state): {exc}"
        ) from exc
    except ValueError:
        pass  # no inspectable signature (some builtins): just call it
    X_aug = augment(X_copies, y_copies.copy(), random_state)
    X_aug = _check_augmented(X_aug, X_copies, augment)
    return _stack_rows(X_orig, X_aug), np.concatenate([y[originals], y_copies])


def _check_augmented(X_aug, X_copies, augment):
    """``X_aug`` in the container of ``X_copies``, after checking its values."""
    shape = getattr(X_aug, "shape", None)
    if shape is None:
        try:
            X_aug = np.asarray(X_aug)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"augment={augment!r} must return an array, got "
                f"{type(X_aug).__name__}: {exc}"
            ) from exc
        shape = X_aug.shape
    expected = np.shape(X_copies) if not sparse.issparse(X_copies) else X_copies.shape
    if tuple(shape) != tuple(expected):
        raise ValueError(
            f"augment={augment!r} must return the shape of X_copies {expected}, "
            f"got {tuple(shape)}."
        )
    if sparse.issparse(X_copies):
        X_aug = sparse.csr_array(X_aug) if not sparse.issparse(X_aug) else X_aug
        X_aug = type(X_copies)(X_aug).asformat(X_copies.format)
        new_nonfinite = (
            not np.isfinite(X_aug.data).all() and np.isfinite(X_copies.data).all()
        )
    else:
        kind = _frame_kind(X_copies)
        if kind is not None and _frame_kind(X_aug) != kind:
            # The copies keep the feature names of the rows they repeat.
            X_aug = _frame_like(X_aug, X_copies)
        elif kind is None:
            X_aug = np.asarray(X_aug)
        new_nonfinite = _new_nonfinite(X_aug, X_copies)
    if new_nonfinite:
        raise ValueError(
            f"augment={augment!r} returned NaN or infinite values where X_copies "
            "had finite ones."
        )
    return X_aug


def _new_nonfinite(X_aug, X_copies):
    """Whether ``X_aug`` is non-finite anywhere ``X_copies`` is finite.

    Non-numeric data (strings, mixed objects) is not checked.
    """
    try:
        after = np.isfinite(np.asarray(X_aug, dtype=np.float64))
        before = np.isfinite(np.asarray(X_copies, dtype=np.float64))
    except (TypeError, ValueError):
        return False
    return bool((before & ~after).any())


def _stack_rows(top, bottom):
    """Rows of ``top`` then ``bottom``, in ``top``'s container."""
    if sparse.issparse(top):
        return sparse.vstack([top, bottom], format=top.format)
    kind = _frame_kind(top)
    if kind == "polars":
        import polars as pl

        # Augmented integer columns may come back as floats.
        return pl.concat([top, bottom], how="vertical_relaxed")
    if kind == "pandas":
        import pandas as pd

        return pd.concat([top, bottom])
    return np.concatenate([np.asarray(top), np.asarray(bottom)])
