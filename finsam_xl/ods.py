"""A template saved as an OpenDocument spreadsheet (.ods, LibreOffice's own format) -> the
same Submission the OOXML reader gives (SPEC section 5: "read like the .xlsx").

`reader._read` hands over the package after the same guards as for an .xlsx (file size, the
zip's entries, total uncompressed size and compression ratio, an encrypted package -- a
manifest with `encryption-data` -- rejected as `file-encrypted`). Here:
  1. `content.xml` is streamed through expat twice, DTDs refused (`reader._Expat`), never
     held whole in memory: first for the table names and the workbook-scoped named ranges
     (`table:named-expressions` directly under `office:spreadsheet`; sheet-local ones, such
     as LibreOffice's print area, are inside a `table:table` and not read), then for the
     cells those names point at, stopping after the last one. Repeated rows and columns
     (`table:number-rows-repeated`, `table:number-columns-repeated`, up to the whole sheet)
     are counted, never expanded.
  2. a named range's `table:cell-range-address` (`$Rapport.$C$12`, `'Min flik'.C12`, or a
     one-cell range `$Rapport.$C$12:.$C$12`) gives the cell; anything else (`#REF!`, a
     range, a sheet that does not exist) is a `name-ref-error`, as in an .xlsx.
  3. the values go through the OOXML reader's masking and its end of reading
     (`reader._masked`, `reader._submission_from`): the same version check, findings and
     Submission, so validation cannot tell the formats apart.

ODF value types -> raw values (`cell_value`, the one place to align with the OOXML reader):
  float, percentage, currency -> int when `office:value` has no fraction digits, else float
  date -> datetime (a date alone: midnight)      time -> timedelta (ISO 8601 duration)
  boolean -> bool                                 string -> the cell's text
  an error result (`calcext:value-type="error"`) -> model.CellError('#DIV/0!'), as the
    OOXML reader gives for t="e"
  a formula saved without a result -> model.UncachedFormula(formula text)
  no value type and no formula (an empty cell) -> None
The document's modified time is `dc:date` of meta.xml; LibreOffice writes it in local time
without a zone, which is taken as Swedish time (Europe/Stockholm) and converted to UTC.
Standard library only.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from . import contract
from . import messages as M
from . import reader as R
from .model import CellError, UncachedFormula

SPREADSHEET_MIME = b"application/vnd.oasis.opendocument.spreadsheet"  # and -template

_RANGE_RE = re.compile(
    r"^\s*\$?(?:'(?P<q>(?:[^']|'')+)'|(?P<u>[^'.:\s$][^'.:]*))\.\$?(?P<c1>[A-Za-z]{1,3})"
    r"\$?(?P<r1>[0-9]{1,7})(?::(?:\$?(?:'(?:[^']|'')+'|[^'.:\s$][^'.:]*))?\.\$?"
    r"(?P<c2>[A-Za-z]{1,3})\$?(?P<r2>[0-9]{1,7}))?\s*$")
_DURATION_RE = re.compile(
    r"^-?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")
_MAX_REPEAT = R._MAX_COL * R._MAX_ROW  # a repeat count is bounded by the sheet's size

# Attribute keys as expat gives them ('namespace-uri local').
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0 "
_CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0 "


def is_spreadsheet(pkg) -> bool:
    """The package's `mimetype` is an OpenDocument spreadsheet (or its template)."""
    data = pkg.read("mimetype") or b""
    return data.strip().startswith(SPREADSHEET_MIME)


def read_ods(pkg, path: Path, size: int, sha256: str):
    """(submission, findings) of an OpenDocument package, as `reader._read` returns them.
    Raises the reader's `_Reject` for a damaged package or one that is no template."""
    relpath = pkg.relpath
    if not pkg.has("content.xml"):
        raise R._corrupt(relpath, "no-workbook")
    names = _Names()
    with pkg.open("content.xml") as fh:
        names.feed(fh, relpath)
    sheets = {t.lower(): t for t in names.tables}
    if "fx_version" not in names.ranges:
        raise R._not_template(relpath, M.READ_NOT_TEMPLATE_NO_VERSION)
    if contract.SHEET.lower() not in sheets:
        raise R._not_template(relpath, M.READ_NOT_TEMPLATE_NO_SHEET)
    targets: dict[str, tuple[str, int, int]] = {}
    broken: dict[str, str] = {}
    for name, address in names.ranges.items():
        target = _target(address, sheets)
        if target is not None:
            targets[name] = target
        elif name in R._ORDER:
            broken[name] = address.strip() or "#REF!"
    cells = {n: f"{targets[n][0]}!{R._col_letters(targets[n][2])}{targets[n][1]}"
             for n in sorted(targets, key=R._contract_order)}
    if "fx_version" in broken:
        return R._submission_from(relpath, path, size, sha256, {}, cells, broken, None, ())
    found = _Cells({t for t in targets.values()})
    with pkg.open("content.xml") as fh:
        found.feed(fh, relpath)
    raw, pnr_names = R._masked({n: found.values.get(t) for n, t in targets.items()})
    return R._submission_from(relpath, path, size, sha256, raw, cells, broken,
                              lambda: _modified(pkg), pnr_names)


