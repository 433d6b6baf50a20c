"""A template saved as an OpenDocument spreadsheet (.ods, LibreOffice's own format) -> the
same Submission the OOXML reader gives ("read like the .xlsx").

`files.read_file` hands over the package after the same guards as for an .xlsx (file size,
the zip's entries, total uncompressed size and compression ratio, an encrypted package -- a
manifest with `encryption-data` -- rejected as `file-encrypted`). Here:
  1. `content.xml` is streamed through expat twice, DTDs refused (`safexml.Stream`), never
     held whole in memory: first for the table names and the workbook-scoped named ranges
     (`table:named-expressions` directly under `office:spreadsheet`; sheet-local ones, such
     as LibreOffice's print area, are inside a `table:table` and not read), then for the
     cells those names point at, stopping after the last one. Repeated rows and columns
     (`table:number-rows-repeated`, `table:number-columns-repeated`) are counted, never
     expanded, and a sheet that they would make larger than an .xlsx's (1 048 576 rows,
     16 384 columns) is `file-too-large`. Repeated spaces (`<text:s text:c="N"/>`) are
     expanded only in the cells read, and only after they are counted: the text of the
     cells read may hold at most as many characters as the package's parts may hold bytes
     uncompressed (`Limits.uncompressed`, 50 MB, which bounds the text an .xlsx can hold);
     a count beyond that is `file-too-large` (`guards.Spread`) before anything is expanded.
  2. a named range's `table:cell-range-address` (`$Rapport.$C$12`, `'Min flik'.C12`, or a
     one-cell range `$Rapport.$C$12:.$C$12`) gives the cell; anything else (`#REF!`, a
     range, a sheet that does not exist) is a `name-ref-error`, as in an .xlsx.
  3. the values go through the same masking and end of reading as an .xlsx's
     (`submission.masked`, `submission.submission_from`): the same version check, findings
     and Submission, so validation cannot tell the formats apart.

ODF value types -> raw values (`cell_value`, the one place to align with the OOXML reader):
  float, percentage, currency -> int when `office:value` has no fraction digits, else float
  date -> datetime (a date alone: midnight)      time -> timedelta (ISO 8601 duration)
  boolean -> bool                                 string -> the cell's text
  an error result (`calcext:value-type="error"`) -> model.CellError('#DIV/0!'), as the
    OOXML reader gives for t="e"
  a formula saved without a result -> model.UncachedFormula(formula text)
  no value type and no formula (an empty cell) -> None
The document's modified time is `dc:date` of meta.xml, read as an .xlsx's `dcterms:modified`
is: a time without a zone is UTC. LibreOffice (7.4, checked by saving one document in both
formats under TZ=Europe/Stockholm) writes the same clock time into both: `dc:date` without a
zone, and `dcterms:modified` with a 'Z'; converting an .xlsx to .ods keeps the .xlsx's time
and drops the 'Z'. So the same save, or a converted file, gets the same time whatever the
format (it was read an hour or two apart when .ods was taken as Swedish time). The time
LibreOffice writes is the computer's clock, which for a coordinator in Sweden is Swedish
time in both formats: such a save reads 1-2 hours later than it was, as its .xlsx always
has (docs/reader.md). Standard library only.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

from .. import contract
from ..model import CellError, Finding, Submission, UncachedFormula
from .cells import number_value
from .findings import NotTemplate
from .guards import Corrupt, Spread
from .package import Package
from .refs import MAX_CELL_CHARS, MAX_COL, MAX_ROW, col_index, whole_number
from .safexml import Stop, Stream, local
from .submission import cell_names, masked, parse_w3cdtf, place_names, place_text, submission_from

SPREADSHEET_MIME = b"application/vnd.oasis.opendocument.spreadsheet"  # and -template

_RANGE_RE = re.compile(
    r"^\s*\$?(?:'(?P<q>(?:[^']|'')+)'|(?P<u>[^'.:\s$][^'.:]*))\.\$?(?P<c1>[A-Za-z]{1,3})"
    r"\$?(?P<r1>[0-9]{1,7})(?::(?:\$?(?:'(?:[^']|'')+'|[^'.:\s$][^'.:]*))?\.\$?"
    r"(?P<c2>[A-Za-z]{1,3})\$?(?P<r2>[0-9]{1,7}))?\s*$")
_DURATION_RE = re.compile(
    r"^-?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")

# Attribute keys as expat gives them ('namespace-uri local').
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0 "
_CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0 "


def is_spreadsheet(pkg: Package) -> bool:
    """The package's `mimetype` is an OpenDocument spreadsheet (or its template)."""
    data = pkg.read("mimetype") or b""
    return data.strip().startswith(SPREADSHEET_MIME)


