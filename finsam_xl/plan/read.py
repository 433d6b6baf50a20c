"""Reading a plan workbook (openpyxl) into a `model.Plan` and the `Positions` of its values.

Sheets are found by name and columns by header (`schema`), so a kansli may move columns or
insert rows; each value is parsed by its column's parser. Every problem becomes a finding
(`Findings`) instead of an exception: `read_plan` raises one `PlanError` naming the first
and counting the rest, `checks.check_plan_file` lists them all. The stated totals are not
compared here (a plan whose totals do not add up is usable): `checks.check_sums` does that
over the plan and the positions this module returns.
"""

from __future__ import annotations

import errno
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from .. import findings as F
from .. import messages as M
from ..errors import os_error_text
from ..model import ERROR, BudgetRow, Goal, Insats, Member, Plan
from ..reader import guards
from .findings import Cell, Findings, PlanError, Problem, problem, shown
from .masking import masked_plan
from .schema import (
    BUDGET,
    FORBUND_KEYS,
    INSATSER,
    MAL,
    MEDLEMMAR,
    ROW_ANGIVEN_SUMMA,
    ROW_SUMMA,
    ROW_TILLDELNING,
    SHEET_BUDGET,
    SHEET_FORBUND,
    SHEET_INSATSER,
    SHEET_MAL,
    SHEET_MEDLEMMAR,
    SHEETS,
    Context,
    Table,
    norm,
)

MAX_PLAN_BYTES = 20 * 1024 * 1024  # a plan workbook is a few kB
MAX_PLAN_UNZIPPED = 200 * 1024 * 1024  # zip bombs
# The submission reader's guards (reader.guards) with a plan's limits.
PLAN_LIMITS = guards.Limits(file_bytes=MAX_PLAN_BYTES, entries=10000,
                            uncompressed=MAX_PLAN_UNZIPPED)


@dataclass(frozen=True)
class FormulaCell:
    """A contribution formula's cell and the value the file shows for it (cached by Excel
    or LibreOffice; None in a file no spreadsheet program has saved)."""

    cell: Cell
    shown: object


@dataclass(frozen=True)
class Positions:
    """Where the values of a Plan were read. Lists follow the plan's tuples (the i-th insats's
    cells are `insatser[i]`); dicts by year follow the year columns."""

    insatser: tuple[dict[str, Cell], ...] = ()  # field -> cell, per insats
    mal: tuple[dict[str, Cell], ...] = ()  # field -> cell, per goal
    budget_angiven: dict[int, Cell] = field(default_factory=dict)  # the stated totals
    tilldelning: dict[int, Cell] = field(default_factory=dict)  # the allocations
    medlemmar_summa: dict[int, Cell] = field(default_factory=dict)  # Medlemmar's Summa row
    # (member index, year) -> a contribution formula; filled when cached values are read
    bidrag_formulas: dict[tuple[int, int], FormulaCell] = field(default_factory=dict)


def read_plan(path: str | Path) -> Plan:
    """Read a plan workbook. Raises PlanError (Swedish, naming file, sheet and cell) when the
    file cannot be read or holds a structural error; stated totals that do not add up are
    left to `check_plan_file`."""
    path = Path(path)
    out = Findings(str(path))
    plan, _ = read_workbook(path, out)
    if plan is None:
        errors = [f for f in out.items if f.severity == ERROR]
        first = errors[0].message if errors else M.PLAN_UNREADABLE.format(
            fil=path, orsak=M.PLAN_UNREADABLE_NOT_XLSX)
        more = (M.PLAN_READ_FAILED_MORE.format(n=len(errors) - 1, fil=path)
                if len(errors) > 1 else "")
        raise PlanError(M.PLAN_READ_FAILED.format(fil=path, forsta=first) + more)
    return plan


