"""The tradeoff, its metrics and the choice of ``t`` on Apache Spark.

MLlib's conventions (camelCase Params, ``Estimator`` / ``Model`` /
``Evaluator``, Pipeline stages, persistence) around the library's own weighting
math and selection rules: the class sizes, the confusion counts and the count
table per ``t`` x fold are Spark aggregations, and only those small tables
reach the driver.

Requires PySpark 3.5 or later (``pip install "sk-imbalance[spark]"``) and a
Java runtime.  Read more in the :ref:`User Guide <spark>`.
"""

try:
    import pyspark
except ImportError as exc:
    if exc.name == "pyspark":
        raise ImportError(
            "sk_imbalance.spark needs PySpark, which is not installed. Install the "
            'extra: pip install "sk-imbalance[spark]" (and a Java runtime).'
        ) from exc
    raise

from sk_imbalance.spark._classifier import (
    TradeoffClassificationModel,
    TradeoffClassifier,
)
from sk_imbalance.spark._metrics import (
    TradeoffEvaluator,
    per_class_accuracy_score,
    sensitivity_interval,
    sensitivity_score,
    specificity_interval,
    specificity_score,
)
from sk_imbalance.spark._search import (
    TradeoffClassifierCV,
    TradeoffClassifierCVModel,
)

__all__ = [
    "TradeoffClassificationModel",
    "TradeoffClassifier",
    "TradeoffClassifierCV",
    "TradeoffClassifierCVModel",
    "TradeoffEvaluator",
    "per_class_accuracy_score",
    "sensitivity_interval",
    "sensitivity_score",
    "specificity_interval",
    "specificity_score",
]

del pyspark
