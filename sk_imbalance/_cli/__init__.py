"""The ``sk-imbalance`` command line: a thin layer over the library.

``sk-imbalance demo | tune | evaluate | predict`` (also ``python -m sk_imbalance``).
Exit status: 0 on success (also when no ``t`` meets a requirement: a warning names
the closest one), 2 on bad input or usage (one line on stderr, never a
traceback), 1 when an optional dependency is missing or the estimator fails to
fit (one line), 130 on Ctrl-C.

Models are saved with ``skops.io``, which rebuilds objects without running code
from the file; loading accepts only the types in ``TRUSTED_TYPES`` beyond those
skops trusts by default.  The file holds a dict: the fitted
:class:`~sk_imbalance.TradeoffClassifier` under ``"model"`` and the metadata
(library versions, feature columns and their kinds, target name, classes,
positive label, ``t``, the cross-validated scores at ``t``).

``tune`` reads CSV files with typed columns (pyarrow's reader when it is
installed, else pandas'), ``evaluate`` and ``predict`` as verbatim text parsed
with the rules saved in the model, so that a file reads the same way at
training and at prediction time.  A column is numeric when its values are
numbers, apart from missing-value markers (empty, ``NA``, ``?``, ``-``... and
``--na-values``) and, said on stderr, one repeated token or a few text values;
otherwise it is categorical (stripped text).  ``;``-separated files with
decimal commas are detected (``--decimal``).  Numeric columns are imputed
(median, with missing-value indicators) and scaled, categorical ones imputed (a
constant) and one-hot encoded, by a ``ColumnTransformer`` inside the saved
model.  Identifiers (distinct integers numbered closely, distinct text) and
columns that alone separate the classes (a leak, or rows numbered after sorting
by class) are left out, each said in one line with the ``--keep`` that keeps it;
the markers read as missing are counted per column kind.

``t`` is chosen by :class:`~sk_imbalance.TradeoffClassifierCV`, the library's
chooser, so the command line and the library choose alike: ``tune``'s
requirements (``--min-sensitivity``, ``--min-precision``, ``--max-alert-rate``,
``--prevalence``, ``--costs``...) are its parameters of the same names, and the
report shows each at the chosen ``t`` from its ``cv_results_`` and
``guarantee_``; wherever ``t`` is
one-vs-rest (``--positive`` on more than two classes), balanced accuracy is the
mean of one-vs-rest sensitivity and specificity, in the table, the JSON and the
requirement line.  A useless result (every ``t`` alike, rates at chance, the
choice at the edge of the grid) is said in a warning.  The command line imports
only the library's public API: the progress display shows the chooser's own
``verbose`` lines, its warnings are told apart by class
(:mod:`sk_imbalance.exceptions`), and without ``--threads`` the chooser's thread
budget (the idle cores, or ``OMP_NUM_THREADS``) holds.

The package, by responsibility (each module imports only those above it):

- ``_console``: errors and their exit status, optional imports, the console.
- ``_files``: input and output paths checked up front, atomic writes, JSON.
- ``_csv``: reading a CSV file (dialect, typed or verbatim columns, markers).
- ``_table``: typing the columns, the target and its labels, identifiers.
- ``_leaks``: columns that alone give the class away.
- ``_model_file``: the skops model file (trusted types, metadata).
- ``_progress``: the progress display of the search (the chooser's lines).
- ``_model``: the estimator and its preprocessing.
- ``_requirements``: the requirements of ``tune`` as the library's
  parameters, per ``t`` and at the chosen ``t``.
- ``_search``: the search over ``t`` by the library's chooser, its summary.
- ``_report``: the search in words (table, choice, path, advice).
- ``_figure``: the tradeoff curve saved as a figure.
- ``_commands``: ``demo``, ``tune``, ``evaluate`` and ``predict``.
- ``_parser``: the argparse definitions of the commands and options.
- this ``__init__``: ``main``, which maps errors to exit statuses.
"""

import os
import sys

from ._console import EXIT_FAILURE, CLIError
from ._files import _atomic_write as _atomic_write
from ._model import ESTIMATORS as ESTIMATORS
from ._model_file import MODEL_FORMAT as MODEL_FORMAT
from ._model_file import TRUSTED_TYPES as TRUSTED_TYPES
from ._parser import _build_parser

__all__ = ["main"]


def main(argv=None):
    """Run the command line; returns the exit status.

    Parameters
    ----------
    argv : list of str, default=None
        The arguments after the program name; None means ``sys.argv[1:]``.

    Returns
    -------
    status : int
        0 on success, 2 on bad input or usage, 1 when an optional dependency is
        missing or the estimator failed to fit, 130 when interrupted.

    Examples
    --------
    >>> from sk_imbalance._cli import main
    >>> main(["--version"])  # doctest: +ELLIPSIS
    sk-imbalance ...
    0
    """
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
        if getattr(args, "ts", None) is not None:
            args.ts = [t for group in args.ts for t in group]
        return args.func(args)
    except CLIError as exc:
        message = " ".join(str(exc).split())
        print(f"sk-imbalance: error: {message}", file=sys.stderr)
        return exc.status
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        print("sk-imbalance: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of stdout went away (``| head``): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILURE
