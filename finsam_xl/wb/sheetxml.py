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
           "_write_rows", "_write_row", "_escape_data")


class FastWorksheet(Worksheet):
    """An xlsxwriter Worksheet whose cell table is serialized by `_fast_rows`, with
    `put_columns` for the many plain cells of a long table."""

    def put_columns(self, first_row: int, columns: list) -> None:
        """Write a block of rows from `first_row` on, given column by column: `columns` is
        [(column, values, format)] in ascending column order, `values[i]` the cell in row
        `first_row + i`: a str (a shared string, as `write_string` stores it), an int (as
        `write_number`) or None (no cell); `format` one Format for the column or a list with
        one per row. The same table entries, shared-string order and dimensions as those
        calls made row by row, without their per-call layers; a block holding anything else
        (a long string, a float, a position outside the sheet) takes the public methods."""
        n = len(columns[0][1]) if columns else 0
        if not n:
            return
        last_row = first_row + n - 1
        if not self._block_ok(first_row, last_row, columns):
            return put_columns_public(self, first_row, columns)
        cols = [(col, values, fmt, None) if not isinstance(fmt, (list, tuple)) else
                (col, values, None, fmt) for col, values, fmt in columns]
        sst = self.str_table._get_shared_string_index
        string_t, number_t = CellStringTuple, CellNumberTuple
        table = self.table
        rows_used = []
        for i in range(n):
            row = {}
            for col, values, fmt, fmts in cols:
                v = values[i]
                if v is None:
                    continue
                f = fmt if fmts is None else fmts[i]
                row[col] = string_t(sst(v), f) if type(v) is str else number_t(v, f)
            if row:
                table[first_row + i].update(row)
                rows_used.append(first_row + i)
        if rows_used:
            used_cols = [col for col, values, _f in columns if any(v is not None for v in values)]
            self._check_dimensions(rows_used[0], used_cols[0])
            self._check_dimensions(rows_used[-1], used_cols[-1])

    def _block_ok(self, first_row: int, last_row: int, columns: list) -> bool:
        if CellStringTuple is None or self.constant_memory or first_row < 0 or \
                last_row >= self.xls_rowmax:
            return False
        longest = self.xls_strmax // 2
        previous = -1
        for col, values, fmt in columns:
            if not previous < col < self.xls_colmax or len(values) != last_row - first_row + 1:
                return False
            if isinstance(fmt, (list, tuple)) and len(fmt) != len(values):
                return False
            previous = col
            kinds = set(map(type, values))
            if not kinds <= {str, int, type(None)}:
                return False
            if str in kinds:
                strings = values if kinds == {str} else [v for v in values if type(v) is str]
                if max(map(len, strings)) > longest:
                    return False
        return True

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
        letters = [xl_col_to_name(c) for c in range((self.dim_colmax or 0) + 1)]
        styles: dict = {}  # format -> ' s="n"'
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
            for col_num, cell in sorted(cells.items()):
                kind = type(cell)
                fmt = cell.format
                if fmt is not None:
                    s = styles.get(fmt)
                    if s is None:
                        s = styles[fmt] = f' s="{fmt._get_xf_index()}"'
                    if kind is string_t:
                        out.append(
                            f'<c r="{letters[col_num]}{r}"{s} t="s"><v>{cell.string}</v></c>')
                        continue
                    if kind is number_t:
                        out.append(
                            f'<c r="{letters[col_num]}{r}"{s}><v>{cell.number:.16G}</v></c>')
                        continue
                    if kind is formula_t:
                        out.append(self._formula(f'r="{letters[col_num]}{r}"{s}', cell))
                        continue
                    if kind is blank_t:
                        out.append(f'<c r="{letters[col_num]}{r}"{s}/>')
                        continue
                if out:  # any other cell: xlsxwriter's own routine, in its place
                    write("".join(out))
                    out = []
                self._write_cell(row_num, col_num, cell)
            out.append("</row>")
            write("".join(out))

    def _formula(self, attr: str, cell) -> str:
        """xlsxwriter's <c><f>..</f><v>..</v></c> for a formula with its cached value (its
        own `_escape_data` for the text)."""
        value = cell.value
        if isinstance(value, bool):
            attr += ' t="b"'
            value = 1 if value else 0
        elif isinstance(value, str):
            if value in _ERROR_CODES:
                attr += ' t="e"'
            elif value != "":
                attr += ' t="str"'
            value = self._escape_data(value)
        return f"<c {attr}><f>{self._escape_data(cell.formula)}</f><v>{value}</v></c>"


def put_columns_public(ws, first_row: int, columns: list) -> None:
    """`FastWorksheet.put_columns` through the public methods, row by row (any worksheet)."""
    for i in range(len(columns[0][1]) if columns else 0):
        for col, values, fmt in columns:
            value = values[i]
            if value is None:
                continue
            f = fmt[i] if isinstance(fmt, (list, tuple)) else fmt
            if isinstance(value, str):
                ws.write_string(first_row + i, col, value, f)
            else:
                ws.write_number(first_row + i, col, value, f)


def _spans(table, first: int, last: int) -> dict[int, str]:
    """xlsxwriter's `_calculate_spans` (without comments): for each block of 16 rows, the
    1-based first:last column that holds a cell."""
    spans: dict[int, str] = {}
    lo = hi = -1  # first and last column of the current block's cells; -1: none yet
    current = -1  # the block of the rows seen so far
    for row_num in sorted(r for r in table if first <= r <= last and table[r]):
        block = row_num >> 4
        if lo >= 0 and block != current:
            spans[current] = f"{lo + 1}:{hi + 1}"
            lo = hi = -1
        current = block
        cols = table[row_num]
        a, b = min(cols), max(cols)
        lo = a if lo < 0 or a < lo else lo
        hi = b if b > hi else hi
    if lo >= 0:
        spans[current] = f"{lo + 1}:{hi + 1}"
    return spans
