"""Sheet 6, `Avvikelser`: every error and warning of every file, led by a short Swedish
description of the finding (then severity, file, file status, field, cell, value, expected,
message, and the stable code last). All as text."""

from __future__ import annotations

from .. import contract
from .. import messages as M
from ..findings import label
from .common import FIRST_ROW, HEADER_ROW, Book, fit_height, write_text

SHEET = contract.WB_AVVIKELSER


def rows(book: Book) -> list[tuple]:
    """(file, file status, finding) for every finding, errors before warnings per file; not
    of a file of an earlier plan year (its year is closed: it gets its line, no letter, and
    is not this year's deviation)."""
    out = []
    for rep in sorted(book.result.reports, key=lambda r: r.file):
        if book.result.earlier_year(rep):
            continue
        for f in sorted(rep.findings, key=lambda f: (f.severity != "error",)):
            out.append((rep.file, rep.status, f))
    return out


def write(book: Book) -> None:
    ws = book.ws(SHEET)
    fmt = book.fmt
    book.heading(ws, SHEET)
    for c, h in enumerate(M.WB_AV_HEAD):
        ws.write_string(HEADER_ROW, c, h, fmt.header)
    row = FIRST_ROW
    found = rows(book)
    widths = (24, 11, 24, 10, 18, 11, 20, 14, 40, 14)
    for file, status, f in found:
        described = label(f.code)
        texts = (described, None, file, None, f.field, f.cell, f.value, f.expected,
                 f.message, f.code)
        fit_height(ws, row, [(t, w) for t, w in zip(texts, widths, strict=True) if t])
        ws.write_string(row, 0, described, fmt.wrap)
        ws.write_string(row, 1, M.WB_AV_SEVERITY.get(f.severity, f.severity), fmt.text)
        write_text(ws, row, 2, file, fmt.wrap, fmt.wrap_q)
        ws.write_string(row, 3, M.WB_AV_FILE_STATUS.get(status, status), fmt.text)
        write_text(ws, row, 4, f.field, fmt.wrap, fmt.wrap_q)
        write_text(ws, row, 5, f.cell, fmt.text, fmt.text_q)
        write_text(ws, row, 6, f.value, fmt.wrap, fmt.wrap_q)
        write_text(ws, row, 7, f.expected, fmt.wrap, fmt.wrap_q)
        write_text(ws, row, 8, f.message, fmt.wrap, fmt.wrap_q)
        write_text(ws, row, 9, f.code, fmt.wrap, fmt.wrap_q)
        row += 1
    if not found:
        ws.write_string(row, 0, M.WB_AV_NONE, fmt.note)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.freeze_panes(FIRST_ROW, 1)
    ws.autofilter(HEADER_ROW, 0, max(row - 1, HEADER_ROW), len(M.WB_AV_HEAD) - 1)
    book.page_setup(ws)
