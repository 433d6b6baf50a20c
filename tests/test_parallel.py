"""Speed-ups that must not change a thing: the process pool of `collect`/`check`, the reader's
memo of template parts, and the workbook's fast cell writers give exactly the results of the
plain serial path (same reports, same values, same workbook bytes)."""

from __future__ import annotations

import shutil
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsam_xl import reader
from finsam_xl import run as C
from finsam_xl.cli import cli
from finsam_xl.model import ACCEPTED, IGNORED, REJECTED, SUPERSEDED
from finsam_xl.plan import load_example
from finsam_xl.reader import ooxml, package
from finsam_xl.run import pool
from finsam_xl.run.scan import scan
from finsam_xl.template import write_template
from finsam_xl.wb import book as B

PLAN = load_example()
PERIOD = "2025-07"
WRITTEN = datetime(2025, 8, 12, 7, 30, tzinfo=timezone.utc)


def _values(insats, month: int, salt: int) -> dict:
    """A consistent month for a flow insats (counts vary with month and salt), or a count."""
    if not insats.flow:
        values = {"fx_antal": 3 + (month * 7 + salt) % 11}
    else:
        k, m = 4 + (month + salt) % 5, 3 + (2 * month + salt) % 4
        nya_k, nya_m, avsl_k, avsl_m = 1 + month % 2, 1 + salt % 3, 1, month % 2
        values = {"fx_start_kvinnor": k, "fx_start_man": m, "fx_nya_kvinnor": nya_k,
                  "fx_nya_man": nya_m, "fx_avslutade_kvinnor": avsl_k,
                  "fx_avslutade_man": avsl_m, "fx_utfall_arbete_kvinnor": avsl_k,
                  "fx_utfall_rehab_man": avsl_m}
    if insats.enkat:
        values.update(fx_enkat_svar=5 + month, fx_enkat_positiva=3 + month % 3)
    return values


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    """About 100 filled templates (every insats of the embedded plan, January-July, some in
    sub folders) plus the odd ones: a rejected file, a newer duplicate, a byte copy, a
    zero-byte file, an .xls name, a lock file, a hidden file, a hidden folder, a note."""
    box = tmp_path_factory.mktemp("parallel") / "inbox"
    n = 0
    for salt, ins in enumerate(PLAN.insatser):
        for month in range(1, 8):
            if not ins.is_active(PLAN.ar, month):
                continue
            period = f"{PLAN.ar}-{month:02d}"
            sub = f"m{month:02d}/" if salt % 3 == 0 else ""
            path = box / f"{sub}{period}_{ins.id}.xlsx"
            path.parent.mkdir(parents=True, exist_ok=True)
            write_template(PLAN, ins, period, path, values=_values(ins, month, salt),
                           modified=datetime(PLAN.ar, month + 1, 3, 9, tzinfo=timezone.utc))
            n += 1
    flow = next(i for i in PLAN.insatser if i.flow)
    count = next(i for i in PLAN.insatser if not i.flow)
    bad = dict(_values(flow, 3, 0), fx_avslutade_kvinnor=9)  # outcomes do not add up
    write_template(PLAN, flow, "2025-03", box / "rejected/2025-03_bad.xlsx", values=bad,
                   modified=datetime(2025, 4, 2, tzinfo=timezone.utc))
    write_template(PLAN, count, "2025-02", box / "newer/2025-02_dup.xlsx",
                   values={"fx_antal": 99}, modified=datetime(2025, 3, 9, tzinfo=timezone.utc))
    first = sorted(box.rglob("*.xlsx"))[0]
    shutil.copyfile(first, box / "zz-copy.xlsx")
    (box / "empty.xlsx").write_bytes(b"")
    (box / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    (box / "~$lock.xlsx").write_bytes(b"\x00" * 165)
    (box / ".hidden.xlsx").write_bytes(first.read_bytes())
    (box / ".git").mkdir()
    shutil.copyfile(first, box / ".git" / "in-hidden-folder.xlsx")
    (box / "notes.txt").write_text("att göra\n", encoding="utf-8")
    assert n + 10 > pool.PARALLEL_MIN_FILES + 20
    return box


@pytest.fixture
def jobs(monkeypatch):
    """Set run.pool.JOBS for one test (1 = serial, never a pool)."""
    def set_jobs(n):
        monkeypatch.setattr(pool, "JOBS", n)
    return set_jobs


def _gather(inbox: Path, jobs: int, **kw):
    pool.JOBS = jobs
    try:
        result = C.gather(inbox, PLAN, PERIOD, **kw)
    finally:
        pool.JOBS = None
    return result


def _same_results(a, b) -> None:
    assert [r.file for r in a.reports] == [r.file for r in b.reports]
    for ra, rb in zip(a.reports, b.reports, strict=True):
        assert ra == rb, ra.file
    assert a.used == b.used
    assert a.late == b.late and a.period == b.period


def test_pool_gives_the_serial_results(inbox, jobs):
    reader.clear_caches()
    serial = _gather(inbox, 1)
    assert {r.status for r in serial.reports} == {ACCEPTED, REJECTED, IGNORED, SUPERSEDED}
    seen = []
    parallel = _gather(inbox, 2, progress=seen.append)
    _same_results(serial, parallel)
    assert seen == [r.file for r in serial.reports]  # progress once per file, in order
    assert len(serial.used) > 60


def test_the_pool_is_really_used(inbox):
    items = scan(inbox)
    with pool.Reading(items, jobs=2) as reading:
        assert reading.pool is not None
        reports = list(reading)
    assert [r.file for r in reports] == [rel for _p, rel, _w in items]
    with pool.Reading(items[:pool.PARALLEL_MIN_FILES]) as few:
        assert few.pool is None  # few files: read in this process


def test_no_pool_falls_back_to_serial(inbox, monkeypatch):
    import concurrent.futures

    def refuse(*a, **k):
        raise OSError("no semaphores here")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    serial = _gather(inbox, 1)
    fallback = _gather(inbox, 2)
    _same_results(serial, fallback)


def test_a_crashed_worker_is_read_again_here(inbox, monkeypatch):
    """A worker that dies (killed, out of memory) breaks the pool; the files it had not
    returned are read in this process, and nothing is lost or doubled. (The dying reader is
    patched in, so the workers are forked: a forked worker has the patch too.)"""
    import os

    monkeypatch.setattr(pool, "START_METHOD", "fork")

    real = pool.read_part
    parent = os.getpid()

    def dying(path, rel, within=None):
        if os.getpid() != parent and rel.startswith("m03/"):
            os._exit(1)  # the worker process dies (the forked worker has this patch too)
        return real(path, rel, within)

    monkeypatch.setattr(pool, "read_part", dying)
    serial = _gather(inbox, 1)
    survived = _gather(inbox, 2)
    _same_results(serial, survived)


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_the_pool_gives_the_same_results_under_every_start_method(inbox, monkeypatch, method):
    """Windows and macOS start workers with spawn (Python 3.14 on Linux with forkserver): a
    worker then imports finsam_xl afresh instead of inheriting this process. The results
    equal those of forked workers, file for file."""
    monkeypatch.setattr(pool, "START_METHOD", "fork")
    forked = _gather(inbox, 2)
    monkeypatch.setattr(pool, "START_METHOD", method)
    items = scan(inbox)
    with pool.Reading(items, jobs=2) as reading:
        assert reading.pool is not None
        assert reading.pool._mp_context.get_start_method() == method
    started = _gather(inbox, 2)
    _same_results(forked, started)


def test_check_files_parallel_equals_serial(inbox, jobs):
    paths = sorted(inbox.rglob("*.xlsx"))[:80] + [inbox / "m01", inbox / "missing.xlsx"]
    jobs(1)
    serial = C.check_files(paths, PLAN)
    jobs(2)
    parallel = C.check_files(paths, PLAN)
    assert serial == parallel
    assert serial[-1].findings[0].code == "file-not-found"


def test_reader_cache_changes_nothing(inbox):
    """Each file read with every cached template analysis forgotten first gives what the
    same files give read one after the other with the caches warm."""
    files = sorted(p for p in inbox.rglob("*.xlsx") if not p.name.startswith((".", "~")))
    cold = []
    for p in files:
        reader.clear_caches()
        cold.append(reader.read_file(p, p.name))
    reader.clear_caches()
    warm = [reader.read_file(p, p.name) for p in files]
    assert cold == warm
    assert package.workbook_declarations.cache_info().hits >= len(files) - 10
    assert ooxml.name_targets.cache_info().hits >= len(files) - 10
    # a cached analysis is shared, never handed out to be changed
    a, b = warm[0][0], warm[1][0]
    assert a.cells == cold[0][0].cells and a.cells is not b.cells


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_workbook_identical_serial_parallel_and_fast_or_plain_cells(inbox, tmp_path):
    serial = _gather(inbox, 1)
    parallel = _gather(inbox, 2)
    for r in (serial, parallel):
        r.written_at = WRITTEN
    B.build(serial, tmp_path / "serial-plain.xlsx", fast=False)
    B.build(parallel, tmp_path / "parallel-fast.xlsx", fast=True)
    plain, fast = _parts(tmp_path / "serial-plain.xlsx"), _parts(tmp_path / "parallel-fast.xlsx")
    assert plain.keys() == fast.keys()
    for name in plain:
        assert plain[name] == fast[name], name


def test_the_fast_workbook_is_serialised_by_fast_worksheet(inbox, tmp_path, monkeypatch):
    """The comparison above compares two paths: with `fast` every sheet's cells go through
    sheetxml.FastWorksheet's serializer and the Data table through put_columns; without it,
    through xlsxwriter's own Worksheet and public methods."""
    from finsam_xl import contract
    from finsam_xl.wb.sheetxml import FastWorksheet

    rows, blocks = [], []
    fast_rows, put_columns = FastWorksheet._fast_rows, FastWorksheet.put_columns
    monkeypatch.setattr(FastWorksheet, "_fast_rows",
                        lambda self: (rows.append(self.name), fast_rows(self))[1])
    monkeypatch.setattr(FastWorksheet, "put_columns",
                        lambda self, *a: (blocks.append(self.name), put_columns(self, *a))[1])
    result = _gather(inbox, 1)
    result.written_at = WRITTEN
    B.build(result, tmp_path / "fast.xlsx", fast=True)
    assert rows == list(contract.WB_SHEETS) and blocks == ["Data"]
    B.build(result, tmp_path / "plain.xlsx", fast=False)
    assert rows == list(contract.WB_SHEETS) and blocks == ["Data"]


def test_collect_cli_output_identical_with_and_without_pool(inbox, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the letters' drafts are dated
    outputs = {}
    for jobs in (1, None):  # None: the default, a pool for this many files
        monkeypatch.setattr(pool, "JOBS", jobs)
        out = tmp_path / f"out-{jobs}"
        res = CliRunner().invoke(cli, ["collect", "--inbox", str(inbox), "--outbox", str(out),
                                       "--period", PERIOD])
        assert res.exit_code == 0, res.output
        outputs[jobs] = res.output.replace(str(out), "OUT")
        summary = (out / f"sammanfattning-{PERIOD}.json").read_text("utf-8")
        outputs[(jobs, "json")] = "\n".join(
            line for line in summary.splitlines() if '"written_at"' not in line)
        outputs[(jobs, "feedback")] = {p.name: p.read_bytes()  # letters, copies, drafts
                                       for p in (out / "aterkoppling").iterdir()}
    assert outputs[1] == outputs[None]
    assert outputs[(1, "json")] == outputs[(None, "json")]
    assert outputs[(1, "feedback")] == outputs[(None, "feedback")]
    assert outputs[(1, "feedback")]  # the rejected and superseded files got letters


def test_fast_cells_are_in_use_and_fall_back_for_other_formulas(tmp_path):
    """With this xlsxwriter the fast paths are taken (so the test above compares two
    different paths); a formula with a dynamic-array function still takes the public one."""
    import xlsxwriter

    from finsam_xl.wb.common import Cells

    wb = xlsxwriter.Workbook(str(tmp_path / "probe.xlsx"))
    fast, plain = wb.add_worksheet("a"), wb.add_worksheet("b")
    cf, cp = Cells(fast), Cells(plain, fast=False)
    assert cf.formula is not fast.write_formula and cf.string is not fast.write_string
    for c in (cf, cp):
        c.formula(0, 0, '=IF(B1=0,"",SUM(B1:C1)/B1)', None, 2)
        c.formula(1, 0, "=SORT(B1:B3)", None, 0)
        c.formula(2, 0, "=XLOOKUP(1,B1:B3,C1:C3)", None, 0)
        c.formula(3, 0, "=A1+1", None, 3)
    assert fast.table == plain.table
    assert fast.table[0][0].formula == 'IF(B1=0,"",SUM(B1:C1)/B1)'
    wb.close()
