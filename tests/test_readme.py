"""The README's instructions, tested as far as this machine can: every `finsam-xl …` it
shows is a command that exists and parses (its options and values), the month's checklist
names the commands in the order of the month, the Windows steps use the paths a virtual
environment has on Windows, and the files it links to exist."""

from __future__ import annotations

import re
import shlex
import sysconfig
from pathlib import Path

import click
import pytest

from finsam_xl.cli import CONTEXT, cli
from support.paths import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
# A synopsis (the commands table) rather than a command line: placeholders and brackets.
SYNOPSIS = re.compile(r"[\[\]<>…]|YYYY|ÅÅÅÅ|\b(NAME|PLAN|FILE|DIR|X)\b")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, re.S | re.M)


def _section(title: str) -> str:
    start = README.index(title)
    end = README.find("\n## ", start + 1)
    return README[start:end if end != -1 else None]


def _command_lines() -> list[str]:
    """Every `finsam-xl …` of the README: inline code and lines of code blocks."""
    found = [m.group(1) for m in re.finditer(r"`(finsam-xl [^`]*)`", README)]
    for block in _blocks("bash") + _blocks("powershell"):
        for line in block.splitlines():
            for part in line.split("&&"):
                part = part.strip()
                if part.startswith("finsam-xl "):
                    found.append(part)
    return [c for c in found if not SYNOPSIS.search(c)]


def _resolve(args: list[str]) -> tuple[click.Command, list[str]]:
    """The command an argument list names (a group's subcommand), and its own arguments."""
    command: click.Command = cli
    while isinstance(command, click.Group) and args and not args[0].startswith("-"):
        sub = command.get_command(click.Context(command, **CONTEXT), args[0])
        assert sub is not None, f"no command {args[0]!r}"
        command, args = sub, args[1:]
    return command, args


COMMANDS = _command_lines()


def test_the_readme_shows_commands():
    assert len(COMMANDS) > 15
    assert {"finsam-xl utskick", "finsam-xl collect", "finsam-xl remind",
            "finsam-xl status", "finsam-xl demo"} <= set(COMMANDS)


@pytest.mark.parametrize("line", sorted(set(COMMANDS)))
def test_every_command_in_the_readme_exists_and_parses(line):
    args = shlex.split(line)[1:]
    if args and args[0] == "--debug":
        args = args[1:]
    command, rest = _resolve(args)
    if command is cli:  # the program's own options
        assert rest and set(rest) <= {"--help", "--version"}, line
        return
    # parses the options and checks their values (a period, a choice) without running;
    # a command named without its arguments (`finsam-xl check`) is a mention of it. The
    # contexts carry the CLI's settings: click keeps the help option it first made.
    try:
        command.make_context(command.name, rest, parent=click.Context(cli, **CONTEXT))
    except click.MissingParameter:
        assert rest == [], line


def test_the_month_is_a_checklist_in_the_order_of_the_month():
    checklist = _section("## Månadens arbetsgång")
    checklist = checklist[:checklist.index("In detail:")]
    steps = re.findall(r"^\d\. \*\*(.+?)\*\*", checklist, re.M)
    assert steps == ["Send out the month's templates", "Collect", "Send the new letters",
                     "Remind", "The board's workbook"]
    order = [checklist.index(f"`finsam-xl {c}`") for c in ("utskick", "collect", "remind")]
    assert order == sorted(order)
    assert "N nya eller ändrade brev att skicka" in checklist


def test_the_windows_steps_use_a_windows_virtual_environment():
    windows = _section("### På Windows")
    install, tests = _blocks("powershell")[:2]
    assert install.splitlines() == ["py -m venv .venv", ".venv\\Scripts\\activate",
                                    "pip install -e .", "finsam-xl demo"]
    assert tests.splitlines()[:2] == install.splitlines()[:2]
    assert "pip install -e '.[test]'" in tests and "python -m pytest" in tests
    # where venv puts its programs on Windows, and the activation script PowerShell runs
    scripts = sysconfig.get_path("scripts", "nt_venv", vars={"base": ".venv",
                                                             "platbase": ".venv"})
    assert Path(scripts) == Path(".venv", "Scripts")
    import venv

    assert (Path(venv.__file__).parent / "scripts" / "common" / "Activate.ps1").is_file()
    assert ".venv\\Scripts\\Activate.ps1" in windows
    # the extras and the console script the steps install
    setup = (REPO / "setup.cfg").read_text(encoding="utf-8")
    assert "finsam-xl = finsam_xl.cli:main" in setup and "\ntest =\n" in setup


def test_the_test_command_is_still_the_second_shell_block():
    """.ci/run runs the README's second shell block (bash, sh or none): the PowerShell
    blocks must not move it."""
    shell = re.findall(r"^```(?:bash|sh|shell)?\n(.*?)^```", README, re.S | re.M)
    assert "python -m pytest" in shell[1] and shell[1].startswith("python3 -m venv")


def test_the_files_the_readme_links_to_exist():
    links = re.findall(r"\]\(([^)#]+)\)", README)
    assert links
    assert [link for link in links if not (REPO / link).exists()] == []
