"""Aggregation: pure functions from the used submissions to the numbers the
follow-up workbook shows. pandas does the grouping; the rules are spelled out per insats.

Every function takes plain inputs (a CollectResult, or DataFrames built from one) and returns
a new DataFrame; nothing here writes files. A value that cannot be computed (a zero
denominator, no report yet) is None, never 0 and never NaN, so the workbook can write it as an
empty cell.

Floating-point results are computed in the same order as the workbook's Excel formulas
(integer sums first, then one division, `0.8 * expected` for yellow) so that the cached values
equal what Excel or LibreOffice compute when they recalculate.
"""

from __future__ import annotations

import dataclasses
import re
from fractions import Fraction
from typing import Any

import pandas as pd

from . import contract

# The submission grid (Inlämningar), shared with `status`; re-exported for the sheet writers.
from .grid import (  # noqa: F401
    FRAMTIDA,
    INAKTIV,
    INKOMMEN,
    SAKNAS,
    SEN,
    UNDERKAND,
    reporting_rate,
    submission_grid,
)
from .model import CollectResult, Goal, Insats, Plan, parse_period
from .periods import year_month

LONG_COLUMNS = ["insats", "period", "month", "name", "value", "file", "sha256"]

GRON, GUL, ROD = "gron", "gul", "rod"


def period_month(result: CollectResult) -> int:
    """The month number (1-12) of the chosen period P."""
    parsed = parse_period(result.period)
    if parsed is None:  # CollectResult is built by collect, which validates P
        raise ValueError(result.period)
    return parsed[1]


# ----------------------------------------------------------------------------- long form


def last_year(result: CollectResult) -> CollectResult | None:
    """The previous plan year's result seen up to P's month of that year ("samma period i
    fjol"): its plan, that month as its period, its used submissions up to it. None
    without the previous year's plan."""
    last = result.same_period_last_year()
    previous = result.previous
    if last is None or previous is None:
        return None
    return dataclasses.replace(previous, period=last, previous=None,
                               used={k: s for k, s in previous.used.items() if k[1] <= last})


def long_frame(result: CollectResult) -> pd.DataFrame:
    """Every counted value of the used submissions of the plan year up to and including P, one
    row per (insats, period, count name). A count name absent from `values` is 0 (an empty
    count cell means 0)."""
    plan = result.plan
    year = str(plan.ar)
    rows = []
    for insats_id, period in sorted(result.used):
        if not period.startswith(year) or period > result.period:
            continue
        insats = plan.insats(insats_id)
        if insats is None:
            continue
        sub = result.used[(insats_id, period)]
        month = year_month(period)[1]  # a key of `used`: a valid period
        for name in contract.count_names(insats):
            rows.append((insats_id, period, month, name, int(sub.values.get(name, 0) or 0),
                         sub.relpath, sub.sha256))
    return pd.DataFrame(rows, columns=LONG_COLUMNS).astype(
        {"month": "int64", "value": "int64"})


def wide_frame(long: pd.DataFrame) -> pd.DataFrame:
    """(insats, month) x count name, 0 where a name does not apply."""
    if long.empty:
        return pd.DataFrame(index=pd.MultiIndex.from_tuples([], names=["insats", "month"]))
    return long.pivot_table(index=["insats", "month"], columns="name", values="value",
                            aggfunc="sum", fill_value=0)


