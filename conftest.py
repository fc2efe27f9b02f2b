"""Test-session setup shared by tests/ and the doctests in sk_imbalance/."""

import importlib.util
import os
import shutil

# Keras runs its tests on the torch CPU backend; plots render off-screen.
os.environ.setdefault("KERAS_BACKEND", "torch")
os.environ.setdefault("MPLBACKEND", "Agg")
# Many small fits run at once (joblib n_jobs=2, Dask workers) on 2 cores: BLAS
# threads would only oversubscribe them.  Set before numpy loads so that worker
# processes inherit it too.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

# Without the keras extra, importing sk_imbalance.keras raises by design (it names
# the extra), so its doctests cannot even be collected: skip them, as
# tests/keras/test_metrics.py skips itself.
collect_ignore = []
if importlib.util.find_spec("keras") is None:
    collect_ignore.append("sk_imbalance/keras")
# The same for the spark extra, whose doctests also need a Java runtime.
if importlib.util.find_spec("pyspark") is None or shutil.which("java") is None:
    collect_ignore.append("sk_imbalance/spark")

# The property tests explore random inputs; a CI run must not pass or fail by luck,
# so the examples are derived from each test's name (the same on every run).
try:
    from hypothesis import settings
except ImportError:  # the test extra is not installed: no property tests run
    pass
else:
    settings.register_profile("sk_imbalance", derandomize=True, deadline=None)
    settings.load_profile("sk_imbalance")
