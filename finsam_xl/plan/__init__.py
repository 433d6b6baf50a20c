"""The plan: what a förbund plans for the year (insatser, goals, budget, members), as a
`model.Plan`. The rest of the code sees the Plan, never cells.

    examples.py       the embedded example plans (TOML text data) -> Plan
    contributions.py  member contributions (andel, bidrag) and their sheet formulas
    schema.py         the plan workbook's layout: sheets, row labels, one column list per
                      sheet, used by both the writer and the reader
    findings.py       PlanError, cells, problems and the findings of a plan file
    write.py          Plan -> plan workbook (xlsxwriter)
    read.py           plan workbook -> Plan and the positions of its values (openpyxl)
    checks.py         `plan check`: every finding, and the totals over (plan, positions)
    select.py         which plans a command uses (one per year): --plan, plan.xlsx and
                      plan-ÅÅÅÅ.xlsx in the working folder, or the embedded default

Only the examples are imported with the package; the workbook modules when first used
(`finsam-xl check` without a plan.xlsx reads no workbook and defines none of their types).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .examples import DEFAULT_EXAMPLE, EXAMPLES, load_example, plan_from_dict
from .findings import PlanError
from .select import PLAN_FILENAME, plan_files, resolve_plan, resolve_plans

if TYPE_CHECKING:
    from .checks import check_plan, check_plan_file, check_sums
    from .contributions import andel, bidrag, member_formulas
    from .read import read_plan
    from .write import write_plan

_LAZY = {"andel": "contributions", "bidrag": "contributions", "member_formulas": "contributions",
         "read_plan": "read", "write_plan": "write", "check_plan_file": "checks",
         "check_plan": "checks", "check_sums": "checks"}

__all__ = ["DEFAULT_EXAMPLE", "EXAMPLES", "PLAN_FILENAME", "PlanError", "andel", "bidrag",
           "check_plan", "check_plan_file", "check_sums", "load_example", "member_formulas",
           "plan_files", "plan_from_dict", "read_plan", "resolve_plan", "resolve_plans",
           "write_plan"]


def __getattr__(name: str) -> object:
    """The workbook functions, imported from their module when first asked for (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    globals()[name] = value
    return value
