"""Cross-validating a path of tradeoffs ``t``, one fold at a time.

Both :class:`~sk_imbalance.TradeoffClassifierCV` and
:func:`~sk_imbalance.model_selection.tradeoff_curve` evaluate a grid of ``t`` on
the same folds.  The per-fold strategies live here:

- `_refit_path`: one exact fit per ``t`` (a Pipeline's preprocessing fitted
  once per fold when the tradeoff weights reach only its final step);
- `_threshold_path`: one fit per fold at ``t = 0.5``, every ``t`` read off it
  by the decision rule of ``predict`` with the Bayes shift of the positive
  class's odds (`_read_positive`);
- `_anchored_path`: exact fits at a few anchor ``t`` per fold, every other
  ``t`` read off the anchors around it by the same Bayes shift, for the
  refined method (anchored path to find the region, exact refits around it).

Each returns the fold's confusion counts for every ``t``, an array of shape
``(n_ts, 5, 4)`` (`COUNT_SHAPE`: sums of weights, numbers of rows, sums of
squared weights, and the sums of ``weight * fn_cost`` and ``weight * fp_cost``
of per-row costs (zero without), of the cells `CELLS`); `_cross_validate`
runs a strategy over the folds of a `_CVJob` and stacks them into a
:class:`~sk_imbalance.model_selection._counts.CountTable`, the one input of the
selection rules.
Out-of-fold scores never leave their fold: they are reduced to counts there,
so nothing of size ``n_samples`` is kept per ``t`` or per fold.

Folds run in parallel through joblib; each job limits the BLAS/OpenMP threads
of its fits so that jobs x threads stays within the idle cores.
"""

import math
from contextlib import nullcontext
from dataclasses import dataclass

import numpy as np
from joblib import effective_n_jobs
from scipy.special import logit
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import (
    LogisticRegression,
    LogisticRegressionCV,
    SGDClassifier,
)
from sklearn.utils.parallel import Parallel, delayed
from threadpoolctl import threadpool_limits

from sk_imbalance._compat import safe_indexing
from sk_imbalance._tradeoff import TradeoffClassifier
from sk_imbalance.model_selection._counts import CELLS, CountTable
from sk_imbalance.utils._estimators import (
    _default_estimator,
    _final_step,
    _innermost_step,
    _tunes_own_t,
)
from sk_imbalance.utils._indexing import _index_params, _num_rows
from sk_imbalance.utils._labels import _label_index
from sk_imbalance.utils._threads import _threads_per_worker

# Counts of one fold and one t: sums of weights, numbers of rows, sums of
# squared weights and sums of weighted per-row costs of a false negative and of
# a false positive (the first axis) of the cells tp, fn, tn, fp.
COUNT_SHAPE = (5, len(CELLS))


def _scores_are_log_odds(estimator):
    """Whether the estimator (the final step of a Pipeline, or of a Pipeline
    ending it) fits its probabilities as log-odds by log-loss, so that
    reweighting to ``t`` mostly shifts them by ``logit(t)`` and the threshold
    path matches refitting.

    Logistic regression (and its CV), ``SGDClassifier(loss="log_loss")`` and
    calibrated classifiers; not margin losses (``modified_huber``'s
    probabilities are a clipped margin), nor trees, boosting, neighbours or
    naive Bayes, whose fits change in other ways under reweighting.
    """
    final = _innermost_step(estimator)
    if isinstance(
        final, (LogisticRegression, LogisticRegressionCV, CalibratedClassifierCV)
    ):
        return True
    return isinstance(final, SGDClassifier) and final.loss == "log_loss"


def _predict_follows_proba(estimator):
    """False when ``predict`` is known not to be the argmax of ``predict_proba``:
    libsvm's ``probability=True`` fits the probabilities apart (Platt scaling)
    while ``predict`` votes on the decision function."""
    final = _innermost_step(estimator)
    params = final.get_params(deep=False) if hasattr(final, "get_params") else {}
    return params.get("probability") is not True


