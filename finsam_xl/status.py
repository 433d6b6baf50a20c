"""`finsam-xl status`: which insatser have reported which months (read-only).

The inbox is read and validated through collect's own functions (no reading code here), so
status and collect always agree on what is accepted, rejected, superseded and late. Nothing
is written anywhere.

The table: insatser (rows) x months January..P (columns), one mark per cell:
  ✓ inkommen (accepted, on time)   S sen (accepted, late)   ! underkänd (only rejected files)
  ✗ saknas (nothing)               – inte aktiv (the insats is not active that month)
A late report counts as received. Reporting rate per month = received / active insatser that
month; per insats = received months / active months to P. P = --period, else collect's default
period (collect.default_period).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from . import grid as G
from . import messages as M
from .errors import FinsamError
from .model import CollectResult, Plan
from .periods import check_period, year_month

RECEIVED = "✓"
MISSING = "✗"
REJECTED_MARK = "!"
LATE = "S"
INACTIVE = "–"

ID_WIDTH = 24  # longest insats id of the examples ("forsteg-skanninge-mjolby")
CELL_WIDTH = 5  # " 100": rates are whole percent, the headers say "%"
RATE_WIDTH = 9  # "  Andel %"
WIDTH = 100
MAX_ID_WIDTH = WIDTH - 12 * CELL_WIDTH - RATE_WIDTH  # a longer id is shortened in the table


@dataclass
class StatusGrid:
    plan: Plan
    period: str  # P
    months: list[int]  # 1..P
    marks: dict[str, dict[int, str]]  # insats id -> month -> mark

    def received(self, insats_id: str, month: int) -> bool:
        return self.marks[insats_id][month] in (RECEIVED, LATE)

    def month_rate(self, month: int) -> float | None:
        active = [i for i, row in self.marks.items() if row[month] != INACTIVE]
        if not active:
            return None
        return sum(self.received(i, month) for i in active) / len(active)

    def insats_rate(self, insats_id: str) -> float | None:
        active = [m for m, mark in self.marks[insats_id].items() if mark != INACTIVE]
        if not active:
            return None
        return sum(self.received(insats_id, m) for m in active) / len(active)

    def owed(self) -> list[tuple[str, list[tuple[int, bool]]]]:
        """[(insats id, [(month, rejected?), ...]), ...] for every insats owing a report."""
        out = []
        for insats_id, row in self.marks.items():
            months = [(m, mark == REJECTED_MARK) for m, mark in row.items()
                      if mark in (MISSING, REJECTED_MARK)]
            if months:
                out.append((insats_id, months))
        return out


_MARKS = {G.INKOMMEN: RECEIVED, G.SEN: LATE, G.UNDERKAND: REJECTED_MARK, G.SAKNAS: MISSING,
          G.INAKTIV: INACTIVE}


def build_grid(result: CollectResult, period: str) -> StatusGrid:
    """Marks per insats and month up to `period`: the workbook's submission grid
    (`grid.submission_grid`), so status and Inlämningar never disagree."""
    _, last = year_month(period)
    months = list(range(1, last + 1))
    statuses = G.submission_grid(result, period)
    marks = {insats_id: {m: _MARKS[row[m - 1]] for m in months}
             for insats_id, row in statuses.items()}
    return StatusGrid(plan=result.plan, period=period, months=months, marks=marks)


def _pct(rate: float | None) -> str:
    """Whole percent, halves rounded up (as Excel's ROUND); '–' when nothing was due."""
    return INACTIVE if rate is None else str(math.floor(rate * 100 + 0.5))


def render(grid: StatusGrid, inbox: Path) -> list[str]:
    """The terminal table, legend and owed list, as lines of at most WIDTH characters."""
    plan = grid.plan
    _, last = year_month(grid.period)
    id_w = min(MAX_ID_WIDTH, max([ID_WIDTH, len(M.STATUS_ROW_RATE)]
                                 + [len(i) for i in grid.marks]))

    def label(insats_id: str) -> str:
        if len(insats_id) > id_w:
            insats_id = insats_id[:id_w - 1] + "…"
        return insats_id.ljust(id_w)

    lines = [M.STATUS_TITLE.format(forbund=plan.namn, manad=M.MANADER[last - 1], ar=plan.ar),
             M.STATUS_INBOX.format(inbox=inbox), M.STATUS_LEGEND, ""]
    head = M.STATUS_COL_INSATS.ljust(id_w) + "".join(
        M.MANADER_KORT[m - 1].rjust(CELL_WIDTH) for m in grid.months)
    lines.append(head + M.STATUS_COL_RATE.rjust(RATE_WIDTH))
    for insats_id, row in grid.marks.items():
        cells = "".join(row[m].rjust(CELL_WIDTH) for m in grid.months)
        lines.append(label(insats_id) + cells
                     + _pct(grid.insats_rate(insats_id)).rjust(RATE_WIDTH))
    lines.append(M.STATUS_ROW_RATE.ljust(id_w) + "".join(
        _pct(grid.month_rate(m)).rjust(CELL_WIDTH) for m in grid.months))
    lines.append("")
    owed = grid.owed()
    if not owed:
        lines.append(M.STATUS_OWED_NONE.format(manad=M.MANADER[last - 1], ar=plan.ar))
    else:
        lines.append(M.STATUS_OWED_HEAD)
        for insats_id, months in owed:
            parts = [M.STATUS_OWED_REJECTED.format(manad=M.MANADER_KORT[m - 1]) if bad
                     else M.MANADER_KORT[m - 1] for m, bad in months]
            lines.append("  " + insats_id.ljust(id_w) + " " + ", ".join(parts))
        lines += ["", M.STATUS_REMIND.format(manad=M.MANADER[last - 1], ar=plan.ar,
                                             period=grid.period)]
    return [line.rstrip() for line in lines]


def _checked(period: str, year: int | None) -> str:
    """--period of status, normalised (`year` None: its form only)."""
    return check_period(period, year, M.STATUS_BAD_PERIOD, M.STATUS_PERIOD_OUTSIDE)


def choose_period(result: CollectResult, period: str | None) -> str | None:
    """--period (checked), else collect's default period."""
    if period is not None:
        return _checked(period, result.plan.ar)
    return result.period or None  # collect's choice (collect.default_period)


def gather(inbox: Path, plan: Plan, period: str | None) -> CollectResult:
    """Read and validate the inbox through collect (read-only; nothing is written), with
    collect's own rules for the used submission per insats and month, and for lateness."""
    from .collect import gather as collect_gather

    return collect_gather(inbox, plan, period)


def run_status(inbox: Path, plan_file: Path | None, period: str | None, echo) -> int:
    """The `status` command. Returns 0 (the command always does its job when it can read)."""
    from .plan import resolve_plan

    inbox = Path(inbox)
    if period is not None:
        _checked(period, None)  # its form, before the inbox and the plan
    if not inbox.is_dir():
        raise FinsamError(M.STATUS_NO_INBOX.format(inbox=inbox))
    plan = resolve_plan(plan_file)
    if period is not None:
        _checked(period, plan.ar)
    result = gather(inbox, plan, period)
    chosen = choose_period(result, period)
    if chosen is None:
        echo(M.STATUS_EMPTY.format(inbox=inbox))
        return 0
    for line in render(build_grid(result, chosen), inbox):
        echo(line)
    return 0
