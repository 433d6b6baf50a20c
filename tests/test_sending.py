"""What the kansli sends, over many runs a month (issue 17): every letter beside its e-mail
draft, collect naming only the letters that are new or changed since the previous run, the
start of the month's drafts (`utskick`), reminders worded by the date, and a re-used
template of another month treated as that month's rejected report everywhere.

Drafts are parsed back with the email package and read as the coordinator who gets them;
the clock is fixed with SOURCE_DATE_EPOCH where the wording depends on the date."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsam_xl.cli import cli
from finsam_xl.plan import write_plan
from finsam_xl.reader import read_file
from support.files import ISA, PLAN, SIP, flow, put, read_draft, utc, with_addresses
from support.runs import after_plan

ADDRESSES = {"isa": ("Anna Ek", "anna.ek@motala.se"), "sip": ("Bo Lind", "bo.lind@mjolby.se"),
             "forstegskoordinator": ("Cecilia Ås", "cecilia.as@boxholm.se")}
KOORD = PLAN.insats("forstegskoordinator")


def epoch(*args) -> str:
    """SOURCE_DATE_EPOCH for a UTC time."""
    return str(int(datetime(*args, tzinfo=timezone.utc).timestamp()))


# The kansli's plan.xlsx (the fixture `kansli`), named first by every command.
PLAN_LINE = "Plan: Samordningsförbundet Västra Östergötland 2025 (plan.xlsx)."


def invoke(*args) -> list[str]:
    """A command's lines after the plan line it starts with."""
    res = CliRunner().invoke(cli, [str(a) for a in args], prog_name="finsam-xl")
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output
    return after_plan(res.output, PLAN_LINE).splitlines()


