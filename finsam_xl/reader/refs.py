"""A1 cell references of a worksheet: 'XFD1048576' <-> (row, column), 1-based.

Standard library only (xlsxwriter.utility would do the same, but importing it loads all of
xlsxwriter, ~27 ms, too much for `check`'s start-up)."""

from __future__ import annotations

import re

MAX_ROW = 1048576
MAX_COL = 16384
MAX_CELL_CHARS = 32767  # the most text a cell holds in Excel (and in the follow-up workbook)

_CELL_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


def col_index(letters: str) -> int:
    """'A' -> 1, 'xfd' -> 16384 (letters only; not checked against MAX_COL)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def col_letters(n: int) -> str:
    """1 -> 'A', 16384 -> 'XFD'."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def split_cell(ref: str) -> tuple[int, int] | None:
    """'B15' or '$b$15' -> (15, 2); None for anything that is not a cell of a sheet."""
    m = _CELL_RE.match(ref)
    if not m:
        return None
    col, row = col_index(m.group(1)), int(m.group(2))
    if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COL):
        return None
    return row, col


def cell_ref(row: int, col: int) -> str:
    """(15, 2) -> 'B15'."""
    return f"{col_letters(col)}{row}"


def whole_number(text: str | None) -> int | None:
    """An attribute's ASCII digits ('15') as an int; None for anything else ('', '1.5',
    '²' -- which str.isdigit accepts and int() refuses)."""
    if text and text.isascii() and text.isdigit():
        return int(text)
    return None
