"""Paths checked before any work, and files written atomically."""

import json
import os
import tempfile

from ._console import CLIError, _require


def _check_input_file(path):
    if not os.path.exists(path):
        raise CLIError(f"{path}: no such file")
    if os.path.isdir(path):
        raise CLIError(f"{path} is a directory, not a file")


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
    """Write to a temporary file in the same directory, then rename over ``path``.

    A path that exists and is no regular file (``/dev/null``, a FIFO, a
    terminal) is written to in place: renaming over it would replace the
    device by a file.
    """
    if os.path.exists(path) and not os.path.isfile(path):
        try:
            with open(path, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise CLIError(f"cannot write {path}: {exc.strerror}") from None
        return
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
