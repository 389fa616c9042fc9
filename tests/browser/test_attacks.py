"""Data that tries to run code never does: the fixture's attack record
(tests/site/fixture_data/interventi/mi3-3-1-z.yaml) in every page that shows it,
and a chart whose labels carry `</script><script>...`, in a real browser.

Each attempt would set `window.__attacco`; it must stay undefined after the page
is loaded, hovered, clicked and tabbed through. The page must also still show the
attack as text, and hold no event handler, frame or javascript: link.
"""

from __future__ import annotations

import json

import pytest

from .support import ATTACK_PAGES, build, copy_fixture, serve, settle, watched_page

pytestmark = pytest.mark.browser

# A DOM that could run code: inline handlers, script URLs, frames, plugins, or a
# script element that is not one of the site's files or JSON data.
DANGEROUS_DOM = """() => {
  const found = [];
  for (const e of document.querySelectorAll("*")) {
    for (const a of e.attributes) {
      if (/^on/i.test(a.name)) found.push(e.tagName + " " + a.name);
      if (/^\\s*(javascript|data|vbscript):/i.test(a.value) && /^(href|src|action|formaction|xlink:href)$/i.test(a.name))
        found.push(e.tagName + " " + a.name + "=" + a.value.slice(0, 40));
    }
  }
  document.querySelectorAll("iframe, frame, object, embed, base, meta[http-equiv=refresh]")
    .forEach(e => found.push(e.tagName));
  document.querySelectorAll("script").forEach(s => {
    const json = ["application/json", "application/ld+json"].includes(s.type);
    if (!json && !(s.src && new URL(s.src).origin === location.origin)) found.push("SCRIPT " + s.outerHTML.slice(0, 60));
  });
  return found;
}"""


def poke_everything(page) -> None:
    """Hover, focus and click whatever a visitor could, without leaving the page."""
    page.evaluate("""() => document.querySelectorAll("a").forEach(a => {
        if (a.hasAttribute("href")) a.setAttribute("data-href", a.getAttribute("href"));
    })""")
    targets = page.locator("main *:visible")
    for i in range(min(targets.count(), 400)):
        element = targets.nth(i)
        try:
            element.hover(timeout=500, force=True)
        except Exception:
            pass  # covered or moved: hovering is best effort, the assertions are not
    # links without an address (what the sanitiser left of javascript: links) and
    # every button: clicked for real; links with an address stay put
    for link in page.locator("main a:not([href])").all():
        link.click(force=True)
    for button in page.locator("main button:visible").all():
        button.click()
    for _ in range(60):
        page.keyboard.press("Tab")
    if page.locator(".grafico__area .barlayer .point path").count():
        box = page.locator(".grafico__area .barlayer .point path").first.bounding_box()
        if box:
            page.mouse.click(box["x"] + 2, box["y"] + 2)


def test_the_probe_sees_a_script_that_runs(context):
    """window.__attacco is read in the page's own world: a script that does run is seen."""
    page = context.new_page()
    page.goto("about:blank")
    page.add_script_tag(content="window.__attacco = 1")
    assert page.evaluate("window.__attacco") == 1


@pytest.mark.parametrize("path", ATTACK_PAGES)
def test_attack_record_runs_nothing(path, fixture_site, context):
    page, watch = watched_page(context)
    page.goto(fixture_site.url(path))
    settle(page)
    poke_everything(page)
    assert page.url == fixture_site.url(path) or page.url.startswith(fixture_site.url(path) + "#")
    assert page.evaluate("window.__attacco") is None
    assert page.evaluate(DANGEROUS_DOM) == []
    assert page.evaluate("getComputedStyle(document.body).display") != "none"
    # shown as text, visibly: the title's markup is in the page as characters
    assert page.get_by_text("Attacco <script>window.__attacco=1</script>").first.is_visible()
    assert watch.problems(page) == []


def test_attack_project_page_shows_the_markup_as_text(fixture_site, context):
    page = context.new_page()
    page.goto(fixture_site.url("progetti/mi3-3-1-z/index.html"))
    settle(page)
    h1 = page.inner_text("h1")
    assert h1 == ("Attacco <script>window.__attacco=1</script> {{ 7*7 }} "
                  "</script><script>window.__attacco=2</script>")
    body = page.inner_text("main")
    assert '<img src=x onerror="window.__attacco=3">' in body
    assert "{% raw %}{{ config }}{% endraw %}" in body  # no template ran on it either
    assert "49" not in h1
    assert page.locator("main h1").count() == 1  # "# Titolo" in the description is not a second h1


# --- a chart whose labels try to close the JSON's <script> element -----------------

LABEL_ATTACK = "</script><script>window.__attacco=99</script>"


@pytest.fixture(scope="module")
def chart_attack_site(tmp_path_factory):
    """The fixture with Torino renamed so that chart labels carry a `</script>`."""
    data = copy_fixture(tmp_path_factory.mktemp("chart-attack") / "data")
    name = f"Torino {LABEL_ATTACK}"
    citta = data / "citta.yaml"
    citta.write_text(citta.read_text(encoding="utf-8").replace(
        "nome: Torino,", f"nome: {json.dumps(name, ensure_ascii=False)},"), encoding="utf-8")
    for path in (data / "interventi").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if "citta: Torino\n" in text:
            path.write_text(text.replace("citta: Torino\n", f"citta: {json.dumps(name)}\n"), encoding="utf-8")
    totals = data / "totali-dichiarati.yaml"
    totals.write_text(totals.read_text(encoding="utf-8").replace("citta: Torino\n", f"citta: {json.dumps(name)}\n"),
                      encoding="utf-8")
    output = build(data, tmp_path_factory.mktemp("chart-attack") / "output")
    server = serve(output)
    yield server.served
    server.stop()


@pytest.mark.parametrize("path", ["assi/7/index.html", "azioni/7-1-1/index.html", "progetti/index.html"])
def test_script_end_tag_in_chart_labels_runs_nothing(path, chart_attack_site, context):
    source = (chart_attack_site.root / path).read_text(encoding="utf-8")
    assert "window.__attacco=99" in source  # the attack did reach the page
    page, watch = watched_page(context)
    page.goto(chart_attack_site.url(path))
    settle(page)
    poke_everything(page)
    assert page.evaluate("window.__attacco") is None
    assert page.evaluate(DANGEROUS_DOM) == []
    assert watch.problems(page) == []
    charts = page.locator("[data-grafico]")
    if path == "progetti/index.html":
        assert charts.count() == 0
        return
    # the JSON is still one whole script element, parsed as data with the label intact
    labels = page.evaluate("""() => Array.from(document.querySelectorAll("[data-grafico]")).flatMap(a =>
        JSON.parse(document.getElementById(a.getAttribute("data-grafico")).textContent).data.flatMap(t => t.y))""")
    assert f"Torino {LABEL_ATTACK}" in labels
    ticks = page.locator(".grafico__area .ytick text").all_text_contents()
    assert any(LABEL_ATTACK in t for t in ticks), ticks
