#!/usr/bin/env python3
"""Benchmark `finsam-xl collect` against the read and write floors, in one run.

One command from a clean clone (after `pip install -e .`; LibreOffice for the re-saved share):

    python benchmarks/run.py                 # 84 insatser x 12 months = 1 008 files
    python benchmarks/run.py --national      # and a 1 176-insats plan (14 112 files)

What it does:

1. Generates (or reuses, from --corpus) a corpus with the product's own code: the embedded
   default plan's 13 insatser replicated to N insatser (suffixed ids, scaled volumes), written
   as a plan workbook with `plan.write_plan`; one template per insats and month of the plan
   year, filled with consistent seeded-random counts, written with
   `template.write_template(values=...)`; a share of them (default 10 %, at most 100 files)
   re-saved through LibreOffice as real coordinators' files would be.
2. Writes finsam_xl's bytecode (as `pip install` does; an editable install run with
   PYTHONDONTWRITEBYTECODE=1 would compile the sources again in every run), then times,
   alternating A B C D [N] A B C D [N] ... (median of --rounds rounds), each in its own
   child process (wall time; peak memory = the child's max RSS from os.wait4):
     A  `finsam-xl collect --inbox .. --outbox <tmp> --plan .. --period YYYY-12` (console script)
     B  a straightforward openpyxl reader (data_only=True, fx_ defined names -> cells)
     C  python-calamine, every sheet of every file (`to_python()`): the read floor
     D  xlsxwriter, as many plain number cells as A's follow-up workbook holds: the write floor
     N  (with --national) A on the national corpus
   and start-up: `finsam-xl --help`, `finsam-xl check <one file>` and `python -c "import
   click"` (median of --startup-runs, alternating).
3. Prints a Markdown table with files, seconds, files/s, peak memory and the ratios against
   their goals, and writes it to --results (default benchmarks/results.md).

`--profile FILE` additionally runs collect once under cProfile and prints the top 10 functions
by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

GOALS = {
    "floor": 1.5,  # collect / (read floor + write floor) <=
    "openpyxl": 3.0,  # openpyxl reader / collect >=
    "national": 16.0,  # national collect / 1 008-file collect <=
    "national_rss_mb": 1024.0,  # national collect peak <=
    "help_s": 0.3,  # finsam-xl --help seconds <=
    "help_click": 2.0,  # --help / python -c "import click" <=
}


# ----------------------------------------------------------------------------- workers
# Run as `python run.py --worker NAME ...` in a child process; print one JSON line.


def worker_openpyxl(inbox: Path) -> dict:
    """Read every file as a straightforward openpyxl reader would: load with data_only=True,
    resolve each fx_ defined name to its cell, read the value. Writes nothing."""
    import openpyxl

    t0 = time.perf_counter()
    files = values = 0
    for p in sorted(inbox.rglob("*.xlsx")):
        wb = openpyxl.load_workbook(p, data_only=True)
        got = {}
        for name, dn in wb.defined_names.items():
            if not name.startswith("fx_"):
                continue
            for sheet, coord in dn.destinations:
                got[name] = wb[sheet][coord.replace("$", "")].value
        values += len(got)
        files += 1
        wb.close()
    return {"files": files, "values": values, "seconds": time.perf_counter() - t0}


def worker_calamine(inbox: Path) -> dict:
    """The read floor: python-calamine, every sheet of every file, to Python values."""
    from python_calamine import CalamineWorkbook

    t0 = time.perf_counter()
    files = cells = 0
    for p in sorted(inbox.rglob("*.xlsx")):
        wb = CalamineWorkbook.from_path(str(p))
        for n in wb.sheet_names:
            rows = wb.get_sheet_by_name(n).to_python()
            cells += sum(len(r) for r in rows)
        files += 1
    return {"files": files, "cells": cells, "seconds": time.perf_counter() - t0}


def worker_xlsxwriter(cells: int, out: Path) -> dict:
    """The write floor: one workbook of `cells` plain number cells, 20 per row."""
    import xlsxwriter

    t0 = time.perf_counter()
    wb = xlsxwriter.Workbook(str(out))
    ws = wb.add_worksheet("Data")
    width = 20
    for n in range(cells):
        ws.write_number(n // width, n % width, n)
    wb.close()
    return {"cells": cells, "bytes": out.stat().st_size, "seconds": time.perf_counter() - t0}


def count_cells(xlsx: Path) -> int:
    """Cells (`<c ` elements) in every worksheet XML of a workbook."""
    import zipfile

    n = 0
    with zipfile.ZipFile(xlsx) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                n += z.read(name).count(b"<c ")
    return n


# ----------------------------------------------------------------------------- measuring


@dataclass
class Run:
    seconds: float
    rss_mb: float
    returncode: int
    stdout: str
    stderr: str


@dataclass
class Series:
    key: str
    label: str
    files: int | None = None
    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def inner(self) -> float | None:
        """Median of the seconds a worker measured around its own work (without interpreter
        start-up and imports); None for the CLI measurements."""
        got = []
        for r in self.runs:
            try:
                got.append(json.loads(r.stdout.strip().splitlines()[-1])["seconds"])
            except (ValueError, KeyError, IndexError, TypeError):
                return None
        return statistics.median(got) if got else None

    @property
    def peak_mb(self) -> float:
        return max(r.rss_mb for r in self.runs)


def measure(cmd: list[str], cwd: Path | None = None) -> Run:
    """Run `cmd` as a child process: wall seconds, and its peak RSS (including the children
    it waited for) from os.wait4."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(seconds, usage.ru_maxrss / 1024, proc.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def console_script() -> str:
    cand = Path(sys.executable).parent / "finsam-xl"
    found = str(cand) if cand.exists() else shutil.which("finsam-xl")
    if not found:
        raise SystemExit("finsam-xl console script not found: pip install -e . first")
    return found


