"""`invoke diff OLD NEW` and the tree functions behind it and behind publish's checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ponmetro.redirects import Reindirizzamento, derived_moves
from ponmetro.site_tree import address_of, broken_links, compare, file_of, format_markdown, lost_addresses, scan
from publish_helpers import (
    NO_SEARCH, PELICANCONF, build_quietly, copy_fixture, redirect_entry, rename_code, run_invoke,
    write_redirects,
)


def make_tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


# --- invoke diff on two real builds -------------------------------------------------------


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory):
    """The fixture site, and the same with one title changed and one code corrected."""
    tmp = tmp_path_factory.mktemp("diff")
    old_data = copy_fixture(tmp, "prima")
    new_data = copy_fixture(tmp, "dopo")
    record = new_data / "interventi" / "mi3-3-1-a.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace(
        "titolo: Intervento di prova con tutti i campi", "titolo: Intervento di prova, titolo corretto"),
        encoding="utf-8")
    rename_code(new_data, "MI3.3.1.z", "MI3.3.1.y")
    write_redirects(new_data, "redirects:\n" + redirect_entry("progetti/mi3-3-1-z/", "progetti/mi3-3-1-y/"))
    sites = []
    for data in (old_data, new_data):
        result, messages = build_quietly(data, tmp / f"sito-{data.name}", PELICANCONF, **NO_SEARCH)
        assert result.ok, result.message + messages
        sites.append(tmp / f"sito-{data.name}")
    return tuple(sites)


def table(markdown: str) -> dict[str, tuple[int, int]]:
    rows = {}
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 3 and cells[1].isdigit():
            rows[cells[0]] = (int(cells[1]), int(cells[2]))
    return rows


def section(markdown: str, heading: str) -> list[str]:
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"### {heading} ("))
    items = []
    for line in lines[start + 1:]:
        if line.startswith("### "):
            break
        if line.startswith("- `"):
            items.append(line[3:-1])
    return items


def test_invoke_diff_lists_pages_added_removed_and_changed(two_sites, tmp_path):
    old, new = two_sites
    summary = tmp_path / "summary.md"
    summary.write_text("# Riepilogo\n", encoding="utf-8")
    done = run_invoke("diff", str(old), str(new), "--output", str(summary))
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert summary.read_text(encoding="utf-8") == "# Riepilogo\n" + text  # appended, as GitHub wants
    assert text.startswith("## Modifiche al sito\n")
    old_tree, new_tree = scan(old), scan(new)
    diff = compare(old_tree, new_tree)
    assert "progetti/mi3-3-1-y/" in section(text, "Pagine aggiunte")
    assert "progetti/mi3-3-1-a/" in section(text, "Pagine modificate")
    # The corrected code's old page is now a redirect page: changed, not removed.
    assert "progetti/mi3-3-1-z/" in section(text, "Pagine modificate")
    assert "### Pagine tolte" not in text
    # The counts are those of the two folders, read again here.
    pages = {name: sum(1 for p in paths if p.endswith(".html"))
             for name, paths in (("aggiunte", diff.added), ("tolte", diff.removed), ("modificate", diff.changed))}
    rows = table(text)
    for name, count in pages.items():
        assert rows[name][0] == count
    assert rows["aggiunte"][1] == sum(1 for p in diff.added if not p.endswith(".html"))
    changed_on_disk = sorted(p for p in set(old_tree.files) & set(new_tree.files)
                             if (old / p).read_bytes() != (new / p).read_bytes())
    assert changed_on_disk == diff.changed
    total = len(diff.added) + len(diff.removed) + len(diff.changed)
    assert f"{total} file diversi, {diff.unchanged} invariati." in text


def test_invoke_diff_of_a_site_with_itself(two_sites):
    old, _ = two_sites
    done = run_invoke("diff", str(old), str(old))
    files = sum(1 for p in old.rglob("*") if p.is_file())
    assert done.stdout == f"## Modifiche al sito\n\nNessuna differenza: i due siti sono identici byte per byte ({files} file).\n"


def test_invoke_lost_fails_a_proposal_that_loses_an_address(two_sites, tmp_path):
    # A corrected code with its redirect (two_sites) loses nothing; the same correction
    # without it passed validation and build, and only `invoke publish` refused it, after the merge.
    old, new = two_sites
    with_redirect = run_invoke("lost", str(old), str(new), "--data", str(new.parent / "dopo"))
    assert with_redirect.returncode == 0, with_redirect.stdout + with_redirect.stderr
    data = copy_fixture(tmp_path, "senza")
    rename_code(data, "MI3.3.1.z", "MI3.3.1.y")
    result, messages = build_quietly(data, tmp_path / "sito", PELICANCONF, **NO_SEARCH)
    assert result.ok, result.message + messages
    done = run_invoke("lost", str(old), str(tmp_path / "sito"), "--data", str(data), "--github", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines and all(line.startswith("::error file=senza/redirects.yaml,line=1,col=1::indirizzo perso: ")
                         for line in lines)
    assert any("progetti/mi3-3-1-z/: pubblicato nella versione precedente, manca in questa: aggiungere un "
               "reindirizzamento in data/redirects.yaml" in line for line in lines)
    assert "indirizzi pubblicati non rispondono più" in done.stderr


def test_invoke_diff_of_a_missing_folder(tmp_path):
    done = run_invoke("diff", str(tmp_path / "manca"), str(tmp_path))
    assert done.returncode == 1
    assert "cartella del sito inesistente" in done.stderr


def test_long_lists_fold_away(tmp_path):
    old = make_tree(tmp_path / "a", {f"p{i}/index.html": "x" for i in range(40)})
    new = make_tree(tmp_path / "b", {f"p{i}/index.html": "y" for i in range(40)})
    text = format_markdown(compare(scan(old), scan(new)))
    assert "<details><summary>Mostra l'elenco (40)</summary>" in text
    assert text.count("- `p") == 40


# --- addresses and links of a tree ----------------------------------------------------------


@pytest.mark.parametrize("address, file", [
    ("", "index.html"), ("progetti/", "progetti/index.html"), ("dati/interventi.csv", "dati/interventi.csv"),
])
def test_addresses_and_files(address, file):
    assert file_of(address) == file and address_of(file) == address


def test_lost_addresses(tmp_path):
    old = scan(make_tree(tmp_path / "old", {
        "index.html": "", "progetti/a/index.html": "", "progetti/b/index.html": "", "dati/x.csv": "",
        "theme/css/vecchio.css": "", "progetti/c/index.html": "",
    }))
    new = scan(make_tree(tmp_path / "new", {"index.html": "", "progetti/b2/index.html": "", "progetti/a/index.html": ""}))
    lost = lost_addresses(old, new, {"progetti/b/": "progetti/b2/", "progetti/c/": "progetti/manca/"}, ("theme/",))
    assert [item.format() for item in lost] == [
        "dati/x.csv: pubblicato nella versione precedente, manca in questa: "
        "aggiungere un reindirizzamento in data/redirects.yaml",
        "progetti/c/: reindirizzato a progetti/manca/, che non esiste in questa versione",
    ]


def test_broken_links(tmp_path):
    root = make_tree(tmp_path / "sito", {
        "index.html": '<a href="progetti/a/">a</a> <a href="progetti/b/">b</a> <a href="https://altro.it/x">x</a>'
                      '<a href="#sopra">su</a> <a href="mailto:a@b.it">m</a> <img src="img/manca.png">'
                      '<a href="progetti/a">senza barra</a> <a href="../fuori/">fuori</a>',
        "progetti/a/index.html": '<link rel="stylesheet" href="../../theme/s.css">'
                                 '<link rel="canonical" href="https://sito.it/progetti/a/">'
                                 '<link rel="alternate" href="https://sito.it/progetti/zeta/">'
                                 '<meta http-equiv="refresh" content="0; url=../../progetti/zz/">',
        "theme/s.css": "@font-face { src: url('../font/a.woff2'); } /* url(commento.png) */ "
                       "body { background: url(data:image/png;base64,AAAA) }",
        "sitemap.xml": '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                       "<url><loc>https://sito.it/progetti/a/</loc></url>"
                       "<url><loc>https://sito.it/progetti/b/</loc></url></urlset>",
    })
    found = [b.format() for b in broken_links(scan(root), "https://sito.it/")]
    assert found == [
        "index.html: progetti/b/: il file non esiste",
        "index.html: img/manca.png: il file non esiste",
        "index.html: ../fuori/: porta fuori dal sito",
        "progetti/a/index.html: https://sito.it/progetti/zeta/: la pagina non esiste nel sito",
        "progetti/a/index.html: ../../progetti/zz/: il file non esiste",
        "sitemap.xml: https://sito.it/progetti/b/: la pagina non esiste nel sito",
        "theme/s.css: ../font/a.woff2: il file non esiste",
    ]


def test_tree_digest_names_content_and_paths(tmp_path):
    a = scan(make_tree(tmp_path / "a", {"x/index.html": "1"}))
    b = scan(make_tree(tmp_path / "b", {"x/index.html": "1"}))
    c = scan(make_tree(tmp_path / "c", {"y/index.html": "1"}))
    d = scan(make_tree(tmp_path / "d", {"x/index.html": "2"}))
    assert a.digest == b.digest and len({a.digest, c.digest, d.digest}) == 3


# --- what moves with a renamed project ---------------------------------------------------


def test_downloads_and_charts_move_with_a_renamed_project():
    entry = Reindirizzamento(da="progetti/bologna-x/", a="progetti/poverta-abitativa/", motivo="m",
                             dal=dt.date(2026, 11, 22))
    files = {
        "progetti/poverta-abitativa/index.html", "progetti/poverta-abitativa/poverta-abitativa.csv",
        "progetti/poverta-abitativa/poverta-abitativa.json",
        "progetti/bologna-poverta-abitativa/index.html",
        "embed/avanzamento-poverta-abitativa/index.html",
        "embed/avanzamento-bologna-poverta-abitativa/index.html",  # another project's chart
        "embed/citta-bologna-per-asse/index.html",
    }
    moves = {(m.old, m.new) for m in derived_moves([entry], files)}
    assert moves == {
        ("progetti/bologna-x/bologna-x.csv", "progetti/poverta-abitativa/poverta-abitativa.csv"),
        ("progetti/bologna-x/bologna-x.json", "progetti/poverta-abitativa/poverta-abitativa.json"),
        ("embed/avanzamento-bologna-x/index.html", "embed/avanzamento-poverta-abitativa/index.html"),
    }


def test_nothing_moves_with_a_page_moved_to_another_section():
    entry = Reindirizzamento(da="chi-siamo/", a="il-progetto/", motivo="m", dal=dt.date(2026, 11, 22))
    assert derived_moves([entry], {"il-progetto/index.html", "embed/x-il-progetto/index.html"}) == []
