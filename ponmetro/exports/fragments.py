"""Each record's part of every export, made once: its CSV lines and its JSON text.

A record appears in interventi.csv, interventi-excel.csv and interventi.json, in
its project's own .csv and .json, and in its axis's and city's CSV. Its values
and its JSON (whose indented encoder is pure Python, and slow) are computed once
into a `RecordRows`; every file is then put together from those rows, with the
same bytes as `csv_files.records_csv`, `json_file.interventi_json` and
`json_file.project_json`. The site build computes the rows in parallel and keeps
them between incremental builds (`load_cached`, `save_cached`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from ..checks import LoadedRecord
from ..reference import Reference
from . import csv_files, json_file
from .columns import record_values
from .config import ExportConfig
from .csv_files import CANONICAL, EXCEL, CsvDialect


@dataclass(frozen=True, slots=True)
class RecordRows:
    slug: str
    axis: int
    city: str
    updated: dt.date  # aggiornato_il: interventi.json's release date is the latest
    canonical_line: str  # the line of interventi.csv, CRLF included
    excel_line: str  # the line of interventi-excel.csv
    json_nested: bytes  # the project's JSON document as interventi.json holds it (json_file.nested)

    def line(self, dialect: CsvDialect) -> str:
        # `is` first: comparing the dialects field by field, 20,000 times a build, cost more than the join.
        if dialect is CANONICAL or dialect == CANONICAL:
            return self.canonical_line
        if dialect is EXCEL or dialect == EXCEL:
            return self.excel_line
        raise ValueError(f"no line for {dialect}")


def record_rows(item: LoadedRecord, reference: Reference, config: ExportConfig) -> RecordRows:
    values = record_values(item, reference, config)
    rec = item.record
    return RecordRows(
        slug=item.slug,
        axis=rec.asse,
        city=rec.citta,
        updated=rec.aggiornato_il,
        canonical_line=csv_files.row_line(values, CANONICAL),
        excel_line=csv_files.row_line(values, EXCEL),
        json_nested=json_file.nested(json_file.indented(json_file.record_document(item, reference, config, values))),
    )


def rows_by_slug(items: Iterable[LoadedRecord], reference: Reference, config: ExportConfig) -> dict[str, RecordRows]:
    return {item.slug: record_rows(item, reference, config) for item in items}


def in_order(rows: Iterable[RecordRows]) -> list[RecordRows]:
    """By slug, the order of every export."""
    return sorted(rows, key=lambda row: row.slug)


def csv_bytes(rows: Iterable[RecordRows], dialect: CsvDialect = CANONICAL, *, ordered: bool = False) -> bytes:
    """The CSV of any set of records: the header, then one line each, by slug (`ordered`: they already are)."""
    return csv_files.lines_bytes([row.line(dialect) for row in (rows if ordered else in_order(rows))], dialect)


def project_json(row: RecordRows) -> bytes:
    return json_file.unnested(row.json_nested) + b"\n"


def interventi_json(rows: Iterable[RecordRows], config: ExportConfig, *, ordered: bool = False) -> bytes:
    rows = rows if ordered else in_order(rows)
    released = max((row.updated for row in rows), default=None)
    return json_file.dataset_bytes([row.json_nested for row in rows], released, config)


# The rows kept between incremental builds. Bump FORMAT when RecordRows changes shape.
FORMAT = 2


def fingerprint(reference: Reference, config: ExportConfig) -> str:
    """What, besides a record, its rows depend on: the configuration, the reference tables, the code.

    The code is every module of the package (the model's dumps, the dates, the
    addresses all reach the rows); rows cached under another fingerprint are
    never reused.
    """
    digest = hashlib.sha256(f"{FORMAT}|{config!r}|{reference.axes!r}|{reference.cities!r}".encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_cached(path: Path | str, key: str) -> dict[str, RecordRows]:
    """The rows saved under `key`; nothing when the file is missing, unreadable or of another key."""
    try:
        with Path(path).open("rb") as stream:
            stored_key, rows = pickle.load(stream)
        if stored_key == key and isinstance(rows, dict):
            return rows
    except Exception:  # whatever is wrong with the file, computing again is the answer
        pass
    return {}


def save_cached(path: Path | str, key: str, rows: Mapping[str, RecordRows]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as stream:
            pickle.dump((key, dict(rows)), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
