"""collect end to end for several source trees, alternating: A B C A B C ... in one run, so
that a shared machine's load falls on all of them alike (as benchmarks/read_file.py does for
the reader alone).

    python benchmarks/ab.py --corpus benchmarks/.corpus/insatser84-bench-1-lo0.1x100 \\
        [--rounds 11] TREE [TREE ...]

A tree is a folder holding a `finsam_xl` package (a worktree, or `git archive REV finsam_xl |
tar -x -C DIR`); each run is `python -c "from finsam_xl.cli import main; main()" collect …`
with PYTHONPATH=TREE, its output captured, into a fresh outbox, with the period given. Prints
the median wall time per tree and every round's. Compile each tree's bytecode first
(`python -m compileall -q TREE/finsam_xl`) so that no run pays for compiling.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def one_run(tree: Path, corpus: Path, period: str) -> float:
    out = tempfile.mkdtemp(prefix="finsam-ab-")
    env = dict(os.environ, PYTHONPATH=str(tree))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    try:
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", "from finsam_xl.cli import main; main()",
                               "collect", "--inbox", str(corpus / "inbox"), "--plan",
                               str(corpus / "plan.xlsx"), "--outbox", out, "--period", period],
                              env=env, capture_output=True, cwd=out)
        seconds = time.perf_counter() - start
    finally:
        shutil.rmtree(out, ignore_errors=True)
    if proc.returncode != 0:
        raise SystemExit(f"{tree}: collect failed:\n{proc.stdout[-2000:]!r}\n"
                         f"{proc.stderr[-2000:]!r}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--period", default="2025-12")
    ap.add_argument("--rounds", type=int, default=11)
    ap.add_argument("trees", nargs="+", type=Path)
    args = ap.parse_args(argv)
    times: dict[Path, list[float]] = {t: [] for t in args.trees}
    for _ in range(args.rounds):
        for tree in args.trees:
            times[tree].append(one_run(tree.resolve(), args.corpus.resolve(), args.period))
    for tree, ts in times.items():
        print(f"{tree}: median {statistics.median(ts):.3f} s; rounds "
              + " ".join(f"{t:.2f}" for t in ts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
