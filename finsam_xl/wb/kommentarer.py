"""Sheet `Kommentarer`: the comments the coordinators wrote in the used reports (masked by
the reader), one row each, in the plan's order of the insatser (`Nr`) and then by month:
who reported, the comment and the file. Text only, never a formula; no merged cells, so the
table sorts and filters like any other (its own AutoFilter, its header repeated on every
printed page)."""

from __future__ import annotations

from .. import contract
from .. import messages as M
from .common import FIRST_ROW, HEADER_ROW, Book, fit_height, write_text

SHEET = contract.WB_KOMMENTARER
WIDTHS = (5, 30, 9, 20, 60, 34)  # Nr, Insats, Period, Rapporterad av, Kommentar, Fil


def rows(book: Book) -> list:
    """The used submissions of the year up to P that carry a comment, by (Nr, period)."""
    nr = book.nr
    subs = [s for s in book.result.used_until() if (s.kommentar or "").strip()]
    return sorted(subs, key=lambda s: (nr.get(s.insats or "", len(nr) + 1), s.period or "",
                                       s.relpath))


def write(book: Book) -> None:
    ws = book.ws(SHEET)
    fmt = book.fmt
    book.heading(ws, SHEET)
    cells = book.cells(ws)
    for c, h in enumerate(M.WB_KO_HEAD):
        cells.string(HEADER_ROW, c, h, fmt.header_center if c == 0 else fmt.header)
    row = FIRST_ROW
    for sub in rows(book):
        ins = book.plan.insats(sub.insats or "")
        name = ins.namn if ins else (sub.insats or "")
        if ins is not None:
            cells.number(row, 0, book.nr[ins.id], fmt.nr)
        cells.string(row, 1, name, fmt.wrap)
        cells.string(row, 2, sub.period or "", fmt.text)
        for c, text in ((3, sub.rapporterad_av), (4, sub.kommentar), (5, sub.relpath)):
            write_text(ws, row, c, text, fmt.wrap, fmt.wrap_q, cells.string)
        fit_height(ws, row, [(name, WIDTHS[1]), (sub.rapporterad_av or "", WIDTHS[3]),
                             (sub.kommentar, WIDTHS[4]), (sub.relpath, WIDTHS[5])])
        row += 1
    if row == FIRST_ROW:
        cells.string(row, 1, M.WB_KO_NONE, fmt.subtitle)
    else:
        ws.autofilter(HEADER_ROW, 0, row - 1, len(WIDTHS) - 1)
    for c, w in enumerate(WIDTHS):
        ws.set_column(c, c, w)
    ws.set_row(HEADER_ROW, 30)
    ws.freeze_panes(FIRST_ROW, 2)
    book.page_setup(ws)
