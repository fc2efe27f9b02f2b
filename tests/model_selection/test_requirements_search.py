"""TradeoffClassifierCV with precision, NPV, alert-budget and cost requirements."""

import numpy as np
import pytest
import sklearn
from scipy.stats import beta
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, make_scorer, recall_score
from sklearn.model_selection import (
    GridSearchCV,
    StratifiedKFold,
    cross_val_predict,
    cross_validate,
)
from sklearn.naive_bayes import GaussianNB

from sk_imbalance import TradeoffClassifier, TradeoffClassifierCV
from sk_imbalance.exceptions import RequirementNotMetWarning
from sk_imbalance.metrics import expected_cost, tradeoff_scoring
from sk_imbalance.model_selection import constrained_refit
from sk_imbalance.model_selection._counts import CELLS
from sk_imbalance.model_selection._paths import _fold_counts
from sk_imbalance.model_selection._requirements import (
    alert_rate_at,
    npv_at,
    precision_at,
)

TS = [0.2, 0.4, 0.5, 0.6, 0.8, 0.9]
COSTS = {"false_positive": 5, "false_negative": 100}


@pytest.fixture(scope="module")
def data():
    return make_classification(
        n_samples=600, weights=[0.85], flip_y=0.02, random_state=0
    )


@pytest.fixture(scope="module")
def fold_rates(data):
    """Mean fold sensitivity and specificity of every t, from scikit-learn's
    cross_validate of fresh models on the same folds (the reference)."""
    X, y = data
    cv = StratifiedKFold(4, shuffle=True, random_state=0)
    scoring = {
        "sens": make_scorer(recall_score),
        "spec": make_scorer(recall_score, pos_label=0),
    }
    sens, spec = [], []
    for t in TS:
        res = cross_validate(
            TradeoffClassifier(LogisticRegression(), t=t), X, y, cv=cv, scoring=scoring
        )
        sens.append(res["test_sens"].mean())
        spec.append(res["test_spec"].mean())
    return np.array(sens), np.array(spec), cv


def _search(cv, **params):
    return TradeoffClassifierCV(
        LogisticRegression(), ts=TS, cv=cv, method="refit", **params
    )


@pytest.mark.parametrize(
    "params, feasible, objective",
    [
        (
            {"min_precision": 0.5, "objective": "sensitivity"},
            lambda se, sp, pi: precision_at(se, sp, pi) >= 0.5,
            lambda se, sp, pi: se,
        ),
        (
            {"min_npv": 0.97, "objective": "specificity"},
            lambda se, sp, pi: npv_at(se, sp, pi) >= 0.97,
            lambda se, sp, pi: sp,
        ),
        (
            {"max_alert_rate": 0.2, "objective": "sensitivity"},
            lambda se, sp, pi: alert_rate_at(se, sp, pi) <= 0.2,
            lambda se, sp, pi: se,
        ),
        (
            {"min_sensitivity": 0.88, "objective": "precision", "prevalence": 0.02},
            lambda se, sp, pi: se >= 0.88,
            lambda se, sp, pi: precision_at(se, sp, 0.02),
        ),
    ],
)
def test_mean_rule_matches_cross_validate(
    data, fold_rates, params, feasible, objective
):
    """Check that, on the mean rule, the chosen t is the best objective among the
    t whose requirement holds at the training prevalence, computed from
    scikit-learn's cross-validated recall of each class."""
    X, y = data
    sens, spec, cv = fold_rates
    pi = y.mean()
    ok = feasible(sens, spec, pi)
    assert ok.any() and not ok.all()  # the requirement decides something
    value = np.where(ok, objective(sens, spec, pi), -np.inf)
    expected = TS[int(np.argmax(value))]
    assert _search(cv, **params).fit(X, y).best_t_ == expected


@pytest.mark.parametrize(
    "params, key, reference",
    [
        (
            {"min_precision": 0.5},
            "precision",
            lambda se, sp, pi: pi * se / (pi * se + (1 - pi) * (1 - sp)),
        ),
        (
            {"min_npv": 0.97, "prevalence": 0.05},
            "npv",
            lambda se, sp, pi: (1 - 0.05) * sp / ((1 - 0.05) * sp + 0.05 * (1 - se)),
        ),
        (
            {"max_alert_rate": 0.2},
            "predicted_negative_rate",
            lambda se, sp, pi: pi * (1 - se) + (1 - pi) * sp,
        ),
    ],
)
def test_derived_minimums_are_reported_per_t(data, fold_rates, params, key, reference):
    """Check that each minimum on precision, NPV or alerts is reported per t in
    cv_results_ as derived_test_<metric>: Bayes' rule at the prevalence (the
    training one by default) on scikit-learn's cross-validated recalls."""
    X, y = data
    sens, spec, cv = fold_rates
    search = _search(cv, **params).fit(X, y)
    np.testing.assert_allclose(
        search.cv_results_[f"derived_test_{key}"],
        reference(sens, spec, y.mean()),
        rtol=1e-2,  # warm-started refits agree with fresh fits to tolerance
    )


