"""`collect` and `check` (SPEC sections 5-7): read every file, validate, choose the
submission used per insats and month, write feedback and the follow-up workbook.

The inbox is only ever read: files are opened read-only by the reader, and nothing under the
inbox is created, modified, moved or deleted (an outbox inside the inbox, or the reverse, is
refused). Outputs are written atomically (`atomic.py`) under a lock on the outbox
(`outbox/.finsam-xl.lock`), so two runs never interleave their writes.

Decisions where the spec is silent:
- Period P: --period, else `default_period` (docs/validation.md, *The default period*):
  the latest ended month that at least half of the insatser active in it have reported, so
  one report with a mistyped period cannot move it. Without an accepted file, nothing is
  written (exit 1) and the per-file lines explain why.
- Feedback: `outbox/aterkoppling/` mirrors the current inbox: each run writes one file per
  inbox file with findings and removes the `.txt` files there that it did not write (a file
  that was fixed or removed needs no feedback). When inbox files map to the same name
  (`a/b.xlsx` and `a__b.xlsx`, or `x.xls` and `x.xlsx`; compared without case), the first
  in path order gets the plain name and the others keep their extension (`x.xlsx.txt`).
  Feedback files are not fsync'ed one by one (they are regenerated on every run; the rename
  still guarantees no half file after a crash).
- A machine-readable `outbox/sammanfattning-<P>.json` (per-file status and findings, used
  submissions) is written on every run, beside the workbook. The workbook, the letters and
  the summary are written to a staging folder and put in place together (`_write_outputs`);
  a failure stops the run with exit 1 and leaves the outbox as it was.
- Files in hidden folders of the inbox (`.git/…`) are ignored and listed like hidden files.
- The lock waits LOCK_TIMEOUT seconds, then the second run stops with a Swedish message.

Speed (issue 5; measured in benchmarks/results.md): with more than PARALLEL_MIN_FILES files,
the files are parsed in worker processes (`_Reading`, one per CPU) in chunks, and the
reports come back in path order, so every result, line and output is the same as when they
are read here one by one (tests/test_parallel.py compares the two). `collect` starts the
workers before it reads the plan and imports pandas and xlsxwriter, so those overlap with
the parsing; the plan's rules run here, as the reports arrive. A pool that cannot start
or breaks (a worker killed) leaves the rest of the files to be read here. Python's cyclic
garbage collector is paused while the reports and the workbook are built (`_gc_paused`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import json
import os
import shutil
import sys
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from . import findings as F
from . import messages as M
from .errors import FinsamError
from .model import (ACCEPTED, IGNORED, REJECTED, SUPERSEDED, CollectResult, FileReport,
                    Finding, MonthCount, PeriodChoice, Plan, ProgramError)
from .periods import check_period, month_end, to_stockholm, year_month

if TYPE_CHECKING:  # at run time imported where used (start-up: `check` needs neither)
    from concurrent.futures import Future, ProcessPoolExecutor

    import filelock

LOCK_NAME = ".finsam-xl.lock"
STAGE_DIR = ".finsam-xl-ny"  # a run's outputs are written here, then swapped in together
ASIDE_DIR = ".finsam-xl-gammalt"  # the outputs they replace, until the swap has succeeded
LOCK_TIMEOUT = 5.0  # seconds a second run waits for the first
FEEDBACK_DIR = "aterkoppling"


@dataclass
class Outputs:
    """What a collect run wrote."""

    workbook: Path
    summary: Path
    feedback_dir: Path
    feedback: list[Path] = field(default_factory=list)
    marked: list[Path] = field(default_factory=list)  # marked copies beside the letters
    mark_failed: list[tuple[str, str]] = field(default_factory=list)  # (file, error type)
    removed: list[Path] = field(default_factory=list)


# ----------------------------------------------------------------------------- inbox


def scan_inbox(inbox: Path) -> list[Path]:
    """Every path under `inbox` that gets a line (see `_scan`), sorted by the path within
    the inbox."""
    return [p for p, _shown, _rel_path in _scan(Path(inbox))]


def _scan(inbox: Path) -> list[tuple[Path, str, str]]:
    """(path, path within `inbox` as shown, path within `inbox`) of everything under
    `inbox` that is not a folder it descends into: files, symbolic links of every kind,
    special files, and folders that cannot be listed. Each gets exactly one line. Folders
    are descended into; links are never descended into (no loop can hang a run, and a link
    to '/' cannot make it read the disk): a link to a file is read wherever it points, a
    link to a folder or to nothing is ignored and listed (`reader.classify`). The shown
    path is the path as outputs show it (`shown`); the list is sorted by it. Paths within
    `inbox` use '/' and are computed once per folder."""
    found = []
    stack = [(Path(inbox), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = [(e.name, _descend(e)) for e in entries]
        except OSError:
            if not prefix:
                raise  # the inbox itself: the caller says so
            found.append((folder, prefix[:-1]))  # a folder that cannot be listed: one line
            continue
        for name, descend in listed:
            if descend:
                stack.append((folder / name, f"{prefix}{name}/"))
            else:
                found.append((folder / name, prefix + name))
    out = [(p, shown(rel), rel) for p, rel in found]
    out.sort(key=lambda item: (item[1], item[2]))
    return out


def shown(path_text: str) -> str:
    """A path as every output shows it (terminal, letters and their names, summary,
    workbook): bytes of a file name that are not UTF-8 (which Python keeps as surrogate
    escapes, and no file or console can write) become U+FFFD, and any personnummer is
    masked (`pnr.mask`)."""
    from .pnr import mask

    if any("\udc80" <= ch <= "\udcff" for ch in path_text):
        path_text = path_text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return mask(path_text)


def _descend(entry: os.DirEntry) -> bool:
    """A real folder (not a link to one) is descended into."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _hidden_dir(relpath: str) -> bool:
    return any(part.startswith(".") for part in relpath.split("/")[:-1])


