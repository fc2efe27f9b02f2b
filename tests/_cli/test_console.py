"""Tests of ``sk_imbalance._cli._console``: errors, optional imports and the console."""

import sys

import pytest

pd = pytest.importorskip("pandas")
skops_io = pytest.importorskip("skops.io")


from ._helpers import run  # noqa: E402


def test_missing_dependency_names_the_cli_extra(trained, capsys, monkeypatch):
    """Check that a missing optional dependency says how to install it (the
    package, or the extra from a checkout: sk-imbalance is on no index), exit 1."""
    monkeypatch.setitem(sys.modules, "skops.io", None)
    status, _, err = run(capsys, "predict", trained["model"], trained["unlabelled"])
    assert status == 1
    assert "pip install skops, or from the root of a checkout" in err
    assert "pip install -e '.[cli]'" in err
    assert "sk-imbalance[cli]" not in err
