"""Cross-validating a path of tradeoffs ``t``, one fold at a time.

Both :class:`~sk_imbalance.TradeoffClassifierCV` and
:func:`~sk_imbalance.model_selection.tradeoff_curve` evaluate a grid of ``t`` on
the same folds.  The per-fold strategies live here:

- `_refit_path`: one exact fit per ``t`` (a Pipeline's preprocessing fitted
  once per fold when the tradeoff weights reach only its final step);
- `_warm_path`: the same fits, each starting from the previous ``t``'s
  solution;
- `_threshold_path`: one fit per fold at ``t = 0.5``, every ``t`` realised as
  the Bayes decision threshold on the balanced probabilities;
- `_anchored_path`: exact fits at a few anchor ``t`` per fold, every other
  ``t`` read off the anchors around it by the same Bayes shift, for the
  refined method (anchored path to find the region, exact refits around it).

Each returns the fold's confusion counts for every ``t``, an array of shape
``(n_ts, 3, 4)`` (`COUNT_SHAPE`: sums of weights, numbers of rows and sums of
squared weights, of the cells `CELLS`); `_cross_validate` runs a strategy over
the folds of a `_CVJob` and stacks them into a
:class:`~sk_imbalance.model_selection._counts.CountTable`, the one input of the
selection rules.
Out-of-fold scores never leave their fold: they are reduced to counts there,
so nothing of size ``n_samples`` is kept per ``t`` or per fold.

Folds run in parallel through joblib; each job limits the BLAS/OpenMP threads
of its fits so that jobs x threads stays within the cores.
"""

import math
import time
from contextlib import nullcontext
from dataclasses import dataclass

import numpy as np
from joblib import cpu_count, effective_n_jobs
from scipy.special import logit
from sklearn import get_config
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import (
    LogisticRegression,
    LogisticRegressionCV,
    Perceptron,
    SGDClassifier,
)
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.utils.parallel import Parallel, delayed
from threadpoolctl import threadpool_limits

from sk_imbalance._base import (
    _default_estimator,
    _final_step,
    _seed_estimator,
    _takes_sample_weight,
    _weight_params,
)
from sk_imbalance._compat import safe_indexing
from sk_imbalance._weights import tradeoff_sample_weight
from sk_imbalance.model_selection._counts import CELLS, CountTable
from sk_imbalance.utils._indexing import _index_params, _num_rows
from sk_imbalance.utils._labels import _label_index

# Counts of one fold and one t: sums of weights, numbers of rows and sums of
# squared weights (the first axis) of the cells tp, fn, tn, fp.
COUNT_SHAPE = (3, len(CELLS))


# Estimators whose ``warm_start`` continues the same optimisation from the last
# solution.  Elsewhere it can mean something else: ensembles (scikit-learn's,
# imbalanced-learn's, a user's subclass) add members, so a warm refit of the same
# size fits nothing and every t would score one model.  Exact types only: a
# subclass may change what ``fit`` does.
_WARM_STARTABLE = (LogisticRegression, SGDClassifier, Perceptron, MLPClassifier)


def _warm_startable(estimator):
    """Whether refitting the (final step of the) estimator can start from its fit."""
    final = _final_step(estimator)
    return type(final) in _WARM_STARTABLE and _takes_sample_weight(estimator)


def _scores_are_log_odds(estimator):
    """Whether the (final step of the) estimator fits its probabilities as
    log-odds by log-loss, so that reweighting to ``t`` mostly shifts them by
    ``logit(t)`` and the threshold path matches refitting.

    Logistic regression (and its CV), ``SGDClassifier(loss="log_loss")`` and
    calibrated classifiers; not margin losses (``modified_huber``'s
    probabilities are a clipped margin), nor trees, boosting, neighbours or
    naive Bayes, whose fits change in other ways under reweighting.
    """
    final = _final_step(estimator)
    if isinstance(
        final, (LogisticRegression, LogisticRegressionCV, CalibratedClassifierCV)
    ):
        return True
    return isinstance(final, SGDClassifier) and final.loss == "log_loss"


def _auto_method(estimator):
    """The path ``method="auto"`` takes: "threshold", "refine" or "refit".

    Log-odds models: the threshold path.  Other models with probabilities
    (trees, forests, boosting, naive Bayes, neighbours...): "refine", whose
    choice is made among exact fits only.  Without probabilities (margins
    that are not log-odds, as an SVM's) nothing reliable locates the region:
    "refit".
    """
    if _scores_are_log_odds(estimator):
        return "threshold"
    if hasattr(estimator, "predict_proba"):
        return "refine"
    return "refit"


