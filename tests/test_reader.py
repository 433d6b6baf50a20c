"""The reader (finsam_xl/reader/): a template -> a Submission, and every READ-level finding
with its exact code, field and cell.

Expected cells come from openpyxl's view of the same file (`template.defined_cells`), never
from the reader; expected values are the ones written into the file by the test."""

from __future__ import annotations

import copy
import hashlib
import io
import re
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from finsam_xl import contract, reader
from finsam_xl import messages as M
from finsam_xl.model import CellError, UncachedFormula
from finsam_xl.plan import DEFAULT_EXAMPLE, load_example
from finsam_xl.reader import (
    MAX_FILE_BYTES,
    classify,
    guards,
    parse_w3cdtf,
    read_file,
    safexml,
    sheet,
)
from finsam_xl.reader import cells as reader_cells
from finsam_xl.template import defined_cells, fill_template, insert_rows, write_template

PLAN = load_example(DEFAULT_EXAMPLE)
ISA = PLAN.insats("isa")
KOMP = PLAN.insats("kompetenshojande")  # count template with survey
SHEET_PART = "xl/worksheets/sheet1.xml"
PNR = "811218-9876"  # Skatteverket's example personnummer (valid check digit)

FLOW_VALUES = {
    "fx_start_kvinnor": 5, "fx_start_man": 3, "fx_nya_kvinnor": 2, "fx_nya_man": 1,
    "fx_avslutade_kvinnor": 2, "fx_avslutade_man": 1,
    "fx_utfall_arbete_kvinnor": 1, "fx_utfall_studier_kvinnor": 1, "fx_utfall_rehab_man": 1,
}
TEXTS = {"fx_kommentar": f"Ring {PNR} om en deltagare.", "fx_rapporterad_av": "Anna Ek"}
MODIFIED = datetime(2025, 4, 3, 8, 15, 30, tzinfo=timezone.utc)


