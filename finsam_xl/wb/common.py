"""Shared parts of the follow-up workbook: the Book context (data, formats, where each sheet
put its cells), cell-reference helpers and safe text writing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from .. import messages as M
from ..model import CollectResult, Goal, Insats
from .sheetxml import put_columns_public

if TYPE_CHECKING:  # for the annotations only (no stubs: to mypy they are Any)
    import pandas as pd
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

# insats id -> [(month, {name: n})]: aggregate.month_records, aggregate.flow_records
MonthRecords = dict[str, list[tuple[int, dict[str, int]]]]

# Header row (0-based) of every grid sheet; rows above hold the title and subtitle.
HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1
MONTHS = range(1, 13)

INJECTION_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell(row: int, col: int, absolute: bool = False) -> str:
    return xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute)


def key_cell(row: int, col: int) -> str:
    """A row's key cell as a formula of the same row refers to it ($A5): it travels with the
    row when the row is sorted."""
    return xl_rowcol_to_cell(row, col, row_abs=False, col_abs=True)


def rng(r1: int, c1: int, r2: int, c2: int, absolute: bool = False) -> str:
    return f"{cell(r1, c1, absolute)}:{cell(r2, c2, absolute)}"


def sheet_ref(sheet: str, ref: str) -> str:
    """'Sheet'!A1 with the sheet name always quoted (names hold å, ä, ö and spaces)."""
    return "'" + sheet.replace("'", "''") + "'!" + ref


def col_name(col: int) -> str:
    return xl_col_to_name(col)


def xl_text(text: str) -> str:
    """A text literal inside a formula."""
    return '"' + text.replace('"', '""') + '"'


def blank(value):
    """A cached value for xlsxwriter: None (an empty result) becomes ''."""
    return "" if value is None else value


# Width of a character of 10 pt text in column units (a unit is one digit of 11 pt, the
# workbook's default font), from DejaVu Sans's advance widths (LibreOffice's substitute for
# Calibri where Calibri and Carlito are missing; Calibri's proportions are within a few per
# cent of these). Characters not listed are 0.9 wide.
_GLYPHS = (("'", 0.39), ("ijl", 0.4), ("IJ", 0.42), (" ,.", 0.45), ("/:;\\|", 0.48),
           ("f", 0.5), ("-", 0.52), ("()[]t", 0.56), ("!", 0.57), ("r", 0.59), ('"', 0.66),
           ("*_`–", 0.71), ("s", 0.74), ("z", 0.75), ("?", 0.76), ("c", 0.79), ("L", 0.8),
           ("F", 0.82), ("k", 0.83), ("vxy", 0.85), ("P", 0.86), ("TYoö", 0.87),
           ("aeåäé", 0.88), ("E", 0.9), ("K", 0.94), ("ABVXZÅÄ", 0.98), ("R", 0.99),
           ("C", 1.0), ("U", 1.05), ("HN", 1.07), ("D", 1.1), ("&G", 1.11), ("OQÖ", 1.12),
           ("w", 1.17), ("#+<=>^~−", 1.2), ("M", 1.23), ("%", 1.36), ("m", 1.39), ("W", 1.41),
           ("@", 1.43))
_WIDTH = {c: w for chars, w in _GLYPHS for c in chars}
BOLD = 1.13  # bold text is this much wider (DejaVu Sans Bold)


def text_width(text: str, bold: bool = False) -> float:
    """The width of a line of 10 pt `text` in column units."""
    width = _WIDTH.get
    return sum(width(c, 0.9) for c in text) * (BOLD if bold else 1.0)


def wrapped_lines(text: str, width: float, bold: bool = False) -> int:
    """Number of lines of `text` (10 pt) wrapped at word boundaries in a column `width`
    units wide (measured with the glyph widths above; a word wider than the column takes as
    many lines as it needs). Row heights of wrapped text are set from this: Excel does not
    fit them when it opens a file."""
    space = text_width(" ", bold)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            w = text_width(word, bold)
            if used and used + space + w > width:
                lines += 1
                used = w
            else:
                used += (space if used else 0.0) + w
            while used > width > 0:  # a word wider than the column
                lines += 1
                used -= width
    return max(lines, 1)


def row_height(lines: int) -> float:
    return 12.75 * lines + 1


def fit_height(ws, row: int, pairs, minimum: int = 1, bold: bool = False) -> None:
    """Set `row`'s height for the wrapped texts in it: `pairs` of (text, column width).
    Excel does not fit row heights of wrapped text when it opens a file, so the writer
    does (a row of one line keeps the default height). LibreOffice fits a line of up to
    about the column's width; 0.3 of a unit is kept spare."""
    lines = max([minimum] + [wrapped_lines(t, w - 0.3, bold) for t, w in pairs if t])
    if lines > 1:
        ws.set_row(row, row_height(lines))


