"""Notes on the marked cells: a comments part (`xl/commentsN.xml`) and a legacy VML drawing
(`xl/drawings/vmlDrawingN.vml`) as xlsxwriter writes them, with their relationships and
content types; a sheet that already has notes (a prefilled template's) keeps them: a new
note is added to its parts, and a cell that had a note gets the finding before the old
text."""

from __future__ import annotations

import re
from typing import Protocol
from xml.sax.saxutils import escape

from ... import messages as M
from ...reader.package import Rel, rels_name
from ...reader.refs import cell_ref, split_cell
from .marks import Mark
from .xml import Scan, Skip, edit, one, xml_part, xml_unescape


class Parts(Protocol):
    """The parts of the package being copied (`package.Copy`)."""

    names: dict[str, str]

    def get(self, part: str) -> bytes | None: ...

    def put(self, part: str, data: bytes) -> None: ...

    def new_name(self, pattern: str) -> str: ...

AUTHOR = "finsam-xl"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_COMMENTS = REL_NS + "/comments"
REL_VML = REL_NS + "/vmlDrawing"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
_SHAPE_ID_RE = re.compile(rb"_x0000_s(\d+)")
_IDMAP_RE = re.compile(rb'<[\w.-]+:idmap[^>]*data="([\d,]+)"')


class Notes:
    """A sheet's comments part and VML drawing, created or extended."""

    def __init__(self, copy: Parts, sheet_part: str, rels: list[Rel]):
        self.copy = copy
        self.sheet_part = sheet_part
        self.rels = rels

    def add(self, cells: dict[tuple[int, int], Mark], has_legacy: bool) -> str | None:
        """Add the notes; the relationship id of a new VML drawing (None when the sheet
        already has one)."""
        comments = next((t for _r, typ, t in self.rels if typ.endswith("/comments")), None)
        vml = next((t for _r, typ, t in self.rels if typ.endswith("/vmldrawing")), None)
        if has_legacy != (vml is not None) or (comments is None) != (vml is None):
            raise Skip("notes")
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
        data = xml_part(self.copy.get(part))
        scan = Scan(data, levels=3).run()
        root = scan.els[0]
        prefix = root.qname[:-len("comments")]
        authors = one(scan.find("comments", "authors"))
        n_authors = sum(1 for e in scan.els if e.depth == 2 and e.local == "author")
        clist = one(scan.find("comments", "commentList"))
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
        self.copy.put(part, edit(data, edits))
        return {k for k in cells if k in existing}

    def extend_vml(self, part: str, cells: dict[tuple[int, int], Mark]) -> None:
        data = self.copy.get(part)
        if data is None or b"</xml>" not in data:
            raise Skip("vml")
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
        data = xml_part(self.copy.get(part))
        at = data.rindex(b"</")
        edits = [(at, at, f'<Override PartName="/{comments}" '
                          f'ContentType="{CT_COMMENTS}"/>'.encode())]
        if not re.search(rb'<Default\s+Extension="vml"', data, re.IGNORECASE):
            first = data.find(b"<Override")  # the Defaults first, as Office writes them
            first = at if first < 0 else first
            edits.append((first, first, f'<Default Extension="vml" '
                                        f'ContentType="{CT_VML}"/>'.encode()))
        self.copy.put(part, edit(data, edits))

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
    return xml_unescape(b"".join(parts).decode("utf-8"))


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
