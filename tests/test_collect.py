"""`collect` on a folder: exact per-file lines, feedback file names, the
inbox byte-for-byte unchanged, later months not counted, duplicates, the lock, every corpus
file, and two concurrent runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsam_xl import messages as M
from finsam_xl import run as C
from finsam_xl.cli import cli
from finsam_xl.console import file_line, period_lines
from finsam_xl.coordinator.letters import needs_letter
from finsam_xl.coordinator.names import letter_name
from finsam_xl.errors import FinsamError
from finsam_xl.run import period as clock
from finsam_xl.run.read import read_part
from support.files import ISA, PLAN, SIP, cells_of, flow, put, utc
from support.paths import CORPUS, child_env
from support.runs import after_plan


def hashes(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file and folder under `folder`: sha256 (files) and modification time."""
    return {p.relative_to(folder).as_posix(): (
        hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir",
        p.stat().st_mtime_ns) for p in sorted(folder.rglob("*"))}


@pytest.fixture
def inbox(tmp_path) -> Path:
    """A month's inbox. P = 2025-03 with --period; a file for 2025-04 is there too."""
    box = tmp_path / "inbox"
    # ISA January-February: consistent (end of Jan: women 5+1-1 = 5, men 4+1-1 = 4)
    put(box, "2025-01_isa.xlsx", ISA, "2025-01", flow(5, 4), utc(2025, 2, 3, 9))
    put(box, "2025-02_isa.xlsx", ISA, "2025-02", flow(5, 4), utc(2025, 3, 3, 9))
    # ISA March, in a sub folder: outcomes for women (1) do not add up to ended (2)
    put(box, "sub/dir/2025-03_isa.xlsx", ISA, "2025-03", dict(flow(5, 4, avsl_k=2),
        fx_utfall_arbete_kvinnor=1), utc(2025, 4, 3, 9))
    # SIP January twice: the newer (modified later) is used although its name sorts first
    put(box, "2025-01_sip.xlsx", SIP, "2025-01", {"fx_antal": 4}, utc(2025, 2, 5, 9))
    put(box, "old/2025-01_sip.xlsx", SIP, "2025-01", {"fx_antal": 3}, utc(2025, 2, 4, 9))
    # SIP February: the same bytes twice, merged silently (the copy sorting last is used)
    put(box, "2025-02_sip.xlsx", SIP, "2025-02", {"fx_antal": 5}, utc(2025, 3, 4, 9))
    (box / "kopia").mkdir()
    shutil.copyfile(box / "2025-02_sip.xlsx", box / "kopia" / "2025-02_sip.xlsx")
    # SIP March: late (11 April 08:00 Swedish time, after the 10th)
    put(box, "2025-03_sip.xlsx", SIP, "2025-03", {"fx_antal": 6}, utc(2025, 4, 11, 6))
    # SIP April: after P
    put(box, "2025-04_sip.xlsx", SIP, "2025-04", {"fx_antal": 7}, utc(2025, 5, 2, 9))
    # Ignored: an Office lock file and a note
    (box / "~$2025-03_sip.xlsx").write_bytes(b"\x00" * 165)
    (box / "notes.txt").write_text("att göra\n", encoding="utf-8")
    return box


def run_cli(*args):
    return CliRunner().invoke(cli, ["collect", *map(str, args)])


def file_lines(output: str) -> list[str]:
    """The per-file lines: everything after the plan's line before the first empty line."""
    return after_plan(output).split("\n\n")[0].splitlines()


