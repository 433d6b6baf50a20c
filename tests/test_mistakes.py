"""A coordinator's mistake never changes a number.

A base inbox holds the correct reports of every insats for January-March (values from
truth.generate, named `<ÅÅÅÅ-MM>_<insats-id>.xlsx`, sent on the 3rd of the following month).
Each case adds one everyday mistake and runs `collect` without --period; it asserts the
mistake's exact line, that every other line is the base run's, that the default period is
still March, that the reports used (file and sha256) and every number on Översikt are the
base run's, that `check` gives the same verdict, and that the inbox is byte for byte as it
was. The mixed inbox (every mistake at once) checks every number on Översikt against
truth.expected, computed independently from the generated values, as written and after
LibreOffice has recalculated the workbook.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from finsam_xl.cli import cli
from finsam_xl.plan import load_example
from finsam_xl.template import write_template
from support import lo, truth
from support.files import cells_of, set_cell
from support.runs import EMBEDDED, after_plan
from support.wbread import check as check_row
from support.wbread import table

PLAN = load_example()
TRUTH = truth.generate(PLAN, seed=10)
MONTHS = (1, 2, 3)
P = "2025-03"
PNR = "811218-9876"


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def sent(month: int, day: int = 3) -> datetime:
    """When the report for `month` was saved: the `day`th of the following month, 08:00 UTC."""
    return utc(2025, month + 1, day, 8)


def values(insats_id: str, month: int) -> dict:
    return dict(TRUTH[(insats_id, month)])


def write(inbox: Path, rel: str, insats_id: str, period: str, vals: dict,
          modified: datetime) -> Path:
    path = inbox / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_template(PLAN, PLAN.insats(insats_id), period, path, values=vals,
                          modified=modified)


def snapshot(folder: Path) -> dict:
    """Every path under `folder`, never following a link nor opening anything but a
    regular file: content hash and modification time, a link's target, a special file's
    mode."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = os.lstat(p)
            rel = p.relative_to(folder).as_posix()
            if os.path.islink(p):
                out[rel] = ("link", os.readlink(p))
            elif p.is_dir():
                out[rel] = ("dir",)
            elif p.is_file():
                out[rel] = (hashlib.sha256(p.read_bytes()).hexdigest(), st.st_mtime_ns)
            else:
                out[rel] = ("special", st.st_mode)
    return out


@dataclass
class Run:
    code: int
    output: str
    lines: dict  # file -> its one line
    period: str | None
    used: list  # [(insats, period, file, sha256)] from the summary
    oversikt: dict  # Översikt as written: {row key: {header: value}}
    outbox: Path


NOW = utc(2026, 1, 20, 9)  # the run's time: every month of 2025 has ended


def collect(inbox: Path, outbox: Path) -> Run:
    from finsam_xl.run import period as clock

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(clock, "now", lambda: NOW)
        res = CliRunner().invoke(cli, ["collect", "--inbox", str(inbox), "--outbox",
                                       str(outbox)])
    assert "Traceback" not in res.output
    head = after_plan(res.output).split("\n\n")[0].splitlines()
    lines = {}
    for line in head:
        file = line.split(": ", 1)[0]
        assert file not in lines, line  # exactly one line per path
        lines[file] = line
    summaries = sorted(outbox.glob("sammanfattning-*.json"))
    period = used = oversikt = None
    if summaries:
        summary = json.loads(summaries[-1].read_text(encoding="utf-8"))
        period = summary["period"]
        used = [(u["insats"], u["period"], u["file"], u["sha256"]) for u in summary["used"]]
        wb = openpyxl.load_workbook(outbox / f"uppfoljning-{period}.xlsx", data_only=True)
        oversikt = table(wb["Översikt"])
    return Run(res.exit_code, res.output, lines, period, used, oversikt, outbox)


