"""A draft record: text values in the record format, checked by the core.

Importers fill a `Draft` with the fields they read (all as text, as a maintainer
would type them), the source it came from and the notes that explain corrections
and gaps. `render` adds `fonti`, `note` and `aggiornato_il`, writes the YAML and
validates it exactly as `python -m ponmetro validate` would validate the file once
moved into data/interventi/ (same loader, same model, same checks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .. import checks, codes
from ..checks import LoadedRecord
from ..dataset import parse_document
from ..model import Intervento
from ..problems import Problem
from ..reference import Reference
from ..strict_yaml import load_text
from .yaml_out import DraftYamlError, dump_draft

RECORD_FIELDS = tuple(Intervento.model_fields)


def day_text(day: dt.date) -> str:
    """A day as the records write it: 22-11-2026."""
    return f"{day.day:02d}-{day.month:02d}-{day.year:04d}"


@dataclass
class Draft:
    source: str  # the source file, as the maintainer typed it
    line: int  # where the record starts in the source (1 for a whole page)
    values: dict[str, Any] = field(default_factory=dict)
    fonte_titolo: str = ""
    fonte_url: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str | None:
        code = self.values.get("codice")
        if code:
            return codes.slug_for_code(code)
        return self.values.get("slug")

    def set_amount(self, name: str, text: str) -> None:
        self.values.setdefault("importi", {})[name] = text

    def record_data(self, today: dt.date) -> dict[str, Any]:
        """The record as plain text values, keys in the model's order."""
        fonte = {"titolo": self.fonte_titolo}
        if self.fonte_url:
            fonte["url"] = self.fonte_url
        fonte["consultata_il"] = day_text(today)
        values = dict(self.values, fonti=[fonte], note=list(self.notes), aggiornato_il=day_text(today))
        if not values["note"]:
            del values["note"]
        unknown = set(values) - set(RECORD_FIELDS)
        if unknown:
            raise KeyError(f"not record fields: {sorted(unknown)}")
        return {name: values[name] for name in RECORD_FIELDS if name in values and values[name] is not None}


@dataclass
class Rendered:
    text: str | None  # the YAML, None if it could not be produced
    problems: list[Problem]  # from the core's validation, errors and warnings

    @property
    def valid(self) -> bool:
        return self.text is not None and not any(p.is_error for p in self.problems)


def render(draft: Draft, today: dt.date, reference: Reference, display: str, header: str) -> Rendered:
    """The draft's YAML and what the core's validation says about it."""
    data = draft.record_data(today)
    try:
        text = dump_draft(data, header, display)
    except DraftYamlError as exc:
        return Rendered(None, [Problem(display, 1, 1, "", f"bozza non scrivibile in YAML: {exc}")])
    doc = load_text(text, display)
    record, problems = parse_document(doc, Intervento, {"reference": reference})
    if record is not None:
        positions = {
            name: doc.value_at[tuple(name.split("."))]
            for name in checks.KEPT_POSITIONS
            if tuple(name.split(".")) in doc.value_at
        }
        item = LoadedRecord(record, display, positions)
        problems.extend(checks.check_record(item, reference, draft.slug or ""))
    return Rendered(text, problems)
