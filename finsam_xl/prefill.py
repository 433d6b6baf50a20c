"""Prefilled templates (SPEC section 4): the start cells of month P's flow templates hold the
month-end enrolment of the report that collect would use for the month before P.

The report is chosen by collect itself (`collect.gather`: the same reading, validation and
`validate_batch` that decide which submission is used per insats and month), never by a
second implementation, so a change to the rules of superseding applies here too. The inbox
is only read. The month-end enrolment per gender is start + new - ended of that report.
Without such a report (none sent, none accepted, or P is January: the month before belongs
to another plan year) the start cells stay empty; collect's stock-flow check is unchanged.
Each prefilled cell stays editable and carries a note naming the source file and month.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import contract, pnr
from . import messages as M
from .model import Plan, Submission
from .periods import previous_period, year_month


@dataclass(frozen=True)
class Prefill:
    """The values and notes of one insats's template, and the report they came from."""

    values: dict[str, int]
    notes: dict[str, str]
    source: str  # path of the report within the inbox (any personnummer masked)
    period: str  # the month it reports on


def month_end(sub: Submission, kon: str) -> int:
    """start + new - ended of a used (validated) submission; an empty cell counts 0."""
    v = sub.values
    return (v.get(f"fx_start_{kon}", 0) + v.get(f"fx_nya_{kon}", 0)
            - v.get(f"fx_avslutade_{kon}", 0))


def prefill_for(plan: Plan, period: str, inbox: Path) -> dict[str, Prefill]:
    """insats id -> Prefill for every flow insats active in `period` whose previous month
    has a used report in `inbox`. `period` must already be checked against the plan."""
    prev = previous_period(period)
    if prev is None:
        return {}
    from .collect import gather

    result = gather(Path(inbox), plan, prev)
    _, month = year_month(period)
    _, prev_month = year_month(prev)
    out: dict[str, Prefill] = {}
    for insats in plan.active_insatser(month):
        sub = result.used.get((insats.id, prev))
        if not insats.flow or sub is None:
            continue
        source = pnr.mask(sub.relpath)
        values, notes = {}, {}
        for kon in contract.KON:
            name = f"fx_start_{kon}"
            values[name] = month_end(sub, kon)
            notes[name] = M.TPL_PREFILL_NOTE.format(
                manad=M.MANADER[prev_month - 1], ar=plan.ar, fil=source,
                start=sub.values.get(f"fx_start_{kon}", 0),
                nya=sub.values.get(f"fx_nya_{kon}", 0),
                avslutade=sub.values.get(f"fx_avslutade_{kon}", 0), slut=values[name],
                kon=M.KON_LABEL[kon])
        out[insats.id] = Prefill(values, notes, source, prev)
    return out


def default_inbox(given: Path | None) -> Path | None:
    """--inbox as given, else `inbox/` when it exists (else no prefill)."""
    if given is not None:
        return Path(given)
    return Path("inbox") if Path("inbox").is_dir() else None
