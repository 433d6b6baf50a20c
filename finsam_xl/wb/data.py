"""Sheet 7, `Data`: every counted value in long form as an Excel table, for pivot tables. The
outcome and survey formulas on `Utfall` sum over this table with SUMIFS."""

from __future__ import annotations

from .. import contract
from .. import messages as M
from .common import Book, rng, sheet_ref, text_format, xl_text

SHEET = 6
TABLE_NAME = "Rapportdata"
COL_INSATS, COL_PERIOD, COL_FALT, COL_KON, COL_VARDE, COL_FIL, COL_SHA = range(7)


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


def write(book: Book) -> None:
    ws = book.ws(SHEET)
    fmt = book.fmt
    long = book.long
    n = len(long)
    last = max(1, n)  # the table needs at least one body row
    book.data_last_row = last
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
    book.cells(ws).columns(1, [
        (COL_INSATS, long["insats"].tolist(), text),
        (COL_PERIOD, long["period"].tolist(), text),
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


def sumifs(book: Book, insats_id: str, falt: str, kon: str | None = None) -> str:
    """SUMIFS over the Data table body for one insats and field (and gender)."""
    key = ("sumifs", book.data_last_row)
    cols = book.memo.get(key)
    if cols is None:  # the Data table's column ranges, built once per workbook
        cols = book.memo[key] = {
            c: sheet_ref(contract.WB_SHEETS[SHEET], rng(1, c, book.data_last_row, c, absolute=True))
            for c in (COL_VARDE, COL_INSATS, COL_FALT, COL_KON)}
    parts = [cols[COL_VARDE], cols[COL_INSATS], xl_text(insats_id), cols[COL_FALT],
             xl_text(falt)]
    if kon is not None:
        parts += [cols[COL_KON], xl_text(contract.WB_DATA_KON[kon])]
    return "SUMIFS(" + ",".join(parts) + ")"
