"""The plan: the embedded examples (TOML text data), member contributions, and the plan
workbook (read, write, check). The rest of the code sees `model.Plan`, never cells.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from pathlib import Path

from . import messages as M
from .errors import FinsamError
from .contract import KATEGORIER
from .model import (ENHETER, ERROR, GALLER_GRUPPER, ID_RE, MALTYPER, MEDLEMSTYPER, NIVAER,
                    WARNING, BudgetRow, Finding, Goal, Insats, Member, Plan, parse_period,
                    period_str)

DEFAULT_EXAMPLE = "vastra-ostergotland-2025"
EXAMPLES = (
    "vastra-ostergotland-2025",
    "vastra-ostergotland-2024",
    "sodra-vanern-2022",
    "vastra-skaraborg-2019",
)
PLAN_FILENAME = "plan.xlsx"


class PlanError(FinsamError):
    """A plan cannot be loaded; the message is Swedish and names the file/sheet/cell."""


# ----------------------------------------------------------------------------- examples


def _opt(d: dict, key: str):
    v = d.get(key)
    return None if v in ("", None) else v


def plan_from_dict(data: dict) -> Plan:
    """Build a Plan from the TOML structure of `finsam_xl/examples/*.toml`."""
    f = data["forbund"]
    insatser = tuple(
        Insats(
            id=i["id"],
            namn=i["namn"],
            niva=i["niva"],
            enhet=i["enhet"],
            budgeterad_volym=_opt(i, "budgeterad_volym"),
            kostnadsstalle=_opt(i, "kostnadsstalle"),
            utforare=_opt(i, "utforare"),
            aktiv_fran=_opt(i, "aktiv_fran"),
            aktiv_till=_opt(i, "aktiv_till"),
            enkat=bool(i.get("enkat", False)),
            samordnare=_opt(i, "samordnare"),
            epost=_opt(i, "epost"),
        )
        for i in data.get("insats", [])
    )
    mal = tuple(
        Goal(
            id=g["id"],
            namn=g["namn"],
            galler=tuple(g["galler"]),
            typ=g["typ"],
            kategorier=tuple(g.get("kategorier", ())),
            min_andel=_opt(g, "min_andel"),
            min_antal=_opt(g, "min_antal"),
        )
        for g in data.get("mal", [])
    )
    b = data.get("budget", {})
    budget_ar = tuple(b.get("ar", ()))

    def by_year(values, years):
        return {y: (None if v in ("", None) else v) for y, v in zip(years, values)}

    budget = tuple(
        BudgetRow(r["kostnadsstalle"], r["namn"], by_year(r["belopp"], budget_ar))
        for r in b.get("rad", [])
    )
    angiven = {y: v for y, v in by_year(b.get("angiven_summa", ()), budget_ar).items()
               if v is not None}
    m = data.get("medlemmar", {})
    medlemmar_ar = tuple(m.get("ar", ()))
    tilldelning = {y: v for y, v in by_year(m.get("tilldelning", ()), medlemmar_ar).items()
                   if v is not None}
    medlemmar = tuple(
        Member(
            medlem=x["medlem"],
            typ=x["typ"],
            befolkning=_opt(x, "befolkning"),
            bidrag={y: v for y, v in by_year(x.get("bidrag", ()), medlemmar_ar).items()
                    if v is not None},
        )
        for x in m.get("medlem", [])
    )
    return Plan(
        namn=f["namn"],
        ar=int(f["ar"]),
        rapportfrist_dag=int(f.get("rapportfrist_dag", 10)),
        insatser=insatser,
        mal=mal,
        budget_ar=budget_ar,
        budget=budget,
        budget_angiven_summa=angiven,
        medlemmar_ar=medlemmar_ar,
        tilldelning=tilldelning,
        medlemmar=medlemmar,
    )


def load_example(name: str = DEFAULT_EXAMPLE) -> Plan:
    if name not in EXAMPLES:
        raise PlanError(M.PLAN_UNKNOWN_EXAMPLE.format(name=name, examples=", ".join(EXAMPLES)))
    import tomllib  # here: a plan workbook is read without them
    from importlib import resources

    text = resources.files("finsam_xl").joinpath("examples", f"{name}.toml").read_text("utf-8")
    return plan_from_dict(tomllib.loads(text))


# ----------------------------------------------------------------------------- contributions


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


# ----------------------------------------------------------------------------- resolution


def resolve_plan(path: str | Path | None = None, cwd: Path | None = None) -> Plan:
    """The plan a command uses: `path` if given; else `plan.xlsx` in the working folder if
    present; else the embedded default (SPEC section 2)."""
    if path is not None:
        return read_plan(Path(path))
    candidate = (cwd or Path.cwd()) / PLAN_FILENAME
    if candidate.exists():
        return read_plan(candidate)
    return load_example(DEFAULT_EXAMPLE)



# ----------------------------------------------------------------------------- workbook layout
# One layout for every plan (SPEC section 3). Row and column numbers below are 0-based, as
# xlsxwriter counts; cell names in findings are Excel's (A1).

# Literal spaces between the digit groups: Swedish thousands grouping in every locale
# ("# ##0" would group only the last three digits: 12882 000).
NUM_FORMAT = "# ### ### ##0"
MAX_PLAN_BYTES = 20 * 1024 * 1024  # a plan workbook is a few kB
MAX_PLAN_UNZIPPED = 200 * 1024 * 1024  # zip bombs
VALIDATION_ROWS = 500  # rows covered by the drop-down lists
FIRST_YEAR_COL = 4  # Medlemmar: medlem, typ, befolkning, andel, then one column per year
BUDGET_FIRST_YEAR_COL = 2  # Budget: kostnadsställe, namn, then one column per year


def _col(c: int) -> str:
    """0-based column index -> Excel letters."""
    name = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        name = chr(65 + r) + name
    return name


def _cell(c: int, r: int) -> str:
    """0-based (column, row) -> 'C5'."""
    return f"{_col(c)}{r + 1}"


def _half_even_div_formula(p: str, d: int) -> str:
    """Excel formula for the whole number p/d rounded half to even, for an integer-valued
    expression p and an even divisor d; exact in floating point (p is an integer, MOD exact).
    A half occurs when MOD(p, d) = d/2; the lower neighbour is even when MOD(p, 2d) = d/2."""
    h = d // 2
    return f"IF(MOD({p},{2 * d})={h},({p}-{h})/{d},ROUND({p}/{d},0))"


def member_formulas(plan: Plan) -> dict[tuple[int, int], tuple[str, object]]:
    """The Medlemmar sheet's formula cells: {(col, row): (formula, cached value)} (0-based).
    The cached value is Python's own computation (`andel`, `bidrag`)."""
    out: dict[tuple[int, int], tuple[str, object]] = {}
    first = 2  # header row 0, allocation row 1, members from row 2
    last = first + len(plan.medlemmar) - 1
    rng_typ = f"$B${first + 1}:$B${last + 1}"
    rng_bef = f"$C${first + 1}:$C${last + 1}"
    for i, m in enumerate(plan.medlemmar):
        r = first + i
        a = andel(m, plan)
        if a is not None:
            out[(3, r)] = (f'=ROUND(C{r + 1}/SUMIF({rng_typ},"kommun",{rng_bef})*100,1)',
                           float(a))
        for j, year in enumerate(plan.medlemmar_ar):
            if year in m.bidrag:
                continue
            value = bidrag(m, plan, year)
            if value is None:
                continue
            c = FIRST_YEAR_COL + j
            total = f"{_col(c)}$2"
            if m.typ == "stat":
                f = _half_even_div_formula(total, 2)
            elif m.typ == "region":
                f = _half_even_div_formula(total, 4)
            else:
                # kommun: total/4 * andel/100 = total * (andel*10) / 4000, andel*10 an integer
                f = _half_even_div_formula(f"{total}*ROUND($D{r + 1}*10,0)", 4000)
            out[(c, r)] = ("=" + f, value)
    return out


