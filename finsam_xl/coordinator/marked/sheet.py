"""The marked cells of a worksheet: each gets a style with the fill of its severity (an
empty cell the file does not hold is added to its row), a cell whose value or formula
holds a personnummer becomes a text cell with the masked text, and `<legacyDrawing>` is
added where the schema puts it when the sheet gets its first notes."""

from __future__ import annotations

from xml.sax.saxutils import escape

from ... import pnr
from ...reader.cells import unescape
from ...reader.package import rels_entries, rels_name
from ...reader.refs import cell_ref, split_cell
from .notes import REL_NS, Notes
from .xml import El, Scan, Skip, edit, set_attrs, xml_part

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# Elements that follow <legacyDrawing> in a worksheet (CT_Worksheet's sequence).
AFTER_LEGACY = {"legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                 "webPublishItems", "tableParts", "extLst"}


class SheetScan(Scan):
    """A worksheet: its root's children, the rows and cells of `wanted` {(row, col)}, the
    first row after each wanted row (where a missing row goes), and the cells whose value or
    formula holds a personnummer."""

    def __init__(self, data: bytes, wanted: set[tuple[int, int]]):
        super().__init__(data)
        self.wanted = wanted
        self.rows_wanted = {r for r, _c in wanted}
        self.row = 0
        self.col = 0
        self.rows: dict[int, El] = {}
        self.cells: dict[tuple[int, int], El] = {}
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


def mark_sheet(copy, part: str, cells: dict, styles) -> None:
    """Mark `cells` {(row, col): Mark} of the worksheet `part` of `copy` (a `Copy`)."""
    data = xml_part(copy.get(part))
    scan = SheetScan(data, set(cells)).run()
    root = scan.els[0]
    if root.attrs.get("xmlns" + (":" + root.qname.split(":")[0] if ":" in root.qname
                                 else "")) != MAIN_NS:
        raise Skip("strict")
    prefix = root.qname[:-len("worksheet")]
    masked = {key for key, _el, _text in scan.pnr_cells}
    edits = [masked_cell(el, text, prefix, cells.get(key), styles)
             for key, el, text in scan.pnr_cells]
    missing: dict[int, list] = {}
    for key, mark in sorted(cells.items()):
        el = scan.cells.get(key)
        if el is None:
            missing.setdefault(key[0], []).append(mark)
        elif key not in masked:
            style = styles.marked(int(el.attrs.get("s") or 0), mark.severity)
            edits.append((el.start, el.tag_end, set_attrs(data[el.start:el.tag_end],
                                                           {"s": str(style)})))
    for row, row_marks in missing.items():
        edits += missing_cells(scan, data, row, row_marks, styles, prefix)
    rels_data = copy.get(rels_name(part))
    rel_entries = [] if rels_data is None else list(rels_entries(rels_data, part))
    notes = Notes(copy, part, rel_entries)
    legacy = [e for e in scan.els if e.depth == 1 and e.local == "legacyDrawing"]
    rid = notes.add(cells, has_legacy=bool(legacy))
    if rid is not None:
        edits.append(legacy_edit(scan, data, rid, prefix))
    copy.put(part, edit(data, edits))


def missing_cells(scan, data, row, row_marks, styles, prefix):
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


def legacy_edit(scan, data, rid, prefix):
    root = scan.els[0]
    r_prefix = next((k.split(":", 1)[1] for k, v in root.attrs.items()
                     if k.startswith("xmlns:") and v == REL_NS), None)
    if r_prefix:
        el = f'<{prefix}legacyDrawing {r_prefix}:id="{rid}"/>'
    else:
        el = f'<{prefix}legacyDrawing xmlns:r="{REL_NS}" r:id="{rid}"/>'
    after = [e for e in scan.els if e.depth == 1 and e.local in AFTER_LEGACY]
    at = after[0].start if after else data.rindex(b"</")
    return (at, at, el.encode())
