"""Every file of an inbox read and validated, the batch rules over them, and the submission
used per insats and month up to the period P: the `CollectResult` every command works from
(collect, status, remind, templates). Nothing is written anywhere.

Plan years: each file is judged by the plan of its own period's year (`read.validated`); a
file of a year without a plan is ignored. P picks the plan of the result; the previous plan
year, when its plan is given, is gathered from the same reports into `result.previous` (its
used submissions of every month, chosen by the same batch rules): January's prefill and
stock-flow check read it, and the workbook can show the same period last year from it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from .. import findings as F
from .. import messages as M
from ..errors import FinsamError
from ..model import CollectResult, FileReport, PeriodChoice, Plan, Plans
from ..periods import period_str
from ..plan.select import described
from ..usage import checked_period
from . import period as clock
from .pool import Item, Reading, gc_paused
from .read import validated
from .scan import scan, shown
from .spool import Spool

Progress = Callable[[str], None]


def check_inbox(inbox: Path) -> None:
    if not inbox.exists():
        raise FinsamError(M.COL_NO_INBOX.format(inbox=inbox))
    if not inbox.is_dir():
        raise FinsamError(M.COL_INBOX_NOT_DIR.format(inbox=inbox))


def read_all(items: Sequence[Item], plan: Plan | Plans, progress: Progress | None = None,
             reading: Reading | None = None, primary: Plan | None = None) -> list[FileReport]:
    """Reports for `items` [(path, relpath, within)], each validated against the plan of its
    period's year (`read.validated`; `primary` for a file without a period), in order;
    `progress(relpath)` after each file."""
    if reading is None:
        reading = Reading(items)
    reports = []
    try:  # (not `with reading`: its spool outlives the pool, for build_result)
        for (_path, rel, _within), report in zip(items, reading, strict=True):
            reports.append(validated(report, plan, primary))
            if progress is not None:
                progress(rel)
    finally:
        reading.close()
    return reports


def build_result(reports: list[FileReport], plan: Plan | Plans,
                 period: str | None, spool: Spool | None = None) -> CollectResult:
    """Batch rules over validated reports, then the used submission per (insats, month) of
    P's plan year up to P (P = `period` or `default_period` over every plan year; '' when
    nothing was accepted), and the previous plan year's (`CollectResult.previous`) when its
    plan is given. `reports` stays every file of the run, in order. `spool`: where the
    workers left the files' bytes (`spool.py`); the files that may get a marked copy get
    theirs back, the others none."""
    from ..validate import validate_batch

    plans = Plans.of(plan)
    check = validate_batch(reports, plans)
    reports = check.applied_to(reports)
    _keep_bytes(reports, spool)
    chosen = {k: reports[i] for k, i in check.used.items()}
    now = clock.now()
    choice = None if period else clock.default_period(chosen, plans, now)
    p = period or (choice.chosen.period if choice else "")
    plan_p = plans.for_period(p) or plans.latest
    before = plans.for_year(plan_p.ar - 1)
    previous = None
    if before is not None:
        previous = _year_result(before, period_str(before.ar, 12), chosen, now, [
            r for r in reports if r.submission is not None
            and plans.for_period(r.submission.period) is before and r.other_year is None])
    other = tuple(sorted({r.other_year for r in reports if r.other_year is not None}))
    return dataclasses.replace(_year_result(plan_p, p, chosen, now, reports, choice),
                               previous=previous, plans=plans, other_years=other)


def _may_be_marked(report: FileReport) -> bool:
    """A file that may get a marked copy: a finding of it names a cell."""
    return any(f.cell for f in report.findings)


def _keep_bytes(reports: Sequence[FileReport], spool: Spool | None) -> None:
    """Only the reports that may get a marked copy keep the bytes the reader read."""
    if spool is not None:
        spool.give_back(reports, keep=_may_be_marked)
    drop_bytes(reports, keep=_may_be_marked)


def drop_bytes(reports: Sequence[FileReport],
               keep: Callable[[FileReport], bool] = lambda _r: False) -> None:
    """Forget the bytes each submission carries from the reader (`Submission.data`, for the
    marked copy) except those of the reports `keep` says may need them: a run keeps the
    bytes of the few files that get a letter, and only until the outputs are written."""
    for r in reports:
        if r.submission is not None and r.submission.data is not None and not keep(r):
            r.submission.data = None


def _year_result(plan: Plan, p: str, chosen: dict[tuple[str, str], FileReport],
                 now: datetime, reports: list[FileReport],
                 choice: PeriodChoice | None = None) -> CollectResult:
    """The result of one plan year: its used submissions up to P, and which came late."""
    from ..validate import is_late

    year = str(plan.ar)
    used = {k: s for k, r in sorted(chosen.items())
            if p and k[1].startswith(year) and k[1] <= p and (s := r.submission) is not None}
    late = {k for k, s in used.items() if is_late(s, plan)}
    return CollectResult(plan=plan, period=p, reports=reports, used=used, written_at=now,
                         late=late, choice=choice)


def gather(inbox: Path, plan: Plan | Plans, period: str | None = None,
           progress: Progress | None = None, reading: Reading | None = None) -> CollectResult:
    """Read and validate every file in `inbox` (read-only; nothing is written anywhere),
    each by the plan of its own year. `progress(relpath)` is called after each file.
    `reading`: the inbox's files already being read (see `start_reading`)."""
    inbox = Path(inbox)
    plans = Plans.of(plan)
    period = None if period is None else checked_period(period, plans.years)
    check_inbox(inbox)
    with gc_paused():
        if reading is None:
            reading = Reading(scan(inbox))
        try:
            reports = read_all(reading.items, plans, progress, reading,
                               plans.for_period(period) if period else None)
            return build_result(reports, plans, period, reading.spool)
        finally:
            reading.spool.close()


