"""The template's own checks agree with `check` (issue 19): they said "Stämmer" for -3 and
2.5, which `check` rejects, flagged "12" typed as text, which `check` accepts, and said
"1 gula celler". Each value below is written into a count cell; the check rows' texts, as
cached by the writer and as LibreOffice computes them after recalculating, must say what
`check` (validate.parse_count) says of the cell. The formulas are on the hidden sheet
Kontroll (finsam_xl/template/kontroll.py)."""

from __future__ import annotations

import openpyxl
import pytest

from finsam_xl import messages as M
from finsam_xl.plan import load_example
from finsam_xl.reader import read_file
from finsam_xl.reader.submission import mask_value
from finsam_xl.template import write_template
from finsam_xl.template.kontroll import values as kontroll_values
from finsam_xl.validate import parse_count
from support import lo

PLAN = load_example()
SIP, ISA = PLAN.insats("sip"), PLAN.insats("isa")
OK = M.TPL_CHECK_OK
LBL_NUM = M.TPL_CHECK_LABEL_NUMBERS
NOT_A_COUNT = M.TPL_CHECK_TEXT
# (value in the count cell, what `check` reads: a number, None for empty, "bad" for none)
CASES = [
    (None, None), (0, 0), (7, 7), (7.0, 7), (-3, "bad"), (2.5, "bad"), (-0.5, "bad"),
    ("12", 12), (" 12 ", 12), ("\t12\n", 12), ("\u00a012\u202f", 12), ("1 200", 1200),
    ("1\u00a0200", 1200), ("1\u202f200", 1200), ("12 345 678", 12345678), ("007", 7),
    ("", None), ("   ", None), ("1 20", "bad"), ("12 00", "bad"), ("1  200", "bad"),
    ("1\t200", "bad"), ("1\u2007200", "bad"), ("12,5", "bad"), ("12.0", "bad"),
    ("ca 10", "bad"), ("-3", "bad"), ("5 st", "bad"), ("1e3", "bad"), ("1 2345", "bad"),
    (" 1 200 000 ", 1200000), ("1234 567", "bad"), (True, "bad"), (False, "bad"),
    (999999999, 999999999), ("123 456 789", 123456789),
    (9102021234, "bad"), ("9102021234", "bad"),  # personnummer: masked, so no count
]
# What the formulas do differently, on purpose (the module's docstring): digits other than
# 0-9 typed as text, and counts of ten digits or more (a personnummer's length, never copied
# to the hidden sheet) are no count to a formula.
DIFFERENT = [("\uff11\uff12", 12), (2025031512, 2025031512), ("0000000012", 12)]


def check_reads(value):
    """What `check` reads of a cell holding `value`: the reader masks a personnummer first
    (reader.submission.mask_value), then validate.parse_count."""
    ok, n = parse_count(mask_value(value))
    return "bad" if not ok else n


def numbers_check(bad: int) -> str:
    return OK if bad == 0 else M.plural(M.TPL_CHECK_NUMBERS, bad).format(antal=bad)


def checks_of(path, data_only=True) -> dict:
    ws = openpyxl.load_workbook(path, data_only=data_only)["Rapport"]
    return {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value
            for r in range(1, ws.max_row + 1)
            if str(ws.cell(row=r, column=1).value or "").startswith("Kontroll:")}


def test_the_cases_are_what_check_reads():
    assert [check_reads(v) for v, _ in CASES] == [r for _, r in CASES]
    assert [check_reads(v) for v, _ in DIFFERENT] == [r for _, r in DIFFERENT]


