"""Sheet `Samma period i fjol`, written only when the previous year's plan is given: one row
per insats of last year's plan with its figures of January to P's month of that year, every
one a formula over the `Data` table's rows of last year (collect puts them there, beside
this year's: a period is a date, so no formula of this year reads them). Översikt's column
"Samma period i fjol" reads `Hittills` here by insats id, for an insats that is in both
plans with the same level and unit ("I år"); the förbund's goals read the sums here for
last year's figure of a goal whose id is in both plans (oversikt_mal.py).

The year to date is counted as this year's: enrolled at the start of the first month with a
report, plus every new participant, for a participant insats; the sum of the monthly counts
for the others. The first month's start needs no MIN (Excel 2007 has no MINIFS): of the
months January..M, a month's start counts only when no month before it has a row in Data,
so exactly the first reported month's start is added. The lowest month-end enrolment is the
MIN of the month-end cells of the row (one per month, empty where the month has no report).
Every criterion names the insats id, a field and last year's dates, so sorting this sheet or
Data moves no number to another insats."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import aggregate as A
from .. import contract
from .. import messages as M
from ..model import CollectResult, Goal, Insats
from . import data
from .common import FIRST_ROW, HEADER_ROW, Book, date_formula, fit_height, rng, sheet_ref, xl_text

SHEET = contract.WB_FJOL
COL_ID, COL_NAMN, COL_NIVA, COL_ENHET, COL_IAR, COL_YTD, COL_LOW, COL_AVSL = range(8)
COL_CAT0 = COL_AVSL + 1
COL_SVAR = COL_CAT0 + len(contract.KATEGORIER)
COL_POS = COL_SVAR + 1
COL_MONTH0 = COL_POS + 1  # month-end enrolment of January, February, ...
NAMES = {COL_ID: "id", COL_NIVA: "niva", COL_IAR: "iar", COL_YTD: "ytd", COL_LOW: "lagsta",
         COL_AVSL: "avslutade", COL_SVAR: "svar", COL_POS: "positiva",
         **{COL_CAT0 + k: f"utfall_{kat}" for k, kat in enumerate(contract.KATEGORIER)}}
WIDTHS = {COL_ID: 22, COL_NAMN: 30, COL_NIVA: 8, COL_ENHET: 10, COL_IAR: 6}
NUMBER_WIDTH = 11


@dataclass
class LastYear:
    """Last year seen up to P's month (`aggregate.last_year`), and its figures per insats as
    the sheet's formulas compute them (the cached values)."""

    result: CollectResult
    month: int  # M: P's month
    figures: dict[str, dict[str, int | None]] = field(default_factory=dict)

    @property
    def plan(self):
        return self.result.plan


def last_year(result: CollectResult) -> LastYear | None:
    """The previous year's figures for the workbook; None without its plan."""
    seen = A.last_year(result)
    if seen is None:
        return None
    month = int(seen.period[5:])
    out = LastYear(seen, month)
    for ins in seen.plan.insatser:
        out.figures.setdefault(ins.id, _figures(seen, ins, month))
    return out


def _figures(seen: CollectResult, ins: Insats, month: int) -> dict[str, int | None]:
    """One insats's figures, January..`month` of last year (None: nothing reported)."""
    year = seen.plan.ar
    subs = [s for m in range(1, month + 1)
            if (s := seen.used.get((ins.id, f"{year}-{m:02d}"))) is not None]
    out: dict[str, int | None] = {}
    total = {name: sum(s.values.get(name, 0) for s in subs) for name in contract.count_names(ins)}
    if ins.flow:
        first = subs[0] if subs else None
        start = sum(first.values.get(contract.start(k), 0) for k in contract.KON) if first else 0
        out["ytd"] = start + sum(total[contract.nya(k)] for k in contract.KON) if subs else None
        out["avslutade"] = sum(total[contract.avslutade(k)] for k in contract.KON)
        for kat in contract.KATEGORIER:
            out[f"utfall_{kat}"] = sum(total[contract.utfall_name(kat, k)] for k in contract.KON)
        ends = [sum(contract.month_end(s.values, k) for k in contract.KON) for s in subs]
        for m in range(1, month + 1):
            s = seen.used.get((ins.id, f"{year}-{m:02d}"))
            out[f"m{m}"] = None if s is None else sum(contract.month_end(s.values, k)
                                                       for k in contract.KON)
        out["lagsta"] = min(ends) if ends else None
    else:
        out["ytd"] = total[contract.ANTAL_NAME] if subs else None
    if ins.enkat:
        out["svar"] = total[contract.ENKAT_SVAR]
        out["positiva"] = total[contract.ENKAT_POSITIVA]
    return out


def same_kind(book: Book, ins: Insats) -> bool:
    """Last year's insats `ins` is in this year's plan with the same id, level and unit."""
    now = book.plan.insats(ins.id)
    return now is not None and (now.niva, now.enhet) == (ins.niva, ins.enhet)


# ----------------------------------------------------------------------------- formulas


