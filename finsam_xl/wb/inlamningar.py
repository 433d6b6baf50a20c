"""Sheet 5, `Inlämningar`: completeness, insats x month as Inkommen / Sen / Underkänd /
Saknas / – (not active), blank for months after P; reporting rates per insats and per month
as COUNTIF formulas; and the comments the coordinators wrote."""

from __future__ import annotations

from .. import aggregate as A
from .. import contract
from .. import messages as M
from .common import FIRST_ROW, HEADER_ROW, Book, rng, row_height, wrapped_lines, write_text

SHEET = 4
COL_INSATS = 0
MONTH0 = 1
COL_RATE = MONTH0 + 12
RECEIVED = (A.INKOMMEN, A.SEN)
DUE = (A.INKOMMEN, A.SEN, A.SAKNAS, A.UNDERKAND)


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
    heads = ([M.WB_IN_HEAD_INSATS] + [book.month_label(m) for m in range(1, 13)]
             + [M.WB_IN_HEAD_RATE])
    for c, h in enumerate(heads):
        cells.string(HEADER_ROW, c, h, fmt.header if c == 0 else
                     fmt.header_num if c == COL_RATE else fmt.header_center)
    row = FIRST_ROW
    for ins in book.plan.insatser:
        book.in_rows[ins.id] = row
        statuses = book.grid[ins.id]
        cells.string(row, COL_INSATS, ins.namn, fmt.text)
        for m, s in zip(range(1, 13), statuses):
            label = M.WB_IN_STATUS[s]
            if label:
                cells.string(row, month_col(m), label, fmt.center)
        area = rng(row, month_col(1), row, month_col(12))
        cells.formula(row, COL_RATE, rate_formula(area), fmt.pct_calc,
                      "" if A.reporting_rate(statuses) is None
                      else A.reporting_rate(statuses))
        row += 1
    last = row - 1
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

    # The coordinators' comments (masked by the reader), as text only.
    row += 2
    cells.string(row, 0, M.WB_IN_TITLE_COMMENTS, fmt.section)
    row += 1
    # columns: insats | period | rapporterad av (2 cols) | kommentar (6) | fil (4)
    spans = ((0, 0), (1, 1), (2, 3), (4, 9), (10, COL_RATE))
    for (c1, c2), h in zip(spans, M.WB_IN_COMMENT_HEAD):
        if c1 == c2:
            cells.string(row, c1, h, fmt.header)
        else:
            ws.merge_range(row, c1, row, c2, h, fmt.header)
    row += 1
    for sub in book.result.used_until():
        if not (sub.kommentar or "").strip():
            continue
        ins = book.plan.insats(sub.insats or "")
        cells.string(row, 0, ins.namn if ins else (sub.insats or ""), fmt.text)
        cells.string(row, 1, sub.period or "", fmt.text)
        for (c1, c2), text, f, fq in (((2, 3), sub.rapporterad_av, fmt.wrap, fmt.wrap_q),
                                      ((4, 9), sub.kommentar, fmt.wrap, fmt.wrap_q),
                                      ((10, COL_RATE), sub.relpath, fmt.wrap, fmt.wrap_q)):
            ws.merge_range(row, c1, row, c2, "", f)
            write_text(ws, row, c1, text, f, fq)
        lines = max(wrapped_lines(sub.kommentar, 6 * 9.5 - 2),
                    wrapped_lines(sub.rapporterad_av or "", 2 * 9.5 - 2))
        if lines > 1:
            ws.set_row(row, row_height(lines))
        row += 1
    ws.set_column(COL_INSATS, COL_INSATS, 34)
    ws.set_column(MONTH0, MONTH0 + 11, 9.5)
    ws.set_column(COL_RATE, COL_RATE, 9)
    ws.set_row(HEADER_ROW, 30)
    ws.freeze_panes(FIRST_ROW, 1)
    ws.autofilter(HEADER_ROW, 0, last, COL_RATE)
    book.page_setup(ws)
    # conditional colours so gaps stand out (the text reads in black and white too)
    grid = rng(FIRST_ROW, month_col(1), last, month_col(12))
    for label, f in ((M.WB_IN_STATUS[A.SAKNAS], fmt.red), (M.WB_IN_STATUS[A.UNDERKAND], fmt.red),
                     (M.WB_IN_STATUS[A.SEN], fmt.yellow)):
        ws.conditional_format(grid, {"type": "cell", "criteria": "==",
                                     "value": f'"{label}"', "format": f})


def expected_formula(book: Book, insats_id: str, sheet_ref_fn) -> str:
    """Expected share for Översikt: active months Jan..P / active months in the year, counted
    from this sheet's '–' cells."""
    r = book.in_rows[insats_id]
    year = sheet_ref_fn(contract.WB_SHEETS[SHEET], rng(r, month_col(1), r, month_col(12)))
    to_p = sheet_ref_fn(contract.WB_SHEETS[SHEET], rng(r, month_col(1), r, month_col(book.p)))
    den = f"(12-{inactive_count(year)})"
    return f'=IF({den}=0,"",({book.p}-{inactive_count(to_p)})/{den})'

