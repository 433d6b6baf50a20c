"""The marked copy's package parts that say what is in it, written afresh from what the copy
keeps: the workbook part (its sheets, the contract's defined names and the print areas of
its sheets, the date system), the relationships, the content types and the application's
properties (`docProps/app.xml`: the sheet names and named cells of the copy, not of the
file). Nothing of the file's own versions of them is copied but those values: not its
other defined names, not Excel's `mc:AlternateContent` (which names the folder the file
was saved in), not a custom view, an external link or a macro's name.
Standard library only."""

from __future__ import annotations

from dataclasses import dataclass

from ... import contract
from ...reader.package import name_target
from ...reader.refs import col_letters
from ...reader.safexml import local, ns_of, parse
from .clean import XML_DECL, esc_attr, esc_text, ooxml_text
from .formulas import Sheets, quoted
from .xml import Skip

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument."
BUILTIN_KEPT = ("_xlnm.print_area", "_xlnm.print_titles", "_xlnm._filterdatabase")


@dataclass(frozen=True)
class SheetDecl:
    name: str
    rid: str | None
    state: str | None  # 'hidden', 'veryHidden' or None


@dataclass(frozen=True)
class NameDecl:
    name: str
    sheet: int | None  # localSheetId
    hidden: bool
    text: str


@dataclass(frozen=True)
class Workbook:
    """What the file's workbook part declares."""

    sheets: tuple[SheetDecl, ...]
    names: tuple[NameDecl, ...]
    date1904: bool


def read_workbook(data: bytes) -> Workbook:
    """The declarations of the file's workbook part (Skip for strict OOXML)."""
    from ...reader.guards import Corrupt

    try:
        root = parse(data)
    except Corrupt:
        raise Skip("xml") from None
    ns = ns_of(root)
    if ns != "{" + MAIN_NS + "}":
        raise Skip("strict")
    sheets = []
    for el in root.iter(ns + "sheet"):
        rid = next((v for k, v in el.attrib.items() if k.startswith("{") and local(k) == "id"),
                   None)
        state = el.get("state")
        sheets.append(SheetDecl(el.get("name") or "", rid,
                                state if state in ("hidden", "veryHidden") else None))
    names = []
    for el in root.iter(ns + "definedName"):
        sheet = el.get("localSheetId") or ""
        names.append(NameDecl(el.get("name") or "", int(sheet) if sheet.isdigit() else None,
                              (el.get("hidden") or "") in ("1", "true"), el.text or ""))
    pr = root.find(ns + "workbookPr")
    date1904 = pr is not None and (pr.get("date1904") or "").strip().lower() in ("1", "true")
    return Workbook(tuple(sheets), tuple(names), date1904)


@dataclass(frozen=True)
class Kept:
    """A sheet of the file the copy keeps: its index in the file, its part, its name there
    and in the copy, and whether it is hidden."""

    index: int
    part: str
    old: str
    new: str
    state: str | None


def kept_names(wb: Workbook, kept: list[Kept], parts: dict[str, tuple[str, str | None]],
               sheets: Sheets) -> tuple[list[NameDecl], set[str]]:
    """The defined names the copy keeps, as it writes them (the contract's names that point
    at a cell of a kept sheet; the print areas, print titles and filter ranges of its
    sheets), and the names of the others it leaves out (lower-cased; Excel's own names of
    sheets it leaves out are not counted)."""
    by_part = {k.part: k for k in kept}
    by_index = {k.index: i for i, k in enumerate(kept)}
    out: list[NameDecl] = []
    dropped: set[str] = set()
    seen: set[str] = set()
    for n in wb.names:
        key = n.name.lower()
        if key.startswith(contract.PREFIX) and n.sheet is None and key not in seen:
            target = name_target(n.text, parts)
            sheet = by_part.get(target[1]) if target is not None else None
            if target is not None and sheet is not None:
                seen.add(key)
                ref = f"{quoted(sheet.new)}!${col_letters(target[3])}${target[2]}"
                out.append(NameDecl(n.name, None, False, ref))
                continue
        elif key in BUILTIN_KEPT and n.sheet in by_index:
            text = sheets.formula(n.text)
            if text is not None:
                out.append(NameDecl(n.name, by_index[n.sheet], n.hidden, text))
                continue
        if not key.startswith("_xlnm.") or n.sheet in by_index:
            dropped.add(key)
    return out, dropped