def _auto_method(estimator, multiclass=False):
    """The path ``method="auto"`` takes: "threshold", "refine" or "refit".

    Log-odds models: the threshold path.  Other models with probabilities
    (trees, forests, boosting, naive Bayes, neighbours...): "refine", whose
    choice is made among exact fits only.  Without probabilities (margins
    that are not log-odds, as an SVM's) nothing reliable locates the region:
    "refit"; nor on multi-class data, where the path is read off the
    probabilities, when ``predict`` does not follow them.  A model that tunes
    its own ``t`` is judged by the estimator it wraps.
    """
    if _tunes_own_t(estimator) and hasattr(estimator, "estimator"):
        # Its own default when it has one (a tree for TradeoffBaggingClassifier).
        own_default = getattr(estimator, "_inner_estimator", None)
        if own_default is not None:
            estimator = own_default()
        else:
            estimator = _default_estimator(estimator.estimator)
    if _scores_are_log_odds(estimator):
        return "threshold"
    if hasattr(estimator, "predict_proba") and (
        not multiclass or _predict_follows_proba(estimator)
    ):
        return "refine"
    return "refit"


def _fold_counts(is_pos, pred_pos, weight, cost=None):
    """Counts of boolean predictions, shape `COUNT_SHAPE`: the weighted,
    unweighted and squared-weight ``[tp, fn, tn, fp]``, then the cells
    weighted by ``weight * fn_cost`` and ``weight * fp_cost`` (``cost`` a pair
    of per-row arrays; zeros without)."""
    is_pos = np.asarray(is_pos, dtype=bool)
    cell = np.where(is_pos, np.where(pred_pos, 0, 1), np.where(pred_pos, 3, 2))
    ones = np.ones(is_pos.size)
    w = ones if weight is None else np.asarray(weight, dtype=float)
    with np.errstate(over="ignore"):  # a weight above 1e154: its square is inf,
        squares = w * w  # and the effective size of its cell 0 (`_effective_size`)
    rows = [np.bincount(cell, v, minlength=len(CELLS)) for v in (w, ones, squares)]
    if cost is None:
        rows += [np.zeros(len(CELLS)), np.zeros(len(CELLS))]
    else:
        rows += [np.bincount(cell, w * c, minlength=len(CELLS)) for c in cost]
    return np.stack(rows)


class _Fold:
    """One fold's training and test parts (each row subset copied once)."""

    def __init__(
        self, X, y, sample_weight, fit_params, train, test, pos_value, cost=None
    ):
        self.X_train, self.y_train = safe_indexing(X, train), y[train]
        self.X_test, self.y_test = safe_indexing(X, test), y[test]
        self.is_pos = np.asarray(self.y_test) == pos_value
        self.pos_value = pos_value
        self.w_train = None if sample_weight is None else sample_weight[train]
        self.w_test = None if sample_weight is None else sample_weight[test]
        self.cost_test = None if cost is None else tuple(c[test] for c in cost)
        self.params = _index_params(fit_params, train, y.shape[0])

    def counts(self, pred):
        """Counts of predicted labels on the test part."""
        return _fold_counts(
            self.is_pos,
            np.asarray(pred) == self.pos_value,
            self.w_test,
            self.cost_test,
        )

    def share_prefix(self, template):
        """``(template, params)`` to fit per ``t`` on this fold, after fitting a
        Pipeline's preprocessing once (replacing the fold's X by its output)
        when ``TradeoffClassifier`` says that gives the same fits as the whole
        Pipeline (a model of its own ``t`` is fitted as it is)."""
        split = None
        if isinstance(template, TradeoffClassifier):
            split = template._split_prefix(self.params)
        if split is None:
            return template, self.params
        prefix, final, params = split
        self.X_train = prefix.fit_transform(self.X_train, self.y_train)
        self.X_test = prefix.transform(self.X_test)
        return final, params


def _fit_at(template, t, fold, params):
    model = clone(template).set_params(t=t)
    return model.fit(fold.X_train, fold.y_train, sample_weight=fold.w_train, **params)


