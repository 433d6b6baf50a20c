"""Aggregation against the independent computation in truth.py."""

from dataclasses import replace

import pytest

from finsam_xl import aggregate as A
from finsam_xl.plan import load_example
from support import truth

STATUS = {A.GRON: "Grön", A.GUL: "Gul", A.ROD: "Röd", None: None}
CELL = {A.INKOMMEN: "Inkommen", A.SEN: "Sen", A.UNDERKAND: "Underkänd", A.SAKNAS: "Saknas",
        A.INAKTIV: "–", A.FRAMTIDA: None}


@pytest.fixture(scope="module", params=["main", "edge"])
def case(request):
    sc = truth.main_scenario() if request.param == "main" else truth.edge_scenario()
    return sc, truth.expected(sc)


def test_insats_numbers_equal_truth(case):
    sc, exp = case
    frame = A.insats_frame(sc.result)
    assert list(frame.index) == [i.id for i in sc.plan.insatser]
    for ins in sc.plan.insatser:
        row, want = frame.loc[ins.id], exp["oversikt"][ins.namn]
        assert row["ytd"] == want["Hittills i år"], ins.id
        assert row["achieved"] == want["Uppnådd andel"], ins.id
        assert row["expected"] == want["Förväntad andel"], ins.id
        assert STATUS[row["status"]] == want["Status"], ins.id
        assert row["enrolled_now"] == want["Inskrivna nu"], ins.id
        assert row["women_share_ytd"] == want[truth.WOMEN], ins.id
        flagged = "inskrivna avser" in (want["Anmärkning"] or "")
        assert bool(row["enrolled_flag"]) is flagged, ins.id
        if ins.id in exp["gender"]:
            nk, nt, ns, ek, et, es = exp["gender"][ins.namn]
            assert (row["nya_kvinnor"], row["nya_totalt"], row["women_share_new"]) == (nk, nt, ns)
            assert (row["avslutade_kvinnor"], row["avslutade_totalt"],
                    row["women_share_ended"]) == (ek, et, es)


def test_outcomes_and_goals_equal_truth(case):
    sc, exp = case
    out = A.outcome_frame(sc.result)
    for ins in sc.plan.insatser:
        if ins.namn not in exp["outcomes"]:
            assert ins.id not in set(out["insats"])
            continue
        for cat, by_g in exp["outcomes"][ins.namn].items():
            r = out[(out["insats"] == ins.id) & (out["kategori"] == cat)].iloc[0]
            assert (r["kvinnor"], r["man"], r["totalt"]) == (
                by_g["kvinnor"], by_g["man"], by_g["kvinnor"] + by_g["man"])
    goals = A.goal_frame(sc.result)
    assert len(goals) == len(exp["goals"])
    words = {A.MET: "Uppfyllt", A.NOT_MET: "Ej uppfyllt", A.UNKNOWN: "Kan inte bedömas än"}
    for rec, want in zip(goals.itertuples(index=False), exp["goals"], strict=True):
        assert sc.plan.insats(rec.insats).namn == want["Insats"]
        assert (rec.kvinnor, rec.man, rec.alla, rec.target) == (
            want["Kvinnor"], want["Män"], want["Alla"], want["Målvärde"])
        assert words[rec.status] == want["Resultat"]
        assert rec.met is (None if rec.status == A.UNKNOWN else rec.status == A.MET)
    heads = A.headline_frame(sc.result, goals)
    assert len(heads) == len(exp["headline"]) == len(sc.plan.mal)
    for rec, want in zip(heads.to_dict("records"), exp["headline"], strict=True):
        assert (rec["n"], rec["target"], rec["kvinnor"], rec["man"], rec["alla"]) == (
            want["Insatser"], want["Målvärde"], want["Kvinnor"], want["Män"], want["Alla"])
        assert words[rec["status"]] == want["Resultat"]


def test_submission_grid_equals_truth(case):
    sc, exp = case
    grid = A.submission_grid(sc.result)
    for ins in sc.plan.insatser:
        assert [CELL[s] for s in grid[ins.id]] == exp["inlamningar"][ins.namn], ins.id
        assert A.reporting_rate(grid[ins.id]) == exp["inl_rates"][ins.namn]


def test_main_scenario_covers_what_it_claims():
    """The scenario has the cases the workbook test relies on (guards against a generator
    change that would make the comparisons trivial)."""
    sc = truth.main_scenario()
    exp = truth.expected(sc)
    statuses = {r["Status"] for r in exp["oversikt"].values()}
    assert statuses == {"Grön", "Gul", "Röd"}
    assert exp["oversikt"]["Individuellt stöd till arbete (ISA)"]["Anmärkning"] == \
        "saknar rapport för september; inskrivna avser augusti"
    cells = [c for row in exp["inlamningar"].values() for c in row]
    for label in ("Inkommen", "Sen", "Underkänd", "Saknas"):
        assert label in cells
    assert ("forsteg-boxholm", "2025-10") in sc.result.used  # sent but after P


