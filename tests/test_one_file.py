"""One file never stops the month (issue 19, item 2): the names of what goes back to a
coordinator are bounded, and whatever goes wrong writing one file's letter, marked copy or
draft becomes that file's line and its entry in the summary, while the workbook is still
written.

Before: a file with findings whose name was 242 bytes or more (or whose folders joined with
`__` made the name too long) made collect exit 1 with no workbook for anyone, and the
message blamed the outbox path ("sökvägen är för lång"); one draft the email package could
not write (a ValueError) stopped the run with "Ett programfel"."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsam_xl import atomic
from finsam_xl.cli import cli
from finsam_xl.coordinator.names import NAME_BYTES
from support.files import ISA, SIP, put, read_draft, utc
from support.runs import after_plan
from support.scan import files_under

REJECTED = "underkänd: Nya under månaden, män (Rapport!C16) är 'x', inte ett heltal 0 eller större"
LONG = "x" * 242 + ".xlsx"  # 247 bytes: a name the inbox holds, the letter's temporary not
DEEP = "/".join(["mapp-" + "å" * 60] * 3) + "/2025-03_isa.xlsx"  # each folder 125 bytes


def inbox(tmp_path: Path, *names: str) -> Path:
    box = tmp_path / "inbox"
    for name in names:
        put(box, name, ISA, "2025-03", {"fx_start_kvinnor": 3, "fx_nya_man": "x"},
            utc(2025, 4, 2))
    put(box, "2025-03_sip.xlsx", SIP, "2025-03", {"fx_antal": 5}, utc(2025, 4, 2))
    return box


def collect(tmp_path: Path):
    before = files_under(tmp_path / "inbox")
    res = CliRunner().invoke(cli, ["collect", "--period", "2025-03"])
    assert files_under(tmp_path / "inbox") == before
    assert "Traceback" not in res.output
    return res, after_plan(res.output).splitlines()


@pytest.mark.parametrize("name", [LONG, DEEP], ids=["long-name", "deep-folders"])
def test_a_name_too_long_for_the_outbox_gets_a_shortened_letter(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    inbox(tmp_path, name)
    res, lines = collect(tmp_path)
    assert res.exit_code == 0, res.output
    assert f"{name}: {REJECTED}" in lines
    assert (tmp_path / "outbox" / "uppfoljning-2025-03.xlsx").is_file()
    folder = tmp_path / "outbox" / "aterkoppling"
    (letter,) = [p for p in folder.iterdir() if p.suffix == ".txt"]
    stem = letter.stem
    assert len(stem.encode()) <= NAME_BYTES and "~" in stem
    assert sorted(p.name for p in folder.iterdir()) == [f"{stem}.eml", f"{stem}.txt",
                                                        f"{stem}.xlsx"]
    text = letter.read_text("utf-8").splitlines()
    assert text[0] == f"Återkoppling på {name}"  # the file's own name, in full
    assert text[1] == (f"Filens namn är för långt för ett filnamn i utkorgen, så brevet, den "
                       f"märkta kopian och e-postutkastet heter {stem} (med .txt, .xlsx och "
                       ".eml).")
    # the same name on the next run: stable
    again, _ = collect(tmp_path)
    assert again.exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == [f"{stem}.eml", f"{stem}.txt",
                                                        f"{stem}.xlsx"]
    # the reminder attaches them under the same names
    remind = CliRunner().invoke(cli, ["remind", "--period", "2025-03"])
    assert remind.exit_code == 0, remind.output
    _msg, _body, files = read_draft(tmp_path / "outbox" / "paminnelser" / "2025-03_isa.eml")
    assert sorted(files) == [f"{stem}.txt", f"{stem}.xlsx"]


def test_an_id_too_long_for_a_file_name_is_refused_by_the_plan(tmp_path):
    """The reminders' and templates' names are `<P>_<id>`: an id is at most 64 characters."""
    import dataclasses

    from finsam_xl.plan import check_plan_file, load_example, write_plan

    plan = load_example()
    long = dataclasses.replace(plan.insatser[0], id="a" * 65)
    write_plan(dataclasses.replace(plan, insatser=(long, *plan.insatser[1:])),
               tmp_path / "plan.xlsx")
    found = [(f.code, f.severity, f.message) for f in check_plan_file(tmp_path / "plan.xlsx")
             if f.code == "plan-bad-id"]
    assert found == [("plan-bad-id", "error", (
        f"{tmp_path / 'plan.xlsx'}, bladet Insatser, rad 2, kolumnen id (Insatser!A2): id "
        f"'{'a' * 64}…' är längre än 64 tecken; ett id står i filnamn, så välj ett kortare, "
        "till exempel forsteg-motala."))]


def failing_for(real, part_of_name: str, exc: BaseException):
    """`real`, except for a target whose name holds `part_of_name`."""
    def call(path, *args, **kwargs):
        if part_of_name in Path(path).name:
            raise exc
        return real(path, *args, **kwargs)
    return call


@pytest.mark.parametrize("writer, suffix, what, line", [
    ("write_text_atomic", "b.txt", "letter",
     "Inget brev till b.xlsx: filsystemet tar inte emot namnet (till exempel ett tecken som : "
     "eller ?); välj en mapp på en annan disk eller byt namn på filen i inkorgen. Filen finns "
     "ändå i arbetsboken."),
    ("write_bytes_atomic", "b.xlsx", "marked",
     "Ingen märkt kopia av b.xlsx: filsystemet tar inte emot namnet (till exempel ett tecken "
     "som : eller ?); välj en mapp på en annan disk eller byt namn på filen i inkorgen. "
     "Brevet skrevs ändå."),
    ("write_bytes_atomic", "b.eml", "draft",
     "Inget e-postutkast för brevet om b.xlsx: filsystemet tar inte emot namnet (till exempel "
     "ett tecken som : eller ?); välj en mapp på en annan disk eller byt namn på filen i "
     "inkorgen. Brevet skrevs ändå."),
])
def test_a_name_the_file_system_refuses_is_that_file_s_line(tmp_path, monkeypatch, writer,
                                                            suffix, what, line):
    """An outbox on a file system that refuses one file's name (EINVAL, as an SMB or NTFS
    share does for ':'): that file's line, the other file's letter and the workbook are
    written, the summary says what failed."""
    monkeypatch.chdir(tmp_path)
    inbox(tmp_path, "a.xlsx", "b.xlsx")
    monkeypatch.setattr(atomic, writer, failing_for(
        getattr(atomic, writer), suffix, OSError(errno.EINVAL, os.strerror(errno.EINVAL))))
    res, lines = collect(tmp_path)
    assert res.exit_code == 0, res.output
    assert line in lines
    assert "Invalid argument" not in res.output
    out = tmp_path / "outbox"
    assert (out / "uppfoljning-2025-03.xlsx").is_file()
    assert {p.name for p in (out / "aterkoppling").iterdir()} == {
        "a.txt", "a.xlsx", "a.eml", "b.txt", "b.xlsx", "b.eml"} - {suffix} - (
        {"b.xlsx", "b.eml"} if what == "letter" else set())
    summary = json.loads((out / "sammanfattning-2025-03.json").read_text("utf-8"))
    assert summary["failed"] == [{"file": "b.xlsx", "what": what, "reason": (
        "filsystemet tar inte emot namnet (till exempel ett tecken som : eller ?); välj en "
        "mapp på en annan disk eller byt namn på filen i inkorgen")}]
    letters = {x["file"]: x for x in summary["letters"]}
    assert sorted(letters) == (["a.xlsx"] if what == "letter" else ["a.xlsx", "b.xlsx"])
    if what == "marked":
        assert letters["b.xlsx"]["marked"] is None
        assert "Bredvid" not in (out / "aterkoppling" / "b.txt").read_text("utf-8")
    if what == "draft":
        assert letters["b.xlsx"]["draft"] is None


def test_a_bug_making_one_draft_is_that_file_s_line(tmp_path, monkeypatch):
    from finsam_xl.coordinator import letters

    monkeypatch.chdir(tmp_path)
    inbox(tmp_path, "a.xlsx", "b.xlsx")
    real = letters.letter_draft

    def draft(report, *args, **kwargs):
        if report.file == "b.xlsx":
            raise ValueError("Header values may not contain linefeed")
        return real(report, *args, **kwargs)

    monkeypatch.setattr(letters, "letter_draft", draft)
    res, lines = collect(tmp_path)
    assert res.exit_code == 0, res.output
    assert ("Inget e-postutkast för brevet om b.xlsx: ett oväntat fel i finsam-xl "
            "(ValueError), inte i filen; kontakta den som förvaltar finsam-xl. Brevet skrevs "
            "ändå.") in lines
    assert "  outbox/aterkoppling/b.txt (inget e-postutkast, se ovan: skicka brevet och kopian " \
           "från din e-post)" in lines
    assert (tmp_path / "outbox" / "uppfoljning-2025-03.xlsx").is_file()


def test_a_full_disk_still_stops_the_run_and_changes_nothing(tmp_path, monkeypatch):
    """An error of the outbox itself (disk full) is no one file's: the run stops, the outbox
    as it was (tests/test_outbox.py has the others)."""
    monkeypatch.chdir(tmp_path)
    inbox(tmp_path, "a.xlsx")
    monkeypatch.setattr(atomic, "write_bytes_atomic", failing_for(
        atomic.write_bytes_atomic, "a.xlsx", OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))))
    res, lines = collect(tmp_path)
    assert res.exit_code == 1
    assert lines[-1].startswith("Fel: Kunde inte skriva ") and "disken är full" in lines[-1]
    assert not (tmp_path / "outbox" / "uppfoljning-2025-03.xlsx").exists()


def test_temporary_names_are_bounded(tmp_path):
    long = tmp_path / ("y" * 240 + ".txt")
    atomic.write_text_atomic(long, "x")  # its temporary name would be over 255 bytes
    assert long.read_text() == "x"
