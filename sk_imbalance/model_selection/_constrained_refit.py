"""``constrained_refit``: the selection rules as a ``refit=`` callable for
scikit-learn's searches.

The rules themselves live in :mod:`~sk_imbalance.model_selection._selection`;
this module builds the callable and checks its arguments.
"""

from numbers import Integral, Real

from sk_imbalance.model_selection._selection import (
    _check_minimums,
    _checked_repeats,
    select_from_results,
)

__all__ = ["constrained_refit"]


class _ConstrainedRefit(str):
    """Picklable ``refit`` callable; see :func:`constrained_refit`.

    It is also the name of the metric it maximises (a ``str``): a search looks
    its ``refit`` up among its scorers to ``score``, so ``search.score`` scores
    that metric.
    """

    def __new__(
        cls, maximize, minimums, confidence=None, n_repeats=None, prevalence=None
    ):
        self = super().__new__(cls, maximize)
        self.maximize = str(maximize)
        self.minimums = dict(minimums)
        self.confidence = confidence
        self.n_repeats = n_repeats
        self.prevalence = prevalence
        return self

    def __reduce__(self):
        args = (
            self.maximize,
            self.minimums,
            self.confidence,
            self.n_repeats,
            self.prevalence,
        )
        return type(self), args

    def __deepcopy__(self, memo):
        return type(self)(*self.__reduce__()[1])

    def __call__(self, cv_results):
        n_repeats = 1 if self.n_repeats is None else self.n_repeats
        if self.confidence is not None:
            n_repeats = _checked_repeats(cv_results, self.n_repeats)
        return select_from_results(
            cv_results,
            self.maximize,
            self.minimums,
            self.confidence,
            n_repeats,
            self.prevalence,
        )

    def __repr__(self):
        args = [repr(self.maximize)]
        for metric, minimum in self.minimums.items():
            if metric == "predicted_negative_rate":
                args.append(f"max_alert_rate={1 - minimum!r}")
            else:
                args.append(f"{metric}={minimum!r}")
        if self.prevalence is not None:
            args.append(f"prevalence={self.prevalence!r}")
        if self.confidence is not None:
            args.append(f"confidence={self.confidence!r}")
            if self.n_repeats is not None:
                args.append(f"n_repeats={self.n_repeats!r}")
        return f"constrained_refit({', '.join(args)})"

    def __eq__(self, other):
        if isinstance(other, _ConstrainedRefit):
            return self.__reduce__() == other.__reduce__()
        # The metric's name, as a scorer key.
        return str.__eq__(self, other)

    def __ne__(self, other):
        return not self == other

    __hash__ = str.__hash__


