"""The template's hidden sheet `Kontroll`: what `check` makes of each count cell, as formulas,
so that the template's own checks agree with `check` (issue 19: they said "Stämmer" for -3
and 2.5, which `check` rejects, and flagged "12" typed as text, which it accepts).

`check` (validate.parse_count) reads a count cell as: empty -> 0; a number -> itself when it
is whole and >= 0, else not a count; text -> stripped of surrounding white space (space, tab,
line breaks, no-break, narrow no-break and figure spaces), empty -> 0, digits -> their number,
digits grouped in threes by a space, no-break space or narrow no-break space ("1 200") ->
their number, anything else ("12,5", "ca 10", "-3", "1 20") not a count; a boolean or an
error value: not a count. One row per count cell here computes the same, in functions that
Excel, LibreOffice and Gnumeric evaluate alike (no regular expressions, no LET), with n =
the cell's text with each kind of white space made a space (the same length):

  B  first  position in n of its first non-space character (0: none, or not text)
  C  last   position of its last one (the last occurrence of that character, found by
            putting CHAR(2) in its place)
  D  shape  the text between them, no-break and narrow no-break spaces made spaces and
            every digit made "d"
  E  value  the number `check` reads, or -1 when it reads no count: for text, valid when
            `shape` is all "d", or is 1-3 "d" then " ddd" groups: its length L >= 5,
            MOD(L-1, 4) <= 2, and shape = REPT("d", MOD(L-1,4)+1) & REPT(" ddd", ...)

and B1 counts the cells that are no count (COUNTIF(E, "<0")). The report sheet's checks use
E instead of the cells: a guard when one is -1, sums over the values. The sheet holds no
text of a cell and no number of ten digits or more (a personnummer's length: such a count
is -1 here, and in `check` masked and so rejected when it is one), so nothing a coordinator
typed is copied to it beyond a count. Known differences from `check`: a date typed into a
count cell is a number to a formula (`check` rejects it, as does the cell's data validation
when typed), a count of ten digits or more that is no personnummer is -1, and digits other
than 0-9 (fullwidth) typed as text are no count here.

`values(v)` computes the same for a value written into the template, for the cached results
(a viewer that does not recalculate shows the same as Excel). The sheet is very hidden and
protected; the reader never opens it. Its name is `contract.CHECK_SHEET`.
"""

from __future__ import annotations

import math

from .. import contract
from ..printable import ooxml_text

# Made spaces to find the ends: `check`'s white space, and U+0001, which LibreOffice's formulas
# see for a tab in a cell that also holds a line break (its editing engine's field mark).
_SPACES = ("\t", "\n", "\r", "\u00a0", "\u202f", "\u2007", "\x01")
_SEPARATORS = ("\u00a0", "\u202f")  # a digit group's separators besides the space
_FIRST_ROW = 1  # 0-based row of the first count cell's helper row (row 0: the summary)
MAX_COUNT = 10 ** 9  # ten digits and more: a personnummer's length, never copied here


def values(v: object) -> tuple[int, int, str, float]:
    """(first, last, shape, value) of the formulas for a cell holding `v`."""
    text = v if isinstance(v, str) else None
    n = text or ""
    for ch in _SPACES:
        n = n.replace(ch, " ")
    core = n.strip(" ")
    first = n.index(core[0]) + 1 if core else 0
    last = n.rindex(core[-1]) + 1 if core else 0
    s = "" if not first or text is None else text[first - 1:last]
    for ch in _SEPARATORS:
        s = s.replace(ch, " ")
    shape = "".join("d" if ch in "0123456789" else ch for ch in s)
    return first, last, shape, _value(v, s, shape)


