"""Property tests of the weighting math and the metrics (docs/design.md, sections 2, 4).

Random labels (small integers, labels beyond the bincount range, negative
integers, strings), random user weights; every property is checked against an
independent computation (class sums, scikit-learn's ``recall_score``).  The
examples are bounded so the file runs in a few seconds.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.metrics import recall_score

from sk_imbalance import metrics, tradeoff_class_weight, tradeoff_sample_weight

FEW = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Label sets: the bincount path, beyond it, negative, strings (sorted order is
# the class order, so the last one is the default positive class).
LABEL_SETS = [
    np.array([0, 1, 2, 3]),
    np.array([-5, 7, 70_000, 10**9]),
    np.array(["ant", "bee", "cat", "dog"]),
]


@st.composite
def labelled(draw, min_classes=2, max_classes=2, zero_weights=False):
    """``(y, sample_weight, classes)`` with every class present at least once."""
    k = draw(st.integers(min_classes, max_classes))
    classes = draw(st.sampled_from(LABEL_SETS))[:k]
    n = draw(st.integers(k, 60))
    codes = draw(arrays(np.intp, n, elements=st.integers(0, k - 1)))
    codes[:k] = np.arange(k)
    codes = np.asarray(draw(st.permutations(codes.tolist())), dtype=np.intp)
    weight = st.floats(1e-3, 1e3)
    if zero_weights:
        weight = st.one_of(st.just(0.0), weight)
    sw = draw(arrays(np.float64, n, elements=weight))
    if zero_weights:
        sw[np.argmax(codes == 0)] = 1.0  # keep the total positive
    return classes[codes], sw, classes


def _class_sums(w, y, classes):
    return np.array([w[y == c].sum() for c in classes])


@FEW
@given(data=labelled(), t=st.floats(0, 1))
def test_binary_shares_equal_t(data, t):
    """Check that the positive class (the greater label) gets the share t."""
    y, sw, classes = data
    w = tradeoff_sample_weight(y, t, sample_weight=sw)
    sums = _class_sums(w, y, classes)
    np.testing.assert_allclose(sums / sums.sum(), [1 - t, t], atol=1e-12)


@FEW
@given(data=labelled(min_classes=2, max_classes=4), t=st.floats(0, 1))
def test_total_weight_is_sum_of_sample_weight(data, t):
    """Check that the weights are rescaled, not shrunk: total = sum(sample_weight)."""
    y, sw, classes = data
    w = tradeoff_sample_weight(y, t, pos_label=classes[0], sample_weight=sw)
    assert w.sum() == pytest.approx(sw.sum(), rel=1e-12)


@FEW
@given(
    data=labelled(min_classes=3, max_classes=4),
    priority=st.lists(st.floats(0, 1e6), min_size=4, max_size=4).filter(
        lambda p: max(p) > 0
    ),
)
def test_multiclass_shares_equal_priorities(data, priority):
    """Check that class c gets the share p_c / sum(p) of the weight."""
    y, sw, classes = data
    p = np.asarray(priority[: classes.size])
    if p.sum() == 0:
        p[0] = 1.0
    class_priority = {c.item(): float(v) for c, v in zip(classes, p)}
    w = tradeoff_sample_weight(y, class_priority=class_priority, sample_weight=sw)
    sums = _class_sums(w, y, classes)
    np.testing.assert_allclose(sums / sums.sum(), p / p.sum(), atol=1e-12)


@FEW
@given(data=labelled(min_classes=3, max_classes=4), t=st.floats(0, 1))
def test_one_vs_rest_keeps_natural_proportions(data, t):
    """Check that with pos_label on multi-class data the other classes share
    1 - t in proportion to their weighted sizes."""
    y, sw, classes = data
    pos = classes[1]
    w = tradeoff_sample_weight(y, t, pos_label=pos, sample_weight=sw)
    sums = _class_sums(w, y, classes)
    sizes = _class_sums(sw, y, classes)
    rest = classes != pos
    expected = np.where(rest, (1 - t) * sizes / sizes[rest].sum(), t)
    np.testing.assert_allclose(sums / sums.sum(), expected, atol=1e-12)


@FEW
@given(data=labelled(max_classes=3), t=st.floats(0, 1), seed=st.integers(0, 2**32 - 1))
def test_permuting_rows_permutes_weights(data, t, seed):
    """Check that the weight of a row does not depend on where the row is."""
    y, sw, classes = data
    perm = np.random.RandomState(seed).permutation(y.size)
    kwargs = {"pos_label": classes[-1], "sample_weight": sw}
    w = tradeoff_sample_weight(y, t, **kwargs)
    w_perm = tradeoff_sample_weight(
        y[perm], t, pos_label=classes[-1], sample_weight=sw[perm]
    )
    np.testing.assert_allclose(w_perm, w[perm], rtol=1e-12)


@FEW
@given(data=labelled(max_classes=3), t=st.floats(0, 1), c=st.floats(1e-6, 1e6))
def test_scaling_user_weights_keeps_shares(data, t, c):
    """Check that scaling every user weight by c scales the weights by c and
    leaves the per-class weights (shares) unchanged."""
    y, sw, classes = data
    kwargs = {"pos_label": classes[-1]}
    w = tradeoff_sample_weight(y, t, sample_weight=sw, **kwargs)
    w_scaled = tradeoff_sample_weight(y, t, sample_weight=c * sw, **kwargs)
    # atol: a subnormal t (5e-324) gives weights at the bottom of the float
    # range, where scaling rounds to 0 or to the smallest subnormal.
    np.testing.assert_allclose(w_scaled, c * w, rtol=1e-9, atol=1e-300)
    unit = tradeoff_class_weight(y, t, sample_weight=sw, **kwargs)
    unit_scaled = tradeoff_class_weight(y, t, sample_weight=c * sw, **kwargs)
    np.testing.assert_allclose(
        list(unit_scaled.values()), list(unit.values()), rtol=1e-9
    )


@FEW
@given(
    data=labelled(max_classes=3),
    t=st.floats(0, 1),
    reps=st.lists(st.integers(0, 3), min_size=60, max_size=60),
)
def test_integer_weights_equal_repeated_rows(data, t, reps):
    """Check that integer sample weights give the class weights of repeated rows."""
    y, _, classes = data
    reps = np.asarray(reps[: y.size])
    for c in classes:  # keep every class
        reps[np.argmax(y == c)] = max(reps[np.argmax(y == c)], 1)
    kwargs = {"pos_label": classes[-1]}
    weighted = tradeoff_class_weight(y, t, sample_weight=reps, **kwargs)
    repeated = tradeoff_class_weight(np.repeat(y, reps), t, **kwargs)
    assert weighted.keys() == repeated.keys()
    np.testing.assert_allclose(
        list(weighted.values()), list(repeated.values()), rtol=1e-12
    )


@FEW
@given(data=labelled(max_classes=3, zero_weights=True), t=st.floats(0, 1))
def test_weights_are_finite_and_zero_only_where_user_weight_is(data, t):
    """Check that weights are finite, never negative, and zero only for rows of
    zero user weight or of a class with no share."""
    y, sw, classes = data
    w = tradeoff_sample_weight(y, t, pos_label=classes[-1], sample_weight=sw)
    assert np.isfinite(w).all() and (w >= 0).all()
    assert (w[sw == 0] == 0).all()


# --------------------------------------------------------------------------------------
# Metrics (docs/design.md, section 4).


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
    got = metrics.sensitivity_score(y_true, y_pred, pos_label=pos, sample_weight=sw)
    assert got == pytest.approx(_recall(y_true, y_pred, pos, sw), abs=1e-12)


@FEW
@given(data=predictions(), which=st.integers(0, 2))
def test_specificity_equals_recall_of_the_rest(data, which):
    """Check that specificity_score is the recall of "not pos_label" (one-vs-rest)."""
    y_true, y_pred, sw, classes = data
    pos = classes[which % classes.size]
    got = metrics.specificity_score(y_true, y_pred, pos_label=pos, sample_weight=sw)
    expected = recall_score(y_true != pos, y_pred != pos, sample_weight=sw)
    assert got == pytest.approx(expected, abs=1e-12)


@FEW
@given(data=predictions(max_classes=4))
def test_per_class_accuracy_equals_recall_score(data):
    """Check that per_class_accuracy_score is recall_score(average=None)."""
    y_true, y_pred, sw, classes = data
    got = metrics.per_class_accuracy_score(
        y_true, y_pred, labels=classes, sample_weight=sw
    )
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
        return metrics.tradeoff_score(
            y_true, y_pred, t=t, pos_label=pos, sample_weight=sw
        )

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
    rename = dict(zip(classes.tolist(), new.tolist()))

    def relabel(y):
        return np.array([rename[v] for v in y.tolist()])

    t_true, t_pred = relabel(y_true), relabel(y_pred)
    pos, new_pos = classes[0], rename[classes[0].item()]
    for func in (metrics.sensitivity_score, metrics.specificity_score):
        assert func(t_true, t_pred, pos_label=new_pos, sample_weight=sw) == (
            pytest.approx(
                func(y_true, y_pred, pos_label=pos, sample_weight=sw), abs=1e-12
            )
        )
    np.testing.assert_allclose(
        metrics.per_class_accuracy_score(
            t_true, t_pred, labels=relabel(classes), sample_weight=sw
        ),
        metrics.per_class_accuracy_score(
            y_true, y_pred, labels=classes, sample_weight=sw
        ),
        atol=1e-12,
    )
