"""What changed since the board's last report: the workbook that the outbox holds for an
earlier period P′ of the same year (its latest, `uppfoljning-<P′>.xlsx`, never one kept in
`tidigare/`), its Data table read back, and every value of a month up to P′ that differs
from this run's (sheet Ändringar, andringar.py).

The earlier workbook is read as untrusted input (a kansli may have edited it, or anything
may lie under its name): the package guards of the reader (size, zip entries, compression
ratio, no DTD) with limits for a workbook, a streaming parse of its shared strings and of the
sheet named Data, and the table's columns found by their header names. A workbook that
cannot be read gives a Comparison without values and the reason, never an error of the run.

A value is (insats id, period, fält, kön) as Data writes it; several rows of one key add up
(as the formulas do). A value that is absent counts as 0 in the comparison (a month that had
no report then lists its non-zero values as new)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from xml.parsers import expat

from .. import contract
from .. import messages as M
from ..errors import os_error_text
from ..reader import guards
from ..reader.package import REL_SHARED_STRINGS, REL_WORKSHEET, Package
from ..reader.safexml import Stream, local, parse

Key = tuple[str, str, str, str]  # (insats id, "YYYY-MM", fält, kön)

LIMITS = guards.Limits(file_bytes=400 * guards.MB, entries=2000,
                       uncompressed=4000 * guards.MB, ratio=1000,
                       whole_part=400 * guards.MB)
_NAME = re.compile(r"^uppfoljning-(\d{4})-(\d{2})\.xlsx$")


@dataclass
class Earlier:
    """The workbook of an earlier period: its values, or why they could not be read."""

    path: Path
    period: str  # P′, "YYYY-MM"
    values: dict[Key, int] = field(default_factory=dict)
    error: str | None = None  # a Swedish reason when it could not be read


@dataclass
class Change:
    insats: str
    period: str  # "YYYY-MM"
    falt: str  # the Data table's fält
    kon: str  # the Data table's kön
    then: int | None
    now: int | None
    file: str  # the file the value now comes from ("" when the month has none now)


@dataclass
class Comparison:
    earlier: Earlier
    changes: list[Change] = field(default_factory=list)


def earlier_workbook(outbox: Path, period: str) -> Earlier | None:
    """The workbook in `outbox` (not in its sub-folders) of the latest period of P's year
    before P, read (`read`); None when there is none."""
    try:
        names = [p.name for p in Path(outbox).iterdir()]
    except OSError:
        return None
    found = []
    for name in names:
        m = _NAME.match(name)
        if m and m.group(1) == period[:4] and f"{m.group(1)}-{m.group(2)}" < period:
            if (Path(outbox) / name).is_file():
                found.append(f"{m.group(1)}-{m.group(2)}")
    if not found:
        return None
    earlier = max(found)
    return read(Path(outbox) / f"uppfoljning-{earlier}.xlsx", earlier)


def read(path: Path, period: str) -> Earlier:
    """The Data table of the workbook at `path` (written for `period`)."""
    out = Earlier(path=path, period=period)
    try:
        checked = guards.checked_zip(path, LIMITS)
        pkg = Package(checked.zip, LIMITS, checked.data)
        sheet, strings = _parts(pkg)
        out.values = _values(pkg, sheet, strings)
    except guards.Unreadable as exc:
        out.error = os_error_text(exc.error)
    except guards.FileError:
        out.error = M.WB_AN_UNREADABLE
    except _NoData:
        out.error = M.WB_AN_NO_DATA
    return out


class _NoData(Exception):
    pass


def _parts(pkg: Package) -> tuple[str, list[str]]:
    """The part of the sheet named Data, and the shared strings."""
    book = pkg.related("", "/officedocument", "xl/workbook.xml")
    data = pkg.read(book) if book else None
    if book is None or data is None:
        raise _NoData()
    rels = {rid: target for rid, typ, target in pkg.rels(book) if typ.endswith(REL_WORKSHEET)}
    sheet = None
    for el in parse(data).iter():
        if local(el.tag) == "sheet" and el.get("name") == contract.WB_DATA:
            rid = next((v for k, v in el.attrib.items() if local(k) == "id"), None)
            sheet = rels.get(rid or "")
    if sheet is None or not pkg.has(sheet):
        raise _NoData()
    shared = pkg.related(book, REL_SHARED_STRINGS)
    strings: list[str] = []
    if shared:
        reader = _Strings()
        with pkg.open(shared) as fh:
            reader.feed(fh)
        strings = reader.strings
    return sheet, strings


class _Strings(Stream):
    """The shared strings, rich text joined."""

    def __init__(self) -> None:
        super().__init__()
        self.strings: list[str] = []
        self.text: list[str] | None = None
        self.in_t = False
        self.skip = 0  # inside <rPh> (phonetic runs): not part of the text

    def start(self, name: str, attrs: dict) -> None:
        if name == "si":
            self.text = []
        elif name == "rPh":
            self.skip += 1
        elif name == "t" and not self.skip:
            self.in_t = True

    def end(self, name: str) -> None:
        if name == "si":
            self.strings.append("".join(self.text or []))
            self.text = None
        elif name == "rPh":
            self.skip -= 1
        elif name == "t":
            self.in_t = False

    def chars(self, text: str) -> None:
        if self.in_t and self.text is not None:
            self.text.append(text)


class _Cells(Stream):
    """The values of the first seven columns (the table's) of a sheet:
    {(row, col): str | float}. Its own expat handlers, without namespace processing (an
    element is `c` or `x:c`): the sheet of 1 008 reports has 92 000 cells, and the
    callbacks are most of the time."""

    COLUMNS = 7  # the table's width (its columns are found by their headers)

    def __init__(self, strings: list[str]) -> None:
        super().__init__()
        p = expat.ParserCreate()
        p.StartElementHandler = self._start_el
        p.EndElementHandler = self._end_el
        p.CharacterDataHandler = self._chars
        p.buffer_text = True
        self.parser = p
        self.strings = strings
        self.cells: dict[tuple[int, int], str | float] = {}
        self.at: tuple[int, int] | None = None
        self.kind = ""
        self.text: list[str] = []
        self.collect = False

    def _start_el(self, name: str, attrs: dict) -> None:
        tag = name.rpartition(":")[2]
        if tag == "c":
            self.at = _ref(attrs.get("r", ""), self.COLUMNS)
            self.kind = attrs.get("t", "n")
            self.text = []
        elif self.at is not None and (tag == "v" or tag == "t"):
            self.collect = True

    def _end_el(self, name: str) -> None:
        tag = name.rpartition(":")[2]
        if tag == "v" or tag == "t":
            self.collect = False
        elif tag == "c" and self.at is not None:
            raw = "".join(self.text)
            if raw:
                self._put(raw)
            self.at = None

    def _put(self, raw: str) -> None:
        assert self.at is not None
        if self.kind == "s":
            try:
                self.cells[self.at] = self.strings[int(raw)]
            except (ValueError, IndexError):
                return
        elif self.kind in ("str", "inlineStr"):
            self.cells[self.at] = raw
        elif self.kind == "n":
            try:
                self.cells[self.at] = float(raw)
            except ValueError:
                return

    def _chars(self, text: str) -> None:
        if self.collect:
            self.text.append(text)


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _ref(ref: str, columns: int) -> tuple[int, int] | None:
    """'B12' -> (11, 1), 0-based, for a cell of the first `columns` columns (A-Z); None
    for any other."""
    digits = ref.lstrip(_LETTERS)
    letters = ref[:len(ref) - len(digits)]
    if len(letters) != 1 or not digits.isdigit():
        return None
    col = ord(letters) - 65
    return (int(digits) - 1, col) if col < columns else None


# A cell of columns A-G as xlsxwriter, Excel and LibreOffice write one with a value: its
# reference first, any attributes, an optional formula, the value.
_CELL = re.compile(r'<c r="([A-G])(\d+)"([^>]*)>(?:<f>[^<]*</f>|<f/>)?<v>([^<]*)</v></c>')
_EMPTY = re.compile(r'<c r="[A-G]\d+"[^>]*/>')
_ANY = re.compile(r'<c r="[A-G]\d+"')
_TYPE = re.compile(r'\bt="([a-zA-Z]+)"')


def _cells_fast(data: bytes, strings: list[str]) -> dict[tuple[int, int], str | float] | None:
    """The cells `_Cells` reads, by a regular expression over the part's text (a third of
    the time): only for a sheet in the default namespace whose every cell of columns A-G
    has the plain shape of `_CELL` or is empty; None for any other (read by `_Cells`)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    head = text[:2000]
    if "<worksheet" not in head or "<!" in head:
        return None
    cells: dict[tuple[int, int], str | float] = {}
    found = 0
    for m in _CELL.finditer(text):
        found += 1
        letter, row, attrs, raw = m.groups()
        t = _TYPE.search(attrs)
        kind = t.group(1) if t else "n"
        at = (int(row) - 1, ord(letter) - 65)
        if "&" in raw:
            raw = html.unescape(raw)
        try:
            if kind == "s":
                cells[at] = strings[int(raw)]
            elif kind == "str":
                cells[at] = raw
            elif kind == "n" and raw:
                cells[at] = float(raw)
        except (ValueError, IndexError):
            continue
    if found + len(_EMPTY.findall(text)) != len(_ANY.findall(text)):
        return None
    return cells


