"""The shape the code keeps (issue 12): no function over 80 lines, so that each fits on a
screen. ruff (complexity, bugs, style) and mypy run in .ci/run; this is the one rule they do
not check."""

from __future__ import annotations

import ast

from support.paths import REPO

MAX_LINES = 80


def test_no_function_is_longer_than_80_lines():
    long = []
    for path in sorted((REPO / "finsam_xl").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_LINES:
                    long.append(f"{path.relative_to(REPO)}:{node.lineno} {node.name} ({lines})")
    assert long == []


def test_the_checks_are_configured_in_the_project():
    """ruff's rules and mypy's files live in the project, and .ci/run runs both."""
    ruff = (REPO / "ruff.toml").read_text(encoding="utf-8")
    assert 'select = ["E", "F", "W", "B", "C90"]' in ruff and "max-complexity = 15" in ruff
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/ruff check finsam_xl" in ci and ".venv/bin/mypy" in ci
