"""Typed objects passed between the stages (plan -> templates -> reader -> validation ->
aggregation -> workbook). No stage passes raw cells to another; it passes these.

Only the standard library is imported here so that the CLI starts fast.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .periods import PERIOD_RE, parse_period, period_str, year_month  # noqa: F401 - re-exported

NIVAER = ("individ", "struktur")
ENHETER = ("deltagare", "möten", "kontakter")
MALTYPER = ("utfall", "enkät", "inskrivna")
MEDLEMSTYPER = ("stat", "region", "kommun")
GALLER_GRUPPER = ("individ", "struktur", "alla")

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_MAX = 64  # an id names files (`<P>_<id>.xlsx`, `.eml`): at most this many characters
# An e-mail address as the plan's e-post column must hold it (`plan check` warns otherwise).
EPOST_RE = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]{2,}$")


def mail_address(text: str | None) -> str | None:
    """The address a draft is written to, from the plan's `e-post`: an address as EPOST_RE
    says, its domain in punycode when it has letters outside ASCII (`anna@växjö.se` ->
    `anna@xn--vxj-ina.se`, IDNA, so that every mail program and server reads it). None
    for anything else, and for an address whose local part (before the @) has a letter
    outside ASCII: that needs a mail server that takes such addresses (RFC 6531/6532),
    which many do not, so `plan check` warns and the draft has no recipient (decided; the
    kansli asks the coordinator for an ASCII address)."""
    if not text or not EPOST_RE.match(text) or any(ch in text for ch in "()[]\\:"):
        return None
    local, _, domain = text.rpartition("@")
    if not local.isascii() or not local.isprintable():
        return None
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    return f"{local}@{ascii_domain}"


# --------------------------------------------------------------------------- plan


@dataclass(frozen=True)
class Insats:
    id: str
    namn: str
    niva: str  # "individ" | "struktur"
    enhet: str  # "deltagare" | "möten" | "kontakter"
    budgeterad_volym: int | None = None
    kostnadsstalle: str | None = None
    utforare: str | None = None
    aktiv_fran: str | None = None  # "YYYY-MM"; None = from January
    aktiv_till: str | None = None  # "YYYY-MM"; None = to December
    enkat: bool = False
    samordnare: str | None = None  # the coordinator (optional; for e-mail drafts)
    # the coordinator's e-mail address as the plan holds it (optional; for e-mail drafts),
    # even one that is no address (`plan check` warns; `address` is then None)
    epost: str | None = None

    @property
    def flow(self) -> bool:
        """Participant-flow template (start/new/ended/outcomes) rather than one count."""
        return self.niva == "individ" and self.enhet == "deltagare"

    @property
    def address(self) -> str | None:
        """The coordinator's e-mail address as a draft is written to it (`mail_address`),
        when the plan holds a valid one."""
        return mail_address(self.epost)

    def active_months(self, year: int) -> list[int]:
        """Months (1-12) of `year` in which the insats is active."""
        first, last = 1, 12
        if self.aktiv_fran:
            y, m = year_month(self.aktiv_fran)
            if y > year:
                return []
            if y == year:
                first = m
        if self.aktiv_till:
            y, m = year_month(self.aktiv_till)
            if y < year:
                return []
            if y == year:
                last = m
        return list(range(first, last + 1))

    def is_active(self, year: int, month: int) -> bool:
        return month in self.active_months(year)


@dataclass(frozen=True)
class Goal:
    id: str
    namn: str
    galler: tuple[str, ...]  # insats ids, or one of "individ", "struktur", "alla"
    typ: str  # "utfall" | "enkät" | "inskrivna"
    kategorier: tuple[str, ...] = ()  # for "utfall": outcome categories reaching the goal
    min_andel: float | None = None  # 0-1, for "utfall" and "enkät"
    min_antal: int | None = None  # for "inskrivna"

    def applies_to(self, insats: Insats) -> bool:
        for g in self.galler:
            if g == "alla" or g == insats.id or g == insats.niva:
                return True
        return False


@dataclass(frozen=True)
class BudgetRow:
    kostnadsstalle: str
    namn: str
    belopp: dict[int, int | None]  # year -> amount (None = empty cell)


@dataclass(frozen=True)
class Member:
    medlem: str
    typ: str  # "stat" | "region" | "kommun"
    befolkning: int | None = None
    # Explicit amounts per year where the seed gives amounts only. Years missing here are
    # computed from the year's total allocation (stat 1/2, region 1/4, kommun 1/4 x andel).
    bidrag: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    namn: str  # förbund name
    ar: int  # plan year
    rapportfrist_dag: int = 10
    insatser: tuple[Insats, ...] = ()
    mal: tuple[Goal, ...] = ()
    budget_ar: tuple[int, ...] = ()  # year columns of the Budget sheet
    budget: tuple[BudgetRow, ...] = ()
    budget_angiven_summa: dict[int, int] = field(default_factory=dict)  # stated totals
    medlemmar_ar: tuple[int, ...] = ()  # year columns of the Medlemmar sheet
    tilldelning: dict[int, int] = field(default_factory=dict)  # stated total allocation/year
    medlemmar: tuple[Member, ...] = ()

    def insats(self, insats_id: str | None) -> Insats | None:
        """The insats with id `insats_id` (the first of an id), None when the plan has none;
        in constant time (a run asks once per file and rule, and a national plan has over a
        thousand insatser)."""
        if not isinstance(insats_id, str):  # an id is text: anything else matches none
            return None
        return self._insats_by_id.get(insats_id)

    @functools.cached_property
    def _insats_by_id(self) -> dict[str, Insats]:
        """{id: insats}, built on the first look-up (the dataclass is frozen, and
        cached_property writes the instance's __dict__ directly)."""
        index: dict[str, Insats] = {}
        for ins in self.insatser:
            index.setdefault(ins.id, ins)
        return index

    def active_insatser(self, month: int) -> list[Insats]:
        return [i for i in self.insatser if i.is_active(self.ar, month)]

    def goals_for(self, insats: Insats) -> list[Goal]:
        return [g for g in self.mal if g.applies_to(insats)]


@dataclass(frozen=True)
class Plans:
    """The plans a command works with, one per year (plan.resolve_plans): every file is
    judged by the plan of its own period's year, and the period P picks the plan that
    writes the workbook. `sources[i]`: where `plans[i]` came from, the file as given or
    None for the embedded example. Sorted by year; never two plans for one year."""

    plans: tuple[Plan, ...]
    sources: tuple[str | None, ...] = ()

    def __post_init__(self) -> None:
        if not self.plans:
            raise ValueError("no plan")
        if not self.sources:
            object.__setattr__(self, "sources", (None,) * len(self.plans))
        if len(self.sources) != len(self.plans):
            raise ValueError("one source per plan")
        years = [p.ar for p in self.plans]
        if len(set(years)) != len(years):
            raise ValueError(f"two plans for one year: {years}")
        if years != sorted(years):
            raise ValueError(f"plans not sorted by year: {years}")

    @classmethod
    def of(cls, plan: Plan | Plans) -> Plans:
        """`plan` as a Plans (one plan: its year alone)."""
        return plan if isinstance(plan, Plans) else cls((plan,))

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(p.ar for p in self.plans)

    @property
    def latest(self) -> Plan:
        """The plan of the latest year (a run's plan until P is known)."""
        return self.plans[-1]

    def for_year(self, year: int | None) -> Plan | None:
        for p in self.plans:
            if p.ar == year:
                return p
        return None

    def for_period(self, period: str | None) -> Plan | None:
        """The plan of the year of `period` ('YYYY-MM', surrounding spaces ignored); None when
        it is no month or its year has no plan."""
        parsed = parse_period(period) if isinstance(period, str) else None
        return None if parsed is None else self.for_year(parsed[0])


# --------------------------------------------------------------------------- submissions

# What a reader puts in `Submission.raw[name]` for one cell. Every reader (the .xlsx reader,
# and any other format's reader) gives the same Python types for the same kind of cell, so
# that validation judges a cell by what it holds, never by the file format:
#   None                 an empty cell
#   int                  a number without fraction digits (not formatted as a date or time)
#   float                any other number (not formatted as a date or time)
#   str                  text (personnummer masked)
#   bool                 a boolean (TRUE/FALSE, SANT/FALSKT)
#   datetime.datetime    a date or date-time: a date cell, or a number formatted as a date
#   datetime.timedelta   a number formatted as a time of day or a duration only (12:30,
#                        [h]:mm); also a date-formatted number that is no valid date
#   CellError            an error value (#REF!, #DIV/0!, #N/A, ...)
#   UncachedFormula      a formula without a computed (cached) value: a file written by a
#                        program and never opened and saved in Excel or LibreOffice


@dataclass(frozen=True)
class CellError:
    """An error value in a cell, such as '#REF!' or '#DIV/0!'."""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True)
