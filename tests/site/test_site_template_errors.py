"""A theme template broken while editing it: the build names the template's file
and line in one sentence, whether the page rendered here or in a forked worker,
and leaves the previous site as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_helpers import FIXTURE_DATA, ROOT


@pytest.fixture
def theme(tmp_path) -> Path:
    copy = tmp_path / "tema"
    shutil.copytree(ROOT / "theme", copy)
    return copy


def break_template(theme: Path, old: str, new: str) -> Path:
    template = theme / "templates" / "progetto.html"
    text = template.read_text(encoding="utf-8")
    assert old in text
    template.write_text(text.replace(old, new, 1), encoding="utf-8")
    return template


def build_with(theme: Path, data: Path, output: Path):
    from ponmetro_site.build import build

    output.mkdir()
    (output / "index.html").write_text("il sito di prima", encoding="utf-8")
    return build(ROOT / "pelicanconf.py", data_dir=data, output_dir=output, report=lambda text: None,
                 overrides={"THEME": str(theme), "PONMETRO_SEARCH": False})


def line_of(template: Path, text: str) -> int:
    return next(n for n, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1) if text in line)


@pytest.mark.parametrize("old, new, says", [
    ("<h1>{{ vista.title }}</h1>", "<h1>{% if %}{{ vista.title }}</h1>", "Expected an expression"),
    ("<h1>{{ vista.title }}</h1>", "<h1>{{ vista.title|maiuscolo }}</h1>", "No filter named 'maiuscolo'"),
    ("<h1>{{ vista.title }}</h1>", "<h1>{{ vista.titolo.breve }}</h1>", "has no attribute 'titolo'"),
])
def test_a_broken_template_is_named_with_its_line(theme, tmp_path, old, new, says):
    template = break_template(theme, old, new)
    result = build_with(theme, FIXTURE_DATA, tmp_path / "output")
    assert not result.ok
    assert result.message.startswith(
        f"Sito NON costruito: errore nel modello {template}, riga {line_of(template, new)}: ")
    assert says in result.message and "\n" not in result.message
    assert result.message.endswith("; l'uscita precedente è intatta.") and "inatteso" not in result.message
    assert (tmp_path / "output" / "index.html").read_text(encoding="utf-8") == "il sito di prima"


def test_a_page_that_fails_in_a_worker_names_the_template_and_line_too(theme, tmp_path):
    from bench.synthetic import write_data_dir

    data = write_data_dir(tmp_path / "dati", 300, seed=3)  # enough pages for the render to fork its workers
    template = break_template(theme, "<h1>{{ vista.title }}</h1>", "<h1>{{ vista.titolo.breve }}</h1>")
    result = build_with(theme, data, tmp_path / "output")
    assert result.message.startswith(f"Sito NON costruito: errore nel modello {template}, "
                                     f"riga {line_of(template, 'vista.titolo.breve')}: ")
    assert "has no attribute 'titolo'" in result.message
