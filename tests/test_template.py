"""The monthly template: file names, the defined-name contract, protection,
validation, the live checks (recalculated by LibreOffice), reproducibility, and filling a
template through its names.

Expected names, labels and numbers are written out here by hand, not taken from the
production code. LibreOffice runs once per module (every file that needs it is converted in
one batch).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from finsam_xl import contract
from finsam_xl.cli import cli
from finsam_xl.errors import FinsamError
from finsam_xl.model import Insats
from finsam_xl.plan import load_example
from finsam_xl.template import fill_template, insert_rows, write_template, write_templates
from support import lo
from support.runs import EMBEDDED, after_plan

PLAN = load_example()
FORBUND = "Samordningsförbundet Västra Östergötland"

# The embedded default insatser, in plan order.
DEFAULT_IDS = ["isa", "sip", "forsteg-skanninge-mjolby", "forsteg-vadstena", "forsteg-motala",
               "forsteg-odeshog", "forsteg-boxholm", "stod-mot-sysselsattning",
               "forstegskoordinator", "fontanhus-motala", "digitaliseringscenter",
               "kompetenshojande", "natverket-vastra"]
FLOW_IDS = {"isa", "forsteg-skanninge-mjolby", "forsteg-vadstena", "forsteg-motala",
            "forsteg-odeshog", "forsteg-boxholm", "stod-mot-sysselsattning", "fontanhus-motala",
            "digitaliseringscenter"}

# The template contract, written out.
META = ["fx_version", "fx_forbund", "fx_insats", "fx_period"]
TEXTS = ["fx_kommentar", "fx_rapporterad_av"]
STOCK = ["fx_start_kvinnor", "fx_start_man", "fx_nya_kvinnor", "fx_nya_man",
         "fx_avslutade_kvinnor", "fx_avslutade_man"]
KATS = ["arbete", "studier", "arbetssokande", "rehab", "annat", "okant"]
UTFALL = [f"fx_utfall_{k}_{g}" for k in KATS for g in ("kvinnor", "man")]
ENKAT = ["fx_enkat_svar", "fx_enkat_positiva"]

# A flow insats that also asks for survey counts (not in the default plan).
FLOW_ENKAT = Insats(id="flode-med-enkat", namn="Flöde med enkät", niva="individ",
                    enhet="deltagare", budgeterad_volym=10, enkat=True)


def expected_counts(insats_id: str) -> list[str]:
    if insats_id == "flode-med-enkat":
        return STOCK + UTFALL + ENKAT
    if insats_id in FLOW_IDS:
        return STOCK + UTFALL
    if insats_id == "kompetenshojande":
        return ["fx_antal"] + ENKAT
    return ["fx_antal"]


def names_of(wb) -> dict[str, tuple[str, str]]:
    """Workbook-scoped defined names -> (sheet, 'B12'), read with openpyxl."""
    out = {}
    for name, dn in wb.defined_names.items():
        dests = list(dn.destinations)
        assert len(dests) == 1, (name, dn.attr_text)
        sheet, coord = dests[0]
        out[name] = (sheet, coord.replace("$", ""))
    return out


# ----------------------------------------------------------------------------- CLI


def test_cli_writes_the_13_templates_of_march(tmp_path):
    out = tmp_path / "mallar"
    result = CliRunner().invoke(cli, ["templates", "--period", "2025-03", "-o", str(out)],
                                prog_name="finsam-xl")
    assert result.exit_code == 0, result.output
    expected = [f"2025-03_{i}.xlsx" for i in DEFAULT_IDS]
    assert sorted(os.listdir(out)) == sorted(expected)  # no temp files left behind
    lines = [f"Skrev {out / name}" for name in expected]
    lines.append(f"Klart: 13 mallar för 2025-03 i {out}.")
    assert result.output.splitlines() == [EMBEDDED, *lines]


@pytest.mark.parametrize("period, message", [
    ("2024-03", "Perioden 2024-03 ligger utanför planens år 2025. Välj en månad från 2025-01 "
                "till 2025-12, eller ange planen för 2024 med --plan."),
    ("2026-01", "Perioden 2026-01 ligger utanför planens år 2025. Välj en månad från 2025-01 "
                "till 2025-12, eller ange planen för 2026 med --plan."),
    ("2025-13", "Perioden '2025-13' är ingen giltig månad. Skriv den som ÅÅÅÅ-MM, till exempel "
                "2025-03."),
    ("mars", "Perioden 'mars' är ingen giltig månad. Skriv den som ÅÅÅÅ-MM, till exempel "
             "2025-03."),
    ("2025-3", "Perioden '2025-3' är ingen giltig månad. Skriv den som ÅÅÅÅ-MM, till exempel "
               "2025-03."),
])
def test_cli_rejects_a_bad_period(tmp_path, monkeypatch, period, message):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")  # 2025-06-01: the example's year
    out = tmp_path / "mallar"
    result = CliRunner().invoke(cli, ["templates", "--period", period, "-o", str(out)],
                                prog_name="finsam-xl")
    # a usage error, as for collect and status (it was exit 1 once); a month outside the
    # plan's year is found once the plan is read, after the line naming it
    assert result.exit_code == 2
    plan_line = f"{EMBEDDED}\n" if "utanför" in message else ""
    assert result.output == (f"{plan_line}Användning: finsam-xl templates [FLAGGOR]\n"
                             "Skriv 'finsam-xl templates --help' för hjälp.\n\n"
                             f"Fel: Ogiltigt värde för '--period': {message}\n")
    assert "Traceback" not in result.output
    assert not out.exists()


def test_output_folder_that_is_a_file(tmp_path):
    out = tmp_path / "mallar"
    out.write_text("x")
    # click refuses it as a usage error (exit 2) ...
    result = CliRunner().invoke(cli, ["templates", "--period", "2025-03", "-o", str(out)],
                                prog_name="finsam-xl")
    assert result.exit_code == 2
    assert result.output.endswith(
        f"Fel: Ogiltigt värde för '-o' / '--output': Mappen '{out}' är en fil.\n")
    # ... and the library on its own raises a Swedish FinsamError.
    with pytest.raises(FinsamError) as exc:
        write_templates(PLAN, "2025-03", out)
    assert str(exc.value) == f"Kan inte skriva mallarna: {out} finns redan och är inte en mapp."
    assert out.read_text() == "x"


def test_only_active_months_get_a_template(tmp_path):
    changed = {
        "sip": dict(aktiv_fran="2025-03", aktiv_till="2025-05"),
        "isa": dict(aktiv_till="2025-06"),
        "forsteg-boxholm": dict(aktiv_fran="2024-09", aktiv_till="2025-02"),
        "natverket-vastra": dict(aktiv_fran="2025-11"),
        "digitaliseringscenter": dict(aktiv_fran="2026-01"),
    }
    plan = replace(PLAN, insatser=tuple(replace(i, **changed.get(i.id, {}))
                                        for i in PLAN.insatser))
    active = {"sip": {3, 4, 5}, "isa": set(range(1, 7)), "forsteg-boxholm": {1, 2},
              "natverket-vastra": {11, 12}, "digitaliseringscenter": set()}
    for month in range(1, 13):
        period = f"2025-{month:02d}"
        paths = write_templates(plan, period, tmp_path / period)
        expected = [f"{period}_{i}.xlsx" for i in DEFAULT_IDS
                    if month in active.get(i, set(range(1, 13)))]
        assert [p.name for p in paths] == expected
        assert sorted(os.listdir(tmp_path / period)) == sorted(expected)


def test_write_templates_raises_finsam_error_in_swedish(tmp_path):
    with pytest.raises(FinsamError) as exc:
        write_templates(PLAN, "2025-00", tmp_path)
    assert str(exc.value) == ("Perioden '2025-00' är ingen giltig månad. Skriv den som ÅÅÅÅ-MM, "
                              "till exempel 2025-03.")


def test_importing_the_template_module_does_not_load_heavy_libraries():
    code = ("import sys, finsam_xl.template; "
            "print(sorted(m for m in ('xlsxwriter', 'openpyxl', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


# ----------------------------------------------------------------------------- structure


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    """The 13 templates of March plus a flow template with a survey: id -> path."""
    d = tmp_path_factory.mktemp("blank")
    paths = {p.name[len("2025-03_"):-len(".xlsx")]: p for p in write_templates(PLAN, "2025-03", d)}
    paths[FLOW_ENKAT.id] = write_template(PLAN, FLOW_ENKAT, "2025-03",
                                          d / "2025-03_flode-med-enkat.xlsx")
    return paths


def _insats(insats_id: str) -> Insats:
    return FLOW_ENKAT if insats_id == FLOW_ENKAT.id else PLAN.insats(insats_id)


ALL_IDS = DEFAULT_IDS + [FLOW_ENKAT.id]


@pytest.mark.parametrize("insats_id", ALL_IDS)
def test_defined_names_are_the_contract(blank, insats_id):
    path = blank[insats_id]
    required = META + expected_counts(insats_id) + TEXTS
    assert set(contract.required_names(_insats(insats_id))) == set(required)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Rapport", "Kontroll"]  # the checks' helper sheet (issue 19)
    assert wb["Rapport"].sheet_state == "visible"
    assert wb["Kontroll"].sheet_state == "veryHidden" and wb["Kontroll"].protection.sheet
    names = names_of(wb)
    assert sorted(n for n in names if n.startswith("fx_")) == sorted(required)
    assert all(sheet == "Rapport" for sheet, _ in names.values())
    assert len({names[n] for n in required}) == len(required)  # one cell each, all different
    # Exactly once each, workbook-scoped (no localSheetId), one absolute cell.
    xml = zipfile.ZipFile(path).read("xl/workbook.xml").decode("utf-8")
    for name in required:
        found = re.findall(rf'<definedName name="{name}"( [^>]*)?>([^<]*)</definedName>', xml)
        assert len(found) == 1, name
        attrs, target = found[0]
        assert "localSheetId" not in attrs
        assert re.fullmatch(r"Rapport!\$[A-Z]+\$\d+", target), target
    assert not wb["Rapport"].defined_names  # nothing sheet-scoped


@pytest.mark.parametrize("insats_id", ALL_IDS)
def test_inputs_unlocked_validated_and_meta_locked(blank, insats_id):
    path = blank[insats_id]
    wb = openpyxl.load_workbook(path)
    ws = wb["Rapport"]
    names = names_of(wb)
    counts = expected_counts(insats_id)
    for name in counts:
        cell = ws[names[name][1]]
        assert cell.protection.locked is False, name
        assert cell.value is None, name
        dvs = [dv for dv in ws.data_validations.dataValidation if cell.coordinate in dv.sqref]
        assert len(dvs) == 1, name
        dv = dvs[0]
        assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
        assert dv.allow_blank and dv.showErrorMessage and dv.showInputMessage
        assert dv.errorStyle in (None, "stop")
        assert dv.prompt == "Skriv ett helt tal, 0 eller större. Tom cell räknas som 0."
        assert dv.error == ("Här får du bara skriva ett helt tal som är 0 eller större, utan "
                            "decimaler, mellanslag eller text.")
    for name in TEXTS:
        cell = ws[names[name][1]]
        assert cell.protection.locked is False, name
        assert not [dv for dv in ws.data_validations.dataValidation
                    if cell.coordinate in dv.sqref], name
    expected_meta = {"fx_version": "finsam-xl/1", "fx_forbund": FORBUND,
                     "fx_insats": insats_id, "fx_period": "2025-03"}
    for name, value in expected_meta.items():
        cell = ws[names[name][1]]
        assert cell.protection.locked is True, name
        assert cell.value == value and cell.data_type == "s", name
    # Only the input cells are unlocked (cells hidden under a merge excepted).
    inputs = {names[n][1] for n in counts + TEXTS}
    unlocked = {c.coordinate for row in ws.iter_rows(min_row=1, max_row=ws.max_row + 5,
                                                      max_col=8)
                for c in row if c.__class__.__name__ == "Cell" and not c.protection.locked}
    assert unlocked == inputs
    # Protected without a password; locked cells may be selected.
    assert ws.protection.sheet is True
    assert not ws.protection.password
    assert ws.protection.selectLockedCells is False  # False = not prevented
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode("utf-8")
    protection = re.search(r"<sheetProtection[^>]*>", sheet_xml).group(0)
    assert "password" not in protection.lower() and "hashValue" not in protection
    # Print set-up: A4 portrait, one page.
    assert ws.page_setup.paperSize == 9
    assert ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight in (None, 1)


def _label_left_of(ws, coord: str) -> str:
    cell = ws[coord]
    return ws.cell(row=cell.row, column=1).value


def test_flow_template_text_and_labels(blank):
    wb = openpyxl.load_workbook(blank["isa"])
    ws = wb["Rapport"]
    names = names_of(wb)
    assert ws["A1"].value == "Månadsrapport: Individuellt stöd till arbete (ISA)"
    assert ws["A2"].value == FORBUND
    assert ws["A3"].value == "Period: mars 2025"
    assert _label_left_of(ws, names["fx_start_kvinnor"][1]) == "Inskrivna vid månadens start"
    assert _label_left_of(ws, names["fx_nya_man"][1]) == "Nya under månaden"
    assert _label_left_of(ws, names["fx_avslutade_man"][1]) == "Avslutade under månaden"
    assert _label_left_of(ws, names["fx_utfall_rehab_kvinnor"][1]) == (
        "Fortsatt rehabilitering eller annan förberedande insats")
    assert _label_left_of(ws, names["fx_utfall_annat_man"][1]) == "Avbrott, flytt eller annat"
    # Women in column B, men in column C, on the same row, with headers above.
    for key in ["start", "nya", "avslutade"] + [f"utfall_{k}" for k in KATS]:
        kv, man = ws[names[f"fx_{key}_kvinnor"][1]], ws[names[f"fx_{key}_man"][1]]
        assert (kv.column_letter, man.column_letter, kv.row) == ("B", "C", man.row)
        # the total of what `check` reads of the two cells (the hidden sheet Kontroll)
        assert ws[f"D{kv.row}"].value == "=MAX(0,Kontroll!$E${a})+MAX(0,Kontroll!$E${b})".format(
            a=_kontroll_row(wb, names[f"fx_{key}_kvinnor"][1]),
            b=_kontroll_row(wb, names[f"fx_{key}_man"][1]))
    texts = [c.value for row in ws.iter_rows(max_col=4) for c in row if isinstance(c.value, str)]
    joined = "\n".join(texts)
    for needle in ["Kvinnor", "Män", "Totalt", "Inskrivna vid månadens slut",
                   "Avslutade per utfall", "En tom cell räknas som 0", "hela tal", ".xlsx",
                   "personnummer", "senast 10 april 2025"]:
        assert needle in joined, needle
    assert "fx_antal" not in names and "fx_enkat_svar" not in names


def _kontroll_row(wb, coord: str) -> int:
    """The row of the hidden sheet Kontroll that reads the report cell `coord`."""
    ws = wb["Kontroll"]
    ref = f"Rapport!${coord[0]}${coord[1:]}"
    rows = [c.row for c in ws["B"] if isinstance(c.value, str) and f"ISTEXT({ref})" in c.value]
    assert len(rows) == 1, (coord, rows)
    return rows[0]


@pytest.mark.parametrize("insats_id, label", [
    ("sip", "Antal möten under månaden"),
    ("forstegskoordinator", "Antal kontakter under månaden"),
    ("natverket-vastra", "Antal deltagare under månaden"),
    ("kompetenshojande", "Antal deltagare under månaden"),
])
def test_count_template_labels(blank, insats_id, label):
    wb = openpyxl.load_workbook(blank[insats_id])
    ws = wb["Rapport"]
    names = names_of(wb)
    assert _label_left_of(ws, names["fx_antal"][1]) == label
    texts = "\n".join(c.value for row in ws.iter_rows(max_col=4) for c in row
                      if isinstance(c.value, str))
    # every template has a check row (text in a count cell), so every template
    # explains the check rows (it was only the templates with a survey)
    assert "Kontrollraderna" in texts
    assert ("Enkät: skriv hur många enkätsvar" in texts) == (insats_id == "kompetenshojande")
    assert "Fyll i den gula cellen med antalet" in texts
    if insats_id == "kompetenshojande":
        assert _label_left_of(ws, names["fx_enkat_svar"][1]) == "Antal enkätsvar som kommit in"
        assert _label_left_of(ws, names["fx_enkat_positiva"][1]) == (
            "Antal enkätsvar som når målet")


# ----------------------------------------------------------------------------- pre-filled


VALUES_OK = {  # women: 10 + 2 - 3 = 9; men: 5 + 1 - 2 = 4; outcomes add up
    "fx_start_kvinnor": 10, "fx_start_man": 5, "fx_nya_kvinnor": 2, "fx_nya_man": 1,
    "fx_avslutade_kvinnor": 3, "fx_avslutade_man": 2,
    "fx_utfall_arbete_kvinnor": 1, "fx_utfall_rehab_kvinnor": 2,
    "fx_utfall_studier_man": 1, "fx_utfall_okant_man": 1,
}
VALUES_BAD = {  # women: outcomes 2 != ended 3; men: ended 7 > 5 + 1
    "fx_start_kvinnor": 10, "fx_start_man": 5, "fx_nya_kvinnor": 2, "fx_nya_man": 1,
    "fx_avslutade_kvinnor": 3, "fx_avslutade_man": 7,
    "fx_utfall_arbete_kvinnor": 1, "fx_utfall_rehab_kvinnor": 1, "fx_utfall_arbete_man": 7,
}
OK = "Stämmer"
BAD_UTFALL_KV = "Summan av utfall (2) ska vara lika med antal avslutade (3)"
BAD_AVSL_MAN = "Antal avslutade (7) får inte vara fler än inskrivna vid start plus nya (6)"
BAD_ENKAT = "Antal svar som når målet (31) får inte vara fler än antal enkätsvar (30)"
# Each check row: (label in column A, expected text) per scenario.
LBL_AVSL = "Kontroll: avslutade högst inskrivna vid start plus nya, {}"
LBL_UTF = "Kontroll: utfall lika med avslutade, {}"
LBL_ENKAT = "Kontroll: enkätsvar som når målet högst antal svar"


def checks_of(ws) -> dict[str, object]:
    """Check-row label -> the check cell's value (column B of the row)."""
    return {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value
            for r in range(1, ws.max_row + 1)
            if str(ws.cell(row=r, column=1).value or "").startswith("Kontroll:")}


