"""Tests of TradeoffClassifier(costs=...): the Bayes-optimal t for two costs."""

import numpy as np
import pytest
from scipy.stats import norm
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

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
    clf = TradeoffClassifier(costs=COSTS, costs_by="weights").fit(X, y)
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


def test_costs_by_weights_decision_is_bayes_optimal():
    """Check that, with costs_by="weights" on a model with the true probabilities, the expected cost on
    the population at t_ is minimal over a fine grid of t, and well below t=0.5."""
    prevalence, c_fn, c_fp = 0.2, 20.0, 1.0
    X, y = _gaussian(20_000, prevalence, 3)
    lr = LogisticRegression(C=1e6)
    costs = {"false_positive": c_fp, "false_negative": c_fn}
    chosen = TradeoffClassifier(lr, costs=costs, costs_by="weights").fit(X, y)
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
        ({"costs": COSTS, "costs_by": "weight"}, ValueError, "'costs_by' parameter"),
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


def _hand_cost(y, pred, c_fn, c_fp):
    """Expected cost per row from the confusion matrix counted by hand."""
    missed = np.sum((y == 1) & (pred == 0))
    alarms = np.sum((y == 0) & (pred == 1))
    return (c_fn * missed + c_fp * alarms) / y.size


def test_costs_by_threshold_is_the_square_root_model_at_the_bayes_cut():
    """Check that costs_by="threshold" predicts positive where a logistic
    regression with class weights sqrt(c_FN) and sqrt(c_FP) (scaled to total
    n), its odds brought back to the training frequencies by hand (times
    sqrt(c_FP / c_FN)), reaches the Bayes odds c_FP / c_FN."""
    X, y = _gaussian(400, 0.15, 5)
    X = np.c_[X, np.random.default_rng(5).standard_normal(400)]
    clf = TradeoffClassifier(costs=COSTS).fit(X, y)
    c_fp, c_fn = COSTS["false_positive"], COSTS["false_negative"]
    n_pos, n_neg = y.sum(), y.size - y.sum()
    scale = y.size / (n_pos * np.sqrt(c_fn) + n_neg * np.sqrt(c_fp))
    weights = {1: scale * np.sqrt(c_fn), 0: scale * np.sqrt(c_fp)}
    reference = LogisticRegression(class_weight=weights).fit(X, y)
    q = reference.predict_proba(X)[:, 1]
    odds = q / (1 - q) * np.sqrt(c_fp / c_fn)
    expected = (odds >= c_fp / c_fn).astype(int)
    assert 0 < expected.sum() < y.size
    np.testing.assert_array_equal(clf.predict(X), expected)


def test_costs_by_threshold_fits_once_at_the_square_root_costs():
    """Check that costs_by="threshold" fits the model of the square roots of
    the costs (same weights and coefficients: a positive row weighs
    sqrt(c_FN / c_FP) negatives) and keeps the Bayes t in t_."""
    X, y = _gaussian(200, 0.2, 6)
    clf = TradeoffClassifier(costs=COSTS).fit(X, y)
    n_pos, n_neg = y.sum(), y.size - y.sum()
    half = 10 * n_pos / (10 * n_pos + np.sqrt(5) * n_neg)
    ref = TradeoffClassifier(t=half).fit(X, y)
    assert clf.t_ == pytest.approx(100 * n_pos / (100 * n_pos + 5 * n_neg))
    assert clf.class_weight_[1] / clf.class_weight_[0] == pytest.approx(
        np.sqrt(100 / 5)
    )
    assert clf.class_weight_ == pytest.approx(ref.class_weight_)
    np.testing.assert_allclose(clf.estimator_.coef_, ref.estimator_.coef_)
    np.testing.assert_allclose(clf.predict_proba(X), ref.predict_proba(X))


def test_costs_by_threshold_cost_is_least_over_thresholds():
    """Check that on fresh rows the expected cost of costs_by="threshold"
    (counted from the confusion matrix) is within 1% of the least over 99
    cuts of the same model's risk, and well below the model's own predict."""
    prevalence, c_fn, c_fp = 0.1, 50.0, 2.0
    costs = {"false_positive": c_fp, "false_negative": c_fn}
    X, y = _gaussian(5_000, prevalence, 7)
    X_new, y_new = _gaussian(100_000, prevalence, 8)
    clf = TradeoffClassifier(LogisticRegression(C=1e6), costs=costs).fit(X, y)
    cost = _hand_cost(y_new, clf.predict(X_new), c_fn, c_fp)
    risk = clf.set_params(correct_proba=True).predict_proba(X_new)[:, 1]
    grid = [
        _hand_cost(y_new, (risk >= cut).astype(int), c_fn, c_fp)
        for cut in np.linspace(0.01, 0.99, 99)
    ]
    assert cost <= min(grid) * 1.01
    uncut = _hand_cost(y_new, clf.estimator_.predict(X_new), c_fn, c_fp)
    assert cost < uncut * 0.9