def constrained_refit(
    maximize,
    *,
    confidence=None,
    n_repeats=None,
    prevalence=None,
    max_alert_rate=None,
    **minimums,
):
    """Build a ``refit=`` callable: best ``maximize`` among candidates meeting minimums.

    For :class:`~sklearn.model_selection.GridSearchCV` and
    :class:`~sklearn.model_selection.RandomizedSearchCV` with multi-metric
    ``scoring`` (e.g. :func:`sk_imbalance.metrics.tradeoff_scoring`).  A
    requirement such as "catch at least 95% of positives, and among the models
    that do, raise as few false alarms as possible" is
    ``constrained_refit("specificity", sensitivity=0.95)``.  Tuning on one rate
    alone drifts to ``t -> 1`` (everything positive); the constraint is the
    remedy.

    The rule, applied to the mean test scores (``mean_test_<metric>``):

    1. Feasible candidates are those whose mean of every constrained metric is
       at least its minimum (up to 1e-10 of float rounding).
    2. Among them, the one with the best mean ``maximize``.  Ties (means within
       1e-10) go to the candidate whose ``t`` is closest to 0.5, the least
       extreme weighting (``t`` is read from ``param_t``, or from the single
       ``param_<step>__t`` of a Pipeline); equally close ``t`` values, or no
       ``t`` column, go to the lowest index.
    3. When no candidate is feasible, a
       :class:`~sk_imbalance.exceptions.RequirementNotMetWarning` names the best
       mean reached for each constrained metric, and the fallback is the
       candidate closest to the constraint: the smallest total shortfall
       ``sum(max(minimum - mean, 0))``; ties go to the better ``maximize``,
       then as in 2.

    Candidates with NaN means (failed fits) are never feasible and never win;
    when every candidate's ``maximize`` is NaN, a ``ValueError`` says so.
    When the search recorded the counts (``tradeoff_scoring(counts=True)``),
    "sensitivity", "specificity" and "balanced_accuracy" are the means of the
    table they make, as in ``TradeoffClassifierCV``: a fold without positives
    (negatives) is left out of the sensitivity (specificity), with an
    :class:`~sk_imbalance.exceptions.UndefinedFoldWarning`; fold scores
    recorded as NaN (``zero_division=np.nan``) are left out likewise.

    The callable is also the name of ``maximize`` (a ``str``), so
    ``search.score(X, y)`` scores ``maximize`` on the refitted model and
    ``cross_val_score(search, X, y)`` (nested cross-validation) works.

    With ``confidence=c``, step 1 becomes a promise about fresh data: a
    candidate is feasible when the one-sided Clopper-Pearson lower bound of
    its rate, from the pooled out-of-fold counts, reaches the minimum, and the
    candidates of each path over ``t`` (the same other parameters) are tested
    in the order in which the rate increases, stopping at the first failure
    (fixed-sequence testing, so the number of ``t`` costs no confidence).
    Paths of different other parameters, and two minimums, share ``1 - c``
    equally (Bonferroni).  When nothing passes, a ``RequirementNotMetWarning``
    names the number of positives the requirement needs and the strongest requirement
    the data support, and the fallback is the candidate with the highest
    lower bound.  The counts come from the fold rates and the fold sizes that
    ``scoring=tradeoff_scoring(counts=True)`` records, and the bounds are
    added to ``cv_results_`` as ``lower_test_<metric>``; the rule, its
    guarantees and its approximations are those of
    :class:`~sk_imbalance.model_selection.TradeoffClassifierCV`.

    Read more in the :ref:`User Guide <choosing_t>`.

    Parameters
    ----------
    maximize : str
        Name of the metric to maximise, a key of the search's ``scoring`` dict.
    confidence : float in (0, 1), default=None
        None: the mean rule above.  Else the probability with which the chosen
        candidate must meet the minimums on fresh data; minimums on
        "sensitivity" and "specificity" only, and the search must be scored
        with ``tradeoff_scoring(counts=True)`` (a ``ValueError`` names the
        missing columns otherwise).  A metric named "confidence" or
        "n_repeats" cannot be constrained.
    n_repeats : int, default=None
        With ``confidence``: how many repeats of one k-fold partition the
        search's ``cv`` made (``RepeatedStratifiedKFold``'s ``n_repeats``), so
        that each positive is counted once per repeat and the repeats are
        averaged, not added.  It must divide the number of splits.  Setting it
        lower than the truth counts positives several times (an overconfident
        bound); higher is conservative.  None: read off the ``row_fingerprint``
        that ``tradeoff_scoring(counts=True)`` records (exact for distinct
        rows; duplicated rows can only raise it, which is conservative), with a
        :class:`~sk_imbalance.exceptions.SkImbalanceWarning` when it finds more
        than one repeat: a warning, not an error, as the count is well defined
        and never below the truth, and an error would discard the search's
        fits.  A given value is used as is, with that warning when the
        fingerprints show more repeats.  Without a ``row_fingerprint`` (a
        scoring dict of one's own) None means 1: for repeated ``cv``,
        ``n_repeats`` must be given.
    prevalence : float in (0, 1), default=None
        The deployment prevalence of the minimums on "precision" and "npv"
        and of ``max_alert_rate`` when they are derived from sensitivity and
        specificity (always with ``confidence``; without it, when the search
        did not score them).  None means the share of positives the search
        recorded with ``tradeoff_scoring(counts=True)``.  See
        :ref:`requirements`.
    max_alert_rate : float in [0, 1], default=None
        An alert budget: the largest share of rows predicted positive, from
        sensitivity and specificity at ``prevalence``.
    **minimums : float in [0, 1]
        ``metric=minimum`` pairs, e.g. ``sensitivity=0.95``.  None means plain
        argmax of ``maximize`` with the tie rule above.  ``precision`` and
        ``npv`` are derived from the rates as described under
        ``prevalence``.

    Returns
    -------
    refit : callable
        ``refit(cv_results) -> int``, the index of the chosen candidate.  It
        raises ``ValueError`` naming the available metrics when a metric is not
        in ``cv_results``.  Picklable; equal to the string ``maximize`` for a
        search's scorer lookup.

    Raises
    ------
    ValueError
        If a minimum is not a number in [0, 1].

    See Also
    --------
    sk_imbalance.model_selection.TradeoffClassifierCV : Chooses ``t`` with the
        same rule through ``min_sensitivity`` / ``min_specificity``.
    sk_imbalance.model_selection.tradeoff_curve : The cross-validated curve the
        choice is made on.
    sklearn.model_selection.GridSearchCV : Its ``refit`` accepts this callable.

    Examples
    --------
    >>> from sk_imbalance.model_selection import constrained_refit
    >>> cv_results = {
    ...     "param_t": [0.3, 0.5, 0.7, 0.9],
    ...     "mean_test_sensitivity": [0.80, 0.90, 0.96, 0.99],
    ...     "mean_test_specificity": [0.97, 0.93, 0.88, 0.70],
    ... }
    >>> refit = constrained_refit("specificity", sensitivity=0.95)
    >>> refit
    constrained_refit('specificity', sensitivity=0.95)
    >>> refit(cv_results)
    2

    In a search (``best_index_`` is the candidate chosen):

    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import GridSearchCV
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sk_imbalance import TradeoffClassifier
    >>> from sk_imbalance.datasets import load_screening
    >>> from sk_imbalance.metrics import tradeoff_scoring
    >>> X, y = load_screening(return_X_y=True)
    >>> scaled_logit = make_pipeline(StandardScaler(), LogisticRegression())
    >>> model = TradeoffClassifier(scaled_logit)
    >>> search = GridSearchCV(
    ...     model, {"t": [0.5, 0.7, 0.9]}, scoring=tradeoff_scoring(),
    ...     refit=constrained_refit("specificity", sensitivity=0.9),
    ... ).fit(X, y)
    >>> i = search.best_index_
    >>> bool(search.cv_results_["mean_test_sensitivity"][i] >= 0.9)
    True

    With a confidence: 0.8 with 90% confidence, on 4 repeats of 5 folds (the
    19 positives cannot support 0.9, see
    :class:`~sk_imbalance.model_selection.TradeoffClassifierCV`):

    >>> from sklearn.model_selection import RepeatedStratifiedKFold
    >>> cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=4, random_state=0)
    >>> search = GridSearchCV(
    ...     model, {"t": [0.5, 0.7, 0.9]}, cv=cv,
    ...     scoring=tradeoff_scoring(counts=True),
    ...     refit=constrained_refit(
    ...         "specificity", sensitivity=0.8, confidence=0.9, n_repeats=4
    ...     ),
    ... ).fit(X, y)
    >>> search.best_params_
    {'t': 0.5}
    """
    if not isinstance(maximize, str):
        raise TypeError(f"maximize must be a metric name (str); got {maximize!r}.")
    _check_minimums(minimums)
    if confidence is not None:
        if (
            isinstance(confidence, bool)
            or not isinstance(confidence, Real)
            or not 0 < confidence < 1
        ):
            raise ValueError(
                "confidence must be a number in (0, 1) or None; got "
                f"confidence={confidence!r}."
            )
        unsupported = sorted(
            set(minimums) - {"sensitivity", "specificity", "precision", "npv"}
        )
        if unsupported:
            raise ValueError(
                "confidence bounds rates measured as counts: minimums on "
                "'sensitivity' and 'specificity' (the keys of tradeoff_scoring()), "
                "'precision' and 'npv' (derived from them) only; got minimums on "
                f"{unsupported}."
            )
    if n_repeats is not None and (
        isinstance(n_repeats, bool)
        or not isinstance(n_repeats, Integral)
        or n_repeats < 1
    ):
        raise ValueError(
            "n_repeats must be a positive integer or None; got "
            f"n_repeats={n_repeats!r}."
        )
    for name, value, closed in (
        ("prevalence", prevalence, False),
        ("max_alert_rate", max_alert_rate, True),
    ):
        if value is None:
            continue
        number = isinstance(value, Real) and not isinstance(value, bool)
        inside = number and (0 <= value <= 1 if closed else 0 < value < 1)
        if not inside:
            interval = "[0, 1]" if closed else "(0, 1)"
            raise ValueError(
                f"{name} must be a number in {interval} or None; got {name}={value!r}."
            )
    minimums = dict(minimums)
    if max_alert_rate is not None:
        minimums["predicted_negative_rate"] = 1 - max_alert_rate
    if n_repeats is not None:
        n_repeats = int(n_repeats)
    return _ConstrainedRefit(maximize, minimums, confidence, n_repeats, prevalence)
