"""The plan: the embedded examples (TOML text data), member contributions, and the plan
workbook (read, write, check). The rest of the code sees `model.Plan`, never cells.
"""

from __future__ import annotations

import tomllib
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from importlib import resources
from pathlib import Path

from .errors import FinsamError
from .model import BudgetRow, Goal, Insats, Member, Plan

DEFAULT_EXAMPLE = "vastra-ostergotland-2025"
EXAMPLES = (
    "vastra-ostergotland-2025",
    "vastra-ostergotland-2024",
    "sodra-vanern-2022",
    "vastra-skaraborg-2019",
)
PLAN_FILENAME = "plan.xlsx"


class PlanError(FinsamError):
    """A plan cannot be loaded; the message is Swedish and names the file/sheet/cell."""


# ----------------------------------------------------------------------------- examples


def _opt(d: dict, key: str):
    v = d.get(key)
    return None if v in ("", None) else v


def plan_from_dict(data: dict) -> Plan:
    """Build a Plan from the TOML structure of `finsam_xl/examples/*.toml`."""
    f = data["forbund"]
    insatser = tuple(
        Insats(
            id=i["id"],
            namn=i["namn"],
            niva=i["niva"],
            enhet=i["enhet"],
            budgeterad_volym=_opt(i, "budgeterad_volym"),
            kostnadsstalle=_opt(i, "kostnadsstalle"),
            utforare=_opt(i, "utforare"),
            aktiv_fran=_opt(i, "aktiv_fran"),
            aktiv_till=_opt(i, "aktiv_till"),
            enkat=bool(i.get("enkat", False)),
        )
        for i in data.get("insats", [])
    )
    mal = tuple(
        Goal(
            id=g["id"],
            namn=g["namn"],
            galler=tuple(g["galler"]),
            typ=g["typ"],
            kategorier=tuple(g.get("kategorier", ())),
            min_andel=_opt(g, "min_andel"),
            min_antal=_opt(g, "min_antal"),
        )
        for g in data.get("mal", [])
    )
    b = data.get("budget", {})
    budget_ar = tuple(b.get("ar", ()))

    def by_year(values, years):
        return {y: (None if v in ("", None) else v) for y, v in zip(years, values)}

    budget = tuple(
        BudgetRow(r["kostnadsstalle"], r["namn"], by_year(r["belopp"], budget_ar))
        for r in b.get("rad", [])
    )
    angiven = {y: v for y, v in by_year(b.get("angiven_summa", ()), budget_ar).items()
               if v is not None}
    m = data.get("medlemmar", {})
    medlemmar_ar = tuple(m.get("ar", ()))
    tilldelning = {y: v for y, v in by_year(m.get("tilldelning", ()), medlemmar_ar).items()
                   if v is not None}
    medlemmar = tuple(
        Member(
            medlem=x["medlem"],
            typ=x["typ"],
            befolkning=_opt(x, "befolkning"),
            bidrag={y: v for y, v in by_year(x.get("bidrag", ()), medlemmar_ar).items()
                    if v is not None},
        )
        for x in m.get("medlem", [])
    )
    return Plan(
        namn=f["namn"],
        ar=int(f["ar"]),
        rapportfrist_dag=int(f.get("rapportfrist_dag", 10)),
        insatser=insatser,
        mal=mal,
        budget_ar=budget_ar,
        budget=budget,
        budget_angiven_summa=angiven,
        medlemmar_ar=medlemmar_ar,
        tilldelning=tilldelning,
        medlemmar=medlemmar,
    )


def load_example(name: str = DEFAULT_EXAMPLE) -> Plan:
    if name not in EXAMPLES:
        raise PlanError(name)
    text = resources.files("finsam_xl").joinpath("examples", f"{name}.toml").read_text("utf-8")
    return plan_from_dict(tomllib.loads(text))


# ----------------------------------------------------------------------------- contributions


def andel(member: Member, plan: Plan) -> Decimal | None:
    """A municipality's population share in percent, rounded to one decimal (half up, as
    Excel's ROUND). None when the plan gives no population."""
    if member.typ != "kommun" or member.befolkning is None:
        return None
    total = sum(m.befolkning or 0 for m in plan.medlemmar if m.typ == "kommun")
    if not total:
        return None
    share = Decimal(member.befolkning) * 100 / Decimal(total)
    return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def bidrag(member: Member, plan: Plan, year: int) -> int | None:
    """The member's contribution for `year`: the explicit amount where the plan gives one,
    else the state's half, the region's quarter, or the municipality's quarter x andel / 100
    rounded half to even (seed 000: Mjölby 2023 851 516.5 -> 851 516)."""
    if year in member.bidrag:
        return member.bidrag[year]
    total = plan.tilldelning.get(year)
    if total is None:
        return None
    if member.typ == "stat":
        return int((Decimal(total) / 2).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
    if member.typ == "region":
        return int((Decimal(total) / 4).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
    a = andel(member, plan)
    if a is None:
        return None
    return int((Decimal(total) / 4 * a / 100).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


# ----------------------------------------------------------------------------- resolution


def resolve_plan(path: str | Path | None = None, cwd: Path | None = None) -> Plan:
    """The plan a command uses: `path` if given; else `plan.xlsx` in the working folder if
    present; else the embedded default (SPEC section 2)."""
    if path is not None:
        return read_plan(Path(path))
    candidate = (cwd or Path.cwd()) / PLAN_FILENAME
    if candidate.exists():
        return read_plan(candidate)
    return load_example(DEFAULT_EXAMPLE)


def read_plan(path: Path) -> Plan:  # implemented with the plan workbook
    raise NotImplementedError
