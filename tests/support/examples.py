"""The example workbooks the engine and printing tests share: the demo's (the embedded plan,
January–March, through the CLI), and one per example plan from truth.py's scenarios (with
missing, rejected and late reports), Södra Vänern's written after a workbook of an earlier
month in the same outbox (so that it has an Ändringar table and Översikt counts it)."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from finsam_xl.cli import cli
from finsam_xl.plan import load_example
from support.runs import write_workbook

from . import truth


def demo(base: Path) -> Path:
    """`finsam-xl demo` in `base`; the path of its workbook."""
    base.mkdir(parents=True, exist_ok=True)
    cwd = os.getcwd()
    os.chdir(base)
    try:
        result = CliRunner().invoke(cli, ["demo"], prog_name="finsam-xl")
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return base / "outbox" / "uppfoljning-2025-03.xlsx"


def example_scenario(name: str, period: str, seed: int = 9) -> truth.Scenario:
    """A year of reports for example plan `name` up to `period`: the second flow insats
    lacks April, the first has only a rejected file for February, the last has nobody
    ended."""
    plan = load_example(name)
    flows = [i.id for i in plan.insatser if i.flow]
    return truth.scenario(plan, period, seed=seed, missing={(flows[1], 4)},
                          rejected={(flows[0], 2)}, zero_ended=frozenset(flows[-1:]))


def workbooks(base: Path) -> dict[str, tuple[truth.Scenario | None, Path]]:
    """name -> (scenario, or None for the demo; workbook path)."""
    out: dict[str, tuple[truth.Scenario | None, Path]] = {"demo": (None, demo(base / "demo"))}
    for name, sc in (("vastra-ostergotland-2025", truth.main_scenario()),
                     ("vastra-ostergotland-2025-edge", truth.edge_scenario()),
                     ("vastra-ostergotland-2024", example_scenario("vastra-ostergotland-2024",
                                                                   "2024-11")),
                     ("vastra-skaraborg-2019", example_scenario("vastra-skaraborg-2019",
                                                                "2019-10"))):
        out[name] = (sc, write_workbook(sc.result, base / name))
    sv = example_scenario("sodra-vanern-2022", "2022-09")
    earlier = example_scenario("sodra-vanern-2022", "2022-06", seed=8)
    write_workbook(earlier.result, base / "sodra-vanern-2022")
    out["sodra-vanern-2022"] = (sv, write_workbook(sv.result, base / "sodra-vanern-2022"))
    return out
