"""Every public entry point against bad input, one argument at a time.

The walker finds the public names in ``sk_imbalance.__all__`` and in the
``__all__`` of every public subpackage, so a new public name is walked as soon
as it is exported.  Each name yields call sites (a function; a class's
constructor followed by ``fit``; ``fit``; the fitted model's methods; a scorer
call; a Display's ``from_*``).  Each site has a valid base call (the tables
``BASE`` and ``POOL``), and every argument is replaced in turn by bad values, so
each call differs from a valid one in exactly one argument.  The bad values come
from two sources:

- the argument's constraints: those its callable declares
  (``_parameter_constraints`` of a class, ``validate_params`` of a function), or
  for an argument checked in the callable's own code, its rule in
  ``HAND_CHECKED``.  Every candidate value and every value just outside a
  declared bound or option that no constraint accepts is a case
  (``_constraint_cases``), so a new or changed declaration is walked as declared;
- the semantic cases (``SEMANTIC``): what a constraint cannot say (a NaN inside
  ``y``, a class instead of an estimator, a ``sample_weight`` summing to zero).

A bad value must raise ``ValueError`` / ``TypeError`` (scikit-learn's
``InvalidParameterError`` is both) whose message names the argument and, for a
bad scalar, shows the value, raised in our or scikit-learn's code rather than
deep inside numpy, with no warning on the way; or be listed in ``OUTCOMES`` as
documented valid input, and then give a finite result (equal to scikit-learn's
for the metrics).  The command line's bad input is walked from its parser in
tests/_cli/test_parser.py.
"""

import fnmatch
import inspect
import math
import os
import re
import sys
import warnings
from dataclasses import dataclass, field
from numbers import Integral, Number, Real

import numpy as np
import pytest
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.datasets import make_classification
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import recall_score

import sk_imbalance
from sk_imbalance._compat import (
    HasMethods,
    Interval,
    Options,
    StrOptions,
    make_constraint,
)
from sk_imbalance.utils._validation import (
    LABEL_CONSTRAINT,
    T_CONSTRAINT,
    _RealInterval,
)

from ._public import public_modules

# The backend CI installs for the keras extra (as tests/keras/test_metrics.py does), so
# sk_imbalance.keras is walked whenever Keras is there, whatever ran first.
os.environ.setdefault("KERAS_BACKEND", "torch")

# --------------------------------------------------------------------------------------
# The walk.


def _public_objects():
    """``[(qualified name, object)]``, each object once (first export wins)."""
    found = {}
    for module in public_modules():
        if module.__name__ == "sk_imbalance.spark":
            # Its entry points take Spark DataFrames and MLlib estimators, not
            # arrays; tests/spark/ walks their bad input with a Spark session.
            continue
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            found.setdefault(id(obj), (f"{module.__name__}.{name}", obj))
    return list(found.values())


# --------------------------------------------------------------------------------------
# Valid data: small, imbalanced, quick to fit.

X, Y = make_classification(
    n_samples=40,
    n_features=3,
    n_informative=2,
    n_redundant=0,
    weights=[0.7],
    flip_y=0,
    random_state=0,
)
Y_PRED = np.where(np.arange(40) % 5 == 0, 1 - Y, Y)
# Probabilities of class 1 (a sigmoid output), for the Keras metrics.
PROBA = np.clip(np.where(Y_PRED == 1, 0.8, 0.2) + np.linspace(-0.1, 0.1, 40), 0, 1)
N = Y.size
CV_RESULTS = {
    "params": [{"t": 0.3}, {"t": 0.5}, {"t": 0.7}],
    "param_t": np.ma.MaskedArray([0.3, 0.5, 0.7], dtype=object),
    "mean_test_sensitivity": np.array([0.6, 0.8, 0.95]),
    "std_test_sensitivity": np.array([0.05, 0.05, 0.05]),
    "mean_test_specificity": np.array([0.95, 0.9, 0.7]),
    "std_test_specificity": np.array([0.05, 0.05, 0.05]),
    "mean_test_balanced_accuracy": np.array([0.775, 0.85, 0.825]),
    "std_test_balanced_accuracy": np.array([0.05, 0.05, 0.05]),
}


def _fitted_classifier():
    return sk_imbalance.TradeoffClassifier().fit(X, Y)


# Valid values for arguments, by parameter name (used when a site's own BASE entry
# does not name the argument and it has no default).
POOL = {
    "X": X,
    "y": Y,
    "y_true": Y,
    "y_pred": Y_PRED,
    "estimator": LogisticRegression(),
    "label": 1,
    "maximize": "specificity",
    "search": CV_RESULTS,
}

