"""Reproducible output: with SOURCE_DATE_EPOCH set, two runs over the same inbox write the same
bytes (the workbook, the letters, the marked copies, the summary, the reminder drafts); a
malformed value is refused in Swedish. benchmarks/identity.py relies on this."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

from click.testing import CliRunner

from finsam_xl.cli import cli

EPOCH = "1767225600"  # 2026-01-01 00:00 UTC


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_runs_write_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    runner = CliRunner()
    assert runner.invoke(cli, ["demo"]).exit_code == 0
    outputs = []
    for n in (1, 2):
        out = tmp_path / f"ut{n}"
        res = runner.invoke(cli, ["collect", "--outbox", str(out)])
        assert res.exit_code == 0, res.output
        res = runner.invoke(cli, ["remind", "--outbox", str(out)])
        assert res.exit_code == 0, res.output
        outputs.append(tree(out))
    first, second = outputs
    assert first == second
    assert "uppfoljning-2025-03.xlsx" in first
    assert any(name.startswith("paminnelser/") for name in first)
    assert any(name.endswith(".xlsx") and name.startswith("aterkoppling/") for name in first)
    summary = (tmp_path / "ut1" / "sammanfattning-2025-03.json").read_text("utf-8")
    assert '"written_at": "2026-01-01T00:00:00+00:00"' in summary


def test_the_clock_is_the_epoch(monkeypatch):
    from finsam_xl.run import period as clock

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert clock.now() == datetime(2026, 1, 1, tzinfo=timezone.utc)


def test_a_malformed_epoch_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["demo"]).exit_code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "igår")
    res = runner.invoke(cli, ["collect", "--outbox", "ut"])
    assert res.exit_code == 1
    assert res.output.splitlines()[-1] == (
        "Fel: Miljövariabeln SOURCE_DATE_EPOCH ska vara ett heltal (sekunder sedan 1970-01-01), "
        "inte 'igår'. Ta bort den eller rätta den.")
