"""data/redirects.yaml: a corrected code keeps its old address alive, and every
wrong entry is reported at its file, line, column and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ponmetro.redirects import load_redirects, validate_redirects
from ponmetro.strict_yaml import load_file
from publish_helpers import (
    NO_SEARCH, PELICANCONF, PUBLIC_URL, PUBLISHCONF, ROOT, build_quietly, copy_fixture, redirect_entry,
    rename_code, run_invoke, write_redirects,
)

OLD, NEW = "progetti/mi3-3-1-z/", "progetti/mi3-3-1-y/"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def refresh_target(doc: BeautifulSoup) -> str:
    meta = doc.find("meta", attrs={"http-equiv": "refresh"})
    assert meta is not None, "nessun meta refresh"
    delay, _, url = meta["content"].partition(";")
    assert delay.strip() == "0"
    key, _, value = url.strip().partition("=")
    assert key.strip().lower() == "url"
    return value.strip()


def resolve(page: Path, href: str, root: Path) -> Path:
    target = (page.parent / href).resolve()
    assert target.is_relative_to(root.resolve()), href
    return target / "index.html" if target.is_dir() else target


@pytest.fixture(scope="module")
def renamed(tmp_path_factory):
    """MI3.3.1.z corrected to MI3.3.1.y, with its redirect; built both ways."""
    tmp = tmp_path_factory.mktemp("renamed")
    data = copy_fixture(tmp)
    rename_code(data, "MI3.3.1.z", "MI3.3.1.y")
    write_redirects(data, "redirects:\n" + redirect_entry(OLD, NEW, "Codice corretto secondo la fonte"))
    builds = {}
    for name, settings in (("locale", PELICANCONF), ("pubblico", PUBLISHCONF)):
        result, messages = build_quietly(data, tmp / name, settings, PONMETRO_PUBLIC_URL=PUBLIC_URL, **NO_SEARCH)
        assert result.ok, result.message + messages
        builds[name] = tmp / name
    return builds


def test_the_old_address_leads_to_the_new_page_in_the_public_build(renamed):
    site = renamed["pubblico"]
    old_page, new_page = site / OLD / "index.html", site / NEW / "index.html"
    assert new_page.is_file() and old_page.is_file()
    doc = soup(old_page)
    assert resolve(old_page, refresh_target(doc), site) == new_page
    assert doc.find("link", rel="canonical")["href"] == PUBLIC_URL + NEW
    assert [link["href"] for link in doc.select("main a")] == [refresh_target(doc)]
    assert "noindex" in doc.find("meta", attrs={"name": "robots"})["content"]
    # The new page is the project itself, not another redirect.
    target = soup(new_page)
    assert target.find("meta", attrs={"http-equiv": "refresh"}) is None
    assert "MI3.3.1.y" in target.get_text()


def test_the_redirect_page_works_from_disk_in_the_local_build(renamed):
    site = renamed["locale"]
    old_page, new_page = site / OLD / "index.html", site / NEW / "index.html"
    doc = soup(old_page)
    target = refresh_target(doc)
    assert target.endswith("index.html"), "da disco servono collegamenti a index.html"
    assert resolve(old_page, target, site) == new_page
    canonical = doc.find_all("link", rel="canonical")
    assert len(canonical) == 1


def test_the_redirect_page_speaks_italian_in_the_theme_without_scripts(renamed):
    doc = soup(renamed["pubblico"] / OLD / "index.html")
    assert doc.html["lang"] == "it"
    assert doc.h1.get_text(strip=True) == "Pagina spostata"
    assert "Codice corretto secondo la fonte" in doc.main.get_text()
    assert "22 novembre 2026" in doc.main.get_text()
    assert doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"}) is not None
    assert doc.select_one("header.testata") and doc.select_one("footer.piede")
    # The CSP forbids inline scripts: only the meta refresh may move the browser.
    assert all(script.get("src") for script in doc.find_all("script") if script.get("type") != "application/json")
    assert doc.find("link", rel="stylesheet") is not None


def test_the_old_address_is_not_listed_as_a_page(renamed):
    sitemap = (renamed["pubblico"] / "sitemap.xml")
    if sitemap.exists():
        text = sitemap.read_text(encoding="utf-8")
        assert PUBLIC_URL + NEW in text and PUBLIC_URL + OLD not in text
    projects = (renamed["pubblico"] / "progetti" / "index.html").read_text(encoding="utf-8")
    assert "mi3-3-1-y/" in projects and "mi3-3-1-z/" not in projects


def test_a_redirect_may_lead_to_a_content_page(tmp_path):
    data = copy_fixture(tmp_path)
    write_redirects(data, "redirects:\n" + redirect_entry("chi-siamo/", "il-progetto/", "Pagina rinominata"))
    result, messages = build_quietly(data, tmp_path / "out", PELICANCONF, **NO_SEARCH)
    assert result.ok, result.message + messages
    page = tmp_path / "out" / "chi-siamo" / "index.html"
    assert resolve(page, refresh_target(soup(page)), tmp_path / "out") == tmp_path / "out" / "il-progetto" / "index.html"


# --- wrong entries --------------------------------------------------------------------

BROKEN = """\
# Voci sbagliate, una per tipo di errore.
redirects:
  - da: progetti/mi3-3-1-x/
    a: progetti/mi3.3.1.a/
    motivo: Destinazione inesistente
    dal: 22-11-2026
  - da: /progetti/vecchio
    a: progetti/mi3-3-1-a/
    motivo: Indirizzo scritto male
    dal: 31-02-2026
  - da: progetti/mi3-3-1-b/
    a: progetti/mi3-3-1-a/
    motivo: La sorgente esiste ancora
    dal: 22-11-2026
  - da: progetti/uno/
    a: progetti/due/
    motivo: Giro
    dal: 22-11-2026
  - da: progetti/due/
    a: progetti/uno/
    motivo: Giro
    dal: 22-11-2026
  - da: progetti/tre/
    a: progetti/quattro/
    motivo: Catena
    dal: 22-11-2026
  - da: progetti/quattro/
    a: progetti/mi3-3-1-a/
    motivo: Catena
    dal: 22-11-2026
  - da: progetti/tre/
    a: progetti/mi3-3-1-a/
    motivo: Doppione
    dal: 22-11-2026
  - da: progetti/cinque/
    a: progetti/mi3-3-1-a/
    perche: campo sconosciuto
    dal: 22-11-2026
  - da: robots.txt/
    a: progetti/mi3-3-1-a/
    motivo: Un file del sito
    dal: 22-11-2026
  - da: dati/interventi.csv/vecchio/
    a: progetti/mi3-3-1-a/
    motivo: Dentro un file del sito
    dal: 22-11-2026
  - da: pagefind/vecchio/
    a: progetti/mi3-3-1-a/
    motivo: Nell'indice di ricerca
    dal: 22-11-2026
