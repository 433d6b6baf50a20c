"""The marked copy's notes, written afresh: a comments part (`xl/comments1.xml`) and a legacy
VML drawing (`xl/drawings/vmlDrawing1.vml`), as xlsxwriter writes them, holding the report
sheet's own notes (a prefilled template's, the coordinator's), their text and authors
masked and as plain text, and a note for every marked cell (the finding, then the note the
cell had). Nothing else of the file's notes parts is copied: not their formatting, not a
note's place or size, not another sheet's notes, not threaded comments or their persons.
Every text goes through `clean.ooxml_text` (a control character in a file name or a
finding can never make the part unreadable). Standard library only."""

from __future__ import annotations

from dataclasses import dataclass

from ... import messages as M
from ... import pnr
from ...reader.cells import unescape
from ...reader.refs import cell_ref, split_cell
from .clean import KEEP, TREE, XML_DECL, Cleaner, esc_attr, esc_text, ooxml_text, run_texts
from .marks import Mark

AUTHOR = "finsam-xl"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_COMMENTS = REL_NS + "/comments"
REL_VML = REL_NS + "/vmlDrawing"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
COMMENTS_PART = "xl/comments1.xml"
VML_PART = "xl/drawings/vmlDrawing1.vml"


@dataclass
class Note:
    row: int
    col: int
    author: str  # plain text, masked
    text: str  # plain text, masked


class _Existing(Cleaner):
    """The notes of a comments part: their authors and plain texts, masked."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.authors: list[str] = []
        self.notes: list[tuple[str, int, str]] = []  # (ref, author index, text)

    def action(self, path, name, attrs):
        if len(path) == 3 and path[-1] in ("author", "comment"):
            return TREE
        return KEEP

    def tree(self, path, node):
        if node.local == "author":
            self.authors.append(pnr.mask(unescape(node.text())))
        else:
            text = next(iter(node.children("text")), None)
            author = node.get("authorId") or ""
            self.notes.append((node.get("ref") or "", int(author) if author.isdigit() else -1,
                               "" if text is None else pnr.mask(unescape(run_texts(text)))))
        return None


def existing_notes(data: bytes | None) -> list[Note]:
    """The notes of the report sheet's comments part (none without one)."""
    if data is None:
        return []
    found = _Existing(data)
    found.run()
    out = []
    for ref, author, text in found.notes:
        pos = split_cell(ref)
        if pos is None:
            continue
        name = found.authors[author] if 0 <= author < len(found.authors) else ""
        out.append(Note(pos[0], pos[1], name, text))
    return out


def all_notes(existing: list[Note], cells: dict[tuple[int, int], Mark]) -> list[Note]:
    """The copy's notes, by cell: each marked cell's finding (with the note it had after
    it), and the other notes as they were."""
    by_cell = {(n.row, n.col): n for n in existing}
    for key, mark in cells.items():
        old = by_cell.get(key)
        text = mark.text
        if old is not None and old.text:
            text += "\n\n" + M.MARK_EARLIER_NOTE.format(text=old.text)
        by_cell[key] = Note(key[0], key[1], AUTHOR, text)
    return [by_cell[k] for k in sorted(by_cell)]


def comments_part(notes: list[Note]) -> bytes:
    authors: list[str] = []
    for n in notes:
        if n.author not in authors:
            authors.append(n.author)
    out = [f'<comments xmlns="{MAIN_NS}"><authors>']
    out += [f"<author>{esc_text(ooxml_text(a))}</author>" for a in authors]
    out.append("</authors><commentList>")
    for n in notes:
        out.append(
            f'<comment ref="{cell_ref(n.row, n.col)}" authorId="{authors.index(n.author)}">'
            '<text><r><rPr><sz val="8"/><color indexed="81"/><rFont val="Tahoma"/>'
            '<family val="2"/></rPr><t xml:space="preserve">'
            f"{esc_text(ooxml_text(n.text))}</t></r></text></comment>")
    out.append("</commentList></comments>")
    return XML_DECL + "".join(out).encode("utf-8")


def vml_part(notes: list[Note]) -> bytes:
    """A hidden note box per note, as xlsxwriter writes them."""
    shapes = "".join(_shape(1025 + i, n.row, n.col, i + 1) for i, n in enumerate(notes))
    return ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:'
            'office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout '
            'v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shapetype '
            'id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
            'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path '
            'gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' + shapes + "</xml>"
            ).encode("utf-8")


def sheet_rels() -> bytes:
    """The report sheet's relationships: its notes' drawing (rId1) and comments (rId2)."""
    return (XML_DECL + b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'relationships"><Relationship Id="rId1" Type="' + REL_VML.encode()
            + b'" Target="../drawings/vmlDrawing1.vml"/><Relationship Id="rId2" Type="'
            + REL_COMMENTS.encode() + b'" Target="../comments1.xml"/></Relationships>')


def _shape(shape_id: int, row: int, col: int, z: int) -> str:
    """A hidden note box for the cell at (row, col) (1-based), as xlsxwriter writes one:
    anchored one column to the right, four columns wide and seven rows high."""
    r, c = row - 1, col - 1
    anchor = f"{c + 1}, 15, {max(r - 1, 0)}, 10, {c + 5}, 15, {r + 7}, 4"
    return (f'<v:shape id="_x0000_s{shape_id}" type="#_x0000_t202" style="position:'
            f'absolute;margin-left:{59.25 + 48 * c:.2f}pt;margin-top:'
            f'{1.5 + 15 * max(r - 1, 0):.1f}pt;width:192pt;height:100.5pt;z-index:{z};'
            f'visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill '
            f'color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path '
            f'o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div '
            f'style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note">'
            f'<x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{esc_attr(anchor)}</x:Anchor>'
            f'<x:AutoFill>False</x:AutoFill><x:Row>{r}</x:Row><x:Column>{c}'
            f'</x:Column></x:ClientData></v:shape>')
