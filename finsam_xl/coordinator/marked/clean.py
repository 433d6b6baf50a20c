"""Every XML part the marked copy keeps is written again through expat (`Cleaner`), never
copied as it came: the elements and attributes a subclass allows, as they were written
(qualified names, namespace declarations and `mc:Ignorable` are attributes like any other),
text escaped again, and nothing else: no comment, processing instruction or DTD (a DTD:
no copy), no `mc:AlternateContent` (where Excel keeps the file's own path on the
kansli's disk), no `extLst` (extensions), no element that points at a part the copy does
not hold (an attribute in the relationships namespace). Every attribute value and every
text is looked at for a personnummer (`pnr`) after undoing OOXML's own escapes
(`_x002D_` is a hyphen to Excel), and masked where one is found.

A subclass may take a whole element as a small tree (`Node`, for a cell, a shared string,
a data validation) and write it itself: there the texts of all its runs are read together,
so that a number split over rich-text runs (`<r><t>811218</t></r><r><t>-9876</t></r>`) is
found.

What finsam-xl writes into a part itself (a note, a masked text) goes through `ooxml_text`:
a control character that XML cannot hold is written as Excel writes it (`_x001B_`), never
raw, so no part is left that a reader cannot parse (issue 19, item 8).
Standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from ... import pnr
from ...printable import ooxml_text
from ...reader.cells import unescape
from .xml import Skip

XML_DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
REL_NS_PREFIXES = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                   "http://purl.oclc.org/ooxml/officeDocument/relationships")

# What an action says of an element (`Cleaner.action`).
KEEP, DROP, TREE = 0, 1, 2

def esc_text(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def esc_attr(text: str) -> str:
    return (esc_text(text).replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\t", "&#9;"))


def masked(text: str) -> str | None:
    """`text` (as a part holds it) with its personnummer masked, in the part's form; None
    when it holds none."""
    plain = unescape(text)
    if not pnr.contains(plain):
        return None
    return ooxml_text(pnr.mask(plain))


def number_forms(value: str) -> list[str]:
    """The forms a number in a cell shows as: as written, and as the number it is
    ('8.112189876E9' is 8112189876 to Excel)."""
    out = [value]
    try:
        x = float(value)
    except ValueError:
        return out
    if math.isfinite(x):
        out.append(str(int(x)) if x.is_integer() and abs(x) < 1e16 else repr(x))
    return out


class Node:
    """An element taken whole (`TREE`): its qualified name, attributes in order, and
    children (nodes and texts)."""

    __slots__ = ("name", "attrs", "kids")

    def __init__(self, name: str, attrs: list[tuple[str, str]]):
        self.name = name
        self.attrs = attrs
        self.kids: list[Node | str] = []

    @property
    def local(self) -> str:
        return self.name.rsplit(":", 1)[-1]

    def get(self, local: str) -> str | None:
        return next((v for k, v in self.attrs if k.rsplit(":", 1)[-1] == local
                     and not k.startswith("xmlns")), None)

    def children(self, local: str | None = None) -> list[Node]:
        return [k for k in self.kids if isinstance(k, Node)
                and (local is None or k.local == local)]

    def text(self) -> str:
        return "".join(k for k in self.kids if isinstance(k, str))

    def walk(self) -> Iterator[Node]:
        yield self
        for k in self.kids:
            if isinstance(k, Node):
                yield from k.walk()


def dump(node: Node, mask: bool = True) -> str:
    """A node written out (its attributes and texts masked, `mask`)."""
    out: list[str] = []
    _dump(node, mask, out)
    return "".join(out)


def _dump(node: Node, mask: bool, out: list[str]) -> None:
    out.append("<" + node.name)
    for name, value in node.attrs:
        out.append(f' {name}="{esc_attr(masked_or(value) if mask else value)}"')
    if not node.kids:
        out.append("/>")
        return
    out.append(">")
    for kid in node.kids:
        if isinstance(kid, str):
            out.append(esc_text(masked_or(kid) if mask else kid))
        else:
            _dump(kid, mask, out)
    out.append(f"</{node.name}>")


def masked_or(text: str) -> str:
    found = masked(text)
    return text if found is None else found


def run_texts(node: Node) -> str:
    """The text of a rich-text element (`<si>`, `<is>`, a note's `<text>`): its `t`
    elements' texts together, phonetic runs left out."""
    parts: list[str] = []
    for n in _runs(node):
        parts.append(n.text())
    return "".join(parts)


def _runs(node: Node) -> Iterator[Node]:
    for k in node.children():
        if k.local == "t":
            yield k
        elif k.local == "r":
            yield from (t for t in k.children("t"))


def plain_text(name: str, text: str, prefix: str = "") -> str:
    """A rich-text element `name` ('si', 'is') holding only `text` (already in the part's
    form, `ooxml_text`)."""
    return (f'<{prefix}{name}><{prefix}t xml:space="preserve">{esc_text(text)}</{prefix}t>'
            f'</{prefix}{name}>')


def relationship_attr(name: str, declared: dict[str, str]) -> bool:
    """The attribute `name` is in the relationships namespace (`declared`: prefix -> ns)."""
    if ":" not in name or name.startswith("xmlns"):
        return False
    return declared.get(name.split(":", 1)[0]) in REL_NS_PREFIXES


class Cleaner:
    """One XML part written again (see the module's docstring). Subclasses decide per
    element (`action`), may write a `TREE` element themselves (`tree`), and may add bytes
    before a kept element's end tag (`closing`)."""

    def __init__(self, data: bytes):
        self.data = data
        self.out: list[str] = []
        self.path: list[str] = []  # local names from the root down to the current element
        self.kept: list[tuple[str, bool]] = []  # (qname, written) of open kept elements
        self.pending: str | None = None  # a start tag not closed yet ('<x a="1"')
        self.skip = 0  # depth inside a dropped element
        self.tree_stack: list[Node] = []
        self.text: list[str] = []
        self.declared: dict[str, str] = {}  # namespace prefixes declared so far

    # --- what a subclass decides

    def action(self, path: list[str], name: str, attrs: list[tuple[str, str]]) -> int:
        return KEEP

    def tree(self, path: list[str], node: Node) -> str | None:
        return dump(node)

    def closing(self, path: list[str]) -> str:
        return ""

    def attribute(self, path: list[str], name: str, value: str) -> str | None:
        """The attribute's value as written (masked), or None to leave it out."""
        if relationship_attr(name, self.declared):
            return None
        return masked_or(value)

    # --- running

    def run(self) -> bytes:
        import xml.parsers.expat as expat

        p = expat.ParserCreate()
        p.ordered_attributes = True
        p.buffer_text = True
        p.StartDoctypeDeclHandler = self._dtd
        p.EntityDeclHandler = self._dtd
        p.StartElementHandler = self._start
        p.EndElementHandler = self._end
        p.CharacterDataHandler = self._chars
        try:
            p.Parse(self.data, True)
        except expat.ExpatError:
            raise Skip("xml") from None
        return XML_DECL + "".join(self.out).encode("utf-8")

    def _dtd(self, *args):
        raise Skip("dtd")

    def _flush_text(self) -> None:
        if not self.text:
            return
        text = "".join(self.text)
        self.text = []
        if self.skip or not self.kept:
            return
        self._close_pending()
        self.out.append(esc_text(masked_or(text)))

    def _close_pending(self) -> None:
        if self.pending is not None:
            self.out.append(self.pending + ">")
            self.pending = None
            name, _ = self.kept[-1]
            self.kept[-1] = (name, True)

    def _start(self, name: str, attr_list: list[str]) -> None:
        attrs = list(zip(attr_list[::2], attr_list[1::2], strict=True))
        if self.skip:
            self.skip += 1
            return
        if self.tree_stack:
            node = Node(name, attrs)
            self.tree_stack[-1].kids.append(node)
            self.tree_stack.append(node)
            return
        self._flush_text()
        self.declared.update((k[6:], v) for k, v in attrs if k.startswith("xmlns:"))
        local = name.rsplit(":", 1)[-1]
        self.path.append(local)
        what = DROP if local in ("AlternateContent", "extLst") else \
            self.action(self.path, name, attrs)
        if what == DROP or (what == KEEP and self._points_away(name, attrs)):
            self.path.pop()
            self.skip = 1
            return
        if what == TREE:
            self.tree_stack.append(Node(name, attrs))
            return
        self._close_pending()
        tag = ["<" + name]
        for k, v in attrs:
            value = self.attribute(self.path, k, v)
            if value is not None:
                tag.append(f' {k}="{esc_attr(value)}"')
        self.pending = "".join(tag)
        self.kept.append((name, False))

    def _points_away(self, name: str, attrs: list[tuple[str, str]]) -> bool:
        """An element that names a part by a relationship (other than a page set-up's
        printer settings, whose attribute alone goes): the copy does not hold that part."""
        return name.rsplit(":", 1)[-1] != "pageSetup" and any(
            relationship_attr(k, self.declared) for k, _v in attrs)

    def _end(self, name: str) -> None:
        if self.skip:
            self.skip -= 1
            return
        if self.tree_stack:
            node = self.tree_stack.pop()
            if self.tree_stack:
                return
            written = self.tree(self.path, node)
            self.path.pop()
            if written:
                self._close_pending()
                self.out.append(written)
            return
        self._flush_text()
        extra = self.closing(self.path)
        qname, _written = self.kept.pop()
        if extra:
            if self.pending is not None:
                self.out.append(self.pending + ">")
                self.pending = None
            self.out.append(extra + f"</{qname}>")
        elif self.pending is not None:
            self.out.append(self.pending + "/>")
            self.pending = None
        else:
            self.out.append(f"</{qname}>")
        self.path.pop()

    def _chars(self, text: str) -> None:
        if self.skip:
            return
        if self.tree_stack:
            kids = self.tree_stack[-1].kids
            if kids and isinstance(kids[-1], str):
                kids[-1] += text  # one text, even where expat reports it in pieces
            else:
                kids.append(text)
            return
        self.text.append(text)


def cleaned(data: bytes) -> bytes:
    """A part kept as it is, but written again and masked (`Cleaner`)."""
    return Cleaner(data).run()
