"""Ground truth for the aggregation and workbook tests.

`generate` draws a year of random but consistent monthly reports for every insats of a plan
(seeded RNG): start of month m = start + new - ended of month m-1, outcomes per gender sum to
ended, ended <= start + new, survey positives <= answers. `scenario` turns them into a
CollectResult (with missing months, a rejected file, a late one, a month after P).

`expected` computes every number the workbook must show, in plain Python straight from the
generated values and the rules of README *Hur siffrorna räknas*. It imports nothing from
finsam_xl except the data model (to read the plan) and never pandas or finsam_xl.aggregate.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from finsam_xl.model import CollectResult, FileReport, Finding, Plan, Submission

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
                    for cat, n in zip(CATS, _split(rng, ended, len(CATS)), strict=True):
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
    # (insats, month) with an accepted file, for Inlämningar; None: the keys of `used` (they
    # differ once the Data table is edited, see from_data)
    files: set | None = None


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
            code="outcomes-mismatch", severity="error", file=sub.relpath,
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


# ----------------------------------------------------------------------------- the Data table

# The Data table's labels, written out here rather than taken from finsam_xl (fält, kön ->
# count name).
DATA_FALT = {"Start": "start", "Nya": "nya", "Avslutade": "avslutade", "Antal": "antal",
             "Enkätsvar": "enkat_svar", "Enkätsvar som når målet": "enkat_positiva",
             "Utfall: Arbete": "utfall_arbete", "Utfall: Studier": "utfall_studier",
             "Utfall: Aktivt arbetssökande": "utfall_arbetssokande",
             "Utfall: Fortsatt rehabilitering eller annan förberedande insats": "utfall_rehab",
             "Utfall: Avbrott, flytt eller annat": "utfall_annat",
             "Utfall: Okänt": "utfall_okant"}
DATA_KON = {"Kvinnor": "kvinnor", "Män": "man", "Alla": None}


def count_names(ins) -> list[str]:
    """The counts a template of `ins` carries (SPEC section 4)."""
    names = ([f"fx_{m}_{g}" for m in ("start", "nya", "avslutade") for g in GENDERS]
             + [f"fx_utfall_{c}_{g}" for c in CATS for g in GENDERS]) if is_flow(ins) \
        else ["fx_antal"]
    return names + (["fx_enkat_svar", "fx_enkat_positiva"] if ins.enkat else [])


def data_rows(sc: Scenario) -> list[tuple]:
    """The Data table the workbook must hold: (insats, "YYYY-MM", fält, kön, value), one row
    per count of every used report up to P."""
    label = {v: k for k, v in DATA_FALT.items()}
    kon = {v: k for k, v in DATA_KON.items()}
    rows = []
    for (iid, m), values in sorted(sc.used.items()):
        for name in count_names(sc.plan.insats(iid)):
            stem, g = name[3:], None
            for gg in GENDERS:
                if stem.endswith("_" + gg):
                    stem, g = stem[:-len(gg) - 1], gg
            rows.append((iid, f"{sc.plan.ar}-{m:02d}", label[stem], kon[g], values.get(name, 0)))
    return rows


def from_data(sc: Scenario, rows) -> Scenario:
    """`sc` with its used values replaced by what a (corrected) Data table holds: rows of
    (insats, "YYYY-MM", fält, kön, value), several rows of one key adding up. A month of an
    insats counts as reported when any row has it; its counts without a row are 0."""
    from dataclasses import replace

    used: dict = {}
    for iid, period, falt, kon, value in rows:
        ins = sc.plan.insats(iid)
        year, m = int(period[:4]), int(period[5:])
        if ins is None or year != sc.plan.ar or m > int(sc.period[5:]):
            continue
        values = used.setdefault((iid, m), dict.fromkeys(count_names(ins), 0))
        stem = DATA_FALT[falt]
        name = f"fx_{stem}" + (f"_{DATA_KON[kon]}" if DATA_KON[kon] else "")
        if name in values:
            values[name] += int(value)
    return replace(sc, used=used, files=set(sc.used) if sc.files is None else sc.files)


# ----------------------------------------------------------------------------- expected values


def div(a, b):
    return None if b == 0 else a / b


WOMEN = "Andel kvinnor av deltagarna i år"  # Översikt's header of the women's share


def expected(sc: Scenario) -> dict:
    """Every number of Översikt, Månadsdata, Deltagarflöde, Utfall, Uppföljning Finsam and
    Inlämningar, keyed by insats name; the goals per insats and the förbund's headline
    goals. A month counts as reported when `sc.used` has it (the workbook: when its Data
    table has a row of the insats and month)."""
    plan = sc.plan
    p = int(sc.period[5:])
    ov, md, flows, inl, outcomes, gender = {}, {}, {}, {}, {}, {}
    for nr, ins in enumerate(plan.insatser, start=1):
        months = sorted(m for (iid, m) in sc.used if iid == ins.id and m <= p)
        vals = {m: sc.used[(ins.id, m)] for m in months}
        act = active(ins, plan.ar)
        due = [m for m in act if m <= p]
        missing = [m for m in due if m not in months]
        row = {"Nr": nr, "Insats": ins.namn, "Nivå": ins.niva, "Enhet": ins.enhet}
        notes = []
        if due and not months:
            notes.append("ingen godkänd rapport än")
        elif missing:
            notes.append("saknar rapport för " + ", ".join(MONTHS_LONG[m - 1] for m in missing))
        if is_flow(ins):
            ytd, start_col, month_cells = _flow_expected(ins, vals, row, flows, outcomes,
                                                         gender)
            if months and p in act and months[-1] != p:
                notes.append(f"inskrivna avser {MONTHS_LONG[months[-1] - 1]}")
            if p not in act:
                row["Inskrivna nu"] = None
        else:
            month_cells = {m: vals[m]["fx_antal"] for m in months}
            ytd = sum(month_cells.values())
            start_col = None
            row.update({"Inskrivna nu": None, WOMEN: None, "Nya i år": None,
                        "Avslutade i år": None})
        if act and p not in act:
            notes.append(f"aktiv till och med {MONTHS_LONG[act[-1] - 1]}" if act[-1] < p
                         else f"startar i {MONTHS_LONG[act[0] - 1]}")
        row["Anmärkning"] = "; ".join(notes) or None
        row["Hittills i år"] = ytd
        row.update(_volume_expected(ins, ytd, act, p))
        ov[ins.namn] = row
        md[ins.namn] = {"start": start_col, "months": month_cells, "ytd": ytd,
                        "reports": len(months), "due": bool(due),
                        "missing": ", ".join(MONTHS_LONG[m - 1] for m in missing) or None}
        inl[ins.namn] = _inlamningar_expected(sc, ins, act, p)
    goals = goals_expected(sc, outcomes, flows)
    for ins in plan.insatser:
        ov[ins.namn]["Måluppfyllelse"] = goal_summary(
            [g["Resultat"] for g in goals if g["Insats"] == ins.namn])
    if not any(i.budgeterad_volym for i in plan.insatser):  # the volume columns are left out
        for row in ov.values():
            for key in ("Budgeterad volym", "Uppnådd andel", "Förväntad andel", "Status"):
                del row[key]

    def rate(cells):
        got = sum(1 for c in cells if c in ("Inkommen", "Sen"))
        due = got + sum(1 for c in cells if c in ("Saknas", "Underkänd"))
        return div(got, due)

    return {"oversikt": ov, "totals": totals_expected(plan, ov), "manadsdata": md,
            "md_sums": md_sums_expected(plan, md, p), "trend": trend_expected(sc),
            "inlamningar": inl,
            "inl_rates": {name: rate(c) for name, c in inl.items()},
            "inl_active": {ins.namn: (len([m for m in active(ins, plan.ar) if m <= p]),
                                      len(active(ins, plan.ar))) for ins in plan.insatser},
            "month_rates": [rate([c[m] for c in inl.values()]) for m in range(12)],
            "all_rate": rate([x for c in inl.values() for x in c]),
            "outcomes": outcomes, "gender": gender, "goals": goals, "flows": flows,
            "df_rows": df_rows_expected(sc, flows), "finsam": finsam_expected(plan, ov, flows),
            "headline": headline_expected(sc, goals)}


def _flow_expected(ins, vals: dict, row: dict, flows: dict, outcomes: dict, gender: dict):
    """A flow insats's Översikt cells (into `row`), its flows, outcomes and gender split.
    Returns (year to date, start of the first month or None, new per month)."""
    months = sorted(vals)
    new_by_month = {m: vals[m]["fx_nya_kvinnor"] + vals[m]["fx_nya_man"] for m in months}
    first_start = ({g: vals[months[0]][f"fx_start_{g}"] for g in GENDERS}
                   if months else {g: 0 for g in GENDERS})
    ytd_g = {g: first_start[g] + sum(vals[m][f"fx_nya_{g}"] for m in months)
             for g in GENDERS}
    ytd = ytd_g["kvinnor"] + ytd_g["man"]
    ends = {m: sum(vals[m][f"fx_start_{g}"] + vals[m][f"fx_nya_{g}"]
                   - vals[m][f"fx_avslutade_{g}"] for g in GENDERS) for m in months}
    row["Inskrivna nu"] = ends[months[-1]] if months else None
    row[WOMEN] = div(ytd_g["kvinnor"], ytd) if months else None
    flows[ins.namn] = {"months": months, "ends": ends, "vals": vals, "ytd": ytd_g}
    outcomes[ins.namn] = {cat: {g: sum(vals[m][f"fx_utfall_{cat}_{g}"] for m in months)
                                for g in GENDERS} for cat in CATS}
    new_k = sum(vals[m]["fx_nya_kvinnor"] for m in months)
    new_t = sum(new_by_month.values())
    end_k = sum(vals[m]["fx_avslutade_kvinnor"] for m in months)
    end_t = sum(vals[m]["fx_avslutade_kvinnor"] + vals[m]["fx_avslutade_man"] for m in months)
    gender[ins.namn] = (new_k, new_t, div(new_k, new_t), end_k, end_t, div(end_k, end_t))
    row["Nya i år"] = new_t
    row["Avslutade i år"] = end_t
    return ytd, (sum(first_start.values()) if months else None), dict(new_by_month)


def _volume_expected(ins, ytd: int, act: list, p: int) -> dict:
    to_p = len([m for m in act if m <= p])
    budget = ins.budgeterad_volym or 0
    exp_share = div(to_p, len(act)) if budget else None  # compared with nothing otherwise
    ach = div(ytd, budget)
    status = None
    if ach is not None and exp_share is not None and p in act:  # no status when not active
        # exact rational comparison: ytd * year >= to_p * budget
        lhs, rhs = ytd * len(act), to_p * budget
        status = "Grön" if lhs >= rhs else "Gul" if 5 * lhs >= 4 * rhs else "Röd"
    return {"Budgeterad volym": ins.budgeterad_volym, "Uppnådd andel": ach,
            "Förväntad andel": exp_share, "Status": status}


def _inlamningar_expected(sc: Scenario, ins, act: list, p: int) -> list:
    cells = []
    for m in range(1, 13):
        if m not in act:
            cells.append("–")
        elif m > p:
            cells.append(None)
        elif (ins.id, m) in (sc.used if sc.files is None else sc.files):
            cells.append("Sen" if (ins.id, m) in sc.late else "Inkommen")
        elif (ins.id, m) in sc.rejected:
            cells.append("Underkänd")
        else:
            cells.append("Saknas")
    return cells


def totals_expected(plan: Plan, ov: dict) -> dict:
    """A total per (nivå, enhet) with at least two insatser. Achieved share: year to date
    over volume, both over the insatser with a volume; None where none has one."""
    groups = {}
    for ins in plan.insatser:
        groups.setdefault(f"Summa {ins.niva}, {ins.enhet}", []).append(ins)
    totals = {}
    for key, members in groups.items():
        if len(members) < 2:
            continue
        rows = [ov[i.namn] for i in members]
        t = {"Hittills i år": sum(r["Hittills i år"] for r in rows)}
        if any(i.budgeterad_volym for i in plan.insatser):
            with_volume = [i for i in members if i.budgeterad_volym]
            volume = sum(i.budgeterad_volym for i in with_volume)
            t["Budgeterad volym"] = volume or None
            part = sum(ov[i.namn]["Hittills i år"] for i in with_volume)
            t["Uppnådd andel"] = div(part, volume) if volume else None
            t["Anmärkning"] = (f"uppnådd andel: {part} av {volume} (insatserna med "
                               "budgeterad volym)" if volume else None)
        if is_flow(members[0]):
            for col in ("Nya i år", "Avslutade i år"):
                t[col] = sum(r[col] for r in rows)
            t["Inskrivna nu"] = sum(r["Inskrivna nu"] or 0 for r in rows)
        totals[key] = t
    return totals


def trend_expected(sc: Scenario) -> dict:
    """Per month up to P: (new participants, month-end enrolment) over every flow insats
    that reported it (None, None for a month none reported), the flow insatser active in the
    month without a report, and the chart's month label (an asterisk when one is missing)."""
    p = int(sc.period[5:])
    flow = [i for i in sc.plan.insatser if is_flow(i)]
    out = {}
    for m in range(1, p + 1):
        got = [sc.used[(i.id, m)] for i in flow if (i.id, m) in sc.used]
        lacking = sum(1 for i in flow if m in active(i, sc.plan.ar) and (i.id, m) not in sc.used)
        label = MONTHS_SHORT[m - 1] + ("*" if lacking else "")
        if not got:
            out[m] = (None, None, lacking, label)
            continue
        out[m] = (sum(v["fx_nya_kvinnor"] + v["fx_nya_man"] for v in got),
                  sum(v[f"fx_start_{g}"] + v[f"fx_nya_{g}"] - v[f"fx_avslutade_{g}"]
                      for v in got for g in GENDERS), lacking, label)
    return out


