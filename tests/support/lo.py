"""LibreOffice (headless) for tests: re-save a file as a coordinator would, and recalculate a
workbook as a real spreadsheet engine.

LibreOffice does not recalculate an .xlsx on load by default (its OOXMLRecalcMode setting);
every call here runs it with a private user profile in which that setting is "always", and
with HOME pointed at a temporary folder, so runs neither share state nor prompt.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# The test running now (set by conftest.py): a test that starts LibreOffice must carry the
# `libreoffice` marker, so that `pytest -m "not libreoffice"` never starts it.
CURRENT = None


def require_soffice() -> str:
    """The soffice binary; fails (never skips) when CI is set and LibreOffice is missing, and
    fails a test that lacks the `libreoffice` marker."""
    if CURRENT is not None and CURRENT.get_closest_marker("libreoffice") is None:
        pytest.fail(f"{CURRENT.nodeid} starts LibreOffice: mark it @pytest.mark.libreoffice")
    path = soffice_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing but CI is set: install "
                        "libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    return path


def convert_many(srcs: list[Path], outdir: Path, fmt: str = "xlsx",
                 timeout: int = 300) -> dict[str, Path]:
    """Open every file of `srcs` in ONE LibreOffice run (recalculating every formula) and save
    each to `outdir` as `fmt` ('xlsx' re-saves with Calc's own "Excel 2007-365" filter; 'pdf'
    prints, 'ods' saves as OpenDocument with Calc's own "calc8" filter). Returns {source stem:
    converted file}, in the order of `srcs`."""
    soffice = require_soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    target = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "pdf": "pdf:calc_pdf_Export",
              "ods": "ods:calc8"}.get(fmt, fmt)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as home:
        profile = Path(home) / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_XCU, encoding="utf-8")
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", target, "--outdir", str(outdir)]
        cmd += [str(s) for s in srcs]
        proc = subprocess.run(cmd, env=dict(os.environ, HOME=home), capture_output=True,
                              text=True, timeout=timeout)
    out = {Path(s).stem: outdir / (Path(s).stem + "." + fmt) for s in srcs}
    missing = [str(p) for p in out.values() if not p.exists()]
    if proc.returncode != 0 or missing:
        raise RuntimeError(f"LibreOffice failed ({proc.returncode}, missing {missing}): "
                           f"{proc.stdout} {proc.stderr}")
    return out


def convert(src: Path, outdir: Path, fmt: str = "xlsx", timeout: int = 180) -> Path:
    """`convert_many` for one file."""
    return convert_many([src], outdir, fmt, timeout)[Path(src).stem]


SYSTEM_PYTHON = "/usr/bin/python3"  # the interpreter with Debian's python3-uno


def require_uno() -> str:
    """The system interpreter with python3-uno; fails (never skips) when CI is set."""
    import subprocess

    ok = os.path.exists(SYSTEM_PYTHON) and subprocess.run(
        [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0
    if not ok:
        if os.environ.get("CI"):
            pytest.fail("python3-uno saknas (/usr/bin/python3 kan inte importera uno) men CI "
                        "är satt: installera python3-uno")
        pytest.skip("python3-uno is not installed")
    return SYSTEM_PYTHON
