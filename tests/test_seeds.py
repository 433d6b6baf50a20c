"""The four examples against the seed documents' own figures.

Every expected number here is typed from the seed text (seeds/000-004), never taken from the
TOML files or computed by finsam-xl. The member contributions are checked three ways: from
`plan.bidrag()`, as the cached values the written workbook carries, and after LibreOffice has
recalculated the workbook. All LibreOffice work is one run (module-scoped fixture).
"""

from __future__ import annotations

import re
import zipfile
from fractions import Fraction
from math import floor
from pathlib import Path

import openpyxl
import pytest

from finsam_xl.model import Member, Plan
from finsam_xl.plan import (
    EXAMPLES,
    andel,
    bidrag,
    check_plan_file,
    load_example,
    read_plan,
    write_plan,
)
from support import lo
from support.paths import SEEDS, SHARED_SEEDS

# ----------------------------------------------------------------------------- seed figures

MEMBERS = ("Staten genom FK", "Region Östergötland", "Motala kommun", "Mjölby kommun",
           "Vadstena kommun", "Boxholms kommun", "Ödeshögs kommun")

# Seed 001, Bilaga 2, "Intäkter/tilldelning 2025".
SEED_001_BIDRAG_2025 = dict(zip(MEMBERS, (4322000, 2161000, 1045924, 676393, 179363, 131821,
                                          127499), strict=True))
SEED_001_TOTALT_2025 = 8644000

# Seed 000 (and 002), Bilaga 2, "Intäkter/tilldelning 2023 2024 2025 2026".
SEED_000_BIDRAG = {
    "Staten genom FK": (5441000, 4897000, 4407000, 3950000),
    "Region Östergötland": (2720500, 2448500, 2203500, 1975000),
    "Motala kommun": (1316722, 1185074, 1066494, 955900),
    "Mjölby kommun": (851516, 766380, 689696, 618175),
    "Vadstena kommun": (225802, 203226, 182890, 163925),
    "Boxholms kommun": (165950, 149358, 134414, 120475),
    "Ödeshögs kommun": (160510, 144462, 130006, 116525),
}
SEED_000_YEARS = (2023, 2024, 2025, 2026)
SEED_000_TOTALT = (10882000, 9794000, 8814000, 7900000)

# Seeds 000 and 001, "Befolkningsmängd / Procent" (the same in both).
SEED_ANDEL = {"Motala kommun": 48.4, "Mjölby kommun": 31.3, "Vadstena kommun": 8.3,
              "Boxholms kommun": 6.1, "Ödeshögs kommun": 5.9}
SEED_BEFOLKNING_TOTAL = 90292

# Planerade kostnader.
SEED_000_BUDGET = {
    ("1.0", "Kansli"): (1300000, 1300000, 1300000, 1350000),
    ("2.4.1", "Nätverk"): (4400000, 4250000, 3800000, 3800000),
    ("4.0", "Försteg"): (2800000, 3500000, 2800000, 2800000),
    ("4.2", "Digitaliseringscenter"): (2100000, 1800000, 1400000, None),
    ("6.1", "Fontänhus"): (650000, 600000, 500000, None),
    ("11.1", "Utbildning"): (550000, 125000, 250000, 400000),
    ("11.7", "Utveckling-struktur"): (1082000, 219000, 264000, 350000),
}
SEED_000_BUDGET_TOTALT = (12882000, 11794000, 10314000, 8700000)
SEED_001_BUDGET_TOTALT = 10010000

# Seed 004, FINANSIERING ("Förbundets medlemsbidrag uppgår under 2021 till 9,2 mkr").
SEED_004_MEDLEMSBIDRAG_2021 = {
    "Försäkringskassan": 2300000, "Arbetsförmedlingen": 2300000,
    "Västra Götalandsregionen": 2300000, "Trollhättans Stad": 1150000,
    "Vänersborgs kommun": 759000, "Lilla Edets kommun": 176000, "Grästorps kommun": 115000,
}
SEED_004_SUMMA = 9200000
# Seed 004, "Treårsbudget, preliminär": group subtotals per year and the total (income).
SEED_004_SUBTOTALS = {2022: (7240000, 2400000, 1800000), 2023: (5950000, 1700000, 1800000),
                      2024: (5950000, 1700000, 1800000)}
