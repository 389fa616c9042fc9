"""The seed texts imported and compared, field by field, with the shipped records.

Each test runs the command line on a real seed, reads the draft it wrote back
through the core (the same loader and model as `ponmetro validate`), and compares
every field of the model with the record in data/interventi/. Where the shipped
record deliberately differs from what the source says, the difference is stated
here, with what each side holds; every other field must be equal.
"""

from __future__ import annotations

import re

import markdown
import pytest

from ponmetro.model import Intervento

from .conftest import DATA, SEEDS, TODAY, load_draft, run_importer

PAGE_MI = SEEDS / "002_97cf3cd773ef0d37.txt"
PAGE_TO = SEEDS / "003_00bc5e87d70292e5.txt"
SHEET_BO = SEEDS / "000_214749169c110a68.txt"


def _rendered(text: str | None) -> str | None:
    """The HTML a description renders to, whitespace collapsed: wrapping does not count."""
    return None if text is None else " ".join(markdown.markdown(text).split())


def compare_fields(draft: Intervento, shipped: Intervento, expected: dict) -> None:
    """Every field equal, except those in `expected`, whose check states the difference."""
    for name in Intervento.model_fields:
        mine, theirs = getattr(draft, name), getattr(shipped, name)
        if name in expected:
            assert mine != theirs, f"{name}: expected a difference, but draft and record agree"
            expected[name](mine, theirs)
        elif name == "descrizione":
            assert _rendered(mine) == _rendered(theirs), name
        else:
            assert mine == theirs, f"{name}: draft {mine!r} != shipped {theirs!r}"


def import_one(kind: str, source, tmp_path, reference, slug: str):
    result = run_importer(kind, source, "--bozze", tmp_path / "bozze", "--data", DATA, "--oggi", TODAY)
    draft = load_draft(tmp_path / "bozze" / f"{slug}.yaml", reference)
    shipped = load_draft(DATA / "interventi" / f"{slug}.yaml", reference)
    return result, draft, shipped


def differing_fields(output: str) -> set[str]:
    """Top-level fields listed under "campi diversi" in the command's output."""
    return {re.split(r"[.\[:]", line.strip(), maxsplit=1)[0] for line in output.splitlines() if line.startswith("  ")}


def test_programme_page_without_title_gives_mi3_3_1_e(tmp_path, reference):
    result, draft, shipped = import_one("pagina", PAGE_MI, tmp_path, reference, "mi3-3-1-e")
    assert result.status == 0, result.output

    # 002 has no title line, so neither the draft nor the record has a title.
    assert draft.titolo is None and shipped.titolo is None

    def fonti(mine, theirs):
        # The maintainer added which parts of the page were used.
        assert len(mine) == len(theirs) == 1
        assert mine[0].titolo == "Sito del programma PON Metro, pagina del progetto MI3.3.1.e"
        assert theirs[0].titolo == mine[0].titolo + " (Descrizione dell'intervento e Avanzamento finanziario)"
        assert mine[0].consultata_il == theirs[0].consultata_il and mine[0].url is theirs[0].url is None

    def note(mine, theirs):
        # Hand-written notes; the draft's notes state the same two facts.
        text = " ".join(mine)
        assert "ripete due volte" in text and "«Le ricadute previste sono" in text
        assert "Città, Ambito e Azione" in text and "(MI, Milano)" in text and "(3.3.1)" in text
        assert any("ripete due volte" in n for n in theirs)

    compare_fields(draft, shipped, {"fonti": fonti, "note": note})
    out = result.output
    assert "città Milano ricavata dalla sigla MI del codice" in out
    assert "le righe 12-20 ripetono le righe 3-11: tenute una volta sola" in out
    assert differing_fields(out) == {"fonti", "note"}


