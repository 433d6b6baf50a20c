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

Move = tuple["Path | None", Path]  # (staged file, target); (None, target) removes the target

# What the letter loop of outbox._staged wrote: (report, letter name, text, staged copy).
Written = tuple[FileReport, str, str, "Path | None"]


def stage_letter_drafts(result: CollectResult, written: list[Written], stage: Path,
                        outbox: Path, taken: set[str]) -> tuple[list[Move], list[history.Letter]]:
    """A draft beside each letter written, and the record of this run's letters (none, and
    an earlier record removed, when there is no letter), in `stage`: (the moves that put
    them in place, the letters with their drafts and whether each is new). `taken`: the
    case-folded names kept in aterkoppling/ (updated)."""
    if not written:  # no letter now: nothing to record (the email package stays unloaded)
        gone = os.path.lexists(outbox / HISTORY_NAME)
        return ([(None, outbox / HISTORY_NAME)] if gone else []), []
    from ..atomic import write_bytes_atomic, write_text_atomic
    from ..coordinator import drafts
    from ..coordinator.letters import letter_draft

    previous = _previous(outbox / HISTORY_NAME)
    now = to_stockholm(result.written_at)
    moves: list[Move] = []
    letters: list[history.Letter] = []
    for report, name, text, copy in written:
        marked = (copy.name, copy.read_bytes()) if copy is not None else None
        msg = letter_draft(report, result.plan, text, marked, now)
        draft = letter_draft_name(name)
        taken.add(draft.casefold())
        staged = write_bytes_atomic(stage / FEEDBACK_DIR / draft, drafts.as_bytes(msg),
                                    fsync=False)
        moves.append((staged, outbox / FEEDBACK_DIR / draft))
        sha = report.submission.sha256 if report.submission is not None else None
        digest = history.text_digest(text)
        insats = _insats(report, result)
        letters.append(history.Letter(
            file=report.file, insats=insats.id if insats is not None else None,
            letter=name, draft=draft,
            marked=copy.name if copy is not None else None, to=msg["To"],
            epost=insats.epost if insats is not None else None, sha256=sha, text=digest,
            new=history.is_new(previous, name, report.file, sha, digest)))
    record = write_text_atomic(stage / HISTORY_NAME, history.dumps(letters), fsync=False)
    moves.append((record, outbox / HISTORY_NAME))
    return moves, letters


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
