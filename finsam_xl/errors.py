"""Exceptions the library raises for the CLI to turn into a clean Swedish message.

`cli.py` catches `FinsamError` in one place and turns it into `click.ClickException`; any
other exception is caught there too and reported without a traceback.
"""


class FinsamError(Exception):
    """A command could not do its job. `str(exc)` is a Swedish sentence for the user."""


class PeriodError(FinsamError):
    """--period is malformed or outside the plan year: a usage error (exit 2) for the CLI,
    in every command that takes --period."""
