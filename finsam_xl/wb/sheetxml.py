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
    from xlsxwriter.utility import xl_col_to_name, xl_range
    from xlsxwriter.worksheet import (
        CellBlankTuple,
        CellFormulaTuple,
        CellNumberTuple,
        CellStringTuple,
    )
except ImportError:  # pragma: no cover - another xlsxwriter version
    CellStringTuple = None

_ERROR_CODES = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"))
_NEEDED = ("table", "row_info", "comments", "dim_rowmin", "dim_rowmax", "default_row_height",
           "original_row_height", "excel_version", "constant_memory", "fh", "_write_cell",
           "_write_rows", "_write_row", "_escape_data")


class _Block:
    """A `put_columns` block kept column by column until the sheet is written: `cols` is
    [(column, values, format, formats per row or None, ids)], `ids[i]` the shared-string
    index (for a str value) or the number of row `first + i`, None for no cell; `lo[i]`,
    `hi[i]`: the first and last column of row i's cells (None when it has none); `done`: the
    rows whose cells went into the table at once."""

    __slots__ = ("first", "n", "cols", "lo", "hi", "done", "rendered")

    def __init__(self, first: int, n: int, cols: list):
        self.first, self.n, self.cols = first, n, cols
        self.lo: list[int | None] = [None] * n
        self.hi: list[int | None] = [None] * n
        self.done: set[int] = set()
        self.rendered: list[str] | None = None  # its rows' cells as XML (`_columnwise`)

    @staticmethod
    def cell(col: int, value, x, fmt):
        return CellStringTuple(x, fmt) if type(value) is str else CellNumberTuple(x, fmt)

    def cells(self, i: int) -> dict:
        """Row `i`'s cells as xlsxwriter's table holds them."""
        return {col: self.cell(col, values[i], ids[i], fmt if fmts is None else fmts[i])
                for col, values, fmt, fmts, ids in self.cols if ids[i] is not None}

    def used(self, i: int) -> bool:
        return self.lo[i] is not None


