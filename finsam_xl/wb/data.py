"""Sheet 7, `Data`: every counted value in long form as an Excel table, for pivot tables. The
outcome and survey formulas on `Utfall` sum over this table with SUMIFS."""

from __future__ import annotations

from .. import contract
from .. import messages as M
from .common import Book, rng, sheet_ref, write_text, xl_text

SHEET = 6
TABLE_NAME = "Rapportdata"
COL_INSATS, COL_PERIOD, COL_FALT, COL_KON, COL_VARDE, COL_FIL, COL_SHA = range(7)


def falt_kon(name: str) -> tuple[str, str]:
    """Swedish (fält, kön) for a contract count name."""
    for kon in contract.KON:
        suffix = "_" + kon
        if name.endswith(suffix):
            stem = name[3:-len(suffix)]  # drop "fx_"
            if stem.startswith("utfall_"):
                kat = stem[len("utfall_"):]
                falt = M.WB_DATA_UTFALL.format(kategori=M.KATEGORI_LABEL[kat])
            else:
                falt = M.WB_DATA_FALT[stem]
            return falt, M.WB_DATA_KON[kon]
    return M.WB_DATA_FALT[name[3:]], M.WB_DATA_KON[None]


def utfall_falt(kategori: str) -> str:
    return M.WB_DATA_UTFALL.format(kategori=M.KATEGORI_LABEL[kategori])


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
        "columns": [{"header": h} for h in M.WB_DATA_HEAD],
    })
    for i, rec in enumerate(long.itertuples(index=False), start=1):
        falt, kon = falt_kon(rec.name)
        ws.write_string(i, COL_INSATS, rec.insats, fmt.text)
        ws.write_string(i, COL_PERIOD, rec.period, fmt.text)
        ws.write_string(i, COL_FALT, falt, fmt.text)
        ws.write_string(i, COL_KON, kon, fmt.text)
        ws.write_number(i, COL_VARDE, int(rec.value), fmt.int)
        write_text(ws, i, COL_FIL, rec.file, fmt.text, fmt.text_q)
        ws.write_string(i, COL_SHA, rec.sha256, fmt.text)
    widths = (26, 9, 40, 9, 8, 36, 66)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.freeze_panes(1, 0)
    book.page_setup(ws, header_row=0)


def sumifs(book: Book, insats_id: str, falt: str, kon: str | None = None) -> str:
    """SUMIFS over the Data table body for one insats and field (and gender)."""
    def col(c: int) -> str:
        return sheet_ref(M.WB_SHEETS[SHEET], rng(1, c, book.data_last_row, c, absolute=True))

    parts = [col(COL_VARDE), col(COL_INSATS), xl_text(insats_id), col(COL_FALT), xl_text(falt)]
    if kon is not None:
        parts += [col(COL_KON), xl_text(M.WB_DATA_KON[kon])]
    return "SUMIFS(" + ",".join(parts) + ")"
