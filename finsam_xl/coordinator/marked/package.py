"""The marked copy as a new package, by allow-list: the parts a finsam-xl template has are
taken from the file's bytes (as the reader read them: `Submission.data`, through the
reader's guards), written again and masked, and put under the names a template gives them;
every other part is left out, and what the coordinator had put in the file is named in
the letter (`LeftOut`).

Kept: the workbook (written afresh, `workbook.py`), the report sheet (the sheet the
contract's `fx_version` points at, named `Rapport` in the copy) and the template's hidden
`Kontroll` sheet (its formulas are what the report sheet's check cells show; without it they
show #REF!), both by `sheetclean.py`; the styles, the theme and the core properties, written
again (`clean.py`); the shared strings the two sheets use (`strings.py`); the application's
properties, the relationships and the content types (written afresh); and the notes
(`notes.py`). The copy's entry names are those fixed names: no `../`, no absolute name, no
two entries that differ in case only, whatever the file's zip held."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from ... import contract
from ... import messages as M
from ...pnr import mask
from ...printable import one_line
from ...reader.guards import READER, check_directory
from ...reader.package import Package, name_target, workbook_declarations
from .clean import cleaned
from .formulas import Sheets
from .marks import Mark
from .notes import all_notes, comments_part, existing_notes, sheet_rels, vml_part
from .sheet import mark_sheet
from .sheetclean import LeftOut, SheetCleaner
from .strings import StringMap, shared_strings
from .styles import Styles
from .workbook import (
    Kept,
    app_part,
    content_types,
    kept_names,
    package_rels,
    read_workbook,
    workbook_part,
    workbook_rels,
)
from .xml import Skip, xml_part

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# The parts of a file the letter names when the copy leaves them out (the others go
# without a word: Excel's calculation chain, printer settings, a thumbnail, ...).
TOLD_PARTS = (
    (re.compile(r"(^|/)(threadedcomments|persons)/|(^|/)comments[^/]*\.xml$"), "comments"),
    (re.compile(r"(^|/)(drawings|media|charts|diagrams)/"), "drawings"),
    (re.compile(r"(^|/)(externallinks/|connections\.xml$|querytables/)"), "links"),
    (re.compile(r"(^|/)(vbaproject\.bin|activex/|embeddings/|ctrlprops/)"), "objects"),
    (re.compile(r"^customxml/"), "properties"),
    (re.compile(r"(^|/)(pivottables|pivotcache|tables|slicers|slicercaches|timelines|"
                r"timelinecaches|richdata|webextensions)/"), "other"),
)
PLAIN_PARTS = re.compile(r"(^|/)(calcchain\.xml|printersettings/|theme/|_rels/|"
                         r"\[content_types\]\.xml$|docprops/(app|core|thumbnail)\.|"
                         r"(worksheets|chartsheets|dialogsheets|macrosheets)/)")


@dataclass(frozen=True)
class MarkedCopy:
    """A marked copy: its bytes, and the kinds of content of the file it leaves out
    (`LeftOut.ORDER`), for the letter."""

    data: bytes
    left_out: tuple[str, ...]


class Copy:
    """The package being copied: its parts read through the reader's guards."""

    def __init__(self, data: bytes):
        self.zf = zipfile.ZipFile(io.BytesIO(data))
        check_directory(self.zf)  # the reader's guards, again
        self.pkg = Package(self.zf, READER, data)
        self.left_out = LeftOut()
        self.used: set[str] = set()  # the file's parts the copy is made from

    def get(self, part: str | None) -> bytes | None:
        if part is None:
            return None
        data = self.pkg.read(part)
        if data is not None:
            self.used.add(part.lower())
        return data

    def mark(self, wanted: dict[str, dict[tuple[int, int], Mark]]) -> MarkedCopy:
        """The copy with the cells of `wanted` ({sheet as findings name it: {(row, col):
        Mark}}) marked."""
        if self.pkg.is_ods():
            raise Skip("ods")
        wb_part = self.pkg.workbook_part()
        wb = read_workbook(xml_part(self.get(wb_part)))
        rels = {rid: (typ, target) for rid, typ, target in self.pkg.rels(wb_part)}
        kept, parts = self._sheets(wb, rels, wb_part)
        report = kept[0]
        names, dropped = kept_names(wb, kept, parts, Sheets(
            {k.old for k in kept} | {k.new for k in kept}, {report.old: report.new}, set()))
        if any(not n.startswith("_xlnm.") for n in dropped):
            self.left_out.note("names")
        sheets = Sheets({k.old for k in kept} | {k.new for k in kept},
                        {report.old: report.new}, dropped)
        styles_part = next((t for typ, t in rels.values() if typ.endswith("/styles")), None)
        styles = Styles(cleaned(xml_part(self.get(styles_part))))
        strings = StringMap()
        texts = frozenset((M.TPL_DV_TITLE, M.TPL_DV_INPUT, M.TPL_DV_ERROR_TITLE,
                           M.TPL_DV_ERROR))
        out: dict[str, bytes] = {}
        for i, k in enumerate(kept):
            data = SheetCleaner(xml_part(self.get(k.part)), sheets, strings, self.left_out,
                                texts).run()
            if i == 0:
                data = self._marked(k, data, wanted, styles, out)
            out[f"xl/worksheets/sheet{i + 1}.xml"] = data
        out["xl/styles.xml"] = styles.result()
        self._rest(out, rels, strings, wb_part)
        out["xl/workbook.xml"] = workbook_part(kept, names, wb.date1904)
        out["docProps/app.xml"] = app_part(kept, names)
        out["xl/_rels/workbook.xml.rels"] = workbook_rels(
            len(kept), "xl/theme/theme1.xml" in out, "xl/sharedStrings.xml" in out)
        out["_rels/.rels"] = package_rels("docProps/core.xml" in out)
        out["[Content_Types].xml"] = content_types(list(out))
        self._told_parts()
        return MarkedCopy(_zipped(out), self.left_out.sorted())

    def _sheets(self, wb, rels, wb_part) -> tuple[list[Kept], dict]:
        """The sheets the copy keeps (the report sheet first) and every sheet's part by its
        lower-cased name."""
        parts: dict[str, tuple[str, str | None]] = {}
        for s in wb.sheets:
            typ, target = rels.get(s.rid or "", ("", None))
            if typ.endswith("/worksheet") and self.pkg.has(target or ""):
                parts.setdefault(s.name.lower(), (s.name, target))
        declared = workbook_declarations(self.get(wb_part) or b"")
        version = dict(declared.names).get(contract.VERSION_NAME)
        target = name_target(version or "", parts)
        if target is None:
            raise Skip("no-report")
        index = {s.name.lower(): i for i, s in enumerate(wb.sheets)}
        kept = [Kept(index[target[0].lower()], target[1], target[0], contract.SHEET, None)]
        check = parts.get(contract.CHECK_SHEET.lower())
        if check is not None and check[1] is not None and check[1] != target[1]:
            state = wb.sheets[index[check[0].lower()]].state
            kept.append(Kept(index[check[0].lower()], check[1], check[0], check[0], state))
        if target[0] != contract.SHEET and target[0].lower() != contract.SHEET.lower():
            self.left_out.note("sheet-name")
        if len(wb.sheets) > len(kept):
            self.left_out.note("sheets")
        return kept, parts

    def _marked(self, report: Kept, data: bytes, wanted, styles: Styles,
                out: dict[str, bytes]) -> bytes:
        """The report sheet with its cells marked, and its notes written."""
        shown = one_line(mask(report.old)).lower()
        cells: dict[tuple[int, int], Mark] = next(
            (c for sheet, c in wanted.items() if sheet.lower() == shown), {})
        sheet_rels_part = self.pkg.rels(report.part)
        comments = next((t for _r, typ, t in sheet_rels_part if typ.endswith("/comments")),
                        None)
        # the notes' drawing is written afresh: not a drawing the copy leaves out
        self.used.update(t.lower() for _r, typ, t in sheet_rels_part
                         if typ.endswith("/vmldrawing"))
        notes = all_notes(existing_notes(self.get(comments)), cells)
        if not notes:
            raise Skip("nothing to mark")
        out["xl/worksheets/_rels/sheet1.xml.rels"] = sheet_rels()
        out["xl/comments1.xml"] = comments_part(notes)
        out["xl/drawings/vmlDrawing1.vml"] = vml_part(notes)
        return mark_sheet(data, cells, styles)

    def _rest(self, out: dict[str, bytes], rels, strings: StringMap, wb_part: str) -> None:
        """The shared strings, the theme and the core properties."""
        strings_part = next((t for typ, t in rels.values() if typ.endswith("/sharedstrings")),
                            None)
        sst = shared_strings(self.get(strings_part), strings)
        if sst is not None:
            out["xl/sharedStrings.xml"] = sst
        theme = next((t for typ, t in rels.values() if typ.endswith("/theme")), None)
        data = self.get(theme)
        if data is not None:
            out["xl/theme/theme1.xml"] = cleaned(xml_part(data))
        core = next((t for _r, typ, t in self.pkg.rels("") if typ.endswith("/core-properties")),
                    None)
        data = self.get(core)
        if data is not None:
            out["docProps/core.xml"] = cleaned(xml_part(data))

    def _told_parts(self) -> None:
        """The kinds of content the file's other parts held, for the letter."""
        for name in self.pkg.parts:
            if name in self.used or PLAIN_PARTS.search(name):
                continue  # (another sheet's part: counted as a sheet)
            if name == "docprops/custom.xml":
                if b"<property" in (self.pkg.read(name) or b"").lower() or \
                        b":property" in (self.pkg.read(name) or b"").lower():
                    self.left_out.note("properties")
                continue
            kind = next((k for pattern, k in TOLD_PARTS if pattern.search(name)), None)
            if kind is not None:
                self.left_out.note(kind)
            elif not name.endswith(".rels"):
                self.left_out.note("other")


def _zipped(parts: dict[str, bytes]) -> bytes:
    order = ["[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml",
             "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
             "xl/worksheets/sheet2.xml", "xl/worksheets/_rels/sheet1.xml.rels",
             "xl/theme/theme1.xml", "xl/styles.xml", "xl/sharedStrings.xml",
             "xl/comments1.xml", "xl/drawings/vmlDrawing1.vml"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in order:
            if name in parts:
                z.writestr(zipfile.ZipInfo(name, date_time=ZIP_TIME), parts[name],
                           compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()
