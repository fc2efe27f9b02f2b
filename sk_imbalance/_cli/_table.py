"""Reading a CSV file and typing its columns, the same way at training and at
prediction time; the target column and its labels.

Training (``tune``) reads typed columns with a fast reader (pyarrow when it is
installed, else pandas' C parser); ``evaluate`` and ``predict`` read the file as
verbatim text (``predict`` writes the rows back unchanged) and parse the
model's columns with the rules saved in the model (``reading``): the separator,
the decimal mark, the missing-value markers and the tokens read as missing in
each numeric column.
"""

import difflib
import os
import re

import numpy as np

from ._console import CLIError, _require, _show_list
from ._files import _check_input_file

# pandas' default missing-value markers, with the "?" of UCI and KEEL files and
# the dashes of spreadsheets.
_NA_TEXT = frozenset(
    "|#N/A|#N/A N/A|#NA|-1.#IND|-1.#QNAN|-NaN|-nan|1.#IND|1.#QNAN|<NA>|N/A|NA|NULL"
    "|NaN|None|n/a|nan|null|?|-|--".split("|")
)

# A text column with more distinct values than this (and than half the rows) is
# likely an identifier; one-hot encoding it learns nothing.
_MANY_CATEGORIES = 20

# A column whose non-missing values are numbers in at least this share of rows
# is numeric; its few text values are read as missing, and the run says so.
_MOSTLY_NUMERIC = 0.9

_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d+$")
_DECIMAL_POINT = re.compile(r"^[-+]?\d*\.\d+$")


def _default_reading():
    """The reading rules of models saved before they were recorded."""
    return {"sep": None, "decimal": ".", "na_values": [], "missing_tokens": {}}


def _head(path):
    """The first 64 kB of the file, refusing empty and binary files."""
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
    return head.decode("latin-1")


def _sniff_separator(head):
    """The separator whose count is the same on the first lines (header included),
    the most columns first; ``,`` when none is consistent."""
    lines = [line for line in head.splitlines()[:20] if line.strip()]
    if len(lines) > 1 and not head.endswith(("\n", "\r")):
        lines = lines[:-1]  # the last line may be cut by the 64 kB read
    best, columns = ",", 0
    for sep in (",", ";", "\t", "|"):
        counts = {line.count(sep) for line in lines}
        if len(counts) == 1 and (n := counts.pop()) > columns:
            best, columns = sep, n
    if columns == 0:
        first = lines[0] if lines else ""
        counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
        if counts[","] == 0 and max(counts.values()) > 0:
            return max(counts, key=counts.get)
    return best


def _sniff_decimal(head, sep):
    """``","`` when a non-comma-separated file writes numbers like ``3,14``."""
    if sep == ",":
        return "."
    comma = point = 0
    for line in head.splitlines()[1:50]:
        for field in line.split(sep):
            field = field.strip().strip('"')
            comma += bool(_DECIMAL_COMMA.match(field))
            point += bool(_DECIMAL_POINT.match(field))
    return "," if comma > 0 and point == 0 else "."


def _markers(na_values):
    return _NA_TEXT | {str(v).strip() for v in na_values}


def _read_error(path, exc):
    reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else ""
    return CLIError(f"{path} is not a readable CSV file: {reason}")


def _header(path, sep):
    """Column names as pandas reads them (``Unnamed: 0``, ``a.1`` for a repeat),
    and the encoding that reads the file."""
    pd = _require("pandas")
    for encoding in ("utf-8-sig", "latin-1"):
        try:
            with open(path, encoding=encoding) as fh:
                fh.read(1 << 20)
            names = pd.read_csv(path, sep=sep, nrows=0, encoding=encoding).columns
            return [str(name) for name in names], encoding
        except UnicodeDecodeError:
            continue
        except pd.errors.EmptyDataError:
            raise CLIError(f"{path} is empty") from None
        except pd.errors.ParserError as exc:
            raise _read_error(path, exc) from None
    raise CLIError(f"{path} is not a text file in UTF-8 or Latin-1")


