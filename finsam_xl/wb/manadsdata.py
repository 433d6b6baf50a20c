"""Sheet `Månadsdata`: insats x month of the volume measure, one block per level and unit
(participants of individual insatser, participants of structural work, meetings, contacts),
so that a column's sum adds like with like. Each block: a title, one header row, a row per
insats and a sum row.

Flow insatser: new participants per month and, in its own column, the start of the first
reported month, found on Deltagarflöde by key (insats number, month, and its Första mark);
count insatser: the month's fx_antal, SUMIFS over the Data table by insats id and month.
A month without a report in Data is empty. Year to date is the sum of the row; `Rapporter`
counts its reported months and `Saknar rapport` names the active months up to P without a
report (both over cells of the same row).

Under the participant block, outside the AutoFilter range (which covers the first block):
the förbund's month-end enrolment over every flow insats that reported the month, how many
flow insatser lack the month's report, and the month labels of the trend chart on Översikt
(an asterisk where a report is missing)."""

from __future__ import annotations

from .. import contract
from .. import messages as M
from . import data, flode
from .common import (
    Book,
    cell,
    col_name,
    date_formula,
    fit_height,
    key_cell,
    rng,
    sheet_ref,
    xl_text,
)

SHEET = contract.WB_MANADSDATA
COL_NR, COL_INSATS, COL_START = 0, 1, 2
MONTH0 = 3
COL_YTD = MONTH0 + 12
COL_REPORTS = COL_YTD + 1
COL_MISSING = COL_REPORTS + 1
FIRST_BLOCK = 3  # the first block's title row
NAME_WIDTH = 30
MISSING_WIDTH = 22
WIDTHS = {COL_NR: 5, COL_INSATS: NAME_WIDTH, COL_START: 11, COL_YTD: 9, COL_REPORTS: 9,
          COL_MISSING: MISSING_WIDTH}


def month_col(month: int) -> int:
    return MONTH0 + month - 1


def groups(plan) -> list[tuple[tuple[str, str], list]]:
    """[((nivå, enhet), insatser)] in the plan's order of first appearance."""
    out: dict[tuple[str, str], list] = {}
    for ins in plan.insatser:
        out.setdefault((ins.niva, ins.enhet), []).append(ins)
    return list(out.items())


def write(book: Book) -> None:
    ws = book.ws(SHEET)
    book.heading(ws, SHEET)
    book.note(ws, M.WB_MD_NOTE, COL_MISSING, 30)
    row = FIRST_BLOCK
    first_block = None
    book.md_first = FIRST_BLOCK + 2
    for (niva, enhet), members in groups(book.plan):
        header = row + 1
        row = _block(book, ws, row, niva, enhet, members)
        if first_block is None:
            first_block = (header, header + len(members))
        book.md_last = header + len(members)
        row += 1  # a blank row between blocks
    ws.set_column(MONTH0, MONTH0 + 11, 6)
    for c, w in WIDTHS.items():
        ws.set_column(c, c, w)
    ws.freeze_panes(0, COL_INSATS + 1)
    if first_block is not None:
        ws.autofilter(first_block[0], 0, first_block[1], COL_MISSING)
    book.page_setup(ws, header_row=None)


def _block(book: Book, ws, row: int, niva: str, enhet: str, members) -> int:
    """One block (title, header, insats rows, sum row, and under the participant block the
    trend rows); returns the row below it."""
    fmt = book.fmt
    cells = book.cells(ws)
    flow = members[0].flow
    title = M.WB_MD_BLOCK.format(enhet=M.WB_MD_ENHET.get(enhet, enhet),
                                 niva=M.WB_NIVA_LONG[niva],
                                 matt=M.WB_MD_MEASURE_FLOW if flow else
                                 M.WB_MD_MEASURE.format(enhet=enhet))
    cells.string(row, 0, title, fmt.section)
    header = row + 1
    heads = ([M.WB_NR, M.WB_MD_HEAD_INSATS, M.WB_MD_HEAD_START if flow else ""]
             + [book.month_label(m) for m in range(1, 13)]
             + [M.WB_MD_HEAD_YTD, M.WB_MD_HEAD_REPORTS, M.WB_MD_HEAD_MISSING])
    for c, h in enumerate(heads):
        if h:
            cells.string(header, c, h, fmt.header if c == COL_INSATS else fmt.header_indent
                         if c == COL_MISSING else fmt.header_center
                         if c in (COL_NR, COL_REPORTS) else fmt.header_num)
        else:
            cells.blank(header, c, None, fmt.header)
    fit_height(ws, header, [(h, WIDTHS.get(c, 6)) for c, h in enumerate(heads) if h],
               minimum=2, bold=True)
    first = header + 1
    for r, ins in enumerate(members, start=first):
        _insats_row(book, ws, cells, r, ins)
    last = first + len(members) - 1
    row = _sum_row(book, cells, ws, last + 1, first, last, members, flow, enhet)
    if flow and members[0].niva == "individ":
        row = _trend(book, ws, cells, row)
    return row


