"""TradeoffClassifierCV on Spark: the count table, the choice, the fitted model,
and MLlib's CrossValidator with TradeoffEvaluator.

The equality tests feed scikit-learn's out-of-fold scores (the in-memory
chooser's own fits) through the Spark counting: Spark's fits differ from
scikit-learn's, so decisions are compared, not models.
"""

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import PredefinedSplit
from sklearn.svm import LinearSVC

from sk_imbalance import TradeoffClassifier as InMemoryClassifier
from sk_imbalance import TradeoffClassifierCV as InMemoryCV
from sk_imbalance import tradeoff_class_weight
from sk_imbalance.exceptions import RequirementNotMetWarning
from sk_imbalance.model_selection._paths import (
    _cross_validate,
    _CVJob,
    _threshold_path,
)

pytest.importorskip("pyspark")

from pyspark.ml.classification import (
    LogisticRegression,
    MultilayerPerceptronClassifier,
)
from pyspark.ml.linalg import Vectors
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder
from pyspark.sql import functions as F

from sk_imbalance.spark import (
    TradeoffClassifier,
    TradeoffClassifierCV,
    TradeoffClassifierCVModel,
    TradeoffEvaluator,
)
from sk_imbalance.spark._search import (
    _SCORE,
    _count_predictions_table,
    _count_threshold_table,
    _decision_thresholds,
    _select,
)

X, Y = make_classification(
    n_samples=240, n_features=4, weights=[0.85], flip_y=0.05, random_state=0
)
FOLDS = np.arange(Y.size) % 3
np.random.default_rng(0).shuffle(FOLDS)
# Integer weights: their sums are exact in any order, so the tables compare
# exactly, as without weights.
W = np.random.default_rng(1).integers(1, 4, size=Y.size).astype(float)
TS = np.array([0.0, 0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95, 1.0])


def _out_of_fold(estimator, t=0.5, method="predict_proba", sample_weight=None):
    """What the in-memory chooser computes on each fold: a TradeoffClassifier
    fitted on the other folds, read on this one."""
    out = np.empty(Y.size)
    for k in range(3):
        train, test = FOLDS != k, FOLDS == k
        model = InMemoryClassifier(estimator, t=t).fit(
            X[train],
            Y[train],
            sample_weight=None if sample_weight is None else sample_weight[train],
        )
        values = getattr(model, method)(X[test])
        out[test] = values[:, 1] if values.ndim == 2 else values
    return out


def _scored(spark, column, values, weighted):
    rows = [
        (int(f), float(y), float(w), float(v))
        for f, y, w, v in zip(
            FOLDS, Y, W if weighted else np.ones(Y.size), values, strict=True
        )
    ]
    return spark.createDataFrame(rows, ["fold", "label", "w", column])


def _in_memory_cv(estimator, weighted, **params):
    return InMemoryCV(
        estimator, ts=TS, cv=PredefinedSplit(FOLDS), method="threshold", **params
    ).fit(X, Y, sample_weight=W if weighted else None)


def _assert_same_results(spark_results, memory_results):
    assert set(spark_results) == set(memory_results)
    for key, value in memory_results.items():
        if key == "params":
            assert spark_results[key] == value
        else:
            np.testing.assert_array_equal(
                np.ma.getdata(spark_results[key]), np.ma.getdata(value), err_msg=key
            )


@pytest.mark.parametrize(
    "estimator, method, is_proba",
    [
        (SkLogisticRegression(), "predict_proba", True),
        (LinearSVC(), "decision_function", False),
    ],
    ids=["probabilities", "log-odds"],
)
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
def test_threshold_table_and_choice_equal_in_memory(
    spark, estimator, method, is_proba, weighted
):
    """Check that, from the in-memory out-of-fold scores and folds, the Spark
    count table equals the in-memory threshold path's exactly, and gives the
    in-memory cv_results_ and best_t_."""
    w = W if weighted else None
    scores = _out_of_fold(estimator, method=method, sample_weight=w)
    scored = _scored(spark, _SCORE, scores, weighted)
    table = _count_threshold_table(
        scored,
        TS,
        _decision_thresholds(TS, is_proba),
        3,
        fold="fold",
        is_pos=F.col("label") == 1.0,
        weight=F.col("w"),
    )
    job = _CVJob(
        template=InMemoryClassifier(estimator),
        X=X,
        y=Y,
        sample_weight=w,
        fit_params={},
        splits=list(PredefinedSplit(FOLDS).split()),
        pos_value=1,
    )
    memory_table = _cross_validate(_threshold_path, job, TS, fitted=False)
    for cells in ("weighted", "counts", "squares", "repeats", "fitted"):
        np.testing.assert_array_equal(
            getattr(table, cells), getattr(memory_table, cells), err_msg=cells
        )
    selection = "best" if weighted else "one_se"
    memory = _in_memory_cv(estimator, weighted, selection=selection)
    chosen = _select(table, "balanced_accuracy", None, None, selection)
    assert chosen.t == memory.best_t_
    _assert_same_results(chosen.cv_results, memory.cv_results_)


