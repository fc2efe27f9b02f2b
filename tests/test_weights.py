"""Tests of the weighting math (docs/design.md, section 2)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.datasets import make_classification
from sklearn.utils.class_weight import compute_class_weight, compute_sample_weight

from sk_imbalance import tradeoff_class_weight, tradeoff_sample_weight

from ._checks import read_only
from ._strategies import FEW, labelled


def _imbalanced_y(rng, n=200, pos_fraction=0.05):
    y = (rng.random_sample(n) < pos_fraction).astype(int)
    y[:2] = [0, 1]
    return y


@pytest.mark.parametrize("y", [[0, 0, 0, 1], [0, 1, 1, 2, 2, 2, 2], list("aabbbbc")])
def test_half_is_balanced(y):
    """Check that t=0.5 gives scikit-learn's "balanced" sample weights."""
    assert np.allclose(tradeoff_sample_weight(y), compute_sample_weight("balanced", y))


def test_class_weight_half_is_balanced():
    """Check that the dict at t=0.5 equals compute_class_weight("balanced")."""
    y = np.array([3, 3, 3, 7, 7, 9])
    classes = np.unique(y)
    expected = compute_class_weight("balanced", classes=classes, y=y)
    got = tradeoff_class_weight(y)
    assert list(got) == [3, 7, 9]
    assert np.allclose(list(got.values()), expected)
    assert all(type(k) is int for k in got)


@pytest.mark.parametrize("t", [0.0, 0.1, 0.5, 0.9, 1.0])
def test_shares_and_total(t):
    """Check that positives get the share t of the weight and the total is kept."""
    rng = np.random.RandomState(0)
    y = _imbalanced_y(rng)
    s = rng.uniform(0.5, 3, size=y.size)
    w = tradeoff_sample_weight(y, t, sample_weight=s)
    assert w.sum() == pytest.approx(s.sum())
    assert w[y == 1].sum() / w.sum() == pytest.approx(t)


def test_blog_mapping():
    """Check the README's mapping t = t_blog / (1 + t_blog) to the post's formula."""
    y = np.array([0] * 90 + [1] * 10)
    t_blog = 3.0
    w = tradeoff_class_weight(y, t_blog / (1 + t_blog))
    # the post: positives weigh n_neg / n_pos * t_blog, negatives weigh 1
    assert w[1] / w[0] == pytest.approx(90 / 10 * t_blog)


def test_integer_weights_equal_repeated_rows():
    """Check that integer sample weights give the same weights as repeated rows."""
    rng = np.random.RandomState(1)
    y = _imbalanced_y(rng, n=60, pos_fraction=0.2)
    reps = rng.randint(0, 4, size=y.size)
    reps[:2] = 1
    w = tradeoff_sample_weight(y, 0.7, sample_weight=reps)
    w_rep = tradeoff_sample_weight(np.repeat(y, reps), 0.7)
    # each repeated copy carries the per-row weight of the weighted fit
    assert np.allclose(np.repeat(w / np.maximum(reps, 1), reps), w_rep)


def test_one_vs_rest_multiclass():
    """Check that pos_label on multi-class data gives share t to it, the rest in
    their natural proportions (same weight per sample)."""
    y = np.array([0] * 50 + [1] * 30 + [2] * 20)
    w = tradeoff_sample_weight(y, 0.8, pos_label=2)
    assert w[y == 2].sum() / w.sum() == pytest.approx(0.8)
    assert np.allclose(w[y != 2], w[y != 2][0])
    assert w.sum() == pytest.approx(y.size)


def test_class_priority_shares():
    """Check that class priorities set the classes' shares (unnamed classes: 1)."""
    y = np.array(["a"] * 70 + ["b"] * 20 + ["c"] * 10)
    w = tradeoff_sample_weight(y, class_priority={"a": 2.0, "c": 5.0})
    shares = [w[y == c].sum() / w.sum() for c in "abc"]
    assert np.allclose(shares, np.array([2, 1, 5]) / 8)


