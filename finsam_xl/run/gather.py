"""Every file of an inbox read and validated, the batch rules over them, and the submission
used per insats and month up to the period P: the `CollectResult` every command works from
(collect, status, remind, templates). Nothing is written anywhere."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from .. import findings as F
from .. import messages as M
from ..errors import FinsamError
from ..model import CollectResult, FileReport, Plan
from ..usage import checked_period
from . import period as clock
from .pool import Item, Reading, gc_paused
from .read import validated
from .scan import scan, shown

Progress = Callable[[str], None]


def check_inbox(inbox: Path) -> None:
    if not inbox.exists():
        raise FinsamError(M.COL_NO_INBOX.format(inbox=inbox))
    if not inbox.is_dir():
        raise FinsamError(M.COL_INBOX_NOT_DIR.format(inbox=inbox))


def read_all(items: Sequence[Item], plan: Plan, progress: Progress | None = None,
             reading: Reading | None = None) -> list[FileReport]:
    """Reports for `items` [(path, relpath, within)], validated against `plan`, in order;
    `progress(relpath)` after each file."""
    if reading is None:
        reading = Reading(items)
    reports = []
    with reading:
        for (_path, rel, _within), report in zip(items, reading, strict=True):
            reports.append(validated(report, plan))
            if progress is not None:
                progress(rel)
    return reports


def build_result(reports: list[FileReport], plan: Plan, period: str | None) -> CollectResult:
    """Batch rules over validated reports, then the used submission per (insats, month) up to
    P (P = `period` or `default_period`; '' when nothing was accepted)."""
    from ..validate import is_late, validate_batch

    check = validate_batch(reports, plan)
    reports = check.applied_to(reports)
    chosen = {k: reports[i] for k, i in check.used.items()}
    now = clock.now()
    choice = None if period else clock.default_period(chosen, plan, now)
    p = period or (choice.chosen.period if choice else "")
    used = {k: s for k, r in sorted(chosen.items())
            if p and k[1] <= p and (s := r.submission) is not None}
    late = {k for k, s in used.items() if is_late(s, plan)}
    return CollectResult(plan=plan, period=p, reports=reports, used=used, written_at=now,
                         late=late, choice=choice)


def gather(inbox: Path, plan: Plan, period: str | None = None,
           progress: Progress | None = None, reading: Reading | None = None) -> CollectResult:
    """Read and validate every file in `inbox` (read-only; nothing is written anywhere).
    `progress(relpath)` is called after each file. `reading`: the inbox's files already being
    read (see `start_reading`)."""
    inbox = Path(inbox)
    period = None if period is None else checked_period(period, plan.ar)
    check_inbox(inbox)
    with gc_paused():
        if reading is None:
            reading = Reading(scan(inbox))
        reports = read_all(reading.items, plan, progress, reading)
        return build_result(reports, plan, period)


def check_files(paths: Sequence[Path], plan: Plan) -> list[FileReport]:
    """`check`: read and validate the given files (a folder is read recursively), with the
    cross-file rules among them. A path that does not exist gets an error report."""
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
    read = iter(read_all(readable, plan))
    reports = [i if isinstance(i, FileReport) else next(read) for i in items]
    from ..validate import validate_batch

    return validate_batch(reports, plan).applied_to(reports)
