"""`templates`: one template per insats active in P, the start cells prefilled from the inbox
gathered once (`template.prefill_for` over the run's own result)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import messages as M
from ..errors import FinsamError
from ..model import Plan, Plans
from ..periods import year_month
from ..plan.select import PlanPaths, resolve_plans
from ..usage import checked_period


@dataclass(frozen=True)
class TemplatesRun:
    """The templates written (in plan order, with their insats ids) and what prefilled them."""

    plan: Plan
    period: str
    paths: list[Path]
    insats_ids: list[str]
    prefill: dict  # insats id -> template.Prefill


def run_templates(plan_file: PlanPaths | Plans, period: str, outdir: Path,
                  inbox: Path | None, force: bool) -> TemplatesRun:
    """The `templates` command's work (`plan_file`: the plans, or where to find them; P's
    plan writes the templates): `inbox` (default `inbox/` when it exists) gives the prefill,
    January's from December's report when the previous year's plan is given;
    FinsamError / PeriodError when it cannot be done."""
    from ..template import as_cells, default_inbox, prefill_for, write_templates
    from .gather import gather

    plans = plan_file if isinstance(plan_file, Plans) else resolve_plans(plan_file)
    period = checked_period(period, plans.years)
    plan = plans.for_period(period) or plans.latest  # checked: the period's year has a plan
    inbox = default_inbox(inbox)
    if inbox is not None and not inbox.is_dir():
        raise FinsamError(M.CLI_TEMPLATES_NO_INBOX.format(inbox=inbox))
    result = gather(inbox, plans, period) if inbox is not None else None
    prefill = prefill_for(plan, period, result)
    paths = write_templates(plan, period, outdir, as_cells(prefill), force=force)
    ids = [i.id for i in plan.active_insatser(year_month(period)[1])]
    return TemplatesRun(plan, period, paths, ids, prefill)
