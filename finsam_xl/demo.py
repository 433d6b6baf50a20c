"""`finsam-xl demo`: example submissions for the embedded default plan, then `collect`.

The demo writes one filled-in template per active insats and month for January-March of the
plan year straight into the inbox (named `<period>_<insats-id>.xlsx`, as a coordinator would
send them), then runs the monthly job on them. The numbers come from a seeded RNG, so the
demo is byte-for-byte the same every time, and they are consistent month to month (start of
month m = start + new - ended of month m-1, per gender; outcomes add up to ended).

Two files are deliberately imperfect so the demo shows feedback:
- WARNING_SLOT: its comment holds a (checksum-valid test) personnummer, which every output
  must mask;
- REJECTED_SLOT: its outcomes for women do not add up to ended, so the file is rejected.

The demo never writes into a folder that holds real files: the inbox must be missing, empty
or hold only the demo's own earlier files (same names, same bytes), and the outbox must be
missing, empty or marked by an earlier demo (`outbox/.finsam-xl-demo`); anything else stops
the demo with a Swedish message, before anything is written, suggesting folders of its own
(`--inbox demo/inkorg --outbox demo/utkorg`). So `finsam-xl demo` in a working folder with
a real inbox never puts example files among the coordinators' files, and never replaces a
real workbook, letter or summary.

Decisions:
- The files go straight into the inbox (no `inbox/demo/` folder): that is where a kansli
  puts real files, and status/collect then show exactly what a real month looks like.
- The demo always uses the embedded plan (Västra Östergötland 2025), even when a plan.xlsx
  lies in the working folder (it says so in one line): its files are made for that plan.
- collect runs with period = the demo's last month (March), so the workbook's name is known
  whatever else the inbox holds.
- The demo stops rather than choosing a fresh folder by itself: the kansli then decides
  where the example files go. It also refuses an outbox inside the inbox (or the reverse)
  before writing, as collect would.

Heavy modules (the template writer, collect) are imported inside functions.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from . import contract
from . import messages as M
from .errors import FinsamError, os_error_text
from .model import Insats, Plan, period_str
from .periods import next_month, stockholm_to_utc

if TYPE_CHECKING:
    from .run import CollectRun

DEMO_SEED = "finsam-xl-demo-1"
DEMO_MONTHS = (1, 2, 3)
DEADLINE_DAY = 5  # demo files are all "sent" by the 5th of the following month ...
DEADLINE_HOUR = 10  # ... at 10:00 Swedish time (well inside rapportfrist_dag)
DEMO_MARKER = ".finsam-xl-demo"  # in an outbox the demo wrote: it may write there again
WARNING_SLOT = ("isa", 2)  # (insats id, month): comment with a personnummer
REJECTED_SLOT = ("forsteg-boxholm", 3)  # (insats id, month): outcomes do not add up

# Share of the year's ended participants per outcome category (believable, not from a seed).
OUTCOME_WEIGHTS = {"arbete": 0.22, "studier": 0.10, "arbetssokande": 0.16, "rehab": 0.32,
                   "annat": 0.14, "okant": 0.06}


class DemoConflictError(FinsamError):
    """A file that the demo did not write has a demo file's name."""


@dataclass
class DemoFile:
    """One example submission: where it goes and what it holds."""

    name: str  # "<period>_<insats-id>.xlsx"
    insats: Insats
    period: str
    values: dict[str, int]
    texts: dict[str, str]
    modified: datetime  # UTC-aware
    kind: str = "ok"  # "ok" | "warning" | "rejected"
    notes: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------- time


def _sent_at(rng: random.Random, year: int, month: int) -> datetime:
    """A believable send time for the report of `month`: between the 1st and the 5th of the
    following month, never after the 5th at 10:00 Swedish time. UTC-aware, whole seconds."""
    y, m = next_month(year, month)
    day = rng.randint(1, DEADLINE_DAY)
    if day == DEADLINE_DAY:
        hour, minute = rng.randint(7, DEADLINE_HOUR - 1), rng.randrange(0, 60, 5)
    else:
        hour, minute = rng.randint(8, 16), rng.randrange(0, 60, 5)
    return stockholm_to_utc(datetime(y, m, day, hour, minute, rng.randrange(0, 60)))


# ----------------------------------------------------------------------------- numbers


def _binom(rng: random.Random, n: int, p: float) -> int:
    return sum(1 for _ in range(n) if rng.random() < p)


def _split(rng: random.Random, total: int, weights: dict[str, float]) -> dict[str, int]:
    """`total` whole units over the keys of `weights` (multinomial draw); sums to `total`."""
    keys = list(weights)
    out = dict.fromkeys(keys, 0)
    for _ in range(total):
        out[rng.choices(keys, weights=[weights[k] for k in keys])[0]] += 1
    return out


