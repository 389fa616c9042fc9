"""Realistic synthetic intervention records, for the benchmarks only.

`write_data_dir(out, n, seed)` writes a complete data folder (the real
`data/assi.yaml` and `data/citta.yaml`, `n` records in `interventi/`, a
`totali-dichiarati.yaml` consistent with them) that `python -m ponmetro validate
--data OUT` accepts. The records look like the real ones (Italian titles and
Markdown descriptions, the amount and date forms the sources use, records without
code or amounts, CUP "n.d.") but every one of them carries the note
`SYNTHETIC_NOTE`, and the writer refuses to write inside the project's `data/`.

Record `i` depends only on the seed and `i`, so the first 1,000 records of
N = 10,000 are the records of N = 1,000, and the same (n, seed) always gives the
same bytes.

    python -m bench.synthetic --n 1000 --seed 1 --out bench/out/data-n1000-s1
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import textwrap
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REAL_DATA = REPO / "data"
SYNTHETIC_NOTE = "Scheda sintetica generata per i benchmark, non è un dato reale"
MARKER_FILE = "SINTETICO.txt"
CENT = Decimal("0.01")
# Bumped whenever the output changes, so that cached folders are regenerated.
GENERATOR_VERSION = "1"

CITIES = [  # (sigla, nome, slug) as in data/citta.yaml
    ("TO", "Torino", "torino"), ("GE", "Genova", "genova"), ("MI", "Milano", "milano"),
    ("BO", "Bologna", "bologna"), ("VE", "Venezia", "venezia"), ("FI", "Firenze", "firenze"),
    ("RM", "Roma", "roma"), ("BA", "Bari", "bari"), ("NA", "Napoli", "napoli"),
    ("RC", "Reggio Calabria", "reggio-calabria"), ("CA", "Cagliari", "cagliari"),
    ("CT", "Catania", "catania"), ("ME", "Messina", "messina"), ("PA", "Palermo", "palermo"),
]
# Larger cities have more interventions; the weights only shape the distribution.
CITY_WEIGHTS = [8, 5, 9, 6, 5, 5, 10, 6, 9, 3, 4, 5, 3, 6]

ACTIONS = {
    1: ["1.1.1"],
    2: ["2.1.1", "2.2.1", "2.2.2", "2.2.3"],
    3: ["3.1.1", "3.2.1", "3.2.2", "3.3.1"],
    4: ["4.1.1", "4.2.1"],
    5: ["5.1.1", "5.2.1"],
    6: ["6.1.1", "6.1.2", "6.1.3", "6.1.4", "6.1.5"],
    7: ["7.1.1", "7.1.2", "7.1.3"],
    8: ["8.1.1"],
}
AXIS_WEIGHTS = [10, 18, 16, 8, 5, 22, 12, 4]

TOPICS = {
    1: ["Piattaforma digitale per i servizi al cittadino", "Sistema informativo dei tributi locali",
        "Fascicolo digitale del cittadino", "Anagrafe digitale e servizi demografici online",
        "Sportello unico digitale per le attività produttive", "Portale dei dati aperti della città",
        "Pagamenti elettronici verso la pubblica amministrazione", "Gestione digitale delle pratiche edilizie",
        "Rete di sensori per il monitoraggio ambientale", "Servizi digitali per il welfare cittadino"],
    2: ["Rinnovo del parco autobus con mezzi a basse emissioni", "Piste ciclabili di connessione tra i quartieri",
        "Efficientamento energetico degli edifici scolastici", "Illuminazione pubblica a LED",
        "Sistemi di trasporto intelligenti e infomobilità", "Corsie preferenziali per il trasporto pubblico",
        "Nodi di interscambio e parcheggi di scambio", "Riqualificazione energetica degli edifici comunali"],
    3: ["Agenzia sociale per la casa", "Percorsi di accompagnamento all'abitare",
        "Servizi di prossimità per persone senza dimora", "Laboratori di quartiere e innovazione sociale",
        "Inclusione attiva dei giovani che non studiano e non lavorano",
        "Mediazione culturale e inclusione delle comunità marginalizzate",
        "Pronto intervento sociale", "Contrasto alla povertà educativa"],
    4: ["Recupero di alloggi di edilizia residenziale pubblica", "Ristrutturazione di immobili per l'accoglienza temporanea",
        "Centro servizi per il contrasto alla povertà", "Rifunzionalizzazione di spazi pubblici per attività sociali",
        "Recupero di un immobile confiscato alla criminalità organizzata"],
    5: ["Assistenza tecnica all'Organismo Intermedio", "Supporto alla gestione, al monitoraggio e al controllo",
        "Comunicazione e informazione sul programma", "Rafforzamento della capacità amministrativa"],
    6: ["Forestazione urbana e infrastrutture verdi", "Rigenerazione di aree verdi e parchi di quartiere",
        "Acquisto di mezzi elettrici per il trasporto pubblico locale", "Digitalizzazione dei servizi scolastici",
        "Impianti fotovoltaici su edifici pubblici", "Mobilità dolce e zone a velocità moderata",
        "Reti wi-fi pubbliche e connettività dei quartieri"],
    7: ["Piani di sostegno e sviluppo per enti di terzo settore", "Sostegno all'occupazione e all'autoimpiego",
        "Contributi alle microimprese dei quartieri in difficoltà", "Servizi educativi e culturali per la ripresa",
        "Sostegno alle famiglie in condizione di fragilità economica"],
    8: ["Assistenza tecnica per l'attuazione delle risorse REACT-EU", "Supporto alla valutazione e alla rendicontazione",
        "Comunicazione delle azioni REACT-EU"],
}
AMBITI = {
    1: "Agenda digitale", 2: "Mobilità e risparmio energetico", 3: "Inclusione sociale",
    4: "Infrastrutture per l'inclusione", 5: "Assistenza tecnica", 6: "Transizione verde e digitale",
    7: "Ripresa sociale ed economica", 8: "Assistenza tecnica",
}
PRIORITIES = {
    1: "2c - Rafforzare le applicazioni delle TIC per l'e-government",
    2: "4c - Sostenere l'efficienza energetica e l'uso dell'energia rinnovabile nelle infrastrutture pubbliche",
    3: "9v - La promozione dell'imprenditoria sociale e dell'inserimento professionale nelle imprese sociali",
    4: "9b - Sostenere la rigenerazione fisica, economica e sociale delle comunità sfavorite",
    7: "13i - Favorire la riparazione dei danni della crisi nel contesto della pandemia di COVID-19",
}
QUALIFIERS = ["", "", "", " nei quartieri periferici", " - seconda fase", " nelle zone bersaglio",
              " dell'area metropolitana di {city}", " (lotto 2)", " per le scuole cittadine", " - completamento"]

OPENINGS = [
    "Il progetto {verb} {topic} nella città di {city}, con particolare attenzione alle aree a maggiore disagio.",
    "L'intervento nasce dall'esigenza di {need} e si inserisce nella strategia di sviluppo urbano sostenibile di {city}.",
    "Con questo intervento il Comune di {city} {verb} {topic}, in continuità con le azioni già avviate sul territorio.",
    "L'azione {verb} {topic} e contribuisce agli obiettivi dell'Asse {axis} del Programma.",
]
VERBS = ["intende realizzare", "promuove", "sostiene", "avvia", "rafforza", "completa"]
NEEDS = [
    "ridurre il divario tra i quartieri centrali e quelli periferici",
    "migliorare l'accesso ai servizi delle persone più fragili",
    "ridurre i consumi energetici e le emissioni degli edifici pubblici",
    "semplificare il rapporto tra cittadini, imprese e amministrazione",
    "offrire risposte stabili al disagio abitativo",
    "sostenere la ripresa economica e sociale dopo la pandemia",
]
SENTENCES = [
    "Le attività sono progettate insieme agli enti del terzo settore e alle associazioni presenti nei quartieri.",
    "Il servizio è organizzato per essere accessibile anche a chi non dispone di strumenti digitali.",
    "Sono previsti momenti di confronto con i cittadini per raccogliere bisogni e proposte.",
    "La realizzazione è affidata tramite procedura di evidenza pubblica, nel rispetto del codice dei contratti.",
    "Il monitoraggio dei risultati avviene attraverso indicatori di realizzazione e di risultato definiti dal Programma.",
    "L'intervento è coordinato con le altre azioni finanziate sugli assi del PON Metro e con la programmazione regionale.",
    "Le risorse sono destinate prioritariamente alle zone individuate come aree bersaglio.",
    "Al termine del progetto i servizi attivati saranno mantenuti con risorse ordinarie dell'amministrazione.",
    "Una parte delle risorse è dedicata alla formazione degli operatori e del personale comunale.",
    "I lavori sono organizzati per lotti funzionali, in modo da limitare i disagi per i residenti.",
    "La scelta delle aree di intervento tiene conto degli indicatori di disagio socio-economico.",
    "Il progetto adotta soluzioni replicabili in altri contesti dell'area metropolitana.",
    "Particolare attenzione è riservata alla parità di genere e all'accessibilità per le persone con disabilità.",
    "L'amministrazione pubblica periodicamente lo stato di avanzamento sul proprio sito istituzionale.",
]
LIST_INTROS = ["Le attività previste sono:", "Le ricadute attese sono:", "Il progetto si articola nelle seguenti linee:",
               "Gli obiettivi specifici sono:"]
ITEMS = [
    "analisi dei bisogni e mappatura dei servizi esistenti", "co-progettazione con gli enti del terzo settore",
    "acquisto di attrezzature e forniture", "progettazione esecutiva e direzione dei lavori",
    "attivazione di sportelli di orientamento nei quartieri", "formazione del personale coinvolto",
    "campagne di informazione e sensibilizzazione", "accompagnamento personalizzato dei destinatari",
    "realizzazione delle opere e collaudo", "integrazione con i sistemi informativi esistenti",
    "valutazione dei risultati e diffusione delle buone pratiche", "manutenzione e gestione per i primi anni",
    "messa a disposizione di spazi per attività collettive", "supporto alla ricerca di lavoro e alla formazione",
]
TARGETS = [
    "persone senza dimora o a rischio di esclusione abitativa", "giovani tra i 16 e i 29 anni",
    "famiglie con minori in condizione di povertà", "cittadini e imprese del territorio comunale",
    "utenti del trasporto pubblico locale", "studenti e personale delle scuole",
    "enti del terzo settore e associazioni di volontariato", "residenti delle aree bersaglio",
]
STATES = ["In corso", "In corso", "In corso", "Concluso", "Avviato", "In fase di avvio", "Programmato"]
SUBJECTS = [
    "Comune di {city}", "Comune di {city}", "Comune di {city} e Terzo settore",
    "Città metropolitana di {city}", "Comune di {city} - Direzione Politiche Sociali",
    "Comune di {city} - Area Mobilità", "Azienda per la mobilità di {city}", "Agenzia per la casa di {city}",
]
FIRST_NAMES = ["Alessandro", "Giulia", "Marco", "Francesca", "Luca", "Chiara", "Giovanni", "Sara", "Andrea",
               "Paola", "Stefano", "Laura", "Roberto", "Elena", "Antonio", "Valentina", "Giuseppe", "Silvia",
               "Massimo", "Federica", "Salvatore", "Anna", "Vincenzo", "Maria Grazia", "Carmelo", "Rosaria"]
LAST_NAMES = ["Rossi", "Bianchi", "Esposito", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno",
              "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti",
              "Barbieri", "Fontana", "Santoro", "Mariani", "Russo", "Ferrara", "Caruso", "D'Angelo",
              "Lo Presti", "Cabras", "Pellegrino", "Vitale"]
MONTHS = ["Gennaio", "Febbraio", "Marzo", "Aprile", "Maggio", "Giugno", "Luglio", "Agosto", "Settembre",
          "Ottobre", "Novembre", "Dicembre"]
_PLAIN_SAFE = re.compile(r"^[A-Za-zÀ-ÿ0-9(€][^\n#]*$")


@dataclass(frozen=True)
class SyntheticRecord:
    slug: str
    citta: str
    asse: int
    programmato: Decimal | None
    text: str  # the YAML file


# --- values in the forms the sources write them -------------------------------------


def italian_amount(value: Decimal) -> str:
    """Decimal('1190893.72') -> '1.190.893,72'."""
    whole, _, cents = f"{value:,.2f}".partition(".")
    return f"{whole.replace(',', '.')},{cents}"


def amount_text(value: Decimal, style: int) -> str:
    if style == 0:
        return f"€ {italian_amount(value)}"      # programme site: € 1.190.893,72
    if style == 1:
        return f"{italian_amount(value)}€"       # Bologna pages: 1.864.908,36€
    return format(value, "f")                    # maintainers: 1190893.72


def _date_text(rng: random.Random, year: int, month: int, by_day: bool, style: int) -> str:
    if by_day:
        day = rng.randint(1, 28)
        return f"{day:02d}-{month:02d}-{year}"
    if style == 0:
        return f"{MONTHS[month - 1]} {year}"
    return f"{month:02d}.{year}"


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _code_letter(n: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa: the intervention letters of a code, without end."""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _cup(rng: random.Random, year: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return (f"{rng.choice('BCDEFGHIJ')}{rng.randint(10, 99)}{rng.choice(letters)}"
            f"{year % 100:02d}{rng.randint(0, 99999999):08d}{rng.randint(0, 9)}")


# --- YAML writing ---------------------------------------------------------------------
# Written by hand rather than with yaml.dump so that the files look like the ones
# maintainers write (plain scalars, folded paragraphs, Markdown in a literal block)
# and not like a serialiser's output.


def _scalar(text: str) -> str:
    if _PLAIN_SAFE.match(text) and ": " not in text and not text.endswith(":"):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


def _folded(text: str, indent: int) -> str:
    pad = " " * indent
    return ">-\n" + "\n".join(pad + line for line in textwrap.wrap(text, 88 - indent))


def _literal(markdown: str, indent: int) -> str:
    """Markdown in a literal block, paragraphs and list items wrapped as people write them."""
    pad = " " * indent
    out = []
    for line in markdown.split("\n"):
        if not line:
            out.append("")
        elif line.startswith("- "):
            out += textwrap.wrap(line, 88 - indent, initial_indent="", subsequent_indent="  ")
        else:
            out += textwrap.wrap(line, 88 - indent)
    return "|\n" + "\n".join(pad + line if line else "" for line in out)


# --- one record ---------------------------------------------------------------------


class _Letters:
    """Next free intervention letter for each (city, action): codes never repeat."""

    def __init__(self) -> None:
        self.used: dict[tuple[str, str], int] = defaultdict(int)

    def next(self, prefix: str, action: str) -> str:
        n = self.used[(prefix, action)]
        self.used[(prefix, action)] = n + 1
        return _code_letter(n)


def _pick(rng: random.Random, i: int, options: list, weights: list[int]):
    # The first records cycle through every option, so a small N covers them all.
    if i < len(options):
        return options[i]
    return rng.choices(options, weights)[0]


def _paragraph(rng: random.Random, ctx: dict, k: int) -> str:
    first = rng.choice(OPENINGS).format(**ctx)
    return " ".join([first, *rng.sample(SENTENCES, k)])


def _description(rng: random.Random, ctx: dict) -> str:
    parts = [_paragraph(rng, ctx, rng.randint(2, 4))]
    if rng.random() < 0.7:
        items = rng.sample(ITEMS, rng.randint(3, 6))
        parts.append(rng.choice(LIST_INTROS) + "\n\n" + "\n".join(f"- {item[0].upper()}{item[1:]}" for item in items))
    for _ in range(rng.randint(0, 2)):
        parts.append(" ".join(rng.sample(SENTENCES, rng.randint(2, 4))))
    if rng.random() < 0.25:
        parts.append(f"**Risultati attesi:** {rng.choice(NEEDS)} a beneficio di {rng.choice(TARGETS)}.")
    return "\n\n".join(parts)


def _share(rng: random.Random, value: Decimal, low: int, high: int) -> Decimal:
    """A random share (low..high per mille) of `value`, in exact cents."""
    return (value * rng.randint(low, high) / 1000).quantize(CENT)


def _amounts(rng: random.Random, i: int) -> dict[str, Decimal] | None:
    if i % 11 == 4:
        return None  # the source gives no amount
    # Log-normal like real funding (median about one million euro); the float only
    # draws a whole number of cents, the money itself is Decimal from there on.
    planned = max(Decimal(int(rng.lognormvariate(18.4, 1.0))) / 100, Decimal(25000)).quantize(CENT)
    if i % 5 == 2:
        return {"programmato": planned}  # like the Bologna pages: one amount only
    admitted = _share(rng, planned, 850, 1000)
    binding = _share(rng, admitted, 500, 1000)
    paid = _share(rng, binding, 0, 1000)
    if i % 13 == 6:
        admitted = binding = paid = Decimal("0.00")  # started but nothing committed yet
    return {"programmato": planned, "ammesso_a_finanziamento": admitted,
            "giuridicamente_vincolante": binding, "erogato": paid}


def make_record(i: int, seed: int, letters: _Letters) -> SyntheticRecord:
    rng = random.Random(f"ponmetro-bench:{seed}:{i}")
    prefix, city, city_slug = _pick(rng, i, CITIES, CITY_WEIGHTS)
    axis = _pick(rng, i, list(ACTIONS), AXIS_WEIGHTS)
    action = rng.choice(ACTIONS[axis])
    topic = rng.choice(TOPICS[axis])
    ctx = {"city": city, "topic": topic[0].lower() + topic[1:], "axis": axis,
           "verb": rng.choice(VERBS), "need": rng.choice(NEEDS)}
    has_code = i % 17 != 9
    title = (topic + rng.choice(QUALIFIERS)).format(city=city)
    start_year = rng.randint(2016, 2022)
    start_month = rng.randint(1, 12)
    end = min(_month_index(start_year, start_month) + rng.randint(6, 48), _month_index(2025, 12))
    end_year, end_month = end // 12, end % 12 + 1
    by_day = i % 3 != 1
    date_style = rng.randint(0, 1)
    updated_month = rng.randint(_month_index(2024, 1), _month_index(2026, 10))
    updated = f"{rng.randint(1, 28):02d}-{updated_month % 12 + 1:02d}-{updated_month // 12}"
    amounts = _amounts(rng, i)
    style = i % 3

    lines = [f"# {SYNTHETIC_NOTE}."]
    if has_code:
        code = f"{prefix}{axis}.{action.split('.', 1)[1]}.{letters.next(prefix, action)}"
        slug = code.lower().replace(".", "-")
        lines.append(f"codice: {code}")
    else:
        slug = f"{city_slug}-{_slugify(topic)[:40].strip('-')}-sint{i}"
        lines.append(f"slug: {slug}")
    if not has_code or i % 19 != 3:  # a few coded records have no title, like MI3.3.1.e
        lines.append(f"titolo: {_scalar(title)}")
    lines += [f"citta: {city}", f"asse: {axis}"]
    if axis in PRIORITIES and rng.random() < 0.4:
        lines.append(f"priorita: {_folded(PRIORITIES[axis], 2)}")
    if has_code or rng.random() < 0.5:
        lines.append(f"azione: {action}")
    if rng.random() < 0.6:
        lines.append(f"ambito: {_scalar(AMBITI[axis])}")
    if has_code:
        lines.append(f"soggetto_attuatore: {_scalar(rng.choice(SUBJECTS).format(city=city))}")
        if i % 10 == 3:
            lines.append("cup: n.d.")
        elif i % 10 != 8:
            lines.append(f"cup: {_cup(rng, start_year)}")
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        lines.append(f"rup: {_scalar(f'{first} {last}' if rng.random() < 0.6 else f'{last} {first}')}")
    if i % 23 != 11:
        lines.append(f"data_inizio: {_date_text(rng, start_year, start_month, by_day, date_style)}")
        lines.append(f"data_fine: {_date_text(rng, end_year, end_month, by_day, date_style)}")
    if rng.random() < 0.6:
        lines.append(f"stato: {rng.choice(STATES)}")
    if axis in (3, 4, 7) or rng.random() < 0.3:
        lines.append(f"destinatari: {_folded('I destinatari sono ' + rng.choice(TARGETS) + '. ' + rng.choice(SENTENCES), 2)}")
        lines.append(f"obiettivo_generale: {_folded(_paragraph(rng, ctx, 2), 2)}")
    if axis in (3, 7) and rng.random() < 0.5:
        lines.append(f"pilastro_sociale: {_folded('Il progetto è in linea con i principi del pilastro europeo dei diritti sociali. ' + rng.choice(SENTENCES), 2)}")
        lines.append("azioni:")
        for item in rng.sample(ITEMS, rng.randint(1, 3)):
            lines.append(f"  - {_folded(item[0].upper() + item[1:] + ': ' + rng.choice(SENTENCES), 4)}")
    lines.append(f"descrizione: {_literal(_description(rng, ctx), 2)}")
    if amounts:
        lines.append("importi:")
        for name, value in amounts.items():
            lines.append(f"  {name}: {amount_text(value, style)}")
    if rng.random() < 0.1:
        lines.append("documenti:")
        lines.append(f"  - titolo: {_scalar('Determina di approvazione del progetto (sintetica)')}")
        lines.append(f"    url: https://example.org/ponmetro-sintetico/{slug}/determina.pdf")
    lines.append("fonti:")
    source = f"Generatore di schede sintetiche per i benchmark (bench/synthetic.py), scheda {i}"
    lines.append(f"  - titolo: {_scalar(source)}")
    if has_code:
        lines.append(f"    url: https://example.org/ponmetro-sintetico/progetto/?codice={code}")
    lines.append(f"    consultata_il: {updated}")
    lines.append("note:")
    lines.append(f"  - {SYNTHETIC_NOTE}")
    if rng.random() < 0.3:
        lines.append(f"  - {_folded('Le fonti non concordano sulla data di fine: qui è riportata quella della scheda descrittiva. ' + rng.choice(SENTENCES), 4)}")
    lines.append(f"aggiornato_il: {updated}")
    return SyntheticRecord(slug, city, axis, amounts["programmato"] if amounts else None, "\n".join(lines) + "\n")


def generate(n: int, seed: int = 1):
    """The `n` records for `seed`, in order."""
    letters = _Letters()
    for i in range(n):
        yield make_record(i, seed, letters)


# --- the data folder ---------------------------------------------------------------


def _refuse_real_data(out: Path) -> None:
    out, real = out.resolve(), REAL_DATA.resolve()
    if out == real or real in out.parents or out in real.parents:
        raise SystemExit(f"rifiutato: {out} è (o contiene) la cartella dei dati reali {real}; "
                         "le schede sintetiche vanno in un'altra cartella (es. bench/out/)")


def _prepare(out: Path) -> None:
    if out.exists() and any(out.iterdir()) and not (out / MARKER_FILE).exists():
        raise SystemExit(f"rifiutato: {out} non è vuota e non è una cartella di dati sintetici ({MARKER_FILE} assente)")
    if out.exists():
        shutil.rmtree(out)
    (out / "interventi").mkdir(parents=True)


TOTAL_SOURCE = "Totale sintetico dell'Asse 3, somma delle schede sintetiche (bench/synthetic.py)"


def _totals_file(records: list[SyntheticRecord]) -> str:
    """Declared totals of axis 3 for every city, equal to the sum of the records."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for rec in records:
        if rec.asse == 3 and rec.programmato is not None:
            sums[rec.citta] += rec.programmato
    lines = [f"# {SYNTHETIC_NOTE}: totali calcolati dalle schede sintetiche.", "totali:"]
    for _, city, _ in CITIES:
        if city not in sums:
            continue
        lines += [
            f"  - citta: {city}", "    asse: 3", "    voce: programmato",
            f"    importo: € {italian_amount(sums[city])}",
            "    fonte:",
            f"      titolo: {_scalar(TOTAL_SOURCE)}",
            "      consultata_il: 22-11-2026",
        ]
    return "\n".join(lines) + "\n" if len(lines) > 2 else "totali: []\n"


def write_data_dir(out: Path | str, n: int, seed: int = 1) -> Path:
    out = Path(out)
    _refuse_real_data(out)
    _prepare(out)
    for name in ("assi.yaml", "citta.yaml"):
        shutil.copyfile(REAL_DATA / name, out / name)
    records = []
    folder = out / "interventi"
    for rec in generate(n, seed):
        (folder / f"{rec.slug}.yaml").write_text(rec.text, encoding="utf-8")
        records.append(SyntheticRecord(rec.slug, rec.citta, rec.asse, rec.programmato, ""))
    (out / "totali-dichiarati.yaml").write_text(_totals_file(records), encoding="utf-8")
    (out / MARKER_FILE).write_text(
        f"{SYNTHETIC_NOTE}.\nn={n} seed={seed} versione={GENERATOR_VERSION}\n", encoding="utf-8")
    return out


def is_current(out: Path, n: int, seed: int) -> bool:
    """True if `out` already holds exactly this generator's output for (n, seed)."""
    marker = out / MARKER_FILE
    return marker.exists() and f"n={n} seed={seed} versione={GENERATOR_VERSION}" in marker.read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synthetic", description="Schede sintetiche per i benchmark")
    parser.add_argument("--n", type=int, required=True, help="numero di schede")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="cartella da creare (mai data/)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n deve essere almeno 1")
    write_data_dir(args.out, args.n, args.seed)
    print(f"{args.n} schede sintetiche (seed {args.seed}) scritte in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
