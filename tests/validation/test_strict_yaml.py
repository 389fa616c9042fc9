"""The strict YAML loader: plain text values, positions, refusals, never a raise."""

from __future__ import annotations

import codecs
import os
import socket
import re

import pytest

from ponmetro import strict_yaml
from ponmetro.strict_yaml import MAX_BYTES, MAX_DEPTH, MAX_PROBLEMS, load_bytes, load_file, load_text


def load(text: str):
    return load_text(text, "x.yaml")


def errors(doc):
    return [(p.line, p.column, p.field, p.message) for p in doc.problems if p.is_error]


# --- no type guessing ---------------------------------------------------------------

@pytest.mark.parametrize("written", [
    "NO", "no", "yes", "Yes", "on", "off", "true", "False", "y", "n",
    "0021", "007", "1e3", "0x1F", "0o17", ".inf", "-.inf", ".nan", "1_000",
    "2021-09-30", "2021-09-30 10:00:00", "09.2016", "30-09-0021", "12:30:00",
    "1.864.908,36€", "€ 1.190.893,72", "C19J21037430006", "MI3.3.1.e", "3.3.1", "7",
])
def test_every_plain_scalar_stays_the_text_written(written):
    doc = load(f"value: {written}\n")
    assert doc.problems == []
    assert doc.data == {"value": written}
    assert type(doc.data["value"]) is str


@pytest.mark.parametrize("written", ["", "~", "null", "Null", "NULL"])
def test_only_an_unquoted_empty_or_null_becomes_none(written):
    assert load(f"value: {written}\n").data == {"value": None}


@pytest.mark.parametrize("written", ["''", '""', "'null'", '"~"'])
def test_quoted_empty_and_null_stay_text(written):
    assert load(f"value: {written}\n").data["value"] == written[1:-1]


def test_keys_stay_text_too():
    assert load("1: a\nyes: b\nnull: c\n").data == {"1": "a", "yes": "b", "null": "c"}


def test_block_scalars_keep_their_text():
    doc = load("a: |\n  uno\n  due\nb: >-\n  uno\n  due\n")
    assert doc.data == {"a": "uno\ndue\n", "b": "uno due"}


def test_a_non_specific_tag_is_plain_text():
    assert load("a: ! 0021\n").data == {"a": "0021"}


# --- positions ----------------------------------------------------------------------

POSITIONS = """\
# comment
codice: MI3.3.1.e
importi:
  programmato: € 1.128.100,00
  erogato:   '0'
fonti:
  - titolo: Pagina
    consultata_il: 22-11-2026
  - {titolo: Altra, url: "https://x.it"}
note: [una, due]
descrizione: |
  Testo
"""


def test_every_key_and_value_has_its_line_and_column():
    doc = load(POSITIONS)
    assert doc.problems == []
    assert doc.value_at == {
        (): (2, 1),
        ("codice",): (2, 9),
        ("importi",): (4, 3),
        ("importi", "programmato"): (4, 16),
        ("importi", "erogato"): (5, 14),
        ("fonti",): (7, 3),
        ("fonti", 0): (7, 5),
        ("fonti", 0, "titolo"): (7, 13),
        ("fonti", 0, "consultata_il"): (8, 20),
        ("fonti", 1): (9, 5),
        ("fonti", 1, "titolo"): (9, 14),
        ("fonti", 1, "url"): (9, 26),
        ("note",): (10, 7),
        ("note", 0): (10, 8),
        ("note", 1): (10, 13),
        ("descrizione",): (11, 14),
    }
    assert doc.key_at == {
        ("codice",): (2, 1),
        ("importi",): (3, 1),
        ("importi", "programmato"): (4, 3),
        ("importi", "erogato"): (5, 3),
        ("fonti",): (6, 1),
        ("fonti", 0, "titolo"): (7, 5),
        ("fonti", 0, "consultata_il"): (8, 5),
        ("fonti", 1, "titolo"): (9, 6),
        ("fonti", 1, "url"): (9, 21),
        ("note",): (10, 1),
        ("descrizione",): (11, 1),
    }


def test_position_of_a_missing_place_is_its_closest_parent():
    doc = load(POSITIONS)
    assert doc.position(("importi", "ammesso_a_finanziamento")) == (4, 3)
    assert doc.position(("fonti", 0, "url")) == (7, 5)
    assert doc.position(("fonti",), key=True) == (6, 1)
    assert doc.position(("nothing", "here")) == (2, 1)


