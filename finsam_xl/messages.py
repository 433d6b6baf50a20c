"""Every user-facing string of finsam-xl, in Swedish, in one place.

To add a language, copy this module and switch on a setting; no other module holds text a
kansli, coordinator or board member reads. Strings with placeholders use str.format names.
Standard library only (imported on the CLI's start-up path).

Sections (each owned by one part of the code; keep additions in the right section):
common, contract labels, plan, template, reader/validation, collect/check, workbook, cli.

Only text a person reads is here: names that files and programs rely on (defined names, sheet
names, the Data sheet's labels, the personnummer mask) are in contract.py, finding codes in
findings.py. A message that depends on a number is a pair (one, many); `plural` picks the form.
"""

from datetime import date as _date

from . import contract as _contract
from .periods import year_month as _year_month

# ----------------------------------------------------------------------------- common

KON_LABEL = {"kvinnor": "kvinnor", "man": "män"}
MANADER = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
           "september", "oktober", "november", "december")
MANADER_KORT = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov",
                "dec")
DATE_TEXT = "{dag} {manad} {ar}"  # 10 april 2025
MONTH_TEXT = "{manad} {ar}"  # mars 2025


def date_text(d: _date) -> str:
    """'10 april 2025'."""
    return DATE_TEXT.format(dag=d.day, manad=MANADER[d.month - 1], ar=d.year)


def month_text(period: str) -> str:
    """'2025-03' -> 'mars 2025'."""
    year, month = _year_month(period)
    return MONTH_TEXT.format(manad=MANADER[month - 1], ar=year)


LIST_AND = " och "


def and_list(items) -> str:
    """'2025'; '2024 och 2025'; '2023, 2024 och 2025'."""
    texts = [str(i) for i in items]
    return LIST_AND.join([", ".join(texts[:-1]), texts[-1]]) if len(texts) > 1 else \
        "".join(texts)


# A month a user gives a command (--period), every command alike (usage.py).
PERIOD_MALFORMED = ("Perioden '{period}' är ingen giltig månad. Skriv den som ÅÅÅÅ-MM, "
                    "till exempel {exempel}.")
PERIOD_OUTSIDE = ("Perioden {period} ligger utanför planens år {ar}. Välj en månad från "
                  "{ar}-01 till {ar}-12, eller ange planen för {period_ar} med --plan.")
PERIOD_OUTSIDE_YEARS = ("Perioden {period} ligger utanför planernas år {ar}. Välj en månad i "
                        "något av dem, eller ange planen för {period_ar} med --plan.")

# ----------------------------------------------------------------------------- contract labels
# Swedish label of every defined name (used in templates, findings and feedback).

KATEGORI_LABEL = {
    "arbete": "Arbete",
    "studier": "Studier",
    "arbetssokande": "Aktivt arbetssökande",
    "rehab": "Fortsatt rehabilitering eller annan förberedande insats",
    "annat": "Avbrott, flytt eller annat",
    "okant": "Okänt",
}

FIELD_LABEL = {
    _contract.VERSION_NAME: "Mallversion",
    _contract.FORBUND: "Förbund",
    _contract.INSATS: "Insats",
    _contract.PERIOD: "Period",
    _contract.start("kvinnor"): "Inskrivna vid månadens start, kvinnor",
    _contract.start("man"): "Inskrivna vid månadens start, män",
    _contract.nya("kvinnor"): "Nya under månaden, kvinnor",
    _contract.nya("man"): "Nya under månaden, män",
    _contract.avslutade("kvinnor"): "Avslutade under månaden, kvinnor",
    _contract.avslutade("man"): "Avslutade under månaden, män",
    _contract.ANTAL_NAME: "Månadens antal",
    _contract.ENKAT_SVAR: "Antal enkätsvar",
    _contract.ENKAT_POSITIVA: "Antal enkätsvar som når målet",
    _contract.KOMMENTAR: "Kommentar",
    _contract.RAPPORTERAD_AV: "Rapporterad av",
}
for _k, _label in KATEGORI_LABEL.items():
    for _g, _glabel in KON_LABEL.items():
        FIELD_LABEL[_contract.utfall_name(_k, _g)] = f"Avslutade till {_label.lower()}, {_glabel}"


def field_label(name: str) -> str:
    return FIELD_LABEL.get(name, name)


def plural(forms: tuple[str, str], n: int) -> str:
    """The form of a (one, many) message for the number `n` (ngettext's choice for Swedish,
    which has two forms: 1, and every other number: 0 filer, 1 fil, 2 filer)."""
    return forms[0] if n == 1 else forms[1]


# A unit of the plan (model.ENHETER) after a number: (one, many).
ENHET_PLURAL = {"deltagare": ("deltagare", "deltagare"), "möten": ("möte", "möten"),
                "kontakter": ("kontakt", "kontakter")}


# Operating-system errors when writing (errors.os_error_text): the reason, with the hint
# that fits it. Keyed by errno name.
_OS_ACCESS = ("behörighet saknas; kontrollera att du får skriva i mappen och att filen inte är "
              "öppen i ett annat program, till exempel Excel")
OS_ERROR = {
    "EACCES": _OS_ACCESS,
    "EPERM": _OS_ACCESS,
    "EROFS": ("mappen ligger på en skrivskyddad enhet; välj en mapp där du får skriva, till "
              "exempel med --outbox"),
    "ENOSPC": "disken är full; frigör utrymme på disken och kör igen",
    "EDQUOT": "lagringskvoten är slut; frigör utrymme och kör igen",
    "EFBIG": "filen blev för stor för disken",
    "EISDIR": ("det finns en mapp med det namnet; flytta eller byt namn på mappen och kör "
               "igen"),
    "EEXIST": ("det finns redan en fil med det namnet där en mapp behövs; flytta eller byt "
               "namn på filen och kör igen"),
    "ENOTDIR": "en del av sökvägen är en fil, inte en mapp; kontrollera sökvägen",
    "ENOENT": "mappen finns inte (längre); kontrollera sökvägen och kör igen",
    "EBUSY": "filen används av ett annat program, till exempel Excel; stäng den och kör igen",
    "ETXTBSY": "filen används av ett annat program; stäng det och kör igen",
    "ENAMETOOLONG": "sökvägen är för lång; välj en mapp med en kortare sökväg",
    "EIO": "ett läs- eller skrivfel på disken; kontrollera disken och kör igen",
    "EMFILE": "för många öppna filer; stäng andra program och kör igen",
    "EILSEQ": ("namnet har tecken som filsystemet inte tar emot; välj en mapp på en annan "
               "disk eller byt namn på filen i inkorgen"),
    "EINVAL": ("filsystemet tar inte emot namnet (till exempel ett tecken som : eller ?); "
               "välj en mapp på en annan disk eller byt namn på filen i inkorgen"),
}
OS_ERROR_OTHER = ("ett fel i operativsystemet (felkod {kod}); kör igen, och kontakta den som "
                  "förvaltar datorn om felet kvarstår")

# ----------------------------------------------------------------------------- plan
# The plan workbook's texts and the findings of 'finsam-xl plan check'. Its sheet, column
# and row names are identifiers (finsam_xl/plan/schema.py).

PLAN_FORBUND_HELP = {
    "namn": "Förbundets namn, som det står i månadsmallarna.",
    "år": "Planens år (ÅÅÅÅ).",
    "rapportfrist_dag": "Dag i månaden efter rapportmånaden då rapporten senast ska ha kommit in.",
}
PLAN_BAD_EPOST = ("'{value}' är ingen e-postadress; skriv adressen som namn@exempel.se, "
                  "annars får insatsens e-postutkast (brev, utskick och påminnelser) ingen "
                  "mottagare")
PLAN_EPOST_LOCAL = ("'{value}' har å, ä, ö eller ett annat tecken utanför a–z före @, vilket "
                    "många e-postservrar inte tar emot; skriv den adress samordnaren har utan "
                    "sådana tecken (fråga samordnaren), annars får insatsens e-postutkast ingen "
                    "mottagare")
PLAN_LINE_BREAK = ("'{value}' har en radbrytning, en tabb eller ett annat styrtecken; "
                   "finsam-xl skriver texten på en rad, som '{blir}'. Ta bort radbrytningen i "
                   "planen (i Excel: Alt+Enter gör en radbrytning i en cell)")
PLAN_TITLE = "Verksamhetsplan {namn} {ar}"
PLAN_SUBJECT = "Planarbetsbok för finsam-xl: insatser, mål, budget och medlemmar"

PLAN_UNKNOWN_EXAMPLE = "Okänt exempel '{name}'. Välj bland: {examples}."
PLAN_WRITE_FAILED = "Kunde inte skriva planen till {path}: {orsak}."
PLAN_READ_FAILED = "Planen {fil} kan inte användas: {forsta}"
# Which plans a command works with (plan/select.py, console.plan_lines).
PLAN_LINE = ("Plan: {planer}.", "Planer: {planer}.")
PLAN_ITEM = "{namn} {ar} ({kalla})"
PLAN_EMBEDDED = "den inbyggda exempelplanen; ingen plan.xlsx i arbetsmappen"
PLAN_SAME_YEAR = ("Två planer gäller samma år, {ar}: {forsta} och {andra}. Ange en plan per år "
                  "(med --plan, eller som plan.xlsx och plan-ÅÅÅÅ.xlsx i arbetsmappen).")
PLAN_NAME_YEAR = ("{fil} heter som planen för {namn_ar} men är planen för {ar} (Förbund!år). "
                  "Rätta året i planen, eller byt namn på filen till plan-{ar}.xlsx.")
PLAN_READ_FAILED_MORE = " ({n} fel till; kör 'finsam-xl plan check {fil}' för att se alla.)"

# Where a finding is: file, sheet, row, column and cell.
PLAN_AT_CELL = "{fil}, bladet {blad}, rad {rad}, kolumnen {kolumn} ({cell})"
PLAN_AT_SHEET = "{fil}, bladet {blad}"
PLAN_FINDING = "{plats}: {text}."
PLAN_SEVERITY = {"error": "Fel", "warning": "Varning"}
PLAN_FINDING_LINE = "{niva}: {message}"
PLAN_EXISTS = ("{path} finns redan och skrivs inte över. Ta bort eller byt namn på filen, eller "
               "välj ett annat namn med -o.")

PLAN_UNREADABLE = ("{fil} går inte att läsa som en planarbetsbok: {orsak}. Skapa en ny med "
                   "'finsam-xl plan new' eller spara filen som Excel-arbetsbok (.xlsx).")
PLAN_UNREADABLE_MISSING = "filen finns inte"
PLAN_UNREADABLE_DIR = "det är en mapp, inte en fil"
PLAN_UNREADABLE_EMPTY = "filen är tom (0 byte)"
PLAN_UNREADABLE_FORMAT = "filen är sparad i formatet {ext}, inte .xlsx"
PLAN_UNREADABLE_NOT_XLSX = "filen är ingen Excel-arbetsbok (.xlsx)"
PLAN_UNREADABLE_ENCRYPTED = "filen är lösenordsskyddad eller sparad i det gamla formatet .xls"
PLAN_UNREADABLE_TOO_BIG = "filen är för stor för en planarbetsbok"
PLAN_UNREADABLE_BROKEN = "filen är skadad ({fel})"
PLAN_UNREADABLE_OS = "filen går inte att öppna ({fel})"
PLAN_UNREADABLE_DTD = "filen innehåller otillåtna XML-deklarationer"

PLAN_MISSING_SHEET = ("bladet {blad} saknas. En planarbetsbok har bladen Förbund, Insatser, "
                      "Mål, Budget och Medlemmar")
PLAN_MISSING_COLUMN = "kolumnen {kolumn} saknas i rubrikraden ({cell})"
PLAN_MISSING_KEY = ("raden {nyckel} saknas i kolumn A; skriv {nyckel} i kolumn A och värdet i "
                    "kolumn B")
PLAN_MISSING_VALUE = "{kolumn} saknas; fyll i ett värde"
PLAN_MISSING_MIN_ANDEL = "ett mål av typen {typ} behöver min_andel (en andel mellan 0 och 1)"
PLAN_MISSING_MIN_ANTAL = "ett mål av typen inskrivna behöver min_antal (ett heltal)"
PLAN_MISSING_KATEGORIER = "ett mål av typen utfall behöver kategorier, till exempel arbete, studier"
PLAN_NO_INSATSER = "bladet har inga insatser; skriv en insats per rad under rubrikraden"
PLAN_DUPLICATE_ID = "id '{value}' finns redan på rad {forsta}; varje rad behöver ett eget id"
PLAN_BAD_ID = ("id '{value}' är ogiltigt; ett id får bara innehålla små bokstäver a–z, siffror "
               "och bindestreck, till exempel forsteg-motala")
PLAN_ID_PNR = ("id '{value}' ser ut som ett personnummer; ett id står i filnamn och i "
               "arbetsboken och får inte innehålla personuppgifter, välj ett annat, till "
               "exempel forsteg-motala")
PLAN_ID_LONG = ("id '{value}' är längre än {n} tecken; ett id står i filnamn, så välj ett "
                "kortare, till exempel forsteg-motala")
PLAN_BAD_NIVA = "'{value}' är ingen nivå; skriv individ eller struktur"
PLAN_BAD_ENHET = "'{value}' är ingen enhet; skriv deltagare, möten eller kontakter"
PLAN_BAD_TYP = "'{value}' är ingen måltyp; skriv utfall, enkät eller inskrivna"
PLAN_BAD_KATEGORI = ("'{value}' är ingen utfallskategori; välj bland arbete, studier, "
                     "arbetssokande, rehab, annat, okant")
