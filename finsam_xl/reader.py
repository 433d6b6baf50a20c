"""The reader: one untrusted file -> a typed Submission (SPEC sections 4 and 5).

`classify(path)` says whether a file in the inbox is read at all (Office lock files, hidden
files and files that are not spreadsheets are ignored and listed). `read_file(path, relpath)`
reads one file and never raises: it returns the Submission (meta, raw values and cells of
every `fx_` defined name, masked free text, modified time, size, sha256) and the READ-level
findings (the file cannot be read, is in another format, too large, encrypted, a zip bomb,
not a finsam-xl template, an unknown contract version, or a contract name that points
nowhere). The rules on the values (counts, sums, period, insats) are validation's
(`validate.py`).

How it reads: its own parse of the OOXML package with the standard library (zipfile and
the C XML parser), no openpyxl or python-calamine. Measured on a filled flow template
(xlsxwriter, 9 kB; details in docs/reader.md): this reader 0.45-0.6 ms per file;
python-calamine 0.15-0.2 ms, but it gives no defined names (a second parse of the package
would be needed) and it builds a sheet's whole used range densely
(made__long_70k_rows_xfd.xlsx aborts the process while allocating ~37 GB; no `except` can
catch that); openpyxl 9.5-12 ms (full) or 24-28 ms (read_only, which also trusts
`<dimension>`). Steps:
  1. guards before parsing: file size (MAX_FILE_BYTES), zip central directory (number of
     entries, total uncompressed size, per-entry compression ratio), OLE/CFB magic (.xls or
     an encrypted OOXML: an `EncryptedPackage` stream), ODS (`mimetype`, encrypted when its
     manifest holds `encryption-data`), PDF or text (not a zip);
  2. the workbook part through `_rels/.rels` (tolerating back-slashes and case differences
     in part names, strict OOXML namespaces, odd namespace prefixes, root-level parts);
     every XML part is parsed with DTDs refused, as defusedxml's forbid_dtd does (so no
     entity declarations: a billion-laughs workbook is `file-corrupt`), see `_parse_xml`;
  3. workbook-scoped defined names (no localSheetId) -> sheet part via the workbook's
     relationships -> cell;
  4. only the cells the names point at. A sheet part up to TREE_MAX_BYTES: the rows that
     hold wanted cells are cut out of the bytes and parsed alone where that is sound
     (`_sliced_cells`), else the whole part is parsed; a larger part is streamed through
     expat (DTDs refused) and parsing stops after the last wanted row. Shared strings: only
     the indices used. Inline strings, rich-text runs (phonetic runs skipped), `_xHHHH_`
     escapes, t="s"/"str"/"inlineStr"/"b"/"e"/"n"/"d", cached formula values; the styles
     part (once per distinct part, `_style_kinds`) only when a wanted number has a style,
     to tell a number shown as a date or time from a count.
Nothing is sized from a sheet's declared `<dimension>` or its used range, so a sheet with a
cell at XFD1048576 costs nothing, and everything read is bounded by the zip guards.

Values in `Submission.raw` are the raw value types listed in model.py: None (empty cell),
int (a number with no fraction digits), float, str, bool, datetime (a date cell, or a number
whose format shows a date; the workbook's 1900 or 1904 date system), timedelta (a number
whose format shows only a time), CellError ('#REF!') and UncachedFormula (a formula without
a cached value). Every text
value is masked (`pnr.mask`) before it is stored; a whole number that is a personnummer is
replaced by the masked text. The names of free-text fields that held a personnummer go in
`Submission.pnr_fields`. A contract name that points nowhere (`#REF!`, a sheet that does not
exist, an external workbook, a range, an invalid address) gets a `name-ref-error` and is left
out of `raw` and `cells`; the submission is still returned (validation runs on the rest).
`Submission.values` is left empty for validation to fill.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import io
import os
import posixpath
import stat
import struct
import re
import zipfile
import zlib
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

from . import contract, pnr
from . import messages as M
from .model import ERROR, CellError, Finding, Submission, UncachedFormula

# ----------------------------------------------------------------------------- limits

MAX_FILE_BYTES = 5 * 1024 * 1024  # a filled template is ~9 kB; 5 MB leaves room for a logo
MAX_ZIP_ENTRIES = 200  # a template has 10 parts, and so has its LibreOffice re-save
MAX_UNCOMPRESSED = 50 * 1024 * 1024  # total of all parts as declared in the central directory
MAX_RATIO = 100  # uncompressed / compressed per part ...
RATIO_MIN_BYTES = 1024 * 1024  # ... checked for parts over 1 MB (small parts cannot hurt)
# Sheet and shared-strings parts up to this size are parsed as a tree by the C parser (fast);
# larger ones are streamed with an early stop (bounded memory).
TREE_MAX_BYTES = 1024 * 1024
# Other parts (workbook, relationships, content types, core properties) are always parsed
# whole; a template's are a few kB, a 1 024-sheet workbook.xml ~100 kB.
MAX_WHOLE_PART = 10 * 1024 * 1024

SPREADSHEET_EXT = ".xlsx"
# Spreadsheet formats that are rejected with "save it as .xlsx" (SPEC section 5).
OTHER_FORMATS = {
    ".xls": "xls", ".xlt": "xls", ".xlsm": "xlsm", ".xltm": "xlsm", ".xlam": "xlsm",
    ".xlsb": "xlsb", ".ods": "ods", ".fods": "ods", ".ots": "ods", ".csv": "csv",
    ".tsv": "csv", ".xltx": "other", ".numbers": "other", ".gnumeric": "other",
}

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le") + b"\x00\x00"
_ODS_MIME = b"application/vnd.oasis.opendocument"

_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_R_ID_STRICT = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
_REL_OFFICE_DOC = "/officedocument"
_REL_WORKSHEET = "/worksheet"
_REL_SHARED_STRINGS = "/sharedstrings"
_REL_CORE = "/core-properties"
_REL_STYLES = "/styles"

_MAX_ROW = 1048576
_MAX_COL = 16384

# A defined name's formula that points at one cell (or a one-cell range) of this workbook.
_NAME_REF_RE = re.compile(
    r"^\s*=?\s*(?:'(?P<q>(?:[^']|'')+)'|(?P<u>[^'!\[\]:*?/\\]+))!"
    r"\$?(?P<c1>[A-Za-z]{1,3})\$?(?P<r1>[0-9]{1,7})"
    r"(?::\$?(?P<c2>[A-Za-z]{1,3})\$?(?P<r2>[0-9]{1,7}))?\s*$")
_CELL_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_INT_RE = re.compile(r"^-?[0-9]+$")
_XESC_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_W3CDTF_RE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$")


class _Reject(Exception):
    """A READ-level finding that ends reading the file."""

    def __init__(self, finding: Finding, reason: str | None = None):
        super().__init__(finding.code)
        self.finding = finding
        self.reason = reason


class _Stop(Exception):
    """Ends a streaming parse early (everything wanted has been seen)."""


# ----------------------------------------------------------------------------- classify


def classify(path: Path) -> str | None:
    """None for a file to read; else the Swedish reason it is IGNORED (Office lock file
    '~$…', hidden file '.…', a link to nothing or to a folder, a folder that cannot be
    listed, not a regular file, not a spreadsheet by extension such as .txt/.pdf/.docx/.png).
    A link to a file is read like the file. Spreadsheets in another format (.xls, .ods,
    .csv …) are read, so that `read_file` rejects them with `file-format`."""
    path = Path(path)
    name = path.name
    if name.startswith("~$"):
        return M.READ_IGNORED_LOCK
    if name.startswith("."):
        return M.READ_IGNORED_HIDDEN
    try:
        special = _special(path)
        if special is not None:
            return special
        if not path.is_file():
            return M.READ_IGNORED_NOT_FILE
    except OSError:
        return M.READ_IGNORED_NOT_FILE
    ext = path.suffix.lower()
    if ext == SPREADSHEET_EXT or ext in OTHER_FORMATS:
        return None
    if not ext:
        return M.READ_IGNORED_NO_EXT
    return M.READ_IGNORED_NOT_SHEET.format(ext=ext)


def _special(path: Path) -> str | None:
    """The reason a link or a folder is not read: a link to nothing (or a loop), a link to a
    folder (never followed), a folder that cannot be listed. None for anything else (a link
    to a file is read like the file)."""
    if path.is_symlink():
        try:
            st = os.stat(path)
        except OSError:
            return M.READ_IGNORED_BROKEN_LINK
        return M.READ_IGNORED_LINK_DIR if stat.S_ISDIR(st.st_mode) else None
    if path.is_dir():
        try:
            with os.scandir(path):
                pass
        except OSError as exc:
            return M.READ_IGNORED_DIR_UNREADABLE.format(fel=os_reason(exc))
    return None


def os_reason(exc: OSError) -> str:
    """A short Swedish reason for an operating-system error when reading."""
    return M.READ_OS_ERROR.get(errno.errorcode.get(exc.errno or 0, ""), M.READ_OS_ERROR_OTHER)


# ----------------------------------------------------------------------------- findings


def _size_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")
    if n >= 1024:
        return f"{n / 1024:.0f} kB"
    return f"{n} byte"


def _file_finding(code: str, relpath: str, message: str, value: str | None = None,
                  expected: str | None = None) -> Finding:
    return Finding(code=code, severity=ERROR, file=relpath, message=message, value=value,
                   expected=expected)


def _corrupt(relpath: str, reason: str) -> _Reject:
    return _Reject(_file_finding(
        "file-corrupt", relpath,
        M.READ_FILE_CORRUPT.format(fil=relpath, orsak=M.READ_CORRUPT[reason]),
        expected=M.READ_EXP_XLSX), reason)


def _format(relpath: str, kind: str, ext: str) -> _Reject:
    fmt = M.READ_FORMAT[kind].format(ext=ext or M.READ_NO_EXT)
    return _Reject(_file_finding("file-format", relpath,
                                 M.READ_FILE_FORMAT.format(fil=relpath, format=fmt),
                                 value=ext or None, expected=M.READ_EXP_XLSX))


def _encrypted(relpath: str) -> _Reject:
    return _Reject(_file_finding("file-encrypted", relpath,
                                 M.READ_FILE_ENCRYPTED.format(fil=relpath),
                                 expected=M.READ_EXP_NOT_ENCRYPTED))


def _bomb(relpath: str, detail: str, expected: str) -> _Reject:
    return _Reject(_file_finding("file-zip-bomb", relpath,
                                 M.READ_FILE_ZIP_BOMB.format(fil=relpath, detalj=detail),
                                 expected=expected))


def _not_template(relpath: str, reason: str) -> _Reject:
    return _Reject(_file_finding("not-template", relpath,
                                 M.READ_NOT_TEMPLATE.format(fil=relpath, orsak=reason),
                                 expected=M.READ_EXP_TEMPLATE))


# ----------------------------------------------------------------------------- read_file


def read_file(path: Path, relpath: str) -> tuple[Submission | None, list[Finding]]:
    """Read one file. Never raises. Returns (submission, findings).

    Findings are only the READ-level errors: file-unreadable (cannot be opened),
    file-empty, file-too-large, file-encrypted, file-format, file-corrupt, file-zip-bomb,
    not-template, unknown-version, name-ref-error. The submission is None when the file is
    not a readable finsam-xl template of version `finsam-xl/1`; with `name-ref-error`s it
    is returned (without the broken names) together with those findings.
    """
    path = Path(path)
    try:
        return _read(path, relpath)
    except _Reject as r:
        return None, [r.finding]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, OSError,
            ValueError, NotImplementedError):
        # damaged zip data: bad CRC, bad deflate stream, bad header, unsupported method
        return None, [_corrupt(relpath, "crc").finding]
    except Exception:  # noqa: BLE001 - never raise: an unexpected input is a corrupt file
        return None, [_corrupt(relpath, "unexpected").finding]


def _too_large(relpath: str, size: int) -> _Reject:
    return _Reject(_file_finding(
        "file-too-large", relpath,
        M.READ_FILE_TOO_LARGE.format(fil=relpath, storlek=_size_text(size),
                                     grans=_size_text(MAX_FILE_BYTES)),
        value=_size_text(size),
        expected=M.READ_EXP_AT_MOST.format(grans=_size_text(MAX_FILE_BYTES))))


def _read(path: Path, relpath: str) -> tuple[Submission | None, list[Finding]]:
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EISDIR if stat.S_ISDIR(st.st_mode) else errno.EINVAL, "")
        if st.st_size > MAX_FILE_BYTES:
            raise _too_large(relpath, st.st_size)
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)  # bounded even if the file grows meanwhile
        if len(data) > MAX_FILE_BYTES:
            raise _too_large(relpath, len(data))
    except OSError as exc:
        raise _Reject(_file_finding("file-unreadable", relpath, M.READ_UNREADABLE.format(
            fil=relpath, fel=os_reason(exc)))) from None
    if not data:
        raise _Reject(_file_finding("file-empty", relpath,
                                    M.READ_FILE_EMPTY.format(fil=relpath), value="0 byte"))
    size = len(data)
    sha256 = hashlib.sha256(data).hexdigest()
    ext = path.suffix.lower()

    # --- what kind of file is it (before parsing anything)
    if data[:8] == _CFB_MAGIC:
        if _cfb_encrypted(data):
            raise _encrypted(relpath)
        kind = OTHER_FORMATS.get(ext)  # .xls, .xlsm, .xlsb by name; else .xls bytes
        raise _format(relpath, kind if kind in ("xls", "xlsm", "xlsb") else "xls-bytes", ext)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        if ext in OTHER_FORMATS:
            raise _format(relpath, OTHER_FORMATS[ext], ext) from None
        if data[:5] == b"%PDF-":
            raise _corrupt(relpath, "pdf") from None
        if data[:4] == b"PK\x03\x04":
            raise _corrupt(relpath, "truncated") from None
        raise _corrupt(relpath, "not-zip") from None
    with zf:
        pkg = _Package(zf, relpath, data)
        if pkg.is_ods():
            if pkg.ods_encrypted():
                raise _encrypted(relpath)
            from . import ods

            if ods.is_spreadsheet(pkg):
                return ods.read_ods(pkg, path, size, sha256)
            raise _format(relpath, "ods", ext)
        if ext in OTHER_FORMATS:
            raise _format(relpath, OTHER_FORMATS[ext], ext)
        return pkg.submission(path, size, sha256)


def _cfb_encrypted(data: bytes) -> bool:
    """True when an OLE/CFB container holds an `EncryptedPackage` stream (an encrypted
    OOXML file). Directory entries are 128-byte records at 128-byte aligned offsets whose
    first 64 bytes are the UTF-16LE name and whose next two bytes are its length in bytes
    (including the terminating NUL)."""
    start = 0
    while True:
        i = data.find(_ENCRYPTED_PACKAGE, start)
        if i < 0:
            return False
        if i % 128 == 0 and data[i + 64:i + 66] == len(_ENCRYPTED_PACKAGE).to_bytes(2, "little"):
            return True
        start = i + 1


# ----------------------------------------------------------------------------- XML helpers


def _local(tag: str) -> str:
    """'{ns}name' or 'ns name' -> 'name'."""
    if tag.startswith("{"):
        return tag.rsplit("}", 1)[1]
    return tag.rsplit(" ", 1)[-1]


def _parse_xml(data: bytes, relpath: str):
    """A whole part as an ElementTree element, safely (see `_parse_xml_bytes`); a part that
    does not parse makes the file `file-corrupt`."""
    try:
        return _parse_xml_bytes(data)
    except _BadXML as exc:
        raise _corrupt(relpath, exc.kind) from None


class _BadXML(Exception):
    """A part that is not well-formed XML ('xml') or holds a DTD ('dtd')."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def _parse_xml_bytes(data: bytes):
    """A whole part as an ElementTree element, safely: any DTD is refused (so no entity
    declarations: no billion laughs, no external entities), as defusedxml's forbid_dtd does.
    Raises _BadXML.

    defusedxml.ElementTree parses with the pure-Python XMLParser (measured 2.2x slower on
    a template's parts); the C XMLParser calls its target's `doctype()` at the start of a
    DOCTYPE, before any declaration inside it is processed, so raising there is the same
    guard as defusedxml's forbid_dtd (entities, external entities and parameter entities
    can only be declared inside a DOCTYPE)."""
    import xml.etree.ElementTree as ET

    parser = ET.XMLParser(target=_NoDTDBuilder())
    try:
        parser.feed(data)
        return parser.close()
    except _DTD:
        raise _BadXML("dtd") from None
    except Exception:  # noqa: BLE001 - xml.etree.ElementTree.ParseError and friends
        raise _BadXML("xml") from None


