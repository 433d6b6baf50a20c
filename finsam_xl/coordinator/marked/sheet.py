"""The marked cells of a worksheet the copy keeps (`sheetclean.py` wrote it again): each
gets a style with the fill of its severity (an empty cell the file does not hold is added
to its row), and `<legacyDrawing>` names the notes' drawing (`notes.py`) at the end of the
sheet, where the schema puts it (everything that may follow it is left out of the copy)."""

from __future__ import annotations

from ...reader.refs import cell_ref, split_cell
from .notes import REL_NS
from .xml import El, Scan, edit, set_attrs


class SheetScan(Scan):
    """A worksheet: its root's children, the rows and cells of `wanted` {(row, col)}, and
    the first row after each wanted row (where a missing row goes)."""

    def __init__(self, data: bytes, wanted: set[tuple[int, int]]):
        super().__init__(data)
        self.wanted = wanted
        self.rows_wanted = {r for r, _c in wanted}
        self.row = 0
        self.col = 0
        self.rows: dict[int, El] = {}
        self.cells: dict[tuple[int, int], El] = {}
        self.after: dict[int, int] = {}  # wanted row -> offset of the first row after it
        self.in_row: dict[int, list[tuple[int, int]]] = {}  # wanted row -> [(col, offset)]

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
            if self.row in self.rows_wanted:
                self.in_row.setdefault(self.row, []).append(
                    (self.col, self.parser.CurrentByteIndex))
            return (self.row, self.col) in self.wanted
        return False

    def started(self, path, attrs, el):
        if el is None:
            return
        if el.local == "row" and el.depth == 2:
            self.rows[self.row] = el
        elif el.local == "c" and el.depth == 3:
            self.cells[(self.row, self.col)] = el


def mark_sheet(data: bytes, cells: dict, styles) -> bytes:
    """The worksheet `data` (as `sheetclean` wrote it) with `cells` {(row, col): Mark}
    marked and its notes' drawing named (relationship rId1, `notes.sheet_rels`)."""
    scan = SheetScan(data, set(cells)).run()
    root = scan.els[0]
    prefix = root.qname[:-len("worksheet")]
    edits = []
    missing: dict[int, list] = {}
    for key, mark in sorted(cells.items()):
        el = scan.cells.get(key)
        if el is None:
            missing.setdefault(key[0], []).append(mark)
        else:
            style = styles.marked(int(el.attrs.get("s") or 0), mark.severity)
            edits.append((el.start, el.tag_end, set_attrs(data[el.start:el.tag_end],
                                                           {"s": str(style)})))
    for row, row_marks in missing.items():
        edits += missing_cells(scan, data, row, row_marks, styles, prefix)
    edits.append(legacy_edit(scan, data, "rId1", prefix))
    return edit(data, edits)


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
        held = scan.in_row.get(row, [])
        for mark in row_marks:  # before the first cell of a later column, else at the end
            at = next((start for col, start in held if col > mark.col),
                      data.rindex(b"<", row_el.start, row_el.end))
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


def legacy_edit(scan, data, rid, prefix):
    root = scan.els[0]
    r_prefix = next((k.split(":", 1)[1] for k, v in root.attrs.items()
                     if k.startswith("xmlns:") and v == REL_NS), None)
    if r_prefix:
        el = f'<{prefix}legacyDrawing {r_prefix}:id="{rid}"/>'
    else:
        el = f'<{prefix}legacyDrawing xmlns:r="{REL_NS}" r:id="{rid}"/>'
    at = data.rindex(b"</")
    return (at, at, el.encode())
