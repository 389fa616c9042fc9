"""Hostile data at build time, in a second attack dataset built in tmp_path (a copy
of tests/site/fixture_data plus one attack record at a time):

- a 1 MB description, and a record file over 1 MiB: the build refuses with a
  `path:line:column: field: message` line and writes nothing;
- right-to-left override characters (U+202E) in a title: the loader should
  refuse bidirectional controls (see BIDI_CONTROLS below);
- `</script>` in the charts' JSON: `json_for_script` escapes it (the browser
  side is in test_attacks.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ponmetro.charts import json_for_script
from ponmetro.dataset import load_dataset

from .support import REPO, copy_fixture

RECORD = """codice: BA1.1.1.{letter}
titolo: {title}
citta: Bari
asse: 1
azione: 1.1.1
descrizione: |
{description}
fonti:
  - titolo: Fonte di prova
    consultata_il: 01-02-2024
aggiornato_il: 01-02-2024
"""


def attack_dataset(root: Path, letter: str, title: str = "Scheda d'attacco", description: str = "  Testo.") -> Path:
    data = copy_fixture(root / "data")
    (data / "interventi" / f"ba1-1-1-{letter}.yaml").write_text(
        RECORD.format(letter=letter, title=title, description=description), encoding="utf-8")
    return data


def long_description(size: int) -> str:
    line = "  " + "Testo lungo di prova per una descrizione enorme. " * 20 + "\n"
    return line * (size // len(line) + 1)


def refused_build(data: Path, output: Path) -> tuple[str, str]:
    from ponmetro_site.build import build

    printed: list[str] = []
    result = build(REPO / "pelicanconf.py", data_dir=data, output_dir=output, report=printed.append)
    assert not result.ok
    return "\n".join(printed), result.message


def assert_nothing_written(output: Path) -> None:
    assert not output.exists()
    assert [p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}")] == []


def test_one_megabyte_description_is_refused_clearly(tmp_path):
    data = attack_dataset(tmp_path, "y", description=long_description(1_000_000))
    size = (data / "interventi/ba1-1-1-y.yaml").stat().st_size
    assert 1_000_000 <= size < 1024 * 1024  # read in full, then refused by the model
    output = tmp_path / "output"
    printed, message = refused_build(data, output)
    assert re.search(r"interventi/ba1-1-1-y\.yaml:6:14: descrizione: testo troppo lungo "
                     r"\([\d.]+ caratteri; massimo 50\.000\)", printed), printed
    assert message == "Sito NON costruito: correggere gli errori elencati sopra."
    assert "Traceback" not in printed
    assert_nothing_written(output)


def test_record_file_over_one_mebibyte_is_refused_clearly(tmp_path):
    data = attack_dataset(tmp_path, "x", description=long_description(1_100_000))
    assert (data / "interventi/ba1-1-1-x.yaml").stat().st_size > 1024 * 1024
    output = tmp_path / "output"
    printed, _ = refused_build(data, output)
    assert re.search(r"interventi/ba1-1-1-x\.yaml:1:1: file troppo grande \([\d.]+ byte; "
                     r"il massimo è 1\.048\.576\)", printed), printed
    assert_nothing_written(output)


def test_refused_build_leaves_the_previous_output_intact(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("sito precedente", encoding="utf-8")
    data = attack_dataset(tmp_path, "y", description=long_description(1_000_000))
    refused_build(data, output)
    assert [p.name for p in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text(encoding="utf-8") == "sito precedente"


# --- bidirectional controls ------------------------------------------------------
#
# U+202E (RIGHT-TO-LEFT OVERRIDE) makes the text after it display reversed: a
# title "Lavori \u202eorue 000.001" reads on screen as "Lavori 100.000 euro",
# while search, CSV and the data say otherwise (the "Trojan Source" attack,
# CVE-2021-42574; Unicode TR #36 section 2.1 on bidi spoofing). Italian records
# never need these controls, so the safe answer is to refuse them, like the
# other control characters the loader already refuses, with their position.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_a_record_with_a_right_to_left_override_is_never_built(tmp_path):
    from ponmetro_site.build import build as run_build

    data = attack_dataset(tmp_path, "w", title="Lavori \u202eorue 000.001")
    output = tmp_path / "uscita"
    result = run_build(REPO / "pelicanconf.py", data_dir=data, output_dir=output, report=lambda _: None)
    assert not result.ok and not output.exists()


@pytest.mark.parametrize("char", BIDI_CONTROLS)
def test_bidirectional_controls_are_refused_with_their_position(tmp_path, char):
    data = attack_dataset(tmp_path, "w", title=f"Lavori {char}orue 000.001")
    report = load_dataset(data, root=tmp_path).report
    errors = [p for p in report.problems if p.is_error]
    assert len(errors) == 1, report.format()
    problem = errors[0]
    assert problem.path.endswith("interventi/ba1-1-1-w.yaml")
    assert (problem.line, problem.column) == (2, 16)  # where the character is
    assert f"U+{ord(char):04X}" in problem.message


# --- </script> in the charts' JSON -----------------------------------------------

HOSTILE = {
    "label": "</script><script>window.__attacco=99</script>",
    "upper": "</SCRIPT ><!-- <script>",
    "amp": "a & b",
    "separators": "riga\u2028paragrafo\u2029fine",
    "nested": ["<!--", "-->", "]]>"],
}


def test_json_for_script_cannot_close_or_comment_the_script_element():
    text = json_for_script(HOSTILE)
    assert json.loads(text) == HOSTILE
    lowered = text.lower()
    for forbidden in ("</script", "<script", "<!--", "-->", "<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in lowered


def test_json_for_script_survives_the_html_parser():
    """In a page, the HTML parser hands the whole JSON to the script element."""
    import html5lib

    page = f'<!DOCTYPE html><script type="application/json" id="d">{json_for_script(HOSTILE)}</script><p>dopo</p>'
    doc = html5lib.parse(page, namespaceHTMLElements=False)
    scripts = doc.findall(".//script")
    assert len(scripts) == 1
    assert json.loads(scripts[0].text) == HOSTILE
    assert doc.find(".//p").text == "dopo"
