"""A worksheet the marked copy keeps (the report sheet, the template's hidden `Kontroll`),
written again by allow-list (`clean.Cleaner`):
  - of the worksheet's own elements only those a template's sheet has, or that only lay it
    out (view, columns, rows and cells, protection, merged cells, conditional formats, data
    validations, print set-up, header and footer); hyperlinks, drawings, pictures, embedded
    objects, controls, tables, extensions and the notes' drawing go (the copy writes its
    notes again, `notes.py`);
  - each cell keeps its value and style; a cell whose value or formula holds a
    personnummer (a number too: a 12-digit personnummer typed in Excel is one) becomes a
    text cell with the number masked; a formula that reads what the copy leaves out goes,
    its value stays (`formulas.py`); a shared string is numbered again (`strings.py`);
  - a data validation keeps the template's own prompt and error texts, never others; a
    data validation or conditional format whose formula reads what the copy leaves out, or
    holds a personnummer, goes.
What goes is recorded for the letter (`LeftOut`). Standard library only."""

from __future__ import annotations

from ... import pnr
from ...reader.cells import unescape
from .clean import (
    DROP,
    KEEP,
    TREE,
    Cleaner,
    Node,
    dump,
    esc_attr,
    esc_text,
    masked,
    masked_or,
    number_forms,
    run_texts,
)
from .formulas import Sheets
from .strings import StringMap, rich
from .xml import Skip

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

# The worksheet's children that the copy keeps as they are (CT_Worksheet's order).
KEPT = {"sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData",
        "sheetCalcPr", "sheetProtection", "autoFilter", "mergeCells", "printOptions",
        "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
        "ignoredErrors"}
# Those it takes whole, to keep part of them.
TAKEN = {"dataValidations", "conditionalFormatting"}
# What the letter calls the others when a sheet has them (the rest go without a word: the
# notes' drawing, written again, and parts of Excel's own bookkeeping).
TOLD = {"hyperlinks": "links", "drawing": "drawings", "picture": "drawings",
        "legacyDrawingHF": "drawings", "oleObjects": "objects", "controls": "objects",
        "tableParts": "other", "scenarios": "other", "customProperties": "other",
        "smartTags": "other", "webPublishItems": "other", "dataConsolidate": "other"}
DV_TEXTS = ("promptTitle", "prompt", "errorTitle", "error")
CELL_ATTRS = ("r", "s", "t", "ph")  # `cm` and `vm` name metadata the copy does not hold


class LeftOut:
    """What the copy leaves out that the coordinator put in the file, by kind (the
    letter's words for them: messages.MARK_LEFT_OUT)."""

    ORDER = ("sheets", "sheet-name", "names", "formulas", "comments", "drawings", "links",
             "objects", "properties", "validation-texts", "other")

    def __init__(self) -> None:
        self.kinds: set[str] = set()

    def note(self, kind: str) -> None:
        self.kinds.add(kind)

    def sorted(self) -> tuple[str, ...]:
        return tuple(k for k in self.ORDER if k in self.kinds)


