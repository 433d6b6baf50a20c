"""Reading many files in parallel, with the same results as one by one.

With more than PARALLEL_MIN_FILES files, the files are parsed in worker processes
(`Reading`, one per CPU, at most MAX_JOBS) in chunks, and the reports come back in path
order, so every result, line and output is the same as when they are read here one by one
(tests/test_parallel.py compares the two). collect starts the workers before it reads the
plan and imports pandas and xlsxwriter, so those overlap with the parsing; the plan's rules
run in this process, as the reports arrive. A pool that cannot start or breaks (a worker
killed) leaves the rest of the files to be read here. Python's cyclic garbage collector is
paused while the reports and the workbook are built (`gc_paused`).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import FileReport
from .read import read_part
from .spool import Spool, Stored, store

if TYPE_CHECKING:  # at run time imported where used (start-up: `check` needs none of it)
    from concurrent.futures import Future, ProcessPoolExecutor

# Files are parsed in a pool of worker processes (one per CPU, at most MAX_JOBS) when there
# are more than PARALLEL_MIN_FILES of them; fewer are read in this process (starting a pool
# costs more than it saves). `JOBS` overrides the number of workers (1 = never a pool; tests
# set it).
PARALLEL_MIN_FILES = 64
MAX_JOBS = 8  # beyond this, this process (validating what the workers send) is the limit
JOBS: int | None = None
# The pool's multiprocessing start method: None = the platform's default (fork on Linux up to
# Python 3.13, forkserver from 3.14, spawn on Windows and macOS). Everything a worker runs is
# a module-level function of this package, importable in a fresh process, so every method
# gives the same results (tests/test_parallel.py runs the pool under spawn and fork).
START_METHOD: str | None = None

Item = tuple[Path, str, str | None]  # (path, relpath, within)


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@contextmanager
def gc_paused():
    """Python's cyclic garbage collector off while a run builds its many long-lived, acyclic
    objects (reports, frames, workbook cells): with it on, about a tenth of a run went to
    collections that found nothing to free (benchmarks/results.md). Reference counting frees
    everything as usual; the collector is switched back on afterwards (if it was on)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _worker_start() -> None:
    """A pool worker turns the collector back on (forked while it was paused) and leaves
    Ctrl-C to the main process, which stops the pool: so an interrupted run prints no
    traceback from the workers."""
    import signal

    gc.enable()
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):  # pragma: no cover - not the main thread / no signals
        pass


def _read_chunk(items: list[tuple[str, str, str | None]], spool_file: str | None = None
                ) -> tuple[list[FileReport], Stored]:
    """Worker: `read_part` over a chunk of (path, relpath, within); the files' bytes written
    to `spool_file` (`spool.store`) instead of sent back with the reports."""
    reports = [read_part(Path(p), rel, within) for p, rel, within in items]
    stored = store(reports, Path(spool_file)) if spool_file is not None else {}
    return reports, stored


class Reading:
    """The parsed reports of `items` [(path, relpath, within)], in the order of `items`, from
    a process pool started at once (so that this process can meanwhile read the plan and
    import the workbook writer) or, for few files or when no pool can start, read here one by
    one as they are asked for. Results are the same either way: a worker runs the same
    `read_part`, and its reports come back pickled, chunk by chunk, in order."""

    def __init__(self, items: Sequence[Item], jobs: int | None = None):
        self.items = items
        self.spool = Spool()  # where the workers leave the files' bytes (`spool.py`)
        jobs = JOBS if jobs is None else jobs
        if jobs is None:
            jobs = min(cpu_count(), MAX_JOBS) if len(items) > PARALLEL_MIN_FILES else 1
        self.jobs = max(1, min(jobs, len(items) // 8 or 1))
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future[tuple[list[FileReport], Stored]]] = []
        self.chunks: list[list[int]] = []
        if self.jobs > 1:
            self._start()

    def _start(self) -> None:
        from concurrent.futures import ProcessPoolExecutor

        n = len(self.items)
        size = max(8, min(64, n // (self.jobs * 8) or 1))
        self.chunks = [list(range(i, min(i + size, n))) for i in range(0, n, size)]
        try:
            import multiprocessing

            self.pool = ProcessPoolExecutor(
                max_workers=self.jobs, initializer=_worker_start,
                mp_context=multiprocessing.get_context(START_METHOD))
            for n, chunk in enumerate(self.chunks):
                self.futures.append(self.pool.submit(_read_chunk, [
                    (str(self.items[i][0]), self.items[i][1], self.items[i][2])
                    for i in chunk], str(self.spool.chunk_file(n))))
        except Exception:  # noqa: BLE001 - no pool (no /dev/shm, no fork): read here
            self.close()
            self.futures, self.chunks = [], []

    def __iter__(self) -> Iterator[FileReport]:
        done = 0
        broken = False
        try:
            for n, (chunk, fut) in enumerate(zip(self.chunks, self.futures, strict=True)):
                try:
                    reports, stored = fut.result()
                except Exception:  # noqa: BLE001 - a broken pool (a worker died): read the
                    broken = True  # rest here
                    break
                if len(reports) != len(chunk):
                    broken = True
                    break
                self.spool.stored(self.spool.chunk_file(n), stored)
                yield from reports
                done += len(chunk)
        finally:
            self.close(wait=not broken)
        for path, rel, within in self.items[done:]:
            yield read_part(path, rel, within)

    def close(self, wait: bool = True) -> None:
        """Stop the pool: cancel what has not started; wait for the workers unless the pool
        is broken (then its own thread ends them)."""
        if self.pool is not None:
            pool, self.pool = self.pool, None
            pool.shutdown(wait=wait, cancel_futures=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        self.spool.close()
