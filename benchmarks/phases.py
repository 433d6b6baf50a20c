#!/usr/bin/env python3
"""Where collect's time goes, without profiler overhead: times each phase of one collect run
in-process (imports, plan workbook, reading + per-file validation, batch rules, follow-up
workbook, feedback + summary) with time.perf_counter. The files are read as collect reads
them (worker processes, one per CPU, for many files), or with --serial one by one here, with
parsing and validation timed apart. The phases are timed one after the other; collect itself
reads the plan and imports pandas while the workers parse.

    python benchmarks/phases.py [--corpus DIR] [--insatser 84] [--repeat 3]

Uses the cached corpus of `benchmarks/run.py` (generating it if needed). Prints the median of
--repeat runs per phase (each run in a fresh child process, so imports are cold each time).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))


def _instrument(t: dict[str, float]) -> list[float]:
    """Wrap the workbook writer's aggregation functions and sheet writers with timers (when
    they exist), so the workbook phase splits into aggregation and per-sheet time."""
    spent: list[float] = []
    try:
        from finsam_xl import aggregate as A
        from finsam_xl.wb import book
    except ImportError:
        return spent

    def wrap(owner, attr, label):
        fn = getattr(owner, attr, None)
        if fn is None:
            return

        def timed(*a, **k):
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                dt = time.perf_counter() - t0
                t[label] = t.get(label, 0.0) + dt
                spent.append(dt)
        setattr(owner, attr, timed)

    for name in ("long_frame", "wide_frame", "insats_frame", "outcome_frame", "goal_frame",
                 "submission_grid", "month_records", "flow_records"):
        wrap(A, name, "write follow-up workbook: aggregate (pandas)")
    for name in ("data", "flode", "manadsdata", "inlamningar", "utfall", "finsam",
                 "kommentarer", "andringar", "oversikt", "avvikelser", "om"):
        mod = getattr(book, name, None)
        if mod is not None:
            wrap(mod, "write", f"write follow-up workbook: sheet {name}")
    return spent


def one_run(inbox: Path, plan_path: Path, period: str, serial: bool = False
            ) -> dict[str, float]:
    t = {}
    t0 = time.perf_counter()
    import click  # noqa: F401  (the CLI imports it first)

    from finsam_xl import run as C
    from finsam_xl.model import FileReport
    from finsam_xl.plan import read_plan
    from finsam_xl.run import pool
    from finsam_xl.run.gather import read_all
    from finsam_xl.run.scan import scan

    t["import run"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    plan = read_plan(plan_path)
    t["read plan.xlsx"] = time.perf_counter() - t0

    import gc

    from finsam_xl import reader
    from finsam_xl.validate import validate_submission

    gc.disable()  # as collect does while it reads and writes (run.pool.gc_paused)
    items = scan(inbox)
    if serial:
        t_read = t_val = 0.0
        reports = []
        for p, rel, _within in items:
            a = time.perf_counter()
            reader.classify(p)
            sub, findings = reader.read_file(p, rel)
            b = time.perf_counter()
            findings = list(findings)
            if sub is not None:
                check = validate_submission(sub, plan, findings)
                findings += check.findings
                sub = check.applied_to(sub)
            c = time.perf_counter()
            t_read += b - a
            t_val += c - b
            reports.append(FileReport(file=rel, findings=findings, submission=sub))
        t["read files (classify + read_file), serial"] = t_read
        t["validate each file"] = t_val
    else:
        # What collect does: worker processes parse, this process validates as they come.
        # (collect overlaps this with reading the plan and importing pandas; timed apart here)
        t0 = time.perf_counter()
        reports = read_all(items, plan)
        t[f"read + validate files ({pool.cpu_count()}"
          " worker processes)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = C.build_result(reports, plan, period)
    t["batch rules + used submissions"] = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        import pandas  # noqa: F401
        import xlsxwriter  # noqa: F401

        from finsam_xl.wb import book

        t["import pandas + xlsxwriter + workbook writer"] = time.perf_counter() - t0
        sub = _instrument(t)
        t0 = time.perf_counter()
        book.build_file(result, Path(out) / book.filename(result.period))
        total = time.perf_counter() - t0
        t["write follow-up workbook: rest (xlsxwriter close = zip + XML)"] = total - sum(sub)
        t0 = time.perf_counter()
        from finsam_xl.atomic import write_text_atomic
        from finsam_xl.run.summary import summary_json

        write_text_atomic(Path(out) / "s.json", summary_json(result, "w.xlsx"))
        t["summary json"] = time.perf_counter() - t0
    return t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=HERE / ".corpus")
    ap.add_argument("--insatser", type=int, default=84)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--serial", action="store_true",
                    help="read the files one by one in this process (no worker processes), "
                         "timing parsing and validation apart")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        inbox, plan, period = args.child
        print(json.dumps(one_run(Path(inbox), Path(plan), period, args.serial)))
        return 0
    from corpus import ensure_corpus

    m = ensure_corpus(args.corpus, args.insatser)
    runs = []
    for _ in range(args.repeat):
        out = subprocess.run([sys.executable, __file__, "--child", m["inbox"], m["plan"],
                              f"{m['year']}-12"] + (["--serial"] if args.serial else []),
                             capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    total = statistics.median(sum(r.values()) for r in runs)
    print(f"| phase ({m['files']} files, median of {args.repeat}) | seconds | share |")
    print("| --- | ---: | ---: |")
    for k in runs[0]:
        med = statistics.median(r[k] for r in runs)
        print(f"| {k} | {med:.3f} | {med / total:.0%} |")
    print(f"| total (in-process, without interpreter start-up) | {total:.3f} | 100% |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
