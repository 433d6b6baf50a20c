"""Sheet `Data`: every counted value in long form as an Excel table (insats, period, fält,
kön, värde, källfil, sha256), for pivot tables, and the workbook's one copy of the submitted
values: every other number of the workbook is a formula over it, directly (SUMIFS and
COUNTIFS by insats id, period, fält and kön) or through Deltagarflöde and Månadsdata, which
read it so. A kansli who corrects a value here, adds a row (inside the table or below it) or
deletes one sees every sheet follow when the workbook recalculates.

The period is a date (the first of the month, shown as ÅÅÅÅ-MM): a numeric key that no
locale reads differently in a criterion (a text "2025-02" may be taken for a date by one
engine and not by another).

The formulas read the table's columns from row 2 down to `SPARE_ROWS` rows below the table,
not whole columns: Gnumeric scans every row of a whole-column criterion range (1 048 576),
which made a small workbook's recalculation take 32 s instead of 1 s; LibreOffice and Excel
stop at the used area either way (README, "Hur siffrorna räknas")."""

from __future__ import annotations

from .. import aggregate as A
from .. import contract
from .. import messages as M
from .common import Book, date_formula, rng, serial, sheet_ref, text_format, xl_text

SHEET = contract.WB_DATA
TABLE_NAME = "Rapportdata"
COL_INSATS, COL_PERIOD, COL_FALT, COL_KON, COL_VARDE, COL_FIL, COL_SHA = range(7)
SPARE_ROWS = 1000  # rows below the table that every formula over it reads too


def falt_kon(name: str) -> tuple[str, str]:
    """Swedish (fält, kön) for a contract count name."""
    for kon in contract.KON:
        suffix = "_" + kon
        if name.endswith(suffix):
            stem = name[len(contract.PREFIX):-len(suffix)]
            if stem.startswith("utfall_"):
                kat = stem[len("utfall_"):]
                falt = contract.WB_DATA_UTFALL.format(kategori=M.KATEGORI_LABEL[kat])
            else:
                falt = contract.WB_DATA_FALT[stem]
            return falt, contract.WB_DATA_KON[kon]
    return contract.WB_DATA_FALT[name[len(contract.PREFIX):]], contract.WB_DATA_KON[None]


def utfall_falt(kategori: str) -> str:
    return contract.WB_DATA_UTFALL.format(kategori=M.KATEGORI_LABEL[kategori])


def rows(book: Book):
    """The Data table's rows (a long frame, `aggregate.long_frame`): this year's values,
    then, when the previous year's plan is given, last year's of January to P's month
    (`Samma period i fjol` reads them; every formula of this year names this year's
    dates, so none reads them)."""
    if book.last_year is None:
        return book.long
    import pandas as pd

    return pd.concat([book.long, A.long_frame(book.last_year.result)], ignore_index=True)


def write(book: Book) -> None:
    ws = book.ws(SHEET)
    fmt = book.fmt
    long = rows(book)
    n = len(long)
    last = max(1, n)  # the table needs at least one body row
    book.data_last_row = last
    define_names(book)
    ws.add_table(0, 0, last, COL_SHA, {
        "name": TABLE_NAME,
        "style": "Table Style Light 9",
        "columns": [{"header": h} for h in contract.WB_DATA_HEAD],
    })
    text, integer, text_q = fmt.text, fmt.int, fmt.text_q
    labels = {name: falt_kon(name) for name in long["name"].unique().tolist()}
    names = long["name"].tolist()
    files = ["" if f is None else str(f) for f in long["file"].tolist()]
    file_format = {f: text_format(f, text, text_q) for f in set(files)}  # a file has many rows
    dates = {p: serial(int(p[:4]), int(p[5:])) for p in set(long["period"].tolist())}
    book.cells(ws).columns(1, [
        (COL_INSATS, long["insats"].tolist(), text),
        (COL_PERIOD, [dates[p] for p in long["period"].tolist()], fmt.period),
        (COL_FALT, [labels[x][0] for x in names], text),
        (COL_KON, [labels[x][1] for x in names], text),
        (COL_VARDE, long["value"].tolist(), integer),  # int64 -> Python int
        # as common.write_text: a string (none when empty), quote-prefixed if it looks like
        # a formula
        (COL_FIL, [f or None for f in files], [file_format[f] for f in files]),
        (COL_SHA, long["sha256"].tolist(), text),
    ])
    widths = (26, 9, 40, 9, 8, 36, 66)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.freeze_panes(1, 0)
    book.page_setup(ws, header_row=0)
    # Left out of printing: the print area is one empty cell beside the table (LibreOffice
    # and Excel print nothing for it). The table is the workbook's data, for pivot tables.
    ws.print_area(0, COL_SHA + 2, 0, COL_SHA + 2)


def column(book: Book, col: int) -> str:
    """The Data table's column `col` (insats, period, fält, kön or värde) as the formulas
    read it: its defined name (contract.WB_NAME_DATA), from the first body row to
    SPARE_ROWS rows below the table (rows a kansli adds below the table count too)."""
    return contract.WB_NAME_DATA[col]


def define_names(book: Book) -> None:
    """The defined names of the Data table's columns (`column`)."""
    last = book.data_last_row + SPARE_ROWS
    for col, name in enumerate(contract.WB_NAME_DATA):
        book.wb.define_name(name, "=" + sheet_ref(SHEET, rng(1, col, last, col, absolute=True)))


def ytd_criteria(book: Book) -> str:
    """Criteria pairs for the months of the plan year up to and including P."""
    key = ("ytd", book.p)
    found = book.memo.get(key)
    if found is None:
        period = column(book, COL_PERIOD)
        year = book.plan.ar
        found = book.memo[key] = (f'{period},">="&{date_formula(year, 1)},'
                                  f'{period},"<="&{date_formula(year, book.p)}')
    return found


def sumifs(book: Book, insats_id: str, falt: str, kon: str | None = None,
           period: str | None = None) -> str:
    """SUMIFS over the Data table for one insats and field (and gender, given as a contract
    gender or None for the field's every row): of the month `period` (a cell reference or
    a DATE term), else of every month of the year up to P."""
    parts = [column(book, COL_VARDE), column(book, COL_INSATS), xl_text(insats_id),
             column(book, COL_FALT), xl_text(falt)]
    if kon is not None:
        parts += [column(book, COL_KON), xl_text(contract.WB_DATA_KON[kon])]
    parts.append(f"{column(book, COL_PERIOD)},{period}" if period is not None
                 else ytd_criteria(book))
    return "SUMIFS(" + ",".join(parts) + ")"


def countifs(book: Book, insats_id: str, period: str) -> str:
    """How many Data rows insats `insats_id` has for the month `period` (a cell reference or
    a DATE term): none means no report for that month."""
    return (f"COUNTIFS({column(book, COL_INSATS)},{xl_text(insats_id)},"
            f"{column(book, COL_PERIOD)},{period})")
