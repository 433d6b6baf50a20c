"""Writes the follow-up workbook: computes the aggregates and writes the sheets in order
(`build_file`). collect stages it with its other outputs and puts them in place together
(run/outbox.py), keeping the previous file under `outbox/tidigare/` (at most
PREVIOUS_KEEP per period) by the moves of `previous_moves`."""

from __future__ import annotations

import errno
import os
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

from .. import aggregate as A
from .. import contract
from .. import messages as M
from ..model import CollectResult
from . import (
    andringar,
    avvikelser,
    changes,
    data,
    finsam,
    fjol,
    flode,
    inlamningar,
    kommentarer,
    manadsdata,
    om,
    oversikt,
    probe,
    utfall,
)
from .common import Book, Formats
from .sheetxml import FastWorksheet

PREVIOUS_DIR = "tidigare"
PREVIOUS_KEEP = 5  # earlier workbooks kept in outbox/tidigare per period


def filename(period: str) -> str:
    return f"uppfoljning-{period}.xlsx"


def build(result: CollectResult, path: Path, fast: bool = True,
          earlier: changes.Earlier | None = None) -> None:
    """Write the workbook for `result` to `path` (not atomic: collect stages it, run/outbox.py).
    `fast`:
    common.Cells' fast paths and sheetxml.FastWorksheet (the same file either way; tests
    compare the two); used only when they pass their self-check (`probe.fast_writers_ok`).
    `earlier`: the workbook of an earlier period (changes.earlier_workbook), for Ändringar."""
    fast = fast and probe.fast_writers_ok()
    wb = new_workbook(result, path)
    book = new_book(result, wb, fast)
    book.changes = andringar.comparison(book, earlier)
    for name in sheet_names(book):
        book.sheets[name] = add_sheet(wb, name, fast)
    # Dependency order: each sheet refers to cells that earlier writers placed.
    for module in (data, flode, manadsdata, inlamningar, utfall, fjol, finsam, kommentarer,
                   andringar, oversikt, avvikelser, om):
        module.write(book)
    wb.close()


def sheet_names(book: Book) -> tuple[str, ...]:
    """The workbook's sheets in order: `Samma period i fjol` after Utfall only when the
    previous year's plan is given."""
    if book.last_year is None:
        return contract.WB_SHEETS
    at = contract.WB_SHEETS.index(contract.WB_UTFALL) + 1
    return contract.WB_SHEETS[:at] + (contract.WB_FJOL,) + contract.WB_SHEETS[at:]


