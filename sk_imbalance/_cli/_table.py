"""Typing the columns of a table, the same way at training and at prediction
time (with the reading rules saved in the model: the decimal mark, the
markers and the tokens read as missing in each numeric column); the target
column and its labels; identifiers.
"""

import difflib

import numpy as np

from ._console import CLIError, _require, _show_list
from ._csv import _NA_TEXT, _default_reading, _float32, _markers

# A text column with more distinct values than this (and than half the rows) is
# likely an identifier; one-hot encoding it learns nothing.
_MANY_CATEGORIES = 20


# A column whose non-missing values are numbers in at least this share of rows
# is numeric; its few text values are read as missing, and the run says so.
_MOSTLY_NUMERIC = 0.9


def _lines(mask, limit=5):
    """CSV line numbers (the header is line 1) of the rows in ``mask``."""
    rows = np.flatnonzero(np.asarray(mask)) + 2
    shown = ", ".join(map(str, rows[:limit]))
    return f"line{'s' if rows.size > 1 else ''} {shown}" + (
        ", ..." if rows.size > limit else ""
    )


def _to_numbers(text, decimal="."):
    """Float values of an object array of text (None -> NaN, unparsable -> NaN)."""
    pd = _require("pandas")
    series = pd.Series(text, dtype=object)
    if decimal != ".":
        series = series.str.replace(decimal, ".", regex=False)
    return pd.to_numeric(series, errors="coerce").to_numpy(float)


def _missing(column, markers=_NA_TEXT):
    return column.map(lambda v: v.strip() in markers).to_numpy(bool)


def _parse_numeric(column, *, decimal=".", markers=_NA_TEXT):
    """(float values with NaN for missing, mask of values that are not numbers)."""
    missing = _missing(column, markers)
    text = column.map(str.strip).where(~missing, None).to_numpy(object)
    values = _to_numbers(text, decimal)
    bad = ~missing & ~np.isfinite(values)
    return values, bad


def _parse_text(column, markers=_NA_TEXT):
    missing = _missing(column, markers)
    return column.map(str.strip).where(~missing, np.nan).to_numpy(object)


def _find_column(columns, name, path, role):
    if name in columns:
        return
    columns = [str(c) for c in columns]
    folded = {c.strip().lower(): c for c in columns}
    guess = folded.get(name.strip().lower()) or next(
        iter(difflib.get_close_matches(name, columns, n=1)), None
    )
    hint = f"; did you mean {guess!r}?" if guess else ""
    raise CLIError(
        f"{role} column {name!r} is not in {path}{hint} "
        f"(columns: {_show_list(columns)})"
    )


def _labels(values, name, path, kind=None):
    """Class labels of a typed target column: integers when they all are, else
    text.  ``kind`` ("int" or "str") forces the type the model was trained with.
    """
    if values.dtype == object:
        missing = np.array([v is None or v != v for v in values], dtype=bool)
    else:
        missing = np.isnan(values)
    if missing.any():
        raise CLIError(
            f"target column {name!r} has {int(missing.sum())} missing value(s) "
            f"({_lines(missing)} of {path}); drop or fill those rows"
        )
    if values.dtype == object:
        numbers = _to_numbers(values)
        if kind == "str" or (kind is None and not np.isfinite(numbers).all()):
            return values
    else:
        if kind == "str":
            return np.array([_format_number(v) for v in values], dtype=object)
        numbers = values
    bad = ~np.isfinite(numbers) | (numbers != np.round(numbers))
    if bad.any():
        odd = values[bad][0]
        if kind == "int":
            raise CLIError(
                f"target column {name!r} of {path} holds {odd!r}; the model "
                "expects integer labels"
            )
        raise CLIError(
            f"target column {name!r} holds non-integer numbers such as "
            f"{_format_number(odd)!r}; it needs class labels, not a continuous "
            "quantity"
        )
    return numbers.astype(np.int64)


def _format_number(value):
    if isinstance(value, str):
        return value
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _parse_target(column, name, path, kind=None):
    """Labels of a verbatim text target column (see ``_labels``)."""
    missing = _missing(column)
    text = column.map(str.strip).where(~missing, None).to_numpy(object)
    return _labels(text, name, path, kind=kind)


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


def _type_column(name, values, *, decimal, console):
    """``(kind, values, tokens)`` of one column: kind "numeric" (float32 values),
    "categorical" (text), or None for an empty column; ``tokens`` are the text
    values read as missing in a numeric column."""
    if values.dtype != object:
        if np.isnan(values).all():
            return None, values, {}
        return "numeric", _float32(values), {}
    missing = np.array([v is None for v in values], dtype=bool)
    if missing.all():
        return None, values, {}
    numbers = _to_numbers(values, decimal)
    bad = ~missing & ~np.isfinite(numbers)
    if not bad.any():
        return "numeric", _float32(numbers), {}
    n_numbers = int((~missing & ~bad).sum())
    n_distinct = np.unique(numbers[~missing & ~bad]).size
    tokens, counts = np.unique(values[bad].astype(str), return_counts=True)
    tokens = [str(token) for token in tokens]
    if len(tokens) == 1 and counts[0] >= 2 and n_distinct >= 2:
        console.note(
            f"column {name!r} is numeric with {tokens[0]!r} as its missing-value "
            f"marker ({counts[0]} rows read as missing)"
        )
        return (
            "numeric",
            _float32(numbers),
            dict(zip(tokens, counts.tolist(), strict=True)),
        )
    if n_distinct >= 2 and n_numbers >= _MOSTLY_NUMERIC * (n_numbers + bad.sum()):
        shown = _show_list(tokens, limit=5)
        console.warn(
            f"column {name!r} holds numbers except in {int(bad.sum())} rows "
            f"({_lines(bad, 3)}: {shown}); read as numeric with those values "
            "missing. If they mean something else, fix the file or leave the "
            f"column out with --drop {name!r}"
        )
        return (
            "numeric",
            _float32(numbers),
            dict(zip(tokens, counts.tolist(), strict=True)),
        )
    return "categorical", values, {}


