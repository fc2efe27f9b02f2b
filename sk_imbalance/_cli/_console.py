"""Shared by every command: errors, optional imports, the console, shown values."""

import importlib
import math
import sys

import numpy as np

EXIT_FAILURE = 1

EXIT_USAGE = 2


class CLIError(Exception):
    """Bad input or usage: printed as one line on stderr, exit status 2."""

    status = EXIT_USAGE


class MissingDependency(CLIError):
    """An optional dependency of the command line is not installed."""

    status = EXIT_FAILURE


class FitFailed(CLIError):
    """The estimator failed to fit (its error, in one line)."""

    status = EXIT_FAILURE


def _require(module):
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        package = module.partition(".")[0]
        raise MissingDependency(
            f"the command line needs {package} ({exc}); install it with: pip "
            f"install {package}, or from the root of a checkout of sk_imbalance: "
            "pip install -e '.[cli]'"
        ) from None


def _show(value):
    """A label or name as the user typed it: quoted text, bare numbers."""
    return repr(value) if isinstance(value, str) else str(value)


def _show_list(values, limit=10):
    shown = ", ".join(_show(v) for v in list(values)[:limit])
    return shown + (f", ... ({len(values)} in all)" if len(values) > limit else "")


def _native(value):
    """A JSON- and skops-friendly Python scalar."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


class _Console:
    """Where the report, notes and warnings go."""

    def __init__(self, *, quiet=False, out=None, err=None):
        self.quiet = quiet
        self.out = sys.stdout if out is None else out
        self.err = sys.stderr if err is None else err
        encoding = getattr(self.out, "encoding", None) or "ascii"
        try:
            "±".encode(encoding)
            self.pm = "±"
        except (UnicodeEncodeError, LookupError):
            self.pm = "+-"

    def print(self, text=""):
        print(text, file=self.out)

    def note(self, text):
        if not self.quiet:
            self.out.flush()
            print(f"note: {text}", file=self.err)

    def warn(self, text):
        self.out.flush()
        print(f"warning: {text}", file=self.err)
