"""scikit-learn's estimator checks over the parameter space, strict.

Every configuration lists its own expected failures with the reason; with
``xfail_strict = true`` a check that starts passing fails the suite, so the list
cannot go stale.
"""

import warnings

import pytest
import sklearn
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression, RidgeClassifier
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, LinearSVC
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.estimator_checks import parametrize_with_checks

from sk_imbalance import (
    TradeoffBaggingClassifier,
    TradeoffClassifier,
    TradeoffClassifierCV,
    jitter,
)

_DENSE = "check_sample_weight_equivalence_on_dense_data"
_SPARSE = "check_sample_weight_equivalence_on_sparse_data"
_BOTH = (_DENSE, _SPARSE)

CONFIGURATIONS = []


def _add(estimator, **expected_failures):
    """Register ``estimator`` with ``{check name: reason}`` expected failures."""
    CONFIGURATIONS.append((estimator, expected_failures))


def _reasons(checks, reason):
    return dict.fromkeys(checks, reason)


# scikit-learn before 1.9: checks whose data differ from 1.9's (the minimum
# versions run tests 1.7).
_BEFORE_1_9 = tuple(int(p) for p in sklearn.__version__.split(".")[:2]) < (1, 9)


def _before_1_9(checks, reason):
    return _reasons(checks, reason) if _BEFORE_1_9 else {}


# TradeoffClassifier: t, pos_label, class_priority, correct_proba, weighting.
_add(TradeoffClassifier())
_add(TradeoffClassifier(LogisticRegression(), t=0.9))
_add(
    TradeoffClassifier(LogisticRegression(), t=0.7, pos_label=1),
    check_classifiers_classes="relabels the classes as strings, so the fixed "
    "pos_label=1 is not among them: a clear ValueError by design",
)
_add(TradeoffClassifier(LogisticRegression(), t=0.0))
_add(TradeoffClassifier(LogisticRegression(), t=1.0))
_add(
    TradeoffClassifier(LogisticRegression(), t=0.9, correct_proba=True),
    check_classifiers_train="predict keeps the tradeoff decision while "
    "predict_proba returns the corrected risks, so predict is not "
    "argmax(predict_proba) by design (as FixedThresholdClassifier)",
)
_add(
    TradeoffClassifier(LogisticRegression(), class_priority={0: 2.0}),
    **_reasons(
        (
            "check_classifier_data_not_an_array",
            "check_classifiers_classes",
            "check_estimators_dtypes",
            "check_fit2d_1feature",
            "check_fit2d_1sample",
            "check_sample_weights_not_an_array",
            "check_sample_weights_not_overwritten",
            "check_sample_weights_pandas_series",
            "check_sample_weights_shape",
        ),
        "the check's labels ({1, 2}, strings or one class) do not include the "
        "class 0 that class_priority names: a clear ValueError by design",
    ),
)
_add(TradeoffClassifier(LogisticRegression(), weighting="sample_weight"))
_add(
    TradeoffClassifier(LogisticRegression(), weighting="resample", random_state=0),
    **_reasons(
        _BOTH,
        "resampling rounds the weights to whole copies stochastically: a "
        "weight of 2 and two repeated rows give different copies",
    ),
)
_add(
    TradeoffClassifier(LogisticRegression(), weighting="undersample", random_state=0),
    **_reasons(_BOTH, "a random subset of the rows is not equivalent to repeated rows"),
)
_add(
    TradeoffClassifier(
        DecisionTreeClassifier(max_depth=3, random_state=0),
        weighting="undersample",
        random_state=0,
    ),
    **_reasons(_BOTH, "a random subset of the rows is not equivalent to repeated rows"),
)
_add(
    TradeoffClassifier(
        DecisionTreeClassifier(max_depth=3, random_state=0),
        augment=jitter(),
        random_state=0,
    ),
    check_estimator_sparse_tag="jitter refuses sparse X (noise would make it "
    "dense) while the tags follow the inner estimator, which accepts sparse X",
    **_reasons(
        (_SPARSE,),
        "jitter refuses sparse X (noise would make it dense)",
    ),
)

