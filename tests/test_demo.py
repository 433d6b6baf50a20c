"""`finsam-xl demo`: the example inbox for the embedded plan, collect on it, and the guide.

The demo's files are read back here with openpyxl through the template's defined names (not
with finsam-xl's reader), and every consistency rule is re-checked from those values."""

import hashlib
import itertools
import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from finsam_xl.cli import cli

# The embedded default insatser (seed 001, Bilaga 3): id -> (flow?, volume).
INSATSER = {
    "isa": (True, 55), "sip": (False, 50), "forsteg-skanninge-mjolby": (True, 60),
    "forsteg-vadstena": (True, 25), "forsteg-motala": (True, 50),
    "forsteg-odeshog": (True, 25), "forsteg-boxholm": (True, 20),
    "stod-mot-sysselsattning": (True, 40), "forstegskoordinator": (False, 200),
    "fontanhus-motala": (True, 100), "digitaliseringscenter": (True, 35),
    "kompetenshojande": (False, 900), "natverket-vastra": (False, 180),
}
PERIODS = ["2025-01", "2025-02", "2025-03"]
EXPECTED_NAMES = sorted(f"{p}_{i}.xlsx" for p in PERIODS for i in INSATSER)
KATEGORIER = ["arbete", "studier", "arbetssokande", "rehab", "annat", "okant"]
GENDERS = ["kvinnor", "man"]
REJECTED = "2025-03_forsteg-boxholm.xlsx"
WARNING = "2025-02_isa.xlsx"
PNR_FORMS = [b"19811218-9876", b"198112189876", b"811218-9876", b"8112189876",
             b"811218+9876", b"19811218 9876"]