class UncachedFormula:
    """A formula whose computed value is not stored in the file (`formula` without '=')."""

    formula: str = ""

    def __str__(self) -> str:
        return "=" + self.formula


@dataclass
class Submission:
    """One submitted monthly template, as read from disk (before or after validation)."""

    path: Path  # absolute path of the file
    relpath: str  # path within the inbox, '/'-separated (or the name given to `check`)
    size: int
    sha256: str
    modified: datetime | None = None  # dcterms:modified of the workbook, UTC-aware
    version: str | None = None  # fx_version
    forbund: str | None = None  # fx_forbund
    insats: str | None = None  # fx_insats
    period: str | None = None  # fx_period
    values: dict[str, int] = field(default_factory=dict)  # count name -> whole number >= 0
    # defined name -> value as read: one of the raw value types listed above
    raw: dict[str, object] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)  # defined name -> "Rapport!C12"
    kommentar: str = ""  # masked (personnummer replaced) before it is stored here
    rapporterad_av: str = ""  # masked too
    # Free-text names (fx_kommentar, fx_rapporterad_av) in which the reader found and masked
    # a personnummer; the clear number is never stored.
    pnr_fields: tuple[str, ...] = ()
    # The bytes the reader read and checked (an OOXML package only; None for an .ods), for
    # the marked copy, so that the file is never opened a second time; a run drops them as
    # soon as it knows the file needs no letter (`drop_bytes`). Not part of the comparison.
    data: bytes | None = field(default=None, repr=False, compare=False)


