"""The rules on what a file is for: its period and insats (cells), its name against them,
its förbund, and the names the contract requires. Each returns its findings and, where it
reads one, the normalised value; none changes the submission.

Documented decision: the file's name `<ÅÅÅÅ-MM>_<insats-id>…` is compared with its cells
(`name_key`); files named otherwise are judged by their cells alone.
"""

from __future__ import annotations

import re

from .. import contract
from .. import findings as F
from .. import messages as M
from ..model import FileReport, Finding, Insats, Plan, Submission, parse_period, period_str
from ..periods import year_month
from .cells import at


def period_rule(sub: Submission, plan: Plan) -> tuple[list[Finding], str | None, bool]:
    """`bad-period`, `period-outside-year`: (findings, fx_period normalised to 'YYYY-MM' or
    None when it is no month, whether it is a month of the plan year)."""
    p = sub.period.strip() if isinstance(sub.period, str) else None
    parsed = parse_period(p) if p is not None else None
    if parsed is None:
        if contract.PERIOD not in sub.raw and sub.period is None:
            return [], None, False
        raw = sub.raw.get(contract.PERIOD, sub.period)
        exempel = f"{plan.ar}-03"
        return [at(F.BAD_PERIOD, sub, contract.PERIOD, value=raw,
                   expected=M.VAL_EXP_PERIOD.format(exempel=exempel), exempel=exempel)], \
            None, False
    period = period_str(*parsed)
    if parsed[0] == plan.ar:
        return [], period, True
    return [at(F.PERIOD_OUTSIDE_YEAR, sub, contract.PERIOD, value=period,
               expected=M.VAL_EXP_PERIOD_YEAR.format(ar=plan.ar), ar=plan.ar)], period, False


def insats_rule(sub: Submission, plan: Plan) -> tuple[list[Finding], Insats | None]:
    """`unknown-insats`: (findings, the plan's insats that fx_insats names, or None)."""
    if sub.insats is None and contract.INSATS not in sub.raw:
        return [], None
    insats = plan.insats(sub.insats.strip()) if isinstance(sub.insats, str) else None
    if insats is not None:
        return [], insats
    varde = sub.insats if sub.insats is not None else sub.raw.get(contract.INSATS)
    return [at(F.UNKNOWN_INSATS, sub, contract.INSATS, value=varde,
               expected=M.VAL_EXP_INSATS.format(ids=", ".join(i.id for i in plan.insatser)),
               forbund=plan.namn, ar=plan.ar)], None


def active_rule(sub: Submission, plan: Plan, insats: Insats, period: str) -> list[Finding]:
    """`insats-inactive`: the insats is not active in the period (a month of the plan year)."""
    if insats.is_active(*year_month(period)):
        return []
    months = insats.active_months(plan.ar)
    aktiv = (M.VAL_AKTIV_RANGE.format(fran=f"{plan.ar}-{months[0]:02d}",
                                      till=f"{plan.ar}-{months[-1]:02d}")
             if months else M.VAL_AKTIV_NONE.format(ar=plan.ar))
    return [at(F.INSATS_INACTIVE, sub, contract.PERIOD, value=period, expected=aktiv,
               insats=insats.namn, period=period, aktiv=aktiv)]


def forbund_rule(sub: Submission, plan: Plan) -> list[Finding]:
    """`forbund-mismatch` (warning): fx_forbund names another förbund than the plan (case
    and runs of spaces ignored)."""
    if not isinstance(sub.forbund, str) or not sub.forbund.strip() or \
            " ".join(sub.forbund.split()).casefold() == " ".join(plan.namn.split()).casefold():
        return []
    return [at(F.FORBUND_MISMATCH, sub, contract.FORBUND, value=sub.forbund,
               expected=plan.namn, forbund=plan.namn)]


def missing_name(sub: Submission, name: str, insats_namn: str) -> Finding:
    """`missing-name`: the defined name `name` is not in the file."""
    return F.finding(F.MISSING_NAME, sub.relpath, field=M.field_label(name),
                     expected=M.VAL_EXP_NAME.format(namn=name), namn=name, insats=insats_namn)


