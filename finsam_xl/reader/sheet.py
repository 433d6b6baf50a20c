"""The wanted cells of a worksheet part, and the wanted strings of a shared-strings part:
one tree path and one streaming path for each.

  - a part up to TREE_MAX_BYTES is parsed as a tree (`safexml`, the C parser; a sheet only
    up to its `</sheetData>`, `safexml.parse_head`), and only the rows that hold wanted
    cells are looked at;
  - a larger part is streamed through expat and parsing stops after the last wanted row
    (or string): bounded memory, whatever the sheet's size.
Nothing is sized from a sheet's `<dimension>` or its used range, so a cell at XFD1048576
costs nothing. A cell comes back as `cells.RawCell` (t, <v> text, inline string text with
rich-text runs joined and phonetic runs skipped, style index, formula text).

Measured (docs/reader.md): parsing a template's sheet only up to `</sheetData>` saves
~0.08 ms per file over parsing all of it; the slicing of rows out of the bytes that it
replaced saved ~0.06 ms more, for much more code and a list of soundness conditions.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .cells import RawCell
from .guards import Corrupt
from .package import Package, cached
from .refs import cell_ref, split_cell, whole_number
from .safexml import Stop, Stream, ns_of, parse, parse_head

# Sheet and shared-strings parts up to this size are parsed as a tree by the C parser (fast);
# larger ones are streamed with an early stop (bounded memory).
TREE_MAX_BYTES = 1024 * 1024

Pos = tuple[int, int]  # (row, col), 1-based


def sheet_cells(pkg: Package, part: str, wanted: set[Pos]) -> dict[Pos, RawCell]:
    """The cells at `wanted` positions of a worksheet part (those the sheet holds). Raises
    Corrupt."""
    info = pkg.info(part)
    if info is None:
        raise Corrupt("missing-part")
    if info.file_size <= TREE_MAX_BYTES:
        data = pkg.read(part) or b""
        root = parse_head(data, b"</sheetData>")
        return tree_cells(parse(data) if root is None else root, wanted)
    parser = SheetCells(wanted)
    with pkg.open(part) as fh:
        parser.feed(fh)
    return parser.found


def shared_strings(pkg: Package, part: str, wanted: set[int]) -> dict[int, str]:
    """The strings at `wanted` indices of a shared-strings part (those it holds)."""
    info = pkg.info(part)
    if info is None:
        raise Corrupt("missing-part")
    if info.file_size <= TREE_MAX_BYTES:
        return tree_strings(parse(pkg.read(part) or b""), wanted)
    parser = SharedStrings(wanted)
    with pkg.open(part) as fh:
        parser.feed(fh)
    return parser.found


# ----------------------------------------------------------------------------- tree path


@cached
def _wanted_refs(wanted: frozenset[Pos]) -> tuple[frozenset[int], dict[str, Pos]]:
    """The rows of the wanted cells, and their canonical refs ('B15') -> (row, col); the
    same few sets for every file of a template version. Read-only for the callers."""
    return frozenset(r for r, _ in wanted), {cell_ref(r, c): (r, c) for r, c in wanted}


def tree_cells(root: ET.Element, wanted: set[Pos]) -> dict[Pos, RawCell]:
    """The wanted cells of a parsed sheet: C-speed iteration, rows that hold no wanted
    cell are skipped without looking at their cells."""
    ns = ns_of(root)
    sheet_data = root.find(ns + "sheetData")
    found: dict[Pos, RawCell] = {}
    if sheet_data is None:
        return found
    rows, refs = _wanted_refs(frozenset(wanted))
    max_row = max(rows)
    row = 0
    row_tag = ns + "row"
    for row_el in sheet_data:
        if row_el.tag != row_tag:
            continue
        r = row_el.get("r")  # as refs.whole_number, inline: every row of the sheet
        row = int(r) if r and r.isdigit() and r.isascii() else row + 1
        if row > max_row:
            break
        if row in rows:
            _row_cells(row_el, row, ns, wanted, refs, found)
    return found


def _row_cells(row_el: ET.Element, row: int, ns: str, wanted: set[Pos],
               refs: dict[str, Pos], found: dict[Pos, RawCell]) -> None:
    """The wanted cells of one parsed row into `found`. A cell without r= follows the one
    before it; the column of a cell with r= is only computed when needed."""
    c_tag = ns + "c"
    col = 0
    last_ref = None
    for c in row_el:
        if c.tag != c_tag:
            continue
        ref = c.get("r")
        if ref:
            key = refs.get(ref)
            if key is None:
                # canonical refs (upper case, no '$') that are not in `refs` are not
                # wanted; anything else is parsed
                pos = None if ref.isupper() and "$" not in ref else split_cell(ref)
                if pos is None or pos[0] != row or pos not in wanted:
                    last_ref = ref
                    continue
                key = pos
            col, last_ref = key[1], None
        else:
            if last_ref is not None:
                pos = split_cell(last_ref)
                col = pos[1] if pos is not None else col + 1
                last_ref = None
            col += 1
            key = (row, col)
            if key not in wanted:
                continue
        found[key] = _tree_cell(c, ns)


def _tree_cell(c: ET.Element, ns: str) -> RawCell:
    v = inline = formula = None
    v_tag, is_tag, f_tag = ns + "v", ns + "is", ns + "f"
    for child in c:
        if child.tag == v_tag:
            v = child.text or ""
        elif child.tag == is_tag:
            inline = _rich_text(child, ns)
        elif child.tag == f_tag:
            formula = child.text or ""
    return c.get("t"), v, inline, c.get("s"), formula


def _rich_text(el: ET.Element, ns: str) -> str:
    """Text of a <si> or <is>: its <t>, or its runs' <t>s joined (phonetic <rPh> skipped)."""
    t = el.find(ns + "t")
    if t is not None:
        return t.text or ""
    return "".join(rt.text or "" for r in el.iterfind(ns + "r") for rt in r.iterfind(ns + "t"))


