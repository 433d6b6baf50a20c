"""`utskick`: the start of the month. P (--period, else the month after the latest ended
month, `period.sending_period`), the inbox gathered for P when there is one (it prefills the
templates, as `templates` does), and one draft per insats active in P written to
`outbox/utskick/` under the outbox's lock (`coordinator.utskick`). Drafts for P of an
earlier run that are no longer written (an insats no longer active) are removed; collect
removes a draft once its report has come in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .. import messages as M
from ..coordinator.utskick import Sending
from ..errors import FinsamError, PeriodError, os_error_text
from ..model import Plan, Plans
from ..periods import to_stockholm
from ..plan.select import PlanPaths, resolve_plans
from ..usage import checked_period
from . import period as clock
from .outbox import Lock


@dataclass(frozen=True)
class UtskickRun:
    """What an utskick run did: the plan and P (given or chosen), the drafts and where."""

    plan: Plan
    period: str
    period_given: bool
    sendings: list[Sending]
    paths: list[Path]
    folder: Path


def run_utskick(inbox: Path | None, outbox: Path, plan_file: PlanPaths | Plans,
                period: str | None) -> UtskickRun:
    """The `utskick` command's work (`plan_file`: the plans, or where to find them; P's plan
    writes the templates; `inbox`: default `inbox/` when it exists, else no prefill, and
    January's from December's report when the previous year's plan is given); FinsamError
    / PeriodError when it cannot be done."""
    from ..coordinator.names import UTSKICK_DIR
    from ..coordinator.remind import write_drafts
    from ..coordinator.utskick import sendings
    from ..template import default_inbox
    from .gather import gather
    from .outbox import check_boxes

    plans = plan_file if isinstance(plan_file, Plans) else resolve_plans(plan_file)
    when = clock.now()
    chosen = _period(plans, period, when)
    plan = plans.for_period(chosen) or plans.latest  # checked: P's year has a plan
    outbox = Path(outbox)
    inbox = default_inbox(inbox)
    if inbox is not None and not inbox.is_dir():
        raise FinsamError(M.CLI_TEMPLATES_NO_INBOX.format(inbox=inbox))
    if inbox is not None:
        check_boxes(inbox, outbox)
    elif outbox.exists() and not outbox.is_dir():
        raise FinsamError(M.COL_OUTBOX_NOT_DIR.format(outbox=outbox))
    with Lock(outbox):
        result = gather(inbox, plans, chosen) if inbox is not None else None
        now = result.written_at if result is not None else when
        found = sendings(plan, chosen, result, to_stockholm(now))
        try:
            paths = write_drafts([(s.insats, s.message) for s in found], chosen,
                                 outbox / UTSKICK_DIR)
        except OSError as exc:
            raise FinsamError(M.REM_WRITE_FAILED.format(path=exc.filename or outbox,
                                                        error=os_error_text(exc))) from None
    return UtskickRun(plan, chosen, period is not None, found, paths, outbox / UTSKICK_DIR)


def _period(plans: Plans, period: str | None, when: datetime) -> str:
    """--period checked against the plan years, else the month after the latest ended
    month, which must lie in a plan year."""
    if period is not None:
        return checked_period(period, plans.years)
    chosen = clock.sending_period(when)
    try:
        return checked_period(chosen, plans.years)
    except PeriodError:
        raise FinsamError(M.UTS_DEFAULT_OUTSIDE.format(manad=M.month_text(chosen),
                                                       ar=plans.latest.ar)) from None
