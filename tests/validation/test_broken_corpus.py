"""The corpus of broken records in tests/validation/broken/: one break per file.

Each file is copied into a fresh copy of the valid base dataset (in place of a
base file, or next to them) and validated twice: in-process, where the exact set
of problems is compared with the table below (file, line, column, field, a
fragment of the Italian message), and through `python -m ponmetro validate` as
a subprocess, whose output must carry the same lines, a count and exit status 1
(0 when the break is only worth a warning), and never a traceback.

The table is the manifest of the corpus: a file in broken/ without an entry
fails `test_every_broken_file_has_an_entry`.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ponmetro.strict_yaml import MAX_BYTES

from .support import BROKEN, copy_base, new_problems, run_ponmetro, validate, where

TO7 = "interventi/to7-1-1-b.yaml"
REC = "data/interventi/to7-1-1-b.yaml"


@dataclass(frozen=True)
class Expect:
    path: str
    line: int
    column: int
    field: str
    fragment: str
    warning: bool = False


@dataclass(frozen=True)
class Case:
    file: str
    expected: tuple[Expect, ...]
    install_as: str = TO7          # where in data/ the broken file goes
    replaces: str | None = TO7     # the base file it takes the place of (None: added)
    generated: bool = False        # made by the test (too big to keep in git)
    extra: dict = field(default_factory=dict)


def err(line, column, field, fragment, path=REC):
    return Expect(path, line, column, field, fragment)


def warn(line, column, field, fragment, path=REC):
    return Expect(path, line, column, field, fragment, warning=True)


CASES = [
    # --- the strict loader ----------------------------------------------------------
    Case("duplicate-key.yaml", (err(5, 1, "citta", "chiave duplicata (già scritta alla riga 4)"),)),
    Case("duplicate-key-nested.yaml", (err(17, 3, "importi.erogato", "chiave duplicata (già scritta alla riga 16)"),)),
    Case("anchor.yaml", (err(3, 9, "titolo", "ancora YAML '&titolo' non ammessa"),)),
    Case("alias.yaml", (err(7, 21, "soggetto_attuatore", "alias YAML '*comune' non ammesso"),)),
    Case("alias-bomb.yaml", (
        err(22, 5, "note[0]", "ancora YAML '&a' non ammessa"),
        err(23, 5, "note[1]", "ancora YAML '&b' non ammessa"),
        *(err(23, 9 + 4 * i, f"note[1][{i}]", "alias YAML '*a' non ammesso") for i in range(9)),
        err(24, 5, "note[2]", "ancora YAML '&c' non ammessa"),
        *(err(24, 9 + 4 * i, f"note[2][{i}]", "alias YAML '*b' non ammesso") for i in range(9)),
    )),
    Case("explicit-tag.yaml", (err(5, 7, "asse", "tag YAML '!!int' non ammesso"),)),
    Case("merge-key.yaml", (err(13, 3, "importi", "chiave di fusione '<<' non è ammessa"),)),
    Case("complex-key.yaml", (err(12, 3, "", "una chiave deve essere un testo semplice"),)),
    Case("multiple-documents.yaml", (err(21, 1, "", "più documenti YAML"),)),
    Case("too-deep.yaml", (err(22, 24, "", "annidamento troppo profondo (oltre 20 livelli)"),)),
    Case("too-big.yaml", (err(1, 1, "", "file troppo grande"),), generated=True),
    Case("tab-indentation.yaml", (err(14, 1, "", "tabulazione non ammessa: indentare con spazi"),)),
    Case("unquoted-colon.yaml", (err(3, 15, "", "va racchiuso tra virgolette"),)),
    Case("unclosed-quote.yaml", (err(19, 20, "", "virgolette aperte e mai chiuse"),)),
    Case("line-separator.yaml", (err(9, 23, "", "U+2028 (separatore di riga) non ammesso"),)),
    Case("control-character.yaml", (err(3, 15, "", "carattere di controllo U+001B non ammesso"),)),
    Case("windows-1252.yaml", (err(7, 25, "", "byte 0xe0 non valido in UTF-8 (forse 'à' in Windows-1252"),)),
    Case("utf16.yaml", (err(1, 1, "", "il file è in UTF-16: salvarlo in UTF-8"),)),
    Case("bom.yaml", (warn(1, 1, "", "BOM UTF-8 (ignorato)"),)),
    Case("binary-junk.yaml", (err(3, 1, "", "byte nulli"),)),
    Case("empty.yaml", (err(1, 1, "", "file vuoto"),)),
    Case("comments-only.yaml", (err(1, 1, "", "file vuoto"),)),
    Case("top-level-list.yaml", (err(2, 1, "", "una mappa di campi (chiave: valore), non un elenco"),)),
    Case("top-level-scalar.yaml", (err(2, 1, "", "una mappa di campi (chiave: valore), non un testo"),)),
    # --- the model ------------------------------------------------------------------
    Case("unknown-key.yaml", (
        err(7, 1, "sogetto_attuatore", "campo sconosciuto 'sogetto_attuatore': forse 'soggetto_attuatore'?"),
    )),
    Case("unknown-key-nested.yaml", (
        err(16, 3, "importi.erogat", "campo sconosciuto 'erogat': forse 'erogato'?"),
    )),
    Case("missing-required.yaml", (err(2, 1, "aggiornato_il", "campo obbligatorio mancante"),)),
    Case("wrong-type-list.yaml", (err(5, 7, "asse", "deve essere un numero di asse, non un elenco"),)),
    Case("wrong-type-text.yaml", (err(17, 8, "fonti", "deve essere un elenco"),)),
    Case("wrong-type-mapping.yaml", (err(12, 10, "importi", "deve essere una mappa di campi"),)),
    Case("empty-required.yaml", (err(4, 7, "citta", "valore vuoto: scrivere un valore o togliere il campo"),)),
    Case("multiline-title.yaml", (err(3, 9, "titolo", "il testo deve stare su una riga"),)),
    Case("amount-malformed.yaml", (err(16, 12, "importi.erogato", "importo '€ 218,177.38' non leggibile"),)),
    Case("amount-ambiguous.yaml", (err(13, 16, "importi.programmato", "importo '1.200' ambiguo: scrivere 1.200,00"),)),
    Case("amount-negative.yaml", (err(16, 12, "importi.erogato", "importo negativo"),)),
    Case("date-year-0021.yaml", (
        err(10, 14, "data_inizio", "anno 0021 fuori dal periodo del programma (2014-2030): forse 30-09-2021?"),
    )),
    Case("date-impossible.yaml", (err(11, 12, "data_fine", "giorno 31 inesistente in '31-06-2023'"),)),
    Case("date-month-only.yaml", (err(20, 16, "aggiornato_il", "'11.2026' indica solo il mese: qui serve il giorno"),)),
    Case("date-bad-month-name.yaml", (err(11, 12, "data_fine", "'Giuigno' non è un mese: forse 'Giugno 2023'?"),)),
    Case("code-malformed.yaml", (err(2, 9, "codice", "codice 'TO7.1.1.B' non valido: forse 'TO7.1.1.b'?"),)),
    Case("cup-malformed.yaml", (err(8, 6, "cup", "CUP 'C19J2103743000' non valido"),)),
    Case("unknown-city.yaml", (err(4, 8, "citta", "città 'Tornio' sconosciuta: forse 'Torino'?"),)),
    Case("axis-out-of-range.yaml", (err(5, 7, "asse", "asse '9' inesistente"),)),
    Case("url-malformed.yaml", (err(20, 10, "fonti[0].url", "deve iniziare con https://"),)),
    # --- checks within a record and across records ------------------------------------
    Case("code-city-mismatch.yaml", (
        err(4, 8, "citta", "il codice TO7.1.1.b è di Torino (TO), ma la città indicata è Milano"),
    )),
    Case("code-axis-mismatch.yaml", (
        err(5, 7, "asse", "il codice TO7.1.1.b è dell'asse 7, ma l'asse indicato è 3"),
        err(6, 9, "azione", "l'azione 7.1.1 non appartiene all'asse 3"),
    )),
    Case("code-action-mismatch.yaml", (
        err(6, 9, "azione", "il codice TO7.1.1.b è dell'azione 7.1.1, ma l'azione indicata è 7.2.1"),
    )),
    Case("code-unknown-prefix.yaml", (
        err(2, 9, "codice", "la sigla 'ZZ' del codice non è di nessuna città", path="data/interventi/zz7-1-1-b.yaml"),
    ), install_as="interventi/zz7-1-1-b.yaml"),
    Case("duplicate-code.yaml", (
        err(2, 9, "codice", "codice TO7.1.1.b usato anche in data/interventi/to7-1-1-b.yaml:2",
            path="data/interventi/duplicate-code.yaml"),
        err(2, 9, "codice", "il file deve chiamarsi to7-1-1-b.yaml", path="data/interventi/duplicate-code.yaml"),
        err(2, 9, "codice", "codice TO7.1.1.b usato anche in data/interventi/duplicate-code.yaml:2"),
        warn(8, 6, "cup", "CUP C19J21037430006 anche in data/interventi/to7-1-1-b.yaml:8",
             path="data/interventi/duplicate-code.yaml"),
        warn(8, 6, "cup", "CUP C19J21037430006 anche in data/interventi/duplicate-code.yaml:8"),
    ), install_as="interventi/duplicate-code.yaml", replaces=None),
    Case("file-name-mismatch.yaml", (
        err(2, 9, "codice", "il file deve chiamarsi to7-1-1-b.yaml (come l'indirizzo della scheda), "
            "non file-name-mismatch.yaml", path="data/interventi/file-name-mismatch.yaml"),
    ), install_as="interventi/file-name-mismatch.yaml"),
    Case("end-before-start.yaml", (err(11, 12, "data_fine", "la data di fine (2020-06-30) precede la data di inizio"),)),
    Case("slug-with-code.yaml", (err(3, 7, "slug", "slug non ammesso quando c'è il codice"),)),
    Case("no-code-no-slug.yaml", (err(2, 1, "slug", "un intervento senza codice ha bisogno di uno slug fisso"),)),
    Case("slug-like-code.yaml", (
        err(2, 7, "slug", "lo slug 'to7-1-1-c' ha la forma dell'indirizzo di un codice",
            path="data/interventi/to7-1-1-c.yaml"),
    ), install_as="interventi/to7-1-1-c.yaml"),
    Case("declared-total-mismatch.yaml", (
        err(9, 14, "totali[0].importo",
            "è 9.730.384,57 €, ma la fonte dichiara 9.830.384,00 € (differenza 99.999,43 €)",
            path="data/totali-dichiarati.yaml"),
    ), install_as="interventi/bologna-poverta-abitativa.yaml", replaces="interventi/bologna-poverta-abitativa.yaml"),
    Case("citta-duplicate-prefix.yaml", (
        err(14, 13, "citta[3].sigla", "'MI' ripetuto: ogni voce una volta sola", path="data/citta.yaml"),
        # Bologna lost its prefix BO, so the code BO3.3.1.a names no city any more.
        err(2, 9, "codice", "la sigla 'BO' del codice non è di nessuna città", path="data/interventi/bo3-3-1-a.yaml"),
    ), install_as="citta.yaml", replaces="citta.yaml"),
    Case("assi-unknown-key.yaml", (
        err(12, 5, "assi[0].dotazione_milioni", "campo obbligatorio mancante", path="data/assi.yaml"),
        err(14, 5, "assi[0].dotazione", "campo sconosciuto 'dotazione': forse 'dotazione_milioni'?", path="data/assi.yaml"),
    ), install_as="assi.yaml", replaces="assi.yaml"),
    # --- worth a warning, not an error --------------------------------------------------
    Case("warning-erogato-above-ammesso.yaml", (
        warn(16, 12, "importi.erogato",
             "l'erogato (1.200.000,00 €) supera l'ammesso a finanziamento (1.190.893,72 €)"),
    )),
    Case("warning-end-passed-nothing-paid.yaml", (
        warn(11, 12, "data_fine",
             "la data di fine (30/06/2023) è passata all'ultimo aggiornamento (22/11/2026) ma l'erogato è zero"),
    )),
    Case("warning-missing-cup.yaml", (warn(8, 6, "cup", "CUP non disponibile"),)),
]

IDS = [case.file for case in CASES]


def install(case: Case, root: Path) -> Path:
    data = copy_base(root)
    if case.replaces:
        (data / case.replaces).unlink()
    target = data / case.install_as
    if case.generated:
        make_too_big(target)
    else:
        shutil.copyfile(BROKEN / case.file, target)
    return data


def make_too_big(target: Path) -> None:
    """A well-formed record padded with a comment past the size limit."""
    record = (BROKEN.parent / "base" / TO7).read_bytes()
    target.write_bytes(record + b"# " + b"x" * MAX_BYTES + b"\n")


def test_the_corpus_has_at_least_30_broken_files():
    assert len([p for p in BROKEN.iterdir() if p.suffix == ".yaml"]) >= 30


def test_every_broken_file_has_an_entry():
    listed = {case.file for case in CASES if not case.generated}
    on_disk = {p.name for p in BROKEN.iterdir()}
    assert on_disk == listed


def test_every_broken_file_says_what_is_broken_in_its_first_line():
    for path in BROKEN.iterdir():
        first = path.read_bytes().split(b"\n", 1)[0]
        if path.stat().st_size and path.name not in {"utf16.yaml", "binary-junk.yaml"}:
            assert first.lstrip(b"\xef\xbb\xbf").startswith(b"# Broken"), path.name


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_reports_exactly_the_expected_problems(case, tmp_path):
    report = validate(install(case, tmp_path))
    found = new_problems(report)
    assert sorted(where(p) + (not p.is_error,) for p in found) == sorted(
        (e.path, e.line, e.column, e.field, e.warning) for e in case.expected
    ), "\n".join(p.format() for p in found)
    for expected in case.expected:
        messages = [p.message for p in found if where(p) == (expected.path, expected.line, expected.column, expected.field)]
        assert any(expected.fragment in m for m in messages), (expected, messages)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_command_line_reports_it_without_traceback(case, tmp_path):
    install(case, tmp_path)
    result = run_ponmetro("validate", "--data", "data", cwd=tmp_path)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    for expected in case.expected:
        prefix = f"{expected.path}:{expected.line}:{expected.column}: "
        prefix += "avviso: " if expected.warning else ""
        prefix += f"{expected.field}: " if expected.field else ""
        assert any(line.startswith(prefix) and expected.fragment in line for line in lines), (prefix, lines)
    errors = sum(not e.warning for e in case.expected)
    assert lines[-1].startswith(f"{errors} {'errore' if errors == 1 else 'errori'}, ")
    assert result.returncode == (1 if errors else 0)


def test_every_broken_file_at_once_is_reported_in_one_run(tmp_path):
    """All record breaks together, each under its own name: one run lists them all."""
    data = copy_base(tmp_path)
    for case in CASES:
        if case.install_as.startswith("interventi/") and not case.generated:
            shutil.copyfile(BROKEN / case.file, data / "interventi" / case.file)
    result = run_ponmetro("validate", "--data", "data", cwd=tmp_path)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    reported = {line.split(":", 1)[0] for line in result.stdout.splitlines()[:-1]}
    for case in CASES:
        if case.install_as.startswith("interventi/") and not case.generated:
            assert f"data/interventi/{case.file}" in reported, case.file
