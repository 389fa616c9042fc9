"""Layout at phone and desktop widths: nothing scrolls sideways at 375 px, and a
screenshot of every page kind at 375 and 1280 px for a person to look at.

Screenshots go to tests/screenshots/ (ignored by git), named <kind>-<width>.png.
"""

from __future__ import annotations

import struct

import pytest

from .support import PAGE_KINDS, SCREENSHOTS, require_page, settle

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

# Elements wider than the window, for the failure message.
TOO_WIDE = """(limit) => Array.from(document.querySelectorAll("body *"))
  .filter(e => e.getBoundingClientRect().right > limit + 0.5 && !e.closest(".tabella-scorre"))
  .slice(0, 8).map(e => e.tagName.toLowerCase() + "." + e.className + " right=" + Math.round(e.getBoundingClientRect().right))"""


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def phone(browser):
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    yield ctx
    ctx.close()


@pytest.mark.parametrize("kind", [*PAGE_KINDS, "attacco"])
def test_nothing_scrolls_sideways_at_375_px(kind, fixture_site, phone):
    path = "progetti/mi3-3-1-z/index.html" if kind == "attacco" else require_page(fixture_site.root, kind)
    page = phone.new_page()
    page.goto(fixture_site.url(path))
    settle(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    culprits = page.evaluate(TOO_WIDE, PHONE["width"])
    page.close()
    assert width <= PHONE["width"], f"{path} is {width} px wide at 375 px: {culprits}"


def test_a_project_chart_table_fits_a_phone_without_scrolling(real_site, phone):
    """The table under a project's chart (name, amount, share of the programmed amount)
    is read whole at 375 px: its headers wrap rather than push it sideways. Longer
    tables (the lists of projects) scroll inside their own region instead."""
    page = phone.new_page()
    page.goto(real_site.url("progetti/to7-1-1-b/index.html"))
    settle(page)
    region = page.locator("figure.grafico .tabella-scorre").first
    sizes = region.evaluate("r => [r.scrollWidth, r.clientWidth]")
    cells = region.locator("td.num").all_inner_texts()
    page.close()
    assert sizes[0] <= sizes[1], f"the chart's table is {sizes[0]} px wide in {sizes[1]} px"
    assert "1.190.893,72 €" in [c.replace("\u00a0", " ") for c in cells]  # an amount on one line


def test_screenshots_of_every_page_kind(fixture_site, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    print(f"screenshots in {SCREENSHOTS}")
    written = []
    for viewport in (PHONE, DESKTOP):
        ctx = browser.new_context(viewport=viewport, device_scale_factor=1, locale="it-IT")
        try:
            for kind, path in PAGE_KINDS.items():
                if not (fixture_site.root / path).is_file():
                    continue
                page = ctx.new_page()
                page.goto(fixture_site.url(path))
                settle(page)
                target = SCREENSHOTS / f"{kind}-{viewport['width']}.png"
                data = page.screenshot(path=str(target), full_page=True)
                page.close()
                width, height = png_size(data)
                assert width == viewport["width"], f"{target.name}: {width} px wide"
                assert height >= viewport["height"] // 2
                written.append(target)
        finally:
            ctx.close()
    assert all(p.stat().st_size > 5000 for p in written)
    assert len(written) >= 2 * 13


def test_a_table_that_scrolls_shows_a_shadow_at_the_edge_it_hides(real_site, phone):
    # At 375 px the list's amounts were out of sight with nothing to say so.
    page = phone.new_page()
    page.goto(real_site.url("progetti/index.html"))
    settle(page)
    region = page.locator("#progetti").locator("xpath=ancestor::div[contains(@class, 'tabella-scorre')]")
    scroll_width, client_width = region.evaluate("r => [r.scrollWidth, r.clientWidth]")
    style = region.evaluate(
        "r => { const s = getComputedStyle(r); return [s.backgroundImage, s.backgroundAttachment]; }")
    page.close()
    assert scroll_width > client_width  # it does scroll
    assert style[0].count("gradient(") == 4 and style[1] == "local, local, scroll, scroll", style


def test_printed_a_project_page_keeps_its_content_and_drops_what_works_only_on_screen(real_site, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(real_site.url("progetti/to7-1-1-b/index.html"))
    page.locator("[data-grafico]").first.scroll_into_view_if_needed()
    page.wait_for_selector(".grafico__area--pronto .modebar-btn")
    page.emulate_media(media="print")
    shown = page.evaluate("""(selectors) => selectors.map(s =>
        [...document.querySelectorAll(s)].some(e => e.getClientRects().length > 0))""",
                          [".testata", ".briciole", ".modebar-container", "details.incorpora",
                           "h1", ".scheda, dl", "figure.grafico table", ".grafico__didascalia"])
    context.close()
    assert shown == [False, False, False, False, True, True, True, True]