@pytest.fixture
def kansli(tmp_path, monkeypatch):
    """A working folder with plan.xlsx (three coordinators with addresses), an inbox with
    March's good reports for ISA and SIP, and the clock at 20 April 2025."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(2025, 4, 20, 8))
    write_plan(with_addresses(ADDRESSES), tmp_path / "plan.xlsx")
    inbox = tmp_path / "inbox"
    put(inbox, "2025-03_isa.xlsx", ISA, "2025-03", flow(5, 4), utc(2025, 4, 2, 8))
    put(inbox, "2025-03_sip.xlsx", SIP, "2025-03", {"fx_antal": 6}, utc(2025, 4, 2, 8))
    return tmp_path


def collect(*args) -> list[str]:
    return invoke("collect", "--period", "2025-03", *args)


def summary_letters(folder: Path) -> list[dict]:
    data = json.loads((folder / "outbox" / "sammanfattning-2025-03.json").read_text("utf-8"))
    return data["letters"]


# ----------------------------------------------------------------------------- new letters


def test_three_runs_announce_each_letter_once(kansli):
    """A good month; one bad file added; its correction added. The second run announces
    exactly the one new letter and writes its draft; the same inbox again announces none;
    the third run announces none and removes the letter and its draft."""
    fb = Path("outbox") / "aterkoppling"
    first = collect()
    assert "Ingen återkoppling behövs: inga fel eller varningar." in first
    assert not any("brev att skicka" in line for line in first)
    assert not fb.exists() or list(fb.iterdir()) == []

    put(Path("inbox"), "2025-03_forstegskoordinator.xlsx", KOORD, "2025-03",
        {"fx_antal": "ca 10"}, utc(2025, 4, 3, 8))
    second = collect()
    draft = fb / "2025-03_forstegskoordinator.eml"
    assert second[second.index(f"Märkta kopior av samordnarnas filer: 1 i {fb}") + 1:][:2] == [
        "1 nytt eller ändrat brev att skicka sedan förra körningen (öppna utkastet i "
        "e-postprogrammet och skicka det):",
        f"  {draft} till Cecilia Ås <cecilia.as@boxholm.se>",
    ]
    msg, body, files = read_draft(draft)
    assert msg["To"] == "Cecilia Ås <cecilia.as@boxholm.se>"
    assert msg["Subject"] == "Återkoppling: månadsrapport för Förstegskoordinator, mars 2025"
    assert msg["From"] is None and msg["X-Unsent"] == "1"
    assert msg["Date"] == "Sun, 20 Apr 2025 10:00:00 +0200"  # the run's clock, Swedish time
    assert body == (fb / "2025-03_forstegskoordinator.txt").read_text("utf-8")
    assert files == {"2025-03_forstegskoordinator.xlsx":
                     (fb / "2025-03_forstegskoordinator.xlsx").read_bytes()}
    assert [(x["letter"], x["draft"], x["marked"], x["to"], x["new"])
            for x in summary_letters(kansli)] == [
        ("2025-03_forstegskoordinator.txt", "2025-03_forstegskoordinator.eml",
         "2025-03_forstegskoordinator.xlsx", "Cecilia Ås <cecilia.as@boxholm.se>", True)]

    written = draft.read_bytes()
    again = collect()  # nothing changed: nothing to send, and the same bytes
    assert "Inga nya eller ändrade brev att skicka: breven är desamma som efter förra " \
           "körningen." in again
    assert not any(line.startswith("  outbox/aterkoppling/") for line in again)
    assert [x["new"] for x in summary_letters(kansli)] == [False]
    assert draft.read_bytes() == written

    put(Path("inbox"), "rattad/2025-03_forstegskoordinator.xlsx", KOORD, "2025-03",
        {"fx_antal": 10}, utc(2025, 4, 4, 8))
    third = collect()
    assert "rattad/2025-03_forstegskoordinator.xlsx: godkänd" in third
    assert "Ingen återkoppling behövs: inga fel eller varningar." in third
    assert not any("brev att skicka" in line for line in third)
    assert "Brev som inte behövs längre och har tagits bort (1): " \
           "2025-03_forstegskoordinator.txt" in third
    assert sorted(fb.iterdir()) == []
    assert not (Path("outbox") / ".finsam-xl-brev.json").exists()
    assert summary_letters(kansli) == []


def test_the_same_run_twice_writes_the_same_draft_bytes(kansli, tmp_path):
    put(Path("inbox"), "2025-03_forstegskoordinator.xlsx", KOORD, "2025-03",
        {"fx_antal": "ca 10"}, utc(2025, 4, 3, 8))
    drafts = []
    for out in ("ut1", "ut2"):
        collect("--outbox", out)
        drafts.append((Path(out) / "aterkoppling" / "2025-03_forstegskoordinator.eml")
                      .read_bytes())
    assert drafts[0] == drafts[1]
    assert b"\r\n" in drafts[0] and b"X-Unsent: 1\r\n" in drafts[0]


def test_a_file_sent_again_with_other_numbers_gets_a_new_letter(kansli):
    put(Path("inbox"), "2025-03_forstegskoordinator.xlsx", KOORD, "2025-03",
        {"fx_antal": "ca 10"}, utc(2025, 4, 3, 8))
    collect()
    # the same name, still wrong, but another file: its letter is to be sent again
    put(Path("inbox"), "2025-03_forstegskoordinator.xlsx", KOORD, "2025-03",
        {"fx_antal": "cirka 10"}, utc(2025, 4, 4, 8))
    lines = collect()
    assert "1 nytt eller ändrat brev att skicka sedan förra körningen (öppna utkastet i " \
           "e-postprogrammet och skicka det):" in lines
    assert [x["new"] for x in summary_letters(kansli)] == [True]


def test_letters_agree_after_a_correction(kansli):
    """The first file's letter says that the latest saved file counts; once the
    coordinator sends a corrected file, the first file needs no letter (nothing in it is
    left to fix), and the new file's letter says the same as the first did."""
    put(Path("inbox"), "2025-03_sip.xlsx", SIP, "2025-03", {"fx_antal": 60},
        utc(2025, 4, 2, 8))  # more than the year's volume (50): a warning
    collect()
    first = (Path("outbox") / "aterkoppling" / "2025-03_sip.txt").read_text("utf-8")
    assert "Skicka en rättad fil om något är fel: den senast sparade filen för en insats " \
           "och månad är den som gäller." in first
    put(Path("inbox"), "rattad/2025-03_sip.xlsx", SIP, "2025-03", {"fx_antal": 6},
        utc(2025, 4, 3, 8))
    lines = collect()
    assert "2025-03_sip.xlsx: ersatt av rattad/2025-03_sip.xlsx" in lines
    assert "Brev som inte behövs längre och har tagits bort (1): 2025-03_sip.txt" in lines
    letters = {p.name: p.read_text("utf-8")
               for p in (Path("outbox") / "aterkoppling").glob("*.txt")}
    assert list(letters) == ["rattad__2025-03_sip.txt"]
    text = letters["rattad__2025-03_sip.txt"]
    assert "den senast sparade filen är den som gäller" in text
    assert "skicka bara en fil" not in text