def compile_package() -> None:
    """Write the package's bytecode (.pyc) before timing, as `pip install` does for an
    installed package: an editable install under PYTHONDONTWRITEBYTECODE=1 would otherwise
    compile finsam_xl's sources again in every timed run (about 0.06 s each)."""
    import compileall

    import finsam_xl

    compileall.compile_dir(str(Path(finsam_xl.__file__).parent), quiet=1)


def worker_cmd(name: str, *args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--worker", name, *args]


def fail(what: str, run: Run) -> None:
    raise SystemExit(f"{what} failed with exit status {run.returncode}:\n"
                     f"{run.stdout[-3000:]}\n{run.stderr[-3000:]}")


# ----------------------------------------------------------------------------- report


def fmt_s(x: float) -> str:
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def verdict(ok: bool) -> str:
    return "yes" if ok else "**no**"


def versions() -> str:
    out = []
    for mod in ("finsam_xl", "openpyxl", "xlsxwriter", "python_calamine", "pandas", "click"):
        try:
            from importlib.metadata import version

            dist = {"finsam_xl": "finsam-xl", "python_calamine": "python-calamine"}.get(mod, mod)
            out.append(f"{dist} {version(dist)}")
        except Exception:  # noqa: BLE001
            out.append(f"{mod} ?")
    return ", ".join(out)


def git_head() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                              capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=REPO, capture_output=True, text=True, timeout=10).stdout
        return head + (" (+ uncommitted changes)" if dirty.strip() else "")
    except Exception:  # noqa: BLE001
        return "?"


def gen_text(manifest: dict) -> str:
    g = manifest["generation_seconds"]
    rate = manifest["files"] / max(g["plan_and_templates"], 1e-9)
    return (f"{g['plan_and_templates']:.1f} s for the plan and templates ({rate:.0f} files/s) "
            f"+ {g['libreoffice']:.1f} s LibreOffice")


