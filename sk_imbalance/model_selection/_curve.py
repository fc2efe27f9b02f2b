"""The cross-validated tradeoff curve: sensitivity and specificity for each ``t``."""

from numbers import Integral

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import check_cv
from sklearn.utils import Bunch
from sklearn.utils.multiclass import type_of_target

from sk_imbalance._compat import HasMethods, validate_params
from sk_imbalance._grid import DEFAULT_TS
from sk_imbalance._tradeoff import TradeoffClassifier
from sk_imbalance.model_selection._paths import _cross_validate, _CVJob, _refit_path
from sk_imbalance.model_selection._selection import results_from_counts
from sk_imbalance.utils._indexing import _rows
from sk_imbalance.utils._labels import _encode, _positive_index, _py
from sk_imbalance.utils._validation import (
    _check_both_sides,
    _check_lengths,
    _check_sample_weight,
    _check_ts,
    _check_y,
)

__all__ = ["tradeoff_curve"]


def _tradeoff_model(estimator, pos_label):
    """A ``TradeoffClassifier`` to clone at each ``t``."""
    if isinstance(estimator, TradeoffClassifier):
        if pos_label is not None:
            estimator = clone(estimator).set_params(pos_label=pos_label)
        return estimator
    return TradeoffClassifier(estimator, pos_label=pos_label)


@validate_params(
    {
        "estimator": [HasMethods(["fit", "predict"])],
        "X": ["array-like", "sparse matrix"],
        "y": ["array-like"],
        "ts": ["array-like", None],
        "cv": ["cv_object"],
        "pos_label": "no_validation",
        "groups": ["array-like", None],
        "n_jobs": [Integral, None],
        "sample_weight": ["array-like", None],
    },
    prefer_skip_nested_validation=False,
)
def tradeoff_curve(
    estimator,
    X,
    y,
    *,
    ts=None,
    cv=5,
    pos_label=None,
    groups=None,
    n_jobs=None,
    sample_weight=None,
):
    """Cross-validated sensitivity and specificity for each tradeoff ``t``.

    For every ``t`` and every cross-validation split, a clone of the estimator
    is trained at ``t`` on the training part and its predictions on the test
    part are scored.  The ``len(ts) * n_splits`` fits run through joblib, so
    they run on a Dask cluster under ``joblib.parallel_config("dask")``.

    Parameters
    ----------
    estimator : TradeoffClassifier or classifier
        A :class:`~sk_imbalance.TradeoffClassifier` (cloned with ``t`` set), or
        a plain classifier, wrapped as ``TradeoffClassifier(estimator,
        pos_label=pos_label)``.
    X : array-like or sparse matrix of shape (n_samples, n_features)
        Data, in whatever form the estimator accepts.
    y : array-like of shape (n_samples,)
        Class labels.
    ts : array-like of float in [0, 1], default=None
        The tradeoffs to evaluate; sorted, duplicates dropped.  None means the
        grid of :class:`~sk_imbalance.model_selection.TradeoffClassifierCV`
        (23 values from 0.01 to 0.99).
    cv : int, cross-validation generator or iterable, default=5
        As in :func:`~sklearn.model_selection.cross_validate`: an int is a
        :class:`~sklearn.model_selection.StratifiedKFold` with that many folds.
    pos_label : label, default=None
        The positive class.  None means the ``TradeoffClassifier``'s own
        ``pos_label``, else ``classes[1]`` on binary data; multi-class data need
        one (a one-vs-rest curve).  Given with a ``TradeoffClassifier``, it
        overrides the estimator's.
    groups : array-like of shape (n_samples,), default=None
        Group labels for group-aware splitters.
    n_jobs : int, default=None
        Number of parallel jobs, as in scikit-learn (None means 1 unless inside
        a :func:`joblib.parallel_config` context).
    sample_weight : array-like of shape (n_samples,), default=None
        Passed to ``fit`` (multiplying the tradeoff weights) and used to weight
        the test scores.

    Returns
    -------
    curve : :class:`~sklearn.utils.Bunch`
        ``ts`` (n_ts,); ``sensitivity_mean``, ``sensitivity_std``,
        ``specificity_mean``, ``specificity_std`` (n_ts,): mean and standard
        deviation (``ddof=0``, as in ``cv_results_``) over the folds;
        ``sensitivity_folds``, ``specificity_folds`` (n_ts, n_splits): the
        per-fold values; ``pos_label``.  A fold without positives (negatives)
        has an undefined sensitivity (specificity): it is NaN in the per-fold
        values and left out of the mean, with a warning.

    See Also
    --------
    TradeoffCurveDisplay : Plots this curve.
    constrained_refit : Picks a ``t`` from such results under a requirement.
    sklearn.model_selection.validation_curve : One score per parameter value.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sk_imbalance.datasets import load_screening
    >>> from sk_imbalance.model_selection import tradeoff_curve
    >>> X, y = load_screening(return_X_y=True)
    >>> model = make_pipeline(StandardScaler(), LogisticRegression())
    >>> curve = tradeoff_curve(model, X, y, ts=[0.1, 0.5, 0.9], cv=3)
    >>> curve.ts
    array([0.1, 0.5, 0.9])
    >>> curve.sensitivity_folds.shape
    (3, 3)
    >>> bool(curve.sensitivity_mean[-1] >= curve.sensitivity_mean[0])
    True
    """
    ts = _check_ts(ts, DEFAULT_TS)
    _check_lengths(X, y, sample_weight=sample_weight, groups=groups)
    y = _check_y(y)
    if type_of_target(y) not in ("binary", "multiclass"):
        raise ValueError(
            f"tradeoff_curve needs binary or multi-class labels; got "
            f"{type_of_target(y)!r} targets."
        )
    if sample_weight is not None:
        sample_weight = _check_sample_weight(sample_weight, y.shape[0])
    model = _tradeoff_model(estimator, pos_label)
    classes, _ = _encode(y)
    pos_value = classes[_positive_index(classes, model.pos_label)]
    pos_label = _py(pos_value) if model.pos_label is None else model.pos_label
    _check_both_sides(y, y == pos_value, pos_label, sample_weight)

    cv = check_cv(cv, y, classifier=True)
    splits = list(cv.split(X, y, groups))
    job = _CVJob(
        template=model,
        X=_rows(X),
        y=y,
        sample_weight=sample_weight,
        fit_params={},
        splits=splits,
        pos_value=pos_value,
        n_jobs=n_jobs,
    )
    # The rules module's columns: undefined folds are left out of the means
    # (warned) exactly as TradeoffClassifierCV and constrained_refit do.
    results = results_from_counts(_cross_validate(_refit_path, job, ts))
    result = Bunch(ts=ts, pos_label=pos_label)
    for name in ("sensitivity", "specificity"):
        folds = [results[f"split{k}_test_{name}"] for k in range(len(splits))]
        result[f"{name}_mean"] = results[f"mean_test_{name}"]
        result[f"{name}_std"] = results[f"std_test_{name}"]
        result[f"{name}_folds"] = np.column_stack(folds)
    return result