# Inner estimators, with and without predict_proba.
_add(TradeoffClassifier(RidgeClassifier()))
_add(TradeoffClassifier(GaussianNB()))
_add(
    TradeoffClassifier(SVC(random_state=0)),
    **_reasons(
        _BOTH,
        "scikit-learn xfails this for SVC itself: libsvm's sample_weight "
        "rescales C per sample, not equivalent to repeated rows",
    ),
)
_add(
    TradeoffClassifier(SVC(probability=True, random_state=0)),
    **_reasons(
        _BOTH,
        "as SVC; plus the internal CV of Platt scaling splits repeated rows "
        "differently",
    ),
)
_add(TradeoffClassifier(DecisionTreeClassifier(random_state=0)))
_add(
    TradeoffClassifier(RandomForestClassifier(n_estimators=5, random_state=0)),
    **_reasons(
        _BOTH,
        "bootstrap draws rows uniformly: weights are not equivalent to "
        "repeated rows (scikit-learn xfails it too)",
    ),
)
_add(
    TradeoffClassifier(HistGradientBoostingClassifier(max_iter=10, random_state=0)),
    **_reasons(
        _BOTH,
        "binning and early stopping see repeated rows differently "
        "(scikit-learn xfails it for HistGradientBoostingClassifier)",
    ),
)
_add(
    TradeoffClassifier(KNeighborsClassifier()),
    **_reasons(
        _BOTH,
        "no sample_weight: the resampling fallback rounds the weights to "
        "whole copies stochastically",
    ),
)
_add(
    TradeoffClassifier(LinearDiscriminantAnalysis()),
    **_reasons(
        (_DENSE,),
        "no sample_weight: the resampling fallback rounds the weights to "
        "whole copies stochastically",
    ),
)
_add(TradeoffClassifier(MLPClassifier(max_iter=50, random_state=0)))
_add(
    TradeoffClassifier(make_pipeline(StandardScaler(), LogisticRegression())),
    **_reasons(
        (_DENSE,),
        "the weights reach only the final step: the scaler's mean and "
        "variance see repeated rows but not weights",
    ),
)

# TradeoffBaggingClassifier: a new sample per member.
_BAGGING_EQUIVALENCE = (
    "each member fits on a random sample of the rows: a weighted row and "
    "repeated rows are drawn differently"
)
_add(
    TradeoffBaggingClassifier(n_estimators=5, random_state=0),
    **_reasons(_BOTH, _BAGGING_EQUIVALENCE),
)
_add(
    TradeoffBaggingClassifier(
        n_estimators=5, t=0.8, replacement=True, oob_score=True, random_state=0
    ),
    **_reasons(_BOTH, _BAGGING_EQUIVALENCE),
)
_add(
    TradeoffBaggingClassifier(
        LogisticRegression(), n_estimators=3, max_features=0.5, random_state=0
    ),
    **_reasons(_BOTH, _BAGGING_EQUIVALENCE),
)
_add(
    TradeoffBaggingClassifier(
        n_estimators=3, t=0.8, correct_proba=True, random_state=0
    ),
    check_classifiers_train="predict keeps the tradeoff decision while "
    "predict_proba returns the corrected risks, so predict is not "
    "argmax(predict_proba) by design (as TradeoffClassifier)",
    **_reasons(_BOTH, _BAGGING_EQUIVALENCE),
)
_add(TradeoffBaggingClassifier(n_estimators=3, t=1.0, random_state=0))

# Configurations where X used to be checked or not depending on t and on the
# rows drawn, and a class without weight for libsvm.
_add(TradeoffClassifier(make_pipeline(StandardScaler(), LogisticRegression()), t=0.0))
_add(TradeoffClassifier(make_pipeline(StandardScaler(), LogisticRegression()), t=1.0))
_add(
    TradeoffClassifier(
        KNeighborsClassifier(), t=0.7, weighting="undersample", random_state=0
    ),
    check_fit2d_1feature="the check's 10 rows, undersampled for t=0.7, keep "
    "fewer than n_neighbors=5: a clear ValueError by design, naming "
    "n_neighbors rather than the feature",
    **_reasons(_BOTH, "a random subset of the rows is not equivalent to repeated rows"),
)
_add(
    TradeoffClassifier(SVC(random_state=0), class_priority={2: 0}),
    **_reasons(
        (
            "check_estimators_empty_data_messages",
            "check_pipeline_consistency",
            "check_estimators_nan_inf",
            "check_estimators_pickle",
            "check_classifiers_classes",
            "check_classifiers_train",
            "check_fit2d_1sample",
            "check_fit_idempotent",
            "check_fit_check_is_fitted",
            "check_n_features_in",
        ),
        "the check's labels (binary, or strings) do not include the class 2 "
        "that class_priority names: a clear ValueError by design",
    ),
    **_before_1_9(
        ("check_n_features_in_after_fitting",),
        "binary labels in scikit-learn < 1.9's check, without the class 2 "
        "that class_priority names: a clear ValueError by design",
    ),
    **_reasons(
        _BOTH,
        "scikit-learn xfails this for SVC itself: libsvm's sample_weight "
        "rescales C per sample, not equivalent to repeated rows",
    ),
)

# TradeoffClassifierCV: defaults, threshold path, float objective, minimums.
_CV_EQUIVALENCE = (
    "choosing t by cross-validation splits the rows into folds; repeated rows "
    "land in other folds than one weighted row, so the chosen t can differ"
)
_add(TradeoffClassifierCV())
_add(TradeoffClassifierCV(ts=[0.3, 0.5, 0.7], cv=2))
_add(
    TradeoffClassifierCV(
        make_pipeline(StandardScaler(), LogisticRegression()),
        ts=[0.4, 0.6],
        cv=2,
        method="threshold",
    ),
    **_reasons(
        (_DENSE,),
        _CV_EQUIVALENCE + "; and the scaler sees repeated rows but not weights",
    ),
)
_add(
    TradeoffClassifierCV(LinearSVC(), ts=[0.4, 0.6], cv=2, method="threshold"),
    **_reasons(_BOTH, _CV_EQUIVALENCE + "; and liblinear's weights rescale C"),
)
_add(
    TradeoffClassifierCV(
        DecisionTreeClassifier(random_state=0), ts=[0.4, 0.6], cv=2, selection="best"
    )
)
# The refined path with ts read off the anchors (the default for a tree).
_add(
    TradeoffClassifierCV(
        DecisionTreeClassifier(max_depth=3, random_state=0),
        ts=[0.1, 0.2, 0.5, 0.8, 0.9],
        cv=2,
    )
)
_add(TradeoffClassifierCV(ts=[0.2, 0.5, 0.8], cv=2, objective=0.7))
_add(TradeoffClassifierCV(ts=[0.2, 0.5, 0.8], cv=2, min_sensitivity=0.8))
# A model without probabilities in every method.
for _method in ("auto", "refit", "threshold", "refine"):
    _add(
        TradeoffClassifierCV(SVC(), ts=[0.2, 0.5, 0.8], cv=2, method=_method),
        **_reasons(_BOTH, _CV_EQUIVALENCE + "; and libsvm's sample_weight rescales C"),
    )
# With a confidence: the rule from pooled out-of-fold counts, and the exact mode
# (a FixedThresholdClassifier on a held-out half).
_add(TradeoffClassifierCV(ts=[0.3, 0.7], cv=2, min_sensitivity=0.5, confidence=0.8))
_add(
    TradeoffClassifierCV(
        ts=[0.5], cv=2, min_sensitivity=0.5, confidence=0.8, guarantee="exact"
    ),
    check_classifiers_train=(
        "the held-out threshold moves predict away from predict_proba's 0.5 and "
        "decision_function's 0, as scikit-learn's FixedThresholdClassifier"
    ),
    **_reasons(
        _BOTH,
        "repeated rows and one weighted row fall on different sides of the "
        "held-out split",
    ),
)


# Failures of one variant of a check (expected_failed_checks names a check, all
# its variants): {(configuration repr, check name, variant keywords): reason}.
_VARIANT_FAILURES = {
    (
        "TradeoffClassifier(estimator=SVC(probability=True, random_state=0))",
        "check_estimators_pickle",
        (("readonly_memmap", True),),
    ): "SVC(probability=True) itself fails predict_proba on read-only memmapped "
    "data in scikit-learn 1.9 (libsvm's buffer is not const)",
}


def _variant_failure(estimator, check):
    keywords = tuple(sorted(getattr(check, "keywords", {}).items()))
    name = getattr(check, "func", check).__name__
    return _VARIANT_FAILURES.get((repr(estimator), name, keywords))


def _expected_failed_checks(estimator):
    for configured, failures in CONFIGURATIONS:
        if configured is estimator:
            return failures
    raise AssertionError(f"{estimator!r} is not a registered configuration")


# SVC(probability=True) is deprecated in scikit-learn 1.9; it is still in use.
@pytest.mark.filterwarnings("ignore:The `probability` parameter:FutureWarning")
@parametrize_with_checks(
    [estimator for estimator, _ in CONFIGURATIONS],
    expected_failed_checks=_expected_failed_checks,
)
def test_sklearn_compatible(estimator, check, request):
    """Check that each configuration passes scikit-learn's estimator checks,
    except its listed expected failures."""
    reason = _variant_failure(estimator, check)
    if reason is not None:
        request.applymarker(pytest.mark.xfail(reason=reason, strict=True))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=sklearn.exceptions.ConvergenceWarning)
        check(estimator)
