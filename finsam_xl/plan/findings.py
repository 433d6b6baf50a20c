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
from ..findings import Code, plan_finding, render
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


def problem(code: Code, raw: object = None, expected: str | None = None, *,
            template: str | None = None, **params: object) -> Problem:
    """What is wrong with the value `raw`, in one of `code`'s messages (`findings.render`):
    its placeholder `value` is `raw` as shown, the others are `params`."""
    return Problem(code, render(code, template, **{"value": shown(raw), **params}), raw,
                   expected)


@dataclass
class Findings:
    """The findings of one plan file (`label`: the file as messages name it), in order."""

    label: str
    items: list[Finding] = field(default_factory=list)
    errors: int = 0  # how many of the items are errors

    def add(self, code: Code, params: dict[str, object] | None = None, *,
            template: str | None = None, sheet: str | None = None,
            cell: Cell | str | None = None, column: str | None = None, value: object = None,
            expected: str | None = None) -> None:
        """One finding of the registry's `code` (its code and severity), its text one of the
        code's messages (`template`) with `fil` (the file), `value` (as shown) and `params`
        filled in. The message names the file; with a sheet also the sheet; with a `Cell`
        and a column also the row, the column and the cell (M.PLAN_AT_CELL)."""
        self._add(code, render(code, template, **{"fil": self.label, "value": shown(value),
                                                  **(params or {})}),
                  sheet=sheet, cell=cell, column=column, value=value, expected=expected)

    def _add(self, code: Code, text: str, *, sheet: str | None, cell: Cell | str | None,
             column: str | None, value: object, expected: str | None) -> None:
        message = text
        if sheet:
            if isinstance(cell, Cell) and column is not None:
                plats = M.PLAN_AT_CELL.format(fil=self.label, blad=sheet, rad=cell.row,
                                              kolumn=column, cell=cell)
            else:
                plats = M.PLAN_AT_SHEET.format(fil=self.label, blad=sheet)
            message = M.PLAN_FINDING.format(plats=plats, text=text)
        self.items.append(plan_finding(code, self.label, message, field=column,
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
            self._add(p.code, p.text, sheet=cell.sheet, cell=cell, column=column, value=p.value,
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
