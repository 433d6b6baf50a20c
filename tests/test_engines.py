"""Formulas every engine reads alike (issue 18): every formula cell of the example workbooks
(the demo's and one per example plan, support/examples.py) equals its cached value after
LibreOffice and after Gnumeric (`ssconvert --recalc`) recalculate the file, and neither
shows an error value anywhere. Both tools fail the test, never skip it, under CI when they
are missing (support/lo.py, support/engines.py).

A control workbook proves the comparison sees a difference: a formula written with a wrong
cached value, and one that Gnumeric reads as #REF! (a whole-row INDEX with 0, which this
workbook no longer uses)."""

from __future__ import annotations

import shutil

import pytest
import xlsxwriter

from support import engines, examples, lo

NAMES = ["demo", "vastra-ostergotland-2025", "vastra-ostergotland-2025-edge",
         "vastra-ostergotland-2024", "sodra-vanern-2022", "vastra-skaraborg-2019"]


def control_workbook(path):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Blad")
    for r, v in enumerate((1, 2, 3)):
        ws.write_number(r, 0, v)
    ws.write_formula("B1", "=SUM(A1:A3)", None, 99)  # cached 99, really 6
    ws.write_formula("B2", "=SUM(INDEX(A1:A3,0,1))", None, 6)
    wb.close()
    return path


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """name -> (workbook, LibreOffice's recalculation, Gnumeric's)."""
    lo.require_soffice()
    engines.require_ssconvert()
    base = tmp_path_factory.mktemp("engines")
    books = {name: path for name, (_sc, path) in examples.workbooks(base / "books").items()}
    books["control"] = control_workbook(base / "control.xlsx")
    staged = base / "staged"
    staged.mkdir()
    for name, path in books.items():
        shutil.copyfile(path, staged / f"{name}.xlsx")
    by_lo = lo.convert_many([staged / f"{n}.xlsx" for n in books], base / "lo")
    return {name: (staged / f"{name}.xlsx", by_lo[name],
                   engines.gnumeric(staged / f"{name}.xlsx", base / "gnumeric"))
            for name in books}


@pytest.mark.parametrize("engine", ["libreoffice", "gnumeric"])
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.libreoffice
def test_every_formula_equals_its_cached_value(recalculated, name, engine):
    original, by_lo, by_gnumeric = recalculated[name]
    assert len(engines.formula_cells(original)) > 300
    assert engines.differences(original, by_lo if engine == "libreoffice" else by_gnumeric) == []


@pytest.mark.libreoffice
def test_the_comparison_sees_a_wrong_value_and_an_error(recalculated):
    original, by_lo, by_gnumeric = recalculated["control"]
    assert [d[:4] for d in engines.differences(original, by_lo)] == [("Blad", "B1", 99, 6)]
    assert [d[:4] for d in engines.differences(original, by_gnumeric)] == [
        ("Blad", "B1", 99, 6), ("Blad", "B2", 6, "#REF!"), ("Blad", "B2", None, "#REF!")]
