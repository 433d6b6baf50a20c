"""Översikt's two charts (oversikt.py writes the rest of page one): achieved against
expected share of the insatser with a volume (from a small keyed table under the printed
page; left out when no insats has a volume) and the trend of enrolled and new participants
per month over the flow insatser that reported the month (Månadsdata's rows under its
participant block), whose month labels carry an asterisk where a report is missing."""

from __future__ import annotations

from .. import contract
from .. import messages as M
from . import inlamningar, manadsdata
from .common import Book, blank, key_cell, rng, sheet_ref

SHEET = contract.WB_OVERSIKT


def _px(width: float) -> int:
    """Pixels of a column `width` units wide (xlsxwriter's conversion, Calibri 11)."""
    return int(width * 7 + 0.5) + 5


def write(book: Book, ws, row: int, widths: list[float]) -> int:
    """The volume chart and the trend chart, side by side under the tables from `row` on;
    `widths`: the page's column widths. Returns the last row to print; the volume chart's
    data go below it."""
    plan = book.plan
    page = sum(_px(w) for w in widths)
    volume = [i for i in plan.insatser if i.budgeterad_volym]
    trend = bool(book.md_trend)
    height = max(260, 22 * len(volume) + 130) if volume else 260
    left = int(page * (0.58 if trend else 1.0)) if volume else 0
    rows_high = -(-height // 20) + 1  # rows of the default 15 pt (20 px) under the charts
    last_print = row + rows_high
    if volume:
        chart = _volume_chart(book, ws, last_print + 2, volume)
        chart.set_size({"width": left - 8, "height": height})
        ws.insert_chart(row, 0, chart, {"x_offset": 4, "y_offset": 6})
    if trend:
        chart = _trend_chart(book)
        width = page - left - 8 if volume else int(page * 0.6)
        chart.set_size({"width": width, "height": height})
        ws.insert_chart(row, 0, chart, {"x_offset": left + 4, "y_offset": 6})
    return last_print


def _volume_chart(book: Book, ws, row: int, volume):
    """Achieved and expected share of the insatser with a volume: a small table under the
    printed page (keyed like the rows above), and a bar chart over it."""
    fmt = book.fmt
    cells = book.cells(ws)
    cells.string(row, 0, M.WB_OV_CHART_DATA, fmt.section)
    heads = (M.WB_NR,) + M.WB_OV_CHART_HEAD
    for c, h in enumerate(heads):
        cells.string(row + 1, c, h, fmt.header if c == 1 else fmt.header_num)
    first = row + 2
    for r, ins in enumerate(volume, start=first):
        info = book.info[ins.id]
        nr = key_cell(r, 0)
        cells.number(r, 0, book.nr[ins.id], fmt.nr)
        cells.string(r, 1, ins.namn, fmt.text)
        ytd = manadsdata.ytd_lookup(book, nr)
        cells.formula(r, 2, f"={ytd}/{ins.budgeterad_volym}", fmt.pct_calc,
                      info["achieved"])
        cells.formula(r, 3, inlamningar.expected_formula(book, nr), fmt.pct_calc,
                      blank(info["expected"]))
    last = first + len(volume) - 1
    chart = book.wb.add_chart({"type": "bar"})
    for c, name, color in ((2, M.WB_CHART_ACHIEVED, "#2F5597"),
                           (3, M.WB_CHART_EXPECTED, "#A6A6A6")):
        chart.add_series({
            "name": name,
            "categories": sheet_ref(SHEET, rng(first, 1, last, 1, True)),
            "values": sheet_ref(SHEET, rng(first, c, last, c, True)),
            "fill": {"color": color},
            "gap": 60,
        })
    chart.set_title({"name": M.WB_CHART_TITLE, "name_font": {"size": 10, "bold": True}})
    chart.set_x_axis({"num_format": "0 %", "min": 0, "num_font": {"size": 8},
                      "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_y_axis({"reverse": True, "num_font": {"size": 8}})
    chart.set_legend({"position": "bottom", "font": {"size": 8}})
    return chart


def _trend_chart(book: Book):
    """Enrolled at month end and new during the month, all flow insatser, January to P
    (Månadsdata's rows under its participant block); the categories are that block's month
    labels, with an asterisk where a flow insats lacks the month's report."""
    chart = book.wb.add_chart({"type": "line"})
    for which, name, color in ((1, M.WB_TREND_ENROLLED, "#2F5597"),
                               (0, M.WB_TREND_NEW, "#C55A11")):
        chart.add_series({
            "name": name,
            "categories": manadsdata.trend_area(book, 3),
            "values": manadsdata.trend_area(book, which),
            "line": {"color": color, "width": 2.25},
            "marker": {"type": "circle", "size": 5,
                       "fill": {"color": color}, "border": {"color": color}},
        })
    chart.set_title({"name": M.WB_TREND_TITLE, "name_font": {"size": 10, "bold": True}})
    chart.set_y_axis({"min": 0, "num_font": {"size": 8},
                      "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_x_axis({"num_font": {"size": 8}, "name": M.WB_TREND_AXIS,
                      "name_font": {"size": 8, "bold": False, "italic": True}})
    chart.set_legend({"position": "bottom", "font": {"size": 8}})
    return chart
