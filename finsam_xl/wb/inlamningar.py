"""Sheet `Inlämningar`: completeness, insats x month as Inkommen / Sen / Underkänd /
Saknas / – (not active), blank for months after P; reporting rates per insats (over its own
row) and per month (over the whole column) as COUNTIF formulas; and per insats its active
months up to P and in the year (COUNTIF of its own row's '–' cells), which Översikt's
expected share divides, finding the row by the insats number (`Nr`). The coordinators'
comments are on their own sheet (kommentarer.py)."""

from __future__ import annotations

from .. import aggregate as A
from .. import contract
from .. import grid as G
from .. import messages as M
from .common import FIRST_ROW, HEADER_ROW, Book, fit_height, rng, sheet_ref

SHEET = contract.WB_INLAMNINGAR
COL_NR, COL_INSATS = 0, 1
MONTH0 = 2
NAME_WIDTH = 32
COL_RATE = MONTH0 + 12
COL_ACTIVE_P = COL_RATE + 1  # active months up to P
COL_ACTIVE_YEAR = COL_RATE + 2  # active months in the year
RECEIVED = G.RECEIVED
DUE = G.DUE


def month_col(month: int) -> int:
    return MONTH0 + month - 1


def _count(area: str, statuses) -> str:
    return "+".join(f'COUNTIF({area},"{M.WB_IN_STATUS[s]}")' for s in statuses)


def rate_formula(area: str) -> str:
    """(Inkommen + Sen) / (Inkommen + Sen + Saknas + Underkänd), empty when nothing is due."""
    due = _count(area, DUE)
    return f'=IF({due}=0,"",({_count(area, RECEIVED)})/({due}))'


def inactive_count(area: str) -> str:
    return f'COUNTIF({area},"{M.WB_IN_STATUS[A.INAKTIV]}")'


def write(book: Book) -> None:
    ws = book.ws(SHEET)
    fmt = book.fmt
    book.heading(ws, SHEET)
    cells = book.cells(ws)
    book.note(ws, M.WB_IN_NOTE, COL_ACTIVE_YEAR, 30)
    heads = ([M.WB_NR, M.WB_IN_HEAD_INSATS] + [book.month_label(m) for m in range(1, 13)]
             + [M.WB_IN_HEAD_RATE, M.WB_IN_HEAD_ACTIVE_P, M.WB_IN_HEAD_ACTIVE_YEAR])
    for c, h in enumerate(heads):
        cells.string(HEADER_ROW, c, h, fmt.header if c == COL_INSATS else
                     fmt.header_num if c >= COL_RATE else fmt.header_center)
    row = FIRST_ROW
    for ins in book.plan.insatser:
        statuses = book.grid[ins.id]
        cells.number(row, COL_NR, book.nr[ins.id], fmt.nr)
        cells.string(row, COL_INSATS, ins.namn, fmt.wrap)
        fit_height(ws, row, [(ins.namn, NAME_WIDTH)])
        for m, s in zip(range(1, 13), statuses, strict=True):
            label = M.WB_IN_STATUS[s]
            if label:
                cells.string(row, month_col(m), label, fmt.center)
        area = rng(row, month_col(1), row, month_col(12))
        cells.formula(row, COL_RATE, rate_formula(area), fmt.pct_calc,
                      "" if A.reporting_rate(statuses) is None
                      else A.reporting_rate(statuses))
        inactive = [s == A.INAKTIV for s in statuses]
        to_p = rng(row, month_col(1), row, month_col(book.p))
        cells.formula(row, COL_ACTIVE_P, f"={book.p}-{inactive_count(to_p)}", fmt.int_calc,
                      book.p - sum(inactive[:book.p]))
        cells.formula(row, COL_ACTIVE_YEAR, f"=12-{inactive_count(area)}", fmt.int_calc,
                      12 - sum(inactive))
        row += 1
    last = book.in_last = row - 1
    cells.blank(row, COL_NR, None, fmt.total_blank)
    cells.string(row, COL_INSATS, M.WB_IN_ROW_RATE, fmt.total_text)
    for m in range(1, 13):
        col = month_col(m)
        column = [book.grid[i.id][m - 1] for i in book.plan.insatser]
        rate = A.reporting_rate(column)
        cells.formula(row, col, rate_formula(rng(FIRST_ROW, col, last, col)),
                      fmt.total_pct, "" if rate is None else rate)
    everything = [s for i in book.plan.insatser for s in book.grid[i.id]]
    rate = A.reporting_rate(everything)
    cells.formula(row, COL_RATE,
                  rate_formula(rng(FIRST_ROW, month_col(1), last, month_col(12))),
                  fmt.total_pct, "" if rate is None else rate)
    for c in (COL_ACTIVE_P, COL_ACTIVE_YEAR):
        cells.blank(row, c, None, fmt.total_blank)
    ws.set_column(COL_NR, COL_NR, 5)
    ws.set_column(COL_INSATS, COL_INSATS, NAME_WIDTH)
    ws.set_column(MONTH0, MONTH0 + 11, 9.5)
    ws.set_column(COL_RATE, COL_ACTIVE_YEAR, 9)
    ws.set_row(HEADER_ROW, 42)
    ws.freeze_panes(FIRST_ROW, COL_INSATS + 1)
    ws.autofilter(HEADER_ROW, 0, last, COL_ACTIVE_YEAR)
    book.page_setup(ws)
    # conditional colours so gaps stand out (the text reads in black and white too)
    grid = rng(FIRST_ROW, month_col(1), last, month_col(12))
    for label, f in ((M.WB_IN_STATUS[A.SAKNAS], fmt.red), (M.WB_IN_STATUS[A.UNDERKAND], fmt.red),
                     (M.WB_IN_STATUS[A.SEN], fmt.yellow)):
        ws.conditional_format(grid, {"type": "cell", "criteria": "==",
                                     "value": f'"{label}"', "format": f})


def grid_area(book: Book) -> str:
    """The whole status grid (every insats, every month), for counts on other sheets."""
    return sheet_ref(SHEET, rng(FIRST_ROW, month_col(1), book.in_last, month_col(12), True))


def lookup(book: Book, column: int, nr: str) -> str:
    """INDEX/MATCH of column `column` of insats number `nr`'s row (a cell reference)."""
    values = sheet_ref(SHEET, rng(FIRST_ROW, column, book.in_last, column, True))
    key = sheet_ref(SHEET, rng(FIRST_ROW, COL_NR, book.in_last, COL_NR, True))
    return f"INDEX({values},MATCH({nr},{key},0))"


def expected_formula(book: Book, nr: str) -> str:
    """Expected share for Översikt: active months Jan..P / active months in the year, from
    the row of insats number `nr` (a cell reference), found with INDEX/MATCH; empty for an
    insats active in no month of the year."""
    den = lookup(book, COL_ACTIVE_YEAR, nr)
    return f'=IF({den}=0,"",{lookup(book, COL_ACTIVE_P, nr)}/{den})'
