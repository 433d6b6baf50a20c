"""Sort a workbook in LibreOffice through its UNO API and report whether any sheet's rows
changed (run by the SYSTEM /usr/bin/python3, which has Debian's python3-uno; the test
`test_sorting.py` starts it with subprocess).

    /usr/bin/python3 tests/uno_sort.py WORKBOOK.xlsx [WORKBOOK.xlsx ...] [--columns 3]

It starts its own headless soffice with a private profile (-env:UserInstallation) and a pipe
accept string, loads the workbook, recalculates it and records every sheet's used area as a
multiset of rows (the baseline). Then, for every sheet's AutoFilter range (LibreOffice's
sheet-local database range) and every named database range (the Data sheet's table), and
for each of the range's first `--columns` columns, descending then ascending: it sorts the
range's body by that column, recalculates, and compares every sheet's rows, as a multiset,
with the baseline. A sort that LibreOffice refuses (sheet protection) is recorded as refused.

Prints one JSON object, {workbook path: {"sorts": [{"sheet", "range", "column",
"ascending", "refused", "moved", "changed": {sheet: {"missing": [...], "extra": [...]}}}],
"sheets": [...]}} (one soffice for all the workbooks).
`moved` tells whether the sort changed the order of the range's rows (a sort that moves
nothing proves nothing). Exit status 0 when it ran, 2 on usage errors, 3 when LibreOffice
could not be started or the file not loaded.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter

import uno  # noqa: F401 - Debian's python3-uno, system interpreter only
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.table import TableSortField

# Sorting must behave as it does for a user: references are not rewritten on sort (the
# default of Tools > Options > Calc > General, and Excel's behaviour).
_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Input">
 <prop oor:name="UpdateReferenceOnSort" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


class Office:
    """A private headless soffice, connected through a named pipe; always shut down."""

    def __init__(self, soffice: str):
        self.home = tempfile.mkdtemp(prefix="uno-sort-")
        profile = os.path.join(self.home, "profile")
        os.makedirs(os.path.join(profile, "user"))
        with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w",
                  encoding="utf-8") as f:
            f.write(_XCU)
        self.pipe = f"finsam_uno_sort_{os.getpid()}"
        self.proc = subprocess.Popen(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--invisible",
             "--norestore", "--nolockcheck", "--nodefault",
             f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext"],
            env=dict(os.environ, HOME=self.home), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        self.desktop = None

    def connect(self, timeout: float = 90.0):
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + timeout
        while True:
            try:
                ctx = resolver.resolve(
                    f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                self.desktop = ctx.ServiceManager.createInstanceWithContext(
                    "com.sun.star.frame.Desktop", ctx)
                return
            except NoConnectException:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise
                time.sleep(0.25)

    def load(self, path: str):
        url = uno.systemPathToFileUrl(os.path.abspath(path))
        for _attempt in range(20):  # a fresh profile may restart soffice once
            try:
                doc = self.desktop.loadComponentFromURL(url, "_blank", 0,
                                                        (prop("Hidden", True),))
                if doc is not None:
                    return doc
            except Exception:  # noqa: BLE001 - the bridge went away during a restart
                pass
            time.sleep(0.5)
            self.connect()
        raise RuntimeError(f"LibreOffice could not load {path}")

    def close(self):
        try:
            if self.desktop is not None:
                self.desktop.terminate()
        except Exception:  # noqa: BLE001 - the process is killed below anyway
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.home, ignore_errors=True)


def norm(value):
    """A cell value as compared: numbers rounded to 12 significant digits (a recalculated
    sum may differ in the last bit when its terms come in another order)."""
    if isinstance(value, float):
        return float(f"{value:.12g}")
    return value


def snapshot(doc) -> dict[str, Counter]:
    out = {}
    for sheet in doc.Sheets:
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        a = cursor.RangeAddress
        rows = sheet.getCellRangeByPosition(0, 0, a.EndColumn, a.EndRow).DataArray
        out[sheet.Name] = Counter(tuple(norm(v) for v in row) for row in rows)
    return out


def targets(doc) -> list[tuple[str, str, object]]:
    """(sheet name, range label, CellRangeAddress of the range with its header row) for every
    sheet's AutoFilter range and every named database range (tables)."""
    out = []
    unnamed = doc.getPropertyValue("UnnamedDatabaseRanges")
    for i, sheet in enumerate(doc.Sheets):
        if unnamed.hasByTable(i):
            r = unnamed.getByTable(i)
            if r.AutoFilter:
                out.append((sheet.Name, "AutoFilter", r.DataArea))
    ranges = doc.DatabaseRanges
    for name in ranges.ElementNames:
        area = ranges.getByName(name).DataArea
        out.append((doc.Sheets.getByIndex(area.Sheet).Name, name, area))
    return out


