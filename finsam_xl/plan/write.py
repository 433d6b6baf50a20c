"""Writing the plan workbook from a `model.Plan`, in the layout of
`schema` (one column list per sheet, shared with the reader). xlsxwriter is imported here
only, when a plan is written: reading a plan never loads it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from .. import messages as M
from ..model import Plan
from .contributions import andel, bidrag, member_formulas
from .findings import PlanError
from .schema import (
    BUDGET,
    FORBUND,
    FORBUND_KEYS,
    INSATSER,
    JA,
    MAL,
    MEDLEMMAR,
    NEJ,
    NUM_FORMAT,
    ROW_ANGIVEN_SUMMA,
    ROW_SUMMA,
    ROW_TILLDELNING,
    VALIDATION_ROWS,
    Column,
    Table,
    year_header,
)


def write_plan(plan: Plan, path: str | Path) -> Path:
    """Write the plan workbook atomically and deterministically: the same
    plan always gives the same bytes (document dates fixed to 1 January of the plan year)."""
    import xlsxwriter

    from ..atomic import atomic_path

    path = Path(path)
    try:
        with atomic_path(path) as tmp:
            wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False,
                                                "strings_to_numbers": False,
                                                "strings_to_urls": False})
            _PlanWriter(wb, plan).write()
            wb.close()
    except Exception as exc:
        if not isinstance(exc, OSError) and not type(exc).__module__.startswith("xlsxwriter"):
            raise  # a bug, not the disk: reported as one (cli.FinsamGroup)
        from ..errors import os_error_text  # xlsxwriter wraps OS errors in its own

        raise PlanError(M.PLAN_WRITE_FAILED.format(path=path, orsak=os_error_text(exc))) \
            from None
    return path


def _span(first_row: int, last_row: int, col: int) -> str:
    """'C2:C8' (also for one row: 'C2:C2', as the SUM formulas have always been written)."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    return f"{xl_rowcol_to_cell(first_row, col)}:{xl_rowcol_to_cell(last_row, col)}"