@pytest.mark.parametrize("value, reads", CASES)
def test_the_helper_reads_each_value_as_check_does(value, reads):
    got = kontroll_values(value)[-1]
    assert (got if got >= 0 else "bad") == (0 if reads is None else reads)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """One SIP template per case (fx_antal), and flow templates where valid text counts in
    the sums; with LibreOffice's recalculated copies."""
    d = tmp_path_factory.mktemp("checks")
    paths = {}
    for i, (value, _reads) in enumerate(CASES + DIFFERENT):
        paths[f"sip{i}"] = write_template(PLAN, SIP, "2025-03", d / f"sip{i}.xlsx",
                                          values={"fx_antal": value})
    # women: start "5" (text) + new 1, ended 6, outcomes "6": all fine by `check`
    paths["flow_text"] = write_template(PLAN, ISA, "2025-03", d / "flow_text.xlsx", values={
        "fx_start_kvinnor": "5", "fx_nya_kvinnor": 1, "fx_avslutade_kvinnor": 6,
        "fx_utfall_arbete_kvinnor": " 6 "})
    # men: ended -1 and 2.5 outcomes: two cells that are no count
    paths["flow_bad"] = write_template(PLAN, ISA, "2025-03", d / "flow_bad.xlsx", values={
        "fx_start_man": 3, "fx_avslutade_man": -1, "fx_utfall_arbete_man": 2.5})
    return paths


def expected_sip(value) -> dict:
    return {LBL_NUM: numbers_check(1 if check_reads(value) == "bad" else 0)}


FLOW_TEXT = {
    "Kontroll: avslutade högst inskrivna vid start plus nya, kvinnor": OK,
    "Kontroll: avslutade högst inskrivna vid start plus nya, män": OK,
    "Kontroll: utfall lika med avslutade, kvinnor": OK,
    "Kontroll: utfall lika med avslutade, män": OK, LBL_NUM: OK}
FLOW_BAD = {
    "Kontroll: avslutade högst inskrivna vid start plus nya, kvinnor": OK,
    "Kontroll: avslutade högst inskrivna vid start plus nya, män": NOT_A_COUNT,
    "Kontroll: utfall lika med avslutade, kvinnor": OK,
    "Kontroll: utfall lika med avslutade, män": NOT_A_COUNT, LBL_NUM: numbers_check(2)}


def test_cached_checks_agree_with_check(written):
    for i, (value, _reads) in enumerate(CASES):
        assert checks_of(written[f"sip{i}"]) == expected_sip(value), repr(value)
    assert checks_of(written["flow_text"]) == FLOW_TEXT
    assert checks_of(written["flow_bad"]) == FLOW_BAD
    assert numbers_check(1).startswith("1 gul cell innehåller")
    assert numbers_check(2).startswith("2 gula celler innehåller")


@pytest.mark.libreoffice
def test_libreoffice_computes_what_check_says(written, tmp_path_factory):
    """After LibreOffice recalculates, each check says what `check` says of the file
    LibreOffice saved (a boolean is a number there: TRUE in a count cell is saved as 1, a
    count, and its check says "Stämmer" too)."""
    converted = lo.convert_many(list(written.values()), tmp_path_factory.mktemp("lo"))
    for i, (value, _reads) in enumerate(CASES):
        saved = read_file(converted[f"sip{i}"], "x.xlsx")[0].raw.get("fx_antal")
        assert checks_of(converted[f"sip{i}"]) == expected_sip(saved), (value, saved)
        if not isinstance(value, bool):
            assert check_reads(saved) == check_reads(value), (value, saved)
    for i, (value, _reads) in enumerate(DIFFERENT, len(CASES)):
        assert checks_of(converted[f"sip{i}"]) == {LBL_NUM: numbers_check(1)}, repr(value)
    assert checks_of(converted["flow_text"]) == FLOW_TEXT
    assert checks_of(converted["flow_bad"]) == FLOW_BAD
    # the month's end counts the text "5" as check does: 5 + 1 - 6
    ws = openpyxl.load_workbook(converted["flow_text"], data_only=True)["Rapport"]
    row = next(r for r in range(1, ws.max_row + 1)
               if ws.cell(row=r, column=1).value == "Inskrivna vid månadens slut (räknas ut)")
    assert ws.cell(row=row, column=2).value == 0
