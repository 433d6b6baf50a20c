"""The rules on when a file was saved (warnings), by its dcterms:modified in Swedish time.

Documented decisions where the spec leaves room:
- Late (`late`): saved on a later day than `rapportfrist_dag` of the following month (the
  day is clamped to the month's length; `periods.deadline`). A file without a modified time
  is never late.
- Early (`early`): saved before the first day of the month after the report's period: the
  report was saved before its month ended (or its period cell holds a later month than the
  one it was filled in for).
"""

from __future__ import annotations

from .. import contract
from .. import findings as F
from .. import messages as M
from ..model import Finding, Plan, Submission, parse_period
from ..periods import deadline, month_end, to_stockholm
from .cells import at

TIME_FORMAT = "%Y-%m-%d %H:%M"


def is_late(sub: Submission, plan: Plan) -> bool:
    """Saved (Swedish time) after the deadline of its period."""
    if sub.modified is None or not isinstance(sub.period, str) or not parse_period(sub.period):
        return False
    return to_stockholm(sub.modified).date() > deadline(sub.period, plan.rapportfrist_dag)


def time_rule(sub: Submission, plan: Plan, period: str) -> list[Finding]:
    """`late` (saved after the deadline) or `early` (saved before the month ended) for a
    file whose normalised period is `period`."""
    if sub.modified is None:
        return []
    local = to_stockholm(sub.modified)
    sparad = local.strftime(TIME_FORMAT)
    frist = deadline(period, plan.rapportfrist_dag)
    if local.date() > frist:
        return [F.finding(F.LATE, sub.relpath, value=sparad,
                          expected=M.VAL_EXP_LATE.format(frist=frist.isoformat()), sparad=sparad,
                          frist=frist.isoformat(), dag=plan.rapportfrist_dag)]
    first = month_end(period)
    if local.date() < first:
        return [at(F.EARLY, sub, contract.PERIOD, value=sparad,
                   expected=M.VAL_EXP_EARLY.format(forsta=first.isoformat()), sparad=sparad,
                   manad=M.month_text(period), period=period)]
    return []
