"""Samma period i fjol: with last year's plan given, Översikt shows each insats's year to date
of January to P's month of last year, and the förbund's goals last year's figure, both as
formulas over last year's rows in the Data table. Expected values are computed here from the
numbers written into the reports, independently of the workbook writer, and compared with
the cached values and with what LibreOffice computes."""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest
from click.testing import CliRunner

from finsam_xl.cli import cli
from finsam_xl.plan import load_example, write_plan
from support import lo, truth
from support.files import put, utc
from support.wbread import headline, table

P24 = load_example("vastra-ostergotland-2024")
P25 = load_example("vastra-ostergotland-2025")
NEW = "digitaliseringscenter"  # not in last year's plan here: new this year
# last year's plan without the new insats; this year's with last year's outcome goal too
PLAN24 = dataclasses.replace(P24, insatser=tuple(i for i in P24.insatser if i.id != NEW))
PLAN25 = dataclasses.replace(P25, mal=(P24.mal[0],) + P25.mal)
MONTHS = (1, 2, 3)
SKIPPED = {("isa", 1), ("sip", 2)}  # no report: ISA's first month of 2024 is February
PERIOD = "2025-03"
EPOCH = "1745136000"  # 2025-04-20


def _inbox(box, plan, values, skipped=frozenset()) -> dict:
    written = {}
    for ins in plan.insatser:
        for m in MONTHS:
            if (ins.id, m) in skipped or (ins.id, m) not in values:
                continue
            period = f"{plan.ar}-{m:02d}"
            put(box, f"{period}/{period}_{ins.id}.xlsx", ins, period, values[(ins.id, m)],
                utc(plan.ar, m + 1, 3, 9), plan=plan)
            written[(ins.id, m)] = values[(ins.id, m)]
    return written


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """collect for 2025-03 with both plans over an inbox of January-March of both years:
    (the 2024 values written, the workbook, the terminal output)."""
    base = tmp_path_factory.mktemp("fjol")
    write_plan(PLAN24, base / "plan-2024.xlsx")
    write_plan(PLAN25, base / "plan.xlsx")
    v24 = _inbox(base / "inbox", PLAN24, truth.generate(PLAN24, seed=24), SKIPPED)
    _inbox(base / "inbox", PLAN25, truth.generate(PLAN25, seed=25))
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(base)
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        res = CliRunner().invoke(cli, ["collect", "--period", PERIOD], prog_name="finsam-xl")
    assert res.exit_code == 0, res.output
    return v24, base / "outbox" / f"uppfoljning-{PERIOD}.xlsx", res.output


def expected_ytd(v24: dict, ins) -> int | str:
    """Last year's year to date of January to March: the start of the first month with a
    report plus every new participant, or the sum of the counts; "" without a report."""
    months = [m for m in MONTHS if (ins.id, m) in v24]
    if not months:
        return ""
    if ins.niva == "individ" and ins.enhet == "deltagare":
        first = v24[(ins.id, months[0])]
        return (sum(first.get(f"fx_start_{g}", 0) for g in truth.GENDERS)
                + sum(v24[(ins.id, m)].get(f"fx_nya_{g}", 0) for m in months
                      for g in truth.GENDERS))
    return sum(v24[(ins.id, m)].get("fx_antal", 0) for m in months)


def expected_goals(v24: dict) -> dict[str, object]:
    """Last year's headline figure of each goal: the pooled share over last year's plan's
    insatser it applied to."""
    out = {}
    for goal in PLAN24.mal:
        members = [i for i in PLAN24.insatser if goal.applies_to(i)]
        rows = [v for (i, _m), v in v24.items() if i in {x.id for x in members}]
        if goal.typ == "utfall":
            num = sum(v.get(f"fx_utfall_{c}_{g}", 0) for v in rows for c in goal.kategorier
                      for g in truth.GENDERS)
            den = sum(v.get(f"fx_avslutade_{g}", 0) for v in rows for g in truth.GENDERS)
        else:
            num = sum(v.get("fx_enkat_positiva", 0) for v in rows)
            den = sum(v.get("fx_enkat_svar", 0) for v in rows)
        out[goal.namn] = num / den if den else None
    return out


@pytest.fixture(scope="module")
def books(run):
    _v24, path, _out = run
    return {"cached": openpyxl.load_workbook(path, data_only=True)}


