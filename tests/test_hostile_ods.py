"""Hostile OpenDocument files (issue 19, item 3): repeat counts are counted against the same
limits as an .xlsx's cells before anything is expanded, so a 1 kB .ods cannot cost minutes
and gigabytes.

Before the fix, `<text:s text:c="2000000000"/>` in a comment cell ran for over 200 s, and 40 ×
`text:c="100000000"` in a count cell took 35 s and 7.6 GB (`check` too): the spaces were
expanded first and the only cap was the sheet's size, 17 billion. Now a cell's text may hold
at most Excel's 32 767 characters, all the cells read together at most the 50 MB an .xlsx's
parts may hold, and a sheet at most 1 048 576 rows and 16 384 columns; anything more is
`file-too-large`. The cost is measured in a child process (`os.wait4`: its own CPU time and
peak memory), for `check` and for `collect`."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from finsam_xl.reader import read_file
from support.files import PLAN, SIP, put, utc
from support.measured import run_measured
from support.ods import META_NAMES, META_ROWS, STRING, cell, content, name, package
from support.runs import after_plan

CPU_LIMIT = 2.0  # seconds
MEMORY_LIMIT = 200.0  # MB


def one_cell(path: Path, field: str, text: str, attrs: str = STRING) -> Path:
    """A SIP template for 2025-03 whose `field` is A5, holding `text` (ODF markup)."""
    row = f"<table:table-row>{cell(attrs, text)}</table:table-row>"
    return package(path, content(META_ROWS + row, META_NAMES + name(field, "$Rapport.$A$5")))


def huge_comment(path: Path) -> Path:
    return one_cell(path, "fx_kommentar", 'Hej<text:s text:c="2000000000"/>då')


def huge_count(path: Path) -> Path:
    return one_cell(path, "fx_antal", '<text:s text:c="100000000"/>' * 40)


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def line(fil: str, n: str) -> str:
    return f"{fil}: underkänd: filen är för stor ({n} tecken i en cell)"


def sentence(fil: str, n: str) -> str:
    return (f"Filen {fil} har minst {n} tecken text i cellen Rapport!A5, fler än de 32 767 "
            "tecken som en cell rymmer; korta texten och skicka filen igen.")


def test_the_hostile_files_are_small():
    for build in (huge_comment, huge_count):
        assert build(Path(f"{build.__name__}.ods")).stat().st_size < 2000


@pytest.mark.parametrize("build, n", [(huge_comment, "2 000 000 003"),
                                      (huge_count, "100 000 000")])
def test_a_repeat_count_beyond_a_cell_is_file_too_large(tmp_path, build, n):
    path = build(tmp_path / "2025-03_sip.ods")
    sub, findings = read_file(path, "2025-03_sip.ods")
    assert sub is None
    assert [(f.code, f.severity, f.cell, f.value, f.expected, f.message) for f in findings] == [
        ("file-too-large", "error", "Rapport!A5", f"{n} tecken i en cell",
         "högst 32 767 tecken", sentence("2025-03_sip.ods", n))]


@pytest.mark.parametrize("build, n", [(huge_comment, "2 000 000 003"),
                                      (huge_count, "100 000 000")])
def test_check_rejects_a_hostile_ods_in_bounded_time_and_memory(tmp_path, build, n):
    path = build(tmp_path / "2025-03_sip.ods")
    before = path.read_bytes()
    run = run_measured(["check", path.name], cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert after_plan(run.stdout).splitlines() == [line("2025-03_sip.ods", n),
                                       "  fel: " + sentence("2025-03_sip.ods", n)]
    assert run.stderr == ""
    assert path.read_bytes() == before
    assert run.cpu <= CPU_LIMIT and run.peak_mb <= MEMORY_LIMIT, run
    print(f"check: {run.cpu:.2f} s CPU, {run.wall:.2f} s wall, {run.peak_mb:.0f} MB")


def test_collect_rejects_hostile_ods_files_and_writes_the_month(tmp_path):
    """Both hostile files beside a good report: each gets its line, the good one is used, the
    workbook is written (exit 0), in bounded time and memory; the inbox is unchanged."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    huge_comment(inbox / "a-kommentar.ods")
    huge_count(inbox / "b-antal.ods")
    put(inbox, "2025-03_sip.xlsx", SIP, "2025-03", {"fx_antal": 7}, utc(2025, 4, 2))
    before = tree(inbox)
    run = run_measured(["collect", "--period", "2025-03"], cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = after_plan(run.stdout).splitlines()
    assert lines[:3] == ["2025-03_sip.xlsx: godkänd",
                         line("a-kommentar.ods", "2 000 000 003"),
                         line("b-antal.ods", "100 000 000")]
    assert (tmp_path / "outbox" / "uppfoljning-2025-03.xlsx").is_file()
    letter = (tmp_path / "outbox" / "aterkoppling" / "b-antal.txt").read_text("utf-8")
    assert "1. " + sentence("b-antal.ods", "100 000 000") in letter
    assert tree(inbox) == before
    assert run.cpu <= CPU_LIMIT and run.peak_mb <= MEMORY_LIMIT, run
    print(f"collect: {run.cpu:.2f} s CPU, {run.wall:.2f} s wall, {run.peak_mb:.0f} MB")


COMMENT = cell(STRING, "x")


@pytest.mark.parametrize("rows, address, found", [
    # rows 5 to 1048575 repeated, the comment in the sheet's last row: read
    ('<table:table-row table:number-rows-repeated="1048571"/>'
     f"<table:table-row>{COMMENT}</table:table-row>", "$A$1048576", None),
    # one more repeated row: the comment's row would be 1 048 577
    ('<table:table-row table:number-rows-repeated="1048572"/>'
     f"<table:table-row>{COMMENT}</table:table-row>", "$A$1048576", ("rader", 1048577)),
    ('<table:table-row table:number-rows-repeated="99999999999999999999999"/>'
     f"<table:table-row>{COMMENT}</table:table-row>", "$A$6",
     ("rader", 4 + 99999999999999999999999)),
    # 16 383 repeated columns, the comment in the last column: read
    (f"<table:table-row>{cell(repeat=16383)}{COMMENT}</table:table-row>", "$XFD$5", None),
    (f"<table:table-row>{cell(repeat=16384)}{COMMENT}</table:table-row>"
     f"<table:table-row>{COMMENT}</table:table-row>", "$A$6", ("kolumner", 16385)),
])
def test_repeated_rows_and_columns_beyond_a_sheet_are_file_too_large(tmp_path, rows, address,
                                                                   found):
    """Rows and columns are counted, never expanded; a sheet larger than an .xlsx's
    (1 048 576 × 16 384, LibreOffice's own size: it writes its empty rows and columns as
    repeats up to exactly that) is file-too-large. The comment's cell comes after the
    repeats, so the parser reads through them."""
    names = META_NAMES + name("fx_kommentar", "$Rapport." + address)
    path = package(tmp_path / "r.ods", content(META_ROWS + rows, names))
    sub, findings = read_file(path, "r.ods")
    if found is None:
        assert findings == [] and sub.kommentar == "x"
        return
    what, n = found
    n_text = f"{n:,}".replace(",", " ")
    grans = "1 048 576" if what == "rader" else "16 384"
    assert [(f.code, f.value, f.expected) for f in findings] == [
        ("file-too-large", f"{n_text} {what}", f"högst {grans}")]
    assert findings[0].message == (
        f"Filen r.ods har {'ett blad' if what == 'rader' else 'en rad'} med {n_text} {what}, "
        f"fler än de {grans} som ett kalkylblad rymmer; fyll i en ny mall och skicka den.")


def test_text_up_to_a_cell_is_read_and_one_character_more_is_not(tmp_path):
    ok = one_cell(tmp_path / "ok.ods", "fx_kommentar", 'a<text:s text:c="32765"/>b')
    sub, findings = read_file(ok, "ok.ods")
    assert findings == [] and sub.kommentar == "a" + " " * 32765 + "b"
    over = one_cell(tmp_path / "over.ods", "fx_kommentar", 'a<text:s text:c="32766"/>b')
    assert [(f.code, f.value) for f in read_file(over, "over.ods")[1]] == [
        ("file-too-large", "32 768 tecken i en cell")]


def test_the_cells_read_together_hold_at_most_what_an_xlsx_can(tmp_path):
    """1 650 extra fx_ names, each at a cell of 32 760 spaces: 54 MB of text from a 12 kB
    file, over the 50 MB an .xlsx's parts may hold uncompressed."""
    spaces = cell(STRING, '<text:s text:c="32760"/>')
    rows = f"<table:table-row>{spaces}</table:table-row>" * 1650
    names = "".join(name(f"fx_x{i}", f"$Rapport.$A${5 + i}") for i in range(1650))
    path = package(tmp_path / "w.ods", content(META_ROWS + rows, META_NAMES + names))
    assert path.stat().st_size < 20_000
    _sub, findings = read_file(path, "w.ods")
    assert [(f.code, f.value, f.expected) for f in findings] == [
        ("file-too-large", "50,0 MB text", "högst 50,0 MB")]
    assert findings[0].message == (
        "Filen w.ods innehåller text som blir minst 50,0 MB när dess upprepade mellanslag "
        "räknas ut, mer än gränsen 50,0 MB för en månadsrapport; fyll i en ny mall och "
        "skicka den.")


def test_an_xlsx_cell_over_the_limit_is_file_too_large_too(tmp_path):
    """The same limit, whatever the format: an .xlsx whose comment a program made 40 000
    characters long (Excel itself cannot; the template writer truncates, so the shared
    string is replaced in the package)."""
    import zipfile

    from finsam_xl.template import write_template

    src, path = tmp_path / "src.xlsx", tmp_path / "2025-03_sip.xlsx"
    write_template(PLAN, SIP, "2025-03", src, values={"fx_antal": 7},
                   texts={"fx_kommentar": "MARKÖR"})
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/sharedStrings.xml":
                assert "MARKÖR".encode() in data
                data = data.replace("MARKÖR".encode(), b"x" * 40000)
            zout.writestr(info.filename, data)
    _sub, findings = read_file(path, "2025-03_sip.xlsx")
    assert [(f.code, f.value) for f in findings] == [("file-too-large",
                                                       "40 000 tecken i en cell")]
    assert findings[0].cell.startswith("Rapport!")