def test_collect_lines_feedback_and_inbox_unchanged(inbox, tmp_path):
    outbox = tmp_path / "outbox"
    before = hashes(inbox)
    res = run_cli("--inbox", inbox, "--outbox", outbox, "--period", "2025-03")
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output
    assert hashes(inbox) == before

    bad_cell = cells_of(inbox / "sub/dir/2025-03_isa.xlsx")["fx_avslutade_kvinnor"]
    lines = file_lines(res.output)
    ignored = [line for line in lines if ": ignorerad: " in line]
    assert [line.split(": ")[0] for line in ignored] == ["notes.txt", "~$2025-03_sip.xlsx"]
    assert [line for line in lines if line not in ignored] == [
        "2025-01_isa.xlsx: godkänd",
        "2025-01_sip.xlsx: godkänd med 1 varning: används i stället för old/2025-01_sip.xlsx",
        "2025-02_isa.xlsx: godkänd",
        "2025-02_sip.xlsx: godkänd, samma innehåll som kopia/2025-02_sip.xlsx (räknas en gång)",
        "2025-03_sip.xlsx: godkänd med 1 varning: sparad 2025-04-11 08:00, efter "
        "rapportfristen (senast 2025-04-10)",
        "2025-04_sip.xlsx: godkänd, men gäller 2025-04, efter 2025-03, och räknas inte den "
        "här gången",
        "kopia/2025-02_sip.xlsx: godkänd",
        "old/2025-01_sip.xlsx: ersatt av 2025-01_sip.xlsx",
        "sub/dir/2025-03_isa.xlsx: underkänd: utfallen summerar inte till Avslutade under "
        f"månaden, kvinnor ({bad_cell})",
    ]
    assert len(lines) == 11
    rest = res.output.split("\n\n", 1)[1].splitlines()
    assert rest[0] == ("Filer lästa: 11. Godkända: 7, underkända: 1, ignorerade: 2, ersatta: 1. "
                       "Varningar: 3.")
    assert rest[1] == "Period: 2025-03 (angiven med --period)."
    assert rest[2] == "1 godkänd fil gäller en månad efter 2025-03 och räknas inte nu."
    assert rest[3] == f"Uppföljningsarbetsboken: {outbox / 'uppfoljning-2025-03.xlsx'}"
    fb = outbox / "aterkoppling"
    # the superseded old/2025-01_sip.xlsx needs no letter: the newer file is used
    assert rest[4] == f"Återkoppling till samordnarna: 3 filer i {fb}"
    # the file whose findings name cells also gets a marked copy beside its letter
    assert rest[5] == f"Märkta kopior av samordnarnas filer: 1 i {fb}"
    # the first run: every letter is new, each with its draft (no address in this plan)
    assert rest[6:11] == [
        "3 nya eller ändrade brev att skicka sedan förra körningen (öppna utkasten i "
        "e-postprogrammet och skicka dem):",
        f"  {fb / '2025-01_sip.eml'} utan mottagare, ingen e-postadress i planen",
        f"  {fb / '2025-03_sip.eml'} utan mottagare, ingen e-postadress i planen",
        f"  {fb / 'sub__dir__2025-03_isa.eml'} utan mottagare, ingen e-postadress i planen",
        "Utkast utan mottagare: fyll i adressen i utkastet, eller i planen (kolumnen e-post på "
        "bladet Insatser) och kör igen.",
    ]
    missing = [i.namn + (" (underkänd)" if i.id == "isa" else "") for i in PLAN.insatser
               if i.id != "sip"]
    assert rest[11:] == [
        f"Saknar godkänd rapport för mars 2025 (12): {', '.join(missing)}.",
        "Se alla månader med 'finsam-xl status' och skriv påminnelser med 'finsam-xl remind "
        "--period 2025-03'.",
    ]
    with zipfile.ZipFile(outbox / "uppfoljning-2025-03.xlsx") as z:
        assert z.testzip() is None

    assert sorted(p.name for p in fb.iterdir()) == [
        "2025-01_sip.eml", "2025-01_sip.txt", "2025-03_sip.eml", "2025-03_sip.txt",
        "sub__dir__2025-03_isa.eml", "sub__dir__2025-03_isa.txt", "sub__dir__2025-03_isa.xlsx"]
    letter = (fb / "sub__dir__2025-03_isa.txt").read_text(encoding="utf-8")
    assert letter.startswith("Återkoppling på sub/dir/2025-03_isa.xlsx\n")
    assert "Filen är underkänd" in letter
    assert f"cell: {bad_cell}" in letter
    assert "Fält: Avslutade under månaden, kvinnor" in letter
    # the letter of the file used names the one it replaced, in the same terms as the
    # letters' advice: the latest saved file counts
    assert "2025-01_sip.xlsx används för Utveckling av SIP 2025-01, och en annan fil för samma " \
           "insats och månad räknas inte (old/2025-01_sip.xlsx): den senast sparade filen är " \
           "den som gäller." in (fb / "2025-01_sip.txt").read_text(encoding="utf-8")

    summary = json.loads((outbox / "sammanfattning-2025-03.json").read_text(encoding="utf-8"))
    assert [(u["insats"], u["period"], u["file"], u["late"]) for u in summary["used"]] == [
        ("isa", "2025-01", "2025-01_isa.xlsx", False),
        ("isa", "2025-02", "2025-02_isa.xlsx", False),
        ("sip", "2025-01", "2025-01_sip.xlsx", False),
        ("sip", "2025-02", "kopia/2025-02_sip.xlsx", False),
        ("sip", "2025-03", "2025-03_sip.xlsx", True),
    ]
    # no temp files left behind
    assert not [p for p in outbox.rglob("*") if ".tmp" in p.name]


