"""The pieces under the importers: YAML that keeps text, narrow OCR fixes, descriptions
turned into Markdown, and the variants of the two copied formats."""

from __future__ import annotations

import markdown
import pytest
import yaml

from ponmetro.importers.description import Line, drop_repetitions, to_markdown
from ponmetro.importers.text_fixes import fix_ocr, is_revision_mark, strip_html
from ponmetro.importers.yaml_out import DraftYamlError, dump_draft, to_yaml
from ponmetro.strict_yaml import load_text

from .conftest import DATA, SEEDS, TODAY, load_draft, run_importer

# --- YAML ------------------------------------------------------------------------

TRICKY = ["NO", "yes", "On", "0021", "09.2016", "2021-09-30", "30-09-2021", "3", "1e3", "null", "~", "",
          "# non un commento", "x: y", "- non un elenco", "'apici'", '"virgolette"', "€ 1.190.893,72",
          " spazio iniziale", "a\ttab", "riga uno\nriga due", "fine con a capo\n", "@at", "!tag", "*stella",
          "&ancora", "{graffe}", "[quadre]", "?", "perché «così»", "x" * 300]


@pytest.mark.parametrize("value", TRICKY)
def test_every_value_reads_back_as_the_same_text(value):
    data = {"campo": value, "elenco": [value], "mappa": {"chiave": value}}
    text = dump_draft(data, "intestazione", "prova.yaml")
    assert load_text(text, "prova.yaml").data == data  # the project's strict loader
    assert yaml.safe_load(text) == data  # and any YAML 1.1 reader: nothing was misread


def test_a_draft_holds_text_as_the_loader_reads_it():
    # An accent written apart (a PDF's "Attivita\u0300") and invisible characters (a soft
    # hyphen, a zero-width space) would make the draft differ from what it reads back as.
    text = dump_draft({"titolo": "Attivita\u0300 cultu\u00adrali", "cup": "C19J21\u200b037430006"}, "", "p.yaml")
    assert load_text(text, "p.yaml").data == {"titolo": "Attivit\u00e0 culturali", "cup": "C19J21037430006"}
    assert load_text(text, "p.yaml").problems == []


def test_only_text_goes_into_a_draft():
    from decimal import Decimal

    with pytest.raises(TypeError):
        to_yaml({"importo": Decimal("1.5")})


def test_a_yaml_that_would_not_read_back_is_refused(monkeypatch):
    import ponmetro.importers.yaml_out as yaml_out

    monkeypatch.setattr(yaml_out, "to_yaml", lambda data: "campo: 'diverso'\n")
    with pytest.raises(DraftYamlError):
        dump_draft({"campo": "valore"}, "", "prova.yaml")


# --- OCR and revision marks -------------------------------------------------------


@pytest.mark.parametrize("slip, fixed", [
    ("prevede I'attivazione di percorsi", "prevede l'attivazione di percorsi"),
    ("Fine. I'obiettivo è chiaro", "Fine. L'obiettivo è chiaro"),
    ("in coerenza con Io sviluppo", "in coerenza con lo sviluppo"),
    ("finalizzata alia generazione", "finalizzata alla generazione"),
    ("delle fragility sociali", "delle fragilità sociali"),
    ("e opportunity diffuse", "e opportunità diffuse"),
    ("un sistema innovative finalizzato", "un sistema innovativo finalizzato"),
])
def test_known_slips_are_fixed(slip, fixed):
    text, fixes = fix_ocr(slip)
    assert text == fixed
    assert len(fixes) == 1


@pytest.mark.parametrize("correct", [
    "L'attivazione dei percorsi", "Io credo nel progetto.", "si cita, inter alia, il piano",
    "la smart city e la community", "le soluzioni innovative", "un'azione innovativa", "dell'Io narrante",
    "l'opportunità e la fragilità", "Ivrea e l'IoT",
])
def test_correct_text_is_left_alone(correct):
    assert fix_ocr(correct) == (correct, [])