class FastWorksheet(Worksheet):
    """An xlsxwriter Worksheet whose cell table is serialized by `_fast_rows`, with
    `put_columns` for the many plain cells of a long table."""

    def __init__(self) -> None:
        super().__init__()
        self._blocks: list[_Block] = []

    def put_columns(self, first_row: int, columns: list) -> None:
        """Write a block of rows from `first_row` on, given column by column: `columns` is
        [(column, values, format)] in ascending column order, `values[i]` the cell in row
        `first_row + i`: a str (a shared string, as `write_string` stores it), an int (as
        `write_number`) or None (no cell); `format` one Format for the column or a list with
        one per row. The same table entries, shared-string order and dimensions as those
        calls made row by row, without their per-call layers; a block holding anything else
        (a long string, a float, a position outside the sheet) takes the public methods.

        The block is kept column by column (`_Block`) and rendered when the sheet is
        written, without a cell tuple per value: only its shared strings are numbered now,
        row by row, in the order those calls would number them. A row that already holds
        cells gets the block's cells in the table at once (the block's win); cells written
        into the block's rows later win over the block's (`_row_cells`), as later writes do.
        Anything of xlsxwriter that reads the table (a chart's data, autofit, hyperlinks,
        its own row writer) first gets the block put into it (`_materialise`)."""
        n = len(columns[0][1]) if columns else 0
        if not n:
            return
        last_row = first_row + n - 1
        if not self._block_ok(first_row, last_row, columns):
            return put_columns_public(self, first_row, columns)
        cols = [(col, values, fmt, None) if not isinstance(fmt, (list, tuple)) else
                (col, values, None, fmt) for col, values, fmt in columns]
        block = _Block(first_row, n, [(col, values, fmt, fmts, [None] * n)
                                      for col, values, fmt, fmts in cols])
        sst = self.str_table._get_shared_string_index
        table = self.table
        rows_used = []
        lo, hi = block.lo, block.hi
        for i in range(n):
            row = first_row + i
            for col, values, _fmt, _fmts, ids in block.cols:
                v = values[i]
                if v is None:
                    continue
                ids[i] = sst(v) if type(v) is str else v
                if lo[i] is None:
                    lo[i] = col
                hi[i] = col
            if lo[i] is not None:
                rows_used.append(row)
                if row in table:  # a row written before: the block's cells go in now
                    table[row].update(block.cells(i))
                    block.done.add(i)
        self._blocks.append(block)
        if rows_used:
            used_cols = [col for col, values, _f in columns if any(v is not None for v in values)]
            self._check_dimensions(rows_used[0], used_cols[0])
            self._check_dimensions(rows_used[-1], used_cols[-1])

    def add_table(self, first_row, first_col, last_row=None, last_col=None, options=None):
        """xlsxwriter's add_table, which records every cell of the table's range against
        later overlaps (91 000 dictionary entries for the Data table of 1 008 reports, 0.05 s):
        on a sheet with no merged range and no other table (nothing it could overlap), a
        table with a header row and no total row, data or column formulas is added over its
        first two rows and its ranges then stretched to `last_row` (what xlsxwriter writes of
        a table is those ranges). Anything else takes xlsxwriter's own method."""
        opts = options if options is not None else {}
        plain = (isinstance(first_row, int) and isinstance(first_col, int)
                 and isinstance(last_row, int) and isinstance(last_col, int)
                 and last_row > first_row + 1 and last_col >= first_col
                 and not self.merged_cells and not self.table_cells and not self.tables
                 and "data" not in opts and not opts.get("total_row")
                 and opts.get("header_row", True)
                 and not any(c.get("formula") for c in opts.get("columns", [])))
        if not plain:
            return super().add_table(first_row, first_col, last_row, last_col, options)
        result = super().add_table(first_row, first_col, first_row + 1, last_col, options)
        if self.tables:
            table = self.tables[-1]
            table["range"] = table["a_range"] = xl_range(first_row, first_col, last_row,
                                                          last_col)
            if table.get("autofilter"):
                table["autofilter"] = table["a_range"]
        return result

    def _materialise(self) -> None:
        """Put every kept block into the table, as cell tuples, under the cells written
        later (for whatever of xlsxwriter reads the table)."""
        blocks, self._blocks = self._blocks, []
        table = self.table
        for block in blocks:
            for i in range(block.n):
                if i in block.done:
                    continue
                cells = block.cells(i)
                if cells:
                    row = block.first + i
                    later = table.get(row) if row in table else None
                    table[row] = {**cells, **later} if later else cells

    def _get_range_data(self, *args):  # a chart's cached data
        self._materialise()
        return super()._get_range_data(*args)

    def autofit(self, *args, **kwargs):
        self._materialise()
        return super().autofit(*args, **kwargs)

    def _write_hyperlinks(self) -> None:
        if self.hyperlinks:
            self._materialise()
        return super()._write_hyperlinks()

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
            self._materialise()
            return super()._write_rows()
        return self._fast_rows()

    def _fast_possible(self) -> bool:
        if CellStringTuple is None or any(not hasattr(self, a) for a in _NEEDED):
            return False
        return (not self.comments and not self.constant_memory and self.excel_version != 2010
                and self.default_row_height == self.original_row_height)

    def _fast_rows(self) -> None:
        table, row_info = self.table, self.row_info
        kept = self._kept_rows()
        spans = _spans(table, self.dim_rowmin, self.dim_rowmax, kept)
        letters = [xl_col_to_name(c) for c in range((self.dim_colmax or 0) + 1)]
        styles: dict = {}  # format -> ' s="n"'
        for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
            cells = table.get(row_num) if row_num in table else None
            block = kept.get(row_num)
            if block is not None:
                b, i = block
                if cells:  # cells written into the block's row later: over the block's
                    cells = {**b.cells(i), **cells}
                elif b.used(i):
                    self._row_start(row_num, spans)
                    if b.rendered is None:
                        b.rendered = _columnwise(b, letters, styles, table) or []
                    if b.rendered:
                        self.fh.write(b.rendered[i] + "</row>")
                    else:
                        self._block_row(b, i, letters, styles)
                    continue
            if not cells:
                if row_num in row_info:  # a blank row with attributes only
                    self._write_row(row_num, spans.get(row_num >> 4), row_info[row_num],
                                    empty_row=True)
                continue
            self._row_start(row_num, spans)
            self._table_row(row_num, cells, letters, styles)

    def _kept_rows(self) -> dict:
        """{row: (block, its index in the block)} of the rows kept in blocks."""
        kept = {}
        for b in self._blocks:
            for i in range(b.n):
                if i not in b.done:
                    kept[b.first + i] = (b, i)
        return kept

    def _row_start(self, row_num: int, spans: dict) -> None:
        span = spans.get(row_num >> 4)
        if row_num in self.row_info:
            self._write_row(row_num, span, self.row_info[row_num])
        elif span:
            self.fh.write(f'<row r="{row_num + 1}" spans="{span}">')
        else:
            self.fh.write(f'<row r="{row_num + 1}">')

    def _table_row(self, row_num: int, cells: dict, letters: list, styles: dict) -> None:
        write = self.fh.write
        r = str(row_num + 1)
        out = []
        number_t, string_t = CellNumberTuple, CellStringTuple
        formula_t, blank_t = CellFormulaTuple, CellBlankTuple
        for col_num, cell in sorted(cells.items()):
            kind = type(cell)
            fmt = cell.format
            if fmt is not None:
                s = styles.get(fmt)
                if s is None:
                    s = styles[fmt] = f' s="{fmt._get_xf_index()}"'
                if kind is string_t:
                    out.append(f'<c r="{letters[col_num]}{r}"{s} t="s"><v>{cell.string}</v></c>')
                    continue
                if kind is number_t:
                    out.append(f'<c r="{letters[col_num]}{r}"{s}><v>{cell.number:.16G}</v></c>')
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

    def _block_row(self, b: _Block, i: int, letters: list, styles: dict) -> None:
        """Row `i` of a kept block, as `_table_row` renders the same cells."""
        write = self.fh.write
        r = str(b.first + i + 1)
        out: list[str] = []
        for col, values, fmt, fmts, ids in b.cols:
            x = ids[i]
            if x is None:
                continue
            f = fmt if fmts is None else fmts[i]
            if f is None:  # no format of its own: xlsxwriter's own routine, in its place
                if out:
                    write("".join(out))
                    out = []
                self._write_cell(b.first + i, col, b.cell(col, values[i], x, None))
                continue
            s = styles.get(f)
            if s is None:
                s = styles[f] = f' s="{f._get_xf_index()}"'
            if type(values[i]) is str:
                out.append(f'<c r="{letters[col]}{r}"{s} t="s"><v>{x}</v></c>')
            else:
                out.append(f'<c r="{letters[col]}{r}"{s}><v>{x:.16G}</v></c>')
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
            value = _escape(value)
        return f"<c {attr}><f>{_escape(cell.formula)}</f><v>{value}</v></c>"