def _refit_path(template, fold, ts):
    """Counts for every ``t``, one exact ``TradeoffClassifier`` fit per ``t``."""
    template, params = fold.share_prefix(template)
    counts = np.empty((len(ts), *COUNT_SHAPE))
    for i, t in enumerate(ts):
        counts[i] = fold.counts(_fit_at(template, t, fold, params).predict(fold.X_test))
    return counts


def _positive_scores(model, X, pos_value, method="threshold"):
    """What ``predict`` of ``model`` decides on, read for the positive class.

    Returns ``(scores, kind, pos)``, ``pos`` the index of the positive class
    in ``model.classes_``.  ``kind="decision"``: binary data and a
    ``decision_function``, ``scores`` the decision of the positive side (as
    ``predict``: the greater class when ``decision > 0``).  ``kind="proba"``:
    ``scores`` the ``predict_proba`` columns and ``predict`` their argmax
    (checked here on multi-class data, where the path is read that way only).
    ``kind="constant"``: a training fold with one class, ``scores`` 1.0
    (positive) or 0.0.  ``method`` names the path in errors.
    """
    inner = getattr(model, "estimator_", model)
    name = type(_final_step(inner)).__name__
    if not (hasattr(model, "predict_proba") or hasattr(model, "decision_function")):
        raise ValueError(
            f"method={method!r} needs an estimator with predict_proba or "
            f"decision_function; {name} has neither. Use method='refit'."
        )
    classes = model.classes_
    pos = _label_index(classes, pos_value)
    if pos is None or classes.size == 1:
        # The training fold held one class only: a constant model.
        constant = 1.0 if pos is not None else 0.0
        return np.full(_num_rows(X), constant), "constant", pos
    if classes.size == 2 and hasattr(model, "decision_function"):
        decision = np.asarray(model.decision_function(X), dtype=float).ravel()
        return (decision if pos == 1 else -decision), "decision", pos
    if not hasattr(model, "predict_proba"):
        raise ValueError(
            f"method={method!r} on multi-class data needs an estimator with "
            f"predict_proba; {name} only has decision_function. Use "
            "method='refit'."
        )
    proba = np.asarray(model.predict_proba(X), dtype=float)
    if classes.size > 2:
        predicted = np.asarray(model.predict(X)) == classes[pos]
        if not np.array_equal(predicted, np.argmax(proba, axis=1) == pos):
            raise ValueError(
                f"method={method!r} reads every t off predict_proba on "
                f"multi-class data, but {name}.predict is not the argmax of its "
                "predict_proba (e.g. SVC(probability=True)), so the readings "
                "would not be what predict does. Use method='refit'."
            )
    return proba, "proba", pos


def _positive_response(model, X, pos_value):
    """The positive class's ``predict_proba`` column, else its binary decision
    (the response a decision threshold of the exact guarantee is set on)."""
    scores, kind, pos = _positive_scores(model, X, pos_value, "exact")
    if kind == "proba":
        return scores[:, pos]
    if kind == "decision" and hasattr(model, "predict_proba"):
        return np.asarray(model.predict_proba(X), dtype=float)[:, pos]
    return scores


def _read_positive(scores, kind, pos, t, anchor):
    """Whether ``predict`` of a model fitted at ``t`` would say positive, read
    off the ``scores`` of ``kind`` (see `_positive_scores`) of one fitted at
    ``anchor``.

    Reweighting from ``anchor`` to ``t`` multiplies the odds of the positive
    class against every other class by ``r = odds(t) / odds(anchor)`` (Bayes'
    rule; the other classes keep their ratios), so the rule of ``predict`` is
    applied to the shifted scores: the argmax of the probabilities with the
    positive column times ``r`` (ties to the first class, as ``argmax``), or
    the decision plus ``log(r)``.  At ``t = anchor`` this is ``predict``.
    """
    if t == 0.0 or t == 1.0:
        return np.full(scores.shape[0], t == 1.0)
    if kind == "constant":
        return scores == 1.0
    if kind == "decision":
        shift = math.log(t / (1.0 - t)) - math.log(anchor / (1.0 - anchor))
        # predict says the greater class when its decision is > 0.
        return scores + shift > 0 if pos == 1 else scores + shift >= 0
    ratio = (t / (1.0 - t)) / (anchor / (1.0 - anchor))
    shifted = scores.copy()
    shifted[:, pos] *= ratio
    return np.argmax(shifted, axis=1) == pos


