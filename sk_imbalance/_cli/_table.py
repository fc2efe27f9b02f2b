"""Reading a CSV file as text and typing its columns, the same way at training
and at prediction time; the target column and its labels."""

import difflib

import numpy as np

from ._console import CLIError, _require, _show_list
from ._files import _check_input_file

# pandas' default missing-value markers; the CSV is read verbatim (so that
# ``predict`` writes the rows back unchanged) and these are recognised here.
_NA_TEXT = frozenset(
    "|#N/A|#N/A N/A|#NA|-1.#IND|-1.#QNAN|-NaN|-nan|1.#IND|1.#QNAN|<NA>|N/A|NA|NULL"
    "|NaN|None|n/a|nan|null".split("|")
)

# A text column with more distinct values than this (and than half the rows) is
# likely an identifier; one-hot encoding it learns nothing.
_MANY_CATEGORIES = 20


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


def _lines(mask, limit=5):
    """CSV line numbers (the header is line 1) of the rows in ``mask``."""
    rows = np.flatnonzero(np.asarray(mask)) + 2
    shown = ", ".join(map(str, rows[:limit]))
    return f"line{'s' if rows.size > 1 else ''} {shown}" + (
        ", ..." if rows.size > limit else ""
    )


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
