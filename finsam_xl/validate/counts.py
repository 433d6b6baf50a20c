"""The rules on a file's counts: each is a whole number >= 0, not all are empty, the
outcomes add up to ended, ended is at most start + new, survey positives are at most the
answers (errors), and the month's volume is not above the year's budget (a warning).

Documented decisions where the spec leaves room:
- Counts: an empty cell is 0. A count is valid when it is an int >= 0, a float with no
  fraction (Excel stores every number as a float), or text holding only digits, optionally
  grouped in threes by a space, no-break space or narrow no-break space ("1 200"), with
  surrounding whitespace (" 12 "). A date or a number shown as a date or time is
  `count-date`, a boolean `count-boolean`, an error value `count-error`, a formula without
  a cached value `formula-without-value`; anything else ("12,5", "12.0" as text, "ca 10",
  "-3", 12.5) is `not-whole-number` (`count_problem`).
- Exceeds volume (warning `exceeds-volume`): the month's volume contribution (fx_antal, or
  new women + new men for flow insatser) is larger than the insats's annual budgeted volume.
- A rule on sums is skipped when one of its cells is not a count (that cell's finding says
  what to fix first).
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from .. import contract
from .. import findings as F
from .. import messages as M
from ..model import CellError, Finding, Insats, Submission, UncachedFormula
from .cells import at, cell_text, cells_text, span

_WHOLE_RE = re.compile(r"^(?:\d+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+)$")
_STRIP = " \t\r\n\u00a0\u202f\u2007"


def parse_count(raw) -> tuple[bool, int | None]:
    """(ok, value) of a count cell as read: (True, None) for empty, (True, n) for a whole
    number >= 0, (False, None) otherwise. See the module docstring for the rules."""
    if raw is None:
        return True, None
    if isinstance(raw, bool):
        return False, None
    if isinstance(raw, int):
        return (True, raw) if raw >= 0 else (False, None)
    if isinstance(raw, float):
        if math.isfinite(raw) and raw >= 0 and raw.is_integer():
            return True, int(raw)
        return False, None
    if isinstance(raw, str):
        text = raw.strip(_STRIP)
        if text == "":
            return True, None
        if _WHOLE_RE.match(text):
            return True, int(re.sub(r"\D", "", text))
        return False, None
    return False, None


def count_problem(raw) -> str | None:
    """None when a count cell as read (a raw value type of model.py) is empty or a whole
    number >= 0; else what it holds instead: 'date', 'time', 'boolean', 'error', 'formula'
    or 'text' (text, or a number, that is not a whole number >= 0)."""
    ok, _n = parse_count(raw)
    if ok:
        return None
    if isinstance(raw, bool):
        return "boolean"
    if isinstance(raw, (datetime, date)):
        return "date"
    if isinstance(raw, timedelta):
        return "time"
    if isinstance(raw, CellError):
        return "error"
    if isinstance(raw, UncachedFormula):
        return "formula"
    return "text"


# Per kind of a count cell that is not a count: the finding's code and message.
_COUNT_PROBLEM = {
    "date": (F.COUNT_DATE, M.VAL_COUNT_DATE),
    "time": (F.COUNT_DATE, M.VAL_COUNT_TIME),
    "boolean": (F.COUNT_BOOLEAN, M.VAL_COUNT_BOOLEAN),
    "error": (F.COUNT_ERROR, M.VAL_COUNT_ERROR),
    "formula": (F.FORMULA_WITHOUT_VALUE, M.VAL_FORMULA_WITHOUT_VALUE),
    "text": (F.NOT_WHOLE_NUMBER, M.VAL_NOT_WHOLE),
}


def read_counts(sub: Submission, counts) -> tuple[list[Finding], set[str], dict[str, int]]:
    """The count cells `counts` of `sub`: the findings on those that are not counts, their
    names, and the whole numbers read (empty cells left out)."""
    out: list[Finding] = []
    bad: set[str] = set()
    values: dict[str, int] = {}
    for name in counts:
        if name not in sub.raw:
            continue
        raw = sub.raw[name]
        problem = count_problem(raw)
        if problem is not None:
            bad.add(name)
            code, message = _COUNT_PROBLEM[problem]
            out.append(at(code, sub, name, template=message, value=raw,
                          expected=M.VAL_EXP_WHOLE))
            continue
        n = parse_count(raw)[1]
        if n is not None:
            values[name] = n
    return out, bad, values


def all_empty(sub: Submission, counts, bad: set[str], values: dict[str, int]) -> list[Finding]:
    """`all-empty`: the form's count cells are there, every one is a count, and all are
    empty."""
    present = [n for n in counts if n in sub.raw]
    if not present or bad or values:
        return []
    return [F.finding(F.ALL_EMPTY, sub.relpath, cell=cells_text(sub, present[:1]), value="",
                      expected=M.VAL_EXP_ALL_EMPTY, celler=span(sub, present))]


def outcomes_sum(sub: Submission, values: dict[str, int], bad: set[str], kon: str
                 ) -> list[Finding]:
    """`outcomes-mismatch`: the outcomes of gender `kon` do not add up to its ended."""
    avsl = contract.avslutade(kon)
    utfall = [contract.utfall_name(k, kon) for k in contract.KATEGORIER]
    if bad.intersection([avsl, *utfall]):
        return []
    summa, ended = sum(values.get(u, 0) for u in utfall), values.get(avsl, 0)
    if summa == ended:
        return []
    advice = M.VAL_OUTCOMES_TOO_MANY if summa > ended else M.VAL_OUTCOMES_TOO_FEW
    return [at(F.OUTCOMES_MISMATCH, sub, avsl, template=advice, value=ended,
               expected=M.VAL_EXP_OUTCOMES.format(summa=summa), kon=M.KON_LABEL[kon],
               celler=span(sub, utfall), summa=summa, avslutade=ended,
               diff=abs(summa - ended))]


def ended_at_most(sub: Submission, values: dict[str, int], bad: set[str], kon: str
                  ) -> list[Finding]:
    """`ended-exceeds`: more of gender `kon` ended than were enrolled at the start plus new."""
    start, nya, avsl = contract.start(kon), contract.nya(kon), contract.avslutade(kon)
    most = values.get(start, 0) + values.get(nya, 0)
    ended = values.get(avsl, 0)
    if bad.intersection([start, nya, avsl]) or ended <= most:
        return []
    return [at(F.ENDED_EXCEEDS, sub, avsl, value=ended,
               expected=M.VAL_EXP_AT_MOST.format(n=most), avslutade=ended,
               start=values.get(start, 0), nya=values.get(nya, 0), max=most,
               kon=M.KON_LABEL[kon], cell_start=cell_text(sub, start),
               cell_nya=cell_text(sub, nya))]


def survey(sub: Submission, values: dict[str, int], bad: set[str]) -> list[Finding]:
    """`survey-exceeds`: more survey answers reach the goal than there are answers."""
    svar, pos = values.get(contract.ENKAT_SVAR, 0), values.get(contract.ENKAT_POSITIVA, 0)
    if bad.intersection(contract.ENKAT) or pos <= svar:
        return []
    return [at(F.SURVEY_EXCEEDS, sub, contract.ENKAT_POSITIVA, value=pos,
               expected=M.VAL_EXP_AT_MOST.format(n=svar), positiva=pos, svar=svar,
               falt_svar=M.field_label(contract.ENKAT_SVAR),
               cell_svar=cell_text(sub, contract.ENKAT_SVAR))]


def volume_names(insats: Insats) -> tuple[str, ...]:
    """The counts that make a month's volume: new women and men, or the month's count."""
    return tuple(contract.nya(kon) for kon in contract.KON) if insats.flow else contract.ANTAL


def exceeds_volume(sub: Submission, insats: Insats, values: dict[str, int]) -> list[Finding]:
    """`exceeds-volume` (warning): the month alone is more than the year's budgeted volume."""
    names = volume_names(insats)
    month_value = sum(values.get(n, 0) for n in names)
    if insats.budgeterad_volym is None or month_value <= insats.budgeterad_volym:
        return []
    label = M.VAL_NYA_TOTAL if insats.flow else M.field_label(contract.ANTAL_NAME)
    return [at(F.EXCEEDS_VOLUME, sub, names[0], value=month_value,
               expected=M.VAL_EXP_AT_MOST.format(n=insats.budgeterad_volym),
               falt=label, celler=span(sub, names), volym=insats.budgeterad_volym,
               enhet=M.plural(M.ENHET_PLURAL[insats.enhet], insats.budgeterad_volym))]


def count_rules(sub: Submission, insats: Insats) -> tuple[list[Finding], list[Finding],
                                                         dict[str, int]]:
    """Every count rule for `insats`'s form: (errors, warnings, the counts read)."""
    counts = contract.count_names(insats)
    errors, bad, values = read_counts(sub, counts)
    errors += all_empty(sub, counts, bad, values)
    if insats.flow:
        for kon in contract.KON:
            errors += outcomes_sum(sub, values, bad, kon)
            errors += ended_at_most(sub, values, bad, kon)
    if insats.enkat:
        errors += survey(sub, values, bad)
    warnings = [] if bad else exceeds_volume(sub, insats, values)
    return errors, warnings, values
