"""Reading and validating one file: never raises. A bug in finsam-xl met on the way becomes
the file's `internal-error` report (not the file's fault), and the run goes on."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .. import findings as F
from .. import messages as M
from .. import pnr
from ..model import FileReport, Plan, Plans, ProgramError, Submission
from ..periods import parse_period, period_str, year_month
from .scan import hidden_dir


def read_one(path: Path, relpath: str, plan: Plan | Plans,
             within: str | None = None) -> FileReport:
    """Read and validate one file (per-file rules only). Never raises. `within`: the path
    inside a scanned folder (a file in a hidden sub folder of it is ignored)."""
    return validated(read_part(path, relpath, within), plan)


def read_part(path: Path, relpath: str, within: str | None = None) -> FileReport:
    """The plan-free half of read_one: classify and parse one file (in a worker process when
    many files are read). Never raises. A parsed submission is returned with the reader's
    findings only; `validated` adds the plan's rules."""
    from .. import reader

    if within is not None and hidden_dir(within):
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

    kind = type(exc).__name__
    error = ProgramError(kind=kind, text=pnr.mask(str(exc)),
                         traceback=pnr.mask("".join(traceback.format_exception(exc))))
    return FileReport(file=relpath, program_error=error, findings=[F.finding(
        F.INTERNAL_ERROR, relpath, value=kind, fel=kind)])


def validated(report: FileReport, plans: Plan | Plans, primary: Plan | None = None
              ) -> FileReport:
    """The report of `read_part` validated by the per-file rules of the plan of its period's
    year: a new report with their findings added and the submission they validated
    (`FileCheck.applied_to`). A file of a year for which no plan is given is ignored, with
    the reason naming its year and the plans' years (`other_year`). A file without a period
    is judged by `primary` (default: the latest plan)."""
    sub = report.submission
    if sub is None or report.ignored_reason is not None:
        return report
    plans = Plans.of(plans)
    parsed = parse_period(sub.period) if isinstance(sub.period, str) else None
    plan = primary or plans.latest
    if parsed is not None:
        found = plans.for_year(parsed[0])
        if found is None:
            return other_year(report, sub, period_str(*parsed), plans)
        plan = found
    from ..validate import validate_submission

    try:
        check = validate_submission(sub, plan, report.findings)
    except Exception as exc:  # noqa: BLE001 - a bug in finsam-xl: reported, the run goes on
        return program_error(report.file, exc)
    return dataclasses.replace(report, findings=report.findings + list(check.findings),
                               submission=check.applied_to(sub))


def other_year(report: FileReport, sub: Submission, period: str, plans: Plans) -> FileReport:
    """A file (`sub`, read) for `period`, of a year no plan is given for: ignored (never
    rejected, never a letter), with one reason naming its year and the years that have
    plans. The reader's findings are dropped (no plan judges the file); the submission is
    kept, its period normalised, for the summary."""
    year = year_month(period)[0]
    return dataclasses.replace(
        report, findings=[], other_year=year, submission=dataclasses.replace(sub, period=period),
        ignored_reason=M.COL_OTHER_YEAR.format(period=period, ar=year,
                                               planar=M.and_list(plans.years)))
