"""Sheet 1, `Översikt`: one row per insats with volume against plan, status (text formula
plus conditional colours), enrolled now, women's share and goal results; totals per level and
unit; a chart of the year to date against the budgeted volume. Prints on one landscape page."""

from __future__ import annotations

from .. import aggregate as A
from .. import contract
from .. import messages as M
from . import flode, inlamningar, manadsdata, utfall
from .common import FIRST_ROW, HEADER_ROW, Book, blank, cell, rng, sheet_ref, xl_text

SHEET = 0
(C_NAMN, C_NIVA, C_ENHET, C_BUDGET, C_YTD, C_ACH, C_EXP, C_STATUS, C_NOW, C_ANM, C_WOMEN,
 C_GOALS) = range(12)
LAST_COL = C_GOALS


def status_formula(ach: str, exp: str) -> str:
    """Grön/Gul/Röd. The differences are rounded to 12 decimals so that shares that are
    equal as fractions (30/40 and 0.8 x 3/4) compare equal despite floating point."""
    s = M.WB_STATUS
    return (f'=IF(OR({ach}="",{exp}=""),"",IF(ROUND({ach}-{exp},12)>=0,{xl_text(s[A.GRON])},'
            f'IF(ROUND({ach}-0.8*{exp},12)>=0,{xl_text(s[A.GUL])},{xl_text(s[A.ROD])})))')


def goals_cell(book: Book, ins) -> tuple[str, str] | None:
    """(formula, cached text) for the goal-results column, or None without goals."""
    by_insats = book.memo.get("goals by insats")
    if by_insats is None:  # insats -> [(Utfall row, met)], in goal order, grouped once
        by_insats = book.memo["goals by insats"] = {}
        for (g, i), met in zip(book.pairs, book.goals["met"].tolist()):
            by_insats.setdefault(i.id, []).append((book.ut_goal_rows[(g.id, i.id)], met))
    found = by_insats.get(ins.id, [])
    rows = [r for r, _met in found]
    if not rows:
        return None
    ut = contract.WB_SHEETS[utfall.SHEET]
    if len(rows) == 1:
        ref = sheet_ref(ut, cell(rows[0], utfall.G_RESULT))
        met = found[0][1]
        cached = "" if met is None else (M.WB_UT_MET if met else M.WB_UT_NOT_MET)
        return f'=IF({ref}="","",{ref})', cached
    parts = "+".join(f'IF({sheet_ref(ut, cell(r, utfall.G_RESULT))}={xl_text(M.WB_UT_MET)},1,0)'
                     for r in rows)
    n = sum(1 for _r, v in found if v is True)
    text = M.WB_OV_GOALS.format(n="{n}", tot=len(rows))
    before, after = text.split("{n}")
    formula = "=" + "&".join(x for x in (xl_text(before) if before else "", f"({parts})",
                                         xl_text(after) if after else "") if x)
    return formula, text.replace("{n}", str(n))


