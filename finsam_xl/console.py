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
from .model import ACCEPTED, IGNORED, REJECTED, SUPERSEDED, CollectResult, FileReport, Plan, Plans
from .periods import deadline, has_ended, past_deadline, year_month
from .plan.select import described
from .verdicts import counts, later, later_count, merged_copy

if TYPE_CHECKING:
    from .demo import DemoInbox
    from .run import CollectRun, RemindRun
    from .run.outbox import Outputs
    from .run.utskick import UtskickRun
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


def period_lines(result: CollectResult, given: bool, demo: bool = False) -> list[str]:
    """How P was chosen (given with --period, chosen by the rule, or the demo's last month),
    why each later month with accepted reports was passed over, and that a given month has
    not ended yet."""
    if demo:
        lines = [M.COL_PERIOD_DEMO.format(period=result.period)]
    elif given or result.choice is None:
        lines = [M.COL_PERIOD_GIVEN.format(period=result.period)]
    else:
        c = result.choice.chosen
        rule = (M.COL_PERIOD_HALF if c.half else M.COL_PERIOD_MOST if c.ended
                else M.plural(M.COL_PERIOD_NONE_ENDED, c.active))
        lines = [rule.format(period=c.period, k=c.reported, n=c.active)]
        for m in result.choice.passed_over:
            why = M.plural(M.COL_PASSED_NOT_ENDED, m.active) if not m.ended \
                else M.COL_PASSED_FEW
            lines.append(why.format(period=m.period, k=m.reported, n=m.active))
    if (given or demo) and not _ended(result):
        lines.append(M.COL_PERIOD_NOT_ENDED.format(
            manad=M.month_text(result.period),
            frist=M.date_text(deadline(result.period, result.plan.rapportfrist_dag))))
    return lines


def _ended(result: CollectResult) -> bool:
    """P had ended (Swedish time) when the run started."""
    return has_ended(result.period, result.written_at)


def collect_lines(run: CollectRun, demo: bool = False) -> list[str]:
    """What collect prints after the file lines: the counts, how P was chosen, files for
    later months, where the outputs are, which letters are new, the drafts no longer
    needed, the insatser still missing for P and where to go next. `demo`: the demo's run
    (its period is the demo's last month, not one given with --period)."""
    result, outputs = run.result, run.outputs
    c = counts(result)
    lines = ["", M.COL_SUMMARY.format(lasta=len(result.reports), godkanda=c[ACCEPTED],
                                      underkanda=c[REJECTED], ignorerade=c[IGNORED],
                                      ersatta=c[SUPERSEDED], varningar=c["warnings"])]
    lines += period_lines(result, given=run.period_given, demo=demo)
    lines += other_year_lines(result)
    n_later = later_count(result)
    if n_later:
        lines.append(M.plural(M.COL_LATER_NOT_COUNTED, n_later).format(n=n_later,
                                                                        period=result.period))
    lines.append(M.COL_WORKBOOK.format(path=outputs.workbook))
    if outputs.published is not None:
        lines.append(M.WB_PUB_WRITTEN.format(path=outputs.published))
    if outputs.feedback:
        n = len(outputs.feedback)
        lines.append(M.plural(M.COL_FEEDBACK, n).format(n=n, path=outputs.feedback_dir))
    else:
        lines.append(M.COL_FEEDBACK_NONE)
    if outputs.marked:
        lines.append(M.COL_MARKED.format(n=len(outputs.marked), path=outputs.feedback_dir))
    for f in outputs.failed:
        fel = f.reason if f.reason is not None else M.COL_OUTPUT_BUG.format(kind=f.bug)
        lines.append(M.COL_OUTPUT_FAILED[f.what].format(fil=f.file, fel=fel))
    return lines + letter_lines(outputs) + next_lines(result)


