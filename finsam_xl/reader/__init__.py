"""The reader: one untrusted file -> a typed Submission.

`classify(path)` says whether a file in the inbox is read at all (Office lock files, hidden
files and files that are not spreadsheets are ignored and listed). `read_file(path, relpath)`
reads one file: it returns the Submission (meta, raw values and cells of every `fx_` defined
name, masked free text, modified time, size, sha256) and the READ-level findings (the file
cannot be read, is in another format, too large, encrypted, a zip bomb, not a finsam-xl
template, an unknown contract version, or a contract name that points nowhere). Whatever a
file holds gives a finding; an exception out of `read_file` is a bug in finsam-xl. The rules
on the values (counts, sums, period, insats) are validation's.

The modules, in the order a file goes through them (docs/reader.md has the measurements):

  files       classify; read_file: the guards, what kind of file, then one of the readers
  guards      size, zip directory (entries, total size, ratio), OLE/CFB (.xls, encrypted),
              whole and streamed zip members; typed errors, shared with the plan reader
  safexml     XML with no DTD: the prolog check, one tree path, one streaming path
  package     the OOXML package through zipfile: parts, relationships, content types, the
              workbook part, its declarations and where each defined name points
  ooxml       an .xlsx template -> its values: names -> sheet parts -> cells
  sheet       the wanted cells of a sheet and strings of the shared strings (tree or stream)
  cells       a cell -> one of the raw value types of model.py; date and time styles
  refs        A1 references
  ods         an OpenDocument spreadsheet template, read like the .xlsx
  submission  masking, the version check, name-ref-errors, the Submission; W3CDTF times
  findings    a typed error -> its Swedish finding

Standard library only (zipfile, the C XML parser and expat): no openpyxl or
python-calamine (docs/reader.md says why).
"""

from __future__ import annotations

from .cells import format_kind
from .files import classify, read_file
from .findings import os_reason
from .guards import READER
from .package import clear_caches
from .submission import parse_w3cdtf

MAX_FILE_BYTES = READER.file_bytes

__all__ = ["MAX_FILE_BYTES", "classify", "clear_caches", "format_kind", "os_reason",
           "parse_w3cdtf", "read_file"]