def test_collect_library_result(inbox, tmp_path):
    result = C.collect(inbox, tmp_path / "outbox", PLAN, period="2025-03")
    assert result.period == "2025-03"
    assert sorted(result.used) == [("isa", "2025-01"), ("isa", "2025-02"), ("sip", "2025-01"),
                                   ("sip", "2025-02"), ("sip", "2025-03")]
    assert result.used[("sip", "2025-01")].values == {"fx_antal": 4}
    # identical bytes, equal modified times: the path sorting last stands for both
    assert result.used[("sip", "2025-02")].relpath == "kopia/2025-02_sip.xlsx"
    assert result.late == {("sip", "2025-03")}
    assert [r.file for r in result.reports] == sorted(r.file for r in result.reports)


def test_default_period_without_a_month_that_half_of_the_insatser_reported(inbox, tmp_path,
                                                                          monkeypatch):
    """Issue 10 changed the default period (it was the latest month with an accepted file,
    2025-04 here): 2 of the plan's 13 insatser report January and February, 1 March and
    April; no month reaches half, so the month with the most reports, the later of equals,
    is chosen, and collect says why March and April were passed over."""
    monkeypatch.setattr(clock, "now", lambda: utc(2025, 6, 1))
    res = run_cli("--inbox", inbox, "--outbox", tmp_path / "outbox")
    assert res.exit_code == 0, res.output
    rest = res.output.split("\n\n", 1)[1].splitlines()
    assert rest[1:5] == [
        "Period: 2025-02 (ingen månad har godkända rapporter från minst hälften av de aktiva "
        "insatserna; vald är den avslutade månaden med flest: 2 av 13).",
        "2025-03 hoppas över: bara 1 av 13 aktiva insatser har en godkänd rapport för "
        "månaden. Ange --period 2025-03 för att sammanställa den ändå.",
        "2025-04 hoppas över: bara 1 av 13 aktiva insatser har en godkänd rapport för "
        "månaden. Ange --period 2025-04 för att sammanställa den ändå.",
        "2 godkända filer gäller månader efter 2025-02 och räknas inte nu.",
    ]
    assert "2025-04_sip.xlsx: godkänd, men gäller 2025-04, efter 2025-02, och räknas inte " \
           "den här gången\n" in res.output
    assert (tmp_path / "outbox" / "sammanfattning-2025-02.json").exists()


def _buggy_reader(monkeypatch, name: str) -> None:
    """Make the reader meet a bug (a KeyError in its own code) on the file `name` only."""
    from finsam_xl.reader import files

    real = files.read_ooxml

    def read_ooxml(pkg, path, relpath, size, sha256):
        if Path(path).name == name:
            return {}["fx_version"]
        return real(pkg, path, relpath, size, sha256)

    monkeypatch.setattr(files, "read_ooxml", read_ooxml)


def test_a_bug_in_the_reader_is_reported_as_a_program_error(inbox, tmp_path, monkeypatch):
    """A bug in finsam-xl while reading one file is not the coordinator's fault: its line
    says the file was not checked because of an error in finsam-xl, to be reported; no
    letter asks for a new file; the summary holds `internal-error`; the report keeps the
    exception and its traceback (for --debug); every other file is read as usual."""
    _buggy_reader(monkeypatch, "2025-02_isa.xlsx")
    outbox = tmp_path / "outbox"
    res = run_cli("--inbox", inbox, "--outbox", outbox, "--period", "2025-03")
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output
    lines = file_lines(res.output)
    assert "2025-02_isa.xlsx: inte granskad: ett fel i finsam-xl (KeyError), inte i filen; " \
           "rapportera felet" in lines
    assert "2025-01_isa.xlsx: godkänd" in lines and "2025-01_sip.xlsx: godkänd med 1 " \
           "varning: används i stället för old/2025-01_sip.xlsx" in lines
    assert len(lines) == 11
    letters = sorted(p.name for p in (outbox / "aterkoppling").iterdir())
    assert "2025-02_isa.txt" not in letters and "sub__dir__2025-03_isa.txt" in letters
    summary = json.loads((outbox / "sammanfattning-2025-03.json").read_text(encoding="utf-8"))
    entry = next(f for f in summary["files"] if f["file"] == "2025-02_isa.xlsx")
    assert entry["status"] == "rejected"  # not counted in the follow-up
    assert [(f["code"], f["severity"], f["value"]) for f in entry["findings"]] == [
        ("internal-error", "error", "KeyError")]
    assert entry["findings"][0]["message"] == M.READ_INTERNAL_ERROR.format(
        fil="2025-02_isa.xlsx", fel="KeyError")
    assert "finsam-xl --debug" in entry["findings"][0]["message"]

    report = read_part(inbox / "2025-02_isa.xlsx", "2025-02_isa.xlsx")
    err = report.program_error
    assert (err.kind, err.text) == ("KeyError", "'fx_version'")
    assert err.traceback.startswith("Traceback (most recent call last):")
    assert "in read_ooxml" in err.traceback and err.traceback.endswith("KeyError: 'fx_version'\n")
    assert pickle.loads(pickle.dumps(report)) == report  # it crosses from a worker process
    assert not needs_letter(report)


