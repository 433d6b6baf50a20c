"""The CLI layer: Swedish help with examples, fast start-up, clean errors, docs == --help."""

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsam_xl import __version__
from finsam_xl.cli import cli

REPO = Path(__file__).resolve().parent.parent
COMMANDS = [[], ["plan"], ["plan", "new"], ["plan", "check"], ["templates"], ["check"],
            ["collect"], ["status"], ["remind"], ["demo"]]


def render_cli_docs() -> str:
    """docs/cli.md: every command's --help, exactly as the CLI prints it."""
    runner = CliRunner()
    parts = ["# finsam-xl — kommandon\n",
             "Genererad från `--help` (`python tests/test_cli.py --write`); ett test kontrollerar "
             "att filen stämmer med programmet.\n"]
    for args in COMMANDS:
        result = runner.invoke(cli, args + ["--help"], prog_name="finsam-xl")
        assert result.exit_code == 0, result.output
        parts.append(f"## finsam-xl {' '.join(args)}".rstrip() + "\n")
        parts.append("```text\n" + result.output + "```\n")
    return "\n".join(parts)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "finsam-xl")
def test_every_help_is_swedish_with_an_example(args):
    result = CliRunner().invoke(cli, args + ["--help"], prog_name="finsam-xl")
    assert result.exit_code == 0
    assert result.output.startswith("Användning: finsam-xl")
    assert "Exempel:" in result.output
    assert "Visa den här hjälpen och avsluta." in result.output
    for english in ("Usage:", "Options:", "Show this message"):
        assert english not in result.output


def test_version():
    result = CliRunner().invoke(cli, ["--version"], prog_name="finsam-xl")
    assert result.exit_code == 0
    assert result.output == f"finsam-xl, version {__version__}\n"


def test_unknown_command_is_a_usage_error_in_swedish():
    result = CliRunner().invoke(cli, ["nope"], prog_name="finsam-xl")
    assert result.exit_code == 2
    assert "Fel: Kommandot 'nope' finns inte." in result.output


def test_unknown_example_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["plan", "new", "--example", "x", "-o", str(tmp_path / "p.xlsx")])
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
    assert result.output == ("Fel: Ett oväntat fel inträffade (ValueError: trasig). Inga filer i "
                             "inkorgen har ändrats. Kontakta den som förvaltar finsam-xl och "
                             "bifoga filen som kördes.\n")
    assert "Traceback" not in result.output


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
    assert docs == render_cli_docs(), "docs/cli.md is stale: run python tests/test_cli.py --write"


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        (REPO / "docs" / "cli.md").write_text(render_cli_docs(), encoding="utf-8")
