"""Benchmark corpus: a big plan and a year of filled-in monthly templates, written with the
product's own code (`plan.write_plan`, `template.write_template`), a share of them re-saved
through LibreOffice as real coordinators' files would be.

The corpus is cached: a folder holds `manifest.json`, `plan.xlsx` and `inbox/<period>/...`;
a later run with the same parameters (and the same template/plan writer code) reuses it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from finsam_xl import contract, demo  # noqa: E402  (standard library only)
from finsam_xl.model import Goal, Insats, Plan, period_str  # noqa: E402

MANIFEST = "manifest.json"
CORPUS_FORMAT = 2  # bump when the layout or the number generation changes

# Source files whose changes make a cached corpus stale.
_FINGERPRINT_FILES = ("finsam_xl/template/write.py", "finsam_xl/plan/examples.py",
                      "finsam_xl/plan/schema.py", "finsam_xl/plan/contributions.py",
                      "finsam_xl/plan/write.py", "finsam_xl/contract.py",
                      "finsam_xl/demo.py", "benchmarks/corpus.py")


# ----------------------------------------------------------------------------- plan


def bench_plan(n_insatser: int, seed: str = "bench-1") -> Plan:
    """The embedded default plan (13 insatser) replicated to `n_insatser` insatser.

    Copy 1 keeps the original ids, names and volumes (so `finsam-xl check` against the
    embedded plan accepts its files); copy k >= 2 gets ids `<id>-k`, names `<namn> (k)` and
    the volume scaled by a seeded factor in [0.6, 1.6]. Every insats is active the whole
    year. Goals that name insatser by id are extended to all copies of those insatser.
    """
    from finsam_xl.plan import load_example

    base = load_example()
    rng = random.Random(f"{seed}:plan")
    insatser: list[Insats] = []
    copies: dict[str, list[str]] = {b.id: [] for b in base.insatser}
    for k in range(n_insatser):
        b = base.insatser[k % len(base.insatser)]
        copy = k // len(base.insatser) + 1
        if copy == 1:
            i = dataclasses.replace(b, aktiv_fran=None, aktiv_till=None)
        else:
            volym = b.budgeterad_volym
            if volym is not None:
                volym = max(4, round(volym * rng.uniform(0.6, 1.6)))
            i = dataclasses.replace(b, id=f"{b.id}-{copy}", namn=f"{b.namn} ({copy})",
                                    budgeterad_volym=volym, aktiv_fran=None, aktiv_till=None)
        insatser.append(i)
        copies[b.id].append(i.id)
    mal: list[Goal] = []
    for g in base.mal:
        galler: list[str] = []
        for x in g.galler:
            galler.extend(copies.get(x, [x]))
        galler = [x for x in galler if x in ("individ", "struktur", "alla")
                  or any(i.id == x for i in insatser)]
        if galler:
            mal.append(dataclasses.replace(g, galler=tuple(galler)))
    return dataclasses.replace(base, insatser=tuple(insatser), mal=tuple(mal))


# ----------------------------------------------------------------------------- numbers


def flow_year(rng: random.Random, insats: Insats) -> dict[int, dict[str, int]]:
    """The demo's consistent participant flow for all twelve months (a little fewer new
    participants per month than the demo's quarter, so a year stays near the volume)."""
    return demo.flow_months(rng, insats, range(1, 13), new_rate=(0.03, 0.05))


def count_year(rng: random.Random, insats: Insats) -> dict[int, dict[str, int]]:
    """The demo's monthly counts for all twelve months."""
    return demo.count_months(rng, insats, range(1, 13))


def submissions(plan: Plan, seed: str) -> list[dict]:
    """Every submission of the year: relpath, insats index, period, values, texts, modified."""
    out = []
    for idx, insats in enumerate(plan.insatser):
        rng = random.Random(f"{seed}:{insats.id}")
        by_month = (flow_year if insats.flow else count_year)(rng, insats)
        for month in range(1, 13):
            period = period_str(plan.ar, month)
            values = by_month[month]
            assert set(values) == set(contract.count_names(insats)), insats.id
            y, m = (plan.ar + 1, 1) if month == 12 else (plan.ar, month + 1)
            # Sent between the 1st and the 5th of the following month (never late).
            modified = datetime(y, m, rng.randint(1, 5), rng.randint(7, 14), rng.randrange(60),
                                rng.randrange(60), tzinfo=timezone.utc)
            out.append({
                "relpath": f"{period}/{period}_{insats.id}.xlsx",
                "index": idx,
                "period": period,
                "values": values,
                "texts": {"fx_rapporterad_av": f"Samordnare {insats.id}", "fx_kommentar": ""},
                "modified": modified,
            })
    return out


# ----------------------------------------------------------------------------- writing

_PLAN: Plan | None = None


def _init_worker(plan: Plan) -> None:
    global _PLAN
    _PLAN = plan


def _write_one(task: tuple[str, dict]) -> str:
    from finsam_xl.template import write_template

    inbox, sub = task
    path = Path(inbox) / sub["relpath"]
    write_template(_PLAN, _PLAN.insatser[sub["index"]], sub["period"], path,
                   values=sub["values"], texts=sub["texts"], modified=sub["modified"])
    return sub["relpath"]