def test_a_bug_in_validation_is_reported_as_a_program_error(inbox, monkeypatch):
    from finsam_xl import validate

    def validate_submission(sub, plan, already):
        raise TypeError("unsupported operand type(s)")

    monkeypatch.setattr(validate, "validate_submission", validate_submission)
    report = C.read_one(inbox / "2025-01_isa.xlsx", "2025-01_isa.xlsx", PLAN)
    assert [f.code for f in report.findings] == ["internal-error"]
    assert report.submission is None and report.program_error.kind == "TypeError"
    assert "validate_submission" in report.program_error.traceback
    assert file_line(report) == ("2025-01_isa.xlsx: inte granskad: ett fel i finsam-xl "
                                 "(TypeError), inte i filen; rapportera felet")


def test_check_shows_a_program_error_and_exits_1(inbox, monkeypatch):
    _buggy_reader(monkeypatch, "2025-01_isa.xlsx")
    res = CliRunner().invoke(cli, ["check", str(inbox / "2025-01_isa.xlsx")])
    assert res.exit_code == 1
    assert "Traceback" not in res.output
    assert after_plan(res.output).splitlines()[:2] == [
        f"{inbox / '2025-01_isa.xlsx'}: inte granskad: ett fel i finsam-xl (KeyError), inte "
        "i filen; rapportera felet",
        "  fel: " + M.READ_INTERNAL_ERROR.format(fil=inbox / "2025-01_isa.xlsx", fel="KeyError")]


def test_strict_exits_1_when_a_file_is_rejected(inbox, tmp_path):
    res = run_cli("--inbox", inbox, "--outbox", tmp_path / "outbox", "--strict")
    assert res.exit_code == 1
    (inbox / "sub/dir/2025-03_isa.xlsx").unlink()
    res = run_cli("--inbox", inbox, "--outbox", tmp_path / "outbox", "--strict")
    assert res.exit_code == 0, res.output


def test_stale_feedback_is_removed(inbox, tmp_path):
    outbox = tmp_path / "outbox"
    assert run_cli("--inbox", inbox, "--outbox", outbox).exit_code == 0
    assert (outbox / "aterkoppling" / "sub__dir__2025-03_isa.txt").exists()
    (inbox / "sub/dir/2025-03_isa.xlsx").unlink()  # the coordinator's file was withdrawn
    assert run_cli("--inbox", inbox, "--outbox", outbox).exit_code == 0
    assert not (outbox / "aterkoppling" / "sub__dir__2025-03_isa.txt").exists()
    assert not (outbox / "aterkoppling" / "sub__dir__2025-03_isa.eml").exists()
    assert (outbox / "aterkoppling" / "2025-01_sip.txt").exists()
    assert (outbox / "aterkoppling" / "2025-01_sip.eml").exists()


def test_no_accepted_file_writes_nothing_and_exits_1(tmp_path):
    box = tmp_path / "inbox"
    put(box, "2025-03_sip.xlsx", SIP, "2025-03", {"fx_antal": "ca 10"}, utc(2025, 4, 2))
    res = run_cli("--inbox", box, "--outbox", tmp_path / "outbox")
    assert res.exit_code == 1
    assert after_plan(res.output).startswith("2025-03_sip.xlsx: underkänd: ")
    assert "Ingen fil i " in res.output and "--period" in res.output
    assert "Traceback" not in res.output
    assert sorted(p.name for p in (tmp_path / "outbox").iterdir()) == [".finsam-xl.lock"]