def required_names(sub: Submission, insats: Insats, reported: set,
                   unread: frozenset[str]) -> list[Finding]:
    """`missing-name` for every name the contract requires for `insats` that the file lacks.
    `reported`: the fields the reader already reported (a name pointing nowhere);
    `unread`: names whose value another finding already reports as unusable."""
    return [missing_name(sub, name, insats.namn) for name in contract.required_names(insats)
            if name not in sub.raw and name not in sub.cells
            and M.field_label(name) not in reported and name not in unread]


# ----------------------------------------------------------------------------- file name

_NAME_RE = re.compile(r"^(\d{4}-(?:0[1-9]|1[0-2]))_(.+)$")
_ID_END_RE = re.compile(r"[^a-z0-9]|$")


def name_key(relpath: str, plan: Plan) -> tuple[str | None, str | None]:
    """(period, insats id) that a file's name `<ÅÅÅÅ-MM>_<insats-id>…` gives, each None
    where the name does not give one: the period is the name's first seven characters when
    they are a month followed by '_'; the insats is the longest id of the plan that the rest
    of the name starts with, followed by its end or by a character that cannot continue an
    id (so '2025-03_isa (2).xlsx' and '2025-03_isa-rattad.xlsx' name isa, '2025-03_isa2.xlsx'
    names no insats). Case is ignored."""
    base = re.split(r"[\\/]", relpath)[-1].lower()
    stem = base.rsplit(".", 1)[0] if "." in base else base
    m = _NAME_RE.match(stem)
    if m is None:
        return None, None
    rest = m.group(2)
    ends = sorted({e.start() for e in _ID_END_RE.finditer(rest)}, reverse=True)
    for end in ends:
        if end and plan.insats(rest[:end]) is not None:
            return m.group(1), rest[:end]
    return m.group(1), None


def file_name_rule(sub: Submission, plan: Plan, period: str, insats: Insats,
                   named: tuple[str | None, str | None] | None = None) -> list[Finding]:
    """`name-period-mismatch` / `name-insats-mismatch`: the file is named for another month
    or insats than its cells give (a template re-used for another month or insats).
    `named`: the file's `name_key`, when the caller has it."""
    name_period, name_insats = named if named is not None else name_key(sub.relpath, plan)
    out = []
    if name_period is not None and name_period != period:
        out.append(at(F.NAME_PERIOD_MISMATCH, sub, contract.PERIOD, value=period,
                      expected=name_period, namn_period=name_period, period=period,
                      namn_manad=M.month_text(name_period), cell_manad=M.month_text(period)))
    other = plan.insats(name_insats) if name_insats != insats.id else None
    if other is not None:
        out.append(at(F.NAME_INSATS_MISMATCH, sub, contract.INSATS, value=insats.id,
                      expected=name_insats, namn_insats=name_insats, insats=insats.id,
                      namn_namn=other.namn, cell_namn=insats.namn))
    return out


def meant_for(report: FileReport, plan: Plan) -> tuple[str | None, str | None]:
    """(insats id, period) that a file is meant for: each as the file's name gives it
    (`name_key`), else as its cells give it (the plan's id, the period normalised); None
    where neither does. A re-used template named for P whose cells say another month is
    meant for P: its letter is headed by P, its late-warning is judged against P, and
    `status`, Inlämningar and `remind` count it as P's rejected report."""
    name_period, name_insats = name_key(report.file, plan)
    sub = report.submission
    insats, period = name_insats, name_period
    if insats is None and sub is not None and isinstance(sub.insats, str):
        found = plan.insats(sub.insats.strip())
        insats = found.id if found is not None else None
    if period is None and sub is not None and isinstance(sub.period, str):
        parsed = parse_period(sub.period)
        period = period_str(*parsed) if parsed is not None else None
    return insats, period