class _DecisionOnly(ClassifierMixin, BaseEstimator):
    """A logistic regression that shows its log-odds but no probabilities."""

    def fit(self, X, y, sample_weight=None):
        self.model_ = LogisticRegression().fit(X, y, sample_weight=sample_weight)
        self.classes_ = self.model_.classes_
        return self

    def decision_function(self, X):
        return self.model_.decision_function(X)

    def predict(self, X):
        return self.model_.predict(X)


@pytest.mark.parametrize("pos_label", ["a", "b"])
def test_costs_by_threshold_reads_a_decision_function_as_log_odds(pos_label):
    """Check that without predict_proba the decision function is read as the
    log-odds: the same predictions as from the probabilities of the same
    logistic regression, whichever of two string labels is positive."""
    X, y = _gaussian(300, 0.2, 9)
    labels = np.where(y == 1, pos_label, "b" if pos_label == "a" else "a")
    by_proba = TradeoffClassifier(costs=COSTS, pos_label=pos_label).fit(X, labels)
    by_decision = TradeoffClassifier(
        _DecisionOnly(), costs=COSTS, pos_label=pos_label
    ).fit(X, labels)
    predicted = by_decision.predict(X)
    assert 0 < np.sum(predicted == pos_label) < y.size
    np.testing.assert_array_equal(predicted, by_proba.predict(X))


def test_costs_by_threshold_one_vs_rest_on_multiclass_data():
    """Check that on three classes the positive class is predicted where its
    corrected risk reaches the cut, and elsewhere the likeliest other class."""
    rng = np.random.default_rng(10)
    y = rng.choice(3, size=600, p=[0.6, 0.3, 0.1])
    X = np.c_[y == 1, y == 2] + rng.standard_normal((600, 2))
    clf = TradeoffClassifier(costs=COSTS, pos_label=2).fit(X, y)
    n_pos, n_rest = np.sum(y == 2), np.sum(y != 2)
    t = 10 * n_pos / (10 * n_pos + np.sqrt(5) * n_rest)
    risk = TradeoffClassifier(t=t, pos_label=2, correct_proba=True).fit(X, y)
    risk = risk.predict_proba(X)
    positive = risk[:, 2] >= 5 / 105
    expected = np.where(positive, 2, np.argmax(risk[:, :2], axis=1))
    assert 0 < positive.sum() < 600
    np.testing.assert_array_equal(clf.predict(X), expected)


def test_costs_by_threshold_with_a_zero_cost_is_constant():
    """Check that a free false alarm gives the constant positive decision."""
    X, y = _gaussian(100, 0.3, 11)
    costs = {"false_positive": 0, "false_negative": 1}
    clf = TradeoffClassifier(costs=costs).fit(X, y)
    assert clf.t_ == 1.0
    np.testing.assert_array_equal(clf.predict(X), np.ones(100, dtype=int))


def test_costs_by_threshold_multiclass_needs_probabilities():
    """Check that reading a risk without predict_proba on three classes is a
    clear error."""
    X = np.random.default_rng(12).standard_normal((60, 2))
    y = np.repeat([0, 1, 2], 20)
    with pytest.raises(ValueError, match="costs_by='threshold' reads the risk"):
        TradeoffClassifier(LinearSVC(), costs=COSTS, pos_label=2).fit(X, y)


def _amounts(n, seed):
    return np.random.default_rng(seed).lognormal(3.0, 1.0, size=n)