# ----------------------------------------------------------------------------- write


def write_plan(plan: Plan, path: str | Path) -> Path:
    """Write the plan workbook (SPEC section 3) atomically and deterministically: the same
    plan always gives the same bytes (document dates fixed to 1 January of the plan year)."""
    import xlsxwriter

    from .atomic import atomic_path

    path = Path(path)
    try:
        with atomic_path(path) as tmp:
            wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False,
                                                "strings_to_numbers": False,
                                                "strings_to_urls": False})
            _PlanWriter(wb, plan).write()
            wb.close()
    except Exception as exc:
        if not isinstance(exc, OSError) and not type(exc).__module__.startswith("xlsxwriter"):
            raise  # a bug, not the disk: reported as one (cli.FinsamGroup)
        from .errors import os_error_text  # xlsxwriter wraps OS errors in its own

        raise PlanError(M.PLAN_WRITE_FAILED.format(path=path, orsak=os_error_text(exc))) \
            from None
    return path


class _PlanWriter:
    def __init__(self, wb, plan: Plan):
        from datetime import datetime

        self.wb = wb
        self.plan = plan
        wb.set_properties({
            "title": M.PLAN_TITLE.format(namn=plan.namn, ar=plan.ar),
            "subject": M.PLAN_SUBJECT,
            "author": "finsam-xl",
            "created": datetime(plan.ar, 1, 1, 0, 0, 0),
        })
        base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
        self.f_head = wb.add_format({**base, "bold": True, "bg_color": "#DCE6F1",
                                     "bottom": 1, "text_wrap": True})
        self.f_text = wb.add_format({**base})
        self.f_key = wb.add_format({**base, "bold": True})
        self.f_int = wb.add_format({**base, "num_format": "0"})
        self.f_num = wb.add_format({**base, "num_format": NUM_FORMAT})
        self.f_pct = wb.add_format({**base, "num_format": "0 %"})
        self.f_input = wb.add_format({**base, "num_format": NUM_FORMAT, "bg_color": "#FFF2CC"})
        self.f_input_label = wb.add_format({**base, "bold": True, "bg_color": "#FFF2CC"})
        self.f_calc = wb.add_format({**base, "num_format": NUM_FORMAT, "bg_color": "#F2F2F2"})
        self.f_calc_andel = wb.add_format({**base, "num_format": "0.0", "bg_color": "#F2F2F2"})
        self.f_sum = wb.add_format({**base, "num_format": NUM_FORMAT, "bold": True, "top": 1,
                                    "bg_color": "#F2F2F2"})
        self.f_sum_andel = wb.add_format({**base, "num_format": "0.0", "bold": True, "top": 1,
                                          "bg_color": "#F2F2F2"})
        self.f_sum_label = wb.add_format({**base, "bold": True, "top": 1})

    def write(self) -> None:
        self._forbund()
        self._insatser()
        self._mal()
        self._budget()
        self._medlemmar()

    # -- helpers
    def _text(self, ws, r, c, value, fmt=None):
        if value not in (None, ""):
            ws.write_string(r, c, str(value), fmt or self.f_text)

    def _number(self, ws, r, c, value, fmt=None):
        if value is not None:
            ws.write_number(r, c, value, fmt or self.f_num)

    def _header(self, ws, names, widths):
        for c, (name, width) in enumerate(zip(names, widths)):
            ws.write_string(0, c, name, self.f_head)
            ws.set_column(c, c, width)
        # printable: landscape A4, one page wide, header row on every page
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)

    def _list(self, ws, c, values, first_row=1):
        ws.data_validation(first_row, c, VALIDATION_ROWS, c,
                           {"validate": "list", "source": list(values)})

    # -- sheets
    def _forbund(self):
        p = self.plan
        ws = self.wb.add_worksheet(M.PLAN_SHEET_FORBUND)
        self._header(ws, M.PLAN_FORBUND_HEADER, (18, 44, 80))
        keys = M.PLAN_FORBUND_KEYS
        values = (p.namn, p.ar, p.rapportfrist_dag)
        for i, (k, v) in enumerate(zip(keys, values)):
            ws.write_string(i + 1, 0, k, self.f_key)
            if isinstance(v, int):
                ws.write_number(i + 1, 1, v, self.f_int)
            else:
                ws.write_string(i + 1, 1, v, self.f_text)
            ws.write_string(i + 1, 2, M.PLAN_FORBUND_HELP[k], self.f_text)
        ws.freeze_panes(1, 0)

    def _insatser(self):
        ws = self.wb.add_worksheet(M.PLAN_SHEET_INSATSER)
        self._header(ws, M.PLAN_INSATSER_COLS + M.PLAN_INSATSER_OPTIONAL_COLS,
                     (28, 48, 10, 12, 18, 15, 34, 12, 12, 8, 24, 32))
        for r, i in enumerate(self.plan.insatser, start=1):
            self._text(ws, r, 0, i.id)
            self._text(ws, r, 1, i.namn)
            self._text(ws, r, 2, i.niva)
            self._text(ws, r, 3, i.enhet)
            self._number(ws, r, 4, i.budgeterad_volym)
            self._text(ws, r, 5, i.kostnadsstalle)
            self._text(ws, r, 6, i.utforare)
            self._text(ws, r, 7, i.aktiv_fran)
            self._text(ws, r, 8, i.aktiv_till)
            self._text(ws, r, 9, M.PLAN_JA if i.enkat else M.PLAN_NEJ)
            self._text(ws, r, 10, i.samordnare)
            self._text(ws, r, 11, i.epost)
        self._list(ws, 2, ("individ", "struktur"))
        self._list(ws, 3, ("deltagare", "möten", "kontakter"))
        self._list(ws, 9, (M.PLAN_JA, M.PLAN_NEJ))
        ws.data_validation(1, 4, VALIDATION_ROWS, 4,
                           {"validate": "integer", "criteria": ">=", "value": 0})
        ws.freeze_panes(1, 1)

    def _mal(self):
        ws = self.wb.add_worksheet(M.PLAN_SHEET_MAL)
        self._header(ws, M.PLAN_MAL_COLS, (26, 75, 30, 10, 34, 10, 10))
        for r, g in enumerate(self.plan.mal, start=1):
            self._text(ws, r, 0, g.id)
            self._text(ws, r, 1, g.namn)
            self._text(ws, r, 2, ", ".join(g.galler))
            self._text(ws, r, 3, g.typ)
            self._text(ws, r, 4, ", ".join(g.kategorier))
            self._number(ws, r, 5, g.min_andel, self.f_pct)
            self._number(ws, r, 6, g.min_antal, self.f_int)
        self._list(ws, 3, ("utfall", "enkät", "inskrivna"))
        ws.data_validation(1, 5, VALIDATION_ROWS, 5,
                           {"validate": "decimal", "criteria": "between", "minimum": 0,
                            "maximum": 1})
        ws.data_validation(1, 6, VALIDATION_ROWS, 6,
                           {"validate": "integer", "criteria": ">=", "value": 0})
        ws.freeze_panes(1, 1)

    def _budget(self):
        p = self.plan
        ws = self.wb.add_worksheet(M.PLAN_SHEET_BUDGET)
        years = p.budget_ar
        names = M.PLAN_BUDGET_COLS + tuple(M.PLAN_BUDGET_YEAR_COL.format(ar=y) for y in years)
        self._header(ws, names, (16, 52) + (15,) * len(years))
        for r, row in enumerate(p.budget, start=1):
            self._text(ws, r, 0, row.kostnadsstalle)
            self._text(ws, r, 1, row.namn)
            for j, y in enumerate(years):
                self._number(ws, r, BUDGET_FIRST_YEAR_COL + j, row.belopp.get(y))
        n = len(p.budget)
        r_sum, r_stated = n + 1, n + 2
        ws.write_string(r_sum, 0, M.PLAN_ROW_SUMMA, self.f_sum_label)
        ws.write_blank(r_sum, 1, None, self.f_sum_label)
        ws.write_string(r_stated, 0, M.PLAN_ROW_ANGIVEN_SUMMA, self.f_input_label)
        ws.write_blank(r_stated, 1, None, self.f_input_label)
        for j, y in enumerate(years):
            c = BUDGET_FIRST_YEAR_COL + j
            total = sum(row.belopp.get(y) or 0 for row in p.budget)
            formula = f"=SUM({_cell(c, 1)}:{_cell(c, n)})" if n else "=0"
            ws.write_formula(r_sum, c, formula, self.f_sum, total)
            stated = p.budget_angiven_summa.get(y)
            if stated is None:
                ws.write_blank(r_stated, c, None, self.f_input)
            else:
                ws.write_number(r_stated, c, stated, self.f_input)
        ws.freeze_panes(1, 2)

    def _medlemmar(self):
        p = self.plan
        ws = self.wb.add_worksheet(M.PLAN_SHEET_MEDLEMMAR)
        years = p.medlemmar_ar
        names = M.PLAN_MEDLEMMAR_COLS + tuple(
            M.PLAN_MEDLEMMAR_YEAR_COL.format(ar=y) for y in years)
        self._header(ws, names, (30, 10, 13, 9) + (15,) * len(years))
        ws.write_string(1, 0, M.PLAN_ROW_TILLDELNING, self.f_input_label)
        for c in (1, 2, 3):
            ws.write_blank(1, c, None, self.f_input_label)
        for j, y in enumerate(years):
            c = FIRST_YEAR_COL + j
            stated = p.tilldelning.get(y)
            if stated is None:
                ws.write_blank(1, c, None, self.f_input)
            else:
                ws.write_number(1, c, stated, self.f_input)
        formulas = member_formulas(p)
        for i, m in enumerate(p.medlemmar):
            r = 2 + i
            self._text(ws, r, 0, m.medlem)
            self._text(ws, r, 1, m.typ)
            self._number(ws, r, 2, m.befolkning)
            if (3, r) in formulas:
                f, v = formulas[(3, r)]
                ws.write_formula(r, 3, f, self.f_calc_andel, v)
            for j, y in enumerate(years):
                c = FIRST_YEAR_COL + j
                if y in m.bidrag:
                    ws.write_number(r, c, m.bidrag[y], self.f_num)
                elif (c, r) in formulas:
                    f, v = formulas[(c, r)]
                    ws.write_formula(r, c, f, self.f_calc, v)
        n = len(p.medlemmar)
        r_sum = 2 + n
        first, last = 2, 1 + n
        ws.write_string(r_sum, 0, M.PLAN_ROW_SUMMA, self.f_sum_label)
        ws.write_blank(r_sum, 1, None, self.f_sum_label)
        if any(m.befolkning is not None for m in p.medlemmar):
            ws.write_formula(r_sum, 2, f"=SUM({_cell(2, first)}:{_cell(2, last)})", self.f_sum,
                             sum(m.befolkning or 0 for m in p.medlemmar))
            andelar = [andel(m, p) for m in p.medlemmar]
            ws.write_formula(r_sum, 3, f"=SUM({_cell(3, first)}:{_cell(3, last)})",
                             self.f_sum_andel,
                             float(sum(a for a in andelar if a is not None)))
        else:
            ws.write_blank(r_sum, 2, None, self.f_sum_label)
            ws.write_blank(r_sum, 3, None, self.f_sum_label)
        for j, y in enumerate(years):
            c = FIRST_YEAR_COL + j
            total = sum(bidrag(m, p, y) or 0 for m in p.medlemmar)
            formula = f"=SUM({_cell(c, first)}:{_cell(c, last)})" if n else "=0"
            ws.write_formula(r_sum, c, formula, self.f_sum, total)
        self._list(ws, 1, ("stat", "region", "kommun"), first_row=2)
        ws.freeze_panes(2, 1)