def test_a_letter_without_a_known_insats_or_address_is_listed_without_recipient(kansli):
    put(Path("inbox"), "rapport.xlsx", SIP, "2025-03", {"fx_antal": "x"}, utc(2025, 4, 3, 8))
    old = Path("inbox") / "2025-03_forstegskoordinator.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 60)
    (Path("inbox") / "anteckning.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 60)
    lines = collect()
    fb = Path("outbox") / "aterkoppling"
    # an .xls cannot be read, but its name says whose it is; rapport.xlsx names SIP in its
    # cells only; anteckning.xls names no insats at all
    assert f"  {fb / '2025-03_forstegskoordinator.eml'} till Cecilia Ås " \
           "<cecilia.as@boxholm.se>" in lines
    assert f"  {fb / 'rapport.eml'} till Bo Lind <bo.lind@mjolby.se>" in lines
    assert f"  {fb / 'anteckning.eml'} utan mottagare, filen anger ingen insats i " \
           "planen" in lines
    msg, _body, _files = read_draft(fb / "anteckning.eml")
    assert msg["Subject"] == "Återkoppling på anteckning.xls" and msg["To"] is None
    msg, _body, files = read_draft(fb / "rapport.eml")
    assert msg["Subject"] == "Återkoppling: månadsrapport för Utveckling av SIP, mars 2025"
    assert list(files) == ["rapport.xlsx"]


# ----------------------------------------------------------------------------- utskick


def test_utskick_sends_the_month_s_prefilled_templates(kansli):
    lines = invoke("utskick")  # 20 April: the month after the latest ended month is April
    folder = Path("outbox") / "utskick"
    active = PLAN.active_insatser(4)
    assert lines[0] == ("Period: 2025-04 (april 2025, månaden efter den senast avslutade; "
                        "ange en annan med --period).")
    assert lines[-1] == ("Klart: 13 utskick för april 2025 i outbox/utskick. Sista dag för "
                         "rapporterna: 10 maj 2025.")
    assert f"Skrev {folder / '2025-04_isa.eml'} till Anna Ek <anna.ek@motala.se> (mallen " \
           "bifogad, start ifylld från 2025-03_isa.xlsx, 2025-03)" in lines
    assert f"Skrev {folder / '2025-04_natverket-vastra.eml'} utan mottagare, ingen " \
           "e-postadress i planen (mallen bifogad)" in lines
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"2025-04_{i.id}.eml"
                                                              for i in active)
    first = {p.name: p.read_bytes() for p in folder.iterdir()}
    for insats in active:
        msg, body, files = read_draft(folder / f"2025-04_{insats.id}.eml")
        assert msg["Subject"] == f"Mall för månadsrapporten för {insats.namn}, april 2025"
        assert msg["X-Unsent"] == "1" and msg["From"] is None
        assert (msg["To"] is not None) == (insats.id in ADDRESSES)
        greeting = f"Hej {ADDRESSES[insats.id][0]}!" if insats.id in ADDRESSES else "Hej!"
        assert body.startswith(
            f"{greeting}\n\nHär är mallen för månadsrapporten för {insats.namn} för april "
            "2025. Fyll i de gula cellerna när månaden är slut, spara filen som .xlsx och "
            "skicka den till kansliet senast 10 maj 2025.")
        assert "Påminnelse" not in body and "ännu inte" not in body and "saknas" not in body
        assert msg["Subject"].startswith("Mall för")
        (name, data), = files.items()
        assert name == f"2025-04_{insats.id}.xlsx"
        path = kansli / name
        path.write_bytes(data)
        sub, findings = read_file(path, name)
        assert findings == []
        assert (sub.raw["fx_period"], sub.raw["fx_insats"]) == ("2025-04", insats.id)
    _msg, body, files = read_draft(folder / "2025-04_isa.eml")
    assert "Inskrivna vid månadens start är redan ifyllda med dem som var inskrivna vid " \
           "slutet av mars 2025 enligt 2025-03_isa.xlsx; ändra siffrorna om de inte " \
           "stämmer." in body
    (kansli / "x.xlsx").write_bytes(files["2025-04_isa.xlsx"])
    sub, _ = read_file(kansli / "x.xlsx", "x.xlsx")
    assert (sub.raw["fx_start_kvinnor"], sub.raw["fx_start_man"]) == (5, 4)  # 5+1-1, 4+1-1
    invoke("utskick")  # the same run again: the same bytes
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == first