def render(series: dict[str, Series], startup: dict[str, Series], info: dict) -> str:
    rounds = len(series["A"].runs)
    lines = [
        f"Measured {info['when']} on {info['machine']}; load average {info['load_before']} "
        f"before, {info['load_after']} after. {info['versions']}; commit {info['commit']}.",
        "",
        f"Corpus: {info['insatser']} insatser x 12 months = {info['files']} files "
        f"({info['mb']:.1f} MB, {info['lo_files']} re-saved by LibreOffice), plan "
        f"`plan.xlsx`; collect period {info['period']}. The follow-up workbook holds "
        f"{info['cells']} cells. Generating it took {info['gen']}.",
        "",
        f"| measurement | files | seconds (median of {rounds}) | files/s | peak memory (MB) "
        "| of which in-process work (s) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in series.values():
        fps = f"{s.files / s.median:.0f}" if s.files else "–"
        inner = s.inner
        lines.append(f"| {s.label} | {s.files if s.files else '–'} | {fmt_s(s.median)} | {fps} "
                     f"| {s.peak_mb:.0f} | {fmt_s(inner) if inner is not None else '–'} |")
    if startup:
        lines += ["", f"| start-up | seconds (median of {len(startup['help'].runs)}) | "
                      "peak memory (MB) |", "| --- | ---: | ---: |"]
        for s in startup.values():
            lines.append(f"| {s.label} | {s.median:.3f} | {s.peak_mb:.0f} |")

    a, b, c, d = (series[k].median for k in "ABCD")
    ratios = [
        ("collect ÷ (read floor + write floor)", f"{a / (c + d):.2f}", "≤ 1.5",
         a / (c + d) <= GOALS["floor"]),
        ("openpyxl reader ÷ collect", f"{b / a:.2f}", "≥ 3", b / a >= GOALS["openpyxl"]),
    ]
    if "N" in series:
        n = series["N"]
        ratios += [
            (f"national ({n.files} files) ÷ {series['A'].files}-file collect",
             f"{n.median / a:.2f}", "≤ 16", n.median / a <= GOALS["national"]),
            ("national collect peak memory (MB)", f"{n.peak_mb:.0f}", "≤ 1 024",
             n.peak_mb <= GOALS["national_rss_mb"]),
        ]
    if startup:
        h, k = startup["help"].median, startup["click"].median
        ratios += [
            ("`finsam-xl --help` seconds", f"{h:.3f}", "≤ 0.3", h <= GOALS["help_s"]),
            ("`--help` ÷ `python -c \"import click\"`", f"{h / k:.2f}", "≤ 2",
             h / k <= GOALS["help_click"]),
        ]
    lines += ["", "| ratio | value | goal | met |", "| --- | ---: | ---: | :---: |"]
    for name, value, goal, ok in ratios:
        lines.append(f"| {name} | {value} | {goal} | {verdict(ok)} |")
    lines += ["", "Every round, in order (seconds): " + "; ".join(
        f"{k} " + " ".join(f"{r.seconds:.2f}" for r in s.runs) for k, s in series.items())]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- main


class _Formatter(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    pass


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="benchmarks/run.py",
        description=__doc__,
        epilog="Example: python benchmarks/run.py --rounds 5 --profile /tmp/prof.out",
        formatter_class=_Formatter)
    ap.add_argument("--corpus", type=Path, default=HERE / ".corpus", metavar="DIR",
                    help="cache folder for generated corpora (re-runs reuse them)")
    ap.add_argument("--insatser", type=int, default=84, metavar="N",
                    help="insatser in the plan; x 12 months = files")
    ap.add_argument("--national", action="store_true",
                    help="also time collect on a national-sized corpus (--national-insatser "
                         "insatser in one plan) and report national ÷ N-file time and its peak")
    ap.add_argument("--national-insatser", type=int, default=1176, metavar="N",
                    help="insatser in the national plan (1 176 x 12 = 14 112 files)")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds (median)")
    ap.add_argument("--startup-runs", type=int, default=10,
                    help="runs of each start-up measurement (0 = skip)")
    ap.add_argument("--lo-share", type=float, default=0.10,
                    help="share of files re-saved through LibreOffice")
    ap.add_argument("--lo-cap", type=int, default=100, help="at most this many re-saved files")
    ap.add_argument("--seed", default="bench-1", help="RNG seed of the corpus")
    ap.add_argument("--jobs", type=int, default=0,
                    help="processes writing templates; 0 = CPU count")
    ap.add_argument("--results", type=Path, default=HERE / "results.md", metavar="FILE",
                    help="where the Markdown table is written")
    ap.add_argument("--generate-only", action="store_true",
                    help="generate (or check) the corpus and stop")
    ap.add_argument("--profile", type=Path, default=None, metavar="FILE",
                    help="also run collect once under cProfile, save stats to FILE and print "
                         "the top 10 by cumulative and own time (also to FILE.txt)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--inbox", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--cells", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")
    return args


def run_worker(args: argparse.Namespace) -> None:
    if args.worker == "openpyxl":
        res = worker_openpyxl(args.inbox)
    elif args.worker == "calamine":
        res = worker_calamine(args.inbox)
    elif args.worker == "xlsxwriter":
        res = worker_xlsxwriter(args.cells, args.out)
    else:
        raise SystemExit(f"unknown worker {args.worker}")
    print(json.dumps(res))


def profile(prof: Path, cmd_args: list[str]) -> str:
    import io
    import pstats

    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "finsam_xl.cli", *cmd_args]
    run = measure(cmd)
    if run.returncode != 0:
        fail("collect under cProfile", run)
    buf = io.StringIO()
    buf.write(f"collect under cProfile: {run.seconds:.1f} s wall\n")
    # Cumulative: the product's own functions (below the click layer), so that the top 10
    # says which stage the time is spent in; own time: every function.
    buf.write("\n=== top 10 finsam_xl functions by cumulative time ===\n")
    pstats.Stats(str(prof), stream=buf).sort_stats("cumulative").print_stats(
        r"finsam_xl[/\\](?!cli\.py)", 10)
    buf.write("\n=== top 10 functions by own time ===\n")
    pstats.Stats(str(prof), stream=buf).strip_dirs().sort_stats("tottime").print_stats(10)
    return buf.getvalue().replace(str(REPO) + os.sep, "")


