"""A faster serializer for xlsxwriter's cell table: `FastWorksheet` writes `<sheetData>` rows
byte for byte as xlsxwriter's own `Worksheet._write_rows` does, at a fraction of its cost.

Why: the follow-up workbook holds about 110 cells per submission (the Data sheet's long table
is most of them). xlsxwriter serializes each cell through a generic routine (a list of
attribute pairs, an escaping regex per attribute, a class-name dispatch), which made its
`close()` the largest single step of `collect` (about a third of the run for 1 008 files).
Here the common cells (number, shared string, formula, blank) of rows without comments are
written with one f-string each; anything else (a rich string, an array formula, a boolean,
an error, a cell without a format of its own) goes through xlsxwriter's own `_write_cell`,
and a sheet that uses a feature this writer does not know (comments, in-line strings of
constant_memory mode, Excel 2010 row attributes) is written entirely by xlsxwriter.

The output is the same file either way: tests build the workbook with this class and with
xlsxwriter's plain Worksheet and compare every part byte for byte. The class relies on
xlsxwriter internals (`table`, `row_info`, `dim_*`, the cell namedtuples); if a future
xlsxwriter lacks one of them the plain method is used."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

try:
    from xlsxwriter.worksheet import (CellBlankTuple, CellFormulaTuple, CellNumberTuple,
                                      CellStringTuple)
    from xlsxwriter.utility import xl_col_to_name
except ImportError:  # pragma: no cover - another xlsxwriter version
    CellStringTuple = None

_ERROR_CODES = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"))
_NEEDED = ("table", "row_info", "comments", "dim_rowmin", "dim_rowmax", "default_row_height",
           "original_row_height", "excel_version", "constant_memory", "fh", "_write_cell",
           "_write_rows", "_write_row")


def _escape(text: str) -> str:
    """xlsxwriter's `_escape_data` for the text of <f> and <v>."""
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


class FastWorksheet(Worksheet):
    """An xlsxwriter Worksheet whose cell table is serialized by `_fast_rows`, with
    `put_row` for the many plain cells of a long table."""

    def put_row(self, row: int, cells: list) -> None:
        """Write `cells`, (column, value, format) in ascending column order, to `row`: a str
        value as `write_string` stores it (a shared string), an int as `write_number` does.
        The same table entries as those calls, without their per-call layers; anything else
        (a long string, a float, a position outside the sheet) takes the public method."""
        if CellStringTuple is None or self.constant_memory or \
                self._check_dimensions(row, cells[0][0]) or \
                self._check_dimensions(row, cells[-1][0]):
            return put_row_public(self, row, cells)
        sst = self.str_table._get_shared_string_index
        longest = self.xls_strmax // 2
        target = self.table[row]
        for col, value, fmt in cells:
            kind = type(value)
            if kind is str and len(value) <= longest:
                target[col] = CellStringTuple(sst(value), fmt)
            elif kind is int:
                target[col] = CellNumberTuple(value, fmt)
            else:
                put_row_public(self, row, [(col, value, fmt)])

    def _write_rows(self) -> None:
        if not self._fast_possible():
            return super()._write_rows()
        return self._fast_rows()

    def _fast_possible(self) -> bool:
        if CellStringTuple is None or any(not hasattr(self, a) for a in _NEEDED):
            return False
        return (not self.comments and not self.constant_memory and self.excel_version != 2010
                and self.default_row_height == self.original_row_height)

    def _fast_rows(self) -> None:
        table, row_info = self.table, self.row_info
        write = self.fh.write
        spans = _spans(table, self.dim_rowmin, self.dim_rowmax)
        cols: dict[int, str] = {}  # column number -> letters
        styles: dict[int, str] = {}  # id(format) -> ' s="n"'
        number_t, string_t = CellNumberTuple, CellStringTuple
        formula_t, blank_t = CellFormulaTuple, CellBlankTuple
        for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
            cells = table.get(row_num) if row_num in table else None
            if not cells:
                if row_num in row_info:  # a blank row with attributes only
                    self._write_row(row_num, spans.get(row_num >> 4), row_info[row_num],
                                    empty_row=True)
                continue
            span = spans.get(row_num >> 4)
            if row_num in row_info:
                self._write_row(row_num, span, row_info[row_num])
            elif span:
                write(f'<row r="{row_num + 1}" spans="{span}">')
            else:
                write(f'<row r="{row_num + 1}">')
            r = str(row_num + 1)
            out = []
            for col_num in sorted(cells):
                cell = cells[col_num]
                fmt = cell.format
                kind = type(cell)
                if fmt is None or kind not in (number_t, string_t, formula_t, blank_t):
                    if out:
                        write("".join(out))
                        out = []
                    self._write_cell(row_num, col_num, cell)
                    continue
                s = styles.get(id(fmt))
                if s is None:
                    s = styles[id(fmt)] = f' s="{fmt._get_xf_index()}"'
                col = cols.get(col_num)
                if col is None:
                    col = cols[col_num] = xl_col_to_name(col_num)
                if kind is string_t:
                    out.append(f'<c r="{col}{r}"{s} t="s"><v>{cell.string}</v></c>')
                elif kind is number_t:
                    out.append(f'<c r="{col}{r}"{s}><v>{cell.number:.16G}</v></c>')
                elif kind is formula_t:
                    out.append(_formula(f'r="{col}{r}"{s}', cell))
                else:
                    out.append(f'<c r="{col}{r}"{s}/>')
            out.append("</row>")
            write("".join(out))


def put_row_public(ws, row: int, cells: list) -> None:
    """`FastWorksheet.put_row` through the public methods (any worksheet)."""
    for col, value, fmt in cells:
        if isinstance(value, str):
            ws.write_string(row, col, value, fmt)
        else:
            ws.write_number(row, col, value, fmt)


def _formula(attr: str, cell) -> str:
    """xlsxwriter's <c><f>..</f><v>..</v></c> for a formula with its cached value."""
    value = cell.value
    if isinstance(value, bool):
        attr += ' t="b"'
        value = 1 if value else 0
    elif isinstance(value, str):
        if value in _ERROR_CODES:
            attr += ' t="e"'
        elif value != "":
            attr += ' t="str"'
        value = _escape(value)
    return f"<c {attr}><f>{_escape(cell.formula)}</f><v>{value}</v></c>"


def _spans(table, first: int, last: int) -> dict[int, str]:
    """xlsxwriter's `_calculate_spans` (without comments): for each block of 16 rows, the
    1-based first:last column that holds a cell."""
    spans: dict[int, str] = {}
    lo = hi = None
    for row_num in sorted(r for r in table if first <= r <= last and table[r]):
        block = row_num >> 4
        if lo is not None and block != current:
            spans[current] = f"{lo + 1}:{hi + 1}"
            lo = hi = None
        current = block
        cols = table[row_num]
        a, b = min(cols), max(cols)
        lo = a if lo is None or a < lo else lo
        hi = b if hi is None or b > hi else hi
    if lo is not None:
        spans[current] = f"{lo + 1}:{hi + 1}"
    return spans
