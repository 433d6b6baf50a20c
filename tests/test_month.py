"""The month around collect: prefilled templates, marked copies beside the
letters, and reminder e-mails. Expected numbers are computed here from what the test wrote;
expected cells come from openpyxl's view of the files, never from the code under test."""

from __future__ import annotations

import dataclasses
import email
import hashlib
import io
import zipfile
from datetime import datetime, timezone
from email import policy
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsam_xl import contract
from finsam_xl.cli import cli
from finsam_xl.plan import load_example, write_plan
from finsam_xl.reader import read_file
from finsam_xl.template import defined_cells, fill_template, write_template
from support import lo
from support.runs import after_plan

PLAN = load_example()
PNR = "811218-9876"
FLOW_IDS = [i.id for i in PLAN.insatser if i.flow]


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def month(i: int, start_k: int, start_m: int) -> dict:
    """A consistent month whose numbers differ per insats (i)."""
    nya_k, nya_m, avsl_k, avsl_m = 2 + i % 3, 1 + i % 2, 1 + i % 2, i % 3
    return {"fx_start_kvinnor": start_k, "fx_start_man": start_m, "fx_nya_kvinnor": nya_k,
            "fx_nya_man": nya_m, "fx_avslutade_kvinnor": avsl_k, "fx_avslutade_man": avsl_m,
            "fx_utfall_arbete_kvinnor": avsl_k, "fx_utfall_studier_man": avsl_m}


