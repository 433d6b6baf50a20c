"""What the copy for publishing may show of a number (`collect --publicera`): a count of 1–4
is written as "1–4", and a share whose denominator is under 5, or whose numerator or rest is
1–4 (from which the masked count could be worked back), is left out."""

from __future__ import annotations

from .. import messages as M

SMALL = M.WB_PUB_SMALL  # what a count of 1-4 is written as


def count(value):
    """A count as published: None stays None, 1-4 becomes "1–4"."""
    if value is None or value == "":
        return None
    value = int(value)
    return SMALL if 1 <= value <= 4 else value


def share(num, den, rest: bool = True) -> float | None:
    """num / den as published, or None when it is left out: a denominator under 5, a
    numerator of 1-4, or (`rest`) a rest den - num of 1-4."""
    if num is None or den is None:
        return None
    num, den = int(num), int(den)
    if den < 5 or 1 <= num <= 4 or (rest and 1 <= den - num <= 4):
        return None
    return num / den
