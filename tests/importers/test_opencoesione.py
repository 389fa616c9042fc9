"""OpenCoesione's CSV: the fixture imports with exact amounts, the other programme's
row is filtered out, and the damaged line is reported with its number."""

from __future__ import annotations

import codecs
from decimal import Decimal

import pytest

from ponmetro.dates import PartialDate
from ponmetro.importers.opencoesione import _Unreadable, oc_date_text, parse_oc_amount

from .conftest import DATA, FIXTURES, TODAY, load_draft, run_importer

CSV = FIXTURES / "opencoesione.csv"


@pytest.fixture
def imported(tmp_path):
    result = run_importer("opencoesione", CSV, "--bozze", tmp_path, "--data", DATA, "--oggi", TODAY)
    return result, tmp_path


def test_fixture_is_what_opencoesione_publishes():
    raw = CSV.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    header = raw[len(codecs.BOM_UTF8):].split(b"\r\n", 1)[0].decode().split(";")
    for column in ("COD_LOCALE_PROGETTO", "CUP", "OC_LINK", "OC_TITOLO_PROGETTO", "OC_SINTESI_PROGETTO",
                   "OC_CODICE_PROGRAMMA", "FINANZ_TOTALE_PUBBLICO", "IMPEGNI", "OC_IMPEGNI_GIURID_VINCOLANTI",
                   "TOT_PAGAMENTI", "OC_DATA_INIZIO_PROGETTO", "OC_DATA_FINE_PROGETTO_PREVISTA",
                   "OC_DATA_FINE_PROGETTO_EFFETTIVA", "DATA_AGGIORNAMENTO"):
        assert column in header


def test_drafts_of_the_programme_only(imported):
    result, folder = imported
    assert sorted(p.name for p in folder.glob("*.yaml")) == [
        "bo3-3-1-a.yaml", "mi3-3-1-e.yaml", "na3-1-1-b.yaml", "to7-1-1-b.yaml",
    ]
    assert "5 righe del programma 2014IT16M2OP004; 1 riga di altri programmi ignorate" in result.output
    assert "ESEMPIOPOR" not in result.output


def test_damaged_line_is_reported_with_its_number(imported):
    result, folder = imported
    assert result.status == 1
    assert "opencoesione.csv:6: non letto: riga danneggiata, non letta: 5 campi invece di 20" in result.output
    assert not list(folder.glob("ge*.yaml"))


def test_exact_amounts_in_every_spelling(imported, reference):
    _, folder = imported
    to = load_draft(folder / "to7-1-1-b.yaml", reference)
    # Written 1200000,00 / 1190893,72 / 218177,38: the same amounts as the programme page.
    assert to.importi.programmato == Decimal("1200000.00")
    assert to.importi.ammesso_a_finanziamento == Decimal("1190893.72")
    assert to.importi.giuridicamente_vincolante == Decimal("1190893.72")
    assert to.importi.erogato == Decimal("218177.38")
    shipped = load_draft(DATA / "interventi" / "to7-1-1-b.yaml", reference)
    assert to.importi == shipped.importi

    mi = load_draft(folder / "mi3-3-1-e.yaml", reference)  # 1.128.100,00 / 0,00 / 0 / 0.00
    assert mi.importi.programmato == Decimal("1128100.00")
    assert mi.importi.ammesso_a_finanziamento == mi.importi.giuridicamente_vincolante == mi.importi.erogato == 0

    bo = load_draft(folder / "bo3-3-1-a.yaml", reference)  # 1864908.36 / 1,864,908.36 / 1.864.908,36
    assert {bo.importi.programmato, bo.importi.ammesso_a_finanziamento,
            bo.importi.giuridicamente_vincolante, bo.importi.erogato} == {Decimal("1864908.36")}


def test_fields_dates_and_source(imported, reference):
    _, folder = imported
    to = load_draft(folder / "to7-1-1-b.yaml", reference)
    assert (to.codice, to.citta, to.asse, to.azione, to.cup) == ("TO7.1.1.b", "Torino", 7, "7.1.1", "C19J21037430006")
    assert to.titolo == "Piani di sostegno e sviluppo per enti di terzo settore"
    assert to.stato == "In corso"
    assert (to.data_inizio, to.data_fine) == (PartialDate(2021, 9, 30), PartialDate(2023, 6, 30))
    (fonte,) = to.fonti
    assert fonte.url == "https://opencoesione.gov.it/it/progetti/esempio-to7-1-1-b/"
    assert fonte.titolo == "OpenCoesione, progetto TO7.1.1.b (dati aggiornati al 31-12-2023)"
    assert str(fonte.consultata_il) == TODAY and str(to.aggiornato_il) == TODAY
    notes = " ".join(to.note)
    assert "FINANZ_TOTALE_PUBBLICO" in notes and "IMPEGNI" in notes and "TOT_PAGAMENTI" in notes
    assert "data di fine è quella prevista" in notes

    mi = load_draft(folder / "mi3-3-1-e.yaml", reference)  # 2017-07-01 and 01/12/2019
    assert (mi.data_inizio, mi.data_fine) == (PartialDate(2017, 7, 1), PartialDate(2019, 12, 1))
    # A quoted field over two lines, with ";" and doubled quotes inside it.
    assert 'sociale; con "zone bersaglio" e un a capo.' in " ".join(mi.descrizione.split())
    assert mi.descrizione.rstrip().endswith("Seconda riga della sintesi.")
    assert mi.cup is None

    bo = load_draft(folder / "bo3-3-1-a.yaml", reference)
    assert bo.data_fine == PartialDate(2022, 12, 15)  # the actual end, not the planned one
    assert any("2014IT05M2OP001" in n and "intero progetto" in n for n in bo.note)