def sha_tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def read_names(path: Path) -> dict[str, object]:
    """Every fx_ defined name's value, resolved with openpyxl (independent of finsam-xl)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, data_only=True)
    out = {}
    for name, dn in wb.defined_names.items():
        if not name.startswith("fx_"):
            continue
        (sheet, ref), = list(dn.destinations)
        out[name] = wb[sheet][ref.replace("$", "")].value
    return out


def modified_utc(path: Path) -> datetime:
    with zipfile.ZipFile(path) as z:
        core = z.read("docProps/core.xml").decode("utf-8")
    stamp = re.search(r"<dcterms:modified[^>]*>([^<]+)</dcterms:modified>", core).group(1)
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def n(values: dict, name: str) -> int:
    v = values.get(name)
    return 0 if v in (None, "") else int(v)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One demo run in a fresh folder: (folder, CliRunner result)."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        result = CliRunner().invoke(cli, ["demo"], prog_name="finsam-xl")
    return folder, result


@pytest.fixture(scope="module")
def demo_values(demo):
    folder, _ = demo
    return {p.name: read_names(p) for p in sorted((folder / "inbox").glob("*.xlsx"))}


def test_demo_exits_0_and_writes_the_expected_inbox(demo):
    folder, result = demo
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    files = sorted(str(p.relative_to(folder / "inbox")) for p in (folder / "inbox").rglob("*"))
    assert files == EXPECTED_NAMES
    assert result.output.splitlines()[0] == (
        "Demo för Samordningsförbundet Västra Östergötland 2025: 39 exempelrapporter för "
        "januari–mars i inbox (39 nya, 0 fanns redan).")


def test_demo_shows_one_rejected_and_one_warning(demo):
    _, result = demo
    lines = result.output.splitlines()
    per_file = [x for x in lines if x.startswith("2025-")]
    assert len(per_file) == 39
    rejected = [x for x in per_file if ": underkänd" in x]
    warned = [x for x in per_file if ": godkänd med " in x]
    assert len(rejected) == 1 and rejected[0].startswith(f"{REJECTED}: underkänd: utfallen ")
    assert len(warned) == 1 and warned[0].startswith(f"{WARNING}: godkänd med 1 varning: "
                                                     "personnummer i Kommentar")
    assert sum(x.endswith(": godkänd") for x in per_file) == 37
    assert ("Filer lästa: 39. Godkända: 38, underkända: 1, ignorerade: 0, ersatta: 0. "
            "Varningar: 1.") in lines
    # the demo chose its period itself: no "(angiven med --period)" (issue 17)
    assert "Period: 2025-03 (demons sista månad)." in lines
    assert not any("angiven med --period" in x for x in lines)


def test_demo_prints_where_to_look(demo):
    _, result = demo
    lines = result.output.splitlines()
    assert lines[-14:] == [
        "Uppföljningsarbetsboken: outbox/uppfoljning-2025-03.xlsx",
        "Återkoppling till samordnarna: 2 filer i outbox/aterkoppling",
        "Märkta kopior av samordnarnas filer: 2 i outbox/aterkoppling",
        "2 nya eller ändrade brev att skicka sedan förra körningen (öppna utkasten i "
        "e-postprogrammet och skicka dem):",
        "  outbox/aterkoppling/2025-02_isa.eml utan mottagare, ingen e-postadress i planen",
        "  outbox/aterkoppling/2025-03_forsteg-boxholm.eml utan mottagare, ingen e-postadress "
        "i planen",
        "Utkast utan mottagare: fyll i adressen i utkastet, eller i planen (kolumnen e-post på "
        "bladet Insatser) och kör igen.",
        "Saknar godkänd rapport för mars 2025 (1): Försteg Boxholm (underkänd).",
        "Se alla månader med 'finsam-xl status' och skriv påminnelser med 'finsam-xl remind "
        "--period 2025-03'.",
        "",
        "Att titta på:",
        "1. Öppna outbox/uppfoljning-2025-03.xlsx: bladet Översikt visar volym mot plan, "
        "status och mål per insats.",
        "2. 2025-03_forsteg-boxholm.xlsx är underkänd och 2025-02_isa.xlsx har en varning "
        "(personnummer i kommentaren, maskerat): se bladet Avvikelser och outbox/aterkoppling.",
        "3. Kör 'finsam-xl status' för att se vilka insatser som är skyldiga en rapport.",
    ]


def test_workbook_and_feedback_exist(demo):
    folder, _ = demo
    assert (folder / "outbox" / "uppfoljning-2025-03.xlsx").is_file()
    feedback = sorted(p.name for p in (folder / "outbox" / "aterkoppling").iterdir())
    assert feedback == ["2025-02_isa.eml", "2025-02_isa.txt", "2025-02_isa.xlsx",
                        "2025-03_forsteg-boxholm.eml", "2025-03_forsteg-boxholm.txt",
                        "2025-03_forsteg-boxholm.xlsx"]


def test_personnummer_is_in_the_inbox_but_nowhere_in_the_outbox(demo, demo_values):
    folder, result = demo
    assert demo_values[WARNING]["fx_kommentar"] == "Ring 19811218-9876 om detta."
    with zipfile.ZipFile(folder / "inbox" / WARNING) as z:
        assert any(b"19811218-9876" in z.read(part) for part in z.namelist())
    scanned = 0
    for path in (folder / "outbox").rglob("*"):
        if not path.is_file():
            continue
        blobs = [path.read_bytes()]
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                blobs += [z.read(part) for part in z.namelist()]
        for blob in blobs:
            scanned += 1
            for form in PNR_FORMS:
                assert form not in blob, (path, form)
    assert scanned > 10
    for form in PNR_FORMS:
        assert form.decode() not in result.output


def test_demo_numbers_are_consistent(demo_values):
    assert sorted(demo_values) == EXPECTED_NAMES
    for insats, (flow, volume) in INSATSER.items():
        months = [demo_values[f"{p}_{insats}.xlsx"] for p in PERIODS]
        for v, p in zip(months, PERIODS, strict=True):
            assert v["fx_insats"] == insats and v["fx_period"] == p
            assert v["fx_version"] == "finsam-xl/1"
            assert v["fx_forbund"] == "Samordningsförbundet Västra Östergötland"
        if not flow:
            for v in months:
                # around a twelfth of the annual volume
                assert volume / 12 * 0.7 <= n(v, "fx_antal") <= volume / 12 * 1.4, insats
            continue
        for g in GENDERS:
            for prev, cur in zip(months, months[1:], strict=False):
                assert n(cur, f"fx_start_{g}") == (n(prev, f"fx_start_{g}")
                                                  + n(prev, f"fx_nya_{g}")
                                                  - n(prev, f"fx_avslutade_{g}")), insats
            for v, p in zip(months, PERIODS, strict=True):
                ended = n(v, f"fx_avslutade_{g}")
                assert ended <= n(v, f"fx_start_{g}") + n(v, f"fx_nya_{g}")
                outcomes = sum(n(v, f"fx_utfall_{k}_{g}") for k in KATEGORIER)
                if f"{p}_{insats}.xlsx" == REJECTED and g == "kvinnor":
                    assert outcomes == ended + 1  # the demo's deliberate mistake
                else:
                    assert outcomes == ended, (insats, p, g)
        # Participants this year so far, by March, stay below the annual volume.
        ytd = sum(n(months[0], f"fx_start_{g}") for g in GENDERS) + sum(
            n(v, f"fx_nya_{g}") for v in months for g in GENDERS)
        assert 0 < ytd < volume, insats


def test_survey_answers_are_about_80_percent_positive(demo_values):
    svar = positiva = 0
    for p in PERIODS:
        v = demo_values[f"{p}_kompetenshojande.xlsx"]
        assert 0 < n(v, "fx_enkat_positiva") <= n(v, "fx_enkat_svar") <= n(v, "fx_antal")
        svar += n(v, "fx_enkat_svar")
        positiva += n(v, "fx_enkat_positiva")
    assert 0.75 <= positiva / svar <= 0.85


def test_demo_files_are_modified_before_the_5th_at_10_swedish_time(demo):
    folder, _ = demo
    stockholm = ZoneInfo("Europe/Stockholm")
    for name in EXPECTED_NAMES:
        year, month = int(name[:4]), int(name[5:7])
        deadline = datetime(year, month + 1, 5, 10, 0, tzinfo=stockholm)
        stamp = modified_utc(folder / "inbox" / name)
        assert datetime(year, month + 1, 1, tzinfo=stockholm) <= stamp <= deadline, name


def test_running_demo_twice_keeps_the_inbox_files(demo):
    folder, _ = demo
    before = sha_tree(folder / "inbox")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        result = CliRunner().invoke(cli, ["demo"], prog_name="finsam-xl")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].endswith("(0 nya, 39 fanns redan).")
    assert sha_tree(folder / "inbox") == before
    assert (folder / "outbox" / "uppfoljning-2025-03.xlsx").is_file()


def test_demo_refuses_to_overwrite_a_coordinators_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "2025-01_isa.xlsx").write_bytes(b"samordnarens egen fil")
    (inbox / "annan.txt").write_text("orörd", encoding="utf-8")
    before = sha_tree(inbox)
    result = CliRunner().invoke(cli, ["demo"], prog_name="finsam-xl")
    assert result.exit_code == 1
    # any file that is not the demo's own stops it (was: only a demo name)
    assert result.output == (
        "Fel: Demon skriver bara i en tom inkorg eller i en inkorg med demons egna "
        "exempelfiler, men inbox innehåller annat (2025-01_isa.xlsx, annan.txt). Inget har "
        "skrivits. Kör demon i en tom mapp, eller ge demon egna mappar: finsam-xl demo "
        "--inbox demo/inkorg --outbox demo/utkorg\n")
    assert sha_tree(inbox) == before
    assert not (tmp_path / "outbox").exists()


def test_demo_never_writes_among_real_files(tmp_path, monkeypatch):
    """A working folder with a real inbox (reports in a sub-folder, names the demo never
    uses): the demo stops before writing anything, and the next collect has no example
    files to write letters about."""
    monkeypatch.chdir(tmp_path)
    inbox = tmp_path / "inbox"
    (inbox / "mars").mkdir(parents=True)
    (inbox / "mars" / "2025-03_isa.xlsx").write_bytes(b"en riktig rapport")
    before = sha_tree(inbox)
    result = CliRunner().invoke(cli, ["demo"], prog_name="finsam-xl")
    assert result.exit_code == 1
    assert "men inbox innehåller annat (mars/). Inget har skrivits." in result.output
    assert sha_tree(inbox) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inbox"]


def test_demo_never_writes_into_a_real_outbox(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outbox = tmp_path / "outbox"
    (outbox / "aterkoppling").mkdir(parents=True)
    (outbox / "uppfoljning-2025-03.xlsx").write_bytes(b"styrelsens arbetsbok")
    (outbox / ".finsam-xl.lock").write_bytes(b"")
    before = sha_tree(outbox)
    result = CliRunner().invoke(cli, ["demo"], prog_name="finsam-xl")
    assert result.exit_code == 1
    assert result.output == (
        "Fel: Demon skriver bara i en tom utkorg eller i en utkorg som demon själv har "
        "skrivit, men outbox innehåller annat (aterkoppling/, uppfoljning-2025-03.xlsx). Inget "
        "har skrivits. Kör demon i en tom mapp, eller ge demon egna mappar: finsam-xl demo "
        "--inbox demo/inkorg --outbox demo/utkorg\n")
    assert sha_tree(outbox) == before
    assert not (tmp_path / "inbox").exists()


def test_the_demo_runs_in_a_fresh_clone_whose_outbox_holds_a_placeholder(tmp_path,
                                                                         monkeypatch):
    """The README's first block in a fresh clone: outbox/.gitkeep (and a .DS_Store) are
    hidden files, no one's outputs: the demo writes, and leaves them as they were."""
    monkeypatch.chdir(tmp_path)
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    (outbox / ".gitkeep").write_bytes(b"")
    (outbox / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    result = CliRunner().invoke(cli, ["demo"], prog_name="finsam-xl")
    assert result.exit_code == 0, result.output
    assert (outbox / "uppfoljning-2025-03.xlsx").is_file()
    assert (outbox / ".gitkeep").read_bytes() == b""
    assert (outbox / ".DS_Store").read_bytes() == b"\x00\x00\x00\x01Bud1"


def test_a_hidden_folder_in_the_outbox_still_counts(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "outbox" / ".git").mkdir(parents=True)
    result = CliRunner().invoke(cli, ["demo"], prog_name="finsam-xl")
    assert result.exit_code == 1
    assert "men outbox innehåller annat (.git/)." in result.output


def test_the_demo_may_write_again_where_it_wrote(demo):
    """An earlier demo's inbox (its own files) and outbox (marked) are the demo's own."""
    folder, _ = demo
    assert (folder / "outbox" / ".finsam-xl-demo").read_text(encoding="utf-8") == \
        "Den här utkorgen skrevs av finsam-xl demo.\n"


def test_year_to_date_in_the_workbook_matches_the_demo_files(demo, demo_values):
    """Översikt's 'Hittills i år' (cached values) against the inbox files, recomputed here:
    participants = enrolled at the start of January + new January-March (months whose file
    was accepted: the rejected March file of forsteg-boxholm does not count); other insatser
    = the sum of the months' counts."""
    import openpyxl

    from finsam_xl.plan import load_example

    folder, _ = demo
    names = {i.namn: i.id for i in load_example().insatser}
    expected = {}
    for insats, (flow, _volume) in INSATSER.items():
        accepted = [demo_values[f"{p}_{insats}.xlsx"] for p in PERIODS
                    if f"{p}_{insats}.xlsx" != REJECTED]
        if flow:
            expected[insats] = (sum(n(accepted[0], f"fx_start_{g}") for g in GENDERS)
                                + sum(n(v, f"fx_nya_{g}") for v in accepted for g in GENDERS))
        else:
            expected[insats] = sum(n(v, "fx_antal") for v in accepted)
    wb = openpyxl.load_workbook(folder / "outbox" / "uppfoljning-2025-03.xlsx", data_only=True)
    ws = wb["Översikt"]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r and "Insats" in r)
    col, name = rows[head].index("Hittills i år"), rows[head].index("Insats")
    table = itertools.takewhile(lambda r: r[name], rows[head + 1:])  # to the blank row
    found = {names[r[name]]: r[col] for r in table if r[name] in names}
    assert found == expected
    # The rejected March file of forsteg-boxholm brought new participants that do not count.
    march = demo_values[REJECTED]
    assert sum(n(march, f"fx_nya_{g}") for g in GENDERS) > 0


def test_demo_uses_the_embedded_plan_even_with_a_plan_xlsx_here(tmp_path, monkeypatch):
    """The demo is about the embedded plan: a plan.xlsx in the working folder (here one
    that is not even a workbook) is left alone and named in one line."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.xlsx").write_bytes(b"not a workbook")
    result = CliRunner().invoke(cli, ["demo", "--inbox", "in", "--outbox", "ut"],
                                prog_name="finsam-xl")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Demon använder den inbyggda planen, inte plan.xlsx."
    assert lines[1].endswith("i in (39 nya, 0 fanns redan).")
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == EXPECTED_NAMES
    assert (tmp_path / "ut" / "uppfoljning-2025-03.xlsx").is_file()
    assert (tmp_path / "plan.xlsx").read_bytes() == b"not a workbook"


def test_demo_refuses_an_outbox_inside_the_inbox(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["demo", "--outbox", "inbox/ut"], prog_name="finsam-xl")
    assert result.exit_code == 1
    assert result.output == (
        "Fel: Inkorgen inbox och utkorgen inbox/ut ligger i varandra, men finsam-xl skriver "
        "aldrig i inkorgen; välj två skilda mappar med --inbox och --outbox.\n")
    assert not (tmp_path / "inbox").exists()
