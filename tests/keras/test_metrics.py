"""Tests for sk_imbalance.keras: streaming metrics and class weights in Keras."""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
keras = pytest.importorskip("keras")

from sklearn.datasets import make_classification  # noqa: E402

from sk_imbalance import tradeoff_class_weight, tradeoff_sample_weight  # noqa: E402
from sk_imbalance.keras import (  # noqa: E402
    PerClassAccuracy,
    Sensitivity,
    Specificity,
    TradeoffScore,
)
from sk_imbalance.metrics import (  # noqa: E402
    per_class_accuracy_score,
    sensitivity_score,
    specificity_score,
    tradeoff_score,
)

# Keras' torch backend converts tensors with np.array(x), which numpy 2 flags.
pytestmark = pytest.mark.filterwarnings(
    "ignore:__array__ implementation doesn't accept a copy keyword"
)

if keras.backend.backend() == "torch":
    import torch

    # Tiny networks: thread start-up costs more than it saves on 2 busy cores.
    torch.set_num_threads(1)


# Metric under test and the library function it must equal, on class labels.
BINARY_CASES = {
    "sensitivity": (Sensitivity, sensitivity_score),
    "specificity": (Specificity, specificity_score),
    "per_class_accuracy_1": (
        lambda **kw: PerClassAccuracy(1, **kw),
        lambda y, p, **kw: per_class_accuracy_score(y, p, labels=[0, 1], **kw)[1],
    ),
    "per_class_accuracy_0": (
        lambda **kw: PerClassAccuracy(0, **kw),
        lambda y, p, **kw: per_class_accuracy_score(y, p, labels=[0, 1], **kw)[0],
    ),
    "tradeoff_score": (
        lambda **kw: TradeoffScore(t=0.8, **kw),
        lambda y, p, **kw: tradeoff_score(y, p, t=0.8, **kw),
    ),
}


@pytest.fixture
def batches():
    """Sigmoid outputs in batches of unequal size and unequal positives."""
    rng = np.random.default_rng(1)
    sizes, positives = [12, 7, 20, 5], [1, 4, 2, 3]
    out = []
    for size, n_pos in zip(sizes, positives, strict=True):
        y = np.zeros(size, dtype="float32")
        y[:n_pos] = 1
        rng.shuffle(y)
        # A weak model: the output leans towards the truth.
        proba = np.clip(0.25 * y + rng.uniform(0, 0.7, size), 0, 1)
        out.append((y, proba.astype("float32")[:, None]))
    return out


def _concat(batches):
    y = np.concatenate([b[0] for b in batches])
    proba = np.concatenate([b[1] for b in batches])
    return y, proba


def _labels(proba):
    return (proba.ravel() > 0.5).astype(int)


def _identity_model(n_columns=1):
    """A model whose output is its input, so predictions are chosen exactly."""
    return keras.Sequential([keras.Input((n_columns,)), keras.layers.Identity()])


@pytest.mark.parametrize("case", BINARY_CASES)
def test_streaming_equals_library_function(batches, case):
    """Check that the value after several batches equals the library's function
    on all of them."""
    make_metric, reference = BINARY_CASES[case]
    metric = make_metric()
    for y, proba in batches:
        metric.update_state(y, proba)
    y, proba = _concat(batches)
    expected = reference(y.astype(int), _labels(proba))
    assert float(metric.result()) == pytest.approx(expected, rel=1e-6)


def test_per_batch_average_is_wrong(batches):
    """Check that the post's mean of per-batch sensitivities misses the epoch
    sensitivity on batches with unequal positives, while the metric hits it."""
    per_batch = [
        sensitivity_score(y.astype(int), _labels(proba)) for y, proba in batches
    ]
    metric = Sensitivity()
    for y, proba in batches:
        metric.update_state(y, proba)
    y, proba = _concat(batches)
    expected = sensitivity_score(y.astype(int), _labels(proba))
    assert abs(np.mean(per_batch) - expected) > 0.05
    assert float(metric.result()) == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("case", BINARY_CASES)
def test_streaming_weighted_equals_library_function(batches, case):
    """Check that sample weights give the library's weighted value."""
    make_metric, reference = BINARY_CASES[case]
    rng = np.random.default_rng(1)
    weights = [rng.uniform(0.1, 3, y.shape[0]).astype("float32") for y, _ in batches]
    metric = make_metric()
    for (y, proba), w in zip(batches, weights, strict=True):
        metric.update_state(y, proba, sample_weight=w)
    y, proba = _concat(batches)
    expected = reference(
        y.astype(int), _labels(proba), sample_weight=np.concatenate(weights)
    )
    assert float(metric.result()) == pytest.approx(expected, rel=1e-5)


