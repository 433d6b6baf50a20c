"""Swedish personal identity numbers (personnummer and samordningsnummer) in text: the one
rule of SPEC section 5, which every output goes through (`find`, `mask`).

A submission's free-text fields, the names of its file, folders and sheets, and the plan's
own text never carry a personnummer into an output: the reader masks a submission's values
and sheet names before anything is stored (and keeps a flag so validation can warn), the
plan is masked once where it is read, and a path is masked where it is shown.

What is found (`find`): digits, not inside a longer run of digits, that read as
  - YYMMDD, a separator, NNNN (10 digits), or
  - CCYYMMDD, a separator, NNNN (12 digits, century 18, 19 or 20),
where the separator is nothing or up to three of: a hyphen or any other dash (en dash,
minus sign, fullwidth hyphen …), a plus sign, white space of any kind (a space, a no-break
space, a line break …), a comma or a full stop (811218,9876 typed into a cell is stored as
a decimal number); and MMDD is a date: month 01-12 and a day that exists in that month (in
the given century; for the 10-digit form in some century, so 000229 is found: 2000 was a
leap year), or that day + 60 (a samordningsnummer).
The check digit is not looked at: a mistyped personnummer is still personal data. Digits
are any Unicode decimal digits (ASCII, fullwidth, Arabic-Indic …), and invisible characters
between them (zero-width space, soft hyphen, word joiner, direction marks) are ignored, so
that no number hides behind them.

What is not found: fewer digits (an 8-digit count, a date such as 20250315 without four
more digits), a date whose parts are separated (2025-03-15 1234), a month or day that does
not exist (991399-1234), a run of 11 or of 13 and more digits (a phone or account number),
and century 21 and later. A false positive costs a masked number in an output, a miss puts
personal data in the board's workbook; so the rule errs on the side of masking: a Swedish
mobile number written without separators (0701234567, read as 07-01-23) is masked too.

Masking (`mask`) replaces each match with `contract.PNR_MASK` ("ÅÅMMDD-XXXX"): the same
fixed text for every form, so nothing of the number (not even its century or its shape)
survives. Standard library only.
"""

from __future__ import annotations

import calendar
import re

from . import contract

# Between the date and the last four digits: dashes (Unicode's dash punctuation and the minus
# signs), plus signs, any white space (\s), a comma or a full stop; at most three of them.
_SEP = ("[\\s\\-\u2010-\u2015\u2212\u2e3a\u2e3b\u2e40\u301c\u30a0\ufe58\ufe63\uff0d"
        "+\u207a\u208a\ufb29\ufe62\uff0b,.\uff0c\uff0e]{0,3}")
# The first digit of a run (a digit not preceded by one), then 7 more digits (with century)
# or 5, the separator and four digits that end the run. The pattern starts with a character
# set, which the regular-expression engine searches for at C speed (one that starts with a
# look-behind is tried at every position: ten times slower on long texts).
_PNR_RE = re.compile(rf"\d(?<!\d\d)(?:\d{{7}}|\d{{5}}){_SEP}\d{{4}}(?!\d)")
# Characters that show as nothing: removed before the digits are read (`find`).
_INVISIBLE_RE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
                           "\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]")
_CENTURIES = ("18", "19", "20")


def _date_ok(years: tuple[int, ...], month: int, day: int) -> bool:
    if not 1 <= month <= 12:
        return False
    if day > 60:  # samordningsnummer: the day of birth + 60
        day -= 60
    if day < 1:
        return False
    return any(day <= calendar.monthrange(y, month)[1] for y in years)


def _valid(matched: str) -> bool:
    """The matched digits (10 or 12, with the separator) form a date as the rule says."""
    digits = "".join(str(int(ch)) for ch in matched if ch.isdecimal())
    if len(digits) == 12:
        if digits[:2] not in _CENTURIES:
            return False
        years: tuple[int, ...] = (int(digits[:4]),)
        digits = digits[2:]
    else:
        years = (1900 + int(digits[:2]), 2000 + int(digits[:2]))
    return _date_ok(years, int(digits[2:4]), int(digits[4:6]))


def find(text: str) -> list[tuple[int, int]]:
    """(start, end) spans in `text` of every personnummer or samordningsnummer."""
    if not isinstance(text, str) or not text:
        return []
    if _INVISIBLE_RE.search(text) is None:  # the usual case: two scans at C speed
        if _PNR_RE.search(text) is None:
            return []
        return [m.span() for m in _PNR_RE.finditer(text) if _valid(m.group())]
    # Read the text without its invisible characters; map the spans back onto `text`.
    index = [i for i, ch in enumerate(text) if _INVISIBLE_RE.match(ch) is None]
    seen = "".join(text[i] for i in index)
    return [(index[m.start()], index[m.end() - 1] + 1) for m in _PNR_RE.finditer(seen)
            if _valid(m.group())]


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