PLAN_BAD_ENKAT = "'{value}' ska vara ja eller nej"
PLAN_BAD_MEDLEMSTYP = "'{value}' är ingen medlemstyp; skriv stat, region eller kommun"
PLAN_UNKNOWN_INSATS = ("målet gäller '{value}', som inte är ett id på bladet Insatser och inte "
                       "heller individ, struktur eller alla")
PLAN_BAD_PERIOD = "'{value}' är ingen månad; skriv ÅÅÅÅ-MM, till exempel 2025-03"
PLAN_PERIOD_ORDER = "aktiv_från {fran} ligger efter aktiv_till {till}"
PLAN_BAD_NUMBER = "'{value}' är inte {forvantat}"
PLAN_EXPECT_WHOLE = "ett heltal större än eller lika med 0"
PLAN_EXPECT_AMOUNT = "ett belopp i hela kronor (ett heltal större än eller lika med 0)"
PLAN_EXPECT_SHARE = "en andel mellan 0 och 1 (till exempel 0,6 eller 60 %)"
PLAN_EXPECT_YEAR = "ett årtal (ÅÅÅÅ)"
PLAN_EXPECT_DAY = "en dag i månaden mellan 1 och 28"
PLAN_BUDGET_MISMATCH = ("angiven summa {angiven} kr för {ar} stämmer inte med summan av "
                        "beloppen, {summa} kr (skillnad {diff} kr)")
PLAN_MEDLEMMAR_MISMATCH = ("tilldelningen {angiven} kr för {ar} stämmer inte med summan av "
                           "medlemmarnas bidrag, {summa} kr (skillnad {diff} kr, raden Summa "
                           "{summa_cell})")
PLAN_UNKNOWN_KOSTNADSSTALLE = "kostnadsstället '{value}' finns inte på bladet Budget"
PLAN_NEVER_ACTIVE = ("insatsen {insats} är inte aktiv någon månad {ar}: {kolumn} {value} ligger "
                     "{nar} planens år, så ingen mall skrivs och ingen rapport tas emot för den; "
                     "rätta året, eller ta bort raden om insatsen inte finns {ar}")
PLAN_NEVER_ACTIVE_BEFORE = "före"
PLAN_NEVER_ACTIVE_AFTER = "efter"
PLAN_FRAN_BEFORE_YEAR = ("aktiv_från {value} för insatsen {insats} ligger före planens år {ar}, "
                         "så den följs upp från januari {ar}; det stämmer för en insats som "
                         "pågår sedan förra året, annars rätta året")
PLAN_TILL_AFTER_YEAR = ("aktiv_till {value} för insatsen {insats} ligger efter planens år {ar}, "
                        "så den följs upp till och med december {ar}; det stämmer för en insats "
                        "som fortsätter nästa år, annars rätta året")
PLAN_FORMULA_VALUE = ("cellen visar {shown} kr men finsam-xl räknar bidraget till {value} kr "
                      "från tilldelningen och befolkningen; skriv ett belopp i cellen om "
                      "bidraget ska vara ett annat")

# ----------------------------------------------------------------------------- template

TPL_EXISTS = (("{n} av mallarna finns redan i {outdir} ({files}) och skrivs inte över, "
               "eftersom den kan vara ifylld. Inget har skrivits. Ange --force för att skriva "
               "över den, eller välj en annan mapp med -o."),
              ("{n} av mallarna finns redan i {outdir} ({files}) och skrivs inte över, "
               "eftersom de kan vara ifyllda. Inget har skrivits. Ange --force för att skriva "
               "över dem, eller välj en annan mapp med -o."))
TPL_OUTDIR_NOT_DIR = "Kan inte skriva mallarna: {outdir} finns redan och är inte en mapp."
TPL_WRITE_FAILED = "Kunde inte skriva {path}: {error}."
TPL_FILL_UNKNOWN_NAME = "Mallen {path} saknar namnet {name} ({label})."
TPL_FILL_UNREADABLE = "Kunde inte öppna mallen {path}: {error}."

TPL_TITLE = "Månadsrapport: {insats}"
TPL_SUBTITLE = "{forbund}"
TPL_PERIOD_LINE = "Period: {manad} {ar}"
TPL_INSTRUCTIONS_HEADING = "Så fyller du i mallen"
TPL_INSTR_FLOW = ("Fyll i de gula cellerna med antal personer i insatsen under {manad} {ar}, "
                  "uppdelat på kvinnor och män. Summorna räknas ut automatiskt.")
TPL_INSTR_FLOW_WHO = ("Start = inskrivna den 1 {manad}. Nya = inskrivna under månaden. "
                      "Avslutade = de som avslutades under månaden; fördela dem på utfall, så "
                      "att varje avslutad person räknas en gång.")
TPL_INSTR_COUNT = "Fyll i den gula cellen med {enhet_bestamd} under {manad} {ar}."
TPL_INSTR_ENKAT = ("Enkät: skriv hur många enkätsvar som kom in under månaden och hur många av "
                   "dem som når målet.")
TPL_INSTR_EMPTY = "En tom cell räknas som 0. Skriv 0 om det inte fanns några."
TPL_INSTR_WHOLE = ("Skriv bara hela tal (0, 1, 2 …): inga decimaler, ord, mellanslag eller "
                   "ca-värden.")
TPL_INSTR_CHECKS = ("Kontrollraderna visar ”Stämmer” när siffrorna går ihop. Rätta det som är "
                    "rött innan du skickar in.")
TPL_INSTR_SAVE = ("Spara som Excel-arbetsbok (.xlsx) med samma filnamn och skicka filen till "
                  "kansliet senast {frist}.")
TPL_INSTR_GDPR = ("Skriv aldrig namn eller personnummer i kommentaren. Uppföljningen gäller "
                  "bara antal.")
TPL_ENHET_BESTAMD = {"deltagare": "antalet deltagare", "möten": "antalet möten",
                     "kontakter": "antalet kontakter"}

TPL_COL_KVINNOR = "Kvinnor"
TPL_COL_MAN = "Män"
TPL_COL_TOTALT = "Totalt"
TPL_SECTION_FLOW = "Deltagarflöde"
TPL_ROW_START = "Inskrivna vid månadens start"
TPL_ROW_NYA = "Nya under månaden"
TPL_ROW_AVSLUTADE = "Avslutade under månaden"
TPL_ROW_SLUT = "Inskrivna vid månadens slut (räknas ut)"
TPL_SECTION_UTFALL = "Avslutade per utfall"
TPL_ROW_UTFALL_SUMMA = "Summa utfall (räknas ut)"
TPL_SECTION_COUNT = "Månadens antal"
TPL_COUNT_LABEL = {"deltagare": "Antal deltagare under månaden",
                   "möten": "Antal möten under månaden",
                   "kontakter": "Antal kontakter under månaden"}
TPL_SECTION_ENKAT = "Enkät"
TPL_ROW_ENKAT_SVAR = "Antal enkätsvar som kommit in"
TPL_ROW_ENKAT_POSITIVA = "Antal enkätsvar som når målet"
TPL_SECTION_TEXT = "Kommentar och kontaktuppgift"
TPL_ROW_KOMMENTAR = "Kommentar (inga namn eller personnummer)"
TPL_ROW_RAPPORTERAD_AV = "Ifylld av (namn eller funktion)"
TPL_SECTION_META = "Uppgifter för inläsningen (ändra inte)"
TPL_ROW_META = {_contract.VERSION_NAME: "Mallversion", _contract.FORBUND: "Förbund",
                _contract.INSATS: "Insats (id)", _contract.PERIOD: "Period (ÅÅÅÅ-MM)"}

TPL_CHECK_LABEL_AVSLUTADE = "Kontroll: avslutade högst inskrivna vid start plus nya, {kon}"
TPL_CHECK_LABEL_UTFALL = "Kontroll: utfall lika med avslutade, {kon}"
TPL_CHECK_LABEL_ENKAT = "Kontroll: enkätsvar som når målet högst antal svar"
TPL_CHECK_LABEL_NUMBERS = "Kontroll: bara hela tal i de gula cellerna"
TPL_CHECK_TEXT = ("En cell här innehåller något annat än ett helt tal 0 eller större och räknas "
                  "inte: skriv bara hela tal")
TPL_CHECK_NUMBERS = ("{antal} gul cell innehåller något annat än ett helt tal 0 eller större: "
                     "skriv bara hela tal, till exempel 5 (inte ”5 st”, −3 eller 2,5)",
                     "{antal} gula celler innehåller något annat än ett helt tal 0 eller större: "
                     "skriv bara hela tal, till exempel 5 (inte ”5 st”, −3 eller 2,5)")
TPL_CHECK_OK = "Stämmer"
TPL_CHECK_AVSLUTADE = ("Antal avslutade ({avslutade}) får inte vara fler än inskrivna vid start "
                       "plus nya ({start_nya})")
TPL_CHECK_UTFALL = "Summan av utfall ({utfall}) ska vara lika med antal avslutade ({avslutade})"
TPL_CHECK_ENKAT = ("Antal svar som når målet ({positiva}) får inte vara fler än antal "
                   "enkätsvar ({svar})")

TPL_DV_TITLE = "Hela tal"
TPL_DV_INPUT = "Skriv ett helt tal, 0 eller större. Tom cell räknas som 0."
TPL_DV_ERROR_TITLE = "Ogiltigt värde"
TPL_DV_ERROR = ("Här får du bara skriva ett helt tal som är 0 eller större, utan decimaler, "
                "mellanslag eller text.")
TPL_PREFILL_NOTE = ("Ifyllt av finsam-xl: inskrivna {kon} vid slutet av {manad} {ar} enligt "
                    "{fil} (start {start} + nya {nya} - avslutade {avslutade} = {slut}). "
                    "Ändra värdet om det inte stämmer.")
TPL_DOC_TITLE = "Månadsrapport {insats} {period}"
TPL_DOC_SUBJECT = "Månadsuppföljning, {forbund}"
TPL_DOC_COMMENTS = "Mall {version}. Ändra inte namn på celler eller blad."

# ----------------------------------------------------------------------------- reader/validation

# Reader (READ_, owned by the reader package and pnr.py). Every message is one sentence that
# names the file and says what to do; name-level ones name the field and the cell too.
READ_IGNORED_LOCK = "låsfil från Office (~$…), som skapas medan en fil är öppen"
READ_IGNORED_HIDDEN = "dold fil"
READ_IGNORED_NOT_FILE = "inte en vanlig fil"
READ_IGNORED_BROKEN_LINK = "en länk som pekar på något som inte finns"
READ_IGNORED_LINK_DIR = ("en länk till en mapp; länkar till mappar följs inte, så lägg filerna "
                         "(eller länkar till filerna) i inkorgen")
READ_IGNORED_DIR_UNREADABLE = ("en mapp som inte går att läsa ({fel}); filerna i den har inte "
                               "granskats")
READ_IGNORED_NOT_SHEET = "inte ett kalkylark ({ext})"
READ_IGNORED_NO_EXT = "inte ett kalkylark (filnamnet saknar filändelse)"
READ_OS_ERROR = {"ENOENT": "filen finns inte", "EACCES": "behörighet saknas",
                 "EPERM": "behörighet saknas", "EISDIR": "det är en mapp",
                 "EINVAL": "det är inte en vanlig fil", "EBUSY": "filen är upptagen"}
READ_OS_ERROR_OTHER = "läsfel"
READ_UNREADABLE = ("Filen {fil} gick inte att öppna ({fel}); kontrollera att den finns och "
                   "inte är låst, och kör igen.")
READ_FILE_EMPTY = ("Filen {fil} är tom (0 byte); spara den ifyllda mallen igen och skicka den "
                   "på nytt.")
READ_FILE_TOO_LARGE = ("Filen {fil} är {storlek}, större än gränsen {grans} för en "
                       "månadsrapport; fyll i en ny mall utan extra blad, bilder eller data och "
                       "skicka den.")
# file-too-large for a cell with more text than a cell holds (an .ods: with its repeated
# spaces counted), and for an OpenDocument file whose repeat counts (repeated spaces, rows or
# columns) would make it larger than a monthly report may be, found before they are applied.
READ_FILE_TOO_LARGE_CELL = ("Filen {fil} har minst {n} tecken text i cellen {cell}, fler än de "
                            "{grans} tecken som en cell rymmer; korta texten och skicka filen "
                            "igen.")
READ_TOO_LARGE_CELL_VALUE = "{n} tecken i en cell"
READ_EXP_AT_MOST_CHARS = "högst {grans} tecken"
READ_FILE_TOO_LARGE_TEXT = ("Filen {fil} innehåller text som blir minst {storlek} när dess "
                            "upprepade mellanslag räknas ut, mer än gränsen {grans} för en "
                            "månadsrapport; fyll i en ny mall och skicka den.")
READ_TOO_LARGE_TEXT_VALUE = "{storlek} text"
READ_FILE_TOO_LARGE_ROWS = ("Filen {fil} har ett blad med {n} rader, fler än de {grans} som ett "
                            "kalkylblad rymmer; fyll i en ny mall och skicka den.")
