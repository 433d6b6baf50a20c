"""The copy for publishing (`collect --publicera`): `outbox/uppfoljning-<P>-publicerad.xlsx`,
for the förbund's website.

It holds the board's figures as plain values (without the Data sheet there is nothing for
formulas to read): Översikt with the förbund's goals, Månadsdata, Deltagarflöde, Utfall,
Uppföljning Finsam, Inlämningar and Om rapporten. Left out: file names, the coordinators'
comments, Avvikelser, Data and Ändringar (which names the files). So that no one can be
singled out:
- every count of 1–4 (people, meetings, contacts) is the text "1–4";
- a share is left out when its denominator is under 5, or when its numerator or the rest
  (denominator − numerator) is 1–4, since the share and its denominator would give the
  masked count back (a share of the plan's volume: denominator and numerator only);
- every sheet says so in its third row.
Status is a word ("I fas med planen"), not a colour alone; every table has one header row;
no cell is merged; A1 of every sheet holds its title. Plan figures (budgeted volume, goal
targets), numbers, months and rates of reports are not counts of people and are shown as
they are.

The figures are the same as the workbook's (aggregate.py through wb.book.new_book); the
masking is applied as they are written (`count`, `share`)."""

from __future__ import annotations

from pathlib import Path

from .. import contract
from .. import messages as M
from ..model import CollectResult
from . import flode, manadsdata, oversikt, publish_rules, publish_sheets
from .common import Book

SUFFIX = "-publicerad"
SMALL = publish_rules.SMALL
count = publish_rules.count
share = publish_rules.share


def filename(period: str) -> str:
    return f"uppfoljning-{period}{SUFFIX}.xlsx"


def build(result: CollectResult, path: Path) -> None:
    """Write the copy for publishing of `result` to `path` (not atomic; see build_file)."""
    from . import book as B

    wb = B.new_workbook(result, path, title=M.WB_PUB_TITLE.format(
        forbund=result.plan.namn, ar=result.plan.ar))
    book = B.new_book(result, wb, fast=False)
    pub = publish_sheets.Pub(book)
    for name in contract.WB_PUBLISHED_SHEETS:
        book.sheets[name] = B.add_sheet(wb, name, False)
    for name, writer in ((contract.WB_OVERSIKT, _oversikt),
                         (contract.WB_MANADSDATA, _manadsdata),
                         (contract.WB_FLODE, _flode),
                         (contract.WB_UTFALL, publish_sheets.utfall),
                         (contract.WB_FINSAM, publish_sheets.finsam),
                         (contract.WB_INLAMNINGAR, publish_sheets.inlamningar),
                         (contract.WB_OM, publish_sheets.om)):
        writer(pub, book.ws(name), name)
    wb.close()


def build_file(result: CollectResult, target: Path) -> Path:
    """Write the copy for publishing of `result` to `target` atomically. Raises OSError."""
    from xlsxwriter.exceptions import FileCreateError

    from ..atomic import atomic_path

    with atomic_path(target) as tmp:
        try:
            build(result, tmp)
        except FileCreateError as exc:
            inner = next((a for a in exc.args if isinstance(a, OSError)), None)
            raise (inner or OSError(str(exc))) from None
    return Path(target)


def staged(result: CollectResult, workbook: Path, stage: Path, publish: bool
           ) -> list[tuple[Path | None, Path]]:
    """For collect's staging folder: the moves that put the copy for publishing in place
    beside `workbook` (its final path) when `publish`, written into `stage`; without
    `publish`, the removal of a copy of the same period an earlier run left (it would no
    longer match the workbook beside it)."""
    target = workbook.parent / filename(result.period)
    if publish:
        return [(build_file(result, stage / target.name), target)]
    if target.is_file() and not target.is_symlink():
        return [(None, target)]
    return []


# ----------------------------------------------------------------------------- Översikt


def _oversikt(pub: publish_sheets.Pub, ws, name: str) -> None:
    """The insatser with their totals, then the förbund's goals: two tables."""
    book = pub.book
    plan = book.plan
    C = oversikt.columns(plan)
    keys = list(C)
    row = pub.heading(ws, M.WB_TITLE.format(forbund=plan.namn, ar=plan.ar))
    widths = [PUB_WIDTHS.get(k, oversikt.WIDTHS[k]) for k in keys]
    rows = [[_ov_value(book, ins, k) for k in keys] for ins in plan.insatser]
    row = pub.table(ws, row, [M.WB_OV_COLS[k] for k in keys], rows, widths,
                    _ov_totals(book, keys))
    publish_sheets.goals(pub, ws, row + 1)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    pub.page(ws, fit_height=1)


PUB_WIDTHS = {"status": 16, "goals": 24, "anm": 30}


def _ov_value(book: Book, ins, key: str):
    info = book.info[ins.id]
    budget = ins.budgeterad_volym
    flow_keys = {"nya": "nya_totalt", "avsl": "avslutade_totalt", "now": "enrolled_now"}
    if key == "nr":
        return book.nr[ins.id]
    if key == "namn":
        return ins.namn
    if key == "niva":
        return M.WB_NIVA[ins.niva]
    if key == "enhet":
        return ins.enhet
    if key == "budget":
        return ("plan", budget)
    if key == "ytd":
        return count(info["ytd"])
    if key == "ach":
        return ("pct", share(info["ytd"], budget, rest=False) if budget else None)
    if key == "exp":
        return ("pct", info["expected"])
    if key == "status":
        return M.WB_PUB_STATUS.get(info["status"] or "", "")
    if key in flow_keys:
        return count(info.get(flow_keys[key])) if ins.flow else None
    if key == "women":
        return ("pct", share(info.get("ytd_kvinnor"), info["ytd"]) if ins.flow else None)
    if key == "goals":
        return oversikt.goals_text(book, ins)
    return oversikt.anm_text(book, ins) or None