class _PlanWriter:
    """Writes one plan into an open xlsxwriter Workbook. Rows and columns are 0-based, as
    xlsxwriter counts."""

    def __init__(self, wb: Any, plan: Plan):
        self.wb = wb
        self.plan = plan
        wb.set_properties({
            "title": M.PLAN_TITLE.format(namn=plan.namn, ar=plan.ar),
            "subject": M.PLAN_SUBJECT,
            "author": "finsam-xl",
            "created": datetime(plan.ar, 1, 1, 0, 0, 0),
        })
        base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
        self.f_head = wb.add_format({**base, "bold": True, "bg_color": "#DCE6F1",
                                     "bottom": 1, "text_wrap": True})
        self.f_text = wb.add_format({**base})
        self.f_key = wb.add_format({**base, "bold": True})
        self.f_int = wb.add_format({**base, "num_format": "0"})
        self.f_num = wb.add_format({**base, "num_format": NUM_FORMAT})
        self.f_pct = wb.add_format({**base, "num_format": "0 %"})
        self.f_input = wb.add_format({**base, "num_format": NUM_FORMAT, "bg_color": "#FFF2CC"})
        self.f_input_label = wb.add_format({**base, "bold": True, "bg_color": "#FFF2CC"})
        self.f_calc = wb.add_format({**base, "num_format": NUM_FORMAT, "bg_color": "#F2F2F2"})
        self.f_calc_andel = wb.add_format({**base, "num_format": "0.0", "bg_color": "#F2F2F2"})
        self.f_sum = wb.add_format({**base, "num_format": NUM_FORMAT, "bold": True, "top": 1,
                                    "bg_color": "#F2F2F2"})
        self.f_sum_andel = wb.add_format({**base, "num_format": "0.0", "bold": True, "top": 1,
                                          "bg_color": "#F2F2F2"})
        self.f_sum_label = wb.add_format({**base, "bold": True, "top": 1})
        self.number_formats = {"number": self.f_num, "int": self.f_int, "pct": self.f_pct}

    def write(self) -> None:
        self._forbund()
        self._rows(INSATSER, self.plan.insatser)
        self._rows(MAL, self.plan.mal)
        self._budget()
        self._medlemmar()

    # -- helpers
    def _text(self, ws: Any, r: int, c: int, value: object, fmt: Any = None) -> None:
        if value not in (None, ""):
            ws.write_string(r, c, str(value), fmt or self.f_text)

    def _number(self, ws: Any, r: int, c: int, value: object, fmt: Any = None) -> None:
        if value is not None:
            ws.write_number(r, c, value, fmt or self.f_num)

    def _value(self, ws: Any, r: int, c: int, column: Column, value: Any) -> None:
        """One value of a table row, as its column's style says."""
        if column.style in self.number_formats:
            self._number(ws, r, c, value, self.number_formats[column.style])
        elif column.style == "ja_nej":
            self._text(ws, r, c, JA if value else NEJ)
        elif column.style == "joined":
            self._text(ws, r, c, ", ".join(value))
        else:
            self._text(ws, r, c, value)

    def _sheet(self, table: Table, years: tuple[int, ...] = ()) -> Any:
        """A new sheet with `table`'s header row (and one column per year)."""
        ws = self.wb.add_worksheet(table.sheet)
        year_width = table.years.width if table.years else 0
        names = [c.name for c in table.columns] + [year_header(table, y) for y in years]
        widths = [c.width for c in table.columns] + [year_width] * len(years)
        for c, (name, width) in enumerate(zip(names, widths, strict=True)):
            ws.write_string(0, c, name, self.f_head)
            ws.set_column(c, c, width)
        # printable: landscape A4, one page wide, header row on every page
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
        return ws

    def _finish(self, ws: Any, table: Table) -> None:
        """The drop-down lists, then the number rules, of `table`'s columns; frozen panes."""
        for c, column in enumerate(table.columns):
            if column.choices:
                ws.data_validation(table.first_row, c, VALIDATION_ROWS, c,
                                   {"validate": "list", "source": list(column.choices)})
        for c, column in enumerate(table.columns):
            if column.rule:
                ws.data_validation(table.first_row, c, VALIDATION_ROWS, c, dict(column.rule))
        ws.freeze_panes(*table.freeze)

    # -- sheets
    def _forbund(self) -> None:
        ws = self._sheet(FORBUND)
        for r, key in enumerate(FORBUND_KEYS, start=1):
            value = getattr(self.plan, key.field)
            ws.write_string(r, 0, key.name, self.f_key)
            if key.style == "int":
                ws.write_number(r, 1, value, self.f_int)
            else:
                ws.write_string(r, 1, value, self.f_text)
            ws.write_string(r, 2, M.PLAN_FORBUND_HELP[key.name], self.f_text)
        self._finish(ws, FORBUND)

    def _rows(self, table: Table, items: tuple[object, ...]) -> None:
        """A table sheet with one row per item (an Insats, a Goal), a column per field."""
        ws = self._sheet(table)
        for r, item in enumerate(items, start=table.first_row):
            for c, column in enumerate(table.columns):
                self._value(ws, r, c, column, getattr(item, column.field))
        self._finish(ws, table)

    def _budget(self) -> None:
        p = self.plan
        years = p.budget_ar
        ws = self._sheet(BUDGET, years)
        first_year = len(BUDGET.columns)
        for r, row in enumerate(p.budget, start=BUDGET.first_row):
            for c, column in enumerate(BUDGET.columns):
                self._value(ws, r, c, column, getattr(row, column.field))
            for j, y in enumerate(years):
                self._number(ws, r, first_year + j, row.belopp.get(y))
        n = len(p.budget)
        r_sum, r_stated = n + 1, n + 2
        ws.write_string(r_sum, 0, ROW_SUMMA, self.f_sum_label)
        ws.write_blank(r_sum, 1, None, self.f_sum_label)
        ws.write_string(r_stated, 0, ROW_ANGIVEN_SUMMA, self.f_input_label)
        ws.write_blank(r_stated, 1, None, self.f_input_label)
        for j, y in enumerate(years):
            c = first_year + j
            total = sum(row.belopp.get(y) or 0 for row in p.budget)
            formula = f"=SUM({_span(1, n, c)})" if n else "=0"
            ws.write_formula(r_sum, c, formula, self.f_sum, total)
            self._input(ws, r_stated, c, p.budget_angiven_summa.get(y))
        self._finish(ws, BUDGET)

    def _input(self, ws: Any, r: int, c: int, value: int | None) -> None:
        """A stated total (yellow input cell), blank when the plan states none."""
        if value is None:
            ws.write_blank(r, c, None, self.f_input)
        else:
            ws.write_number(r, c, value, self.f_input)

    def _medlemmar(self) -> None:
        p = self.plan
        years = p.medlemmar_ar
        ws = self._sheet(MEDLEMMAR, years)
        first_year = len(MEDLEMMAR.columns)
        r_total = MEDLEMMAR.first_row - 1  # the allocation, between header and members
        ws.write_string(r_total, 0, ROW_TILLDELNING, self.f_input_label)
        for c in range(1, first_year):
            ws.write_blank(r_total, c, None, self.f_input_label)
        for j, y in enumerate(years):
            self._input(ws, r_total, first_year + j, p.tilldelning.get(y))
        formulas = member_formulas(p)
        for r, m in enumerate(p.medlemmar, start=MEDLEMMAR.first_row):
            for c, column in enumerate(MEDLEMMAR.columns):
                if column.style != "formula":
                    self._value(ws, r, c, column, getattr(m, column.field))
                elif (c, r) in formulas:  # andel
                    f, v = formulas[(c, r)]
                    ws.write_formula(r, c, f, self.f_calc_andel, v)
            for j, y in enumerate(years):
                c = first_year + j
                if y in m.bidrag:
                    ws.write_number(r, c, m.bidrag[y], self.f_num)
                elif (c, r) in formulas:
                    f, v = formulas[(c, r)]
                    ws.write_formula(r, c, f, self.f_calc, v)
        self._medlemmar_sum(ws)
        self._finish(ws, MEDLEMMAR)

    def _medlemmar_sum(self, ws: Any) -> None:
        """The Summa row below the members: population, shares and each year's bidrag."""
        p = self.plan
        n = len(p.medlemmar)
        first, last = MEDLEMMAR.first_row, MEDLEMMAR.first_row + n - 1
        r_sum = first + n
        c_bef, c_andel = MEDLEMMAR.index("befolkning"), MEDLEMMAR.index("andel")
        ws.write_string(r_sum, 0, ROW_SUMMA, self.f_sum_label)
        ws.write_blank(r_sum, 1, None, self.f_sum_label)
        if any(m.befolkning is not None for m in p.medlemmar):
            ws.write_formula(r_sum, c_bef, f"=SUM({_span(first, last, c_bef)})", self.f_sum,
                             sum(m.befolkning or 0 for m in p.medlemmar))
            andelar = [andel(m, p) for m in p.medlemmar]
            ws.write_formula(r_sum, c_andel, f"=SUM({_span(first, last, c_andel)})",
                             self.f_sum_andel,
                             float(sum(a for a in andelar if a is not None)))
        else:
            ws.write_blank(r_sum, c_bef, None, self.f_sum_label)
            ws.write_blank(r_sum, c_andel, None, self.f_sum_label)
        for j, y in enumerate(p.medlemmar_ar):
            c = len(MEDLEMMAR.columns) + j
            total = sum(bidrag(m, p, y) or 0 for m in p.medlemmar)
            formula = f"=SUM({_span(first, last, c)})" if n else "=0"
            ws.write_formula(r_sum, c, formula, self.f_sum, total)
