"""The marked copy: the coordinator's own file with every cell named in a finding filled and
given a Swedish note (SPEC section 7: `outbox/aterkoppling/<path>.xlsx`, beside the letter).

Why the package is edited directly: openpyxl's load and save would drop the cached results
of formulas (the template's check rows), and parts it does not know; a copy must keep
everything the coordinator saved. So every part is copied byte for byte except the few
that change, and those are changed in place, at byte offsets that expat reports (no XML is
re-serialised, so namespace prefixes, `mc:Ignorable` and unknown elements stay as written):
  - `xl/styles.xml`: one solid fill per severity is appended to `<fills>`, and for each
    style a marked cell had, a copy of its `<xf>` with that fill is appended to `<cellXfs>`
    (counts updated), so number format, font, border and protection stay the cell's own;
  - the sheet: the marked cells' `s=` point at those copies (an empty cell that the file
    does not hold is added to its row), and `<legacyDrawing>` is added where the schema puts
    it when the sheet has none;
  - notes: a comments part (`xl/commentsN.xml`) and a legacy VML drawing
    (`xl/drawings/vmlDrawingN.vml`) as xlsxwriter writes them, with their relationships and
    content types; a sheet that already has notes (a prefilled template's) keeps them: a new
    note is added to its parts, and a cell that had a note gets the finding before the old
    text.
Personal data: the copy never holds a personnummer in clear. Text in shared strings, notes
and document properties is masked (`pnr.mask`), and a cell of the sheet whose value or
formula holds one becomes a text cell with the masked text (its formula is dropped).
Sheet names, headers and footers and drawings are copied as they are.

No copy is written (`marked_bytes` returns None) when no finding names a cell, when the file
is not an OOXML package the reader accepted (changed since it was read, an OpenDocument
file, strict OOXML), or when a part it must change is not as expected; the letter then does
not mention a copy. Standard library only.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from . import messages as M
from . import pnr
from .model import ERROR, FileReport
from .reader.cells import unescape
from .reader.guards import FileError, check_directory
from .reader.package import Package, Rel, rels_entries, rels_name, workbook_declarations
from .reader.refs import cell_ref, col_index, split_cell

FILLS = {ERROR: "FFFFC7CE", "warning": "FFFFEB9C"}  # Excel's "bad" red and "neutral" yellow
AUTHOR = "finsam-xl"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_COMMENTS = REL_NS + "/comments"
REL_VML = REL_NS + "/vmlDrawing"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
# Elements that follow <legacyDrawing> in a worksheet (CT_Worksheet's sequence).
_AFTER_LEGACY = {"legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                 "webPublishItems", "tableParts", "extLst"}
_TAG_RE = re.compile(rb'<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|\'[^\']*\'))*\s*(/?)>')
_CELL_REF_RE = re.compile(r"^(?P<sheet>.+)!\$?(?P<c>[A-Z]{1,3})\$?(?P<r>\d+)"
                          r"(?:[–:-]\$?(?P=c)\$?(?P<r2>\d+))?$")
_SHAPE_ID_RE = re.compile(rb"_x0000_s(\d+)")
_IDMAP_RE = re.compile(rb'<[\w.-]+:idmap[^>]*data="([\d,]+)"')


class _Skip(Exception):
    """The copy cannot be made faithfully: none is written."""


@dataclass
class Mark:
    row: int
    col: int
    severity: str  # ERROR when any finding on the cell is an error
    text: str  # the note: one line per finding


# ----------------------------------------------------------------------------- marks


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


def write_marked_copy(report: FileReport, path: Path, fsync: bool = False) -> Path | None:
    """`marked_bytes` written atomically to `path`; None (nothing written) when there is no
    copy to make."""
    from .atomic import write_bytes_atomic

    data = marked_bytes(report)
    if data is None:
        return None
    return write_bytes_atomic(path, data, fsync=fsync)


def marked_bytes(report: FileReport) -> bytes | None:
    """The marked copy of the report's file, or None (see the module docstring)."""
    sub = report.submission
    wanted = marks(report)
    if sub is None or not wanted:
        return None
    try:
        data = Path(sub.path).read_bytes()
    except OSError:
        return None
    import hashlib

    if hashlib.sha256(data).hexdigest() != sub.sha256:
        return None  # changed since it was read: not the file the findings are about
    try:
        return _Copy(data).mark(wanted)
    except (_Skip, FileError, zipfile.BadZipFile, KeyError, ValueError):
        return None