def month_end_of(ws, names) -> tuple:
    row = ws[names["fx_start_kvinnor"][1]].row + 3
    assert ws.cell(row=row, column=1).value == "Inskrivna vid månadens slut (räknas ut)"
    return tuple(ws.cell(row=row, column=c).value for c in (2, 3, 4))


LBL_NUM = "Kontroll: bara hela tal i de gula cellerna"
TEXT_IN_CELL = ("En cell här innehåller något annat än ett helt tal 0 eller större och räknas "
                "inte: skriv bara hela tal")
ONE_TEXT = ("1 gul cell innehåller något annat än ett helt tal 0 eller större: skriv bara "
            "hela tal, till exempel 5 (inte ”5 st”, −3 eller 2,5)")
TWO_TEXT = ("2 gula celler innehåller något annat än ett helt tal 0 eller större: skriv bara "
            "hela tal, till exempel 5 (inte ”5 st”, −3 eller 2,5)")
FLOW_OK_CHECKS = {LBL_AVSL.format("kvinnor"): OK, LBL_AVSL.format("män"): OK,
                  LBL_UTF.format("kvinnor"): OK, LBL_UTF.format("män"): OK, LBL_NUM: OK}
FLOW_BAD_CHECKS = {LBL_AVSL.format("kvinnor"): OK, LBL_AVSL.format("män"): BAD_AVSL_MAN,
                   LBL_UTF.format("kvinnor"): BAD_UTFALL_KV, LBL_UTF.format("män"): OK,
                   LBL_NUM: OK}