# --------------------------------------------------------------------------- findings

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One validation finding: stable code, severity, position, and a Swedish sentence."""

    code: str
    severity: str  # ERROR | WARNING
    file: str  # path within the inbox (or as given)
    message: str  # one Swedish sentence a coordinator can act on
    field: str | None = None  # Swedish label of the field
    cell: str | None = None  # "Rapport!C12"
    value: str | None = None  # value found, as text
    expected: str | None = None  # what was expected, in Swedish

    def flat(self, keys: list[str]) -> tuple:
        return tuple(getattr(self, k) for k in keys)


ACCEPTED = "accepted"
REJECTED = "rejected"
IGNORED = "ignored"
SUPERSEDED = "superseded"


@dataclass(frozen=True)
class ProgramError:
    """A bug in finsam-xl met while a file was read or validated (never the file's fault):
    the exception's type and text and its formatted traceback, every personnummer masked.
    Kept on the FileReport, not printed (a `--debug` run can show it)."""

    kind: str  # the exception's type, e.g. "TypeError"
    text: str  # str() of the exception
    traceback: str


@dataclass
class FileReport:
    """The outcome for one file: its findings and, when readable, its submission."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    submission: Submission | None = None
    ignored_reason: str | None = None  # set for ignored files (lock file, hidden, not a sheet)
    # set when a newer submission replaced this one (for a rejected file: corrected it)
    superseded_by: str | None = None
    # set when a bug in finsam-xl stopped the reading or validation of this file (its one
    # finding is then `internal-error`)
    program_error: ProgramError | None = None
    # set for a file ignored because no plan was given for its period's year: that year
    other_year: int | None = None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def valid(self) -> bool:
        return self.ignored_reason is None and not self.errors

    @property
    def status(self) -> str:
        if self.ignored_reason is not None:
            return IGNORED
        if self.errors:  # a rejected file that a newer accepted file corrects is superseded
            return REJECTED if self.superseded_by is None else SUPERSEDED
        if self.superseded_by is not None:
            return SUPERSEDED
        return ACCEPTED

    def flatten(self, keys: list[str]) -> list[tuple]:
        """[(code, cell), ...] for short, exact tests (frictionless' report.flatten)."""
        return [f.flat(keys) for f in self.findings]


# --------------------------------------------------------------------------- validation
# What validation returns (validate/): it never changes the submissions or reports it
# judges; the caller (collect) makes the validated ones with `applied_to`.


@dataclass(frozen=True)
class FileCheck:
    """The per-file rules' result for one submission (`validate.validate_submission`): the
    findings, errors first, and the values the rules derived. None (or empty) where the
    submission as read stands."""

    findings: tuple[Finding, ...] = ()
    period: str | None = None  # fx_period normalised to 'YYYY-MM' (spaces dropped)
    insats: str | None = None  # the plan's id of the insats fx_insats names
    values: dict[str, int] | None = None  # the counts read (empty cells left out)
    # Free text in which a personnummer the reader left was masked: attribute (kommentar,
    # rapporterad_av) -> masked text, and defined name -> masked raw value.
    texts: dict[str, str] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)

    def applied_to(self, sub: Submission) -> Submission:
        """The validated submission: a copy of `sub` with the derived values."""
        return dataclasses.replace(
            sub, period=sub.period if self.period is None else self.period,
            insats=sub.insats if self.insats is None else self.insats,
            values=sub.values if self.values is None else self.values,
            kommentar=self.texts.get("kommentar", sub.kommentar),
            rapporterad_av=self.texts.get("rapporterad_av", sub.rapporterad_av),
            raw={**sub.raw, **self.raw} if self.raw else sub.raw)


