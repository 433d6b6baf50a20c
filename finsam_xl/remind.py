"""`finsam-xl remind` (SPEC section 2): one e-mail draft per insats active in P that has no
accepted report, `outbox/paminnelser/<P>_<insats-id>.eml`.

The inbox is read through collect's own functions (`collect.gather`), so remind, status
and collect agree on what is accepted, rejected and used; without --period, P is the month
collect would choose. Each draft is an RFC 5322 message built with Python's email package
(`email.policy.default`, written with CRLF line ends), which Outlook and Thunderbird open:
  - To: the plan's `samordnare` and `e-post` (Insatser sheet). An insats without an
    address still gets its draft, without a recipient, and is listed in the terminal.
  - From: left out, so the mail program fills in the kansli's own account (the plan has no
    address for the kansli). `X-Unsent: 1` makes Outlook open the file as a draft to send.
  - Subject and body in Swedish: the insats, the month and the deadline.
  - Attachments: the template for P (prefilled as `finsam-xl templates` would write it),
    or, when the insats's report for P was rejected, the marked copy of that file (when one
    can be made) and its feedback letter, as collect writes them.
Every draft is written atomically; drafts for P from an earlier run that are no longer
needed (the report has come in) are removed. Nothing else is written; the run holds the
outbox's lock as collect does.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from . import messages as M
from . import pnr
from .errors import FinsamError
from .model import REJECTED, CollectResult, FileReport, Insats, Plan
from .periods import date_text, deadline, month_text, to_stockholm, year_month

REMIND_DIR = "paminnelser"
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def draft_name(period: str, insats: Insats) -> str:
    return f"{period}_{insats.id}.eml"


def rejected_reports(result: CollectResult, insats: Insats, period: str) -> list[FileReport]:
    """The rejected reports for the insats and month (none when one was accepted)."""
    return [r for r in result.reports if r.status == REJECTED and r.submission is not None
            and r.submission.insats == insats.id and r.submission.period == period]


def _recipient(insats: Insats) -> Address | None:
    if not insats.epost:
        return None
    try:
        return Address(display_name=insats.samordnare or "", addr_spec=insats.epost)
    except Exception:  # noqa: BLE001 - an address the email package cannot write
        return None


def build_draft(plan: Plan, insats: Insats, period: str,
                attachments: Sequence[tuple[str, bytes | str]], rejected: list[FileReport],
                now: datetime) -> EmailMessage:
    """One draft. `attachments`: (file name, bytes for an .xlsx or str for a letter)."""
    manad = month_text(period)
    frist = date_text(deadline(period, plan.rapportfrist_dag))
    msg = EmailMessage(policy=policy.default)
    to = _recipient(insats)
    if to is not None:
        msg["To"] = to
    msg["Subject"] = M.REM_SUBJECT.format(insats=insats.namn, manad=manad)
    msg["Date"] = format_datetime(now)
    msg["X-Unsent"] = "1"
    greeting = M.REM_GREETING.format(namn=insats.samordnare) if insats.samordnare \
        else M.REM_GREETING_NONAME
    if rejected:
        files = ", ".join(pnr.mask(r.file) for r in rejected)
        body = M.REM_BODY_REJECTED.format(insats=insats.namn, manad=manad, filer=files,
                                          frist=frist)
    else:
        body = M.REM_BODY_MISSING.format(insats=insats.namn, manad=manad, frist=frist)
    msg.set_content("\n\n".join([greeting, body, M.REM_CLOSING.format(forbund=plan.namn)])
                    + "\n")
    for name, data in attachments:
        if isinstance(data, str):
            msg.add_attachment(data, subtype="plain", filename=name)
        else:
            msg.add_attachment(data, maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=name)
    if msg.is_multipart():
        msg.set_boundary(_boundary(msg))
    return msg


def _boundary(msg: EmailMessage) -> str:
    """A MIME boundary derived from the parts' content (the email package draws a random
    one), so that the same draft is written with the same bytes. A boundary must not occur
    in any part: a sha256 of them all, which no part can contain, is safe."""
    import hashlib

    digest = hashlib.sha256()
    for part in msg.iter_parts():
        digest.update(part.as_bytes(policy=policy.SMTP))
    return f"===============finsam-xl-{digest.hexdigest()[:32]}=="


def _template_bytes(plan: Plan, insats: Insats, period: str, prefill: dict) -> tuple[str, bytes]:
    from .template import template_name, write_template

    name = template_name(period, insats)
    values, notes = prefill.get(insats.id, (None, None))
    with tempfile.TemporaryDirectory(prefix="finsam-xl-") as tmp:
        path = write_template(plan, insats, period, Path(tmp) / name, values=values,
                              notes=notes)
        return name, path.read_bytes()


def _rejected_attachments(plan: Plan, rejected: list[FileReport]
                          ) -> list[tuple[str, bytes | str]]:
    """The marked copy (when one can be made) and the letter of each rejected report, named
    as collect names them in outbox/aterkoppling/."""
    from .collect import feedback_name
    from .feedback import feedback_text
    from .marked import marked_bytes

    out: list[tuple[str, bytes | str]] = []
    for r in rejected:
        letter = pnr.mask(feedback_name(r.file))
        copy = marked_bytes(r)
        marked = None
        if copy is not None:
            marked = letter[:-4] + ".xlsx"
            out.append((marked, copy))
        out.append((letter, feedback_text(r, plan, marked=marked)))
    return out


def reminders(result: CollectResult, inbox: Path, now: datetime
              ) -> list[tuple[Insats, EmailMessage, bool]]:
    """(insats, draft, rejected?) for every insats active in P without an accepted report,
    in plan order."""
    from .prefill import prefill_for

    plan, period = result.plan, result.period
    _, month = year_month(period)
    missing = [i for i in plan.active_insatser(month) if (i.id, period) not in result.used]
    prefill = {i: (p.values, p.notes) for i, p in prefill_for(plan, period, inbox).items()} \
        if missing else {}
    out = []
    for insats in missing:
        rejected = rejected_reports(result, insats, period)
        if rejected:
            attachments = _rejected_attachments(plan, rejected)
        else:
            attachments = [_template_bytes(plan, insats, period, prefill)]
        out.append((insats, build_draft(plan, insats, period, attachments, rejected, now),
                    bool(rejected)))
    return out


def write_drafts(drafts: list[tuple[Insats, EmailMessage, bool]], period: str,
                 outbox: Path) -> list[Path]:
    """outbox/paminnelser/<P>_<id>.eml per draft, atomically; the folder's other drafts for P
    (from an earlier run) are removed."""
    from .atomic import write_bytes_atomic

    folder = Path(outbox) / REMIND_DIR
    written = []
    for insats, msg, _rej in drafts:
        written.append(write_bytes_atomic(folder / draft_name(period, insats),
                                          msg.as_bytes(policy=policy.SMTP), fsync=False))
    if folder.is_dir():
        keep = {p.name for p in written}
        for old in sorted(folder.glob(f"{period}_*.eml")):
            if old.name not in keep and old.is_file() and not old.is_symlink():
                old.unlink()
    return written


def run_remind(inbox: Path, outbox: Path, plan_file: Path | None, period: str | None,
               echo) -> int:
    """The `remind` command. Returns the number of drafts written."""
    from .collect import _check_boxes, _Lock, _validate_period, gather
    from .errors import os_error_text
    from .plan import resolve_plan

    inbox, outbox = Path(inbox), Path(outbox)
    plan = resolve_plan(plan_file)
    period = _validate_period(period, plan)
    _check_boxes(inbox, outbox)
    with _Lock(outbox):
        result = gather(inbox, plan, period)
        if not result.period:
            raise FinsamError(M.REM_NO_PERIOD.format(inbox=inbox))
        drafts = reminders(result, inbox, to_stockholm(result.written_at))
        try:
            paths = write_drafts(drafts, result.period, outbox)
        except OSError as exc:
            raise FinsamError(M.REM_WRITE_FAILED.format(path=exc.filename or outbox,
                                                        error=os_error_text(exc))) from None
    manad = month_text(result.period)
    if not drafts:
        echo(M.REM_NONE.format(manad=manad))
        return 0
    for (_insats, msg, rejected), path in zip(drafts, paths, strict=True):
        line = M.REM_LINE_REJECTED if rejected else M.REM_LINE_MISSING
        echo(line.format(path=path, till=msg["To"] or M.REM_NO_RECIPIENT))
    no_address = [i.id for i, msg, _r in drafts if msg["To"] is None]
    if no_address:
        echo(M.REM_NO_ADDRESS.format(ids=", ".join(no_address)))
    echo(M.plural(M.REM_DONE, len(paths)).format(n=len(paths), manad=manad,
                                                 path=outbox / REMIND_DIR))
    return len(paths)
