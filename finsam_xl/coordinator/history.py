"""Which letters are new since the previous collect run, so that a kansli that runs collect
several times a month sends each letter once.

Every run records, for each letter it wrote, the file it answers, that file's sha256 and the
sha256 of the letter's text, in `outbox/.finsam-xl-brev.json` (`names.HISTORY_NAME`), put
in place together with the letters (run/outbox.py): the record always describes the letters
in `outbox/aterkoppling/`. A letter is *new* when the previous record has no letter of that
name, or had it for another file, another version of the file (sha256) or another text (the
findings, the chosen period or the marked copy changed what it says); otherwise it is
*unchanged* and is not announced again.

Decisions where the spec is silent:
- No record (the first run, or an outbox written by an earlier version), or one that cannot
  be read: every letter is new.
- A file that could not be read has no sha256 (null); its letter is compared by its text.
- Names are compared without case, as the letters' names are made unique without case.

Standard library only.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

FORMAT = "finsam-xl-brev/1"


@dataclass(frozen=True)
class Letter:
    """One letter a collect run wrote to `aterkoppling/`, as the terminal and the summary
    show it."""

    file: str  # the inbox file it answers (as every output shows it)
    insats: str | None  # the insats it was meant for (`validate.meant_for`), if known
    letter: str  # its name in aterkoppling/ ('x.txt')
    draft: str | None  # its e-mail draft beside it ('x.eml'); None when it could not be made
    marked: str | None  # the marked copy beside it ('x.xlsx'), if any
    to: str | None  # the draft's recipient ('Namn <adress>'), if any
    epost: str | None  # the address the plan holds for the insats, even an invalid one
    sha256: str | None  # the file's sha256 (None: it could not be read)
    text: str  # sha256 of the letter's text
    new: bool  # new or changed since the previous run
    left_out: tuple[str, ...] = ()  # what the marked copy leaves out of the file (kinds)


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


Record = dict[str, tuple[str, "str | None", str]]  # letter name (case-folded) -> (file, sha, text)


def load(data: bytes | None) -> Record:
    """The previous run's record (`dumps`); empty when there is none or it cannot be read."""
    if data is None:
        return {}
    try:
        doc = json.loads(data.decode("utf-8"))
        if doc.get("format") != FORMAT:
            return {}
        return {str(e["letter"]).casefold(): (str(e["file"]), e["sha256"], str(e["text"]))
                for e in doc["letters"]}
    except (ValueError, TypeError, KeyError, AttributeError):
        return {}


def is_new(previous: Record, letter: str, file: str, sha256: str | None, text: str) -> bool:
    """The letter `letter` for `file` (its sha256) with the text digest `text` is new or
    changed since the run that wrote `previous`."""
    return previous.get(letter.casefold()) != (file, sha256, text)


def dumps(letters: list[Letter]) -> str:
    """The record of this run's letters, as written (UTF-8 JSON, one newline at the end)."""
    return json.dumps({"format": FORMAT, "letters": [
        {"letter": x.letter, "file": x.file, "sha256": x.sha256, "text": x.text}
        for x in letters]}, ensure_ascii=False, indent=1) + "\n"
