"""The feedback letter that `collect` writes to `outbox/aterkoppling/` for the coordinator of
each file with findings: what is wrong, where, and how to fix it. Its first sentence says
whether the file counts in the same terms as the file's line on the terminal
(`console.file_line`). Standard library only.

No text here ever holds a personnummer: findings carry none (the reader masks free text and
the `personnummer` finding names only the field and cell), and free text is not quoted.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from .. import messages as M
from ..model import CollectResult, FileReport, Finding, Plan
from ..validate.meta import meant_for
from ..verdicts import later, merged_copy
from .names import letter_name, shortened

if TYPE_CHECKING:
    from email.message import EmailMessage


def needs_letter(report: FileReport, result: CollectResult | None = None) -> bool:
    """A file with findings gets a letter, except a file that a newer file for the same
    insats and month replaces (a rejected file it corrected, or an accepted one: nothing is
    left to fix, and the letter the coordinator got for it said that the latest file
    counts; the newer file's own letter, if any, names it), a file that a bug in finsam-xl
    kept from being checked (the coordinator has nothing to fix: the kansli reports the
    bug), and, in a run (`result`), a file of an earlier plan year than P
    (`CollectResult.earlier_year`: its year is closed; it keeps its line). A byte-identical
    copy of the file used keeps its letter."""
    if not report.findings or report.program_error is not None:
        return False
    if result is not None and result.earlier_year(report):
        return False
    return report.superseded_by is None or (not report.errors and merged_copy(report))


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
                  marked: str | None = None, left_out: tuple[str, ...] = (),
                  letter: str | None = None) -> str:
    """The letter to the coordinator: what is wrong, where (field and cell), how to fix it;
    warnings too. Plain UTF-8 text, ready to paste into an e-mail. `period`: the chosen P
    (a file for a later month counts then, not now). `marked`: the file name of the marked
    copy written beside the letter, if any (the letter says it is there), and `left_out`
    what the copy leaves out of the file (`MarkedCopy.left_out`: the letter says what).
    `letter`: the letter's own file name; when the file's name was too long for one and
    was shortened (`names.shortened`), the letter names both."""
    lines = [M.FB_TITLE.format(fil=report.file)]
    if shortened(report.file):
        lines.append(M.FB_NAME_SHORTENED.format(
            namn=(letter or letter_name(report.file))[:-4]))
    lines.append(M.FB_FROM.format(forbund=plan.namn, ar=plan.ar))
    sub = report.submission
    if sub is not None and (sub.insats or sub.period):
        insats_id, month = meant_for(report, plan)  # the name's month when it gives one
        insats = plan.insats(insats_id)
        namn = f"{insats.namn} ({insats.id})" if insats else (sub.insats or M.FB_UNKNOWN)
        lines.append(M.FB_ABOUT.format(insats=namn,
                                       period=month or sub.period or M.FB_UNKNOWN))
    lines += ["", _verdict(report, period)]
    if marked:
        lines += ["", M.FB_MARKED.format(fil=marked)]
        if left_out:
            lines.append(M.FB_LEFT_OUT.format(delar=M.and_list(
                [M.MARK_LEFT_OUT[k] for k in left_out])))
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


def letter_draft(report: FileReport, plan: Plan, text: str, marked: tuple[str, bytes] | None,
                 now: datetime) -> EmailMessage:
    """The letter `text` as an e-mail draft (`drafts.py`) to the coordinator of the insats
    the file was meant for (`meant_for`: its name, else its cells; none known: no
    recipient), with the marked copy (name, bytes) attached when there is one. Its subject
    names the insats and the month, or the file when they are not known."""
    from . import drafts

    insats_id, period = meant_for(report, plan)
    insats = plan.insats(insats_id)
    if insats is not None and period is not None:
        subject = M.FB_SUBJECT.format(insats=insats.namn, manad=M.month_text(period))
    else:
        subject = M.FB_SUBJECT_FILE.format(fil=report.file)
    return drafts.draft(insats, subject, text, [marked] if marked is not None else [], now)
