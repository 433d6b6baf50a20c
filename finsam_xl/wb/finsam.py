"""Sheet `Uppföljning Finsam`: per insats, the figures a förbund types into the national
follow-up system: the level (individinriktad / strukturövergripande), the budgeted
participants, and the participants so far this year: women and men for an individual
insats (the start of its first reported month plus every month's new, from Deltagarflöde by
`Nr` and its Första mark), the total for structural work (its year to date on Månadsdata by
`Nr`). An insats that counts meetings or contacts has no participants to report; its
Anmärkning says so. A total per level (SUMIFS over this table's own columns by level)."""

from __future__ import annotations

from .. import contract
from .. import messages as M
from . import flode, manadsdata
from .common import FIRST_ROW, HEADER_ROW, Book, cell, fit_height, key_cell, rng, xl_text

SHEET = contract.WB_FINSAM
COL_NR, COL_INSATS, COL_NIVA, COL_ENHET, COL_BUDGET, COL_K, COL_M, COL_T, COL_ANM = range(9)
WIDTHS = (5, 32, 18, 10, 12, 12, 12, 12, 34)


def write(book: Book) -> None:
    ws = book.ws(SHEET)
    fmt = book.fmt
    cells = book.cells(ws)
    book.heading(ws, SHEET)
    book.note(ws, M.WB_FI_NOTE, COL_ANM, 30)
    for c, h in enumerate(M.WB_FI_HEAD):
        cells.string(HEADER_ROW, c, h, fmt.header_center if c == COL_NR else fmt.header_num
                     if COL_BUDGET <= c <= COL_T else fmt.header)
    fit_height(ws, HEADER_ROW, list(zip(M.WB_FI_HEAD, WIDTHS, strict=True)), minimum=2,
               bold=True)
    row = FIRST_ROW
    for ins in book.plan.insatser:
        _insats_row(book, ws, cells, row, ins)
        row += 1
    last = row - 1
    _totals(book, cells, row, last)
    for c, w in enumerate(WIDTHS):
        ws.set_column(c, c, w)
    ws.freeze_panes(FIRST_ROW, COL_INSATS + 1)
    ws.autofilter(HEADER_ROW, 0, last, COL_ANM)
    book.page_setup(ws)


def participants(book: Book, ins, nr: str, kon: str) -> str:
    """The participants of flow insats `nr` so far this year, of gender `kon`."""
    return (f"{flode.sumifs(book, 'start', kon, nr, mark='forsta')}"
            f"+{flode.sumifs(book, 'nya', kon, nr)}")


def _insats_row(book: Book, ws, cells, row: int, ins) -> None:
    fmt = book.fmt
    info = book.info[ins.id]
    nr = key_cell(row, COL_NR)
    cells.number(row, COL_NR, book.nr[ins.id], fmt.nr)
    cells.string(row, COL_INSATS, ins.namn, fmt.wrap)
    cells.string(row, COL_NIVA, M.WB_FI_NIVA[ins.niva], fmt.text)
    cells.string(row, COL_ENHET, ins.enhet, fmt.text)
    note = ""
    if ins.enhet == "deltagare" and ins.budgeterad_volym is not None:
        cells.number(row, COL_BUDGET, ins.budgeterad_volym, fmt.int)
    if ins.flow:
        for c, kon in ((COL_K, "kvinnor"), (COL_M, "man")):
            cells.formula(row, c, "=" + participants(book, ins, nr, kon), fmt.int_calc,
                          int(info[f"ytd_{kon}"]))
        cells.formula(row, COL_T, f"={cell(row, COL_K)}+{cell(row, COL_M)}", fmt.int_calc,
                      int(info["ytd"]))
    elif ins.enhet == "deltagare":
        cells.formula(row, COL_T, "=" + manadsdata.ytd_lookup(book, nr), fmt.int_calc,
                      int(info["ytd"]))
    else:
        note = M.WB_FI_NOT_PARTICIPANTS.format(enhet=ins.enhet)
        cells.string(row, COL_ANM, note, fmt.wrap)
    fit_height(ws, row, [(ins.namn, WIDTHS[COL_INSATS]), (note, WIDTHS[COL_ANM])])


def _totals(book: Book, cells, row: int, last: int) -> None:
    """A total row per level: budgeted participants, women, men and all (SUMIFS over this
    table's columns by level)."""
    fmt = book.fmt
    for niva in ("individ", "struktur"):
        members = [i for i in book.plan.insatser if i.niva == niva]
        if not members:
            continue
        label = M.WB_FI_NIVA[niva]
        cells.string(row, COL_INSATS, M.WB_FI_TOTAL.format(niva=label), fmt.total_text)
        crit = f"{rng(FIRST_ROW, COL_NIVA, last, COL_NIVA, True)},{xl_text(label)}"
        flow = [i for i in members if i.flow]
        counted = [i for i in members if i.enhet == "deltagare"]
        sums = {
            COL_BUDGET: sum(i.budgeterad_volym or 0 for i in counted),
            COL_K: sum(int(book.info[i.id]["ytd_kvinnor"]) for i in flow),
            COL_M: sum(int(book.info[i.id]["ytd_man"]) for i in flow),
            COL_T: sum(int(book.info[i.id]["ytd"]) for i in counted),
        }
        for c in (COL_NR, COL_NIVA, COL_ENHET, COL_ANM):
            cells.blank(row, c, None, fmt.total_blank)
        for c, value in sums.items():
            if c in (COL_K, COL_M) and not flow:
                cells.blank(row, c, None, fmt.total_blank)
                continue
            area = rng(FIRST_ROW, c, last, c, True)
            cells.formula(row, c, f"=SUMIFS({area},{crit})", fmt.total_int, value)
        row += 1
