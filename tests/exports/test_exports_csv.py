"""The CSV files, read back with the csv module and compared with the records."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from export_samples import AWKWARD_SOURCE, AWKWARD_TITLE, SITE
from ponmetro.exports import axis_csv, city_csv, project_csv
from ponmetro.exports.columns import COLUMN_NAMES, record_values
from ponmetro.exports.csv_files import CANONICAL, EXCEL, records_csv, table_bytes
from ponmetro.model import AMOUNT_FIELDS


def read_canonical(content: bytes) -> list[dict[str, str]]:
    assert not content.startswith(b"\xef\xbb\xbf"), "the canonical CSV has no BOM"
    text = content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=","))
    assert rows[0] == list(COLUMN_NAMES)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def read_excel(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "the spreadsheet CSV starts with the UTF-8 BOM"
    text = content[3:].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == list(COLUMN_NAMES)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def expected_cells(item, dataset, config):
    """What each cell must say, from the record itself (not from the export code's row builder)."""
    rec = item.record
    city = dataset.reference.city_by_name[rec.citta]
    cells = {
        "codice": rec.codice or "",
        "slug": item.slug,
        "titolo": rec.titolo or "",
        "citta": rec.citta,
        "sigla_citta": city.sigla,
        "asse": str(rec.asse),
        "nome_asse": dataset.reference.axis_by_number[rec.asse].nome,
        "azione": rec.azione or "",
        "priorita": rec.priorita or "",
        "ambito": rec.ambito or "",
        "soggetto_attuatore": rec.soggetto_attuatore or "",
        "cup": rec.cup or "",
        "rup": rec.rup or "",
        "stato": rec.stato or "",
        "aggiornato_il": rec.aggiornato_il.isoformat(),
        "url": f"{SITE}progetti/{item.slug}/",
        "fonti": " | ".join(f.titolo for f in rec.fonti),
        "n_note": str(len(rec.note)),
    }
    for name in ("data_inizio", "data_fine"):
        value = getattr(rec, name)
        cells[name] = value.isoformat() if value else ""
        cells[f"{name}_precisione"] = value.precision if value else ""
    return cells


def test_canonical_csv_has_every_record_once_sorted_by_slug(written):
    dataset, folder = written
    rows = read_canonical((folder / "interventi.csv").read_bytes())
    assert [row["slug"] for row in rows] == sorted(item.slug for item in dataset.records)


def test_canonical_csv_cells_match_the_records(written, config):
    dataset, folder = written
    rows = {row["slug"]: row for row in read_canonical((folder / "interventi.csv").read_bytes())}
    for item in dataset.records:
        row = rows[item.slug]
        for name, cell in expected_cells(item, dataset, config).items():
            assert row[name] == cell, (item.slug, name)


def test_canonical_amounts_are_exact_with_two_decimals_and_empty_when_unknown(written):
    dataset, folder = written
    rows = {row["slug"]: row for row in read_canonical((folder / "interventi.csv").read_bytes())}
    for item in dataset.records:
        for name in AMOUNT_FIELDS:
            amount = getattr(item.record.importi, name)
            cell = rows[item.slug][f"importo_{name}"]
            if amount is None:
                assert cell == "", "an unknown amount is an empty cell, never 0"
            else:
                integer, _, cents = cell.partition(".")
                assert integer.isdigit() and len(cents) == 2, cell
                assert Decimal(cell) == amount


def test_zero_and_unknown_amounts_stay_distinct(synthetic_dataset, config):
    (row,) = read_canonical(project_csv(synthetic_dataset, _item(synthetic_dataset, "rm6-1-1-a"), config))
    assert row["importo_programmato"] == "1000000.50"
    assert row["importo_ammesso_a_finanziamento"] == "0.00"
    assert row["importo_giuridicamente_vincolante"] == ""
    assert row["importo_erogato"] == "12.30"


def test_awkward_text_survives_the_round_trip(synthetic_dataset, config):
    content = project_csv(synthetic_dataset, _item(synthetic_dataset, "rm6-1-1-a"), config)
    (row,) = read_canonical(content)
    assert row["titolo"] == AWKWARD_TITLE
    assert row["soggetto_attuatore"] == '=Roma Capitale; Dipartimento "Mobilità"'
    assert row["fonti"] == AWKWARD_SOURCE + " | Seconda fonte"
    assert row["data_inizio"] == "2020-01" and row["data_inizio_precisione"] == "mese"
    assert row["data_fine"] == "2023-12-31" and row["data_fine_precisione"] == "giorno"


def test_canonical_format_comma_crlf_no_bom(real_dataset, config):
    content = project_csv(real_dataset, _item(real_dataset, "to7-1-1-b"), config)
    header, row, end = content.split(b"\r\n")
    assert end == b""
    assert header == ",".join(COLUMN_NAMES).encode()
    assert b",1200000.00,1190893.72,1190893.72,218177.38," in row
    assert b",2021-09-30,giorno,2023-06-30,giorno," in row


def test_excel_variant_bom_semicolon_decimal_comma(written):
    dataset, folder = written
    content = (folder / "interventi-excel.csv").read_bytes()
    assert content.startswith(b"\xef\xbb\xbf" + b";".join(name.encode() for name in COLUMN_NAMES) + b"\r\n")
    rows = read_excel(content)
    canonical = read_canonical((folder / "interventi.csv").read_bytes())
    assert len(rows) == len(canonical) == len(dataset.records)
    for excel_row, canonical_row in zip(rows, canonical, strict=True):
        for name in COLUMN_NAMES:
            if name.startswith("importo_"):
                assert "." not in excel_row[name]
                assert excel_row[name] == canonical_row[name].replace(".", ",")
            else:
                assert excel_row[name] == canonical_row[name], name


def test_excel_variant_real_amounts(real_dataset, config):
    excel = read_excel(records_csv(real_dataset.records, real_dataset.reference, config, EXCEL))
    row = next(r for r in excel if r["slug"] == "to7-1-1-b")
    assert row["importo_programmato"] == "1200000,00"
    assert row["importo_ammesso_a_finanziamento"] == "1190893,72"
    assert row["data_inizio"] == "2021-09-30", "dates stay ISO in the spreadsheet variant"


def test_per_project_csv_is_header_and_one_row_equal_to_the_global_row(written, config):
    dataset, folder = written
    everything = {row["slug"]: row for row in read_canonical((folder / "interventi.csv").read_bytes())}
    for item in dataset.records:
        rows = read_canonical(project_csv(dataset, item, config))
        assert rows == [everything[item.slug]]


def test_axis_and_city_csv_hold_exactly_their_records(written, config):
    dataset, folder = written
    everything = read_canonical((folder / "interventi.csv").read_bytes())
    for axis in dataset.reference.axes:
        rows = read_canonical(axis_csv(dataset, axis, config))
        assert rows == [row for row in everything if row["asse"] == str(axis.numero)]
    for city in dataset.reference.cities:
        rows = read_canonical(city_csv(dataset, city, config))
        assert rows == [row for row in everything if row["citta"] == city.nome]
    assert read_canonical(axis_csv(dataset, 5, config)) == [], "an axis without records: header only"


def test_line_breaks_inside_a_cell_are_quoted_and_read_back(real_dataset, config):
    # Valid records keep table text on one line; the writer must still not break
    # a row if a future field carries a line break.
    row = record_values(real_dataset.records[0], real_dataset.reference, config)
    row["titolo"] = 'prima riga, "due"\nseconda riga\r\nterza'
    for dialect, read in ((CANONICAL, read_canonical), (EXCEL, read_excel)):
        (back,) = read(table_bytes([row], dialect))
        assert back["titolo"] == row["titolo"]


def _item(dataset, slug):
    return next(item for item in dataset.records if item.slug == slug)


@pytest.mark.parametrize("slug", ["bologna-accelerazione-civica", "bologna-poverta-abitativa"])
def test_records_without_code_have_an_empty_code_cell_and_their_pinned_slug(real_dataset, config, slug):
    (row,) = read_canonical(project_csv(real_dataset, _item(real_dataset, slug), config))
    assert row["codice"] == "" and row["slug"] == slug
    assert row["url"] == f"{SITE}progetti/{slug}/"
