"""Validation rules (SPEC section 5): per file (`validate_submission`) and across files
(`validate_batch`).

Per-file errors reject a file; warnings accept it. Every finding carries a stable code, the
Swedish field label, the cell ('Rapport!C12', from `Submission.cells`), the value found, what
was expected, and one Swedish sentence that names the file, the field and the cell.

Documented decisions where the spec leaves room:
- Counts: an empty cell is 0. A count is valid when it is an int >= 0, a float with no
  fraction (Excel stores every number as a float), or text holding only digits, optionally
  grouped in threes by a space, no-break space or narrow no-break space ("1 200"), with
  surrounding whitespace (" 12 "). A date or a number shown as a date or time is
  `count-date`, a boolean `count-boolean`, an error value `count-error`, a formula without
  a cached value `formula-without-value`; anything else ("12,5", "12.0" as text, "ca 10",
  "-3", 12.5) is `not-whole-number` (`count_problem`).
- Duplicates: accepted submissions are grouped by (insats, period). Byte-identical copies
  (same sha256) are merged first: the copy whose path sorts last stands for them, the other
  copies get `superseded_by` but no finding. Among the remaining files, the one with the
  newest dcterms:modified wins (a file without a modified time counts as the oldest); equal
  modified times are broken by the path within the inbox, the last in sort order wins.
- Outlier (warning `outlier`): per insats and measure (fx_antal, or fx_nya_kvinnor and
  fx_nya_man for participant-flow insatser), a month's value v is an outlier when the insats
  has at least OUTLIER_MIN_OTHERS other used months and v > OUTLIER_FACTOR x median(others)
  and v - median(others) >= OUTLIER_MIN_DIFF. Only high values are flagged: low months
  (holidays, start-up) are normal. With 3, 3x and +10 it stays quiet on ordinary month to
  month variation and on small numbers.
- Exceeds volume (warning `exceeds-volume`, per file): the month's volume contribution
  (fx_antal, or new women + new men for flow insatser) is larger than the insats's annual
  budgeted volume.
- Late (warning `late`, per file): dcterms:modified, converted to Europe/Stockholm, falls on
  a later day than `rapportfrist_dag` of the following month (the day is clamped to the
  month's length). A file without a modified time is never late.
- Early (warning `early`, per file): dcterms:modified, in Swedish time, is before the first
  day of the month after the report's period: the report was saved before its month ended
  (or its period cell holds a later month than the one it was filled in for).
"""

from __future__ import annotations

import calendar
import math
import re
import statistics
from datetime import date, datetime, timedelta, timezone

from . import contract
from . import messages as M
from .model import (ERROR, WARNING, CellError, FileReport, Finding, Insats, Plan, Submission,
                    UncachedFormula, parse_period, period_str)

OUTLIER_MIN_OTHERS = 3
OUTLIER_FACTOR = 3
OUTLIER_MIN_DIFF = 10

_WHOLE_RE = re.compile(r"^(?:\d+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+)$")
_STRIP = " \t\r\n\u00a0\u202f\u2007"


# ----------------------------------------------------------------------------- values


_INDEX: tuple | None = None  # (plan.insatser, {id: insats}) of the plan last asked about


def find_insats(plan: Plan, insats_id: str | None) -> Insats | None:
    """`plan.insats(insats_id)` in constant time: an index of the plan's insatser by id (the
    first of an id, as plan.insats finds it), built once per plan; a run asks once per file
    and rule, and a national plan has over a thousand insatser."""
    global _INDEX
    insatser = plan.insatser
    if not isinstance(insatser, tuple):
        return plan.insats(insats_id)
    if _INDEX is None or _INDEX[0] is not insatser:
        index: dict = {}
        for ins in insatser:
            index.setdefault(ins.id, ins)
        _INDEX = (insatser, index)  # holds the tuple, so `is` cannot match another one
    try:
        return _INDEX[1].get(insats_id)
    except TypeError:  # an unhashable id matches no insats
        return None


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


