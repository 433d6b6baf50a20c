"""The machine-readable summary of a collect run, `outbox/sammanfattning-<P>.json`, written on
every run beside the workbook: every file's status and findings, and the submission used
per insats and month. Its keys are declared once here (`KEYS`, with what each holds);
docs/summary.md's table is generated from them (`python -m finsam_xl.docs`), and a test
checks that a written summary has exactly these keys. `format` names the layout's version:
a change that removes or renames a key gets a new one."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..coordinator.history import Letter
from ..model import CollectResult, FileReport, Finding
from .letters import Failure

FORMAT = "finsam-xl-sammanfattning/1"

# (where, key, what it holds): `where` is the object the key is in.
KEYS: tuple[tuple[str, str, str], ...] = (
    ("summary", "format", f"the layout's version, `{FORMAT}`"),
    ("summary", "forbund", "the plan's förbund (`Förbund!namn`)"),
    ("summary", "ar", "the plan year"),
    ("summary", "period", "the period P the run compiled, `ÅÅÅÅ-MM`"),
    ("summary", "written_at", "the run's time, ISO 8601 with offset (UTC)"),
    ("summary", "workbook", "the workbook's file name in the outbox"),
    ("summary", "used", "the submission used per insats and month up to P, by insats and period"),
    ("summary", "files", "every path under the inbox, in the order of the terminal's lines"),
    ("summary", "letters", "every letter in `aterkoppling/`, in the order of the files"),
    ("summary", "failed", "what could not be written for one file (its letter, marked copy "
                          "or draft), in the order of the files; the run went on"),
    ("used", "insats", "the insats id"),
    ("used", "period", "the month, `ÅÅÅÅ-MM`"),
    ("used", "file", "the file's path within the inbox (as every output shows it)"),
    ("used", "sha256", "the file's sha256, hex"),
    ("used", "late", "`true` when it was saved after the report deadline"),
    ("files", "file", "the path within the inbox (personnummer masked, as every output)"),
    ("files", "status", "`accepted`, `rejected`, `ignored` or `superseded`"),
    ("files", "ignored_reason", "why an ignored path was ignored (Swedish), else `null`"),
    ("files", "superseded_by", "the file used instead of this one, else `null`"),
    ("files", "insats", "the insats id the file names in its cells (normalised), or `null`"),
    ("files", "period", "the month the file names in its cells (normalised), or `null`"),
    ("files", "sha256", "the file's sha256, or `null` when it could not be read"),
    ("files", "modified", "`dcterms:modified` (ISO 8601, UTC), or `null`"),
    ("files", "findings", "the file's findings, in order: errors, then warnings"),
    ("letters", "file", "the inbox file the letter answers (as every output shows it)"),
    ("letters", "letter", "the letter's file name in `aterkoppling/` (`.txt`)"),
    ("letters", "draft", "its e-mail draft beside it (`.eml`): the letter as the body, the "
                         "marked copy attached"),
    ("letters", "marked", "the marked copy beside it (`.xlsx`), or `null`"),
    ("letters", "to", "the draft's recipient (`Namn <adress>`), or `null` when the plan has "
                      "no valid address for the insats"),
    ("letters", "new", "`true` when the letter is new or changed since the previous run (the "
                       "file's sha256 or the letter's text differ): to be sent; `false` when "
                       "it was written the same by the previous run"),
    ("letters", "left_out", "what the marked copy leaves out of the file, by kind (`sheets`, "
                            "`sheet-name`, `names`, `formulas`, `comments`, `drawings`, "
                            "`links`, `objects`, `properties`, `validation-texts`, `other`; "
                            "docs/validation.md, *The marked copy*)"),
    ("failed", "file", "the inbox file (as every output shows it)"),
    ("failed", "what", "`letter`, `marked` (the marked copy) or `draft` (the e-mail draft)"),
    ("failed", "reason", "why, in Swedish (the operating system's error, or a bug in "
                         "finsam-xl and its kind)"),
    ("findings", "code", "the finding's stable code (docs/validation.md)"),
    ("findings", "severity", "`error` or `warning`"),
    ("findings", "field", "the field's Swedish label, or `null`"),
    ("findings", "cell", "the cell, `Rapport!C12`, or `null`"),
    ("findings", "value", "the value found, as text, or `null`"),
    ("findings", "expected", "what was expected (Swedish), or `null`"),
    ("findings", "message", "the Swedish sentence the coordinator reads"),
)


def keys(where: str) -> list[str]:
    """The keys of the object `where` (summary, used, files, letters, findings), in order."""
    return [k for w, k, _text in KEYS if w == where]


def _finding(f: Finding) -> dict:
    return {"code": f.code, "severity": f.severity, "field": f.field, "cell": f.cell,
            "value": f.value, "expected": f.expected, "message": f.message}


def _file(r: FileReport) -> dict:
    s = r.submission
    return {
        "file": r.file, "status": r.status, "ignored_reason": r.ignored_reason,
        "superseded_by": r.superseded_by,
        "insats": s.insats if s else None, "period": s.period if s else None,
        "sha256": s.sha256 if s else None,
        "modified": s.modified.isoformat() if s and s.modified else None,
        "findings": [_finding(f) for f in r.findings],
    }


def _letter(x: Letter) -> dict:
    return {"file": x.file, "letter": x.letter, "draft": x.draft, "marked": x.marked,
            "to": x.to, "new": x.new, "left_out": list(x.left_out)}


def _failed(f: Failure) -> dict:
    from .. import messages as M

    reason = f.reason if f.reason is not None else M.COL_OUTPUT_BUG.format(kind=f.bug)
    return {"file": f.file, "what": f.what, "reason": reason}


def summary_data(result: CollectResult, workbook: str, letters: Sequence[Letter] = (),
                 failed: Sequence[Failure] = ()) -> dict:
    """The summary as data (`workbook`: the workbook's file name; `letters`: the letters
    the run wrote; `failed`: what it could not write for one file)."""
    return {
        "format": FORMAT,
        "forbund": result.plan.namn, "ar": result.plan.ar, "period": result.period,
        "written_at": result.written_at.isoformat(),
        "workbook": workbook,
        "used": [{"insats": i, "period": p, "file": s.relpath, "sha256": s.sha256,
                  "late": (i, p) in result.late} for (i, p), s in sorted(result.used.items())],
        "files": [_file(r) for r in result.reports],
        "letters": [_letter(x) for x in letters],
        "failed": [_failed(f) for f in failed],
    }


def summary_json(result: CollectResult, workbook: str, letters: Sequence[Letter] = (),
                 failed: Sequence[Failure] = ()) -> str:
    """The summary as written: UTF-8 JSON, indented, one newline at the end."""
    return json.dumps(summary_data(result, workbook, letters, failed), ensure_ascii=False,
                      indent=2) + "\n"


def render_table() -> str:
    """docs/summary.md's table of the keys."""
    lines = ["| in | key | holds |", "| --- | --- | --- |"]
    lines += [f"| {where} | `{key}` | {text} |" for where, key, text in KEYS]
    return "\n".join(lines) + "\n"