def test_columns_count_characters_not_bytes():
    doc = load("a: città\nb: [più, x]\n")
    assert doc.value_at[("b", 1)] == (2, 10)


@pytest.mark.parametrize("escaped, named", [
    ("D'Elia\\0Annibale", "carattere di controllo U+0000"),
    ("Comune\\rdi Milano", "carattere di controllo U+000D"),
    ("A\\x1bB", "carattere di controllo U+001B"),
    ("In\\u2028corso", "carattere U+2028 (separatore di riga)"),
    ("C\\u0085D", "carattere U+0085 (a capo NEL)"),
    ("\\u202eonailiM", "carattere di controllo bidirezionale U+202E"),
    ("\\u200b", "carattere invisibile U+200B (spazio di larghezza zero)"),
])
def test_what_an_escape_of_a_double_quoted_value_hides_is_refused_and_named(escaped, named):
    # The checks of the file's text cannot see these: the file holds only "\\", "u", "2", ...
    doc = load(f'titolo: ok\nrup: "{escaped}"\nnote:\n  - "{escaped}"\n"campo{escaped}": x\n')
    found = errors(doc)
    assert [(line, column, field[:5]) for line, column, field, _ in found] == [
        (2, 6, "rup"), (4, 5, "note["), (5, 1, "campo")]  # the key's field holds what it hides
    assert all(message.startswith(named) and message.endswith(
        "(è scritto come sequenza di escape '\\...' nel testo tra virgolette)") for *_, message in found)


def test_escapes_of_ordinary_text_stay_allowed():
    doc = load('descrizione: "riga\\nriga\\ttab \\u00e0 \\"citato\\""\n')
    assert doc.problems == [] and doc.data == {"descrizione": 'riga\nriga\ttab à "citato"'}


@pytest.mark.parametrize("char, name", [
    ("\u200b", "spazio di larghezza zero"), ("\u00ad", "trattino morbido"),
    ("\u2060", "congiuntore di parola"), ("\ufeff", "spazio di larghezza zero (BOM)"),
])
def test_an_invisible_character_is_refused_at_its_place_and_named(char, name):
    # "MI3.3.1.e" with a zero-width space after it looks right in the message that refuses it.
    doc = load(f"titolo: ok\ncodice: MI3.3.1.e{char}\n")
    assert errors(doc) == [(2, 18, "", f"carattere invisibile U+{ord(char):04X} ({name}) non ammesso: non si vede, "
                                       "ma cambia il testo (un codice, un CUP o una città non sarebbero più "
                                       "riconosciuti); toglierlo")]


def test_a_letter_and_its_accent_written_apart_are_read_as_one_character():
    # "Attività" as pasted from a PDF: "a" followed by U+0300, the combining grave accent.
    decomposed = "titolo: Attivita\u0300 sociali\nsoggetto_attuatore: Citta\u0300 di Bologna\nb: [x, y]\n"
    doc = load(decomposed)
    assert doc.problems == []
    assert doc.data["titolo"] == "Attivit\u00e0 sociali"
    assert doc.data["soggetto_attuatore"] == "Citt\u00e0 di Bologna"
    assert doc.data == load_bytes(decomposed.encode(), "x.yaml").data
    assert doc.value_at[("b", 1)] == (3, 8)  # positions are unchanged where nothing was composed


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_line_ends_give_the_same_positions(newline):
    doc = load(POSITIONS.replace("\n", newline))
    assert doc.problems == []
    assert doc.value_at[("fonti", 0, "consultata_il")] == (8, 20)
    assert doc.data["descrizione"] == "Testo\n"


def test_format_loc():
    assert strict_yaml.format_loc(("fonti", 0, "url")) == "fonti[0].url"
    assert strict_yaml.format_loc(("note", 1)) == "note[1]"
    assert strict_yaml.format_loc(()) == ""


# --- refusals ---------------------------------------------------------------------

def test_duplicate_key_is_an_error_at_the_second_one_and_the_first_value_is_kept():
    doc = load("a: 1\nb: 2\na: 3\n")
    assert errors(doc) == [(3, 1, "a", "chiave duplicata (già scritta alla riga 1): "
                                      "tenerne una sola, YAML userebbe l'ultima in silenzio")]
    assert doc.data == {"a": "1", "b": "2"}
    assert doc.complete


def test_duplicate_nested_key_and_in_a_list_item_and_in_flow_style():
    doc = load("a:\n  b: 1\n  b: 2\nc:\n  - d: 1\n    d: 2\ne: {f: 1, f: 2}\n")
    assert [(line, col, field) for line, col, field, _ in errors(doc)] == [
        (3, 3, "a.b"), (6, 5, "c[0].d"), (7, 11, "e.f"),
    ]