def show(raw) -> str:
    """A value found, as text for a finding (any personnummer in it masked: a value found
    is copied into feedback, the workbook and the summary)."""
    from . import pnr

    return pnr.mask(_show(raw))


def _show(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return M.VAL_SANT if raw else M.VAL_FALSKT
    if isinstance(raw, float):
        return (f"{raw:g}").replace(".", ",")
    if isinstance(raw, datetime):
        return raw.strftime("%Y-%m-%d %H:%M") if (raw.hour or raw.minute) else raw.strftime(
            "%Y-%m-%d")
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, timedelta):
        minutes = round(raw.total_seconds()) // 60
        return f"{'-' if minutes < 0 else ''}{abs(minutes) // 60}:{abs(minutes) % 60:02d}"
    return str(raw)


def _cell(sub: Submission, name: str) -> str | None:
    return sub.cells.get(name)


def _cell_text(sub: Submission, name: str) -> str:
    return sub.cells.get(name) or M.VAL_CELL_UNKNOWN


def _cells_text(sub: Submission, names) -> str:
    return ", ".join(sub.cells.get(n) or M.VAL_CELL_UNKNOWN for n in names)


def _val(sub: Submission, name: str) -> int:
    return sub.values.get(name) or 0


def _finding(code: str, severity: str, sub: Submission, name: str | None, message: str,
             value=None, expected: str | None = None) -> Finding:
    return Finding(code=code, severity=severity, file=sub.relpath, message=message,
                   field=M.field_label(name) if name else None,
                   cell=_cell(sub, name) if name else None,
                   value=None if value is None else show(value), expected=expected)


# ----------------------------------------------------------------------------- time


def _stockholm():
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Stockholm")
    except Exception:  # noqa: BLE001 - no tz database: EU rule below
        return None


def _last_sunday(year: int, month: int) -> int:
    last = calendar.monthrange(year, month)[1]
    return last - (date(year, month, last).weekday() + 1) % 7


