"""Reading single values of a source with the core's rules, reporting every doubt.

Each reader takes the text of one field and returns the text to put in the draft,
or None after logging why it could not be read. What the core already knows
(amounts, dates, codes) is asked to the core; what is added here are the fixes a
source needs before the core can read it (a year written `0021`, a CUP in lower
case) and the values implied by a project code (city, axis, action).
"""

from __future__ import annotations

import re
import unicodedata

from .. import amounts, codes, dates
from ..reference import Reference
from .notices import ImportLog

# A year written with its first two digits as zeros ("30-09-0021") is the
# programme's 20xx with a typo; two-digit years ("30-09-21") are the same years.
_ZERO_YEAR = re.compile(r"(?<!\d)00(\d{2})(?!\d)")
_SHORT_YEAR_DAY = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{2})$")


def read_date(text: str, log: ImportLog, line: int, field: str) -> str | None:
    """The date as written if the core reads it, a fixed spelling, or None."""
    text = text.strip()
    try:
        dates.parse_date(text)
        return text
    except dates.DateError as exc:
        error = str(exc)
    fixed = None
    if m := _ZERO_YEAR.search(text):
        fixed = f"{text[: m.start()]}20{m.group(1)}{text[m.end():]}"
    elif m := _SHORT_YEAR_DAY.match(text):
        fixed = f"{m.group(1)}{m.group(2)}{m.group(3)}{m.group(2)}20{m.group(4)}"
    if fixed:
        try:
            dates.parse_date(fixed)
        except dates.DateError:
            fixed = None
    if fixed:
        log.guessed(line, field, f"data «{text}» letta come «{fixed}» (anno scritto male nella fonte)")
        return fixed
    log.unread(line, field, error)
    return None


def read_amount(text: str, log: ImportLog, line: int, field: str) -> str | None:
    """The amount as written (`€ 1.190.893,72`) if the core reads it, else None."""
    text = text.strip()
    try:
        amounts.parse_amount(text)
    except amounts.AmountError as exc:
        log.unread(line, field, str(exc))
        return None
    return text


def read_code(text: str, log: ImportLog, line: int, field: str = "codice") -> codes.ProjectCode | None:
    raw = text.strip()
    try:
        return codes.parse_code(raw)
    except codes.CodeError as exc:
        error = str(exc)
    compact = re.sub(r"\s+", "", raw).replace(",", ".")
    m = re.fullmatch(r"([A-Za-z]{2})([1-8])\.(\d{1,2})\.(\d{1,2})\.([A-Za-z][A-Za-z0-9]*)", compact)
    if m:
        prefix, axis, objective, action, letter = m.groups()
        fixed = f"{prefix.upper()}{axis}.{objective}.{action}.{letter.lower()}"
        log.guessed(line, field, f"codice «{raw}» letto come «{fixed}»")
        return codes.parse_code(fixed)
    log.unread(line, field, error)
    return None


def read_cup(text: str, log: ImportLog, line: int, field: str = "cup") -> str | None:
    raw = text.strip()
    if raw.lower() in {"n.d.", "n.d", "nd", "n/d"}:
        return "n.d."
    if re.fullmatch(r"[A-Z0-9]{15}", raw):
        return raw
    compact = re.sub(r"\s+", "", raw).upper()
    if re.fullmatch(r"[A-Z0-9]{15}", compact):
        log.guessed(line, field, f"CUP «{raw}» letto come «{compact}»")
        return compact
    log.unread(line, field, f"CUP «{raw}» non valido: sono 15 lettere maiuscole e cifre (es. C19J21037430006)")
    return None


def read_action(text: str, log: ImportLog, line: int, field: str = "azione") -> str | None:
    raw = text.strip()
    action = re.sub(r"^azione\s+", "", raw, flags=re.IGNORECASE)
    if re.fullmatch(codes.ACTION_PATTERN, action):
        return action
    log.unread(line, field, f"azione «{raw}» non leggibile: il formato è 3.3.1")
    return None


def read_city(text: str, reference: Reference, log: ImportLog, line: int, field: str = "citta") -> str | None:
    raw = text.strip()
    if raw in reference.city_by_name:
        return raw
    folded = {name.casefold(): name for name in reference.city_by_name}
    if raw.casefold() in folded:
        return folded[raw.casefold()]
    for name in reference.city_by_name:
        # "Comune di Torino", "Città metropolitana di Torino"
        if re.search(rf"\b{re.escape(name)}\b", raw, re.IGNORECASE):
            log.guessed(line, field, f"città «{raw}» letta come «{name}»")
            return name
    log.unread(line, field, reference.unknown_city_message(raw))
    return None


def city_of_code(code: codes.ProjectCode, reference: Reference) -> str | None:
    city = reference.city_by_prefix.get(code.city_prefix)
    return city.nome if city else None


def slug_from_words(*parts: str, max_words: int = 6) -> str:
    """`Bologna`, `Attività culturali, di ...` -> `bologna-attivita-culturali-di`."""
    text = unicodedata.normalize("NFKD", " ".join(parts))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", text)
    return "-".join(words[:max_words])


def italian_amount(value) -> str:
    """`Decimal('1190893.72')` -> `€ 1.190.893,72`, as the programme writes amounts."""
    whole, _, cents = f"{value:,.2f}".partition(".")
    return f"€ {whole.replace(',', '.')},{cents}"
