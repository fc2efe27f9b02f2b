"""Warnings that point at the user's call, wherever in the library they arise."""

import os
import sys
import warnings

import joblib
import sklearn

# Frames inside these directories are skipped: the library (this file's
# grandparent directory), the scikit-learn machinery (searches, parameter
# validation) calling it and joblib, through which the searches run their
# fits and scores (in this process when n_jobs=1).
_SKIPPED = tuple(
    os.path.dirname(os.path.abspath(path)) + os.sep
    for path in (os.path.dirname(__file__), sklearn.__file__, joblib.__file__)
)


def _user_stacklevel():
    """The ``stacklevel`` of the first frame outside the library,
    scikit-learn, joblib and PySpark, counted from the caller of :func:`_warn`."""
    skipped = _SKIPPED
    pyspark = sys.modules.get("pyspark")
    if pyspark is not None and getattr(pyspark, "__file__", None):
        # MLlib's fit and CrossValidator calling the Spark engine.
        skipped += (os.path.dirname(os.path.abspath(pyspark.__file__)) + os.sep,)
    frame = sys._getframe(2)
    level = 2
    while frame.f_back is not None and os.path.abspath(
        frame.f_code.co_filename
    ).startswith(skipped):
        # The outermost frame stays: a program inside the library (its
        # command line) gets its own entry point.
        frame = frame.f_back
        level += 1
    return level


def _warn(message, category):
    """``warnings.warn`` with a stack level that points at the user's call."""
    warnings.warn(message, category, stacklevel=_user_stacklevel())
