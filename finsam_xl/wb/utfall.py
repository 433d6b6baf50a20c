"""Sheet `Utfall`: the goals per insats (one block per goal of the plan), women's share
of new and ended participants, and the ended participants year to date by outcome category
and gender.

Every formula finds its rows by key: the outcome table's women and men rows by insats id,
field, gender and the months up to P in the Data table (SUMIFS), its `Alla` and share rows
by insats number (`Nr`) and gender in the same table; women's share from Deltagarflöde by
`Nr`; a goal row's counts by `Nr` and gender in the outcome table (survey counts in the Data
table, the lowest enrolment from Deltagarflöde by `Nr`, month and its Rapport mark);
Översikt's headline results by goal number (`Mål nr`) over all goal blocks, and each
insats's goal count by `Nr` and result. So sorting the outcome table (its AutoFilter range)
or the Data table moves no number to another insats.

Columns are shared by the three parts: 0 = insats number, 1 = insats name, 2 = goal number
/ first count / gender, 3 = the goal's result / ..."""

from __future__ import annotations

from .. import aggregate as A
from .. import contract
from .. import messages as M
from . import data, flode
from .common import Book, blank, cell, fit_height, key_cell, rng, sheet_ref, xl_text

SHEET = contract.WB_UTFALL
C_NR, C_NAMN, C_GNR, C_RES = 0, 1, 2, 3
# outcome table: Nr | Insats | Kön | six categories | Summa avslutade
C_KON = 2
CAT0 = 3
C_SUM = CAT0 + len(contract.KATEGORIER)
OUT_LAST = C_SUM
# utfall goal blocks: ... | Kvinnor | Män | Alla | Målvärde | Avsl. K | varav K | Avsl. M | varav M
U_K, U_M, U_ALLA, U_TARGET, U_DEN_K, U_NUM_K, U_DEN_M, U_NUM_M = range(4, 12)
# enkät blocks: ... | Andel | Målvärde | Enkätsvar | Varav når målet
E_SHARE, E_TARGET, E_DEN, E_NUM = range(4, 8)
# inskrivna blocks: ... | Lägsta antal inskrivna | Målvärde
I_LOW, I_TARGET = 4, 5
WIDTHS = (5, 30, 11, 12, 12, 12, 12, 12, 12, 12, 12, 12)
LAST_COL = len(WIDTHS) - 1

STATUS_TEXT = {A.MET: M.WB_UT_MET, A.NOT_MET: M.WB_UT_NOT_MET, A.UNKNOWN: M.WB_UT_UNKNOWN}


def ratio(num: str, den: str) -> str:
    return f'IF({den}=0,"",{num}/{den})'


def share_status_formula(target: str, alla: str, k: str | None = None,
                         m: str | None = None) -> str:
    """Uppfyllt / Ej uppfyllt / Kan inte bedömas än for a share goal; with `k` and `m`
    (a goal for "kvinnor och män"): not met when a gender with anyone to count falls short,
    met when both reach the target (the same rule as aggregate.share_status)."""
    met, no, unknown = (xl_text(M.WB_UT_MET), xl_text(M.WB_UT_NOT_MET),
                        xl_text(M.WB_UT_UNKNOWN))
    if k is None:
        return f'=IF({alla}="",{unknown},IF({alla}>={target},{met},{no}))'
    return (f'=IF(OR(AND({k}<>"",{k}<{target}),AND({m}<>"",{m}<{target})),{no},'
            f'IF(AND({k}<>"",{m}<>""),{met},{unknown}))')


def count_status_formula(target: str, low: str) -> str:
    return (f'=IF({low}="",{xl_text(M.WB_UT_UNKNOWN)},IF({low}>={target},'
            f'{xl_text(M.WB_UT_MET)},{xl_text(M.WB_UT_NOT_MET)}))')