def expected_cells(path: Path) -> dict[str, str]:
    """fx_ name -> 'Rapport!B15', as openpyxl resolves the file's defined names."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return {n: f"{sheet}!{coord}" for n, (sheet, coord) in defined_cells(wb).items()
            if n.startswith("fx_")}


def flow_raw(values: dict, texts: dict) -> dict:
    """The raw values a flow template with `values` and `texts` must read as."""
    raw = {"fx_version": "finsam-xl/1", "fx_forbund": PLAN.namn, "fx_insats": "isa",
           "fx_period": "2025-03"}
    for name in contract.FLOW:
        raw[name] = values.get(name)
    for name in contract.TEXT:
        raw[name] = texts.get(name)
    return raw


@pytest.fixture(scope="module")
def flow_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("flow") / "2025-03_isa.xlsx"
    write_template(PLAN, ISA, "2025-03", path, values=FLOW_VALUES, texts=TEXTS,
                   modified=MODIFIED)
    return path


def rezip(src: Path, dst: Path, edit: dict | None = None, add: dict | None = None,
          rename: dict | None = None, drop: tuple = ()) -> Path:
    """Copy the package `src` to `dst`, editing parts: edit[name] is bytes or a function
    bytes -> bytes; add[name] = bytes; rename[old] = new; drop = names left out."""
    edit, add, rename = edit or {}, add or {}, rename or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = zin.read(info)
            e = edit.get(info.filename)
            if e is not None:
                data = e(data) if callable(e) else e
            zout.writestr(rename.get(info.filename, info.filename), data)
        for name, data in add.items():
            zout.writestr(name, data)
    return dst


def set_cell(xml: bytes, ref: str, new: str) -> bytes:
    """Replace the <c r="ref" ...> element of a sheet with `new` (raw XML)."""
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"(?:[^>]*?/>|[^>]*?>.*?</c>)', re.S)
    out, n = pattern.subn(new.encode("utf-8"), xml, count=1)
    assert n == 1, ref
    return out


def set_name(xml: bytes, name: str, formula: str) -> bytes:
    pattern = re.compile(rb'<definedName name="' + name.encode() + rb'">[^<]*</definedName>')
    out, n = pattern.subn(f'<definedName name="{name}">{formula}</definedName>'.encode(), xml)
    assert n == 1, name
    return out


def ref_of(cells: dict, name: str) -> str:
    return cells[name].split("!")[1]


def codes(findings) -> list[tuple]:
    return [(f.code, f.field, f.cell) for f in findings]


# ----------------------------------------------------------------------------- templates


def test_template_is_read_exactly(flow_file):
    data = flow_file.read_bytes()
    sub, findings = read_file(flow_file, "mars/2025-03_isa.xlsx")
    assert findings == []
    assert sub.path == flow_file
    assert sub.relpath == "mars/2025-03_isa.xlsx"
    assert sub.size == len(data)
    assert sub.sha256 == hashlib.sha256(data).hexdigest()
    assert sub.modified == MODIFIED
    assert (sub.version, sub.forbund, sub.insats, sub.period) == (
        "finsam-xl/1", "Samordningsförbundet Västra Östergötland", "isa", "2025-03")
    masked = {"fx_kommentar": "Ring ÅÅMMDD-XXXX om en deltagare.", "fx_rapporterad_av": "Anna Ek"}
    assert sub.raw == flow_raw(FLOW_VALUES, masked)
    assert all(type(sub.raw[n]) is int for n in FLOW_VALUES)
    assert sub.cells == expected_cells(flow_file)
    assert set(sub.cells) == set(contract.required_names(ISA))
    assert sub.kommentar == "Ring ÅÅMMDD-XXXX om en deltagare."
    assert sub.rapporterad_av == "Anna Ek"
    assert sub.pnr_fields == ("fx_kommentar",)
    assert sub.values == {}
    assert PNR not in repr(sub) and "9876" not in repr(sub)


def test_count_template_with_survey(tmp_path):
    path = write_template(PLAN, KOMP, "2025-03", tmp_path / "2025-03_kompetenshojande.xlsx",
                          values={"fx_antal": 120, "fx_enkat_svar": 80, "fx_enkat_positiva": 61})
    sub, findings = read_file(path, path.name)
    assert findings == []
    assert sub.raw == {"fx_version": "finsam-xl/1", "fx_forbund": PLAN.namn,
                       "fx_insats": "kompetenshojande", "fx_period": "2025-03",
                       "fx_antal": 120, "fx_enkat_svar": 80, "fx_enkat_positiva": 61,
                       "fx_kommentar": None, "fx_rapporterad_av": None}
    assert sub.cells == expected_cells(path)
    assert (sub.kommentar, sub.rapporterad_av, sub.pnr_fields) == ("", "", ())
    # default_modified: 00:00 UTC on the first of the following month
    assert sub.modified == datetime(2025, 4, 1, tzinfo=timezone.utc)


def test_empty_template_reads_every_count_as_empty(tmp_path):
    path = write_template(PLAN, ISA, "2025-05", tmp_path / "t.xlsx")
    sub, findings = read_file(path, "t.xlsx")
    assert findings == []
    assert sub.period == "2025-05"
    assert [sub.raw[n] for n in contract.FLOW] == [None] * len(contract.FLOW)


def test_filled_by_openpyxl_as_a_coordinator(flow_file, tmp_path):
    """fill_template saves through openpyxl (another writer: its own shared strings,
    numbers, styles). Values changed through the names are read back."""
    dst = fill_template(flow_file, tmp_path / "filled.xlsx",
                        {"fx_nya_man": 4, "fx_start_kvinnor": None, "fx_avslutade_man": "1 200"},
                        texts={"fx_rapporterad_av": "Samordnare 19121212-1212"})
    sub, findings = read_file(dst, "filled.xlsx")
    assert findings == []
    values = dict(FLOW_VALUES, fx_nya_man=4, fx_start_kvinnor=None, fx_avslutade_man="1 200")
    assert sub.raw == flow_raw(values, {"fx_kommentar": "Ring ÅÅMMDD-XXXX om en deltagare.",
                                        "fx_rapporterad_av": "Samordnare ÅÅMMDD-XXXX"})
    assert sub.pnr_fields == ("fx_kommentar", "fx_rapporterad_av")
    assert sub.cells == expected_cells(dst)


def test_rows_inserted_above_the_inputs(flow_file, tmp_path):
    """Three rows inserted above the first input row, the way Excel does it: every name
    moves, and the reader follows the names."""
    before = expected_cells(flow_file)
    first_row = min(int(ref_of(before, n)[1:]) for n in contract.FLOW)
    dst = insert_rows(flow_file, tmp_path / "rows.xlsx", idx=first_row - 1, amount=3)
    sub, findings = read_file(dst, "rows.xlsx")
    assert findings == []
    moved = {}
    for name, cell in before.items():
        m = re.match(r"^Rapport!([A-Z]+)(\d+)$", cell)
        row = int(m.group(2))
        moved[name] = f"Rapport!{m.group(1)}{row + 3 if row >= first_row - 1 else row}"
    assert sub.cells == moved == expected_cells(dst)
    assert sub.raw == flow_raw(FLOW_VALUES, {"fx_kommentar": "Ring ÅÅMMDD-XXXX om en deltagare.",
                                             "fx_rapporterad_av": "Anna Ek"})


@pytest.fixture(scope="module")
def lo_file(flow_file, tmp_path_factory, ) -> Path:
    from support.lo import convert, require_soffice

    require_soffice()
    return convert(flow_file, tmp_path_factory.mktemp("lo"))


@pytest.mark.libreoffice
def test_resaved_by_libreoffice_reads_identical_values(flow_file, lo_file):
    with zipfile.ZipFile(lo_file) as zf:
        sheet = zf.read(SHEET_PART).decode("utf-8")
    assert 't="s"' in sheet  # LibreOffice stores the texts as shared strings
    sub0, _ = read_file(flow_file, "a.xlsx")
    sub, findings = read_file(lo_file, "a.xlsx")
    assert findings == []
    assert sub.raw == sub0.raw
    assert all(type(sub.raw[n]) is int for n in FLOW_VALUES)
    assert sub.cells == sub0.cells == expected_cells(lo_file)
    assert (sub.version, sub.forbund, sub.insats, sub.period) == (
        sub0.version, sub0.forbund, sub0.insats, sub0.period)
    assert sub.pnr_fields == ("fx_kommentar",)
    assert isinstance(sub.modified, datetime) and sub.modified.tzinfo is not None


# ----------------------------------------------------------------------------- cell values


@pytest.fixture(params=["head", "whole", "stream"])
def sheet_path(request, monkeypatch):
    """Run a test through the two ways of reading a sheet and the tree path's fallback: the
    tree of the sheet up to </sheetData> (`safexml.parse_head`, asserted to be taken), the
    tree of the whole sheet (where the shortened parse is not sound), and streaming it (the
    way for parts over TREE_MAX_BYTES; shared strings are streamed too)."""
    if request.param == "stream":
        monkeypatch.setattr(sheet, "TREE_MAX_BYTES", 0)
    real = sheet.parse_head
    taken = []

    def head(data, end):
        out = real(data, end) if request.param == "head" else None
        taken.append(out is not None)
        return out

    monkeypatch.setattr(sheet, "parse_head", head)
    return request.param, taken


def test_cell_value_types(flow_file, tmp_path, sheet_path):
    """Every way a cell can hold a value: inline strings (rich runs, _x000D_), t="str"
    formula results, booleans, error values, formulas with and without a cached value,
    floats, exponent notation, whitespace text, a date cell (t="d").

    Issue 10 changed four of these: an error value is a CellError (was its text), a formula
    without a cached value an UncachedFormula (was None, which read as an empty count), a
    t="d" cell a datetime (was its ISO text)."""
    cells = expected_cells(flow_file)
    r = lambda n: ref_of(cells, n)  # noqa: E731
    new = {
        "fx_start_kvinnor": f'<c r="{r("fx_start_kvinnor")}" t="inlineStr"><is><r><t>1</t></r>'
                            f'<r><rPr><b/></rPr><t xml:space="preserve"> 200</t></r>'
                            f'<rPh sb="0" eb="1"><t>X</t></rPh></is></c>',
        "fx_start_man": f'<c r="{r("fx_start_man")}" t="inlineStr"><is><t xml:space="preserve">'
                        f' 12 </t></is></c>',
        "fx_nya_kvinnor": f'<c r="{r("fx_nya_kvinnor")}" t="str"><f>"1"&amp;"2"</f><v>12</v></c>',
        "fx_nya_man": f'<c r="{r("fx_nya_man")}" t="b"><v>1</v></c>',
        "fx_avslutade_kvinnor": f'<c r="{r("fx_avslutade_kvinnor")}" t="e"><f>1/0</f>'
                                f'<v>#DIV/0!</v></c>',
        "fx_avslutade_man": f'<c r="{r("fx_avslutade_man")}"><f>2+5</f><v>7</v></c>',
        "fx_utfall_arbete_kvinnor": f'<c r="{r("fx_utfall_arbete_kvinnor")}"><f>1+1</f></c>',
        "fx_utfall_arbete_man": f'<c r="{r("fx_utfall_arbete_man")}"><f>1+1</f><v></v></c>',
        "fx_utfall_studier_kvinnor": f'<c r="{r("fx_utfall_studier_kvinnor")}"><v>12.5</v></c>',
        "fx_utfall_studier_man": f'<c r="{r("fx_utfall_studier_man")}"><v>1E+1</v></c>',
        "fx_utfall_rehab_kvinnor": f'<c r="{r("fx_utfall_rehab_kvinnor")}" t="n"><v>-3</v></c>',
        "fx_utfall_rehab_man": f'<c r="{r("fx_utfall_rehab_man")}" s="8"/>',
        "fx_utfall_annat_kvinnor": f'<c r="{r("fx_utfall_annat_kvinnor")}" t="d">'
                                   f'<v>2025-03-01T00:00:00</v></c>',
        "fx_utfall_annat_man": f'<c r="{r("fx_utfall_annat_man")}" t="inlineStr"><is><t>'
                               f'rad1_x000D_&#10;rad2 _x005F_x</t></is></c>',
        "fx_utfall_okant_kvinnor": f'<c r="{r("fx_utfall_okant_kvinnor")}" t="b"><v>0</v></c>',
        "fx_utfall_okant_man": f'<c r="{r("fx_utfall_okant_man")}" t="e"><v>#REF!</v></c>',
    }

    def edit(xml: bytes) -> bytes:
        for name, c in new.items():
            xml = set_cell(xml, r(name), c)
        return xml

    dst = rezip(flow_file, tmp_path / "types.xlsx", edit={SHEET_PART: edit})
    sub, findings = read_file(dst, "types.xlsx")
    assert findings == []
    mode, taken = sheet_path
    assert taken == ([True] if mode == "head" else [False] if mode == "whole" else [])
    got = {n: sub.raw[n] for n in new}
    assert got == {
        "fx_start_kvinnor": "1 200",
        "fx_start_man": " 12 ",
        "fx_nya_kvinnor": "12",
        "fx_nya_man": True,
        "fx_avslutade_kvinnor": CellError("#DIV/0!"),
        "fx_avslutade_man": 7,
        "fx_utfall_arbete_kvinnor": UncachedFormula("1+1"),
        "fx_utfall_arbete_man": UncachedFormula("1+1"),
        "fx_utfall_studier_kvinnor": 12.5,
        "fx_utfall_studier_man": 10.0,
        "fx_utfall_rehab_kvinnor": -3,
        "fx_utfall_rehab_man": None,
        "fx_utfall_annat_kvinnor": datetime(2025, 3, 1),
        "fx_utfall_annat_man": "rad1\r\nrad2 _x",
        "fx_utfall_okant_kvinnor": False,
        "fx_utfall_okant_man": CellError("#REF!"),
    }
    assert type(got["fx_avslutade_man"]) is int and type(got["fx_utfall_studier_man"]) is float
    assert sub.cells == expected_cells(dst)


def test_shared_strings_rich_text_and_phonetic_runs(flow_file, tmp_path, sheet_path):
    """A count cell pointing at a shared string made of rich-text runs plus a phonetic
    run (which is not part of the text)."""
    cells = expected_cells(flow_file)
    ref = ref_of(cells, "fx_nya_man")
    with zipfile.ZipFile(flow_file) as zf:
        sst = zf.read("xl/sharedStrings.xml")
    count = sst.count(b"<si>")

    def add_si(xml: bytes) -> bytes:
        si = (b'<si><r><t>3</t></r><r><rPr><i/></rPr><t>4</t></r>'
              b'<rPh sb="0" eb="1"><t>9</t></rPh></si>')
        return xml.replace(b"</sst>", si + b"</sst>")

    dst = rezip(flow_file, tmp_path / "sst.xlsx", edit={
        "xl/sharedStrings.xml": add_si,
        SHEET_PART: lambda x: set_cell(x, ref, f'<c r="{ref}" t="s"><v>{count}</v></c>')})
    sub, findings = read_file(dst, "sst.xlsx")
    assert findings == []
    assert sub.raw["fx_nya_man"] == "34"
    mode, taken = sheet_path
    assert taken == ([True] if mode == "head" else [False] if mode == "whole" else [])


def test_shared_string_index_out_of_range_is_corrupt(flow_file, tmp_path):
    ref = ref_of(expected_cells(flow_file), "fx_nya_man")
    dst = rezip(flow_file, tmp_path / "bad.xlsx", edit={
        SHEET_PART: lambda x: set_cell(x, ref, f'<c r="{ref}" t="s"><v>9999</v></c>')})
    sub, findings = read_file(dst, "bad.xlsx")
    assert sub is None
    assert codes(findings) == [("file-corrupt", None, None)]
    assert findings[0].message == M.READ_FILE_CORRUPT.format(
        fil="bad.xlsx", orsak="en cell pekar på en text som saknas")


def test_cells_without_r_attributes(flow_file, tmp_path, sheet_path):
    """Writers such as SpreadsheetGear omit r= on rows and cells: positions are counted."""
    def strip_refs(xml: bytes) -> bytes:
        head, rest = xml.split(b"<sheetData>", 1)
        data, tail = rest.split(b"</sheetData>", 1)
        # make every row explicit (rows 1..max) and every cell explicit (A..D) without r=
        rows = {}
        for m in re.finditer(rb'<row r="(\d+)"[^>]*>(.*?)</row>', data, re.S):
            cells = {}
            for c in re.finditer(rb'<c r="([A-Z]+)\d+"((?:[^>]*?/>)|(?:[^>]*?>.*?</c>))',
                                 m.group(2), re.S):
                cells[c.group(1)] = b"<c" + c.group(2)
            rows[int(m.group(1))] = cells
        out = []
        for row in range(1, max(rows) + 1):
            cells = rows.get(row, {})
            out.append(b"<row>" + b"".join(cells.get(col, b"<c/>") for col in
                                           (b"A", b"B", b"C", b"D")) + b"</row>")
        return head + b"<sheetData>" + b"".join(out) + b"</sheetData>" + tail

    dst = rezip(flow_file, tmp_path / "noref.xlsx", edit={SHEET_PART: strip_refs})
    with zipfile.ZipFile(dst) as zf:
        assert b' r="B' not in zf.read(SHEET_PART).split(b"<sheetData>")[1]
    sub0, _ = read_file(flow_file, "x.xlsx")
    sub, findings = read_file(dst, "x.xlsx")
    assert findings == []
    assert sub.raw == sub0.raw
    mode, taken = sheet_path
    # rows without r= are read by the shortened parse too (it never looks for rows)
    assert taken == ([True, True] if mode == "head" else [False, False] if mode == "whole"
                     else [])


def test_huge_declared_dimension_and_a_cell_at_xfd(flow_file, tmp_path):
    """A sheet that declares A1:XFD1048576 and has a cell at XFD1048576 is read in
    milliseconds: nothing is allocated from the declared size."""
    def edit(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)
        return xml.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c>'
                                            b'</row></sheetData>')

    dst = rezip(flow_file, tmp_path / "xfd.xlsx", edit={SHEET_PART: edit})
    sub, findings = read_file(dst, "xfd.xlsx")
    assert findings == []
    assert sub.raw["fx_start_kvinnor"] == 5


def test_number_that_is_a_personnummer_is_masked(flow_file, tmp_path):
    ref = ref_of(expected_cells(flow_file), "fx_nya_kvinnor")
    dst = rezip(flow_file, tmp_path / "p.xlsx", edit={
        SHEET_PART: lambda x: set_cell(x, ref, f'<c r="{ref}"><v>8112189876</v></c>')})
    sub, findings = read_file(dst, "p.xlsx")
    assert findings == []
    assert sub.raw["fx_nya_kvinnor"] == "ÅÅMMDD-XXXX"
    assert "8112189876" not in repr(sub)
    assert sub.pnr_fields == ("fx_kommentar",)  # only the free-text fields are listed


# ----------------------------------------------------------------------------- packages


def test_backslash_part_names_and_capitalised_shared_strings(flow_file, tmp_path):
    """Part names with Windows back-slashes and 'SharedStrings.xml' with a capital S (the
    relationship still says sharedStrings.xml): part names are case-insensitive."""
    with zipfile.ZipFile(flow_file) as zf:
        names = zf.namelist()
    rename = {n: n.replace("/", "\\") for n in names if n.startswith("xl/worksheets")}
    rename["xl/sharedStrings.xml"] = "xl/SharedStrings.xml"
    dst = rezip(flow_file, tmp_path / "odd.xlsx", rename=rename)
    sub0, _ = read_file(flow_file, "x.xlsx")
    sub, findings = read_file(dst, "x.xlsx")
    assert findings == []
    assert sub.raw == sub0.raw and sub.cells == sub0.cells


def test_strict_ooxml_namespaces(flow_file, tmp_path):
    """ISO 29500 strict namespaces and relationship types."""
    def strict(xml: bytes) -> bytes:
        return (xml.replace(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                            b"http://purl.oclc.org/ooxml/spreadsheetml/main")
                .replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                         b"http://purl.oclc.org/ooxml/officeDocument/relationships"))

    parts = ["_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/workbook.xml", SHEET_PART,
             "xl/sharedStrings.xml"]
    dst = rezip(flow_file, tmp_path / "strict.xlsx", edit={p: strict for p in parts})
    with zipfile.ZipFile(dst) as zf:
        assert b"purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" in \
            zf.read("_rels/.rels")
    sub0, _ = read_file(flow_file, "x.xlsx")
    sub, findings = read_file(dst, "x.xlsx")
    assert findings == []
    assert sub.raw == sub0.raw


def test_quoted_sheet_name_and_one_cell_range(flow_file, tmp_path):
    cells = expected_cells(flow_file)
    ref = ref_of(cells, "fx_nya_man")
    col, row = re.match(r"([A-Z]+)(\d+)", ref).groups()

    def edit(xml):
        xml = set_name(xml, "fx_nya_man", f"'Rapport'!${col}${row}:${col}${row}")
        return set_name(xml, "fx_start_man", "rapport!" + ref_of(cells, "fx_start_man"))

    dst = rezip(flow_file, tmp_path / "q.xlsx", edit={"xl/workbook.xml": edit})
    sub, findings = read_file(dst, "q.xlsx")
    assert findings == []
    assert sub.raw["fx_nya_man"] == 1 and sub.raw["fx_start_man"] == 3
    assert sub.cells["fx_nya_man"] == cells["fx_nya_man"]


def test_damaged_core_properties_give_no_modified_time(flow_file, tmp_path):
    dst = rezip(flow_file, tmp_path / "badcore.xlsx", edit={
        "docProps/core.xml": lambda x: x.replace(b"</cp:coreProperties>", b"")})
    sub, findings = read_file(dst, "badcore.xlsx")
    assert findings == [] and sub.modified is None
    assert sub.raw["fx_start_kvinnor"] == 5


def test_no_core_properties_gives_no_modified_time(flow_file, tmp_path):
    dst = rezip(flow_file, tmp_path / "nocore.xlsx", drop=("docProps/core.xml",))
    sub, findings = read_file(dst, "nocore.xlsx")
    assert findings == [] and sub.modified is None


@pytest.mark.parametrize("text, expected", [
    ("2025-04-03T08:15:30Z", datetime(2025, 4, 3, 8, 15, 30, tzinfo=timezone.utc)),
    ("2025-04-03T10:15:30+02:00", datetime(2025, 4, 3, 8, 15, 30, tzinfo=timezone.utc)),
    ("2025-04-03T08:15:30.123456789Z",
     datetime(2025, 4, 3, 8, 15, 30, 123456, tzinfo=timezone.utc)),
    ("2025-04-03T08:15:30", datetime(2025, 4, 3, 8, 15, 30, tzinfo=timezone.utc)),
    ("2025-04-03", datetime(2025, 4, 3, tzinfo=timezone.utc)),
    ("2025-13-03T08:15:30Z", None),
    ("igår", None),
    ("", None),
    ("0001-01-01T00:00:00+14:00", None),  # before year 1 in UTC: no time (was a crash)
    ("9999-12-31T23:59:59-01:00", None),
])
def test_w3cdtf(text, expected):
    got = parse_w3cdtf(text)
    assert got == expected
    if got is not None:
        assert got.utcoffset() == timedelta(0)


def test_modified_with_offset_in_core_xml(flow_file, tmp_path):
    dst = rezip(flow_file, tmp_path / "tz.xlsx", edit={"docProps/core.xml": lambda x: re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*<", rb"\g<1>2025-04-10T23:30:00-01:00<", x)})
    sub, _ = read_file(dst, "tz.xlsx")
    assert sub.modified == datetime(2025, 4, 11, 0, 30, tzinfo=timezone.utc)


# ----------------------------------------------------------------------------- READ findings


def test_name_pointing_at_ref_error(flow_file, tmp_path):
    dst = rezip(flow_file, tmp_path / "ref.xlsx", edit={
        "xl/workbook.xml": lambda x: set_name(x, "fx_nya_kvinnor", "Rapport!#REF!")})
    sub, findings = read_file(dst, "mars/ref.xlsx")
    assert codes(findings) == [("name-ref-error", "Nya under månaden, kvinnor", None)]
    f = findings[0]
    assert (f.severity, f.file, f.value) == ("error", "mars/ref.xlsx", "Rapport!#REF!")
    assert f.message == (
        "I filen mars/ref.xlsx pekar fältet Nya under månaden, kvinnor inte på någon cell "
        "(Rapport!#REF!), troligen för att rader, celler eller blad har tagits bort; fyll i "
        "en ny mall utan att ta bort något och skicka den i stället.")
    # the rest of the file is read, so validation can report more; the broken name is absent
    assert sub is not None
    assert "fx_nya_kvinnor" not in sub.raw and "fx_nya_kvinnor" not in sub.cells
    assert sub.raw["fx_nya_man"] == 1


@pytest.mark.parametrize("formula", [
    "#REF!",
    "Borttagen!$B$15",           # a sheet that does not exist
    "'Rapport (2)'!$B$15",
    "[1]Rapport!$B$15",          # an external workbook
    "Rapport!$B$15:$C$15",       # a range, not a cell
    "Rapport!$XFE$15",           # past the last column
    "Rapport!$B$1048577",        # past the last row
    "Rapport!$B$0",
    "SUM(Rapport!$B$15)",
    "9.99",
])
def test_names_pointing_nowhere(flow_file, tmp_path, formula):
    dst = rezip(flow_file, tmp_path / "n.xlsx", edit={
        "xl/workbook.xml": lambda x: set_name(x, "fx_avslutade_man", formula)})
    sub, findings = read_file(dst, "n.xlsx")
    assert codes(findings) == [("name-ref-error", "Avslutade under månaden, män", None)]
    assert findings[0].value == formula
    assert sub is not None and "fx_avslutade_man" not in sub.raw


def test_several_broken_names_in_contract_order(flow_file, tmp_path):
    def edit(xml):
        for n in ("fx_rapporterad_av", "fx_utfall_okant_man", "fx_start_kvinnor"):
            xml = set_name(xml, n, "#REF!")
        return xml

    dst = rezip(flow_file, tmp_path / "n.xlsx", edit={"xl/workbook.xml": edit})
    _sub, findings = read_file(dst, "n.xlsx")
    assert [f.field for f in findings] == [
        "Inskrivna vid månadens start, kvinnor", "Avslutade till okänt, män", "Rapporterad av"]


def test_version_name_pointing_at_ref_error(flow_file, tmp_path):
    dst = rezip(flow_file, tmp_path / "v.xlsx", edit={
        "xl/workbook.xml": lambda x: set_name(x, "fx_version", "Rapport!#REF!")})
    sub, findings = read_file(dst, "v.xlsx")
    assert sub is None
    assert codes(findings) == [("name-ref-error", "Mallversion", None)]


def test_unknown_version(tmp_path):
    path = write_template(PLAN, ISA, "2025-03", tmp_path / "v2.xlsx",
                          values={"fx_version": "finsam-xl/2"})
    cell = expected_cells(path)["fx_version"]
    sub, findings = read_file(path, "v2.xlsx")
    assert sub is None
    assert codes(findings) == [("unknown-version", "Mallversion", cell)]
    f = findings[0]
    assert (f.value, f.expected) == ("finsam-xl/2", "finsam-xl/1")
    assert f.message == (
        f"Filen v2.xlsx har mallversionen 'finsam-xl/2' i fältet Mallversion ({cell}), men "
        "finsam-xl läser bara mallversion finsam-xl/1; fyll i den månadsmall som kansliet "
        "skickade ut för perioden och skicka den i stället.")


def test_version_with_surrounding_spaces_is_accepted(tmp_path):
    path = write_template(PLAN, ISA, "2025-03", tmp_path / "v.xlsx",
                          values={"fx_version": " finsam-xl/1 "})
    sub, findings = read_file(path, "v.xlsx")
    assert findings == [] and sub.version == "finsam-xl/1"


def test_not_template_without_version_name(flow_file, tmp_path):
    dst = rezip(flow_file, tmp_path / "nv.xlsx", edit={"xl/workbook.xml": lambda x: re.sub(
        rb'<definedName name="fx_version">[^<]*</definedName>', b"", x)})
    sub, findings = read_file(dst, "nv.xlsx")
    assert sub is None
    assert codes(findings) == [("not-template", None, None)]
    assert findings[0].message == (
        "Filen nv.xlsx är ingen finsam-xl-mall (mallversionen saknas); fyll i den "
        "månadsmall som kansliet skickade ut och skicka den i stället.")


def test_a_renamed_sheet_whose_names_followed_it_is_read(flow_file, tmp_path):
    """Renaming the sheet in Excel or LibreOffice moves the defined names with it: the file
    is read as before, its cells named by the new sheet name. (Issue 10: this was
    `not-template`, 'bladet Rapport saknas'.)"""
    def edit(xml):
        return xml.replace(b'name="Rapport"', b'name="Mars"').replace(b">Rapport!", b">Mars!")

    dst = rezip(flow_file, tmp_path / "ns.xlsx", edit={"xl/workbook.xml": edit})
    sub, findings = read_file(dst, "ns.xlsx")
    assert findings == []
    assert sub.raw == read_file(flow_file, "x.xlsx")[0].raw
    assert sub.cells == {n: c.replace("Rapport!", "Mars!")
                         for n, c in expected_cells(flow_file).items()}


def test_not_template_when_the_names_point_at_a_missing_rapport_sheet(flow_file, tmp_path):
    def edit(xml):
        return xml.replace(b'name="Rapport"', b'name="Mars"')

    dst = rezip(flow_file, tmp_path / "ns.xlsx", edit={"xl/workbook.xml": edit})
    sub, findings = read_file(dst, "ns.xlsx")
    assert sub is None
    assert codes(findings) == [("not-template", None, None)]
    assert "bladet Rapport saknas" in findings[0].message


@pytest.mark.libreoffice
def test_a_sheet_renamed_in_libreoffice_is_accepted(flow_file, tmp_path):
    """The sheet renamed through LibreOffice itself (UNO, the system Python), which moves the
    defined names: `check` accepts the file."""
    import subprocess

    from support.lo import require_soffice

    require_soffice()
    out = tmp_path / "2025-03_isa.xlsx"
    script = tmp_path / "rename.py"
    script.write_text(RENAME_SCRIPT, encoding="utf-8")
    proc = subprocess.run(["/usr/bin/python3", str(script), str(flow_file), str(out),
                           str(tmp_path / "profile")], capture_output=True, text=True,
                          timeout=180)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    sub, findings = read_file(out, "2025-03_isa.xlsx")
    assert findings == []
    assert sub.cells["fx_start_kvinnor"].startswith("Blad1!")
    assert {n: sub.raw[n] for n in FLOW_VALUES} == FLOW_VALUES


RENAME_SCRIPT = r"""
import subprocess, sys, time, os
import uno
from com.sun.star.beans import PropertyValue