def to_stockholm(dt: datetime) -> datetime:
    """UTC (aware, or naive = UTC) -> Swedish local time (aware where a tz database exists,
    else naive local time by the EU summer-time rule)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    tz = _stockholm()
    if tz is not None:
        return dt.astimezone(tz)
    u = dt.astimezone(timezone.utc).replace(tzinfo=None)
    start = datetime(u.year, 3, _last_sunday(u.year, 3), 1)
    end = datetime(u.year, 10, _last_sunday(u.year, 10), 1)
    return u + timedelta(hours=2 if start <= u < end else 1)


def deadline(plan: Plan, period: str) -> date:
    """The last day (Swedish time) on which a report for `period` is in time."""
    year, month = parse_period(period)
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    day = min(max(plan.rapportfrist_dag, 1), calendar.monthrange(year, month)[1])
    return date(year, month, day)


def is_late(sub: Submission, plan: Plan) -> bool:
    if sub.modified is None or parse_period(sub.period or "") is None:
        return False
    return to_stockholm(sub.modified).date() > deadline(plan, sub.period)


# ----------------------------------------------------------------------------- per file


def validate_submission(sub: Submission, plan: Plan, already: list[Finding] | tuple = ()
                        ) -> list[Finding]:
    """Per-file rules over a readable submission. Returns the findings (errors first).
    `already`: the reader's findings for the file; a name the reader reported (for example
    pointing at #REF!) is not reported again as missing."""
    out: list[Finding] = []
    fil = sub.relpath
    reported_cells = {f.field for f in already}

    # --- period
    raw_period = sub.raw.get("fx_period", sub.period)
    period_ok = False
    p = sub.period.strip() if isinstance(sub.period, str) else None
    parsed = parse_period(p) if p is not None else None
    if parsed is not None:
        p = sub.period = period_str(*parsed)  # normalised: surrounding spaces dropped
    if parsed is None:
        if "fx_period" in sub.raw or sub.period is not None:
            out.append(_finding(
                "bad-period", ERROR, sub, "fx_period",
                M.VAL_BAD_PERIOD.format(fil=fil, falt=M.field_label("fx_period"),
                                        cell=_cell_text(sub, "fx_period"),
                                        varde=show(raw_period), exempel=f"{plan.ar}-03"),
                value=raw_period, expected=M.VAL_EXP_PERIOD.format(exempel=f"{plan.ar}-03")))
    elif parsed[0] != plan.ar:
        out.append(_finding(
            "period-outside-year", ERROR, sub, "fx_period",
            M.VAL_PERIOD_OUTSIDE_YEAR.format(fil=fil, falt=M.field_label("fx_period"),
                                             cell=_cell_text(sub, "fx_period"), varde=p,
                                             ar=plan.ar),
            value=p, expected=M.VAL_EXP_PERIOD_YEAR.format(ar=plan.ar)))
    else:
        period_ok = True

    # --- insats
    insats: Insats | None = None
    if sub.insats is not None or "fx_insats" in sub.raw:
        insats = find_insats(plan, sub.insats.strip()) if isinstance(sub.insats, str) else None
        if insats is not None:
            sub.insats = insats.id
        if insats is None:
            varde = sub.insats if sub.insats is not None else sub.raw.get("fx_insats")
            out.append(_finding(
                "unknown-insats", ERROR, sub, "fx_insats",
                M.VAL_UNKNOWN_INSATS.format(fil=fil, falt=M.field_label("fx_insats"),
                                            cell=_cell_text(sub, "fx_insats"),
                                            varde=show(varde), forbund=plan.namn, ar=plan.ar),
                value=varde, expected=M.VAL_EXP_INSATS.format(
                    ids=", ".join(i.id for i in plan.insatser))))
        elif period_ok and not insats.is_active(*parsed):
            months = insats.active_months(plan.ar)
            aktiv = (M.VAL_AKTIV_RANGE.format(fran=f"{plan.ar}-{months[0]:02d}",
                                              till=f"{plan.ar}-{months[-1]:02d}")
                     if months else M.VAL_AKTIV_NONE.format(ar=plan.ar))
            out.append(_finding(
                "insats-inactive", ERROR, sub, "fx_period",
                M.VAL_INSATS_INACTIVE.format(fil=fil, insats=insats.namn, period=p,
                                             aktiv=aktiv, falt=M.field_label("fx_period"),
                                             cell=_cell_text(sub, "fx_period")),
                value=p, expected=aktiv))

    # --- the file's name against its cells
    if period_ok and insats is not None:
        out.extend(_name_findings(sub, plan, p, insats))

    # --- förbund (warning)
    if isinstance(sub.forbund, str) and sub.forbund.strip() and \
            " ".join(sub.forbund.split()).casefold() != " ".join(plan.namn.split()).casefold():
        out.append(_finding(
            "forbund-mismatch", WARNING, sub, "fx_forbund",
            M.VAL_FORBUND_MISMATCH.format(fil=fil, falt=M.field_label("fx_forbund"),
                                          cell=_cell_text(sub, "fx_forbund"),
                                          varde=show(sub.forbund), forbund=plan.namn),
            value=sub.forbund, expected=plan.namn))

    if insats is None:
        if not any(f.code == "unknown-insats" for f in out) and \
                M.field_label("fx_insats") not in reported_cells:
            out.append(Finding(
                code="missing-name", severity=ERROR, file=fil,
                field=M.field_label("fx_insats"), cell=None, value=None,
                expected=M.VAL_EXP_NAME.format(namn="fx_insats"),
                message=M.VAL_MISSING_NAME.format(fil=fil, falt=M.field_label("fx_insats"),
                                                  namn="fx_insats", insats=M.VAL_THE_INSATS)))
        out.extend(_text_warnings(sub))
        return _ordered(out)

    # --- required names
    for name in contract.required_names(insats):
        if name in sub.raw or name in sub.cells or M.field_label(name) in reported_cells:
            continue
        if name in ("fx_period", "fx_insats") and any(
                f.code in ("bad-period", "unknown-insats") for f in out):
            continue
        out.append(Finding(
            code="missing-name", severity=ERROR, file=fil, field=M.field_label(name),
            cell=None, value=None, expected=M.VAL_EXP_NAME.format(namn=name),
            message=M.VAL_MISSING_NAME.format(fil=fil, falt=M.field_label(name), namn=name,
                                              insats=insats.namn)))

    # --- counts
    counts = contract.count_names(insats)
    found, bad, values = _count_findings(sub, counts)
    out.extend(found)
    sub.values = values
    present = [n for n in counts if n in sub.raw]
    if present and not bad and not values:
        out.append(Finding(
            code="all-empty", severity=ERROR, file=fil, field=None,
            cell=_cells_text(sub, present[:1]), value="", expected=M.VAL_EXP_ALL_EMPTY,
            message=M.VAL_ALL_EMPTY.format(fil=fil, celler=_span(sub, present))))

    def ok(*names) -> bool:
        return not any(n in bad for n in names)

    if insats.flow:
        for kon in contract.KON:
            start, nya, avsl = f"fx_start_{kon}", f"fx_nya_{kon}", f"fx_avslutade_{kon}"
            utfall = [contract.utfall_name(k, kon) for k in contract.KATEGORIER]
            if ok(avsl, *utfall):
                summa = sum(_val(sub, u) for u in utfall)
                if summa != _val(sub, avsl):
                    advice = (M.VAL_OUTCOMES_TOO_MANY if summa > _val(sub, avsl)
                              else M.VAL_OUTCOMES_TOO_FEW)
                    out.append(_finding(
                        "outcomes-mismatch", ERROR, sub, avsl,
                        advice.format(
                            fil=fil, kon=M.KON_LABEL[kon], celler=_span(sub, utfall),
                            summa=summa, falt=M.field_label(avsl), cell=_cell_text(sub, avsl),
                            avslutade=_val(sub, avsl), diff=abs(summa - _val(sub, avsl))),
                        value=_val(sub, avsl),
                        expected=M.VAL_EXP_OUTCOMES.format(summa=summa)))
            if ok(start, nya, avsl):
                most = _val(sub, start) + _val(sub, nya)
                if _val(sub, avsl) > most:
                    out.append(_finding(
                        "ended-exceeds", ERROR, sub, avsl,
                        M.VAL_ENDED_EXCEEDS.format(
                            fil=fil, falt=M.field_label(avsl), cell=_cell_text(sub, avsl),
                            avslutade=_val(sub, avsl), start=_val(sub, start),
                            nya=_val(sub, nya), max=most, kon=M.KON_LABEL[kon],
                            cell_start=_cell_text(sub, start), cell_nya=_cell_text(sub, nya)),
                        value=_val(sub, avsl), expected=M.VAL_EXP_AT_MOST.format(n=most)))
    if insats.enkat and ok("fx_enkat_svar", "fx_enkat_positiva"):
        svar, pos = _val(sub, "fx_enkat_svar"), _val(sub, "fx_enkat_positiva")
        if pos > svar:
            out.append(_finding(
                "survey-exceeds", ERROR, sub, "fx_enkat_positiva",
                M.VAL_SURVEY_EXCEEDS.format(
                    fil=fil, falt=M.field_label("fx_enkat_positiva"),
                    cell=_cell_text(sub, "fx_enkat_positiva"), positiva=pos, svar=svar,
                    falt_svar=M.field_label("fx_enkat_svar"),
                    cell_svar=_cell_text(sub, "fx_enkat_svar")),
                value=pos, expected=M.VAL_EXP_AT_MOST.format(n=svar)))

    # --- warnings
    out.extend(_text_warnings(sub))
    if insats.budgeterad_volym is not None and not bad:
        names = ("fx_nya_kvinnor", "fx_nya_man") if insats.flow else ("fx_antal",)
        month_value = sum(_val(sub, n) for n in names)
        if month_value > insats.budgeterad_volym:
            label = M.VAL_NYA_TOTAL if insats.flow else M.field_label("fx_antal")
            out.append(_finding(
                "exceeds-volume", WARNING, sub, names[0],
                M.VAL_EXCEEDS_VOLUME.format(fil=fil, falt=label, cell=_span(sub, names),
                                            varde=month_value, volym=insats.budgeterad_volym,
                                            enhet=insats.enhet),
                value=month_value,
                expected=M.VAL_EXP_AT_MOST.format(n=insats.budgeterad_volym)))
    if period_ok:
        out.extend(_time_findings(sub, plan, p))
    return _ordered(out)


