"""The ``sk-imbalance`` command line: a thin layer over the library.

``sk-imbalance demo | tune | evaluate | predict`` (also ``python -m sk_imbalance``).
Exit status: 0 on success (also when no ``t`` meets a requirement: a warning names
the closest one), 2 on bad input or usage (one line on stderr, never a
traceback), 1 when an optional dependency is missing or every fit fails, 130 on
Ctrl-C.

Models are saved with ``skops.io``, which rebuilds objects without running code
from the file; loading accepts only the types in ``TRUSTED_TYPES`` beyond those
skops trusts by default.  The file holds a dict: the fitted
:class:`~sk_imbalance.TradeoffClassifier` under ``"model"`` and the metadata
(library versions, feature columns and their kinds, target name, classes,
positive label, ``t``, the cross-validated scores at ``t``).

CSV files are read as text and parsed here, the same way at training and at
prediction time: a column is numeric when every non-missing value parses as a
number, otherwise categorical (stripped text).  Numeric columns are imputed
(median) and scaled, categorical ones imputed (a constant) and one-hot encoded,
by a ``ColumnTransformer`` inside the saved model.
"""

import argparse
import difflib
import importlib
import io
import json
import math
import os
import sys
import tempfile
import threading
import time
import warnings

import numpy as np

__all__ = ["main"]

EXIT_FAILURE = 1
EXIT_USAGE = 2

ESTIMATORS = ("logistic", "forest", "hgb", "svm", "knn")
_ESTIMATOR_NAMES = {
    "logistic": "logistic regression",
    "forest": "random forest",
    "hgb": "histogram gradient boosting",
    "svm": "support vector machine (RBF kernel)",
    "knn": "k nearest neighbours (weights by resampling)",
}
# Spaced on the log-odds scale: the weight ratio t / (1 - t) runs from 1/99 to 99.
# Screening requirements often need t beyond 0.95 (the built-in demo needs 0.98).
DEFAULT_TS = (
    0.01,
    0.02,
    0.05,
    0.1,
    0.2,
    0.3,
    0.4,
    0.5,
    0.6,
    0.7,
    0.8,
    0.9,
    0.95,
    0.98,
    0.99,
)
METRICS = ("sensitivity", "specificity", "balanced_accuracy")

MODEL_FORMAT = "sk-imbalance-model"
MODEL_FORMAT_VERSION = 1

# Types skops does not trust by default that a model written by ``tune`` holds,
# for every ``--estimator``.  Anything else in a model file is refused: skops
# rebuilds these from data, without running code stored in the file.
TRUSTED_TYPES = frozenset(
    {
        "numpy.dtype",
        "sk_imbalance._tradeoff.TradeoffClassifier",
        "sklearn.tree._tree.Tree",
        "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
        "sklearn.neighbors._kd_tree.KDTree",
        "sklearn.neighbors._ball_tree.BallTree",
        "sklearn.metrics._dist_metrics.EuclideanDistance64",
    }
)

# pandas' default missing-value markers; the CSV is read verbatim (so that
# ``predict`` writes the rows back unchanged) and these are recognised here.
_NA_TEXT = frozenset(
    "|#N/A|#N/A N/A|#NA|-1.#IND|-1.#QNAN|-NaN|-nan|1.#IND|1.#QNAN|<NA>|N/A|NA|NULL"
    "|NaN|None|n/a|nan|null".split("|")
)

# A text column with more distinct values than this (and than half the rows) is
# likely an identifier; one-hot encoding it learns nothing.
_MANY_CATEGORIES = 20


class CLIError(Exception):
    """Bad input or usage: printed as one line on stderr, exit status 2."""

    status = EXIT_USAGE


class MissingDependency(CLIError):
    """An optional dependency of the command line is not installed."""

    status = EXIT_FAILURE


class FitFailed(CLIError):
    """Every cross-validation fit failed."""

    status = EXIT_FAILURE


