"""The marked copy by allow-list (issue 19, items 4, 5, 8 and 9): a coordinator's file whose
package holds more than a template's parts gets a copy with only the template's parts
(workbook, the report sheet named `Rapport`, the hidden `Kontroll` sheet, styles, theme, the
shared strings those sheets use, core and app properties, the notes), each written again
with every personnummer masked, and a letter that says what was left out.

Before: the copy kept every part of the file byte for byte but for the few it edited, so a
personnummer survived in the copy (and in the e-mail drafts that attach it) in numbers and
inline strings on other sheets, threaded comments and their persons, external links,
customXml, media, comment parts with other names, custom properties, data-validation
prompts, defined names, core properties at another path, duplicate or case-variant entries,
rich-text runs, `_x002D_` escapes and a renamed report sheet's name; entry names with
`../` or a leading `/` were copied as they were.

Each case builds its hostile file here (a filled template with one error, so that it gets
a copy, then one kind of content with its own numbers), checks that the numbers are really
in the file, runs collect and remind over it, and asserts the exit code, the file's exact
line, the inbox unchanged, the letter's sentence on what was left out, and a scan of every
output (zip members inflated, drafts decoded: `support.scan`) that finds none of the
numbers in any form."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsam_xl.cli import cli
from support.files import ISA, put, utc
from support.hostile import CT, MAIN, REL, REPORT, Parts, inline, sheet
from support.runs import after_plan
from support.scan import files_under, leaks

LINE = ("2025-03_isa.xlsx: underkänd: Nya under månaden, män (Rapport!C16) är 'x', inte ett "
        "heltal 0 eller större")


def other_sheet_number(p: Parts) -> None:
    index = p.shared_string("<si><t>Ring 820306-3456</t></si>")
    p.add_sheet("Blad2", sheet('<c r="A1"><v>198203041234</v></c>' + inline("B1", "820305-2345")
                               + f'<c r="C1" t="s"><v>{index}</v></c>'))


def threaded_comments(p: Parts) -> None:
    p.put("xl/persons/person.xml", (
        '<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/'
        'threadedcomments"><person displayName="Anna 19820307-4567" id="{1}" userId="a" '
        'providerId="None"/></personList>'), "application/vnd.ms-excel.person+xml")
    p.rel("xl/workbook.xml", "http://schemas.microsoft.com/office/2017/10/relationships/person",
          "persons/person.xml")
    p.put("xl/threadedComments/threadedComment1.xml", (
        '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/'
        'threadedcomments"><threadedComment ref="B20" dT="2025-04-01T10:00:00.00" '
        'personId="{1}" id="{2}"><text>Ring 820308-5678</text></threadedComment>'
        '</ThreadedComments>'), "application/vnd.ms-excel.threadedcomments+xml")
    p.rel(REPORT, "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment",
          "../threadedComments/threadedComment1.xml")


def external_link(p: Parts) -> None:
    p.put("xl/externalLinks/externalLink1.xml", (
        f'<externalLink xmlns="{MAIN}" xmlns:r="{REL}"><externalBook r:id="rId1"><sheetNames>'
        '<sheetName val="Blad1"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1">'
        '<cell r="A1" t="str"><v>820309-6789</v></cell></row></sheetData></sheetDataSet>'
        '</externalBook></externalLink>'), CT + "spreadsheetml.externalLink+xml")
    p.rel("xl/externalLinks/externalLink1.xml", f"{REL}/externalLinkPath",
          "file:///C:/Users/820310-7890/lista.xlsx", external=True)
    rid = p.rel("xl/workbook.xml", f"{REL}/externalLink", "externalLinks/externalLink1.xml")
    p.workbook("</sheets>", f'</sheets><externalReferences><externalReference r:id="{rid}"/>'
                            "</externalReferences>")
    p.cell("A50", '<c r="A50"><f>[1]Blad1!A1*2</f><v>14</v></c>')


def custom_xml(p: Parts) -> None:
    p.put("customXml/item1.xml", "<root><handlaggare>820311-8901</handlaggare></root>")
    p.rel("xl/workbook.xml", f"{REL}/customXml", "../customXml/item1.xml")


def media(p: Parts) -> None:
    p.put("xl/media/image1.png", b"\x89PNG\r\n\x1a\n820312-9012")
    types = p.text("[Content_Types].xml")
    p.put("[Content_Types].xml", types.replace(
        "<Override", '<Default Extension="png" ContentType="image/png"/><Override', 1))
    p.put("xl/drawings/drawing1.xml", (
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/'
        'spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        f'xmlns:r="{REL}"><xdr:oneCellAnchor><xdr:from><xdr:col>5</xdr:col><xdr:colOff>0'
        '</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext '
        'cx="100000" cy="100000"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Bild" '
        'descr="Foto 820313-0123"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip '
        'r:embed="rId1"/></xdr:blipFill><xdr:spPr/></xdr:pic><xdr:clientData/>'
        '</xdr:oneCellAnchor></xdr:wsDr>'), CT + "drawing+xml")
    p.rel("xl/drawings/drawing1.xml", f"{REL}/image", "../media/image1.png")
    rid = p.rel(REPORT, f"{REL}/drawing", "../drawings/drawing1.xml")
    p.sheet_element(REPORT, f'<drawing r:id="{rid}"/>')


def comments_elsewhere(p: Parts) -> None:
    """The report sheet's own notes in a comments part of another name."""
    p.put("xl/anteckningar/mina.xml", (
        f'<comments xmlns="{MAIN}"><authors><author>Anna 820314-1234</author></authors>'
        '<commentList><comment ref="A20" authorId="0"><text><r><t>Ring 8203</t></r><r><t>'
        '15-2345 i morgon</t></r></text></comment></commentList></comments>'),
        CT + "spreadsheetml.comments+xml")
    p.rel(REPORT, f"{REL}/comments", "../anteckningar/mina.xml")


