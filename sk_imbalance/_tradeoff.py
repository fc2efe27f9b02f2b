"""`TradeoffClassifier`: validate, weigh, fit a clone, delegate."""

from numbers import Real
from typing import ClassVar

import numpy as np
from sklearn import get_config
from sklearn.base import clone
from sklearn.dummy import DummyClassifier
from sklearn.pipeline import Pipeline
from sklearn.utils import check_random_state, get_tags
from sklearn.utils.metadata_routing import process_routing
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_array, check_is_fitted

from sk_imbalance._base import _estimator_has, _WrappedClassifier
from sk_imbalance._compat import HasMethods, StrOptions, fit_context, safe_indexing
from sk_imbalance._costs import (
    _check_costs,
    _half_t,
    _row_cost_weights,
    _t_from_costs,
)
from sk_imbalance._resample import (
    _training_data,
    _training_set,
    _weighting_strategy,
)
from sk_imbalance._weights import (
    _class_response,
    _tradeoff_weights,
    _unit_weight_from,
)
from sk_imbalance.exceptions import SkImbalanceWarning
from sk_imbalance.utils._estimators import (
    _default_estimator,
    _seed_estimator,
    _takes_sample_weight,
    _tunes_own_t,
    _weight_params,
)
from sk_imbalance.utils._indexing import _index_params, _rows
from sk_imbalance.utils._labels import _positive_index, _py
from sk_imbalance.utils._validation import (
    T_CONSTRAINT,
    _check_by_final_step,
    _check_enough_rows,
    _check_estimator,
    _check_lengths,
    _check_no_sampler,
    _check_stand_in,
    _fit_stand_in_checks,
)
from sk_imbalance.utils._warnings import _warn

__all__ = ["TradeoffClassifier"]

# The resampling fallback builds at most this many rows per training row.
MAX_RESAMPLE_FACTOR = 10


def _tradeoff_tags(tags, estimator):
    """``tags`` amended for the ``t`` / ``pos_label`` / ``class_priority`` of
    ``estimator`` (any estimator that trains for a tradeoff)."""
    t = estimator.t if isinstance(estimator.t, Real) else 0.5  # a bad t fails in fit
    if tags.classifier_tags is not None:
        if (
            t != 0.5
            and estimator.pos_label is None
            and estimator.class_priority is None
        ):
            # Such a t needs a positive class, which multi-class data lack.
            tags.classifier_tags.multi_class = False
        if t in (0, 1):
            # A constant decision: by design no better than the majority.
            tags.classifier_tags.poor_score = True
    return tags


def _check_values(estimator, X):
    """Refuse NaN / infinite values, and non-numeric cells of an array, that
    ``estimator``'s tags do not allow (its shape and sparsity stay the
    estimator's to judge; a DataFrame's column types too)."""
    tags = get_tags(estimator).input_tags
    allow_nan = tags.allow_nan
    check_array(
        X,
        accept_sparse=True,
        dtype=None if tags.string or hasattr(X, "columns") else "numeric",
        ensure_2d=False,
        allow_nd=True,
        ensure_min_samples=0,
        ensure_min_features=0,
        ensure_all_finite="allow-nan" if allow_nan else True,
    )