def md_sums_expected(plan: Plan, md: dict, p: int) -> dict:
    """Månadsdata's sum row per (nivå, enhet) block: {label: {column: value}}."""
    groups: dict = {}
    for ins in plan.insatser:
        groups.setdefault((ins.niva, ins.enhet), []).append(ins)
    out = {}
    for (_niva, enhet), members in groups.items():
        flow = is_flow(members[0])
        label = ("Nya under månaden, alla deltagarinsatser" if flow else f"Summa {enhet}")
        rows = [md[i.namn] for i in members]
        sums = {}
        for m in range(1, 13):
            values = [r["months"][m] for r in rows if m in r["months"]]
            sums[MONTHS_SHORT[m - 1]] = sum(values) if values and m <= p else None
        starts = [r["start"] for r in rows if r["start"] is not None]
        if flow:
            sums["Start första rapportmånaden"] = sum(starts) if starts else None
        sums["Hittills i år"] = sum(r["ytd"] for r in rows)
        out[label] = sums
    return out


def df_rows_expected(sc: Scenario, flows: dict) -> dict:
    """Deltagarflöde: {(insats name, month): row} for every flow insats and active month up
    to P; a month without a report has Rapport Saknas and empty counts."""
    p = int(sc.period[5:])
    out = {}
    for ins in sc.plan.insatser:
        if not is_flow(ins):
            continue
        reported = flows[ins.namn]["months"]
        for m in (m for m in active(ins, sc.plan.ar) if m <= p):
            v = sc.used.get((ins.id, m))
            row = {"Rapport": "Ja" if v is not None else "Saknas",
                   "Första": "Ja" if reported[:1] == [m] else None,
                   "Senaste": "Ja" if reported[-1:] == [m] else None}
            for kon, gs in (("kvinnor", ("kvinnor",)), ("män", ("man",)),
                            ("totalt", GENDERS)):
                for label, key in (("Start", "start"), ("Nya", "nya"),
                                   ("Avslutade", "avslutade")):
                    row[f"{label} {kon}"] = (None if v is None else
                                             sum(v[f"fx_{key}_{g}"] for g in gs))
                row[f"Slut {kon}"] = (None if v is None else
                                      sum(v[f"fx_start_{g}"] + v[f"fx_nya_{g}"]
                                          - v[f"fx_avslutade_{g}"] for g in gs))
            out[(ins.namn, m)] = row
    return out