def new_workbook(result: CollectResult, path: Path, title: str | None = None):
    """An xlsxwriter Workbook at `path` with fixed document properties (the run's time, so
    that the same run writes the same bytes) and automatic recalculation."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    })
    written = result.written_at
    if written.tzinfo is not None:
        written = written.astimezone(timezone.utc).replace(tzinfo=None)
    wb.set_properties({
        "title": title or M.WB_TITLE.format(forbund=result.plan.namn, ar=result.plan.ar),
        "subject": result.period,
        "author": "finsam-xl",
        "company": result.plan.namn,
        "created": written,
    })
    wb.set_calc_mode("auto")
    return wb


def new_book(result: CollectResult, wb, fast: bool) -> Book:
    """The aggregates of `result` (aggregate.py) and the formats of `wb`, for the writers."""
    long = A.long_frame(result)
    wide = A.wide_frame(long)
    insatser = A.insats_frame(result, wide)
    outcomes = A.outcome_frame(result, wide)
    goals = A.goal_frame(result, insatser, outcomes)
    return Book(result=result, wb=wb, fmt=Formats(wb), p=A.period_month(result), long=long,
                wide=wide, insatser=insatser, outcomes=outcomes, goals=goals,
                headline=A.headline_frame(result, goals), grid=A.submission_grid(result),
                months=A.month_records(wide), flows=A.flow_records(wide),
                info=insatser.to_dict("index"),
                outcome_rows={(r["insats"], r["kategori"]): r
                              for r in outcomes.to_dict("records")},
                pairs=A.goal_pairs(result.plan), fast=fast, last_year=fjol.last_year(result))


def add_sheet(wb, name: str, fast: bool):
    """A FastWorksheet (see sheetxml), or xlsxwriter's own Worksheet where `fast` is off or
    this xlsxwriter cannot take a worksheet class."""
    if fast:
        try:
            return wb.add_worksheet(name, worksheet_class=FastWorksheet)
        except TypeError:  # pragma: no cover - an xlsxwriter without worksheet_class
            pass
    return wb.add_worksheet(name)


def _previous_name(outbox: Path, period: str, target: Path) -> Path:
    stamp = datetime.fromtimestamp(target.stat().st_mtime, timezone.utc)
    base = f"uppfoljning-{period}-{stamp.strftime('%Y%m%dT%H%M%SZ')}"
    folder = outbox / PREVIOUS_DIR
    candidate = folder / f"{base}.xlsx"
    n = 1
    while candidate.exists():
        candidate = folder / f"{base}-{n}.xlsx"
        n += 1
    return candidate


def previous_moves(outbox: Path, period: str, stage: Path, keep: int = PREVIOUS_KEEP
                   ) -> list[tuple[Path | None, Path]]:
    """The earlier workbook kept, and the oldest removed, as moves for `atomic.swap_in`, so
    that the kept workbook comes and the oldest go together with the new outputs, or not at
    all: the workbook now at `outbox/uppfoljning-<P>.xlsx` is staged in `stage` (a hard link
    where the file system allows it, else a copy) to go to its name in `outbox/tidigare/`,
    and the earlier ones beyond the `keep` newest (counting it) are removed. Raises
    OSError."""
    outbox = Path(outbox)
    folder = outbox / PREVIOUS_DIR
    target = outbox / filename(period)
    names = _kept_names(folder, period)
    moves: list[tuple[Path | None, Path]] = []
    if target.is_file() and not target.is_symlink():
        previous = _previous_name(outbox, period, target)
        staged = stage / PREVIOUS_DIR / previous.name
        staged.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(target, staged)
        except OSError:
            shutil.copy2(target, staged)
        moves.append((staged, previous))
        names.append(previous.name)
    moves += [(None, folder / name) for name in _too_old(folder, period, names, keep)]
    return moves


def _kept_names(folder: Path, period: str) -> list[str]:
    """The earlier workbooks of `period` in `folder` (files, not links), by name."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [name for name in names if _previous_pattern(period).match(name)
            and (folder / name).is_file() and not (folder / name).is_symlink()]


def _too_old(folder: Path, period: str, names: list[str], keep: int) -> list[str]:
    """The names beyond the `keep` newest (by the time in the name, then its number)."""
    pattern = _previous_pattern(period)
    kept = sorted((m.group(1), int(m.group(2) or 0), name) for name in names
                  if (m := pattern.match(name)))
    return [name for *_key, name in kept[:max(0, len(kept) - keep)]]


def _previous_pattern(period: str) -> re.Pattern[str]:
    return re.compile(rf"^uppfoljning-{re.escape(period)}-(\d{{8}}T\d{{6}}Z)(?:-(\d+))?\.xlsx$")


def _build_os(result: CollectResult, path: Path,
              earlier: changes.Earlier | None = None) -> None:
    """`build`, raising OSError where xlsxwriter raises its FileCreateError (unwrapped to
    the OSError it carries)."""
    from xlsxwriter.exceptions import FileCreateError

    try:
        build(result, path, earlier=earlier)
    except FileCreateError as exc:
        inner = next((a for a in exc.args if isinstance(a, OSError)), None)
        raise (inner or OSError(errno.EIO, str(exc))) from None


def build_file(result: CollectResult, target: Path,
               earlier: changes.Earlier | None = None) -> Path:
    """Write the workbook for `result` to `target` atomically (no earlier file is kept).
    `earlier`: the workbook of an earlier period, for Ändringar. Raises OSError."""
    from ..atomic import atomic_path

    with atomic_path(target) as tmp:
        _build_os(result, tmp, earlier)
    return Path(target)