# "5 st" typed as new women (the checks once said "Stämmer", SUM reading it as 0)
FLOW_TEXT_CHECKS = {LBL_AVSL.format("kvinnor"): TEXT_IN_CELL, LBL_AVSL.format("män"): OK,
                    LBL_UTF.format("kvinnor"): OK, LBL_UTF.format("män"): OK,
                    LBL_NUM: ONE_TEXT}
VALUES_TEXT = dict(VALUES_OK, fx_nya_kvinnor="5 st")


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """Templates filled by a program (write_template) and by a 'coordinator'
    (fill_template, also after rows were inserted): name -> path."""
    d = tmp_path_factory.mktemp("filled")
    isa, komp = PLAN.insats("isa"), PLAN.insats("kompetenshojande")
    p = {}
    p["prog_ok"] = write_template(PLAN, isa, "2025-03", d / "prog_ok.xlsx", values=VALUES_OK,
                                  texts={"fx_kommentar": "Allt lugnt."})
    p["prog_bad"] = write_template(PLAN, isa, "2025-03", d / "prog_bad.xlsx", values=VALUES_BAD)
    p["prog_enkat_bad"] = write_template(
        PLAN, komp, "2025-03", d / "prog_enkat_bad.xlsx",
        values={"fx_antal": 40, "fx_enkat_svar": 30, "fx_enkat_positiva": 31})
    p["prog_enkat_ok"] = write_template(
        PLAN, komp, "2025-03", d / "prog_enkat_ok.xlsx",
        values={"fx_antal": 40, "fx_enkat_svar": 30, "fx_enkat_positiva": 30})
    blank_isa = write_template(PLAN, isa, "2025-03", d / "blank_isa.xlsx")
    p["blank_isa"] = blank_isa
    p["coord_bad"] = fill_template(blank_isa, d / "coord_bad.xlsx", VALUES_BAD,
                                   {"fx_rapporterad_av": "Samordnare",
                                    "fx_kommentar": "=SUMMA(1;2) är inte en formel"})
    p["shifted"] = insert_rows(blank_isa, d / "shifted.xlsx", idx=5, amount=3)
    p["shifted_ok"] = fill_template(p["shifted"], d / "shifted_ok.xlsx", VALUES_OK)
    p["shifted_bad"] = fill_template(p["shifted"], d / "shifted_bad.xlsx", VALUES_BAD)
    p["prog_text"] = write_template(PLAN, isa, "2025-03", d / "prog_text.xlsx",
                                    values=VALUES_TEXT)
    p["coord_text"] = fill_template(blank_isa, d / "coord_text.xlsx", VALUES_TEXT)
    p["prog_enkat_text"] = write_template(
        PLAN, komp, "2025-03", d / "prog_enkat_text.xlsx",
        values={"fx_antal": "ca 40", "fx_enkat_svar": 30, "fx_enkat_positiva": "20 st"})
    return p