def _identifier(values, kind, n_rows):
    """Whether a column holds one distinct value per row (integers or text)."""
    if n_rows < _MANY_CATEGORIES:
        return False
    if kind == "numeric":
        if np.isnan(values).any() or not np.all(values == np.round(values)):
            return False
        # Numbers given to rows lie close together; distinct whole amounts
        # (incomes, counts of cells) spread far wider than the rows.
        spread = float(values.max()) - float(values.min()) + 1
        return np.unique(values).size == n_rows and spread <= 10 * n_rows
    present = [v for v in values if isinstance(v, str)]
    n_levels = len(set(present))
    return n_levels > _MANY_CATEGORIES and n_levels > 0.5 * n_rows


def _training_features(columns, names, path, console, reading):
    """Typed feature DataFrame and the column spec saved with the model.

    Records the tokens read as missing per column in ``reading``; returns
    ``(X, kinds, identifiers, tokens)``, ``tokens`` the text values read as
    missing in numeric columns with their counts, per column.
    """
    pd = _require("pandas")
    data, kinds, empty, identifiers, found = {}, {}, [], [], {}
    n_rows = len(next(iter(columns.values())))
    for name in names:
        kind, values, tokens = _type_column(
            name, columns[name], decimal=reading["decimal"], console=console
        )
        if kind is None:
            empty.append(name)
            continue
        if tokens:
            reading["missing_tokens"][name] = sorted(tokens)
            found[name] = tokens
        if kind == "categorical":
            # scikit-learn's imputers look for NaN, not None, in text columns.
            values = np.where([v is None for v in values], np.nan, values)
        data[name], kinds[name] = values, kind
        if _identifier(values, kind, n_rows):
            identifiers.append(name)
        elif str(name).startswith("Unnamed: "):
            console.note(
                f"column {name!r} has no name in the header (a saved row index?); "
                f"if so, leave it out with --drop {name!r}"
            )
    if not data:
        raise CLIError(
            f"{path} has no feature column left besides the target"
            + (" (the others are empty)" if empty else "")
        )
    if empty:
        console.note(f"left out, empty ({len(empty)}): {_show_list(empty, limit=12)}")
    return pd.DataFrame(data), kinds, identifiers, found


def _missing_by_kind(kinds, counted, tokens):
    """``{kind: {marker: cells}}`` over the feature columns: the markers read
    as missing (as written; ``""`` is an empty cell) and the text values a
    numeric column read as missing."""
    report = {"numeric": {}, "categorical": {}}
    for name, kind in kinds.items():
        for source in (counted.get(name, {}), tokens.get(name, {})):
            for marker, n in source.items():
                report[kind][marker] = report[kind].get(marker, 0) + int(n)
    return {
        kind: dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))
        for kind, found in report.items()
    }


def _cells(n):
    return f"{n} cell" if n == 1 else f"{n} cells"


def _note_columns(kinds, missing, console):
    """One line per kind of column: its columns and the markers read as
    missing in them, with their counts."""
    for kind in ("numeric", "categorical"):
        named = [name for name in kinds if kinds[name] == kind]
        if not named:
            continue
        found = missing[kind]
        read = (
            "; read as missing: "
            + ", ".join(
                f"{'empty' if marker == '' else repr(marker)} ({_cells(n)})"
                for marker, n in found.items()
            )
            if found
            else "; no missing values"
        )
        console.note(f"{kind} ({len(named)}): {_show_list(named, limit=12)}{read}")


def _identifier_reason(kind):
    if kind == "numeric":
        return "distinct integers in every row, numbered closely, like an identifier"
    return "distinct text values in most rows, like an identifier"


def _model_features(frame, spec, path, reading=None):
    """New data as the model's feature DataFrame; names missing columns."""
    pd = _require("pandas")
    reading = reading or _default_reading()
    missing = [name for name in spec if name not in frame.columns]
    if missing:
        raise CLIError(
            f"{path} lacks {len(missing)} column(s) the model needs: "
            f"{_show_list(missing)}"
        )
    markers = _markers(reading["na_values"])
    data = {}
    for name, kind in spec.items():
        if kind == "numeric":
            tokens = reading["missing_tokens"].get(name, [])
            values, bad = _parse_numeric(
                frame[name],
                decimal=reading["decimal"],
                markers=markers | set(tokens),
            )
            if bad.any():
                odd = frame[name][bad].iloc[0]
                raise CLIError(
                    f"column {name!r} of {path} should hold numbers but holds "
                    f"{odd!r} ({_lines(bad, 3)})"
                )
            data[name] = values
        else:
            data[name] = _parse_text(frame[name], markers)
    return pd.DataFrame(data, index=frame.index)
