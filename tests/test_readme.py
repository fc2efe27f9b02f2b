"""The README's code runs as written and prints what the README shows.

Every ```` ```python ```` block of README.md is run on its own (a reader copies one
block, not the file), in a fresh namespace and a temporary folder.  A block
followed directly by a ```` ```text ```` block must print exactly that text.
"""

import contextlib
import io
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
_FENCE = re.compile(r"^```(?P<lang>\w*)\n(?P<body>.*?)^```\n", re.S | re.M)


def _python_blocks():
    """``[(line number, code, expected output or None)]`` in README order."""
    text = README.read_text(encoding="utf-8")
    fences = list(_FENCE.finditer(text))
    blocks = []
    for i, fence in enumerate(fences):
        if fence["lang"] != "python":
            continue
        expected = None
        after = fences[i + 1] if i + 1 < len(fences) else None
        if (
            after is not None
            and after["lang"] == "text"
            and not text[fence.end() : after.start()].strip()
        ):
            expected = after["body"]
        line = text.count("\n", 0, fence.start()) + 1
        blocks.append((line, fence["body"], expected))
    return blocks


def test_readme_has_python_blocks_with_output():
    """Check the extraction itself: the quick start is there, with its output."""
    blocks = _python_blocks()
    assert blocks, "no ```python block found in README.md"
    assert any(expected for _, _, expected in blocks)


@pytest.mark.parametrize(
    "line, code, expected",
    _python_blocks(),
    ids=[f"line{line}" for line, _, _ in _python_blocks()],
)
def test_readme_block_runs_and_prints_what_it_shows(
    line, code, expected, tmp_path, monkeypatch
):
    """Check that a README block runs and, when shown, prints its output."""
    pytest.importorskip("matplotlib").use("Agg")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, f"README.md:{line}", "exec"), {"__name__": "__readme__"})
    if expected is not None:
        shown = [row.rstrip() for row in expected.strip("\n").splitlines()]
        printed = [row.rstrip() for row in out.getvalue().strip("\n").splitlines()]
        assert printed == shown, f"README.md line {line} prints something else"
