"""Swedish text about a file's outcome: the one line per file that `collect` and `check`
print, the per-finding listing of `check`, and the feedback letter that `collect` writes to
`outbox/aterkoppling/` for the coordinator. Standard library only.

No text here ever holds a personnummer: findings carry none (the reader masks free text and
the `personnummer` finding names only the field and cell), and free text is not quoted.
"""

from __future__ import annotations

from . import messages as M
from .findings import CODES, SUPERSEDED
from .model import FileReport, Finding, Plan, parse_period


def short(f: Finding) -> str:
    """A short reason for the one line per file (the code's, findings.py); the full sentence
    when the code has none, or when it would name a field or a value the finding lacks."""
    code = CODES.get(f.code)
    template = code.short if code is not None else None
    if template is None or ("{falt}" in template and not f.field) or \
            ("{varde}" in template and not f.value):
        return f.message
    return template.format(falt=f.field or "", cell=f.cell or M.VAL_CELL_UNKNOWN,
                           varde=f.value or "", vantat=f.expected or "")


def _merged_copy(report: FileReport) -> bool:
    """A byte-identical copy of the file used: merged silently (no `superseded` finding)."""
    return not any(f.code == SUPERSEDED.code for f in report.findings)


def _later(report: FileReport, period: str | None) -> str | None:
    """The month of an accepted file for a month after the chosen period P (counted then,
    not now); None for any other file."""
    sub = report.submission
    if period and sub is not None and sub.period and parse_period(sub.period) \
            and sub.period > period:
        return sub.period
    return None


def file_line(report: FileReport, period: str | None = None) -> str:
    """The one Swedish line for a file: godkänd / underkänd (first reason) / ignorerad
    (reason) / ersatt, or inte granskad (a bug in finsam-xl). With `period` (the chosen P),
    an accepted file for a later month says that it is not counted this time."""
    fil = report.file
    if report.ignored_reason is not None:
        return M.COL_LINE_IGNORED.format(fil=fil, orsak=report.ignored_reason)
    if report.program_error is not None:
        return M.READ_LINE_INTERNAL_ERROR.format(fil=fil, orsak=short(report.errors[0]))
    errors = report.errors
    if errors and report.superseded_by is not None:
        return M.COL_LINE_CORRECTED.format(fil=fil, anvand=report.superseded_by,
                                           forsta=short(errors[0]))
    if errors:
        if len(errors) == 1:
            return M.COL_LINE_REJECTED.format(fil=fil, forsta=short(errors[0]))
        return M.COL_LINE_REJECTED_MORE.format(fil=fil, forsta=short(errors[0]),
                                               n=len(errors) - 1)
    if report.superseded_by is not None:
        if _merged_copy(report):
            return M.COL_LINE_COPY.format(fil=fil, anvand=report.superseded_by)
        return M.COL_LINE_SUPERSEDED.format(fil=fil, anvand=report.superseded_by)
    later = _later(report, period)
    if later is not None:
        return M.COL_LINE_LATER.format(fil=fil, period=later, valt=period)
    warnings = report.warnings
    if warnings:
        return M.plural(M.COL_LINE_ACCEPTED_WARN, len(warnings)).format(
            fil=fil, n=len(warnings), forsta=short(warnings[0]))
    return M.COL_LINE_ACCEPTED.format(fil=fil)


def needs_letter(report: FileReport) -> bool:
    """A file with findings gets a letter, except a rejected file that a newer accepted file
    has corrected (nothing is left to fix), and a file that a bug in finsam-xl kept from
    being checked (the coordinator has nothing to fix: the kansli reports the bug)."""
    return bool(report.findings) and report.program_error is None and \
        not (report.errors and report.superseded_by is not None)


def report_text(report: FileReport, period: str | None = None) -> str:
    """For `check`: the line, then every finding as a full sentence."""
    lines = [file_line(report, period)]
    for f in report.findings:
        tpl = M.COL_FINDING_ERROR if f.severity == "error" else M.COL_FINDING_WARNING
        lines.append(tpl.format(text=f.message))
    return "\n".join(lines)


def _details(f: Finding) -> str:
    parts = []
    if f.field:
        parts.append(M.FB_DETAIL_FIELD.format(falt=f.field))
    if f.cell:
        parts.append(M.FB_DETAIL_CELL.format(cell=f.cell))
    if f.value not in (None, ""):
        parts.append(M.FB_DETAIL_VALUE.format(varde=f.value))
    if f.expected:
        parts.append(M.FB_DETAIL_EXPECTED.format(vantat=f.expected))
    return "; ".join(parts) + "." if parts else ""


def _verdict(report: FileReport, period: str | None) -> str:
    """The letter's first sentence: whether the file counts, in the same terms as its line
    (`file_line`), so that no finding below can contradict it."""
    if report.errors:
        if report.superseded_by is not None:
            return M.FB_CORRECTED.format(anvand=report.superseded_by)
        return M.FB_REJECTED
    if report.superseded_by is not None:
        if _merged_copy(report):
            return M.FB_COPY.format(anvand=report.superseded_by)
        return M.FB_SUPERSEDED.format(anvand=report.superseded_by)
    later = _later(report, period)
    if later is not None:
        return M.FB_ACCEPTED_LATER.format(period=later, valt=period)
    return M.FB_ACCEPTED_WARN


def feedback_text(report: FileReport, plan: Plan, period: str | None = None,
                  marked: str | None = None) -> str:
    """The letter to the coordinator: what is wrong, where (field and cell), how to fix it;
    warnings too. Plain UTF-8 text, ready to paste into an e-mail. `period`: the chosen P
    (a file for a later month counts then, not now). `marked`: the file name of the marked
    copy written beside the letter, if any (the letter says it is there)."""
    lines = [M.FB_TITLE.format(fil=report.file), M.FB_FROM.format(forbund=plan.namn, ar=plan.ar)]
    sub = report.submission
    if sub is not None and (sub.insats or sub.period):
        insats = plan.insats(sub.insats or "")
        namn = f"{insats.namn} ({insats.id})" if insats else (sub.insats or M.FB_UNKNOWN)
        lines.append(M.FB_ABOUT.format(insats=namn, period=sub.period or M.FB_UNKNOWN))
    lines += ["", _verdict(report, period)]
    if marked:
        lines += ["", M.FB_MARKED.format(fil=marked)]
    for head, items in ((M.FB_ERRORS_HEAD, report.errors),
                        (M.FB_WARNINGS_HEAD, report.warnings)):
        if not items:
            continue
        lines += ["", head]
        for i, f in enumerate(items, 1):
            lines.append(f"{i}. {f.message}")
            d = _details(f)
            if d:
                lines.append("   " + d)
    lines += ["", M.FB_CLOSING, ""]
    return "\n".join(lines)
