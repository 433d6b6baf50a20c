"""The command-line interface: a thin click layer.

Each command parses its options, calls the library, and prints the lines `console.py` builds
from what the library returned. Library errors (`FinsamError`) become
`click.ClickException` in one place (`FinsamGroup.invoke`); a period that is no month or
outside the plan year is a usage error (exit 2) in every command (`Period`,
`FinsamCommand.invoke`); anything unexpected is reported in Swedish without a traceback.
Heavy modules (pandas, xlsxwriter, openpyxl) are imported inside the commands that need
them, so `finsam-xl --help` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from . import messages as M
from .errors import FinsamError, PeriodError, PlanYearError, os_error_text

if TYPE_CHECKING:
    from .model import Plans


def echo(text: str = "") -> None:
    """Every line a command prints, with any personnummer (in a file or folder name) masked:
    `pnr.mask`, as everywhere else."""
    from .pnr import mask

    click.echo(mask(text))


def echo_lines(lines) -> None:
    for line in lines:
        echo(line)


def debug_echo(text: str) -> None:
    """A traceback for `--debug` (stderr; already masked by whoever kept it)."""
    click.echo(text, err=True, nl=not text.endswith("\n"))


def file_lines(result) -> None:
    """The one line per file of a run, and with --debug the traceback of a file that met a
    bug in finsam-xl."""
    from .console import file_line

    for r in result.reports:
        echo(file_line(r, result.period or None))
        if r.program_error is not None and debugging():
            debug_echo(r.program_error.traceback)


def progress_bar():
    """click's progress bar when stdout is a terminal (None otherwise)."""
    if not sys.stdout.isatty():
        return None
    return lambda total: click.progressbar(length=total, label=M.COL_PROGRESS)


class Period(click.ParamType):
    """--period: a month written ÅÅÅÅ-MM (surrounding spaces dropped), the same rule and
    message in every command (`usage.checked_period`); the library checks it against the
    plan year."""

    name = "period"

    def convert(self, value, param, ctx):
        from .run.period import now
        from .usage import checked_period

        try:
            return checked_period(value, None, example_year=now().year)
        except PeriodError as exc:
            self.fail(str(exc), param, ctx)


PERIOD = Period()


def _sv(text: str) -> str:
    return M.CLICK_SV.get(text, text)


def _sv_n(singular: str, plural: str, n: int) -> str:
    return _sv(singular if n == 1 else plural)


def _install_click_swedish() -> None:
    """click's own strings (Usage:, Options, errors) in Swedish."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for mod in (click.core, click.decorators, click.exceptions, click.formatting, click.parser,
                click.types):
        # setattr: the modules' gettext aliases are not part of click's typed interface
        for name, swedish in (("_", _sv), ("ngettext", _sv_n)):
            if hasattr(mod, name):
                setattr(mod, name, swedish)


_install_click_swedish()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class FinsamCommand(click.Command):
    """A command whose usage line reads in Swedish, and for which a period outside the plan
    years (PeriodError, found once the plans are read) and two plans for one year
    (PlanYearError) are usage errors: exit 2, as click's own for a period that is no month."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[FLAGGOR]")
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        from .pnr import mask

        try:
            return super().invoke(ctx)
        except PeriodError as exc:
            raise click.BadParameter(mask(str(exc)), ctx=ctx, param_hint="'--period'") \
                from None
        except PlanYearError as exc:
            raise click.UsageError(mask(str(exc)), ctx=ctx) from None


class FinsamGroup(click.Group):
    """Turns the library's errors into clean Swedish messages, in one place: no Python
    traceback ever reaches the user."""

    command_class = FinsamCommand

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[FLAGGOR]")
        kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENT]...")
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        from .pnr import mask

        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort,
                SystemExit, KeyboardInterrupt, BrokenPipeError):
            raise  # click's own handling (a closed pipe: a quiet exit 1, as for `| head`)
        except FinsamError as exc:
            raise click.ClickException(mask(str(exc))) from None
        except OSError as exc:  # an operating-system error no command expected
            raise click.ClickException(mask(M.CLI_OS_ERROR.format(
                path=exc.filename or "", error=os_error_text(exc)))) from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence: a bug
            if debugging(ctx):
                import traceback

                click.echo(traceback.format_exc(), err=True, nl=False)
            raise click.ClickException(mask(
                M.CLI_UNEXPECTED.format(kind=type(exc).__name__, error=exc))) from None


