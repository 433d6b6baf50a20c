"""The outbox after a run that fails: operating-system errors (permission denied,
read-only file system, disk full, is a directory, file exists) get a Swedish message with
the right hint and never the system's English text, and the outbox is left exactly as it
was: the workbook, the letters and the summary in it always come from the same run.
Also: outbox/tidigare keeps at most PREVIOUS_KEEP earlier workbooks per period.

Tests run as root, where a read-only folder (chmod) does not deny anything, so the
operating system's refusals are made by replacing the failing call (monkeypatch); a folder
where a file is expected and a file where a folder is expected are real.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsam_xl import atomic
from finsam_xl.cli import cli
from support.files import ISA, SIP, put, utc
from support.runs import after_plan

ENGLISH = ("Errno", "No space", "Read-only", "Permission denied", "Is a directory",
           "File exists", "Traceback")


@pytest.fixture
def boxes(tmp_path):
    """An inbox, and an outbox holding the outputs of a first run over it; then the inbox
    changes (a rejected file is corrected), so a second run would change every output."""
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    put(inbox, "2025-03_isa.xlsx", ISA, "2025-03",
        {"fx_start_kvinnor": 3, "fx_nya_man": 1}, utc(2025, 4, 2))
    put(inbox, "2025-03_sip.xlsx", SIP, "2025-03", {"fx_antal": "5 st"}, utc(2025, 4, 2))
    first = run(inbox, outbox)
    assert first.exit_code == 0, first.output
    assert (outbox / "aterkoppling" / "2025-03_sip.txt").exists()
    put(inbox, "rattat/2025-03_sip.xlsx", SIP, "2025-03", {"fx_antal": 5}, utc(2025, 4, 3))
    put(inbox, "2025-03_forstegskoordinator.xlsx", KOORDINATOR, "2025-03", {"fx_antal": "x"},
        utc(2025, 4, 3))
    return inbox, outbox


def _koordinator():
    from finsam_xl.plan import load_example

    return load_example().insats("forstegskoordinator")


KOORDINATOR = _koordinator()


def hashes(folder: Path) -> dict:
    """Every file under `folder` (sha256 and modification time) and every folder (a folder's
    own modification time changes when a name in it is renamed away and back)."""
    import hashlib

    return {p.relative_to(folder).as_posix(): (
        (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        if p.is_file() and not p.is_symlink() else "dir") for p in sorted(folder.rglob("*"))}


def run(inbox: Path, outbox: Path):
    """collect on `inbox`, which it never changes, whether it succeeds or fails."""
    before = hashes(inbox)
    res = CliRunner().invoke(cli, ["collect", "--inbox", str(inbox), "--outbox", str(outbox),
                                   "--period", "2025-03"])
    assert hashes(inbox) == before
    return res


def failing(real, error: int, on_call: int = 1, where=None):
    """`real`, except that its `on_call`-th call raises OSError(`error`) (English text, as
    the operating system gives it)."""
    calls = []

    def call(*args, **kwargs):
        calls.append(args)
        if len(calls) == on_call:
            raise OSError(error, os.strerror(error), str(where or args[0]))
        return real(*args, **kwargs)
    return call


def assert_failed_cleanly(res, before, outbox, message):
    assert res.exit_code == 1, res.output
    assert res.output.splitlines()[-1] == f"Fel: {message}"
    assert not any(word in res.output for word in ENGLISH), res.output
    assert hashes(outbox) == before  # every file, byte for byte, and its modification time


@pytest.mark.parametrize("on_call, written", [
    (1, "aterkoppling/2025-03_forstegskoordinator.txt"),  # the one letter needed now
    (2, ".finsam-xl-brev.json"),  # the record of which letters are new
    (3, "sammanfattning-2025-03.json"),
])
def test_disk_full_while_writing_a_letter_or_the_summary(boxes, monkeypatch, on_call, written):
    inbox, outbox = boxes
    before = hashes(outbox)
    monkeypatch.setattr(atomic, "write_text_atomic",
                        failing(atomic.write_text_atomic, errno.ENOSPC, on_call=on_call))
    res = run(inbox, outbox)
    assert_failed_cleanly(res, before, outbox, (
        f"Kunde inte skriva {outbox / written}: disken är full; frigör utrymme på disken och "
        "kör igen. Inget i utkorgen har ändrats."))


def test_disk_full_while_writing_the_workbook(boxes, monkeypatch):
    inbox, outbox = boxes
    before = hashes(outbox)
    import xlsxwriter.workbook

    monkeypatch.setattr(xlsxwriter.workbook.Workbook, "_store_workbook",
                        failing(lambda self: None, errno.ENOSPC, where=outbox / "x.xlsx"))
    res = run(inbox, outbox)
    assert_failed_cleanly(res, before, outbox, (
        f"Kunde inte skriva {outbox / 'x.xlsx'}: disken är full; frigör utrymme på disken och "
        "kör igen. Inget i utkorgen har ändrats."))


@pytest.mark.parametrize("on_call", [1, 2, 4, 6, 9])
def test_read_only_in_the_middle_of_putting_the_outputs_in_place(boxes, monkeypatch, on_call):
    """The outputs are renamed into place one by one (nine renames here: the workbook and the
    summary each replace one, a new letter and its marked copy come, the corrected file's
    letter and copy go, the replaced workbook is kept in tidigare/, last); whichever rename
    fails, those done are undone."""
    inbox, outbox = boxes
    before = hashes(outbox)
    monkeypatch.setattr(os, "rename", failing(os.rename, errno.EROFS, on_call=on_call))
    res = run(inbox, outbox)
    assert res.exit_code == 1
    assert res.output.splitlines()[-1].endswith(
        ": mappen ligger på en skrivskyddad enhet; välj en mapp där du får skriva, till "
        "exempel med --outbox. Inget i utkorgen har ändrats.")
    assert_failed_cleanly(res, before, outbox, res.output.splitlines()[-1][5:])


def test_the_whole_swap_succeeds_after_a_failed_run(boxes, monkeypatch):
    inbox, outbox = boxes
    with monkeypatch.context() as m:
        m.setattr(os, "rename", failing(os.rename, errno.EROFS, on_call=3))
        assert run(inbox, outbox).exit_code == 1
    res = run(inbox, outbox)
    assert res.exit_code == 0, res.output
    letters = sorted(p.name for p in (outbox / "aterkoppling").iterdir())
    # sip's letter went: it was corrected; the other letter has its marked copy beside it
    assert letters == ["2025-03_forstegskoordinator.eml", "2025-03_forstegskoordinator.txt",
                       "2025-03_forstegskoordinator.xlsx"]
    assert sorted(p.name for p in outbox.iterdir() if not p.name.startswith(".")) == [
        "aterkoppling", "sammanfattning-2025-03.json", "tidigare", "uppfoljning-2025-03.xlsx"]
    assert sorted(p.name for p in outbox.iterdir() if p.name.startswith(".")) == [
        ".finsam-xl-brev.json", ".finsam-xl.lock"]


def test_permission_denied(boxes, monkeypatch):
    inbox, outbox = boxes
    before = hashes(outbox)
    import tempfile

    monkeypatch.setattr(tempfile, "mkstemp",
                        failing(tempfile.mkstemp, errno.EACCES, where=outbox / "x"))
    res = run(inbox, outbox)
    assert_failed_cleanly(res, before, outbox, (
        f"Kunde inte skriva {outbox / 'x'}: behörighet saknas; kontrollera att du får skriva "
        "i mappen och att filen inte är öppen i ett annat program, till exempel Excel. Inget i "
        "utkorgen har ändrats."))


def test_a_folder_where_the_workbook_goes(tmp_path):
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    put(inbox, "2025-03_sip.xlsx", SIP, "2025-03", {"fx_antal": "5 st"}, utc(2025, 4, 2))
    (outbox / "uppfoljning-2025-03.xlsx").mkdir(parents=True)
    (outbox / "uppfoljning-2025-03.xlsx" / "mina anteckningar.txt").write_text("x")
    before = hashes(outbox)
    res = run(inbox, outbox)
    assert_failed_cleanly(res, {**before, ".finsam-xl.lock": hashes(outbox)[".finsam-xl.lock"]},
                          outbox, (
        f"Kunde inte skriva {outbox / 'uppfoljning-2025-03.xlsx'}: det finns en mapp med det "
        "namnet; flytta eller byt namn på mappen och kör igen. Inget i utkorgen har ändrats."))


def test_a_file_where_the_folder_of_earlier_workbooks_goes(boxes):
    inbox, outbox = boxes
    (outbox / "tidigare").rename(outbox / "gammal") if (outbox / "tidigare").exists() else None
    (outbox / "tidigare").write_text("en fil, inte en mapp")
    before = hashes(outbox)
    res = run(inbox, outbox)
    assert_failed_cleanly(res, before, outbox, (
        f"Kunde inte skriva {outbox / 'tidigare'}: det finns redan en fil med det namnet där "
        "en mapp behövs; flytta eller byt namn på filen och kör igen. Inget i utkorgen har "
        "ändrats."))


def test_an_unknown_os_error_is_named_by_its_code(boxes, monkeypatch):
    inbox, outbox = boxes
    before = hashes(outbox)
    monkeypatch.setattr(os, "rename", failing(os.rename, errno.EXDEV, on_call=2))
    res = run(inbox, outbox)
    assert res.exit_code == 1
    assert "ett fel i operativsystemet (felkod EXDEV); kör igen, och kontakta den som " \
           "förvaltar datorn om felet kvarstår. Inget i utkorgen har ändrats." in res.output
    assert_failed_cleanly(res, before, outbox, res.output.splitlines()[-1][5:])


def test_templates_on_a_full_disk(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "mkstemp", failing(tempfile.mkstemp, errno.ENOSPC, on_call=3,
                                                     where=tmp_path / "m"))
    res = CliRunner().invoke(cli, ["templates", "--period", "2025-03", "-o",
                                   str(tmp_path / "m")])
    assert res.exit_code == 1
    assert res.output.splitlines()[-1] == (
        f"Fel: Kunde inte skriva {tmp_path / 'm' / '2025-03_forsteg-skanninge-mjolby.xlsx'}: "
        "disken är full; frigör utrymme på disken och kör igen.")
    assert not any(word in res.output for word in ENGLISH)


def test_an_os_error_no_command_expected_is_swedish(tmp_path, monkeypatch):
    from finsam_xl import run

    def boom(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error", str(tmp_path / "inbox"))

    monkeypatch.setattr(run, "run_collect", boom)
    res = CliRunner().invoke(cli, ["collect", "--inbox", str(tmp_path / "inbox")])
    assert res.exit_code == 1
    assert after_plan(res.output) == (
        f"Fel: Kunde inte läsa eller skriva {tmp_path / 'inbox'}: ett läs- eller skrivfel på "
        "disken; kontrollera disken och kör igen. Inga filer i inkorgen har ändrats.\n")


# ----------------------------------------------------------------------------- tidigare


def test_tidigare_keeps_five_earlier_workbooks_per_period(tmp_path):
    from finsam_xl.wb.book import PREVIOUS_KEEP
    from support import truth
    from support.runs import write_workbook

    assert PREVIOUS_KEEP == 5
    sc = truth.edge_scenario()
    outbox = tmp_path / "outbox"
    (outbox / "tidigare").mkdir(parents=True)
    other = outbox / "tidigare" / "uppfoljning-2025-08-20250901T080000Z.xlsx"
    other.write_bytes(b"another period")
    mine = outbox / "tidigare" / "egen fil.xlsx"
    mine.write_bytes(b"the kansli's own")
    stamps = []
    for k in range(8):
        path = write_workbook(sc.result, outbox)
        t = 1_760_000_000 + 3600 * k
        os.utime(path, (t, t))
        stamps.append(t)
    kept = sorted(p.name for p in (outbox / "tidigare").iterdir())
    # 7 earlier workbooks were written over (the 8th is the current one): the 5 newest stay
    from datetime import datetime, timezone

    names = [f"uppfoljning-2025-09-"
             f"{datetime.fromtimestamp(t, timezone.utc).strftime('%Y%m%dT%H%M%SZ')}.xlsx"
             for t in stamps[2:7]]
    assert kept == sorted(names + [other.name, mine.name])