def test_bad_period_is_a_usage_error(inbox, tmp_path):
    res = run_cli("--inbox", inbox, "--outbox", tmp_path / "outbox", "--period", "2025-3")
    assert res.exit_code == 2
    assert "ÅÅÅÅ-MM" in res.output
    res = run_cli("--inbox", inbox, "--outbox", tmp_path / "outbox", "--period", "2024-03")
    assert res.exit_code == 2


def test_missing_inbox_and_outbox_inside_inbox(inbox, tmp_path):
    res = run_cli("--inbox", tmp_path / "saknas", "--outbox", tmp_path / "outbox")
    assert res.exit_code == 1 and "Hittar ingen inkorg" in res.output
    before = hashes(inbox)
    res = run_cli("--inbox", inbox, "--outbox", inbox / "ut")
    assert res.exit_code == 1 and "skriver aldrig i inkorgen" in res.output
    assert hashes(inbox) == before and not (inbox / "ut").exists()


def test_feedback_name():
    assert letter_name("sub/dir/2025-03_isa.xlsx") == "sub__dir__2025-03_isa.txt"
    assert letter_name("2025-03_isa.xlsx") == "2025-03_isa.txt"
    assert letter_name("README") == "README.txt"
    assert letter_name("a/.hidden") == "a__.hidden.txt"


def test_scan_inbox_is_recursive_and_sorted(tmp_path):
    for rel in ("b.xlsx", "a/z.xlsx", "a/b/c.xlsx", "A.xlsx"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"")
    assert [p.relative_to(tmp_path).as_posix() for p in C.scan_inbox(tmp_path)] == [
        "A.xlsx", "a/b/c.xlsx", "a/z.xlsx", "b.xlsx"]


# ----------------------------------------------------------------------------- processes


def _cmd(inbox: Path, outbox: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "finsam_xl.cli", "collect", "--inbox", str(inbox),
            "--outbox", str(outbox), *extra]


def test_second_run_waits_then_fails_cleanly(inbox, tmp_path):
    import filelock

    outbox = tmp_path / "outbox"
    outbox.mkdir()
    with filelock.FileLock(str(outbox / ".finsam-xl.lock")):
        proc = subprocess.run(_cmd(inbox, outbox), capture_output=True, text=True, timeout=120,
                              env=child_env(), cwd=tmp_path)
    assert proc.returncode == 1
    assert "En annan körning av finsam-xl pågår i " in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert sorted(p.name for p in outbox.iterdir()) == [".finsam-xl.lock"]


