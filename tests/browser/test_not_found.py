"""The page a static host shows for an address the site does not have (404.html),
opened as a reader meets it: at a mistyped address of the public site."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .support import watched_page

pytestmark = pytest.mark.browser


def public_address(root: Path) -> str:
    """The site's public address, as the build wrote it into the page's canonical link."""
    page = (root / "404.html").read_text(encoding="utf-8")
    return re.search(r'<link rel="canonical" href="([^"]+)404\.html">', page).group(1)


def test_a_mistyped_address_shows_the_sites_own_page_styled_and_working(public_build, browser):
    public = public_address(public_build)
    prefix = urlsplit(public).path

    def host(route):
        # As GitHub Pages answers: the file, the folder's index.html, or 404.html with status 404.
        path = unquote(urlsplit(route.request.url).path).removeprefix(prefix)
        target = public_build / path
        if target.is_dir():
            target = target / "index.html"
        if target.is_file():
            route.fulfill(path=str(target))
        else:
            route.fulfill(status=404, path=str(public_build / "404.html"), content_type="text/html")

    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.route(public + "**", host)
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
