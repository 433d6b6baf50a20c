"""Sheet `Deltagarflöde`: one row per flow insats and active month up to P: whether the
Data table holds a report for it, start, new, ended and end of month for women, men and in
total. Every cell is a formula: the counts are SUMIFS over the Data table by the insats id,
the row's period, field and gender; totals and end of month are formulas over cells of the
same row, so sorting or filtering the table keeps every row whole.

`Rapport` says Ja when Data holds any row of the insats and month (Saknas otherwise, and the
row's counts are empty); `Första` and `Senaste` mark the insats's first and latest reported
month (no reported row of the same insats before, or after, it: COUNTIFS over this table by
`Nr` and period). Other sheets find a month's numbers here by key, with SUMIFS on the insats
number (`Nr`), the period (a date shown as ÅÅÅÅ-MM) and those marks, never by the row's
position (see `sumifs`): a year to date is the start of the month marked Första plus every
month's new, "enrolled now" the end of the month marked Senaste."""

from __future__ import annotations

from .. import contract
from .. import messages as M
from . import data
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
    xl_text,
)

SHEET = contract.WB_FLODE
COL_NR, COL_INSATS, COL_PERIOD, COL_RAPPORT, COL_FORSTA, COL_SENASTE = range(6)
MEASURES = ("start", "nya", "avslutade", "slut")
KONS = ("kvinnor", "man", "totalt")
NAME_WIDTH = 30
DATA_FALT = {"start": "start", "nya": "nya", "avslutade": "avslutade"}


def col(measure: str, kon: str) -> int:
    return COL_SENASTE + 1 + 3 * MEASURES.index(measure) + KONS.index(kon)


LAST_COL = col("slut", "totalt")


def rows_of(book: Book) -> list[tuple]:
    """(insats, month) of every row: each flow insats's active months up to P."""
    year, p = book.plan.ar, book.p
    return [(ins, m) for ins in book.plan.insatser if ins.flow
            for m in ins.active_months(year) if m <= p]


def write(book: Book) -> None:
    ws = book.ws(SHEET)
    fmt = book.fmt
    book.heading(ws, SHEET)
    book.note(ws, M.WB_DF_NOTE, LAST_COL, 30)
    heads = list(M.WB_DF_HEAD) + [f"{M.WB_DF_MEASURES[m]} {M.WB_DF_KON[k]}"
                                  for m in MEASURES for k in KONS]
    cells = book.cells(ws)
    for c, h in enumerate(heads):
        cells.string(HEADER_ROW, c, h, fmt.header_center if c in (COL_NR, COL_RAPPORT,
                                                                   COL_FORSTA, COL_SENASTE)
                     else fmt.header if c <= COL_PERIOD else fmt.header_num)
    rows = rows_of(book)
    book.df_last = FIRST_ROW + max(len(rows), 1) - 1
    define_names(book)
    pieces = _pieces(book)
    flows = {ins_id: dict(recs) for ins_id, recs in book.flows.items()}
    year = book.plan.ar
    for row, (ins, month) in enumerate(rows, start=FIRST_ROW):
        values = flows.get(ins.id, {}).get(month)
        cells.number(row, COL_NR, book.nr[ins.id], fmt.nr)
        cells.string(row, COL_INSATS, ins.namn, fmt.wrap)
        cells.number(row, COL_PERIOD, serial(year, month), fmt.period)
        _row_formulas(book, cells, row, ins, month, values, pieces)
        fit_height(ws, row, [(ins.namn, NAME_WIDTH)])
    ws.set_column(COL_NR, COL_NR, 5)
    ws.set_column(COL_INSATS, COL_INSATS, NAME_WIDTH)
    ws.set_column(COL_PERIOD, COL_PERIOD, 8)
    ws.set_column(COL_RAPPORT, COL_SENASTE, 8)
    ws.set_column(col("start", "kvinnor"), LAST_COL, 8.5)
    ws.set_row(HEADER_ROW, 30)
    ws.freeze_panes(FIRST_ROW, COL_PERIOD + 1)
    ws.autofilter(HEADER_ROW, 0, book.df_last, LAST_COL)
    book.page_setup(ws)


def _pieces(book: Book) -> dict:
    """Formula pieces shared by every row (built once per workbook)."""
    letter = {(m, k): col_name(col(m, k)) for m in MEASURES for k in KONS}
    rap = col_name(COL_RAPPORT)
    yes = xl_text(M.WB_DF_YES)
    fields = {}
    for m, key in DATA_FALT.items():
        for k in contract.KON:
            # =IF($D5="Ja",SUMIFS(värde,insats,"<id>",period,$C5,fält,"Nya",kön,"Kvinnor"),"")
            fields[(m, k)] = (f",{data.column(book, data.COL_FALT)},"
                              f"{xl_text(contract.WB_DATA_FALT[key])},"
                              f"{data.column(book, data.COL_KON)},"
                              f"{xl_text(contract.WB_DATA_KON[k])}),\"\")")
    return {
        "letter": letter, "if": f"=IF(${rap}", "yes": f"={yes}", "fields": fields,
        "sum": f",SUMIFS({data.column(book, data.COL_VARDE)},"
               f"{data.column(book, data.COL_INSATS)},",
        "period": f",{data.column(book, data.COL_PERIOD)},$C",
        "count": f"=IF(COUNTIFS({data.column(book, data.COL_INSATS)},",
        # =IF(AND($D5="Ja",COUNTIFS(nr,$A5,period,"<"&$C5,rapport,"Ja")=0),"Ja",""), cut
        # where the row number and the operator go
        "mark": (f"=IF(AND(${rap}", f"={yes},COUNTIFS({area(book, COL_NR)},$A",
                 f",{area(book, COL_PERIOD)},\"", "\"&$C",
                 f",{area(book, COL_RAPPORT)},{yes})=0),{yes},\"\")"),
        "reported": (f",{data.column(book, data.COL_PERIOD)},$C",
                     f")>0,{yes},{xl_text(M.WB_DF_MISSING)})"),
    }


