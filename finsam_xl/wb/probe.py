"""A runtime self-check of the fast cell writers (`sheetxml.FastWorksheet`, `common.Cells`),
which rely on xlsxwriter's private internals (setup.cfg bounds xlsxwriter to the versions
tested with them).

Once per process, before the first workbook is written, a small probe workbook holding
every kind of cell the follow-up workbook uses (strings, numbers, formulas with number,
text, boolean, error and empty cached values, formatted blanks, row attributes, a
`put_columns` block with gaps and per-row formats, enough rows for several span blocks) is
rendered in memory twice: with the fast writers and with xlsxwriter's own public methods.
Only when every part of the two files is the same, byte for byte, are the fast writers used;
on any difference (or any error in the fast path) the workbook is written by xlsxwriter's
own Worksheet, which gives the same file, only slower. Measured: about 5 ms, once.
"""

from __future__ import annotations

import functools
import io
import zipfile
from datetime import datetime

PROBE_CREATED = datetime(2000, 1, 1)


def _fill(ws, cells, bold, pct) -> None:
    cells.string(0, 0, "Rubrik & <mer>", bold)
    cells.string(0, 3, "  _x0041_ styr\x01tecken  ", pct)
    cells.number(1, 0, 1234567, pct)
    cells.number(1, 1, 0.1 + 0.2, pct)
    cells.number(1, 30, 1e20, bold)
    cells.formula(2, 0, '=IF(A2>0,"ja & nej","<nej>")', bold, "ja & nej")
    cells.formula(2, 1, "=A2/0", pct, "#DIV/0!")
    cells.formula(2, 2, "=A2>1", bold, True)
    cells.formula(2, 3, '=SUMIFS(A:A,B:B,"x")', pct, 0)
    cells.formula(2, 4, "=A2", pct, "")
    cells.formula(2, 5, "=A2*2", pct, 2.25)
    cells.blank(3, 0, None, bold)
    ws.set_row(4, 30)
    cells.columns(5, [(0, ["a", None, "Rubrik & <mer>"], bold),
                      (2, [1, 2, None], [pct, bold, pct])])
    for r in range(10, 45):
        cells.number(r, r % 5, r, pct)
    cells.formula(5, 3, '=SUMIFS(A:A,B:B,"<x & y>")', pct, "<x & y>")


def _fill_table(ws, cells, bold) -> None:
    """A table long enough for FastWorksheet.add_table's stretched ranges, with a gap."""
    ws.add_table(0, 0, 6, 2, {"name": "Prov", "style": "Table Style Light 9",
                              "columns": [{"header": h} for h in ("a", "b & c", "d")]})
    cells.columns(1, [(0, ["x", "y", None, "z", "x", "y"], bold),
                      (2, [1, 2, 3, None, 5, 6], bold)])


def _render(fast: bool) -> dict[str, bytes]:
    import xlsxwriter

    from .common import Cells
    from .sheetxml import FastWorksheet

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False,
                                   "strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"created": PROBE_CREATED})
    bold, pct = wb.add_format({"bold": True}), wb.add_format({"num_format": "0.0 %"})
    ws = wb.add_worksheet("Prov", worksheet_class=FastWorksheet) if fast else \
        wb.add_worksheet("Prov")
    _fill(ws, Cells(ws, fast), bold, pct)
    table = wb.add_worksheet("Tabell", worksheet_class=FastWorksheet) if fast else \
        wb.add_worksheet("Tabell")
    _fill_table(table, Cells(table, fast), bold)
    wb.close()
    with zipfile.ZipFile(buf) as z:
        return {name: z.read(name) for name in z.namelist()}


@functools.cache
def fast_writers_ok() -> bool:
    """True when the fast writers write exactly what xlsxwriter writes (see the module
    docstring); computed once per process."""
    try:
        return _render(True) == _render(False)
    except Exception:  # noqa: BLE001 - any failure of the fast path: use xlsxwriter's own
        return False
