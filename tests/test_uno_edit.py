"""Data is the workbook's one copy of the values (SPEC section 7, issue 18): a kansli who
corrects a value in the Data table, types a row below it or deletes one, in LibreOffice
(driven through its UNO API by tests/support/uno_edit.py, run by the system /usr/bin/python3
with Debian's python3-uno), sees every sheet follow when it recalculates. After each edit,
every number on every sheet that derives from the data (Översikt with its totals and goals,
Månadsdata's blocks and trend rows, Deltagarflöde, Utfall, Uppföljning Finsam, Inlämningar)
equals truth.expected computed from the edited table (truth.from_data: the test applies the
same edits to its own copy of the rows, it does not read them back from the file).

The edits, cumulative, on the main scenario (P = September):
1. ISA's new women in May +2 (the issue's example: a correction seen by every sheet);
2. a row typed below the table: Försteg Vadstena's new women in April, a month it had no
   report for, so April becomes reported (Anmärkning, Rapport, the trend's marks follow);
3. the row of ISA's ended men in February deleted.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import openpyxl
import pytest

from support import lo, truth, wbcheck
from support.runs import write_workbook
from support.wbread import table

HELPER = Path(__file__).parent / "support" / "uno_edit.py"


def serial(period: str) -> int:
    from datetime import date

    return (date(int(period[:4]), int(period[5:]), 1) - date(1899, 12, 30)).days


def key(row: tuple) -> list:
    return [row[0], serial(row[1]), row[2], row[3]]


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """[(scenario after the edits so far, LibreOffice's recalculated workbook)] per step."""
    lo.require_soffice()
    python = lo.require_uno()
    base = tmp_path_factory.mktemp("uno-edit")
    sc = truth.main_scenario()
    path = write_workbook(sc.result, base / "outbox")
    rows = truth.data_rows(sc)
    may = next(r for r in rows if r[:4] == ("isa", "2025-05", "Nya", "Kvinnor"))
    feb = next(r for r in rows if r[:4] == ("isa", "2025-02", "Avslutade", "Män"))
    added = ("forsteg-vadstena", "2025-04", "Nya", "Kvinnor", 3)
    assert not any(r[:2] == added[:2] for r in rows)  # April was missing
    steps = [{"op": "set", "key": key(may), "value": may[4] + 2},
             {"op": "append", "row": [added[0], serial(added[1]), added[2], added[3], added[4],
                                      "rättat av kansliet", ""]},
             {"op": "delete", "key": key(feb)}]
    after = []
    now = list(rows)
    now[now.index(may)] = may[:4] + (may[4] + 2,)
    after.append(list(now))
    now.append(added)
    after.append(list(now))
    now.remove(feb)
    after.append(list(now))
    (base / "steps.json").write_text(json.dumps(steps), encoding="utf-8")
    proc = subprocess.run([python, str(HELPER), str(path), str(base / "steps"),
                           str(base / "steps.json")], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    done = json.loads(proc.stdout)["steps"]
    assert [d["op"] for d in done] == ["set", "append", "delete"]
    assert done[1]["row"] == len(rows) + 1  # the first row under the table (0-based)
    return [(truth.from_data(sc, data), Path(d["file"]))
            for data, d in zip(after, done, strict=True)]


@pytest.mark.parametrize("step", [0, 1, 2], ids=["edit", "append", "delete"])
@pytest.mark.libreoffice
def test_every_sheet_follows_the_data(edited, step):
    sc, path = edited[step]
    wbcheck.check_all(openpyxl.load_workbook(path, data_only=True), sc, truth.expected(sc))


@pytest.mark.libreoffice
def test_the_edits_are_what_the_test_claims(edited):
    """Spot checks read off the edits, so the comparisons above do cover them."""
    base = truth.main_scenario()
    isa, vadstena = "Individuellt stöd till arbete (ISA)", "Försteg Vadstena"
    before = truth.expected(base)
    (sc1, p1), (sc2, p2), (sc3, p3) = edited
    ov1 = table(openpyxl.load_workbook(p1, data_only=True)["Översikt"])
    assert ov1[isa]["Hittills i år"] == before["oversikt"][isa]["Hittills i år"] + 2
    assert ov1[isa]["Nya i år"] == before["oversikt"][isa]["Nya i år"] + 2
    wb2 = openpyxl.load_workbook(p2, data_only=True)
    assert before["oversikt"][vadstena]["Anmärkning"] == "saknar rapport för april"
    assert table(wb2["Översikt"])[vadstena]["Anmärkning"] is None
    md = wbcheck.md_blocks(wb2["Månadsdata"])[0]
    assert md[vadstena]["apr"] == 3 and md[vadstena]["Rapporter"] == 9
    ov3 = table(openpyxl.load_workbook(p3, data_only=True)["Översikt"])
    assert ov3[isa]["Avslutade i år"] == (before["oversikt"][isa]["Avslutade i år"]
                                          - base.used[("isa", 2)]["fx_avslutade_man"])
