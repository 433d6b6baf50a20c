"""Översikt's table of the förbund's goals (oversikt.py writes the rest of page one): one
row per goal of the plan over all the insatser it applies to, found on Utfall by goal number
(`Mål nr`). One header row and no merged cells, so the table sorts like any other range:
the result has its own column, and the comment, not wrapped, runs on over the empty cells
to its right (wrapped in its cell when it would run past the page)."""

from __future__ import annotations

from .. import contract
from .. import messages as M
from . import fjol, utfall
from .common import Book, blank, cell, fit_height, wrapped_lines, xl_text


def headline_columns(C: dict, last_year: bool = False) -> dict[str, int]:
    """Where the headline goal table's cells go in the page's columns: key -> column
    (`last_year`: with last year's figure, "I fjol", after this year's)."""
    n0 = C["namn"] + 1
    out = {"nr": C["nr"], "namn": C["namn"]}
    keys = ("n", "target", "kvinnor", "man", "alla") + (("fjol",) if last_year else ()) + (
        "status", "comment")
    for k, key in enumerate(keys):
        out[key] = n0 + k
    return out


def write(book: Book, ws, cells, row: int, C: dict, widths: dict) -> int:
    """The förbund's goals, one row each, over all the insatser the goal applies to.
    `widths`: the page's column widths by column. Returns the row below the table."""
    fmt = book.fmt
    H = headline_columns(C, book.last_year is not None)
    cells.string(row, 0, M.WB_OV_GOAL_TITLE, fmt.section)
    row += 1
    for key, c in H.items():
        style = (fmt.header_center if key in ("status", "nr") else fmt.header_num
                 if key in ("n", "target", "kvinnor", "man", "alla", "fjol") else fmt.header_run
                 if key == "comment" else fmt.header)
        cells.string(row, c, M.WB_OV_GOAL_HEAD[key], style)
    # the comment runs on over the page's last columns: its header's band does too
    for c in range(H["comment"] + 1, max(widths) + 1):
        cells.blank(row, c, None, fmt.header)
    ws.set_row(row, 30)
    row += 1
    if book.headline.empty:
        cells.string(row, C["namn"], M.WB_OV_NO_GOALS, fmt.note)
        return row + 1
    first = row
    room = sum(w for c, w in widths.items() if c >= H["comment"])
    for rec in book.headline.to_dict("records"):
        status, comment = _row(book, cells, row, rec, H, room)
        pairs = [(rec["namn"], widths[H["namn"]]), (status, widths[H["status"]] - 1)]
        if wrapped_lines(comment, room - 2) > 1:
            pairs.append((comment, widths[H["comment"]]))
        fit_height(ws, row, pairs)
        row += 1
    area = f"{cell(first, H['status'])}:{cell(row - 1, H['status'])}"
    for text, f in ((M.WB_UT_MET, fmt.green), (M.WB_UT_NOT_MET, fmt.red)):
        ws.conditional_format(area, {"type": "cell", "criteria": "==",
                                     "value": xl_text(text), "format": f})
    return row


def _row(book: Book, cells, row: int, rec: dict, H: dict, room: float) -> tuple[str, str]:
    """One goal's row; returns the texts of its result and comment."""
    fmt = book.fmt
    goal = book.plan.mal[rec["nr"] - 1]
    g = str(rec["nr"])
    at = {key: cell(row, c) for key, c in H.items()}
    cells.number(row, H["nr"], rec["nr"], fmt.nr)
    cells.string(row, H["namn"], rec["namn"], fmt.wrap)
    gnr = utfall.goal_area(book, utfall.C_GNR)
    cells.formula(row, H["n"], f"=COUNTIF({gnr},{g})", fmt.int_calc, rec["n"])
    if rec["target"] is not None:
        cells.number(row, H["target"], rec["target"],
                     fmt.int if goal.typ == "inskrivna" else fmt.pct)

    def sumifs(column: int) -> str:
        return f"SUMIFS({utfall.goal_area(book, column)},{gnr},{g})"

    def countifs(word: str) -> str:
        return f"COUNTIFS({gnr},{g},{utfall.goal_area(book, utfall.C_RES)},{xl_text(word)})"

    comment: str | tuple[str, str]  # a text, or (formula, cached text)
    status: str | tuple[str, str]
    if rec["n"] == 0 or rec["target"] is None:
        status, comment = M.WB_UT_UNKNOWN, M.WB_GOAL_NOT_MEASURED
    elif goal.typ == "utfall":
        den_k, num_k = sumifs(utfall.U_DEN_K), sumifs(utfall.U_NUM_K)
        den_m, num_m = sumifs(utfall.U_DEN_M), sumifs(utfall.U_NUM_M)
        share = fmt.pct_calc
        cells.formula(row, H["kvinnor"], "=" + utfall.ratio(num_k, den_k), share,
                      blank(rec["kvinnor"]))
        cells.formula(row, H["man"], "=" + utfall.ratio(num_m, den_m), share,
                      blank(rec["man"]))
        cells.formula(row, H["alla"], "=" + utfall.ratio(f"({num_k}+{num_m})",
                                                         f"({den_k}+{den_m})"),
                      share, blank(rec["alla"]))
        gender = (at["kvinnor"], at["man"]) if rec["per_gender"] else (None, None)
        status = (utfall.share_status_formula(at["target"], at["alla"], *gender),
                  utfall.STATUS_TEXT[rec["status"]])
        comment = outcome_comment(rec, num_k, den_k, num_m, den_m)
    elif goal.typ == "enkät":
        num, den = sumifs(utfall.E_NUM), sumifs(utfall.E_DEN)
        cells.formula(row, H["alla"], "=" + utfall.ratio(num, den), fmt.pct_calc,
                      blank(rec["alla"]))
        status = (utfall.share_status_formula(at["target"], at["alla"]),
                  utfall.STATUS_TEXT[rec["status"]])
        comment = survey_comment(rec, num, den)
    else:  # inskrivna
        met, failed = countifs(M.WB_UT_MET), countifs(M.WB_UT_NOT_MET)
        status = (f'=IF({failed}>0,{xl_text(M.WB_UT_NOT_MET)},IF({met}>0,'
                  f'{xl_text(M.WB_UT_MET)},{xl_text(M.WB_UT_UNKNOWN)}))',
                  utfall.STATUS_TEXT[rec["status"]])
        comment = enrolled_comment(rec, met, at["n"], countifs(M.WB_UT_UNKNOWN))
    if "fjol" in H:
        _last_year(book, cells, row, goal, H["fjol"])
    _put(cells, row, H["status"], status, fmt.status_goal)
    text = comment[1] if isinstance(comment, tuple) else comment
    _put(cells, row, H["comment"], comment,
         fmt.wrap_indent if wrapped_lines(text, room - 2) > 1 else fmt.text_indent)
    return (status[1] if isinstance(status, tuple) else status), text


