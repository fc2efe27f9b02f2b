"""Tests for `TradeoffCurveDisplay`."""

import sys

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import make_scorer, recall_score
from sklearn.model_selection import GridSearchCV, StratifiedKFold

from sk_imbalance import TradeoffClassifier
from sk_imbalance.model_selection import TradeoffCurveDisplay, constrained_refit

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

TS = [0.2, 0.5, 0.8]
CV = StratifiedKFold(3, shuffle=True, random_state=0)
# Independent of sk_imbalance.metrics: recall of each class.
SCORING = {
    "sensitivity": make_scorer(recall_score, pos_label=1),
    "specificity": make_scorer(recall_score, pos_label=0),
}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def data():
    return make_classification(
        n_samples=150, n_features=5, weights=[0.85], flip_y=0.05, random_state=0
    )


@pytest.fixture(scope="module")
def search(data):
    X, y = data
    return GridSearchCV(
        TradeoffClassifier(LogisticRegression()),
        {"t": TS},
        scoring=SCORING,
        cv=CV,
        refit=constrained_refit("specificity", sensitivity=0.6),
    ).fit(X, y)


def test_from_estimator_lines_and_bands(data):
    """Check that from_estimator draws two curves, two bands and the chosen t."""
    X, y = data
    display = TradeoffCurveDisplay.from_estimator(
        LogisticRegression(), X, y, ts=TS, cv=CV, chosen_t=0.5
    )
    ax = display.ax_
    assert len(ax.lines) == 3 and len(ax.collections) == 2
    assert display.chosen_line_ in ax.lines
    assert display.roc_ax_ is None and display.figure_ is ax.figure
    np.testing.assert_array_equal(display.lines_["sensitivity"].get_xdata(), TS)
    assert ax.get_legend() is not None


def test_from_estimator_without_chosen_t(data):
    """Check that without chosen_t only the two curves are drawn."""
    X, y = data
    display = TradeoffCurveDisplay.from_estimator(
        LogisticRegression(), X, y, ts=TS, cv=CV
    )
    assert len(display.ax_.lines) == 2 and display.chosen_line_ is None


def test_from_cv_results_reads_search(search):
    """Check that from_cv_results plots the search's means and marks its choice."""
    display = TradeoffCurveDisplay.from_cv_results(search)
    results = search.cv_results_
    assert len(display.ax_.lines) == 3 and len(display.ax_.collections) == 2
    assert display.chosen_t == search.best_params_["t"]
    np.testing.assert_array_equal(
        display.lines_["sensitivity"].get_ydata(), results["mean_test_sensitivity"]
    )
    np.testing.assert_array_equal(
        display.lines_["specificity"].get_ydata(), results["mean_test_specificity"]
    )
    np.testing.assert_array_equal(
        display.sensitivity_std, results["std_test_sensitivity"]
    )


def test_from_cv_results_dict_has_no_choice(search):
    """Check that a bare cv_results_ dict is drawn without a chosen t."""
    display = TradeoffCurveDisplay.from_cv_results(search.cv_results_)
    assert display.chosen_t is None and len(display.ax_.lines) == 2


def test_from_cv_results_sorts_t(search):
    """Check that candidates are drawn in increasing t whatever their order."""
    results = search.cv_results_
    order = [2, 0, 1]
    shuffled = {
        key: np.asarray(results[key])[order]
        for key in results
        if key.startswith(("mean_test_", "std_test_", "param_t"))
    }
    display = TradeoffCurveDisplay.from_cv_results(shuffled)
    np.testing.assert_array_equal(display.ts, TS)
    np.testing.assert_array_equal(
        display.sensitivity_mean, results["mean_test_sensitivity"]
    )


def test_from_cv_results_other_params_slice(data):
    """Check that with another parameter searched, the chosen candidate's slice
    is drawn."""
    X, y = data
    search = GridSearchCV(
        TradeoffClassifier(LogisticRegression()),
        {"t": TS, "estimator__C": [0.01, 1.0]},
        scoring=SCORING,
        cv=CV,
        refit="specificity",
    ).fit(X, y)
    display = TradeoffCurveDisplay.from_cv_results(search)
    best_c = search.best_params_["estimator__C"]
    rows = [p["estimator__C"] == best_c for p in search.cv_results_["params"]]
    np.testing.assert_array_equal(display.ts, TS)
    np.testing.assert_array_equal(
        display.specificity_mean,
        search.cv_results_["mean_test_specificity"][rows],
    )
    with pytest.raises(ValueError, match="several candidates per t"):
        TradeoffCurveDisplay.from_cv_results(search.cv_results_)


def test_roc_panel(search):
    """Check that roc=True adds a panel with one point per t and the choice."""
    display = TradeoffCurveDisplay.from_cv_results(search, roc=True)
    roc_ax = display.roc_ax_
    assert roc_ax is not None and roc_ax is not display.ax_
    assert display.roc_line_ in roc_ax.lines
    np.testing.assert_allclose(
        display.roc_line_.get_xdata(),
        1 - search.cv_results_["mean_test_specificity"],
    )
    assert len(roc_ax.lines) == 3  # chance diagonal, points, chosen star