def other_sheet_comments(p: Parts) -> None:
    part = p.add_sheet("Anteckningar", sheet(inline("A1", "x")))
    p.put("xl/comments9.xml", (
        f'<comments xmlns="{MAIN}"><authors><author>x</author></authors><commentList>'
        '<comment ref="A1" authorId="0"><text><t>820316-3456</t></text></comment>'
        '</commentList></comments>'), CT + "spreadsheetml.comments+xml")
    p.rel(part, f"{REL}/comments", "../comments9.xml")


def custom_properties(p: Parts) -> None:
    p.put("docProps/custom.xml", (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-'
        'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        'name="Handläggare"><vt:lpwstr>820317-4567</vt:lpwstr></property></Properties>'),
        CT + "custom-properties+xml")
    p.rel("", f"{REL}/custom-properties", "docProps/custom.xml")


def validation_prompt(p: Parts) -> None:
    text = p.text(REPORT)
    p.put(REPORT, text.replace('prompt="Skriv ett helt tal', 'prompt="Fråga 820318-5678. '
                               'Skriv ett helt tal', 1))


def defined_names(p: Parts) -> None:
    p.workbook("</definedNames>", '<definedName name="hemlig">"820319-6789"</definedName>'
                                  '<definedName name="Kontakt" comment="820320-7890">'
                                  "Rapport!$A$1</definedName></definedNames>")


def core_elsewhere(p: Parts) -> None:
    core = p.text("docProps/core.xml").replace("<dc:creator>finsam-xl",
                                               "<dc:creator>Anna 820321-8901")
    del p.parts["docProps/core.xml"]
    p.put("egna/kärna.xml", core)
    p.put("_rels/.rels", p.text("_rels/.rels").replace('Target="docProps/core.xml"',
                                                       'Target="egna/kärna.xml"'))
    p.put("[Content_Types].xml", p.text("[Content_Types].xml").replace(
        '"/docProps/core.xml"', '"/egna/kärna.xml"'))


def duplicate_entries(p: Parts) -> None:
    strings = p.text("xl/sharedStrings.xml")
    p.extra.append(("xl/sharedStrings.xml", strings.replace("<si><t>", "<si><t>820322-9012 ", 1)
                    .encode()))
    p.extra.append(("XL/SHAREDSTRINGS.XML", strings.replace("<si><t>", "<si><t>820323-0123 ",
                                                            1).encode()))


def rich_text_runs(p: Parts) -> None:
    index = p.shared_string("<si><r><t>Kontakt 820324</t></r><r><rPr><b/></rPr><t>-1234</t>"
                            "</r></si>")
    p.cell("A45", f'<c r="A45" t="s"><v>{index}</v></c>')
    p.cell("A48", '<c r="A48" t="inlineStr"><is><r><t>8203</t></r><r><t>251234</t></r></is>'
                  "</c>")


def x002d(p: Parts) -> None:
    index = p.shared_string("<si><t>Ring 820326_x002D_3456</t></si>")
    p.cell("A46", f'<c r="A46" t="s"><v>{index}</v></c>')


def numbers(p: Parts) -> None:
    p.cell("A47", '<c r="A47"><v>198203271234</v></c>')
    p.cell("A49", '<c r="A49"><v>8.203284567E9</v></c>')


def renamed_sheet(p: Parts) -> None:
    p.rename_report("Rapport 820328-5678")


def odd_entry_names(p: Parts) -> None:
    p.extra.append(("../../utanfor.txt", b"820329-6789"))
    p.extra.append(("/docProps/hemligt.xml", b"<x>820330-7890</x>"))


def kontroll_number(p: Parts) -> None:
    text = p.text("xl/worksheets/sheet2.xml")
    p.put("xl/worksheets/sheet2.xml", text.replace("<v>0</v>", "<v>198203311234</v>", 1))


def alternate_content(p: Parts) -> None:
    p.workbook("<bookViews>", (
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility'
        '/2006"><mc:Choice Requires="x15"><x15ac:absPath url="C:\\Users\\820401-2345\\" '
        'xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/>'
        "</mc:Choice></mc:AlternateContent><bookViews>"))


def header_footer(p: Parts) -> None:
    p.sheet_element(REPORT, "<headerFooter><oddHeader>&amp;LHandläggare 820402-3456"
                            "</oddHeader></headerFooter>")


def hyperlink(p: Parts) -> None:
    rid = p.rel(REPORT, f"{REL}/hyperlink", "mailto:820403-4567@example.se", external=True)
    p.sheet_element(REPORT, f'<hyperlinks><hyperlink ref="A1" r:id="{rid}" '
                            'tooltip="820404-5678"/></hyperlinks>', before="<printOptions")


def app_properties(p: Parts) -> None:
    p.put("docProps/app.xml", p.text("docProps/app.xml").replace(
        "<Company>", "<Manager>Chef 820405-6789</Manager><Company>Enhet 820406-7890 "))


def list_validation(p: Parts) -> None:
    p.add_sheet("Listor", sheet(inline("A1", "820407-8901")))
    p.sheet_element(REPORT, '<dataValidation type="list" allowBlank="1" sqref="B36">'
                            "<formula1>Listor!$A$1:$A$3</formula1></dataValidation>",
                    before="</dataValidations>")


# (case, what it does, the numbers it puts in the file, what the letter says was left out)
CASES = [
    ("other-sheet", other_sheet_number, ["198203041234", "820305-2345", "820306-3456"],
     ["sheets"]),
    ("threaded-comments", threaded_comments, ["19820307-4567", "820308-5678"], ["comments"]),
    ("external-link", external_link, ["820309-6789", "820310-7890"], ["formulas", "links"]),
    ("custom-xml", custom_xml, ["820311-8901"], ["properties"]),
    ("media", media, ["820312-9012", "820313-0123"], ["drawings"]),
    ("comments-elsewhere", comments_elsewhere, ["820314-1234", "820315-2345"], []),
    ("other-sheet-comments", other_sheet_comments, ["820316-3456"], ["sheets", "comments"]),
    ("custom-properties", custom_properties, ["820317-4567"], ["properties"]),
    ("validation-prompt", validation_prompt, ["820318-5678"], ["validation-texts"]),
    ("defined-names", defined_names, ["820319-6789", "820320-7890"], ["names"]),
    ("core-elsewhere", core_elsewhere, ["820321-8901"], []),
    ("duplicate-entries", duplicate_entries, ["820322-9012", "820323-0123"], []),
    ("rich-text-runs", rich_text_runs, ["820324-1234", "820325-1234"], []),
    ("x002d", x002d, ["820326-3456"], []),
    ("numbers", numbers, ["198203271234", "8203284567"], []),
    ("renamed-sheet", renamed_sheet, ["820328-5678"], ["sheet-name"]),
    ("odd-entry-names", odd_entry_names, ["820329-6789", "820330-7890"], ["other"]),
    ("kontroll-number", kontroll_number, ["198203311234"], []),
    ("alternate-content", alternate_content, ["820401-2345"], []),
    ("header-footer", header_footer, ["820402-3456"], []),
    ("hyperlink", hyperlink, ["820403-4567", "820404-5678"], ["links"]),
    ("app-properties", app_properties, ["820405-6789", "820406-7890"], []),
    ("list-validation", list_validation, ["820407-8901"], ["sheets", "formulas"]),
]
LEFT_OUT_TEXT = {
    "sheets": "andra blad än Rapport",
    "sheet-name": "rapportbladets nya namn (i kopian heter bladet Rapport)",
    "names": "namngivna celler och områden utöver mallens",
    "formulas": "formler som läser det som är utelämnat (deras senast beräknade värden finns "
                "kvar)",
    "comments": "kommentarstrådar och kommentarer på andra blad",
    "drawings": "bilder, diagram och former",
    "links": "länkar och kopplingar till andra filer",
    "properties": "egna dokumentegenskaper och inbäddade data",
    "validation-texts": "egna meddelanden till cellernas inmatningsregler",
    "other": "annat innehåll som inte hör till mallen (till exempel tabeller eller "
             "pivottabeller)",
}
ORDER = ["sheets", "sheet-name", "names", "formulas", "comments", "drawings", "links",
         "objects", "properties", "validation-texts", "other"]


def hostile_file(inbox: Path, builders) -> Path:
    """2025-03_isa.xlsx in `inbox`: a filled template with one error (a copy is made), then
    made hostile by `builders` (the renamed sheet last, as Excel renames it)."""
    path = put(inbox, "2025-03_isa.xlsx", ISA, "2025-03",
               {"fx_start_kvinnor": 3, "fx_nya_man": "x"}, utc(2025, 4, 2),)
    parts = Parts(path)
    for build in builders:
        if build is not renamed_sheet:
            build(parts)
    if renamed_sheet in builders:
        renamed_sheet(parts)
    return parts.save(path)


def run(*args: str):
    res = CliRunner().invoke(cli, list(args))
    assert res.exception is None or isinstance(res.exception, SystemExit), res.output
    return res


def collect_and_remind(tmp_path: Path, numbers: list[str]):
    """collect and remind over the inbox: (collect's output, every output file)."""
    inbox = tmp_path / "inbox"
    before = files_under(inbox)
    assert leaks(before, numbers) and {n for _w, n in leaks(before, numbers)} == set(numbers)
    res = run("collect", "--period", "2025-03")
    assert res.exit_code == 0, res.output
    remind = run("remind", "--period", "2025-03")
    assert remind.exit_code == 0, remind.output
    assert files_under(inbox) == before
    outputs = {n: d for n, d in files_under(tmp_path).items() if not n.startswith("inbox/")}
    assert leaks({"collect": res.output.encode(), "remind": remind.output.encode()},
                 numbers) == []
    return after_plan(res.output), outputs


def expected_left_out(kinds: list[str]) -> str | None:
    if not kinds:
        return None
    texts = [LEFT_OUT_TEXT[k] for k in ORDER if k in kinds]
    joined = texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " och " + texts[-1]
    return (f"Kopian innehåller bara det som hör till mallen. Från din fil är utelämnat: "
            f"{joined}. Din egen fil är oförändrad.")


def check_copy(outputs: dict[str, bytes], kinds: list[str]) -> bytes:
    """The copy exists, is a zip of well-formed XML parts with no odd names, openpyxl reads
    it, and the letter (and the summary) say what it left out."""
    import xml.parsers.expat

    import openpyxl

    copy = outputs["outbox/aterkoppling/2025-03_isa.xlsx"]
    with zipfile.ZipFile(io.BytesIO(copy)) as z:
        names = z.namelist()
        for name in names:
            assert not name.startswith("/") and ".." not in name and name == name.strip()
            if not name.endswith((".png", ".bin")):
                xml.parsers.expat.ParserCreate().Parse(z.read(name), True)
    assert len({n.lower() for n in names}) == len(names)
    wb = openpyxl.load_workbook(io.BytesIO(copy))
    assert wb.sheetnames == ["Rapport", "Kontroll"]
    assert wb["Rapport"]["C16"].comment.text.startswith("Fel: 2025-03_isa.xlsx: ")
    # the template's checks read the report sheet under its name in the copy
    assert any("IF(ISTEXT(Rapport!$B$15)" in str(c.value)
               for row in wb["Kontroll"].iter_rows() for c in row)
    letter = outputs["outbox/aterkoppling/2025-03_isa.txt"].decode()
    sentence = expected_left_out(kinds)
    said = [line for line in letter.splitlines() if line.startswith("Kopian innehåller")]
    assert said == ([sentence] if sentence else [])
    summary = json.loads(outputs["outbox/sammanfattning-2025-03.json"])
    assert summary["letters"][0]["left_out"] == [k for k in ORDER if k in kinds]
    return copy


@pytest.mark.parametrize("case, build, numbers, kinds", CASES, ids=[c[0] for c in CASES])
def test_a_hostile_file_s_copy_keeps_only_the_template_s_parts(tmp_path, monkeypatch, case,
                                                               build, numbers, kinds):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1745740800")  # 2025-04-27
    hostile_file(tmp_path / "inbox", [build])
    lines, outputs = collect_and_remind(tmp_path, numbers)
    line = LINE.replace("Rapport!", "Rapport ÅÅMMDD-XXXX!") if case == "renamed-sheet" else LINE
    assert lines.splitlines()[0] == line
    assert leaks(outputs, numbers) == []
    check_copy(outputs, kinds)
    assert "outbox/paminnelser/2025-03_isa.eml" in outputs  # the reminder attaches the copy


def test_every_hostile_part_at_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1745740800")
    hostile_file(tmp_path / "inbox", [c[1] for c in CASES])
    numbers = [n for c in CASES for n in c[2]]
    lines, outputs = collect_and_remind(tmp_path, numbers)
    assert lines.splitlines()[0] == LINE.replace("Rapport!", "Rapport ÅÅMMDD-XXXX!")
    assert leaks(outputs, numbers) == []
    check_copy(outputs, sorted({k for c in CASES for k in c[3]}))


@pytest.mark.libreoffice
def test_libreoffice_opens_the_copy_of_every_hostile_part_at_once(tmp_path, monkeypatch):
    """The copy of the most hostile file opens in LibreOffice with the report sheet's values
    and the template's checks as the coordinator saved them."""
    import openpyxl

    from support import lo

    monkeypatch.chdir(tmp_path)
    hostile_file(tmp_path / "inbox", [c[1] for c in CASES])
    plain = put(tmp_path / "plain", "2025-03_isa.xlsx", ISA, "2025-03",
                {"fx_start_kvinnor": 3, "fx_nya_man": "x"}, utc(2025, 4, 2))
    assert run("collect", "--period", "2025-03").exit_code == 0
    copy = tmp_path / "outbox" / "aterkoppling" / "2025-03_isa.xlsx"
    resaved = lo.convert(copy, tmp_path / "lo")
    a = openpyxl.load_workbook(plain, data_only=True)["Rapport"]
    b = openpyxl.load_workbook(resaved, data_only=True)
    assert b.sheetnames[0] == "Rapport"
    for row in range(1, 44):
        for col in "ABCD":
            assert b["Rapport"][f"{col}{row}"].value == a[f"{col}{row}"].value, (col, row)
