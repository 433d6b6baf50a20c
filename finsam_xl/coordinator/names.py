"""The names of what goes back to a coordinator, in one place: the letter
`outbox/aterkoppling/<path>.txt` (the file's path within the inbox without its extension,
folders joined with `__`), the marked copy `<path>.xlsx` and the letter's e-mail draft
`<path>.eml` beside it, the record of the letters a run wrote
(`outbox/.finsam-xl-brev.json`, coordinator/history.py), the reminder draft
`outbox/paminnelser/<P>_<insats-id>.eml` and the start of the month's draft
`outbox/utskick/<P>_<insats-id>.eml`. When inbox files map to the same name
(`a/b.xlsx` and `a__b.xlsx`, or `x.xls` and `x.xlsx`; compared without case), the first in
path order gets the plain name and the others keep their extension (`x.xlsx.txt`).

Names are bounded: a name (without its extension) of more than NAME_BYTES bytes (UTF-8), a
long file name or deep folders joined with `__`, is shortened to its beginning and a stable
hash of the whole (`~` and ten hex digits of its sha256), so that the letter, its copy, its
draft and the temporary names beside them (atomic.py) stay within what a file system holds
(255 bytes a name); the letter names the file in full (`shortened`). An insats id is at most
model.ID_MAX characters (the plan refuses longer ones), so the reminders' and the start of
the month's names are bounded too."""

from __future__ import annotations

import hashlib

from ..model import Insats

FEEDBACK_DIR = "aterkoppling"
REMIND_DIR = "paminnelser"
UTSKICK_DIR = "utskick"
HISTORY_NAME = ".finsam-xl-brev.json"


# The longest name of a letter, copy or draft without its extension, in bytes (UTF-8): with
# a number added (' (2)'), an extension kept ('.xlsx') and atomic.py's temporary name around
# it (about 20 bytes), within the 255 bytes of a name that file systems allow.
NAME_BYTES = 180
_HASH_CHARS = 10


def bounded(stem: str) -> str:
    """`stem`, or, when it is longer than NAME_BYTES bytes, its beginning and a stable hash
    of the whole: 'aaaa…~1a2b3c4d5e'."""
    raw = stem.encode("utf-8", "surrogatepass")
    if len(raw) <= NAME_BYTES:
        return stem
    digest = hashlib.sha256(raw).hexdigest()[:_HASH_CHARS]
    head = raw[:NAME_BYTES - _HASH_CHARS - 1].decode("utf-8", "ignore")
    return f"{head}~{digest}"


def _joined(relpath: str) -> str:
    parts = relpath.split("/")
    stem, dot, _ = parts[-1].rpartition(".")
    parts[-1] = stem if dot and stem else parts[-1]
    return "__".join(parts)


def letter_name(relpath: str) -> str:
    """'sub/dir/2025-03_isa.xlsx' -> 'sub__dir__2025-03_isa.txt' (bounded)."""
    return bounded(_joined(relpath)) + ".txt"


def shortened(relpath: str) -> bool:
    """The letter for `relpath` has a shortened name (`bounded`): its letter says so."""
    return len(_joined(relpath).encode("utf-8", "surrogatepass")) > NAME_BYTES


def copy_name(letter: str) -> str:
    """The marked copy beside the letter `letter`: 'x.txt' -> 'x.xlsx'."""
    return letter[:-4] + ".xlsx"


def letter_draft_name(letter: str) -> str:
    """The e-mail draft beside the letter `letter`: 'x.txt' -> 'x.eml'."""
    return letter[:-4] + ".eml"


def unique_letter_name(relpath: str, taken: set[str]) -> str:
    """A letter name for `relpath` not used yet in this run (compared without case, for file
    systems that ignore it): the plain name, else the name with the file's extension kept,
    else a number added. `taken` holds case-folded names and is updated."""
    name = letter_name(relpath)
    candidates = [name, bounded("__".join(relpath.split("/"))) + ".txt"]
    n = 2
    while True:
        for c in candidates:
            if c.casefold() not in taken:
                taken.add(c.casefold())
                return c
        candidates = [f"{name[:-4]} ({n}).txt"]
        n += 1


def draft_name(period: str, insats: Insats) -> str:
    """The reminder (or start of the month's) draft for `insats` and `period`:
    '2025-03_isa.eml'."""
    return f"{period}_{insats.id}.eml"
