"""Atomic file output: a crash never leaves a half-written file under the final name.

Every writer in finsam-xl writes to a temporary file in the same folder as the target and
then `os.replace`s it onto the target (atomic on POSIX and on Windows within one volume).
The temporary file is hidden (leading dot) and removed when writing fails.

Outputs that belong together (collect's workbook, letters, marked copies, summary and the
earlier workbook kept in `tidigare/`) are put in place together by `replace_together`: they
are written to a staging folder, then `swap_in` renames every target it replaces into a
set-aside folder and every staged file into place, and only when all are in place are the
set-aside (old) files deleted. Any exception or interrupt before that leaves every target
exactly as it was; an interrupt after it is a run that succeeded.

Signals during the renames: Ctrl-C (SIGINT), SIGTERM and SIGHUP are *held* from the first
rename to the last deletion (`_signals_held`: a Python handler that only records the signal,
installed for those milliseconds and then replaced by the one it replaced). A handler was
chosen over `signal.pthread_sigmask`: it works on every platform Python runs on (Windows has
no sigmask), it needs no second step to consume a blocked signal that is to be dropped, and
Python runs handlers in the main thread only anyway, so the renames cannot be interrupted
in the middle of a bytecode by either. After the renames, a held SIGINT is dropped (the run's
outputs are complete: it reports success) and SIGTERM or SIGHUP is sent again to the process
(its own handler, by default the end of the process, with the outbox in its new state).
A command that replaces outputs and then still prints (collect) wraps itself in
`finish_once_committed`: once `replace_together` has committed, a Ctrl-C is ignored until
the command ends, so it prints its summary and exits 0 instead of "Avbrutet." and 1.
Only a process killed outright (SIGKILL, a power cut) in the milliseconds of the renames can
leave a mix; the next run removes what it left in the staging and set-aside folders.

Standard library only.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

Move = tuple[Path | None, Path]  # (staged file, target); (None, target) removes the target


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# The most of a target's name (bytes, UTF-8) its temporary name repeats: a temporary name is
# never longer than the name it is for plus a few bytes, nor than a file system allows.
TMP_STEM_BYTES = 48


def _tmp_in(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Keep the real suffix last: some writers (and LibreOffice) look at the extension.
    stem = path.stem.encode("utf-8", "replace")[:TMP_STEM_BYTES].decode(
        "utf-8", "ignore")
    fd, tmp = tempfile.mkstemp(prefix=f".{stem}.", suffix=f".tmp{path.suffix}",
                               dir=path.parent)
    os.close(fd)
    return Path(tmp)


def _finish(tmp: Path, path: Path, fsync: bool) -> None:
    """fsync the finished temp file (optional), give it normal permissions, and move it into
    place."""
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = 0o666 & ~_umask()
    os.chmod(tmp, mode)
    if fsync:
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
    os.replace(tmp, path)
    if not fsync:
        return
    with contextlib.suppress(OSError):  # make the rename durable where the OS allows it
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, fsync: bool = True) -> Iterator[Path]:
    """Yield a temporary path in the same folder as `path`; on success it replaces `path`,
    on any exception it is removed and `path` is left as it was.

    The rename alone guarantees that a crashed or killed process never leaves a half file
    under the final name. `fsync` (default) also flushes the data and the rename to disk, so
    that a power loss cannot either; it costs ~5 ms per file, so writers of many small,
    regenerable files (feedback letters) may turn it off.

        with atomic_path(out) as tmp:
            workbook.save(tmp)
    """
    path = Path(path)
    tmp = _tmp_in(path)
    try:
        yield tmp
        _finish(tmp, path, fsync)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_bytes_atomic(path: str | os.PathLike, data: bytes, fsync: bool = True) -> Path:
    path = Path(path)
    with atomic_path(path, fsync=fsync) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
    return path


def write_text_atomic(path: str | os.PathLike, text: str, encoding: str = "utf-8",
                      fsync: bool = True) -> Path:
    """Write `text` atomically (UTF-8, newlines as given)."""
    return write_bytes_atomic(path, text.encode(encoding), fsync=fsync)


def swap_in(moves: list[Move], aside: Path) -> None:
    """Put several staged files in place as one step, or none of them.

    `moves`: (staged file, target) pairs, renamed in order; (None, target) removes the
    target. A target that exists is first renamed into the folder `aside` (same file
    system), so nothing is overwritten or deleted here. When anything fails or interrupts
    the renames (any exception: an OSError, a KeyboardInterrupt, a MemoryError), every
    rename done so far is undone in reverse order (folders created for the targets are
    removed again) and the exception is raised: the targets are exactly as they were. A
    target that is a folder is refused (IsADirectoryError) before anything moves. The
    caller deletes `aside` afterwards (`replace_together` does all of it)."""
    for staged, target in moves:
        if staged is not None and target.is_dir() and not target.is_symlink():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    undo: list[tuple[str, Path, Path]] = []
    try:
        aside.mkdir(parents=True, exist_ok=True)
        for i, (staged, target) in enumerate(moves):
            if os.path.lexists(target):
                put_aside = aside / str(i)
                os.rename(target, put_aside)
                undo.append(("move", put_aside, target))
            if staged is None:
                continue
            if not target.parent.is_dir():
                target.parent.mkdir(parents=True)
                undo.append(("mkdir", target.parent, target.parent))
            os.rename(staged, target)
            undo.append(("move", target, staged))
    except BaseException:
        for kind, a, b in reversed(undo):
            with contextlib.suppress(OSError):
                if kind == "move":
                    os.rename(a, b)
                else:
                    a.rmdir()
        raise


def replace_together(stage: Path, aside: Path, write: Callable[[Path], list[Move]]) -> None:
    """Write a set of outputs and put them in place together, or change nothing.

    `stage` and `aside`: folders on the targets' file system (what a killed run left in
    them is removed first). `write(stage)` writes the new files into `stage` and returns
    the moves (`swap_in`). The moves are then made with the stop signals held (see the
    module's docstring), `aside` (the replaced files) is deleted, and `stage` is removed.
    An exception or a Ctrl-C before the renames (in `write`), or any exception during them,
    leaves every target as it was and both folders removed; it is raised. Once the renames
    are done the outputs are committed: a Ctrl-C that came during them is dropped, and a
    `finish_once_committed` block around the caller ignores later ones."""
    for folder in (stage, aside):
        shutil.rmtree(folder, ignore_errors=True)
    held: list[int] = []
    try:
        moves = write(stage)
        with _signals_held() as held:
            swap_in(moves, aside)
            _commit()
            shutil.rmtree(aside, ignore_errors=True)  # the old outputs, only now
            shutil.rmtree(stage, ignore_errors=True)
    finally:
        for folder in (stage, aside):
            shutil.rmtree(folder, ignore_errors=True)
    _resend(held)


# Signals that stop a process: held while the outputs are renamed into place.
_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                      if hasattr(signal, name))


@contextlib.contextmanager
def _signals_held() -> Iterator[list[int]]:
    """Inside: SIGINT, SIGTERM and SIGHUP are recorded in the yielded list, not acted on; at
    the end the handlers they replaced are back (the caller decides what a recorded signal
    does, `_resend`). Outside the main thread nothing is held: Python delivers signals to
    the main thread only, so none can interrupt this one."""
    held: list[int] = []
    previous: dict[int, object] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in _STOP_SIGNALS:
            try:
                previous[signum] = signal.signal(signum, lambda n, _frame: held.append(n))
            except (ValueError, OSError):  # pragma: no cover - a signal the OS refuses
                pass
    try:
        yield held
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]  # as signal() gave it


def _resend(held: list[int]) -> None:
    """After a commit: a held SIGINT is dropped (the outputs are complete); SIGTERM or SIGHUP
    is sent again, to the handler now in place (by default: the process ends)."""
    for signum in dict.fromkeys(held):
        if signum != signal.SIGINT:
            signal.raise_signal(signum)


class _Finishing:
    """One `finish_once_committed` block: `committed` once outputs were put in place."""

    def __init__(self) -> None:
        self.committed = False


_FINISHING: list[_Finishing] = []  # the open blocks, innermost last


def _commit() -> None:
    for block in _FINISHING:
        block.committed = True


@contextlib.contextmanager
def finish_once_committed() -> Iterator[None]:
    """For a command that replaces outputs (`replace_together`) and then reports: inside this
    block, Ctrl-C acts as usual (KeyboardInterrupt) until the outputs are committed, and is
    ignored from then on, so that the command finishes its report and succeeds instead of
    saying "Avbrutet." about outputs that are complete. In the main thread only (elsewhere
    no signal arrives); the handler it replaced is back at the end."""
    block = _Finishing()
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or previous is None:
        yield  # (None: a handler not installed from Python, which cannot be put back)
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        if block.committed:
            return
        if callable(previous):
            previous(signum, frame)
        elif previous != signal.SIG_IGN:
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, handler)
    _FINISHING.append(block)
    try:
        yield
    finally:
        _FINISHING.remove(block)
        signal.signal(signal.SIGINT, previous)
