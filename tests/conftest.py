"""Shared fixtures. Every test is hermetic: it runs in an empty folder of its own (so a
`plan.xlsx`, an `inbox/` or a `templates/` where pytest was started is never seen), with
no `FINSAM_XL_*` variable and no `SOURCE_DATE_EPOCH` from the caller's environment. A test
that wants them sets them itself (monkeypatch). Module- and session-scoped fixtures get the
same: the whole session runs in an empty folder with a clean environment first.

Helpers shared by several test modules live in tests/support/ (no test module imports
another)."""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from support.paths import CORPUS, REPO, SEEDS, SHARED, SHARED_CORPUS, SHARED_SEEDS  # noqa: E402,F401

# The variables of the caller's environment that would change what a command does.
ISOLATED_PREFIXES = ("FINSAM_XL_",)
ISOLATED_NAMES = ("SOURCE_DATE_EPOCH",)


def _isolated_names() -> list[str]:
    return [name for name in os.environ
            if name in ISOLATED_NAMES or name.startswith(ISOLATED_PREFIXES)]


@pytest.fixture(scope="session", autouse=True)
def _hermetic_session(tmp_path_factory):
    """The session (module- and session-scoped fixtures included) in an empty folder, with
    the caller's FINSAM_XL_* and SOURCE_DATE_EPOCH removed."""
    with pytest.MonkeyPatch.context() as mp:
        for name in _isolated_names():
            mp.delenv(name)
        mp.chdir(tmp_path_factory.mktemp("cwd"))
        yield


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch, tmp_path):
    """Each test in its own empty working folder (its tmp_path), with a clean environment."""
    for name in _isolated_names():
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """The running test, known to support/lo.py from before its fixtures are set up (a
    module-scoped fixture that starts LibreOffice is set up for the first test needing it)."""
    from support import lo

    lo.CURRENT = item
    try:
        return (yield)
    finally:
        lo.CURRENT = None


def pytest_collection_modifyitems(config, items):
    """Tests that start LibreOffice carry the `libreoffice` marker (by their fixtures or
    module), so `-m "not libreoffice"` gives a fast inner loop; CI runs everything."""
    for item in items:
        if "soffice" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.libreoffice)


@pytest.fixture
def soffice():
    from support.lo import require_soffice

    return require_soffice()