def write(book: Book) -> None:
    """Goals first (what the board reads), then women's share, then the long outcome table
    whose header repeats on every printed page. The outcome table is placed first in code
    (the goal rows sum over it), so its rows are computed before they are written."""
    ws = book.ws(SHEET)
    plan = book.plan
    book.heading(ws, SHEET)
    flow = [i for i in plan.insatser if i.flow]
    blocks = _blocks(book)
    goal_rows = 2 + sum(3 + len(pairs) for _g, pairs in blocks) - (1 if blocks else -1)
    goal_title = 3
    gender_title = goal_title + goal_rows + 1
    outcome_title = gender_title + 2 + len(flow) + 1
    header_row = outcome_title + 1
    book.ut_outcomes = (header_row + 1, header_row + max(1, 4 * len(flow)))
    _outcomes(book, ws, flow, outcome_title)
    _gender(book, ws, flow, gender_title)
    _goals(book, ws, blocks, goal_title)
    for c, w in enumerate(WIDTHS):
        ws.set_column(c, c, w)
    book.page_setup(ws, header_row=header_row)
    ws.set_h_pagebreaks([outcome_title])  # the long outcome table starts on its own page


def _blocks(book: Book) -> list[tuple]:
    """[(goal, [(pair index, insats), ...])] for every goal with evaluable insatser, in the
    plan's order; the pair index is the row of book.goals."""
    by_goal: dict[str, list] = {}
    for k, (goal, ins) in enumerate(book.pairs):
        by_goal.setdefault(goal.id, []).append((k, ins))
    return [(g, by_goal[g.id]) for g in book.plan.mal if g.id in by_goal]


def _section(cells, ws, row: int, title: str, heads, style, title_fmt) -> int:
    """A section's title row and its header row (header `c` in `style(c)`); returns the
    first row below them."""
    cells.string(row, 0, title, title_fmt)
    _header(cells, ws, row + 1, heads, style)
    return row + 2


def _header(cells, ws, row: int, heads, style) -> None:
    """A header row, `c` in `style(c)`, high enough for its wrapped titles."""
    for c, h in enumerate(heads):
        cells.string(row, c, h, style(c))
    fit_height(ws, row, list(zip(heads, WIDTHS[:len(heads)], strict=True)), minimum=2, bold=True)


def out_area(book: Book, column: int) -> str:
    first, last = book.ut_outcomes
    return sheet_ref(SHEET, rng(first, column, last, column, True))


def out_sumifs(book: Book, column: int, nr: str, kon: str) -> str:
    """SUMIFS of the outcome table's `column` for insats number `nr` and gender row `kon`."""
    return (f"SUMIFS({out_area(book, column)},{out_area(book, C_NR)},{nr},"
            f"{out_area(book, C_KON)},{xl_text(M.WB_UT_KON[kon])})")


def _outcomes(book: Book, ws, flow, row: int) -> None:
    """Per flow insats four rows: women and men (SUMIFS over Data by insats id, field,
    gender and the months up to P), all (women + men of this table, by `Nr` and gender),
    and each category's share of all ended (keyed the same way)."""
    fmt = book.fmt
    cells = book.cells(ws)
    header_row = row + 1
    heads = list(M.WB_UT_HEAD) + [M.WB_UT_KAT_SHORT[k] for k in contract.KATEGORIER] \
        + [M.WB_UT_SUM]
    row = _section(cells, ws, row, M.WB_UT_TITLE_OUTCOMES, heads,
                   lambda c: fmt.header_center if c == C_NR else fmt.header
                   if c in (C_NAMN, C_KON) else fmt.header_num, fmt.section)
    string, formula = cells.string, cells.formula
    for ins in flow:
        o = {kat: book.outcome_rows[(ins.id, kat)] for kat in contract.KATEGORIER}
        total = sum(int(r["totalt"]) for r in o.values())
        for kon, key in (("kvinnor", "kvinnor"), ("man", "man"), ("alla", "totalt"),
                         ("andel", None)):
            nr = key_cell(row, C_NR)
            cells.number(row, C_NR, book.nr[ins.id], fmt.nr)
            string(row, C_NAMN, ins.namn, fmt.wrap)
            string(row, C_KON, M.WB_UT_KON[kon], fmt.wrap)
            for c, kat in enumerate(contract.KATEGORIER, start=CAT0):
                n = int(o[kat][key or "totalt"])
                if key is None:
                    formula(row, c, "=" + ratio(out_sumifs(book, c, nr, "alla"),
                                                out_sumifs(book, C_SUM, nr, "alla")),
                            fmt.pct_calc, "" if total == 0 else n / total)
                elif kon == "alla":
                    formula(row, c, f"={out_sumifs(book, c, nr, 'kvinnor')}"
                            f"+{out_sumifs(book, c, nr, 'man')}", fmt.int_calc, n)
                else:
                    formula(row, c, "=" + data.sumifs(book, ins.id, data.utfall_falt(kat), kon),
                            fmt.int_calc, n)
            if key is not None:
                formula(row, C_SUM, f"=SUM({rng(row, CAT0, row, C_SUM - 1)})",
                        fmt.int_calc, sum(int(r[key]) for r in o.values()))
            fit_height(ws, row, [(ins.namn, WIDTHS[C_NAMN])])
            row += 1
    if flow:
        ws.autofilter(header_row, 0, row - 1, OUT_LAST)