def check_verdicts(inbox: Path) -> tuple[int, dict]:
    """`check` over the whole inbox folder: exit code and {path within the inbox: line}, the
    folder's path left out (check names each file as the path it was given)."""
    res = CliRunner().invoke(cli, ["check", str(inbox)])
    prefix = inbox.as_posix() + "/"
    heads = [line for line in after_plan(res.output).splitlines() if not line.startswith("  ")]
    out = {}
    for line in heads:
        assert line.startswith(prefix), line
        line = line.replace(prefix, "")
        out[line.split(": ", 1)[0]] = line
    return res.exit_code, out


# ----------------------------------------------------------------------------- the base


@pytest.fixture(scope="module")
def base_inbox(tmp_path_factory) -> Path:
    inbox = tmp_path_factory.mktemp("base") / "inbox"
    for ins in PLAN.insatser:
        for m in MONTHS:
            if ins.is_active(PLAN.ar, m):
                write(inbox, f"2025-{m:02d}_{ins.id}.xlsx", ins.id, f"2025-{m:02d}",
                      values(ins.id, m), sent(m))
    return inbox


@pytest.fixture(scope="module")
def base_run(base_inbox, tmp_path_factory) -> Run:
    run = collect(base_inbox, tmp_path_factory.mktemp("base-out") / "outbox")
    assert run.code == 0, run.output
    assert run.period == P
    assert len(run.lines) == 39 and all(line.endswith(": godkänd") for line in
                                        run.lines.values()), run.output
    return run


@pytest.fixture
def inbox(base_inbox, tmp_path) -> Path:
    box = tmp_path / "inbox"
    shutil.copytree(base_inbox, box)
    return box


def assert_case(inbox: Path, tmp_path: Path, base_run: Run, expected: dict,
                check_expected: dict | None = None) -> Run:
    """Run collect on `inbox` (the base plus a mistake): the mistake's paths get exactly the
    lines `expected`, nothing else changes, and the inbox is not touched. `check` gives the
    same verdicts (or `check_expected` where collect's line depends on the period)."""
    before = snapshot(inbox)
    run = collect(inbox, tmp_path / "outbox")
    assert run.code == 0, run.output
    assert {f: run.lines.get(f) for f in expected} == expected
    assert {f: line for f, line in run.lines.items() if f not in expected} == base_run.lines
    assert run.period == P
    assert run.used == base_run.used
    assert run.oversikt == base_run.oversikt
    assert snapshot(inbox) == before
    code, verdicts = check_verdicts(inbox)
    want = dict(expected, **(check_expected or {}))
    assert {f: verdicts.get(f) for f in want} == want
    assert {f: line for f, line in verdicts.items() if f not in want} == base_run.lines
    assert code == (1 if any(": underkänd: " in line for line in want.values()) else 0)
    assert snapshot(inbox) == before
    return run


# ----------------------------------------------------------------------------- the mistakes
# Each returns {path within the inbox: its expected line}; MISTAKES lists them all.


def reused_for_next_month(inbox: Path) -> dict:
    """March's ISA file re-used for April: named 2025-04_isa.xlsx, April's numbers typed in,
    but its period cell still says 2025-03. Before, it replaced the real March report."""
    path = write(inbox, "2025-04_isa.xlsx", "isa", "2025-03", values("isa", 4), sent(4))
    cell = cells_of(path)["fx_period"]
    return {"2025-04_isa.xlsx": f"2025-04_isa.xlsx: underkänd: filnamnet gäller 2025-04, men "
                                f"Period ({cell}) är 2025-03"}


def reused_for_another_insats(inbox: Path) -> dict:
    """ISA's March template saved as SIP's, newer than the real ISA report."""
    path = write(inbox, "kopia/2025-03_sip.xlsx", "isa", P, values("isa", 3), sent(3, 5))
    cell = cells_of(path)["fx_insats"]
    return {"kopia/2025-03_sip.xlsx": f"kopia/2025-03_sip.xlsx: underkänd: filnamnet gäller "
                                      f"sip, men Insats ({cell}) är isa"}


