"""Writes the follow-up workbook: computes the aggregates, writes the sheets in order, and
replaces `outbox/uppfoljning-<P>.xlsx` atomically (temp file in the same folder, then
os.replace), keeping the previous file under `outbox/tidigare/` (at most PREVIOUS_KEEP per
period)."""

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
from ..errors import FinsamError, os_error_text
from ..model import CollectResult
from . import (andringar, avvikelser, changes, data, finsam, flode, inlamningar, kommentarer,
               manadsdata, om, oversikt, probe, utfall)
from .common import Book, Formats
from .sheetxml import FastWorksheet

PREVIOUS_DIR = "tidigare"
PREVIOUS_KEEP = 5  # earlier workbooks kept in outbox/tidigare per period


def filename(period: str) -> str:
    return f"uppfoljning-{period}.xlsx"


def build(result: CollectResult, path: Path, fast: bool = True,
          earlier: changes.Earlier | None = None) -> None:
    """Write the workbook for `result` to `path` (not atomic; see write_followup). `fast`:
    common.Cells' fast paths and sheetxml.FastWorksheet (the same file either way; tests
    compare the two); used only when they pass their self-check (`probe.fast_writers_ok`).
    `earlier`: the workbook of an earlier period (changes.earlier_workbook), for Ändringar."""
    fast = fast and probe.fast_writers_ok()
    wb = new_workbook(result, path)
    book = new_book(result, wb, fast)
    book.changes = andringar.comparison(book, earlier)
    for name in contract.WB_SHEETS:
        book.sheets[name] = add_sheet(wb, name, fast)
    # Dependency order: each sheet refers to cells that earlier writers placed.
    for module in (data, flode, manadsdata, inlamningar, utfall, finsam, kommentarer, andringar,
                   oversikt, avvikelser, om):
        module.write(book)
    wb.close()


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
                pairs=A.goal_pairs(result.plan), fast=fast)


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


def keep_previous(outbox: Path, period: str) -> Path | None:
    """Keep the workbook now at `outbox/uppfoljning-<P>.xlsx` (if there is one) as
    `outbox/tidigare/uppfoljning-<P>-<UTC time it was written>.xlsx`, a hard link where the
    file system allows it, else a copy; the workbook itself stays in place. Returns the
    kept file. Raises OSError."""
    target = Path(outbox) / filename(period)
    if not target.is_file() or target.is_symlink():
        return None
    previous = _previous_name(Path(outbox), period, target)
    previous.parent.mkdir(exist_ok=True)
    try:
        os.link(target, previous)
    except OSError:
        shutil.copy2(target, previous)
    return previous


def prune_previous(outbox: Path, period: str, keep: int = PREVIOUS_KEEP) -> list[Path]:
    """Remove all but the `keep` newest earlier workbooks of `period` from `outbox/tidigare`
    (newest by the time in their names, then their number); other files there are left
    alone. Returns the removed files; a file that cannot be removed is left."""
    pattern = re.compile(rf"^uppfoljning-{re.escape(period)}-(\d{{8}}T\d{{6}}Z)(?:-(\d+))?\.xlsx$")
    folder = Path(outbox) / PREVIOUS_DIR
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    kept = sorted((m.group(1), int(m.group(2) or 0), name) for name in names
                  if (m := pattern.match(name)) and (folder / name).is_file()
                  and not (folder / name).is_symlink())
    removed = []
    for *_key, name in kept[:max(0, len(kept) - keep)]:
        try:
            (folder / name).unlink()
            removed.append(folder / name)
        except OSError:
            pass
    return removed


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


def write_followup(result: CollectResult, outbox: Path) -> Path:
    """Write `outbox/uppfoljning-<P>.xlsx` atomically and return its path. A previous file of
    the same name is kept as `outbox/tidigare/uppfoljning-<P>-<UTC time it was written>.xlsx`,
    at most PREVIOUS_KEEP of them per period (the oldest are removed); the target name
    always holds a complete workbook (the old one until the new one replaces it in one
    os.replace, see finsam_xl.atomic). `collect` writes its outputs through a staging folder
    instead (collect._write_outputs) and keeps the previous file with the same functions."""
    outbox = Path(outbox)
    try:
        outbox.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FinsamError(M.WB_OUTBOX_FAILED.format(path=outbox, error=os_error_text(exc))) \
            from None
    from ..atomic import atomic_path

    target = outbox / filename(result.period)
    earlier = changes.earlier_workbook(outbox, result.period)
    try:
        with atomic_path(target) as tmp:
            _build_os(result, tmp, earlier)
            keep_previous(outbox, result.period)
    except OSError as exc:
        raise FinsamError(M.WB_WRITE_FAILED.format(path=target, error=os_error_text(exc))) \
            from None
    prune_previous(outbox, result.period)
    return target