def _gender(book: Book, ws, flow, row: int) -> None:
    """Women's share of new and of ended participants (Deltagarflöde by `Nr`)."""
    fmt = book.fmt
    cells = book.cells(ws)
    row = _section(cells, ws, row, M.WB_UT_TITLE_GENDER, M.WB_UT_GENDER_HEAD,
                   lambda c: fmt.header_center if c == C_NR else fmt.header if c == C_NAMN
                   else fmt.header_num, fmt.section)
    for ins in flow:
        info = book.info[ins.id]
        nr = key_cell(row, C_NR)
        cells.number(row, C_NR, book.nr[ins.id], fmt.nr)
        cells.string(row, C_NAMN, ins.namn, fmt.wrap)
        for c0, measure, share_key in ((2, "nya", "women_share_new"),
                                       (5, "avslutade", "women_share_ended")):
            cells.formula(row, c0, "=" + flode.sumifs(book, measure, "kvinnor", nr),
                          fmt.int_calc, int(info[f"{measure}_kvinnor"]))
            cells.formula(row, c0 + 1, "=" + flode.sumifs(book, measure, "totalt", nr),
                          fmt.int_calc, int(info[f"{measure}_totalt"]))
            cells.formula(row, c0 + 2, "=" + ratio(cell(row, c0), cell(row, c0 + 1)),
                          fmt.pct_calc, blank(info[share_key]))
        fit_height(ws, row, [(ins.namn, WIDTHS[C_NAMN])])
        row += 1


def _goals(book: Book, ws, blocks, row: int) -> None:
    fmt = book.fmt
    cells = book.cells(ws)
    cells.string(row, 0, M.WB_UT_TITLE_GOALS, fmt.section)
    book.note(ws, M.WB_UT_GOAL_NOTE, LAST_COL, row=row + 1)
    row += 2
    first = row
    if not blocks:
        cells.string(row, 0, M.WB_UT_NO_GOALS, fmt.note)
        row += 1
    records = book.goals.to_dict("records")
    for b, (goal, pairs) in enumerate(blocks):
        row += 1 if b else 0  # a blank row between blocks
        nr_goal = book.plan.mal.index(goal) + 1
        title = M.WB_UT_GOAL_BLOCK.format(nr=nr_goal, namn=goal.namn)
        ws.merge_range(row, 0, row, LAST_COL, "", fmt.key_wrap)
        cells.string(row, 0, title, fmt.key_wrap)
        fit_height(ws, row, [(title, sum(WIDTHS))], bold=True)
        _header(cells, ws, row + 1, M.WB_UT_GOAL_HEAD[goal.typ],
                lambda c: fmt.header if c == C_NAMN else
                fmt.header_center if c in (C_RES, C_NR, C_GNR) else fmt.header_num)
        row += 2
        for k, ins in pairs:
            _goal_row(book, ws, cells, row, goal, nr_goal, ins, records[k])
            row += 1
    book.ut_goals = (first, max(first, row - 1))
    area = rng(first, C_RES, max(first, row - 1), C_RES)
    for text, f in ((M.WB_UT_MET, fmt.green), (M.WB_UT_NOT_MET, fmt.red)):
        ws.conditional_format(area, {"type": "cell", "criteria": "==",
                                     "value": xl_text(text), "format": f})


