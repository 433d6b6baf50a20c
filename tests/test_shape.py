"""The shape the code keeps: functions that fit on a screen, modules of a readable length,
one concept in one place (the template's defined names only in contract.py), and the static
checks configured in the project. ruff (complexity, bugs, style, import order) and mypy run
in .ci/run; these are the rules they do not check."""

from __future__ import annotations

import ast

from support.paths import REPO

MAX_LINES = 80
MAX_MODULE_LINES = 700
PACKAGE = REPO / "finsam_xl"
# The one module the length rule does not hold for: the catalogue of every user-facing string,
# which the project keeps in one module so that a second language can be added (one file to
# copy and translate). It holds text, not logic; its sections say who owns each string.
CATALOGUE = PACKAGE / "messages.py"


def _sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_no_function_is_longer_than_80_lines():
    long = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_LINES:
                    long.append(f"{path.relative_to(REPO)}:{node.lineno} {node.name} ({lines})")
    assert long == []


def test_no_module_is_longer_than_700_lines():
    long = {str(p.relative_to(REPO)): n for p in sorted(PACKAGE.rglob("*.py"))
            if p != CATALOGUE
            and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def _docstrings(tree: ast.AST) -> set[int]:
    """The docstrings and the registry's English doc texts (`doc=`): prose, not names."""
    out = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and \
                isinstance(body[0].value, ast.Constant):
            out.add(id(body[0].value))
        if isinstance(node, ast.keyword) and node.arg == "doc":
            out |= {id(n) for n in ast.walk(node.value)}
    return out


def test_defined_names_are_written_only_in_contract_py():
    """A template's defined name ('fx_…') is spelled out only in contract.py; every other
    module takes it from there (a constant or a builder such as contract.start(kon))."""
    found = []
    for path, tree in _sources():
        if path.name == "contract.py" and path.parent == PACKAGE:
            continue
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    "fx_" in node.value and id(node) not in skip:
                found.append(f"{path.relative_to(REPO)}:{node.lineno} {node.value!r}")
    assert found == []


def test_the_checks_are_configured_in_the_project():
    """ruff's rules and mypy's files live in the project, and .ci/run runs both, over the
    package and the tests."""
    ruff = (REPO / "ruff.toml").read_text(encoding="utf-8")
    assert 'select = ["E", "F", "W", "B", "C90", "I"]' in ruff and "max-complexity = 15" in ruff
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/ruff check finsam_xl tests benchmarks" in ci and ".venv/bin/mypy" in ci