def test_confidence_bounds_equal_in_memory(spark):
    """Check that under minSensitivity and confidence the Spark table gives the
    in-memory choice, requirement flag, lower bounds and guarantee."""
    estimator = SkLogisticRegression()
    scores = _out_of_fold(estimator, sample_weight=W)
    table = _count_threshold_table(
        _scored(spark, _SCORE, scores, True),
        TS,
        _decision_thresholds(TS, True),
        3,
        fold="fold",
        is_pos=F.col("label") == 1.0,
        weight=F.col("w"),
    )
    memory = _in_memory_cv(
        estimator, True, min_sensitivity=0.8, confidence=0.9, objective=0.3
    )
    chosen = _select(table, 0.3, {"sensitivity": 0.8}, 0.9)
    assert (chosen.t, chosen.requirement_met) == (
        memory.best_t_,
        memory.requirement_met_,
    )
    assert chosen.guarantee == memory.guarantee_
    _assert_same_results(chosen.cv_results, memory.cv_results_)


def test_refit_table_equals_in_memory(spark):
    """Check that predictions per t (from fits at each t) counted by Spark give
    the in-memory refit path's cv_results_."""
    estimator = SkLogisticRegression()
    ts = np.array([0.2, 0.5, 0.8])
    parts = []
    for i, t in enumerate(ts):
        predicted = _out_of_fold(estimator, t=t, method="predict")
        frame = _scored(spark, "prediction", predicted, False)
        parts.append(frame.withColumn("__sk_imbalance_t", F.lit(i)))
    predictions = parts[0].unionByName(parts[1]).unionByName(parts[2])
    table = _count_predictions_table(
        predictions,
        ts,
        3,
        fold="fold",
        is_pos=F.col("label") == 1.0,
        pred_pos=F.col("prediction") == 1.0,
        weight=F.col("w"),
    )
    memory = InMemoryCV(
        estimator, ts=ts, cv=PredefinedSplit(FOLDS), method="refit"
    ).fit(X, Y)
    chosen = _select(table, "balanced_accuracy", None, None)
    assert chosen.t == memory.best_t_
    _assert_same_results(chosen.cv_results, memory.cv_results_)


@pytest.fixture(scope="module")
def frame(spark):
    rows = [
        (Vectors.dense(x), float(y), int(f))
        for x, y, f in zip(X, Y, FOLDS, strict=True)
    ]
    return spark.createDataFrame(rows, ["features", "label", "fold"])


@pytest.fixture(scope="module")
def fitted(frame):
    return TradeoffClassifierCV(
        estimator=LogisticRegression(maxIter=20),
        ts=[0.2, 0.5, 0.8],
        numFolds=3,
        foldCol="fold",
    ).fit(frame)


def test_fit_counts_every_row_once_and_refits_at_best_t(fitted):
    """Check that the count table holds every row once in its fold, that
    cvResults has the in-memory keys, and that the refitted model's weights
    are those of bestT."""
    sizes = fitted.countTable.counts.sum(axis=-1)
    np.testing.assert_array_equal(sizes, np.tile(np.bincount(FOLDS), (3, 1)))
    memory = InMemoryCV(
        SkLogisticRegression(), ts=[0.2, 0.5, 0.8], cv=PredefinedSplit(FOLDS)
    ).fit(X, Y)
    assert set(fitted.cvResults) == set(memory.cv_results_)
    assert fitted.methodUsed == "threshold"
    assert fitted.bestT in (0.2, 0.5, 0.8)
    assert fitted.bestModel.classWeight == pytest.approx(
        tradeoff_class_weight(Y, t=fitted.bestT)
    )


def test_model_transforms_like_best_model_and_persists(fitted, frame, tmp_path):
    """Check that transform is the best model's and that a saved model loads
    with its choice, results and predictions."""
    before = [r.prediction for r in fitted.transform(frame).collect()]
    inner = [r.prediction for r in fitted.bestModel.transform(frame).collect()]
    assert before == inner
    fitted.write().overwrite().save(str(tmp_path / "cv"))
    loaded = TradeoffClassifierCVModel.load(str(tmp_path / "cv"))
    assert (loaded.bestT, loaded.requirementMet) == (
        fitted.bestT,
        fitted.requirementMet,
    )
    np.testing.assert_array_equal(
        loaded.cvResults["mean_test_balanced_accuracy"],
        fitted.cvResults["mean_test_balanced_accuracy"],
    )
    assert [r.prediction for r in loaded.transform(frame).collect()] == before