def _value(v: object, s: str, shape: str) -> float:
    if v is None:
        return 0
    if isinstance(v, bool):
        return -1
    if isinstance(v, (int, float)):
        ok = math.isfinite(v) and 0 <= v < MAX_COUNT and float(v).is_integer()
        return v if ok else -1
    if not isinstance(v, str):
        return -1
    if s == "":
        return 0
    size = len(shape)
    if shape == "d" * size or (size >= 5 and (size - 1) % 4 <= 2 and shape == "d" * (
            (size - 1) % 4 + 1) + " ddd" * ((size - 1) // 4)):
        digits = s.replace(" ", "")
        return int(digits) if len(digits) < len(str(MAX_COUNT)) else -1
    return -1


def _subst(expr: str, pairs) -> str:
    """SUBSTITUTE(...(expr, old, new)...) for each pair; `old` a string literal's text or a
    CHAR() call."""
    for old, new in pairs:
        literal = old if old.startswith("CHAR(") else f'"{old}"'
        expr = f'SUBSTITUTE({expr},{literal},"{new}")'
    return expr


def _char(ch: str) -> str:
    """A character in a formula: a control character as CHAR(n) (it cannot stand in XML),
    any other as itself."""
    return f"CHAR({ord(ch)})" if ord(ch) < 32 else ch


class Kontroll:
    """The hidden sheet, filled one count cell at a time (`add`), summed up by `finish`."""

    def __init__(self, wb) -> None:
        self.ws = wb.add_worksheet(contract.CHECK_SHEET)
        self.row = _FIRST_ROW
        self.refs: dict[str, str] = {}  # count name -> its value cell, 'Kontroll!$E$2'
        self.cached: dict[str, float] = {}

    def add(self, name: str, cell: str, v: object) -> None:
        """The helper row of the count cell `cell` ('Rapport!$B$12'), holding `v`."""
        from xlsxwriter.utility import xl_rowcol_to_cell

        r, ws = self.row, self.ws
        at = {c: xl_rowcol_to_cell(r, i) for i, c in enumerate("ABCDE")}
        first, last, shape, value = values(v)
        n = _subst(cell, [(_char(ch), " ") for ch in _SPACES])
        core, end = f"TRIM({n})", f"RIGHT(TRIM({n}),1)"
        ws.write_string(r, 0, name)
        ws.write_formula(r, 1, f'=IF(ISTEXT({cell}),IF({core}="",0,FIND(LEFT({core},1),{n})),0)',
                         None, first)
        ws.write_formula(r, 2, f'=IF({at["B"]}=0,0,FIND(CHAR(2),SUBSTITUTE({n},{end},CHAR(2),'
                               f'LEN({n})-LEN(SUBSTITUTE({n},{end},"")))))', None, last)
        middle = _subst(f'MID({cell},{at["B"]},{at["C"]}-{at["B"]}+1)',
                        [(ch, " ") for ch in _SEPARATORS])
        ws.write_formula(r, 3, f'=IF({at["B"]}=0,"",'
                               f'{_subst(middle, [(str(d), "d") for d in range(10)])})',
                         None, ooxml_text(shape))  # (xlsxwriter writes a cached text raw)
        size, digits = f'LEN({at["D"]})', f'SUBSTITUTE({middle}," ","")'
        grouped = (f'AND({size}>=5,MOD({size}-1,4)<=2,{at["D"]}=REPT("d",MOD({size}-1,4)+1)'
                   f'&REPT(" ddd",INT(({size}-1)/4)))')
        text = (f'IF({at["B"]}=0,0,IF(AND(OR({at["D"]}=REPT("d",{size}),{grouped}),'
                f'LEN({digits})<{len(str(MAX_COUNT))}),VALUE({digits}),-1))')
        ws.write_formula(r, 4, f'=IF(ISBLANK({cell}),0,IF(ISLOGICAL({cell}),-1,'
                               f'IF(ISNUMBER({cell}),IF(AND({cell}>=0,{cell}<{MAX_COUNT},'
                               f'{cell}=INT({cell})),{cell},-1),IF(ISTEXT({cell}),{text},-1))))',
                         None, value)
        self.refs[name] = f"{contract.CHECK_SHEET}!{xl_rowcol_to_cell(r, 4, True, True)}"
        self.cached[name] = value
        self.row += 1

    def counted(self, name: str) -> float:
        """What `check` counts for the cell (0 for one that is no count), as cached."""
        return max(0, self.cached[name])

    def bad(self, name: str) -> bool:
        return self.cached[name] < 0

    @property
    def count_ref(self) -> str:
        """The cell counting the count cells that are no count."""
        return f"{contract.CHECK_SHEET}!$B$1"

    def finish(self) -> int:
        """The summary row; hidden and protected. Returns how many cells are no count."""
        bad = sum(1 for v in self.cached.values() if v < 0)
        self.ws.write_string(0, 0, contract.CHECK_SHEET)
        self.ws.write_formula(0, 1, f'=COUNTIF(E{_FIRST_ROW + 1}:E{max(self.row, 2)},"<0")',
                              None, bad)
        self.ws.very_hidden()
        self.ws.protect("")
        return bad
