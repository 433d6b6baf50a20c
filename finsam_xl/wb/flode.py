"""Sheet 3, `Deltagarflöde`: per flow insats and reported month, start, new, ended and end of
month by gender. Start, new and ended are the reported data cells; totals and end of month are
formulas. The last column holds the year so far: start of the first reported month, sums of
new and ended, end of the latest reported month."""

from __future__ import annotations

from .. import contract
from .. import messages as M
from .common import FIRST_ROW, HEADER_ROW, Book, cell, col_name, rng

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
    book.heading(ws, contract.WB_SHEETS[SHEET])
    book.note(ws, M.WB_DF_NOTE, COL_YEAR, 30)
    heads = list(M.WB_DF_HEAD) + [book.month_label(m) for m in range(1, 13)] + [M.WB_DF_HEAD_YEAR]
    for c, h in enumerate(heads):
        ws.write_string(HEADER_ROW, c, h, fmt.header if c < MONTH0 else fmt.header_num)
    cells = book.cells(ws)
    string, number, formula = cells.string, cells.number, cells.formula
    f_int, f_calc, f_text = fmt.int, fmt.int_calc, fmt.text
    # Column letters of the month columns and the year column, built once.
    letters = {c: col_name(c) for c in range(MONTH0, COL_YEAR + 1)}
    row = FIRST_ROW
    for ins in book.plan.insatser:
        if not ins.flow:
            continue
        recs = book.flows.get(ins.id, [])  # [(month, {column: value})] in month order
        months = [m for m, _r in recs]
        rows = {}
        for measure in MEASURES:
            for kon in KONS:
                rows[(measure, kon)] = book.df_rows[(ins.id, measure, kon)] = row
                row += 1
        for measure in MEASURES:
            for kon in KONS:
                r = rows[(measure, kon)]
                key = f"{measure}_{kon}"
                string(r, COL_INSATS, ins.namn, f_text)
                string(r, COL_MATT, M.WB_DF_MEASURES[measure], f_text)
                string(r, COL_KON, M.WB_DF_KON[kon], f_text)
                # row numbers (1-based) of the cells a formula adds up
                if kon == "totalt":
                    rk, rm = rows[(measure, "kvinnor")] + 1, rows[(measure, "man")] + 1
                elif measure == "slut":
                    rs, rn, ra = (rows[("start", kon)] + 1, rows[("nya", kon)] + 1,
                                  rows[("avslutade", kon)] + 1)
                for m, values in recs:
                    c = month_col(m)
                    value = int(values[key])
                    x = letters[c]
                    if kon == "totalt":
                        formula(r, c, f"={x}{rk}+{x}{rm}", f_calc, value)
                    elif measure == "slut":
                        formula(r, c, f"={x}{rs}+{x}{rn}-{x}{ra}", f_calc, value)
                    else:
                        number(r, c, value, f_int)
                if not months:
                    continue
                if measure == "start":
                    first = month_col(months[0])
                    formula(r, COL_YEAR, f"={cell(r, first)}", f_calc,
                            int(recs[0][1][key]))
                elif measure == "slut":
                    last = month_col(months[-1])
                    formula(r, COL_YEAR, f"={cell(r, last)}", f_calc, int(recs[-1][1][key]))
                else:
                    formula(r, COL_YEAR, f"=SUM({rng(r, month_col(1), r, month_col(12))})",
                            f_calc, sum(int(v[key]) for _m, v in recs))
    last_row = max(row - 1, FIRST_ROW)
    ws.set_column(COL_INSATS, COL_INSATS, 30)
    ws.set_column(COL_MATT, COL_MATT, 10)
    ws.set_column(COL_KON, COL_KON, 8)
    ws.set_column(MONTH0, MONTH0 + 11, 6)
    ws.set_column(COL_YEAR, COL_YEAR, 13)
    ws.freeze_panes(FIRST_ROW, MONTH0)
    ws.autofilter(HEADER_ROW, 0, last_row, COL_YEAR)
    book.page_setup(ws)