def test_program_written_values_round_trip(filled):
    wb = openpyxl.load_workbook(filled["prog_ok"])
    ws = wb["Rapport"]
    names = names_of(wb)
    for name in STOCK + UTFALL:
        cell = ws[names[name][1]]
        if name in VALUES_OK:
            assert cell.value == VALUES_OK[name] and cell.data_type == "n", name
        else:
            assert cell.value is None, name
    assert ws[names["fx_kommentar"][1]].value == "Allt lugnt."
    assert ws[names["fx_rapporterad_av"][1]].value is None
    # Cached values of the formulas, as a viewer that does not recalculate shows them.
    wbv = openpyxl.load_workbook(filled["prog_ok"], data_only=True)
    assert checks_of(wbv["Rapport"]) == FLOW_OK_CHECKS
    assert month_end_of(wbv["Rapport"], names) == (9, 4, 13)
    wbv = openpyxl.load_workbook(filled["prog_bad"], data_only=True)
    assert checks_of(wbv["Rapport"]) == FLOW_BAD_CHECKS
    assert month_end_of(wbv["Rapport"], names) == (9, -1, 8)
    wbv = openpyxl.load_workbook(filled["prog_enkat_bad"], data_only=True)
    assert checks_of(wbv["Rapport"]) == {LBL_ENKAT: BAD_ENKAT, LBL_NUM: OK}
    wbv = openpyxl.load_workbook(filled["prog_text"], data_only=True)
    assert checks_of(wbv["Rapport"]) == FLOW_TEXT_CHECKS
    wbv = openpyxl.load_workbook(filled["prog_enkat_text"], data_only=True)
    assert checks_of(wbv["Rapport"]) == {LBL_ENKAT: TEXT_IN_CELL,
                                         LBL_NUM: TWO_TEXT}


