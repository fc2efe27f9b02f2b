"""Collect only the pages' doctests here: `pytest docs` must not run the examples
(the gallery does, at build time) or import the Sphinx configuration."""

collect_ignore = ["conf.py", "browser_check.py"]
collect_ignore_glob = ["_build/*", "auto_examples/*", "gallery_src/*", "generated/*"]
