"""Sheet 3, `Deltagarflöde`: per flow insats and reported month, start, new, ended and end of
month by gender. Start, new and ended are the reported data cells; totals and end of month are
formulas. The last column holds the year so far: start of the first reported month, sums of
new and ended, end of the latest reported month."""

from __future__ import annotations

from .. import aggregate as A
from .. import messages as M
from .common import FIRST_ROW, HEADER_ROW, Book, cell, rng

SHEET = 2
COL_INSATS, COL_MATT, COL_KON = 0, 1, 2
MONTH0 = 3  # column of January
COL_YEAR = MONTH0 + 12
MEASURES = ("start", "nya", "avslutade", "slut")
KONS = ("kvinnor", "man", "totalt")


def month_col(month: int) -> int:
    return MONTH0 + month - 1


def write(book: Book) -> None:
    ws = book.ws(SHEET)
    fmt = book.fmt
    book.heading(ws, M.WB_SHEETS[SHEET])
    book.note(ws, M.WB_DF_NOTE, COL_YEAR, 30)
    heads = list(M.WB_DF_HEAD) + [book.month_label(m) for m in range(1, 13)] + [M.WB_DF_HEAD_YEAR]
    for c, h in enumerate(heads):
        ws.write_string(HEADER_ROW, c, h, fmt.header if c < MONTH0 else fmt.header_num)
    row = FIRST_ROW
    for ins in book.plan.insatser:
        if not ins.flow:
            continue
        fl = A.flow_frame(book.wide, ins.id)
        months = [int(m) for m in fl.index]
        for measure in MEASURES:
            for kon in KONS:
                book.df_rows[(ins.id, measure, kon)] = row
                row += 1
        for measure in MEASURES:
            for kon in KONS:
                r = book.df_rows[(ins.id, measure, kon)]
                ws.write_string(r, COL_INSATS, ins.namn, fmt.text)
                ws.write_string(r, COL_MATT, M.WB_DF_MEASURES[measure], fmt.text)
                ws.write_string(r, COL_KON, M.WB_DF_KON[kon], fmt.text)
                for m in months:
                    c = month_col(m)
                    value = int(fl.loc[m, f"{measure}_{kon}"])
                    if kon == "totalt":
                        rk = book.df_rows[(ins.id, measure, "kvinnor")]
                        rm = book.df_rows[(ins.id, measure, "man")]
                        ws.write_formula(r, c, f"={cell(rk, c)}+{cell(rm, c)}", fmt.int_calc,
                                         value)
                    elif measure == "slut":
                        rs = book.df_rows[(ins.id, "start", kon)]
                        rn = book.df_rows[(ins.id, "nya", kon)]
                        ra = book.df_rows[(ins.id, "avslutade", kon)]
                        ws.write_formula(r, c, f"={cell(rs, c)}+{cell(rn, c)}-{cell(ra, c)}",
                                         fmt.int_calc, value)
                    else:
                        ws.write_number(r, c, value, fmt.int)
                if not months:
                    continue
                if measure == "start":
                    first = month_col(months[0])
                    ws.write_formula(r, COL_YEAR, f"={cell(r, first)}", fmt.int_calc,
                                     int(fl.iloc[0][f"start_{kon}"]))
                elif measure == "slut":
                    last = month_col(months[-1])
                    ws.write_formula(r, COL_YEAR, f"={cell(r, last)}", fmt.int_calc,
                                     int(fl.iloc[-1][f"slut_{kon}"]))
                else:
                    ws.write_formula(r, COL_YEAR,
                                     f"=SUM({rng(r, month_col(1), r, month_col(12))})",
                                     fmt.int_calc, int(fl[f"{measure}_{kon}"].sum()))
    last_row = max(row - 1, FIRST_ROW)
    ws.set_column(COL_INSATS, COL_INSATS, 30)
    ws.set_column(COL_MATT, COL_MATT, 10)
    ws.set_column(COL_KON, COL_KON, 8)
    ws.set_column(MONTH0, MONTH0 + 11, 6)
    ws.set_column(COL_YEAR, COL_YEAR, 10)
    ws.freeze_panes(FIRST_ROW, MONTH0)
    ws.autofilter(HEADER_ROW, 0, last_row, COL_YEAR)
    book.page_setup(ws)
