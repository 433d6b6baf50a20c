"""Sheet 1, `Översikt` (page one): one row per insats with volume against plan, status,
participants and goal results; totals where they mean something; the förbund's goals over
all the insatser each applies to (the board's question: are we reaching our goals?); a chart
of achieved against expected share (insatser with a volume) and a trend of enrolled and new
participants per month. Prints on one landscape page.

Columns a plan has no use for are left out: the volume columns (budgeted volume, achieved
and expected share, status) when no insats has a volume, the participant columns when no
insats counts participants. Every number is found by key: an insats's year to date on
Månadsdata and its months on Inlämningar by its number (`Nr`, own row), its participants on
Deltagarflöde by number and month, its goals on Utfall by number, a headline goal on Utfall
by goal number; totals are SUMIFS over this table's own columns."""

from __future__ import annotations

from .. import aggregate as A
from .. import contract
from .. import messages as M
from . import flode, inlamningar, manadsdata, utfall
from .common import (
    FIRST_ROW,
    HEADER_ROW,
    Book,
    blank,
    cell,
    fit_height,
    key_cell,
    rng,
    sheet_ref,
    xl_text,
)

SHEET = 0
VOLUME = ("budget", "ach", "exp", "status")
FLOW = ("nya", "avsl", "now", "women")
ORDER = ("nr", "namn", "niva", "enhet", "budget", "ytd", "ach", "exp", "status", "nya",
         "avsl", "now", "women", "goals", "anm")
WIDTHS = {"nr": 4.5, "namn": 30, "niva": 8, "enhet": 10, "budget": 10, "ytd": 9, "ach": 9,
          "exp": 9, "status": 8, "nya": 8, "avsl": 9, "now": 9, "women": 8, "goals": 22,
          "anm": 22}
NUMERIC = {"nr", "budget", "ytd", "ach", "exp", "nya", "avsl", "now", "women"}


def has_volume(plan) -> bool:
    return any(i.budgeterad_volym for i in plan.insatser)


def columns(plan) -> dict[str, int]:
    """The columns of this plan's Översikt: key -> column index."""
    keys = [k for k in ORDER
            if not (k in VOLUME and not has_volume(plan))
            and not (k in FLOW and not any(i.flow for i in plan.insatser))]
    return {k: c for c, k in enumerate(keys)}


def status_formula(ach: str, exp: str) -> str:
    """Grön/Gul/Röd. The differences are rounded to 12 decimals so that shares that are
    equal as fractions (30/40 and 0.8 x 3/4) compare equal despite floating point."""
    s = M.WB_STATUS
    return (f'=IF(OR({ach}="",{exp}=""),"",IF(ROUND({ach}-{exp},12)>=0,{xl_text(s[A.GRON])},'
            f'IF(ROUND({ach}-0.8*{exp},12)>=0,{xl_text(s[A.GUL])},{xl_text(s[A.ROD])})))')


def write(book: Book) -> None:
    ws = book.ws(SHEET)
    fmt = book.fmt
    plan = book.plan
    C = columns(plan)
    last_col = len(C) - 1
    cells = book.cells(ws)
    cells.string(0, 0, M.WB_TITLE.format(forbund=plan.namn, ar=plan.ar), fmt.title)
    cells.string(1, 0, book.subtitle(), fmt.subtitle)
    for key, c in C.items():
        style = (fmt.header_center if key in ("status", "nr") else fmt.header_num
                 if key in NUMERIC
                 else fmt.header_indent if key in ("goals", "anm") else fmt.header)
        cells.string(HEADER_ROW, c, M.WB_OV_COLS[key], style)
    row = FIRST_ROW
    for ins in plan.insatser:
        _insats_row(book, ws, cells, row, ins, C)
        row += 1
    last = row - 1
    row = _totals(book, ws, cells, row, last, C)
    status_area = rng(FIRST_ROW, C["status"], last, C["status"]) if "status" in C else None
    if status_area:
        for key, f in ((A.GRON, fmt.green), (A.GUL, fmt.yellow), (A.ROD, fmt.red)):
            ws.conditional_format(status_area, {"type": "cell", "criteria": "==",
                                                "value": xl_text(M.WB_STATUS[key]),
                                                "format": f})
    row = _headline(book, ws, cells, row + 1, C) + 1
    ws.merge_range(row, 0, row, last_col, "", fmt.note)
    note = M.WB_OV_NOTE if has_volume(plan) else M.WB_OV_NOTE_NO_VOLUME
    cells.string(row, 0, note, fmt.note)
    fit_height(ws, row, [(note, sum(WIDTHS[k] for k in C))], minimum=2)
    print_last = _charts(book, ws, row + 1, C)
    for key, c in C.items():
        ws.set_column(c, c, WIDTHS[key])
    ws.set_row(HEADER_ROW, 30)
    ws.freeze_panes(FIRST_ROW, C["namn"] + 1)
    ws.autofilter(HEADER_ROW, 0, last, last_col)
    book.page_setup(ws, fit_height=1)
    ws.print_area(0, 0, print_last, last_col)
    ws.center_horizontally()
    ws.activate()


