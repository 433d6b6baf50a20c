"""The rules across the files of a run: duplicates and superseded files, corrected files,
stock-flow breaks and outliers. `validate_batch` returns a `model.BatchCheck` (the report
used per insats and month, the files superseded, the findings added per report, by position
in the list); the reports are never changed: the caller applies it (`BatchCheck.applied_to`).

Documented decisions where the spec leaves room:
- Duplicates: accepted submissions are grouped by (insats, period). Byte-identical copies
  (same sha256) are merged first: the copy whose path sorts last stands for them, the other
  copies are superseded but get no finding. Among the remaining files, the one with the
  newest dcterms:modified wins (a file without a modified time counts as the oldest); equal
  modified times are broken by the path within the inbox, the last in sort order wins.
- Corrected: a rejected file that a newer accepted file for the same insats and month
  replaces is superseded too (it needs no fix any more); see `corrected`.
- Plan years: each file is judged by the plan of its period's year (`model.Plans`); the
  stock-flow rule compares January with the December before it when both are used (that
  year's plan given) and the insats, by its id, is a participant-flow insats in both plans.
- Outlier (warning `outlier`): per insats, plan year and measure (fx_antal, or
  fx_nya_kvinnor and fx_nya_man for participant-flow insatser), a month's value v is an
  outlier when the insats has at least OUTLIER_MIN_OTHERS other used months of that year
  and v > OUTLIER_FACTOR x median(others) and v - median(others) >= OUTLIER_MIN_DIFF. Only
  high values are flagged: low months (holidays, start-up) are normal. With 3, 3x and +10 it
  stays quiet on ordinary month to month variation and on small numbers.
"""

from __future__ import annotations

import statistics
from datetime import datetime, timezone

from .. import contract
from .. import findings as F
from .. import messages as M
from ..model import (
    BatchCheck,
    FileReport,
    Finding,
    Plan,
    Plans,
    Submission,
    parse_period,
    period_str,
)
from ..periods import month_before, to_stockholm, year_month
from .cells import at, show
from .counts import volume_names
from .meta import name_key
from .time import TIME_FORMAT

OUTLIER_MIN_OTHERS = 3
OUTLIER_FACTOR = 3
OUTLIER_MIN_DIFF = 10

Key = tuple[str, str]  # (insats id, period)
_OLDEST = datetime.min.replace(tzinfo=timezone.utc)


def validate_batch(reports: list[FileReport], plan: Plan | Plans) -> BatchCheck:
    """Cross-file rules over validated `reports`: which report is used per (insats id,
    period) among the accepted files, which files are superseded, and the findings added.
    With plans of several years each file is judged by its period's year's plan, and the
    stock-flow rule compares January with the December before it (both used)."""
    plans = Plans.of(plan)
    used, superseded_by, found = duplicates(reports, plans)
    superseded_by.update(corrected(reports, used, plans))
    found += stock_flow(reports, used, plans)
    found += outliers(reports, used, plans)
    added: dict[int, list[Finding]] = {}
    for i, f in found:
        added.setdefault(i, []).append(f)
    return BatchCheck(used=used, superseded_by=superseded_by,
                      findings={i: tuple(fs) for i, fs in added.items()})


def _sub(r: FileReport) -> Submission:
    """The submission of a report the batch rules judge (an accepted one)."""
    if r.submission is None:
        raise ValueError(f"no submission: {r.file}")
    return r.submission


def _key(r: FileReport, plans: Plans) -> Key | None:
    """(insats id, period) of an accepted report whose insats and period the plan of its
    year knows."""
    s = r.submission
    if not r.valid or s is None or not isinstance(s.insats, str) or \
            not isinstance(s.period, str) or parse_period(s.period) is None:
        return None
    plan = plans.for_period(s.period)
    if plan is None or plan.insats(s.insats) is None:
        return None
    return s.insats, s.period


