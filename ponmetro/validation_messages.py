"""Pydantic's validation errors, told in Italian at the line where they happened.

Pydantic reports errors in English, by location (`("importi", "erogato")`). Our own
value types already raise Italian messages; this module translates the generic
ones (missing field, unknown key, wrong kind of value) and attaches the line and
column that the strict loader recorded for that location.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .lookalikes import foreign_letter
from .problems import Problem
from .strict_yaml import YamlDocument, format_loc

_KINDS = {
    "model_type": "una mappa di campi (chiave: valore)",
    "model_attributes_type": "una mappa di campi (chiave: valore)",
    "dict_type": "una mappa di campi (chiave: valore)",
    "list_type": "un elenco (righe che iniziano con '- ')",
    "string_type": "un testo",
}


def problems_from(exc: ValidationError, doc: YamlDocument, model: type[BaseModel]) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        kind = error["type"]
        if kind == "extra_forbidden":
            problems.append(doc.problem(loc, _unknown_key(loc, model), key=True))
        else:
            problems.append(doc.problem(loc, _message(error)))
    return problems


def _message(error: dict) -> str:
    kind = error["type"]
    given = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "campo obbligatorio mancante"
    if kind in _KINDS:
        if given is None:
            return "valore vuoto: scrivere un valore o togliere il campo"
        return f"deve essere {_KINDS[kind]}, non {_kind(given)}"
    if kind == "too_short":
        return "l'elenco non può essere vuoto: serve almeno un elemento"
    if kind == "too_long":
        return f"troppi elementi (massimo {ctx.get('max_length')})"
    if kind == "literal_error":
        return f"valore '{given}' non ammesso: i valori ammessi sono {ctx.get('expected')}".replace(" or ", " o ")
    if kind == "string_pattern_mismatch":
        return f"valore '{given}' non nel formato richiesto"
    if kind == "frozen_instance":  # pragma: no cover - never raised while loading
        return "valore non modificabile"
    # Our own types raise PydanticCustomError with the Italian message ready.
    if "msg" in error and error.get("type") not in {"value_error", "assertion_error"}:
        return error["msg"]
    return f"valore non valido: {error.get('msg')}"


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "un elenco"
    if isinstance(value, dict):
        return "una mappa"
    if isinstance(value, str):
        return f"il testo '{value[:40]}'"
    return type(value).__name__


def _unknown_key(loc: tuple, model: type[BaseModel]) -> str:
    owner = _model_at(model, loc[:-1])
    key = loc[-1]
    if owner is None:
        return f"campo sconosciuto '{key}'"
    allowed = list(owner.model_fields)
    if str(key).isdigit():
        # Only a comma inside { } makes a key of digits: in `{programmato: 1.128.100,00}`
        # the comma ends the value, and its cents become a key of their own.
        return (f"campo sconosciuto '{key}': sono i decimali di un importo? Tra parentesi {{ }} la virgola "
                "separa i campi, e divide in due un importo come 1.128.100,00: scrivere un campo per riga "
                "(programmato: 1.128.100,00) o l'importo tra virgolette")
    close = difflib.get_close_matches(str(key).lower(), allowed, n=1, cutoff=0.6)
    parents = [] if close else _nested_owners(owner, str(key))
    outer = next((part for part in reversed(loc[:-1]) if isinstance(part, str)), None)
    if close:
        hint = f": forse '{close[0]}'?"
    elif outer and not parents and _is_outer_key(model, loc[:-1], str(key)):
        # The opposite slip: a key indented under the mapping before it.
        hint = f": è un campo del livello superiore, non di '{outer}': da scrivere con meno rientro?"
    elif len(parents) == 1:
        # A key that lost its indentation (easy in a web editor) lands one level
        # up, where it is unknown: the message says where it belongs.
        hint = f": è un campo di '{parents[0]}', da rientrare sotto '{parents[0]}:' con due spazi in più?"
    elif parents:
        names = ", ".join(f"'{name}'" for name in parents[:-1]) + f" o '{parents[-1]}'"
        hint = f": è un campo di {names}, da rientrare sotto quello a cui appartiene?"
    else:
        hint = "."
    return f"campo sconosciuto '{key}'{hint} Campi ammessi qui: {', '.join(allowed)}"


def _is_outer_key(model: type[BaseModel], loc: tuple, key: str) -> bool:
    """Whether a mapping that encloses the one at `loc` has `key`."""
    for end in range(len(loc) - 1, -1, -1):
        enclosing = _model_at(model, loc[:end])
        if enclosing is not None and key in enclosing.model_fields:
            return True
    return False


def _nested_owners(owner: type[BaseModel], key: str) -> list[str]:
    """The fields of `owner` whose own mappings have `key` (programmato -> importi)."""
    return [name for name, field in owner.model_fields.items()
            if (inner := _inner_model(field.annotation)) is not None and key in inner.model_fields]


def unknown_city(name: str, reference) -> str:
    """The message for a city that is not in data/citta.yaml, with the likely one."""
    known = list(reference.city_by_name)
    lowered = {n.lower(): n for n in known}
    close = [lowered[name.lower()]] if name.lower() in lowered else []
    close = close or difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f": forse '{close[0]}'?" if close else "."
    return f"città '{name}' sconosciuta{foreign_letter(name)}{hint} Le città del programma sono: {', '.join(known)}"


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that describes the mapping at `loc` (lists are stepped through)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


__all__ = ["problems_from", "format_loc", "unknown_city"]