def _insats_row(book: Book, ws, cells, row: int, ins) -> None:
    fmt = book.fmt
    info = book.info[ins.id]
    cells.number(row, COL_NR, book.nr[ins.id], fmt.nr)
    cells.string(row, COL_INSATS, ins.namn, fmt.wrap)
    nr = key_cell(row, COL_NR)
    values = volume(book, ins)
    due = [m for m in ins.active_months(book.plan.ar) if m <= book.p]
    formula = cells.formula
    if ins.flow:
        formula(row, COL_START,
                f'=IF({flode.countifs(book, nr, mark="forsta")}=0,"",'
                f'{flode.sumifs(book, "start", "totalt", nr, mark="forsta")})',
                fmt.int_calc, int(info["start_totalt"]) if info["months"] else "")
    for m in due:
        if ins.flow:
            text = (f'=IF({flode.countifs(book, nr, m)}=0,"",'
                    f'{flode.sumifs(book, "nya", "totalt", nr, m)})')
        else:
            d = date_formula(book.plan.ar, m)
            text = (f'=IF({data.countifs(book, ins.id, d)}=0,"",'
                    f'{data.sumifs(book, ins.id, contract.WB_DATA_FALT["antal"], period=d)})')
        formula(row, month_col(m), text, fmt.int_calc, values.get(m, ""))
    formula(row, COL_YTD, f"=SUM({rng(row, COL_START, row, month_col(12))})",
            fmt.int_calc, int(info["ytd"]))
    formula(row, COL_REPORTS, f"=COUNT({rng(row, month_col(1), row, month_col(12))})",
            fmt.center_calc, len(info["months"]))
    missing = ", ".join(M.MANADER[m - 1] for m in due if m not in values)
    if due:
        terms = "&".join(f'IF({cell(row, month_col(m))}="",{xl_text(", " + M.MANADER[m - 1])},"")'
                         for m in due)
        formula(row, COL_MISSING, f"=MID({terms},3,300)", fmt.wrap_indent, missing)
    fit_height(ws, row, [(ins.namn, NAME_WIDTH), (missing, MISSING_WIDTH)])


def volume(book: Book, ins) -> dict[int, int]:
    """The volume measure per reported month: new participants (flow) or fx_antal."""
    rows = book.months.get(ins.id, [])
    if ins.flow:
        return {m: int(sum(r[contract.nya(kon)] for kon in contract.KON)) for m, r in rows}
    return {m: int(r[contract.ANTAL_NAME]) for m, r in rows}