def tree_strings(root: ET.Element, wanted: set[int]) -> dict[int, str]:
    ns = ns_of(root)
    last = max(wanted)
    found = {}
    for i, si in enumerate(root.iterfind(ns + "si")):
        if i > last:
            break
        if i in wanted:
            found[i] = _rich_text(si, ns)
    return found


# ----------------------------------------------------------------------------- streaming path


class SheetCells(Stream):
    """Collects the raw cells at `wanted` positions of one worksheet (`found`), stopping
    after the last wanted row."""

    def __init__(self, wanted: set[Pos]):
        super().__init__()
        self.wanted = wanted
        self.max_row = max(r for r, _ in wanted)
        self.found: dict[Pos, RawCell] = {}
        self.row = 0
        self.col = 0
        self.cur: Pos | None = None  # (row, col) being captured
        self.t: str | None = None
        self.v: str | None = None
        self.inline: str | None = None
        self.s: str | None = None  # style index (attribute s)
        self.f: str | None = None  # formula text ('' for a shared formula's reference)
        self.mode: str | None = None  # "v" | "t" | "f"
        self.in_rph = 0
        self.in_is = False

    def start(self, name: str, attrs: dict) -> None:
        if name == "c":
            self._cell(attrs)
        elif name == "row":
            r = whole_number(attrs.get("r"))
            self.row = self.row + 1 if r is None else r
            self.col = 0
            if self.row > self.max_row:
                raise Stop()
        elif self.cur is not None:
            if name == "v":
                self.mode, self.v = "v", ""
            elif name == "f":
                self.mode, self.f = "f", ""
            elif name == "is":
                self.in_is, self.inline = True, ""
            elif name == "rPh":
                self.in_rph += 1
            elif name == "t" and self.in_is and not self.in_rph:
                self.mode = "t"

    def _cell(self, attrs: dict) -> None:
        ref = attrs.get("r")
        pos = split_cell(ref) if ref else None
        if pos is not None:
            self.row, self.col = pos
        else:
            self.col += 1
        if self.row > self.max_row:
            raise Stop()
        key = (self.row, self.col)
        if key in self.wanted:
            self.cur, self.t, self.v, self.inline = key, attrs.get("t"), None, None
            self.s, self.f = attrs.get("s"), None

    def end(self, name: str) -> None:
        if name == "c" and self.cur is not None:
            self.found[self.cur] = (self.t, self.v, self.inline, self.s, self.f)
            self.cur = None
            self.mode = None
            if len(self.found) == len(self.wanted):
                raise Stop()
        elif name in ("v", "t", "f"):
            self.mode = None
        elif name == "is":
            self.in_is = False
        elif name == "rPh":
            self.in_rph -= 1
        elif name == "sheetData":
            raise Stop()

    def chars(self, text: str) -> None:
        if self.mode == "v":
            self.v = (self.v or "") + text
        elif self.mode == "t":
            self.inline = (self.inline or "") + text
        elif self.mode == "f":
            self.f = (self.f or "") + text


class SharedStrings(Stream):
    """The shared strings at `wanted` indices (`found`; rich-text runs joined, phonetic
    runs skipped), stopping after the last one."""

    def __init__(self, wanted: set[int]):
        super().__init__()
        self.wanted = wanted
        self.last = max(wanted)
        self.index = -1
        self.found: dict[int, str] = {}
        self.buf: list[str] | None = None
        self.in_t = False
        self.in_rph = 0

    def start(self, name: str, attrs: dict) -> None:
        if name == "si":
            self.index += 1
            if self.index > self.last:
                raise Stop()
            self.buf = [] if self.index in self.wanted else None
        elif name == "rPh":
            self.in_rph += 1
        elif name == "t" and self.buf is not None and not self.in_rph:
            self.in_t = True

    def end(self, name: str) -> None:
        if name == "si":
            if self.buf is not None:
                self.found[self.index] = "".join(self.buf)
                if len(self.found) == len(self.wanted):
                    raise Stop()
            self.buf = None
        elif name == "t":
            self.in_t = False
        elif name == "rPh":
            self.in_rph -= 1

    def chars(self, text: str) -> None:
        if self.in_t and self.buf is not None:
            self.buf.append(text)
