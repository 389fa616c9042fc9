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

import datetime as dt
from decimal import Decimal
from typing import Any, Iterable, Sequence

import orjson

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


def record_document(
    item: LoadedRecord, reference: Reference, config: ExportConfig, values: dict[str, Any] | None = None
) -> dict[str, Any]:
    """One record as a JSON object: the table's columns, then the record's other fields.

    `values` are the record's `record_values`, when the caller already has them.
    """
    if values is None:
        values = record_values(item, reference, config)
    doc: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, Decimal):
            value = amount_text(value)
        doc[name] = value
    # The column `fonti` joins the titles; here each source keeps its address and date.
    doc["fonti"] = [source.model_dump(mode="json") for source in item.record.fonti]
    doc.update(item.record.model_dump(mode="json", include=set(EXTRA_KEYS)))
    return {key: doc[key] for key in RECORD_KEYS}


def metadata_document(n_records: int, released: dt.date | None, config: ExportConfig) -> dict[str, Any]:
    """interventi.json's top-level object, with the list of records still empty."""
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
        "n_interventi": n_records,
        "interventi": [],
    }


def indented(document: Any) -> bytes:
    """UTF-8, indented by two spaces, key order as built, accents as they are (not \\u escapes); no final newline.

    The bytes of `json.dumps(document, ensure_ascii=False, indent=2)`, made by orjson:
    the standard library's indented encoder is pure Python, and encoding 10,000
    records took 0.9 s against orjson's 0.17 s (tests/exports check the bytes are
    the same).
    """
    return orjson.dumps(document, option=orjson.OPT_INDENT_2)


def to_bytes(document: Any) -> bytes:
    """`indented`, with a final newline: every JSON file's bytes."""
    return indented(document) + b"\n"


# The records sit in a list (depth 2) inside the top-level object.
_NESTED_INDENT = b"    "


def nested(doc: bytes) -> bytes:
    """A record's `indented` document as it sits in interventi.json's list: each line after the first indented one level more.

    Every line break of `indented` is structural (a break inside a string is
    written \\n), so indenting after each one is exact, and so is `unnested`.
    """
    return doc.replace(b"\n", b"\n" + _NESTED_INDENT)


def unnested(doc: bytes) -> bytes:
    """The record's own document back from `nested`."""
    return doc.replace(b"\n" + _NESTED_INDENT, b"\n")


def dataset_bytes(nested_docs: Sequence[bytes], released: dt.date | None, config: ExportConfig) -> bytes:
    """interventi.json from its records' `nested` documents, in order.

    The same bytes as `to_bytes` of the whole document: the indented encoder is
    pure Python and slow, so each record is encoded once (and may be reused for
    its project's file) and only joined here. Joining and indenting 30 MB of
    text as `str` at every build, then encoding it, took 0.2 s at 10,000
    records, and the build waits for it.
    """
    head = indented(metadata_document(len(nested_docs), released, config))
    if not nested_docs:
        return head + b"\n"
    empty_list = b"[]\n}"
    assert head.endswith(empty_list), "the list of records must be the last key"
    # One join of the 30 MB at 10,000 records, not two: the head goes in front of the
    # first document and the closing brackets after the last.
    parts = list(nested_docs)
    parts[0] = b"".join((head[:-len(empty_list)], b"[\n", _NESTED_INDENT, parts[0]))
    parts[-1] = parts[-1] + b"\n  ]\n}\n"
    return (b",\n" + _NESTED_INDENT).join(parts)


def interventi_json(items: Iterable[LoadedRecord], reference: Reference, config: ExportConfig) -> bytes:
    items = sorted_records(items)
    docs = [nested(indented(record_document(item, reference, config))) for item in items]
    return dataset_bytes(docs, metadata.release_date(items), config)


def project_json(item: LoadedRecord, reference: Reference, config: ExportConfig) -> bytes:
    """One project: the same object as its element in interventi.json."""
    return to_bytes(record_document(item, reference, config))