def finsam_expected(plan: Plan, ov: dict, flows: dict) -> dict:
    """Uppföljning Finsam: {insats name or total label: row}. Individual insatser: women
    and men so far (the first reported month's start plus every month's new); structural
    work counting participants: the total; other units: a note and no participants."""
    out = {}
    level = {"individ": "individinriktad", "struktur": "strukturövergripande"}
    sums = {}
    for ins in plan.insatser:
        row = {"Nivå": level[ins.niva], "Enhet": ins.enhet,
               "Budgeterade deltagare": ins.budgeterad_volym if ins.enhet == "deltagare"
               else None,
               "Deltagare hittills i år, kvinnor": None, "Deltagare hittills i år, män": None,
               "Deltagare hittills i år, totalt": None, "Anmärkning": None}
        if is_flow(ins):
            row["Deltagare hittills i år, kvinnor"] = flows[ins.namn]["ytd"]["kvinnor"]
            row["Deltagare hittills i år, män"] = flows[ins.namn]["ytd"]["man"]
            row["Deltagare hittills i år, totalt"] = ov[ins.namn]["Hittills i år"]
        elif ins.enhet == "deltagare":
            row["Deltagare hittills i år, totalt"] = ov[ins.namn]["Hittills i år"]
        else:
            row["Anmärkning"] = f"räknas i {ins.enhet}, inte i deltagare"
        out[ins.namn] = row
        s = sums.setdefault(ins.niva, {"flow": False, "b": 0, "k": 0, "m": 0, "t": 0})
        s["flow"] |= is_flow(ins)
        for key, col in (("b", "Budgeterade deltagare"), ("k", "Deltagare hittills i år, kvinnor"),
                         ("m", "Deltagare hittills i år, män"),
                         ("t", "Deltagare hittills i år, totalt")):
            s[key] += row[col] or 0
    for niva, s in sums.items():
        out[f"Summa {level[niva]}"] = {
            "Budgeterade deltagare": s["b"], "Deltagare hittills i år, totalt": s["t"],
            "Deltagare hittills i år, kvinnor": s["k"] if s["flow"] else None,
            "Deltagare hittills i år, män": s["m"] if s["flow"] else None}
    return out


