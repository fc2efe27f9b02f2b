"""Tests of the prevalence-based bounds of precision, NPV and alert rate."""

import numpy as np
import pytest
from sklearn.metrics import precision_score

from sk_imbalance.metrics import alert_rate_score, npv_score
from sk_imbalance.model_selection._counts import CountTable
from sk_imbalance.model_selection._requirements import (
    alert_rate_at,
    alert_rate_upper_bound,
    joint_level,
    npv_at,
    npv_lower_bound,
    pooled_class_counts,
    precision_at,
    precision_lower_bound,
    training_prevalence,
)


def _population(n_pos, caught, n_neg, cleared):
    """Labels and predictions with exactly these counts."""
    y_true = np.r_[np.ones(n_pos, int), np.zeros(n_neg, int)]
    y_pred = np.r_[
        np.ones(caught, int),
        np.zeros(n_pos - caught, int),
        np.zeros(cleared, int),
        np.ones(n_neg - cleared, int),
    ]
    return y_true, y_pred


@pytest.mark.parametrize(
    "n_pos, caught, n_neg, cleared", [(200, 150, 800, 760), (50, 49, 950, 600)]
)
def test_predictive_values_at_prevalence_equal_counted_ones(
    n_pos, caught, n_neg, cleared
):
    """Check that precision, NPV and alert rate from (sensitivity, specificity,
    prevalence) equal scikit-learn's precision_score and the counted NPV and
    alert rate of a population with that prevalence."""
    y_true, y_pred = _population(n_pos, caught, n_neg, cleared)
    se, sp, pi = caught / n_pos, cleared / n_neg, n_pos / (n_pos + n_neg)
    assert precision_at(se, sp, pi) == pytest.approx(precision_score(y_true, y_pred))
    assert npv_at(se, sp, pi) == pytest.approx(npv_score(y_true, y_pred))
    assert alert_rate_at(se, sp, pi) == pytest.approx(alert_rate_score(y_true, y_pred))


def test_pooled_counts_average_repeats_and_sum_folds():
    """Check pooled counts by hand: two repeats of two folds; per repeat the
    folds add up, the rates of the repeats are averaged, n is the smaller
    repeat's size."""
    # Repeat 0: folds with (tp, fn) = (3, 1) and (4, 2): 7 of 10 positives.
    # Repeat 1: (5, 0) and (3, 2): 8 of 10.  Negatives: (tn, fp) (9, 1) per fold.
    cells = np.array([[[3, 1, 9, 1], [4, 2, 9, 1], [5, 0, 9, 1], [3, 2, 9, 1]]])
    table = CountTable(
        ts=[0.5],
        weighted=cells,
        counts=cells,
        squares=cells,
        repeats=np.array([0, 0, 1, 1]),
        fitted=[True],
    )
    counts = pooled_class_counts(table)
    k, n = counts["sensitivity"]
    assert n[0] == 10 and k[0] == pytest.approx(7.5)
    k, n = counts["specificity"]
    assert n[0] == 20 and k[0] == pytest.approx(18)
    assert training_prevalence(table) == pytest.approx(10 / 30)


def test_joint_level_is_sidak():
    """Check that two bounds at the joint level hold together with probability
    confidence when independent: level**2 == confidence."""
    assert joint_level(0.9) ** 2 == pytest.approx(0.9)


def _simulated_table(n_sims, n_pos, n_neg, sensitivity, specificity, seed):
    """One row per simulation: a fixed model with known rates met on fresh
    positives and negatives, as one cross-validation split."""
    rng = np.random.default_rng(seed)
    is_pos = np.r_[np.ones(n_pos, bool), np.zeros(n_neg, bool)]
    rate = np.where(is_pos, sensitivity, 1 - specificity)
    pred = rng.random((n_sims, is_pos.size)) < rate
    return CountTable.from_predictions(np.arange(n_sims), is_pos, pred)


@pytest.mark.parametrize(
    "sensitivity, specificity, n_pos, n_neg",
    [(0.85, 0.9, 40, 400), (0.95, 0.7, 100, 300), (0.6, 0.98, 25, 2000)],
)
@pytest.mark.parametrize("prevalence", [0.01, 0.3])
def test_bounds_cover_the_true_values(
    sensitivity, specificity, n_pos, n_neg, prevalence
):
    """Check by seeded simulation that the precision and NPV lower bounds and the
    alert-rate upper bound at a deployment prevalence other than the data's
    hold in at least 90% of 2000 draws at confidence 0.9 (slack 0.02, about
    3 standard errors)."""
    confidence = 0.9
    table = _simulated_table(2000, n_pos, n_neg, sensitivity, specificity, seed=0)
    counts = pooled_class_counts(table)
    truth = {
        "precision": precision_at(sensitivity, specificity, prevalence),
        "npv": npv_at(sensitivity, specificity, prevalence),
        "alert": alert_rate_at(sensitivity, specificity, prevalence),
    }
    violations = {
        "precision": np.mean(
            precision_lower_bound(counts, prevalence, confidence) > truth["precision"]
        ),
        "npv": np.mean(npv_lower_bound(counts, prevalence, confidence) > truth["npv"]),
        "alert": np.mean(
            alert_rate_upper_bound(counts, prevalence, confidence) < truth["alert"]
        ),
    }
    assert max(violations.values()) <= 1 - confidence + 0.02, violations


def test_bounds_are_informative():
    """Check that the bounds are close to the truth on large samples (within
    0.04): the joint rule is valid without being vacuous."""
    se, sp, pi = 0.9, 0.95, 0.1
    table = _simulated_table(200, 5000, 5000, se, sp, seed=1)
    counts = pooled_class_counts(table)
    assert (
        np.median(precision_lower_bound(counts, pi, 0.9))
        > precision_at(se, sp, pi) - 0.04
    )
    assert np.median(npv_lower_bound(counts, pi, 0.9)) > npv_at(se, sp, pi) - 0.04
    assert (
        np.median(alert_rate_upper_bound(counts, pi, 0.9))
        < alert_rate_at(se, sp, pi) + 0.04
    )