class SheetCleaner(Cleaner):
    """One worksheet as the copy keeps it (see the module's docstring)."""

    def __init__(self, data: bytes, sheets: Sheets, strings: StringMap, left_out: LeftOut,
                 dv_texts: frozenset[str]):
        super().__init__(data)
        self.sheets = sheets
        self.strings = strings
        self.left_out = left_out
        self.dv_texts = dv_texts
        self.prefix = ""
        self.shared: set[str] = set()  # the shared formulas (`si`) whose first cell is kept

    def action(self, path, name, attrs):
        if len(path) == 1:
            key = "xmlns" + (":" + name.split(":")[0] if ":" in name else "")
            if dict(attrs).get(key) != MAIN_NS:
                raise Skip("strict")
            self.prefix = name[:-len("worksheet")]
            return KEEP
        if len(path) == 2:
            if path[-1] in KEPT:
                return KEEP
            if path[-1] in TAKEN:
                return TREE
            if path[-1] in TOLD:
                self.left_out.note(TOLD[path[-1]])
            return DROP
        if len(path) == 4 and path[1] == "sheetData" and path[-1] == "c":
            return TREE
        return KEEP

    def tree(self, path, node):
        if node.local == "c":
            return self.cell(node)
        if node.local == "dataValidations":
            return self.validations(node)
        return self.conditional(node)

    # --- cells

    def cell(self, node: Node) -> str:
        p = self.prefix
        attrs = {k: v for k, v in node.attrs if k in CELL_ATTRS}
        t = attrs.get("t")
        f = next(iter(node.children("f")), None)
        v = next(iter(node.children("v")), None)
        inline = next(iter(node.children("is")), None)
        value = v.text() if v is not None else ""
        if t == "inlineStr":
            value = run_texts(inline) if inline is not None else ""
        formula = self._formula(f)  # reading the copy's sheets by their names in it
        shown = self._pnr_value(t, value, formula)
        if shown is not None:
            self._drop_formula(f)
            return self._text_cell(attrs, shown)
        if f is not None and formula is None and t == "str":  # a formula's text, kept as text
            return self._text_cell(attrs, value)
        out = [f"<{p}c" + "".join(f' {k}="{_attr(v)}"' for k, v in attrs.items()) + ">"]
        if formula is not None:
            out.append(formula)
        if t == "inlineStr" and inline is not None:
            out.append(rich(inline, p))
        elif v is not None:
            if t == "s":
                index = _index(value)
                if index is None:
                    return out[0][:-1] + "/>"
                value = str(self.strings.use(index))
            out.append(f"<{p}v>{esc_text(value)}</{p}v>")
        return "".join(out) + f"</{p}c>"

    def _pnr_value(self, t: str | None, value: str, formula: str | None) -> str | None:
        """The cell's masked value (in the part's form) when its value or its formula (as
        the copy writes it) holds a personnummer, else None."""
        forms = number_forms(value) if t in (None, "n") and value else [value]
        for form in forms:
            found = masked(form)
            if found is not None:
                return found
        if formula is not None and (pnr.contains(formula) or pnr.contains(unescape(formula))):
            return value
        return None

    def _text_cell(self, attrs: dict[str, str], text: str) -> str:
        """A text cell holding `text` (in the part's form)."""
        p = self.prefix
        text = esc_text(text)
        kept = "".join(f' {k}="{_attr(v)}"' for k, v in attrs.items() if k != "t")
        return (f'<{p}c{kept} t="inlineStr"><{p}is><{p}t xml:space="preserve">{text}</{p}t>'
                f"</{p}is></{p}c>")

    def _drop_formula(self, f: Node | None) -> None:
        """The cell's formula goes after all: a shared formula's other cells lose it too."""
        if f is not None and f.get("t") == "shared" and f.get("ref") is not None:
            self.shared.discard(f.get("si") or "")

    def _formula(self, f: Node | None) -> str | None:
        """The cell's formula as the copy writes it; None when it has none or it goes."""
        if f is None:
            return None
        shared, si = f.get("t") == "shared", f.get("si") or ""
        if shared and f.get("ref") is None and not f.text():  # a cell of a shared formula
            return dump(f, mask=False) if si in self.shared else self._gone()
        text = self.sheets.formula(f.text())
        if text is None:
            return self._gone()
        if shared:
            self.shared.add(si)
        node = Node(f.name, f.attrs)
        node.kids = [text] if text else []
        return dump(node, mask=False)

    def _gone(self) -> str | None:
        """A formula that goes: None (its value stays), recorded for the letter."""
        self.left_out.note("formulas")
        return None

    # --- data validations and conditional formats

    def _formula_ok(self, text: str) -> bool:
        return not pnr.contains(unescape(text)) and self.sheets.formula(text) is not None

    def validations(self, node: Node) -> str | None:
        kept = []
        for dv in node.children("dataValidation"):
            formulas = [k for k in dv.children() if k.local in ("formula1", "formula2")]
            if not all(self._formula_ok(k.text()) for k in formulas):
                self.left_out.note("formulas")
                continue
            attrs = []
            for k, v in dv.attrs:
                if k in DV_TEXTS and v not in self.dv_texts:
                    self.left_out.note("validation-texts")
                elif ":" not in k:
                    attrs.append((k, v))
            out = Node(dv.name, attrs)
            out.kids = [_renamed(k, self.sheets) for k in formulas]
            kept.append(out)
        if not kept:
            return None
        top = Node(node.name, [(k, str(len(kept)) if k == "count" else v)
                               for k, v in node.attrs if ":" not in k])
        top.kids = list(kept)
        return dump(top)

    def conditional(self, node: Node) -> str | None:
        rules = []
        for rule in node.children("cfRule"):
            texts = [k.text() for k in rule.walk() if k.local == "formula"]
            texts += [k.get("val") or "" for k in rule.walk() if k.local == "cfvo"
                      and k.get("type") == "formula"]
            if not all(self._formula_ok(t) for t in texts):
                self.left_out.note("formulas")
                continue
            rule.kids = [_renamed(k, self.sheets) if k.local == "formula" else k
                         for k in rule.children() if k.local != "extLst"]
            rules.append(rule)
        if not rules:
            return None
        node.kids = list(rules)
        return dump(node)


def _renamed(node: Node, sheets: Sheets) -> Node:
    """A formula element reading the copy's sheets by their names in it."""
    out = Node(node.name, [(k, v) for k, v in node.attrs if ":" not in k])
    text = sheets.formula(node.text())
    out.kids = [text] if text else []
    return out


def _index(value: str) -> int | None:
    text = value.strip()
    return int(text) if text.isdigit() and text.isascii() else None


def _attr(value: str) -> str:
    return esc_attr(masked_or(value))
