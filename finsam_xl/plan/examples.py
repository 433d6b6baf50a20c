"""The embedded example plans: `finsam_xl/examples/*.toml`, one per seed (text data, read
with tomllib), turned into `model.Plan`. Each file's header comment names its seed and every
decision where the seed is ambiguous.
"""

from __future__ import annotations

from .. import messages as M
from ..model import BudgetRow, Goal, Insats, Member, Plan
from .findings import PlanError
from .masking import masked_plan

DEFAULT_EXAMPLE = "vastra-ostergotland-2025"
EXAMPLES = (
    "vastra-ostergotland-2025",
    "vastra-ostergotland-2024",
    "sodra-vanern-2022",
    "vastra-skaraborg-2019",
)


def _opt(d: dict, key: str):
    v = d.get(key)
    return None if v in ("", None) else v


def plan_from_dict(data: dict) -> Plan:
    """Build a Plan from the TOML structure of `finsam_xl/examples/*.toml`, its text masked
    (`masking.masked_plan`) as a plan read from a workbook is."""
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
            samordnare=_opt(i, "samordnare"),
            epost=_opt(i, "epost"),
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
        return {y: (None if v in ("", None) else v) for y, v in zip(years, values, strict=False)}

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
    return masked_plan(Plan(
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
    ))


def load_example(name: str = DEFAULT_EXAMPLE) -> Plan:
    if name not in EXAMPLES:
        raise PlanError(M.PLAN_UNKNOWN_EXAMPLE.format(name=name, examples=", ".join(EXAMPLES)))
    import tomllib  # here: a plan workbook is read without them
    from importlib import resources

    text = resources.files("finsam_xl").joinpath("examples", f"{name}.toml").read_text("utf-8")
    return plan_from_dict(tomllib.loads(text))
