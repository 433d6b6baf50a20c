"""The submission grid: per insats and month of the plan year, what came in. One grid for
the workbook's Inlämningar sheet (through aggregate.py) and for the `status` command, so
they never disagree. Standard library only (status starts without pandas).

A month's status:
  inkommen  a used submission, sent in time      sen        a used submission, sent late
  underkand only rejected files came              saknas     nothing came
  inaktiv   outside aktiv_från..aktiv_till        framtida   an active month after P
"""

from __future__ import annotations

from .model import REJECTED, CollectResult, parse_period, period_str

INKOMMEN = "inkommen"
SEN = "sen"
UNDERKAND = "underkand"
SAKNAS = "saknas"
INAKTIV = "inaktiv"
FRAMTIDA = "framtida"  # an active month after P: not due yet

RECEIVED = (INKOMMEN, SEN)
DUE = (INKOMMEN, SEN, SAKNAS, UNDERKAND)


def submission_grid(result: CollectResult, period: str | None = None) -> dict[str, list[str]]:
    """{insats id: twelve statuses} up to `period` (default: the result's P); months after
    it are `framtida` when active."""
    plan = result.plan
    last = parse_period(period or result.period)
    if last is None:  # CollectResult is built by collect, which validates P
        raise ValueError(period or result.period)
    rejected = set()
    for rep in result.reports:
        sub = rep.submission
        if rep.status == REJECTED and sub is not None and sub.insats and sub.period:
            rejected.add((sub.insats, sub.period))
    grid = {}
    for ins in plan.insatser:
        active = set(ins.active_months(plan.ar))
        row = []
        for m in range(1, 13):
            key = (ins.id, period_str(plan.ar, m))
            if m not in active:
                row.append(INAKTIV)
            elif m > last[1]:
                row.append(FRAMTIDA)
            elif key in result.used:
                row.append(SEN if key in result.late else INKOMMEN)
            elif key in rejected:
                row.append(UNDERKAND)
            else:
                row.append(SAKNAS)
        grid[ins.id] = row
    return grid


def reporting_rate(statuses: list[str]) -> float | None:
    """received / due, where due = received + missing + rejected; None when nothing was due."""
    received = sum(1 for s in statuses if s in RECEIVED)
    due = sum(1 for s in statuses if s in DUE)
    return None if due == 0 else received / due
