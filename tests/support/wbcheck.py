"""Every number of every sheet of a follow-up workbook against truth.expected: one function
per sheet, each reading the sheet as written (openpyxl, cached values or values a spreadsheet
engine computed) by its headers and keys, never by position. Used by test_workbook (the
writer's cached values and LibreOffice's), the engine tests and the UNO test (after edits of
the Data table)."""

from __future__ import annotations

from . import truth
from .wbread import (
    HEADER_ROW,
    check,
    find_row,
    goal_blocks,
    headers,
    headline,
    month_of,
    rows_under,
    table,
)

MONTHS = list(truth.MONTHS_SHORT)
UT_TITLE_OUTCOMES = "Avslutade deltagare hittills i år efter utfall och kön"
UT_TITLE_GENDER = "Andel kvinnor"
KAT_SHORT = {"arbete": "Arbete", "studier": "Studier", "arbetssokande": "Aktivt arbetssökande",
             "rehab": "Fortsatt rehabilitering", "annat": "Avbrott, flytt, annat",
             "okant": "Okänt"}


def check_oversikt(wb, sc, exp) -> None:
    rows = table(wb["Översikt"])
    for ins in sc.plan.insatser:
        want = exp["oversikt"][ins.namn]
        check(rows[ins.namn], {k: v for k, v in want.items() if k != "Insats"}, ins.namn)
    for key, want in exp["totals"].items():
        check(rows[key], want, key)
    assert list(rows)[:len(sc.plan.insatser)] == [i.namn for i in sc.plan.insatser]
    assert len(rows) == len(sc.plan.insatser) + len(exp["totals"])
    got = headline(wb["Översikt"])
    assert len(got) == len(exp["headline"]) == len(sc.plan.mal)
    for row, want in zip(got, exp["headline"], strict=True):
        check(row, want, want["Mål"])


def md_blocks(ws) -> tuple[dict, dict, dict]:
    """Månadsdata's blocks: ({insats name: row}, {sum row label: row}, {trend label: row}),
    each row {header: value} by its block's header row."""
    insatser, sums, trend = {}, {}, {}
    r = HEADER_ROW
    while r <= ws.max_row:
        if ws.cell(r, 1).value != "Nr":
            r += 1
            continue
        head = headers(ws, r)
        body = rows_under(ws, r, 1)
        for row in body:
            insatser[row["Insats"]] = row
        r += len(body) + 1
        first = True  # the block's sum row, then (the participant block) the trend rows
        while r <= ws.max_row and ws.cell(r, 1).value is None and ws.cell(r, 2).value:
            row = {h: ws.cell(r, c).value for h, c in head.items()}
            (sums if first else trend)[row["Insats"]] = row
            first = False
            r += 1
    return insatser, sums, trend


TREND_LABELS = ("Inskrivna vid månadens slut, alla deltagarinsatser",
                "Deltagarinsatser som saknar rapport", "Månad i diagrammet (* = rapport saknas)")


def check_manadsdata(wb, sc, exp) -> None:
    rows, sums, trend = md_blocks(wb["Månadsdata"])
    names = [i.namn for i in sc.plan.insatser]
    assert sorted(rows) == sorted(names)
    for ins in sc.plan.insatser:
        want = exp["manadsdata"][ins.namn]
        got = rows[ins.namn]
        check(got, {"Hittills i år": want["ytd"], "Nr": names.index(ins.namn) + 1,
                    "Rapporter": want["reports"]}, ins.namn)
        if want["due"]:
            check(got, {"Saknar rapport": want["missing"]}, ins.namn)
        if truth.is_flow(ins):
            check(got, {"Start första rapportmånaden": want["start"]}, ins.namn)
        check(got, {MONTHS[m - 1]: want["months"].get(m) for m in range(1, 13)}, ins.namn)
    assert set(sums) == set(exp["md_sums"])
    for label, want in exp["md_sums"].items():
        check(sums[label], want, label)
    if any(truth.is_flow(i) for i in sc.plan.insatser):
        p = int(sc.period[5:])
        tr = exp["trend"]
        check(sums["Nya under månaden, alla deltagarinsatser"],
              {MONTHS[m - 1]: tr[m][0] if m <= p else None for m in range(1, 13)}, "trend new")
        for label, k in zip(TREND_LABELS, (1, 2, 3), strict=True):
            check(trend[label], {MONTHS[m - 1]: tr[m][k] if m <= p else None
                                 for m in range(1, 13)}, label)


