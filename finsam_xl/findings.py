"""The registry of finding codes: every code that `check`, `collect` and `plan check` report,
in one place.

For each code: its severity, the stage that reports it, the Swedish sentence(s) of its message,
its short reason for the one line per file and its short description on the workbook's
Avvikelser sheet (all in messages.py, like all user text), and one line of English for the
docs. docs/validation.md's and docs/plan.md's tables of codes are
generated from here (`render_docs`; tests/test_findings.py keeps them equal, and
`python -m finsam_xl.docs --write` rewrites them). A finding is made with `finding`,
which takes its code and severity from the entry, so neither can be written twice.

Standard library only (imported on the CLI's start-up path).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import messages as M
from .model import ERROR, WARNING, Finding

# Stages: where a code is reported.
CHECK = "check"  # collect.check_files: a path given to `check`
READ = "read"  # reader.py (and ods.py): can the file be read as a template at all
FILE = "file"  # validate: the rules on one file's values
BATCH = "batch"  # validate: the rules across the files of a run
PLAN = "plan"  # plan.py: `plan check` and reading the plan


@dataclass(frozen=True)
class Code:
    """One finding code. `messages`: the Swedish sentences a finding with the code says (one
    of them, when the advice depends on the case); `short`: the short reason on the one line
    per file (placeholders falt, cell, varde, vantat: the finding's field, cell, value and
    expected), None where the line shows the sentence; `label`: a few Swedish words naming
    the problem (the Avvikelser sheet's description); `doc`: when the code is reported, in
    English markdown (one table cell)."""

    code: str
    severity: str  # ERROR | WARNING
    stage: str
    messages: tuple[str, ...]
    doc: str
    short: str | None = None
    label: str | None = None


CODES: dict[str, Code] = {}  # code -> entry, in the order of the docs


def _code(code: str, severity: str, stage: str, *, messages: tuple[str, ...], doc: str,
          short: str | None = None, label: str | None = None) -> Code:
    if code in CODES:
        raise ValueError(f"finding code {code!r} registered twice")
    entry = Code(code, severity, stage, messages, doc, short, label)
    CODES[code] = entry
    return entry


def label(code: str) -> str:
    """The Swedish description of a finding code (the code itself when it has none)."""
    entry = CODES.get(code)
    return entry.label if entry is not None and entry.label else code


def render(code: Code, template: str | None = None, **fields: object) -> str:
    """One of `code`'s messages (`template`; default its only one) with `fields` filled in.
    A template that is not one of the code's messages is a bug (ValueError): a call site
    never composes a sentence of its own."""
    if template is None:
        if len(code.messages) != 1:
            raise ValueError(f"{code.code} has {len(code.messages)} messages: name one")
        template = code.messages[0]
    elif not any(template is m for m in code.messages):
        raise ValueError(f"not a message of {code.code}: {template!r}")
    return template.format(**fields)


def finding(code: Code, file: str, *, template: str | None = None, field: str | None = None,
            cell: str | None = None, value: str | None = None, expected: str | None = None,
            **params: object) -> Finding:
    """A finding with `code`'s code and severity, and its sentence rendered from one of the
    code's messages (`render`), as pydantic-core renders an error from its type: the
    finding's own fields are filled in once, here, as the placeholders `fil` (the file),
    `falt` (the field's label), `cell` (or "okänd cell"), `varde` (the value found) and
    `vantat` (what was expected); `params` are the message's others (and may name another
    field or cell than the finding's own where the sentence speaks of several)."""
    fields: dict[str, object] = {"fil": file, "falt": field or "",
                                 "cell": cell or M.VAL_CELL_UNKNOWN,
                                 "varde": value if value is not None else "",
                                 "vantat": expected or ""}
    message = render(code, template, **{**fields, **params})
    return Finding(code=code.code, severity=code.severity, file=file, message=message,
                   field=field, cell=cell, value=value, expected=expected)


def plan_finding(code: Code, file: str, message: str, *, field: str | None = None,
                 cell: str | None = None, value: str | None = None,
                 expected: str | None = None) -> Finding:
    """A finding of the plan (`plan/findings.Findings`): its `message` is the code's
    rendered text after its place in the workbook (M.PLAN_FINDING), composed there."""
    if code.stage != PLAN:
        raise ValueError(f"{code.code} is not a plan code")
    return Finding(code=code.code, severity=code.severity, file=file, message=message,
                   field=field, cell=cell, value=value, expected=expected)


def short_text(f: Finding) -> str:
    """A short reason for the one line per file (the code's, findings.py); the full sentence
    when the code has none, or when it would name a field or a value the finding lacks."""
    code = CODES.get(f.code)
    template = code.short if code is not None else None
    if template is None or ("{falt}" in template and not f.field) or \
            ("{varde}" in template and not f.value):
        return f.message
    return template.format(falt=f.field or "", cell=f.cell or M.VAL_CELL_UNKNOWN,
                           varde=f.value or "", vantat=f.expected or "")


def _table(codes: list[Code], severity_column: bool = False) -> str:
    """The docs' table of `codes`: code and when (and severity)."""
    head = ["code", "severity", "when"] if severity_column else ["code", "when"]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
    for c in codes:
        cells = [f"`{c.code}`", c.severity, c.doc] if severity_column else [f"`{c.code}`", c.doc]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _tables() -> dict[str, str]:
    """The generated tables of the docs, by block name."""
    submission = [c for c in CODES.values() if c.stage != PLAN]
    return {
        "errors": _table([c for c in submission if c.severity == ERROR]),
        "warnings": _table([c for c in submission if c.severity == WARNING]),
        "plan": _table([c for c in CODES.values() if c.stage == PLAN], severity_column=True),
    }


_BLOCK_RE = re.compile(r"(<!-- codes: (\w+) [^>]*-->\n)(.*?)(<!-- /codes -->)", re.S)


def render_docs(text: str) -> str:
    """`text` (a docs page) with every block between `<!-- codes: NAME ... -->` and
    `<!-- /codes -->` replaced by the registry's table NAME (errors, warnings, plan)."""
    tables = _tables()
    return _BLOCK_RE.sub(lambda m: m.group(1) + tables[m.group(2)] + m.group(4), text)


# ----------------------------------------------------------------------------- errors
# In the order of docs/validation.md: a path, the file, the template, then the values.

FILE_NOT_FOUND = _code(
    "file-not-found", ERROR, CHECK, short=M.SHORT_FILE_NOT_FOUND, label=M.DESC_FILE_NOT_FOUND,
    messages=(M.COL_FILE_NOT_FOUND,),
    doc="`check` was given a path that does not exist")
EMPTY_FOLDER = _code(
    "empty-folder", ERROR, CHECK, short=M.SHORT_EMPTY_FOLDER, label=M.DESC_EMPTY_FOLDER,
    messages=(M.COL_EMPTY_FOLDER,),
    doc="`check` was given a folder that holds no file (for example a folder named `x.xlsx`)")
FILE_UNREADABLE = _code(
    "file-unreadable", ERROR, READ, short=M.SHORT_FILE_UNREADABLE, label=M.DESC_FILE_UNREADABLE,
    messages=(M.READ_UNREADABLE,),
    doc="the file cannot be opened (permissions, locked, a folder, a special file)")
INTERNAL_ERROR = _code(
    "internal-error", ERROR, READ, short=M.SHORT_INTERNAL_ERROR, label=M.DESC_INTERNAL_ERROR,
    messages=(M.READ_INTERNAL_ERROR,),
    doc=("a bug in finsam-xl while the file was read or validated: never the file's fault, so "
         "no letter is written; the run goes on, and `--debug` prints the traceback "
         "(README, *Reporting a bug*)"))
FILE_EMPTY = _code(
    "file-empty", ERROR, READ, short=M.SHORT_FILE_EMPTY, label=M.DESC_FILE_EMPTY,
    messages=(M.READ_FILE_EMPTY,),
    doc="the file is 0 bytes")
FILE_TOO_LARGE = _code(
    "file-too-large", ERROR, READ, short=M.SHORT_FILE_TOO_LARGE, label=M.DESC_FILE_TOO_LARGE,
    messages=(M.READ_FILE_TOO_LARGE, M.READ_FILE_TOO_LARGE_CELL, M.READ_FILE_TOO_LARGE_TEXT,
              M.READ_FILE_TOO_LARGE_ROWS, M.READ_FILE_TOO_LARGE_COLUMNS),
    doc=("the file is larger than 5 MB (a filled template is ~9 kB); a cell read holds more "
         "than 32 767 characters (Excel's limit); or an `.ods` whose repeat counts would make "
         "the text of the cells read longer than 50 MB or a sheet larger than 1 048 576 rows "
         "× 16 384 columns (counted before anything is expanded)"))
FILE_ENCRYPTED = _code(
    "file-encrypted", ERROR, READ, short=M.SHORT_FILE_ENCRYPTED, label=M.DESC_FILE_ENCRYPTED,
    messages=(M.READ_FILE_ENCRYPTED,),
    doc="the workbook is password-protected (an encrypted OOXML or ODS)")
FILE_FORMAT = _code(
    "file-format", ERROR, READ, short=M.SHORT_FILE_FORMAT, label=M.DESC_FILE_FORMAT,
    messages=(M.READ_FILE_FORMAT,),
    doc=("`.xls`, `.xlsm`, `.xlsb`, `.csv`, a flat `.fods`, `.xls` bytes under another name, "
         "or an OpenDocument file that is no spreadsheet (an `.odt`): fill in the template and "
         "save it as `.xlsx` (an `.ods` spreadsheet is read like the `.xlsx`)"))
FILE_CORRUPT = _code(
    "file-corrupt", ERROR, READ, short=M.SHORT_FILE_CORRUPT, label=M.DESC_FILE_CORRUPT,
    messages=(M.READ_FILE_CORRUPT,),
    doc=("not a zip, truncated, a CRC error, a missing part, broken XML, or any DTD/entity "
         "declaration (no entity is ever expanded)"))
FILE_ZIP_BOMB = _code(
    "file-zip-bomb", ERROR, READ, short=M.SHORT_FILE_ZIP_BOMB, label=M.DESC_FILE_ZIP_BOMB,
    messages=(M.READ_FILE_ZIP_BOMB,),
    doc=("more than 200 zip entries, more than 50 MB uncompressed, or a part over 1 MB "
         "compressed more than 100:1"))
NOT_TEMPLATE = _code(
    "not-template", ERROR, READ, short=M.SHORT_NOT_TEMPLATE, label=M.DESC_NOT_TEMPLATE,
    messages=(M.READ_NOT_TEMPLATE,),
    doc="the workbook has no workbook-scoped `fx_version` name: not a finsam-xl template")
UNKNOWN_VERSION = _code(
    "unknown-version", ERROR, READ, short=M.SHORT_UNKNOWN_VERSION, label=M.DESC_UNKNOWN_VERSION,
    messages=(M.READ_UNKNOWN_VERSION,),
    doc="`fx_version` is not `finsam-xl/1`")
MISSING_NAME = _code(
    "missing-name", ERROR, FILE, short=M.SHORT_MISSING_NAME, label=M.DESC_MISSING_NAME,
    messages=(M.VAL_MISSING_NAME,),
    doc="a name the contract requires for this insats is missing")
NAME_REF_ERROR = _code(
    "name-ref-error", ERROR, READ, short=M.SHORT_NAME_REF_ERROR, label=M.DESC_NAME_REF_ERROR,
    messages=(M.READ_NAME_REF_ERROR,),
    doc="a contract name points nowhere (`#REF!`, a deleted sheet, another workbook, a range)")
BAD_PERIOD = _code(
    "bad-period", ERROR, FILE, short=M.SHORT_BAD_PERIOD, label=M.DESC_BAD_PERIOD,
    messages=(M.VAL_BAD_PERIOD,),
    doc="`fx_period` is not a month `ÅÅÅÅ-MM`")
PERIOD_OUTSIDE_YEAR = _code(
    "period-outside-year", ERROR, FILE, short=M.SHORT_PERIOD_OUTSIDE_YEAR,
    label=M.DESC_PERIOD_OUTSIDE_YEAR,
    messages=(M.VAL_PERIOD_OUTSIDE_YEAR,),
    doc=("the period is outside the plan's year (a file validated against one plan by the "
         "library; `check` and `collect` judge a file by its own year's plan, and ignore it "
         "when no plan of its year is given)"))
UNKNOWN_INSATS = _code(
    "unknown-insats", ERROR, FILE, short=M.SHORT_UNKNOWN_INSATS, label=M.DESC_UNKNOWN_INSATS,
    messages=(M.VAL_UNKNOWN_INSATS,),
    doc="`fx_insats` is not an insats of the plan")
INSATS_INACTIVE = _code(
    "insats-inactive", ERROR, FILE, short=M.SHORT_INSATS_INACTIVE, label=M.DESC_INSATS_INACTIVE,
    messages=(M.VAL_INSATS_INACTIVE,),
    doc="the insats is not active in that month (its `aktiv_fran`/`aktiv_till`)")
NAME_PERIOD_MISMATCH = _code(
    "name-period-mismatch", ERROR, FILE, short=M.SHORT_NAME_PERIOD_MISMATCH,
    label=M.DESC_NAME_PERIOD_MISMATCH,
    messages=(M.VAL_NAME_PERIOD_MISMATCH,),
    doc=("the file is named `<ÅÅÅÅ-MM>_…` (a month, then `_`) for another month than its "
         "`fx_period` (a template re-used for the next month): the message names both and what "
         "probably happened. A rejected file never replaces another, so such a file never "
         "supersedes the correctly named report of the month its cells give. Files with other "
         "names are judged by their cells alone (coordinators rename files)"))
NAME_INSATS_MISMATCH = _code(
    "name-insats-mismatch", ERROR, FILE, short=M.SHORT_NAME_INSATS_MISMATCH,
    label=M.DESC_NAME_INSATS_MISMATCH,
    messages=(M.VAL_NAME_INSATS_MISMATCH,),
    doc=("the file is named `<ÅÅÅÅ-MM>_<insats-id>…` for another insats than its `fx_insats`. "
         "The name's insats is the longest id of the plan that follows `ÅÅÅÅ-MM_` and ends there "
         "or before a character that cannot continue an id (`2025-03_isa (2).xlsx` and "
         "`2025-03_isa-rattad.xlsx` name `isa`; `2025-03_isa2.xlsx` and `2025-03_rapport.xlsx` "
         "name no insats, so only their period is compared). Case is ignored"))
NOT_WHOLE_NUMBER = _code(
    "not-whole-number", ERROR, FILE, short=M.SHORT_NOT_WHOLE_NUMBER, label=M.DESC_NOT_WHOLE_NUMBER,
    messages=(M.VAL_NOT_WHOLE,),
    doc=("a count is not a whole number ≥ 0 (`12`, ` 12 `, `1 200` are read as numbers; `12,5`, "
         "`ca 10`, `-3`, `12.0` typed as text are not)"))
COUNT_DATE = _code(
    "count-date", ERROR, FILE, short=M.SHORT_COUNT_DATE, label=M.DESC_COUNT_DATE,
    messages=(M.VAL_COUNT_DATE, M.VAL_COUNT_TIME,),
    doc=("a count cell holds a date, or a number formatted as a date or a time (a date typed in "
         "Excel is stored as a number such as 45 723 with a date format: it is never read as a "
         "count); the value found is the date or time the cell shows"))
COUNT_BOOLEAN = _code(
    "count-boolean", ERROR, FILE, short=M.SHORT_COUNT_BOOLEAN, label=M.DESC_COUNT_BOOLEAN,
    messages=(M.VAL_COUNT_BOOLEAN,),
    doc="a count cell holds a boolean (SANT/FALSKT)")
COUNT_ERROR = _code(
    "count-error", ERROR, FILE, short=M.SHORT_COUNT_ERROR, label=M.DESC_COUNT_ERROR,
    messages=(M.VAL_COUNT_ERROR,),
    doc="a count cell holds an error value (`#REF!`, `#DIV/0!`, `#N/A`, …)")
FORMULA_WITHOUT_VALUE = _code(
    "formula-without-value", ERROR, FILE, short=M.SHORT_FORMULA_WITHOUT_VALUE,
    label=M.DESC_FORMULA_WITHOUT_VALUE,
    messages=(M.VAL_FORMULA_WITHOUT_VALUE,),
    doc=("a count cell holds a formula without a computed value (a file written by a program "
         "and never opened and saved in Excel or LibreOffice): open it in Excel or LibreOffice and "
         "save it"))
ALL_EMPTY = _code(
    "all-empty", ERROR, FILE, short=M.SHORT_ALL_EMPTY, label=M.DESC_ALL_EMPTY,
    messages=(M.VAL_ALL_EMPTY,),
    doc="every count of the form is empty (write 0 where nothing happened)")
OUTCOMES_MISMATCH = _code(
    "outcomes-mismatch", ERROR, FILE, short=M.SHORT_OUTCOMES_MISMATCH,
    label=M.DESC_OUTCOMES_MISMATCH,
    messages=(M.VAL_OUTCOMES_TOO_MANY, M.VAL_OUTCOMES_TOO_FEW,),
    doc="per gender, the outcomes do not add up to ended")
ENDED_EXCEEDS = _code(
    "ended-exceeds", ERROR, FILE, short=M.SHORT_ENDED_EXCEEDS, label=M.DESC_ENDED_EXCEEDS,
    messages=(M.VAL_ENDED_EXCEEDS,),
    doc="per gender, ended is more than start + new")
SURVEY_EXCEEDS = _code(
    "survey-exceeds", ERROR, FILE, short=M.SHORT_SURVEY_EXCEEDS, label=M.DESC_SURVEY_EXCEEDS,
    messages=(M.VAL_SURVEY_EXCEEDS,),
    doc="survey positives are more than survey answers")

# ----------------------------------------------------------------------------- warnings

PERSONNUMMER = _code(
    "personnummer", WARNING, FILE, short=M.SHORT_PERSONNUMMER, label=M.DESC_PERSONNUMMER,
    messages=(M.VAL_PERSONNUMMER,),
    doc=("a free-text field held a personnummer or samordningsnummer (digits that form a date, "
         "with or without century and separator, whatever the check digit: see *Personnummer* "
         "below); it is masked as `ÅÅMMDD-XXXX` in every output and never written in clear"))
FORBUND_MISMATCH = _code(
    "forbund-mismatch", WARNING, FILE, short=M.SHORT_FORBUND_MISMATCH,
    label=M.DESC_FORBUND_MISMATCH,
    messages=(M.VAL_FORBUND_MISMATCH,),
    doc="`fx_forbund` is not the plan's förbund (a template written from another plan)")
EXCEEDS_VOLUME = _code(
    "exceeds-volume", WARNING, FILE, short=M.SHORT_EXCEEDS_VOLUME, label=M.DESC_EXCEEDS_VOLUME,
    messages=(M.VAL_EXCEEDS_VOLUME,),
    doc=("the month's volume (new women + new men, or the count) alone is larger than the "
         "insats's annual budgeted volume"))
LATE = _code(
    "late", WARNING, FILE, short=M.SHORT_LATE, label=M.DESC_LATE,
    messages=(M.VAL_LATE,),
    doc=("the workbook was saved (`dcterms:modified`, converted to Swedish time) after day "
         "`rapportfrist_dag` of the month after the one the file is for (the month its name "
         "`<ÅÅÅÅ-MM>_…` gives, else its period cell); a file without a modified time is never "
         "late"))
EARLY = _code(
    "early", WARNING, FILE, short=M.SHORT_EARLY, label=M.DESC_EARLY,
    messages=(M.VAL_EARLY,),
    doc=("the workbook was saved (`dcterms:modified`, Swedish time) before the month it is for "
         "(as for `late`) had ended: the period cell may hold the wrong month, or the month's "
         "last days are "
         "missing. Such a month is also not chosen as the default period before it has ended (see "
         "*The default period*)"))
DUPLICATE = _code(
    "duplicate", WARNING, BATCH, short=M.SHORT_DUPLICATE, label=M.DESC_DUPLICATE,
    messages=M.VAL_DUPLICATE,
    doc="on the file that is used, when other files for the same insats and month exist")
SUPERSEDED = _code(
    "superseded", WARNING, BATCH, short=M.SHORT_SUPERSEDED, label=M.DESC_SUPERSEDED,
    messages=(M.VAL_SUPERSEDED,),
    doc=("on each file that another file for the same insats and month replaced (newest "
         "modified time wins, then the path that sorts last; byte-identical copies are merged "
         "without a finding); such a file gets no letter (the used file's letter names it)"))
STOCK_FLOW_BREAK = _code(
    "stock-flow-break", WARNING, BATCH, short=M.SHORT_STOCK_FLOW_BREAK,
    label=M.DESC_STOCK_FLOW_BREAK,
    messages=(M.VAL_STOCK_FLOW,),
    doc=("start of month *m* ≠ start + new − ended of month *m−1*, per gender, both months "
         "accepted (January's month before is the December before it, when that year's plan "
         "is given and the insats, by its id, is a participant-flow insats in both plans)"))
OUTLIER = _code(
    "outlier", WARNING, BATCH, short=M.SHORT_OUTLIER, label=M.DESC_OUTLIER,
    messages=(M.VAL_OUTLIER,),
    doc=("a month's value is more than 3 × the median of the insats's other months of the plan "
         "year (at least 3 of them) and at least 10 above it; only high values are flagged"))

# ----------------------------------------------------------------------------- plan check
# Reported by plan.py on the plan workbook (file, sheet, cell; no short line). The plan's
# messages are the text after the place (messages.PLAN_FINDING).

PLAN_UNREADABLE = _code(
    "plan-unreadable", ERROR, PLAN, messages=(M.PLAN_UNREADABLE,),
    doc="missing, empty, not an .xlsx (zip), encrypted/.xls, .xlsm/.ods/.csv, too big, corrupt")
PLAN_MISSING_SHEET = _code(
    "plan-missing-sheet", ERROR, PLAN, messages=(M.PLAN_MISSING_SHEET,),
    doc="one of the five sheets is missing (cell `<Blad>!A1`)")
PLAN_MISSING_COLUMN = _code(
    "plan-missing-column", ERROR, PLAN, messages=(M.PLAN_MISSING_COLUMN,),
    doc=("a required column (docs/plan.md) is missing (cell: the header row, e.g. "
         "`Insatser!A1:I1`)"))
PLAN_MISSING_VALUE = _code(
    "plan-missing-value", ERROR, PLAN,
    messages=(M.PLAN_MISSING_KEY, M.PLAN_MISSING_VALUE, M.PLAN_NO_INSATSER,
              M.PLAN_MISSING_KATEGORIER, M.PLAN_MISSING_MIN_ANDEL, M.PLAN_MISSING_MIN_ANTAL),
    doc=("a required value is empty (id, namn, gäller, a Förbund key, min_andel for "
         "utfall/enkät, min_antal for inskrivna, kategorier for utfall, no insatser)"))
PLAN_BAD_ID = _code(
    "plan-bad-id", ERROR, PLAN, messages=(M.PLAN_BAD_ID, M.PLAN_ID_PNR, M.PLAN_ID_LONG),
    doc=("id not `a-z0-9` and `-`, longer than 64 characters (an id names files), or an id "
         "that is a personnummer (an id cannot be masked)"))
PLAN_DUPLICATE_ID = _code(
    "plan-duplicate-id", ERROR, PLAN, messages=(M.PLAN_DUPLICATE_ID,),
    doc="id used twice on the sheet")
PLAN_BAD_NIVA = _code(
    "plan-bad-niva", ERROR, PLAN, messages=(M.PLAN_BAD_NIVA,),
    doc="`nivå` is not one of the levels (individ, struktur)")
PLAN_BAD_ENHET = _code(
    "plan-bad-enhet", ERROR, PLAN, messages=(M.PLAN_BAD_ENHET,),
    doc="`enhet` is not one of the units (deltagare, möten, kontakter)")
PLAN_BAD_TYP = _code(
    "plan-bad-typ", ERROR, PLAN, messages=(M.PLAN_BAD_TYP,),
    doc="a goal's `typ` is not one of the types (utfall, enkät, inskrivna)")
PLAN_BAD_KATEGORI = _code(
    "plan-bad-kategori", ERROR, PLAN, messages=(M.PLAN_BAD_KATEGORI,),
    doc="a goal names an outcome category that is not one of the six")
PLAN_BAD_ENKAT = _code(
    "plan-bad-enkat", ERROR, PLAN, messages=(M.PLAN_BAD_ENKAT,),
    doc="`enkät` is not ja or nej")
PLAN_BAD_MEDLEMSTYP = _code(
    "plan-bad-medlemstyp", ERROR, PLAN, messages=(M.PLAN_BAD_MEDLEMSTYP,),
    doc="a member's `typ` is not stat, region or kommun")
PLAN_UNKNOWN_INSATS = _code(
    "plan-unknown-insats", ERROR, PLAN, messages=(M.PLAN_UNKNOWN_INSATS,),
    doc="a goal's `gäller` names neither an insats id nor individ/struktur/alla")
PLAN_BAD_PERIOD = _code(
    "plan-bad-period", ERROR, PLAN, messages=(M.PLAN_BAD_PERIOD, M.PLAN_PERIOD_ORDER),
    doc=("aktiv_från/aktiv_till not `YYYY-MM` (a date Excel made of it is accepted), or från "
         "after till"))
PLAN_BAD_NUMBER = _code(
    "plan-bad-number", ERROR, PLAN, messages=(M.PLAN_BAD_NUMBER,),
    doc=("volume, amount, population not a whole number ≥ 0 (`1 200` accepted); share outside "
         "0–1 (`60 %` accepted); year; report day outside 1–28"))
PLAN_SUM_MISMATCH = _code(
    "plan-sum-mismatch", WARNING, PLAN,
    messages=(M.PLAN_BUDGET_MISMATCH, M.PLAN_MEDLEMMAR_MISMATCH),
    doc=("`Angiven summa` ≠ sum of the budget lines, or `Tilldelning` ≠ sum of the members' "
         "contributions (cell: the stated total); the plan is still usable (seed 004 states "
         "such a total)"))
PLAN_FORMULA_VALUE = _code(
    "plan-formula-value", WARNING, PLAN, messages=(M.PLAN_FORMULA_VALUE,),
    doc=("a contribution formula's cached value (saved by Excel/LibreOffice) differs from "
         "finsam-xl's computation"))
PLAN_UNKNOWN_KOSTNADSSTALLE = _code(
    "plan-unknown-kostnadsstalle", WARNING, PLAN, messages=(M.PLAN_UNKNOWN_KOSTNADSSTALLE,),
    doc="an insats names a cost centre that is not on the Budget sheet")
PLAN_INSATS_NEVER_ACTIVE = _code(
    "plan-insats-never-active", WARNING, PLAN, messages=(M.PLAN_NEVER_ACTIVE,),
    doc=("an insats is active in no month of the plan year (`aktiv_till` before it or "
         "`aktiv_från` after it, as when a plan's year is changed and its dates are not): no "
         "template is written and no report accepted for it (cell: the date)"))
PLAN_ACTIVE_OUTSIDE_YEAR = _code(
    "plan-active-outside-year", WARNING, PLAN,
    messages=(M.PLAN_FRAN_BEFORE_YEAR, M.PLAN_TILL_AFTER_YEAR),
    doc=("an insats active in the plan year has `aktiv_från` before the year or `aktiv_till` "
         "after it: right for an insats that runs over the turn of the year (it is followed up "
         "from January or to December), a forgotten year otherwise"))
PLAN_BAD_EPOST = _code(
    "plan-bad-epost", WARNING, PLAN, messages=(M.PLAN_BAD_EPOST, M.PLAN_EPOST_LOCAL),
    doc=("`e-post` is not an address (`namn@exempel.se`), or one with a letter outside "
         "ASCII before the `@` (`örjan@…`, which many mail servers refuse; a domain such as "
         "`växjö.se` is fine, written as punycode); it is left out, so the insat's drafts "
         "have no recipient"))
PLAN_LINE_BREAK = _code(
    "plan-line-break", WARNING, PLAN, messages=(M.PLAN_LINE_BREAK,),
    doc=("a text of the plan (a name, utförare, samordnare, …) holds a line break, a tab or "
         "another control character (Alt+Enter in Excel): every output writes it on one "
         "line, a line break as a space"))