def flow_months(rng: random.Random, insats: Insats, months, new_rate=(0.045, 0.07)) \
        -> dict[int, dict[str, int]]:
    """Participant flow per month for one individ/deltagare insats, consistent across
    months per gender: start of month m = start + new - ended of month m-1, ended <= start +
    new, the outcomes add up to ended. New participants per month are about `new_rate` (a
    range drawn from once per insats) of the annual volume. Also used by benchmarks/."""
    volym = insats.budgeterad_volym or 30
    share_women = rng.uniform(0.42, 0.62)
    start_total = max(2, round(volym * rng.uniform(0.22, 0.40)))
    start = {"kvinnor": round(start_total * share_women)}
    start["man"] = start_total - start["kvinnor"]
    new_mean = volym * rng.uniform(*new_rate)
    leave_rate = rng.uniform(0.10, 0.16)
    out: dict[int, dict[str, int]] = {}
    for month in months:
        values: dict[str, int] = {}
        new_total = max(1, round(new_mean * rng.uniform(0.85, 1.15)))
        new = {"kvinnor": _binom(rng, new_total, share_women)}
        new["man"] = new_total - new["kvinnor"]
        for g in contract.KON:
            ended = min(start[g] + new[g], _binom(rng, start[g], leave_rate))
            values[contract.start(g)] = start[g]
            values[contract.nya(g)] = new[g]
            values[contract.avslutade(g)] = ended
            for k, n in _split(rng, ended, OUTCOME_WEIGHTS).items():
                values[contract.utfall_name(k, g)] = n
            start[g] = start[g] + new[g] - ended
        out[month] = values
    return out


def count_months(rng: random.Random, insats: Insats, months) -> dict[int, dict[str, int]]:
    """The month's count (and survey counts, positives <= answers) per month for
    möten/kontakter/structural insatser: around a twelfth of the annual volume, +-12 %.
    Also used by benchmarks/."""
    volym = insats.budgeterad_volym or 24
    mean = volym / 12 * rng.uniform(0.95, 1.15)
    out: dict[int, dict[str, int]] = {}
    for month in months:
        antal = max(1, round(mean * rng.uniform(0.88, 1.12)))
        values = {contract.ANTAL_NAME: antal}
        if insats.enkat:
            svar = round(antal * rng.uniform(0.55, 0.70))
            values[contract.ENKAT_SVAR] = svar
            values[contract.ENKAT_POSITIVA] = round(svar * rng.uniform(0.76, 0.84))
        out[month] = values
    return out


def demo_files(plan: Plan) -> list[DemoFile]:
    """Every demo submission for `plan`, January-March of the plan year (deterministic)."""
    files: list[DemoFile] = []
    for insats in plan.insatser:
        months = tuple(m for m in DEMO_MONTHS if insats.is_active(plan.ar, m))
        if not months:
            continue
        rng = random.Random(f"{DEMO_SEED}:{plan.ar}:{insats.id}")
        by_month = (flow_months if insats.flow else count_months)(rng, insats, months)
        who = M.DEMO_RAPPORTERAD_AV.format(vem=insats.utforare or insats.namn)
        for month in months:
            period = period_str(plan.ar, month)
            values = dict(by_month[month])
            assert set(values) == set(contract.count_names(insats)), insats.id
            f = DemoFile(name=f"{period}_{insats.id}.xlsx", insats=insats, period=period,
                         values=values,
                         texts={contract.RAPPORTERAD_AV: who, contract.KOMMENTAR: ""},
                         modified=_sent_at(rng, plan.ar, month))
            if (insats.id, month) == WARNING_SLOT:
                f.kind = "warning"
                f.texts[contract.KOMMENTAR] = M.DEMO_KOMMENTAR_PNR
            if (insats.id, month) == REJECTED_SLOT:
                f.kind = "rejected"
                # One more woman reported as ended to work than ended at all.
                f.values[contract.utfall_name("arbete", "kvinnor")] += 1
            files.append(f)
    return files


# ----------------------------------------------------------------------------- writing


