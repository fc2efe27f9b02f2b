"""`TradeoffClassifier`: validate, weigh, fit a clone, delegate."""

import warnings
from numbers import Integral, Real

import numpy as np
from scipy.special import logsumexp
from sklearn import get_config
from sklearn.base import clone
from sklearn.dummy import DummyClassifier
from sklearn.pipeline import Pipeline
from sklearn.utils import check_random_state, get_tags
from sklearn.utils.metadata_routing import process_routing
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted, has_fit_parameter, validate_data

from sk_imbalance._base import _default_estimator, _estimator_has, _WrappedClassifier
from sk_imbalance._compat import HasMethods, StrOptions, fit_context, safe_indexing
from sk_imbalance._resample import (
    _resample_counts,
    _undersample_counts,
    _with_augmented_copies,
)
from sk_imbalance._weights import _tradeoff_weights
from sk_imbalance.utils._indexing import _rows
from sk_imbalance.utils._labels import _py
from sk_imbalance.utils._validation import (
    T_CONSTRAINT,
    _check_estimator,
    _check_lengths,
)

__all__ = ["TradeoffClassifier"]

# The resampling fallback builds at most this many rows per training row.
MAX_RESAMPLE_FACTOR = 10


def _final_step(estimator):
    return estimator.steps[-1][1] if isinstance(estimator, Pipeline) else estimator


def _sampler_step(estimator):
    """``(name, step)`` of a Pipeline step that resamples rows, or None.

    imbalanced-learn's samplers (``fit_resample``) change the rows between the
    Pipeline's input and its final step, so per-row weights cannot follow them,
    and they re-balance the classes after the tradeoff has set the shares.
    """
    steps = getattr(estimator, "steps", None)
    if not isinstance(steps, list):
        return None
    for name, step in steps:
        if hasattr(step, "fit_resample"):
            return name, step
    return None


