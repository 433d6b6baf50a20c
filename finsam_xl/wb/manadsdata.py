"""Sheet 2, `Månadsdata`: insats x month of the volume measure. Flow insatser: new
participants per month and, in its own column, the start of the first reported month, both
found on Deltagarflöde by key (insats number and month); count insatser: the month's
fx_antal (data cells). Year to date is the sum of the row.

Below the table, outside its AutoFilter range: the förbund's new participants and month-end
enrolment per month, over every flow insats that reported the month (the trend chart on
Översikt shows these two rows)."""

from __future__ import annotations

from .. import aggregate as A
from .. import contract
from .. import messages as M
from . import flode
from .common import FIRST_ROW, HEADER_ROW, Book, fit_height, key_cell, rng, sheet_ref

SHEET = 1
COL_NR, COL_INSATS, COL_ENHET, COL_START = 0, 1, 2, 3
MONTH0 = 4
COL_YTD = MONTH0 + 12
NAME_WIDTH = 32


def month_col(month: int) -> int:
    return MONTH0 + month - 1


def write(book: Book) -> None:
    ws = book.ws(SHEET)
    fmt = book.fmt
    book.heading(ws, contract.WB_SHEETS[SHEET])
    book.note(ws, M.WB_MD_NOTE, COL_YTD, 30)
    heads = (list(M.WB_MD_HEAD) + [book.month_label(m) for m in range(1, 13)]
             + [M.WB_MD_HEAD_YTD])
    for c, h in enumerate(heads):
        ws.write_string(HEADER_ROW, c, h, fmt.header if COL_INSATS <= c <= COL_ENHET
                        else fmt.header_center if c == COL_NR else fmt.header_num)
    cells = book.cells(ws)
    string, number, formula = cells.string, cells.number, cells.formula
    row = FIRST_ROW
    for ins in book.plan.insatser:
        number(row, COL_NR, book.nr[ins.id], fmt.nr)
        string(row, COL_INSATS, ins.namn, fmt.wrap)
        string(row, COL_ENHET, ins.enhet, fmt.text)
        info = book.info[ins.id]
        volume = A.volume_by_month(book.plan, book.wide, ins, book.months)
        nr = key_cell(row, COL_NR)
        if ins.flow:
            if info["months"]:
                formula(row, COL_START, "=" + flode.sumifs(book, "start", "totalt", nr,
                                                           info["first_month"]),
                        fmt.int_calc, int(info["start_totalt"]))
            for m, v in volume.items():
                formula(row, month_col(m), "=" + flode.sumifs(book, "nya", "totalt", nr, m),
                        fmt.int_calc, v)
        else:
            for m, v in volume.items():
                number(row, month_col(m), v, fmt.int)
        formula(row, COL_YTD, f"=SUM({rng(row, COL_START, row, month_col(12))})",
                fmt.int_calc, int(info["ytd"]))
        fit_height(ws, row, [(ins.namn, NAME_WIDTH)])
        row += 1
    book.md_last = row - 1
    _trend(book, ws, row + 1)
    ws.set_column(COL_NR, COL_NR, 5)
    ws.set_column(COL_INSATS, COL_INSATS, NAME_WIDTH)
    ws.set_column(COL_ENHET, COL_ENHET, 10)
    ws.set_column(COL_START, COL_START, 14)
    ws.set_column(MONTH0, MONTH0 + 11, 6)
    ws.set_column(COL_YTD, COL_YTD, 9)
    ws.set_row(HEADER_ROW, 42)
    ws.freeze_panes(FIRST_ROW, COL_INSATS + 1)
    ws.autofilter(HEADER_ROW, 0, book.md_last, COL_YTD)
    book.page_setup(ws)


def _trend(book: Book, ws, row: int) -> None:
    """New participants and month-end enrolment per month over every flow insats that
    reported the month: SUMIFS over Deltagarflöde by month. Empty for months without any
    flow report (and after P)."""
    fmt = book.fmt
    cells = book.cells(ws)
    flows = [book.flows.get(i.id, []) for i in book.plan.insatser if i.flow]
    if not any(flows):
        return
    months = sorted({m for recs in flows for m, _v in recs})
    book.trend_months = months
    book.md_trend = (row, row + 1)
    for r, label, measure in ((row, M.WB_MD_TREND_NEW, "nya"),
                              (row + 1, M.WB_MD_TREND_ENROLLED, "slut")):
        cells.string(r, COL_INSATS, label, fmt.total_wrap)
        for c in (COL_NR, COL_ENHET, COL_START, COL_YTD):
            cells.blank(r, c, None, fmt.total_blank)
        for m in range(1, 13):
            if m not in months:
                cells.blank(r, month_col(m), None, fmt.total_blank)
                continue
            value = sum(int(v[f"{measure}_totalt"]) for recs in flows for mm, v in recs
                        if mm == m)
            cells.formula(r, month_col(m), "=" + flode.sumifs(book, measure, "totalt",
                                                                month=m),
                          fmt.total_int, value)
        fit_height(ws, r, [(label, NAME_WIDTH)], bold=True)


def ytd_lookup(book: Book, nr: str) -> str:
    """INDEX/MATCH of the year to date of insats number `nr` (a cell reference)."""
    name = contract.WB_SHEETS[SHEET]
    ytd = sheet_ref(name, rng(FIRST_ROW, COL_YTD, book.md_last, COL_YTD, True))
    key = sheet_ref(name, rng(FIRST_ROW, COL_NR, book.md_last, COL_NR, True))
    return f"INDEX({ytd},MATCH({nr},{key},0))"
