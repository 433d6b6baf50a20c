"""Spreadsheet engines for tests besides LibreOffice (support/lo.py): Gnumeric's `ssconvert
--recalc` (Debian `gnumeric`), and the comparison of every formula cell's cached value with
what an engine computed when it recalculated the file.

A test that runs ssconvert carries the `libreoffice` marker (the marker of every test that
needs an external spreadsheet program, so `-m "not libreoffice"` stays the fast loop), and
fails, never skips, when CI is set and ssconvert is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

import pytest

from . import lo

ERROR_VALUES = ("#DIV/0!", "#VALUE!", "#NAME?", "#REF!", "#N/A", "#NUM!", "#NULL!", "Err:")


def require_ssconvert() -> str:
    """The ssconvert binary; fails (never skips) when CI is set and Gnumeric is missing, and
    fails a test that lacks the `libreoffice` marker."""
    if lo.CURRENT is not None and lo.CURRENT.get_closest_marker("libreoffice") is None:
        pytest.fail(f"{lo.CURRENT.nodeid} starts Gnumeric: mark it @pytest.mark.libreoffice")
    path = shutil.which("ssconvert")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Gnumeric (ssconvert) saknas men CI är satt: installera gnumeric")
        pytest.skip("Gnumeric (ssconvert) is not installed")
    return path


def gnumeric(src: Path, outdir: Path, timeout: int = 300) -> Path:
    """`src` opened, recalculated (`--recalc`) and saved as .xlsx by Gnumeric, in `outdir`,
    with HOME pointed at a temporary folder (no user settings)."""
    ssconvert = require_ssconvert()
    outdir.mkdir(parents=True, exist_ok=True)
    out = outdir / (Path(src).stem + ".xlsx")
    with tempfile.TemporaryDirectory(prefix="gnumeric-home-") as home:
        proc = subprocess.run([ssconvert, "--recalc", "--export-type=Gnumeric_Excel:xlsx2",
                               str(src), str(out)], env=dict(os.environ, HOME=home),
                              capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"Gnumeric failed ({proc.returncode}): {proc.stdout} {proc.stderr}")
    return out


def _same(cached, got) -> bool:
    if cached in (None, "") and got in (None, ""):
        return True
    if isinstance(cached, bool) or isinstance(got, bool):
        return cached == got
    if isinstance(cached, (int, float)) and isinstance(got, (int, float)):
        return abs(cached - got) <= 1e-12 * max(1.0, abs(cached))
    return cached == got


def formula_cells(path: Path) -> dict[tuple[str, str], str]:
    """{(sheet, cell): formula} of every formula cell of the workbook at `path`."""
    import openpyxl

    out = {}
    for ws in openpyxl.load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    out[(ws.title, c.coordinate)] = c.value
    return out


def differences(original: Path, recalculated: Path) -> list[tuple]:
    """(sheet, cell, cached value, recalculated value, formula) for every formula cell of
    `original` whose cached value differs from `recalculated`'s value of the same cell, and
    every error value anywhere in `recalculated`. Empty text and an empty cell are the same;
    numbers agree to 1e-12 relative."""
    import openpyxl

    formulas = formula_cells(original)
    cached = openpyxl.load_workbook(original, data_only=True)
    with warnings.catch_warnings():  # Gnumeric writes no default cell style
        warnings.simplefilter("ignore", UserWarning)
        got = openpyxl.load_workbook(recalculated, data_only=True)
    out = []
    for (sheet, ref), formula in formulas.items():
        a, b = cached[sheet][ref].value, got[sheet][ref].value
        if not _same(a, b):
            out.append((sheet, ref, a, b, formula))
    for ws in got.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith(ERROR_VALUES):
                    out.append((ws.title, c.coordinate, None, c.value, "error value"))
    return out
