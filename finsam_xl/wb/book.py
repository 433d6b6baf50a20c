"""Writes the follow-up workbook: computes the aggregates, writes the eight sheets in order,
and replaces `outbox/uppfoljning-<P>.xlsx` atomically (temp file in the same folder, then
os.replace), keeping the previous file under `outbox/tidigare/`."""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

from .. import aggregate as A
from .. import messages as M
from ..errors import FinsamError
from ..model import CollectResult
from . import avvikelser, data, flode, inlamningar, manadsdata, om, oversikt, utfall
from .common import Book, Formats
from .sheetxml import FastWorksheet

PREVIOUS_DIR = "tidigare"


def filename(period: str) -> str:
    return f"uppfoljning-{period}.xlsx"


def build(result: CollectResult, path: Path, fast: bool = True) -> None:
    """Write the workbook for `result` to `path` (not atomic; see write_followup). `fast`:
    common.Cells' fast paths and sheetxml.FastWorksheet (the same file either way; tests
    compare the two)."""
    import xlsxwriter

    long = A.long_frame(result)
    wide = A.wide_frame(long)
    insatser = A.insats_frame(result, wide)
    outcomes = A.outcome_frame(result, wide)
    goals = A.goal_frame(result, insatser, outcomes)
    headline = A.headline_frame(result, goals)
    grid = A.submission_grid(result)

    wb = xlsxwriter.Workbook(str(path), {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    })
    written = result.written_at
    if written.tzinfo is not None:
        written = written.astimezone(timezone.utc).replace(tzinfo=None)
    wb.set_properties({
        "title": M.WB_TITLE.format(forbund=result.plan.namn, ar=result.plan.ar),
        "subject": result.period,
        "author": "finsam-xl",
        "company": result.plan.namn,
        "created": written,
    })
    wb.set_calc_mode("auto")
    book = Book(result=result, wb=wb, fmt=Formats(wb), p=A.period_month(result), long=long,
                wide=wide, insatser=insatser, outcomes=outcomes, goals=goals,
                headline=headline, grid=grid,
                months=A.month_records(wide), flows=A.flow_records(wide),
                info=insatser.to_dict("index"),
                outcome_rows={(r["insats"], r["kategori"]): r
                              for r in outcomes.to_dict("records")},
                pairs=A.goal_pairs(result.plan), fast=fast)
    for name in M.WB_SHEETS:
        book.sheets[name] = _add_sheet(wb, name, fast)
    # Dependency order: each sheet refers to cells that earlier writers placed.
    for module in (data, flode, manadsdata, inlamningar, utfall, oversikt, avvikelser, om):
        module.write(book)
    wb.close()


def _add_sheet(wb, name: str, fast: bool):
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


def _file_create_error():
    from xlsxwriter.exceptions import FileCreateError

    return FileCreateError


def write_followup(result: CollectResult, outbox: Path) -> Path:
    """Write `outbox/uppfoljning-<P>.xlsx` atomically and return its path. A previous file of
    the same name is kept as `outbox/tidigare/uppfoljning-<P>-<UTC time it was written>.xlsx`;
    the target name always holds a complete workbook (the old one until the new one replaces
    it in one os.replace, see finsam_xl.atomic)."""
    from ..atomic import atomic_path

    outbox = Path(outbox)
    try:
        outbox.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FinsamError(M.WB_OUTBOX_FAILED.format(path=outbox, error=exc.strerror or exc)) \
            from None
    target = outbox / filename(result.period)
    try:
        with atomic_path(target) as tmp:
            build(result, tmp)
            if target.exists():
                previous = _previous_name(outbox, result.period, target)
                previous.parent.mkdir(exist_ok=True)
                try:
                    os.link(target, previous)  # keep the old file; the target stays in place
                except OSError:
                    shutil.copy2(target, previous)
    except (OSError, _file_create_error()) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise FinsamError(M.WB_WRITE_FAILED.format(path=target, error=reason)) from None
    return target
