"""`datapackage.json`: a Frictionless Data Package (v1) that describes the two CSV files.

Tools such as frictionless, Open Data Editor or CKAN read it to load the CSV with
the right types. Each column's Table Schema field comes from `columns.COLUMNS`;
the spreadsheet variant is a second resource with its own dialect (`;`) and
`decimalChar: ","` on the amounts. Choices the spec leaves open:

- the two date columns are `string` with a pattern, because they mix days
  (`2021-09-30`) and months (`2016-09`): a Frictionless `date` would reject the
  months and `yearmonth` the days, and a fake day would be a lie;
- `encoding` is `utf-8` for both files: the spreadsheet variant's byte order mark
  is the UTF-8 signature, which readers of UTF-8 skip ("utf-8-sig" is a Python
  codec name, not an IANA charset, so it does not belong in the descriptor);
- each resource carries its `bytes` and `hash` (sha256), so that a validator
  detects a file that does not match its description.
"""

from __future__ import annotations

import hashlib
from typing import Any

from . import metadata
from .columns import COLUMNS, Column
from .config import ExportConfig
from .csv_files import CANONICAL, EXCEL, LINE_END, CsvDialect
from .paths import DOWNLOADS_DIR, INTERVENTI_CSV, INTERVENTI_EXCEL_CSV

PROFILE = "tabular-data-package"


def field_descriptor(column: Column, dialect: CsvDialect) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": column.name,
        "title": column.title,
        "description": column.description,
        "type": column.type,
    }
    if column.format:
        field["format"] = column.format
    if column.is_amount:
        field["decimalChar"] = dialect.decimal_mark
        field["groupChar"] = ""
        field["bareNumber"] = True
    constraints = dict(column.constraints)
    if column.required:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(dialect: CsvDialect) -> dict[str, Any]:
    return {
        "fields": [field_descriptor(column, dialect) for column in COLUMNS],
        # Only an empty cell means "unknown"; "0" and "n.d." are values.
        "missingValues": [""],
        "primaryKey": ["slug"],
    }


def resource(name: str, path: str, title: str, description: str, dialect: CsvDialect, content: bytes) -> dict:
    return {
        "profile": "tabular-data-resource",
        "name": name,
        "path": path,
        "title": title,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(content),
        "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
        "dialect": {
            "delimiter": dialect.delimiter,
            "lineTerminator": LINE_END,
            "quoteChar": '"',
            "doubleQuote": True,
            "header": True,
        },
        "schema": table_schema(dialect),
    }


def datapackage(config: ExportConfig, canonical_csv: bytes, excel_csv: bytes) -> dict[str, Any]:
    """The descriptor, for the two CSV files as written next to it."""
    licence = config.licence
    package: dict[str, Any] = {
        "profile": PROFILE,
        "name": metadata.DATASET_NAME,
        "title": metadata.DATASET_TITLE,
        "description": metadata.DATASET_DESCRIPTION,
        "homepage": config.absolute(DOWNLOADS_DIR),
        "keywords": list(metadata.KEYWORDS),
        "licenses": [{"name": licence.id, "path": licence.url, "title": licence.title}],
        "sources": [{"title": metadata.SOURCE}],
    }
    if config.publisher_name:
        package["contributors"] = [{"title": config.publisher_name, "role": "publisher"}]
    package["resources"] = [
        resource(
            "interventi", INTERVENTI_CSV, metadata.DATASET_TITLE,
            "Tabella degli interventi: separatore virgola, decimali con il punto, UTF-8.",
            CANONICAL, canonical_csv,
        ),
        resource(
            "interventi-excel", INTERVENTI_EXCEL_CSV, f"{metadata.DATASET_TITLE} (per fogli di calcolo)",
            "Le stesse righe per i fogli di calcolo in italiano: separatore punto e virgola, "
            "decimali con la virgola, UTF-8 con BOM.",
            EXCEL, excel_csv,
        ),
    ]
    return package
