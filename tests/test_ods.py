"""Templates saved as OpenDocument spreadsheets (.ods): read like the .xlsx.

The real .ods files are made by LibreOffice from filled templates (tests/lo.py, filter
calc8), exactly as a coordinator who works in LibreOffice would save them. Expected values
are the ones the test wrote into the .xlsx."""

from __future__ import annotations

import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from finsam_xl import contract
from finsam_xl.model import CellError, UncachedFormula
from finsam_xl.plan import load_example
from finsam_xl.reader import read_file
from finsam_xl.run import check_files, gather
from finsam_xl.template import write_template
from support import lo
from support.ods import META_NAMES, META_ROWS, cell, content, name, package

PLAN = load_example()
PNR = "811218-9876"
FILLED = {
    "isa": {"fx_start_kvinnor": 5, "fx_start_man": 3, "fx_nya_kvinnor": 2, "fx_nya_man": 1,
            "fx_avslutade_kvinnor": 2, "fx_avslutade_man": 1,
            "fx_utfall_arbete_kvinnor": 1, "fx_utfall_studier_kvinnor": 1,
            "fx_utfall_rehab_man": 1},
    "sip": {"fx_antal": 7},
    "kompetenshojande": {"fx_antal": 120, "fx_enkat_svar": 80, "fx_enkat_positiva": 66},
    # a rejected one: outcomes do not add up to ended, and a count written as text
    "forsteg-motala": {"fx_start_kvinnor": 4, "fx_nya_kvinnor": 1, "fx_avslutade_kvinnor": 2,
                       "fx_utfall_arbete_kvinnor": 1, "fx_nya_man": "ca 3"},
}
TEXTS = {"fx_kommentar": f"Ring {PNR} om en deltagare.\nRad två", "fx_rapporterad_av": "Anna Ek"}


