"""E-mail drafts from a hostile plan or inbox (issue 19, item 7): files go only to their own
coordinator, headers are built only from validated addresses, names and subjects never carry
a line break or an encoded word into a header, and addresses with letters outside ASCII are
handled (an IDN domain as punycode; a local part outside ASCII warned about by `plan check`,
and not used).

Before: a `samordnare` of `=?utf-8?q?evil=0D=0ABcc:_x@attacker.example?=` produced a real
`Bcc:` header once a mail program decoded it; a line break in an insats's name (Alt+Enter
in Excel, accepted by `plan check`) or in a rejected file's name made `remind` refuse every
draft with "Ett programfel … ValueError"; `örjan@example.se` gave a draft with no recipient
and no word why; an IDN domain was written as an invalid encoded word; and
`2025-03_sip.xlsx` whose cells say forsteg-motala went, with its sender's name and phone
number, to forsteg-motala's coordinator."""

from __future__ import annotations

import email
import re
from email import policy
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsam_xl.cli import cli
from finsam_xl.plan import write_plan
from finsam_xl.template import write_template
from support.files import ISA, PLAN, flow, put, read_draft, utc, with_addresses
from support.runs import after_plan
from support.scan import files_under

PLAN_LINE = "Plan: Samordningsförbundet Västra Östergötland 2025 (plan.xlsx)."
EVIL = "=?utf-8?q?evil=0D=0ABcc:_x@attacker.example?="
MOTALA = PLAN.insats("forsteg-motala")
ADDRESSES = {"isa": (EVIL, "anna@example.se"),
             "sip": ("Örjan Ek", "örjan@example.se"),
             "forsteg-motala": ("Per\nMotala", "per@växjö.se"),
             "forstegskoordinator": ("Cia", "cia@example.se")}


def invoke(*args: str, code: int = 0) -> list[str]:
    res = CliRunner().invoke(cli, list(args))
    assert res.exit_code == code, res.output
    assert "Traceback" not in res.output and "programfel" not in res.output
    return after_plan(res.output, PLAN_LINE).splitlines()


@pytest.fixture
def kansli(tmp_path, monkeypatch):
    """plan.xlsx with the hostile names and addresses above and an insats name typed with a
    line break; an inbox with a re-used template of forsteg-motala named for sip (with its
    sender's name and phone number), a rejected ISA file whose name has a line break, and
    an accepted report."""
    import dataclasses

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1745740800")  # 2025-04-27, after the deadline
    plan = with_addresses(ADDRESSES)
    plan = dataclasses.replace(plan, insatser=tuple(
        dataclasses.replace(i, namn="Individuellt stöd\ntill arbete") if i.id == "isa" else i
        for i in plan.insatser))
    write_plan(plan, tmp_path / "plan.xlsx")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_template(PLAN, MOTALA, "2025-03", inbox / "2025-03_sip.xlsx", values=flow(3, 2),
                   texts={"fx_rapporterad_av": "Sven Berg 070-123 45 67"},
                   modified=utc(2025, 4, 2))
    put(inbox, "2025-03_isa\nkopia.xlsx", ISA, "2025-03", {"fx_nya_man": "x"}, utc(2025, 4, 2))
    put(inbox, "2025-03_forstegskoordinator.xlsx", PLAN.insats("forstegskoordinator"),
        "2025-03", {"fx_antal": 4}, utc(2025, 4, 2))
    return tmp_path


def drafts(folder: Path) -> dict[str, email.message.EmailMessage]:
    return {p.relative_to(folder).as_posix(): email.message_from_bytes(
        p.read_bytes(), policy=policy.default) for p in sorted(folder.rglob("*.eml"))}


def test_plan_check_warns_about_the_line_break_and_the_local_part(kansli):
    lines = invoke("plan", "check", "plan.xlsx")
    assert lines == [
        "Varning: plan.xlsx, bladet Insatser, rad 2, kolumnen namn (Insatser!B2): "
        "'Individuellt stöd␊till arbete' har en radbrytning, en tabb eller ett annat "
        "styrtecken; finsam-xl skriver texten på en rad, som 'Individuellt stöd till "
        "arbete'. Ta bort radbrytningen i planen (i Excel: Alt+Enter gör en radbrytning i en "
        "cell).",
        "Varning: plan.xlsx, bladet Insatser, rad 3, kolumnen e-post (Insatser!L3): "
        "'örjan@example.se' har å, ä, ö eller ett annat tecken utanför a–z före @, vilket "
        "många e-postservrar inte tar emot; skriv den adress samordnaren har utan sådana "
        "tecken (fråga samordnaren), annars får insatsens e-postutkast ingen mottagare.",
        "Varning: plan.xlsx, bladet Insatser, rad 6, kolumnen samordnare (Insatser!K6): "
        "'Per␊Motala' har en radbrytning, en tabb eller ett annat styrtecken; finsam-xl "
        "skriver texten på en rad, som 'Per Motala'. Ta bort radbrytningen i planen (i "
        "Excel: Alt+Enter gör en radbrytning i en cell).",
        "Planen plan.xlsx är godkänd."]


