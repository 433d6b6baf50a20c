"""Sorting any sheet never moves a number to another insats: LibreOffice,
driven through its UNO API (Debian's python3-uno, run by the system /usr/bin/python3 in
tests/support/uno_sort.py), sorts every sheet's AutoFilter range and the Data table by each of their
first three columns, descending and ascending, recalculates, and every sheet's rows are
the same as a multiset as before (or the sort was refused by sheet protection).

A control workbook with one formula that finds its row by position proves that the helper
does see a number move."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import xlsxwriter

from finsam_xl.model import Finding
from finsam_xl.plan import load_example
from support import lo, truth
from support.runs import write_workbook

HELPER = Path(__file__).parent / "support" / "uno_sort.py"
SYSTEM_PYTHON = lo.SYSTEM_PYTHON
TARGETS = {("Översikt", "AutoFilter"), ("Ändringar", "AutoFilter"), ("Månadsdata", "AutoFilter"),
           ("Deltagarflöde", "AutoFilter"), ("Utfall", "AutoFilter"),
           ("Uppföljning Finsam", "AutoFilter"), ("Inlämningar", "AutoFilter"),
           ("Kommentarer", "AutoFilter"), ("Avvikelser", "AutoFilter"), ("Data", "Rapportdata")}


def warnings_for(plan, n: int) -> list[Finding]:
    """Findings of `n` files, so that Avvikelser has rows to sort."""
    return [Finding(code="late", severity="warning", file=f"{plan.ar}-0{k + 1}_sen-{k}.xlsx",
                    message=f"Filen sparades {k + 1} dagar efter fristen.", field="Period",
                    cell="Rapport!C5", value=f"{plan.ar}-0{k + 2}-1{k}", expected="den 10:e")
            for k in range(n)]


def control_workbook(path: Path) -> Path:
    """Sheet A: a sortable table of three rows; sheet B: a formula that takes A's second
    row by position (what the follow-up workbook must never do)."""
    wb = xlsxwriter.Workbook(str(path))
    a, b = wb.add_worksheet("A"), wb.add_worksheet("B")
    a.write_row(0, 0, ["nyckel", "värde"])
    for r, (key, value) in enumerate((("x", 1), ("y", 2), ("z", 3)), start=1):
        a.write_row(r, 0, [key, value])
    a.autofilter(0, 0, 3, 1)
    b.write_formula(0, 0, "=A!B2", None, 1)
    wb.close()
    return path


@pytest.fixture(scope="module")
def sorted_books(tmp_path_factory):
    lo.require_soffice()
    lo.require_uno()
    base = tmp_path_factory.mktemp("sorting")
    books = {}
    vo = truth.goals_added(load_example())
    sv = load_example("sodra-vanern-2022")
    comments = {"vastra-ostergotland": {("isa", 2): "Två nya i februari.",
                                        ("sip", 3): "Ett möte flyttades.",
                                        ("forsteg-motala", 1): "Bra start."},
                "sodra-vanern": {("friska-vindar", 1): "Lugn månad.",
                                 ("rehabvagledare-grastorp", 2): "Ny handläggare."}}
    for name, sc, earlier in (
            ("vastra-ostergotland", truth.scenario(
                vo, "2025-09", seed=2025, missing={("isa", 9), ("sip", 6)},
                rejected={("forsteg-motala", 5)}, late={("digitaliseringscenter", 3)},
                findings=warnings_for(vo, 3), comments=comments["vastra-ostergotland"]),
             truth.scenario(vo, "2025-08", seed=2024)),
            ("sodra-vanern", truth.scenario(
                sv, "2022-06", seed=5, missing={("rehabvagledare-grastorp", 3)},
                rejected={("friska-vindar", 2)}, findings=warnings_for(sv, 2),
                comments=comments["sodra-vanern"]),
             truth.scenario(sv, "2022-05", seed=4))):
        # the workbook of an earlier month, of other numbers: Ändringar has rows to sort
        write_workbook(earlier.result, base / name)
        books[name] = write_workbook(sc.result, base / name)
    books["control"] = control_workbook(base / "control.xlsx")
    proc = subprocess.run([SYSTEM_PYTHON, str(HELPER)] + [str(p) for p in books.values()],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = json.loads(proc.stdout)
    return {name: out[str(path)] for name, path in books.items()}


@pytest.mark.parametrize("name", ["vastra-ostergotland", "sodra-vanern"])
@pytest.mark.libreoffice
def test_sorting_moves_no_number(sorted_books, name):
    result = sorted_books[name]
    sorts = result["sorts"]
    assert {(s["sheet"], s["range"]) for s in sorts} == TARGETS
    for target in TARGETS:
        mine = [s for s in sorts if (s["sheet"], s["range"]) == target]
        # the first three columns, descending then ascending, each sort really applied
        assert [(s["column"], s["ascending"]) for s in mine] == [
            (c, asc) for c in range(3) for asc in (False, True)], target
        assert not any(s["refused"] for s in mine), target
        assert any(s["moved"] for s in mine), f"{target}: no sort changed the row order"
    broken = [(s["sheet"], s["column"], s["ascending"], s["changed"]) for s in sorts
              if s["changed"]]
    assert broken == []


@pytest.mark.libreoffice
def test_the_helper_sees_a_number_move(sorted_books):
    """Sorting A by its value column, descending, moves z to row 2: B's positional
    reference now shows 3 instead of 1, and the helper reports sheet B changed."""
    sorts = sorted_books["control"]["sorts"]
    first = sorts[0]
    assert (first["sheet"], first["range"], first["column"], first["ascending"]) == (
        "A", "AutoFilter", 0, False)
    assert first["moved"] and first["changed"] == {"B": {"missing": [[1.0]], "extra": [[3.0]]}}