def test_a_key_repeated_in_a_list_item_suggests_the_lost_dash_of_a_new_item():
    doc = load("fonti:\n  - titolo: A\n    url: https://a.it/\n    titolo: B\n")
    assert errors(doc) == [(4, 5, "fonti[0].titolo", "chiave duplicata (già scritta alla riga 2): se inizia un "
                                                      "nuovo elemento dell'elenco, scrivere '- titolo:' allineato "
                                                      "ai '- ' degli altri elementi; altrimenti tenerne una sola")]


def test_duplicate_key_text_is_compared_as_written():
    # `yes` and 'yes' are the same key for us: both are the text "yes".
    assert len(errors(load("yes: 1\n'yes': 2\n"))) == 1


def test_reading_goes_on_after_a_duplicate_so_that_every_problem_shows():
    doc = load("a: 1\na: 2\nb: &x 3\nc: !!str 4\n")
    assert [p[0] for p in errors(doc)] == [2, 3, 4]


def test_anchor_is_refused_but_its_value_kept():
    doc = load("a: &x uno\n")
    assert errors(doc) == [(1, 4, "a", "ancora YAML '&x' non ammessa: ripetere il valore per esteso")]
    assert doc.data == {"a": "uno"}
    assert doc.complete


def test_alias_is_refused_and_leaves_the_document_incomplete():
    doc = load("a: uno\nb: *x\n")
    assert errors(doc) == [(2, 4, "b", "alias YAML '*x' non ammesso: ripetere il valore per esteso")]
    assert doc.data == {"a": "uno", "b": None}
    assert not doc.complete


def test_alias_bomb_is_refused_without_expanding_it():
    levels = ["a: &a [" + ", ".join(["lol"] * 9) + "]"]
    for i, name in enumerate("bcdefghi"):
        previous = "abcdefghi"[i]
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    doc = load("\n".join(levels) + "\n")
    assert not doc.complete
    assert len(doc.problems) == MAX_PROBLEMS + 1  # then it stops reading
    assert doc.problems[-1].message.startswith("troppi problemi")
    assert all("alias" in p.message or "ancora" in p.message for p in doc.problems[:-1])


@pytest.mark.parametrize("text, shown", [
    ("a: !!str 1\n", "!!str"),
    ("a: !!int 1\n", "!!int"),
    ("a: !!binary aGVsbG8=\n", "!!binary"),
    ("a: !custom x\n", "!custom"),
    ("a: !!python/object:os.system x\n", "!!python/object:os.system"),
    ("a: !!set {x}\n", "!!set"),
])
def test_explicit_tags_are_refused(text, shown):
    assert errors(load(text)) == [(1, 4, "a", f"tag YAML '{shown}' non ammesso: scrivere il valore senza tag")]


def test_merge_key_is_refused():
    doc = load("a: {x: 1}\nb:\n  <<: {y: 1}\n  z: 2\n")
    assert errors(doc) == [(3, 3, "b", "la chiave di fusione '<<' non è ammessa: scrivere i campi per esteso")]
    assert not doc.complete


def test_a_quoted_merge_key_is_just_text():
    assert load("'<<': 1\n").data == {"<<": "1"}


def test_complex_key_is_refused():
    doc = load("? [a, b]\n: c\nd: e\n")
    assert errors(doc) == [(1, 3, "", "una chiave deve essere un testo semplice, non un elenco o una mappa")]
    assert doc.data == {"d": "e"}
    assert not doc.complete


def test_several_documents_are_refused():
    doc = load("a: 1\n---\nb: 2\n")
    assert errors(doc) == [(2, 1, "", "il file contiene più documenti YAML (separati da '---'): un file, un intervento")]
    assert doc.data is None


@pytest.mark.parametrize("text", ["---\na: 1\n", "a: 1\n...\n", "---\na: 1\n...\n", "%YAML 1.1\n---\na: 1\n"])
def test_one_document_with_markers_is_fine(text):
    doc = load(text)
    assert doc.problems == [] and doc.data == {"a": "1"}


def test_nesting_up_to_the_limit_is_fine_and_beyond_it_refused():
    at_limit = load("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n")
    assert at_limit.problems == []
    over = load("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n")
    assert errors(over) == [(1, 4 + MAX_DEPTH, "", f"annidamento troppo profondo (oltre {MAX_DEPTH} livelli)")]
    assert over.data is None


