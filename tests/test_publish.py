"""The copy for publishing (`collect --publicera`, issue 18): `outbox/uppfoljning-<P>-
publicerad.xlsx` with no file name, comment or personnummer anywhere in its bytes, no
Avvikelser, Data, Ändringar or Kommentarer; every count of 1–4 written as "1–4"; shares with
a denominator under 5 (or that would give a count of 1–4 back) left out, with a note; status
in words; no merged cells; a title in A1 of every sheet. Expected values come from
truth.py, masked here."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from finsam_xl.cli import cli
from finsam_xl.wb import publish
from support import truth
from support.wbread import check, table

SMALL = "1–4"
PLAN_HEADERS = {"Nr", "Budgeterad volym", "Budgeterade deltagare", "Målvärde", "Insatser",
                "Mål nr", "Rapporter"}
HEADER_FILL = "FFD9E1F2"


def masked(v):
    return SMALL if isinstance(v, int) and 1 <= v <= 4 else v


def share(num, den, rest=True):
    if den is None or den < 5 or 1 <= num <= 4 or (rest and 1 <= den - num <= 4):
        return None
    return num / den


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo's inbox, collected with --publicera."""
    base = tmp_path_factory.mktemp("publish")
    cwd = os.getcwd()
    os.chdir(base)
    try:
        runner = CliRunner()
        assert runner.invoke(cli, ["demo"], prog_name="finsam-xl").exit_code == 0
        res = runner.invoke(cli, ["collect", "--publicera"], prog_name="finsam-xl")
    finally:
        os.chdir(cwd)
    assert res.exit_code == 0, res.output
    return base, res.output


@pytest.fixture(scope="module")
def main(tmp_path_factory):
    sc = truth.main_scenario()
    path = publish.build_file(sc.result, tmp_path_factory.mktemp("main") / "pub.xlsx")
    return sc, truth.expected(sc), openpyxl.load_workbook(path, data_only=True), path


def parts(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return b"".join(z.read(n) for n in z.namelist())


def test_written_beside_the_workbook_and_said(demo):
    base, output = demo
    assert (base / "outbox" / "uppfoljning-2025-03-publicerad.xlsx").is_file()
    assert "Kopia för publicering: outbox/uppfoljning-2025-03-publicerad.xlsx" in output


def test_no_file_name_comment_or_personnummer_in_its_bytes(demo):
    base, _ = demo
    data = parts(base / "outbox" / "uppfoljning-2025-03-publicerad.xlsx")
    inbox = base / "inbox"
    names = [p.relative_to(inbox).as_posix() for p in inbox.rglob("*.xlsx")]
    assert len(names) > 30
    for name in names:
        for text in (name, Path(name).stem):
            assert text.encode() not in data, text
    for text in ("Ring", "om detta", "Samordnare", "19811218", "811218", "9876",
                 "ÅÅMMDD-XXXX", ".xlsx", "sha256", "källfil"):
        assert text.encode() not in data, text
    # the workbook beside it has them (so the test would see them)
    full = parts(base / "outbox" / "uppfoljning-2025-03.xlsx")
    assert b"2025-02_isa.xlsx" in full and "ÅÅMMDD-XXXX".encode() in full


def test_sheets_titles_and_no_merged_cells(demo):
    base, _ = demo
    path = base / "outbox" / "uppfoljning-2025-03-publicerad.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Översikt", "Månadsdata", "Deltagarflöde", "Utfall",
                             "Uppföljning Finsam", "Inlämningar", "Om rapporten"]
    for ws in wb.worksheets:
        assert isinstance(ws["A1"].value, str) and ws["A1"].font.b, ws.title
        assert not ws.merged_cells.ranges, ws.title
    assert b"<mergeCell" not in parts(path) and b"<f>" not in parts(path)  # values only


def test_a_later_run_without_the_flag_removes_the_old_copy(demo, tmp_path):
    import shutil

    base, _ = demo
    work = tmp_path / "kopia"
    shutil.copytree(base, work)
    cwd = os.getcwd()
    os.chdir(work)
    try:
        res = CliRunner().invoke(cli, ["collect"], prog_name="finsam-xl")
    finally:
        os.chdir(cwd)
    assert res.exit_code == 0
    assert "Kopia för publicering" not in res.output
    assert not (work / "outbox" / "uppfoljning-2025-03-publicerad.xlsx").exists()
    assert (work / "outbox" / "uppfoljning-2025-03.xlsx").exists()


def test_every_count_of_one_to_four_is_written_so(main):
    """No number 1-4 anywhere but in a plan figure's column; Översikt's and Uppföljning
    Finsam's counts equal truth's, masked."""
    sc, exp, wb, _ = main
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, int) and 1 <= c.value <= 4 and "%" not in c.number_format:
                    assert _header(ws, c) in PLAN_HEADERS, (ws.title, c.coordinate, _header(ws, c))
    ov = table(wb["Översikt"], header_row=_header_row(wb["Översikt"]))
    for ins in sc.plan.insatser:
        want = exp["oversikt"][ins.namn]
        check(ov[ins.namn], {k: masked(want[k]) for k in ("Hittills i år", "Nya i år",
                                                           "Avslutade i år", "Inskrivna nu")},
              ins.namn)
    fi = table(wb["Uppföljning Finsam"], header_row=_header_row(wb["Uppföljning Finsam"]))
    for key, want in exp["finsam"].items():
        check(fi[key], {k: masked(v) for k, v in want.items()
                        if k != "Budgeterade deltagare"}, key)
    cells = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert cells.count(SMALL) > 50  # the scenario has many small counts


def test_shares_with_small_figures_are_left_out(main):
    sc, exp, wb, _ = main
    ov = table(wb["Översikt"], header_row=_header_row(wb["Översikt"]))
    left_out = 0
    for ins in sc.plan.insatser:
        want = exp["oversikt"][ins.namn]
        if truth.is_flow(ins):
            ytd = exp["flows"][ins.namn]["ytd"]
            women = share(ytd["kvinnor"], ytd["kvinnor"] + ytd["man"])
            check(ov[ins.namn], {truth.WOMEN: women}, ins.namn)
            left_out += women is None
        budget = ins.budgeterad_volym
        check(ov[ins.namn], {"Uppnådd andel": share(want["Hittills i år"], budget, rest=False)},
              ins.namn)
    status = {r["Status"] for r in ov.values()} - {None}
    assert status <= {"I fas med planen", "Något efter planen", "Efter planen"} and status
    assert wb["Översikt"]["A3"].value.startswith("Kopia för publicering. Så att ingen enskild")


def _header_row(ws) -> int:
    """The first row whose first cell is a header ("Nr")."""
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Nr")


def _header(ws, cell) -> str | None:
    """The header of `cell`'s table column: the nearest header cell above it."""
    for r in range(cell.row - 1, 0, -1):
        above = ws.cell(r, cell.column)
        if above.fill is not None and above.fill.fgColor.rgb == HEADER_FILL:
            return above.value
    return None
