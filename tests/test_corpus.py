"""Every file of the shared corpus of odd and hostile spreadsheets through `classify` and
`read_file`, in a child process with a 2 GB address-space limit and a timeout (python-calamine
0.9.1 aborts the whole process on made__long_70k_rows_xfd.xlsx; an abort or a memory blow-up
here fails the test instead of killing pytest).

Each file yields exactly one outcome (ignored, rejected with one READ code, or read), never
an exception, and the expected code of every file is asserted. The corpus is unchanged
afterwards (sha256 and modification time of every file)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest

from support.paths import CORPUS, SHARED_CORPUS, child_env

MEMORY_LIMIT = 2 * 1024 ** 3
TIMEOUT_S = 120

_WORKER = r"""
import json, resource, sys, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from finsam_xl.reader import classify, read_file
corpus = Path(sys.argv[1])
for path in sorted(corpus.iterdir()):
    print(json.dumps({{"start": path.name}}), flush=True)
    t = time.perf_counter()
    reason = classify(path)
    out = {{"name": path.name, "ignored": reason}}
    if reason is None:
        sub, findings = read_file(path, path.name)
        out["read"] = sub is not None
        out["codes"] = [f.code for f in findings]
        out["severities"] = [f.severity for f in findings]
        out["named"] = all(path.name in f.message for f in findings)
    out["ms"] = (time.perf_counter() - t) * 1000
    print(json.dumps(out), flush=True)