def typo_in_the_period(inbox: Path) -> dict:
    """Försteg Motala's March report (renamed, so judged by its cells) with its period cell
    typed as 2025-12: it counts for December, which 1 of 13 insatser have reported, so the
    default period stays March."""
    name = "forsteg-motala mars.xlsx"
    write(inbox, name, "forsteg-motala", "2025-12", values("forsteg-motala", 3), sent(3))
    return {name: f"{name}: godkänd, men gäller 2025-12, efter 2025-03, och räknas inte den "
                  "här gången"}


TYPO_CHECK = {"forsteg-motala mars.xlsx": "forsteg-motala mars.xlsx: godkänd med 1 "
                                          "varning: sparad 2025-04-03 10:00, innan "
                                          "månaden var slut (tidigast 2026-01-01)"}


def _edited(inbox: Path, rel: str, insats_id: str, name: str, value, fmt=None,
            error=False) -> Path:
    """The correct March report of `insats_id`, one cell changed as Excel would store it
    (openpyxl; it saves with today's modified time, so the file is newer than the real
    report), saved under `rel`."""
    src = inbox / f"2025-03_{insats_id}.xlsx"
    dst = inbox / rel
    dst.parent.mkdir(parents=True, exist_ok=True)
    return set_cell(src, dst, name, value, fmt, error)


def date_in_a_count(inbox: Path) -> dict:
    rel = "nytt/2025-03_forsteg-vadstena.xlsx"
    path = _edited(inbox, rel, "forsteg-vadstena", "fx_nya_kvinnor", datetime(2025, 3, 7))
    cell = cells_of(path)["fx_nya_kvinnor"]
    return {rel: f"{rel}: underkänd: Nya under månaden, kvinnor ({cell}) visar datumet eller "
                 "tiden 2025-03-07, inte ett antal"}


def time_in_a_count(inbox: Path) -> dict:
    rel = "nytt/2025-03_digitaliseringscenter.xlsx"
    path = _edited(inbox, rel, "digitaliseringscenter", "fx_start_man", 0.5, "h:mm")
    cell = cells_of(path)["fx_start_man"]
    return {rel: f"{rel}: underkänd: Inskrivna vid månadens start, män ({cell}) visar datumet "
                 "eller tiden 12:00, inte ett antal"}


def boolean_in_a_count(inbox: Path) -> dict:
    rel = "nytt/2025-03_sip.xlsx"
    path = write(inbox, rel, "sip", P, {"fx_antal": True}, sent(3, 6))
    cell = cells_of(path)["fx_antal"]
    return {rel: f"{rel}: underkänd: Månadens antal ({cell}) är sanningsvärdet SANT, inte ett "
                 "antal"}


def error_in_a_count(inbox: Path) -> dict:
    rel = "nytt/2025-03_forstegskoordinator.xlsx"
    path = _edited(inbox, rel, "forstegskoordinator", "fx_antal", "#N/A", error=True)
    cell = cells_of(path)["fx_antal"]
    return {rel: f"{rel}: underkänd: Månadens antal ({cell}) är felvärdet #N/A, inte ett "
                 "antal"}


def formula_without_value(inbox: Path) -> dict:
    """A file filled by a script: a formula with no computed value. Before, it read as 0."""
    rel = "skript/2025-03_natverket-vastra.xlsx"
    path = _edited(inbox, rel, "natverket-vastra", "fx_antal", "=12+3")
    cell = cells_of(path)["fx_antal"]
    return {rel: f"{rel}: underkänd: Månadens antal ({cell}) är en formel utan uträknat "
                 "värde; öppna filen i Excel eller LibreOffice och spara den"}


def text_in_a_count(inbox: Path) -> dict:
    rel = "nytt/2025-03_kompetenshojande.xlsx"
    vals = dict(values("kompetenshojande", 3), fx_antal="75 st")
    path = write(inbox, rel, "kompetenshojande", P, vals, sent(3, 6))
    cell = cells_of(path)["fx_antal"]
    return {rel: f"{rel}: underkänd: Månadens antal ({cell}) är '75 st', inte ett heltal 0 "
                 "eller större"}


