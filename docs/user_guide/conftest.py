"""Run the user guide's examples as doctests, with the suite (see pyproject.toml)."""

import importlib.util
import os

# The backend the keras extra is tested with, chosen before Keras is imported.
os.environ.setdefault("KERAS_BACKEND", "torch")

# The Keras page needs the keras extra, which the minimum-versions run leaves out.
collect_ignore = [] if importlib.util.find_spec("keras") else ["keras.rst"]
