"""Running the library's commands as the CLI does, for tests that want their lines."""

from __future__ import annotations

from pathlib import Path


def collect_lines(inbox: Path, outbox: Path, plan, period: str | None = None) -> list[str]:
    """collect over `inbox` with `plan`: the lines the CLI prints (file lines, then the
    summary), from the library's own line builders."""
    from finsam_xl import console
    from finsam_xl.run import run_collect

    run = run_collect(inbox, outbox, plan=plan, period=period)
    return console.file_lines(run.result) + console.collect_lines(run)


def write_workbook(result, outbox: Path) -> Path:
    """The workbook of `result` written to `outbox` the way collect writes it (with the
    letters and the summary, staged and put in place together); its path."""
    from finsam_xl.run.outbox import write_outputs

    return write_outputs(result, Path(outbox)).workbook


# The first line of every command run in a folder without plan files: which plan it uses.
EMBEDDED = ("Plan: Samordningsförbundet Västra Östergötland 2025 (den inbyggda exempelplanen; "
            "ingen plan.xlsx i arbetsmappen).")


def after_plan(output: str, plan_line: str = EMBEDDED) -> str:
    """A command's output after its first line, which must be `plan_line` (the plan used)."""
    first, _, rest = output.partition("\n")
    assert first == plan_line, first
    return rest
