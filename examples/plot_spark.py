# %% [markdown]
# # Choosing `t` on Spark
#
# `sk_imbalance.spark` does on a Spark DataFrame what the rest of the library
# does in memory: train an MLlib classifier for a tradeoff `t`, measure
# sensitivity and specificity with one aggregation each, and choose `t` by
# cross-validation from one fit per fold.  Only small tables (class sizes,
# confusion counts per `t` and fold) reach the driver.
#
# The script starts a local Spark session with two cores; on a cluster, build
# the session with your cluster's master instead.  It needs the `spark` extra
# (`pip install "sk-imbalance[spark]"`) and a Java runtime.

# %%
import os
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.feature import StandardScaler, VectorAssembler
from pyspark.sql import SparkSession

from sk_imbalance.datasets import load_screening
from sk_imbalance.model_selection import TradeoffCurveDisplay
from sk_imbalance.spark import (
    TradeoffClassifier,
    TradeoffClassifierCV,
    sensitivity_interval,
    sensitivity_score,
    specificity_score,
)

FIGURE_DIR = Path(os.environ.get("SK_IMBALANCE_FIGURE_DIR", "."))
with warnings.catch_warnings():
    # PySpark's notice about the installed pandas version is not ours.
    warnings.simplefilter("ignore", FutureWarning)
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("sk_imbalance example")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
spark.sparkContext.setLogLevel("ERROR")

# %% [markdown]
# The screening data (10% malignant) as a Spark DataFrame, with MLlib's
# `features` vector column.

# %%
X, y = load_screening(return_X_y=True, positive_fraction=0.1)
names = [f"x{j}" for j in range(X.shape[1])]
rows = [(*map(float, x), float(label)) for x, label in zip(X, y, strict=True)]
table = spark.createDataFrame(rows, [*names, "label"])
assembled = VectorAssembler(inputCols=names, outputCol="raw").transform(table)
df = (
    StandardScaler(inputCol="raw", outputCol="features")
    .fit(assembled)
    .transform(assembled)
    .select("features", "label")
    .cache()
)
train, test = df.randomSplit([0.7, 0.3], seed=0)
print(f"{train.count()} training rows, {test.count()} test rows")

# %% [markdown]
# ## A fixed `t`
#
# `TradeoffClassifier` adds the weight column of `t` (the positive class gets
# the share `t` of the total weight) and fits MLlib's logistic regression with
# it.  The metrics are one aggregation each over the predictions.

# %%
for t in (0.5, 0.9):
    model = TradeoffClassifier(estimator=LogisticRegression(regParam=0.01), t=t).fit(
        train
    )
    scored = model.transform(test)
    low, high = sensitivity_interval(scored)
    weights = {label: round(w, 3) for label, w in model.classWeight.items()}
    print(
        f"t={t}: class weights {weights}, sensitivity "
        f"{sensitivity_score(scored):.2f} [{low:.2f}, {high:.2f}], specificity "
        f"{specificity_score(scored):.2f}"
    )

# %% [markdown]
# ## Choosing `t`
#
# `TradeoffClassifierCV` fits one weighted model per fold, reads every `t` of
# the grid off its out-of-fold probabilities, counts all of them in one
# aggregation, and chooses with the same rules as the in-memory chooser: here
# the best balanced accuracy among the `t` whose sensitivity is at least 0.8
# with 90% confidence.

# %%
cv = TradeoffClassifierCV(
    estimator=LogisticRegression(regParam=0.01),
    numFolds=3,
    minSensitivity=0.8,
    confidence=0.9,
    seed=0,
).fit(train)
print(f"chosen t = {cv.bestT:g}; requirement met: {cv.requirementMet}")
bound = cv.guarantee["sensitivity"]["lower"]
print(f"lower 90% bound of the sensitivity at that t: {bound:.2f}")
scored = cv.transform(test)
print(
    f"on the test rows: sensitivity {sensitivity_score(scored):.2f}, "
    f"specificity {specificity_score(scored):.2f}"
)

# %% [markdown]
# `cvResults` has the keys of the in-memory `cv_results_`, so the library's
# display draws it.

# %%
display = TradeoffCurveDisplay.from_cv_results(
    cv.cvResults, chosen_t=cv.bestT, name="MLlib LogisticRegression on Spark"
)
display.figure_.savefig(FIGURE_DIR / "spark_curve.png")
plt.show()
spark.stop()
