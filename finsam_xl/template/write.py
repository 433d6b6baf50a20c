"""The monthly template (contract `finsam-xl/1`, contract.py).

`write_templates` writes one template per insats active in a month; `write_template` writes
one (optionally pre-filled, as a program would: plain values, no formulas in input cells).

Layout of the sheet `Rapport` (built top-down with a row cursor, so rows depend on the
sections an insats needs; readers must use the defined names, never these addresses):
column A labels, B kvinnor, C män, D totalt (formula). Count templates use column B only.
Every check cell is a formula whose cached value is computed here as well, so a viewer that
does not recalculate shows the same text as Excel or LibreOffice.

Heavy imports (xlsxwriter, openpyxl) happen inside the functions.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, time, timezone
from pathlib import Path

from .. import contract
from .. import messages as M
from ..atomic import atomic_path
from ..errors import FinsamError, os_error_text
from ..model import Insats, Plan, parse_period
from ..periods import deadline, month_end, year_month
from ..usage import checked_period

KOLUMNER = contract.KON  # ("kvinnor", "man")
_COL = {"kvinnor": 1, "man": 2}  # column index (B, C); D (3) holds totals
TOTAL_COL = 3
# A note (cell comment) on a prefilled cell: wide enough for its two sentences.
NOTE_OPTIONS = {"author": "finsam-xl", "x_scale": 2.5, "y_scale": 1.6}


# ----------------------------------------------------------------------------- period


def default_modified(period: str) -> datetime:
    """The fixed document time of a template when none is given: the end of the period's
    month (00:00 UTC on the 1st of the following month). Deterministic, after the month
    it reports on, and never later than a report deadline."""
    return datetime.combine(month_end(period), time(), tzinfo=timezone.utc)


# ----------------------------------------------------------------------------- helpers


def _cell(row: int, col: int, absolute: bool = False) -> str:
    """0-based (row, col) -> 'B12' or '$B$12' (xlsxwriter's own helper: the templates are
    written with xlsxwriter, so importing it here costs nothing more)."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    return xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute)


def _fmt_num(x) -> str:
    """A number as Excel's '&' concatenation shows it (12, 12.5)."""
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return str(x)


def _concat_formula(message: str, parts: dict[str, str]) -> str:
    """Turn a message with {placeholders} into an Excel string expression:
    'A ({x}) b' with x -> 'SUM(B1)' gives '"A ("&SUM(B1)&") b"'."""
    out = []
    for i, piece in enumerate(re.split(r"\{(\w+)\}", message)):
        if i % 2:
            out.append(parts[piece])
        elif piece:
            out.append('"' + piece.replace('"', '""') + '"')
    return "&".join(out)


