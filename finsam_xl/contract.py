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
CHECK_SHEET = "Kontroll"  # the template's hidden sheet of check formulas (template_kontroll)

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

# Sheet names, in the workbook's order: its formulas, and the board's own links, refer to them.
WB_SHEETS = ("Översikt", "Månadsdata", "Deltagarflöde", "Utfall", "Inlämningar", "Avvikelser",
             "Data", "Om rapporten")
# The Data sheet: one row per counted value, read by the workbook's SUMIFS formulas and by
# anyone who pivots it; the labels are its keys.
WB_DATA_HEAD = ("insats", "period", "fält", "kön", "värde", "källfil", "sha256")
WB_DATA_FALT = {"start": "Start", "nya": "Nya", "avslutade": "Avslutade", "antal": "Antal",
                "enkat_svar": "Enkätsvar", "enkat_positiva": "Enkätsvar som når målet"}
WB_DATA_UTFALL = "Utfall: {kategori}"
WB_DATA_KON = {"kvinnor": "Kvinnor", "man": "Män", None: "Alla"}
