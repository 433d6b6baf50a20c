"""The CLI layer: Swedish help with examples, fast start-up, clean errors, docs == --help."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsam_xl import __version__
from finsam_xl.cli import cli
from finsam_xl.docs import COMMANDS, cli_docs
from support.paths import child_env

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "finsam-xl")
def test_every_help_is_swedish_with_an_example(args):
    result = CliRunner().invoke(cli, args + ["--help"], prog_name="finsam-xl")
    assert result.exit_code == 0
    assert result.output.startswith("Användning: finsam-xl")
    assert "Exempel:" in result.output
    assert "Visa den här hjälpen och avsluta." in result.output
    for english in ("Usage:", "Options:", "Show this message", "[required]", "default:"):
        assert english not in result.output


def test_a_required_option_is_marked_in_swedish():
    """click's own "[required]" was English in `templates --help` (issue 17)."""
    result = CliRunner().invoke(cli, ["templates", "--help"], prog_name="finsam-xl")
    assert "  --period ÅÅÅÅ-MM   Månaden mallarna gäller, till exempel 2025-03.  [krävs]" \
        in result.output.splitlines()


def test_version():
    result = CliRunner().invoke(cli, ["--version"], prog_name="finsam-xl")
    assert result.exit_code == 0
    assert result.output == f"finsam-xl, version {__version__}\n"


def test_unknown_command_is_a_usage_error_in_swedish():
    result = CliRunner().invoke(cli, ["nope"], prog_name="finsam-xl")
    assert result.exit_code == 2
    assert "Fel: Kommandot 'nope' finns inte." in result.output


def test_unknown_example_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["plan", "new", "--example", "x", "-o",
                                      str(tmp_path / "p.xlsx")])
    assert result.exit_code == 2
    assert "Okänt exempel 'x'." in result.output
    assert not (tmp_path / "p.xlsx").exists()


def test_unexpected_error_gives_swedish_message_not_traceback(monkeypatch, tmp_path):
    import finsam_xl.plan as plan_mod

    def boom(name):
        raise ValueError("trasig")

    monkeypatch.setattr(plan_mod, "load_example", boom)
    result = CliRunner().invoke(cli, ["plan", "new", "-o", str(tmp_path / "p.xlsx")])
    assert result.exit_code == 1
    assert result.output == UNEXPECTED
    assert "Traceback" not in result.output


UNEXPECTED = ("Fel: Ett programfel i finsam-xl (ValueError: trasig), inte ett fel i dina filer. "
              "Inga filer i inkorgen har ändrats. Kör kommandot igen med 'finsam-xl --debug …' "
              "och skicka utskriften, och gärna filen som lästes, till den som förvaltar "
              "finsam-xl.\n")


@pytest.mark.parametrize("how", ["flag", "env"])
def test_debug_prints_the_traceback_of_a_program_error(monkeypatch, tmp_path, how):
    """`finsam-xl --debug …` or FINSAM_XL_DEBUG=1: a bug prints Python's traceback on stderr,
    then the same Swedish message; a user's mistake (a FinsamError) never prints one."""
    import finsam_xl.plan as plan_mod

    def boom(name):
        raise ValueError("trasig")

    monkeypatch.setattr(plan_mod, "load_example", boom)
    args = ["plan", "new", "-o", str(tmp_path / "p.xlsx")]
    if how == "flag":
        args = ["--debug", *args]
    else:
        monkeypatch.setenv("FINSAM_XL_DEBUG", "1")
    result = CliRunner(mix_stderr=False).invoke(cli, args) if _click_mixes() else \
        CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert lines[-2] == "ValueError: trasig"
    assert result.stderr.endswith(UNEXPECTED)
    monkeypatch.undo()
    monkeypatch.setenv("FINSAM_XL_DEBUG", "1")
    result = CliRunner().invoke(cli, ["plan", "check", str(tmp_path / "saknas.xlsx")])
    assert result.exit_code == 1 and "Traceback" not in result.output


def _click_mixes() -> bool:
    """click < 8.2 mixes stderr into output unless told not to."""
    import inspect

    return "mix_stderr" in inspect.signature(CliRunner.__init__).parameters


def test_closed_pipe_ends_quietly(tmp_path):
    """`finsam-xl status | head -1`: when the reader of the output has gone away, the run
    stops without the "unexpected error" message or a traceback."""
    import os

    read_end, write_end = os.pipe()
    os.close(read_end)  # every write to stdout now fails with EPIPE
    try:
        proc = subprocess.run([sys.executable, "-c", "from finsam_xl.cli import main; main()",
                               "plan", "new", "-o", str(tmp_path / "p.xlsx")],
                              stdout=write_end, stderr=subprocess.PIPE, text=True,
                              cwd=tmp_path)
    finally:
        os.close(write_end)
    assert proc.returncode == 1
    assert proc.stderr == ""
    assert (tmp_path / "p.xlsx").is_file()  # the work was done before the first print


@pytest.mark.parametrize("args, code", [(["--help"], 0), (["plan", "check", "saknas.xlsx"], 1)])
def test_the_process_leaves_its_objects_to_the_os(tmp_path, args, code):
    """After the command, however it ended, every object is frozen out of the cyclic garbage
    collector (`gc.freeze`), so the interpreter's shutdown does not walk them again."""
    script = ("import atexit, gc\n"
              "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 1000))\n"
              "from finsam_xl.cli import main\n"
              "main()\n")
    proc = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                          text=True, cwd=tmp_path)
    assert proc.returncode == code, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "frozen True"


