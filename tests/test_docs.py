"""The documentation's sources agree with the code.

The site itself is built (warnings as errors) and looked at in a browser by CI;
these checks are the fast part that runs with the suite: every public name has a
page in the API reference, and every example converts for the gallery.
"""

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sk_imbalance"
API = ROOT / "docs" / "api.rst"

sys.path.insert(0, str(ROOT / "docs" / "sphinxext"))
from percent_scripts import (  # noqa: E402
    MarkdownCellError,
    convert_script,
    markdown_to_rst,
)


def _static_all(path):
    """A module's ``__all__``, read from its source (no import: the keras
    module needs an extra that the minimum-versions run does not install)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            getattr(target, "id", None) == "__all__" for target in node.targets
        ):
            return list(ast.literal_eval(node.value))
    return []


def _public_modules():
    """``{module name: __all__}`` of the package and its public submodules."""
    modules = {"sk_imbalance": _static_all(PACKAGE / "__init__.py")}
    for path in sorted(PACKAGE.iterdir()):
        if path.name.startswith("_"):
            continue
        if path.is_dir() and (path / "__init__.py").exists():
            modules[f"sk_imbalance.{path.name}"] = _static_all(path / "__init__.py")
        elif path.suffix == ".py":
            modules[f"sk_imbalance.{path.stem}"] = _static_all(path)
    return modules


def _api_pages():
    """The ``module.name`` of every entry of a ``:toctree:`` autosummary in api.rst."""
    pages, module, in_toctree_summary = set(), None, False
    for line in API.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"\.\. currentmodule:: (\S+)", line):
            module = match[1]
        elif line.startswith(".. autosummary::"):
            in_toctree_summary = None  # decided by its options
        elif in_toctree_summary is None and line.strip().startswith(":toctree:"):
            in_toctree_summary = True
        elif in_toctree_summary and re.match(r"^   [A-Za-z_]\w*$", line):
            pages.add(f"{module}.{line.strip()}")
        elif line and not line.startswith(" "):
            in_toctree_summary = False
    return pages


def test_every_public_name_has_an_api_page():
    """Check that each name of each public ``__all__`` has its page, and no page
    documents a name that is not public."""
    public = {
        f"{module}.{name}"
        for module, names in _public_modules().items()
        for name in names
    }
    assert public, "no public names found"
    pages = _api_pages()
    missing = sorted(public - pages)
    assert not missing, (
        f"public names without a page in docs/api.rst: {missing}; add each to the "
        "autosummary list of its module's section"
    )
    extra = sorted(pages - public)
    assert not extra, f"docs/api.rst documents names that are not public: {extra}"


def test_api_reference_names_the_known_public_api():
    """Check the parser on names that must be there (it could find nothing)."""
    pages = _api_pages()
    for name in (
        "sk_imbalance.TradeoffClassifier",
        "sk_imbalance.metrics.sensitivity_score",
        "sk_imbalance.model_selection.constrained_refit",
        "sk_imbalance.keras.Sensitivity",
    ):
        assert name in pages


@pytest.mark.parametrize(
    "script", sorted((ROOT / "examples").glob("*.py")), ids=lambda p: p.name
)
def test_every_example_converts_for_the_gallery(script):
    """Check that each example's Markdown cells convert and give it a title."""
    converted = convert_script(script.read_text(encoding="utf-8"), where=str(script))
    docstring = ast.get_docstring(ast.parse(converted))
    title, underline = docstring.splitlines()[:2]
    assert title.strip() and set(underline) == {"="} and len(underline) >= len(title)


