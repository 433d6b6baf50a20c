"""Sheet 4, `Utfall`: ended participants year to date by outcome category and gender (SUMIFS
over the Data table), women's share of new and ended, and every evaluable goal against its
target."""

from __future__ import annotations

from .. import contract
from .. import messages as M
from . import data, flode
from .common import Book, blank, cell, rng, sheet_ref, row_height, wrapped_lines, xl_text

SHEET = 3
COL_INSATS, COL_KAT, COL_K, COL_M, COL_T, COL_SHARE = range(6)
# goal table columns
G_MAL, G_INSATS, G_TYP, G_K, G_M, G_ALLA, G_TARGET, G_RESULT = range(8)
LAST_COL = 7


def _ratio_formula(num: str, den: str) -> str:
    return f'IF({den}=0,"",{num}/{den})'


WIDTHS = (40, 44, 11, 11, 11, 11, 11, 11)


def write(book: Book) -> None:
    """Goals first (what the board reads), then women's share, then the long outcome table
    whose header repeats on every printed page."""
    ws = book.ws(SHEET)
    plan = book.plan
    book.heading(ws, contract.WB_SHEETS[SHEET])
    flow = [i for i in plan.insatser if i.flow]
    pairs = book.pairs
    goal_title = 3
    gender_title = goal_title + 2 + max(1, len(pairs)) + 1
    outcome_title = gender_title + 2 + len(flow) + 1
    header_row = outcome_title + 1
    _outcomes(book, ws, flow, outcome_title)
    _gender(book, ws, flow, gender_title)
    _goals(book, ws, pairs, goal_title)
    for c, w in enumerate(WIDTHS):
        ws.set_column(c, c, w)
    book.page_setup(ws, header_row=header_row)
    ws.set_h_pagebreaks([outcome_title])  # the long outcome table starts on its own page


def _section(cells, ws, row: int, title: str, heads, style, title_fmt,
             height: float | None = 30) -> int:
    """A section's title row and its header row (header `c` in `style(c)`, the row `height`
    points high when given); returns the first row below them."""
    cells.string(row, 0, title, title_fmt)
    row += 1
    for c, h in enumerate(heads):
        cells.string(row, c, h, style(c))
    if height is not None:
        ws.set_row(row, height)
    return row + 1


def _outcomes(book: Book, ws, flow, row: int) -> None:
    fmt = book.fmt
    cells = book.cells(ws)
    header_row = row + 1
    row = _section(cells, ws, row, M.WB_UT_TITLE_OUTCOMES, M.WB_UT_HEAD,
                   lambda c: fmt.header if c < COL_K else fmt.header_num, fmt.section)
    string, formula, blank_cell = cells.string, cells.formula, cells.blank
    for ins in flow:
        o = {kat: book.outcome_rows[(ins.id, kat)] for kat in contract.KATEGORIER}
        first = row
        sum_row = row + len(contract.KATEGORIER)
        book.ut_sum_rows[ins.id] = sum_row
        total = sum(int(r["totalt"]) for r in o.values())
        sum_t = cell(sum_row, COL_T)
        for kat in contract.KATEGORIER:
            book.ut_cat_rows[(ins.id, kat)] = row
            string(row, COL_INSATS, ins.namn, fmt.text)
            string(row, COL_KAT, M.KATEGORI_LABEL[kat], fmt.text)
            falt = data.utfall_falt(kat)
            for col, kon in ((COL_K, "kvinnor"), (COL_M, "man")):
                formula(row, col, "=" + data.sumifs(book, ins.id, falt, kon),
                        fmt.int_calc, int(o[kat][kon]))
            formula(row, COL_T, f"={cell(row, COL_K)}+{cell(row, COL_M)}",
                    fmt.int_calc, int(o[kat]["totalt"]))
            formula(row, COL_SHARE, "=" + _ratio_formula(cell(row, COL_T), sum_t),
                    fmt.pct_calc, "" if total == 0 else int(o[kat]["totalt"]) / total)
            row += 1
        string(row, COL_INSATS, ins.namn, fmt.total_text)
        string(row, COL_KAT, M.WB_UT_SUM, fmt.total_text)
        for col, key in ((COL_K, "kvinnor"), (COL_M, "man"), (COL_T, "totalt")):
            formula(row, col, f"=SUM({rng(first, col, row - 1, col)})",
                    fmt.total_int, sum(int(r[key]) for r in o.values()))
        blank_cell(row, COL_SHARE, None, fmt.total_blank)
        row += 1
    if flow:
        ws.autofilter(header_row, 0, row - 1, COL_SHARE)


