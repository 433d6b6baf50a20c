"""Every line a command prints, built from what the library returns (the CLI layer prints
them; the library never prints). One function per kind of output: the one line per file
(`file_line`, shared by `collect` and `check`), `check`'s listing, collect's summary, the
status table, remind's and templates' lines, and the demo's. Standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import messages as M
from .findings import short_text
from .model import ACCEPTED, IGNORED, REJECTED, SUPERSEDED, CollectResult, FileReport, Plans
from .periods import year_month
from .plan.select import described
from .verdicts import counts, later, later_count, merged_copy

if TYPE_CHECKING:
    from .demo import DemoInbox
    from .run import CollectRun, RemindRun
    from .status import StatusGrid
    from .template import Prefill


# ----------------------------------------------------------------------------- plans


def plan_lines(plans: Plans) -> list[str]:
    """Which plan (name, year and file) a command works with; several, one per year."""
    return [M.plural(M.PLAN_LINE, len(plans.plans)).format(planer=described(plans))]


def other_year_lines(result: CollectResult) -> list[str]:
    """How many files were ignored as of a year without a plan, and how to have them judged."""
    n = sum(1 for r in result.reports if r.other_year is not None)
    if not n:
        return []
    return [M.plural(M.COL_OTHER_YEARS_NOTE, n).format(n=n, ar=M.and_list(result.other_years))]


# ----------------------------------------------------------------------------- files


def file_line(report: FileReport, period: str | None = None) -> str:
    """The one Swedish line for a file: godkänd / underkänd (first reason) / ignorerad
    (reason) / ersatt, or inte granskad (a bug in finsam-xl). With `period` (the chosen P),
    an accepted file for a later month says that it is not counted this time."""
    fil = report.file
    if report.ignored_reason is not None:
        return M.COL_LINE_IGNORED.format(fil=fil, orsak=report.ignored_reason)
    if report.program_error is not None:
        return M.READ_LINE_INTERNAL_ERROR.format(fil=fil, orsak=short_text(report.errors[0]))
    errors = report.errors
    if errors and report.superseded_by is not None:
        return M.COL_LINE_CORRECTED.format(fil=fil, anvand=report.superseded_by,
                                           forsta=short_text(errors[0]))
    if errors:
        if len(errors) == 1:
            return M.COL_LINE_REJECTED.format(fil=fil, forsta=short_text(errors[0]))
        return M.COL_LINE_REJECTED_MORE.format(fil=fil, forsta=short_text(errors[0]),
                                               n=len(errors) - 1)
    if report.superseded_by is not None:
        if merged_copy(report):
            return M.COL_LINE_COPY.format(fil=fil, anvand=report.superseded_by)
        return M.COL_LINE_SUPERSEDED.format(fil=fil, anvand=report.superseded_by)
    month = later(report, period)
    if month is not None:
        return M.COL_LINE_LATER.format(fil=fil, period=month, valt=period)
    warnings = report.warnings
    if warnings:
        return M.plural(M.COL_LINE_ACCEPTED_WARN, len(warnings)).format(
            fil=fil, n=len(warnings), forsta=short_text(warnings[0]))
    return M.COL_LINE_ACCEPTED.format(fil=fil)


def report_text(report: FileReport, period: str | None = None) -> str:
    """For `check`: the line, then every finding as a full sentence."""
    lines = [file_line(report, period)]
    for f in report.findings:
        tpl = M.COL_FINDING_ERROR if f.severity == "error" else M.COL_FINDING_WARNING
        lines.append(tpl.format(text=f.message))
    return "\n".join(lines)



def file_lines(result: CollectResult) -> list[str]:
    """The one line of every file of a run, in path order."""
    return [file_line(r, result.period or None) for r in result.reports]


# ----------------------------------------------------------------------------- collect


def period_lines(result: CollectResult, given: bool) -> list[str]:
    """How P was chosen, and why each later month with accepted reports was passed over."""
    if given or result.choice is None:
        return [M.COL_PERIOD_GIVEN.format(period=result.period)]
    c = result.choice.chosen
    rule = (M.COL_PERIOD_HALF if c.half else M.COL_PERIOD_MOST if c.ended
            else M.plural(M.COL_PERIOD_NONE_ENDED, c.active))
    lines = [rule.format(period=c.period, k=c.reported, n=c.active)]
    for m in result.choice.passed_over:
        why = M.plural(M.COL_PASSED_NOT_ENDED, m.active) if not m.ended else M.COL_PASSED_FEW
        lines.append(why.format(period=m.period, k=m.reported, n=m.active))
    return lines


def collect_lines(run: CollectRun) -> list[str]:
    """What collect prints after the file lines: the counts, how P was chosen, files for
    later months, and where the outputs are."""
    result, outputs = run.result, run.outputs
    c = counts(result)
    lines = ["", M.COL_SUMMARY.format(lasta=len(result.reports), godkanda=c[ACCEPTED],
                                      underkanda=c[REJECTED], ignorerade=c[IGNORED],
                                      ersatta=c[SUPERSEDED], varningar=c["warnings"])]
    lines += period_lines(result, given=run.period_given)
    lines += other_year_lines(result)
    n_later = later_count(result)
    if n_later:
        lines.append(M.plural(M.COL_LATER_NOT_COUNTED, n_later).format(n=n_later,
                                                                        period=result.period))
    lines.append(M.COL_WORKBOOK.format(path=outputs.workbook))
    if outputs.feedback:
        n = len(outputs.feedback)
        lines.append(M.plural(M.COL_FEEDBACK, n).format(n=n, path=outputs.feedback_dir))
    else:
        lines.append(M.COL_FEEDBACK_NONE)
    if outputs.marked:
        lines.append(M.COL_MARKED.format(n=len(outputs.marked), path=outputs.feedback_dir))
    for fil, kind in outputs.mark_failed:
        lines.append(M.COL_MARK_FAILED.format(fil=fil, kind=kind))
    return lines


# ----------------------------------------------------------------------------- status

ID_WIDTH = 24  # longest insats id of the examples ("forsteg-skanninge-mjolby")
CELL_WIDTH = 5  # " 100": rates are whole percent, the headers say "%"
RATE_WIDTH = 9  # "  Andel %"
WIDTH = 100
MAX_ID_WIDTH = WIDTH - 12 * CELL_WIDTH - RATE_WIDTH  # a longer id is shortened in the table


def _pct(rate: float | None) -> str:
    """Whole percent, halves rounded up (as Excel's ROUND); '–' when nothing was due."""
    from .status import INACTIVE

    return INACTIVE if rate is None else str(math.floor(rate * 100 + 0.5))


def status_lines(grid: StatusGrid | None, inbox: Path) -> list[str]:
    """The terminal table, legend and owed list, as lines of at most WIDTH characters (one
    line when nothing was accepted)."""
    if grid is None:
        return [M.STATUS_EMPTY.format(inbox=inbox)]
    plan = grid.plan
    _, last = year_month(grid.period)
    marks = grid.marks
    id_w = min(MAX_ID_WIDTH, max([ID_WIDTH, len(M.STATUS_ROW_RATE)] + [len(i) for i in marks]))

    def label(insats_id: str) -> str:
        if len(insats_id) > id_w:
            insats_id = insats_id[:id_w - 1] + "…"
        return insats_id.ljust(id_w)

    title = M.STATUS_TITLE_JANUARY.format(forbund=plan.namn, ar=plan.ar) if last == 1 else \
        M.STATUS_TITLE.format(forbund=plan.namn, manad=M.MANADER[last - 1], ar=plan.ar)
    lines = [title, M.STATUS_INBOX.format(inbox=inbox), M.STATUS_LEGEND, ""]
    head = M.STATUS_COL_INSATS.ljust(id_w) + "".join(
        M.MANADER_KORT[m - 1].rjust(CELL_WIDTH) for m in grid.months)
    lines.append(head + M.STATUS_COL_RATE.rjust(RATE_WIDTH))
    for insats_id, row in marks.items():
        cells = "".join(row[m].rjust(CELL_WIDTH) for m in grid.months)
        lines.append(label(insats_id) + cells
                     + _pct(grid.insats_rate(insats_id)).rjust(RATE_WIDTH))
    lines.append(M.STATUS_ROW_RATE.ljust(id_w) + "".join(
        _pct(grid.month_rate(m)).rjust(CELL_WIDTH) for m in grid.months))
    lines += ["", *_owed_lines(grid, id_w, last)]
    return [line.rstrip() for line in lines]


def _owed_lines(grid: StatusGrid, id_w: int, last: int) -> list[str]:
    plan = grid.plan
    owed = grid.owed()
    if not owed:
        return [M.STATUS_OWED_NONE.format(manad=M.MANADER[last - 1], ar=plan.ar)]
    lines = [M.STATUS_OWED_HEAD]
    for insats_id, months in owed:
        parts = [M.STATUS_OWED_REJECTED.format(manad=M.MANADER_KORT[m - 1]) if bad
                 else M.MANADER_KORT[m - 1] for m, bad in months]
        lines.append("  " + insats_id.ljust(id_w) + " " + ", ".join(parts))
    return lines + ["", M.STATUS_REMIND.format(manad=M.MANADER[last - 1], ar=plan.ar,
                                               period=grid.period)]


# ----------------------------------------------------------------------------- remind


def remind_lines(run: RemindRun) -> list[str]:
    """One line per draft, the insatser without an address, and where the drafts are."""
    manad = M.month_text(run.result.period)
    if not run.reminders:
        return [M.REM_NONE.format(manad=manad)]
    lines = []
    for r, path in zip(run.reminders, run.paths, strict=True):
        line = M.REM_LINE_REJECTED if r.rejected else M.REM_LINE_MISSING
        lines.append(line.format(path=path, till=r.message["To"] or M.REM_NO_RECIPIENT))
    no_address = [r.insats.id for r in run.reminders if r.message["To"] is None]
    if no_address:
        lines.append(M.REM_NO_ADDRESS.format(ids=", ".join(no_address)))
    lines.append(M.plural(M.REM_DONE, len(run.paths)).format(n=len(run.paths), manad=manad,
                                                             path=run.folder))
    return lines


# ----------------------------------------------------------------------------- templates


def templates_lines(paths: Sequence[Path], prefill: dict[str, Prefill], insats_ids: Sequence[str],
                    period: str, outdir: Path) -> list[str]:
    """One line per template written (naming the report a prefilled one starts from), then
    how many."""
    lines = []
    for path, insats_id in zip(paths, insats_ids, strict=True):
        source = prefill.get(insats_id)
        lines.append(M.CLI_TEMPLATE_PREFILLED.format(path=path, fil=source.source,
                                                     period=source.period)
                     if source else M.CLI_TEMPLATE_WRITTEN.format(path=path))
    lines.append(M.plural(M.CLI_TEMPLATES_DONE, len(paths)).format(n=len(paths), period=period,
                                                                  outdir=outdir))
    return lines


# ----------------------------------------------------------------------------- demo


def demo_intro_lines(demo: DemoInbox) -> list[str]:
    """What the demo wrote, before collect's lines."""
    from .demo import DEMO_MONTHS

    lines = [M.DEMO_PLAN_NOTE.format(plan=demo.plan_note)] if demo.plan_note else []
    lines.append(M.plural(M.DEMO_WROTE, len(demo.files)).format(
        forbund=demo.plan.namn, ar=demo.plan.ar, n=len(demo.files), inbox=demo.inbox,
        fran=M.MANADER[DEMO_MONTHS[0] - 1], till=M.MANADER[DEMO_MONTHS[-1] - 1],
        nya=M.plural(M.DEMO_NEW, demo.written).format(n=demo.written),
        fanns=len(demo.files) - demo.written))
    return lines + [""]


def demo_guide_lines(demo: DemoInbox, run: CollectRun) -> list[str]:
    """What to look at, after collect's summary."""
    warning = next(f for f in demo.files if f.kind == "warning")
    bad = next(f for f in demo.files if f.kind == "rejected")
    lines = ["", M.DEMO_GUIDE_HEAD]
    for line in M.DEMO_GUIDE:
        lines.append(line.format(workbook=run.outputs.workbook,
                                 feedback=run.outputs.feedback_dir, rejected=bad.name,
                                 warning=warning.name))
    return lines