def check_inlamningar(wb, sc, exp) -> None:
    rows = table(wb["Inlämningar"])
    for ins in sc.plan.insatser:
        got = rows[ins.namn]
        cells = exp["inlamningar"][ins.namn]
        check(got, {MONTHS[m]: cells[m] for m in range(12)}, ins.namn)
        to_p, year = exp["inl_active"][ins.namn]
        check(got, {"Andel inkomna": exp["inl_rates"][ins.namn],
                    "Aktiva månader hittills": to_p, "Aktiva månader i år": year}, ins.namn)
    rate = rows["Andel inkomna"]
    check(rate, {MONTHS[m]: exp["month_rates"][m] for m in range(12)}, "Andel inkomna")
    check(rate, {"Andel inkomna": exp["all_rate"]}, "Andel inkomna, alla")


def check_utfall(wb, sc, exp) -> None:
    ws = wb["Utfall"]
    head = find_row(ws, UT_TITLE_OUTCOMES) + 1
    rows = table(ws, head, keys=("Insats", "Kön"))
    flow = [i for i in sc.plan.insatser if i.namn in exp["outcomes"]]
    assert len(rows) == 4 * len(flow)
    for ins in flow:
        cats = exp["outcomes"][ins.namn]
        total = {g: sum(c[g] for c in cats.values()) for g in truth.GENDERS}
        all_ended = total["kvinnor"] + total["man"]
        for kon, pick_g in (("Kvinnor", ("kvinnor",)), ("Män", ("man",)),
                            ("Alla", truth.GENDERS)):
            want = {KAT_SHORT[cat]: sum(by_g[g] for g in pick_g) for cat, by_g in cats.items()}
            want["Summa avslutade"] = sum(total[g] for g in pick_g)
            check(rows[(ins.namn, kon)], want, f"{ins.namn} {kon}")
        check(rows[(ins.namn, "Andel av alla")],
              {KAT_SHORT[cat]: truth.div(by_g["kvinnor"] + by_g["man"], all_ended)
               for cat, by_g in cats.items()} | {"Summa avslutade": None}, ins.namn)
    gender = table(ws, find_row(ws, UT_TITLE_GENDER) + 1)
    for ins in flow:
        nk, nt, ns, ek, et, es = exp["gender"][ins.namn]
        check(gender[ins.namn], {"Nya kvinnor": nk, "Nya totalt": nt, "Andel kvinnor av nya": ns,
                                 "Avslutade kvinnor": ek, "Avslutade totalt": et,
                                 "Andel kvinnor av avslutade": es}, ins.namn)
    goals = goal_blocks(ws)
    assert len(goals) == len(exp["goals"])
    for got, want in zip(goals, exp["goals"], strict=True):
        assert got["block"] == f"Mål {want['Mål nr']}: {want['Mål']}"
        check(got, {k: v for k, v in want.items() if k not in ("Mål", "typ")
                    and not (want["typ"] in ("enkät", "inskrivna")
                             and k in ("Kvinnor", "Män", "Alla"))}, want["Insats"])
        if want["typ"] == "enkät":
            check(got, {"Andel": want["Alla"]}, want["Insats"])
        if want["typ"] == "inskrivna":
            check(got, {"Lägsta antal inskrivna vid månadens slut": want["Alla"]},
                  want["Insats"])


def check_deltagarflode(wb, sc, exp) -> None:
    ws = wb["Deltagarflöde"]
    head = headers(ws, HEADER_ROW)
    got = {}
    for row in rows_under(ws, HEADER_ROW, head["Insats"]):
        got[(row["Insats"], month_of(row["Period"]))] = row
    want_rows = exp["df_rows"]
    assert set(got) == set(want_rows)
    for key, want in want_rows.items():
        check(got[key], want, f"{key[0]} {key[1]}")


def check_finsam(wb, sc, exp) -> None:
    rows = table(wb["Uppföljning Finsam"])
    assert set(rows) == set(exp["finsam"])
    for key, want in exp["finsam"].items():
        check(rows[key], want, key)


def check_all(wb, sc, exp) -> None:
    """Every number of every sheet that derives from the Data table."""
    for fn in (check_oversikt, check_manadsdata, check_deltagarflode, check_utfall,
               check_finsam, check_inlamningar):
        fn(wb, sc, exp)