def _collect_cmd(exe: str, corpus: dict, outbox: Path) -> list[str]:
    return [exe, "collect", "--inbox", corpus["inbox"], "--outbox", str(outbox),
            "--plan", corpus["plan"], "--period", f"{corpus['year']}-12"]


def _corpora(args: argparse.Namespace, argv: list[str] | None) -> tuple[dict, dict | None]:
    """The 1 008-file corpus and, with --national, the national one (made once, then kept)."""
    from corpus import ensure_corpus

    if not args.generate_only:
        # Generate (or check) the corpora in a child process: Linux keeps a process's peak
        # RSS across fork and exec, so a measuring process that had built the corpus itself
        # would pass its own size on as every child's "peak memory".
        gen = [sys.executable, str(Path(__file__).resolve()),
               *(sys.argv[1:] if argv is None else argv), "--generate-only"]
        if subprocess.run(gen).returncode != 0:
            raise SystemExit("generating the corpus failed")
    small = ensure_corpus(args.corpus, args.insatser, args.seed, args.lo_share, args.lo_cap,
                          args.jobs)
    national = None
    if args.national:
        national = ensure_corpus(args.corpus, args.national_insatser, args.seed, args.lo_share,
                                 args.lo_cap, args.jobs)
    return small, national


def _one_run(key: str, exe: str, small: dict, national: dict | None, outbox: Path,
             cells: int | None, floor: Path) -> Run:
    """One timed run of series `key`."""
    if key == "A":
        return measure(_collect_cmd(exe, small, outbox))
    if key == "N":
        assert national is not None
        return measure(_collect_cmd(exe, national, outbox))
    if key == "B":
        return measure(worker_cmd("openpyxl", "--inbox", small["inbox"]))
    if key == "C":
        return measure(worker_cmd("calamine", "--inbox", small["inbox"]))
    return measure(worker_cmd("xlsxwriter", "--cells", str(cells), "--out", str(floor)))


def _rounds(args: argparse.Namespace, exe: str, small: dict, national: dict | None,
            work: Path) -> tuple[dict[str, Series], int | None, str, str]:
    """Every series, alternating A B C D (N) per round: (series, cells of the workbook,
    collect's output, the national collect's output)."""
    period = f"{small['year']}-12"
    series = {
        "A": Series("A", "A `finsam-xl collect` (end to end, console script)", small["files"]),
        "B": Series("B", "B openpyxl reader (data_only, fx_ names → cells)", small["files"]),
        "C": Series("C", "C python-calamine, every sheet (read floor)", small["files"]),
        "D": Series("D", "D xlsxwriter, same number of plain cells (write floor)"),
    }
    if national:
        series["N"] = Series("N", "N `finsam-xl collect`, national corpus", national["files"])
    cells = None
    outs = {"A": "", "N": ""}
    for rnd in range(1, args.rounds + 1):
        for key in series:
            outbox, floor = work / f"out-{key}-{rnd}", work / f"floor-{rnd}.xlsx"
            run = _one_run(key, exe, small, national, outbox, cells, floor)
            if run.returncode != 0:
                fail({"A": "collect", "N": "national collect"}.get(key, series[key].label), run)
            if key == "A" and cells is None:
                produced = outbox / f"uppfoljning-{period}.xlsx"
                if not produced.exists():
                    fail(f"collect (no {produced.name})", run)
                cells = count_cells(produced)
            if key in outs and rnd == 1:
                outs[key] = run.stdout
            if key in "BC":
                got = json.loads(run.stdout.strip().splitlines()[-1])["files"]
                if got != small["files"]:
                    raise SystemExit(f"{key} read {got} files, expected {small['files']}")
            series[key].runs.append(run)
            shutil.rmtree(outbox, ignore_errors=True)
            floor.unlink(missing_ok=True)
            print(f"round {rnd}: {key} {run.seconds:.2f} s, {run.rss_mb:.0f} MB", flush=True)
    series["D"].label = f"D xlsxwriter, {cells} plain cells (write floor)"
    return series, cells, outs["A"], outs["N"]


