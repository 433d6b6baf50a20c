"""`finsam-xl status`: the completeness table, reporting rates and the owed list.

Expected marks and rates are worked out by hand from the inputs (the demo inbox: every
insats reported January-March and only 2025-03_forsteg-boxholm.xlsx is rejected)."""

import hashlib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsam_xl.cli import cli
from finsam_xl.console import status_lines as render
from finsam_xl.model import ERROR, CollectResult, FileReport, Finding, Insats, Plan, Submission
from finsam_xl.status import build_grid
from support.runs import EMBEDDED, after_plan

ID_W = 24  # the name column: at least 24, at most 31 (100 columns for twelve months)
DEMO_W = 31  # the embedded plan's longest name (35 characters) is shortened to 31
TITLE = "Inlämningar till Samordningsförbundet Västra Östergötland, januari–{manad} 2025"
LEGEND = "✓ inkommen   ✗ saknas   ! underkänd   S sen   – inte aktiv"
PLAN_IDS = ["isa", "sip", "forsteg-skanninge-mjolby", "forsteg-vadstena", "forsteg-motala",
            "forsteg-odeshog", "forsteg-boxholm", "stod-mot-sysselsattning",
            "forstegskoordinator", "fontanhus-motala", "digitaliseringscenter",
            "kompetenshojande", "natverket-vastra"]


def _names() -> dict[str, str]:
    from finsam_xl.plan import load_example

    return {i.id: i.namn for i in load_example().insatser}


NAMES = _names()  # the embedded plan's insatser by name, as status shows them


def label(name: str, w: int) -> str:
    return name if len(name) <= w else name[:w - 1] + "…"


def row(name: str, marks: list[str], rate: str, w: int = ID_W) -> str:
    return f"{label(name, w):<{w}}" + "".join(f"{m:>5}" for m in marks) + f"{rate:>9}"


def demo_row(insats_id: str, marks: list[str], rate: str) -> str:
    return row(NAMES[insats_id], marks, rate, DEMO_W)


def rate_row(rates: list[str], w: int = ID_W) -> str:
    return f"{'Andel inkomna %':<{w}}" + "".join(f"{r:>5}" for r in rates)


def owed_line(insats: str, months: str, w: int = ID_W) -> str:
    return f"  {insats:<{w}} {months}"


def demo_owed(insats_id: str, months: str) -> str:
    return owed_line(NAMES[insats_id], months, DEMO_W)


def header(months: list[str], w: int = ID_W) -> str:
    return f"{'Insats':<{w}}" + "".join(f"{m:>5}" for m in months) + f"{'Andel %':>9}"


def sha_tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# ----------------------------------------------------------------------------- unit: grid


def _sub(insats, period, name):
    return Submission(path=Path(name), relpath=name, size=1, sha256="0" * 64, insats=insats,
                      period=period)


def test_grid_marks_rates_and_owed_list_from_a_collect_result():
    plan = Plan(namn="Testförbundet", ar=2025, insatser=(
        Insats("a", "A", "individ", "möten", 12),
        Insats("b", "B", "individ", "möten", 12, aktiv_fran="2025-02"),
        Insats("c", "C", "individ", "möten", 12),
    ))
    used = {(i, p): _sub(i, p, f"{p}_{i}.xlsx") for i, p in
            [("a", "2025-01"), ("a", "2025-02"), ("a", "2025-03"), ("b", "2025-03"),
             ("c", "2025-01"), ("a", "2025-04")]}
    rejected = FileReport(file="2025-02_c.xlsx", submission=_sub("c", "2025-02", "x"),
                          findings=[Finding("X", ERROR, "2025-02_c.xlsx", "fel")])
    result = CollectResult(plan=plan, period="2025-03", reports=[rejected], used=used,
                           written_at=datetime(2025, 4, 1, tzinfo=timezone.utc),
                           late={("a", "2025-02")})
    lines = render(build_grid(result, "2025-03"), Path("inkorg"))
    assert lines == [
        "Inlämningar till Testförbundet, januari–mars 2025",
        "Inkorg: inkorg",
        LEGEND,
        "",
        header(["jan", "feb", "mar"]),
        row("A", ["✓", "S", "✓"], "100"),  # insatser by name (issue 17), not by id
        row("B", ["–", "✗", "✓"], "50"),
        row("C", ["✓", "!", "✗"], "33"),
        rate_row(["100", "33", "67"]),
        "",
        "Insatser som är skyldiga en rapport:",
        owed_line("B", "feb"),
        owed_line("C", "feb (underkänd), mar"),
        "",  # status points to remind
        "Skriv påminnelser till dem som saknas i mars 2025: finsam-xl remind --period 2025-03",
    ]
    assert max(len(x) for x in lines) <= 100


