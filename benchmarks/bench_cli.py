"""Time and peak memory of ``sk-imbalance tune`` on generated tables.

Each table has 20 numeric features and 2% positives (``make_classification``),
written as a CSV file with 6 significant digits.  ``tune`` runs with its
defaults (the default grid of t, 5 folds) in a fresh process; the table reports its
wall time, its peak resident memory, the time until its first line on stderr,
the chosen t, and, as a baseline measured in this process, one
``pandas.read_csv`` plus one fit of the same estimator on all rows: the ratio
says how many such "read and fit once" the whole tuning costs.

Usage::

    python benchmarks/bench_cli.py              # 1e5 and 1e6 rows
    python benchmarks/bench_cli.py --rows 1e5   # only the small table
    python benchmarks/bench_cli.py --timeout 900  # stop runs longer than 15 min
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np
import pandas as pd
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sk_imbalance._grid import DEFAULT_TS

N_FEATURES = 20
POSITIVES = 0.02


def make_table(n_rows, path, seed=0):
    X, y = make_classification(
        n_samples=n_rows,
        n_features=N_FEATURES,
        n_informative=6,
        n_redundant=2,
        weights=[1 - POSITIVES],
        flip_y=0.01,
        class_sep=0.8,
        random_state=seed,
    )
    frame = pd.DataFrame(X, columns=[f"x{i}" for i in range(N_FEATURES)])
    frame["y"] = y
    frame.to_csv(path, index=False, float_format="%.6g")


def run_tune(path, estimator, workdir, timeout=None):
    """(wall seconds, peak RSS in MB, seconds to the first stderr line, summary);
    summary None when the run was stopped after ``timeout`` seconds."""
    out = os.path.join(workdir, f"summary-{estimator}.json")
    argv = [
        sys.executable,
        "-m",
        "sk_imbalance",
        "tune",
        path,
        "--target",
        "y",
        "--estimator",
        estimator,
        "--json",
        out,
    ]
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    first = []
    lines = []

    def read():
        for line in process.stderr:
            if not first:
                first.append(time.perf_counter() - start)
            lines.append(line)

    reader = threading.Thread(target=read)
    reader.start()
    timer = threading.Timer(timeout, process.kill) if timeout else None
    if timer is not None:
        timer.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    reader.join()
    stopped = timer is not None and not timer.is_alive() and wall >= timeout
    if timer is not None:
        timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    if stopped:
        return wall, usage.ru_maxrss / 1024, first[0] if first else float("nan"), None
    if process.returncode != 0:
        raise RuntimeError("".join(lines))
    with open(out) as fh:
        summary = json.load(fh)
    # ru_maxrss is in kB on Linux.
    return wall, usage.ru_maxrss / 1024, first[0] if first else float("nan"), summary


def baseline(path, estimator):
    """One read with pandas and one fit on all rows, in this process."""
    start = time.perf_counter()
    frame = pd.read_csv(path)
    y = frame.pop("y").to_numpy()
    X = frame.to_numpy(np.float32)
    if estimator == "logistic":
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    else:
        model = HistGradientBoostingClassifier(random_state=0)
    model.fit(X, y)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=float, nargs="+", default=[1e5, 1e6])
    parser.add_argument(
        "--estimators", nargs="+", default=["logistic", "hgb"], metavar="NAME"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="S",
        help="stop a run after S seconds and print '>S' as its time",
    )
    args = parser.parse_args()
    print(
        f"sk-imbalance tune, defaults ({len(DEFAULT_TS)} t, 5 folds), "
        f"{N_FEATURES} numeric features, {POSITIVES:.0%} positives; "
        f"{os.cpu_count()} cores"
    )
    header = (
        f"{'rows':>9} {'MB':>6} {'estimator':>9} {'tune s':>8} {'peak MB':>8} "
        f"{'1st line s':>10} {'t':>5} {'bal.acc':>7} {'read+fit s':>10} "
        f"{'ratio':>6}"
    )
    print(header)
    with tempfile.TemporaryDirectory() as workdir:
        for n_rows in args.rows:
            n_rows = int(n_rows)
            path = os.path.join(workdir, f"table-{n_rows}.csv")
            make_table(n_rows, path)
            size = os.path.getsize(path) / 1e6
            for estimator in args.estimators:
                wall, peak, first, summary = run_tune(
                    path, estimator, workdir, args.timeout
                )
                if summary is None:
                    print(
                        f"{n_rows:>9} {size:>6.0f} {estimator:>9} "
                        f"{'>' + format(args.timeout, 'g'):>8} {peak:>8.0f} "
                        f"{first:>10.2f}   (stopped)",
                        flush=True,
                    )
                    continue
                floor = baseline(path, estimator)
                chosen = summary["chosen"]["balanced_accuracy"]["mean"]
                print(
                    f"{n_rows:>9} {size:>6.0f} {estimator:>9} {wall:>8.1f} "
                    f"{peak:>8.0f} {first:>10.2f} {summary['chosen_t']:>5g} "
                    f"{chosen:>7.3f} {floor:>10.1f} {wall / floor:>6.1f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
