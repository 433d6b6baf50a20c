"""`finsam-xl check FILE...` through click's CliRunner: exact lines and exit codes
(0 when every file is accepted, 1 otherwise)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from finsam_xl.cli import cli
from finsam_xl.plan import load_example
from finsam_xl.template import write_template
from support.files import GOOD_FLOW, IN_TIME, cells_of
from support.runs import EMBEDDED, after_plan

PLAN = load_example()


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "2025-03_isa.xlsx"
    write_template(PLAN, PLAN.insats("isa"), "2025-03", good, values=GOOD_FLOW, modified=IN_TIME)
    bad = tmp_path / "2025-03_sip.xlsx"
    write_template(PLAN, PLAN.insats("sip"), "2025-03", bad, values={"fx_antal": "12,5"},
                   modified=IN_TIME)
    late = tmp_path / "2025-02_isa.xlsx"
    write_template(PLAN, PLAN.insats("isa"), "2025-02", late, values=GOOD_FLOW,
                   modified=datetime(2025, 3, 11, 12, 0, tzinfo=timezone.utc))
    return {"good": good, "bad": bad, "late": late}


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    """Run in an empty folder: no plan.xlsx there, so the embedded plan is used."""
    monkeypatch.chdir(tmp_path)


def run(tmp_path, *args):
    return CliRunner().invoke(cli, ["check", *map(str, args)])


def output(res) -> str:
    """What check printed after its first line, which names the plan it checks against."""
    return after_plan(res.output)


def test_accepted_file_exits_0(tmp_path, files):
    res = run(tmp_path, files["good"])
    assert res.exit_code == 0, res.output
    assert res.output == f"{EMBEDDED}\n{files['good']}: godkänd\n"


def test_rejected_file_exits_1_with_reason_and_cell(tmp_path, files):
    res = run(tmp_path, files["bad"])
    assert res.exit_code == 1
    cell = cells_of(files["bad"])["fx_antal"]
    lines = output(res).splitlines()
    assert lines[0] == (f"{files['bad']}: underkänd: Månadens antal ({cell}) är '12,5', "
                        "inte ett heltal 0 eller större")
    assert lines[1] == (f"  fel: {files['bad']}: fältet Månadens antal ({cell}) innehåller "
                        "'12,5', som inte är ett heltal 0 eller större; skriv bara siffror, "
                        "till exempel 12, utan decimaler, minustecken eller ord.")
    assert len(lines) == 2
    assert "Traceback" not in res.output


def test_warning_only_exits_0(tmp_path, files):
    res = run(tmp_path, files["late"])
    assert res.exit_code == 0
    lines = output(res).splitlines()
    assert lines[0] == (f"{files['late']}: godkänd med 1 varning: sparad "
                        "2025-03-11 13:00, efter rapportfristen (senast 2025-03-10)")
    assert lines[1].startswith(f"  varning: {files['late']} sparades 2025-03-11 13:00")
    assert len(lines) == 2


def test_mixed_files_exit_1_one_line_each(tmp_path, files):
    res = run(tmp_path, files["good"], files["bad"])
    assert res.exit_code == 1
    heads = [line for line in output(res).splitlines() if not line.startswith("  ")]
    assert heads[0] == f"{files['good']}: godkänd"
    assert heads[1].startswith(f"{files['bad']}: underkänd: ")
    assert len(heads) == 2


def test_missing_file_exits_1(tmp_path, files):
    missing = tmp_path / "finns-inte.xlsx"
    res = run(tmp_path, files["good"], missing)
    assert res.exit_code == 1
    assert output(res).splitlines() == [
        f"{files['good']}: godkänd",
        f"{missing}: underkänd: filen finns inte",
        f"  fel: {missing} finns inte; kontrollera filnamnet och sökvägen och kör igen.",
    ]


def test_check_reads_a_folder(tmp_path, files):
    res = run(tmp_path, files["good"].parent)
    assert res.exit_code == 1  # the folder holds the rejected file too
    heads = sorted(line.split(": ")[0] for line in output(res).splitlines()
                   if not line.startswith("  "))
    assert heads == sorted(f.as_posix() for f in files.values())


def test_check_without_files_is_a_usage_error(tmp_path):
    res = run(tmp_path)
    assert res.exit_code == 2


def test_relative_paths_through_dot_folders_are_read(tmp_path, files, monkeypatch):
    (tmp_path / "under").mkdir()
    monkeypatch.chdir(tmp_path / "under")
    res = run(tmp_path, "../2025-03_isa.xlsx")
    assert res.exit_code == 0, res.output
    assert output(res) == "../2025-03_isa.xlsx: godkänd\n"


def test_check_of_one_file_does_not_import_pandas_or_xlsxwriter(files, tmp_path):
    """`finsam-xl check one.xlsx` stays a quick command: the reader and validation need
    neither pandas nor xlsxwriter (issue: start-up)."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from finsam_xl.cli import cli\n"
            "try:\n"
            f"    cli.main(['check', {str(files['good'])!r}], prog_name='finsam-xl')\n"
            "except SystemExit as exc:\n"
            "    print('exit', exc.code)\n"
            "print(sorted(m for m in ('pandas', 'xlsxwriter', 'numpy') if m in sys.modules))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, check=True)
    lines = proc.stdout.strip().splitlines()
    assert lines[:2] == [EMBEDDED, f"{files['good']}: godkänd"]
    assert lines[-2:] == ["exit 0", "[]"]


def test_ignored_and_corrected_files_do_not_fail_check(tmp_path, files):
    """Exit 1 only for a rejected file: a note beside the reports (ignored) and a rejected
    report that a newer accepted one corrects do not make check fail."""
    folder = tmp_path / "rapporter"
    folder.mkdir()
    (folder / "anteckning.txt").write_text("x", encoding="utf-8")
    write_template(PLAN, PLAN.insats("sip"), "2025-03", folder / "2025-03_sip.xlsx",
                   values={"fx_antal": "12,5"}, modified=IN_TIME)
    write_template(PLAN, PLAN.insats("sip"), "2025-03", folder / "rattat" / "2025-03_sip.xlsx",
                   values={"fx_antal": 12}, modified=datetime(2025, 4, 3, tzinfo=timezone.utc))
    res = run(tmp_path, folder)
    assert res.exit_code == 0, res.output
    heads = [line for line in output(res).splitlines() if not line.startswith("  ")]
    cell = cells_of(folder / "2025-03_sip.xlsx")["fx_antal"]
    assert heads == [
        f"{folder}/2025-03_sip.xlsx: ersatt av {folder}/rattat/2025-03_sip.xlsx, en nyare "
        "godkänd fil för samma insats och månad (den här var underkänd: Månadens antal "
        f"({cell}) är '12,5', inte ett heltal 0 eller större)",
        f"{folder}/anteckning.txt: ignorerad: inte ett kalkylark (.txt)",
        f"{folder}/rattat/2025-03_sip.xlsx: godkänd",
    ]
