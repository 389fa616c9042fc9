"""OpenCoesione's project CSV, filtered on PON Metro, into draft records.

OpenCoesione publishes every cohesion project in one `;`-separated CSV (UTF-8 with
BOM; the full file is over a gigabyte, so it is streamed, never loaded whole). Rows
of PON Metro are those whose OC_CODICE_PROGRAMMA holds 2014IT16M2OP004 (a project
financed by several programmes lists their codes separated by `:::`).

Column to record field:

    COD_LOCALE_PROGETTO             codice (when it has the PON Metro form, MI3.3.1.e);
                                    city, axis and action follow from it
    CUP                             cup
    OC_TITOLO_PROGETTO              titolo
    OC_SINTESI_PROGETTO             descrizione
    OC_STATO_PROGETTO               stato
    OC_DATA_INIZIO_PROGETTO         data_inizio
    OC_DATA_FINE_PROGETTO_EFFETTIVA data_fine (or, when the project has not ended,
    OC_DATA_FINE_PROGETTO_PREVISTA  the planned end, and the note says so)
    OC_LINK, DATA_AGGIORNAMENTO     the source: its address, and its date in its title

The four amounts of the programme site ("Avanzamento finanziario") have no columns
of the same name; the nearest ones are taken, and every draft's note says so:

    FINANZ_TOTALE_PUBBLICO        -> programmato: the public money planned for the
                                     project (all public sources, as the programme's
                                     "programmato" includes the national share)
    IMPEGNI                       -> ammesso_a_finanziamento: all commitments recorded
                                     for the project. OpenCoesione has no "admitted to
                                     funding" amount; the commitments are the amount
                                     the project was actually granted, the closest fact
    OC_IMPEGNI_GIURID_VINCOLANTI  -> giuridicamente_vincolante: the same concept by name
    TOT_PAGAMENTI                 -> erogato: payments made

Formats are not documented precisely, so plausible ones are all accepted: amounts
`1190893.72`, `1190893,72`, `1.190.893,72`, `1,190,893.72`; dates `20210930`,
`2021-09-30`, `30/09/2021`. A value that could be read two ways (`1.128`) is not
guessed: it is reported as unread, with its line.
"""

from __future__ import annotations

import codecs
import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Iterator

from .. import codes
from ..reference import Reference
from .description import Line, to_markdown
from .draft import Draft
from .notices import ImportLog
from .source_text import SNIFF_BYTES, check_openable
from .text_fixes import one_line
from .values import city_of_code, italian_amount, read_cup, read_date

PROGRAMME = "2014IT16M2OP004"
MULTI_VALUE_SEPARATOR = ":::"

AMOUNT_COLUMNS = {
    "FINANZ_TOTALE_PUBBLICO": "programmato",
    "IMPEGNI": "ammesso_a_finanziamento",
    "OC_IMPEGNI_GIURID_VINCOLANTI": "giuridicamente_vincolante",
    "TOT_PAGAMENTI": "erogato",
}
REQUIRED = ("OC_CODICE_PROGRAMMA", "COD_LOCALE_PROGETTO")
USED = REQUIRED + (
    "CUP", "OC_TITOLO_PROGETTO", "OC_SINTESI_PROGETTO", "OC_STATO_PROGETTO", "OC_DATA_INIZIO_PROGETTO",
    "OC_DATA_FINE_PROGETTO_PREVISTA", "OC_DATA_FINE_PROGETTO_EFFETTIVA", "OC_LINK", "DATA_AGGIORNAMENTO",
) + tuple(AMOUNT_COLUMNS)

AMOUNTS_NOTE = (
    "Importi da OpenCoesione, che non usa le quattro voci del sito del programma: programmato è "
    "FINANZ_TOTALE_PUBBLICO (finanziamento pubblico totale), ammesso a finanziamento è IMPEGNI "
    "(impegni totali registrati, la voce più vicina), giuridicamente vincolante è "
    "OC_IMPEGNI_GIURID_VINCOLANTI, erogato è TOT_PAGAMENTI (pagamenti). Da confrontare con la pagina "
    "del progetto sul sito del programma."
)

_CODE_INSIDE = re.compile(r"(?<![A-Za-z])([A-Z]{2}[1-8]\.\d{1,2}\.\d{1,2}\.[a-z][a-z0-9]*)(?![A-Za-z0-9])")


