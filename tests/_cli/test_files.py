"""Tests of ``sk_imbalance._cli._files``: checked paths and atomic writes."""

import io
import os
import stat
import threading

import pytest

pd = pytest.importorskip("pandas")
skops_io = pytest.importorskip("skops.io")


from sk_imbalance import _cli  # noqa: E402

from ._helpers import make_frame, write  # noqa: E402


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


def test_write_to_a_fifo_keeps_the_fifo(tmp_path):
    """Check that writing to a path that is no regular file (a FIFO here, as
    /dev/null or a terminal) writes into it instead of renaming a file over it
    (as root, the rename replaced /dev/null by a regular file)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(
        target=lambda: received.append(fifo.read_bytes()), daemon=True
    )
    reader.start()
    _cli._atomic_write(str(fifo), b"summary")
    reader.join(timeout=10)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received == [b"summary"]
    assert os.listdir(tmp_path) == ["pipe"]


def test_interrupted_model_save_keeps_the_previous_model(tmp_path, capsys, monkeypatch):
    """Check that a save interrupted while writing (disk full, Ctrl-C) leaves the
    previous model file whole and loadable, and no temporary file behind."""
    train = write(tmp_path / "train.csv", make_frame(n=120, seed=0))
    model_path = tmp_path / "model.skops"
    argv = ["tune", train, "--target", "outcome", "--model", str(model_path)]
    argv += ["--cv", "3", "--ts", "0.3", "0.5", "0.7", "-q"]
    assert _cli.main(argv) == 0
    before = model_path.read_bytes()

    class HalfWritten(io.FileIO):
        def write(self, data):
            super().write(data[: len(data) // 2])  # half the bytes reach the disk
            raise KeyboardInterrupt

    real_fdopen = os.fdopen

    def fdopen(fd, mode="r", *args, **kwargs):
        if mode == "wb":
            return HalfWritten(fd, "wb")
        return real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)
    assert _cli.main(argv) != 0
    monkeypatch.undo()
    assert "interrupted" in capsys.readouterr().err
    assert model_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.skops", "train.csv"]
    bundle = skops_io.load(
        model_path, trusted=skops_io.get_untrusted_types(file=model_path)
    )
    assert hasattr(bundle["model"], "predict")
