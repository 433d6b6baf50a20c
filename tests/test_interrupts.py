"""Interrupts lose nothing (issue 19, item 1): a Ctrl-C at any point of a collect leaves the
outbox exactly as it was before the run or exactly as the run makes it, byte for byte, and
never changes the inbox; one that comes once the outputs are in place is a run that
succeeded (its summary printed, exit 0, no "Avbrutet.").

Before: `atomic.swap_in` undid its renames only on OSError and the set-aside folder was then
deleted, so a Ctrl-C during the final swap left the new workbook beside the old summary and
a mix of old and new letters, and deleted the old outputs (2 of 60 random interrupts; 4 of 4
forced into the rename step); a Ctrl-C after the outputs were complete said "Avbrutet." and
exited 1.

The inbox: every insats of the embedded plan for every month of 2025, each beside a broken
copy (a letter and a marked copy each); the outbox holds the outputs of a run over an older
inbox, so the run under test changes the workbook, the summary, the kept earlier workbook and
most letters, adds some and removes others. Each trial copies that outbox, runs `finsam-xl
collect` in a child process and sends SIGINT after a delay spread over the run's length (to
the process, or to its process group as a terminal's Ctrl-C does, workers included); then
it is forced into the rename step (a SIGINT sent from inside `os.rename`), and an exception
is raised there.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from finsam_xl.plan import load_example
from support.files import flow, put, utc
from support.paths import child_env

PLAN = load_example()
EPOCH = "1767225600"  # 2026-01-01: every month of 2025 has ended
TRIALS = 34  # spread over the run; at least 30 must land while it runs
# The first interrupt comes once the interpreter has started (about 0.05 s): a SIGINT before
# Python has imported its `site` module is reported by Python itself ("Fatal Python error:
# init_import_site"), before any code of finsam-xl runs.
STARTED = 0.15
# The child: finsam-xl's console entry point, with hooks a trial switches on by environment:
#   RENAME_SIGINT=k    the k-th os.rename sends SIGINT to the process (and then renames)
#   RENAME_SIGTERM=k   the same with SIGTERM
#   RENAME_RAISE=k     the k-th os.rename raises KeyboardInterrupt instead of renaming
#   AFTER_OUTPUTS=1    SIGINT to the process once the outputs are in place (in the middle
#                      of the summary: before the period's line)
CHILD = r"""
import os, signal, sys
real = os.rename
calls = [0]
def rename(a, b):
    calls[0] += 1
    if calls[0] == int(os.environ.get("RENAME_SIGINT", "0")):
        os.kill(os.getpid(), signal.SIGINT)
    if calls[0] == int(os.environ.get("RENAME_SIGTERM", "0")):
        os.kill(os.getpid(), signal.SIGTERM)
    if calls[0] == int(os.environ.get("RENAME_RAISE", "0")):
        raise KeyboardInterrupt
    return real(a, b)