@pytest.fixture(scope="module")
def recalculated(run, tmp_path_factory):
    _v24, path, _out = run
    copy = lo.convert(path, tmp_path_factory.mktemp("fjol-lo"))
    return openpyxl.load_workbook(copy, data_only=True)


def _check_oversikt(wb, v24) -> None:
    rows = table(wb["Översikt"])
    for ins in PLAN25.insatser:
        before = PLAN24.insats(ins.id)
        want = "" if before is None else expected_ytd(v24, before)
        got = rows[ins.namn]["Samma period i fjol"]
        assert (got if got is not None else "") == want, ins.id
    assert rows[PLAN25.insats(NEW).namn]["Samma period i fjol"] in (None, "")


def _check_goals(wb, v24) -> None:
    want = expected_goals(v24)
    got = {g["Mål"]: g["I fjol"] for g in headline(wb["Översikt"])}
    assert set(got) == {g.namn for g in PLAN25.mal}
    for name, share in want.items():
        assert got[name] == pytest.approx(share) if share is not None else got[name] in (None, "")


def test_the_run_uses_both_plans_and_writes_last_years_rows_to_data(run, books):
    v24, _path, output = run
    assert output.splitlines()[0] == (
        "Planer: Samordningsförbundet Västra Östergötland 2024 (plan-2024.xlsx) och "
        "Samordningsförbundet Västra Östergötland 2025 (plan.xlsx).")
    wb = books["cached"]
    assert "Samma period i fjol" in wb.sheetnames
    assert wb.sheetnames.index("Samma period i fjol") == wb.sheetnames.index("Utfall") + 1
    periods = [r[1] for r in wb["Data"].iter_rows(min_row=2, values_only=True) if r[0]]
    last_year = [p for p in periods if p.year == 2024]
    assert {(p.year, p.month) for p in last_year} == {(2024, m) for m in MONTHS}
    names = sum(len(v) for v in v24.values())  # a row per count name of each used report
    assert len(last_year) >= len(v24) and len(last_year) <= names + 60 * len(v24)


def test_same_period_last_year_equals_an_independent_computation(run, books):
    _check_oversikt(books["cached"], run[0])


@pytest.mark.libreoffice
def test_same_period_last_year_after_libreoffice(run, recalculated):
    _check_oversikt(recalculated, run[0])


def test_the_goals_last_year_figure(run, books):
    _check_goals(books["cached"], run[0])


@pytest.mark.libreoffice
def test_the_goals_last_year_figure_after_libreoffice(run, recalculated):
    _check_goals(recalculated, run[0])


def test_this_years_numbers_are_those_without_last_years_plan(run, tmp_path):
    """Last year's rows in Data change none of this year's numbers: Översikt's year to date
    is the same as in a run with this year's plan alone."""
    _v24, path, _out = run
    base = path.parent.parent
    res = CliRunner().invoke(cli, ["collect", "--period", PERIOD, "--inbox",
                                   str(base / "inbox"), "--outbox", str(tmp_path / "ut"),
                                   "--plan", str(base / "plan.xlsx")], prog_name="finsam-xl",
                             env={"SOURCE_DATE_EPOCH": EPOCH})
    assert res.exit_code == 0, res.output
    alone = table(openpyxl.load_workbook(tmp_path / "ut" / path.name,
                                         data_only=True)["Översikt"])
    both = table(openpyxl.load_workbook(path, data_only=True)["Översikt"])
    for ins in PLAN25.insatser:
        assert both[ins.namn]["Hittills i år"] == alone[ins.namn]["Hittills i år"], ins.id
    assert "Samma period i fjol" not in alone[PLAN25.insatser[0].namn]


@pytest.mark.parametrize("engine", ["libreoffice", "gnumeric"])
@pytest.mark.libreoffice
def test_every_formula_of_a_workbook_with_last_year_equals_its_cached_value(run, engine,
                                                                            tmp_path):
    """The year-to-date formulas of last year (a term per month) and the goals' sums over the
    sheet read alike in LibreOffice and Gnumeric."""
    from support import engines

    _v24, path, _out = run
    lo.require_soffice()
    engines.require_ssconvert()
    other = (lo.convert(path, tmp_path / "lo") if engine == "libreoffice"
             else engines.gnumeric(path, tmp_path / "gnumeric"))
    assert len(engines.formula_cells(path)) > 300
    assert engines.differences(path, other) == []