def workbook_part(kept: list[Kept], names: list[NameDecl], date1904: bool) -> bytes:
    sheets = "".join(
        f'<sheet name="{esc_attr(ooxml_text(k.new))}" sheetId="{i + 1}"'
        + (f' state="{k.state}"' if k.state else "") + f' r:id="rId{i + 1}"/>'
        for i, k in enumerate(kept))
    defined = "".join(
        f'<definedName name="{esc_attr(n.name)}"'
        + (f' localSheetId="{n.sheet}"' if n.sheet is not None else "")
        + (' hidden="1"' if n.hidden else "") + f">{esc_text(n.text)}</definedName>"
        for n in sorted(names, key=lambda n: (n.name.lower(), n.sheet or 0)))
    return XML_DECL + (
        f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><fileVersion appName="xl" '
        'lastEdited="4" lowestEdited="4" rupBuild="4505"/><workbookPr '
        + ('date1904="1" ' if date1904 else "") + 'defaultThemeVersion="124226"/>'
        '<bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" '
        f'windowHeight="9660"/></bookViews><sheets>{sheets}</sheets>'
        + (f"<definedNames>{defined}</definedNames>" if defined else "")
        + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>').encode("utf-8")


def workbook_rels(n_sheets: int, theme: bool, strings: bool) -> bytes:
    rels = [(f"rId{i + 1}", "worksheet", f"worksheets/sheet{i + 1}.xml")
            for i in range(n_sheets)]
    more = ([("theme", "theme/theme1.xml")] if theme else []) + [("styles", "styles.xml")] + \
        ([("sharedStrings", "sharedStrings.xml")] if strings else [])
    rels += [(f"rId{n_sheets + i + 1}", typ, target) for i, (typ, target) in enumerate(more)]
    return _rels([(rid, f"{REL_NS}/{typ}", target) for rid, typ, target in rels])


def package_rels(core: bool) -> bytes:
    rels = [("rId1", f"{REL_NS}/officeDocument", "xl/workbook.xml")]
    if core:
        rels.append(("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/"
                             "metadata/core-properties", "docProps/core.xml"))
    rels.append(("rId3", f"{REL_NS}/extended-properties", "docProps/app.xml"))
    return _rels(rels)


def _rels(rels: list[tuple[str, str, str]]) -> bytes:
    return XML_DECL + (f'<Relationships xmlns="{PKG_REL_NS}">' + "".join(
        f'<Relationship Id="{rid}" Type="{typ}" Target="{target}"/>'
        for rid, typ, target in rels) + "</Relationships>").encode("utf-8")


def content_types(parts: list[str]) -> bytes:
    """`[Content_Types].xml` for the copy's `parts`."""
    types = {"xl/workbook.xml": CT + "spreadsheetml.sheet.main+xml",
             "xl/styles.xml": CT + "spreadsheetml.styles+xml",
             "xl/sharedStrings.xml": CT + "spreadsheetml.sharedStrings+xml",
             "xl/theme/theme1.xml": CT + "theme+xml",
             "xl/comments1.xml": CT + "spreadsheetml.comments+xml",
             "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
             "docProps/app.xml": CT + "extended-properties+xml"}
    overrides = "".join(
        f'<Override PartName="/{p}" ContentType="'
        + (CT + "spreadsheetml.worksheet+xml" if p.startswith("xl/worksheets/sheet")
           else types[p]) + '"/>'
        for p in parts if p in types or p.startswith("xl/worksheets/sheet"))
    return XML_DECL + (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Default Extension="vml" ContentType="{CT}vmlDrawing"/>' + overrides + "</Types>"
    ).encode("utf-8")


def app_part(kept: list[Kept], names: list[NameDecl]) -> bytes:
    """The application's properties: the copy's sheets and named cells (as Excel lists
    them), nothing of the file's own (its company, manager, links, other sheets)."""
    titles = [k.new for k in kept] + [
        n.name if n.sheet is None else f"{kept[n.sheet].new}!{n.name.split('.', 1)[-1]}"
        for n in sorted(names, key=lambda n: (n.name.lower(), n.sheet or 0))
        if not n.hidden]
    n_names = len(titles) - len(kept)
    pairs = [("Worksheets", len(kept))] + ([("Named Ranges", n_names)] if n_names else [])
    heading = "".join(f"<vt:variant><vt:lpstr>{h}</vt:lpstr></vt:variant><vt:variant>"
                      f"<vt:i4>{n}</vt:i4></vt:variant>" for h, n in pairs)
    lpstr = "".join(f"<vt:lpstr>{esc_text(ooxml_text(t))}</vt:lpstr>" for t in titles)
    return XML_DECL + (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
        'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><Application>Microsoft Excel</Application><DocSecurity>0'
        '</DocSecurity><ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size="'
        f'{2 * len(pairs)}" baseType="variant">{heading}</vt:vector></HeadingPairs>'
        f'<TitlesOfParts><vt:vector size="{len(titles)}" baseType="lpstr">{lpstr}'
        '</vt:vector></TitlesOfParts><LinksUpToDate>false</LinksUpToDate><SharedDoc>false'
        '</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000'
        '</AppVersion></Properties>').encode("utf-8")
