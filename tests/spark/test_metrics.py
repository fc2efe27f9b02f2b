"""The metrics over a Spark DataFrame and TradeoffEvaluator against the
in-memory functions on the collected columns (and scikit-learn)."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import balanced_accuracy_score, recall_score

from sk_imbalance import metrics

pytest.importorskip("pyspark")

from sk_imbalance import spark as sk_spark

RNG = np.random.default_rng(3)
N = 80
Y = RNG.integers(0, 3, size=N).astype(float)
PRED = np.where(RNG.uniform(size=N) < 0.7, Y, RNG.integers(0, 3, size=N)).astype(float)
W = RNG.uniform(0.1, 4.0, size=N)


@pytest.fixture(scope="module")
def frame(spark):
    rows = [(float(a), float(b), float(c)) for a, b, c in zip(Y, PRED, W, strict=True)]
    return spark.createDataFrame(rows, ["label", "prediction", "w"])


@pytest.mark.parametrize("name", ["sensitivity_score", "specificity_score"])
@pytest.mark.parametrize("pos_label, weighted", [(0.0, False), (2.0, True)])
def test_rates_equal_in_memory(frame, name, pos_label, weighted):
    """Check that the rate over the DataFrame equals the in-memory function on
    the collected columns."""
    got = getattr(sk_spark, name)(
        frame, pos_label=pos_label, weight_col="w" if weighted else None
    )
    expected = getattr(metrics, name)(
        Y, PRED, pos_label=pos_label, sample_weight=W if weighted else None
    )
    assert got == pytest.approx(expected, rel=1e-12)


def test_sensitivity_is_recall(frame):
    """Check that the sensitivity equals scikit-learn's recall of the class."""
    got = sk_spark.sensitivity_score(frame, pos_label=1.0, weight_col="w")
    assert got == pytest.approx(
        recall_score(Y, PRED, labels=[1.0], average=None, sample_weight=W)[0]
    )


@pytest.mark.parametrize("labels", [None, [2.0, 0.0, 5.0]])
def test_per_class_accuracy_equals_in_memory(frame, labels):
    """Check that the per-class accuracies (labels absent from the data
    included) equal the in-memory function's."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        got = sk_spark.per_class_accuracy_score(frame, labels=labels, weight_col="w")
        expected = metrics.per_class_accuracy_score(
            Y, PRED, labels=labels, sample_weight=W
        )
    np.testing.assert_allclose(got, expected, rtol=1e-12)


@pytest.mark.parametrize("name", ["sensitivity_interval", "specificity_interval"])
@pytest.mark.parametrize(
    "method, weighted", [("wilson", True), ("clopper-pearson", False)]
)
def test_intervals_equal_in_memory(frame, name, method, weighted):
    """Check that the interval (Kish's effective size with weights) equals the
    in-memory function's on the collected columns."""
    kw = {"pos_label": 1.0, "method": method, "alternative": "greater"}
    got = getattr(sk_spark, name)(frame, weight_col="w" if weighted else None, **kw)
    expected = getattr(metrics, name)(
        Y, PRED, sample_weight=W if weighted else None, **kw
    )
    np.testing.assert_allclose(got, expected, rtol=1e-10)


def test_zero_division_warns_as_in_memory(spark):
    """Check that without positives the result is 0.0 with an
    UndefinedMetricWarning, as in memory."""
    df = spark.createDataFrame([(0.0, 0.0), (0.0, 1.0)], ["label", "prediction"])
    with pytest.warns(UndefinedMetricWarning, match="Sensitivity is ill-defined"):
        assert sk_spark.sensitivity_score(df) == 0.0


@pytest.mark.parametrize(
    "metric, extra, reference",
    [
        ("sensitivity", {}, lambda: recall_score(Y == 1, PRED == 1, sample_weight=W)),
        ("specificity", {}, lambda: recall_score(Y != 1, PRED != 1, sample_weight=W)),
        (
            "balancedAccuracy",
            {},
            lambda: balanced_accuracy_score(Y == 1, PRED == 1, sample_weight=W),
        ),
        (
            "perClassAccuracy",
            {"label": 2.0},
            lambda: recall_score(Y, PRED, labels=[2.0], average=None, sample_weight=W)[
                0
            ],
        ),
        (
            "tradeoff",
            {"t": 0.8},
            lambda: metrics.tradeoff_score(Y, PRED, t=0.8, sample_weight=W),
        ),
    ],
)
def test_evaluator_metrics(frame, metric, extra, reference):
    """Check each metricName against scikit-learn (one-vs-rest of posLabel)."""
    evaluator = sk_spark.TradeoffEvaluator(metricName=metric, weightCol="w", **extra)
    assert evaluator.isLargerBetter()
    assert evaluator.evaluate(frame) == pytest.approx(reference(), rel=1e-12)


def test_evaluator_persistence(frame, tmp_path):
    """Check that a saved evaluator loads with its Params and value."""
    evaluator = sk_spark.TradeoffEvaluator(metricName="tradeoff", t=0.3, posLabel=2.0)
    evaluator.write().overwrite().save(str(tmp_path / "evaluator"))
    loaded = sk_spark.TradeoffEvaluator.load(str(tmp_path / "evaluator"))
    assert loaded.evaluate(frame) == evaluator.evaluate(frame)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (
            lambda f: sk_spark.sensitivity_score(f, label_col="y"),
            ValueError,
            "label_col='y' is not a column",
        ),
        (
            lambda f: sk_spark.specificity_score(f, pos_label="a"),
            TypeError,
            "pos_label must be a number",
        ),
        (
            lambda f: sk_spark.sensitivity_score(f, pos_label=7.0),
            ValueError,
            r"pos_label=7.0 is not among",
        ),
        (
            lambda f: sk_spark.sensitivity_score(f, zero_division=2),
            ValueError,
            "zero_division must be",
        ),
        (
            lambda f: sk_spark.sensitivity_interval(f, confidence=1.5),
            ValueError,
            r"confidence must be in \(0, 1\)",
        ),
        (
            lambda f: sk_spark.specificity_interval(f, method="exact"),
            ValueError,
            "method must be one of",
        ),
        (
            lambda f: sk_spark.TradeoffEvaluator(metricName="auc").evaluate(f),
            ValueError,
            "metricName must be one of",
        ),
        (
            lambda f: sk_spark.TradeoffEvaluator(
                metricName="perClassAccuracy"
            ).evaluate(f),
            ValueError,
            "set label",
        ),
        (
            lambda f: sk_spark.TradeoffEvaluator(metricName="tradeoff", t=2.0).evaluate(
                f
            ),
            ValueError,
            r"t must be in \[0, 1\]",
        ),
    ],
)
def test_bad_input(frame, call, error, match):
    """Check that bad arguments raise a clear error naming the argument."""
    with pytest.raises(error, match=match):
        call(frame)
