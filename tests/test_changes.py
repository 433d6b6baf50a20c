"""Ändringar (issue 18): what changed since the board's last report. Real collect runs: the
March workbook is written, then a corrected February report for ISA arrives (a newer file
for the same month, three values other than before) with the April reports, and the April
workbook lists exactly those three values, then and now, with the file that changed them;
Översikt's third row counts them. One sentence when nothing changed, when there is no
earlier workbook, or when it cannot be read; the workbook compared with is the outbox's own
of the latest earlier month, never one kept in tidigare/."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner

from finsam_xl.cli import cli
from finsam_xl.wb import changes
from support.files import PLAN, put, utc
from support.wbread import HEADER_ROW, rows_under

INSATSER = ("isa", "sip", "forsteg-vadstena")


def values(insats_id: str, month: int) -> dict:
    """A consistent month (start = the previous month's end)."""
    if insats_id == "sip":
        return {"fx_antal": 3 + month}
    start = {"kvinnor": 4 + month, "man": 3 + month}
    return {"fx_start_kvinnor": start["kvinnor"], "fx_start_man": start["man"],
            "fx_nya_kvinnor": 2, "fx_nya_man": 2, "fx_avslutade_kvinnor": 1,
            "fx_avslutade_man": 1, "fx_utfall_arbete_kvinnor": 1, "fx_utfall_rehab_man": 1}


CORRECTED = dict(values("isa", 2), fx_nya_kvinnor=4, fx_avslutade_man=2, fx_utfall_studier_man=1)


def fill(inbox, months) -> None:
    for m in months:
        for insats_id in INSATSER:
            put(inbox, f"2025-{m:02d}_{insats_id}.xlsx", PLAN.insats(insats_id), f"2025-{m:02d}",
                values(insats_id, m), utc(2025, m + 1, 3, 9))


def collect(tmp_path, period: str) -> openpyxl.Workbook:
    res = CliRunner().invoke(cli, ["collect", "--inbox", str(tmp_path / "inbox"), "--outbox",
                                   str(tmp_path / "outbox"), "--period", period],
                             prog_name="finsam-xl")
    assert res.exit_code == 0, res.output
    return openpyxl.load_workbook(tmp_path / "outbox" / f"uppfoljning-{period}.xlsx",
                                  data_only=True)


def changed(wb) -> list[tuple]:
    ws = wb["Ändringar"]
    return [(r["Insats"], r["Månad"], r["Mått"], r["Kön"], r["Då"], r["Nu"], r["Fil"])
            for r in rows_under(ws, HEADER_ROW, 3)]


def sentence(wb, sheet: str = "Ändringar") -> str:
    return wb[sheet]["B5" if sheet == "Ändringar" else "A3"].value


@pytest.fixture
def march(tmp_path):
    fill(tmp_path / "inbox", (1, 2, 3))
    collect(tmp_path, "2025-03")
    return tmp_path


def test_a_corrected_february_report_lists_exactly_its_values(march):
    put(march / "inbox", "rattelser/2025-02_isa.xlsx", PLAN.insats("isa"), "2025-02",
        CORRECTED, utc(2025, 4, 20, 9))
    fill(march / "inbox", (4,))
    wb = collect(march, "2025-04")
    isa = PLAN.insats("isa").namn
    feb = datetime(2025, 2, 1)
    old = values("isa", 2)
    assert changed(wb) == [
        (isa, feb, "Nya", "Kvinnor", old["fx_nya_kvinnor"], 4, "rattelser/2025-02_isa.xlsx"),
        (isa, feb, "Avslutade", "Män", old["fx_avslutade_man"], 2,
         "rattelser/2025-02_isa.xlsx"),
        (isa, feb, "Utfall: Studier", "Män", 0, 1, "rattelser/2025-02_isa.xlsx")]
    assert sentence(wb, "Översikt") == ("Sedan rapporten för mars 2025 har 3 värden ändrats; "
                                        "se bladet Ändringar.")
    assert wb["Ändringar"]["A3"].value.startswith(
        "Värden för månader till och med mars 2025 som skiljer sig från arbetsboken för mars "
        "2025 (uppfoljning-2025-03.xlsx i utkorgen)")
    # the count on Översikt is a formula over Ändringar's months
    formulas = openpyxl.load_workbook(march / "outbox" / "uppfoljning-2025-04.xlsx")
    assert formulas["Översikt"]["A3"].value.startswith("=IF(COUNT('Ändringar'!$C$5:$C$7)=0,")


def test_nothing_changed_is_one_sentence(march):
    fill(march / "inbox", (4,))
    wb = collect(march, "2025-04")
    assert changed(wb) == []
    assert sentence(wb) == "Inga värden har ändrats sedan rapporten för mars 2025."
    assert sentence(wb, "Översikt") == "Sedan rapporten för mars 2025 har inga värden ändrats."


def test_without_an_earlier_workbook(march):
    wb = openpyxl.load_workbook(march / "outbox" / "uppfoljning-2025-03.xlsx", data_only=True)
    assert changed(wb) == []
    assert sentence(wb) == ("Utkorgen har ingen arbetsbok för en tidigare månad i år, så det "
                            "finns inget att jämföra med.")
    assert wb["Översikt"]["A3"].value is None


def test_the_outbox_workbook_not_one_in_tidigare(march):
    """March is written again after the correction: the March workbook in the outbox holds
    the corrected values (the one it replaced is in tidigare/), so April shows no change."""
    put(march / "inbox", "rattelser/2025-02_isa.xlsx", PLAN.insats("isa"), "2025-02",
        CORRECTED, utc(2025, 4, 20, 9))
    collect(march, "2025-03")
    assert [p.name[:20] for p in (march / "outbox" / "tidigare").iterdir()] == [
        "uppfoljning-2025-03-"]
    fill(march / "inbox", (4,))
    assert changed(collect(march, "2025-04")) == []


def test_the_latest_earlier_month_is_compared(march):
    """With the workbooks of February and March in the outbox, May is compared with March's;
    a copy for publishing, a later month, P itself and another year do not count."""
    collect(march, "2025-02")
    outbox = march / "outbox"
    for name in ("uppfoljning-2024-12.xlsx", "uppfoljning-2025-04-publicerad.xlsx",
                 "uppfoljning-2025-06.xlsx"):
        (outbox / name).write_bytes(b"not read")
    assert changes.earlier_workbook(outbox, "2025-05").period == "2025-03"
    assert changes.earlier_workbook(outbox, "2025-03").period == "2025-02"
    assert changes.earlier_workbook(outbox, "2025-02") is None


def test_an_unreadable_earlier_workbook_is_said_and_the_run_goes_on(march):
    (march / "outbox" / "uppfoljning-2025-03.xlsx").write_bytes(b"PK\x03\x04 trasig")
    fill(march / "inbox", (4,))
    wb = collect(march, "2025-04")
    assert changed(wb) == []
    assert sentence(wb) == ("Arbetsboken uppfoljning-2025-03.xlsx gick inte att läsa (filen "
                            "är skadad eller inte en arbetsbok), så ändringarna sedan dess "
                            "visas inte.")
    assert sentence(wb, "Översikt") == (
        "Arbetsboken för mars 2025 i utkorgen gick inte att läsa, så ändringarna sedan dess "
        "visas inte; se bladet Ändringar.")


def test_an_earlier_workbook_with_periods_as_text(tmp_path):
    """Workbooks written before the period became a date have it as text "2025-02"; the
    values are read all the same, and rows of one key add up."""
    path = tmp_path / "uppfoljning-2025-02.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Data")
    ws.write_row(0, 0, ["insats", "period", "fält", "kön", "värde", "källfil", "sha256"])
    ws.write_row(1, 0, ["isa", "2025-02", "Nya", "Kvinnor", 3, "a.xlsx", "x"])
    ws.write_row(2, 0, ["isa", "2025-02", "Nya", "Kvinnor", 2, "b.xlsx", "y"])
    ws.write_row(3, 0, ["sip", 45658, "Antal", "Alla", 7, "c.xlsx", "z"])
    wb.close()
    got = changes.read(path, "2025-02")
    assert got.error is None
    assert got.values == {("isa", "2025-02", "Nya", "Kvinnor"): 5,
                          ("sip", "2025-01", "Antal", "Alla"): 7}