def _threshold_counts(scores, kind, pos, fold, ts, anchor=0.5):
    """Counts for every ``t`` from the scores of one model fitted at ``anchor``,
    each read by `_read_positive`."""
    counts = np.empty((len(ts), *COUNT_SHAPE))
    for i, t in enumerate(ts):
        pred_pos = _read_positive(scores, kind, pos, t, anchor)
        counts[i] = _fold_counts(fold.is_pos, pred_pos, fold.w_test, fold.cost_test)
    return counts


def _threshold_path(template, fold, ts):
    """Counts for every ``t`` from one fit per fold at ``t = 0.5``.

    Each ``t`` is read off the balanced model by `_read_positive`: on binary
    probabilities, positive when ``t * p > (1 - t) * (1 - p)``; a decision
    function is read as log-odds, positive when ``d > logit(1 - t)``; on
    multi-class data, the argmax with the positive class's probability times
    ``t / (1 - t)``.
    """
    template, params = fold.share_prefix(template)
    model = _fit_at(template, 0.5, fold, params)
    scores, kind, pos = _positive_scores(model, fold.X_test, fold.pos_value)
    return _threshold_counts(scores, kind, pos, fold, ts)


# Where the refined path fits exactly before refining: 0.5 and one anchor on
# each side.
REFINE_ANCHORS = (0.2, 0.5, 0.8)


def _anchor_indices(ts, targets=REFINE_ANCHORS):
    """Indices of the ``ts`` closest in log-odds to each target (0 and 1,
    constant decisions, excluded), sorted and without repeats."""
    inner = np.flatnonzero((ts > 0) & (ts < 1))
    if inner.size == 0:
        return inner
    inner_logit = logit(ts[inner])
    return np.unique(
        [inner[np.argmin(np.abs(inner_logit - logit(t)))] for t in targets]
    )


def _anchor_weights(ts, anchors):
    """Weights of each anchor (sorted) in the reading of each ``t``, shape
    ``(n_ts, n_anchors)``: linear in log-odds between the two anchors around
    ``t``, all on the nearest anchor outside them (and on the first for 0 and
    1, constant decisions)."""
    ts = np.asarray(ts, dtype=float)
    position = np.interp(
        logit(np.clip(ts, 1e-300, 1 - 1e-16)),
        logit(np.asarray(anchors, dtype=float)),
        np.arange(len(anchors), dtype=float),
    )
    position[(ts == 0.0) | (ts == 1.0)] = 0.0
    low = np.floor(position).astype(int)
    high = np.minimum(low + 1, len(anchors) - 1)
    weights = np.zeros((ts.size, len(anchors)))
    rows = np.arange(ts.size)
    weights[rows, low] = 1.0 - (position - low)
    weights[rows, high] += position - low
    return weights


def _anchored_path(template, fold, ts, anchors):
    """``(counts, exact)``: counts for every ``t`` read off exact fits at the
    ``anchors``, and the anchors' own exact counts (``predict``).

    Each anchor's scores are read at ``t`` by the Bayes shift of
    `_threshold_counts`.  For one tree whose splits stay fixed, reweighting
    from an anchor to ``t`` is exactly that shift of each leaf's odds; the
    error is in the splits, which change more the farther ``t`` is from the
    anchor.  So a ``t`` between two anchors gets the average of both readings,
    weighted by its closeness to each in log-odds (an anchor's own row is its
    reading alone), and a ``t`` outside them the nearest anchor's reading.
    """
    template, params = fold.share_prefix(template)
    weights = _anchor_weights(ts, anchors)
    counts = np.zeros((len(ts), *COUNT_SHAPE))
    exact = np.empty((len(anchors), *COUNT_SHAPE))
    for j, anchor in enumerate(anchors):
        model = _fit_at(template, anchor, fold, params)
        scores, kind, pos = _positive_scores(
            model, fold.X_test, fold.pos_value, "refine"
        )
        rows = weights[:, j] > 0
        read = _threshold_counts(scores, kind, pos, fold, ts[rows], anchor)
        counts[rows] += weights[rows, j, None, None] * read
        exact[j] = fold.counts(model.predict(fold.X_test))
    return counts, exact


