"""The inbox, listed: every path under it that gets a line, as every output shows it.

The inbox is only ever read. Folders are descended into; links never are (no loop can hang
a run, and a link to '/' cannot make it read the disk): a link to a file is read wherever it
points, a link to a folder or to nothing is ignored and listed (`reader.classify`). Files in
hidden folders of the inbox (`.git/…`) are ignored and listed like hidden files.
Standard library only.
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import pnr
from ..printable import one_line

Item = tuple[Path, str, str]  # (path, path within the inbox as shown, path within the inbox)


def scan(inbox: Path) -> list[Item]:
    """(path, path within `inbox` as shown, path within `inbox`) of everything under
    `inbox` that is not a folder it descends into: files, symbolic links of every kind,
    special files, and folders that cannot be listed. Each gets exactly one line. The shown
    path is the path as outputs show it (`shown`); the list is sorted by it. Paths within
    `inbox` use '/' and are computed once per folder. OSError when the inbox itself cannot
    be listed."""
    found = []
    stack = [(Path(inbox), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = [(e.name, _descend(e)) for e in entries]
        except OSError:
            if not prefix:
                raise  # the inbox itself: the caller says so
            found.append((folder, prefix[:-1]))  # a folder that cannot be listed: one line
            continue
        for name, descend in listed:
            if descend:
                stack.append((folder / name, f"{prefix}{name}/"))
            else:
                found.append((folder / name, prefix + name))
    out = [(p, shown(rel), rel) for p, rel in found]
    out.sort(key=lambda item: (item[1], item[2]))
    return out


def scan_inbox(inbox: Path) -> list[Path]:
    """Every path under `inbox` that gets a line (see `scan`), sorted by the path within
    the inbox."""
    return [p for p, _shown, _rel_path in scan(Path(inbox))]


def shown(path_text: str) -> str:
    """A path as every output shows it (terminal, letters and their names, summary,
    workbook): bytes of a file name that are not UTF-8 (which Python keeps as surrogate
    escapes, and no file or console can write) become U+FFFD, control characters are made
    visible (`printable.one_line`: a name with a line break, a carriage return or an escape
    sequence stays one line), and any personnummer is masked (`pnr.mask`; first, so that a
    line break between the digits is a separator)."""
    if any("\udc80" <= ch <= "\udcff" for ch in path_text):
        path_text = path_text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return one_line(pnr.mask(path_text))


def hidden_dir(relpath: str) -> bool:
    """A path within the inbox that lies in a hidden folder."""
    return any(part.startswith(".") for part in relpath.split("/")[:-1])


def _descend(entry: os.DirEntry) -> bool:
    """A real folder (not a link to one) is descended into."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False
