"""Checks within a record and across records, on copies of the base dataset."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal

import pytest

from ponmetro.checks import check_dataset, declared_total_matches
from ponmetro.dataset import load_dataset, require_valid
from ponmetro.model import TotaleDichiarato
from ponmetro.problems import DataInvalid

from .support import edit, new_problems, validate, where, write

TO7 = "interventi/to7-1-1-b.yaml"
POVERTA = "interventi/bologna-poverta-abitativa.yaml"


def found(data_dir):
    return [(p.path, p.line, p.column, p.field, p.message, p.is_error) for p in new_problems(validate(data_dir))]


def only(data_dir, *, totals=True, warnings=True):
    """The one new problem; totals=False leaves out the declared-total check that
    a record with an error also trips (it is not counted), warnings=False the
    warnings (a renamed base file keeps its own)."""
    problems = [p for p in found(data_dir)
                if (totals or p[0] != "data/totali-dichiarati.yaml") and (warnings or p[5])]
    assert len(problems) == 1, problems
    return problems[0]


# --- the code against the record's fields -------------------------------------------------

def test_code_prefix_must_match_the_city(data_dir):
    edit(data_dir / TO7, "citta: Torino", "citta: Genova")
    assert only(data_dir) == ("data/interventi/to7-1-1-b.yaml", 4, 8, "citta",
                              "il codice TO7.1.1.b è di Torino (TO), ma la città indicata è Genova", True)


def test_code_axis_must_match_the_axis(data_dir):
    edit(data_dir / TO7, "asse: 7", "asse: 6")
    edit(data_dir / TO7, "azione: 7.1.1\n", "")
    assert only(data_dir)[1:5] == (5, 7, "asse", "il codice TO7.1.1.b è dell'asse 7, ma l'asse indicato è 6")


def test_code_action_must_match_the_action(data_dir):
    edit(data_dir / TO7, "azione: 7.1.1", "azione: Azione 7.1.2")
    assert only(data_dir)[1:5] == (
        6, 9, "azione", "il codice TO7.1.1.b è dell'azione 7.1.1, ma l'azione indicata è 7.1.2")


def test_an_action_must_belong_to_the_axis_even_without_code(data_dir):
    edit(data_dir / POVERTA, "asse: 3\n", "asse: 3\nazione: 4.1.1\n")
    assert only(data_dir)[1:5] == (6, 9, "azione", "l'azione 4.1.1 non appartiene all'asse 3")


def test_code_prefix_must_be_a_city(data_dir):
    (data_dir / TO7).rename(data_dir / "interventi/xx7-1-1-b.yaml")
    edit(data_dir / "interventi/xx7-1-1-b.yaml", "codice: TO7.1.1.b", "codice: XX7.1.1.b")
    assert only(data_dir)[:5] == ("data/interventi/xx7-1-1-b.yaml", 2, 9, "codice",
                                  "la sigla 'XX' del codice non è di nessuna città del programma")


# --- unique codes and addresses -------------------------------------------------------------

def test_the_same_code_in_two_files_is_reported_on_both(data_dir):
    copy = data_dir / "interventi/to7-copia.yaml"
    shutil.copyfile(data_dir / TO7, copy)
    edit(copy, "codice: TO7.1.1.b\n", "# copia\ncodice: TO7.1.1.b\n")
    problems = {(p[0], p[1], p[3], p[4]) for p in found(data_dir)}
    assert problems == {
        ("data/interventi/to7-1-1-b.yaml", 2, "codice",
         "codice TO7.1.1.b usato anche in data/interventi/to7-copia.yaml:3: ogni intervento ha un indirizzo suo"),
        ("data/interventi/to7-copia.yaml", 3, "codice",
         "codice TO7.1.1.b usato anche in data/interventi/to7-1-1-b.yaml:2: ogni intervento ha un indirizzo suo"),
        ("data/interventi/to7-copia.yaml", 3, "codice",
         "il file deve chiamarsi to7-1-1-b.yaml (come l'indirizzo della scheda), non to7-copia.yaml"),
        # a copy gives the same CUP too (a warning, see below)
        ("data/interventi/to7-1-1-b.yaml", 8, "cup", SHARED_CUP.format("data/interventi/to7-copia.yaml:9")),
        ("data/interventi/to7-copia.yaml", 9, "cup", SHARED_CUP.format("data/interventi/to7-1-1-b.yaml:8")),
    }


SHARED_CUP = ("CUP C19J21037430006 anche in {}: lo stesso progetto contato due volte nelle somme? Se le schede "
              "sono parti di uno stesso progetto, dirlo nelle note di ciascuna")


def test_the_same_cup_in_two_records_is_a_warning_on_both(data_dir):
    # Both published and summed: the same money may be counted twice.
    edit(data_dir / "interventi/bo3-3-1-a.yaml", "codice: BO3.3.1.a\n", "codice: BO3.3.1.a\ncup: C19J21037430006\n")
    problems = {(p[0], p[1], p[3], p[4], p[5]) for p in found(data_dir)}
    assert problems == {
        ("data/interventi/bo3-3-1-a.yaml", 3, "cup", SHARED_CUP.format("data/interventi/to7-1-1-b.yaml:8"), False),
        ("data/interventi/to7-1-1-b.yaml", 8, "cup", SHARED_CUP.format("data/interventi/bo3-3-1-a.yaml:3"), False),
    }


def test_readers_are_told_of_a_shared_cup_by_project_not_by_file(data_dir):
    # The project page shows the warning: a file path and an instruction to edit
    # notes mean nothing to a reader; the other project's code and title do.
    edit(data_dir / "interventi/bo3-3-1-a.yaml", "codice: BO3.3.1.a\n", "codice: BO3.3.1.a\ncup: C19J21037430006\n")
    shown = {p.path: p.for_readers for p in new_problems(validate(data_dir)) if p.field == "cup"}
    assert shown == {
        "data/interventi/bo3-3-1-a.yaml": "lo stesso CUP (C19J21037430006) è indicato anche per il progetto TO7.1.1.b: "
        "le somme del sito potrebbero contare due volte lo stesso investimento",
        "data/interventi/to7-1-1-b.yaml": "lo stesso CUP (C19J21037430006) è indicato anche per il progetto BO3.3.1.a: "
        "le somme del sito potrebbero contare due volte lo stesso investimento",
    }
    edit(data_dir / "interventi/bo3-3-1-a.yaml", "codice: BO3.3.1.a\n", "slug: bo-civica\n")
    (data_dir / "interventi/bo3-3-1-a.yaml").rename(data_dir / "interventi/bo-civica.yaml")
    shown = {p.path: p.for_readers for p in new_problems(validate(data_dir)) if p.field == "cup"}
    assert shown["data/interventi/to7-1-1-b.yaml"].startswith(
        "lo stesso CUP (C19J21037430006) è indicato anche per il progetto «Attività culturali, di animazione")


def test_the_same_pinned_slug_in_two_files(data_dir):
    other = data_dir / "interventi/bologna-accelerazione-civica.yaml"
    edit(other, "slug: bologna-accelerazione-civica", "slug: bologna-poverta-abitativa")
    problems = {(p[0], p[3], p[4]) for p in found(data_dir)}
    assert ("data/interventi/bologna-accelerazione-civica.yaml", "slug",
            "slug bologna-poverta-abitativa usato anche in data/interventi/bologna-poverta-abitativa.yaml:2: "
            "ogni intervento ha un indirizzo suo") in problems
    assert ("data/interventi/bologna-poverta-abitativa.yaml", "slug",
            "slug bologna-poverta-abitativa usato anche in data/interventi/bologna-accelerazione-civica.yaml:2: "
            "ogni intervento ha un indirizzo suo") in problems


# --- slugs and file names ---------------------------------------------------------------

def test_a_record_without_code_needs_a_slug_named_after_its_file(data_dir):
    edit(data_dir / POVERTA, "slug: bologna-poverta-abitativa\n", "")
    assert only(data_dir)[:5] == (
        "data/interventi/bologna-poverta-abitativa.yaml", 2, 1, "slug",
        "un intervento senza codice ha bisogno di uno slug fisso, che diventa il suo indirizzo "
        "(es. slug: bologna-poverta-abitativa)")


def test_a_record_without_code_needs_a_title(data_dir):
    edit(data_dir / POVERTA, "titolo: Azioni integrate di contrasto alla povertà abitativa\n", "")
    assert only(data_dir)[3:5] == ("titolo", "un intervento senza codice deve avere almeno il titolo")


def test_a_record_with_code_may_have_no_title(data_dir):
    edit(data_dir / TO7, "titolo: Piani di sostegno e sviluppo per enti di terzo settore\n", "")
    assert found(data_dir) == []


def test_a_record_with_code_may_not_pin_a_slug(data_dir):
    edit(data_dir / TO7, "codice: TO7.1.1.b\n", "codice: TO7.1.1.b\nslug: to7-1-1-b\n")
    assert only(data_dir)[1:5] == (
        3, 7, "slug", "slug non ammesso quando c'è il codice: l'indirizzo deriva dal codice (to7-1-1-b)")


def test_a_pinned_slug_may_not_look_like_a_code(data_dir):
    (data_dir / POVERTA).rename(data_dir / "interventi/bo3-3-1-z.yaml")
    edit(data_dir / "interventi/bo3-3-1-z.yaml", "slug: bologna-poverta-abitativa", "slug: bo3-3-1-z")
    problem = only(data_dir, totals=False, warnings=False)
    assert problem[:4] == ("data/interventi/bo3-3-1-z.yaml", 2, 7, "slug")
    assert "ha la forma dell'indirizzo di un codice" in problem[4]


@pytest.mark.parametrize("slug, proposed", [
    ("Bologna-Poverta", "bologna-poverta"), ("bologna_poverta", "bologna-poverta"),
    ("bologna--poverta", "bologna-poverta"), ("-bologna", "bologna"), ("povertà", "poverta"),
    ("Povertà abitativa, Bologna", "poverta-abitativa-bologna"),
])
def test_a_pinned_slug_has_a_strict_form_and_the_message_proposes_one(data_dir, slug, proposed):
    edit(data_dir / POVERTA, "slug: bologna-poverta-abitativa", f"slug: {slug}")
    path, line, column, field, message, _ = only(data_dir, totals=False)
    assert (line, column, field) == (2, 7, "slug")
    assert message == f"slug '{slug}' non valido: solo lettere minuscole, cifre e trattini (forse '{proposed}'?)"


def test_the_file_of_a_record_with_code_is_named_after_the_code(data_dir):
    (data_dir / TO7).rename(data_dir / "interventi/TO7.1.1.b.yaml")
    assert only(data_dir)[:5] == (
        "data/interventi/TO7.1.1.b.yaml", 2, 9, "codice",
        "il file deve chiamarsi to7-1-1-b.yaml (come l'indirizzo della scheda), non TO7.1.1.b.yaml")


def test_a_code_corrected_without_renaming_the_file_is_told_to_keep_the_old_address(data_dir):
    # The file is named after another code: the old address is published, and must keep answering.
    edit(data_dir / TO7, "codice: TO7.1.1.b", "codice: TO7.1.1.c")
    assert only(data_dir)[3:5] == (
        "codice", "il file deve chiamarsi to7-1-1-c.yaml (come l'indirizzo della scheda), non to7-1-1-b.yaml; se il "
        "codice TO7.1.1.b è stato corretto, rinominare il file e aggiungere il vecchio indirizzo progetti/to7-1-1-b/ "
        "in data/redirects.yaml (CONTRIBUTING.md, «Cambiare il codice di un intervento»)")


def test_the_file_of_a_record_without_code_is_named_after_its_slug(data_dir):
    (data_dir / POVERTA).rename(data_dir / "interventi/poverta.yaml")
    assert only(data_dir, warnings=False)[:5] == (
        "data/interventi/poverta.yaml", 2, 7, "slug",
        "il file deve chiamarsi bologna-poverta-abitativa.yaml (come l'indirizzo della scheda), non poverta.yaml")


def test_files_that_are_not_records_are_reported_not_read(data_dir):
    shutil.copyfile(data_dir / TO7, data_dir / "interventi/to7-1-1-c.yml")
    write(data_dir / "interventi/appunti.txt", "note")
    write(data_dir / "interventi/mi3-3-1-f.yaml.txt", "note")  # an editor's added .txt
    write(data_dir / "interventi/bo3-3-1-b.Yaml", "note")
    write(data_dir / "interventi/.nascosto.yaml", "::")         # editors' files are ignored
    write(data_dir / "interventi/.bozze/x.yaml", "::")          # and so are hidden folders
    write(data_dir / "interventi/immagini/foto.png", "png")     # a folder without records is harmless
    assert {(p[0], p[4]) for p in found(data_dir)} == {
        ("data/interventi/appunti.txt", "file ignorato: le schede degli interventi hanno estensione .yaml "
                                        "(rinominarlo appunti.yaml)"),
        ("data/interventi/to7-1-1-c.yml", "file ignorato: le schede degli interventi hanno estensione .yaml "
                                          "(rinominarlo to7-1-1-c.yaml)"),
        ("data/interventi/mi3-3-1-f.yaml.txt", "file ignorato: le schede degli interventi hanno estensione .yaml "
                                               "(rinominarlo mi3-3-1-f.yaml)"),
        ("data/interventi/bo3-3-1-b.Yaml", "file ignorato: le schede degli interventi hanno estensione .yaml "
                                           "(rinominarlo bo3-3-1-b.yaml)"),
    }


def test_records_in_a_sub_folder_are_an_error_not_silently_left_out(data_dir):
    # A web editor's "interventi/torino/to7-1-1-b.yaml": the record would vanish from the site.
    (data_dir / "interventi/torino").mkdir()
    (data_dir / TO7).rename(data_dir / "interventi/torino/to7-1-1-b.yaml")
    write(data_dir / "interventi/torino/.git/ignorato.yaml", "::")
    report = load_dataset(data_dir, data_dir.parent).report
    assert [(p.path, p.line, p.is_error, p.message) for p in report.errors] == [(
        "data/interventi/torino/to7-1-1-b.yaml", 1, True,
        "sottocartella non letta: torino/ contiene una scheda (to7-1-1-b.yaml) che non sarebbe pubblicata; le schede "
        "vanno direttamente in data/interventi/ (le bozze in bozze/, fuori dalla cartella dei dati)")]
    for n in range(4):
        write(data_dir / f"interventi/torino/{n}/scheda.yml", "titolo: x")
    (message,) = [p.message for p in load_dataset(data_dir, data_dir.parent).report.errors]
    assert message.startswith("sottocartella non letta: torino/ contiene 5 schede (to7-1-1-b.yaml, 0/scheda.yml, "
                              "1/scheda.yml e altre 2) che non sarebbero pubblicate;")



def test_symbolic_links_are_never_followed_and_their_targets_never_quoted(data_dir, tmp_path):
    # A pull request can add a link to any file of the machine that builds the site.
    secret = tmp_path / "segreto.yaml"
    secret.write_text("GITHUB_TOKEN: ghp_segreto123\ncodice: password-segreta\n", encoding="utf-8")
    (data_dir / "interventi/zz-fuori.yaml").symlink_to(secret)
    (data_dir / "interventi/zz-dentro.yaml").symlink_to(data_dir / "interventi/to7-1-1-b.yaml")
    (data_dir / "interventi/zz-anello.yaml").symlink_to("zz-anello.yaml")
    (data_dir / "interventi/zz-rotto.yaml").symlink_to("non-esiste.yaml")
    problems = found(data_dir)
    link = ("impossibile leggere il file: è un collegamento simbolico, che non viene seguito: un collegamento può "
            "portare a file fuori dal progetto; mettere qui il file vero e proprio")
    for name in ("zz-fuori", "zz-dentro", "zz-anello", "zz-rotto"):
        assert (f"data/interventi/{name}.yaml", 1, link) in {(p[0], p[1], p[4]) for p in problems}
    assert not [p for p in problems if "segret" in str(p)]

# --- declared totals ----------------------------------------------------------------------

def total(amount: str) -> TotaleDichiarato:
    return TotaleDichiarato.model_validate({
        "citta": "Bologna", "asse": "3", "importo": amount,
        "fonte": {"titolo": "x", "consultata_il": "22-11-2026"},
    })


@pytest.mark.parametrize("declared, computed, matches", [
    ("9.830.384€", "9830384.57", True),     # Bologna: the page drops the cents
    ("9.830.385€", "9830384.57", True),     # a source that rounds instead
    ("9.830.384€", "9830384.00", True),
    ("9.830.384€", "9830384.99", True),
    ("9.830.384€", "9830383.50", True),     # rounded half up
    ("9.830.384€", "9830383.49", False),    # neither truncated nor rounded
    ("9.830.384€", "9830383.01", False),
    ("9.830.384€", "9830385.00", False),
    ("9.830.384€", "9830385.50", False),
    ("9.830.384,57€", "9830384.57", True),  # written to the cent: equal to the cent
    ("9.830.384,57€", "9830384.58", False),
    ("9.830.384,57€", "9830384.00", False),
])
def test_declared_total_matches_at_the_precision_it_is_written(declared, computed, matches):
    assert declared_total_matches(total(declared), Decimal(computed)) is matches


def test_bologna_asse_3_adds_up_to_the_declared_9830384(data_dir):
    report = validate(data_dir)
    assert report.ok
    dataset = load_dataset(data_dir, root=data_dir.parent)
    bologna = sum(item.record.importi.programmato for item in dataset.records if item.record.citta == "Bologna")
    assert bologna == Decimal("9830384.57")
    assert dataset.reference.declared_totals[0].importo == Decimal("9830384.00")


def test_a_missing_record_breaks_the_declared_total(data_dir):
    (data_dir / POVERTA).unlink()
    assert only(data_dir) == (
        "data/totali-dichiarati.yaml", 9, 14, "totali[0].importo",
        "la somma di 'programmato' degli interventi di Bologna sull'asse 3 è 7.950.384,58 €, "
        "ma la fonte dichiara 9.830.384,00 € (differenza 1.879.999,42 €): "
        "manca un intervento o un importo è sbagliato", True)


def test_a_total_above_the_declared_one_is_not_blamed_on_a_missing_record(data_dir):
    edit(data_dir / "totali-dichiarati.yaml", "importo: 9.830.384€", "importo: 9.000.000€")
    assert only(data_dir)[4].endswith(
        "(differenza 830.384,57 €): un intervento è in più (città o asse sbagliati?) o un importo è sbagliato")


def test_a_total_with_a_copied_record_names_the_copies(data_dir):
    # A copy under another file name is an error of its own, and is summed with the
    # original: the total is too high because of it, not because a record is missing.
    shutil.copy(data_dir / POVERTA, data_dir / "interventi/bologna-poverta-copia.yaml")
    totals = [p[4] for p in found(data_dir) if p[0] == "data/totali-dichiarati.yaml"]
    assert totals == [
        "la somma di 'programmato' degli interventi di Bologna sull'asse 3 è 11.710.384,56 €, ma la fonte dichiara "
        "9.830.384,00 € (differenza 1.880.000,56 €): le schede con lo stesso indirizzo sono sommate tutte "
        "(data/interventi/bologna-poverta-abitativa.yaml, data/interventi/bologna-poverta-copia.yaml): "
        "correggerle prima"]


def test_a_total_that_misses_a_record_with_errors_names_that_record(data_dir):
    edit(data_dir / POVERTA, "data_fine: 12.2021", "data_fine: 12.0021")
    problems = found(data_dir)
    assert [(p[0], p[3]) for p in problems] == [
        ("data/interventi/bologna-poverta-abitativa.yaml", "data_fine"),
        ("data/totali-dichiarati.yaml", "totali[0].importo"),
    ]
    assert problems[1][4].endswith(
        "le schede con errori non sono contate (data/interventi/bologna-poverta-abitativa.yaml): correggerle prima")


def test_a_declared_total_of_an_amount_the_records_do_not_give_cannot_be_confirmed(data_dir):
    # None of Bologna's records gives erogato: their sum read 0,00 €, and a total declared
    # as 0 "matched" on the city's page. An amount not given is not a zero.
    edit(data_dir / "totali-dichiarati.yaml", "voce: programmato", "voce: erogato")
    path, line, column, field, message, _ = only(data_dir)
    assert (path, field) == ("data/totali-dichiarati.yaml", "totali[0].importo")
    assert message == (
        "la fonte dichiara 9.830.384,00 € di 'erogato' per Bologna, asse 3, ma nessuno dei 3 interventi riporta "
        "'erogato': la somma non si può confrontare; aggiungere l'importo alle schede o togliere il totale")
    edit(data_dir / "totali-dichiarati.yaml", "importo: 9.830.384€", "importo: 0")
    assert only(data_dir)[4].startswith("la fonte dichiara 0,00 € di 'erogato' per Bologna, asse 3, ma nessuno")


def test_a_declared_total_for_an_unknown_city_or_twice(data_dir):
    totals = data_dir / "totali-dichiarati.yaml"
    text = totals.read_text(encoding="utf-8")
    entry = text[text.index("  - citta: Bologna"):]
    totals.write_text(text + entry.replace("citta: Bologna", "citta: Bolonia") + entry, encoding="utf-8")
    problems = [(p[1], p[3], p[4]) for p in found(data_dir)]
    assert [p[:2] for p in problems] == [(16, "totali[1].citta"), (26, "totali[2].citta")]
    assert problems[0][2].startswith("città 'Bolonia' sconosciuta: forse 'Bologna'? Le città del programma sono:")
    assert problems[1][2] == (
        "totale di Bologna, asse 3, voce programmato già dichiarato (totali[0]): tenerne uno solo")


def test_a_mistyped_total_leaves_the_others_checked_and_named_by_their_place(data_dir):
    # One misspelt voce made the whole file invalid: the other totals went unchecked
    # until it was fixed, and a total after a skipped one was named by the wrong index.
    totals = data_dir / "totali-dichiarati.yaml"
    text = totals.read_text(encoding="utf-8")
    entry = text[text.index("  - citta: Bologna"):]
    wrong_voce = entry.replace("voce: programmato", "voce: programato")
    wrong_sum = entry.replace("asse: 3", "asse: 4").replace("9.830.384€", "5€")
    totals.write_text(text.replace(entry, wrong_voce) + entry.replace("citta: Bologna", "citta: Bolonia")
                      + wrong_sum, encoding="utf-8")
    problems = [(p[1], p[3], p[4][:60]) for p in found(data_dir)]
    assert problems == [
        (8, "totali[0].voce", "valore 'programato' non ammesso: i valori ammessi sono 'prog"),
        (16, "totali[1].citta", "città 'Bolonia' sconosciuta: forse 'Bologna'? Le città del p"),
        (29, "totali[2].importo", "la somma di 'programmato' degli interventi di Bologna sull'a"),
    ]


def test_a_total_is_not_trusted_from_a_file_the_loader_refused(data_dir):
    totals = data_dir / "totali-dichiarati.yaml"
    edit(totals, "    asse: 3\n", "    asse: 3\n    asse: 4\n")
    totals.write_text(totals.read_text(encoding="utf-8").replace("9.830.384€", "5€"), encoding="utf-8")
    assert [(p[3], p[4][:30]) for p in found(data_dir)] == [("totali[0].asse", "chiave duplicata (già scritta ")]


# --- records against each other and the reference files -----------------------------------

def test_end_before_start_but_a_month_and_a_day_of_it_agree(data_dir):
    edit(data_dir / POVERTA, "data_fine: 12.2021", "data_fine: 30-09-2016")
    assert found(data_dir) == []  # starts 09.2016, ends within it
    edit(data_dir / POVERTA, "data_fine: 30-09-2016", "data_fine: 31-08-2016")
    assert only(data_dir)[3:5] == ("data_fine", "la data di fine (2016-08-31) precede la data di inizio (2016-09)")


def test_a_broken_cities_file_is_reported_once_not_on_every_record(data_dir):
    write(data_dir / "citta.yaml", "citta: [\n")
    problems = found(data_dir)
    assert [(p[0], p[1]) for p in problems] == [("data/citta.yaml", 2)]


def test_a_broken_axes_file_is_reported_once_not_on_every_record(data_dir):
    edit(data_dir / "assi.yaml", "assi:\n", "axes:\n")
    assert {p[0] for p in found(data_dir)} == {"data/assi.yaml"}


def test_duplicate_city_name_in_the_cities_file(data_dir):
    edit(data_dir / "citta.yaml", "{sigla: GE, nome: Genova, slug: genova}", "{sigla: GE, nome: Torino, slug: genova}")
    assert only(data_dir)[:5] == ("data/citta.yaml", 12, 23, "citta[1].nome", "'Torino' ripetuto: ogni voce una volta sola")


def test_a_missing_folder_or_reference_file(tmp_path):
    assert [p.format() for p in validate(tmp_path / "data").problems] == [
        "data:1:1: la cartella dei dati non esiste"]
    data = tmp_path / "data"
    data.mkdir()
    assert [p.format() for p in validate(data).sorted()] == [
        "data/assi.yaml:1:1: file di riferimento mancante",
        "data/citta.yaml:1:1: file di riferimento mancante",
        "data/interventi:1:1: cartella degli interventi mancante",
    ]


def test_require_valid_raises_with_the_whole_report(data_dir):
    assert require_valid(load_dataset(data_dir)).records
    edit(data_dir / TO7, "asse: 7", "asse: 9")
    with pytest.raises(DataInvalid) as info:
        require_valid(load_dataset(data_dir))
    assert "asse '9' inesistente" in str(info.value)
    assert info.value.report.errors


# --- the warnings ------------------------------------------------------------------------

def test_warning_ammesso_above_programmato(data_dir):
    # The two amounts swapped, as when copied in the wrong order from the source.
    edit(data_dir / TO7, "programmato: € 1.200.000,00", "programmato: € 1.190.893,72")
    edit(data_dir / TO7, "ammesso_a_finanziamento: € 1.190.893,72", "ammesso_a_finanziamento: € 1.200.000,00")
    assert only(data_dir) == (
        "data/interventi/to7-1-1-b.yaml", 14, 28, "importi.ammesso_a_finanziamento",
        "l'ammesso a finanziamento (1.200.000,00 €) supera il programmato (1.190.893,72 €): verificare la fonte",
        False)


def test_warning_erogato_above_ammesso(data_dir):
    edit(data_dir / TO7, "erogato: € 218.177,38", "erogato: € 1.190.893,73")
    assert only(data_dir) == (
        "data/interventi/to7-1-1-b.yaml", 16, 12, "importi.erogato",
        "l'erogato (1.190.893,73 €) supera l'ammesso a finanziamento (1.190.893,72 €): verificare la fonte", False)


def test_warning_giuridicamente_vincolante_above_ammesso(data_dir):
    edit(data_dir / TO7, "giuridicamente_vincolante: € 1.190.893,72", "giuridicamente_vincolante: € 1.200.000,00")
    assert only(data_dir)[1:] == (
        15, 30, "importi.giuridicamente_vincolante",
        "il giuridicamente vincolante (1.200.000,00 €) supera l'ammesso a finanziamento (1.190.893,72 €): "
        "verificare la fonte", False)


def test_no_comparison_with_an_unknown_amount(data_dir):
    edit(data_dir / TO7, "  ammesso_a_finanziamento: € 1.190.893,72\n", "")
    edit(data_dir / TO7, "erogato: € 218.177,38", "erogato: € 5.000.000,00")
    assert found(data_dir) == []


def test_warning_end_passed_with_nothing_paid(data_dir):
    edit(data_dir / TO7, "erogato: € 218.177,38", "erogato: 0")
    assert only(data_dir) == (
        "data/interventi/to7-1-1-b.yaml", 11, 12, "data_fine",
        "la data di fine (30/06/2023) è passata all'ultimo aggiornamento (22/11/2026) ma l'erogato è zero", False)


def test_no_end_warning_when_the_end_month_is_not_over_or_the_payment_unknown(data_dir):
    edit(data_dir / TO7, "erogato: € 218.177,38", "erogato: 0")
    edit(data_dir / TO7, "data_fine: 30-06-2023", "data_fine: 11.2026")  # ends with the update's month
    assert found(data_dir) == []
    edit(data_dir / TO7, "  erogato: 0\n", "")  # nothing known is not nothing paid
    edit(data_dir / TO7, "data_fine: 11.2026", "data_fine: 10.2026")
    assert found(data_dir) == []


def test_warning_a_source_read_after_the_last_update(data_dir):
    # A mistyped year: the record says it was last updated before its source was read.
    edit(data_dir / TO7, "    consultata_il: 22-11-2026", "    consultata_il: 22-11-2027")
    assert only(data_dir) == (
        "data/interventi/to7-1-1-b.yaml", 20, 16, "aggiornato_il",
        "la scheda risulta aggiornata il 22/11/2026, prima di consultare la fonte 1 (consultata_il: 22/11/2027): "
        "una delle due date è sbagliata", False)
    edit(data_dir / TO7, "    consultata_il: 22-11-2027", "    consultata_il: 22-11-2026")  # the same day is fine
    assert found(data_dir) == []


def test_an_update_dated_in_the_future_is_an_error(data_dir):
    # The latest aggiornato_il dates the whole site: a mistyped year would date every page.
    edit(data_dir / TO7, "aggiornato_il: 22-11-2026", "aggiornato_il: 22-11-2029")
    assert only(data_dir) == (
        "data/interventi/to7-1-1-b.yaml", 20, 16, "aggiornato_il",
        f"data nel futuro (2029-11-22; oggi è il {dt.date.today().isoformat()}): controllare l'anno. "
        "La data più recente è quella di aggiornamento di tutto il sito", True)


def test_an_update_dated_tomorrow_is_allowed_for_time_zones_the_day_after_is_not(data_dir):
    items = load_dataset(data_dir, data_dir.parent).records
    (updated,) = {item.record.aggiornato_il for item in items if item.path.endswith("to7-1-1-b.yaml")}
    reference = load_dataset(data_dir, data_dir.parent).reference
    day = dt.timedelta(days=1)
    assert [p for p in check_dataset(items, reference, today=updated - day) if p.field == "aggiornato_il"] == []
    late = [p for p in check_dataset(items, reference, today=updated - 2 * day) if p.field == "aggiornato_il"]
    # Every record of the sample data was updated on the same day: each is told.
    assert sorted((p.path, p.is_error) for p in late) == sorted((item.path, True) for item in items)


def test_warning_missing_cup_absent_or_nd(data_dir):
    edit(data_dir / TO7, "cup: C19J21037430006", "cup: N.D.")
    assert only(data_dir)[1:] == (
        8, 6, "cup", "CUP non disponibile: cercarlo su OpenCoesione o presso il soggetto attuatore", False)
    edit(data_dir / TO7, "cup: N.D.\n", "")
    assert only(data_dir)[1:4] == (2, 1, "cup")


def test_warnings_alone_leave_the_data_valid(data_dir):
    edit(data_dir / TO7, "erogato: € 218.177,38", "erogato: 0")
    report = validate(data_dir)
    assert report.ok and len(report.warnings) == 4
    assert where(report.warnings[-1])[0] == "data/interventi/to7-1-1-b.yaml"


@pytest.mark.parametrize("name", ["a.yaml", "a.b.yaml", "a.", "a", "a.YAML", "a.yml", "..", "a..yaml", "è.yaml"])
def test_a_record_files_extension_is_read_as_pathlib_reads_it(name):
    from pathlib import PurePath

    from ponmetro.dataset import _suffix

    assert _suffix(name) == PurePath(name).suffix


def test_a_city_with_a_letter_from_another_alphabet_is_told_which(data_dir):
    # "Мilano" with a Cyrillic М: "forse 'Milano'?" alone read as nonsense.
    edit(data_dir / TO7, "citta: Torino", "citta: \u0422orino")
    messages = [p[4] for p in found(data_dir) if p[3] == "citta"]
    assert messages and messages[0].startswith(
        "città '\u0422orino' sconosciuta (il carattere '\u0422', U+0422, è una lettera cirillica, non latina: "
        "riscriverlo): forse 'Torino'?")


def test_what_a_description_holds_that_the_page_drops_is_a_warning_with_its_line_in_the_text(data_dir):
    # The sanitizer dropped these without a word: the link's text stayed, without its link.
    edit(data_dir / TO7, "citta: Torino\n", "citta: Torino\ndescrizione: |\n"
         "  Il progetto, [la delibera](https://www.comune.torino.it/delibera) e il **bando**.\n"
         "  Vedi [il modulo](javascript:apri) e <iframe src=\"https://x.it\"></iframe>\n"
         "  ![foto del cantiere](https://x.it/a.png)\n"
         "\n"
         "  ```\n"
         "  un blocco di codice mai chiuso\n")
    warned = sorted((p[1], p[3], p[4]) for p in found(data_dir) if p[3] == "descrizione")
    dropped = "; la pagina non lo mostra"
    assert warned == sorted([
        (5, "descrizione", "riga 2 del testo: collegamento 'javascript:apri' non ammesso: solo indirizzi http, "
                           "https, mailto o del sito stesso" + dropped),
        (5, "descrizione", "riga 2 del testo: HTML <iframe> non ammesso: scrivere il testo in Markdown (script, "
                           "stili, moduli e contenuti incorporati da altri siti non vengono pubblicati)" + dropped),
        (5, "descrizione", "riga 3 del testo: immagine 'https://x.it/a.png' non pubblicabile: i testi del sito non "
                           "hanno immagini (il sito non carica nulla da altri siti); descriverla nel testo, o mettere "
                           "un collegamento alla pagina che la mostra" + dropped),
        (5, "descrizione", "riga 5 del testo: blocco di codice aperto con ``` e mai chiuso: il resto del testo è "
                           "mostrato come codice; chiuderlo con una riga ```"),
    ])
    assert all(not p[5] for p in found(data_dir) if p[3] == "descrizione")  # warnings: the record is published
