"""Atomic file output: a crash never leaves a half-written file under the final name.

Every writer in finsam-xl writes to a temporary file in the same folder as the target and
then `os.replace`s it onto the target (atomic on POSIX and on Windows within one volume).
The temporary file is hidden (leading dot) and removed when writing fails. Outputs that
belong together (collect's workbook, letters and summary) are written to a staging folder
first and put in place together by `swap_in`, which undoes every rename when one fails.
Standard library only.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import Iterator


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _tmp_in(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Keep the real suffix last: some writers (and LibreOffice) look at the extension.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}",
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


def swap_in(moves: list[tuple[Path | None, Path]], aside: Path) -> None:
    """Put several staged files in place as one step, or none of them.

    `moves`: (staged file, target) pairs, renamed in order; (None, target) removes the
    target. A target that exists is first renamed into the folder `aside` (same file
    system), so nothing is overwritten until every rename has succeeded. When any rename
    fails, every rename done so far is undone in reverse order (folders created for the
    targets are removed again) and the OSError is raised: the targets are exactly as they
    were. A target that is a folder is refused (IsADirectoryError) before anything moves.
    The caller removes `aside` afterwards. Renames within one folder tree cost microseconds;
    only a process killed in the middle of them (not an error) can leave a mix."""
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
    except OSError:
        for kind, a, b in reversed(undo):
            with contextlib.suppress(OSError):
                if kind == "move":
                    os.rename(a, b)
                else:
                    a.rmdir()
        raise
