"""The names that files and programs rely on, which are never translated: the template's
defined-name contract `finsam-xl/1` (SPEC section 4), the personnummer mask, and the sheet
names and Data labels of the follow-up workbook. User text is in messages.py.

Every value in a monthly template is addressed by a workbook-scoped defined name. This module
is the single source of those names: the template writer creates them, the reader resolves
them, validation and aggregation use them. Standard library only, and no import of the
package's other modules (messages.py builds its field labels from it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Insats

VERSION = "finsam-xl/1"
SHEET = "Rapport"

KATEGORIER = ("arbete", "studier", "arbetssokande", "rehab", "annat", "okant")
KON = ("kvinnor", "man")

# Names present in every template.
META = ("fx_version", "fx_forbund", "fx_insats", "fx_period")
TEXT = ("fx_kommentar", "fx_rapporterad_av")

FLOW_STOCK = ("fx_start_kvinnor", "fx_start_man", "fx_nya_kvinnor", "fx_nya_man",
              "fx_avslutade_kvinnor", "fx_avslutade_man")
UTFALL = tuple(f"fx_utfall_{k}_{g}" for k in KATEGORIER for g in KON)
FLOW = FLOW_STOCK + UTFALL
ANTAL = ("fx_antal",)
ENKAT = ("fx_enkat_svar", "fx_enkat_positiva")


def count_names(insats: Insats) -> tuple[str, ...]:
    """The count (whole number >= 0) names a template for `insats` carries."""
    names = FLOW if insats.flow else ANTAL
    if insats.enkat:
        names = names + ENKAT
    return names


def required_names(insats: Insats) -> tuple[str, ...]:
    """Every defined name a template for `insats` must carry."""
    return META + count_names(insats) + TEXT


def utfall_name(kategori: str, kon: str) -> str:
    return f"fx_utfall_{kategori}_{kon}"


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
WB_DATA_KON = {"kvinnor": "Kvinnor", "man": "Män", None: "Alla"}
