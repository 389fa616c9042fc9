"""Incremental builds reuse each record's export rows: the data files stay those of a full build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_helpers import FIXTURE_DATA, PUBLIC_URL, ROOT

EDITED = "interventi/to7-1-1-a.yaml"


def build(data: Path, output: Path, cache: Path, incremental: bool = True) -> None:
    from ponmetro_site.build import build as run_build

    result = run_build(ROOT / "pelicanconf.py", data_dir=data, output_dir=output, incremental=incremental,
                       overrides={"PONMETRO_PUBLIC_URL": PUBLIC_URL, "PONMETRO_CACHE_DIR": str(cache)})
    assert result.ok, result.message


def data_files(output: Path) -> dict[str, bytes]:
    """Every exported file: the downloads and the files next to the project, axis and city pages."""
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.suffix in {".csv", ".json", ".rdf"} and p.is_file() and "pagefind" not in p.parts
    }


def edit_title(data: Path, new_title: str) -> None:
    record = data / EDITED
    lines = record.read_text(encoding="utf-8").splitlines(keepends=True)
    (index,) = [i for i, line in enumerate(lines) if line.startswith("titolo:")]
    lines[index] = f"titolo: {new_title}\n"
    record.write_text("".join(lines), encoding="utf-8")


@pytest.fixture
def site(tmp_path):
    """A data folder, and its output after a first incremental build (which fills the caches)."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(data, output, cache)
    assert list(cache.glob("rows-*.pickle")), "the first incremental build keeps the rows"
    return data, output, cache


def assert_as_full_build(data: Path, output: Path, tmp_path: Path) -> None:
    full = tmp_path / "full"
    build(data, full, tmp_path / "cache-full", incremental=False)
    expected = data_files(full)
    assert "dati/interventi.json" in expected and "progetti/to7-1-1-a/to7-1-1-a.csv" in expected
    got = data_files(output)
    assert got.keys() == expected.keys()
    for path, content in expected.items():
        assert got[path] == content, f"{path} differs from a full build's"


def test_after_an_edit_the_data_files_are_those_of_a_full_build(site, tmp_path):
    data, output, cache = site
    edit_title(data, 'Titolo cambiato, con "virgolette" e città')
    build(data, output, cache)
    assert "Titolo cambiato".encode() in (output / "dati/interventi.csv").read_bytes()
    assert_as_full_build(data, output, tmp_path)
    # a second edit of the same record, now that its rows come from the cache
    edit_title(data, "Secondo titolo")
    build(data, output, cache)
    assert b"Titolo cambiato" not in (output / "dati/interventi.json").read_bytes()
    assert_as_full_build(data, output, tmp_path / "second")


def test_a_removed_record_leaves_no_row_behind(site, tmp_path):
    data, output, cache = site
    (data / "interventi/milano-senza-codice.yaml").unlink()
    build(data, output, cache)
    assert b"milano-senza-codice" not in (output / "dati/interventi.csv").read_bytes()
    assert_as_full_build(data, output, tmp_path)


def test_a_broken_rows_cache_is_ignored(site, tmp_path):
    data, output, cache = site
    for path in cache.glob("rows-*.pickle"):
        path.write_bytes(b"\x80\x05 rotto")
    edit_title(data, "Titolo dopo la cache rotta")
    build(data, output, cache)
    assert_as_full_build(data, output, tmp_path)