def test_text_values_stay_text(tmp_path):
    sip = PLAN.insats("sip")
    path = write_template(PLAN, sip, "2025-03", tmp_path / "t.xlsx",
                          values={"fx_antal": "1 200", "fx_period": "2025-3"},
                          texts={"fx_kommentar": "=HYPERLINK(\"x\")", "fx_rapporterad_av": "+46"})
    wb = openpyxl.load_workbook(path)
    ws = wb["Rapport"]
    names = names_of(wb)
    for name, value in [("fx_antal", "1 200"), ("fx_period", "2025-3"),
                        ("fx_kommentar", '=HYPERLINK("x")'), ("fx_rapporterad_av", "+46")]:
        cell = ws[names[name][1]]
        assert (cell.value, cell.data_type) == (value, "s"), name
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode("utf-8")
    kommentar = names["fx_kommentar"][1]
    assert not re.search(rf'<c r="{kommentar}"[^>]*>\s*<f>', xml)


def test_two_runs_are_byte_identical(tmp_path):
    isa = PLAN.insats("isa")
    a = write_template(PLAN, isa, "2025-03", tmp_path / "a.xlsx", values=VALUES_OK,
                       texts={"fx_kommentar": "Hej"})
    b = write_template(PLAN, isa, "2025-03", tmp_path / "b.xlsx", values=VALUES_OK,
                       texts={"fx_kommentar": "Hej"})
    assert a.read_bytes() == b.read_bytes()
    out1, out2 = tmp_path / "x", tmp_path / "y"
    write_templates(PLAN, "2025-03", out1)
    write_templates(PLAN, "2025-03", out2)
    for name in os.listdir(out1):
        assert (out1 / name).read_bytes() == (out2 / name).read_bytes(), name