def serial(year: int, month: int) -> int:
    """Excel's date number of the first day of `month` (1900 date system)."""
    from datetime import date

    return (date(year, month, 1) - date(1899, 12, 30)).days


def date_formula(year: int, month: int) -> str:
    """The first of a month as a formula term: a numeric key no locale can misread."""
    return f"DATE({year},{month},1)"


class Formats:
    """The workbook's cell formats: Swedish number formats, readable in black and white."""

    INT = "# ##0"
    PCT = "0.0 %"

    def __init__(self, wb):
        base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}

        def f(**kw):
            return wb.add_format({**base, **kw})

        self.title = f(bold=True, font_size=14)
        self.subtitle = f(italic=True, font_color="#404040")
        self.note = f(italic=True, font_color="#404040", text_wrap=True)
        self.section = f(bold=True, font_size=11)
        self.header = f(bold=True, bg_color="#D9E1F2", bottom=1, text_wrap=True)
        self.header_num = f(bold=True, bg_color="#D9E1F2", bottom=1, text_wrap=True,
                            align="right")
        self.text = f()
        self.text_indent = f(indent=1, align="left")
        self.header_indent = f(bold=True, bg_color="#D9E1F2", bottom=1, text_wrap=True, indent=1,
                               align="left")
        # a header whose text runs on over the empty header cells to its right (not wrapped)
        self.header_run = f(bold=True, bg_color="#D9E1F2", bottom=1, indent=1, align="left")
        self.header_center = f(bold=True, bg_color="#D9E1F2", bottom=1, text_wrap=True,
                               align="center")
        self.text_q = f(quote_prefix=True)
        self.wrap = f(text_wrap=True)
        self.wrap_q = f(text_wrap=True, quote_prefix=True)
        self.center = f(align="center")
        self.int = f(num_format=self.INT)
        self.pct = f(num_format=self.PCT)
        self.int_calc = f(num_format=self.INT, font_color="#1F3864")
        self.center_calc = f(num_format=self.INT, font_color="#1F3864", align="center")
        self.pct_calc = f(num_format=self.PCT, font_color="#1F3864")
        self.status = f(align="center", bold=True, border=1)
        self.status_none = f(align="center", bold=True)  # no volume: no status, no box
        self.total_text = f(bold=True, top=1)
        self.total_int = f(bold=True, top=1, num_format=self.INT)
        self.total_pct = f(bold=True, top=1, num_format=self.PCT)
        self.total_blank = f(top=1)
        self.key = f(bold=True)
        self.key_wrap = f(bold=True, text_wrap=True)
        self.value_wrap = f(text_wrap=True)
        self.period = f(num_format="yyyy-mm", align="left")
        self.nr = f(align="center")
        self.wrap_indent = f(text_wrap=True, indent=1, align="left")
        self.total_wrap = f(bold=True, top=1, text_wrap=True)
        self.total_note = f(top=1, text_wrap=True, indent=1, align="left")
        self.status_goal = f(align="center", bold=True, border=1, text_wrap=True)
        self.grey = wb.add_format({"font_color": "#595959"})
        self.green = wb.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"})
        self.yellow = wb.add_format({"bg_color": "#FFEB9C", "font_color": "#7F4F00"})
        self.red = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})


def write_text(ws, row: int, col: int, text: str | None, fmt, fmt_q, write_string=None) -> None:
    """Text from a submission or a file name: always a string cell, never a formula or a link;
    text that a spreadsheet could read as a formula gets the quote prefix (OWASP).
    `write_string`: the sheet's `Cells.string`, when the caller has one."""
    text = "" if text is None else str(text)
    if text == "":
        return
    (write_string or ws.write_string)(row, col, text, text_format(text, fmt, fmt_q))