def _ov_totals(book: Book, keys: list[str]) -> list[list]:
    """The total rows (as Översikt's, oversikt._totals), masked."""
    out = []
    groups: dict[tuple, list] = {}
    for ins in book.plan.insatser:
        groups.setdefault((ins.niva, ins.enhet), []).append(ins)
    for (niva, enhet), members in groups.items():
        if len(members) < 2:
            continue
        info = [book.info[i.id] for i in members]
        with_volume = [i for i in members if i.budgeterad_volym]
        volume = sum(i.budgeterad_volym for i in with_volume)
        ytd_v = sum(int(book.info[i.id]["ytd"]) for i in with_volume)
        flow = any(i.flow for i in members)
        values = {
            "namn": M.WB_OV_TOTAL.format(niva=M.WB_NIVA[niva], enhet=enhet),
            "ytd": count(sum(int(r["ytd"]) for r in info)),
            "budget": ("plan", volume or None),
            "ach": ("pct", share(ytd_v, volume, rest=False) if volume else None),
            "nya": count(sum(int(r.get("nya_totalt") or 0) for r in info)) if flow else None,
            "avsl": (count(sum(int(r.get("avslutade_totalt") or 0) for r in info))
                     if flow else None),
            "now": (count(sum(int(r["enrolled_now"]) for r in info
                              if r["enrolled_now"] is not None)) if flow else None),
            "anm": (M.WB_OV_TOTAL_SHARE.format(ytd=count(ytd_v), volym=volume)
                    if volume else None),
        }
        out.append([values.get(k) for k in keys])
    return out


# ----------------------------------------------------------------------------- Månadsdata


def _manadsdata(pub: publish_sheets.Pub, ws, name: str) -> None:
    """One table per level and unit, as the workbook's blocks."""
    book = pub.book
    p = book.p
    row = pub.heading(ws, name)
    widths = [5, 30, 11] + [6] * 12 + [9, 9, 22]
    for (niva, enhet), members in manadsdata.groups(book.plan):
        flow = members[0].flow
        ws.write_string(row, 0, M.WB_MD_BLOCK.format(
            enhet=M.WB_MD_ENHET.get(enhet, enhet), niva=M.WB_NIVA_LONG[niva],
            matt=M.WB_MD_MEASURE_FLOW if flow else M.WB_MD_MEASURE.format(enhet=enhet)),
            pub.fmt.section)
        heads = ([M.WB_NR, M.WB_MD_HEAD_INSATS, M.WB_MD_HEAD_START if flow else ""]
                 + [book.month_label(m) for m in range(1, 13)]
                 + [M.WB_MD_HEAD_YTD, M.WB_MD_HEAD_REPORTS, M.WB_MD_HEAD_MISSING])
        sums: dict[int, int] = {}
        rows = []
        for ins in members:
            info = book.info[ins.id]
            volume = manadsdata.volume(book, ins)
            for m, v in volume.items():
                sums[m] = sums.get(m, 0) + v
            due = [m for m in ins.active_months(book.plan.ar) if m <= p]
            rows.append([book.nr[ins.id], ins.namn,
                         count(info.get("start_totalt")) if flow and info["months"] else None]
                        + [count(volume[m]) if m in volume else None for m in range(1, 13)]
                        + [count(info["ytd"]), ("plan", len(info["months"])),
                           ", ".join(M.MANADER[m - 1] for m in due if m not in volume) or None])
        total = sum(int(book.info[i.id]["ytd"]) for i in members)
        row = pub.table(ws, row + 1, heads, rows, widths, [
            [None, M.WB_MD_SUM.format(enhet=enhet), None]
            + [count(sums.get(m)) for m in range(1, 13)] + [count(total), None, None]]) + 1
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    pub.page(ws)


# ----------------------------------------------------------------------------- Deltagarflöde


def _flode(pub: publish_sheets.Pub, ws, name: str) -> None:
    book = pub.book
    row = pub.heading(ws, name)
    measures = [(m, k) for m in flode.MEASURES for k in flode.KONS]
    heads = ([M.WB_NR, M.WB_DF_HEAD[1], M.WB_DF_HEAD[2], M.WB_DF_HEAD[3]]
             + [f"{M.WB_DF_MEASURES[m]} {M.WB_DF_KON[k]}" for m, k in measures])
    widths = [5, 30, 9, 9] + [8.5] * len(measures)
    flows = {ins_id: dict(recs) for ins_id, recs in book.flows.items()}
    rows = []
    for ins, month in flode.rows_of(book):
        values = flows.get(ins.id, {}).get(month)
        rows.append([book.nr[ins.id], ins.namn, ("month", month),
                     M.WB_DF_YES if values is not None else M.WB_DF_MISSING]
                    + [count(values[f"{m}_{k}"]) if values is not None else None
                       for m, k in measures])
    pub.table(ws, row, heads, rows, widths)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    pub.page(ws)