def letter_lines(outputs: Outputs) -> list[str]:
    """The letters new or changed since the previous run, each as its draft and recipient;
    the letters and drafts that are no longer needed."""
    lines = []
    new = [x for x in outputs.letters if x.new]
    if new:
        lines.append(M.plural(M.COL_NEW_LETTERS, len(new)).format(n=len(new)))
        lines += [M.COL_NEW_LETTER.format(path=outputs.feedback_dir / x.draft,
                                          till=_recipient_text(x.to, x.epost, x.insats))
                  if x.draft is not None else
                  M.COL_NEW_LETTER.format(path=outputs.feedback_dir / x.letter,
                                          till=M.DRAFT_NONE)
                  for x in new]
        if any(x.to is None and x.draft is not None for x in new):
            lines.append(M.DRAFTS_NO_TO)
    elif outputs.letters:
        lines.append(M.COL_NO_NEW_LETTERS)
    gone = [p.name for p in outputs.removed if p.suffix == ".txt"]
    if gone:
        lines.append(M.COL_LETTERS_GONE.format(n=len(gone), filer=", ".join(gone)))
    if outputs.drafts_removed:
        n = len(outputs.drafts_removed)
        lines.append(M.COL_DRAFTS_GONE.format(
            n=n, filer=", ".join(str(p) for p in outputs.drafts_removed)))
    return lines


def _recipient_text(to: str | None, epost: str | None, insats: str | None) -> str:
    """'till Namn <adress>', or why a draft has no recipient."""
    if to:
        return M.DRAFT_TO.format(till=to)
    if epost:
        return M.DRAFT_TO_INVALID.format(adress=epost)
    return M.DRAFT_TO_MISSING if insats is not None else M.DRAFT_TO_UNKNOWN


def next_lines(result: CollectResult) -> list[str]:
    """The insatser still without an accepted report for P (by name), and where to go next:
    `status` and `remind`."""
    from .grid import not_reported

    plan, period = result.plan, result.period
    missing = not_reported(result, period)
    manad = M.month_text(period)
    if not missing:
        n = len(plan.active_insatser(year_month(period)[1]))
        return [M.plural(M.COL_ALL_IN, n).format(n=n, manad=manad), M.COL_SEE_STATUS]
    names = ", ".join(M.COL_MISSING_REJECTED.format(namn=_namn(plan, i)) if bad
                      else _namn(plan, i) for i, bad in missing)
    head = M.COL_MISSING if _ended(result) else M.COL_MISSING_NOT_ENDED
    return [head.format(manad=manad, n=len(missing), insatser=names),
            M.COL_SEE_STATUS_REMIND.format(period=period)]