def area(book: Book, col: int) -> str:
    """The sheet's column `col` as formulas elsewhere read it (a workbook-scoped name)."""
    return contract.WB_NAME_FJOL.format(column=NAMES[col])


def define_names(book: Book, last: int) -> None:
    for col, name in NAMES.items():
        book.wb.define_name(contract.WB_NAME_FJOL.format(column=name),
                            "=" + sheet_ref(SHEET, rng(FIRST_ROW, col, last, col, True)))


def _dates(book: Book, ly: LastYear) -> tuple[str, str]:
    period = data.column(book, data.COL_PERIOD)
    year = ly.plan.ar
    return (f'{period},">="&{date_formula(year, 1)}',
            f'{period},"<="&{date_formula(year, ly.month)}')


def _sumifs(book: Book, insats_id: str, falt: str, period: str) -> str:
    return (f"SUMIFS({data.column(book, data.COL_VARDE)},{data.column(book, data.COL_INSATS)},"
            f"{xl_text(insats_id)},{data.column(book, data.COL_FALT)},{xl_text(falt)},"
            f"{period})")


def _reported(book: Book, insats_id: str, period: str) -> str:
    return f"COUNTIFS({data.column(book, data.COL_INSATS)},{xl_text(insats_id)},{period})"


def ytd_formula(book: Book, ly: LastYear, ins: Insats) -> str:
    """Hittills i fjol, January..M of last year (empty without a report)."""
    first, last = _dates(book, ly)
    span = f"{first},{last}"
    year = ly.plan.ar
    if not ins.flow:
        total = _sumifs(book, ins.id, contract.WB_DATA_FALT["antal"], span)
    else:
        period = data.column(book, data.COL_PERIOD)
        start = contract.WB_DATA_FALT["start"]
        terms = [_sumifs(book, ins.id, start, f"{period},{date_formula(year, 1)}")]
        for m in range(2, ly.month + 1):
            before = f'{first},{period},"<"&{date_formula(year, m)}'
            terms.append(f"IF({_reported(book, ins.id, before)}=0,"
                         f"{_sumifs(book, ins.id, start, f'{period},{date_formula(year, m)}')},"
                         "0)")
        total = "+".join(terms + [_sumifs(book, ins.id, contract.WB_DATA_FALT["nya"], span)])
    return f'=IF({_reported(book, ins.id, span)}=0,"",{total})'


def month_end_formula(book: Book, ly: LastYear, ins: Insats, month: int) -> str:
    """Enrolled at the end of `month` of last year (start + new - ended; empty without)."""
    at = f"{data.column(book, data.COL_PERIOD)},{date_formula(ly.plan.ar, month)}"
    f = contract.WB_DATA_FALT
    return (f'=IF({_reported(book, ins.id, at)}=0,"",{_sumifs(book, ins.id, f["start"], at)}'
            f'+{_sumifs(book, ins.id, f["nya"], at)}-{_sumifs(book, ins.id, f["avslutade"], at)})')


# ----------------------------------------------------------------------------- the sheet


def columns(ly: LastYear) -> list[tuple[int, str]]:
    """(column, header) of the sheet."""
    heads = list(enumerate(M.WB_FJ_HEAD))
    heads += [(COL_CAT0 + k, M.WB_FJ_CAT.format(kategori=M.KATEGORI_LABEL[kat].lower()))
              for k, kat in enumerate(contract.KATEGORIER)]
    heads += [(COL_SVAR, M.WB_FJ_SVAR), (COL_POS, M.WB_FJ_POSITIVA)]
    heads += [(COL_MONTH0 + m - 1, M.WB_FJ_MONTH_END.format(manad=M.MANADER_KORT[m - 1]))
              for m in range(1, ly.month + 1)]
    return heads


def write(book: Book) -> None:
    ly = book.last_year
    if ly is None:
        return
    ws = book.ws(SHEET)
    fmt = book.fmt
    cells = book.cells(ws)
    heads = columns(ly)
    last_col = heads[-1][0]
    ws.write_string(0, 0, SHEET, fmt.title)
    ws.write_string(1, 0, M.WB_SUBTITLE.format(manad=M.MANADER[ly.month - 1], ar=ly.plan.ar,
                                               period=ly.result.period), fmt.subtitle)
    book.note(ws, M.WB_FJ_NOTE.format(manad=M.MANADER[ly.month - 1], ar=ly.plan.ar),
              min(last_col, 12), 30)
    for c, head in heads:
        cells.string(HEADER_ROW, c, head, fmt.header if c <= COL_IAR else fmt.header_num)
    row = FIRST_ROW
    for ins in ly.plan.insatser:
        _row(book, ly, cells, row, ins)
        row += 1
    last = max(row - 1, FIRST_ROW)
    define_names(book, last)
    widths = [(c, WIDTHS.get(c, NUMBER_WIDTH)) for c, _h in heads]
    for c, w in widths:
        ws.set_column(c, c, w)
    fit_height(ws, HEADER_ROW, [(h, dict(widths)[c]) for c, h in heads], minimum=2, bold=True)
    ws.freeze_panes(FIRST_ROW, COL_NAMN + 1)
    ws.autofilter(HEADER_ROW, 0, last, last_col)
    book.page_setup(ws)


