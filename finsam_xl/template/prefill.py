"""Prefilled templates: the start cells of month P's flow templates hold the
month-end enrolment of the report that collect uses for the month before P.

The report is the one collect chose (`CollectResult.used`: the same reading, validation and
batch rules that decide which submission is used per insats and month), never chosen by a
second implementation; the caller gathers the inbox once and hands the result here. The
month-end enrolment per gender is start + new - ended of that report
(`contract.month_end`). January's comes from December's report of the same insats id, in
the previous plan year (`CollectResult.previous`, when that year's plan is given), when the
insats is a participant-flow insats in both plans. Without such a report (none sent, none
accepted, or no plan for December's year) the start cells stay empty; collect's stock-flow
check is unchanged. Each prefilled cell stays editable and carries a note naming the source
file and month (with its year).

Decisions: an insats is the same insats across years when its id is the same; one whose id
changed starts empty (the kansli keeps ids, docs/plan.md). A December report that arrives
after January's templates went out changes nothing sent: `templates --period ÅÅÅÅ-01
--force` (or `remind`, whose drafts attach the month's template) writes them again,
prefilled, and collect's stock-flow check compares January's start with it either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import contract, pnr
from .. import messages as M
from ..model import CollectResult, Plan
from ..periods import month_before, previous_period, year_month


@dataclass(frozen=True)
class Prefill:
    """The values and notes of one insats's template, and the report they came from."""

    values: dict[str, int]
    notes: dict[str, str]
    source: str  # path of the report within the inbox (any personnummer masked)
    period: str  # the month it reports on


def prefill_for(plan: Plan, period: str, result: CollectResult | None) -> dict[str, Prefill]:
    """insats id -> Prefill for every flow insats active in `period` whose previous month
    has a used report in `result` (the inbox gathered for a period of at least the previous
    month, or its `previous` year for January; None: no inbox). `period` must already be
    checked against the plan."""
    prev = month_before(period)
    # January: December's report, in the previous plan year's result (None without its plan)
    source = None if result is None else result if previous_period(period) else result.previous
    if source is None:
        return {}
    _, month = year_month(period)
    prev_year, prev_month = year_month(prev)
    out: dict[str, Prefill] = {}
    for insats in plan.active_insatser(month):
        sub = source.used.get((insats.id, prev))
        before = source.plan.insats(insats.id)
        if not insats.flow or sub is None or before is None or not before.flow:
            continue
        shown = pnr.mask(sub.relpath)
        values, notes = {}, {}
        for kon in contract.KON:
            name = contract.start(kon)
            values[name] = contract.month_end(sub.values, kon)
            notes[name] = M.TPL_PREFILL_NOTE.format(
                manad=M.MANADER[prev_month - 1], ar=prev_year, fil=shown,
                start=sub.values.get(contract.start(kon), 0),
                nya=sub.values.get(contract.nya(kon), 0),
                avslutade=sub.values.get(contract.avslutade(kon), 0), slut=values[name],
                kon=M.KON_LABEL[kon])
        out[insats.id] = Prefill(values, notes, shown, prev)
    return out


def as_cells(prefill: dict[str, Prefill]) -> dict[str, tuple[dict[str, int], dict[str, str]]]:
    """insats id -> (values, notes), as `write_templates` and `write_template` take them."""
    return {i: (p.values, p.notes) for i, p in prefill.items()}


def default_inbox(given: Path | None) -> Path | None:
    """--inbox as given, else `inbox/` when it exists (else no prefill)."""
    if given is not None:
        return Path(given)
    return Path("inbox") if Path("inbox").is_dir() else None