def test_programme_page_with_ocr_slips_gives_to7_1_1_b(tmp_path, reference):
    result, draft, shipped = import_one("pagina", PAGE_TO, tmp_path, reference, "to7-1-1-b")
    assert result.status == 0, result.output

    def note(mine, theirs):
        text = " ".join(mine)
        assert "«30-09-0021»" in text and "30-09-2021" in text
        assert "non indica lo stato" in text and "lascia vuoto il campo Ambito" in text
        # Every slip the maintainer corrected by hand is corrected (and listed) by the importer.
        for slip in ("fragility", "I'attivazione", "I'inclusione", "I'ottimizzazione",
                     "I'interdisciplinarietà", "I'esigenza", "innovative", "opportunity", "alia", "Io"):
            quoted = re.compile(rf"«[^»]*(?<!\w){re.escape(slip)}(?!\w)[^»]*»")
            assert quoted.search(text), slip
            assert any(quoted.search(n) for n in theirs), slip

    compare_fields(draft, shipped, {"note": note})
    out = result.output
    assert "data «30-09-0021» letta come «30-09-2021»" in out
    assert "«I'attivazione» corretto in «l'attivazione»" in out
    assert "«fragility» corretto in «fragilità»" in out
    assert differing_fields(out) == {"note"}


def test_descriptive_sheet_gives_bo3_3_1_a(tmp_path, reference):
    result, draft, shipped = import_one("scheda", SHEET_BO, tmp_path, reference, "bo3-3-1-a")
    assert result.status == 0, result.output

    def descrizione(mine, theirs):
        # The sheet (000) has no description; the record takes it from the Asse 3 page (001).
        assert mine is None
        assert theirs.startswith("Il progetto intende promuovere inclusione e coesione sociale")
        assert "Il progetto intende promuovere" in (SEEDS / "001_fb026fac2d3ab1fb.txt").read_text()

    def fonti(mine, theirs):
        # One source for the draft; the record cites the sheet and the Asse 3 page.
        assert len(mine) == 1 and len(theirs) == 2
        common = "Format scheda descrittiva dell'intervento BO3.3.1.a «Attività culturali, di animazione territoriale e collaborazione civica"
        assert mine[0].titolo.startswith(common) and theirs[0].titolo.startswith(common)
        assert "pagina dell'Asse 3" in theirs[1].titolo

    def note(mine, theirs):
        text = " ".join(mine)
        assert "«Importo impegnato in totale»" in text and "importo programmato" in text
        assert "annotazioni di revisione di Word" in text and "codice HTML" in text
        # The record also explains the end-date conflict with 001, which 000 alone cannot know.
        assert any("Dicembre 2022" in n and "12.2021" in n for n in theirs)

    compare_fields(draft, shipped, {"descrizione": descrizione, "fonti": fonti, "note": note})
    out = result.output
    assert "tolte 5 annotazioni di revisione di Word" in out
    assert "tolto codice HTML dal testo: «<ul style=\"list-style-type: none\">»" in out
    assert "città Bologna ricavata dalla sigla BO del codice" in out
    assert differing_fields(out) == {"descrizione", "fonti", "note"}


@pytest.mark.parametrize("kind, source", [("pagina", PAGE_MI), ("pagina", PAGE_TO), ("scheda", SHEET_BO)])
def test_seed_drafts_keep_every_value_as_text(kind, source, tmp_path):
    """Read by a plain YAML 1.1 reader, the drafts hold only strings: nothing was misread."""
    import yaml

    run_importer(kind, source, "--bozze", tmp_path, "--data", DATA, "--oggi", TODAY)
    (path,) = tmp_path.glob("*.yaml")

    def leaves(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from leaves(item)
        elif isinstance(value, list):
            for item in value:
                yield from leaves(item)
        else:
            yield value

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert all(isinstance(v, str) for v in leaves(data))
    assert data["aggiornato_il"] == "22-11-2026"
    assert data["fonti"][0]["consultata_il"] == "22-11-2026"


@pytest.mark.parametrize("kind, source, slug", [
    ("pagina", PAGE_MI, "mi3-3-1-e"), ("pagina", PAGE_TO, "to7-1-1-b"), ("scheda", SHEET_BO, "bo3-3-1-a"),
])
def test_draft_moved_into_data_passes_the_validator(kind, source, slug, tmp_path, data_copy, capsys):
    """The maintainer's last step: the draft replaces the record and `ponmetro validate` passes."""
    from ponmetro.cli import validate

    run_importer(kind, source, "--bozze", tmp_path / "bozze", "--data", data_copy, "--oggi", TODAY)
    (tmp_path / "bozze" / f"{slug}.yaml").replace(data_copy / "interventi" / f"{slug}.yaml")
    assert validate(data_copy) == 0, capsys.readouterr().out
    assert "0 errori" in capsys.readouterr().out
