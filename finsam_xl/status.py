"""`finsam-xl status`: which insatser have reported which months (read-only).

The inbox is read and validated through collect's own functions (no reading code here), so
status and collect always agree on what is accepted, rejected, superseded and late. Nothing
is written anywhere.

The table: insatser (rows) x months January..P (columns), one mark per cell:
  ✓ inkommen (accepted, on time)   S sen (accepted, late)   ! underkänd (only rejected files)
  ✗ saknas (nothing)               – inte aktiv (the insats is not active that month)
  · inte slut än (a month that has not ended, with no report yet: not owed)
A late report counts as received. Reporting rate per month = received / active insatser that
month; per insats = received months / active months to P. P = --period, else collect's default
period (collect.default_period).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import grid as G
from . import messages as M
from .errors import FinsamError
from .model import CollectResult, Plan, Plans
from .periods import year_month
from .usage import checked_period

if TYPE_CHECKING:
    from .plan.select import PlanPaths

RECEIVED = "✓"
MISSING = "✗"
REJECTED_MARK = "!"
LATE = "S"
INACTIVE = "–"
NOT_ENDED = "·"

@dataclass
class StatusGrid:
    plan: Plan
    period: str  # P
    months: list[int]  # 1..P
    statuses: dict[str, list[str]]  # insats id -> the grid's status of every month 1..P

    @property
    def marks(self) -> dict[str, dict[int, str]]:
        """insats id -> month -> the mark shown for it."""
        return {i: {m: _MARKS[row[m - 1]] for m in self.months}
                for i, row in self.statuses.items()}

    def month_rate(self, month: int) -> float | None:
        """Received / due of the insatser in `month` (`grid.reporting_rate`)."""
        return G.reporting_rate([row[month - 1] for row in self.statuses.values()])

    def insats_rate(self, insats_id: str) -> float | None:
        """Received / due months of the insats up to P (`grid.reporting_rate`)."""
        return G.reporting_rate(self.statuses[insats_id][:len(self.months)])

    def owed(self) -> list[tuple[str, list[tuple[int, bool]]]]:
        """[(insats id, [(month, rejected?), ...]), ...] for every insats owing a report."""
        out = []
        for insats_id, row in self.statuses.items():
            months = [(m, row[m - 1] == G.UNDERKAND) for m in self.months
                      if row[m - 1] in (G.SAKNAS, G.UNDERKAND)]
            if months:
                out.append((insats_id, months))
        return out


_MARKS = {G.INKOMMEN: RECEIVED, G.SEN: LATE, G.UNDERKAND: REJECTED_MARK, G.SAKNAS: MISSING,
          G.INAKTIV: INACTIVE, G.FRAMTIDA: NOT_ENDED}


def build_grid(result: CollectResult, period: str) -> StatusGrid:
    """Statuses per insats and month up to `period`: the workbook's submission grid
    (`grid.submission_grid`), so status and Inlämningar never disagree."""
    _, last = year_month(period)
    return StatusGrid(plan=result.plan, period=period, months=list(range(1, last + 1)),
                      statuses=G.submission_grid(result, period))


def run_status(inbox: Path, plan_file: PlanPaths | Plans,
               period: str | None) -> StatusGrid | None:
    """The `status` command's data: the grid up to P (--period, else collect's default
    period, over every plan year given: early in January that is December, of the previous
    year's plan), from the inbox read and validated by the run's own functions (read-only;
    nothing is written); None when nothing was accepted. FinsamError when no file at all is
    of a plan's year (`run.gather.no_plan_year`)."""
    from .plan import resolve_plans
    from .run import gather
    from .run.gather import no_plan_year

    inbox = Path(inbox)
    if period is not None:
        checked_period(period, None)  # its form, before the inbox and the plan
    if not inbox.is_dir():
        raise FinsamError(M.STATUS_NO_INBOX.format(inbox=inbox))
    plans = plan_file if isinstance(plan_file, Plans) else resolve_plans(plan_file)
    chosen = None if period is None else checked_period(period, plans.years)
    result = gather(inbox, plans, chosen)
    if not result.period:
        error = no_plan_year(result, plans, inbox)
        if error is not None:
            raise error
        return None
    return build_grid(result, result.period)
