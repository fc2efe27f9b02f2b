"""Tests of ``sk_imbalance._cli._progress``: the progress display, and the
threads of the fits."""

import io
import json
import os
import subprocess
import sys
from typing import ClassVar

import pytest
from sklearn.linear_model import LogisticRegression

pd = pytest.importorskip("pandas")
skops_io = pytest.importorskip("skops.io")


from sk_imbalance._cli import main  # noqa: E402

from ._helpers import FAST, make_frame, run, write  # noqa: E402


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("quiet", [False, True])
def test_progress_shows_on_a_terminal_unless_quiet(quiet, tmp_path, monkeypatch):
    """Check that a terminal stderr shows the chooser's fits done / total, on
    one line, and --quiet hides it."""
    data = write(tmp_path / "d.csv", make_frame())
    stderr = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", stderr)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    argv = ["tune", data, "--target", "outcome", *FAST] + (["-q"] if quiet else [])
    assert main(argv) == 0
    shown = stderr.getvalue()
    # Logistic regression: the threshold path, one fit per fold.
    assert ("totalling 3 fits" in shown) is not quiet
    assert ("3/3 fits done" in shown) is not quiet
    progress = shown[shown.find("\r") : shown.rfind("\r")]
    assert "\n" not in progress  # each line drawn over the last


def test_progress_total_is_the_resolved_paths(tmp_path, monkeypatch):
    """Check that the progress total is the chooser's plan for the path it
    resolved: a forest on a small table is refitted at every t (3 x 3 fits)."""
    data = write(tmp_path / "d.csv", make_frame())
    stderr = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", stderr)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    argv = ["tune", data, "--target", "outcome", "--estimator", "forest", *FAST]
    assert main(argv) == 0
    assert "9/9 fits done" in stderr.getvalue()


def test_progress_is_off_when_stderr_is_not_a_terminal(tmp_path):
    """Check through the entry point that piped stderr gets no progress display."""
    data = write(tmp_path / "d.csv", make_frame())
    result = subprocess.run(
        [sys.executable, "-m", "sk_imbalance", "tune", data, "--target", "outcome",
         "--json", "-", *FAST],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "fits" not in result.stderr and "\r" not in result.stderr
    assert json.loads(result.stdout)["chosen_t"] in (0.2, 0.5, 0.8)


class ThreadRecorder(LogisticRegression):
    """Records the BLAS and OpenMP thread limits in force during fit."""

    seen: ClassVar[list] = []

    def fit(self, X, y, sample_weight=None):
        from threadpoolctl import threadpool_info

        ThreadRecorder.seen.append({pool["num_threads"] for pool in threadpool_info()})
        return super().fit(X, y, sample_weight=sample_weight)


@pytest.mark.parametrize("threads", [1, 2])
def test_threads_option_bounds_blas_and_openmp(threads, tmp_path, capsys, monkeypatch):
    """Check that --threads N bounds the threads of every fit (1: exactly 1)."""
    from sk_imbalance._cli import _search

    monkeypatch.setattr(_search, "_make_estimator", lambda *a: ThreadRecorder())
    ThreadRecorder.seen = []
    data = write(tmp_path / "d.csv", make_frame())
    status, _, err = run(
        capsys, "tune", data, "--target", "outcome", "--threads", threads, *FAST
    )
    assert status == 0, err
    assert ThreadRecorder.seen and all(max(s) <= threads for s in ThreadRecorder.seen)
    if threads == 1:
        assert all(s == {1} for s in ThreadRecorder.seen)


def test_default_threads_honour_omp_num_threads(tmp_path, capsys, monkeypatch):
    """Check that without --threads, OMP_NUM_THREADS=1 holds for every fit
    (the default used to override it with the core count)."""
    from sk_imbalance._cli import _search

    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    monkeypatch.setattr(_search, "_make_estimator", lambda *a: ThreadRecorder())
    ThreadRecorder.seen = []
    data = write(tmp_path / "d.csv", make_frame())
    status, _, err = run(capsys, "tune", data, "--target", "outcome", *FAST)
    assert status == 0, err
    assert ThreadRecorder.seen and all(s == {1} for s in ThreadRecorder.seen)


def test_first_line_comes_before_a_large_file_is_read(tmp_path, capsys, monkeypatch):
    """Check that tune says what it reads, and how big, before reading it."""
    from sk_imbalance._cli import _commands

    data = write(tmp_path / "d.csv", make_frame())
    real = _commands._read_columns
    before = []

    def read(*args, **kwargs):
        before.append(capsys.readouterr().err)
        return real(*args, **kwargs)

    monkeypatch.setattr(_commands, "_LARGE_FILE", 0)
    monkeypatch.setattr(_commands, "_read_columns", read)
    status, _, _ = run(capsys, "tune", data, "--target", "outcome", *FAST)
    assert status == 0
    size = os.path.getsize(data) / 1000
    assert before == [f"note: reading {data} ({size:.1f} kB)\n"]
