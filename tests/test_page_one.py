"""Page one nobody misreads (issue 18), point by point, on the written workbook (its cached
values; test_workbook and test_engines compare the same cells after LibreOffice and
Gnumeric recalculate):
- a total says what its achieved share divides ("uppnådd andel: 2 av 15 ...");
- an insats lacking reports says which months; the trend marks those months;
- no status before an insats's first active month ("startar i mars") nor after its last;
- the women's share says whose share it is;
- the goal summary counts every goal ("5 mål: 0 uppfyllda, 2 ej uppfyllda, 3 kan inte
  bedömas än");
- Månadsdata in one block per level and unit, each with its sum."""

from __future__ import annotations

from dataclasses import replace

import openpyxl
import pytest

from finsam_xl.model import Goal
from finsam_xl.plan import load_example
from support import truth, wbcheck
from support.examples import example_scenario
from support.runs import write_workbook
from support.wbread import HEADER_ROW, headers, table

ISA = "Individuellt stöd till arbete (ISA)"


def written(sc, tmp_path, name="out"):
    path = write_workbook(sc.result, tmp_path / name)
    return openpyxl.load_workbook(path, data_only=True), openpyxl.load_workbook(path)


def test_a_total_says_what_it_divides(tmp_path):
    """Södra Vänern: only ÅKA has a volume (15); the individual total's share is ÅKA's
    year to date over 15, and says so, though the year to date column counts them all."""
    sc = example_scenario("sodra-vanern-2022", "2022-09")
    wb, _ = written(sc, tmp_path)
    rows = table(wb["Översikt"])
    aka = rows["ÅKA arbetsrehabteam i Vänersborg"]["Hittills i år"]
    total = rows["Summa individ, deltagare"]
    assert total["Budgeterad volym"] == 15
    assert total["Uppnådd andel"] == pytest.approx(aka / 15, rel=1e-15)
    assert total["Hittills i år"] > aka
    assert total["Anmärkning"] == (f"uppnådd andel: {aka} av 15 (insatserna med budgeterad "
                                   "volym)")


def test_missing_reports_are_named_and_the_trend_marks_them(tmp_path):
    sc = truth.main_scenario()  # ISA lacks September (P), Vadstena April, SIP June
    wb, formulas = written(sc, tmp_path)
    rows = table(wb["Översikt"])
    assert rows[ISA]["Anmärkning"] == "saknar rapport för september; inskrivna avser augusti"
    assert rows["Försteg Vadstena"]["Anmärkning"] == "saknar rapport för april"
    assert rows["Utveckling av SIP"]["Anmärkning"] == "saknar rapport för juni"
    assert rows["Försteg Motala"]["Anmärkning"] == "saknar rapport för maj"  # only rejected
    # a formula over Månadsdata's row (its reported months and missing months) and
    # Deltagarflöde's Senaste mark, so a report typed into Data clears it
    anm = table(formulas["Översikt"])[ISA]["Anmärkning"]
    assert anm.startswith("=MID(IF(INDEX('Månadsdata'!") and "Flode_senaste" in anm
    md = wbcheck.md_blocks(wb["Månadsdata"])[2]
    labels = md["Månad i diagrammet (* = rapport saknas)"]
    assert [labels[m] for m in wbcheck.MONTHS[:9]] == [
        "jan", "feb", "mar", "apr*", "maj*", "jun", "jul", "aug", "sep*"]
    lacking = md["Deltagarinsatser som saknar rapport"]
    assert [lacking[m] for m in wbcheck.MONTHS[:9]] == [0, 0, 0, 1, 1, 0, 0, 0, 1]


@pytest.mark.parametrize("period,insats,note", [
    ("2025-02", "Försteg Ödeshög", "startar i mars"),
    ("2025-11", "Nätverket västra", "aktiv till och med oktober")])
def test_no_status_outside_the_active_months(tmp_path, period, insats, note):
    plan = load_example()
    plan = replace(plan, insatser=tuple(
        replace(i, aktiv_fran="2025-03") if i.id == "forsteg-odeshog" else
        replace(i, aktiv_fran="2025-04", aktiv_till="2025-10") if i.id == "natverket-vastra"
        else i for i in plan.insatser))
    sc = truth.scenario(plan, period, seed=11)
    wb, formulas = written(sc, tmp_path)
    row = table(wb["Översikt"])[insats]
    assert (row["Status"], row["Anmärkning"]) == (None, note)
    assert table(formulas["Översikt"])[insats]["Status"] is None  # no formula either
    assert truth.expected(sc)["oversikt"][insats]["Status"] is None
    others = [r["Status"] for name, r in table(wb["Översikt"]).items()
              if name in {i.namn for i in plan.insatser} and name != insats]
    assert set(others) <= {"Grön", "Gul", "Röd", None} and set(others) - {None}


def test_the_womens_share_says_whose_share_it_is(tmp_path):
    wb, _ = written(truth.main_scenario(), tmp_path)
    head = headers(wb["Översikt"], HEADER_ROW)
    assert "Andel kvinnor av deltagarna i år" in head and "Andel kvinnor" not in head


def test_the_goal_summary_counts_every_goal(tmp_path):
    """ISA with five goals: three outcome goals (nobody has ended: cannot be evaluated) and
    two enrolment goals it misses."""
    plan = load_example()
    goals = tuple(Goal(id=f"utfall-{k}", namn=f"Utfallsmål {k}", galler=("isa",), typ="utfall",
                       kategorier=("arbete",), min_andel=0.5) for k in range(3)) + tuple(
        Goal(id=f"inskrivna-{k}", namn=f"Inskrivna {k}", galler=("isa",), typ="inskrivna",
             min_antal=1000) for k in range(2))
    sc = truth.scenario(replace(plan, mal=plan.mal + goals), "2025-06", seed=3,
                        zero_ended=frozenset({"isa"}))
    wb, formulas = written(sc, tmp_path)
    want = "5 mål: 0 uppfyllda, 2 ej uppfyllda, 3 kan inte bedömas än"
    assert table(wb["Översikt"])[ISA]["Måluppfyllelse"] == want
    assert truth.expected(sc)["oversikt"][ISA]["Måluppfyllelse"] == want
    assert table(formulas["Översikt"])[ISA]["Måluppfyllelse"].startswith("=(COUNTIF('Utfall'!")
    assert truth.goal_summary(["Uppfyllt", "Ej uppfyllt"]) == (
        "2 mål: 1 uppfyllt, 1 ej uppfyllt, 0 kan inte bedömas än")


def test_manadsdata_has_one_block_per_level_and_unit(tmp_path):
    sc = truth.main_scenario()
    wb, _ = written(sc, tmp_path)
    ws = wb["Månadsdata"]
    titles = [ws.cell(r - 1, 1).value for r in range(1, ws.max_row + 1)
              if ws.cell(r, 1).value == "Nr"]
    assert titles == ["Deltagare, individinriktade insatser: nya deltagare per månad",
                      "Möten, individinriktade insatser: möten per månad",
                      "Kontakter, individinriktade insatser: kontakter per månad",
                      "Deltagare, strukturövergripande insatser: deltagare per månad"]
    rows, sums, _trend = wbcheck.md_blocks(ws)
    assert set(sums) == {"Nya under månaden, alla deltagarinsatser", "Summa möten",
                         "Summa kontakter", "Summa deltagare"}
    assert sums["Summa möten"]["Hittills i år"] == rows["Utveckling av SIP"]["Hittills i år"]
    assert sums["Summa deltagare"]["Hittills i år"] == sum(
        rows[n]["Hittills i år"] for n in ("Kompetenshöjande insatser", "Nätverket västra"))