def text_format(text: str, fmt, fmt_q):
    """`fmt_q` (with the quote prefix) for text a spreadsheet could read as a formula."""
    return fmt_q if text.startswith(INJECTION_PREFIXES) else fmt


class Cells:
    """Cell writers for one worksheet with (row, col) arguments, for the many cells of the
    grid sheets: the same cells as `ws.write_string/number/formula`, at a fraction of the
    cost per call.

    - string, number, blank: xlsxwriter's methods behind the public ones (the public ones
      only add a wrapper that accepts "A1" notation).
    - columns: a block of string and number cells given column by column
      (`sheetxml.FastWorksheet.put_columns` when the sheet is one).
    - formula: xlsxwriter runs every formula through about 30 regular-expression
      substitutions (`_prepare_formula`) that prefix dynamic-array functions with `_xlfn.`.
      Formulas that hold none of those functions (everything this package writes: SUM,
      SUMIFS, COUNTIFS, IF, AND, MID, CHOOSE, ROUND, MIN, ...) come out of that unchanged
      but for the leading '=', so they are stored directly; any other formula takes the
      public path. Which functions a formula calls is read from the names before its '('
      and looked up among the names of xlsxwriter's own pattern (`_dynamic`: 0.7 µs a
      formula where the pattern's search took 2.7, the larger part of writing one;
      Deltagarflöde has 15 a row).
    Every fast path falls back to the public method when this xlsxwriter lacks the pieces it
    uses, so the file written is the same either way (tests compare the two)."""

    def __init__(self, ws, fast: bool = True):
        self.ws = ws
        self.string = ws.write_string
        self.number = ws.write_number
        self.blank = ws.write_blank
        self.formula = ws.write_formula
        self.columns = self._columns
        if not fast:
            return
        self.columns = getattr(ws, "put_columns", self._columns)
        self.string = getattr(ws, "_write_string", ws.write_string)
        self.number = getattr(ws, "_write_number", ws.write_number)
        self.blank = getattr(ws, "_write_blank", ws.write_blank)
        formula = _fast_formula(ws)
        if formula is not None:
            self.formula = formula

    def _columns(self, first_row: int, columns: list) -> None:
        put_columns_public(self.ws, first_row, columns)



_NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"


def _dynamic():
    """A test of whether a formula calls one of the dynamic-array functions of xlsxwriter's
    `re_dynamic_function` (alternatives `\\bNAME\\(`): the name before each '(' (the longest
    run of letters, digits and '_', as the pattern's \\b delimits it), looked up among those
    names. A pattern of another shape is searched as it is."""
    import re

    from xlsxwriter.worksheet import re_dynamic_function

    alternatives = [a.strip() for a in re_dynamic_function.pattern.split("|")]
    names = [m.group(1) for a in alternatives if (m := re.fullmatch(r"\\b(\w+)\\\(", a))]
    if not names or len(names) != len(alternatives) or \
            re_dynamic_function.flags & re.IGNORECASE:
        search = re_dynamic_function.search
        return lambda formula: search(formula) is not None
    known = frozenset(names)
    chars = _NAME_CHARS

    def dynamic(formula: str) -> bool:
        for piece in formula.split("(")[:-1]:
            if piece[len(piece.rstrip(chars)):] in known:
                return True
        return False

    return dynamic


def _fast_formula(ws):
    try:
        from xlsxwriter.worksheet import CellFormulaTuple, re_dynamic_function  # noqa: F401
    except ImportError:  # pragma: no cover - another xlsxwriter version
        return None
    table = getattr(ws, "table", None)
    check = getattr(ws, "_check_dimensions", None)
    if table is None or check is None or getattr(ws, "constant_memory", True) or \
            getattr(ws, "use_future_functions", True):
        return None
    slow = ws.write_formula
    dynamic = _dynamic()

    def write_formula(row: int, col: int, formula: str, cell_format=None, value=0):
        if (formula[:1] != "=" or "{" in formula or "}" in formula or "_xlfn." in formula
                or "INGLE(" in formula or dynamic(formula)):
            return slow(row, col, formula, cell_format, value)
        if check(row, col):
            return -1
        table[row][col] = CellFormulaTuple(formula[1:], cell_format, value)
        return 0

    return write_formula