@pytest.mark.parametrize("case", BINARY_CASES)
def test_integer_weights_equal_repeated_rows(batches, case):
    """Check that integer sample weights equal repeating the rows."""
    make_metric, _ = BINARY_CASES[case]
    rng = np.random.default_rng(2)
    weighted, repeated = make_metric(), make_metric()
    for y, proba in batches:
        w = rng.integers(0, 4, y.shape[0])
        weighted.update_state(y, proba, sample_weight=w)
        repeated.update_state(np.repeat(y, w), np.repeat(proba, w, axis=0))
    assert float(weighted.result()) == pytest.approx(float(repeated.result()), rel=1e-6)


@pytest.mark.parametrize("one_hot", [False, True], ids=["sparse", "one_hot"])
@pytest.mark.parametrize("label", [0, 1, 2])
def test_softmax_one_vs_rest(label, one_hot):
    """Check that softmax outputs are decided by argmax and each metric equals
    the library's one-vs-rest value, for class indices and one-hot labels."""
    rng = np.random.default_rng(3)
    y = rng.integers(0, 3, 40)
    scores = rng.uniform(size=(40, 3)) + 0.6 * np.eye(3)[y]
    y_in = np.eye(3)[y] if one_hot else y
    y_pred = scores.argmax(axis=1)
    metrics = {
        "per_class": PerClassAccuracy(label),
        "sensitivity": Sensitivity(pos_label=label),
        "specificity": Specificity(pos_label=label),
    }
    for start in range(0, 40, 15):
        for metric in metrics.values():
            metric.update_state(y_in[start : start + 15], scores[start : start + 15])
    expected = {
        "per_class": per_class_accuracy_score(y, y_pred, labels=[0, 1, 2])[label],
        "sensitivity": sensitivity_score(y, y_pred, pos_label=label),
        "specificity": specificity_score(y, y_pred, pos_label=label),
    }
    got = {name: float(metric.result()) for name, metric in metrics.items()}
    assert got == pytest.approx(expected, rel=1e-6)


def test_threshold_and_pos_label_zero(batches):
    """Check that the threshold decides a sigmoid output and that pos_label=0
    makes class 0 the positive one."""
    metric = Sensitivity(threshold=0.3, pos_label=0)
    for y, proba in batches:
        metric.update_state(y, proba)
    y, proba = _concat(batches)
    expected = sensitivity_score(
        y.astype(int), (proba.ravel() > 0.3).astype(int), pos_label=0
    )
    assert float(metric.result()) == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize(
    "metric_class, reference, y_true",
    [
        (Sensitivity, sensitivity_score, [0, 0]),
        (Specificity, specificity_score, [1, 1]),
    ],
)
@pytest.mark.parametrize("zero_division", [0.0, 1.0, np.nan])
def test_zero_division(metric_class, reference, y_true, zero_division):
    """Check that a rate whose class has not been seen is zero_division, as in
    the library's function."""
    metric = metric_class(zero_division=zero_division)
    metric.update_state(y_true, [0.2, 0.9])
    expected = reference(y_true, [0, 1], zero_division=zero_division)
    np.testing.assert_equal(float(metric.result()), expected)


@pytest.mark.parametrize("t, y_true", [(1.0, [1, 1]), (0.0, [0, 0])])
def test_tradeoff_score_leaves_out_rate_weighted_zero(t, y_true):
    """Check that at t=1 (t=0) TradeoffScore ignores the unseen negatives
    (positives), as tradeoff_score does, even with zero_division=NaN."""
    metric = TradeoffScore(t=t, zero_division=np.nan)
    metric.update_state(y_true, [0.2, 0.9])
    expected = tradeoff_score(y_true, [0, 1], t=t, zero_division=np.nan)
    assert float(metric.result()) == pytest.approx(expected)


def test_reset_state_restarts_counts(batches):
    """Check that after reset_state the metric counts only new batches."""
    metric, fresh = Sensitivity(), Sensitivity()
    for y, proba in batches[:2]:
        metric.update_state(y, proba)
    metric.reset_state()
    for y, proba in batches[2:]:
        metric.update_state(y, proba)
        fresh.update_state(y, proba)
    assert float(metric.result()) == float(fresh.result())


def _all_metrics():
    return [
        Sensitivity(),
        Specificity(),
        PerClassAccuracy(0),
        PerClassAccuracy(1),
        TradeoffScore(0.8),
    ]