class _Unreadable(ValueError):
    """A value that cannot be read; the message says why, in Italian."""


# --- values -----------------------------------------------------------------------

_PLAIN_INT = re.compile(r"^\d+$")
_ONE_SEP = re.compile(r"^(\d+)([.,])(\d+)$")
_IT_GROUPS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_EN_GROUPS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_oc_amount(text: str) -> Decimal:
    """Any plausible spelling of a non-negative amount, exact to the cent."""
    s = text.replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
    if s.startswith(("-", "−")):
        raise _Unreadable(f"importo negativo «{text}»: gli importi di una scheda non sono negativi")
    if _PLAIN_INT.match(s):
        whole, decimals = s, ""
    elif (m := _ONE_SEP.match(s)) and len(m.group(3)) != 3:
        whole, decimals = m.group(1), m.group(3)
    elif _ONE_SEP.match(s):
        raise _Unreadable(
            f"importo «{text}» ambiguo: il separatore può indicare le migliaia o i decimali"
        )
    elif _IT_GROUPS.match(s):
        whole, _, decimals = s.partition(",")
        whole = whole.replace(".", "")
    elif _EN_GROUPS.match(s):
        whole, _, decimals = s.partition(".")
        whole = whole.replace(",", "")
    else:
        raise _Unreadable(f"importo «{text}» non leggibile")
    if len(decimals) > 2 and decimals[2:].strip("0"):
        raise _Unreadable(f"importo «{text}» con più di due decimali: non è un importo al centesimo")
    return Decimal(f"{whole}.{(decimals + '00')[:2]}")


_COMPACT_DAY = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")


def oc_date_text(text: str) -> str:
    """A date of the CSV as the records write a day (30-09-2021), before the core's checks."""
    s = text.strip()
    if m := _COMPACT_DAY.match(s):
        year, month, day = m.groups()
    elif m := _ISO_DAY.match(s):
        year, month, day = m.groups()
    elif m := _DMY.match(s):
        day, _, month, year = m.groups()
        if int(month) > 12 >= int(day):
            raise _Unreadable(f"data «{text}»: il mese {month} non esiste (forse è scritta mese/giorno/anno?)")
    else:
        raise _Unreadable(f"data «{text}» non leggibile: formati letti 20210930, 2021-09-30, 30/09/2021")
    return f"{int(day):02d}-{int(month):02d}-{year}"


# --- the file ---------------------------------------------------------------------


@dataclass
class _Stats:
    other_programmes: int = 0
    rows: int = 0
    damaged_elsewhere: list[int] = field(default_factory=list)


def import_csv(path: Path, display: str, reference: Reference, log: ImportLog) -> list[Draft]:
    if not check_openable(path, log):
        return []
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                log.unread(0, "", "il file è in UTF-16: salvarlo in UTF-8 (come lo pubblica OpenCoesione)")
                return []
            if b"\x00" in head:
                log.unread(0, "", "il file sembra binario (contiene byte nulli), non un CSV")
                return []
            handle.seek(0)
            return _read(handle, display, reference, log)
    except OSError as exc:
        log.unread(0, "", f"impossibile leggere il file: {exc.strerror or exc}")
        return []