@pytest.mark.parametrize("when, fill", [
    ((2025, 4, 5, 8), "Fyll i de gula cellerna, spara filen som .xlsx och skicka den till "
                      "kansliet senast 10 april 2025."),
    ((2025, 4, 20, 8), "Fyll i de gula cellerna, spara filen som .xlsx och skicka den till "
                       "kansliet så snart du kan; sista dag för rapporten var 10 april 2025."),
])
def test_utskick_of_a_month_that_has_ended(kansli, monkeypatch, when, fill):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(*when))
    lines = invoke("utskick", "--period", "2025-03")
    assert lines[0] == "Period: 2025-03 (angiven med --period)."
    _msg, body, _files = read_draft(Path("outbox") / "utskick" / "2025-03_sip.eml")
    assert f"för mars 2025. {fill}" in body


def test_utskick_default_outside_the_plan_year(kansli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(2026, 1, 5))
    res = CliRunner().invoke(cli, ["utskick"], prog_name="finsam-xl")
    assert res.exit_code == 1
    assert res.output == (PLAN_LINE + "\n"
                          "Fel: Månaden efter den senast avslutade är januari 2026, som ligger "
                          "utanför planens år 2025. Ange månaden med --period, eller använd "
                          "planen för året.\n")


def test_collect_removes_the_drafts_its_run_makes_unneeded(kansli):
    """Reminders and utskick drafts for a month whose report has come in go with the next
    collect (not only with the next remind); the others stay."""
    invoke("utskick", "--period", "2025-04")
    invoke("remind", "--period", "2025-03")
    reminders = Path("outbox") / "paminnelser"
    assert (reminders / "2025-03_forstegskoordinator.eml").exists()
    put(Path("inbox"), "2025-03_forstegskoordinator.xlsx", KOORD, "2025-03", {"fx_antal": 4},
        utc(2025, 4, 3, 8))
    put(Path("inbox"), "2025-04_sip.xlsx", SIP, "2025-04", {"fx_antal": 4}, utc(2025, 5, 2, 8))
    lines = invoke("collect", "--period", "2025-04")
    assert ("Utkast som inte behövs längre, eftersom rapporten har kommit in, har tagits bort "
            f"(2): {reminders / '2025-03_forstegskoordinator.eml'}, "
            f"{Path('outbox') / 'utskick' / '2025-04_sip.eml'}") in lines
    assert not (reminders / "2025-03_forstegskoordinator.eml").exists()
    assert (reminders / "2025-03_fontanhus-motala.eml").exists()
    assert not (Path("outbox") / "utskick" / "2025-04_sip.eml").exists()
    assert (Path("outbox") / "utskick" / "2025-04_isa.eml").exists()


# ----------------------------------------------------------------------------- remind


@pytest.fixture
def rejected_sip(kansli):
    """SIP's March report rejected (text in its count cell); forstegskoordinator missing."""
    (Path("inbox") / "2025-03_sip.xlsx").unlink()
    put(Path("inbox"), "2025-03_sip.xlsx", SIP, "2025-03", {"fx_antal": "6 st"},
        utc(2025, 4, 2, 8))
    return kansli


