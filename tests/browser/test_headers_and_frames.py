"""`_headers`: the page policy as an HTTP header, and who may frame which page.

The file is read back as Netlify and Cloudflare Pages read it; then, in Chromium,
a page of another origin frames an embed page (allowed) and a normal page
(refused by frame-ancestors 'self').
"""

from __future__ import annotations

import pytest

from ponmetro_site.security import CSP_POLICY

from .support import headers_for, html_pages, read_headers_file, serve, watched_page


def csp_headers(rules, path: str) -> list[str]:
    return [value for name, value in headers_for(rules, path) if name.lower() == "content-security-policy"]


@pytest.mark.parametrize("site", ["fixture_build", "public_build"])
def test_every_page_gets_exactly_one_policy(site, request):
    """Hosts join the headers of every matching rule, and a browser enforces each
    joined policy: every page must match exactly one Content-Security-Policy."""
    root = request.getfixturevalue(site)
    rules = read_headers_file(root / "_headers")
    pages = html_pages(root)
    for page in pages:
        url_paths = ["/" + page]
        if page.endswith("index.html"):
            url_paths.append("/" + page.removesuffix("index.html"))  # the clean address
        for path in url_paths:
            policies = csp_headers(rules, path)
            assert len(policies) == 1, f"{path}: {policies}"
            ancestors = "frame-ancestors *" if path.startswith("/embed/") else "frame-ancestors 'self'"
            assert policies[0] == f"{CSP_POLICY}; {ancestors}", path
            if not path.startswith("/embed/"):
                assert ("X-Frame-Options", "SAMEORIGIN") in headers_for(rules, path)
    assert ("X-Content-Type-Options", "nosniff") in headers_for(rules, "/theme/css/sito.css")
    assert len(pages) >= 30


def test_meta_policy_has_nothing_a_meta_tag_cannot_carry():
    """frame-ancestors, report-uri and sandbox are ignored in <meta> (with a console error)."""
    for directive in ("frame-ancestors", "report-uri", "sandbox"):
        assert directive not in CSP_POLICY
    assert "'unsafe-inline'" not in CSP_POLICY and "'unsafe-eval'" not in CSP_POLICY


@pytest.mark.browser
def test_embed_pages_can_be_framed_elsewhere_and_other_pages_cannot(fixture_site, context, tmp_path):
    embeds = [p for p in html_pages(fixture_site.root) if p.startswith("embed/")]
    if not embeds:
        pytest.skip("page 'embed' (embed/...) is not in the build yet")
    host_dir = tmp_path / "altro-sito"
    host_dir.mkdir()
    (host_dir / "index.html").write_text(
        '<!DOCTYPE html><html lang="it"><title>Un altro sito</title>'
        f'<iframe id="grafico" title="grafico" src="{fixture_site.url(embeds[0])}"></iframe>'
        f'<iframe id="pagina" title="pagina" src="{fixture_site.url("index.html")}"></iframe>',
        encoding="utf-8")
    other = serve(host_dir, host="localhost")  # another origin than 127.0.0.1
    try:
        page, watch = watched_page(context)
        page.goto(other.served.url("index.html"))
        page.wait_for_load_state("load")
        embed = page.frame_locator("#grafico")
        embed.locator("svg.main-svg .barlayer .point path").first.wait_for()
        assert embed.locator("h1").count() == 1
        blocked = page.frame_locator("#pagina")
        assert blocked.locator("header.testata").count() == 0
        refused = [m for m in watch.console_errors if "frame-ancestors" in m]
        assert refused, watch.console_errors
        assert all(embeds[0] not in m for m in refused)
    finally:
        other.stop()