def corrected_by_a_newer_file(inbox: Path) -> dict:
    """A rejected February report of Fontänhus Motala; the correct one in the base is newer
    (sent on the 3rd, the rejected one on the 1st)."""
    rel = "fel/2025-02_fontanhus-motala.xlsx"
    vals = values("fontanhus-motala", 2)
    vals["fx_utfall_arbete_kvinnor"] += 1
    path = write(inbox, rel, "fontanhus-motala", "2025-02", vals, sent(2, 1))
    cell = cells_of(path)["fx_avslutade_kvinnor"]
    return {rel: f"{rel}: ersatt av 2025-02_fontanhus-motala.xlsx, en nyare godkänd fil för "
                 "samma insats och månad (den här var underkänd: utfallen summerar inte till "
                 f"Avslutade under månaden, kvinnor ({cell}))"}


def personnummer_in_names(inbox: Path) -> dict:
    folder = inbox / f"Anna {PNR}"
    folder.mkdir()
    (folder / f"{PNR} mars.xlsx").write_bytes(b"inte en arbetsbok")
    (folder / "anteckning.txt").write_text("att göra", encoding="utf-8")
    shown = "Anna ÅÅMMDD-XXXX"
    return {f"{shown}/ÅÅMMDD-XXXX mars.xlsx": f"{shown}/ÅÅMMDD-XXXX mars.xlsx: underkänd: "
                                             "filen är skadad och går inte att läsa",
            f"{shown}/anteckning.txt": f"{shown}/anteckning.txt: ignorerad: inte ett "
                                       "kalkylark (.txt)"}


def links_and_special_files(inbox: Path) -> dict:
    """Links of every kind and a FIFO: one line each; nothing hangs, nothing is followed
    into a folder."""
    outside = inbox.parent / "utanför"
    (outside / "mapp").mkdir(parents=True, exist_ok=True)
    (outside / "mapp" / "2025-03_isa.xlsx").write_bytes("skulle inte läsas".encode())
    (outside / "inte-en-arbetsbok.xlsx").write_bytes(b"x")
    os.symlink(outside / "mapp", inbox / "länk-till-mapp")
    os.symlink(outside / "inte-en-arbetsbok.xlsx", inbox / "länk-utanför.xlsx")
    os.symlink(inbox / "finns-inte.xlsx", inbox / "trasig.xlsx")
    os.symlink("slinga.xlsx", inbox / "slinga.xlsx")
    os.symlink(inbox, inbox / "inkorgen-igen")  # a loop through a folder link
    os.mkfifo(inbox / "fifo.xlsx")
    link_dir = ("ignorerad: en länk till en mapp; länkar till mappar följs inte, så lägg "
                "filerna (eller länkar till filerna) i inkorgen")
    broken = "ignorerad: en länk som pekar på något som inte finns"
    return {"länk-till-mapp": f"länk-till-mapp: {link_dir}",
            "inkorgen-igen": f"inkorgen-igen: {link_dir}",
            "länk-utanför.xlsx": "länk-utanför.xlsx: underkänd: filen är skadad och går inte "
                                 "att läsa",
            "trasig.xlsx": f"trasig.xlsx: {broken}",
            "slinga.xlsx": f"slinga.xlsx: {broken}",
            "fifo.xlsx": "fifo.xlsx: ignorerad: inte en vanlig fil"}


MISTAKES = [reused_for_next_month, reused_for_another_insats, typo_in_the_period,
            date_in_a_count, time_in_a_count, boolean_in_a_count, error_in_a_count,
            formula_without_value, text_in_a_count, corrected_by_a_newer_file,
            personnummer_in_names, links_and_special_files]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.__name__ for m in MISTAKES])