src, dst, profile = sys.argv[1:4]
pipe = "finsamrename%d" % os.getpid()
proc = subprocess.Popen(["soffice", "-env:UserInstallation=file://" + profile, "--headless",
                         "--norestore", "--nolockcheck",
                         "--accept=pipe,name=%s;urp;" % pipe])
try:
    ctx = uno.getComponentContext()
    resolver = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", ctx)
    for _ in range(120):
        try:
            remote = resolver.resolve(
                "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.5)
    desktop = remote.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop",
                                                              remote)
    def prop(name, value):
        p = PropertyValue(); p.Name = name; p.Value = value; return p
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0,
                                       (prop("Hidden", True),))
    sheet = doc.Sheets.getByName("Rapport")
    sheet.unprotect("")
    sheet.Name = "Blad1"
    doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)
finally:
    proc.terminate()
    proc.wait(timeout=60)
"""


def test_sheet_scoped_names_are_not_contract_names(flow_file, tmp_path):
    """A sheet-scoped (localSheetId) fx_version does not make a workbook a template."""
    dst = rezip(flow_file, tmp_path / "local.xlsx", edit={"xl/workbook.xml": lambda x: x.replace(
        b'<definedName name="fx_version">', b'<definedName name="fx_version" localSheetId="0">')})
    sub, findings = read_file(dst, "local.xlsx")
    assert codes(findings) == [("not-template", None, None)]


def test_doctype_in_sheet_is_corrupt(flow_file, tmp_path):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>')

    def edit(xml):
        return bomb + xml.split(b"?>", 1)[1].replace(b"<v>5</v>", b"<v>&b;</v>", 1)

    dst = rezip(flow_file, tmp_path / "dtd.xlsx", edit={SHEET_PART: edit})
    sub, findings = read_file(dst, "dtd.xlsx")
    assert sub is None
    assert codes(findings) == [("file-corrupt", None, None)]
    assert findings[0].message == M.READ_FILE_CORRUPT.format(
        fil="dtd.xlsx", orsak="filen innehåller otillåtna XML-deklarationer")


@pytest.mark.parametrize("doctype", [
    b'<!DOCTYPE workbook SYSTEM "file:///etc/passwd">',
    b'<!DOCTYPE workbook [<!ENTITY % p SYSTEM "http://example.invalid/x.dtd"> %p;]>',
    b'<!DOCTYPE workbook [<!ENTITY e "fx_version">]>',
    b'<!DOCTYPE workbook>',
])
@pytest.mark.parametrize("part", ["xl/workbook.xml", "_rels/.rels", "xl/sharedStrings.xml",
                                  "docProps/core.xml", SHEET_PART])
def test_any_doctype_in_any_part_is_refused(flow_file, tmp_path, doctype, part):
    def edit(xml):
        decl, rest = xml.split(b"?>", 1)
        return decl + b"?>" + doctype + rest

    dst = rezip(flow_file, tmp_path / "d.xlsx", edit={part: edit})
    sub, findings = read_file(dst, "d.xlsx")
    assert sub is None
    assert codes(findings) == [("file-corrupt", None, None)]
    assert "otillåtna XML-deklarationer" in findings[0].message


BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [\n <!ENTITY lol "lol">\n'
                  + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%s;" % (
                      str(i - 1).encode() if i > 1 else b"")) * 10) for i in range(1, 10))
                  + b']>\n<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
                    b'&lol9;</t></is></c></row></sheetData></worksheet>')


def test_billion_laughs_is_refused_before_any_entity_is_declared(monkeypatch):
    """The DTD guard works at the start of the DOCTYPE: expat stops there, before it has
    read a single entity declaration, so nothing is ever expanded, and ElementTree's parser
    (which would only be told of the DOCTYPE after expanding: tens of ms on such a part) never
    sees the part. Asserted on the work done, not on time."""
    assert BILLION_LAUGHS.count(b"<!ENTITY") == 10
    fed = []
    real = safexml.ET.XMLParser

    class Spy(real):
        def feed(self, data):
            fed.append(len(data))
            return super().feed(data)

    monkeypatch.setattr(safexml.ET, "XMLParser", Spy)
    for parse in (safexml.parse, lambda d: safexml.parse_head(d, b"</sheetData>")):
        with pytest.raises(guards.Corrupt) as exc:
            parse(BILLION_LAUGHS)
        assert exc.value.reason == "dtd"
    assert fed == []
    prolog = safexml.Prolog()
    with pytest.raises(guards.Corrupt):
        prolog.feed(BILLION_LAUGHS, final=True)
    # where expat stopped: inside the DOCTYPE's start, before the first declaration
    assert BILLION_LAUGHS.index(b"<!DOCTYPE") < prolog.at < BILLION_LAUGHS.index(b"<!ENTITY")
    # an entity declaration that does not even parse: the DOCTYPE is refused first
    with pytest.raises(guards.Corrupt) as exc:
        safexml.parse(b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "unclosed><a/>')
    assert exc.value.reason == "dtd"
    # and streamed, chunk by chunk (the DOCTYPE split across two chunks)
    monkeypatch.setattr(safexml.Stream, "CHUNK", 50)
    with pytest.raises(guards.Corrupt) as exc:
        safexml.Stream().feed(io.BytesIO(BILLION_LAUGHS))
    assert exc.value.reason == "dtd"
    assert fed == []


@pytest.mark.parametrize("part", [SHEET_PART, "xl/sharedStrings.xml"])
def test_doctype_in_a_streamed_part_is_refused(flow_file, tmp_path, monkeypatch, part):
    monkeypatch.setattr(sheet, "TREE_MAX_BYTES", 0)
    bomb = BILLION_LAUGHS.split(b"<worksheet>")[0]
    dst = rezip(flow_file, tmp_path / "d.xlsx", edit={
        part: lambda x: bomb + x.split(b"?>", 1)[1]})
    sub, findings = read_file(dst, "d.xlsx")
    assert sub is None
    assert findings[0].message == M.READ_FILE_CORRUPT.format(
        fil="d.xlsx", orsak="filen innehåller otillåtna XML-deklarationer")


@pytest.mark.parametrize("declaration", [b'encoding="klingon"', b'encoding="shift_jis"',
                                         b'encoding="UTF-16"'])
def test_an_encoding_the_parser_cannot_read_is_corrupt(flow_file, tmp_path, declaration):
    """An unknown or multi-byte encoding (expat raises LookupError or ValueError, not a
    parse error) is a damaged file, not a bug."""
    dst = rezip(flow_file, tmp_path / "e.xlsx", edit={
        SHEET_PART: lambda x: x.replace(b'encoding="UTF-8"', declaration, 1)})
    sub, findings = read_file(dst, "e.xlsx")
    assert sub is None
    assert findings[0].message == M.READ_FILE_CORRUPT.format(
        fil="e.xlsx", orsak="filens innehåll är skadat")


def test_a_bug_in_the_reader_is_raised_not_blamed_on_the_file(flow_file, monkeypatch):
    """Whatever a file holds gives a finding; an exception the reader does not expect (a
    bug in finsam-xl) leaves read_file as it is, for collect to report as a program error
    (it used to become "filen är skadad (oväntat innehåll)")."""
    from finsam_xl.reader import ooxml

    def buggy(*args, **kwargs):
        raise KeyError("fx_version")

    monkeypatch.setattr(ooxml, "cell_value", buggy)
    with pytest.raises(KeyError):
        read_file(flow_file, "x.xlsx")
    monkeypatch.undo()
    assert read_file(flow_file, "x.xlsx")[1] == []


def test_checked_zip_is_the_guard_for_any_package(flow_file, tmp_path):
    """`guards.checked_zip(path, limits)`, the guard the plan reader can share: the checked
    package (its bytes, a ZipFile over them), or a typed error without any message."""
    checked = guards.checked_zip(flow_file)
    with checked.zip:
        assert checked.data == flow_file.read_bytes()
        assert checked.zip.read("xl/workbook.xml").startswith(b"<?xml")
    small = guards.Limits(file_bytes=1000)
    with pytest.raises(guards.TooLarge) as exc:
        guards.checked_zip(flow_file, small)
    assert (exc.value.size, exc.value.limit) == (flow_file.stat().st_size, 1000)
    with pytest.raises(guards.ZipBomb) as exc:
        guards.checked_zip(flow_file, guards.Limits(entries=3))
    assert (exc.value.what, exc.value.value, exc.value.limit) == ("entries", 11, 3)
    (tmp_path / "tom.xlsx").write_bytes(b"")
    with pytest.raises(guards.Empty):
        guards.checked_zip(tmp_path / "tom.xlsx")
    with pytest.raises(guards.Unreadable) as exc:
        guards.checked_zip(tmp_path / "saknas.xlsx")
    assert exc.value.error.errno == 2
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 ...")
    with pytest.raises(guards.NotZip) as exc:
        guards.checked_zip(tmp_path / "a.pdf")
    assert exc.value.kind == "pdf"
    from conftest import CORPUS

    with pytest.raises(guards.Encrypted):
        guards.checked_zip(CORPUS / "calamine__pass_protected.xlsx")
    with pytest.raises(guards.NotZip) as exc:
        guards.checked_zip(CORPUS / "calamine__any_sheets.xls")
    assert exc.value.kind == "cfb"


def test_broken_xml_is_corrupt(flow_file, tmp_path):
    dst = rezip(flow_file, tmp_path / "x.xlsx", edit={
        "xl/workbook.xml": lambda x: x.replace(b"</workbook>", b"")})
    sub, findings = read_file(dst, "x.xlsx")
    assert sub is None and codes(findings) == [("file-corrupt", None, None)]


def test_zip_with_too_many_entries(flow_file, tmp_path):
    dst = rezip(flow_file, tmp_path / "many.xlsx",
                add={f"customXml/item{i}.xml": b"<a/>" for i in range(190)})
    with zipfile.ZipFile(dst) as zf:
        assert len(zf.infolist()) == 201  # the template's 11 parts and 190 more
    sub, findings = read_file(dst, "many.xlsx")
    assert sub is None and codes(findings) == [("file-zip-bomb", None, None)]
    assert findings[0].message == M.READ_FILE_ZIP_BOMB.format(
        fil="many.xlsx", detalj="201 delar, högst 200 tillåts")
    # 200 entries are fine
    ok = rezip(flow_file, tmp_path / "ok.xlsx",
               add={f"customXml/item{i}.xml": b"<a/>" for i in range(189)})
    assert read_file(ok, "ok.xlsx")[1] == []


def test_zip_with_huge_total_size(flow_file, tmp_path):
    dst = rezip(flow_file, tmp_path / "big.xlsx", add={"xl/media/zero.bin": b"\0" * (51 << 20)})
    assert dst.stat().st_size < MAX_FILE_BYTES
    sub, findings = read_file(dst, "big.xlsx")
    assert sub is None and codes(findings) == [("file-zip-bomb", None, None)]
    with zipfile.ZipFile(dst) as zf:
        total = sum(i.file_size for i in zf.infolist())  # 51 MB and the template's parts
    assert f"{total / (1 << 20):.1f} MB uppackat, högst 50,0 MB tillåts".replace(".", ",") in \
        findings[0].message


def test_zip_entry_with_huge_compression_ratio(flow_file, tmp_path):
    dst = rezip(flow_file, tmp_path / "ratio.xlsx", add={"xl/media/zero.bin": b"\0" * (2 << 20)})
    sub, findings = read_file(dst, "ratio.xlsx")
    assert sub is None and codes(findings) == [("file-zip-bomb", None, None)]
    with zipfile.ZipFile(dst) as zf:
        info = zf.getinfo("xl/media/zero.bin")
    kvot = info.file_size // info.compress_size
    assert kvot > 100
    assert findings[0].message == M.READ_FILE_ZIP_BOMB.format(
        fil="ratio.xlsx", detalj=f"delen xl/media/zero.bin packas upp {kvot} gånger, högst "
                                 f"100 gånger tillåts")
    # a 1 MB part is not checked for its ratio
    small = rezip(flow_file, tmp_path / "small.xlsx", add={"xl/media/zero.bin": b"\0" * (1 << 20)})
    assert read_file(small, "small.xlsx")[1] == []


def test_file_too_large_is_not_read(tmp_path):
    path = tmp_path / "stor.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * MAX_FILE_BYTES)
    sub, findings = read_file(path, "stor.xlsx")
    assert sub is None and codes(findings) == [("file-too-large", None, None)]
    assert findings[0].message == (
        "Filen stor.xlsx är 5,0 MB, större än gränsen 5,0 MB för en månadsrapport; fyll i en "
        "ny mall utan extra blad, bilder eller data och skicka den.")
    assert MAX_FILE_BYTES == 5 * 1024 * 1024


def test_empty_file(tmp_path):
    path = tmp_path / "tom.xlsx"
    path.write_bytes(b"")
    assert codes(read_file(path, "tom.xlsx")[1]) == [("file-empty", None, None)]


def test_missing_file_and_directory_are_unreadable(tmp_path):
    sub, findings = read_file(tmp_path / "finns-inte.xlsx", "finns-inte.xlsx")
    assert sub is None and codes(findings) == [("file-unreadable", None, None)]
    assert findings[0].message == (
        "Filen finns-inte.xlsx gick inte att öppna (filen finns inte); kontrollera att den "
        "finns och inte är låst, och kör igen.")
    (tmp_path / "mapp.xlsx").mkdir()
    sub, findings = read_file(tmp_path / "mapp.xlsx", "mapp.xlsx")
    assert codes(findings) == [("file-unreadable", None, None)]
    assert "(det är en mapp)" in findings[0].message
    findings = read_file(Path("/dev/null"), "null.xlsx")[1]
    assert codes(findings) == [("file-unreadable", None, None)]
    assert "(det är inte en vanlig fil)" in findings[0].message


@pytest.mark.parametrize("name, kind", [
    ("r.xls", "sparad i det äldre Excel-formatet .xls"),
    ("r.xlsm", "sparad som arbetsbok med makron (.xlsm)"),
    ("r.xlsb", "sparad som binär Excel-arbetsbok (.xlsb)"),
    ("r.fods", "sparad som platt OpenDocument-kalkylark (.fods)"),
    ("r.csv", "en textfil (.csv)"),
])
def test_other_formats_by_extension(flow_file, tmp_path, name, kind):
    """A real template saved under another extension is still rejected by its name: the
    coordinator must send an .xlsx."""
    path = tmp_path / name
    path.write_bytes(flow_file.read_bytes())
    sub, findings = read_file(path, name)
    assert sub is None and codes(findings) == [("file-format", None, None)]
    assert findings[0].message == (
        f"Filen {name} är {kind}, inte en Excel-arbetsbok (.xlsx); fyll i månadsmallen och "
        "spara den som Excel-arbetsbok (.xlsx) innan du skickar den.")


def test_an_xlsx_named_ods_is_read_as_the_xlsx_it_is(flow_file, tmp_path):
    """.ods is no other format (issue 19): a file of that name is read by its content, as an
    .ods named .xlsx is (it said "sparad i OpenDocument-format" of an .xlsx)."""
    path = tmp_path / "r.ods"
    path.write_bytes(flow_file.read_bytes())
    sub, findings = read_file(path, "r.ods")
    assert findings == [] and sub is not None
    garbage = tmp_path / "g.ods"
    garbage.write_bytes(b"inget kalkylark")
    assert [(f.code, f.message) for f in read_file(garbage, "g.ods")[1]] == [(
        "file-corrupt", "Filen g.ods går inte att läsa som Excel-arbetsbok (innehållet är inte "
        "en Excel-arbetsbok); öppna mallen, fyll i den och spara den som Excel-arbetsbok "
        "(.xlsx) igen.")]


def test_macro_content_type_under_xlsx_name(flow_file, tmp_path):
    dst = rezip(flow_file, tmp_path / "m.xlsx", edit={"[Content_Types].xml": lambda x: x.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")})
    assert codes(read_file(dst, "m.xlsx")[1]) == [("file-format", None, None)]


def test_ods_under_xlsx_name(tmp_path):
    """An OpenDocument spreadsheet is read by its content, whatever its name (it
    was file-format before): this one holds no template."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", "<manifest/>")
        zf.writestr("content.xml", '<office:document-content xmlns:office='
                    '"urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
    (tmp_path / "o.xlsx").write_bytes(buf.getvalue())
    assert codes(read_file(tmp_path / "o.xlsx", "o.xlsx")[1]) == [("not-template", None, None)]


def test_opendocument_text_is_still_another_format(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("META-INF/manifest.xml", "<manifest/>")
        zf.writestr("content.xml", "<office:document-content/>")
    (tmp_path / "o.ods").write_bytes(buf.getvalue())
    findings = read_file(tmp_path / "o.ods", "o.ods")[1]
    assert codes(findings) == [("file-format", None, None)]
    assert findings[0].message == (
        "Filen o.ods är ett OpenDocument-dokument som inte är ett kalkylark (till exempel ett "
        "textdokument), inte en Excel-arbetsbok (.xlsx); fyll i månadsmallen och spara den som "
        "Excel-arbetsbok (.xlsx) innan du skickar den.")


def test_an_empty_zip_is_corrupt_not_a_bug(tmp_path):
    """A zip with no entries at all (22 bytes: only the end of the central directory) was a
    ValueError in guards.member_ends, reported as a bug in finsam-xl (found by the fuzz
    test once the templates had another part)."""
    buf = io.BytesIO()
    zipfile.ZipFile(buf, "w").close()
    (tmp_path / "e.xlsx").write_bytes(buf.getvalue())
    sub, findings = read_file(tmp_path / "e.xlsx", "e.xlsx")
    assert sub is None and [(f.code, f.message) for f in findings] == [(
        "file-corrupt", "Filen e.xlsx går inte att läsa som Excel-arbetsbok (arbetsboken "
        "saknas i filen); öppna mallen, fyll i den och spara den som Excel-arbetsbok (.xlsx) "
        "igen.")]


def test_reader_never_writes_to_the_file(flow_file):
    before = (flow_file.read_bytes(), flow_file.stat().st_mtime_ns)
    read_file(flow_file, "x.xlsx")
    assert (flow_file.read_bytes(), flow_file.stat().st_mtime_ns) == before


# ----------------------------------------------------------------------------- classify


@pytest.mark.parametrize("name, reason", [
    ("2025-03_isa.xlsx", None),
    ("2025-03_ISA.XLSX", None),
    ("rapport.xls", None),
    ("rapport.xlsm", None),
    ("rapport.xlsb", None),
    ("rapport.ods", None),
    ("rapport.csv", None),
    ("~$2025-03_isa.xlsx", "låsfil från Office (~$…), som skapas medan en fil är öppen"),
    (".2025-03_isa.xlsx", "dold fil"),
    ("._2025-03_isa.xlsx", "dold fil"),
    (".DS_Store", "dold fil"),
    ("anteckningar.txt", "inte ett kalkylark (.txt)"),
    ("rapport.pdf", "inte ett kalkylark (.pdf)"),
    ("brev.docx", "inte ett kalkylark (.docx)"),
    ("bild.PNG", "inte ett kalkylark (.png)"),
    ("Thumbs.db", "inte ett kalkylark (.db)"),
    ("README", "inte ett kalkylark (filnamnet saknar filändelse)"),
])
def test_classify(tmp_path, name, reason):
    path = tmp_path / name
    path.write_bytes(b"x")
    assert classify(path) == reason


def test_classify_directory_and_missing(tmp_path):
    (tmp_path / "mapp.xlsx").mkdir()
    assert classify(tmp_path / "mapp.xlsx") == "inte en vanlig fil"
    assert classify(tmp_path / "saknas.xlsx") == "inte en vanlig fil"


def test_sheet_part_missing_is_corrupt(flow_file, tmp_path):
    dst = rezip(flow_file, tmp_path / "nosheet.xlsx", drop=(SHEET_PART,))
    sub, findings = read_file(dst, "nosheet.xlsx")
    assert sub is None and codes(findings) == [("file-corrupt", None, None)]
    assert findings[0].message == M.READ_FILE_CORRUPT.format(
        fil="nosheet.xlsx", orsak="ett blad saknas i filen")


def test_bad_crc_in_a_part_is_corrupt(flow_file, tmp_path):
    """Flip one byte inside the compressed sheet data: zipfile's CRC check fails."""
    data = bytearray(flow_file.read_bytes())
    with zipfile.ZipFile(flow_file) as zf:
        info = zf.getinfo(SHEET_PART)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    path = tmp_path / "crc.xlsx"
    path.write_bytes(bytes(data))
    sub, findings = read_file(path, "crc.xlsx")
    assert sub is None and codes(findings) == [("file-corrupt", None, None)]


def _zip_sources(flow_file, lo_file):
    from conftest import CORPUS

    paths = [flow_file, lo_file] + sorted(CORPUS.glob("*"))
    return [p for p in paths if p.is_file() and zipfile.is_zipfile(p)]


@pytest.mark.libreoffice
def test_read_member_equals_zipfile_read_for_every_part(flow_file, lo_file):
    """The reader takes a part's bytes through zipfile (`guards.read_member`): for every
    part of every zip in the corpus (and our own and LibreOffice's templates) that is
    exactly what zipfile reads, and where zipfile refuses a part, `read_member` refuses it
    with a finding about the file (damaged, encrypted, or too large to read whole)."""
    compared = refused = 0
    for path in _zip_sources(flow_file, lo_file):
        data = path.read_bytes()
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, NotImplementedError):
            continue
        for info in zf.infolist():
            if info.file_size > 1 << 20:
                continue
            end = guards.member_ends(data, zf)[info.header_offset]
            try:
                expected = zf.read(info)
            except Exception as exc:  # noqa: BLE001 - zipfile refuses: so must read_member
                for read in (lambda zf=zf, info=info: guards.read_member(zf, info),
                             lambda data=data, info=info, end=end:
                             guards.read_member_in(data, info, end)):
                    with pytest.raises(guards.FileError) as got:
                        read()
                    assert isinstance(got.value, (guards.Corrupt, guards.Encrypted)), (path, exc)
                refused += 1
                continue
            assert guards.read_member(zf, info) == expected, (path.name, info.filename)
            # the in-memory path (guards.read_member_in) reads exactly the same bytes
            assert guards.read_member_in(data, info, end) == expected, (path.name, info.filename)
            compared += 1
    assert compared > 200 and refused >= 1


def test_overlapping_parts_are_corrupt_in_memory(flow_file):
    """Two directory entries whose data overlap (the trick of some zip bombs): the part
    whose data would run into the next one is refused, on every Python version (zipfile
    itself checks this only from 3.12 on)."""
    data = flow_file.read_bytes()
    zf = zipfile.ZipFile(io.BytesIO(data))
    infos = sorted(zf.infolist(), key=lambda i: i.header_offset)
    first, second = infos[0], infos[1]
    with pytest.raises(guards.Corrupt):
        guards.read_member_in(data, first, second.header_offset - 1)
    assert guards.read_member_in(data, first, second.header_offset) == zf.read(first)


def test_a_local_header_naming_another_part_is_corrupt_in_memory(flow_file):
    data = bytearray(flow_file.read_bytes())
    zf = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = zf.getinfo("xl/workbook.xml")
    start = info.header_offset + guards.LOCAL_HEADER.size
    data[start:start + 2] = b"XL"  # the name in the local header differs from the directory's
    end = guards.member_ends(bytes(data), zf)[info.header_offset]
    with pytest.raises(guards.Corrupt):
        guards.read_member_in(bytes(data), info, end)


def _central_entry(data: bytes, name: str) -> int:
    """Offset of the central-directory record of `name`."""
    i = data.index(b"PK\x01\x02")
    while True:
        n = int.from_bytes(data[i + 28:i + 30], "little")
        if data[i + 46:i + 46 + n] == name.encode():
            return i
        i = data.index(b"PK\x01\x02", i + 4)


@pytest.mark.parametrize("delta", [-1, 1])
def test_a_part_longer_or_shorter_than_its_stated_size_is_corrupt(flow_file, tmp_path, delta):
    """The central directory states each part's size; a part that inflates to more or fewer
    bytes (a lying header, the start of a zip bomb) makes the file corrupt: it is never read
    past the stated size."""
    data = bytearray(flow_file.read_bytes())
    i = _central_entry(bytes(data), SHEET_PART)
    size = int.from_bytes(data[i + 24:i + 28], "little")
    data[i + 24:i + 28] = (size + delta).to_bytes(4, "little")
    path = tmp_path / "storlek.xlsx"
    path.write_bytes(bytes(data))
    sub, findings = read_file(path, "storlek.xlsx")
    assert sub is None and codes(findings) == [("file-corrupt", None, None)]


def test_local_header_naming_another_part_is_corrupt(flow_file, tmp_path):
    """A part whose local header names another file than the central directory does (two
    directories disagreeing about the package) is refused, as zipfile refuses it."""
    data = bytearray(flow_file.read_bytes())
    with zipfile.ZipFile(flow_file) as zf:
        info = zf.getinfo(SHEET_PART)
    name_at = info.header_offset + 30
    assert data[name_at:name_at + len(SHEET_PART)] == SHEET_PART.encode()
    data[name_at + len(SHEET_PART) - 5] = ord("9")  # sheet1.xml -> sheet9.xml
    path = tmp_path / "namn.xlsx"
    path.write_bytes(bytes(data))
    sub, findings = read_file(path, "namn.xlsx")
    assert sub is None and codes(findings) == [("file-corrupt", None, None)]


def test_stored_parts_read_like_deflated_ones(flow_file, tmp_path):
    """A package whose parts are stored uncompressed (allowed by OOXML, written by some
    tools) gives the same submission as the deflated original."""
    stored = tmp_path / "2025-03_isa.xlsx"
    with zipfile.ZipFile(flow_file) as zin, zipfile.ZipFile(stored, "w",
                                                            zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
    a, fa = read_file(flow_file, "x.xlsx")
    b, fb = read_file(stored, "x.xlsx")
    assert fa == fb == [] and a.raw == b.raw and a.cells == b.cells


@pytest.mark.parametrize("stream", [False, True])
def test_cdata_comment_and_processing_instruction_in_sheet_data(flow_file, tmp_path,
                                                                 monkeypatch, stream):
    """CDATA, comments and processing instructions among the rows are read as XML reads
    them (no row is taken from a comment), also when they hold the bytes `</sheetData>`;
    where such bytes come after the real end tag (the shortened parse would end inside the
    comment), the whole sheet is parsed: the values are exact either way."""
    if stream:
        monkeypatch.setattr(sheet, "TREE_MAX_BYTES", 0)
    cells = expected_cells(flow_file)
    ref = ref_of(cells, "fx_start_man")

    def comment(text):
        return lambda xml: xml.replace(b"<sheetData>", b"<sheetData><!-- " + text + b" -->")

    def after(text):
        return lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + text)

    row15 = b'<row r="15"><c r="B15"><v>99</v></c></row>'
    ext = b'<extLst><ext uri="x"><y><![CDATA[</sheetData>]]></y></ext></extLst>'
    variants = {  # label: (edit, shortened parse taken, fx_start_man)
        "cdata": (lambda x: set_cell(x, ref, f'<c r="{ref}" t="inlineStr"><is><t>'
                                             f'<![CDATA[<12>]]></t></is></c>'), True, "<12>"),
        "comment": (comment(row15), True, 3),
        "pi": (lambda x: x.replace(b"<sheetData>", b"<sheetData><?finsam x?>"), True, 3),
        "cdata end": (lambda x: set_cell(x, ref, f'<c r="{ref}" t="inlineStr"><is><t>'
                                                 f'<![CDATA[</sheetData>]]></t></is></c>'),
                      True, "</sheetData>"),
        "comment end": (comment(b"</sheetData>" + row15), True, 3),
        "comment after": (after(b"<!-- </sheetData> -->"), False, 3),
        "pi after": (after(b"<?finsam </sheetData>?>"), False, 3),
        "cdata after": (lambda x: x.replace(b"</worksheet>", ext + b"</worksheet>"), False, 3),
    }
    for label, (fn, taken, start_man) in variants.items():
        dst = rezip(flow_file, tmp_path / "v.xlsx", edit={SHEET_PART: fn})
        with zipfile.ZipFile(dst) as zf:
            data = zf.read(SHEET_PART)
        head = safexml.parse_head(data, b"</sheetData>")
        assert (head is not None) == taken, label
        if head is not None:
            assert sheet.tree_cells(head, {(15, 2), (15, 3)}) == \
                sheet.tree_cells(safexml.parse(data), {(15, 2), (15, 3)}), label
        sub, findings = read_file(dst, "x.xlsx")
        assert findings == [], label
        assert sub.raw["fx_start_kvinnor"] == 5, label
        assert sub.raw["fx_start_man"] == start_man, label


def test_an_early_end_of_sheet_data_is_corrupt(flow_file, tmp_path):
    """Damage that puts `</sheetData>` before the rows: the shortened parse runs to the
    last one, so it does not parse, and neither does the whole sheet: file-corrupt (not an
    empty sheet read as a template without a version)."""
    dst = rezip(flow_file, tmp_path / "tidigt.xlsx", edit={
        SHEET_PART: lambda x: x.replace(b"<sheetData><row ", b"<sheetData></sheetData> ", 1)})
    with zipfile.ZipFile(dst) as zf:
        assert zf.read(SHEET_PART).count(b"</sheetData>") == 2
    sub, findings = read_file(dst, "tidigt.xlsx")
    assert sub is None and codes(findings) == [("file-corrupt", None, None)]


def test_comment_after_sheet_data_is_not_parsed(flow_file, tmp_path):
    """Only the text up to </sheetData> is parsed: a comment after it, where LibreOffice and
    others put extension lists, does not matter, and the values are the same."""
    def tail(xml):
        return xml.replace(b"</sheetData>", b"</sheetData><!-- <row r=\"15\"> -->")

    dst = rezip(flow_file, tmp_path / "tail.xlsx", edit={SHEET_PART: tail})
    with zipfile.ZipFile(dst) as zf:
        data = zf.read(SHEET_PART)
    assert b"<!-- <row" in data
    head = safexml.parse_head(data, b"</sheetData>")
    assert head is not None
    assert [el.tag.rsplit("}", 1)[1] for el in head][-1] == "sheetData"  # nothing after it
    assert sheet.tree_cells(head, {(15, 2), (15, 3)}) == \
        sheet.tree_cells(safexml.parse(data), {(15, 2), (15, 3)})
    sub, findings = read_file(dst, "x.xlsx")
    assert findings == [] and sub.raw == read_file(flow_file, "x.xlsx")[0].raw


@pytest.mark.parametrize("encoding, codec, head_taken", [
    ("ISO-8859-1", "latin-1", True), ("UTF-16", "utf-16-le", False)])
def test_sheet_in_another_encoding(flow_file, tmp_path, encoding, codec, head_taken):
    """A sheet in Latin-1 (ASCII-compatible: the shortened parse reads it) or UTF-16 (the
    bytes `</sheetData>` are not there: the whole sheet is parsed) reads exactly."""
    ref = ref_of(expected_cells(flow_file), "fx_start_man")

    def recode(xml):
        xml = set_cell(xml, ref, f'<c r="{ref}" t="inlineStr"><is><t>tolv å</t></is></c>')
        text = xml.decode("utf-8").replace('encoding="UTF-8"', f'encoding="{encoding}"')
        return text.encode(encoding.lower(), errors="replace")

    dst = rezip(flow_file, tmp_path / "enc.xlsx", edit={SHEET_PART: recode})
    with zipfile.ZipFile(dst) as zf:
        data = zf.read(SHEET_PART)
    assert "tolv å".encode(codec) in data
    assert (safexml.parse_head(data, b"</sheetData>") is not None) == head_taken
    sub, findings = read_file(dst, "x.xlsx")
    assert findings == [] and sub.raw["fx_start_man"] == "tolv å"
    assert sub.raw["fx_start_kvinnor"] == 5


def _sheet_and_wanted(path: Path):
    with zipfile.ZipFile(path) as zf:
        data = zf.read(SHEET_PART)
    wanted = set()
    for cell in expected_cells(path).values():
        col, row = re.match(r"Rapport!([A-Z]+)(\d+)", cell).groups()
        n = 0
        for ch in col:
            n = n * 26 + ord(ch) - 64
        wanted.add((int(row), n))
    return data, wanted


@pytest.mark.libreoffice
def test_shortened_parse_equals_whole_parse_for_every_writer(flow_file, lo_file, tmp_path):
    """xlsxwriter (the template), LibreOffice (re-saved), openpyxl (filled, rows inserted):
    the sheet is parsed only up to </sheetData> and gives exactly what parsing the whole
    sheet gives."""
    filled = fill_template(flow_file, tmp_path / "f.xlsx", {"fx_nya_man": 7},
                           texts={"fx_kommentar": "Hej & <välkommen>"})
    rows = insert_rows(flow_file, tmp_path / "r.xlsx", idx=3, amount=2)
    for path in (flow_file, lo_file, filled, rows):
        data, wanted = _sheet_and_wanted(path)
        head = safexml.parse_head(data, b"</sheetData>")
        assert head is not None, path
        fast = sheet.tree_cells(head, wanted)
        assert fast == sheet.tree_cells(safexml.parse(data), wanted), path
        assert len(fast) >= 20


def test_oversized_workbook_part_is_refused(flow_file, tmp_path):
    """workbook.xml is always parsed whole, so it is capped (MAX_WHOLE_PART = 10 MB) even
    when its compression ratio is ordinary: 11 MB of random A/C/G/T compress about 4:1."""
    import os

    table = bytes(b"ACGT"[i & 3] for i in range(256))
    pad = b"<!--" + os.urandom(11 << 20).translate(table) + b"-->"
    dst = rezip(flow_file, tmp_path / "wb.xlsx", edit={
        "xl/workbook.xml": lambda x: x.replace(b"<sheets>", pad + b"<sheets>")})
    with zipfile.ZipFile(dst) as zf:
        info = zf.getinfo("xl/workbook.xml")
    assert info.file_size > 11 << 20 and info.file_size < 10 * info.compress_size
    assert dst.stat().st_size < MAX_FILE_BYTES
    sub, findings = read_file(dst, "wb.xlsx")
    assert sub is None and codes(findings) == [("file-zip-bomb", None, None)]
    assert findings[0].message == M.READ_FILE_ZIP_BOMB.format(
        fil="wb.xlsx", detalj="delen xl/workbook.xml är 11,0 MB uppackad, högst 10,0 MB tillåts")


def test_xls_bytes_under_an_xlsx_name(tmp_path):
    from conftest import CORPUS

    src = CORPUS / "made__xls_bytes_named.xlsx"
    assert src.read_bytes()[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    sub, findings = read_file(src, "mars/rapport.xlsx")
    assert sub is None and codes(findings) == [("file-format", None, None)]
    assert findings[0].message == (
        "Filen mars/rapport.xlsx är en fil i det äldre Excel-formatet .xls som bara har fått "
        "filändelsen .xlsx, inte en Excel-arbetsbok (.xlsx); fyll i månadsmallen och spara "
        "den som Excel-arbetsbok (.xlsx) innan du skickar den.")
    assert (findings[0].value, findings[0].expected) == (".xlsx", "en Excel-arbetsbok (.xlsx)")


def test_encrypted_ooxml_message():
    from conftest import CORPUS

    sub, findings = read_file(CORPUS / "calamine__pass_protected.xlsx", "losen.xlsx")
    assert sub is None and codes(findings) == [("file-encrypted", None, None)]
    assert findings[0].message == (
        "Filen losen.xlsx är skyddad med lösenord (krypterad) och kan inte läsas; ta bort "
        "lösenordet, spara den som Excel-arbetsbok (.xlsx) och skicka den igen.")


# ----------------------------------------------------------------------------- dates, styles


@pytest.mark.parametrize("code, kind", [
    ("General", None), ("0", None), ("# ##0", None), ('0" st"', None), ("0.00E+00", None),
    ("@", None), ("yyyy-mm-dd", "date"), ("d/m/yy", "date"), ("[$-41D]d mmmm yyyy", "date"),
    ("mmm", "date"), ("yyyy-mm-dd hh:mm", "date"), ("h:mm", "time"), ("hh:mm:ss", "time"),
    ("[h]:mm", "time"), ("[mm]", "time"), ('"dag "0', None), ("\\d0", None),
    ("[Red]0;[Blue]yyyy", None), ("0;yyyy", None), ("mm:ss", "time"),
])
def test_format_kind(code, kind):
    assert reader.format_kind(code) == kind


def _date_cell_file(src: Path, dst: Path, name: str, serial: int, style_xml_edit) -> Path:
    """`src` with the cell of `name` holding the number `serial` in a new cell format made
    by `style_xml_edit` (which returns the styles part and the new style index)."""
    cells = expected_cells(src)
    ref = ref_of(cells, name)
    new_style: list[int] = []

    def styles(xml: bytes) -> bytes:
        xml, idx = style_xml_edit(xml)
        new_style.append(idx)
        return xml

    with zipfile.ZipFile(src) as z:
        styles_xml = styles(z.read("xl/styles.xml"))
    return rezip(src, dst, edit={
        "xl/styles.xml": styles_xml,
        SHEET_PART: lambda x: set_cell(x, ref, f'<c r="{ref}" s="{new_style[0]}"><v>{serial}'
                                              f'</v></c>')})


def _add_xf(num_fmt_id: int, format_code: str | None = None):
    def edit(xml: bytes) -> tuple[bytes, int]:
        text = xml.decode("utf-8")
        if format_code is not None:
            fmt = f'<numFmt numFmtId="{num_fmt_id}" formatCode="{format_code}"/>'
            if "<numFmts" in text:
                text = re.sub(r'<numFmts count="(\d+)">',
                              lambda m: f'<numFmts count="{int(m.group(1)) + 1}">{fmt}', text)
            else:
                text = text.replace("<fonts", f'<numFmts count="1">{fmt}</numFmts><fonts', 1)
        m = re.search(r'<cellXfs count="(\d+)">', text)
        n = int(m.group(1))
        text = text.replace("</cellXfs>", f'<xf numFmtId="{num_fmt_id}" fontId="0" fillId="0" '
                                          f'borderId="0" xfId="0" applyNumberFormat="1"/>'
                                          f'</cellXfs>', 1)
        text = text.replace(m.group(0), f'<cellXfs count="{n + 1}">', 1)
        return text.encode("utf-8"), n
    return edit


@pytest.mark.parametrize("fmt_id, code, expected", [
    (14, None, datetime(2025, 3, 7)),
    (200, "yyyy\\-mm\\-dd", datetime(2025, 3, 7)),
    (201, "[$-41D]d mmmm yyyy", datetime(2025, 3, 7)),
    (20, None, timedelta(days=45723)),
    (1, None, 45723),
    (202, "0&quot; st&quot;", 45723),
])
def test_a_number_is_read_as_the_format_shows_it(flow_file, tmp_path, fmt_id, code, expected):
    path = _date_cell_file(flow_file, tmp_path / "d.xlsx", "fx_nya_kvinnor", 45723,
                           _add_xf(fmt_id, code))
    sub, findings = read_file(path, "d.xlsx")
    assert findings == []
    assert sub.raw["fx_nya_kvinnor"] == expected
    assert type(sub.raw["fx_nya_kvinnor"]) is type(expected)
    assert sub.raw["fx_nya_man"] == FLOW_VALUES["fx_nya_man"]  # the template's own style: a count


@pytest.mark.parametrize("serial, fmt_id, expected", [
    ("1E+20", 20, 1e20),  # shown as a time, but beyond any timedelta: the number
    ("1E+300", 14, 1e300),  # shown as a date: no date, no time either
    ("-1E+20", 14, -1e20),
])
def test_a_number_too_large_for_a_date_or_time_stays_a_number(flow_file, tmp_path, serial,
                                                              fmt_id, expected):
    path = _date_cell_file(flow_file, tmp_path / "d.xlsx", "fx_nya_kvinnor", serial,
                           _add_xf(fmt_id))
    sub, findings = read_file(path, "d.xlsx")
    assert findings == []
    assert sub.raw["fx_nya_kvinnor"] == expected


def test_attributes_with_digits_that_are_no_numbers(flow_file, tmp_path):
    """r="²" on a row, s="²" on a cell, a numFmtId="²" ('²'.isdigit() is True, int('²')
    raises): read like a missing attribute, not a crash."""
    cells = expected_cells(flow_file)
    ref = ref_of(cells, "fx_nya_man")
    row = int(ref[1:])

    def sheet_xml(xml):
        xml = xml.replace(f'<row r="{row}"'.encode(), '<row r="²"'.encode(), 1)
        return set_cell(xml, ref, f'<c r="{ref}" s="²"><v>4</v></c>')

    dst = rezip(flow_file, tmp_path / "sup.xlsx", edit={
        SHEET_PART: sheet_xml,
        "xl/styles.xml": lambda x: x.replace(b'numFmtId="0"', 'numFmtId="²"'.encode(), 1)})
    sub, findings = read_file(dst, "sup.xlsx")
    assert findings == []
    assert sub.raw["fx_nya_man"] == 4
    assert sub.raw == dict(read_file(flow_file, "x.xlsx")[0].raw, fx_nya_man=4)


def test_the_1904_date_system(flow_file, tmp_path):
    path = _date_cell_file(flow_file, tmp_path / "d.xlsx", "fx_nya_kvinnor", 44261,
                           _add_xf(14))
    path = rezip(path, tmp_path / "d1904.xlsx", edit={"xl/workbook.xml": lambda x: x.replace(
        b"<workbookPr", b'<workbookPr date1904="1"', 1)})
    assert b"date1904" in zipfile.ZipFile(path).read("xl/workbook.xml")
    sub, _ = read_file(path, "d.xlsx")
    assert sub.raw["fx_nya_kvinnor"] == datetime(2025, 3, 7)  # 1904-01-01 + 44 261 days


def test_styles_are_analysed_once_per_distinct_part(flow_file, tmp_path):
    other = _date_cell_file(flow_file, tmp_path / "d.xlsx", "fx_nya_kvinnor", 1, _add_xf(14))
    reader.clear_caches()
    for _ in range(3):
        read_file(flow_file, "a.xlsx")
    assert reader_cells.style_kinds.cache_info().misses == 1
    read_file(other, "b.xlsx")
    read_file(other, "b.xlsx")
    assert reader_cells.style_kinds.cache_info().misses == 2


@pytest.mark.libreoffice
def test_a_date_typed_by_a_coordinator_survives_libreoffice(flow_file, tmp_path):
    """openpyxl stores a datetime as Excel does (a serial with a date format); LibreOffice
    re-saves it with its own styles part: both read as the date."""
    import openpyxl

    from support.lo import convert, require_soffice

    require_soffice()
    wb = openpyxl.load_workbook(flow_file)
    sheet, coord = defined_cells(wb)["fx_start_man"]
    wb[sheet][coord].value = datetime(2025, 3, 7)
    src = tmp_path / "datum.xlsx"
    wb.save(src)
    out = convert(src, tmp_path / "lo")
    for path in (src, out):
        sub, findings = read_file(path, "datum.xlsx")
        assert findings == [] and sub.raw["fx_start_man"] == datetime(2025, 3, 7), path


def test_remembered_parts_are_keyed_by_everything_checked(flow_file):
    """Parts every file of a template shares are inflated once per run (guards.inflate
    remembers them by their compressed bytes): the same bytes stated with another CRC-32 or
    size are still refused, and an error is never remembered."""
    data = flow_file.read_bytes()
    zf = zipfile.ZipFile(io.BytesIO(data))
    info = zf.getinfo("xl/workbook.xml")
    end = guards.member_ends(data, zf)[info.header_offset]
    guards.inflate.cache_clear()
    good = guards.read_member_in(data, info, end)
    assert guards.read_member_in(data, info, end) == good
    assert guards.inflate.cache_info().hits == 1
    for field, wrong in (("CRC", info.CRC ^ 1), ("file_size", info.file_size + 1)):
        bad = copy.copy(info)
        setattr(bad, field, wrong)
        with pytest.raises(guards.Corrupt):
            guards.read_member_in(data, bad, end)
        with pytest.raises(guards.Corrupt):  # not remembered: refused again
            guards.read_member_in(data, bad, end)
    assert guards.read_member_in(data, info, end) == good