def _no_dtd_builder_class():
    import xml.etree.ElementTree as ET

    class NoDTDBuilder(ET.TreeBuilder):
        def doctype(self, name, pubid, system):
            raise _DTD()

    return NoDTDBuilder


def _NoDTDBuilder():  # noqa: N802 - a lazily built class (keeps ElementTree off start-up)
    global _NO_DTD_BUILDER
    if _NO_DTD_BUILDER is None:
        _NO_DTD_BUILDER = _no_dtd_builder_class()
    return _NO_DTD_BUILDER()


_NO_DTD_BUILDER = None


def _unescape(text: str) -> str:
    """OOXML ST_Xstring escapes: '_x000D_' -> '\\r'; '_x005F_' escapes an underscore."""
    if "_x" not in text:
        return text
    return _XESC_RE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def _col_letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _split_cell(ref: str) -> tuple[int, int] | None:
    m = _CELL_RE.match(ref)
    if not m:
        return None
    col, row = _col_index(m.group(1)), int(m.group(2))
    if not (1 <= row <= _MAX_ROW and 1 <= col <= _MAX_COL):
        return None
    return row, col


class _Expat:
    """A streaming expat parser over a zip member, DTDs forbidden (so no entity tricks),
    with local element names. Subclasses set start/end/chars; raising _Stop ends early."""

    def __init__(self):
        import xml.parsers.expat as expat

        p = expat.ParserCreate(namespace_separator=" ")
        p.StartDoctypeDeclHandler = self._doctype
        p.EntityDeclHandler = self._doctype
        p.ExternalEntityRefHandler = self._doctype
        p.StartElementHandler = self._start
        p.EndElementHandler = self._end
        p.CharacterDataHandler = self._chars
        p.buffer_text = True
        self.parser = p

    def _doctype(self, *args):
        raise _DTD()

    def _start(self, tag, attrs):
        self.start(tag.rsplit(" ", 1)[-1], attrs)

    def _end(self, tag):
        self.end(tag.rsplit(" ", 1)[-1])

    def _chars(self, text):
        self.chars(text)

    def start(self, name, attrs):
        pass

    def end(self, name):
        pass

    def chars(self, text):
        pass

    def feed(self, fh, relpath: str) -> None:
        import xml.parsers.expat as expat

        try:
            while True:
                chunk = fh.read(65536)
                if not chunk:
                    break
                self.parser.Parse(chunk, False)
            self.parser.Parse(b"", True)
        except _Stop:
            return
        except _DTD:
            raise _corrupt(relpath, "dtd") from None
        except expat.ExpatError:
            raise _corrupt(relpath, "xml") from None


