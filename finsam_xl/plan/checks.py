"""`finsam-xl plan check`: every finding of a plan workbook, and the consistency checks over
a plan and the positions its values were read from (`check_sums`: no state of the reader).
"""

from __future__ import annotations

from pathlib import Path

from .. import findings as F
from .. import messages as M
from ..model import Finding, Plan
from ..periods import year_month
from .contributions import bidrag
from .findings import Findings, shown
from .read import Positions, read_workbook
from .schema import BUDGET, INSATSER, MEDLEMMAR, SHEET_BUDGET, SHEET_INSATSER, year_header


def check_plan_file(path: str | Path) -> list[Finding]:
    """Every finding for a plan workbook (never raises for a broken plan): structure, ids,
    values, goals naming unknown insatser, the insatser's months against the plan year, and
    each stated total against its parts."""
    return check_plan(path)[1]


def check_plan(path: str | Path) -> tuple[Plan | None, list[Finding]]:
    """`check_plan_file`, and the plan when it can be used (None when it has an error other
    than a warning)."""
    path = Path(path)
    out = Findings(str(path))
    plan = None
    try:
        plan, positions = read_workbook(path, out, cached=True)
        if plan is not None:
            out.extend(check_sums(plan, positions, out.label))
    except Exception as exc:  # noqa: BLE001 - a broken plan is a finding, not a traceback
        plan = None
        out.add(F.PLAN_UNREADABLE, {"orsak": M.PLAN_UNREADABLE_BROKEN.format(
            fel=type(exc).__name__)})
    return plan, out.items


def check_sums(plan: Plan, positions: Positions, label: str) -> list[Finding]:
    """Each insats's active months against the plan year, each stated total against its
    parts (budget lines, members' contributions: a warning, the plan stays usable), each
    contribution formula's shown value against finsam-xl's, and each insats's cost centre
    against the budget. `label` names the file in the messages."""
    out = Findings(label)
    _active_months(plan, positions, out)
    _budget_totals(plan, positions, out)
    _member_totals(plan, positions, out)
    _cost_centres(plan, positions, out)
    return out.items


def _active_months(plan: Plan, positions: Positions, out: Findings) -> None:
    """`plan-insats-never-active` for an insats active in no month of the plan year (its
    aktiv_till before the year, or its aktiv_från after it), else
    `plan-active-outside-year` for an aktiv_från before or an aktiv_till after the year."""
    fran = INSATSER.columns[INSATSER.index("aktiv_från")]
    till = INSATSER.columns[INSATSER.index("aktiv_till")]
    for insats, cells in zip(plan.insatser, positions.insatser, strict=True):
        start = year_month(insats.aktiv_fran)[0] if insats.aktiv_fran else None
        end = year_month(insats.aktiv_till)[0] if insats.aktiv_till else None
        if not insats.active_months(plan.ar):
            before = end is not None and end < plan.ar
            column = till if before else fran
            out.add(F.PLAN_INSATS_NEVER_ACTIVE,
                    {"insats": insats.id, "ar": plan.ar, "kolumn": column.name,
                     "nar": M.PLAN_NEVER_ACTIVE_BEFORE if before else M.PLAN_NEVER_ACTIVE_AFTER},
                    sheet=SHEET_INSATSER, cell=cells.get(column.field), column=column.name,
                    value=insats.aktiv_till if before else insats.aktiv_fran)
            continue
        if start is not None and start < plan.ar:
            out.add(F.PLAN_ACTIVE_OUTSIDE_YEAR, {"ar": plan.ar, "insats": insats.id},
                    template=M.PLAN_FRAN_BEFORE_YEAR, sheet=SHEET_INSATSER,
                    cell=cells.get(fran.field), column=fran.name, value=insats.aktiv_fran)
        if end is not None and end > plan.ar:
            out.add(F.PLAN_ACTIVE_OUTSIDE_YEAR, {"ar": plan.ar, "insats": insats.id},
                    template=M.PLAN_TILL_AFTER_YEAR, sheet=SHEET_INSATSER,
                    cell=cells.get(till.field), column=till.name, value=insats.aktiv_till)


def _kr(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _budget_totals(plan: Plan, positions: Positions, out: Findings) -> None:
    for y in plan.budget_ar:
        stated = plan.budget_angiven_summa.get(y)
        if stated is None:
            continue
        total = sum(row.belopp.get(y) or 0 for row in plan.budget)
        if total != stated:
            out.add(F.PLAN_SUM_MISMATCH, {"angiven": _kr(stated), "ar": y, "summa": _kr(total),
                                          "diff": _kr(stated - total)},
                    template=M.PLAN_BUDGET_MISMATCH, sheet=SHEET_BUDGET,
                    cell=positions.budget_angiven[y],
                    column=year_header(BUDGET, y), value=str(stated), expected=str(total))


def _member_total(plan: Plan, positions: Positions, y: int, out: Findings) -> int:
    """The sum of the members' contributions for year `y`, as the sheet shows them: a
    formula's cached value where there is one (a warning when it is not finsam-xl's)."""
    total = 0
    for i, m in enumerate(plan.medlemmar):
        value = bidrag(m, plan, y)
        formula = positions.bidrag_formulas.get((i, y))
        cached = None if formula is None else formula.shown
        if formula is not None and isinstance(cached, (int, float)) \
                and not isinstance(cached, bool):
            if value is None or abs(cached - value) > 1e-6:
                out.add(F.PLAN_FORMULA_VALUE, {"shown": _kr(round(cached)),
                                               "value": _kr(value or 0)},
                        sheet=MEDLEMMAR.sheet, cell=formula.cell,
                        column=year_header(MEDLEMMAR, y), value=shown(cached),
                        expected=str(value))
            value = round(cached)  # the stated total is compared with what is shown
        total += value or 0
    return total


def _member_totals(plan: Plan, positions: Positions, out: Findings) -> None:
    for y in plan.medlemmar_ar:
        stated = plan.tilldelning.get(y)
        if stated is None:
            continue
        total = _member_total(plan, positions, y, out)
        if total != stated:
            out.add(F.PLAN_SUM_MISMATCH, {"angiven": _kr(stated), "ar": y, "summa": _kr(total),
                                          "diff": _kr(stated - total),
                                          "summa_cell": positions.medlemmar_summa.get(y, "-")},
                    template=M.PLAN_MEDLEMMAR_MISMATCH, sheet=MEDLEMMAR.sheet,
                    cell=positions.tilldelning[y],
                    column=year_header(MEDLEMMAR, y), value=str(stated), expected=str(total))


def _cost_centres(plan: Plan, positions: Positions, out: Findings) -> None:
    known = {row.kostnadsstalle for row in plan.budget if row.kostnadsstalle}
    column = INSATSER.columns[INSATSER.index("kostnadsställe")]
    for insats, cells in zip(plan.insatser, positions.insatser, strict=True):
        kst = insats.kostnadsstalle
        if kst and kst not in known:
            out.add(F.PLAN_UNKNOWN_KOSTNADSSTALLE,
                    sheet=SHEET_INSATSER, cell=cells[column.field], column=column.name,
                    value=kst)
