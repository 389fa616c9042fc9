"""The charts in Chromium: drawn by plotly.js under the strict CSP, in Italian."""

from __future__ import annotations

import re

import pytest

from bs4 import BeautifulSoup

from .support import answer_as_public_host, hover_bar, html_pages, settle, watched_page

pytestmark = pytest.mark.browser

AMOUNT_TICK = re.compile(r"^\d{1,3}(\.\d{3})* €$")  # 1.200.000 €


def _text(s: str) -> str:
    return s.replace("\u00a0", " ").strip()


def test_progress_chart_is_drawn_with_italian_hover_labels(real_site, context):
    page, watch = watched_page(context)
    page.goto(real_site.url("progetti/to7-1-1-b/index.html"))
    settle(page)
    bars = page.locator("#avanzamento-to7-1-1-b .barlayer .point path")
    assert bars.count() == 4
    labels = [_text(hover_bar(page, i, "#avanzamento-to7-1-1-b")) for i in range(4)]
    # the spec says "%{y}: %{customdata}": the row's name and its Italian amount
    assert "Erogato: 218.177,38 € (18,2%)" in labels, labels
    assert "Programmato: 1.200.000,00 €" in labels, labels
    ticks = [_text(t) for t in page.locator("#avanzamento-to7-1-1-b .xtick text").all_text_contents()]
    assert ticks and all(AMOUNT_TICK.match(t) for t in ticks if t != "0 €"), ticks
    assert watch.problems(page) == []


def test_every_chart_of_a_totals_page_is_drawn(fixture_site, context):
    page, watch = watched_page(context)
    page.goto(fixture_site.url("assi/3/index.html"))
    settle(page)
    areas = page.locator("[data-grafico]")
    assert areas.count() >= 1
    for i in range(areas.count()):
        area = areas.nth(i)
        assert area.locator("svg.main-svg .barlayer .point path").count() > 0
        # a drawn chart is a named group whose drawing is hidden from screen readers
        assert area.get_attribute("role") == "group"
        assert area.get_attribute("aria-label")
    label = _text(hover_bar(page, 0, "#asse-3-per-citta"))
    assert re.search(r"\d{1,3}(\.\d{3})*,\d\d €", label), label
    assert watch.problems(page) == []


def test_toolbar_keeps_only_the_italian_download_and_it_works(fixture_site, context):
    page, watch = watched_page(context)
    page.goto(fixture_site.url("progetti/mi3-3-1-a/index.html"))
    settle(page)
    buttons = page.locator(".grafico__area .modebar-btn")
    assert buttons.count() == 1  # no zoom, no "Share chart" to Plotly's cloud
    assert buttons.first.get_attribute("aria-label") == "Scarica il grafico come immagine PNG"
    assert buttons.first.is_visible()
    with page.expect_download() as download_info:
        buttons.first.click()
    download = download_info.value
    assert download.suggested_filename == "avanzamento-mi3-3-1-a.png"
    png = download.path().read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 1000
    assert watch.problems(page) == []


def test_plotly_is_fetched_only_when_a_chart_comes_near(real_site, browser):
    """A phone reader who stays at the top of a project page does not download
    plotly.js (about 400 KB compressed); scrolling towards the chart fetches it
    once and draws the chart."""
    context = browser.new_context(viewport={"width": 375, "height": 700}, locale="it-IT")
    try:
        page, watch = watched_page(context)
        fetched = []
        page.on("request", lambda r: fetched.append(r.url) if "plotly" in r.url else None)
        page.goto(real_site.url("progetti/to7-1-1-b/index.html"))
        page.wait_for_load_state("networkidle")
        area = page.locator("#avanzamento-to7-1-1-b")
        assert page.evaluate("document.documentElement.scrollTop") == 0
        assert area.bounding_box()["y"] > 2 * 700  # the chart is more than a screen below
        assert fetched == []
        assert area.locator("svg.main-svg").count() == 0
        # the numbers are there all the same, in the table under the chart
        assert "218.177,38" in page.locator("figure.grafico table").first.inner_text()

        area.scroll_into_view_if_needed()
        area.locator("svg.main-svg .barlayer .point path").first.wait_for()
        assert area.get_attribute("role") == "group"
        assert len(fetched) == 1 and fetched[0].endswith("/theme/vendor/plotly-basic.min.js"), fetched
        assert watch.problems(page) == []
    finally:
        context.close()