def read_one(path: Path, relpath: str, plan: Plan, within: str | None = None) -> FileReport:
    """Read and validate one file (per-file rules only). Never raises. `within`: the path
    inside a scanned folder (a file in a hidden sub folder of it is ignored)."""
    return _validated(_read_part(path, relpath, within), plan)


def _read_part(path: Path, relpath: str, within: str | None = None) -> FileReport:
    """The plan-free half of read_one: classify and parse one file (in a worker process when
    many files are read). Never raises. A parsed submission is returned with the reader's
    findings only; `_validated` adds the plan's rules."""
    from . import reader

    if within is not None and _hidden_dir(within):
        return FileReport(file=relpath, ignored_reason=M.COL_HIDDEN_DIR)
    try:
        reason = reader.classify(path)
        if reason is not None:
            return FileReport(file=relpath, ignored_reason=reason)
        sub, findings = reader.read_file(path, relpath)
    except Exception as exc:  # noqa: BLE001 - a bug in finsam-xl: reported, the run goes on
        return program_error(relpath, exc)
    return FileReport(file=relpath, findings=list(findings), submission=sub)


def program_error(relpath: str, exc: Exception) -> FileReport:
    """The report of a file whose reading or validation met a bug in finsam-xl: one
    `internal-error` finding that says so (not the file's fault: no letter is written for
    it), and the exception with its traceback (`model.ProgramError`) for a `--debug` run."""
    import traceback

    from .pnr import mask

    kind = type(exc).__name__
    error = ProgramError(kind=kind, text=mask(str(exc)),
                         traceback=mask("".join(traceback.format_exception(exc))))
    return FileReport(file=relpath, program_error=error, findings=[F.finding(
        F.INTERNAL_ERROR, relpath, M.READ_INTERNAL_ERROR.format(fil=relpath, fel=kind),
        value=kind)])


def _validated(report: FileReport, plan: Plan) -> FileReport:
    """The report of `_read_part` validated by the per-file rules of the plan: a new report
    with their findings added and the submission they validated (`FileCheck.applied_to`)."""
    sub = report.submission
    if sub is None or report.ignored_reason is not None:
        return report
    from .validate import validate_submission

    try:
        check = validate_submission(sub, plan, report.findings)
    except Exception as exc:  # noqa: BLE001 - a bug in finsam-xl: reported, the run goes on
        return program_error(report.file, exc)
    return dataclasses.replace(report, findings=report.findings + list(check.findings),
                               submission=check.applied_to(sub))


