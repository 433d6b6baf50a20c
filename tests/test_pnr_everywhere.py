"""One personnummer rule everywhere (issue 19, item 6; SPEC section 5): digits that form a
date or a samordningsnummer, with or without century, with any separator (hyphen, en dash,
plus, space, no-break space, none) and in fullwidth digits, whatever the check digit, are
masked in every output: in a submission's text and numbers, in its file, folder and sheet
names, and in the plan's own text (insats names, utförare, goal names, samordnare ...).

Before: "19850312-1234" (a wrong check digit) was printed in the board's workbook under
"Kommentarer i rapporterna", and numbers with an en dash, a no-break space or fullwidth
digits, a renamed report sheet's name and the plan's text reached the outputs in clear.

The end-to-end test writes a plan workbook and an inbox holding one number per place (each a
different number, so that a leak names its source), runs every command over them, and scans
every byte they wrote and printed (zip members inflated, e-mail drafts decoded;
`support.scan`) for any of the numbers in any form. Nothing is left (MARKED_COPY_LEAKS):
the marked copy of the file whose report sheet was renamed used to keep the sheet's name in
its workbook part, and in the drafts that attach it; the copy by allow-list names the
sheet `Rapport` (items 4 and 5 of the issue)."""

from __future__ import annotations

import dataclasses

import pytest
from click.testing import CliRunner

from finsam_xl import contract
from finsam_xl.cli import cli
from finsam_xl.plan import load_example, plan_from_dict, read_plan, write_plan
from finsam_xl.reader import read_file
from finsam_xl.template import write_template
from support.files import rename_sheet, utc
from support.scan import files_under, leaks, texts

MASK = contract.PNR_MASK
# One number per place; every one a date (or a samordningsnummer), most with a wrong
# check digit, in the forms the issue names.
IN_FORBUND = "830303+3456"
IN_INSATS = "810101\u20131234"  # en dash
IN_UTFORARE = "19850312-1234"  # the issue's: wrong check digit
IN_SAMORDNARE = "701063\u00a02391"  # no-break space, samordningsnummer
IN_GOAL = "\uff18\uff12\uff10\uff12\uff10\uff12\uff0d\uff12\uff13\uff14\uff15"  # fullwidth
IN_BUDGET = "840404 4567"
IN_MEMBER = "850505-5678"
IN_COMMENT = "19860606-6789"
IN_REPORTER = "870707\u20137890"
IN_SHEET = "880808 8901"
IN_FOLDER = "890909-9012"
IN_FILE = "900101\u20140123"  # em dash
IN_COUNT = 9102021234  # a 10-digit number typed into a count cell
IN_DECIMAL = 920303.3456  # 920303,3456 typed into a count cell: a decimal number
PLAN_NUMBERS = [IN_FORBUND, IN_INSATS, IN_UTFORARE, IN_SAMORDNARE, IN_GOAL, IN_BUDGET,
                IN_MEMBER]
FILE_NUMBERS = [IN_COMMENT, IN_REPORTER, IN_SHEET, IN_FOLDER, IN_FILE, str(IN_COUNT),
                "920303-3456"]
NUMBERS = PLAN_NUMBERS + FILE_NUMBERS


# What the marked copies still carried before they were made by allow-list: nothing now.
MARKED_COPY_LEAKS: list[tuple[str, str]] = []


def pnr_plan():
    """The embedded plan with a personnummer in each kind of its own text."""
    plan = load_example()
    isa = dataclasses.replace(plan.insats("isa"), namn=f"ISA {IN_INSATS}",
                              utforare=f"Utförare {IN_UTFORARE}",
                              samordnare=f"Anna {IN_SAMORDNARE}", epost="anna@example.se")
    sip = dataclasses.replace(plan.insats("sip"), samordnare="Bo", epost="bo@example.se")
    insatser = tuple(isa if i.id == "isa" else sip if i.id == "sip" else i
                     for i in plan.insatser)
    goal = dataclasses.replace(plan.mal[0], namn=f"{plan.mal[0].namn} {IN_GOAL}")
    budget = (dataclasses.replace(plan.budget[0], namn=f"Kansli {IN_BUDGET}"),
              *plan.budget[1:])
    member = (dataclasses.replace(plan.medlemmar[0],
                                  medlem=f"{plan.medlemmar[0].medlem} {IN_MEMBER}"),
              *plan.medlemmar[1:])
    return dataclasses.replace(plan, namn=f"{plan.namn} {IN_FORBUND}", insatser=insatser,
                               mal=(goal, *plan.mal[1:]), budget=budget, medlemmar=member)


