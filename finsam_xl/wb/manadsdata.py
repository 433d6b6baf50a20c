"""Sheet 2, `Månadsdata`: insats x month of the volume measure. Flow insatser: new
participants per month (formulas over Deltagarflöde) and, in its own column, the start of the
first reported month; count insatser: the month's fx_antal (data cells). Year to date is a
formula."""

from __future__ import annotations

from .. import aggregate as A
from .. import contract
from .. import messages as M
from . import flode
from .common import FIRST_ROW, HEADER_ROW, Book, cell, rng, sheet_ref

SHEET = 1
COL_INSATS, COL_ENHET, COL_START = 0, 1, 2
MONTH0 = 3
COL_YTD = MONTH0 + 12


def month_col(month: int) -> int:
    return MONTH0 + month - 1


def write(book: Book) -> None:
    ws = book.ws(SHEET)
    fmt = book.fmt
    df_sheet = contract.WB_SHEETS[flode.SHEET]
    book.heading(ws, contract.WB_SHEETS[SHEET])
    book.note(ws, M.WB_MD_NOTE, COL_YTD, 30)
    heads = ([M.WB_OV_HEAD[0], M.WB_OV_HEAD[2], M.WB_MD_HEAD_START]
             + [book.month_label(m) for m in range(1, 13)] + [M.WB_MD_HEAD_YTD])
    for c, h in enumerate(heads):
        ws.write_string(HEADER_ROW, c, h, fmt.header if c < COL_START else fmt.header_num)
    cells = book.cells(ws)
    string, number, formula = cells.string, cells.number, cells.formula
    row = FIRST_ROW
    for ins in book.plan.insatser:
        book.md_rows[ins.id] = row
        string(row, COL_INSATS, ins.namn, fmt.text)
        string(row, COL_ENHET, ins.enhet, fmt.text)
        info = book.info[ins.id]
        volume = A.volume_by_month(book.plan, book.wide, ins, book.months)
        if ins.flow:
            if info["months"]:
                r = book.df_rows[(ins.id, "start", "totalt")]
                formula(row, COL_START, "=" + sheet_ref(df_sheet, cell(r, flode.COL_YEAR)),
                        fmt.int_calc, int(info["start_totalt"]))
            rn = book.df_rows[(ins.id, "nya", "totalt")]
            for m, v in volume.items():
                formula(row, month_col(m),
                        "=" + sheet_ref(df_sheet, cell(rn, flode.month_col(m))),
                        fmt.int_calc, v)
        else:
            for m, v in volume.items():
                number(row, month_col(m), v, fmt.int)
        formula(row, COL_YTD, f"=SUM({rng(row, COL_START, row, month_col(12))})",
                fmt.int_calc, int(info["ytd"]))
        row += 1
    ws.set_column(COL_INSATS, COL_INSATS, 34)
    ws.set_column(COL_ENHET, COL_ENHET, 10)
    ws.set_column(COL_START, COL_START, 16)
    ws.set_column(MONTH0, MONTH0 + 11, 6)
    ws.set_column(COL_YTD, COL_YTD, 12)
    ws.set_row(HEADER_ROW, 42)
    ws.freeze_panes(FIRST_ROW, 1)
    ws.autofilter(HEADER_ROW, 0, row - 1, COL_YTD)
    book.page_setup(ws)
