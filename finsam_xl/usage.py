"""What a user gives a command, checked before the command does anything: `--period`.

One rule and one set of Swedish messages for every command that takes a month (`collect`,
`status`, `remind`, `templates`): the month is written 'YYYY-MM' (surrounding spaces are
dropped) and lies in a year for which a plan is given. `cli.Period` checks the form when the
command line is parsed; the library checks it again against the plans (`checked_period`), so
a caller of the library gets the same errors. A PeriodError is a usage error (exit 2) for the CLI.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import messages as M
from .errors import PeriodError
from .periods import parse_period, period_str


def checked_period(text: object, year: int | Iterable[int] | None,
                   example_year: int | None = None) -> str:
    """`text` normalised to 'YYYY-MM'. PeriodError when it is no month, or when it is not in
    the plan year `year` (or one of the plan years; None: its form only, before a plan is
    known). `example_year`: the year of the example in the message (default the latest
    plan year)."""
    years = None if year is None else (year,) if isinstance(year, int) else tuple(year)
    parsed = parse_period(text) if isinstance(text, str) else None
    if parsed is None:
        shown_year = years[-1] if years else example_year
        raise PeriodError(M.PERIOD_MALFORMED.format(
            period=text, exempel=f"{shown_year if shown_year is not None else 2025}-03"))
    if years is not None and parsed[0] not in years:
        if len(years) == 1:
            raise PeriodError(M.PERIOD_OUTSIDE.format(period=period_str(*parsed), ar=years[0],
                                                      period_ar=parsed[0]))
        raise PeriodError(M.PERIOD_OUTSIDE_YEARS.format(
            period=period_str(*parsed), ar=M.and_list(years), period_ar=parsed[0]))
    return period_str(*parsed)
