"""The plan workbook's layout, declared once for the writer and the reader.

Sheet names, row labels and column headers are identifiers: the reader finds sheets, rows
and columns by them, so they are never translated (they live here, not in messages.py).
Each sheet has one list of columns, in the order the writer writes them; a column says its
header, its width, the model attribute it holds, how the writer writes it (`style`, the
drop-down list or number rule of its cells) and how the reader parses a cell of it
(`parse`, which returns the value and what is wrong with it). The reader finds columns by
header, so a kansli may move them; the writer puts them in this order.

Standard library only: `finsam-xl check` reads a plan without xlsxwriter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from .. import findings as F
from .. import messages as M
from .. import pnr
from ..contract import KATEGORIER
from ..findings import Code
from ..model import (
    ENHETER,
    EPOST_RE,
    GALLER_GRUPPER,
    ID_MAX,
    ID_RE,
    MALTYPER,
    MEDLEMSTYPER,
    NIVAER,
    mail_address,
    parse_period,
    period_str,
)
from ..printable import has_breaks, one_line, single_line
from .findings import Problem, problem, shown

SHEET_FORBUND = "Förbund"
SHEET_INSATSER = "Insatser"
SHEET_MAL = "Mål"
SHEET_BUDGET = "Budget"
SHEET_MEDLEMMAR = "Medlemmar"
SHEETS = (SHEET_FORBUND, SHEET_INSATSER, SHEET_MAL, SHEET_BUDGET, SHEET_MEDLEMMAR)

# Row labels (column A of Budget and Medlemmar) and the two values of a yes/no column.
ROW_SUMMA = "Summa"
ROW_ANGIVEN_SUMMA = "Angiven summa"
ROW_TILLDELNING = "Tilldelning"
JA = "ja"
NEJ = "nej"

# Literal spaces between the digit groups: Swedish thousands grouping in every locale
# ("# ##0" would group only the last three digits: 12882 000).
NUM_FORMAT = "# ### ### ##0"
VALIDATION_ROWS = 500  # rows covered by the drop-down lists and number rules


@dataclass(frozen=True)
class Context:
    """What a column's parser may look at besides the cell: the column's name (for
    messages), the values already parsed in the same row (by field), and the ids on the
    Insatser sheet (None when that sheet could not be read)."""

    column: str
    row: Mapping[str, object]
    insats_ids: frozenset[str] | None = None


Parsed = tuple[object, tuple[Problem, ...]]
Parser = Callable[[object, Context], Parsed]


# ----------------------------------------------------------------------------- cell values

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", " ": "_", "-": "_"})


def norm(value: object) -> str:
    """Header/key text normalised for matching: lower case, no diacritics, '_' for spaces."""
    if value is None:
        return ""
    return " ".join(str(value).split()).lower().translate(_FOLD)


def whole_number(value: object) -> int | None | str:
    """Whole number >= 0 from a cell: int, None (empty), or the sentinel 'bad'."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "bad"
    if isinstance(value, int):
        return value if value >= 0 else "bad"
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else "bad"
    if isinstance(value, str):
        text = "".join(value.replace("\u00a0", " ").replace("\u202f", " ").split())
        if text.isdigit() and text.isascii():
            return int(text)
    return "bad"


def share_value(value: object) -> float | None | str:
    """A share 0-1 from a cell: 0.6, '0,6', '60 %'; None when empty; 'bad' otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "bad"
    if isinstance(value, (int, float)):
        x = float(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", ".").replace(" ", "")
        pct = text.endswith("%")
        try:
            x = float(text.rstrip("%"))
        except ValueError:
            return "bad"
        if pct:
            x /= 100
    else:
        return "bad"
    if not 0 <= x <= 1:
        return "bad"
    return int(x) if isinstance(value, int) else x


def period_value(value: object) -> str | None:
    """'YYYY-MM' from a cell (text, or a date Excel made of it); '' when empty; None when bad."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if isinstance(value, (datetime, date)):
        return period_str(value.year, value.month)
    if isinstance(value, str) and parse_period(value.strip()):
        return value.strip()
    return None


# ----------------------------------------------------------------------------- parsers


def _missing(column: str) -> Problem:
    return problem(F.PLAN_MISSING_VALUE, template=M.PLAN_MISSING_VALUE, kolumn=column)


