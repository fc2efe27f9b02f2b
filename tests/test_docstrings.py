"""Numpydoc validation of every public docstring."""

import inspect
import os

import pytest

from ._public import public_modules

numpydoc_validate = pytest.importorskip("numpydoc.validate")

# The backend CI installs for the keras extra, so sk_imbalance.keras is checked
# whenever Keras is there.
os.environ.setdefault("KERAS_BACKEND", "torch")

# Checks left out, with the reason.
IGNORED = {
    "ES01": "an extended summary is welcome, not required",
    "RT02": "returns are documented as `name : type`, scikit-learn's convention",
}
# Methods share their class's See Also and Examples sections.
IGNORED_FOR_METHODS = {"SA01", "EX01"}


def _own(obj):
    return (getattr(obj, "__module__", None) or "").startswith("sk_imbalance")


def _documented_names():
    """``[(import path, is_method)]`` of the public functions and classes, and of
    the public methods and properties the classes define (inherited scikit-learn
    and Keras methods are theirs to document)."""
    names = {}
    for module in public_modules():
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            # Ready-made scorer objects are instances: the class documents them.
            if not (inspect.isfunction(obj) or inspect.isclass(obj)) or not _own(obj):
                continue
            path, _ = names.setdefault(id(obj), (f"{module.__name__}.{name}", False))
            if not inspect.isclass(obj):
                continue
            for attr, value in inspect.getmembers(obj):
                if attr.startswith("_"):
                    continue
                static = inspect.getattr_static(obj, attr)
                target = static.fget if isinstance(static, property) else value
                if callable(target) and _own(target):
                    names.setdefault((id(obj), attr), (f"{path}.{attr}", True))
    return sorted(names.values())


@pytest.mark.parametrize(
    "import_path, is_method", _documented_names(), ids=lambda v: str(v)
)
def test_docstring(import_path, is_method):
    """Check that the docstring passes numpydoc's validation."""
    ignored = set(IGNORED) | (IGNORED_FOR_METHODS if is_method else set())
    errors = [
        f"{code}: {message}"
        for code, message in numpydoc_validate.validate(import_path)["errors"]
        if code not in ignored
    ]
    assert not errors, f"{import_path}:\n" + "\n".join(errors)
