"""`TradeoffClassifierCV`: choose ``t`` by cross-validation, then refit at it.

The whole ``t`` path is cross-validated on the same folds by one of the
per-fold strategies of :mod:`sk_imbalance.model_selection._paths`, chosen by
``method``: "threshold" (one fit per fold), "refit" (one exact fit per ``t``
per fold, warm-started when possible), "refine" (exact fits at three anchor
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

import numpy as np
from sklearn import get_config
from sklearn.model_selection import RepeatedStratifiedKFold, check_cv
from sklearn.utils import check_random_state
from sklearn.utils.metadata_routing import (
    MethodMapping,
    process_routing,
)
from sklearn.utils.validation import check_is_fitted

from sk_imbalance._base import _default_estimator, _WrappedClassifier
from sk_imbalance._compat import (
    HasMethods,
    Interval,
    StrOptions,
    fit_context,
    safe_indexing,
)
from sk_imbalance._grid import DEFAULT_TS
from sk_imbalance._tradeoff import TradeoffClassifier
from sk_imbalance.exceptions import UndefinedFoldWarning
from sk_imbalance.model_selection._counts import CountTable
from sk_imbalance.model_selection._exact import _exact_threshold, _holdout
from sk_imbalance.model_selection._paths import (
    _anchor_indices,
    _anchored_path,
    _auto_method,
    _cross_validate,
    _CVJob,
    _Progress,
    _refit_path,
    _table,
    _threshold_path,
    _warm_path,
    _warm_startable,
)
from sk_imbalance.model_selection._selection import (
    METRICS,
    _objective_values,
    objective_name,
    select_from_counts,
)
from sk_imbalance.utils._indexing import _index_params, _rows
from sk_imbalance.utils._labels import _encode, _positive_index, _py
from sk_imbalance.utils._validation import (
    T_CONSTRAINT,
    _check_both_sides,
    _check_estimator,
    _check_lengths,
    _check_sample_weight,
    _check_ts,
    _check_y,
)
from sk_imbalance.utils._warnings import _warn

__all__ = ["TradeoffClassifierCV"]

DEFAULT_N_SPLITS = 5
DEFAULT_N_REPEATS = 3


class TradeoffClassifierCV(_WrappedClassifier):
    """A :class:`~sk_imbalance.TradeoffClassifier` that chooses ``t`` by itself.

    Every ``t`` of ``ts`` is cross-validated on the same folds; ``best_t_`` is
    chosen from the mean fold scores, and a ``TradeoffClassifier`` is refitted
    at ``best_t_`` on all the data.  Like
    :class:`~sklearn.linear_model.LogisticRegressionCV`, it is an ordinary
    classifier: it goes in Pipelines, in ``cross_val_score`` (nested CV) and in
    other searches.

    On small data sets the ``t`` with the best mean often wins by noise, and
    plain argmax tuning then does *worse* on fresh data than the untuned
    ``t = 0.5``.  Hence the defaults: repeated stratified k-fold, and the
    one-standard-error rule, which moves away from 0.5 only as far as the
    evidence supports.

    Parameters
    ----------
    estimator : classifier or Pipeline, default=None
        The classifier to train; None means ``LogisticRegression()``.
    ts : array-like of float in [0, 1], default=None
        Candidate tradeoffs (sorted, duplicates dropped).  None means the 23
        values 0.01, 0.02, 0.05, 0.10, ..., 0.95, 0.98, 0.99 (steps of 0.05
        where balanced accuracy is usually decided, and the weight ratios up
        to 99 that requirements such as ``min_sensitivity=0.95`` on rare
        positives need).
    cv : int, cross-validation generator or iterable, default=None
        None means ``RepeatedStratifiedKFold(n_splits=5, n_repeats=3)``
        stratified on positive-vs-rest, with ``n_splits`` lowered to the size
        of the smaller side (but at least 2) when it has fewer than 5 samples,
        and seeded by ``random_state``.  An int ``k`` means
        ``StratifiedKFold(k)``; splitters and iterables are used as given
        (with the labels ``y`` and, when given, ``groups``).
    objective : {"balanced_accuracy", "sensitivity", "specificity"} or float \
            in [0, 1], default="balanced_accuracy"
        The mean fold score to maximise.  A float ``w`` maximises
        ``w * sensitivity + (1 - w) * specificity`` (the ``tradeoff_score``
        of ``t=w``), recorded as ``"tradeoff"`` in ``cv_results_``.
        Maximising sensitivity or specificity alone drifts to an extreme
        ``t``; use it together with a minimum on the other rate.
    min_sensitivity, min_specificity : float in [0, 1], default=None
        The requirement, e.g. ``min_sensitivity=0.95``: "catch at least 95%
        of the positives".  When either is set, ``best_t_`` is the ``t`` with
        the best mean ``objective`` among those meeting the minimums, and
        ``selection`` does not apply.  Without ``confidence``, "meeting" means
        a mean fold rate at least the minimum (the rule of
        :func:`~sk_imbalance.model_selection.constrained_refit`, including its
        warning and fallback when none does); a mean that just reaches the
        minimum holds on fresh data only about half the time.  With
        ``confidence``, it means a lower confidence bound at least the
        minimum (see ``confidence``).
    pos_label : label, default=None
        The positive class.  None means the greater of two labels.  Multi-class
        data need a ``pos_label``: ``t`` is then a one-vs-rest tradeoff,
        specificity is one-vs-rest and balanced accuracy is the mean of the two.
    selection : {"one_se", "best"}, default="one_se"
        How the objective picks ``best_t_``.  "one_se": among the ``ts`` whose
        mean objective is within one standard error of the best mean, the one
        closest to 0.5 (then the better mean, then the smaller ``t``).  The
        standard error is that of the best ``t``: the standard deviation of its
        fold scores divided by the square root of the number of folds.  Folds
        of repeated CV overlap, so it is a heuristic yardstick of the noise,
        not a confidence bound.  "best": the best mean (ties to the ``t``
        closest to 0.5).
    method : {"auto", "refit", "threshold", "refine"}, default="auto"
        How the ``t`` path is cross-validated.

        - "refit" (exact) fits a ``TradeoffClassifier`` per ``t`` per fold.
          When the inner estimator (or a Pipeline's final step) is a
          ``LogisticRegression``, ``SGDClassifier``, ``Perceptron`` or
          ``MLPClassifier`` (exactly these types, whose ``warm_start``
          continues the same optimisation), each fold fits one model along
          the ascending ``ts``, each fit starting from the previous solution
          with exactly the weights of ``TradeoffClassifier(t=t)``.  Every
          other estimator is fitted afresh per ``t``: for ensembles
          ``warm_start`` adds members.
        - "threshold" (fast) fits once per fold at ``t = 0.5`` and realises
          each ``t`` as the Bayes decision threshold on the balanced
          probabilities: positive when ``p >= 1 - t`` (a ``decision_function``
          is read as log-odds), so the path costs one fit per fold.  It needs
          ``predict_proba`` or (binary data) ``decision_function``.
        - "refine" (the default for most models, see Notes): exact fits at
          the three ``ts`` closest in log-odds to 0.2, 0.5 and 0.8 (the
          anchors); every other ``t`` is read off the anchors by the same
          Bayes shift of the odds (from an anchor ``a``: positive when
          ``p / (1 - p) * odds(t) / odds(a) >= 1``), between two anchors as
          the average of both readings weighted by closeness in log-odds.
          The selection rule on that path picks a region; exact refits at the
          chosen ``t`` and its two neighbours in ``ts`` follow, and the rule
          applied again to the exactly fitted ``ts`` only decides.  At most
          6 fits per fold.  It needs ``predict_proba`` or (binary data)
          ``decision_function``.
        - "auto" chooses by the inner estimator (see Notes): "threshold" when
          its scores are log-odds fitted by log-loss (logistic regression,
          ``SGDClassifier(loss="log_loss")``, calibrated classifiers);
          "refine" for other estimators with ``predict_proba`` (trees,
          forests, gradient boosting, naive Bayes, neighbours...); "refit"
          for the rest (e.g. ``SVC()``).

        The path used is ``method_``.  Either way the final model is a
        weighted ``TradeoffClassifier`` refitted at ``best_t_``.
    confidence : float in (0, 1), default=None
        Make the requirement a promise about fresh data: the chosen model
        meets ``min_sensitivity`` / ``min_specificity`` on new data from the
        same population with probability at least ``confidence`` (e.g. 0.9).
        Every ``t`` gets a one-sided lower confidence bound of each rate from
        its out-of-fold counts (``cv_results_["lower_test_sensitivity"]``);
        the ``t`` are tested in the order in which the constrained rate
        increases, stopping at the first whose bound misses the minimum, and
        among the ``t`` that passed the best mean ``objective`` wins.  When no
        ``t`` passes (too few positives, or a model that cannot reach the
        requirement), a ``UserWarning`` names how many positives the
        requirement needs and the strongest requirement the data support,
        the fallback is the ``t`` with the highest lower bound, and
        ``requirement_met_`` is False; never an exception.  Without minimums,
        only the bounds are computed.  None keeps the mean rule.  See Notes.
    guarantee : {"cv", "exact"}, default="cv"
        How ``confidence`` is kept.  "cv": from the out-of-fold counts of all
        the data (no data spent; approximate, see Notes).  "exact": a
        stratified half of the rows is held out; ``t`` is chosen and the model
        fitted on the other half, and the decision threshold is set on the
        held-out scores by the Neyman-Pearson umbrella order statistic, a
        finite-sample theorem.  It needs ``confidence``, a minimum, binary
        data, ``predict_proba`` or ``decision_function``, and no ``groups``;
        ``estimator_`` is then a
        :class:`~sklearn.model_selection.FixedThresholdClassifier` around the
        fitted ``TradeoffClassifier``.
    n_jobs : int, default=None
        Folds cross-validated in parallel through joblib, so
        ``joblib.parallel_config("dask")`` runs them on a Dask cluster.  None
        means 1 unless in a joblib context.  With several jobs each one limits
        the BLAS/OpenMP threads of its fits to ``cores // jobs`` (through
        threadpoolctl), so jobs x threads never exceeds the cores.
    random_state : int, RandomState instance or None, default=None
        Seeds the default ``cv`` and every ``TradeoffClassifier`` fitted (its
        resampling and the inner estimator's unset ``random_state``); all
        ``ts`` of a fold use the same seed, so they differ only by ``t``.
    verbose : int, default=0
        Progress on stdout, as scikit-learn's searches: from 1, the plan of
        each pass and, after each fold, the fits done out of the total, the
        time elapsed and an estimate of the time left.

    Attributes
    ----------
    best_t_ : float
        The chosen tradeoff.
    method_ : {"threshold", "refine", "refit"}
        The path used (``method``, with "auto" resolved; see Notes).
    best_index_ : int
        Index of ``best_t_`` in ``cv_results_["params"]``.
    best_score_ : float
        Mean fold score of the objective at ``best_t_``.
    cv_results_ : dict of ndarrays
        With scikit-learn's search keys, one entry per ``t``: ``params``,
        ``param_t``, and for the metrics "sensitivity", "specificity",
        "balanced_accuracy" (and "tradeoff" for a float objective)
        ``split<k>_test_<metric>``, ``mean_test_<metric>``,
        ``std_test_<metric>``, ``rank_test_<metric>``.  A fold whose test part
        lacks the positive (negative) class has NaN sensitivity (specificity)
        and is left out of the mean and standard deviation.
        ``fitted_at_t`` (bool): whether the row's fold scores come from models
        fitted at that ``t`` (all with "refit"; none with "threshold", whose
        rows are read off the ``t = 0.5`` fits; with "refine", the anchors
        and the refitted ``ts``, the only ones ``best_t_`` is chosen from,
        the other rows being read off the anchors).
        :meth:`TradeoffCurveDisplay.from_cv_results
        <sk_imbalance.model_selection.TradeoffCurveDisplay.from_cv_results>`
        draws it.  With ``confidence``, also ``lower_test_sensitivity`` and
        ``lower_test_specificity``: the one-sided Clopper-Pearson lower bounds
        of each ``t`` from the pooled out-of-fold counts, at the level each
        test used (``guarantee_["level"]``).
    requirement_met_ : bool
        Whether the chosen model meets the minimums: with ``confidence``,
        whether it passed the confidence test (or, with
        ``guarantee="exact"``, whether the held-out positives support the
        threshold); without, whether its mean fold rates reach them.  True
        when no minimum is set.
    guarantee_ : dict or None
        None without ``confidence``.  Else ``"confidence"``, ``"mode"``
        ("cv" or "exact"), ``"level"`` (the confidence of each single test:
        ``confidence``, or ``1 - (1 - confidence) / 2`` for each of two
        minimums), ``"threshold"`` (exact mode) and, per rate
        ("sensitivity", "specificity"; only the constrained ones in exact
        mode), a dict: ``"minimum"`` (None when not constrained),
        ``"lower"`` (its lower bound at the chosen ``t``), ``"supported"``
        (the strongest minimum these data can support), ``"n"`` (the
        positives, resp. negatives, counted once: per repeat, or held out),
        ``"needed"`` (how many, all predicted right, the minimum needs).
    n_splits_ : int
        Number of folds (all repeats together).
    estimator_ : TradeoffClassifier or FixedThresholdClassifier
        Fitted on all the data at ``best_t_`` (``guarantee="exact"``: on the
        rows not held out, with the held-out threshold).
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    pos_label_ : label or None
        The positive class (``classes_[1]`` on binary data without
        ``pos_label``; None without one); the library's scorers read it.
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during ``fit``, when the inner estimator
        records them.

    See Also
    --------
    sk_imbalance.TradeoffClassifier : The model at a fixed ``t``.
    sk_imbalance.model_selection.constrained_refit : The same constrained rule
        for ``GridSearchCV``.
    sklearn.model_selection.TunedThresholdClassifierCV : Tunes the decision
        threshold of an unweighted model.
    sklearn.linear_model.LogisticRegressionCV : The same idea for ``C``.

    Notes
    -----
    ``method="threshold"`` and ``method="refit"`` agree when the balanced
    model's probabilities are calibrated for the balanced data and the model
    family can represent the Bayes rule of every ``t`` (e.g. a well-specified
    logistic regression with little regularisation): refitting with the
    weights of ``t`` then only shifts the intercept by ``logit(t)``, which is
    the threshold.  They differ when reweighting changes more than the
    intercept: misspecified or strongly regularised models (the weights move
    the fit to the region that matters for ``t``), trees and boosting (splits
    change), margin classifiers whose ``decision_function`` is not log-odds
    (e.g. SVMs, whose threshold path is then monotone but mis-scaled), and
    small folds.  "refit" is the exact cross-validation of what ``fit``
    returns; "threshold" is a one-fit-per-fold approximation of it.

    The rule of ``method="auto"``, with ``k`` folds and ``m`` values of
    ``t`` (fits before the final refit in brackets):

    - "threshold" (``k``) when the inner estimator (a Pipeline's final step)
      is a ``LogisticRegression``, ``LogisticRegressionCV``,
      ``SGDClassifier(loss="log_loss")`` or ``CalibratedClassifierCV``;
    - "refine" (at most ``6 k``) for every other estimator with
      ``predict_proba``;
    - "refit" (``k m``, warm-started when possible) for the rest.

    Why:

    - Log-odds models are the case where the two methods agree (above), and
      reweighting mostly moves their intercept: the threshold path is a good
      approximation at ``1 / m`` of the cost.
    - For the others (trees, boosting, forests, neighbours, naive Bayes,
      neural networks...) refitting changes the model itself, so exact
      scores must decide, but they need not be computed at every ``t``.  The
      refined path reads the whole path off three exact fits (for one tree
      whose splits stayed the same, reweighting from an anchor to ``t`` would
      be exactly that shift of each leaf's odds; the splits change more the
      farther ``t`` is from the anchor, hence the reading from both
      neighbouring anchors), uses it only to find the region, and chooses
      among exact fits.  Measured on random forests over the twelve tasks of
      the selection benchmark (outer 5-fold x 3): mean held-out balanced
      accuracy 0.003 below refitting every one of 19 ``t`` (0.010 below on
      the worst task, 0.004 above on the best); on HistGradientBoosting, the
      whole search with its final refit ran 3.2 and 3.5 times faster than
      that exact path at 1e4 and 1e5 rows (3 folds, 5 of the 23 ``t`` fitted
      per fold).  Reading every ``t`` off a
      single fit at 0.5 (the threshold path), or refining around what it
      points to, chose worse on forests (the latter 0.019 lower on the mean,
      0.08 on one task): a forest reweighted to ``t`` differs from a balanced
      forest thresholded at ``1 - t``.
    - With minimums on the rates, the refined path's exact ``ts`` may all
      fall short of a minimum the readings reached, which gives the usual
      warning and fallback; with ``confidence``, bounds are computed for
      every ``t``, so "refine" then refits every ``t``.
    - Without probabilities (e.g. ``SVC()``, margins that are not log-odds)
      there is nothing reliable to read off: "refit".

    Cost as the data grow: each fold's rows are copied once (not per ``t``);
    a Pipeline's preprocessing is fitted once per fold and pass when the
    tradeoff weights reach only its final step (without metadata routing);
    out-of-fold scores are reduced to confusion counts inside their fold,
    so nothing of ``n_samples`` size is kept per ``t``.

    **The confidence rule** (``confidence=c``, ``guarantee="cv"``).  What is
    exact:

    - Counting.  In each repeat of a k-fold partition every positive is out
      of fold exactly once, so the out-of-fold predictions of one repeat give
      a count ``k`` of caught positives out of all ``n``.  Repeats are
      averaged (the mean over repeats of the pooled rate, at the ``n`` of one
      repeat), never added: adding would count every positive several times
      as if independent.  Splitters whose test sets overlap are grouped into
      runs of disjoint test sets, so no sample counts twice in a group.
      With ``sample_weight``, ``n`` is Kish's effective size per fold.
    - The bound.  Clopper-Pearson's one-sided lower bound of a binomial
      count, whose coverage is never below ``c`` at any ``n`` and any true
      rate (it is conservative: the discreteness adds a few points).
    - Choosing among many ``t``.  Fixed-sequence testing: the order of the
      tests (sensitivity: from the largest ``t`` down; specificity: from the
      smallest up) is fixed before seeing the data, and testing stops at the
      first failure.  A ``t`` whose true rate is below the minimum can only be
      accepted if the first such ``t`` in the order is wrongly accepted, an
      event of probability at most ``1 - c``; so all accepted ``t`` are valid
      together with probability ``c``, and maximising the objective among
      them costs no confidence.  Monotonicity of the rates in ``t`` is not
      needed for validity, only for power: where a rate dips along ``t`` the
      sequence stops early.  Two minimums each get ``(1 - c) / 2``
      (Bonferroni).

    What is approximate, and why it errs on the safe side: the out-of-fold
    count is a count over k fold models, each trained on ``(k - 1) / k`` of
    the rows, and the final model is refitted on all of them.  The bound is
    about the fold models; the final model at the same ``t`` usually has a
    better ROC curve (more data) at the same class shares, which raises both
    rates rather than trading one for the other, and Clopper-Pearson's
    conservatism adds margin.  This is an empirical tendency, not a theorem;
    ``benchmarks/bench_guarantee.py`` measures the violation rate on held-out
    data (the tests check it in a seeded simulation).

    **The exact mode** (``guarantee="exact"``).  The model is fitted on half
    the rows; thresholding at the ``k``-th smallest of the ``n`` held-out
    positive scores misses more than a share ``1 - X`` of all positives with
    probability ``P(Binomial(n, 1 - X) <= k - 1)`` (the ``k``-th order
    statistic of ``n`` uniforms is Beta(k, n - k + 1)), for any model and any
    score distribution, as long as the held-out rows are independent draws
    from the population (Tong, Feng & Li 2018, the Neyman-Pearson umbrella
    algorithm).  The largest ``k`` with that probability at most ``1 - c``
    is used; it needs ``n >= log(1 - c) / log(X)`` held-out positives (22 for
    X = 0.9, c = 0.9).  Any threshold below it keeps the guarantee, so a
    specificity minimum (the mirror rule on the held-out negatives) and the
    held-out ``objective`` choose within the allowed range.  The price: the
    final model never sees the held-out half.  ``sample_weight`` weighs the
    fit; the order statistic counts rows.

    ``fit`` routes its extra parameters as scikit-learn's searches do: without
    metadata routing ``groups`` goes to the splitter and the rest to the inner
    estimator's ``fit``; with routing, by the requests.  ``sample_weight`` is
    used by the tradeoff weights of every fit and by the fold scores.
    ``score`` returns the balanced accuracy, as
    :meth:`TradeoffClassifier.score <sk_imbalance.TradeoffClassifier.score>`.
    ``predict_proba`` returns the weighted model's probabilities; for risks,
    refit ``TradeoffClassifier(..., t=best_t_, correct_proba=True)``.

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

    Logistic regression took the threshold path: one fit per fold.  The exact
    path refits at each of the 23 ``t`` of every fold and keeps the same
    ``t`` (its best mean, 0.975, differs within the noise):

    >>> exact = TradeoffClassifierCV(model, method="refit", random_state=0)
    >>> float(exact.fit(X, y).best_t_)
    0.5

    A forest takes the refined path: exact fits at 0.2, 0.5 and 0.8, read
    as a path, point to a region, and exact refits there decide:

    >>> from sklearn.ensemble import RandomForestClassifier
    >>> forest = RandomForestClassifier(n_estimators=20, random_state=0)
    >>> clf = TradeoffClassifierCV(forest, random_state=0).fit(X, y)
    >>> res = clf.cv_results_
    >>> refitted = res["param_t"][res["fitted_at_t"]].tolist()
    >>> clf.method_, {0.2, 0.5, 0.8} <= set(refitted), len(refitted) <= 6
    ('refine', True, True)
    >>> clf.best_t_ in refitted
    True

    Screening: the best balanced accuracy among the ``t`` that caught every
    positive in cross-validation (one fit per fold with ``method="threshold"``):

    >>> clf = TradeoffClassifierCV(
    ...     model, min_sensitivity=1.0, method="threshold", random_state=0
    ... ).fit(X, y)
    >>> clf.best_t_, float(clf.cv_results_["mean_test_sensitivity"][clf.best_index_])
    (0.95, 1.0)

    A promise about fresh data: sensitivity at least 0.8 with 90% confidence.
    The 19 positives support it, at the balanced ``t``:

    >>> clf = TradeoffClassifierCV(
    ...     model, min_sensitivity=0.8, confidence=0.9, method="threshold",
    ...     random_state=0,
    ... ).fit(X, y)
    >>> lower = clf.guarantee_["sensitivity"]["lower"]
    >>> clf.best_t_, clf.requirement_met_, round(lower, 3)
    (0.5, True, 0.834)

    At least 0.95 is more than 19 positives can show, even all caught:

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     clf = clf.set_params(min_sensitivity=0.95).fit(X, y)
    >>> clf.requirement_met_
    False
    >>> print(caught[-1].message)
    The requirement is not met at 90% confidence: 19 positives support
    sensitivity >= 0.886 at 90% confidence; sensitivity >= 0.95 needs at least
    45 positives, all of them right. ...
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict"]), None],
        "ts": ["array-like", None],
        "cv": ["cv_object"],
        # Bools are refused (True would silently mean 1.0), as for t.
        "objective": [StrOptions(set(METRICS)), *T_CONSTRAINT],
        "min_sensitivity": [*T_CONSTRAINT, None],
        "min_specificity": [*T_CONSTRAINT, None],
        "pos_label": "no_validation",
        "selection": [StrOptions({"one_se", "best"})],
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
        pos_label=None,
        selection="one_se",
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
    def fit(self, X, y, sample_weight=None, **params):
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
        ts = _check_ts(self.ts, DEFAULT_TS)
        _check_lengths(X, y, sample_weight=sample_weight)
        y = _check_y(y)
        weight = _check_sample_weight(sample_weight, y.shape[0])
        classes, y_idx = _encode(y)
        pos_index = self._pos_index(classes)
        pos_value = classes[pos_index]
        fit_params, split_params = self._route(params)
        cv_seed, fit_seed = self._seeds()
        X = _rows(X)

        is_pos = y_idx == pos_index
        _check_both_sides(y, is_pos, pos_value, weight)
        minimums = self._minimums()
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
        cv, y_split = self._check_cv(is_pos, y, cv_seed)
        splits = list(cv.split(X, y_split, **split_params))
        self.method_ = self._method()
        job = _CVJob(
            template=TradeoffClassifier(
                self.estimator, pos_label=self.pos_label, random_state=fit_seed
            ),
            X=X,
            y=y,
            sample_weight=weight,
            fit_params=fit_params,
            splits=splits,
            pos_value=pos_value,
            n_jobs=self.n_jobs,
            progress=_Progress(self.verbose, type(self).__name__),
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
        self.estimator_ = TradeoffClassifier(
            self.estimator,
            t=self.best_t_,
            pos_label=self.pos_label,
            random_state=fit_seed,
        ).fit(X, y, sample_weight=sample_weight, **fit_params)
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
            if hasattr(self.estimator_, attr):
                setattr(self, attr, getattr(self.estimator_, attr))
        return self

    def _minimums(self):
        return {
            metric: value
            for metric, value in (
                ("sensitivity", self.min_sensitivity),
                ("specificity", self.min_specificity),
            )
            if value is not None
        }

    def _check_guarantee(self, minimums, classes, split_params):
        """Whether the exact mode is on; its requirements, checked."""
        if self.guarantee != "exact":
            return False
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

    def _pos_index(self, classes):
        if classes.size < 2:
            raise ValueError(
                "TradeoffClassifierCV needs samples of at least two classes; y "
                f"holds 1 class: {_py(classes[0])!r}."
            )
        return _positive_index(classes, self.pos_label)

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

    def _default_cv(self, random_state=None, n_splits=DEFAULT_N_SPLITS):
        return RepeatedStratifiedKFold(
            n_splits=n_splits, n_repeats=DEFAULT_N_REPEATS, random_state=random_state
        )

    def _check_cv(self, is_pos, y, random_state):
        """``(splitter, labels to split on)``."""
        if self.cv is not None:
            return check_cv(self.cv, y, classifier=True), y
        smaller = int(min(is_pos.sum(), is_pos.size - is_pos.sum()))
        n_splits = min(DEFAULT_N_SPLITS, max(2, smaller))
        return self._default_cv(random_state, n_splits), is_pos

    def _method(self):
        method = self.method
        if method == "auto":
            method = _auto_method(_default_estimator(self.estimator))
        if method == "refine" and self.confidence is not None:
            # Confidence bounds are computed for every t: no approximations.
            return "refit"
        return method

    def _cross_validate(self, job, ts):
        """The :class:`CountTable` of the ``t`` path by ``method_``."""
        exact = (
            _warm_path
            if _warm_startable(_default_estimator(self.estimator))
            else _refit_path
        )
        n_splits = len(job.splits)

        def run(path, ts_run, what, fits_per_fold, fitted=True):
            job.progress.phase(what, fits_per_fold, n_splits)
            return _cross_validate(path, job, ts_run, fitted=fitted)

        if self.method_ == "threshold":
            what = "threshold path, one fit per fold"
            return run(_threshold_path, ts, what, 1, fitted=False)
        anchors = _anchor_indices(ts)
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
            anchors, _table(ts[anchors], at_anchors, readings.repeats, True)
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # said again on the exact results
            pick = self._select(table).index
        window = [
            i
            for i in (pick - 1, pick, pick + 1)
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
            selection=self.selection,
            candidates=candidates,
            guarantee=self.guarantee,
            note="; requirement_met_ is False",
        )

    def score(self, X, y, sample_weight=None):
        """The ``objective`` of ``predict(X)`` against ``y``.

        The quantity whose cross-validated mean is ``best_score_``: by default
        the balanced accuracy of the positive class against the rest, the mean
        of sensitivity and specificity (scikit-learn's balanced accuracy on
        binary data); a float ``w``, ``w * sensitivity + (1 - w) *
        specificity``.

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
        """
        check_is_fitted(self)
        _check_lengths(X, y, sample_weight=sample_weight)
        y = _check_y(y)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, y.shape[0])
        pos_value = self.classes_[self._pos_index(self.classes_)]
        table = CountTable.from_predictions(
            [self.best_t_],
            y == pos_value,
            [self.predict(X) == pos_value],
            sample_weight,
        )
        value = float(_objective_values(self.objective, *table.rates())[0, 0])
        if np.isnan(value):
            _warn(
                "The score is undefined (NaN): y lacks the positive or the "
                "negative class that the objective "
                f"{objective_name(self.objective)!r} needs.",
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


def _listed(values):
    return ", ".join(f"{v:g}" for v in values)