def _target(address: str, sheets: dict[str, str]) -> tuple[str, int, int] | None:
    """(sheet, row, col) of a one-cell `table:cell-range-address`; None otherwise."""
    m = _RANGE_RE.match(address or "")
    if not m:
        return None
    sname = m.group("q").replace("''", "'") if m.group("q") is not None else m.group("u")
    sheet = sheets.get(sname.lower())
    if sheet is None:
        return None
    row, col = int(m.group("r1")), R._col_index(m.group("c1"))
    if not (1 <= row <= R._MAX_ROW and 1 <= col <= R._MAX_COL):
        return None
    if m.group("c2") is not None and (int(m.group("r2")) != row
                                      or R._col_index(m.group("c2")) != col):
        return None  # a range of more than one cell
    return sheet, row, col


def _repeat(attrs: dict, key: str) -> int:
    text = attrs.get(key)
    if text is None or not text.isdigit():
        return 1
    return max(1, min(int(text), _MAX_REPEAT))


class _Names(R._Expat):
    """Table names in order, and the workbook-scoped named ranges {lower-cased fx_ name:
    cell-range-address} (the first of each name)."""

    def __init__(self):
        super().__init__()
        self.tables: list[str] = []
        self.ranges: dict[str, str] = {}
        self.stack: list[str] = []

    def start(self, name, attrs):
        parent = self.stack[-1] if self.stack else None
        grand = self.stack[-2] if len(self.stack) > 1 else None
        self.stack.append(name)
        if name == "table" and parent == "spreadsheet":
            self.tables.append(attrs.get(_TABLE + "name") or "")
        elif name in ("named-range", "named-expression") and parent == "named-expressions" \
                and grand == "spreadsheet":
            dname = (attrs.get(_TABLE + "name") or "").lower()
            if dname[:3] == "fx_":
                address = attrs.get(_TABLE + ("cell-range-address" if name == "named-range"
                                              else "expression"))
                self.ranges.setdefault(dname, address or "")

    def end(self, name):
        self.stack.pop()


class _Cells(R._Expat):
    """The values at `wanted` {(sheet, row, col)}: `values` {(sheet, row, col): value}."""

    def __init__(self, wanted: set[tuple[str, int, int]]):
        super().__init__()
        self.wanted = wanted
        self.values: dict[tuple[str, int, int], object] = {}
        self.depth = 0
        self.table = None  # name of the table being read (a top-level one)
        self.table_depth = -1
        self.row = 0  # first row of the current row element (1-based)
        self.row_span = 1
        self.col = 0  # last column used so far in the current row
        self.cell = None  # (attrs, keys, depth) of a cell being captured
        self.text: list[str] = []
        self.paras: list[str] = []
        self.para_depth = -1
        self.skip_depth = -1  # inside an annotation or a shape: text not read

    def start(self, name, attrs):
        self.depth += 1
        if name == "table" and self.table is None:
            self.table, self.table_depth, self.row = attrs.get(_TABLE + "name"), self.depth, 0
        elif self.table is None:
            return
        elif name == "table-row" and self.cell is None:
            self.row += self.row_span
            self.row_span = _repeat(attrs, _TABLE + "number-rows-repeated")
            self.col = 0
        elif name in ("table-cell", "covered-table-cell") and self.cell is None:
            first = self.col + 1
            self.col += _repeat(attrs, _TABLE + "number-columns-repeated")
            keys = [(self.table, r, c) for (t, r, c) in self.wanted if t == self.table
                    and self.row <= r < self.row + self.row_span and first <= c <= self.col]
            if keys:
                self.cell = (attrs if name == "table-cell" else {}, keys, self.depth)
                self.paras, self.para_depth, self.skip_depth = [], -1, -1
        elif self.cell is not None and self.skip_depth < 0:
            if name in ("annotation", "frame", "custom-shape"):
                self.skip_depth = self.depth
            elif name == "p" and self.depth == self.cell[2] + 1:
                self.para_depth, self.text = self.depth, []
            elif self.para_depth > 0 and name == "s":
                self.text.append(" " * _repeat(attrs, _TEXT + "c"))
            elif self.para_depth > 0 and name == "tab":
                self.text.append("\t")
            elif self.para_depth > 0 and name == "line-break":
                self.text.append("\n")

    def end(self, name):
        depth, self.depth = self.depth, self.depth - 1
        if self.table is None:
            return
        if depth == self.skip_depth:
            self.skip_depth = -1
        elif self.cell is not None and depth == self.para_depth:
            self.paras.append("".join(self.text))
            self.para_depth = -1
        elif self.cell is not None and depth == self.cell[2]:
            attrs, keys, _ = self.cell
            value = cell_value(attrs, "\n".join(self.paras))
            for key in keys:
                self.values[key] = value
            self.cell = None
            if len(self.values) == len(self.wanted):
                raise R._Stop()
        elif depth == self.table_depth:
            self.table, self.table_depth, self.row_span = None, -1, 1

    def chars(self, text):
        if self.para_depth > 0 and self.skip_depth < 0:
            self.text.append(text)


