"""Sheet 8, `Om rapporten`: plan, period, time of writing, version, files read, and how
each measure is computed, in plain Swedish."""

from __future__ import annotations

from .. import __version__, contract
from .. import aggregate as A
from .. import messages as M
from ..model import ACCEPTED, IGNORED, REJECTED, SUPERSEDED
from ..periods import to_stockholm
from ..verdicts import counts
from . import inlamningar
from .common import Book, row_height, wrapped_lines

SHEET = contract.WB_OM
KEY_WIDTH, VALUE_WIDTH = 36, 100


def local_time(dt) -> str:
    """The time of writing in Swedish time, 'YYYY-MM-DD HH:MM'."""
    return to_stockholm(dt).strftime("%Y-%m-%d %H:%M")


def write(book: Book) -> None:
    ws = book.ws(SHEET)
    fmt = book.fmt
    res = book.result
    ws.write_string(0, 0, M.WB_OM_TITLE, fmt.title)
    c = counts(res)  # the same counts as the terminal's summary line
    grid = inlamningar.grid_area(book)
    used = res.used_until()
    late = sum(1 for s in used if (s.insats, s.period) in res.late)
    sen = M.WB_IN_STATUS[A.SEN]
    K = M.WB_OM_ROWS
    items = [
        (K["forbund"], res.plan.namn),
        (K["ar"], res.plan.ar),
        (K["period"], res.period),
        (K["skriven"], local_time(res.written_at)),
        (K["version"], __version__),
        (K["filer"], len(res.reports)),
        (K["godkanda"], c[ACCEPTED]),
        (K["underkanda"], c[REJECTED]),
        (K["ersatta"], c[SUPERSEDED]),
        (K["ignorerade"], c[IGNORED]),
        # derived from Inlämningar, so formulas over it
        (K["anvanda"], (f'=COUNTIF({grid},"{M.WB_IN_STATUS[A.INKOMMEN]}")'
                        f'+COUNTIF({grid},"{sen}")', len(used))),
        (K["sena"], (f'=COUNTIF({grid},"{sen}")', late)),
    ]
    row = 2
    year_fmt = book.wb.add_format({"font_name": "Calibri", "font_size": 10, "valign": "top",
                                   "align": "left", "num_format": "0"})
    for key, value in items:
        ws.write_string(row, 0, key, fmt.key_wrap)
        if isinstance(value, tuple):
            ws.write_formula(row, 1, value[0], year_fmt, value[1])
        elif isinstance(value, int):
            # plain "0": a left-aligned "# ##0" would show its literal space before small numbers
            ws.write_number(row, 1, value, year_fmt)
        else:
            ws.write_string(row, 1, str(value), fmt.value_wrap)
        lines = wrapped_lines(key, KEY_WIDTH - 2)
        if lines > 1:
            ws.set_row(row, row_height(lines))
        row += 1
    row += 1
    ws.write_string(row, 0, M.WB_OM_METHOD_TITLE, fmt.section)
    row += 1
    for key, text in M.WB_OM_METHOD:
        ws.write_string(row, 0, key, fmt.key_wrap)
        ws.write_string(row, 1, text, fmt.value_wrap)
        lines = max(wrapped_lines(text, VALUE_WIDTH - 3), wrapped_lines(key, KEY_WIDTH - 2))
        if lines > 1:
            ws.set_row(row, row_height(lines))
        row += 1
    ws.set_column(0, 0, KEY_WIDTH)
    ws.set_column(1, 1, VALUE_WIDTH)
    book.page_setup(ws, header_row=0)
