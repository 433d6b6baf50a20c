"""The marked copy: the coordinator's own file with every cell named in a finding filled and
given a Swedish note (`outbox/aterkoppling/<path>.xlsx`, beside the letter).

Why the package is edited directly: openpyxl's load and save would drop the cached results
of formulas (the template's check rows), and parts it does not know; a copy must keep
everything the coordinator saved. So every part is copied byte for byte except the few
that change, and those are changed in place, at byte offsets that expat reports (no XML is
re-serialised, so namespace prefixes, `mc:Ignorable` and unknown elements stay as written):
  - `xl/styles.xml`: one solid fill per severity is appended to `<fills>`, and for each
    style a marked cell had, a copy of its `<xf>` with that fill is appended to `<cellXfs>`
    (counts updated), so number format, font, border and protection stay the cell's own;
  - the sheet: the marked cells' `s=` point at those copies (an empty cell that the file
    does not hold is added to its row), and `<legacyDrawing>` is added where the schema puts
    it when the sheet has none;
  - notes: a comments part (`xl/commentsN.xml`) and a legacy VML drawing
    (`xl/drawings/vmlDrawingN.vml`) as xlsxwriter writes them, with their relationships and
    content types; a sheet that already has notes (a prefilled template's) keeps them: a new
    note is added to its parts, and a cell that had a note gets the finding before the old
    text.
Personal data: the copy never holds a personnummer in clear. Text in shared strings, notes
and document properties is masked (`pnr.mask`), and a cell of the sheet whose value or
formula holds one becomes a text cell with the masked text (its formula is dropped).
Sheet names, headers and footers and drawings are copied as they are.

No copy is written (`marked_bytes` returns None) when no finding names a cell, when the file
is not an OOXML package the reader accepted (changed since it was read, an OpenDocument
file, strict OOXML), or when a part it must change is not as expected; the letter then does
not mention a copy. Standard library only.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ...model import FileReport
from ...reader.guards import FileError
from .marks import Mark, marks

__all__ = ["Mark", "marks", "marked_bytes", "write_marked_copy"]

def write_marked_copy(report: FileReport, path: Path, fsync: bool = False) -> Path | None:
    """`marked_bytes` written atomically to `path`; None (nothing written) when there is no
    copy to make."""
    from ...atomic import write_bytes_atomic

    data = marked_bytes(report)
    if data is None:
        return None
    return write_bytes_atomic(path, data, fsync=fsync)


def marked_bytes(report: FileReport) -> bytes | None:
    """The marked copy of the report's file, or None (see the module docstring)."""
    sub = report.submission
    wanted = marks(report)
    if sub is None or not wanted:
        return None
    try:
        data = Path(sub.path).read_bytes()
    except OSError:
        return None
    import hashlib

    from .package import Copy
    from .xml import Skip

    if hashlib.sha256(data).hexdigest() != sub.sha256:
        return None  # changed since it was read: not the file the findings are about
    try:
        return Copy(data).mark(wanted)
    except (Skip, FileError, zipfile.BadZipFile, KeyError, ValueError):
        return None