def write(book: Book) -> None:
    ws = book.ws(SHEET)
    fmt = book.fmt
    plan = book.plan
    cells = book.cells(ws)
    md = contract.WB_SHEETS[manadsdata.SHEET]
    df_sheet = contract.WB_SHEETS[flode.SHEET]
    cells.string(0, 0, M.WB_TITLE.format(forbund=plan.namn, ar=plan.ar), fmt.title)
    cells.string(1, 0, book.subtitle(), fmt.subtitle)
    for c, h in enumerate(M.WB_OV_HEAD):
        numeric = C_BUDGET <= c <= C_NOW or c == C_WOMEN
        style = (fmt.header_center if c == C_STATUS else fmt.header_num if numeric
                 else fmt.header_indent if c in (C_ANM, C_GOALS) else fmt.header)
        cells.string(HEADER_ROW, c, h, style)
    row = FIRST_ROW
    for ins in plan.insatser:
        info = book.info[ins.id]
        book.ov_rows[ins.id] = row
        cells.string(row, C_NAMN, ins.namn, fmt.text)
        cells.string(row, C_NIVA, M.WB_NIVA[ins.niva], fmt.text)
        cells.string(row, C_ENHET, ins.enhet, fmt.text)
        if ins.budgeterad_volym is not None:
            cells.number(row, C_BUDGET, ins.budgeterad_volym, fmt.int)
        ytd = cell(row, C_YTD)
        cells.formula(row, C_YTD,
                      "=" + sheet_ref(md, cell(book.md_rows[ins.id], manadsdata.COL_YTD)),
                      fmt.int_calc, int(info["ytd"]))
        cells.formula(row, C_ACH, f'=IF({cell(row, C_BUDGET)}=0,"",{ytd}/{cell(row, C_BUDGET)})',
                      fmt.pct_calc, blank(info["achieved"]))
        cells.formula(row, C_EXP, inlamningar.expected_formula(book, ins.id, sheet_ref),
                      fmt.pct_calc, blank(info["expected"]))
        st = info["status"]
        cells.formula(row, C_STATUS, status_formula(cell(row, C_ACH), cell(row, C_EXP)),
                      fmt.status, "" if st is None else M.WB_STATUS[st])
        if ins.flow and info["months"]:
            r = book.df_rows[(ins.id, "slut", "totalt")]
            cells.formula(row, C_NOW, "=" + sheet_ref(df_sheet, cell(r, flode.COL_YEAR)),
                          fmt.int_calc, int(info["enrolled_now"]))
            if info["enrolled_flag"]:
                cells.string(row, C_ANM, M.WB_OV_FLAG.format(
                    manad=M.MANADER[info["last_month"] - 1]), fmt.text_indent)
            rs = book.df_rows[(ins.id, "start", "kvinnor")]
            rn = book.df_rows[(ins.id, "nya", "kvinnor")]
            women = (f"({sheet_ref(df_sheet, cell(rs, flode.COL_YEAR))}"
                     f"+{sheet_ref(df_sheet, cell(rn, flode.COL_YEAR))})")
            cells.formula(row, C_WOMEN, f'=IF({ytd}=0,"",{women}/{ytd})', fmt.pct_calc,
                          blank(info["women_share_ytd"]))
        if not info["months"] and info["active_to_p"]:
            cells.string(row, C_ANM, M.WB_OV_NO_REPORT, fmt.text_indent)
        g = goals_cell(book, ins)
        if g is not None:
            cells.formula(row, C_GOALS, g[0], fmt.text_indent, g[1])
        row += 1
    last = row - 1

    # totals per (level, unit): counting participants, meetings and contacts together
    # would mean nothing
    groups = []
    for ins in plan.insatser:
        if (ins.niva, ins.enhet) not in groups:
            groups.append((ins.niva, ins.enhet))
    for niva, enhet in groups:
        members = [i for i in plan.insatser if i.niva == niva and i.enhet == enhet]
        cells.string(row, C_NAMN, M.WB_OV_TOTAL.format(niva=M.WB_NIVA[niva], enhet=enhet),
                     fmt.total_text)
        crit = (f"{rng(FIRST_ROW, C_NIVA, last, C_NIVA, True)},{xl_text(M.WB_NIVA[niva])},"
                f"{rng(FIRST_ROW, C_ENHET, last, C_ENHET, True)},{xl_text(enhet)}")
        budget = sum(i.budgeterad_volym or 0 for i in members)
        ytd = sum(int(book.info[i.id]["ytd"]) for i in members)
        now = sum(int(book.info[i.id]["enrolled_now"]) for i in members
                  if book.info[i.id]["enrolled_now"] is not None)
        for col, value in ((C_BUDGET, budget), (C_YTD, ytd)):
            area = rng(FIRST_ROW, col, last, col, True)
            cells.formula(row, col, f"=SUMIFS({area},{crit})", fmt.total_int, value)
        b, y = cell(row, C_BUDGET), cell(row, C_YTD)
        cells.formula(row, C_ACH, f'=IF({b}=0,"",{y}/{b})', fmt.total_pct,
                      "" if budget == 0 else ytd / budget)
        if any(i.flow for i in members):
            area = rng(FIRST_ROW, C_NOW, last, C_NOW, True)
            cells.formula(row, C_NOW, f"=SUMIFS({area},{crit})", fmt.total_int, now)
        for col in range(C_NIVA, LAST_COL + 1):
            if col not in (C_BUDGET, C_YTD, C_ACH, C_NOW) or (
                    col == C_NOW and not any(i.flow for i in members)):
                cells.blank(row, col, None, fmt.total_blank)
        row += 1

    # status colours (the cell also says Grön/Gul/Röd, so it reads in black and white)
    status_area = rng(FIRST_ROW, C_STATUS, last, C_STATUS)
    for key, f in ((A.GRON, fmt.green), (A.GUL, fmt.yellow), (A.ROD, fmt.red)):
        ws.conditional_format(status_area, {"type": "cell", "criteria": "==",
                                            "value": xl_text(M.WB_STATUS[key]), "format": f})

    row += 1
    ws.merge_range(row, 0, row, LAST_COL, "", fmt.note)
    cells.string(row, 0, M.WB_OV_NOTE, fmt.note)
    ws.set_row(row, 28)
    row += 1

    chart = book.wb.add_chart({"type": "bar"})
    sheet = contract.WB_SHEETS[SHEET]
    cats = sheet_ref(sheet, rng(FIRST_ROW, C_NAMN, last, C_NAMN, True))
    for col, name, color in ((C_ACH, M.WB_CHART_ACHIEVED, "#2F5597"),
                             (C_EXP, M.WB_CHART_EXPECTED, "#A6A6A6")):
        chart.add_series({
            "name": name,
            "categories": cats,
            "values": sheet_ref(sheet, rng(FIRST_ROW, col, last, col, True)),
            "fill": {"color": color},
            "gap": 60,
        })
    chart.set_title({"name": M.WB_CHART_TITLE, "name_font": {"size": 11, "bold": True}})
    chart.set_x_axis({"num_format": "0 %", "min": 0, "major_gridlines": {"visible": True,
                      "line": {"color": "#D9D9D9"}}})
    chart.set_y_axis({"reverse": True, "num_font": {"size": 8}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 1100, "height": 22 * len(plan.insatser) + 140})
    ws.insert_chart(row, 0, chart, {"x_offset": 4, "y_offset": 6})

    widths = {C_NAMN: 34, C_NIVA: 8, C_ENHET: 10, C_BUDGET: 10, C_YTD: 9, C_ACH: 9, C_EXP: 10,
              C_STATUS: 8, C_NOW: 10, C_ANM: 23, C_WOMEN: 9, C_GOALS: 24}
    for c, w in widths.items():
        ws.set_column(c, c, w)
    ws.set_row(HEADER_ROW, 30)
    ws.freeze_panes(FIRST_ROW, 1)
    ws.autofilter(HEADER_ROW, 0, last, LAST_COL)
    book.page_setup(ws, fit_height=1)
    ws.center_horizontally()
    ws.activate()
