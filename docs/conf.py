"""Sphinx configuration of the sk_imbalance documentation.

Build from the repository root (what CI does, warnings as errors, no network):

    python -m sphinx -W --keep-going -b html docs docs/_build/html

The gallery runs every script of ``examples/`` at build time; sphinx-gallery
skips the scripts that did not change since the last build in the same tree.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

from threadpoolctl import threadpool_limits

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent

# Document (and run the examples against) this checkout, installed or not; the
# examples' Dask workers are separate processes and find it through PYTHONPATH.
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DOCS / "sphinxext"))
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
)
# The backend the keras extra is tested with; set before anything imports Keras.
os.environ.setdefault("KERAS_BACKEND", "torch")
# The examples also save their figures as files; keep those out of the sources.
# (relative to the folder sphinx-gallery runs them in, docs/gallery_src).
os.environ.setdefault(
    "SK_IMBALANCE_FIGURE_DIR", os.path.join("..", "_build", "figures")
)

from percent_scripts import convert_examples  # noqa: E402

import sk_imbalance  # noqa: E402

project = "sk_imbalance"
author = "the sk_imbalance developers"
copyright = "the sk_imbalance developers"
release = sk_imbalance.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "myst_parser",
]
# No intersphinx: the build must not fetch inventories from the network.

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "sphinxext", "gallery_src", "**/README.md"]
templates_path = ["_templates"]
default_role = "literal"
# Plain "::" blocks hold formulas and output, not Python.
highlight_language = "text"
toc_object_entries_show_parents = "hide"
nitpicky = False

# -- API reference ---------------------------------------------------------------
autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": True}
autodoc_typehints = "none"
numpydoc_show_class_members = False
# numpydoc links a fitted attribute that is a property (``pos_label_``) by its
# short name, which both estimators' pages define: an ambiguity warning that
# names no fault of the docs.
suppress_warnings = ["ref.python"]
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False


def _skip_foreign_members(app, what, name, obj, skip, options):
    """Document inherited methods only when this package defines them.

    ``get_params``, ``set_output`` and Keras' ``Metric`` API are documented by
    scikit-learn and Keras, in their own cross-reference vocabulary.
    """
    if skip or what != "class":
        return skip
    owner = getattr(obj, "__module__", None) or ""
    func = getattr(obj, "fget", None) or getattr(obj, "fn", None) or obj
    owner = getattr(func, "__module__", owner) or owner
    return not owner.startswith("sk_imbalance")


def _escape_shape_names(app, what, name, obj, options, lines):
    """``ndarray of shape (n_features_in_,)``: a trailing ``_`` is not a link.

    scikit-learn's docstring convention names fitted attributes in shapes; in
    reStructuredText ``word_`` outside literals is a hyperlink reference.
    """
    for i, line in enumerate(lines):
        if "shape (" in line:
            lines[i] = re.sub(
                r"shape \(([^)]*)\)",
                lambda m: "shape (" + re.sub(r"(?<=\w)_(?=\W|$)", r"\\_", m[1]) + ")",
                line,
            )


def _attribute_docs(app, what, name, obj, options, lines):
    """Re-exported module attributes keep the ``#:`` comment of their definition.

    ``sk_imbalance.metrics.sensitivity_scorer`` is defined, and commented, in a
    private module; autodoc would otherwise show the scorer class's docstring.
    """
    if what != "data":
        return
    from sphinx.pycode import ModuleAnalyzer

    package, _, attr = name.rpartition(".")
    for module_name in sorted(sys.modules):
        if not module_name.startswith(package + "._"):
            continue
        try:
            docs = ModuleAnalyzer.for_module(module_name).find_attr_docs()
        except Exception:  # not a Python source module: nothing to find
            continue
        if ("", attr) in docs:
            lines[:] = list(docs[("", attr)])
            return


# -- Command line --------------------------------------------------------------
# The user guide shows each command's --help as the program prints it, so the
# documented options are always the real ones.
CLI_HELP = DOCS / "_build" / "cli_help"
CLI_COMMANDS = ["demo", "tune", "evaluate", "predict"]


def _write_cli_help():
    CLI_HELP.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, COLUMNS="88", NO_COLOR="1")
    for command in [None, *CLI_COMMANDS]:
        args = [
            sys.executable,
            "-m",
            "sk_imbalance",
            *filter(None, [command]),
            "--help",
        ]
        text = subprocess.run(
            args, capture_output=True, text=True, env=env, cwd=ROOT, check=True
        ).stdout
        (CLI_HELP / f"{command or 'main'}.txt").write_text(text, encoding="utf-8")


_write_cli_help()


def _write_readme_figure():
    """The README's figure is the main command's: ``sk-imbalance demo`` draws
    it again at every build (tests/_cli/test_figure.py checks they match)."""
    subprocess.run(
        [sys.executable, "-m", "sk_imbalance", "demo", "-q",
         "--plot", str(DOCS / "tradeoff_curve.png")],
        capture_output=True, cwd=ROOT, check=True,
    )  # fmt: skip


_write_readme_figure()

# -- Gallery ---------------------------------------------------------------------
# The examples run in this process, on a CI machine that may be busy with other
# work: one BLAS thread, since idle BLAS threads spinning make their small fits
# many times slower.  Machine tuning of the build, kept out of the examples.
threadpool_limits(limits=1, user_api="blas")

# The examples are percent scripts with Markdown cells; sphinx-gallery reads
# reStructuredText, so it works on converted copies (sphinxext/percent_scripts.py).
convert_examples(ROOT / "examples", DOCS / "gallery_src")

sphinx_gallery_conf = {
    "examples_dirs": "gallery_src",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"\.py$",  # run every script, not only plot_*.py
    "within_subsection_order": "FileNameSortKey",
    "download_all_examples": False,
    "abort_on_example_error": True,
    "remove_config_comments": True,
    "capture_repr": (),
    "show_memory": False,
    "min_reported_time": 1,
    "matplotlib_animations": False,
    "reference_url": {},
    "backreferences_dir": "gen_modules/backreferences",
    "doc_module": ("sk_imbalance",),
    "image_srcset": [],
    # Every figure is checked for readability before it is saved (the examples
    # run here only, not also in the test suite).
    "image_scrapers": ("figure_checks.checked_matplotlib_scraper",),
}

# -- HTML ------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"sk_imbalance {release}"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_show_sourcelink = False
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "navbar_align": "left",
    "header_links_before_dropdown": 5,
    "footer_start": ["copyright"],
    "footer_end": [],
    "secondary_sidebar_items": {"**": ["page-toc"], "benchmarks": []},
}
html_sidebars = {"changelog": [], "benchmarks": []}
html_context = {"default_mode": "light"}


def setup(app):
    app.connect("autodoc-skip-member", _skip_foreign_members)
    app.connect("autodoc-process-docstring", _attribute_docs)
    # Before numpydoc (priority 500) turns the sections into markup.
    app.connect("autodoc-process-docstring", _escape_shape_names, priority=400)
