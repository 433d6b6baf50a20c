"""Sheet `Översikt` (page one): one row per insats with volume against plan, status,
participants and goal results; totals where they mean something; the förbund's goals over
all the insatser each applies to (oversikt_mal.py); a chart of achieved against expected
share and a trend of enrolled and new participants per month (oversikt_charts.py). Prints on
one landscape page.

Page one is written so that nobody misreads it: a total's achieved share says which figures
it divides ("107 av 120", in its Anmärkning); an insats lacking reports says which months,
and one whose "enrolled now" is of an earlier month says which; an insats that has not
started or has ended has no status (its Anmärkning says "startar i mars" or "aktiv till och
med februari"); the goal summary counts every goal; the gender column says whose share it
is. When the outbox held the workbook of an earlier period, the third row says how many
values changed since (Ändringar).

Columns a plan has no use for are left out: the volume columns (budgeted volume, achieved
and expected share, status) when no insats has a volume, the participant columns when no
insats counts participants. Every number is found by key: an insats's year to date, its
reported months and missing months on Månadsdata and its active months on Inlämningar by its
number (`Nr`, own row), its participants on Deltagarflöde by number and the Första and
Senaste marks, its goals on Utfall by number, a headline goal on Utfall by goal number;
totals are SUMIFS over this table's own columns."""

from __future__ import annotations

from .. import aggregate as A
from .. import contract
from .. import messages as M
from . import andringar, fjol, flode, inlamningar, manadsdata, oversikt_charts, oversikt_mal, utfall
from .common import (
    FIRST_ROW,
    HEADER_ROW,
    Book,
    blank,
    cell,
    date_formula,
    fit_height,
    key_cell,
    rng,
    row_height,
    wrapped_lines,
    xl_text,
)

SHEET = contract.WB_OVERSIKT
VOLUME = ("budget", "ach", "exp", "status")
FLOW = ("nya", "avsl", "now", "women")
ORDER = ("nr", "namn", "niva", "enhet", "budget", "ytd", "fjol", "ach", "exp", "status", "nya",
         "avsl", "now", "women", "goals", "anm")
WIDTHS = {"nr": 4.5, "namn": 30, "niva": 8, "enhet": 10, "budget": 10, "ytd": 9, "ach": 9,
          "exp": 9, "status": 8, "nya": 8, "avsl": 9, "now": 9, "women": 11, "goals": 22,
          "anm": 22, "fjol": 9}
NUMERIC = {"nr", "budget", "ytd", "fjol", "ach", "exp", "nya", "avsl", "now", "women"}


def has_volume(plan) -> bool:
    return any(i.budgeterad_volym for i in plan.insatser)


def columns(plan, last_year: bool = False) -> dict[str, int]:
    """The columns of this plan's Översikt: key -> column index. `last_year`: with "Samma
    period i fjol" (the previous year's plan is given)."""
    keys = [k for k in ORDER
            if not (k in VOLUME and not has_volume(plan))
            and not (k in FLOW and not any(i.flow for i in plan.insatser))
            and (k != "fjol" or last_year)]
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
    C = columns(plan, book.last_year is not None)
    last_col = len(C) - 1
    cells = book.cells(ws)
    cells.string(0, 0, M.WB_TITLE.format(forbund=plan.namn, ar=plan.ar), fmt.title)
    cells.string(1, 0, book.subtitle(), fmt.subtitle)
    changed = andringar.summary(book)
    if changed is not None:
        cells.formula(2, 0, changed[0], fmt.subtitle, changed[1])
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
    widths = {c: WIDTHS[k] for k, c in C.items()}
    row = oversikt_mal.write(book, ws, cells, row + 1, C, widths) + 1
    ws.merge_range(row, 0, row, last_col, "", fmt.note)
    note = M.WB_OV_NOTE if has_volume(plan) else M.WB_OV_NOTE_NO_VOLUME
    cells.string(row, 0, note, fmt.note)
    fit_height(ws, row, [(note, sum(WIDTHS[k] for k in C))], minimum=2)
    print_last = oversikt_charts.write(book, ws, row + 1, [WIDTHS[k] for k in C])
    for key, c in C.items():
        ws.set_column(c, c, WIDTHS[key])
    fit_height(ws, HEADER_ROW, [(M.WB_OV_COLS[k], WIDTHS[k]) for k in C], minimum=2,
               bold=True)
    ws.freeze_panes(FIRST_ROW, C["namn"] + 1)
    ws.autofilter(HEADER_ROW, 0, last, last_col)
    book.page_setup(ws, fit_height=1)
    ws.print_area(0, 0, print_last, last_col)
    ws.center_horizontally()
    ws.activate()


