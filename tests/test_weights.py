"""Tests of the weighting math (docs/design.md, section 2)."""

import numpy as np
import pytest
from sklearn.utils.class_weight import compute_class_weight, compute_sample_weight

from sk_imbalance import tradeoff_class_weight, tradeoff_sample_weight


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
