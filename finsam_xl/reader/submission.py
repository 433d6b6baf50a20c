"""The end of reading a template, whatever its format (OOXML in `ooxml.py`, OpenDocument in
`ods.py`): personnummer masked, the contract version checked, the names that point nowhere
reported, and the typed Submission built. Also the document's modified time (W3CDTF).

Every text value is masked (`pnr.mask`) before it is stored; a whole number that is a
personnummer is replaced by the masked text. The free-text names that held a personnummer go
in `Submission.pnr_fields`. A contract name that points nowhere gets a `name-ref-error` and
is left out of `raw` and `cells`; the submission is still returned (validation runs on the
rest). `Submission.values` is left empty for validation to fill.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import TypeVar

from .. import contract, pnr
from .. import findings as F
from .. import messages as M
from ..contract import PNR_MASK
from ..model import Finding, Submission
from ..printable import one_line
from .guards import Spread
from .refs import MAX_CELL_CHARS, cell_ref

ORDER = {n: i for i, n in enumerate(
    contract.META + contract.FLOW + contract.ANTAL + contract.ENKAT + contract.TEXT)}

W3CDTF_RE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$")


def contract_order(name: str) -> tuple[int, str]:
    """Sort key: the contract's names in its order, then any other name."""
    return ORDER.get(name, len(ORDER)), name


T = TypeVar("T")


def place_names(names: dict[str, str], place: Callable[[str], T | None]
                ) -> tuple[dict[str, T], dict[str, str]]:
    """The defined names {lower-cased fx_ name: formula or address text} that `place` can
    place in a cell ({name: its place}), and the contract names it cannot ({name: the text
    that points nowhere, '#REF!' when empty}; other fx_ names are left out)."""
    targets: dict[str, T] = {}
    broken: dict[str, str] = {}
    for name, text in names.items():
        target = place(text)
        if target is not None:
            targets[name] = target
        elif name in ORDER:
            broken[name] = text.strip() or "#REF!"
    return targets, broken


def cell_names(places: dict[str, tuple[str, int, int]]) -> dict[str, str]:
    """{name: 'Rapport!C12'} in contract order, of {name: (sheet, row, col)}; a sheet's name
    with any personnummer masked (`place_text`)."""
    sheets = {sheet: one_line(pnr.mask(sheet)) for sheet, _row, _col in places.values()}
    return {name: f"{sheets[places[name][0]]}!{cell_ref(places[name][1], places[name][2])}"
            for name in sorted(places, key=contract_order)}


def place_text(sheet: str, row: int, col: int) -> str:
    """'Rapport!C12': the cell as every output names it. A sheet's name is the one text of a
    file that names its cells; it reaches the findings, the letter, the summary and the
    workbook's Avvikelser, so any personnummer in it is masked here, where it is read, and
    its control characters made visible (`printable.one_line`)."""
    return f"{one_line(pnr.mask(sheet))}!{cell_ref(row, col)}"


def submission_from(relpath: str, path: Path, size: int, sha256: str, raw: dict,
                    cells: dict, broken: dict, modified: Callable[[], datetime | None] | None,
                    pnr_names: Iterable[str]) -> tuple[Submission | None, list[Finding]]:
    """The contract version check, the `name-ref-error`s and the Submission. `raw`: the
    masked values of the names that point at a cell (`masked`); `cells`: {name:
    'Rapport!C12'}; `broken`: {contract name: formula text that points nowhere};
    `modified()`: the document's modified time (called only for a template of the known
    version); `pnr_names`: the free-text names in which a personnummer was masked."""
    if contract.VERSION_NAME in broken:
        return None, [_ref_error(relpath, contract.VERSION_NAME, broken[contract.VERSION_NAME])]
    version = raw.get(contract.VERSION_NAME)
    version_text = "" if version is None else str(version).strip()
    if version_text != contract.VERSION:
        return None, [F.finding(
            F.UNKNOWN_VERSION, relpath, field=M.field_label(contract.VERSION_NAME),
            cell=cells[contract.VERSION_NAME], value=version_text, expected=contract.VERSION)]

    findings = [_ref_error(relpath, name, formula) for name, formula in sorted(
        broken.items(), key=lambda kv: contract_order(kv[0]))]

    def text(name: str) -> str | None:
        v = raw.get(name)
        return None if v is None else _text_of(v)

    pnr_names = set(pnr_names)
    sub = Submission(
        path=path, relpath=relpath, size=size, sha256=sha256,
        modified=modified() if modified is not None else None,
        version=version_text, forbund=text(contract.FORBUND), insats=text(contract.INSATS),
        period=text(contract.PERIOD), raw=raw, cells=cells,
        kommentar=text(contract.KOMMENTAR) or "",
        rapporterad_av=text(contract.RAPPORTERAD_AV) or "",
        pnr_fields=tuple(n for n in contract.TEXT if n in pnr_names))
    return sub, findings