# ----------------------------------------------------------------------------- reading in parallel

# Files are parsed in a pool of worker processes (one per CPU, at most MAX_JOBS) when there
# are more than PARALLEL_MIN_FILES of them; fewer are read in this process (starting a pool
# costs more than it saves). `JOBS` overrides the number of workers (1 = never a pool; tests
# set it).
PARALLEL_MIN_FILES = 64
MAX_JOBS = 8  # beyond this, this process (validating what the workers send) is the limit
JOBS: int | None = None
# The pool's multiprocessing start method: None = the platform's default (fork on Linux up to
# Python 3.13, forkserver from 3.14, spawn on Windows and macOS). Everything a worker runs is
# a module-level function of this module, importable in a fresh process, so every method
# gives the same results (tests/test_parallel.py runs the pool under spawn and fork).
START_METHOD: str | None = None


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@contextmanager
def _gc_paused():
    """Python's cyclic garbage collector off while a run builds its many long-lived, acyclic
    objects (reports, frames, workbook cells): with it on, about a tenth of a run went to
    collections that found nothing to free (measured 0.23 s of 2.35 s for 1 008 files and
    2.6 s of 22.8 s for 14 112). Reference counting frees everything as usual; the collector
    is switched back on afterwards (if it was on)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _worker_start() -> None:
    """A pool worker turns the collector back on (forked while it was paused) and leaves
    Ctrl-C to the main process, which stops the pool: so an interrupted run prints no
    traceback from the workers."""
    import signal

    gc.enable()
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):  # pragma: no cover - not the main thread / no signals
        pass


def _read_chunk(items: list[tuple[str, str, str | None]]) -> list[FileReport]:
    """Worker: `_read_part` over a chunk of (path, relpath, within)."""
    return [_read_part(Path(p), rel, within) for p, rel, within in items]


class _Reading:
    """The parsed reports of `items` [(path, relpath, within)], in the order of `items`, from
    a process pool started at once (so that this process can meanwhile read the plan and
    import the workbook writer) or, for few files or when no pool can start, read here one by
    one as they are asked for. Results are the same either way: a worker runs the same
    `_read_part`, and its reports come back pickled, chunk by chunk, in order."""

    def __init__(self, items: Sequence[tuple[Path, str, str | None]], jobs: int | None = None):
        self.items = items
        jobs = JOBS if jobs is None else jobs
        if jobs is None:
            jobs = min(_cpu_count(), MAX_JOBS) if len(items) > PARALLEL_MIN_FILES else 1
        self.jobs = max(1, min(jobs, len(items) // 8 or 1))
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future[list[FileReport]]] = []
        self.chunks: list[list[int]] = []
        if self.jobs > 1:
            self._start()

    def _start(self) -> None:
        from concurrent.futures import ProcessPoolExecutor

        n = len(self.items)
        size = max(8, min(64, n // (self.jobs * 8) or 1))
        self.chunks = [list(range(i, min(i + size, n))) for i in range(0, n, size)]
        try:
            import multiprocessing

            self.pool = ProcessPoolExecutor(
                max_workers=self.jobs, initializer=_worker_start,
                mp_context=multiprocessing.get_context(START_METHOD))
            for chunk in self.chunks:
                self.futures.append(self.pool.submit(_read_chunk, [
                    (str(self.items[i][0]), self.items[i][1], self.items[i][2])
                    for i in chunk]))
        except Exception:  # noqa: BLE001 - no pool (no /dev/shm, no fork): read here
            self.close()
            self.futures, self.chunks = [], []

    def __iter__(self):
        done = 0
        broken = False
        try:
            for chunk, fut in zip(self.chunks, self.futures, strict=True):
                try:
                    reports = fut.result()
                except Exception:  # noqa: BLE001 - a broken pool (a worker died): read the
                    broken = True  # rest here
                    break
                if len(reports) != len(chunk):
                    broken = True
                    break
                yield from reports
                done += len(chunk)
        finally:
            self.close(wait=not broken)
        for path, rel, within in self.items[done:]:
            yield _read_part(path, rel, within)

    def close(self, wait: bool = True) -> None:
        """Stop the pool: cancel what has not started; wait for the workers unless the pool
        is broken (then its own thread ends them)."""
        if self.pool is not None:
            pool, self.pool = self.pool, None
            pool.shutdown(wait=wait, cancel_futures=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def _inbox_items(inbox: Path) -> list[tuple[Path, str, str]]:
    """(path, path as shown, path within the inbox) of every path that gets a line."""
    return _scan(Path(inbox))


def _read_all(items, plan: Plan, progress=None, reading: _Reading | None = None
              ) -> list[FileReport]:
    """Reports for `items` [(path, relpath, within)], validated against `plan`, in order;
    `progress(relpath)` after each file."""
    if reading is None:
        reading = _Reading(items)
    reports = []
    with reading:
        for (_path, rel, _within), report in zip(items, reading, strict=True):
            reports.append(_validated(report, plan))
            if progress is not None:
                progress(rel)
    return reports


def _validate_period(period: str | None, plan: Plan) -> str | None:
    """--period of collect and remind, normalised; None when not given."""
    if period is None:
        return None
    return check_period(period, plan.ar, M.COL_BAD_PERIOD, M.COL_PERIOD_OUTSIDE)


def _now() -> datetime:
    """The time of the run (UTC); tests replace it. The environment variable
    SOURCE_DATE_EPOCH (seconds since 1970-01-01 UTC, the reproducible-builds convention)
    fixes it, so that two runs over the same inbox write byte-identical outputs
    (benchmarks/identity.py relies on it); a value that is not a whole number is refused."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return datetime.now(timezone.utc)
    if not epoch.strip().isdigit():
        raise FinsamError(M.COL_BAD_EPOCH.format(varde=epoch))
    return datetime.fromtimestamp(int(epoch), timezone.utc)