# ----------------------------------------------------------------------------- read and check

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", " ": "_", "-": "_"})


_EPOST_RE = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]{2,}$")


def _norm(value) -> str:
    """Header/key text normalised for matching: lower case, no diacritics, '_' for spaces."""
    if value is None:
        return ""
    return " ".join(str(value).split()).lower().translate(_FOLD)


def _shown(value) -> str:
    """A cell value as text for a message."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _kr(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _whole(value) -> int | None | str:
    """Whole number >= 0 from a cell: int, None (empty), or the sentinel 'bad'."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "bad"
    if isinstance(value, int):
        return value if value >= 0 else "bad"
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else "bad"
    if isinstance(value, str):
        text = "".join(value.replace("\u00a0", " ").replace("\u202f", " ").split())
        if text.isdigit() and text.isascii():
            return int(text)
    return "bad"


def _share(value) -> float | None | str:
    """A share 0-1 from a cell: 0.6, '0,6', '60 %'; None when empty; 'bad' otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "bad"
    if isinstance(value, (int, float)):
        x = float(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", ".").replace(" ", "")
        pct = text.endswith("%")
        try:
            x = float(text.rstrip("%"))
        except ValueError:
            return "bad"
        if pct:
            x /= 100
    else:
        return "bad"
    if not 0 <= x <= 1:
        return "bad"
    return int(x) if isinstance(value, int) else x


def _period(value) -> str | None:
    """'YYYY-MM' from a cell (text, or a date Excel made of it); '' when empty; None when bad."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if isinstance(value, (datetime, date)):
        return period_str(value.year, value.month)
    if isinstance(value, str) and parse_period(value.strip()):
        return value.strip()
    return None