def _utc(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        return dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


# ----------------------------------------------------------------------------- writing


class _Sheet:
    """Small wrapper: the xlsxwriter worksheet, formats, a row cursor, and the defined names
    collected while writing."""

    def __init__(self, wb, ws, values: dict | None = None, notes: dict | None = None):
        from .kontroll import Kontroll

        self.wb = wb
        self.ws = ws
        self.k = Kontroll(wb)  # what `check` reads of each count cell, as formulas
        self.values = values or {}
        self.notes = notes or {}
        self.row = 0
        self.names: dict[str, tuple[int, int]] = {}
        self.checks: list[tuple[int, int]] = []  # (row, col) of every check cell
        base = {"font_name": "Calibri", "font_size": 11, "valign": "vcenter"}
        border = {"border": 1, "border_color": "#8C8C8C"}
        self.f = {
            "title": wb.add_format({**base, "bold": True, "font_size": 16}),
            "subtitle": wb.add_format({**base, "font_size": 12}),
            "period": wb.add_format({**base, "bold": True, "font_size": 12}),
            "heading": wb.add_format({**base, "bold": True, "font_size": 12,
                                      "bottom": 2, "bottom_color": "#1F4E79"}),
            "text": wb.add_format({**base}),
            "instr": wb.add_format({**base, "text_wrap": True, "valign": "top"}),
            "colhead": wb.add_format({**base, "bold": True, "align": "center",
                                      "bg_color": "#DDEBF7", **border}),
            "label": wb.add_format({**base, "text_wrap": True, **border}),
            "label_calc": wb.add_format({**base, "italic": True, "text_wrap": True, **border}),
            "input_num": wb.add_format({**base, "locked": False, "bg_color": "#FFF2CC",
                                        "num_format": "0", "align": "right", **border}),
            "input_text": wb.add_format({**base, "locked": False, "bg_color": "#FFF2CC",
                                         "text_wrap": True, "valign": "top",
                                         "num_format": "@", **border}),
            "calc": wb.add_format({**base, "bg_color": "#F2F2F2", "num_format": "0",
                                   "align": "right", **border}),
            "check": wb.add_format({**base, "text_wrap": True, **border}),
            "meta_label": wb.add_format({**base, "font_size": 9, "font_color": "#7F7F7F"}),
            "meta": wb.add_format({**base, "font_size": 9, "font_color": "#7F7F7F",
                                   "num_format": "@", "align": "left"}),
            "ok": wb.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"}),
            "bad": wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006",
                                  "bold": True}),
        }

    def skip(self, n: int = 1) -> None:
        self.row += n

    def name(self, name: str, row: int, col: int) -> None:
        assert name not in self.names, name
        self.names[name] = (row, col)

    def num_input(self, name: str, row: int, col: int) -> None:
        """A count cell: named, pre-filled with its value if any, with a note on where a
        prefilled value came from."""
        self.name(name, row, col)
        self.write_value(row, col, self.values.get(name), self.f["input_num"])
        if name in self.notes:
            self.ws.write_comment(row, col, self.notes[name], NOTE_OPTIONS)
        self.k.add(name, f"{contract.SHEET}!{_cell(row, col, absolute=True)}",
                   self.values.get(name))

    def v(self, name: str):
        """What `check` counts for the cell (0 for one that holds no count)."""
        return self.k.counted(name)

    def ref(self, name: str) -> str:
        """The cell's count as `check` reads it, in a formula: -1 when it holds no count."""
        return self.k.refs[name]

    def counted(self, *names: str) -> str:
        """A formula for the sum of the cells' counts (a cell that holds no count: 0)."""
        return "+".join(f"MAX(0,{self.ref(n)})" for n in names)

    def colheads(self, first_label: str, with_total: bool = True) -> None:
        self.ws.write_string(self.row, 0, first_label, self.f["heading"])
        self.ws.write_string(self.row, 1, M.TPL_COL_KVINNOR, self.f["colhead"])
        self.ws.write_string(self.row, 2, M.TPL_COL_MAN, self.f["colhead"])
        if with_total:
            self.ws.write_string(self.row, 3, M.TPL_COL_TOTALT, self.f["colhead"])
        self.skip()

    def total(self, row: int, value, names: tuple[str, ...] | None = None) -> None:
        """The row's total in D: the counts of `names` (the row's count cells), or the sum
        of B:C (computed cells)."""
        formula = self.counted(*names) if names else f"SUM({_cell(row, 1)}:{_cell(row, 2)})"
        self.ws.write_formula(row, TOTAL_COL, "=" + formula, self.f["calc"], value)

    def write_value(self, row: int, col: int, value, fmt) -> None:
        """A pre-filled value as a plain value: numbers as numbers, everything else as text
        (never a formula, even when it starts with '=')."""
        if value is None:
            self.ws.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            self.ws.write_boolean(row, col, value, fmt)
        elif isinstance(value, (int, float)):
            self.ws.write_number(row, col, value, fmt)
        else:
            self.ws.write_string(row, col, str(value), fmt)

    def check(self, label: str, formula: str, value: str, guard: tuple = (),
              values: dict | None = None) -> tuple[int, int]:
        """One check row: label in A, a live formula in B:D (merged), red/green. With
        `guard` (count names), the row says TPL_CHECK_TEXT instead when one of those cells
        holds no count as `check` reads it (text such as "5 st", -3, 2.5: `template/kontroll.py`),
        as `check` skips a rule over such a cell."""
        if guard:
            bad = ",".join(f"{self.ref(n)}<0" for n in guard)
            formula = f'IF(OR({bad}),"{M.TPL_CHECK_TEXT}",{formula})'
            if any(self.k.bad(n) for n in guard):
                value = M.TPL_CHECK_TEXT
        r = self.row
        self.ws.write_string(r, 0, label, self.f["label"])
        self.ws.merge_range(r, 1, r, TOTAL_COL, "", self.f["check"])
        self.ws.write_formula(r, 1, "=" + formula, self.f["check"], value)
        self.ws.set_row(r, 32)
        self.checks.append((r, 1))
        self.row += 1
        return r, 1


