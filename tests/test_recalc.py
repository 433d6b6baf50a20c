"""Proof that tests/lo.convert really recalculates: formulas written with deliberately wrong
cached values come back with the right ones. The same file checks the LibreOffice semantics
the follow-up workbook relies on (COUNTIF on '–', SUMIFS on Swedish text, IF(den=0,"",...)
giving an empty cell, the rounded status comparison). One LibreOffice run."""

from __future__ import annotations

import openpyxl
import pytest
import xlsxwriter

from support import lo

# (cell, formula, wrong cached value, value after recalculation; None = empty cell)
CASES = [
    ("C1", "=A1+A2", 999, 5),
    ("C2", "=SUM(A1:A3)", 0, 12),
    ("C3", '=IF(A4=0,"",A1/A4)', 0.5, None),
    ("C4", '=IF(A2=0,"",A1/A2)', 0, 2 / 3),
    ("C5", '=COUNTIF(B1:B4,"–")', 0, 2),
    ("C6", '=SUMIFS(A1:A3,B1:B3,"Utfall: arbete")', 0, 3 + 7),
    ("C7", '=IF(ROUND(0.6-0.8*0.75,12)>=0,"Gul","Röd")', "Röd", "Gul"),
    ("C8", '=IF(COUNT(D1:D3)=0,"",MIN(D1:D3))', 0, None),
    ("C9", '=(IF(B4="–",1,0)+IF(B1="x",1,0))&" av 2 mål uppfyllda"', "fel", "1 av 2 mål uppfyllda"),
]


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    d = tmp_path_factory.mktemp("recalc")
    src = d / "wrong.xlsx"
    wb = xlsxwriter.Workbook(str(src), {"strings_to_formulas": False})
    ws = wb.add_worksheet("Blad")
    for i, v in enumerate((2, 3, 7)):
        ws.write_number(i, 0, v)
    ws.write_number(3, 0, 0)
    for i, t in enumerate(("–", "Utfall: arbete", "Utfall: arbete", "–")):
        ws.write_string(i, 1, t)
    for ref, formula, wrong, _ in CASES:
        ws.write_formula(ref, formula, None, wrong)
    wb.close()
    out = lo.convert(src, d / "out", "xlsx")
    return src, out


@pytest.mark.libreoffice
def test_cached_values_are_wrong_before(recalculated):
    src, _ = recalculated
    ws = openpyxl.load_workbook(src, data_only=True)["Blad"]
    for ref, _, wrong, _ in CASES:
        assert ws[ref].value == wrong, ref


@pytest.mark.parametrize("ref,formula,wrong,right", CASES, ids=[c[0] for c in CASES])
@pytest.mark.libreoffice
def test_libreoffice_recalculates(recalculated, ref, formula, wrong, right):
    _, out = recalculated
    ws = openpyxl.load_workbook(out, data_only=True)["Blad"]
    got = ws[ref].value
    if isinstance(right, float):
        assert got == pytest.approx(right, rel=1e-15)
    else:
        assert got == right
    assert got != wrong