def _same_bytes(path: Path, data: bytes) -> bool:
    """The file at `path` is a regular file holding exactly `data` (unreadable: no)."""
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _foreign_files(inbox: Path, rendered: dict[str, bytes]) -> list[str]:
    """What `inbox` holds besides the demo's own files (a demo name with the demo's bytes):
    other files, folders ('name/'), links, and demo names with other bytes."""
    if not inbox.is_dir():
        return []
    foreign = []
    for entry in sorted(inbox.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            foreign.append(entry.name + "/")
        elif entry.is_symlink() or entry.name not in rendered \
                or not _same_bytes(entry, rendered[entry.name]):
            foreign.append(entry.name)
    return foreign


def _listed(names: list[str]) -> str:
    return ", ".join(names[:5]) + (" …" if len(names) > 5 else "")


def check_demo_outbox(outbox: Path) -> None:
    """The demo writes only into an outbox that is missing, empty or marked as its own by
    an earlier demo (DEMO_MARKER); else DemoConflictError. Hidden files (a lock file, a
    `.gitkeep` placeholder such as a fresh clone's, a `.DS_Store`) are no one's outputs and
    do not count; hidden folders do."""
    if not outbox.is_dir() or (outbox / DEMO_MARKER).is_file():
        return
    foreign = sorted(p.name + ("/" if p.is_dir() else "") for p in outbox.iterdir()
                     if not (p.name.startswith(".") and p.is_file() and not p.is_symlink()))
    if foreign:
        raise DemoConflictError(M.DEMO_FOREIGN_OUTBOX.format(outbox=outbox,
                                                             files=_listed(foreign)))


def write_demo_inbox(plan: Plan, inbox: Path) -> tuple[list[DemoFile], int]:
    """Write the demo submissions into `inbox`. Returns (files, number newly written).

    Every file is rendered first (outside the inbox); if the inbox holds anything but the
    demo's own files (the same names and bytes), nothing is written and DemoConflictError
    is raised: the demo never writes into a folder that holds real files.
    """
    from .atomic import write_bytes_atomic
    from .template import write_template

    files = demo_files(plan)
    inbox = Path(inbox)
    if inbox.exists() and not inbox.is_dir():
        raise FinsamError(M.DEMO_INBOX_NOT_DIR.format(inbox=inbox))
    rendered: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="finsam-demo-") as tmp:
        for f in files:
            path = write_template(plan, f.insats, f.period, Path(tmp) / f.name,
                                  values=f.values, texts=f.texts, modified=f.modified)
            rendered[f.name] = Path(path).read_bytes()
    foreign = _foreign_files(inbox, rendered)
    if foreign:
        raise DemoConflictError(M.DEMO_FOREIGN_INBOX.format(inbox=inbox, files=_listed(foreign)))
    todo = [f for f in files if not (inbox / f.name).exists()]
    target = inbox
    try:
        inbox.mkdir(parents=True, exist_ok=True)
        for f in todo:
            target = inbox / f.name
            write_bytes_atomic(target, rendered[f.name])
    except OSError as exc:
        raise FinsamError(M.DEMO_WRITE_FAILED.format(path=exc.filename or target,
                                                     error=os_error_text(exc))) from None
    return files, len(todo)


def _mark_outbox(outbox: Path) -> None:
    """Mark `outbox` as the demo's own, so a later demo may write into it again."""
    from .atomic import write_text_atomic

    try:
        write_text_atomic(outbox / DEMO_MARKER, M.DEMO_MARKER_TEXT, fsync=False)
    except OSError as exc:
        raise FinsamError(M.DEMO_WRITE_FAILED.format(path=exc.filename or outbox,
                                                     error=os_error_text(exc))) from None


@dataclass(frozen=True)
class DemoInbox:
    """The demo's inbox, written: its files, how many were new, its plan and last month."""

    plan: Plan
    inbox: Path
    outbox: Path
    files: list[DemoFile]
    written: int
    period: str  # the demo's last month: collect's period
    plan_note: str | None  # the plan files in the working folder, which the demo does not use


@dataclass(frozen=True)
class DemoRun:
    """What the demo did: its inbox, then collect over it."""

    demo: DemoInbox
    collect: CollectRun


def prepare_demo(inbox: Path, outbox: Path) -> DemoInbox:
    """Write the example inbox for the embedded plan and mark the outbox as the demo's own;
    nothing is written when either folder holds anything else (DemoConflictError)."""
    from .plan import load_example, plan_files

    plan = load_example()
    inbox, outbox = Path(inbox), Path(outbox)
    a, b = inbox.resolve(), outbox.resolve()
    if a == b or a in b.parents or b in a.parents:
        # collect would refuse too; say so before anything is written
        raise FinsamError(M.COL_OVERLAP.format(inbox=inbox, outbox=outbox))
    check_demo_outbox(outbox)
    files, written = write_demo_inbox(plan, inbox)
    _mark_outbox(outbox)
    return DemoInbox(plan=plan, inbox=inbox, outbox=outbox, files=files, written=written,
                     period=period_str(plan.ar, DEMO_MONTHS[-1]),
                     plan_note=M.and_list(p.name for p in plan_files()) or None)


def run_demo(inbox: Path, outbox: Path, on_ready: Callable[[DemoInbox], None] | None = None,
             **collect_args) -> DemoRun:
    """The `demo` command: write the example inbox (`prepare_demo`; `on_ready` sees it),
    then run collect on it with the embedded plan and the demo's last month as period
    (`collect_args`: run.run_collect's progress and on_reports)."""
    from .run import run_collect

    demo = prepare_demo(inbox, outbox)
    if on_ready is not None:
        on_ready(demo)
    run = run_collect(demo.inbox, demo.outbox, plan=demo.plan, period=demo.period,
                      **collect_args)
    return DemoRun(demo, run)