def _anmarkning(book: Book, ins) -> str:
    info = book.info[ins.id]
    notes = []
    if not info["months"] and info["active_to_p"]:
        notes.append(M.WB_OV_NO_REPORT)
    if info["enrolled_flag"]:
        notes.append(M.WB_OV_FLAG.format(manad=M.MANADER[info["last_month"] - 1]))
    if not info["active_p"] and info["active_last"] is not None:
        if info["active_last"] < book.p:
            notes.append(M.WB_OV_ENDED.format(manad=M.MANADER[info["active_last"] - 1]))
        else:
            notes.append(M.WB_OV_NOT_STARTED.format(manad=M.MANADER[info["active_first"] - 1]))
    return "; ".join(notes)


def _insats_row(book: Book, ws, cells, row: int, ins, C: dict) -> None:
    fmt = book.fmt
    info = book.info[ins.id]
    nr = key_cell(row, C["nr"])
    cells.number(row, C["nr"], book.nr[ins.id], fmt.nr)
    cells.string(row, C["namn"], ins.namn, fmt.wrap)
    cells.string(row, C["niva"], M.WB_NIVA[ins.niva], fmt.text)
    cells.string(row, C["enhet"], ins.enhet, fmt.text)
    ytd = cell(row, C["ytd"])
    cells.formula(row, C["ytd"], "=" + manadsdata.ytd_lookup(book, nr), fmt.int_calc,
                  int(info["ytd"]))
    if "budget" in C:
        if ins.budgeterad_volym is not None:
            cells.number(row, C["budget"], ins.budgeterad_volym, fmt.int)
        b = cell(row, C["budget"])
        cells.formula(row, C["ach"], f'=IF({b}=0,"",{ytd}/{b})', fmt.pct_calc,
                      blank(info["achieved"]))
        expected = inlamningar.expected_formula(book, nr)[1:]
        cells.formula(row, C["exp"], f'=IF({b}=0,"",{expected})', fmt.pct_calc,
                      blank(info["expected"]))
        st = info["status"]
        cells.formula(row, C["status"], status_formula(cell(row, C["ach"]),
                                                       cell(row, C["exp"])),
                      fmt.status if ins.budgeterad_volym else fmt.status_none,
                      "" if st is None else M.WB_STATUS[st])
    if ins.flow:
        _flow_cells(book, cells, row, ins, C, nr, ytd)
    goals = goals_cell(book, ins, nr)
    if goals is not None:
        cells.formula(row, C["goals"], goals[0], fmt.wrap_indent, goals[1])
    anm = _anmarkning(book, ins)
    if anm:
        cells.string(row, C["anm"], anm, fmt.wrap_indent)
    fit_height(ws, row, [(ins.namn, WIDTHS["namn"]), (anm, WIDTHS["anm"]),
                         (goals[1] if goals else "", WIDTHS["goals"])])