def test_participants_are_not_a_sum_of_monthly_enrolment():
    """A hand-made insats: 10 enrolled at the start of January, 2 new a month, nobody
    ending; after three months the year to date is 10 + 6 = 16 (summing monthly enrolment
    would give 10 + 12 + 14 = 36 plus the new)."""
    plan = load_example()
    isa = plan.insats("isa")
    plan = replace(plan, insatser=(isa,), mal=())
    used = {}
    start = 10
    for m in (1, 2, 3):
        values = {"fx_start_kvinnor": start // 2, "fx_start_man": start - start // 2,
                  "fx_nya_kvinnor": 1, "fx_nya_man": 1}
        used[("isa", f"2025-{m:02d}")] = truth.submission(plan, "isa", m, values)
        start += 2
    from datetime import datetime, timezone

    from finsam_xl.model import CollectResult

    res = CollectResult(plan=plan, period="2025-03", reports=[], used=used,
                        written_at=datetime(2025, 4, 2, tzinfo=timezone.utc))
    row = A.insats_frame(res).loc["isa"]
    assert (row["ytd"], row["ytd_kvinnor"], row["ytd_man"]) == (16, 8, 8)
    assert row["enrolled_now"] == 16
    assert row["achieved"] == 16 / 55
    assert row["expected"] == 3 / 12
    assert row["status"] == A.GRON
    assert row["women_share_ended"] is None  # nobody ended: empty, not 0


def test_status_thresholds_are_exact():
    # 30 of 40 at 9 of 12 months: exactly the expected share -> green
    assert A.status(30, 40, 9, 12) == A.GRON
    # 24 of 40 = 0.6 is exactly 80 % of 0.75 (0.8 * 0.75 is 0.6000000000000001 as a float)
    assert A.status(24, 40, 9, 12) == A.GUL
    assert A.status(23, 40, 9, 12) == A.ROD
    assert A.status(5, None, 9, 12) is None
    assert A.status(5, 0, 9, 12) is None


def test_long_frame_excludes_months_after_p_and_other_years():
    sc = truth.main_scenario()
    long = A.long_frame(sc.result)
    assert long["period"].max() == truth.P
    assert set(long["period"].str[:4]) == {"2025"}
    # every used submission up to P contributes one row per contract name of its insats
    from finsam_xl import contract

    n = sum(len(contract.count_names(sc.plan.insats(i))) for (i, m) in sc.used)
    assert len(long) == n


def test_goal_results_for_women_and_men():
    """A goal worded for "kvinnor och män" is met only when both reach it; it fails as
    soon as one gender with anyone ended falls short; otherwise it cannot be judged yet.
    Other outcome goals look at everyone."""
    from finsam_xl.model import Goal

    both = Goal(id="a", namn="4 av 10 kvinnor och män ska …", galler=("alla",), typ="utfall",
                kategorier=("arbete",), min_andel=0.4)
    anyone = replace(both, namn="4 av 10 ska …")
    assert A.per_gender(both) and not A.per_gender(anyone)
    assert not A.per_gender(replace(both, typ="inskrivna"))
    cases = [  # (kvinnor, män, alla) -> (for both, for anyone)
        ((0.5, 0.4, 0.45), (A.MET, A.MET)),
        ((0.5, 0.3, 0.42), (A.NOT_MET, A.MET)),
        ((0.3, None, 0.3), (A.NOT_MET, A.NOT_MET)),
        ((0.5, None, 0.5), (A.UNKNOWN, A.MET)),
        ((None, None, None), (A.UNKNOWN, A.UNKNOWN)),
    ]
    for (k, m, alla), want in cases:
        assert (A.share_status(both, k, m, alla, 0.4),
                A.share_status(anyone, k, m, alla, 0.4)) == want, (k, m, alla)


def test_enrolment_headline_counts_the_insatser():
    """An enrolment goal over three insatser: one meets it, one has no report yet, one is
    short: not met, 1 of 3; without the short one it is met."""
    import pandas as pd

    from finsam_xl.model import Goal, Plan

    goal = Goal(id="g", namn="Minst 20 inskrivna", galler=("alla",), typ="inskrivna",
                min_antal=20)
    plan = Plan(namn="F", ar=2025, mal=(goal,))
    from datetime import datetime, timezone

    from finsam_xl.model import CollectResult

    res = CollectResult(plan=plan, period="2025-03", reports=[], used={},
                        written_at=datetime(2025, 4, 1, tzinfo=timezone.utc))

    def frame(states):
        return pd.DataFrame([dict(dict.fromkeys(A.GOAL_COLUMNS), goal="g", typ="inskrivna",
                                  status=s) for s in states], columns=list(A.GOAL_COLUMNS))

    h = A.headline_frame(res, frame([A.MET, A.UNKNOWN, A.NOT_MET])).iloc[0]
    assert (h["n"], h["met_n"], h["failed_n"], h["unknown_n"], h["status"]) == (
        3, 1, 1, 1, A.NOT_MET)
    h = A.headline_frame(res, frame([A.MET, A.UNKNOWN])).iloc[0]
    assert (h["n"], h["status"]) == (2, A.MET)
    h = A.headline_frame(res, frame([A.UNKNOWN])).iloc[0]
    assert h["status"] == A.UNKNOWN