def for_both_genders(goal) -> bool:
    return goal.typ == "utfall" and ("kvinnor och män" in goal.namn.lower()
                                     or "män och kvinnor" in goal.namn.lower())


def share_result(goal, k, m, alla, target) -> str:
    if for_both_genders(goal):
        if (k is not None and k < target) or (m is not None and m < target):
            return "Ej uppfyllt"
        return "Uppfyllt" if k is not None and m is not None else "Kan inte bedömas än"
    if alla is None:
        return "Kan inte bedömas än"
    return "Uppfyllt" if alla >= target else "Ej uppfyllt"


def goals_expected(sc: Scenario, outcomes: dict, flows: dict) -> list[dict]:
    """One dict per evaluable (goal, insats), in the plan's goal order then insats order."""
    plan = sc.plan
    p = int(sc.period[5:])
    goals = []
    for gnr, goal in enumerate(plan.mal, start=1):
        for nr, ins in enumerate(plan.insatser, start=1):
            hit = any(g == "alla" or g == ins.id or g == ins.niva for g in goal.galler)
            if not hit or (goal.typ in ("utfall", "inskrivna") and not is_flow(ins)) or \
                    (goal.typ == "enkät" and not ins.enkat):
                continue
            r = {"Mål nr": gnr, "Mål": goal.namn, "typ": goal.typ, "Nr": nr,
                 "Insats": ins.namn, "Kvinnor": None, "Män": None, "Alla": None}
            if goal.typ == "utfall":
                cats = outcomes[ins.namn]
                for key, g in (("kvinnor", "kvinnor"), ("män", "man")):
                    r[f"Avslutade {key}"] = sum(cats[c][g] for c in CATS)
                    r[f"Varav i målets utfall, {key}"] = sum(cats[c][g] for c in goal.kategorier)
                num = r["Varav i målets utfall, kvinnor"] + r["Varav i målets utfall, män"]
                den = r["Avslutade kvinnor"] + r["Avslutade män"]
                r["Kvinnor"] = div(r["Varav i målets utfall, kvinnor"], r["Avslutade kvinnor"])
                r["Män"] = div(r["Varav i målets utfall, män"], r["Avslutade män"])
                r["Alla"] = div(num, den)
                r["Målvärde"] = goal.min_andel
                r["Resultat"] = share_result(goal, r["Kvinnor"], r["Män"], r["Alla"],
                                             goal.min_andel)
            elif goal.typ == "enkät":
                months = [m for (iid, m) in sc.used if iid == ins.id and m <= p]
                r["Enkätsvar"] = sum(sc.used[(ins.id, m)]["fx_enkat_svar"] for m in months)
                r["Varav når målet"] = sum(sc.used[(ins.id, m)]["fx_enkat_positiva"]
                                           for m in months)
                r["Alla"] = div(r["Varav når målet"], r["Enkätsvar"])
                r["Målvärde"] = goal.min_andel
                r["Resultat"] = share_result(goal, None, None, r["Alla"], goal.min_andel)
            else:
                ends = flows[ins.namn]["ends"]
                r["Alla"] = min(ends.values()) if ends else None
                r["Målvärde"] = goal.min_antal
                r["Resultat"] = ("Kan inte bedömas än" if r["Alla"] is None else
                                 "Uppfyllt" if r["Alla"] >= goal.min_antal else "Ej uppfyllt")
            goals.append(r)
    return goals