@pytest.mark.parametrize("width", [360, 600, 1000])
def test_an_embed_shows_chart_source_and_credit_in_the_height_its_code_suggests(real_site, browser, width):
    # With its table open under the chart, an iframe of the suggested height cut off the
    # source, the date and the credit ("Dati: PON Metro Aperto, licenza CC BY 4.0");
    # on a phone, a long title (BO3.3.1.a's) cut them off by 217 px. Every embed code of the site.
    snippets = {}
    for name in html_pages(real_site.root):
        if not name.startswith("embed/"):
            text = (real_site.root / name).read_text(encoding="utf-8")
            snippets.update(re.findall(r'embed/([a-z0-9-]+)/" title="[^"]*" width="100%" height="(\d+)"', text))
    assert len(snippets) == len(list((real_site.root / "embed").iterdir())) > 5
    for chart, height in snippets.items():
        context = browser.new_context(viewport={"width": width, "height": int(height)})
        page, watch = watched_page(context)
        page.goto(real_site.url(f"embed/{chart}/index.html"))
        page.wait_for_selector(".grafico__area--pronto svg")
        page.wait_for_selector("details.grafico__dati .tabella-scorre table", state="attached")  # folded
        for part in (".grafico__area", ".grafico__didascalia", ".incorporato__firma"):
            assert page.locator(part).bounding_box()["y"] + page.locator(part).bounding_box()["height"] \
                <= int(height), (chart, part)
        page.click("details.grafico__dati summary")
        assert page.locator(".grafico__dati table").is_visible()
        assert watch.problems(page) == []
        context.close()


def test_without_javascript_an_embed_keeps_its_table_open(real_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(real_site.url("embed/avanzamento-to7-1-1-b/index.html"))
    assert page.locator(".tabella-scorre table").is_visible() and not page.locator("details.grafico__dati").count()
    context.close()


def test_the_downloaded_image_carries_title_source_credit_and_a_font_every_machine_has(real_site, browser):
    # It travels without the page; laid out for the page's web font, its text came out cut
    # ("Erogatc") in the fallback font of the image.
    context = browser.new_context(viewport={"width": 375, "height": 900})
    page, watch = watched_page(context)
    page.goto(real_site.url("progetti/to7-1-1-b/index.html"))
    page.locator("#avanzamento-to7-1-1-b").scroll_into_view_if_needed()
    page.wait_for_selector("#avanzamento-to7-1-1-b.grafico__area--pronto .modebar-btn")
    page.evaluate("""() => { window.__immagine = null;
        window.Plotly.downloadImage = (figure, options) => { window.__immagine = {figure, options}; }; }""")
    page.locator("#avanzamento-to7-1-1-b .modebar-btn").click()
    image = page.evaluate("window.__immagine")
    layout, options = image["figure"]["layout"], image["options"]
    assert options["format"] == "png" and options["width"] >= 800 and options["filename"] == "avanzamento-to7-1-1-b"
    assert layout["title"]["text"] == "Dal programmato all'erogato"
    credit = layout["annotations"][-1]["text"].replace("<br>", " ")
    assert "Piani di sostegno e sviluppo per enti di terzo settore" in credit  # the project, the page's h1
    assert "Fonte: Sito del programma PON Metro" in credit and "Scheda aggiornata al 22 novembre 2026" in credit
    assert "Dati: PON Metro Aperto, licenza CC BY 4.0" in credit and "progetti/to7-1-1-b/" in credit
    assert "Titillium" not in layout["font"]["family"]
    assert all(trace.get("textposition") != "none" for trace in image["figure"]["data"])  # amounts shown at 800 px
    assert watch.problems(page) == []
    context.close()


def test_the_embed_code_fits_its_iframe_to_the_chart_on_another_site(public_build, browser):
    # The iframe's fixed height is made for a 360 px phone: on a wide screen it left a
    # blank band under the chart, and a reader who opened the table had to scroll
    # inside the frame. The embed code's script sets the height the embed page reports.
    page_html = (public_build / "progetti/bo3-3-1-a/index.html").read_text(encoding="utf-8")
    code = BeautifulSoup(page_html, "html.parser").select_one("details.incorpora pre code").get_text()
    article = f"<!DOCTYPE html><html lang='it'><body><p>Un articolo.</p>{code}<p>Fine.</p></body></html>"
    for width in (360, 1000):
        context = browser.new_context(viewport={"width": width, "height": 800})
        answer_as_public_host(context, public_build)
        # Another site: the article, and nothing else (a favicon asked for is not the embed's problem).
        context.route("https://giornale.example/**", lambda route: route.fulfill(
            body=article, content_type="text/html") if route.request.url.endswith("/articolo.html")
            else route.fulfill(status=204))
        page, watch = watched_page(context)
        page.goto("https://giornale.example/articolo.html")
        frame = page.frame_locator("iframe")
        frame.locator(".grafico__area--pronto svg").first.wait_for()
        frame.locator("details.grafico__dati").wait_for(state="attached")

        def fits():
            inner = frame.locator("main").evaluate("m => m.getBoundingClientRect().bottom + scrollY")
            return page.locator("iframe").evaluate("f => f.getBoundingClientRect().height") - inner

        page.wait_for_function("() => document.querySelector('iframe').style.height !== ''")
        assert 0 <= fits() < 2, width
        closed = page.locator("iframe").evaluate("f => f.getBoundingClientRect().height")
        assert closed < int(re.search(r'height="(\d+)"', code).group(1)) or width == 360
        frame.locator("details.grafico__dati summary").click()
        page.wait_for_function(f"() => document.querySelector('iframe').getBoundingClientRect().height > {closed}")
        assert 0 <= fits() < 2, width
        assert watch.problems(page) == []
        context.close()
