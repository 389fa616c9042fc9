"""axe-core on one page of every kind: zero violations of WCAG 2.1 A and AA.

axe-core comes from npm (node_modules/axe-core, installed by `make`'s `npm ci`):
nothing is downloaded when the tests run. It is injected with the page's CSP
bypassed, which only this test does: the CSP tests never bypass it.
"""

from __future__ import annotations

import json

import pytest

from .support import AXE_JS, PAGE_KINDS, answer_as_public_host, hover_bar, require_page, settle

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return {
    violations: result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => n.target.join(" ") + " :: " + n.failureSummary)})),
    passes: result.passes.length,
  };
}"""


@pytest.fixture(scope="module")
def axe_source():
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} missing: axe-core must be in package.json and installed by "
                    "`make setup` (npm ci)", pytrace=False)
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def axe_context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    yield ctx
    ctx.close()


def run_axe(page, axe_source) -> dict:
    page.add_script_tag(content=axe_source)
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def test_no_wcag21_aa_violations_on_the_page_for_a_missing_address(public_build, browser, axe_source):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(answer_as_public_host(context, public_build) + "non-esiste/")
        result = run_axe(page, axe_source)
    finally:
        context.close()
    assert result["passes"] > 10
    assert result["violations"] == [], json.dumps(result["violations"], indent=1, ensure_ascii=False)


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_wcag21_aa_violations(kind, fixture_site, axe_context, axe_source):
    path = require_page(fixture_site.root, kind)
    page = axe_context.new_page()
    page.goto(fixture_site.url(path))
    settle(page)
    result = run_axe(page, axe_source)
    page.close()
    print(f"axe {kind} ({path}): {len(result['violations'])} violations, {result['passes']} rules passed")
    assert result["violations"] == [], json.dumps(result["violations"], indent=1, ensure_ascii=False)


@pytest.mark.parametrize("kind", ["elenco-progetti", "progetto-con-importi", "home"])
def test_no_violations_after_interaction(kind, fixture_site, axe_context, axe_source):
    """The states scripts create: a filtered and sorted list, a chart's hover label,
    the search results."""
    path = require_page(fixture_site.root, kind)
    page = axe_context.new_page()
    page.goto(fixture_site.url(path))
    settle(page)
    if kind == "elenco-progetti":
        page.fill("#filtro-testo", "milano")
        page.click("#progetti thead button >> nth=1")
    elif kind == "progetto-con-importi":
        hover_bar(page)
    elif page.query_selector("#ricerca-testo"):
        page.fill("#ricerca-testo", "milano")
        page.wait_for_selector("#ricerca-risultati a")
    result = run_axe(page, axe_source)
    page.close()
    assert result["violations"] == [], json.dumps(result["violations"], indent=1, ensure_ascii=False)