def _gender(book: Book, ws, flow, row: int) -> None:
    fmt = book.fmt
    cells = book.cells(ws)
    df_sheet = contract.WB_SHEETS[flode.SHEET]
    row = _section(cells, ws, row, M.WB_UT_TITLE_GENDER, M.WB_UT_GENDER_HEAD,
                   lambda c: fmt.header if c == 0 else fmt.header_num, fmt.section)
    for ins in flow:
        info = book.info[ins.id]
        cells.string(row, 0, ins.namn, fmt.text)
        for c0, measure, share_key in ((1, "nya", "women_share_new"),
                                       (4, "avslutade", "women_share_ended")):
            rk = book.df_rows[(ins.id, measure, "kvinnor")]
            rt = book.df_rows[(ins.id, measure, "totalt")]
            cells.formula(row, c0, "=" + sheet_ref(df_sheet, cell(rk, flode.COL_YEAR)),
                          fmt.int_calc, int(info[f"{measure}_kvinnor"]))
            cells.formula(row, c0 + 1, "=" + sheet_ref(df_sheet, cell(rt, flode.COL_YEAR)),
                          fmt.int_calc, int(info[f"{measure}_totalt"]))
            cells.formula(row, c0 + 2,
                          "=" + _ratio_formula(cell(row, c0), cell(row, c0 + 1)),
                          fmt.pct_calc, blank(info[share_key]))
        row += 1


def _goals(book: Book, ws, pairs, row: int) -> None:
    fmt = book.fmt
    cells = book.cells(ws)
    df_sheet = contract.WB_SHEETS[flode.SHEET]
    row = _section(cells, ws, row, M.WB_UT_TITLE_GOALS, M.WB_UT_GOAL_HEAD,
                   lambda c: (fmt.header_center if c == G_RESULT else fmt.header if c < G_K
                              else fmt.header_num), fmt.section, height=None)
    goals = book.goals
    if not pairs:
        cells.string(row, 0, M.WB_UT_NO_GOALS, fmt.note)
    for (goal, ins), rec in zip(pairs, goals.itertuples(index=False)):
        book.ut_goal_rows[(goal.id, ins.id)] = row
        cells.string(row, G_MAL, goal.namn, fmt.wrap)
        cells.string(row, G_INSATS, ins.namn, fmt.wrap)
        cells.string(row, G_TYP, M.WB_UT_TYP[goal.typ], fmt.wrap)
        lines = max(wrapped_lines(goal.namn, WIDTHS[G_MAL] - 2),
                    wrapped_lines(ins.namn, WIDTHS[G_INSATS] - 2),
                    wrapped_lines(M.WB_UT_TYP[goal.typ], WIDTHS[G_TYP] - 1))
        if lines > 1:
            ws.set_row(row, row_height(lines))
        share = fmt.pct_calc
        if goal.typ == "utfall":
            s = book.ut_sum_rows[ins.id]
            cats = [book.ut_cat_rows[(ins.id, k)] for k in contract.KATEGORIER
                    if k in goal.kategorier]
            for gcol, ocol, key in ((G_K, COL_K, "kvinnor"), (G_M, COL_M, "man"),
                                    (G_ALLA, COL_T, "alla")):
                num = "(" + "+".join(cell(r, ocol) for r in cats) + ")" if cats else "0"
                cells.formula(row, gcol, "=" + _ratio_formula(num, cell(s, ocol)), share,
                              blank(getattr(rec, key)))
            target_fmt = fmt.pct
        elif goal.typ == "enkät":
            svar = data.sumifs(book, ins.id, contract.WB_DATA_FALT["enkat_svar"])
            pos = data.sumifs(book, ins.id, contract.WB_DATA_FALT["enkat_positiva"])
            cells.formula(row, G_ALLA, "=" + _ratio_formula(pos, svar), share,
                          blank(rec.alla))
            target_fmt = fmt.pct
        else:  # inskrivna: lowest month-end enrolment
            r = book.df_rows[(ins.id, "slut", "totalt")]
            area = sheet_ref(df_sheet, rng(r, flode.month_col(1), r, flode.month_col(12)))
            cells.formula(row, G_ALLA, f'=IF(COUNT({area})=0,"",MIN({area}))',
                          fmt.int_calc, blank(rec.alla))
            target_fmt = fmt.int
        if rec.target is not None:
            cells.number(row, G_TARGET, rec.target, target_fmt)
        f, g = cell(row, G_ALLA), cell(row, G_TARGET)
        met = "" if rec.met is None else (M.WB_UT_MET if rec.met else M.WB_UT_NOT_MET)
        cells.formula(row, G_RESULT,
                      f'=IF(OR({f}="",{g}=""),"",IF({f}>={g},{xl_text(M.WB_UT_MET)},'
                      f'{xl_text(M.WB_UT_NOT_MET)}))', fmt.center, met)
        row += 1