# Per site, the valid base call: arguments set on top of the defaults.  A site is
# "<public name>" (function, or constructor then fit), "<Class>.<method>", or a
# ready scorer's name.
BASE = {
    "TradeoffClassifier": {},
    "TradeoffClassifier.fit": {"X": X, "y": Y},
    # Logistic members: finite log-probabilities (a tree's leaves are pure).
    "TradeoffBaggingClassifier": {
        "estimator": LogisticRegression(),
        "n_estimators": 3,
        "random_state": 0,
    },
    "TradeoffBaggingClassifier.fit": {"X": X, "y": Y},
    "TradeoffClassifierCV": {"ts": [0.3, 0.7], "cv": 2, "random_state": 0},
    "TradeoffClassifierCV.fit": {"X": X, "y": Y},
    "tradeoff_curve": {"ts": [0.3, 0.7], "cv": 2},
    "TradeoffCurveDisplay.from_estimator": {"ts": [0.3, 0.7], "cv": 2},
    "TradeoffCurveDisplay.from_cv_results": {"search": CV_RESULTS},
    "constrained_refit": {"minimums": {"sensitivity": 0.9}},
    "PerClassAccuracy": {"class_id": 1},
}

# Keyword-only catch-all parameters (``**kwargs``) get a bad value under this key.
VAR_KEYWORD_KEY = {"minimums": "sensitivity"}


# --------------------------------------------------------------------------------------
# Bad values generated from the constraints.
#
# An argument's constraints are those its callable declares (``_parameter_constraints``
# of a class, ``validate_params`` of a function), else those in HAND_CHECKED: the
# rule that the callable checks in its own code.  A case is generated for each
# value of CANDIDATES, and each value just outside a declared Interval or Options,
# that none of the constraints accepts.

# Kinds of wrong value tried against every constrained argument.
CANDIDATES = [
    ("wrong_type", object()),
    ("string", "abc"),
    ("none", None),
    ("bool", True),
    ("zero", 0),
    ("int", 2),
    ("negative", -1),
    ("float", 1.5),
    ("small_negative", -0.1),
    ("nan", float("nan")),
    ("inf", float("inf")),
    ("huge", 1e308),
    ("complex", 0.5 + 0j),
    ("list", [0.5]),
]
# Array arguments get only these (their semantic cases hold the bad arrays).
_ARRAY_CANDIDATES = ("wrong_type", "string", "none", "float")


def _near_misses(constraint):
    """``[(case, value)]`` just outside one constraint: below, above or at an
    excluded bound of an Interval, a fraction inside an integer Interval, a
    value not among the Options."""
    if isinstance(constraint, StrOptions):
        return [("unknown", "bogus")]
    if isinstance(constraint, Options):
        numbers = [o for o in constraint.options if isinstance(o, Number)]
        return [("not_an_option", max(numbers) + 0.5)] if numbers else []
    if not isinstance(constraint, Interval):
        return []
    integral = constraint.type is Integral
    left, right, closed = constraint.left, constraint.right, constraint.closed
    misses = []
    if left is not None:
        misses.append(("below_min", left - (1 if integral else 0.1)))
        if closed in ("right", "neither"):
            misses.append(("at_min", left))
    if right is not None:
        misses.append(("above_max", right + (1 if integral else 0.5)))
        if closed in ("left", "neither"):
            misses.append(("at_max", right))
    if integral:
        misses.append(("fraction", (left or 0) + 0.5))
    return misses


def _constraint_cases(constraints, valid):
    """``[(case, value)]``: the candidates that none of ``constraints`` accepts,
    with the valid value ``valid`` as a string and inside a list (two common
    slips)."""
    if not isinstance(constraints, list):  # "no_validation"
        return []
    checks = [make_constraint(c) for c in constraints]
    arrays = any(c in ("array-like", "sparse matrix") for c in constraints)
    near = [m for c in constraints for m in _near_misses(c)]
    slips = []
    if isinstance(valid, (Number, str)) and not isinstance(valid, bool):
        slips = [("as_string", str(valid)), ("in_list", [valid])]
    cases = {}
    for case, value in near + slips + CANDIDATES:
        if arrays and case not in _ARRAY_CANDIDATES:
            continue
        if any(check.is_satisfied_by(value) for check in checks):
            continue
        if any(_same(value, other) for other in cases.values()):
            continue  # one case per value: a near miss names it better
        cases[case] = value
    return list(cases.items())


def _same(a, b):
    return type(a) is type(b) and (a is b or (isinstance(a, (Number, str)) and a == b))