@dataclass
class Book:
    """What the sheet writers share: input, aggregates, formats and cell positions."""

    result: CollectResult
    wb: Workbook
    fmt: Formats
    p: int  # month of P
    long: pd.DataFrame  # aggregate.long_frame
    wide: pd.DataFrame
    insatser: pd.DataFrame  # aggregate.insats_frame
    outcomes: pd.DataFrame
    goals: pd.DataFrame
    headline: pd.DataFrame  # aggregate.headline_frame
    grid: dict[str, list[str]]  # aggregate.submission_grid
    sheets: dict[str, Worksheet] = field(default_factory=dict)  # sheet name -> worksheet
    # where the sheet writers put their tables (0-based rows; a table's rows are found by
    # key, never by these positions, except to span the whole table)
    data_last_row: int = 1  # last row of the Data table body
    df_last: int = 0  # last row of Deltagarflöde's table (FIRST_ROW when it is empty)
    md_first: int = 0  # first insats row of Månadsdata's blocks
    md_last: int = 0  # last insats row of Månadsdata's blocks
    # Månadsdata's rows under the participant block: (new, enrolled, missing, chart label)
    md_trend: tuple[int, ...] = ()
    trend_months: list[int] = field(default_factory=list)  # months with a trend value
    in_last: int = 0  # last insats row of Inlämningar
    ut_goals: tuple[int, ...] = ()  # (first, last) row of Utfall's per-insats goal blocks
    ut_outcomes: tuple[int, ...] = ()  # (first, last) body row of Utfall's outcome table
    # the aggregates as plain Python values, converted once (see aggregate.month_records)
    months: MonthRecords = field(default_factory=dict)  # insats -> [(month, {name: n})]
    flows: MonthRecords = field(default_factory=dict)  # insats -> [(month, {flow column: n})]
    # insats -> its insats_frame row as a dict
    info: dict[str, dict[str, Any]] = field(default_factory=dict)
    # (insats, kategori) -> outcome row
    outcome_rows: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    pairs: list[tuple[Goal, Insats]] = field(default_factory=list)  # aggregate.goal_pairs
    changes: Any = None  # changes.Comparison with the workbook of an earlier period, or None
    last_year: Any = None  # fjol.LastYear: the previous plan year up to P's month, or None
    fast: bool = True  # Cells' fast paths, FastWorksheet (tests turn them off to compare)
    memo: dict = field(default_factory=dict)  # formula pieces built once (data.sumifs)

    @property
    def nr(self) -> dict:
        """insats id -> its number (1-based, the plan's order): every sheet's row key."""
        found = self.memo.get("nr")
        if found is None:
            found = self.memo["nr"] = {}
            for k, ins in enumerate(self.plan.insatser, start=1):
                found.setdefault(ins.id, k)
        return found

    def cells(self, ws) -> Cells:
        return Cells(ws, self.fast)

    @property
    def plan(self):
        return self.result.plan

    def ws(self, sheet: str):
        """The worksheet named `sheet` (a contract.WB_* name)."""
        return self.sheets[sheet]

    def month_label(self, month: int) -> str:
        return M.MANADER_KORT[month - 1]

    def subtitle(self) -> str:
        if self.p == 1:
            return M.WB_SUBTITLE_JAN.format(ar=self.plan.ar, period=self.result.period)
        return M.WB_SUBTITLE.format(manad=M.MANADER[self.p - 1], ar=self.plan.ar,
                                    period=self.result.period)

    def heading(self, ws, title: str) -> None:
        ws.write_string(0, 0, title, self.fmt.title)
        ws.write_string(1, 0, self.subtitle(), self.fmt.subtitle)

    def note(self, ws, text: str, last_col: int, height: float = 15, row: int = 2) -> None:
        """An explanatory line under the title, merged across the sheet's columns."""
        ws.merge_range(row, 0, row, last_col, "", self.fmt.note)
        ws.write_string(row, 0, text, self.fmt.note)
        ws.set_row(row, height)

    def page_setup(self, ws, header_row: int | None = HEADER_ROW, landscape: bool = True,
                   fit_height: int = 0) -> None:
        """A4, fit to the page's width, the footer; `header_row` repeated on every page
        (None for a sheet of several tables, whose headers differ)."""
        if landscape:
            ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.fit_to_pages(1, fit_height)
        if header_row is not None:
            ws.repeat_rows(header_row)
        forbund = self.plan.namn.replace("&", "&&")
        ws.set_footer(M.WB_FOOTER.format(forbund=forbund, period=self.result.period))