def month_end(period: str) -> date:
    """The first day after the month `period` (Swedish time): a report saved before it was
    saved before its month ended."""
    year, month = parse_period(period)
    return date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)


def _time_findings(sub: Submission, plan: Plan, period: str) -> list[Finding]:
    """`late` (saved after the deadline) or `early` (saved before the month ended)."""
    if sub.modified is None:
        return []
    local = to_stockholm(sub.modified)
    sparad = local.strftime("%Y-%m-%d %H:%M")
    fil = sub.relpath
    if is_late(sub, plan):
        frist = deadline(plan, period)
        return [Finding(
            code="late", severity=WARNING, file=fil, field=None, cell=None, value=sparad,
            expected=M.VAL_EXP_LATE.format(frist=frist.isoformat()),
            message=M.VAL_LATE.format(fil=fil, sparad=sparad, frist=frist.isoformat(),
                                      dag=plan.rapportfrist_dag))]
    first = month_end(period)
    if local.date() < first:
        return [_finding(
            "early", WARNING, sub, "fx_period",
            M.VAL_EARLY.format(fil=fil, sparad=sparad, manad=_month_text(period),
                               falt=M.field_label("fx_period"),
                               cell=_cell_text(sub, "fx_period"), period=period),
            value=sparad, expected=M.VAL_EXP_EARLY.format(forsta=first.isoformat()))]
    return []