def _startup(args: argparse.Namespace, exe: str, small: dict, work: Path) -> dict[str, Series]:
    """Start-up, alternating. `check` runs in an empty folder so that it uses the embedded
    plan; the file is one of copy 1 (original ids), accepted by that plan. (A copy in a fresh
    folder: `check` ignores files inside hidden folders such as `.corpus/`.)"""
    period = f"{small['year']}-12"
    startup = {
        "help": Series("help", "`finsam-xl --help`"),
        "check": Series("check", "`finsam-xl check <one file>` (embedded plan)"),
        "click": Series("click", "`python -c \"import click\"`"),
    }
    empty = work / "empty"
    empty.mkdir()
    one = empty / f"{period}_isa.xlsx"
    shutil.copyfile(Path(small["inbox"]) / period / one.name, one)
    cmds = {"help": [exe, "--help"], "check": [exe, "check", str(one)],
            "click": [sys.executable, "-c", "import click"]}
    for _ in range(args.startup_runs):
        for key, cmd in cmds.items():
            run = measure(cmd, cwd=empty)
            if run.returncode != 0 and key != "check":
                fail(key, run)
            startup[key].runs.append(run)
    if args.startup_runs and startup["check"].runs[0].returncode != 0:
        print(f"note: `finsam-xl check {one.name}` exited "
              f"{startup['check'].runs[0].returncode}:\n{startup['check'].runs[0].stdout}")
    return startup if args.startup_runs else {}


def _info(small: dict, national: dict | None, cells: int | None, load_before: str) -> dict:
    inbox = Path(small["inbox"])
    info = {
        "when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
                   f"Python {platform.python_version()}",
        "load_before": load_before,
        "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "versions": versions(),
        "commit": git_head(),
        "insatser": small["insatser"], "files": small["files"],
        "mb": sum(p.stat().st_size for p in inbox.rglob("*.xlsx")) / 1e6,
        "lo_files": small["lo_files"], "period": f"{small['year']}-12", "cells": cells,
        "gen": gen_text(small),
    }
    if national:
        info["gen"] += (f"; the national corpus ({national['insatser']} insatser, "
                        f"{national['files']} files, {national['lo_files']} re-saved by "
                        f"LibreOffice): {gen_text(national)}")
    return info


def _write_results(args: argparse.Namespace, table: str, national: dict | None) -> None:
    args.results.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.results.with_name(args.results.name + ".tmp")
    tmp.write_text("# finsam-xl benchmark\n\nWritten by `python benchmarks/run.py"
                   + (" --national" if national else "") + "`.\n\n" + table, encoding="utf-8")
    os.replace(tmp, args.results)
    print(f"written: {args.results}")


def _summary(output: str) -> str:
    """collect's summary: its lines after the one line per file (the first empty line)."""
    return output.strip().split("\n\n", 1)[-1]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        run_worker(args)
        return 0
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    small, national = _corpora(args, argv)
    if args.generate_only:
        return 0
    exe = console_script()
    compile_package()
    work = Path(tempfile.mkdtemp(prefix="finsam-bench-"))
    try:
        series, cells, collect_out, national_out = _rounds(args, exe, small, national, work)
        startup = _startup(args, exe, small, work)
        table = render(series, startup, _info(small, national, cells, load_before))
        print("\ncollect's summary (round 1):\n" + _summary(collect_out) + "\n")
        if national:
            print("national collect's summary (round 1):\n" + _summary(national_out) + "\n")
        print(table)
        _write_results(args, table, national)
        if args.profile:
            text = profile(args.profile, _collect_cmd(exe, small, work / "out-prof")[1:])
            args.profile.with_name(args.profile.name + ".txt").write_text(text, "utf-8")
            print("\n" + text)
            print(f"written: {args.profile} and {args.profile.name}.txt beside it")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