@dataclass(frozen=True)
class BatchCheck:
    """The cross-file rules' result (`validate.validate_batch`), by position in the list of
    reports they judged."""

    used: dict[tuple[str, str], int]  # (insats id, period) -> the report used
    superseded_by: dict[int, str]  # report -> the file used instead of it
    findings: dict[int, tuple[Finding, ...]]  # report -> findings added, in order

    def applied_to(self, reports: list[FileReport]) -> list[FileReport]:
        """The reports with the findings added and `superseded_by` set (copies of those that
        change)."""
        out = []
        for i, r in enumerate(reports):
            if i in self.findings or i in self.superseded_by:
                r = dataclasses.replace(
                    r, findings=r.findings + list(self.findings.get(i, ())),
                    superseded_by=self.superseded_by.get(i, r.superseded_by))
            out.append(r)
        return out


# --------------------------------------------------------------------------- collect


@dataclass(frozen=True)
class MonthCount:
    """How many of the insatser active in a month have an accepted report for it."""

    period: str  # "YYYY-MM"
    reported: int  # insatser with an accepted (used) report for the month
    active: int  # insatser active in the month
    ended: bool  # the month had ended when the run started (Swedish time)

    @property
    def half(self) -> bool:
        """At least half of the active insatser have reported."""
        return 2 * self.reported >= self.active


@dataclass(frozen=True)
class PeriodChoice:
    """Why collect chose its default period: the chosen month's count, and every later
    month with accepted reports that was passed over."""

    chosen: MonthCount
    passed_over: tuple[MonthCount, ...] = ()


@dataclass
class CollectResult:
    """What `collect` hands the workbook writer: every file's report and the submission used
    per insats and month. The workbook never reads the inbox itself."""

    plan: Plan
    period: str  # the chosen period P, "YYYY-MM"
    reports: list[FileReport]  # every file seen: accepted, rejected, ignored, superseded
    used: dict[tuple[str, str], Submission]  # (insats id, "YYYY-MM") -> submission used
    written_at: datetime  # time of the run (UTC-aware)
    late: set[tuple[str, str]] = field(default_factory=set)  # (insats, period) sent late
    choice: PeriodChoice | None = None  # how the default period was chosen (no --period)
    # The previous plan year gathered from the same inbox, when its plan was given: its plan,
    # period "YYYY-12", the reports of the files judged by that plan, and its used
    # submissions of every month (the same batch rules chose them). None without that plan.
    # January's prefill reads it; the workbook's "same period last year" is
    # `last_year_to_date()` (and `same_period_last_year()`, the month it ends with).
    previous: CollectResult | None = None
    # Years of the files ignored because no plan was given for their year (sorted).
    other_years: tuple[int, ...] = ()
    # Every plan the run judged files by (one per year; None: `plan` alone).
    plans: Plans | None = None

    def used_until(self, period: str | None = None) -> list[Submission]:
        """Used submissions of the plan year up to and including `period` (default: P)."""
        last = period or self.period
        year = str(self.plan.ar)
        return [s for (i, p), s in sorted(self.used.items())
                if p.startswith(year) and p <= last]

    def same_period_last_year(self) -> str | None:
        """P's month of the previous year ('YYYY-MM'), when the previous year's plan was
        given (None otherwise, and before P is known)."""
        if self.previous is None or not self.period:
            return None
        return period_str(self.plan.ar - 1, year_month(self.period)[1])

    def last_year_to_date(self) -> list[Submission]:
        """The previous year's used submissions from January up to and including P's month
        (empty without the previous year's plan): "samma period i fjol"."""
        last = self.same_period_last_year()
        return [] if last is None or self.previous is None else self.previous.used_until(last)

    def plan_of(self, report: FileReport) -> Plan:
        """The plan that judged the report: its period's year's, else P's."""
        sub = report.submission
        found = self.plans.for_period(sub.period) if self.plans is not None and \
            sub is not None else None
        return found or self.plan

    def earlier_year(self, report: FileReport) -> bool:
        """A file of an earlier year than P's: judged by its own year's plan and given its
        line, but no letter and no marked copy (its year is closed)."""
        sub = report.submission
        parsed = parse_period(sub.period) if sub is not None and isinstance(sub.period, str) \
            else None
        return parsed is not None and bool(self.period) and \
            parsed[0] < year_month(self.period)[0]
