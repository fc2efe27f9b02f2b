"""The default thread count on a shared machine: ``tune --estimator hgb``.

A small table (600 rows, 8 numeric features, 10% positives) is tuned with
histogram gradient boosting while a second process keeps one core busy (as
other work does on a shared machine).  Each run is a fresh
``python -m sk_imbalance tune`` process:

- ``default``: no thread option (the library's budget: the idle cores, the
  cores less the load average);
- ``--threads 1``;
- ``old default``: as many threads as cores, what the command line used to set
  (reproduced with ``OMP_NUM_THREADS`` = the cores, which the budget honours).

The baseline, measured in this process under the same busy core: one
``HistGradientBoostingClassifier`` fit on all rows with one thread and with as
many threads as cores.  The verdict: the default within 1.3x of the best run.

Usage::

    python benchmarks/bench_threads.py            # 3 runs of each, 600 rows
    python benchmarks/bench_threads.py --repeats 1 --rows 300
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits

BUSY = "while True: pass"


def _cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _table(path, n_rows):
    X, y = make_classification(
        n_samples=n_rows, n_features=8, weights=[0.9], random_state=0
    )
    frame = pd.DataFrame(X, columns=[f"x{i}" for i in range(X.shape[1])]).round(4)
    frame["y"] = y
    frame.to_csv(path, index=False)
    return X, y


def _tune(path, extra, env):
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sk_imbalance", "tune", path, "--target", "y",
         "--estimator", "hgb", "-q", "--json", os.devnull, *extra],
        check=True, env=env, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - start


def _fit_seconds(X, y, threads):
    with threadpool_limits(threads):
        start = time.perf_counter()
        HistGradientBoostingClassifier(random_state=0).fit(X, y)
        return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=600)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--warmup", type=float, default=20.0,
        help="seconds the busy process runs before the first timing",
    )  # fmt: skip
    args = parser.parse_args()
    cores = _cores()
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    busy = subprocess.Popen([sys.executable, "-c", BUSY])
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "table.csv")
            X, y = _table(path, args.rows)
            time.sleep(args.warmup)
            print(
                f"{args.rows} rows, {cores} cores, one kept busy; load average "
                f"{os.getloadavg()[0]:.2f}\n"
            )
            fit = {n: min(_fit_seconds(X, y, n) for _ in range(3)) for n in (1, cores)}
            runs = {
                "default": ([], env),
                "--threads 1": (["--threads", "1"], env),
                "old default": ([], dict(env, OMP_NUM_THREADS=str(cores))),
            }
            times = {name: [] for name in runs}
            for _ in range(args.repeats):
                for name, (extra, run_env) in runs.items():
                    times[name].append(_tune(path, extra, run_env))
    finally:
        busy.kill()
        busy.wait()
    best = min(min(t) for t in times.values())
    print(f"{'run':<14} {'median s':>9} {'min s':>7} {'vs best':>8}")
    for name, values in times.items():
        print(
            f"{name:<14} {np.median(values):>9.2f} {min(values):>7.2f} "
            f"{np.median(values) / best:>7.2f}x"
        )
    print(
        f"\nbaseline, one HistGradientBoostingClassifier fit in this process: "
        f"{fit[1]:.3f} s with 1 thread, {fit[cores]:.3f} s with {cores} "
        f"({fit[cores] / fit[1]:.1f}x)"
    )
    ratio = np.median(times["default"]) / best
    verdict = "holds" if ratio <= 1.3 else "FAILS"
    print(f"default within 1.3x of the best: {verdict} ({ratio:.2f}x)")


if __name__ == "__main__":
    main()
