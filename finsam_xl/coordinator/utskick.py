"""`finsam-xl utskick`: the start of the month's e-mail drafts, one per insats active in P,
`outbox/utskick/<P>_<insats-id>.eml` (`drafts.py` says how drafts are written).

Each draft sends P's template, prefilled as `finsam-xl templates` writes it (the start cells
from the report collect uses for the month before P, `template.prefill_for`), to the
insats's coordinator; its text is worded as a sending of the template with the deadline's
date, never as a reminder: before P has ended, to fill it in when the month is over; after
that, to fill it in now; after the deadline (a template sent late), to send it as soon as
possible. Standard library only (the template writer is imported when a draft is built).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from .. import messages as M
from ..model import CollectResult, Insats, Plan
from ..periods import deadline, has_ended, past_deadline, year_month
from . import drafts
from .remind import template_attachment


@dataclass(frozen=True)
class Sending:
    """One draft: its insats, the message, and the report its start cells come from (its
    path within the inbox and month), if prefilled."""

    insats: Insats
    message: EmailMessage
    source: tuple[str, str] | None


def sending_text(plan: Plan, insats: Insats, period: str, source: tuple[str, str] | None,
                 now: datetime) -> str:
    """The draft's body: greeting, the sending with the deadline, the prefill, closing."""
    manad = M.month_text(period)
    frist = M.date_text(deadline(period, plan.rapportfrist_dag))
    namn = drafts.greeting_name(insats)
    greeting = M.REM_GREETING.format(namn=namn) if namn else M.REM_GREETING_NONAME
    if past_deadline(period, plan.rapportfrist_dag, now):
        fill = M.UTS_FILL_LATE
    elif has_ended(period, now):
        fill = M.UTS_FILL_NOW
    else:
        fill = M.UTS_FILL_AFTER
    parts = [greeting, M.UTS_BODY.format(insats=insats.namn, manad=manad) + " "
             + fill.format(frist=frist)]
    if source is not None:
        parts.append(M.UTS_PREFILLED.format(fil=source[0], manad=M.month_text(source[1])))
    return "\n\n".join(parts + [M.UTS_CLOSING.format(forbund=plan.namn)]) + "\n"


def sendings(plan: Plan, period: str, result: CollectResult | None,
             now: datetime) -> list[Sending]:
    """A draft for every insats active in P, in plan order, with P's template attached.
    `result`: the inbox gathered for P (its used reports of the month before P prefill the
    templates), None without an inbox."""
    from ..template import as_cells, prefill_for

    prefill = prefill_for(plan, period, result)
    cells = as_cells(prefill)
    out = []
    for insats in plan.active_insatser(year_month(period)[1]):
        p = prefill.get(insats.id)
        source = (p.source, p.period) if p is not None else None
        text = sending_text(plan, insats, period, source, now)
        subject = M.UTS_SUBJECT.format(insats=insats.namn, manad=M.month_text(period))
        attachment = template_attachment(plan, insats, period, cells)
        out.append(Sending(insats, drafts.draft(insats, subject, text, [attachment], now),
                           source))
    return out
