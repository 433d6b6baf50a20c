"""`remind`: the inbox gathered for P under the outbox's lock, and the reminder drafts written
(`coordinator.remind`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import messages as M
from ..coordinator.remind import Reminder, remind_for
from ..errors import FinsamError, os_error_text
from ..model import CollectResult, Plans
from ..plan.select import PlanPaths, resolve_plans
from ..usage import checked_period
from .gather import gather, no_plan_year
from .outbox import Lock, check_boxes


@dataclass(frozen=True)
class RemindRun:
    """What a remind run did: the gathered inbox, the reminders and where they went."""

    result: CollectResult
    reminders: list[Reminder]
    paths: list[Path]
    folder: Path


def run_remind(inbox: Path, outbox: Path, plan_file: PlanPaths | Plans,
               period: str | None) -> RemindRun:
    """The `remind` command's work (`plan_file`: the plans, or where to find them); P's plan
    writes the drafts (December's deadline is in January of the next year, by the plan of
    December's year). FinsamError when it cannot be done."""
    from ..coordinator.names import REMIND_DIR

    inbox, outbox = Path(inbox), Path(outbox)
    plans = plan_file if isinstance(plan_file, Plans) else resolve_plans(plan_file)
    chosen = None if period is None else checked_period(period, plans.years)
    check_boxes(inbox, outbox)
    with Lock(outbox):
        result = gather(inbox, plans, chosen)
        if not result.period:
            raise no_plan_year(result, plans, inbox) or \
                FinsamError(M.REM_NO_PERIOD.format(inbox=inbox))
        try:
            reminders, paths = remind_for(result, outbox)
        except OSError as exc:
            raise FinsamError(M.REM_WRITE_FAILED.format(path=exc.filename or outbox,
                                                        error=os_error_text(exc))) from None
    return RemindRun(result, reminders, paths, outbox / REMIND_DIR)