def _read(handle, display: str, reference: Reference, log: ImportLog) -> list[Draft]:
    bad_bytes: dict[int, str] = {}
    lines = _decoded_lines(handle, bad_bytes)
    first = next(lines, None)
    if first is None or not first.strip():
        log.unread(1, "", "intestazione mancante: la prima riga deve contenere i nomi delle colonne")
        return []
    delimiter = _delimiter(first, log)
    if delimiter is None:
        return []
    reader = csv.reader(_chain(first, lines), delimiter=delimiter, strict=True)
    header_row = next(reader)
    header = [name.strip().upper() for name in header_row]
    index = {name: i for i, name in enumerate(header) if name}
    missing = [name for name in REQUIRED if name not in index]
    if missing:
        log.unread(
            1, "",
            f"colonne obbligatorie mancanti: {', '.join(missing)} (il file è un CSV dei progetti di OpenCoesione?)",
        )
        return []
    absent = [name for name in USED if name not in index]
    if absent:
        log.unread(1, "", f"colonne assenti, i campi corrispondenti non sono letti: {', '.join(absent)}")
    stats = _Stats()
    drafts: list[Draft] = []
    seen_codes: dict[str, int] = {}
    end = reader.line_num
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            end = reader.line_num
            log.unread(start, "", f"riga danneggiata, non letta: {_csv_error(exc)}")
            continue
        end = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        raw_text = delimiter.join(row)
        if len(row) != len(header):
            if PROGRAMME in raw_text:
                log.unread(start, "", (
                    f"riga danneggiata, non letta: {len(row)} campi invece di {len(header)} "
                    f"(riga di {PROGRAMME})"
                ))
            else:
                stats.damaged_elsewhere.append(start)
            continue
        values = {name: row[i] for name, i in index.items()}
        programmes = [p.strip().upper() for p in values["OC_CODICE_PROGRAMMA"].split(MULTI_VALUE_SEPARATOR)]
        if PROGRAMME not in programmes:
            stats.other_programmes += 1
            continue
        stats.rows += 1
        broken = [n for n in range(start, end + 1) if n in bad_bytes]
        for n in broken:
            log.unread(n, "", f"byte non valido in UTF-8 ({bad_bytes[n]}): i campi che lo contengono non sono letti")
        draft = _draft(values, programmes, start, display, reference, log)
        if draft is None:
            continue
        code = draft.values.get("codice")
        if code in seen_codes:
            log.unread(start, "codice", f"{code} già letto alla riga {seen_codes[code]}: riga non importata")
            continue
        seen_codes[code] = start
        drafts.append(draft)
    _summary(stats, log)
    return drafts


def _summary(stats: _Stats, log: ImportLog) -> None:
    if stats.damaged_elsewhere:
        shown = ", ".join(map(str, stats.damaged_elsewhere[:10]))
        more = f" e altre {len(stats.damaged_elsewhere) - 10}" if len(stats.damaged_elsewhere) > 10 else ""
        log.unread(stats.damaged_elsewhere[0], "", (
            f"righe danneggiate, non lette (il numero di campi è sbagliato e il programma non si riconosce): "
            f"{shown}{more}"
        ))
    log.info(0, "", (
        f"{_rows(stats.rows)} del programma {PROGRAMME}; {_rows(stats.other_programmes)} di altri programmi ignorate"
    ))


def _rows(n: int) -> str:
    return f"{n} riga" if n == 1 else f"{n} righe"


