"""The "Format scheda descrittiva" of an intervention (a Word table saved as text).

Each row of the table is one line, label and value separated by a tab:

    Denominazione Intervento<TAB>BO3.3.1.a: Attività culturali, ...
    Data inizio<TAB>Settembre 2016
    Asse e priorità<TAB>Asse 3 – Servizi per l'inclusione sociale Priorità di investimento 9v - ...
    Importo impegnato in totale<TAB>€ 1.864.908,36

Rows with a label and no value are section headings. Word adds its revision
balloons ("Formattato: Tipo di carattere...") as lines of their own, and the text
may carry HTML pasted from a web editor (`<ul style=...>`): both are dropped and
reported. A line without a tab continues the value of the row above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..reference import Reference
from .cleaning import Cleaner
from .draft import Draft
from .notices import ImportLog
from .source_text import read_text_lines
from .text_fixes import is_revision_mark, one_line
from .values import city_of_code, read_amount, read_city, read_code, read_cup, read_date, slug_from_words

PROGRAMMATO_FROM = "importo impegnato in totale"

LABELS = {
    "enfatizzare connessione tra il progetto ed il pilastro sociale": "pilastro_sociale",
    "connessione con il pilastro europeo dei diritti sociali": "pilastro_sociale",
    "obiettivo generale del progetto": "obiettivo_generale",
    "azioni del progetto": "azioni",
    "denominazione del programma operativo": "programma",
    "denominazione intervento": "denominazione",
    "denominazione dell'intervento": "denominazione",
    "data inizio": "data_inizio",
    "data conclusione": "data_fine",
    "data fine": "data_fine",
    "stato attività": "stato",
    "stato": "stato",
    "asse e priorità": "asse_priorita",
    "destinatari": "destinatari",
    PROGRAMMATO_FROM: "importi.programmato",
    "soggetto attuatore": "soggetto_attuatore",
    "cup": "cup",
    "codice unico di progetto - cup": "cup",
    "città": "citta",
    "descrizione": "descrizione",
    "descrizione dell'intervento": "descrizione",
}
HEADINGS = (
    "format scheda descrittiva",
    "caratteristiche essenziali dell'intervento",
    "elementi identificativi dell'intervento",
)
_TEXT_FIELDS = ("pilastro_sociale", "obiettivo_generale", "destinatari", "soggetto_attuatore", "stato")

_AXIS_PRIORITY = re.compile(
    r"^Asse\s+([1-8])\b\s*[-–—:.]?\s*(.*?)\s*(?:Priorit[àa]\s+di\s+investimento\s*[:.]?\s*(.*))?$",
    re.IGNORECASE | re.DOTALL,
)
_LEAD_IN = re.compile(r"^([^-:]{1,40}):\s*(?=-)")


@dataclass
class _Row:
    name: str
    label: str
    line: int
    parts: list[tuple[int, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(t for _, t in self.parts if t)


def _key(label: str) -> str:
    return " ".join(label.replace("\u2019", "'").split()).rstrip(":").strip().casefold()


def import_sheet(path: Path, display: str, reference: Reference, log: ImportLog) -> list[Draft]:
    lines = read_text_lines(path, log)
    if lines is None:
        return []
    cleaner = Cleaner(log)
    rows, revision_lines = _rows(lines, log)
    if revision_lines:
        shown = _ranges(revision_lines)
        log.guessed(revision_lines[0], "", (
            f"tolte {len(revision_lines)} annotazioni di revisione di Word («Formattato: ...», righe {shown})"
            if len(revision_lines) > 1 else f"tolta un'annotazione di revisione di Word (riga {shown})"
        ))
    if "denominazione" not in rows and not any(name in rows for name in ("data_inizio", "asse_priorita")):
        log.unread(0, "", (
            "nessuna delle etichette di una scheda descrittiva (Denominazione Intervento, Data inizio, "
            "Asse e priorità...) seguita da una tabulazione: il file non sembra una scheda descrittiva"
        ))
        return []
    draft = Draft(source=display, line=1)
    _interpret(rows, draft, reference, cleaner, log)
    removed = []
    if revision_lines:
        removed.append("le annotazioni di revisione di Word")
    if cleaner.html_dropped:
        removed.append("un frammento di codice HTML" if len(cleaner.html_dropped) == 1 else "frammenti di codice HTML")
    if removed:
        draft.notes.append(f"Dal testo della scheda descrittiva l'importatore ha tolto {' e '.join(removed)}.")
    fix_note = cleaner.fixes_note("Nei testi della scheda")
    if fix_note:
        draft.notes.append(fix_note)
    return [draft]


def _rows(lines: list[str], log: ImportLog) -> tuple[dict[str, _Row], list[int]]:
    rows: dict[str, _Row] = {}
    revision_lines: list[int] = []
    current: _Row | None = None
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        if is_revision_mark(raw):
            revision_lines.append(number)
            continue
        if "\t" not in raw:
            if current is None:
                log.unread(number, "", f"riga «{one_line(raw)[:60]}» senza etichetta: non letta")
            else:
                log.guessed(number, current.name, f"riga senza etichetta unita al campo «{current.label}»")
                current.parts.append((number, raw.strip()))
            continue
        label, value = raw.split("\t", 1)
        value = value.replace("\t", " ").strip()
        key = _key(label)
        if key in LABELS:
            name = LABELS[key]
            if name in rows:
                first = rows[name]
                log.unread(
                    number, name,
                    f"etichetta «{label.strip()}» ripetuta (prima alla riga {first.line}): valore ignorato",
                )
                current = None
                continue
            current = rows[name] = _Row(name, label.strip(), number, [(number, value)])
            continue
        current = None
        if not value and (key.startswith(HEADINGS) or not key):
            continue  # a heading of the sheet's table
        if value:
            log.unread(number, "", f"etichetta «{label.strip()}» sconosciuta: valore non letto")
        else:
            log.info(number, "", f"intestazione «{label.strip()}» ignorata")
    return rows, revision_lines


def _ranges(numbers: list[int]) -> str:
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}-{numbers[-1]}" if len(numbers) > 1 else str(numbers[0])
    return ", ".join(map(str, numbers))


def _interpret(rows: dict[str, _Row], draft: Draft, reference: Reference, cleaner: Cleaner, log: ImportLog) -> None:
    code = None
    title = None
    if (row := rows.get("denominazione")) and row.text:
        code_text, sep, rest = row.text.partition(":")
        code = read_code(code_text, log, row.line) if sep else None
        if code is None:
            if sep:
                log.unread(row.line, "codice", "il codice prima dei due punti non si legge: titolo preso per intero")
            rest = row.text
        title = one_line(cleaner.clean(rest, row.line, "titolo")) or None
    if code is not None:
        draft.values["codice"] = code.text
    if title:
        draft.values["titolo"] = title

    city = None
    if (row := rows.get("citta")) and row.text:
        city = read_city(row.text, reference, log, row.line)
    if code is not None:
        code_city = city_of_code(code, reference)
        if code_city is None:
            log.unread(
                rows["denominazione"].line, "codice",
                f"la sigla {code.city_prefix} non è di nessuna città del programma",
            )
        elif city is None:
            log.guessed(
                rows["denominazione"].line, "citta",
                f"città {code_city} ricavata dalla sigla {code.city_prefix} del codice",
            )
            city = code_city
        elif city != code_city:
            log.unread(
                rows["citta"].line, "citta",
                f"la scheda indica {city}, ma il codice {code.text} è di {code_city}",
            )
    if city:
        draft.values["citta"] = city

    _axis_and_priority(rows.get("asse_priorita"), code, draft, reference, cleaner, log)
    if code is not None:
        draft.values["azione"] = code.action
        log.guessed(rows["denominazione"].line, "azione", f"azione {code.action} ricavata dal codice {code.text}")

    if (row := rows.get("programma")) and row.text and "metropolitan" not in row.text.lower():
        log.unread(row.line, "programma", f"il programma indicato («{one_line(row.text)}») non sembra il PON Metro")

    for name in _TEXT_FIELDS:
        if (row := rows.get(name)) and row.text:
            draft.values[name] = one_line(cleaner.clean(row.text, row.line, name))
    if (row := rows.get("descrizione")) and row.text:
        draft.values["descrizione"] = cleaner.clean(row.text, row.line, "descrizione")
    if (row := rows.get("cup")) and row.text:
        draft.values["cup"] = read_cup(row.text, log, row.line)
    for name in ("data_inizio", "data_fine"):
        if (row := rows.get(name)) and row.text:
            draft.values[name] = read_date(one_line(row.text), log, row.line, name)
    if (row := rows.get("azioni")) and row.text:
        items = _actions(cleaner.clean(row.text, row.line, "azioni"), row.line, log)
        if items:
            draft.values["azioni"] = items
    if (row := rows.get("importi.programmato")) and row.text:
        amount = read_amount(one_line(row.text), log, row.line, "importi.programmato")
        if amount is not None:
            draft.set_amount("programmato", amount)
            log.guessed(row.line, "importi.programmato", (
                f"«{row.label}» riportato come importo programmato (la scheda non usa le quattro voci "
                "dell'avanzamento finanziario): da verificare"
            ))
            draft.notes.append(
                f"L'importo {amount} si chiama «{row.label}» nella scheda descrittiva: qui è riportato come "
                "importo programmato, da verificare con la pagina del progetto; la scheda non dà gli altri "
                "tre importi."
            )

    if code is None:
        if city and title:
            draft.values["slug"] = slug_from_words(city, title)
            log.guessed(
                0, "slug",
                f"la scheda non dà il codice: indirizzo «{draft.values['slug']}» ricavato da città e titolo",
            )
        else:
            log.unread(0, "codice", "la scheda non dà il codice dell'intervento: città non ricavabile")
    what = f"dell'intervento {code.text}" if code else "di un intervento"
    draft.fonte_titolo = f"Format scheda descrittiva {what}" + (f" «{title}»" if title else "")


def _axis_and_priority(
    row: _Row | None, code, draft: Draft, reference: Reference, cleaner: Cleaner, log: ImportLog
) -> None:
    if row is None or not row.text:
        if code is not None:
            draft.values["asse"] = str(code.axis)
            log.guessed(0, "asse", f"asse {code.axis} ricavato dal codice {code.text}")
        return
    text = one_line(cleaner.clean(row.text, row.line, "asse"))
    m = _AXIS_PRIORITY.match(text)
    if not m:
        log.unread(row.line, "asse", f"«{text[:80]}» non si legge come «Asse N – nome Priorità di investimento ...»")
        if code is not None:
            draft.values["asse"] = str(code.axis)
            log.guessed(row.line, "asse", f"asse {code.axis} ricavato dal codice {code.text}")
        return
    axis, name, priority = int(m.group(1)), m.group(2).strip(), (m.group(3) or "").strip()
    if code is not None and code.axis != axis:
        log.unread(
            row.line, "asse",
            f"la scheda indica l'asse {axis}, ma il codice {code.text} è dell'asse {code.axis}",
        )
    draft.values["asse"] = str(axis)
    known = reference.axis_by_number.get(axis)
    if known is not None and name and _key(name) != _key(known.nome):
        log.guessed(row.line, "asse", f"nome dell'asse «{name}» diverso da quello di data/assi.yaml («{known.nome}»)")
    if priority:
        draft.values["priorita"] = priority


def _actions(text: str, line: int, log: ImportLog) -> list[str]:
    """`Macro Azioni: - prima - seconda` -> ["prima", "seconda"]."""
    text = one_line(text)
    if m := _LEAD_IN.match(text):
        log.guessed(line, "azioni", f"tolta l'intestazione «{m.group(1)}:» prima dell'elenco")
        text = text[m.end():]
    items = [item.strip() for item in re.split(r"(?:^|\s)[-•]\s+", text) if item.strip()]
    if len(items) > 1:
        log.guessed(line, "azioni", f"{len(items)} azioni separate ai trattini dell'elenco")
    return items