# ----------------------------------------------------------------------------- XML scanning


@dataclass
class _El:
    qname: str
    attrs: dict
    start: int  # offset of '<'
    tag_end: int  # offset after the start tag's '>'
    end: int  # offset after the element ('/>' or its end tag)
    depth: int

    @property
    def local(self) -> str:
        return self.qname.rsplit(":", 1)[-1]

    @property
    def empty(self) -> bool:
        return self.tag_end == self.end


def _local(qname: str) -> str:
    return qname.rsplit(":", 1)[-1]


class _Scan:
    """expat over one part without namespace processing (qualified names as written), DTDs
    refused, byte offsets of every element `keep(path, attrs)` asks for (by default those
    less than `levels` deep). `path`: the local names from the root down to the element."""

    def __init__(self, data: bytes, levels: int = 2):
        import xml.parsers.expat as expat

        self.data = data
        self.levels = levels
        self.els: list[_El] = []
        self.stack: list[tuple[str, _El | None]] = []
        p = expat.ParserCreate()
        p.StartDoctypeDeclHandler = self._dtd
        p.EntityDeclHandler = self._dtd
        p.StartElementHandler = self._start
        p.EndElementHandler = self._end
        p.CharacterDataHandler = self._chars
        p.buffer_text = True
        self.parser = p

    def _dtd(self, *args):
        raise _Skip("dtd")

    def keep(self, path: list[str], attrs: dict) -> bool:
        return len(path) <= self.levels

    def chars(self, text: str) -> None:
        pass

    def _chars(self, text):
        self.chars(text)

    def run(self):
        import xml.parsers.expat as expat

        try:
            self.parser.Parse(self.data, True)
        except expat.ExpatError:
            raise _Skip("xml") from None
        return self

    def _start(self, name, attrs):
        start = self.parser.CurrentByteIndex
        path = [n for n, _e in self.stack] + [_local(name)]
        el = None
        if self.keep(path, attrs):
            m = _TAG_RE.match(self.data, start)
            if m is None:
                raise _Skip("tag")
            el = _El(name, attrs, start, m.end(), m.end() if m.group(1) else -1,
                     len(path) - 1)
            self.els.append(el)
        self.stack.append((_local(name), el))
        self.started(path, attrs, el)

    def started(self, path, attrs, el) -> None:
        pass

    def _end(self, name):
        _local_name, el = self.stack.pop()
        if el is not None and el.end < 0:
            i = self.parser.CurrentByteIndex
            el.end = self.data.index(b">", i) + 1
        self.ended(_local_name, el)

    def ended(self, name, el) -> None:
        pass

    def find(self, *path: str) -> list[_El]:
        """Kept elements at `path` (local names from the root)."""
        return [e for e in self.els if e.depth == len(path) - 1 and e.local == path[-1]]


