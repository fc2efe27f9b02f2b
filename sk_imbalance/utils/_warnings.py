"""Warnings that point at the user's call, wherever in the library they arise."""

import os
import sys
import warnings

import sklearn

import sk_imbalance

# Frames inside these directories are skipped: the library and the
# scikit-learn machinery (searches, parameter validation) calling it.
_SKIPPED = tuple(
    os.path.dirname(module.__file__) + os.sep for module in (sk_imbalance, sklearn)
)


def _user_stacklevel():
    """The ``stacklevel`` of the first frame outside the library and
    scikit-learn, counted from the caller of :func:`_warn`."""
    frame = sys._getframe(2)
    level = 2
    while frame is not None and frame.f_code.co_filename.startswith(_SKIPPED):
        frame = frame.f_back
        level += 1
    return level


def _warn(message, category):
    """``warnings.warn`` with a stack level that points at the user's call."""
    warnings.warn(message, category, stacklevel=_user_stacklevel())
