"""XML of an untrusted package, parsed with no DTD: one tree path and one streaming path.

Entities (the billion laughs, external entities, parameter entities) can only be declared
inside a DOCTYPE, and a DOCTYPE can only stand in the prolog, before the root element. So
every part is first run through `Prolog`: expat (xml.parsers.expat) with a handler that
raises at the start of a DOCTYPE -- before the parser has read any declaration inside it --
and one that stops at the root element's start tag. expat stops at once when a handler
raises. Only then does the real parse see the part:

  - `parse(data)`: the whole part as an ElementTree element, built by the C XMLParser and
    TreeBuilder (fast; a TreeBuilder subclass would make every element a Python call,
    about a third slower on a sheet);
  - `parse_head(data, end)`: the same, but only up to a child of the root element whose
    end tag is `end` (a sheet's `</sheetData>`: half of a template's sheet part comes after
    it), or None when that cannot be done soundly;
  - `Stream`: expat fed in chunks from a zip member, with local names; subclasses handle
    start/end/text events and raise `Stop` to end early (large parts, bounded memory).

The C XMLParser cannot be used for the guard itself: when a target's `doctype()` raises, it
does not stop expat, which goes on through the declarations and the content, expanding the
entities, before the exception comes out (43 ms on the corpus's billion-laughs workbook part;
`Prolog` stops after 3 µs).

A DOCTYPE or an undeclared encoding is Corrupt('dtd') / Corrupt('xml'), like XML that is not
well-formed. Standard library only.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import xml.parsers.expat as expat
from typing import Any, Protocol

from .guards import Corrupt


class _Doctype(Exception):
    pass


class _Root(Exception):
    pass


class Stop(Exception):
    """Raised by a `Stream` handler: everything wanted has been seen."""


class Prolog:
    """Checks the prolog of a part fed in one or more pieces: no DOCTYPE, a known
    single-byte or UTF encoding, well-formed. `root` is the root element's name as written
    (with its prefix) and `at` the byte offset of its start tag, once seen."""

    def __init__(self) -> None:
        p = expat.ParserCreate()
        p.StartDoctypeDeclHandler = self._doctype
        p.StartElementHandler = self._root
        self.parser = p
        self.root: str | None = None
        self.at = -1

    def _doctype(self, *args: Any) -> None:
        self.at = self.parser.CurrentByteIndex
        raise _Doctype()

    def _root(self, name: str, attrs: Any) -> None:
        self.root, self.at = name, self.parser.CurrentByteIndex
        raise _Root()

    def feed(self, data: bytes, final: bool = False) -> bool:
        """True once the root element has started (the prolog passed). Raises
        Corrupt('dtd') at the start of a DOCTYPE, Corrupt('xml') for an unknown or
        multi-byte encoding, malformed XML or (with `final`) no root element."""
        if self.root is not None:
            return True
        try:
            self.parser.Parse(data, final)
        except _Root:
            return True
        except _Doctype:
            raise Corrupt("dtd") from None
        except (expat.ExpatError, LookupError, ValueError):
            raise Corrupt("xml") from None
        if final:
            raise Corrupt("xml")
        return False


def _tree(data: bytes) -> ET.Element:
    parser = ET.XMLParser(target=ET.TreeBuilder())
    try:
        parser.feed(data)
        return parser.close()
    except ET.ParseError:
        raise Corrupt("xml") from None


def parse(data: bytes) -> ET.Element:
    """A whole part as an element tree, with no DTD (see the module docstring). Raises
    Corrupt('dtd') or Corrupt('xml')."""
    Prolog().feed(data, final=True)
    return _tree(data)


def parse_head(data: bytes, end: bytes) -> ET.Element | None:
    """The part up to its last `end` (the end tag of a child of the root element, such as
    b'</sheetData>'), parsed with the root's end tag put right after it: the tree of that
    child is the whole part's, and nothing after it is parsed.

    Sound by construction: if that `end` is not the real end tag of a child of the root
    (it stands in a comment, a CDATA section or a processing instruction, the child is
    nested deeper, the part's encoding is not ASCII-compatible), the shortened part does
    not parse, and None is returned (the caller parses the whole part). The last `end` is
    taken, so that damage which adds one earlier makes the shortened part not parse. Not
    being read, a damaged tail after it goes unnoticed, as when a stream stops early.
    Raises Corrupt('dtd') or Corrupt('xml') for the prolog."""
    prolog = Prolog()
    prolog.feed(data, final=True)
    i = data.rfind(end)
    if i < prolog.at or prolog.root is None:
        return None
    parser = ET.XMLParser(target=ET.TreeBuilder())
    try:
        parser.feed(data[:i + len(end)])
        parser.feed(b"</" + prolog.root.encode("utf-8") + b">")
        return parser.close()
    except ET.ParseError:
        return None


def ns_of(root: ET.Element) -> str:
    """'{namespace}' of an element's tag, '' when it has none."""
    return root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else ""


def local(tag: str) -> str:
    """'{ns}name' (ElementTree) or 'ns name' (`Stream`) -> 'name'."""
    if tag.startswith("{"):
        return tag.rsplit("}", 1)[1]
    return tag.rsplit(" ", 1)[-1]


class Readable(Protocol):
    def read(self, n: int) -> bytes: ...


class Stream:
    """A streaming parse with no DTD and local element names. Subclasses override start,
    end and chars; raising Stop in them ends the parse."""

    CHUNK = 65536

    def __init__(self) -> None:
        p = expat.ParserCreate(namespace_separator=" ")
        p.StartElementHandler = self._start
        p.EndElementHandler = self._end
        p.CharacterDataHandler = self.chars
        p.buffer_text = True
        self.parser = p

    def _start(self, tag: str, attrs: dict) -> None:
        self.start(tag.rsplit(" ", 1)[-1], attrs)

    def _end(self, tag: str) -> None:
        self.end(tag.rsplit(" ", 1)[-1])

    def start(self, name: str, attrs: dict) -> None:
        pass

    def end(self, name: str) -> None:
        pass

    def chars(self, text: str) -> None:
        pass

    def feed(self, fh: Readable) -> None:
        """Parse `fh` (a `guards.Member`) to its end or until a handler raises Stop. Each
        chunk goes through `Prolog` before the parser sees it, until the root element has
        started. Raises Corrupt('dtd') or Corrupt('xml')."""
        prolog = Prolog()
        checked = False
        try:
            while True:
                chunk = fh.read(self.CHUNK)
                if not checked:
                    checked = prolog.feed(chunk, final=not chunk)
                if not chunk:
                    break
                self.parser.Parse(chunk, False)
            self.parser.Parse(b"", True)
        except Stop:
            return
        except expat.ExpatError:
            raise Corrupt("xml") from None