def test_crossvalidator_with_evaluator(spark, frame):
    """Check that MLlib's CrossValidator over t with TradeoffEvaluator averages
    the balanced accuracy of each fold's TradeoffClassifier model (scikit-learn's
    balanced_accuracy_score on its collected test-fold predictions)."""
    stage = TradeoffClassifier(estimator=LogisticRegression(maxIter=20))
    grid = ParamGridBuilder().addGrid(stage.t, [0.3, 0.7]).build()
    cv = CrossValidator(
        estimator=stage,
        estimatorParamMaps=grid,
        evaluator=TradeoffEvaluator(metricName="balancedAccuracy"),
        numFolds=3,
        foldCol="fold",
        collectSubModels=True,
    ).fit(frame)
    assert [m.getT() for m in cv.subModels[0]] == [0.3, 0.7]
    expected = []
    for i in range(2):
        scores = []
        for k in range(3):
            test = frame.filter(F.col("fold") == k)
            model = cv.subModels[k][i]
            rows = model.transform(test).select("label", "prediction").collect()
            labels, predictions = np.array(rows).T
            scores.append(balanced_accuracy_score(labels, predictions))
        expected.append(np.mean(scores))
    np.testing.assert_allclose(cv.avgMetrics, expected, rtol=1e-12)


def test_requirement_warning_points_at_the_users_fit(frame):
    """Check that an unmet requirement warns with RequirementNotMetWarning at
    the user's fit call (not inside PySpark), and requirementMet is False."""
    cv = TradeoffClassifierCV(
        estimator=LogisticRegression(maxIter=20),
        ts=[0.5, 0.9],
        numFolds=3,
        foldCol="fold",
        minSensitivity=1.0,
        confidence=0.9,
    )
    with pytest.warns(
        RequirementNotMetWarning, match="requirementMet is False"
    ) as record:
        model = cv.fit(frame)
    assert record[0].filename == __file__
    assert model.requirementMet is False


def test_estimator_persistence(spark, tmp_path):
    """Check that a saved TradeoffClassifierCV loads with its Params and inner
    estimator."""
    cv = TradeoffClassifierCV(
        estimator=LogisticRegression(regParam=0.1),
        ts=[0.1, 0.9],
        objective=0.7,
        minSpecificity=0.5,
        confidence=0.8,
        seed=3,
    )
    cv.write().overwrite().save(str(tmp_path / "cv_estimator"))
    loaded = TradeoffClassifierCV.load(str(tmp_path / "cv_estimator"))
    for name in ("ts", "objective", "minSpecificity", "confidence", "seed"):
        assert loaded.getOrDefault(name) == cv.getOrDefault(name), name
    assert loaded.getEstimator().getRegParam() == 0.1


@pytest.mark.parametrize(
    "params, error, match",
    [
        ({"numFolds": 1}, ValueError, "numFolds must be at least 2, got numFolds=1"),
        ({"method": "fast"}, ValueError, "method must be one of"),
        ({"selection": "max"}, ValueError, "selection must be 'one_se' or 'best'"),
        ({"objective": "auc"}, ValueError, "objective must be one of"),
        ({"objective": 1.5}, ValueError, r"objective must be in \[0, 1\]"),
        ({"minSensitivity": 2.0}, ValueError, r"minSensitivity must be in \[0, 1\]"),
        ({"confidence": 1.0}, ValueError, r"confidence must be in \(0, 1\)"),
        ({"parallelism": 0}, ValueError, "parallelism must be at least 1"),
        ({"ts": [0.5, 1.5]}, ValueError, "ts"),
        ({"foldCol": "nope"}, ValueError, "foldCol='nope' is not a column"),
        ({"posLabel": 3.0}, ValueError, r"posLabel=3.0 is not among the classes"),
        (
            {"estimator": lambda: MultilayerPerceptronClassifier(layers=[4, 2])},
            ValueError,
            "MultilayerPerceptronClassifier has no weightCol",
        ),
    ],
)
def test_bad_params(frame, params, error, match):
    """Check that bad Params raise a clear error naming the Param."""
    params = {"estimator": LogisticRegression, "ts": [0.5], **params}
    params["estimator"] = params["estimator"]()
    with pytest.raises(error, match=match):
        TradeoffClassifierCV(**params).fit(frame)
