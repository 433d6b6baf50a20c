"""The board's question, for every example plan: are we reaching our goals?

For each of the four example plans, an inbox of real filled templates for several months
(written with the template writer, read back by collect): a missing month, a resubmission
(an earlier file with other numbers, replaced by a newer one), a byte-identical copy, an
insats that starts mid-year, and an insats where nobody has ended. `finsam-xl collect`
writes the workbook; every headline goal result on Översikt, every goal row on Utfall and
every Översikt row are compared with truth.py's independent computation from the numbers
of the files that count, both as cached by the writer and after LibreOffice has
recalculated the file (one LibreOffice run for the module). Om rapporten's counts are
compared with the terminal's summary line.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

import openpyxl
import pytest

from finsam_xl.plan import load_example
from finsam_xl.template import write_template
from support import lo, truth
from support.runs import collect_lines
from support.wbread import check, goal_blocks, headline, same, table


@dataclass(frozen=True)
class Case:
    example: str
    period: str
    starts_mid_year: tuple  # (insats id, aktiv_från) set here when the plan has none
    nobody_ends: str
    missing: tuple  # (insats id, month)
    resubmitted: tuple  # (insats id, month)


CASES = {
    "vastra-ostergotland-2025": Case("vastra-ostergotland-2025", "2025-06",
                                     ("forsteg-odeshog", "2025-04"), "forsteg-vadstena",
                                     ("isa", 3), ("kompetenshojande", 2)),
    "vastra-ostergotland-2024": Case("vastra-ostergotland-2024", "2024-06",
                                     ("stod-mot-sysselsattning", "2024-03"), "forsteg-boxholm",
                                     ("forsteg-motala", 5), ("isa", 4)),
    "sodra-vanern-2022": Case("sodra-vanern-2022", "2022-06", ("friska-vindar", "2022-03"),
                              "rehabvagledare-grastorp", ("rehabvagledare-lilla-edet", 4),
                              ("rehabvagledare-oppenvard", 2)),
    # Västra Skaraborg's plan has its own mid-year starts (Level Upgrade in July, KICK OFF
    # in April)
    "vastra-skaraborg-2019": Case("vastra-skaraborg-2019", "2019-08", (), "prerehabilitering",
                                  ("starkt-samverkan-kvinnors-halsa", 6), ("level-up", 3)),
}
# Södra Vänern again, with nobody ended anywhere: its outcome goals cannot be evaluated yet
NOBODY = "sodra-vanern-2022-ingen-avslutad"


def plan_of(case: Case):
    plan = load_example(case.example)
    if case.starts_mid_year:
        iid, start = case.starts_mid_year
        plan = replace(plan, insatser=tuple(replace(i, aktiv_fran=start) if i.id == iid else i
                                            for i in plan.insatser))
    return plan


def sent(plan, month: int, day: int) -> datetime:
    """Sent on `day` of the following month (before the deadline, the 10th)."""
    y, m = (plan.ar + 1, 1) if month == 12 else (plan.ar, month + 1)
    return datetime(y, m, day, 9, tzinfo=timezone.utc)


def earlier_version(values: dict) -> dict:
    """Other numbers for the same month, still a valid report: nobody new, every ended
    participant to 'okant', survey positives 0."""
    out = dict(values)
    for key in out:
        if key.startswith("fx_nya_") or key == "fx_enkat_positiva":
            out[key] = 0
    for g in truth.GENDERS:
        if f"fx_avslutade_{g}" in out:
            ended = min(out[f"fx_avslutade_{g}"], out[f"fx_start_{g}"])
            out[f"fx_avslutade_{g}"] = ended
            for cat in truth.CATS:
                out[f"fx_utfall_{cat}_{g}"] = ended if cat == "okant" else 0
    return out


def build_inbox(plan, case: Case | None, period: str, inbox: Path, zero_ended) -> dict:
    """Write the inbox; returns {(insats id, month): values} of the reports that count."""
    values = truth.generate(plan, seed=11, zero_ended=frozenset(zero_ended))
    p = int(period[5:])
    used = {}
    for (iid, m), v in sorted(values.items()):
        if m > p or (case and (iid, m) == case.missing):
            continue
        ins = plan.insats(iid)
        name = f"{plan.ar}-{m:02d}_{iid}.xlsx"
        if case and (iid, m) == case.resubmitted:
            write_template(plan, ins, f"{plan.ar}-{m:02d}", inbox / f"{plan.ar}-{m:02d}_{iid}"
                           "_forsta.xlsx", values=earlier_version(v), modified=sent(plan, m, 2))
            assert earlier_version(v) != v
        write_template(plan, ins, f"{plan.ar}-{m:02d}", inbox / name, values=v,
                       modified=sent(plan, m, 5))
        used[(iid, m)] = v
    first = sorted(inbox.iterdir())[0]
    (inbox / "kopior").mkdir()
    shutil.copyfile(first, inbox / "kopior" / first.name)  # counted once, no warning
    return used


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """name -> (scenario for truth, expected, terminal lines, cached workbook path)."""
    out = {}
    base = tmp_path_factory.mktemp("goals")
    for name in list(CASES) + [NOBODY]:
        case = CASES.get(name)
        plan = plan_of(case) if case else load_example("sodra-vanern-2022")
        period = case.period if case else "2022-03"
        zero = [case.nobody_ends] if case else [i.id for i in plan.insatser if i.flow]
        inbox, outbox = base / name / "inbox", base / name / "outbox"
        inbox.mkdir(parents=True)
        used = build_inbox(plan, case, period, inbox, zero)
        lines = []
        lines = collect_lines(inbox, outbox, plan, period)
        sc = truth.Scenario(plan=plan, period=period, truth={}, used=used)
        out[name] = (sc, truth.expected(sc), lines, outbox / f"uppfoljning-{period}.xlsx")
    return out


@pytest.fixture(scope="module")
def books(runs, tmp_path_factory):
    """name -> {"cached": workbook, "libreoffice": workbook}, values only."""
    staged = tmp_path_factory.mktemp("staged")
    copies = []
    for name, (_sc, _exp, _lines, path) in runs.items():
        copies.append(staged / f"{name}.xlsx")
        shutil.copyfile(path, copies[-1])
    recalculated = lo.convert_many(copies, tmp_path_factory.mktemp("recalc"))
    return {name: {"cached": openpyxl.load_workbook(runs[name][3], data_only=True),
                   "libreoffice": openpyxl.load_workbook(recalculated[name], data_only=True)}
            for name in runs}


PARAMS = [(n, w) for n in list(CASES) + [NOBODY] for w in ("cached", "libreoffice")]


@pytest.mark.parametrize("name,which", PARAMS, ids=[f"{n}-{w}" for n, w in PARAMS])
@pytest.mark.libreoffice
def test_headline_goals_equal_truth(runs, books, name, which):
    sc, exp, _lines, _path = runs[name]
    wb = books[name][which]
    got = headline(wb["Översikt"])
    assert [g["Mål"] for g in got] == [g.namn for g in sc.plan.mal]
    for row, want in zip(got, exp["headline"], strict=True):
        check(row, want, want["Mål"])


@pytest.mark.parametrize("name,which", PARAMS, ids=[f"{n}-{w}" for n, w in PARAMS])
@pytest.mark.libreoffice
def test_goal_rows_and_oversikt_equal_truth(runs, books, name, which):
    sc, exp, _lines, _path = runs[name]
    wb = books[name][which]
    goals = goal_blocks(wb["Utfall"])
    assert [(g["Nr"], g["Mål nr"]) for g in goals] == [(g["Nr"], g["Mål nr"])
                                                      for g in exp["goals"]]
    for got, want in zip(goals, exp["goals"], strict=True):
        check(got, {k: want[k] for k in want if k in ("Resultat", "Målvärde")
                    or k.startswith(("Avslutade", "Varav", "Enkätsvar"))}, want["Insats"])
    rows = table(wb["Översikt"])
    for ins in sc.plan.insatser:
        check(rows[ins.namn], {k: v for k, v in exp["oversikt"][ins.namn].items()
                               if k != "Insats"}, ins.namn)
    for key, want in exp["totals"].items():
        check(rows[key], want, key)
    assert len(rows) == len(sc.plan.insatser) + len(exp["totals"])


def test_the_cases_are_what_they_claim(runs):
    """Guards against a generator or plan change that would make the comparisons trivial:
    every case has goals with results of more than one kind, the missing month is missing,
    the resubmitted month counts the newer file, the mid-year insats reports from its start,
    and the insats where nobody ends has goal rows that cannot be evaluated."""
    seen = set()
    for name, case in CASES.items():
        sc, exp, lines, _path = runs[name]
        assert case.missing not in sc.used
        assert case.resubmitted in sc.used
        assert any(line.endswith(f"_forsta.xlsx: ersatt av {sc.plan.ar}-"
                                 f"{case.resubmitted[1]:02d}_{case.resubmitted[0]}.xlsx")
                   for line in lines), lines
        assert any("samma innehåll som" in line for line in lines)
        mid = [i for i in sc.plan.insatser if i.aktiv_fran and i.aktiv_fran > f"{sc.plan.ar}-01"
               and i.aktiv_fran <= sc.period]
        assert mid and all(min(m for (iid, m) in sc.used if iid == i.id)
                           == int(i.aktiv_fran[5:]) for i in mid)
        nobody = [g for g in exp["goals"] if g["Insats"] == sc.plan.insats(case.nobody_ends).namn
                  and g["typ"] == "utfall"]
        assert all(g["Resultat"] == "Kan inte bedömas än" for g in nobody)
        seen |= {g["Resultat"] for g in exp["headline"]}
    assert seen == {"Uppfyllt", "Ej uppfyllt"}
    heads = runs[NOBODY][1]["headline"]
    assert [h["Resultat"] for h in heads[:2]] == ["Kan inte bedömas än"] * 2
    assert [h["Kommentar"] for h in heads[:2]] == ["Ingen har avslutats än."] * 2


@pytest.mark.libreoffice
def test_sodra_vanern_individ_total_is_aka_over_its_volume(runs, books):
    """Only ÅKA (15 deltagare) has a volume in Södra Vänern's plan: the individ total's
    achieved share is ÅKA's year to date / 15, and its volume 15 (not every insats's year
    to date over the one volume)."""
    sc, exp, _lines, _path = runs["sodra-vanern-2022"]
    aka = [sc.used[("aka-arbetsrehabteam", m)] for m in (1, 2)]
    ytd = sum(aka[0][f"fx_start_{g}"] for g in truth.GENDERS) + sum(
        v[f"fx_nya_{g}"] for v in aka for g in truth.GENDERS)
    for which in ("cached", "libreoffice"):
        rows = table(books["sodra-vanern-2022"][which]["Översikt"])
        total = rows["Summa individ, deltagare"]
        assert total["Budgeterad volym"] == 15
        assert total["Uppnådd andel"] == pytest.approx(ytd / 15, rel=1e-15)
        assert total["Hittills i år"] == sum(rows[i.namn]["Hittills i år"]
                                             for i in sc.plan.insatser if i.flow)
        # ÅKA ended in February: no one enrolled now, and the total leaves it out
        aka_row = rows["ÅKA arbetsrehabteam i Vänersborg"]
        assert (aka_row["Inskrivna nu"], aka_row["Anmärkning"]) == (
            None, "aktiv till och med februari")
        assert total["Inskrivna nu"] == sum(rows[i.namn]["Inskrivna nu"] or 0
                                            for i in sc.plan.insatser if i.flow)
        # groups of one insats get no total; a group without volumes has an empty volume
        assert "Summa struktur, kontakter" not in rows
        assert rows["Summa struktur, möten"]["Budgeterad volym"] is None
        assert rows["Summa struktur, möten"]["Uppnådd andel"] is None


@pytest.mark.libreoffice
def test_om_rapporten_counts_equal_the_terminal(runs, books):
    """Om rapporten's file counts are the terminal's (a byte-identical copy is accepted, not
    superseded); the reports that count are formulas over Inlämningar."""
    for name in CASES:
        _sc, _exp, lines, path = runs[name]
        summary = next(line for line in lines if line.startswith("Filer lästa:"))
        n = [int(x) for x in re.findall(r"\d+", summary)]
        ws = books[name]["libreoffice"]["Om rapporten"]
        kv = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
        assert [kv["Filer i inkorgen"], kv["Godkända filer"], kv["Underkända filer"],
                kv["Ignorerade filer (låsfiler, dolda filer, inte kalkylblad)"],
                kv["Ersatta filer (en nyare fil för samma insats och månad används)"]] == n[:5]
        assert n[4] == 1  # the resubmission's first file, not the copy
        formulas = openpyxl.load_workbook(path)["Om rapporten"]
        row = next(r for r in range(1, ws.max_row + 1)
                   if str(ws.cell(r, 1).value).startswith("Rapporter som räknas"))
        assert formulas.cell(row, 2).value.startswith("=COUNTIF('Inlämningar'!")
        assert kv[ws.cell(row, 1).value] == len(runs[name][0].used)


@pytest.mark.parametrize("name", list(CASES) + [NOBODY])
@pytest.mark.libreoffice
def test_every_cached_value_equals_libreoffice(runs, books, name):
    """Not only the cells compared above: every formula of every sheet (the chart data, the
    trend rows, the comments, Om rapporten's counts) shows the same value as written and as
    LibreOffice recalculates it."""
    formulas = openpyxl.load_workbook(runs[name][3])
    cached, recalculated = books[name]["cached"], books[name]["libreoffice"]
    n = 0
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    want = cached[ws.title][c.coordinate].value
                    got = recalculated[ws.title][c.coordinate].value
                    assert same(got, want), (ws.title, c.coordinate, c.value, want, got)
                    n += 1
    assert n > 300  # (Västra Skaraborg, the smallest, has about 400)