def _last_year(book: Book, cells, row: int, goal, col: int) -> None:
    """Last year's figure of the goal with the same id in last year's plan (January to P's
    month, over the insatser it applied to then): the pooled share for an outcome or survey
    goal, how many of its insatser met it for an enrolment goal; empty for a goal new this
    year. Formulas over `Samma period i fjol` (fjol.py)."""
    ly = book.last_year
    before = next((g for g in ly.plan.mal if g.id == goal.id), None)
    if before is None:
        cells.blank(row, col, None, book.fmt.text)
        return
    figures = [ly.figures[i.id] for i in fjol.members(ly, before)]
    if before.typ == "inskrivna":
        low = [f["lagsta"] for f in figures if f.get("lagsta") is not None]
        met_n = sum(1 for v in low if v >= (before.min_antal or 0))
        met = fjol.total(book, ly, before, fjol.COL_LOW, f'">="&{before.min_antal or 0}')
        n = fjol.total(book, ly, before, fjol.COL_LOW, '">=0"')
        cells.formula(row, col, "=" + concat(M.WB_FJ_MET, {"met": met, "n": n}),
                      book.fmt.text_indent, M.WB_FJ_MET.format(met=met_n, n=len(low)))
        return
    if before.typ == "utfall":
        cols = [fjol.COL_CAT0 + k for k, kat in enumerate(contract.KATEGORIER)
                if kat in before.kategorier]
        keys = [f"utfall_{kat}" for kat in contract.KATEGORIER if kat in before.kategorier]
        num = "+".join(fjol.total(book, ly, before, c) for c in cols) or "0"
        den = fjol.total(book, ly, before, fjol.COL_AVSL)
        num_v = sum(f.get(k) or 0 for f in figures for k in keys)
        den_v = sum(f.get("avslutade") or 0 for f in figures)
    else:  # enkät
        num = fjol.total(book, ly, before, fjol.COL_POS)
        den = fjol.total(book, ly, before, fjol.COL_SVAR)
        num_v = sum(f.get("positiva") or 0 for f in figures)
        den_v = sum(f.get("svar") or 0 for f in figures)
    cells.formula(row, col, "=" + utfall.ratio(f"({num})", f"({den})"), book.fmt.pct_calc,
                  num_v / den_v if den_v else "")


def _put(cells, row: int, col: int, value, fmt) -> None:
    """A text (str) or a (formula, cached text)."""
    if isinstance(value, tuple):
        cells.formula(row, col, value[0], fmt, value[1])
    else:
        cells.string(row, col, value, fmt)


def _pieces(template: str, names) -> list[str]:
    """'a{x}b{y}c' with names (x, y) -> ['a', 'b', 'c']."""
    out, rest = [], template
    for name in names:
        before, rest = rest.split("{" + name + "}")
        out.append(before)
    return out + [rest]


def concat(template: str, terms: dict[str, str]) -> str:
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
    body = concat(M.WB_GOAL_ENDED, {"num": num, "den": den})
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
               f"{concat(M.WB_GOAL_ANSWERS, {'num': num, 'den': den})})")
    text = (M.WB_GOAL_ANSWERS.format(num=rec["num"], den=rec["den"]) if rec["den"]
            else M.WB_GOAL_NO_ANSWERS)
    return formula, text


def enrolled_comment(rec: dict, met: str, n: str, unknown: str) -> tuple[str, str]:
    formula = (f"={concat(M.WB_GOAL_INSATSER, {'met': met, 'n': n})}"
               f"&IF({unknown}>0,{concat(M.WB_GOAL_NO_REPORT, {'k': unknown})},\"\")")
    text = M.WB_GOAL_INSATSER.format(met=rec["met_n"], n=rec["n"])
    if rec["unknown_n"]:
        text += M.WB_GOAL_NO_REPORT.format(k=rec["unknown_n"])
    return formula, text