READ_TOO_LARGE_ROWS_VALUE = "{n} rader"
READ_FILE_TOO_LARGE_COLUMNS = ("Filen {fil} har en rad med {n} kolumner, fler än de {grans} som "
                               "ett kalkylblad rymmer; fyll i en ny mall och skicka den.")
READ_TOO_LARGE_COLUMNS_VALUE = "{n} kolumner"
READ_FILE_ENCRYPTED = ("Filen {fil} är skyddad med lösenord (krypterad) och kan inte läsas; "
                       "ta bort lösenordet, spara den som Excel-arbetsbok (.xlsx) och skicka "
                       "den igen.")
READ_FILE_FORMAT = ("Filen {fil} är {format}, inte en Excel-arbetsbok (.xlsx); fyll i "
                    "månadsmallen och spara den som Excel-arbetsbok (.xlsx) innan du skickar "
                    "den.")
READ_FORMAT = {
    "xls": "sparad i det äldre Excel-formatet .xls",
    "xls-bytes": "en fil i det äldre Excel-formatet .xls som bara har fått filändelsen {ext}",
    "xlsm": "sparad som arbetsbok med makron (.xlsm)",
    "xlsb": "sparad som binär Excel-arbetsbok (.xlsb)",
    "odf": "ett OpenDocument-dokument som inte är ett kalkylark (till exempel ett textdokument)",
    "fods": "sparad som platt OpenDocument-kalkylark (.fods)",
    "csv": "en textfil ({ext})",
    "other": "sparad i formatet {ext}",
}
READ_NO_EXT = "utan filändelse"
READ_FILE_CORRUPT = ("Filen {fil} går inte att läsa som Excel-arbetsbok ({orsak}); öppna "
                     "mallen, fyll i den och spara den som Excel-arbetsbok (.xlsx) igen.")
READ_CORRUPT = {
    "not-zip": "innehållet är inte en Excel-arbetsbok",
    "pdf": "det är en PDF-fil",
    "truncated": "filen är avkortad eller skadad",
    "crc": "en del av filen är skadad",
    "no-workbook": "arbetsboken saknas i filen",
    "missing-part": "ett blad saknas i filen",
    "xml": "filens innehåll är skadat",
    "dtd": "filen innehåller otillåtna XML-deklarationer",
    "shared-string": "en cell pekar på en text som saknas",
}
READ_FILE_ZIP_BOMB = ("Filen {fil} är orimligt stor när den packas upp ({detalj}) och läses "
                      "inte, av säkerhetsskäl; fyll i en ny mall och skicka den.")
READ_ZIP_ENTRIES = "{n} delar, högst {grans} tillåts"
READ_ZIP_TOTAL = "{storlek} uppackat, högst {grans} tillåts"
READ_ZIP_PART = "delen {del_} är {storlek} uppackad, högst {grans} tillåts"
READ_ZIP_RATIO = "delen {del_} packas upp {kvot} gånger, högst {grans} gånger tillåts"
READ_NOT_TEMPLATE = ("Filen {fil} är ingen finsam-xl-mall ({orsak}); fyll i den månadsmall som "
                     "kansliet skickade ut och skicka den i stället.")
READ_NOT_TEMPLATE_NO_VERSION = "mallversionen saknas"
READ_NOT_TEMPLATE_NO_SHEET = "bladet Rapport saknas"
READ_UNKNOWN_VERSION = ("Filen {fil} har mallversionen '{varde}' i fältet {falt} ({cell}), men "
                        "finsam-xl läser bara mallversion {vantat}; fyll i den månadsmall som "
                        "kansliet skickade ut för perioden och skicka den i stället.")
READ_NAME_REF_ERROR = ("I filen {fil} pekar fältet {falt} inte på någon cell ({ref}), troligen "
                       "för att rader, celler eller blad har tagits bort; fyll i en ny mall "
                       "utan att ta bort något och skicka den i stället.")
READ_EXP_XLSX = "en Excel-arbetsbok (.xlsx)"
READ_EXP_NOT_ENCRYPTED = "en fil utan lösenord"
READ_EXP_TEMPLATE = "en finsam-xl-mall"
READ_EXP_CELL = "en cell på bladet Rapport"
READ_EXP_AT_MOST = "högst {grans}"
# A bug in finsam-xl while a file was read or validated (code internal-error): never the
# file's fault, so no letter asks the coordinator for anything.
READ_INTERNAL_ERROR = ("Filen {fil} kunde inte granskas på grund av ett fel i finsam-xl ({fel}), "
                       "inte i filen; kör kommandot igen med 'finsam-xl --debug …' och skicka "
                       "utskriften till den som förvaltar finsam-xl, och be inte samordnaren om "
                       "en ny fil.")
READ_LINE_INTERNAL_ERROR = "{fil}: inte granskad: {orsak}"

# Validation (VAL_, owned by validate/). Every message is one sentence that names the file,
# the field and the cell, and says what to do.
VAL_SANT = "SANT"
VAL_FALSKT = "FALSKT"
VAL_CELL_UNKNOWN = "okänd cell"
VAL_NO_MODIFIED = "okänd tid"
VAL_NYA_TOTAL = "Nya under månaden, kvinnor och män"
VAL_THE_INSATS = "din insats"
VAL_AKTIV_RANGE = "aktiv {fran}–{till}"
VAL_AKTIV_NONE = "inte aktiv under {ar}"
VAL_BAD_PERIOD = ("{fil}: fältet {falt} ({cell}) innehåller '{varde}', men ska vara månaden "
                  "rapporten gäller skriven ÅÅÅÅ-MM, till exempel {exempel}; rätta perioden och "
                  "skicka filen igen.")
VAL_PERIOD_OUTSIDE_YEAR = ("{fil}: perioden {varde} i fältet {falt} ({cell}) ligger utanför "
                           "planens år {ar}; använd mallen för rätt månad i {ar}.")
VAL_UNKNOWN_INSATS = ("{fil}: insatsen '{varde}' i fältet {falt} ({cell}) finns inte i planen "
                      "för {forbund} {ar}; använd den mall som kansliet har skickat för din "
                      "insats.")
VAL_INSATS_INACTIVE = ("{fil}: insatsen {insats} är inte aktiv i {period} enligt planen "
                       "({aktiv}); kontrollera att fältet {falt} ({cell}) är rätt månad, annars "
                       "behövs ingen rapport för den månaden.")
VAL_NAME_PERIOD_MISMATCH = ("{fil}: filnamnet gäller {namn_period}, men fältet {falt} ({cell}) "
                            "anger {period}; troligen har mallen för {cell_manad} använts för "
                            "{namn_manad}. Fyll i mallen för {namn_manad} och skicka den, eller "
                            "rätta filnamnet om filen gäller {cell_manad}.")
VAL_NAME_INSATS_MISMATCH = ("{fil}: filnamnet gäller insatsen {namn_insats}, men fältet {falt} "
                            "({cell}) anger {insats}; troligen har mallen för {cell_namn} "
                            "använts för {namn_namn}. Fyll i mallen för {namn_namn} och skicka "
                            "den, eller rätta filnamnet om filen gäller {cell_namn}.")
VAL_FORBUND_MISMATCH = ("{fil}: fältet {falt} ({cell}) anger '{varde}', men planen gäller "
                        "{forbund}; kontrollera att du har använt mallen från rätt förbund.")
VAL_MISSING_NAME = ("{fil}: fältet {falt} saknas i filen (namnet {namn} har tagits bort, till "
                    "exempel när celler raderats); fyll i en ny, oförändrad mall för {insats} "
                    "och skicka den i stället.")
VAL_NOT_WHOLE = ("{fil}: fältet {falt} ({cell}) innehåller '{varde}', som inte är ett heltal "
                 "0 eller större; skriv bara siffror, till exempel 12, utan decimaler, "
                 "minustecken eller ord.")
VAL_COUNT_DATE = ("{fil}: fältet {falt} ({cell}) visar datumet {varde}, inte ett antal; skriv "
                  "antalet som ett heltal, till exempel 12 (visar cellen ett datum när du "
                  "skriver ett tal, ändra cellens format till Tal).")
VAL_COUNT_TIME = ("{fil}: fältet {falt} ({cell}) visar tiden {varde}, inte ett antal; skriv "
                  "antalet som ett heltal, till exempel 12 (visar cellen en tid när du skriver "
                  "ett tal, ändra cellens format till Tal).")
VAL_COUNT_BOOLEAN = ("{fil}: fältet {falt} ({cell}) innehåller sanningsvärdet {varde}, inte ett "
                     "antal; skriv antalet som ett heltal, till exempel 12.")
VAL_COUNT_ERROR = ("{fil}: fältet {falt} ({cell}) innehåller felvärdet {varde}, inte ett "
                   "antal; skriv antalet som ett heltal, till exempel 12, i stället för en "
                   "formel.")
VAL_FORMULA_WITHOUT_VALUE = ("{fil}: fältet {falt} ({cell}) innehåller formeln {varde} utan "
                             "något uträknat värde (filen har skapats av ett program); öppna "
                             "filen i Excel eller LibreOffice, spara den och skicka den igen, "
                             "eller skriv antalet som ett heltal.")
VAL_ALL_EMPTY = ("{fil}: alla antal är tomma ({celler}); fyll i månadens siffror, skriv 0 där "
                 "inget har hänt, och skicka filen igen.")
# Outcomes per gender against ended: the advice depends on which way they differ.
VAL_OUTCOMES_TOO_MANY = ("{fil}: utfallen för {kon} ({celler}) summerar till {summa}, men "
                         "fältet {falt} ({cell}) är {avslutade}: {diff} utfall för mycket. "
                         "Varje avslutad person har exakt ett utfall; ta bort de utfall som är "
                         "för många, eller rätta antalet avslutade om det är det som är fel.")
VAL_OUTCOMES_TOO_FEW = ("{fil}: utfallen för {kon} ({celler}) summerar till {summa}, men "
                        "fältet {falt} ({cell}) är {avslutade}: {diff} av de avslutade saknar "
                        "utfall. Varje avslutad person har exakt ett utfall; ange utfallet för "
                        "dem som saknar ett (Okänt om du inte vet det), eller rätta antalet "
                        "avslutade om det är det som är fel.")
VAL_ENDED_EXCEEDS = ("{fil}: fältet {falt} ({cell}) är {avslutade}, fler än inskrivna vid "
                     "start plus nya för {kon} ({start} + {nya} = {max}, {cell_start} och "
                     "{cell_nya}); rätta antalet avslutade, inskrivna eller nya.")
VAL_SURVEY_EXCEEDS = ("{fil}: fältet {falt} ({cell}) är {positiva}, fler än {falt_svar} "
                      "({svar}, {cell_svar}); rätta så att svaren som når målet är högst lika "
                      "många som alla svar.")
VAL_PERSONNUMMER = ("{fil}: fältet {falt} ({cell}) innehöll ett personnummer, som har "
                    "maskerats och inte sparats någonstans; ta bort det ur filen och skriv "
                    "aldrig personnummer eller namn på deltagare i mallen.")
VAL_EXCEEDS_VOLUME = ("{fil}: {falt} ({celler}) är {varde}, mer än insatsens budgeterade volym "
                      "för hela året ({volym} {enhet}); kontrollera att siffran bara gäller "
                      "den här månaden.")
VAL_LATE = ("{fil} sparades {sparad} (svensk tid), efter rapportfristen {frist}; skicka nästa "
            "månads rapport senast den {dag}:e i månaden efter.")
VAL_EARLY = ("{fil} sparades {sparad} (svensk tid), innan {manad} var slut; kontrollera att "
             "fältet {falt} ({cell}) är rätt månad, och skicka en rapport för {period} först "
             "när månaden är slut, så att hela månaden kommer med.")
VAL_DUPLICATE = (("{fil} används för {insats} {period}, och en annan fil för samma insats "
                  "och månad räknas inte ({andra}): den senast sparade filen är den som "
                  "gäller. Kontrollera att det är den här filen som ska gälla, annars skicka "
                  "en rättad fil."),
                 ("{fil} används för {insats} {period}, och {n} andra filer för samma insats "
                  "och månad räknas inte ({andra}): den senast sparade filen är den som "
                  "gäller. Kontrollera att det är den här filen som ska gälla, annars skicka "
                  "en rättad fil."))
VAL_SUPERSEDED = ("{fil} (sparad {sparad}) räknas inte, eftersom {anvand} (sparad "
                  "{sparad_anvand}) gäller samma insats, {insats}, och månad, {period}, och "
                  "används i stället: den senast sparade filen är den som gäller.")
VAL_STOCK_FLOW = ("{fil}: fältet {falt} ({cell}) är {varde}, men enligt rapporten för "
                  "{fg_period} ({fg_fil}) var {vantat} kvar vid månadens slut ({start} + "
                  "{nya} − {avslutade}); kontrollera att inskrivna vid start är de som var "
                  "kvar vid förra månadens slut.")
VAL_OUTLIER = ("{fil}: fältet {falt} ({cell}) är {varde}, mer än tre gånger medianen "
               "{median} för insatsens {n} andra månader; kontrollera att siffran är rätt.")