def _numbers_check(s: _Sheet) -> None:
    """The check row over every count cell: how many hold no count as `check` reads it
    (text such as '5 st', a negative or a decimal number, a boolean, an error value), counted
    on the hidden sheet (`template/kontroll.py`), in the singular for one."""
    k = s.k.finish()
    n = s.k.count_ref
    # both forms in the formula, the spreadsheet picks (M.plural's choice: 1, else many)
    one, many = (_concat_formula(M.plural(M.TPL_CHECK_NUMBERS, k_), {"antal": n})
                 for k_ in (1, 2))
    cached = M.TPL_CHECK_OK if k == 0 else M.plural(M.TPL_CHECK_NUMBERS, k).format(antal=k)
    s.check(M.TPL_CHECK_LABEL_NUMBERS, f'IF({n}=0,"{M.TPL_CHECK_OK}",IF({n}=1,{one},{many}))',
            cached)


def _write_workbook(target: str, plan: Plan, insats: Insats, period: str, values: dict,
                    texts: dict, modified: datetime, notes: dict | None = None) -> None:
    """The template, section by section, top to bottom (the order of the calls is the
    order of the file's shared strings: keep it)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(target, {"in_memory": True, "strings_to_formulas": False,
                                      "strings_to_numbers": False, "strings_to_urls": False})
    wb.set_properties({
        "title": M.TPL_DOC_TITLE.format(insats=insats.namn, period=period),
        "subject": M.TPL_DOC_SUBJECT.format(forbund=plan.namn),
        "author": "finsam-xl",
        "company": plan.namn,
        "comments": M.TPL_DOC_COMMENTS.format(version=contract.VERSION),
        "created": modified.replace(tzinfo=None),
    })
    s = _Sheet(wb, wb.add_worksheet(contract.SHEET), values, notes)
    _page_setup(s.ws)
    _title(s, plan, insats, period)
    _instructions(s, plan, insats, period)
    if insats.flow:
        _flow(s)
        _outcomes(s)
    else:
        _count(s, insats)
    if insats.enkat:
        _survey(s)
    _numbers_check(s)
    s.skip()
    _count_validation(s, insats)
    _free_text(s, texts)
    _meta(s, plan, insats, period)
    _check_colours(s)
    _names_and_protection(s, insats)
    wb.close()


def _page_setup(ws) -> None:
    ws.set_column(0, 0, 58)
    ws.set_column(1, TOTAL_COL, 13)
    ws.hide_gridlines(2)
    ws.set_paper(9)  # A4
    ws.set_portrait()
    ws.fit_to_pages(1, 1)
    ws.set_margins(left=0.6, right=0.6, top=0.7, bottom=0.7)
    ws.center_horizontally()


def _title(s: _Sheet, plan: Plan, insats: Insats, period: str) -> None:
    year, month = year_month(period)
    ws, f = s.ws, s.f
    ws.write_string(s.row, 0, M.TPL_TITLE.format(insats=insats.namn), f["title"])
    ws.set_row(s.row, 24)
    s.skip()
    ws.write_string(s.row, 0, M.TPL_SUBTITLE.format(forbund=plan.namn), f["subtitle"])
    s.skip()
    ws.write_string(s.row, 0, M.TPL_PERIOD_LINE.format(manad=M.MANADER[month - 1], ar=year),
                    f["period"])
    s.skip(2)


def _instructions(s: _Sheet, plan: Plan, insats: Insats, period: str) -> None:
    year, month = year_month(period)
    manad = M.MANADER[month - 1]
    s.ws.write_string(s.row, 0, M.TPL_INSTRUCTIONS_HEADING, s.f["heading"])
    s.skip()
    if insats.flow:
        lines = [M.TPL_INSTR_FLOW.format(manad=manad, ar=year),
                 M.TPL_INSTR_FLOW_WHO.format(manad=manad)]
    else:
        lines = [M.TPL_INSTR_COUNT.format(manad=manad, ar=year,
                                          enhet_bestamd=M.TPL_ENHET_BESTAMD[insats.enhet])]
    if insats.enkat:
        lines.append(M.TPL_INSTR_ENKAT)
    lines += [M.TPL_INSTR_EMPTY, M.TPL_INSTR_WHOLE, M.TPL_INSTR_CHECKS]
    lines += [M.TPL_INSTR_SAVE.format(frist=M.date_text(deadline(period, plan.rapportfrist_dag))),
              M.TPL_INSTR_GDPR]
    for i, line in enumerate(lines, 1):
        text = f"{i}. {line}"
        s.ws.merge_range(s.row, 0, s.row, TOTAL_COL, text, s.f["instr"])
        s.ws.set_row(s.row, 15 * (1 + (len(text) - 1) // 100) + 1)  # merged: never autofit
        s.skip()
    s.skip()


def _flow(s: _Sheet) -> None:
    """Start, new and ended per gender, the month's end, and a check per gender that no more
    ended than were there."""
    ws, f = s.ws, s.f
    s.colheads(M.TPL_SECTION_FLOW)
    for name_of, label in ((contract.start, M.TPL_ROW_START), (contract.nya, M.TPL_ROW_NYA),
                           (contract.avslutade, M.TPL_ROW_AVSLUTADE)):
        ws.write_string(s.row, 0, label, f["label"])
        for kon in KOLUMNER:
            s.num_input(name_of(kon), s.row, _COL[kon])
        s.total(s.row, sum(s.v(name_of(kon)) for kon in KOLUMNER),
                tuple(name_of(kon) for kon in KOLUMNER))
        s.skip()
    ws.write_string(s.row, 0, M.TPL_ROW_SLUT, f["label_calc"])
    slut = {}
    for kon in KOLUMNER:
        start, nya, avsl = contract.start(kon), contract.nya(kon), contract.avslutade(kon)
        slut[kon] = contract.month_end({n: s.v(n) for n in (start, nya, avsl)}, kon)
        ws.write_formula(s.row, _COL[kon], f"={s.counted(start, nya)}-{s.counted(avsl)}",
                         f["calc"], slut[kon])
    s.total(s.row, sum(slut.values()))
    ws.conditional_format(s.row, 1, s.row, TOTAL_COL, {
        "type": "cell", "criteria": "<", "value": 0, "format": f["bad"]})
    s.skip()
    for kon in KOLUMNER:
        names = (contract.start(kon), contract.nya(kon), contract.avslutade(kon))
        start_nya = f"({s.ref(names[0])}+{s.ref(names[1])})"
        avsl = s.ref(names[2])
        sn_val = s.v(names[0]) + s.v(names[1])
        av_val = s.v(names[2])
        bad = _concat_formula(M.TPL_CHECK_AVSLUTADE, {"avslutade": avsl, "start_nya": start_nya})
        cached = (M.TPL_CHECK_OK if av_val <= sn_val else M.TPL_CHECK_AVSLUTADE.format(
            avslutade=_fmt_num(av_val), start_nya=_fmt_num(sn_val)))
        s.check(M.TPL_CHECK_LABEL_AVSLUTADE.format(kon=M.KON_LABEL[kon]),
                f'IF({avsl}<={start_nya},"{M.TPL_CHECK_OK}",{bad})', cached,
                guard=names,
                values=s.values)
    s.skip()


def _outcomes(s: _Sheet) -> None:
    """Ended by outcome and gender, their sum, and a check per gender that the outcomes add
    up to the ended."""
    ws, f = s.ws, s.f
    s.colheads(M.TPL_SECTION_UTFALL)
    for kat in contract.KATEGORIER:
        ws.write_string(s.row, 0, M.KATEGORI_LABEL[kat], f["label"])
        for kon in KOLUMNER:
            s.num_input(contract.utfall_name(kat, kon), s.row, _COL[kon])
        s.total(s.row, sum(s.v(contract.utfall_name(kat, kon)) for kon in KOLUMNER),
                tuple(contract.utfall_name(kat, kon) for kon in KOLUMNER))
        s.skip()
    ws.write_string(s.row, 0, M.TPL_ROW_UTFALL_SUMMA, f["label_calc"])
    sums = {}
    for kon in KOLUMNER:
        c = _COL[kon]
        sums[kon] = sum(s.v(contract.utfall_name(k, kon)) for k in contract.KATEGORIER)
        ws.write_formula(s.row, c, "=" + s.counted(*(contract.utfall_name(k, kon)
                                                      for k in contract.KATEGORIER)),
                         f["calc"], sums[kon])
    s.total(s.row, sum(sums.values()))
    sum_row = s.row
    s.skip()
    for kon in KOLUMNER:
        utf = _cell(sum_row, _COL[kon])
        avsl = s.ref(contract.avslutade(kon))
        av_val = s.v(contract.avslutade(kon))
        bad = _concat_formula(M.TPL_CHECK_UTFALL, {"utfall": utf, "avslutade": avsl})
        cached = (M.TPL_CHECK_OK if sums[kon] == av_val else M.TPL_CHECK_UTFALL.format(
            utfall=_fmt_num(sums[kon]), avslutade=_fmt_num(av_val)))
        s.check(M.TPL_CHECK_LABEL_UTFALL.format(kon=M.KON_LABEL[kon]),
                f'IF({utf}={avsl},"{M.TPL_CHECK_OK}",{bad})', cached,
                guard=(contract.avslutade(kon), *(contract.utfall_name(k, kon)
                                                 for k in contract.KATEGORIER)),
                values=s.values)
    s.skip()


def _count(s: _Sheet, insats: Insats) -> None:
    s.ws.write_string(s.row, 0, M.TPL_SECTION_COUNT, s.f["heading"])
    s.skip()
    s.ws.write_string(s.row, 0, M.TPL_COUNT_LABEL[insats.enhet], s.f["label"])
    s.num_input(contract.ANTAL_NAME, s.row, 1)
    s.skip(2)


def _survey(s: _Sheet) -> None:
    s.ws.write_string(s.row, 0, M.TPL_SECTION_ENKAT, s.f["heading"])
    s.skip()
    for name, label in ((contract.ENKAT_SVAR, M.TPL_ROW_ENKAT_SVAR),
                        (contract.ENKAT_POSITIVA, M.TPL_ROW_ENKAT_POSITIVA)):
        s.ws.write_string(s.row, 0, label, s.f["label"])
        s.num_input(name, s.row, 1)
        s.skip()
    pos = s.ref(contract.ENKAT_POSITIVA)
    svar = s.ref(contract.ENKAT_SVAR)
    pv, sv = s.v(contract.ENKAT_POSITIVA), s.v(contract.ENKAT_SVAR)
    bad = _concat_formula(M.TPL_CHECK_ENKAT, {"positiva": pos, "svar": svar})
    cached = (M.TPL_CHECK_OK if pv <= sv else M.TPL_CHECK_ENKAT.format(
        positiva=_fmt_num(pv), svar=_fmt_num(sv)))
    s.check(M.TPL_CHECK_LABEL_ENKAT, f'IF({pos}<={svar},"{M.TPL_CHECK_OK}",{bad})', cached,
            guard=contract.ENKAT, values=s.values)
    s.skip()


def _count_validation(s: _Sheet, insats: Insats) -> None:
    """Whole numbers >= 0 in every count cell (Excel's data validation)."""
    for name in contract.count_names(insats):
        r, c = s.names[name]
        s.ws.data_validation(r, c, r, c, {
            "validate": "integer", "criteria": ">=", "value": 0, "ignore_blank": True,
            "input_title": M.TPL_DV_TITLE, "input_message": M.TPL_DV_INPUT,
            "error_title": M.TPL_DV_ERROR_TITLE, "error_message": M.TPL_DV_ERROR,
            "error_type": "stop",
        })


def _free_text(s: _Sheet, texts: dict) -> None:
    s.ws.write_string(s.row, 0, M.TPL_SECTION_TEXT, s.f["heading"])
    s.skip()
    for name, label, height in ((contract.KOMMENTAR, M.TPL_ROW_KOMMENTAR, 90),
                                (contract.RAPPORTERAD_AV, M.TPL_ROW_RAPPORTERAD_AV, 20)):
        value = texts.get(name, s.values.get(name))
        s.ws.write_string(s.row, 0, label, s.f["label"])
        s.ws.merge_range(s.row, 1, s.row, TOTAL_COL, "", s.f["input_text"])
        if value is not None:
            s.ws.write_string(s.row, 1, str(value), s.f["input_text"])
        s.ws.set_row(s.row, height)
        s.name(name, s.row, 1)
        s.skip()
    s.skip()


def _meta(s: _Sheet, plan: Plan, insats: Insats, period: str) -> None:
    """The contract's meta names: visible, locked, small and grey."""
    s.ws.write_string(s.row, 0, M.TPL_SECTION_META, s.f["meta_label"])
    s.skip()
    meta = {contract.VERSION_NAME: contract.VERSION, contract.FORBUND: plan.namn,
            contract.INSATS: insats.id, contract.PERIOD: period}
    for name in contract.META:
        s.ws.write_string(s.row, 0, M.TPL_ROW_META[name], s.f["meta_label"])
        s.write_value(s.row, 1, s.values.get(name, meta[name]), s.f["meta"])
        s.name(name, s.row, 1)
        s.skip()


def _check_colours(s: _Sheet) -> None:
    for r, c in s.checks:
        s.ws.conditional_format(r, c, r, TOTAL_COL, {
            "type": "cell", "criteria": "==", "value": f'"{M.TPL_CHECK_OK}"',
            "format": s.f["ok"]})
        s.ws.conditional_format(r, c, r, TOTAL_COL, {
            "type": "cell", "criteria": "!=", "value": f'"{M.TPL_CHECK_OK}"',
            "format": s.f["bad"]})


def _names_and_protection(s: _Sheet, insats: Insats) -> None:
    """The contract's defined names, the print area, and protection without a password
    (only the input cells unlocked)."""
    for name in contract.required_names(insats):
        r, c = s.names[name]
        s.wb.define_name(name, f"={contract.SHEET}!{_cell(r, c, absolute=True)}")
    assert set(s.names) == set(contract.required_names(insats))
    s.ws.print_area(0, 0, s.row - 1, TOTAL_COL)
    s.ws.activate()
    first_input = min(s.names[n] for n in contract.count_names(insats))
    s.ws.set_selection(*first_input, *first_input)
    s.ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True,
                      "format_columns": True, "format_rows": True})


