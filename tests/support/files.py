"""Filled templates for tests, written with the product's own template writer, and what
openpyxl (not the reader) says of them."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from finsam_xl.plan import load_example
from finsam_xl.template import write_template

PLAN = load_example()
ISA, SIP = PLAN.insats("isa"), PLAN.insats("sip")

# A consistent month for ISA: women 5 + 2 - 2 (1 arbete, 1 rehab), men 4 + 1 - 1 (1 studier).
GOOD_FLOW = {
    "fx_start_kvinnor": 5, "fx_start_man": 4, "fx_nya_kvinnor": 2, "fx_nya_man": 1,
    "fx_avslutade_kvinnor": 2, "fx_avslutade_man": 1,
    "fx_utfall_arbete_kvinnor": 1, "fx_utfall_rehab_kvinnor": 1, "fx_utfall_studier_man": 1,
}
IN_TIME = datetime(2025, 4, 2, 8, 0, tzinfo=timezone.utc)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def flow(start_k, start_m, nya_k=1, nya_m=1, avsl_k=1, avsl_m=1):
    """A consistent month: every ended participant goes to work."""
    return {"fx_start_kvinnor": start_k, "fx_start_man": start_m, "fx_nya_kvinnor": nya_k,
            "fx_nya_man": nya_m, "fx_avslutade_kvinnor": avsl_k, "fx_avslutade_man": avsl_m,
            "fx_utfall_arbete_kvinnor": avsl_k, "fx_utfall_arbete_man": avsl_m}


def put(inbox: Path, rel: str, insats, period: str, values: dict, modified: datetime,
        plan=PLAN) -> Path:
    """A filled template at inbox/rel."""
    path = inbox / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    write_template(plan, insats, period, path, values=values, modified=modified)
    return path


def cells_of(path: Path) -> dict[str, str]:
    """defined name -> 'Rapport!C12', straight from the file (openpyxl, not the reader)."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    out = {}
    for name, dn in wb.defined_names.items():
        (sheet, coord), = list(dn.destinations)
        out[name] = f"{sheet}!{coord.replace('$', '')}"
    return out


def set_cell(src: Path, dst: Path, name: str, value, number_format: str | None = None,
             error: bool = False) -> Path:
    """Put `value` into the cell of defined name `name` with openpyxl, as a coordinator's
    Excel would store it: a datetime or time with a date/time format, a formula without a
    cached value, or an error value (`error`)."""
    import openpyxl

    from finsam_xl.template import defined_cells

    wb = openpyxl.load_workbook(src)
    sheet, coord = defined_cells(wb)[name]
    cell = wb[sheet][coord]
    cell.value = value
    if number_format is not None:
        cell.number_format = number_format
    if error:
        cell.data_type = "e"
    wb.save(dst)
    return dst


def with_addresses(addresses: dict[str, tuple[str, str]], plan=PLAN):
    """`plan` with coordinators and e-mail addresses: insats id -> (samordnare, e-post); the
    others have none."""
    import dataclasses

    return dataclasses.replace(plan, insatser=tuple(
        dataclasses.replace(i, samordnare=addresses.get(i.id, (None, None))[0],
                            epost=addresses.get(i.id, (None, None))[1])
        for i in plan.insatser))


def read_draft(path: Path):
    """An .eml draft parsed back with the email package: (message, body with '\\n' line
    ends, {attachment name: bytes})."""
    import email
    from email import policy

    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    body = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
    files = {part.get_filename(): part.get_payload(decode=True)
             for part in msg.iter_attachments()}
    return msg, body, files


def rename_sheet(path: Path, new: str) -> None:
    """Rename the report sheet as Excel does: the sheet, the defined names, app.xml."""
    import zipfile

    data = {}
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            data[info.filename] = zf.read(info)
    wb = data["xl/workbook.xml"].decode()
    wb = wb.replace('<sheet name="Rapport"', f'<sheet name="{new}"')
    data["xl/workbook.xml"] = wb.replace(">Rapport!", f">'{new}'!").encode()
    data["docProps/app.xml"] = data["docProps/app.xml"].replace(
        b">Rapport<", f">{new}<".encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in data.items():
            zf.writestr(name, content)