def test_one_mistake_changes_no_number(inbox, tmp_path, base_run, mistake):
    expected = mistake(inbox)
    extra = TYPO_CHECK if mistake is typo_in_the_period else None
    run = assert_case(inbox, tmp_path, base_run, expected, extra)
    if mistake is typo_in_the_period:
        rest = run.output.split("\n\n", 1)[1].splitlines()
        assert rest[1:4] == [
            "Period: 2025-03 (den senaste avslutade månaden som minst hälften av de aktiva "
            "insatserna har rapporterat: 13 av 13).",
            "2025-12 hoppas över: bara 1 av 13 aktiva insatser har en godkänd rapport för "
            "månaden. Ange --period 2025-12 för att sammanställa den ändå.",
            "1 godkänd fil gäller en månad efter 2025-03 och räknas inte nu.",
        ]


def test_a_corrected_file_gets_no_letter(inbox, tmp_path, base_run):
    expected = corrected_by_a_newer_file(inbox)
    run = assert_case(inbox, tmp_path, base_run, expected)
    assert not (run.outbox / "aterkoppling").exists()  # nothing else has findings either
    summary = json.loads((run.outbox / "sammanfattning-2025-03.json").read_text("utf-8"))
    (entry,) = [f for f in summary["files"] if f["file"] == next(iter(expected))]
    assert (entry["status"], entry["superseded_by"]) == ("superseded",
                                                         "2025-02_fontanhus-motala.xlsx")
    assert [f["code"] for f in entry["findings"]] == ["outcomes-mismatch"]


def test_a_personnummer_in_a_name_is_masked_in_every_output(inbox, tmp_path, base_run):
    run = assert_case(inbox, tmp_path, base_run, personnummer_in_names(inbox))
    digits = PNR[:6]
    assert digits not in run.output
    letters = sorted((run.outbox / "aterkoppling").iterdir())
    assert [p.name for p in letters] == ["Anna ÅÅMMDD-XXXX__ÅÅMMDD-XXXX mars.eml",
                                         "Anna ÅÅMMDD-XXXX__ÅÅMMDD-XXXX mars.txt"]
    for path in run.outbox.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".xlsx":
                with zipfile.ZipFile(path) as z:
                    data = b"".join(z.read(n) for n in z.namelist())
            assert digits.encode() not in data, path
            assert digits not in path.as_posix(), path
    res = CliRunner().invoke(cli, ["check", str(inbox / f"Anna {PNR}")])
    assert digits not in res.output and "Anna ÅÅMMDD-XXXX" in res.output


# ----------------------------------------------------------------------------- every mistake


@pytest.fixture(scope="module")
def mixed(base_inbox, tmp_path_factory):
    """The base plus every mistake at once; collect without --period."""
    box = tmp_path_factory.mktemp("mixed") / "inbox"
    shutil.copytree(base_inbox, box)
    expected = {}
    for mistake in MISTAKES:
        expected.update(mistake(box))
    before = snapshot(box)
    run = collect(box, tmp_path_factory.mktemp("mixed-out") / "outbox")
    assert snapshot(box) == before
    return box, expected, run


def test_mixed_inbox_lines_and_default_period(mixed, base_run):
    box, expected, run = mixed
    assert run.code == 0, run.output
    assert run.period == "2025-03"  # the month the good reports point to
    assert {f: run.lines.get(f) for f in expected} == expected
    assert {f: line for f, line in run.lines.items() if f not in expected} == base_run.lines
    assert run.used == base_run.used


def _expected_oversikt() -> dict:
    """truth.expected over the correct reports only: every number of Översikt."""
    used = {(i.id, m): values(i.id, m) for i in PLAN.insatser for m in MONTHS
            if i.is_active(PLAN.ar, m)}
    sc = truth.Scenario(plan=PLAN, period=P, truth=TRUTH, used=used)
    exp = truth.expected(sc)
    return exp