@pytest.fixture(scope="module")
def pairs(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """insats id -> (filled .xlsx, the .ods LibreOffice saved from it)."""
    src = tmp_path_factory.mktemp("xlsx")
    paths = {}
    for insats_id, values in FILLED.items():
        path = src / f"2025-03_{insats_id}.xlsx"
        write_template(PLAN, PLAN.insats(insats_id), "2025-03", path, values=values,
                       texts=TEXTS)
        paths[insats_id] = path
    converted = lo.convert_many(list(paths.values()), tmp_path_factory.mktemp("ods"), "ods")
    return {i: (p, converted[p.stem]) for i, p in paths.items()}


@pytest.mark.libreoffice
def test_libreoffice_ods_reads_like_the_xlsx(pairs):
    for insats_id, (xlsx, ods) in pairs.items():
        assert zipfile.ZipFile(ods).read("mimetype") == \
            b"application/vnd.oasis.opendocument.spreadsheet"
        a, fa = read_file(xlsx, "r.xlsx")
        b, fb = read_file(ods, "r.ods")
        assert fa == [] and fb == []
        assert b.raw == a.raw
        assert b.cells == a.cells
        assert (b.version, b.forbund, b.insats, b.period, b.kommentar, b.rapporterad_av,
                b.pnr_fields) == (a.version, a.forbund, a.insats, a.period, a.kommentar,
                                  a.rapporterad_av, a.pnr_fields)
        # the numbers, independently of the reader: what the test wrote
        for count in contract.count_names(PLAN.insats(insats_id)):
            assert b.raw[count] == FILLED[insats_id].get(count), count
        assert b.kommentar == "Ring ÅÅMMDD-XXXX om en deltagare.\nRad två"
        assert b.pnr_fields == ("fx_kommentar",)


@pytest.mark.libreoffice
def test_ods_goes_through_the_same_validation(pairs, tmp_path):
    reports_x = check_files([x for x, _o in pairs.values()], PLAN)
    reports_o = check_files([o for _x, o in pairs.values()], PLAN)
    for rx, ro in zip(reports_x, reports_o, strict=True):
        assert [(f.code, f.severity, f.field, f.cell, f.value, f.expected)
                for f in ro.findings] == \
            [(f.code, f.severity, f.field, f.cell, f.value, f.expected) for f in rx.findings]
        assert ro.submission.values == rx.submission.values
    assert [r.status for r in reports_o] == ["accepted", "accepted", "accepted", "rejected"]
    assert [f.code for f in reports_o[3].errors] == ["not-whole-number", "outcomes-mismatch"]
    assert reports_o[0].submission.values == {
        "fx_start_kvinnor": 5, "fx_start_man": 3, "fx_nya_kvinnor": 2, "fx_nya_man": 1,
        "fx_avslutade_kvinnor": 2, "fx_avslutade_man": 1, "fx_utfall_arbete_kvinnor": 1,
        "fx_utfall_studier_kvinnor": 1, "fx_utfall_rehab_man": 1}


@pytest.mark.libreoffice
def test_collect_uses_an_ods_report(pairs, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for insats_id in ("isa", "sip"):
        ods = pairs[insats_id][1]
        (inbox / ods.name).write_bytes(ods.read_bytes())
    result = gather(inbox, PLAN)
    assert sorted(result.used) == [("isa", "2025-03"), ("sip", "2025-03")]
    assert result.used[("sip", "2025-03")].values == {"fx_antal": 7}
    assert result.used[("isa", "2025-03")].relpath == "2025-03_isa.ods"


# ----------------------------------------------------------------------------- hand-made packages


def test_value_types_repeats_and_addresses(tmp_path):
    """Each ODF value type maps to one raw value (finsam_xl/reader/ods.py's docstring); repeated
    rows and columns are counted, not expanded; quoted sheet names and one-cell ranges
    resolve; a name pointing nowhere is a name-ref-error, as in an .xlsx."""
    row5 = ('<table:table-row table:number-rows-repeated="3">'
            + cell(repeat=16383) + cell('office:value-type="float" office:value="4"', "4")
            + "</table:table-row>")  # XFD5:XFD7 hold 4
    row8 = ("<table:table-row>"
            + cell('office:value-type="date" office:date-value="2025-03-01"', "2025-03-01")
            + cell('office:value-type="boolean" office:boolean-value="true"', "SANT")
            + cell('office:value-type="time" office:time-value="PT12H30M00S"', "12:30")
            + cell('table:formula="of:=1/0" office:value-type="float" office:value="0" '
                   'calcext:value-type="error"', "#DIV/0!")
            + cell('table:formula="of:=1+1"')
            + cell('office:value-type="percentage" office:value="0.5"', "50 %")
            + cell('office:value-type="float" office:value="12.5"', "12,5")
            + cell('office:value-type="string"',
                   'a<text:s text:c="2"/>b<text:tab/>c<text:span>d</text:span>')
            + "</table:table-row>")
    names = (META_NAMES + name("fx_antal", "$'Rapport'.$XFD$6")
             + name("fx_kommentar", "$Rapport.$A$8:.$A$8")
             + name("fx_rapporterad_av", "$Rapport.$B$8")
             + name("fx_enkat_svar", "Rapport.C8") + name("fx_enkat_positiva", "$Rapport.$D$8")
             + name("fx_x1", "$Rapport.$E$8") + name("fx_x2", "$Rapport.$F$8")
             + name("fx_x3", "$Rapport.$G$8") + name("fx_x4", "$Rapport.$H$8")
             + name("fx_start_kvinnor", "#REF!") + name("fx_nya_man", "$Rapport.$A$1:.$B$2"))
    path = package(tmp_path / "t.ods", content(META_ROWS + row5 + row8, names))
    sub, findings = read_file(path, "t.ods")
    assert [(f.code, f.field, f.value) for f in findings] == [
        ("name-ref-error", "Inskrivna vid månadens start, kvinnor", "#REF!"),
        ("name-ref-error", "Nya under månaden, män", "$Rapport.$A$1:.$B$2")]
    assert sub.raw["fx_antal"] == 4 and sub.cells["fx_antal"] == "Rapport!XFD6"
    assert sub.raw["fx_kommentar"] == datetime(2025, 3, 1)
    assert sub.raw["fx_rapporterad_av"] is True
    assert sub.raw["fx_enkat_svar"] == timedelta(hours=12, minutes=30)
    assert sub.raw["fx_enkat_positiva"] == CellError("#DIV/0!")  # as for t="e" in an .xlsx
    assert sub.raw["fx_x1"] == UncachedFormula("1+1")  # a formula saved without a result
    assert sub.raw["fx_x2"] == 0.5 and sub.raw["fx_x3"] == 12.5
    assert sub.raw["fx_x4"] == "a  b\tcd"
    assert "fx_lokal" not in sub.raw  # a sheet-local name is not the contract's
    assert sub.modified is None


def test_modified_is_read_as_an_xlsxs(tmp_path):
    """dc:date without a zone is UTC, as dcterms:modified is for an .xlsx (issue 19: it was
    taken as Swedish time, an hour or two from the .xlsx of the same save)."""
    meta = ('<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta>'
            '<dc:date>2025-04-10T23:30:00.123456789</dc:date></office:meta>'
            '</office:document-meta>')
    path = package(tmp_path / "t.ods", content(META_ROWS, META_NAMES), meta=meta)
    sub, _ = read_file(path, "t.ods")
    assert sub.modified == datetime(2025, 4, 10, 23, 30, 0, 123456, tzinfo=timezone.utc)
    zoned = package(tmp_path / "z.ods", content(META_ROWS, META_NAMES),
                    meta=meta.replace("23:30:00.123456789", "23:30:00+02:00"))
    assert read_file(zoned, "z.ods")[0].modified == datetime(2025, 4, 10, 21, 30,
                                                             tzinfo=timezone.utc)


@pytest.mark.libreoffice
def test_an_ods_and_its_xlsx_have_the_same_modified_time(tmp_path, monkeypatch):
    """LibreOffice under Swedish time converts an .xlsx saved at 22:30 UTC (after midnight in
    Sweden, on deadline day + 1) to .ods: both read as the same time, so the .ods is late
    exactly when the .xlsx is."""
    from finsam_xl.validate import is_late

    monkeypatch.setenv("TZ", "Europe/Stockholm")
    xlsx = tmp_path / "2025-03_sip.xlsx"
    write_template(PLAN, PLAN.insats("sip"), "2025-03", xlsx, values={"fx_antal": 4},
                   modified=datetime(2025, 4, 10, 22, 30, tzinfo=timezone.utc))
    ods = lo.convert(xlsx, tmp_path / "ods", "ods")
    a, b = read_file(xlsx, xlsx.name)[0], read_file(ods, ods.name)[0]
    assert a.modified == b.modified == datetime(2025, 4, 10, 22, 30, tzinfo=timezone.utc)
    assert is_late(a, PLAN) and is_late(b, PLAN)


def test_a_renamed_report_sheet_is_read_like_an_xlsxs(tmp_path):
    """The names followed the sheet (as LibreOffice moves them): read, the cells named by the
    new sheet's name (issue 19: an .ods was `not-template` while the same .xlsx was read)."""
    names = "".join(name(n, f"$'Min flik'.$A${i}") for i, n in enumerate(
        ("fx_version", "fx_forbund", "fx_insats", "fx_period"), 1))
    path = package(tmp_path / "r.ods", content(META_ROWS, names, sheet="Min flik"))
    sub, findings = read_file(path, "r.ods")
    assert findings == []
    assert sub.insats == "sip" and sub.cells["fx_version"] == "Min flik!A1"


@pytest.mark.libreoffice
def test_a_renamed_sheet_saved_by_libreoffice_reads_as_its_xlsx(tmp_path):
    from support.files import rename_sheet

    xlsx = tmp_path / "2025-03_sip.xlsx"
    write_template(PLAN, PLAN.insats("sip"), "2025-03", xlsx, values={"fx_antal": 4},
                   texts={"fx_rapporterad_av": "Anna"})
    rename_sheet(xlsx, "Mars")
    ods = lo.convert(xlsx, tmp_path / "ods", "ods")
    (a, fa), (b, fb) = read_file(xlsx, "r.xlsx"), read_file(ods, "r.ods")
    assert fa == fb == []
    assert b.cells == a.cells and b.raw == a.raw
    assert a.cells["fx_antal"].startswith("Mars!")
    for report in check_files([xlsx], PLAN) + check_files([ods], PLAN):
        assert report.status == "accepted", report.findings


def test_guards_apply_to_ods(tmp_path):
    encrypted = package(tmp_path / "e.ods", content(META_ROWS, META_NAMES), manifest=(
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>'
        '</manifest:file-entry></manifest:manifest>'))
    assert [f.code for f in read_file(encrypted, "e.ods")[1]] == ["file-encrypted"]
    dtd = package(tmp_path / "d.ods", content(
        META_ROWS, META_NAMES, doctype='<!DOCTYPE x [<!ENTITY a "aaaa">]>'))
    assert [f.code for f in read_file(dtd, "d.ods")[1]] == ["file-corrupt"]
    many = package(tmp_path / "m.ods", content(META_ROWS, META_NAMES), extra=200)
    assert [f.code for f in read_file(many, "m.ods")[1]] == ["file-zip-bomb"]
    bomb = package(tmp_path / "b.ods", content(META_ROWS, META_NAMES).replace(
        "<office:body>", "<office:body>" + " " * (60 * 1024 * 1024)))
    assert [f.code for f in read_file(bomb, "b.ods")[1]] == ["file-zip-bomb"]
    nosheet = package(tmp_path / "n.ods", content(META_ROWS, META_NAMES, sheet="Blad1"))
    assert [f.code for f in read_file(nosheet, "n.ods")[1]] == ["not-template"]
    broken = package(tmp_path / "x.ods", content(META_ROWS, META_NAMES)[:-20])
    assert [f.code for f in read_file(broken, "x.ods")[1]] == ["file-corrupt"]


def test_non_counts_in_an_ods_are_rejected_as_in_an_xlsx(tmp_path):
    """A date, a boolean, an error value and a formula saved without a result in a count
    cell get the same codes, whatever the format."""
    from finsam_xl.run import read_one

    row = ("<table:table-row>"
           + cell('office:value-type="date" office:date-value="2025-03-01"', "2025-03-01")
           + cell('office:value-type="boolean" office:boolean-value="false"', "FALSKT")
           + cell('table:formula="of:=1/0" calcext:value-type="error"', "#DIV/0!")
           + cell('table:formula="of:=1+1"')
           + "</table:table-row>")
    for column, code in (("A", "count-date"), ("B", "count-boolean"), ("C", "count-error"),
                         ("D", "formula-without-value")):
        names = META_NAMES + name("fx_antal", f"$Rapport.${column}$5")
        path = package(tmp_path / f"{code}.ods", content(META_ROWS + row, names))
        report = read_one(path, path.name, PLAN)
        found = [f for f in report.flatten(["code", "cell"]) if f[0] != "missing-name"]
        assert found == [(code, f"Rapport!{column}5")], code  # (the text names are left out)
        assert report.status == "rejected"