def no_plan_year(result: CollectResult, plans: Plans, inbox: Path) -> FinsamError | None:
    """When nothing was accepted because no file at all is of a year that has a plan (every
    dated file is of another year): the error that says so, naming the plans and the files'
    years and suggesting --plan (never blaming the files). None otherwise."""
    if result.period or not result.other_years or any(
            r.other_year is None and r.submission is not None
            and plans.for_period(r.submission.period) is not None for r in result.reports):
        return None
    years = result.other_years
    return FinsamError(M.plural(M.COL_NO_PLAN_YEAR, len(plans.plans)).format(
        inbox=inbox, planer=described(plans), ar=M.and_list(years), sista=years[-1]))


def check_files(paths: Sequence[Path], plan: Plan | Plans) -> list[FileReport]:
    """`check`: read and validate the given files (a folder is read recursively), each by
    the plan of its year, with the cross-file rules among them. A path that does not exist
    gets an error report."""
    items: list[Item | FileReport] = []  # (path, relpath, within), or a ready report
    for given in map(Path, paths):
        label = shown(str(given))
        if given.is_dir():
            found = scan(given)
            items += [(p, shown((given / rel).as_posix()), rel) for p, _s, rel in found]
            if not found:
                items.append(FileReport(file=label, findings=[F.finding(F.EMPTY_FOLDER,
                                                                        label)]))
        elif given.exists() or given.is_symlink():
            items.append((given, label, None))
        else:
            items.append(FileReport(file=label, findings=[F.finding(F.FILE_NOT_FOUND, label)]))
    readable = [i for i in items if not isinstance(i, FileReport)]
    reading = Reading(readable)
    try:
        read = iter(read_all(readable, plan, reading=reading))
        reports = [i if isinstance(i, FileReport) else next(read) for i in items]
        from ..validate import validate_batch

        reports = validate_batch(reports, plan).applied_to(reports)
        _keep_bytes(reports, reading.spool)
        return reports
    finally:
        reading.spool.close()
