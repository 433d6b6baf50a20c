"""Guards before anything of an untrusted spreadsheet is parsed, shared by every reader of a
zip package (the monthly reports here; the plan reader can use `checked_zip` the same way).

Each guard raises a typed `FileError` that says what is wrong with the file, without any
user text (each reader words its own finding):

  Unreadable   the file cannot be opened or read (`error`: the OSError)
  Empty        0 bytes
  TooLarge     over `limits.file_bytes` (never read past that); `Spread`: a repeat count
               that would make its text or its sheet larger than the limits (ods.py)
  Encrypted    an OLE/CFB container holding an `EncryptedPackage` stream (an encrypted
               .xlsx/.xlsb), or a zip entry with the encryption flag
  NotZip       `kind`: 'cfb' (an OLE/CFB file: .xls or the like), 'pdf', 'truncated' (a
               zip's start without its directory), 'not-zip' (anything else)
  ZipBomb      from the central directory, before inflating anything: too many entries,
               too much uncompressed data in total, a large part compressed too well, or a
               part to be read whole that is too large
  Corrupt      `reason`: damaged zip data ('crc': bad deflate data, a part whose data does
               not match the size and CRC-32 the directory states -- nothing beyond the
               stated size is ever inflated --, a local header naming another part), or XML
               that does not parse or declares a DTD (`safexml`)

How the plan reader (or any other) calls it:

    from finsam_xl.reader import guards
    try:
        checked = guards.checked_zip(path, guards.Limits(file_bytes=..., ...))
    except guards.FileError as exc:
        ...  # one finding, worded from type(exc) and its fields
    with checked.zip:  # a zipfile.ZipFile over the bytes read once (checked.data)
        ...            # e.g. openpyxl.load_workbook(io.BytesIO(checked.data))

Standard library only; nothing here builds a message or a Finding.
"""

from __future__ import annotations

import errno
import functools
import io
import os
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What a package may hold. The defaults are the monthly report's (`READER`)."""

    file_bytes: int = 5 * MB  # a filled template is ~9 kB; 5 MB leaves room for a logo
    entries: int = 200  # a template has 10 parts, and so has its LibreOffice re-save
    uncompressed: int = 50 * MB  # total of all parts as declared in the central directory
    ratio: int = 100  # uncompressed / compressed per part ...
    ratio_min_bytes: int = MB  # ... checked for parts over 1 MB (small parts cannot hurt)
    # A part read whole (workbook, relationships, content types, core properties); a
    # template's are a few kB, a 1 024-sheet workbook.xml ~100 kB.
    whole_part: int = 10 * MB


READER = Limits()

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le") + b"\x00\x00"


# ----------------------------------------------------------------------------- errors


class FileError(Exception):
    """The file cannot be accepted as it is: a finding about the file, never a bug."""


class Unreadable(FileError):
    def __init__(self, error: OSError):
        super().__init__(error)
        self.error = error


class Empty(FileError):
    pass


class TooLarge(FileError):
    def __init__(self, size: int, limit: int):
        super().__init__(size, limit)
        self.size, self.limit = size, limit


class Spread(TooLarge):
    """A file whose cells hold more than a spreadsheet's cells may: found before anything
    is expanded where the file only counts it (an OpenDocument file's `text:c`,
    `table:number-rows-repeated`, `table:number-columns-repeated`). `what`: 'cell' (`size`
    characters of text in the cell `cell`, 'Rapport!C12', against Excel's 32 767), 'text'
    (`size` characters of text in the cells read together, against the bytes a package's
    parts may hold uncompressed, which bound an .xlsx's text), 'rows' or 'columns' (of a
    sheet or a row, against the sheet's size, which bounds an .xlsx's cell references)."""

    def __init__(self, what: str, size: int, limit: int, cell: str | None = None):
        super().__init__(size, limit)
        self.what, self.cell = what, cell


class Encrypted(FileError):
    pass


class NotZip(FileError):
    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


class ZipBomb(FileError):
    """`what`: 'entries', 'total', 'ratio' or 'part'; `value` against `limit` (entries,
    bytes, the ratio's quotient, bytes); `part`: the part's name ('ratio', 'part')."""

    def __init__(self, what: str, value: int, limit: int, part: str | None = None):
        super().__init__(what, value, limit, part)
        self.what, self.value, self.limit, self.part = what, value, limit, part


class Corrupt(FileError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# What zipfile (and the decompressors under it) raise for damaged zip data: only ever caught
# around zipfile's own calls, so that the same types raised by a bug elsewhere stay bugs.
# ValueError: a name that is not valid UTF-8 under the UTF-8 flag; OSError: bzip2 data.
try:
    from lzma import LZMAError
except ImportError:  # pragma: no cover - a Python built without lzma: zipfile has none either
    class LZMAError(Exception):  # type: ignore[no-redef]  # the stand-in for the missing one
        pass
ZIP_DATA_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, LZMAError,
                   NotImplementedError, ValueError, OSError)


