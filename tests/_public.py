"""The public modules of the package, imported: what the suite-wide walkers visit."""

import importlib
import pkgutil

import sk_imbalance


def public_modules():
    """``sk_imbalance`` and its public submodules that import here (the keras
    subpackage needs its optional dependency)."""
    modules = [sk_imbalance]
    for info in pkgutil.iter_modules(sk_imbalance.__path__):
        if info.name.startswith("_"):
            continue
        try:
            modules.append(importlib.import_module(f"sk_imbalance.{info.name}"))
        except ImportError:  # an optional dependency (keras) is not installed
            continue
    return modules
