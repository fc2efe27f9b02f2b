"""`TradeoffClassifierCV`: choose ``t`` by cross-validation, then refit at it.

The whole ``t`` path is cross-validated on the same folds by one of the
per-fold strategies of :mod:`sk_imbalance.model_selection._paths`, chosen by
``method``: "threshold" (one fit per fold), "refit" (one exact fit per ``t``
per fold), "refine" (exact fits at three anchor
``t`` read as a path to find the region, then exact refits around it) or
"auto": the threshold path for models whose scores are log-odds, "refine" for
other models with probabilities, the exact "refit" path otherwise.

The paths produce a :class:`~sk_imbalance.model_selection._counts.CountTable`;
the choice is made from it by the selection rules
(:func:`sk_imbalance.model_selection._selection.select_from_counts`), the same
rules ``constrained_refit`` and the display use.
"""

import warnings
from functools import partial
from numbers import Integral, Real
from typing import ClassVar

import numpy as np
from sklearn import get_config
from sklearn.base import clone
from sklearn.model_selection import RepeatedStratifiedKFold, check_cv
from sklearn.utils import check_random_state
from sklearn.utils.metadata_routing import (
    MethodMapping,
    process_routing,
)
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from sk_imbalance._base import _WrappedClassifier
from sk_imbalance._compat import (
    HasMethods,
    Interval,
    StrOptions,
    fit_context,
    safe_indexing,
)
from sk_imbalance._costs import _check_costs
from sk_imbalance._grid import DEFAULT_TS
from sk_imbalance._tradeoff import TradeoffClassifier
from sk_imbalance.exceptions import UndefinedFoldWarning
from sk_imbalance.metrics._classification import tradeoff_score
from sk_imbalance.metrics._predictive import _check_cost
from sk_imbalance.model_selection._counts import CountTable
from sk_imbalance.model_selection._exact import _exact_threshold, _holdout
from sk_imbalance.model_selection._paths import (
    REFINE_ANCHORS,
    _anchor_indices,
    _anchored_path,
    _auto_method,
    _cross_validate,
    _CVJob,
    _refit_path,
    _table,
    _threshold_path,
)
from sk_imbalance.model_selection._selection import (
    OBJECTIVES,
    _fold_scores,
    objective_name,
    select_from_counts,
)
from sk_imbalance.utils._estimators import _default_estimator, _tunes_own_t
from sk_imbalance.utils._indexing import _index_params, _rows
from sk_imbalance.utils._labels import _encode, _positive_index, _py
from sk_imbalance.utils._progress import _Progress
from sk_imbalance.utils._threads import _threads_per_worker
from sk_imbalance.utils._validation import (
    T_CONSTRAINT,
    _check_both_sides,
    _check_estimator,
    _check_lengths,
    _check_no_sampler,
    _check_sample_weight,
    _check_ts,
    _check_y,
)
from sk_imbalance.utils._warnings import _warn

__all__ = ["TradeoffClassifierCV"]

DEFAULT_N_SPLITS = 5
DEFAULT_N_REPEATS = 3


def _tuned_template(estimator, pos_label, random_state, who):
    """``(template, pos_label)``: the unfitted model whose ``t`` a search sets.

    A plain classifier is wrapped in a ``TradeoffClassifier``; one that tunes
    its own ``t`` is cloned, keeps its ``pos_label`` unless ``pos_label`` of the
    search sets it (two different ones are an error naming both), and receives
    ``random_state`` when its own is unset.  ``who`` names the search in errors.
    """
    if not _tunes_own_t(estimator):
        template = TradeoffClassifier(
            estimator, pos_label=pos_label, random_state=random_state
        )
        return template, pos_label
    template = clone(estimator)
    params = template.get_params(deep=False)
    own = params.get("pos_label")
    if pos_label is not None and own is not None and own != pos_label:
        raise ValueError(
            f"{who} got pos_label={pos_label!r} but its estimator "
            f"{type(estimator).__name__} has pos_label={own!r}; give it once."
        )
    if pos_label is not None and "pos_label" in params:
        template.set_params(pos_label=pos_label)
    if "random_state" in params and params["random_state"] is None:
        template.set_params(random_state=random_state)
    return template, pos_label if own is None else own


