"""Files put together from each record's rows are, byte for byte, the files written in one piece.

The reference here is each format's plain definition: one csv writer over the
whole table, one `json.dumps` of the whole document. The exports assemble the
same bytes from per-record lines and texts (fragments.py); any slip of a line
end, a separator, the byte order mark or an indentation shows up as a byte.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import json
import pickle

import pytest

from export_samples import SITE
from ponmetro.checks import LoadedRecord
from ponmetro.exports import ExportConfig, axis_files, city_files, global_files, group_files, project_files
from ponmetro.exports import csv_files, fragments, json_file, metadata
from ponmetro.exports.columns import COLUMN_NAMES, record_values, sorted_records
from ponmetro.exports.csv_files import CANONICAL, EXCEL

DIALECTS = [CANONICAL, EXCEL]


def plain_csv(items, reference, config, dialect) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    for item in sorted_records(items):
        values = record_values(item, reference, config)
        writer.writerow([csv_files.cell(values[name], dialect) for name in COLUMN_NAMES])
    return buffer.getvalue().encode(dialect.encoding)


def plain_interventi_json(items, reference, config) -> bytes:
    items = sorted_records(items)
    document = json_file.metadata_document(len(items), metadata.release_date(items), config)
    document["interventi"] = [json_file.record_document(item, reference, config) for item in items]
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def plain_project_json(item, reference, config) -> bytes:
    return (json.dumps(json_file.record_document(item, reference, config), ensure_ascii=False, indent=2)
            + "\n").encode("utf-8")


def subsets(dataset):
    """Every set of records a file is made of: all, none, one each, each axis, each city."""
    records = dataset.records
    yield "all", records
    yield "none", []
    for item in records:
        yield item.slug, [item]
    for axis in dataset.reference.axes:
        yield f"asse {axis.numero}", [i for i in records if i.record.asse == axis.numero]
    for city in dataset.reference.cities:
        yield city.nome, [i for i in records if i.record.citta == city.nome]


def assert_same_as_plain(dataset, items, config, label=""):
    rows = [fragments.record_rows(item, dataset.reference, config) for item in items]
    for dialect in DIALECTS:
        expected = plain_csv(items, dataset.reference, config, dialect)
        assert fragments.csv_bytes(rows, dialect) == expected, (label, dialect)
        assert csv_files.records_csv(items, dataset.reference, config, dialect) == expected, (label, dialect)
    expected = plain_interventi_json(items, dataset.reference, config)
    assert fragments.interventi_json(rows, config) == expected, label
    assert json_file.interventi_json(items, dataset.reference, config) == expected, label


def test_every_subset_is_byte_identical_to_the_plain_file(any_dataset, config):
    for label, items in subsets(any_dataset):
        assert_same_as_plain(any_dataset, items, config, label)


def test_rows_in_any_order_give_the_files_in_slug_order(any_dataset, config):
    rows = list(fragments.rows_by_slug(any_dataset.records, any_dataset.reference, config).values())
    shuffled = rows[1::2] + rows[::2][::-1]
    assert fragments.csv_bytes(shuffled) == fragments.csv_bytes(rows)
    assert fragments.interventi_json(shuffled, config) == fragments.interventi_json(rows, config)
    # `ordered`: the caller sorted them (global_files sorts once for its three files).
    ordered = fragments.in_order(shuffled)
    assert fragments.csv_bytes(ordered, EXCEL, ordered=True) == fragments.csv_bytes(rows, EXCEL)
    assert fragments.interventi_json(ordered, config, ordered=True) == fragments.interventi_json(rows, config)


def test_each_project_json_is_the_plain_document(any_dataset, config):
    for item in any_dataset.records:
        row = fragments.record_rows(item, any_dataset.reference, config)
        expected = plain_project_json(item, any_dataset.reference, config)
        assert fragments.project_json(row) == expected == json_file.project_json(item, any_dataset.reference, config)


def test_no_records_give_a_header_and_an_empty_list(synthetic_dataset, config):
    assert fragments.csv_bytes([]) == (",".join(COLUMN_NAMES) + "\r\n").encode()
    assert fragments.csv_bytes([], EXCEL) == codecs.BOM_UTF8 + (";".join(COLUMN_NAMES) + "\r\n").encode()
    document = json.loads(fragments.interventi_json([], config))
    assert document["interventi"] == [] and document["n_interventi"] == 0 and document["rilasciato_il"] is None


def test_the_byte_order_mark_only_opens_the_excel_file(any_dataset, config):
    rows = list(fragments.rows_by_slug(any_dataset.records, any_dataset.reference, config).values())
    excel = fragments.csv_bytes(rows, EXCEL)
    assert excel.startswith(codecs.BOM_UTF8) and excel.count(codecs.BOM_UTF8) == 1
    assert codecs.BOM_UTF8 not in fragments.csv_bytes(rows, CANONICAL)


def awkward(item: LoadedRecord, text: str) -> LoadedRecord:
    """The record with `text` in cells that the CSV and JSON files carry (not validated: titles are one line)."""
    record = item.record.model_copy(update={"titolo": text, "soggetto_attuatore": text, "rup": text,
                                            "note": [text, text + "\n"]})
    return dataclasses.replace(item, record=record)


@pytest.mark.parametrize("text", [
    'virgola, "virgolette"; punto e virgola',
    "riga uno\nriga due\r\nriga tre\rfine",
    "accenti: città perché «€» — \u2028 separatore, \u0001 controllo, \\ barra, 🙂",
    " spazi ai lati ",
    '"',
    "",
])
def test_awkward_cells_are_written_as_the_plain_writers_do(synthetic_dataset, config, text):
    items = [awkward(item, text) for item in synthetic_dataset.records]
    assert_same_as_plain(synthetic_dataset, items, config, repr(text))
    for item in items:
        row = fragments.record_rows(item, synthetic_dataset.reference, config)
        assert fragments.project_json(row) == plain_project_json(item, synthetic_dataset.reference, config)


def test_the_files_with_rows_are_the_files_without(any_dataset, config):
    rows = fragments.rows_by_slug(any_dataset.records, any_dataset.reference, config)
    assert global_files(any_dataset, config, rows=rows) == global_files(any_dataset, config)
    for item in any_dataset.records:
        assert project_files(any_dataset, item, config, rows=rows) == project_files(any_dataset, item, config)
    for axis in any_dataset.reference.axes:
        assert axis_files(any_dataset, axis, config, rows=rows) == axis_files(any_dataset, axis, config)
    for city in any_dataset.reference.cities:
        assert city_files(any_dataset, city, config, rows=rows) == city_files(any_dataset, city, config)


def test_group_files_are_the_axis_and_city_files_made_one_by_one(any_dataset, config):
    ref = any_dataset.reference
    rows = fragments.rows_by_slug(any_dataset.records, ref, config)
    one_by_one = {}
    for axis in ref.axes:
        one_by_one.update(axis_files(any_dataset, axis, config))
    for city in ref.cities:
        one_by_one.update(city_files(any_dataset, city, config))
    assert group_files(any_dataset, config) == one_by_one
    assert group_files(any_dataset, config, rows=rows) == one_by_one
    # Only the groups asked for (an incremental build's changed pages), none when none are.
    axis, city = ref.axes[2], ref.cities[-1]
    assert group_files(any_dataset, config, axes=[axis], cities=[city]) == {
        **axis_files(any_dataset, axis, config), **city_files(any_dataset, city, config)}
    assert group_files(any_dataset, config, axes=[], cities=[]) == {}


def test_the_files_take_the_given_rows_instead_of_computing_them(synthetic_dataset, config):
    item = synthetic_dataset.records[0]
    rows = fragments.rows_by_slug(synthetic_dataset.records, synthetic_dataset.reference, config)
    marked = dataclasses.replace(rows[item.slug], canonical_line="RIGA-DATA\r\n", json_nested=b'"DOCUMENTO-DATO"')
    rows[item.slug] = marked
    downloads = global_files(synthetic_dataset, config, rows=rows)
    assert b"RIGA-DATA\r\n" in downloads["interventi.csv"]
    assert b'"DOCUMENTO-DATO"' in downloads["interventi.json"]
    files = project_files(synthetic_dataset, item, config, rows=rows)
    assert files[f"progetti/{item.slug}/{item.slug}.json"] == b'"DOCUMENTO-DATO"\n'
    axis = synthetic_dataset.reference.axis_by_number[item.record.asse]
    assert b"RIGA-DATA" in next(iter(axis_files(synthetic_dataset, axis, config, rows=rows).values()))


# The cache of rows between incremental builds.

def test_cached_rows_come_back_under_the_same_key(tmp_path, synthetic_dataset, config):
    rows = fragments.rows_by_slug(synthetic_dataset.records, synthetic_dataset.reference, config)
    key = fragments.fingerprint(synthetic_dataset.reference, config)
    path = tmp_path / "cache" / "rows.pickle"
    fragments.save_cached(path, key, rows)
    assert fragments.load_cached(path, key) == rows
    assert fragments.load_cached(path, "another key") == {}
    assert [p.name for p in path.parent.iterdir()] == ["rows.pickle"], "no temporary file left"


def test_the_key_changes_with_the_configuration_and_the_reference(synthetic_dataset, config):
    reference = synthetic_dataset.reference
    key = fragments.fingerprint(reference, config)
    assert fragments.fingerprint(reference, config) == key
    assert fragments.fingerprint(reference, dataclasses.replace(config, site_url=SITE + "altro/")) != key
    assert fragments.fingerprint(reference, ExportConfig(site_url=SITE)) != key
    renamed = dataclasses.replace(reference, axes=[axis.model_copy(update={"nome": axis.nome + " (nuovo)"})
                                                   for axis in reference.axes])
    assert fragments.fingerprint(renamed, config) != key


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05", pickle.dumps(("chiave",)),
                                     pickle.dumps(["chiave", {}])[:-3]])
def test_a_broken_cache_is_no_cache(tmp_path, content):
    path = tmp_path / "rows.pickle"
    path.write_bytes(content)
    assert fragments.load_cached(path, "chiave") == {}
    assert fragments.load_cached(tmp_path / "missing.pickle", "chiave") == {}
