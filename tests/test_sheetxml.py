"""wb/sheetxml.FastWorksheet writes exactly the file xlsxwriter's own Worksheet writes: every
kind of cell, row attribute and block of `put_columns`, compared part by part, byte for
byte (the follow-up workbook itself is compared in test_parallel.py)."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from finsam_xl.wb.common import Cells
from finsam_xl.wb.sheetxml import FastWorksheet, put_columns_public

CREATED = datetime(2025, 4, 5, 6, 7, 8)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _book(path: Path, cls, fill) -> dict[str, bytes]:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                         "strings_to_formulas": False,
                                         "strings_to_urls": False})
    wb.set_properties({"created": CREATED})
    fmts = {"int": wb.add_format({"num_format": "# ##0"}),
            "bold": wb.add_format({"bold": True}),
            "q": wb.add_format({"quote_prefix": True}),
            "row": wb.add_format({"italic": True}),
            "col": wb.add_format({"font_color": "#404040"})}
    sheets = [wb.add_worksheet(name, worksheet_class=cls) for name in ("Ett", "Två", "Tom")]
    for ws in sheets:
        ws._test_book = wb  # for a test that adds a chart
    fill(sheets, fmts)
    wb.close()
    return _parts(path)


def _same(tmp_path: Path, fill) -> dict[str, bytes]:
    plain = _book(tmp_path / "plain.xlsx", Worksheet, fill)
    fast = _book(tmp_path / "fast.xlsx", FastWorksheet, fill)
    assert plain.keys() == fast.keys()
    for name in plain:
        assert fast[name] == plain[name], name
    return fast


def _every_kind(sheets, f):
    ws, ws2, rows_only = sheets
    rows_only.set_row(3, 40)  # a sheet with row attributes and no cell
    ws.write_string(0, 0, "Rubrik & <mer>", f["bold"])
    ws.write_string(0, 3, "  blanksteg  ", None)  # no format: xlsxwriter's own _write_cell
    ws.write_number(1, 0, 1234567, f["int"])
    ws.write_number(1, 1, 0.1 + 0.2, f["int"])  # 0.3 in 16 digits, not 0.30000000000000004
    ws.write_number(1, 2, 1e20, None)
    ws.write_number(1, 4, 1e20, f["int"])
    ws.write_number(1, 30, 3.5, f["bold"])  # a wide span
    ws.write_formula(2, 0, '=IF(A2>0,"ja & nej","<nej>")', f["bold"], "ja & nej")
    ws.write_formula(2, 1, "=A2/0", f["int"], "#DIV/0!")
    ws.write_formula(2, 2, "=A2>1", f["bold"], True)
    ws.write_formula(2, 3, "=A2>1", f["bold"], False)
    ws.write_formula(2, 4, "=SUM(A2:C2)", f["int"], 0)
    ws.write_formula(2, 5, "=A2", f["int"], "")
    ws.write_formula(2, 6, "=A2*2", f["int"], 2.25)
    ws.write_blank(3, 0, None, f["bold"])
    ws.write_blank(3, 1, None)  # no format: not written at all
    ws.write_boolean(3, 2, True, f["bold"])
    ws.write_rich_string(3, 3, "a ", f["bold"], "fet", " text", f["int"])
    ws.write_array_formula(4, 0, 4, 0, "{=SUM(B2:C2*2)}", f["int"], 7)
    ws.write_url(4, 1, "https://example.org/a?b=1&c=2", string="länk")
    ws.set_row(5, 30)  # a row with attributes and no cells
    ws.set_row(6, None, f["row"])  # a row format: cells without their own format use it
    ws.write_string(6, 1, "radformat")
    ws.set_column(7, 7, 12, f["col"])
    ws.write_string(8, 7, "kolumnformat")
    ws.set_row(9, 20, None, {"hidden": True, "level": 1})
    ws.write_number(9, 0, 9, f["int"])
    for r in range(10, 60):  # many rows: spans per block of 16
        ws.write_number(r, r % 5, r, f["int"])
        if r % 7 == 0:
            ws.write_string(r, 12, f"rad {r}", f["bold"])
    ws.merge_range(61, 0, 61, 3, "sammanfogad", f["bold"])
    ws.write_string(70, 2, "_x0041_ styr\x01tecken", f["bold"])
    ws2.write_string(3, 1, "Rubrik & <mer>", f["bold"])  # shared with sheet 1
    ws2.write_number(0, 0, 1, f["int"])


def test_every_kind_of_cell_and_row_is_written_as_xlsxwriter_writes_it(tmp_path, monkeypatch):
    slow = []
    plain_cell = Worksheet._write_cell

    def counted(self, row, col, cell):
        if isinstance(self, FastWorksheet):
            slow.append((self.name, row, col))
        return plain_cell(self, row, col, cell)

    monkeypatch.setattr(Worksheet, "_write_cell", counted)
    parts = _same(tmp_path, _every_kind)
    # only the cells without a format of their own and the rare kinds took xlsxwriter's
    # own path; every number, string, formula and formatted blank took the fast one
    assert slow == [("Ett", 0, 3), ("Ett", 1, 2), ("Ett", 3, 2), ("Ett", 3, 3), ("Ett", 4, 0),
                    ("Ett", 6, 1), ("Ett", 8, 7)]
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    assert '<c r="A3" s="2" t="str"><f>IF(A2&gt;0,"ja &amp; nej","&lt;nej&gt;")</f>' in sheet


def test_comments_leave_the_sheet_to_xlsxwriter(tmp_path):
    def fill(sheets, f):
        _every_kind(sheets, f)
        sheets[0].write_comment(2, 2, "En kommentar")

    _same(tmp_path, fill)


def _block(sheets, f):
    ws = sheets[0]
    ws.write_string(0, 0, "före", f["bold"])
    ws.write_string(2, 1, "skrivs över", f["bold"])  # earlier: the block wins
    ws.write_string(3, 3, "bredvid", f["bold"])  # earlier, beside the block: kept
    n = 40
    Cells(ws).columns(1, [
        (0, [f"insats-{i % 3}" for i in range(n)], f["bold"]),
        (1, ["2025-01" if i % 2 else "2025-02" for i in range(n)], None),
        (2, [i * 7 for i in range(n)], f["int"]),
        (4, [None if i % 4 == 0 else ("=start" if i % 5 == 0 else f"fil-{i}")
             for i in range(n)], [f["q"] if i % 5 == 0 else f["bold"] for i in range(n)]),
        (6, ["sha" * (i % 2 + 1) for i in range(n)], f["bold"]),
    ])
    ws.write_number(5, 2, -1, f["int"])  # later: the write wins
    ws.write_string(50, 9, "efter", None)
    sheets[1].write_string(0, 0, "insats-1", f["bold"])  # the shared-string table goes on


def test_put_columns_gives_the_table_of_row_by_row_writes(tmp_path):
    """A block with empty cells, one format per row, strings shared with other sheets, a cell
    written before it and one after it: the same file as the public methods row by row."""
    _same(tmp_path, _block)


def test_put_columns_is_in_use_and_keeps_the_public_path_for_the_rest(tmp_path):
    wb = xlsxwriter.Workbook(str(tmp_path / "probe.xlsx"))
    fast = wb.add_worksheet("a", worksheet_class=FastWorksheet)
    plain = wb.add_worksheet("b")
    assert Cells(fast).columns == fast.put_columns
    assert Cells(fast, fast=False).columns != fast.put_columns
    calls = []
    fast.write_string = lambda *a: calls.append(a)  # the public path is taken for:
    fast.put_columns(0, [(0, ["a", 1.5], None)])  # a float,
    fast.put_columns(0, [(0, ["x" * 40000], None)])  # a string longer than a cell holds,
    fast.put_columns(0, [(2, ["a"], None), (1, ["b"], None)])  # columns out of order
    fast.put_columns(1048575, [(0, ["a", "b"], None)])  # rows past the sheet's end
    assert [c[:3] for c in calls] == [(0, 0, "a"), (0, 0, "x" * 40000), (0, 2, "a"),
                                      (0, 1, "b"), (1048575, 0, "a"), (1048576, 0, "b")]
    put_columns_public(plain, 0, [(0, ["a", None, "c"], None), (1, [1, 2, 3], None)])
    assert sorted((r, c) for r in plain.table for c in plain.table[r]) == [
        (0, 0), (0, 1), (1, 1), (2, 0), (2, 1)]
    wb.close()


def test_a_block_rendered_column_by_column_numbers_its_styles_in_row_order(tmp_path,
                                                                          monkeypatch):
    """A block whose every cell has a format and whose columns each hold one kind of value
    is rendered column by column; formats first met in later rows, in either column, still
    get their style numbers in the order row-by-row writing gives them."""
    def fill(sheets, f):
        ws = sheets[0]
        n = 30
        Cells(ws).columns(0, [
            (0, [f"id-{i % 4}" if i % 6 else None for i in range(n)],
             [f["bold"] if i < 10 else f["q"] for i in range(n)]),
            (3, [i * 3 for i in range(n)],
             [f["int"] if i < 7 else (f["row"] if i < 20 else f["col"]) for i in range(n)]),
        ])
        ws.write_string(40, 0, "efter", f["bold"])

    from finsam_xl.wb import sheetxml

    rendered = []
    real = sheetxml._columnwise

    def columnwise(*args):
        rendered.append(real(*args))
        return rendered[-1]

    monkeypatch.setattr(sheetxml, "_columnwise", columnwise)
    _same(tmp_path, fill)
    assert len(rendered) == 1 and rendered[0] is not None and len(rendered[0]) == 30


@pytest.mark.parametrize("then", ["comment", "chart", "autofit", "url"])
def test_a_kept_block_is_put_into_the_table_where_xlsxwriter_reads_it(tmp_path, then):
    """put_columns keeps its block column by column until the sheet is written; whatever of
    xlsxwriter reads the cell table (the whole sheet when it has comments, a chart's cached
    data, autofit, hyperlinks) gets the block's cells first: the same file either way."""
    def fill(sheets, f):
        _block(sheets, f)
        ws = sheets[0]
        if then == "comment":
            ws.write_comment(7, 2, "En kommentar")  # the sheet is left to xlsxwriter
        elif then == "chart":
            chart = ws._test_book.add_chart({"type": "column"})
            chart.add_series({"values": "=Ett!$C$2:$C$41", "categories": "=Ett!$A$2:$A$41"})
            ws.insert_chart(1, 10, chart)
        elif then == "autofit":
            ws.autofit()
        else:
            ws.write_url(9, 8, "https://example.org/x", string="länk")

    _same(tmp_path, fill)


