"""Time sk_imbalance's metrics against scikit-learn, imbalanced-learn and bincount.

Run from the repository root::

    python benchmarks/bench_metrics.py              # 1e4 .. 1e7 labels (minutes)
    python benchmarks/bench_metrics.py --sizes 1e4 1e5 --repeat 3   # quick look

Each row times one metric on ``n`` labels (integer or string, binary with 10%
positives or 10 classes of falling frequency, 20% of predictions wrong) and
reports, measured in the same run:

- ``ours``, ``sklearn``, ``imblearn``: best time in ms (imbalanced-learn only
  when installed: ``pip install sk-imbalance[benchmark]``);
- ``floor``: one ``np.bincount`` of the integer codes of ``y_true``;
- ``x sklearn``: how many times faster than scikit-learn we are;
- ``/ floor``: our time over the bincount floor;
- ``mem``: our peak extra memory (tracemalloc) over the bytes of both label
  arrays.

The goals set for their speed are checked at the end.
"""

import argparse
import gc
import time
import tracemalloc
import warnings

import numpy as np
import sklearn
from sklearn.metrics import balanced_accuracy_score, recall_score

from sk_imbalance.metrics import (
    per_class_accuracy_score,
    sensitivity_score,
    specificity_score,
)
from sk_imbalance.metrics._classification import _balanced_accuracy_score

try:
    from imblearn.metrics import sensitivity_score as imb_sensitivity_score
    from imblearn.metrics import specificity_score as imb_specificity_score
except ImportError:  # the benchmark extra is optional
    imb_sensitivity_score = imb_specificity_score = None

RANDOM_STATE = 0
# Time spent on each (function, case) before taking the best run.
BUDGET_SECONDS = 0.5


def make_labels(n, n_classes, kind, rng):
    """(y_true, y_pred, codes_true, pos_label) with imbalanced classes."""
    if n_classes == 2:
        probabilities = np.array([0.9, 0.1])
    else:
        probabilities = 0.7 ** np.arange(n_classes)
        probabilities /= probabilities.sum()
    codes_true = rng.choice(n_classes, size=n, p=probabilities)
    codes_pred = codes_true.copy()
    wrong = rng.random(n) < 0.2
    codes_pred[wrong] = rng.integers(0, n_classes, wrong.sum())
    if kind == "int":
        return codes_true, codes_pred, codes_true, 1
    names = np.array(
        ["neg", "pos"] if n_classes == 2 else [f"class_{i}" for i in range(n_classes)]
    )
    return names[codes_true], names[codes_pred], codes_true, names[1]


def best_time(func, repeat):
    """Best wall time in seconds over up to ``repeat`` runs within the budget."""
    times = []
    start = time.perf_counter()
    while len(times) < repeat:
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
        if time.perf_counter() - start > BUDGET_SECONDS:
            break
    return min(times)


def peak_memory(func):
    """Peak memory allocated while running ``func`` (numpy arrays included)."""
    gc.collect()
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def cases(y_true, y_pred, pos_label, n_classes):
    """(metric name, ours, sklearn, imbalanced-learn) callables for one data set."""

    def call(func, **kwargs):
        return lambda: func(y_true, y_pred, **kwargs)

    if n_classes == 2:
        yield (
            "sensitivity",
            call(sensitivity_score, pos_label=pos_label),
            call(recall_score, pos_label=pos_label),
            imb_sensitivity_score and call(imb_sensitivity_score, pos_label=pos_label),
        )
        yield (
            "specificity",
            call(specificity_score, pos_label=pos_label),
            call(recall_score, pos_label=np.setdiff1d(y_true[:100], [pos_label])[0]),
            imb_specificity_score and call(imb_specificity_score, pos_label=pos_label),
        )
    else:
        yield (
            "sensitivity (one-vs-rest)",
            call(sensitivity_score, pos_label=pos_label),
            call(recall_score, labels=[pos_label], average=None),
            imb_sensitivity_score
            and call(imb_sensitivity_score, labels=[pos_label], average=None),
        )
    yield (
        "per_class_accuracy",
        call(per_class_accuracy_score),
        call(recall_score, average=None),
        imb_sensitivity_score and call(imb_sensitivity_score, average=None),
    )
    yield (
        "balanced_accuracy",
        call(_balanced_accuracy_score),
        call(balanced_accuracy_score),
        None,
    )


