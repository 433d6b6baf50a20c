"""The generated parts of docs/ equal what the code generates (`python -m finsam_xl.docs`),
and the summary's declared keys are the keys a run writes."""

from __future__ import annotations

import json
import subprocess
import sys

from finsam_xl import docs
from finsam_xl.run.summary import FORMAT, keys
from support.files import ISA, PLAN, SIP, flow, put, utc
from support.paths import child_env


def test_no_generated_doc_is_stale():
    assert docs.stale() == {}


def test_the_docs_check_is_a_command_that_fails_on_a_stale_page(tmp_path, monkeypatch):
    proc = subprocess.run([sys.executable, "-m", "finsam_xl.docs", "--check"],
                          capture_output=True, text=True, env=child_env())
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    copy = tmp_path / "docs"
    copy.mkdir()
    for page in ("cli.md", "validation.md", "plan.md", "summary.md"):
        (copy / page).write_text((docs.DOCS / page).read_text(encoding="utf-8"), "utf-8")
    (copy / "summary.md").write_text("<!-- keys: x -->\nold\n<!-- /keys -->\n", "utf-8")
    assert list(docs.stale(copy)) == ["summary.md"]
    monkeypatch.setattr(docs, "DOCS", copy)
    assert docs.main(["--check"]) == 1
    assert docs.main(["--write"]) == 0
    assert docs.stale(copy) == {}


def test_a_written_summary_has_exactly_the_declared_keys(tmp_path):
    from finsam_xl.run import run_collect

    box = tmp_path / "inbox"
    put(box, "2025-03_isa.xlsx", ISA, "2025-03", flow(5, 4), utc(2025, 4, 3, 9))
    put(box, "2025-03_sip.xlsx", SIP, "2025-03", {"fx_antal": -1}, utc(2025, 4, 3, 9))
    (box / "notes.txt").write_text("x")
    run = run_collect(box, tmp_path / "outbox", plan=PLAN, period="2025-03")
    data = json.loads(run.outputs.summary.read_text(encoding="utf-8"))
    assert list(data) == keys("summary") and data["format"] == FORMAT
    assert [list(u) for u in data["used"]] == [keys("used")]
    assert [list(f) for f in data["files"]] == [keys("files")] * 3
    findings = [f for entry in data["files"] for f in entry["findings"]]
    assert findings and all(list(f) == keys("findings") for f in findings)