def write_template(plan: Plan, insats: Insats, period: str, path: Path, values: dict | None = None,
                   texts: dict | None = None, modified: datetime | None = None,
                   notes: dict | None = None) -> Path:
    """Write one monthly template for `insats` and `period` to `path`, atomically.

    `values` (defined name -> number or text) pre-fills cells as plain values, as a program
    would (numbers with write_number, anything else as a string; meta names such as
    fx_period may be overridden too, for tests of the reader); `texts` fills fx_kommentar /
    fx_rapporterad_av (always as text, never a formula). `modified` (UTC; naive = UTC) is
    written as both dcterms:created and dcterms:modified; default `default_modified(period)`,
    so that output is byte-reproducible. The period is not checked against the plan here
    (tests write deliberately wrong files); `write_templates` checks it. `notes`: defined
    name -> the text of a note (cell comment) on that count cell (a prefilled start value
    names its source).
    """
    path = Path(path)
    values = dict(values or {})
    texts = dict(texts or {})
    if parse_period(period) is None:
        raise FinsamError(M.PERIOD_MALFORMED.format(period=period, exempel=f"{plan.ar}-03"))
    unknown = sorted((set(values) - set(contract.required_names(insats)))
                     | (set(texts) - set(contract.TEXT)))
    if unknown:  # a programming error (a typo in a test or the demo), not a user's mistake
        raise ValueError(f"not in the template of {insats.id}: {', '.join(unknown)}")
    modified = _utc(modified) if modified is not None else default_modified(period)
    try:
        with atomic_path(path) as tmp:
            _write_workbook(str(tmp), plan, insats, period, values, texts, modified, notes)
    except OSError as exc:
        raise FinsamError(M.TPL_WRITE_FAILED.format(path=path, error=os_error_text(exc))) \
            from None
    except Exception as exc:
        if type(exc).__module__.startswith("xlsxwriter"):
            raise FinsamError(M.TPL_WRITE_FAILED.format(path=path, error=os_error_text(exc))) \
                from None
        raise
    return path