class _PlanReader:
    """Reads a plan workbook into a Plan, collecting findings instead of raising."""

    def __init__(self, path: Path, label: str, cached: bool = False):
        self.path = path
        self.label = label
        self.cached = cached  # also read the cached values (for plan check)
        self.values_wb = None
        # (member index, year) -> (cached value, cell) of a contribution formula
        self.member_cached: dict[tuple[int, int], tuple[object, str]] = {}
        self.findings: list[Finding] = []
        # cell positions for the consistency checks
        self.budget_stated_cells: dict[int, str] = {}
        self.budget_sum_cells: dict[int, str] = {}
        self.medlem_stated_cells: dict[int, str] = {}
        self.medlem_sum_cells: dict[int, str] = {}
        self.kostnadsstalle_cells: list[tuple[str, str, int]] = []
        self.insats_ids: set[str] | None = None  # ids on the Insatser sheet, when readable

    # -- findings
    def add(self, code, sheet, text, *, col=None, row=None, column=None, value=None,
            expected=None, cell=None, severity=ERROR):
        if cell is None and col is not None and row is not None:
            cell = f"{sheet}!{_col(col)}{row}"
        if column is not None and row is not None and cell is not None:
            plats = M.PLAN_AT_CELL.format(fil=self.label, blad=sheet, rad=row, kolumn=column,
                                          cell=cell)
        elif sheet:
            plats = M.PLAN_AT_SHEET.format(fil=self.label, blad=sheet)
        else:
            plats = self.label
        message = M.PLAN_FINDING.format(plats=plats, text=text) if sheet else text
        self.findings.append(Finding(code=code, severity=severity, file=self.label,
                                     message=message, field=column, cell=cell,
                                     value=None if value is None else _shown(value),
                                     expected=expected))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    # -- file
    def open(self):
        """The openpyxl workbook, or None (with a plan-unreadable finding)."""
        import zipfile

        p = self.path
        reason = None
        if not p.exists():
            reason = M.PLAN_UNREADABLE_MISSING
        elif p.is_dir():
            reason = M.PLAN_UNREADABLE_DIR
        else:
            size = p.stat().st_size
            ext = p.suffix.lower()
            if size == 0:
                reason = M.PLAN_UNREADABLE_EMPTY
            elif ext in (".xls", ".xlsm", ".xlsb", ".ods", ".csv"):
                reason = M.PLAN_UNREADABLE_FORMAT.format(ext=ext)
            elif size > MAX_PLAN_BYTES:
                reason = M.PLAN_UNREADABLE_TOO_BIG
            else:
                with open(p, "rb") as fh:
                    head = fh.read(8)
                if head.startswith(b"\xd0\xcf\x11\xe0"):
                    reason = M.PLAN_UNREADABLE_ENCRYPTED
                elif not zipfile.is_zipfile(p):
                    reason = M.PLAN_UNREADABLE_NOT_XLSX
                else:
                    try:
                        with zipfile.ZipFile(p) as z:
                            infos = z.infolist()
                            names = {i.filename for i in infos}
                        unzipped = sum(i.file_size for i in infos)
                        if unzipped > MAX_PLAN_UNZIPPED or len(infos) > 10000:
                            reason = M.PLAN_UNREADABLE_TOO_BIG
                        elif "xl/workbook.xml" not in names:
                            reason = M.PLAN_UNREADABLE_NOT_XLSX
                    except (zipfile.BadZipFile, OSError, ValueError) as exc:
                        reason = M.PLAN_UNREADABLE_BROKEN.format(fel=exc)
        if reason is None:
            import warnings

            import openpyxl

            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    return openpyxl.load_workbook(p, data_only=False)
            except Exception as exc:  # noqa: BLE001 - any parser failure is "unreadable"
                from defusedxml import DefusedXmlException

                cause, chain = exc, []
                while cause is not None and len(chain) < 10:  # openpyxl wraps it in ValueError
                    chain.append(cause)
                    cause = cause.__cause__ or cause.__context__
                if any(isinstance(e, DefusedXmlException) for e in chain):
                    # openpyxl parses through defusedxml when it is installed (a hard
                    # dependency): an entity or DTD declaration is refused, never expanded.
                    reason = M.PLAN_UNREADABLE_DTD
                else:
                    reason = M.PLAN_UNREADABLE_BROKEN.format(fel=type(exc).__name__)
        self.add("plan-unreadable", None, M.PLAN_UNREADABLE.format(fil=self.label, orsak=reason))
        return None

    def load_values(self):
        """The workbook's cached values (what Excel or LibreOffice last computed)."""
        import warnings

        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(self.path, data_only=True)

    def sheet(self, wb, name):
        if name in wb.sheetnames:
            return wb[name]
        for s in wb.sheetnames:
            if _norm(s) == _norm(name):
                return wb[s]
        self.add("plan-missing-sheet", name, M.PLAN_MISSING_SHEET.format(blad=name),
                 cell=f"{name}!A1")
        return None

    def header(self, ws, sheet, required, anchor):
        """(header row number, {normalised name: column index 0-based}, year columns
        [(year, col)]) ; reports missing columns."""
        hrow = 1
        for r in range(1, min(ws.max_row, 10) + 1):
            if any(_norm(ws.cell(r, c).value) == _norm(anchor)
                   for c in range(1, ws.max_column + 1)):
                hrow = r
                break
        cols: dict[str, int] = {}
        years: list[tuple[int, int]] = []
        for c in range(1, ws.max_column + 1):
            v = ws.cell(hrow, c).value
            key = _norm(v)
            if not key:
                continue
            year = None
            if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer():
                year = int(v)
            else:
                m = re.fullmatch(r"(?:belopp|bidrag)?_?(\d{4})", key)
                if m:
                    year = int(m.group(1))
            if year is not None and 1900 <= year <= 2999:
                if year not in [y for y, _ in years]:
                    years.append((year, c - 1))
                continue
            cols.setdefault(key, c - 1)
        last = _col(max(ws.max_column, 1) - 1)
        for name in required:
            if _norm(name) not in cols:
                rng = f"{sheet}!A{hrow}:{last}{hrow}"
                self.add("plan-missing-column", sheet,
                         M.PLAN_MISSING_COLUMN.format(kolumn=name, cell=rng), cell=rng,
                         value=name)
        return hrow, cols, years

    # -- sheets
    def read(self) -> Plan | None:
        wb = self.open()
        if wb is None:
            return None
        sheets = {n: self.sheet(wb, n) for n in (M.PLAN_SHEET_FORBUND, M.PLAN_SHEET_INSATSER,
                                                 M.PLAN_SHEET_MAL, M.PLAN_SHEET_BUDGET,
                                                 M.PLAN_SHEET_MEDLEMMAR)}
        forbund = self.read_forbund(sheets[M.PLAN_SHEET_FORBUND])
        insatser = self.read_insatser(sheets[M.PLAN_SHEET_INSATSER])
        mal = self.read_mal(sheets[M.PLAN_SHEET_MAL])
        budget = self.read_budget(sheets[M.PLAN_SHEET_BUDGET])
        medlemmar = self.read_medlemmar(sheets[M.PLAN_SHEET_MEDLEMMAR])
        if self.errors or None in (forbund, insatser, mal, budget, medlemmar):
            return None
        namn, ar, frist = forbund
        budget_ar, rows, angiven = budget
        medlemmar_ar, tilldelning, members = medlemmar
        return Plan(namn=namn, ar=ar, rapportfrist_dag=frist, insatser=tuple(insatser),
                    mal=tuple(mal), budget_ar=budget_ar, budget=tuple(rows),
                    budget_angiven_summa=angiven, medlemmar_ar=medlemmar_ar,
                    tilldelning=tilldelning, medlemmar=tuple(members))

    def read_forbund(self, ws):
        if ws is None:
            return None
        sheet = M.PLAN_SHEET_FORBUND
        found: dict[str, tuple[object, int]] = {}
        for r in range(1, ws.max_row + 1):
            key = _norm(ws.cell(r, 1).value)
            for k in M.PLAN_FORBUND_KEYS:
                if key == _norm(k) and k not in found:
                    found[k] = (ws.cell(r, 2).value, r)
        namn_key, ar_key, frist_key = M.PLAN_FORBUND_KEYS
        for k in M.PLAN_FORBUND_KEYS:
            if k not in found:
                self.add("plan-missing-value", sheet, M.PLAN_MISSING_KEY.format(nyckel=k),
                         cell=f"{sheet}!A1:A{max(ws.max_row, 1)}", value=k)
        ok = True
        namn = ar = None
        frist = 10
        if namn_key in found:
            v, r = found[namn_key]
            namn = _shown(v)
            if not namn:
                ok = False
                self.add("plan-missing-value", sheet, M.PLAN_MISSING_VALUE.format(kolumn=namn_key),
                         col=1, row=r, column=namn_key)
        if ar_key in found:
            v, r = found[ar_key]
            ar = _whole(v)
            if not isinstance(ar, int) or not 1900 <= ar <= 2999:
                ok = False
                self.add("plan-bad-number", sheet,
                         M.PLAN_BAD_NUMBER.format(value=_shown(v), forvantat=M.PLAN_EXPECT_YEAR),
                         col=1, row=r, column=ar_key, value=v, expected=M.PLAN_EXPECT_YEAR)
        if frist_key in found:
            v, r = found[frist_key]
            d = _whole(v)
            if d is None:
                d = 10
            if not isinstance(d, int) or not 1 <= d <= 28:
                ok = False
                self.add("plan-bad-number", sheet,
                         M.PLAN_BAD_NUMBER.format(value=_shown(v), forvantat=M.PLAN_EXPECT_DAY),
                         col=1, row=r, column=frist_key, value=v, expected=M.PLAN_EXPECT_DAY)
            else:
                frist = d
        if not ok or len(found) < len(M.PLAN_FORBUND_KEYS):
            return None
        return namn, ar, frist

    def _rows(self, ws, hrow, cols):
        """Data rows below the header that hold anything in the known columns."""
        for r in range(hrow + 1, ws.max_row + 1):
            values = {k: ws.cell(r, c + 1).value for k, c in cols.items()}
            if any(_shown(v) for v in values.values()):
                yield r, values

    def _check_id(self, sheet, value, r, col, seen: dict[str, int]) -> str | None:
        ident = _shown(value)
        if not ident:
            self.add("plan-missing-value", sheet, M.PLAN_MISSING_VALUE.format(kolumn="id"),
                     col=col, row=r, column="id")
            return None
        if not ID_RE.match(ident):
            self.add("plan-bad-id", sheet, M.PLAN_BAD_ID.format(value=ident), col=col, row=r,
                     column="id", value=ident, expected="a–z, 0–9, -")
            return None
        if ident in seen:
            self.add("plan-duplicate-id", sheet,
                     M.PLAN_DUPLICATE_ID.format(value=ident, forsta=seen[ident]), col=col,
                     row=r, column="id", value=ident)
            return None
        seen[ident] = r
        return ident

    def table_columns(self, ws, sheet, required, anchor):
        """`header` for a table that needs every one of `required`: (header row, {name:
        column}, year columns, the required columns' indices in order), or None when one is
        missing (`header` has reported it)."""
        hrow, cols, years = self.header(ws, sheet, required, anchor)
        if any(_norm(n) not in cols for n in required):
            return None
        return hrow, cols, years, tuple(cols[_norm(n)] for n in required)

    def read_insatser(self, ws):
        if ws is None:
            return None
        sheet = M.PLAN_SHEET_INSATSER
        cols_n = M.PLAN_INSATSER_COLS
        found = self.table_columns(ws, sheet, cols_n, "id")
        if found is None:
            return None
        hrow, cols, _, idx = found
        c_id, c_namn, c_niva, c_enhet, c_vol, c_kst, c_utf, c_fran, c_till, c_enk = idx
        out: list[Insats] = []
        seen: dict[str, int] = {}
        self.insats_ids = set()
        bad = False
        for r, _ in self._rows(ws, hrow, cols):
            v = lambda col: ws.cell(r, col + 1).value  # noqa: E731
            errors_before = len(self.errors)
            ident = self._check_id(sheet, v(c_id), r, c_id, seen)
            self.insats_ids.add(_shown(v(c_id)))
            namn = _shown(v(c_namn))
            if not namn:
                self.add("plan-missing-value", sheet, M.PLAN_MISSING_VALUE.format(kolumn=cols_n[1]),
                         col=c_namn, row=r, column=cols_n[1])
            niva = _shown(v(c_niva)).lower()
            if niva not in NIVAER:
                self.add("plan-bad-niva", sheet, M.PLAN_BAD_NIVA.format(value=_shown(v(c_niva))),
                         col=c_niva, row=r, column=cols_n[2], value=v(c_niva),
                         expected="individ, struktur")
            enhet = _shown(v(c_enhet)).lower()
            if enhet not in ENHETER:
                self.add("plan-bad-enhet", sheet,
                         M.PLAN_BAD_ENHET.format(value=_shown(v(c_enhet))), col=c_enhet, row=r,
                         column=cols_n[3], value=v(c_enhet),
                         expected="deltagare, möten, kontakter")
            vol = _whole(v(c_vol))
            if vol == "bad":
                self.add("plan-bad-number", sheet,
                         M.PLAN_BAD_NUMBER.format(value=_shown(v(c_vol)),
                                                  forvantat=M.PLAN_EXPECT_WHOLE),
                         col=c_vol, row=r, column=cols_n[4], value=v(c_vol),
                         expected=M.PLAN_EXPECT_WHOLE)
            periods = []
            for col, name in ((c_fran, cols_n[7]), (c_till, cols_n[8])):
                per = _period(v(col))
                if per is None:
                    self.add("plan-bad-period", sheet,
                             M.PLAN_BAD_PERIOD.format(value=_shown(v(col))), col=col, row=r,
                             column=name, value=v(col), expected="ÅÅÅÅ-MM")
                periods.append(per or None)
            fran, till = periods
            if fran and till and fran > till:
                self.add("plan-bad-period", sheet, M.PLAN_PERIOD_ORDER.format(fran=fran, till=till),
                         col=c_till, row=r, column=cols_n[8], value=till, expected=f">= {fran}")
            enk_raw = v(c_enk)
            enk = _norm(enk_raw)
            if enk_raw is True or enk == M.PLAN_JA:
                enkat = True
            elif enk_raw is False or enk in ("", M.PLAN_NEJ):
                enkat = False
            else:
                enkat = False
                self.add("plan-bad-enkat", sheet, M.PLAN_BAD_ENKAT.format(value=_shown(enk_raw)),
                         col=c_enk, row=r, column=cols_n[9], value=enk_raw, expected="ja, nej")
            kst = _shown(v(c_kst)) or None
            if kst:
                self.kostnadsstalle_cells.append((kst, f"{sheet}!{_col(c_kst)}{r}", r))
            if len(self.errors) > errors_before:
                bad = True
                continue
            samordnare, epost = self._coordinator(sheet, cols, r, v)
            out.append(Insats(id=ident, namn=namn, niva=niva, enhet=enhet, budgeterad_volym=vol,
                              kostnadsstalle=kst, utforare=_shown(v(c_utf)) or None,
                              aktiv_fran=fran, aktiv_till=till, enkat=enkat,
                              samordnare=samordnare, epost=epost))
        if not out and not bad:
            self.add("plan-missing-value", sheet, M.PLAN_NO_INSATSER,
                     cell=f"{sheet}!A{hrow + 1}", column="id", row=hrow + 1)
        return None if bad or not out else out

    def _coordinator(self, sheet, cols, r, v) -> tuple[str | None, str | None]:
        """The optional columns samordnare and e-post of one Insatser row; an address that
        is not one is a warning and left out (the reminder then has no recipient)."""
        c_sam, c_ep = (cols.get(_norm(n)) for n in M.PLAN_INSATSER_OPTIONAL_COLS)
        samordnare = (_shown(v(c_sam)) or None) if c_sam is not None else None
        epost = (_shown(v(c_ep)) or None) if c_ep is not None else None
        if epost and not _EPOST_RE.match(epost):
            self.add("plan-bad-epost", sheet, M.PLAN_BAD_EPOST.format(value=epost), col=c_ep,
                     row=r, column=M.PLAN_INSATSER_OPTIONAL_COLS[1], value=epost,
                     expected="namn@exempel.se", severity=WARNING)
            epost = None
        return samordnare, epost

    def read_mal(self, ws):
        if ws is None:
            return None
        sheet = M.PLAN_SHEET_MAL
        cols_n = M.PLAN_MAL_COLS
        found = self.table_columns(ws, sheet, cols_n, "id")
        if found is None:
            return None
        hrow, cols, _, idx = found
        c_id, c_namn, c_gal, c_typ, c_kat, c_andel, c_antal = idx
        known = self.insats_ids
        out: list[Goal] = []
        seen: dict[str, int] = {}
        bad = False
        for r, _ in self._rows(ws, hrow, cols):
            v = lambda col: ws.cell(r, col + 1).value  # noqa: E731
            errors_before = len(self.errors)
            ident = self._check_id(sheet, v(c_id), r, c_id, seen)
            namn = _shown(v(c_namn))
            if not namn:
                self.add("plan-missing-value", sheet, M.PLAN_MISSING_VALUE.format(kolumn=cols_n[1]),
                         col=c_namn, row=r, column=cols_n[1])
            galler = tuple(x.strip() for x in _shown(v(c_gal)).split(",") if x.strip())
            if not galler:
                self.add("plan-missing-value", sheet, M.PLAN_MISSING_VALUE.format(kolumn=cols_n[2]),
                         col=c_gal, row=r, column=cols_n[2])
            for g in galler:
                if g in GALLER_GRUPPER or known is None or g in known:
                    continue
                self.add("plan-unknown-insats", sheet, M.PLAN_UNKNOWN_INSATS.format(value=g),
                         col=c_gal, row=r, column=cols_n[2], value=g)
            typ = _shown(v(c_typ)).lower()
            if _norm(typ) == "enkat":
                typ = "enkät"
            if typ not in MALTYPER:
                self.add("plan-bad-typ", sheet, M.PLAN_BAD_TYP.format(value=_shown(v(c_typ))),
                         col=c_typ, row=r, column=cols_n[3], value=v(c_typ),
                         expected="utfall, enkät, inskrivna")
            kategorier = tuple(x.strip().lower() for x in _shown(v(c_kat)).split(",")
                               if x.strip())
            for k in kategorier:
                if k not in KATEGORIER:
                    self.add("plan-bad-kategori", sheet, M.PLAN_BAD_KATEGORI.format(value=k),
                             col=c_kat, row=r, column=cols_n[4], value=k)
            if typ == "utfall" and not kategorier:
                self.add("plan-missing-value", sheet, M.PLAN_MISSING_KATEGORIER,
                         col=c_kat, row=r, column=cols_n[4])
            min_andel = _share(v(c_andel))
            if min_andel == "bad":
                self.add("plan-bad-number", sheet,
                         M.PLAN_BAD_NUMBER.format(value=_shown(v(c_andel)),
                                                  forvantat=M.PLAN_EXPECT_SHARE),
                         col=c_andel, row=r, column=cols_n[5], value=v(c_andel),
                         expected=M.PLAN_EXPECT_SHARE)
            elif min_andel is None and typ in ("utfall", "enkät"):
                self.add("plan-missing-value", sheet, M.PLAN_MISSING_MIN_ANDEL.format(typ=typ),
                         col=c_andel, row=r, column=cols_n[5])
            min_antal = _whole(v(c_antal))
            if min_antal == "bad":
                self.add("plan-bad-number", sheet,
                         M.PLAN_BAD_NUMBER.format(value=_shown(v(c_antal)),
                                                  forvantat=M.PLAN_EXPECT_WHOLE),
                         col=c_antal, row=r, column=cols_n[6], value=v(c_antal),
                         expected=M.PLAN_EXPECT_WHOLE)
            elif min_antal is None and typ == "inskrivna":
                self.add("plan-missing-value", sheet, M.PLAN_MISSING_MIN_ANTAL,
                         col=c_antal, row=r, column=cols_n[6])
            if len(self.errors) > errors_before:
                bad = True
                continue
            out.append(Goal(id=ident, namn=namn, galler=galler, typ=typ, kategorier=kategorier,
                            min_andel=min_andel, min_antal=min_antal))
        return None if bad else out

    def _label(self, ws, r, label_cols) -> str:
        for c in label_cols:
            key = _norm(ws.cell(r, c + 1).value)
            if key:
                return key
        return ""

    def read_budget(self, ws):
        if ws is None:
            return None
        sheet = M.PLAN_SHEET_BUDGET
        cols_n = M.PLAN_BUDGET_COLS
        found = self.table_columns(ws, sheet, cols_n, cols_n[0])
        if found is None:
            return None
        hrow, cols, years, (c_kst, c_namn) = found
        summa, angiven_key = _norm(M.PLAN_ROW_SUMMA), _norm(M.PLAN_ROW_ANGIVEN_SUMMA)
        rows: list[BudgetRow] = []
        angiven: dict[int, int] = {}
        bad = False
        used = dict(cols)
        used.update({str(y): c for y, c in years})
        for r, _ in self._rows(ws, hrow, used):
            label = self._label(ws, r, (c_kst, c_namn))
            amounts: dict[int, int | None] = {}
            for y, c in years:
                raw = ws.cell(r, c + 1).value
                column = _shown(ws.cell(hrow, c + 1).value)
                if label == summa:
                    self.budget_sum_cells[y] = f"{sheet}!{_col(c)}{r}"
                    continue
                x = _whole(raw)
                if x == "bad":
                    bad = True
                    self.add("plan-bad-number", sheet,
                             M.PLAN_BAD_NUMBER.format(value=_shown(raw),
                                                      forvantat=M.PLAN_EXPECT_AMOUNT),
                             col=c, row=r, column=column, value=raw,
                             expected=M.PLAN_EXPECT_AMOUNT)
                    continue
                if label == angiven_key:
                    self.budget_stated_cells[y] = f"{sheet}!{_col(c)}{r}"
                    if x is not None:
                        angiven[y] = x
                else:
                    amounts[y] = x
            if label in (summa, angiven_key):
                continue
            namn = _shown(ws.cell(r, c_namn + 1).value)
            if not namn:
                bad = True
                self.add("plan-missing-value", sheet,
                         M.PLAN_MISSING_VALUE.format(kolumn=cols_n[1]), col=c_namn, row=r,
                         column=cols_n[1])
                continue
            rows.append(BudgetRow(_shown(ws.cell(r, c_kst + 1).value), namn, amounts))
        if bad:
            return None
        return tuple(y for y, _ in years), rows, angiven

    def read_medlemmar(self, ws):
        if ws is None:
            return None
        sheet = M.PLAN_SHEET_MEDLEMMAR
        cols_n = M.PLAN_MEDLEMMAR_COLS
        found = self.table_columns(ws, sheet, cols_n, cols_n[0])
        if found is None:
            return None
        hrow, cols, years, (c_med, c_typ, c_bef, _c_andel) = found
        if self.cached and self.values_wb is None:
            self.values_wb = self.load_values()
        summa, till_key = _norm(M.PLAN_ROW_SUMMA), _norm(M.PLAN_ROW_TILLDELNING)
        members: list[Member] = []
        tilldelning: dict[int, int] = {}
        bad = False
        used = dict(cols)
        used.update({str(y): c for y, c in years})
        for r, _ in self._rows(ws, hrow, used):
            label = self._label(ws, r, (c_med,))
            if label == summa:
                for y, c in years:
                    self.medlem_sum_cells[y] = f"{sheet}!{_col(c)}{r}"
                continue
            errors_before = len(self.errors)
            amounts: dict[int, int] = {}
            for y, c in years:
                raw = ws.cell(r, c + 1).value
                column = _shown(ws.cell(hrow, c + 1).value)
                if label == till_key:
                    self.medlem_stated_cells[y] = f"{sheet}!{_col(c)}{r}"
                if isinstance(raw, str) and raw.startswith("="):
                    # a formula: the contribution is computed; keep the value the file
                    # shows (cached by Excel or LibreOffice) for plan check
                    if self.values_wb is not None and label != till_key:
                        shown = self.values_wb[ws.title].cell(r, c + 1).value
                        self.member_cached[(len(members), y)] = (
                            shown, f"{sheet}!{_col(c)}{r}")
                    continue
                x = _whole(raw)
                if x == "bad":
                    self.add("plan-bad-number", sheet,
                             M.PLAN_BAD_NUMBER.format(value=_shown(raw),
                                                      forvantat=M.PLAN_EXPECT_AMOUNT),
                             col=c, row=r, column=column, value=raw,
                             expected=M.PLAN_EXPECT_AMOUNT)
                elif x is not None:
                    (tilldelning if label == till_key else amounts)[y] = x
            if label == till_key:
                bad = bad or len(self.errors) > errors_before
                continue
            namn = _shown(ws.cell(r, c_med + 1).value)
            if not namn:
                self.add("plan-missing-value", sheet,
                         M.PLAN_MISSING_VALUE.format(kolumn=cols_n[0]), col=c_med, row=r,
                         column=cols_n[0])
            typ_raw = ws.cell(r, c_typ + 1).value
            typ = _shown(typ_raw).lower()
            if typ not in MEDLEMSTYPER:
                self.add("plan-bad-medlemstyp", sheet,
                         M.PLAN_BAD_MEDLEMSTYP.format(value=_shown(typ_raw)), col=c_typ, row=r,
                         column=cols_n[1], value=typ_raw, expected="stat, region, kommun")
            bef_raw = ws.cell(r, c_bef + 1).value
            bef = _whole(bef_raw)
            if bef == "bad":
                self.add("plan-bad-number", sheet,
                         M.PLAN_BAD_NUMBER.format(value=_shown(bef_raw),
                                                  forvantat=M.PLAN_EXPECT_WHOLE),
                         col=c_bef, row=r, column=cols_n[2], value=bef_raw,
                         expected=M.PLAN_EXPECT_WHOLE)
            if len(self.errors) > errors_before:
                bad = True
                continue
            members.append(Member(medlem=namn, typ=typ, befolkning=bef, bidrag=amounts))
        if bad:
            return None
        return tuple(y for y, _ in years), tilldelning, members

    # -- consistency (plan check only)
    def check_sums(self, plan: Plan) -> None:
        sheet = M.PLAN_SHEET_BUDGET
        for y in plan.budget_ar:
            stated = plan.budget_angiven_summa.get(y)
            if stated is None:
                continue
            total = sum(row.belopp.get(y) or 0 for row in plan.budget)
            if total != stated:
                cell = self.budget_stated_cells[y]
                self.add("plan-sum-mismatch", sheet,
                         M.PLAN_BUDGET_MISMATCH.format(angiven=_kr(stated), ar=y,
                                                       summa=_kr(total), diff=_kr(stated - total)),
                         cell=cell, row=int(re.sub(r"\D", "", cell.split("!")[1])),
                         column=M.PLAN_BUDGET_YEAR_COL.format(ar=y), value=str(stated),
                         expected=str(total))
        sheet = M.PLAN_SHEET_MEDLEMMAR
        for y in plan.medlemmar_ar:
            stated = plan.tilldelning.get(y)
            if stated is None:
                continue
            total = 0
            for i, m in enumerate(plan.medlemmar):
                value = bidrag(m, plan, y)
                shown, cell = self.member_cached.get((i, y), (None, None))
                if isinstance(shown, (int, float)) and not isinstance(shown, bool):
                    if value is None or abs(shown - value) > 1e-6:
                        self.add("plan-formula-value", sheet,
                                 M.PLAN_FORMULA_VALUE.format(
                                     shown=_kr(round(shown)), value=_kr(value or 0)),
                                 cell=cell, row=int(re.sub(r"\D", "", cell.split("!")[1])),
                                 column=M.PLAN_MEDLEMMAR_YEAR_COL.format(ar=y),
                                 value=_shown(shown), expected=str(value), severity=WARNING)
                    value = round(shown)  # the stated total is compared with what is shown
                total += value or 0
            if total != stated:
                cell = self.medlem_stated_cells[y]
                self.add("plan-sum-mismatch", sheet,
                         M.PLAN_MEDLEMMAR_MISMATCH.format(
                             angiven=_kr(stated), ar=y, summa=_kr(total),
                             diff=_kr(stated - total),
                             summa_cell=self.medlem_sum_cells.get(y, "-")),
                         cell=cell, row=int(re.sub(r"\D", "", cell.split("!")[1])),
                         column=M.PLAN_MEDLEMMAR_YEAR_COL.format(ar=y), value=str(stated),
                         expected=str(total))
        known = {row.kostnadsstalle for row in plan.budget if row.kostnadsstalle}
        for kst, cell, r in self.kostnadsstalle_cells:
            if kst not in known:
                self.add("plan-unknown-kostnadsstalle", M.PLAN_SHEET_INSATSER,
                         M.PLAN_UNKNOWN_KOSTNADSSTALLE.format(value=kst), cell=cell, row=r,
                         column=M.PLAN_INSATSER_COLS[5], value=kst, severity=WARNING)