def _read_columns(path, *, na_values=(), decimal=None, console=None):
    """The columns of the CSV file, typed, for training.

    Returns ``(columns, reading)``: a dict name -> array (float64 with NaN for
    missing values, or object with stripped text and None for missing values)
    and the reading rules (separator, decimal mark, markers) to save with the
    model.
    """
    _require("pandas")
    head = _head(path)
    sep = _sniff_separator(head)
    sniffed = _sniff_decimal(head, sep)
    if decimal is None:
        decimal = sniffed
        if decimal == "," and console is not None:
            console.note(
                f"{os.path.basename(path)} reads as a European CSV file: {sep!r} "
                "between columns, ',' as the decimal mark (--decimal . to read "
                "commas as text)"
            )
    names, encoding = _header(path, sep)
    markers = _markers(na_values)
    try:
        import pyarrow.csv  # noqa: F401
    except ImportError:
        columns = _read_with_pandas(path, names, sep, decimal, markers, encoding)
    else:
        columns = _read_with_pyarrow(path, names, sep, decimal, markers, encoding)
    if not columns:
        raise CLIError(f"{path} is empty")
    if len(next(iter(columns.values()))) == 0:
        raise CLIError(f"{path} has a header but no rows")
    reading = {
        "sep": sep,
        "decimal": decimal,
        "na_values": sorted({str(v).strip() for v in na_values}),
        "missing_tokens": {},
    }
    counted = _count_markers(path, names, sep, markers, encoding)
    return columns, reading, counted


def _count_markers(path, names, sep, markers, encoding):
    """``{column: {marker: cells}}``: the missing-value markers as written in
    the file (stripped; ``""`` for an empty cell), counted in one streaming
    pass over the text so that a large file is never held twice."""
    counts = {name: {} for name in names}
    wanted = sorted(markers)

    def add(name, values, tallies):
        for marker, n in zip(values, tallies):
            if n:
                counts[name][marker] = counts[name].get(marker, 0) + int(n)

    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pacsv
    except ImportError:
        pd = _require("pandas")
        chunks = pd.read_csv(
            path, sep=sep, names=names, header=0, encoding=encoding, dtype=str,
            keep_default_na=False, na_filter=False, chunksize=200_000,
        )  # fmt: skip
        for chunk in chunks:
            for name in names:
                text = chunk[name].str.strip()
                found = text[text.isin(wanted)].value_counts()
                add(name, found.index, found.to_numpy())
        return counts
    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(
            column_names=names,
            skip_rows=1,
            encoding="utf8" if encoding == "utf-8-sig" else encoding,
        ),
        parse_options=pacsv.ParseOptions(delimiter=sep),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            null_values=[],
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    value_set = pa.array(wanted, type=pa.string())
    for batch in reader:
        for name, column in zip(names, batch.columns):
            text = pc.utf8_trim_whitespace(column)
            found = pc.value_counts(pc.filter(text, pc.is_in(text, value_set)))
            add(
                name,
                found.field("values").to_pylist(),
                found.field("counts").to_pylist(),
            )
    return counts


def _read_with_pyarrow(path, names, sep, decimal, markers, encoding):
    import pyarrow as pa
    import pyarrow.csv as pacsv

    pool = pa.default_memory_pool()

    def read(column_types=None, include=None):
        return pacsv.read_csv(
            path,
            memory_pool=pool,
            read_options=pacsv.ReadOptions(
                column_names=names,
                skip_rows=1,
                encoding="utf8" if encoding == "utf-8-sig" else encoding,
            ),
            parse_options=pacsv.ParseOptions(delimiter=sep),
            convert_options=pacsv.ConvertOptions(
                null_values=sorted(markers),
                strings_can_be_null=True,
                decimal_point=decimal,
                column_types=column_types,
                include_columns=include,
            ),
        )

    try:
        table = read()
        numeric = {
            name: table.column(name)
            for name in names
            if pa.types.is_integer(table.schema.field(name).type)
            or pa.types.is_floating(table.schema.field(name).type)
            or pa.types.is_null(table.schema.field(name).type)
        }
        other = [name for name in names if name not in numeric]
        text = table.select(other) if other else None
        odd = [
            name
            for name in other
            if not pa.types.is_string(table.schema.field(name).type)
            and not pa.types.is_large_string(table.schema.field(name).type)
        ]
        if odd:
            # Dates and booleans as they are written, as the text reader sees them.
            text = read(dict.fromkeys(odd, pa.string()), include=other)
    except pa.ArrowInvalid as exc:
        raise _read_error(path, exc) from None
    except OSError as exc:
        raise CLIError(f"cannot read {path}: {exc.strerror or exc}") from None
    del table
    columns = {}
    for name in names:
        if name in numeric:
            column = numeric.pop(name)
            if pa.types.is_null(column.type):
                columns[name] = np.full(len(column), np.nan, dtype=np.float32)
            else:
                columns[name] = _float32(
                    np.asarray(column.to_numpy(), dtype=np.float64)
                )
            del column
        else:
            values = text.column(name).to_numpy(zero_copy_only=False)
            columns[name] = _strip(values.astype(object, copy=False), markers)
    del text
    # Without this, the pool keeps the hundreds of MB of the read resident for
    # the rest of the run.
    pool.release_unused()
    return columns