def test_help_does_not_import_heavy_modules():
    code = ("import sys\n"
            "from finsam_xl.cli import cli\n"
            "try:\n"
            "    cli.main(['--help'], prog_name='finsam-xl', standalone_mode=False)\n"
            "finally:\n"
            "    print(sorted(m for m in ('pandas', 'xlsxwriter', 'openpyxl', 'numpy',\n"
            "                             'python_calamine') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_docs_match_help():
    docs = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert docs == cli_docs(), "docs/cli.md is stale: run python -m finsam_xl.docs --write"


# ----------------------------------------------------------------------------- consoles


def _console_script() -> list[str]:
    return [sys.executable, "-c", "from finsam_xl.cli import main; main()"]


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """A demo's inbox and outbox, plus a report whose name no Windows code page can show
    (Chinese characters and a check mark) and one whose name is not even UTF-8."""
    d = tmp_path_factory.mktemp("console")
    assert CliRunner().invoke(cli, ["demo", "--inbox", str(d / "inbox"),
                                    "--outbox", str(d / "outbox")]).exit_code == 0
    isa = (d / "inbox" / "2025-03_isa.xlsx").read_bytes()
    (d / "inbox" / "2025-03_isa 报告 ✓.xlsx").write_bytes(isa)
    os.makedirs(d / "inbox" / "andra", exist_ok=True)
    with open(os.fsencode(d / "inbox" / "andra") + b"/2025-03_isa-\xff.xlsx", "wb") as fh:
        fh.write(isa)
    return d


@pytest.mark.parametrize("encoding", ["cp1252", "cp850"])
def test_commands_survive_a_windows_code_page(demo_dir, encoding):
    """`finsam-xl status > status.txt` and collect on a Windows console or redirect (cp1252,
    cp850): every line is printed, a character the code page lacks becomes '?', nothing
    stops the command."""
    env = dict(os.environ, PYTHONIOENCODING=encoding)
    for args in (["status", "--inbox", "inbox"],
                 ["collect", "--inbox", "inbox", "--outbox", f"ut-{encoding}"]):
        proc = subprocess.run(_console_script() + args, cwd=demo_dir, env=env,
                              capture_output=True)
        out = proc.stdout.decode(encoding)
        assert proc.returncode == 0, (args, out, proc.stderr.decode(encoding))
        assert proc.stderr == b""
        assert "Ett programfel" not in out
    lines = out.splitlines()
    # three byte-identical copies: the one whose path sorts last stands for them
    assert "2025-03_isa ?? ?.xlsx: godkänd, samma innehåll som andra/2025-03_isa-?.xlsx " \
        "(räknas en gång)" in lines
    assert "andra/2025-03_isa-?.xlsx: godkänd" in lines
    status = subprocess.run(_console_script() + ["status", "--inbox", "inbox"], cwd=demo_dir,
                            env=env, capture_output=True).stdout.decode(encoding)
    assert "?" in status and "✓" not in status  # the check marks, replaced


def test_a_file_name_that_is_not_utf8_reaches_every_output(demo_dir):
    """A name whose bytes are not UTF-8 is shown with U+FFFD in the letters' names, the
    summary and the terminal (UTF-8 here), instead of stopping collect."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.run(_console_script() + ["collect", "--inbox", "inbox", "--outbox",
                                               "ut-utf8"], cwd=demo_dir, env=env,
                          capture_output=True)
    out = proc.stdout.decode("utf-8")
    assert proc.returncode == 0, out + proc.stderr.decode("utf-8", "replace")
    assert any(line.startswith("andra/2025-03_isa-\ufffd.xlsx: ") for line in out.splitlines())
    summary = (demo_dir / "ut-utf8" / "sammanfattning-2025-03.json").read_text("utf-8")
    assert '"file": "andra/2025-03_isa-\ufffd.xlsx"' in summary


# A destructor that fails, as zipfile.ZipFile's does on the half-made object a Ctrl-C leaves
# when it lands inside ZipFile.__init__ (seen once in some hundred interrupted collects:
# "Exception ignored in: <function ZipFile.__del__ …> Traceback … AttributeError: 'ZipFile'
# object has no attribute '_writing'" printed before "Avbrutet.").
HALF_MADE_ZIP = r"""
import io, sys, zipfile
import finsam_xl.plan as plan_mod
load = plan_mod.load_example
def load_example(*args, **kwargs):
    half = zipfile.ZipFile.__new__(zipfile.ZipFile)  # as far as __init__ got: fp set
    half.fp = io.BytesIO()
    del half
    return load(*args, **kwargs)
plan_mod.load_example = load_example
from finsam_xl.cli import main
sys.argv = ["finsam-xl", "plan", "new", "-o", "p.xlsx"]
main()
"""


@pytest.mark.parametrize("debug", ["", "1"])
def test_an_exception_python_cannot_raise_prints_no_traceback(tmp_path, debug):
    """Python prints an exception from a destructor itself, past every handler: finsam-xl's
    hook keeps it from the user (the command's own output only) and shows it with --debug."""
    res = subprocess.run([sys.executable, "-c", HALF_MADE_ZIP], cwd=tmp_path,
                         env=child_env(FINSAM_XL_DEBUG=debug), capture_output=True,
                         text=True, encoding="utf-8")
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "p.xlsx").is_file()
    if debug:
        lines = res.stderr.splitlines()
        assert lines[0].startswith("Exception ignored in: <function ZipFile.__del__")
        assert lines[1] == "Traceback (most recent call last):"
        assert lines[-1].startswith("AttributeError: 'ZipFile' object has no attribute")
    else:
        assert res.stderr == ""
