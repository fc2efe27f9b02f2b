"""Turn the examples' Markdown cells into the reStructuredText sphinx-gallery reads.

The scripts in ``examples/`` are "percent" scripts: ``# %%`` starts a code cell and
``# %% [markdown]`` a prose cell written in Markdown, so they open as notebooks in
Jupytext, VS Code and Spyder.  sphinx-gallery reads the prose of a ``# %%`` cell as
reStructuredText and wants the title in a module docstring, so the docs build
works on converted copies:

- a script without a module docstring gets its first Markdown cell as docstring;
- every other Markdown cell becomes a ``# %%`` text cell in reStructuredText;
- a code cell that opens with a comment keeps it as code (a blank line after
  ``# %%``; otherwise sphinx-gallery would render the comment as prose).

A script already in sphinx-gallery's format (a docstring, reStructuredText
comments after ``# %%``, no Markdown cell) is copied unchanged.

Only the Markdown the examples use is understood: headings, paragraphs, ``-`` and
``1.`` lists, inline code, emphasis, links and code blocks (fenced or indented).
Anything else (tables, images, HTML) raises, naming the file and line, rather than
rendering as garbage.
"""

import re
from pathlib import Path

_CELL = re.compile(r"^# ?%%(?P<rest>.*)$")
_HEADING_CHARS = {1: "=", 2: "-", 3: "^", 4: '"'}
_LIST_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d+\.) +(?P<text>.*)$")
_UNSUPPORTED = [
    (re.compile(r"^\s*\|.*\|\s*$"), "a Markdown table"),
    (re.compile(r"!\["), "a Markdown image"),
    (re.compile(r"^\s*<[a-zA-Z/]"), "raw HTML"),
    (re.compile(r"^\s*>"), "a block quote"),
]


class MarkdownCellError(ValueError):
    """A Markdown construct the converter does not handle."""


def _inline(text):
    """Inline Markdown (code, emphasis, links) as reStructuredText."""
    out = []
    pos = 0
    # Code spans first: their content is literal, nothing inside is converted.
    for match in re.finditer(r"`([^`]+)`", text):
        out.append(_inline_plain(text[pos : match.start()]))
        # reStructuredText needs inline markup to be delimited by spaces or
        # punctuation; Markdown does not ("`t`s"): an escaped space joins them.
        before = text[match.start() - 1 : match.start()]
        after = text[match.end() : match.end() + 1]
        out.append(
            ("\\ " if before.isalnum() else "")
            + f"``{match.group(1)}``"
            + ("\\ " if after.isalnum() else "")
        )
        pos = match.end()
    out.append(_inline_plain(text[pos:]))
    return "".join(out)


def _inline_plain(text):
    # A word ending in "_" is a reference in reStructuredText.
    text = re.sub(r"(?<=\w)_(?=\s|$|[.,;:)])", r"\\_", text)
    return re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r"`\1 <\2>`__", text)


def markdown_to_rst(lines, where="<markdown>", first_line=1):
    """Convert the lines of one Markdown cell (comment marks removed)."""
    out = []
    i = 0
    in_list = False

    def blank():
        if out and out[-1] != "":
            out.append("")

    while i < len(lines):
        line = lines[i]
        lineno = first_line + i
        stripped = line.strip()
        for pattern, what in _UNSUPPORTED:
            if pattern.search(line) and not stripped.startswith("```"):
                raise MarkdownCellError(
                    f"{where}:{lineno}: {what} in a Markdown cell; the docs build "
                    "converts only headings, paragraphs, lists, inline code, "
                    "emphasis, links and code blocks."
                )
        if stripped.startswith("```"):
            lang = stripped[3:].strip() or "text"
            blank()
            out.extend([f".. code-block:: {lang}", ""])
            i += 1
            while i < len(lines) and not lines[i].strip().startswith("```"):
                out.append(("    " + lines[i]).rstrip())
                i += 1
            if i == len(lines):
                raise MarkdownCellError(f"{where}:{lineno}: unclosed code fence")
            out.append("")
            i += 1
            in_list = False
            continue
        heading = re.match(r"^(#{1,4})\s+(.*)$", line)
        if heading:
            title = _inline(heading.group(2).strip())
            blank()
            out.extend([title, _HEADING_CHARS[len(heading.group(1))] * len(title), ""])
            i += 1
            in_list = False
            continue
        if not stripped:
            blank()
            i += 1
            continue
        item = _LIST_ITEM.match(line)
        if item:
            kind = (item.group("indent"), item.group("marker")[-1] == ".")
            if (not in_list or kind != in_list) and out and out[-1] != "":
                # reStructuredText wants a blank line before a list, also
                # between a bullet list and a numbered one.
                out.append("")
            in_list = kind
            out.append(f"{item.group('indent')}{item.group('marker')} ")
            out[-1] += _inline(item.group("text"))
            i += 1
            continue
        if line.startswith("    ") and (not out or out[-1] == "") and not in_list:
            # An indented block after a blank line is code in Markdown.
            out.extend(["::", ""])
            while i < len(lines) and (lines[i].startswith("    ") or not lines[i]):
                out.append(lines[i].rstrip())
                i += 1
            while out and out[-1] == "":
                out.pop()
            out.append("")
            continue
        if in_list and not line.startswith(" "):
            out.append("")  # the list ended: reStructuredText wants a blank line
            in_list = False
        out.append(_inline(line.rstrip()))
        i += 1
    while out and out[-1] == "":
        out.pop()
    return out