def _sum_row(book: Book, cells, ws, row: int, first: int, last: int, members, flow: bool,
             enhet: str) -> int:
    """The block's sums per month (empty for a month without any report), of the start
    column and of the year to date. Returns the row below."""
    fmt = book.fmt
    label = M.WB_MD_TREND_NEW if flow and members[0].niva == "individ" else \
        M.WB_MD_SUM.format(enhet=enhet)
    cells.string(row, COL_INSATS, label, fmt.total_wrap)
    per_month: dict[int, int] = {}
    for ins in members:
        for m, v in volume(book, ins).items():
            per_month[m] = per_month.get(m, 0) + v
    cols = [COL_START] if flow else []
    cols += [month_col(m) for m in range(1, book.p + 1)]
    for c in (COL_NR, COL_REPORTS, COL_MISSING) + (() if flow else (COL_START,)):
        cells.blank(row, c, None, fmt.total_blank)
    for m in range(book.p + 1, 13):
        cells.blank(row, month_col(m), None, fmt.total_blank)
    starts = [int(book.info[i.id]["start_totalt"]) for i in members
              if flow and book.info[i.id]["months"]]
    for c in cols:
        area = rng(first, c, last, c)
        value = (per_month.get(c - MONTH0 + 1, "") if c != COL_START
                 else (sum(starts) if starts else ""))
        cells.formula(row, c, f'=IF(COUNT({area})=0,"",SUM({area}))', fmt.total_int, value)
    cells.formula(row, COL_YTD, f"=SUM({rng(first, COL_YTD, last, COL_YTD)})", fmt.total_int,
                  sum(int(book.info[i.id]["ytd"]) for i in members))
    fit_height(ws, row, [(label, NAME_WIDTH)], bold=True)
    return row + 1


def _trend(book: Book, ws, cells, row: int) -> int:
    """Under the participant block (whose sum row is the new participants per month): the
    month-end enrolment over every flow insats that reported the month (SUMIFS over
    Deltagarflöde by month), the flow insatser lacking the month's report, and the chart's
    month labels. Returns the row below."""
    fmt = book.fmt
    flow = [i for i in book.plan.insatser if i.flow]
    year, p = book.plan.ar, book.p
    active = {m: [i for i in flow if i.is_active(year, m)] for m in range(1, p + 1)}
    new_row = row - 1
    book.md_trend = (new_row, row, row + 1, row + 2)
    labels = (M.WB_MD_TREND_ENROLLED, M.WB_MD_TREND_MISSING, M.WB_MD_TREND_LABELS)
    for r, label in enumerate(labels, start=row):
        cells.string(r, COL_INSATS, label, fmt.total_wrap)
        for c in (COL_NR, COL_START, COL_YTD, COL_REPORTS, COL_MISSING):
            cells.blank(r, c, None, fmt.total_blank)
        fit_height(ws, r, [(label, NAME_WIDTH)], bold=True)
    ends = {m: 0 for m in range(1, p + 1)}
    reported = {m: 0 for m in range(1, p + 1)}
    for ins in flow:
        for m, v in book.flows.get(ins.id, []):
            if m <= p:
                ends[m] += int(v["slut_totalt"])
                reported[m] += 1
    book.trend_months = [m for m in range(1, p + 1) if reported[m]]
    for m in range(1, 13):
        c = month_col(m)
        if m > p:
            for r in (row, row + 1, row + 2):
                cells.blank(r, c, None, fmt.total_blank)
            continue
        missing = len(active[m]) - reported[m]
        cells.formula(row, c, f'=IF({flode.countifs(book, month=m)}=0,"",'
                      f'{flode.sumifs(book, "slut", "totalt", month=m)})', fmt.total_int,
                      ends[m] if reported[m] else "")
        cells.formula(row + 1, c, f"={flode.countifs(book, month=m, missing=True)}",
                      fmt.total_int, missing)
        label = book.month_label(m)
        cells.formula(row + 2, c, f'=IF({col_name(c)}{row + 2}>0,{xl_text(label + "*")},'
                      f'{xl_text(label)})', fmt.total_text, label + "*" if missing else label)
    return row + 3


def ytd_lookup(book: Book, nr: str) -> str:
    """INDEX/MATCH of the year to date of insats number `nr` (a cell reference)."""
    return lookup(book, COL_YTD, nr)


def lookup(book: Book, column: int, nr: str) -> str:
    """INDEX/MATCH of column `column` of insats number `nr`'s row (over every block)."""
    values = sheet_ref(SHEET, rng(book.md_first, column, book.md_last, column, True))
    key = sheet_ref(SHEET, rng(book.md_first, COL_NR, book.md_last, COL_NR, True))
    return f"INDEX({values},MATCH({nr},{key},0))"


def trend_area(book: Book, which: int) -> str:
    """The trend row `which` (0 new, 1 enrolled, 2 missing, 3 labels), January to P."""
    r = book.md_trend[which]
    return sheet_ref(SHEET, rng(r, month_col(1), r, month_col(book.p), True))