# The rule of each argument that its callable checks in its own code rather than
# declares: (site glob, parameter) -> constraints; the first match wins.
_KERAS_LABEL = [_RealInterval(Integral, 0, None, closed="left")]
HAND_CHECKED = {
    # The Keras metrics: a class index, a finite threshold, a value a compiled
    # step can return.
    ("PerClassAccuracy", "class_id"): _KERAS_LABEL,
    ("Sensitivity", "pos_label"): _KERAS_LABEL,
    ("Specificity", "pos_label"): _KERAS_LABEL,
    ("TradeoffScore", "pos_label"): _KERAS_LABEL,
    ("*", "threshold"): [_RealInterval(Real, None, None, closed="neither")],
    ("*", "zero_division"): [Options(Real, {0.0, 1.0}), "nan"],
    ("PerClassAccuracy", "name"): [str, None],
    ("*", "name"): [str],
    # The weight helpers, constrained_refit and the Display.
    ("*", "t"): T_CONSTRAINT,
    ("*", "pos_label"): [*LABEL_CONSTRAINT, None],
    ("*", "class_priority"): [dict, None],
    ("*", "minimums"): T_CONSTRAINT,
    ("constrained_refit", "maximize"): [str],
    ("constrained_refit", "confidence"): [Interval(Real, 0, 1, closed="neither"), None],
    ("constrained_refit", "n_repeats"): [
        Interval(Integral, 1, None, closed="left"),
        None,
    ],
    ("TradeoffClassifier.fit", "fn_cost"): [
        Interval(Real, 0, None, closed="left"),
        "array-like",
        None,
    ],
    ("TradeoffClassifier.fit", "fp_cost"): [
        Interval(Real, 0, None, closed="left"),
        "array-like",
        None,
    ],
    ("TradeoffClassifierCV.fit", "fn_cost"): [
        Interval(Real, 0, None, closed="left"),
        "array-like",
        None,
    ],
    ("TradeoffClassifierCV.fit", "fp_cost"): [
        Interval(Real, 0, None, closed="left"),
        "array-like",
        None,
    ],
    ("constrained_refit", "prevalence"): [Interval(Real, 0, 1, closed="neither"), None],
    ("constrained_refit", "max_alert_rate"): [*T_CONSTRAINT, None],
    ("TradeoffCurveDisplay.*", "chosen_t"): [StrOptions({"best"}), *T_CONSTRAINT, None],
    ("TradeoffCurveDisplay.*", "estimator"): [HasMethods(["fit", "predict"])],
    ("TradeoffCurveDisplay.*", "ts"): ["array-like", None],
    ("TradeoffCurveDisplay.*", "cv"): ["cv_object"],
    ("TradeoffCurveDisplay.*", "n_jobs"): [Integral, None],
    ("TradeoffCurveDisplay.*", "roc"): ["boolean"],
    ("TradeoffCurveDisplay.*", "ax"): [HasMethods(["plot"]), None],
    ("TradeoffCurveDisplay.*", "search"): [dict, HasMethods(["fit"])],
    # Arrays: the semantic cases below hold what is wrong inside them.
    ("*", "X"): ["array-like", "sparse matrix"],
    ("*", "y"): ["array-like"],
    ("*", "y_true"): ["array-like"],
    ("*", "y_pred"): ["array-like"],
    # A number stands for that weight on every sample, as in scikit-learn.
    ("*", "sample_weight"): [
        "array-like",
        Interval(Real, 0, None, closed="neither"),
        None,
    ],
    ("*", "groups"): ["array-like", None],
    ("*_scorer", "estimator"): [HasMethods(["fit", "predict"])],
}


def _constraints(site, name):
    declared = site.constraints.get(name)
    if isinstance(declared, list):
        return declared
    for (pattern, param), constraints in HAND_CHECKED.items():
        if param == name and fnmatch.fnmatchcase(site.name, pattern):
            return constraints
    return None


# --------------------------------------------------------------------------------------
# Semantic cases: what a constraint cannot say (a NaN inside y, a class instead of an
# estimator, a sample_weight summing to zero), by kind of argument.


def _nan_at_first(a):
    a = np.array(a, dtype=float)
    a.flat[0] = np.nan
    return a


def _inf_at_first(a):
    a = np.array(a, dtype=float)
    a.flat[0] = np.inf
    return a


