"""The package being copied: its parts read through the reader's guards, edited in memory,
and written back as a new zip (every part byte for byte except those edited)."""

from __future__ import annotations

import io
import re
import zipfile

from ...reader.guards import check_directory
from ...reader.package import Package, workbook_declarations
from .sheet import mark_sheet
from .styles import Styles
from .xml import Skip, mask_text_nodes, xml_part


class Copy:
    """The package being copied: its parts, edited in memory."""

    def __init__(self, data: bytes):
        self.zf = zipfile.ZipFile(io.BytesIO(data))
        check_directory(self.zf)  # the reader's guards, again
        self.pkg = Package(self.zf)
        self.infos = [i for i in self.zf.infolist()]
        self.names = {i.filename.replace("\\", "/").lstrip("/").lower(): i.filename
                      for i in self.infos}
        self.changed: dict[str, bytes] = {}  # real part name -> new bytes
        self.added: dict[str, bytes] = {}

    # --- parts

    def real(self, part: str) -> str | None:
        return self.names.get(part.lower())

    def get(self, part: str) -> bytes | None:
        name = self.real(part)
        if name is None:
            return self.added.get(part)
        if name in self.changed:
            return self.changed[name]
        return self.pkg.read(part)

    def put(self, part: str, data: bytes) -> None:
        name = self.real(part)
        if name is None:
            self.added[part] = data
        else:
            self.changed[name] = data

    def new_name(self, pattern: str) -> str:
        n = 1
        while self.real(pattern.format(n=n)) or pattern.format(n=n) in self.added:
            n += 1
        return pattern.format(n=n)

    # --- the whole copy

    def mark(self, wanted: dict) -> bytes:
        if self.pkg.is_ods():
            raise Skip("ods")
        wb_part = self.pkg.workbook_part()
        sheets = workbook_declarations(xml_part(self.get(wb_part))).sheets
        rels = self.pkg.rels(wb_part)
        by_id = {rid: target for rid, _t, target in rels}
        parts = {name.lower(): by_id.get(rid) if rid is not None else None
                 for name, rid in sheets}
        styles_part = next((t for _r, typ, t in rels if typ.endswith("/styles")), None)
        if styles_part is None or self.get(styles_part) is None:
            raise Skip("styles")
        styles = Styles(xml_part(self.get(styles_part)))
        for sheet_name, cells in wanted.items():
            part = parts.get(sheet_name.lower())
            if part is None or self.get(part) is None:
                continue
            mark_sheet(self, part, cells, styles)
        self.put(styles_part, styles.result())
        self.mask_texts()
        return self.write()

    def mask_texts(self) -> None:
        for key in list(self.names):
            if key == "xl/sharedstrings.xml" or key.startswith("docprops/") or \
                    re.match(r"xl/comments\d*\.xml$", key):
                data = self.get(key)
                if data is None:  # a folder entry of the zip ('docProps/'): no part
                    continue
                masked = mask_text_nodes(xml_part(data))
                if masked != data:
                    self.put(key, masked)

    def write(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
            for info in self.infos:
                data = self.changed.get(info.filename)
                if data is None:
                    data = self.zf.read(info)
                new = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                new.compress_type = zipfile.ZIP_DEFLATED
                new.external_attr = info.external_attr
                out.writestr(new, data)
            for name, data in self.added.items():
                out.writestr(zipfile.ZipInfo(name, date_time=self.infos[0].date_time), data,
                             compress_type=zipfile.ZIP_DEFLATED)
        return buf.getvalue()
