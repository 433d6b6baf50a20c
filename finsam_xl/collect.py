"""`collect` and `check` (SPEC sections 5-7): read every file, validate, choose the
submission used per insats and month, write feedback and the follow-up workbook.

The inbox is only ever read: files are opened read-only by the reader, and nothing under the
inbox is created, modified, moved or deleted (an outbox inside the inbox, or the reverse, is
refused). Outputs are written atomically (`atomic.py`) under a lock on the outbox
(`outbox/.finsam-xl.lock`), so two runs never interleave their writes.

Decisions where the spec is silent:
- Period P: --period, else the latest month with an accepted file. Without one, nothing is
  written (exit 1) and the per-file lines explain why.
- Feedback: `outbox/aterkoppling/` mirrors the current inbox: each run writes one file per
  inbox file with findings and removes the `.txt` files there that it did not write (a file
  that was fixed or removed needs no feedback). When inbox files map to the same name
  (`a/b.xlsx` and `a__b.xlsx`, or `x.xls` and `x.xlsx`; compared without case), the first
  in path order gets the plain name and the others keep their extension (`x.xlsx.txt`).
  Feedback files are not fsync'ed one by one (they are regenerated on every run; the rename
  still guarantees no half file after a crash).
- A machine-readable `outbox/sammanfattning-<P>.json` (per-file status and findings, used
  submissions) is written on every run, beside the workbook. Writing order: workbook,
  feedback, summary; a failure stops the run with exit 1.
- Files in hidden folders of the inbox (`.git/…`) are ignored and listed like hidden files.
- The lock waits LOCK_TIMEOUT seconds, then the second run stops with a Swedish message.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import messages as M
from .errors import FinsamError
from .model import (ACCEPTED, ERROR, IGNORED, REJECTED, SUPERSEDED, CollectResult, FileReport,
                    Finding, Plan, parse_period, period_str)

LOCK_NAME = ".finsam-xl.lock"
LOCK_TIMEOUT = 5.0  # seconds a second run waits for the first
FEEDBACK_DIR = "aterkoppling"


class PeriodError(FinsamError):
    """--period is malformed or outside the plan year (a usage error for the CLI)."""


@dataclass
class Outputs:
    """What a collect run wrote."""

    workbook: Path | None = None
    summary: Path | None = None
    feedback_dir: Path | None = None
    feedback: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


# ----------------------------------------------------------------------------- inbox


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def scan_inbox(inbox: Path) -> list[Path]:
    """Every file under `inbox` (recursively, not following symlinked folders), sorted by
    the path within the inbox."""
    inbox = Path(inbox)
    found = []
    for dirpath, dirnames, filenames in os.walk(inbox, followlinks=False):
        for name in filenames:
            p = Path(dirpath) / name
            if p.is_file():
                found.append(p)
    return sorted(found, key=lambda p: _rel(p, inbox))


def _hidden_dir(relpath: str) -> bool:
    return any(part.startswith(".") for part in relpath.split("/")[:-1])


def read_one(path: Path, relpath: str, plan: Plan, within: str | None = None) -> FileReport:
    """Read and validate one file (per-file rules only). Never raises. `within`: the path
    inside a scanned folder (a file in a hidden sub folder of it is ignored)."""
    from . import reader
    from .validate import validate_submission

    if within is not None and _hidden_dir(within):
        return FileReport(file=relpath, ignored_reason=M.COL_HIDDEN_DIR)
    try:
        reason = reader.classify(path)
    except Exception:  # noqa: BLE001 - classification must never stop a run
        reason = None
    if reason is not None:
        return FileReport(file=relpath, ignored_reason=reason)
    try:
        sub, findings = reader.read_file(path, relpath)
        findings = list(findings)
        if sub is not None:
            findings += validate_submission(sub, plan, findings)
    except Exception as exc:  # noqa: BLE001 - a reader bug rejects the file, not the run
        sub = None
        findings = [Finding(code="file-unreadable", severity=ERROR, file=relpath,
                            message=M.COL_READ_CRASH.format(fil=relpath,
                                                            fel=type(exc).__name__))]
    return FileReport(file=relpath, findings=findings, submission=sub)


def _validate_period(period: str | None, plan: Plan) -> str | None:
    if period is None:
        return None
    parsed = parse_period(period)
    if parsed is None:
        raise PeriodError(M.COL_BAD_PERIOD.format(period=period, ar=plan.ar))
    if parsed[0] != plan.ar:
        raise PeriodError(M.COL_PERIOD_OUTSIDE.format(period=period, ar=plan.ar))
    return period_str(*parsed)


def latest_period(reports: list[FileReport], plan: Plan) -> str | None:
    """The latest month of the plan year with an accepted file."""
    periods = [r.submission.period for r in reports
               if r.valid and r.submission is not None and r.submission.period
               and parse_period(r.submission.period)
               and parse_period(r.submission.period)[0] == plan.ar]
    return max(periods) if periods else None


def build_result(reports: list[FileReport], plan: Plan, period: str | None) -> CollectResult:
    """Batch rules over validated reports, then the used submission per (insats, month) up to
    P (P = `period` or the latest accepted month; '' when there is none)."""
    from .validate import is_late, validate_batch

    chosen = validate_batch(reports, plan)
    p = period or latest_period(reports, plan) or ""
    used = {k: r.submission for k, r in sorted(chosen.items()) if p and k[1] <= p}
    late = {k for k, s in used.items() if is_late(s, plan)}
    return CollectResult(plan=plan, period=p, reports=reports, used=used,
                         written_at=datetime.now(timezone.utc), late=late)


def gather(inbox: Path, plan: Plan, period: str | None = None, progress=None) -> CollectResult:
    """Read and validate every file in `inbox` (read-only; nothing is written anywhere).
    `progress(relpath)` is called after each file."""
    inbox = Path(inbox)
    period = _validate_period(period, plan)
    _check_inbox(inbox)
    reports = []
    for path in scan_inbox(inbox):
        rel = _rel(path, inbox)
        reports.append(read_one(path, rel, plan, within=rel))
        if progress is not None:
            progress(rel)
    return build_result(reports, plan, period)


def check_files(paths: list[Path], plan: Plan) -> list[FileReport]:
    """`check`: read and validate the given files (a folder is read recursively), with the
    cross-file rules among them. A path that does not exist gets an error report."""
    reports = []
    for given in paths:
        given = Path(given)
        if given.is_dir():
            for p in scan_inbox(given):
                rel = _rel(p, given)
                reports.append(read_one(p, (given / rel).as_posix(), plan, within=rel))
        elif given.exists():
            reports.append(read_one(given, str(given), plan))
        else:
            reports.append(FileReport(file=str(given), findings=[Finding(
                code="file-not-found", severity=ERROR, file=str(given),
                message=M.COL_FILE_NOT_FOUND.format(fil=given))]))
    from .validate import validate_batch

    validate_batch(reports, plan)
    return reports


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
        self._lock = None

    def __enter__(self):
        import filelock

        try:
            self.outbox.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FinsamError(M.COL_WRITE_FAILED.format(path=self.outbox,
                                                        error=exc.strerror or exc)) from None
        self._lock = filelock.FileLock(str(self.path), timeout=self.timeout)
        try:
            self._lock.acquire()
        except filelock.Timeout:
            raise FinsamError(M.COL_LOCKED.format(outbox=self.outbox, lock=self.path)) from None
        except OSError as exc:
            raise FinsamError(M.COL_WRITE_FAILED.format(path=self.path,
                                                        error=exc.strerror or exc)) from None
        return self

    def __exit__(self, *exc):
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
        "workbook": outputs.workbook.name if outputs.workbook else None,
        "used": [{"insats": i, "period": p, "file": s.relpath, "sha256": s.sha256,
                  "late": (i, p) in result.late} for (i, p), s in sorted(result.used.items())],
        "files": files,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _write_workbook(result: CollectResult, outbox: Path) -> Path | None:
    """workbook.write_followup when that part exists; None when it is not installed."""
    try:
        from . import workbook

        write = getattr(workbook, "write_followup", None)
        if write is None:
            return None
        return Path(write(result, outbox))
    except ModuleNotFoundError as exc:
        if (exc.name or "").startswith("finsam_xl"):
            return None
        raise


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


def write_outputs(result: CollectResult, outbox: Path) -> Outputs:
    """The workbook, then feedback for every file with findings, then the summary."""
    from .atomic import write_text_atomic
    from .feedback import feedback_text

    outbox = Path(outbox)
    out = Outputs()
    out.workbook = _write_workbook(result, outbox)
    fb_dir = outbox / FEEDBACK_DIR
    out.feedback_dir = fb_dir
    taken: set[str] = set()
    try:
        for r in result.reports:
            if not r.findings:
                continue
            name = _unique(feedback_name(r.file), r.file, taken)
            out.feedback.append(write_text_atomic(fb_dir / name, feedback_text(r, result.plan),
                                                  fsync=False))
        if fb_dir.is_dir():
            for old in sorted(fb_dir.iterdir()):
                if old.suffix == ".txt" and old.name.casefold() not in taken and old.is_file() \
                        and not old.is_symlink():
                    old.unlink()
                    out.removed.append(old)
        out.summary = write_text_atomic(outbox / f"sammanfattning-{result.period}.json",
                                        _summary_json(result, out))
    except OSError as exc:
        raise FinsamError(M.COL_WRITE_FAILED.format(path=exc.filename or outbox,
                                                    error=exc.strerror or exc)) from None
    return out


# ----------------------------------------------------------------------------- collect


def _run(inbox: Path, outbox: Path, plan: Plan, period: str | None, progress=None
         ) -> tuple[CollectResult, Outputs]:
    inbox, outbox = Path(inbox), Path(outbox)
    period = _validate_period(period, plan)
    _check_boxes(inbox, outbox)
    with _Lock(outbox):
        result = gather(inbox, plan, period, progress=progress)
        if not result.period:
            raise FinsamError(M.COL_NO_ACCEPTED.format(inbox=inbox))
        outputs = write_outputs(result, outbox)
    return result, outputs


def collect(inbox: Path, outbox: Path, plan: Plan, period: str | None = None,
            progress=None) -> CollectResult:
    """The monthly job without printing: returns the CollectResult handed to the workbook."""
    return _run(inbox, outbox, plan, period, progress)[0]


def counts(result: CollectResult) -> dict[str, int]:
    c = {ACCEPTED: 0, REJECTED: 0, IGNORED: 0, SUPERSEDED: 0, "warnings": 0}
    for r in result.reports:
        status = r.status
        if status == SUPERSEDED and not any(f.code == "superseded" for f in r.findings):
            status = ACCEPTED  # a byte-identical copy is merged silently
        c[status] += 1
        c["warnings"] += len(r.warnings) if status != IGNORED else 0
    return c


def run_collect_cli(inbox: Path, outbox: Path, plan_file: Path | None, period: str | None,
                    echo, plan: Plan | None = None) -> int:
    """The `collect` command: one line per file, a summary, where the outputs are. Returns
    the number of rejected files (the CLI exits 1 on them only with --strict)."""
    import click

    from .feedback import file_line

    if plan is None:
        from .plan import resolve_plan

        plan = resolve_plan(plan_file)
    inbox, outbox = Path(inbox), Path(outbox)
    period = _validate_period(period, plan)
    _check_boxes(inbox, outbox)
    with _Lock(outbox):
        if sys.stdout.isatty():
            total = len(scan_inbox(inbox))
            with click.progressbar(length=total, label=M.COL_PROGRESS) as bar:
                result = gather(inbox, plan, period, progress=lambda _rel: bar.update(1))
        else:
            result = gather(inbox, plan, period)
        for r in result.reports:
            echo(file_line(r, result.period or None))
        if not result.period:
            raise FinsamError(M.COL_NO_ACCEPTED.format(inbox=inbox))
        outputs = write_outputs(result, outbox)

    c = counts(result)
    echo("")
    echo(M.COL_SUMMARY.format(lasta=len(result.reports), godkanda=c[ACCEPTED],
                              underkanda=c[REJECTED], ignorerade=c[IGNORED],
                              ersatta=c[SUPERSEDED], varningar=c["warnings"]))
    if period:
        echo(M.COL_PERIOD_GIVEN.format(period=result.period))
    else:
        echo(M.COL_PERIOD_LATEST.format(period=result.period))
    later = sum(1 for r in result.reports if r.valid and r.submission is not None
                and r.superseded_by is None and (r.submission.period or "") > result.period)
    if later:
        echo(M.COL_LATER_NOT_COUNTED.format(n=later, period=result.period))
    if outputs.workbook is not None:
        echo(M.COL_WORKBOOK.format(path=outputs.workbook))
    else:
        echo(M.COL_NO_WORKBOOK.format(path=outputs.summary))
    if outputs.feedback:
        echo(M.COL_FEEDBACK.format(n=len(outputs.feedback), path=outputs.feedback_dir))
    else:
        echo(M.COL_FEEDBACK_NONE)
    return c[REJECTED]