def default_period(used: dict, plan: Plan, now: datetime) -> PeriodChoice | None:
    """The default period P, by a rule that one mistyped cell cannot move: among the months
    of the plan year that have ended (at `now`, Swedish time) and have an accepted report,
    the latest that at least half of the insatser active in it have reported. When no
    month reaches half (a young inbox, a small plan), the ended month with the most
    reporting insatser, the latest of equals; when no month with reports has ended, the
    same among all months with reports. `used`: {(insats id, period): the report used}.
    None when nothing was accepted. Every later month with reports is passed over."""
    today = to_stockholm(now).date()
    by_month: dict[str, set[str]] = {}
    for insats_id, period in used:
        if year_month(period)[0] == plan.ar:
            by_month.setdefault(period, set()).add(insats_id)
    months = [MonthCount(p, len(ids), len(plan.active_insatser(year_month(p)[1])),
                         today >= month_end(p)) for p, ids in sorted(by_month.items())]
    if not months:
        return None
    ended = [m for m in months if m.ended] or months
    full = [m for m in ended if m.half]
    chosen = full[-1] if full else max(ended, key=lambda m: (m.reported, m.period))
    return PeriodChoice(chosen, tuple(m for m in months if m.period > chosen.period))


def build_result(reports: list[FileReport], plan: Plan, period: str | None) -> CollectResult:
    """Batch rules over validated reports, then the used submission per (insats, month) up to
    P (P = `period` or `default_period`; '' when nothing was accepted)."""
    from .validate import is_late, validate_batch

    check = validate_batch(reports, plan)
    reports = check.applied_to(reports)
    chosen = {k: reports[i] for k, i in check.used.items()}
    now = _now()
    choice = None if period else default_period(chosen, plan, now)
    p = period or (choice.chosen.period if choice else "")
    used = {k: s for k, r in sorted(chosen.items())
            if p and k[1] <= p and (s := r.submission) is not None}
    late = {k for k, s in used.items() if is_late(s, plan)}
    return CollectResult(plan=plan, period=p, reports=reports, used=used, written_at=now,
                         late=late, choice=choice)


def gather(inbox: Path, plan: Plan, period: str | None = None, progress=None,
           reading: _Reading | None = None) -> CollectResult:
    """Read and validate every file in `inbox` (read-only; nothing is written anywhere).
    `progress(relpath)` is called after each file. `reading`: the inbox's files already being
    read (see `_start_reading`)."""
    inbox = Path(inbox)
    period = _validate_period(period, plan)
    _check_inbox(inbox)
    with _gc_paused():
        if reading is None:
            reading = _Reading(_inbox_items(inbox))
        reports = _read_all(reading.items, plan, progress, reading)
        return build_result(reports, plan, period)


