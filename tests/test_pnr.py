"""personnummer detection and masking (finsam_xl/pnr.py): the one rule of SPEC section 5.

A number counts when its digits form a date (or a samordningsnummer, day + 60), with or
without century and separator, *whether or not its check digit is right* (issue 19: a
mistyped personnummer is still personal data). The numbers here are built with the right
check digit by a separate Luhn implementation below (the digit sum of the products written
out as text), or taken from Skatteverket's published examples: 811218-9876 (personnummer),
19121212-1212 (Tolvan Tolvansson, test number) and 701063-2391 (samordningsnummer, day 03 +
60); the tests then show that every other last digit is found as well."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest

from finsam_xl import contract, pnr

MASK = "ÅÅMMDD-XXXX"


def check_digit(nine: str) -> str:
    """Luhn check digit of nine digits (to build numbers that are right; the rule ignores
    it): weights 2,1,2,1,... and the sum of the digits of the products as text."""
    products = "".join(str(int(d) * w)
                       for d, w in zip(nine, (2, 1, 2, 1, 2, 1, 2, 1, 2), strict=True))
    return str((10 - sum(int(c) for c in products) % 10) % 10)


def with_check(yymmdd: str, three: str) -> str:
    return yymmdd + three + check_digit(yymmdd + three)


def test_check_digit_helper_agrees_with_published_examples():
    assert with_check("811218", "987") == "8112189876"
    assert with_check("121212", "121") == "1212121212"
    assert with_check("701063", "239") == "7010632391"


def test_mask_constant_is_the_documented_one():
    assert contract.PNR_MASK == MASK


@pytest.mark.parametrize("text, span", [
    ("811218-9876", (0, 11)),
    ("8112189876", (0, 10)),
    ("811218+9876", (0, 11)),
    ("811218 9876", (0, 11)),
    ("19811218-9876", (0, 13)),
    ("198112189876", (0, 12)),
    ("19121212-1212", (0, 13)),
    ("191212121212", (0, 12)),
    ("701063-2391", (0, 11)),  # samordningsnummer
    ("18811218-9876", (0, 13)),  # born 1881: the century 18 is accepted
    ("19701063-2391", (0, 13)),
    ("Ring 811218-9876 i morgon.", (5, 16)),
    ("(811218-9876)", (1, 12)),
    ("pnr:8112189876,", (4, 14)),
])
def test_valid_numbers_are_found(text, span):
    assert pnr.find(text) == [span]
    assert pnr.contains(text) is True


@pytest.mark.parametrize("text", [
    "811218-9877",          # wrong check digit
    "8112189875",
    "19811218-9875",
    "811218+9875",
    "19850312-1234",        # the issue's: printed in the board workbook before
])
def test_a_wrong_check_digit_is_found_too(text):
    assert pnr.find(text) == [(0, len(text))]
    assert pnr.mask(text) == MASK


@pytest.mark.parametrize("text", [
    "811218\u20139876",      # en dash
    "811218\u20149876",      # em dash
    "811218\u22129876",      # minus sign
    "811218\u20119876",      # non-breaking hyphen
    "811218\uff0d9876",      # fullwidth hyphen-minus
    "811218\u00a09876",      # no-break space
    "811218\u202f9876",      # narrow no-break space
    "811218\u20099876",      # thin space
    "811218\t9876",
    "811218\n9876",          # a line break in the cell (Alt+Enter)
    "811218 - 9876",
    "811218 \u2013 9876",
    "811218--9876",
    "19811218+9876",         # '+' with century: a mistyped form, still the number
    "811218,9876",           # typed into a cell and stored as a decimal number
    "811218.9876",
    "\uff18\uff11\uff11\uff12\uff11\uff18\uff0d\uff19\uff18\uff17\uff16",  # fullwidth
    "\uff11\uff19\uff18\uff11\uff11\uff12\uff11\uff18\uff19\uff18\uff17\uff16",
    "811218-\uff19\uff18\uff17\uff16",  # mixed
    "\u0668\u0661\u0661\u0662\u0661\u0668-\u0669\u0668\u0667\u0666",  # Arabic-Indic
])
def test_every_separator_and_every_kind_of_digit(text):
    assert pnr.find(text) == [(0, len(text))], text
    assert pnr.mask(f"Ring {text} i dag") == f"Ring {MASK} i dag"


@pytest.mark.parametrize("text", [
    "8112\u200b18-9876",     # zero-width space
    "811218\u00ad-9876",     # soft hyphen
    "\u2060811218-9876",     # word joiner before
    "811218-98\u200d76",     # zero-width joiner
    "81\u200e1218\ufeff9876",  # direction mark, byte-order mark
])
def test_invisible_characters_do_not_hide_a_number(text):
    start = 1 if text.startswith("\u2060") else 0
    assert pnr.find(text) == [(start, len(text))], text
    masked = pnr.mask(text)
    assert "9876" not in masked and MASK in masked


def test_invalid_dates_are_not_found_even_with_a_valid_check_digit():
    for yymmdd in ("811318", "810018", "811200", "811232", "810230", "810431", "811292",
                   "810229", "810160"):
        number = with_check(yymmdd, "987")
        assert pnr.find(number) == [], number
        assert pnr.find(number[:6] + "-" + number[6:]) == [], number


def test_leap_days():
    # 2000-02-29 exists (and 1900-02-29 does not, but the 10-digit form may be either).
    ten = with_check("000229", "123")
    assert pnr.find(ten) == [(0, 10)]
    assert pnr.find("20" + ten) == [(0, 12)]
    assert pnr.find("19" + ten) == []  # 1900 was not a leap year
    # 2001 and 1901: no 29 February.
    assert pnr.find(with_check("010229", "123")) == []
    # samordningsnummer on a leap day: 29 + 60 = 89.
    assert pnr.find(with_check("000289", "123")) == [(0, 10)]


def test_every_day_of_a_year_with_every_check_digit():
    """Every date of 1984 (a leap year) in both forms, with the right check digit and with
    each wrong one: all found."""
    day = date(1984, 1, 1)
    while day.year == 1984:
        yymmdd = day.strftime("%y%m%d")
        good = with_check(yymmdd, "482")
        assert pnr.find(good[:6] + "-" + good[6:]) == [(0, 11)], good
        assert pnr.find("19" + good) == [(0, 12)], good
        samordning = with_check(f"{yymmdd[:4]}{day.day + 60:02d}", "482")
        assert pnr.find(samordning) == [(0, 10)], samordning
        for last in "0123456789":
            assert pnr.find(good[:9] + last) == [(0, 10)], good[:9] + last
        day += timedelta(days=1)
    assert calendar.isleap(1984)


@pytest.mark.parametrize("text", [
    "08112189876",          # 11 digits: inside a longer run
    "81121898761",
    "1198112189876",        # 13 digits
    "4681121898760",
    "0046811218-9876",      # digits right before the number
    "811218-98760",         # digits right after
    "811218_9876",
    "811218---- 9876",      # more than three separators
    "21811218-9876",        # century 21
    "17811218-9876",        # century 17
    "81 12 18-9876",
    "",
    "Vi hade 12 deltagare 2025-03-15, ring 013-12 34 56.",
    "Kostnadsställe 4711, 1 200 kr.",
    # what is not a personnummer, however near
    "12345678",             # an 8-digit count
    "20250315",             # a date alone
    "19811218",
    "Möte 2025-03-15 1234",  # a date with its parts separated
    "2025-03-15-1234",
    "222000-1867",          # an organisationsnummer (month 20)
    "20250301-20250331",    # a range of dates
    "1 200 000 kr",
    "0731234567",           # a mobile number whose 'month' is 31
    "991399-1234",          # month 13
    "810230-1234",          # 30 February
    "811292-1234",          # day 92 (samordningsnummer days end at 91)
    "811218-987",           # three last digits
    "8112 18-9876",         # a separator inside the date
])
def test_not_found(text):
    assert pnr.find(text) == []
    assert pnr.mask(text) == text


def test_a_number_in_a_longer_text_and_after_an_invalid_one():
    text = "991399-1234 och 811218-9876; 8112189876x"
    assert pnr.find(text) == [(16, 27), (29, 39)]
    assert pnr.mask(text) == f"991399-1234 och {MASK}; {MASK}x"


def test_samordningsnummer_on_every_day_and_not_beyond():
    for day in range(61, 92):
        assert pnr.find(f"8101{day}-1234") == [(0, 11)], day
    for day in (60, 92, 99):
        assert pnr.find(f"8101{day}-1234") == [], day


def test_mask_replaces_every_number_and_keeps_the_rest():
    text = "Ring 811218-9876 eller 19121212-1212, inte 013-123456. Snr 7010632391."
    spans = [(text.index(n), text.index(n) + len(n))
             for n in ("811218-9876", "19121212-1212", "7010632391")]
    assert spans == [(5, 16), (23, 36), (59, 69)]
    assert pnr.find(text) == spans
    assert pnr.mask(text) == f"Ring {MASK} eller {MASK}, inte 013-123456. Snr {MASK}."
    assert "9876" not in pnr.mask(text)
    assert pnr.mask("") == ""


def test_find_handles_non_strings():
    assert pnr.find(None) == []
    assert pnr.contains(None) is False


def test_adjacent_numbers():
    assert pnr.find("811218-9876 811218-9876") == [(0, 11), (12, 23)]
    assert pnr.mask("811218-9876/19121212-1212") == f"{MASK}/{MASK}"