def _read_with_pandas(path, names, sep, decimal, markers, encoding):
    pd = _require("pandas")

    def read(**options):
        return pd.read_csv(
            path, sep=sep, names=names, header=0, encoding=encoding, **options
        )

    try:
        frame = read(
            na_values=sorted(markers),
            keep_default_na=False,
            decimal=decimal,
            low_memory=False,
        )
        odd = [
            name
            for name in names
            if frame[name].dtype.kind not in "iufO"
            or (
                frame[name].dtype == object
                and any(isinstance(v, bool) for v in frame[name])
            )
        ]
        if odd:
            # Booleans as they are written, as the text reader sees them.
            text = read(dtype=str, keep_default_na=False, na_filter=False)
            for name in odd:
                frame[name] = text[name]
    except pd.errors.ParserError as exc:
        raise _read_error(path, exc) from None
    except OSError as exc:
        raise CLIError(f"cannot read {path}: {exc.strerror or exc}") from None
    columns = {}
    for name in names:
        column = frame.pop(name)
        if column.dtype.kind in "iuf":
            columns[name] = _float32(column.to_numpy(np.float64, na_value=np.nan))
        else:
            values = column.astype(object).where(column.notna(), None).to_numpy()
            columns[name] = _strip(values, markers)
    return columns


def _strip(values, markers):
    """Object array of stripped text, None for missing values."""
    out = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):
        if value is None or (isinstance(value, float) and value != value):
            out[i] = None
            continue
        value = str(value).strip()
        out[i] = None if value in markers else value
    return out


def _dialect(path):
    """``(separator, decimal mark)`` of the file, as ``tune`` detects them."""
    head = _head(path)
    sep = _sniff_separator(head)
    return sep, _sniff_decimal(head, sep)


def _read_csv(path):
    """The CSV as a DataFrame of verbatim text (no missing-value parsing)."""
    pd = _require("pandas")
    head = _head(path)
    sep = _sniff_separator(head)
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
            raise _read_error(path, exc) from None
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
        return "numeric", _float32(numbers), dict(zip(tokens, counts.tolist()))
    if n_distinct >= 2 and n_numbers >= _MOSTLY_NUMERIC * (n_numbers + bad.sum()):
        shown = _show_list(tokens, limit=5)
        console.warn(
            f"column {name!r} holds numbers except in {int(bad.sum())} rows "
            f"({_lines(bad, 3)}: {shown}); read as numeric with those values "
            "missing. If they mean something else, fix the file or leave the "
            f"column out with --drop {name!r}"
        )
        return "numeric", _float32(numbers), dict(zip(tokens, counts.tolist()))
    return "categorical", values, {}


def _float32(values):
    """float32 halves the memory of a large table; a column whose values do not
    fit in float32 stays float64."""
    finite = values[np.isfinite(values)]
    if finite.size and np.abs(finite).max() > np.finfo(np.float32).max:
        return values
    return values.astype(np.float32)


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
                f"{'empty' if marker == '' else repr(marker)} ({n} cells)"
                for marker, n in found.items()
            )
            if found
            else "; no missing values"
        )
        console.note(f"{kind} ({len(named)}): {_show_list(named, limit=12)}{read}")


def _identifier_reason(kind):
    what = "integers" if kind == "numeric" else "text values"
    return f"distinct {what} in (nearly) every row, like an identifier"


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
