"""The outbox: one run at a time (a lock), and every output of a run put in place together.

collect writes its workbook, the letters, marked copies and the letters' e-mail drafts,
the record of which letters are new (`drafts.py`), and the summary into a staging folder
`outbox/.finsam-xl-ny`, then swaps them in together (`atomic.swap_in`), removing in the same
swap the reminders and start of the month's drafts that the run makes unneeded: a run that
fails at any point leaves the outbox as it was, and the workbook, the letters, the drafts
and the summary in it always come from the same run. `outbox/aterkoppling/` mirrors the
current inbox: each run writes one letter (and its draft) per inbox file that needs one and
removes the letters, copies and drafts there that it did not write (a file that was fixed
or removed needs no feedback). One file's letter, copy or draft that cannot be written is
that file's `Failure` (`letters.py`), not the run's: the workbook is still written.
Letters are not fsync'ed one by one (they are regenerated on every run; the rename still
guarantees no half file after a crash). The workbook a run replaces is kept in
`outbox/tidigare/` (at most wb.book.PREVIOUS_KEEP per period). The inbox is never written:
an outbox inside the inbox, or the reverse, is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import messages as M
from ..coordinator.history import Letter
from ..coordinator.names import FEEDBACK_DIR
from ..errors import FinsamError, os_error_text
from ..model import CollectResult
from .gather import check_inbox
from .letters import Failure
from .pool import gc_paused

if TYPE_CHECKING:
    import filelock

LOCK_NAME = ".finsam-xl.lock"
STAGE_DIR = ".finsam-xl-ny"  # a run's outputs are written here, then swapped in together
ASIDE_DIR = ".finsam-xl-gammalt"  # the outputs they replace, until the swap has succeeded
LOCK_TIMEOUT = 5.0  # seconds a second run waits for the first

Move = tuple["Path | None", Path]  # (staged file, target); (None, target) removes the target


@dataclass
class Outputs:
    """What a collect run wrote."""

    workbook: Path
    summary: Path
    feedback_dir: Path
    feedback: list[Path] = field(default_factory=list)
    marked: list[Path] = field(default_factory=list)  # marked copies beside the letters
    # what could not be written for one file (its letter, copy or draft), and why
    failed: list[Failure] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    letters: list[Letter] = field(default_factory=list)  # each letter, its draft, new or not
    drafts_removed: list[Path] = field(default_factory=list)  # reminders no longer needed
    published: Path | None = None  # the copy for publishing (collect --publicera)


def _inside(a: Path, b: Path) -> bool:
    """a is b or lies inside b."""
    try:
        a.relative_to(b)
        return True
    except ValueError:
        return False


def check_boxes(inbox: Path, outbox: Path) -> None:
    """The inbox exists and is a folder, the outbox is a folder if it exists, and neither
    lies inside the other (FinsamError otherwise)."""
    check_inbox(inbox)
    if outbox.exists() and not outbox.is_dir():
        raise FinsamError(M.COL_OUTBOX_NOT_DIR.format(outbox=outbox))
    a, b = inbox.resolve(), outbox.resolve()
    if _inside(a, b) or _inside(b, a):
        raise FinsamError(M.COL_OVERLAP.format(inbox=inbox, outbox=outbox))


class Lock:
    """filelock on outbox/.finsam-xl.lock; a second run waits LOCK_TIMEOUT seconds."""

    def __init__(self, outbox: Path, timeout: float = LOCK_TIMEOUT):
        self.outbox = outbox
        self.path = outbox / LOCK_NAME
        self.timeout = timeout
        self._lock: filelock.BaseFileLock | None = None

    def __enter__(self):
        import filelock

        try:
            self.outbox.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FinsamError(M.COL_WRITE_FAILED.format(path=self.outbox,
                                                        error=os_error_text(exc))) from None
        self._lock = filelock.FileLock(str(self.path), timeout=self.timeout)
        try:
            self._lock.acquire()
        except filelock.Timeout:
            raise FinsamError(M.COL_LOCKED.format(outbox=self.outbox, lock=self.path)) from None
        except OSError as exc:
            raise FinsamError(M.COL_WRITE_FAILED.format(path=self.path,
                                                        error=os_error_text(exc))) from None
        return self

    def __exit__(self, *exc):
        assert self._lock is not None  # __exit__ runs only after __enter__ took the lock
        self._lock.release()
        return False


def write_outputs(result: CollectResult, outbox: Path, publish: bool = False) -> Outputs:
    """The workbook, then feedback for every file with findings, then the summary, put in
    place together with the workbook it replaces kept in `outbox/tidigare/` (at most
    wb.book.PREVIOUS_KEEP per period), by `atomic.replace_together`: a run that fails or is
    interrupted at any point before that leaves the outbox as it was, one interrupted after
    it has succeeded. `publish`: the copy for publishing too (`wb.publish`; without it, a
    copy of the period an earlier run left goes). FinsamError when any cannot be written:
    the outbox is then as it was."""
    from ..atomic import replace_together
    from ..wb.book import filename, previous_moves

    outbox = Path(outbox)
    stage, aside = outbox / STAGE_DIR, outbox / ASIDE_DIR
    out = Outputs(workbook=outbox / filename(result.period), feedback_dir=outbox / FEEDBACK_DIR,
                  summary=outbox / f"sammanfattning-{result.period}.json")
    with gc_paused():
        try:
            replace_together(stage, aside, lambda staging: _staged(result, out, staging, publish)
                             + previous_moves(outbox, result.period, staging))
        except OSError as exc:
            where = str(exc.filename or outbox).replace(str(stage), str(outbox), 1)
            raise FinsamError(M.COL_WRITE_FAILED.format(path=where, error=os_error_text(exc))) \
                from None
    return out


def _staged(result: CollectResult, out: Outputs, stage: Path, publish: bool = False
            ) -> list[Move]:
    """Write the workbook, a letter for every file that needs one, and the summary into
    `stage`; fill `out` (final paths, and the letters of earlier runs that go); return the
    moves that put them in place."""
    from ..atomic import write_text_atomic
    from ..coordinator.letters import needs_letter
    from ..wb import changes
    from ..wb import publish as published
    from ..wb.book import build_file
    from .drafts import stage_letter_drafts, unneeded_drafts
    from .letters import stage_letter
    from .summary import summary_json

    earlier = changes.earlier_workbook(out.workbook.parent, result.period)  # for Ändringar
    moves: list[Move] = [(build_file(result, stage / out.workbook.name, earlier), out.workbook)]
    copy_moves = published.staged(result, out.workbook, stage, publish)  # --publicera
    out.published = next((target for staged, target in copy_moves if staged), None)
    moves += copy_moves
    taken: set[str] = set()
    written = []
    for r in result.reports:
        if not needs_letter(r, result):
            continue
        letter_moves, letter = stage_letter(r, result, stage, out.feedback_dir, taken,
                                            out.failed)
        moves += letter_moves
        if letter is None:
            continue
        if letter.copy_name is not None:
            out.marked.append(out.feedback_dir / letter.copy_name)
        out.feedback.append(out.feedback_dir / letter.letter)
        written.append(letter)
    drafts, out.letters = stage_letter_drafts(result, written, stage, out.workbook.parent, taken,
                                              out.failed)
    moves += drafts
    moves += _stale_letters(out, taken)
    out.drafts_removed = unneeded_drafts(result, out.workbook.parent)
    moves += [(None, path) for path in out.drafts_removed]
    summary = write_text_atomic(stage / out.summary.name,
                                summary_json(result, out.workbook.name, out.letters,
                                             out.failed))
    moves.append((summary, out.summary))
    return moves


def _stale_letters(out: Outputs, taken: set[str]) -> list[Move]:
    """Letters, copies and drafts of earlier runs that no file needs any more: removed."""
    if not out.feedback_dir.is_dir():
        return []
    moves: list[Move] = []
    for old in sorted(out.feedback_dir.iterdir()):
        if old.suffix in (".txt", ".xlsx", ".eml") and old.name.casefold() not in taken \
                and old.is_file() and not old.is_symlink():
            out.removed.append(old)
            moves.append((None, old))
    return moves
