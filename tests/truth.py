"""Ground truth for the aggregation and workbook tests.

`generate` draws a year of random but consistent monthly reports for every insats of a plan
(seeded RNG): start of month m = start + new - ended of month m-1, outcomes per gender sum to
ended, ended <= start + new, survey positives <= answers. `scenario` turns them into a
CollectResult (with missing months, a rejected file, a late one, a month after P).

`expected` computes every number the workbook must show, in plain Python straight from the
generated values and SPEC section 6. It imports nothing from finsam_xl except the data model
(to read the plan) and never pandas or finsam_xl.aggregate.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from finsam_xl.model import (CollectResult, FileReport, Finding, Plan, Submission)

CATS = ("arbete", "studier", "arbetssokande", "rehab", "annat", "okant")
GENDERS = ("kvinnor", "man")


def is_flow(ins) -> bool:
    return ins.niva == "individ" and ins.enhet == "deltagare"


def active(ins, year: int) -> list[int]:
    lo, hi = 1, 12
    if ins.aktiv_fran:
        y, m = int(ins.aktiv_fran[:4]), int(ins.aktiv_fran[5:])
        lo = 13 if y > year else (m if y == year else 1)
    if ins.aktiv_till:
        y, m = int(ins.aktiv_till[:4]), int(ins.aktiv_till[5:])
        hi = 0 if y < year else (m if y == year else 12)
    return list(range(lo, hi + 1))


# ----------------------------------------------------------------------------- generation


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    edges = [0] + cuts + [total]
    return [edges[i + 1] - edges[i] for i in range(parts)]


def generate(plan: Plan, seed: int = 2025, zero_ended: frozenset = frozenset()) -> dict:
    """{(insats id, month): {count name: value}} for every active month of the year."""
    rng = random.Random(seed)
    out = {}
    for ins in plan.insatser:
        months = active(ins, plan.ar)
        per_month = (ins.budgeterad_volym or 24) / 12 * rng.uniform(0.4, 1.5)
        top = max(1, round(per_month))  # new per gender and month: 0..top (mean ~ per_month/2)
        start = {g: rng.randint(0, max(1, (ins.budgeterad_volym or 24) // 8)) for g in GENDERS}
        for m in months:
            v = {}
            if is_flow(ins):
                for g in GENDERS:
                    new = rng.randint(0, top)
                    ended = (0 if ins.id in zero_ended
                             else min(start[g] + new, rng.randint(0, top)))
                    v[f"fx_start_{g}"] = start[g]
                    v[f"fx_nya_{g}"] = new
                    v[f"fx_avslutade_{g}"] = ended
                    for cat, n in zip(CATS, _split(rng, ended, len(CATS))):
                        v[f"fx_utfall_{cat}_{g}"] = n
                    start[g] = start[g] + new - ended
            else:
                v["fx_antal"] = rng.randint(0, 2 * top)
            if ins.enkat:
                answers = rng.randint(0, 40)
                v["fx_enkat_svar"] = answers
                v["fx_enkat_positiva"] = rng.randint(0, answers)
            out[(ins.id, m)] = v
    return out


def submission(plan: Plan, insats_id: str, month: int, values: dict, drop_zeros: bool = True,
               kommentar: str = "", name: str | None = None) -> Submission:
    """A used submission; zero counts are left out of `values` (an empty cell means 0)."""
    period = f"{plan.ar}-{month:02d}"
    rel = name or f"{period}_{insats_id}.xlsx"
    vals = {k: v for k, v in values.items() if not (drop_zeros and v == 0)}
    return Submission(path=Path("/inbox") / rel, relpath=rel, size=1000,
                      sha256=hashlib.sha256(rel.encode()).hexdigest(),
                      modified=datetime(plan.ar, month, 28, 12, tzinfo=timezone.utc),
                      version="finsam-xl/1", forbund=plan.namn, insats=insats_id, period=period,
                      values=vals, kommentar=kommentar, rapporterad_av="Samordnare")


@dataclass
class Scenario:
    plan: Plan
    period: str
    truth: dict  # every generated month (the coordinators' reality)
    used: dict  # (insats, month) -> values of the used submissions, months <= P
    rejected: set = field(default_factory=set)  # (insats, month) with only a rejected file
    late: set = field(default_factory=set)
    result: CollectResult | None = None


def scenario(plan: Plan, period: str, seed: int = 2025, missing=(), rejected=(), late=(),
             after=(), comments: dict | None = None, zero_ended=frozenset(),
             findings=(), antal_totals: dict | None = None) -> Scenario:
    """Build a CollectResult from generated data: `missing` months are never sent,
    `rejected` months only as a rejected file, `late` months sent late, `after` months
    (after P) sent and used but not to be counted."""
    truth = generate(plan, seed, zero_ended)
    p = int(period[5:])
    for iid, total in (antal_totals or {}).items():
        # spread a chosen year-to-date total over the months up to P (status boundaries)
        months = [m for (i, m) in sorted(truth) if i == iid and m <= p]
        for k, m in enumerate(months):
            truth[(iid, m)]["fx_antal"] = total // len(months) + (
                total % len(months) if k == 0 else 0)
    comments = comments or {}
    used_subs, reports, used_vals = {}, [], {}
    for (iid, m), values in sorted(truth.items()):
        if (iid, m) in missing or (iid, m) in rejected:
            continue
        if m > p and (iid, m) not in after:
            continue
        sub = submission(plan, iid, m, values, kommentar=comments.get((iid, m), ""))
        used_subs[(iid, sub.period)] = sub
        reports.append(FileReport(file=sub.relpath, submission=sub))
        if m <= p:
            used_vals[(iid, m)] = values
    for iid, m in rejected:
        bad = dict(truth[(iid, m)])
        sub = submission(plan, iid, m, bad, name=f"{plan.ar}-{m:02d}_{iid}_fel.xlsx")
        reports.append(FileReport(file=sub.relpath, submission=sub, findings=[Finding(
            code="utfall_summa", severity="error", file=sub.relpath,
            message="Utfallen för kvinnor summerar inte till antalet avslutade.",
            field="Avslutade under månaden, kvinnor", cell="Rapport!C12", value="3",
            expected="5")]))
    for f in findings:
        reports.append(FileReport(file=f.file, findings=[f]))
    late_keys = {(iid, f"{plan.ar}-{m:02d}") for iid, m in late}
    res = CollectResult(plan=plan, period=period, reports=reports, used=used_subs,
                        written_at=datetime(plan.ar, p % 12 + 1 if p < 12 else 12, 5, 8, 30,
                                            tzinfo=timezone.utc),
                        late=late_keys)
    return Scenario(plan=plan, period=period, truth=truth, used=used_vals,
                    rejected=set(rejected), late=set(late), result=res)


# ----------------------------------------------------------------------------- expected values


def div(a, b):
    return None if b == 0 else a / b


def expected(sc: Scenario) -> dict:
    """Every number of Översikt, Månadsdata, Utfall and Inlämningar, keyed by insats name."""
    plan = sc.plan
    p = int(sc.period[5:])
    status_word = {"g": "Grön", "y": "Gul", "r": "Röd"}
    ov, md, flows, inl, outcomes, gender = {}, {}, {}, {}, {}, {}
    for ins in plan.insatser:
        months = sorted(m for (iid, m) in sc.used if iid == ins.id and m <= p)
        vals = {m: sc.used[(ins.id, m)] for m in months}
        act = active(ins, plan.ar)
        to_p = len([m for m in act if m <= p])
        exp_share = div(to_p, len(act))
        row = {"Insats": ins.namn, "Nivå": ins.niva, "Enhet": ins.enhet,
               "Budgeterad volym": ins.budgeterad_volym}
        month_cells = {}
        if is_flow(ins):
            new_by_month = {m: vals[m]["fx_nya_kvinnor"] + vals[m]["fx_nya_man"]
                            for m in months}
            first_start = ({g: vals[months[0]][f"fx_start_{g}"] for g in GENDERS}
                           if months else {g: 0 for g in GENDERS})
            ytd_g = {g: first_start[g] + sum(vals[m][f"fx_nya_{g}"] for m in months)
                     for g in GENDERS}
            ytd = ytd_g["kvinnor"] + ytd_g["man"]
            month_cells = dict(new_by_month)
            start_col = sum(first_start.values()) if months else None
            ends = {m: sum(vals[m][f"fx_start_{g}"] + vals[m][f"fx_nya_{g}"]
                           - vals[m][f"fx_avslutade_{g}"] for g in GENDERS) for m in months}
            row["Inskrivna nu"] = ends[months[-1]] if months else None
            row["Anmärkning"] = (None if not months or months[-1] == p
                                 else f"inskrivna avser {MONTHS_LONG[months[-1] - 1]}")
            row["Andel kvinnor"] = div(ytd_g["kvinnor"], ytd) if months else None
            flows[ins.namn] = {"months": months, "ends": ends, "vals": vals}
            cats = {}
            for cat in CATS:
                cats[cat] = {g: sum(vals[m][f"fx_utfall_{cat}_{g}"] for m in months)
                             for g in GENDERS}
            outcomes[ins.namn] = cats
            new_k = sum(vals[m]["fx_nya_kvinnor"] for m in months)
            new_t = sum(new_by_month.values())
            end_k = sum(vals[m]["fx_avslutade_kvinnor"] for m in months)
            end_t = sum(vals[m]["fx_avslutade_kvinnor"] + vals[m]["fx_avslutade_man"]
                        for m in months)
            gender[ins.namn] = (new_k, new_t, div(new_k, new_t), end_k, end_t,
                                div(end_k, end_t))
        else:
            month_cells = {m: vals[m]["fx_antal"] for m in months}
            ytd = sum(month_cells.values())
            start_col = None
            row["Inskrivna nu"] = None
            row["Anmärkning"] = None
            row["Andel kvinnor"] = None
        budget = ins.budgeterad_volym or 0
        ach = div(ytd, budget)
        if not months and to_p:
            row["Anmärkning"] = "ingen godkänd rapport än"
        row["Hittills i år"] = ytd
        row["Uppnådd andel"] = ach
        row["Förväntad andel"] = exp_share
        if ach is None or exp_share is None:
            row["Status"] = None
        else:  # exact rational comparison: ytd * year >= to_p * budget
            lhs, rhs = ytd * len(act), to_p * budget
            if lhs >= rhs:
                row["Status"] = status_word["g"]
            elif 5 * lhs >= 4 * rhs:
                row["Status"] = status_word["y"]
            else:
                row["Status"] = status_word["r"]
        ov[ins.namn] = row
        md[ins.namn] = {"start": start_col, "months": month_cells, "ytd": ytd}
        # Inlämningar
        cells = []
        for m in range(1, 13):
            if m not in act:
                cells.append("–")
            elif m > p:
                cells.append(None)
            elif (ins.id, m) in sc.used:
                cells.append("Sen" if (ins.id, m) in sc.late else "Inkommen")
            elif (ins.id, m) in sc.rejected:
                cells.append("Underkänd")
            else:
                cells.append("Saknas")
        inl[ins.namn] = cells

    # goals
    goals = []
    for goal in plan.mal:
        for ins in plan.insatser:
            hit = any(g == "alla" or g == ins.id or g == ins.niva for g in goal.galler)
            if not hit:
                continue
            if goal.typ in ("utfall", "inskrivna") and not is_flow(ins):
                continue
            if goal.typ == "enkät" and not ins.enkat:
                continue
            r = {"Mål": goal.namn, "Insats": ins.namn, "Kvinnor": None, "Män": None,
                 "Alla": None}
            if goal.typ == "utfall":
                cats = outcomes[ins.namn]
                for key, gs in (("Kvinnor", ("kvinnor",)), ("Män", ("man",)),
                                ("Alla", GENDERS)):
                    num = sum(cats[c][g] for c in goal.kategorier for g in gs)
                    den = sum(cats[c][g] for c in CATS for g in gs)
                    r[key] = div(num, den)
                target = goal.min_andel
            elif goal.typ == "enkät":
                months = [m for (iid, m) in sc.used if iid == ins.id and m <= p]
                ans = sum(sc.used[(ins.id, m)]["fx_enkat_svar"] for m in months)
                pos = sum(sc.used[(ins.id, m)]["fx_enkat_positiva"] for m in months)
                r["Alla"] = div(pos, ans)
                target = goal.min_andel
            else:
                ends = flows[ins.namn]["ends"]
                r["Alla"] = min(ends.values()) if ends else None
                target = goal.min_antal
            r["Målvärde"] = target
            if r["Alla"] is None or target is None:
                r["Resultat"] = None
            else:
                r["Resultat"] = "Uppfyllt" if r["Alla"] >= target else "Ej uppfyllt"
            goals.append(r)
    for ins in plan.insatser:
        mine = [g for g in goals if g["Insats"] == ins.namn]
        if not mine:
            ov[ins.namn]["Måluppfyllelse"] = None
        elif len(mine) == 1:
            ov[ins.namn]["Måluppfyllelse"] = mine[0]["Resultat"]
        else:
            n = sum(1 for g in mine if g["Resultat"] == "Uppfyllt")
            ov[ins.namn]["Måluppfyllelse"] = f"{n} av {len(mine)} mål uppfyllda"

    def rate(cells):
        got = sum(1 for c in cells if c in ("Inkommen", "Sen"))
        due = got + sum(1 for c in cells if c in ("Saknas", "Underkänd"))
        return div(got, due)

    inl_rates = {name: rate(c) for name, c in inl.items()}
    month_rates = [rate([c[m] for c in inl.values()]) for m in range(12)]
    all_rate = rate([x for c in inl.values() for x in c])

    # totals per (nivå, enhet)
    totals = {}
    for ins in plan.insatser:
        key = f"Summa {ins.niva}, {ins.enhet}"
        t = totals.setdefault(key, {"Budgeterad volym": 0, "Hittills i år": 0,
                                    "Inskrivna nu": 0 if is_flow(ins) else None})
        t["Budgeterad volym"] += ins.budgeterad_volym or 0
        t["Hittills i år"] += ov[ins.namn]["Hittills i år"]
        if is_flow(ins):
            t["Inskrivna nu"] = (t["Inskrivna nu"] or 0) + (ov[ins.namn]["Inskrivna nu"] or 0)
    for t in totals.values():
        t["Uppnådd andel"] = div(t["Hittills i år"], t["Budgeterad volym"])

    return {"oversikt": ov, "totals": totals, "manadsdata": md, "inlamningar": inl,
            "inl_rates": inl_rates, "month_rates": month_rates, "all_rate": all_rate,
            "outcomes": outcomes, "gender": gender, "goals": goals, "flows": flows}


MONTHS_LONG = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
               "september", "oktober", "november", "december")


# ----------------------------------------------------------------------------- the scenarios

P = "2025-09"
KATEGORIER_MAL = ("arbete", "studier", "arbetssokande", "rehab")


def goals_added(plan: Plan) -> Plan:
    """The default plan with an outcome goal for every individ insats and an enrolled goal
    for the Fontänhus (the seed's own plan has only the survey goal)."""
    from dataclasses import replace

    from finsam_xl.model import Goal

    extra = (
        Goal(id="egen-forsorjning", namn="Minst 60 procent av de avslutade går vidare till "
             "arbete, studier, arbetssökande eller fortsatt rehabilitering",
             galler=("individ",), typ="utfall", kategorier=KATEGORIER_MAL, min_andel=0.6),
        Goal(id="fontanhus-inskrivna", namn="Minst 20 inskrivna vid varje månads slut",
             galler=("fontanhus-motala",), typ="inskrivna", min_antal=20),
    )
    return replace(plan, mal=plan.mal + extra)


def main_scenario() -> Scenario:
    """A year of reports for all 13 insatser, P = 2025-09: four months missing (one of them
    P itself for ISA), one rejected file, one late, one month after P sent already."""
    from finsam_xl.plan import load_example

    plan = goals_added(load_example())
    return scenario(
        plan, P, seed=2025,
        missing={("forsteg-vadstena", 4), ("sip", 6), ("isa", 9), ("natverket-vastra", 2)},
        rejected={("forsteg-motala", 5)},
        late={("digitaliseringscenter", 3)},
        after={("forsteg-boxholm", 10)},
        comments={("isa", 2): "Bra månad, 12 nya deltagare.",
                  ("forsteg-odeshog", 3): "=HYPERLINK(\"http://example.com\",\"klicka\")"},
    )


EDGE_COMMENT = "=1+2"


def edge_scenario() -> Scenario:
    """Edge cases: Försteg Boxholm never reports; Nätverket västra is active April-October
    and Försteg Ödeshög from March; SIP has no budgeted volume; Stöd mot sysselsättning reports only from April (its
    April start is the baseline); Försteg Vadstena has nobody ending (empty shares); a
    comment starting with '='; two count insatser exactly on the status boundaries."""
    from dataclasses import replace

    from finsam_xl.plan import load_example

    plan = goals_added(load_example())
    ins = []
    for i in plan.insatser:
        if i.id == "natverket-vastra":
            i = replace(i, aktiv_fran="2025-04", aktiv_till="2025-10")
        if i.id == "forsteg-odeshog":
            i = replace(i, aktiv_fran="2025-03")
        if i.id == "sip":  # no volume in the plan: no shares, no status
            i = replace(i, budgeterad_volym=None)
        ins.append(i)
    plan = replace(plan, insatser=tuple(ins))
    missing = {("forsteg-boxholm", m) for m in range(1, 13)}
    missing |= {("stod-mot-sysselsattning", m) for m in (1, 2, 3)}
    # exactly on the status boundaries at P = September (expected share 9/12 = 0.75):
    # 120 of 200 is exactly 80 % of expected -> yellow (0.8 * 0.75 > 0.6 as floats);
    # 675 of 900 is exactly the expected share -> green
    return scenario(plan, P, seed=7, missing=missing, zero_ended=frozenset({"forsteg-vadstena"}),
                    comments={("isa", 2): EDGE_COMMENT},
                    antal_totals={"forstegskoordinator": 120, "kompetenshojande": 675})
