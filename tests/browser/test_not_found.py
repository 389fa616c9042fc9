"""The page a static host shows for an address the site does not have (404.html),
opened as a reader meets it: at a mistyped address of the public site."""

from __future__ import annotations

import pytest

from .support import answer_as_public_host, watched_page

pytestmark = pytest.mark.browser


def test_a_mistyped_address_shows_the_sites_own_page_styled_and_working(public_build, browser):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    public = answer_as_public_host(context, public_build)
    try:
        page, watch = watched_page(context)
        response = page.goto(public + "progetti/to7-1-1-c/")
        assert response.status == 404
        assert page.locator("main h1").inner_text() == "Pagina non trovata"
        # The site's stylesheet and fonts apply at that address (relative links would have missed them).
        assert "Titillium Web" in page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        # The search box finds the project the reader was looking for.
        page.fill("input[name=q]", "to7-1-1-b")
        page.locator(".ricerca__elenco a").first.wait_for()
        assert "/progetti/to7-1-1-b/" in page.locator(".ricerca__elenco a").first.get_attribute("href")
        page.get_by_role("link", name="l'elenco di tutti i progetti").click()
        page.wait_for_url(public + "progetti/")
        assert page.locator("main h1").inner_text() == "Tutti i progetti"
        # Nothing failed but the missing address itself (its status, and the console's line for it).
        problems = [p for p in watch.problems(page) if not p.rstrip(")").endswith(("to7-1-1-c/", "to7-1-1-c/ HTTP 404"))]
        assert problems == []
    finally:
        context.close()
