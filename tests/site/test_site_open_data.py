"""Issue 4 on the built site: downloads, citations, JSON-LD, feeds, sitemap, embeds."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from decimal import Decimal
from urllib.parse import unquote, urlsplit
from pathlib import Path

import feedparser
import pytest

from ponmetro.dataset import load_dataset
from site_helpers import FIXTURE_DATA, PUBLIC_URL, ROOT, build_site, resolve, soup, text_of

PUBLIC = "https://pon-metro-aperto.github.io/pon-metro-aperto/"


def test_downloads_page_lists_every_file_and_column(real_site):
    page = real_site / "dati/index.html"
    doc = soup(page)
    links = {text_of(a): resolve(page, a["href"], real_site) for a in doc.select("#file-didascalia ~ tbody a")}
    assert set(links) == {"interventi.csv", "interventi-excel.csv", "interventi.json", "datapackage.json",
                          "catalogo-dcat-ap-it.rdf"}
    assert all(target is not None for target in links.values())
    header = next(csv.reader(io.StringIO((real_site / "dati/interventi.csv").read_text(encoding="utf-8"))))
    documented = [text_of(c) for c in doc.select("#colonne-didascalia ~ tbody th code")]
    assert documented == header
    assert "CC BY 4.0" in text_of(doc.main)


def test_downloads_page_gives_each_file_its_size_in_kilobytes_of_1000(real_site):
    # The sizes were divided by 1024 and labelled kB: 20,179 bytes read "19,7 kB".
    page = real_site / "dati/index.html"
    for row in soup(page).select("#file-didascalia ~ tbody tr"):
        size = resolve(page, row.a["href"], real_site).stat().st_size
        shown = text_of(row.find_all("td")[-1])
        number, unit = shown.split()
        scale = {"byte": 1, "kB": 1000, "MB": 1000**2}[unit]
        assert abs(Decimal(number.replace(".", "").replace(",", ".")) * scale - size) <= scale / 20, (shown, size)


def test_downloaded_csv_has_every_record_with_exact_amounts(real_site):
    dataset = load_dataset(ROOT / "data")
    rows = list(csv.DictReader(io.StringIO((real_site / "dati/interventi.csv").read_text(encoding="utf-8"))))
    assert sorted(r["slug"] for r in rows) == sorted(i.slug for i in dataset.records)
    by_slug = {r["slug"]: r for r in rows}
    for item in dataset.records:
        value = item.record.importi.programmato
        assert by_slug[item.slug]["importo_programmato"] == ("" if value is None else format(value, "f"))


def test_project_page_links_its_own_json_and_csv(real_site):
    page = real_site / "progetti/to7-1-1-b/index.html"
    links = [resolve(page, a["href"], real_site) for a in soup(page).select("p.scarica a")]
    assert [p.name for p in links] == ["to7-1-1-b.json", "to7-1-1-b.csv"]
    data = json.loads(links[0].read_text(encoding="utf-8"))
    assert data["importo_erogato"] == "218177.38"
    assert data["codice"] == "TO7.1.1.b"


def test_axis_and_city_pages_link_the_csv_of_their_rows(real_site):
    for path, count in (("assi/3/index.html", 4), ("citta/bologna/index.html", 3)):
        page = real_site / path
        (link,) = [resolve(page, a["href"], real_site) for a in soup(page).select("p.scarica a")]
        rows = list(csv.DictReader(io.StringIO(link.read_text(encoding="utf-8"))))
        assert len(rows) == count == len(soup(page).select("table.tabella--progetti tbody tr"))


def test_project_jsonld_is_a_project_funded_by_a_monetary_grant(real_site):
    doc = soup(real_site / "progetti/to7-1-1-b/index.html")
    data = json.loads(doc.find("script", type="application/ld+json").string)
    assert data["@type"] == "Project"
    assert data["url"] == PUBLIC + "progetti/to7-1-1-b/"
    grant = data["funding"]
    assert grant["@type"] == "MonetaryGrant"
    assert grant["amount"] == {"@type": "MonetaryAmount", "currency": "EUR", "value": "1200000.00",
                               "description": "Importo programmato"}
    ids = {i["propertyID"]: i["value"] for i in data["identifier"]}
    assert ids == {"Codice Progetto": "TO7.1.1.b", "CUP": "C19J21037430006"}
    assert data["startDate"] == "2021-09-30" and data["endDate"] == "2023-06-30"


def test_citation_block_and_sharing_tags(real_site):
    doc = soup(real_site / "progetti/mi3-3-1-e/index.html")
    citation = text_of(doc.select_one("p.citazione"))
    # The sources give MI3.3.1.e no title: none is quoted as if they did.
    assert citation.startswith("Intervento MI3.3.1.e (senza titolo nelle fonti), PON Metro Aperto, ")
    assert "«" not in citation
    titled = text_of(soup(real_site / "progetti/to7-1-1-b/index.html").select_one("p.citazione"))
    assert titled.startswith("«Piani di sostegno e sviluppo per enti di terzo settore» (TO7.1.1.b), PON Metro Aperto, ")
    assert PUBLIC + "progetti/mi3-3-1-e/" in citation
    assert "dati aggiornati al 22 novembre 2026, licenza CC BY 4.0. Fonti: " in citation
    assert "Sito del programma PON Metro" in citation
    meta = {m.get("property") or m.get("name"): m["content"] for m in doc.find_all("meta") if m.get("content")}
    assert meta["og:url"] == PUBLIC + "progetti/mi3-3-1-e/"
    assert meta["og:title"] == "Intervento MI3.3.1.e"
    assert meta["twitter:card"] == "summary"
    assert doc.find("link", rel="canonical")["href"] == PUBLIC + "progetti/mi3-3-1-e/"


def test_axis_city_and_action_pages_say_how_to_cite_them(real_site):
    # Their totals are what journalists quote, with no citation block of their own.
    expected = {
        "assi/3/index.html": "«Asse 3 – Servizi per l'inclusione sociale», PON Metro Aperto, "
                             f"{PUBLIC}assi/3/, dati aggiornati al 22 novembre 2026, licenza CC BY 4.0. Fonti: ",
        "citta/bologna/index.html": f"«Bologna», PON Metro Aperto, {PUBLIC}citta/bologna/, dati aggiornati al "
                                    "22 novembre 2026, licenza CC BY 4.0. Fonti: ",
        "azioni/3-3-1/index.html": f"«Azione 3.3.1», PON Metro Aperto, {PUBLIC}azioni/3-3-1/, dati aggiornati al "
                                   "22 novembre 2026, licenza CC BY 4.0. Fonti: ",
        # No record, no date to give.
        "citta/genova/index.html": f"«Genova», PON Metro Aperto, {PUBLIC}citta/genova/, licenza CC BY 4.0. Fonti: ",
    }
    for page, start in expected.items():
        cited = text_of(soup(real_site / page).select_one("section.cita p.citazione"))
        assert cited.startswith(start), page
        assert cited.endswith("Fonti: schede degli interventi di PON Metro Aperto, trascritte dalle fonti indicate "
                              "in ogni scheda.")


def test_projects_feed_lists_projects_by_last_update(public_site):
    feed = feedparser.parse((public_site / "feeds/progetti.atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    links = [e.link for e in feed.entries]
    assert PUBLIC + "progetti/to7-1-1-b/" in links
    assert len(links) == len(load_dataset(ROOT / "data").records)
    updated = [e.updated_parsed for e in feed.entries]
    assert updated == sorted(updated, reverse=True)
    news = feedparser.parse((public_site / "feeds/notizie.atom.xml").read_bytes())
    assert not news.bozo and news.entries[0].link == PUBLIC + "notizie/quartieri-connessi-milano/"


def test_each_feed_has_its_own_id_and_every_entry_an_author(public_site):
    # RFC 4287: a feed's id is its permanent identity; both feeds had the site's
    # address, and the projects' entries an empty <name/> for their author.
    feeds = {name: feedparser.parse((public_site / f"feeds/{name}.atom.xml").read_bytes())
             for name in ("notizie", "progetti")}
    assert {name: feed.feed.id for name, feed in feeds.items()} == {
        "notizie": PUBLIC + "feeds/notizie.atom.xml", "progetti": PUBLIC + "feeds/progetti.atom.xml"}
    authors = {entry.get("author") for feed in feeds.values() for entry in feed.entries}
    assert authors == {"PON Metro Aperto"}


def test_projects_feed_keeps_only_the_newest_projects(tmp_path, monkeypatch):
    import ponmetro_site.generator as generator

    monkeypatch.setattr(generator, "FEED_SIZE", 3)
    output = build_site(ROOT / "data", tmp_path / "output", settings="publishconf.py")
    feed = feedparser.parse((output / "feeds/progetti.atom.xml").read_bytes())
    records = load_dataset(ROOT / "data").records
    newest = sorted(records, key=lambda item: (item.record.aggiornato_il, item.slug), reverse=True)[:3]
    assert [e.link for e in feed.entries] == [f"{PUBLIC}progetti/{item.slug}/" for item in newest]
    assert len(records) > 3


def test_every_sitemap_url_exists_in_the_output(public_site):
    from lxml import etree

    tree = etree.parse(str(public_site / "sitemap.xml"))
    locs = [e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    pages = {
        p.relative_to(public_site).as_posix().removesuffix("index.html")
        for p in public_site.rglob("index.html")
        if not p.relative_to(public_site).as_posix().startswith(("embed/", "pagefind/"))
    }
    assert {loc[len(PUBLIC):] for loc in locs} == pages  # every page, and only pages
    for loc in locs:
        assert loc.startswith(PUBLIC)
        path = loc[len(PUBLIC):]
        assert (public_site / path / "index.html").is_file() or (public_site / path).is_file(), loc
    assert PUBLIC + "progetti/to7-1-1-b/" in locs and PUBLIC + "dati/" in locs
    assert f"Sitemap: {PUBLIC}sitemap.xml" in (public_site / "robots.txt").read_text()


def test_every_chart_has_an_embed_page_and_a_snippet(real_site):
    page = real_site / "progetti/to7-1-1-b/index.html"
    doc = soup(page)
    snippet = text_of(doc.select_one("details.incorpora pre"))
    assert f'src="{PUBLIC}embed/avanzamento-to7-1-1-b/"' in snippet
    embed = real_site / "embed/avanzamento-to7-1-1-b/index.html"
    edoc = soup(embed)
    assert edoc.select("[data-grafico]") and edoc.select("figure.grafico table")
    assert edoc.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    for chart in soup(real_site / "assi/3/index.html").select("[data-grafico]"):
        assert (real_site / "embed" / chart["id"] / "index.html").is_file()


def test_the_page_a_host_shows_for_a_missing_address_links_by_absolute_addresses(public_site):
    doc = soup(public_site / "404.html")
    assert text_of(doc.h1) == "Pagina non trovata"
    assert doc.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    links = [el.get("href") or el.get("src") or el.get("action") or el.get("data-ricerca")
             for el in doc.select("[href], [src], form[action], [data-ricerca]")]
    ours = [link for link in links if not link.startswith(("#", "https://creativecommons.org/", "https://github.com/"))]
    # Served at whatever address was asked for, where a relative link would lead nowhere.
    assert ours and all(link.startswith(PUBLIC_URL) for link in ours), ours
    for link in ours:
        path = unquote(urlsplit(link).path).removeprefix(urlsplit(PUBLIC_URL).path)
        target = public_site / path
        assert (target / "index.html" if target.is_dir() else target).is_file(), link
    assert PUBLIC_URL + "progetti/" in links
    assert "404.html" not in (public_site / "sitemap.xml").read_text(encoding="utf-8")


def test_cup_links_to_opencoesione(real_site):
    doc = soup(real_site / "progetti/to7-1-1-b/index.html")
    link = [a for a in doc.select("dl.scheda a") if "opencoesione" in a["href"]]
    assert link and link[0]["href"].endswith("C19J21037430006")


def test_search_index_has_one_entry_per_project(real_site):
    import gzip

    assert (real_site / "pagefind/pagefind.js").is_file()
    # the index's metadata file lists one fragment per indexed page
    fragments = list((real_site / "pagefind/fragment").glob("*.pf_fragment"))
    assert len(fragments) == len(load_dataset(ROOT / "data").records)
    texts = [gzip.decompress(f.read_bytes()) for f in fragments]
    assert any(b"C19J21037430006" in t and b"/progetti/to7-1-1-b/" in t for t in texts)
    form = soup(real_site / "index.html").find("form", attrs={"role": "search"})
    # without JavaScript the search opens the list of all projects
    assert resolve(real_site / "index.html", form["action"], real_site) == real_site / "progetti/index.html"


def test_the_search_index_leaves_no_scratch_folder_beside_the_output(real_site):
    assert (real_site / "pagefind/pagefind-entry.json").is_file()
    assert [p.name for p in real_site.parent.iterdir()] == ["output"]


def test_a_site_with_no_record_yet_builds_without_a_search_index(tmp_path):
    # A new instance, before its first record: Pagefind refuses to make an empty index.
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    for record in (data / "interventi").glob("*.yaml"):
        record.unlink()
    (data / "totali-dichiarati.yaml").unlink()  # the declared totals would not add up
    output = build_site(data, tmp_path / "output")
    assert not (output / "pagefind").exists()
    assert "0 interventi pubblicati" in text_of(soup(output / "progetti" / "index.html").find("main"))
    home = soup(output / "index.html")
    assert text_of(home.select_one("#ultimi ~ p.vuoto")) == "Nessuna scheda pubblicata finora."
    assert not home.select("ul:not(:has(li))")  # no empty list for a screen reader to announce
    assert text_of(soup(output / "azioni" / "index.html").select_one("tbody")) == "Nessun intervento pubblicato."
    rows = list(csv.reader(io.StringIO((output / "dati" / "interventi.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 1 and rows[0][0] == "codice"  # the header, and no record
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "output"]


@pytest.mark.parametrize("available, kept", [
    ({0, 1}, {1}),  # two cores: Pagefind gets one, the render workers both
    ({3, 5}, {5}),
    ({0}, None),
    ({0, 1, 2, 3}, None),
    (set(), None),
])
def test_pagefind_keeps_to_one_core_only_on_a_two_core_machine(available, kept):
    from ponmetro_site.build import search_cpus

    assert search_cpus(available) == kept


@pytest.mark.parametrize("search, niceness", [(True, 10), (False, 0)])
def test_the_render_gives_way_to_the_search_index_only_while_it_runs(tmp_path, monkeypatch, search, niceness):
    import ponmetro_site.generator as generator
    from ponmetro_site.build import RENDER_NICENESS_BESIDE_SEARCH, build

    asked = []

    def recording(*args, **kwargs):
        asked.append(kwargs.get("niceness", 0))
        return real(*args, **kwargs)

    real = generator.run_parts
    monkeypatch.setattr(generator, "run_parts", recording)
    result = build(ROOT / "pelicanconf.py", data_dir=ROOT / "data", output_dir=tmp_path / "output",
                   overrides={"PONMETRO_SEARCH": search}, report=lambda text: None)
    assert result.ok, result.message
    assert RENDER_NICENESS_BESIDE_SEARCH == 10
    assert asked[-1] == niceness  # the render's run_parts: the last one of the build
    assert (tmp_path / "output/pagefind").is_dir() == search


def test_a_wrong_search_budget_is_one_sentence_and_builds_nothing(tmp_path):
    from ponmetro_site.build import build

    output = tmp_path / "output"
    result = build(ROOT / "pelicanconf.py", data_dir=ROOT / "data", output_dir=output,
                   overrides={"PONMETRO_SEARCH_WORDS": "molte"}, report=lambda text: None)
    assert not result.ok
    assert result.message == ("Sito NON costruito: impostazione PONMETRO_SEARCH_WORDS: deve essere un numero "
                              "intero positivo, non 'molte'")
    assert list(tmp_path.iterdir()) == []


def test_amounts_in_json_export_are_exact_decimal_strings(real_site):
    data = json.loads((real_site / "dati/interventi.json").read_text(encoding="utf-8"))
    records = data["interventi"] if isinstance(data, dict) and "interventi" in data else data
    amounts = {r["slug"]: r["importo_programmato"] for r in records}
    for item in load_dataset(ROOT / "data").records:
        expected = item.record.importi.programmato
        assert amounts[item.slug] == (None if expected is None else format(expected, "f"))
        assert expected is None or Decimal(amounts[item.slug]) == expected


def test_report_an_error_opens_a_prefilled_issue(real_site):
    from urllib.parse import parse_qs, urlsplit

    link = soup(real_site / "progetti/to7-1-1-b/index.html").select_one("p.segnala a")
    parts = urlsplit(link["href"])
    assert parts.path.endswith("/issues/new")
    query = parse_qs(parts.query)
    assert query["title"] == ["Errore nella scheda TO7.1.1.b"]
    assert "Scheda: " + PUBLIC + "progetti/to7-1-1-b/" in query["body"][0]
    assert "File: data/interventi/to7-1-1-b.yaml\n" in query["body"][0]


@pytest.mark.parametrize("beside_a_thread", [False, True])
def test_a_failure_writing_the_search_documents_is_one_sentence_and_leaves_the_output(tmp_path, monkeypatch,
                                                                                      beside_a_thread):
    # Beside another thread the documents are written in the build's own process
    # (parallel.start_after), otherwise by a forked child: the same message.
    import threading

    import ponmetro_site.build as build_module

    def no_space(records, folder, word_budget):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_module, "write_search_documents", no_space)
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("il sito di prima", encoding="utf-8")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    if beside_a_thread:
        other.start()
    try:
        result = build_module.build(ROOT / "pelicanconf.py", data_dir=ROOT / "data", output_dir=output,
                                    overrides={"PONMETRO_CACHE_DIR": str(tmp_path / "cache")},
                                    report=lambda text: None)
    finally:
        stop.set()
    assert not result.ok
    assert result.message == ("Sito NON costruito: indice di ricerca non creato (pagefind): "
                              "OSError: [Errno 28] No space left on device; l'uscita precedente è intatta.")
    assert [p.name for p in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text(encoding="utf-8") == "il sito di prima"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "output"]  # no scratch folder left


def test_a_search_program_that_fails_with_a_traceback_is_one_sentence(tmp_path, monkeypatch):
    # As `python -m pagefind` fails when its binary is missing from the wheel.
    import ponmetro_site.build as build_module

    real_start_after = build_module.start_after
    failing = [sys.executable, "-c", "raise FileNotFoundError('manca il programma pagefind')"]
    monkeypatch.setattr(build_module, "start_after",
                        lambda prepare, command, log, **kw: real_start_after(prepare, failing, log, **kw))
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("il sito di prima", encoding="utf-8")
    result = build_module.build(ROOT / "pelicanconf.py", data_dir=ROOT / "data", output_dir=output,
                                overrides={"PONMETRO_CACHE_DIR": str(tmp_path / "cache")}, report=lambda text: None)
    assert not result.ok
    assert result.message == ("Sito NON costruito: indice di ricerca non creato (pagefind): "
                              "FileNotFoundError: manca il programma pagefind; l'uscita precedente è intatta.")
    assert (output / "index.html").read_text(encoding="utf-8") == "il sito di prima"


def test_an_output_folder_that_cannot_be_made_is_one_sentence_and_leaves_no_scratch(tmp_path, monkeypatch):
    import tempfile

    import ponmetro_site.build as build_module

    made = []

    def mkdtemp(*args, **kwargs):
        made.append(real_mkdtemp(*args, **kwargs))
        return made[-1]

    real_mkdtemp = tempfile.mkdtemp
    monkeypatch.setattr(build_module.tempfile, "mkdtemp", mkdtemp)
    (tmp_path / "un-file").write_text("non una cartella", encoding="utf-8")
    output = tmp_path / "un-file" / "sito" / "output"
    result = build_module.build(ROOT / "pelicanconf.py", data_dir=ROOT / "data", output_dir=output,
                                overrides={"PONMETRO_CACHE_DIR": str(tmp_path / "cache")}, report=lambda text: None)
    assert not result.ok
    assert result.message == (f"Sito NON costruito: impossibile creare cartelle in {output.parent}, "
                              "dove va l'uscita: nel percorso c'è un file dove serve una cartella")
    # And the search index, asked for a place beside such an output, removes its scratch folder.
    with pytest.raises(NotADirectoryError):
        build_module.SearchIndex(load_dataset(ROOT / "data").records, output.parent)
    assert made and not any(Path(folder).exists() for folder in made)


def test_an_output_beside_which_no_folder_can_be_made_is_one_sentence(tmp_path):
    from ponmetro_site.build import build

    # /proc exists, but refuses new folders (as a read-only mount would, even for root).
    result = build(ROOT / "pelicanconf.py", data_dir=ROOT / "data", output_dir=Path("/proc/ponmetro-uscita"),
                   overrides={"PONMETRO_CACHE_DIR": str(tmp_path / "cache")}, report=lambda text: None)
    assert not result.ok
    assert result.message.startswith("Sito NON costruito: impossibile creare cartelle in /proc, dove va l'uscita: ")
    assert "inatteso" not in result.message


def test_accents_written_apart_are_published_composed(tmp_path):
    # "Attività" pasted from a PDF: "a" and U+0300, the combining grave accent. A reader's
    # search or a spreadsheet's filter for "Attività" would not find it as written.
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    record = data / "interventi" / "mi3-3-1-a.yaml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("titolo: Intervento di prova con tutti i campi", "titolo: Attivita\u0300 di prova")
    text = text.replace("soggetto_attuatore: Comune di Milano", "soggetto_attuatore: Citta\u0300 di Milano")
    record.write_text(text, encoding="utf-8")
    output = build_site(data, tmp_path / "output")

    assert text_of(soup(output / "progetti/mi3-3-1-a/index.html").h1) == "Attivit\u00e0 di prova"
    table = (output / "dati/interventi.csv").read_text(encoding="utf-8")
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(table))}
    assert rows["mi3-3-1-a"]["titolo"] == "Attivit\u00e0 di prova"
    assert rows["mi3-3-1-a"]["soggetto_attuatore"] == "Citt\u00e0 di Milano"
    own = json.loads((output / "progetti/mi3-3-1-a/mi3-3-1-a.json").read_text(encoding="utf-8"))
    assert "Attivit\u00e0 di prova" in json.dumps(own, ensure_ascii=False)
    published = [p for p in output.rglob("*") if p.suffix in {".html", ".csv", ".json", ".xml"}]
    assert published and not [p for p in published if "\u0300" in p.read_text(encoding="utf-8")]


def test_the_downloads_page_says_when_the_catalogue_is_not_complete(real_site, tmp_path):
    # Without the publishing administration the RDF lacks what DCAT-AP_IT requires, and
    # dati.gov.it would refuse it: its description said "come lo raccoglie dati.gov.it".
    def catalogue_row(site):
        page = soup(site / "dati/index.html")
        return next(text_of(tr) for tr in page.select("#file-didascalia ~ tbody tr")
                    if "catalogo-dcat-ap-it.rdf" in text_of(tr.th))

    assert "Non ancora completo: mancano i dati dell'ente che pubblica" in catalogue_row(real_site)
    configured = build_site(ROOT / "data", tmp_path / "output", PONMETRO_PUBLISHER_NAME="Comune di Prova",
                            PONMETRO_PUBLISHER_IPA="c_prova", PONMETRO_CONTACT_EMAIL="dati@comune.prova.it")
    assert "Non ancora completo" not in catalogue_row(configured)
    assert "come lo raccoglie dati.gov.it" in catalogue_row(configured)
