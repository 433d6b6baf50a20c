"""Sheet `Ändringar`: when the outbox held the workbook written for an earlier period P′ of
the year (the report the board last saw; changes.py reads it), every value of a month up to
P′ that differs from it: insats, month, measure, gender, the value then, the value now and
the file it now comes from. One sentence instead when nothing changed, when there was no
such workbook, or when it could not be read. Översikt's third row says how many values
changed (`summary`, a COUNT over this table's month column).

The values here are a record of what differed when this workbook was written, so they are
plain values, not formulas."""

from __future__ import annotations

from .. import contract
from .. import messages as M
from . import changes as CH
from . import data
from .common import (
    FIRST_ROW,
    HEADER_ROW,
    Book,
    fit_height,
    rng,
    serial,
    sheet_ref,
    write_text,
    xl_text,
)

SHEET = contract.WB_ANDRINGAR
WIDTHS = (5, 30, 9, 30, 9, 9, 9, 36)  # Nr, Insats, Månad, Mått, Kön, Då, Nu, Fil
COL_MONTH = 2


def comparison(book: Book, earlier: CH.Earlier | None) -> CH.Comparison | None:
    """The comparison of this workbook's Data with `earlier`'s (None without one)."""
    if earlier is None:
        return None
    now: dict[CH.Key, int] = {}
    files: dict[CH.Key, str] = {}
    month_files: dict[tuple[str, str], str] = {}
    labels = {}
    for insats, period, name, value, file in zip(
            book.long["insats"].tolist(), book.long["period"].tolist(),
            book.long["name"].tolist(), book.long["value"].tolist(),
            book.long["file"].tolist(), strict=True):
        if name not in labels:
            labels[name] = data.falt_kon(name)
        key = (insats, period, *labels[name])
        now[key] = now.get(key, 0) + int(value)
        files[key] = "" if file is None else str(file)
        month_files[(insats, period)] = files[key]
    names = contract.FLOW + contract.ANTAL + contract.ENKAT
    field_order = {data.falt_kon(n): k for k, n in enumerate(names)}
    nr = book.nr

    def order(key: CH.Key) -> tuple:
        return (nr.get(key[0], len(nr) + 1), key[0], key[1],
                field_order.get((key[2], key[3]), len(field_order)), key[2], key[3])

    return CH.compare(earlier, now, files, month_files, order)


def _month(period: str) -> str:
    return M.MONTH_TEXT.format(manad=M.MANADER[int(period[5:]) - 1], ar=period[:4])


def write(book: Book) -> None:
    ws = book.ws(SHEET)
    fmt = book.fmt
    cells = book.cells(ws)
    book.heading(ws, SHEET)
    comp = book.changes
    if comp is not None:
        note = M.WB_AN_NOTE.format(manad=_month(comp.earlier.period),
                                   fil=comp.earlier.path.name)
        book.note(ws, note, len(WIDTHS) - 1, 30)
    for c, h in enumerate(M.WB_AN_HEAD):
        cells.string(HEADER_ROW, c, h, fmt.header_center if c == 0 else fmt.header_num
                     if c in (5, 6) else fmt.header_indent if c == 7 else fmt.header)
    row = FIRST_ROW
    for ch in comp.changes if comp is not None else ():
        ins = book.plan.insats(ch.insats)
        name = ins.namn if ins else ch.insats
        if ins is not None:
            cells.number(row, 0, book.nr[ins.id], fmt.nr)
        cells.string(row, 1, name, fmt.wrap)
        cells.number(row, COL_MONTH, serial(int(ch.period[:4]), int(ch.period[5:])),
                     fmt.period)
        cells.string(row, 3, ch.falt, fmt.wrap)
        cells.string(row, 4, ch.kon, fmt.text)
        for c, value in ((5, ch.then), (6, ch.now)):
            if value is not None:
                cells.number(row, c, value, fmt.int)
        write_text(ws, row, 7, ch.file or M.WB_AN_NO_FILE, fmt.wrap_indent, fmt.wrap_q,
                   cells.string)
        fit_height(ws, row, [(name, WIDTHS[1]), (ch.falt, WIDTHS[3]), (ch.file, WIDTHS[7])])
        row += 1
    book.memo["andringar"] = (FIRST_ROW, max(row - 1, FIRST_ROW))
    if row == FIRST_ROW:
        cells.string(row, 1, _none_text(comp), fmt.subtitle)
    else:
        ws.autofilter(HEADER_ROW, 0, row - 1, len(WIDTHS) - 1)
    for c, w in enumerate(WIDTHS):
        ws.set_column(c, c, w)
    ws.set_row(HEADER_ROW, 30)
    ws.freeze_panes(FIRST_ROW, 2)
    book.page_setup(ws)


def _none_text(comp: CH.Comparison | None) -> str:
    if comp is None:
        return M.WB_AN_NO_EARLIER
    if comp.earlier.error is not None:
        return M.WB_AN_ERROR.format(fil=comp.earlier.path.name, fel=comp.earlier.error)
    return M.WB_AN_NONE.format(manad=_month(comp.earlier.period))


def summary(book: Book) -> tuple[str, str] | None:
    """(formula, cached text) for Översikt: how many values changed since the report for
    P′ (a COUNT of this sheet's months); None without an earlier workbook."""
    comp = book.changes
    if comp is None:
        return None
    manad = _month(comp.earlier.period)
    if comp.earlier.error is not None:
        text = M.WB_OV_CHANGES_ERROR.format(manad=manad)
        return f"={xl_text(text)}", text
    first, last = book.memo["andringar"]
    n = f"COUNT({sheet_ref(SHEET, rng(first, COL_MONTH, last, COL_MONTH, True))})"
    none, one = M.WB_OV_CHANGES_NONE.format(manad=manad), M.WB_OV_CHANGES_ONE.format(manad=manad)
    many = M.WB_OV_CHANGES.format(manad=manad, n="{n}")
    before, after = many.split("{n}")
    formula = (f"=IF({n}=0,{xl_text(none)},IF({n}=1,{xl_text(one)},"
               f"{xl_text(before)}&{n}&{xl_text(after)}))")
    k = len(comp.changes)
    return formula, none if k == 0 else one if k == 1 else M.WB_OV_CHANGES.format(manad=manad,
                                                                                  n=k)