def test_revision_marks_and_html():
    assert is_revision_mark("Formattato: Tipo di carattere: +Corpo (Calibri), 10 pt")
    assert is_revision_mark("Eliminato: vecchio testo")
    assert is_revision_mark("Commentato [AB1]: da rivedere")
    assert not is_revision_mark("Formattazione dei laboratori: tre incontri")
    text, tags = strip_html('Macro Azioni: <ul style="list-style-type: none"> - uno &amp; due</ul>')
    assert text == "Macro Azioni: - uno & due" and len(tags) == 2
    assert strip_html("a < b e c > d") == ("a < b e c > d", [])


# --- descriptions -------------------------------------------------------------------


def test_repeated_run_is_kept_once():
    long = "Una riga abbastanza lunga da non essere ripetuta per caso nel testo di una pagina."
    lines = [Line(1, "Inizio."), Line(2, long), Line(3, long + " Due."), Line(4, long), Line(5, long + " Due."), Line(6, "Fine.")]
    kept, reps = drop_repetitions(lines)
    assert [line.number for line in kept] == [1, 2, 3, 6]
    assert reps[0].first == (2, 3) and reps[0].second == (4, 5)


def test_short_repeated_lines_are_meant():
    lines = [Line(1, "- sì"), Line(2, "- sì")]
    assert drop_repetitions(lines) == (lines, [])


def test_wrapping_never_changes_the_markdown():
    words = "parola " * 12
    lines = [Line(1, f"{words} - cittadina, nazionale e comunitaria - {words} 2016. anno {words} # non titolo {words} > no")]
    text = to_markdown(lines)
    assert len(text.splitlines()) > 1
    for line in text.splitlines()[1:]:
        assert not line.lstrip().startswith(("-", "#", ">", "2016."))
    one_line = " ".join(text.split())
    assert markdown.markdown(text).replace("\n", " ") == markdown.markdown(one_line).replace("\n", " ")


def test_list_items_are_grouped_and_lettered_items_become_items():
    text = to_markdown([Line(1, "Sono:"), Line(2, "- primo"), Line(3, "• secondo"), Line(4, "a)terzo"), Line(5, "Fine.")])
    assert text == "Sono:\n\n- primo\n- secondo\n- a)terzo\n\nFine."


# --- page and sheet variants --------------------------------------------------------

PAGE = """Titolo di prova
Descrizione dell'intervento
Un paragrafo.
Città
{citta}
Codice Progetto
{codice}
Azione
{azione}
Data inizio
{inizio}
Avanzamento finanziario
Importo Programmato
{importo}
Photogallery
{foto}
"""


def _page(tmp_path, **values):
    fields = dict(citta="Torino", codice="TO7.1.1.b", azione="Azione 7.1.1", inizio="01-02-2022",
                  importo="€ 1.000,00", foto="Foto non disponibili")
    fields.update(values)
    path = tmp_path / "pagina.txt"
    path.write_text(PAGE.format(**fields), encoding="utf-8")
    return run_importer("pagina", path, "--bozze", tmp_path / "bozze", "--data", DATA, "--oggi", TODAY)


def test_page_city_conflicting_with_code_is_reported(tmp_path, reference):
    result = _page(tmp_path, citta="Milano")
    assert result.status == 1
    assert "pagina.txt:5: non letto: citta: la pagina indica Milano, ma il codice TO7.1.1.b è di Torino" in result.output
    draft = load_draft(tmp_path / "bozze" / "to7-1-1-b.yaml", reference)
    assert draft.citta == "Torino" and any("Milano" in n for n in draft.note)


def test_page_unreadable_values_are_reported_with_their_line(tmp_path, reference):
    result = _page(tmp_path, inizio="trenta settembre", importo="1.128", foto="Inaugurazione del centro")
    out = result.output
    assert result.status == 1
    assert "pagina.txt:11: non letto: data_inizio: data 'trenta settembre' non leggibile" in out
    assert "pagina.txt:14: non letto: importi.programmato: importo '1.128' ambiguo" in out
    assert "pagina.txt:16: non letto: foto: la pagina elenca foto, ma il testo copiato non ne contiene gli indirizzi" in out
    draft = load_draft(tmp_path / "bozze" / "to7-1-1-b.yaml", reference)
    assert draft.data_inizio is None and draft.importi.programmato is None and draft.foto == []


