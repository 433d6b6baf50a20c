"""The turn of the year: one inbox kept across plan years (README, *Vid årsskiftet*).

The inbox holds every insats's reports for 2024-11 and 2024-12 (written from the example plan
`vastra-ostergotland-2024`) and 2025-01 (from `vastra-ostergotland-2025`); the two plans'
insatser share their ids. Each file is judged by its own year's plan: with both plans, no
2024 file is rejected, written back to or listed in Avvikelser, January's templates start
where December ended and January's stock-flow check compares with December; with only the
2025 plan every 2024 file is ignored with one line naming its year; with no plan of the
files' year the command says so and blames no file."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from finsam_xl import contract
from finsam_xl.cli import cli
from finsam_xl.model import Plans
from finsam_xl.plan import load_example, resolve_plans, write_plan
from finsam_xl.run import gather, run_collect
from support.files import put, utc
from support.runs import EMBEDDED, after_plan

P24, P25 = load_example("vastra-ostergotland-2024"), load_example("vastra-ostergotland-2025")
BOTH = Plans((P24, P25))
NAMN = "Samordningsförbundet Västra Östergötland"
PLANS_LINE = (f"Planer: {NAMN} 2024 (plan-2024.xlsx) och {NAMN} 2025 (plan.xlsx).")
ONLY_2025_LINE = f"Plan: {NAMN} 2025 (plan.xlsx)."
MONTHS = ("2024-11", "2024-12", "2025-01")
SAVED = {"2024-11": utc(2024, 12, 2, 9), "2024-12": utc(2025, 1, 3, 9),
         "2025-01": utc(2025, 2, 3, 9)}
AFTER_JANUARY = "1739577600"  # 2025-02-15 00:00 UTC: every month of the inbox has ended
EARLY_JANUARY = "1736150400"  # 2025-01-06 00:00 UTC: December is the latest ended month
BREAK = "isa"  # January's start (women) is one more than December's end: a stock-flow break


def month_values(plan, insats, i: int, period: str, start: dict) -> dict:
    """A consistent month for the i-th insats: the flow goes on from `start` (updated to the
    month's end); every ended participant goes to work."""
    if not insats.flow:
        values = {"fx_antal": 10 + i + MONTHS.index(period)}
    else:
        new = {"kvinnor": 2, "man": 1} if period != "2024-12" else {"kvinnor": 1, "man": 2}
        ended = {"kvinnor": 1, "man": 1} if period != "2024-12" else {"kvinnor": 2, "man": 0}
        values = {}
        for kon in contract.KON:
            values[contract.start(kon)] = start[kon]
            values[contract.nya(kon)] = new[kon]
            values[contract.avslutade(kon)] = ended[kon]
            values[f"fx_utfall_arbete_{kon}"] = ended[kon]
            start[kon] = contract.month_end(values, kon)
    if insats.enkat:
        values.update({"fx_enkat_svar": 20, "fx_enkat_positiva": 15})
    return values


def build_inbox(inbox: Path) -> dict[tuple[str, str], dict]:
    """Every insats's three months; {(insats id, period): values written}."""
    written = {}
    for i, ins in enumerate(P24.insatser):
        start = {"kvinnor": 3 + i, "man": 2 + i}
        for period in MONTHS:
            plan = P24 if period.startswith("2024") else P25
            insats = plan.insats(ins.id)
            values = month_values(plan, insats, i, period, start)
            if period == "2025-01" and ins.id == BREAK:
                values["fx_start_kvinnor"] += 1
            put(inbox, f"{period}_{ins.id}.xlsx", insats, period, values, SAVED[period],
                plan=plan)
            written[(ins.id, period)] = values
    return written


@pytest.fixture(scope="module")
def years(tmp_path_factory):
    """The inbox, and a working folder with both plans (plan-2024.xlsx and plan.xlsx)."""
    base = tmp_path_factory.mktemp("years")
    written = build_inbox(base / "inbox")
    write_plan(P24, base / "plan-2024.xlsx")
    write_plan(P25, base / "plan.xlsx")
    return base, written


def run(base: Path, *args: str, epoch: str = AFTER_JANUARY, monkeypatch=None):
    monkeypatch.chdir(base)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    return CliRunner().invoke(cli, list(args), prog_name="finsam-xl")


def lines_of(output: str, plan_line: str) -> tuple[list[str], list[str]]:
    """(the file lines, the summary lines) of collect's output after its plan line."""
    files, _, summary = after_plan(output, plan_line).partition("\n\n")
    return files.splitlines(), summary.splitlines()


def test_the_two_examples_share_their_insatser_ids():
    assert [i.id for i in P24.insatser] == [i.id for i in P25.insatser]
    assert [i.flow for i in P24.insatser] == [i.flow for i in P25.insatser]


# ----------------------------------------------------------------------------- both plans


def test_collect_january_with_both_plans(years, tmp_path, monkeypatch):
    """Done when: collect for 2025-01 writes no letter and no marked copy for a 2024 file,
    no 2024 file is underkänd or in Avvikelser, and January's start that differs from
    December's end gets the stock-flow warning (the only finding)."""
    base, written = years
    outbox = tmp_path / "outbox"
    res = run(base, "collect", "--period", "2025-01", "--outbox", str(outbox),
              monkeypatch=monkeypatch)
    assert res.exit_code == 0, res.output
    files, summary = lines_of(res.output, PLANS_LINE)
    assert len(files) == 39
    end = contract.month_end(written[(BREAK, "2024-12")], "kvinnor")
    found = written[(BREAK, "2025-01")]["fx_start_kvinnor"]
    assert found == end + 1
    assert [line for line in files if not line.endswith(": godkänd")] == [
        f"2025-01_isa.xlsx: godkänd med 1 varning: Inskrivna vid månadens start, kvinnor "
        f"(Rapport!B15) är {found}, förra månadens slut var {end}"]
    assert summary == [
        "Filer lästa: 39. Godkända: 39, underkända: 0, ignorerade: 0, ersatta: 0. Varningar: 1.",
        "Period: 2025-01 (angiven med --period).",
        f"Uppföljningsarbetsboken: {outbox / 'uppfoljning-2025-01.xlsx'}",
        f"Återkoppling till samordnarna: 1 fil i {outbox / 'aterkoppling'}",
        f"Märkta kopior av samordnarnas filer: 1 i {outbox / 'aterkoppling'}",
        "1 nytt eller ändrat brev att skicka sedan förra körningen (öppna utkastet i "
        "e-postprogrammet och skicka det):",
        f"  {outbox / 'aterkoppling' / '2025-01_isa.eml'} utan mottagare, ingen e-postadress "
        "i planen",
        "Utkast utan mottagare: fyll i adressen i utkastet, eller i planen (kolumnen e-post "
        "på bladet Insatser) och kör igen.",
        "Alla 13 aktiva insatser har en godkänd rapport för januari 2025.",
        "Se alla månader med 'finsam-xl status'."]
    assert sorted(p.name for p in (outbox / "aterkoppling").iterdir()) == [
        "2025-01_isa.eml", "2025-01_isa.txt", "2025-01_isa.xlsx"]
    letter = (outbox / "aterkoppling" / "2025-01_isa.txt").read_text(encoding="utf-8")
    assert "2024-12_isa.xlsx" in letter  # the warning names December's report
    wb = openpyxl.load_workbook(outbox / "uppfoljning-2025-01.xlsx", read_only=True)
    files_listed = {row[2] for row in wb["Avvikelser"].iter_rows(min_row=5, values_only=True)}
    assert files_listed == {"2025-01_isa.xlsx"}  # (column C: the file)
    summary_json = json.loads((outbox / "sammanfattning-2025-01.json").read_text("utf-8"))
    assert {f["status"] for f in summary_json["files"]} == {"accepted"}
    assert {u["period"] for u in summary_json["used"]} == {"2025-01"}


def test_the_stock_flow_check_compares_january_with_december_only_with_its_plan(years):
    """The warning names December's file and its numbers; without the 2024 plan January has
    nothing to compare with (as before)."""
    base, written = years
    result = gather(base / "inbox", BOTH, "2025-01")
    (isa,) = [r for r in result.reports if r.file == "2025-01_isa.xlsx"]
    (f,) = isa.findings
    dec = written[(BREAK, "2024-12")]
    assert (f.code, f.cell, f.value, f.expected) == (
        "stock-flow-break", "Rapport!B15", str(dec["fx_start_kvinnor"] + dec["fx_nya_kvinnor"]
                                              - dec["fx_avslutade_kvinnor"] + 1),
        str(contract.month_end(dec, "kvinnor")))
    assert "2024-12" in f.message and "2024-12_isa.xlsx" in f.message
    assert [r.file for r in result.reports if r.findings] == ["2025-01_isa.xlsx"]
    alone = gather(base / "inbox", P25, "2025-01")
    assert [r.file for r in alone.reports if r.findings] == []


def test_the_result_carries_the_previous_plan_year(years):
    """The typed hand-over to the workbook: `used` is P's year up to P, `previous` the year
    before (its plan, every month used), the reports every file of the run."""
    base, _ = years
    result = gather(base / "inbox", BOTH, "2025-01")
    assert (result.plan, result.period) == (P25, "2025-01")
    assert {p for _i, p in result.used} == {"2025-01"}
    prev = result.previous
    assert prev is not None and (prev.plan, prev.period) == (P24, "2024-12")
    assert {p for _i, p in prev.used} == {"2024-11", "2024-12"}
    assert len(prev.used) == 26 and prev.previous is None
    assert sorted(r.file for r in prev.reports) == sorted(
        f"{p}_{i.id}.xlsx" for p in MONTHS[:2] for i in P24.insatser)
    assert len(result.reports) == 39 and result.plans == BOTH
    assert result.same_period_last_year() == "2024-01"
    assert result.last_year_to_date() == []  # the inbox has no 2024-01 report
    assert prev.used_until("2024-11") == [prev.used[(i, "2024-11")] for i in sorted(
        i.id for i in P24.insatser)]
    assert gather(base / "inbox", P25, "2025-01").previous is None


def test_last_year_to_date_is_the_previous_year_up_to_the_same_month(tmp_path):
    """What the workbook's "same period last year" is to read: the previous year's used
    reports from January to P's month (empty for an insats new this year)."""
    from support.files import flow

    isa24, isa25 = P24.insats("isa"), P25.insats("isa")
    for m in (1, 2, 3):
        put(tmp_path, f"2024-0{m}_isa.xlsx", isa24, f"2024-0{m}", flow(4, 4, 1, 1, 1, 1),
            utc(2024, m + 1, 2), plan=P24)
    for m in (1, 2):
        put(tmp_path, f"2025-0{m}_isa.xlsx", isa25, f"2025-0{m}", flow(4, 4, 1, 1, 1, 1),
            utc(2025, m + 1, 2), plan=P25)
    result = gather(tmp_path, BOTH, "2025-02")
    assert result.same_period_last_year() == "2024-02"
    assert [s.relpath for s in result.last_year_to_date()] == ["2024-01_isa.xlsx",
                                                              "2024-02_isa.xlsx"]
    assert [s.relpath for s in result.used_until()] == ["2025-01_isa.xlsx", "2025-02_isa.xlsx"]
    assert result.previous is not None and len(result.previous.used) == 3
    alone = gather(tmp_path, P25, "2025-02")
    assert (alone.same_period_last_year(), alone.last_year_to_date()) == (None, [])


def test_january_templates_start_where_december_ended(years, tmp_path, monkeypatch):
    """Done when: per gender, for every insats in both plans (the participant-flow ones),
    January's start cells hold December's month-end enrolment, with a note naming the file
    and the month."""
    base, written = years
    out = tmp_path / "jan"
    res = run(base, "templates", "--period", "2025-01", "--inbox", "inbox", "-o", str(out),
              monkeypatch=monkeypatch)
    assert res.exit_code == 0, res.output
    lines = after_plan(res.output, PLANS_LINE).splitlines()
    flow = [i.id for i in P25.insatser if i.flow and P24.insats(i.id).flow]
    assert len(flow) == 9
    assert lines[:-1] == [
        f"Skrev {out / f'2025-01_{i.id}.xlsx'}" + (
            f" (start ifylld från 2024-12_{i.id}.xlsx, 2024-12)" if i.id in flow else "")
        for i in P25.insatser]
    for insats_id in flow:
        wb = openpyxl.load_workbook(out / f"2025-01_{insats_id}.xlsx")
        ws = wb["Rapport"]
        for kon in contract.KON:
            (_sheet, coord), = list(wb.defined_names[contract.start(kon)].destinations)
            cell = ws[coord.replace("$", "")]
            dec = written[(insats_id, "2024-12")]
            assert cell.value == dec[contract.start(kon)] + dec[contract.nya(kon)] - \
                dec[contract.avslutade(kon)], (insats_id, kon)
            assert f"vid slutet av december 2024 enligt 2024-12_{insats_id}.xlsx" in \
                cell.comment.text


def test_january_templates_without_last_years_plan_stay_empty(years, tmp_path, monkeypatch):
    base, _ = years
    out = tmp_path / "jan"
    res = run(base, "templates", "--period", "2025-01", "--plan", "plan.xlsx", "-o", str(out),
              monkeypatch=monkeypatch)
    assert res.exit_code == 0, res.output
    assert "ifylld" not in res.output
    assert after_plan(res.output, ONLY_2025_LINE).splitlines()[-1] == \
        f"Klart: 13 mallar för 2025-01 i {out}."


def test_status_and_remind_know_december_belongs_to_the_previous_year(years, tmp_path,
                                                                     monkeypatch):
    """Early in January (January not ended) the default period is December, of the 2024
    plan; remind for 2024-12 writes the 2024 plan's drafts with a deadline in January 2025,
    and an explicit --period 2024-12 works only with the 2024 plan given."""
    base, _ = years
    res = run(base, "status", epoch=EARLY_JANUARY, monkeypatch=monkeypatch)
    assert res.exit_code == 0, res.output
    lines = after_plan(res.output, PLANS_LINE).splitlines()
    assert lines[0] == f"Inlämningar till {NAMN}, januari–december 2024"
    assert lines[5] == "Individuellt stöd till arbete …" + "    ✗" * 10 + "    ✓" * 2 + "       17"
    assert lines[-1] == "Skriv påminnelser till dem som saknas i december 2024: finsam-xl " \
        "remind --period 2024-12"
    inbox = tmp_path / "inbox"
    for p in (base / "inbox").iterdir():
        if p.name != "2024-12_sip.xlsx":
            (inbox / p.name).parent.mkdir(exist_ok=True)
            (inbox / p.name).write_bytes(p.read_bytes())
    res = run(base, "remind", "--inbox", str(inbox), "--outbox", str(tmp_path / "ut"),
              epoch=EARLY_JANUARY, monkeypatch=monkeypatch)
    assert res.exit_code == 0, res.output
    draft = tmp_path / "ut" / "paminnelser" / "2024-12_sip.eml"
    lines = after_plan(res.output, PLANS_LINE).splitlines()
    assert (lines[0], lines[-1]) == (
        f"Skrev {draft} utan mottagare, ingen e-postadress i planen (mallen bifogad)",
        f"Klart: 1 påminnelse för december 2024 i {tmp_path / 'ut' / 'paminnelser'}.")
    text = draft.read_text(encoding="utf-8")
    assert "december 2024" in text and "10 januari 2025" in text
    res = run(base, "status", monkeypatch=monkeypatch)  # February: January, of the new plan
    lines = after_plan(res.output, PLANS_LINE).splitlines()
    assert (lines[0], lines[-1]) == (f"Inlämningar till {NAMN}, januari 2025",
                                     "Alla aktiva insatser har rapporterat till och med "
                                     "januari 2025.")
    res = run(base, "status", "--period", "2024-12", "--plan", "plan.xlsx",
              monkeypatch=monkeypatch)
    assert res.exit_code == 2
    assert "Perioden 2024-12 ligger utanför planens år 2025. Välj en månad från 2025-01 till " \
        "2025-12, eller ange planen för 2024 med --plan." in res.output


def test_no_letter_and_no_marked_copy_for_a_file_of_an_earlier_year(years, tmp_path):
    """A 2024 file with findings (a late December report, a broken November one) keeps its
    line in a January run, but gets no letter and no copy: its year is closed. In the
    December run (P = 2024-12) the same files get their letters."""
    base, written = years
    inbox = tmp_path / "inbox"
    for p in (base / "inbox").iterdir():
        (inbox / p.name).parent.mkdir(exist_ok=True)
        (inbox / p.name).write_bytes(p.read_bytes())
    sip = P24.insats("sip")
    put(inbox, "2024-12_sip.xlsx", sip, "2024-12", written[("sip", "2024-12")],
        utc(2025, 1, 20, 9), plan=P24)
    put(inbox, "2024-11_natverket-vastra.xlsx", P24.insats("natverket-vastra"), "2024-11",
        {"fx_antal": "ca 10"}, SAVED["2024-11"], plan=P24)
    run_jan = run_collect(inbox, tmp_path / "jan", plan=BOTH, period="2025-01")
    lines = {r.file: r.status for r in run_jan.result.reports if r.findings}
    assert lines == {"2024-11_natverket-vastra.xlsx": "rejected",
                     "2024-12_sip.xlsx": "accepted", "2025-01_isa.xlsx": "accepted"}
    assert sorted(p.name for p in run_jan.outputs.feedback + run_jan.outputs.marked) == [
        "2025-01_isa.txt", "2025-01_isa.xlsx"]
    run_dec = run_collect(inbox, tmp_path / "dec", plan=BOTH, period="2024-12")
    assert sorted(p.name for p in run_dec.outputs.feedback) == [
        "2024-11_natverket-vastra.txt", "2024-12_sip.txt", "2025-01_isa.txt"]
    letter = (tmp_path / "dec" / "aterkoppling" / "2025-01_isa.txt").read_text("utf-8")
    assert f"Från kansliet, {NAMN}, uppföljningen 2025." in letter  # its own year's plan


# ----------------------------------------------------------------------------- one plan


def test_only_this_years_plan_ignores_last_years_files(years, tmp_path, monkeypatch):
    """Done when: with only the 2025 plan every 2024 file is ignored with one line naming its
    year and the years that have plans; nothing is rejected for its year, and no letter."""
    base, _ = years
    outbox = tmp_path / "outbox"
    res = run(base, "collect", "--plan", "plan.xlsx", "--outbox", str(outbox),
              monkeypatch=monkeypatch)
    assert res.exit_code == 0, res.output
    files, summary = lines_of(res.output, ONLY_2025_LINE)
    expected = [f"{p}_{i.id}.xlsx: ignorerad: {p} hör till 2024; planer finns för 2025"
                for p in MONTHS[:2] for i in sorted(P24.insatser, key=lambda i: i.id)]
    assert [line for line in files if line.startswith("2024-")] == expected
    assert [line for line in files if not line.startswith("2024-")] == [
        f"2025-01_{i}.xlsx: godkänd" for i in sorted(i.id for i in P25.insatser)]
    assert summary[:3] == [
        "Filer lästa: 39. Godkända: 13, underkända: 0, ignorerade: 26, ersatta: 0. Varningar: 0.",
        "Period: 2025-01 (den senaste avslutade månaden som minst hälften av de aktiva "
        "insatserna har rapporterat: 13 av 13).",
        "26 filer hör till 2024, som ingen plan gäller, och ignoreras. Ange planen för 2024 "
        "med --plan (eller lägg den i arbetsmappen som plan-ÅÅÅÅ.xlsx) om de ska bedömas."]
    assert not (outbox / "aterkoppling").exists() or not any(
        (outbox / "aterkoppling").iterdir())
    data = json.loads((outbox / "sammanfattning-2025-01.json").read_text("utf-8"))
    ignored = [f for f in data["files"] if f["status"] == "ignored"]
    assert len(ignored) == 26 and all(f["findings"] == [] for f in ignored)
    assert {f["period"] for f in ignored} == {"2024-11", "2024-12"}
    assert "period-outside-year" not in json.dumps(data)


def test_check_ignores_a_file_of_a_year_without_a_plan(years, monkeypatch):
    base, _ = years
    monkeypatch.chdir(base)
    res = CliRunner().invoke(cli, ["check", "--plan", "plan.xlsx", "inbox/2024-12_isa.xlsx",
                                   "inbox/2025-01_sip.xlsx"])
    assert res.exit_code == 0, res.output
    assert res.output == (f"{ONLY_2025_LINE}\n"
                          "inbox/2024-12_isa.xlsx: ignorerad: 2024-12 hör till 2024; planer "
                          "finns för 2025\n"
                          "inbox/2025-01_sip.xlsx: godkänd\n")
    both = CliRunner().invoke(cli, ["check", "inbox/2024-12_isa.xlsx"])
    assert both.output == f"{PLANS_LINE}\ninbox/2024-12_isa.xlsx: godkänd\n"


def test_no_file_of_the_plans_year_names_the_plan_and_the_years(tmp_path, monkeypatch):
    """Done when: run with no plan (the embedded 2025 plan) where every file is for 2026:
    the message names the plan used and the years found, suggests --plan, exit code 1, and
    never asks to fix the files."""
    from dataclasses import replace

    p26 = replace(P25, ar=2026)
    for ins in p26.insatser[:3]:
        put(tmp_path / "inbox", f"2026-02_{ins.id}.xlsx", ins, "2026-02",
            {"fx_antal": 3} if not ins.flow else {"fx_start_kvinnor": 1}, utc(2026, 3, 2),
            plan=p26)
    message = ("Fel: Ingen fil i inbox hör till planens år, så det finns inget att "
               f"sammanställa: planen är {NAMN} 2025 (den inbyggda exempelplanen; ingen "
               "plan.xlsx i arbetsmappen), men filerna gäller 2026. Ange planen för 2026 med "
               "--plan (en ny plan skrivs med 'finsam-xl plan new -o plan-2026.xlsx').")
    for command in (["collect"], ["status"], ["remind"]):
        res = run(tmp_path, *command, monkeypatch=monkeypatch)
        assert res.exit_code == 1, res.output
        lines = after_plan(res.output, EMBEDDED).splitlines()
        assert lines[-1] == message
        assert "Rätta" not in res.output and "underkänd" not in res.output
    assert not (tmp_path / "outbox" / "uppfoljning-2026-02.xlsx").exists()


# ----------------------------------------------------------------------------- plans


def test_plans_are_found_in_the_working_folder_and_given_once_per_year(years, tmp_path,
                                                                     monkeypatch):
    base, _ = years
    monkeypatch.chdir(base)
    found = resolve_plans()
    assert (found.plans, found.sources) == ((P24, P25), ("plan-2024.xlsx", "plan.xlsx"))
    assert resolve_plans(["plan.xlsx", base / "plan.xlsx"]).plans == (P25,)  # the same file
    monkeypatch.chdir(tmp_path)
    assert resolve_plans().sources == (None,)  # nothing here: the embedded example
    write_plan(P25, tmp_path / "plan-2025.xlsx")
    (tmp_path / "plan.xlsx").write_bytes((base / "plan.xlsx").read_bytes())
    res = CliRunner().invoke(cli, ["status"], prog_name="finsam-xl")
    assert res.exit_code == 2
    assert res.output.endswith(
        "Fel: Två planer gäller samma år, 2025: plan.xlsx och plan-2025.xlsx. Ange en plan per "
        "år (med --plan, eller som plan.xlsx och plan-ÅÅÅÅ.xlsx i arbetsmappen).\n")
    res = CliRunner().invoke(cli, ["collect", "--plan", str(base / "plan.xlsx"), "--plan",
                                   "plan-2025.xlsx"], prog_name="finsam-xl")
    assert res.exit_code == 2
    assert f"Två planer gäller samma år, 2025: {base / 'plan.xlsx'} och plan-2025.xlsx." in \
        res.output
    (tmp_path / "plan.xlsx").unlink()
    (tmp_path / "plan-2025.xlsx").rename(tmp_path / "plan-2024.xlsx")
    res = CliRunner().invoke(cli, ["templates", "--period", "2025-03"], prog_name="finsam-xl")
    assert res.exit_code == 2
    assert res.output.endswith(
        "Fel: plan-2024.xlsx heter som planen för 2024 men är planen för 2025 (Förbund!år). "
        "Rätta året i planen, eller byt namn på filen till plan-2025.xlsx.\n")
