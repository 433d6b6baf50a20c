"""The writer of the copy for publishing (publish.py): its cell kinds, and the sheets Utfall,
Uppföljning Finsam, Inlämningar and Om rapporten and Översikt's goal table. Values only; the
masking (`publish.count`, `publish.share`) is applied by whoever builds the values."""

from __future__ import annotations

from .. import __version__, contract
from .. import aggregate as A
from .. import messages as M
from . import om as OM
from .common import Book, fit_height, row_height, serial, wrapped_lines
from .publish_rules import count, share


class Pub:
    """Cells of the copy for publishing. A value is None (no cell), a text, a count (an int,
    or publish.SMALL), or a tagged value: ("pct", share or None), ("plan", a plan figure),
    ("month", month number)."""

    def __init__(self, book: Book):
        self.book = book
        self.fmt = book.fmt
        base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}
        add = book.wb.add_format
        self.small = add({**base, "align": "right"})
        self.small_total = add({**base, "align": "right", "bold": True, "top": 1})
        self.status = {key: add({**base, "bold": True, "border": 1, "align": "center",
                                 "text_wrap": True, "bg_color": bg, "font_color": fg})
                       for key, (bg, fg) in (("gron", ("#C6EFCE", "#006100")),
                                             ("gul", ("#FFEB9C", "#7F4F00")),
                                             ("rod", ("#FFC7CE", "#9C0006")))}

    def heading(self, ws, title: str) -> int:
        """The title in A1, the period in A2, the note on masking from A3 on (one line a
        row, never merged); returns the first free row after a blank one."""
        fmt = self.fmt
        ws.write_string(0, 0, title, fmt.title)
        ws.write_string(1, 0, self.book.subtitle(), fmt.subtitle)
        row = 2
        for line in _lines(M.WB_PUB_NOTE, 150):
            ws.write_string(row, 0, line, fmt.subtitle)
            row += 1
        return row + 1

    def table(self, ws, row: int, heads, rows, widths, totals=()) -> int:
        """One header row (numbers' headers right-aligned) and the rows under it, then the
        total rows; returns the row below the table."""
        fmt = self.fmt
        numeric = {c for values in list(rows) + list(totals) for c, v in enumerate(values)
                   if _numeric(v)}
        for c, h in enumerate(heads):
            style = (fmt.header_center if c == 0 and h == M.WB_NR else fmt.header_num
                     if c in numeric else fmt.header)
            if h:
                ws.write_string(row, c, h, style)
            else:
                ws.write_blank(row, c, None, style)
        fit_height(ws, row, [(h, w) for h, w in zip(heads, widths, strict=True) if h],
                   minimum=2, bold=True)
        row += 1
        for values in rows:
            self.row(ws, row, values, widths, nr=heads[0] == M.WB_NR)
            row += 1
        for values in totals:
            self.row(ws, row, values, widths, total=True)
            row += 1
        return row

    def row(self, ws, row: int, values, widths, total: bool = False, nr: bool = False) -> None:
        fmt = self.fmt
        texts = []
        for c, value in enumerate(values):
            tag, v = value if isinstance(value, tuple) else (None, value)
            if v is None or v == "":
                if total:
                    ws.write_blank(row, c, None, fmt.total_blank)
                continue
            if tag == "pct":
                ws.write_number(row, c, v, fmt.total_pct if total else fmt.pct)
            elif tag == "month":
                ws.write_number(row, c, serial(self.book.plan.ar, v), fmt.period)
            elif tag == "long":  # runs on over the empty cells to its right
                ws.write_string(row, c, v, fmt.text_indent)
            elif isinstance(v, (int, float)):
                ws.write_number(row, c, v, fmt.nr if nr and c == 0 else
                                fmt.total_int if total else fmt.int)
            elif v == M.WB_PUB_SMALL:
                ws.write_string(row, c, v, self.small_total if total else self.small)
            elif v in M.WB_PUB_STATUS.values():
                key = next(k for k, w in M.WB_PUB_STATUS.items() if w == v)
                ws.write_string(row, c, v, self.status[key])
                texts.append((v, widths[c] - 1))
            else:
                ws.write_string(row, c, str(v), fmt.total_wrap if total else fmt.wrap)
                texts.append((str(v), widths[c]))
        fit_height(ws, row, texts, bold=total)

    def page(self, ws, fit_height: int = 0) -> None:
        self.book.page_setup(ws, header_row=None, fit_height=fit_height)


