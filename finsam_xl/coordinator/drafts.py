"""E-mail drafts the kansli opens in its own mail program and sends: RFC 5322 messages built
with Python's email package (`email.policy.default`, written with CRLF line ends), which
Outlook and Thunderbird open.
  - To: the plan's `samordnare` and `e-post` (Insatser sheet). An insats without an
    address still gets its draft, without a recipient.
  - From: left out, so the mail program fills in the kansli's own account (the plan has no
    address for the kansli). `X-Unsent: 1` makes Outlook open the file as a draft to send.
  - Date: the run's clock (`SOURCE_DATE_EPOCH` fixes it), and a MIME boundary derived from
    the content: the same draft is written with the same bytes.
Headers are built only from what cannot carry another header: the address is the plan's
validated one (`Insats.address`: its domain in punycode), and every text that goes into a
header (the coordinator's name, the subject, an attachment's name) is put on one line with
any RFC 2047 encoded word (`=?utf-8?q?…?=`) taken out (`header_text`), so that a name such
as `=?utf-8?q?evil=0D=0ABcc:_x@attacker.example?=` can never become a `Bcc:` (a mail
program decodes encoded words), and a line break in an insats's name never stops a draft.
Standard library only."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from ..model import Insats
from ..printable import single_line

if TYPE_CHECKING:  # imported where used: `check` starts without the e-mail package
    from email.headerregistry import Address
    from email.message import EmailMessage

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")

Attachment = tuple[str, "bytes | str"]  # (file name, bytes of an .xlsx or text of a letter)


# An RFC 2047 encoded word, and what is left of one when its parts are taken out one by one.
_ENCODED_WORD_RE = re.compile(r"=\?[^?\s]*\?[A-Za-z]?\?[^\s]*?\?=|=\?|\?=")


def header_text(text: str) -> str:
    """`text` as a header may hold it: on one line (`printable.single_line`: no line
    break, no control character), without encoded words, white space collapsed."""
    out = single_line(text)
    while True:
        cleaned = _ENCODED_WORD_RE.sub(" ", out)
        if cleaned == out:
            break
        out = cleaned
    return " ".join(out.split())


def greeting_name(insats: Insats) -> str:
    """The coordinator's name as a draft's greeting and its To: header give it
    (`header_text`); '' when the plan has none (or nothing of it is left)."""
    return header_text(insats.samordnare or "")


def recipient(insats: Insats | None) -> Address | None:
    """The insats's coordinator as an address; None without an insats, without an address,
    with one that is no address (`Insats.address`) or one the email package cannot write.
    The display name is the plan's `samordnare` as a header may hold it (`header_text`)."""
    from email.headerregistry import Address

    if insats is None or insats.address is None:
        return None
    try:
        return Address(display_name=greeting_name(insats), addr_spec=insats.address)
    except Exception:  # noqa: BLE001 - an address the email package cannot write
        return None


def draft(insats: Insats | None, subject: str, body: str, attachments: Sequence[Attachment],
          now: datetime) -> EmailMessage:
    """A draft to the insats's coordinator (None: no recipient) with `body` (plain text) and
    `attachments`."""
    from email import policy
    from email.message import EmailMessage
    from email.utils import format_datetime

    msg = EmailMessage(policy=policy.default)
    to = recipient(insats)
    if to is not None:
        msg["To"] = to
    msg["Subject"] = header_text(subject)
    msg["Date"] = format_datetime(now)
    msg["X-Unsent"] = "1"
    msg.set_content(body)
    for name, data in attachments:
        if isinstance(data, str):
            msg.add_attachment(data, subtype="plain", filename=header_text(name))
        else:
            msg.add_attachment(data, maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1],
                               filename=header_text(name))
    if msg.is_multipart():
        msg.set_boundary(_boundary(msg))
    return msg


def as_bytes(msg: EmailMessage) -> bytes:
    """The draft as it is written to disk (CRLF line ends)."""
    from email import policy

    return msg.as_bytes(policy=policy.SMTP)


def _boundary(msg: EmailMessage) -> str:
    """A MIME boundary derived from the parts' content (the email package draws a random
    one), so that the same draft is written with the same bytes. A boundary must not occur
    in any part: a sha256 of them all, which no part can contain, is safe."""
    from email import policy

    digest = hashlib.sha256()
    for part in msg.iter_parts():
        digest.update(part.as_bytes(policy=policy.SMTP))
    return f"===============finsam-xl-{digest.hexdigest()[:32]}=="