@pytest.mark.parametrize("when", [(2025, 4, 5, 8), (2025, 4, 10, 20)])  # the 10th: in time
def test_remind_before_the_deadline(rejected_sip, monkeypatch, when):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(*when))
    lines = invoke("remind", "--period", "2025-03")
    assert "Sista dag för rapporterna för mars 2025 är 10 april 2025." in lines
    folder = Path("outbox") / "paminnelser"
    _msg, body, _files = read_draft(folder / "2025-03_forstegskoordinator.eml")
    assert body.startswith(
        "Hej Cecilia Ås!\n\nVi har ännu inte fått någon godkänd månadsrapport för "
        "Förstegskoordinator för mars 2025. Sista dag för rapporten är 10 april 2025. Fyll i "
        "den bifogade mallen (de gula cellerna), spara den som .xlsx och skicka den till "
        "kansliet.\n")
    _msg, body, files = read_draft(folder / "2025-03_sip.eml")
    assert body.startswith(
        "Hej Bo Lind!\n\nRapporten för Utveckling av SIP för mars 2025 (2025-03_sip.xlsx) "
        "kunde inte godkännas. Bifogat finns din fil med felen markerade och ett brev om vad "
        "som ska rättas. Rätta filen och skicka den till kansliet igen; sista dag för "
        "rapporten är 10 april 2025.\n")
    assert sorted(files) == ["2025-03_sip.txt", "2025-03_sip.xlsx"]


def test_remind_after_the_deadline(rejected_sip, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(2025, 4, 13, 8))
    lines = invoke("remind", "--period", "2025-03")
    assert ("Sista dag för rapporterna för mars 2025 var 10 april 2025: påminnelserna säger "
            "att rapporten saknas och att fristen har gått ut.") in lines
    folder = Path("outbox") / "paminnelser"
    _msg, body, _files = read_draft(folder / "2025-03_forstegskoordinator.eml")
    assert body.startswith(
        "Hej Cecilia Ås!\n\nMånadsrapporten för Förstegskoordinator för mars 2025 saknas: "
        "sista dag för den var 10 april 2025, och vi har inte fått någon godkänd rapport. "
        "Fyll i den bifogade mallen (de gula cellerna), spara den som .xlsx och skicka den "
        "till kansliet så snart du kan.\n")
    assert "Sista dag för rapporten är" not in body
    _msg, body, _files = read_draft(folder / "2025-03_sip.eml")
    assert body.startswith(
        "Hej Bo Lind!\n\nRapporten för Utveckling av SIP för mars 2025 (2025-03_sip.xlsx) "
        "kunde inte godkännas, och sista dag för rapporten, 10 april 2025, har passerat. "
        "Bifogat finns din fil med felen markerade och ett brev om vad som ska rättas. Rätta "
        "filen och skicka den till kansliet igen så snart du kan.\n")


def test_remind_of_a_month_that_has_not_ended_points_to_utskick(kansli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(2025, 4, 20, 8))
    lines = invoke("remind", "--period", "2025-04")
    assert lines[0] == ("Månaden april 2025 är inte slut än. För att skicka ut månadens mall "
                        "till alla insatser, kör 'finsam-xl utskick --period 2025-04'.")


