"""The package's import graph: no cycle (counting imports inside functions and under
TYPE_CHECKING, which hide a cycle without removing it), the two modules every other stands
on importing nothing of the package, and each layer importing only from the layers below it.
The graph is read from the source with `ast` (nothing is imported)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from support.paths import REPO

PACKAGE = REPO / "finsam_xl"

# Lower layers never import higher ones (a layer may import its own modules and any layer
# below it). Modules not listed are in the layer of their top-level package.
LAYERS = [
    {"finsam_xl.contract", "finsam_xl.periods", "finsam_xl.printable"},
    {"finsam_xl.messages", "finsam_xl.errors", "finsam_xl.pnr", "finsam_xl.model",
     "finsam_xl.atomic", "finsam_xl.usage"},
    {"finsam_xl.findings", "finsam_xl.verdicts"},
    {"finsam_xl.reader", "finsam_xl.plan", "finsam_xl.validate", "finsam_xl.template"},
    {"finsam_xl.aggregate", "finsam_xl.grid"},
    {"finsam_xl.wb"},
    {"finsam_xl.coordinator"},
    {"finsam_xl.run"},
    {"finsam_xl.status", "finsam_xl.demo"},
    {"finsam_xl.console"},
    {"finsam_xl.cli"},
    {"finsam_xl.docs"},  # the developers' generator of docs/, from --help and the registry
]


def module_name(path: Path, base: Path = REPO) -> str:
    parts = path.relative_to(base).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _ancestors(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def imports(path: Path, modules: set[str], base: Path = REPO) -> set[str]:
    """The package's modules that `path` imports, wherever the import statement is. An
    import of `a.b.c` also runs the packages `a` and `a.b` (their __init__), which count as
    imported too, except the packages `path` itself lies in."""
    name = module_name(path, base)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                target = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                full = f"{target}.{alias.name}"
                found.add(full if full in modules else target)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    own = set(_ancestors(name)) | {name}
    found |= {a for m in found for a in _ancestors(m)}
    return {m for m in found if m in modules and m not in own}


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    paths = sorted(root.rglob("*.py"))
    base = root.parent
    modules = {module_name(p, base) for p in paths}
    return {module_name(p, base): imports(p, modules, base) for p in paths}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def layer(module: str) -> int | None:
    for i, names in enumerate(LAYERS):
        if any(module == n or module.startswith(n + ".") for n in names):
            return i
    return None


def test_the_package_has_no_import_cycle():
    assert cycles(graph()) == []


def test_contract_and_periods_import_nothing_of_the_package():
    g = graph()
    assert g["finsam_xl.contract"] == set()
    assert g["finsam_xl.periods"] == set()
    assert g["finsam_xl.printable"] == set()


def test_every_module_has_a_layer():
    assert [m for m in graph() if m != "finsam_xl" and layer(m) is None] == []


def test_no_layer_imports_a_higher_one():
    g = graph()
    upward = [(m, t) for m, targets in g.items() for t in sorted(targets)
              if t != "finsam_xl" and layer(m) is not None and layer(t) is not None
              and layer(t) > layer(m)]  # type: ignore[operator]
    assert upward == []


@pytest.mark.parametrize("a, b, lines", [
    # the two cycles the design step removed, put back in a copy of the package:
    # collect -> wb.book -> wb.om -> collect (counts), and
    # contract -> model -> periods -> messages -> contract
    ("finsam_xl.run", "finsam_xl.wb", [("wb/om.py", "from ..run import period\n")]),
    ("finsam_xl.contract", "finsam_xl.periods", [
        ("contract.py", "from .model import Insats\n"),
        ("periods.py", "from . import messages as M\n")]),
])
def test_the_cycle_test_finds_a_cycle_put_back(tmp_path, a, b, lines):
    import shutil

    copy = tmp_path / "finsam_xl"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    for importer, line in lines:
        target = copy / importer
        target.write_text(line + target.read_text(encoding="utf-8"), encoding="utf-8")
    assert cycles(graph(PACKAGE)) == []
    found = cycles(graph(copy))
    assert any(any(m.startswith(a) for m in c) and any(m.startswith(b) for m in c)
               for c in found), found