def _has_docstring(source):
    import ast

    try:
        body = ast.parse(source).body
    except SyntaxError:
        return True  # let sphinx-gallery report the syntax error itself
    return bool(
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    )


def _split_cells(lines):
    """``[(header line or None, first line number, body lines)]``."""
    cells = [(None, 1, [])]
    for number, line in enumerate(lines, start=1):
        if _CELL.match(line):
            cells.append((line, number + 1, []))
        else:
            cells[-1][2].append(line)
    return cells


def _comment_lines(body):
    """The leading comment block of a Markdown cell, comment marks removed."""
    text = []
    for line in body:
        if line.startswith("#"):
            text.append(line[2:] if line.startswith("# ") else line[1:])
        elif line.strip():
            raise MarkdownCellError("code inside a Markdown cell")
        else:
            break
    return text, body[len(text) :]


def convert_script(source, where="<script>"):
    """The sphinx-gallery form of one percent script (a string)."""
    lines = source.splitlines()
    cells = _split_cells(lines)
    out = []
    needs_docstring = not _has_docstring(source)
    # A script in sphinx-gallery's own format (no Markdown cell) writes its prose
    # as comments right after "# %%": those stay as they are.
    markdown_style = any(h is not None and "[markdown]" in h for h, _, _ in cells)
    for header, first, body in cells:
        if header is None:
            out.extend(body)
            continue
        if "[markdown]" in header:
            try:
                md, rest = _comment_lines(body)
            except MarkdownCellError as exc:
                raise MarkdownCellError(f"{where}:{first}: {exc}") from None
            rst = markdown_to_rst(md, where, first)
            if needs_docstring:
                if any('"""' in line for line in rst):
                    raise MarkdownCellError(f'{where}:{first}: """ in the title cell')
                out[:0] = ['r"""', *rst, '"""', ""]
                needs_docstring = False
            else:
                out.append("# %%")
                out.extend(("# " + line).rstrip() for line in rst)
            out.extend(rest)
            continue
        out.append(header)
        if markdown_style and body and body[0].startswith("#"):
            # Keep a leading comment as code: sphinx-gallery reads the comment
            # lines right after "# %%" as prose.
            out.append("")
        out.extend(body)
    if needs_docstring:
        raise MarkdownCellError(
            f"{where}: no module docstring and no Markdown cell to make the title of"
        )
    return "\n".join(out) + "\n"


def convert_examples(src_dir, dst_dir):
    """Write the converted copy of ``src_dir`` (scripts and README.txt) to ``dst_dir``.

    Files are rewritten only when their content changed, so sphinx-gallery's
    checksums keep unchanged examples from running again.
    """
    src_dir, dst_dir = Path(src_dir), Path(dst_dir)
    dst_dir.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for src in sorted(src_dir.iterdir()):
        if src.suffix == ".py":
            text = convert_script(src.read_text(encoding="utf-8"), where=str(src))
        elif src.name == "README.txt":
            text = src.read_text(encoding="utf-8")
        else:
            continue
        wanted.add(src.name)
        dst = dst_dir / src.name
        if not dst.exists() or dst.read_text(encoding="utf-8") != text:
            dst.write_text(text, encoding="utf-8")
    for stale in dst_dir.iterdir():
        if stale.is_file() and stale.name not in wanted:
            stale.unlink()
