"""The parts of docs/ that are generated from the code, so that the two never drift: every
command's `--help` (docs/cli.md), the tables of finding codes (docs/validation.md and
docs/plan.md, from findings.py) and the keys of the run's summary (docs/summary.md, from
run/summary.py).

    python -m finsam_xl.docs --check   # exit 1 and name every stale file (CI runs it)
    python -m finsam_xl.docs --write   # rewrite them

A tool for developers of a checkout: it writes the docs/ folder beside the package.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"
COMMANDS = [[], ["plan"], ["plan", "new"], ["plan", "check"], ["templates"], ["check"],
            ["collect"], ["status"], ["remind"], ["utskick"], ["demo"]]


def cli_docs() -> str:
    """docs/cli.md: every command's --help, exactly as the CLI prints it."""
    from click.testing import CliRunner

    from . import messages as M
    from .cli import cli

    runner = CliRunner()
    parts = [M.DOCS_CLI_TITLE + "\n", M.DOCS_CLI_INTRO + "\n"]
    for args in COMMANDS:
        result = runner.invoke(cli, args + ["--help"], prog_name="finsam-xl")
        if result.exit_code != 0:
            raise RuntimeError(result.output)
        parts.append(f"## finsam-xl {' '.join(args)}".rstrip() + "\n")
        parts.append("```text\n" + result.output + "```\n")
    return "\n".join(parts)


_KEYS_RE = re.compile(r"(<!-- keys: [^>]*-->\n)(.*?)(<!-- /keys -->)", re.S)


def summary_docs(text: str) -> str:
    """docs/summary.md with its table of keys (between `<!-- keys … -->` and `<!-- /keys
    -->`) generated from run/summary.py."""
    from .run.summary import render_table

    return _KEYS_RE.sub(lambda m: m.group(1) + render_table() + m.group(3), text)


def _pages() -> dict[str, Callable[[str], str]]:
    """docs page -> a function from its text now to its text as generated."""
    from .findings import render_docs

    return {"cli.md": lambda _text: cli_docs(), "validation.md": render_docs,
            "plan.md": render_docs, "summary.md": summary_docs}


def stale(docs: Path | None = None) -> dict[str, str]:
    """{page: its generated text} for every page of `docs` (default docs/) that differs from
    what is generated."""
    docs = DOCS if docs is None else docs
    out = {}
    for name, generate in _pages().items():
        path = docs / name
        text = path.read_text(encoding="utf-8")
        new = generate(text)
        if new != text:
            out[name] = new
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args not in (["--check"], ["--write"]):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    pages = stale()
    if args == ["--write"]:
        for name, text in pages.items():
            (DOCS / name).write_text(text, encoding="utf-8")
            print(f"wrote docs/{name}")
        return 0
    for name in pages:
        print(f"docs/{name} is stale: run python -m finsam_xl.docs --write")
    return 1 if pages else 0


if __name__ == "__main__":
    sys.exit(main())