class _SheetScan(_Scan):
    """A worksheet: its root's children, the rows and cells of `wanted` {(row, col)}, the
    first row after each wanted row (where a missing row goes), and the cells whose value or
    formula holds a personnummer."""

    def __init__(self, data: bytes, wanted: set[tuple[int, int]]):
        super().__init__(data)
        self.wanted = wanted
        self.rows_wanted = {r for r, _c in wanted}
        self.row = 0
        self.col = 0
        self.rows: dict[int, _El] = {}
        self.cells: dict[tuple[int, int], _El] = {}
        self.after: dict[int, int] = {}  # wanted row -> offset of the first row after it
        self.pnr_cells: list[tuple] = []  # ((row, col), cell, its value masked, as text)
        self.cell_text: list[str] | None = None
        self.cell_parts: dict[str, list[str]] = {}
        self.part: str | None = None  # the cell's child being read: "v", "t" or "f"

    def keep(self, path, attrs):
        if len(path) <= 2:
            return True
        if path[-1] == "row" and len(path) == 3:
            r = attrs.get("r")
            self.row = int(r) if r and r.isdigit() else self.row + 1
            self.col = 0
            for t in self.rows_wanted:
                if t < self.row and t not in self.rows and t not in self.after:
                    self.after[t] = self.parser.CurrentByteIndex
            return self.row in self.rows_wanted
        if path[-1] == "c" and len(path) == 4:
            ref = attrs.get("r")
            pos = split_cell(ref) if ref else None
            self.col = pos[1] if pos is not None else self.col + 1
            return True  # every cell: its text is looked at for a personnummer
        return False

    def started(self, path, attrs, el):
        if el is None:
            if self.cell_text is not None and path[-1] in ("v", "t", "f"):
                self.part = path[-1]
            return
        if el.local == "row" and el.depth == 2:
            self.rows[self.row] = el
        elif el.local == "c" and el.depth == 3:
            self.cell_parts = {"v": [], "t": [], "f": []}
            self.cell_text = []
            self.part = None

    def chars(self, text):
        if self.cell_text is not None and self.part is not None:
            self.cell_parts[self.part].append(text)

    def ended(self, name, el):
        if name in ("v", "t", "f"):
            self.part = None
        if el is None or el.local != "c" or el.depth != 3:
            return
        key = (self.row, self.col)
        parts = {k: "".join(v) for k, v in self.cell_parts.items()}
        self.cell_text = None
        if key in self.wanted:
            self.cells[key] = el
        if any(pnr.contains(v) for v in parts.values()):
            value = parts["t"] if el.attrs.get("t") == "inlineStr" else parts["v"]
            self.pnr_cells.append((key, el, pnr.mask(unescape(value))))
        elif key not in self.wanted and self.els[-1] is el:
            self.els.pop()  # cells are kept only while they are looked at: bounded memory


# ----------------------------------------------------------------------------- editing


