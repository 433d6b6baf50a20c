"""Every user-facing string of finsam-xl, in Swedish, in one place.

To add a language, copy this module and switch on a setting; no other module holds text a
kansli, coordinator or board member reads. Strings with placeholders use str.format names.
Standard library only (imported on the CLI's start-up path).

Sections (each owned by one part of the code; keep additions in the right section):
common, contract labels, plan, template, reader/validation, collect/check, workbook, cli.
"""

# ----------------------------------------------------------------------------- common

KON_LABEL = {"kvinnor": "kvinnor", "man": "män"}
NIVA_LABEL = {"individ": "individnivå", "struktur": "strukturnivå"}
MANADER = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
           "september", "oktober", "november", "december")
MANADER_KORT = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov",
                "dec")

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
    "fx_version": "Mallversion",
    "fx_forbund": "Förbund",
    "fx_insats": "Insats",
    "fx_period": "Period",
    "fx_start_kvinnor": "Inskrivna vid månadens start, kvinnor",
    "fx_start_man": "Inskrivna vid månadens start, män",
    "fx_nya_kvinnor": "Nya under månaden, kvinnor",
    "fx_nya_man": "Nya under månaden, män",
    "fx_avslutade_kvinnor": "Avslutade under månaden, kvinnor",
    "fx_avslutade_man": "Avslutade under månaden, män",
    "fx_antal": "Månadens antal",
    "fx_enkat_svar": "Antal enkätsvar",
    "fx_enkat_positiva": "Antal enkätsvar som når målet",
    "fx_kommentar": "Kommentar",
    "fx_rapporterad_av": "Rapporterad av",
}
for _k, _label in KATEGORI_LABEL.items():
    for _g, _glabel in KON_LABEL.items():
        FIELD_LABEL[f"fx_utfall_{_k}_{_g}"] = f"Avslutade till {_label.lower()}, {_glabel}"


def field_label(name: str) -> str:
    return FIELD_LABEL.get(name, name)


# ----------------------------------------------------------------------------- plan

# ----------------------------------------------------------------------------- template

# ----------------------------------------------------------------------------- reader/validation

# ----------------------------------------------------------------------------- collect/check

# ----------------------------------------------------------------------------- workbook

# ----------------------------------------------------------------------------- cli

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

\b
Exempel:
  finsam-xl templates --period 2025-03
  finsam-xl templates --period 2025-03 --plan plan.xlsx -o mallar/
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
"""
CLI_STATUS_HELP = """Visa vilka insatser som har lämnat in för vilka månader och vilka som
saknas.

\b
Exempel:
  finsam-xl status
  finsam-xl status --period 2025-03
"""
CLI_DEMO_HELP = """Bygg en demonstration: exempelfiler för den inbyggda planen läggs i
inkorgen och 'collect' körs.

\b
Exempel:
  finsam-xl demo
"""
CLI_OPT_EXAMPLE = "Vilket exempel som skrivs (se listan ovan)."
CLI_OPT_PLAN_OUTPUT = "Filen som skrivs."
CLI_OPT_PLAN = "Planarbetsboken. Standard: plan.xlsx i arbetsmappen om den finns, annars den inbyggda planen."
CLI_OPT_PERIOD_TEMPLATES = "Månaden mallarna gäller, till exempel 2025-03."
CLI_OPT_PERIOD_COLLECT = "Månaden som sammanställs. Standard: den senaste månaden med en godtagen fil."
CLI_OPT_PERIOD_STATUS = "Visa läget till och med denna månad. Standard: den senaste månaden med en godtagen fil."
CLI_OPT_TEMPLATES_OUTPUT = "Mappen mallarna skrivs till."
CLI_OPT_INBOX = "Inkorgen med inlämnade filer."
CLI_OPT_OUTBOX = "Utkorgen där arbetsbok och återkoppling skrivs."
CLI_OPT_STRICT = "Avsluta med felkod 1 om någon fil underkänns."
CLI_UNKNOWN_EXAMPLE = "Okänt exempel '{name}'. Välj bland: {examples}."
CLI_PLAN_WRITTEN = "Skrev planen för {namn} {ar} till {path}."
CLI_NO_PLAN_FILE = "Hittar ingen plan i {path}. Skapa en med 'finsam-xl plan new' eller ange filen."
CLI_PLAN_CHECK_FAILED = "Planen {path} har {n} fel att rätta."
CLI_PLAN_CHECK_OK = "Planen {path} är godkänd."
CLI_TEMPLATE_WRITTEN = "Skrev {path}"
CLI_TEMPLATES_DONE = "Klart: {n} mallar för {period} i {outdir}."
CLI_UNEXPECTED = "Ett oväntat fel inträffade ({kind}: {error}). Inga filer i inkorgen har ändrats. Kontakta den som förvaltar finsam-xl och bifoga filen som kördes."

# click's own English strings, translated (cli.py installs this as click's gettext).
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
    "Option {name!r} requires an argument.": "Flaggan {name!r} kräver ett värde.",
    "Option {name!r} requires {nargs} arguments.": "Flaggan {name!r} kräver {nargs} värden.",
    "Got unexpected extra argument ({args})": "Oväntat extra argument ({args})",
    "Got unexpected extra arguments ({args})": "Oväntade extra argument ({args})",
    "Did you mean {possibility}?": "Menade du {possibility}?",
    "(Possible options: {possibilities})": "(Möjliga flaggor: {possibilities})",
}