def read_ods(pkg: Package, path: Path, relpath: str, size: int, sha256: str
             ) -> tuple[Submission | None, list[Finding]]:
    """(submission, findings) of an OpenDocument package, as `read_ooxml` gives them.
    Raises a FileError for a damaged package or one that is no template."""
    if not pkg.has("content.xml"):
        raise Corrupt("no-workbook")
    names = _Names()
    with pkg.open("content.xml") as fh:
        names.feed(fh)
    sheets = {t.lower(): t for t in names.tables}
    if contract.VERSION_NAME not in names.ranges:
        raise NotTemplate("no-version")
    if contract.SHEET.lower() not in sheets and \
            _target(names.ranges[contract.VERSION_NAME], sheets) is None:
        # a renamed sheet is fine as long as the names followed it (LibreOffice moves
        # them), as in an .xlsx; names still pointing at a missing 'Rapport' are not
        raise NotTemplate("no-sheet")
    targets, broken = place_names(names.ranges, lambda address: _target(address, sheets))
    cells = cell_names(targets)
    if contract.VERSION_NAME in broken:
        return submission_from(relpath, path, size, sha256, {}, cells, broken, None, ())
    found = _Cells({t for t in targets.values()}, pkg.limits.uncompressed)
    with pkg.open("content.xml") as fh:
        found.feed(fh)
    raw, pnr_names = masked({n: found.values.get(t) for n, t in targets.items()}, cells)
    return submission_from(relpath, path, size, sha256, raw, cells, broken,
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
    row, col = int(m.group("r1")), col_index(m.group("c1"))
    if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COL):
        return None
    if m.group("c2") is not None and (int(m.group("r2")) != row
                                      or col_index(m.group("c2")) != col):
        return None  # a range of more than one cell
    return sheet, row, col


def _repeat(attrs: dict, key: str) -> int:
    """A repeat count (at least 1; any size: the callers count it against their limit)."""
    n = whole_number(attrs.get(key))
    return 1 if n is None else max(1, n)