class TradeoffClassifierCV(_WrappedClassifier):
    """A :class:`~sk_imbalance.TradeoffClassifier` that chooses ``t`` by itself.

    Every ``t`` of ``ts`` is cross-validated on the same folds, ``best_t_`` is
    chosen from the mean fold scores, and a ``TradeoffClassifier`` is refitted
    at ``best_t_`` on all the data.  Like
    :class:`~sklearn.linear_model.LogisticRegressionCV`, it is an ordinary
    classifier (Pipelines, nested ``cross_val_score``, other searches).

    Read more in the :ref:`User Guide <choosing_t>`.

    Parameters
    ----------
    estimator : classifier or Pipeline, default=None
        The classifier to train; None means ``LogisticRegression()``.  A
        ``TradeoffClassifier`` is not wrapped again: its ``t`` is tuned.
    ts : array-like of float in [0, 1], default=None
        Candidate tradeoffs.  None means the 23 values 0.01, 0.02, 0.05,
        0.10, ..., 0.95, 0.98, 0.99.
    cv : int, cross-validation generator or iterable, default=None
        None means ``RepeatedStratifiedKFold(n_splits=5, n_repeats=3)``
        stratified on positive-vs-rest (fewer splits when a side has fewer
        than 5 samples), seeded by ``random_state``.  An int ``k`` means
        ``StratifiedKFold(k)``; splitters and iterables are used as given.
    objective : {"balanced_accuracy", "sensitivity", "specificity", \
            "precision", "npv", "expected_cost"} or float in [0, 1], \
            default="balanced_accuracy"
        The mean fold score to maximise: "balanced_accuracy" is the mean of
        sensitivity and specificity of ``pos_label`` against the rest; a float
        ``w`` is ``w * sensitivity + (1 - w) * specificity`` ("tradeoff" in
        ``cv_results_``).  "precision" and "npv" are those at ``prevalence``;
        "expected_cost" minimises the expected cost per row of ``costs`` at
        ``prevalence`` ("neg_expected_cost", its negative, in
        ``cv_results_``).
    min_sensitivity, min_specificity : float in [0, 1], default=None
        The requirement: ``best_t_`` is the best ``objective`` among the ``t``
        meeting the minimums (mean fold rates, or lower confidence bounds
        with ``confidence``); ``selection`` does not apply.  When none does,
        a :class:`~sk_imbalance.exceptions.RequirementNotMetWarning` and the
        closest ``t``.
    min_precision, min_npv : float in [0, 1], default=None
        Minimums on the precision and the negative predictive value at
        ``prevalence``, from the mean fold rates (or, with ``confidence``,
        their joint lower bounds).  See :ref:`requirements`.
    max_alert_rate : float in [0, 1], default=None
        An alert budget: the largest share of rows predicted positive at
        ``prevalence``, tested as "share predicted negative >= 1 -
        max_alert_rate" (``predicted_negative_rate`` in ``guarantee_``).
    prevalence : float in (0, 1), default=None
        The share of positives where the model is used, for precision, NPV,
        the alert rate and the expected cost.  None means the training
        data's (weighted).
    costs : dict {"false_positive": float, "false_negative": float}, \
            default=None
        The costs of ``objective="expected_cost"`` (and only of it).
    pos_label : label, default=None
        The positive class.  None means the greater of two labels; multi-class
        data need one (a one-vs-rest tradeoff).
    selection : {"auto", "one_se", "paired_se", "best"}, default="auto"
        "one_se": among the ``ts`` within one standard error of the best mean,
        the one closest to 0.5.  "paired_se": the ``t`` closest to 0.5 unless
        others beat it by more than one (corrected) standard error of the
        paired fold differences, then the closest of those.  "best": the best
        mean.  "auto": "one_se" (``selection_``).
    method : {"auto", "refit", "threshold", "refine"}, default="auto"
        How the ``t`` path is cross-validated: "refit" fits a fresh
        ``TradeoffClassifier`` at every ``t`` in every fold (the exact
        cross-validation of what ``fit`` returns); "threshold" fits once per
        fold at 0.5 and reads each ``t`` by the rule of ``predict`` after the
        Bayes shift of the positive class's odds; "refine" fits three anchors,
        reads the path off them to find a region and chooses among exact
        refits there; "auto": "threshold" for log-odds models, "refine" for
        other models with ``predict_proba``, else "refit" (``method_``).
        A :class:`~sk_imbalance.TradeoffBaggingClassifier` has defaults of
        its own for ``cv``, ``method`` and ``selection``: see
        :ref:`remedies_ensembles`.
    confidence : float in (0, 1), default=None
        Make the minimums a promise about fresh data at this confidence
        (lower confidence bounds from the out-of-fold counts).  Too few
        positives is never an exception: a ``RequirementNotMetWarning`` names
        the positives needed and ``requirement_met_`` is False.
    guarantee : {"cv", "exact"}, default="cv"
        How ``confidence`` is kept: "cv" from the out-of-fold counts of all
        the data; "exact" holds out a stratified half of the rows and sets
        the decision threshold on it by the Neyman-Pearson umbrella order
        statistic (binary data, a minimum, no ``groups``); ``estimator_`` is
        then a :class:`~sklearn.model_selection.FixedThresholdClassifier`.
    n_jobs : int, default=None
        Folds cross-validated in parallel through joblib (Dask under
        ``joblib.parallel_config("dask")``), within the idle cores.
    random_state : int, RandomState instance or None, default=None
        Seeds the default ``cv`` and every ``TradeoffClassifier`` fitted; all
        ``ts`` of a fold use the same seed.
    verbose : int, default=0
        From 1, the plan of each pass and the progress after each fold.

    Attributes
    ----------
    best_t_ : float
        The chosen tradeoff.
    method_ : {"threshold", "refine", "refit"}
        The path used (``method`` with "auto" resolved).
    selection_ : {"one_se", "paired_se", "best"}
        The rule used (``selection`` with "auto" resolved).
    best_index_ : int
        Index of ``best_t_`` in ``cv_results_["params"]``.
    best_score_ : float
        Mean fold score of the objective at ``best_t_``, the cross-validated
        estimate of what :meth:`score` returns.
    cv_results_ : dict of ndarrays
        Per ``t``: ``params``, ``param_t``, ``split<k>_test_<metric>``,
        ``mean/std/rank_test_<metric>`` of "sensitivity", "specificity",
        "balanced_accuracy" (and "tradeoff"); ``split<k>_test_n_positives``
        / ``n_negatives``; ``fitted_at_t``; with ``confidence``,
        ``lower_test_<rate>``; per minimum on precision, NPV or alerts,
        ``derived_test_<metric>`` (at ``prevalence`` from the mean rates, as
        the rule compares it).  A fold without a class is left out of that
        rate's mean (``UndefinedFoldWarning``).
    requirement_met_ : bool
        Whether the chosen model meets the minimums (True without any).
    guarantee_ : dict or None
        With ``confidence``: the confidence, mode, level, threshold (exact
        mode) and per rate its minimum, lower bound, positives and needed.
    n_splits_ : int
        Number of folds (all repeats together).
    estimator_ : TradeoffClassifier or FixedThresholdClassifier
        Fitted on all the data at ``best_t_``.
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    pos_label_ : label or None
        The positive class (``classes_[1]`` on binary data without
        ``pos_label``; None without one); the library's scorers read it.
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during ``fit`` (when the inner estimator
        records them).

    See Also
    --------
    sk_imbalance.TradeoffClassifier : The model at a fixed ``t``.
    sk_imbalance.model_selection.constrained_refit : Its rules in GridSearchCV.
    sklearn.model_selection.TunedThresholdClassifierCV : Tunes the decision
        threshold of an unweighted model.

    Notes
    -----
    The rules (objective, minimums, standard errors, the confidence rule) are
    those of :func:`~sk_imbalance.model_selection.constrained_refit`; why and
    when the paths agree and what the confidence rule proves are in the
    :ref:`User Guide <choosing_t>`, precision, NPV and alert bounds in
    :ref:`requirements`, measured costs on the benchmarks page.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sk_imbalance import TradeoffClassifierCV
    >>> from sk_imbalance.datasets import load_screening
    >>> X, y = load_screening(return_X_y=True)  # 19 positives in 376 rows
    >>> model = make_pipeline(StandardScaler(), LogisticRegression())
    >>> clf = TradeoffClassifierCV(model, random_state=0).fit(X, y)
    >>> clf.method_, clf.best_t_, round(clf.best_score_, 3)
    ('threshold', 0.5, 0.983)

    Sensitivity at least 0.8 on fresh data, with 90% confidence:

    >>> clf = TradeoffClassifierCV(model, min_sensitivity=0.8, confidence=0.9,
    ...                            random_state=0).fit(X, y)
    >>> clf.best_t_, clf.requirement_met_
    (0.5, True)
    """

    _parameter_constraints: ClassVar[dict] = {
        "estimator": [HasMethods(["fit", "predict"]), None],
        "ts": ["array-like", None],
        "cv": ["cv_object"],
        # Bools are refused (True would silently mean 1.0), as for t.
        "objective": [StrOptions(set(OBJECTIVES)), *T_CONSTRAINT],
        "min_sensitivity": [*T_CONSTRAINT, None],
        "min_specificity": [*T_CONSTRAINT, None],
        "min_precision": [*T_CONSTRAINT, None],
        "min_npv": [*T_CONSTRAINT, None],
        "max_alert_rate": [*T_CONSTRAINT, None],
        "prevalence": [Interval(Real, 0, 1, closed="neither"), None],
        "costs": [dict, None],
        "pos_label": "no_validation",
        "selection": [StrOptions({"auto", "one_se", "paired_se", "best"})],
        "method": [StrOptions({"auto", "refit", "threshold", "refine"})],
        "confidence": [Interval(Real, 0, 1, closed="neither"), None],
        "guarantee": [StrOptions({"cv", "exact"})],
        "n_jobs": [Integral, None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        estimator=None,
        *,
        ts=None,
        cv=None,
        objective="balanced_accuracy",
        min_sensitivity=None,
        min_specificity=None,
        min_precision=None,
        min_npv=None,
        max_alert_rate=None,
        prevalence=None,
        costs=None,
        pos_label=None,
        selection="auto",
        method="auto",
        confidence=None,
        guarantee="cv",
        n_jobs=None,
        random_state=None,
        verbose=0,
    ):
        self.estimator = estimator
        self.ts = ts
        self.cv = cv
        self.objective = objective
        self.min_sensitivity = min_sensitivity
        self.min_specificity = min_specificity
        self.min_precision = min_precision
        self.min_npv = min_npv
        self.max_alert_rate = max_alert_rate
        self.prevalence = prevalence
        self.costs = costs
        self.pos_label = pos_label
        self.selection = selection
        self.method = method
        self.confidence = confidence
        self.guarantee = guarantee
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose

    # The inner estimator's parameters are validated by its own fit.
    @fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None, *, fn_cost=None, fp_cost=None, **params):
        """Cross-validate the ``t`` path, choose ``best_t_``, refit at it.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
            Training data, in whatever form the inner estimator accepts.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            User weights: they multiply the tradeoff weights of every fit and
            weigh the fold scores.
        fn_cost, fp_cost : float or array-like of shape (n_samples,), \
                default=None
            Per-row costs of a missed positive and of a false alarm (e.g. the
            amount at stake), for ``objective="expected_cost"``: each fold's
            cost is summed over its test rows (weighted), reported per ``t``
            as ``split<k>_test_neg_expected_cost``.  None takes the value from
            ``costs``.  Under metadata routing, a parent requests them with
            ``set_fit_request(fn_cost=True)``.
        **params : dict
            Without metadata routing: ``groups`` for the splitter, the rest
            for the inner estimator's ``fit`` (per-sample values are split with
            the folds).  With routing: routed by the requests.

        Returns
        -------
        self : TradeoffClassifierCV
            The fitted estimator.
        """
        _check_estimator(self.estimator)
        _check_no_sampler(self.estimator)
        ts = _check_ts(self.ts, DEFAULT_TS)
        _check_lengths(X, y, sample_weight=sample_weight)
        y = _check_y(y)
        weight = _check_sample_weight(sample_weight, y.shape[0])
        cv_seed, fit_seed = self._seeds()
        template, pos_label = _tuned_template(
            _default_estimator(self.estimator),
            self.pos_label,
            fit_seed,
            type(self).__name__,
        )
        classes, y_idx = _encode(y)
        pos_index = self._pos_index(classes, pos_label)
        pos_value = classes[pos_index]
        self._pos_label = pos_label  # this search's, or its estimator's
        fit_params, split_params = self._route(params)
        X = _rows(X)

        is_pos = y_idx == pos_index
        _check_both_sides(y, is_pos, pos_value, weight)
        minimums = self._minimums()
        self._costs, row_costs = self._check_costs(fn_cost, fp_cost, y.shape[0])
        exact = self._check_guarantee(minimums, classes, split_params)
        if exact:
            # The held-out rows set the threshold and nothing else.
            fit_rows, cal_rows = _holdout(is_pos, cv_seed)
            X_all, is_pos_all = X, is_pos
            X, y, weight = safe_indexing(X, fit_rows), y[fit_rows], weight[fit_rows]
            is_pos = is_pos[fit_rows]
            fit_params = _index_params(fit_params, fit_rows, is_pos_all.shape[0])
            if sample_weight is not None:
                sample_weight = weight
        cv, y_split = self._check_cv(is_pos, y, cv_seed, template)
        splits = list(cv.split(X, y_split, **split_params))
        self.method_ = self._method(template, classes.size > 2)
        self.selection_ = self._selection(template)
        self._test_train_ratio = float(
            np.mean([len(test) / max(len(train), 1) for train, test in splits])
        )
        job = _CVJob(
            template=template,
            X=X,
            y=y,
            sample_weight=weight,
            fit_params=fit_params,
            splits=splits,
            pos_value=pos_value,
            n_jobs=self.n_jobs,
            progress=_Progress(self.verbose, type(self).__name__),
            cost=row_costs,
        )
        table = self._cross_validate(job, ts)
        self.n_splits_ = len(splits)
        chosen = self._select(
            table,
            confidence=self.confidence,
            candidates=np.flatnonzero(table.fitted)
            if self.method_ == "refine"
            else None,
        )
        self.cv_results_ = chosen.cv_results
        self.best_index_ = chosen.index
        self.best_t_ = chosen.t
        self.best_score_ = chosen.score
        met, guarantee = chosen.requirement_met, chosen.guarantee
        progress = job.progress

        progress.say(f"refitting at best_t_={self.best_t_:g} on all {y.shape[0]} rows")
        with threadpool_limits(_threads_per_worker()):
            self.estimator_ = (
                clone(template)
                .set_params(t=self.best_t_)
                .fit(X, y, sample_weight=sample_weight, **fit_params)
            )
        if exact:
            self.estimator_, met, guarantee = _exact_threshold(
                self.estimator_,
                X,
                y,
                safe_indexing(X_all, cal_rows),
                is_pos_all[cal_rows],
                pos_value,
                minimums,
                self.confidence,
                self.objective,
            )
        self.requirement_met_ = bool(met)
        self.guarantee_ = guarantee
        self.classes_ = self.estimator_.classes_
        for attr in ("n_features_in_", "feature_names_in_"):
            self.__dict__.pop(attr, None)  # a previous fit's
            if hasattr(self.estimator_, attr):
                setattr(self, attr, getattr(self.estimator_, attr))
        return self

    def _minimums(self):
        """Every requirement as "metric >= minimum" (the alert budget as the
        share predicted negative)."""
        no_alert = None if self.max_alert_rate is None else 1 - self.max_alert_rate
        return {
            metric: value
            for metric, value in (
                ("sensitivity", self.min_sensitivity),
                ("specificity", self.min_specificity),
                ("precision", self.min_precision),
                ("npv", self.min_npv),
                ("predicted_negative_rate", no_alert),
            )
            if value is not None
        }

    def _check_costs(self, fn_cost, fp_cost, n_samples):
        """``(costs, row_costs)``: ``costs`` checked, and the per-row costs
        ``(fn, fp)`` of ``fit`` (None without); both belong to
        ``objective="expected_cost"``, which needs one or the other."""
        rows_given = fn_cost is not None or fp_cost is not None
        expected = self.objective == "expected_cost"
        if expected != (self.costs is not None or rows_given):
            raise ValueError(
                "costs (or fit's fn_cost and fp_cost) and objective="
                "'expected_cost' go together: the costs say what the expected "
                f"cost is (got costs={self.costs!r}, objective={self.objective!r}"
                f"{', per-row costs' if rows_given else ''})."
            )
        costs = None
        if self.costs is not None:
            fp, fn = _check_costs(self.costs)
            costs = {"false_positive": fp, "false_negative": fn}
        if not rows_given:
            return costs, None
        pair = []
        for name, value, key in (
            ("fn_cost", fn_cost, "false_negative"),
            ("fp_cost", fp_cost, "false_positive"),
        ):
            if value is None:
                if costs is None:
                    raise ValueError(
                        f"{name} is None and costs is None: give both per-row "
                        "costs to fit, or costs= for the other one."
                    )
                value = costs[key]
            value = _check_cost(value, n_samples, name)
            pair.append(np.broadcast_to(np.asarray(value, dtype=float), n_samples))
        return costs, tuple(pair)

    def _check_guarantee(self, minimums, classes, split_params):
        """Whether the exact mode is on; its requirements, checked."""
        if self.guarantee != "exact":
            return False
        derived = set(minimums) - {"sensitivity", "specificity"}
        if derived or self.objective in ("precision", "npv", "expected_cost"):
            raise ValueError(
                "guarantee='exact' thresholds held-out scores for minimums on "
                "sensitivity and specificity only; use guarantee='cv' for "
                "min_precision, min_npv, max_alert_rate and objective="
                f"{self.objective!r}."
            )
        if self.confidence is None or not minimums:
            raise ValueError(
                "guarantee='exact' sets a decision threshold that meets the "
                "minimums with probability `confidence`: set confidence and "
                "min_sensitivity or min_specificity (got confidence="
                f"{self.confidence!r}, min_sensitivity={self.min_sensitivity!r}, "
                f"min_specificity={self.min_specificity!r})."
            )
        if classes.size != 2:
            raise ValueError(
                "guarantee='exact' supports binary data only (a decision threshold "
                f"on the positive score); y holds {classes.size} classes."
            )
        if split_params:
            raise ValueError(
                "guarantee='exact' holds out rows at random, which groups would "
                "leak across; it cannot be used with groups."
            )
        return True

    def _pos_index(self, classes, pos_label):
        if classes.size < 2:
            raise ValueError(
                "TradeoffClassifierCV needs samples of at least two classes; y "
                f"holds 1 class: {_py(classes[0])!r}."
            )
        return _positive_index(classes, pos_label)

    def _seeds(self):
        """Seeds for the splitter and for the fits (an int stays that int)."""
        if self.random_state is None or isinstance(self.random_state, Integral):
            return self.random_state, self.random_state
        rng = check_random_state(self.random_state)
        top = np.iinfo(np.int32).max
        return int(rng.randint(top)), int(rng.randint(top))

    def _route(self, params):
        """``(fit_params, split_params)`` as scikit-learn's searches route them."""
        if get_config()["enable_metadata_routing"]:
            routed = process_routing(self, "fit", **params)
            return routed.estimator.fit, routed.splitter.split
        params = dict(params)
        groups = params.pop("groups", None)
        return params, ({} if groups is None else {"groups": groups})

    def _default_cv(
        self, random_state=None, n_splits=DEFAULT_N_SPLITS, n_repeats=DEFAULT_N_REPEATS
    ):
        return RepeatedStratifiedKFold(
            n_splits=n_splits, n_repeats=n_repeats, random_state=random_state
        )

    def _check_cv(self, is_pos, y, random_state, template=None):
        """``(splitter, labels to split on)``."""
        if self.cv is not None:
            return check_cv(self.cv, y, classifier=True), y
        smaller = int(min(is_pos.sum(), is_pos.size - is_pos.sum()))
        n_splits = min(DEFAULT_N_SPLITS, max(2, smaller))
        n_repeats = _tuning_default(template, "n_repeats", DEFAULT_N_REPEATS)
        return self._default_cv(random_state, n_splits, n_repeats), is_pos

    def _selection(self, template=None):
        if self.selection != "auto":
            return self.selection
        return _tuning_default(template, "selection", "one_se")

    def _method(self, template=None, multiclass=False):
        method = self.method
        # The refined path's anchors and the half-width of its window of
        # exact refits around the pick.
        self._refine = (REFINE_ANCHORS, 1)
        if method == "auto":
            if template is None:
                template = _default_estimator(self.estimator)
            # With confidence every t gets a bound: the estimator's cheaper
            # default gives way to the exact path below.
            own = None
            if self.confidence is None:
                own = _tuning_default(template, "method", None)
            if own == "refine":
                self._refine = (
                    _tuning_default(template, "anchors", REFINE_ANCHORS),
                    _tuning_default(template, "window", 1),
                )
            method = own or _auto_method(template, multiclass)
        if method == "refine" and self.confidence is not None:
            # Confidence bounds are computed for every t: no approximations.
            return "refit"
        return method

    def _cross_validate(self, job, ts):
        """The :class:`CountTable` of the ``t`` path by ``method_``."""
        # Every exact row is a fresh fit of the template at its t: the model
        # fit returns at that t.
        exact = _refit_path
        n_splits = len(job.splits)

        def run(path, ts_run, what, fits_per_fold, fitted=True):
            job.progress.phase(what, fits_per_fold, n_splits)
            return _cross_validate(path, job, ts_run, fitted=fitted)

        if self.method_ == "threshold":
            what = "threshold path, one fit per fold"
            return run(_threshold_path, ts, what, 1, fitted=False)
        targets, width = self._refine
        anchors = _anchor_indices(ts, targets)
        if self.method_ == "refit" or anchors.size == 0:  # 0 and 1 only: exact
            what = f"exact refits: {n_splits} folds x {ts.size} values of t"
            return run(exact, ts, what, ts.size)

        # "refine": exact fits at a few anchors, every t read off the anchors
        # around it, locate the region; exact refits there and its neighbours
        # (which the one-SE rule may prefer, or which may hold the best mean)
        # decide, among exact fits only.
        readings, at_anchors = run(
            partial(_anchored_path, anchors=ts[anchors]),
            ts,
            f"exact fits at t = {_listed(ts[anchors])} to find the region",
            anchors.size,
        )
        table = readings.with_rows(
            anchors,
            _table(
                ts[anchors], at_anchors, readings.repeats, True, job.cost is not None
            ),
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # said again on the exact results
            pick = self._select(table).index
        window = [
            i
            for i in range(pick - width, pick + width + 1)
            if 0 <= i < ts.size and not table.fitted[i]
        ]
        if window:
            what = f"exact refits around it at t = {_listed(ts[window])}"
            table = table.with_rows(window, run(exact, ts[window], what, len(window)))
        return table

    def _select(self, table, confidence=None, candidates=None):
        """The :class:`Selection` of the rules module for this chooser."""
        return select_from_counts(
            table,
            objective=self.objective,
            minimums=self._minimums(),
            confidence=confidence,
            selection=self.selection_,
            candidates=candidates,
            guarantee=self.guarantee,
            note="; requirement_met_ is False",
            prevalence=self.prevalence,
            costs=self._costs,
            test_train_ratio=self._test_train_ratio,
        )

    def score(self, X, y, sample_weight=None):
        """The ``objective`` of ``predict(X)`` against ``y``.

        The quantity whose cross-validated mean is ``best_score_``: by default
        the balanced accuracy of the positive class against the rest, the mean
        of sensitivity and specificity (scikit-learn's balanced accuracy on
        binary data); a float ``w``, ``w * sensitivity + (1 - w) *
        specificity``; precision and NPV at ``prevalence`` (None: that of
        ``y``); minus the expected cost per row of ``costs``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Test samples.
        y : array-like of shape (n_samples,)
            True labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.

        Returns
        -------
        score : float
            The objective on ``(X, y)``, as
            :func:`~sk_imbalance.metrics.tradeoff_score` (a rate whose class
            ``y`` lacks counts 0, with a warning).
        """
        check_is_fitted(self)
        _check_lengths(X, y, sample_weight=sample_weight)
        y = _check_y(y)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, y.shape[0])
        pos_value = self.classes_[self._pos_index(self.classes_, self._pos_label)]
        # The rates and their mixtures as a tradeoff score (its weight on
        # sensitivity), whose zero_division rule covers a y lacking a class.
        weight = {"sensitivity": 1.0, "specificity": 0.0, "balanced_accuracy": 0.5}
        if isinstance(self.objective, Real) or self.objective in weight:
            return tradeoff_score(
                y,
                self.predict(X),
                t=weight.get(self.objective, self.objective),
                pos_label=_py(pos_value),
                sample_weight=sample_weight,
            )
        if self.objective == "expected_cost" and self._costs is None:
            raise ValueError(
                "score needs costs= for objective='expected_cost': the per-row "
                "costs given to fit do not describe new rows."
            )
        table = CountTable.from_predictions(
            [self.best_t_],
            y == pos_value,
            [self.predict(X) == pos_value],
            sample_weight,
        )
        name = objective_name(self.objective)
        scores = _fold_scores(table, self.objective, self.prevalence, self._costs)
        value = float(scores[name][0, 0])
        if np.isnan(value):
            _warn(
                "The score is undefined (NaN): y lacks the positive or the "
                f"negative class that the objective {name!r} needs.",
                UndefinedFoldWarning,
            )
        return value

    def get_metadata_routing(self):
        """Get metadata routing of this object.

        Returns
        -------
        routing : MetadataRouter
            ``fit`` parameters are routed to the inner estimator's ``fit`` and
            to the splitter's ``split``; ``sample_weight`` of ``fit`` and
            ``score`` is consumed here.
        """
        cv = self._default_cv() if self.cv is None else check_cv(self.cv)
        return (
            super()
            .get_metadata_routing()
            .add(
                splitter=cv,
                method_mapping=MethodMapping().add(caller="fit", callee="split"),
            )
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        if tags.classifier_tags is not None:
            # Multi-class data need a pos_label (one-vs-rest tradeoff).
            tags.classifier_tags.multi_class &= self.pos_label is not None
        return tags


def _tuning_default(template, name, default):
    """What an estimator that tunes its own ``t`` asks of "auto" (or of
    ``cv=None``): ``_tuning_defaults[name]`` of its class, else ``default``.

    :class:`~sk_imbalance.TradeoffBaggingClassifier` asks for one repeat of
    5 folds, the refined path anchored at 0.5 alone with no window around
    its pick (``anchors``, ``window``) and the paired rule: every split fits
    a whole ensemble, whose mean probability reads every ``t`` cheaply, and
    its balanced default beats the choices that noise would make.
    """
    if template is None:
        return default
    return getattr(type(template), "_tuning_defaults", {}).get(name, default)


def _listed(values):
    return ", ".join(f"{v:g}" for v in values)
