"""Sheet 5, `Inlämningar`: completeness, insats x month as Inkommen / Sen / Underkänd /
Saknas / – (not active), blank for months after P; reporting rates per insats (over its own
row) and per month (over the whole column) as COUNTIF formulas; and the comments the
coordinators wrote. Översikt's expected share counts an insats's '–' cells here, finding the
row by the insats number (`Nr`)."""

from __future__ import annotations

from .. import aggregate as A
from .. import contract
from .. import grid as G
from .. import messages as M
from .common import (
    FIRST_ROW,
    HEADER_ROW,
    Book,
    fit_height,
    rng,
    row_height,
    sheet_ref,
    wrapped_lines,
    write_text,
)

SHEET = 4
COL_NR, COL_INSATS = 0, 1
MONTH0 = 2
NAME_WIDTH = 32
COL_RATE = MONTH0 + 12
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
    book.heading(ws, contract.WB_SHEETS[SHEET])
    cells = book.cells(ws)
    book.note(ws, M.WB_IN_NOTE, COL_RATE, 30)
    heads = ([M.WB_NR, M.WB_IN_HEAD_INSATS] + [book.month_label(m) for m in range(1, 13)]
             + [M.WB_IN_HEAD_RATE])
    for c, h in enumerate(heads):
        cells.string(HEADER_ROW, c, h, fmt.header if c == COL_INSATS else
                     fmt.header_num if c == COL_RATE else fmt.header_center)
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

    _comments(book, ws, cells, row + 2)
    ws.set_column(COL_NR, COL_NR, 5)
    ws.set_column(COL_INSATS, COL_INSATS, NAME_WIDTH)
    ws.set_column(MONTH0, MONTH0 + 11, 9.5)
    ws.set_column(COL_RATE, COL_RATE, 9)
    ws.set_row(HEADER_ROW, 30)
    ws.freeze_panes(FIRST_ROW, COL_INSATS + 1)
    ws.autofilter(HEADER_ROW, 0, last, COL_RATE)
    book.page_setup(ws)
    # conditional colours so gaps stand out (the text reads in black and white too)
    grid = rng(FIRST_ROW, month_col(1), last, month_col(12))
    for label, f in ((M.WB_IN_STATUS[A.SAKNAS], fmt.red), (M.WB_IN_STATUS[A.UNDERKAND], fmt.red),
                     (M.WB_IN_STATUS[A.SEN], fmt.yellow)):
        ws.conditional_format(grid, {"type": "cell", "criteria": "==",
                                     "value": f'"{label}"', "format": f})


def _comments(book: Book, ws, cells, row: int) -> None:
    """The coordinators' comments (masked by the reader), as text only."""
    fmt = book.fmt
    cells.string(row, 0, M.WB_IN_TITLE_COMMENTS, fmt.section)
    row += 1
    # columns: insats (2 cols) | period | rapporterad av (2) | kommentar (6) | fil (3)
    spans = ((0, 1), (2, 2), (3, 4), (5, 10), (11, COL_RATE))
    for (c1, c2), h in zip(spans, M.WB_IN_COMMENT_HEAD, strict=True):
        if c1 == c2:
            cells.string(row, c1, h, fmt.header)
        else:
            ws.merge_range(row, c1, row, c2, h, fmt.header)
    row += 1
    for sub in book.result.used_until():
        if not (sub.kommentar or "").strip():
            continue
        ins = book.plan.insats(sub.insats or "")
        name = ins.namn if ins else (sub.insats or "")
        ws.merge_range(row, 0, row, 1, "", fmt.wrap)
        cells.string(row, 0, name, fmt.wrap)
        cells.string(row, 2, sub.period or "", fmt.text)
        for (c1, c2), text, f, fq in (((3, 4), sub.rapporterad_av, fmt.wrap, fmt.wrap_q),
                                      ((5, 10), sub.kommentar, fmt.wrap, fmt.wrap_q),
                                      ((11, COL_RATE), sub.relpath, fmt.wrap, fmt.wrap_q)):
            ws.merge_range(row, c1, row, c2, "", f)
            write_text(ws, row, c1, text, f, fq)
        lines = max(wrapped_lines(sub.kommentar, 6 * 9.5 - 2),
                    wrapped_lines(sub.rapporterad_av or "", 2 * 9.5 - 2),
                    wrapped_lines(sub.relpath, 3 * 9.5 + 9 - 2),
                    wrapped_lines(name, NAME_WIDTH + 5 - 2))
        if lines > 1:
            ws.set_row(row, row_height(lines))
        row += 1


def grid_area(book: Book) -> str:
    """The whole status grid (every insats, every month), for counts on other sheets."""
    return sheet_ref(contract.WB_SHEETS[SHEET], rng(FIRST_ROW, month_col(1), book.in_last,
                                             month_col(12), True))


def expected_formula(book: Book, nr: str) -> str:
    """Expected share for Översikt: active months Jan..P / active months in the year,
    counted from the '–' cells of the row of insats number `nr` (a cell reference), found
    with INDEX/MATCH."""
    name = contract.WB_SHEETS[SHEET]
    key = sheet_ref(name, rng(FIRST_ROW, COL_NR, book.in_last, COL_NR, True))
    match = f"MATCH({nr},{key},0)"

    def row_of(last_month: int) -> str:
        grid = sheet_ref(name, rng(FIRST_ROW, month_col(1), book.in_last,
                                   month_col(last_month), True))
        return f"INDEX({grid},{match},0)"

    den = f"(12-{inactive_count(row_of(12))})"
    return f'=IF({den}=0,"",({book.p}-{inactive_count(row_of(book.p))})/{den})'
