"""Search without a server: Pagefind's static index, under a sub-path, in Chromium.

Issue 4: "A browser test types a CUP and a word of a description into the search
box and lands on the right project." Also: without JavaScript the search box
opens the list of all projects.
"""

from __future__ import annotations

import pytest

from .support import watched_page

pytestmark = pytest.mark.browser


def search(page, words: str):
    page.fill("#ricerca-testo", words)
    page.wait_for_selector("#ricerca-risultati .ricerca__esito", timeout=15_000)
    return page


@pytest.mark.parametrize("words, project", [
    ("C19J21037430006", "progetti/to7-1-1-b/"),              # a CUP
    ("Housing", "progetti/bologna-poverta-abitativa/"),      # a word of a description
    ("TO7.1.1.b", "progetti/to7-1-1-b/"),                    # a code
    ("Cabodi", None),                                        # a RUP is not indexed
])
def test_typing_finds_the_project_and_the_link_lands_on_it(context, real_site, words, project):
    page, watch = watched_page(context)
    page.goto(real_site.url("citta/milano/index.html"))
    search(page, words)
    page.wait_for_timeout(300)  # the last keystroke's search
    results = page.locator("#ricerca-risultati a")
    if project is None:
        assert "Nessun progetto trovato" in page.inner_text("#ricerca-risultati")
        return
    assert results.count() >= 1
    results.first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith(real_site.url(project)), page.url
    assert not watch.problems(page)


def test_enter_moves_to_the_first_result(context, real_site):
    page, watch = watched_page(context)
    page.goto(real_site.url("index.html"))
    page.fill("#ricerca-testo", "Housing")
    page.press("#ricerca-testo", "Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.closest('#ricerca-risultati')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/progetti/bologna-poverta-abitativa/**")
    assert not watch.problems(page)


def test_without_javascript_the_search_opens_the_project_list(browser, real_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(real_site.url("index.html"))
        page.fill("#ricerca-testo", "Torino")
        page.press("#ricerca-testo", "Enter")
        page.wait_for_load_state("load")
        assert "/progetti/" in page.url and "q=Torino" in page.url
        assert page.locator("table#progetti tbody tr").count() == 5  # the whole list, unfiltered
    finally:
        context.close()


def test_the_project_list_applies_the_words_of_a_search(context, real_site):
    page, watch = watched_page(context)
    page.goto(real_site.url("progetti/index.html?q=Torino"))
    page.wait_for_function("() => document.getElementById('filtro-testo').value === 'Torino'")
    visible = page.locator("table#progetti tbody tr:not([hidden])")
    assert visible.count() == 1
    assert "Piani di sostegno" in visible.first.inner_text()
    assert not watch.problems(page)


def test_the_results_close_with_escape_a_click_elsewhere_or_the_focus_leaving(context, real_site):
    # They lie over the page: on a phone they covered the menu that the next Tab reached.
    page, watch = watched_page(context)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(real_site.url("citta/milano/index.html"))
    results = page.locator("#ricerca-risultati")
    search(page, "Housing")
    page.locator("#ricerca-risultati a").first.focus()
    page.keyboard.press("Escape")
    assert results.inner_text() == "" and page.evaluate("document.activeElement.id") == "ricerca-testo"
    assert page.input_value("#ricerca-testo") == "Housing"  # the words stay, to search again
    page.keyboard.press("Escape")  # a second Escape is the search box's own: it empties it
    assert page.input_value("#ricerca-testo") == ""

    search(page, "Housing")
    page.mouse.click(5, 790)  # somewhere on the page, away from the search
    assert results.inner_text() == ""
    page.focus("#ricerca-testo")  # back in the box, the results come back
    page.wait_for_selector("#ricerca-risultati a")

    page.focus("nav a")  # the focus leaves the search for the menu
    assert results.inner_text() == ""
    menu = page.locator("nav a").first.bounding_box()
    menu_on_top = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('nav') !== null",
                             [menu["x"] + menu["width"] / 2, menu["y"] + menu["height"] / 2])
    assert menu_on_top
    assert not watch.problems(page)
