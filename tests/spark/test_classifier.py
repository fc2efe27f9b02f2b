"""TradeoffClassifier on Spark: the weights, the fit, Pipelines and persistence."""

import numpy as np
import pytest

from sk_imbalance import tradeoff_class_weight, tradeoff_sample_weight

pytest.importorskip("pyspark")

from pyspark.ml import Estimator, Model, Pipeline, PipelineModel
from pyspark.ml.classification import (
    LogisticRegression,
    MultilayerPerceptronClassifier,
)
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.linalg import Vectors
from pyspark.ml.param.shared import HasLabelCol, HasWeightCol

from sk_imbalance.spark import (
    TradeoffClassificationModel,
    TradeoffClassifier,
)


class _Recorder(Estimator, HasLabelCol, HasWeightCol):
    """An inner estimator that keeps the labels and weights it was fitted on."""

    seen = None

    def __init__(self):
        super().__init__()
        self._setDefault(labelCol="label")

    def _fit(self, dataset):
        rows = dataset.select(
            self.getLabelCol(), self.getOrDefault(self.weightCol), "row"
        ).collect()
        rows.sort(key=lambda r: r["row"])
        _Recorder.seen = np.array([[r[0], r[1]] for r in rows])
        return _Constant()


class _Constant(Model):
    def _transform(self, dataset):
        return dataset


def _frame(spark, y, w=None):
    columns = {"row": np.arange(len(y)), "label": np.asarray(y, float)}
    if w is not None:
        columns["w"] = np.asarray(w, float)
    names = list(columns)
    rows = [
        tuple(float(columns[n][i]) if n != "row" else int(i) for n in names)
        for i in range(len(y))
    ]
    return spark.createDataFrame(rows, names)


RNG = np.random.default_rng(0)
Y_BINARY = (RNG.uniform(size=60) < 0.2).astype(float)
Y_MULTI = RNG.integers(0, 3, size=60).astype(float)
W = RNG.uniform(0.2, 3.0, size=60)


@pytest.mark.parametrize(
    "y, w, params, reference",
    [
        (Y_BINARY, None, {"t": 0.8}, {"t": 0.8}),
        (Y_BINARY, W, {"t": 0.3}, {"t": 0.3}),
        (
            Y_MULTI,
            None,
            {"classPriority": {0: 1, 2: 4}},
            {"class_priority": {0: 1, 2: 4}},
        ),
        (Y_MULTI, W, {"t": 0.9, "posLabel": 1}, {"t": 0.9, "pos_label": 1}),
    ],
    ids=["binary", "binary-user-weights", "multi-priority", "multi-one-vs-rest"],
)
def test_weight_column_equals_tradeoff_sample_weight(spark, y, w, params, reference):
    """Check that the weight column the inner estimator is fitted with equals
    tradeoff_sample_weight on the collected labels, user weights multiplied in."""
    inner = _Recorder()
    if w is not None:
        inner.set(inner.weightCol, "w")
    TradeoffClassifier(estimator=inner, **params).fit(_frame(spark, y, w))
    labels, weights = _Recorder.seen.T
    expected = tradeoff_sample_weight(labels, sample_weight=w, **reference)
    np.testing.assert_allclose(weights, expected, rtol=1e-12)


def _features(spark, n=120, seed=1):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = (X[:, 0] + 0.7 * rng.normal(size=n) > 1.0).astype(float)
    rows = [(Vectors.dense(x), float(label)) for x, label in zip(X, y, strict=True)]
    return spark.createDataFrame(rows, ["features", "label"]), X, y


def test_fit_equals_mllib_fit_with_the_weights(spark):
    """Check that the inner model equals MLlib's LogisticRegression fitted with
    weightCol set to tradeoff_sample_weight (computed in numpy), and that
    classWeight is tradeoff_class_weight."""
    df, X, y = _features(spark)
    model = TradeoffClassifier(estimator=LogisticRegression(), t=0.7).fit(df)
    w = tradeoff_sample_weight(y, t=0.7)
    rows = [
        (Vectors.dense(x), float(label), float(v))
        for x, label, v in zip(X, y, w, strict=True)
    ]
    weighted = spark.createDataFrame(rows, ["features", "label", "w"])
    reference = LogisticRegression(weightCol="w").fit(weighted)
    np.testing.assert_allclose(
        model.model.coefficients.toArray(), reference.coefficients.toArray(), rtol=1e-6
    )
    assert model.classWeight == pytest.approx(tradeoff_class_weight(y, t=0.7))