def test_expected_cost_objective_reports_and_minimises_the_cost(data, fold_rates):
    """Check that objective="expected_cost" reports minus the expected cost per
    row of every t at the training prevalence and chooses the least."""
    X, y = data
    sens, spec, cv = fold_rates
    pi = y.mean()
    cost = pi * 100 * (1 - sens) + (1 - pi) * 5 * (1 - spec)
    search = _search(cv, objective="expected_cost", costs=COSTS, selection="best").fit(
        X, y
    )
    reported = search.cv_results_["mean_test_neg_expected_cost"]
    # Warm-started refits agree with fresh fits to the solver's tolerance.
    np.testing.assert_allclose(reported, -cost, rtol=1e-2)
    res = search.cv_results_
    own = pi * 100 * (1 - res["mean_test_sensitivity"]) + (1 - pi) * 5 * (
        1 - res["mean_test_specificity"]
    )
    np.testing.assert_allclose(reported, -own, rtol=1e-12)
    assert search.best_t_ == TS[int(np.argmin(cost))]


def test_confidence_bounds_of_precision_are_below_the_means(data, fold_rates):
    """Check that with confidence the chosen t's precision bound (reported in
    guarantee_) is below its mean precision and meets the minimum."""
    X, y = data
    sens, spec, cv = fold_rates
    search = _search(
        cv, min_precision=0.4, objective="sensitivity", confidence=0.9
    ).fit(X, y)
    item = search.guarantee_["precision"]
    i = TS.index(search.best_t_)
    assert search.requirement_met_
    assert 0.4 <= item["lower"] < precision_at(sens[i], spec[i], y.mean())
    assert search.cv_results_["lower_test_precision"][i] == item["lower"]


def test_unreachable_npv_warns_and_says_what_the_data_support(data, fold_rates):
    """Check that an NPV no t can show at 90% confidence gives the warning with
    the strongest NPV the data support, and requirement_met_ False."""
    X, y = data
    _, _, cv = fold_rates
    with pytest.warns(RequirementNotMetWarning, match=r"support npv >= 0\.9"):
        search = _search(cv, min_npv=0.9999, confidence=0.9).fit(X, y)
    assert not search.requirement_met_


@pytest.mark.parametrize(
    "params, match",
    [
        ({"costs": COSTS}, "objective='expected_cost' go together"),
        ({"objective": "expected_cost"}, "objective='expected_cost' go together"),
        (
            {
                "objective": "expected_cost",
                "costs": {"false_positive": -1, "false_negative": 1},
            },
            r"costs\['false_positive'\] must be a finite number >= 0, got -1",
        ),
        (
            {"min_precision": 0.5, "confidence": 0.9, "guarantee": "exact"},
            "guarantee='exact' thresholds held-out scores",
        ),
    ],
)
def test_bad_requirement_combinations(data, params, match):
    """Check that inconsistent requirement parameters raise a ValueError that
    names them."""
    X, y = data
    with pytest.raises(ValueError, match=match):
        TradeoffClassifierCV(ts=TS, cv=3, **params).fit(X, y)


@pytest.fixture(scope="module")
def grid_search(data):
    """A GridSearchCV over t that records the fold counts (one repeat)."""
    X, y = data
    return GridSearchCV(
        TradeoffClassifier(LogisticRegression()),
        {"t": TS},
        scoring=tradeoff_scoring(counts=True),
        cv=StratifiedKFold(4, shuffle=True, random_state=0),
        refit=False,
    ).fit(X, y)


@pytest.mark.parametrize("prevalence", [None, 0.02])
def test_constrained_refit_derives_precision_from_the_rates(
    data, grid_search, prevalence
):
    """Check that constrained_refit(precision=...) without a precision scorer
    takes the best objective among candidates whose precision from the mean
    rates at the prevalence (default: the data's) reaches the minimum."""
    _, y = data
    res = grid_search.cv_results_
    pi = y.mean() if prevalence is None else prevalence
    sens, spec = res["mean_test_sensitivity"], res["mean_test_specificity"]
    minimum = 0.5 if prevalence is None else 0.2
    ok = precision_at(sens, spec, pi) >= minimum
    assert ok.any() and not ok.all()
    expected = int(np.argmax(np.where(ok, sens, -np.inf)))
    refit = constrained_refit("sensitivity", precision=minimum, prevalence=prevalence)
    assert refit(res) == expected