def _namn(plan: Plan, insats_id: str) -> str:
    insats = plan.insats(insats_id)
    return insats.namn if insats is not None else insats_id


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
    line when nothing was accepted). Insatser by name (shortened to fit the table), months
    by their Swedish names."""
    from .status import NOT_ENDED

    if grid is None:
        return [M.STATUS_EMPTY.format(inbox=inbox)]
    plan = grid.plan
    _, last = year_month(grid.period)
    marks = grid.marks
    names = {i: ins.namn if (ins := plan.insats(i)) is not None else i for i in marks}
    id_w = min(MAX_ID_WIDTH, max([ID_WIDTH, len(M.STATUS_ROW_RATE)]
                                 + [len(n) for n in names.values()]))

    def label(insats_id: str) -> str:
        name = names[insats_id]
        if len(name) > id_w:
            name = name[:id_w - 1] + "…"
        return name.ljust(id_w)

    title = M.STATUS_TITLE_ONE if last == 1 else M.STATUS_TITLE
    open_months = any(NOT_ENDED in row.values() for row in marks.values())
    lines = [title.format(forbund=plan.namn, manad=M.MANADER[last - 1], ar=plan.ar),
             M.STATUS_INBOX.format(inbox=inbox),
             M.STATUS_LEGEND_OPEN if open_months else M.STATUS_LEGEND, ""]
    head = M.STATUS_COL_INSATS.ljust(id_w) + "".join(
        M.MANADER_KORT[m - 1].rjust(CELL_WIDTH) for m in grid.months)
    lines.append(head + M.STATUS_COL_RATE.rjust(RATE_WIDTH))
    for insats_id, row in marks.items():
        cells = "".join(row[m].rjust(CELL_WIDTH) for m in grid.months)
        lines.append(label(insats_id) + cells
                     + _pct(grid.insats_rate(insats_id)).rjust(RATE_WIDTH))
    lines.append(M.STATUS_ROW_RATE.ljust(id_w) + "".join(
        _pct(grid.month_rate(m)).rjust(CELL_WIDTH) for m in grid.months))
    lines += ["", *_owed_lines(grid, names, id_w, last, open_months)]
    return [line.rstrip() for line in lines]


def _owed_lines(grid: StatusGrid, names: dict[str, str], id_w: int, last: int,
                open_months: bool) -> list[str]:
    plan = grid.plan
    owed = grid.owed()
    if not owed:
        if open_months:
            return [M.STATUS_OWED_NONE_OPEN]
        return [M.STATUS_OWED_NONE.format(manad=M.MANADER[last - 1], ar=plan.ar)]
    lines = [M.STATUS_OWED_HEAD]
    for insats_id, months in owed:
        parts = [M.STATUS_OWED_REJECTED.format(manad=M.MANADER_KORT[m - 1]) if bad
                 else M.MANADER_KORT[m - 1] for m, bad in months]
        lines.append("  " + names[insats_id].ljust(id_w) + " " + ", ".join(parts))
    return lines + ["", M.STATUS_REMIND.format(manad=M.MANADER[last - 1], ar=plan.ar,
                                               period=grid.period)]


# ----------------------------------------------------------------------------- remind


def remind_lines(run: RemindRun) -> list[str]:
    """One line per draft, the insatser without an address or with an invalid one, when
    the deadline is (or was), and where the drafts are."""
    result = run.result
    manad = M.month_text(result.period)
    lines = [] if _ended(result) else [M.REM_NOT_ENDED.format(manad=manad,
                                                              period=result.period)]
    if not run.reminders:
        return lines + [M.REM_NONE.format(manad=manad)]
    for r, path in zip(run.reminders, run.paths, strict=True):
        line = M.REM_LINE_REJECTED if r.rejected else M.REM_LINE_MISSING
        lines.append(line.format(path=path, till=_recipient_text(r.message["To"], r.insats.epost,
                                                                 r.insats.id)))
    no_address = [r.insats.id for r in run.reminders
                  if r.message["To"] is None and not r.insats.epost]
    if no_address:
        lines.append(M.REM_NO_ADDRESS.format(ids=", ".join(no_address)))
    lines += [M.REM_BAD_ADDRESS.format(adress=r.insats.epost, id=r.insats.id)
              for r in run.reminders if r.message["To"] is None and r.insats.epost]
    frist = M.date_text(deadline(result.period, result.plan.rapportfrist_dag))
    late = past_deadline(result.period, result.plan.rapportfrist_dag, result.written_at)
    lines.append((M.REM_DEADLINE_PASSED if late else M.REM_DEADLINE_AHEAD).format(
        manad=manad, frist=frist))
    lines.append(M.plural(M.REM_DONE, len(run.paths)).format(n=len(run.paths), manad=manad,
                                                             path=run.folder))
    return lines


# ----------------------------------------------------------------------------- utskick


def utskick_lines(run: UtskickRun) -> list[str]:
    """How P was chosen, one line per draft (its recipient, the report its start cells come
    from), the drafts without a recipient, the deadline, and where the drafts are."""
    manad = M.month_text(run.period)
    lines = [M.COL_PERIOD_GIVEN.format(period=run.period) if run.period_given
             else M.UTS_PERIOD_DEFAULT.format(period=run.period, manad=manad)]
    for s, path in zip(run.sendings, run.paths, strict=True):
        till = _recipient_text(s.message["To"], s.insats.epost, s.insats.id)
        lines.append(M.UTS_LINE_PREFILLED.format(path=path, till=till, fil=s.source[0],
                                                 period=s.source[1])
                     if s.source is not None else M.UTS_LINE.format(path=path, till=till))
    if any(s.message["To"] is None for s in run.sendings):
        lines.append(M.DRAFTS_NO_TO)
    frist = M.date_text(deadline(run.period, run.plan.rapportfrist_dag))
    lines.append(M.UTS_DONE.format(n=len(run.paths), manad=manad, path=run.folder,
                                   frist=frist))
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