VAL_EXP_PERIOD = "en månad skriven ÅÅÅÅ-MM, till exempel {exempel}"
VAL_EXP_PERIOD_YEAR = "en månad i {ar}"
VAL_EXP_INSATS = "en insats i planen: {ids}"
VAL_EXP_NAME = "namnet {namn} i filen"
VAL_EXP_WHOLE = "ett heltal 0 eller större"
VAL_EXP_ALL_EMPTY = "minst ett ifyllt antal"
VAL_EXP_OUTCOMES = "lika många avslutade som utfall (utfallen summerar till {summa})"
VAL_EXP_AT_MOST = "högst {n}"
VAL_EXP_NO_PNR = "inga personnummer"
VAL_EXP_LATE = "senast {frist}"
VAL_EXP_EARLY = "tidigast {forsta}"
VAL_EXP_OUTLIER = "högst {max}"

# ----------------------------------------------------------------------------- collect/check

# Collect and check (COL_, FB_; owned by collect.py and feedback.py).
COL_LINE_ACCEPTED = "{fil}: godkänd"
COL_LINE_ACCEPTED_WARN = ("{fil}: godkänd med {n} varning: {forsta}",
                          "{fil}: godkänd med {n} varningar: {forsta}")
COL_LINE_LATER = "{fil}: godkänd, men gäller {period}, efter {valt}, och räknas inte den här gången"
COL_LINE_COPY = "{fil}: godkänd, samma innehåll som {anvand} (räknas en gång)"
COL_LINE_REJECTED = "{fil}: underkänd: {forsta}"
COL_LINE_REJECTED_MORE = "{fil}: underkänd: {forsta} (och {n} fel till)"
COL_LINE_IGNORED = "{fil}: ignorerad: {orsak}"
COL_LINE_SUPERSEDED = "{fil}: ersatt av {anvand}"
COL_LINE_CORRECTED = ("{fil}: ersatt av {anvand}, en nyare godkänd fil för samma insats och "
                      "månad (den här var underkänd: {forsta})")
COL_FINDING_ERROR = "  fel: {text}"
COL_FINDING_WARNING = "  varning: {text}"
# Short reasons for the one line per file (SHORT_<code>; findings.py ties each to its code).
# Placeholders from the finding: falt (field), cell, varde (value found), vantat (expected).
SHORT_BAD_PERIOD = "{falt} ({cell}) är '{varde}', inte en månad ÅÅÅÅ-MM"
SHORT_PERIOD_OUTSIDE_YEAR = "perioden {varde} ({cell}) ligger utanför planens år"
SHORT_UNKNOWN_INSATS = "insatsen '{varde}' ({cell}) finns inte i planen"
SHORT_INSATS_INACTIVE = "insatsen är inte aktiv {varde} ({vantat})"
SHORT_MISSING_NAME = "fältet {falt} saknas i filen"
SHORT_NAME_PERIOD_MISMATCH = "filnamnet gäller {vantat}, men {falt} ({cell}) är {varde}"
SHORT_NAME_INSATS_MISMATCH = "filnamnet gäller {vantat}, men {falt} ({cell}) är {varde}"
SHORT_NOT_WHOLE_NUMBER = "{falt} ({cell}) är '{varde}', inte ett heltal 0 eller större"
SHORT_COUNT_DATE = "{falt} ({cell}) visar datumet eller tiden {varde}, inte ett antal"
SHORT_COUNT_BOOLEAN = "{falt} ({cell}) är sanningsvärdet {varde}, inte ett antal"
SHORT_COUNT_ERROR = "{falt} ({cell}) är felvärdet {varde}, inte ett antal"
SHORT_FORMULA_WITHOUT_VALUE = ("{falt} ({cell}) är en formel utan uträknat värde; öppna filen i "
                               "Excel eller LibreOffice och spara den")
SHORT_ALL_EMPTY = "alla antal är tomma"
SHORT_OUTCOMES_MISMATCH = "utfallen summerar inte till {falt} ({cell})"
SHORT_ENDED_EXCEEDS = "{falt} ({cell}) är fler än inskrivna vid start plus nya"
SHORT_SURVEY_EXCEEDS = "{falt} ({cell}) är fler än antalet enkätsvar"
SHORT_PERSONNUMMER = "personnummer i {falt} ({cell}), maskerat"
SHORT_FORBUND_MISMATCH = "{falt} ({cell}) är '{varde}', inte planens förbund"
SHORT_EXCEEDS_VOLUME = "{falt} ({cell}) är {varde}, mer än årets budgeterade volym"
SHORT_LATE = "sparad {varde}, efter rapportfristen ({vantat})"
SHORT_EARLY = "sparad {varde}, innan månaden var slut ({vantat})"
SHORT_DUPLICATE = "används i stället för {varde}"
SHORT_SUPERSEDED = "ersatt av {vantat}"
SHORT_STOCK_FLOW_BREAK = "{falt} ({cell}) är {varde}, förra månadens slut var {vantat}"
SHORT_OUTLIER = "{falt} ({cell}) är {varde}, ovanligt högt mot andra månader"
SHORT_FILE_NOT_FOUND = "filen finns inte"
SHORT_EMPTY_FOLDER = "en mapp utan filer; inget har granskats"
SHORT_FILE_UNREADABLE = "filen går inte att öppna"
SHORT_INTERNAL_ERROR = "ett fel i finsam-xl ({varde}), inte i filen; rapportera felet"
SHORT_FILE_EMPTY = "filen är tom (0 byte)"
SHORT_FILE_TOO_LARGE = "filen är för stor ({varde})"
SHORT_FILE_ENCRYPTED = "filen är skyddad med lösenord"
SHORT_FILE_FORMAT = "annat format än Excel-arbetsbok; spara mallen som .xlsx"
SHORT_FILE_CORRUPT = "filen är skadad och går inte att läsa"
SHORT_FILE_ZIP_BOMB = "filen är orimligt stor uppackad och läses inte"
SHORT_NOT_TEMPLATE = "filen är inte en finsam-xl-mall"
SHORT_UNKNOWN_VERSION = "okänd mallversion"
SHORT_NAME_REF_ERROR = "fältet {falt} pekar inte på någon cell"
COL_FILE_NOT_FOUND = "{fil} finns inte; kontrollera filnamnet och sökvägen och kör igen."
COL_EMPTY_FOLDER = ("{fil} är en mapp utan filer, så inget har granskats; ange filerna som ska "
                    "granskas, eller en mapp som innehåller dem.")
COL_HIDDEN_DIR = "ligger i en dold mapp"
# A file of a year for which no plan was given (run/read.py): ignored, never rejected.
COL_OTHER_YEAR = "{period} hör till {ar}; planer finns för {planar}"
COL_OTHER_YEARS_NOTE = (("{n} fil hör till {ar}, som ingen plan gäller, och ignoreras. Ange "
                         "planen för {ar} med --plan (eller lägg den i arbetsmappen som "
                         "plan-ÅÅÅÅ.xlsx) om den ska bedömas."),
                        ("{n} filer hör till {ar}, som ingen plan gäller, och ignoreras. Ange "
                         "planen för {ar} med --plan (eller lägg den i arbetsmappen som "
                         "plan-ÅÅÅÅ.xlsx) om de ska bedömas."))
COL_NO_PLAN_YEAR = (("Ingen fil i {inbox} hör till planens år, så det finns inget att "
                     "sammanställa: planen är {planer}, men filerna gäller {ar}. Ange planen "
                     "för {ar} med --plan (en ny plan skrivs med 'finsam-xl plan new -o "
                     "plan-{sista}.xlsx')."),
                    ("Ingen fil i {inbox} hör till planernas år, så det finns inget att "
                     "sammanställa: planerna är {planer}, men filerna gäller {ar}. Ange planen "
                     "för {ar} med --plan (en ny plan skrivs med 'finsam-xl plan new -o "
                     "plan-{sista}.xlsx')."))
COL_PROGRESS = "Läser filer"
COL_SUMMARY = ("Filer lästa: {lasta}. Godkända: {godkanda}, underkända: {underkanda}, "
               "ignorerade: {ignorerade}, ersatta: {ersatta}. Varningar: {varningar}.")
COL_PERIOD_GIVEN = "Period: {period} (angiven med --period)."
COL_PERIOD_HALF = ("Period: {period} (den senaste avslutade månaden som minst hälften av de "
                   "aktiva insatserna har rapporterat: {k} av {n}).")
COL_PERIOD_MOST = ("Period: {period} (ingen månad har godkända rapporter från minst hälften av "
                   "de aktiva insatserna; vald är den avslutade månaden med flest: {k} av {n}).")
COL_PERIOD_NONE_ENDED = (("Period: {period} (ingen månad med godkända rapporter är slut än; "
                          "vald är månaden med flest: {k} av {n} aktiv insats)."),
                         ("Period: {period} (ingen månad med godkända rapporter är slut än; "
                          "vald är månaden med flest: {k} av {n} aktiva insatser)."))
COL_PASSED_NOT_ENDED = (("{period} hoppas över: månaden är inte slut än ({k} av {n} aktiv "
                         "insats har rapporterat). Ange --period {period} för att "
                         "sammanställa den ändå."),
                        ("{period} hoppas över: månaden är inte slut än ({k} av {n} aktiva "
                         "insatser har rapporterat). Ange --period {period} för att "
                         "sammanställa den ändå."))
COL_PASSED_FEW = ("{period} hoppas över: bara {k} av {n} aktiva insatser har en godkänd "
                  "rapport för månaden. Ange --period {period} för att sammanställa den ändå.")
COL_LATER_NOT_COUNTED = ("{n} godkänd fil gäller en månad efter {period} och räknas inte nu.",
                         "{n} godkända filer gäller månader efter {period} och räknas inte nu.")
COL_PERIOD_DEMO = "Period: {period} (demons sista månad)."
COL_PERIOD_NOT_ENDED = ("Obs: {manad} är inte slut än, så uppföljningen för den är preliminär; "
                        "månadens rapporter ska vara inne senast {frist}.")
COL_WORKBOOK = "Uppföljningsarbetsboken: {path}"
COL_FEEDBACK = ("Återkoppling till samordnarna: {n} fil i {path}",
                "Återkoppling till samordnarna: {n} filer i {path}")
COL_FEEDBACK_NONE = "Ingen återkoppling behövs: inga fel eller varningar."
# Which letters to send (each letter has an e-mail draft beside it), and what is gone.
COL_NEW_LETTERS = (("{n} nytt eller ändrat brev att skicka sedan förra körningen (öppna "
                    "utkastet i e-postprogrammet och skicka det):"),
                   ("{n} nya eller ändrade brev att skicka sedan förra körningen (öppna "
                    "utkasten i e-postprogrammet och skicka dem):"))
COL_NEW_LETTER = "  {path} {till}"
COL_NO_NEW_LETTERS = ("Inga nya eller ändrade brev att skicka: breven är desamma som efter "
                      "förra körningen.")
COL_LETTERS_GONE = "Brev som inte behövs längre och har tagits bort ({n}): {filer}"
COL_DRAFTS_GONE = ("Utkast som inte behövs längre, eftersom rapporten har kommit in, har "
                   "tagits bort ({n}): {filer}")
# What comes after collect: who is still missing for P, and the commands to go on with.
COL_ALL_IN = ("Den aktiva insatsen har en godkänd rapport för {manad}.",
              "Alla {n} aktiva insatser har en godkänd rapport för {manad}.")
COL_MISSING = "Saknar godkänd rapport för {manad} ({n}): {insatser}."
COL_MISSING_NOT_ENDED = ("Har inte rapporterat för {manad} än ({n}; månaden är inte slut): "
                         "{insatser}.")
COL_MISSING_REJECTED = "{namn} (underkänd)"
COL_SEE_STATUS = "Se alla månader med 'finsam-xl status'."
COL_SEE_STATUS_REMIND = ("Se alla månader med 'finsam-xl status' och skriv påminnelser med "
                         "'finsam-xl remind --period {period}'.")
COL_NO_ACCEPTED = ("Ingen fil i {inbox} godkändes, så ingen uppföljning eller återkoppling "
                   "skrevs. Rätta filerna enligt raderna ovan, eller ange månaden med "
                   "--period för att skriva uppföljning och återkoppling ändå.")
COL_NO_INBOX = ("Hittar ingen inkorg {inbox}. Skapa mappen och lägg de ifyllda mallarna där, "
                "eller ange mappen med --inbox.")
COL_INBOX_NOT_DIR = "{inbox} är en fil, inte en mapp. Ange inkorgen med --inbox."
COL_OUTBOX_NOT_DIR = "{outbox} är en fil, inte en mapp. Ange utkorgen med --outbox."
COL_OVERLAP = ("Inkorgen {inbox} och utkorgen {outbox} ligger i varandra, men finsam-xl "
               "skriver aldrig i inkorgen; välj två skilda mappar med --inbox och --outbox.")
COL_BAD_EPOCH = ("Miljövariabeln SOURCE_DATE_EPOCH ska vara ett heltal (sekunder sedan "
                 "1970-01-01), inte '{varde}'. Ta bort den eller rätta den.")
COL_LOCKED = ("En annan körning av finsam-xl pågår i {outbox} (låsfilen {lock}); vänta tills "
              "den är klar och kör sedan igen.")
COL_WRITE_FAILED = "Kunde inte skriva {path}: {error}. Inget i utkorgen har ändrats."
FB_TITLE = "Återkoppling på {fil}"
FB_FROM = "Från kansliet, {forbund}, uppföljningen {ar}."
FB_ABOUT = "Insats: {insats}. Period: {period}."
FB_REJECTED = ("Filen är underkänd och räknas inte i uppföljningen. Rätta felen nedan i samma "
               "fil, spara den som .xlsx och skicka den till kansliet igen.")