def test_deep_block_nesting_is_refused_too():
    text = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 2)) + "  " * (MAX_DEPTH + 2) + "x\n"
    doc = load(text)
    assert [p[3] for p in errors(doc)] == [f"annidamento troppo profondo (oltre {MAX_DEPTH} livelli)"]


def test_a_hundred_thousand_open_brackets_do_not_recurse():
    doc = load("a: " + "[" * 100_000 + "\n")
    assert len(errors(doc)) == 1


def test_size_limit_on_bytes_and_on_text():
    ok = load_bytes(b"a: " + b"x" * (MAX_BYTES - 4) + b"\n", "x.yaml")
    assert ok.problems == []
    big = load_bytes(b"a: " + b"x" * MAX_BYTES + b"\n", "x.yaml")
    assert errors(big) == [(1, 1, "", "file troppo grande (1.048.580 byte; il massimo è 1.048.576): "
                                     "un intervento non ha bisogno di tanto testo")]
    assert big.data is None
    assert errors(load("a: " + "x" * MAX_BYTES))[0][3].startswith("file troppo grande")


def test_a_file_is_read_whole_up_to_the_limit(tmp_path):
    path = tmp_path / "grande.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_BYTES - 4) + b"\n")
    doc = load_file(path, "grande.yaml")
    assert doc.problems == [] and doc.data == {"a": "x" * (MAX_BYTES - 4)}
    path.write_bytes(b"a: " + b"x" * MAX_BYTES + b"\n")
    assert errors(load_file(path, "grande.yaml"))[0][3].startswith("file troppo grande (1.048.580 byte")


def test_a_record_is_read_in_one_read_of_its_own_size(tmp_path, monkeypatch):
    # Asking os.read for the 1 MB limit allocated (and had the kernel map) 1 MB per record.
    path = tmp_path / "scheda.yaml"
    path.write_bytes(b"titolo: " + "città ".encode() * 500 + b"\n")
    asked = []
    real_read = os.read

    def read(fd, n):
        asked.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(os, "read", read)
    doc = load_file(path, "scheda.yaml")
    assert doc.problems == [] and doc.data["titolo"].startswith("città città")
    assert asked == [path.stat().st_size + 1]


def test_a_file_that_grew_after_fstat_is_read_to_its_end(tmp_path, monkeypatch):
    path = tmp_path / "scheda.yaml"
    path.write_bytes(b"a: 1\nb: " + b"x" * 5000 + b"\n")
    real_fstat = os.fstat

    def fstat_of_an_older_size(fd):  # as if an editor wrote more between fstat and read
        info = real_fstat(fd)
        return os.stat_result((*info[:6], 10, *info[7:]))

    monkeypatch.setattr(os, "fstat", fstat_of_an_older_size)
    doc = load_file(path, "scheda.yaml")
    assert doc.problems == [] and doc.data == {"a": "1", "b": "x" * 5000}


def test_a_huge_file_is_measured_not_read(tmp_path):
    path = tmp_path / "enorme.yaml"
    with path.open("wb") as handle:  # a sparse file: 4 GB that take no disk
        handle.seek(4 * 1024**3)
        handle.write(b"\n")
    doc = load_file(path, "enorme.yaml")
    assert errors(doc) == [(1, 1, "", "file troppo grande (4.294.967.297 byte; il massimo è 1.048.576): "
                                     "un intervento non ha bisogno di tanto testo")]


def test_tab_in_indentation_is_refused_with_its_line():
    doc = load("a: 1\nb:\n\tc: 2\n")
    assert errors(doc) == [(3, 1, "", "YAML non valido: tabulazione non ammessa: indentare con spazi")]


def test_tab_inside_a_value_is_kept():
    assert load("a: x\ty\n").data == {"a": "x\ty"}


# --- encodings and junk -------------------------------------------------------------

def test_utf8_bom_is_a_warning_and_the_data_is_read():
    doc = load_bytes(codecs.BOM_UTF8 + "a: città\n".encode(), "x.yaml")
    assert doc.data == {"a": "città"}
    assert [(p.line, p.column, p.is_error) for p in doc.problems] == [(1, 1, False)]
    assert "BOM" in doc.problems[0].message


@pytest.mark.parametrize("encoding, name", [
    ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32"),
])
def test_utf16_and_utf32_are_refused_with_their_name(encoding, name):
    doc = load_bytes("codice: MI3.3.1.e\ncitta: Milano\n".encode(encoding), "x.yaml")
    assert errors(doc) == [(1, 1, "", f"il file è in {name}: salvarlo in UTF-8")]
    assert doc.data is None and not doc.complete