def read_plan(path: str | Path) -> Plan:
    """Read a plan workbook. Raises PlanError (Swedish, naming file, sheet and cell) when the
    file cannot be read or holds a structural error; stated totals that do not add up are
    left to `check_plan_file`."""
    path = Path(path)
    reader = _PlanReader(path, str(path))
    plan = reader.read()
    if plan is None:
        errors = reader.errors
        first = errors[0].message if errors else M.PLAN_UNREADABLE.format(
            fil=path, orsak=M.PLAN_UNREADABLE_NOT_XLSX)
        more = (M.PLAN_READ_FAILED_MORE.format(n=len(errors) - 1, fil=path)
                if len(errors) > 1 else "")
        raise PlanError(M.PLAN_READ_FAILED.format(fil=path, forsta=first) + more)
    return plan


def check_plan_file(path: str | Path) -> list[Finding]:
    """Every finding for a plan workbook (never raises for a broken plan): structure, ids,
    values, goals naming unknown insatser, and each stated total against its parts."""
    path = Path(path)
    reader = _PlanReader(path, str(path), cached=True)
    try:
        plan = reader.read()
        if plan is not None:
            reader.check_sums(plan)
    except Exception as exc:  # noqa: BLE001 - a broken plan is a finding, not a traceback
        reader.add("plan-unreadable", None, M.PLAN_UNREADABLE.format(
            fil=path, orsak=M.PLAN_UNREADABLE_BROKEN.format(fel=type(exc).__name__)))
    return reader.findings