SEED_004_TOTAL = {2022: 11440000, 2023: 9450000, 2024: 9450000}

# Seed 003, "Insatskostnad" per insats (2019).
SEED_003_KOSTNAD = {"Level Up": 1300000, "Level Upgrade": 750000, "Våld i nära relation": 355000,
                    "KICK OFF": 1000000, "Gemensamma kompetensutvecklingsinsatser (KUR)": 150000,
                    "Stärkt samverkan för kvinnors hälsa": 200000,
                    "Grön prerehabilitering – en framgångsrik metod": 50000,
                    "Prerehabilitering": 700000}

# Budgeterad volym (Bilaga 3 of seeds 001 and 000; seed 004 for ÅKA; seed 003 states none).
VOLUMES = {
    "vastra-ostergotland-2025": {
        "isa": 55, "sip": 50, "forsteg-skanninge-mjolby": 60, "forsteg-vadstena": 25,
        "forsteg-motala": 50, "forsteg-odeshog": 25, "forsteg-boxholm": 20,
        "stod-mot-sysselsattning": 40, "forstegskoordinator": 200, "fontanhus-motala": 100,
        "digitaliseringscenter": 35, "kompetenshojande": 900, "natverket-vastra": 180},
    "vastra-ostergotland-2024": {
        "isa": 50, "sip": 130, "forsteg-skanninge-mjolby": 50, "forsteg-vadstena": 20,
        "forsteg-motala": 50, "forsteg-odeshog": 25, "forsteg-boxholm": 18,
        "stod-mot-sysselsattning": 30, "forstegskoordinator": 150, "fontanhus-motala": 60,
        "digitaliseringscenter": 30, "kompetenshojande": 900, "natverket-vastra": 180},
    "sodra-vanern-2022": {
        "friska-vindar": None, "aka-arbetsrehabteam": 15, "rehabvagledare-lilla-edet": None,
        "rehabvagledare-grastorp": None, "rehabvagledare-oppenvard": None, "all-in": None,
        "samverkan-jamstalldhet": None, "samordning-asf": None, "implementering-all-in": None,
        "samverkan-forbund": None, "kompetensutveckling": None, "uppfoljning-utvardering": None,
        "information-marknadsforing": None},
    "vastra-skaraborg-2019": {
        "level-up": None, "level-upgrade": None, "vald-i-nara-relation": None, "kick-off": None,
        "kur": None, "starkt-samverkan-kvinnors-halsa": None, "gron-prerehabilitering": None,
        "prerehabilitering": None},
}
UNITS_2024 = {"sip": "möten", "forstegskoordinator": "kontakter"}  # the rest: deltagare

# Goals: (id, typ, gäller, kategorier, min_andel, min_antal).
RV = ("rehabvagledare-lilla-edet", "rehabvagledare-grastorp", "rehabvagledare-oppenvard")
GOALS = {
    "vastra-ostergotland-2025": [
        ("kompetens-forvantningar", "enkät", ("kompetenshojande",), (), 0.75, None)],
    "vastra-ostergotland-2024": [
        ("forbattrade-forutsattningar", "utfall", ("individ",),
         ("arbete", "studier", "arbetssokande", "rehab"), 0.6, None),
        ("kompetens-forvantningar", "enkät", ("kompetenshojande",), (), 0.75, None)],
    "sodra-vanern-2022": [
        ("arbete-studier", "utfall", ("friska-vindar",) + RV, ("arbete", "studier"), 0.4, None),
        ("stegforflyttning", "utfall", ("friska-vindar",) + RV, ("arbetssokande", "rehab"), 0.4,
         None),
        ("minst-20-inskrivna", "inskrivna", RV, (), None, 20)],
    "vastra-skaraborg-2019": [("okad-halsa", "enkät", ("individ",), (), 0.7, None)],
}