# ----------------------------------------------------------------------------- an insats


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
    if "fjol" in C:
        cells.formula(row, C["fjol"], fjol.ytd_lookup(book, ins), fmt.int_calc,
                      fjol.ytd_value(book, ins))
    if "budget" in C:
        _volume_cells(book, cells, row, ins, C, nr, ytd)
    if ins.flow:
        _flow_cells(book, cells, row, ins, C, nr, ytd)
    goals = goals_cell(book, ins, nr)
    if goals is not None:
        cells.formula(row, C["goals"], goals[0], fmt.wrap_indent, goals[1])
    anm = anmarkning(book, ins, nr)
    if anm is not None:
        if anm[0] is None:
            cells.string(row, C["anm"], anm[1], fmt.wrap_indent)
        else:
            cells.formula(row, C["anm"], anm[0], fmt.wrap_indent, anm[1])
    fit_height(ws, row, [(ins.namn, WIDTHS["namn"]), (anm[1] if anm else "", WIDTHS["anm"]),
                         (goals[1] if goals else "", WIDTHS["goals"])])


def _volume_cells(book: Book, cells, row: int, ins, C: dict, nr: str, ytd: str) -> None:
    """Budgeted volume, achieved and expected share, and the status: only for an insats
    active in P (before its first active month, and after its last, there is no pace to
    keep)."""
    fmt = book.fmt
    info = book.info[ins.id]
    if ins.budgeterad_volym is not None:
        cells.number(row, C["budget"], ins.budgeterad_volym, fmt.int)
    b = cell(row, C["budget"])
    cells.formula(row, C["ach"], f'=IF({b}=0,"",{ytd}/{b})', fmt.pct_calc,
                  blank(info["achieved"]))
    expected = inlamningar.expected_formula(book, nr)[1:]
    cells.formula(row, C["exp"], f'=IF({b}=0,"",{expected})', fmt.pct_calc,
                  blank(info["expected"]))
    st = info["status"]
    if ins.budgeterad_volym and info["active_p"]:
        cells.formula(row, C["status"], status_formula(cell(row, C["ach"]),
                                                       cell(row, C["exp"])),
                      fmt.status, "" if st is None else M.WB_STATUS[st])
    else:
        cells.blank(row, C["status"], None, fmt.status_none)


def _flow_cells(book: Book, cells, row: int, ins, C: dict, nr: str, ytd: str) -> None:
    """New and ended year to date, enrolled now (an insats active in P: the end of its
    latest reported month) and women's share of the participants so far (the start of the
    first reported month and the new), from Deltagarflöde by insats number and marks."""
    fmt = book.fmt
    info = book.info[ins.id]
    for key, measure in (("nya", "nya"), ("avsl", "avslutade")):
        cells.formula(row, C[key], "=" + flode.sumifs(book, measure, "totalt", nr),
                      fmt.int_calc, int(info[f"{measure}_totalt"]))
    if info["active_p"]:
        cells.formula(row, C["now"], f'=IF({flode.countifs(book, nr)}=0,"",'
                      f'{flode.sumifs(book, "slut", "totalt", nr, mark="senaste")})',
                      fmt.int_calc, blank(info["enrolled_now"]))
    women = (f"({flode.sumifs(book, 'start', 'kvinnor', nr, mark='forsta')}"
             f"+{flode.sumifs(book, 'nya', 'kvinnor', nr)})")
    cells.formula(row, C["women"], f'=IF({ytd}=0,"",{women}/{ytd})', fmt.pct_calc,
                  blank(info["women_share_ytd"]))


