"""With JavaScript off, every page still shows its navigation and its data tables."""

from __future__ import annotations

import pytest

from .support import html_pages

pytestmark = pytest.mark.browser

MENU_AT_LEAST = ["Progetti", "Assi", "Città", "Azioni", "Dati aperti", "Notizie"]


def test_every_page_shows_navigation_and_tables_without_javascript(fixture_site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    problems: list[str] = []
    tables = 0
    pages = html_pages(fixture_site.root)
    try:
        page = context.new_page()
        for path in pages:
            page.goto(fixture_site.url(path))
            is_embed = path.startswith("embed/")
            if not is_embed:
                menu = page.locator("nav.menu a")
                hidden = [menu.nth(i).inner_text() for i in range(menu.count()) if not menu.nth(i).is_visible()]
                if menu.count() < len(MENU_AT_LEAST) or hidden:
                    problems.append(f"{path}: menu of {menu.count()} links, hidden: {hidden}")
                labels = menu.all_inner_texts()
                if not set(MENU_AT_LEAST) <= {t.strip() for t in labels}:
                    problems.append(f"{path}: menu shows {labels}")
                if not page.locator("a.salta").count():
                    problems.append(f"{path}: no skip link")
            if not page.locator("main h1").first.is_visible():
                problems.append(f"{path}: no visible h1 in main")
            for i in range(page.locator("table").count()):
                table = page.locator("table").nth(i)
                tables += 1
                if not table.is_visible() or not table.locator("tbody tr").first.is_visible():
                    problems.append(f"{path}: table {i + 1} ({table.locator('caption').inner_text()}) not shown")
            # every chart keeps its table, visible, right there in the figure
            for i in range(page.locator("figure.grafico").count()):
                figure = page.locator("figure.grafico").nth(i)
                if not figure.locator("table tbody tr").first.is_visible():
                    problems.append(f"{path}: chart {i + 1} without a visible data table")
                if figure.locator("svg").count():
                    problems.append(f"{path}: a chart drew without JavaScript?")
            # controls that need JavaScript are not shown when they cannot work
            if page.locator("#filtri-progetti").count() and page.locator("#filtri-progetti").is_visible():
                problems.append(f"{path}: the filter box is shown but cannot work")
    finally:
        context.close()
    print(f"without JavaScript: {len(pages)} pages, {tables} tables shown")
    assert not problems, "\n".join(problems)
    assert tables > 20


def test_search_without_javascript_opens_the_project_list(fixture_site, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(fixture_site.url("index.html"))
        if not page.query_selector("#ricerca-testo"):
            pytest.skip("the search box is not in the pages yet")
        page.fill("#ricerca-testo", "Milano")
        page.press("#ricerca-testo", "Enter")
        page.wait_for_url("**/progetti/**")
        assert page.url.startswith(fixture_site.url("progetti/"))
        assert page.locator("#progetti tbody tr").count() >= 5  # the full list, readable
    finally:
        context.close()
