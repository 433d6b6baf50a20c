"""The formulas a marked copy keeps: only those that read what the copy holds. A formula
that reads another workbook (`[1]Blad!A1`), a sheet the copy leaves out, several sheets at
once (`Blad1:Blad3!A1`) or a defined name the copy leaves out would show #REF! or #NAME?
(or make Excel ask for the other file) in the copy: it goes, and its cell keeps the value
Excel last computed. A formula that reads the report sheet under the name the coordinator
gave it reads it as `Rapport`, the name the copy gives the sheet. Standard library only."""

from __future__ import annotations

import re

_UNQUOTED_SHEET_RE = re.compile(r"[^\s!'\"(),;:=+\-*/^&<>%{}\[\]]+(?=!)")
_NAME_RE = re.compile(r"[A-Za-z_\\\u00c0-\uffff][\w.\\\u00c0-\uffff]*")


class Sheets:
    """What the copy's formulas may read: its sheets (the report sheet under its original
    and its new name) and the defined names it leaves out."""

    def __init__(self, kept: set[str], renamed: dict[str, str], dropped_names: set[str]):
        self.kept = {s.casefold() for s in kept}
        self.renamed = {k.casefold(): v for k, v in renamed.items() if k != v}
        self.dropped_names = {n.casefold() for n in dropped_names}
        self.plain = self.kept - set(self.renamed)  # kept under the same name
        self.names_re = re.compile(
            r"(?<![\w.\\])(?:" + "|".join(re.escape(n) for n in sorted(self.dropped_names))
            + r")(?![\w.(])", re.IGNORECASE) if self.dropped_names else None

    def formula(self, text: str) -> str | None:
        """`text` reading the copy's sheets by their names in the copy, or None when it
        reads anything the copy does not hold."""
        if "[" not in text and "'" not in text and \
                all(_sheet_before(piece) in self.plain for piece in text.split("!")[:-1]) and \
                (self.names_re is None or self.names_re.search(text) is None):
            return text  # the usual case (a template's formulas): nothing to change or drop
        out: list[str] = []
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            if ch == '"':  # a string literal, "" inside it
                j = i + 1
                while j < n and not (text[j] == '"' and (j + 1 >= n or text[j + 1] != '"')):
                    j += 2 if text[j] == '"' else 1
                out.append(text[i:j + 1])
                i = j + 1
            elif ch == "[":
                return None  # another workbook (or a structured reference to a table)
            elif ch == "'":
                j = i + 1
                while j < n and not (text[j] == "'" and (j + 1 >= n or text[j + 1] != "'")):
                    j += 2 if text[j] == "'" else 1
                if j + 1 >= n or text[j + 1] != "!":
                    return None
                new = self.sheet(text[i + 1:j].replace("''", "'"))
                if new is None:
                    return None
                out.append((new or text[i:j + 1]) + "!")
                i = j + 2
            else:
                i = self._unquoted(text, i, out)
                if i < 0:
                    return None
        return "".join(out)

    def _unquoted(self, text: str, i: int, out: list[str]) -> int:
        """Copy a sheet reference, a name or one character at `i` to `out`: the next
        position, or -1 when it reads what the copy does not hold."""
        m = _UNQUOTED_SHEET_RE.match(text, i)
        if m is not None and (i == 0 or text[i - 1] != ":"):
            new = self.sheet(m.group())
            if new is None:
                return -1
            out.append(new or m.group())
            return m.end()
        if m is not None:
            return -1  # Blad1:Blad3!A1
        m = _NAME_RE.match(text, i)
        if m is not None and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_.$")):
            after = text[m.end():m.end() + 1]
            if after != "(" and m.group().casefold() in self.dropped_names:
                return -1
            out.append(m.group())
            return m.end()
        out.append(text[i])
        return i + 1

    def sheet(self, name: str) -> str | None:
        """A sheet reference as the copy writes it: '' for a kept sheet (written as it was),
        its new name for the renamed report sheet, None for a sheet the copy leaves out."""
        key = name.casefold()
        if key in self.renamed:
            return quoted(self.renamed[key])
        return "" if key in self.kept else None


_TAIL_RE = re.compile(r"[^\s!'\"(),;:=+\-*/^&<>%{}\[\]]+\Z")


def _sheet_before(piece: str) -> str:
    """The (case-folded) name that ends `piece`, the formula's text before a '!': a sheet's
    name is at most 31 characters, so only the end is looked at ('' when there is none:
    then the whole formula is read by `Sheets.formula`)."""
    m = _TAIL_RE.search(piece[-40:])
    return m.group().casefold() if m is not None and len(m.group()) < 40 else ""


def quoted(name: str) -> str:
    """A sheet name as a formula writes it: in quotes when it is not a plain word."""
    if re.fullmatch(r"[A-Za-z_\u00c0-\uffff][\w.\u00c0-\uffff]*", name) and \
            not re.fullmatch(r"[A-Za-z]{1,3}\d+|[RrCc]\d*", name):
        return name
    return "'" + name.replace("'", "''") + "'"
