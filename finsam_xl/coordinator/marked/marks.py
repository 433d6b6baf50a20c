"""The cells a marked copy marks: every cell named in a file's findings, with the severity
and the note text of the findings on it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ... import messages as M
from ...model import ERROR, FileReport
from ...reader.refs import col_index

_CELL_REF_RE = re.compile(r"^(?P<sheet>.+)!\$?(?P<c>[A-Z]{1,3})\$?(?P<r>\d+)"
                          r"(?:[–:-]\$?(?P=c)\$?(?P<r2>\d+))?$")


@dataclass
class Mark:
    row: int
    col: int
    severity: str  # ERROR when any finding on the cell is an error
    text: str  # the note: one line per finding


def marks(report: FileReport) -> dict[str, dict[tuple[int, int], Mark]]:
    """{sheet: {(row, col): Mark}} of every cell named in the report's findings."""
    out: dict[str, dict[tuple[int, int], Mark]] = {}
    for f in report.findings:
        for piece in (f.cell or "").split(", "):
            m = _CELL_REF_RE.match(piece.strip())
            if not m:
                continue
            col = col_index(m.group("c"))
            first = int(m.group("r"))
            for row in range(first, int(m.group("r2") or first) + 1):
                sheet = out.setdefault(m.group("sheet"), {})
                label = M.MARK_ERROR if f.severity == ERROR else M.MARK_WARNING
                line = label.format(text=f.message)
                mark = sheet.get((row, col))
                if mark is None:
                    sheet[(row, col)] = Mark(row, col, f.severity, line)
                elif line not in mark.text.split("\n"):
                    mark.text += "\n" + line
                    if f.severity == ERROR:
                        mark.severity = ERROR
    return out