def test_constrained_refit_alert_budget_with_confidence(data, grid_search):
    """Check the confidence rule on an alert budget against a hand computation:
    Clopper-Pearson bounds (scipy's beta quantiles) of the pooled counts at the
    Sidak level, t tested from the smallest up, the largest accepted t wins."""
    _, y = data
    res = grid_search.cv_results_
    budget, confidence = 0.2, 0.9
    n_pos, n_neg = (y == 1).sum(), (y == 0).sum()
    k_pos = sum(
        res[f"split{i}_test_sensitivity"] * res[f"split{i}_test_n_positives"]
        for i in range(4)
    )
    k_neg = sum(
        res[f"split{i}_test_specificity"] * res[f"split{i}_test_n_negatives"]
        for i in range(4)
    )
    alpha = 1 - np.sqrt(confidence)
    sens_high = np.where(
        k_pos >= n_pos, 1.0, beta.ppf(1 - alpha, k_pos + 1, n_pos - k_pos)
    )
    spec_low = np.where(k_neg <= 0, 0.0, beta.ppf(alpha, k_neg, n_neg - k_neg + 1))
    pi = n_pos / y.size
    upper = pi * sens_high + (1 - pi) * (1 - spec_low)
    accepted = np.cumprod(upper <= budget).astype(bool)  # TS ascend
    assert accepted.any() and not accepted.all()
    expected = int(np.flatnonzero(accepted)[-1])
    refit = constrained_refit(
        "sensitivity", max_alert_rate=budget, confidence=confidence
    )
    assert refit(res) == expected
    assert res["lower_test_predicted_negative_rate"][expected] == pytest.approx(
        1 - upper[expected]
    )


def test_per_row_costs_are_summed_per_fold_and_t(data):
    """Check that per-row costs given to fit are reported per t and fold as
    minus the mean cost of the fold's test rows, against expected_cost on
    cross_val_predict of fresh models (GaussianNB: exact refits)."""
    X, y = data
    amount = np.random.default_rng(0).exponential(50, size=y.size)
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    search = TradeoffClassifierCV(
        GaussianNB(),
        ts=TS,
        cv=cv,
        method="refit",
        objective="expected_cost",
        costs={"false_positive": 5, "false_negative": 1},
    ).fit(X, y, fn_cost=amount)
    for i, t in enumerate(TS):
        pred = cross_val_predict(TradeoffClassifier(GaussianNB(), t=t), X, y, cv=cv)
        for k, (_, test) in enumerate(cv.split(X, y)):
            expected = expected_cost(
                y[test], pred[test], fn_cost=amount[test], fp_cost=5
            )
            reported = search.cv_results_[f"split{k}_test_neg_expected_cost"][i]
            assert reported == pytest.approx(-expected)


def test_per_row_costs_route_as_fit_metadata(data):
    """Check that a parent passes per-row costs through metadata routing once
    the search requests them (set_fit_request), with the same choice as a
    direct fit."""
    X, y = data
    amount = np.random.default_rng(1).exponential(50, size=y.size)
    params = {
        "ts": TS,
        "cv": 3,
        "method": "refit",
        "objective": "expected_cost",
        "costs": COSTS,
    }
    direct = TradeoffClassifierCV(GaussianNB(), **params).fit(X, y, fn_cost=amount)
    with sklearn.config_context(enable_metadata_routing=True):
        search = TradeoffClassifierCV(GaussianNB(), **params).set_fit_request(
            fn_cost=True
        )
        outer = GridSearchCV(
            search,
            {"selection": ["best"]},
            cv=[(np.arange(y.size), np.arange(y.size))],
            refit=True,
        )
        outer.fit(X, y, fn_cost=amount)
    np.testing.assert_allclose(
        outer.best_estimator_.cv_results_["mean_test_neg_expected_cost"],
        direct.cv_results_["mean_test_neg_expected_cost"],
    )


@pytest.mark.parametrize(
    "fit_params, params, match",
    [
        ({"fn_cost": 1.0}, {}, "go together"),
        ({"fn_cost": np.ones(600)}, {"objective": "expected_cost"}, "fp_cost is None"),
        (
            {"fn_cost": -np.ones(600), "fp_cost": 1.0},
            {"objective": "expected_cost"},
            "fn_cost contains negative",
        ),
    ],
)
def test_bad_per_row_costs(data, fit_params, params, match):
    """Check that per-row costs without the cost objective, missing, or negative
    raise a ValueError naming them."""
    X, y = data
    with pytest.raises(ValueError, match=match):
        TradeoffClassifierCV(ts=TS, cv=3, **params).fit(X, y, **fit_params)


def test_fold_counts_sum_per_row_costs_in_their_cells():
    """Check that a fold's cost rows are scikit-learn's confusion matrix
    weighted by weight * fn_cost (false negatives) and weight * fp_cost (false
    positives), and zero without costs."""
    rng = np.random.default_rng(0)
    is_pos, pred_pos = rng.random(60) < 0.3, rng.random(60) < 0.4
    w, c_fn, c_fp = (rng.uniform(0.1, 3, 60) for _ in range(3))
    rows = _fold_counts(is_pos, pred_pos, w, (c_fn, c_fp))
    (_, _), (fn, _) = confusion_matrix(is_pos, pred_pos, sample_weight=w * c_fn)
    (_, fp), (_, _) = confusion_matrix(is_pos, pred_pos, sample_weight=w * c_fp)
    assert rows[3, CELLS.index("fn")] == pytest.approx(fn)
    assert rows[4, CELLS.index("fp")] == pytest.approx(fp)
    assert not _fold_counts(is_pos, pred_pos, w)[3:].any()
