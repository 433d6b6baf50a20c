"""Navigation in an OOXML package (a zip that passed the guards), through zipfile: part names,
relationships, content types, the workbook part and what it declares (sheets, defined
names, date system), and where each `fx_` name points.

Part names are '/'-separated and compared without case (OPC); back-slashes, a leading '/'
and root-level parts are tolerated, as are strict OOXML's namespaces and odd prefixes.

Parts that are the same in every file made from one template (the relationships, the
workbook part, the styles) are analysed once per process: `memoised` caches an analysis by
the part's exact bytes (functools.lru_cache), so a part that differs in any byte is analysed
afresh. Exceptions are never cached (an error is raised again for every file); large parts
are not kept. Callers never change what a cached analysis returns. Standard library only.
"""

from __future__ import annotations

import functools
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from .. import contract
from .guards import (
    READER,
    Corrupt,
    Limits,
    Member,
    inflate,
    member_ends,
    open_member,
    read_member,
    read_member_in,
)
from .refs import MAX_COL, MAX_ROW, col_index
from .safexml import local, ns_of, parse

REL_OFFICE_DOC = "/officedocument"
REL_WORKSHEET = "/worksheet"
REL_SHARED_STRINGS = "/sharedstrings"
REL_CORE = "/core-properties"
REL_STYLES = "/styles"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_R_ID_STRICT = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
_ODS_MIME = b"application/vnd.oasis.opendocument"

# A defined name's formula that points at one cell (or a one-cell range) of this workbook.
_NAME_REF_RE = re.compile(
    r"^\s*=?\s*(?:'(?P<q>(?:[^']|'')+)'|(?P<u>[^'!\[\]:*?/\\]+))!"
    r"\$?(?P<c1>[A-Za-z]{1,3})\$?(?P<r1>[0-9]{1,7})"
    r"(?::\$?(?P<c2>[A-Za-z]{1,3})\$?(?P<r2>[0-9]{1,7}))?\s*$")

MEMO_MAX_BYTES = 256 * 1024

F = TypeVar("F", bound=Callable[..., Any])
_MEMOISED: list[Any] = []


def memoised(fn: F) -> F:
    """`fn(data: bytes, *args)` cached by its arguments, for parts up to MEMO_MAX_BYTES."""
    cached = functools.lru_cache(maxsize=64)(fn)

    @functools.wraps(fn)
    def call(data: bytes, *args: Any) -> Any:
        return cached(data, *args) if len(data) <= MEMO_MAX_BYTES else fn(data, *args)

    # A function with lru_cache's cache_clear/cache_info, as the cached function has: typing
    # cannot say "the signature of fn, plus these attributes" for a plain function.
    call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    call.cache_info = cached.cache_info  # type: ignore[attr-defined]
    _MEMOISED.append(call)
    return call  # type: ignore[return-value]  # the same signature as fn


def cached(fn: F) -> F:
    """`fn` cached by its (hashable) arguments: the few distinct values of a template
    version."""
    call = functools.lru_cache(maxsize=64)(fn)
    _MEMOISED.append(call)
    return call  # type: ignore[return-value]  # lru_cache's wrapper keeps fn's signature


def clear_caches() -> None:
    """Forget every cached template analysis and inflated part (tests)."""
    for fn in _MEMOISED:
        fn.cache_clear()
    inflate.cache_clear()


# ----------------------------------------------------------------------------- parts


def resolve_target(source_part: str, target: str) -> str:
    """A relationship target relative to its source part -> normalized part name."""
    target = target.replace("\\", "/")
    if target.startswith("/"):
        path = target.lstrip("/")
    else:
        path = posixpath.join(posixpath.dirname(source_part), target)
    return posixpath.normpath(path).lstrip("/")


def rels_name(part: str) -> str:
    """The relationships part of `part` ('' = the package)."""
    if not part:
        return "_rels/.rels"
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


Rel = tuple[str, str, str]  # (Id, Type lower-cased, target part)


@memoised
def rels_entries(data: bytes, part: str) -> tuple[Rel, ...]:
    """The internal relationships in a .rels part of `part` ('' = the package). Raises
    Corrupt."""
    out = []
    for el in parse(data):
        if local(el.tag) != "Relationship":
            continue
        if (el.get("TargetMode") or "").lower() == "external":
            continue
        rid, typ, target = el.get("Id"), el.get("Type"), el.get("Target")
        if rid is None or typ is None or not target:
            continue
        out.append((rid, typ.lower(), resolve_target(part, target)))
    return tuple(out)