def goal_summary(results: list[str]) -> str | None:
    """Översikt's Måluppfyllelse for an insats with these goal results: the word for one
    goal; for several, every goal counted."""
    if not results:
        return None
    if len(results) == 1:
        return results[0]
    met, failed = results.count("Uppfyllt"), results.count("Ej uppfyllt")
    unknown = results.count("Kan inte bedömas än")
    return (f"{len(results)} mål: {met} {'uppfyllt' if met == 1 else 'uppfyllda'}, "
            f"{failed} {'ej uppfyllt' if failed == 1 else 'ej uppfyllda'}, "
            f"{unknown} kan inte bedömas än")


def headline_expected(sc: Scenario, goals: list[dict]) -> list[dict]:
    """The förbund's goals over all the insatser each applies to: one dict per plan goal with
    Översikt's headline cells."""
    out = []
    for gnr, goal in enumerate(sc.plan.mal, start=1):
        rows = [g for g in goals if g["Mål nr"] == gnr]
        target = goal.min_antal if goal.typ == "inskrivna" else goal.min_andel
        h = {"Nr": gnr, "Mål": goal.namn, "Insatser": len(rows), "Målvärde": target,
             "Kvinnor": None, "Män": None, "Alla": None}
        if not rows:
            h["Resultat"] = "Kan inte bedömas än"
            h["Kommentar"] = "Inga av målets insatser rapporterar det som målet mäter."
        elif goal.typ == "utfall":
            s = {k: sum(r[k] for r in rows) for k in (
                "Avslutade kvinnor", "Avslutade män", "Varav i målets utfall, kvinnor",
                "Varav i målets utfall, män")}
            nk, nm = s["Varav i målets utfall, kvinnor"], s["Varav i målets utfall, män"]
            dk, dm = s["Avslutade kvinnor"], s["Avslutade män"]
            h["Kvinnor"], h["Män"], h["Alla"] = div(nk, dk), div(nm, dm), div(nk + nm, dk + dm)
            h["Resultat"] = share_result(goal, h["Kvinnor"], h["Män"], h["Alla"], target)
            if dk + dm == 0:
                h["Kommentar"] = "Ingen har avslutats än."
            else:
                h["Kommentar"] = f"{nk + nm} av {dk + dm} avslutade i målets utfall."
                if for_both_genders(goal):
                    h["Kommentar"] += (" Inga kvinnor har avslutats än." if dk == 0 else
                                       " Inga män har avslutats än." if dm == 0 else
                                       " Målet gäller kvinnor och män var för sig.")
        elif goal.typ == "enkät":
            num = sum(r["Varav når målet"] for r in rows)
            den = sum(r["Enkätsvar"] for r in rows)
            h["Alla"] = div(num, den)
            h["Resultat"] = share_result(goal, None, None, h["Alla"], target)
            h["Kommentar"] = (f"{num} av {den} enkätsvar når målet." if den
                              else "Inga enkätsvar än.")
        else:
            res = [r["Resultat"] for r in rows]
            met, unknown = res.count("Uppfyllt"), res.count("Kan inte bedömas än")
            h["Resultat"] = ("Ej uppfyllt" if "Ej uppfyllt" in res else
                             "Uppfyllt" if met else "Kan inte bedömas än")
            h["Kommentar"] = f"{met} av {len(rows)} insatser når målet." + (
                f" {unknown} har ingen rapport än." if unknown else "")
        out.append(h)
    return out