def _values(pkg: Package, sheet: str, strings: list[str]) -> dict[Key, int]:
    data = pkg.read(sheet)
    cells = _cells_fast(data, strings) if data is not None else None
    if cells is None:
        reader = _Cells(strings)
        with pkg.open(sheet) as fh:
            reader.feed(fh)
        cells = reader.cells
    head = {v: c for (r, c), v in cells.items() if r == 0 and isinstance(v, str)}
    cols = [head.get(h) for h in contract.WB_DATA_HEAD[:5]]
    if any(c is None for c in cols):
        raise _NoData()
    rows = sorted({r for r, _c in cells if r > 0})
    out: dict[Key, int] = {}
    for r in rows:
        insats, period, falt, kon, value = (cells.get((r, c)) for c in cols)  # type: ignore[arg-type]
        period_text = period_of(period)
        if not (isinstance(insats, str) and isinstance(falt, str) and isinstance(kon, str)
                and isinstance(value, float) and period_text and value == int(value)):
            continue
        key = (insats, period_text, falt, kon)
        out[key] = out.get(key, 0) + int(value)
    return out


def period_of(value) -> str | None:
    """A Data period cell -> "YYYY-MM": a date (the workbook's own) or a text "YYYY-MM"
    (workbooks written before the period became a date)."""
    if isinstance(value, float) and 0 < value < 2958466:
        d = date(1899, 12, 30) + timedelta(days=int(value))
        return f"{d.year:04d}-{d.month:02d}"
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}$", value.strip()):
        return value.strip()
    return None


def compare(earlier: Earlier, now: dict[Key, int], files: dict[Key, str],
            month_files: dict[tuple[str, str], str], order) -> Comparison:
    """Every value of a month up to P′ that differs between `earlier` and `now` (absent =
    0), in `order` (a sort key of a Key). `files`: the file each value of `now` comes from;
    `month_files`: the file of each (insats, period) used now."""
    out = Comparison(earlier=earlier)
    if earlier.error is not None:
        return out
    year = earlier.period[:4]  # the plan year's values (Data also holds last year's)
    keys = {k for k in earlier.values if k[1] <= earlier.period and k[1][:4] == year}
    keys |= {k for k in now if k[1] <= earlier.period and k[1][:4] == year}
    for key in sorted(keys, key=order):
        then, value = earlier.values.get(key), now.get(key)
        if (then or 0) == (value or 0):
            continue
        out.changes.append(Change(insats=key[0], period=key[1], falt=key[2], kon=key[3],
                                  then=then, now=value,
                                  file=files.get(key) or month_files.get(key[:2], "")))
    return out
