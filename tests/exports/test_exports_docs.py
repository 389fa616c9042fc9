"""docs/downloads.md and the exports say the same: every column, key and setting, both ways."""

from __future__ import annotations

import dataclasses
import json
import re

from export_samples import ROOT
from ponmetro.exports import ExportConfig, global_files
from ponmetro.exports.columns import COLUMNS
from ponmetro.exports.paths import GLOBAL_FILES
from ponmetro.model import Documento, Fonte, Foto

DOC = ROOT / "docs" / "downloads.md"


def table_under(heading: str) -> list[list[str]]:
    """The rows (cells, backticks removed) of the first table after a heading."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = lines.index(heading)
    rows, in_table = [], False
    for line in lines[start + 1:]:
        if line.startswith("|"):
            in_table = True
            cells = [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            rows.append([cell.strip("`") if cell.count("`") == 2 else cell for cell in cells])
        elif in_table or line.startswith("#"):
            break
    assert rows, f"no table under {heading!r}"
    header, separator, *body = rows
    assert set(separator[0]) <= {"-", ":"}
    return body


def test_every_column_is_documented_with_its_type_in_order():
    documented = [(row[0], row[1]) for row in table_under("## Columns")]
    assert documented == [(column.name, column.type) for column in COLUMNS]


def test_every_key_of_the_produced_json_is_documented(real_dataset, config):
    document = json.loads(global_files(real_dataset, config)["interventi.json"])
    assert [row[0] for row in table_under("### Top-level keys")] == list(document)
    extras = [row[0] for row in table_under("### Record keys")]
    for record in document["interventi"]:
        assert list(record) == [column.name for column in COLUMNS] + extras


def test_nested_objects_are_documented():
    documented = {(row[1], row[0]) for row in table_under("### Keys of the nested objects")}
    expected = {(where, name) for where, model in (("fonti", Fonte), ("foto", Foto), ("documenti", Documento))
                for name in model.model_fields}
    assert documented == expected


def test_every_file_is_documented():
    documented = [row[0] for row in table_under("## The files")]
    assert documented[: len(GLOBAL_FILES)] == list(GLOBAL_FILES)
    headings = set(DOC.read_text(encoding="utf-8").splitlines())
    for name in GLOBAL_FILES:
        assert f"## {name}" in headings, f"{name} has no section of its own"


def test_every_setting_is_documented():
    documented = [row[0] for row in table_under("## Configuration")]
    assert documented == [f.name for f in dataclasses.fields(ExportConfig)]


def test_data_format_lists_the_same_columns_in_order():
    text = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    section = text[text.index("## Columns of the downloadable files"):]
    names = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)
    assert names == [column.name for column in COLUMNS]