@pytest.fixture
def world(tmp_path):
    """plan.xlsx and an inbox with a number in every place a file can carry one."""
    plan = load_example()  # the masked plan: what the templates are written from
    write_plan(pnr_plan(), tmp_path / "plan.xlsx")
    inbox = tmp_path / "inbox"
    isa, sip = plan.insats("isa"), plan.insats("sip")
    flow = {"fx_start_kvinnor": 3, "fx_nya_kvinnor": 1, "fx_avslutade_kvinnor": 1,
            "fx_utfall_arbete_kvinnor": 1}
    (inbox / f"Inkommet {IN_FOLDER}").mkdir(parents=True)
    write_template(read_plan(tmp_path / "plan.xlsx"), isa, "2025-03",
                   inbox / f"Inkommet {IN_FOLDER}" / "2025-03_isa.xlsx", values=flow,
                   texts={"fx_kommentar": f"Ring {IN_COMMENT} om deltagaren",
                          "fx_rapporterad_av": f"Anna {IN_REPORTER}"},
                   modified=utc(2025, 4, 2))
    renamed = inbox / "2025-02_isa.xlsx"
    write_template(read_plan(tmp_path / "plan.xlsx"), isa, "2025-02", renamed,
                   values={"fx_start_kvinnor": 3, "fx_nya_man": "x"}, modified=utc(2025, 3, 2))
    rename_sheet(renamed, f"Rapport {IN_SHEET}")
    write_template(plan, sip, "2025-03", inbox / f"kopia {IN_FILE}.xlsx",
                   values={"fx_antal": IN_COUNT}, modified=utc(2025, 4, 3))
    write_template(plan, sip, "2025-02", inbox / "2025-02_sip.xlsx",
                   values={"fx_antal": IN_DECIMAL}, modified=utc(2025, 3, 3))
    return tmp_path


def run(*args: str):
    res = CliRunner().invoke(cli, list(args))
    assert res.exception is None or isinstance(res.exception, SystemExit), res.output
    return res


