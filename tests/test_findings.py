"""The registry of finding codes (finsam_xl/findings.py): every code is registered once with
its severity, texts and docs, the docs' tables are generated from it, and the code that makes
findings takes its codes from it.

`python -m finsam_xl.docs --write` regenerates the tables in docs/validation.md and
docs/plan.md."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from finsam_xl import findings as F
from finsam_xl import messages as M
from finsam_xl.model import ERROR, WARNING

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "finsam_xl"
DOCS = ("validation.md", "plan.md")
CODE_RE = re.compile(r"^[a-z]+(?:-[a-z0-9]+)*$")
# Calls whose first argument is a finding code (the reader's and the plan reader's helpers).
CODE_FIRST = {"finding", "_finding", "_at", "_file_finding", "add", "Problem", "problem"}


def _sources() -> dict[str, ast.Module]:
    return {p.relative_to(PACKAGE).as_posix(): ast.parse(p.read_text(encoding="utf-8"))
            for p in sorted(PACKAGE.rglob("*.py"))}


def _code_calls(tree: ast.Module) -> list[tuple[str, str | None]]:
    """(code, severity given or None) of every call that makes a finding with a literal
    code: `code="…"`, or the first argument of a helper that makes a finding."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        args = [kw.value for kw in node.keywords if kw.arg == "code"]
        name = node.func.attr if isinstance(node.func, ast.Attribute) else \
            getattr(node.func, "id", None)
        if name in CODE_FIRST and node.args:
            args.append(node.args[0])
        severity = next((kw.value for kw in node.keywords if kw.arg == "severity"), None)
        given = severity.id if isinstance(severity, ast.Name) else None
        found += [(a.value, given) for a in args if isinstance(a, ast.Constant)
                  and isinstance(a.value, str) and CODE_RE.match(a.value)]
    return found


def _code_literals(tree: ast.Module) -> list[str]:
    return [code for code, _severity in _code_calls(tree)]


def _registry_names(tree: ast.Module) -> set[str]:
    """Names used as `F.NAME` / `findings.NAME` (the registry's constants)."""
    return {node.attr for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.value.id in ("F", "findings")}


def test_docs_tables_are_generated_from_the_registry():
    for name in DOCS:
        text = (REPO / "docs" / name).read_text(encoding="utf-8")
        assert "<!-- codes: " in text, name
        assert text == F.render_docs(text), \
            f"docs/{name} is stale: run python -m finsam_xl.docs --write"


def test_the_docs_list_every_code_once_with_its_severity():
    """docs/validation.md: one row per code in the errors or the warnings table; plan.md: the
    plan's codes. The nine warnings are the spec's (section 5) and the plan's seven (a stated
    total that its parts do not add up to, an insats's months against the plan year, and a
    line break in a text, among them: the plan stays usable)."""
    doc = (REPO / "docs" / "validation.md").read_text(encoding="utf-8")
    errors_part, warnings_part = doc.split("## Warnings", 1)
    row = re.compile(r"^\| `([a-z-]+)` \|", re.M)
    errors, warnings = row.findall(errors_part), row.findall(warnings_part)
    assert set(warnings) == {"personnummer", "forbund-mismatch", "exceeds-volume", "late",
                             "early", "duplicate", "superseded", "stock-flow-break", "outlier"}
    assert len(errors) == 29 and len(set(errors)) == 29  # with internal-error (a bug)
    plan_rows = re.findall(r"^\| `([a-z-]+)` \| (error|warning) \|", (
        REPO / "docs" / "plan.md").read_text(encoding="utf-8"), re.M)
    assert {c for c, s in plan_rows if s == WARNING} == {
        "plan-formula-value", "plan-unknown-kostnadsstalle", "plan-bad-epost",
        "plan-sum-mismatch", "plan-insats-never-active", "plan-active-outside-year",
        "plan-line-break"}
    assert sorted(errors + warnings + [c for c, _s in plan_rows]) == sorted(F.CODES)
    for code in errors:
        assert F.CODES[code].severity == ERROR
    for code in warnings:
        assert F.CODES[code].severity == WARNING