def test_the_copy_in_tests_is_the_shared_seeds():
    """tests/seeds is a byte-for-byte copy of ../shared/seeds (checked where that is present)."""
    assert sorted(p.name for p in SEEDS.iterdir()) == [
        "000_fdc54814172481d3.txt", "001_993e2a07e1624d0f.txt", "002_f77d7f09404f98aa.txt",
        "003_8fe8cf856e5ec22b.txt", "004_4074992c9f303799.txt"]
    if SHARED_SEEDS.is_dir():
        for p in SEEDS.iterdir():
            assert p.read_bytes() == (SHARED_SEEDS / p.name).read_bytes(), p.name


def test_typed_tables_are_the_seeds_own():
    """Guards against typos in the tables above: each row appears verbatim in the seed."""
    def kr(n):
        return f"{n:,}".replace(",", " ")

    s000 = (SEEDS / "000_fdc54814172481d3.txt").read_text("utf-8")
    s001 = (SEEDS / "001_993e2a07e1624d0f.txt").read_text("utf-8")
    s004 = (SEEDS / "004_4074992c9f303799.txt").read_text("utf-8")
    for name, values in SEED_000_BIDRAG.items():
        assert f"{name}\t" + "\t".join(kr(v) for v in values) in s000
    assert "Totalt\t" + "\t".join(kr(v) for v in SEED_000_TOTALT) in s000
    for name, value in SEED_001_BIDRAG_2025.items():
        assert f"{name}\t{kr(value)}\n" in s001
    for name, pct in SEED_ANDEL.items():
        assert re.search(rf"{name}\t[\d ]+\t{str(pct).replace('.', ',')}\n", s000)
    for (kst, namn), values in SEED_000_BUDGET.items():
        assert f"{namn} {kst}\t" + "\t".join(kr(v) if v else "" for v in values) in s000
    for name, value in SEED_004_MEDLEMSBIDRAG_2021.items():
        assert re.search(rf"{name}\t(<u>)?{kr(value)} kr", s004)
    assert "Summa:\t9 200 000 kr" in s004


# ----------------------------------------------------------------------------- from the model


def test_seed_001_contributions_from_bidrag():
    plan = load_example("vastra-ostergotland-2025")
    got = {m.medlem: bidrag(m, plan, 2025) for m in plan.medlemmar}
    assert got == SEED_001_BIDRAG_2025
    assert plan.tilldelning == {2025: SEED_001_TOTALT_2025}
    assert sum(got.values()) == SEED_001_TOTALT_2025


def test_seed_000_contributions_from_bidrag_half_to_even():
    plan = load_example("vastra-ostergotland-2024")
    got = {m.medlem: tuple(bidrag(m, plan, y) for y in SEED_000_YEARS) for m in plan.medlemmar}
    assert got == SEED_000_BIDRAG
    assert tuple(plan.tilldelning[y] for y in SEED_000_YEARS) == SEED_000_TOTALT
    # the halves of 2023 (quarter 2 720 500 x andel): a plain half-up ROUND would be off
    assert got["Mjölby kommun"][0] == 851516  # 851 516.5
    assert got["Vadstena kommun"][0] == 225802  # 225 801.5


@pytest.mark.parametrize("name", ["vastra-ostergotland-2025", "vastra-ostergotland-2024"])
def test_andel_from_population(name):
    plan = load_example(name)
    got = {m.medlem: andel(m, plan) for m in plan.medlemmar if m.typ == "kommun"}
    assert {k: float(v) for k, v in got.items()} == SEED_ANDEL
    assert sum(m.befolkning or 0 for m in plan.medlemmar) == SEED_BEFOLKNING_TOTAL
    assert [andel(m, plan) for m in plan.medlemmar if m.typ != "kommun"] == [None, None]