def _flow_cells(book: Book, cells, row: int, ins, C: dict, nr: str, ytd: str) -> None:
    """New and ended year to date, enrolled now (an insats active in P) and women's share
    of the participants, from Deltagarflöde by insats number (and month)."""
    fmt = book.fmt
    info = book.info[ins.id]
    for key, measure in (("nya", "nya"), ("avsl", "avslutade")):
        cells.formula(row, C[key], "=" + flode.sumifs(book, measure, "totalt", nr),
                      fmt.int_calc, int(info[f"{measure}_totalt"]))
    if not info["months"]:
        return
    if info["enrolled_now"] is not None:
        cells.formula(row, C["now"], "=" + flode.sumifs(book, "slut", "totalt", nr,
                                                        info["last_month"]),
                      fmt.int_calc, int(info["enrolled_now"]))
    women = (f"({flode.sumifs(book, 'start', 'kvinnor', nr, info['first_month'])}"
             f"+{flode.sumifs(book, 'nya', 'kvinnor', nr)})")
    cells.formula(row, C["women"], f'=IF({ytd}=0,"",{women}/{ytd})', fmt.pct_calc,
                  blank(info["women_share_ytd"]))


def goals_cell(book: Book, ins, nr: str) -> tuple[str, str] | None:
    """(formula, cached text) for Måluppfyllelse, or None for an insats without goals: the
    result word for one goal; for several, how many of those that can be evaluated are met,
    and how many cannot be evaluated yet (COUNTIFS on Utfall's goal rows by insats number)."""
    statuses = book.goals["status"].tolist()
    mine = [s for (_g, i), s in zip(book.pairs, statuses, strict=True) if i.id == ins.id]
    if not mine:
        return None
    met, unknown = mine.count(A.MET), mine.count(A.UNKNOWN)
    key = utfall.goal_area(book, utfall.C_NR)
    res = utfall.goal_area(book, utfall.C_RES)

    def count(word: str) -> str:
        return f"COUNTIFS({key},{nr},{res},{xl_text(word)})"

    if len(mine) == 1:
        return (f'=IF({count(M.WB_UT_MET)}>0,{xl_text(M.WB_UT_MET)},'
                f'IF({count(M.WB_UT_NOT_MET)}>0,{xl_text(M.WB_UT_NOT_MET)},'
                f'{xl_text(M.WB_UT_UNKNOWN)}))', utfall.STATUS_TEXT[mine[0]])
    tot, unk = f"COUNTIF({key},{nr})", count(M.WB_UT_UNKNOWN)
    formula = (f'=IF({tot}-{unk}=0,{xl_text(M.WB_UT_UNKNOWN)},'
               f'{_concat(M.WB_OV_GOALS, {"n": count(M.WB_UT_MET), "tot": f"{tot}-{unk}"})})'
               f'&IF(AND({unk}>0,{tot}-{unk}>0),{_concat(M.WB_OV_GOALS_UNKNOWN, {"k": unk})},"")')
    evaluable = len(mine) - unknown
    if evaluable == 0:
        return formula, M.WB_UT_UNKNOWN
    text = M.WB_OV_GOALS.format(n=met, tot=evaluable)
    if unknown:
        text += M.WB_OV_GOALS_UNKNOWN.format(k=unknown)
    return formula, text


# ----------------------------------------------------------------------------- totals