def _edit(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """`data` with each (start, end, replacement) applied (non-overlapping spans)."""
    out = []
    pos = 0
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < pos:
            raise _Skip("overlap")
        out += [data[pos:start], new]
        pos = end
    out.append(data[pos:])
    return b"".join(out)


def _set_attrs(tag: bytes, values: dict[str, str]) -> bytes:
    """A start tag with attributes set (replaced where present, else added at the end)."""
    for name, value in values.items():
        new = f' {name}={quoteattr(value)}'.encode()
        pat = re.compile(rb'\s' + re.escape(name.encode()) + rb'\s*=\s*(?:"[^"]*"|\'[^\']*\')')
        m = pat.search(tag)
        if m:
            tag = tag[:m.start()] + new + tag[m.end():]
        else:
            close = 2 if tag.endswith(b"/>") else 1
            tag = tag[:-close].rstrip() + new + tag[-close:]
    return tag


_TEXT_NODE_RE = re.compile(rb">([^<]+)<")


def _mask_text_nodes(data: bytes) -> bytes:
    """Every personnummer in the text nodes of an XML part masked (attributes untouched)."""
    def repl(m: re.Match) -> bytes:
        raw = m.group(1).decode("utf-8")
        text = _xml_unescape(raw)
        if not pnr.contains(text):
            return m.group(0)
        return b">" + escape(pnr.mask(text)).encode("utf-8") + b"<"

    return _TEXT_NODE_RE.sub(repl, data)


def _xml_unescape(text: str) -> str:
    from html import unescape

    return unescape(text) if "&" in text else text


def _xml_part(data: bytes | None) -> bytes:
    """A part to edit (`_Copy.get`): none to edit without the part, or with a DTD."""
    if data is None:
        raise _Skip("missing")
    if re.search(rb"<!DOCTYPE", data, re.IGNORECASE):
        raise _Skip("dtd")
    return data


class _Copy:
    """The package being copied: its parts, edited in memory."""

    def __init__(self, data: bytes):
        self.zf = zipfile.ZipFile(io.BytesIO(data))
        check_directory(self.zf)  # the reader's guards, again
        self.pkg = Package(self.zf)
        self.infos = [i for i in self.zf.infolist()]
        self.names = {i.filename.replace("\\", "/").lstrip("/").lower(): i.filename
                      for i in self.infos}
        self.changed: dict[str, bytes] = {}  # real part name -> new bytes
        self.added: dict[str, bytes] = {}

    # --- parts

    def real(self, part: str) -> str | None:
        return self.names.get(part.lower())

    def get(self, part: str) -> bytes | None:
        name = self.real(part)
        if name is None:
            return self.added.get(part)
        if name in self.changed:
            return self.changed[name]
        return self.pkg.read(part)

    def put(self, part: str, data: bytes) -> None:
        name = self.real(part)
        if name is None:
            self.added[part] = data
        else:
            self.changed[name] = data

    def new_name(self, pattern: str) -> str:
        n = 1
        while self.real(pattern.format(n=n)) or pattern.format(n=n) in self.added:
            n += 1
        return pattern.format(n=n)

    # --- the whole copy

    def mark(self, wanted: dict[str, dict[tuple[int, int], Mark]]) -> bytes:
        if self.pkg.is_ods():
            raise _Skip("ods")
        wb_part = self.pkg.workbook_part()
        sheets = workbook_declarations(_xml_part(self.get(wb_part))).sheets
        rels = self.pkg.rels(wb_part)
        by_id = {rid: target for rid, _t, target in rels}
        parts = {name.lower(): by_id.get(rid) if rid is not None else None
                 for name, rid in sheets}
        styles_part = next((t for _r, typ, t in rels if typ.endswith("/styles")), None)
        if styles_part is None or self.get(styles_part) is None:
            raise _Skip("styles")
        styles = _Styles(_xml_part(self.get(styles_part)))
        for sheet_name, cells in wanted.items():
            part = parts.get(sheet_name.lower())
            if part is None or self.get(part) is None:
                continue
            self.mark_sheet(part, cells, styles)
        self.put(styles_part, styles.result())
        self.mask_texts()
        return self.write()

    def mark_sheet(self, part: str, cells: dict[tuple[int, int], Mark], styles) -> None:
        data = _xml_part(self.get(part))
        scan = _SheetScan(data, set(cells)).run()
        root = scan.els[0]
        if root.attrs.get("xmlns" + (":" + root.qname.split(":")[0] if ":" in root.qname
                                     else "")) != MAIN_NS:
            raise _Skip("strict")
        prefix = root.qname[:-len("worksheet")]
        masked = {key for key, _el, _text in scan.pnr_cells}
        edits = [self.masked_cell(el, text, prefix, cells.get(key), styles)
                 for key, el, text in scan.pnr_cells]
        missing: dict[int, list] = {}
        for key, mark in sorted(cells.items()):
            el = scan.cells.get(key)
            if el is None:
                missing.setdefault(key[0], []).append(mark)
            elif key not in masked:
                style = styles.marked(int(el.attrs.get("s") or 0), mark.severity)
                edits.append((el.start, el.tag_end, _set_attrs(data[el.start:el.tag_end],
                                                               {"s": str(style)})))
        for row, row_marks in missing.items():
            edits += self.missing_cells(scan, data, row, row_marks, styles, prefix)
        rels_data = self.get(rels_name(part))
        rel_entries = [] if rels_data is None else list(rels_entries(rels_data, part))
        notes = _Notes(self, part, rel_entries)
        legacy = [e for e in scan.els if e.depth == 1 and e.local == "legacyDrawing"]
        rid = notes.add(cells, has_legacy=bool(legacy))
        if rid is not None:
            edits.append(self.legacy_edit(scan, data, rid, prefix))
        self.put(part, _edit(data, edits))

    def missing_cells(self, scan, data, row, row_marks, styles, prefix):
        """Edits adding the marked cells of `row` that the sheet does not hold (in column
        order; a row that is not there either is added)."""
        def cell(mark):
            ref = cell_ref(row, mark.col)
            return f'<{prefix}c r="{ref}" s="{styles.marked(0, mark.severity)}"/>'.encode()

        row_el = scan.rows.get(row)
        if row_el is not None and row_el.empty:
            tag = data[row_el.start:row_el.tag_end]
            return [(row_el.start, row_el.end, tag[:-2].rstrip() + b">"
                     + b"".join(cell(m) for m in row_marks) + f"</{prefix}row>".encode())]
        if row_el is not None:
            edits = []
            held = sorted((e for (r, c), e in scan.cells.items() if r == row),
                          key=lambda e: e.start)
            for mark in row_marks:
                after = [e for e in held if (split_cell(e.attrs.get("r") or "") or
                                             (0, 0))[1] > mark.col]
                at = after[0].start if after else data.rindex(b"<", row_el.start, row_el.end)
                edits.append((at, at, cell(mark)))
            return edits
        new_row = (f'<{prefix}row r="{row}">'.encode() + b"".join(cell(m) for m in row_marks)
                   + f"</{prefix}row>".encode())
        sheet_data = next(e for e in scan.els if e.depth == 1 and e.local == "sheetData")
        if sheet_data.empty:
            tag = data[sheet_data.start:sheet_data.tag_end]
            return [(sheet_data.start, sheet_data.end, tag[:-2].rstrip() + b">" + new_row
                     + f"</{prefix}sheetData>".encode())]
        at = scan.after.get(row)
        if at is None:
            at = data.rindex(b"<", sheet_data.start, sheet_data.end)
        return [(at, at, new_row)]

    @staticmethod
    def masked_cell(el, text, prefix, mark, styles):
        """The cell `el` as a text cell holding `text` (its masked value), marked when it
        is named in a finding."""
        s = int(el.attrs.get("s") or 0)
        if mark is not None:
            s = styles.marked(s, mark.severity)
        ref = el.attrs.get("r")
        r_attr = f' r="{ref}"' if ref else ""
        new = (f'<{prefix}c{r_attr} s="{s}" t="inlineStr"><{prefix}is><{prefix}t '
               f'xml:space="preserve">{escape(text)}</{prefix}t></{prefix}is></{prefix}c>')
        return (el.start, el.end, new.encode("utf-8"))

    @staticmethod
    def legacy_edit(scan, data, rid, prefix):
        root = scan.els[0]
        r_prefix = next((k.split(":", 1)[1] for k, v in root.attrs.items()
                         if k.startswith("xmlns:") and v == REL_NS), None)
        if r_prefix:
            el = f'<{prefix}legacyDrawing {r_prefix}:id="{rid}"/>'
        else:
            el = f'<{prefix}legacyDrawing xmlns:r="{REL_NS}" r:id="{rid}"/>'
        after = [e for e in scan.els if e.depth == 1 and e.local in _AFTER_LEGACY]
        at = after[0].start if after else data.rindex(b"</")
        return (at, at, el.encode())

    def mask_texts(self) -> None:
        for key in list(self.names):
            if key == "xl/sharedstrings.xml" or key.startswith("docprops/") or \
                    re.match(r"xl/comments\d*\.xml$", key):
                data = self.get(key)
                if data is None:  # a folder entry of the zip ('docProps/'): no part
                    continue
                masked = _mask_text_nodes(_xml_part(data))
                if masked != data:
                    self.put(key, masked)

    def write(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
            for info in self.infos:
                data = self.changed.get(info.filename)
                if data is None:
                    data = self.zf.read(info)
                new = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                new.compress_type = zipfile.ZIP_DEFLATED
                new.external_attr = info.external_attr
                out.writestr(new, data)
            for name, data in self.added.items():
                out.writestr(zipfile.ZipInfo(name, date_time=self.infos[0].date_time), data,
                             compress_type=zipfile.ZIP_DEFLATED)
        return buf.getvalue()


class _Styles:
    """styles.xml with the marked styles appended."""

    def __init__(self, data: bytes):
        self.data = data
        scan = _Scan(data, levels=3).run()
        self.fills = _one(scan.find("styleSheet", "fills"))
        self.xfs_el = _one(scan.find("styleSheet", "cellXfs"))
        kids = [e for e in scan.els if e.depth == 2]
        self.n_fills = sum(1 for e in kids if self.fills.start < e.start < self.fills.end)
        self.xfs = [e for e in kids if self.xfs_el.start < e.start < self.xfs_el.end]
        self.fill_ids: dict[str, int] = {}
        self.new_fills: list[bytes] = []
        self.new_xfs: list[bytes] = []
        self.map: dict[tuple[int, str], int] = {}

    def fill(self, severity: str) -> int:
        if severity not in self.fill_ids:
            prefix = self.fills.qname[:-len("fills")]
            self.new_fills.append((
                f'<{prefix}fill><{prefix}patternFill patternType="solid"><{prefix}fgColor '
                f'rgb="{FILLS[severity]}"/><{prefix}bgColor indexed="64"/></{prefix}patternFill>'
                f'</{prefix}fill>').encode())
            self.fill_ids[severity] = self.n_fills + len(self.new_fills) - 1
        return self.fill_ids[severity]

    def marked(self, old: int, severity: str) -> int:
        key = (old, ERROR if severity == ERROR else "warning")
        if key not in self.map:
            if not 0 <= old < len(self.xfs):
                raise _Skip("style")
            xf = self.xfs[old]
            tag = _set_attrs(self.data[xf.start:xf.tag_end],
                             {"fillId": str(self.fill(key[1])), "applyFill": "1"})
            self.new_xfs.append(tag + self.data[xf.tag_end:xf.end])
            self.map[key] = len(self.xfs) + len(self.new_xfs) - 1
        return self.map[key]

    def result(self) -> bytes:
        if not self.new_xfs:
            return self.data
        edits = []
        for el, items, total in ((self.fills, self.new_fills, self.n_fills),
                                 (self.xfs_el, self.new_xfs, len(self.xfs))):
            if el.empty:
                raise _Skip("styles")
            tag = _set_attrs(self.data[el.start:el.tag_end],
                             {"count": str(total + len(items))})
            edits.append((el.start, el.tag_end, tag))
            close = self.data.rindex(b"</", el.start, el.end)
            edits.append((close, close, b"".join(items)))
        return _edit(self.data, edits)


def _one(els: list[_El]) -> _El:
    if len(els) != 1:
        raise _Skip("styles")
    return els[0]


class _Notes:
    """A sheet's comments part and VML drawing, created or extended."""

    def __init__(self, copy: _Copy, sheet_part: str, rels: list[Rel]):
        self.copy = copy
        self.sheet_part = sheet_part
        self.rels = rels

    def add(self, cells: dict[tuple[int, int], Mark], has_legacy: bool) -> str | None:
        """Add the notes; the relationship id of a new VML drawing (None when the sheet
        already has one)."""
        comments = next((t for _r, typ, t in self.rels if typ.endswith("/comments")), None)
        vml = next((t for _r, typ, t in self.rels if typ.endswith("/vmldrawing")), None)
        if has_legacy != (vml is not None) or (comments is None) != (vml is None):
            raise _Skip("notes")
        rel_adds = []
        if comments is None or vml is None:  # (both or neither, checked above)
            comments = self.copy.new_name("xl/comments{n}.xml")
            vml = self.copy.new_name("xl/drawings/vmlDrawing{n}.vml")
            self.copy.put(comments, _EMPTY_COMMENTS)
            self.copy.put(vml, _empty_vml(self.next_idmap()))
            self.content_types(comments)
            rel_adds = [("vml", vml), ("comments", comments)]
        had = self.extend_comments(comments, cells)
        self.extend_vml(vml, {k: m for k, m in cells.items() if k not in had})
        if not rel_adds:
            return None
        return self.add_rels(rel_adds)

    def extend_comments(self, part: str, cells: dict[tuple[int, int], Mark]
                        ) -> set[tuple[int, int]]:
        data = _xml_part(self.copy.get(part))
        scan = _Scan(data, levels=3).run()
        root = scan.els[0]
        prefix = root.qname[:-len("comments")]
        authors = _one(scan.find("comments", "authors"))
        n_authors = sum(1 for e in scan.els if e.depth == 2 and e.local == "author")
        clist = _one(scan.find("comments", "commentList"))
        existing = {split_cell(e.attrs.get("ref") or ""): e for e in scan.els
                    if e.depth == 2 and e.local == "comment"}
        edits = []
        author = f"<{prefix}author>{AUTHOR}</{prefix}author>".encode()
        if authors.empty:
            edits.append((authors.start, authors.end, f"<{prefix}authors>".encode() + author
                          + f"</{prefix}authors>".encode()))
        else:
            close = data.rindex(b"</", authors.start, authors.end)
            edits.append((close, close, author))
        new = []
        for key in sorted(cells):
            old = existing.get(key)
            text = cells[key].text
            if old is not None:
                before = _comment_text(data[old.tag_end:old.end])
                text = text + "\n\n" + M.MARK_EARLIER_NOTE.format(text=before)
            ref = cell_ref(key[0], key[1])
            xml = _comment(prefix, ref, n_authors, text)
            if old is not None:
                edits.append((old.start, old.end, xml))
            else:
                new.append(xml)
        if clist.empty:
            edits.append((clist.start, clist.end, f"<{prefix}commentList>".encode()
                          + b"".join(new) + f"</{prefix}commentList>".encode()))
        else:
            close = data.rindex(b"</", clist.start, clist.end)
            edits.append((close, close, b"".join(new)))
        self.copy.put(part, _edit(data, edits))
        return {k for k in cells if k in existing}

    def extend_vml(self, part: str, cells: dict[tuple[int, int], Mark]) -> None:
        data = self.copy.get(part)
        if data is None or b"</xml>" not in data:
            raise _Skip("vml")
        ids = [int(x) for x in _SHAPE_ID_RE.findall(data)]
        idmap = _IDMAP_RE.search(data)
        first = int(idmap.group(1).split(b",")[0]) * 1024 + 1 if idmap else 1025
        shape_id = max(ids + [first - 1]) + 1
        prefixes, decls = _vml_prefixes(data)
        shapes = []
        if b'id="_x0000_t202"' not in data:
            shapes.append(_shapetype(prefixes, decls).encode())
        for i, key in enumerate(sorted(cells)):
            shapes.append(_shape(shape_id + i, *key, len(ids) + i + 1, prefixes, decls))
        at = data.rindex(b"</xml>")
        self.copy.put(part, data[:at] + b"".join(shapes) + data[at:])

    def next_idmap(self) -> int:
        used = [0]
        for key in self.copy.names:
            if key.endswith(".vml"):
                m = _IDMAP_RE.search(self.copy.get(key) or b"")
                if m:
                    used += [int(x) for x in m.group(1).split(b",") if x]
        return max(used) + 1

    def content_types(self, comments: str) -> None:
        part = "[Content_Types].xml"
        data = _xml_part(self.copy.get(part))
        at = data.rindex(b"</")
        edits = [(at, at, f'<Override PartName="/{comments}" '
                          f'ContentType="{CT_COMMENTS}"/>'.encode())]
        if not re.search(rb'<Default\s+Extension="vml"', data, re.IGNORECASE):
            first = data.find(b"<Override")  # the Defaults first, as Office writes them
            first = at if first < 0 else first
            edits.append((first, first, f'<Default Extension="vml" '
                                        f'ContentType="{CT_VML}"/>'.encode()))
        self.copy.put(part, _edit(data, edits))

    def add_rels(self, adds: list[tuple[str, str]]) -> str | None:
        part = rels_name(self.sheet_part)
        data = self.copy.get(part)
        if data is None:
            data = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                    b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    b'</Relationships>')
        taken = set(re.findall(rb'Id="([^"]*)"', data))
        xml, vml_id, n = [], None, 1
        for kind, target in adds:
            while f"rId{n}".encode() in taken:
                n += 1
            rid = f"rId{n}"
            taken.add(rid.encode())
            rel = _relative(self.sheet_part, target)
            typ = REL_VML if kind == "vml" else REL_COMMENTS
            xml.append(f'<Relationship Id="{rid}" Type="{typ}" Target="{rel}"/>')
            vml_id = rid if kind == "vml" else vml_id
        at = data.rindex(b"</")
        self.copy.put(part, data[:at] + "".join(xml).encode() + data[at:])
        return vml_id


def _relative(source: str, target: str) -> str:
    import posixpath

    return posixpath.relpath(target, posixpath.dirname(source))


def _comment_text(xml: bytes) -> str:
    """The plain text of a <comment>'s content (its <t> elements, phonetic runs skipped)."""
    text = re.sub(rb"<(\w+:)?rPh\b.*?</(\w+:)?rPh>", b"", xml, flags=re.S)
    parts = re.findall(rb"<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)</(?:\w+:)?t>", text)
    return _xml_unescape(b"".join(parts).decode("utf-8"))


def _comment(prefix: str, ref: str, author: int, text: str) -> bytes:
    p = prefix
    return (f'<{p}comment ref="{ref}" authorId="{author}"><{p}text><{p}r><{p}rPr>'
            f'<{p}sz val="8"/><{p}color indexed="81"/><{p}rFont val="Tahoma"/>'
            f'<{p}family val="2"/></{p}rPr><{p}t xml:space="preserve">{escape(text)}</{p}t>'
            f'</{p}r></{p}text></{p}comment>').encode("utf-8")


_EMPTY_COMMENTS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   b'<comments xmlns="' + MAIN_NS.encode() + b'"><authors/><commentList/>'
                   b'</comments>')
