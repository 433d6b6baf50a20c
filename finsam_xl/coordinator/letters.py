"""The feedback letter that `collect` writes to `outbox/aterkoppling/` for the coordinator of
each file with findings: what is wrong, where, and how to fix it. Its first sentence says
whether the file counts in the same terms as the file's line on the terminal
(`console.file_line`). Standard library only.

No text here ever holds a personnummer: findings carry none (the reader masks free text and
the `personnummer` finding names only the field and cell), and free text is not quoted.
"""

from __future__ import annotations

from .. import messages as M
from ..model import CollectResult, FileReport, Finding, Plan
from ..verdicts import later, merged_copy


def needs_letter(report: FileReport, result: CollectResult | None = None) -> bool:
    """A file with findings gets a letter, except a rejected file that a newer accepted file
    has corrected (nothing is left to fix), a file that a bug in finsam-xl kept from being
    checked (the coordinator has nothing to fix: the kansli reports the bug), and, in a run
    (`result`), a file of an earlier plan year than P (`CollectResult.earlier_year`: its
    year is closed; it keeps its line)."""
    return bool(report.findings) and report.program_error is None and \
        not (report.errors and report.superseded_by is not None) and \
        not (result is not None and result.earlier_year(report))


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
        if merged_copy(report):
            return M.FB_COPY.format(anvand=report.superseded_by)
        return M.FB_SUPERSEDED.format(anvand=report.superseded_by)
    month = later(report, period)
    if month is not None:
        return M.FB_ACCEPTED_LATER.format(period=month, valt=period)
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