def _insats_namn(plans: Plans, key: Key) -> str:
    """The name of a key's insats in the plan of its year (a key's insats is in it)."""
    plan = plans.for_period(key[1])
    insats = plan.insats(key[0]) if plan is not None else None
    return insats.namn if insats is not None else key[0]


def _order(r: FileReport) -> tuple[datetime, str]:
    """Newer sorts later: the modified time (none: the oldest), then the path."""
    m = r.submission.modified if r.submission is not None else None
    if m is not None and m.tzinfo is None:
        m = m.replace(tzinfo=timezone.utc)
    return (m or _OLDEST, r.file)


def _mod_text(r: FileReport) -> str:
    m = r.submission.modified if r.submission else None
    return to_stockholm(m).strftime(TIME_FORMAT) if m else M.VAL_NO_MODIFIED


def duplicates(reports: list[FileReport], plans: Plans
               ) -> tuple[dict[Key, int], dict[int, str], list[tuple[int, Finding]]]:
    """The report used per key, the superseded reports (-> the file used), and the findings
    `duplicate` (on the file used) and `superseded` (on each file it replaced)."""
    groups: dict[Key, list[int]] = {}
    for i, r in enumerate(reports):
        key = _key(r, plans)
        if key is not None:
            groups.setdefault(key, []).append(i)
    used: dict[Key, int] = {}
    superseded_by: dict[int, str] = {}
    found: list[tuple[int, Finding]] = []
    for key, group in groups.items():
        by_hash: dict[str, list[int]] = {}
        for i in group:
            by_hash.setdefault(_sub(reports[i]).sha256, []).append(i)
        for copies in by_hash.values():
            copies.sort(key=lambda i: reports[i].file)  # the copy sorting last stands for all
        reps = sorted((copies[-1] for copies in by_hash.values()), key=lambda i: _order(reports[i]))
        winner = reps[-1]
        used[key] = winner
        replaced = [c for o in reps[:-1] for c in by_hash[_sub(reports[o]).sha256]]
        for c in by_hash[_sub(reports[winner]).sha256][:-1] + replaced:
            superseded_by[c] = reports[winner].file
        found += _duplicate_findings(reports, _insats_namn(plans, key), key, winner, replaced)
    return used, superseded_by, found


def _duplicate_findings(reports: list[FileReport], namn: str, key: Key, winner: int,
                        replaced: list[int]) -> list[tuple[int, Finding]]:
    """`superseded` on each replaced file, then `duplicate` on the file used (byte-identical
    copies of the file used get neither). `namn`: the insats's name."""
    if not replaced:
        return []
    used = reports[winner]
    out = [(c, F.finding(F.SUPERSEDED, reports[c].file, value=_mod_text(reports[c]),
                         expected=used.file, insats=namn, period=key[1], anvand=used.file,
                         sparad=_mod_text(reports[c]), sparad_anvand=_mod_text(used)))
           for c in replaced]
    names = [reports[c].file for c in replaced]
    out.append((winner, F.finding(F.DUPLICATE, used.file,
                                  template=M.plural(M.VAL_DUPLICATE, len(names)),
                                  value=", ".join(names), expected=used.file, insats=namn,
                                  period=key[1], n=len(names), andra=", ".join(names))))
    return out


def corrected(reports: list[FileReport], used: dict[Key, int], plans: Plans) -> dict[int, str]:
    """Rejected files that a newer accepted file for the same insats and month replaces
    (newer as for duplicates: modified time, then path; a file without a modified time is
    the oldest) -> the file used: they need no fix any more. The insats and month are those
    of the file's name (`name_key`), else of its cells."""
    out = {}
    for i, r in enumerate(reports):
        if r.ignored_reason is not None or not r.errors:
            continue
        for key in _keys_of(r, plans):
            winner = used.get(key)
            if winner is not None and _order(reports[winner]) > _order(r):
                out[i] = reports[winner].file
                break
    return out


