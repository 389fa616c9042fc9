"""datapackage.json, validated with the frictionless library against the CSV files next to it."""

from __future__ import annotations

import json

import frictionless
import pytest

from ponmetro.exports import ExportConfig, Licence, write_downloads
from ponmetro.exports.columns import COLUMN_NAMES, record_values
from ponmetro.exports.csv_files import CANONICAL, table_bytes
from ponmetro.exports.datapackage import datapackage


def validate(folder):
    report = frictionless.validate(str(folder / "datapackage.json"))
    return report, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_package_is_valid_with_zero_errors(written):
    dataset, folder = written
    report, errors = validate(folder)
    assert errors == []
    assert report.valid
    assert [task.name for task in report.tasks] == ["interventi", "interventi-excel"]
    for task in report.tasks:
        assert task.stats["rows"] == len(dataset.records), "every row was read and checked"
        assert task.stats["fields"] == len(COLUMN_NAMES)


def test_resources_read_back_with_the_declared_types(written):
    dataset, folder = written
    package = frictionless.Package(str(folder / "datapackage.json"))
    for name in ("interventi", "interventi-excel"):
        rows = {row["slug"]: row for row in package.get_resource(name).read_rows()}
        for item in dataset.records:
            row = rows[item.slug]
            for amount_name in ("programmato", "ammesso_a_finanziamento", "giuridicamente_vincolante", "erogato"):
                # frictionless reads `number` as Decimal: the exact amount, in both dialects.
                assert row[f"importo_{amount_name}"] == getattr(item.record.importi, amount_name)
            assert row["asse"] == item.record.asse
            assert row["aggiornato_il"] == item.record.aggiornato_il
            assert row["codice"] == item.record.codice


def test_a_value_against_the_schema_is_caught(real_dataset, config, tmp_path):
    # The zero-error validations above mean something only if frictionless checks
    # each value: an amount in the Italian spelling and a thirteenth month must fail.
    write_downloads(tmp_path, real_dataset, config)
    package_path = tmp_path / "datapackage.json"
    package = json.loads(package_path.read_text(encoding="utf-8"))
    for resource in package["resources"]:
        del resource["bytes"], resource["hash"]
    package_path.write_text(json.dumps(package), encoding="utf-8")
    path = tmp_path / "interventi.csv"
    content = path.read_bytes()
    assert b",1864908.36," in content and b",2016-09,mese," in content
    path.write_bytes(content.replace(b",1864908.36,", b',"1.864.908,36",').replace(b",2016-09,mese,", b",2016-13,mese,"))
    report, errors = validate(tmp_path)
    assert not report.valid
    found = {(field, kind) for _, field, kind, _ in errors}
    assert ("importo_programmato", "type-error") in found
    assert ("data_inizio", "constraint-error") in found


def test_changed_bytes_are_caught_by_the_hash(written):
    _, folder = written
    path = folder / "interventi.csv"
    content = path.read_bytes()
    path.write_bytes(content.replace(b"Bologna", b"Bolonia").replace(b"Roma", b"Rima"))
    report, errors = validate(folder)
    assert not report.valid
    assert "hash-count" in {kind for _, _, kind, _ in errors}


def test_excel_resource_declares_its_dialect_and_decimal_comma(written):
    _, folder = written
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    canonical, excel = package["resources"]
    assert canonical["path"] == "interventi.csv" and canonical["dialect"]["delimiter"] == ","
    assert excel["path"] == "interventi-excel.csv" and excel["dialect"]["delimiter"] == ";"
    for resource, mark in ((canonical, "."), (excel, ",")):
        fields = {field["name"]: field for field in resource["schema"]["fields"]}
        assert [field["name"] for field in resource["schema"]["fields"]] == list(COLUMN_NAMES)
        assert resource["schema"]["primaryKey"] == ["slug"]
        assert fields["importo_erogato"]["type"] == "number"
        assert fields["importo_erogato"]["decimalChar"] == mark
        # Mixed day and month precision: an honest string with a pattern, not a `date`.
        assert fields["data_inizio"]["type"] == "string" and "pattern" in fields["data_inizio"]["constraints"]
        assert fields["aggiornato_il"]["type"] == "date"
        assert fields["asse"]["type"] == "integer"


def test_licence_defaults_to_cc_by_and_is_configurable(real_dataset, tmp_path):
    package = datapackage(ExportConfig(site_url="https://a.example/"), b"", b"")
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                                    "title": "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)"}]
    other = Licence("CC0-1.0", "CC0 1.0 Universale", "https://creativecommons.org/publicdomain/zero/1.0/",
                    "https://w3id.org/italia/controlled-vocabulary/licences/A11_CCO10",
                    "http://purl.org/adms/licencetype/PublicDomain")
    write_downloads(tmp_path, real_dataset, ExportConfig(site_url="https://a.example/", licence=other))
    written = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert written["licenses"][0]["name"] == "CC0-1.0"
    assert validate(tmp_path)[0].valid


def test_empty_dataset_gives_a_valid_package(tmp_path, config):
    from export_samples import load_valid, make_data_dir

    dataset = load_valid(make_data_dir(tmp_path, {}))
    folder = tmp_path / "dati"
    write_downloads(folder, dataset, config)
    report, errors = validate(folder)
    assert errors == [] and report.valid
    assert json.loads((folder / "interventi.json").read_text(encoding="utf-8"))["rilasciato_il"] is None


@pytest.mark.parametrize("awkward", ['virgola, "virgolette"\nnuova riga; punto e virgola', "\r\n", " spazi "])
def test_line_breaks_and_quotes_in_a_cell_validate(real_dataset, config, tmp_path, awkward):
    # Valid records keep table text on one line; this checks that the writer and the
    # descriptor would still agree if a future column carried a line break.
    rows = [record_values(item, real_dataset.reference, config) for item in real_dataset.records]
    rows[0]["titolo"] = awkward
    canonical = table_bytes(rows, CANONICAL)
    (tmp_path / "interventi.csv").write_bytes(canonical)
    package = datapackage(config, canonical, canonical)
    package["resources"] = package["resources"][:1]
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    report, errors = validate(tmp_path)
    assert errors == [] and report.valid
    back = frictionless.Package(str(tmp_path / "datapackage.json")).get_resource("interventi").read_rows()
    assert back[0]["titolo"] == awkward