def test_plot_on_given_axes(search):
    """Check that plot draws on the Axes it is given."""
    fig, axes = plt.subplots(1, 2)
    display = TradeoffCurveDisplay.from_cv_results(search, ax=axes, roc=True)
    assert display.ax_ is axes[0] and display.roc_ax_ is axes[1]
    assert display.figure_ is fig


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"roc": True, "ax": "axes"}, ValueError, r"roc=True, ax must be a pair"),
        ({"chosen_t": "worst"}, ValueError, r"chosen_t must be 'best'.*'worst'"),
        # A t outside [0, 1] would mark the nearest t under a label naming another.
        ({"chosen_t": 1.5}, ValueError, r"chosen_t must be in \[0, 1\], got 1.5"),
        ({"chosen_t": float("nan")}, ValueError, r"chosen_t must be in .*got nan"),
    ],
)
def test_bad_plot_arguments(search, kwargs, error, match):
    """Check that bad plotting arguments raise a clear error."""
    with pytest.raises(error, match=match):
        TradeoffCurveDisplay.from_cv_results(search, **kwargs)


@pytest.mark.parametrize(
    "drop, match",
    [
        (
            "mean_test_sensitivity",
            r"'sensitivity' is not in cv_results \(no key 'mean_test_sensitivity'\).*tradeoff_scoring",
        ),
        ("param_t", r"no 'param_t'"),
    ],
)
def test_missing_keys(search, drop, match):
    """Check that cv_results without the needed keys raise a clear error."""
    results = {k: v for k, v in search.cv_results_.items() if k != drop}
    with pytest.raises(ValueError, match=match):
        TradeoffCurveDisplay.from_cv_results(results)


def test_not_a_search():
    """Check that an object without cv_results_ is rejected."""
    with pytest.raises(TypeError, match="fitted search"):
        TradeoffCurveDisplay.from_cv_results(LogisticRegression())


def test_matplotlib_missing(monkeypatch, search):
    """Check that a missing matplotlib gives an ImportError naming the extra."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"sk-imbalance\[plot\]"):
        TradeoffCurveDisplay.from_cv_results(search)


def test_from_cv_results_with_tradeoff_scoring(data):
    """Check that a search scored with tradeoff_scoring() has the keys needed."""
    from sk_imbalance.metrics import tradeoff_scoring

    X, y = data
    search = GridSearchCV(
        TradeoffClassifier(LogisticRegression()),
        {"t": TS},
        scoring=tradeoff_scoring(),
        cv=CV,
        refit=constrained_refit("specificity", sensitivity=0.6),
    ).fit(X, y)
    display = TradeoffCurveDisplay.from_cv_results(search)
    assert display.chosen_t == search.best_params_["t"]
    np.testing.assert_array_equal(
        display.sensitivity_mean, search.cv_results_["mean_test_sensitivity"]
    )


def test_from_cv_results_tradeoff_classifier_cv(data):
    """Check that a fitted TradeoffClassifierCV is drawn with its best_t_ marked."""
    from sk_imbalance.model_selection import TradeoffClassifierCV

    X, y = data
    search = TradeoffClassifierCV(LogisticRegression(), ts=TS, cv=CV).fit(X, y)
    display = TradeoffCurveDisplay.from_cv_results(search)
    assert display.chosen_t == search.best_t_
    assert len(display.ax_.lines) == 3 and len(display.ax_.collections) == 2
    np.testing.assert_array_equal(
        display.specificity_mean, search.cv_results_["mean_test_specificity"]
    )


def test_randomized_search_over_continuous_c_warns_and_draws_all(data):
    """Check that candidates differing in a continuous parameter, which no
    slice over t can hold, are drawn with a warning naming the parameter."""
    from scipy.stats import loguniform
    from sklearn.model_selection import RandomizedSearchCV

    from sk_imbalance.exceptions import SkImbalanceWarning

    X, y = data
    search = RandomizedSearchCV(
        TradeoffClassifier(LogisticRegression()),
        {"t": TS, "estimator__C": loguniform(1e-2, 1e2)},
        n_iter=4,
        scoring=SCORING,
        cv=CV,
        refit="specificity",
        random_state=0,
    ).fit(X, y)
    with pytest.warns(SkImbalanceWarning, match=r"\['estimator__C'\].*no curve"):
        display = TradeoffCurveDisplay.from_cv_results(search)
    assert display.ts.size == 4


def test_refit_false_names_its_cause(data):
    """Check that a refit=False search whose other parameters vary is refused
    naming refit=False, not asking for the search that was passed."""
    X, y = data
    search = GridSearchCV(
        TradeoffClassifier(LogisticRegression()),
        {"t": TS, "estimator__C": [0.01, 1.0]},
        scoring=SCORING,
        cv=CV,
        refit=False,
    ).fit(X, y)
    with pytest.raises(ValueError, match="refit=False"):
        TradeoffCurveDisplay.from_cv_results(search)


def test_from_cv_results_names_the_positive_class(data):
    """Check that the axis label names the positive class of the search."""
    X, y = data
    labels = np.array(["healthy", "sick"])[y]
    scoring = {
        "sensitivity": make_scorer(recall_score, pos_label="sick"),
        "specificity": make_scorer(recall_score, pos_label="healthy"),
    }
    search = GridSearchCV(
        TradeoffClassifier(LogisticRegression(), pos_label="sick"),
        {"t": TS},
        scoring=scoring,
        cv=CV,
        refit="specificity",
    ).fit(X, labels)
    display = TradeoffCurveDisplay.from_cv_results(search)
    assert display.pos_label == "sick"
    assert "positive: sick" in display.ax_.get_ylabel()
