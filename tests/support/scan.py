"""Scan outputs for personnummer in any form (issue 19): every file's bytes, with zip members
inflated and e-mail drafts decoded (headers, bodies and attachments), as text after undoing
the escapes an output may use (XML character references, OOXML's `_xHHHH_`, JSON's `\\uHHHH`),
Unicode-normalised (fullwidth digits to ASCII) and with every separator and invisible
character removed; a number is found when its ten digits YYMMDDNNNN follow each other, in
the text as it is or with its XML tags taken out (a number split over rich-text runs,
`<t>8203</t></r><r><t>15-2345</t>`, is one to Excel)."""

from __future__ import annotations

import email
import html
import io
import re
import unicodedata
import zipfile
from email import policy
from pathlib import Path

_GONE = re.compile("[\\s\\-\u2010-\u2015\u2212\uff0d+\uff0b,.\u00ad\u200b-\u200f"
                   "\u2060-\u2064\ufeff]")
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_JSON_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})")
_TAG = re.compile(r"<[^<>]*>")


def core(number: str) -> str:
    """The ten digits YYMMDDNNNN of a personnummer written in any form."""
    digits = "".join(str(int(ch)) for ch in number if ch.isdecimal())
    return digits[-10:]


def texts(name: str, data: bytes) -> list[tuple[str, str]]:
    """(where, text) of a file: its bytes as text, and every member of a zip (recursively)
    and every part of an e-mail draft."""
    out = [(name, data.decode("utf-8", "replace"))]
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for info in zf.infolist():
                    out += texts(f"{name}!{info.filename}", zf.read(info))
        except zipfile.BadZipFile:
            pass
    if name.endswith(".eml"):
        msg = email.message_from_bytes(data, policy=policy.default)
        out += [(f"{name}!{key}", str(value)) for key, value in msg.items()]
        for i, part in enumerate(msg.walk()):
            if part.is_multipart():
                continue
            payload = part.get_payload(decode=True) or b""
            out += texts(f"{name}!part{i}:{part.get_filename() or ''}", payload)
    return out


def skeleton(text: str) -> str:
    for undo in (html.unescape, lambda t: _OOXML_ESCAPE.sub(lambda m: chr(int(m[1], 16)), t),
                 lambda t: _JSON_ESCAPE.sub(lambda m: chr(int(m[1], 16)), t)):
        text = undo(text)
    return _GONE.sub("", unicodedata.normalize("NFKC", text))


def leaks(outputs: dict[str, bytes], numbers: list[str]) -> list[tuple[str, str]]:
    """(where, number) for every number of `numbers` found in any output."""
    cores = {core(n): n for n in numbers}
    found = []
    for name, data in outputs.items():
        for where, text in texts(name, data):
            flat = skeleton(text)
            runs = skeleton(_TAG.sub("", text)) if "<" in text else flat
            found += [(where, n) for c, n in cores.items() if c in flat or c in runs]
    return found


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}
