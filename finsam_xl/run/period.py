"""The run's clock, and the period P a run works on when none is given (docs/validation.md,
*The default period*)."""

from __future__ import annotations

import os
from datetime import datetime, timezone

from .. import messages as M
from ..errors import FinsamError
from ..model import MonthCount, PeriodChoice, Plan, Plans, Submission
from ..periods import month_end, period_str, to_stockholm, year_month

EPOCH_ENV = "SOURCE_DATE_EPOCH"


def now() -> datetime:
    """The time of the run (UTC); tests replace it. The environment variable
    SOURCE_DATE_EPOCH (seconds since 1970-01-01 UTC, the reproducible-builds convention)
    fixes it, so that two runs over the same inbox write byte-identical outputs
    (benchmarks/identity.py relies on it); a value that is not a whole number is refused."""
    epoch = os.environ.get(EPOCH_ENV)
    if epoch is None:
        return datetime.now(timezone.utc)
    if not epoch.strip().isdigit():
        raise FinsamError(M.COL_BAD_EPOCH.format(varde=epoch))
    return datetime.fromtimestamp(int(epoch), timezone.utc)


def default_period(used: dict[tuple[str, str], Submission] | dict, plan: Plan | Plans,
                   when: datetime) -> PeriodChoice | None:
    """The default period P, by a rule that one mistyped cell cannot move: among the months
    of the plan years that have ended (at `when`, Swedish time) and have an accepted report,
    the latest that at least half of the insatser active in it (by its year's plan) have
    reported. When no month reaches half (a young inbox, a small plan), the ended month with
    the most reporting insatser, the latest of equals; when no month with reports has ended,
    the same among all months with reports. `used`: {(insats id, period): the report used}.
    None when nothing was accepted. Every later month with reports is passed over. With the
    plans of two years, early in January this is December: the year-end workbook."""
    plans = Plans.of(plan)
    today = to_stockholm(when).date()
    by_month: dict[str, set[str]] = {}
    for insats_id, period in used:
        by_month.setdefault(period, set()).add(insats_id)
    months = [MonthCount(p, len(ids), len(plan_of.active_insatser(year_month(p)[1])),
                         today >= month_end(p))
              for p, ids in sorted(by_month.items())
              if (plan_of := plans.for_period(p)) is not None]
    if not months:
        return None
    ended = [m for m in months if m.ended] or months
    full = [m for m in ended if m.half]
    chosen = full[-1] if full else max(ended, key=lambda m: (m.reported, m.period))
    return PeriodChoice(chosen, tuple(m for m in months if m.period > chosen.period))


def sending_period(when: datetime) -> str:
    """`utskick`'s default period: the month after the latest month that had ended at
    `when` (Swedish time), that is the month `when` lies in: its templates go out at its
    start, to be filled in when it is over."""
    local = to_stockholm(when)
    return period_str(local.year, local.month)