def test_sodra_vanern_members_are_amounts_that_miss_the_stated_sum():
    plan = load_example("sodra-vanern-2022")
    assert {m.medlem: bidrag(m, plan, 2021) for m in plan.medlemmar} == SEED_004_MEDLEMSBIDRAG_2021
    assert all(m.befolkning is None and andel(m, plan) is None for m in plan.medlemmar)
    assert plan.tilldelning == {2021: SEED_004_SUMMA}
    assert sum(SEED_004_MEDLEMSBIDRAG_2021.values()) == 9100000 != SEED_004_SUMMA


@pytest.mark.parametrize("name", EXAMPLES)
def test_volumes(name):
    plan = load_example(name)
    assert {i.id: i.budgeterad_volym for i in plan.insatser} == VOLUMES[name]


def test_units_levels_and_survey_2024():
    plan = load_example("vastra-ostergotland-2024")
    assert {i.id: i.enhet for i in plan.insatser} == {
        i: UNITS_2024.get(i, "deltagare") for i in VOLUMES["vastra-ostergotland-2024"]}
    assert [i.id for i in plan.insatser if i.niva == "struktur"] == ["kompetenshojande",
                                                                     "natverket-vastra"]
    assert [i.id for i in plan.insatser if i.enkat] == ["kompetenshojande"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_goals(name):
    plan = load_example(name)
    assert [(g.id, g.typ, g.galler, g.kategorier, g.min_andel, g.min_antal)
            for g in plan.mal] == GOALS[name]


def test_active_months_as_the_seeds_date_them():
    sv = load_example("sodra-vanern-2022")
    assert sv.insats("aka-arbetsrehabteam").active_months(2022) == [1, 2]
    assert sv.insats("all-in").active_months(2022) == [1, 2, 3]
    assert sv.insats("friska-vindar").active_months(2022) == list(range(1, 13))
    vs = load_example("vastra-skaraborg-2019")
    assert vs.insats("level-up").active_months(2019) == [1, 2, 3, 4, 5, 6]
    assert vs.insats("level-upgrade").active_months(2019) == [7, 8, 9, 10, 11, 12]
    assert vs.insats("kick-off").active_months(2019) == list(range(4, 13))
    assert vs.insats("gron-prerehabilitering").active_months(2019) == [1, 2, 3, 4, 5, 6]
    assert vs.insats("vald-i-nara-relation").active_months(2019) == list(range(1, 13))
    assert [i.id for i in vs.insatser if i.enkat] == [
        "level-up", "level-upgrade", "starkt-samverkan-kvinnors-halsa", "prerehabilitering"]
    assert vs.medlemmar == () and vs.medlemmar_ar == ()


def test_budgets():
    p24 = load_example("vastra-ostergotland-2024")
    assert {(r.kostnadsstalle, r.namn): tuple(r.belopp[y] for y in SEED_000_YEARS)
            for r in p24.budget} == SEED_000_BUDGET
    assert tuple(p24.budget_angiven_summa[y] for y in SEED_000_YEARS) == SEED_000_BUDGET_TOTALT
    p25 = load_example("vastra-ostergotland-2025")
    assert p25.budget_angiven_summa == {2025: SEED_001_BUDGET_TOTALT}
    sv = load_example("sodra-vanern-2022")
    for year, parts in SEED_004_SUBTOTALS.items():
        groups = [sum(r.belopp[year] or 0 for r in sv.budget if r.kostnadsstalle == g)
                  for g in ("Insatser", "Struktur", "Kansli")]
        assert tuple(groups) == parts
        assert sv.budget_angiven_summa[year] == SEED_004_TOTAL[year] == sum(parts)
    vs = load_example("vastra-skaraborg-2019")
    assert {r.namn: r.belopp[2019] for r in vs.budget} == SEED_003_KOSTNAD
    assert vs.budget_angiven_summa == {}


# ----------------------------------------------------------------------------- half to even


def _expected_half_even(plan: Plan, m: Member, year: int) -> int:
    """Independent of finsam_xl.plan: exact fractions, Python's round() (half to even), and the
    percentage rounded half up to one decimal as Excel's ROUND does."""
    total = plan.tilldelning[year]
    if m.typ == "stat":
        return round(Fraction(total, 2))
    if m.typ == "region":
        return round(Fraction(total, 4))
    pop = sum(x.befolkning for x in plan.medlemmar if x.typ == "kommun")
    pct10 = floor(Fraction(m.befolkning * 1000, pop) + Fraction(1, 2))  # andel x 10
    return round(Fraction(total * pct10, 4000))


def synthetic_plan() -> Plan:
    """Allocations whose shares fall on exact halves for every member type."""
    years = (2031, 2032, 2033, 2034, 2035, 2036, 2037)
    totals = (1000001, 1000003, 1000002, 1000006, 1000008, 1000024, 1000004)
    return Plan(namn="Testförbundet", ar=2031, medlemmar_ar=years,
                tilldelning=dict(zip(years, totals, strict=True)),
                medlemmar=(Member("Staten", "stat"), Member("Regionen", "region"),
                           Member("A kommun", "kommun", befolkning=1),
                           Member("B kommun", "kommun", befolkning=1),
                           Member("C kommun", "kommun", befolkning=2)))


def test_synthetic_halves_from_bidrag():
    plan = synthetic_plan()
    got = {(m.medlem, y): bidrag(m, plan, y) for m in plan.medlemmar for y in plan.medlemmar_ar}
    assert got == {(m.medlem, y): _expected_half_even(plan, m, y)
                   for m in plan.medlemmar for y in plan.medlemmar_ar}
    # spot checks typed by hand: 1 000 001 / 2 = 500 000.5 -> 500 000; 1 000 003 / 2 ->
    # 500 002; 1 000 002 / 4 = 250 000.5 -> 250 000; 1 000 006 / 4 -> 250 002;
    # A kommun 25 %: 1 000 008 / 16 = 62 500.5 -> 62 500; 1 000 024 / 16 -> 62 502
    assert got[("Staten", 2031)] == 500000 and got[("Staten", 2032)] == 500002
    assert got[("Regionen", 2033)] == 250000 and got[("Regionen", 2034)] == 250002
    assert got[("A kommun", 2035)] == 62500 and got[("A kommun", 2036)] == 62502
    assert got[("C kommun", 2037)] == 125000  # 1 000 004 / 8 = 125 000.5


def test_half_even_matches_exact_arithmetic_over_many_allocations():
    import random

    rnd = random.Random(20250101)
    for _ in range(300):
        pops = [rnd.randint(1, 60000) for _ in range(rnd.randint(1, 6))]
        years = (2025,)
        plan = Plan(namn="T", ar=2025, medlemmar_ar=years,
                    tilldelning={2025: rnd.randint(1, 20_000_000)},
                    medlemmar=(Member("S", "stat"), Member("R", "region"))
                    + tuple(Member(f"K{i}", "kommun", befolkning=p) for i, p in enumerate(pops)))
        for m in plan.medlemmar:
            assert bidrag(m, plan, 2025) == _expected_half_even(plan, m, 2025)


# ----------------------------------------------------------------------------- LibreOffice


def _spoil_cached_values(src: Path, dst: Path) -> None:
    """Copy an .xlsx with every formula's cached value replaced by -1."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\1<v>-1</v>", data)
            zout.writestr(item, data)


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    """Written workbooks ('<name>') and their LibreOffice-recalculated copies ('lo:<name>'):
    the two Östergötland examples, a copy of the 2025 one with every cached value spoiled,
    and the synthetic halves plan, also spoiled."""
    src = tmp_path_factory.mktemp("src")
    files = {
        "vastra-ostergotland-2025": write_plan(load_example("vastra-ostergotland-2025"),
                                               src / "vastra-ostergotland-2025.xlsx"),
        "vastra-ostergotland-2024": write_plan(load_example("vastra-ostergotland-2024"),
                                               src / "vastra-ostergotland-2024.xlsx"),
    }
    files["spoiled-2025"] = src / "spoiled-2025.xlsx"
    _spoil_cached_values(files["vastra-ostergotland-2025"], files["spoiled-2025"])
    halves = write_plan(synthetic_plan(), src / "halves-ok.xlsx")
    files["spoiled-halves"] = src / "spoiled-halves.xlsx"
    _spoil_cached_values(halves, files["spoiled-halves"])
    converted = lo.convert_many(list(files.values()), tmp_path_factory.mktemp("lo"))
    out = dict(files)
    out.update({f"lo:{k}": converted[v.stem] for k, v in files.items()})
    return out


def member_values(path: Path) -> dict[str, list]:
    """Medlemmar as the workbook's values (cached or recalculated): medlem -> [andel, bidrag...]"""
    ws = openpyxl.load_workbook(path, data_only=True)["Medlemmar"]
    return {row[0]: list(row[3:]) for row in ws.iter_rows(min_row=2, values_only=True)}


@pytest.mark.parametrize("which", ["vastra-ostergotland-2025", "lo:vastra-ostergotland-2025",
                                   "lo:spoiled-2025"])
@pytest.mark.libreoffice
def test_seed_001_contributions_in_the_workbook(books, which):
    rows = member_values(books[which])
    for name, value in SEED_001_BIDRAG_2025.items():
        assert rows[name][1] == value, name
    for name, pct in SEED_ANDEL.items():
        assert rows[name][0] == pytest.approx(pct, abs=1e-9), name
    assert rows["Summa"][1] == SEED_001_TOTALT_2025
    assert rows["Tilldelning"][1] == SEED_001_TOTALT_2025


@pytest.mark.parametrize("which", ["vastra-ostergotland-2024", "lo:vastra-ostergotland-2024"])
@pytest.mark.libreoffice
def test_seed_000_contributions_in_the_workbook(books, which):
    rows = member_values(books[which])
    for name, values in SEED_000_BIDRAG.items():
        assert tuple(rows[name][1:]) == values, name
    for name, pct in SEED_ANDEL.items():
        assert rows[name][0] == pytest.approx(pct, abs=1e-9), name
    assert tuple(rows["Summa"][1:]) == SEED_000_TOTALT
    assert rows["Summa"][0] == pytest.approx(100.0, abs=1e-9)


@pytest.mark.parametrize("which", ["vastra-ostergotland-2024", "lo:vastra-ostergotland-2024"])
@pytest.mark.libreoffice
def test_seed_000_budget_totals_in_the_workbook(books, which):
    ws = openpyxl.load_workbook(books[which], data_only=True)["Budget"]
    rows = {r[0]: r[2:] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["Summa"] == SEED_000_BUDGET_TOTALT
    assert rows["Angiven summa"] == SEED_000_BUDGET_TOTALT


@pytest.mark.libreoffice
def test_libreoffice_really_recalculates(books):
    """The spoiled copies carry -1 everywhere a formula is; LibreOffice's values are right."""
    spoiled = member_values(books["spoiled-2025"])
    assert spoiled["Motala kommun"] == [-1, -1] and spoiled["Summa"][1] == -1
    assert member_values(books["lo:spoiled-2025"])["Motala kommun"] == [48.4, 1045924]
    plan = synthetic_plan()
    before = member_values(books["spoiled-halves"])
    after = member_values(books["lo:spoiled-halves"])
    for m in plan.medlemmar:
        assert set(before[m.medlem][1:]) == {-1}
        assert after[m.medlem][1:] == [_expected_half_even(plan, m, y)
                                       for y in plan.medlemmar_ar], m.medlem
    assert [after[k][0] for k in ("A kommun", "B kommun", "C kommun")] == [25, 25, 50]


@pytest.mark.parametrize("name", ["vastra-ostergotland-2025", "vastra-ostergotland-2024"])
@pytest.mark.libreoffice
def test_a_plan_saved_by_libreoffice_reads_back_and_checks_clean(books, name):
    assert read_plan(books[f"lo:{name}"]) == load_example(name)
    assert check_plan_file(books[f"lo:{name}"]) == []