_NAME_RE = re.compile(r"^(\d{4}-(?:0[1-9]|1[0-2]))_(.+)$")
_ID_END_RE = re.compile(r"[^a-z0-9]|$")


def name_key(relpath: str, plan: Plan) -> tuple[str | None, str | None]:
    """(period, insats id) that a file's name `<ÅÅÅÅ-MM>_<insats-id>…` gives, each None
    where the name does not give one: the period is the name's first seven characters when
    they are a month followed by '_'; the insats is the longest id of the plan that the rest
    of the name starts with, followed by its end or by a character that cannot continue an
    id (so '2025-03_isa (2).xlsx' and '2025-03_isa-rattad.xlsx' name isa, '2025-03_isa2.xlsx'
    names no insats). Case is ignored."""
    base = re.split(r"[\\/]", relpath)[-1].lower()
    stem = base.rsplit(".", 1)[0] if "." in base else base
    m = _NAME_RE.match(stem)
    if m is None:
        return None, None
    rest = m.group(2)
    ends = sorted({e.start() for e in _ID_END_RE.finditer(rest)}, reverse=True)
    for end in ends:
        if end and find_insats(plan, rest[:end]) is not None:
            return m.group(1), rest[:end]
    return m.group(1), None


def _name_findings(sub: Submission, plan: Plan, period: str, insats: Insats) -> list[Finding]:
    """`name-period-mismatch` / `name-insats-mismatch`: the file is named for another month
    or insats than its cells give (a template re-used for another month or insats)."""
    name_period, name_insats = name_key(sub.relpath, plan)
    out = []
    if name_period is not None and name_period != period:
        namn, cell = _month_text(name_period), _month_text(period)
        out.append(_finding(
            "name-period-mismatch", ERROR, sub, "fx_period",
            M.VAL_NAME_PERIOD_MISMATCH.format(
                fil=sub.relpath, namn_period=name_period, falt=M.field_label("fx_period"),
                cell=_cell_text(sub, "fx_period"), period=period, namn_manad=namn,
                cell_manad=cell),
            value=period, expected=name_period))
    if name_insats is not None and name_insats != insats.id:
        other = find_insats(plan, name_insats)
        out.append(_finding(
            "name-insats-mismatch", ERROR, sub, "fx_insats",
            M.VAL_NAME_INSATS_MISMATCH.format(
                fil=sub.relpath, namn_insats=name_insats, falt=M.field_label("fx_insats"),
                cell=_cell_text(sub, "fx_insats"), insats=insats.id, namn_namn=other.namn,
                cell_namn=insats.namn),
            value=insats.id, expected=name_insats))
    return out