def _bad_number(raw: object, expected: str) -> Problem:
    return problem(F.PLAN_BAD_NUMBER, raw, expected, forvantat=expected)


def _breaks(value: str) -> tuple[Problem, ...]:
    """`plan-line-break` (a warning) for a text typed with a line break or another control
    character: every output writes it on one line (`plan.masking`)."""
    if not has_breaks(value):
        return ()
    return (problem(F.PLAN_LINE_BREAK, one_line(value), single_line(value),
                    template=M.PLAN_LINE_BREAK, blir=single_line(value)),)


def text(raw: object, ctx: Context) -> Parsed:
    """Optional text: None when empty."""
    value = shown(raw)
    return value or None, _breaks(value)


def plain(raw: object, ctx: Context) -> Parsed:
    """Optional text, '' when empty (a budget line's cost centre)."""
    value = shown(raw)
    return value, _breaks(value)


def required(raw: object, ctx: Context) -> Parsed:
    value = shown(raw)
    return value, (_breaks(value) if value else (_missing(ctx.column),))


def ident(raw: object, ctx: Context) -> Parsed:
    """An id (a-z, 0-9, -). The value is the cell's text even when it is wrong: the ids on
    a sheet are what goals may name. Duplicates are the table's to find (`Column.unique`)."""
    value = shown(raw)
    if not value:
        return value, (_missing(ctx.column),)
    if not ID_RE.match(value):
        return value, (problem(F.PLAN_BAD_ID, value, "a–z, 0–9, -", template=M.PLAN_BAD_ID),)
    if len(value) > ID_MAX:
        return value, (problem(F.PLAN_BAD_ID, value[:ID_MAX] + "…", "a–z, 0–9, -",
                               template=M.PLAN_ID_LONG, n=ID_MAX),)
    if pnr.contains(value):  # an id names files and rows everywhere: it cannot be masked
        return value, (problem(F.PLAN_BAD_ID, pnr.mask(value), "a–z, 0–9, -",
                               template=M.PLAN_ID_PNR),)
    return value, ()


def choice(values: tuple[str, ...], code: Code, message: str,
           aliases: Mapping[str, str] | None = None) -> Parser:
    """One of `values` (case-insensitive); `aliases` maps a normalised spelling to a value."""
    expected = ", ".join(values)

    def parse(raw: object, ctx: Context) -> Parsed:
        value = shown(raw).lower()
        if aliases:
            value = aliases.get(norm(value), value)
        if value in values:
            return value, ()
        return value, (problem(code, raw, expected, template=message),)

    return parse


def whole(expected: str) -> Parser:
    """A whole number >= 0, or None when empty."""
    def parse(raw: object, ctx: Context) -> Parsed:
        x = whole_number(raw)
        if x == "bad":
            return None, (_bad_number(raw, expected),)
        return x, ()

    return parse


def year(raw: object, ctx: Context) -> Parsed:
    x = whole_number(raw)
    if not isinstance(x, int) or not 1900 <= x <= 2999:
        return None, (_bad_number(raw, M.PLAN_EXPECT_YEAR),)
    return x, ()


def report_day(raw: object, ctx: Context) -> Parsed:
    """The report deadline's day of the month; 10 when empty."""
    x = whole_number(raw)
    if x is None:
        x = 10
    if not isinstance(x, int) or not 1 <= x <= 28:
        return None, (_bad_number(raw, M.PLAN_EXPECT_DAY),)
    return x, ()


def period(raw: object, ctx: Context) -> Parsed:
    per = period_value(raw)
    if per is None:
        return None, (problem(F.PLAN_BAD_PERIOD, raw, "ÅÅÅÅ-MM", template=M.PLAN_BAD_PERIOD),)
    return per or None, ()


def period_after_start(raw: object, ctx: Context) -> Parsed:
    """aktiv_till: a period, not before the row's aktiv_fran."""
    till, problems = period(raw, ctx)
    fran = ctx.row.get("aktiv_fran")
    if isinstance(fran, str) and isinstance(till, str) and fran > till:
        problems += (problem(F.PLAN_BAD_PERIOD, till, f">= {fran}",
                             template=M.PLAN_PERIOD_ORDER, fran=fran, till=till),)
    return till, problems


