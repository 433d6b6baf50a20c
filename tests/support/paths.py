"""Where the repository's test data is."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
SHARED = REPO.parent / "shared"
# The seed documents (the four förbund's plans), copied like the corpus below.
SEEDS = REPO / "tests" / "seeds"
SHARED_SEEDS = SHARED / "seeds"
# The odd and broken spreadsheets of ../shared/corpus, copied into the repository so that the
# tests run from a clone alone; test_corpus checks the copy against ../shared when it is there.
CORPUS = REPO / "tests" / "corpus"
SHARED_CORPUS = SHARED / "corpus"


def child_env(**extra: str) -> dict:
    """The environment for a child Python process of a test: the caller's (already made
    hermetic by conftest.py), with the repository importable even when it is not installed."""
    import os

    env = dict(os.environ, **extra)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env