def test_every_entry_is_complete():
    texts = {id(t) for k, v in vars(M).items() if k.isupper()
             for t in ([v] if isinstance(v, str) else v if isinstance(v, tuple) else [])}
    for code, entry in F.CODES.items():
        assert entry.code == code and CODE_RE.match(code)
        assert entry.severity in (ERROR, WARNING)
        assert entry.stage in (F.CHECK, F.READ, F.FILE, F.BATCH, F.PLAN)
        assert entry.doc and "\n" not in entry.doc and "|" not in entry.doc
        assert entry.messages and all(id(m) in texts for m in entry.messages), code
        if entry.stage != F.PLAN:
            assert entry.short is not None, code
            fields = {f for _t, f, _s, _c in string.Formatter().parse(entry.short) if f}
            assert fields <= {"falt", "cell", "varde", "vantat"}, code
        constant = code.upper().replace("-", "_")
        assert getattr(F, constant) is entry
        if entry.short is not None:
            assert getattr(M, "SHORT_" + constant) is entry.short
        assert (entry.label is not None) == (entry.stage != F.PLAN), code
        if entry.label is not None:
            assert getattr(M, "DESC_" + constant) is entry.label


def test_every_short_reason_and_description_belongs_to_a_code():
    for prefix, attr in (("SHORT_", "short"), ("DESC_", "label")):
        names = {k for k in vars(M) if k.startswith(prefix)}
        assert names == {prefix + c.upper().replace("-", "_") for c, e in F.CODES.items()
                         if getattr(e, attr) is not None}


def test_every_code_made_anywhere_is_registered_and_every_code_is_made():
    """A finding code written as a literal (the reader and the plan package, until they take
    theirs from the registry) is registered, with the severity it is made with; every
    registered code is made somewhere (its constant used, or its code written)."""
    made: set[str] = set()
    used: set[str] = set()
    for path, tree in _sources().items():
        for code, severity in _code_calls(tree):
            assert code in F.CODES, (path, code)
            if severity is not None:
                assert F.CODES[code].severity == {"ERROR": ERROR, "WARNING": WARNING}[severity]
        if path != "findings.py":
            used.update(_registry_names(tree))
            made.update(n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
                        and isinstance(n.value, str) and n.value in F.CODES)
    made |= {e.code for name, e in vars(F).items() if isinstance(e, F.Code) and name in used}
    assert made == set(F.CODES)


def test_every_module_takes_codes_from_the_registry():
    """No code literal and no hand-made Finding anywhere but in the registry itself (the
    reader, the plan package, validation, collect and feedback take the registry's
    entries)."""
    for path, tree in _sources().items():
        if path in ("findings.py", "model.py"):
            continue
        assert _code_literals(tree) == [], path
        compared = {c.value for n in ast.walk(tree) if isinstance(n, ast.Compare)
                    and any(isinstance(o, ast.Attribute) and o.attr == "code"
                            for o in [n.left, *n.comparators])
                    for o in n.comparators for c in ast.walk(o) if isinstance(c, ast.Constant)}
        assert not compared & set(F.CODES), (path, compared & set(F.CODES))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
                 and getattr(n.func, "id", None) == "Finding"]
        assert calls == [], path


def test_a_finding_takes_code_severity_and_sentence_from_its_entry():
    f = F.finding(F.LATE, "a.xlsx", value="2025-04-11 08:00", expected="senast x",
                  sparad="2025-04-11 08:00", frist="2025-04-10", dag=10)
    assert (f.code, f.severity, f.file, f.field, f.cell, f.value, f.expected) == (
        "late", WARNING, "a.xlsx", None, None, "2025-04-11 08:00", "senast x")
    assert f.message == M.VAL_LATE.format(fil="a.xlsx", sparad="2025-04-11 08:00",
                                          frist="2025-04-10", dag=10)
    g = F.finding(F.BAD_PERIOD, "b.xlsx", field="Period", cell="Rapport!B5", value="2025-3",
                  exempel="2025-03")
    assert g.severity == ERROR
    assert g.message == ("b.xlsx: fältet Period (Rapport!B5) innehåller '2025-3', men ska vara "
                         "månaden rapporten gäller skriven ÅÅÅÅ-MM, till exempel 2025-03; rätta "
                         "perioden och skicka filen igen.")


def test_a_finding_without_a_cell_says_so_in_its_sentence():
    f = F.finding(F.BAD_PERIOD, "b.xlsx", field="Period", value="x", exempel="2025-03")
    assert "(okänd cell)" in f.message and f.cell is None


def test_a_call_site_cannot_bring_a_sentence_of_its_own():
    with pytest.raises(ValueError, match="not a message of late"):
        F.finding(F.LATE, "a.xlsx", template="Egen mening om {fil}.")
    with pytest.raises(ValueError, match="has 2 messages: name one"):
        F.finding(F.OUTCOMES_MISMATCH, "a.xlsx")
