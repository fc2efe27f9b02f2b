"""Tests of ``sk_imbalance._cli._progress``: the progress display and the thread budget."""

import io
import json
import os
import subprocess
import sys

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
    """Check that a terminal stderr shows fits done / total, and --quiet hides it."""
    data = write(tmp_path / "d.csv", make_frame())
    stderr = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", stderr)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    argv = ["tune", data, "--target", "outcome", *FAST] + (["-q"] if quiet else [])
    assert main(argv) == 0
    shown = stderr.getvalue()
    assert ("4/4 fits" in shown) is not quiet


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


def test_progress_estimates_the_time_left():
    """Check that after some fits the line shows an estimate of the time left,
    from the time per fit so far."""
    from sk_imbalance._cli._progress import _Progress

    progress = _Progress(6, stream=io.StringIO(), enabled=False)
    with progress:
        assert "after the first fit" in progress.line()
        progress.start -= 30  # two fits took 30 s: 4 left take about 60 s
        progress.tick()
        progress.tick()
        assert "2/6 fits" in progress.line()
        assert "about 1 min 00 s left" in progress.line()


@pytest.mark.parametrize(
    "n_jobs, threads, cores, expected",
    [
        (None, None, 2, (1, 2)),
        (2, None, 2, (2, 1)),
        (-1, None, 4, (4, 1)),
        (-2, None, 4, (3, 1)),
        (3, None, 2, (3, 1)),
        (None, 1, 8, (1, 1)),
        (2, 3, 2, (2, 3)),  # the user asked for it
    ],
)
def test_default_thread_budget_never_oversubscribes(n_jobs, threads, cores, expected):
    """Check that jobs x threads <= cores unless set by the user."""
    from sk_imbalance._cli._progress import _budget

    assert _budget(n_jobs, threads, cores) == expected


class ThreadRecorder(LogisticRegression):
    """Records the BLAS and OpenMP thread limits in force during fit."""

    seen = []

    def fit(self, X, y, sample_weight=None):
        from threadpoolctl import threadpool_info

        ThreadRecorder.seen.append({pool["num_threads"] for pool in threadpool_info()})
        return super().fit(X, y, sample_weight=sample_weight)


@pytest.mark.parametrize("threads", [1, 2])
def test_threads_option_bounds_blas_and_openmp(threads, tmp_path, capsys, monkeypatch):
    """Check that --threads N is the thread limit of every fit."""
    from sk_imbalance._cli import _search

    monkeypatch.setattr(_search, "_make_estimator", lambda *a: ThreadRecorder())
    ThreadRecorder.seen = []
    data = write(tmp_path / "d.csv", make_frame())
    status, _, err = run(
        capsys, "tune", data, "--target", "outcome", "--threads", threads, *FAST
    )
    assert status == 0, err
    assert ThreadRecorder.seen and all(s == {threads} for s in ThreadRecorder.seen)


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