_VML_NS = {"v": "urn:schemas-microsoft-com:vml", "o": "urn:schemas-microsoft-com:office:office",
           "x": "urn:schemas-microsoft-com:office:excel"}
_XMLNS_RE = re.compile(rb'xmlns:([\w.-]+)\s*=\s*["\']([^"\']*)["\']')


def _vml_prefixes(data: bytes) -> tuple[dict[str, str], str]:
    """The prefixes a VML part's root declares for the v, o and x namespaces (openpyxl
    writes ns0, ns1, ns2), and the declarations a new element needs for the others."""
    root = re.search(rb"<[^!?][^>]*>", data)
    declared = {ns.decode(): prefix.decode()
                for prefix, ns in _XMLNS_RE.findall(root.group(0) if root else b"")}
    prefixes, extra = {}, []
    for std, ns in _VML_NS.items():
        if ns in declared:
            prefixes[std] = declared[ns]
        else:
            prefixes[std] = std
            extra.append(f' xmlns:{std}="{ns}"')
    return prefixes, "".join(extra)


def _shapetype(p: dict[str, str], decls: str = "") -> str:
    v, o = p["v"], p["o"]
    return (f'<{v}:shapetype{decls} id="_x0000_t202" coordsize="21600,21600" {o}:spt="202" '
            f'path="m,l,21600r21600,l21600,xe"><{v}:stroke joinstyle="miter"/><{v}:path '
            f'gradientshapeok="t" {o}:connecttype="rect"/></{v}:shapetype>')