class _DTD(Exception):
    pass


class _SheetCells(_Expat):
    """Collects the raw cells at `wanted` positions {(row, col)} of one worksheet:
    (type attribute, <v> text, inline string text, style index, formula text)."""

    def __init__(self, wanted: set[tuple[int, int]]):
        super().__init__()
        self.wanted = wanted
        self.max_row = max(r for r, _ in wanted)
        self.found: dict[tuple[int, int], tuple[str | None, str | None, str | None]] = {}
        self.row = 0
        self.col = 0
        self.cur = None  # (row, col) being captured
        self.t = None
        self.v = None
        self.inline = None
        self.s = None  # style index (attribute s)
        self.f = None  # formula text ('' for a shared formula's reference), None: no formula
        self.mode = None  # "v" | "t" | "f"
        self.in_rph = 0
        self.in_is = False

    def start(self, name, attrs):
        if name == "c":
            ref = attrs.get("r")
            pos = _split_cell(ref) if ref else None
            if pos is not None:
                self.row, self.col = pos
            else:
                self.col += 1
            if self.row > self.max_row:
                raise _Stop()
            key = (self.row, self.col)
            if key in self.wanted:
                self.cur, self.t, self.v, self.inline = key, attrs.get("t"), None, None
                self.s, self.f = attrs.get("s"), None
        elif name == "row":
            r = attrs.get("r")
            self.row = int(r) if r and r.isdigit() else self.row + 1
            self.col = 0
            if self.row > self.max_row:
                raise _Stop()
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

    def end(self, name):
        if name == "c" and self.cur is not None:
            self.found[self.cur] = (self.t, self.v, self.inline, self.s, self.f)
            self.cur = None
            self.mode = None
            if len(self.found) == len(self.wanted):
                raise _Stop()
        elif name in ("v", "t", "f"):
            self.mode = None
        elif name == "is":
            self.in_is = False
        elif name == "rPh":
            self.in_rph -= 1
        elif name == "sheetData":
            raise _Stop()

    def chars(self, text):
        if self.mode == "v":
            self.v += text
        elif self.mode == "t":
            self.inline += text
        elif self.mode == "f":
            self.f += text


