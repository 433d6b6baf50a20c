"""The template's defined-name contract `finsam-xl/1` (SPEC section 4).

Every value in a monthly template is addressed by a workbook-scoped defined name. This module
is the single source of those names: the template writer creates them, the reader resolves
them, validation and aggregation use them. Standard library only (fast CLI start-up).
"""

from __future__ import annotations

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
