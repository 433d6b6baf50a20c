"""Validation rules: per file (`validate_submission`) and across files
(`validate_batch`). Every rule is a small function that returns its findings (and what it
derived, such as the counts read); validation never changes the submission or the reports it
judges: it returns a `model.FileCheck` or `model.BatchCheck`, and collect makes the
validated submission and reports from it.

Per-file errors reject a file; warnings accept it. Every finding carries a stable code (the
registry, findings.py), the Swedish field label, the cell ('Rapport!C12', from
`Submission.cells`), the value found, what was expected, and one Swedish sentence that names
the file, the field and the cell.

The rules, and the decisions where the spec leaves room, by module:
- meta.py: the period and the insats in the cells, the file's name against them, the
  förbund, the names the contract requires;
- counts.py: whole numbers >= 0, all empty, outcomes against ended, ended against start +
  new, the survey, the month's volume against the year's budget;
- text.py: a personnummer in the free text;
- time.py: saved late, or before the month ended;
- batch.py: duplicates and superseded files, corrected files, stock-flow breaks, outliers.

Standard library only (`finsam-xl check` starts without pandas and xlsxwriter).
"""

from .batch import OUTLIER_FACTOR, OUTLIER_MIN_DIFF, OUTLIER_MIN_OTHERS, validate_batch
from .cells import show
from .counts import count_problem, parse_count
from .meta import meant_for, name_key
from .submission import validate_submission
from .time import is_late

__all__ = ["OUTLIER_FACTOR", "OUTLIER_MIN_DIFF", "OUTLIER_MIN_OTHERS", "count_problem",
           "is_late", "meant_for", "name_key", "parse_count", "show", "validate_batch",
           "validate_submission"]