def tree(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def named(path: Path, data_only: bool = True) -> dict:
    """{defined name: (value, comment text or None, fill rgb)} as openpyxl sees the file."""
    import openpyxl

    wb = openpyxl.load_workbook(path, data_only=data_only)
    out = {}
    for name, (sheet, coord) in defined_cells(wb).items():
        c = wb[sheet][coord]
        out[name] = (c.value, c.comment.text if c.comment else None, c.fill.fgColor.rgb)
    return out


# ----------------------------------------------------------------------------- prefill


@pytest.fixture(scope="module")
def march(tmp_path_factory):
    """An inbox with March reports for every flow insats except two: forsteg-boxholm's is
    rejected, stod-mot-sysselsattning has none. isa's March report was sent twice: the newer
    one (other numbers) is the one collect uses."""
    box = tmp_path_factory.mktemp("march") / "inbox"
    expected = {}
    for i, insats_id in enumerate(FLOW_IDS):
        insats = PLAN.insats(insats_id)
        values = month(i, 10 + i, 3 + 2 * i)
        if insats_id == "stod-mot-sysselsattning":
            continue
        if insats_id == "forsteg-boxholm":
            values = dict(values, fx_utfall_arbete_kvinnor=values["fx_avslutade_kvinnor"] + 1)
        elif insats_id == "isa":
            write_template(PLAN, insats, "2025-03", box / "gammal" / "2025-03_isa.xlsx",
                           values=month(i, 1, 1), modified=utc(2025, 4, 2, 8))
        path = box / f"2025-03_{insats_id}.xlsx"
        write_template(PLAN, insats, "2025-03", path, values=values,
                       modified=utc(2025, 4, 3, 8))
        if insats_id != "forsteg-boxholm":
            expected[insats_id] = {
                kon: values[f"fx_start_{kon}"] + values[f"fx_nya_{kon}"]
                - values[f"fx_avslutade_{kon}"] for kon in ("kvinnor", "man")}
    return box, expected


def test_april_templates_start_where_march_ended(march, tmp_path):
    box, expected = march
    before = tree(box)
    out = tmp_path / "mallar"
    res = CliRunner().invoke(cli, ["templates", "--period", "2025-04", "--inbox", str(box),
                                   "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert f"Skrev {out / '2025-04_isa.xlsx'} (start ifylld från 2025-03_isa.xlsx, 2025-03)" \
        in res.output.splitlines()
    assert f"Skrev {out / '2025-04_forsteg-boxholm.xlsx'}" in res.output.splitlines()
    assert sorted(expected) == sorted(set(FLOW_IDS) - {"forsteg-boxholm",
                                                       "stod-mot-sysselsattning"})
    for insats_id in FLOW_IDS:
        cells = named(out / f"2025-04_{insats_id}.xlsx")
        for kon, label in (("kvinnor", "kvinnor"), ("man", "män")):
            value, note, _fill = cells[f"fx_start_{kon}"]
            if insats_id not in expected:
                assert (value, note) == (None, None), insats_id
                continue
            assert value == expected[insats_id][kon], (insats_id, kon)
            assert note.startswith(
                f"Ifyllt av finsam-xl: inskrivna {label} vid slutet av mars 2025 enligt "
                f"2025-03_{insats_id}.xlsx (start ")
            assert note.endswith(f"= {value}). Ändra värdet om det inte stämmer.")
        # the other inputs stay empty, and the file reads as an unfilled template
        sub, findings = read_file(out / f"2025-04_{insats_id}.xlsx", "x.xlsx")
        assert findings == []
        assert [n for n in contract.count_names(PLAN.insats(insats_id))
                if sub.raw[n] is not None] == \
            (["fx_start_kvinnor", "fx_start_man"] if insats_id in expected else [])
    # isa: the newer of the two March reports (its numbers, not the old file's)
    assert named(out / "2025-04_isa.xlsx")["fx_start_man"][0] == expected["isa"]["man"]
    assert expected["isa"] != {"kvinnor": 1 + 2 - 1, "man": 1 + 1 - 0}
    # a count template has no start cells and no notes
    assert all(note is None for _v, note, _f in named(out / "2025-04_sip.xlsx").values())
    assert tree(box) == before


def test_january_and_no_inbox_leave_the_start_cells_empty(march, tmp_path, monkeypatch):
    box, _ = march
    res = CliRunner().invoke(cli, ["templates", "--period", "2025-01", "--inbox", str(box),
                                   "-o", str(tmp_path / "jan")])
    assert res.exit_code == 0, res.output
    assert named(tmp_path / "jan" / "2025-01_isa.xlsx")["fx_start_kvinnor"][:2] == (None, None)
    monkeypatch.chdir(tmp_path)  # no inbox/ here: no prefill, no error
    res = CliRunner().invoke(cli, ["templates", "--period", "2025-04", "-o", "apr"])
    assert res.exit_code == 0, res.output
    assert named(tmp_path / "apr" / "2025-04_isa.xlsx")["fx_start_kvinnor"][:2] == (None, None)
    res = CliRunner().invoke(cli, ["templates", "--period", "2025-04", "--inbox", "finns-inte"])
    assert res.exit_code == 1
    assert after_plan(res.output) == ("Fel: Hittar ingen inkorg finns-inte. Ange en mapp som "
                                      "finns med --inbox.\n")


# ----------------------------------------------------------------------------- marked copies


@pytest.fixture(scope="module")
def marked(tmp_path_factory, march):
    """collect over an April inbox: a prefilled template filled with mistakes (its notes
    must survive), a file re-saved by LibreOffice with an error, and a personnummer."""
    base = tmp_path_factory.mktemp("marked")
    box = base / "inbox"
    for p in march[0].rglob("*.xlsx"):
        dst = box / p.relative_to(march[0])
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(p.read_bytes())
    res = CliRunner().invoke(cli, ["templates", "--period", "2025-04", "--inbox", str(box),
                                   "-o", str(base / "mallar")])
    assert res.exit_code == 0, res.output
    # isa April, accepted with warnings: start for women changed (stock-flow break, on a
    # cell with the template's note) and a personnummer in the comment
    fill_template(base / "mallar" / "2025-04_isa.xlsx", box / "2025-04_isa.xlsx",
                  {"fx_start_kvinnor": 99, "fx_nya_man": 2, "fx_avslutade_man": 2,
                   "fx_utfall_arbete_man": 2},
                  texts={"fx_kommentar": f"Ring {PNR} imorgon"})
    # sip April, saved by LibreOffice: a count that is not a whole number
    src = base / "src" / "2025-04_sip.xlsx"
    write_template(PLAN, PLAN.insats("sip"), "2025-04", src, values={"fx_antal": "ca 10"})
    resaved = lo.convert(src, base / "lo")
    (box / "2025-04_sip.xlsx").write_bytes(resaved.read_bytes())
    outbox = base / "outbox"
    before = tree(box)
    res = CliRunner().invoke(cli, ["collect", "--inbox", str(box), "--outbox", str(outbox),
                                   "--period", "2025-04"])
    assert res.exit_code == 0, res.output
    assert tree(box) == before
    fb = outbox / "aterkoppling"
    copies = {n: fb / f"2025-04_{n}.xlsx" for n in ("isa", "sip")}
    checked = lo.convert_many(list(copies.values()), base / "lo-copies")
    return box, outbox, copies, checked, res.output


def finding_cells(outbox: Path, file: str) -> dict[str, str]:
    """{cell (without sheet): severity of the worst finding} from collect's JSON summary."""
    import json

    summary = json.loads((outbox / "sammanfattning-2025-04.json").read_text("utf-8"))
    (entry,) = [f for f in summary["files"] if f["file"] == file]
    out = {}
    for f in entry["findings"]:
        if f["cell"]:
            cell = f["cell"].split("!")[1]
            out[cell] = "error" if "error" in (out.get(cell), f["severity"]) else f["severity"]
    return out


def notes(path: Path) -> dict[str, tuple[str, str]]:
    import openpyxl

    ws = openpyxl.load_workbook(path)["Rapport"]
    return {c.coordinate: (c.comment.text, c.fill.fgColor.rgb)
            for row in ws.iter_rows() for c in row if c.comment}


def every_cell(path: Path, data_only: bool) -> dict:
    import openpyxl

    wb = openpyxl.load_workbook(path, data_only=data_only)
    return {(ws.title, c.coordinate): c.value for ws in wb for row in ws.iter_rows()
            for c in row if c.value is not None}


FILL = {"error": "FFFFC7CE", "warning": "FFFFEB9C"}


@pytest.mark.parametrize("name", ["isa", "sip"])
@pytest.mark.libreoffice
def test_marked_copy_notes_exactly_the_cells_in_the_findings(marked, name):
    box, outbox, copies, checked, _out = marked
    expected = finding_cells(outbox, f"2025-04_{name}.xlsx")
    for path in (copies[name], checked[copies[name].stem]):  # as written, and after LO
        found = notes(path)
        marked_cells = {c for c, (text, _fill) in found.items() if text.startswith(
            ("Fel: ", "Varning: "))}
        assert marked_cells == set(expected), path
        for cell, severity in expected.items():
            assert found[cell][1] == FILL[severity], (path, cell)
    import openpyxl

    where = {n: coord for n, (_sheet, coord) in
             defined_cells(openpyxl.load_workbook(box / f"2025-04_{name}.xlsx")).items()}
    if name == "isa":  # the start cell for women (stock flow) and the comment (personnummer)
        assert set(expected) == {where["fx_start_kvinnor"], where["fx_kommentar"]}
        assert where["fx_start_kvinnor"] == "B15"
        text, _ = notes(copies["isa"])["B15"]  # the finding, then the template's own note
        assert text.startswith("Varning: 2025-04_isa.xlsx: fältet Inskrivna vid månadens "
                               "start, kvinnor (Rapport!B15) är 99")
        assert "\n\nTidigare kommentar: Ifyllt av finsam-xl: inskrivna kvinnor vid slutet " \
               "av mars 2025" in text
        # the prefilled note on the men's start cell is kept as it was, not marked
        assert notes(copies["isa"])["C15"][0].startswith("Ifyllt av finsam-xl: inskrivna män")
        assert notes(copies["isa"])["C15"][1] == "FFFFF2CC"
    else:
        assert set(expected) == {where["fx_antal"]}  # an error


@pytest.mark.parametrize("name", ["isa", "sip"])
@pytest.mark.libreoffice
def test_marked_copy_values_and_names_equal_the_original(marked, name):
    box, outbox, copies, _checked, _out = marked
    original = box / f"2025-04_{name}.xlsx"
    import openpyxl

    kommentar = ("Rapport", defined_cells(openpyxl.load_workbook(original))["fx_kommentar"][1])
    for data_only in (False, True):  # formulas, then the cached results
        a, b = every_cell(original, data_only), every_cell(copies[name], data_only)
        if name == "isa":
            assert a.pop(kommentar) == f"Ring {PNR} imorgon"
            assert b.pop(kommentar) == "Ring ÅÅMMDD-XXXX imorgon"
        assert a == b
    names = lambda p: {n: d.attr_text for n, d in  # noqa: E731
                       openpyxl.load_workbook(p).defined_names.items()}
    assert names(copies[name]) == names(original)
    sa, _ = read_file(original, "a.xlsx")
    sb, _ = read_file(copies[name], "b.xlsx")
    assert sb.raw == sa.raw and sb.cells == sa.cells  # the reader masks the original too
    with zipfile.ZipFile(copies[name]) as z:
        assert z.testzip() is None
        assert not any(PNR.encode() in z.read(n) for n in z.namelist())


@pytest.mark.libreoffice
def test_letters_say_the_marked_copy_is_there(marked):
    _box, outbox, _copies, _checked, output = marked
    fb = outbox / "aterkoppling"
    letter = (fb / "2025-04_isa.txt").read_text("utf-8")
    assert "Bredvid det här brevet finns 2025-04_isa.xlsx: en kopia av din fil där varje " \
           "cell som nämns nedan är färgad" in letter
    # a template, as finsam-xl wrote it or as LibreOffice saved it, has nothing the copy
    # leaves out
    for name in ("2025-04_isa.txt", "2025-04_sip.txt"):
        assert "Kopian innehåller" not in (fb / name).read_text("utf-8"), name
    # isa and sip of April, and the rejected forsteg-boxholm of March
    assert f"Märkta kopior av samordnarnas filer: 3 i {fb}" in output.splitlines()
    assert (fb / "2025-03_forsteg-boxholm.xlsx").exists()
    # a letter without cells to mark (isa's March report used, whose one warning names the
    # older file it replaced) has no copy; the replaced file needs no letter at all
    assert (fb / "2025-03_isa.txt").exists() and (fb / "2025-03_isa.eml").exists()
    assert not (fb / "2025-03_isa.xlsx").exists()
    assert "Bredvid" not in (fb / "2025-03_isa.txt").read_text("utf-8")
    assert not (fb / "gammal__2025-03_isa.txt").exists()


# ----------------------------------------------------------------------------- remind


ADDRESSES = {"isa": ("Anna Ek", "anna.ek@motala.se"), "sip": ("Bo Lind", "bo.lind@mjolby.se"),
             "forsteg-boxholm": ("Cecilia Ås", "cecilia.as@boxholm.se")}


@pytest.fixture
def remind_setup(march, tmp_path):
    plan = dataclasses.replace(PLAN, insatser=tuple(
        dataclasses.replace(i, samordnare=ADDRESSES.get(i.id, (None, None))[0],
                            epost=ADDRESSES.get(i.id, (None, None))[1])
        for i in PLAN.insatser))
    plan_path = write_plan(plan, tmp_path / "plan.xlsx")
    return march[0], plan_path, tmp_path / "outbox"


def run_remind(*args):
    return CliRunner().invoke(cli, ["remind", *map(str, args)])


def attachments(msg) -> dict[str, bytes]:
    return {part.get_filename(): part.get_payload(decode=True)
            for part in msg.iter_attachments()}


def test_remind_writes_one_draft_per_missing_report(remind_setup, tmp_path):
    box, plan_path, outbox = remind_setup
    before = tree(box)
    res = run_remind("--period", "2025-03", "--inbox", box, "--outbox", outbox,
                     "--plan", plan_path)
    assert res.exit_code == 0, res.output
    accepted = set(FLOW_IDS) - {"forsteg-boxholm", "stod-mot-sysselsattning"}
    missing = [i.id for i in PLAN.active_insatser(3) if i.id not in accepted]
    drafts = sorted(p.name for p in (outbox / "paminnelser").iterdir())
    assert drafts == sorted(f"2025-03_{i}.eml" for i in missing)
    for insats_id in missing:
        raw = (outbox / "paminnelser" / f"2025-03_{insats_id}.eml").read_bytes()
        msg = email.message_from_bytes(raw, policy=policy.default)
        insats = PLAN.insats(insats_id)
        assert msg["Subject"] == f"Påminnelse: månadsrapport för {insats.namn}, mars 2025"
        assert msg["Date"] is not None and msg["X-Unsent"] == "1"
        if insats_id in ADDRESSES:
            namn, adress = ADDRESSES[insats_id]
            assert msg["To"] == f"{namn} <{adress}>"
            body = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
            # run after the deadline (the clock is today's): the report is missing
            assert body.startswith(f"Hej {namn}!\n\nMånadsrapporten för {insats.namn} för "
                                   "mars 2025 saknas: sista dag för den var 10 april 2025") \
                or body.startswith(f"Hej {namn}!\n\nRapporten för {insats.namn} för mars "
                                   "2025 (2025-03_forsteg-boxholm.xlsx) kunde inte godkännas, "
                                   "och sista dag för rapporten, 10 april 2025, har passerat.")
        else:
            assert msg["To"] is None
        files = attachments(msg)
        if insats_id == "forsteg-boxholm":  # rejected: the marked copy and the letter
            assert sorted(files) == ["2025-03_forsteg-boxholm.txt",
                                     "2025-03_forsteg-boxholm.xlsx"]
            letter = files["2025-03_forsteg-boxholm.txt"].decode("utf-8")  # text: CRLF
            assert letter.startswith("Återkoppling på 2025-03_forsteg-boxholm.xlsx\r\n")
            assert "Bredvid det här brevet finns 2025-03_forsteg-boxholm.xlsx" in letter
            xlsx = files["2025-03_forsteg-boxholm.xlsx"]
        else:
            assert list(files) == [f"2025-03_{insats_id}.xlsx"]
            xlsx = files[f"2025-03_{insats_id}.xlsx"]
        path = tmp_path / f"att-{insats_id}.xlsx"
        path.write_bytes(xlsx)
        sub, _ = read_file(path, path.name)
        assert (sub.raw["fx_period"], sub.raw["fx_insats"]) == ("2025-03", insats_id)
    lines = res.output.splitlines()
    assert f"Skrev {outbox / 'paminnelser' / '2025-03_sip.eml'} till Bo Lind " \
           "<bo.lind@mjolby.se> (mallen bifogad)" in lines
    no_address = [i for i in missing if i not in ADDRESSES]
    assert ("Saknar e-postadress i planen (kolumnen e-post på bladet Insatser): "
            f"{', '.join(no_address)}. Fyll i adressen i utkastet, eller i planen och kör "
            "igen.") in lines
    assert lines[-1] == f"Klart: {len(missing)} påminnelser för mars 2025 i " \
                        f"{outbox / 'paminnelser'}."
    assert tree(box) == before


def test_remind_removes_a_draft_once_the_report_is_in(remind_setup, tmp_path):
    box, plan_path, outbox = remind_setup
    inbox = tmp_path / "inbox"
    for p in box.rglob("*.xlsx"):
        dst = inbox / p.relative_to(box)
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(p.read_bytes())
    assert run_remind("--inbox", inbox, "--outbox", outbox, "--plan", plan_path).exit_code == 0
    assert (outbox / "paminnelser" / "2025-03_sip.eml").exists()  # P: collect's choice
    write_template(PLAN, PLAN.insats("sip"), "2025-03", inbox / "2025-03_sip.xlsx",
                   values={"fx_antal": 4}, modified=utc(2025, 4, 3))
    res = run_remind("--inbox", inbox, "--outbox", outbox, "--plan", plan_path)
    assert res.exit_code == 0, res.output
    assert not (outbox / "paminnelser" / "2025-03_sip.eml").exists()
    assert (outbox / "paminnelser" / "2025-03_forsteg-boxholm.eml").exists()


@pytest.mark.libreoffice
def test_marked_copy_of_a_libreoffice_file_with_notes(tmp_path):
    """A template with notes, filled and saved by LibreOffice (its own comments and VML
    parts): the finding's cell is added to those parts, the old notes stay."""
    from finsam_xl.coordinator.marked import marked_bytes
    from finsam_xl.run import check_files

    src = tmp_path / "src" / "2025-04_isa.xlsx"
    write_template(PLAN, PLAN.insats("isa"), "2025-04", src,
                   values={"fx_start_kvinnor": 4, "fx_nya_man": "ca 2"},
                   notes={"fx_start_kvinnor": "Gammal kommentar"})
    resaved = lo.convert(src, tmp_path / "lo")
    (report,) = check_files([resaved], PLAN)
    assert [(f.code, f.cell) for f in report.errors] == [("not-whole-number", "Rapport!C16")]
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(marked_bytes(report))
    checked = lo.convert(copy, tmp_path / "checked")
    for path in (copy, checked):
        found = notes(path)
        assert sorted(found) == ["B15", "C16"]
        assert found["B15"] == ("Gammal kommentar", "FFFFF2CC")
        assert found["C16"][0].startswith("Fel: ") and found["C16"][1] == FILL["error"]
    assert every_cell(copy, True) == every_cell(resaved, True)
    assert every_cell(copy, False) == every_cell(resaved, False)


def _rezipped(src: Path, dst: Path, folders: bool = False, drop: str | None = None) -> None:
    """`src`'s members written again to `dst`: with a folder entry before the first member
    of each folder (as `zip -r` writes them), or without the member `drop`."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        seen: set[str] = set()
        for info in zin.infolist():
            if info.filename == drop:
                continue
            parts = info.filename.split("/")[:-1]
            for k in range(1, len(parts) + 1):
                folder = "/".join(parts[:k]) + "/"
                if folders and folder not in seen:
                    seen.add(folder)
                    z.writestr(folder, b"")
            z.writestr(info, zin.read(info))


def _marked_copy_of(folder: Path, monkeypatch) -> bytes | None:
    """The marked copy of `folder`/2025-04_isa.xlsx, checked by its name only (the same
    file label, so the same notes, in any folder)."""
    from finsam_xl.coordinator.marked import marked_bytes
    from finsam_xl.run import check_files

    monkeypatch.chdir(folder)
    (report,) = check_files([Path("2025-04_isa.xlsx")], PLAN)
    assert [(f.code, f.cell) for f in report.errors] == [("not-whole-number", "Rapport!C16")]
    return marked_bytes(report)


def test_marked_copy_of_a_zip_with_folder_entries(tmp_path, monkeypatch):
    """A package whose zip holds folder entries ('docProps/', as `zip -r` writes them) gets
    the same marked copy as without them, byte for byte: the copy's entries are the names a
    template gives its parts, and no folder entry (issue 19: entry names normalised)."""
    plain, folders = tmp_path / "plain", tmp_path / "folders"
    folders.mkdir()
    src = write_template(PLAN, PLAN.insats("isa"), "2025-04", plain / "2025-04_isa.xlsx",
                         values={"fx_start_kvinnor": 4, "fx_nya_man": "ca 2"})
    _rezipped(src, folders / src.name, folders=True)
    expected = _marked_copy_of(plain, monkeypatch)
    copy = _marked_copy_of(folders, monkeypatch)
    assert expected is not None and copy is not None
    with zipfile.ZipFile(folders / src.name) as z:
        names = z.namelist()
    assert "docProps/" in names and "xl/worksheets/" in names
    assert copy == expected
    with zipfile.ZipFile(io.BytesIO(copy)) as b:
        assert not [n for n in b.namelist() if n.endswith("/")]


def test_a_notes_part_that_is_missing_leaves_only_the_findings_notes(tmp_path, monkeypatch):
    """A sheet whose relationships name a comments part the zip does not hold: the copy is
    made (its notes are written afresh), with the finding's note and no other."""
    import openpyxl

    src = write_template(PLAN, PLAN.insats("isa"), "2025-04", tmp_path / "src" / "a.xlsx",
                         values={"fx_start_kvinnor": 4, "fx_nya_man": "ca 2"},
                         notes={"fx_start_kvinnor": "Gammal kommentar"})
    with zipfile.ZipFile(src) as z:
        (comments,) = [n for n in z.namelist() if n.startswith("xl/comments")]
    _rezipped(src, tmp_path / "2025-04_isa.xlsx", drop=comments)
    copy = _marked_copy_of(tmp_path, monkeypatch)
    assert copy is not None
    ws = openpyxl.load_workbook(io.BytesIO(copy))["Rapport"]
    assert [(c.coordinate, c.comment.text[:4]) for row in ws.iter_rows() for c in row
            if c.comment] == [("C16", "Fel:")]


def test_remind_and_templates_read_each_inbox_file_once(tmp_path, monkeypatch):
    """remind gathers the inbox once for P and prefills the templates it attaches from that
    same result (it used to read the inbox a second time for the prefill); templates too."""
    from click.testing import CliRunner

    from finsam_xl import reader
    from finsam_xl.cli import cli
    from finsam_xl.demo import write_demo_inbox

    box = tmp_path / "inbox"
    files, _new = write_demo_inbox(PLAN, box)
    calls = []
    real = reader.read_file

    def counted(path, relpath, *args, **kwargs):
        calls.append(relpath)
        return real(path, relpath, *args, **kwargs)

    monkeypatch.setattr(reader, "read_file", counted)
    res = CliRunner().invoke(cli, ["remind", "--period", "2025-03", "--inbox", str(box),
                                   "--outbox", str(tmp_path / "outbox")])
    assert res.exit_code == 0, res.output
    assert sorted(calls) == sorted(f.name for f in files) and len(calls) == len(files) == 39
    calls.clear()
    res = CliRunner().invoke(cli, ["templates", "--period", "2025-04", "--inbox", str(box),
                                   "-o", str(tmp_path / "mallar")])
    assert res.exit_code == 0, res.output
    assert len(calls) == 39
