"""The interventions table as CSV: the canonical file and the variant for Italian spreadsheets.

Canonical (`interventi.csv`): UTF-8 without BOM, comma separator, CRLF line ends
(RFC 4180), `.` as decimal mark with exactly two decimals, ISO dates, empty cell
for an unknown value. Quoting is the csv module's: a cell is quoted only when it
holds a comma, a quote or a line break.

Spreadsheet variant (`interventi-excel.csv`): the same rows and columns, with the
three changes that make a double click open it right in an Italian spreadsheet:
`;` as separator, decimal comma, and the UTF-8 byte order mark (without it Excel
reads the file as Windows-1252 and garbles every accented letter). Dates stay ISO:
see docs/downloads.md.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable

from ..checks import LoadedRecord
from ..reference import Reference
from .columns import COLUMN_NAMES, amount_text, record_values, sorted_records
from .config import ExportConfig


@dataclass(frozen=True)
class CsvDialect:
    delimiter: str
    decimal_mark: str
    encoding: str  # Python codec: "utf-8-sig" writes the byte order mark


CANONICAL = CsvDialect(delimiter=",", decimal_mark=".", encoding="utf-8")
EXCEL = CsvDialect(delimiter=";", decimal_mark=",", encoding="utf-8-sig")
LINE_END = "\r\n"


def cell(value: Any, dialect: CsvDialect) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return amount_text(value, dialect.decimal_mark)
    return str(value)


def row_line(values: dict[str, Any], dialect: CsvDialect = CANONICAL) -> str:
    """One row as its line of text, line end included, as `lines_bytes` puts it after the header."""
    return _line([cell(values[name], dialect) for name in COLUMN_NAMES], dialect)


def header_line(dialect: CsvDialect = CANONICAL) -> str:
    return _line(COLUMN_NAMES, dialect)


def lines_bytes(lines: Iterable[str], dialect: CsvDialect = CANONICAL) -> bytes:
    """The header and lines made by `row_line`, encoded (the byte order mark, if any, once at the start)."""
    return (header_line(dialect) + "".join(lines)).encode(dialect.encoding)


def table_bytes(rows: Iterable[dict[str, Any]], dialect: CsvDialect = CANONICAL) -> bytes:
    """A header and one line per row, encoded."""
    return lines_bytes((row_line(row, dialect) for row in rows), dialect)


def records_csv(
    items: Iterable[LoadedRecord], reference: Reference, config: ExportConfig, dialect: CsvDialect = CANONICAL
) -> bytes:
    """Any set of records (all, one axis, one city, one project), sorted by slug."""
    rows = (record_values(item, reference, config) for item in sorted_records(items))
    return table_bytes(rows, dialect)


def _line(cells: Iterable[str], dialect: CsvDialect) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator=LINE_END, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(cells)
    return buffer.getvalue()