class _SharedStrings(_Expat):
    """The shared strings at `wanted` indices (rich-text runs joined, phonetic runs
    skipped)."""

    def __init__(self, wanted: set[int]):
        super().__init__()
        self.wanted = wanted
        self.last = max(wanted)
        self.index = -1
        self.found: dict[int, str] = {}
        self.buf = None
        self.in_t = False
        self.in_rph = 0

    def start(self, name, attrs):
        if name == "si":
            self.index += 1
            if self.index > self.last:
                raise _Stop()
            self.buf = [] if self.index in self.wanted else None
        elif name == "rPh":
            self.in_rph += 1
        elif name == "t" and self.buf is not None and not self.in_rph:
            self.in_t = True

    def end(self, name):
        if name == "si":
            if self.buf is not None:
                self.found[self.index] = "".join(self.buf)
                if len(self.found) == len(self.wanted):
                    raise _Stop()
            self.buf = None
        elif name == "t":
            self.in_t = False
        elif name == "rPh":
            self.in_rph -= 1

    def chars(self, text):
        if self.in_t:
            self.buf.append(text)


def _ns(root) -> str:
    return root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else ""


_SAFE_ENCODINGS = (b"utf-8", b"utf8", b"us-ascii", b"ascii")
_XML_DECL_RE = re.compile(rb'^(?:\xef\xbb\xbf)?<\?xml[^<>]*?\?>')
_ENCODING_RE = re.compile(rb'encoding\s*=\s*["\']([A-Za-z0-9._-]+)["\']')
_ROOT_RE = re.compile(rb'\s*<([A-Za-z_][A-Za-z0-9_.:-]*)[\s>]')


def _sliced_cells(data: bytes, wanted: set[tuple[int, int]]) -> dict | None:
    """The wanted cells of a small sheet, parsing only the rows that hold them: each
    `<row r="N"` ... `</row>` is cut out of the bytes, and the rows are parsed together
    (inside a copy of the root start tag, for its namespace declarations) by the XML parser.

    A fast path, taken only where cutting is sound: UTF-8/ASCII text (so the byte
    sequences below are the characters), no DOCTYPE, comments, CDATA sections or
    processing instructions up to `</sheetData>` (so '<' only ever starts a tag there: XML
    allows no raw '<' in text or attribute values; a DOCTYPE can only come before the root
    element, and nothing after `</sheetData>` is cut or read), unprefixed rows written with
    r= first, in ascending order. Returns None in every other case (the caller parses the
    whole sheet); never guesses."""
    decl = _XML_DECL_RE.match(data)
    body = decl.end() if decl else (3 if data[:3] == b"\xef\xbb\xbf" else 0)
    if decl:
        enc = _ENCODING_RE.search(decl.group(0))
        if enc and enc.group(1).lower() not in _SAFE_ENCODINGS:
            return None
    elif data[:1] != b"<":
        return None  # a BOM of UTF-16/32, or anything unexpected
    root = _ROOT_RE.match(data, body)
    if root is None:
        return None
    root_end = data.find(b"<", root.start(1))
    start = data.find(b"<sheetData>", root_end - 1)
    if start < 0:
        return None
    stop = data.find(b"</sheetData>", start)
    if stop < 0:
        return None
    for marker in (b"<!", b"<?"):  # what follows </sheetData> is never cut, nor read
        if data.find(marker, body, stop) >= 0:
            return None
    pieces = []
    pos = start
    for row in sorted({r for r, _ in wanted}):
        i = data.find(b'<row r="%d"' % row, pos, stop)
        if i < 0:
            return None
        nxt = data.find(b"<", i + 1, stop + 1)
        if data[i:nxt].rstrip().endswith(b"/>"):
            pos = nxt
            continue  # an empty row
        j = data.find(b"</row>", i, stop)
        if j < 0:
            return None
        pieces.append(data[i:j + 6])
        pos = j + 6
    name = root.group(1)
    fragment = b"".join([data[root.start(1) - 1:root_end], b"<sheetData>", *pieces,
                         b"</sheetData></", name, b">"])
    import xml.etree.ElementTree as ET

    try:
        tree = ET.fromstring(fragment)  # no DOCTYPE in `data`, so none in the fragment
    except ET.ParseError:
        return None
    return _tree_cells(tree, wanted)


@functools.lru_cache(maxsize=64)
def _wanted_refs(wanted: frozenset) -> tuple[frozenset, dict]:
    """The rows of the wanted cells, and their canonical refs ('B15') -> (row, col); the
    same few sets for every file of a template version. Read-only for the callers."""
    return (frozenset(r for r, _ in wanted),
            {f"{_col_letters(c)}{r}": (r, c) for r, c in wanted})


def _tree_cells(root, wanted: set[tuple[int, int]]) -> dict:
    """Like `_SheetCells`, over a parsed sheet (small parts): C-speed iteration, rows that
    hold no wanted cell are skipped without looking at their cells."""
    ns = _ns(root)
    sheet_data = root.find(ns + "sheetData")
    found: dict[tuple[int, int], tuple] = {}
    if sheet_data is None:
        return found
    rows, refs = _wanted_refs(frozenset(wanted))
    max_row = max(rows)
    row = 0
    row_tag, c_tag, v_tag, is_tag, f_tag = (ns + "row", ns + "c", ns + "v", ns + "is",
                                            ns + "f")
    for row_el in sheet_data:
        if row_el.tag != row_tag:
            continue
        r = row_el.get("r")
        row = int(r) if r and r.isdigit() else row + 1
        if row > max_row:
            break
        if row not in rows:
            continue
        col = 0
        last_ref = None  # the column of a cell with r= is only computed when needed
        for c in row_el:
            if c.tag != c_tag:
                continue
            ref = c.get("r")
            if ref:
                key = refs.get(ref)
                if key is None:
                    # canonical refs (upper case, no '$') that are not in `refs` are not
                    # wanted; anything else is parsed
                    pos = None if ref.isupper() and "$" not in ref else _split_cell(ref)
                    if pos is None or pos[0] != row or pos not in wanted:
                        last_ref = ref
                        continue
                    key = pos
                col, last_ref = key[1], None
            else:
                if last_ref is not None:
                    pos = _split_cell(last_ref)
                    col = pos[1] if pos is not None else col + 1
                    last_ref = None
                col += 1
                key = (row, col)
                if key not in wanted:
                    continue
            v = inline = formula = None
            for child in c:
                if child.tag == v_tag:
                    v = child.text or ""
                elif child.tag == is_tag:
                    inline = _rich_text(child, ns)
                elif child.tag == f_tag:
                    formula = child.text or ""
            found[(row, col)] = (c.get("t"), v, inline, c.get("s"), formula)
    return found


