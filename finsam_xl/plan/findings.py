"""What is wrong with a plan, and where: the error a command raises (`PlanError`), one cell of
the workbook (`Cell`), what is wrong with one value before its place is known (`Problem`), and
the findings of one plan file in the order they are found (`Findings`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from .. import messages as M
from ..errors import FinsamError
from ..findings import Code, finding
from ..model import ERROR, Finding


class PlanError(FinsamError):
    """A plan cannot be loaded; the message is Swedish and names the file/sheet/cell."""


@dataclass(frozen=True)
class Cell:
    """One cell of the plan workbook, counted as openpyxl and Excel do (row 1 and column 1
    are A1). `str(cell)` is the address findings give: 'Medlemmar!E2'."""

    sheet: str
    row: int
    column: int

    def __str__(self) -> str:
        from openpyxl.utils.cell import get_column_letter  # loaded: the reader opened the file

        return f"{self.sheet}!{get_column_letter(self.column)}{self.row}"


@dataclass(frozen=True)
class Problem:
    """What is wrong with one value (a column's parser says it; the reader adds where).
    `code`: the registry's entry (findings.py), which also gives the severity."""

    code: Code
    text: str  # the Swedish reason, without the place
    value: object = None  # what the cell holds (or the item of a list that is wrong)
    expected: str | None = None


@dataclass
class Findings:
    """The findings of one plan file (`label`: the file as messages name it), in order."""

    label: str
    items: list[Finding] = field(default_factory=list)
    errors: int = 0  # how many of the items are errors

    def add(self, code: Code, text: str, *, sheet: str | None = None,
            cell: Cell | str | None = None, column: str | None = None, value: object = None,
            expected: str | None = None) -> None:
        """One finding of the registry's `code` (its code and severity). Its message names
        the file; with a sheet also the sheet; with a `Cell` and a column also the row, the
        column and the cell (M.PLAN_AT_CELL)."""
        message = text
        if sheet:
            if isinstance(cell, Cell) and column is not None:
                plats = M.PLAN_AT_CELL.format(fil=self.label, blad=sheet, rad=cell.row,
                                              kolumn=column, cell=cell)
            else:
                plats = M.PLAN_AT_SHEET.format(fil=self.label, blad=sheet)
            message = M.PLAN_FINDING.format(plats=plats, text=text)
        self.items.append(finding(code, self.label, message, field=column,
                                  cell=None if cell is None else str(cell),
                                  value=None if value is None else shown(value),
                                  expected=expected))
        if code.severity == ERROR:
            self.errors += 1

    def extend(self, findings: list[Finding]) -> None:
        self.items.extend(findings)
        self.errors += sum(f.severity == ERROR for f in findings)

    def at(self, cell: Cell, column: str, problems: Iterable[Problem]) -> None:
        """A finding for each of `problems` in `cell` of the column named `column`."""
        for p in problems:
            self.add(p.code, p.text, sheet=cell.sheet, cell=cell, column=column, value=p.value,
                     expected=p.expected)


def shown(value: object) -> str:
    """A cell value as text for a message."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()