def test_twelve_months_fit_in_100_columns():
    plan = Plan(namn="Samordningsförbundet Västra Östergötland", ar=2025,
                insatser=(Insats("forsteg-skanninge-mjolby", "F", "individ", "deltagare", 60),))
    result = CollectResult(plan=plan, period="2025-12", reports=[], used={},
                           written_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    lines = render(build_grid(result, "2025-12"), Path("inbox"))
    assert lines[4] == header(["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep",
                               "okt", "nov", "dec"])
    assert lines[5] == row("F", ["✗"] * 12, "0")
    assert max(len(x) for x in lines) <= 100


# ----------------------------------------------------------------------------- the demo inbox


@pytest.fixture(scope="module")
def demo_inbox(tmp_path_factory):
    from finsam_xl.demo import write_demo_inbox
    from finsam_xl.plan import load_example

    inbox = tmp_path_factory.mktemp("status") / "inbox"
    write_demo_inbox(load_example(), inbox)
    return inbox


def run_status(folder: Path, *args: str):
    return CliRunner().invoke(cli, ["status", "--inbox", str(folder), *args],
                              prog_name="finsam-xl")


def test_status_on_the_demo_inbox(demo_inbox, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no plan.xlsx here: the embedded plan is used
    before = sha_tree(demo_inbox)
    result = run_status(demo_inbox)
    assert result.exit_code == 0, result.output
    lines = after_plan(result.output).splitlines()
    assert lines[:5] == [
        TITLE.format(manad="mars"),
        f"Inkorg: {demo_inbox}",
        LEGEND,
        "",
        header(["jan", "feb", "mar"], DEMO_W),
    ]
    table = dict(zip(PLAN_IDS, lines[5:5 + len(PLAN_IDS)], strict=True))
    assert table["isa"] == demo_row("isa", ["✓", "✓", "✓"], "100")
    assert table["isa"].startswith("Individuellt stöd till arbete …")
    assert table["kompetenshojande"] == demo_row("kompetenshojande", ["✓", "✓", "✓"], "100")
    assert table["forsteg-boxholm"] == demo_row("forsteg-boxholm", ["✓", "✓", "!"], "67")
    assert table["forsteg-boxholm"] == "Försteg Boxholm" + " " * 16 + "    ✓    ✓    !       67"
    # 13 active insatser; March: 12 of 13 received = 92 %.
    assert lines[5 + len(PLAN_IDS):] == [
        rate_row(["100", "100", "92"], DEMO_W),
        "",
        "Insatser som är skyldiga en rapport:",
        demo_owed("forsteg-boxholm", "mar (underkänd)"),
        "",
        "Skriv påminnelser till dem som saknas i mars 2025: finsam-xl remind --period 2025-03",
    ]
    assert sha_tree(demo_inbox) == before


def test_status_period_option(demo_inbox, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_status(demo_inbox, "--period", "2025-02")
    assert result.exit_code == 0, result.output
    lines = after_plan(result.output).splitlines()
    assert lines[0] == TITLE.format(manad="februari")
    assert lines[4] == header(["jan", "feb"], DEMO_W)
    assert lines[5] == demo_row("isa", ["✓", "✓"], "100")
    assert lines[-3:] == [rate_row(["100", "100"], DEMO_W), "",
                          "Alla aktiva insatser har rapporterat till och med februari 2025."]

    result = run_status(demo_inbox, "--period", "2025-05")
    assert result.exit_code == 0, result.output
    lines = after_plan(result.output).splitlines()
    assert lines[4] == header(["jan", "feb", "mar", "apr", "maj"], DEMO_W)
    assert demo_row("isa", ["✓", "✓", "✓", "✗", "✗"], "60") in lines
    assert demo_row("forsteg-boxholm", ["✓", "✓", "!", "✗", "✗"], "40") in lines
    owed = lines[lines.index("Insatser som är skyldiga en rapport:") + 1:-2]
    assert lines[-1] == "Skriv påminnelser till dem som saknas i maj 2025: finsam-xl remind " \
        "--period 2025-05"
    assert len(owed) == 13
    assert owed[0] == demo_owed("isa", "apr, maj")
    assert demo_owed("forsteg-boxholm", "mar (underkänd), apr, maj") in owed


@pytest.mark.parametrize("period, message", [
    ("2025-13", "Perioden '2025-13' är ingen giltig månad. Skriv den som ÅÅÅÅ-MM, till exempel "
                "2025-03."),
    ("mars", "Perioden 'mars' är ingen giltig månad. Skriv den som ÅÅÅÅ-MM, till exempel "
             "2025-03."),
    ("2024-12", "Perioden 2024-12 ligger utanför planens år 2025. Välj en månad från 2025-01 "
                "till 2025-12, eller ange planen för 2024 med --plan."),
])
def test_status_bad_period_is_a_usage_error(demo_inbox, tmp_path, monkeypatch, period, message):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")  # 2025-06-01: the example's year
    result = run_status(demo_inbox, "--period", period)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_status_empty_inbox(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "inbox").mkdir()
    result = CliRunner().invoke(cli, ["status"], prog_name="finsam-xl")
    assert result.exit_code == 0
    assert result.output == (f"{EMBEDDED}\nInkorgen inbox har inga godkända rapporter ännu. "
                             "Lägg de ifyllda mallarna där, eller välj en månad med --period "
                             "för att se vilka som saknas.\n")


def test_status_missing_inbox(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["status"], prog_name="finsam-xl")
    assert result.exit_code == 1
    assert result.output == f"{EMBEDDED}\nFel: Hittar ingen inkorg inbox. Ange mappen med " \
        "--inbox.\n"


def test_rates_round_halves_up():
    from finsam_xl.console import _pct

    assert [_pct(1 / 8), _pct(3 / 8), _pct(2 / 3), _pct(0.0), _pct(None)] == \
        ["13", "38", "67", "0", "–"]


def test_status_late_report_and_corrected_file(demo_inbox, tmp_path, monkeypatch):
    """A corrected March file for forsteg-boxholm (in a sub-folder) replaces the rejected
    one; ISA's April report saved on 20 May (deadline: 10 May) is late."""
    import shutil

    from finsam_xl.plan import load_example
    from finsam_xl.template import write_template

    monkeypatch.chdir(tmp_path)
    inbox = tmp_path / "inbox"
    shutil.copytree(demo_inbox, inbox)
    plan = load_example()
    write_template(plan, plan.insats("forsteg-boxholm"), "2025-03",
                   inbox / "rattat" / "2025-03_forsteg-boxholm.xlsx",
                   values={"fx_start_kvinnor": 4, "fx_start_man": 3, "fx_nya_man": 1,
                           "fx_avslutade_kvinnor": 1, "fx_avslutade_man": 1,
                           "fx_utfall_rehab_kvinnor": 1, "fx_utfall_arbete_man": 1},
                   modified=datetime(2025, 4, 7, 8, 0, tzinfo=timezone.utc))
    write_template(plan, plan.insats("isa"), "2025-04", inbox / "2025-04_isa.xlsx",
                   values={"fx_start_kvinnor": 8, "fx_start_man": 9, "fx_nya_kvinnor": 1,
                           "fx_nya_man": 1},
                   modified=datetime(2025, 5, 20, 9, 0, tzinfo=timezone.utc))
    before = sha_tree(inbox)
    # Issue 10: one April report (1 of 13 insatser) no longer moves the default period
    default = run_status(inbox)
    assert default.exit_code == 0, default.output
    assert after_plan(default.output).splitlines()[0] == TITLE.format(manad="mars")
    result = run_status(inbox, "--period", "2025-04")
    assert result.exit_code == 0, result.output
    lines = after_plan(result.output).splitlines()
    assert lines[0] == TITLE.format(manad="april")
    assert lines[4] == header(["jan", "feb", "mar", "apr"], DEMO_W)
    assert lines[5] == demo_row("isa", ["✓", "✓", "✓", "S"], "100")
    assert lines[6] == demo_row("sip", ["✓", "✓", "✓", "✗"], "75")
    assert lines[11] == demo_row("forsteg-boxholm", ["✓", "✓", "✓", "✗"], "75")
    # April: 1 of 13 received = 7.7 % -> 8
    assert lines[18] == rate_row(["100", "100", "100", "8"], DEMO_W)
    owed = lines[lines.index("Insatser som är skyldiga en rapport:") + 1:-2]
    assert owed == [demo_owed(i, "apr") for i in PLAN_IDS if i != "isa"]
    assert sha_tree(inbox) == before


def test_a_long_insats_name_is_shortened_to_keep_100_columns():
    long_name = "En mycket lång insats som inte ryms i tabellen"
    plan = Plan(namn="Testförbundet", ar=2025,
                insatser=(Insats("lang", long_name, "individ", "möten", 12),))
    result = CollectResult(plan=plan, period="2025-12", reports=[], used={},
                           written_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    lines = render(build_grid(result, "2025-12"), Path("inbox"))
    # 100 columns - 12 months x 5 - 9 for the rate = 31 for the name
    assert lines[5] == long_name[:30] + "…" + "    ✗" * 12 + "        0"
    assert lines[-2:] == ["", "Skriv påminnelser till dem som saknas i december 2025: "
                              "finsam-xl remind --period 2025-12"]
    lines = lines[:-2]
    assert max(len(x) for x in lines[:-2]) == 100
    assert lines[-1] == ("  " + long_name
                         + " jan, feb, mar, apr, maj, jun, jul, aug, sep, okt, nov, dec")


def test_status_of_january_names_the_month_once(demo_inbox, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lines = after_plan(run_status(demo_inbox, "--period", "2025-01").output).splitlines()
    assert lines[0] == "Inlämningar till Samordningsförbundet Västra Östergötland, januari 2025"


def test_months_that_have_not_ended_are_never_owed(demo_inbox, tmp_path, monkeypatch):
    """`status --period` of a month to come: the months that have not ended (April to June
    on 15 April) are shown as such, are not due in any rate, and nobody owes them."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1744704000")  # 2025-04-15 10:00 Swedish time
    result = run_status(demo_inbox, "--period", "2025-06")
    assert result.exit_code == 0, result.output
    lines = after_plan(result.output).splitlines()
    assert lines[2] == LEGEND + "   · inte slut än"
    assert lines[4] == header(["jan", "feb", "mar", "apr", "maj", "jun"], DEMO_W)
    assert lines[5] == demo_row("isa", ["✓", "✓", "✓", "·", "·", "·"], "100")
    assert lines[18] == rate_row(["100", "100", "92", "–", "–", "–"], DEMO_W)
    assert lines[19:] == [
        "",
        "Insatser som är skyldiga en rapport:",
        demo_owed("forsteg-boxholm", "mar (underkänd)"),
        "",
        "Skriv påminnelser till dem som saknas i juni 2025: finsam-xl remind --period 2025-06",
    ]


def test_nothing_owed_while_the_month_has_not_ended():
    plan = Plan(namn="Testförbundet", ar=2025, insatser=(Insats("a", "A", "individ", "möten"),))
    used = {("a", p): _sub("a", p, f"{p}_a.xlsx") for p in ("2025-01", "2025-02", "2025-03")}
    result = CollectResult(plan=plan, period="2025-04", reports=[], used=used,
                           written_at=datetime(2025, 4, 15, tzinfo=timezone.utc))
    lines = render(build_grid(result, "2025-04"), Path("inkorg"))
    assert lines[5] == row("A", ["✓", "✓", "✓", "·"], "100")
    assert lines[-1] == ("Alla aktiva insatser har rapporterat för de månader som är slut; för "
                         "en månad som inte är slut än (·) är ingen rapport skyldig ännu.")
