"""Project codes (`MI3.3.1.e`) and the permanent slugs derived from them.

A code fixes the city (`MI`), the axis (`3`), the action (`3.3.1`) and the
intervention's letter (`e`). Its slug (`mi3-3-1-e`) is the project's address on
the site, which must never change once published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lookalikes import foreign_letter

# [0-9] rather than \d: Python's \d takes any Unicode digit, and these patterns
# also go into the JSON Schema, where they must mean the same. No leading zero:
# "MI3.3.01.e" beside "MI3.3.1.e" would be two projects at two addresses, and
# "3.3.01" a second page for action 3.3.1, splitting its sums.
_NUMBER = "[1-9][0-9]?"
CODE_PATTERN = rf"^([A-Z]{{2}})([1-8])\.({_NUMBER})\.({_NUMBER})\.([a-z][a-z0-9]*)$"
_CODE = re.compile(CODE_PATTERN)
ACTION_PATTERN = rf"^[1-8]\.{_NUMBER}\.{_NUMBER}$"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class CodeError(ValueError):
    """Not a project code; the message says why, in Italian."""


@dataclass(frozen=True)
class ProjectCode:
    text: str
    city_prefix: str
    axis: int
    action: str
    letter: str

    @property
    def slug(self) -> str:
        return slug_for_code(self.text)


def parse_code(text: str) -> ProjectCode:
    raw = str(text).strip()
    m = _CODE.fullmatch(raw)
    if not m:
        fixed = _normalised(raw)
        hint = f": forse '{fixed}'?" if fixed and fixed != raw else "."
        raise CodeError(
            f"codice '{raw}' non valido{foreign_letter(raw)}{hint} Il formato è sigla della città, asse, azione "
            "e lettera dell'intervento, come MI3.3.1.e"
        )
    prefix, axis, objective, action, letter = m.groups()
    return ProjectCode(raw, prefix, int(axis), f"{axis}.{objective}.{action}", letter)


def _normalised(raw: str) -> str | None:
    """A plausible spelling of a mistyped code (`mi 3.3.1.E` -> `MI3.3.1.e`)."""
    # Spaces, commas, a hyphen after the city, a trailing dot, a letter without
    # its dot ("MI3.3.1e"): each seen in documents that quote the codes.
    compact = re.sub(r"\s+", "", raw).replace(",", ".").rstrip(".")
    m = re.fullmatch(r"([A-Za-z]{2})[-_]?([1-8])\.([0-9]{1,2})\.([0-9]{1,2})\.?([A-Za-z][A-Za-z0-9]*)", compact)
    if not m:
        return None
    prefix, axis, objective, action, letter = m.groups()
    if int(objective) == 0 or int(action) == 0:
        return None
    return f"{prefix.upper()}{axis}.{int(objective)}.{int(action)}.{letter.lower()}"


def action_meant(text: str) -> str | None:
    """`3.3.01` -> `3.3.1`: an action written with a leading zero, or None."""
    m = re.fullmatch(r"([1-8])\.([0-9]{1,2})\.([0-9]{1,2})", text)
    if not m or int(m[2]) == 0 or int(m[3]) == 0:
        return None
    meant = f"{m[1]}.{int(m[2])}.{int(m[3])}"
    return meant if meant != text else None


def slug_for_code(code: str) -> str:
    """`MI3.3.1.e` -> `mi3-3-1-e`: lower case, dots as hyphens."""
    return code.strip().lower().replace(".", "-")


def code_for_slug(slug: str) -> str | None:
    """The code whose address is `slug` (`mi3-3-1-e` -> `MI3.3.1.e`), or None if it is no code's."""
    parts = slug.split("-")
    if len(parts) != 4:
        return None
    text = f"{parts[0].upper()}.{parts[1]}.{parts[2]}.{parts[3]}"
    return text if _CODE.fullmatch(text) else None


def slug_for_action(action: str) -> str:
    """`3.3.1` -> `3-3-1`."""
    return action.replace(".", "-")
