"""The monthly template (contract `finsam-xl/1`, contract.py): writing it (`write`), its
start cells prefilled from last month's used report (`prefill`), and editing one as a
coordinator's spreadsheet program would (`edit`, for tests and the benchmark)."""

from .edit import defined_cells, fill_template, insert_rows
from .prefill import Prefill, as_cells, default_inbox, prefill_for
from .write import default_modified, template_name, write_template, write_templates

__all__ = ["Prefill", "as_cells", "default_inbox", "default_modified", "defined_cells",
           "fill_template", "insert_rows", "prefill_for", "template_name", "write_template",
           "write_templates"]