def read_workbook(path: Path, out: Findings, *,
                  cached: bool = False) -> tuple[Plan | None, Positions]:
    """The plan in the workbook at `path` (None when it has an error) and where its values
    are; every problem is added to `out`. `cached`: also read the values a spreadsheet
    program cached for the contribution formulas (for `check_sums`)."""
    wb = _open(path, out)
    if wb is None:
        return None, Positions()
    sheets = {name: _sheet(wb, name, out) for name in SHEETS}
    ws = sheets[SHEET_FORBUND]
    forbund = None if ws is None else _read_forbund(ws, out)
    insatser, insats_ids = _read_insatser(sheets[SHEET_INSATSER], out)
    ws = sheets[SHEET_MAL]
    mal = None if ws is None else _good_rows(_read_table(ws, MAL, out, insats_ids))
    ws = sheets[SHEET_BUDGET]
    budget = None if ws is None else _read_budget(ws, out)
    ws = sheets[SHEET_MEDLEMMAR]
    values = (lambda: _load(path, data_only=True)) if cached else None
    members = None if ws is None else _read_medlemmar(ws, out, values)
    if out.errors or forbund is None or insatser is None or mal is None or budget is None \
            or members is None:
        return None, Positions()
    plan = masked_plan(Plan(
        **forbund, insatser=tuple(Insats(**r.values) for r in insatser),
        mal=tuple(Goal(**r.values) for r in mal), budget_ar=budget.years,
        budget=tuple(budget.rows), budget_angiven_summa=budget.angiven,
        medlemmar_ar=members.years, tilldelning=members.tilldelning,
        medlemmar=tuple(members.members)))
    return plan, Positions(insatser=tuple(r.cells for r in insatser),
                           mal=tuple(r.cells for r in mal), budget_angiven=budget.cells,
                           tilldelning=members.tilldelning_cells,
                           medlemmar_summa=members.sum_cells, bidrag_formulas=members.formulas)


# ----------------------------------------------------------------------------- the file


def _open(path: Path, out: Findings) -> Any:
    """The openpyxl workbook (formulas, not their values), or None with a plan-unreadable
    finding."""
    data, reason = _guarded(path)
    if data is not None:  # _guarded gives the bytes or the reason, never both
        try:
            return _load(io.BytesIO(data), data_only=False)
        except Exception as exc:  # noqa: BLE001 - any parser failure is "unreadable"
            reason = _load_failure(exc)
    out.add(F.PLAN_UNREADABLE, {"orsak": reason})
    return None


OTHER_FORMATS = (".xls", ".xlsm", ".xlsb", ".ods", ".csv")


def _guarded(p: Path) -> tuple[bytes | None, str | None]:
    """The file's bytes after the submission reader's guards (`reader.guards.checked_zip`:
    a regular file, its size, an OLE/CFB file, a zip, its central directory: entries, total
    size, compression ratio), with a plan's limits, and the check that it is a workbook; else
    the reason it is not one (a missing file, a folder or an empty file first, then another
    format by its name). openpyxl then parses these very bytes (through defusedxml: no
    DTD)."""
    problem: guards.FileError | None = None
    try:
        checked = guards.checked_zip(p, PLAN_LIMITS)
    except guards.Unreadable as exc:
        code = exc.error.errno
        return None, (M.PLAN_UNREADABLE_MISSING if code == errno.ENOENT else
                      M.PLAN_UNREADABLE_DIR if code == errno.EISDIR else
                      M.PLAN_UNREADABLE_OS.format(fel=os_error_text(exc.error)))
    except guards.Empty:
        return None, M.PLAN_UNREADABLE_EMPTY
    except guards.FileError as exc:
        problem = exc
    if p.suffix.lower() in OTHER_FORMATS:
        if problem is None:
            checked.zip.close()
        return None, M.PLAN_UNREADABLE_FORMAT.format(ext=p.suffix.lower())
    if problem is not None:
        return None, _problem_reason(problem)
    with checked.zip as z:
        if "xl/workbook.xml" not in z.namelist():
            return None, M.PLAN_UNREADABLE_NOT_XLSX
    return checked.data, None


def _problem_reason(problem: guards.FileError) -> str:
    """A guard's refusal as the reason a plan cannot be read (Swedish)."""
    if isinstance(problem, (guards.TooLarge, guards.ZipBomb)):
        return M.PLAN_UNREADABLE_TOO_BIG
    if isinstance(problem, guards.Encrypted) or \
            (isinstance(problem, guards.NotZip) and problem.kind == "cfb"):
        return M.PLAN_UNREADABLE_ENCRYPTED
    if isinstance(problem, guards.NotZip):
        return M.PLAN_UNREADABLE_NOT_XLSX
    reason = problem.reason if isinstance(problem, guards.Corrupt) else "crc"
    return M.PLAN_UNREADABLE_BROKEN.format(fel=M.READ_CORRUPT.get(reason, M.READ_CORRUPT["crc"]))


def _load(path: Path | BinaryIO, *, data_only: bool) -> Any:
    """openpyxl's workbook: the formulas, or (`data_only`) the values last computed."""
    import warnings

    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=data_only)


