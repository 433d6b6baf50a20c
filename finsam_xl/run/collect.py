"""`collect`, the monthly job: read every file, validate, choose the submission used per
insats and month, write the workbook, the letters and the summary (`outbox.py`).

Decisions where the spec is silent:
- Period P: --period, else `period.default_period` (docs/validation.md, *The default
  period*) over every plan year given. Without an accepted file, nothing is written (exit 1)
  and the per-file lines explain why; when no file at all is of a plan's year, the message
  names the plans and the files' years (`gather.no_plan_year`), never blaming the files.
- With many files, the workers start parsing them first (`pool.Reading`), while this process
  reads the plan and imports the workbook writer; errors (plan, period, folders) are still
  reported in that order.
- The lock waits `outbox.LOCK_TIMEOUT` seconds, then the second run stops with a Swedish
  message.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import messages as M
from ..errors import FinsamError
from ..model import CollectResult, Plan, Plans
from ..plan.select import PlanPaths, resolve_plans
from ..usage import checked_period
from .gather import Progress, gather, no_plan_year
from .outbox import Lock, Outputs, check_boxes, write_outputs
from .pool import Reading
from .scan import scan

# A progress bar: called with the number of files, gives a context manager whose
# `update(1)` is called after each file (the CLI's click.progressbar).
Bar = Callable[[int], AbstractContextManager[Any]]


@dataclass(frozen=True)
class CollectRun:
    """What a collect run did: the result the workbook was written from, and its outputs."""

    result: CollectResult
    outputs: Outputs
    period_given: bool  # P was given (--period), not chosen


def run_collect(inbox: Path, outbox: Path, *, plan: Plan | Plans | None = None,
                plan_file: PlanPaths = None, period: str | None = None,
                progress: Progress | None = None, bar: Bar | None = None,
                on_reports: Callable[[CollectResult], None] | None = None,
                publish: bool = False) -> CollectRun:
    """The one flow of `collect` (`plan`: one plan or one per year; when None, the plans of
    `plan_file` / the working folder / the embedded plan, `plan.resolve_plans`).
    `progress(relpath)` after each file, or `bar`. `on_reports(result)` sees the result
    before anything is written (the CLI prints the file lines then). `publish`: also the
    copy for publishing (`collect --publicera`)."""
    inbox, outbox = Path(inbox), Path(outbox)
    reading = _start_reading(inbox, outbox)
    try:
        plans = resolve_plans(plan_file) if plan is None else Plans.of(plan)
        chosen = None if period is None else checked_period(period, plans.years)
        check_boxes(inbox, outbox)
        if reading is None:  # the folders were not usable a moment ago, but are now
            reading = Reading(scan(inbox))
        if reading.pool is not None:
            _preload_writer()
        with Lock(outbox):
            result = _gathered(inbox, plans, chosen, reading, progress, bar)
            if on_reports is not None:
                on_reports(result)
            if not result.period:
                raise no_plan_year(result, plans, inbox) or \
                    FinsamError(M.COL_NO_ACCEPTED.format(inbox=inbox))
            outputs = write_outputs(result, outbox, publish)
    finally:
        if reading is not None:
            reading.close()
            reading.spool.close()  # (gather removes it; here too when a run stops earlier)
    return CollectRun(result, outputs, period_given=chosen is not None)


def collect(inbox: Path, outbox: Path, plan: Plan, period: str | None = None,
            progress: Progress | None = None) -> CollectResult:
    """The monthly job without printing: returns the CollectResult handed to the workbook."""
    return run_collect(inbox, outbox, plan=plan, period=period, progress=progress).result


def _gathered(inbox: Path, plan: Plans, period: str | None, reading: Reading,
              progress: Progress | None, bar: Bar | None) -> CollectResult:
    if bar is None:
        return gather(inbox, plan, period, progress=progress, reading=reading)
    with bar(len(reading.items)) as b:
        return gather(inbox, plan, period, progress=lambda _rel: b.update(1), reading=reading)


def _start_reading(inbox: Path, outbox: Path) -> Reading | None:
    """The inbox's files, scanned once; with enough of them, their parsing starts at once in
    worker processes, before the plan is read. None when the folders are not usable (the
    caller reports that in its usual order)."""
    try:
        check_boxes(inbox, outbox)
        return Reading(scan(inbox))
    except (FinsamError, OSError):
        return None


def _preload_writer() -> None:
    """Import the workbook writer (pandas, xlsxwriter) and run its fast writers' self-check
    (`wb.probe`, once per process) while the workers parse."""
    try:
        from ..wb import book, probe  # noqa: F401
    except ImportError:
        return
    probe.fast_writers_ok()
