"""One file's letter and marked copy, staged with a collect run's other outputs (`outbox.py`);
its e-mail draft is staged by `drafts.py`. One file never stops the month: whatever goes
wrong writing one file's letter, copy or draft (a name the file system does not take, a bug
in finsam-xl met making the copy or the draft) becomes that file's `Failure`, which the
terminal shows as a line of its own and the summary records, and the run goes on to write
the workbook. Only an error of the outbox itself (disk full, a read-only disk, permission
denied, an input/output error: `RUN_WIDE`), which no other output could escape either,
still stops the run, with the outbox left as it was.

Names are bounded (`coordinator.names`): a file whose name is too long for a name of the
outbox gets a shortened one, and its letter says so."""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..coordinator.names import FEEDBACK_DIR, copy_name, unique_letter_name
from ..errors import os_error_text
from ..model import CollectResult, FileReport

if TYPE_CHECKING:
    from ..coordinator.marked.package import MarkedCopy

Move = tuple["Path | None", Path]  # (staged file, target); (None, target) removes the target
T = TypeVar("T")

# Operating-system errors of the outbox as a whole: they stop the run (no output escapes
# them), any other error writing one file's output is that file's alone.
RUN_WIDE = frozenset(getattr(errno, n) for n in (
    "ENOSPC", "EDQUOT", "EROFS", "EIO", "EACCES", "EPERM", "ENOMEM", "EMFILE", "ENFILE")
    if hasattr(errno, n))

LETTER, MARKED, DRAFT = "letter", "marked", "draft"


@dataclass(frozen=True)
class Failure:
    """What could not be written for one file: its letter, its marked copy or its draft,
    and why (the Swedish text of the operating system's error; or, for a bug in finsam-xl,
    None and the exception's type in `bug`)."""

    file: str
    what: str  # LETTER, MARKED or DRAFT
    reason: str | None
    bug: str | None = None


def guarded(file: str, what: str, failures: list[Failure], make: Callable[[], T]) -> T | None:
    """`make()`, or None when it fails for this file alone (recorded in `failures`); an
    error of the whole outbox (`RUN_WIDE`) is raised."""
    try:
        return make()
    except OSError as exc:
        if exc.errno in RUN_WIDE:
            raise
        failures.append(Failure(file, what, os_error_text(exc)))
    except Exception as exc:  # noqa: BLE001 - a bug in finsam-xl: the file's line; the run goes on
        failures.append(Failure(file, what, None, type(exc).__name__))
    return None


@dataclass(frozen=True)
class StagedLetter:
    """One file's letter as staged: its name, text and marked copy (None when there is
    none), with the copy's name."""

    report: FileReport
    letter: str
    text: str
    copy: MarkedCopy | None
    copy_name: str | None


def stage_letter(report: FileReport, result: CollectResult, stage: Path, feedback_dir: Path,
                 taken: set[str], failures: list[Failure]
                 ) -> tuple[list[Move], StagedLetter | None]:
    """The letter for `report` and its marked copy written into `stage` (the moves that put
    them in place, and what was staged; None and no moves when the letter itself cannot be
    written). `taken`: the case-folded names kept in aterkoppling/ (updated)."""
    from ..atomic import write_bytes_atomic, write_text_atomic
    from ..coordinator.letters import feedback_text
    from ..coordinator.marked import marked_copy

    name = unique_letter_name(report.file, taken)
    folder = stage / FEEDBACK_DIR
    moves: list[Move] = []
    copy = guarded(report.file, MARKED, failures, lambda: marked_copy(report))
    cname = None
    if copy is not None:
        candidate, data = copy_name(name), copy.data
        staged = guarded(report.file, MARKED, failures, lambda: write_bytes_atomic(
            folder / candidate, data, fsync=False))
        if staged is None:
            copy = None
        else:
            cname = candidate
            taken.add(cname.casefold())
            moves.append((staged, feedback_dir / cname))
    text = guarded(report.file, LETTER, failures, lambda: feedback_text(
        report, result.plan_of(report), result.period, cname,
        copy.left_out if copy is not None else (), letter=name))
    letter = None if text is None else guarded(
        report.file, LETTER, failures,
        lambda: write_text_atomic(folder / name, text, fsync=False))
    if text is None or letter is None:
        taken.discard(name.casefold())  # the previous run's letter of that name goes
        if cname is not None:
            taken.discard(cname.casefold())
        return [], None
    moves.append((letter, feedback_dir / name))
    return moves, StagedLetter(report, name, text, copy, cname)
