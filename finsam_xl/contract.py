"""The names that files and programs rely on, which are never translated: the template's
defined-name contract `finsam-xl/1`, the personnummer mask, and the sheet
names and Data labels of the follow-up workbook. User text is in messages.py.

Every value in a monthly template is addressed by a workbook-scoped defined name. This module
is the single source of those names: the template writer creates them, the reader resolves
them, validation and aggregation use them. Standard library only, and no import of the
package's other modules (messages.py builds its field labels from it; a test checks).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

VERSION = "finsam-xl/1"
SHEET = "Rapport"
PREFIX = "fx_"  # every defined name of the contract starts with it
CHECK_SHEET = "Kontroll"  # the template's hidden sheet of check formulas (template/kontroll.py)

KATEGORIER = ("arbete", "studier", "arbetssokande", "rehab", "annat", "okant")
KON = ("kvinnor", "man")

# The names, one by one.
VERSION_NAME = "fx_version"
FORBUND = "fx_forbund"
INSATS = "fx_insats"
PERIOD = "fx_period"
KOMMENTAR = "fx_kommentar"
RAPPORTERAD_AV = "fx_rapporterad_av"
ANTAL_NAME = "fx_antal"
ENKAT_SVAR = "fx_enkat_svar"
ENKAT_POSITIVA = "fx_enkat_positiva"


def start(kon: str) -> str:
    """Enrolled at the start of the month: 'fx_start_kvinnor'."""
    return f"fx_start_{kon}"


def nya(kon: str) -> str:
    """New during the month: 'fx_nya_man'."""
    return f"fx_nya_{kon}"


def avslutade(kon: str) -> str:
    """Ended during the month: 'fx_avslutade_kvinnor'."""
    return f"fx_avslutade_{kon}"


def utfall_name(kategori: str, kon: str) -> str:
    """Ended to an outcome: 'fx_utfall_arbete_kvinnor'."""
    return f"fx_utfall_{kategori}_{kon}"


# Names present in every template.
META = (VERSION_NAME, FORBUND, INSATS, PERIOD)
TEXT = (KOMMENTAR, RAPPORTERAD_AV)

FLOW_STOCK = tuple(f(kon) for f in (start, nya, avslutade) for kon in KON)
UTFALL = tuple(utfall_name(k, g) for k in KATEGORIER for g in KON)
FLOW = FLOW_STOCK + UTFALL
ANTAL = (ANTAL_NAME,)
ENKAT = (ENKAT_SVAR, ENKAT_POSITIVA)


class _Kind(Protocol):
    """What the names of a template depend on (a plan's `model.Insats`)."""

    @property
    def flow(self) -> bool: ...

    @property
    def enkat(self) -> bool: ...


def count_names(insats: _Kind) -> tuple[str, ...]:
    """The count (whole number >= 0) names a template for `insats` carries."""
    names = FLOW if insats.flow else ANTAL
    if insats.enkat:
        names = names + ENKAT
    return names


def required_names(insats: _Kind) -> tuple[str, ...]:
    """Every defined name a template for `insats` must carry."""
    return META + count_names(insats) + TEXT


def month_end(values: Mapping[str, int], kon: str) -> int:
    """Enrolled at the end of the month, for one gender: start + new - ended of a month's
    counts (an empty cell counts 0). The one definition of it: the template's check row,
    prefilled start cells, the stock-flow rule and the workbook's "Inskrivna nu" all use
    it."""
    return (values.get(start(kon), 0) + values.get(nya(kon), 0)
            - values.get(avslutade(kon), 0))


# ----------------------------------------------------------------------------- masking

# What a personnummer becomes in every output (pnr.mask); validation also recognises a field
# the reader masked by it.
PNR_MASK = "ÅÅMMDD-XXXX"

# ----------------------------------------------------------------------------- follow-up workbook

# Sheet names: its formulas, and the board's own links, refer to them.
WB_OVERSIKT = "Översikt"
WB_ANDRINGAR = "Ändringar"
WB_MANADSDATA = "Månadsdata"
WB_FLODE = "Deltagarflöde"
WB_UTFALL = "Utfall"
WB_FINSAM = "Uppföljning Finsam"
WB_INLAMNINGAR = "Inlämningar"
WB_KOMMENTARER = "Kommentarer"
WB_AVVIKELSER = "Avvikelser"
WB_DATA = "Data"
WB_OM = "Om rapporten"
WB_FJOL = "Samma period i fjol"  # only when the previous year's plan is given (wb/fjol.py)
# The follow-up workbook's sheets, in its order.
WB_SHEETS = (WB_OVERSIKT, WB_ANDRINGAR, WB_MANADSDATA, WB_FLODE, WB_UTFALL, WB_FINSAM,
             WB_INLAMNINGAR, WB_KOMMENTARER, WB_AVVIKELSER, WB_DATA, WB_OM)
# The copy for publishing (`collect --publicera`): no file names, comments, Avvikelser, Data
# (nor Ändringar, which names the files, nor Kommentarer).
WB_PUBLISHED_SHEETS = (WB_OVERSIKT, WB_MANADSDATA, WB_FLODE, WB_UTFALL, WB_FINSAM,
                       WB_INLAMNINGAR, WB_OM)
# The Data sheet: one row per counted value, the workbook's one copy of the submitted values:
# every other number is a formula over it (SUMIFS and COUNTIFS by insats id, period, fält and
# kön), and anyone may pivot it. The labels are its keys; the period is a date (the first of
# the month, shown as ÅÅÅÅ-MM).
WB_DATA_HEAD = ("insats", "period", "fält", "kön", "värde", "källfil", "sha256")
WB_DATA_FALT = {"start": "Start", "nya": "Nya", "avslutade": "Avslutade", "antal": "Antal",
                "enkat_svar": "Enkätsvar", "enkat_positiva": "Enkätsvar som når målet"}
WB_DATA_UTFALL = "Utfall: {kategori}"
# Workbook-scoped defined names of the Data table's columns (to SPARE_ROWS below it) and of
# Deltagarflöde's columns, which the formulas read: "SUMIFS(Data_varde,Data_insats,"isa",...)".
WB_NAME_DATA = ("Data_insats", "Data_period", "Data_falt", "Data_kon", "Data_varde")
WB_NAME_FLODE = "Flode_{column}"  # Flode_nr, Flode_period, Flode_rapport, Flode_nya_kvinnor
WB_NAME_FJOL = "Fjol_{column}"  # Fjol_id, Fjol_ytd, Fjol_lagsta, ...: Samma period i fjol
WB_DATA_KON = {"kvinnor": "Kvinnor", "man": "Män", None: "Alla"}