def _rich_text(el, ns: str) -> str:
    """Text of a <si> or <is>: its <t>, or its runs' <t>s joined (phonetic <rPh> skipped)."""
    t = el.find(ns + "t")
    if t is not None:
        return t.text or ""
    return "".join(rt.text or "" for r in el.iterfind(ns + "r") for rt in r.iterfind(ns + "t"))


def _tree_strings(root, wanted: set[int]) -> dict[int, str]:
    ns = _ns(root)
    last = max(wanted)
    found = {}
    for i, si in enumerate(root.iterfind(ns + "si")):
        if i > last:
            break
        if i in wanted:
            found[i] = _rich_text(si, ns)
    return found


# ----------------------------------------------------------------------------- package


def _resolve_target(source_part: str, target: str) -> str:
    """A relationship target relative to its source part -> normalized part name."""
    target = target.replace("\\", "/")
    if target.startswith("/"):
        path = target.lstrip("/")
    else:
        path = posixpath.join(posixpath.dirname(source_part), target)
    return posixpath.normpath(path).lstrip("/")


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader


def _member(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """A stored or deflated member of the zip file `data`, as `ZipFile.read(info)` returns it,
    checked as it checks it (the local header's signature and name, the CRC-32), and also its
    exact size: more or fewer bytes than the central directory says is a damaged file. A
    template's parts are small; reading them straight from the bytes in memory skips the
    file-like layers of `ZipFile.open` (about a third of the time a file took to read)."""
    start = info.header_offset
    header = data[start:start + _LOCAL_HEADER.size]
    if len(header) != _LOCAL_HEADER.size:
        raise zipfile.BadZipFile("truncated local header")
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != zipfile.stringFileHeader:
        raise zipfile.BadZipFile("bad magic number for file header")
    name_len, extra_len = fields[10], fields[11]
    start += _LOCAL_HEADER.size
    if data[start:start + name_len] != info.orig_filename.encode(
            "utf-8" if info.flag_bits & 0x800 else "cp437"):
        raise zipfile.BadZipFile("file name in directory and header differ")
    start += name_len + extra_len
    end = getattr(info, "_end_offset", None)  # where the next member begins (Python >= 3.12)
    if end is not None and start + info.compress_size > end:
        raise zipfile.BadZipFile("overlapped entries")
    raw = data[start:start + info.compress_size]
    if len(raw) != info.compress_size:
        raise zipfile.BadZipFile("truncated member")
    if info.compress_type == zipfile.ZIP_STORED:
        out = raw
    else:
        inflate = zlib.decompressobj(-15)
        out = inflate.decompress(raw, info.file_size + 1)
    if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
        raise zipfile.BadZipFile("bad size or CRC-32")
    return out


class _Package:
    """An OOXML package (zip) after the central-directory guards."""

    def __init__(self, zf: zipfile.ZipFile, relpath: str, data: bytes):
        self.zf = zf
        self.data = data  # the whole file: parts are read from it (`_member`)
        self.relpath = relpath
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise _bomb(relpath, M.READ_ZIP_ENTRIES.format(n=len(infos), grans=MAX_ZIP_ENTRIES),
                        M.READ_EXP_AT_MOST.format(grans=MAX_ZIP_ENTRIES))
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED:
            raise _bomb(relpath, M.READ_ZIP_TOTAL.format(storlek=_size_text(total),
                                                         grans=_size_text(MAX_UNCOMPRESSED)),
                        M.READ_EXP_AT_MOST.format(grans=_size_text(MAX_UNCOMPRESSED)))
        for i in infos:
            if i.file_size > RATIO_MIN_BYTES and \
                    i.file_size > MAX_RATIO * max(i.compress_size, 1):
                raise _bomb(relpath, M.READ_ZIP_RATIO.format(
                    del_=i.filename,
                    kvot=i.file_size // max(i.compress_size, 1), grans=MAX_RATIO),
                    M.READ_EXP_AT_MOST.format(grans=f"{MAX_RATIO}:1"))
        # Part names: '/'-separated, case-insensitive (OPC), back-slashes tolerated.
        self._rels: dict[str, list] = {}
        self.parts: dict[str, zipfile.ZipInfo] = {}
        for i in infos:
            if i.is_dir():
                continue
            key = i.filename.replace("\\", "/").lstrip("/").lower()
            self.parts.setdefault(key, i)

    # --- raw access

    def has(self, part: str) -> bool:
        return part.lower() in self.parts

    def info(self, part: str) -> zipfile.ZipInfo | None:
        return self.parts.get(part.lower())

    def read(self, part: str) -> bytes | None:
        info = self.info(part)
        if info is None:
            return None
        if info.flag_bits & 0x1:
            raise _encrypted(self.relpath)
        if info.file_size > MAX_WHOLE_PART:
            raise _bomb(self.relpath, M.READ_ZIP_PART.format(
                del_=info.filename, storlek=_size_text(info.file_size),
                grans=_size_text(MAX_WHOLE_PART)),
                M.READ_EXP_AT_MOST.format(grans=_size_text(MAX_WHOLE_PART)))
        if not info.flag_bits & 0x60 and \
                info.compress_type in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
            return _member(self.data, info)
        return self.zf.read(info)

    def open(self, part: str):
        info = self.info(part)
        if info.flag_bits & 0x1:
            raise _encrypted(self.relpath)
        return self.zf.open(info)

    def rels(self, part: str) -> list[tuple[str, str, str]]:
        """(Id, Type lower-cased, target part) of a part's internal relationships ('' = the
        package)."""
        if part not in self._rels:
            self._rels[part] = self._read_rels(part)
        return self._rels[part]

    def _read_rels(self, part: str) -> list[tuple[str, str, str]]:
        data = self.read(_rels_name(part) if part else "_rels/.rels")
        if data is None:
            return []
        try:
            return list(_rels_entries(data, part))
        except _BadXML as exc:
            raise _corrupt(self.relpath, exc.kind) from None

    # --- ODS

    def is_ods(self) -> bool:
        info = self.info("mimetype")
        if info is None or info.file_size > 200:
            return False
        return self.read("mimetype").strip().startswith(_ODS_MIME)

    def ods_encrypted(self) -> bool:
        data = self.read("META-INF/manifest.xml")
        return data is not None and b"encryption-data" in data

    # --- workbook

    def workbook_part(self) -> str:
        for _rid, typ, target in self.rels(""):
            if typ.endswith(_REL_OFFICE_DOC) and self.has(target):
                return target
        for candidate in ("xl/workbook.xml", "workbook.xml"):
            if self.has(candidate):
                return candidate
        if self.has("xl/workbook.bin"):
            return "xl/workbook.bin"
        raise _corrupt(self.relpath, "no-workbook")

    def _content_type(self, part: str) -> str:
        data = self.read("[Content_Types].xml")
        if data is None or b"macroenabled" not in data.lower():
            return ""
        root = _parse_xml(data, self.relpath)
        for el in root:
            if _local(el.tag) == "Override" and \
                    (el.get("PartName") or "").lstrip("/").lower() == part.lower():
                return (el.get("ContentType") or "").lower()
        return ""

    def submission(self, path: Path, size: int, sha256: str):
        relpath = self.relpath
        wb_part = self.workbook_part()
        if wb_part.lower().endswith(".bin"):
            raise _format(relpath, "xlsb", path.suffix.lower())
        if "macroenabled" in self._content_type(wb_part):
            raise _format(relpath, "xlsm", path.suffix.lower())
        wb_data = self.read(wb_part)
        try:  # the workbook part before its relationships: its errors are reported first
            declared = _workbook_declarations(wb_data)
        except _BadXML as exc:
            raise _corrupt(relpath, exc.kind) from None
        rels = self.rels(wb_part)
        rel_targets = tuple(sorted((rid, target) for rid, typ, target in rels
                                   if typ.endswith(_REL_WORKSHEET)))
        shared_part = next((t for _r, typ, t in rels if typ.endswith(_REL_SHARED_STRINGS)),
                           None)
        styles_part = next((t for _r, typ, t in rels if typ.endswith(_REL_STYLES)), None)
        analyse = _name_targets if len(wb_data) <= _MEMO_MAX_BYTES else _name_targets.__wrapped__
        outcome, targets, broken, cells = analyse(declared, rel_targets)
        if outcome is not None:
            raise _not_template(relpath, outcome)

        if "fx_version" in broken:
            return _submission_from(relpath, path, size, sha256, {}, dict(cells), broken,
                                    None, ())
        raw = self._values(targets, shared_part, styles_part, declared[2])
        return _submission_from(relpath, path, size, sha256, raw, dict(cells), broken,
                                self._modified, self._pnr_names)

    @staticmethod
    def _target(formula: str, sheets: dict) -> tuple[str, str, int, int] | None:
        m = _NAME_REF_RE.match(formula or "")
        if not m:
            return None
        sname = m.group("q").replace("''", "'") if m.group("q") is not None else m.group("u")
        sheet = sheets.get(sname.strip().lower())
        if sheet is None or sheet[1] is None:
            return None
        _q, _u, c1, r1, c2, r2 = m.groups()
        row, col = int(r1), _col_index(c1)
        if not (1 <= row <= _MAX_ROW and 1 <= col <= _MAX_COL):
            return None
        if c2 is not None and (int(r2) != row or _col_index(c2) != col):
            return None  # a range of more than one cell
        return sheet[0], sheet[1], row, col

    def _values(self, targets: dict, shared_part: str | None, styles_part: str | None,
                date1904: bool) -> dict[str, object]:
        """Raw values of the target cells, masked."""
        by_part: dict[str, set[tuple[int, int]]] = {}
        for _sheet, part, row, col in targets.values():
            by_part.setdefault(part, set()).add((row, col))
        found: dict[tuple[str, int, int], tuple] = {}
        for part, wanted in by_part.items():
            if not self.has(part):
                raise _corrupt(self.relpath, "missing-part")
            if self.info(part).file_size <= TREE_MAX_BYTES:
                data = self.read(part)
                cells = _sliced_cells(data, wanted)
                if cells is None:
                    cells = _tree_cells(_parse_xml(data, self.relpath), wanted)
            else:
                parser = _SheetCells(wanted)
                with self.open(part) as fh:
                    parser.feed(fh, self.relpath)
                cells = parser.found
            for (row, col), cell in cells.items():
                found[(part, row, col)] = cell

        strings = self._strings(found.values(), shared_part)
        kinds = self._kinds(found.values(), styles_part)
        raw, self._pnr_names = _masked({
            name: _cell_value(found.get((part, row, col)), strings, kinds, date1904)
            for name, (_sheet, part, row, col) in targets.items()})
        return raw

    def _strings(self, cells, shared_part: str | None) -> dict[int, str]:
        """The shared strings the cells use (only those indices)."""
        indices: set[int] = set()
        for t, v, *_rest in cells:
            if t == "s" and v is not None and v.strip().isdigit():
                indices.add(int(v.strip()))
        if not indices:
            return {}
        part = shared_part if shared_part and self.has(shared_part) else \
            ("xl/sharedStrings.xml" if self.has("xl/sharedStrings.xml") else None)
        if part is None:
            raise _corrupt(self.relpath, "shared-string")
        if self.info(part).file_size <= TREE_MAX_BYTES:
            strings = _tree_strings(_parse_xml(self.read(part), self.relpath), indices)
        else:
            parser = _SharedStrings(indices)
            with self.open(part) as fh:
                parser.feed(fh, self.relpath)
            strings = parser.found
        if len(strings) != len(indices):
            raise _corrupt(self.relpath, "shared-string")
        return strings

    def _kinds(self, cells, styles_part: str | None) -> dict:
        """The date and time styles (`_style_kinds`), read only when a wanted cell is a
        number with a style other than the default; {} when there is none."""
        if not any(t in (None, "n") and v and s not in (None, "0")
                   for t, v, _inline, s, _f in cells):
            return {}
        part = styles_part if styles_part and self.has(styles_part) else \
            ("xl/styles.xml" if self.has("xl/styles.xml") else None)
        if part is None:
            return {}
        try:
            return _style_kinds(self.read(part))
        except _BadXML as exc:
            raise _corrupt(self.relpath, exc.kind) from None

    def _modified(self) -> datetime | None:
        part = next((t for _r, typ, t in self.rels("") if typ.endswith(_REL_CORE)),
                    "docProps/core.xml")
        data = self.read(part)
        if data is None:
            return None
        try:
            root = _parse_xml(data, self.relpath)
        except _Reject as r:
            if r.reason == "dtd":
                raise  # a DOCTYPE anywhere rejects the file
            return None  # damaged metadata only: no modified time
        for el in root:
            if _local(el.tag) == "modified":
                return parse_w3cdtf(el.text or "")
        return None


def _ref_error(relpath: str, name: str, formula: str) -> Finding:
    label = M.field_label(name)
    return Finding(code="name-ref-error", severity=ERROR, file=relpath,
                   message=M.READ_NAME_REF_ERROR.format(fil=relpath, falt=label, ref=formula),
                   field=label, cell=None, value=formula, expected=M.READ_EXP_CELL)


def _submission_from(relpath: str, path: Path, size: int, sha256: str, raw: dict,
                     cells: dict, broken: dict, modified, pnr_names) -> tuple:
    """The end of reading a template, whatever its format (OOXML here, OpenDocument in
    `ods.py`): the contract version check, the `name-ref-error`s and the Submission.
    `raw`: the masked values of the names that point at a cell; `broken`: {contract name:
    formula text that points nowhere}; `modified()`: the document's modified time (called
    only for a template of the known version); `pnr_names`: the free-text names in which
    a personnummer was masked."""
    if "fx_version" in broken:
        return None, [_ref_error(relpath, "fx_version", broken["fx_version"])]
    version = raw.get("fx_version")
    version_text = "" if version is None else str(version).strip()
    if version_text != contract.VERSION:
        label = M.field_label("fx_version")
        return None, [Finding(
            code="unknown-version", severity=ERROR, file=relpath,
            message=M.READ_UNKNOWN_VERSION.format(fil=relpath, varde=version_text,
                                                  falt=label, cell=cells["fx_version"],
                                                  vantat=contract.VERSION),
            field=label, cell=cells["fx_version"], value=version_text,
            expected=contract.VERSION)]

    findings = [_ref_error(relpath, name, formula) for name, formula in sorted(
        broken.items(), key=lambda kv: _contract_order(kv[0]))]

    def text(name: str) -> str | None:
        v = raw.get(name)
        return None if v is None else _text_of(v)

    sub = Submission(
        path=path, relpath=relpath, size=size, sha256=sha256,
        modified=modified(),
        version=version_text, forbund=text("fx_forbund"), insats=text("fx_insats"),
        period=text("fx_period"), raw=raw, cells=cells,
        kommentar=text("fx_kommentar") or "", rapporterad_av=text("fx_rapporterad_av") or "",
        pnr_fields=tuple(n for n in contract.TEXT if n in pnr_names))
    return sub, findings


def _masked(values: dict) -> tuple[dict, set]:
    """{name: value} in contract order with every personnummer masked (`_mask_value`), and
    the free-text names in which one was masked."""
    raw: dict[str, object] = {}
    pnr_names: set[str] = set()
    for name in sorted(values, key=_contract_order):
        value = values[name]
        masked = _mask_value(value)
        if masked is not value and name in contract.TEXT:
            pnr_names.add(name)
        raw[name] = masked
    return raw, pnr_names


_ORDER = {n: i for i, n in enumerate(
    contract.META + contract.FLOW + contract.ANTAL + contract.ENKAT + contract.TEXT)}


# Parts that are the same in every file made from one template (the relationships, the
# workbook part) are analysed once per process: `_memoised` caches an analysis by the part's
# exact bytes (functools.lru_cache), so a part that differs in any byte is analysed afresh.
# Exceptions are never cached (an error is raised again for every file); large parts are not
# kept. Callers never change what a cached analysis returns.
_MEMO_MAX_BYTES = 256 * 1024


def _memoised(fn):
    cached = functools.lru_cache(maxsize=64)(fn)

    @functools.wraps(fn)
    def call(data: bytes, *args):
        return cached(data, *args) if len(data) <= _MEMO_MAX_BYTES else fn(data, *args)

    call.cache_clear = cached.cache_clear
    call.cache_info = cached.cache_info
    return call


@_memoised
def _rels_entries(data: bytes, part: str) -> tuple[tuple[str, str, str], ...]:
    """(Id, Type lower-cased, target part) of the internal relationships in a .rels part of
    `part` ('' = the package). Raises _BadXML."""
    out = []
    for el in _parse_xml_bytes(data):
        if _local(el.tag) != "Relationship":
            continue
        if (el.get("TargetMode") or "").lower() == "external":
            continue
        rid, typ, target = el.get("Id"), el.get("Type"), el.get("Target")
        if rid is None or typ is None or not target:
            continue
        out.append((rid, typ.lower(), _resolve_target(part, target)))
    return tuple(out)


@_memoised
def _workbook_declarations(data: bytes) -> tuple[tuple, tuple]:
    """What the workbook part declares: ((sheet name, relationship id), ...) in order, and
    ((lower-cased workbook-scoped fx_ name, formula text), ...), the first of each name.
    Raises _BadXML."""
    root = _parse_xml_bytes(data)
    ns = _ns(root)
    sheets = []
    for el in root.iter(ns + "sheet"):
        rid = el.get(_R_ID) or el.get(_R_ID_STRICT) or next(
            (v for k, v in el.attrib.items() if k.startswith("{") and _local(k) == "id"), None)
        if el.get("name") is not None:
            sheets.append((el.get("name"), rid))
    names: dict[str, str] = {}
    for el in root.iter(ns + "definedName"):
        dname = el.get("name") or ""
        if el.get("localSheetId") is None and dname[:3].lower() == "fx_":
            names.setdefault(dname.lower(), el.text or "")
    pr = root.find(ns + "workbookPr")
    date1904 = pr is not None and (pr.get("date1904") or "").strip().lower() in ("1", "true")
    return tuple(sheets), tuple(names.items()), date1904


# Built-in number formats (ECMA-376 18.8.30) that show a date or a time; 27-36 and 50-58 are
# the East Asian locales' date and time formats.
_BUILTIN_DATE = frozenset((14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52,
                           53, 54, 57, 58))
_BUILTIN_TIME = frozenset((18, 19, 20, 21, 32, 33, 45, 46, 47, 55, 56))
_FMT_LITERAL_RE = re.compile(r'"[^"]*"|\\.|[_*].')
_FMT_ELAPSED_RE = re.compile(r"\[(?:h+|m+|s+)\]", re.I)
_FMT_BRACKET_RE = re.compile(r"\[[^\]]*\]")


def format_kind(code: str) -> str | None:
    """'date', 'time' or None for a number format code: what Excel shows a number with that
    format as. Only the first section counts (the one for positive numbers); quoted text,
    escaped characters, fills and colours or locales in brackets are not format letters.
    y or d (or m without h and s) is a date; h, s or an elapsed [h]/[m]/[s] is a time."""
    first = _FMT_LITERAL_RE.sub("", code or "").split(";", 1)[0]
    elapsed = bool(_FMT_ELAPSED_RE.search(first))
    letters = _FMT_BRACKET_RE.sub("", first).lower()
    if "y" in letters or "d" in letters:
        return "date"
    if elapsed or "h" in letters or "s" in letters:
        return "time"
    if "m" in letters:
        return "date"  # a month ("mmm")
    return None


@_memoised
def _style_kinds(data: bytes) -> dict[str, str]:
    """{cell format index as a cell's s= writes it ('5'): 'date' or 'time'} for the cell
    formats (cellXfs) of a styles part that show a number as a date or a time; the others
    are left out. Read-only for the callers. Raises _BadXML."""
    root = _parse_xml_bytes(data)
    ns = _ns(root)
    custom: dict[int, str | None] = {}
    for el in root.iter(ns + "numFmt"):
        fid = el.get("numFmtId") or ""
        if fid.strip().isdigit():
            custom[int(fid)] = format_kind(el.get("formatCode") or "")
    xfs = root.find(ns + "cellXfs")
    kinds = {}
    for i, xf in enumerate(() if xfs is None else xfs.iterfind(ns + "xf")):
        fid = (xf.get("numFmtId") or "0").strip()
        n = int(fid) if fid.isdigit() else 0
        kind = custom[n] if n in custom else (
            "date" if n in _BUILTIN_DATE else "time" if n in _BUILTIN_TIME else None)
        if kind is not None:
            kinds[str(i)] = kind
    return kinds


@functools.lru_cache(maxsize=64)
def _name_targets(declared: tuple[tuple, tuple], rel_targets: tuple[tuple[str, str], ...]):
    """(not-template reason or None, targets, broken, cells) of a workbook's declarations and
    its worksheet relationships ((id, part), ...): targets = {fx_ name: (sheet, part, row,
    col)}, broken = {contract name: formula text that points nowhere}, cells = {fx_ name:
    "Rapport!C12"} in contract order."""
    sheet_list, names = declared[0], declared[1]
    parts = dict(rel_targets)
    sheets: dict[str, tuple[str, str | None]] = {}  # lower name -> (name, part)
    for sname, rid in sheet_list:
        sheets.setdefault(sname.lower(), (sname, parts.get(rid)))
    names = dict(names)
    if "fx_version" not in names:
        return M.READ_NOT_TEMPLATE_NO_VERSION, {}, {}, {}
    if contract.SHEET.lower() not in sheets and \
            _Package._target(names["fx_version"], sheets) is None:
        # a renamed sheet is fine as long as the names followed it (LibreOffice and Excel
        # move them); names still pointing at a missing 'Rapport' are not
        return M.READ_NOT_TEMPLATE_NO_SHEET, {}, {}, {}
    targets: dict[str, tuple[str, str, int, int]] = {}
    broken: dict[str, str] = {}
    for name, formula in names.items():
        t = _Package._target(formula, sheets)
        if t is None:
            if name in _ORDER:
                broken[name] = formula.strip() or "#REF!"
            continue
        targets[name] = t
    cells = {name: f"{targets[name][0]}!{_col_letters(targets[name][3])}{targets[name][2]}"
             for name in sorted(targets, key=_contract_order)}
    return None, targets, broken, cells


def _clear_caches() -> None:
    """Forget every cached template analysis (tests)."""
    for fn in (_rels_entries, _workbook_declarations, _name_targets, _wanted_refs,
               _style_kinds):
        fn.cache_clear()


def _contract_order(name: str) -> tuple[int, str]:
    return _ORDER.get(name, len(_ORDER)), name


def _cell_value(cell, strings: dict[int, str], kinds: dict | None = None,
                date1904: bool = False):
    """(t, <v> text, inline text, style index, formula text) -> one of the raw value types
    of model.py: None, int, float, str, bool, datetime, timedelta, CellError or
    UncachedFormula. `kinds`: the date and time styles (`_style_kinds`)."""
    if cell is None:
        return None
    t, v, inline, style, formula = cell
    if t == "inlineStr":
        text = inline if inline is not None else v
        return None if text is None else _unescape(text)
    if v is None or (v == "" and t != "str"):
        return None if formula is None else UncachedFormula(formula.strip())
    if t == "s":
        return strings[int(v.strip())]
    if t == "str":
        return _unescape(v)
    if t == "b":
        return v.strip() in ("1", "true")
    if t == "e":
        return CellError(v.strip())
    if t == "d":
        return _iso_date(v.strip())
    text = v.strip()
    if _INT_RE.match(text):
        number = int(text)
    else:
        try:
            number = float(text)
        except ValueError:
            return _unescape(v)
        if number != number or number in (float("inf"), float("-inf")):
            return text
    if kinds and style in kinds:
        return _serial_value(number, kinds[style], date1904)
    return number


_MAX_SERIAL = 2958465  # 9999-12-31


def _serial_value(number, kind: str, date1904: bool):
    """A spreadsheet serial number shown as a date ('date': datetime) or a time ('time':
    timedelta). A date-formatted number that is no valid date is a timedelta too."""
    seconds = round(number * 86400)
    if kind == "date" and 0 <= number <= _MAX_SERIAL:
        if date1904:
            base = datetime(1904, 1, 1)
        else:  # Excel counts a 29 February 1900 that never was: serials from 61 on
            base = datetime(1899, 12, 30) if number >= 61 else datetime(1899, 12, 31)
        return base + timedelta(seconds=seconds)
    return timedelta(seconds=seconds)


def _iso_date(text: str):
    """A t="d" cell's ISO 8601 text -> datetime (a time only -> timedelta); text that is
    neither stays text."""
    try:
        return datetime.fromisoformat(text.removesuffix("Z"))
    except ValueError:
        pass
    try:
        tm = time.fromisoformat(text.removeprefix("T").removesuffix("Z"))
    except ValueError:
        return text
    return timedelta(hours=tm.hour, minutes=tm.minute, seconds=tm.second)


def _mask_value(value):
    """The value with any personnummer masked (returns the same object when nothing
    changed). A whole number of 10 or 12 digits that is a personnummer becomes the mask."""
    if type(value) is int and -999_999_999 <= value <= 999_999_999:
        return value  # fewer than 10 digits: the counts
    if isinstance(value, str):
        masked = pnr.mask(value)
        return value if masked == value else masked
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            return value
        digits = str(int(value))
        if len(digits) in (10, 12) and pnr.contains(digits):
            return M.READ_PNR_MASK
    return value


def _text_of(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return M.VAL_SANT if value else M.VAL_FALSKT
    if isinstance(value, datetime):  # a date typed in a text field: as the cell shows it
        return value.strftime("%Y-%m-%d" if value.time() == time() else "%Y-%m-%d %H:%M")
    return str(value).strip()


def parse_w3cdtf(text: str) -> datetime | None:
    """dcterms:modified (W3CDTF) -> aware UTC datetime; no zone = UTC; None if invalid."""
    m = _W3CDTF_RE.match(text or "")
    if not m:
        return None
    y, mo, d, hh, mm, ss, frac, tz = m.groups()
    try:
        dt = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0),
                      int((frac or "0")[:6].ljust(6, "0")), tzinfo=timezone.utc)
    except ValueError:
        return None
    if tz and tz != "Z":
        sign = 1 if tz[0] == "+" else -1
        digits = tz[1:].replace(":", "")
        dt -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return dt
