"""The reader alone: `reader.read_file` over every file of an inbox, in ms per file, for one or
more source trees, measured in alternating processes (so that a shared machine's load falls
on all of them alike).

    python benchmarks/read_file.py --inbox DIR [--passes 5] [--rounds 6] TREE [TREE ...]

TREE is a folder holding a `finsam_xl` package: this repository, or an older commit unpacked
with `git archive <commit> finsam_xl | tar -x -C /tmp/old`. Each round runs every tree once,
in its own process: it reads every file once (warm caches, as in a collect run), then times
`--passes` passes over all files and reports the best. The table gives each tree's best and
median round. Nothing is written.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

_CHILD = r"""
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from finsam_xl import reader
inbox = Path(sys.argv[2])
files = [(p, p.relative_to(inbox).as_posix()) for p in sorted(inbox.rglob("*")) if p.is_file()]
for p, rel in files:
    reader.read_file(p, rel)
best = float("inf")
for _ in range(int(sys.argv[3])):
    t = time.perf_counter()
    for p, rel in files:
        reader.read_file(p, rel)
    best = min(best, time.perf_counter() - t)
print(best * 1000 / len(files), len(files))
"""


def measure(tree: Path, inbox: Path, passes: int) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(tree), str(inbox), str(passes)],
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inbox", type=Path, required=True)
    ap.add_argument("--passes", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("trees", type=Path, nargs="+")
    args = ap.parse_args()
    times: dict[Path, list[float]] = {t: [] for t in args.trees}
    n = 0
    for i in range(args.rounds):
        order = args.trees if i % 2 == 0 else args.trees[::-1]
        for tree in order:
            ms, n = measure(tree, args.inbox, args.passes)
            times[tree].append(ms)
        print(f"round {i + 1}: " + ", ".join(f"{t} {times[t][-1]:.3f}" for t in args.trees),
              flush=True)
    print(f"\n{n} files, best of {args.passes} passes per round, {args.rounds} rounds\n")
    print("| tree | best round (ms/file) | median round (ms/file) |")
    print("| --- | ---: | ---: |")
    for tree, rounds in times.items():
        print(f"| {tree} | {min(rounds):.3f} | {statistics.median(rounds):.3f} |")


if __name__ == "__main__":
    main()