def _decoded_lines(handle, bad_bytes: dict[int, str]) -> Iterator[str]:
    # Decoded line by line, not with a text wrapper: a bad byte then costs one
    # reported line, not the whole import.
    for number, raw in enumerate(handle, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = raw[exc.start]
            try:
                hint = f", in Windows-1252 sarebbe «{bytes([bad]).decode('cp1252')}»"
            except UnicodeDecodeError:
                hint = ""
            bad_bytes[number] = f"0x{bad:02x}{hint}"
            yield raw.decode("utf-8", "replace")


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _delimiter(header: str, log: ImportLog) -> str | None:
    if ";" in header:
        return ";"
    for candidate, name in (("\t", "tabulazione"), (",", "virgola"), ("|", "barra verticale")):
        if candidate in header and "COD_LOCALE_PROGETTO" in header.upper():
            log.guessed(1, "", f"colonne separate da {name} invece che da ';'")
            return candidate
    log.unread(1, "", "intestazione senza colonne separate da ';': il file non sembra un CSV di OpenCoesione")
    return None


def _csv_error(exc: csv.Error) -> str:
    message = str(exc)
    if "field larger than field limit" in message:
        return "campo troppo lungo (virgolette aperte e mai chiuse?)"
    if "expected" in message and "after" in message and '"' in message:
        return "virgolette non chiuse correttamente"
    if "unexpected end of data" in message:
        return "il file finisce dentro un campo tra virgolette"
    if "new-line character seen in unquoted field" in message:
        return "a capo dentro un campo non racchiuso tra virgolette"
    return f"CSV non valido ({message})"


# --- one row ----------------------------------------------------------------------


def _draft(values: dict[str, str], programmes: list[str], line: int, display: str,
           reference: Reference, log: ImportLog) -> Draft | None:
    def get(name: str) -> str:
        text = values.get(name, "")
        if "\ufffd" in text:
            log.unread(line, name, "testo con byte non validi in UTF-8: non letto")
            return ""
        return text.strip()

    code = _code(get("COD_LOCALE_PROGETTO"), line, log)
    if code is None:
        return None
    city = city_of_code(code, reference)
    if city is None:
        log.unread(
            line, "codice",
            f"la sigla {code.city_prefix} di {code.text} non è di nessuna città del programma: riga non importata",
        )
        return None
    log.guessed(line, "citta", f"città {city}, asse {code.axis} e azione {code.action} ricavati dal codice {code.text}")
    draft = Draft(source=display, line=line)
    draft.values.update(codice=code.text, citta=city, asse=str(code.axis), azione=code.action)

    if title := one_line(get("OC_TITOLO_PROGETTO")):
        draft.values["titolo"] = title
    if cup := get("CUP"):
        draft.values["cup"] = read_cup(cup, log, line, "CUP")
    if state := one_line(get("OC_STATO_PROGETTO")):
        draft.values["stato"] = state
    if summary := get("OC_SINTESI_PROGETTO"):
        draft.values["descrizione"] = to_markdown([Line(line, t) for t in summary.splitlines()])

    if start := get("OC_DATA_INIZIO_PROGETTO"):
        draft.values["data_inizio"] = _date(start, line, "OC_DATA_INIZIO_PROGETTO", log)
    actual, planned = get("OC_DATA_FINE_PROGETTO_EFFETTIVA"), get("OC_DATA_FINE_PROGETTO_PREVISTA")
    if actual:
        draft.values["data_fine"] = _date(actual, line, "OC_DATA_FINE_PROGETTO_EFFETTIVA", log)
    elif planned:
        draft.values["data_fine"] = _date(planned, line, "OC_DATA_FINE_PROGETTO_PREVISTA", log)
        if draft.values["data_fine"]:
            draft.notes.append("La data di fine è quella prevista: OpenCoesione non indica una data di fine effettiva.")

    for column, name in AMOUNT_COLUMNS.items():
        if text := get(column):
            try:
                draft.set_amount(name, italian_amount(parse_oc_amount(text)))
            except _Unreadable as exc:
                log.unread(line, column, str(exc))
    if "importi" in draft.values:
        draft.notes.append(AMOUNTS_NOTE)
    if len(programmes) > 1:
        others = ", ".join(p for p in programmes if p != PROGRAMME)
        draft.notes.append(
            f"Il progetto è finanziato anche da altri programmi ({others}): gli importi di OpenCoesione "
            "sono quelli dell'intero progetto, non della sola quota del PON Metro."
        )

    updated = None
    if text := get("DATA_AGGIORNAMENTO"):
        updated = _date(text, line, "DATA_AGGIORNAMENTO", log)
    draft.fonte_titolo = f"OpenCoesione, progetto {code.text}" + (f" (dati aggiornati al {updated})" if updated else "")
    if link := get("OC_LINK"):
        if re.fullmatch(r"https?://[^\s<>\"'`]+", link):
            draft.fonte_url = link
        else:
            log.unread(line, "OC_LINK", f"indirizzo «{link[:80]}» non valido")
    return draft


def _code(text: str, line: int, log: ImportLog) -> codes.ProjectCode | None:
    if not text:
        log.unread(line, "COD_LOCALE_PROGETTO", "codice mancante: riga non importata")
        return None
    try:
        return codes.parse_code(text)
    except codes.CodeError:
        pass
    found = _CODE_INSIDE.findall(text)
    if len(found) == 1:
        log.guessed(line, "COD_LOCALE_PROGETTO", f"codice {found[0]} letto dentro «{text}»")
        return codes.parse_code(found[0])
    log.unread(line, "COD_LOCALE_PROGETTO", (
        f"«{text}» non ha la forma di un codice del PON Metro (es. MI3.3.1.e): città e asse non "
        "ricavabili, riga non importata"
    ))
    return None


def _date(text: str, line: int, column: str, log: ImportLog) -> str | None:
    try:
        day = oc_date_text(text)
    except _Unreadable as exc:
        log.unread(line, column, str(exc))
        return None
    value = read_date(day, log, line, column)
    return value
