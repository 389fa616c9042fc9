"""Project pages of the programme site, copied as text, into draft records.

A page copied from the browser reads:

    Piani di sostegno e sviluppo per enti di terzo settore     <- title (may be absent)
    Descrizione dell'intervento
    <one line per paragraph or list item>                      <- may be printed twice
    Città
    Torino                                                      <- a label's value: the
    Codice Progetto                                                lines up to the next
    TO7.1.1.b                                                      label (may be none)
    ...
    Avanzamento finanziario
    Importo Programmato
    € 1.200.000,00
    ...
    Photogallery
    Foto non disponibili

Labels are recognised by their exact text (any case), so a value is never taken
for a label by accident unless it is literally one. City, axis and action follow
from the project code when the page leaves them empty; each such inference and
each correction of the copied text is reported and explained in the draft's notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..reference import Reference
from .cleaning import Cleaner, italian_list
from .description import Line, drop_repetitions, to_markdown
from .draft import Draft
from .notices import ImportLog
from .source_text import read_text_lines
from .values import (
    city_of_code, read_action, read_amount, read_city, read_code, read_cup, read_date, slug_from_words,
)

HEADING = "descrizione dell'intervento"
SECTION = "(sezione)"

LABELS = {
    "città": "citta",
    "citta": "citta",
    "codice progetto": "codice",
    "ambito": "ambito",
    "azione": "azione",
    "soggetto attuatore": "soggetto_attuatore",
    "codice unico progetto - cup": "cup",
    "codice unico di progetto - cup": "cup",
    "codice unico di progetto": "cup",
    "cup": "cup",
    "r.u.p.": "rup",
    "rup": "rup",
    "responsabile unico del procedimento": "rup",
    "data inizio": "data_inizio",
    "data fine": "data_fine",
    "stato": "stato",
    "avanzamento finanziario": SECTION,
    "importo programmato": "importi.programmato",
    "importo ammesso a finanziamento": "importi.ammesso_a_finanziamento",
    "importo giuridicamente vincolante": "importi.giuridicamente_vincolante",
    "importo erogato": "importi.erogato",
    "photogallery": "foto",
    "fotogallery": "foto",
    "galleria fotografica": "foto",
    "documentazione": "documenti",
    "documenti": "documenti",
}

# "Foto non disponibili", "Documenti non disponibili", "Nessun documento"
_NONE_AVAILABLE = re.compile(r"\bnon disponibil|\bnessun", re.IGNORECASE)
_TEXT_FIELDS = {"ambito", "soggetto_attuatore", "rup", "stato"}


def _key(line: str) -> str:
    text = " ".join(line.replace("\u00a0", " ").split()).replace("\u2019", "'")
    return text.rstrip(":").strip().casefold()


@dataclass
class _Field:
    name: str
    label: str  # as the page writes it
    line: int
    values: list[tuple[int, str]]  # (line, text) of the non-empty lines after the label

    @property
    def value_line(self) -> int:
        return self.values[0][0] if self.values else self.line


def import_page(path: Path, display: str, reference: Reference, log: ImportLog) -> list[Draft]:
    lines = read_text_lines(path, log)
    if lines is None:
        return []
    entries = [(number, text.replace("\u00a0", " ").strip()) for number, text in enumerate(lines, start=1)]
    heading = next((i for i, (_, text) in enumerate(entries) if _key(text) == HEADING), None)
    body_start = heading + 1 if heading is not None else 0
    label_indexes = [i for i in range(body_start, len(entries)) if _key(entries[i][1]) in LABELS]
    if not label_indexes:
        log.unread(0, "", (
            "nessuna delle etichette di una pagina di progetto (Codice Progetto, Data inizio, "
            "Importo Programmato...): il file non sembra una pagina di progetto del sito del programma"
        ))
        return []
    first_label = label_indexes[0]
    cleaner = Cleaner(log)
    draft = Draft(source=display, line=1)

    before = [(n, t) for n, t in entries[:heading if heading is not None else first_label] if t]
    title = _title(before, heading, cleaner, log)
    if title:
        draft.values["titolo"] = title
    if heading is None:
        log.unread(0, "descrizione", "intestazione «Descrizione dell'intervento» non trovata: descrizione non letta")
    else:
        _description(entries[body_start:first_label], draft, cleaner, log)

    fields = _fields(entries, label_indexes, log)
    _interpret(fields, draft, reference, cleaner, log)

    fix_note = cleaner.fixes_note("Nella descrizione e negli altri campi")
    if fix_note:
        draft.notes.append(fix_note)
    return [draft]


def _title(before: list[tuple[int, str]], heading: int | None, cleaner: Cleaner, log: ImportLog) -> str | None:
    if not before:
        return None
    if heading is None and len(before) > 1:
        shown = ", ".join(str(n) for n, _ in before)
        log.unread(before[0][0], "titolo", f"righe {shown} prima delle etichette: non si capisce quale sia il titolo")
        return None
    if heading is None:
        log.guessed(before[0][0], "titolo", "titolo preso dalla riga prima delle etichette (la pagina non ha la descrizione)")
    if len(before) > 1:
        log.guessed(before[0][0], "titolo", f"titolo su {len(before)} righe, unite in una")
    line = before[0][0]
    return cleaner.clean(" ".join(text for _, text in before), line, "titolo")


def _description(entries: list[tuple[int, str]], draft: Draft, cleaner: Cleaner, log: ImportLog) -> None:
    lines = [Line(number, text) for number, text in entries]
    kept, repetitions = drop_repetitions(lines)
    for rep in repetitions:
        log.guessed(rep.second[0], "descrizione", (
            f"le righe {rep.second[0]}-{rep.second[1]} ripetono le righe {rep.first[0]}-{rep.first[1]}: "
            "tenute una volta sola"
        ))
        draft.notes.append(
            f"La pagina ripete due volte parte della descrizione, a partire da «{rep.opening}…»: "
            "qui è riportata una volta sola."
        )
    if not kept:
        log.info(entries[0][0] if entries else 0, "descrizione", "la pagina non contiene una descrizione")
        return
    cleaned = [Line(line.number, cleaner.clean(line.text, line.number, "descrizione")) for line in kept]
    draft.values["descrizione"] = to_markdown(cleaned)


def _fields(entries: list[tuple[int, str]], label_indexes: list[int], log: ImportLog) -> dict[str, _Field]:
    fields: dict[str, _Field] = {}
    bounds = label_indexes + [len(entries)]
    for index, end in zip(label_indexes, bounds[1:]):
        number, label = entries[index]
        name = LABELS[_key(label)]
        values = [(n, t) for n, t in entries[index + 1:end] if t]
        if name == SECTION:
            for n, t in values:
                log.unread(n, "", f"testo «{t}» fuori da ogni campo: non letto")
            continue
        if name in fields:
            first = fields[name]
            if values:
                log.unread(
                    number, name,
                    f"etichetta «{label}» ripetuta (prima alla riga {first.line}): valore ignorato",
                )
            continue
        fields[name] = _Field(name, label, number, values)
    return fields


def _interpret(fields: dict[str, _Field], draft: Draft, reference: Reference, cleaner: Cleaner, log: ImportLog) -> None:
    def text_of(name: str) -> str | None:
        item = fields.get(name)
        if item is None or not item.values:
            return None
        if len(item.values) > 1:
            log.guessed(item.values[0][0], name, f"valore su {len(item.values)} righe, unite in una")
        return " ".join(t for _, t in item.values)

    empty = [f.label for f in fields.values() if not f.values and f.name not in {"foto", "documenti"}]
    derived: list[str] = []

    code = None
    if (raw := text_of("codice")) is not None:
        code = read_code(raw, log, fields["codice"].value_line)
    if code is not None:
        draft.values["codice"] = code.text

    city_text = text_of("citta")
    city = read_city(city_text, reference, log, fields["citta"].value_line) if city_text else None
    code_city = city_of_code(code, reference) if code else None
    if code is not None and code_city is None:
        log.unread(
            fields["codice"].value_line, "codice",
            f"la sigla {code.city_prefix} non è di nessuna città del programma",
        )
    if city is None and code_city is not None:
        log.guessed(fields["codice"].value_line, "citta", (
            f"città {code_city} ricavata dalla sigla {code.city_prefix} del codice (la pagina non la indica)"
        ))
        derived.append(f"la città ({code.city_prefix}, {code_city})")
        city = code_city
    elif city is not None and code_city is not None and city != code_city:
        log.unread(fields["citta"].value_line, "citta", (
            f"la pagina indica {city}, ma il codice {code.text} è di {code_city}: usata quella del codice, "
            "da verificare"
        ))
        draft.notes.append(
            f"La pagina indica come città {city}, ma il codice {code.text} è di {code_city}: da verificare."
        )
        city = code_city
    if city:
        draft.values["citta"] = city

    action_text = text_of("azione")
    action = read_action(action_text, log, fields["azione"].value_line) if action_text else None
    if code is not None:
        draft.values["asse"] = str(code.axis)
        log.guessed(fields["codice"].value_line, "asse", f"asse {code.axis} ricavato dal codice {code.text}")
        if action is None:
            log.guessed(fields["codice"].value_line, "azione", f"azione {code.action} ricavata dal codice {code.text}")
            if action_text is None:
                derived.append(f"l'azione ({code.action})")
            action = code.action
        elif action != code.action:
            log.unread(fields["azione"].value_line, "azione", (
                f"la pagina indica l'azione {action}, ma il codice {code.text} è dell'azione {code.action}: "
                "usata quella del codice, da verificare"
            ))
            draft.notes.append(
                f"La pagina indica l'azione {action}, ma il codice {code.text} è dell'azione {code.action}: "
                "da verificare."
            )
            action = code.action
    elif action is not None:
        draft.values["asse"] = action.split(".")[0]
        log.guessed(fields["azione"].value_line, "asse", f"asse {draft.values['asse']} ricavato dall'azione {action}")
    if action:
        draft.values["azione"] = action

    for name in sorted(_TEXT_FIELDS):
        if (raw := text_of(name)) is not None:
            draft.values[name] = cleaner.clean(raw, fields[name].value_line, name)
    if (raw := text_of("cup")) is not None:
        draft.values["cup"] = read_cup(raw, log, fields["cup"].value_line)
    for name in ("data_inizio", "data_fine"):
        if (raw := text_of(name)) is not None:
            value = read_date(raw, log, fields[name].value_line, name)
            draft.values[name] = value
            if value is not None and value != raw.strip():
                what = "di inizio" if name == "data_inizio" else "di fine"
                draft.notes.append(
                    f"La fonte indica come data {what} «{raw.strip()}», che non è una data del programma: "
                    f"è letta come {value}, da verificare."
                )
    for name, item in fields.items():
        if name.startswith("importi.") and item.values:
            amount = read_amount(text_of(name), log, item.value_line, name)
            if amount is not None:
                draft.set_amount(name.split(".", 1)[1], amount)
    for name in ("foto", "documenti"):
        _gallery(fields.get(name), draft, log)

    if code is None:
        if city and draft.values.get("titolo"):
            draft.values["slug"] = slug_from_words(city, draft.values["titolo"])
            log.guessed(
                0, "slug",
                f"la pagina non dà il codice: indirizzo «{draft.values['slug']}» ricavato da città e titolo",
            )
        else:
            log.unread(0, "codice", "la pagina non dà il codice del progetto: città e asse non ricavabili")

    _gaps_note(draft, empty, derived, "stato" not in fields, code)
    what = f"pagina del progetto {code.text}" if code else "pagina di un progetto"
    title = draft.values.get("titolo")
    draft.fonte_titolo = f"Sito del programma PON Metro, {what}" + (f" «{title}»" if title else "")


def _gallery(item: _Field | None, draft: Draft, log: ImportLog) -> None:
    if item is None or not item.values:
        return
    text = " ".join(t for _, t in item.values)
    if _NONE_AVAILABLE.search(text) and len(item.values) == 1:
        draft.values[item.name] = []
        return
    what = "foto" if item.name == "foto" else "documenti"
    log.unread(item.value_line, item.name, (
        f"la pagina elenca {what}, ma il testo copiato non ne contiene gli indirizzi: aggiungerli a mano"
    ))


def _gaps_note(draft: Draft, empty: list[str], derived: list[str], no_state: bool, code) -> None:
    parts = []
    if "titolo" not in draft.values:
        parts.append("non riporta il titolo dell'intervento")
    if no_state:
        parts.append("non indica lo stato dell'intervento")
    if len(empty) == 1:
        parts.append(f"lascia vuoto il campo {empty[0]}")
    elif empty:
        parts.append(f"lascia vuoti i campi {italian_list(empty)}")
    if not parts:
        return
    note = f"La pagina {italian_list(parts)}"
    if derived and code is not None:
        verb = "è quella indicata" if len(derived) == 1 else "sono quelle indicate"
        note += f": {italian_list(derived)} {verb} dal codice"
    draft.notes.append(note + ".")
