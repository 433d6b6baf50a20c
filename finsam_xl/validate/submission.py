"""The per-file rules over one readable submission, in the order their findings are listed:
`validate_submission` runs them and returns a `model.FileCheck` (the findings, errors first,
and the normalised period, the plan's insats id, the counts read and any masked text). The
submission is never changed: the caller makes the validated one (`FileCheck.applied_to`).

When the file's name gives a month (`<ÅÅÅÅ-MM>_<insats-id>…`), when it was saved is judged
against that month, the one the coordinator meant (a re-used template of January named for
February is on time for February); otherwise against the month in its cells."""

from __future__ import annotations

from .. import contract
from .. import findings as F
from .. import messages as M
from ..model import ERROR, FileCheck, Finding, Plan, Submission
from .counts import count_rules
from .meta import (
    active_rule,
    file_name_rule,
    forbund_rule,
    insats_rule,
    missing_name,
    name_key,
    period_rule,
    required_names,
)
from .text import personnummer_rule
from .time import time_rule

# A bad period or an unknown insats already says what is wrong with these names.
_META = frozenset({contract.PERIOD, contract.INSATS})


def validate_submission(sub: Submission, plan: Plan, already: list[Finding] | tuple = ()
                        ) -> FileCheck:
    """Per-file rules over a readable submission. `already`: the reader's findings for the
    file; a name the reader reported (for example pointing at #REF!) is not reported again
    as missing."""
    reported = {f.field for f in already}
    out, period, period_ok = period_rule(sub, plan)
    found, insats = insats_rule(sub, plan)
    out += found
    named = name_key(sub.relpath, plan)  # (period, insats) the file's name gives
    if insats is not None and period is not None and period_ok:
        out += active_rule(sub, plan, insats, period)
        out += file_name_rule(sub, plan, period, insats, named)
    out += forbund_rule(sub, plan)
    values: dict[str, int] | None = None
    volume: list[Finding] = []  # the count rules' warning
    if insats is None:
        if not found and M.field_label(contract.INSATS) not in reported:
            out.append(missing_name(sub, contract.INSATS, M.VAL_THE_INSATS))
    else:
        codes = {f.code for f in out}
        unread = _META if {F.BAD_PERIOD.code, F.UNKNOWN_INSATS.code} & codes else frozenset()
        out += required_names(sub, insats, reported, unread)
        errors, volume, values = count_rules(sub, insats)
        out += errors
    text_findings, texts, raw = personnummer_rule(sub)
    out += text_findings + volume
    if insats is not None and period is not None and period_ok:
        out += time_rule(sub, plan, named[0] or period)
    return FileCheck(findings=tuple(_ordered(out)), period=period,
                     insats=insats.id if insats is not None else None, values=values,
                     texts=texts, raw=raw)


def _ordered(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR] + \
        [f for f in findings if f.severity != ERROR]
