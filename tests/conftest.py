import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
# The seed documents (the four förbund's plans), copied like the corpus below.
SEEDS = REPO / "tests" / "seeds"
SHARED_SEEDS = SHARED / "seeds"
# The odd and broken spreadsheets of ../shared/corpus, copied into the repository so that the
# tests run from a clone alone; test_corpus checks the copy against ../shared when it is there.
CORPUS = REPO / "tests" / "corpus"
SHARED_CORPUS = SHARED / "corpus"


@pytest.fixture
def soffice():
    from lo import require_soffice

    return require_soffice()
