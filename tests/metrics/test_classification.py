"""Tests for the metric functions and their counting core.

References are independent of our code: scikit-learn's ``recall_score`` and
``balanced_accuracy_score``, confusion counts computed by hand with boolean masks,
and repeated rows instead of integer weights.
"""

import inspect
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import balanced_accuracy_score, recall_score

from sk_imbalance import metrics
from sk_imbalance.metrics import (
    _classification,
    per_class_accuracy_score,
    sensitivity_score,
    specificity_score,
    tradeoff_score,
)
from sk_imbalance.metrics._classification import _balanced_accuracy_score
from sk_imbalance.utils import _indexing

from .._strategies import FEW, LABEL_SETS, labelled

# Label pools, each exercising one way of turning labels into counts: small
# integers (direct bincount), negative integers (shifted), integers spanning more
# than the direct range, strings, object strings, whole floats and booleans.
POOLS = {
    "int": np.array([0, 1, 2, 3, 4]),
    "negative": np.array([-2, -1, 0, 3, 7]),
    "wide": np.array([-(10**9), 5, 70_000, 10**9, 10**12]),
    "str": np.array(["cat", "ant", "dog", "bee", "eel"]),
    "object": np.array(["cat", "ant", "dog", "bee", "eel"], dtype=object),
    "float": np.array([0.0, 1.0, 2.0, -3.0, 10.0]),
    "uint8": np.array([0, 1, 2, 200, 255], dtype=np.uint8),
}
POOL_NAMES = sorted(POOLS)


@st.composite
def labelled_data(draw, max_classes=5, weighted=None):
    """Draw (y_true, y_pred, sample_weight, pool); classes may be absent."""
    pool = POOLS[draw(st.sampled_from(POOL_NAMES))]
    n_classes = draw(st.integers(1, max_classes))
    classes = pool[:n_classes]
    n = draw(st.integers(1, 30))
    index = st.lists(st.integers(0, n_classes - 1), min_size=n, max_size=n)
    y_true = classes[np.array(draw(index), dtype=int)]
    y_pred = classes[np.array(draw(index), dtype=int)]
    if weighted is None:
        weighted = draw(st.booleans())
    sample_weight = None
    if weighted:
        values = st.one_of(st.just(0.0), st.floats(0.01, 100.0), st.integers(1, 5))
        sample_weight = np.array(
            draw(st.lists(values, min_size=n, max_size=n)), dtype=float
        )
        if sample_weight.sum() == 0:
            sample_weight[0] = 1.0
    return y_true, y_pred, sample_weight, classes


