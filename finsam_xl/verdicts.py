"""What became of each file, in the terms every output uses: a byte-identical copy merged
silently, an accepted file for a month after P, and the counts of the summary line (the
terminal, the workbook's `Om rapporten` and the JSON summary agree because they all count
here). Standard library only."""

from __future__ import annotations

from .findings import SUPERSEDED as SUPERSEDED_CODE
from .model import ACCEPTED, IGNORED, REJECTED, SUPERSEDED, CollectResult, FileReport, parse_period


def merged_copy(report: FileReport) -> bool:
    """A superseded file that is a byte-identical copy of the file used: merged silently
    (it has no `superseded` finding)."""
    return not any(f.code == SUPERSEDED_CODE.code for f in report.findings)


def later(report: FileReport, period: str | None) -> str | None:
    """The month of an accepted file for a month after the chosen period P (counted then,
    not now); None for any other file."""
    sub = report.submission
    if period and sub is not None and sub.period and parse_period(sub.period) \
            and sub.period > period:
        return sub.period
    return None


def later_count(result: CollectResult) -> int:
    """Accepted, used files for a month after P (validated and answered, not counted)."""
    return sum(1 for r in result.reports if r.valid and r.submission is not None
               and r.superseded_by is None and (r.submission.period or "") > result.period)


def counts(result: CollectResult) -> dict[str, int]:
    """Files by status (a merged copy counts as accepted) and the warnings of the files
    that were not ignored."""
    c = {ACCEPTED: 0, REJECTED: 0, IGNORED: 0, SUPERSEDED: 0, "warnings": 0}
    for r in result.reports:
        status = r.status
        if status == SUPERSEDED and not r.errors and merged_copy(r):
            status = ACCEPTED  # a byte-identical copy is merged silently
        c[status] += 1
        c["warnings"] += len(r.warnings) if status != IGNORED else 0
    return c
