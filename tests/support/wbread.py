"""Reading the follow-up workbook back in tests (openpyxl, values as cached or as
LibreOffice recalculated them): tables by their header names, the goal blocks on Utfall,
the headline goals on Översikt, and exact comparison of what was read with truth.py."""

from __future__ import annotations

from datetime import datetime

HEADER_ROW = 4  # 1-based header row of the grid sheets
OV_GOAL_TITLE = "Förbundets mål: resultat över alla insatser som målet gäller"
UT_GOALS_TITLE = "Mål per insats"


def same(got, want) -> bool:
    """Exact for integers and text; floats to 1e-12 relative (the cached value is written
    with 17 significant digits, LibreOffice keeps a double); None means an empty cell."""
    if want is None:
        return got is None or got == ""  # an empty text and an empty cell look the same
    if isinstance(want, float):
        return isinstance(got, (int, float)) and abs(got - want) <= 1e-12 * max(1.0, abs(want))
    if isinstance(want, int) and not isinstance(want, bool):
        return isinstance(got, (int, float)) and not isinstance(got, bool) and got == want
    return got == want


def check(got: dict, want: dict, where: str):
    bad = {k: (got.get(k, "<no column>"), v) for k, v in want.items()
           if not same(got.get(k), v)}
    assert not bad, f"{where}: (got, want) {bad}"


def headers(ws, row: int) -> dict[str, int]:
    out = {}
    for c in range(1, ws.max_column + 1):
        v = ws.cell(row, c).value
        if v is not None:
            out[v] = c
    return out


def rows_under(ws, header_row: int, stop_col: int) -> list[dict]:
    """{header: value} for the rows under `header_row` until `stop_col` is empty."""
    head = headers(ws, header_row)
    out = []
    r = header_row + 1
    while ws.cell(r, stop_col).value not in (None, ""):
        out.append({h: ws.cell(r, c).value for h, c in head.items()})
        r += 1
    return out


def table(ws, header_row: int = HEADER_ROW, keys=("Insats",)) -> dict:
    """{key: row} for the rows under `header_row` until the first key column is empty; the
    key is the value of the `keys` columns (a tuple when there are several)."""
    col = headers(ws, header_row)[keys[0]]
    out = {}
    for row in rows_under(ws, header_row, col):
        key = tuple(row[k] for k in keys)
        out[key[0] if len(key) == 1 else key] = row
    return out


def find_row(ws, text, col=1) -> int:
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, col).value == text:
            return r
    raise AssertionError(f"{text!r} not found in {ws.title}")


def month_of(value) -> int:
    """Deltagarflöde's period cell (a date, or the serial number) -> its month."""
    if isinstance(value, datetime):
        return value.month
    raise AssertionError(f"not a date: {value!r}")


def goal_blocks(ws) -> list[dict]:
    """Every row of Utfall's goal blocks ("Mål N: ..." title, header, rows), in order, as
    {header: value} plus "block" (the title)."""
    out = []
    r = find_row(ws, UT_GOALS_TITLE) + 1
    end = ws.max_row
    while r <= end:
        title = ws.cell(r, 1).value
        if isinstance(title, str) and title.startswith("Mål ") and ":" in title:
            for row in rows_under(ws, r + 1, 1):
                row["block"] = title
                out.append(row)
        elif title == "Andel kvinnor":
            break
        r += 1
    return out


def headline(ws) -> list[dict]:
    """The headline goal rows of Översikt, {header: value}."""
    return rows_under(ws, find_row(ws, OV_GOAL_TITLE) + 1, 1)