def _row(book: Book, ly: LastYear, cells, row: int, ins: Insats) -> None:
    fmt = book.fmt
    fig = ly.figures[ins.id]
    cells.string(row, COL_ID, ins.id, fmt.text)
    cells.string(row, COL_NAMN, ins.namn, fmt.wrap)
    cells.string(row, COL_NIVA, M.WB_NIVA[ins.niva], fmt.text)
    cells.string(row, COL_ENHET, ins.enhet, fmt.text)
    if same_kind(book, ins):
        cells.string(row, COL_IAR, M.WB_FJ_YES, fmt.text)
    first, last = _dates(book, ly)
    span = f"{first},{last}"
    cells.formula(row, COL_YTD, ytd_formula(book, ly, ins), fmt.int_calc, _shown(fig["ytd"]))
    if ins.flow:
        f = contract.WB_DATA_FALT
        cells.formula(row, COL_AVSL, "=" + _sumifs(book, ins.id, f["avslutade"], span),
                      fmt.int_calc, fig["avslutade"])
        for k, kat in enumerate(contract.KATEGORIER):
            cells.formula(row, COL_CAT0 + k,
                          "=" + _sumifs(book, ins.id, data.utfall_falt(kat), span),
                          fmt.int_calc, fig[f"utfall_{kat}"])
        for m in range(1, ly.month + 1):
            cells.formula(row, COL_MONTH0 + m - 1, month_end_formula(book, ly, ins, m),
                          fmt.int_calc, _shown(fig[f"m{m}"]))
        months = rng(row, COL_MONTH0, row, COL_MONTH0 + ly.month - 1)
        cells.formula(row, COL_LOW, f'=IF(COUNT({months})=0,"",MIN({months}))', fmt.int_calc,
                      _shown(fig["lagsta"]))
    if ins.enkat:
        for col, key, falt in ((COL_SVAR, "svar", "enkat_svar"),
                               (COL_POS, "positiva", "enkat_positiva")):
            cells.formula(row, col,
                          "=" + _sumifs(book, ins.id, contract.WB_DATA_FALT[falt], span),
                          fmt.int_calc, fig[key])


def _shown(value: int | None) -> int | str:
    return "" if value is None else value


# ----------------------------------------------------------------------------- lookups


def ytd_lookup(book: Book, ins: Insats) -> str:
    """Översikt's "Samma period i fjol" of this year's insats `ins`: last year's year to
    date from this sheet by id, for an insats of the same kind in both plans (else empty)."""
    key = xl_text(ins.id)
    return (f'=IF(COUNTIFS({area(book, COL_ID)},{key},{area(book, COL_IAR)},'
            f'{xl_text(M.WB_FJ_YES)})=0,"",INDEX({area(book, COL_YTD)},'
            f'MATCH({key},{area(book, COL_ID)},0)))')


def ytd_value(book: Book, ins: Insats) -> int | str:
    ly = book.last_year
    prev = ly.plan.insats(ins.id) if ly is not None else None
    if ly is None or prev is None or not same_kind(book, prev):
        return ""
    return _shown(ly.figures[ins.id]["ytd"])


def members(ly: LastYear, goal: Goal) -> list[Insats]:
    return [i for i in ly.plan.insatser if goal.applies_to(i)]


def total(book: Book, ly: LastYear, goal: Goal, col: int, criterion: str | None = None) -> str:
    """The sum of the column `col` over the insatser last year's `goal` applied to, or with
    `criterion` (such as '">="&5') how many of them have a value in `col` that meets it: by
    one criterion on the level when they are a whole level (or all), else by id."""
    values = area(book, col)
    group = _group(ly, goal)
    if group == "alla":
        return f"COUNTIFS({values},{criterion})" if criterion else f"SUM({values})"
    pairs = ([f"{area(book, COL_NIVA)},{xl_text(M.WB_NIVA[group])}"] if group is not None
             else [f"{area(book, COL_ID)},{xl_text(i.id)}" for i in members(ly, goal)])
    if not pairs:
        return "0"
    if criterion:
        return "+".join(f"COUNTIFS({values},{criterion},{pair})" for pair in pairs)
    return "+".join(f"SUMIFS({values},{pair})" for pair in pairs)


def _group(ly: LastYear, goal: Goal) -> str | None:
    """'alla', 'individ' or 'struktur' when the goal's insatser are exactly that group of
    last year's plan (so one criterion finds them), else None."""
    mine = {i.id for i in members(ly, goal)}
    if mine == {i.id for i in ly.plan.insatser}:
        return "alla"
    for niva in ("individ", "struktur"):
        if mine == {i.id for i in ly.plan.insatser if i.niva == niva}:
            return niva
    return None