def _expected_all(y, labels, sample_weight=None):
    kw = {"sample_weight": sample_weight}
    per_class = per_class_accuracy_score(y, labels, labels=[0, 1], **kw)
    return {
        "sensitivity": sensitivity_score(y, labels, **kw),
        "specificity": specificity_score(y, labels, **kw),
        "per_class_accuracy_0": per_class[0],
        "per_class_accuracy_1": per_class[1],
        "tradeoff_score": tradeoff_score(y, labels, t=0.8, **kw),
    }


def test_evaluate_equals_library_function(batches):
    """Check that model.evaluate over several batches reports the library's
    values."""
    y, proba = _concat(batches)
    model = _identity_model()
    model.compile(loss="binary_crossentropy", metrics=_all_metrics())
    logs = model.evaluate(proba, y, batch_size=7, verbose=0, return_dict=True)
    expected = _expected_all(y.astype(int), _labels(proba))
    assert {k: logs[k] for k in expected} == pytest.approx(expected, rel=1e-6)


def test_evaluate_weighted_metrics_use_sample_weight(batches):
    """Check that as weighted_metrics the metrics report the weighted values."""
    y, proba = _concat(batches)
    w = np.random.default_rng(4).uniform(0.1, 3, y.shape[0]).astype("float32")
    model = _identity_model()
    model.compile(loss="binary_crossentropy", weighted_metrics=_all_metrics())
    logs = model.evaluate(
        proba, y, sample_weight=w, batch_size=7, verbose=0, return_dict=True
    )
    expected = _expected_all(y.astype(int), _labels(proba), sample_weight=w)
    assert {k: logs[k] for k in expected} == pytest.approx(expected, rel=1e-5)


@pytest.mark.filterwarnings("ignore:The model does not have any trainable weights")
def test_class_weight_leaves_rates_unchanged(batches):
    """Check that under fit(class_weight=...) even weighted_metrics report the
    plain rates: a class weight is constant within its class."""
    y, proba = _concat(batches)
    model = _identity_model()
    model.compile(loss="binary_crossentropy", weighted_metrics=_all_metrics())
    history = model.fit(
        proba,
        y,
        class_weight=tradeoff_class_weight(y.astype(int), t=0.9),
        batch_size=7,
        epochs=1,
        verbose=0,
    )
    expected = _expected_all(y.astype(int), _labels(proba))
    got = {k: history.history[k][0] for k in expected}
    assert got == pytest.approx(expected, rel=1e-5)


def test_fit_resets_each_epoch():
    """Check that each epoch's training value counts that epoch only."""
    keras.utils.set_random_seed(0)
    x = np.linspace(-1, 1, 40, dtype="float32")[:, None]
    y = (x.ravel() > -0.4).astype("float32")
    model = keras.Sequential(
        [
            keras.Input((1,)),
            keras.layers.Dense(
                1,
                activation="sigmoid",
                kernel_initializer="zeros",
                bias_initializer=keras.initializers.Constant(-2.0),
            ),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=3.0),
        loss="binary_crossentropy",
        metrics=[Sensitivity()],
    )
    expected = []
    # One batch per epoch, so an epoch's predictions are those at its start.
    record = keras.callbacks.LambdaCallback(
        on_epoch_begin=lambda epoch, logs: expected.append(
            sensitivity_score(y.astype(int), _labels(model.predict(x, verbose=0)))
        )
    )
    history = model.fit(
        x, y, batch_size=40, epochs=4, shuffle=False, verbose=0, callbacks=[record]
    )
    assert len(set(expected)) > 2  # the predictions do change between epochs
    assert history.history["sensitivity"] == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("metric", _all_metrics(), ids=lambda m: m.name)
def test_get_config_round_trip(metric):
    """Check that a metric rebuilt from its serialised form has the same config."""
    restored = keras.saving.deserialize_keras_object(
        keras.saving.serialize_keras_object(metric)
    )
    assert type(restored) is type(metric)
    assert restored.get_config() == metric.get_config()


def test_model_save_and_load(batches, tmp_path):
    """Check that a model compiled with the metrics saves, loads without
    custom_objects and evaluates to the same values."""
    y, proba = _concat(batches)
    model = _identity_model()
    metrics = [
        Sensitivity(threshold=0.3, zero_division=1.0),
        Specificity(pos_label=0),
        PerClassAccuracy(1, name="recall_1"),
        TradeoffScore(0.7),
    ]
    model.compile(loss="binary_crossentropy", metrics=metrics)
    before = model.evaluate(proba, y, batch_size=7, verbose=0, return_dict=True)
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    after = loaded.evaluate(proba, y, batch_size=7, verbose=0, return_dict=True)
    assert after == pytest.approx(before)
    assert set(after) == {
        "loss",
        "sensitivity",
        "specificity",
        "recall_1",
        "tradeoff_score",
    }