def _fold_counts(is_pos, pred_pos, weight):
    """Counts of boolean predictions, shape `COUNT_SHAPE`: the weighted,
    unweighted and squared-weight ``[tp, fn, tn, fp]``."""
    is_pos = np.asarray(is_pos, dtype=bool)
    cell = np.where(is_pos, np.where(pred_pos, 0, 1), np.where(pred_pos, 3, 2))
    ones = np.ones(is_pos.size)
    w = ones if weight is None else np.asarray(weight, dtype=float)
    with np.errstate(over="ignore"):  # a weight above 1e154: its square is inf,
        squares = w * w  # and the effective size of its cell 0 (`_effective_size`)
    return np.stack(
        [
            np.bincount(cell, values, minlength=len(CELLS))
            for values in (w, ones, squares)
        ]
    )


def _shared_prefix(model, fit_params):
    """``(prefix, final, final_params)`` when a Pipeline's steps before the last
    can be fitted once per fold, else ``(None, model, fit_params)``.

    Without routing the tradeoff weights reach only the final step (and the
    prefix sees the same rows at every ``t``), so its fit does not depend on
    ``t``.  With routing, steps may request the weights: no sharing then.
    """
    if (
        not isinstance(model, Pipeline)
        or len(model.steps) < 2
        or get_config()["enable_metadata_routing"]
    ):
        return None, model, fit_params
    last = f"{model.steps[-1][0]}__"
    if not all(key.startswith(last) for key in fit_params):
        return None, model, fit_params
    final_params = {key[len(last) :]: value for key, value in fit_params.items()}
    return model[:-1], model.steps[-1][1], final_params


class _Fold:
    """One fold's training and test parts (each row subset copied once)."""

    def __init__(self, X, y, sample_weight, fit_params, train, test, pos_value):
        self.X_train, self.y_train = safe_indexing(X, train), y[train]
        self.X_test, self.y_test = safe_indexing(X, test), y[test]
        self.is_pos = np.asarray(self.y_test) == pos_value
        self.pos_value = pos_value
        self.w_train = None if sample_weight is None else sample_weight[train]
        self.w_test = None if sample_weight is None else sample_weight[test]
        self.params = _index_params(fit_params, train, y.shape[0])

    def counts(self, pred):
        """Counts of predicted labels on the test part."""
        return _fold_counts(
            self.is_pos, np.asarray(pred) == self.pos_value, self.w_test
        )

    def share_prefix(self, template):
        """``(template, params)`` to fit per ``t`` on this fold, after fitting a
        Pipeline's preprocessing once (replacing the fold's X by its output)
        when that gives the same fits as the whole Pipeline."""
        estimator = _default_estimator(template.estimator)
        if (
            template.weighting not in ("auto", "sample_weight")
            or template.augment is not None
            or not _takes_sample_weight(estimator)
        ):
            return template, self.params
        model = clone(estimator)
        # The seeds TradeoffClassifier.fit would draw.
        _seed_estimator(model, template.random_state)
        prefix, final, params = _shared_prefix(model, self.params)
        if prefix is None:
            return template, self.params
        self.X_train = prefix.fit_transform(self.X_train, self.y_train)
        self.X_test = prefix.transform(self.X_test)
        return clone(template).set_params(estimator=final), params


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


def _warm_path(template, fold, ts):
    """Counts for every ``t``, fitting one model along ascending ts.

    Each fit uses exactly the weights of ``TradeoffClassifier(t=t)``; only the
    starting point of the solver changes (the previous ``t``'s solution).  A
    Pipeline's preprocessing is fitted once per fold (see `_shared_prefix`).
    ``template`` must use the default weighting (weights into ``fit``).
    """
    # One clone for the whole path, seeded as TradeoffClassifier seeds its own.
    model = clone(_default_estimator(template.estimator))
    _seed_estimator(model, template.random_state)
    prefix, model, params = _shared_prefix(model, fold.params)
    X_train, X_test = fold.X_train, fold.X_test
    if prefix is not None:
        X_train = prefix.fit_transform(X_train, fold.y_train)
        X_test = prefix.transform(X_test)
    if isinstance(model, Pipeline):
        model.set_params(**{f"{model.steps[-1][0]}__warm_start": True})
    else:
        model.set_params(warm_start=True)

    counts = np.empty((len(ts), *COUNT_SHAPE))
    for i, t in enumerate(ts):
        if t in (0.0, 1.0):
            # A constant decision; keep it out of the warm-start chain.
            fitted = _fit_at(template, t, fold, fold.params)
            counts[i] = fold.counts(fitted.predict(fold.X_test))
            continue
        w = tradeoff_sample_weight(
            fold.y_train, t, pos_label=template.pos_label, sample_weight=fold.w_train
        )
        model.fit(
            X_train,
            fold.y_train,
            **_weight_params(model, w),
            **params,
        )
        counts[i] = fold.counts(model.predict(X_test))
    return counts