def _load_failure(exc: Exception) -> str:
    """The reason for a file openpyxl could not load."""
    from defusedxml import DefusedXmlException

    cause: BaseException | None = exc
    chain: list[BaseException] = []
    while cause is not None and len(chain) < 10:  # openpyxl wraps it in ValueError
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    if any(isinstance(e, DefusedXmlException) for e in chain):
        # openpyxl parses through defusedxml when it is installed (a hard dependency): an
        # entity or DTD declaration is refused, never expanded.
        return M.PLAN_UNREADABLE_DTD
    return M.PLAN_UNREADABLE_BROKEN.format(fel=type(exc).__name__)


def _sheet(wb: Any, name: str, out: Findings) -> Any:
    """The sheet `name` (also spelt otherwise: 'mal', 'MEDLEMMAR'), or None with a finding."""
    if name in wb.sheetnames:
        return wb[name]
    for s in wb.sheetnames:
        if norm(s) == norm(name):
            return wb[s]
    out.add(F.PLAN_MISSING_SHEET, {"blad": name}, sheet=name,
            cell=f"{name}!A1")
    return None


# ----------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class _Header:
    row: int
    columns: dict[str, int]  # normalised header -> column (1-based, as openpyxl counts)
    years: list[tuple[int, int]]  # (year, column) of the year columns, in order

    def column(self, name: str) -> int | None:
        return self.columns.get(norm(name))

    def required(self, name: str) -> int:
        """The column of a required header (`_header` has checked that it is there)."""
        return self.columns[norm(name)]

    def header_text(self, ws: Any, c: int) -> str:
        return shown(ws.cell(self.row, c).value)


def _header_row(ws: Any, anchor: str) -> int:
    """The first of the first ten rows that holds `anchor` (1 if none does)."""
    for r in range(1, min(ws.max_row, 10) + 1):
        for c in range(1, ws.max_column + 1):
            if norm(ws.cell(r, c).value) == anchor:
                return r
    return 1


def _header_year(value: object, key: str) -> int | None:
    """The year of a year column's header: 2025, '2025', 'belopp 2025', 'bidrag 2025'."""
    year = None
    if isinstance(value, (int, float)) and not isinstance(value, bool) \
            and float(value).is_integer():
        year = int(value)
    else:
        m = re.fullmatch(r"(?:belopp|bidrag)?_?(\d{4})", key)
        if m:
            year = int(m.group(1))
    return year if year is not None and 1900 <= year <= 2999 else None


def _header(ws: Any, table: Table, out: Findings) -> _Header | None:
    """The header row of `table`'s sheet, or None when a required column is missing (each
    missing column is a finding)."""
    from openpyxl.utils.cell import get_column_letter

    hrow = _header_row(ws, norm(table.columns[0].name))
    columns: dict[str, int] = {}
    years: list[tuple[int, int]] = []
    for c in range(1, ws.max_column + 1):
        v = ws.cell(hrow, c).value
        key = norm(v)
        if not key:
            continue
        year = _header_year(v, key)
        if year is None:
            columns.setdefault(key, c)
        elif year not in [y for y, _ in years]:
            years.append((year, c))
    missing = [col.name for col in table.required if norm(col.name) not in columns]
    rng = f"{table.sheet}!A{hrow}:{get_column_letter(max(ws.max_column, 1))}{hrow}"
    for name in missing:
        out.add(F.PLAN_MISSING_COLUMN, {"kolumn": name, "cell": rng},
                sheet=table.sheet, cell=rng, value=name)
    return None if missing else _Header(hrow, columns, years)


def _data_rows(ws: Any, header: _Header, columns: Iterable[int]) -> Iterator[int]:
    """The rows below the header that hold anything in `columns`."""
    columns = tuple(columns)
    for r in range(header.row + 1, ws.max_row + 1):
        if any(shown(ws.cell(r, c).value) for c in columns):
            yield r


def _label(ws: Any, r: int, columns: Iterable[int]) -> str:
    """A row's label (Summa, Tilldelning, ...): the first text in `columns`, normalised."""
    for c in columns:
        key = norm(ws.cell(r, c).value)
        if key:
            return key
    return ""


@dataclass(frozen=True)
class _Row:
    number: int
    values: dict[str, Any]  # field -> parsed value
    cells: dict[str, Cell]  # field -> cell
    ok: bool  # no error in the row


@dataclass(frozen=True)
class _Table:
    header: _Header
    rows: list[_Row]


