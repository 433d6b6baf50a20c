"""Validation rules: one test per error and warning, on real templates written
with template.write_template / fill_template, asserting the exact code, cell and the Swedish
sentence (which must name the file, the field label and the cell).

Expected cells are looked up with openpyxl directly from the file's defined names, never from
finsam-xl's reader; expected numbers are written out by hand.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from finsam_xl import messages as M
from finsam_xl.model import (
    ACCEPTED,
    ERROR,
    REJECTED,
    SUPERSEDED,
    WARNING,
    CellError,
    UncachedFormula,
)
from finsam_xl.plan import load_example
from finsam_xl.run import check_files
from finsam_xl.template import fill_template, write_template
from finsam_xl.validate import count_problem, parse_count
from support.files import GOOD_FLOW, IN_TIME, cells_of, flow, set_cell

PLAN = load_example()
ISA = PLAN.insats("isa")
SIP = PLAN.insats("sip")
KOMP = PLAN.insats("kompetenshojande")



def write(tmp_path: Path, name: str, insats=ISA, period="2025-03", values=None, texts=None,
          modified=IN_TIME, plan=PLAN) -> Path:
    path = tmp_path / name
    write_template(plan, insats, period, path, values=values, texts=texts, modified=modified)
    return path


def check_one(path: Path, plan=PLAN):
    (report,) = check_files([path], plan)
    return report


def assert_finding(report, code, severity, name, path, *, contains=()):
    """Exactly one finding with `code`; its cell, field and sentence as the spec requires."""
    found = [f for f in report.findings if f.code == code]
    assert len(found) == 1, report.findings
    f = found[0]
    assert f.severity == severity
    assert f.file == report.file
    if name is not None:
        cell = cells_of(path)[name]
        assert f.cell == cell
        assert f.field == M.field_label(name)
        assert cell in f.message
        assert M.field_label(name) in f.message
    assert report.file in f.message
    for text in contains:
        assert text in f.message, f.message
    return f


# ----------------------------------------------------------------------------- accepted


def test_filled_template_is_accepted(tmp_path):
    path = write(tmp_path, "2025-03_isa.xlsx", values=GOOD_FLOW)
    r = check_one(path)
    assert r.findings == []
    assert r.status == ACCEPTED
    assert r.submission.values == GOOD_FLOW


def test_template_filled_like_a_coordinator_is_accepted(tmp_path):
    blank = write(tmp_path, "blank.xlsx", insats=SIP)
    path = fill_template(blank, tmp_path / "2025-03_sip.xlsx", {"fx_antal": 7},
                         texts={"fx_rapporterad_av": "Anna"})
    r = check_one(path)
    # openpyxl stamps dcterms:modified with the time of saving (today), which is after the
    # 2025 deadline: the only finding is that the report is late.
    assert r.flatten(["code", "severity"]) == [("late", WARNING)]
    assert r.status == ACCEPTED
    assert r.submission.values == {"fx_antal": 7}


@pytest.mark.parametrize("raw, value", [
    (" 12 ", 12), ("1 200", 1200), ("1\u00a0200", 1200), ("12", 12), (12.0, 12), (0, 0),
])
def test_counts_read_as_numbers(tmp_path, raw, value):
    path = write(tmp_path, "2025-03_sip.xlsx", insats=SIP, values={"fx_antal": raw})
    r = check_one(path)
    assert [f.code for f in r.errors] == []
    assert r.submission.values == {"fx_antal": value}


# ----------------------------------------------------------------------------- errors


def test_unknown_insats(tmp_path):
    path = write(tmp_path, "x.xlsx", values=dict(GOOD_FLOW, fx_insats="okand-insats"))
    r = check_one(path)
    assert r.flatten(["code"]) == [("unknown-insats",)]
    f = assert_finding(r, "unknown-insats", ERROR, "fx_insats", path, contains=("okand-insats",))
    assert f.value == "okand-insats"


def test_insats_inactive(tmp_path):
    isa_late = dataclasses.replace(ISA, aktiv_fran="2025-06")
    plan = dataclasses.replace(PLAN, insatser=tuple(
        isa_late if i.id == "isa" else i for i in PLAN.insatser))
    path = write(tmp_path, "2025-03_isa.xlsx", values=GOOD_FLOW, plan=plan)
    r = check_one(path, plan)
    assert r.flatten(["code"]) == [("insats-inactive",)]
    assert_finding(r, "insats-inactive", ERROR, "fx_period", path,
                   contains=("2025-03", "2025-06–2025-12"))


@pytest.mark.parametrize("bad", ["2025-3", "mars 2025", "2025-13"])
def test_bad_period(tmp_path, bad):
    path = write(tmp_path, "x.xlsx", values=dict(GOOD_FLOW, fx_period=bad))
    r = check_one(path)
    assert r.flatten(["code"]) == [("bad-period",)]
    f = assert_finding(r, "bad-period", ERROR, "fx_period", path, contains=(f"'{bad}'",))
    assert f.value == bad


def test_period_outside_year(tmp_path):
    """Validated against one plan (the library's `validate_submission`), a period of another
    year is `period-outside-year`; a run (check, collect) judges such a file by its own
    year's plan instead, or ignores it when none is given (never rejected)."""
    from finsam_xl.run.read import read_part
    from finsam_xl.validate import validate_submission

    path = write(tmp_path, "2024-03_isa.xlsx", period="2024-03", values=GOOD_FLOW,
                 modified=datetime(2024, 4, 2, tzinfo=timezone.utc))
    read = read_part(path, str(path))
    assert read.submission is not None
    check = validate_submission(read.submission, PLAN)
    r = dataclasses.replace(read, findings=list(check.findings))
    assert r.flatten(["code"]) == [("period-outside-year",)]
    assert_finding(r, "period-outside-year", ERROR, "fx_period", path,
                   contains=("2024-03", "2025"))
    ignored = check_one(path)
    assert (ignored.status, ignored.findings, ignored.other_year) == ("ignored", [], 2024)
    assert ignored.ignored_reason == "2024-03 hör till 2024; planer finns för 2025"


def _without_name(tmp_path, name: str):
    """A filled template whose defined name `name` has been deleted (openpyxl)."""
    import openpyxl

    wb = openpyxl.load_workbook(write(tmp_path, "full.xlsx", values=GOOD_FLOW))
    del wb.defined_names[name]
    path = tmp_path / "2025-03_isa.xlsx"
    wb.save(path)
    return path


def test_missing_name(tmp_path):
    r = check_one(_without_name(tmp_path, "fx_nya_man"))
    assert [f.flat(["code", "cell", "field"]) for f in r.errors] == [
        ("missing-name", None, M.field_label("fx_nya_man"))]
    assert [f.code for f in r.warnings] == ["late"]  # openpyxl saved it today
    assert r.status == REJECTED
    msg = r.findings[0].message
    assert "2025-03_isa.xlsx" in msg and M.field_label("fx_nya_man") in msg


@pytest.mark.parametrize("raw", ["12,5", "ca 10", "-3", 12.5, -3, "12.0", "1 20"])
def test_not_whole_number(tmp_path, raw):
    path = write(tmp_path, "2025-03_sip.xlsx", insats=SIP, values={"fx_antal": raw})
    r = check_one(path)
    assert r.flatten(["code", "cell"]) == [("not-whole-number", cells_of(path)["fx_antal"])]
    f = assert_finding(r, "not-whole-number", ERROR, "fx_antal", path)
    shown = str(raw).replace(".", ",") if isinstance(raw, float) else str(raw)
    assert f.value == shown
    assert f"'{shown}'" in f.message


@pytest.mark.parametrize("raw, expected", [
    (True, (False, None)), (False, (False, None)), (None, (True, None)), ("  ", (True, None)),
    ("\u00a012\u00a0", (True, 12)), ("1\u202f200", (True, 1200)), (float("nan"), (False, None)),
    (datetime(2025, 3, 1), (False, None)), ("#REF!", (False, None)), (3, (True, 3)),
])
def test_parse_count(raw, expected):
    assert parse_count(raw) == expected


def test_outcomes_mismatch(tmp_path):
    values = dict(GOOD_FLOW, fx_utfall_rehab_kvinnor=0)  # women: 1 arbete, but 2 ended
    path = write(tmp_path, "2025-03_isa.xlsx", values=values)
    r = check_one(path)
    cells = cells_of(path)
    assert r.flatten(["code", "cell"]) == [("outcomes-mismatch", cells["fx_avslutade_kvinnor"])]
    f = assert_finding(r, "outcomes-mismatch", ERROR, "fx_avslutade_kvinnor", path,
                       contains=("summerar till 1", "är 2", "kvinnor"))
    assert (f.value, f.expected) == (
        "2", "lika många avslutade som utfall (utfallen summerar till 1)")
    # one outcome is missing: the advice is to add it (it once pointed nowhere)
    span = f"{cells['fx_utfall_arbete_kvinnor']}–{cells['fx_utfall_okant_kvinnor'][8:]}"
    assert f.message == (
        f"{path}: utfallen för kvinnor ({span}) summerar till 1, men fältet Avslutade under "
        f"månaden, kvinnor ({cells['fx_avslutade_kvinnor']}) är 2: 1 av de avslutade saknar "
        "utfall. Varje avslutad person har exakt ett utfall; ange utfallet för dem som saknar "
        "ett (Okänt om du inte vet det), eller rätta antalet avslutade om det är det som är fel.")


def test_outcomes_mismatch_for_men(tmp_path):
    values = dict(GOOD_FLOW, fx_utfall_okant_man=2)  # men: 1 studier + 2 okänt = 3, 1 ended
    path = write(tmp_path, "2025-03_isa.xlsx", values=values)
    r = check_one(path)
    assert r.flatten(["code", "cell"]) == [
        ("outcomes-mismatch", cells_of(path)["fx_avslutade_man"])]
    f = assert_finding(r, "outcomes-mismatch", ERROR, "fx_avslutade_man", path,
                       contains=("summerar till 3", "är 1", "män"))
    # two outcomes too many: the advice is to remove them (it once said to distribute
    # the ended over outcomes, which sends a coordinator looking for missing ones)
    assert f.message.endswith(
        "är 1: 2 utfall för mycket. Varje avslutad person har exakt ett utfall; ta bort de "
        "utfall som är för många, eller rätta antalet avslutade om det är det som är fel.")


def test_ended_exceeds(tmp_path):
    values = dict(GOOD_FLOW, fx_start_man=0, fx_nya_man=1, fx_avslutade_man=3,
                  fx_utfall_studier_man=3)  # 3 ended > 0 + 1
    path = write(tmp_path, "2025-03_isa.xlsx", values=values)
    r = check_one(path)
    assert r.flatten(["code", "cell"]) == [("ended-exceeds", cells_of(path)["fx_avslutade_man"])]
    f = assert_finding(r, "ended-exceeds", ERROR, "fx_avslutade_man", path,
                       contains=("0 + 1 = 1",))
    assert (f.value, f.expected) == ("3", "högst 1")


def test_survey_exceeds(tmp_path):
    path = write(tmp_path, "2025-03_kompetenshojande.xlsx", insats=KOMP,
                 values={"fx_antal": 40, "fx_enkat_svar": 30, "fx_enkat_positiva": 31})
    r = check_one(path)
    assert r.flatten(["code", "cell"]) == [
        ("survey-exceeds", cells_of(path)["fx_enkat_positiva"])]
    f = assert_finding(r, "survey-exceeds", ERROR, "fx_enkat_positiva", path,
                       contains=("31", cells_of(path)["fx_enkat_svar"]))
    assert (f.value, f.expected) == ("31", "högst 30")


def test_all_empty(tmp_path):
    path = write(tmp_path, "2025-03_isa.xlsx", values={})
    r = check_one(path)
    assert r.flatten(["code"]) == [("all-empty",)]
    f = r.findings[0]
    assert f.severity == ERROR
    assert "2025-03_isa.xlsx" in f.message and cells_of(path)["fx_start_kvinnor"] in f.message


def test_zeros_are_not_empty(tmp_path):
    path = write(tmp_path, "2025-03_sip.xlsx", insats=SIP, values={"fx_antal": 0})
    assert check_one(path).findings == []


# ----------------------------------------------------------------------------- warnings


def test_personnummer_warning_never_shows_the_number(tmp_path):
    path = write(tmp_path, "2025-03_isa.xlsx", values=GOOD_FLOW,
                 texts={"fx_kommentar": "Ring 19811218-9876 om detta."})
    r = check_one(path)
    assert r.flatten(["code", "severity", "cell"]) == [
        ("personnummer", WARNING, cells_of(path)["fx_kommentar"])]
    assert_finding(r, "personnummer", WARNING, "fx_kommentar", path)
    assert r.status == ACCEPTED
    for f in r.findings:
        for text in (f.message, f.value or "", f.expected or ""):
            assert "9876" not in text and "811218" not in text
    assert "9876" not in r.submission.kommentar


def test_personnummer_in_rapporterad_av(tmp_path):
    path = write(tmp_path, "2025-03_isa.xlsx", values=GOOD_FLOW,
                 texts={"fx_rapporterad_av": "Kim 811218-9876"})
    r = check_one(path)
    assert r.flatten(["code", "cell"]) == [
        ("personnummer", cells_of(path)["fx_rapporterad_av"])]
    assert "9876" not in r.findings[0].message


def test_forbund_mismatch(tmp_path):
    path = write(tmp_path, "2025-03_isa.xlsx",
                 values=dict(GOOD_FLOW, fx_forbund="Samordningsförbundet Södra Vänern"))
    r = check_one(path)
    assert r.flatten(["code", "severity"]) == [("forbund-mismatch", WARNING)]
    assert_finding(r, "forbund-mismatch", WARNING, "fx_forbund", path,
                   contains=("Södra Vänern", PLAN.namn))


def test_exceeds_volume(tmp_path):
    # sip: budgeted 50 meetings for the year; 51 in one month
    path = write(tmp_path, "2025-03_sip.xlsx", insats=SIP, values={"fx_antal": 51})
    r = check_one(path)
    assert r.flatten(["code", "severity", "cell"]) == [
        ("exceeds-volume", WARNING, cells_of(path)["fx_antal"])]
    assert_finding(r, "exceeds-volume", WARNING, "fx_antal", path, contains=("51", "50"))
    ok = write(tmp_path, "2025-04_sip.xlsx", insats=SIP, period="2025-04",
               values={"fx_antal": 50}, modified=datetime(2025, 5, 2, tzinfo=timezone.utc))
    assert check_one(ok).findings == []


@pytest.mark.parametrize("modified, late", [
    (datetime(2025, 4, 10, 21, 59, 59, tzinfo=timezone.utc), False),  # 23:59:59 CEST
    (datetime(2025, 4, 10, 22, 0, 1, tzinfo=timezone.utc), True),  # 00:00:01 CEST on the 11th
    (datetime(2025, 4, 10, 22, 0, 0, tzinfo=timezone.utc), True),
])
def test_late_around_the_deadline_in_swedish_time(tmp_path, modified, late):
    path = write(tmp_path, "2025-03_isa.xlsx", values=GOOD_FLOW, modified=modified)
    r = check_one(path)
    assert r.flatten(["code", "severity"]) == ([("late", WARNING)] if late else [])
    if late:
        f = r.findings[0]
        assert "2025-03_isa.xlsx" in f.message and "2025-04-10" in f.message
        assert f.value.startswith("2025-04-11 00:00")


def test_late_in_winter_time(tmp_path):
    # January's report is due 10 February (CET, UTC+1): 22:59:59Z is 23:59:59 local.
    ok = write(tmp_path, "a.xlsx", period="2025-01", values=GOOD_FLOW,
               modified=datetime(2025, 2, 10, 22, 59, 59, tzinfo=timezone.utc))
    late = write(tmp_path, "b.xlsx", period="2025-01", values=GOOD_FLOW,
                 modified=datetime(2025, 2, 10, 23, 0, 1, tzinfo=timezone.utc))
    assert check_one(ok).findings == []
    assert check_one(late).flatten(["code"]) == [("late",)]


# ----------------------------------------------------------------------------- batch rules


def test_newer_modified_wins(tmp_path):
    old = write(tmp_path, "b_old.xlsx", values=GOOD_FLOW, modified=IN_TIME)
    new = write(tmp_path, "a_new.xlsx", values=dict(GOOD_FLOW, fx_nya_man=2,
                                                     fx_start_man=3),
                modified=datetime(2025, 4, 3, 8, 0, tzinfo=timezone.utc))
    reports = {r.file: r for r in check_files([old, new], PLAN)}
    ro, rn = reports[str(old)], reports[str(new)]
    assert ro.status == SUPERSEDED and ro.superseded_by == str(new)
    assert ro.flatten(["code", "severity", "expected"]) == [("superseded", WARNING, str(new))]
    assert str(new) in ro.findings[0].message and str(old) in ro.findings[0].message
    assert rn.status == ACCEPTED
    assert rn.flatten(["code", "value"]) == [("duplicate", str(old))]


def test_equal_modified_path_sorting_last_wins(tmp_path):
    (tmp_path / "z").mkdir()
    a = write(tmp_path, "a.xlsx", values=GOOD_FLOW)
    z = write(tmp_path, "z/a.xlsx", values=dict(GOOD_FLOW, fx_start_man=5))
    reports = {r.file: r for r in check_files([z, a], PLAN)}
    assert reports[str(a)].superseded_by == str(z)
    assert reports[str(a)].flatten(["code"]) == [("superseded",)]
    assert reports[str(z)].status == ACCEPTED
    assert reports[str(z)].flatten(["code"]) == [("duplicate",)]


def test_identical_copies_merge_silently(tmp_path):
    a = write(tmp_path, "a.xlsx", values=GOOD_FLOW)
    b = tmp_path / "b.xlsx"
    b.write_bytes(a.read_bytes())
    ra, rb = check_files([a, b], PLAN)
    assert ra.findings == [] and rb.findings == []
    assert ra.superseded_by == str(b) and rb.superseded_by is None


def test_stock_flow_break(tmp_path):
    feb = write(tmp_path, "2025-02_isa.xlsx", period="2025-02", values=flow(5, 4),
                modified=datetime(2025, 3, 2, tzinfo=timezone.utc))
    # end of February: women 5+1-1 = 5, men 4+1-1 = 4; March says women 6, men 4
    mar = write(tmp_path, "2025-03_isa.xlsx", values=flow(6, 4))
    rf, rm = check_files([feb, mar], PLAN)
    assert rf.findings == []
    assert rm.flatten(["code", "severity", "cell", "value", "expected"]) == [
        ("stock-flow-break", WARNING, cells_of(mar)["fx_start_kvinnor"], "6", "5")]
    assert_finding(rm, "stock-flow-break", WARNING, "fx_start_kvinnor", mar,
                   contains=("2025-02", str(feb)))
    ok = write(tmp_path, "ok.xlsx", values=flow(5, 4))
    assert [r.findings for r in check_files([feb, ok], PLAN)] == [[], []]


def _sip_months(tmp_path, counts):
    paths = []
    for m, n in enumerate(counts, 1):
        paths.append(write(tmp_path, f"2025-{m:02d}_sip.xlsx", insats=SIP,
                           period=f"2025-{m:02d}", values={"fx_antal": n},
                           modified=datetime(2025, m + 1, 2, tzinfo=timezone.utc)))
    return paths


def test_outlier(tmp_path):
    # others 10, 12, 11 -> median 11; 34 > 3 x 11 = 33 and 34 - 11 >= 10
    paths = _sip_months(tmp_path, [10, 12, 11, 34])
    reports = check_files(paths, PLAN)
    assert [r.flatten(["code"]) for r in reports[:3]] == [[], [], []]
    assert reports[3].flatten(["code", "severity", "cell", "value"]) == [
        ("outlier", WARNING, cells_of(paths[3])["fx_antal"], "34")]
    assert_finding(reports[3], "outlier", WARNING, "fx_antal", paths[3], contains=("11",))


@pytest.mark.parametrize("counts", [
    [10, 12, 11, 33],  # exactly 3 x median: not an outlier
    [2, 1, 2, 9],  # 9 > 3 x 2 but only +7: small numbers stay quiet
    [40, 0, 45, 38, 44],  # a holiday month low: never flagged
    [12, 15, 14, 40],  # median 14: 40 < 3 x 14
])
def test_outlier_quiet_on_normal_data(tmp_path, counts):
    reports = check_files(_sip_months(tmp_path, counts), PLAN)
    assert [r.findings for r in reports] == [[] for _ in counts]


def test_name_pointing_at_ref_is_reported_once(tmp_path):
    import openpyxl

    src = write(tmp_path, "full.xlsx", values=GOOD_FLOW)
    wb = openpyxl.load_workbook(src)
    wb.defined_names["fx_nya_man"].attr_text = "Rapport!#REF!"
    path = tmp_path / "2025-03_isa.xlsx"
    wb.save(path)
    r = check_one(path)
    # the reader reports the broken name; validation does not add "missing-name" for it
    assert [f.flat(["code", "field"]) for f in r.errors] == [
        ("name-ref-error", M.field_label("fx_nya_man"))]
    assert r.status == REJECTED


def test_missing_insats_name(tmp_path):
    path = _without_name(tmp_path, "fx_insats")
    r = check_one(path)
    assert r.flatten(["code", "field", "cell"]) == [("missing-name", "Insats", None)]
    assert f"{path}: fältet Insats saknas i filen" in r.findings[0].message


def test_exceeds_volume_for_a_flow_insats(tmp_path):
    # isa: budgeted 55 participants for the year; 30 + 26 = 56 new in one month
    values = dict(GOOD_FLOW, fx_nya_kvinnor=30, fx_nya_man=26)
    path = write(tmp_path, "2025-03_isa.xlsx", values=values)
    r = check_one(path)
    cells = cells_of(path)
    assert r.flatten(["code", "severity", "cell", "value", "expected"]) == [
        ("exceeds-volume", WARNING, cells["fx_nya_kvinnor"], "56", "högst 55")]
    msg = r.findings[0].message
    assert "Nya under månaden, kvinnor och män" in msg
    assert cells["fx_nya_kvinnor"] in msg and cells["fx_nya_man"] in msg and "55" in msg


def test_outlier_in_new_participants(tmp_path):
    paths = []
    for m, nya_k in enumerate([2, 3, 2, 15], 1):
        paths.append(write(tmp_path, f"2025-{m:02d}_isa.xlsx", period=f"2025-{m:02d}",
                           values=flow(20, 20, nya_k=nya_k, nya_m=2),
                           modified=datetime(2025, m + 1, 2, tzinfo=timezone.utc)))
    reports = check_files(paths, PLAN)
    outliers = [(r.file, f.code, f.cell, f.value) for r in reports for f in r.findings
                if f.code == "outlier"]
    # others 2, 3, 2 -> median 2; 15 > 6 and 15 - 2 >= 10; men (2 every month) are quiet
    assert outliers == [(str(paths[3]), "outlier", cells_of(paths[3])["fx_nya_kvinnor"], "15")]


def test_period_and_insats_with_spaces_are_normalised(tmp_path):
    path = write(tmp_path, "2025-03_isa.xlsx",
                 values=dict(GOOD_FLOW, fx_period=" 2025-03 ", fx_insats="isa "))
    r = check_one(path)
    assert r.findings == []
    assert (r.submission.period, r.submission.insats) == ("2025-03", "isa")


def test_validation_returns_what_it_derived_and_changes_nothing(tmp_path):
    """validate_submission returns the findings and the derived values (normalised period
    and insats, the counts, text it masked); the submission it judged stays as read."""
    import copy

    from finsam_xl import reader
    from finsam_xl.validate import validate_submission

    path = write(tmp_path, "2025-03_isa.xlsx",
                 values=dict(GOOD_FLOW, fx_period=" 2025-03 ", fx_insats="isa "))
    read, found = reader.read_file(path, path.name)
    # a personnummer the reader left (its masking is the first line of defence)
    sub = dataclasses.replace(read, kommentar="Ring 19811218-9876",
                              raw={**read.raw, "fx_kommentar": "Ring 19811218-9876"})
    before = copy.deepcopy(sub)
    check = validate_submission(sub, PLAN, found)
    assert sub == before
    assert [f.code for f in check.findings] == ["personnummer"]
    assert (check.period, check.insats, check.values) == ("2025-03", "isa", GOOD_FLOW)
    assert (check.texts, check.raw) == ({"kommentar": "Ring ÅÅMMDD-XXXX"},
                                        {"fx_kommentar": "Ring ÅÅMMDD-XXXX"})
    done = check.applied_to(sub)
    assert sub == before
    assert (done.period, done.insats, done.values, done.kommentar, done.raw["fx_kommentar"]) == (
        "2025-03", "isa", GOOD_FLOW, "Ring ÅÅMMDD-XXXX", "Ring ÅÅMMDD-XXXX")
    assert done.raw["fx_period"] == " 2025-03 "  # raw values stay as read


def test_batch_rules_return_what_they_found_and_change_no_report(tmp_path):
    import copy

    from finsam_xl.run import read_one
    from finsam_xl.validate import validate_batch

    (tmp_path / "a").mkdir()
    old = write(tmp_path, "a/2025-03_sip.xlsx", insats=SIP, values={"fx_antal": 4})
    new = write(tmp_path, "2025-03_sip.xlsx", insats=SIP, values={"fx_antal": 5},
                modified=IN_TIME + timedelta(hours=1))
    reports = [read_one(p, p.name if p == new else "a/" + p.name, PLAN) for p in (old, new)]
    before = copy.deepcopy(reports)
    check = validate_batch(reports, PLAN)
    assert reports == before
    assert check.used == {("sip", "2025-03"): 1}
    assert check.superseded_by == {0: "2025-03_sip.xlsx"}
    assert {i: [f.code for f in fs] for i, fs in check.findings.items()} == {
        0: ["superseded"], 1: ["duplicate"]}
    done = check.applied_to(reports)
    assert reports == before
    assert [(r.status, r.superseded_by, [f.code for f in r.findings]) for r in done] == [
        (SUPERSEDED, "2025-03_sip.xlsx", ["superseded"]), (ACCEPTED, None, ["duplicate"])]


# ----------------------------------------------------------------------------- non-counts


@pytest.mark.parametrize("value, fmt, error, code, shown, says", [
    (datetime(2025, 3, 7), None, False, "count-date", "2025-03-07", "visar datumet 2025-03-07"),
    (45723, "yyyy-mm-dd", False, "count-date", "2025-03-07", "visar datumet 2025-03-07"),
    (45723, "d/m/yy", False, "count-date", "2025-03-07", "visar datumet 2025-03-07"),
    (0.5, "h:mm", False, "count-date", "12:00", "visar tiden 12:00"),
    (1.5, "[h]:mm", False, "count-date", "36:00", "visar tiden 36:00"),
    (True, None, False, "count-boolean", "SANT", "sanningsvärdet SANT"),
    ("#REF!", None, True, "count-error", "#REF!", "felvärdet #REF!"),
    ("=2+3", None, False, "formula-without-value", "=2+3",
     "öppna filen i Excel eller LibreOffice, spara den"),
])
def test_a_count_cell_that_is_no_count_is_rejected(tmp_path, value, fmt, error, code, shown,
                                                    says):
    src = write(tmp_path, "src.xlsx", insats=SIP, values={"fx_antal": 4})
    path = set_cell(src, tmp_path / "2025-03_sip.xlsx", "fx_antal", value, fmt, error)
    r = check_one(path)
    assert [f.flat(["code", "cell", "value"]) for f in r.errors] == [
        (code, cells_of(path)["fx_antal"], shown)]
    assert r.status == REJECTED
    f = assert_finding(r, code, ERROR, "fx_antal", path, contains=(says,))
    assert f.expected == "ett heltal 0 eller större"


def test_a_number_formatted_as_a_number_is_a_count(tmp_path):
    src = write(tmp_path, "src.xlsx", insats=SIP, values={"fx_antal": 4})
    path = set_cell(src, tmp_path / "2025-03_sip.xlsx", "fx_antal", 45, '0" st"')
    r = check_one(path)
    assert [f.code for f in r.errors] == []
    assert r.submission.values == {"fx_antal": 45}


@pytest.mark.parametrize("raw, problem", [
    (None, None), (3, None), (" 1 200 ", None), (4.0, None), (datetime(2025, 3, 1), "date"),
    (timedelta(hours=12), "time"), (True, "boolean"), (CellError("#N/A"), "error"),
    (UncachedFormula("1+1"), "formula"), ("12,5", "text"), (-3, "text"), (2.5, "text"),
])
def test_count_problem(raw, problem):
    assert count_problem(raw) == problem


# ----------------------------------------------------------------------------- name and cells


@pytest.mark.parametrize("relpath, key", [
    ("2025-03_isa.xlsx", ("2025-03", "isa")),
    ("sub/2025-03_ISA.xlsx", ("2025-03", "isa")),
    ("2025-03_isa (2).xlsx", ("2025-03", "isa")),
    ("2025-03_isa-rattad.xlsx", ("2025-03", "isa")),
    ("2025-03_forsteg-motala.xlsx", ("2025-03", "forsteg-motala")),
    ("2025-03_forsteg-motala_v2.xlsx", ("2025-03", "forsteg-motala")),
    ("2025-03_isa2.xlsx", ("2025-03", None)),
    ("2025-03_rapport.xlsx", ("2025-03", None)),
    ("2025-13_isa.xlsx", (None, None)),
    ("2025-03 isa.xlsx", (None, None)),
    ("isa-mars.xlsx", (None, None)),
    ("2025-03_isa", ("2025-03", "isa")),
])
def test_name_key(relpath, key):
    from finsam_xl.validate import name_key

    assert name_key(relpath, PLAN) == key


def test_file_named_for_another_month_is_rejected(tmp_path):
    path = write(tmp_path, "2025-02_isa.xlsx", period="2025-01", values=GOOD_FLOW,
                 modified=datetime(2025, 2, 2, 9, tzinfo=timezone.utc))
    r = check_one(path)
    # when it was saved is judged against the month its name gives, February (issue 17):
    # saved on 2 February, before February ended (against January it was on time)
    assert r.flatten(["code", "cell", "value", "expected"]) == [
        ("name-period-mismatch", cells_of(path)["fx_period"], "2025-01", "2025-02"),
        ("early", cells_of(path)["fx_period"], "2025-02-02 10:00", "tidigast 2025-03-01")]
    f = assert_finding(r, "name-period-mismatch", ERROR, "fx_period", path)
    assert f.message == (
        f"{path}: filnamnet gäller 2025-02, men fältet Period ({f.cell}) anger 2025-01; "
        "troligen har mallen för januari 2025 använts för februari 2025. Fyll i mallen för "
        "februari 2025 och skicka den, eller rätta filnamnet om filen gäller januari 2025.")


def test_file_named_for_another_insats_is_rejected(tmp_path):
    path = write(tmp_path, "2025-03_isa.xlsx", insats=SIP, values={"fx_antal": 4})
    r = check_one(path)
    assert r.flatten(["code", "cell", "value", "expected"]) == [
        ("name-insats-mismatch", cells_of(path)["fx_insats"], "sip", "isa")]
    f = assert_finding(r, "name-insats-mismatch", ERROR, "fx_insats", path)
    assert "troligen har mallen för " + SIP.namn + " använts för " + ISA.namn in f.message


@pytest.mark.parametrize("name", ["rapport mars.xlsx", "2025-03_isa2.xlsx", "2025-03 isa.xlsx",
                                  "2025-03_sip (1).xlsx", "ISA_2025-02.xlsx"])
def test_files_with_other_names_are_judged_by_their_cells(tmp_path, name):
    path = write(tmp_path, name, insats=SIP, values={"fx_antal": 4})
    r = check_one(path)
    assert r.findings == [] and r.status == ACCEPTED
