"""Tests of ``sk_imbalance._cli._files``: checked paths and atomic writes."""

import os

import pytest

pd = pytest.importorskip("pandas")
skops_io = pytest.importorskip("skops.io")


from sk_imbalance import _cli  # noqa: E402


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    """Check that a write failing at the rename leaves the old file, no temp file."""
    target = tmp_path / "out.json"
    target.write_text("old")

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(_cli.CLIError, match="No space left"):
        _cli._atomic_write(str(target), b"new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.json"]