def _core(path: Path) -> str:
    return zipfile.ZipFile(path).read("docProps/core.xml").decode("utf-8")


@pytest.mark.parametrize("modified, stamp", [
    (datetime(2025, 4, 3, 12, 34, 56, tzinfo=timezone.utc), "2025-04-03T12:34:56Z"),
    (datetime(2025, 4, 11, 0, 30, tzinfo=timezone(timedelta(hours=2))), "2025-04-10T22:30:00Z"),
    (None, "2025-04-01T00:00:00Z"),  # default: the end of the period's month
])
def test_modified_lands_in_core_properties(tmp_path, modified, stamp):
    path = write_template(PLAN, PLAN.insats("sip"), "2025-03", tmp_path / "m.xlsx",
                          values={"fx_antal": 4}, modified=modified)
    core = _core(path)
    assert f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>' in core
    assert f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>' in core
    assert "<dc:creator>finsam-xl</dc:creator>" in core
    assert "<dc:title>Månadsrapport Utveckling av SIP 2025-03</dc:title>" in core
    props = openpyxl.load_workbook(path).properties
    want = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    assert (props.created, props.modified) == (want, want)


def test_december_default_time_is_new_year(tmp_path):
    path = write_template(PLAN, PLAN.insats("sip"), "2025-12", tmp_path / "d.xlsx")
    assert "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2026-01-01T00:00:00Z" in _core(path)


# ----------------------------------------------------------------------------- fill_template