def _require(module):
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        package = module.partition(".")[0]
        raise MissingDependency(
            f"the command line needs {package} ({exc}); install it with: "
            "pip install 'sk-imbalance[cli]'"
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


def _lines(mask, limit=5):
    """CSV line numbers (the header is line 1) of the rows in ``mask``."""
    rows = np.flatnonzero(np.asarray(mask)) + 2
    shown = ", ".join(map(str, rows[:limit]))
    return f"line{'s' if rows.size > 1 else ''} {shown}" + (
        ", ..." if rows.size > limit else ""
    )


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


# --------------------------------------------------------------------------
# Reading and parsing CSV files


def _check_input_file(path):
    if not os.path.exists(path):
        raise CLIError(f"{path}: no such file")
    if os.path.isdir(path):
        raise CLIError(f"{path} is a directory, not a file")


def _sniff_separator(head):
    first = head.splitlines()[0] if head else ""
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    if counts[","] == 0 and max(counts.values()) > 0:
        return max(counts, key=counts.get)
    return ","


def _read_csv(path):
    """The CSV as a DataFrame of verbatim text (no missing-value parsing)."""
    pd = _require("pandas")
    _check_input_file(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536)
    except OSError as exc:
        raise CLIError(f"cannot read {path}: {exc.strerror}") from None
    if not head.strip():
        raise CLIError(f"{path} is empty")
    if b"\0" in head:
        raise CLIError(f"{path} is not a CSV file (it holds binary data)")
    sep = _sniff_separator(head.decode("latin-1"))
    frame = None
    for encoding in ("utf-8-sig", "latin-1"):
        try:
            frame = pd.read_csv(
                path,
                sep=sep,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                encoding=encoding,
            )
            break
        except UnicodeDecodeError:
            continue
        except pd.errors.EmptyDataError:
            raise CLIError(f"{path} is empty") from None
        except pd.errors.ParserError as exc:
            reason = str(exc).strip().splitlines()[-1]
            raise CLIError(f"{path} is not a readable CSV file: {reason}") from None
        except OSError as exc:
            raise CLIError(f"cannot read {path}: {exc.strerror or exc}") from None
    if frame is None or frame.shape[1] == 0:
        raise CLIError(f"{path} is empty")
    if len(frame) == 0:
        raise CLIError(f"{path} has a header but no rows")
    return frame.astype(object)


def _missing(column):
    return column.map(lambda v: v.strip() in _NA_TEXT).to_numpy(bool)


def _parse_numeric(column):
    """(float values with NaN for missing, mask of values that are not numbers)."""
    pd = _require("pandas")
    missing = _missing(column)
    text = column.map(str.strip).where(~missing)
    values = pd.to_numeric(text, errors="coerce").to_numpy(float)
    bad = ~missing & ~np.isfinite(values)
    return values, bad


def _parse_text(column):
    missing = _missing(column)
    return column.map(str.strip).where(~missing, np.nan).to_numpy(object)


def _find_column(frame, name, path, role):
    if name in frame.columns:
        return
    columns = [str(c) for c in frame.columns]
    folded = {c.strip().lower(): c for c in columns}
    guess = folded.get(name.strip().lower()) or next(
        iter(difflib.get_close_matches(name, columns, n=1)), None
    )
    hint = f"; did you mean {guess!r}?" if guess else ""
    raise CLIError(
        f"{role} column {name!r} is not in {path}{hint} "
        f"(columns: {_show_list(columns)})"
    )


def _parse_target(column, name, path, kind=None):
    """Labels of the target column: integers when they all are, else text.

    ``kind`` ("int" or "str") forces the type the model was trained with.
    """
    missing = _missing(column)
    if missing.any():
        raise CLIError(
            f"target column {name!r} has {int(missing.sum())} missing value(s) "
            f"({_lines(missing)} of {path}); drop or fill those rows"
        )
    text = column.map(str.strip)
    if kind == "str":
        return text.to_numpy(object)
    values, bad = _parse_numeric(text)
    if kind == "int" or not bad.any():
        if bad.any() or not np.all(values == np.round(values)):
            odd = text[bad | (values != np.round(values))].iloc[0]
            if kind == "int":
                raise CLIError(
                    f"target column {name!r} of {path} holds {odd!r}; the model "
                    "expects integer labels"
                )
            raise CLIError(
                f"target column {name!r} holds non-integer numbers such as "
                f"{odd!r}; it needs class labels, not a continuous quantity"
            )
        return values.astype(np.int64)
    return text.to_numpy(object)


def _match_label(text, classes, target):
    for label in classes:
        if str(label) == text.strip():
            return label
    if all(isinstance(label, (int, np.integer)) for label in classes):
        try:
            number = float(text)
        except ValueError:
            number = None
        if number is not None and number in {float(c) for c in classes}:
            return classes[[float(c) for c in classes].index(number)]
    raise CLIError(
        f"--positive {text!r} is not among the labels of {target!r}: "
        f"{_show_list(classes)}"
    )


def _training_features(frame, columns, path, console):
    """Typed feature DataFrame and the column spec saved with the model."""
    pd = _require("pandas")
    data, kinds = {}, {}
    for name in columns:
        column = frame[name]
        missing = _missing(column)
        if missing.all():
            console.note(f"ignoring column {name!r}: it is empty")
            continue
        if str(name).startswith("Unnamed: "):
            console.note(
                f"column {name!r} has no name in the header (a saved row index?); "
                f"if so, leave it out with --drop {name!r}"
            )
        values, bad = _parse_numeric(column)
        if not bad.any():
            data[name], kinds[name] = values, "numeric"
            continue
        data[name], kinds[name] = _parse_text(column), "categorical"
        n_levels = len(set(data[name][~missing]))
        if n_levels > _MANY_CATEGORIES and n_levels > 0.5 * len(frame):
            console.note(
                f"column {name!r} has {n_levels} distinct text values in "
                f"{len(frame)} rows; if it is an identifier, leave it out with "
                f"--drop {name!r}"
            )
    if not data:
        raise CLIError(f"{path} has no feature columns besides the target")
    return pd.DataFrame(data, index=frame.index), kinds


def _model_features(frame, spec, path):
    """New data as the model's feature DataFrame; names missing columns."""
    pd = _require("pandas")
    missing = [name for name in spec if name not in frame.columns]
    if missing:
        raise CLIError(
            f"{path} lacks {len(missing)} column(s) the model needs: "
            f"{_show_list(missing)}"
        )
    data = {}
    for name, kind in spec.items():
        if kind == "numeric":
            values, bad = _parse_numeric(frame[name])
            if bad.any():
                odd = frame[name][bad].iloc[0]
                raise CLIError(
                    f"column {name!r} of {path} should hold numbers but holds "
                    f"{odd!r} ({_lines(bad, 3)})"
                )
            data[name] = values
        else:
            data[name] = _parse_text(frame[name])
    return pd.DataFrame(data, index=frame.index)


# --------------------------------------------------------------------------
# Writing files


def _check_outputs(outputs, inputs):
    """Refuse before any work: missing directory, an input file, a clash."""
    seen = {}
    for option, path in outputs.items():
        if path is None or path == "-":
            continue
        directory = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(directory):
            raise CLIError(f"{option} {path}: the directory {directory} does not exist")
        if os.path.isdir(path):
            raise CLIError(f"{option} {path} is a directory")
        for source in inputs:
            if os.path.exists(path) and os.path.samefile(path, source):
                raise CLIError(
                    f"{option} {path} would overwrite the input file {source}; "
                    "choose another name"
                )
        real = os.path.realpath(path)
        if real in seen:
            raise CLIError(f"{option} and {seen[real]} name the same file {path}")
        seen[real] = option


def _plot_format(path):
    if path is None:
        return None
    backend_bases = _require("matplotlib.backend_bases")
    supported = backend_bases.FigureCanvasBase.get_supported_filetypes()
    extension = os.path.splitext(path)[1].lower().lstrip(".")
    if extension not in supported:
        raise CLIError(
            f"--plot {path}: the file name must end in .png, .pdf, .svg or another "
            f"format matplotlib writes ({', '.join(sorted(supported))})"
        )
    return extension


def _atomic_write(path, data):
    """Write to a temporary file in the same directory, then rename over ``path``."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, temporary = tempfile.mkstemp(
            dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp"
        )
    except OSError as exc:
        raise CLIError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except OSError as exc:
        os.unlink(temporary)
        raise CLIError(f"cannot write {path}: {exc.strerror}") from None
    except BaseException:
        os.unlink(temporary)
        raise


def _write_json(path, payload, console):
    text = json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    if path == "-":
        console.out.write(text)
    else:
        _atomic_write(path, text.encode("utf-8"))


# --------------------------------------------------------------------------
# Model files


def _save_model(path, model, metadata):
    skops_io = _require("skops.io")
    bundle = {
        "format": MODEL_FORMAT,
        "format_version": MODEL_FORMAT_VERSION,
        **metadata,
        "model": model,
    }
    _atomic_write(path, skops_io.dumps(bundle))


def _load_model(path, console):
    """The metadata dict of a model file, the fitted model under ``"model"``."""
    skops_io = _require("skops.io")
    _check_input_file(path)
    not_ours = f"{path} is not a model file written by sk-imbalance tune"
    try:
        untrusted = skops_io.get_untrusted_types(file=path)
    except OSError as exc:
        raise CLIError(f"cannot read {path}: {exc.strerror or exc}") from None
    except Exception:
        raise CLIError(not_ours) from None
    unexpected = sorted(set(untrusted) - TRUSTED_TYPES)
    if unexpected:
        raise CLIError(
            f"refusing to load {path}: it holds types outside the trusted list "
            f"({', '.join(unexpected)}); only load models written by "
            "sk-imbalance tune"
        )
    from sklearn import __version__ as sklearn_version

    with warnings.catch_warnings(record=True):
        # scikit-learn warns about a version change; reported below, once.
        warnings.simplefilter("ignore")
        try:
            bundle = skops_io.load(path, trusted=list(untrusted))
        except Exception as exc:
            raise CLIError(f"{not_ours} ({type(exc).__name__})") from None
    from sk_imbalance import TradeoffClassifier

    if (
        not isinstance(bundle, dict)
        or bundle.get("format") != MODEL_FORMAT
        or not isinstance(bundle.get("model"), TradeoffClassifier)
    ):
        raise CLIError(not_ours)
    if bundle.get("format_version", 0) > MODEL_FORMAT_VERSION:
        raise CLIError(
            f"{path} was written by a newer sk-imbalance "
            f"({bundle.get('sk_imbalance_version')}); upgrade to read it"
        )
    saved = bundle.get("sklearn_version")
    if saved != sklearn_version:
        console.warn(
            f"{path} was saved with scikit-learn {saved}, this is "
            f"{sklearn_version}; predictions may differ"
        )
    return bundle


# --------------------------------------------------------------------------
# Progress


class _Progress:
    """Fits done / total and elapsed time on one line of a terminal.

    Counting works when the fits run in this process (``n_jobs=1``); with
    parallel workers the line shows the total and the elapsed time only.
    """

    def __init__(self, total, *, stream, enabled, counting=True, interval=0.2):
        self.total = total
        self.stream = stream
        self.enabled = enabled
        self.counting = counting
        self.interval = interval
        self.done = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = None
        self._width = 0

    def __enter__(self):
        self.start = time.perf_counter()
        if self.enabled:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self.elapsed = time.perf_counter() - self.start
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._draw()
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()

    def tick(self):
        with self._lock:
            self.done += 1

    def line(self):
        elapsed = time.perf_counter() - self.start
        if not self.counting:
            return f"tuning: {self.total} fits on parallel workers, {elapsed:.0f} s"
        with self._lock:
            done = self.done
        width = 20
        filled = width * done // max(self.total, 1)
        bar = "#" * filled + "." * (width - filled)
        phase = ", refitting on all rows" if done >= self.total else ""
        return f"tuning [{bar}] {done}/{self.total} fits, {elapsed:.0f} s{phase}"

    def _draw(self):
        text = self.line()
        self._width = max(self._width, len(text))
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()

    def _run(self):
        self._draw()
        while not self._stop.wait(self.interval):
            self._draw()


class _CountingScorer:
    """Multi-metric scorer that ticks the progress display after each fold."""

    def __init__(self, scorer, progress):
        self.scorer = scorer
        self.progress = progress

    def __call__(self, estimator, X, y, **kwargs):
        try:
            return self.scorer(estimator, X, y, **kwargs)
        finally:
            self.progress.tick()


class _QuietRefit:
    """A ``refit`` callable without the selection's warning.

    An unmet requirement is reported by ``_warn_unmet`` in the command line's
    words (the library's warning names a candidate index).
    """

    def __init__(self, refit):
        self.refit = refit

    def __call__(self, cv_results):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return self.refit(cv_results)


# --------------------------------------------------------------------------
# The search


def _make_estimator(name, random_state):
    if name == "logistic":
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(max_iter=1000)
    if name == "forest":
        from sklearn.ensemble import RandomForestClassifier

        return RandomForestClassifier(random_state=random_state)
    if name == "hgb":
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(random_state=random_state)
    if name == "svm":
        from sklearn.svm import SVC

        return SVC()
    from sklearn.neighbors import KNeighborsClassifier

    return KNeighborsClassifier()


def _make_pipeline(kinds, estimator):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import Pipeline, make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numeric = [name for name, kind in kinds.items() if kind == "numeric"]
    categorical = [name for name, kind in kinds.items() if kind == "categorical"]
    transformers = []
    if numeric:
        transformers.append(
            (
                "numeric",
                make_pipeline(
                    SimpleImputer(strategy="median", keep_empty_features=True),
                    StandardScaler(),
                ),
                numeric,
            )
        )
    if categorical:
        transformers.append(
            (
                "categorical",
                make_pipeline(
                    SimpleImputer(
                        strategy="constant",
                        fill_value="(missing)",
                        keep_empty_features=True,
                    ),
                    OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                ),
                categorical,
            )
        )
    # Dense output: HistGradientBoostingClassifier refuses sparse input.
    preprocess = ColumnTransformer(transformers, sparse_threshold=0)
    return Pipeline([("preprocess", preprocess), ("classifier", estimator)])


def _requirement(args):
    if getattr(args, "min_sensitivity", None) is not None:
        return {
            "metric": "sensitivity",
            "minimum": args.min_sensitivity,
            "maximize": "specificity",
        }
    if getattr(args, "min_specificity", None) is not None:
        return {
            "metric": "specificity",
            "minimum": args.min_specificity,
            "maximize": "sensitivity",
        }
    return {"metric": None, "minimum": None, "maximize": "balanced_accuracy"}


def _search(
    X,
    y,
    kinds,
    *,
    positive,
    estimator,
    ts,
    requirement,
    cv,
    n_jobs,
    random_state,
    console,
):
    """Run the grid search over ``t``; returns (search, table, summary)."""
    from sklearn.metrics import check_scoring
    from sklearn.model_selection import GridSearchCV, StratifiedKFold

    from sk_imbalance import TradeoffClassifier
    from sk_imbalance.metrics import tradeoff_scoring
    from sk_imbalance.model_selection import constrained_refit

    model = TradeoffClassifier(
        _make_pipeline(kinds, _make_estimator(estimator, random_state)),
        pos_label=positive,
        random_state=random_state,
    )
    minimums = {}
    if requirement["metric"] is not None:
        minimums[requirement["metric"]] = requirement["minimum"]
    refit = _QuietRefit(constrained_refit(requirement["maximize"], **minimums))
    sequential = n_jobs in (None, 1)
    progress = _Progress(
        len(ts) * cv,
        stream=console.err,
        enabled=not console.quiet and console.err.isatty(),
        counting=sequential,
    )
    scoring = tradeoff_scoring(pos_label=positive)
    if sequential:
        scoring = _CountingScorer(check_scoring(model, scoring=scoring), progress)
    search = GridSearchCV(
        model,
        {"t": list(ts)},
        scoring=scoring,
        refit=refit,
        cv=StratifiedKFold(cv, shuffle=True, random_state=random_state),
        n_jobs=n_jobs,
    )
    with warnings.catch_warnings(record=True) as caught, progress:
        warnings.simplefilter("always")
        try:
            search.fit(X, y)
        except ValueError as exc:
            if "fits failed" not in str(exc):
                raise
            reason = [line for line in str(exc).splitlines() if line.strip()][-1]
            raise FitFailed(f"every fit failed: {reason.strip()}") from None
    _report_fit_warnings(caught, console)

    results = search.cv_results_
    table = [
        {
            "t": float(t),
            **{
                f"{metric}_{stat}": _native(results[f"{stat}_test_{metric}"][i])
                for metric in METRICS
                for stat in ("mean", "std")
            },
        }
        for i, t in enumerate(results["param_t"])
    ]
    best = table[search.best_index_]
    met = requirement["metric"] is None or (
        best[f"{requirement['metric']}_mean"] is not None
        and best[f"{requirement['metric']}_mean"] >= requirement["minimum"] - 1e-10
    )
    summary = {
        "requirement": requirement,
        "requirement_met": met,
        "chosen_t": best["t"],
        "chosen": {
            metric: {"mean": best[f"{metric}_mean"], "std": best[f"{metric}_std"]}
            for metric in METRICS
        },
        "fits": len(ts) * cv + 1,
        "seconds": round(progress.elapsed, 2),
    }
    return search, table, summary


def _report_fit_warnings(caught, console):
    """One line per distinct warning the fits raised (they repeat per fold)."""
    seen = set()
    for w in caught:
        text = str(w.message).strip().splitlines()[0] if str(w.message) else ""
        key = (w.category.__name__, text)
        if key in seen or "unknown categories" in text:
            # Categories seen only in a test fold are expected in CV.
            continue
        seen.add(key)
        console.note(f"during the search: {w.category.__name__}: {text}")


def _format_table(table, requirement, chosen_t, pm):
    names = {
        "sensitivity": "sensitivity",
        "specificity": "specificity",
        "balanced_accuracy": "balanced accuracy",
    }
    constrained = requirement["metric"]

    def cell(row, metric):
        mean, std = row[f"{metric}_mean"], row[f"{metric}_std"]
        if mean is None:
            return "failed"
        mark = ""
        if metric == constrained:
            mark = "*" if mean >= requirement["minimum"] - 1e-10 else " "
        return f"{mean:.3f} {pm} {std:.3f}{mark}"

    decimals = max(len(f"{row['t']:g}".partition(".")[2]) for row in table)
    rows = [
        [f"{row['t']:.{decimals}f}"] + [cell(row, m) for m in METRICS] for row in table
    ]
    header = ["t"] + [names[m] for m in METRICS]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.rjust(w) for h, w in zip(header, widths))]
    for row, cells in zip(table, rows):
        line = "  ".join(c.rjust(w) for c, w in zip(cells, widths))
        if row["t"] == chosen_t:
            line += "  <- chosen"
        lines.append(line)
    if constrained:
        lines.append(f"(* meets {constrained} >= {requirement['minimum']:g})")
    return "\n".join(lines)


def _describe_requirement(requirement):
    if requirement["metric"] is None:
        return "the best balanced accuracy (mean of sensitivity and specificity)"
    return (
        f"{requirement['metric']} >= {requirement['minimum']:g}, then the best "
        f"{requirement['maximize']}"
    )


def _save_plot(search, path, fmt, summary, title):
    matplotlib = _require("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sk_imbalance.model_selection import TradeoffCurveDisplay

    display = TradeoffCurveDisplay.from_cv_results(search, name=title)
    ax = display.ax_
    requirement = summary["requirement"]
    if requirement["metric"] is not None:
        ax.axhline(
            requirement["minimum"],
            color="0.6",
            linestyle=":",
            label=f"{requirement['metric']} >= {requirement['minimum']:g}",
        )
    ax.legend(loc="best")
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format=fmt, dpi=150, bbox_inches="tight")
    plt.close(ax.figure)
    _atomic_write(path, buffer.getvalue())


def _report_search(console, table, summary, cv):
    requirement = summary["requirement"]
    console.print(_format_table(table, requirement, summary["chosen_t"], console.pm))
    console.print()
    chosen, pm = summary["chosen"], console.pm
    rates = ", ".join(
        f"{metric.replace('_', ' ')} {chosen[metric]['mean']:.3f} {pm} "
        f"{chosen[metric]['std']:.3f}"
        for metric in METRICS
        if chosen[metric]["mean"] is not None
    )
    console.print(f"chosen t = {summary['chosen_t']:g}: {rates}")
    console.print(f"  (mean {pm} standard deviation over {cv} cross-validation folds)")


def _warn_unmet(console, table, summary):
    requirement = summary["requirement"]
    metric = requirement["metric"]
    reached = [row[f"{metric}_mean"] for row in table]
    best = max((value for value in reached if value is not None), default=math.nan)
    console.warn(
        f"no t reaches {metric} >= {requirement['minimum']:g} (the best "
        f"cross-validated {metric} is {best:.3f}); t = {summary['chosen_t']:g} "
        "is the closest. Try larger values of t (--ts), another --estimator, "
        "or more data"
    )


def _tune_and_save(X, y, kinds, *, args, positive, console, data_info):
    """The search, the report and the saved files; shared by demo and tune."""
    import sklearn

    from sk_imbalance import __version__

    requirement = _requirement(args)
    search, table, summary = _search(
        X,
        y,
        kinds,
        positive=positive,
        estimator=args.estimator,
        ts=args.ts,
        requirement=requirement,
        cv=args.cv,
        n_jobs=args.n_jobs,
        random_state=args.random_state,
        console=console,
    )
    if args.json != "-":
        _report_search(console, table, summary, args.cv)
    if not summary["requirement_met"]:
        _warn_unmet(console, table, summary)

    classes = [_native(c) for c in search.best_estimator_.classes_]
    target_kind = "int" if all(isinstance(c, int) for c in classes) else "str"
    if args.model:
        _save_model(
            args.model,
            search.best_estimator_,
            {
                "sk_imbalance_version": __version__,
                "sklearn_version": sklearn.__version__,
                "features": dict(kinds),
                "target": data_info["target"],
                "target_kind": target_kind,
                "classes": classes,
                "positive_label": _native(positive),
                "estimator": args.estimator,
                "t": summary["chosen_t"],
                "requirement": requirement,
                "cv_scores": summary["chosen"],
                "trained_on": {"file": data_info["file"], "rows": len(y)},
            },
        )
        console.note(f"model saved to {args.model}")
    if args.plot:
        source = data_info["file"] or "screening data"
        title = f"{_ESTIMATOR_NAMES[args.estimator]} on {source}"
        _save_plot(search, args.plot, args.plot_format, summary, title)
        console.note(f"tradeoff curve saved to {args.plot}")
    if args.json:
        payload = {
            **data_info,
            "classes": classes,
            "positive_label": _native(positive),
            "estimator": args.estimator,
            "cv": args.cv,
            **summary,
            "table": table,
            "model": args.model,
            "plot": args.plot,
        }
        _write_json(args.json, payload, console)
        if args.json != "-":
            console.note(f"summary saved to {args.json}")
    return 0


# --------------------------------------------------------------------------
# Subcommands


def _check_search_args(args):
    if args.cv < 2:
        raise CLIError(f"--cv must be at least 2; got {args.cv}")
    if args.n_jobs == 0:
        raise CLIError("--n-jobs must not be 0 (use 1, or -1 for all cores)")
    if not 0 <= args.random_state < 2**32:
        # numpy's seed range; else its ValueError escapes as a traceback.
        raise CLIError(
            f"--random-state must be in [0, 2**32 - 1]; got {args.random_state}"
        )
    for option in ("min_sensitivity", "min_specificity"):
        value = getattr(args, option, None)
        if value is not None and not 0 <= value <= 1:
            raise CLIError(
                f"--{option.replace('_', '-')} must be in [0, 1]; got {value:g}"
            )
    args.ts = sorted(set(args.ts))
    bad = [t for t in args.ts if not 0 <= t <= 1]
    if bad:
        raise CLIError(f"--ts values must be in [0, 1]; got {bad[0]:g}")


def _cmd_tune(args):
    console = _Console(quiet=args.quiet)
    _check_search_args(args)
    _check_outputs(
        {"--model": args.model, "--plot": args.plot, "--json": args.json},
        [args.data],
    )
    args.plot_format = _plot_format(args.plot)
    frame = _read_csv(args.data)
    _find_column(frame, args.target, args.data, "target")
    for name in args.drop:
        if name == args.target:
            raise CLIError(f"--drop {name!r} is the target column")
        _find_column(frame, name, args.data, "--drop")
    y = _parse_target(frame[args.target], args.target, args.data)
    classes, counts = np.unique(y, return_counts=True)
    if classes.size < 2:
        raise CLIError(
            f"target column {args.target!r} has a single class ({_show(classes[0])}); "
            "need at least two"
        )
    if args.positive is not None:
        positive = _match_label(args.positive, list(classes), args.target)
    elif classes.size == 2:
        positive = classes[1]
    else:
        raise CLIError(
            f"target column {args.target!r} has {classes.size} classes "
            f"({_show_list(classes)}); sensitivity and specificity need two, or "
            "name the positive class with --positive for one-vs-rest"
        )
    rare = counts.argmin()
    if counts[rare] < args.cv:
        raise CLIError(
            f"class {_show(classes[rare])} of {args.target!r} has {counts[rare]} "
            f"row(s); {args.cv}-fold cross-validation needs at least {args.cv} "
            "(lower --cv or add data)"
        )
    features = [c for c in frame.columns if c != args.target and c not in args.drop]
    X, kinds = _training_features(frame, features, args.data, console)

    if args.json != "-":
        n_cat = sum(kind == "categorical" for kind in kinds.values())
        incomplete = int(X.isna().any(axis=1).sum())
        console.print(
            f"data: {args.data}, {len(X)} rows, {len(kinds)} features "
            f"({len(kinds) - n_cat} numeric, {n_cat} categorical)"
            + (f", {incomplete} rows with missing values" if incomplete else "")
        )
        _print_target(console, args.target, classes, counts, positive, args.positive)
        _print_plan(console, args, _requirement(args))
    info = {
        "data": args.data,
        "file": os.path.basename(args.data),
        "rows": len(X),
        "target": args.target,
        "class_counts": {str(c): int(n) for c, n in zip(classes, counts)},
        "features": dict(kinds),
    }
    return _tune_and_save(
        X, y, kinds, args=args, positive=positive, console=console, data_info=info
    )


def _print_target(console, target, classes, counts, positive, given):
    n = counts.sum()
    i = list(classes).index(positive)
    rest = ", ".join(
        f"{_show(c)} ({k} rows)" for c, k in zip(classes, counts) if c != positive
    )
    how = (
        ""
        if given is not None
        else " (the second label in sorted order; --positive to change)"
    )
    console.print(
        f"target: {target!r}, positive class {_show(positive)}{how}: "
        f"{counts[i]} rows ({counts[i] / n:.1%}); negative: {rest}"
    )


def _print_plan(console, args, requirement):
    console.print(
        f"model: {_ESTIMATOR_NAMES[args.estimator]} in a TradeoffClassifier; "
        f"{len(args.ts)} values of t, {args.cv}-fold stratified cross-validation "
        f"({len(args.ts) * args.cv} fits)"
    )
    console.print(f"requirement: {_describe_requirement(requirement)}")
    console.print()


def _cmd_demo(args):
    console = _Console(quiet=args.quiet)
    args.min_specificity = None
    _check_search_args(args)
    _check_outputs(
        {"--model": args.model, "--plot": args.plot, "--json": args.json}, []
    )
    args.plot_format = _plot_format(args.plot)
    _require("pandas")
    from sk_imbalance.datasets import load_screening

    data = load_screening(as_frame=True)
    X = data.data
    y = np.asarray(data.target_names, dtype=object)[data.target.to_numpy()]
    positive = "malignant"
    kinds = dict.fromkeys(X.columns, "numeric")
    n_pos = int((y == positive).sum())
    if n_pos < args.cv:
        raise CLIError(
            f"the demo data has {n_pos} malignant rows; {args.cv}-fold "
            f"cross-validation needs at least {args.cv} (lower --cv)"
        )
    if args.json != "-":
        console.print(
            "Screening demo: scikit-learn's breast cancer data with the malignant "
            f"tumours subsampled to {n_pos / len(y):.0%}\n"
            f"({len(y)} tumours, {n_pos} malignant, {len(kinds)} numeric "
            "features). Requirement: catch at least "
            f"{args.min_sensitivity:.0%} of malignant tumours\n"
            "(sensitivity), and among the t that do, raise the fewest false "
            "alarms (best specificity).\n"
        )
        _print_plan(console, args, _requirement(args))
    info = {
        "data": "sk_imbalance.datasets.load_screening()",
        "file": None,
        "rows": len(y),
        "target": "diagnosis",
        "class_counts": {"benign": len(y) - n_pos, "malignant": n_pos},
        "features": kinds,
    }
    status = _tune_and_save(
        X, y, kinds, args=args, positive=positive, console=console, data_info=info
    )
    if args.json != "-":
        console.print(
            "\nNext, on your own table: sk-imbalance tune cases.csv --target "
            "outcome --min-sensitivity 0.95 --model model.skops"
        )
    return status


def _model_target(frame, bundle, args):
    target = args.target or bundle["target"]
    _find_column(frame, target, args.data, "target")
    y = _parse_target(frame[target], target, args.data, kind=bundle["target_kind"])
    classes = bundle["classes"]
    unknown = sorted(set(y.tolist()) - set(classes), key=str)
    if unknown:
        raise CLIError(
            f"target column {target!r} of {args.data} holds label(s) the model "
            f"never saw: {_show_list(unknown)} (model classes: {_show_list(classes)})"
        )
    return target, y


def _cmd_evaluate(args):
    from sklearn.metrics import balanced_accuracy_score, confusion_matrix

    from sk_imbalance.metrics import (
        per_class_accuracy_score,
        sensitivity_score,
        specificity_score,
    )

    console = _Console(quiet=args.quiet)
    _check_outputs({"--json": args.json}, [args.model, args.data])
    bundle = _load_model(args.model, console)
    frame = _read_csv(args.data)
    target, y = _model_target(frame, bundle, args)
    X = _model_features(frame, bundle["features"], args.data)
    model, classes, positive = (
        bundle["model"],
        bundle["classes"],
        bundle["positive_label"],
    )
    y_pred = model.predict(X)
    with warnings.catch_warnings():
        # A class absent from the new data has no rate: reported as n/a.
        warnings.simplefilter("ignore")
        rates = {
            "sensitivity": sensitivity_score(
                y, y_pred, pos_label=positive, zero_division=np.nan
            ),
            "specificity": specificity_score(
                y, y_pred, pos_label=positive, zero_division=np.nan
            ),
            "balanced_accuracy": balanced_accuracy_score(y, y_pred),
        }
        per_class = per_class_accuracy_score(
            y, y_pred, labels=classes, zero_division=np.nan
        )
    matrix = confusion_matrix(y, y_pred, labels=classes)
    counts = matrix.sum(axis=1)
    payload = {
        "model": args.model,
        "data": args.data,
        "rows": len(y),
        "target": target,
        "positive_label": positive,
        "t": bundle["t"],
        **{metric: _native(value) for metric, value in rates.items()},
        "per_class_accuracy": {str(c): _native(a) for c, a in zip(classes, per_class)},
        "class_counts": {str(c): int(n) for c, n in zip(classes, counts)},
        "confusion_matrix": {
            "labels": classes,
            "rows_true_columns_predicted": matrix.tolist(),
        },
        "cross_validated_at_tuning": bundle["cv_scores"],
    }
    if args.json != "-":
        _print_evaluation(console, payload, bundle)
    if args.json:
        _write_json(args.json, payload, console)
    return 0


def _print_evaluation(console, payload, bundle):
    pm = console.pm
    trained = bundle["trained_on"]
    console.print(
        f"model: {_model_line(bundle)}; tuned on "
        f"{trained['file'] or 'built-in data'} ({trained['rows']} rows)"
    )
    console.print(f"data: {payload['data']}, {payload['rows']} rows")
    console.print()
    names = ["sensitivity", "specificity", "balanced accuracy"]
    width = max(map(len, names))
    console.print(f"{'':{width}}  {'this data':>9}  cross-validated at tuning")
    for name, metric in zip(names, METRICS):
        value = payload[metric]
        shown = "n/a" if value is None else f"{value:.3f}"
        cv = bundle["cv_scores"][metric]
        cv_shown = (
            "" if cv["mean"] is None else f"{cv['mean']:.3f} {pm} {cv['std']:.3f}"
        )
        console.print(f"{name:<{width}}  {shown:>9}  {cv_shown}")
    if payload["sensitivity"] is None:
        console.print("(n/a: the data hold no rows of the positive class)")
    console.print()
    labels = [str(c) for c in payload["confusion_matrix"]["labels"]]
    lw = max(len(label) for label in labels)
    console.print("per-class accuracy (the share of each class predicted as itself)")
    for label in labels:
        value = payload["per_class_accuracy"][label]
        shown = "n/a" if value is None else f"{value:.3f}"
        rows = payload["class_counts"][label]
        console.print(f"  {label:<{lw}}  {shown:>5}  ({rows} rows)")
    console.print()
    console.print("confusion matrix (rows: true class, columns: predicted class)")
    matrix = payload["confusion_matrix"]["rows_true_columns_predicted"]
    cw = max(
        [len(label) for label in labels] + [len(str(v)) for r in matrix for v in r]
    )
    console.print(
        "  " + " " * lw + "  " + "  ".join(label.rjust(cw) for label in labels)
    )
    for label, row in zip(labels, matrix):
        cells = "  ".join(str(v).rjust(cw) for v in row)
        console.print(f"  {label:<{lw}}  {cells}")


def _model_line(bundle):
    return (
        f"{_ESTIMATOR_NAMES.get(bundle['estimator'], bundle['estimator'])}, "
        f"t = {bundle['t']:g}, positive class {_show(bundle['positive_label'])}"
    )


def _cmd_predict(args):
    console = _Console(quiet=args.quiet)
    _check_outputs({"--out": args.out}, [args.model, args.data])
    bundle = _load_model(args.model, console)
    model = bundle["model"]
    if args.proba and not hasattr(model, "predict_proba"):
        raise CLIError(
            f"the model in {args.model} ({bundle['estimator']}) gives no "
            "probabilities; --proba needs a model tuned with --estimator "
            "logistic, forest, hgb or knn"
        )
    frame = _read_csv(args.data)
    X = _model_features(frame, bundle["features"], args.data)
    out = frame.copy()

    def fresh(name):
        while name in out.columns:
            name += "_"
        return name

    predictions = model.predict(X)
    out[fresh(f"predicted_{bundle['target']}")] = predictions
    if args.proba:
        proba = model.predict_proba(X)
        for j, label in enumerate(model.classes_):
            out[fresh(f"proba_{label}")] = proba[:, j]
    text = out.to_csv(index=False, float_format="%.6g")
    if args.out:
        _atomic_write(args.out, text.encode("utf-8"))
        labels, counts = np.unique(predictions, return_counts=True)
        tally = ", ".join(f"{_show(_native(c))}: {n}" for c, n in zip(labels, counts))
        console.note(
            f"{len(out)} rows with predictions written to {args.out} ({tally})"
        )
    else:
        console.out.write(text)
    return 0


# --------------------------------------------------------------------------
# Argument parsing


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line (``CLIError``) rather than usage text and exit."""

    def error(self, message):
        raise CLIError(f"{message} (see '{self.prog} --help')")


def _floats(text):
    try:
        return [float(part) for part in text.replace(",", " ").split()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number in {text!r}") from None


def _add_search_options(parser, *, demo):
    parser.add_argument(
        "--estimator",
        choices=ESTIMATORS,
        default="logistic",
        help="the classifier to train (default: logistic)",
    )
    parser.add_argument(
        "--ts",
        type=_floats,
        nargs="+",
        default=[list(DEFAULT_TS)],
        metavar="T",
        help="the values of t to try, in [0, 1], space or comma separated "
        "(default: 0.01 0.02 0.05 0.1 0.2 ... 0.8 0.9 0.95 0.98 0.99)",
    )
    parser.add_argument(
        "--cv",
        type=int,
        default=5,
        metavar="K",
        help="number of stratified cross-validation folds (default: 5)",
    )
    parser.add_argument(
        "--n-jobs",
        type=int,
        default=None,
        metavar="N",
        help="parallel jobs for the search (-1: all cores); with more than one "
        "the progress display shows the elapsed time but not the fits done",
    )
    parser.add_argument(
        "--random-state",
        type=int,
        default=0,
        metavar="SEED",
        help="seed of the folds and the estimator (default: 0)",
    )
    parser.add_argument(
        "--model", metavar="OUT", help="save the refitted model (skops format)"
    )
    parser.add_argument(
        "--plot",
        metavar="OUT.png",
        default="tradeoff_curve.png" if demo else None,
        help="save the tradeoff curve"
        + (" (default: tradeoff_curve.png)" if demo else ""),
    )
    _add_json_option(parser)
    _add_quiet_option(parser)


def _add_json_option(parser):
    parser.add_argument(
        "--json",
        metavar="OUT.json",
        help="write a JSON summary to this file ('-' for stdout, instead of the table)",
    )


def _add_quiet_option(parser):
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress display and no notes on stderr (warnings and errors "
        "still show)",
    )


def _build_parser():
    from sk_imbalance import __version__

    parser = _Parser(
        prog="sk-imbalance",
        description="Train a classifier for the sensitivity/specificity tradeoff "
        "you need: find the t that meets a requirement by cross-validation, "
        "save the model, apply it to new data.",
        epilog="Exit status: 0 success (also when no t meets a requirement: a "
        "warning names the closest), 2 bad input, 1 missing dependency or every "
        "fit failed.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="the screening story on built-in data",
        description="Tune t on breast cancer data with the malignant tumours "
        "subsampled to 5%%: print the cross-validated table of t against "
        "sensitivity, specificity and balanced accuracy, choose the t for "
        "sensitivity >= 0.95 and save the tradeoff curve.",
    )
    demo.add_argument(
        "--min-sensitivity",
        type=float,
        default=0.95,
        metavar="X",
        help="the requirement (default: 0.95)",
    )
    _add_search_options(demo, demo=True)
    demo.set_defaults(func=_cmd_demo)

    tune = commands.add_parser(
        "tune",
        help="find t for a requirement on a CSV file and save the model",
        description="Read a CSV file, cross-validate a TradeoffClassifier over t, "
        "choose t for the requirement, refit on all rows and save it. Numeric "
        "columns are imputed (median) and scaled, text columns one-hot encoded.",
    )
    tune.add_argument("data", metavar="DATA.csv", help="the training table")
    tune.add_argument(
        "--target", required=True, metavar="COL", help="the column holding the class"
    )
    tune.add_argument(
        "--positive",
        metavar="LABEL",
        help="the positive class (default: the second of two labels in sorted "
        "order, as in scikit-learn); with more than two classes, sensitivity is "
        "one-vs-rest for this class",
    )
    tune.add_argument(
        "--drop",
        nargs="+",
        default=[],
        metavar="COL",
        help="columns to leave out (identifiers, leaks)",
    )
    requirement = tune.add_mutually_exclusive_group()
    requirement.add_argument(
        "--min-sensitivity",
        type=float,
        metavar="X",
        help="choose the t with the best specificity among those whose "
        "cross-validated sensitivity is at least X",
    )
    requirement.add_argument(
        "--min-specificity",
        type=float,
        metavar="X",
        help="choose the t with the best sensitivity among those whose "
        "cross-validated specificity is at least X",
    )
    requirement.add_argument(
        "--objective",
        choices=["balanced_accuracy"],
        default="balanced_accuracy",
        help="without a minimum: choose the t with the best balanced accuracy "
        "(the default)",
    )
    _add_search_options(tune, demo=False)
    tune.set_defaults(func=_cmd_tune)

    evaluate = commands.add_parser(
        "evaluate",
        help="measure a saved model on new labelled data",
        description="Sensitivity, specificity, per-class accuracy, balanced "
        "accuracy and the confusion matrix of a saved model on a CSV file.",
    )
    evaluate.add_argument("model", metavar="MODEL", help="a model saved by tune")
    evaluate.add_argument("data", metavar="DATA.csv", help="labelled data")
    evaluate.add_argument(
        "--target",
        metavar="COL",
        help="the column holding the class (default: the name used in tune)",
    )
    _add_json_option(evaluate)
    _add_quiet_option(evaluate)
    evaluate.set_defaults(func=_cmd_evaluate)

    predict = commands.add_parser(
        "predict",
        help="append a saved model's predictions to the rows of a CSV",
        description="Write the rows of DATA.csv with a predicted_<target> column "
        "(and proba_<label> columns with --proba) appended.",
    )
    predict.add_argument("model", metavar="MODEL", help="a model saved by tune")
    predict.add_argument("data", metavar="DATA.csv", help="the rows to predict")
    predict.add_argument(
        "--out", metavar="OUT.csv", help="output file (default: stdout)"
    )
    predict.add_argument(
        "--proba",
        action="store_true",
        help="also write the class probabilities of the weighted model (the "
        "prediction is the class with the largest; they lean toward the favoured "
        "class, so they are scores rather than calibrated risks)",
    )
    _add_quiet_option(predict)
    predict.set_defaults(func=_cmd_predict)
    return parser


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
        missing or every fit failed, 130 when interrupted.

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
