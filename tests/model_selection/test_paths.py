"""Tests for the per-fold strategies of ``model_selection/_paths.py``."""

from types import SimpleNamespace

import numpy as np
import pytest
from joblib import cpu_count, parallel_config
from scipy.special import expit, logit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression, Perceptron, SGDClassifier
from sklearn.metrics import confusion_matrix
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from sk_imbalance.model_selection._counts import CountTable
from sk_imbalance.model_selection._paths import (
    _anchor_indices,
    _auto_method,
    _fold_counts,
    _threads_per_job,
    _threshold_counts,
)


def test_fold_counts_match_confusion_matrix():
    """Check that the weighted fold counts equal scikit-learn's weighted
    confusion matrix cells."""
    rng = np.random.default_rng(0)
    is_pos = rng.random(50) < 0.3
    pred_pos = rng.random(50) < 0.4
    w = rng.uniform(0.1, 3, 50)
    (tn, fp), (fn, tp) = confusion_matrix(is_pos, pred_pos, sample_weight=w)
    weighted, counts, squares, *_ = _fold_counts(is_pos, pred_pos, w)
    np.testing.assert_allclose(weighted, [tp, fn, tn, fp])
    (tn, fp), (fn, tp) = confusion_matrix(is_pos, pred_pos)
    np.testing.assert_array_equal(counts, [tp, fn, tn, fp])
    (tn, fp), (fn, tp) = confusion_matrix(is_pos, pred_pos, sample_weight=w**2)
    np.testing.assert_allclose(squares, [tp, fn, tn, fp])


def test_rates_nan_for_an_absent_class():
    """Check that a fold without positives has NaN sensitivity, not 0."""
    table = CountTable.from_predictions([0.5], [False] * 4, [[False] * 3 + [True]])
    sensitivity, specificity = table.rates()
    assert np.isnan(sensitivity[0])
    assert specificity[0] == 0.75


@pytest.mark.parametrize(
    "estimator, method",
    [
        (LogisticRegression(), "threshold"),
        (make_pipeline(StandardScaler(), LogisticRegression()), "threshold"),
        (SGDClassifier(loss="log_loss"), "threshold"),
        (CalibratedClassifierCV(SVC()), "threshold"),
        (SGDClassifier(loss="modified_huber"), "refine"),
        (DecisionTreeClassifier(), "refine"),
        (RandomForestClassifier(), "refine"),
        (HistGradientBoostingClassifier(), "refine"),
        (GaussianNB(), "refine"),
        (SVC(probability=True), "refine"),
        (SVC(), "refit"),
        (make_pipeline(StandardScaler(), SVC()), "refit"),
        (make_pipeline(StandardScaler(), RandomForestClassifier()), "refine"),
        (Perceptron(), "refit"),
        # A Pipeline ending in a Pipeline is judged as the flattened one.
        (
            make_pipeline(StandardScaler(), make_pipeline(LogisticRegression())),
            "threshold",
        ),
        (make_pipeline(make_pipeline(StandardScaler(), SVC())), "refit"),
        (SGDClassifier(), "refit"),
    ],
)
def test_auto_rule(estimator, method):
    """Check the documented rule of method='auto'."""
    assert _auto_method(estimator) == method


def test_threads_per_job_never_oversubscribe():
    """Check that jobs x threads stays within the cores, one job included."""
    cores = cpu_count()
    for n_jobs, n_tasks in ((None, 10), (1, 10), (2, 1)):  # (2, 1): one job
        assert 1 <= _threads_per_job(n_jobs, n_tasks) <= cores
    for n_jobs in (2, 3, 64):
        threads = _threads_per_job(n_jobs, 100)
        assert threads >= 1
        assert threads * min(n_jobs, 100) <= max(cores, min(n_jobs, 100))
    with parallel_config(n_jobs=2):
        assert _threads_per_job(None, 10) == max(1, cores // 2)


def test_anchor_indices_closest_in_log_odds():
    """Check that the anchors are the ts closest in log-odds to 0.2, 0.5 and
    0.8, each once, never a constant decision (0 or 1)."""
    ts = np.round(np.linspace(0.05, 0.95, 19), 10)
    np.testing.assert_array_equal(ts[_anchor_indices(ts)], [0.2, 0.5, 0.8])
    # logit(0.3) is nearer logit(0.2) than logit(0.5) is; 0.65 is 0.5's.
    ts = np.array([0.0, 0.3, 0.65, 1.0])
    np.testing.assert_array_equal(ts[_anchor_indices(ts)], [0.3, 0.65])


@pytest.mark.parametrize("kind", ["proba", "decision"])
def test_threshold_counts_shift_odds_from_anchor(kind):
    """Check that scores of a model fitted at anchor a are read at t by
    Bayes' rule: positive when the log-odds plus logit(t) - logit(a) exceed 0."""
    rng = np.random.default_rng(0)
    log_odds = rng.normal(scale=2, size=200)
    is_pos = rng.random(200) < 0.3
    if kind == "proba":
        scores = np.column_stack([expit(-log_odds), expit(log_odds)])
    else:
        scores = log_odds
    ts, anchor = np.array([0.0, 0.05, 0.3, 0.7, 0.9, 1.0]), 0.8
    fold = SimpleNamespace(is_pos=is_pos, w_test=None, cost_test=None)
    counts = _threshold_counts(scores, kind, 1, fold, ts, anchor)
    for row, t in zip(counts, ts, strict=True):
        if t in (0.0, 1.0):
            pred = np.full(200, t == 1.0)
        else:
            pred = log_odds + logit(t) - logit(anchor) > 0
        (tn, fp), (fn, tp) = confusion_matrix(is_pos, pred, labels=[False, True])
        np.testing.assert_allclose(row[0], [tp, fn, tn, fp])