# ----------------------------------------------------------------------------- the file


@dataclass
class CheckedZip:
    """A zip package that passed the guards: its bytes (read once) and a ZipFile over them."""

    data: bytes
    zip: zipfile.ZipFile


def checked_zip(path: Path, limits: Limits = READER) -> CheckedZip:
    """The package at `path` after every guard that needs no parsing: size, not empty, not
    an OLE/CFB file (encrypted or not), a zip, and its central directory
    (`check_directory`). Raises a FileError."""
    data = read_limited(path, limits)
    sniff(data)
    return CheckedZip(data, open_zip(data, limits))


def read_limited(path: Path, limits: Limits = READER) -> bytes:
    """The bytes of a regular file of at most `limits.file_bytes` (never reading more, even
    if the file grows meanwhile). Raises Unreadable, TooLarge or Empty."""
    try:
        _regular(os.stat(path), limits)
        # Opened without waiting (a FIFO put in its place since the stat would block an open
        # for reading), then looked at again through the descriptor: what is read is the
        # regular file that was checked, never a FIFO, a device or a folder swapped in.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as fh:
            _regular(os.fstat(fh.fileno()), limits)
            data = fh.read(limits.file_bytes + 1)
    except OSError as exc:
        raise Unreadable(exc) from None
    if len(data) > limits.file_bytes:
        raise TooLarge(len(data), limits.file_bytes)
    if not data:
        raise Empty()
    return data


def _regular(st: os.stat_result, limits: Limits) -> None:
    """A regular file of at most `limits.file_bytes`: OSError (EISDIR, EINVAL) or TooLarge
    otherwise."""
    if not stat.S_ISREG(st.st_mode):
        raise OSError(errno.EISDIR if stat.S_ISDIR(st.st_mode) else errno.EINVAL, "")
    if st.st_size > limits.file_bytes:
        raise TooLarge(st.st_size, limits.file_bytes)


def sniff(data: bytes) -> None:
    """An OLE/CFB container is not a zip package: Encrypted when it holds an
    `EncryptedPackage` stream, else NotZip('cfb')."""
    if data[:8] == CFB_MAGIC:
        raise Encrypted() if _cfb_encrypted(data) else NotZip("cfb")


def _cfb_encrypted(data: bytes) -> bool:
    """True when an OLE/CFB container holds an `EncryptedPackage` stream (an encrypted
    OOXML file). Directory entries are 128-byte records at 128-byte aligned offsets whose
    first 64 bytes are the UTF-16LE name and whose next two bytes are its length in bytes
    (including the terminating NUL)."""
    start = 0
    size = len(_ENCRYPTED_PACKAGE).to_bytes(2, "little")
    while True:
        i = data.find(_ENCRYPTED_PACKAGE, start)
        if i < 0:
            return False
        if i % 128 == 0 and data[i + 64:i + 66] == size:
            return True
        start = i + 1