def cell_value(attrs: dict, text: str):
    """One ODF cell -> the raw value (see the module docstring for the mapping)."""
    if attrs.get(_CALCEXT + "value-type") == "error":
        return CellError(text.strip())
    kind = attrs.get(_OFFICE + "value-type")
    if kind is None:
        formula = attrs.get(_TABLE + "formula")
        return None if formula is None else UncachedFormula(_formula_text(formula))
    if kind in ("float", "percentage", "currency"):
        return _number(attrs.get(_OFFICE + "value") or "")
    if kind == "date":
        return _date(attrs.get(_OFFICE + "date-value") or "")
    if kind == "time":
        return _duration(attrs.get(_OFFICE + "time-value") or "")
    if kind == "boolean":
        return (attrs.get(_OFFICE + "boolean-value") or "").strip().lower() == "true"
    string_value = attrs.get(_OFFICE + "string-value")
    return string_value if string_value is not None else text


def _formula_text(formula: str) -> str:
    """'of:=SUM([.C12:.C13])' -> 'SUM([.C12:.C13])' (the ODF formula as written, without its
    namespace prefix and '=')."""
    _prefix, colon, rest = formula.partition(":=")
    return rest if colon else formula.lstrip("=")


def _number(text: str):
    text = text.strip()
    if R._INT_RE.match(text):
        return int(text)
    try:
        f = float(text)
    except ValueError:
        return text
    return text if f != f or f in (float("inf"), float("-inf")) else f


def _date(text: str):
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return text


def _duration(text: str):
    m = _DURATION_RE.match(text.strip())
    if not m:
        return text
    d, h, mi, s = (float(x) if x else 0.0 for x in m.groups())
    value = timedelta(days=d, hours=h, minutes=mi, seconds=s)
    return -value if text.strip().startswith("-") else value


def _modified(pkg) -> datetime | None:
    """meta.xml's dc:date (local time without a zone: Swedish time) as aware UTC."""
    data = pkg.read("meta.xml")
    if data is None:
        return None
    try:
        root = R._parse_xml(data, pkg.relpath)
    except R._Reject as r:
        if r.reason == "dtd":
            raise
        return None
    text = next((el.text for el in root.iter() if R._local(el.tag) == "date"
                 and el.tag.startswith("{http://purl.org/dc/")), None)
    m = R._W3CDTF_RE.match(text or "")
    if m is None:
        return None
    if m.group(8):  # a zone is given
        return R.parse_w3cdtf(text)
    y, mo, d, hh, mm, ss, frac, _tz = m.groups()
    try:
        dt = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0),
                      int((frac or "0")[:6].ljust(6, "0")), tzinfo=_stockholm())
    except ValueError:
        return None
    return dt.astimezone(timezone.utc)


def _stockholm():
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Stockholm")
    except Exception:  # noqa: BLE001 - no tz database: taken as UTC
        return timezone.utc
