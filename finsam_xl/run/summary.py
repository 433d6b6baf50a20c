"""The machine-readable summary of a collect run, `outbox/sammanfattning-<P>.json`, written on
every run beside the workbook: every file's status and findings, and the submission used
per insats and month. Its keys are documented in docs/summary.md (a test keeps the two
equal); `format` names the version of that layout."""

from __future__ import annotations

import json

from ..model import CollectResult, FileReport, Finding

FORMAT = "finsam-xl-sammanfattning/1"


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


def summary_data(result: CollectResult, workbook: str) -> dict:
    """The summary as data (`workbook`: the workbook's file name)."""
    return {
        "format": FORMAT,
        "forbund": result.plan.namn, "ar": result.plan.ar, "period": result.period,
        "written_at": result.written_at.isoformat(),
        "workbook": workbook,
        "used": [{"insats": i, "period": p, "file": s.relpath, "sha256": s.sha256,
                  "late": (i, p) in result.late} for (i, p), s in sorted(result.used.items())],
        "files": [_file(r) for r in result.reports],
    }


def summary_json(result: CollectResult, workbook: str) -> str:
    """The summary as written: UTF-8 JSON, indented, one newline at the end."""
    return json.dumps(summary_data(result, workbook), ensure_ascii=False, indent=2) + "\n"