def _positive_scores(model, X, pos_value, method="threshold"):
    """Scores of the positive class on a probability scale or its log-odds.

    Returns ``(scores, is_proba)``; ``method`` names the path in errors.
    """
    name = type(_final_step(model.estimator_)).__name__
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
        return np.full(_num_rows(X), constant), True
    if hasattr(model, "predict_proba"):
        return model.predict_proba(X)[:, pos], True
    if classes.size == 2:
        decision = np.asarray(model.decision_function(X), dtype=float).ravel()
        return (decision if pos == 1 else -decision), False
    raise ValueError(
        f"method={method!r} on multi-class data needs an estimator with "
        f"predict_proba; {name} only has decision_function. Use method='refit'."
    )


def _threshold_counts(scores, is_proba, fold, ts, anchor=0.5):
    """Counts for every ``t`` from the scores of one model fitted at ``anchor``.

    Reweighting from ``anchor`` to ``t`` multiplies the odds of the positive
    class by ``odds(t) / odds(anchor)`` (Bayes' rule), so the decision at ``t``
    is ``p >= 1 / (1 + odds(t) / odds(anchor))`` (``p >= 1 - t`` from 0.5), or
    on log-odds ``d >= logit(anchor) - logit(t)``.
    """
    counts = np.empty((len(ts), *COUNT_SHAPE))
    for i, t in enumerate(ts):
        if t == 0.0 or t == 1.0:
            pred_pos = np.full(scores.shape, t == 1.0)
        elif is_proba:
            # 1 - t exactly from 0.5, as the balanced threshold path.
            off = (1.0 - t) * anchor
            threshold = 1.0 - t if anchor == 0.5 else off / (off + t * (1.0 - anchor))
            pred_pos = scores >= threshold
        else:
            shift = math.log(t / (1.0 - t)) - math.log(anchor / (1.0 - anchor))
            pred_pos = scores >= -shift
        counts[i] = _fold_counts(fold.is_pos, pred_pos, fold.w_test)
    return counts


def _threshold_path(template, fold, ts):
    """Counts for every ``t`` from one fit per fold at ``t = 0.5``.

    The balanced model's probability ``p`` of the positive class becomes the
    probability under the weights of ``t`` by Bayes' rule, and the decision
    ``t * p >= (1 - t) * (1 - p)`` is ``p >= 1 - t``.  A decision function is
    read as log-odds: ``d >= logit(1 - t)``.
    """
    template, params = fold.share_prefix(template)
    model = _fit_at(template, 0.5, fold, params)
    scores, is_proba = _positive_scores(model, fold.X_test, fold.pos_value)
    return _threshold_counts(scores, is_proba, fold, ts)


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
        scores, is_proba = _positive_scores(
            model, fold.X_test, fold.pos_value, "refine"
        )
        rows = weights[:, j] > 0
        read = _threshold_counts(scores, is_proba, fold, ts[rows], anchor)
        counts[rows] += weights[rows, j, None, None] * read
        exact[j] = fold.counts(model.predict(fold.X_test))
    return counts, exact


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


def _threads_per_job(n_jobs, n_tasks):
    """BLAS/OpenMP threads per job so that jobs x threads <= cores (None: no
    limit, for a single job)."""
    workers = min(effective_n_jobs(n_jobs), n_tasks)
    if workers <= 1:
        return None
    return max(1, cpu_count() // workers)


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
            job.X, job.y, job.sample_weight, job.fit_params, train, test, job.pos_value
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
        return _table(ts, readings, repeats, False), exact
    return _table(ts, np.stack(out, axis=1), repeats, fitted)


def _table(ts, stacked, repeats, fitted):
    """A CountTable from counts of shape ``(n_ts, n_splits, 3, 4)``."""
    return CountTable(
        ts=ts,
        weighted=stacked[:, :, 0],
        counts=stacked[:, :, 1],
        squares=stacked[:, :, 2],
        repeats=repeats,
        fitted=np.broadcast_to(fitted, np.shape(ts)),
    )