def template_name(period: str, insats: Insats) -> str:
    return f"{period}_{insats.id}.xlsx"


def write_templates(plan: Plan, period: str, outdir: Path, prefill: dict | None = None,
                    force: bool = False) -> list[Path]:
    """One template per insats active in `period` (YYYY-MM in the plan year), written to
    `outdir` as `<period>_<insats-id>.xlsx`. Returns the paths in plan order. `prefill`:
    insats id -> (values, notes) written into that insats's template (`prefill.py`). An
    existing file of one of those names (a template a coordinator may already have filled
    in) is overwritten only with `force`; without it nothing is written (FinsamError)."""
    period = checked_period(period, plan.ar)
    _, month = year_month(period)
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise FinsamError(M.TPL_OUTDIR_NOT_DIR.format(outdir=outdir))
    taken = [template_name(period, i) for i in plan.active_insatser(month)
             if os.path.lexists(outdir / template_name(period, i))]
    if taken and not force:
        raise FinsamError(M.plural(M.TPL_EXISTS, len(taken)).format(
            outdir=outdir, n=len(taken), files=", ".join(taken[:3]) + (" …" if len(taken) > 3
                                                                      else "")))
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FinsamError(M.TPL_WRITE_FAILED.format(path=outdir,
                                                    error=os_error_text(exc))) from None
    paths = []
    for insats in plan.active_insatser(month):
        values, notes = (prefill or {}).get(insats.id, (None, None))
        paths.append(write_template(plan, insats, period, outdir / template_name(period, insats),
                                    values=values, notes=notes))
    return paths
