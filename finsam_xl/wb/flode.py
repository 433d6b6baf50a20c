"""Sheet 3, `Deltagarflöde`: one row per flow insats and reported month: start, new, ended
and end of month, for women, men and in total. Start, new and ended by gender are the
reported data cells; totals and end of month are formulas over cells of the same row, so
sorting or filtering the table keeps every row whole.

Other sheets find a month's numbers here by key, with SUMIFS on the insats number (`Nr`) and
the period (a date shown as ÅÅÅÅ-MM), never by the row's position (see `sumifs`)."""

from __future__ import annotations

from .. import contract
from .. import messages as M
from .common import (
    FIRST_ROW,
    HEADER_ROW,
    Book,
    col_name,
    date_formula,
    fit_height,
    rng,
    serial,
    sheet_ref,
)

SHEET = 2
COL_NR, COL_INSATS, COL_PERIOD = 0, 1, 2
MEASURES = ("start", "nya", "avslutade", "slut")
KONS = ("kvinnor", "man", "totalt")
NAME_WIDTH = 30


def col(measure: str, kon: str) -> int:
    return COL_PERIOD + 1 + 3 * MEASURES.index(measure) + KONS.index(kon)


LAST_COL = col("slut", "totalt")


def write(book: Book) -> None:
    ws = book.ws(SHEET)
    fmt = book.fmt
    book.heading(ws, contract.WB_SHEETS[SHEET])
    book.note(ws, M.WB_DF_NOTE, LAST_COL, 15)
    heads = list(M.WB_DF_HEAD) + [f"{M.WB_DF_MEASURES[m]} {M.WB_DF_KON[k]}"
                                  for m in MEASURES for k in KONS]
    cells = book.cells(ws)
    for c, h in enumerate(heads):
        cells.string(HEADER_ROW, c, h, fmt.header_center if c == COL_NR else
                     fmt.header if c <= COL_PERIOD else fmt.header_num)
    string, number, formula = cells.string, cells.number, cells.formula
    f_int, f_calc = fmt.int, fmt.int_calc
    letter = {(m, k): col_name(col(m, k)) for m in MEASURES for k in KONS}
    year = book.plan.ar
    row = FIRST_ROW
    for ins in book.plan.insatser:
        if not ins.flow:
            continue
        nr = book.nr[ins.id]
        for month, values in book.flows.get(ins.id, []):
            number(row, COL_NR, nr, fmt.nr)
            string(row, COL_INSATS, ins.namn, fmt.wrap)
            number(row, COL_PERIOD, serial(year, month), fmt.period)
            r = row + 1  # 1-based row number in the formulas
            for m in MEASURES:
                for k in KONS:
                    value = int(values[f"{m}_{k}"])
                    if k == "totalt":
                        formula(row, col(m, k), f"={letter[(m, 'kvinnor')]}{r}"
                                f"+{letter[(m, 'man')]}{r}", f_calc, value)
                    elif m == "slut":
                        formula(row, col(m, k), f"={letter[('start', k)]}{r}"
                                f"+{letter[('nya', k)]}{r}-{letter[('avslutade', k)]}{r}",
                                f_calc, value)
                    else:
                        number(row, col(m, k), value, f_int)
            fit_height(ws, row, [(ins.namn, NAME_WIDTH)])
            row += 1
    book.df_last = max(row - 1, FIRST_ROW)
    ws.set_column(COL_NR, COL_NR, 5)
    ws.set_column(COL_INSATS, COL_INSATS, NAME_WIDTH)
    ws.set_column(COL_PERIOD, COL_PERIOD, 8)
    ws.set_column(COL_PERIOD + 1, LAST_COL, 8.5)
    ws.set_row(HEADER_ROW, 30)
    ws.freeze_panes(FIRST_ROW, COL_PERIOD + 1)
    ws.autofilter(HEADER_ROW, 0, book.df_last, LAST_COL)
    book.page_setup(ws)


def area(book: Book, column: int) -> str:
    """The whole table's column `column` on this sheet, for SUMIFS from other sheets."""
    return sheet_ref(contract.WB_SHEETS[SHEET], rng(FIRST_ROW, column, book.df_last, column, True))


def sumifs(book: Book, measure: str, kon: str, nr: str | None = None,
           month: int | None = None) -> str:
    """SUMIFS of `measure` (`kon`) over this sheet's rows of insats number `nr` (a cell
    reference or a number) and/or the month `month` of the plan year."""
    parts = [area(book, col(measure, kon))]
    if nr is not None:
        parts += [area(book, COL_NR), str(nr)]
    if month is not None:
        parts += [area(book, COL_PERIOD), date_formula(book.plan.ar, month)]
    return "SUMIFS(" + ",".join(parts) + ")"
