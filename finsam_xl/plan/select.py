"""Which plans a command works with: every `--plan` given (one plan per year), else
`plan.xlsx` and every `plan-ÅÅÅÅ.xlsx` in the working folder, else the embedded default
(Västra Östergötland 2025). A kansli keeps last year's plan beside this year's (README,
*Vid årsskiftet*): each file is then judged by the plan of its own year.

Decisions:
- Two plans for one year are a usage error that names both files (`PlanYearError`); the
  same file given twice counts once.
- A file named `plan-ÅÅÅÅ.xlsx` holds the plan for the year ÅÅÅÅ: one whose `Förbund!år`
  says another year is the same usage error (the name is how the kansli tells the plans
  apart, so a copy whose year was not changed is caught before it judges any file).
- The source of each plan (`Plans.sources`) is the file as given, or its name when found in
  the working folder, or None for the embedded example: every command prints it
  (`console.plan_lines`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from .. import messages as M
from ..errors import PlanYearError
from ..model import Plan, Plans
from .examples import DEFAULT_EXAMPLE, load_example

PLAN_FILENAME = "plan.xlsx"
YEAR_FILE_RE = re.compile(r"^plan-(\d{4})\.xlsx$")

PlanPaths = str | Path | Sequence[str | Path] | None


def plan_files(cwd: Path | None = None) -> list[Path]:
    """`plan.xlsx` and every `plan-ÅÅÅÅ.xlsx` in the working folder (`cwd`), by name."""
    folder = cwd or Path.cwd()
    found = [folder / PLAN_FILENAME] if (folder / PLAN_FILENAME).is_file() else []
    try:
        names = sorted(p.name for p in folder.iterdir()
                       if YEAR_FILE_RE.match(p.name) and p.is_file())
    except OSError:
        names = []
    return found + [folder / n for n in names]


def resolve_plans(paths: PlanPaths = None, cwd: Path | None = None) -> Plans:
    """The plans a command uses: the files `paths` (one or more) if given; else the plan
    files of the working folder (`plan_files`); else the embedded default. PlanError when a
    plan cannot be read, PlanYearError when two are for the same year."""
    given = [paths] if isinstance(paths, (str, Path)) else list(paths or ())
    if not given:
        found = plan_files(cwd)
        if not found:
            return Plans((load_example(DEFAULT_EXAMPLE),), (None,))
        return _read_all([(p, p.name) for p in found])
    return _read_all([(Path(p), str(p)) for p in given])


def resolve_plan(path: str | Path | None = None, cwd: Path | None = None) -> Plan:
    """The one plan of a caller that works with one: `path` if given; else the latest year of
    the working folder's plan files; else the embedded default."""
    return resolve_plans(path, cwd).latest


def _read_all(files: list[tuple[Path, str]]) -> Plans:
    """Each (path, as shown) read once (the same file twice counts once), by year."""
    from .read import read_plan

    by_year: dict[int, tuple[Plan, str]] = {}
    seen: set[Path] = set()
    for path, shown in files:
        key = path.resolve()
        if key in seen:
            continue
        seen.add(key)
        plan = read_plan(path)
        named = YEAR_FILE_RE.match(path.name)
        if named and int(named.group(1)) != plan.ar:
            raise PlanYearError(M.PLAN_NAME_YEAR.format(fil=shown, ar=plan.ar,
                                                        namn_ar=named.group(1)))
        if plan.ar in by_year:
            raise PlanYearError(M.PLAN_SAME_YEAR.format(ar=plan.ar, forsta=by_year[plan.ar][1],
                                                        andra=shown))
        by_year[plan.ar] = (plan, shown)
    years = sorted(by_year)
    return Plans(tuple(by_year[y][0] for y in years), tuple(by_year[y][1] for y in years))


def described(plans: Plans) -> str:
    """The plans as every command names them: 'Samordningsförbundet Västra Östergötland
    2025 (plan.xlsx)', several joined with 'och', the embedded example saying so."""
    return M.and_list(M.PLAN_ITEM.format(namn=p.namn, ar=p.ar, kalla=source or M.PLAN_EMBEDDED)
                      for p, source in zip(plans.plans, plans.sources, strict=True))