def test_zero_weight_class_gets_zero_not_nan():
    """Check that a class with all user weights zero gets weight 0 and the total
    is kept on the other classes."""
    y = np.array([0, 0, 1, 1, 2])
    s = np.array([1.0, 1.0, 0.0, 0.0, 2.0])
    w = tradeoff_sample_weight(y, sample_weight=s)
    assert np.all(np.isfinite(w))
    assert np.all(w[y == 1] == 0)
    assert w.sum() == pytest.approx(s.sum())


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"t": 1.5}, ValueError, r"t must be in \[0, 1\], got 1.5"),
        ({"t": float("nan")}, ValueError, "t must be in"),
        ({"t": "0.5"}, TypeError, "t must be a real number"),
        ({"t": True}, TypeError, "t must be a real number"),
        ({"pos_label": 5}, ValueError, "pos_label=5 is not among the classes"),
        ({"class_priority": {9: 1.0}}, ValueError, "class_priority names label 9"),
        (
            {"class_priority": {0: -1.0}},
            ValueError,
            r"class_priority\[0\] must be >= 0",
        ),
        ({"class_priority": {0: 0, 1: 0, 2: 0}}, ValueError, "priority 0"),
        ({"class_priority": [1, 2]}, TypeError, "class_priority must be a non-empty"),
        ({"class_priority": {0: 1.0}, "t": 0.7}, ValueError, "cannot be combined"),
        (
            {"class_priority": {0: 1.0}, "pos_label": 0},
            ValueError,
            "cannot be combined",
        ),
        ({"t": 0.7}, ValueError, "t=0.7 needs a positive class on multi-class"),
        (
            {"sample_weight": [1, 1, -1, 1, 1, 1]},
            ValueError,
            "sample_weight contains negative",
        ),
        (
            {"sample_weight": [1, 1, np.nan, 1, 1, 1]},
            ValueError,
            "sample_weight contains NaN",
        ),
        ({"sample_weight": [0] * 6}, ValueError, "sample_weight sums to zero"),
        ({"sample_weight": [1, 1]}, ValueError, "sample_weight has 2 values"),
        ({"sample_weight": [1e308] * 6}, ValueError, "sample_weight sums to infinity"),
    ],
)
def test_bad_input(kwargs, error, match):
    """Check that bad parameters raise a clear error naming them."""
    y = np.array([0, 0, 1, 1, 2, 2])
    with pytest.raises(error, match=match):
        tradeoff_sample_weight(y, **kwargs)


@pytest.mark.parametrize(
    "y, error, match",
    [
        (np.array([0.1, 0.7, 0.3]), ValueError, "continuous"),
        (np.zeros((3, 2)), ValueError, r"y must be a 1-D array .* shape \(3, 2\)"),
        (np.array([], dtype=int), ValueError, "y is empty"),
        (np.array([1.0, np.nan]), ValueError, "y contains NaN"),
        (np.array(["a", None], dtype=object), ValueError, "missing values"),
        (None, ValueError, "target y is None"),
    ],
)
def test_bad_y(y, error, match):
    """Check that targets that are not class labels raise a clear error."""
    with pytest.raises(error, match=match):
        tradeoff_sample_weight(y)


# --------------------------------------------------------------------------------------
# Properties over random labels and user weights, each checked against the
# class sums computed independently.


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
    class_priority = {c.item(): float(v) for c, v in zip(classes, p, strict=True)}
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
def test_integer_weights_equal_repeated_rows_property(data, t, reps):
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
# Numerical edges: extreme imbalance, t next to 0 or 1, weights at the ends of
# the float range; no overflow or other warning.

TINY = 1e-12


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("t", [TINY, 0.5, 1 - TINY, 0.9])
def test_one_positive_in_1e5_weights(one_in_100k, t):
    """Check that the lone positive gets the weight t * n, each negative
    (1 - t) * n / (n - 1), with the total n kept."""
    _, y = one_in_100k
    n = y.size
    w = tradeoff_sample_weight(y, t)
    assert np.isfinite(w).all()
    assert w[0] == pytest.approx(t * n, rel=1e-12)
    np.testing.assert_allclose(w[1:], (1 - t) * n / (n - 1), rtol=1e-9)
    assert w.sum() == pytest.approx(n, rel=1e-12)


@pytest.mark.filterwarnings("error")
def test_huge_total_weight_is_refused_not_overflowed():
    """Check that weights whose sum overflows are an error naming sample_weight,
    while weights near the top of the float range with a finite sum work."""
    y = np.array([0, 0, 0, 1])
    with pytest.raises(ValueError, match="sample_weight sums to infinity"):
        tradeoff_sample_weight(y, sample_weight=np.full(4, 1e308))
    w = tradeoff_class_weight(y, 0.7, sample_weight=np.full(4, 1e307))
    assert w == pytest.approx({0: 0.4, 1: 2.8})


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("func", [tradeoff_sample_weight, tradeoff_class_weight])
def test_subnormal_class_weight_is_refused_not_overflowed(func):
    """Check that a class whose user weights sum to a subnormal number (its weight
    per unit would overflow to inf) is an error naming sample_weight, quietly."""
    y = np.array([0, 1])
    with pytest.raises(ValueError, match=r"sample_weight of class 1 sums to 2\.2"):
        func(y, 1.0, sample_weight=[1.0, 2.2250738585e-311])


@pytest.mark.parametrize("func", [tradeoff_sample_weight, tradeoff_class_weight])
def test_weight_helpers_accept_read_only_inputs(func):
    """Check that the weight helpers work on read-only arrays: the weights give
    the positives the share 0.7 of sum(sample_weight), as computed by hand."""
    _, y = make_classification(
        n_samples=200, n_features=5, weights=[0.85], random_state=0
    )
    sw = np.random.RandomState(0).uniform(0.5, 2.0, size=y.size)
    got = func(read_only(y), 0.7, sample_weight=read_only(sw))
    total, pos = sw.sum(), y == 1
    unit = {1: 0.7 * total / sw[pos].sum(), 0: 0.3 * total / sw[~pos].sum()}
    if isinstance(got, dict):
        assert got == pytest.approx(unit)
    else:
        np.testing.assert_allclose(got, sw * np.where(pos, unit[1], unit[0]))