"""

EXPECTED = [
    "data/redirects.yaml:4:8: redirects[0].a: la pagina 'progetti/mi3.3.1.a/' non esiste nel sito: "
    "forse 'progetti/mi3-3-1-a/'?",
    "data/redirects.yaml:7:9: redirects[1].da: '/progetti/vecchio': scrivere l'indirizzo senza '/' iniziale: "
    "progetti/vecchio/",
    "data/redirects.yaml:10:10: redirects[1].dal: giorno 31 inesistente in '31-02-2026' (il mese ha 28 giorni)",
    "data/redirects.yaml:11:9: redirects[2].da: 'progetti/mi3-3-1-b/' è ancora una pagina del sito: si "
    "reindirizza solo un indirizzo che non esiste più (togliere la voce o correggere l'indirizzo)",
    "data/redirects.yaml:16:8: redirects[3].a: reindirizzamenti circolari: progetti/uno/ → progetti/due/ → "
    "progetti/uno/: ogni vecchio indirizzo deve portare a una pagina",
    "data/redirects.yaml:20:8: redirects[4].a: reindirizzamenti circolari: progetti/due/ → progetti/uno/ → "
    "progetti/due/: ogni vecchio indirizzo deve portare a una pagina",
    "data/redirects.yaml:24:8: redirects[5].a: 'progetti/quattro/' è a sua volta reindirizzato (redirects[6]): "
    "scrivere direttamente la destinazione finale, a: progetti/mi3-3-1-a/",
    "data/redirects.yaml:31:9: redirects[7].da: 'progetti/tre/' è già reindirizzato da redirects[5] (riga 23): "
    "tenere una voce sola",
    "data/redirects.yaml:35:5: redirects[8].motivo: campo obbligatorio mancante",
    "data/redirects.yaml:37:5: redirects[8].perche: campo sconosciuto 'perche'. Campi ammessi qui: da, a, motivo, dal",
    # The build failed on these with an internal error (robots.txt is a file of the site).
    "data/redirects.yaml:39:9: redirects[9].da: 'robots.txt/' passa per 'robots.txt', un nome di file: un vecchio "
    "indirizzo di pagina è fatto di cartelle (es. progetti/mi3-3-1-x/)",
    "data/redirects.yaml:43:9: redirects[10].da: 'dati/interventi.csv/vecchio/' passa per 'interventi.csv', un nome "
    "di file: un vecchio indirizzo di pagina è fatto di cartelle (es. progetti/mi3-3-1-x/)",
    "data/redirects.yaml:47:9: redirects[11].da: 'pagefind/vecchio/' è nella cartella pagefind/, dove il sito mette i "
    "suoi file: un vecchio indirizzo di pagina non può stare lì",
]


@pytest.fixture
def broken_data(tmp_path):
    data = copy_fixture(tmp_path)
    write_redirects(data, BROKEN)
    return data


def test_every_wrong_entry_is_reported_at_its_line_and_field(broken_data, tmp_path, fixture_build):
    pages = {p.removesuffix("index.html") for p in
             (str(f.relative_to(fixture_build)) for f in fixture_build.rglob("index.html"))}
    pages = {"" if p == "." else p for p in pages}
    loaded = validate_redirects(broken_data, tmp_path, pages)
    assert sorted(p.format() for p in loaded.problems) == sorted(EXPECTED)


def test_the_build_refuses_wrong_redirects_and_names_them(broken_data, tmp_path):
    result, messages = build_quietly(broken_data, tmp_path / "out", PUBLISHCONF, PONMETRO_ROOT=str(tmp_path),
                                     **NO_SEARCH)
    assert not result.ok
    assert "NON costruito" in result.message
    for line in EXPECTED:
        assert line in messages
    assert not (tmp_path / "out").exists()


def test_invoke_validate_reports_them_too_and_fails(broken_data, tmp_path):
    done = run_invoke("validate", "--data", "data", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    for line in EXPECTED:
        assert line in lines
    assert lines[-1].startswith(f"{len(EXPECTED)} errori,")
    github = run_invoke("validate", "--data", "data", "--github", cwd=tmp_path)
    assert ("::error file=data/redirects.yaml,line=4,col=8::redirects[0].a: la pagina 'progetti/mi3.3.1.a/' "
            "non esiste nel sito: forse 'progetti/mi3-3-1-a/'?") in github.stdout.splitlines()


def test_invoke_validate_accepts_a_correct_redirect(tmp_path):
    data = copy_fixture(tmp_path)
    rename_code(data, "MI3.3.1.z", "MI3.3.1.y")
    write_redirects(data, "redirects:\n" + redirect_entry(OLD, NEW))
    done = run_invoke("validate", "--data", "data", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "redirects.yaml" not in done.stdout


@pytest.mark.parametrize("text, expected", [
    ("redirects:\n  - da: progetti/x\n    a: progetti/mi3-3-1-a/\n    motivo: m\n    dal: 22-11-2026\n",
     "data/redirects.yaml:2:9: redirects[0].da: 'progetti/x': l'indirizzo di una pagina finisce con '/': progetti/x/"),
    ("redirects:\n  - da: progetti/x/index.html\n    a: progetti/mi3-3-1-a/\n    motivo: m\n    dal: 22-11-2026\n",
     "data/redirects.yaml:2:9: redirects[0].da: 'progetti/x/index.html': scrivere l'indirizzo della pagina "
     "senza index.html: progetti/x/"),
    ("redirects:\n  - da: https://esempio.it/progetti/x/\n    a: progetti/mi3-3-1-a/\n    motivo: m\n"
     "    dal: 22-11-2026\n",
     "data/redirects.yaml:2:9: redirects[0].da: 'https://esempio.it/progetti/x/': scrivere solo l'indirizzo nel "
     "sito, senza dominio (es. progetti/mi3-3-1-e/)"),
    ("redirects:\n  - da: progetti/../x/\n    a: progetti/mi3-3-1-a/\n    motivo: m\n    dal: 22-11-2026\n",
     "data/redirects.yaml:2:9: redirects[0].da: 'progetti/../x/' non valido: solo lettere, cifre, '-', '_' e '.' "
     "tra una '/' e l'altra (es. progetti/mi3-3-1-e/)"),
    ("redirects:\n  - da: progetti/x/\n    a: progetti/mi3-3-1-a/\n    motivo: |\n      due\n      righe\n"
     "    dal: 22-11-2026\n",
     "data/redirects.yaml:4:13: redirects[0].motivo: il testo deve stare su una riga: per spezzarlo nel file "
     "usare '>-' invece di '|'"),
    ("redirects:\n  - da: progetti/x/\n    da: progetti/y/\n    a: progetti/mi3-3-1-a/\n    motivo: m\n"
     "    dal: 22-11-2026\n", None),
    ("redirects: progetti/x/\n",
     "data/redirects.yaml:1:12: redirects: deve essere un elenco (righe che iniziano con '- '), non il testo "
     "'progetti/x/'"),
    ("- da: progetti/x/\n",
     "data/redirects.yaml:1:1: il file deve contenere una mappa di campi (chiave: valore), non un elenco"),
])
def test_format_errors(tmp_path, text, expected):
    data = copy_fixture(tmp_path)
    write_redirects(data, text)
    loaded = load_redirects(data, tmp_path)
    lines = [p.format() for p in loaded.problems]
    if expected is None:  # the strict loader's own message for a duplicate key
        doc = load_file(data / "redirects.yaml", "data/redirects.yaml")
        assert [p.format() for p in doc.problems] == lines and lines
        assert lines[0].startswith("data/redirects.yaml:3:5: ")
    else:
        assert lines == [expected]
    assert not loaded.ok


def test_the_shipped_file_is_valid_and_empty():
    loaded = validate_redirects(ROOT / "data", ROOT)
    assert loaded.exists and loaded.ok and loaded.entries == []
    assert (ROOT / "data" / "redirects.yaml").read_text(encoding="utf-8").splitlines()[-1] == "redirects: []"


@pytest.mark.parametrize("text", [None, "", "# solo commenti\n", "redirects: []\n", "redirects:\n"])
def test_no_redirects(tmp_path, text):
    data = copy_fixture(tmp_path)
    if text is not None:
        write_redirects(data, text)
    loaded = validate_redirects(data, tmp_path, {"progetti/"})
    assert loaded.ok and loaded.entries == [] and loaded.mapping() == {}


def test_an_incremental_build_drops_the_pages_of_a_removed_redirect(tmp_path):
    from ponmetro_site.build import build

    data = copy_fixture(tmp_path)
    rename_code(data, "MI3.3.1.z", "MI3.3.1.y")
    write_redirects(data, "redirects:\n" + redirect_entry(OLD, NEW))
    output = tmp_path / "out"
    settings = dict(PONMETRO_SEARCH=False, PONMETRO_CACHE_DIR=str(tmp_path / "cache"))

    def incremental_build():
        result = build(PELICANCONF, data_dir=data, output_dir=output, overrides=settings, report=lambda _: None,
                       incremental=True)
        assert result.ok, result.message
        return sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())

    incremental_build()
    with_redirect = incremental_build()  # the second one works in place
    moved = [f for f in with_redirect if "mi3-3-1-z" in f]
    assert "progetti/mi3-3-1-z/index.html" in moved and len(moved) > 1
    write_redirects(data, "redirects: []\n")
    without = incremental_build()
    assert [f for f in without if "mi3-3-1-z" in f] == []
    assert sorted(set(with_redirect) - set(without)) == moved