def anm_static(book: Book, ins) -> str | None:
    """The part of the Anmärkning that the plan decides: not active in P."""
    info = book.info[ins.id]
    if info["active_p"] or info["active_last"] is None:
        return None
    if info["active_last"] < book.p:
        return M.WB_OV_ENDED.format(manad=M.MANADER[info["active_last"] - 1])
    return M.WB_OV_NOT_STARTED.format(manad=M.MANADER[info["active_first"] - 1])


def anm_text(book: Book, ins) -> str:
    """The insats's Anmärkning as it reads now ("" for none)."""
    info = book.info[ins.id]
    due = [m for m in ins.active_months(book.plan.ar) if m <= book.p]
    notes = []
    if due and not info["months"]:
        notes.append(M.WB_OV_NO_REPORT)
    elif info["missing"]:
        notes.append(M.WB_OV_MISSING.format(manader=", ".join(
            M.MANADER[m - 1] for m in info["missing"])))
    if info["enrolled_flag"]:
        notes.append(M.WB_OV_FLAG.format(manad=M.MANADER[info["last_month"] - 1]))
    static = anm_static(book, ins)
    return "; ".join(notes + ([static] if static else []))


def anmarkning(book: Book, ins, nr: str) -> tuple[str | None, str] | None:
    """(formula or None for a plain text, cached text) of the insats's Anmärkning, or None
    for none: the months up to P without a report (from Månadsdata's row), the month that
    "enrolled now" is of when it is not P (Deltagarflöde's Senaste mark), and whether the
    insats is not active in P."""
    info = book.info[ins.id]
    due = [m for m in ins.active_months(book.plan.ar) if m <= book.p]
    static = anm_static(book, ins)
    text = anm_text(book, ins)
    if not due:
        return (None, text) if text else None
    k = manadsdata.lookup(book, manadsdata.COL_REPORTS, nr)
    miss = manadsdata.lookup(book, manadsdata.COL_MISSING, nr)
    sep = xl_text("; ")
    terms = [f'IF({k}=0,{xl_text("; " + M.WB_OV_NO_REPORT)},IF({miss}="","",'
             f'{sep}&{oversikt_mal.concat(M.WB_OV_MISSING, {"manader": miss})}))']
    if ins.flow and info["active_p"]:
        last = flode.last_period(book, nr)
        names = ",".join(xl_text(n) for n in M.MANADER)
        month = f"CHOOSE(MONTH({last}),{names})"
        terms.append(f'IF(AND({k}>0,{last}<>{date_formula(book.plan.ar, book.p)}),'
                     f'{sep}&{oversikt_mal.concat(M.WB_OV_FLAG, {"manad": month})},"")')
    if static:
        terms.append(xl_text("; " + static))
    return f"=MID({'&'.join(terms)},3,300)", text


def _my_goals(book: Book, ins) -> list[str]:
    statuses = book.goals["status"].tolist()
    return [s for (_g, i), s in zip(book.pairs, statuses, strict=True) if i.id == ins.id]


def goals_text(book: Book, ins) -> str | None:
    """Måluppfyllelse as it reads now, None for an insats without goals."""
    mine = _my_goals(book, ins)
    if not mine:
        return None
    if len(mine) == 1:
        return utfall.STATUS_TEXT[mine[0]]
    one, many = M.WB_OV_GOALS_WORDS["uppfyllda"]
    not_one, not_many = M.WB_OV_GOALS_WORDS["ej_uppfyllda"]
    n_met, n_failed = mine.count(A.MET), mine.count(A.NOT_MET)
    return M.WB_OV_GOALS.format(n=len(mine), met=n_met, uppfyllda=one if n_met == 1 else many,
                                failed=n_failed,
                                ej_uppfyllda=not_one if n_failed == 1 else not_many,
                                unknown=mine.count(A.UNKNOWN))


