"""The marked copy: the coordinator's own file with every cell named in a finding filled and
given a Swedish note (`outbox/aterkoppling/<path>.xlsx`, beside the letter).

Made from the bytes the reader read and checked (`Submission.data`), never from a second
open of the file: a file changed, swapped for a FIFO or a link to a device after it was
read cannot hang, exhaust or fool the run; the copy reads its parts through the reader's
guards again.

By allow-list (`package.py`): only the parts a finsam-xl template has are kept (the
workbook, the report sheet, the hidden `Kontroll` sheet whose formulas the report sheet's
check cells show, styles, theme, the shared strings these sheets use, core and application
properties, the notes, and the relationships and content types that go with them), each
written again through expat (`clean.py`) with every personnummer masked, in text, in
attributes, in numbers (a 12-digit personnummer typed in Excel is a number), across
rich-text runs and behind OOXML's `_x002D_` escapes; every other part is left out, and the
letter says what was (`MarkedCopy.left_out`). What the copy changes:
  - `xl/styles.xml`: one solid fill per severity is appended to `<fills>`, and for each
    style a marked cell had, a copy of its `<xf>` with that fill is appended to `<cellXfs>`
    (counts updated), so number format, font, border and protection stay the cell's own;
  - the report sheet: the marked cells' `s=` point at those copies (an empty cell that the
    file does not hold is added to its row), and `<legacyDrawing>` names the notes;
  - notes (`notes.py`): the sheet's own notes and one per marked cell (the finding, then
    the note the cell had), in a comments part and a VML drawing written afresh.
Values, cached formula results, the contract's defined names, styles and the template's
check formulas stay as the coordinator saved them; a renamed report sheet is `Rapport` in
the copy.

No copy is written (`marked_copy` returns None) when no finding names a cell, when the file
is not an OOXML package the reader accepted (an OpenDocument file, strict OOXML), or when a
part it must change is not as expected; the letter then does not mention a copy. Standard
library only.
"""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

from ...model import FileReport
from ...reader.guards import FileError
from .marks import Mark, marks

if TYPE_CHECKING:
    from .package import MarkedCopy

__all__ = ["Mark", "marks", "marked_bytes", "marked_copy"]


def marked_copy(report: FileReport) -> MarkedCopy | None:
    """The marked copy of the report's file, or None (see the module docstring)."""
    sub = report.submission
    wanted = marks(report)
    if sub is None or sub.data is None or not wanted:
        return None
    from .package import Copy
    from .xml import Skip

    try:
        return Copy(sub.data).mark(wanted)
    except (Skip, FileError, zipfile.BadZipFile, KeyError, ValueError):
        return None


def marked_bytes(report: FileReport) -> bytes | None:
    """The bytes of `marked_copy`, or None."""
    copy = marked_copy(report)
    return None if copy is None else copy.data
