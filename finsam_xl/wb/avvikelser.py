"""Sheet 6, `Avvikelser`: every error and warning of every file (file, status, code,
severity, field, cell, value, expected, message). All as text."""

from __future__ import annotations

from .. import contract
from .. import messages as M
from .common import FIRST_ROW, HEADER_ROW, Book, row_height, wrapped_lines, write_text

SHEET = 5


def rows(book: Book) -> list[tuple]:
    """(file, file status, finding) for every finding, errors before warnings per file."""
    out = []
    for rep in sorted(book.result.reports, key=lambda r: r.file):
        for f in sorted(rep.findings, key=lambda f: (f.severity != "error",)):
            out.append((rep.file, rep.status, f))
    return out


def write(book: Book) -> None:
    ws = book.ws(SHEET)
    fmt = book.fmt
    book.heading(ws, contract.WB_SHEETS[SHEET])
    for c, h in enumerate(M.WB_AV_HEAD):
        ws.write_string(HEADER_ROW, c, h, fmt.header)
    row = FIRST_ROW
    found = rows(book)
    widths = (30, 10, 18, 10, 24, 12, 12, 16, 70)
    for file, status, f in found:
        texts = (file, None, f.code, None, f.field, f.cell, f.value, f.expected, f.message)
        lines = max(wrapped_lines(t, w - 1) for t, w in zip(texts, widths) if t)
        if lines > 1:
            ws.set_row(row, row_height(lines))
        write_text(ws, row, 0, file, fmt.wrap, fmt.wrap_q)
        ws.write_string(row, 1, M.WB_AV_FILE_STATUS.get(status, status), fmt.text)
        write_text(ws, row, 2, f.code, fmt.text, fmt.text_q)
        ws.write_string(row, 3, M.WB_AV_SEVERITY.get(f.severity, f.severity), fmt.text)
        write_text(ws, row, 4, f.field, fmt.wrap, fmt.wrap_q)
        write_text(ws, row, 5, f.cell, fmt.text, fmt.text_q)
        write_text(ws, row, 6, f.value, fmt.wrap, fmt.wrap_q)
        write_text(ws, row, 7, f.expected, fmt.wrap, fmt.wrap_q)
        write_text(ws, row, 8, f.message, fmt.wrap, fmt.wrap_q)
        row += 1
    if not found:
        ws.write_string(row, 0, M.WB_AV_NONE, fmt.note)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.freeze_panes(FIRST_ROW, 1)
    ws.autofilter(HEADER_ROW, 0, max(row - 1, HEADER_ROW), len(M.WB_AV_HEAD) - 1)
    book.page_setup(ws)