def _read_table(ws: Any, table: Table, out: Findings,
                insats_ids: frozenset[str] | None = None) -> _Table | None:
    """Every data row of a sheet with one item per row (Insatser, Mål), each column parsed
    by its parser in column order. A row with an error is not read further than its
    required columns. None when a required column is missing."""
    header = _header(ws, table, out)
    if header is None:
        return None
    seen: dict[object, int] = {}
    rows = []
    for r in _data_rows(ws, header, header.columns.values()):
        errors = out.errors
        values: dict[str, Any] = {}
        cells: dict[str, Cell] = {}
        for column in table.columns:
            if column.optional and out.errors > errors:
                break
            c = header.column(column.name)
            if c is None:  # an optional column the file does not have
                values[column.field] = None
                continue
            cells[column.field] = cell = Cell(table.sheet, r, c)
            value, problems = column.parse(ws.cell(r, c).value,
                                           Context(column.name, values, insats_ids))
            if column.unique and not problems:
                problems = _unique(value, r, seen)
            out.at(cell, column.name, problems)
            values[column.field] = value
        rows.append(_Row(r, values, cells, out.errors == errors))
    return _Table(header, rows)


def _unique(value: object, r: int, seen: dict[object, int]) -> tuple[Problem, ...]:
    """An id used on an earlier row of the sheet (`seen`: id -> row) is a duplicate."""
    if value in seen:
        return (problem(F.PLAN_DUPLICATE_ID, value, forsta=seen[value]),)
    seen[value] = r
    return ()


def _good_rows(table: _Table | None) -> list[_Row] | None:
    """The rows of a table, or None when it or one of its rows has an error."""
    if table is None or not all(r.ok for r in table.rows):
        return None
    return table.rows


def _read_insatser(ws: Any, out: Findings) -> tuple[list[_Row] | None, frozenset[str] | None]:
    """The insatser, and the ids on the sheet (for the goals; None if it has no table)."""
    table = None if ws is None else _read_table(ws, INSATSER, out)
    if table is None:
        return None, None
    ids = frozenset(str(r.values["id"]) for r in table.rows)
    if not table.rows:
        out.add(F.PLAN_MISSING_VALUE, template=M.PLAN_NO_INSATSER, sheet=SHEET_INSATSER,
                cell=Cell(SHEET_INSATSER, table.header.row + 1, 1), column="id")
        return None, ids
    return _good_rows(table), ids


# ----------------------------------------------------------------------------- Förbund


def _read_forbund(ws: Any, out: Findings) -> dict[str, Any] | None:
    """{field: value} of the Förbund keys (column A key, column B value), or None."""
    keys = {norm(k.name): k for k in FORBUND_KEYS}
    found: dict[str, tuple[object, int]] = {}
    for r in range(1, ws.max_row + 1):
        key = keys.get(norm(ws.cell(r, 1).value))
        if key is not None and key.name not in found:
            found[key.name] = (ws.cell(r, 2).value, r)
    for key in FORBUND_KEYS:
        if key.name not in found:
            out.add(F.PLAN_MISSING_VALUE, {"nyckel": key.name}, template=M.PLAN_MISSING_KEY,
                    sheet=SHEET_FORBUND, cell=f"{SHEET_FORBUND}!A1:A{max(ws.max_row, 1)}",
                    value=key.name)
    values: dict[str, Any] = {}
    ok = len(found) == len(FORBUND_KEYS)
    for key in FORBUND_KEYS:
        if key.name in found:
            raw, r = found[key.name]
            values[key.field], problems = key.parse(raw, Context(key.name, values))
            out.at(Cell(SHEET_FORBUND, r, 2), key.name, problems)
            ok = ok and not problems
    return values if ok else None


# ----------------------------------------------------------------------------- amounts


def _amounts(ws: Any, r: int, table: Table, header: _Header,
             out: Findings) -> tuple[dict[int, Any], bool]:
    """The year cells of row `r`: {year: whole number or None} for the cells that hold
    one, and whether every cell did. A formula's year is left out where a formula means
    "computed" (Medlemmar)."""
    assert table.years is not None
    amounts: dict[int, Any] = {}
    ok = True
    for y, c in header.years:
        raw = ws.cell(r, c).value
        if table.years.formulas and isinstance(raw, str) and raw.startswith("="):
            continue
        column = header.header_text(ws, c)
        x, problems = table.years.parse(raw, Context(column, {}))
        out.at(Cell(table.sheet, r, c), column, problems)
        if problems:
            ok = False
        else:
            amounts[y] = x
    return amounts, ok


@dataclass
class _Budget:
    years: tuple[int, ...]
    rows: list[BudgetRow] = field(default_factory=list)
    angiven: dict[int, int] = field(default_factory=dict)
    cells: dict[int, Cell] = field(default_factory=dict)  # year -> stated total


