"""Hostile coordinator files for the marked copy's tests (issue 19, items 4, 5 and 8): a
filled template whose package is then given what a coordinator's Excel, a copied file or an
attacker can put in a package (other sheets, threaded comments, external links, customXml,
media, custom properties, data-validation prompts, defined names, core properties at another
path, duplicate and case-variant entries, `../` and absolute entry names, a personnummer
split over rich-text runs or written with `_x002D_`, ...), each with its own personnummer.

`Parts` is the package as {entry name: bytes} plus raw extra entries (for duplicates), with
helpers that add a part with its relationship and content type the way Excel does."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument."
REPORT = "xl/worksheets/sheet1.xml"


class Parts:
    """A package being made hostile."""

    def __init__(self, path: Path):
        with zipfile.ZipFile(path) as zf:
            self.parts = {i.filename: zf.read(i) for i in zf.infolist()}
        self.extra: list[tuple[str, bytes]] = []  # raw entries written after the others

    def text(self, name: str) -> str:
        return self.parts[name].decode("utf-8")

    def put(self, name: str, text: str | bytes, ctype: str | None = None) -> None:
        self.parts[name] = text.encode("utf-8") if isinstance(text, str) else text
        if ctype is not None:
            self.override(name, ctype)

    def override(self, name: str, ctype: str) -> None:
        types = self.text("[Content_Types].xml")
        self.put("[Content_Types].xml", types.replace(
            "</Types>", f'<Override PartName="/{name}" ContentType="{ctype}"/></Types>'))

    def rel(self, source: str, typ: str, target: str, external: bool = False) -> str:
        """A relationship of `source` ('' = the package) -> its id."""
        folder, _, base = source.rpartition("/")
        rels = f"{folder}/_rels/{base}.rels" if source else "_rels/.rels"
        if rels not in self.parts:
            self.put(rels, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                           '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                           '2006/relationships"></Relationships>')
        text = self.text(rels)
        n = 1
        while f'Id="rId{n}"' in text:
            n += 1
        mode = ' TargetMode="External"' if external else ""
        self.put(rels, text.replace("</Relationships>", (
            f'<Relationship Id="rId{n}" Type="{typ}" Target="{target}"{mode}/>'
            "</Relationships>")))
        return f"rId{n}"

    def sheet_element(self, name: str, element: str, before: str = "</worksheet>") -> None:
        """Insert `element` into the worksheet `name` before the first `before` (a tag's
        start, such as '<printOptions', where the schema's order puts the element)."""
        text = self.text(name)
        assert before in text, before
        self.put(name, text.replace(before, element + before, 1))

    def workbook(self, old: str, new: str) -> None:
        text = self.text("xl/workbook.xml")
        assert old in text, old
        self.put("xl/workbook.xml", text.replace(old, new, 1))

    def add_sheet(self, name: str, xml: str) -> str:
        """A new worksheet named `name` -> its part."""
        n = 3
        while f"xl/worksheets/sheet{n}.xml" in self.parts:
            n += 1
        part = f"xl/worksheets/sheet{n}.xml"
        self.put(part, xml, CT + "spreadsheetml.worksheet+xml")
        rid = self.rel("xl/workbook.xml", f"{REL}/worksheet", f"worksheets/sheet{n}.xml")
        self.workbook("</sheets>", f'<sheet name="{name}" sheetId="{n + 10}" r:id="{rid}"/>'
                                   "</sheets>")
        return part

    def shared_string(self, si: str) -> int:
        """A shared string `<si>…</si>` appended -> its index."""
        text = self.text("xl/sharedStrings.xml")
        index = text.count("<si>")
        self.put("xl/sharedStrings.xml", text.replace("</sst>", si + "</sst>"))
        return index

    def cell(self, ref: str, xml: str) -> None:
        """A cell added to the report sheet in a row of its own below the template (row
        number of `ref`), `xml` the whole `<c>` element."""
        row = re.match(r"[A-Z]+(\d+)", ref).group(1)
        text = self.text(REPORT)
        self.put(REPORT, text.replace("</sheetData>", f'<row r="{row}">{xml}</row></sheetData>'))

    def rename_report(self, new: str) -> None:
        """Rename the report sheet as Excel does: the sheet, the defined names, app.xml, and
        the hidden Kontroll sheet's formulas that read it."""
        quoted = "'" + new.replace("'", "''") + "'"
        self.workbook('<sheet name="Rapport"', f'<sheet name="{new}"')
        self.put("xl/workbook.xml", self.text("xl/workbook.xml").replace(">Rapport!",
                                                                         f">{quoted}!"))
        self.put("docProps/app.xml", self.text("docProps/app.xml").replace(
            ">Rapport<", f">{new}<"))
        kontroll = "xl/worksheets/sheet2.xml"
        self.put(kontroll, self.text(kontroll).replace("Rapport!", f"{quoted}!"))

    def save(self, path: Path) -> Path:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about a duplicate name
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
                for name, data in self.parts.items():
                    zf.writestr(name, data)
                for name, data in self.extra:
                    zf.writestr(name, data)
        return path


def sheet(cells: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" '
            f'xmlns:r="{REL}"><sheetData><row r="1">{cells}</row></sheetData></worksheet>')


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'