def ja_nej(raw: object, ctx: Context) -> Parsed:
    key = norm(raw)
    if raw is True or key == JA:
        return True, ()
    if raw is False or key in ("", NEJ):
        return False, ()
    return False, (problem(F.PLAN_BAD_ENKAT, raw, "ja, nej"),)


def epost(raw: object, ctx: Context) -> Parsed:
    """An e-mail address; one that is not is a warning, and is kept as written (the plan
    writes it back as the kansli typed it) but never used: the insats's drafts then have no
    recipient, and the commands name the address as invalid (`Insats.address`)."""
    value = shown(raw) or None
    if value and not EPOST_RE.match(value):
        return value, (problem(F.PLAN_BAD_EPOST, one_line(value), "namn@exempel.se",
                               template=M.PLAN_BAD_EPOST),)
    if value and mail_address(value) is None:
        return value, (problem(F.PLAN_BAD_EPOST, value, "namn@exempel.se",
                               template=M.PLAN_EPOST_LOCAL),)
    return value, ()


def _items(raw: object) -> list[str]:
    return [x.strip() for x in shown(raw).split(",") if x.strip()]


def galler(raw: object, ctx: Context) -> Parsed:
    """The insats ids or groups a goal applies to, comma-separated."""
    items = tuple(_items(raw))
    problems = [] if items else [_missing(ctx.column)]
    known = ctx.insats_ids
    problems += [problem(F.PLAN_UNKNOWN_INSATS, g) for g in items
                 if g not in GALLER_GRUPPER and known is not None and g not in known]
    return items, tuple(problems)


def kategorier(raw: object, ctx: Context) -> Parsed:
    """Outcome categories, comma-separated; a goal of typ utfall needs at least one."""
    items = tuple(x.lower() for x in _items(raw))
    problems = [problem(F.PLAN_BAD_KATEGORI, k) for k in items if k not in KATEGORIER]
    if ctx.row.get("typ") == "utfall" and not items:
        problems.append(problem(F.PLAN_MISSING_VALUE, template=M.PLAN_MISSING_KATEGORIER))
    return items, tuple(problems)


def min_andel(raw: object, ctx: Context) -> Parsed:
    """A share 0-1; needed by goals of typ utfall and enkät."""
    x = share_value(raw)
    typ = ctx.row.get("typ")
    if x == "bad":
        return None, (_bad_number(raw, M.PLAN_EXPECT_SHARE),)
    if x is None and typ in ("utfall", "enkät"):
        return None, (problem(F.PLAN_MISSING_VALUE, template=M.PLAN_MISSING_MIN_ANDEL,
                              typ=typ),)
    return x, ()


def min_antal(raw: object, ctx: Context) -> Parsed:
    """A whole number; needed by goals of typ inskrivna."""
    x, problems = whole(M.PLAN_EXPECT_WHOLE)(raw, ctx)
    if not problems and x is None and ctx.row.get("typ") == "inskrivna":
        problems = (problem(F.PLAN_MISSING_VALUE, template=M.PLAN_MISSING_MIN_ANTAL),)
    return x, problems


# ----------------------------------------------------------------------------- the layout


@dataclass(frozen=True)
class Column:
    """A column of a table sheet, or a key row of Förbund (the same declaration)."""

    name: str  # the header (or key) text
    width: int = 0
    field: str = ""  # the model attribute it holds ('' for Förbund's header columns)
    # written as: text, number, int, pct, joined (a list), ja_nej, or formula (computed by
    # contributions.member_formulas, never read)
    style: str = "text"
    parse: Parser = text
    optional: bool = False  # may be missing from the header row; read after the rest
    unique: bool = False  # no two rows hold the same value
    choices: tuple[str, ...] = ()  # drop-down list of the written sheet
    rule: Mapping[str, object] | None = None  # another data validation (xlsxwriter options)


@dataclass(frozen=True)
class YearColumns:
    """One column per year after a table's fixed columns: header 'belopp 2025'."""

    header: str
    width: int
    parse: Parser
    formulas: bool = False  # a formula in a year cell means "computed" (never read)