def _threads_per_job(n_jobs, n_tasks):
    """BLAS/OpenMP threads per job so that jobs x threads <= the idle cores."""
    return _threads_per_worker(min(effective_n_jobs(n_jobs), n_tasks))


@dataclass
class _CVJob:
    """What every fold of a cross-validation shares.

    ``template`` is an unfitted ``TradeoffClassifier`` (its ``t`` is set per
    fit); ``sample_weight`` (or None) weighs both the fits and the counts.
    """

    template: object
    X: object
    y: np.ndarray
    sample_weight: np.ndarray | None
    fit_params: dict
    splits: list
    pos_value: object
    n_jobs: int | None = None
    progress: object = None
    # Per-row costs ``(fn_cost, fp_cost)`` of the rows, summed per cell.
    cost: tuple | None = None


def _repeat_ids(test_sets):
    """Repeat id of each split: consecutive splits with disjoint test sets
    form one repeat.

    ``RepeatedStratifiedKFold(n_splits=5, n_repeats=3)`` gives 3 repeats of
    5; a splitter whose test sets overlap (``ShuffleSplit``) gives one repeat
    per split, so no row is ever counted twice in a repeat.
    """
    ids, current, seen = [], 0, set()
    for test in test_sets:
        test = set(np.asarray(test).tolist())
        if seen and not seen.isdisjoint(test):
            current, seen = current + 1, set()
        ids.append(current)
        seen |= test
    return np.asarray(ids, dtype=int)


def _run_fold(path, job, train, test, ts, threads):
    limit = nullcontext() if threads is None else threadpool_limits(threads)
    with limit:
        fold = _Fold(
            job.X,
            job.y,
            job.sample_weight,
            job.fit_params,
            train,
            test,
            job.pos_value,
            job.cost,
        )
        return path(job.template, fold, ts)


def _cross_validate(path, job, ts, *, fitted=True):
    """The :class:`CountTable` of ``path`` over ``ts`` on every fold of
    ``job`` (a tuple of tables when the path returns a tuple: the anchored
    path's readings, then its exact fits at the anchors)."""
    splits = job.splits
    threads = _threads_per_job(job.n_jobs, len(splits))
    tasks = (
        delayed(_run_fold)(path, job, train, test, ts, threads)
        for train, test in splits
    )
    progress = job.progress
    if progress is None or not progress.verbose:
        out = Parallel(n_jobs=job.n_jobs)(tasks)
    else:
        try:
            results = Parallel(n_jobs=job.n_jobs, return_as="generator")(tasks)
        except TypeError:  # joblib < 1.3: no generator, progress at the end
            results = Parallel(n_jobs=job.n_jobs)(tasks)
        out = []
        for result in results:
            out.append(result)
            progress.advance()
    repeats = _repeat_ids([test for _, test in splits])
    if isinstance(out[0], tuple):
        # The anchored path: readings at every t, exact fits at the anchors.
        readings, exact = (np.stack(part, axis=1) for part in zip(*out, strict=True))
        return _table(ts, readings, repeats, False, job.cost is not None), exact
    return _table(ts, np.stack(out, axis=1), repeats, fitted, job.cost is not None)


def _table(ts, stacked, repeats, fitted, with_cost=False):
    """A CountTable from counts of shape ``(n_ts, n_splits, 5, 4)``; with
    ``with_cost`` its ``cost`` is the false negatives' summed ``fn_cost`` plus
    the false positives' summed ``fp_cost`` (weighted)."""
    fn, fp = CELLS.index("fn"), CELLS.index("fp")
    return CountTable(
        ts=ts,
        weighted=stacked[:, :, 0],
        counts=stacked[:, :, 1],
        squares=stacked[:, :, 2],
        repeats=repeats,
        fitted=np.broadcast_to(fitted, np.shape(ts)),
        cost=stacked[:, :, 3, fn] + stacked[:, :, 4, fp] if with_cost else None,
    )