def _both_ways(path, monkeypatch) -> tuple[dict, dict]:
    fast = changes.read(path, "2025-09").values
    with monkeypatch.context() as m:
        m.setattr(changes, "_cells_fast", lambda data, strings: None)
        streamed = changes.read(path, "2025-09").values
    return fast, streamed


def test_the_fast_and_the_streaming_reader_agree(tmp_path, monkeypatch):
    """The Data table read by a regular expression (our own workbook) and by the streaming
    parser give the same values, those truth.py says the table holds."""
    from support import truth
    from support.runs import write_workbook

    sc = truth.main_scenario()
    fast, streamed = _both_ways(write_workbook(sc.result, tmp_path / "out"), monkeypatch)
    assert fast == streamed == {r[:4]: r[4] for r in truth.data_rows(sc)}
    assert changes._cells_fast(b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr">'
                               b'<is><t>isa</t></is></c></row></sheetData></worksheet>',
                               []) is None  # another shape: the streaming parser reads it


@pytest.mark.libreoffice
def test_a_workbook_saved_by_libreoffice_is_read_alike(tmp_path, monkeypatch):
    from support import lo, truth
    from support.runs import write_workbook

    sc = truth.main_scenario()
    saved = lo.convert(write_workbook(sc.result, tmp_path / "out"), tmp_path / "lo")
    fast, streamed = _both_ways(saved, monkeypatch)
    assert fast == streamed == {r[:4]: r[4] for r in truth.data_rows(sc)}
