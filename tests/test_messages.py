"""finsam_xl/messages.py against the code that uses it: every `.format(...)` call in the package
gives exactly the placeholders of the template(s) it can format (no KeyError at run time, no
keyword that no template uses), and every message is used somewhere.

The templates a call formats are found in the source (`ast`): `M.NAME`, an entry of a dict or
tuple of messages, either branch of a conditional, a local name assigned one of those (or the
loop variable over them), and a function's parameter: the arguments every call of the function
gives it."""

from __future__ import annotations

import ast
import string
from dataclasses import dataclass
from pathlib import Path

import pytest

from finsam_xl import contract, findings
from finsam_xl import messages as M

PACKAGE = Path(__file__).resolve().parent.parent / "finsam_xl"
MODULES = {"M": M, "messages": M, "contract": contract}


@dataclass
class Source:
    path: str
    tree: ast.Module
    parents: dict


def _sources() -> list[Source]:
    out = []
    for p in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        out.append(Source(p.relative_to(PACKAGE).as_posix(), tree, parents))
    return out


SOURCES = _sources()


def _texts(value) -> list[str]:
    """The strings in a message value (a string, or a dict / tuple of them)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in _texts(v)]
    return []


def _scope(src: Source, node: ast.AST) -> ast.AST:
    """The function (or module) that `node` is in."""
    while node in src.parents:
        node = src.parents[node]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return node
    return src.tree


def _module_attr(node: ast.AST):
    """M.NAME / contract.NAME -> its value; else None."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
            node.value.id in MODULES:
        return getattr(MODULES[node.value.id], node.attr)
    return None


def _resolve(src: Source, node: ast.AST, seen=frozenset()) -> list[str] | None:
    """The templates `node` can be; None when the test cannot tell."""
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    if isinstance(node, ast.Attribute) and node.attr == "short":
        return [c.short for c in findings.CODES.values() if c.short]  # a finding code's
    value = _module_attr(node)
    if value is not None:
        return _texts(value)
    if isinstance(node, ast.Subscript):
        value = _module_attr(node.value)
        return _texts(value) if value is not None else _resolve_refs(src, node.value, seen)
    if isinstance(node, ast.IfExp):
        a, b = _resolve(src, node.body, seen), _resolve(src, node.orelse, seen)
        return None if a is None or b is None else a + b
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            isinstance(node.func.value, ast.Name) and node.func.value.id == "M" and \
            node.func.attr == "plural":  # M.plural(pair, n): either form
        return _resolve(src, node.args[0], seen)
    if isinstance(node, ast.Name) and src.path == "messages.py" and node.id.isupper() and \
            hasattr(M, node.id):  # a message formatted by a function of messages.py itself
        return _texts(getattr(M, node.id))
    if isinstance(node, ast.Name) and node.id not in seen:
        return _resolve_name(src, node, seen | {node.id})
    return None


def _resolve_refs(src: Source, node: ast.AST, seen) -> list[str] | None:
    """Every message referred to in `node`, or in the module-level value of a name in it."""
    out: list[str] = []
    for n in ast.walk(node):
        value = _module_attr(n)
        if value is not None:
            out += _texts(value)
        elif isinstance(n, ast.Name) and n.id not in seen:
            for stmt in src.tree.body:
                if isinstance(stmt, ast.Assign) and any(
                        isinstance(t, ast.Name) and t.id == n.id for t in stmt.targets):
                    out += _resolve_refs(src, stmt.value, seen | {n.id}) or []
    return out or None


def _resolve_name(src: Source, node: ast.Name, seen) -> list[str] | None:
    """A local name (assigned, a loop variable, or a parameter) of the function `node` is
    in, or of a function around it (a closure)."""
    scope = _scope(src, node)
    while True:
        found = _resolve_in(src, scope, node.id, seen)
        if found is not None or scope is src.tree:
            return found
        scope = _scope(src, scope)


def _resolve_in(src: Source, scope: ast.AST, name: str, seen) -> list[str] | None:
    found: list[str] = []
    for n in ast.walk(scope):
        if isinstance(n, ast.Assign) and any(name in _names(t) for t in n.targets):
            single = len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)
            got = _resolve(src, n.value, seen) if single else _resolve_refs(src, n.value, seen)
            if got is None:
                return None
            found += got
        elif isinstance(n, ast.For) and name in _names(n.target):
            got = _resolve(src, n.iter, seen)
            if got is None:
                return None
            found += got
    if found:
        return found
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return _resolve_parameter(scope, name)
    return None


