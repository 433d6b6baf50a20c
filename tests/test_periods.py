"""finsam_xl/periods.py: months, deadlines and Swedish time. Expected values are written out
by hand (the EU summer-time dates of 2025 and 2026: 30 March / 26 October 2025 and 29 March /
25 October 2026, at 01:00 UTC), never computed with zoneinfo."""

from datetime import date, datetime, timezone

import pytest

from finsam_xl.errors import PeriodError
from finsam_xl.messages import date_text, month_text
from finsam_xl.periods import (
    deadline,
    month_end,
    next_month,
    parse_period,
    period_str,
    previous_period,
    stockholm_to_utc,
    to_stockholm,
    year_month,
)
from finsam_xl.usage import checked_period


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


@pytest.mark.parametrize("text, parsed", [
    ("2025-03", (2025, 3)), (" 2025-12 ", (2025, 12)), ("2025-13", None), ("2025-3", None),
    ("2025-00", None), ("mars", None), ("", None), (None, None), (202503, None),
])
def test_parse_period(text, parsed):
    assert parse_period(text) == parsed


def test_year_month_refuses_what_is_no_period():
    assert year_month("2025-04") == (2025, 4)
    with pytest.raises(ValueError):
        year_month("2025-13")


def test_months_around_the_turn_of_the_year():
    assert period_str(2025, 3) == "2025-03"
    assert next_month(2025, 12) == (2026, 1)
    assert next_month(2025, 3) == (2025, 4)
    assert previous_period("2025-03") == "2025-02"
    assert previous_period("2025-01") is None
    assert month_end("2025-03") == date(2025, 4, 1)
    assert month_end("2025-12") == date(2026, 1, 1)
    assert month_text("2025-03") == "mars 2025"


@pytest.mark.parametrize("period, day, due", [
    ("2025-03", 10, date(2025, 4, 10)),
    ("2025-12", 10, date(2026, 1, 10)),
    ("2025-01", 31, date(2025, 2, 28)),  # clamped to February's length
    ("2024-01", 31, date(2024, 2, 29)),  # a leap year
    ("2025-03", 0, date(2025, 4, 1)),  # at least the 1st
])
def test_deadline(period, day, due):
    assert deadline(period, day) == due


def test_date_text():
    assert date_text(date(2025, 4, 10)) == "10 april 2025"


@pytest.mark.parametrize("local, expected", [
    (datetime(2025, 1, 15, 12, 0), utc(2025, 1, 15, 11, 0)),  # CET, UTC+1
    (datetime(2025, 7, 1, 12, 0), utc(2025, 7, 1, 10, 0)),  # CEST, UTC+2
    (datetime(2025, 3, 30, 1, 59), utc(2025, 3, 30, 0, 59)),  # the minute before the change
    (datetime(2025, 3, 30, 3, 0), utc(2025, 3, 30, 1, 0)),  # the first minute of summer time
    (datetime(2025, 3, 30, 2, 30), utc(2025, 3, 30, 1, 30)),  # does not exist: offset before
    (datetime(2025, 10, 26, 2, 30), utc(2025, 10, 26, 0, 30)),  # twice: the first one
    (datetime(2025, 10, 26, 3, 0), utc(2025, 10, 26, 2, 0)),  # winter time again
    (datetime(2026, 3, 29, 3, 0), utc(2026, 3, 29, 1, 0)),
    (datetime(2026, 10, 25, 1, 59), utc(2026, 10, 24, 23, 59)),
])
def test_swedish_wall_time_to_utc(local, expected):
    assert stockholm_to_utc(local) == expected


@pytest.mark.parametrize("instant, wall", [
    (utc(2025, 4, 10, 21, 59, 59), datetime(2025, 4, 10, 23, 59, 59)),
    (utc(2025, 4, 10, 22, 0, 0), datetime(2025, 4, 11, 0, 0, 0)),
    (utc(2025, 2, 10, 23, 0, 0), datetime(2025, 2, 11, 0, 0, 0)),
    (utc(2025, 10, 26, 0, 59), datetime(2025, 10, 26, 2, 59)),  # still summer time
    (utc(2025, 10, 26, 1, 0), datetime(2025, 10, 26, 2, 0)),  # winter time: 02:00 again
    (datetime(2025, 12, 31, 23, 30), datetime(2026, 1, 1, 0, 30)),  # naive is UTC
])
def test_utc_to_swedish_time(instant, wall):
    local = to_stockholm(instant)
    assert local.replace(tzinfo=None) == wall
    assert local.utcoffset() is not None
    assert local.astimezone(timezone.utc) == instant.replace(tzinfo=instant.tzinfo or timezone.utc)


@pytest.mark.parametrize("text, year, result", [
    ("2025-03", 2025, "2025-03"),
    (" 2025-03 ", 2025, "2025-03"),
    ("2025-03", None, "2025-03"),
    ("2024-03", None, "2024-03"),
])
def test_checked_period_normalises(text, year, result):
    assert checked_period(text, year) == result


@pytest.mark.parametrize("text, year, message", [
    ("2025-13", 2025, "Perioden '2025-13' är ingen giltig månad. Skriv den som ÅÅÅÅ-MM, till "
                      "exempel 2025-03."),
    ("mars", None, "Perioden 'mars' är ingen giltig månad. Skriv den som ÅÅÅÅ-MM, till "
                   "exempel 2025-03."),
    ("2024-12", 2025, "Perioden 2024-12 ligger utanför planens år 2025. Välj en månad från "
                      "2025-01 till 2025-12, eller ange planen för 2024 med --plan."),
    (" 2024-12 ", 2025, "Perioden 2024-12 ligger utanför planens år 2025. Välj en månad från "
                        "2025-01 till 2025-12, eller ange planen för 2024 med --plan."),
    ("2023-05", (2024, 2025), "Perioden 2023-05 ligger utanför planernas år 2024 och 2025. "
                              "Välj en månad i något av dem, eller ange planen för 2023 med "
                              "--plan."),
])
def test_checked_period_refuses_with_one_text_for_every_command(text, year, message):
    with pytest.raises(PeriodError) as exc:
        checked_period(text, year)
    assert str(exc.value) == message