def check_files(paths: list[Path], plan: Plan) -> list[FileReport]:
    """`check`: read and validate the given files (a folder is read recursively), with the
    cross-file rules among them. A path that does not exist gets an error report."""
    items: list = []  # (path, relpath, within), or a ready report
    for given in paths:
        given = Path(given)
        label = shown(str(given))
        if given.is_dir():
            found = _scan(given)
            items += [(p, shown((given / rel).as_posix()), rel) for p, _s, rel in found]
            if not found:
                items.append(FileReport(file=label, findings=[F.finding(
                    F.EMPTY_FOLDER, label, M.COL_EMPTY_FOLDER.format(fil=label))]))
        elif given.exists() or given.is_symlink():
            items.append((given, label, None))
        else:
            items.append(FileReport(file=label, findings=[F.finding(
                F.FILE_NOT_FOUND, label, M.COL_FILE_NOT_FOUND.format(fil=label))]))
    readable = [i for i in items if not isinstance(i, FileReport)]
    read = iter(_read_all(readable, plan))
    reports = [i if isinstance(i, FileReport) else next(read) for i in items]
    from .validate import validate_batch

    return validate_batch(reports, plan).applied_to(reports)


def _start_reading(inbox: Path, outbox: Path) -> _Reading | None:
    """The inbox's files, scanned once; with enough of them, their parsing starts at once in
    worker processes, before the plan is read. None when the folders are not usable (the
    caller reports that in its usual order)."""
    try:
        _check_boxes(inbox, outbox)
        return _Reading(_inbox_items(inbox))
    except (FinsamError, OSError):
        return None


def _preload_writer() -> None:
    """Import the workbook writer (pandas, xlsxwriter) and run its fast writers' self-check
    (`wb.probe`, once per process) while the workers parse."""
    try:
        from . import workbook  # noqa: F401
        from .wb import book, probe  # noqa: F401
    except ImportError:
        return
    probe.fast_writers_ok()


# ----------------------------------------------------------------------------- outputs


def feedback_name(relpath: str) -> str:
    """'sub/dir/2025-03_isa.xlsx' -> 'sub__dir__2025-03_isa.txt'."""
    parts = relpath.split("/")
    stem, dot, _ = parts[-1].rpartition(".")
    parts[-1] = stem if dot and stem else parts[-1]
    return "__".join(parts) + ".txt"


def _inside(a: Path, b: Path) -> bool:
    """a is b or lies inside b."""
    try:
        a.relative_to(b)
        return True
    except ValueError:
        return False


def _check_inbox(inbox: Path) -> None:
    if not inbox.exists():
        raise FinsamError(M.COL_NO_INBOX.format(inbox=inbox))
    if not inbox.is_dir():
        raise FinsamError(M.COL_INBOX_NOT_DIR.format(inbox=inbox))


def _check_boxes(inbox: Path, outbox: Path) -> None:
    _check_inbox(inbox)
    if outbox.exists() and not outbox.is_dir():
        raise FinsamError(M.COL_OUTBOX_NOT_DIR.format(outbox=outbox))
    a, b = inbox.resolve(), outbox.resolve()
    if _inside(a, b) or _inside(b, a):
        raise FinsamError(M.COL_OVERLAP.format(inbox=inbox, outbox=outbox))


class _Lock:
    """filelock on outbox/.finsam-xl.lock; a second run waits LOCK_TIMEOUT seconds."""

    def __init__(self, outbox: Path, timeout: float = LOCK_TIMEOUT):
        self.outbox = outbox
        self.path = outbox / LOCK_NAME
        self.timeout = timeout
        self._lock: filelock.BaseFileLock | None = None

    def __enter__(self):
        import filelock

        from .errors import os_error_text

        try:
            self.outbox.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FinsamError(M.COL_WRITE_FAILED.format(path=self.outbox,
                                                        error=os_error_text(exc))) from None
        self._lock = filelock.FileLock(str(self.path), timeout=self.timeout)
        try:
            self._lock.acquire()
        except filelock.Timeout:
            raise FinsamError(M.COL_LOCKED.format(outbox=self.outbox, lock=self.path)) from None
        except OSError as exc:
            raise FinsamError(M.COL_WRITE_FAILED.format(path=self.path,
                                                        error=os_error_text(exc))) from None
        return self

    def __exit__(self, *exc):
        assert self._lock is not None  # __exit__ runs only after __enter__ took the lock
        self._lock.release()
        return False


