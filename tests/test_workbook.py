"""The follow-up workbook: every number on Översikt, Månadsdata, Utfall and
Inlämningar equals truth.py, both as cached by the writer and after LibreOffice recalculates
the file; derived cells are formulas; text stays text; the file is written atomically.

LibreOffice runs twice for the whole module: one run re-saves (recalculates) both scenario
workbooks, one prints the main workbook to PDF.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from finsam_xl import messages as M
from finsam_xl.errors import FinsamError
from support import lo, truth, wbcheck
from support.runs import write_workbook
from support.wbread import (
    HEADER_ROW,
    find_row,
    goal_blocks,
    headers,
    headline,
    table,
)

SHEETS = ["Översikt", "Ändringar", "Månadsdata", "Deltagarflöde", "Utfall", "Uppföljning Finsam",
          "Inlämningar", "Kommentarer", "Avvikelser", "Data", "Om rapporten"]
MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Both scenarios written as collect writes it; copies named main.xlsx / edge.xlsx."""
    base = tmp_path_factory.mktemp("workbook")
    out = {}
    for name, sc in (("main", truth.main_scenario()), ("edge", truth.edge_scenario())):
        path = write_workbook(sc.result, base / name / "outbox")
        copy = base / "staged" / f"{name}.xlsx"
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(path, copy)
        out[name] = (sc, truth.expected(sc), path, copy)
    return out


@pytest.fixture(scope="module")
def recalculated(built, tmp_path_factory):
    """LibreOffice opens, recalculates and re-saves both workbooks (one run)."""
    outdir = tmp_path_factory.mktemp("recalc")
    outs = list(lo.convert_many([built["main"][3], built["edge"][3]], outdir).values())
    return {"main": outs[0], "edge": outs[1]}


@pytest.fixture(scope="module")
def books(built, recalculated):
    """(scenario, expected, cached workbook, recalculated workbook) per scenario, data only."""
    return {name: (sc, exp, openpyxl.load_workbook(path, data_only=True),
                   openpyxl.load_workbook(recalculated[name], data_only=True))
            for name, (sc, exp, path, _) in built.items()}


def pick(books, name, which):
    sc, exp, cached, lo_book = books[name]
    return sc, exp, (cached if which == "cached" else lo_book)


CASES = [(n, w) for n in ("main", "edge") for w in ("cached", "libreoffice")]
IDS = [f"{n}-{w}" for n, w in CASES]


# ----------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("sheet", ["oversikt", "manadsdata", "inlamningar", "utfall",
                                   "deltagarflode", "finsam"])
@pytest.mark.parametrize("name,which", CASES, ids=IDS)
@pytest.mark.libreoffice
def test_every_sheet_equals_truth(books, name, which, sheet):
    """Every number of the sheet, as the writer cached it and as LibreOffice recalculated
    it, equals truth.expected (support/wbcheck.py, one function per sheet)."""
    sc, exp, wb = pick(books, name, which)
    getattr(wbcheck, f"check_{sheet}")(wb, sc, exp)


