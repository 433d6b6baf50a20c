"""One OOXML cell -> one of the raw value types of model.py: None (empty), int (a number
with no fraction digits), float, str, bool, datetime (a date cell, or a number whose format
shows a date, in the workbook's 1900 or 1904 date system), timedelta (a number whose format
shows only a time), CellError ('#REF!') and UncachedFormula (a formula without a cached
value). The OpenDocument reader gives the same types (`ods.cell_value`).

Which formats are dates or times comes from the styles part (`style_kinds`, analysed once
per distinct part). Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, time, timedelta

from ..model import CellError, UncachedFormula
from .guards import Corrupt
from .package import memoised
from .refs import whole_number
from .safexml import ns_of, parse

INT_RE = re.compile(r"^-?[0-9]+$")
_XESC_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")

# A cell as a sheet holds it: (t attribute, <v> text, inline string text, style index,
# formula text); None for a cell the sheet does not hold.
RawCell = tuple[str | None, str | None, str | None, str | None, str | None]


def unescape(text: str) -> str:
    """OOXML ST_Xstring escapes: '_x000D_' -> '\\r'; '_x005F_' escapes an underscore."""
    if "_x" not in text:
        return text
    return _XESC_RE.sub(lambda m: chr(int(m.group(1), 16)), text)


def shared_index(cell: RawCell) -> int | None:
    """The shared-string index of a t="s" cell with a value; None for any other cell.
    Raises Corrupt('shared-string') for a t="s" value that is not an index."""
    t, v = cell[0], cell[1]
    if t != "s" or v is None or v == "":
        return None
    index = whole_number(v.strip())
    if index is None:
        raise Corrupt("shared-string")
    return index


def cell_value(cell: RawCell | None, strings: dict[int, str], kinds: dict[str, str] | None = None,
               date1904: bool = False) -> object:
    """The raw value of a cell. `strings`: the shared strings the cells use (every index
    `shared_index` gives); `kinds`: the date and time styles (`style_kinds`)."""
    if cell is None:
        return None
    t, v, inline, style, formula = cell
    if t == "inlineStr":
        text = inline if inline is not None else v
        return None if text is None else unescape(text)
    if v is None or (v == "" and t != "str"):
        return None if formula is None else UncachedFormula(formula.strip())
    if t == "s":
        index = shared_index(cell)
        return None if index is None else strings[index]
    if t == "str":
        return unescape(v)
    if t == "b":
        return v.strip() in ("1", "true")
    if t == "e":
        return CellError(v.strip())
    if t == "d":
        return _iso_date(v.strip())
    number = number_value(v.strip())
    if number is None:
        return unescape(v)
    if isinstance(number, str):
        return number
    if kinds and style in kinds:
        return serial_value(number, kinds[style], date1904)
    return number


def number_value(text: str) -> int | float | str | None:
    """A number's text -> int (no fraction digits) or float; the text itself for NaN or an
    infinity; None when it is no number."""
    if INT_RE.match(text):
        return int(text)
    try:
        number = float(text)
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return text
    return number


_MAX_SERIAL = 2958465  # 9999-12-31


def serial_value(number: int | float, kind: str, date1904: bool) -> object:
    """A spreadsheet serial number shown as a date ('date': datetime) or a time ('time':
    timedelta). A date-formatted number that is no valid date is a timedelta too, and a
    number too large for any (beyond 2.7 million years) stays the number."""
    try:
        seconds = round(number * 86400)
        if kind == "date" and 0 <= number <= _MAX_SERIAL:
            if date1904:
                base = datetime(1904, 1, 1)
            else:  # Excel counts a 29 February 1900 that never was: serials from 61 on
                base = datetime(1899, 12, 30) if number >= 61 else datetime(1899, 12, 31)
            return base + timedelta(seconds=seconds)
        return timedelta(seconds=seconds)
    except OverflowError:
        return number


def _iso_date(text: str) -> object:
    """A t="d" cell's ISO 8601 text -> datetime (a time only -> timedelta); text that is
    neither stays text."""
    try:
        return datetime.fromisoformat(text.removesuffix("Z"))
    except ValueError:
        pass
    try:
        tm = time.fromisoformat(text.removeprefix("T").removesuffix("Z"))
    except ValueError:
        return text
    return timedelta(hours=tm.hour, minutes=tm.minute, seconds=tm.second)


# ----------------------------------------------------------------------------- styles

# Built-in number formats (ECMA-376 18.8.30) that show a date or a time; 27-36 and 50-58 are
# the East Asian locales' date and time formats.
_BUILTIN_DATE = frozenset((14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52,
                           53, 54, 57, 58))
_BUILTIN_TIME = frozenset((18, 19, 20, 21, 32, 33, 45, 46, 47, 55, 56))
_FMT_LITERAL_RE = re.compile(r'"[^"]*"|\\.|[_*].')
_FMT_ELAPSED_RE = re.compile(r"\[(?:h+|m+|s+)\]", re.I)
_FMT_BRACKET_RE = re.compile(r"\[[^\]]*\]")


def format_kind(code: str) -> str | None:
    """'date', 'time' or None for a number format code: what Excel shows a number with that
    format as. Only the first section counts (the one for positive numbers); quoted text,
    escaped characters, fills and colours or locales in brackets are not format letters.
    y or d (or m without h and s) is a date; h, s or an elapsed [h]/[m]/[s] is a time."""
    first = _FMT_LITERAL_RE.sub("", code or "").split(";", 1)[0]
    elapsed = bool(_FMT_ELAPSED_RE.search(first))
    letters = _FMT_BRACKET_RE.sub("", first).lower()
    if "y" in letters or "d" in letters:
        return "date"
    if elapsed or "h" in letters or "s" in letters:
        return "time"
    if "m" in letters:
        return "date"  # a month ("mmm")
    return None


@memoised
def style_kinds(data: bytes) -> dict[str, str]:
    """{cell format index as a cell's s= writes it ('5'): 'date' or 'time'} for the cell
    formats (cellXfs) of a styles part that show a number as a date or a time; the others
    are left out. Read-only for the callers. Raises Corrupt."""
    root = parse(data)
    ns = ns_of(root)
    custom: dict[int, str | None] = {}
    for el in root.iter(ns + "numFmt"):
        fid = whole_number((el.get("numFmtId") or "").strip())
        if fid is not None:
            custom[fid] = format_kind(el.get("formatCode") or "")
    xfs = root.find(ns + "cellXfs")
    kinds = {}
    for i, xf in enumerate(() if xfs is None else xfs.iterfind(ns + "xf")):
        n = whole_number((xf.get("numFmtId") or "0").strip()) or 0
        kind = custom[n] if n in custom else (
            "date" if n in _BUILTIN_DATE else "time" if n in _BUILTIN_TIME else None)
        if kind is not None:
            kinds[str(i)] = kind
    return kinds


def uses_styles(cells: Iterable[RawCell]) -> bool:
    """A wanted cell is a number with a style other than the default (only then is the
    styles part read)."""
    return any(t in (None, "n") and v and s not in (None, "0") for t, v, _i, s, _f in cells)