def _input_checks(estimator, X):
    """``check_array`` options for X of the constant model: what ``estimator``
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


def _takes_sample_weight(estimator):
    final = _final_step(estimator)
    return final not in (None, "passthrough") and has_fit_parameter(
        final, "sample_weight"
    )


def _check_enough_rows(estimator, n_rows, n_given, weighting):
    """Refuse a row remedy that leaves a neighbours estimator too few rows.

    Zero weights drop rows, and undersampling drops more; a k-nearest-neighbours
    model fitted on fewer than ``n_neighbors`` rows fails only at predict time.
    Data with fewer rows than that to begin with are the inner estimator's to
    judge.
    """
    final = _final_step(estimator)
    k = final.get_params(deep=False).get("n_neighbors") if final else None
    if isinstance(k, Integral) and not isinstance(k, bool) and n_rows < k <= n_given:
        raise ValueError(
            f"weighting={weighting!r} keeps {n_rows} training rows (rows with "
            f"zero weight are dropped), fewer than n_neighbors={k} of "
            f"{type(final).__name__}; lower n_neighbors, give weight to more rows, "
            "or use weighting='resample'."
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
        ``LogisticRegression()``.
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
        is None, else "resample".
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

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict"]), None],
        "t": T_CONSTRAINT,
        "pos_label": "no_validation",
        "class_priority": [dict, None],
        "weighting": [StrOptions({"auto", "sample_weight", "resample", "undersample"})],
        "augment": [callable, None],
        "random_state": ["random_state"],
        "correct_proba": ["boolean"],
    }

    def __init__(
        self,
        estimator=None,
        t=0.5,
        *,
        pos_label=None,
        class_priority=None,
        weighting="auto",
        augment=None,
        random_state=None,
        correct_proba=False,
    ):
        self.estimator = estimator
        self.t = t
        self.pos_label = pos_label
        self.class_priority = class_priority
        self.weighting = weighting
        self.augment = augment
        self.random_state = random_state
        self.correct_proba = correct_proba

    # The inner estimator's parameters are validated by its own fit.
    @fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None, **fit_params):
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
        sampler = _sampler_step(self.estimator)
        if sampler is not None:
            raise ValueError(
                f"estimator's step {sampler[0]!r} ({type(sampler[1]).__name__}) "
                "resamples the rows (fit_resample): it would re-balance the classes "
                "after the tradeoff weights set their shares, and per-row weights "
                "cannot follow the resampled rows. Drop the sampler and use "
                "weighting='resample' or 'undersample' (and augment=) to copy or "
                "remove rows, or put the sampler before the TradeoffClassifier in "
                "an imbalanced-learn Pipeline."
            )
        _check_lengths(X, y, sample_weight=sample_weight)
        if get_config()["enable_metadata_routing"]:
            fit_params = process_routing(self, "fit", **fit_params).estimator.fit
        y, classes, y_idx, s, unit_weight = _tradeoff_weights(
            y,
            self.t,
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

        if self._constant:
            # No inner estimator is fitted, so X is checked here as far as the
            # inner estimator's tags tell (shape, emptiness, values).
            validate_data(
                self,
                X,
                reset=True,
                **_input_checks(_default_estimator(self.estimator), X),
            )
            label = classes[np.flatnonzero(unit_weight)[0]]
            # In an array: DummyClassifier's `constant` refuses a float label.
            estimator = DummyClassifier(strategy="constant", constant=np.array([label]))
            estimator.fit(X, y)
        else:
            estimator = clone(_default_estimator(self.estimator))
            self._seed_inner(estimator)
            unit_weight = self._fit_inner(
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
        self.class_weight_ = {_py(c): float(w) for c, w in zip(classes, unit_weight)}
        for attr in ("n_features_in_", "feature_names_in_"):
            if hasattr(estimator, attr):
                setattr(self, attr, getattr(estimator, attr))
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        t = self.t if isinstance(self.t, Real) else 0.5  # a bad t fails in fit
        if tags.classifier_tags is not None:
            if t != 0.5 and self.pos_label is None and self.class_priority is None:
                # Such a t needs a positive class, which multi-class data lack.
                tags.classifier_tags.multi_class = False
            if t in (0, 1):
                # A constant decision: by design no better than the majority.
                tags.classifier_tags.poor_score = True
        return tags

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
        warnings.warn(
            f"sample_weight is zero on every sample of class(es) {empty}: they "
            f"receive no weight, so {asked} cannot be honoured and the model "
            "never predicts them.",
            UserWarning,
        )

    def _check_constant_X(self, X):
        """Predict-time checks of the constant model (the inner estimator's)."""
        if self._constant:
            validate_data(
                self,
                X,
                reset=False,
                **_input_checks(_default_estimator(self.estimator), X),
            )

    def _seed_inner(self, estimator):
        """Give the clone's unset ``random_state`` params a seed drawn from ours.

        So ``TradeoffClassifier(RandomForestClassifier(), random_state=0)`` is
        reproducible, as scikit-learn's ensembles do with their members.  Seeds
        the user set on the inner estimator are kept.
        """
        if self.random_state is None:
            return
        rng = check_random_state(self.random_state)
        unset = {
            key: rng.randint(np.iinfo(np.int32).max)
            for key, value in sorted(estimator.get_params(deep=True).items())
            if (key == "random_state" or key.endswith("__random_state"))
            and value is None
        }
        estimator.set_params(**unset)

    def _fit_inner(
        self, estimator, X, y, y_idx, s, weights, fit_params, user_weighted=False
    ):
        """Fit ``estimator`` with ``weights``; return the unit weights used."""
        weighting = self.weighting
        if weighting == "auto":
            weighting = (
                "sample_weight"
                if self.augment is None and _takes_sample_weight(estimator)
                else "resample"
            )
        if weighting == "sample_weight":
            if not _takes_sample_weight(estimator):
                raise ValueError(
                    f"weighting='sample_weight' but {_final_step(estimator)!r} does "
                    "not accept sample_weight in fit; use weighting='resample' or "
                    "'auto'."
                )
            estimator.fit(X, y, **self._weight_params(estimator, weights), **fit_params)
            return self._unit_weight_from(weights, y_idx, s)

        rng = check_random_state(self.random_state)
        X = _rows(X)
        if weighting == "undersample":
            return self._fit_undersampled(
                estimator, X, y, y_idx, s, weights, fit_params, user_weighted, rng
            )

        counts, exact = _resample_counts(weights, rng, MAX_RESAMPLE_FACTOR)
        if not exact:
            warnings.warn(
                f"Reproducing the class shares for t={self.t!r} by copying rows "
                f"needs more than {MAX_RESAMPLE_FACTOR}x the training rows; the "
                "copies were scaled down to that bound, so the shares are only "
                "approximate. Use an estimator that accepts sample_weight for "
                "exact weights.",
                UserWarning,
            )
        _check_enough_rows(estimator, int(counts.sum()), counts.size, "resample")
        if self.augment is None:
            rows = np.repeat(np.arange(counts.size), counts)
            X_fit, y_fit = safe_indexing(X, rows), y[rows]
        else:
            originals = np.flatnonzero(counts)
            copies = np.repeat(np.arange(counts.size), np.maximum(counts - 1, 0))
            X_fit, y_fit = _with_augmented_copies(
                self.augment, X, y, originals, copies, rng
            )
        estimator.fit(X_fit, y_fit, **fit_params)
        return self._unit_weight_from(counts.astype(float), y_idx, s)

    def _fit_undersampled(
        self, estimator, X, y, y_idx, s, weights, fit_params, user_weighted, rng
    ):
        """Fit on a subset of rows that reproduces the class shares of ``weights``.

        User weights go to the estimator when it takes them, so only the class
        weights decide which rows are dropped; otherwise they decide it too.
        """
        pass_user_weights = user_weighted and _takes_sample_weight(estimator)
        if pass_user_weights:
            class_level = np.divide(weights, s, out=np.zeros_like(weights), where=s > 0)
            counts = _undersample_counts(class_level, y_idx, rng)
        else:
            counts = _undersample_counts(weights, y_idx, rng)
        rows = np.flatnonzero(counts)
        _check_enough_rows(estimator, rows.size, counts.size, "undersample")
        X_fit, y_fit = safe_indexing(X, rows), y[rows]
        if pass_user_weights:
            estimator.fit(
                X_fit, y_fit, **self._weight_params(estimator, s[rows]), **fit_params
            )
            return self._unit_weight_from(counts * s, y_idx, s)
        estimator.fit(X_fit, y_fit, **fit_params)
        return self._unit_weight_from(counts.astype(float), y_idx, s)

    def _unit_weight_from(self, used, y_idx, s):
        """Weight per unit of user weight actually used, per class."""
        n_classes = self.classes_.size
        sizes = np.bincount(y_idx, weights=s, minlength=n_classes)
        mass = np.bincount(y_idx, weights=used, minlength=n_classes)
        with np.errstate(divide="ignore", invalid="ignore"):
            unit = np.where(sizes > 0, mass / sizes, 0.0)
        return unit * (s.sum() / used.sum())

    @staticmethod
    def _weight_params(estimator, weights):
        if not isinstance(estimator, Pipeline):
            return {"sample_weight": weights}
        if not get_config()["enable_metadata_routing"]:
            return {f"{estimator.steps[-1][0]}__sample_weight": weights}
        # With routing, the weights follow the steps' requests; steps the user
        # left unset behave as without routing: only the final step weighs.
        last = len(estimator.steps) - 1
        for i, (_, step) in enumerate(estimator.steps):
            if not hasattr(step, "set_fit_request"):
                continue
            if step.get_metadata_routing().fit.requests.get("sample_weight") is None:
                step.set_fit_request(sample_weight=i == last)
        return {"sample_weight": weights}

    def _inner_columns(self, values, fill):
        """The inner estimator's per-class columns in the order of ``classes_``.

        Under resampling the rows of a class with weight 0 are dropped, so the
        inner estimator may not know that class; its column gets ``fill``.
        """
        inner = getattr(self.estimator_, "classes_", None)
        if inner is None or np.array_equal(inner, self.classes_):
            return values
        out = np.full((values.shape[0], self.classes_.size), fill)
        out[:, np.searchsorted(self.classes_, inner)] = values
        return out

    def _corrected(self, proba=None, log_proba=None):
        """Bayes' rule: undo the class weights (see Notes); exactly one input."""
        weight, frequency = self._unit_weight, self._class_frequency
        informed = weight > 0
        # Classes with weight 0 keep their training frequency; the others share
        # the remaining mass in proportion to q(c | x) / w_c.
        mass = frequency[informed].sum()
        fallback = frequency[informed] / mass  # rows that say nothing
        if log_proba is None:
            ratio = proba[:, informed] / weight[informed]
            total = ratio.sum(axis=1, keepdims=True)
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(total > 0, ratio / total, fallback)
            out = np.tile(frequency, (proba.shape[0], 1))
            out[:, informed] = mass * ratio
            return out
        log_ratio = log_proba[:, informed] - np.log(weight[informed])
        log_total = logsumexp(log_ratio, axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            log_ratio = np.where(
                np.isfinite(log_total), log_ratio - log_total, np.log(fallback)
            )
            out = np.tile(np.log(frequency), (log_proba.shape[0], 1))
        out[:, informed] = np.log(mass) + log_ratio
        return out

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
        check_is_fitted(self)
        self._check_constant_X(X)
        return self.estimator_.predict(X)

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
        check_is_fitted(self)
        self._check_constant_X(X)
        proba = self._inner_columns(self.estimator_.predict_proba(X), 0.0)
        return self._corrected(proba=proba) if self.correct_proba else proba

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
        check_is_fitted(self)
        self._check_constant_X(X)
        if self._constant:
            # DummyClassifier's log of its one-hot rows warns about log(0).
            with np.errstate(divide="ignore"):
                log_proba = np.log(self.estimator_.predict_proba(X))
        else:
            log_proba = self._inner_columns(
                self.estimator_.predict_log_proba(X), -np.inf
            )
        return self._corrected(log_proba=log_proba) if self.correct_proba else log_proba

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
        check_is_fitted(self)
        self._check_constant_X(X)
        if self._constant:
            onehot = self.estimator_.predict_proba(X)
            return onehot[:, 1] * 2.0 - 1.0 if onehot.shape[1] == 2 else onehot
        scores = self.estimator_.decision_function(X)
        if self.classes_.size <= 2:
            return scores
        if scores.ndim == 2:
            return self._inner_columns(scores, -np.inf)
        # Weight on two classes only: the inner estimator (e.g. liblinear, which
        # drops zero-weight rows) learned a binary problem between them.
        inner = getattr(self.estimator_, "classes_", self.classes_)
        pair = inner if inner.size == 2 else self.classes_[self._unit_weight > 0]
        out = np.full((scores.shape[0], self.classes_.size), -np.inf)
        out[:, np.searchsorted(self.classes_, pair[0])] = -scores
        out[:, np.searchsorted(self.classes_, pair[1])] = scores
        return out
