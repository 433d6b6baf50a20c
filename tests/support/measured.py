"""Run the console command in a child process and measure what it cost: CPU seconds (the
child's own, from `os.wait4`), wall seconds and peak memory. The peak is the child's own
`VmHWM` (/proc/self/status), written by the child as it exits: `ru_maxrss` would carry over
the test process's own size, which a child started by fork or vfork inherits as its peak
(a long test session made every child "use" 200 MB)."""

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

PEAK_ENV = "FINSAM_TEST_PEAK_FILE"  # where the child writes its peak (kB)
CLI = [sys.executable, "-c", (
    "import atexit, os\n"
    "def peak():\n"
    "    with open('/proc/self/status') as fh:\n"
    "        kb = next(line.split()[1] for line in fh if line.startswith('VmHWM:'))\n"
    "    with open(os.environ['" + PEAK_ENV + "'], 'w') as fh:\n"
    "        fh.write(kb)\n"
    "atexit.register(peak)\n"
    "from finsam_xl.cli import main\n"
    "main()\n")]


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
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryDirectory() as tmp:
        peak_file = Path(tmp) / "peak"
        start = time.perf_counter()
        proc = subprocess.Popen(CLI + args, cwd=cwd, stdout=out, stderr=err,
                                env=child_env(PYTHONIOENCODING="utf-8",
                                              **{PEAK_ENV: str(peak_file)}))
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
        peak = int(peak_file.read_text()) / 1024 if peak_file.exists() else float("inf")
        return Measured(proc.returncode, out.read().decode("utf-8"), err.read().decode("utf-8"),
                        usage.ru_utime + usage.ru_stime, wall, peak)