def _empty_vml(idmap: int) -> bytes:
    return ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:'
            'office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout '
            f'v:ext="edit"><o:idmap v:ext="edit" data="{idmap}"/></o:shapelayout>'
            + _shapetype(dict(zip("vox", "vox", strict=True))) + '</xml>').encode()


def _shape(shape_id: int, row: int, col: int, z: int, p: dict[str, str], decls: str) -> bytes:
    """A hidden note box for the cell at (row, col) (1-based), as xlsxwriter writes one:
    anchored one column to the right, four columns wide and seven rows high. `p`: the
    part's prefixes for v, o and x; `decls`: namespace declarations the part lacks."""
    v, o, x = p["v"], p["o"], p["x"]
    r, c = row - 1, col - 1
    anchor = f"{c + 1}, 15, {max(r - 1, 0)}, 10, {c + 5}, 15, {r + 7}, 4"
    return (f'<{v}:shape{decls} id="_x0000_s{shape_id}" type="#_x0000_t202" style="position:'
            f'absolute;margin-left:{59.25 + 48 * c:.2f}pt;margin-top:'
            f'{1.5 + 15 * max(r - 1, 0):.1f}pt;width:192pt;height:100.5pt;z-index:{z};'
            f'visibility:hidden" fillcolor="#ffffe1" {o}:insetmode="auto"><{v}:fill '
            f'color2="#ffffe1"/><{v}:shadow on="t" color="black" obscured="t"/><{v}:path '
            f'{o}:connecttype="none"/><{v}:textbox style="mso-direction-alt:auto"><div '
            f'style="text-align:left"></div></{v}:textbox><{x}:ClientData ObjectType="Note">'
            f'<{x}:MoveWithCells/><{x}:SizeWithCells/><{x}:Anchor>{anchor}</{x}:Anchor>'
            f'<{x}:AutoFill>False</{x}:AutoFill><{x}:Row>{r}</{x}:Row><{x}:Column>{c}'
            f'</{x}:Column></{x}:ClientData></{v}:shape>').encode()