def _names(target: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def _resolve_parameter(func: ast.FunctionDef, name: str) -> list[str] | None:
    """The templates every call of `func` (anywhere in the package) passes as `name`."""
    params = [a.arg for a in func.args.args]
    if name not in params + [a.arg for a in func.args.kwonlyargs]:
        return None
    index = params.index(name) if name in params else None
    found: list[str] = []
    for src in SOURCES:
        for call in ast.walk(src.tree):
            if not isinstance(call, ast.Call) or _called(call) != func.name:
                continue
            arg = next((k.value for k in call.keywords if k.arg == name), None)
            at = index
            if at is not None and params[0] in ("self", "cls") and \
                    isinstance(call.func, ast.Attribute):
                at -= 1  # a method called on an object: `self` is not in the call
            if arg is None and at is not None and 0 <= at < len(call.args):
                arg = call.args[at]
            if arg is None:
                continue  # another function of the same name, or the default
            got = _resolve(src, arg)
            if got is None:
                return None
            found += got
    return found or None


def _called(call: ast.Call) -> str | None:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)


def _fields(template: str) -> set[str]:
    out = set()
    for _text, field, _spec, _conv in string.Formatter().parse(template):
        if field is not None:
            out.add(field.split(".")[0].split("[")[0])
    return out


def _format_calls():
    for src in SOURCES:
        for node in ast.walk(src.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "format":
                yield src, node


# .format calls that format no message: plan/schema.py's year column headers ('belopp {ar}'),
# identifiers of the plan workbook; and the registry's one call that renders every finding's
# message (`findings.render`), whose templates and fields the finding calls below check.
NOT_MESSAGES = {("plan/schema.py", "header")}
CALLS = [(src, call) for src, call in _format_calls()
         if not (isinstance(call.func.value, ast.Attribute)
                 and (src.path, call.func.value.attr) in NOT_MESSAGES)
         and not (src.path == "findings.py" and isinstance(call.func.value, ast.Name)
                  and call.func.value.id == "template")]

# The calls that make a finding, and the placeholders each fills in itself (findings.finding
# and validate/cells.at fill the finding's own fields; plan/findings.problem and
# Findings.add the shown value, and `add` the file).
FINDING_CALLS = {"finding": {"fil", "falt", "cell", "varde", "vantat"},
                 "at": {"fil", "falt", "cell", "varde", "vantat"},
                 "problem": {"value"}, "add": {"fil", "value"}}
# Their keywords that are the finding's own fields, not placeholders.
FINDING_FIELDS = {"template", "field", "cell", "value", "expected"}


def _code_of(node: ast.AST):
    """F.NAME -> the registry's entry; None when the test cannot tell."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
            node.value.id == "F":
        return getattr(findings, node.attr, None)
    return None


def _finding_calls():
    for src in SOURCES:
        if src.path == "findings.py":
            continue
        for node in ast.walk(src.tree):
            if isinstance(node, ast.Call) and _called(node) in FINDING_CALLS and node.args \
                    and not any(k.arg is None for k in node.keywords):  # (a wrapper's own
                first = node.args[0]                                    # call, forwarding)
                if _code_of(first) is not None or (isinstance(first, ast.Name)
                                                    and first.id == "code"):
                    yield src, node


FINDINGS_MADE = list(_finding_calls())


def _finding_templates(src, call) -> list[str] | None:
    template = next((k.value for k in call.keywords if k.arg == "template"), None)
    if template is not None:
        return _resolve(src, template)
    code = _code_of(call.args[0])
    return list(code.messages) if code is not None else None


def _finding_given(call) -> set[str] | None:
    given = {k.arg for k in call.keywords if k.arg not in FINDING_FIELDS}
    if _called(call) == "add" and len(call.args) > 1:
        params = call.args[1]
        if not isinstance(params, ast.Dict) or not all(
                isinstance(k, ast.Constant) for k in params.keys):
            return None
        given |= {k.value for k in params.keys}
    return given | FINDING_CALLS[_called(call)]


@pytest.mark.parametrize("src, call", FINDINGS_MADE,
                         ids=[f"{s.path}:{c.lineno}" for s, c in FINDINGS_MADE])
def test_every_finding_call_gives_its_messages_placeholders(src, call):
    """A finding's sentence is rendered by the registry from the call's fields: every
    placeholder of the message(s) it may render is given (or filled in by the registry)."""
    templates = _finding_templates(src, call)
    given = _finding_given(call)
    assert templates and given is not None, f"{src.path}:{call.lineno}: cannot tell"
    assert not any(k.arg is None for k in call.keywords), "no **kwargs: name every placeholder"
    for t in templates:
        assert _fields(t) <= given, f"{src.path}:{call.lineno}: {t!r} needs {_fields(t) - given}"


def test_the_finding_calls_were_found():
    assert len(FINDINGS_MADE) >= 50


@pytest.mark.parametrize("src, call", CALLS,
                         ids=[f"{s.path}:{c.lineno}" for s, c in CALLS])
def test_every_format_call_gives_its_templates_placeholders(src, call):
    templates = _resolve(src, call.func.value)
    assert templates, f"{src.path}:{call.lineno}: cannot tell which message is formatted"
    assert not any(k.arg is None for k in call.keywords), "no **kwargs: name every placeholder"
    given = {k.arg for k in call.keywords}
    needed = set()
    for t in templates:
        fields = _fields(t)
        assert "" not in fields and not any(f.isdigit() for f in fields), (t, "named fields only")
        assert fields <= given, f"{src.path}:{call.lineno}: {t!r} needs {fields - given}"
        needed |= fields
    assert given <= needed, f"{src.path}:{call.lineno}: no template uses {given - needed}"


def test_the_calls_found_cover_the_messages_with_placeholders():
    """Every message with a placeholder is formatted by one of the calls above (or is a
    finding's short reason, formatted by findings.short_text, or an Excel formula's text,
    template._concat_formula)."""
    formatted = {id(t) for src, call in CALLS for t in (_resolve(src, call.func.value) or [])}
    formatted |= {id(t) for src, call in FINDINGS_MADE
                  for t in (_finding_templates(src, call) or [])}
    formatted |= {id(c.short) for c in findings.CODES.values() if c.short}
    concat = {id(t) for src in SOURCES for n in ast.walk(src.tree)
              if isinstance(n, ast.Call) and _called(n) == "_concat_formula"
              for t in (_resolve(src, n.args[0]) or [])}
    click = {id(t) for t in _texts(M.CLICK_SV)} | {id(M.CLI_VERSION)}  # click formats these
    missing = [name for name, value in vars(M).items() if name.isupper()
               for t in _texts(value) if _fields(t) and id(t) not in formatted | concat | click]
    assert missing == []


def test_every_message_is_used():
    defined = [name for name in vars(M) if name.isupper() and not name.startswith("_")]
    read = _read_names()
    assert [name for name in defined if name not in read] == []


def _read_names() -> set[str]:
    """Every NAME read (not only assigned) somewhere: as M.NAME, or by messages.py itself.
    One walk over the sources (a walk per message took 10 s)."""
    read = set()
    for src in SOURCES:
        for node in ast.walk(src.tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
                    node.value.id == "M":
                read.add(node.attr)
            elif src.path == "messages.py" and isinstance(node, ast.Name) and \
                    isinstance(node.ctx, ast.Load):
                read.add(node.id)
    return read


# ----------------------------------------------------------------------------- plurals

PLURAL_CALLS = [(src, n) for src in SOURCES for n in ast.walk(src.tree)
                if isinstance(n, ast.Call) and _called(n) == "plural"
                and isinstance(n.func, ast.Attribute)]
PAIRS = {b.attr for _src, n in PLURAL_CALLS for a in n.args[:1]
         for b in ([a.value] if isinstance(a, ast.Subscript) else [a])
         if isinstance(b, ast.Attribute)}  # M.NAME, or M.NAME[key]: a dict of pairs


def test_no_message_makes_its_plural_by_hand():
    """'varning(ar)', 'fil(er)': a message for a count is a (one, many) pair instead."""
    import re

    hand_made = [t for name, value in vars(M).items() if name.isupper() for t in _texts(value)
                 if re.search(r"\w\((?:ar|er|or|na|n|en|et)\)", t)]
    assert hand_made == []


def test_a_pair_is_only_used_through_plural():
    assert PAIRS >= {"COL_LINE_ACCEPTED_WARN", "COL_FEEDBACK", "COL_LATER_NOT_COUNTED",
                     "REM_DONE", "CLI_TEMPLATES_DONE", "TPL_EXISTS", "VAL_DUPLICATE",
                     "DEMO_WROTE", "DEMO_NEW", "COL_PERIOD_NONE_ENDED", "COL_PASSED_NOT_ENDED",
                     "ENHET_PLURAL"}
    for name in PAIRS - {"ENHET_PLURAL"}:
        pair = getattr(M, name)
        assert isinstance(pair, tuple) and len(pair) == 2 and pair[0] != pair[1], name
    plural_args = {id(n.args[0]) for _src, n in PLURAL_CALLS}
    for src in SOURCES:
        if src.path == "findings.py":
            continue  # the registry lists a code's texts; it formats none
        for node in ast.walk(src.tree):
            if isinstance(node, ast.Attribute) and node.attr in PAIRS and \
                    isinstance(node.value, ast.Name) and node.value.id == "M":
                parent = src.parents[node]
                assert id(node) in plural_args or (
                    node.attr == "ENHET_PLURAL" and isinstance(parent, ast.Subscript)
                    and id(parent) in plural_args), f"{src.path}:{node.lineno}"


@pytest.mark.parametrize("pair, n, kw, expected", [
    (M.COL_LINE_ACCEPTED_WARN, 1, {"fil": "a.xlsx", "forsta": "x"},
     "a.xlsx: godkänd med 1 varning: x"),
    (M.COL_LINE_ACCEPTED_WARN, 2, {"fil": "a.xlsx", "forsta": "x"},
     "a.xlsx: godkänd med 2 varningar: x"),
    (M.COL_FEEDBACK, 1, {"path": "ut"}, "Återkoppling till samordnarna: 1 fil i ut"),
    (M.COL_FEEDBACK, 0, {"path": "ut"}, "Återkoppling till samordnarna: 0 filer i ut"),
    (M.REM_DONE, 1, {"manad": "mars 2025", "path": "p"}, "Klart: 1 påminnelse för mars 2025 i p."),
    (M.REM_DONE, 3, {"manad": "mars 2025", "path": "p"}, "Klart: 3 påminnelser för mars 2025 i p."),
    (M.CLI_TEMPLATES_DONE, 1, {"period": "2025-03", "outdir": "m"},
     "Klart: 1 mall för 2025-03 i m."),
    (M.COL_LATER_NOT_COUNTED, 1, {"period": "2025-03"},
     "1 godkänd fil gäller en månad efter 2025-03 och räknas inte nu."),
    (M.DEMO_NEW, 1, {}, "1 ny"),
    (M.DEMO_NEW, 39, {}, "39 nya"),
    (M.ENHET_PLURAL["möten"], 1, {}, "möte"),
    (M.ENHET_PLURAL["kontakter"], 2, {}, "kontakter"),
])
def test_plural_picks_the_form_for_the_number(pair, n, kw, expected):
    assert M.plural(pair, n).format(n=n, **kw) == expected


def test_the_line_of_a_file_with_two_warnings():
    from finsam_xl.console import file_line
    from finsam_xl.findings import LATE, PERSONNUMMER, finding
    from finsam_xl.model import FileReport

    warnings = [finding(LATE, "a.xlsx", value="2025-04-11 08:00",
                        expected="senast 2025-04-10", sparad="2025-04-11 08:00",
                        frist="2025-04-10", dag=10),
                finding(PERSONNUMMER, "a.xlsx", field="Kommentar", cell="Rapport!B36")]
    assert file_line(FileReport(file="a.xlsx", findings=warnings)) == (
        "a.xlsx: godkänd med 2 varningar: sparad 2025-04-11 08:00, efter rapportfristen "
        "(senast 2025-04-10)")
    assert file_line(FileReport(file="a.xlsx", findings=warnings[1:])) == (
        "a.xlsx: godkänd med 1 varning: personnummer i Kommentar (Rapport!B36), maskerat")