def body_rows(doc, sheet_name: str, a) -> list[tuple]:
    sheet = doc.Sheets.getByName(sheet_name)
    return list(sheet.getCellRangeByPosition(a.StartColumn, a.StartRow + 1, a.EndColumn,
                                             a.EndRow).DataArray)


def sort_range(doc, sheet_name: str, a, column: int, ascending: bool) -> bool:
    """Sort the range (header row kept) by its `column`; False when LibreOffice refuses."""
    sheet = doc.Sheets.getByName(sheet_name)
    rng = sheet.getCellRangeByPosition(a.StartColumn, a.StartRow, a.EndColumn, a.EndRow)
    field = TableSortField()
    field.Field = column
    field.IsAscending = ascending
    desc = []
    for p in rng.createSortDescriptor():
        if p.Name == "SortFields":
            p.Value = uno.Any("[]com.sun.star.table.TableSortField", (field,))
        elif p.Name == "ContainsHeader":
            p.Value = True
        desc.append(p)
    before = body_rows(doc, sheet_name, a)
    try:
        uno.invoke(rng, "sort", (tuple(desc),))
    except Exception:  # noqa: BLE001 - a protected sheet refuses with an exception
        return False
    if sheet.isProtected() and body_rows(doc, sheet_name, a) == before:
        return False
    return True


def diff(base: Counter, now: Counter) -> dict:
    missing, extra = base - now, now - base
    return {"missing": [list(r) for r in missing.elements()][:5],
            "extra": [list(r) for r in extra.elements()][:5]}


def run(paths: list[str], columns: int, soffice: str) -> dict:
    office = Office(soffice)
    try:
        office.connect()
        return {path: sort_all(office, path, k, columns) for k, path in enumerate(paths)}
    finally:
        office.close()


def sort_all(office: Office, path: str, k: int, columns: int) -> dict:
    """Every sort of one workbook (the `k`-th of the run)."""
    # a private copy: LibreOffice leaves a lock file beside the document it opens
    copy = os.path.join(office.home, f"workbook-{k}" + os.path.splitext(path)[1])
    shutil.copyfile(path, copy)
    doc = office.load(copy)
    doc.calculateAll()
    base = snapshot(doc)
    found = [(s, label, (a.StartColumn, a.StartRow, a.EndColumn, a.EndRow))
             for s, label, a in targets(doc)]
    doc.close(True)
    result = {"sheets": list(base), "sorts": []}
    for sheet_name, label, box in found:
        # each range is sorted in a fresh copy of the workbook, so a break shows where it
        # happens
        doc = office.load(copy)
        a = doc.Sheets.getByName(sheet_name).getCellRangeByPosition(*box).RangeAddress
        for column in range(min(columns, box[2] - box[0] + 1)):
            for ascending in (False, True):
                before = body_rows(doc, sheet_name, a)
                done = sort_range(doc, sheet_name, a, column, ascending)
                moved = done and body_rows(doc, sheet_name, a) != before
                doc.calculateAll()
                now = snapshot(doc)
                changed = {n: diff(base[n], now[n]) for n in base if now[n] != base[n]}
                result["sorts"].append({
                    "sheet": sheet_name, "range": label, "column": column,
                    "ascending": ascending, "refused": not done, "moved": moved,
                    "changed": changed})
        doc.close(True)
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workbooks", nargs="+")
    ap.add_argument("--columns", type=int, default=3)
    ap.add_argument("--soffice", default=shutil.which("soffice") or "soffice")
    args = ap.parse_args(argv)
    try:
        result = run(args.workbooks, args.columns, args.soffice)
    except (NoConnectException, RuntimeError, OSError) as exc:
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}))
        return 3
    json.dump(result, sys.stdout, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
