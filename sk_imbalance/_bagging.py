"""`TradeoffBaggingClassifier`: the removal remedy drawn anew for every member.

Each member is fitted on its own sample drawn by the rule of
``TradeoffClassifier(weighting="undersample")`` (:func:`_training_set` of
``sk_imbalance._resample``), so every member sees the class shares ``t`` asks
for while the ensemble as a whole sees (almost) every row.  The weighting math
and the sampling rule live in their own modules; this one only draws, fits and
averages.
"""

from numbers import Integral
from typing import ClassVar

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.dummy import DummyClassifier
from sklearn.metrics import balanced_accuracy_score
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils import check_random_state, get_tags
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import check_is_fitted, validate_data

from sk_imbalance._base import _WrappedClassifier as _Wrapped
from sk_imbalance._compat import (
    HasMethods,
    Interval,
    RealNotInt,
    fit_context,
    safe_indexing,
)
from sk_imbalance._resample import _training_set
from sk_imbalance._tradeoff import MAX_RESAMPLE_FACTOR, _tradeoff_tags
from sk_imbalance._weights import _bayes_corrected, _tradeoff_weights, _unit_weight_from
from sk_imbalance.utils._estimators import (
    _seed_estimator,
    _takes_sample_weight,
    _tunes_own_t,
    _weight_params,
)
from sk_imbalance.utils._indexing import _num_rows, _rows
from sk_imbalance.utils._labels import _align_columns, _py
from sk_imbalance.utils._validation import (
    T_CONSTRAINT,
    _array_checks,
    _check_estimator,
    _check_lengths,
    _check_no_sampler,
    _RealInterval,
)

__all__ = ["TradeoffBaggingClassifier"]


def _default_member(estimator):
    return (
        DecisionTreeClassifier(max_features="sqrt") if estimator is None else estimator
    )


def _draw_sample(weights, y_idx, s, pass_user_weights, replacement, rng):
    """One member's rows (repeats allowed with ``replacement``), the user
    weights to pass with them (or None), and the weight each row carries."""
    training = _training_set(
        "undersample",
        weights,
        y_idx,
        s,
        pass_user_weights=pass_user_weights,
        random_state=rng,
        max_factor=MAX_RESAMPLE_FACTOR,
    )
    rows, sample_weight = training.rows, training.sample_weight
    if replacement:
        # A bootstrap within each class keeps the class counts, hence the shares,
        # of the draw; it leaves rows of every class out of bag.
        picks = np.empty(rows.size, dtype=np.intp)
        for c in np.unique(y_idx[rows]):
            members = np.flatnonzero(y_idx[rows] == c)
            picks[members] = rng.choice(members, size=members.size, replace=True)
        rows = rows[np.sort(picks)]
        if sample_weight is not None:
            sample_weight = s[rows]
    used = np.bincount(rows, minlength=weights.size).astype(float)
    if sample_weight is not None:
        used *= s
    return rows, sample_weight, used


def _fit_member(estimator, X, y, y_idx, s, weights, features, options, seed):
    """Draw one member's sample and fit a clone of ``estimator`` on it."""
    pass_user_weights, replacement, n_classes = options
    rng = np.random.RandomState(seed)
    rows, sample_weight, used = _draw_sample(
        weights, y_idx, s, pass_user_weights, replacement, rng
    )
    X_fit = safe_indexing(X, rows)
    if features is not None:
        X_fit = safe_indexing(X_fit, features, axis=1)
    member = clone(estimator)
    _seed_estimator(member, rng)
    weight = {} if sample_weight is None else _weight_params(member, sample_weight)
    member.fit(X_fit, y[rows], **weight)
    return member, rows, _unit_weight_from(used, y_idx, s, n_classes)