def _assert_oversikt(rows: dict, exp: dict) -> None:
    for ins in PLAN.insatser:
        want = {k: v for k, v in exp["oversikt"][ins.namn].items() if k != "Insats"}
        check_row(rows[ins.namn], want, ins.namn)
    for key, want in exp["totals"].items():
        check_row(rows[key], want, key)
    assert len(rows) == len(PLAN.insatser) + len(exp["totals"])


def test_mixed_inbox_every_number_on_oversikt_as_written(mixed):
    _box, _expected, run = mixed
    _assert_oversikt(run.oversikt, _expected_oversikt())


def test_mixed_inbox_every_number_on_oversikt_after_libreoffice(mixed, soffice, tmp_path):
    _box, _expected, run = mixed
    src = tmp_path / "mixed.xlsx"
    shutil.copyfile(run.outbox / "uppfoljning-2025-03.xlsx", src)
    out = lo.convert(src, tmp_path / "lo")
    rows = table(openpyxl.load_workbook(out, data_only=True)["Översikt"])
    _assert_oversikt(rows, _expected_oversikt())


def test_mixed_inbox_letters_are_consistent(mixed):
    """Each letter's first sentence says what the file's line says; none says both that the
    file does not count and that it counts anyway."""
    _box, expected, run = mixed
    letters = {p.name: p.read_text(encoding="utf-8")
               for p in (run.outbox / "aterkoppling").glob("*.txt")}  # beside marked copies
    assert all("räknas ändå" not in text for text in letters.values())
    date_letter = letters["nytt__2025-03_forsteg-vadstena.txt"]
    assert "\nFilen är underkänd och räknas inte i uppföljningen." in date_letter
    assert "Varningar att kontrollera:" in date_letter  # saved after the deadline (openpyxl)
    typo = letters["forsteg-motala mars.txt"]
    assert "\nFilen är godkänd och räknas i uppföljningen för 2025-12, inte i den här, som " \
           "gäller 2025-03; kontrollera varningarna nedan.\n" in typo
    assert "innan december 2025 var slut" in typo
    assert "fel__2025-02_fontanhus-motala.txt" not in letters  # corrected: nothing to fix


# ----------------------------------------------------------------------------- smaller points


def test_a_renamed_sheet_is_accepted_by_collect_and_check(tmp_path):
    src = write(tmp_path / "src", "2025-03_isa.xlsx", "isa", P, values("isa", 3), sent(3))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    dst = inbox / "2025-03_isa.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b'name="Rapport"', b'name="Mars"').replace(
                    b">Rapport!", b">Mars!")
            zout.writestr(info, data)
    run = collect(inbox, tmp_path / "outbox")
    assert run.lines == {"2025-03_isa.xlsx": "2025-03_isa.xlsx: godkänd"}
    assert CliRunner().invoke(cli, ["check", str(dst)]).output == \
        f"{EMBEDDED}\n{dst}: godkänd\n"


@pytest.mark.parametrize("command", [["collect"], ["status"], ["templates", "-o", "m"]])
def test_a_bad_period_is_a_usage_error_everywhere(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "inbox").mkdir()
    res = CliRunner().invoke(cli, [*command, "--period", "2025-13"], prog_name="finsam-xl")
    assert res.exit_code == 2, res.output
    assert res.output.splitlines()[-1].startswith("Fel: Ogiltigt värde för '--period': ")
    assert not (tmp_path / "m").exists() and not (tmp_path / "outbox").exists()


def test_check_on_a_folder_named_like_a_workbook(tmp_path):
    folder = tmp_path / "x.xlsx"
    folder.mkdir()
    res = CliRunner().invoke(cli, ["check", str(folder)])
    assert res.exit_code == 1
    assert after_plan(res.output).splitlines() == [
        f"{folder}: underkänd: en mapp utan filer; inget har granskats",
        f"  fel: {folder} är en mapp utan filer, så inget har granskats; ange filerna som ska "
        "granskas, eller en mapp som innehåller dem.",
    ]
