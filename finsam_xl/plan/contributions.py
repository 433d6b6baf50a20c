"""Member contributions: a municipality's population share (`andel`), each member's
contribution for a year (`bidrag`, rounded half to even as seed 000 does), and the same
computations as the Medlemmar sheet's formulas (`member_formulas`). docs/plan.md explains
the formulas.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from ..model import Member, Plan
from .schema import MEDLEMMAR


def andel(member: Member, plan: Plan) -> Decimal | None:
    """A municipality's population share in percent, rounded to one decimal (half up, as
    Excel's ROUND). None when the plan gives no population."""
    if member.typ != "kommun" or member.befolkning is None:
        return None
    total = sum(m.befolkning or 0 for m in plan.medlemmar if m.typ == "kommun")
    if not total:
        return None
    share = Decimal(member.befolkning) * 100 / Decimal(total)
    return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def bidrag(member: Member, plan: Plan, year: int) -> int | None:
    """The member's contribution for `year`: the explicit amount where the plan gives one,
    else the state's half, the region's quarter, or the municipality's quarter x andel / 100
    rounded half to even (seed 000: Mjölby 2023 851 516.5 -> 851 516)."""
    if year in member.bidrag:
        return member.bidrag[year]
    total = plan.tilldelning.get(year)
    if total is None:
        return None
    if member.typ == "stat":
        return int((Decimal(total) / 2).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
    if member.typ == "region":
        return int((Decimal(total) / 4).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
    a = andel(member, plan)
    if a is None:
        return None
    return int((Decimal(total) / 4 * a / 100).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def _half_even_div_formula(p: str, d: int) -> str:
    """Excel formula for the whole number p/d rounded half to even, for an integer-valued
    expression p and an even divisor d; exact in floating point (p is an integer, MOD exact).
    A half occurs when MOD(p, d) = d/2; the lower neighbour is even when MOD(p, 2d) = d/2."""
    h = d // 2
    return f"IF(MOD({p},{2 * d})={h},({p}-{h})/{d},ROUND({p}/{d},0))"


def member_formulas(plan: Plan) -> dict[tuple[int, int], tuple[str, object]]:
    """The Medlemmar sheet's formula cells: {(col, row): (formula, cached value)} (0-based,
    as xlsxwriter counts). The cached value is Python's own computation (`andel`, `bidrag`)."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    out: dict[tuple[int, int], tuple[str, object]] = {}
    c_typ, c_bef, c_andel = (MEDLEMMAR.index(n) for n in ("typ", "befolkning", "andel"))
    first = MEDLEMMAR.first_row  # header, then the allocation row, then the members
    last = first + len(plan.medlemmar) - 1

    def column(c: int) -> str:  # '$B$3:$B$9', the members' cells of column c
        return (f"{xl_rowcol_to_cell(first, c, True, True)}:"
                f"{xl_rowcol_to_cell(last, c, True, True)}")

    for i, m in enumerate(plan.medlemmar):
        r = first + i
        a = andel(m, plan)
        if a is not None:
            out[(c_andel, r)] = (
                f"=ROUND({xl_rowcol_to_cell(r, c_bef)}/SUMIF({column(c_typ)},\"kommun\","
                f"{column(c_bef)})*100,1)", float(a))
        share10 = f"ROUND({xl_rowcol_to_cell(r, c_andel, col_abs=True)}*10,0)"
        for j, year in enumerate(plan.medlemmar_ar):
            value = None if year in m.bidrag else bidrag(m, plan, year)
            if value is None:
                continue
            c = len(MEDLEMMAR.columns) + j
            total = xl_rowcol_to_cell(first - 1, c, row_abs=True)  # the year's allocation
            if m.typ == "stat":
                f = _half_even_div_formula(total, 2)
            elif m.typ == "region":
                f = _half_even_div_formula(total, 4)
            else:
                # kommun: total/4 * andel/100 = total * (andel*10) / 4000, andel*10 an integer
                f = _half_even_div_formula(f"{total}*{share10}", 4000)
            out[(c, r)] = ("=" + f, value)
    return out
