"""Smoke test of `benchmarks/run.py` on a 12-file corpus (1 insats x 12 months): the script
generates and caches its corpus, runs every measurement once and prints (and writes) its
Markdown table. No timing is asserted."""

import json
import subprocess
import sys
from pathlib import Path

from finsam_xl import messages as M

REPO = Path(__file__).resolve().parent.parent
RUN = REPO / "benchmarks" / "run.py"


def _run(*args, cwd):
    return subprocess.run([sys.executable, str(RUN), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600)


def test_benchmark_runs_on_a_small_corpus_and_prints_its_table(tmp_path, soffice):
    corpus = tmp_path / "corpus"
    results = tmp_path / "results.md"
    args = ["--corpus", str(corpus), "--insatser", "1", "--lo-share", "0.1", "--lo-cap", "1",
            "--rounds", "1", "--startup-runs", "1", "--results", str(results)]
    proc = _run(*args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout

    # The corpus: the default plan's first insats (isa), 12 months, one file re-saved by
    # LibreOffice, the plan workbook beside the inbox.
    (folder,) = [p for p in corpus.iterdir() if p.is_dir()]
    files = sorted(p.relative_to(folder / "inbox").as_posix()
                   for p in (folder / "inbox").rglob("*.xlsx"))
    assert files == [f"2025-{m:02d}/2025-{m:02d}_isa.xlsx" for m in range(1, 13)]
    assert (folder / "plan.xlsx").is_file()
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert (manifest["files"], manifest["lo_files"], manifest["insatser"]) == (12, 1, 1)
    assert len(manifest["lo_relpaths"]) == 1 and manifest["lo_relpaths"][0] in files
    assert "corpus: generated" in out
    # The generated numbers are consistent (stock-flow, outcomes add up, never late): collect
    # accepts all 12 files without a single warning.
    assert M.COL_SUMMARY.format(lasta=12, godkanda=12, underkanda=0, ignorerade=0, ersatta=0,
                                varningar=0) in out

    # The table: every measurement once, for 12 files, and the ratios against their goals.
    assert ("| measurement | files | seconds (median of 1) | files/s | peak memory (MB) "
            "| of which in-process work (s) |") in out
    rows = {line.split(" | ")[0]: line for line in out.splitlines() if line.startswith("| ")}
    for label in ("| A `finsam-xl collect` (end to end, console script)",
                  "| B openpyxl reader (data_only, fx_ names → cells)",
                  "| C python-calamine, every sheet (read floor)"):
        assert rows[label].split(" | ")[1] == "12", rows[label]
    assert any(k.startswith("| D xlsxwriter, ") and k.endswith(" plain cells (write floor)")
               for k in rows)
    for ratio in ("| collect ÷ (read floor + write floor)", "| openpyxl reader ÷ collect",
                  "| `finsam-xl --help` seconds", "| `--help` ÷ `python -c \"import click\"`"):
        assert ratio in rows, ratio
    assert "| `finsam-xl check <one file>` (embedded plan)" in rows
    # The same table is written to --results.
    table = out[out.index("Measured "):out.index("written: ")].rstrip("\n") + "\n"
    assert results.read_text("utf-8").endswith(table)

    # A second run reuses the cached corpus.
    again = _run(*args, "--generate-only", cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.startswith(f"corpus: cached {folder} (12 files, 1 re-saved by "
                                   "LibreOffice)")