def test_an_invalid_address_is_named_as_invalid(tmp_path, monkeypatch):
    """An address `plan check` warned about is called invalid by every command that writes
    drafts, never missing."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(2025, 4, 20, 8))
    write_plan(with_addresses({"isa": ("Lena Sjö", "lena.sjo@vgregion")}),
               tmp_path / "plan.xlsx")
    res = CliRunner().invoke(cli, ["plan", "check", "plan.xlsx"])
    assert "'lena.sjo@vgregion' är ingen e-postadress" in res.output
    put(tmp_path / "inbox", "2025-03_sip.xlsx", SIP, "2025-03", {"fx_antal": 6},
        utc(2025, 4, 2, 8))
    put(tmp_path / "inbox", "2025-03_isa.xlsx", ISA, "2025-03", {"fx_start_kvinnor": "x"},
        utc(2025, 4, 2, 8))
    lines = invoke("remind", "--period", "2025-03")
    assert (f"Skrev {Path('outbox') / 'paminnelser' / '2025-03_isa.eml'} utan mottagare, "
            "ogiltig adress 'lena.sjo@vgregion' i planen (underkänd rapport: märkt kopia och "
            "brev bifogade)") in lines
    assert f"Skrev {Path('outbox') / 'paminnelser' / '2025-03_forsteg-motala.eml'} utan " \
           "mottagare, ingen e-postadress i planen (mallen bifogad)" in lines
    assert ("Ogiltig adress 'lena.sjo@vgregion' i planen för isa (kolumnen e-post på bladet "
            "Insatser): rätta den i planen och kör igen, eller fyll i adressen i "
            "utkastet.") in lines
    no_address = [line for line in lines if line.startswith("Saknar e-postadress i planen")]
    assert len(no_address) == 1 and "isa" not in no_address[0].split(": ")[1].split(", ")
    msg, _body, _files = read_draft(Path("outbox") / "paminnelser" / "2025-03_isa.eml")
    assert msg["To"] is None
    lines = collect()
    assert f"  {Path('outbox') / 'aterkoppling' / '2025-03_isa.eml'} utan mottagare, " \
           "ogiltig adress 'lena.sjo@vgregion' i planen" in lines
    lines = invoke("utskick", "--period", "2025-04")
    assert f"Skrev {Path('outbox') / 'utskick' / '2025-04_isa.eml'} utan mottagare, " \
           "ogiltig adress 'lena.sjo@vgregion' i planen (mallen bifogad)" in lines


# ----------------------------------------------------------------------------- re-used template


def test_a_re_used_template_of_another_month_is_that_month_s_rejected_report(kansli):
    """ISA's coordinator re-used January's file for February, on time for February: the
    file is rejected, its letter is headed by February with no late-warning, status shows
    February as rejected, and the reminder for February carries the letter and the marked
    copy."""
    inbox = Path("inbox")
    put(inbox, "2025-01_isa.xlsx", ISA, "2025-01", flow(5, 4), utc(2025, 2, 3, 8))
    put(inbox, "2025-02_isa.xlsx", ISA, "2025-01", flow(5, 4, 2, 2), utc(2025, 3, 5, 8))
    lines = invoke("collect", "--period", "2025-02")
    assert any(line.startswith("2025-02_isa.xlsx: underkänd: filnamnet gäller 2025-02, men "
                               "Period (") for line in lines)
    fb = Path("outbox") / "aterkoppling"
    letter = (fb / "2025-02_isa.txt").read_text("utf-8")
    assert "\nInsats: Individuellt stöd till arbete (ISA) (isa). Period: 2025-02.\n" in letter
    assert "rapportfristen" not in letter and "Varningar" not in letter
    assert "Saknar godkänd rapport för februari 2025 (13): Individuellt stöd till arbete " \
           "(ISA) (underkänd), " in "\n".join(lines)

    status = invoke("status", "--period", "2025-02")
    isa = next(line for line in status if line.startswith("Individuellt stöd till arbete"))
    assert isa.split()[-3:] == ["✓", "!", "50"]
    assert "  Individuellt stöd till arbete (ISA) feb (underkänd)" in status

    remind = invoke("remind", "--period", "2025-02")
    draft = Path("outbox") / "paminnelser" / "2025-02_isa.eml"
    assert f"Skrev {draft} till Anna Ek <anna.ek@motala.se> (underkänd rapport: märkt kopia " \
           "och brev bifogade)" in remind
    msg, body, files = read_draft(draft)
    assert "Rapporten för Individuellt stöd till arbete (ISA) för februari 2025 " \
           "(2025-02_isa.xlsx) kunde inte godkännas" in body
    assert "Vi har ännu inte fått" not in body
    assert sorted(files) == ["2025-02_isa.txt", "2025-02_isa.xlsx"]
    assert files["2025-02_isa.txt"].decode("utf-8").replace("\r\n", "\n") == letter
    assert files["2025-02_isa.xlsx"] == (fb / "2025-02_isa.xlsx").read_bytes()