def test_no_personnummer_survives_in_any_output(world, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    inbox_before = files_under(world / "inbox")
    assert leaks(inbox_before, FILE_NUMBERS)  # the numbers are really there, in clear
    assert leaks({"plan.xlsx": (world / "plan.xlsx").read_bytes()}, PLAN_NUMBERS)
    printed = {}
    for args in (["plan", "check", "plan.xlsx"],
                 ["templates", "--period", "2025-03", "--plan", "plan.xlsx"],
                 ["check", "inbox"],
                 ["collect", "--plan", "plan.xlsx", "--period", "2025-03"],
                 ["status", "--plan", "plan.xlsx", "--period", "2025-03"],
                 ["remind", "--plan", "plan.xlsx", "--period", "2025-03"],
                 ["remind", "--plan", "plan.xlsx", "--period", "2025-02"]):
        res = run(*args)
        printed[" ".join(args)] = res.output.encode("utf-8")
    assert files_under(world / "inbox") == inbox_before
    outputs = {name: data for name, data in files_under(world).items()
               if not name.startswith("inbox/") and name != "plan.xlsx"}
    assert {n for n in outputs if n.endswith(".eml")}  # remind wrote drafts
    assert any(n.startswith("templates/") for n in outputs)
    assert leaks(printed, NUMBERS) == []
    assert sorted(set(leaks(outputs, NUMBERS))) == MARKED_COPY_LEAKS
    # the copies are there (of the renamed sheet's file too), and in the drafts
    for name in ("outbox/aterkoppling/2025-02_isa.xlsx", "outbox/aterkoppling/2025-02_isa.eml",
                 "outbox/paminnelser/2025-02_isa.eml"):
        assert any(where.startswith(name) and where.endswith("xl/workbook.xml")
                   for where, _text in texts(name, outputs[name])), name

    # and the mask is where the numbers were
    collect = printed["collect --plan plan.xlsx --period 2025-03"].decode()
    assert collect.splitlines()[0] == (f"Plan: Samordningsförbundet Västra Östergötland {MASK} "
                                       "2025 (plan.xlsx).")
    assert collect.splitlines()[1:5] == [
        f"2025-02_isa.xlsx: underkänd: Nya under månaden, män (Rapport {MASK}!C16) är 'x', "
        "inte ett heltal 0 eller större",
        f"2025-02_sip.xlsx: underkänd: Månadens antal (Rapport!B14) är '{MASK}', inte ett "
        "heltal 0 eller större",
        f"Inkommet {MASK}/2025-03_isa.xlsx: godkänd med 2 varningar: personnummer i "
        "Kommentar (Rapport!B36), maskerat",
        f"kopia {MASK}.xlsx: underkänd: Månadens antal (Rapport!B14) är '{MASK}', inte ett "
        "heltal 0 eller större"]
    summary = outputs["outbox/sammanfattning-2025-03.json"].decode()
    assert f"Rapport {MASK}!" in summary  # the renamed sheet's cells
    assert f"Samordningsförbundet Västra Östergötland {MASK}" in summary
    workbook = "".join(t for _w, t in texts("wb", outputs["outbox/uppfoljning-2025-03.xlsx"]))
    for shown in (f"ISA {MASK}", f"Ring {MASK} om deltagaren",
                  f"Rapport {MASK}!"):
        assert shown in workbook, shown
    template = "".join(t for _w, t in texts("t", outputs["templates/2025-03_isa.xlsx"]))
    assert f"ISA {MASK}" in template


def test_a_renamed_sheet_is_masked_where_it_is_read(tmp_path):
    path = tmp_path / "2025-03_sip.xlsx"
    write_template(load_example(), load_example().insats("sip"), "2025-03", path,
                   values={"fx_antal": 4})
    rename_sheet(path, f"Blad {IN_SHEET}")
    sub, findings = read_file(path, "2025-03_sip.xlsx")
    assert findings == []
    assert set(sub.cells.values()) == {f"Blad {MASK}!{c.split('!')[1]}"
                                       for c in sub.cells.values()}


def test_numbers_in_count_cells_are_masked(tmp_path):
    for value in (IN_COUNT, IN_DECIMAL, 198112189876, -8112189876):
        path = tmp_path / "2025-03_sip.xlsx"
        write_template(load_example(), load_example().insats("sip"), "2025-03", path,
                       values={"fx_antal": value})
        sub, _ = read_file(path, "2025-03_sip.xlsx")
        assert sub.raw["fx_antal"] == MASK, value
    for value in (12345678, 2025031512, 12.5, 1234567890123):  # not personnummer
        write_template(load_example(), load_example().insats("sip"), "2025-03", path,
                       values={"fx_antal": value})
        assert read_file(path, "2025-03_sip.xlsx")[0].raw["fx_antal"] == value


def test_the_plan_is_masked_where_it_is_read(tmp_path):
    write_plan(pnr_plan(), tmp_path / "plan.xlsx")
    for plan in (read_plan(tmp_path / "plan.xlsx"), plan_from_dict(_as_toml(pnr_plan()))):
        isa = plan.insats("isa")
        assert (plan.namn, isa.namn, isa.utforare, isa.samordnare, isa.epost) == (
            f"Samordningsförbundet Västra Östergötland {MASK}", f"ISA {MASK}",
            f"Utförare {MASK}", f"Anna {MASK}", "anna@example.se")
        assert plan.mal[0].namn.endswith(f" {MASK}")
        assert plan.budget[0].namn == f"Kansli {MASK}"
        assert plan.medlemmar[0].medlem.endswith(f" {MASK}")
    assert load_example() is not None and plan_from_dict(_as_toml(load_example())) == \
        load_example()


def test_an_id_that_is_a_personnummer_is_refused(tmp_path):
    from finsam_xl.plan import check_plan_file

    plan = load_example()
    bad = dataclasses.replace(plan.insatser[0], id="811218-9876")
    write_plan(dataclasses.replace(plan, insatser=(bad, *plan.insatser[1:])),
               tmp_path / "plan.xlsx")
    found = [(f.code, f.message) for f in check_plan_file(tmp_path / "plan.xlsx")
             if f.code == "plan-bad-id"]
    assert len(found) == 1
    assert found[0][1].endswith(
        f"id '{MASK}' ser ut som ett personnummer; ett id står i filnamn och i arbetsboken "
        "och får inte innehålla personuppgifter, välj ett annat, till exempel forsteg-motala.")
    assert "9876" not in found[0][1]


def _as_toml(plan) -> dict:
    """The TOML structure of `examples/*.toml` for `plan` (the fields plan_from_dict reads)."""
    def opt(v):
        return "" if v is None else v

    return {
        "forbund": {"namn": plan.namn, "ar": plan.ar, "rapportfrist_dag": plan.rapportfrist_dag},
        "insats": [{"id": i.id, "namn": i.namn, "niva": i.niva, "enhet": i.enhet,
                    "budgeterad_volym": opt(i.budgeterad_volym),
                    "kostnadsstalle": opt(i.kostnadsstalle), "utforare": opt(i.utforare),
                    "aktiv_fran": opt(i.aktiv_fran), "aktiv_till": opt(i.aktiv_till),
                    "enkat": i.enkat, "samordnare": opt(i.samordnare), "epost": opt(i.epost)}
                   for i in plan.insatser],
        "mal": [{"id": g.id, "namn": g.namn, "galler": list(g.galler), "typ": g.typ,
                 "kategorier": list(g.kategorier), "min_andel": opt(g.min_andel),
                 "min_antal": opt(g.min_antal)} for g in plan.mal],
        "budget": {"ar": list(plan.budget_ar),
                   "rad": [{"kostnadsstalle": b.kostnadsstalle, "namn": b.namn,
                            "belopp": [opt(b.belopp.get(y)) for y in plan.budget_ar]}
                           for b in plan.budget],
                   "angiven_summa": [opt(plan.budget_angiven_summa.get(y))
                                     for y in plan.budget_ar]},
        "medlemmar": {"ar": list(plan.medlemmar_ar),
                      "tilldelning": [opt(plan.tilldelning.get(y)) for y in plan.medlemmar_ar],
                      "medlem": [{"medlem": m.medlem, "typ": m.typ,
                                  "befolkning": opt(m.befolkning),
                                  "bidrag": [opt(m.bidrag.get(y)) for y in plan.medlemmar_ar]}
                                 for m in plan.medlemmar]},
    }
