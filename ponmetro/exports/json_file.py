"""The interventions as JSON: every field of every record, with the dataset's metadata.

`interventi.json` is the lossless export: the CSV files carry the table's columns,
this file carries those same keys with the same meaning plus every other field of
the record (descriptions, actions, notes, photos, documents, the sources with their
addresses and reading dates). Amounts are strings of exact decimals
("1190893.72"), never JSON numbers, because most JSON readers turn numbers into
binary floats; an unknown value is `null`. The shape is documented in
docs/downloads.md and versioned by `versione_formato`.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Iterable

from ..checks import LoadedRecord
from ..model import Intervento
from ..reference import Reference
from . import metadata
from .columns import COLUMN_NAMES, amount_text, record_values, sorted_records
from .config import ExportConfig
from .paths import INTERVENTI_JSON, download_path

# Fields of the record that the table's columns already carry (some under another
# name: importi -> importo_*). Every other field of the model is added as it is,
# so a field added to the model reaches the JSON without touching this module.
_FIELDS_IN_COLUMNS = frozenset({
    "codice", "slug", "titolo", "citta", "asse", "priorita", "azione", "ambito", "soggetto_attuatore",
    "cup", "rup", "data_inizio", "data_fine", "stato", "importi", "fonti", "aggiornato_il",
})
EXTRA_KEYS: tuple[str, ...] = tuple(name for name in Intervento.model_fields if name not in _FIELDS_IN_COLUMNS)
RECORD_KEYS: tuple[str, ...] = COLUMN_NAMES + EXTRA_KEYS

TOP_LEVEL_KEYS = (
    "titolo", "descrizione", "versione_formato", "rilasciato_il", "licenza", "editore", "fonte", "url",
    "n_interventi", "interventi",
)


def record_document(item: LoadedRecord, reference: Reference, config: ExportConfig) -> dict[str, Any]:
    """One record as a JSON object: the table's columns, then the record's other fields."""
    doc: dict[str, Any] = {}
    for name, value in record_values(item, reference, config).items():
        if isinstance(value, Decimal):
            value = amount_text(value)
        doc[name] = value
    # The column `fonti` joins the titles; here each source keeps its address and date.
    doc["fonti"] = [source.model_dump(mode="json") for source in item.record.fonti]
    doc.update(item.record.model_dump(mode="json", include=set(EXTRA_KEYS)))
    return {key: doc[key] for key in RECORD_KEYS}


def dataset_document(items: Iterable[LoadedRecord], reference: Reference, config: ExportConfig) -> dict[str, Any]:
    items = sorted_records(items)
    released = metadata.release_date(items)
    licence = config.licence
    return {
        "titolo": metadata.DATASET_TITLE,
        "descrizione": metadata.DATASET_DESCRIPTION,
        "versione_formato": metadata.FORMAT_VERSION,
        "rilasciato_il": released.isoformat() if released else None,
        "licenza": {"id": licence.id, "titolo": licence.title, "url": licence.url},
        "editore": config.publisher_name,
        "fonte": metadata.SOURCE,
        "url": config.absolute(download_path(INTERVENTI_JSON)),
        "n_interventi": len(items),
        "interventi": [record_document(item, reference, config) for item in items],
    }


def to_bytes(document: Any) -> bytes:
    """Indented, key order as built, UTF-8 (accents as they are, not \\u escapes), final newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def interventi_json(items: Iterable[LoadedRecord], reference: Reference, config: ExportConfig) -> bytes:
    return to_bytes(dataset_document(items, reference, config))


def project_json(item: LoadedRecord, reference: Reference, config: ExportConfig) -> bytes:
    """One project: the same object as its element in interventi.json."""
    return to_bytes(record_document(item, reference, config))