FB_ACCEPTED_WARN = ("Filen är godkänd och räknas i uppföljningen, men kontrollera varningarna "
                    "nedan. Skicka en rättad fil om något är fel: den senast sparade filen "
                    "för en insats och månad är den som gäller.")
FB_SUPERSEDED = ("Filen räknas inte, eftersom en nyare fil för samma insats och månad används: "
                 "{anvand}.")
FB_CORRECTED = ("Filen var underkänd, men en nyare godkänd fil för samma insats och månad "
                "används i stället: {anvand}. Inget behöver rättas.")
FB_COPY = ("Filen är godkänd och har samma innehåll som {anvand}, så den räknas en gång; "
           "kontrollera varningarna nedan.")
FB_ACCEPTED_LATER = ("Filen är godkänd och räknas i uppföljningen för {period}, inte i den här, "
                     "som gäller {valt}; kontrollera varningarna nedan.")
FB_SUBJECT = "Återkoppling: månadsrapport för {insats}, {manad}"
FB_SUBJECT_FILE = "Återkoppling på {fil}"
FB_ERRORS_HEAD = "Fel att rätta:"
FB_WARNINGS_HEAD = "Varningar att kontrollera:"
FB_DETAIL_FIELD = "Fält: {falt}"
FB_DETAIL_CELL = "cell: {cell}"
FB_DETAIL_VALUE = "värde i filen: {varde}"
FB_DETAIL_EXPECTED = "förväntat: {vantat}"
FB_CLOSING = ("Tips: mallens celler har namn som finsam-xl läser. Skriv bara i de gula "
              "inmatningscellerna; flytta, radera eller klistra inte in celler.")
FB_UNKNOWN = "okänd"
FB_MARKED = ("Bredvid det här brevet finns {fil}: en kopia av din fil där varje cell som nämns "
             "nedan är färgad (röd för fel, gul för varningar) och har en kommentar om vad som "
             "ska rättas. Rätta i din egen fil eller i kopian och skicka den till kansliet.")
FB_NAME_SHORTENED = ("Filens namn är för långt för ett filnamn i utkorgen, så brevet, den "
                     "märkta kopian och e-postutkastet heter {namn} (med .txt, .xlsx och .eml).")
FB_LEFT_OUT = ("Kopian innehåller bara det som hör till mallen. Från din fil är utelämnat: "
               "{delar}. Din egen fil är oförändrad.")
# What a marked copy leaves out of a coordinator's file, as the letter names it (by the kind
# coordinator/marked/sheetclean.LeftOut records).
MARK_LEFT_OUT = {
    "sheets": "andra blad än Rapport",
    "sheet-name": "rapportbladets nya namn (i kopian heter bladet Rapport)",
    "names": "namngivna celler och områden utöver mallens",
    "formulas": "formler som läser det som är utelämnat (deras senast beräknade värden finns "
                "kvar)",
    "comments": "kommentarstrådar och kommentarer på andra blad",
    "drawings": "bilder, diagram och former",
    "links": "länkar och kopplingar till andra filer",
    "objects": "makron och inbäddade objekt",
    "properties": "egna dokumentegenskaper och inbäddade data",
    "validation-texts": "egna meddelanden till cellernas inmatningsregler",
    "other": "annat innehåll som inte hör till mallen (till exempel tabeller eller "
             "pivottabeller)",
}
COL_MARKED = "Märkta kopior av samordnarnas filer: {n} i {path}"
# One file's letter, marked copy or draft that could not be written (run/letters.py): the
# file's own line; the run, and the workbook, go on.
COL_OUTPUT_FAILED = {
    "letter": "Inget brev till {fil}: {fel}. Filen finns ändå i arbetsboken.",
    "marked": "Ingen märkt kopia av {fil}: {fel}. Brevet skrevs ändå.",
    "draft": "Inget e-postutkast för brevet om {fil}: {fel}. Brevet skrevs ändå.",
}
COL_OUTPUT_BUG = ("ett oväntat fel i finsam-xl ({kind}), inte i filen; kontakta den som "
                  "förvaltar finsam-xl")

# Reminders (REM_, owned by remind.py): the e-mail draft and the terminal lines.
REM_SUBJECT = "Påminnelse: månadsrapport för {insats}, {manad}"
REM_GREETING = "Hej {namn}!"
REM_GREETING_NONAME = "Hej!"
# Before the deadline (or on it): the report is due that day; after it: it is missing.
REM_BODY_MISSING = ("Vi har ännu inte fått någon godkänd månadsrapport för {insats} för "
                    "{manad}. Sista dag för rapporten är {frist}. Fyll i den bifogade mallen "
                    "(de gula cellerna), spara den som .xlsx och skicka den till kansliet.")
REM_BODY_OVERDUE = ("Månadsrapporten för {insats} för {manad} saknas: sista dag för den var "
                    "{frist}, och vi har inte fått någon godkänd rapport. Fyll i den bifogade "
                    "mallen (de gula cellerna), spara den som .xlsx och skicka den till "
                    "kansliet så snart du kan.")
REM_BODY_REJECTED = ("Rapporten för {insats} för {manad} ({filer}) kunde inte godkännas. "
                     "Bifogat finns din fil med felen markerade och ett brev om vad som ska "
                     "rättas. Rätta filen och skicka den till kansliet igen; sista dag för "
                     "rapporten är {frist}.")
REM_BODY_REJECTED_OVERDUE = ("Rapporten för {insats} för {manad} ({filer}) kunde inte "
                             "godkännas, och sista dag för rapporten, {frist}, har passerat. "
                             "Bifogat finns din fil med felen markerade och ett brev om vad "
                             "som ska rättas. Rätta filen och skicka den till kansliet igen så "
                             "snart du kan.")
REM_CLOSING = "Tack på förhand!\nKansliet, {forbund}"
REM_LINE_MISSING = "Skrev {path} {till} (mallen bifogad)"
REM_LINE_REJECTED = "Skrev {path} {till} (underkänd rapport: märkt kopia och brev bifogade)"
# An e-mail draft's recipient, as a command's line names it (letters, reminders, utskick).
DRAFT_TO = "till {till}"
DRAFT_TO_INVALID = "utan mottagare, ogiltig adress '{adress}' i planen"
DRAFT_TO_MISSING = "utan mottagare, ingen e-postadress i planen"
DRAFT_TO_UNKNOWN = "utan mottagare, filen anger ingen insats i planen"
DRAFT_NONE = "(inget e-postutkast, se ovan: skicka brevet och kopian från din e-post)"
DRAFTS_NO_TO = ("Utkast utan mottagare: fyll i adressen i utkastet, eller i planen (kolumnen "
                "e-post på bladet Insatser) och kör igen.")
REM_NO_ADDRESS = ("Saknar e-postadress i planen (kolumnen e-post på bladet Insatser): {ids}. "
                  "Fyll i adressen i utkastet, eller i planen och kör igen.")
REM_BAD_ADDRESS = ("Ogiltig adress '{adress}' i planen för {id} (kolumnen e-post på bladet "
                   "Insatser): rätta den i planen och kör igen, eller fyll i adressen i "
                   "utkastet.")
REM_DEADLINE_AHEAD = "Sista dag för rapporterna för {manad} är {frist}."
REM_DEADLINE_PASSED = ("Sista dag för rapporterna för {manad} var {frist}: påminnelserna säger "
                       "att rapporten saknas och att fristen har gått ut.")
REM_NOT_ENDED = ("Månaden {manad} är inte slut än. För att skicka ut månadens mall till alla "
                 "insatser, kör 'finsam-xl utskick --period {period}'.")
REM_DONE = ("Klart: {n} påminnelse för {manad} i {path}.",
            "Klart: {n} påminnelser för {manad} i {path}.")
REM_NONE = "Alla aktiva insatser har en godkänd rapport för {manad}; inga påminnelser behövs."
REM_NO_PERIOD = ("Ingen fil i {inbox} är godkänd ännu, så det finns ingen månad att påminna "
                 "om. Ange månaden med --period.")
REM_WRITE_FAILED = "Kunde inte skriva {path}: {error}."

# The start of the month (UTS_, owned by coordinator/utskick.py): the e-mail draft that
# sends a month's template, and the terminal lines.
UTS_SUBJECT = "Mall för månadsrapporten för {insats}, {manad}"
UTS_BODY = "Här är mallen för månadsrapporten för {insats} för {manad}."
UTS_FILL_AFTER = ("Fyll i de gula cellerna när månaden är slut, spara filen som .xlsx och "
                  "skicka den till kansliet senast {frist}.")
UTS_FILL_NOW = ("Fyll i de gula cellerna, spara filen som .xlsx och skicka den till kansliet "
                "senast {frist}.")
UTS_FILL_LATE = ("Fyll i de gula cellerna, spara filen som .xlsx och skicka den till kansliet "
                 "så snart du kan; sista dag för rapporten var {frist}.")
UTS_PREFILLED = ("Inskrivna vid månadens start är redan ifyllda med dem som var inskrivna vid "
                 "slutet av {manad} enligt {fil}; ändra siffrorna om de inte stämmer.")
UTS_CLOSING = "Hör av dig om något är oklart.\nKansliet, {forbund}"
UTS_PERIOD_DEFAULT = ("Period: {period} ({manad}, månaden efter den senast avslutade; ange "
                      "en annan med --period).")
UTS_DEFAULT_OUTSIDE = ("Månaden efter den senast avslutade är {manad}, som ligger utanför "
                       "planens år {ar}. Ange månaden med --period, eller använd planen för "
                       "året.")
UTS_LINE = "Skrev {path} {till} (mallen bifogad)"
UTS_LINE_PREFILLED = "Skrev {path} {till} (mallen bifogad, start ifylld från {fil}, {period})"
UTS_DONE = "Klart: {n} utskick för {manad} i {path}. Sista dag för rapporterna: {frist}."

# The marked copy (MARK_, owned by marked.py): the note on a cell named in a finding.
MARK_ERROR = "Fel: {text}"
MARK_WARNING = "Varning: {text}"
MARK_EARLIER_NOTE = "Tidigare kommentar: {text}"

# ----------------------------------------------------------------------------- workbook

WB_TITLE = "Uppföljning {forbund} {ar}"
WB_SUBTITLE = "Januari–{manad} {ar} (period {period})"
WB_SUBTITLE_JAN = "Januari {ar} (period {period})"
WB_FOOTER = "&L{forbund}&CPeriod {period}&RSida &P av &N"
WB_NIVA = {"individ": "individ", "struktur": "struktur"}
WB_STATUS = {"gron": "Grön", "gul": "Gul", "rod": "Röd"}
# The insats number: the key every sheet's rows are found by (the plan's order).
WB_NR = "Nr"
# Översikt's columns, by key (columns a plan has no use for are left out, see oversikt.py).
WB_OV_COLS = {"nr": WB_NR, "namn": "Insats", "niva": "Nivå", "enhet": "Enhet",
              "budget": "Budgeterad volym", "ytd": "Hittills i år", "ach": "Uppnådd andel",
              "exp": "Förväntad andel", "status": "Status", "nya": "Nya i år",
              "avsl": "Avslutade i år", "now": "Inskrivna nu",
              "women": "Andel kvinnor av deltagarna i år",
              "goals": "Måluppfyllelse", "anm": "Anmärkning",
              "fjol": "Samma period i fjol"}
WB_OV_TOTAL = "Summa {niva}, {enhet}"
WB_OV_FLAG = "inskrivna avser {manad}"
WB_OV_NO_REPORT = "ingen godkänd rapport än"
WB_OV_ENDED = "aktiv till och med {manad}"
WB_OV_NOT_STARTED = "startar i {manad}"
WB_OV_MISSING = "saknar rapport för {manader}"
# Måluppfyllelse of an insats with several goals; the words agree with the count (1 or more).
WB_OV_GOALS = "{n} mål: {met} {uppfyllda}, {failed} {ej_uppfyllda}, {unknown} kan inte bedömas än"
WB_OV_GOALS_WORDS = {"uppfyllda": ("uppfyllt", "uppfyllda"),
                     "ej_uppfyllda": ("ej uppfyllt", "ej uppfyllda")}
# A total's Anmärkning: the two figures its achieved share divides.
WB_OV_TOTAL_SHARE = "uppnådd andel: {ytd} av {volym} (insatserna med budgeterad volym)"
# Översikt's third row when the outbox held the workbook of an earlier period (Ändringar).
WB_OV_CHANGES_NONE = "Sedan rapporten för {manad} har inga värden ändrats."
WB_OV_CHANGES_ONE = "Sedan rapporten för {manad} har 1 värde ändrats; se bladet Ändringar."
WB_OV_CHANGES = "Sedan rapporten för {manad} har {n} värden ändrats; se bladet Ändringar."
WB_OV_CHANGES_ERROR = ("Arbetsboken för {manad} i utkorgen gick inte att läsa, så ändringarna "
                       "sedan dess visas inte; se bladet Ändringar.")
WB_OV_NOTE = ("Status: Grön = uppnådd andel minst den förväntade, Gul = minst 80 % av den "
              "förväntade, Röd = lägre; ingen status för en insats som inte är aktiv under "
              "perioden. Förväntad andel = aktiva månader hittills / aktiva månader under året. "
              "Hittills i år räknar de rapporter som har kommit in; saknade månader står i "
              "Anmärkning. Summornas uppnådda andel räknas bara över insatserna med budgeterad "
              "volym (talen står i Anmärkning). Inskrivna nu räknas för insatser som är aktiva "
              "under perioden.")