DEBUG_ENV = "FINSAM_XL_DEBUG"


def debugging(ctx: click.Context | None = None) -> bool:
    """--debug on the command line (`finsam-xl --debug collect`), or FINSAM_XL_DEBUG=1: a
    program error prints its Python traceback (to stderr) before the Swedish message, for
    the report to whoever maintains finsam-xl (README: *Rapportera ett fel*)."""
    import os

    if os.environ.get(DEBUG_ENV, "").strip() not in ("", "0"):
        return True
    ctx = ctx or click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.find_root().params.get("debug"))


# The options several commands share, declared once.
INBOX_OPTION = click.option("--inbox", default="inbox", show_default=True,
                            metavar=M.CLI_MV_DIR, help=M.CLI_OPT_INBOX,
                            type=click.Path(file_okay=False, path_type=Path))
OUTBOX_OPTION = click.option("--outbox", default="outbox", show_default=True,
                             metavar=M.CLI_MV_DIR, help=M.CLI_OPT_OUTBOX,
                             type=click.Path(file_okay=False, path_type=Path))
PLAN_OPTION = click.option("--plan", "plan_files", multiple=True, metavar=M.CLI_MV_PLAN,
                           help=M.CLI_OPT_PLAN,
                           type=click.Path(dir_okay=False, path_type=Path))


def plans_of(plan_files: tuple[Path, ...]) -> Plans:
    """The plans a command works with (`plan.resolve_plans`: the --plan files, else the
    working folder's, else the embedded default), after printing which they are."""
    from .console import plan_lines
    from .plan import resolve_plans

    plans = resolve_plans(plan_files)
    echo_lines(plan_lines(plans))
    return plans


# ----------------------------------------------------------------------------- group


@click.group(cls=FinsamGroup, context_settings=CONTEXT, help=M.CLI_HELP)
@click.version_option(__version__, "--version", prog_name="finsam-xl", message=M.CLI_VERSION)
@click.option("--debug", is_flag=True, help=M.CLI_OPT_DEBUG)
def cli(debug: bool) -> None:
    pass


# ----------------------------------------------------------------------------- plan


@cli.group("plan", cls=FinsamGroup, help=M.CLI_PLAN_HELP, short_help=M.CLI_PLAN_SHORT)
def plan_group() -> None:
    pass


@plan_group.command("new", help=M.CLI_PLAN_NEW_HELP, short_help=M.CLI_PLAN_NEW_SHORT)
@click.option("--example", "example", default=None, metavar=M.CLI_MV_NAME, help=M.CLI_OPT_EXAMPLE)
@click.option("-o", "--output", "output", default="plan.xlsx", show_default=True,
              metavar=M.CLI_MV_FILE,
              type=click.Path(dir_okay=False, path_type=Path), help=M.CLI_OPT_PLAN_OUTPUT)
def plan_new(example: str | None, output: Path) -> None:
    from . import plan as plan_mod

    name = example or plan_mod.DEFAULT_EXAMPLE
    if name not in plan_mod.EXAMPLES:
        raise click.UsageError(M.CLI_UNKNOWN_EXAMPLE.format(
            name=name, examples=", ".join(plan_mod.EXAMPLES)))
    plan = plan_mod.load_example(name)
    if output.exists():  # never overwrite a plan the kansli may have edited
        raise FinsamError(M.PLAN_EXISTS.format(path=output))
    plan_mod.write_plan(plan, output)
    echo(M.CLI_PLAN_WRITTEN.format(path=output, namn=plan.namn, ar=plan.ar))


@plan_group.command("check", help=M.CLI_PLAN_CHECK_HELP, short_help=M.CLI_PLAN_CHECK_SHORT)
@click.argument("plan_file", required=False, metavar=M.CLI_MV_PLAN_OPT,
                type=click.Path(dir_okay=False, path_type=Path))