@pytest.mark.libreoffice
def test_edge_cases_are_what_the_scenario_claims(books):
    """Spot checks with numbers read off the scenario definition, so that the comparisons
    above really cover the edge cases."""
    sc, exp, cached, lo_book = books["edge"]
    for wb in (cached, lo_book):
        ov = table(wb["Översikt"])
        box = ov["Försteg Boxholm"]  # no submissions at all
        assert (box["Hittills i år"], box["Uppnådd andel"], box["Status"],
                box["Inskrivna nu"], box[truth.WOMEN], box["Anmärkning"]) == (
                    0, 0, "Röd", None, None, "ingen godkänd rapport än")
        assert ov["Nätverket västra"]["Förväntad andel"] == pytest.approx(6 / 7, abs=1e-15)
        assert ov["Försteg Ödeshög"]["Förväntad andel"] == pytest.approx(7 / 10, abs=1e-15)
        sip = ov["Utveckling av SIP"]  # no volume in the plan
        assert (sip["Budgeterad volym"], sip["Uppnådd andel"], sip["Förväntad andel"],
                sip["Status"]) == (None, None, None, None)
        assert sip["Hittills i år"] == sum(sc.used[("sip", m)]["fx_antal"] for m in range(1, 10))
        assert ov["Förstegskoordinator"]["Status"] == "Gul"  # 120/200 = 0.8 x 9/12 exactly
        assert ov["Kompetenshöjande insatser"]["Status"] == "Grön"  # 675/900 = 9/12 exactly
        inl = table(wb["Inlämningar"])
        assert [inl["Nätverket västra"][m] for m in MONTHS] == (
            ["–"] * 3 + ["Inkommen"] * 6 + [None, "–", "–"])
        assert [inl["Försteg Boxholm"][m] for m in MONTHS] == ["Saknas"] * 9 + [None] * 3
        md = wbcheck.md_blocks(wb["Månadsdata"])[0]
        stod = md["Stöd mot sysselsättning"]  # first reported month: April
        assert [stod[m] is None for m in MONTHS[:3]] == [True] * 3
        first = sc.used[("stod-mot-sysselsattning", 4)]
        assert stod["Start första rapportmånaden"] == first["fx_start_kvinnor"] + \
            first["fx_start_man"]
        goals = [g for g in exp["goals"] if g["Insats"] == "Försteg Vadstena"]
        assert goals and goals[0]["Alla"] is None  # nobody ended: empty, not #DIV/0!
        ws = wb["Utfall"]
        head = find_row(ws, M.WB_UT_TITLE_OUTCOMES) + 1
        rows = table(ws, head, keys=("Insats", "Kön"))
        assert rows[("Försteg Vadstena", "Andel av alla")]["Arbete"] is None
        blocks = [g for g in goal_blocks(ws) if g["Insats"] == "Försteg Vadstena"]
        assert [(g["Alla"], g["Resultat"]) for g in blocks] == [(None, "Kan inte bedömas än")] * 2
        assert ov["Försteg Vadstena"]["Måluppfyllelse"] == (
            "2 mål: 0 uppfyllda, 0 ej uppfyllda, 2 kan inte bedömas än")
        heads = {h["Mål"][:8]: h for h in headline(wb["Översikt"])}
        assert (heads["Hälften "]["Insatser"], heads["Hälften "]["Resultat"],
                heads["Hälften "]["Kommentar"]) == (
                    0, "Kan inte bedömas än",
                    "Inga av målets insatser rapporterar det som målet mäter.")
        assert (heads["4 av 10 "]["Insatser"], heads["4 av 10 "]["Resultat"],
                heads["4 av 10 "]["Kommentar"]) == (1, "Kan inte bedömas än",
                                                   "Ingen har avslutats än.")
        for sheet in wb.worksheets:
            for row in sheet.iter_rows(values_only=True):
                assert not any(isinstance(v, str) and v.startswith("#") for v in row), row


def test_no_submissions_at_all_in_january(tmp_path):
    """Nothing accepted yet (P = January): zeros and empty shares, every month 'Saknas',
    an empty Data table; the writer does not fail."""
    from datetime import datetime, timezone

    from finsam_xl.model import CollectResult
    from finsam_xl.plan import load_example

    plan = load_example()
    res = CollectResult(plan=plan, period="2025-01", reports=[], used={},
                        written_at=datetime(2025, 2, 3, 9, tzinfo=timezone.utc))
    wb = openpyxl.load_workbook(write_workbook(res, tmp_path), data_only=True)
    ov = table(wb["Översikt"])
    for ins in plan.insatser:
        r = ov[ins.namn]
        assert (r["Hittills i år"], r["Uppnådd andel"], r["Förväntad andel"], r["Status"],
                r["Inskrivna nu"]) == (0, 0, 1 / 12, "Röd", None)
    inl = table(wb["Inlämningar"])
    assert inl["Andel inkomna"]["jan"] == 0
    assert all(inl[i.namn]["jan"] == "Saknas" for i in plan.insatser)
    assert wb["Översikt"]["A2"].value == "Januari 2025 (period 2025-01)"
    assert wb["Data"].max_row <= 2 and wb["Data"]["A2"].value is None