WB_OV_NOTE_NO_VOLUME = ("Planen anger ingen budgeterad volym, så översikten visar deltagare "
                        "och mål i stället för andel av volym. Hittills i år räknar de rapporter "
                        "som har kommit in; saknade månader står i Anmärkning. Inskrivna nu "
                        "räknas för insatser som är aktiva under perioden.")
WB_OV_GOAL_TITLE = "Förbundets mål: resultat över alla insatser som målet gäller"
WB_OV_GOAL_HEAD = {"nr": WB_NR, "namn": "Mål", "n": "Insatser", "target": "Målvärde",
                   "kvinnor": "Kvinnor", "man": "Män", "alla": "Alla", "status": "Resultat",
                   "comment": "Kommentar", "fjol": "I fjol"}
WB_OV_NO_GOALS = "Planen har inga mål."
# Headline comments (built as formulas; {..} are numbers of the workbook).
WB_GOAL_NONE_ENDED = "Ingen har avslutats än."
WB_GOAL_ENDED = "{num} av {den} avslutade i målets utfall."
WB_GOAL_NO_WOMEN = " Inga kvinnor har avslutats än."
WB_GOAL_NO_MEN = " Inga män har avslutats än."
WB_GOAL_BOTH = " Målet gäller kvinnor och män var för sig."
WB_GOAL_NO_ANSWERS = "Inga enkätsvar än."
WB_GOAL_ANSWERS = "{num} av {den} enkätsvar når målet."
WB_GOAL_INSATSER = "{met} av {n} insatser når målet."
WB_GOAL_NO_REPORT = " {k} har ingen rapport än."
WB_GOAL_NOT_MEASURED = "Inga av målets insatser rapporterar det som målet mäter."
WB_CHART_TITLE = "Uppnådd andel av budgeterad volym mot förväntad andel"
WB_CHART_ACHIEVED = "Uppnådd andel"
WB_CHART_EXPECTED = "Förväntad andel"
WB_TREND_TITLE = "Deltagare per månad, alla deltagarinsatser"
WB_TREND_ENROLLED = "Inskrivna vid månadens slut"
WB_TREND_NEW = "Nya under månaden"
WB_TREND_AXIS = "* = minst en deltagarinsats saknar rapport för månaden"
WB_OV_CHART_DATA = "Underlag för diagrammet över volym (skrivs inte ut)"
WB_OV_CHART_HEAD = ("Insats", "Uppnådd andel", "Förväntad andel")
WB_MD_HEAD_INSATS = "Insats"
WB_MD_HEAD_START = "Start första rapportmånaden"
WB_MD_HEAD_YTD = "Hittills i år"
WB_MD_HEAD_REPORTS = "Rapporter"
WB_MD_HEAD_MISSING = "Saknar rapport"
WB_MD_NOTE = ("Ett block per nivå och enhet, så att varje summa lägger ihop likadana saker. "
              "Deltagarinsatser: nya deltagare per månad, och inskrivna vid starten av den "
              "första rapporterade månaden. Övriga insatser: månadens antal. Tomt = ingen "
              "rapport i bladet Data. Rapporter = månader med rapport; Saknar rapport = aktiva "
              "månader till och med perioden utan rapport.")
# A block's title: "Deltagare, individinriktade insatser: nya deltagare per månad".
WB_MD_BLOCK = "{enhet}, {niva}: {matt}"
WB_MD_ENHET = {"deltagare": "Deltagare", "möten": "Möten", "kontakter": "Kontakter"}
WB_NIVA_LONG = {"individ": "individinriktade insatser", "struktur": "strukturövergripande insatser"}
WB_MD_MEASURE_FLOW = "nya deltagare per månad"
WB_MD_MEASURE = "{enhet} per månad"
WB_MD_SUM = "Summa {enhet}"
WB_MD_TREND_NEW = "Nya under månaden, alla deltagarinsatser"
WB_MD_TREND_ENROLLED = "Inskrivna vid månadens slut, alla deltagarinsatser"
WB_MD_TREND_MISSING = "Deltagarinsatser som saknar rapport"
WB_MD_TREND_LABELS = "Månad i diagrammet (* = rapport saknas)"
WB_DF_HEAD = (WB_NR, "Insats", "Period", "Rapport", "Första", "Senaste")
WB_DF_YES = "Ja"
WB_DF_MISSING = "Saknas"
WB_DF_MEASURES = {"start": "Start", "nya": "Nya", "avslutade": "Avslutade", "slut": "Slut"}
WB_DF_KON = {"kvinnor": "kvinnor", "man": "män", "totalt": "totalt"}
WB_DF_NOTE = ("En rad per insats och aktiv månad till och med perioden, räknad ur bladet Data. "
              "Rapport = Ja när Data har en rapport för månaden; Första och Senaste = den första "
              "och den senaste rapporterade månaden. Start = inskrivna vid månadens början, "
              "Slut = start + nya − avslutade.")
WB_UT_TITLE_GOALS = "Mål per insats"
WB_UT_GOAL_BLOCK = "Mål {nr}: {namn}"
WB_UT_GOAL_NOTE = ("Resultat per insats för varje mål. Översiktens rad för målet räknar samman "
                   "alla insatser som målet gäller.")
WB_UT_GOAL_HEAD = {
    "utfall": (WB_NR, "Insats", "Mål nr", "Resultat", "Kvinnor", "Män", "Alla", "Målvärde",
               "Avslutade kvinnor", "Varav i målets utfall, kvinnor", "Avslutade män",
               "Varav i målets utfall, män"),
    "enkät": (WB_NR, "Insats", "Mål nr", "Resultat", "Andel", "Målvärde", "Enkätsvar",
              "Varav når målet"),
    "inskrivna": (WB_NR, "Insats", "Mål nr", "Resultat",
                  "Lägsta antal inskrivna vid månadens slut", "Målvärde"),
}
WB_UT_MET = "Uppfyllt"
WB_UT_NOT_MET = "Ej uppfyllt"
WB_UT_UNKNOWN = "Kan inte bedömas än"
WB_UT_TITLE_GENDER = "Andel kvinnor"
WB_UT_GENDER_HEAD = (WB_NR, "Insats", "Nya kvinnor", "Nya totalt", "Andel kvinnor av nya",
                     "Avslutade kvinnor", "Avslutade totalt", "Andel kvinnor av avslutade")
WB_UT_TITLE_OUTCOMES = "Avslutade deltagare hittills i år efter utfall och kön"
WB_UT_KAT_SHORT = {"arbete": "Arbete", "studier": "Studier",
                   "arbetssokande": "Aktivt arbetssökande",
                   "rehab": "Fortsatt rehabilitering", "annat": "Avbrott, flytt, annat",
                   "okant": "Okänt"}
WB_UT_HEAD = (WB_NR, "Insats", "Kön")
WB_UT_SUM = "Summa avslutade"
WB_UT_KON = {"kvinnor": "Kvinnor", "man": "Män", "alla": "Alla", "andel": "Andel av alla"}
WB_UT_NO_GOALS = "Planen har inga mål som kan följas upp med månadsrapporterna."
WB_IN_STATUS = {"inkommen": "Inkommen", "sen": "Sen", "underkand": "Underkänd",
                "saknas": "Saknas", "inaktiv": "–", "framtida": ""}
WB_IN_HEAD_INSATS = "Insats"
WB_IN_HEAD_RATE = "Andel inkomna"
WB_IN_HEAD_ACTIVE_P = "Aktiva månader hittills"
WB_IN_HEAD_ACTIVE_YEAR = "Aktiva månader i år"
WB_IN_ROW_RATE = "Andel inkomna"
WB_IN_NOTE = ("Inkommen = godkänd rapport, Sen = godkänd men inlämnad efter fristen, "
              "Underkänd = bara underkända filer, Saknas = ingen fil, – = insatsen är inte aktiv. "
              "Andel inkomna = (Inkommen + Sen) / månader som rapport har begärts för. "
              "Översiktens förväntade andel = aktiva månader hittills / aktiva månader i år.")
WB_KO_HEAD = (WB_NR, "Insats", "Period", "Rapporterad av", "Kommentar", "Fil")
WB_KO_NONE = "Ingen av rapporterna har någon kommentar."
# Ändringar (andringar.py, changes.py)
WB_AN_HEAD = (WB_NR, "Insats", "Månad", "Mått", "Kön", "Då", "Nu", "Fil")
WB_AN_NOTE = ("Värden för månader till och med {manad} som skiljer sig från arbetsboken för "
              "{manad} ({fil} i utkorgen), den rapport som styrelsen senast fick. Då = värdet i "
              "den arbetsboken, Nu = värdet i den här; Fil = filen som värdet nu kommer från.")
WB_AN_NO_FILE = "(ingen godkänd rapport nu)"
WB_AN_NO_EARLIER = ("Utkorgen har ingen arbetsbok för en tidigare månad i år, så det finns "
                    "inget att jämföra med.")
WB_AN_NONE = "Inga värden har ändrats sedan rapporten för {manad}."
WB_AN_ERROR = "Arbetsboken {fil} gick inte att läsa ({fel}), så ändringarna sedan dess visas inte."
WB_AN_UNREADABLE = "filen är skadad eller inte en arbetsbok"
WB_AN_NO_DATA = "den har inget blad Data med tabellens kolumner"
# Uppföljning Finsam (finsam.py)
# Samma period i fjol (wb/fjol.py): the previous plan year, January to P's month.
WB_FJ_NOTE = ("Förra årets siffror för samma period, januari–{manad} {ar}, ur förra årets "
              "rapporter (raderna för {ar} i Data), för jämförelse med i år. Kolumnen I år: "
              "insatsen finns med samma id, nivå och enhet i årets plan (då visas "
              "siffran på Översikt).")
WB_FJ_HEAD = ("Insats-id", "Insats", "Nivå", "Enhet", "I år", "Hittills", "Lägsta antal inskrivna",
              "Avslutade")
WB_FJ_CAT = "Avslutade till {kategori}"
WB_FJ_SVAR = "Enkätsvar"
WB_FJ_POSITIVA = "Enkätsvar som når målet"
WB_FJ_MONTH_END = "Inskrivna vid slutet av {manad}"
WB_FJ_YES = "Ja"
WB_FJ_MET = "{met} av {n} insatser"
WB_FI_NOTE = ("Siffrorna som förbundet för in i det nationella uppföljningssystemet, per insats: "
              "nivå, budgeterade deltagare och deltagare hittills i år (inskrivna vid starten av "
              "den första rapporterade månaden plus alla nya), för individinriktade insatser "
              "uppdelat på kvinnor och män.")
WB_FI_HEAD = (WB_NR, "Insats", "Nivå", "Enhet", "Budgeterade deltagare",
              "Deltagare hittills i år, kvinnor", "Deltagare hittills i år, män",
              "Deltagare hittills i år, totalt", "Anmärkning")
WB_FI_NIVA = {"individ": "individinriktad", "struktur": "strukturövergripande"}
WB_FI_NOT_PARTICIPANTS = "räknas i {enhet}, inte i deltagare"
WB_FI_TOTAL = "Summa {niva}"
# The copy for publishing (publish.py, publish_sheets.py) and its flag on collect.
WB_PUB_CLI_HELP = ("Skriv också en kopia för publicering på webben, "
                   "uppfoljning-<period>-publicerad.xlsx: utan filnamn, kommentarer, "
                   "Avvikelser och Data; antal 1–4 visas som 1–4.")
WB_PUB_WRITTEN = "Kopia för publicering: {path}"
WB_PUB_TITLE = "Uppföljning {forbund} {ar}, kopia för publicering"
WB_PUB_SMALL = "1–4"
WB_PUB_STATUS = {"gron": "I fas med planen", "gul": "Något efter planen", "rod": "Efter planen"}
WB_PUB_NOTE = ("Kopia för publicering. Så att ingen enskild person kan pekas ut visas antal "
               "mellan 1 och 4 som 1–4, och en andel visas inte när den bygger på färre än 5 "
               "eller när den skulle avslöja ett antal mellan 1 och 4. Status: I fas med "
               "planen = uppnådd andel minst den förväntade, Något efter planen = minst 80 % "
               "av den, Efter planen = lägre.")
WB_PUB_GOAL_HEAD = ("Mål nr", "Resultat", "Kvinnor", "Män", "Alla", "Lägsta antal inskrivna",
                    "Målvärde", "Mål")
WB_PUB_ABOUT_TITLE = "Kopia för publicering"
WB_PUB_ABOUT = ("Den här kopian är gjord för att publiceras. Den saknar filnamn, samordnarnas "
                "kommentarer och bladen Avvikelser, Data, Ändringar och Kommentarer. Antal "
                "mellan 1 och 4 visas som 1–4, och andelar som bygger på färre än 5, eller som "
                "skulle avslöja ett antal mellan 1 och 4, visas inte. Siffrorna är värden, inte "
                "formler; hela arbetsboken med formler finns hos förbundets kansli.")
# Om rapporten's method texts that do not apply to the copy for publishing (no formulas, no
# Data sheet).
WB_PUB_METHOD_LEFT_OUT = ("Tomma celler", "Sortera och filtrera", "Utskrift", "Bladet Data",
                          "Ändringar")
