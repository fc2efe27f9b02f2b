"""Test-session set-up shared by the tests and the doctests of the package."""

import importlib.util
import os

# Keras reads its backend once, at its first import; torch is the one CI installs.
os.environ.setdefault("KERAS_BACKEND", "torch")

# Without the keras extra, importing sk_imbalance.keras raises by design, so its
# doctests cannot even be collected.
collect_ignore = []
if importlib.util.find_spec("keras") is None:
    collect_ignore.append("sk_imbalance/keras")