def goals_cell(book: Book, ins, nr: str) -> tuple[str, str] | None:
    """(formula, cached text) for Måluppfyllelse, or None for an insats without goals: the
    result word for one goal; for several, how many goals, and how many of them are met, not
    met and cannot be evaluated yet (COUNTIFS on Utfall's goal rows by insats number)."""
    text = goals_text(book, ins)
    if text is None:
        return None
    key = utfall.goal_area(book, utfall.C_NR)
    res = utfall.goal_area(book, utfall.C_RES)

    def count(word: str) -> str:
        return f"COUNTIFS({key},{nr},{res},{xl_text(word)})"

    if len(_my_goals(book, ins)) == 1:
        return (f'=IF({count(M.WB_UT_MET)}>0,{xl_text(M.WB_UT_MET)},'
                f'IF({count(M.WB_UT_NOT_MET)}>0,{xl_text(M.WB_UT_NOT_MET)},'
                f'{xl_text(M.WB_UT_UNKNOWN)}))', text)
    met, failed = count(M.WB_UT_MET), count(M.WB_UT_NOT_MET)
    one, many = M.WB_OV_GOALS_WORDS["uppfyllda"]
    not_one, not_many = M.WB_OV_GOALS_WORDS["ej_uppfyllda"]
    formula = "=" + oversikt_mal.concat(M.WB_OV_GOALS, {
        "n": f"COUNTIF({key},{nr})", "met": met,
        "uppfyllda": f"IF({met}=1,{xl_text(one)},{xl_text(many)})", "failed": failed,
        "ej_uppfyllda": f"IF({failed}=1,{xl_text(not_one)},{xl_text(not_many)})",
        "unknown": count(M.WB_UT_UNKNOWN)})
    return formula, text


# ----------------------------------------------------------------------------- totals


def _totals(book: Book, ws, cells, row: int, last: int, C: dict) -> int:
    """One total row per (level, unit) that has at least two insatser: counting participants,
    meetings and contacts together would mean nothing, and a group of one repeats its row.
    The achieved share of a total is the year to date over the volume, both over the
    group's insatser with a volume, and its Anmärkning says so with the two figures
    ("uppnådd andel: 107 av 120 ..."); empty where none has one. Returns the row below."""
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
        label = M.WB_OV_TOTAL.format(niva=M.WB_NIVA[niva], enhet=enhet)
        cells.string(row, C["namn"], label, fmt.total_wrap)
        cells.formula(row, C["ytd"], f"=SUMIFS({area('ytd')},{crit})", fmt.total_int,
                      sum(int(r["ytd"]) for r in info))
        if "fjol" in C:
            before = [v for i in members if isinstance(v := fjol.ytd_value(book, i), int)]
            cells.formula(row, C["fjol"], f'=IF(COUNTIFS({crit},{area("fjol")},">=0")=0,"",'
                          f"SUMIFS({area('fjol')},{crit}))", fmt.total_int,
                          sum(before) if before else "")
            written |= {"fjol"}
        note = ""
        if "budget" in C:
            note = _total_volume(book, cells, row, C, crit, area, members)
            written |= {"budget", "ach", "anm"}
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
        lines = max(wrapped_lines(label, WIDTHS["namn"] - 0.3, bold=True),
                    wrapped_lines(note, WIDTHS["anm"] - 1.3) if note else 1)
        if lines > 1:
            ws.set_row(row, row_height(lines))
        row += 1
    return row


def _total_volume(book: Book, cells, row: int, C: dict, crit: str, area, members) -> str:
    """A total's volume, achieved share and the Anmärkning that says what it divides;
    returns the Anmärkning's text."""
    fmt = book.fmt
    with_volume = [i for i in members if i.budgeterad_volym]
    volume = sum(i.budgeterad_volym for i in with_volume)
    ytd = sum(int(book.info[i.id]["ytd"]) for i in with_volume)
    b = cell(row, C["budget"])
    cells.formula(row, C["budget"], f'=IF(COUNTIFS({crit},{area("budget")},">0")=0,"",'
                  f'SUMIFS({area("budget")},{crit}))', fmt.total_int, volume or "")
    part = f'SUMIFS({area("ytd")},{crit},{area("budget")},">0")'
    cells.formula(row, C["ach"], f'=IF({b}="","",{part}/{b})', fmt.total_pct,
                  ytd / volume if volume else "")
    if not volume:
        cells.blank(row, C["anm"], None, fmt.total_blank)
        return ""
    text = M.WB_OV_TOTAL_SHARE.format(ytd=ytd, volym=volume)
    formula = oversikt_mal.concat(M.WB_OV_TOTAL_SHARE, {"ytd": part, "volym": b})
    cells.formula(row, C["anm"], f'=IF({b}="","",{formula})', fmt.total_note, text)
    return text