class Package:
    """The parts of a zip package that passed `guards.check_directory`."""

    def __init__(self, zf: zipfile.ZipFile, limits: Limits = READER,
                 data: bytes | None = None):
        self.zf = zf
        self.limits = limits
        self.data = data  # the package's bytes, when they are in memory (read_member_in)
        self.ends = member_ends(data, zf) if data is not None else {}
        self.parts: dict[str, zipfile.ZipInfo] = {}
        for i in zf.infolist():
            if not i.is_dir():
                self.parts.setdefault(i.filename.replace("\\", "/").lstrip("/").lower(), i)
        self._rels: dict[str, tuple[Rel, ...]] = {}

    def has(self, part: str) -> bool:
        return part.lower() in self.parts

    def info(self, part: str) -> zipfile.ZipInfo | None:
        return self.parts.get(part.lower())

    def read(self, part: str) -> bytes | None:
        """A whole part (`guards.read_member`); None when the package has no such part."""
        info = self.info(part)
        if info is None:
            return None
        if self.data is not None:
            return read_member_in(self.data, info, self.ends[info.header_offset], self.limits)
        return read_member(self.zf, info, self.limits)

    def open(self, part: str) -> Member:
        """A part to stream (`guards.open_member`); Corrupt('missing-part') without it."""
        info = self.info(part)
        if info is None:
            raise Corrupt("missing-part")
        return open_member(self.zf, info)

    def rels(self, part: str) -> tuple[Rel, ...]:
        """The internal relationships of `part` ('' = the package)."""
        if part not in self._rels:
            data = self.read(rels_name(part))
            self._rels[part] = () if data is None else rels_entries(data, part)
        return self._rels[part]

    def related(self, part: str, rel_type: str, default: str | None = None) -> str | None:
        """The first target of `part`'s relationships of a type ending in `rel_type`, else
        `default`, if the package holds it; else None."""
        found = next((t for _r, typ, t in self.rels(part) if typ.endswith(rel_type)), None)
        for candidate in (found, default):
            if candidate and self.has(candidate):
                return candidate
        return None

    def properties(self, part: str) -> ET.Element | None:
        """A document-properties part (core.xml, meta.xml) as a tree; None when the package
        has none or it is damaged (metadata only: the file is still read), but a DOCTYPE
        there rejects the file, as in any part."""
        data = self.read(part)
        if data is None:
            return None
        try:
            return parse(data)
        except Corrupt as exc:
            if exc.reason == "dtd":
                raise
            return None

    def is_ods(self) -> bool:
        """An OpenDocument package (its `mimetype` part)."""
        info = self.info("mimetype")
        if info is None or info.file_size > 200:
            return False
        return (self.read("mimetype") or b"").strip().startswith(_ODS_MIME)

    def ods_encrypted(self) -> bool:
        data = self.read("META-INF/manifest.xml")
        return data is not None and b"encryption-data" in data

    def workbook_part(self) -> str:
        """The office document of `_rels/.rels`, else a workbook part where one usually is.
        Raises Corrupt('no-workbook')."""
        for _rid, typ, target in self.rels(""):
            if typ.endswith(REL_OFFICE_DOC) and self.has(target):
                return target
        for candidate in ("xl/workbook.xml", "workbook.xml", "xl/workbook.bin"):
            if self.has(candidate):
                return candidate
        raise Corrupt("no-workbook")

    def macro_enabled(self, part: str) -> bool:
        """[Content_Types].xml gives `part` a macro-enabled content type."""
        data = self.read("[Content_Types].xml")
        if data is None or b"macroenabled" not in data.lower():
            return False
        for el in parse(data):
            if local(el.tag) == "Override" and \
                    (el.get("PartName") or "").lstrip("/").lower() == part.lower():
                return "macroenabled" in (el.get("ContentType") or "").lower()
        return False


# ----------------------------------------------------------------------------- the workbook


@dataclass(frozen=True)
class Declarations:
    """What a workbook part declares: its sheets [(name, relationship id)] in order, its
    workbook-scoped `fx_` names [(lower-cased name, formula text)] (the first of each), and
    whether it counts dates from 1904."""

    sheets: tuple[tuple[str, str | None], ...]
    names: tuple[tuple[str, str], ...]
    date1904: bool


@memoised
def workbook_declarations(data: bytes) -> Declarations:
    """The Declarations of a workbook part. Raises Corrupt."""
    root = parse(data)
    ns = ns_of(root)
    sheets = []
    for el in root.iter(ns + "sheet"):
        rid = el.get(_R_ID) or el.get(_R_ID_STRICT) or next(
            (v for k, v in el.attrib.items() if k.startswith("{") and local(k) == "id"), None)
        name = el.get("name")
        if name is not None:
            sheets.append((name, rid))
    names: dict[str, str] = {}
    for el in root.iter(ns + "definedName"):
        dname = el.get("name") or ""
        if el.get("localSheetId") is None and dname[:3].lower() == contract.PREFIX:
            names.setdefault(dname.lower(), el.text or "")
    pr = root.find(ns + "workbookPr")
    date1904 = pr is not None and (pr.get("date1904") or "").strip().lower() in ("1", "true")
    return Declarations(tuple(sheets), tuple(names.items()), date1904)


Target = tuple[str, str, int, int]  # (sheet name, sheet part, row, col)


def name_target(formula: str, sheets: dict[str, tuple[str, str | None]]) -> Target | None:
    """Where a defined name's formula points: one cell of a sheet of this workbook
    (`sheets`: {lower-cased name: (name, part)}); None for anything else (#REF!, another
    workbook, a range of more than one cell, an address beyond XFD1048576)."""
    m = _NAME_REF_RE.match(formula or "")
    if not m:
        return None
    sname = m.group("q").replace("''", "'") if m.group("q") is not None else m.group("u")
    sheet = sheets.get(sname.strip().lower())
    if sheet is None or sheet[1] is None:
        return None
    _q, _u, c1, r1, c2, r2 = m.groups()
    row, col = int(r1), col_index(c1)
    if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COL):
        return None
    if c2 is not None and (int(r2) != row or col_index(c2) != col):
        return None  # a range of more than one cell
    return sheet[0], sheet[1], row, col