def _numeric(value) -> bool:
    tag, v = value if isinstance(value, tuple) else (None, value)
    if v is None or tag == "long":
        return False
    return tag in ("pct", "plan", "month") or isinstance(v, (int, float)) or v == M.WB_PUB_SMALL


def _lines(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` characters, broken between words."""
    out, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return out + ([line] if line else [])


# ----------------------------------------------------------------------------- Översikt's goals


def goals(pub: Pub, ws, row: int) -> int:
    """The förbund's goals: one table (title row, header, a row per goal). Returns the row
    below it."""

    book = pub.book
    ws.write_string(row, 0, M.WB_OV_GOAL_TITLE, pub.fmt.section)
    keys = ("nr", "namn", "n", "target", "kvinnor", "man", "alla", "status", "comment")
    widths = [4.5, 30, 8, 10, 10, 9, 9, 9, 60]
    rows = []
    for rec in book.headline.to_dict("records"):
        goal = book.plan.mal[rec["nr"] - 1]
        shares: dict[str, float | None] = {"kvinnor": None, "man": None, "alla": None}
        if goal.typ == "utfall" and rec["n"]:
            shares = {"kvinnor": share(rec["num_k"], rec["den_k"]),
                      "man": share(rec["num_m"], rec["den_m"]),
                      "alla": share(rec["num"], rec["den"])}
        elif goal.typ == "enkät" and rec["n"]:
            shares["alla"] = share(rec["num"], rec["den"])
        rows.append([rec["nr"], rec["namn"], ("plan", rec["n"]),
                     ("pct", rec["target"]) if goal.typ != "inskrivna"
                     else ("plan", rec["target"]),
                     ("pct", shares["kvinnor"]), ("pct", shares["man"]),
                     ("pct", shares["alla"]), _goal_word(rec["status"]),
                     ("long", _goal_comment(goal, rec))])
    return pub.table(ws, row + 1, [M.WB_OV_GOAL_HEAD[k] for k in keys], rows, widths)


def _goal_word(status: str) -> str:
    return {A.MET: M.WB_UT_MET, A.NOT_MET: M.WB_UT_NOT_MET}.get(status, M.WB_UT_UNKNOWN)


def _goal_comment(goal, rec: dict) -> str:
    """The goal's comment as Översikt words it, with its counts masked."""

    if rec["n"] == 0 or rec["target"] is None:
        return M.WB_GOAL_NOT_MEASURED
    if goal.typ == "utfall":
        if not rec["den"]:
            return M.WB_GOAL_NONE_ENDED
        text = M.WB_GOAL_ENDED.format(num=count(rec["num"]), den=count(rec["den"]))
        if rec["per_gender"]:
            text += (M.WB_GOAL_NO_WOMEN if not rec["den_k"] else M.WB_GOAL_NO_MEN
                     if not rec["den_m"] else M.WB_GOAL_BOTH)
        return text
    if goal.typ == "enkät":
        return (M.WB_GOAL_ANSWERS.format(num=count(rec["num"]), den=count(rec["den"]))
                if rec["den"] else M.WB_GOAL_NO_ANSWERS)
    text = M.WB_GOAL_INSATSER.format(met=rec["met_n"], n=rec["n"])
    if rec["unknown_n"]:
        text += M.WB_GOAL_NO_REPORT.format(k=rec["unknown_n"])
    return text


# ----------------------------------------------------------------------------- Utfall


UT_WIDTHS = [5, 30, 9, 12, 12, 12, 12, 12, 12, 40]


def utfall(pub: Pub, ws, name: str) -> None:
    """The goals per insats (shares only), the outcomes by category and gender, and women's
    share of new and ended participants: three tables."""

    book = pub.book
    row = pub.heading(ws, name)
    ws.write_string(row, 0, M.WB_UT_TITLE_GOALS, pub.fmt.section)
    heads = [M.WB_NR, M.WB_DF_HEAD[1]] + list(M.WB_PUB_GOAL_HEAD)
    nr_goal = {g.id: k for k, g in enumerate(book.plan.mal, start=1)}
    rows = []
    for rec in book.goals.to_dict("records"):
        ins = book.plan.insats(rec["insats"])
        per: dict[str, float | None] = {"kvinnor": None, "man": None, "alla": None}
        low = None
        if rec["typ"] == "utfall":
            per = {"kvinnor": share(rec["num_k"], rec["den_k"]),
                   "man": share(rec["num_m"], rec["den_m"]), "alla": share(rec["num"], rec["den"])}
        elif rec["typ"] == "enkät":
            per["alla"] = share(rec["num"], rec["den"])
        else:
            low = count(rec["alla"])
        target = ("plan", rec["target"]) if rec["typ"] == "inskrivna" else ("pct", rec["target"])
        rows.append([book.nr[rec["insats"]], ins.namn if ins else rec["insats"],
                     ("plan", nr_goal[rec["goal"]]), _goal_word(rec["status"]),
                     ("pct", per["kvinnor"]), ("pct", per["man"]), ("pct", per["alla"]),
                     low, target, rec["goal_namn"]])
    row = pub.table(ws, row + 1, heads, rows, UT_WIDTHS)
    row = _outcomes(pub, ws, row + 1)
    _gender(pub, ws, row + 1)
    for c, w in enumerate(UT_WIDTHS):
        ws.set_column(c, c, w)
    pub.page(ws)


def _outcomes(pub: Pub, ws, row: int) -> int:

    book = pub.book
    ws.write_string(row, 0, M.WB_UT_TITLE_OUTCOMES, pub.fmt.section)
    heads = [M.WB_NR, M.WB_DF_HEAD[1], M.WB_UT_HEAD[2]] + [
        M.WB_UT_KAT_SHORT[k] for k in contract.KATEGORIER] + [M.WB_UT_SUM]
    rows = []
    for ins in book.plan.insatser:
        if not ins.flow:
            continue
        o = {kat: book.outcome_rows[(ins.id, kat)] for kat in contract.KATEGORIER}
        total = sum(int(r["totalt"]) for r in o.values())
        for kon, key in (("kvinnor", "kvinnor"), ("man", "man"), ("alla", "totalt")):
            rows.append([book.nr[ins.id], ins.namn, M.WB_UT_KON[kon]]
                        + [count(o[kat][key]) for kat in contract.KATEGORIER]
                        + [count(sum(int(r[key]) for r in o.values()))])
        rows.append([book.nr[ins.id], ins.namn, M.WB_UT_KON["andel"]]
                    + [("pct", share(o[kat]["totalt"], total)) for kat in contract.KATEGORIER]
                    + [None])
    return pub.table(ws, row + 1, heads, rows, UT_WIDTHS)


def _gender(pub: Pub, ws, row: int) -> int:

    book = pub.book
    ws.write_string(row, 0, M.WB_UT_TITLE_GENDER, pub.fmt.section)
    rows = []
    for ins in book.plan.insatser:
        if not ins.flow:
            continue
        info = book.info[ins.id]
        values = [book.nr[ins.id], ins.namn]
        for measure in ("nya", "avslutade"):
            k, t = int(info[f"{measure}_kvinnor"]), int(info[f"{measure}_totalt"])
            values += [count(k), count(t), ("pct", share(k, t))]
        rows.append(values)
    return pub.table(ws, row + 1, list(M.WB_UT_GENDER_HEAD), rows, UT_WIDTHS[:8])


# ----------------------------------------------------------------------------- the others


def finsam(pub: Pub, ws, name: str) -> None:
    """Uppföljning Finsam as the workbook's, masked, with the totals per level."""

    book = pub.book
    row = pub.heading(ws, name)
    widths = [5, 32, 18, 10, 12, 12, 12, 12, 34]
    sums: dict[str, list[int]] = {}
    rows, totals = [], []
    for ins in book.plan.insatser:
        info = book.info[ins.id]
        budget = ins.budgeterad_volym if ins.enhet == "deltagare" else None
        k = m = t = note = None
        if ins.flow:
            k, m, t = int(info["ytd_kvinnor"]), int(info["ytd_man"]), int(info["ytd"])
        elif ins.enhet == "deltagare":
            t = int(info["ytd"])
        else:
            note = M.WB_FI_NOT_PARTICIPANTS.format(enhet=ins.enhet)
        s = sums.setdefault(ins.niva, [0, 0, 0, 0])
        for i, v in enumerate((budget, k, m, t)):
            s[i] += v or 0
        rows.append([book.nr[ins.id], ins.namn, M.WB_FI_NIVA[ins.niva], ins.enhet,
                     ("plan", budget), count(k), count(m), count(t), note])
    for niva in ("individ", "struktur"):
        if niva in sums:
            b, k, m, t = sums[niva]
            flow = any(i.flow for i in book.plan.insatser if i.niva == niva)
            totals.append([None, M.WB_FI_TOTAL.format(niva=M.WB_FI_NIVA[niva]), None, None,
                           ("plan", b), count(k) if flow else None,
                           count(m) if flow else None, count(t), None])
    pub.table(ws, row, list(M.WB_FI_HEAD), rows, widths, totals)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    pub.page(ws)


def inlamningar(pub: Pub, ws, name: str) -> None:
    """Which reports came in, as the workbook's Inlämningar (no file names)."""
    book = pub.book
    row = pub.heading(ws, name)
    heads = ([M.WB_NR, M.WB_IN_HEAD_INSATS] + [book.month_label(m) for m in range(1, 13)]
             + [M.WB_IN_HEAD_RATE])
    widths = [5, 32] + [9.5] * 12 + [9]
    rows = [[book.nr[ins.id], ins.namn] + [M.WB_IN_STATUS[s] or None for s in book.grid[ins.id]]
            + [("pct", A.reporting_rate(book.grid[ins.id]))] for ins in book.plan.insatser]
    everything = [s for i in book.plan.insatser for s in book.grid[i.id]]
    total = [None, M.WB_IN_ROW_RATE] + [
        ("pct", A.reporting_rate([book.grid[i.id][m] for i in book.plan.insatser]))
        for m in range(12)] + [("pct", A.reporting_rate(everything))]
    pub.table(ws, row, heads, rows, widths, [total])
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    pub.page(ws)


def om(pub: Pub, ws, name: str) -> None:
    """The plan, the period, when it was written, and how the figures are computed and
    masked."""
    book = pub.book
    res = book.result
    fmt = pub.fmt
    ws.write_string(0, 0, M.WB_OM_TITLE, fmt.title)
    K = M.WB_OM_ROWS
    items = [(K["forbund"], res.plan.namn), (K["ar"], str(res.plan.ar)),
             (K["period"], res.period), (K["skriven"], OM.local_time(res.written_at)),
             (K["version"], __version__)]
    row = 2
    rows = items + [("", "")] + [(M.WB_PUB_ABOUT_TITLE, M.WB_PUB_ABOUT)] + [
        (k, v) for k, v in M.WB_OM_METHOD if k not in M.WB_PUB_METHOD_LEFT_OUT]
    for key, text in rows:
        if key:
            ws.write_string(row, 0, key, fmt.key_wrap)
            ws.write_string(row, 1, text, fmt.value_wrap)
            lines = max(wrapped_lines(text, OM.VALUE_WIDTH - 3),
                        wrapped_lines(key, OM.KEY_WIDTH - 2))
            if lines > 1:
                ws.set_row(row, row_height(lines))
        row += 1
    ws.set_column(0, 0, OM.KEY_WIDTH)
    ws.set_column(1, 1, OM.VALUE_WIDTH)
    book.page_setup(ws, header_row=None)