def test_latin1_byte_is_refused_at_its_line_and_column():
    raw = "a: 1\nb: più e città\n".encode("utf-8").replace("città".encode(), "città".encode("latin-1"))
    doc = load_bytes(raw, "x.yaml")
    # column in characters: "b: più e citt" is 13 characters (14 bytes) long
    assert errors(doc) == [(2, 14, "", "byte 0xe0 non valido in UTF-8 (forse 'à' in Windows-1252/Latin-1): "
                                       "salvare il file in UTF-8")]


def test_byte_without_a_windows_1252_meaning_gets_no_guess():
    doc = load_bytes(b"a: \x81\n", "x.yaml")
    assert errors(doc) == [(1, 4, "", "byte 0x81 non valido in UTF-8: salvare il file in UTF-8")]


def test_nul_byte_is_refused_at_its_line():
    doc = load_bytes(b"a: 1\nb: x\x00y\n", "x.yaml")
    assert errors(doc) == [(2, 5, "", "il file contiene byte nulli: non è un file di testo YAML")]


@pytest.mark.parametrize("char, line, column", [("\x1b", 2, 6), ("\x7f", 2, 6), ("\x9b", 2, 6), ("\ufffe", 2, 6)])
def test_control_characters_are_refused_with_their_position(char, line, column):
    doc = load(f"a: 1\nb: xy{char}z\n")
    assert errors(doc) == [(line, column, "", f"carattere di controllo U+{ord(char):04X} non ammesso: "
                                              "il file sembra binario o danneggiato")]


@pytest.mark.parametrize("char, name", [("\x85", "a capo NEL"), ("\u2028", "separatore di riga"),
                                        ("\u2029", "separatore di paragrafo")])
def test_unicode_line_breaks_are_refused_so_line_numbers_stay_right(char, name):
    doc = load(f"a: 1\nb: uno{char}due\nc: 3\n")
    assert errors(doc) == [(2, 7, "", f"carattere U+{ord(char):04X} ({name}) non ammesso: "
                                      "sostituirlo con un a capo normale o con uno spazio")]


@pytest.mark.parametrize("text, line, column, message", [
    # libyaml notices these where the next line starts: the line to fix is named.
    ("asse: 3\nstato:In corso\nazione: 3.3.1\n", 2, 1, "manca lo spazio dopo ':' (scrivere 'stato: In corso')"),
    ("asse: 3\nstato:In corso\n", 2, 1, "manca lo spazio dopo ':' (scrivere 'stato: In corso')"),
    ("asse: 3\nstato = In corso\nazione: 3.3.1\n", 2, 1, "'=' al posto di ':' (scrivere 'stato: In corso')"),
    # A value glued to its key, with keys indented under it.
    ('fonti:\n  - titolo:"Delibera"\n    consultata_il: 22-11-2026\n', 2, 3,
     "manca lo spazio dopo ':' (scrivere 'titolo: \"Delibera\"')"),
    ("importi:x\n  programmato: 1\n", 1, 1, "manca lo spazio dopo ':' (scrivere 'importi: x')"),
    # A key without ':', or the rest of the value above: both are said.
    ("asse: 3\nstato: In corso\ncon ritardo\nazione: 3.3.1\n", 3, 1,
     "la riga non è nella forma 'chiave: valore': se 'con' è un campo, manca ':' dopo di esso; se la riga "
     "continua il testo della riga 2 ('stato'), va rientrata di due spazi più di quella"),
])
def test_a_line_that_is_not_key_and_value_is_named_with_its_fix(text, line, column, message):
    assert errors(load(text)) == [(line, column, "", f"YAML non valido: {message}")]


def test_a_value_continued_on_an_indented_line_is_fine():
    assert load("stato: In corso\n  con ritardo\nasse: 3\n").data == {"stato": "In corso con ritardo", "asse": "3"}


def test_a_lone_dash_as_a_value_is_told_apart_from_a_misplaced_list():
    # "programmato: -", as a table writes an amount it does not give.
    assert errors(load("importi:\n  programmato: -\n  erogato: 1\n")) == [(
        2, 16, "", "YAML non valido: un '-' da solo dopo 'programmato:' è letto come l'inizio di un elenco: "
                   "se il dato manca, togliere il campo; se è un testo, racchiuderlo tra virgolette")]
    assert errors(load("importi:\n  programmato: - 1\n")) == [(
        2, 16, "", "YAML non valido: '- ' non ammesso qui: un elenco va su righe proprie, "
                   "indentate sotto la sua chiave")]