def _totals(book: Book, ws, cells, row: int, last: int, C: dict) -> int:
    """One total row per (level, unit) that has at least two insatser: counting participants,
    meetings and contacts together would mean nothing, and a group of one repeats its row.
    The achieved share of a total is the year to date over the volume, both over the
    group's insatser with a volume; empty where none has one. Returns the row below."""
    fmt = book.fmt
    plan = book.plan
    groups: dict[tuple, list] = {}
    for ins in plan.insatser:
        groups.setdefault((ins.niva, ins.enhet), []).append(ins)

    def area(key: str) -> str:
        return rng(FIRST_ROW, C[key], last, C[key], True)

    for (niva, enhet), members in groups.items():
        if len(members) < 2:
            continue
        crit = (f"{area('niva')},{xl_text(M.WB_NIVA[niva])},"
                f"{area('enhet')},{xl_text(enhet)}")
        info = [book.info[i.id] for i in members]
        written = {"namn", "ytd"}
        cells.string(row, C["namn"], M.WB_OV_TOTAL.format(niva=M.WB_NIVA[niva], enhet=enhet),
                     fmt.total_wrap)
        cells.formula(row, C["ytd"], f"=SUMIFS({area('ytd')},{crit})", fmt.total_int,
                      sum(int(r["ytd"]) for r in info))
        if "budget" in C:
            _total_volume(book, cells, row, C, crit, area, members)
            written |= {"budget", "ach"}
        if any(i.flow for i in members):
            for key, value in (("nya", sum(int(r.get("nya_totalt") or 0) for r in info)),
                               ("avsl", sum(int(r.get("avslutade_totalt") or 0)
                                            for r in info)),
                               ("now", sum(int(r["enrolled_now"]) for r in info
                                           if r["enrolled_now"] is not None))):
                cells.formula(row, C[key], f"=SUMIFS({area(key)},{crit})", fmt.total_int,
                              value)
                written.add(key)
        for key, c in C.items():
            if key not in written:
                cells.blank(row, c, None, fmt.total_blank)
        fit_height(ws, row, [(M.WB_OV_TOTAL.format(niva=niva, enhet=enhet),
                              WIDTHS["namn"])], bold=True)
        row += 1
    return row


def _total_volume(book: Book, cells, row: int, C: dict, crit: str, area, members) -> None:
    fmt = book.fmt
    with_volume = [i for i in members if i.budgeterad_volym]
    volume = sum(i.budgeterad_volym for i in with_volume)
    ytd = sum(int(book.info[i.id]["ytd"]) for i in with_volume)
    b = cell(row, C["budget"])
    cells.formula(row, C["budget"], f'=IF(COUNTIFS({crit},{area("budget")},">0")=0,"",'
                  f'SUMIFS({area("budget")},{crit}))', fmt.total_int, volume or "")
    cells.formula(row, C["ach"], f'=IF({b}="","",SUMIFS({area("ytd")},{crit},'
                  f'{area("budget")},">0")/{b})', fmt.total_pct,
                  ytd / volume if volume else "")


# ----------------------------------------------------------------------------- goals


def headline_columns(C: dict) -> dict[str, tuple[int, int]]:
    """Where the headline goal table's cells go in this sheet's columns: key -> (first,
    last) column (the result and the comment span several columns)."""
    n0 = C["namn"] + 1
    last = max(len(C) - 1, n0 + 8)
    out = {"nr": (C["nr"], C["nr"]), "namn": (C["namn"], C["namn"])}
    for k, key in enumerate(("n", "target", "kvinnor", "man", "alla")):
        out[key] = (n0 + k, n0 + k)
    out["status"] = (n0 + 5, n0 + 6)
    out["comment"] = (n0 + 7, last)
    return out


def _headline(book: Book, ws, cells, row: int, C: dict) -> int:
    """The förbund's goals, one row each, over all the insatser the goal applies to.
    Returns the row below the table."""
    fmt = book.fmt
    H = headline_columns(C)
    cells.string(row, 0, M.WB_OV_GOAL_TITLE, fmt.section)
    row += 1
    for key, (c1, c2) in H.items():
        style = (fmt.header_center if key in ("status", "nr") else fmt.header_num
                 if key in ("n", "target", "kvinnor", "man", "alla") else fmt.header)
        if c1 == c2:
            cells.string(row, c1, M.WB_OV_GOAL_HEAD[key], style)
        else:
            ws.merge_range(row, c1, row, c2, M.WB_OV_GOAL_HEAD[key], style)
    ws.set_row(row, 30)
    row += 1
    if book.headline.empty:
        cells.string(row, C["namn"], M.WB_OV_NO_GOALS, fmt.note)
        return row + 1
    first = row
    widths = {c: WIDTHS[k] for k, c in C.items()}
    for rec in book.headline.to_dict("records"):
        comment = _headline_row(book, ws, cells, row, rec, H)
        comment_width = sum(widths.get(c, 9) for c in range(H["comment"][0],
                                                            H["comment"][1] + 1))
        fit_height(ws, row, [(rec["namn"], WIDTHS["namn"]), (comment, comment_width)])
        row += 1
    area = rng(first, H["status"][0], row - 1, H["status"][0])
    for text, f in ((M.WB_UT_MET, fmt.green), (M.WB_UT_NOT_MET, fmt.red)):
        ws.conditional_format(area, {"type": "cell", "criteria": "==",
                                     "value": xl_text(text), "format": f})
    return row