class TradeoffBaggingClassifier(ClassifierMixin, MetaEstimatorMixin, BaseEstimator):
    """An ensemble whose members each train on their own sample with the shares ``t``.

    Each member is a clone of ``estimator`` fitted on a sample drawn by the rule of
    ``TradeoffClassifier(weighting="undersample")``: every row of the class that the
    tradeoff weights most is kept, the other classes are thinned at random until
    the classes' shares of the sample are those of the tradeoff weights (to within
    one row per class).  A new sample is drawn for every member, so the ensemble
    uses (almost) all the rows of the thinned classes while each member sees the
    shares ``t`` asks for.  The default member is a decision tree with
    ``max_features="sqrt"``: at ``t=0.5`` it is a balanced random forest.
    ``predict_proba`` is the members' mean and ``predict`` its argmax.

    Read more in the :ref:`User Guide <remedies_ensembles>`.

    Parameters
    ----------
    estimator : classifier, default=None
        The member; cloned for every sample.  None means
        ``DecisionTreeClassifier(max_features="sqrt")``.
    t : float in [0, 1], default=0.5
        Tradeoff: the share of the weight, hence of each member's sample, of the
        positive class (as in :class:`~sk_imbalance.TradeoffClassifier`).
    pos_label : label, default=None
        The positive class, as in :class:`~sk_imbalance.TradeoffClassifier`.
    class_priority : dict {label: float >= 0}, default=None
        Multi-class priorities, as in :class:`~sk_imbalance.TradeoffClassifier`.
    n_estimators : int >= 1, default=100
        Number of members.
    replacement : bool, default=False
        If True, each member's sample is then bootstrapped within each class
        (same class counts, rows drawn with replacement), which leaves rows of
        every class out of bag; required by ``oob_score``.
    max_features : int or float in (0, 1], default=1.0
        Features given to each member, drawn without replacement per member: a
        count (int) or a fraction of the features (float).  Trees draw features
        per split on top of this (``max_features`` of the tree).
    oob_score : bool, default=False
        Whether to compute ``oob_score_`` (balanced accuracy) and
        ``oob_decision_function_`` from the rows each member left out.  Needs
        ``replacement=True``: without it every row of the most weighted class is
        in every sample.
    correct_proba : bool, default=False
        If True, ``predict_proba`` returns the members' mean brought back to the
        training class frequencies by Bayes' rule, as
        ``TradeoffClassifier(correct_proba=True)``; ``predict`` keeps the
        tradeoff decision.
    n_jobs : int, default=None
        Members fitted in parallel (joblib threads, as scikit-learn's forests).
    random_state : int, RandomState instance or None, default=None
        Drives the samples, the features and the members' own unset
        ``random_state``.
    verbose : int, default=0
        Verbosity of the parallel fit.

    Attributes
    ----------
    estimators_ : list of estimators
        The fitted members.  When only one class receives weight (``t=0`` or
        ``t=1`` on binary data) it holds one constant
        :class:`~sklearn.dummy.DummyClassifier`.
    estimators_samples_ : list of ndarray
        The rows (indices into the training data, repeats allowed with
        ``replacement``) each member was fitted on.
    estimators_features_ : list of ndarray
        The features (column indices) each member was fitted on.
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    class_weight_ : dict
        ``{label: weight}``: the weight per unit of ``sample_weight`` each class
        received, measured on the members' samples and averaged over members.
    oob_score_ : float
        Balanced accuracy of the out-of-bag decisions (``oob_score=True``).
    oob_decision_function_ : ndarray of shape (n_samples, n_classes)
        Mean probabilities of the members that left each row out (not
        corrected); NaN for a row that no member left out.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit, for a DataFrame.

    See Also
    --------
    sk_imbalance.TradeoffClassifier : One model, weighted or resampled once.
    imblearn.ensemble.BalancedRandomForestClassifier : ``t=0.5`` with trees.
    sklearn.ensemble.BaggingClassifier : Bagging without the class shares.

    Notes
    -----
    With user ``sample_weight`` and a member that accepts it, each class is
    thinned uniformly and the kept rows' weights are passed to the member; a
    member without ``sample_weight`` keeps each row with probability
    proportional to its weight (the rule of ``weighting="undersample"``).
    :class:`~sk_imbalance.TradeoffClassifierCV` tunes the ``t`` of this
    estimator by ``set_params(t=...)`` instead of wrapping it in a
    :class:`~sk_imbalance.TradeoffClassifier`.  Its defaults are chosen for an
    ensemble, where every split costs a whole ensemble: ``cv=None`` is one
    repeat of 5 folds; ``method="auto"`` fits one ensemble per fold at
    ``t=0.5``, reads every ``t`` off the members' mean probability to find a
    candidate, and refits exactly at that candidate (when it is not 0.5), so
    that the choice is made among exact fits; ``selection="auto"`` is the
    paired rule, which keeps ``t=0.5`` unless another ``t`` beats it by more
    than one (corrected) standard error of their paired fold differences.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import make_classification
    >>> from sk_imbalance import TradeoffBaggingClassifier
    >>> X, y = make_classification(n_samples=400, weights=[0.9], random_state=0)
    >>> np.bincount(y)
    array([359,  41])
    >>> clf = TradeoffBaggingClassifier(n_estimators=20, random_state=0).fit(X, y)
    >>> np.bincount(y[clf.estimators_samples_[0]])
    array([41, 41])

    At ``t=0.7`` the negatives are thinned to 41 * 0.3 / 0.7 = 17.6 rows:

    >>> clf.set_params(t=0.7).fit(X, y)
    TradeoffBaggingClassifier(n_estimators=20, random_state=0, t=0.7)
    >>> np.bincount(y[clf.estimators_samples_[0]])
    array([17, 41])
    """

    _parameter_constraints: ClassVar[dict] = {
        "estimator": [HasMethods(["fit", "predict"]), None],
        "t": T_CONSTRAINT,
        "pos_label": "no_validation",
        "class_priority": [dict, None],
        "n_estimators": [_RealInterval(Integral, 1, None, closed="left")],
        "replacement": ["boolean"],
        "max_features": [
            _RealInterval(Integral, 1, None, closed="left"),
            Interval(RealNotInt, 0.0, 1.0, closed="right"),
        ],
        "oob_score": ["boolean"],
        "correct_proba": ["boolean"],
        "n_jobs": [Integral, None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    # TradeoffClassifierCV tunes ``t`` through set_params instead of wrapping.
    _tunes_own_t = True
    # What TradeoffClassifierCV's "auto" (and cv=None) mean for an ensemble:
    # every split fits a whole ensemble, so one repeat of 5 folds; one exact
    # ensemble per fold at 0.5, every t read off its mean probability to find
    # a candidate, verified by exact refits (readings far from 0.5 flatter a
    # refit whose members see a handful of rows of a class); and 0.5 kept
    # unless another t is better beyond the noise (benchmarks/bench_ensembles.py).
    _tuning_defaults: ClassVar[dict] = {
        "method": "refine",
        "anchors": (0.5,),
        "window": 0,
        "selection": "paired_se",
        "n_repeats": 1,
    }

    def __init__(
        self,
        estimator=None,
        t=0.5,
        *,
        pos_label=None,
        class_priority=None,
        n_estimators=100,
        replacement=False,
        max_features=1.0,
        oob_score=False,
        correct_proba=False,
        n_jobs=None,
        random_state=None,
        verbose=0,
    ):
        self.estimator = estimator
        self.t = t
        self.pos_label = pos_label
        self.class_priority = class_priority
        self.n_estimators = n_estimators
        self.replacement = replacement
        self.max_features = max_features
        self.oob_score = oob_score
        self.correct_proba = correct_proba
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose

    # The members' parameters are validated by their own fit.
    @fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None):
        """Fit the members, each on its own sample with the tradeoff's shares.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
            Training data, in whatever form the members accept.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            User weights; they multiply the tradeoff weights (see Notes).

        Returns
        -------
        self : TradeoffBaggingClassifier
            The fitted estimator.
        """
        if self.oob_score and not self.replacement:
            raise ValueError(
                f"oob_score=True needs replacement=True (got replacement="
                f"{self.replacement!r}): without it every row of the most weighted "
                "class is in every member's sample, so none is out of bag."
            )
        _check_estimator(self.estimator)
        _check_no_sampler(self.estimator)
        if _tunes_own_t(self.estimator):
            raise ValueError(
                f"estimator={type(self.estimator).__name__}(...) applies a "
                "tradeoff t of its own: it would re-weight each member's sample "
                "back to its own t. Give the plain classifier as estimator."
            )
        _check_lengths(X, y, sample_weight=sample_weight)
        estimator = _default_member(self.estimator)
        y, classes, y_idx, s, unit_weight = _tradeoff_weights(
            y,
            self.t,
            pos_label=self.pos_label,
            class_priority=self.class_priority,
            sample_weight=sample_weight,
        )
        X = self._checked(X, reset=True)
        n = y.shape[0]
        self.classes_ = classes
        sizes = np.bincount(y_idx, weights=s, minlength=classes.size)
        self._class_frequency = sizes / sizes.sum()
        self._constant = classes.size >= 2 and np.count_nonzero(unit_weight) == 1
        for attr in ("oob_score_", "oob_decision_function_"):
            self.__dict__.pop(attr, None)  # a previous fit's
        if self._constant:
            label = classes[np.flatnonzero(unit_weight)[0]]
            member = DummyClassifier(strategy="constant", constant=np.array([label]))
            self.estimators_ = [member.fit(np.zeros((n, 1)), y)]
            self.estimators_samples_ = [np.arange(n)]
            self.estimators_features_ = [np.arange(self.n_features_in_)]
            self._unit_weight = unit_weight
            self.class_weight_ = {
                _py(c): float(w) for c, w in zip(classes, unit_weight, strict=True)
            }
            return self

        rng = check_random_state(self.random_state)
        n_features = self.n_features_in_
        k = self._n_member_features(n_features)
        seeds = rng.randint(np.iinfo(np.int32).max, size=self.n_estimators)
        features = [
            None if k == n_features else np.sort(rng.choice(n_features, k, False))
            for _ in range(self.n_estimators)
        ]
        weights = s * unit_weight[y_idx]
        options = (
            sample_weight is not None and _takes_sample_weight(estimator),
            self.replacement,
            classes.size,
        )
        fitted = Parallel(n_jobs=self.n_jobs, verbose=self.verbose, prefer="threads")(
            delayed(_fit_member)(estimator, X, y, y_idx, s, weights, f, options, seed)
            for f, seed in zip(features, seeds, strict=True)
        )
        self.estimators_ = [member for member, _, _ in fitted]
        self.estimators_samples_ = [rows for _, rows, _ in fitted]
        self.estimators_features_ = [
            np.arange(n_features) if f is None else f for f in features
        ]
        # Summed divided, not averaged: the units of huge weights would overflow.
        self._unit_weight = np.sum([unit / len(fitted) for _, _, unit in fitted], 0)
        self.class_weight_ = {
            _py(c): float(w) for c, w in zip(classes, self._unit_weight, strict=True)
        }
        if self.oob_score:
            self._set_oob_score(X, y, s)
        return self

    def _inner_estimator(self):
        """The (unfitted) member: ``estimator`` or the default tree."""
        return _default_member(self.estimator)

    def _checked(self, X, reset):
        """``X`` checked as far as the members' tags tell; a DataFrame is
        returned as it is, so that members such as a Pipeline see its columns."""
        checks = _array_checks(_default_member(self.estimator), X)
        checked = validate_data(self, X, reset=reset, **checks)
        return _rows(X if hasattr(X, "columns") else checked)

    def _n_member_features(self, n_features):
        if isinstance(self.max_features, Integral):
            if self.max_features > n_features:
                raise ValueError(
                    f"max_features={self.max_features!r} is more than the "
                    f"{n_features} features of X."
                )
            return int(self.max_features)
        return max(1, int(self.max_features * n_features))

    def _set_oob_score(self, X, y, s):
        n = y.shape[0]
        total = np.zeros((n, self.classes_.size))
        seen = np.zeros(n)
        for member, rows, features in zip(
            self.estimators_,
            self.estimators_samples_,
            self.estimators_features_,
            strict=True,
        ):
            out = np.ones(n, dtype=bool)
            out[rows] = False
            out = np.flatnonzero(out)
            if out.size:
                X_out = safe_indexing(X, out)
                total[out] += self._member_proba(member, X_out, features)
                seen[out] += 1
        with np.errstate(invalid="ignore", divide="ignore"):
            self.oob_decision_function_ = total / seen[:, None]
        scored = seen > 0
        decision = self.classes_[np.argmax(self.oob_decision_function_[scored], axis=1)]
        self.oob_score_ = balanced_accuracy_score(
            y[scored], decision, sample_weight=s[scored]
        )

    def _member_proba(self, member, X, features):
        """A member's probabilities in the order of ``classes_``; one-hot votes for
        a member without ``predict_proba``."""
        if features is not None and features.size != self.n_features_in_:
            X = safe_indexing(X, features, axis=1)
        inner = getattr(member, "classes_", None)
        if hasattr(member, "predict_proba"):
            return _align_columns(member.predict_proba(X), inner, self.classes_, 0.0)
        votes = np.searchsorted(self.classes_, member.predict(X))
        return np.eye(self.classes_.size)[votes]

    def _mean_proba(self, X):
        check_is_fitted(self)
        X = self._checked(X, reset=False)
        if self._constant:
            return self.estimators_[0].predict_proba(np.zeros((_num_rows(X), 1)))
        total = 0.0
        for member, features in zip(
            self.estimators_, self.estimators_features_, strict=True
        ):
            total = total + self._member_proba(member, X, features)
        return total / len(self.estimators_)

    def predict(self, X):
        """Predict class labels: the argmax of the members' mean probabilities.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted labels.
        """
        proba = self._mean_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def predict_proba(self, X):
        """The members' mean probabilities, optionally corrected.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            In the order of ``classes_``: the mean of the members' probabilities
            (votes for members without ``predict_proba``), or with
            ``correct_proba=True`` that mean under the training class frequencies.
        """
        proba = self._mean_proba(X)
        if self.correct_proba:
            return _bayes_corrected(proba, self._unit_weight, self._class_frequency)
        return proba

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Log-probabilities in the order of ``classes_``.
        """
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    # Balanced accuracy, as every estimator of the library.
    score = _Wrapped.score

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = get_tags(_default_member(self.estimator))
        tags.input_tags = inner.input_tags
        tags.non_deterministic = inner.non_deterministic
        if inner.classifier_tags is not None:
            tags.classifier_tags.multi_class = inner.classifier_tags.multi_class
            tags.classifier_tags.poor_score = inner.classifier_tags.poor_score
        return _tradeoff_tags(tags, self)
