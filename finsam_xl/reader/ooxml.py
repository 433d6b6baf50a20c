"""A template saved as an OOXML workbook (.xlsx) -> the Submission.

  1. the workbook part through `_rels/.rels` (`package.py`); a binary (.xlsb) or
     macro-enabled workbook is another format, whatever its name;
  2. workbook-scoped defined names (no localSheetId) -> sheet part via the workbook's
     relationships -> cell (`name_targets`, once per distinct workbook);
  3. only the cells the names point at (`sheet.py`), only the shared strings they use, and
     the styles part only when a wanted number has a style, to tell a number shown as a
     date or time from a count (`cells.py`);
  4. the document's modified time (`dcterms:modified` of the core properties).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from .. import contract
from ..model import Finding, Submission
from .cells import RawCell, cell_value, shared_index, style_kinds, uses_styles
from .findings import NotTemplate, WrongFormat
from .guards import Corrupt
from .package import (
    MEMO_MAX_BYTES,
    REL_CORE,
    REL_SHARED_STRINGS,
    REL_STYLES,
    REL_WORKSHEET,
    Declarations,
    Package,
    Target,
    cached,
    name_target,
    workbook_declarations,
)
from .safexml import local
from .sheet import Pos, shared_strings, sheet_cells
from .submission import cell_names, masked, parse_w3cdtf, place_names, submission_from


def read_ooxml(pkg: Package, path: Path, relpath: str, size: int, sha256: str
               ) -> tuple[Submission | None, list[Finding]]:
    """(submission, findings) of an OOXML package. Raises a FileError for a file that is
    damaged, in another format or no template."""
    wb_part = pkg.workbook_part()
    if wb_part.lower().endswith(".bin"):
        raise WrongFormat("xlsb")
    if pkg.macro_enabled(wb_part):
        raise WrongFormat("xlsm")
    wb_data = pkg.read(wb_part) or b""
    declared = workbook_declarations(wb_data)  # before the relationships: reported first
    rel_targets = tuple(sorted((rid, target) for rid, typ, target in pkg.rels(wb_part)
                               if typ.endswith(REL_WORKSHEET)))
    analyse = name_targets if len(wb_data) <= MEMO_MAX_BYTES else _name_targets
    outcome, targets, broken, cells = analyse(declared, rel_targets)
    if outcome is not None:
        raise NotTemplate(outcome)
    if contract.VERSION_NAME in broken:
        return submission_from(relpath, path, size, sha256, {}, dict(cells), broken, None, ())
    raw, pnr_names = _values(pkg, wb_part, targets, declared.date1904, cells)
    return submission_from(relpath, path, size, sha256, raw, dict(cells), broken,
                           lambda: _modified(pkg), pnr_names)


def _name_targets(declared: Declarations, rel_targets: tuple[tuple[str, str], ...]
                  ) -> tuple[str | None, dict[str, Target], dict[str, str], dict[str, str]]:
    """(not-template reason or None, targets, broken, cells) of a workbook's declarations and
    its worksheet relationships ((id, part), ...): targets = {fx_ name: (sheet, part, row,
    col)}, broken = {contract name: formula text that points nowhere}, cells = {fx_ name:
    "Rapport!C12"} in contract order. Read-only for the callers."""
    parts = dict(rel_targets)
    sheets: dict[str, tuple[str, str | None]] = {}  # lower name -> (name, part)
    for sname, rid in declared.sheets:
        sheets.setdefault(sname.lower(), (sname, None if rid is None else parts.get(rid)))
    names = dict(declared.names)
    if contract.VERSION_NAME not in names:
        return "no-version", {}, {}, {}
    if contract.SHEET.lower() not in sheets and \
            name_target(names[contract.VERSION_NAME], sheets) is None:
        # a renamed sheet is fine as long as the names followed it (LibreOffice and Excel
        # move them); names still pointing at a missing 'Rapport' are not
        return "no-sheet", {}, {}, {}
    targets, broken = place_names(names, lambda formula: name_target(formula, sheets))
    cells = cell_names({name: (sheet, row, col) for name, (sheet, _p, row, col)
                        in targets.items()})
    return None, targets, broken, cells


name_targets = cached(_name_targets)  # once per distinct workbook (a large one: every time)


def _values(pkg: Package, wb_part: str, targets: dict[str, Target], date1904: bool,
            cells: dict[str, str]) -> tuple[dict[str, object], set[str]]:
    """The raw values of the target cells, masked, and the names in which a personnummer
    was masked (`cells`: {name: 'Rapport!C12'}, for a finding)."""
    by_part: dict[str, set[Pos]] = {}
    for _sheet, part, row, col in targets.values():
        by_part.setdefault(part, set()).add((row, col))
    found: dict[tuple[str, int, int], RawCell] = {}
    for part, wanted in by_part.items():
        if not pkg.has(part):
            raise Corrupt("missing-part")
        for (row, col), cell in sheet_cells(pkg, part, wanted).items():
            found[(part, row, col)] = cell
    strings = _strings(pkg, wb_part, found.values())
    kinds = _kinds(pkg, wb_part, found.values())
    return masked({name: cell_value(found.get((part, row, col)), strings, kinds, date1904)
                   for name, (_sheet, part, row, col) in targets.items()}, cells)


def _strings(pkg: Package, wb_part: str, cells: Iterable[RawCell]) -> dict[int, str]:
    """The shared strings the cells use (only those indices). Raises
    Corrupt('shared-string') when one is missing."""
    indices = {i for i in map(shared_index, cells) if i is not None}
    if not indices:
        return {}
    part = pkg.related(wb_part, REL_SHARED_STRINGS, "xl/sharedStrings.xml")
    if part is None:
        raise Corrupt("shared-string")
    strings = shared_strings(pkg, part, indices)
    if len(strings) != len(indices):
        raise Corrupt("shared-string")
    return strings


def _kinds(pkg: Package, wb_part: str, cells: Iterable[RawCell]) -> dict[str, str]:
    """The date and time styles (`cells.style_kinds`), read only when a wanted cell is a
    number with a style other than the default; {} when there is none."""
    if not uses_styles(cells):
        return {}
    part = pkg.related(wb_part, REL_STYLES, "xl/styles.xml")
    return {} if part is None else style_kinds(pkg.read(part) or b"")


def _modified(pkg: Package) -> datetime | None:
    """dcterms:modified of the core properties; None when absent or damaged."""
    part = next((t for _r, typ, t in pkg.rels("") if typ.endswith(REL_CORE)),
                "docProps/core.xml")
    root = pkg.properties(part)
    for el in () if root is None else root:
        if local(el.tag) == "modified":
            return parse_w3cdtf(el.text or "")
    return None