def _month_text(period: str) -> str:
    year, month = parse_period(period)
    return f"{M.MANADER[month - 1]} {year}"


# Per kind of a count cell that is not a count: the finding's code and message.
_COUNT_PROBLEM = {
    "date": ("count-date", "VAL_COUNT_DATE"),
    "time": ("count-date", "VAL_COUNT_TIME"),
    "boolean": ("count-boolean", "VAL_COUNT_BOOLEAN"),
    "error": ("count-error", "VAL_COUNT_ERROR"),
    "formula": ("formula-without-value", "VAL_FORMULA_WITHOUT_VALUE"),
    "text": ("not-whole-number", "VAL_NOT_WHOLE"),
}


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


def _count_findings(sub: Submission, counts) -> tuple[list[Finding], set[str], dict]:
    """The findings on the count cells `counts` of `sub`, the names that are not counts,
    and the whole numbers read (empty cells left out)."""
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
            out.append(_finding(
                code, ERROR, sub, name,
                getattr(M, message).format(fil=sub.relpath, falt=M.field_label(name),
                                           cell=_cell_text(sub, name), varde=show(raw)),
                value=raw, expected=M.VAL_EXP_WHOLE))
            continue
        n = parse_count(raw)[1]
        if n is not None:
            values[name] = n
    return out, bad, values


def _span(sub: Submission, names) -> str:
    """'Rapport!B20–B25' for cells in one column, else the cells listed."""
    cells = [sub.cells.get(n) for n in names]
    if cells and all(cells):
        parsed = [re.match(r"^(.*)!\$?([A-Z]+)\$?(\d+)$", c) for c in cells]
        if all(parsed) and len({(m.group(1), m.group(2)) for m in parsed}) == 1 and len(cells) > 2:
            rows = [int(m.group(3)) for m in parsed]
            if rows == list(range(rows[0], rows[0] + len(rows))):
                m = parsed[0]
                return f"{m.group(1)}!{m.group(2)}{rows[0]}–{m.group(2)}{rows[-1]}"
    return _cells_text(sub, names)


def _text_warnings(sub: Submission) -> list[Finding]:
    """`personnummer`: the reader masks personnummer in the free-text fields and records
    which fields held one; the finding never contains the number (only the masked text)."""
    out = []
    for name in pnr_fields(sub):
        out.append(_finding(
            "personnummer", WARNING, sub, name,
            M.VAL_PERSONNUMMER.format(fil=sub.relpath, falt=M.field_label(name),
                                      cell=_cell_text(sub, name)),
            value=None, expected=M.VAL_EXP_NO_PNR))
    return out


_TEXT_ATTR = {"fx_kommentar": "kommentar", "fx_rapporterad_av": "rapporterad_av"}