class TradeoffClassifier(_WrappedClassifier):
    """Train any classifier for a chosen sensitivity/specificity tradeoff.

    At every ``fit`` the positive class receives the share ``t`` of the total
    training weight and the other samples the share ``1 - t``; the weights are
    rescaled so that their total equals ``sum(sample_weight)`` (``n_samples``
    without user weights), so the inner estimator's regularisation means the same
    as without the wrapper.  The weighted training loss is then
    ``t * (mean loss on positives) + (1 - t) * (mean loss on negatives)``, the
    surrogate of ``t * (1 - sensitivity) + (1 - t) * (1 - specificity)``.
    ``t=0.5`` is exactly ``class_weight="balanced"``.

    Parameters
    ----------
    estimator : classifier or Pipeline, default=None
        The classifier to train; cloned at every fit.  None means
        ``LogisticRegression()``.  A model that applies a ``t`` of its own (a
        ``TradeoffClassifier``) is refused: it would undo this ``t``.
    t : float in [0, 1], default=0.5
        Tradeoff: 1 means only sensitivity matters, 0 only specificity, 0.5 both
        equally.  ``t=0`` and ``t=1`` give a constant decision (all negative /
        all positive).
    pos_label : label, default=None
        The positive class.  None means ``classes_[1]`` on binary data and "no
        positive class" on multi-class data, where ``t`` must then be 0.5.  With
        multi-class data and a ``pos_label``, ``t`` is a one-vs-rest tradeoff.
    class_priority : dict {label: float >= 0}, default=None
        Multi-class priorities: class ``c`` receives the share ``p_c / sum(p)``
        of the weight (classes not named get priority 1).  Equal priorities train
        for the mean per-class accuracy.  Cannot be combined with ``t`` or
        ``pos_label``.
    costs : dict {"false_positive": float, "false_negative": float}, default=None
        Costs of the two mistakes, instead of ``t``: ``fit`` then uses the
        ``t`` whose weighted decision is Bayes-optimal for these costs at the
        training data's (weighted) prevalence, ``t / (1 - t) = (c_FN / c_FP)
        (n_pos / n_neg)``, and stores it in ``t_``.  Only ratios matter.  ``t``
        must then keep its default.  See :ref:`requirements`.
    costs_by : {"threshold", "weights"}, default="threshold"
        How ``costs`` reach the decision (ignored without ``costs``).
        "threshold" fits once at the ``t`` of the square roots of the costs
        (each positive row weighs ``sqrt(c_FN)`` against each negative's
        ``sqrt(c_FP)``: half of the reweighting, in log-odds) and ``predict``
        says positive where the risk under the training class frequencies
        (the model's probability with the weights undone, as
        ``correct_proba``) is at least ``c_FP / (c_FP + c_FN)``: the Bayes
        decision, read off that model (a ``decision_function`` without
        ``predict_proba`` is read as log-odds).  ``predict_proba`` and
        ``decision_function`` are then that model's, and ``predict`` is not
        their argmax or sign.  "weights" fits at ``t_`` itself.  Both are one
        fit; see :ref:`requirements` for when each is better.
    weighting : {"auto", "sample_weight", "resample", "undersample"}, \
            default="auto"
        How the weights reach the estimator.  "sample_weight" passes them to
        ``fit(sample_weight=...)`` (for a Pipeline, to its final step; with
        metadata routing enabled, through the routing requests, the final step
        requesting ``sample_weight`` unless told otherwise).  "resample" fits on
        copies of the training rows: every row with a non-zero weight is kept,
        each row is copied about ``w_i / min(w)`` times (stochastic rounding
        driven by ``random_state``), so each class's share of the rows matches
        its share of the weight.  Memory bound: at most
        ``MAX_RESAMPLE_FACTOR * n_samples`` rows (10x); when the shares need more,
        the copies are scaled down to fit and a warning says the shares are
        approximate.  "undersample" fits on a random subset instead, for data
        too large to fit whole: every row of the most up-weighted class is kept
        and the other classes are thinned to reach the shares (to within one row
        per class; no class is ever dropped entirely).  With user
        ``sample_weight``, "undersample" thins each class uniformly and passes
        the kept rows' user weights to the estimator when it accepts
        ``sample_weight``; otherwise it keeps each row with probability
        proportional to its weight (``s_i`` times its class weight), so the user
        weights are honoured in expectation, and rows of every class may go.
        "auto" uses "sample_weight" when the estimator takes it and ``augment``
        is None, else "resample".  On multi-class data the rows of a class
        without weight (priority 0) are left out of the fit whatever the
        weighting, so the inner estimator knows the weighted classes only.
        Before rows are copied or dropped, ``X`` is checked for NaN and
        infinite values the inner estimator's tags do not allow, and
        per-sample fit parameters follow the rows.
    augment : callable, default=None
        ``augment(X_copies, y_copies, random_state) -> X_augmented``, applied to
        the extra copies made by "resample" (never to the original rows), e.g.
        :func:`~sk_imbalance.jitter` for numeric tables, or flips and shifts for
        images.  It receives the copies in the container of ``X`` (array,
        sparse matrix or DataFrame) and a ``numpy.random.RandomState`` to draw
        from, and must return the same shape with no new NaN or infinite value;
        it is not called when no row needs a copy.  The estimator is fitted on
        the original rows followed by the augmented copies.  Needs
        ``weighting="resample"`` or "auto" (which then resamples);
        "sample_weight" and "undersample" make no copies and raise an error.
    random_state : int, RandomState instance or None, default=None
        Drives the resampling, the undersampling and ``augment``; ignored by
        "sample_weight".
    correct_proba : bool, default=False
        If True, ``predict_proba`` / ``predict_log_proba`` return probabilities
        under the training class frequencies instead of the weighted ones, so
        they can be read as risks; ``predict`` and ``decision_function`` keep
        the tradeoff decision.  ``predict`` is then not ``argmax(predict_proba(X))``:
        as with :class:`~sklearn.model_selection.FixedThresholdClassifier`, the
        decision and the probabilities are separate outputs.  Whatever decides
        from ``predict_proba`` (a soft
        :class:`~sklearn.ensemble.VotingClassifier`,
        :class:`~sklearn.ensemble.StackingClassifier`,
        :class:`~sklearn.model_selection.TunedThresholdClassifierCV`) sees the
        risks and loses the tradeoff: keep ``correct_proba=False`` inside them.
        See "Corrected probabilities" in the Notes.

    Attributes
    ----------
    estimator_ : estimator
        The fitted clone of ``estimator``.  When only one class receives weight
        (``t=0`` or ``t=1`` on binary data) it is a constant
        :class:`~sklearn.dummy.DummyClassifier`.
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    t_ : float
        The tradeoff of the decision: ``t``, or the one derived from
        ``costs`` (with ``costs_by="threshold"`` the model is fitted with
        half of that reweighting and ``predict`` applies ``t_``).
    pos_label_ : label or None
        The positive class (``classes_[1]`` on binary data without
        ``pos_label``; None without one); the library's scorers read it.
    class_weight_ : dict
        ``{label: weight}``: the weight per unit of ``sample_weight`` actually
        used for each class (for "resample" and "undersample", measured on the
        rows the estimator was fitted on).
    n_features_in_ : int
        Number of features seen by the inner estimator.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Feature names seen by the inner estimator, when it records them.

    See Also
    --------
    sk_imbalance.tradeoff_sample_weight : The weights themselves.
    sklearn.linear_model.LogisticRegression : ``class_weight="balanced"`` is
        ``t=0.5``.
    sklearn.model_selection.TunedThresholdClassifierCV : Moves the decision
        threshold instead of reweighting.

    Notes
    -----
    ``score`` returns the **balanced accuracy**, not the accuracy: on unbalanced
    data accuracy rewards predicting the majority class.

    **Corrected probabilities.**  Let ``pi_c`` be the frequency of class ``c``
    in the training data (weighted by ``sample_weight``) and ``w_c`` its class
    weight, ``class_weight_[c]``.  Weighting multiplies each class's prior by
    ``w_c``, so a model trained on the weighted data estimates

        q(c | x) = w_c pi_c p(x | c) / sum_j w_j pi_j p(x | j),

    and Bayes' rule undoes it:

        p(c | x) = (q(c | x) / w_c) / sum_j (q(j | x) / w_j).

    Only ratios of the ``w_c`` matter.  ``correct_proba=True`` returns
    ``p(c | x)``; ``predict_log_proba`` computes it in log space.  With
    "resample" and "undersample", ``w_c`` is measured on the rows actually
    fitted, not the nominal weight.

    The correction is exact only if ``q`` is calibrated for the weighted
    data, which holds approximately for models fitted by a proper scoring rule
    such as :class:`~sklearn.linear_model.LogisticRegression`.  Trees, forests
    and SVMs are not calibrated; wrap them in
    :class:`~sklearn.calibration.CalibratedClassifierCV` (it accepts the
    weights) before trusting corrected risks.  The risks are for test data with
    the training class frequencies; for another prevalence, apply the same
    rule once more.

    A class with weight 0 (priority 0, ``t=0`` or ``t=1``, or user weights all
    zero) gives the model no information about it, so its corrected
    probability is its training frequency ``pi_c`` and the other classes share
    the rest as above.  A constant model (``t=0`` or ``t=1`` on binary data)
    thus returns the training frequencies.

    ``predict`` equals ``argmax_c p(c | x) w_c`` (the tradeoff decision)
    whenever the inner ``predict`` is the argmax of its ``predict_proba``, as
    for :class:`~sklearn.linear_model.LogisticRegression`; it is not for
    ``SVC(probability=True)``, whose ``predict`` uses the decision function and
    whose probabilities come from a separate Platt fit.  With
    ``correct_proba=True``, ``predict`` is therefore not
    ``argmax(predict_proba(X))`` (on binary data: positive when the corrected
    risk is at least ``w_neg / (w_neg + w_pos)``, not 0.5).

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sk_imbalance import TradeoffClassifier
    >>> X, y = make_classification(n_samples=400, weights=[0.95], random_state=0)
    >>> clf = TradeoffClassifier(t=0.8).fit(X, y)
    >>> clf.classes_
    array([0, 1])
    >>> {c: round(w, 3) for c, w in clf.class_weight_.items()}
    {0: 0.212, 1: 14.545}
    >>> round(clf.score(X, y), 3)
    0.87...

    The weighted model overstates the risk of the rare class; ``correct_proba``
    brings it back to the training frequency (5.5% positives):

    >>> float(clf.predict_proba(X)[:, 1].mean().round(2))
    0.32
    >>> clf.set_params(correct_proba=True)
    TradeoffClassifier(correct_proba=True, t=0.8)
    >>> float(clf.predict_proba(X)[:, 1].mean().round(2))
    0.06
    """

    _parameter_constraints: ClassVar[dict] = {
        "estimator": [HasMethods(["fit", "predict"]), None],
        "t": T_CONSTRAINT,
        "pos_label": "no_validation",
        "class_priority": [dict, None],
        "costs": [dict, None],
        "costs_by": [StrOptions({"threshold", "weights"})],
        "weighting": [StrOptions({"auto", "sample_weight", "resample", "undersample"})],
        "augment": [callable, None],
        "random_state": ["random_state"],
        "correct_proba": ["boolean"],
    }

    # TradeoffClassifierCV tunes ``t`` through set_params instead of wrapping.
    _tunes_own_t = True

    def __init__(
        self,
        estimator=None,
        t=0.5,
        *,
        pos_label=None,
        class_priority=None,
        costs=None,
        costs_by="threshold",
        weighting="auto",
        augment=None,
        random_state=None,
        correct_proba=False,
    ):
        self.estimator = estimator
        self.t = t
        self.pos_label = pos_label
        self.class_priority = class_priority
        self.costs = costs
        self.costs_by = costs_by
        self.weighting = weighting
        self.augment = augment
        self.random_state = random_state
        self.correct_proba = correct_proba

    # The inner estimator's parameters are validated by its own fit.
    @fit_context(prefer_skip_nested_validation=False)
    def fit(
        self, X, y, sample_weight=None, *, fn_cost=None, fp_cost=None, **fit_params
    ):
        """Fit a clone of the estimator with the tradeoff weights.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
            Training data, in whatever form the inner estimator accepts.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            User weights; they multiply the tradeoff weights (weighted class
            sizes, so integer weights equal repeated rows).
        fn_cost, fp_cost : float or array-like of shape (n_samples,), \
                default=None
            Per-row costs of a missed positive and of a false alarm (e.g. the
            amount at stake); None takes the value from ``costs``.  Each row
            is then weighted by the cost of its own mistake (``fn_cost`` on
            the positives, ``fp_cost`` on the rest) and the model is fitted
            at the prevalence of those weights, so it predicts positive where
            a miss is expected to cost more than an alarm, whatever
            ``costs_by`` (a cut would need each row's cost at predict time).
            Under metadata routing, a parent requests them with
            ``set_fit_request(fn_cost=True)``.
        **fit_params : dict
            Passed to the inner estimator's ``fit`` (through metadata routing
            when it is enabled).

        Returns
        -------
        self : TradeoffClassifier
            The fitted estimator.
        """
        if self.augment is not None and self.weighting in (
            "sample_weight",
            "undersample",
        ):
            raise ValueError(
                f"augment={self.augment!r} applies to the copies made by "
                f"weighting='resample', but weighting={self.weighting!r} makes "
                "none; use weighting='resample' (or 'auto'), or augment=None."
            )
        _check_estimator(self.estimator)
        _check_no_sampler(self.estimator)
        if _tunes_own_t(self.estimator):
            raise ValueError(
                f"estimator={type(self.estimator).__name__}(...) applies a "
                "tradeoff t of its own: inside a TradeoffClassifier it would "
                "rescale the weights back to its own t, so this t would change "
                "nothing. Set t on it directly instead of wrapping it."
            )
        _check_lengths(X, y, sample_weight=sample_weight)
        if get_config()["enable_metadata_routing"]:
            fit_params = process_routing(self, "fit", **fit_params).estimator.fit
        t = self.t
        row_costs = fn_cost is not None or fp_cost is not None
        if self.costs is not None or row_costs:
            if self.t != 0.5 or self.class_priority is not None:
                given = [f"costs={self.costs!r}"] if self.costs is not None else []
                given += ["per-row costs"] if row_costs else []
                raise ValueError(
                    f"{' and '.join(given)} set the tradeoff, so t={self.t!r} and "
                    f"class_priority={self.class_priority!r} must keep their "
                    "defaults (0.5, None)."
                )
        if row_costs:
            sample_weight = _row_cost_weights(
                self.costs,
                y,
                fn_cost,
                fp_cost,
                pos_label=self.pos_label,
                sample_weight=sample_weight,
            )
            # The costs are in the weights: the weighted prevalence is the t.
            unit = {"false_positive": 1.0, "false_negative": 1.0}
            t = _t_from_costs(
                unit, y, pos_label=self.pos_label, sample_weight=sample_weight
            )
        elif self.costs is not None:
            t = _t_from_costs(
                self.costs, y, pos_label=self.pos_label, sample_weight=sample_weight
            )
        self.t_ = t
        # The Bayes decision read off a fit with half the reweighting (0 < t
        # < 1: at t=0 or t=1 one cost is 0 and the decision is constant).
        self._cost_threshold = None
        by_cut = self.costs is not None and not row_costs
        if by_cut and self.costs_by == "threshold" and 0 < t < 1:
            c_fp, c_fn = _check_costs(self.costs)
            self._cost_threshold = c_fp / (c_fp + c_fn)
            t = _half_t(
                self.costs, y, pos_label=self.pos_label, sample_weight=sample_weight
            )
        y, classes, y_idx, s, unit_weight = _tradeoff_weights(
            y,
            t,
            pos_label=self.pos_label,
            class_priority=self.class_priority,
            sample_weight=sample_weight,
        )
        weights = s * unit_weight[y_idx]
        for attr in ("n_features_in_", "feature_names_in_"):
            self.__dict__.pop(attr, None)  # a previous fit's
        self.classes_ = classes
        sizes = np.bincount(y_idx, weights=s, minlength=classes.size)
        self._class_frequency = sizes / sizes.sum()
        self._constant = classes.size >= 2 and np.count_nonzero(unit_weight) == 1
        self._warn_unweighted(classes, sizes)

        self._constant_prefix = None
        if self._constant:
            # No inner estimator is fitted, so X is checked here as far as the
            # inner estimator's tags tell.
            self._constant_prefix = _fit_stand_in_checks(
                self, _default_estimator(self.estimator), X, y
            )
            label = classes[np.flatnonzero(unit_weight)[0]]
            # In an array: DummyClassifier's `constant` refuses a float label.
            estimator = DummyClassifier(strategy="constant", constant=np.array([label]))
            estimator.fit(X, y)
        else:
            estimator = self._seeded_clone()
            unit_weight = self._fit_weighted(
                estimator,
                X,
                y,
                y_idx,
                s,
                weights,
                fit_params,
                user_weighted=sample_weight is not None,
            )
        self.estimator_ = estimator
        self._unit_weight = unit_weight
        if self._cost_threshold is not None:
            self._pos_index = _positive_index(classes, self.pos_label)
            self._check_cost_threshold_inputs()
        self.class_weight_ = {
            _py(c): float(w) for c, w in zip(classes, unit_weight, strict=True)
        }
        for attr in ("n_features_in_", "feature_names_in_"):
            if hasattr(estimator, attr):
                setattr(self, attr, getattr(estimator, attr))
        return self

    def __sklearn_tags__(self):
        return _tradeoff_tags(super().__sklearn_tags__(), self)

    def _warn_unweighted(self, classes, sizes):
        """Say when ``sample_weight`` leaves a class present in ``y`` weightless:
        the model cannot learn it, so the requested shares cannot hold."""
        if sizes.size < 2 or (sizes > 0).all():
            return
        empty = [_py(c) for c in classes[sizes == 0]]
        if self.class_priority is not None:
            asked = f"class_priority={self.class_priority!r}"
        else:
            asked = f"t={self.t!r}"
        _warn(
            f"sample_weight is zero on every sample of class(es) {empty}: they "
            f"receive no weight, so {asked} cannot be honoured and the model "
            "never predicts them.",
            SkImbalanceWarning,
        )

    def _seeded_clone(self):
        """The unfitted inner estimator that ``fit`` fits: a clone, its unset
        seeds drawn from ``random_state``."""
        estimator = clone(_default_estimator(self.estimator))
        _seed_estimator(estimator, self.random_state)
        return estimator

    def _split_prefix(self, fit_params):
        """``(prefix, final, final_params)`` when ``fit`` would fit a Pipeline's
        steps before the last the same way at every ``t``, else None.

        That is when the weights reach the final step alone: passed as
        ``sample_weight`` (no row copied or dropped), without metadata routing
        (with it, steps may request them) and with ``fit_params`` all for the
        final step.  ``prefix`` is those steps, unfitted and seeded as ``fit``
        seeds them; ``final`` a clone of this estimator around the final step
        (its seeds drawn), which fitted on the prefix's output at any ``t`` is
        this estimator fitted at that ``t``, given ``final_params``.
        """
        if (
            self.weighting not in ("auto", "sample_weight")
            or self.augment is not None
            or not _takes_sample_weight(_default_estimator(self.estimator))
        ):
            return None
        model = self._seeded_clone()
        if (
            not isinstance(model, Pipeline)
            or len(model.steps) < 2
            or get_config()["enable_metadata_routing"]
        ):
            return None
        last = f"{model.steps[-1][0]}__"
        if not all(key.startswith(last) for key in fit_params):
            return None
        final_params = {key[len(last) :]: value for key, value in fit_params.items()}
        final = clone(self).set_params(estimator=model.steps[-1][1])
        return model[:-1], final, final_params

    def _fit_weighted(
        self, estimator, X, y, y_idx, s, weights, fit_params, user_weighted=False
    ):
        """Fit ``estimator`` with ``weights`` by the weighting strategy; return the
        weight per unit of user weight each class received."""
        strategy = _weighting_strategy(self.weighting, self.augment, estimator)
        drops_rows = strategy != "sample_weight" or not weights.all()
        if drops_rows and not isinstance(estimator, Pipeline):
            # Before any row is drawn or dropped: a row the draw leaves out is
            # refused as if it were fitted (a Pipeline's rows are checked after
            # its fit, below, as its steps decide what they accept).  All rows
            # reaching the estimator are its own to check.
            _check_values(estimator, X)
        rng = check_random_state(self.random_state)
        training = _training_set(
            strategy,
            weights,
            y_idx,
            s,
            pass_user_weights=user_weighted and _takes_sample_weight(estimator),
            random_state=rng,
            max_factor=MAX_RESAMPLE_FACTOR,
        )
        if not training.exact:
            _warn(
                f"Reproducing the class shares for t={self.t!r} by copying rows "
                f"needs more than {MAX_RESAMPLE_FACTOR}x the training rows; the "
                "copies were scaled down to that bound, so the shares are only "
                "approximate. Use an estimator that accepts sample_weight for "
                "exact weights.",
                SkImbalanceWarning,
            )
        if training.rows is not None:
            _check_enough_rows(estimator, training.rows.size, y.shape[0], strategy)
        X_fit, y_fit, rows = _training_data(X, y, training, self.augment, rng)
        if rows is not None:
            # Per-sample fit parameters (e.g. LightGBM's init_score) follow
            # the rows copied or left out.
            fit_params = _index_params(fit_params, rows, y.shape[0])
        weighted = training.sample_weight is not None
        weight = _weight_params(estimator, training.sample_weight) if weighted else {}
        estimator.fit(X_fit, y_fit, **weight, **fit_params)
        if rows is not None and isinstance(estimator, Pipeline):
            left_out = np.setdiff1d(np.arange(y.shape[0]), rows)
            if left_out.size:
                X_out = safe_indexing(_rows(X), left_out)
                prefix = estimator[:-1] if len(estimator.steps) > 1 else None
                _check_by_final_step(estimator, prefix, X_out)
        return _unit_weight_from(training.used, y_idx, s, self.classes_.size)

    def _response(self, X, method):
        """The inner model's ``method`` ("predict", "predict_proba",
        "predict_log_proba" or "decision_function") on ``X``, as this
        estimator returns it.

        The one path of every prediction: ``X`` is checked where the inner
        model is the constant one (which checks nothing itself) as the inner
        estimator would check it, the inner model answers, and
        :func:`_class_response` puts its columns in the order of ``classes_``
        and applies ``correct_proba`` (or, under ``costs_by="threshold"``,
        makes the decision of ``predict`` by the cost cut).  The constant
        model's one-hot probabilities stand for each of its responses.
        """
        check_is_fitted(self)
        model = self.estimator_
        if self._constant:
            _check_stand_in(
                self,
                _default_estimator(self.estimator),
                getattr(self, "_constant_prefix", None),
                X,
            )
        cut = getattr(self, "_cost_threshold", None)
        if method == "predict":
            if cut is None:
                return model.predict(X)
            # costs_by="threshold": the Bayes decision for the costs, read off
            # the model's risks (probabilities, or a binary decision function).
            method = "predict_proba"
            if not hasattr(model, "predict_proba"):
                method = "decision_function"
            cut = (self._pos_index, cut)
        else:
            cut = None
        if self._constant or method == "predict_proba":
            values = model.predict_proba(X)
        elif method == "predict_log_proba":
            values = model.predict_log_proba(X)
        else:
            values = model.decision_function(X)
        response = _class_response(
            values,
            method,
            getattr(model, "classes_", None),
            self.classes_,
            self._unit_weight,
            self._class_frequency,
            correct=self.correct_proba,
            onehot=self._constant,
            cost_cut=cut,
        )
        return response if cut is None else self.classes_[response]

    @available_if(_estimator_has("predict"))
    def predict(self, X):
        """Predict class labels: the tradeoff decision.

        With ``correct_proba=True`` this is not ``argmax(predict_proba(X))``;
        see ``correct_proba``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted labels.
        """
        return self._response(X, "predict")

    def _check_cost_threshold_inputs(self):
        """``costs_by="threshold"`` reads risks: probabilities, or on binary
        data a decision function as log-odds."""
        estimator = self.estimator_
        if hasattr(estimator, "predict_proba"):
            return
        if self.classes_.size == 2 and hasattr(estimator, "decision_function"):
            return
        raise ValueError(
            f"costs_by='threshold' reads the risk off the model, but "
            f"{type(estimator).__name__} has no predict_proba"
            f"{'' if self.classes_.size == 2 else ' (needed on multi-class data)'}"
            " nor decision_function; use costs_by='weights'."
        )

    @available_if(_estimator_has("predict_proba"))
    def predict_proba(self, X):
        """Class probabilities, optionally corrected back to the training frequencies.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities in the order of ``classes_``: those of the weighted
            model, or with ``correct_proba=True`` those under the training class
            frequencies, ``(q_c / w_c) / sum_j (q_j / w_j)`` (see Notes of the
            class).
        """
        return self._response(X, "predict_proba")

    @available_if(_estimator_has("predict_log_proba"))
    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`, computed in log space.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Log-probabilities in the order of ``classes_``.
        """
        return self._response(X, "predict_log_proba")

    @available_if(_estimator_has("decision_function"))
    def decision_function(self, X):
        """Decision scores of the inner estimator.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            As the inner estimator's; for a constant model, +1 / -1 (binary) or
            the one-hot rows of the constant class.  On multi-class data, a
            class with weight 0 that the inner estimator left out scores
            ``-inf`` (one column per class in ``classes_``, always).
        """
        return self._response(X, "decision_function")