def test_fill_template_writes_through_names(filled):
    blank_names = names_of(openpyxl.load_workbook(filled["blank_isa"]))
    wb = openpyxl.load_workbook(filled["coord_bad"])
    ws = wb["Rapport"]
    assert names_of(wb) == blank_names
    for name in STOCK + UTFALL:
        assert ws[blank_names[name][1]].value == VALUES_BAD.get(name), name
    assert ws[blank_names["fx_rapporterad_av"][1]].value == "Samordnare"
    kommentar = ws[blank_names["fx_kommentar"][1]]
    assert (kommentar.value, kommentar.data_type) == ("=SUMMA(1;2) är inte en formel", "s")
    # Everything else kept: protection, validation, the meta cells.
    assert ws.protection.sheet is True
    assert ws[blank_names["fx_period"][1]].value == "2025-03"
    assert len(ws.data_validations.dataValidation) == 18


def test_inserted_rows_move_the_names_and_fill_follows_them(filled):
    before = names_of(openpyxl.load_workbook(filled["blank_isa"]))
    wb = openpyxl.load_workbook(filled["shifted_ok"])
    ws = wb["Rapport"]
    after = names_of(wb)
    assert set(after) == set(before)
    for name, (sheet, coord) in before.items():
        col, row = re.fullmatch(r"([A-Z]+)(\d+)", coord).groups()
        assert after[name] == (sheet, f"{col}{int(row) + 3}"), name  # all names are below row 5
    for name in STOCK + UTFALL:
        assert ws[after[name][1]].value == VALUES_OK.get(name), name
    # The old address of fx_start_kvinnor now holds the row that was 3 rows above it: the
    # header "Deltagarflöde" row's neighbour, never the value 10.
    old = before["fx_start_kvinnor"][1]
    assert ws[old].value != 10
    assert ws["A1"].value == "Månadsrapport: Individuellt stöd till arbete (ISA)"
    assert ws["A5"].value is None and ws["A8"].value == "Så fyller du i mallen"
    # Merged cells, validations and the print area moved with the rows.
    kommentar = after["fx_kommentar"][1]
    assert f"{kommentar}:D{kommentar[1:]}" in {str(r) for r in ws.merged_cells.ranges}
    validated = {c for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges
                 for c in [r.coord]}
    assert validated == {after[n][1] for n in STOCK + UTFALL}
    src_ws = openpyxl.load_workbook(filled["blank_isa"])["Rapport"]
    last = int(src_ws.print_area.rsplit("$", 1)[1])
    assert ws.print_area == f"'Rapport'!$A$1:$D${last + 3}"


def test_fill_template_unknown_name(tmp_path, filled):
    with pytest.raises(FinsamError) as exc:
        fill_template(filled["blank_isa"], tmp_path / "x.xlsx", {"fx_antal": 3})
    assert str(exc.value) == (f"Mallen {filled['blank_isa']} saknar namnet fx_antal "
                              "(Månadens antal).")
    assert not (tmp_path / "x.xlsx").exists()


# ----------------------------------------------------------------------------- LibreOffice


@pytest.fixture(scope="module")
def converted(blank, filled, tmp_path_factory):
    """Every file that needs LibreOffice, re-saved and recalculated in one soffice run."""
    srcs = [blank[i] for i in ("isa", "sip", "forstegskoordinator", "kompetenshojande",
                               FLOW_ENKAT.id)]
    srcs += [filled[k] for k in ("prog_bad", "prog_enkat_bad", "prog_enkat_ok", "coord_bad",
                                 "shifted_ok", "shifted_bad", "prog_text", "coord_text",
                                 "prog_enkat_text")]
    return lo.convert_many(srcs, tmp_path_factory.mktemp("lo"))


@pytest.mark.parametrize("insats_id", ["isa", "sip", "forstegskoordinator", "kompetenshojande",
                                       FLOW_ENKAT.id])
@pytest.mark.libreoffice
def test_libreoffice_keeps_every_name(blank, converted, insats_id):
    src = blank[insats_id]
    out = converted[src.stem]
    wb_src, wb_out = openpyxl.load_workbook(src), openpyxl.load_workbook(out)
    required = META + expected_counts(insats_id) + TEXTS
    src_names, out_names = names_of(wb_src), names_of(wb_out)
    assert sorted(n for n in out_names if n.startswith("fx_")) == sorted(required)
    assert {n: out_names[n] for n in required} == {n: src_names[n] for n in required}
    ws = wb_out["Rapport"]
    assert wb_out.sheetnames == ["Rapport", "Kontroll"]
    assert wb_out["Kontroll"].sheet_state in ("hidden", "veryHidden")
    assert ws.protection.sheet is True and not ws.protection.password
    assert ws[out_names["fx_period"][1]].value == "2025-03"
    assert ws[out_names["fx_version"][1]].value == "finsam-xl/1"
    assert ws[out_names["fx_insats"][1]].value == insats_id
    for name in expected_counts(insats_id) + TEXTS:
        assert ws[out_names[name][1]].protection.locked is False, name
    for name in META:
        assert ws[out_names[name][1]].protection.locked is True, name
    # A blank template's checks all agree ("Stämmer") after recalculation.
    checks = checks_of(openpyxl.load_workbook(out, data_only=True)["Rapport"])
    assert set(checks.values()) <= {OK}
    # every template has the row for text in a count cell
    assert len(checks) == {"isa": 5, "kompetenshojande": 2, FLOW_ENKAT.id: 6}.get(insats_id, 1)


