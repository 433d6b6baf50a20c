"""The marked copy is made from the bytes the reader read, never from a second open of the
file (issue 19, item 4). Before: `marked_bytes` read `sub.path` again, without the reader's
guards, so a file swapped after it was read for a FIFO hung collect forever with the lock
held, a link to /dev/zero was read until the process was killed, and a 3 GB sparse file
cost 3 GB of memory.

Each test swaps the inbox file for something hostile after collect has read it (in the
`on_reports` callback, which runs after every file is read and before any output is
written), and asserts that collect finishes in seconds with exit status 0, writes the same
copy as without the swap (made from what it read), and never opens the path again. The
reader's own open is guarded too: a FIFO put in place between its stat and its open is
refused at once, not waited on."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from finsam_xl.run import run_collect
from support.files import ISA, PLAN, put, utc

TIMEOUT = 60  # seconds: a run that takes longer hangs


def inbox_with_a_rejected_file(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    put(inbox, "2025-03_isa.xlsx", ISA, "2025-03", {"fx_start_kvinnor": 3, "fx_nya_man": "x"},
        utc(2025, 4, 2))
    return inbox


def collect_with(tmp_path: Path, outbox: str, swap=None):
    """collect over the inbox, `swap(path)` called once every file is read; the run in a
    thread, so that a hang is a failure (the test then unblocks it)."""
    inbox = tmp_path / "inbox"
    target = inbox / "2025-03_isa.xlsx"
    done: dict = {}

    def on_reports(_result):
        if swap is not None:
            swap(target)

    def work():
        try:
            done["run"] = run_collect(inbox, tmp_path / outbox, plan=PLAN, period="2025-03",
                                      on_reports=on_reports)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            done["error"] = exc

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(TIMEOUT)
    if thread.is_alive():
        if target.is_fifo():  # let the old code's blocked open go on
            fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
        pytest.fail("collect hangs on the swapped file")
    assert "error" not in done, done.get("error")
    return done["run"]


def copy_of(tmp_path: Path, outbox: str) -> bytes:
    return (tmp_path / outbox / "aterkoppling" / "2025-03_isa.xlsx").read_bytes()


@pytest.fixture
def expected(tmp_path):
    """The copy collect makes of the file when nothing is swapped."""
    inbox_with_a_rejected_file(tmp_path)
    collect_with(tmp_path, "plain")
    return copy_of(tmp_path, "plain")


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    path.unlink()
    path.symlink_to("/dev/zero")


def _sparse(path: Path) -> None:
    path.unlink()
    with open(path, "wb") as fh:
        fh.truncate(3 * 1024 ** 3)  # 3 GB that take no room on the disk


def _other_file(path: Path) -> None:
    put(path.parent, path.name, ISA, "2025-03", {"fx_start_kvinnor": 9, "fx_nya_man": "y"},
        utc(2025, 4, 3))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("swap", [_fifo, _dev_zero, _sparse, _other_file],
                         ids=["fifo", "dev-zero", "sparse-3gb", "another-file"])
def test_the_copy_is_made_from_the_bytes_read(tmp_path, expected, swap, monkeypatch):
    opened: list[str] = []
    real_open = os.open

    def watched(path, *args, **kwargs):
        if Path(path).name == "2025-03_isa.xlsx" and "inbox" in str(path):
            opened.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", watched)
    run = collect_with(tmp_path, "swapped", swap=lambda p: (opened.clear(), swap(p)))
    assert [str(p.name) for p in run.outputs.marked] == ["2025-03_isa.xlsx"]
    assert copy_of(tmp_path, "swapped") == expected
    assert opened == []  # the path is not opened again once the file was read
    assert run.outputs.failed == []


def test_the_bytes_are_dropped_for_files_that_need_no_copy(tmp_path):
    """A file whose findings name no cell keeps no bytes once the run knows it: the run
    holds the bytes of the few files that get a marked copy only."""
    from finsam_xl.run import gather

    inbox = inbox_with_a_rejected_file(tmp_path)
    put(inbox, "2025-03_sip.xlsx", PLAN.insats("sip"), "2025-03", {"fx_antal": 4},
        utc(2025, 4, 2))
    result = gather(inbox, PLAN, "2025-03")
    kept = {r.file: r.submission.data is not None for r in result.reports}
    assert kept == {"2025-03_isa.xlsx": True, "2025-03_sip.xlsx": False}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_the_reader_refuses_a_fifo_put_in_place_after_its_stat(tmp_path, monkeypatch):
    """read_limited looks at the file again through the descriptor it opened without
    waiting: a FIFO that replaced the file between the stat and the open is unreadable at
    once (before: the open blocked forever)."""
    from finsam_xl.reader import guards

    regular = put(tmp_path, "a.xlsx", ISA, "2025-03", {"fx_start_kvinnor": 1}, utc(2025, 4, 2))
    fifo = tmp_path / "b.xlsx"
    os.mkfifo(fifo)
    real_stat = os.stat
    monkeypatch.setattr(guards.os, "stat", lambda p, *a, **k: real_stat(regular)
                        if Path(p) == fifo else real_stat(p, *a, **k))
    done: dict = {}

    def work():
        try:
            guards.read_limited(fifo)
        except guards.FileError as exc:
            done["error"] = exc

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(TIMEOUT)
    if thread.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("the reader waits on a FIFO")
    assert isinstance(done.get("error"), guards.Unreadable)


def test_workers_leave_the_bytes_in_a_private_folder_removed_at_the_end(tmp_path,
                                                                       monkeypatch):
    """With a pool, the workers write the files' bytes to the run's temporary folder instead
    of sending them back (`run/spool.py`: 160 MB less peak memory on the national corpus);
    the file whose findings name a cell gets its bytes back, exactly as read, and the folder
    is gone when the gathering ends, also when collect stops before it (a bad plan)."""
    import tempfile

    from finsam_xl.run import gather, pool, spool

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(pool, "JOBS", 2)
    inbox = inbox_with_a_rejected_file(tmp_path)
    for n in range(20):
        put(inbox, f"m/2025-03_sip-{n}.xlsx", PLAN.insats("sip"), "2025-03", {"fx_antal": n},
            utc(2025, 4, 2))
    stored: list[int] = []
    real_close = spool.Spool.close

    def close(self):
        stored.append(len(self.at))
        real_close(self)

    monkeypatch.setattr(spool.Spool, "close", close)
    result = gather(inbox, PLAN, "2025-03")
    assert stored and stored[0] == 21  # every file's bytes were in the folder
    data = {r.file: r.submission.data for r in result.reports}
    assert data.pop("2025-03_isa.xlsx") == (inbox / "2025-03_isa.xlsx").read_bytes()
    assert set(data.values()) == {None}
    assert list((tmp_path / "tmp").iterdir()) == []
    res = run_collect_with_a_bad_plan(inbox, tmp_path)
    assert res is not None and list((tmp_path / "tmp").iterdir()) == []


def run_collect_with_a_bad_plan(inbox: Path, tmp_path: Path):
    """collect that stops at the plan, after the workers have begun reading."""
    from finsam_xl.errors import FinsamError

    (tmp_path / "bad.xlsx").write_bytes(b"not a workbook")
    try:
        run_collect(inbox, tmp_path / "out", plan_file=[tmp_path / "bad.xlsx"],
                    period="2025-03")
    except FinsamError as exc:
        return exc
    return None