def _read_budget(ws: Any, out: Findings) -> _Budget | None:
    """The budget lines and the stated totals (row Angiven summa); row Summa is formulas."""
    header = _header(ws, BUDGET, out)
    if header is None:
        return None
    c_kst, c_namn = (header.required(c.name) for c in BUDGET.columns)
    kst_column, namn_column = BUDGET.columns
    summa, angiven = norm(ROW_SUMMA), norm(ROW_ANGIVEN_SUMMA)
    budget = _Budget(tuple(y for y, _ in header.years))
    ok = True
    used = [*header.columns.values(), *(c for _, c in header.years)]
    for r in _data_rows(ws, header, used):
        label = _label(ws, r, (c_kst, c_namn))
        if label == summa:
            continue
        amounts, good = _amounts(ws, r, BUDGET, header, out)
        ok = ok and good
        if label == angiven:
            budget.cells.update({y: Cell(SHEET_BUDGET, r, c) for y, c in header.years})
            budget.angiven.update({y: x for y, x in amounts.items() if x is not None})
            continue
        namn, problems = namn_column.parse(ws.cell(r, c_namn).value,
                                           Context(namn_column.name, {}))
        out.at(Cell(SHEET_BUDGET, r, c_namn), namn_column.name, problems)
        if problems:
            ok = False
            continue
        kst, _ = kst_column.parse(ws.cell(r, c_kst).value, Context(kst_column.name, {}))
        budget.rows.append(BudgetRow(str(kst), str(namn), amounts))
    return budget if ok else None


# ----------------------------------------------------------------------------- Medlemmar


@dataclass
class _Members:
    years: tuple[int, ...]
    members: list[Member] = field(default_factory=list)
    tilldelning: dict[int, int] = field(default_factory=dict)
    tilldelning_cells: dict[int, Cell] = field(default_factory=dict)
    sum_cells: dict[int, Cell] = field(default_factory=dict)
    formulas: dict[tuple[int, int], FormulaCell] = field(default_factory=dict)


def _read_medlemmar(ws: Any, out: Findings, values: Callable[[], Any] | None) -> _Members | None:
    """The members, their explicit amounts and the allocations (row Tilldelning); a
    contribution formula means "computed". `values` loads the cached values, kept with
    each formula's cell for `check_sums`."""
    header = _header(ws, MEDLEMMAR, out)
    if header is None:
        return None
    cached = values() if values is not None else None
    c_medlem = header.required(MEDLEMMAR.columns[0].name)
    summa, tilldelning = norm(ROW_SUMMA), norm(ROW_TILLDELNING)
    result = _Members(tuple(y for y, _ in header.years))
    ok = True
    used = [*header.columns.values(), *(c for _, c in header.years)]
    for r in _data_rows(ws, header, used):
        label = _label(ws, r, (c_medlem,))
        cells = {y: Cell(SHEET_MEDLEMMAR, r, c) for y, c in header.years}
        if label == summa:
            result.sum_cells.update(cells)
            continue
        errors = out.errors
        amounts, _ = _amounts(ws, r, MEDLEMMAR, header, out)
        amounts = {y: x for y, x in amounts.items() if x is not None}
        if label == tilldelning:
            result.tilldelning_cells.update(cells)
            result.tilldelning.update(amounts)
            ok = ok and out.errors == errors
            continue
        if cached is not None:
            _keep_formulas(ws, cached[ws.title], r, header, len(result.members), result)
        member = _member(ws, r, header, out, amounts)
        if out.errors > errors:
            ok = False
            continue
        result.members.append(member)
    return result if ok else None


def _keep_formulas(ws: Any, cached: Any, r: int, header: _Header, index: int,
                   result: _Members) -> None:
    """Row r's contribution formulas, with the values the file shows for them."""
    for y, c in header.years:
        raw = ws.cell(r, c).value
        if isinstance(raw, str) and raw.startswith("="):
            result.formulas[(index, y)] = FormulaCell(Cell(SHEET_MEDLEMMAR, r, c),
                                                      cached.cell(r, c).value)


def _member(ws: Any, r: int, header: _Header, out: Findings,
            amounts: dict[int, Any]) -> Member:
    """One member row's medlem, typ and befolkning (each parsed by its column)."""
    values: dict[str, Any] = {}
    for column in MEDLEMMAR.columns:
        c = header.column(column.name)
        if column.style == "formula" or c is None:
            continue
        values[column.field], problems = column.parse(ws.cell(r, c).value,
                                                      Context(column.name, values))
        out.at(Cell(SHEET_MEDLEMMAR, r, c), column.name, problems)
    return Member(bidrag=amounts, **values)