def _headline_row(book: Book, ws, cells, row: int, rec: dict, H: dict) -> str:
    """One goal's headline row; returns the comment's text."""
    fmt = book.fmt
    goal = book.plan.mal[rec["nr"] - 1]
    g = str(rec["nr"])
    at = {key: cell(row, c1) for key, (c1, _c2) in H.items()}
    cells.number(row, H["nr"][0], rec["nr"], fmt.nr)
    cells.string(row, H["namn"][0], rec["namn"], fmt.wrap)
    gnr = utfall.goal_area(book, utfall.C_GNR)
    cells.formula(row, H["n"][0], f"=COUNTIF({gnr},{g})", fmt.int_calc, rec["n"])
    if rec["target"] is not None:
        cells.number(row, H["target"][0], rec["target"],
                     fmt.int if goal.typ == "inskrivna" else fmt.pct)

    def sumifs(column: int) -> str:
        return f"SUMIFS({utfall.goal_area(book, column)},{gnr},{g})"

    def countifs(word: str) -> str:
        return f"COUNTIFS({gnr},{g},{utfall.goal_area(book, utfall.C_RES)},{xl_text(word)})"

    comment: str | tuple[str, str]  # a text, or (formula, cached text)
    if rec["n"] == 0 or rec["target"] is None:
        status, comment = M.WB_UT_UNKNOWN, M.WB_GOAL_NOT_MEASURED
        _merged(ws, cells, row, H["status"], status, fmt.status_goal)
        _merged(ws, cells, row, H["comment"], comment, fmt.wrap_indent)
    elif goal.typ == "utfall":
        den_k, num_k = sumifs(utfall.U_DEN_K), sumifs(utfall.U_NUM_K)
        den_m, num_m = sumifs(utfall.U_DEN_M), sumifs(utfall.U_NUM_M)
        share = fmt.pct_calc
        cells.formula(row, H["kvinnor"][0], "=" + utfall.ratio(num_k, den_k), share,
                      blank(rec["kvinnor"]))
        cells.formula(row, H["man"][0], "=" + utfall.ratio(num_m, den_m), share,
                      blank(rec["man"]))
        cells.formula(row, H["alla"][0], "=" + utfall.ratio(f"({num_k}+{num_m})",
                                                            f"({den_k}+{den_m})"),
                      share, blank(rec["alla"]))
        gender = (at["kvinnor"], at["man"]) if rec["per_gender"] else (None, None)
        status = utfall.share_status_formula(at["target"], at["alla"], *gender)
        comment = outcome_comment(rec, num_k, den_k, num_m, den_m)
    elif goal.typ == "enkät":
        num, den = sumifs(utfall.E_NUM), sumifs(utfall.E_DEN)
        cells.formula(row, H["alla"][0], "=" + utfall.ratio(num, den), fmt.pct_calc,
                      blank(rec["alla"]))
        status = utfall.share_status_formula(at["target"], at["alla"])
        comment = survey_comment(rec, num, den)
    else:  # inskrivna
        met, failed = countifs(M.WB_UT_MET), countifs(M.WB_UT_NOT_MET)
        status = (f'=IF({failed}>0,{xl_text(M.WB_UT_NOT_MET)},IF({met}>0,'
                  f'{xl_text(M.WB_UT_MET)},{xl_text(M.WB_UT_UNKNOWN)}))')
        comment = enrolled_comment(rec, met, at["n"], countifs(M.WB_UT_UNKNOWN))
    if rec["n"] and rec["target"] is not None:
        _merged(ws, cells, row, H["status"], (status, utfall.STATUS_TEXT[rec["status"]]),
                fmt.status_goal)
        _merged(ws, cells, row, H["comment"], comment, fmt.wrap_indent)
    return comment[1] if isinstance(comment, tuple) else comment