def test_pipeline_stage_and_persistence_round_trip(spark, tmp_path):
    """Check that the estimator fits as a Pipeline stage and that the fitted
    Pipeline, the estimator and the model load back with the same predictions,
    Params and weights."""
    _df, X, y = _features(spark)
    flat = spark.createDataFrame(
        [(float(a), float(b), float(c)) for (a, b), c in zip(X, y, strict=True)],
        ["a", "b", "label"],
    )
    stage = TradeoffClassifier(estimator=LogisticRegression(), t=0.8, posLabel=1.0)
    pipeline = Pipeline(
        stages=[VectorAssembler(inputCols=["a", "b"], outputCol="features"), stage]
    )
    fitted = pipeline.fit(flat)
    fitted.write().overwrite().save(str(tmp_path / "pipeline"))
    loaded = PipelineModel.load(str(tmp_path / "pipeline"))
    before = [r.prediction for r in fitted.transform(flat).collect()]
    after = [r.prediction for r in loaded.transform(flat).collect()]
    assert before == after
    assert loaded.stages[-1].classWeight == fitted.stages[-1].classWeight
    assert sum(before) > 0  # the tradeoff moved some rows to the positives

    stage.write().overwrite().save(str(tmp_path / "estimator"))
    again = TradeoffClassifier.load(str(tmp_path / "estimator"))
    assert (again.getT(), again.getPosLabel(), again.uid) == (0.8, 1.0, stage.uid)
    assert isinstance(again.getEstimator(), LogisticRegression)

    model = fitted.stages[-1]
    model.write().overwrite().save(str(tmp_path / "model"))
    reread = TradeoffClassificationModel.load(str(tmp_path / "model"))
    assert reread.getT() == 0.8
    assert reread.classWeight == model.classWeight


def test_class_priority_persists(spark, tmp_path):
    """Check that classPriority (float keys) survives a save and load."""
    stage = TradeoffClassifier(
        estimator=LogisticRegression(), classPriority={0.0: 1.0, 2.0: 3.0}
    )
    stage.write().overwrite().save(str(tmp_path / "priority"))
    loaded = TradeoffClassifier.load(str(tmp_path / "priority"))
    assert loaded.getClassPriority() == {0.0: 1.0, 2.0: 3.0}


def test_copy_copies_the_inner_estimator(spark):
    """Check that copy sets the extra Params and does not share the inner
    estimator (a Param change on the copy's does not reach the original)."""
    stage = TradeoffClassifier(estimator=LogisticRegression(maxIter=5), t=0.5)
    copied = stage.copy({stage.t: 0.9})
    copied.getEstimator().setMaxIter(50)
    assert (copied.getT(), stage.getT()) == (0.9, 0.5)
    assert stage.getEstimator().getMaxIter() == 5


@pytest.mark.parametrize(
    "params, error, match",
    [
        (
            {"estimator": lambda: MultilayerPerceptronClassifier(layers=[2, 2])},
            ValueError,
            "MultilayerPerceptronClassifier has no weightCol",
        ),
        ({"estimator": "logistic"}, TypeError, "estimator must be a pyspark.ml"),
        ({"t": 1.5}, ValueError, r"t must be in \[0, 1\], got t=1.5"),
        ({"t": 0.3, "classPriority": {0: 2}}, ValueError, "classPriority cannot be"),
        ({"posLabel": 7}, ValueError, r"posLabel=7.0 is not among the classes"),
        ({"classPriority": {5: 2}}, ValueError, "classPriority names label 5"),
    ],
)
def test_bad_params(spark, params, error, match):
    """Check that bad Params raise a clear error naming the Param."""
    df, _, _ = _features(spark, n=20)
    # Estimators need the session to exist: the table holds factories.
    params = {"estimator": LogisticRegression, **params}
    if callable(params["estimator"]):
        params["estimator"] = params["estimator"]()
    with pytest.raises(error, match=match):
        TradeoffClassifier(**params).fit(df)