class _Names(Stream):
    """Table names in order, and the workbook-scoped named ranges {lower-cased fx_ name:
    cell-range-address} (the first of each name)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[str] = []
        self.ranges: dict[str, str] = {}
        self.stack: list[str] = []

    def start(self, name: str, attrs: dict) -> None:
        parent = self.stack[-1] if self.stack else None
        grand = self.stack[-2] if len(self.stack) > 1 else None
        self.stack.append(name)
        if name == "table" and parent == "spreadsheet":
            self.tables.append(attrs.get(_TABLE + "name") or "")
        elif name in ("named-range", "named-expression") and parent == "named-expressions" \
                and grand == "spreadsheet":
            dname = (attrs.get(_TABLE + "name") or "").lower()
            if dname.startswith(contract.PREFIX):
                address = attrs.get(_TABLE + ("cell-range-address" if name == "named-range"
                                              else "expression"))
                self.ranges.setdefault(dname, address or "")

    def end(self, name: str) -> None:
        self.stack.pop()


class _Cells(Stream):
    """The values at `wanted` {(sheet, row, col)}: `values` {(sheet, row, col): value}."""

    def __init__(self, wanted: set[tuple[str, int, int]], max_text: int) -> None:
        super().__init__()
        self.wanted = wanted
        self.max_text = max_text  # characters of text the cells read may hold in all
        self.text_size = 0  # characters of text read so far, repeated spaces counted
        self.cell_size = 0  # ... of the cell being read
        self.values: dict[tuple[str, int, int], object] = {}
        self.depth = 0
        self.table: str | None = None  # name of the table being read (a top-level one)
        self.table_depth = -1
        self.row = 0  # first row of the current row element (1-based)
        self.row_span = 1
        self.col = 0  # last column used so far in the current row
        # (attrs, keys, depth) of a cell being captured
        self.cell: tuple[dict, list[tuple[str, int, int]], int] | None = None
        self.text: list[str] = []
        self.paras: list[str] = []
        self.para_depth = -1
        self.skip_depth = -1  # inside an annotation or a shape: text not read

    def start(self, name: str, attrs: dict) -> None:
        self.depth += 1
        if name == "table" and self.table is None:
            self.table, self.table_depth, self.row = attrs.get(_TABLE + "name"), self.depth, 0
        elif self.table is None:
            return
        elif name == "table-row" and self.cell is None:
            self.row += self.row_span
            self.row_span = _repeat(attrs, _TABLE + "number-rows-repeated")
            if self.row + self.row_span - 1 > MAX_ROW:
                raise Spread("rows", self.row + self.row_span - 1, MAX_ROW)
            self.col = 0
        elif name in ("table-cell", "covered-table-cell") and self.cell is None:
            first = self.col + 1
            self.col += _repeat(attrs, _TABLE + "number-columns-repeated")
            if self.col > MAX_COL:
                raise Spread("columns", self.col, MAX_COL)
            keys = [(self.table, r, c) for (t, r, c) in self.wanted if t == self.table
                    and self.row <= r < self.row + self.row_span and first <= c <= self.col]
            if keys:
                self.cell = (attrs if name == "table-cell" else {}, keys, self.depth)
                self.paras, self.para_depth, self.skip_depth = [], -1, -1
                self.cell_size = 0
        elif self.cell is not None and self.skip_depth < 0:
            if name in ("annotation", "frame", "custom-shape"):
                self.skip_depth = self.depth
            elif name == "p" and self.depth == self.cell[2] + 1:
                self.para_depth, self.text = self.depth, []
            elif self.para_depth > 0 and name == "s":
                self.add_text(" ", _repeat(attrs, _TEXT + "c"))
            elif self.para_depth > 0 and name == "tab":
                self.add_text("\t")
            elif self.para_depth > 0 and name == "line-break":
                self.add_text("\n")

    def end(self, name: str) -> None:
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
                raise Stop()
        elif depth == self.table_depth:
            self.table, self.table_depth, self.row_span = None, -1, 1

    def chars(self, text: str) -> None:
        if self.para_depth > 0 and self.skip_depth < 0:
            self.add_text(text)

    def add_text(self, text: str, times: int = 1) -> None:
        """`text` `times` over to the paragraph being read, counted first: raises Spread
        when the cell's text would grow over what a cell holds (MAX_CELL_CHARS), or the text
        of all the cells read over `max_text` characters."""
        n = len(text) * times
        self.cell_size += n
        self.text_size += n
        if self.cell_size > MAX_CELL_CHARS:
            assert self.cell is not None  # text is read only inside a cell being read
            sheet, row, col = self.cell[1][0]
            raise Spread("cell", self.cell_size, MAX_CELL_CHARS, place_text(sheet, row, col))
        if self.text_size > self.max_text:
            raise Spread("text", self.text_size, self.max_text)
        self.text.append(text * times if times > 1 else text)


def cell_value(attrs: dict, text: str) -> object:
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


def _number(text: str) -> object:
    text = text.strip()
    number = number_value(text)
    return text if number is None else number


def _date(text: str) -> object:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return text


def _duration(text: str) -> object:
    m = _DURATION_RE.match(text.strip())
    if not m:
        return text
    d, h, mi, s = (float(x) if x else 0.0 for x in m.groups())
    try:
        value = timedelta(days=d, hours=h, minutes=mi, seconds=s)
    except OverflowError:  # beyond 2.7 million years: no time
        return text
    return -value if text.strip().startswith("-") else value


def _modified(pkg: Package) -> datetime | None:
    """meta.xml's dc:date as aware UTC, read as an .xlsx's dcterms:modified (without a zone:
    UTC, see the module's docstring); None when absent or damaged."""
    root = pkg.properties("meta.xml")
    text = None if root is None else next(
        (el.text for el in root.iter() if local(el.tag) == "date"
         and el.tag.startswith("{http://purl.org/dc/")), None)
    return parse_w3cdtf(text or "")