def test_page_lowercase_code_and_city_are_read_and_reported(tmp_path, reference):
    result = _page(tmp_path, codice="to 7.1.1.B", citta="Comune di Torino")
    assert "dedotto: codice: codice «to 7.1.1.B» letto come «TO7.1.1.b»" in result.output
    assert "dedotto: citta: città «Comune di Torino» letta come «Torino»" in result.output
    assert load_draft(tmp_path / "bozze" / "to7-1-1-b.yaml", reference).titolo == "Titolo di prova"


def test_sheet_variants(tmp_path, reference):
    sheet = tmp_path / "scheda.txt"
    sheet.write_text(
        "Denominazione Intervento\tTO7.1.1.b: Prova\n"
        "Asse e priorità\tAsse 6 – Ripresa verde Priorità di investimento 13i - Ripresa\n"
        "Obiettivo generale del progetto\tPrimo paragrafo.\n"
        "seconda riga dell'obiettivo, senza etichetta.\n"
        "Colore preferito\tblu\n"
        "Data inizio\t30-09-21\n"
        "Data inizio\t01-01-2022\n",
        encoding="utf-8",
    )
    result = run_importer("scheda", sheet, "--bozze", tmp_path / "bozze", "--data", DATA, "--oggi", TODAY)
    out = result.output
    assert "scheda.txt:2: non letto: asse: la scheda indica l'asse 6, ma il codice TO7.1.1.b è dell'asse 7" in out
    assert "scheda.txt:4: dedotto: obiettivo_generale: riga senza etichetta unita al campo «Obiettivo generale del progetto»" in out
    assert "scheda.txt:5: non letto: etichetta «Colore preferito» sconosciuta: valore non letto" in out
    assert "scheda.txt:6: dedotto: data_inizio: data «30-09-21» letta come «30-09-2021»" in out
    assert "scheda.txt:7: non letto: data_inizio: etichetta «Data inizio» ripetuta (prima alla riga 6)" in out
    # Axis 6 contradicts the code: the core refuses the draft, and says why.
    assert "bozza non valida: asse: il codice TO7.1.1.b è dell'asse 7, ma l'asse indicato è 6" in out
    assert not (tmp_path / "bozze" / "to7-1-1-b.yaml").exists()
    assert result.status == 1


def test_sheet_without_code_gets_a_slug_from_city_and_title(tmp_path, reference):
    sheet = tmp_path / "scheda.txt"
    sheet.write_text(
        "Denominazione Intervento\tAzioni integrate di contrasto alla povertà abitativa\n"
        "Città\tBologna\n"
        "Asse e priorità\tAsse 3 – Servizi per l'inclusione sociale\n",
        encoding="utf-8",
    )
    result = run_importer("scheda", sheet, "--bozze", tmp_path / "bozze", "--data", DATA, "--oggi", TODAY)
    assert result.status == 0, result.output
    draft = load_draft(tmp_path / "bozze" / "bologna-azioni-integrate-di-contrasto-alla.yaml", reference)
    assert draft.slug == "bologna-azioni-integrate-di-contrasto-alla" and draft.codice is None and draft.asse == 3
    assert "indirizzo «bologna-azioni-integrate-di-contrasto-alla» ricavato da città e titolo" in result.output


def test_description_of_a_seed_survives_the_markdown_round_trip(tmp_path, reference):
    run_importer("pagina", SEEDS / "002_97cf3cd773ef0d37.txt", "--bozze", tmp_path, "--data", DATA, "--oggi", TODAY)
    draft = load_draft(tmp_path / "mi3-3-1-e.yaml", reference)
    html = markdown.markdown(draft.descrizione)
    assert html.count("<li>") == 7 and html.count("<ul>") == 2
    assert html.count("Le ricadute previste sono") == 1