ODD_SPACE_ADVICE = ("YAML non lo legge come uno spazio; sostituirlo con uno spazio normale "
                    "(arriva copiando da una pagina web o da un PDF)")


@pytest.mark.parametrize("text, line, column, where", [
    # After a key's ':' the whole line became a value, and libyaml failed a line below.
    ("titolo: x\nstato:\u00a0In corso\nasse: 3\n", 2, 7, "spazio non separabile (U+00A0) dopo 'stato:'"),
    # In a nested mapping the line became its text ("importi: non il testo 'programmato: ...'").
    ("importi:\n  programmato:\u00a01€\n", 2, 15, "spazio non separabile (U+00A0) dopo 'programmato:'"),
    # Before a block: the block's lines ran on as the text of a plain value.
    ("descrizione:\u202f>-\n  testo\n  altro\nasse: 3\n", 1, 13,
     "spazio stretto non separabile (U+202F) dopo 'descrizione:'"),
    # In the indentation the key became "\u00a0\u00a0programmato".
    ("importi:\n\u00a0\u00a0programmato: 1€\n", 2, 1, "spazio non separabile (U+00A0) nel rientro della riga"),
    ("fonti:\n  -\u00a0titolo: x\n", 2, 4, "spazio non separabile (U+00A0) dopo il '-' dell'elenco"),
    ("fonti:\n  - titolo:\u2009x\n", 2, 12, "spazio tipografico (U+2009) dopo 'titolo:'"),
    # The last line, after a block whose end libyaml marks on it.
    ("note: >-\n  testo\naggiornato_il:\u00a022-11-2026\n", 3, 15,
     "spazio non separabile (U+00A0) dopo 'aggiornato_il:'"),
])
def test_a_look_alike_space_in_the_structure_is_named_where_it_is(text, line, column, where):
    doc = load(text)
    assert errors(doc) == [(line, column, "", f"YAML non valido: {where}: {ODD_SPACE_ADVICE}")]
    assert doc.data is None


@pytest.mark.parametrize("text, value", [
    ("stato: In\u00a0corso\n", "In\u00a0corso"),                                    # inside a value
    ("d: >-\n  testo\n  Nota:\u00a0vedi sopra\n", "testo Nota:\u00a0vedi sopra"),   # a block's text
    ("d: >-\n  Nota:\u00a0prima riga\n", "Nota:\u00a0prima riga"),
    ('d: "uno\n  Nota:\u00a0due"\n', "uno Nota:\u00a0due"),                       # quoted over two lines
])
def test_a_look_alike_space_in_text_is_text(text, value):
    doc = load(text)
    assert errors(doc) == [] and list(doc.data.values()) == [value]


@pytest.mark.parametrize("raw", [b"", b"\n\n", b"   ", b"# solo un commento\n", b"---\n", b"---\n...\n"])
def test_empty_file_gives_no_data_and_no_problem(raw):
    doc = load_bytes(raw, "x.yaml")
    assert doc.data is None and doc.problems == []


def test_top_level_list_and_scalar_are_returned_as_such():
    assert load("- a\n- b\n").data == ["a", "b"]
    assert load("solo testo\n").data == "solo testo"


@pytest.mark.parametrize("raw", [
    bytes(range(256)),
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"\xff\xd8\xff\xe0\x00\x10JFIF",
    b"PK\x03\x04\x14\x00\x06\x00",
    os.urandom(0) + bytes([0xC3]) * 50,
])
def test_binary_junk_is_refused_without_raising(raw):
    doc = load_bytes(raw, "x.yaml")
    assert doc.data is None
    assert errors(doc)


# --- syntax errors in Italian -----------------------------------------------------------

