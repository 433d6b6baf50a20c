"""`finsam-xl remind`: one e-mail draft per insats active in P that has no accepted report,
`outbox/paminnelser/<P>_<insats-id>.eml` (`drafts.py` says how drafts are written).

The inbox is gathered once by the run's own functions (`run.gather`), so remind, status and
collect agree on what is accepted, rejected and used; without --period, P is the month
collect would choose. Each draft's subject and body name the insats, the month and the
deadline; attached is the template for P (prefilled from the same gathered inbox, as
`finsam-xl templates` would write it), or, when the insats's report for P was rejected, the
marked copy of that file (when one can be made) and its feedback letter, as collect writes
them. Every draft is written atomically; drafts for P from an earlier run that are no longer
needed (the report has come in) are removed. Nothing else is written; the run holds the
outbox's lock as collect does.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import messages as M
from .. import pnr
from ..model import REJECTED, CollectResult, FileReport, Insats, Plan
from ..periods import deadline, past_deadline, to_stockholm, year_month
from . import drafts
from .drafts import Attachment
from .names import REMIND_DIR, copy_name, draft_name, letter_name

if TYPE_CHECKING:
    from email.message import EmailMessage


@dataclass(frozen=True)
class Reminder:
    """One draft: its insats, the message, and whether the insats's report was rejected."""

    insats: Insats
    message: EmailMessage
    rejected: bool


def rejected_reports(result: CollectResult, insats: Insats, period: str) -> list[FileReport]:
    """The rejected reports meant for the insats and month (`validate.meant_for`: a
    re-used template named for P whose cells say another month is P's), none when one was
    accepted."""
    from ..validate.meta import meant_for

    return [r for r in result.reports if r.status == REJECTED
            and meant_for(r, result.plan) == (insats.id, period)]


def build_draft(plan: Plan, insats: Insats, period: str, attachments: list[Attachment],
                rejected: list[FileReport], now: datetime) -> EmailMessage:
    """One reminder, worded by the date: before the deadline (or on it) that the report is
    due that day, after it that the report is missing and when the deadline was.
    `attachments`: (file name, bytes for an .xlsx or str for a letter)."""
    manad = M.month_text(period)
    frist = M.date_text(deadline(period, plan.rapportfrist_dag))
    late = past_deadline(period, plan.rapportfrist_dag, now)
    namn = drafts.greeting_name(insats)
    greeting = M.REM_GREETING.format(namn=namn) if namn else M.REM_GREETING_NONAME
    if rejected:
        files = ", ".join(pnr.mask(r.file) for r in rejected)
        body = (M.REM_BODY_REJECTED_OVERDUE if late else M.REM_BODY_REJECTED).format(
            insats=insats.namn, manad=manad, filer=files, frist=frist)
    else:
        body = (M.REM_BODY_OVERDUE if late else M.REM_BODY_MISSING).format(
            insats=insats.namn, manad=manad, frist=frist)
    text = "\n\n".join([greeting, body, M.REM_CLOSING.format(forbund=plan.namn)]) + "\n"
    return drafts.draft(insats, M.REM_SUBJECT.format(insats=insats.namn, manad=manad), text,
                        attachments, now)


def template_attachment(plan: Plan, insats: Insats, period: str,
                        prefill: dict) -> tuple[str, bytes]:
    """The template for `insats` and `period` as `templates` writes it (`prefill`: insats id
    -> (values, notes), `template.as_cells`), as an attachment: (file name, bytes)."""
    from ..template import template_name, write_template

    name = template_name(period, insats)
    values, notes = prefill.get(insats.id, (None, None))
    with tempfile.TemporaryDirectory(prefix="finsam-xl-") as tmp:
        path = write_template(plan, insats, period, Path(tmp) / name, values=values,
                              notes=notes)
        return name, path.read_bytes()


def _rejected_attachments(plan: Plan, rejected: list[FileReport]) -> list[Attachment]:
    """The marked copy (when one can be made) and the letter of each rejected report, named
    as collect names them in outbox/aterkoppling/."""
    from .letters import feedback_text
    from .marked import marked_copy

    out: list[Attachment] = []
    for r in rejected:
        letter = pnr.mask(letter_name(r.file))
        copy = marked_copy(r)
        marked = None
        if copy is not None:
            marked = copy_name(letter)
            out.append((marked, copy.data))
        out.append((letter, feedback_text(r, plan, marked=marked,
                                          left_out=copy.left_out if copy else (),
                                          letter=letter)))
    return out


def reminders(result: CollectResult, now: datetime) -> list[Reminder]:
    """A reminder for every insats active in P without an accepted report, in plan order.
    `result`: the inbox gathered for P (its used reports of the month before P prefill the
    templates)."""
    from ..template import as_cells, prefill_for

    plan, period = result.plan, result.period
    _, month = year_month(period)
    missing = [i for i in plan.active_insatser(month) if (i.id, period) not in result.used]
    prefill = as_cells(prefill_for(plan, period, result)) if missing else {}
    out = []
    for insats in missing:
        rejected = rejected_reports(result, insats, period)
        if rejected:
            attachments = _rejected_attachments(plan, rejected)
        else:
            attachments = [template_attachment(plan, insats, period, prefill)]
        out.append(Reminder(insats, build_draft(plan, insats, period, attachments, rejected,
                                                now), bool(rejected)))
    return out


def write_drafts(found: Sequence[tuple[Insats, EmailMessage]], period: str,
                 folder: Path) -> list[Path]:
    """folder/<P>_<id>.eml per (insats, draft), atomically; the folder's other drafts for P
    (from an earlier run) are removed. Reminders go to outbox/paminnelser/, the start of
    the month's drafts to outbox/utskick/."""
    from ..atomic import write_bytes_atomic

    written = []
    for insats, message in found:
        written.append(write_bytes_atomic(folder / draft_name(period, insats),
                                          drafts.as_bytes(message), fsync=False))
    if folder.is_dir():
        keep = {p.name for p in written}
        for old in sorted(folder.glob(f"{period}_*.eml")):
            if old.name not in keep and old.is_file() and not old.is_symlink():
                old.unlink()
    return written


def remind_for(result: CollectResult, outbox: Path) -> tuple[list[Reminder], list[Path]]:
    """The drafts for the gathered `result`, written to `outbox` (the caller holds the
    outbox's lock): (reminders, their paths)."""
    found = reminders(result, to_stockholm(result.written_at))
    return found, write_drafts([(r.insats, r.message) for r in found], result.period,
                               Path(outbox) / REMIND_DIR)
