"""The e-mail drafts a collect run writes and removes, staged with its other outputs
(`outbox.py`), so that the outbox always holds one run's state:
  - beside every letter `aterkoppling/<path>.txt`, its draft `<path>.eml` (the letter as
    the body, the marked copy attached; `coordinator.letters.letter_draft`), and which
    letters are new since the previous run (`coordinator.history`, its record put in place
    with the letters);
  - reminders (`paminnelser/`) and start of the month's drafts (`utskick/`) for an insats
    and month whose report this run uses: no longer needed, so removed.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

from ..coordinator import history
from ..coordinator.names import (
    FEEDBACK_DIR,
    HISTORY_NAME,
    REMIND_DIR,
    UTSKICK_DIR,
    letter_draft_name,
)
from ..model import CollectResult, FileReport
from ..periods import parse_period, to_stockholm
from .letters import DRAFT, Failure, StagedLetter, guarded

Move = tuple["Path | None", Path]  # (staged file, target); (None, target) removes the target


def stage_letter_drafts(result: CollectResult, written: list[StagedLetter], stage: Path,
                        outbox: Path, taken: set[str], failures: list[Failure]
                        ) -> tuple[list[Move], list[history.Letter]]:
    """A draft beside each letter written, and the record of this run's letters (none, and
    an earlier record removed, when there is no letter), in `stage`: (the moves that put
    them in place, the letters with their drafts and whether each is new). `taken`: the
    case-folded names kept in aterkoppling/ (updated). A draft that cannot be made or
    written is that file's `Failure` (its letter has no draft)."""
    if not written:  # no letter now: nothing to record (the email package stays unloaded)
        gone = os.path.lexists(outbox / HISTORY_NAME)
        return ([(None, outbox / HISTORY_NAME)] if gone else []), []
    from ..atomic import write_text_atomic

    previous = _previous(outbox / HISTORY_NAME)
    now = to_stockholm(result.written_at)
    moves: list[Move] = []
    letters: list[history.Letter] = []
    for x in written:
        report = x.report
        staged = guarded(report.file, DRAFT, failures, partial(_stage_draft, x, result, stage,
                                                               now))
        draft, to = (None, None) if staged is None else (staged[0], staged[2])
        if staged is not None:
            taken.add(staged[0].casefold())
            moves.append((staged[1], outbox / FEEDBACK_DIR / staged[0]))
        sha = report.submission.sha256 if report.submission is not None else None
        digest = history.text_digest(x.text)
        insats = _insats(report, result)
        letters.append(history.Letter(
            file=report.file, insats=insats.id if insats is not None else None,
            letter=x.letter, draft=draft, marked=x.copy_name, to=to,
            epost=insats.epost if insats is not None else None, sha256=sha, text=digest,
            new=history.is_new(previous, x.letter, report.file, sha, digest),
            left_out=x.copy.left_out if x.copy is not None else ()))
    record = write_text_atomic(stage / HISTORY_NAME, history.dumps(letters), fsync=False)
    moves.append((record, outbox / HISTORY_NAME))
    return moves, letters


def _stage_draft(x: StagedLetter, result: CollectResult, stage: Path, now
                 ) -> tuple[str, Path, str | None]:
    """The letter's draft written into `stage`: (its name, the staged file, its
    recipient)."""
    from ..atomic import write_bytes_atomic
    from ..coordinator import drafts
    from ..coordinator.letters import letter_draft

    marked = (x.copy_name, x.copy.data) if x.copy is not None and x.copy_name else None
    msg = letter_draft(x.report, result.plan, x.text, marked, now)
    name = letter_draft_name(x.letter)
    staged = write_bytes_atomic(stage / FEEDBACK_DIR / name, drafts.as_bytes(msg), fsync=False)
    return name, staged, msg["To"]


def _insats(report: FileReport, result: CollectResult):
    from ..validate.meta import meant_for

    return result.plan.insats(meant_for(report, result.plan)[0])


def _previous(path: Path) -> history.Record:
    try:
        data = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    except OSError:
        data = None
    return history.load(data)


def unneeded_drafts(result: CollectResult, outbox: Path) -> list[Path]:
    """Reminders and start of the month's drafts `<P>_<insats-id>.eml` for an insats and
    month whose report this run uses: the report has come in, so they are no longer
    needed. Only the plan year's months up to the run's P are judged (a draft for a later
    month is left for the run that compiles it)."""
    out = []
    for folder in (REMIND_DIR, UTSKICK_DIR):
        where = outbox / folder
        if not where.is_dir():
            continue
        for path in sorted(where.glob("*.eml")):
            period, _, insats_id = path.stem.partition("_")
            if parse_period(period) is not None and (insats_id, period) in result.used \
                    and path.is_file() and not path.is_symlink():
                out.append(path)
    return out