def _ratio(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


ALL_NAMES = contract.FLOW + contract.ANTAL + contract.ENKAT


def _complete(wide: pd.DataFrame) -> pd.DataFrame:
    """`wide` with every contract name as an int64 column (0 where a name does not apply)."""
    missing = [n for n in ALL_NAMES if n not in wide.columns]
    if missing:
        wide = wide.assign(**{n: 0 for n in missing})
    return wide[list(ALL_NAMES)].astype("int64")


def flow_table(wide: pd.DataFrame) -> pd.DataFrame:
    """Every flow insats by reported month, indexed by (insats, month), sorted: start, nya,
    avslutade and slut per gender and total (computed column by column, not row by row)."""
    cols = [f"{m}_{k}" for k in contract.KON for m in ("start", "nya", "avslutade", "slut")] \
        + [f"{m}_totalt" for m in ("start", "nya", "avslutade", "slut")]
    if wide.empty:
        return pd.DataFrame(columns=cols, index=pd.MultiIndex.from_tuples(
            [], names=["insats", "month"]), dtype="int64")
    df = _complete(wide).sort_index()
    out = {}
    for kon in contract.KON:
        out[f"start_{kon}"] = df[contract.start(kon)]
        out[f"nya_{kon}"] = df[contract.nya(kon)]
        out[f"avslutade_{kon}"] = df[contract.avslutade(kon)]
        out[f"slut_{kon}"] = contract.month_end(df, kon)  # column by column
    for measure in ("start", "nya", "avslutade", "slut"):
        out[f"{measure}_totalt"] = out[f"{measure}_kvinnor"] + out[f"{measure}_man"]
    return pd.DataFrame(out)[cols]


def _records(df: pd.DataFrame) -> dict[str, list[tuple[int, dict[str, int]]]]:
    """insats -> [(month, {column: int})] in month order, from a frame indexed by (insats,
    month): one conversion to Python values for the whole frame."""
    out: dict[str, list] = {}
    cols = list(df.columns)
    for (insats_id, month), values in zip(df.index.tolist(), df.to_numpy().tolist(), strict=True):
        out.setdefault(insats_id, []).append((int(month), dict(zip(cols, values, strict=True))))
    return out


def month_records(wide: pd.DataFrame) -> dict[str, list[tuple[int, dict[str, int]]]]:
    """insats -> [(month, {contract name: count})] for the reported months, in month order;
    every contract name present (0 where it does not apply)."""
    if wide.empty:
        return {}
    return _records(_complete(wide).sort_index())


def flow_records(wide: pd.DataFrame) -> dict[str, list[tuple[int, dict[str, int]]]]:
    """insats -> [(month, {flow_table column: value})] in month order."""
    return _records(flow_table(wide))


def volume_by_month(plan: Plan, wide: pd.DataFrame, insats: Insats,
                    records: dict | None = None) -> dict[int, int]:
    """The volume measure per reported month: new participants (flow) or fx_antal.
    `records`: `month_records(wide)`, when the caller has it already."""
    if records is None:
        records = month_records(wide)
    rows = records.get(insats.id, [])
    if insats.flow:
        return {m: int(sum(r[contract.nya(kon)] for kon in contract.KON)) for m, r in rows}
    return {m: int(r[contract.ANTAL_NAME]) for m, r in rows}


# ----------------------------------------------------------------------------- per insats


def insats_frame(result: CollectResult, wide: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per insats of the plan (plan order) with every Översikt number."""
    plan = result.plan
    p = period_month(result)
    if wide is None:
        wide = wide_frame(long_frame(result))
    records = month_records(wide)
    flows = flow_records(wide)
    rows = []
    for ins in plan.insatser:
        recs = records.get(ins.id, [])
        months = [m for m, _r in recs]
        row: dict[str, Any] = {  # a row of the frame: ints, ratios, None, lists
            "insats": ins.id, "namn": ins.namn, "niva": ins.niva, "enhet": ins.enhet,
            "flow": ins.flow, "budget": ins.budgeterad_volym,
            "months": months,
            "first_month": months[0] if months else None,
            "last_month": months[-1] if months else None,
        }
        active = ins.active_months(plan.ar)
        row["active_to_p"] = sum(1 for m in active if m <= p)
        row["active_year"] = len(active)
        row["active_p"] = p in active
        row["active_first"] = active[0] if active else None
        row["active_last"] = active[-1] if active else None
        # the active months up to P without a report (months after P are not due yet)
        row["missing"] = [m for m in active if m <= p and m not in months]
        if ins.flow:
            fl = [r for _m, r in flows.get(ins.id, [])]
            for kon in contract.KON + ("totalt",):
                start = int(fl[0][f"start_{kon}"]) if months else 0
                nya = sum(int(r[f"nya_{kon}"]) for r in fl)
                row[f"start_{kon}"] = start if months else None
                row[f"nya_{kon}"] = nya
                row[f"avslutade_{kon}"] = sum(int(r[f"avslutade_{kon}"]) for r in fl)
                row[f"ytd_{kon}"] = start + nya
                row[f"slut_{kon}"] = int(fl[-1][f"slut_{kon}"]) if months else None
            row["ytd"] = row["ytd_totalt"]
            # only for an insats active in P (one that ended months ago has no one now)
            row["enrolled_now"] = row["slut_totalt"] if row["active_p"] else None
            row["enrolled_flag"] = row["active_p"] and bool(months) and months[-1] != p
            row["min_enrolled"] = min(int(r["slut_totalt"]) for r in fl) if months else None
            row["women_share_ytd"] = (_ratio(row["ytd_kvinnor"], row["ytd"])
                                      if months else None)
            row["women_share_new"] = _ratio(row["nya_kvinnor"], row["nya_totalt"])
            row["women_share_ended"] = _ratio(row["avslutade_kvinnor"],
                                              row["avslutade_totalt"])
        else:
            row["ytd"] = sum(int(r[contract.ANTAL_NAME]) for _m, r in recs)
            row["enrolled_now"] = None
            row["enrolled_flag"] = False
            row["min_enrolled"] = None
            row["women_share_ytd"] = None
            row["women_share_new"] = None
            row["women_share_ended"] = None
        row["enkat_svar"] = sum(int(r[contract.ENKAT_SVAR]) for _m, r in recs)
        row["enkat_positiva"] = sum(int(r[contract.ENKAT_POSITIVA]) for _m, r in recs)
        budget = ins.budgeterad_volym or 0
        row["achieved"] = _ratio(row["ytd"], budget)
        # the expected share is what the achieved share is compared with: none without a volume
        row["expected"] = _ratio(row["active_to_p"], row["active_year"]) if budget else None
        # no pace to keep before the first active month or after the last: no status
        row["status"] = (status(row["ytd"], budget, row["active_to_p"], row["active_year"])
                         if row["active_p"] else None)
        rows.append(row)
    return pd.DataFrame(rows, dtype=object).set_index("insats", drop=False)


def status(ytd: int, budget: int | None, active_to_p: int, active_year: int) -> str | None:
    """green when achieved (ytd / budget) >= expected (active_to_p / active_year), yellow when
    achieved >= 80 % of expected, red otherwise; None without a budgeted volume.

    Compared exactly, as fractions: 30/40 against 0.8 x 3/4 must be yellow, while the floats
    0.6 and 0.8 * 0.75 = 0.6000000000000001 would say red. The workbook's formula compares
    ROUND(achieved - expected, 12) >= 0, which is the same test for any realistic volume."""
    if not budget or not active_year:
        return None
    achieved = Fraction(ytd, budget)
    expected = Fraction(active_to_p, active_year)
    if achieved >= expected:
        return GRON
    if achieved >= Fraction(4, 5) * expected:
        return GUL
    return ROD


# ----------------------------------------------------------------------------- outcomes, goals


def outcome_frame(result: CollectResult, wide: pd.DataFrame | None = None) -> pd.DataFrame:
    """Year-to-date ended participants by outcome category and gender, per flow insats."""
    if wide is None:
        wide = wide_frame(long_frame(result))
    sums = (_complete(wide).groupby(level="insats").sum().to_dict("index")
            if not wide.empty else {})
    rows = []
    for ins in result.plan.insatser:
        if not ins.flow:
            continue
        tot = sums.get(ins.id)
        for kat in contract.KATEGORIER:
            k = int(tot[contract.utfall_name(kat, "kvinnor")]) if tot else 0
            m = int(tot[contract.utfall_name(kat, "man")]) if tot else 0
            rows.append({"insats": ins.id, "kategori": kat, "kvinnor": k, "man": m,
                         "totalt": k + m})
    return pd.DataFrame(rows, columns=["insats", "kategori", "kvinnor", "man", "totalt"])


def goal_pairs(plan: Plan) -> list[tuple[Goal, Insats]]:
    """(goal, insats) pairs that can be evaluated: `utfall` and `inskrivna` goals on flow
    insatser, `enkät` goals on insatser whose template asks for survey counts."""
    pairs = []
    for goal in plan.mal:
        for ins in plan.insatser:
            if evaluable(goal, ins):
                pairs.append((goal, ins))
    return pairs


def evaluable(goal: Goal, ins: Insats) -> bool:
    """The goal applies to the insats and its monthly template measures what the goal asks."""
    if not goal.applies_to(ins):
        return False
    if goal.typ in ("utfall", "inskrivna"):
        return ins.flow
    return ins.enkat  # enkät


# Goal results: met, not met, nothing to evaluate yet ("Kan inte bedömas än").
MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"

_BOTH_GENDERS = re.compile(r"\b(kvinnor och män|män och kvinnor)\b", re.IGNORECASE)


def per_gender(goal: Goal) -> bool:
    """An outcome goal worded for "kvinnor och män" (seed 004: "4 av 10 kvinnor och män ska
    ...") is met only when women and men each reach it. Other goal types are not split by
    gender (surveys are not reported by gender; an enrolment goal counts people)."""
    return goal.typ == "utfall" and bool(_BOTH_GENDERS.search(goal.namn))


def share_status(goal: Goal, kvinnor: float | None, man: float | None,
                 alla: float | None, target: float | None) -> str:
    """MET / NOT_MET / UNKNOWN for a share goal (utfall, enkät). A goal for "kvinnor och
    män": not met when either gender with anyone to count falls short, met when both reach
    it, else unknown."""
    if target is None:
        return UNKNOWN
    if per_gender(goal):
        known = [v for v in (kvinnor, man) if v is not None]
        if any(v < target for v in known):
            return NOT_MET
        return MET if len(known) == 2 else UNKNOWN
    if alla is None:
        return UNKNOWN
    return MET if alla >= target else NOT_MET


def goal_frame(result: CollectResult, insatser: pd.DataFrame | None = None,
               outcomes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per evaluable (goal, insats): the counts behind each share (num_* of den_*:
    ended in the goal's categories of all ended, or positive answers of all answers), the
    shares for women, men and all (or the lowest month-end enrolment as `alla`), the target,
    the result (`status`: MET, NOT_MET, UNKNOWN) and `met` (True, False, None)."""
    wide = None
    if insatser is None or outcomes is None:
        wide = wide_frame(long_frame(result))
    if insatser is None:
        insatser = insats_frame(result, wide)
    if outcomes is None:
        outcomes = outcome_frame(result, wide)
    # (insats, kategori) -> {kvinnor, man, totalt}, and the insatser's rows, looked up once
    by_cat: dict[str, dict[str, dict]] = {}
    for rec in outcomes.to_dict("records"):
        by_cat.setdefault(rec["insats"], {})[rec["kategori"]] = rec
    info = insatser.to_dict("index")
    rows = []
    for goal, ins in goal_pairs(result.plan):
        row: dict[str, Any] = dict.fromkeys(GOAL_COLUMNS)  # counts, ratios, None
        row.update(goal=goal.id, goal_namn=goal.namn, insats=ins.id, typ=goal.typ)
        if goal.typ == "utfall":
            o = list(by_cat.get(ins.id, {}).values())
            hit = [r for r in o if r["kategori"] in goal.kategorier]
            for kon, key in (("kvinnor", "k"), ("man", "m")):
                row[f"num_{key}"] = sum(int(r[kon]) for r in hit)
                row[f"den_{key}"] = sum(int(r[kon]) for r in o)
                row[kon] = _ratio(row[f"num_{key}"], row[f"den_{key}"])
            row["num"] = row["num_k"] + row["num_m"]
            row["den"] = row["den_k"] + row["den_m"]
            row["alla"] = _ratio(row["num"], row["den"])
            row["target"] = goal.min_andel
        elif goal.typ == "enkät":
            r = info[ins.id]
            row["num"], row["den"] = int(r["enkat_positiva"]), int(r["enkat_svar"])
            row["alla"] = _ratio(row["num"], row["den"])
            row["target"] = goal.min_andel
        else:  # inskrivna
            r = info[ins.id]
            row["alla"] = None if r["min_enrolled"] is None else int(r["min_enrolled"])
            row["target"] = goal.min_antal
        if goal.typ == "inskrivna":
            row["status"] = (UNKNOWN if row["alla"] is None or row["target"] is None
                             else MET if row["alla"] >= row["target"] else NOT_MET)
        else:
            row["status"] = share_status(goal, row["kvinnor"], row["man"], row["alla"],
                                         row["target"])
        row["met"] = None if row["status"] == UNKNOWN else row["status"] == MET
        rows.append(row)
    return pd.DataFrame(rows, columns=list(GOAL_COLUMNS), dtype=object)


GOAL_COLUMNS = ("goal", "goal_namn", "insats", "typ", "kvinnor", "man", "alla", "target", "met",
                "status", "num_k", "den_k", "num_m", "den_m", "num", "den")


def headline_frame(result: CollectResult, goals: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per goal of the plan, over all the insatser it applies to:
    outcome and survey goals add up the counts of every (goal, insats) row before dividing;
    an enrolment goal counts how many of its insatser meet it (`met_n`), fall short
    (`failed_n`) and have no report yet (`unknown_n`). `n` is the number of evaluable
    insatser, `status` MET / NOT_MET / UNKNOWN."""
    if goals is None:
        goals = goal_frame(result)
    by_goal: dict[str, list[dict]] = {}
    for rec in goals.to_dict("records"):
        by_goal.setdefault(rec["goal"], []).append(rec)
    rows = []
    for nr, goal in enumerate(result.plan.mal, start=1):
        recs = by_goal.get(goal.id, [])
        row: dict[str, Any] = dict.fromkeys(HEADLINE_COLUMNS)
        row.update(goal=goal.id, nr=nr, namn=goal.namn, typ=goal.typ, n=len(recs),
                   per_gender=per_gender(goal),
                   target=goal.min_antal if goal.typ == "inskrivna" else goal.min_andel)
        if goal.typ == "inskrivna":
            states = [r["status"] for r in recs]
            row["met_n"], row["failed_n"] = states.count(MET), states.count(NOT_MET)
            row["unknown_n"] = states.count(UNKNOWN)
            row["status"] = (NOT_MET if row["failed_n"] else MET if row["met_n"]
                             else UNKNOWN)
        else:
            keys = ("num_k", "den_k", "num_m", "den_m") if goal.typ == "utfall" else ()
            for key in keys + ("num", "den"):
                row[key] = sum(int(r[key]) for r in recs)
            if goal.typ == "utfall":
                row["kvinnor"] = _ratio(row["num_k"], row["den_k"])
                row["man"] = _ratio(row["num_m"], row["den_m"])
            row["alla"] = _ratio(row["num"], row["den"])
            row["status"] = share_status(goal, row["kvinnor"], row["man"], row["alla"],
                                         row["target"])
        rows.append(row)
    return pd.DataFrame(rows, columns=list(HEADLINE_COLUMNS), dtype=object)


HEADLINE_COLUMNS = ("goal", "nr", "namn", "typ", "n", "per_gender", "target", "kvinnor", "man",
                    "alla", "status", "num_k", "den_k", "num_m", "den_m", "num", "den",
                    "met_n", "failed_n", "unknown_n")
