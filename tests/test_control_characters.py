"""Control characters in what a file names (issue 19, part of item 8): a file or folder name,
a sheet name or a cell's value with a line feed, a carriage return, an escape sequence, other
C0 or C1 controls or a bidirectional override never fakes, hides or reorders a verdict line:
one file, one line. They are shown as their Unicode control pictures ('␊', '␍', '␛' …) or
as '�' (`finsam_xl/printable.py`), wherever the name is shown.

Before: a file named "x.xlsx: godkänd\\n2025-03_sip.xlsx" printed a line "x.xlsx: godkänd"
for a rejected file, "\\r" hid the start of its line, and an escape sequence could clear it
(click strips escape sequences only when the output is not a terminal: the tests run with
colour on, as in a terminal)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsam_xl.cli import cli
from finsam_xl.printable import one_line
from support.files import SIP, put, rename_sheet, utc
from support.runs import after_plan

REJECTED = "underkänd: Månadens antal (Rapport!B14) är 'fem', inte ett heltal 0 eller större"


@pytest.mark.parametrize("name, shown", [
    ("x.xlsx: godkänd\n2025-03_sip.xlsx", "x.xlsx: godkänd␊2025-03_sip.xlsx"),
    ("2025-03_sip.xlsx: godkänd\r2025-03_sip.xlsx", "2025-03_sip.xlsx: godkänd␍2025-03_sip.xlsx"),
    ("\x1b[2K\x1b[1A\x1b[32m2025-03_sip.xlsx", "␛[2K␛[1A␛[32m2025-03_sip.xlsx"),
    ("a\x07\x08\x7f\t.xlsx", "a␇␈␡␉.xlsx"),
    ("b\x85\x9b31m\u2028\u2029.xlsx", "b��31m��.xlsx"),  # C1 (NEL, CSI), separators
    ("c\u202exslx.dnäkdog :\u202c.xlsx", "c�xslx.dnäkdog :�.xlsx"),  # a right-to-left override
])
def test_a_file_name_with_control_characters_is_one_line(tmp_path, name, shown):
    inbox = tmp_path / "inbox"
    put(inbox, name, SIP, "2025-03", {"fx_antal": "fem"}, utc(2025, 4, 2))
    put(inbox, "2025-03_sip.xlsx", SIP, "2025-03", {"fx_antal": 5}, utc(2025, 4, 2))
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in inbox.iterdir()}
    res = CliRunner().invoke(cli, ["collect", "--period", "2025-03"], color=True)
    assert res.exit_code == 0, res.output
    lines = after_plan(res.output).split("\n")
    files = lines[:lines.index("")]
    assert sorted(files) == sorted([f"{shown}: {REJECTED}", "2025-03_sip.xlsx: godkänd"])
    assert "\r" not in res.output and "\x1b" not in res.output
    summary = json.loads(Path("outbox/sammanfattning-2025-03.json").read_text("utf-8"))
    assert sorted(f["file"] for f in summary["files"]) == sorted([shown, "2025-03_sip.xlsx"])
    letters = sorted(p.name for p in Path("outbox/aterkoppling").iterdir())
    assert f"{shown.rsplit('.', 1)[0]}.txt" in letters
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in inbox.iterdir()} == before

    check = CliRunner().invoke(cli, ["check", str(inbox / name)], color=True)
    assert check.exit_code == 1
    assert after_plan(check.output).split("\n")[0] == \
        f"{one_line(str(inbox))}/{shown}: {REJECTED}"


def test_a_folder_name_with_a_line_break(tmp_path):
    put(tmp_path / "inbox", "maj\n2025-03_isa.xlsx: godkänd/2025-03_sip.xlsx", SIP, "2025-03",
        {"fx_antal": "fem"}, utc(2025, 4, 2))
    res = CliRunner().invoke(cli, ["collect", "--period", "2025-03"], color=True)
    assert res.exit_code == 0, res.output
    assert after_plan(res.output).split("\n")[0] == (
        f"maj␊2025-03_isa.xlsx: godkänd/2025-03_sip.xlsx: {REJECTED}")


def test_a_cell_value_with_a_line_break_stays_on_the_files_line(tmp_path):
    """Alt+Enter in a count cell: the value shown in the line keeps it visible."""
    put(tmp_path / "inbox", "2025-03_sip.xlsx", SIP, "2025-03",
        {"fx_antal": "5\n2025-03_forsteg-motala.xlsx: godkänd"}, utc(2025, 4, 2))
    res = CliRunner().invoke(cli, ["check", "inbox/2025-03_sip.xlsx"], color=True)
    assert after_plan(res.output).split("\n")[0] == (
        "inbox/2025-03_sip.xlsx: underkänd: Månadens antal (Rapport!B14) är "
        "'5␊2025-03_forsteg-motala.xlsx: godkänd', inte ett heltal 0 eller större")


def test_a_sheet_name_with_a_line_break(tmp_path):
    path = put(tmp_path, "2025-03_sip.xlsx", SIP, "2025-03", {"fx_antal": "fem"},
               utc(2025, 4, 2))
    rename_sheet(path, "Rap&#10;port")  # a line feed, as a character reference
    res = CliRunner().invoke(cli, ["check", "2025-03_sip.xlsx"], color=True)
    assert after_plan(res.output).split("\n")[0] == (
        "2025-03_sip.xlsx: underkänd: Månadens antal (Rap␊port!B14) är 'fem', inte ett heltal "
        "0 eller större")


def test_one_line_keeps_every_printable_character():
    text = "Anna\u00a0Ek – Ödeshög 👩‍👩‍👧 עברית ١٢٣ \u200d\u200b"
    assert one_line(text) == text
    assert one_line("a\nb\rc\x00d\x1f\x7f\x80\x9f") == "a␊b␍c␀d␟␡��"


# ----------------------------------------------------------------------------- XML parts


def _xml_parts(folder: Path) -> dict[str, bytes]:
    """Every XML part of every workbook finsam-xl wrote under `folder` (in drafts too)."""
    import email
    import io
    import zipfile
    from email import policy

    packages = {}
    for p in sorted(folder.rglob("*")):
        if p.suffix == ".xlsx":
            packages[p.relative_to(folder).as_posix()] = p.read_bytes()
        elif p.suffix == ".eml":
            msg = email.message_from_bytes(p.read_bytes(), policy=policy.default)
            for part in msg.iter_attachments():
                if (part.get_filename() or "").endswith(".xlsx"):
                    packages[f"{p.name}!{part.get_filename()}"] = part.get_payload(decode=True)
    out = {}
    for name, data in packages.items():
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            out.update({f"{name}!{n}": z.read(n) for n in z.namelist()
                        if n.endswith((".xml", ".vml", ".rels"))})
    return out


def _well_formed(parts: dict[str, bytes]) -> list[str]:
    import xml.parsers.expat

    bad = []
    for name, data in parts.items():
        try:
            xml.parsers.expat.ParserCreate().Parse(data, True)
        except xml.parsers.expat.ExpatError as exc:
            bad.append(f"{name}: {exc}")
    return bad


CONTROL = "ISA \x1b[31m\x01\x7f_x000D_"  # an escape, a C0 control, DEL, an OOXML escape


def test_control_characters_never_make_an_xml_part_unreadable(tmp_path, monkeypatch):
    """A file name and a cell with control characters, and an insats name with them (in a
    plan given to the library as it is, unmasked): every XML part of every output parses,
    openpyxl reads the marked copies, and a note shows the text (item 8, the XML half).
    Before: the copy's comments part was not well-formed (openpyxl: ParseError)."""
    import dataclasses

    import openpyxl

    from finsam_xl.model import Plans
    from finsam_xl.plan import load_example
    from finsam_xl.run import run_collect, run_remind

    plan = load_example()
    plan = dataclasses.replace(plan, insatser=tuple(
        dataclasses.replace(i, namn=CONTROL, samordnare=CONTROL, epost="a@example.se")
        if i.id == "isa" else i for i in plan.insatser))
    inbox = tmp_path / "inbox"
    isa = plan.insats("isa")
    put(inbox, "a\x1bb\x01\x7f.xlsx", isa, "2025-03", {"fx_nya_man": "x\x1b"}, utc(2025, 4, 2))
    put(inbox, "2025-03_isa.xlsx", SIP, "2025-03", {"fx_antal": 3}, utc(2025, 4, 2))
    monkeypatch.chdir(tmp_path)
    run = run_collect(inbox, tmp_path / "outbox", plan=plan, period="2025-03")
    run_remind(inbox, tmp_path / "outbox", Plans.of(plan), "2025-03")
    assert run.outputs.failed == []
    parts = _xml_parts(tmp_path / "outbox")
    assert any("comments1.xml" in n for n in parts)
    assert _well_formed(parts) == []
    copies = sorted((tmp_path / "outbox" / "aterkoppling").glob("*.xlsx"))
    assert [p.name for p in copies] == ["2025-03_isa.xlsx", "a␛b␁␡.xlsx"]
    for copy in copies:
        ws = openpyxl.load_workbook(copy)["Rapport"]
        notes = [c.comment.text for row in ws.iter_rows() for c in row if c.comment]
        assert notes and all(n.startswith("Fel: ") for n in notes)
    note = openpyxl.load_workbook(tmp_path / "outbox" / "aterkoppling" /
                                  "2025-03_isa.xlsx")["Rapport"]["B25"].comment.text
    # as Excel writes such text (openpyxl shows a note's escapes as they are; Excel and the
    # reader decode them): the escape and the C0 control as _xHHHH_, the literal escape
    # escaped
    assert "för ISA _x001B_[31m_x0001_\x7f_x005F_x000D_. Fyll i" in note
