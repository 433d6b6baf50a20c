"""E-mail drafts the kansli opens in its own mail program and sends: RFC 5322 messages built
with Python's email package (`email.policy.default`, written with CRLF line ends), which
Outlook and Thunderbird open.
  - To: the plan's `samordnare` and `e-post` (Insatser sheet). An insats without an
    address still gets its draft, without a recipient.
  - From: left out, so the mail program fills in the kansli's own account (the plan has no
    address for the kansli). `X-Unsent: 1` makes Outlook open the file as a draft to send.
  - Date: the run's clock (`SOURCE_DATE_EPOCH` fixes it), and a MIME boundary derived from
    the content: the same draft is written with the same bytes.
Standard library only."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from ..model import Insats

if TYPE_CHECKING:  # imported where used: `check` starts without the e-mail package
    from email.headerregistry import Address
    from email.message import EmailMessage

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")

Attachment = tuple[str, "bytes | str"]  # (file name, bytes of an .xlsx or text of a letter)


def recipient(insats: Insats | None) -> Address | None:
    """The insats's coordinator as an address; None without an insats, without an address,
    with one that is no address (`Insats.address`) or one the email package cannot write."""
    from email.headerregistry import Address

    if insats is None or insats.address is None:
        return None
    try:
        return Address(display_name=insats.samordnare or "", addr_spec=insats.address)
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
    msg["Subject"] = subject
    msg["Date"] = format_datetime(now)
    msg["X-Unsent"] = "1"
    msg.set_content(body)
    for name, data in attachments:
        if isinstance(data, str):
            msg.add_attachment(data, subtype="plain", filename=name)
        else:
            msg.add_attachment(data, maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=name)
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