def _merged(ws, cells, row: int, span: tuple[int, int], value, fmt) -> None:
    """A text (str) or a (formula, cached text) across the columns of `span`."""
    c1, c2 = span
    if c2 > c1:
        ws.merge_range(row, c1, row, c2, "", fmt)
    if isinstance(value, tuple):
        cells.formula(row, c1, value[0], fmt, value[1])
    else:
        cells.string(row, c1, value, fmt)


def _pieces(template: str, names) -> list[str]:
    """'a{x}b{y}c' with names (x, y) -> ['a', 'b', 'c']."""
    out, rest = [], template
    for name in names:
        before, rest = rest.split("{" + name + "}")
        out.append(before)
    return out + [rest]


def _concat(template: str, terms: dict[str, str]) -> str:
    """A formula joining the template's text with `terms` (formula pieces) in its places."""
    parts = _pieces(template, terms)
    out = []
    for text, term in zip(parts, list(terms.values()) + [None], strict=True):
        if text:
            out.append(xl_text(text))
        if term is not None:
            out.append(f"({term})")
    return "&".join(out)


def outcome_comment(rec: dict, num_k: str, den_k: str, num_m: str, den_m: str
                    ) -> tuple[str, str]:
    """(formula, cached text): how many ended, how many in the goal's outcomes; for a goal
    for "kvinnor och män", which gender has nobody ended yet."""
    num, den = f"{num_k}+{num_m}", f"{den_k}+{den_m}"
    body = _concat(M.WB_GOAL_ENDED, {"num": num, "den": den})
    text = ("" if not rec["den"] else M.WB_GOAL_ENDED.format(num=rec["num"], den=rec["den"]))
    if rec["per_gender"]:
        body += (f"&IF({den_k}=0,{xl_text(M.WB_GOAL_NO_WOMEN)},IF({den_m}=0,"
                 f"{xl_text(M.WB_GOAL_NO_MEN)},{xl_text(M.WB_GOAL_BOTH)}))")
        if rec["den"]:
            text += (M.WB_GOAL_NO_WOMEN if not rec["den_k"] else M.WB_GOAL_NO_MEN
                     if not rec["den_m"] else M.WB_GOAL_BOTH)
    formula = f"=IF({den}=0,{xl_text(M.WB_GOAL_NONE_ENDED)},{body})"
    return formula, text or M.WB_GOAL_NONE_ENDED


def survey_comment(rec: dict, num: str, den: str) -> tuple[str, str]:
    formula = (f"=IF({den}=0,{xl_text(M.WB_GOAL_NO_ANSWERS)},"
               f"{_concat(M.WB_GOAL_ANSWERS, {'num': num, 'den': den})})")
    text = (M.WB_GOAL_ANSWERS.format(num=rec["num"], den=rec["den"]) if rec["den"]
            else M.WB_GOAL_NO_ANSWERS)
    return formula, text


def enrolled_comment(rec: dict, met: str, n: str, unknown: str) -> tuple[str, str]:
    formula = (f"={_concat(M.WB_GOAL_INSATSER, {'met': met, 'n': n})}"
               f"&IF({unknown}>0,{_concat(M.WB_GOAL_NO_REPORT, {'k': unknown})},\"\")")
    text = M.WB_GOAL_INSATSER.format(met=rec["met_n"], n=rec["n"])
    if rec["unknown_n"]:
        text += M.WB_GOAL_NO_REPORT.format(k=rec["unknown_n"])
    return formula, text


# ----------------------------------------------------------------------------- charts


def _px(width: float) -> int:
    """Pixels of a column `width` units wide (xlsxwriter's conversion, Calibri 11)."""
    return int(width * 7 + 0.5) + 5


