"""The pydantic models: typed values from the loader's text, Italian errors at the
right line, unknown keys refused with a suggestion."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pydantic
import pytest

from ponmetro import model
from ponmetro.dataset import parse_document
from ponmetro.dates import PartialDate
from ponmetro.model import AssiFile, CittaFile, Intervento, TotaliFile
from ponmetro.problems import Report
from ponmetro.reference import Reference
from ponmetro.strict_yaml import load_text

from .support import BASE

RECORD = """\
codice: MI3.3.1.e
citta: Milano
asse: 3
azione: Azione 3.3.1
cup: n.d.
data_inizio: 01-07-2017
data_fine: Dicembre 2019
importi:
  programmato: € 1.128.100,00
  erogato: '0'
fonti:
  - titolo: Pagina del progetto
    url: https://www.ponmetro.it/progetto/?codice=MI3.3.1.e
    consultata_il: 22-11-2026
aggiornato_il: 2026-11-22
"""


@pytest.fixture(scope="module")
def reference():
    from ponmetro.dataset import load_reference

    report = Report()
    ref = load_reference(BASE, BASE.parent, report)
    assert report.ok
    return ref


def parse(text, reference=None, model_class=Intervento):
    doc = load_text(text, "r.yaml")
    context = {"reference": reference} if reference is not None else None
    return parse_document(doc, model_class, context)


def problems(text, reference=None, model_class=Intervento):
    record, found = parse(text, reference, model_class)
    assert record is None
    return [(p.line, p.column, p.field, p.message) for p in found]


def test_a_valid_record_becomes_typed_values(reference):
    record, found = parse(RECORD, reference)
    assert found == []
    assert record.codice == "MI3.3.1.e"
    assert record.asse == 3 and type(record.asse) is int
    assert record.azione == "3.3.1"  # "Azione " is the label, not part of the value
    assert record.cup == "n.d."
    assert record.data_inizio == PartialDate(2017, 7, 1)
    assert record.data_fine == PartialDate(2019, 12) and record.data_fine.precision == "mese"
    assert record.importi.programmato == Decimal("1128100.00")
    assert record.importi.erogato == Decimal("0.00")
    assert record.importi.ammesso_a_finanziamento is None  # unknown, not zero
    assert record.fonti[0].consultata_il == dt.date(2026, 11, 22)
    assert record.aggiornato_il == dt.date(2026, 11, 22)
    assert record.slug_or_code_slug == "mi3-3-1-e"
    assert record.display_title == "Intervento MI3.3.1.e"
    assert record.parsed_code.action == "3.3.1"


def test_records_are_frozen(reference):
    record, _ = parse(RECORD, reference)
    with pytest.raises(pydantic.ValidationError):
        record.asse = 4


def test_amounts_serialise_as_exact_text(reference):
    record, _ = parse(RECORD, reference)
    dumped = record.model_dump(mode="json")
    assert dumped["importi"]["programmato"] == "1128100.00"
    assert dumped["data_fine"] == "2019-12"
    assert dumped["aggiornato_il"] == "2026-11-22"


# --- unknown keys -------------------------------------------------------------------

def test_unknown_top_level_key_with_suggestion_and_the_allowed_keys():
    [(line, column, field, message)] = problems(RECORD.replace("citta: Milano\n", "citta: Milano\nrpu: Mario\n"))
    assert (line, column, field) == (3, 1, "rpu")
    assert message.startswith("campo sconosciuto 'rpu': forse 'rup'? Campi ammessi qui: codice, slug, titolo, citta, ")
    assert message.endswith("note, aggiornato_il")


def test_unknown_nested_keys_point_at_the_key_and_suggest_the_field():
    text = RECORD.replace("  erogato: '0'\n", "  Erogato: '0'\n").replace(
        "    url: https", "    link: https")
    found = problems(text)
    assert found == [
        (10, 3, "importi.Erogato", "campo sconosciuto 'Erogato': forse 'erogato'? Campi ammessi qui: "
                                   "programmato, ammesso_a_finanziamento, giuridicamente_vincolante, erogato"),
        (13, 5, "fonti[0].link", "campo sconosciuto 'link'. Campi ammessi qui: titolo, url, consultata_il"),
    ]


def test_cents_cut_off_by_the_comma_of_a_flow_mapping_are_told_so():
    # In { } a comma ends the value: 1.128.100,00 becomes 1.128.100 and a key '00'.
    text = RECORD.replace("importi:\n  programmato: € 1.128.100,00\n  erogato: '0'\n",
                          "importi: {programmato: 1.128.100,00, erogato: 0}\n")
    [(line, column, field, message)] = problems(text)
    assert (line, column, field) == (8, 34, "importi.00")
    assert message == (
        "campo sconosciuto '00': sono i decimali di un importo? Tra parentesi { } la virgola separa i campi, e "
        "divide in due un importo come 1.128.100,00: scrivere un campo per riga (programmato: 1.128.100,00) o "
        "l'importo tra virgolette")


def test_a_key_that_lost_its_indentation_is_told_where_it_belongs():
    text = RECORD.replace("  erogato: '0'\n", "erogato: '0'\n")
    found = problems(text)
    [(line, column, field, message)] = [p for p in found if p[2] == "erogato"]
    assert (line, column) == (10, 1)
    assert message.startswith("campo sconosciuto 'erogato': è un campo di 'importi', da rientrare sotto "
                              "'importi:' con due spazi in più? Campi ammessi qui: codice, slug, ")
    # A key of several nested mappings names each of them.
    [(_, _, _, message)] = problems(RECORD + "url: https://example.org/\n")
    assert message.startswith("campo sconosciuto 'url': è un campo di 'foto', 'documenti' o 'fonti', "
                              "da rientrare sotto quello a cui appartiene? Campi ammessi qui: ")


def test_a_key_indented_under_the_mapping_before_it_is_told_so():
    text = RECORD.replace("aggiornato_il: 2026-11-22\n", "    aggiornato_il: 2026-11-22\n")
    found = {p[2]: p[3] for p in problems(text)}
    assert found["fonti[0].aggiornato_il"] == (
        "campo sconosciuto 'aggiornato_il': è un campo del livello superiore, non di 'fonti': da scrivere "
        "con meno rientro? Campi ammessi qui: titolo, url, consultata_il")


def test_an_unknown_key_without_any_close_field_gets_no_guess():
    [(_, _, _, message)] = problems(RECORD + "zzz: 1\n")
    assert message.startswith("campo sconosciuto 'zzz'. Campi ammessi qui: ")


# --- wrong types, missing and empty ----------------------------------------------------

@pytest.mark.parametrize("old, new, where, message", [
    ("asse: 3", "asse: [3]", (3, 7, "asse"), "deve essere un numero di asse, non un elenco"),
    ("asse: 3", "asse: {n: 3}", (3, 7, "asse"), "deve essere un numero di asse, non una mappa"),
    ("asse: 3", "asse: tre", (3, 7, "asse"), "asse 'tre' inesistente: gli assi vanno da 1 a 8"),
    ("asse: 3", "asse: 0", (3, 7, "asse"), "asse '0' inesistente: gli assi vanno da 1 a 8"),
    ("asse: 3", "asse: IX", (3, 7, "asse"), "asse 'IX' inesistente: gli assi vanno da 1 a 8"),
    # As pages and documents write it: the number meant is known.
    ("asse: 3", "asse: Asse 3", (3, 7, "asse"), "asse 'Asse 3' non valido: scrivere solo il numero (3)"),
    ("asse: 3", "asse: III", (3, 7, "asse"), "asse 'III' non valido: scrivere solo il numero (3)"),
    ("asse: 3", "asse: asse VIII", (3, 7, "asse"), "asse 'asse VIII' non valido: scrivere solo il numero (8)"),
    ("citta: Milano", "citta: [Milano]", (2, 8, "citta"), "deve essere un testo, non un elenco"),
    ("citta: Milano", "citta:", (2, 7, "citta"), "valore vuoto: scrivere un valore o togliere il campo"),
    ("citta: Milano", "citta: ''", (2, 8, "citta"), "testo vuoto: scrivere un valore o togliere il campo"),
    # a Cyrillic letter that looks Latin: the message would quote it looking right
    ("cup: n.d.", "cup: \u042119J21037430006", (5, 6, "cup"),
     "CUP '\u042119J21037430006' non valido (il carattere '\u0421', U+0421, è una lettera cirillica"),
    ("importi:\n  programmato: € 1.128.100,00\n  erogato: '0'", "importi: 5",
     (8, 10, "importi"), "deve essere una mappa di campi (chiave: valore), non il testo '5'"),
    ("importi:\n  programmato: € 1.128.100,00\n  erogato: '0'", "importi:",
     (8, 9, "importi"), "valore vuoto: scrivere un valore o togliere il campo"),
    ("  programmato: € 1.128.100,00", "  programmato: [1]",
     (9, 16, "importi.programmato"), "deve essere un importo, non un elenco"),
    ("cup: n.d.", "cup: c19j21037430006", (5, 6, "cup"), "CUP 'c19j21037430006' non valido"),
    ("azione: Azione 3.3.1", "azione: 3.3", (4, 9, "azione"), "azione '3.3' non valida: il formato è 3.3.1"),
    ("asse: 3", "asse: 03", (3, 7, "asse"), "asse '03' non valido: scrivere solo il numero (3)"),
    # A leading zero would make a second page for action 3.3.1, splitting its sums.
    ("azione: Azione 3.3.1", "azione: 3.3.01", (4, 9, "azione"),
     "azione '3.3.01' non valida: forse '3.3.1'? (senza zeri iniziali)"),
    ("data_inizio: 01-07-2017", "data_inizio: luglio", (6, 14, "data_inizio"), "data 'luglio' non leggibile"),
    ("aggiornato_il: 2026-11-22", "aggiornato_il: 2026-11", (15, 16, "aggiornato_il"), "indica solo il mese"),
    ("codice: MI3.3.1.e", "codice: MI3.3.1", (1, 9, "codice"), "codice 'MI3.3.1' non valido."),
    ("    url: https://www.ponmetro.it/progetto/?codice=MI3.3.1.e", "    url: ftp://x",
     (13, 10, "fonti[0].url"), "deve iniziare con https://"),
    ("    url: https://www.ponmetro.it/progetto/?codice=MI3.3.1.e", "    url: www.ponmetro.it/progetto/",
     (13, 10, "fonti[0].url"), "e non contenere spazi (forse 'https://www.ponmetro.it/progetto/'?)"),
])
def test_wrong_values_are_reported_at_their_line_in_italian(old, new, where, message):
    [(line, column, field, got)] = problems(RECORD.replace(old, new))
    assert (line, column, field) == where
    assert message in got


def test_fonti_must_be_a_non_empty_list_of_mappings():
    start = RECORD.index("fonti:")
    end = RECORD.index("aggiornato_il")
    assert problems(RECORD[:start] + "fonti: []\n" + RECORD[end:]) == [
        (11, 8, "fonti", "l'elenco non può essere vuoto: serve almeno un elemento"),
    ]
    assert problems(RECORD[:start] + "fonti:\n  - Pagina\n" + RECORD[end:]) == [
        (12, 5, "fonti[0]", "deve essere una mappa di campi (chiave: valore), non il testo 'Pagina'"),
    ]


def test_every_missing_required_field_is_reported_at_the_first_key():
    found = problems("titolo: Solo il titolo\n")
    assert sorted(found) == [
        (1, 1, field, "campo obbligatorio mancante") for field in ("aggiornato_il", "asse", "citta", "fonti")
    ]
    assert problems(RECORD.replace("    consultata_il: 22-11-2026\n", "")) == [
        (12, 5, "fonti[0].consultata_il", "campo obbligatorio mancante"),
    ]


def test_all_field_errors_of_a_record_come_together():
    text = RECORD.replace("asse: 3", "asse: 9").replace("cup: n.d.", "cup: x").replace("rup", "rpu") + "rpu: x\n"
    assert [field for _, _, field, _ in problems(text)] == ["asse", "cup", "rpu"]


def test_a_text_field_refuses_line_breaks_but_paragraphs_keep_them():
    assert problems(RECORD + "titolo: |\n  Uno\n  due\n") == [
        (16, 9, "titolo", "il testo deve stare su una riga: per spezzarlo nel file usare '>-' invece di '|'"),
    ]
    record, found = parse(RECORD + "titolo: >-\n  Uno\n  due\nobiettivo_generale: |\n  Uno\n  due\n")
    assert found == [] and record.titolo == "Uno due" and record.obiettivo_generale == "Uno\ndue"


def test_text_length_limits():
    [(_, _, field, message)] = problems(RECORD + "titolo: " + "x" * 501 + "\n")
    assert (field, message) == ("titolo", "testo troppo lungo (501 caratteri; massimo 500)")


def test_unknown_city_suggests_the_close_one(reference):
    [(line, column, field, message)] = problems(RECORD.replace("citta: Milano", "citta: milano"), reference)
    assert (line, column, field) == (2, 8, "citta")
    assert message.startswith("città 'milano' sconosciuta: forse 'Milano'? Le città del programma sono: Torino, ")


def test_without_a_reference_any_city_name_passes_the_model():
    record, found = parse(RECORD.replace("citta: Milano", "citta: Atlantide"))
    assert found == [] and record.citta == "Atlantide"


def test_a_duplicate_key_is_reported_with_the_field_errors_of_the_same_file():
    text = RECORD.replace("asse: 3\n", "asse: 3\nasse: 4\n").replace("cup: n.d.", "cup: x")
    record, found = parse(text)
    assert record is None  # an error means no record, even if the fields fit
    assert [(p.line, p.field) for p in found] == [(4, "asse"), (6, "cup")]


# --- reference files ------------------------------------------------------------------

def test_reference_files_of_the_base_dataset_parse():
    for name, model_class in (("assi.yaml", AssiFile), ("citta.yaml", CittaFile),
                              ("totali-dichiarati.yaml", TotaliFile)):
        parsed, found = parse((BASE / name).read_text(encoding="utf-8"), model_class=model_class)
        assert found == [] and parsed is not None, name


def test_axis_and_city_files_need_at_least_one_entry():
    fonte = "fonte:\n  titolo: x\n  consultata_il: 22-11-2026\n"
    assert problems(fonte + "assi: []\n", model_class=AssiFile) == [
        (4, 7, "assi", "l'elenco non può essere vuoto: serve almeno un elemento")]
    assert problems(fonte + "citta: []\n", model_class=CittaFile) == [
        (4, 8, "citta", "l'elenco non può essere vuoto: serve almeno un elemento")]


def test_city_prefix_and_fund_values():
    fonte = "fonte:\n  titolo: x\n  consultata_il: 22-11-2026\n"
    assert problems(fonte + "citta:\n  - {sigla: Mi, nome: Milano, slug: milano}\n", model_class=CittaFile) == [
        (5, 13, "citta[0].sigla", "sigla 'Mi' non valida: due lettere maiuscole (es. MI)")]
    found = problems(fonte + "assi:\n  - {numero: 1, nome: x, dotazione_milioni: '1', fondo: FSER}\n",
                     model_class=AssiFile)
    assert found == [(5, 57, "assi[0].fondo", "valore 'FSER' non ammesso: i valori ammessi sono 'FESR' o 'FSE'")]


def test_declared_total_voce_must_be_one_of_the_four_amounts():
    text = ("totali:\n  - citta: Bologna\n    asse: 3\n    voce: impegnato\n    importo: 1\n"
            "    fonte: {titolo: x, consultata_il: 22-11-2026}\n")
    [(line, column, field, message)] = problems(text, model_class=TotaliFile)
    assert (line, column, field) == (4, 11, "totali[0].voce")
    assert "'programmato', 'ammesso_a_finanziamento', 'giuridicamente_vincolante' o 'erogato'" in message


def test_models_are_listed_for_the_documentation_test():
    # test_docs.py checks every field of these models is documented.
    classes = {name for name, obj in vars(model).items()
               if isinstance(obj, type) and issubclass(obj, pydantic.BaseModel) and obj.__module__ == model.__name__}
    assert {"Intervento", "Importi", "Fonte", "Foto", "Documento", "Asse", "Citta", "TotaleDichiarato"} <= classes


def test_reference_from_a_city_list():
    ref = Reference([], [model.Citta(sigla="MI", nome="Milano", slug="milano")])
    assert ref.city_by_prefix["MI"].nome == "Milano"


def test_a_file_of_junk_keys_lists_100_problems_then_a_count():
    text = RECORD + "".join(f"chiave_{i:03d}: x\n" for i in range(150))
    found = problems(text)
    assert len(found) == 101
    assert found[99][:3] == (115, 1, "chiave_099")
    assert found[100] == (115, 1, "", "altri 50 problemi in questo file non sono mostrati")


def test_problems_sort_even_when_only_their_severity_differs():
    from ponmetro.problems import Problem, Severity

    error = Problem("p.yaml", 1, 1, "cup", "m")
    warning = Problem("p.yaml", 1, 1, "cup", "m", Severity.WARNING)
    assert sorted([error, warning]) == [warning, error]
    assert warning.format() == "p.yaml:1:1: avviso: cup: m"
