"""Input checks shared by the estimators, the metrics and the Keras metrics.

Each check raises a ``ValueError`` or ``TypeError`` that names the argument and
the offending value, and returns the validated value.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, clone, is_regressor
from sklearn.exceptions import DataConversionWarning
from sklearn.pipeline import Pipeline
from sklearn.utils import get_tags
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import check_array, column_or_1d, validate_data

from sk_imbalance._compat import Interval, Options, StrOptions, num_samples
from sk_imbalance.utils._indexing import _blocks
from sk_imbalance.utils._labels import _label_index, _py
from sk_imbalance.utils._warnings import _warn


class _RealInterval(Interval):
    """An ``Interval`` of real numbers that also refuses bools.

    ``Interval(Real, ...)`` accepts ``True`` (a ``Real``), which would then
    silently mean 1.
    """

    def is_satisfied_by(self, val):
        return not isinstance(val, bool) and super().is_satisfied_by(val)


# Constraints of the arguments that several public callables share, declared
# once for the estimators, the metric functions and the scorer factories.
T_CONSTRAINT = [_RealInterval(Real, 0.0, 1.0, closed="both")]
LABEL_CONSTRAINT = [Real, str, "boolean"]
ZERO_DIVISION_CONSTRAINT = [Options(Real, {0.0, 1.0}), "nan", StrOptions({"warn"})]


def _is_missing(value):
    """None, NaN, or pandas' ``NA`` (a pandas "string" column's missing value)."""
    return (
        value is None
        or (isinstance(value, float) and value != value)
        or type(value).__name__ == "NAType"
    )


def _check_object_labels(y, name):
    """Labels of an object array: no None / NaN / NA, not strings mixed with numbers."""
    if any(_is_missing(v) for v in y):
        raise ValueError(f"{name} contains missing values (None, NaN or NA).")
    kinds = {type(v) for v in y[: min(y.size, 10_000)]}
    if len({issubclass(k, str) for k in kinds}) > 1:
        names = sorted(k.__name__ for k in kinds)
        raise TypeError(f"{name} mixes strings and numbers: {names}.")


def _check_y(y, name="y"):
    """Validate classification targets: 1-D, not continuous, no missing values."""
    if y is None:
        raise ValueError(
            f"This estimator requires y to be passed, but the target {name} is None."
        )
    shape = np.asarray(y).shape
    if len(shape) != 1 and not (len(shape) == 2 and shape[1] == 1):
        raise ValueError(
            f"{name} must be a 1-D array of class labels; got shape {shape}."
        )
    y = column_or_1d(y, warn=True)
    if y.dtype.kind == "c":
        raise ValueError(f"Complex data not supported: {name} has dtype {y.dtype}.")
    if y.size == 0:
        raise ValueError(f"{name} is empty: at least one sample is required.")
    if y.dtype.kind == "O":
        _check_object_labels(y, name)
    elif y.dtype.kind == "f" and not np.isfinite(y).all():
        raise ValueError(f"{name} contains NaN or infinite values.")
    try:
        check_classification_targets(y)
    except ValueError as exc:
        raise ValueError(
            f"{name} must hold class labels, got target type "
            f"{type_of_target(y)!r}: {exc}"
        ) from exc
    return y


def _check_labels(y, name):
    """1-D array of labels; floats must be whole numbers (not scores).

    A column vector (an ``(n, 1)`` array or one-column DataFrame) is flattened
    with a ``DataConversionWarning``, as scikit-learn's estimators do.
    """
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        _warn(
            f"{name} is a column vector of shape {y.shape}; it is flattened to "
            f"shape ({y.shape[0]},). Pass a 1-D array (a Series such as "
            "df['label'], or y.ravel()) to silence this warning.",
            DataConversionWarning,
        )
        y = y.ravel()
    if y.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of labels, got shape {y.shape}.")
    if y.dtype.kind not in "biufUSO":
        raise TypeError(
            f"{name} must hold class labels (numbers or strings), got dtype {y.dtype}."
        )
    if y.dtype.kind == "O":
        _check_object_labels(y, name)
    if y.dtype.kind == "f":
        for block in _blocks(y.shape[0]):
            # NaN and inf fail too: their remainder is NaN (quietly: the error
            # below says it, numpy's RuntimeWarning would only repeat it).
            with np.errstate(invalid="ignore"):
                whole = np.mod(y[block], 1) == 0
            if not whole.all():
                bad = _py(y[block][~whole][0])
                raise ValueError(
                    f"{name} must hold class labels, but it holds the float {bad!r}: "
                    "pass predicted labels (estimator.predict), not scores or "
                    "probabilities, and no NaN."
                )
    return y


def _check_metric_inputs(y_true, y_pred, sample_weight):
    """The metrics' inputs, validated once: 1-D labels of the same length and
    compatible kinds, and the weights."""
    y_true = _check_labels(y_true, "y_true")
    y_pred = _check_labels(y_pred, "y_pred")
    if y_true.shape[0] != y_pred.shape[0]:
        raise ValueError(
            f"y_true and y_pred have different lengths: {y_true.shape[0]} and "
            f"{y_pred.shape[0]}."
        )
    if y_true.shape[0] == 0:
        raise ValueError("y_true and y_pred are empty: at least one sample is needed.")
    kinds = {_kind(y_true), _kind(y_pred)}
    if kinds == {"number", "string"}:
        raise ValueError(
            "y_true and y_pred mix label types: one holds numbers, the other strings "
            f"(dtypes {y_true.dtype} and {y_pred.dtype})."
        )
    if sample_weight is not None:
        sample_weight = _check_sample_weight(sample_weight, y_true.shape[0])
    return y_true, y_pred, sample_weight


def _kind(y):
    kind = y.dtype.kind
    return "number" if kind in "biuf" else "string" if kind in "US" else "object"


def _check_lengths(X, y, **optional):
    """``check_consistent_length`` whose messages name the arguments.

    Called as ``_check_lengths(X, y, sample_weight=sample_weight)``; optional
    arrays that are None or scalars (a scalar ``sample_weight`` is valid) are
    skipped.
    """
    if y is None:
        # The wording scikit-learn's check_requires_y_none looks for.
        raise ValueError(
            "This estimator requires y to be passed, but the target y is None."
        )
    arrays = {"X": X, "y": y}
    arrays.update(
        (name, value)
        for name, value in optional.items()
        if value is not None and not isinstance(value, Real)
    )
    lengths = {}
    for name, value in arrays.items():
        if isinstance(value, (str, bytes)):
            # A string has a length, but it is one value, not a column.
            raise TypeError(
                f"{name} must be array-like, got {type(value).__name__} {value!r}."
            )
        try:
            lengths[name] = num_samples(value)
        except TypeError as exc:
            raise TypeError(
                f"{name} must be array-like, got {type(value).__name__}: {exc}"
            ) from exc
    n_X = lengths.pop("X")
    for name, n in lengths.items():
        if n != n_X:
            raise ValueError(
                f"{name} has {n} samples but X has {n_X}; they must have the same "
                "number of samples."
            )


def _check_sample_weight(sample_weight, n_samples, name="sample_weight"):
    """Return float64 weights, checked: 1-D, length n, finite, >= 0, positive sum."""
    if sample_weight is None:
        return np.ones(n_samples)
    if isinstance(sample_weight, Real) and not isinstance(sample_weight, bool):
        sample_weight = np.full(n_samples, sample_weight, dtype=float)
    try:
        s = np.asarray(sample_weight, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of numbers: {exc}") from exc
    if s.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {s.shape}.")
    if s.shape[0] != n_samples:
        raise ValueError(
            f"{name} has {s.shape[0]} values but there are {n_samples} samples."
        )
    if not np.isfinite(s).all():
        raise ValueError(f"{name} contains NaN or infinite values.")
    if (s < 0).any():
        raise ValueError(f"{name} contains negative values (min {s.min()}).")
    with np.errstate(over="ignore"):
        total = s.sum()
    if not np.isfinite(total):
        raise ValueError(f"{name} sums to infinity; rescale the weights.")
    if total <= 0:
        raise ValueError(f"{name} sums to zero: at least one weight must be > 0.")
    return s


def _check_t(t, name="t"):
    """``t`` as a float in [0, 1], for callers without declared constraints."""
    if isinstance(t, bool) or not isinstance(t, Real):
        raise TypeError(f"{name} must be a real number in [0, 1], got {t!r}.")
    if not 0.0 <= t <= 1.0:  # also rejects NaN
        raise ValueError(f"{name} must be in [0, 1], got {t!r}.")
    return float(t)


def _check_estimator(estimator):
    """Refuse what the ``HasMethods`` constraint lets through: a class, a regressor."""
    if isinstance(estimator, type):
        raise TypeError(
            f"estimator must be an estimator instance, got the class "
            f"{estimator.__name__}; write {estimator.__name__}()."
        )
    if isinstance(estimator, BaseEstimator) and is_regressor(estimator):
        raise ValueError(
            f"estimator must be a classifier, got the regressor {estimator!r}."
        )


def _check_ts(ts, default):
    """Sorted unique ``t`` values in [0, 1] (a copy of ``default`` for None)."""
    if ts is None:
        return np.array(default, dtype=float)
    if np.asarray(ts).dtype.kind == "b" or (
        isinstance(ts, (list, tuple))
        and any(isinstance(v, (bool, np.bool_)) for v in ts)
    ):
        # As for t: True would silently mean 1.
        raise TypeError(f"ts must hold numbers in [0, 1], not booleans; got ts={ts!r}.")
    try:
        values = np.asarray(ts, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"ts must be an array of numbers in [0, 1]; got ts={ts!r}."
        ) from exc
    if values.ndim != 1 or values.size == 0:
        raise ValueError(
            f"ts must be a non-empty 1-D array of numbers in [0, 1]; got ts={ts!r}."
        )
    bad = values[~((values >= 0) & (values <= 1))]  # also catches NaN
    if bad.size:
        raise ValueError(
            f"ts must lie in [0, 1]; got {bad.tolist()} in ts={values.tolist()}."
        )
    return np.unique(values)


def _check_both_sides(y, is_pos, pos_value, sample_weight=None):
    """Cross-validation can train and measure ``t``: at least two samples and
    some weight on each side of the positive class.

    With a single sample, the training part of the fold that tests it holds one
    side only and the inner estimator fails on one class; with zero weight the
    side can be neither trained for nor measured.
    """
    rest = np.unique(y[~is_pos])
    positive = f"class {_py(pos_value)!r}"
    if rest.size == 1:
        negative = f"class {_py(rest[0])!r}"
    else:
        negative = f"the classes other than {_py(pos_value)!r} together"
    for name, side in ((positive, is_pos), (negative, ~is_pos)):
        n = int(np.count_nonzero(side))
        if n < 2:
            raise ValueError(
                f"{name} has {n} sample{'' if n == 1 else 's'}: cross-validation "
                "needs at least 2 samples on each side of the positive class, or "
                "a training fold holds one side only."
            )
        if sample_weight is not None and not sample_weight[side].sum() > 0:
            raise ValueError(
                f"sample_weight is zero on every sample of {name}: its rate can "
                "be neither trained for nor measured, so t cannot be chosen."
            )


def _check_class_priority(class_priority, classes):
    """Priorities per class (1 for classes not named), from ``{label: p >= 0}``."""
    if not isinstance(class_priority, dict) or not class_priority:
        raise TypeError(
            "class_priority must be a non-empty dict {label: priority}, got "
            f"{class_priority!r}."
        )
    priority = np.ones(classes.size)
    for label, p in class_priority.items():
        idx = _label_index(classes, label)
        if idx is None:
            raise ValueError(
                f"class_priority names label {label!r}, which is not among the "
                f"classes {classes.tolist()}."
            )
        if isinstance(p, bool) or not isinstance(p, Real) or not np.isfinite(p):
            raise TypeError(
                f"class_priority[{label!r}] must be a finite number, got {p!r}."
            )
        if p < 0:
            raise ValueError(f"class_priority[{label!r}] must be >= 0, got {p!r}.")
        priority[idx] = p
    if priority.max() <= 0:
        raise ValueError(
            f"class_priority gives every class priority 0: {class_priority!r}."
        )
    return priority


def _check_no_sampler(estimator):
    """Refuse a Pipeline with a step that resamples rows.

    imbalanced-learn's samplers (``fit_resample``) change the rows between the
    Pipeline's input and its final step, so per-row weights cannot follow them,
    and they re-balance the classes after the tradeoff has set the shares.
    """
    steps = getattr(estimator, "steps", None)
    if not isinstance(steps, list):
        return
    for name, step in steps:
        if hasattr(step, "fit_resample"):
            raise ValueError(
                f"estimator's step {name!r} ({type(step).__name__}) "
                "resamples the rows (fit_resample): it would re-balance the classes "
                "after the tradeoff weights set their shares, and per-row weights "
                "cannot follow the resampled rows. Drop the sampler and use "
                "weighting='resample' or 'undersample' (and augment=) to copy or "
                "remove rows, or put the sampler before the TradeoffClassifier in "
                "an imbalanced-learn Pipeline."
            )


def _check_enough_rows(estimator, n_rows, n_given, weighting):
    """Refuse a row remedy that leaves a neighbours estimator too few rows.

    Zero weights drop rows, and undersampling drops more; a k-nearest-neighbours
    model fitted on fewer than ``n_neighbors`` rows fails only at predict time.
    Data with fewer rows than that to begin with are the inner estimator's to
    judge.
    """
    final = estimator.steps[-1][1] if isinstance(estimator, Pipeline) else estimator
    k = final.get_params(deep=False).get("n_neighbors") if final else None
    if isinstance(k, Integral) and not isinstance(k, bool) and n_rows < k <= n_given:
        raise ValueError(
            f"weighting={weighting!r} keeps {n_rows} training rows (rows with "
            f"zero weight are dropped), fewer than n_neighbors={k} of "
            f"{type(final).__name__}; lower n_neighbors, give weight to more rows, "
            "or use weighting='resample'."
        )


def _array_checks(estimator, X):
    """``check_array`` options for X of a stand-in model: what ``estimator``
    would accept, as far as its tags tell.

    A Pipeline's steps decide about values (an imputer takes NaN, an encoder
    strings), so only its shape is checked; a DataFrame's column types are left
    to the estimator (categorical columns, for one).
    """
    tags = get_tags(estimator).input_tags
    if isinstance(estimator, Pipeline):
        steps = [s for _, s in estimator.steps if s not in (None, "passthrough")]
        first = get_tags(steps[0]).input_tags if steps else tags
        return {
            "accept_sparse": tags.sparse,
            "ensure_all_finite": False,
            "dtype": None,
            "ensure_2d": first.two_d_array,
        }
    return {
        "accept_sparse": tags.sparse,
        "ensure_all_finite": "allow-nan" if tags.allow_nan else True,
        "dtype": None if tags.string or hasattr(X, "columns") else "numeric",
        "ensure_2d": tags.two_d_array,
    }


def _check_by_final_step(estimator, prefix, X):
    """Check ``X`` as a Pipeline's final step would receive it: through the
    fitted ``prefix``, by the final step's tags (nothing for other estimators,
    whose own checks apply)."""
    if not isinstance(estimator, Pipeline):
        return
    final = estimator.steps[-1][1]
    if final in (None, "passthrough"):
        return
    if prefix is not None:
        X = prefix.transform(X)
    check_array(X, **_array_checks(final, X))


def _fit_stand_in_checks(owner, estimator, X, y):
    """Check ``X`` at the fit of ``owner``, whose model stands in for
    ``estimator`` without fitting it (a constant model), as far as
    ``estimator``'s tags tell: shape, emptiness and values, recording the
    features in ``owner``; a Pipeline's by its final step's tags on the output
    of its steps before the last, fitted here on ``X``.

    Returns those fitted steps (None for other estimators), which
    :func:`_check_stand_in` needs at predict time.
    """
    validate_data(owner, X, reset=True, **_array_checks(estimator, X))
    prefix = None
    if isinstance(estimator, Pipeline) and len(estimator.steps) >= 2:
        prefix = clone(estimator[:-1]).fit(X, y)
    _check_by_final_step(estimator, prefix, X)
    return prefix


def _check_stand_in(owner, estimator, prefix, X):
    """Check ``X`` at predict time as :func:`_fit_stand_in_checks` did at fit,
    against the features it recorded in ``owner``."""
    validate_data(owner, X, reset=False, **_array_checks(estimator, X))
    _check_by_final_step(estimator, prefix, X)