@pytest.mark.parametrize("costs_by", ["threshold", "weights"])
@pytest.mark.parametrize("user_weights", [False, True])
def test_per_row_costs_weigh_each_row_by_the_cost_of_its_mistake(
    costs_by, user_weights
):
    """Check that fit(fn_cost=amount) fits the model a logistic regression
    fits with sample_weight = amount on the positives and fp_cost on the
    negatives (times any user weights; no class reweighting), and predicts as
    it does, whatever costs_by."""
    X, y = _gaussian(300, 0.2, 13)
    amount = _amounts(300, 13)
    user = np.random.default_rng(13).integers(1, 4, 300) if user_weights else None
    clf = TradeoffClassifier(
        costs={"false_positive": 5, "false_negative": 1}, costs_by=costs_by
    )
    clf.fit(X, y, sample_weight=user, fn_cost=amount)
    weights = np.where(y == 1, amount, 5.0) * (1 if user is None else user)
    reference = LogisticRegression().fit(X, y, sample_weight=weights)
    np.testing.assert_allclose(clf.estimator_.coef_, reference.coef_, rtol=1e-4)
    np.testing.assert_array_equal(clf.predict(X), reference.predict(X))
    assert clf.t_ == pytest.approx(weights[y == 1].sum() / weights.sum())


def test_per_row_costs_route_as_fit_metadata():
    """Check that under metadata routing a search passes fn_cost to
    TradeoffClassifier.fit when it is requested: the refitted model equals a
    direct fit with the amounts."""
    from sklearn import config_context
    from sklearn.model_selection import GridSearchCV

    X, y = _gaussian(200, 0.3, 14)
    amount = _amounts(200, 14)
    costs = {"false_positive": 5, "false_negative": 1}
    direct = TradeoffClassifier(costs=costs).fit(X, y, fn_cost=amount)
    with config_context(enable_metadata_routing=True):
        inner = TradeoffClassifier(costs=costs).set_fit_request(fn_cost=True)
        search = GridSearchCV(inner, {"weighting": ["sample_weight"]}, cv=2)
        search.fit(X, y, fn_cost=amount)
    np.testing.assert_allclose(
        search.best_estimator_.estimator_.coef_, direct.estimator_.coef_
    )


@pytest.mark.parametrize(
    "params, fit_params, match",
    [
        ({}, {"fn_cost": 1.0}, "fp_cost is None and costs is None"),
        (
            {"costs": COSTS},
            {"fn_cost": -1.0},
            r"fn_cost must be a finite number >= 0, got -1.0",
        ),
        ({"costs": COSTS}, {"fp_cost": -np.ones(40)}, "fp_cost"),
        ({"costs": COSTS}, {"fn_cost": np.ones(39)}, "fn_cost"),
        ({"costs": COSTS, "t": 0.3}, {"fn_cost": 2.0}, "per-row costs set the"),
    ],
)
def test_per_row_costs_bad_input(params, fit_params, match):
    """Check that missing, negative or misshaped per-row costs, or per-row
    costs with a non-default t, raise an error naming them."""
    X, y = _gaussian(40, 0.3, 15)
    with pytest.raises(ValueError, match=match):
        TradeoffClassifier(**params).fit(X, y, **fit_params)


def test_costs_beat_a_tuned_threshold_over_seeded_draws():
    """Check over 30 seeded training sets (30 positives, 270 negatives) of a
    well-specified model that the held-out cost of TradeoffClassifier(costs),
    counted from the confusion matrix, is lower than that of
    TunedThresholdClassifierCV scoring the same costs (paired difference more
    than two standard errors below 0; t=0.5 is not: +0.7 standard errors)."""
    from sklearn.metrics import make_scorer
    from sklearn.model_selection import TunedThresholdClassifierCV

    c_fn, c_fp = 100.0, 5.0
    scorer = make_scorer(_hand_cost, greater_is_better=False, c_fn=c_fn, c_fp=c_fp)
    X_new, y_new = _gaussian(20_000, 0.1, 100)
    diffs = []
    for seed in range(30):
        rng = np.random.default_rng(seed)
        y = np.r_[np.ones(30, int), np.zeros(270, int)]
        X = (2 * y - 1 + rng.standard_normal(300)).reshape(-1, 1)
        ours = TradeoffClassifier(costs=COSTS).fit(X, y)
        tuned = TunedThresholdClassifierCV(
            LogisticRegression(), scoring=scorer, random_state=seed
        ).fit(X, y)
        diffs.append(
            _hand_cost(y_new, ours.predict(X_new), c_fn, c_fp)
            - _hand_cost(y_new, tuned.predict(X_new), c_fn, c_fp)
        )
    diffs = np.asarray(diffs)
    assert diffs.mean() < -2 * diffs.std(ddof=1) / np.sqrt(diffs.size)