def _keys_of(r: FileReport, plans: Plans) -> list[Key]:
    """The (insats id, period) a rejected file was meant for: its name's, then its cells'
    (each insats looked up in the plan of the period's year)."""
    keys = []
    name_period, _ = name_key(r.file, plans.latest)
    plan = plans.for_period(name_period)
    name_insats = name_key(r.file, plan)[1] if plan is not None else None
    if name_period is not None and name_insats is not None:
        keys.append((name_insats, name_period))
    s = r.submission
    plan = plans.for_period(s.period) if s is not None else None
    if s is not None and plan is not None and isinstance(s.insats, str):
        insats, parsed = plan.insats(s.insats.strip()), parse_period(s.period or "")
        if insats is not None and parsed is not None:
            keys.append((insats.id, period_str(*parsed)))
    return keys


def stock_flow(reports: list[FileReport], used: dict[Key, int], plans: Plans
               ) -> list[tuple[int, Finding]]:
    """`stock-flow-break` (warning), per gender: a month's start is not the previous month's
    start + new - ended (both months used; January's previous month is the December before
    it, when that year's plan was given and the insats is a flow insats in both plans)."""
    out = []
    for (insats_id, period), i in sorted(used.items()):
        prev_period = month_before(period)
        prev = used.get((insats_id, prev_period))
        if prev is None or not _flow_in(plans, insats_id, period) or \
                not _flow_in(plans, insats_id, prev_period):
            continue
        s, ps = _sub(reports[i]), _sub(reports[prev])
        for kon in contract.KON:
            name = contract.start(kon)
            expected, found = contract.month_end(ps.values, kon), s.values.get(name, 0)
            if found != expected:
                out.append((i, at(F.STOCK_FLOW_BREAK, s, name, value=found,
                                  expected=str(expected), fg_period=ps.period,
                                  fg_fil=reports[prev].file, start=ps.values.get(name, 0),
                                  nya=ps.values.get(contract.nya(kon), 0),
                                  avslutade=ps.values.get(contract.avslutade(kon), 0))))
    return out


def _flow_in(plans: Plans, insats_id: str, period: str) -> bool:
    """The insats is a participant-flow insats in the plan of the period's year."""
    plan = plans.for_period(period)
    insats = plan.insats(insats_id) if plan is not None else None
    return insats is not None and insats.flow


def outliers(reports: list[FileReport], used: dict[Key, int], plans: Plans
             ) -> list[tuple[int, Finding]]:
    """`outlier` (warning): a month far above the median of the insats's other months of the
    same plan year (see the module docstring)."""
    by_insats: dict[tuple[str, int], list[int]] = {}
    for (insats_id, period), i in sorted(used.items()):
        by_insats.setdefault((insats_id, year_month(period)[0]), []).append(i)
    out = []
    for (insats_id, year), rs in by_insats.items():
        plan = plans.for_year(year)
        insats = plan.insats(insats_id) if plan is not None else None
        if insats is None or len(rs) < OUTLIER_MIN_OTHERS + 1:
            continue
        for name in volume_names(insats):
            months = [(i, _sub(reports[i]).values.get(name, 0)) for i in rs]
            for i, v in months:
                others = [w for j, w in months if j != i]
                med = statistics.median(others)
                if v > OUTLIER_FACTOR * med and v - med >= OUTLIER_MIN_DIFF:
                    out.append((i, _outlier(reports[i], name, v, med, len(others))))
    return out


def _outlier(r: FileReport, name: str, v: int, med: float, n: int) -> Finding:
    s = _sub(r)
    med_text = show(float(med)) if med != int(med) else str(int(med))
    limit = max(OUTLIER_FACTOR * med, med + OUTLIER_MIN_DIFF)
    most = str(int(limit)) if limit == int(limit) else show(float(limit))
    return at(F.OUTLIER, s, name, value=v, expected=M.VAL_EXP_OUTLIER.format(max=most),
              median=med_text, n=n)