# ----------------------------------------------------------------------------- structure


def test_sheets_in_order_and_derived_cells_are_formulas(built):
    sc, exp, path, _ = built["main"]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == SHEETS
    ws = wb["Översikt"]
    rows = table(ws)
    for ins in sc.plan.insatser:
        r = rows[ins.namn]
        for col in ("Hittills i år", "Uppnådd andel", "Förväntad andel", "Status"):
            assert isinstance(r[col], str) and r[col].startswith("="), (ins.namn, col)
        assert isinstance(r["Budgeterad volym"], int)  # plan data, not a formula
    for key in exp["totals"]:
        assert rows[key]["Hittills i år"].startswith("=SUMIFS(")
    # no structured references, no dynamic arrays: only plain cell ranges
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, str) and v.startswith("="):
                    assert "[" not in v and "_xlfn" not in v, v
    data = wb["Data"]
    assert list(data.tables) == ["Rapportdata"]
    assert data.tables["Rapportdata"].ref.startswith("A1:G")
    assert [c.value for c in data[1]] == ["insats", "period", "fält", "kön", "värde", "källfil",
                                          "sha256"]


def test_oversikt_charts_and_print_setup(built):
    sc, exp, path, _ = built["main"]
    n = len(sc.plan.insatser)
    with zipfile.ZipFile(path) as z:
        charts = sorted(x for x in z.namelist() if x.startswith("xl/charts/chart"))
        assert charts == ["xl/charts/chart1.xml", "xl/charts/chart2.xml"]
        volume, trend = (z.read(c).decode() for c in charts)
        sheet1 = z.read("xl/worksheets/sheet1.xml").decode()
        wbxml = z.read("xl/workbook.xml").decode()
    ws = openpyxl.load_workbook(path, data_only=True)["Översikt"]
    # the volume chart plots its own keyed table under the printed page: every insats with a
    # volume (all 13 here), achieved against expected share
    first = find_row(ws, M.WB_OV_CHART_DATA) + 2
    assert [ws.cell(r, 2).value for r in range(first, first + n)] == [
        i.namn for i in sc.plan.insatser]
    assert ws.cell(first + n, 2).value is None
    for col in "BCD":
        assert f"'Översikt'!${col}${first}:${col}${first + n - 1}" in volume
    assert "<c:barChart>" in volume and "Uppnådd andel av budgeterad volym" in volume
    # the trend: Månadsdata's rows under its participant block, January to P (September =
    # column L); the categories are the block's month labels (an asterisk for a missing report)
    assert "<c:lineChart>" in trend and "Deltagare per månad" in trend
    md = openpyxl.load_workbook(path, data_only=True)["Månadsdata"]
    labels = find_row(md, "Månad i diagrammet (* = rapport saknas)", col=2)
    enrolled = find_row(md, "Inskrivna vid månadens slut, alla deltagarinsatser", col=2)
    new = find_row(md, "Nya under månaden, alla deltagarinsatser", col=2)
    assert f"'Månadsdata'!$D${labels}:$L${labels}" in trend
    for r in (enrolled, new):
        assert f"<c:val><c:numRef><c:f>'Månadsdata'!$D${r}:$L${r}</c:f>" in trend
    assert [md.cell(labels, c).value for c in range(4, 13)] == [
        "jan", "feb", "mar", "apr*", "maj*", "jun", "jul", "aug", "sep*"]  # reports missing
    assert [exp["trend"][m][3] for m in range(1, 10)] == [md.cell(labels, c).value
                                                          for c in range(4, 13)]
    # landscape A4, fit to one page (fitToWidth/fitToHeight default to 1), print area above
    # the chart data
    assert '<pageSetup paperSize="9" orientation="landscape"/>' in sheet1
    assert '<pageSetUpPr fitToPage="1"/>' in sheet1
    assert "<oddFooter>&amp;LSamordningsförbundet Västra Östergötland&amp;CPeriod 2025-09" \
        "&amp;RSida &amp;P av &amp;N</oddFooter>" in sheet1
    assert '<pane xSplit="2" ySplit="4"' in sheet1
    assert f'<autoFilter ref="A4:O{4 + n}"/>' in sheet1
    assert '_xlnm.Print_Titles" localSheetId="0">Översikt!$4:$4<' in wbxml
    # (the chart data's title is two rows under the printed page, its rows two more)
    assert f'_xlnm.Print_Area" localSheetId="0">Översikt!$A$1:$O${first - 4}<' in wbxml
    # Data is left out of printing: its print area is one empty cell beside the table
    assert '_xlnm.Print_Area" localSheetId="9">Data!$I$1<' in wbxml