_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def lo_resave(files: list[Path], batch: int = 50, timeout: int = 900) -> None:
    """Re-save `files` in place through LibreOffice (`--convert-to xlsx`), many files per
    soffice call, with a private user profile (recalculating on load, as Excel does when a
    coordinator saves). The re-saved file replaces the original atomically."""
    soffice = soffice_path()
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is not installed; use --lo-share 0")
    with tempfile.TemporaryDirectory(prefix="bench-lo-") as home:
        profile = Path(home) / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_XCU, encoding="utf-8")
        env = dict(os.environ, HOME=home)
        for start in range(0, len(files), batch):
            chunk = files[start:start + batch]
            out = Path(home) / f"out{start}"
            out.mkdir()
            cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                   "--outdir", str(out)] + [str(f) for f in chunk]
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
            for f in chunk:
                converted = out / f.name
                if proc.returncode != 0 or not converted.exists():
                    raise SystemExit(f"LibreOffice failed on {f} ({proc.returncode}): "
                                     f"{proc.stdout} {proc.stderr}")
                tmp = f.with_name(f".{f.name}.lo.tmp")
                shutil.copyfile(converted, tmp)
                os.replace(tmp, f)


# ----------------------------------------------------------------------------- cache


def fingerprint() -> str:
    h = hashlib.sha256()
    for rel in _FINGERPRINT_FILES:
        p = REPO / rel
        h.update(rel.encode())
        h.update(p.read_bytes() if p.exists() else b"-")
    return h.hexdigest()[:16]


def corpus_dir(root: Path, n_insatser: int, seed: str, lo_share: float, lo_cap: int) -> Path:
    return Path(root) / f"insatser{n_insatser}-{seed}-lo{lo_share:g}x{lo_cap}"


def ensure_corpus(root: Path, n_insatser: int, seed: str = "bench-1", lo_share: float = 0.10,
                  lo_cap: int = 100, jobs: int | None = None, log=print) -> dict:
    """The cached corpus for these parameters, generated if missing or stale. Returns its
    manifest (with `dir`, `plan`, `inbox`, `files`, `lo_files`, `generated`)."""
    target = corpus_dir(root, n_insatser, seed, lo_share, lo_cap)
    params = {"format": CORPUS_FORMAT, "n_insatser": n_insatser, "seed": seed,
              "lo_share": lo_share, "lo_cap": lo_cap, "code": fingerprint()}
    manifest_path = target / MANIFEST
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text("utf-8"))
        if manifest.get("params") == params:
            manifest.update(dir=str(target), plan=str(target / "plan.xlsx"),
                            inbox=str(target / "inbox"), generated=False)
            log(f"corpus: cached {target} ({manifest['files']} files, "
                f"{manifest['lo_files']} re-saved by LibreOffice)")
            return manifest
        log(f"corpus: {target} is stale (parameters or product code changed); regenerating")
    if target.exists():
        if not manifest_path.exists() and any(target.iterdir()):
            raise SystemExit(f"{target} exists and is not a benchmark corpus; remove it first")
        shutil.rmtree(target)
    target.mkdir(parents=True)

    from finsam_xl.plan import write_plan

    t0 = time.perf_counter()
    plan = bench_plan(n_insatser, seed)
    write_plan(plan, target / "plan.xlsx")
    subs = submissions(plan, seed)
    inbox = target / "inbox"
    for period in sorted({s["period"] for s in subs}):
        (inbox / period).mkdir(parents=True, exist_ok=True)
    jobs = jobs or os.cpu_count() or 1
    tasks = [(str(inbox), s) for s in subs]
    if jobs > 1:
        import multiprocessing as mp

        with mp.get_context("fork").Pool(jobs, initializer=_init_worker, initargs=(plan,)) as pool:
            for n, _ in enumerate(pool.imap_unordered(_write_one, tasks, chunksize=16), 1):
                if n % 1000 == 0:
                    log(f"corpus: {n}/{len(tasks)} templates written")
    else:
        _init_worker(plan)
        for t in tasks:
            _write_one(t)
    t_templates = time.perf_counter() - t0

    rng = random.Random(f"{seed}:lo")
    n_lo = min(lo_cap, round(len(subs) * lo_share))
    lo_rel = sorted(rng.sample([s["relpath"] for s in subs], n_lo))
    t1 = time.perf_counter()
    if lo_rel:
        lo_resave([inbox / r for r in lo_rel])
    t_lo = time.perf_counter() - t1

    manifest = {"params": params, "files": len(subs), "lo_files": len(lo_rel),
                "lo_relpaths": lo_rel, "insatser": n_insatser, "year": plan.ar,
                "generation_seconds": {"plan_and_templates": round(t_templates, 2),
                                       "libreoffice": round(t_lo, 2)}}
    tmp = manifest_path.with_name(MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    os.replace(tmp, manifest_path)
    log(f"corpus: generated {target}: {len(subs)} files in {t_templates:.1f} s "
        f"({len(subs) / max(t_templates, 1e-9):.0f} files/s, {jobs} processes), "
        f"{len(lo_rel)} re-saved by LibreOffice in {t_lo:.1f} s")
    manifest.update(dir=str(target), plan=str(target / "plan.xlsx"), inbox=str(inbox),
                    generated=True)
    return manifest