print(json.dumps({{"done": True}}), flush=True)
"""

IGNORED = {"README.md"}

EXPECTED = {
    # unreadable or wrong content
    "made__zero_byte.xlsx": "file-empty",
    "made__text_renamed.xlsx": "file-corrupt",
    "made__pdf_renamed.xlsx": "file-corrupt",
    "made__truncated_60pct.xlsx": "file-corrupt",
    "made__billion_laughs_workbook.xlsx": "file-corrupt",
    "calamine__issue252.xlsx": "file-corrupt",  # bad CRC on workbook.xml.rels
    "openpyxl__null_archive.xlsx": "file-corrupt",  # a zip without a workbook
    # encrypted: OLE/CFB with EncryptedPackage (Agile, Standard), encrypted ODS
    "calamine__pass_protected.xlsx": "file-encrypted",
    "calamine__pass_protected.xlsb": "file-encrypted",
    "calamine__pass_protected.ods": "file-encrypted",
    "python-calamine__password.xlsx": "file-encrypted",
    # DoS
    "made__zip_bomb_200MB_whitespace.xlsx": "file-zip-bomb",
    "openpyxl__bigfoot.xlsx": "file-zip-bomb",  # 1 024 sheets: more than 200 zip entries
    # other formats: save as .xlsx (RC4-encrypted .xls are .xls first)
    "made__xls_bytes_named.xlsx": "file-format",
    "calamine__OOM_alloc2.xls": "file-format",
    "calamine__OOM_alloc3.xls": "file-format",
    "calamine__any_sheets.xls": "file-format",
    "calamine__capitalized_wbook_stream.xls": "file-format",
    "calamine__date_1904.xlsb": "file-format",
    "calamine__gh548_incorrect_sst_unique_count.xls": "file-format",
    "calamine__issue_385.xls": "file-format",
    "calamine__issue_666_panic.xlsb": "file-format",
    "calamine__ptgexp-truncated-operand.xls": "file-format",
    "calamine__too_small.xls": "file-format",
    "calamine__vba.xlsm": "file-format",
    "frictionless__bom.csv": "file-format",
    "frictionless__defective-rows.csv": "file-format",
    "frictionless__duplicate-headers.csv": "file-format",
    "frictionless__latin1.csv": "file-format",
    "made__messy_semicolon_bom.csv": "file-format",
    "openpyxl__vba+comments.xlsm": "file-format",
    "python-calamine__password.xls": "file-format",
    "xlrd__biff4_no_format_no_window2.xls": "file-format",
    "xlrd__corrupted_error.xls": "file-format",
    "xlrd__invalid_formula.xls": "file-format",
    "xlrd__namesdemo.xls": "file-format",
    "xlsxwriter__macro01.xlsm": "file-format",
    # readable workbooks that are not finsam-xl templates (no fx_version name); OpenDocument
    # spreadsheets are read like an .xlsx (they were file-format once)
    "calamine__any_sheets.ods": "not-template",
    "calamine__issue_594_dos.ods": "not-template",
    "frictionless__table-output.ods": "not-template",
    "made__long_70k_rows_xfd.xlsx": "not-template",
    "calamine__any_sheets.xlsx": "not-template",
    "calamine__empty_s_attribute.xlsx": "not-template",
    "calamine__empty_sheet.xlsx": "not-template",
    "calamine__errors.xlsx": "not-template",
    "calamine__has_x000D_.xlsx": "not-template",
    "calamine__inlineStr_cdata.xlsx": "not-template",
    "calamine__issue_174.xlsx": "not-template",
    "calamine__issue_261.xlsx": "not-template",
    "calamine__issue_419.xlsx": "not-template",
    "calamine__issue_530.xlsx": "not-template",
    "calamine__minimal_package.xlsx": "not-template",
    "calamine__nonstandard-xml-ns-prefix.xlsx": "not-template",
    "calamine__picture_richdata.xlsx": "not-template",
    "calamine__pivots.xlsx": "not-template",
    "calamine__strict_iso_paths.xlsx": "not-template",
    "frictionless__issue-1024.xlsx": "not-template",
    "frictionless__issue-313.xlsx": "not-template",
    "frictionless__multiline-headers.xlsx": "not-template",
    "frictionless__skip-rows.xlsx": "not-template",
    "frictionless__template.xlsx": "not-template",
    "made__formulas_no_cached_values.xlsx": "not-template",
    "openpyxl__NameWithValueBug.xlsx": "not-template",
    "openpyxl__book1.xlsx": "not-template",
    "openpyxl__contains_chartsheets.xlsx": "not-template",
    "openpyxl__empty_no_dimensions.xlsx": "not-template",
    "xlsxwriter__autofilter02.xlsx": "not-template",
    "xlsxwriter__chartsheet03.xlsx": "not-template",
    "xlsxwriter__comment03.xlsx": "not-template",
    "xlsxwriter__data_validation02.xlsx": "not-template",
    "xlsxwriter__defined_name01.xlsx": "not-template",
    "xlsxwriter__dynamic_array01.xlsx": "not-template",
    "xlsxwriter__formula_results01.xlsx": "not-template",
    "xlsxwriter__hide02.xlsx": "not-template",
    "xlsxwriter__protect03.xlsx": "not-template",
    "xlsxwriter__quote_name01.xlsx": "not-template",
    "xlsxwriter__rich_string01.xlsx": "not-template",
    "xlsxwriter__table02.xlsx": "not-template",
    "xlsxwriter__unicode_shift_jis.xlsx": "not-template",
    "xlsxwriter__utf8_04.xlsx": "not-template",
}


def _fingerprint() -> dict[str, tuple[str, int]]:
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(CORPUS.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def outcome():
    assert CORPUS.is_dir(), CORPUS
    before = _fingerprint()
    proc = subprocess.run(
        [sys.executable, "-c", _WORKER.format(limit=MEMORY_LIMIT), str(CORPUS)],
        capture_output=True, text=True, timeout=TIMEOUT_S, env=child_env())
    lines = [json.loads(x) for x in proc.stdout.splitlines() if x.strip()]
    started = [x["start"] for x in lines if "start" in x]
    assert proc.returncode == 0 and lines and lines[-1] == {"done": True}, (
        f"child died (rc {proc.returncode}) while reading {started[-1] if started else '?'}: "
        f"{proc.stderr[-2000:]}")
    assert proc.stderr == ""
    return {x["name"]: x for x in lines if "name" in x}, before, _fingerprint()


def test_the_copy_in_tests_is_the_shared_corpus():
    """tests/corpus is a byte-for-byte copy of ../shared/corpus (the tests must run from a
    clone alone); where the shared folder is present, a file added or changed there must be
    copied here, and given an expected outcome below."""
    if not SHARED_CORPUS.is_dir():
        assert CORPUS.is_dir() and len(list(CORPUS.iterdir())) == len(EXPECTED) + len(IGNORED)
        return
    def digest(folder):
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.iterdir()) if p.is_file()}
    assert digest(CORPUS) == digest(SHARED_CORPUS)


def test_every_file_has_an_expected_outcome(outcome):
    results, before, _after = outcome
    assert set(results) == set(before) == set(EXPECTED) | IGNORED


def test_ignored(outcome):
    results, _b, _a = outcome
    assert {n for n, r in results.items() if r["ignored"] is not None} == IGNORED
    assert results["README.md"]["ignored"] == "inte ett kalkylark (.md)"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_exact_code(outcome, name):
    results, _b, _a = outcome
    r = results[name]
    assert r["ignored"] is None
    assert r["read"] is False
    assert r["codes"] == [EXPECTED[name]]  # exactly one outcome, one code
    assert r["severities"] == ["error"]
    assert r["named"] is True  # the message names the file


def test_corpus_is_unchanged(outcome):
    _r, before, after = outcome
    assert after == before


_XFD_WORKER = r"""
import json, resource, sys, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from finsam_xl.reader import read_file
path = Path(sys.argv[1])
t = time.perf_counter()
sub, findings = read_file(path, path.name)
ms = (time.perf_counter() - t) * 1000
print(json.dumps({{"codes": [f.code for f in findings], "raw": sub.raw if sub else None,
                   "cells": sub.cells if sub else None, "ms": ms}}))