def test_markdown_cells_become_restructuredtext():
    """Check the constructs the examples use against hand-written reST."""
    md = [
        "## The `t`s we try",
        "Every fit in a `GridSearchCV` over `t` and in `tradeoff_curve`.",
        "Weights (`w_i`) and *emphasis*; see [the post](https://example.org).",
        "1. first item",
        "   continued",
        "",
        "- a bullet",
        "After the list.",
        "",
        "```python",
        "x = 1",
        "```",
        "",
        "    threshold(t) = w_0 / (w_0 + w_1)",
    ]
    assert markdown_to_rst(md) == [
        r"The ``t``\ s we try",
        "-------------------",
        "",
        "Every fit in a ``GridSearchCV`` over ``t`` and in ``tradeoff_curve``.",
        "Weights (``w_i``) and *emphasis*; see `the post <https://example.org>`__.",
        "",
        "1. first item",
        "   continued",
        "",
        "- a bullet",
        "",
        "After the list.",
        "",
        ".. code-block:: python",
        "",
        "    x = 1",
        "",
        "::",
        "",
        "    threshold(t) = w_0 / (w_0 + w_1)",
    ]


@pytest.mark.parametrize(
    "line, what",
    [("| a | b |", "table"), ("![plot](x.png)", "image"), ("<div>", "HTML")],
)
def test_unsupported_markdown_is_named(line, what):
    """Check that Markdown the converter does not handle fails with its line."""
    with pytest.raises(MarkdownCellError, match=rf"ex\.py:7: .*{what}"):
        markdown_to_rst(["text", line], where="ex.py", first_line=6)


def test_sphinx_gallery_scripts_are_copied_unchanged():
    """Check that a script in sphinx-gallery's own format keeps its prose cells."""
    source = '"""\nTitle\n=====\n"""\n\n# %%\n# Prose in *reST*.\nx = 1\n'
    assert convert_script(source) == source


def test_code_cell_comments_stay_code():
    """Check that a comment opening a code cell is not turned into prose."""
    source = "# %% [markdown]\n# # Title\n\n# %%\n# why this import\nimport os\n"
    converted = convert_script(source)
    assert converted.startswith('r"""\nTitle\n=====\n"""')
    assert "# %%\n\n# why this import\nimport os\n" in converted


def test_link_check_names_broken_files_and_anchors(tmp_path):
    """Check the site-wide link check on a small site with known faults."""
    sys.path.insert(0, str(ROOT / "docs"))
    from browser_check import check_links

    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="sub/page.html#here">ok</a><a href="sub/page.html#gone">bad</a>'
        '<img src="figure.png"><a href="https://example.org/x">external</a>'
        '<a id="top" href="#top">self</a>'
    )
    (tmp_path / "sub" / "page.html").write_text(
        '<h1 id="here">x</h1><a href="../missing.html">bad</a>'
    )
    assert check_links(tmp_path) == [
        "index.html: <a> sub/page.html#gone: no id 'gone' in the target page",
        "index.html: <img> figure.png: no such file",
        "sub/page.html: <a> ../missing.html: no such file",
    ]


# A file outside the repository (the design notes the project started from, the
# team's shared folder) or an issue number means nothing to a reader of the code.
_OUTSIDE = re.compile(
    r"(?<!docs/)\bDESIGN\.md|\bDESIGN section|(?<![\w.])shared/|(?i:\bissues? #?\d+)"
)


def test_no_pointer_outside_the_repository():
    """Check that no docstring or comment cites a file outside the repository or
    an issue number: they cite the documentation pages (docs/) instead."""
    this_file = Path(__file__).resolve()
    offenders = []
    for folder in ("sk_imbalance", "tests", "examples", "benchmarks", "docs"):
        for path in sorted((ROOT / folder).rglob("*")):
            generated = {"_build", "auto_examples", "gallery_src", "generated"}
            if (
                path.suffix not in {".py", ".rst", ".md", ".txt"}
                or generated & set(path.parts)
                or path.resolve() == this_file
            ):
                continue
            for number, line in enumerate(
                path.read_text(encoding="utf-8").splitlines()
            ):
                if _OUTSIDE.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number + 1}: {line}")
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize(
    "line, found",
    [
        ("See DESIGN.md section 2.", True),
        ("(DESIGN section 4)", True),
        ("in /work/shared/notes", True),
        ("Goals (issue 8): fast", True),
        ("see issue #12", True),
        ("See docs/design.md, section 2.", False),
        ("a known issue with weights", False),
    ],
)
def test_outside_pointer_pattern(line, found):
    """Check the pattern of the test above on lines it must and must not flag."""
    assert bool(_OUTSIDE.search(line)) is found
