"""Hand-made OpenDocument spreadsheet packages for tests: `content.xml` built from rows and
named ranges, zipped with a mimetype and a manifest (the reader's view of an .ods)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from finsam_xl.plan import load_example

PLAN = load_example()

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"


def content(rows: str, names: str, sheet: str = "Rapport", doctype: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
            f'<office:document-content xmlns:office="{OFFICE}" xmlns:table="{TABLE}" '
            f'xmlns:text="{TEXT}" xmlns:calcext="{CALCEXT}"><office:body><office:spreadsheet>'
            f'<table:table table:name="{sheet}">{rows}'
            '<table:named-expressions><table:named-range table:name="fx_lokal" '
            f'table:cell-range-address="$Rapport.$A$1"/></table:named-expressions>'
            f'</table:table><table:named-expressions>{names}</table:named-expressions>'
            '</office:spreadsheet></office:body></office:document-content>')


def package(path: Path, content_xml: str, manifest: str = "<manifest/>",
            meta: str | None = None, extra: int = 0) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("content.xml", content_xml)
        if meta is not None:
            zf.writestr("meta.xml", meta)
        for i in range(extra):
            zf.writestr(f"Pictures/{i}.png", b"x")
    path.write_bytes(buf.getvalue())
    return path


def name(n: str, address: str) -> str:
    return f'<table:named-range table:name="{n}" table:cell-range-address="{address}"/>'


def cell(attrs: str = "", text: str | None = None, repeat: int = 1) -> str:
    rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    inner = "" if text is None else f"<text:p>{text}</text:p>"
    return f"<table:table-cell{rep} {attrs}>{inner}</table:table-cell>"


def text_row(text: str) -> str:
    return f'<table:table-row>{cell(STRING, text)}</table:table-row>'


STRING = 'office:value-type="string"'
# fx_version, fx_forbund, fx_insats (sip), fx_period (2025-03) in A1:A4
META_ROWS = "".join(text_row(t) for t in ("finsam-xl/1", PLAN.namn, "sip", "2025-03"))
META_NAMES = (name("fx_version", "$Rapport.$A$1") + name("fx_forbund", "$Rapport.$A$2")
              + name("fx_insats", "$Rapport.$A$3") + name("fx_period", "$Rapport.$A$4"))