@pytest.mark.parametrize("key, expected, month_end", [
    ("prog_bad", FLOW_BAD_CHECKS, (9, -1, 8)),
    ("coord_bad", FLOW_BAD_CHECKS, (9, -1, 8)),
    ("shifted_bad", FLOW_BAD_CHECKS, (9, -1, 8)),
    ("shifted_ok", FLOW_OK_CHECKS, (9, 4, 13)),
    ("prog_enkat_bad", {LBL_ENKAT: BAD_ENKAT, LBL_NUM: OK}, None),
    ("prog_enkat_ok", {LBL_ENKAT: OK, LBL_NUM: OK}, None),
    ("prog_text", FLOW_TEXT_CHECKS, (7, 4, 11)),  # SUM reads "5 st" as 0
    ("coord_text", FLOW_TEXT_CHECKS, (7, 4, 11)),
    ("prog_enkat_text", {LBL_ENKAT: TEXT_IN_CELL, LBL_NUM: TWO_TEXT},
     None),
])
@pytest.mark.libreoffice
def test_check_formulas_recalculated_by_libreoffice(filled, converted, key, expected,
                                                    month_end):
    out = converted[filled[key].stem]
    wb = openpyxl.load_workbook(out, data_only=True)
    ws = wb["Rapport"]
    assert checks_of(ws) == expected
    if month_end is not None:
        assert month_end_of(ws, names_of(wb)) == month_end
    if key == "coord_bad":
        assert ws[names_of(wb)["fx_kommentar"][1]].value == "=SUMMA(1;2) är inte en formel"
    # The check cells keep their red/green conditional formats after LibreOffice.
    wbf = openpyxl.load_workbook(out)
    ranges = [str(cf.sqref) for cf in wbf["Rapport"].conditional_formatting]
    assert len(ranges) >= len(expected)


def test_write_template_refuses_names_the_template_does_not_have(tmp_path):
    with pytest.raises(ValueError) as exc:
        write_template(PLAN, PLAN.insats("isa"), "2025-03", tmp_path / "x.xlsx",
                       values={"fx_antal": 3, "fx_start_kvinnor": 1},
                       texts={"fx_kommentaar": "typo"})
    assert str(exc.value) == "not in the template of isa: fx_antal, fx_kommentaar"
    assert os.listdir(tmp_path) == []


def test_one_existing_template_is_named_in_the_singular(tmp_path):
    out = tmp_path / "mallar"
    out.mkdir()
    (out / "2025-03_sip.xlsx").write_bytes(b"ifylld av samordnaren")
    res = CliRunner().invoke(cli, ["templates", "--period", "2025-03", "-o", str(out)])
    assert res.exit_code == 1
    assert after_plan(res.output) == (
        f"Fel: 1 av mallarna finns redan i {out} (2025-03_sip.xlsx) och skrivs inte över, "
        "eftersom den kan vara ifylld. Inget har skrivits. Ange --force för att skriva över "
        "den, eller välj en annan mapp med -o.\n")
    assert os.listdir(out) == ["2025-03_sip.xlsx"]


def test_templates_asks_for_force_before_it_overwrites(tmp_path):
    """Issue 10: `templates` silently overwrote existing (perhaps filled-in) templates."""
    out = tmp_path / "mallar"
    args = ["templates", "--period", "2025-03", "-o", str(out)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    filled = out / "2025-03_isa.xlsx"
    filled.write_bytes(b"ifylld av samordnaren")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 1
    assert after_plan(res.output) == (
        f"Fel: 13 av mallarna finns redan i {out} (2025-03_isa.xlsx, 2025-03_sip.xlsx, "
        "2025-03_forsteg-skanninge-mjolby.xlsx …) och skrivs inte över, eftersom de kan vara "
        "ifyllda. Inget har skrivits. Ange --force för att skriva över dem, eller välj en "
        "annan mapp med -o.\n")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    res = CliRunner().invoke(cli, args + ["--force"])
    assert res.exit_code == 0, res.output
    assert filled.read_bytes() != b"ifylld av samordnaren"
    assert sorted(p.name for p in out.iterdir()) == sorted(before)
