"""Reading and editing an XML part of the package at byte offsets: expat reports where
each element is (`Scan`), and edits replace byte spans (`edit`), so no XML is re-serialised
(namespace prefixes, `mc:Ignorable` and unknown elements stay as written)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

TAG_RE = re.compile(rb'<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|\'[^\']*\'))*\s*(/?)>')


class Skip(Exception):
    """The copy cannot be made faithfully: none is written."""


@dataclass
class El:
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


def local_name(qname: str) -> str:
    return qname.rsplit(":", 1)[-1]


class Scan:
    """expat over one part without namespace processing (qualified names as written), DTDs
    refused, byte offsets of every element `keep(path, attrs)` asks for (by default those
    less than `levels` deep). `path`: the local names from the root down to the element."""

    def __init__(self, data: bytes, levels: int = 2):
        import xml.parsers.expat as expat

        self.data = data
        self.levels = levels
        self.els: list[El] = []
        self.stack: list[tuple[str, El | None]] = []
        p = expat.ParserCreate()
        p.StartDoctypeDeclHandler = self._dtd
        p.EntityDeclHandler = self._dtd
        p.StartElementHandler = self._start
        p.EndElementHandler = self._end
        p.CharacterDataHandler = self._chars
        p.buffer_text = True
        self.parser = p

    def _dtd(self, *args):
        raise Skip("dtd")

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
            raise Skip("xml") from None
        return self

    def _start(self, name, attrs):
        start = self.parser.CurrentByteIndex
        path = [n for n, _e in self.stack] + [local_name(name)]
        el = None
        if self.keep(path, attrs):
            m = TAG_RE.match(self.data, start)
            if m is None:
                raise Skip("tag")
            el = El(name, attrs, start, m.end(), m.end() if m.group(1) else -1,
                     len(path) - 1)
            self.els.append(el)
        self.stack.append((local_name(name), el))
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

    def find(self, *path: str) -> list[El]:
        """Kept elements at `path` (local names from the root)."""
        return [e for e in self.els if e.depth == len(path) - 1 and e.local == path[-1]]


def edit(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """`data` with each (start, end, replacement) applied (non-overlapping spans)."""
    out = []
    pos = 0
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < pos:
            raise Skip("overlap")
        out += [data[pos:start], new]
        pos = end
    out.append(data[pos:])
    return b"".join(out)


def set_attrs(tag: bytes, values: dict[str, str]) -> bytes:
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


def xml_part(data: bytes | None) -> bytes:
    """A part to edit (`Copy.get`): none to edit without the part, or with a DTD."""
    if data is None:
        raise Skip("missing")
    if re.search(rb"<!DOCTYPE", data, re.IGNORECASE):
        raise Skip("dtd")
    return data


def one(els: list[El]) -> El:
    """The one element of `els`; no copy is made otherwise."""
    if len(els) != 1:
        raise Skip("styles")
    return els[0]
