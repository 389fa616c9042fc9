"""The built site, read back: every page kind, its fields, totals, charts and links."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal

import pytest

from ponmetro.dataset import load_dataset
from site_helpers import FIXTURE_DATA, PUBLIC_URL, ROOT, build_site, eur_to_decimal, html_pages, local_references, resolve, soup, text_of

SCHEDA_LABELS = [
    "Città", "Codice Progetto", "Asse", "Azione", "Priorità di investimento", "Ambito",
    "Soggetto attuatore", "CUP", "R.U.P.", "Data inizio", "Data fine", "Stato",
]


def scheda(doc) -> dict[str, str]:
    return {text_of(v.dt): text_of(v.dd) for v in doc.select("dl.scheda .scheda__voce")}


def chart_specs(doc) -> list[dict]:
    return [json.loads(s.string) for s in doc.select('script[type="application/json"]')]


# --- every page kind exists at its permanent address ----------------------------


def test_every_record_axis_city_and_action_has_its_page(real_site):
    dataset = load_dataset(ROOT / "data")
    for item in dataset.records:
        assert (real_site / "progetti" / item.slug / "index.html").is_file(), item.slug
    for n in range(1, 9):
        assert (real_site / "assi" / str(n) / "index.html").is_file()
    for city in dataset.reference.cities:
        assert (real_site / "citta" / city.slug / "index.html").is_file()
    for action in ("3-3-1", "7-1-1"):
        assert (real_site / "azioni" / action / "index.html").is_file()
    for path in ("index.html", "progetti/index.html", "notizie/index.html",
                 "notizie/quartieri-connessi-milano/index.html", "il-progetto/index.html",
                 "accessibilita/index.html", "note-legali/index.html"):
        assert (real_site / path).is_file(), path


def test_each_table_has_one_row_per_record_or_says_it_has_none(real_site):
    dataset = load_dataset(ROOT / "data")
    for n in range(1, 9):
        rows = soup(real_site / "assi" / str(n) / "index.html").select("table.tabella--progetti tbody tr")
        mine = [item for item in dataset.records if item.record.asse == n]
        if mine:
            slugs = [row.th.a["href"].split("/progetti/")[1].split("/")[0] for row in rows]
            assert slugs == sorted(item.slug for item in mine), n
        else:
            assert [text_of(row) for row in rows] == ["Nessun intervento pubblicato."], n
    rows = soup(real_site / "progetti/index.html").select("table.tabella--progetti tbody tr")
    assert len(rows) == len(dataset.records)


def test_addresses_follow_the_code(real_site):
    assert (real_site / "progetti/mi3-3-1-e/index.html").is_file()
    assert (real_site / "progetti/to7-1-1-b/index.html").is_file()
    assert (real_site / "progetti/bo3-3-1-a/index.html").is_file()
    # records without a code keep their pinned slug
    assert (real_site / "progetti/bologna-poverta-abitativa/index.html").is_file()
    assert (real_site / "citta/milano/index.html").is_file()
    assert (real_site / "azioni/3-3-1/index.html").is_file()


# --- the project page ---------------------------------------------------------------


def test_project_page_shows_every_field_in_the_programme_order(real_site):
    doc = soup(real_site / "progetti/to7-1-1-b/index.html")
    fields = scheda(doc)
    assert list(fields) == SCHEDA_LABELS
    assert fields["Città"] == "Torino"
    assert fields["Codice Progetto"] == "TO7.1.1.b"
    assert fields["Azione"] == "Azione 7.1.1"
    assert fields["Soggetto attuatore"] == "Comune di Torino e Terzo settore"
    assert fields["CUP"].startswith("C19J21037430006")
    assert fields["R.U.P."] == "Alessandro Cabodi Gatti"
    assert fields["Data inizio"] == "30/09/2021"
    assert fields["Data fine"] == "30/06/2023"
    assert fields["Ambito"] == "n.d."
    assert text_of(doc.h1) == "Piani di sostegno e sviluppo per enti di terzo settore"
    headings = [text_of(h) for h in doc.find_all("h2")]
    for expected in ("Descrizione dell'intervento", "Scheda", "Avanzamento finanziario",
                     "Photogallery", "Documentazione", "Fonti e note"):
        assert expected in headings
    body = text_of(doc.main)
    assert "Foto non disponibili" in body and "Documenti non disponibili" in body
    assert "30-09-0021" in body  # the note quoting the source's typo
    assert "Scheda aggiornata al 22 novembre 2026" in body
    assert "consultata il 22/11/2026" in body


def test_project_links_to_its_axis_city_and_action(real_site):
    page = real_site / "progetti/to7-1-1-b/index.html"
    doc = soup(page)
    targets = {resolve(page, a["href"], real_site) for a in doc.select("nav.vedi-anche a")}
    assert targets == {
        real_site / "citta/torino/index.html",
        real_site / "assi/7/index.html",
        real_site / "azioni/7-1-1/index.html",
    }


def test_month_precision_dates_read_as_months(real_site):
    fields = scheda(soup(real_site / "progetti/bo3-3-1-a/index.html"))
    assert fields["Data inizio"] == "settembre 2016"
    assert fields["Data fine"] == "dicembre 2022"
    assert fields["CUP"] == "n.d."


def test_amounts_in_italian_with_percentages(real_site):
    doc = soup(real_site / "progetti/to7-1-1-b/index.html")
    rows = {text_of(r.th): [text_of(td) for td in r.find_all("td")] for r in doc.select("figure.grafico tbody tr")}
    assert rows["Programmato"][0] == "1.200.000,00 €"
    assert rows["Ammesso a finanziamento"] == ["1.190.893,72 €", "99,2%"]
    assert rows["Erogato"] == ["218.177,38 €", "18,2%"]
    assert "Fonte:" in text_of(doc.select_one("figure.grafico figcaption"))


def test_project_without_amounts_says_so(fixture_site):
    doc = soup(fixture_site / "progetti/milano-senza-codice/index.html")
    assert not doc.select("figure.grafico")
    assert "Importi non disponibili" in text_of(doc.main)
    assert not doc.select('script[src*="grafici"]')
    assert text_of(doc.h1) == "Intervento di prova senza codice e senza importi"


def test_title_missing_in_sources_is_not_invented(real_site):
    doc = soup(real_site / "progetti/mi3-3-1-e/index.html")
    assert text_of(doc.h1) == "Intervento MI3.3.1.e"
    assert "non riporta il titolo" in text_of(doc.main)


def test_data_quality_warnings_are_on_the_page(real_site):
    body = text_of(soup(real_site / "progetti/mi3-3-1-e/index.html").main)
    assert "Avvisi sulla qualità dei dati" in body
    assert "CUP non disponibile" in body
    assert "l'erogato è zero" in body


# --- charts ------------------------------------------------------------------------


def test_chart_specs_are_valid_plotly_and_carry_exact_amounts(real_site):
    import plotly.graph_objects as go

    doc = soup(real_site / "progetti/to7-1-1-b/index.html")
    (spec,) = chart_specs(doc)
    go.Figure(spec)  # plotly's own validators: raises on an invalid spec
    bar = spec["data"][0]
    assert bar["x"] == ["1200000.00", "1190893.72", "1190893.72", "218177.38"]
    assert bar["customdata"][3] == "218.177,38\u00a0€ (18,2%)"
    assert spec["layout"]["separators"] == ",."


def test_every_chart_on_every_page_is_a_valid_plotly_figure(real_site, fixture_site):
    import plotly.graph_objects as go

    count = 0
    for root in (real_site, fixture_site):
        for page in html_pages(root):
            for spec in chart_specs(soup(page)):  # noqa: B007
                go.Figure(spec)
                count += 1
    assert count >= 10


def test_a_chart_with_no_amount_to_draw_keeps_its_table_and_says_why(tmp_path):
    from ponmetro.charts import NOTHING_TO_DRAW

    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    for record in (data / "interventi").glob("*.yaml"):
        record.write_text(re.sub(r"\nimporti:\n(?:  .*\n)+", "\n", record.read_text(encoding="utf-8")),
                          encoding="utf-8")
    (data / "totali-dichiarati.yaml").unlink()  # the declared totals would not add up
    output = build_site(data, tmp_path / "output")
    for page in ("index.html", "assi/3/index.html", "citta/milano/index.html", "embed/programma-per-asse/index.html"):
        doc = soup(output / page)
        figure = doc.select_one("figure.grafico")
        # No empty plot (it showed an axis from 0 to 5 €), nor the script that would draw one.
        assert not doc.select("[data-grafico]") and not doc.select('script[src*="grafici"]'), page
        assert NOTHING_TO_DRAW in text_of(figure.figcaption), page
        assert [text_of(td) for td in figure.select("tbody tr")[0].select("td")][1:3] == ["n.d.", "n.d."], page


def test_plotly_only_on_pages_with_charts_and_from_the_site(real_site):
    checked = 0
    for page in html_pages(real_site):
        doc = soup(page)
        has_chart = bool(doc.select("[data-grafico]"))
        scripts = [s.get("src") for s in doc.find_all("script") if s.get("src")]
        # plotly.js is named by the charts' script, which fetches it when a chart comes near
        drawing = doc.select('script[src$="/theme/js/grafici.js"][data-plotly]')
        assert has_chart == bool(drawing), page
        assert not any("plotly" in src for src in scripts), page
        for script in drawing:
            plotly = page.parent.joinpath(script["data-plotly"]).resolve()
            assert plotly.is_file() and plotly.name == "plotly-basic.min.js", (page, script["data-plotly"])
            checked += 1
        for src in scripts + [s["data-plotly"] for s in drawing]:
            # 404.html names the site's own files by their public address (a host shows it at any address)
            own = page.name == "404.html" and src.startswith(PUBLIC_URL)
            assert own or not src.startswith(("http:", "https:", "//")), (page, src)
    assert checked >= 5


def test_no_inline_script_anywhere(real_site, fixture_site):
    for root in (real_site, fixture_site):
        for page in html_pages(root):
            for script in soup(page).find_all("script"):
                # data, never code: chart specs and schema.org JSON-LD
                assert script.get("src") or script.get("type") in {"application/json", "application/ld+json"}, page


# --- totals add up -----------------------------------------------------------------


def _totals(doc) -> dict[str, Decimal | None]:
    out = {}
    for voce in doc.select("dl.totali .totali__voce"):
        figure = text_of(voce.select_one(".totali__cifra"))
        out[text_of(voce.dt)] = None if figure == "n.d." else eur_to_decimal(figure)
    return out


@pytest.mark.parametrize("kind", ["asse", "citta", "azione", "home"])
def test_totals_are_the_exact_sums_of_the_records(fixture_site, kind):
    dataset = load_dataset(FIXTURE_DATA)
    records = [i.record for i in dataset.records]
    pages = {
        "asse": ("assi/3/index.html", lambda r: r.asse == 3),
        "citta": ("citta/milano/index.html", lambda r: r.citta == "Milano"),
        "azione": ("azioni/3-3-1/index.html", lambda r: (r.azione or "") == "3.3.1"),
        "home": ("index.html", lambda r: True),
    }
    path, selected = pages[kind]
    shown = _totals(soup(fixture_site / path))
    chosen = [r for r in records if selected(r)]
    for label, name in (("Programmato", "programmato"), ("Erogato", "erogato"),
                        ("Ammesso a finanziamento", "ammesso_a_finanziamento")):
        values = [getattr(r.importi, name) for r in chosen if getattr(r.importi, name) is not None]
        assert shown[label] == (sum(values, Decimal("0.00")) if values else None), (kind, label)


def test_declared_total_shown_with_the_sum_and_the_difference(real_site):
    for path in ("assi/3/index.html", "citta/bologna/index.html"):
        box = soup(real_site / path).select_one("section.riquadro")
        figures = [eur_to_decimal(text_of(dd)) for dd in box.select("dl.confronto dd")]
        assert figures == [Decimal("9830384.00"), Decimal("9830384.57"), Decimal("0.57")]
        assert "corrisponde al totale dichiarato" in text_of(box)


def test_partial_sums_say_how_many_records_gave_the_amount(fixture_site):
    body = text_of(soup(fixture_site / "citta/milano/index.html").select_one("dl.totali"))
    assert "somma di 2 interventi su 4" in body  # ammesso: given by 2 of the 4 Milano records


# --- links and well-formedness -------------------------------------------------------


@pytest.mark.parametrize("site", ["real_site", "fixture_site", "public_site"])
def test_every_internal_link_and_asset_resolves(site, request):
    root = request.getfixturevalue(site)
    checked = 0
    for page in html_pages(root):
        doc = soup(page)
        for ref in local_references(page, doc):
            assert resolve(page, ref, root) is not None, f"{page.relative_to(root)} -> {ref}"
            checked += 1
    assert checked > 100


def test_public_build_uses_clean_permanent_addresses(public_site):
    doc = soup(public_site / "progetti/to7-1-1-b/index.html")
    assert doc.find("link", rel="canonical")["href"].endswith("/progetti/to7-1-1-b/")
    hrefs = [a["href"] for a in doc.select("nav.vedi-anche a")]
    assert hrefs == ["../../citta/torino/", "../../assi/7/", "../../azioni/7-1-1/"]


def test_local_build_links_work_from_disk(real_site):
    hrefs = [a["href"] for a in soup(real_site / "progetti/to7-1-1-b/index.html").select("nav.vedi-anche a")]
    assert all(h.endswith("/index.html") for h in hrefs)


def test_every_page_has_lang_title_description_and_one_h1(real_site, fixture_site):
    for root in (real_site, fixture_site):
        for page in html_pages(root):
            doc = soup(page)
            assert doc.html.get("lang") == "it", page
            assert doc.title and doc.title.string.strip(), page
            description = doc.find("meta", attrs={"name": "description"})
            assert description and description["content"].strip(), page
            assert len(doc.find_all("h1")) == 1, page
            assert doc.find("main"), page
            if "embed" not in page.relative_to(root).parts:  # an embedded chart is only its main
                assert doc.find("nav") and doc.find("header") and doc.find("footer"), page


# --- news ------------------------------------------------------------------------------


def test_news_article_links_milano_and_its_axes(real_site):
    page = real_site / "notizie/quartieri-connessi-milano/index.html"
    doc = soup(page)
    links = {text_of(a): resolve(page, a["href"], real_site) for a in doc.select("nav.vedi-anche a")}
    assert links["Gli interventi di Milano"] == real_site / "citta/milano/index.html"
    assert {p.relative_to(real_site).as_posix() for p in links.values()} >= {
        "assi/1/index.html", "assi/3/index.html", "assi/4/index.html"}
    assert "Quartieri Connessi" in text_of(doc.h1)


def test_news_article_names_its_source(real_site):
    source = next(line.split(": ", 1)[1] for line in (ROOT / "content/notizie/2019-12-13-quartieri-connessi.md")
                  .read_text(encoding="utf-8").splitlines() if line.startswith("Fonte: "))
    doc = soup(real_site / "notizie/quartieri-connessi-milano/index.html")
    assert text_of(doc.select_one("article.notizia p.fonte")) == f"Fonte: {source}"


def test_the_home_pages_allocation_is_what_the_axes_page_adds_up_to(real_site):
    # The home page said "circa 1,9 miliardi" while the axes listed 1.992,29 milioni.
    def millions(text: str) -> list[Decimal]:
        found = re.findall(r"([0-9.]+(?:,[0-9]+)?) milioni di €", text.replace("\u00a0", " "))
        return [Decimal(m.replace(".", "").replace(",", ".")) for m in found]

    (home,) = millions(text_of(soup(real_site / "index.html").select_one(".introduzione")))
    axes = millions(text_of(soup(real_site / "assi/index.html").main))
    assert len(axes) == 8 and home == sum(axes) == Decimal("1992.29")


def test_warnings_about_how_a_description_is_written_stay_off_the_readers_page(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    record = data / "interventi/to7-1-1-a.yaml"
    text = record.read_text(encoding="utf-8")
    written = "citta: Torino\ndescrizione: 'Testo con <iframe src=\"https://x.it\"></iframe>.'\n"
    record.write_text(text.replace("citta: Torino\n", written, 1), encoding="utf-8")
    from ponmetro.dataset import load_dataset

    assert any(p.field == "descrizione" for p in load_dataset(data).report.warnings)  # told to the maintainer
    page = soup(build_site(data, tmp_path / "output") / "progetti/to7-1-1-a/index.html")
    assert "del testo" not in text_of(page.main) and not page.select("main iframe")


def test_a_shared_cup_is_told_to_readers_by_the_other_project_not_its_file(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    record = data / "interventi/mi3-3-1-b.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("B41H16000090008", "B41H16000090007"),
                      encoding="utf-8")
    output = build_site(data, tmp_path / "output")
    warnings = [text_of(li) for li in soup(output / "progetti/mi3-3-1-b/index.html").select("ul.avvisi li")]
    assert ("Lo stesso CUP (B41H16000090007) è indicato anche per il progetto MI3.3.1.a: le somme del sito "
            "potrebbero contare due volte lo stesso investimento") in warnings
    for slug in ("mi3-3-1-a", "mi3-3-1-b"):
        assert ".yaml" not in text_of(soup(output / f"progetti/{slug}/index.html").main)


def test_a_sum_of_only_some_records_says_of_how_many_in_tables_and_bars(real_site):
    # Asse 3: only MI3.3.1.e of its 4 records gives erogato (0,00 €). "0,00 €" and
    # "0,0%" beside 10,96 milioni read as nothing spent, on the home page and in every embed.
    home = soup(real_site / "index.html")
    rows = {text_of(tr.th): [text_of(td) for td in tr.find_all("td")] for tr in home.select("figure table tbody tr")}
    assert rows["Asse 3"][:3] == ["4", "10.958.484,57 €", "0,00 € (1 su 4)"]
    assert rows["Asse 7"][:3] == ["1", "1.200.000,00 €", "218.177,38 €"]  # all of them: nothing to add
    spec = json.loads(home.select_one("figure script[type='application/json']").string)
    erogato = next(bar for bar in spec["data"] if bar["name"] == "Erogato")
    assert dict(zip(erogato["y"], erogato["text"]))["Asse 3"] == "0,00\u00a0€ (1 su 4)"
    actions = soup(real_site / "azioni/index.html")
    cells = {text_of(tr.th): [text_of(td) for td in tr.find_all("td")] for tr in actions.select("tbody tr")}
    assert cells["Azione 3.3.1"] == ["2", "2.993.008,36 €", "0,00 € (1 su 2)"]
    assert "tra parentesi quanti" in text_of(actions.main)


def test_the_home_page_counts_the_published_records_of_each_city(real_site):
    # "Genova 0 interventi" read as a fact of the programme; it is what this site publishes.
    items = [text_of(li) for li in soup(real_site / "index.html").select("#per-citta ~ ul li")]
    assert "Genova 0 interventi pubblicati" in items and "Milano 1 intervento pubblicato" in items


def test_a_group_page_is_dated_by_its_own_records_not_the_whole_site(tmp_path):
    # Torino's record updated on 1 December dated every axis, city and action page
    # "Dati aggiornati al 1 dicembre 2026", Bologna's and Asse 3's included, whose
    # records were all last updated on 22 November.
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    record = data / "interventi/to7-1-1-b.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("aggiornato_il: 22-11-2026",
                                                                 "aggiornato_il: 01-12-2026"), encoding="utf-8")
    output = build_site(data, tmp_path / "output")

    def dated(page):
        return re.findall(r"Dati aggiornati al (\d+ \w+ \d{4})", text_of(soup(output / page).main))

    assert set(dated("index.html")) == {"1 dicembre 2026"}
    assert set(dated("assi/7/index.html")) == set(dated("citta/torino/index.html")) == {"1 dicembre 2026"}
    for page in ("assi/3/index.html", "citta/bologna/index.html", "azioni/3-3-1/index.html"):
        assert set(dated(page)) == {"22 novembre 2026"}, page


def test_the_axes_allocations_name_their_source(real_site):
    # "Dotazione 239,42 milioni di €" and the programme's 1.992,29 had no source on any page.
    source = ("Programma Operativo Nazionale Città Metropolitane 2014-2020 (CCI 2014IT16M2OP004), piano finanziario "
              "per asse, versione con le risorse REACT-EU (consultata il 22/11/2026)")
    axes = text_of(soup(real_site / "assi/index.html").select_one("main p.fonte"))
    assert axes.startswith(f"Fonte delle dotazioni: {source}. Dotazioni in milioni di euro")
    axis = [text_of(p) for p in soup(real_site / "assi/3/index.html").select("main p.fonte")]
    assert f"Fonte della dotazione: {source}." in axis


def test_a_project_whose_code_was_corrected_names_its_previous_address(tmp_path):
    # A reader who follows an old article's link passes through the redirect page in
    # an instant and lands on a page with another code: the page says which address it had.
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    old = data / "interventi/mi3-3-1-z.yaml"
    (data / "interventi/mi3-3-1-y.yaml").write_text(
        old.read_text(encoding="utf-8").replace("codice: MI3.3.1.z\n", "codice: MI3.3.1.y\n"), encoding="utf-8")
    old.unlink()
    (data / "redirects.yaml").write_text(
        "redirects:\n  - da: progetti/mi3-3-1-z/\n    a: progetti/mi3-3-1-y/\n"
        "    motivo: Codice corretto secondo la scheda del Comune\n    dal: 22-11-2026\n", encoding="utf-8")
    output = build_site(data, tmp_path / "output", settings="publishconf.py")
    cited = soup(output / "progetti/mi3-3-1-y/index.html").select_one("section.cita")
    terms = {text_of(div.dt): div.dd for div in cited.select("dl > div")}
    assert [" ".join(li.get_text().split()) for li in terms["Indirizzi precedenti"].select("li")] == [
        f"{PUBLIC_URL}progetti/mi3-3-1-z/, fino al 22/11/2026: Codice corretto secondo la scheda del Comune"]
    assert "Indirizzi precedenti" not in text_of(soup(output / "progetti/mi3-3-1-a/index.html").main)
