"""`xl/styles.xml` with the marked styles appended: one solid fill per severity is appended to
`<fills>`, and for each style a marked cell had, a copy of its `<xf>` with that fill is
appended to `<cellXfs>` (counts updated), so number format, font, border and protection stay
the cell's own."""

from __future__ import annotations

from ...model import ERROR
from .xml import Scan, Skip, edit, one, set_attrs

FILLS = {ERROR: "FFFFC7CE", "warning": "FFFFEB9C"}  # Excel's "bad" red and "neutral" yellow


class Styles:
    """styles.xml with the marked styles appended."""

    def __init__(self, data: bytes):
        self.data = data
        scan = Scan(data, levels=3).run()
        self.fills = one(scan.find("styleSheet", "fills"))
        self.xfs_el = one(scan.find("styleSheet", "cellXfs"))
        kids = [e for e in scan.els if e.depth == 2]
        self.n_fills = sum(1 for e in kids if self.fills.start < e.start < self.fills.end)
        self.xfs = [e for e in kids if self.xfs_el.start < e.start < self.xfs_el.end]
        self.fill_ids: dict[str, int] = {}
        self.new_fills: list[bytes] = []
        self.new_xfs: list[bytes] = []
        self.map: dict[tuple[int, str], int] = {}

    def fill(self, severity: str) -> int:
        if severity not in self.fill_ids:
            prefix = self.fills.qname[:-len("fills")]
            self.new_fills.append((
                f'<{prefix}fill><{prefix}patternFill patternType="solid"><{prefix}fgColor '
                f'rgb="{FILLS[severity]}"/><{prefix}bgColor indexed="64"/></{prefix}patternFill>'
                f'</{prefix}fill>').encode())
            self.fill_ids[severity] = self.n_fills + len(self.new_fills) - 1
        return self.fill_ids[severity]

    def marked(self, old: int, severity: str) -> int:
        key = (old, ERROR if severity == ERROR else "warning")
        if key not in self.map:
            if not 0 <= old < len(self.xfs):
                raise Skip("style")
            xf = self.xfs[old]
            tag = set_attrs(self.data[xf.start:xf.tag_end],
                             {"fillId": str(self.fill(key[1])), "applyFill": "1"})
            self.new_xfs.append(tag + self.data[xf.tag_end:xf.end])
            self.map[key] = len(self.xfs) + len(self.new_xfs) - 1
        return self.map[key]

    def result(self) -> bytes:
        if not self.new_xfs:
            return self.data
        edits = []
        for el, items, total in ((self.fills, self.new_fills, self.n_fills),
                                 (self.xfs_el, self.new_xfs, len(self.xfs))):
            if el.empty:
                raise Skip("styles")
            tag = set_attrs(self.data[el.start:el.tag_end],
                             {"count": str(total + len(items))})
            edits.append((el.start, el.tag_end, tag))
            close = self.data.rindex(b"</", el.start, el.end)
            edits.append((close, close, b"".join(items)))
        return edit(self.data, edits)