@pytest.mark.parametrize("n", [0, 1])
def test_empty_and_one_row_blocks(tmp_path, n):
    def fill(sheets, f):
        Cells(sheets[0]).columns(3, [(0, ["a"] * n, f["bold"]), (1, [5] * n, f["int"])])

    _same(tmp_path, fill)


# ----------------------------------------------------------------------------- self-check


def test_the_fast_writers_pass_their_self_check_with_this_xlsxwriter():
    from finsam_xl.wb import probe

    probe.fast_writers_ok.cache_clear()
    assert probe.fast_writers_ok() is True  # so the fast path is what CI tests


@pytest.mark.parametrize("breakage", ["different", "crash"])
def test_a_fast_writer_that_differs_is_not_used(tmp_path, monkeypatch, breakage):
    """An xlsxwriter whose internals changed: the probe sees a difference (or an error) and
    the workbook is written by xlsxwriter's own Worksheet, the same bytes as without fast
    writers."""
    from datetime import timezone

    from finsam_xl import run
    from finsam_xl.demo import write_demo_inbox
    from finsam_xl.plan import load_example
    from finsam_xl.run import period as clock
    from finsam_xl.wb import book, probe

    plan = load_example()
    write_demo_inbox(plan, tmp_path / "inbox")
    monkeypatch.setattr(clock, "now", lambda: datetime(2025, 4, 20, tzinfo=timezone.utc))
    result = run.gather(tmp_path / "inbox", plan)
    real = FastWorksheet._formula

    def changed(self, attr, cell):
        if breakage == "crash":
            raise AttributeError("an internal that moved")
        return real(self, attr, cell).replace("<v>", "<v >")

    monkeypatch.setattr(FastWorksheet, "_formula", changed)
    probe.fast_writers_ok.cache_clear()
    try:
        assert probe.fast_writers_ok() is False
        book.build(result, tmp_path / "checked.xlsx")
        book.build(result, tmp_path / "plain.xlsx", fast=False)
    finally:
        probe.fast_writers_ok.cache_clear()
    assert _parts(tmp_path / "checked.xlsx") == _parts(tmp_path / "plain.xlsx")
    monkeypatch.undo()
    book.build(result, tmp_path / "fast.xlsx")  # the real fast writers: the same file
    assert _parts(tmp_path / "fast.xlsx") == _parts(tmp_path / "plain.xlsx")
