"""Running the commands over an inbox: the inbox listed (`scan`), each file read and
validated (`read`), many in parallel (`pool`), the batch rules and the used submission per
insats and month (`gather`), the run's clock and default period (`period`), the outbox's
lock and the outputs put in place together (`outbox`, `summary`), and the flows of
`collect` and `remind` (`collect`, `remind`). The library returns data; the CLI prints it
(`console.py`)."""

from .collect import CollectRun, collect, run_collect
from .gather import build_result, check_files, gather
from .outbox import Lock, Outputs, check_boxes
from .period import default_period, now
from .read import read_one
from .remind import RemindRun, run_remind
from .scan import scan_inbox, shown

__all__ = ["CollectRun", "Lock", "Outputs", "RemindRun", "build_result", "check_boxes",
           "check_files", "collect", "default_period", "gather", "now", "read_one",
           "run_collect", "run_remind", "scan_inbox", "shown"]
