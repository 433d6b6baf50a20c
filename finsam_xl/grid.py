"""The submission grid: per insats and month of the plan year, what came in. One grid for
the workbook's Inlämningar sheet (through aggregate.py) and for the `status` command, so
they never disagree. Standard library only (status starts without pandas).

A month's status:
  inkommen  a used submission, sent in time      sen        a used submission, sent late
  underkand only rejected files came              saknas     nothing came
  inaktiv   outside aktiv_från..aktiv_till        framtida   an active month after P, or
                                                             one that has not ended yet
                                                             (at the run's time) and has
                                                             no used submission: not due
A rejected file counts for the insats and month it was meant for (`validate.meant_for`: the
file's name, else its cells), so a re-used template of January named for February makes
February `underkand`, not `saknas`.
"""

from __future__ import annotations

from .model import REJECTED, CollectResult, parse_period, period_str
from .periods import has_ended

INKOMMEN = "inkommen"
SEN = "sen"
UNDERKAND = "underkand"
SAKNAS = "saknas"
INAKTIV = "inaktiv"
FRAMTIDA = "framtida"  # an active month after P, or not ended and not reported: not due yet

RECEIVED = (INKOMMEN, SEN)
DUE = (INKOMMEN, SEN, SAKNAS, UNDERKAND)


def submission_grid(result: CollectResult, period: str | None = None) -> dict[str, list[str]]:
    """{insats id: twelve statuses} up to `period` (default: the result's P); months after
    it, and months that had not ended at the run's time without a used report, are
    `framtida` when active."""
    plan = result.plan
    last = parse_period(period or result.period)
    if last is None:  # CollectResult is built by collect, which validates P
        raise ValueError(period or result.period)
    rejected = rejected_keys(result)
    grid = {}
    for ins in plan.insatser:
        active = set(ins.active_months(plan.ar))
        row = []
        for m in range(1, 13):
            key = (ins.id, period_str(plan.ar, m))
            if m not in active:
                row.append(INAKTIV)
            elif m > last[1] or (key not in result.used
                                 and not has_ended(key[1], result.written_at)):
                row.append(FRAMTIDA)
            elif key in result.used:
                row.append(SEN if key in result.late else INKOMMEN)
            elif key in rejected:
                row.append(UNDERKAND)
            else:
                row.append(SAKNAS)
        grid[ins.id] = row
    return grid


def rejected_keys(result: CollectResult) -> set[tuple[str, str]]:
    """(insats id, period) of every rejected file, as it was meant for (`meant_for`)."""
    from .validate.meta import meant_for

    out = set()
    for rep in result.reports:
        if rep.status == REJECTED:
            insats_id, period = meant_for(rep, result.plan)
            if insats_id is not None and period is not None:
                out.add((insats_id, period))
    return out


def not_reported(result: CollectResult, period: str) -> list[tuple[str, bool]]:
    """(insats id, only rejected files?) of every insats active in `period` without a used
    report for it, in plan order (whether the month has ended or not)."""
    _, month = parse_period(period) or (0, 0)
    rejected = rejected_keys(result)
    return [(i.id, (i.id, period) in rejected) for i in result.plan.active_insatser(month)
            if (i.id, period) not in result.used]


def reporting_rate(statuses: list[str]) -> float | None:
    """received / due, where due = received + missing + rejected; None when nothing was due."""
    received = sum(1 for s in statuses if s in RECEIVED)
    due = sum(1 for s in statuses if s in DUE)
    return None if due == 0 else received / due