MONTHS_LONG = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
               "september", "oktober", "november", "december")
MONTHS_SHORT = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov",
                "dec")


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
    and Försteg Ödeshög from March; SIP has no budgeted volume; Stöd mot sysselsättning
    reports only from April (its April start is the baseline); Försteg Vadstena has nobody
    ending (empty shares); a comment starting with '='; two count insatser exactly on the
    status boundaries."""
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
    from finsam_xl.model import Goal

    # a goal no template measures (outcomes of meetings), and one for "kvinnor och män" of
    # an insats where nobody ends
    plan = replace(plan, insatser=tuple(ins), mal=plan.mal + (
        Goal(id="sip-arbete", namn="Hälften av SIP-mötena leder till arbete", galler=("sip",),
             typ="utfall", kategorier=("arbete",), min_andel=0.5),
        Goal(id="vadstena", namn="4 av 10 kvinnor och män i Vadstena ska gå till arbete "
             "eller studier", galler=("forsteg-vadstena",), typ="utfall",
             kategorier=("arbete", "studier"), min_andel=0.4)))
    missing = {("forsteg-boxholm", m) for m in range(1, 13)}
    missing |= {("stod-mot-sysselsattning", m) for m in (1, 2, 3)}
    # exactly on the status boundaries at P = September (expected share 9/12 = 0.75):
    # 120 of 200 is exactly 80 % of expected -> yellow (0.8 * 0.75 > 0.6 as floats);
    # 675 of 900 is exactly the expected share -> green
    return scenario(plan, P, seed=7, missing=missing, zero_ended=frozenset({"forsteg-vadstena"}),
                    comments={("isa", 2): EDGE_COMMENT},
                    antal_totals={"forstegskoordinator": 120, "kompetenshojande": 675})
