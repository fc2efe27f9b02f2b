"""Choosing ``t`` on Spark: TradeoffClassifierCV against MLlib's CrossValidator.

A table generated inside Spark (``--rows`` rows x 20 standard normal features,
about 2% positives from a logistic model) on ``local[2]``; times of

- one weighted MLlib ``LogisticRegression`` fit (``TradeoffClassifier``, t=0.5),
- ``sk_imbalance.spark.TradeoffClassifierCV`` (threshold path, 5 folds, the 23
  default ``t``): 5 fold fits, one counting aggregation, one refit,
- MLlib's ``CrossValidator`` over the same 23 ``t`` with ``TradeoffEvaluator``
  (5 x 23 fits + the refit; ``--cv-grid k`` runs k of the 23 ``t``, and the
  time less one fit (the refit) is scaled by 23 / k, said in the table),

and the peak RSS of the Python driver.  Up to 1e6 rows, the in-memory
``TradeoffClassifierCV`` (scikit-learn's LogisticRegression, method
"threshold") runs too on the same rows and folds (collected after the Spark
timings), and both chosen ``t`` are printed.

Goals: TradeoffClassifierCV <= 1.5 x (folds + 1) single fits, >= 10x cheaper
than CrossValidator, driver < 1 GB.

Run from the repository root (PYTHONPATH=. when sk_imbalance is not installed):
    python benchmarks/bench_spark.py                    (20,000 rows, quick)
    python benchmarks/bench_spark.py --rows 1e6 --cv-grid 1 --driver-memory 6g
    python benchmarks/bench_spark.py --rows 1e7 --no-crossvalidator --no-memory \
        --driver-memory 8g
"""

import argparse
import resource
import time
import warnings