def test_unreadable_values_are_reported_and_left_out(imported, reference):
    result, folder = imported
    out = result.output
    assert "opencoesione.csv:8: non letto: FINANZ_TOTALE_PUBBLICO: importo «1.128» ambiguo" in out
    assert "opencoesione.csv:8: non letto: IMPEGNI: importo negativo «-10,00»" in out
    assert "opencoesione.csv:8: non letto: OC_DATA_INIZIO_PROGETTO: giorno 31 inesistente" in out
    assert "opencoesione.csv:9: non letto: COD_LOCALE_PROGETTO: «PONMETRO-SENZA-CODICE» non ha la forma" in out
    na = load_draft(folder / "na3-1-1-b.yaml", reference)
    assert na.importi.programmato is None and na.importi.ammesso_a_finanziamento is None
    assert na.data_inizio is None and na.data_fine == PartialDate(2023, 12, 31)


@pytest.mark.parametrize("text, amount", [
    ("1190893.72", "1190893.72"), ("1190893,72", "1190893.72"), ("1.190.893,72", "1190893.72"),
    ("1,190,893.72", "1190893.72"), ("1190893", "1190893.00"), ("1.190.893", "1190893.00"),
    ("0", "0.00"), ("0,5", "0.50"), ("€ 1.190.893,72", "1190893.72"), ("1190893.7200", "1190893.72"),
])
def test_plausible_amount_spellings(text, amount):
    assert parse_oc_amount(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["1.128", "1,128", "-5,00", "12.34.56", "1190893.725", "abc", "1.190,893.72"])
def test_doubtful_amounts_are_refused(text):
    with pytest.raises(_Unreadable):
        parse_oc_amount(text)


@pytest.mark.parametrize("text", ["20210930", "2021-09-30", "2021-09-30 00:00:00", "30/09/2021", "30-09-2021", "30.09.2021"])
def test_plausible_date_spellings(text):
    assert oc_date_text(text) == "30-09-2021"


@pytest.mark.parametrize("text", ["09/30/2021", "30 settembre 2021", "2021/09/30", ""])
def test_doubtful_dates_are_refused(text):
    with pytest.raises(_Unreadable):
        oc_date_text(text)


def _csv(tmp_path, body: bytes):
    path = tmp_path / "oc.csv"
    header = b"COD_LOCALE_PROGETTO;OC_CODICE_PROGRAMMA;OC_TITOLO_PROGETTO;FINANZ_TOTALE_PUBBLICO\r\n"
    path.write_bytes(codecs.BOM_UTF8 + header + body)
    return path


def test_unclosed_quote_is_reported_at_the_line_where_it_opens(tmp_path):
    path = _csv(tmp_path, b'TO1.1.1.a;2014IT16M2OP004;Titolo;100,00\r\nTO1.1.1.b;2014IT16M2OP004;"aperta;5\r\n')
    result = run_importer("opencoesione", path, "--bozze", tmp_path / "b", "--data", DATA)
    assert result.status == 1
    assert any(":3: non letto: riga danneggiata" in line for line in result.lines), result.output
    assert (tmp_path / "b" / "to1-1-1-a.yaml").exists()


def test_bad_byte_in_a_programme_row_is_reported_not_swallowed(tmp_path):
    path = _csv(tmp_path, "TO1.1.1.a;2014IT16M2OP004;Citt\xe0 sostenibile;100,00\r\n".encode("cp1252"))
    result = run_importer("opencoesione", path, "--bozze", tmp_path / "b", "--data", DATA)
    assert result.status == 1
    assert ":2: non letto: byte non valido in UTF-8 (0xe0, in Windows-1252 sarebbe «à»)" in result.output
    assert ":2: non letto: OC_TITOLO_PROGETTO: testo con byte non validi" in result.output
    assert "Citt" not in (tmp_path / "b" / "to1-1-1-a.yaml").read_text(encoding="utf-8")


def test_code_inside_a_longer_local_code_is_found_and_reported(tmp_path, reference):
    path = _csv(tmp_path, b"PONMETRO_GE1.1.1.g;2014IT16M2OP004;Titolo;1.000,00\r\n")
    result = run_importer("opencoesione", path, "--bozze", tmp_path / "b", "--data", DATA)
    assert "dedotto: COD_LOCALE_PROGETTO: codice GE1.1.1.g letto dentro «PONMETRO_GE1.1.1.g»" in result.output
    assert load_draft(tmp_path / "b" / "ge1-1-1-g.yaml", reference).citta == "Genova"


def test_same_code_twice_keeps_the_first_row(tmp_path):
    path = _csv(tmp_path, b"TO1.1.1.a;2014IT16M2OP004;Primo;1,00\r\nTO1.1.1.a;2014IT16M2OP004;Secondo;2,00\r\n")
    result = run_importer("opencoesione", path, "--bozze", tmp_path / "b", "--data", DATA)
    assert ":3: non letto: codice: TO1.1.1.a già letto alla riga 2" in result.output
    assert "Primo" in (tmp_path / "b" / "to1-1-1-a.yaml").read_text(encoding="utf-8")
