"""The output folder is never what the site is built from: a build pointed at the
data, the repository or someone's own folder refuses, in one sentence, and deletes
nothing (it used to replace the folder with the site, and remove the old one).

Every build here runs in a copy of the project in tmp_path, never in this
checkout: run against code without the check, these tests would delete what
they point at."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_helpers import FIXTURE_DATA, ROOT


@pytest.fixture
def project(tmp_path):
    """A copy of the project: settings, content, theme and the fixture data."""
    place = tmp_path / "progetto"
    place.mkdir()
    shutil.copy(ROOT / "pelicanconf.py", place)
    for folder in ("content", "theme"):
        shutil.copytree(ROOT / folder, place / folder)
    for folder in ("plugins", "node_modules"):
        (place / folder).symlink_to(ROOT / folder)
    shutil.copytree(FIXTURE_DATA, place / "data")
    return place


def build_into(project: Path, output: Path):
    from ponmetro_site.build import build

    return build(project / "pelicanconf.py", output_dir=output, report=lambda text: None)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not p.is_symlink() and "node_modules" not in p.parts and "plugins" not in p.parts}


@pytest.mark.parametrize("where, says, what", [
    ("data", "contiene", "i dati"),  # `--output data`
    (".", "contiene", "i dati"),  # `--output .`, the repository
    ("..", "contiene", "i dati"),
    ("data/interventi", "è dentro", "i dati"),
    ("content", "contiene", "i contenuti"),
    ("theme/static", "è dentro", "il tema"),
])
def test_an_output_over_what_the_site_is_built_from_is_refused_and_nothing_is_lost(project, where, says, what):
    source = {"i dati": project / "data", "i contenuti": project / "content", "il tema": project / "theme"}[what]
    before = snapshot(project.parent)
    result = build_into(project, project / where)
    assert not result.ok
    asked = (project / where).resolve()  # as the build names it
    assert result.message.startswith(f"Sito NON costruito: la cartella di uscita {asked} {says} {what} ({source})")
    assert "\n" not in result.message
    assert snapshot(project.parent) == before  # every file as it was, and nothing added


def test_a_folder_of_other_files_is_refused_and_an_earlier_site_or_an_empty_folder_is_not(project):
    documents = project.parent / "documenti"
    documents.mkdir()
    (documents / "tesi.odt").write_text("sei mesi di lavoro", encoding="utf-8")
    result = build_into(project, documents)
    assert not result.ok
    assert result.message == (f"Sito NON costruito: la cartella di uscita {documents} non è vuota e non contiene "
                              "un sito (manca index.html): costruirvi il sito cancellerebbe quello che contiene; "
                              "sceglierne un'altra o svuotarla")
    assert [p.name for p in documents.iterdir()] == ["tesi.odt"]

    a_file = project.parent / "sito.html"
    a_file.write_text("x", encoding="utf-8")
    assert "è un file" in build_into(project, a_file).message

    empty = project.parent / "vuota"
    empty.mkdir()
    assert build_into(project, empty).ok
    assert build_into(project, empty).ok  # and again, over the site it made