def test_volume_chart_left_out_without_volumes(tmp_path):
    """Västra Skaraborg's plan gives no volume: no volume columns, no volume chart, only the
    trend; Södra Vänern's gives one (ÅKA): its chart has that one insats."""
    from finsam_xl.plan import load_example

    for name, volumes in (("vastra-skaraborg-2019", 0), ("sodra-vanern-2022", 1)):
        plan = load_example(name)
        sc = truth.scenario(plan, f"{plan.ar}-02", seed=3)
        path = write_workbook(sc.result, tmp_path / name)
        with zipfile.ZipFile(path) as z:
            charts = [z.read(x).decode() for x in sorted(z.namelist())
                      if x.startswith("xl/charts/chart")]
        assert [("<c:barChart>" in c, "<c:lineChart>" in c) for c in charts] == (
            [(False, True)] if volumes == 0 else [(True, False), (False, True)])
        ws = openpyxl.load_workbook(path, data_only=True)["Översikt"]
        head = list(headers(ws, HEADER_ROW))
        volume_cols = {"Budgeterad volym", "Uppnådd andel", "Förväntad andel", "Status"}
        assert volume_cols <= set(head) if volumes else not volume_cols & set(head)
        if volumes:
            first = find_row(ws, M.WB_OV_CHART_DATA) + 2
            assert ws.cell(first, 2).value == "ÅKA arbetsrehabteam i Vänersborg"
            assert ws.cell(first + 1, 2).value is None