BROKEN_SYNTAX = [
    ("titolo: Asse 3: servizi\n", 1, 15, "va racchiuso tra virgolette"),
    # A key indented under a key that has a value: one of the two lines is wrong.
    ("a: 1\n b: 2\n", 2, 3, "la riga 2 è rientrata più della riga 1, che ha già un valore: allineare"),
    ("importi:\nprogrammato: 1,00\n\n  erogato: 2,00\n", 4, 10, "la riga 4 è rientrata più della riga 2"),
    ("titolo: Un progetto\n  di quartiere: fase 2\n", 2, 15, "va racchiuso tra virgolette"),  # text, not a key
    # A list item that lost its '- ': the first of the list, then one after another.
    ("fonti:\n    titolo: A\n    url: https://a.it/\n  - titolo: B\n", 4, 3,
     "alla riga 2 manca '- ': se 'titolo' inizia un nuovo elemento dell'elenco, scrivere '- titolo:' allineato"),
    ("fonti:\n  - titolo: A\n    url: https://a.it/\n  titolo: B\n", 4, 3, "alla riga 4 manca '- '"),
    ("fonti:\n    titolo: A\n  - url: B\n", 3, 3, "'- ' non ammesso qui"),  # not the same keys: no guess
    ("a: \"aperte\n", 1, 4, "virgolette aperte e mai chiuse"),
    ("a: 'aperte\nb: 2\n", 1, 4, "virgolette aperte e mai chiuse"),
    ("a: [1, 2\nb: 3\n", 2, 2, "elenco tra [ ] non chiuso correttamente"),
    ("a: {x: 1\nb: 2\n", 2, 2, "mappa tra { } non chiusa correttamente"),
    ("a:\n  - x\n  y: 1\n", 3, 3, "indentazione non coerente"),
    ("a: @x\n", 1, 4, "carattere non ammesso all'inizio di un valore"),
    ("a: `x\n", 1, 4, "carattere non ammesso all'inizio di un valore"),
    ("a: \"\\q\"\n", 1, 5, "sequenza di escape non valida"),
    ("a: 'x' y\n", 1, 8, "testo inatteso dopo il valore"),
    ("a: 1\n- b\n", 2, 1, "'- ' non ammesso qui"),
    ("a: |0\n  x\n", 1, 5, "indicatore di indentazione non valido"),
    ("a: &\n", 1, 5, "&"),
    ("a: !<x\n", 1, 7, "tag YAML non ammesso"),
    ("%FOO bar\n---\na: 1\n", 1, 5, "direttiva"),
    ("%YAML 2.0\n---\na: 1\n", 1, 1, "versione YAML non supportata"),
]


@pytest.mark.parametrize("text, line, column, fragment", BROKEN_SYNTAX)
def test_syntax_errors_are_told_in_italian_at_their_place(text, line, column, fragment):
    doc = load(text)
    [(got_line, got_column, field, message)] = errors(doc)
    assert message.startswith("YAML non valido: ") or "direttiva" in message
    assert fragment in message
    assert (got_line, got_column) == (line, column)
    assert doc.data is None and not doc.complete


def test_an_unclosed_bracket_says_where_it_was_opened():
    # libyaml notices it only where the next line starts, or past the end of the file.
    [(line, column, _, message)] = errors(load("a: 1\ntitolo: [aperta\n"))
    assert (line, column) == (3, 1)
    assert message == "YAML non valido: elenco tra [ ] non chiuso correttamente (parentesi aperta alla riga 2, colonna 9)"
    [(_, _, _, message)] = errors(load("a: {x: 1\nb: 2\n"))
    assert message.endswith("(parentesi aperta alla riga 1, colonna 4)")


def test_a_missing_closing_quote_says_where_the_value_opened():
    # The value runs on to the next quote in the file; libyaml reports the text after it.
    text = 'codice: X\ntitolo: "senza chiusura\nnote:\n  - testo con "virgolette" dentro\n'
    [(line, column, _, message)] = errors(load(text))
    assert (line, column) == (4, 16)
    assert message == ("YAML non valido: testo inatteso dopo un valore tra virgolette, aperte alla riga 2, "
                       "colonna 9, e chiuse solo qui: manca la virgoletta di chiusura?")
    # On one line it is the other slip, text after a closed value.
    [(_, _, _, message)] = errors(load("a: 'x' y\n"))
    assert message == "YAML non valido: testo inatteso dopo il valore: racchiudere l'intero valore tra virgolette"


def test_a_quote_inside_a_quoted_value_is_told_as_such():
    # Italian text is full of apostrophes: inside single quotes one closes the value.
    [(line, column, _, message)] = errors(load("titolo: 'L'intervento in corso'\n"))
    assert (line, column) == (1, 12)
    assert message == ("YAML non valido: un apostrofo dentro un valore tra apici singoli lo chiude: scriverlo "
                       "due volte ('L''intervento') o racchiudere il valore tra virgolette doppie")
    [(_, _, _, message)] = errors(load('titolo: "Il progetto "Bella" di Bari"\n'))
    assert message == ("YAML non valido: una virgoletta dentro un valore tra virgolette lo chiude: usare le "
                       "virgolette basse « » nel testo, o racchiudere il valore tra apici singoli")
    # What the messages advise reads as meant.
    assert load("titolo: 'L''intervento in corso'\n").data == {"titolo": "L'intervento in corso"}
    assert load("titolo: 'Il progetto \"Bella\" di Bari'\n").data == {"titolo": 'Il progetto "Bella" di Bari'}


