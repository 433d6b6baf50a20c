"""Byte-identity of everything finsam-xl writes, for refactoring: run the commands with a fixed
clock over fixed inputs and list the sha256 of every file they wrote.

    python benchmarks/identity.py run OUT [--corpus DIR]   # writes OUT/manifest.txt
    python benchmarks/identity.py compare A/manifest.txt B/manifest.txt

`run` works in OUT (which must not exist yet), with SOURCE_DATE_EPOCH fixed (collect's clock,
see `collect._now`), each command in its own process through the installed console script:
  - `plan new --example X` for every example;
  - in OUT/demo: `demo`, then `remind`, then `templates --period 2025-04` (prefilled from the
    demo's inbox), then `utskick --period 2025-04`, then `collect` again into a second
    outbox;
  - in OUT/demo also `status` (twice), `check inbox`, a bad `--period`, and `plan check` of
    every example;
  - in OUT/blandad: `collect` over the demo's reports together with every odd file of
    tests/corpus (a letter, and where cells are named a marked copy, for each), then
    `remind`, `status` and `check` over the same inbox;
  - with `--corpus DIR` (a corpus of benchmarks/corpus.py, e.g. benchmarks/.corpus/i84-…,
    made once and kept, so that before and after read the very same files): `collect
    --inbox DIR/inbox --plan DIR/plan.xlsx` into OUT/corpus-utkorg.
The manifest lists every file under OUT (path, size, sha256) and each command's exit status
and output. `compare` prints the lines that differ and exits 1 when any does.

To check that a change writes the same bytes: `run` on the commit before the change and on
the change (the same corpus folder for both), then `compare` the two manifests.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
from run import console_script  # noqa: E402  (the benchmark's own lookup)

EPOCH = "1767225600"  # 2026-01-01 00:00 UTC: every month of the 2025 plans has ended
EXAMPLES = ("vastra-ostergotland-2025", "vastra-ostergotland-2024", "sodra-vanern-2022",
            "vastra-skaraborg-2019")


def _run(log: list[str], cwd: Path, *args: str) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONIOENCODING="utf-8")
    proc = subprocess.run([console_script(), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8")
    where = cwd.name if cwd.name in ("planer", "demo", "blandad") else "."
    log.append(f"$ finsam-xl {' '.join(args)}  (in {where}) -> {proc.returncode}")
    log.extend("  " + line for line in (proc.stdout + proc.stderr).splitlines())


def run(out: Path, corpus: Path | None) -> Path:
    out.mkdir(parents=True)
    log: list[str] = []
    (out / "planer").mkdir()
    for name in EXAMPLES:
        _run(log, out / "planer", "plan", "new", "--example", name, "-o", f"{name}.xlsx")
    demo = out / "demo"
    demo.mkdir()
    _run(log, demo, "demo")
    _run(log, demo, "remind")
    _run(log, demo, "templates", "--period", "2025-04", "-o", "mallar")
    _run(log, demo, "utskick", "--period", "2025-04")
    _run(log, demo, "collect", "--outbox", "utkorg2")
    _run(log, demo, "status")
    _run(log, demo, "status", "--period", "2025-02")
    _run(log, demo, "check", "inbox")
    _run(log, demo, "collect", "--period", "2025-13")
    for name in EXAMPLES:
        _run(log, out / "planer", "plan", "check", f"{name}.xlsx")
    mixed = out / "blandad"  # the demo's reports and every odd file of tests/corpus: letters
    shutil.copytree(demo / "inbox", mixed / "inkorg")  # and marked copies for many findings
    shutil.copytree(REPO / "tests" / "corpus", mixed / "inkorg" / "udda")
    _run(log, mixed, "collect", "--inbox", "inkorg", "--outbox", "utkorg")
    _run(log, mixed, "remind", "--inbox", "inkorg", "--outbox", "utkorg", "--period", "2025-03")
    _run(log, mixed, "status", "--inbox", "inkorg")
    _run(log, mixed, "check", "inkorg")
    if corpus is not None:
        _run(log, out, "collect", "--inbox", str(corpus / "inbox"), "--plan",
             str(corpus / "plan.xlsx"), "--outbox", "corpus-utkorg")
    lines = []
    for p in sorted(out.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            lines.append(f"{p.relative_to(out).as_posix()}\t{len(data)}\t"
                         f"{hashlib.sha256(data).hexdigest()}")
    manifest = out / "manifest.txt"
    # The output names the folders it ran in; make them relative so two runs compare.
    text = "\n".join(lines + ["", *log]).replace(str(out), "OUT")
    if corpus is not None:
        text = text.replace(str(corpus), "CORPUS")
    manifest.write_text(text + "\n", encoding="utf-8")
    return manifest


def compare(a: Path, b: Path) -> int:
    la = a.read_text(encoding="utf-8").splitlines()
    lb = b.read_text(encoding="utf-8").splitlines()
    import difflib

    diff = list(difflib.unified_diff(la, lb, str(a), str(b), lineterm="", n=0))
    print("\n".join(diff) if diff else f"identical: {len(la)} lines")
    return 1 if diff else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("out", type=Path)
    r.add_argument("--corpus", type=Path, default=None)
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "run":
        corpus = args.corpus.resolve() if args.corpus else None
        print(run(args.out.resolve(), corpus))
        return 0
    return compare(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