def _escape(data: str) -> str:
    """xlsxwriter's XMLwriter._escape_data for a str, without a regular expression."""
    if "&" not in data and "<" not in data and ">" not in data:
        return data
    return data.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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


def _columnwise(b: _Block, letters: list, styles: dict, table) -> list[str] | None:
    """The cells of every row of a kept block as XML, rendered column by column (one list
    comprehension per column), when every cell has a format and every column one kind of
    value and no row was written into later; else None (the block is rendered row by row).
    The formats get their style numbers first, in the order row-by-row rendering would give
    them (`_get_xf_index` numbers a format when it is first asked)."""
    if any(b.first + i in table for i in range(b.n)):
        return None
    kinds = []
    for _col, values, fmt, fmts, _ids in b.cols:
        kind = {type(v) for v in values if v is not None}
        if (fmts is None and fmt is None) or (fmts is not None and None in fmts) or \
                not (kind <= {str} or kind <= {int}):
            return None
        kinds.append(str in kind)
    _number_styles(b, styles)
    rows = [str(b.first + i + 1) for i in range(b.n)]
    columns = []
    for (col, _values, fmt, fmts, ids), is_str in zip(b.cols, kinds, strict=True):
        ref = letters[col]
        each = [styles[fmt]] * b.n if fmts is None else [styles[f] for f in fmts]
        if is_str:
            columns.append([f'<c r="{ref}{r}"{st} t="s"><v>{x}</v></c>' if x is not None
                            else "" for r, st, x in zip(rows, each, ids, strict=True)])
        else:
            columns.append([f'<c r="{ref}{r}"{st}><v>{x:.16G}</v></c>' if x is not None
                            else "" for r, st, x in zip(rows, each, ids, strict=True)])
    return ["".join(cells) for cells in zip(*columns, strict=True)]


def _number_styles(b: _Block, styles: dict) -> None:
    """Ask each of the block's formats for its style number in row-by-row order, up to the
    last format first met (`styles`: format -> ' s="n"', as `_table_row` keeps it)."""
    pending = {f for _c, _v, fmt, fmts, _i in b.cols for f in ([fmt] if fmts is None else fmts)
               if f not in styles}
    for i in range(b.n):
        if not pending:
            return
        for _col, _values, fmt, fmts, ids in b.cols:
            f = fmt if fmts is None else fmts[i]
            if ids[i] is not None and f in pending:
                styles[f] = f' s="{f._get_xf_index()}"'
                pending.discard(f)


def _spans(table, first: int, last: int, kept: dict | None = None) -> dict[int, str]:
    """xlsxwriter's `_calculate_spans` (without comments): for each block of 16 rows, the
    1-based first:last column that holds a cell (in the table, or in a kept `_Block` row:
    `kept` as `FastWorksheet._kept_rows` gives it)."""
    ranges: dict[int, tuple[int, int]] = {}
    for row_num in (r for r in table if first <= r <= last and table[r]):
        cols = table[row_num]
        ranges[row_num] = (min(cols), max(cols))
    for row_num, (b, i) in (kept or {}).items():
        a, z = b.lo[i], b.hi[i]
        if a is not None and z is not None and first <= row_num <= last:
            old = ranges.get(row_num)
            ranges[row_num] = (a, z) if old is None else (min(old[0], a), max(old[1], z))
    spans: dict[int, str] = {}
    lo = hi = -1  # first and last column of the current block's cells; -1: none yet
    current = -1  # the block of the rows seen so far
    for row_num in sorted(ranges):
        block = row_num >> 4
        if lo >= 0 and block != current:
            spans[current] = f"{lo + 1}:{hi + 1}"
            lo = hi = -1
        current = block
        a, b = ranges[row_num]
        lo = a if lo < 0 or a < lo else lo
        hi = b if b > hi else hi
    if lo >= 0:
        spans[current] = f"{lo + 1}:{hi + 1}"
    return spans