WB_AV_HEAD = ("Beskrivning", "Allvarlighet", "Fil", "Status", "Fält", "Cell", "Värde",
              "Förväntat", "Meddelande", "Kod")
WB_AV_SEVERITY = {"error": "Fel", "warning": "Varning"}
WB_AV_FILE_STATUS = {"accepted": "Godkänd", "rejected": "Underkänd", "ignored": "Ignorerad",
                     "superseded": "Ersatt"}
WB_AV_NONE = "Inga fel eller varningar."
# A short Swedish description of every finding code (DESC_<code>; findings.py ties each to
# its code), for the Avvikelser sheet's first column.
DESC_FILE_NOT_FOUND = "Filen finns inte"
DESC_FILE_UNREADABLE = "Filen går inte att öppna"
DESC_INTERNAL_ERROR = "Programfel i finsam-xl (inte filens fel)"
DESC_FILE_EMPTY = "Tom fil"
DESC_FILE_TOO_LARGE = "För stor fil"
DESC_FILE_ENCRYPTED = "Lösenordsskyddad fil"
DESC_FILE_FORMAT = "Fel filformat"
DESC_FILE_CORRUPT = "Skadad fil"
DESC_FILE_ZIP_BOMB = "Orimligt stor fil uppackad"
DESC_NOT_TEMPLATE = "Inte en finsam-xl-mall"
DESC_UNKNOWN_VERSION = "Okänd mallversion"
DESC_MISSING_NAME = "Fält saknas i mallen"
DESC_NAME_REF_ERROR = "Fält pekar inte på någon cell"
DESC_BAD_PERIOD = "Felaktig period"
DESC_PERIOD_OUTSIDE_YEAR = "Perioden ligger utanför planens år"
DESC_UNKNOWN_INSATS = "Insatsen finns inte i planen"
DESC_INSATS_INACTIVE = "Insatsen är inte aktiv den månaden"
DESC_NOT_WHOLE_NUMBER = "Inte ett heltal"
DESC_COUNT_DATE = "Datum eller tid i en antalscell"
DESC_COUNT_BOOLEAN = "SANT eller FALSKT i en antalscell"
DESC_COUNT_ERROR = "Felvärde i en antalscell"
DESC_FORMULA_WITHOUT_VALUE = "Formel utan beräknat värde"
DESC_NAME_PERIOD_MISMATCH = "Filnamnets månad stämmer inte med mallens"
DESC_NAME_INSATS_MISMATCH = "Filnamnets insats stämmer inte med mallens"
DESC_EMPTY_FOLDER = "Tom mapp"
DESC_EARLY = "Sparad innan månaden var slut"
DESC_ALL_EMPTY = "Alla antal är tomma"
DESC_OUTCOMES_MISMATCH = "Utfallen summerar inte till avslutade"
DESC_ENDED_EXCEEDS = "Fler avslutade än inskrivna"
DESC_SURVEY_EXCEEDS = "Fler positiva enkätsvar än svar"
DESC_PERSONNUMMER = "Personnummer i fritext (maskerat)"
DESC_FORBUND_MISMATCH = "Annat förbund än planens"
DESC_EXCEEDS_VOLUME = "Månadens antal är större än årets volym"
DESC_LATE = "Sen rapport"
DESC_DUPLICATE = "Flera filer för samma månad; den här används"
DESC_SUPERSEDED = "Ersatt av en nyare fil"
DESC_STOCK_FLOW_BREAK = "Inskrivna stämmer inte med förra månaden"
DESC_OUTLIER = "Ovanligt högt värde"
WB_OM_TITLE = "Om rapporten"
WB_OM_ROWS = {
    "forbund": "Förbund",
    "ar": "Planår",
    "period": "Period",
    "skriven": "Skriven",
    "version": "finsam-xl version",
    "filer": "Filer i inkorgen",
    "godkanda": "Godkända filer",
    "underkanda": "Underkända filer",
    "ersatta": "Ersatta filer (en nyare fil för samma insats och månad används)",
    "ignorerade": "Ignorerade filer (låsfiler, dolda filer, inte kalkylblad)",
    "anvanda": "Rapporter som räknas (januari till och med perioden)",
    "sena": "Varav sena rapporter",
}
WB_OM_METHOD_TITLE = "Så räknas måtten"
WB_OM_METHOD = (
    ("Bladet Data",
     "Bladet Data är arbetsbokens enda kopia av de inrapporterade värdena: alla andra siffror "
     "är formler över det (per insats, månad, fält och kön). Rättar kansliet ett värde där, "
     "lägger till en rad (i tabellen eller under den, högst 1 000 rader under) eller tar bort "
     "en, följer alla blad med när arbetsboken räknas om. En månad räknas som rapporterad när "
     "Data har någon rad för insatsen och månaden. Perioden är ett datum, den första dagen i "
     "månaden, och visas som ÅÅÅÅ-MM: skriv till exempel 2025-05-01."),
    ("Hittills i år, deltagarinsatser",
     "Antalet inskrivna vid starten av insatsens första rapporterade månad under året plus "
     "alla nya deltagare från den månaden till och med perioden. Månadernas inskrivna summeras "
     "aldrig, eftersom samma person då skulle räknas flera gånger. Saknas rapporter för några "
     "månader står de i Anmärkning, och trenddiagrammet märker månaden med *."),
    ("Hittills i år, övriga insatser",
     "Summan av månadernas antal (möten, kontakter, deltagare i strukturinsatser) till och "
     "med perioden."),
    ("Inskrivna nu",
     "Start + nya − avslutade för periodens månad. Saknas rapporten för perioden används den "
     "senaste rapporterade månaden, och det står i kolumnen Anmärkning. En insats som inte är "
     "aktiv under perioden har ingen siffra här, och summan räknar bara insatser som är aktiva."),
    ("Uppnådd andel", "Hittills i år delat med den budgeterade volymen i planen."),
    ("Förväntad andel",
     "Insatsens aktiva månader från januari till och med perioden delat med dess aktiva "
     "månader under året. En saknad rapport sänker hittills i år men aldrig den förväntade "
     "andelen; den syns på bladet Inlämningar. Tom för en insats utan budgeterad volym (det "
     "finns inget att jämföra den med)."),
    ("Status",
     "Grön när uppnådd andel är minst den förväntade, Gul när den är minst 80 % av den "
     "förväntade, annars Röd. Ingen status när planen saknar volym, och ingen för en insats "
     "som inte är aktiv under perioden (den har inte startat, eller dess år är slut: det står "
     "i Anmärkning)."),
    ("Summor",
     "Summeras per nivå och enhet, och bara där gruppen har minst två insatser. Summans "
     "uppnådda andel är hittills i år delat med volymen, båda räknade över de insatser i "
     "gruppen som har en budgeterad volym, och Anmärkning visar de två talen (till exempel "
     "107 av 120); tom när ingen av dem har en volym."),
    ("Mål, utfall",
     "Avslutade deltagare hittills i år i målets utfallskategorier delat med alla avslutade, "
     "för kvinnor, män och alla, jämfört med målets lägsta andel. Ett mål som gäller "
     "\u201dkvinnor och män\u201d är uppfyllt bara när både kvinnor och män når det."),
    ("Mål, enkät", "Enkätsvar som når målet delat med alla enkätsvar hittills i år."),
    ("Mål, lägsta antal inskrivna",
     "Det lägsta antalet inskrivna vid en rapporterad månads slut, per insats, jämfört med "
     "målet; översikten visar hur många av målets insatser som når det."),
    ("Förbundets mål",
     "Översiktens mål räknas över alla insatser som målet gäller (planens kolumn gäller): "
     "alla deras avslutade, respektive enkätsvar, läggs ihop före divisionen. Uppfyllt eller Ej "
     "uppfyllt när det finns något att jämföra; annars Kan inte bedömas än (ingen har avslutats, "
     "inga enkätsvar eller ingen rapport än). Måluppfyllelse per insats räknar alla dess mål: "
     "hur många som är uppfyllda, inte uppfyllda och inte kan bedömas än."),
    ("Översikten",
     "En rad per insats: hittills i år, nya, avslutade, inskrivna nu, andel kvinnor och "
     "måluppfyllelse, och volymkolumnerna (budgeterad volym, uppnådd och förväntad andel, "
     "status) när någon insats har en volym. Diagrammet över volym visar bara insatser med "
     "volym och saknas när ingen har det; trenddiagrammet visar inskrivna vid månadens slut "
     "och nya per månad för alla deltagarinsatser som har rapporterat månaden."),
    ("Andel kvinnor",
     "Kvinnor av deltagarna hittills i år (Översikt), av nya och av avslutade (Utfall)."),
    ("Månadsdata och Deltagarflöde",
     "Månadsdata har ett block per nivå och enhet (deltagare, möten, kontakter), så att varje "
     "summa lägger ihop likadana saker. Deltagarflöde har en rad per insats och aktiv månad "
     "till och med perioden; Rapport säger om Data har en rapport för månaden, Första och "
     "Senaste vilken rapport som hittills i år och inskrivna nu räknas från."),
    ("Ändringar",
     "När utkorgen har arbetsboken för en tidigare månad i år (den senaste, inte de sparade i "
     "mappen tidigare) visar bladet Ändringar varje värde för månaderna till och med den "
     "månaden som skiljer sig från den arbetsboken: då, nu och filen som värdet nu kommer "
     "från. Översikten säger hur många värden som har ändrats."),
    ("Uppföljning Finsam",
     "Siffrorna som förbundet för in i det nationella uppföljningssystemet: per insats nivå, "
     "budgeterade deltagare och deltagare hittills i år, för individinriktade insatser "
     "kvinnor och män."),
    ("Tomma celler",
     "En andel där nämnaren är noll lämnas tom. Alla summor och andelar är formler över "
     "arbetsbokens egna data och räknas om i Excel och LibreOffice."),
    ("Sortera och filtrera",
     "Varje formel hittar sin rad med nyckel (kolumnen Nr, insatsens id, månad och mått), "
     "aldrig med radens plats. Därför går det att sortera och filtrera alla blad och "
     "tabellen på bladet Data utan att någon siffra byter insats; inget blad är låst mot "
     "sortering. Sortera på Nr för att få tillbaka planens ordning."),
    ("Utskrift",
     "Översikten skrivs ut på en liggande sida. Bladet Data skrivs inte ut (dess "
     "utskriftsområde är en tom cell); ta bort utskriftsområdet för att skriva ut tabellen."),
    ("Personuppgifter",
     "Arbetsboken innehåller bara antal. Personnummer i fritext har maskerats."),
)

# ----------------------------------------------------------------------------- demo/status

DEMO_RAPPORTERAD_AV = "Samordnare, {vem}"
DEMO_KOMMENTAR_PNR = "Ring 19811218-9876 om detta."
DEMO_INBOX_NOT_DIR = "{inbox} är en fil, inte en mapp. Ange en inkorg med --inbox."
DEMO_WRITE_FAILED = "Kunde inte skriva demons fil {path}: {error}."
DEMO_FOREIGN_INBOX = ("Demon skriver bara i en tom inkorg eller i en inkorg med demons egna "
                      "exempelfiler, men {inbox} innehåller annat ({files}). Inget har "
                      "skrivits. Kör demon i en tom mapp, eller ge demon egna mappar: "
                      "finsam-xl demo --inbox demo/inkorg --outbox demo/utkorg")
DEMO_FOREIGN_OUTBOX = ("Demon skriver bara i en tom utkorg eller i en utkorg som demon själv har "
                       "skrivit, men {outbox} innehåller annat ({files}). Inget har skrivits. "
                       "Kör demon i en tom mapp, eller ge demon egna mappar: finsam-xl demo "
                       "--inbox demo/inkorg --outbox demo/utkorg")
DEMO_MARKER_TEXT = "Den här utkorgen skrevs av finsam-xl demo.\n"
DEMO_WROTE = (("Demo för {forbund} {ar}: {n} exempelrapport för {fran}–{till} i {inbox} "
               "({nya}, {fanns} fanns redan)."),
              ("Demo för {forbund} {ar}: {n} exempelrapporter för {fran}–{till} i {inbox} "
               "({nya}, {fanns} fanns redan)."))
DEMO_NEW = ("{n} ny", "{n} nya")
DEMO_PLAN_NOTE = "Demon använder den inbyggda planen, inte {plan}."
DEMO_GUIDE_HEAD = "Att titta på:"
DEMO_GUIDE = (
    "1. Öppna {workbook}: bladet Översikt visar volym mot plan, status och mål per insats.",
    "2. {rejected} är underkänd och {warning} har en varning (personnummer i kommentaren, "
    "maskerat): se bladet Avvikelser och {feedback}.",
    "3. Kör 'finsam-xl status' för att se vilka insatser som är skyldiga en rapport.",
)

STATUS_TITLE = "Inlämningar till {forbund}, januari–{manad} {ar}"
STATUS_TITLE_ONE = "Inlämningar till {forbund}, {manad} {ar}"
STATUS_INBOX = "Inkorg: {inbox}"
STATUS_LEGEND = "✓ inkommen   ✗ saknas   ! underkänd   S sen   – inte aktiv"
STATUS_LEGEND_OPEN = STATUS_LEGEND + "   · inte slut än"
STATUS_COL_INSATS = "Insats"
STATUS_COL_RATE = "Andel %"
STATUS_ROW_RATE = "Andel inkomna %"
STATUS_OWED_HEAD = "Insatser som är skyldiga en rapport:"
STATUS_OWED_NONE = "Alla aktiva insatser har rapporterat till och med {manad} {ar}."
STATUS_OWED_NONE_OPEN = ("Alla aktiva insatser har rapporterat för de månader som är slut; "
                         "för en månad som inte är slut än (·) är ingen rapport skyldig ännu.")
