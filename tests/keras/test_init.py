"""Tests of the keras extra that need no Keras: the import error and the blog's t."""

import importlib
import sys

import numpy as np
import pytest

from sk_imbalance import tradeoff_class_weight


def _forget_sk_imbalance_keras(monkeypatch):
    for name in list(sys.modules):
        if name == "sk_imbalance.keras" or name.startswith("sk_imbalance.keras."):
            monkeypatch.delitem(sys.modules, name)


def test_import_without_keras_names_the_extra(monkeypatch):
    """Check that importing sk_imbalance.keras without Keras says which extra
    to install."""
    monkeypatch.setitem(sys.modules, "keras", None)  # as if not installed
    _forget_sk_imbalance_keras(monkeypatch)
    with pytest.raises(ImportError, match=r'pip install "sk-imbalance\[keras\]"'):
        importlib.import_module("sk_imbalance.keras")


def test_import_with_broken_backend_names_the_backend(monkeypatch, tmp_path):
    """Check that a Keras whose backend fails to import is reported as such,
    not as a missing extra."""
    fake = tmp_path / "keras"
    fake.mkdir()
    (fake / "__init__.py").write_text("import no_such_backend_for_sk_imbalance\n")
    monkeypatch.delitem(sys.modules, "keras", raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    _forget_sk_imbalance_keras(monkeypatch)
    with pytest.raises(ImportError, match="KERAS_BACKEND"):
        importlib.import_module("sk_imbalance.keras")


@pytest.mark.parametrize("t_blog", [0.1, 0.5, 1.0, 4.0])
def test_blog_formula_is_t_over_one_plus_t(t_blog):
    """Check that the post's class_weight={0: 1, 1: n_neg / n_pos * t_blog}
    weighs positives against negatives as tradeoff_class_weight does at
    t = t_blog / (1 + t_blog)."""
    y = np.array([0] * 95 + [1] * 5)
    blog = {0: 1.0, 1: 95 / 5 * t_blog}
    ours = tradeoff_class_weight(y, t=t_blog / (1 + t_blog))
    assert ours[1] / ours[0] == pytest.approx(blog[1] / blog[0], rel=1e-12)