def _charts(book: Book, ws, row: int, C: dict) -> int:
    """The volume chart (insatser with a volume; left out when none has one) and the trend
    chart, side by side under the table. Returns the last row to print; the volume chart's
    data go below it."""
    plan = book.plan
    page = sum(_px(WIDTHS[k]) for k in C)
    volume = [i for i in plan.insatser if i.budgeterad_volym]
    trend = bool(book.md_trend)
    height = max(260, 22 * len(volume) + 130) if volume else 260
    left = int(page * (0.58 if trend else 1.0)) if volume else 0
    rows_high = -(-height // 20) + 1  # rows of the default 15 pt (20 px) under the charts
    last_print = row + rows_high
    if volume:
        chart = _volume_chart(book, ws, last_print + 2, volume)
        chart.set_size({"width": left - 8, "height": height})
        ws.insert_chart(row, 0, chart, {"x_offset": 4, "y_offset": 6})
    if trend:
        chart = _trend_chart(book)
        width = page - left - 8 if volume else int(page * 0.6)
        chart.set_size({"width": width, "height": height})
        ws.insert_chart(row, 0, chart, {"x_offset": left + 4, "y_offset": 6})
    return last_print


def _volume_chart(book: Book, ws, row: int, volume):
    """Achieved and expected share of the insatser with a volume: a small table under the
    printed page (keyed like the rows above), and a bar chart over it."""
    fmt = book.fmt
    cells = book.cells(ws)
    sheet = contract.WB_SHEETS[SHEET]
    cells.string(row, 0, M.WB_OV_CHART_DATA, fmt.section)
    heads = (M.WB_NR,) + M.WB_OV_CHART_HEAD
    for c, h in enumerate(heads):
        cells.string(row + 1, c, h, fmt.header if c == 1 else fmt.header_num)
    first = row + 2
    for r, ins in enumerate(volume, start=first):
        info = book.info[ins.id]
        nr = key_cell(r, 0)
        cells.number(r, 0, book.nr[ins.id], fmt.nr)
        cells.string(r, 1, ins.namn, fmt.text)
        ytd = manadsdata.ytd_lookup(book, nr)
        cells.formula(r, 2, f"={ytd}/{ins.budgeterad_volym}", fmt.pct_calc,
                      info["achieved"])
        cells.formula(r, 3, inlamningar.expected_formula(book, nr), fmt.pct_calc,
                      blank(info["expected"]))
    last = first + len(volume) - 1
    chart = book.wb.add_chart({"type": "bar"})
    for c, name, color in ((2, M.WB_CHART_ACHIEVED, "#2F5597"),
                           (3, M.WB_CHART_EXPECTED, "#A6A6A6")):
        chart.add_series({
            "name": name,
            "categories": sheet_ref(sheet, rng(first, 1, last, 1, True)),
            "values": sheet_ref(sheet, rng(first, c, last, c, True)),
            "fill": {"color": color},
            "gap": 60,
        })
    chart.set_title({"name": M.WB_CHART_TITLE, "name_font": {"size": 10, "bold": True}})
    chart.set_x_axis({"num_format": "0 %", "min": 0, "num_font": {"size": 8},
                      "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_y_axis({"reverse": True, "num_font": {"size": 8}})
    chart.set_legend({"position": "bottom", "font": {"size": 8}})
    return chart


def _trend_chart(book: Book):
    """Enrolled at month end and new during the month, all flow insatser, January to P
    (Månadsdata's rows under its table)."""
    sheet = contract.WB_SHEETS[manadsdata.SHEET]
    first, last = manadsdata.month_col(1), manadsdata.month_col(book.p)
    chart = book.wb.add_chart({"type": "line"})
    for r, name, color in ((book.md_trend[1], M.WB_TREND_ENROLLED, "#2F5597"),
                           (book.md_trend[0], M.WB_TREND_NEW, "#C55A11")):
        chart.add_series({
            "name": name,
            "categories": sheet_ref(sheet, rng(HEADER_ROW, first, HEADER_ROW, last, True)),
            "values": sheet_ref(sheet, rng(r, first, r, last, True)),
            "line": {"color": color, "width": 2.25},
            "marker": {"type": "circle", "size": 5,
                       "fill": {"color": color}, "border": {"color": color}},
        })
    chart.set_title({"name": M.WB_TREND_TITLE, "name_font": {"size": 10, "bold": True}})
    chart.set_y_axis({"min": 0, "num_font": {"size": 8},
                      "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_x_axis({"num_font": {"size": 8}})
    chart.set_legend({"position": "bottom", "font": {"size": 8}})
    return chart
