"""Reading a CSV file: its dialect (separator, decimal mark), typed columns
for training, verbatim text for prediction, and the missing-value markers
found in it.

Training (``tune``) reads typed columns with a fast reader (pyarrow when it is
installed, else pandas' C parser); ``evaluate`` and ``predict`` read the file as
verbatim text (``predict`` writes the rows back unchanged).
"""

import os
import re

import numpy as np

from ._console import CLIError, _require
from ._files import _check_input_file

# pandas' default missing-value markers, with the "?" of UCI and KEEL files and
# the dashes of spreadsheets.
_NA_TEXT = frozenset(
    "|#N/A|#N/A N/A|#NA|-1.#IND|-1.#QNAN|-NaN|-nan|1.#IND|1.#QNAN|<NA>|N/A|NA|NULL"
    "|NaN|None|n/a|nan|null|?|-|--".split("|")
)


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
        for marker, n in zip(values, tallies, strict=True):
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
        read_options=_arrow_read_options(names, encoding),
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
        for name, column in zip(names, batch.columns, strict=True):
            text = pc.utf8_trim_whitespace(column)
            found = pc.value_counts(pc.filter(text, pc.is_in(text, value_set)))
            add(
                name,
                found.field("values").to_pylist(),
                found.field("counts").to_pylist(),
            )
    return counts


def _arrow_read_options(names, encoding):
    """pyarrow's read options for a file whose header line gives ``names``
    (Python's "utf-8-sig" is pyarrow's "utf8")."""
    import pyarrow.csv as pacsv

    return pacsv.ReadOptions(
        column_names=names,
        skip_rows=1,
        encoding="utf8" if encoding == "utf-8-sig" else encoding,
    )


def _read_with_pyarrow(path, names, sep, decimal, markers, encoding):
    import pyarrow as pa
    import pyarrow.csv as pacsv

    pool = pa.default_memory_pool()

    def read(column_types=None, include=None):
        return pacsv.read_csv(
            path,
            memory_pool=pool,
            read_options=_arrow_read_options(names, encoding),
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


def _float32(values):
    """float32 halves the memory of a large table; a column whose values do not
    fit in float32 stays float64."""
    finite = values[np.isfinite(values)]
    if finite.size and np.abs(finite).max() > np.finfo(np.float32).max:
        return values
    return values.astype(np.float32)