STATUS_OWED_REJECTED = "{manad} (underkänd)"
STATUS_REMIND = ("Skriv påminnelser till dem som saknas i {manad} {ar}: "
                 "finsam-xl remind --period {period}")
STATUS_EMPTY = ("Inkorgen {inbox} har inga godkända rapporter ännu. Lägg de ifyllda mallarna "
                "där, eller välj en månad med --period för att se vilka som saknas.")
STATUS_NO_INBOX = "Hittar ingen inkorg {inbox}. Ange mappen med --inbox."

# ----------------------------------------------------------------------------- cli

# docs/cli.md, generated from every command's --help (finsam_xl/docs.py).
DOCS_CLI_TITLE = "# finsam-xl — kommandon"
DOCS_CLI_INTRO = ("Genererad från `--help` (`python -m finsam_xl.docs --write`); ett test "
                  "kontrollerar att filen stämmer med programmet.")

CLI_HELP = """Månadsuppföljning för samordningsförbund (Finsam).

Samordnarna fyller i en månadsmall per insats; kansliet lägger de ifyllda filerna i inbox/
och kör 'finsam-xl collect'. Verktyget granskar varje fil, skriver återkoppling till
samordnarna och en uppföljningsarbetsbok för styrelsen i outbox/.

\b
Exempel:
  finsam-xl demo
  finsam-xl templates --period 2025-03
  finsam-xl collect
"""
CLI_VERSION = "%(prog)s, version %(version)s"
CLI_PLAN_HELP = """Skapa och granska planarbetsboken (insatser, mål, budget, medlemmar).

\b
Exempel:
  finsam-xl plan new
  finsam-xl plan check plan.xlsx
"""
CLI_PLAN_NEW_HELP = """Skriv en planarbetsbok. Utan --example skrivs den inbyggda planen
(Västra Östergötland 2025).

\b
Exempel:
  finsam-xl plan new
  finsam-xl plan new --example sodra-vanern-2022 -o plan.xlsx

\b
Exempel att välja bland:
  vastra-ostergotland-2025 (standard), vastra-ostergotland-2024,
  sodra-vanern-2022, vastra-skaraborg-2019
"""
CLI_PLAN_CHECK_HELP = """Granska en planarbetsbok: obligatoriska kolumner, id:n och att
delsummor stämmer med angivna totaler. Utan PLAN granskas plan.xlsx i arbetsmappen.

\b
Exempel:
  finsam-xl plan check
  finsam-xl plan check plan.xlsx
"""
CLI_TEMPLATES_HELP = """Skriv en månadsmall per insats som är aktiv under perioden.

Mallar för deltagarflöden får inskrivna vid månadens start ifyllda med förra månadens
slutsiffror från den rapport i inkorgen som 'finsam-xl collect' använder för den månaden
(start + nya - avslutade). Cellerna går att ändra och har en kommentar om vilken fil
siffrorna kommer från. Finns ingen sådan rapport lämnas cellerna tomma.

\b
Exempel:
  finsam-xl templates --period 2025-03
  finsam-xl templates --period 2025-04 --inbox inbox/
  finsam-xl templates --period 2025-03 --plan plan.xlsx -o mallar/

Mallar som redan finns i mappen skrivs bara över med --force.
"""
CLI_CHECK_HELP = """Granska ifyllda mallar utan att sammanställa, till exempel innan en
samordnare skickar in. Avslutas med 0 när alla filer godtas och 1 annars.

\b
Exempel:
  finsam-xl check 2025-03_isa.xlsx
  finsam-xl check inbox/*.xlsx
"""
CLI_COLLECT_HELP = """Månadskörningen: läs alla filer i inkorgen (även undermappar), granska
dem, skriv återkoppling och uppföljningsarbetsboken till utkorgen. Inga filer i inkorgen
ändras, flyttas eller tas bort.

\b
Exempel:
  finsam-xl collect
  finsam-xl collect --period 2025-03 --strict
  finsam-xl collect --publicera
"""
CLI_STATUS_HELP = """Visa vilka insatser som har lämnat in för vilka månader och vilka som
saknas.

\b
Exempel:
  finsam-xl status
  finsam-xl status --period 2025-03
"""
CLI_REMIND_HELP = """Skriv ett e-postutkast per insats som är aktiv under perioden men saknar
en godkänd rapport: outbox/paminnelser/<period>_<insats>.eml, till samordnaren i planens
kolumner samordnare och e-post (bladet Insatser). Utkastet har månadens mall bifogad, eller,
om rapporten underkändes, den märkta kopian och återkopplingsbrevet. Öppna filen i Outlook
eller Thunderbird och skicka den. Utan --period används samma månad som 'collect' väljer.

\b
Exempel:
  finsam-xl remind
  finsam-xl remind --period 2025-03
"""
CLI_REMIND_SHORT = "Skriv påminnelser (e-postutkast) till insatser som saknar rapport."
CLI_OPT_PERIOD_REMIND = ("Månaden som påminnelserna gäller. Standard: samma månad som "
                         "'collect' väljer.")
CLI_UTSKICK_HELP = """Månadens början: skriv ett e-postutkast per insats som är aktiv under
perioden, outbox/utskick/<period>_<insats>.eml, till samordnaren i planens kolumner
samordnare och e-post (bladet Insatser), med månadens mall bifogad (startvärdena ifyllda från
förra månadens rapport i inkorgen, som 'finsam-xl templates' gör) och sista dag för rapporten
i texten. Öppna filen i Outlook eller Thunderbird och skicka den. Utan --period används
månaden efter den senast avslutade, alltså innevarande månad.

\b
Exempel:
  finsam-xl utskick
  finsam-xl utskick --period 2025-04
  finsam-xl utskick --period 2025-04 --inbox inbox/ --plan plan.xlsx
"""
CLI_UTSKICK_SHORT = "Skicka ut månadens mallar (e-postutkast), en per aktiv insats."
CLI_OPT_PERIOD_UTSKICK = ("Månaden vars mallar skickas ut. Standard: månaden efter den "
                          "senast avslutade.")
CLI_DEMO_HELP = """Bygg en demonstration: exempelfiler för den inbyggda planen läggs i
inkorgen och 'collect' körs.

\b
Exempel:
  finsam-xl demo
"""
CLI_PLAN_SHORT = "Skapa och granska planarbetsboken."
CLI_PLAN_NEW_SHORT = "Skriv en planarbetsbok (standard: den inbyggda planen)."
CLI_PLAN_CHECK_SHORT = "Granska en planarbetsbok."
CLI_TEMPLATES_SHORT = "Skriv månadens mallar, en per aktiv insats."
CLI_CHECK_SHORT = "Granska ifyllda mallar utan att sammanställa."
CLI_COLLECT_SHORT = "Månadskörningen: granska inkorgen och skriv uppföljningen."
CLI_STATUS_SHORT = "Visa vilka rapporter som har kommit in och vilka som saknas."
CLI_DEMO_SHORT = "Bygg exempelfiler och kör en sammanställning."
CLI_OPT_EXAMPLE = "Vilket exempel som skrivs (se listan ovan)."
CLI_OPT_PLAN_OUTPUT = "Filen som skrivs."
CLI_OPT_PLAN = ("Planarbetsboken; en per år, så ange flaggan en gång per plan (till exempel "
                "--plan plan-2024.xlsx --plan plan.xlsx). Varje fil bedöms efter planen för "
                "sitt år. Standard: plan.xlsx och varje plan-ÅÅÅÅ.xlsx i arbetsmappen, annars "
                "den inbyggda planen.")
CLI_OPT_PERIOD_TEMPLATES = "Månaden mallarna gäller, till exempel 2025-03."
CLI_OPT_PERIOD_COLLECT = ("Månaden som sammanställs. Standard: den senaste avslutade månaden som "
                          "minst hälften av de aktiva insatserna har rapporterat.")
CLI_OPT_PERIOD_STATUS = ("Visa läget till och med denna månad. Standard: samma månad som collect "
                         "väljer.")
CLI_OPT_TEMPLATES_OUTPUT = "Mappen mallarna skrivs till."
CLI_OPT_FORCE = "Skriv över mallar som redan finns i mappen."
CLI_OPT_INBOX = "Inkorgen med inlämnade filer."
CLI_OPT_OUTBOX = "Utkorgen där arbetsbok och återkoppling skrivs."
CLI_OPT_STRICT = "Avsluta med felkod 1 om någon fil underkänns."
CLI_UNKNOWN_EXAMPLE = "Okänt exempel '{name}'. Välj bland: {examples}."
CLI_PLAN_WRITTEN = "Skrev planen för {namn} {ar} till {path}."
CLI_NO_PLAN_FILE = "Hittar ingen plan i {path}. Skapa en med 'finsam-xl plan new' eller ange filen."
CLI_PLAN_CHECK_FAILED = "Planen {path} har {n} fel att rätta."
CLI_PLAN_CHECK_OK = "Planen {path} är godkänd."
CLI_TEMPLATE_WRITTEN = "Skrev {path}"
CLI_TEMPLATE_PREFILLED = "Skrev {path} (start ifylld från {fil}, {period})"
CLI_OPT_INBOX_TEMPLATES = ("Inkorgen med förra månadens rapporter, som startvärdena hämtas "
                           "från. Standard: inbox/ om den finns.")
CLI_TEMPLATES_NO_INBOX = "Hittar ingen inkorg {inbox}. Ange en mapp som finns med --inbox."
CLI_TEMPLATES_DONE = ("Klart: {n} mall för {period} i {outdir}.",
                      "Klart: {n} mallar för {period} i {outdir}.")
CLI_OS_ERROR = ("Kunde inte läsa eller skriva {path}: {error}. Inga filer i inkorgen har "
                "ändrats.")
CLI_UNEXPECTED = ("Ett programfel i finsam-xl ({kind}: {error}), inte ett fel i dina filer. Inga "
                  "filer i inkorgen har ändrats. Kör kommandot igen med 'finsam-xl --debug …' "
                  "och skicka utskriften, och gärna filen som lästes, till den som förvaltar "
                  "finsam-xl.")
CLI_OPT_DEBUG = ("Vid ett programfel: skriv ut Pythons felspårning (för felrapporten). Samma sak "
                 "med miljövariabeln FINSAM_XL_DEBUG=1.")

# click's own English strings, translated (cli.py installs this as click's gettext).
# Metavariables shown in the usage lines and option lists.
CLI_MV_NAME = "NAMN"
CLI_MV_FILE = "FIL"
CLI_MV_FILES = "FIL..."
CLI_MV_DIR = "MAPP"
CLI_MV_PLAN = "PLAN"
CLI_MV_PLAN_OPT = "[PLAN]"
CLI_MV_PERIOD = "ÅÅÅÅ-MM"

CLICK_SV = {
    "Usage:": "Användning:",
    "Options": "Flaggor",
    "Commands": "Kommandon",
    "Positional arguments": "Argument",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
    "Show the version and exit.": "Visa versionen och avsluta.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Error: {message}": "Fel: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' för hjälp.",
    "Invalid value: {message}": "Ogiltigt värde: {message}",
    "Invalid value for {param_hint}: {message}": "Ogiltigt värde för {param_hint}: {message}",
    "Missing argument": "Argument saknas",
    "Missing option": "Flagga saknas",
    "Missing parameter": "Parameter saknas",
    "Missing {param_type}": "{param_type} saknas",
    "Missing parameter: {param_name}": "Parameter saknas: {param_name}",
    "No such option {name!r}.": "Flaggan {name!r} finns inte.",
    "No such command {name!r}.": "Kommandot {name!r} finns inte.",
    "Missing command.": "Kommando saknas.",
    "Aborted!": "Avbrutet.",
    "unknown error": "okänt fel",
    "Could not open file {filename!r}: {message}": "Kunde inte öppna filen {filename!r}: {message}",
    "Choose from:\n\t{choices}": "Välj bland:\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} är inte ett giltigt {number_type}.",
    "{value} is not in the range {range}.": "{value} ligger inte inom {range}.",
    "file": "filen",
    "directory": "mappen",
    "path": "sökvägen",
    "{name} {filename!r} does not exist.": "{name} {filename!r} finns inte.",
    "{name} {filename!r} is a file.": "{name} {filename!r} är en fil.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} är en mapp.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} går inte att läsa.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} går inte att skriva till.",
    "Option {name!r} does not take a value.": "Flaggan {name!r} tar inget värde.",
    "Argument {name!r} takes {nargs} values.": "Argumentet {name!r} tar {nargs} värden.",
    "default: {default}": "standard: {default}",
    "required": "krävs",
    "Option {name!r} requires an argument.": "Flaggan {name!r} kräver ett värde.",
    "Option {name!r} requires {nargs} arguments.": "Flaggan {name!r} kräver {nargs} värden.",
    "Got unexpected extra argument ({args})": "Oväntat extra argument ({args})",
    "Got unexpected extra arguments ({args})": "Oväntade extra argument ({args})",
    "Did you mean {possibility}?": "Menade du {possibility}?",
    "(Possible options: {possibilities})": "(Möjliga flaggor: {possibilities})",
}
