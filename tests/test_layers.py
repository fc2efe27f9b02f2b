"""The package's layering, read from its imports (function-level ones included):
no import cycle, ``utils/`` imports nothing above it, and the command line uses
only the library's public names."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sk_imbalance"
# What utils/ may import besides itself: the compatibility shims and the public
# warning classes, both leaves.
UTILS_MAY_IMPORT = {"sk_imbalance._compat", "sk_imbalance.exceptions"}


def _modules():
    """``{dotted name: path}`` of every module of the package."""
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _imports(name, path, modules):
    """The package's modules that ``name`` imports, anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            candidates = [target] + [f"{target}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            candidates = [a.name for a in node.names]
        else:
            continue
        found.update(c for c in candidates if c in modules and c != name)
    return found


@pytest.fixture(scope="module")
def graph():
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _is_package(name):
    return (PACKAGE.parent / name.replace(".", "/") / "__init__.py").exists()


def test_no_import_cycle(graph):
    """Check that no module imports, directly or through others, a module that
    imports it back (packages' ``__init__`` re-exports aside)."""

    def cycle_from(start):
        stack, seen = [(start, [start])], {start}
        while stack:
            node, route = stack.pop()
            for nxt in graph[node]:
                if _is_package(nxt):
                    continue
                if nxt == start:
                    return [*route, nxt]
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*route, nxt]))
        return None

    cycles = [c for m in graph if not _is_package(m) if (c := cycle_from(m))]
    assert cycles == [], " -> ".join(cycles[0])


def test_utils_import_nothing_above_them(graph):
    """Check that ``utils/`` is the bottom layer: it imports only itself and the
    leaves every layer may use."""
    upward = {
        name: sorted(
            m
            for m in targets
            if not m.startswith("sk_imbalance.utils") and m not in UTILS_MAY_IMPORT
        )
        for name, targets in graph.items()
        if name.startswith("sk_imbalance.utils")
    }
    assert {k: v for k, v in upward.items() if v} == {}


def test_command_line_uses_public_names_only(graph):
    """Check that the command line imports no private module of the library and
    no private name from it (its own modules aside)."""
    private, modules = [], _modules()
    for name, targets in graph.items():
        if not name.startswith("sk_imbalance._cli"):
            continue
        private += [
            f"{name}: {m}"
            for m in targets
            if not m.startswith("sk_imbalance._cli")
            and any(part.startswith("_") for part in m.split(".")[1:])
        ]
        tree = ast.parse(modules[name].read_text(encoding="utf-8"))
        private += [
            f"{name}: {node.module}.{alias.name}"
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            and not node.level
            and (node.module or "").startswith("sk_imbalance")
            and not node.module.startswith("sk_imbalance._cli")
            for alias in node.names
            if alias.name.startswith("_") and alias.name != "__version__"
        ]
    assert private == []
