"""Swedish personal identity numbers (personnummer and samordningsnummer) in free text.

A submission's free-text fields must never carry a personnummer into any output. The reader
masks them before anything is stored (`mask`), and keeps a flag so validation can warn.

What is detected (`find`):
  - 10 digits: YYMMDD-NNNN, YYMMDD+NNNN (the '+' form is used from the year a person turns
    100), YYMMDDNNNN, and YYMMDD NNNN (one space as separator: a typed number is more
    often split by a space than not, and masking one false positive costs nothing);
  - 12 digits: YYYYMMDD-NNNN, YYYYMMDDNNNN, YYYYMMDD NNNN, with century 18, 19 or 20;
  - a valid date: month 01-12 and a day that exists in that month, or that day + 60
    (samordningsnummer). For the 10-digit form the date must exist in some century (so
    000229 is accepted: 2000 was a leap year);
  - a valid Luhn check digit over the 10-digit form YYMMDDNNNN.
Never inside a longer run of digits (a phone number or an account number that happens to
contain ten valid digits is not matched), ASCII digits only.

Masking (`mask`) replaces each match with `contract.PNR_MASK` ("ÅÅMMDD-XXXX"): the same
fixed text for every form, so nothing of the number (not even its century or its shape)
survives. Standard library only.
"""

from __future__ import annotations

import calendar
import re

from . import contract

# Digits not preceded or followed by another digit. Groups: century, yy, mm, dd, sep, nnnn.
_PNR_RE = re.compile(
    r"(?<![0-9])(?:(18|19|20)?([0-9]{2})([0-9]{2})([0-9]{2})([-+ ]?)([0-9]{4}))(?![0-9])")


def luhn_ok(ten: str) -> bool:
    """True when the last of the ten digits is the Luhn check digit of the first nine."""
    total = 0
    for i, ch in enumerate(ten[:9]):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10 == int(ten[9])


def _date_ok(years: tuple[int, ...], month: int, day: int) -> bool:
    if not 1 <= month <= 12:
        return False
    if day > 60:  # samordningsnummer: the day of birth + 60
        day -= 60
    if day < 1:
        return False
    return any(day <= calendar.monthrange(y, month)[1] for y in years)


def _valid(m: re.Match) -> bool:
    century, yy, mm, dd, sep, nnnn = m.groups()
    if century is not None and sep == "+":
        return False  # '+' belongs to the 10-digit form only
    years: tuple[int, ...]
    if century is not None:
        years = (int(century + yy),)
    else:
        years = (1900 + int(yy), 2000 + int(yy))
    if not _date_ok(years, int(mm), int(dd)):
        return False
    return luhn_ok(yy + mm + dd + nnnn)


def find(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of every personnummer or samordningsnummer in `text`."""
    if not isinstance(text, str) or not text:
        return []
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = _PNR_RE.search(text, pos)
        if m is None:
            return spans
        if _valid(m):
            spans.append(m.span())
            pos = m.end()
            continue
        pos = m.start() + 1  # the lookbehind keeps the next try out of this digit run


def contains(text: str) -> bool:
    return bool(find(text))


def mask(text: str) -> str:
    """`text` with every personnummer replaced by the fixed mask 'ÅÅMMDD-XXXX'."""
    spans = find(text)
    if not spans:
        return text
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(contract.PNR_MASK)
        last = end
    out.append(text[last:])
    return "".join(out)