def test_data_sheet_holds_every_counted_value(built):
    from finsam_xl import contract

    sc, exp, path, _ = built["main"]
    ws = openpyxl.load_workbook(path, data_only=True)["Data"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    n = sum(len(contract.count_names(sc.plan.insats(i))) for (i, m) in sc.used)
    assert len(rows) == n
    total = sum(r[4] for r in rows)
    assert total == sum(sum(v.values()) for v in sc.used.values())
    feb = datetime(2025, 2, 1)  # the period: the first of the month, a date
    assert ("isa", feb, "Nya", "Kvinnor", sc.used[("isa", 2)]["fx_nya_kvinnor"],
            "2025-02_isa.xlsx") == rows[[r[:4] for r in rows].index(
                ("isa", feb, "Nya", "Kvinnor"))][:6]
    assert sorted((r[0], f"{r[1]:%Y-%m}", r[2], r[3], r[4]) for r in rows) == sorted(
        truth.data_rows(sc))


@pytest.mark.libreoffice
def test_comment_starting_with_equals_is_text(built, recalculated):
    for path in (built["edge"][2], recalculated["edge"]):
        ws = openpyxl.load_workbook(path)["Kommentarer"]
        hits = [c for row in ws.iter_rows() for c in row if c.value == truth.EDGE_COMMENT]
        assert len(hits) == 1
        assert hits[0].data_type == "s"
    # in the written file: a string cell with the quote prefix, no <f> element
    ws = openpyxl.load_workbook(built["edge"][2])["Kommentarer"]
    hit = [c for row in ws.iter_rows() for c in row if c.value == truth.EDGE_COMMENT][0]
    assert hit.quotePrefix is True
    with zipfile.ZipFile(built["edge"][2]) as z:
        names = z.namelist()
        assert "xl/sharedStrings.xml" in names
        assert "<f>1+2</f>" not in "".join(z.read(n).decode("utf-8", "replace")
                                           for n in names if n.startswith("xl/worksheets/"))
    main = openpyxl.load_workbook(built["main"][2])["Kommentarer"]
    link = [c for row in main.iter_rows() for c in row
            if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert len(link) == 1 and link[0].data_type == "s" and link[0].quotePrefix is True


def test_avvikelser_lists_the_rejected_file(built):
    sc, exp, path, _ = built["main"]
    rows = table(openpyxl.load_workbook(path, data_only=True)["Avvikelser"], keys=("Fil",))
    assert rows == {"2025-05_forsteg-motala_fel.xlsx": {
        "Beskrivning": "Utfallen summerar inte till avslutade", "Allvarlighet": "Fel",
        "Fil": "2025-05_forsteg-motala_fel.xlsx", "Status": "Underkänd",
        "Fält": "Avslutade under månaden, kvinnor", "Cell": "Rapport!C12",
        "Värde": "3", "Förväntat": "5",
        "Meddelande": "Utfallen för kvinnor summerar inte till antalet avslutade.",
        "Kod": "outcomes-mismatch"}}


def test_every_finding_code_has_a_swedish_description():
    """Avvikelser leads with a Swedish description of each finding: one for every code of a
    submission (the registry, findings.py; the plan's codes never reach the workbook)."""
    from finsam_xl import findings

    described = {c for c, e in findings.CODES.items() if e.label}
    assert described == {c for c, e in findings.CODES.items() if e.stage != findings.PLAN}
    assert all(e.label[0].isupper() for e in findings.CODES.values() if e.label)
    assert findings.label("late") == "Sen rapport"
    assert findings.label("no-such-code") == "no-such-code"


def test_om_rapporten(built):
    sc, exp, path, _ = built["main"]
    ws = openpyxl.load_workbook(path, data_only=True)["Om rapporten"]
    kv = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    from finsam_xl import __version__

    assert kv["Förbund"] == "Samordningsförbundet Västra Östergötland"
    assert kv["Planår"] == 2025 and kv["Period"] == "2025-09"
    assert kv["Skriven"] == "2025-10-05 10:30"  # 08:30 UTC in Swedish summer time
    assert kv["finsam-xl version"] == __version__
    n_used = len(sc.result.used)  # every accepted submission, incl. the one after P
    assert kv["Filer i inkorgen"] == n_used + 1
    assert kv["Godkända filer"] == n_used
    assert kv["Underkända filer"] == 1
    assert kv["Rapporter som räknas (januari till och med perioden)"] == len(sc.used)
    assert kv["Varav sena rapporter"] == 1
    assert "Så räknas måtten" in kv


def test_deterministic_and_created_date(built, tmp_path):
    sc, exp, path, _ = built["main"]
    again = write_workbook(sc.result, tmp_path / "again")
    assert again.read_bytes() == path.read_bytes()
    with zipfile.ZipFile(path) as z:
        core = z.read("docProps/core.xml").decode()
    assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2025-10-05T08:30:00Z" in core


# ----------------------------------------------------------------------------- files


def test_rewrite_moves_previous_file_to_tidigare(tmp_path):
    sc = truth.edge_scenario()
    outbox = tmp_path / "outbox"
    first = write_workbook(sc.result, outbox)
    assert first == outbox / "uppfoljning-2025-09.xlsx"
    old = first.read_bytes()
    os.utime(first, (1_760_000_000, 1_760_000_000))  # 2025-10-09T08:53:20Z
    sc2 = truth.main_scenario()
    second = write_workbook(sc2.result, outbox)
    assert second == first
    kept = sorted((outbox / "tidigare").iterdir())
    assert [p.name for p in kept] == ["uppfoljning-2025-09-20251009T085320Z.xlsx"]
    assert kept[0].read_bytes() == old
    assert second.read_bytes() != old
    assert sorted(p.name for p in outbox.iterdir() if not p.name.startswith(".")) == [
        "aterkoppling", "sammanfattning-2025-09.json", "tidigare", "uppfoljning-2025-09.xlsx"]
    assert second.stat().st_mode & 0o044 == 0o044  # readable by others, not a 0600 temp file


def test_crash_leaves_previous_file_and_no_temp(tmp_path, monkeypatch):
    sc = truth.edge_scenario()
    outbox = tmp_path / "outbox"
    first = write_workbook(sc.result, outbox)
    old = first.read_bytes()
    from finsam_xl.wb import om

    def boom(book):
        raise RuntimeError("crash while writing")

    monkeypatch.setattr(om, "write", boom)
    with pytest.raises(RuntimeError):
        write_workbook(sc.result, outbox)
    assert first.read_bytes() == old
    assert sorted(p.name for p in outbox.iterdir() if not p.name.startswith(".")) == [
        "sammanfattning-2025-09.json", "uppfoljning-2025-09.xlsx"]


def test_unwritable_target_is_a_swedish_error(tmp_path, monkeypatch):
    sc = truth.edge_scenario()

    def denied(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(FinsamError) as err:
        write_workbook(sc.result, tmp_path / "outbox")
    assert str(err.value).startswith(f"Kunde inte skriva {tmp_path / 'outbox'}")
    assert str(err.value).endswith("Inget i utkorgen har ändrats.")
    assert list((tmp_path / "outbox").iterdir()) == []


# ----------------------------------------------------------------------------- printing


def _pgm_dark_fraction(path: Path) -> float:
    data = path.read_bytes()
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P5"
    w, h, pixels = int(parts[1]), int(parts[2]), parts[4]
    assert len(pixels) == w * h
    return sum(1 for b in pixels if b < 200) / (w * h)


@pytest.mark.libreoffice
def test_oversikt_prints_on_one_landscape_page(built, tmp_path_factory):
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None and os.environ.get("CI"):
        pytest.fail("pdftoppm saknas men CI är satt: installera poppler-utils")
    out = tmp_path_factory.mktemp("pdf")
    pdf = lo.convert(built["main"][3], out, "pdf")
    if pdftoppm is None:
        pytest.skip("pdftoppm is not installed")
    subprocess.run([pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                    str(out / "oversikt")], check=True)
    subprocess.run([pdftoppm, "-gray", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                    str(out / "oversikt")], check=True)
    png = next(out.glob("oversikt*.png"))
    pgm = next(out.glob("oversikt*.pgm"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = (int(x) for x in pgm.read_bytes().split(maxsplit=4)[1:3])
    assert w > h  # landscape
    dark = _pgm_dark_fraction(pgm)
    assert 0.02 < dark < 0.5, dark  # text, table and chart; not blank, not a black box
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"],
                          capture_output=True, text=True).stdout
    sc = built["main"][0]
    assert "Uppföljning Samordningsförbundet Västra Östergötland 2025" in text
    for ins in sc.plan.insatser:  # the whole table is on page 1
        assert ins.namn in text, ins.namn
    assert "Summa struktur, deltagare" in text
    assert "Sida 1 av" in text and "Period 2025-09" in text
    page2 = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"],
                           capture_output=True, text=True).stdout
    assert page2.startswith("Ändringar")  # Översikt took exactly one page
