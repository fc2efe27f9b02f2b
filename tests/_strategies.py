"""Hypothesis strategies shared by the property tests of the weights and the
metrics: random labels (small integers, labels beyond the bincount range,
negative integers, strings) and random user weights.  The examples are bounded so
that each property runs in about a second."""

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

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