def test_no_draft_gets_a_header_from_a_name_and_none_fails(kansli):
    before = files_under(kansli / "inbox")
    invoke("collect", "--period", "2025-03")
    invoke("remind", "--period", "2025-03")
    invoke("utskick", "--period", "2025-04")
    assert files_under(kansli / "inbox") == before
    found = drafts(kansli / "outbox")
    assert found
    for name, msg in found.items():
        raw = (kansli / "outbox" / name).read_bytes()
        assert set(msg.keys()) <= {"To", "Subject", "Date", "X-Unsent", "MIME-Version",
                                   "Content-Type", "Content-Transfer-Encoding"}, name
        assert not re.search(rb"(?im)^(bcc|cc|from|reply-to):", raw), name
        assert raw.split(b"\r\n\r\n", 1)[0].isascii()
        for value in msg.values():
            assert "\n" not in str(value) and "\r" not in str(value)
            assert "attacker" not in str(value) and "=?" not in str(value)
    isa = found["paminnelser/2025-03_isa.eml"]
    assert isa["To"] == "anna@example.se"  # the encoded word gone, the address kept
    assert isa["Subject"] == ("Påminnelse: månadsrapport för Individuellt stöd till arbete, "
                              "mars 2025")
    _msg, body, files = read_draft(kansli / "outbox" / "paminnelser" / "2025-03_isa.eml")
    assert body.startswith("Hej!\n\n")  # no greeting by the encoded word
    assert sorted(files) == ["2025-03_isa␊kopia.txt", "2025-03_isa␊kopia.xlsx"]
    assert found["paminnelser/2025-03_forsteg-motala.eml"]["To"] == \
        "Per Motala <per@xn--vxj-qla6g.se>"


def test_a_non_ascii_local_part_gets_no_recipient_and_is_named(kansli):
    lines = invoke("remind", "--period", "2025-03")
    assert ("Skrev outbox/paminnelser/2025-03_sip.eml utan mottagare, ogiltig adress "
            "'örjan@example.se' i planen (underkänd rapport: märkt kopia och brev bifogade)"
            ) in lines
    assert ("Ogiltig adress 'örjan@example.se' i planen för sip (kolumnen e-post på bladet "
            "Insatser): rätta den i planen och kör igen, eller fyll i adressen i "
            "utkastet.") in lines
    msg, _body, _files = read_draft(kansli / "outbox" / "paminnelser" / "2025-03_sip.eml")
    assert msg["To"] is None


def test_a_file_goes_only_to_the_coordinator_its_name_gives(kansli):
    """`2025-03_sip.xlsx` whose cells say forsteg-motala: its letter and marked copy go to
    SIP's coordinator (no recipient here: an address outside ASCII), never to
    forsteg-motala's; forsteg-motala's reminder carries the blank template only."""
    lines = invoke("collect", "--period", "2025-03")
    assert ("2025-03_sip.xlsx: underkänd: filnamnet gäller sip, men Insats (Rapport!B42) är "
            "forsteg-motala") in lines
    invoke("remind", "--period", "2025-03")
    found = drafts(kansli / "outbox")
    letter = found["aterkoppling/2025-03_sip.eml"]
    assert letter["To"] is None and letter["Subject"] == \
        "Återkoppling: månadsrapport för Utveckling av SIP, mars 2025"
    copy = (kansli / "inbox" / "2025-03_sip.xlsx").read_bytes()
    for name, msg in found.items():
        names = [part.get_filename() for part in msg.iter_attachments()]
        carries = any("2025-03_sip" in (n or "") for n in names)
        if "per@" in str(msg["To"] or "") or name.endswith("forsteg-motala.eml"):
            assert not carries, name
            assert names == ["2025-03_forsteg-motala.xlsx"], name
            assert all(part.get_payload(decode=True) != copy for part in msg.iter_attachments())
            assert "Sven" not in msg.as_string()
    sip = found["paminnelser/2025-03_sip.eml"]
    assert [p.get_filename() for p in sip.iter_attachments()] == ["2025-03_sip.xlsx",
                                                                  "2025-03_sip.txt"]
