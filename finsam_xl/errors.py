"""Exceptions the library raises for the CLI to turn into a clean Swedish message, and the
Swedish text of an operating-system error.

`cli.py` catches `FinsamError` in one place and turns it into `click.ClickException`; any
other exception is caught there too and reported without a traceback.
"""

import errno


class FinsamError(Exception):
    """A command could not do its job. `str(exc)` is a Swedish sentence for the user."""


class PeriodError(FinsamError):
    """--period is malformed or outside the plan year: a usage error (exit 2) for the CLI,
    in every command that takes --period."""


class PlanYearError(FinsamError):
    """Two plans for the same year (two --plan, or plan.xlsx and plan-ÅÅÅÅ.xlsx): a usage
    error (exit 2) for the CLI, in every command that reads plans."""


def os_error_text(exc: BaseException) -> str:
    """A Swedish reason, with the right hint, for an operating-system error (permission
    denied, read-only file system, disk full, is a directory, file exists, ...): never the
    system's English text. An exception wrapping an OSError (xlsxwriter's FileCreateError)
    is unwrapped."""
    from . import messages as M

    if not isinstance(exc, OSError):
        inner = next((a for a in getattr(exc, "args", ()) if isinstance(a, OSError)), None)
        if inner is None:
            return M.OS_ERROR_OTHER.format(kod=type(exc).__name__)
        exc = inner
    code = errno.errorcode.get(exc.errno or 0)
    text = M.OS_ERROR.get(code or "")
    return text if text is not None else M.OS_ERROR_OTHER.format(kod=code or exc.errno or "?")
