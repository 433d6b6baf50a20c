"""The names of what goes back to a coordinator, in one place: the letter
`outbox/aterkoppling/<path>.txt` (the file's path within the inbox without its extension,
folders joined with `__`), the marked copy `<path>.xlsx` and the letter's e-mail draft
`<path>.eml` beside it, the record of the letters a run wrote
(`outbox/.finsam-xl-brev.json`, coordinator/history.py), the reminder draft
`outbox/paminnelser/<P>_<insats-id>.eml` and the start of the month's draft
`outbox/utskick/<P>_<insats-id>.eml`. When inbox files map to the same name
(`a/b.xlsx` and `a__b.xlsx`, or `x.xls` and `x.xlsx`; compared without case), the first in
path order gets the plain name and the others keep their extension (`x.xlsx.txt`)."""

from __future__ import annotations

from ..model import Insats

FEEDBACK_DIR = "aterkoppling"
REMIND_DIR = "paminnelser"
UTSKICK_DIR = "utskick"
HISTORY_NAME = ".finsam-xl-brev.json"


def letter_name(relpath: str) -> str:
    """'sub/dir/2025-03_isa.xlsx' -> 'sub__dir__2025-03_isa.txt'."""
    parts = relpath.split("/")
    stem, dot, _ = parts[-1].rpartition(".")
    parts[-1] = stem if dot and stem else parts[-1]
    return "__".join(parts) + ".txt"


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
    candidates = [name, "__".join(relpath.split("/")) + ".txt"]
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