def _summary_json(result: CollectResult, outputs: Outputs) -> str:
    def finding(f: Finding) -> dict:
        return {"code": f.code, "severity": f.severity, "field": f.field, "cell": f.cell,
                "value": f.value, "expected": f.expected, "message": f.message}

    files = []
    for r in result.reports:
        s = r.submission
        files.append({
            "file": r.file, "status": r.status, "ignored_reason": r.ignored_reason,
            "superseded_by": r.superseded_by,
            "insats": s.insats if s else None, "period": s.period if s else None,
            "sha256": s.sha256 if s else None,
            "modified": s.modified.isoformat() if s and s.modified else None,
            "findings": [finding(f) for f in r.findings],
        })
    data = {
        "forbund": result.plan.namn, "ar": result.plan.ar, "period": result.period,
        "written_at": result.written_at.isoformat(),
        "workbook": outputs.workbook.name,
        "used": [{"insats": i, "period": p, "file": s.relpath, "sha256": s.sha256,
                  "late": (i, p) in result.late} for (i, p), s in sorted(result.used.items())],
        "files": files,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _unique(name: str, relpath: str, taken: set[str]) -> str:
    """A feedback file name not used yet in this run (compared without case, for file systems
    that ignore it): the plain name, else the name with the file's extension kept, else a
    number added. `taken` holds case-folded names and is updated."""
    candidates = [name, "__".join(relpath.split("/")) + ".txt"]
    n = 2
    while True:
        for c in candidates:
            if c.casefold() not in taken:
                taken.add(c.casefold())
                return c
        candidates = [f"{name[:-4]} ({n}).txt"]
        n += 1


def _marked_copy(report: FileReport, path: Path) -> tuple[Path | None, str | None]:
    """The marked copy of the report's file (`marked.py`) written to `path`: (path, None),
    or (None, None) when there is none to make, or (None, kind of error) when marking failed
    unexpectedly (a bug, never the file's fault: the letter still goes, without the copy)."""
    from .marked import write_marked_copy

    try:
        return write_marked_copy(report, path), None
    except OSError:
        raise
    except Exception as exc:  # noqa: BLE001 - a bug in the marking: the letter still goes
        return None, type(exc).__name__


def write_outputs(result: CollectResult, outbox: Path, publish: bool = False) -> Outputs:
    """The workbook, then feedback for every file with findings, then the summary."""
    with _gc_paused():
        return _write_outputs(result, Path(outbox), publish)


def _write_outputs(result: CollectResult, outbox: Path, publish: bool = False) -> Outputs:
    """Every output of the run is written to the staging folder `outbox/.finsam-xl-ny`
    (workbook, letters, summary; the writer is imported here, so pandas and xlsxwriter load
    only when a workbook is written), then put in place together (`atomic.swap_in`): a run
    that fails at any point leaves the outbox as it was, and the workbook, the letters and
    the summary in it always come from the same run. The workbook it replaces is kept in
    `outbox/tidigare/` (at most wb.book.PREVIOUS_KEEP per period)."""
    from .atomic import swap_in
    from .errors import os_error_text
    from .wb.book import PREVIOUS_DIR, filename, keep_previous, prune_previous

    stage, aside = outbox / STAGE_DIR, outbox / ASIDE_DIR
    had_previous_dir = os.path.lexists(outbox / PREVIOUS_DIR)
    out = Outputs(workbook=outbox / filename(result.period), feedback_dir=outbox / FEEDBACK_DIR,
                  summary=outbox / f"sammanfattning-{result.period}.json")
    kept = None
    try:
        for folder in (stage, aside):
            shutil.rmtree(folder, ignore_errors=True)  # what a killed run left
        moves = _staged_outputs(result, out, stage, publish)
        kept = keep_previous(outbox, result.period)
        swap_in(moves, aside)
    except OSError as exc:
        if kept is not None:
            with contextlib.suppress(OSError):
                kept.unlink()
                if not had_previous_dir:
                    kept.parent.rmdir()
        where = str(exc.filename or outbox).replace(str(stage), str(outbox), 1)
        raise FinsamError(M.COL_WRITE_FAILED.format(path=where, error=os_error_text(exc))) \
            from None
    finally:
        for folder in (stage, aside):
            shutil.rmtree(folder, ignore_errors=True)
    prune_previous(outbox, result.period)
    return out


def _staged_outputs(result: CollectResult, out: Outputs, stage: Path, publish: bool = False
                    ) -> list[tuple[Path | None, Path]]:
    """Write the workbook, a letter for every file that needs one, and the summary into
    `stage`; fill `out` (final paths, and the letters of earlier runs that go); return the
    moves that put them in place."""
    from .atomic import write_text_atomic
    from .feedback import feedback_text, needs_letter
    from .wb import changes, publish as published
    from .wb.book import build_file

    earlier = changes.earlier_workbook(out.workbook.parent, result.period)  # for Ändringar
    moves: list[tuple[Path | None, Path]] = [
        (build_file(result, stage / out.workbook.name, earlier), out.workbook)]
    moves += published.staged(result, out.workbook, stage, publish)  # collect --publicera
    taken: set[str] = set()
    for r in result.reports:
        if not needs_letter(r):
            continue
        name = _unique(feedback_name(r.file), r.file, taken)
        copy_name = name[:-4] + ".xlsx"
        marked, failed = _marked_copy(r, stage / FEEDBACK_DIR / copy_name)
        if failed is not None:
            out.mark_failed.append((r.file, failed))
        if marked is not None:
            taken.add(copy_name.casefold())
            moves.append((marked, out.feedback_dir / copy_name))
            out.marked.append(out.feedback_dir / copy_name)
        staged = write_text_atomic(
            stage / FEEDBACK_DIR / name,
            feedback_text(r, result.plan, result.period,
                          copy_name if marked is not None else None), fsync=False)
        moves.append((staged, out.feedback_dir / name))
        out.feedback.append(out.feedback_dir / name)
    if out.feedback_dir.is_dir():  # letters and copies of earlier runs no file needs any more
        for old in sorted(out.feedback_dir.iterdir()):
            if old.suffix in (".txt", ".xlsx") and old.name.casefold() not in taken \
                    and old.is_file() and not old.is_symlink():
                out.removed.append(old)
                moves.append((None, old))
    summary = write_text_atomic(stage / out.summary.name, _summary_json(result, out))
    moves.append((summary, out.summary))
    return moves


# ----------------------------------------------------------------------------- collect


def _run(inbox: Path, outbox: Path, plan: Plan | None, period: str | None, *,
         plan_file: Path | None = None, progress=None, bar=None, on_reports=None,
         publish: bool = False) -> tuple[CollectResult, Outputs]:
    """The one flow of `collect`. With many files, the workers start parsing them first,
    while this process reads the plan (`plan`, or `plan_file` / plan.xlsx / the embedded
    one when `plan` is None) and imports the workbook writer; errors (plan, period, folders)
    are still reported in that order. `progress(relpath)` after each file, or `bar(total)`: a
    context manager whose `update(1)` is called instead (the CLI's progress bar).
    `on_reports(result)` sees the result before anything is written."""
    inbox, outbox = Path(inbox), Path(outbox)
    reading = _start_reading(inbox, outbox)
    try:
        if plan is None:
            from .plan import resolve_plan

            plan = resolve_plan(plan_file)
        period = _validate_period(period, plan)
        _check_boxes(inbox, outbox)
        if reading is None:  # the folders were not usable a moment ago, but are now
            reading = _Reading(_inbox_items(inbox))
        if reading.pool is not None:
            _preload_writer()
        with _Lock(outbox):
            if bar is not None:
                with bar(len(reading.items)) as b:
                    result = gather(inbox, plan, period, progress=lambda _rel: b.update(1),
                                    reading=reading)
            else:
                result = gather(inbox, plan, period, progress=progress, reading=reading)
            if on_reports is not None:
                on_reports(result)
            if not result.period:
                raise FinsamError(M.COL_NO_ACCEPTED.format(inbox=inbox))
            outputs = write_outputs(result, outbox, publish)
    finally:
        if reading is not None:
            reading.close()
    return result, outputs


def collect(inbox: Path, outbox: Path, plan: Plan, period: str | None = None,
            progress=None) -> CollectResult:
    """The monthly job without printing: returns the CollectResult handed to the workbook."""
    return _run(inbox, outbox, plan, period, progress=progress)[0]


def counts(result: CollectResult) -> dict[str, int]:
    c = {ACCEPTED: 0, REJECTED: 0, IGNORED: 0, SUPERSEDED: 0, "warnings": 0}
    for r in result.reports:
        status = r.status
        if status == SUPERSEDED and not r.errors and \
                not any(f.code == F.SUPERSEDED.code for f in r.findings):
            status = ACCEPTED  # a byte-identical copy is merged silently
        c[status] += 1
        c["warnings"] += len(r.warnings) if status != IGNORED else 0
    return c


def period_lines(result: CollectResult, given: bool) -> list[str]:
    """How P was chosen, and why each later month with accepted reports was passed over."""
    if given or result.choice is None:
        return [M.COL_PERIOD_GIVEN.format(period=result.period)]
    c = result.choice.chosen
    rule = (M.COL_PERIOD_HALF if c.half else M.COL_PERIOD_MOST if c.ended
            else M.plural(M.COL_PERIOD_NONE_ENDED, c.active))
    lines = [rule.format(period=c.period, k=c.reported, n=c.active)]
    for m in result.choice.passed_over:
        why = M.plural(M.COL_PASSED_NOT_ENDED, m.active) if not m.ended else M.COL_PASSED_FEW
        lines.append(why.format(period=m.period, k=m.reported, n=m.active))
    return lines


def run_collect_cli(inbox: Path, outbox: Path, plan_file: Path | None, period: str | None,
                    echo, plan: Plan | None = None, debug_echo=None, publish: bool = False
                    ) -> int:
    """The `collect` command: one line per file, a summary, where the outputs are. Returns
    the number of rejected files (the CLI exits 1 on them only with --strict).
    `debug_echo`: where the traceback of a file that met a bug goes (`--debug`)."""
    import click

    from .feedback import file_line

    def print_lines(result: CollectResult) -> None:
        for r in result.reports:
            echo(file_line(r, result.period or None))
            if debug_echo is not None and r.program_error is not None:
                debug_echo(r.program_error.traceback)

    def bar(total: int):
        return click.progressbar(length=total, label=M.COL_PROGRESS)

    result, outputs = _run(inbox, outbox, plan, period, plan_file=plan_file,
                           bar=bar if sys.stdout.isatty() else None, on_reports=print_lines,
                           publish=publish)

    c = counts(result)
    echo("")
    echo(M.COL_SUMMARY.format(lasta=len(result.reports), godkanda=c[ACCEPTED],
                              underkanda=c[REJECTED], ignorerade=c[IGNORED],
                              ersatta=c[SUPERSEDED], varningar=c["warnings"]))
    for line in period_lines(result, given=bool(period)):
        echo(line)
    later = sum(1 for r in result.reports if r.valid and r.submission is not None
                and r.superseded_by is None and (r.submission.period or "") > result.period)
    if later:
        echo(M.plural(M.COL_LATER_NOT_COUNTED, later).format(n=later, period=result.period))
    echo(M.COL_WORKBOOK.format(path=outputs.workbook))
    if publish:
        from .wb.publish import filename

        echo(M.WB_PUB_WRITTEN.format(path=outputs.workbook.parent / filename(result.period)))
    if outputs.feedback:
        n = len(outputs.feedback)
        echo(M.plural(M.COL_FEEDBACK, n).format(n=n, path=outputs.feedback_dir))
    else:
        echo(M.COL_FEEDBACK_NONE)
    if outputs.marked:
        echo(M.COL_MARKED.format(n=len(outputs.marked), path=outputs.feedback_dir))
    for fil, kind in outputs.mark_failed:
        echo(M.COL_MARK_FAILED.format(fil=fil, kind=kind))
    return c[REJECTED]

