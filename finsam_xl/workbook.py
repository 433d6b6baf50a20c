"""The follow-up workbook for the board (SPEC section 7).

This module is the stable entry point; the writer lives in the `finsam_xl.wb` package (one
module per sheet) and is imported only when a workbook is written, so that importing this
module stays cheap (no pandas, no xlsxwriter).
"""

from __future__ import annotations

from pathlib import Path

from .model import CollectResult


def write_followup(result: CollectResult, outbox: Path) -> Path:
    """Write `outbox/uppfoljning-<P>.xlsx` atomically and return its path.

    A previous file of the same name is kept under `outbox/tidigare/`. Raises FinsamError
    (Swedish message) when the file cannot be written."""
    from .wb.book import write_followup as _write

    return _write(result, Path(outbox))
