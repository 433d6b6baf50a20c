"""Months, report deadlines and Swedish time, in one place.

A *period* is a month of the plan year written 'YYYY-MM' (`parse_period`, `period_str`). A
report for a period is due by day `rapportfrist_dag` of the following month (`deadline`,
clamped to that month's length). Every time a coordinator or the kansli reads is Swedish time:
`to_stockholm` and `stockholm_to_utc` convert with the tz database's Europe/Stockholm
(`zoneinfo`; the `tzdata` package provides the database where the system has none, as on
Windows), so no summer-time rule is written out by hand.

Standard library only (and `tzdata`'s data files), imported on the CLI's start-up path; the
zone is loaded the first time it is needed. Nothing of the package is imported here (a test
checks): month names and dates in Swedish are in messages.py (`month_text`, `date_text`),
and a period a user gives is checked by usage.py.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, datetime, timezone, tzinfo

PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_period(text: str) -> tuple[int, int] | None:
    """'2025-03' -> (2025, 3); surrounding whitespace is ignored; None when malformed."""
    m = PERIOD_RE.match(text.strip()) if isinstance(text, str) else None
    return (int(m.group(1)), int(m.group(2))) if m else None


def year_month(period: str) -> tuple[int, int]:
    """(year, month) of a period already known to be valid; ValueError otherwise."""
    parsed = parse_period(period)
    if parsed is None:
        raise ValueError(f"not a period: {period!r}")
    return parsed


def period_str(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def previous_period(period: str) -> str | None:
    """The month before `period` in the same year; None for January."""
    year, month = year_month(period)
    return period_str(year, month - 1) if month > 1 else None


def month_before(period: str) -> str:
    """The month before `period`, across the turn of the year ('2025-01' -> '2024-12')."""
    year, month = year_month(period)
    return period_str(year, month - 1) if month > 1 else period_str(year - 1, 12)


def month_end(period: str) -> date:
    """The first day after the month `period` (Swedish time): a report saved before it was
    saved before its month ended."""
    return date(*next_month(*year_month(period)), 1)


def deadline(period: str, day: int) -> date:
    """The last day (Swedish time) on which a report for `period` is in time: day `day` of
    the following month (the plan's `rapportfrist_dag`), at least the 1st and at most the
    month's last day."""
    year, month = next_month(*year_month(period))
    return date(year, month, min(max(day, 1), calendar.monthrange(year, month)[1]))


def past_deadline(period: str, day: int, when: datetime) -> bool:
    """The deadline of `period` (`deadline`) had passed at `when` (Swedish time): the
    deadline day itself is still in time."""
    return to_stockholm(when).date() > deadline(period, day)


def has_ended(period: str, when: datetime) -> bool:
    """The month `period` had ended at `when` (Swedish time)."""
    return to_stockholm(when).date() >= month_end(period)


# ----------------------------------------------------------------------------- Swedish time


@functools.cache
def stockholm() -> tzinfo:
    """Europe/Stockholm from the tz database (the system's, else the tzdata package's)."""
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Stockholm")


def to_stockholm(dt: datetime) -> datetime:
    """UTC (aware, or naive = UTC) -> Swedish local time (aware)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(stockholm())


def stockholm_to_utc(local: datetime) -> datetime:
    """Swedish local wall time (naive) -> UTC-aware. A wall time that occurs twice (the
    hour summer time ends) is the first one; one that does not occur (the hour it starts)
    is read with the offset before the change."""
    return local.replace(tzinfo=stockholm()).astimezone(timezone.utc)
