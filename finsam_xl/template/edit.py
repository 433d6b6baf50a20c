"""Editing a template as a coordinator's spreadsheet program would, with openpyxl: fill it
through its defined names (`fill_template`), insert rows the way Excel does (`insert_rows`,
moving defined names, merged cells, validations, conditional formats and formula
references), and find the cell each defined name points at (`defined_cells`). Used by the
tests and the benchmark to make coordinators' files; openpyxl is imported inside.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import contract
from .. import messages as M
from ..atomic import atomic_path
from ..errors import FinsamError


def defined_cells(wb) -> dict[str, tuple[str, str]]:
    """Workbook-scoped defined names of an openpyxl workbook that point at exactly one cell:
    name -> (sheet title, 'B12')."""
    out = {}
    for name, dn in wb.defined_names.items():
        try:
            dests = list(dn.destinations)
        except Exception:  # noqa: BLE001 - #REF! or an expression: not a cell
            continue
        if len(dests) != 1:
            continue
        sheet, coord = dests[0]
        coord = coord.replace("$", "")
        if ":" in coord:
            a, b = coord.split(":")
            if a != b:
                continue
            coord = a
        out[name] = (sheet, coord)
    return out


def _save_atomic(wb, dst: Path) -> None:
    with atomic_path(Path(dst)) as tmp:
        wb.save(tmp)


def fill_template(src: Path, dst: Path, values: dict, texts: dict | None = None) -> Path:
    """Fill an existing template through its defined names (never cell addresses), as a
    coordinator would, keeping everything else; write to `dst` atomically.

    `values`: defined name -> value (None empties the cell); `texts`: fx_kommentar /
    fx_rapporterad_av. Text is stored as text (openpyxl would turn a string starting with
    '=' into a formula; such strings are stored with data type 's')."""
    import openpyxl

    src = Path(src)
    try:
        wb = openpyxl.load_workbook(src)
    except Exception as exc:  # noqa: BLE001 - any unreadable file
        raise FinsamError(M.TPL_FILL_UNREADABLE.format(path=src, error=exc)) from None
    cells = defined_cells(wb)
    todo = dict(values)
    todo.update(texts or {})
    for name, value in todo.items():
        if name not in cells or cells[name][0] not in wb.sheetnames:
            raise FinsamError(M.TPL_FILL_UNKNOWN_NAME.format(path=src, name=name,
                                                             label=M.field_label(name)))
        sheet, coord = cells[name]
        cell = wb[sheet][coord]
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
    _save_atomic(wb, dst)
    return Path(dst)


_REF_RE = re.compile(r"(?<![A-Za-z0-9_.\"!])((?:[A-Za-z_][A-Za-z0-9_.]*!)?)(\$?)([A-Z]{1,3})"
                     r"(\$?)(\d+)(?![\d(A-Za-z_])")


def _shift_refs(text: str, idx: int, amount: int, own: bool = True) -> str:
    """Add `amount` to every row number >= idx in the A1 references of `text` (outside
    string literals) to cells of the sheet Rapport: those that name it ('Rapport!B12'), and,
    with `own` (text on that sheet), those that name no sheet; never those of another sheet
    (the report's formulas read the hidden sheet Kontroll, whose rows do not move)."""
    def shift(m: re.Match) -> str:
        sheet, row = m.group(1), int(m.group(5))
        if row >= idx and (sheet == f"{contract.SHEET}!" or (own and not sheet)):
            row += amount
        return f"{m.group(1)}{m.group(2)}{m.group(3)}{m.group(4)}{row}"

    parts = text.split('"')
    for i in range(0, len(parts), 2):  # even parts are outside string literals
        parts[i] = _REF_RE.sub(shift, parts[i])
    return '"'.join(parts)


def insert_rows(src: Path, dst: Path, idx: int, amount: int = 1) -> Path:
    """Insert `amount` rows before row `idx` (1-based) of sheet Rapport, the way Excel does.

    openpyxl's `ws.insert_rows` moves cell values only; it does not move defined names,
    merged ranges, data validations, conditional formats or references inside formulas.
    This helper moves all of those as well (simple A1 references on the one sheet, which is
    all a template holds), so the result is what a coordinator's Excel would save after
    inserting rows: readers must then find every value through its defined name."""
    import openpyxl
    from openpyxl.formatting.formatting import ConditionalFormattingList
    from openpyxl.worksheet.cell_range import MultiCellRange

    wb = openpyxl.load_workbook(Path(src))
    ws = wb[contract.SHEET]
    merged = [str(r) for r in ws.merged_cells.ranges]
    for r in merged:
        ws.unmerge_cells(r)
    heights = {r: d.height for r, d in ws.row_dimensions.items() if d.height is not None}
    ws.insert_rows(idx, amount)
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" and isinstance(cell.value, str):
                    cell.value = _shift_refs(cell.value, idx, amount, own=sheet is ws)
    for r in merged:
        ws.merge_cells(_shift_refs(r, idx, amount))
    for r in list(ws.row_dimensions):
        ws.row_dimensions[r].height = None
    for r, h in heights.items():
        ws.row_dimensions[r + amount if r >= idx else r].height = h
    for dv in ws.data_validations.dataValidation:
        dv.sqref = MultiCellRange(_shift_refs(str(dv.sqref), idx, amount))
    old = ws.conditional_formatting
    ws.conditional_formatting = ConditionalFormattingList()
    for cf in old:
        rng = _shift_refs(str(cf.sqref), idx, amount)
        for rule in cf.rules:
            rule.formula = [_shift_refs(x, idx, amount) for x in rule.formula]
            ws.conditional_formatting.add(rng, rule)
    for dn in wb.defined_names.values():
        dn.attr_text = _shift_refs(dn.attr_text, idx, amount)
    if ws.print_area:  # "'Rapport'!$A$1:$D$40" (openpyxl 3.1 returns one string)
        ws.print_area = [_shift_refs(a.split("!")[-1].replace("$", ""), idx, amount)
                         for a in ws.print_area.split(",")]
    _save_atomic(wb, Path(dst))
    return Path(dst)