def plan_check(plan_file: Path | None) -> None:
    from . import plan as plan_mod
    from .console import plan_lines
    from .model import Plans

    if plan_file is None:
        plan_file = Path(plan_mod.PLAN_FILENAME)
        if not plan_file.exists():
            raise FinsamError(M.CLI_NO_PLAN_FILE.format(path=plan_file))
    plan, findings = plan_mod.check_plan(plan_file)
    if plan is not None:
        echo_lines(plan_lines(Plans((plan,), (str(plan_file),))))
    for f in findings:
        echo(M.PLAN_FINDING_LINE.format(niva=M.PLAN_SEVERITY[f.severity],
                                              message=f.message))
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        echo(M.CLI_PLAN_CHECK_FAILED.format(path=plan_file, n=len(errors)))
        sys.exit(1)
    echo(M.CLI_PLAN_CHECK_OK.format(path=plan_file))


# ----------------------------------------------------------------------------- templates


@cli.command("templates", help=M.CLI_TEMPLATES_HELP, short_help=M.CLI_TEMPLATES_SHORT)
@click.option("--period", required=True, type=PERIOD, metavar=M.CLI_MV_PERIOD,
              help=M.CLI_OPT_PERIOD_TEMPLATES)
@PLAN_OPTION
@click.option("-o", "--output", "outdir", default="templates", show_default=True,
              metavar=M.CLI_MV_DIR,
              type=click.Path(file_okay=False, path_type=Path), help=M.CLI_OPT_TEMPLATES_OUTPUT)
@click.option("--inbox", default=None, metavar=M.CLI_MV_DIR,
              type=click.Path(file_okay=False, path_type=Path), help=M.CLI_OPT_INBOX_TEMPLATES)
@click.option("--force", is_flag=True, help=M.CLI_OPT_FORCE)
def templates_cmd(period: str, plan_files: tuple[Path, ...], outdir: Path,
                  inbox: Path | None, force: bool) -> None:
    from .console import templates_lines
    from .run.templates import run_templates

    run = run_templates(plans_of(plan_files), period, outdir, inbox, force)
    echo_lines(templates_lines(run.paths, run.prefill, run.insats_ids, run.period, outdir))


# ----------------------------------------------------------------------------- check


@cli.command("check", help=M.CLI_CHECK_HELP, short_help=M.CLI_CHECK_SHORT)
@click.argument("files", nargs=-1, required=True,
                type=click.Path(path_type=Path), metavar=M.CLI_MV_FILES)
@PLAN_OPTION
def check_cmd(files: tuple[Path, ...], plan_files: tuple[Path, ...]) -> None:
    from .console import report_text
    from .model import REJECTED
    from .run import check_files

    reports = check_files(list(files), plans_of(plan_files))
    for r in reports:
        echo(report_text(r))
        if r.program_error is not None and debugging():
            debug_echo(r.program_error.traceback)
    if any(r.status == REJECTED for r in reports):
        sys.exit(1)


# ----------------------------------------------------------------------------- collect


@cli.command("collect", help=M.CLI_COLLECT_HELP, short_help=M.CLI_COLLECT_SHORT)
@INBOX_OPTION
@OUTBOX_OPTION
@PLAN_OPTION
@click.option("--period", default=None, type=PERIOD, metavar=M.CLI_MV_PERIOD,
              help=M.CLI_OPT_PERIOD_COLLECT)
@click.option("--strict", is_flag=True, help=M.CLI_OPT_STRICT)
@click.option("--publicera", "publish", is_flag=True, help=M.WB_PUB_CLI_HELP)
def collect_cmd(inbox: Path, outbox: Path, plan_files: tuple[Path, ...], period: str | None,
                strict: bool, publish: bool) -> None:
    from .atomic import finish_once_committed
    from .console import collect_lines
    from .model import REJECTED
    from .run import run_collect
    from .verdicts import counts

    # once the outputs are in place, a Ctrl-C no longer stops the report (atomic.py)
    with finish_once_committed():
        run = run_collect(inbox, outbox, plan=plans_of(plan_files), period=period,
                          bar=progress_bar(), on_reports=file_lines, publish=publish)
        echo_lines(collect_lines(run))
    if strict and counts(run.result)[REJECTED]:
        sys.exit(1)


# ----------------------------------------------------------------------------- status


@cli.command("status", help=M.CLI_STATUS_HELP, short_help=M.CLI_STATUS_SHORT)
@INBOX_OPTION
@PLAN_OPTION
@click.option("--period", default=None, type=PERIOD, metavar=M.CLI_MV_PERIOD,
              help=M.CLI_OPT_PERIOD_STATUS)
