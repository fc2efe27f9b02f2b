"""Tests of TradeoffClassifier(costs=...): the Bayes-optimal t for two costs."""

import numpy as np
import pytest
from scipy.stats import norm
from sklearn.linear_model import LogisticRegression

from sk_imbalance import TradeoffClassifier

COSTS = {"false_positive": 5, "false_negative": 100}


def _gaussian(n, prevalence, seed):
    """X | y ~ N(2y - 1, 1): the log-odds are linear in x, so a logistic
    regression is well specified and its probabilities are the true ones."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < prevalence).astype(int)
    X = (2 * y - 1 + rng.standard_normal(n)).reshape(-1, 1)
    return X, y


def _true_cost(model, prevalence, c_fn, c_fp):
    """Exact expected cost per row of ``model`` on the Gaussian population."""
    lr = model.estimator_
    coef, intercept = lr.coef_[0, 0], lr.intercept_[0]
    cut = -intercept / coef  # positive where x >= cut (coef > 0)
    miss = norm.cdf(cut, loc=1)  # positives below the cut
    alarm = norm.sf(cut, loc=-1)  # negatives above it
    return c_fn * prevalence * miss + c_fp * (1 - prevalence) * alarm


def test_t_from_costs_hand_computed():
    """Check t_ for 20 positives, 80 negatives, FN cost 100, FP cost 5:
    t/(1-t) = (100/5)(20/80) = 5, so t = 5/6; and the fit equals t=5/6."""
    X, y = _gaussian(100, 0.2, 0)
    y = np.r_[np.ones(20, int), np.zeros(80, int)]
    clf = TradeoffClassifier(costs=COSTS).fit(X, y)
    assert clf.t_ == pytest.approx(5 / 6)
    ref = TradeoffClassifier(t=5 / 6).fit(X, y)
    assert clf.class_weight_ == pytest.approx(ref.class_weight_)
    np.testing.assert_allclose(clf.estimator_.coef_, ref.estimator_.coef_)


def test_t_without_costs_is_t():
    """Check that without costs t_ is the t given."""
    X, y = _gaussian(60, 0.3, 1)
    assert TradeoffClassifier(t=0.7).fit(X, y).t_ == 0.7


def test_costs_use_weighted_prevalence_as_repeated_rows():
    """Check that t_ from integer sample weights equals t_ from repeated rows."""
    X, y = _gaussian(80, 0.3, 2)
    w = np.random.default_rng(2).integers(1, 4, size=80)
    weighted = TradeoffClassifier(costs=COSTS).fit(X, y, sample_weight=w)
    repeated = TradeoffClassifier(costs=COSTS).fit(np.repeat(X, w, 0), np.repeat(y, w))
    assert weighted.t_ == pytest.approx(repeated.t_)


def test_costs_one_vs_rest_on_multiclass_data():
    """Check that with pos_label on three classes the negatives are all the other
    rows: 10 of class 2, 30 others, FN cost 6, FP cost 2: t/(1-t) = 3 * 1/3."""
    X = np.arange(40.0).reshape(-1, 1)
    y = np.r_[np.full(10, 2), np.zeros(15, int), np.ones(15, int)]
    costs = {"false_positive": 2, "false_negative": 6}
    clf = TradeoffClassifier(costs=costs, pos_label=2).fit(X, y)
    assert clf.t_ == pytest.approx(0.5)


def test_costs_decision_is_bayes_optimal():
    """Check that, on a model with the true probabilities, the expected cost on
    the population at t_ is minimal over a fine grid of t, and well below t=0.5."""
    prevalence, c_fn, c_fp = 0.2, 20.0, 1.0
    X, y = _gaussian(20_000, prevalence, 3)
    lr = LogisticRegression(C=1e6)
    costs = {"false_positive": c_fp, "false_negative": c_fn}
    chosen = TradeoffClassifier(lr, costs=costs).fit(X, y)
    cost = _true_cost(chosen, prevalence, c_fn, c_fp)
    grid = [
        _true_cost(TradeoffClassifier(lr, t=t).fit(X, y), prevalence, c_fn, c_fp)
        for t in np.linspace(0.01, 0.99, 99)
    ]
    assert cost <= min(grid) * (1 + 1e-3)
    assert min(grid) < grid[49] * 0.95  # t=0.5 is clearly worse: a real optimum


@pytest.mark.parametrize(
    "params, error, match",
    [
        ({"costs": COSTS, "t": 0.3}, ValueError, "t=0.3 and class_priority"),
        (
            {"costs": COSTS, "class_priority": {0: 1, 1: 2}},
            ValueError,
            "must keep their defaults",
        ),
        ({"costs": {"false_positive": 1}}, ValueError, "exactly the keys"),
        ({"costs": {"fp": 1, "fn": 2}}, ValueError, "exactly the keys"),
        (
            {"costs": {"false_positive": -1, "false_negative": 2}},
            ValueError,
            r"costs\['false_positive'\] must be a finite number >= 0, got -1",
        ),
        (
            {"costs": {"false_positive": 1, "false_negative": np.nan}},
            ValueError,
            r"costs\['false_negative'\]",
        ),
        (
            {"costs": {"false_positive": "1", "false_negative": 2}},
            TypeError,
            r"costs\['false_positive'\] must be a real number",
        ),
        (
            {"costs": {"false_positive": 0, "false_negative": 0}},
            ValueError,
            "costs are both 0",
        ),
        ({"costs": [5, 100]}, ValueError, "'costs' parameter"),
    ],
)
def test_costs_bad_input(params, error, match):
    """Check that bad costs raise an error naming costs and the value."""
    X, y = _gaussian(40, 0.3, 4)
    with pytest.raises(error, match=match):
        TradeoffClassifier(**params).fit(X, y)


def test_costs_multiclass_needs_pos_label():
    """Check that costs on three classes without pos_label raise an error."""
    X = np.arange(30.0).reshape(-1, 1)
    y = np.repeat([0, 1, 2], 10)
    with pytest.raises(ValueError, match="costs need a positive class"):
        TradeoffClassifier(costs=COSTS).fit(X, y)