ENGLISH = re.compile(r"\b(found|expected|while|could not|allowed|scanning|parsing|character)\b")


def test_every_known_parser_message_has_an_italian_translation():
    for english, italian in strict_yaml._TRANSLATIONS:
        assert not ENGLISH.search(italian), italian


def test_an_unknown_parser_message_still_gets_an_italian_sentence():
    class Fake(strict_yaml.yaml.MarkedYAMLError):
        pass

    message = strict_yaml._translate_yaml_error(Fake(problem="something brand new"), "a: 1\n", None)
    assert message.startswith("YAML non valido: ") and not ENGLISH.search(message)


# --- files -------------------------------------------------------------------------

def test_missing_file_and_folder_and_fifo_are_problems_not_exceptions(tmp_path):
    missing = load_file(tmp_path / "no.yaml", "no.yaml")
    assert not missing.complete and missing.data is None
    assert errors(missing) == [(1, 1, "", "impossibile leggere il file: il file non esiste "
                                          "(o è un collegamento a un file che non esiste)")]
    folder = tmp_path / "cartella.yaml"
    folder.mkdir()
    assert errors(load_file(folder, "cartella.yaml"))[0][3].startswith("non è un file normale")
    fifo = tmp_path / "tubo.yaml"
    os.mkfifo(fifo)  # reading it would block for ever
    assert errors(load_file(fifo, "tubo.yaml"))[0][3].startswith("non è un file normale")
    socket_path = tmp_path / "presa.yaml"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(socket_path))  # a socket cannot even be opened
        assert errors(load_file(socket_path, "presa.yaml"))[0][3].startswith("non è un file normale")


def test_a_symlink_is_not_followed_whether_or_not_it_leads_somewhere(tmp_path):
    (tmp_path / "there.yaml").write_text("a: b\n", encoding="utf-8")
    for target in ("gone.yaml", "there.yaml"):
        link = tmp_path / f"link-{target}"
        link.symlink_to(tmp_path / target)
        doc = load_file(link, "link.yaml")
        assert doc.data is None and "collegamento simbolico, che non viene seguito" in errors(doc)[0][3]


def test_load_file_reads_what_load_text_reads(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(POSITIONS, encoding="utf-8")
    from_file = load_file(path, "a.yaml")
    from_text = load(POSITIONS)
    assert from_file.data == from_text.data
    assert from_file.value_at == from_text.value_at
    assert from_file.path == "a.yaml"


# --- a comment one space after a plain value ---------------------------------------

def test_a_comment_one_space_after_a_value_is_told_since_it_cuts_the_value():
    text = ("titolo: Lotto #2 del progetto\n"
            "azioni:\n"
            "  - Prima fase #uno\n"
            "cup: n.d.  # da cercare\n"
            "nota: \"Via Roma #3\"\n"
            "descrizione: |\n"
            "  Il civico #3 di via Roma\n"
            "# un commento #1 su una riga sua\n")
    doc = load_text(text, "x.yaml")
    assert doc.data == {"titolo": "Lotto", "azioni": ["Prima fase"], "cup": "n.d.", "nota": "Via Roma #3",
                        "descrizione": "Il civico #3 di via Roma\n"}
    found = [(p.line, p.column, p.field, p.severity.name, p.message) for p in doc.problems]
    assert found == [
        (1, 15, "titolo", "WARNING",
         "il valore si ferma a 'Lotto': '#2 del progetto' è letto come commento YAML e non ne fa parte. "
         "Se è parte del testo, racchiudere il valore tra virgolette; se è un commento, mettere due spazi "
         "prima di '#'"),
        (3, 16, "azioni[0]", "WARNING",
         "il valore si ferma a 'Prima fase': '#uno' è letto come commento YAML e non ne fa parte. "
         "Se è parte del testo, racchiudere il valore tra virgolette; se è un commento, mettere due spazi "
         "prima di '#'"),
    ]


def test_two_spaces_before_a_comment_or_quotes_around_the_hash_give_no_warning():
    text = "titolo: \"Lotto #2\"\ncup: n.d.  # da cercare\nnote: 'a #b'\n"
    assert load_text(text, "x.yaml").problems == []