def open_zip(data: bytes, limits: Limits = READER) -> zipfile.ZipFile:
    """A ZipFile over `data` whose central directory passed `check_directory`. Raises
    NotZip ('pdf', 'truncated', 'not-zip') or ZipBomb."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        if data[:5] == b"%PDF-":
            raise NotZip("pdf") from None
        if data[:4] == b"PK\x03\x04":
            raise NotZip("truncated") from None
        raise NotZip("not-zip") from None
    except ZIP_DATA_ERRORS:  # a directory zipfile cannot handle (a zip version from the future)
        raise Corrupt("crc") from None
    try:
        check_directory(zf, limits)
    except ZipBomb:
        zf.close()
        raise
    return zf


def check_directory(zf: zipfile.ZipFile, limits: Limits = READER) -> None:
    """The central directory's numbers, before anything is inflated: at most
    `limits.entries` entries and `limits.uncompressed` bytes in total, and no part over
    `limits.ratio_min_bytes` compressed more than `limits.ratio`:1. Raises ZipBomb."""
    infos = zf.infolist()
    if len(infos) > limits.entries:
        raise ZipBomb("entries", len(infos), limits.entries)
    total = sum(i.file_size for i in infos)
    if total > limits.uncompressed:
        raise ZipBomb("total", total, limits.uncompressed)
    for i in infos:
        if i.file_size > limits.ratio_min_bytes and \
                i.file_size > limits.ratio * max(i.compress_size, 1):
            raise ZipBomb("ratio", i.file_size // max(i.compress_size, 1), limits.ratio,
                          i.filename)


# ----------------------------------------------------------------------------- parts


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits = READER) -> bytes:
    """A whole part, as zipfile reads and checks it (local header, CRC-32), and exactly as
    long as the central directory says (zipfile accepts a part that inflates to fewer
    bytes with a matching CRC). Raises Encrypted, ZipBomb ('part': over
    `limits.whole_part`) or Corrupt('crc')."""
    if info.flag_bits & 0x1:
        raise Encrypted()
    if info.file_size > limits.whole_part:
        raise ZipBomb("part", info.file_size, limits.whole_part, info.filename)
    try:
        data = zf.read(info)
    except ZIP_DATA_ERRORS:
        raise Corrupt("crc") from None
    if len(data) != info.file_size:
        raise Corrupt("crc")
    return data


LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # a zip local file header (APPNOTE 4.3.7)
_PLAIN = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def member_ends(data: bytes, zf: zipfile.ZipFile) -> dict[int, int]:
    """{a member's header offset: where the next member begins}, the last one bounded by
    the end of the file: a member's data must end before the next begins (no overlapping
    entries, the trick of some zip bombs; zipfile checks it from Python 3.12 on)."""
    starts = sorted({i.header_offset for i in zf.infolist()})
    return dict(zip(starts, starts[1:] + [len(data)], strict=False))  # (none: an empty zip)


def read_member_in(data: bytes, info: zipfile.ZipInfo, end: int,
                   limits: Limits = READER) -> bytes:
    """`read_member` for a package whose bytes are in memory (a template always is): the
    part is inflated straight from `data` instead of through ZipFile.open's file-like
    layers, which cost more than the inflating for a template's small parts (measured in
    docs/reader.md). Checked as zipfile checks it (the local header's signature and the
    part's name in it, the CRC-32), and beyond it: the exact size and the data ending before
    `end` (`member_ends`). Only public ZipInfo fields are used. A part that is neither
    stored nor deflated, or whose flags zipfile treats specially (0x20 patched data, 0x40
    strong encryption), is read by `read_member`. Raises Encrypted, ZipBomb or
    Corrupt('crc')."""
    if info.flag_bits & 0x1:
        raise Encrypted()
    if info.file_size > limits.whole_part:
        raise ZipBomb("part", info.file_size, limits.whole_part, info.filename)
    if info.compress_type not in _PLAIN or info.flag_bits & 0x60:
        return read_member(zipfile.ZipFile(io.BytesIO(data)), info, limits)
    start = info.header_offset
    header = data[start:start + LOCAL_HEADER.size]
    if len(header) != LOCAL_HEADER.size:
        raise Corrupt("crc")
    fields = LOCAL_HEADER.unpack(header)
    name = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")
    start += LOCAL_HEADER.size
    if fields[0] != b"PK\x03\x04" or data[start:start + fields[10]] != name:
        raise Corrupt("crc")
    start += fields[10] + fields[11]
    if start + info.compress_size > end:
        raise Corrupt("crc")
    raw = data[start:start + info.compress_size]
    inflater = inflate if len(raw) <= INFLATED_MEMO_BYTES else inflate.__wrapped__
    return inflater(raw, info.compress_type, info.file_size, info.CRC)


INFLATED_MEMO_BYTES = 64 * 1024  # parts this small (compressed) are remembered


@functools.lru_cache(maxsize=64)
def inflate(raw: bytes, method: int, size: int, crc: int) -> bytes:
    """A part's data, inflated and checked (exact size, CRC-32). Remembered by the exact
    compressed bytes (with method, size and CRC), so the parts every file of a template
    shares (relationships, workbook, styles, content types) are inflated once per run; an
    error is never remembered. Raises Corrupt('crc')."""
    try:
        out = raw if method == zipfile.ZIP_STORED else \
            zlib.decompressobj(-15).decompress(raw, size + 1)
    except zlib.error:
        raise Corrupt("crc") from None
    if len(out) != size or zlib.crc32(out) != crc:
        raise Corrupt("crc")
    return out


def open_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Member:
    """A part to be streamed (read in chunks, bounded memory), checked as `read_member`
    checks a whole part. Raises Encrypted; reading it raises Corrupt('crc')."""
    if info.flag_bits & 0x1:
        raise Encrypted()
    try:
        return Member(zf.open(info), info.file_size)
    except ZIP_DATA_ERRORS:
        raise Corrupt("crc") from None


class Member:
    """A part opened for streaming: `read(n)` gives the next bytes ('' at the end) and
    raises Corrupt('crc') for damaged data or a size other than the directory states."""

    def __init__(self, fh: IO[bytes], size: int):
        self.fh = fh
        self.size = size
        self.seen = 0

    def read(self, n: int) -> bytes:
        try:
            chunk = self.fh.read(n)
        except ZIP_DATA_ERRORS:
            raise Corrupt("crc") from None
        self.seen += len(chunk)
        if self.seen > self.size or (not chunk and self.seen != self.size):
            raise Corrupt("crc")
        return chunk

    def __enter__(self) -> Member:
        return self

    def __exit__(self, *exc) -> None:
        self.fh.close()