os.rename = rename
if os.environ.get("AFTER_OUTPUTS"):
    import finsam_xl.console as console
    period_lines = console.period_lines  # printed after the outputs are in place
    def after(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        return period_lines(*args, **kwargs)
    console.period_lines = after
from finsam_xl.cli import main
sys.argv = ["finsam-xl"] + sys.argv[1:]
main()
"""
ARGS = ["collect", "--period", "2025-12"]


def fill(inbox: Path, broken: dict[int, str]) -> None:
    """A good report for every insats and month, and for each month in `broken` a copy of
    every insats's report in `fel/` holding that text in a count cell."""
    for insats in PLAN.insatser:
        for month in insats.active_months(2025):
            period = f"2025-{month:02d}"
            good = flow(10, 10) if insats.flow else {"fx_antal": 5}
            put(inbox, f"{period}/{period}_{insats.id}.xlsx", insats, period, good,
                utc(2025, month, 20))
            if month in broken:
                name = "fx_nya_man" if insats.flow else "fx_antal"
                put(inbox, f"fel/{period}_{insats.id}-kopia.xlsx", insats, period,
                    {**good, name: broken[month]}, utc(2025, month, 21))


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`: a file's sha256, 'dir' for a folder."""
    return {p.relative_to(folder).as_posix():
            hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


def start(cwd: Path, group: bool = False, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHILD, *ARGS], cwd=cwd,
                            env=child_env(SOURCE_DATE_EPOCH=EPOCH, PYTHONIOENCODING="utf-8",
                                          **env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8", start_new_session=group)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """(run folder with the inbox, the old outbox, its snapshot, the new outbox's snapshot,
    the seconds a run takes)."""
    root = tmp_path_factory.mktemp("interrupts")
    older = root / "older"
    fill(older / "inbox", {m: "x" for m in range(1, 10)})
    res = subprocess.run([sys.executable, "-c", CHILD, *ARGS, "--outbox", str(root / "old")],
                         cwd=older, env=child_env(SOURCE_DATE_EPOCH="1764547200"),
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    run = root / "run"
    # months 1-6 broken in another way (letters change), 7-9 corrected (letters go),
    # 10-12 newly broken (letters come)
    fill(run / "inbox", {**{m: "y" for m in range(1, 7)}, **{m: "z" for m in range(10, 13)}})
    old = root / "old"
    shutil.copytree(old, run / "outbox")
    began = time.perf_counter()
    proc = start(run)
    out, err = proc.communicate(timeout=300)
    seconds = time.perf_counter() - began
    assert proc.returncode == 0, out + err
    new = snapshot(run / "outbox")
    before = snapshot(old)
    assert new != before
    changed = {k for k in new if before.get(k) != new[k]} | (set(before) - set(new))
    assert len(changed) > 100  # the workbook, the summary, letters come, change and go
    assert any(k.startswith("tidigare/") for k in set(new) - set(before))
    return run, old, before, new, seconds


def trial(world, delay: float | None = None, group: bool = False, terminated: bool = False,
          **env: str):
    """One collect from the old outbox, interrupted after `delay` seconds (None: by the
    hooks in `env` only; `terminated`: the run is expected to end by SIGTERM). Returns
    (landed: the run was still going when the signal was sent, 'old' or 'new', returncode,
    stdout, stderr)."""
    run, old, before, new, _seconds = world
    shutil.rmtree(run / "outbox")
    shutil.copytree(old, run / "outbox")
    inbox = snapshot(run / "inbox")
    proc = start(run, group=group, **env)
    landed = delay is None
    if delay is not None:
        time.sleep(delay)
        if proc.poll() is None:
            landed = True
            if group:
                os.killpg(proc.pid, signal.SIGINT)
            else:
                proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=300)
    after = snapshot(run / "outbox")
    assert snapshot(run / "inbox") == inbox
    assert after in (before, new), _mixed(run / "outbox", before, new, after, out, err)
    assert "Traceback" not in out + err
    state = "old" if after == before else "new"
    if state == "old":
        assert proc.returncode == 1 and err.splitlines()[-1] == "Avbrutet.", (out, err)
    elif terminated:
        assert proc.returncode == -signal.SIGTERM, (out, err)
    else:
        assert proc.returncode == 0, (out, err)
        assert "Avbrutet." not in out + err
        lines = out.splitlines()  # the whole report, to its last line
        assert lines[lines.index("Återkoppling till samordnarna: 273 filer i "
                                 "outbox/aterkoppling") + 1] == \
            "Märkta kopior av samordnarnas filer: 273 i outbox/aterkoppling"
        assert lines[-1] == "Se alla månader med 'finsam-xl status'.", lines[-3:]
    return landed, state, proc.returncode, out, err


def _mixed(outbox: Path, before: dict, new: dict, after: dict, out: str, err: str) -> str:
    """What a mixed outbox holds: each path that is neither all old nor all new, as 'old',
    'new' or 'neither' (with its first bytes), and the run's last output lines."""
    states = []
    for k in sorted(set(before) | set(new) | set(after)):
        if before.get(k) == new.get(k) == after.get(k):
            continue
        state = ("old" if before.get(k) == after.get(k) else "new" if new.get(k) == after.get(k)
                 else "neither")
        if state == "neither":
            path = outbox / k
            state += f": {path.read_bytes()[:300]!r}" if path.is_file() else ": missing"
        states.append(f"{k}: {state}")
    neither = [s for s in states if ": neither" in s]
    lines = (out + err).splitlines()
    marked = [x for x in lines if "ärkt" in x][:20]  # a marked copy that was not made
    return "\n".join(neither + states[:5] + marked + lines[-8:])


def test_sigint_at_spread_points_leaves_the_old_or_the_new_outbox(world):
    seconds = world[4]
    first, last = STARTED, seconds * 0.95
    results = [trial(world, delay=first + (last - first) * i / (TRIALS - 1), group=i % 2 == 1)
               for i in range(TRIALS)]
    landed = [state for was, state, *_ in results if was]
    assert len(landed) >= 30, [r[:3] for r in results]
    assert "old" in landed  # interrupted before the swap: nothing changed
    print(f"{len(landed)} interrupts landed over a {seconds:.1f} s run: "
          f"{landed.count('old')} old, {landed.count('new')} new")


@pytest.mark.parametrize("k", [1, 150, 400])
def test_sigint_in_the_rename_step_is_held_until_the_swap_is_done(world, k):
    """A SIGINT that arrives during the renames: held, the swap completes, the run succeeds."""
    _landed, state, code, _out, _err = trial(world, RENAME_SIGINT=str(k))
    assert (state, code) == ("new", 0)


@pytest.mark.parametrize("k", [150])
def test_sigterm_in_the_rename_step_ends_the_run_after_the_swap(world, k):
    """SIGTERM (a shutdown, `kill`) during the renames: held too; sent again once the swap is
    done, so the process ends with the outbox in its new state."""
    _landed, state, code, _out, _err = trial(world, terminated=True, RENAME_SIGTERM=str(k))
    assert (state, code) == ("new", -signal.SIGTERM)


@pytest.mark.parametrize("k", [1, 2, 150, 400])
def test_an_exception_in_the_rename_step_undoes_every_rename(world, k):
    """KeyboardInterrupt raised by the k-th rename itself (no signal can do that now; any
    exception there is undone the same way): the outbox is as it was."""
    _landed, state, code, _out, _err = trial(world, RENAME_RAISE=str(k))
    assert (state, code) == ("old", 1)


def test_a_ctrl_c_after_the_outputs_are_in_place_reports_success(world):
    _landed, state, code, out, err = trial(world, AFTER_OUTPUTS="1")
    assert (state, code) == ("new", 0)
    assert any(line.startswith("Period: 2025-12") for line in out.splitlines())


# ----------------------------------------------------------------------------- atomic.py alone


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _outbox(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "sub/c.txt"):
        (out / name).write_text(f"old {name}")
    return out


def _writer(out: Path, fail: BaseException | None = None, kill: int | None = None):
    """A `write` for replace_together: new a.txt, new d/e.txt, b.txt removed; `fail` raised
    after staging; `kill`: that signal sent to this process while staging."""
    def write(stage: Path):
        stage.mkdir(parents=True)
        (stage / "a").write_text("new a")
        (stage / "e").write_text("new e")
        if kill is not None:
            os.kill(os.getpid(), kill)
        if fail is not None:
            raise fail
        return [(stage / "a", out / "a.txt"), (stage / "e", out / "d" / "e.txt"),
                (None, out / "b.txt")]
    return write


NEW = {"a.txt": b"new a", "d/e.txt": b"new e", "sub/c.txt": b"old sub/c.txt"}


def test_replace_together_puts_everything_in_place_and_cleans_up(tmp_path):
    from finsam_xl.atomic import replace_together

    out = _outbox(tmp_path)
    replace_together(out / ".ny", out / ".gammalt", _writer(out))
    assert _files(out) == NEW
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "d", "sub"]


@pytest.mark.parametrize("error", [KeyboardInterrupt(), OSError(28, "full"), MemoryError()])
def test_replace_together_changes_nothing_when_writing_fails(tmp_path, error):
    from finsam_xl.atomic import replace_together

    out = _outbox(tmp_path)
    before = _files(out)
    with pytest.raises(type(error)):
        replace_together(out / ".ny", out / ".gammalt", _writer(out, fail=error))
    assert _files(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt", "sub"]


@pytest.mark.parametrize("on_call", [1, 2, 3, 4])
def test_swap_in_undoes_every_rename_on_a_keyboard_interrupt(tmp_path, monkeypatch, on_call):
    from finsam_xl import atomic

    out = _outbox(tmp_path)
    before = _files(out)
    real, calls = os.rename, []

    def rename(a, b):
        calls.append(a)
        if len(calls) == on_call:
            raise KeyboardInterrupt
        return real(a, b)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        atomic.replace_together(out / ".ny", out / ".gammalt", _writer(out))
    assert _files(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt", "sub"]


def test_a_sigint_during_the_renames_is_held_and_then_dropped(tmp_path, monkeypatch):
    """A real SIGINT to this process in the middle of the renames: the swap completes and
    replace_together returns normally (the outputs are complete)."""
    from finsam_xl import atomic

    out = _outbox(tmp_path)
    real, calls = os.rename, []

    def rename(a, b):
        calls.append(a)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGINT)
        return real(a, b)

    monkeypatch.setattr(os, "rename", rename)
    atomic.replace_together(out / ".ny", out / ".gammalt", _writer(out))
    assert _files(out) == NEW
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_finish_once_committed_ignores_ctrl_c_only_after_the_commit(tmp_path):
    from finsam_xl import atomic

    out = _outbox(tmp_path)
    with atomic.finish_once_committed():
        with pytest.raises(KeyboardInterrupt):  # before: as usual
            atomic.replace_together(out / ".ny", out / ".gammalt",
                                    _writer(out, kill=signal.SIGINT))
        assert sorted(_files(out)) == ["a.txt", "b.txt", "sub/c.txt"]
        atomic.replace_together(out / ".ny", out / ".gammalt", _writer(out))
        os.kill(os.getpid(), signal.SIGINT)  # after: ignored
        time.sleep(0.01)
    assert _files(out) == NEW
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    with pytest.raises(KeyboardInterrupt):  # and as usual again after the block
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.01)