def _quiet(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        return func(*args, **kwargs)


def _hand_rates(y_true, y_pred, pos_label, sample_weight):
    """(sensitivity, specificity) from masks; NaN where undefined."""
    w = np.ones(len(y_true)) if sample_weight is None else sample_weight
    pos, hit = y_true == pos_label, y_pred == pos_label
    sens = w[pos & hit].sum() / w[pos].sum() if w[pos].sum() > 0 else np.nan
    spec = w[~pos & ~hit].sum() / w[~pos].sum() if w[~pos].sum() > 0 else np.nan
    return sens, spec


@settings(max_examples=80, deadline=None)
@given(data=labelled_data(max_classes=2), which=st.integers(0, 1))
def test_sensitivity_matches_recall_score_binary(data, which):
    """Check that sensitivity equals recall_score(average="binary") on binary data."""
    y_true, y_pred, sample_weight, classes = data
    pos_label = classes[min(which, classes.size - 1)]
    expected = _quiet(
        recall_score, y_true, y_pred, pos_label=pos_label, sample_weight=sample_weight
    )
    got = _quiet(
        sensitivity_score,
        y_true,
        y_pred,
        pos_label=pos_label,
        sample_weight=sample_weight,
    )
    assert got == pytest.approx(expected, rel=1e-12)


@settings(max_examples=80, deadline=None)
@given(data=labelled_data(max_classes=2))
def test_specificity_matches_recall_of_negative_class(data):
    """Check that binary specificity equals recall_score with the negative class."""
    y_true, y_pred, sample_weight, classes = data
    if classes.size < 2:
        return
    expected = _quiet(
        recall_score, y_true, y_pred, pos_label=classes[0], sample_weight=sample_weight
    )
    got = _quiet(
        specificity_score,
        y_true,
        y_pred,
        pos_label=classes[1],
        sample_weight=sample_weight,
    )
    assert got == pytest.approx(expected, rel=1e-12)


@settings(max_examples=80, deadline=None)
@given(data=labelled_data(), which=st.integers(0, 4))
def test_one_vs_rest_rates_match_hand_count(data, which):
    """Check weighted one-vs-rest sensitivity and specificity against masks."""
    y_true, y_pred, sample_weight, classes = data
    present = set(y_true.tolist()) | set(y_pred.tolist())
    pos_label = classes[min(which, classes.size - 1)]
    if pos_label not in present and len(present) >= 2:
        return  # an error, tested separately
    sens, spec = _hand_rates(y_true, y_pred, pos_label, sample_weight)
    kwargs = {
        "pos_label": pos_label,
        "sample_weight": sample_weight,
        "zero_division": np.nan,
    }
    assert sensitivity_score(y_true, y_pred, **kwargs) == pytest.approx(
        sens, rel=1e-12, nan_ok=True
    )
    assert specificity_score(y_true, y_pred, **kwargs) == pytest.approx(
        spec, rel=1e-12, nan_ok=True
    )


@settings(max_examples=80, deadline=None)
@given(data=labelled_data(), order=st.permutations(range(5)), size=st.integers(0, 5))
def test_per_class_accuracy_matches_recall_score(data, order, size):
    """Check per_class_accuracy_score against recall_score(average=None)."""
    y_true, y_pred, sample_weight, classes = data
    expected = _quiet(
        recall_score, y_true, y_pred, average=None, sample_weight=sample_weight
    )
    got = _quiet(per_class_accuracy_score, y_true, y_pred, sample_weight=sample_weight)
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    # Explicit labels: any order, possibly absent from the data.
    pool = POOLS[next(k for k in POOL_NAMES if POOLS[k][0] == classes[0])]
    labels = pool[list(order)[: max(size, 1)]]
    expected = _quiet(
        recall_score,
        y_true,
        y_pred,
        labels=labels,
        average=None,
        sample_weight=sample_weight,
    )
    got = _quiet(
        per_class_accuracy_score,
        y_true,
        y_pred,
        labels=labels,
        sample_weight=sample_weight,
    )
    np.testing.assert_allclose(got, expected, rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(data=labelled_data())
def test_balanced_accuracy_matches_scikit_learn(data):
    """Check the private balanced accuracy against balanced_accuracy_score."""
    y_true, y_pred, sample_weight, _ = data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = balanced_accuracy_score(y_true, y_pred, sample_weight=sample_weight)
        got = _balanced_accuracy_score(y_true, y_pred, sample_weight=sample_weight)
    assert got == pytest.approx(expected, rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(data=labelled_data(max_classes=2), t=st.floats(0.0, 1.0))
def test_tradeoff_score_is_weighted_mean_of_rates(data, t):
    """Check that tradeoff_score = t * sensitivity + (1 - t) * specificity."""
    y_true, y_pred, sample_weight, classes = data
    pos_label = classes[-1]
    sens, spec = _hand_rates(y_true, y_pred, pos_label, sample_weight)
    expected = t * np.nan_to_num(sens) if t > 0 else 0.0
    expected += (1 - t) * np.nan_to_num(spec) if t < 1 else 0.0
    got = _quiet(
        tradeoff_score,
        y_true,
        y_pred,
        t=t,
        pos_label=pos_label,
        sample_weight=sample_weight,
    )
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-15)


@settings(max_examples=60, deadline=None)
@given(data=labelled_data(weighted=False), repeats=st.data())
def test_integer_weights_equal_repeated_rows(data, repeats):
    """Check that integer sample weights equal repeating the rows."""
    y_true, y_pred, _, classes = data
    counts = np.array(
        repeats.draw(
            st.lists(st.integers(0, 3), min_size=y_true.size, max_size=y_true.size)
        )
    )
    if counts.sum() == 0:
        counts[0] = 1
    rep_true, rep_pred = np.repeat(y_true, counts), np.repeat(y_pred, counts)
    # A row of weight 0 still shows its label; a row repeated 0 times does not.
    pos_label = rep_true[0]
    for func, kwargs in [
        (sensitivity_score, {"pos_label": pos_label}),
        (specificity_score, {"pos_label": pos_label}),
        (per_class_accuracy_score, {"labels": classes}),
    ]:
        kwargs["zero_division"] = np.nan
        weighted = func(y_true, y_pred, sample_weight=counts, **kwargs)
        repeated = func(rep_true, rep_pred, **kwargs)
        np.testing.assert_allclose(weighted, repeated, rtol=1e-12)


@pytest.mark.parametrize(
    "block, matrix_codes, few_labels",
    [(3, 256, 8), (4, 2, 0), (1 << 18, 1, 2), (7, 256, 3)],
)
def test_block_and_counting_strategies_agree(
    monkeypatch, block, matrix_codes, few_labels
):
    """Check counts across block boundaries and every encoding/counting strategy."""
    monkeypatch.setattr(_indexing, "_BLOCK", block)
    monkeypatch.setattr(_classification, "_MATRIX_CODES", matrix_codes)
    monkeypatch.setattr(_classification, "_FEW_LABELS", few_labels)
    rng = np.random.default_rng(0)
    for pool in POOLS.values():
        y_true = pool[rng.integers(0, 4, 50)]
        y_pred = pool[rng.integers(0, 5, 50)]
        for sample_weight in (None, rng.random(50)):
            expected = _quiet(
                recall_score,
                y_true,
                y_pred,
                average=None,
                sample_weight=sample_weight,
            )
            got = _quiet(
                per_class_accuracy_score, y_true, y_pred, sample_weight=sample_weight
            )
            np.testing.assert_allclose(got, expected, rtol=1e-12)
            sens, spec = _hand_rates(y_true, y_pred, pool[1], sample_weight)
            kwargs = {"pos_label": pool[1], "sample_weight": sample_weight}
            assert sensitivity_score(y_true, y_pred, **kwargs) == pytest.approx(sens)
            assert specificity_score(y_true, y_pred, **kwargs) == pytest.approx(spec)


def test_sensitivity_of_negative_class_is_specificity():
    """Check sensitivity(pos_label=0) == specificity(pos_label=1) on binary data."""
    rng = np.random.default_rng(1)
    y_true, y_pred = rng.integers(0, 2, 200), rng.integers(0, 2, 200)
    w = rng.random(200)
    assert sensitivity_score(y_true, y_pred, pos_label=0, sample_weight=w) == (
        pytest.approx(specificity_score(y_true, y_pred, pos_label=1, sample_weight=w))
    )


def test_weighted_specificity_stays_in_unit_interval():
    """Check weighted specificity on data where all weight sits on few samples."""
    y_true = np.array([0, 0, 0, 1, 1, 1])
    y_pred = np.array([1, 0, 1, 1, 0, 1])
    w = np.array([1e-9, 3.0, 0.0, 1e9, 2.0, 0.5])
    # Negatives: weights 1e-9 (wrong), 3 (right), 0 (wrong) -> 3 / (3 + 1e-9).
    assert specificity_score(y_true, y_pred, sample_weight=w) == pytest.approx(
        3.0 / (3.0 + 1e-9)
    )


def test_scores_are_python_floats():
    """Check that the scalar metrics return Python floats."""
    y = [0, 1, 1, 0]
    for func in (sensitivity_score, specificity_score, tradeoff_score):
        assert type(func(y, y)) is float


def test_pandas_series_input():
    """Check that pandas Series (including string dtype) are accepted."""
    pd = pytest.importorskip("pandas")
    y_true = pd.Series(["a", "b", "b", "a"])
    y_pred = pd.Series(["a", "b", "a", "a"])
    assert sensitivity_score(y_true, y_pred, pos_label="b") == 0.5
    np.testing.assert_allclose(per_class_accuracy_score(y_true, y_pred), [1.0, 0.5])


@pytest.mark.parametrize(
    "func, y_true, y_pred, kwargs, match",
    [
        (sensitivity_score, [0, 0], [0, 1], {}, "no samples of pos_label=1"),
        (specificity_score, [1, 1], [0, 1], {}, "no samples other than pos_label=1"),
        (per_class_accuracy_score, [0, 0], [0, 1], {}, r"labels \[1\]"),
        (per_class_accuracy_score, [0, 1], [0, 1], {"labels": [5]}, r"labels \[5\]"),
        (sensitivity_score, [0, 0], [0, 0], {}, "no samples of pos_label=1"),
    ],
)
def test_missing_class_warns_and_gives_zero(func, y_true, y_pred, kwargs, match):
    """Check that a class absent from y_true warns and scores 0 by default."""
    with pytest.warns(UndefinedMetricWarning, match=match):
        result = func(y_true, y_pred, **kwargs)
    assert np.atleast_1d(result)[-1] == 0.0


@pytest.mark.parametrize("zero_division", [0, 1, 0.0, 1.0, np.nan])
def test_zero_division_value_without_warning(zero_division):
    """Check that an explicit zero_division is returned silently."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sens = sensitivity_score([0, 0], [0, 1], zero_division=zero_division)
        spec = specificity_score([1, 1], [1, 1], zero_division=zero_division)
        per_class = per_class_accuracy_score(
            [0, 0], [0, 1], zero_division=zero_division
        )
    np.testing.assert_equal([sens, spec, per_class[1]], [zero_division] * 3)


def test_pos_label_absent_with_single_label_is_missing_class():
    """Check that pos_label absent from single-label data is the missing-class case."""
    y = ["neg", "neg", "neg"]
    with pytest.warns(UndefinedMetricWarning):
        assert sensitivity_score(y, y, pos_label="pos") == 0.0
    assert specificity_score(y, y, pos_label="pos") == 1.0


def test_tradeoff_extremes_ignore_the_unused_rate():
    """Check that t=1 and t=0 neither warn about nor use the other rate."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert tradeoff_score([1, 1], [1, 0], t=1.0) == 0.5
        assert tradeoff_score([0, 0], [0, 1], t=0.0) == 0.5


def test_multiclass_sensitivity_is_one_vs_rest_recall():
    """Check multi-class sensitivity against recall_score(labels=[pos_label])."""
    y_true = np.array([0, 1, 2, 2, 1, 0, 2])
    y_pred = np.array([0, 2, 2, 1, 1, 0, 0])
    for label in (0, 1, 2):
        expected = recall_score(y_true, y_pred, labels=[label], average=None)[0]
        assert sensitivity_score(y_true, y_pred, pos_label=label) == expected


@pytest.mark.parametrize(
    "func, args, kwargs, error, match",
    [
        (
            sensitivity_score,
            ([0, 1], [0, 1, 1]),
            {},
            ValueError,
            "different lengths: 2 and 3",
        ),
        (
            specificity_score,
            ([[0, 1]], [[0, 1]]),
            {},
            ValueError,
            r"y_true must be a 1-D array of labels, got shape \(1, 2\)",
        ),
        (
            sensitivity_score,
            ([0, 1], [[0, 1], [1, 0]]),
            {},
            ValueError,
            r"y_pred must be a 1-D array",
        ),
        (
            sensitivity_score,
            ([0, 1, 2], [0, 1, 1]),
            {"pos_label": 5},
            ValueError,
            r"pos_label=5 is not among the labels .*\[0, 1, 2\]",
        ),
        (
            sensitivity_score,
            (["a", "b"], ["a", "b"]),
            {},
            ValueError,
            r"pos_label=1 is not among the labels .*\['a', 'b'\]",
        ),
        (
            sensitivity_score,
            ([0, 1], [0.2, 0.9]),
            {},
            ValueError,
            "y_pred must hold class labels, but it holds the float 0.2",
        ),
        (
            sensitivity_score,
            ([0, np.nan], [0, 1]),
            {},
            ValueError,
            "y_true must hold class labels, but it holds the float nan",
        ),
        (
            sensitivity_score,
            ([0, 1], ["0", "1"]),
            {},
            ValueError,
            "y_true and y_pred mix label types",
        ),
        (sensitivity_score, ([], []), {}, ValueError, "empty"),
        (
            sensitivity_score,
            ([0, 1], [0, 1]),
            {"sample_weight": [1.0, np.nan]},
            ValueError,
            "sample_weight contains NaN",
        ),
        (
            specificity_score,
            ([0, 1], [0, 1]),
            {"sample_weight": [1.0, -1.0]},
            ValueError,
            "sample_weight contains negative values",
        ),
        (
            sensitivity_score,
            ([0, 1], [0, 1]),
            {"sample_weight": [1.0]},
            ValueError,
            "sample_weight has 1 values but there are 2 samples",
        ),
        (
            sensitivity_score,
            ([0, 1], [0, 1]),
            {"sample_weight": [0.0, 0.0]},
            ValueError,
            "sample_weight sums to zero",
        ),
        (
            sensitivity_score,
            ([0, 1], [0, 1]),
            {"zero_division": 2},
            ValueError,
            "'zero_division' parameter of sensitivity_score",
        ),
        (
            per_class_accuracy_score,
            ([0, 1], [0, 1]),
            {"zero_division": "nan"},
            ValueError,
            "'zero_division' parameter of per_class_accuracy_score",
        ),
        (
            tradeoff_score,
            ([0, 1], [0, 1]),
            {"t": 1.5},
            ValueError,
            "'t' parameter of tradeoff_score must be a float in the range",
        ),
        (
            sensitivity_score,
            ([0, 1], [0, 1]),
            {"pos_label": None},
            ValueError,
            "'pos_label' parameter of sensitivity_score",
        ),
        (
            per_class_accuracy_score,
            ([0, 1], [0, 1]),
            {"labels": [[0, 1]]},
            ValueError,
            r"labels must be a 1-D list of labels, got shape \(1, 2\)",
        ),
        (
            sensitivity_score,
            (np.array([1j, 2j]), [0, 1]),
            {},
            TypeError,
            "y_true must hold class labels .* got dtype complex128",
        ),
        (
            per_class_accuracy_score,
            (np.array(["a", None], dtype=object), ["a", "a"]),
            {},
            ValueError,
            "y_true contains missing values",
        ),
    ],
)
def test_bad_input_raises_clear_error(func, args, kwargs, error, match):
    """Check that bad input raises an error naming the argument and value."""
    with pytest.raises(error, match=match):
        func(*args, **kwargs)


# --------------------------------------------------------------------------------------
# Properties over label kinds with every class present (one-vs-rest on three
# classes, renaming the classes), against recall_score.


@st.composite
def predictions(draw, min_classes=2, max_classes=3, weighted=True):
    """``(y_true, y_pred, sample_weight, classes)``: each class in y_true."""
    y, sw, classes = draw(labelled(min_classes, max_classes))
    codes = draw(arrays(np.intp, y.size, elements=st.integers(0, classes.size - 1)))
    y_pred = classes[codes]
    return y, y_pred, (sw if weighted and draw(st.booleans()) else None), classes


def _recall(y_true, y_pred, label, sw):
    return recall_score(y_true, y_pred, labels=[label], average=None, sample_weight=sw)[
        0
    ]


@FEW
@given(data=predictions(), which=st.integers(0, 2))
def test_sensitivity_equals_recall_score(data, which):
    """Check that sensitivity_score is recall_score of pos_label."""
    y_true, y_pred, sw, classes = data
    pos = classes[which % classes.size]
    got = sensitivity_score(y_true, y_pred, pos_label=pos, sample_weight=sw)
    assert got == pytest.approx(_recall(y_true, y_pred, pos, sw), abs=1e-12)


@FEW
@given(data=predictions(), which=st.integers(0, 2))
def test_specificity_equals_recall_of_the_rest(data, which):
    """Check that specificity_score is the recall of "not pos_label" (one-vs-rest)."""
    y_true, y_pred, sw, classes = data
    pos = classes[which % classes.size]
    got = specificity_score(y_true, y_pred, pos_label=pos, sample_weight=sw)
    expected = recall_score(y_true != pos, y_pred != pos, sample_weight=sw)
    assert got == pytest.approx(expected, abs=1e-12)


@FEW
@given(data=predictions(max_classes=4))
def test_per_class_accuracy_equals_recall_score(data):
    """Check that per_class_accuracy_score is recall_score(average=None)."""
    y_true, y_pred, sw, classes = data
    got = per_class_accuracy_score(y_true, y_pred, labels=classes, sample_weight=sw)
    expected = recall_score(
        y_true, y_pred, labels=classes, average=None, sample_weight=sw
    )
    np.testing.assert_allclose(got, expected, atol=1e-12)


@FEW
@given(data=predictions(), t=st.floats(0, 1))
def test_tradeoff_score_is_linear_in_t(data, t):
    """Check that tradeoff_score(t) = t * score(1) + (1 - t) * score(0)."""
    y_true, y_pred, sw, classes = data
    pos = classes[-1]

    def score(t):
        return tradeoff_score(y_true, y_pred, t=t, pos_label=pos, sample_weight=sw)

    assert score(t) == pytest.approx(t * score(1.0) + (1 - t) * score(0.0), abs=1e-12)
    sens = _recall(y_true, y_pred, pos, sw)
    spec = recall_score(y_true != pos, y_pred != pos, sample_weight=sw)
    assert score(t) == pytest.approx(t * sens + (1 - t) * spec, abs=1e-12)


@FEW
@given(
    data=predictions(max_classes=4),
    seed=st.integers(0, 2**32 - 1),
    target=st.sampled_from(LABEL_SETS),
)
def test_metrics_are_invariant_to_relabelling(data, seed, target):
    """Check that renaming the classes (any bijection, across label types) leaves
    every metric unchanged when the labels are renamed alike."""
    y_true, y_pred, sw, classes = data
    new = np.random.RandomState(seed).permutation(target)[: classes.size]
    rename = dict(zip(classes.tolist(), new.tolist(), strict=True))

    def relabel(y):
        return np.array([rename[v] for v in y.tolist()])

    t_true, t_pred = relabel(y_true), relabel(y_pred)
    pos, new_pos = classes[0], rename[classes[0].item()]
    for func in (sensitivity_score, specificity_score):
        assert func(t_true, t_pred, pos_label=new_pos, sample_weight=sw) == (
            pytest.approx(
                func(y_true, y_pred, pos_label=pos, sample_weight=sw), abs=1e-12
            )
        )
    np.testing.assert_allclose(
        per_class_accuracy_score(
            t_true, t_pred, labels=relabel(classes), sample_weight=sw
        ),
        per_class_accuracy_score(y_true, y_pred, labels=classes, sample_weight=sw),
        atol=1e-12,
    )


# --------------------------------------------------------------------------------------
# Numerical edges.


@pytest.mark.filterwarnings("error")
def test_metrics_one_positive_in_1e5(one_in_100k):
    """Check the metrics on one positive in 1e5 rows against recall_score."""
    _, y = one_in_100k
    y_pred = np.zeros_like(y)
    y_pred[:2] = 1  # the positive found, one false alarm
    assert sensitivity_score(y, y_pred) == 1.0
    assert specificity_score(y, y_pred) == pytest.approx(
        recall_score(y, y_pred, pos_label=0)
    )


@pytest.mark.filterwarnings("error")
def test_metrics_weights_spanning_1e_minus6_to_1e6():
    """Check the weighted metrics against recall_score over twelve orders of
    magnitude of weights, and float32 labels and weights."""
    rng = np.random.RandomState(0)
    y_true = rng.randint(0, 2, 1000)
    y_pred = np.where(rng.random_sample(1000) < 0.2, 1 - y_true, y_true)
    sw = np.logspace(-6, 6, 1000)
    rng.shuffle(sw)
    assert sensitivity_score(y_true, y_pred, sample_weight=sw) == (
        pytest.approx(recall_score(y_true, y_pred, sample_weight=sw), rel=1e-9)
    )
    assert specificity_score(
        y_true.astype(np.float32),
        y_pred.astype(np.float32),
        sample_weight=sw.astype(np.float32),
    ) == pytest.approx(
        recall_score(y_true, y_pred, pos_label=0, sample_weight=sw), rel=1e-6
    )


# --------------------------------------------------------------------------------------
# Every metric function.

SCORE_FUNCTIONS = [
    getattr(metrics, name)
    for name in metrics.__all__
    if name.endswith("_score") and inspect.isfunction(getattr(metrics, name))
]


@pytest.mark.parametrize("func", SCORE_FUNCTIONS)
def test_metric_accepts_lists_and_arrays_alike(func):
    """Check that lists and numpy arrays give the same result."""
    y_true, y_pred = [0, 1, 1], [0, 1, 0]
    np.testing.assert_array_equal(
        func(y_true, y_pred), func(np.asarray(y_true), np.asarray(y_pred))
    )
