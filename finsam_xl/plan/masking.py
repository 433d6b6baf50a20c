"""The plan's own text with every personnummer masked (`pnr.mask`), once, where a plan is
read (the workbook, `read.py`; the embedded examples, `examples.py`), so that every output
made from it (templates, the follow-up workbook, letters, e-mail drafts, the terminal) gets
the masked text. A kansli may type a coordinator's personnummer beside the name, or paste a
list with one into an insats name; the board's workbook must not carry it.

Masked: the förbund's name; each insats's namn, kostnadsställe, utförare and samordnare; each
goal's namn; the budget rows' kostnadsställe and namn; the members' names. Not masked: ids
(a-z, 0-9 and '-': an id that holds a personnummer is refused when the plan is read, since a
masked id would name no insats), the closed vocabularies (nivå, enhet, typ, gäller,
kategorier), periods, numbers, and `e-post`: an address is the coordinator's own, written
only into the draft sent to that address, and a masked one would reach no one.

The same text is put on one line (`printable.single_line`): a name typed with a line break
(Alt+Enter in Excel) would split a terminal line, a letter's heading or an e-mail's subject
(which no line break may enter); `plan check` warns about it (`plan-line-break`).
"""

from __future__ import annotations

import dataclasses

from .. import pnr
from ..model import BudgetRow, Goal, Insats, Member, Plan
from ..printable import single_line


def mask(text: str) -> str:
    """The plan's text as every output shows it: personnummer masked, on one line."""
    return single_line(pnr.mask(text))


def _opt(text: str | None) -> str | None:
    return None if text is None else mask(text)


def masked_plan(plan: Plan) -> Plan:
    """`plan` with its text masked and on one line (the same object when there was nothing
    to change)."""
    out = dataclasses.replace(
        plan, namn=mask(plan.namn),
        insatser=tuple(_insats(i) for i in plan.insatser),
        mal=tuple(_goal(g) for g in plan.mal),
        budget=tuple(_budget_row(b) for b in plan.budget),
        medlemmar=tuple(_member(m) for m in plan.medlemmar))
    return plan if out == plan else out


def _insats(i: Insats) -> Insats:
    return dataclasses.replace(i, namn=mask(i.namn), kostnadsstalle=_opt(i.kostnadsstalle),
                               utforare=_opt(i.utforare), samordnare=_opt(i.samordnare))


def _goal(g: Goal) -> Goal:
    return dataclasses.replace(g, namn=mask(g.namn))


def _budget_row(b: BudgetRow) -> BudgetRow:
    return dataclasses.replace(b, kostnadsstalle=mask(b.kostnadsstalle), namn=mask(b.namn))


def _member(m: Member) -> Member:
    return dataclasses.replace(m, medlem=mask(m.medlem))
