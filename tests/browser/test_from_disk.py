"""The local build works opened from disk (file://), as issue 3 promised:
output/progetti/to7-1-1-b/index.html shows its page and its chart, no console error."""

from __future__ import annotations

import pytest

from .support import settle, watched_page

pytestmark = pytest.mark.browser


def test_project_page_from_disk_draws_its_chart(real_build, context):
    path = real_build / "progetti/to7-1-1-b/index.html"
    page, watch = watched_page(context)
    page.goto(path.as_uri())
    settle(page)
    assert page.inner_text("h1") == "Piani di sostegno e sviluppo per enti di terzo settore"
    assert page.locator("#avanzamento-to7-1-1-b .barlayer .point path").count() == 4
    # the stylesheet applied (the header is blue), so relative links work from disk
    assert page.evaluate("getComputedStyle(document.querySelector('.testata')).backgroundColor") == "rgb(0, 102, 204)"
    assert watch.problems(page) == []
    # and the links lead to pages on disk, not to folders
    page.click("nav.vedi-anche a >> nth=0")
    page.wait_for_load_state("load")
    assert page.url == (real_build / "citta/torino/index.html").as_uri()
    settle(page)
    assert watch.problems(page) == []
