"""How a finding names a submission's field and cell and shows a value found: the pieces
every rule shares. Standard library only."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from .. import findings as F
from .. import messages as M
from .. import pnr
from ..model import Finding, Submission
from ..printable import one_line

_CELL_RE = re.compile(r"^(.*)!\$?([A-Z]+)\$?(\d+)$")


def show(raw) -> str:
    """A value found, as text for a finding (any personnummer in it masked: a value found
    is copied into feedback, the workbook and the summary; control characters made visible,
    `printable.one_line`: a cell's line break must not split the file's one line)."""
    return one_line(pnr.mask(_show(raw)))


def _show(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return M.VAL_SANT if raw else M.VAL_FALSKT
    if isinstance(raw, float):
        return (f"{raw:g}").replace(".", ",")
    if isinstance(raw, datetime):
        return raw.strftime("%Y-%m-%d %H:%M") if (raw.hour or raw.minute) else raw.strftime(
            "%Y-%m-%d")
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, timedelta):
        minutes = round(raw.total_seconds()) // 60
        return f"{'-' if minutes < 0 else ''}{abs(minutes) // 60}:{abs(minutes) % 60:02d}"
    return str(raw)


def cell_text(sub: Submission, name: str) -> str:
    """'Rapport!C12' of `name`, or the text for an unknown cell."""
    return sub.cells.get(name) or M.VAL_CELL_UNKNOWN


def cells_text(sub: Submission, names) -> str:
    return ", ".join(cell_text(sub, n) for n in names)


def span(sub: Submission, names) -> str:
    """'Rapport!B20–B25' for more than two cells in one column, one after the other; else
    the cells listed."""
    parsed = _addresses([sub.cells.get(n) for n in names]) if len(names) > 2 else None
    if parsed and len({(sheet, col) for sheet, col, _row in parsed}) == 1:
        rows = [row for _sheet, _col, row in parsed]
        if rows == list(range(rows[0], rows[0] + len(rows))):
            sheet, col, _row = parsed[0]
            return f"{sheet}!{col}{rows[0]}–{col}{rows[-1]}"
    return cells_text(sub, names)


def _addresses(cells: list[str | None]) -> list[tuple[str, str, int]] | None:
    """(sheet, column, row) of every cell; None when one is unknown or not a cell."""
    out = []
    for c in cells:
        m = _CELL_RE.match(c) if c else None
        if m is None:
            return None
        out.append((m.group(1), m.group(2), int(m.group(3))))
    return out


def at(code: F.Code, sub: Submission, name: str | None, *, template: str | None = None,
       value=None, expected: str | None = None, **params: object) -> Finding:
    """A finding on the field `name` of `sub` (its label and cell), or on the file (None):
    `findings.finding` fills the message's file, field, cell, value (shown as text) and
    expected from these; `params` are its other placeholders."""
    return F.finding(code, sub.relpath, template=template,
                     field=M.field_label(name) if name else None,
                     cell=sub.cells.get(name) if name else None,
                     value=None if value is None else show(value), expected=expected, **params)