"""


def test_70k_rows_and_xfd_made_into_a_template_is_read_in_a_bounded_child(tmp_path):
    """made__long_70k_rows_xfd.xlsx (dimension A1:XFD70001, a cell at XFD1; python-calamine
    0.9.1 aborts the process on it) turned into a template: the sheet renamed Rapport,
    fx_ names pointing at XFD1, B70001, A1 and the empty XFD70001. The reader streams the
    5.5 MB sheet (over TREE_MAX_BYTES) and reads exactly those cells, under a 2 GB limit."""
    import re
    import zipfile

    src = CORPUS / "made__long_70k_rows_xfd.xlsx"
    with zipfile.ZipFile(src) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    from finsam_xl.reader.sheet import TREE_MAX_BYTES

    assert len(sheet) > TREE_MAX_BYTES
    # expected values, read from the XML text independently of the reader
    b70001 = int(re.search(rb'<c r="B70001"><v>(\d+)</v></c>', sheet).group(1))
    assert b70001 == 154
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        b'<c r="XFD1" t="inlineStr"><is><t>far right</t></is></c>',
        b'<c r="XFD1" t="inlineStr"><is><t>finsam-xl/1</t></is></c>')
    names = {"fx_version": "Rapport!$XFD$1", "fx_antal": "Rapport!$B$70001",
             "fx_insats": "'Rapport'!A1", "fx_start_kvinnor": "Rapport!$XFD$70001"}
    defined = "".join(f'<definedName name="{n}">{f}</definedName>' for n, f in names.items())
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b'name="Report"', b'name="Rapport"').replace(
        b"</sheets>", b"</sheets><definedNames>" + defined.encode() + b"</definedNames>")
    dst = tmp_path / "lang.xlsx"
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    proc = subprocess.run(
        [sys.executable, "-c", _XFD_WORKER.format(limit=MEMORY_LIMIT), str(dst)],
        capture_output=True, text=True, timeout=TIMEOUT_S, env=child_env())
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    assert out["codes"] == []
    assert out["raw"] == {"fx_version": "finsam-xl/1", "fx_insats": "id", "fx_antal": b70001,
                          "fx_start_kvinnor": None}
    assert out["cells"] == {"fx_version": "Rapport!XFD1", "fx_insats": "Rapport!A1",
                            "fx_antal": "Rapport!B70001", "fx_start_kvinnor": "Rapport!XFD70001"}


_FUZZ_WORKER = r"""
import json, random, resource, sys, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from finsam_xl.reader import read_file
src = Path(sys.argv[1])
data = src.read_bytes()
rng = random.Random(20250301)
out = dir_ = src.parent / "fuzz"
dir_.mkdir()
results = []
t = time.perf_counter()
for i in range({n}):
    b = bytearray(data)
    kind = i % 3
    if kind == 0:  # flip a few random bytes anywhere
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
    elif kind == 1:  # truncate
        b = b[:rng.randrange(1, len(b))]
    else:  # overwrite a run with zeros
        start = rng.randrange(len(b))
        b[start:start + rng.randint(1, 64)] = bytes(min(64, len(b) - start))
    p = dir_ / f"f{{i}}.xlsx"
    p.write_bytes(bytes(b))
    sub, findings = read_file(p, p.name)
    results.append([sub is not None, [f.code for f in findings]])
print(json.dumps({{"results": results, "ms": (time.perf_counter() - t) * 1000}}))
"""

READ_CODES = {"file-empty", "file-too-large", "file-encrypted", "file-format", "file-corrupt",
              "file-zip-bomb", "not-template", "unknown-version", "name-ref-error",
              "file-unreadable"}


def test_fuzzed_templates_never_crash_the_reader(tmp_path):
    """600 damaged copies of a real template (random bytes, truncation, zeroed runs), read
    in a child with a 2 GB limit: each is read (possibly with name-ref-errors) or rejected
    with exactly one READ code."""
    from finsam_xl.plan import DEFAULT_EXAMPLE, load_example
    from finsam_xl.template import write_template

    plan = load_example(DEFAULT_EXAMPLE)
    src = write_template(plan, plan.insats("isa"), "2025-03", tmp_path / "t.xlsx",
                         values={"fx_start_kvinnor": 4, "fx_nya_man": 2},
                         texts={"fx_kommentar": "Allt väl."})
    n = 600
    proc = subprocess.run(
        [sys.executable, "-c", _FUZZ_WORKER.format(limit=MEMORY_LIMIT, n=n), str(src)],
        capture_output=True, text=True, timeout=TIMEOUT_S, env=child_env())
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads(proc.stdout)["results"]
    assert len(results) == n
    for read, found in results:
        assert set(found) <= READ_CODES
        if read:
            assert set(found) <= {"name-ref-error"}
        else:
            assert len(found) == 1
    # the damage must actually be seen: most copies are rejected
    assert sum(1 for read, _ in results if not read) > n // 2
