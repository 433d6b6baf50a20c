"""Edit a workbook's Data table in LibreOffice through its UNO API, as a kansli would, and save
what LibreOffice computed after each edit (run by the SYSTEM /usr/bin/python3, which has
Debian's python3-uno; test_uno_edit.py starts it with subprocess).

    /usr/bin/python3 tests/support/uno_edit.py WORKBOOK.xlsx OUTDIR STEPS.json

STEPS.json is a list of edits, applied one after the other to the same document:
  {"op": "set", "key": [insats, period serial, fält, kön], "value": N}  a value changed
  {"op": "append", "row": [insats, period serial, fält, kön, värde, källfil, sha256]}
      a row typed into the first empty row below the table
  {"op": "delete", "key": [insats, period serial, fält, kön]}  the row deleted (Delete Rows)
After each edit the document is recalculated (calculateAll) and stored as OUTDIR/step-<k>.xlsx
with Calc's own "Calc MS Excel 2007 XML" filter (cached values as LibreOffice computed them).
Prints one JSON object: {"steps": [{"op", "row" (0-based row edited), "file"}]}. Exit status
0 when it ran, 3 when LibreOffice could not be started or a key was not found.

It starts its own headless soffice with a private profile, as uno_sort.py does (whose Office
class it uses).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys

import uno  # noqa: F401 - Debian's python3-uno, system interpreter only
from com.sun.star.connection import NoConnectException

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uno_sort import Office, prop  # noqa: E402

DATA = "Data"


def used_rows(sheet) -> list[tuple]:
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    a = cursor.RangeAddress
    return list(sheet.getCellRangeByPosition(0, 0, a.EndColumn, a.EndRow).DataArray)


def find(sheet, key) -> int:
    """The 0-based row whose first four cells are `key` (the period a serial number)."""
    for r, row in enumerate(used_rows(sheet)):
        if r and (row[0], row[1], row[2], row[3]) == (key[0], float(key[1]), key[2], key[3]):
            return r
    raise KeyError(key)


def apply(doc, step) -> int:
    sheet = doc.Sheets.getByName(DATA)
    if step["op"] == "set":
        r = find(sheet, step["key"])
        sheet.getCellByPosition(4, r).setValue(step["value"])
        return r
    if step["op"] == "append":
        r = len(used_rows(sheet))
        for c, value in enumerate(step["row"]):
            cell = sheet.getCellByPosition(c, r)
            if isinstance(value, str):
                cell.setString(value)
            else:
                cell.setValue(value)
        return r
    if step["op"] == "delete":
        r = find(sheet, step["key"])
        sheet.Rows.removeByIndex(r, 1)
        return r
    raise ValueError(step["op"])


def run(path: str, outdir: str, steps: list, soffice: str) -> dict:
    office = Office(soffice)
    try:
        office.connect()
        copy = os.path.join(office.home, "workbook" + os.path.splitext(path)[1])
        shutil.copyfile(path, copy)  # LibreOffice leaves a lock file beside what it opens
        doc = office.load(copy)
        doc.calculateAll()
        done = []
        for k, step in enumerate(steps, start=1):
            row = apply(doc, step)
            doc.calculateAll()
            target = os.path.join(os.path.abspath(outdir), f"step-{k}.xlsx")
            doc.storeToURL(uno.systemPathToFileUrl(target),
                           (prop("FilterName", "Calc MS Excel 2007 XML"),))
            done.append({"op": step["op"], "row": row, "file": target})
        doc.close(True)
        return {"steps": done}
    finally:
        office.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workbook")
    ap.add_argument("outdir")
    ap.add_argument("steps")
    ap.add_argument("--soffice", default=shutil.which("soffice") or "soffice")
    args = ap.parse_args(argv)
    with open(args.steps, encoding="utf-8") as f:
        steps = json.load(f)
    os.makedirs(args.outdir, exist_ok=True)
    try:
        result = run(args.workbook, args.outdir, steps, args.soffice)
    except (NoConnectException, RuntimeError, OSError, KeyError) as exc:
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}))
        return 3
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