def bench_dataset(n, kind, n_classes, repeat, rng):
    """Rows for one data set: every metric against its references."""
    y_true, y_pred, codes, pos_label = make_labels(n, n_classes, kind, rng)
    label_bytes = y_true.nbytes + y_pred.nbytes
    floor = best_time(lambda: np.bincount(codes), repeat)
    rows = []
    for name, ours, theirs, imb in cases(y_true, y_pred, pos_label, n_classes):
        row = {
            "n": n,
            "kind": kind,
            "classes": n_classes,
            "metric": name,
            "ours": best_time(ours, repeat),
            "sklearn": best_time(theirs, repeat),
            "imblearn": best_time(imb, repeat) if imb else np.nan,
            "floor": floor,
            "mem": peak_memory(ours) / label_bytes,
        }
        print_row(row)
        rows.append(row)
    return rows


def run(sizes, repeat):
    rng = np.random.default_rng(RANDOM_STATE)
    rows = []
    for n in sizes:
        for kind in ("int", "str"):
            for n_classes in (2, 10):
                rows += bench_dataset(n, kind, n_classes, repeat, rng)
    return rows


HEADER = (
    f"{'n':>9} {'labels':>6} {'classes':>7} {'metric':<26}"
    f"{'ours ms':>9} {'sklearn':>9} {'imblearn':>9} {'floor':>8}"
    f"{'x sklearn':>10} {'x imblearn':>11} {'/ floor':>8} {'mem':>6}"
)


def print_row(row):
    print(
        f"{row['n']:>9.0e} {row['kind']:>6} {row['classes']:>7} {row['metric']:<26}"
        f"{row['ours'] * 1e3:>9.2f} {row['sklearn'] * 1e3:>9.2f} "
        f"{row['imblearn'] * 1e3:>9.2f} {row['floor'] * 1e3:>8.2f}"
        f"{row['sklearn'] / row['ours']:>10.1f} {row['imblearn'] / row['ours']:>11.1f}"
        f"{row['ours'] / row['floor']:>8.2f} {row['mem']:>6.3f}",
        flush=True,
    )


def check_goals(rows):
    """Print the speed goals and whether this run met them."""

    def select(**where):
        return [r for r in rows if all(r[k] == v for k, v in where.items())]

    def report(goal, chosen, ok):
        if not chosen:
            print(f"  [skipped] {goal} (size not run)")
            return
        print(f"  [{'met' if all(ok(r) for r in chosen) else 'MISSED'}] {goal}")
        for r in chosen:
            if not ok(r):
                print(
                    f"      missed by: {r['n']:.0e} {r['kind']} {r['classes']} "
                    f"{r['metric']}"
                )

    print("\nGoals:")
    big_int = select(n=10**7, kind="int")
    report(
        "int labels at 1e7 within 2x of the bincount floor",
        big_int,
        lambda r: r["ours"] <= 2 * r["floor"],
    )
    report(
        "int labels at 1e7 at least 8x faster than scikit-learn",
        big_int,
        lambda r: r["sklearn"] >= 8 * r["ours"],
    )
    report(
        "at 1e4 labels at least 4x faster than scikit-learn",
        select(n=10**4),
        lambda r: r["sklearn"] >= 4 * r["ours"],
    )
    string_pos = [
        r
        for r in select(n=10**6, kind="str")
        if r["metric"].startswith(("sensitivity", "specificity"))
    ]
    report(
        "string labels with pos_label at 1e6 at least 6x faster than scikit-learn",
        string_pos,
        lambda r: r["sklearn"] >= 6 * r["ours"],
    )
    report(
        "extra memory at most 0.5x the label arrays", rows, lambda r: r["mem"] <= 0.5
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=float, default=[1e4, 1e5, 1e6, 1e7])
    parser.add_argument(
        "--repeat", type=int, default=7, help="most runs per timing (fewer when slow)"
    )
    args = parser.parse_args()
    print(
        f"numpy {np.__version__}, scikit-learn {sklearn.__version__}, "
        f"imbalanced-learn {'installed' if imb_sensitivity_score else 'absent'}"
    )
    print(HEADER)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows = run([int(n) for n in args.sizes], args.repeat)
    check_goals(rows)


if __name__ == "__main__":
    main()
