"""The rule on the free-text fields: `personnummer` (warning).

The reader masks a personnummer in fx_kommentar and fx_rapporterad_av and records which
fields held one (`Submission.pnr_fields`); the mask text in a field says the same. As a second
line of defence, any number the reader left is masked here: the rule returns the masked texts
for the caller to put in the validated submission, before anything is written. The finding
never contains the number (only the field and the cell).
"""

from __future__ import annotations

from .. import contract, pnr
from .. import findings as F
from .. import messages as M
from ..model import Finding, Submission
from .cells import at

_TEXT_ATTR = {contract.KOMMENTAR: "kommentar", contract.RAPPORTERAD_AV: "rapporterad_av"}


def personnummer_rule(sub: Submission) -> tuple[list[Finding], dict[str, str], dict[str, str]]:
    """(findings, {attribute: masked text}, {name: masked raw value}) for the free-text
    fields that held a personnummer; the dicts hold only texts in which one was left."""
    flagged = set(sub.pnr_fields or ())
    texts: dict[str, str] = {}
    raw: dict[str, str] = {}
    for name, attr in _TEXT_ATTR.items():
        for text, masked, key in ((getattr(sub, attr), texts, attr),
                                  (sub.raw.get(name), raw, name)):
            if not isinstance(text, str) or not text:
                continue
            if contract.PNR_MASK in text:
                flagged.add(name)
            if pnr.contains(text):
                flagged.add(name)
                masked[key] = pnr.mask(text)
    findings = [at(F.PERSONNUMMER, sub, name, expected=M.VAL_EXP_NO_PNR)
                for name in contract.TEXT if name in flagged]
    return findings, texts, raw