def _ref_error(relpath: str, name: str, formula: str) -> Finding:
    return F.finding(F.NAME_REF_ERROR, relpath, field=M.field_label(name), value=formula,
                     expected=M.READ_EXP_CELL, ref=formula)


def masked(values: dict[str, object], cells: dict[str, str]
           ) -> tuple[dict[str, object], set[str]]:
    """{name: value} in contract order with every personnummer masked (`mask_value`), and
    the free-text names in which one was masked. A text longer than a cell holds
    (MAX_CELL_CHARS, Excel's limit) raises Spread('cell'), whatever the format: an .ods
    reader stops before it is expanded, an .xlsx's text is in its parts (`cells`: {name:
    'Rapport!C12'}, for the finding)."""
    raw: dict[str, object] = {}
    pnr_names: set[str] = set()
    for name in sorted(values, key=contract_order):
        value = values[name]
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            raise Spread("cell", len(value), MAX_CELL_CHARS, cells.get(name))
        out = mask_value(value)
        if out is not value and name in contract.TEXT:
            pnr_names.add(name)
        raw[name] = out
    return raw, pnr_names


def mask_value(value: object) -> object:
    """The value with any personnummer masked (returns the same object when nothing
    changed). A number that is a personnummer becomes the mask: a whole number of 10 or 12
    digits (8112189876 typed without a hyphen, and any 12-digit one, is stored as a number),
    or a decimal number of 6 or 8 digits and 4 decimals (811218,9876 typed with a comma)."""
    if type(value) is int and -999_999_999 <= value <= 999_999_999:
        return value  # fewer than 10 digits: the counts
    if isinstance(value, str):
        out = pnr.mask(value)
        return value if out == value else out
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and not value.is_integer():
        if 100_000 <= abs(value) < 100_000_000 and pnr.contains(f"{abs(value):.4f}"):
            return PNR_MASK
        return value
    if isinstance(value, (int, float)):
        digits = str(abs(int(value)))
        if len(digits) in (10, 12) and pnr.contains(digits):
            return PNR_MASK
    return value


def _text_of(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return M.VAL_SANT if value else M.VAL_FALSKT
    if isinstance(value, datetime):  # a date typed in a text field: as the cell shows it
        return value.strftime("%Y-%m-%d" if value.time() == time() else "%Y-%m-%d %H:%M")
    return str(value).strip()


def parse_w3cdtf(text: str, local: tzinfo = timezone.utc) -> datetime | None:
    """A W3CDTF time (dcterms:modified) -> aware UTC datetime; a time without a zone is
    taken in `local` (UTC unless given); None if invalid or out of range."""
    m = W3CDTF_RE.match(text or "")
    if not m:
        return None
    y, mo, d, hh, mm, ss, frac, tz = m.groups()
    try:
        dt = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0),
                      int((frac or "0")[:6].ljust(6, "0")),
                      tzinfo=timezone.utc if tz else local)
        if tz and tz != "Z":
            sign = 1 if tz[0] == "+" else -1
            digits = tz[1:].replace(":", "")
            dt -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        return dt.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        return None