def status_cmd(inbox: Path, plan_files: tuple[Path, ...], period: str | None) -> None:
    from .console import status_lines
    from .status import run_status

    echo_lines(status_lines(run_status(inbox, plans_of(plan_files), period), inbox))


# ----------------------------------------------------------------------------- remind


@cli.command("remind", help=M.CLI_REMIND_HELP, short_help=M.CLI_REMIND_SHORT)
@click.option("--period", default=None, type=PERIOD, metavar=M.CLI_MV_PERIOD,
              help=M.CLI_OPT_PERIOD_REMIND)
@INBOX_OPTION
@OUTBOX_OPTION
@PLAN_OPTION
def remind_cmd(period: str | None, inbox: Path, outbox: Path,
               plan_files: tuple[Path, ...]) -> None:
    from .console import remind_lines
    from .run import run_remind

    echo_lines(remind_lines(run_remind(inbox, outbox, plans_of(plan_files), period)))


# ----------------------------------------------------------------------------- utskick


@cli.command("utskick", help=M.CLI_UTSKICK_HELP, short_help=M.CLI_UTSKICK_SHORT)
@click.option("--period", default=None, type=PERIOD, metavar=M.CLI_MV_PERIOD,
              help=M.CLI_OPT_PERIOD_UTSKICK)
@click.option("--inbox", default=None, metavar=M.CLI_MV_DIR,
              type=click.Path(file_okay=False, path_type=Path), help=M.CLI_OPT_INBOX_TEMPLATES)
@OUTBOX_OPTION
@PLAN_OPTION
def utskick_cmd(period: str | None, inbox: Path | None, outbox: Path,
                plan_files: tuple[Path, ...]) -> None:
    from .console import utskick_lines
    from .run.utskick import run_utskick

    echo_lines(utskick_lines(run_utskick(inbox, outbox, plans_of(plan_files), period)))


# ----------------------------------------------------------------------------- demo


@cli.command("demo", help=M.CLI_DEMO_HELP, short_help=M.CLI_DEMO_SHORT)
@INBOX_OPTION
@OUTBOX_OPTION
def demo_cmd(inbox: Path, outbox: Path) -> None:
    from .atomic import finish_once_committed
    from .console import collect_lines, demo_guide_lines, demo_intro_lines
    from .demo import run_demo

    with finish_once_committed():
        done = run_demo(inbox, outbox, on_ready=lambda d: echo_lines(demo_intro_lines(d)),
                        bar=progress_bar(), on_reports=file_lines)
        echo_lines(collect_lines(done.collect, demo=True)
                   + demo_guide_lines(done.demo, done.collect))


# ----------------------------------------------------------------------------- entry point


def _tolerant_console() -> None:
    """A character the console cannot show (a '✓' on a Windows code page such as cp1252 or
    cp850, a file name in another script, bytes of a file name that are not UTF-8) is
    printed as '?' instead of stopping the command: the standard streams keep their
    encoding but replace what it cannot encode."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # a closed or unusual stream: leave it
                pass


def _quiet_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """An exception Python cannot raise (in a destructor or a garbage-collector pass) is
    printed by Python itself as a traceback, past every handler. The one met: a Ctrl-C that
    lands inside `zipfile.ZipFile.__init__` leaves a half-made object whose `__del__` fails
    (`AttributeError: ... '_writing'`) beside the run's "Avbrutet.". Such an exception is
    ignored by Python whatever the hook does and changes no output, so it is shown only with
    --debug (README: *Rapportera ett fel*)."""
    if debugging():
        sys.__unraisablehook__(unraisable)


def main() -> None:
    """Console-script entry point."""
    _tolerant_console()
    sys.unraisablehook = _quiet_unraisable
    try:
        cli.main(prog_name="finsam-xl")
    finally:
        # The process ends here: move every object out of reach of the cyclic garbage
        # collector, whose passes over them while the interpreter shuts down took 0.17 s of
        # a 1 008-file collect (benchmarks/results.md). Memory goes back to the OS as usual;
        # every file was closed and every lock released by the command itself.
        import gc

        gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    main()
