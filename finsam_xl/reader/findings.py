"""The READ-level findings: each `guards.FileError` a reader raises, worded as one Swedish
sentence that names the file and says what to do (templates in messages.py, `READ_…`).

Besides the guards' errors, the reader raises two of its own: `WrongFormat` (a spreadsheet
in a format that is not read: .xls, .xlsm, .xlsb, .csv, a flat .fods …, or an OpenDocument
file that is no spreadsheet, such as a text document; an .ods spreadsheet is read, like the
.xlsx, by `ods.py`) and `NotTemplate` (no finsam-xl template).
"""

from __future__ import annotations

import errno

from .. import findings as F
from .. import messages as M
from ..model import Finding
from .guards import (
    Corrupt,
    Empty,
    Encrypted,
    FileError,
    NotZip,
    Spread,
    TooLarge,
    Unreadable,
    ZipBomb,
)

# Spreadsheet formats that are rejected by their name with "save it as .xlsx". Not here:
# .xlsx, .ods and .ots, which are read by their content (`files.READ_EXTS`).
OTHER_FORMATS = {
    ".xls": "xls", ".xlt": "xls", ".xlsm": "xlsm", ".xltm": "xlsm", ".xlam": "xlsm",
    ".xlsb": "xlsb", ".fods": "fods", ".csv": "csv",
    ".tsv": "csv", ".xltx": "other", ".numbers": "other", ".gnumeric": "other",
}


class WrongFormat(FileError):
    """`kind`: a key of messages.READ_FORMAT ('xls', 'xlsm', 'xlsb', 'odf', ...)."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


class NotTemplate(FileError):
    """`reason`: 'no-version' (no workbook-scoped fx_version) or 'no-sheet'."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def os_reason(exc: OSError) -> str:
    """A short Swedish reason for an operating-system error when reading."""
    return M.READ_OS_ERROR.get(errno.errorcode.get(exc.errno or 0, ""), M.READ_OS_ERROR_OTHER)


def size_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")
    if n >= 1024:
        return f"{n / 1024:.0f} kB"
    return f"{n} byte"


def finding(exc: FileError, relpath: str, ext: str) -> Finding:
    """The one finding for a file that `exc` rejects (`ext`: its extension, lower case)."""
    if isinstance(exc, NotZip):
        exc = _not_zip(exc, ext)
    fil = relpath
    if isinstance(exc, Unreadable):
        return F.finding(F.FILE_UNREADABLE, fil, fel=os_reason(exc.error))
    if isinstance(exc, Empty):
        return F.finding(F.FILE_EMPTY, fil, value="0 byte")
    if isinstance(exc, Spread):
        return _spread(exc, fil)
    if isinstance(exc, TooLarge):
        size, limit = size_text(exc.size), size_text(exc.limit)
        return F.finding(F.FILE_TOO_LARGE, fil, template=M.READ_FILE_TOO_LARGE, value=size,
                         expected=M.READ_EXP_AT_MOST.format(grans=limit), storlek=size,
                         grans=limit)
    if isinstance(exc, Encrypted):
        return F.finding(F.FILE_ENCRYPTED, fil, expected=M.READ_EXP_NOT_ENCRYPTED)
    if isinstance(exc, WrongFormat):
        fmt = M.READ_FORMAT[exc.kind].format(ext=ext or M.READ_NO_EXT)
        return F.finding(F.FILE_FORMAT, fil, value=ext or None, expected=M.READ_EXP_XLSX,
                         format=fmt)
    if isinstance(exc, ZipBomb):
        detail, limit = _bomb_detail(exc)
        return F.finding(F.FILE_ZIP_BOMB, fil, expected=M.READ_EXP_AT_MOST.format(grans=limit),
                         detalj=detail)
    if isinstance(exc, NotTemplate):
        reason = {"no-version": M.READ_NOT_TEMPLATE_NO_VERSION,
                  "no-sheet": M.READ_NOT_TEMPLATE_NO_SHEET}[exc.reason]
        return F.finding(F.NOT_TEMPLATE, fil, expected=M.READ_EXP_TEMPLATE, orsak=reason)
    if isinstance(exc, Corrupt):
        return F.finding(F.FILE_CORRUPT, fil, expected=M.READ_EXP_XLSX,
                         orsak=M.READ_CORRUPT[exc.reason])
    raise TypeError(f"no finding for {type(exc).__name__}")


def _not_zip(exc: NotZip, ext: str) -> FileError:
    """A file that is no zip: another format by its name or its OLE/CFB bytes, else a
    corrupt one."""
    if exc.kind == "cfb":  # an .xls, .xlsm or .xlsb by name; else .xls bytes
        kind = OTHER_FORMATS.get(ext)
        return WrongFormat(kind if kind in ("xls", "xlsm", "xlsb") else "xls-bytes")
    if ext in OTHER_FORMATS:
        return WrongFormat(OTHER_FORMATS[ext])
    return Corrupt(exc.kind)


def count_text(n: int) -> str:
    """1048577 -> '1 048 577' (Swedish digit groups)."""
    return f"{n:,}".replace(",", " ")


def _spread(exc: Spread, fil: str) -> Finding:
    """file-too-large for cells that hold (or whose repeat counts would make them hold) more
    than a spreadsheet may."""
    if exc.what == "cell":
        n, limit = count_text(exc.size), count_text(exc.limit)
        return F.finding(F.FILE_TOO_LARGE, fil, template=M.READ_FILE_TOO_LARGE_CELL,
                         cell=exc.cell, value=M.READ_TOO_LARGE_CELL_VALUE.format(n=n),
                         expected=M.READ_EXP_AT_MOST_CHARS.format(grans=limit), n=n,
                         grans=limit)
    if exc.what == "text":
        size, limit = size_text(exc.size), size_text(exc.limit)
        return F.finding(F.FILE_TOO_LARGE, fil, template=M.READ_FILE_TOO_LARGE_TEXT,
                         value=M.READ_TOO_LARGE_TEXT_VALUE.format(storlek=size),
                         expected=M.READ_EXP_AT_MOST.format(grans=limit), storlek=size,
                         grans=limit)
    n, limit = count_text(exc.size), count_text(exc.limit)
    rows = exc.what == "rows"
    return F.finding(F.FILE_TOO_LARGE, fil,
                     template=M.READ_FILE_TOO_LARGE_ROWS if rows else M.READ_FILE_TOO_LARGE_COLUMNS,
                     value=(M.READ_TOO_LARGE_ROWS_VALUE if rows
                            else M.READ_TOO_LARGE_COLUMNS_VALUE).format(n=n),
                     expected=M.READ_EXP_AT_MOST.format(grans=limit), n=n, grans=limit)


def _bomb_detail(exc: ZipBomb) -> tuple[str, str]:
    """(what was found, the limit) in words."""
    if exc.what == "entries":
        return M.READ_ZIP_ENTRIES.format(n=exc.value, grans=exc.limit), str(exc.limit)
    if exc.what == "total":
        return (M.READ_ZIP_TOTAL.format(storlek=size_text(exc.value), grans=size_text(exc.limit)),
                size_text(exc.limit))
    if exc.what == "ratio":
        return (M.READ_ZIP_RATIO.format(del_=exc.part, kvot=exc.value, grans=exc.limit),
                f"{exc.limit}:1")
    return (M.READ_ZIP_PART.format(del_=exc.part, storlek=size_text(exc.value),
                                   grans=size_text(exc.limit)), size_text(exc.limit))
