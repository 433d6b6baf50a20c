"""Run the console command in a child process and measure what it cost: CPU seconds, wall
seconds and peak memory (the child's own `ru_maxrss`, from `os.wait4`, so that no earlier
child of the test process counts)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from support.paths import child_env

CLI = [sys.executable, "-c", "from finsam_xl.cli import main; main()"]


@dataclass
class Measured:
    returncode: int
    stdout: str
    stderr: str
    cpu: float  # user + system seconds of the child (and of children it waited for)
    wall: float
    peak_mb: float  # the child's peak resident memory, MB


def run_measured(args: list[str], cwd: Path, timeout: float = 120.0) -> Measured:
    """`finsam-xl ARGS` in `cwd`; a child still running after `timeout` seconds is killed
    (and reported with returncode -9)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(CLI + args, cwd=cwd, stdout=out, stderr=err,
                                env=child_env(PYTHONIOENCODING="utf-8"))
        timer = threading.Timer(timeout, lambda: os.kill(proc.pid, signal.SIGKILL))
        timer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
        out.seek(0)
        err.seek(0)
        return Measured(proc.returncode, out.read().decode("utf-8"), err.read().decode("utf-8"),
                        usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)