def _mixed_object(n):
    return np.array([0, "a", 1.5, None] * (n // 4) + [0] * (n % 4), dtype=object)


def _bad_labels(y):
    y = np.asarray(y)
    return [
        ("nan", _nan_at_first(y)),
        ("inf", _inf_at_first(y)),
        ("continuous", np.linspace(0, 1, y.size)),
        ("empty", y[:0]),
        ("short", y[:-1]),
        ("2d", np.column_stack([y, y])),
        ("single_class", np.zeros_like(y)),
        ("unknown_labels", y + 5),
        ("bool", y.astype(bool)),
        ("mixed_object", _mixed_object(y.size)),
    ]


def _bad_data(X):
    X = np.asarray(X)
    return [
        ("nan", _nan_at_first(X)),
        ("inf", _inf_at_first(X)),
        ("empty", X[:0]),
        ("short", X[:-1]),
        ("1d", X[:, 0]),
        ("3d", X[..., None]),
        ("complex", X + 1j),
        ("mixed_object", np.column_stack([_mixed_object(X.shape[0]), X[:, 1:]])),
    ]


def _bad_sample_weight(_):
    ones = np.ones(N)
    return [
        ("nan", _nan_at_first(ones)),
        ("inf", _inf_at_first(ones)),
        ("negative", np.where(np.arange(N) == 0, -1.0, 1.0)),
        ("empty", ones[:0]),
        ("short", ones[:-1]),
        ("2d", np.column_stack([ones, ones])),
        ("all_zero", np.zeros(N)),
        ("huge", np.full(N, 1e308)),
        ("one_huge", np.where(np.arange(N) == 0, 1e308, 1.0)),
        ("tiny", np.full(N, 1e-300)),
        ("mixed_object", _mixed_object(N)),
    ]


def _bad_fractions(_):
    """Bad contents of an array of numbers in [0, 1] (``ts``)."""
    return [
        ("empty", []),
        ("nan", [0.5, float("nan")]),
        ("inf", [0.5, float("inf")]),
        ("negative", [-0.1, 0.5]),
        ("above_one", [0.5, 1.5]),
        ("2d", [[0.3, 0.5]]),
        ("mixed_object", [0.5, "a"]),
    ]


def _bad_label(_):
    """A label of the right type that is no class of the data."""
    return [("unknown_label", 7), ("nan", float("nan"))]


def _bad_priority(_):
    return [
        ("empty", {}),
        ("nan", {0: float("nan")}),
        ("inf", {0: float("inf")}),
        ("negative", {0: -1.0}),
        ("unknown_labels", {7: 1.0}),
        ("huge", {0: 1e308, 1: 1e308}),
        ("mixed_object", {0: "a"}),
    ]


def _bad_estimator(_):
    return [("class", LogisticRegression), ("regressor", LinearRegression())]


def _bad_cv(_):
    return [("one", 1), ("too_many", 10**6)]


def _bad_groups(_):
    groups = np.arange(N) % 4
    return [("short", groups[:-1]), ("2d", np.column_stack([groups, groups]))]


def _bad_labels_list(_):
    return [("2d", [[0, 1]]), ("empty", []), ("unknown_labels", [7])]


def _bad_metric_name(_):
    return [("unknown", "bogus")]


def _bad_search(_):
    return [("string", "abc"), ("empty", {})]


def _bad_augment(_):
    """Callables that break the ``augment(X_copies, y_copies, random_state)``
    contract."""
    return [
        ("returns_none", lambda X, y, random_state: None),
        ("wrong_rows", lambda X, y, random_state: X[:-1]),
        ("wrong_features", lambda X, y, random_state: X[:, :-1]),
        ("nan", lambda X, y, random_state: np.full(np.shape(X), np.nan)),
        ("wrong_arguments", lambda X: X),
    ]


def _bad_dtype(_):
    """Keras checks the dtype; what is no dtype at all must still be named."""
    return [("wrong_type", object())]


def _bad_scores(y):
    """Bad predicted scores (probabilities of class 1)."""
    y = np.asarray(y)
    return [
        ("nan", _nan_at_first(y)),
        ("inf", _inf_at_first(y)),
        ("empty", y[:0]),
        ("short", y[:-1]),
        ("3d", y[:, None, None]),
        ("mixed_object", _mixed_object(y.size)),
    ]


# (site glob, parameter) -> semantic cases; the first match wins.
SEMANTIC = {
    ("*.update_state", "y_pred"): _bad_scores,
    ("*", "y"): _bad_labels,
    ("*", "y_true"): _bad_labels,
    ("*", "y_pred"): _bad_labels,
    ("*", "X"): _bad_data,
    ("*", "sample_weight"): _bad_sample_weight,
    ("*", "ts"): _bad_fractions,
    ("*", "pos_label"): _bad_label,
    ("*", "label"): _bad_label,
    ("*", "class_id"): _bad_label,
    ("*", "class_priority"): _bad_priority,
    ("*", "estimator"): _bad_estimator,
    ("*", "cv"): _bad_cv,
    ("*", "groups"): _bad_groups,
    ("*", "labels"): _bad_labels_list,
    ("*", "maximize"): _bad_metric_name,
    ("*", "search"): _bad_search,
    ("*", "augment"): _bad_augment,
    ("*", "dtype"): _bad_dtype,
}


def _semantic_cases(site, name):
    for (pattern, param), cases in SEMANTIC.items():
        if param == name and fnmatch.fnmatchcase(site.name, pattern):
            return cases(site.base.get(name))
    return []


# --------------------------------------------------------------------------------------
# Expected outcomes.  Default: raise ValueError/TypeError naming the argument.


@dataclass(frozen=True)
class Raises:
    """Raise ValueError/TypeError whose message matches ``match`` (default: the
    argument's name)."""

    match: str | None = None


@dataclass(frozen=True)
class Valid:
    """Documented valid input: a finite result, only the warnings listed."""

    why: str
    warns: tuple = ()
    nan: bool = False  # NaN is the documented result (an undefined interval)


@dataclass(frozen=True)
class Unchecked:
    """Not validated by design: no bad-input case is generated (the base call is
    still checked)."""

    why: str


@dataclass(frozen=True)
class Either:
    """Valid, or an error matching ``match`` (depends on the inner estimator)."""

    why: str
    match: str


_INNER_ONE_CLASS = Either(
    "one class left: the inner estimator decides, as scikit-learn's "
    "check_classifiers_one_label allows (an error naming 'class', or a fit)",
    match="class",
)

# X goes untouched to the inner estimator, which validates it (docs/design.md,
# section 3: the wrapper accepts whatever the inner accepts), so the messages about X's
# shape and content are scikit-learn's own; they describe the array.
_SKLEARN_X = Raises(
    match=r"(?<![A-Za-z0-9_])X(?![A-Za-z0-9_])|Expected 2D array|Found array with|"
    r"Complex data not supported|could not convert|Expected sequence or array-like"
)

_KERAS_UNCHECKED = Unchecked(
    "Keras metrics take tensors inside the training loop and, like "
    "keras.metrics.Recall, do not inspect them: a value check costs a "
    "device-to-host copy per batch"
)

# (site glob, parameter, case glob) -> outcome; the first match wins.
OUTCOMES = {
    ("*.update_state", "*", "*"): _KERAS_UNCHECKED,
    ("*_scorer", "estimator", "*"): Unchecked(
        "the ready scorers are scikit-learn make_scorer objects: a non-estimator "
        "fails inside scikit-learn, as with every scikit-learn scorer"
    ),
    ("*_scorer", "X", "short"): Raises(match="different lengths"),
    # A Display's title is any object matplotlib can print.
    ("TradeoffCurveDisplay.*", "name", "*"): Valid("the title shows str(name)"),
    # `search` is a fitted search or its cv_results_ dict.
    ("TradeoffCurveDisplay.*", "search", "*"): Raises(match="search|cv_results"),
    ("*", "groups", "2d"): Valid(
        "passed to the splitter, which ignores groups unless it is a group "
        "splitter, as in scikit-learn's cross_validate (which warns)",
        warns=(UserWarning,),
    ),
    ("balanced_accuracy_scorer", "y_true", "single_class"): Valid(
        "balanced accuracy over the one class present", warns=(UserWarning,)
    ),
    ("balanced_accuracy_scorer", "y_true", "unknown_labels"): Valid(
        "balanced accuracy of predictions never right", warns=(UserWarning,)
    ),
    ("per_class_accuracy_score", "y_pred", "unknown_labels"): Valid(
        "as recall_score(average=None): predicted labels absent from y_true get "
        "zero_division",
        warns=(UndefinedMetricWarning,),
    ),
    ("per_class_accuracy_score", "labels", "empty"): Valid(
        "as recall_score(labels=[], average=None): an empty array"
    ),
    # A label unknown to the model and the data is a typo, not a score of 0.
    ("make_per_class_accuracy_scorer", "label", "unknown_label"): Raises(
        match="not among the classes"
    ),
    ("make_per_class_accuracy_scorer", "label", "nan"): Raises(
        match="not among the classes"
    ),
    # A class index is checked against the model's output at the first update.
    ("*", "class_id", "unknown_label"): Raises(match="Class 7 does not exist"),
    ("Sensitivity", "pos_label", "unknown_label"): Raises(match="Class 7 does not"),
    ("Specificity", "pos_label", "unknown_label"): Raises(match="Class 7 does not"),
    ("TradeoffScore", "pos_label", "unknown_label"): Raises(match="Class 7 does not"),
    ("*.predict*", "X", "short"): Valid("fewer rows to predict"),
    ("*.decision_function", "X", "short"): Valid("fewer rows to predict"),
    ("*", "X", "*"): _SKLEARN_X,
    # Other label values are labels all the same; metrics of a class absent from
    # the data are the zero_division case.
    ("*.score", "y", "unknown_labels"): Valid(
        "balanced accuracy of predictions never right", warns=(UserWarning,)
    ),
    ("*.score", "y", "single_class"): Valid(
        "balanced accuracy over the one class present", warns=(UserWarning,)
    ),
    ("*", "y", "unknown_labels"): Valid("other label values are just labels"),
    ("*", "y", "single_class"): _INNER_ONE_CLASS,
    ("*_interval", "y_true", "unknown_labels"): Valid(
        "no sample of one class: the interval is (nan, nan), with the "
        "zero_division warning",
        warns=(UndefinedMetricWarning,),
        nan=True,
    ),
    ("*_interval", "y_true", "single_class"): Valid(
        "no sample of one class: the interval is (nan, nan), with the "
        "zero_division warning",
        warns=(UndefinedMetricWarning,),
        nan=True,
    ),
    ("*", "y_true", "unknown_labels"): Valid(
        "a pos_label absent from y_true is the zero_division case",
        warns=(UndefinedMetricWarning,),
    ),
    ("*", "y_true", "single_class"): Valid(
        "a class absent from y_true is the zero_division case",
        warns=(UndefinedMetricWarning,),
    ),
    ("precision_interval", "y_pred", "*_label*"): Valid(
        "nothing predicted positive: the interval is (nan, nan), with the "
        "zero_division warning",
        warns=(UndefinedMetricWarning,),
        nan=True,
    ),
    ("precision_interval", "y_pred", "single_class"): Valid(
        "nothing predicted positive: the interval is (nan, nan), with the "
        "zero_division warning",
        warns=(UndefinedMetricWarning,),
        nan=True,
    ),
    ("*", "y_pred", "unknown_labels"): Valid("predictions of other labels are misses"),
    ("*", "y*", "bool"): Valid("booleans are labels False/True, equal to 0/1"),
    ("*", "y_pred", "single_class"): Valid("a constant prediction"),
    ("*", "labels", "unknown_labels"): Valid(
        "a label absent from the data gives zero_division",
        warns=(UndefinedMetricWarning,),
    ),
    # A few huge or tiny weights are fine as long as their sum is finite and > 0.
    ("*", "sample_weight", "one_huge"): Valid("finite total weight"),
    ("*", "sample_weight", "tiny"): Valid("positive total weight"),
    # Priorities are relative: both huge is both equal.
    ("*", "class_priority", "huge"): Valid("equal priorities"),
    # ``**minimums`` is named by its key, ``maximize`` by its role.
    ("*", "minimums", "*"): Raises(match="sensitivity"),
    ("constrained_refit", "maximize", "unknown"): Raises(match="maximized metric"),
    # scikit-learn's splitters name the number of folds n_splits.
    ("*", "cv", "*"): Raises(match=r"(?<![A-Za-z0-9_])cv(?![A-Za-z0-9_])|n_splits"),
}


def _outcome(site, param, case):
    for (pattern, name, which), outcome in OUTCOMES.items():
        if (
            fnmatch.fnmatchcase(param, name)
            and fnmatch.fnmatchcase(case, which)
            and fnmatch.fnmatchcase(site, pattern)
        ):
            return outcome
    return Raises()


# --------------------------------------------------------------------------------------
# Call sites.


@dataclass
class Site:
    name: str
    params: dict  # name -> inspect.Parameter, without self/cls
    base: dict
    run: object  # run(kwargs) -> result
    raisers: tuple = ("sk_imbalance", "sklearn")
    constraints: dict = field(default_factory=dict)  # the declared ones

    def __repr__(self):
        return self.name


def _parameters(func, skip_first=False):
    params = dict(inspect.signature(func).parameters)
    if skip_first:
        params.pop(next(iter(params)))
    return params


def _base_args(site, params):
    base = dict(BASE.get(site, {}))
    for name, p in params.items():
        if name in base or p.kind is p.VAR_POSITIONAL:
            continue
        if p.kind is p.VAR_KEYWORD:
            continue
        if p.default is inspect.Parameter.empty:
            if name not in POOL:
                raise LookupError(
                    f"{site}: no valid value for the required argument {name!r}; add "
                    "it to BASE or POOL in tests/test_public_api.py."
                )
            base[name] = POOL[name]
    return base


def _call(func, params, kwargs):
    """Call ``func`` with ``kwargs``, spreading a ``**kwargs`` dict entry."""
    kwargs = dict(kwargs)
    for name, p in params.items():
        if p.kind is p.VAR_KEYWORD and name in kwargs:
            kwargs.update(kwargs.pop(name))
    return func(**kwargs)


def _sites_of_function(name, func):
    params = _parameters(func)
    base = _base_args(name, params)
    if name == "constrained_refit":

        def run(kw):
            return _call(func, params, kw)(CV_RESULTS)
    elif name.startswith("make_") and name.endswith("_scorer"):
        # A scorer factory: the bad value may only show when the scorer scores.
        def run(kw):
            return _call(func, params, kw)(_fitted_classifier(), X, Y)
    elif name == "jitter":

        def run(kw):
            augment = _call(func, params, kw)
            return augment(X, Y, 0)
    elif name == "tradeoff_scoring":

        def run(kw):
            scorers = _call(func, params, kw)
            model = _fitted_classifier()
            return {key: scorer(model, X, Y) for key, scorer in scorers.items()}
    else:

        def run(kw):
            return _call(func, params, kw)

    declared = getattr(func, "_skl_parameter_constraints", {})
    return [Site(name, params, base, run, constraints=declared)]


def _sites_of_estimator(name, cls):
    init = _parameters(cls.__init__, skip_first=True)
    fit = _parameters(cls.fit, skip_first=True)
    init_base = _base_args(name, init)
    fit_base = _base_args(f"{name}.fit", fit)
    sites = [
        Site(
            name,
            init,
            init_base,
            lambda kw: cls(**kw).fit(**fit_base),
            constraints=cls._parameter_constraints,
        ),
        Site(
            f"{name}.fit",
            fit,
            fit_base,
            lambda kw: _call(cls(**init_base).fit, fit, kw),
        ),
    ]
    fitted = cls(**init_base).fit(**fit_base)
    for method in (
        "predict",
        "predict_proba",
        "predict_log_proba",
        "decision_function",
        "score",
    ):
        if not hasattr(fitted, method):
            continue
        params = _parameters(getattr(fitted, method))
        site = f"{name}.{method}"
        base = {"X": X, "y": Y} if method == "score" else {"X": X}
        base = {k: v for k, v in base.items() if k in params}
        sites.append(
            Site(
                site,
                params,
                base,
                lambda kw, m=method: getattr(fitted, m)(**kw),
            )
        )
    return sites


def _sites_of_display(name, cls):
    sites = []
    for attr, member in inspect.getmembers(cls):
        if attr.startswith("from_") and inspect.ismethod(member):
            site = f"{name}.{attr}"
            params = _parameters(member)
            sites.append(
                Site(
                    site,
                    params,
                    _base_args(site, params),
                    lambda kw, f=member, p=params: _call(f, p, kw),
                )
            )
    return sites


def _sites_of_streaming_metric(name, cls):
    """A Keras metric: construct, ``update_state`` on one batch, ``result``."""
    init = _parameters(cls.__init__, skip_first=True)
    update = _parameters(cls.update_state, skip_first=True)
    init_base = _base_args(name, init)
    update_base = {"y_true": Y, "y_pred": PROBA}

    def result(metric, kw):
        metric.update_state(**kw)
        return float(metric.result())

    return [
        Site(
            name,
            init,
            init_base,
            lambda kw: result(cls(**kw), update_base),
            raisers=("sk_imbalance", "keras"),
        ),
        Site(
            f"{name}.update_state",
            update,
            update_base,
            lambda kw: result(cls(**init_base), kw),
            raisers=("sk_imbalance", "keras", "torch"),
        ),
    ]


def _sites_of_scorer(name, scorer):
    params = _parameters(type(scorer).__call__, skip_first=True)
    params = {k: p for k, p in params.items() if p.kind is not p.VAR_KEYWORD}
    base = {"estimator": _fitted_classifier(), "X": X, "y_true": Y}
    return [Site(name, params, base, lambda kw: scorer(**kw))]


def _sites():
    sites = []
    for qualified, obj in _public_objects():
        name = qualified.rsplit(".", 1)[1]
        if inspect.isclass(obj) and issubclass(obj, Warning):
            continue  # warning classes take no arguments to check
        if inspect.isclass(obj) and issubclass(obj, BaseEstimator):
            sites += _sites_of_estimator(name, obj)
        elif inspect.isclass(obj) and hasattr(obj, "update_state"):
            sites += _sites_of_streaming_metric(name, obj)
        elif inspect.isclass(obj) and any(a.startswith("from_") for a in dir(obj)):
            sites += _sites_of_display(name, obj)
        elif inspect.isfunction(obj):
            sites += _sites_of_function(name, obj)
        elif callable(obj) and hasattr(obj, "_score_func"):
            sites += _sites_of_scorer(name, obj)
        else:
            raise LookupError(
                f"No call-site recipe for the public name {qualified} "
                f"({type(obj).__name__}); teach tests/test_public_api.py about it."
            )
    return sites


SITES = _sites()


def _shown(value):
    """The ways a message may show ``value`` (for ``**kwargs``, the dict's value)."""
    if isinstance(value, dict):
        return [repr(value), *(text for v in value.values() for text in _shown(v))]
    return [repr(value), str(value)]


def _other_rows(base, name):
    return any(
        key != name
        and hasattr(value, "__len__")
        and not isinstance(value, str)
        and len(value) == N
        for key, value in base.items()
    )


def _cases():
    cases = []
    for site in SITES:
        for name, param in site.params.items():
            if param.kind is param.VAR_POSITIONAL:
                continue
            if param.kind is param.VAR_KEYWORD and name not in VAR_KEYWORD_KEY:
                # Unknown keyword arguments must be refused by name.
                cases.append((site, name, "unknown_keyword", {"bogus_param": 1}, None))
                continue
            valid = site.base.get(name, param.default)
            constraints = _constraints(site, name)
            generated = dict(_constraint_cases(constraints, valid))
            semantic = dict(_semantic_cases(site, name))
            merged = {**generated, **semantic}
            # A bad scalar is shown in the message, as scikit-learn's "Got ...
            # instead."; a message about an array or its content describes it.
            scalar = not any(
                c in ("array-like", "sparse matrix") for c in constraints or []
            )
            if not merged:
                raise LookupError(
                    f"{site.name}: no constraint and no semantic case for {name!r}; "
                    "add it to HAND_CHECKED or SEMANTIC in tests/test_public_api.py."
                )
            for case, value in merged.items():
                if case == "short" and not _other_rows(site.base, name):
                    continue  # a shorter array is only bad next to another one
                if param.kind is param.VAR_KEYWORD:
                    value = {VAR_KEYWORD_KEY[name]: value}
                if isinstance(_outcome(site.name, name, case), Unchecked):
                    continue
                shown = _shown(value) if scalar and case not in semantic else None
                cases.append((site, name, case, value, shown))
    return cases


CASES = _cases()


# --------------------------------------------------------------------------------------
# Checks of a result.


def _assert_finite(result, where):
    if result is None or isinstance(result, (str, bytes, bool)):
        return
    if isinstance(result, Number):
        assert math.isfinite(result), f"{where}: non-finite {result}"
        return
    if isinstance(result, np.ndarray):
        if result.dtype.kind in "fc":
            assert np.isfinite(result).all(), f"{where}: non-finite {result}"
        return
    if sparse.issparse(result):
        assert np.isfinite(result.data).all(), where
        return
    if isinstance(result, dict):
        for value in result.values():
            _assert_finite(value, where)
        return
    if isinstance(result, (list, tuple)):
        for value in result:
            _assert_finite(value, where)
        return
    if hasattr(result, "predict"):  # a fitted estimator
        for method in ("predict", "predict_proba", "decision_function"):
            if hasattr(result, method):
                _assert_finite(getattr(result, method)(X), f"{where}.{method}")


@pytest.mark.parametrize(
    "bad",
    [
        math.inf,
        -math.inf,
        math.nan,
        np.float64(np.inf),
        np.array([0.5, np.inf]),
        np.array([np.nan]),
        sparse.csr_matrix(np.array([[0.0, -np.inf]])),
        {"a": 1.0, "b": np.inf},
        [0.0, (1.0, np.nan)],
    ],
    ids=repr,
)
def test_assert_finite_catches_non_finite(bad):
    """Check that the walker's finiteness check fails on inf, -inf and NaN,
    wherever they sit in the result."""
    with pytest.raises(AssertionError):
        _assert_finite(bad, "here")
    _assert_finite([1.0, {"a": np.array([2.0])}, "text", None], "here")


def _metric_reference(site, kwargs):
    """scikit-learn's value of a metric call, or None when there is no reference."""
    if site.name not in (
        "sensitivity_score",
        "specificity_score",
        "tradeoff_score",
        "per_class_accuracy_score",
    ):
        return None
    y_true, y_pred = kwargs["y_true"], kwargs["y_pred"]
    sw = kwargs.get("sample_weight")
    pos = kwargs.get("pos_label", 1)
    labels = np.unique(np.concatenate([np.asarray(y_true), np.asarray(y_pred)]))

    def recall(label):
        return recall_score(
            np.asarray(y_true) == label,
            np.asarray(y_pred) == label,
            sample_weight=sw,
            zero_division=0,
        )

    if site.name == "sensitivity_score":
        return recall(pos)
    negatives_true = np.asarray(y_true) != pos
    specificity = recall_score(
        negatives_true, np.asarray(y_pred) != pos, sample_weight=sw, zero_division=0
    )
    if site.name == "specificity_score":
        return specificity
    if site.name == "tradeoff_score":
        t = kwargs.get("t", 0.5)
        return t * recall(pos) + (1 - t) * specificity
    wanted = kwargs.get("labels")
    return np.array([recall(c) for c in (labels if wanted is None else wanted)])


# --------------------------------------------------------------------------------------
# The tests.


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    if "matplotlib.pyplot" in sys.modules:  # the Displays open figures
        sys.modules["matplotlib.pyplot"].close("all")


def test_walk_covers_every_public_name():
    """Check that every public name yields at least one call site and bad-input case."""
    names = {
        q.rsplit(".", 1)[1]
        for q, obj in _public_objects()
        if not (inspect.isclass(obj) and issubclass(obj, Warning))
    }
    assert names <= {site.name.split(".")[0] for site in SITES}
    assert names <= {site.name.split(".")[0] for site, *_ in CASES}


@pytest.mark.parametrize("site", SITES, ids=repr)
def test_base_call_is_valid(site):
    """Check that each site's base call works and is finite (the bad cases then
    differ from a valid call in one argument only)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _assert_finite(site.run(dict(site.base)), site.name)


def _innermost_file(excinfo):
    tb = excinfo.tb
    while tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame.f_code.co_filename


@pytest.mark.parametrize(
    "site, param, case, value, shown",
    CASES,
    ids=[f"{s.name}-{p}-{c}" for s, p, c, *_ in CASES],
)
def test_bad_input(site, param, case, value, shown):
    """Check that a bad value of one argument raises a clear error naming it, or is
    documented valid input with a finite, correct result; never warning spam."""
    kwargs = dict(site.base)
    kwargs[param] = value
    outcome = _outcome(site.name, param, case)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = site.run(kwargs)
        except Exception as exc:  # the type is what we check
            error = exc
            excinfo = pytest.ExceptionInfo.from_exception(exc)
        else:
            error = None

    if error is None:
        assert not isinstance(outcome, Raises), (
            f"{site.name}({param}={value!r}) was accepted; expected an error"
        )
        allowed = outcome.warns if isinstance(outcome, Valid) else ()
        unexpected = [w for w in caught if not issubclass(w.category, allowed or ())]
        assert not unexpected, [str(w.message) for w in unexpected]
        if not (isinstance(outcome, Valid) and outcome.nan):
            _assert_finite(result, site.name)
        expected = _metric_reference(site, kwargs)
        if expected is not None:
            np.testing.assert_allclose(result, expected)
        return

    assert not isinstance(outcome, Valid), (
        f"documented valid input raised: {type(error).__name__}: {error}"
    )
    assert isinstance(error, (ValueError, TypeError)), (
        f"{type(error).__name__}: {error}"
    )
    match = outcome.match or (
        rf"(?<![A-Za-z0-9_]){re.escape(param if case != 'unknown_keyword' else 'bogus_param')}(?![A-Za-z0-9_])"
    )
    assert re.search(match, str(error)), (
        f"the message does not name {param!r}: {type(error).__name__}: {error}"
    )
    if shown is not None:
        assert any(text in str(error) for text in shown), (
            f"the message does not show the value {value!r}: {error}"
        )
    innermost = _innermost_file(excinfo)
    assert any(f"/{pkg}/" in innermost for pkg in site.raisers), (
        f"raised from inside {innermost}: {error}"
    )
    assert not caught, [str(w.message) for w in caught]