@pytest.mark.parametrize(
    "make, error, match",
    [
        (lambda: Sensitivity(threshold="0.5"), TypeError, "threshold must be"),
        (lambda: Sensitivity(threshold=np.nan), ValueError, "threshold must be"),
        (lambda: Sensitivity(pos_label=-1), ValueError, "pos_label .*-1"),
        (lambda: Specificity(pos_label=1.0), TypeError, "pos_label .*1.0"),
        (lambda: Specificity(pos_label=True), TypeError, "pos_label .*True"),
        (lambda: PerClassAccuracy(-2), ValueError, "class_id .*-2"),
        (lambda: PerClassAccuracy("a"), TypeError, "class_id .*'a'"),
        (lambda: TradeoffScore(t=1.5), ValueError, "t must be .*1.5"),
        (lambda: TradeoffScore(t="0.5"), TypeError, "t must be .*'0.5'"),
        (lambda: Sensitivity(zero_division=2), ValueError, "zero_division .*2"),
        (lambda: Sensitivity(zero_division=0.5), ValueError, "zero_division .*0.5"),
        (lambda: Sensitivity(zero_division="warn"), TypeError, "zero_division.*warn"),
    ],
)
def test_invalid_parameters(make, error, match):
    """Check that bad parameters raise an error naming the parameter and value."""
    with pytest.raises(error, match=match):
        make()


@pytest.mark.parametrize(
    "metric, y_true, y_pred, match",
    [
        (Sensitivity(pos_label=2), [0, 1], [[0.2], [0.9]], "Class 2 does not exist"),
        (PerClassAccuracy(3), [0, 1], [[0.2, 0.8], [0.9, 0.1]], "Class 3 .*2 col"),
        (
            Sensitivity(threshold=0.3),
            [0, 1],
            [[0.2, 0.8], [0.9, 0.1]],
            "threshold=0.3 applies to single-column",
        ),
    ],
)
def test_invalid_outputs(metric, y_true, y_pred, match):
    """Check that a class or threshold that does not fit the output shape is a
    clear error."""
    with pytest.raises(ValueError, match=match):
        metric.update_state(y_true, y_pred)


def _small_data():
    X, y = make_classification(
        n_samples=300,
        n_features=5,
        n_informative=3,
        weights=[0.9],
        class_sep=0.5,
        random_state=0,
    )
    return X.astype("float32"), y


def _small_network():
    return keras.Sequential(
        [
            keras.Input((5,)),
            keras.layers.Dense(4, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )


def test_class_weight_raises_sensitivity_with_t():
    """Check that class weights from tradeoff_class_weight move the trained
    network's sensitivity up and its specificity down as t grows."""
    X, y = _small_data()
    sensitivity, specificity = [], []
    for t in (0.2, 0.5, 0.8):
        keras.utils.set_random_seed(0)
        model = _small_network()
        model.compile(
            optimizer=keras.optimizers.Adam(0.05),
            loss="binary_crossentropy",
            metrics=[Sensitivity(), Specificity()],
        )
        model.fit(
            X,
            y,
            class_weight=tradeoff_class_weight(y, t),
            batch_size=64,
            epochs=15,
            verbose=0,
        )
        logs = model.evaluate(X, y, batch_size=300, verbose=0, return_dict=True)
        sensitivity.append(logs["sensitivity"])
        specificity.append(logs["specificity"])
    assert sensitivity[0] < sensitivity[1] < sensitivity[2]
    assert specificity[0] > specificity[1] > specificity[2]


def test_class_weight_equals_tradeoff_sample_weight():
    """Check that class_weight=tradeoff_class_weight(y, t) trains the same
    network as sample_weight=tradeoff_sample_weight(y, t)."""
    X, y = _small_data()
    trained = []
    for fit_kw in (
        {"class_weight": tradeoff_class_weight(y, 0.7)},
        {"sample_weight": tradeoff_sample_weight(y, 0.7)},
    ):
        keras.utils.set_random_seed(0)
        model = _small_network()
        model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy")
        model.fit(X, y, batch_size=64, epochs=2, verbose=0, **fit_kw)
        trained.append(model.get_weights())
    for a, b in zip(*trained, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_keras_refuses_class_weight_with_sample_weight():
    """Check the documented Keras rule that class_weight and sample_weight
    cannot be combined (tradeoff_sample_weight(..., sample_weight=s) can)."""
    X, y = _small_data()
    model = _small_network()
    model.compile(loss="binary_crossentropy")
    with pytest.raises(ValueError, match="class_weight"):
        model.fit(
            X,
            y,
            class_weight=tradeoff_class_weight(y, 0.7),
            sample_weight=np.ones(y.shape[0]),
            epochs=1,
            verbose=0,
        )
