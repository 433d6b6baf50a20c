"""One file of the inbox: whether it is read at all (`classify`), and reading it
(`read_file`): the guards, what kind of file it is, then the OOXML or OpenDocument reader."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from .. import messages as M
from ..model import Finding, Submission
from .findings import OTHER_FORMATS, WrongFormat, finding, os_reason
from .guards import READER, Encrypted, FileError, checked_zip
from .ooxml import read_ooxml
from .package import Package

# Read by their content, an OOXML workbook or an OpenDocument spreadsheet, whichever the
# name says: an .xlsx renamed .ods is read as the .xlsx it is, an .ods renamed .xlsx as .ods.
READ_EXTS = (".xlsx", ".ods", ".ots")


def classify(path: Path) -> str | None:
    """None for a file to read; else the Swedish reason it is IGNORED (Office lock file
    '~$…', hidden file '.…', a link to nothing or to a folder, a folder that cannot be
    listed, not a regular file, not a spreadsheet by extension such as .txt/.pdf/.docx/.png).
    A link to a file is read like the file. Spreadsheets in another format (.xls, .xlsm,
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
    if ext in READ_EXTS or ext in OTHER_FORMATS:
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


def read_file(path: Path, relpath: str) -> tuple[Submission | None, list[Finding]]:
    """Read one file: (submission, findings).

    Findings are only the READ-level errors: file-unreadable (cannot be opened),
    file-empty, file-too-large, file-encrypted, file-format, file-corrupt, file-zip-bomb,
    not-template, unknown-version, name-ref-error. The submission is None when the file is
    not a readable finsam-xl template of version `finsam-xl/1`; with `name-ref-error`s it
    is returned (without the broken names) together with those findings.

    Whatever a file holds gives a finding, never an exception; any other exception is a bug
    in finsam-xl and is raised (the caller reports it as one, see collect.py)."""
    path = Path(path)
    try:
        return _read(path, relpath)
    except FileError as exc:
        return None, [finding(exc, relpath, path.suffix.lower())]


def _read(path: Path, relpath: str) -> tuple[Submission | None, list[Finding]]:
    checked = checked_zip(path, READER)
    size, sha256 = len(checked.data), hashlib.sha256(checked.data).hexdigest()
    ext = path.suffix.lower()
    with checked.zip:
        pkg = Package(checked.zip, READER, checked.data)
        if pkg.is_ods():
            if pkg.ods_encrypted():
                raise Encrypted()
            from .ods import is_spreadsheet, read_ods

            if is_spreadsheet(pkg):
                return read_ods(pkg, path, relpath, size, sha256)
            raise WrongFormat("odf")
        if ext in OTHER_FORMATS:
            raise WrongFormat(OTHER_FORMATS[ext])
        sub, findings = read_ooxml(pkg, path, relpath, size, sha256)
        if sub is not None:
            sub.data = checked.data  # for the marked copy: never a second open of the path
        return sub, findings
