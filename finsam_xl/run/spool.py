"""Where the bytes the reader read wait until a run knows which files get a marked copy.

A marked copy is made from the bytes the reader read and checked (`Submission.data`), never
from a second open of the file. Which files get one is known only after the batch rules (a
stock-flow warning names a cell of an accepted file), so every file's bytes must be kept
until then. Sent back from the worker processes with the reports, they cost the national run
(14 112 files, about 10 kB each) 0.5 s of pickling and 160 MB of peak memory: memory freed
in small pieces, allocated by the pool's result thread, is not given back to the operating
system before the workbook is built. So a worker writes the bytes of the files it read to a
file of its chunk in the run's private temporary folder (`store`) and sends back where they
are; the reports carry no bytes. Once the batch rules have run, the few files whose
findings name a cell get theirs back (`Spool.give_back`), and the folder is removed
(`Spool.close`, at the end of the gathering whatever happens). Files read in this process
(a run of few files, or the rest of a broken pool) keep their bytes in memory, as the
reader returned them. Standard library only."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from ..model import FileReport

Stored = dict[str, tuple[int, int]]  # file (as shown) -> (offset, length) in a chunk's file


def store(reports: Sequence[FileReport], path: Path) -> Stored:
    """Worker: the reports' bytes written to `path` and taken off their submissions; where
    each is."""
    stored: Stored = {}
    with open(path, "ab") as fh:
        for r in reports:
            sub = r.submission
            if sub is None or sub.data is None:
                continue
            stored[r.file] = (fh.tell(), len(sub.data))
            fh.write(sub.data)
            sub.data = None
    return stored


class Spool:
    """The run's private temporary folder of stored bytes, and where each file's are."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.at: dict[str, tuple[Path, int, int]] = {}

    def chunk_file(self, n: int) -> Path:
        """The file the worker reading chunk `n` writes its bytes to."""
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="finsam-xl-"))
        return self.folder / f"{n}.bin"

    def stored(self, path: Path, stored: Stored) -> None:
        self.at.update((f, (path, off, n)) for f, (off, n) in stored.items())

    def give_back(self, reports: Sequence[FileReport],
                  keep: Callable[[FileReport], bool]) -> None:
        """The bytes of the reports `keep` says may need them, back on their submissions."""
        for r in reports:
            where = self.at.get(r.file)
            if where is None or r.submission is None or r.submission.data is not None or \
                    not keep(r):
                continue
            path, offset, n = where
            with open(path, "rb") as fh:
                fh.seek(offset)
                r.submission.data = fh.read(n)

    def close(self) -> None:
        """Remove the folder (nothing is left of the files' bytes on the disk)."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
        self.at.clear()
