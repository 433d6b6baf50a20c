"""Text from a file (its name, its sheet names, a value found in a cell) shown on one line:
control characters made visible, so that no file name or value can fake, hide or reorder a
line on the terminal, in a letter or in the workbook (issue 19).

`one_line` replaces
  - the C0 controls U+0000-U+001F (line feed, carriage return, escape, tab …) by their
    Unicode control pictures (U+2400-U+241F: '␊', '␍', '␛', '␉' …) and DEL by '␡': what
    was there stays readable;
  - the C1 controls U+0080-U+009F (NEL, CSI …), the line and paragraph separators U+2028 and
    U+2029, and the bidirectional overrides, embeddings, isolates and marks (U+202A-U+202E,
    U+2066-U+2069, U+200E, U+200F, U+061C, which can make a line read in another order than
    it is written) by U+FFFD '�'.
Spaces of every kind, letters of every script and the joiners that scripts and emoji need
are kept. No backslash escape is used: a backslash separates folders on Windows, and a shown
name also names the letter written for the file.

`ooxml_text` writes text into an OOXML part so that it stays readable XML. `single_line` is
for text that is meant to be one line but was typed with a line break (a
name in the plan, Alt+Enter in an Excel cell): its line breaks and tabs become one space,
and any other control character is made visible as `one_line` does. Standard library only.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_TABLE = {**{i: 0x2400 + i for i in range(0x20)}, 0x7F: 0x2421,
          **{i: 0xFFFD for i in range(0x80, 0xA0)}, 0x2028: 0xFFFD, 0x2029: 0xFFFD,
          **{ord(ch): 0xFFFD for ch in _BIDI}}


def one_line(text: str) -> str:
    """`text` with its control characters made visible (see the module's docstring)."""
    if text.isprintable():  # the usual case (False also for any space but ' ', so look)
        return text
    return text.translate(_TABLE)


_BREAKS_RE = re.compile("[ \t]*(?:\r\n|[\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029])+[ \t]*")


def single_line(text: str) -> str:
    """`text` on one line: each run of line breaks and tabs (with the spaces around it) one
    space, the other control characters made visible (`one_line`)."""
    if text.isprintable():
        return text
    return one_line(_BREAKS_RE.sub(" ", text))


def has_breaks(text: str) -> bool:
    """`text` holds a line break, a tab or another control character (`single_line` would
    change it)."""
    return single_line(text) != text


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XESC_LITERAL = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def ooxml_text(text: str) -> str:
    """`text` as an OOXML string (ST_Xstring) holds it, before XML escaping, for text that
    finsam-xl writes into a part itself (a note, a masked cell, a formula's cached text): a
    literal `_xHHHH_` escaped (`_x005F_xHHHH_`, so that no reader decodes it into another
    character), and a character XML cannot hold (a control character other than tab, line
    feed and carriage return; a lone surrogate) written as `_xHHHH_`, as Excel does: never
    raw, which would leave a part no reader can parse."""
    text = _XESC_LITERAL.sub(r"_x005F_\1", text)
    return _NOT_XML.sub(lambda m: f"_x{ord(m.group()) & 0xFFFF:04X}_", text)
