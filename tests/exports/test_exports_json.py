"""interventi.json and the per-project JSON, read back: nothing of any record is lost."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from export_samples import SITE
from ponmetro.exports import project_json
from ponmetro.exports.columns import COLUMN_NAMES
from ponmetro.model import AMOUNT_FIELDS, Intervento


def load(content: bytes):
    # Amounts are strings; parse_float only guards against a number sneaking in.
    return json.loads(content.decode("utf-8"), parse_float=Decimal)


def record_from_json(element: dict) -> Intervento:
    """Rebuild the record from its JSON object, following docs/downloads.md only."""
    data = {
        "codice": element["codice"],
        # The slug is written for every record; the record itself pins it only without a code.
        "slug": None if element["codice"] else element["slug"],
        "importi": {
            name: None if element[f"importo_{name}"] is None else Decimal(element[f"importo_{name}"])
            for name in AMOUNT_FIELDS
        },
    }
    for name in ("titolo", "citta", "asse", "priorita", "azione", "ambito", "soggetto_attuatore", "cup",
                 "rup", "data_inizio", "data_fine", "stato", "aggiornato_il", "fonti", "destinatari",
                 "obiettivo_generale", "pilastro_sociale", "azioni", "descrizione", "foto", "documenti", "note"):
        data[name] = element[name]
    assert set(data) == set(Intervento.model_fields), "the rebuild covers every field of the model"
    return Intervento.model_validate(data)


def test_every_field_of_every_record_is_recoverable(written):
    dataset, folder = written
    document = load((folder / "interventi.json").read_bytes())
    by_slug = {element["slug"]: element for element in document["interventi"]}
    assert len(by_slug) == len(dataset.records) == document["n_interventi"]
    for item in dataset.records:
        element = by_slug[item.slug]
        assert record_from_json(element) == item.record, item.slug
        for name in ("data_inizio", "data_fine"):
            value = getattr(item.record, name)
            assert element[f"{name}_precisione"] == (value.precision if value else None)


def test_amounts_are_exact_decimal_strings_or_null(written):
    dataset, folder = written
    document = load((folder / "interventi.json").read_bytes())
    by_slug = {element["slug"]: element for element in document["interventi"]}
    for item in dataset.records:
        for name in AMOUNT_FIELDS:
            amount = getattr(item.record.importi, name)
            value = by_slug[item.slug][f"importo_{name}"]
            if amount is None:
                assert value is None
            else:
                assert isinstance(value, str) and value.count(".") == 1 and len(value.split(".")[1]) == 2
                assert Decimal(value) == amount


def test_real_amounts_and_dates_exactly(real_dataset, config):
    element = load(project_json(real_dataset, _item(real_dataset, "to7-1-1-b"), config))
    assert element["importo_ammesso_a_finanziamento"] == "1190893.72"
    assert element["importo_erogato"] == "218177.38"
    assert (element["data_inizio"], element["data_inizio_precisione"]) == ("2021-09-30", "giorno")
    month = load(project_json(real_dataset, _item(real_dataset, "bo3-3-1-a"), config))
    assert (month["data_inizio"], month["data_inizio_precisione"]) == ("2016-09", "mese")
    assert month["importo_erogato"] is None


def test_records_have_the_table_columns_in_order_then_the_other_fields(written):
    _, folder = written
    document = load((folder / "interventi.json").read_bytes())
    for element in document["interventi"]:
        assert tuple(element)[: len(COLUMN_NAMES)] == COLUMN_NAMES
        assert isinstance(element["fonti"], list) and all(set(f) == {"titolo", "url", "consultata_il"}
                                                          for f in element["fonti"])
        assert element["url"] == f"{SITE}progetti/{element['slug']}/"


def test_metadata_release_date_licence_source(written, config):
    dataset, folder = written
    document = load((folder / "interventi.json").read_bytes())
    assert document["rilasciato_il"] == max(item.record.aggiornato_il for item in dataset.records).isoformat()
    assert document["licenza"] == {
        "id": "CC-BY-4.0",
        "titolo": "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert document["editore"] == config.publisher_name
    assert document["fonte"] and document["titolo"] and document["descrizione"]
    assert document["versione_formato"] == 1
    assert document["url"] == f"{SITE}dati/interventi.json"
    assert [e["slug"] for e in document["interventi"]] == sorted(e["slug"] for e in document["interventi"])


def test_synthetic_release_date_is_the_latest_update(synthetic_dataset, config, tmp_path):
    from ponmetro.exports import write_downloads

    write_downloads(tmp_path, synthetic_dataset, config)
    document = load((tmp_path / "interventi.json").read_bytes())
    assert document["rilasciato_il"] == "2025-03-15"


def test_project_json_is_the_element_of_interventi_json(written, config):
    dataset, folder = written
    document = load((folder / "interventi.json").read_bytes())
    by_slug = {element["slug"]: element for element in document["interventi"]}
    for item in dataset.records:
        assert load(project_json(dataset, item, config)) == by_slug[item.slug]


def test_text_is_utf8_not_escaped(synthetic_dataset, config):
    content = project_json(synthetic_dataset, _item(synthetic_dataset, "rm6-1-1-a"), config)
    assert "«città» perché €".encode() in content
    element = load(content)
    assert element["obiettivo_generale"] == "Riga uno\nriga due"
    assert element["note"] == ["Prima nota\ncon a capo", "Seconda nota, con virgola"]
    assert element["foto"] == [{"url": "https://example.org/foto.jpg?a=1,2", "alt": "Cantiere, vista da sud",
                                "credito": "Foto: Comune di Roma"}]


def _item(dataset, slug):
    return next(item for item in dataset.records if item.slug == slug)


@pytest.mark.parametrize("value", [
    "virgolette \" e barra \\ e /", "\x00\x01\x1f\x7f", "\b\f\n\r\t", "\u2028\u2029", "Città € 😀",
    "</script><!--", "", [], {}, [[], {}], {"annidato": [{"vuoto": []}]}, [1, 0, -7, True, False, None],
    2**63 - 1, "\ud7ff\ue000\uffff",
])
def test_the_fast_encoder_writes_the_bytes_of_the_standard_one(value):
    from ponmetro.exports import json_file

    document = {"chiave": value, "lista": [value, {"dentro": value}]}
    assert json_file.indented(document) == json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    assert json_file.to_bytes(document).endswith(b"}\n")