def _goal_row(book: Book, ws, cells, row: int, goal, nr_goal: int, ins, rec: dict) -> None:
    fmt = book.fmt
    nr = key_cell(row, C_NR)
    cells.number(row, C_NR, book.nr[ins.id], fmt.nr)
    cells.string(row, C_NAMN, ins.namn, fmt.wrap)
    cells.number(row, C_GNR, nr_goal, fmt.nr)
    fit_height(ws, row, [(ins.namn, WIDTHS[C_NAMN])])
    formula, share = cells.formula, fmt.pct_calc
    status = STATUS_TEXT[rec["status"]]
    if goal.typ == "utfall":
        cats = [c for c, kat in enumerate(contract.KATEGORIER, start=CAT0)
                if kat in goal.kategorier]
        for kon, c_den, c_num in (("kvinnor", U_DEN_K, U_NUM_K), ("man", U_DEN_M, U_NUM_M)):
            key = "k" if kon == "kvinnor" else "m"
            formula(row, c_den, "=" + out_sumifs(book, C_SUM, nr, kon), fmt.int_calc,
                    int(rec[f"den_{key}"]))
            num = "+".join(out_sumifs(book, c, nr, kon) for c in cats) or "0"
            formula(row, c_num, "=" + num, fmt.int_calc, int(rec[f"num_{key}"]))
        dk, nk, dm, nm = (cell(row, c) for c in (U_DEN_K, U_NUM_K, U_DEN_M, U_NUM_M))
        formula(row, U_K, "=" + ratio(nk, dk), share, blank(rec["kvinnor"]))
        formula(row, U_M, "=" + ratio(nm, dm), share, blank(rec["man"]))
        formula(row, U_ALLA, "=" + ratio(f"({nk}+{nm})", f"({dk}+{dm})"), share,
                blank(rec["alla"]))
        cells.number(row, U_TARGET, goal.min_andel, fmt.pct)
        target = cell(row, U_TARGET)
        if A.per_gender(goal):
            text = share_status_formula(target, cell(row, U_ALLA), cell(row, U_K),
                                        cell(row, U_M))
        else:
            text = share_status_formula(target, cell(row, U_ALLA))
    elif goal.typ == "enkät":
        for c, falt, key in ((E_DEN, "enkat_svar", "den"), (E_NUM, "enkat_positiva", "num")):
            formula(row, c, "=" + data.sumifs(book, ins.id, contract.WB_DATA_FALT[falt]),
                    fmt.int_calc, int(rec[key]))
        formula(row, E_SHARE, "=" + ratio(cell(row, E_NUM), cell(row, E_DEN)), share,
                blank(rec["alla"]))
        cells.number(row, E_TARGET, goal.min_andel, fmt.pct)
        text = share_status_formula(cell(row, E_TARGET), cell(row, E_SHARE))
    else:  # inskrivna: the lowest month-end enrolment of the reported months
        formula(row, I_LOW, lowest_enrolled(book, ins, nr), fmt.int_calc, blank(rec["alla"]))
        cells.number(row, I_TARGET, goal.min_antal, fmt.int)
        text = count_status_formula(cell(row, I_TARGET), cell(row, I_LOW))
    formula(row, C_RES, text, fmt.status_goal, status)


NONE = "1E+300"  # stands for a month without a report in MIN (no MINIFS in Excel 2007)


def lowest_enrolled(book: Book, ins, nr: str) -> str:
    """The lowest month-end enrolment over the months of Deltagarflöde whose Rapport says
    Ja (by `Nr` and month), empty when none does: MIN over one term per active month up to
    P, a month without a report counting as NONE."""
    months = [m for m in ins.active_months(book.plan.ar) if m <= book.p]
    if not months:
        return '=""'
    terms = ",".join(f"IF({flode.countifs(book, nr, m)}=0,{NONE},"
                     f"{flode.sumifs(book, 'slut', 'totalt', nr, m)})" for m in months)
    return f'=IF({flode.countifs(book, nr)}=0,"",MIN({terms}))'


def goal_area(book: Book, column: int) -> str:
    """Column `column` over every goal block (for keyed SUMIFS/COUNTIFS from Översikt)."""
    first, last = book.ut_goals
    return sheet_ref(SHEET, rng(first, column, last, column, True))