def test_two_concurrent_runs_end_cleanly(inbox, tmp_path):
    outbox = tmp_path / "outbox"
    procs = [subprocess.Popen(_cmd(inbox, outbox, "--period", "2025-03"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=child_env(), cwd=tmp_path) for _ in range(2)]
    outs = [p.communicate(timeout=180) for p in procs]
    codes = [p.returncode for p in procs]
    for code, (out, err) in zip(codes, outs, strict=True):
        assert "Traceback" not in out + err
        assert code == 0 or (code == 1 and "En annan körning av finsam-xl pågår" in err)
    assert 0 in codes
    summary = json.loads((outbox / "sammanfattning-2025-03.json").read_text(encoding="utf-8"))
    assert summary["period"] == "2025-03"
    for p in (outbox / "aterkoppling").glob("*.txt"):
        assert p.read_text(encoding="utf-8").endswith("\n")
    for p in (outbox / "aterkoppling").glob("*.xlsx"):  # the marked copies
        with zipfile.ZipFile(p) as z:
            assert z.testzip() is None
    for book in outbox.glob("*.xlsx"):
        with zipfile.ZipFile(book) as z:
            assert z.testzip() is None
    assert not [p for p in outbox.rglob("*") if ".tmp" in p.name]


# ----------------------------------------------------------------------------- corpus


def test_every_corpus_file_gets_exactly_one_line(tmp_path):
    corpus = sorted(p for p in CORPUS.iterdir() if p.is_file() and p.name != "README.md")
    assert len(corpus) > 50
    box = tmp_path / "inbox"
    (box / "korpus").mkdir(parents=True)
    for p in corpus:
        shutil.copyfile(p, box / "korpus" / p.name)
    put(box, "2025-03_sip.xlsx", SIP, "2025-03", {"fx_antal": 6}, utc(2025, 4, 2))
    before = hashes(box)
    outbox = tmp_path / "outbox"
    proc = subprocess.run(_cmd(box, outbox), capture_output=True, text=True, timeout=600,
                          env=child_env(), cwd=tmp_path)
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode == 0, proc.stderr
    assert hashes(box) == before
    lines = file_lines(proc.stdout)
    expected = ["2025-03_sip.xlsx"] + [f"korpus/{p.name}" for p in corpus]
    assert [line.split(": ")[0] for line in lines] == sorted(expected)
    pattern = re.compile(r"^\S.*?: (godkänd|underkänd: .+|ignorerad: .+|ersatt av .+)$")
    assert [line for line in lines if not pattern.match(line)] == []
    assert lines[0] == "2025-03_sip.xlsx: godkänd"
    assert all(": underkänd: " in line or ": ignorerad: " in line for line in lines[1:])
    # no corpus file is accepted; each rejected one gets a feedback letter, named after its
    # path without extension (a second file with the same stem keeps its extension)
    rejected = [line.split(": ")[0] for line in lines if ": underkänd: " in line]
    names, seen = [], set()
    for rel in rejected:
        name = rel.rsplit(".", 1)[0].replace("/", "__") + ".txt"
        if name in seen:
            name = rel.replace("/", "__") + ".txt"
        seen.add(name)
        names.append(name)
    letters = sorted(p.name for p in (outbox / "aterkoppling").iterdir() if p.suffix == ".txt")
    assert letters == sorted(names)
    drafts = sorted(p.name for p in (outbox / "aterkoppling").iterdir() if p.suffix == ".eml")
    assert drafts == sorted(n[:-4] + ".eml" for n in names)  # every letter has its draft


# ----------------------------------------------------------------------------- atomic writes


def test_atomic_write_replaces_and_cleans_up(tmp_path):
    from finsam_xl.atomic import atomic_path, write_bytes_atomic, write_text_atomic

    target = tmp_path / "ut" / "fil.txt"
    write_text_atomic(target, "första\n")
    assert target.read_text(encoding="utf-8") == "första\n"
    write_bytes_atomic(target, b"andra\n")
    assert target.read_bytes() == b"andra\n"
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            assert tmp.parent == target.parent and tmp.name.endswith(".txt")
            tmp.write_bytes(b"halv")
            raise RuntimeError("krasch mitt i skrivningen")
    assert target.read_bytes() == b"andra\n"  # the old file is intact
    assert sorted(p.name for p in target.parent.iterdir()) == ["fil.txt"]  # no temp left
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_period_given_without_accepted_files_still_writes_feedback(tmp_path):
    box = tmp_path / "inbox"
    put(box, "2025-03_sip.xlsx", SIP, "2025-03", {"fx_antal": "ca 10"}, utc(2025, 4, 2))
    put(box, ".git/2025-03_isa.xlsx", ISA, "2025-03", flow(1, 1), utc(2025, 4, 2))
    outbox = tmp_path / "outbox"
    res = run_cli("--inbox", box, "--outbox", outbox, "--period", "2025-03")
    assert res.exit_code == 0, res.output
    assert file_lines(res.output) == [
        ".git/2025-03_isa.xlsx: ignorerad: ligger i en dold mapp",
        "2025-03_sip.xlsx: underkänd: Månadens antal "
        f"({cells_of(box / '2025-03_sip.xlsx')['fx_antal']}) är 'ca 10', inte ett heltal 0 "
        "eller större",
    ]
    assert sorted(p.name for p in (outbox / "aterkoppling").iterdir()) == [
        "2025-03_sip.eml", "2025-03_sip.txt", "2025-03_sip.xlsx"]  # letter, draft, copy
    summary = json.loads((outbox / "sammanfattning-2025-03.json").read_text(encoding="utf-8"))
    assert summary["used"] == []
    assert [(f["file"], f["status"]) for f in summary["files"]] == [
        (".git/2025-03_isa.xlsx", "ignored"), ("2025-03_sip.xlsx", "rejected")]


def test_library_collect_raises_finsam_error_without_accepted_files(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    (box / "~$lås.xlsx").write_bytes(b"x")
    with pytest.raises(FinsamError, match=r"^Ingen fil i .* godkändes"):
        C.collect(box, tmp_path / "outbox", PLAN)
    assert not (tmp_path / "outbox" / "aterkoppling").exists()


def test_feedback_names_never_collide(tmp_path):
    box = tmp_path / "inbox"
    # three files whose plain feedback name is the same: a/b.xlsx, a__b.xlsx, a__b.xls
    put(box, "a/b.xlsx", SIP, "2025-03", {"fx_antal": "x"}, utc(2025, 4, 2))
    put(box, "a__b.xlsx", SIP, "2025-03", {"fx_antal": "y"}, utc(2025, 4, 2))
    (box / "a__b.xls").write_bytes((box / "a__b.xlsx").read_bytes())
    outbox = tmp_path / "outbox"
    res = run_cli("--inbox", box, "--outbox", outbox, "--period", "2025-03")
    assert res.exit_code == 0, res.output
    # the marked copies are named like their letters: a__b.xls has none (.xls)
    assert sorted(p.name for p in (outbox / "aterkoppling").iterdir()) == [
        "a__b.eml", "a__b.txt", "a__b.xls.eml", "a__b.xls.txt", "a__b.xlsx", "a__b.xlsx.eml",
        "a__b.xlsx.txt", "a__b.xlsx.xlsx"]
    assert (outbox / "aterkoppling" / "a__b.txt").read_text(encoding="utf-8").startswith(
        "Återkoppling på a/b.xlsx\n")


# ----------------------------------------------------------------------------- default period


def _used(months: dict[str, int]) -> dict:
    """{(insats id, period): report} with the first n insatser of the plan reporting."""
    ids = [i.id for i in PLAN.insatser]
    return {(ids[k], p): object() for p, n in months.items() for k in range(n)}


@pytest.mark.parametrize("months, now, chosen, passed", [
    # March: 12 of 13; a typo puts one report in December: passed over (1 of 13)
    ({"2025-02": 13, "2025-03": 12, "2025-12": 1}, utc(2026, 1, 20),
     ("2025-03", 12, 13, True), [("2025-12", 1, 13, True)]),
    # 7 of 13 is half or more, 6 of 13 is not
    ({"2025-03": 13, "2025-04": 7, "2025-05": 6}, utc(2025, 6, 15),
     ("2025-04", 7, 13, True), [("2025-05", 6, 13, True)]),
    # April has not ended on 30 April 22:30 UTC (00:30 on 1 May is Swedish time: ended)
    ({"2025-03": 13, "2025-04": 13}, utc(2025, 4, 30, 21, 59),
     ("2025-03", 13, 13, True), [("2025-04", 13, 13, False)]),
    ({"2025-03": 13, "2025-04": 13}, utc(2025, 4, 30, 22, 0),
     ("2025-04", 13, 13, True), []),
    # no month reaches half: the most reports, the later of equals
    ({"2025-01": 2, "2025-02": 2, "2025-03": 1}, utc(2025, 6, 1),
     ("2025-02", 2, 13, False), [("2025-03", 1, 13, True)]),
    # nothing has ended yet: the same rules over every month with reports
    ({"2025-05": 3}, utc(2025, 5, 20), ("2025-05", 3, 13, False), []),
])
def test_default_period(months, now, chosen, passed):
    choice = C.default_period(_used(months), PLAN, now)
    c = choice.chosen
    assert (c.period, c.reported, c.active, c.half) == chosen
    assert [(m.period, m.reported, m.active, m.ended) for m in choice.passed_over] == passed


def test_default_period_counts_the_insatser_active_that_month():
    from dataclasses import replace

    # only 2 insatser are active in 2025-06: 1 report is exactly half, which is enough
    plan = replace(PLAN, insatser=tuple(
        i if k < 2 else replace(i, aktiv_till="2025-05") for k, i in enumerate(PLAN.insatser)))
    choice = C.default_period(_used({"2025-05": 13, "2025-06": 1}), plan, utc(2025, 8, 1))
    assert (choice.chosen.period, choice.chosen.reported, choice.chosen.active) == \
        ("2025-06", 1, 2)


def test_not_ended_month_is_passed_over_with_its_reason(inbox, tmp_path, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: utc(2025, 3, 20, 12))
    res = run_cli("--inbox", inbox, "--outbox", tmp_path / "outbox")
    assert res.exit_code == 0, res.output
    rest = res.output.split("\n\n", 1)[1].splitlines()
    assert rest[1:4] == [
        "Period: 2025-02 (ingen månad har godkända rapporter från minst hälften av de aktiva "
        "insatserna; vald är den avslutade månaden med flest: 2 av 13).",
        "2025-03 hoppas över: månaden är inte slut än (1 av 13 aktiva insatser har "
        "rapporterat). Ange --period 2025-03 för att sammanställa den ändå.",
        "2025-04 hoppas över: månaden är inte slut än (1 av 13 aktiva insatser har "
        "rapporterat). Ange --period 2025-04 för att sammanställa den ändå.",
    ]


def test_a_folder_that_cannot_be_listed_gets_a_line(inbox, tmp_path, monkeypatch):
    """Tests run as root, where permissions do not deny: the refusal is made here."""
    import errno

    real = os.scandir

    def scandir(path="."):
        if not isinstance(path, int) and Path(path).name == "dir":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    res = run_cli("--inbox", inbox, "--outbox", tmp_path / "outbox", "--period", "2025-03")
    assert res.exit_code == 0, res.output
    assert "sub/dir: ignorerad: en mapp som inte går att läsa (behörighet saknas); filerna i " \
           "den har inte granskats\n" in res.output
    assert "sub/dir/2025-03_isa.xlsx" not in res.output


def test_period_lines_say_how_the_period_was_chosen():
    from finsam_xl.model import CollectResult, MonthCount, PeriodChoice

    def lines(chosen, passed=()):
        result = CollectResult(plan=PLAN, period=chosen.period, reports=[], used={},
                               written_at=utc(2025, 6, 1),
                               choice=PeriodChoice(chosen, tuple(passed)))
        return period_lines(result, given=False)

    assert lines(MonthCount("2025-05", 3, 13, False)) == [
        "Period: 2025-05 (ingen månad med godkända rapporter är slut än; vald är månaden med "
        "flest: 3 av 13 aktiva insatser)."]
    assert lines(MonthCount("2025-04", 9, 13, True), [MonthCount("2025-05", 2, 13, False)]) == [
        "Period: 2025-04 (den senaste avslutade månaden som minst hälften av de aktiva "
        "insatserna har rapporterat: 9 av 13).",
        "2025-05 hoppas över: månaden är inte slut än (2 av 13 aktiva insatser har "
        "rapporterat). Ange --period 2025-05 för att sammanställa den ändå."]
    assert period_lines(CollectResult(plan=PLAN, period="2025-02", reports=[], used={},
                                        written_at=utc(2025, 6, 1)), given=True) == [
        "Period: 2025-02 (angiven med --period)."]


@pytest.mark.parametrize("command", ["collect", "check"])
def test_debug_prints_the_traceback_of_a_file_that_met_a_bug(inbox, tmp_path, monkeypatch,
                                                             command):
    """`finsam-xl --debug collect` / `check`: the traceback the report kept is printed on
    stderr after the file's line; without --debug it is not printed at all."""
    _buggy_reader(monkeypatch, "2025-02_isa.xlsx")
    if command == "collect":  # each into an outbox of its own: both letters are new
        args = ["collect", "--inbox", str(inbox), "--outbox", str(tmp_path / "ut"),
                "--period", "2025-03"]
        other = args[:4] + [str(tmp_path / "ut2")] + args[5:]
    else:
        args = other = ["check", str(inbox / "2025-02_isa.xlsx")]
    plain = CliRunner().invoke(cli, args)
    debug = CliRunner().invoke(cli, ["--debug", *other])
    assert "Traceback" not in plain.output
    assert debug.exit_code == plain.exit_code == (0 if command == "collect" else 1)
    assert debug.stderr.startswith("Traceback (most recent call last):")
    assert "KeyError: 'fx_version'" in debug.stderr
    assert debug.stdout.replace(str(tmp_path / "ut2"), str(tmp_path / "ut")) == plain.stdout


def test_collect_of_a_month_that_has_not_ended_says_so(inbox, tmp_path, monkeypatch):
    """`collect --period` of the month that is running still writes the workbook, and says
    that the month has not ended; nobody is missing yet."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1742461200")  # 2025-03-20 10:00 Swedish time
    res = run_cli("--inbox", inbox, "--outbox", tmp_path / "outbox", "--period", "2025-03")
    assert res.exit_code == 0, res.output
    rest = res.output.split("\n\n", 1)[1].splitlines()
    assert rest[1:3] == [
        "Period: 2025-03 (angiven med --period).",
        "Obs: mars 2025 är inte slut än, så uppföljningen för den är preliminär; månadens "
        "rapporter ska vara inne senast 10 april 2025.",
    ]
    missing = [i.namn + (" (underkänd)" if i.id == "isa" else "") for i in PLAN.insatser
               if i.id != "sip"]
    assert rest[-2] == (f"Har inte rapporterat för mars 2025 än (12; månaden är inte slut): "
                        f"{', '.join(missing)}.")
    assert (tmp_path / "outbox" / "uppfoljning-2025-03.xlsx").is_file()
    # a month that has ended says nothing of the kind
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1744704000")  # 2025-04-15
    res = run_cli("--inbox", inbox, "--outbox", tmp_path / "outbox", "--period", "2025-03")
    assert "inte slut än" not in res.output