def peak_rss_mb():
    # Linux reports kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=float, default=20_000)
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--positives", type=float, default=0.02)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--driver-memory", default="4g")
    parser.add_argument(
        "--cv-grid", type=int, default=23, help="t values CrossValidator runs"
    )
    parser.add_argument(
        "--no-memory", action="store_true", help="skip the in-memory comparison"
    )
    parser.add_argument(
        "--no-crossvalidator", action="store_true", help="skip CrossValidator"
    )
    args = parser.parse_args()
    n = int(args.rows)

    warnings.simplefilter("ignore", FutureWarning)
    from pyspark.ml.classification import LogisticRegression
    from pyspark.ml.feature import VectorAssembler
    from pyspark.ml.tuning import CrossValidator, ParamGridBuilder
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    from sk_imbalance._grid import DEFAULT_TS
    from sk_imbalance.spark import (
        TradeoffClassifier,
        TradeoffClassifierCV,
        TradeoffEvaluator,
    )

    spark = (
        SparkSession.builder.master(args.master)
        .config("spark.driver.memory", args.driver_memory)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")

    # Features N(0, 1); the label from a logistic model whose intercept gives
    # about `positives` of the rows (signal spread over the features).
    d = args.features
    names = [f"x{j}" for j in range(d)]
    raw = spark.range(n).select(
        *[F.randn(seed=100 + j).alias(names[j]) for j in range(d)],
        F.floor(F.rand(seed=7) * args.folds).cast("int").alias("fold"),
        F.rand(seed=9).alias("u"),
    )
    margin = sum(F.col(c) * (1.0 / (j + 1)) for j, c in enumerate(names))
    # -4.6 gives 2.0% positives (measured on 2e6 numpy draws).
    intercept = {0.02: -4.6}.get(args.positives, -4.6)
    labelled = raw.withColumn(
        "label", (F.col("u") < 1 / (1 + F.exp(-(margin + intercept)))).cast("double")
    )
    df = VectorAssembler(inputCols=names, outputCol="features").transform(labelled)
    # The raw columns are kept only for the in-memory comparison.
    keep = names if n <= 1_000_000 and not args.no_memory else []
    df = df.select("features", "label", "fold", *keep).persist()
    start = time.perf_counter()
    positives = df.filter("label = 1").count()
    print(
        f"{n:,} rows x {d} features, {positives / n:.2%} positives, "
        f"{args.master} (generated and cached in {time.perf_counter() - start:.1f} s)"
    )

    lr = LogisticRegression(maxIter=100)
    timings = {}
    # Warm the JVM (class loading, JIT) on a sample, so the first timed fit
    # does not carry it.
    TradeoffClassifier(estimator=lr).fit(df.sample(fraction=0.01, seed=0))

    start = time.perf_counter()
    TradeoffClassifier(estimator=lr, t=0.5).fit(df)
    timings["one weighted MLlib fit"] = time.perf_counter() - start

    start = time.perf_counter()
    cv_model = TradeoffClassifierCV(
        estimator=lr, numFolds=args.folds, foldCol="fold", method="threshold"
    ).fit(df)
    timings["TradeoffClassifierCV (threshold)"] = time.perf_counter() - start

    ts = list(DEFAULT_TS)
    single = timings["one weighted MLlib fit"]
    grid_ts = ts[:: max(1, len(ts) // args.cv_grid)][: args.cv_grid]
    stage = TradeoffClassifier(estimator=lr)
    grid = ParamGridBuilder().addGrid(stage.t, grid_ts).build()
    start = time.perf_counter()
    crossvalidator = CrossValidator(
        estimator=stage,
        estimatorParamMaps=grid,
        evaluator=TradeoffEvaluator(metricName="balancedAccuracy"),
        foldCol="fold",
        numFolds=args.folds,
    )
    scaled = None
    if not args.no_crossvalidator:
        crossvalidator.fit(df)
        measured = time.perf_counter() - start
        # CrossValidator fits every fold at every t, then refits once at the
        # best: the per-t part scales with the grid, the refit does not.
        scaled = (measured - single) * len(ts) / len(grid_ts) + single
        cv_label = "MLlib CrossValidator, 23 t"
        if len(grid_ts) < len(ts):
            cv_label += f" ({len(grid_ts)} run, x{len(ts) / len(grid_ts):.2g})"
        timings[cv_label] = scaled
    spark_rss = peak_rss_mb()

    ours = timings["TradeoffClassifierCV (threshold)"]
    print(f"{'':44} {'seconds':>8} {'x one fit':>10}")
    for name, seconds in timings.items():
        print(f"{name:44} {seconds:8.1f} {seconds / single:10.2f}")
    per_fit = ours / single / (args.folds + 1)
    print(f"TradeoffClassifierCV / (folds + 1) fits: {per_fit:.2f} (goal <= 1.5)")
    if scaled is not None:
        ratio = scaled / ours
        print(f"CrossValidator / TradeoffClassifierCV: {ratio:.1f}x (goal >= 10x)")
    print(f"peak Python driver RSS, Spark runs: {spark_rss:.0f} MB (goal < 1024)")
    print(f"Spark chose t = {cv_model.bestT:g}")

    if args.no_memory or n > 1_000_000:
        spark.stop()
        return
    import numpy as np
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression
    from sklearn.model_selection import PredefinedSplit

    from sk_imbalance import TradeoffClassifierCV as InMemoryCV

    table = df.select("label", "fold", *names).toPandas()
    X = table[names].to_numpy()
    y = table["label"].to_numpy()
    folds = table["fold"].to_numpy()
    start = time.perf_counter()
    memory = InMemoryCV(
        SkLogisticRegression(max_iter=1000),
        cv=PredefinedSplit(folds),
        method="threshold",
    ).fit(X, y)
    seconds = time.perf_counter() - start
    print(
        f"in-memory TradeoffClassifierCV (threshold, same folds): {seconds:.1f} s, "
        f"chose t = {memory.best_t_:g}; Spark chose t = {cv_model.bestT:g}"
    )
    spark_ba = np.asarray(cv_model.cvResults["mean_test_balanced_accuracy"])
    memory_ba = np.asarray(memory.cv_results_["mean_test_balanced_accuracy"])
    gap = np.nanmax(np.abs(spark_ba - memory_ba))
    print(
        "largest gap in mean balanced accuracy over the 23 t (Spark vs in memory, "
        f"different solvers on the same folds): {gap:.4f}"
    )
    spark.stop()


if __name__ == "__main__":
    main()
