"""The Markdown twins of the records: the same text, and Pelican and Hugo build them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from bench import markdown_equiv
from bench.run import HUGO
from bench_helpers import REPO, SMALL_N


@pytest.fixture(scope="module")
def sites(small_data, tmp_path_factory):
    root = tmp_path_factory.mktemp("markdown")
    count = markdown_equiv.write_all(small_data, root / "pelican", root / "hugo")
    records = dict(markdown_equiv.read_records(small_data))
    return count, records, root / "pelican", root / "hugo"


def _title(record: dict) -> str:
    return record.get("titolo") or f"Intervento {record['codice']}"


def _pelican_meta(text: str) -> dict[str, str]:
    head = text.split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines())


def _hugo_parts(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def test_one_page_per_record_for_each_tool(sites):
    count, records, pelican, hugo = sites
    assert count == SMALL_N == len(records)
    assert {p.stem for p in (pelican / "content").glob("*.md")} == set(records)
    assert {p.stem for p in (hugo / "content" / "progetti").glob("*.md")} - {"_index"} == set(records)
    assert (pelican / "pelicanconf.py").exists() and (hugo / "hugo.toml").exists()
    assert (hugo / "layouts" / "_default" / "single.html").exists()


def test_pelican_pages_carry_every_field_with_the_same_text(sites):
    _, records, pelican, _ = sites
    for slug, record in records.items():
        text = (pelican / "content" / f"{slug}.md").read_text(encoding="utf-8")
        meta = _pelican_meta(text)
        assert meta["Title"] == " ".join(_title(record).split())
        assert meta["Slug"] == slug
        assert meta["Category"] == record["citta"]
        assert meta["Tags"] == f"Asse {record['asse']}"
        body = text.split("\n\n", 1)[1]
        assert record["descrizione"].strip() in body
        for value in (record.get("importi") or {}).values():
            assert f"| {value} |" in body
        for note in record["note"]:
            assert note in body
        for key in ("codice", "cup", "rup", "soggetto_attuatore", "data_inizio", "data_fine"):
            if record.get(key):
                assert f":** {record[key]}" in body


def test_hugo_pages_carry_every_field_with_the_same_text(sites):
    _, records, _, hugo = sites
    for slug, record in records.items():
        front, body = _hugo_parts((hugo / "content" / "progetti" / f"{slug}.md").read_text(encoding="utf-8"))
        assert front["title"] == _title(record)
        assert front["slug"] == slug
        assert front["citta"] == [record["citta"]]
        assert front.get("codice") == record.get("codice")
        assert front.get("importi") == record.get("importi")
        assert record["descrizione"].strip() in body
        for source in record["fonti"]:
            assert source["titolo"] in body


def _page_titles(output: Path, slugs) -> dict[str, str]:
    titles = {}
    for slug in slugs:
        page = output / "progetti" / slug / "index.html"
        assert page.is_file(), page
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        titles[slug] = soup.find("h1", class_="entry-title") or soup.find_all("h1")[-1]
    return {slug: " ".join(h.get_text().split()) for slug, h in titles.items()}


@pytest.mark.slow
def test_pelican_builds_one_page_per_record_and_the_list_pages(sites, tmp_path):
    _, records, pelican, _ = sites
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "pelican", str(pelican / "content"), "-s",
                           str(pelican / "pelicanconf.py"), "-o", str(out), "-q"],
                          cwd=pelican, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    titles = _page_titles(out, records)
    for slug, record in records.items():
        assert " ".join(_title(record).split()) in titles[slug]
    for city in {r["citta"] for r in records.values()}:
        assert (out / "citta" / markdown_equiv_slug(city) / "index.html").is_file()
    for axis in range(1, 9):
        assert (out / "assi" / f"asse-{axis}" / "index.html").is_file()


@pytest.mark.slow
@pytest.mark.skipif(not Path(HUGO).exists(), reason="hugo non installato")
def test_hugo_builds_one_page_per_record_and_the_list_pages(sites, tmp_path):
    _, records, _, hugo = sites
    out = tmp_path / "out"
    done = subprocess.run([HUGO, "--source", str(hugo), "--destination", str(out),
                           "--cacheDir", str(tmp_path / "cache"), "--quiet"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    titles = _page_titles(out, records)
    for slug, record in records.items():
        assert titles[slug] == " ".join(_title(record).split())
    for city in {r["citta"] for r in records.values()}:
        assert (out / "citta" / markdown_equiv_slug(city) / "index.html").is_file()
    for axis in range(1, 9):
        assert (out / "assi" / f"asse-{axis}" / "index.html").is_file()
    assert (out / "progetti" / "index.html").is_file()


def markdown_equiv_slug(city: str) -> str:
    return city.lower().replace(" ", "-")


def test_command_line(small_data, tmp_path):
    done = subprocess.run([sys.executable, "-m", "bench.markdown_equiv", "--data", str(small_data),
                           "--hugo", str(tmp_path / "h")], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "h" / "content" / "progetti").glob("*.md"))) == SMALL_N + 1
    assert not (tmp_path / "p").exists()
