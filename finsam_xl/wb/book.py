"""Writes the follow-up workbook: computes the aggregates, writes the eight sheets in order,
and replaces `outbox/uppfoljning-<P>.xlsx` atomically (temp file in the same folder, then
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
from . import avvikelser, data, flode, inlamningar, manadsdata, om, oversikt, probe, utfall
from .common import Book, Formats
from .sheetxml import FastWorksheet

PREVIOUS_DIR = "tidigare"
PREVIOUS_KEEP = 5  # earlier workbooks kept in outbox/tidigare per period


def filename(period: str) -> str:
    return f"uppfoljning-{period}.xlsx"


def build(result: CollectResult, path: Path, fast: bool = True) -> None:
    """Write the workbook for `result` to `path` (not atomic; see write_followup). `fast`:
    common.Cells' fast paths and sheetxml.FastWorksheet (the same file either way; tests
    compare the two); used only when they pass their self-check (`probe.fast_writers_ok`)."""
    import xlsxwriter

    fast = fast and probe.fast_writers_ok()

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
    for name in contract.WB_SHEETS:
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
    folder = Path(outbox) / PREVIOUS_DIR
    removed = []
    for name in _too_old(folder, period, _kept_names(folder, period), keep):
        try:
            (folder / name).unlink()
            removed.append(folder / name)
        except OSError:
            pass
    return removed


def previous_moves(outbox: Path, period: str, stage: Path, keep: int = PREVIOUS_KEEP
                   ) -> list[tuple[Path | None, Path]]:
    """`keep_previous` and `prune_previous` as moves for `atomic.swap_in`, so that the kept
    workbook comes and the oldest go together with the new outputs, or not at all: the
    workbook now at `outbox/uppfoljning-<P>.xlsx` is staged in `stage` (a hard link where the
    file system allows it, else a copy) to go to its name in `outbox/tidigare/`, and the
    earlier ones beyond the `keep` newest (counting it) are removed. Raises OSError."""
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


def _build_os(result: CollectResult, path: Path) -> None:
    """`build`, raising OSError where xlsxwriter raises its FileCreateError (unwrapped to
    the OSError it carries)."""
    from xlsxwriter.exceptions import FileCreateError

    try:
        build(result, path)
    except FileCreateError as exc:
        inner = next((a for a in exc.args if isinstance(a, OSError)), None)
        raise (inner or OSError(errno.EIO, str(exc))) from None


def build_file(result: CollectResult, target: Path) -> Path:
    """Write the workbook for `result` to `target` atomically (no earlier file is kept).
    Raises OSError."""
    from ..atomic import atomic_path

    with atomic_path(target) as tmp:
        _build_os(result, tmp)
    return Path(target)


def write_followup(result: CollectResult, outbox: Path) -> Path:
    """Write `outbox/uppfoljning-<P>.xlsx` atomically and return its path. A previous file of
    the same name is kept as `outbox/tidigare/uppfoljning-<P>-<UTC time it was written>.xlsx`,
    at most PREVIOUS_KEEP of them per period (the oldest are removed); the target name
    always holds a complete workbook (the old one until the new one replaces it in one
    os.replace, see finsam_xl.atomic). `collect` writes its outputs through a staging folder
    instead (collect._write_outputs), and keeps the previous file with the same rules as
    moves among its others (`previous_moves`)."""
    outbox = Path(outbox)
    try:
        outbox.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FinsamError(M.WB_OUTBOX_FAILED.format(path=outbox, error=os_error_text(exc))) \
            from None
    from ..atomic import atomic_path

    target = outbox / filename(result.period)
    try:
        with atomic_path(target) as tmp:
            _build_os(result, tmp)
            keep_previous(outbox, result.period)
    except OSError as exc:
        raise FinsamError(M.WB_WRITE_FAILED.format(path=target, error=os_error_text(exc))) \
            from None
    prune_previous(outbox, result.period)
    return target