def pnr_fields(sub: Submission) -> list[str]:
    """Free-text names that held a personnummer. The reader masks them (the mask text
    messages.READ_PNR_MASK is then in the field); as a second line of defence any number the
    reader left is masked here, in the submission's text and raw values, before anything is
    written."""
    from . import pnr

    mask_text = getattr(M, "READ_PNR_MASK", None)
    flagged = set(getattr(sub, "pnr_fields", None) or ())
    for name, attr in _TEXT_ATTR.items():
        for kind in ("attr", "raw"):
            text = getattr(sub, attr) if kind == "attr" else sub.raw.get(name)
            if not isinstance(text, str) or not text:
                continue
            if mask_text and mask_text in text:
                flagged.add(name)
            if pnr.contains(text):
                flagged.add(name)
                if kind == "attr":
                    setattr(sub, attr, pnr.mask(text))
                else:
                    sub.raw[name] = pnr.mask(text)
    return [n for n in contract.TEXT if n in flagged]


def _ordered(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR] + \
        [f for f in findings if f.severity != ERROR]


# ----------------------------------------------------------------------------- batch


def _key_ok(r: FileReport, plan: Plan) -> bool:
    s = r.submission
    return (r.valid and s is not None and find_insats(plan, s.insats or "") is not None
            and parse_period(s.period or "") is not None)


_OLDEST = datetime.min.replace(tzinfo=timezone.utc)


def _order(r: FileReport):
    s = r.submission
    m = s.modified if s is not None else None
    if m is not None and m.tzinfo is None:
        m = m.replace(tzinfo=timezone.utc)
    return (m or _OLDEST, r.file)


def validate_batch(reports: list[FileReport], plan: Plan) -> dict[tuple[str, str], FileReport]:
    """Cross-file rules over `reports` (modified in place: findings appended, superseded_by
    set). Returns the report used per (insats id, period) among accepted files."""
    groups: dict[tuple[str, str], list[FileReport]] = {}
    for r in reports:
        if _key_ok(r, plan):
            groups.setdefault((r.submission.insats, r.submission.period), []).append(r)

    used: dict[tuple[str, str], FileReport] = {}
    for key, group in groups.items():
        by_hash: dict[str, list[FileReport]] = {}
        for r in group:
            by_hash.setdefault(r.submission.sha256, []).append(r)
        reps = []
        for copies in by_hash.values():
            copies.sort(key=lambda r: r.file)
            rep = copies[-1]
            for c in copies[:-1]:
                c.superseded_by = rep.file
            reps.append(rep)
        reps.sort(key=_order)
        winner = reps[-1]
        used[key] = winner
        for c in by_hash[winner.submission.sha256][:-1]:
            c.superseded_by = winner.file  # identical copies of the winner: merged silently
        others = reps[:-1]
        insats = find_insats(plan, key[0])
        for o in others:
            for c in by_hash[o.submission.sha256]:
                c.superseded_by = winner.file
                c.findings.append(Finding(
                    code="superseded", severity=WARNING, file=c.file, field=None, cell=None,
                    value=_mod_text(c), expected=winner.file,
                    message=M.VAL_SUPERSEDED.format(fil=c.file, insats=insats.namn,
                                                    period=key[1], anvand=winner.file,
                                                    sparad=_mod_text(c),
                                                    sparad_anvand=_mod_text(winner))))
        if others:
            names = [c.file for o in others for c in by_hash[o.submission.sha256]]
            winner.findings.append(Finding(
                code="duplicate", severity=WARNING, file=winner.file, field=None, cell=None,
                value=", ".join(names), expected=winner.file,
                message=(M.VAL_DUPLICATE_ONE if len(names) == 1 else M.VAL_DUPLICATE).format(
                    fil=winner.file, insats=insats.namn, period=key[1], n=len(names),
                    andra=", ".join(names))))

    _corrected(reports, used, plan)
    _stock_flow(used, plan)
    _outliers(used, plan)
    return used