@dataclass(frozen=True)
class Table:
    sheet: str
    columns: tuple[Column, ...]
    freeze: tuple[int, int]  # rows and columns kept in view (xlsxwriter's freeze_panes)
    first_row: int = 1  # the first data row, 0-based (Medlemmar: the allocation comes first)
    years: YearColumns | None = None

    def index(self, name: str) -> int:
        """The 0-based position of the column named `name` as the writer writes it."""
        return next(i for i, c in enumerate(self.columns) if c.name == name)

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.optional)


_WHOLE_NUMBER = {"validate": "integer", "criteria": ">=", "value": 0}

FORBUND_COLUMNS = (Column("nyckel", 18), Column("värde", 44), Column("beskrivning", 80))
FORBUND_KEYS = (
    Column("namn", field="namn", parse=required),
    Column("år", field="ar", style="int", parse=year),
    Column("rapportfrist_dag", field="rapportfrist_dag", style="int", parse=report_day),
)
FORBUND = Table(SHEET_FORBUND, FORBUND_COLUMNS, freeze=(1, 0))

INSATSER = Table(SHEET_INSATSER, (
    Column("id", 28, "id", parse=ident, unique=True),
    Column("namn", 48, "namn", parse=required),
    Column("nivå", 10, "niva", parse=choice(NIVAER, F.PLAN_BAD_NIVA, M.PLAN_BAD_NIVA),
           choices=NIVAER),
    Column("enhet", 12, "enhet", parse=choice(ENHETER, F.PLAN_BAD_ENHET, M.PLAN_BAD_ENHET),
           choices=ENHETER),
    Column("budgeterad_volym", 18, "budgeterad_volym", style="number",
           parse=whole(M.PLAN_EXPECT_WHOLE), rule=_WHOLE_NUMBER),
    Column("kostnadsställe", 15, "kostnadsstalle"),
    Column("utförare", 34, "utforare"),
    Column("aktiv_från", 12, "aktiv_fran", parse=period),
    Column("aktiv_till", 12, "aktiv_till", parse=period_after_start),
    Column("enkät", 8, "enkat", style="ja_nej", parse=ja_nej, choices=(JA, NEJ)),
    # the coordinator and the address reminders go to (optional: older plans lack them)
    Column("samordnare", 24, "samordnare", optional=True),
    Column("e-post", 32, "epost", parse=epost, optional=True),
), freeze=(1, 1))

MAL = Table(SHEET_MAL, (
    Column("id", 26, "id", parse=ident, unique=True),
    Column("namn", 75, "namn", parse=required),
    Column("gäller", 30, "galler", style="joined", parse=galler),
    Column("typ", 10, "typ", parse=choice(MALTYPER, F.PLAN_BAD_TYP, M.PLAN_BAD_TYP,
                                          aliases={"enkat": "enkät"}), choices=MALTYPER),
    Column("kategorier", 34, "kategorier", style="joined", parse=kategorier),
    Column("min_andel", 10, "min_andel", style="pct", parse=min_andel,
           rule={"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1}),
    Column("min_antal", 10, "min_antal", style="int", parse=min_antal, rule=_WHOLE_NUMBER),
), freeze=(1, 1))

_AMOUNTS = whole(M.PLAN_EXPECT_AMOUNT)

BUDGET = Table(SHEET_BUDGET, (
    Column("kostnadsställe", 16, "kostnadsstalle", parse=plain),
    Column("namn", 52, "namn", parse=required),
), freeze=(1, 2), years=YearColumns("belopp {ar}", 15, _AMOUNTS))

MEDLEMMAR = Table(SHEET_MEDLEMMAR, (
    Column("medlem", 30, "medlem", parse=required),
    Column("typ", 10, "typ", parse=choice(MEDLEMSTYPER, F.PLAN_BAD_MEDLEMSTYP,
                                          M.PLAN_BAD_MEDLEMSTYP), choices=MEDLEMSTYPER),
    Column("befolkning", 13, "befolkning", style="number", parse=whole(M.PLAN_EXPECT_WHOLE)),
    Column("andel", 9, "andel", style="formula"),  # contributions.member_formulas; not read
), freeze=(2, 1), first_row=2, years=YearColumns("bidrag {ar}", 15, _AMOUNTS,
                                                                formulas=True))

def year_header(table: Table, ar: int) -> str:
    """The header of `table`'s column for year `ar`: 'belopp 2025', 'bidrag 2025'."""
    assert table.years is not None
    return table.years.header.format(ar=ar)