def _row_formulas(book: Book, cells, row: int, ins, month: int, values: dict | None,
                  pieces: dict) -> None:
    """The row's Rapport, Första and Senaste marks and its counts (empty when Data has no
    report for the month); `values`: the month's flow_records row, None when not reported."""
    fmt = book.fmt
    formula = cells.formula
    r = str(row + 1)  # 1-based row number in the formulas
    info = book.info[ins.id]
    months = info["months"]
    text_fmt, f_calc = fmt.center, fmt.int_calc
    rid = xl_text(ins.id)
    reported = pieces["reported"]
    formula(row, COL_RAPPORT, pieces["count"] + rid + reported[0] + r + reported[1], text_fmt,
            M.WB_DF_YES if values is not None else M.WB_DF_MISSING)
    a, b, c_, d, e = pieces["mark"]
    for c, op, hit in ((COL_FORSTA, "<", months[:1]), (COL_SENASTE, ">", months[-1:])):
        formula(row, c, a + r + b + r + c_ + op + d + r + e, text_fmt,
                M.WB_DF_YES if [month] == hit else "")
    letter, start = pieces["letter"], pieces["if"] + r + pieces["yes"]
    head = start + pieces["sum"] + rid + pieces["period"] + r
    for m in MEASURES:
        for k in KONS:
            value = "" if values is None else int(values[f"{m}_{k}"])
            if k == "totalt":
                text = f"{start},{letter[(m, 'kvinnor')]}{r}+{letter[(m, 'man')]}{r},\"\")"
            elif m == "slut":
                text = (f"{start},{letter[('start', k)]}{r}+{letter[('nya', k)]}{r}"
                        f"-{letter[('avslutade', k)]}{r},\"\")")
            else:
                text = head + pieces["fields"][(m, k)]
            formula(row, col(m, k), text, f_calc, value)


COLUMN_NAMES = {COL_NR: "nr", COL_PERIOD: "period", COL_RAPPORT: "rapport",
                COL_FORSTA: "forsta", COL_SENASTE: "senaste",
                **{col(m, k): f"{m}_{k}" for m in MEASURES for k in KONS}}


def area(book: Book, column: int) -> str:
    """The whole table's column `column` on this sheet, by its defined name
    (contract.WB_NAME_FLODE), for SUMIFS from other sheets."""
    return contract.WB_NAME_FLODE.format(column=COLUMN_NAMES[column])


def define_names(book: Book) -> None:
    for column, key in COLUMN_NAMES.items():
        book.wb.define_name(contract.WB_NAME_FLODE.format(column=key), "=" + sheet_ref(
            SHEET, rng(FIRST_ROW, column, book.df_last, column, True)))


MARKS = {"rapport": COL_RAPPORT, "forsta": COL_FORSTA, "senaste": COL_SENASTE}


def _criteria(book: Book, nr: str | None, month: int | None, mark: str | None) -> list[str]:
    parts = []
    if nr is not None:
        parts += [area(book, COL_NR), str(nr)]
    if month is not None:
        parts += [area(book, COL_PERIOD), date_formula(book.plan.ar, month)]
    if mark is not None:
        parts += [area(book, MARKS[mark]), xl_text(M.WB_DF_YES)]
    return parts


def sumifs(book: Book, measure: str, kon: str, nr: str | None = None,
           month: int | None = None, mark: str | None = None) -> str:
    """SUMIFS of `measure` (`kon`) over this sheet's rows of insats number `nr` (a cell
    reference or a number) and/or the month `month` of the plan year, and/or marked Ja in
    the column `mark` (rapport, forsta, senaste). Rows without a report hold empty texts,
    which SUMIFS skips."""
    parts = [area(book, col(measure, kon))] + _criteria(book, nr, month, mark)
    return "SUMIFS(" + ",".join(parts) + ")"


def last_period(book: Book, nr: str) -> str:
    """The period (a date) of insats number `nr`'s row marked Senaste; 0 when none is."""
    return "SUMIFS(" + ",".join([area(book, COL_PERIOD)]
                                + _criteria(book, nr, None, "senaste")) + ")"


def countifs(book: Book, nr: str | None = None, month: int | None = None,
             mark: str | None = "rapport", missing: bool = False) -> str:
    """COUNTIFS of this sheet's rows by insats number, month and mark (Ja); `missing`: the
    rows whose Rapport says Saknas instead."""
    if missing:
        parts = _criteria(book, nr, month, None) + [area(book, COL_RAPPORT),
                                                    xl_text(M.WB_DF_MISSING)]
    else:
        parts = _criteria(book, nr, month, mark)
    return "COUNTIFS(" + ",".join(parts) + ")"