def _corrected(reports: list[FileReport], used: dict[tuple[str, str], FileReport],
               plan: Plan) -> None:
    """A rejected file that a newer accepted file for the same insats and month replaces
    (newer as for duplicates: modified time, then path; a file without a modified time is
    the oldest) gets `superseded_by`: it needs no fix any more. The insats and month are
    those of its name (`name_key`), else of its cells."""
    for r in reports:
        if r.ignored_reason is not None or not r.errors:
            continue
        for key in _keys_of(r, plan):
            winner = used.get(key)
            if winner is not None and _order(winner) > _order(r):
                r.superseded_by = winner.file
                break


def _keys_of(r: FileReport, plan: Plan) -> list[tuple[str, str]]:
    """The (insats id, period) a rejected file was meant for: its name's, then its cells'."""
    keys = []
    name_period, name_insats = name_key(r.file, plan)
    if name_period is not None and name_insats is not None:
        keys.append((name_insats, name_period))
    s = r.submission
    if s is not None and isinstance(s.insats, str) and isinstance(s.period, str):
        insats, parsed = find_insats(plan, s.insats.strip()), parse_period(s.period)
        if insats is not None and parsed is not None:
            keys.append((insats.id, period_str(*parsed)))
    return keys


def _mod_text(r: FileReport) -> str:
    m = r.submission.modified if r.submission else None
    return to_stockholm(m).strftime("%Y-%m-%d %H:%M") if m else M.VAL_NO_MODIFIED


def _stock_flow(used: dict[tuple[str, str], FileReport], plan: Plan) -> None:
    for (insats_id, period), r in sorted(used.items()):
        insats = find_insats(plan, insats_id)
        if not insats.flow:
            continue
        year, month = parse_period(period)
        if month == 1:
            continue
        prev = used.get((insats_id, f"{year:04d}-{month - 1:02d}"))
        if prev is None:
            continue
        s, ps = r.submission, prev.submission
        for kon in contract.KON:
            name = f"fx_start_{kon}"
            ps_start = _val(ps, f"fx_start_{kon}")
            ps_nya = _val(ps, f"fx_nya_{kon}")
            ps_avsl = _val(ps, f"fx_avslutade_{kon}")
            expected = ps_start + ps_nya - ps_avsl
            found = _val(s, name)
            if found != expected:
                r.findings.append(_finding(
                    "stock-flow-break", WARNING, s, name,
                    M.VAL_STOCK_FLOW.format(
                        fil=r.file, falt=M.field_label(name), cell=_cell_text(s, name),
                        varde=found, fg_period=ps.period, fg_fil=prev.file, vantat=expected,
                        start=ps_start, nya=ps_nya, avslutade=ps_avsl),
                    value=found, expected=str(expected)))


def _outliers(used: dict[tuple[str, str], FileReport], plan: Plan) -> None:
    by_insats: dict[str, list[FileReport]] = {}
    for (insats_id, _), r in sorted(used.items()):
        by_insats.setdefault(insats_id, []).append(r)
    for insats_id, rs in by_insats.items():
        insats = find_insats(plan, insats_id)
        if len(rs) < OUTLIER_MIN_OTHERS + 1:
            continue
        names = ("fx_nya_kvinnor", "fx_nya_man") if insats.flow else ("fx_antal",)
        for name in names:
            for r in rs:
                v = _val(r.submission, name)
                others = [_val(o.submission, name) for o in rs if o is not r]
                med = statistics.median(others)
                if v > OUTLIER_FACTOR * med and v - med >= OUTLIER_MIN_DIFF:
                    med_text = show(float(med)) if med != int(med) else str(int(med))
                    r.findings.append(_finding(
                        "outlier", WARNING, r.submission, name,
                        M.VAL_OUTLIER.format(fil=r.file, falt=M.field_label(name),
                                             cell=_cell_text(r.submission, name), varde=v,
                                             median=med_text, n=len(others)),
                        value=v, expected=M.VAL_EXP_OUTLIER.format(
                            max=_fmt_max(med))))


def _fmt_max(med: float) -> str:
    limit = max(OUTLIER_FACTOR * med, med + OUTLIER_MIN_DIFF)
    return str(int(limit)) if limit == int(limit) else show(float(limit))
