"""The whole site crawled over HTTP from /sottocartella/, as a visitor's browser
would fetch it: every internal link and asset resolves (no 404), nothing points
outside the sub-path, every #fragment exists, and every page is well-formed HTML
(html5lib, the WHATWG parsing algorithm, reports each parse error) with one h1,
lang="it", a title and a description.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from lxml import html as lxml_html

from .support import SUB_PATH, html_pages

REFERENCES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
              ("iframe", "src"), ("source", "src"), ("form", "action"))
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


@dataclass
class Crawl:
    pages: dict[str, bytes] = field(default_factory=dict)   # url -> HTML
    files: int = 0
    links: int = 0
    external: int = 0
    problems: list[str] = field(default_factory=list)
    fragments: list[tuple[str, str, str]] = field(default_factory=list)  # (from, to, id)


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, "", b""


def references(url: str, kind: str, body: bytes) -> list[str]:
    if kind == "text/html":
        doc = lxml_html.fromstring(body)
        found = [el.get(attr) for tag, attr in REFERENCES for el in doc.iter(tag) if el.get(attr) is not None]
        found += [m for style in doc.iter("style") for m in CSS_URL.findall(style.text or "")]
        return found
    if kind == "text/css":
        return CSS_URL.findall(body.decode("utf-8"))
    return []


def crawl(start: str) -> Crawl:
    """Breadth-first from `start`, following every same-origin reference once."""
    origin = urlsplit(start)
    result = Crawl()
    queue = deque([(start, "(start)")])
    seen = {start}
    while queue:
        url, referrer = queue.popleft()
        status, kind, body = fetch(url)
        result.files += 1
        if status != 200:
            result.problems.append(f"{referrer} -> {url}: HTTP {status}")
            continue
        if kind == "text/html":
            result.pages[url] = body
        for ref in references(url, kind, body):
            target = urljoin(url, ref.strip())
            parts = urlsplit(target)
            if parts.scheme in ("mailto", "tel") or (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
                result.external += 1
                continue
            result.links += 1
            if not parts.path.startswith(SUB_PATH):
                result.problems.append(f"{url}: {ref!r} leaves the sub-path ({parts.path})")
                continue
            address, fragment = urldefrag(target)
            if fragment:
                result.fragments.append((url, address, fragment))
            if address not in seen:
                seen.add(address)
                queue.append((address, url))
    return result


def ids_of(body: bytes) -> set[str]:
    doc = lxml_html.fromstring(body)
    return {el.get("id") for el in doc.iter() if el.get("id")} | {el.get("name") for el in doc.iter("a") if el.get("name")}


@pytest.mark.parametrize("site", ["fixture_site", "public_site", "real_site"])
def test_every_internal_link_resolves_under_the_sub_path(site, request):
    served = request.getfixturevalue(site)
    asked_outside_before = len(served.outside)  # the server is shared with the browser tests
    result = crawl(served.url(""))
    ids = {url: ids_of(body) for url, body in result.pages.items()}
    for page, target, fragment in result.fragments:
        if target in ids and fragment not in ids[target]:
            result.problems.append(f"{page} -> {target}#{fragment}: no element with that id")
    reached = {urlsplit(u).path.removeprefix(SUB_PATH) for u in result.pages}
    # 404.html is reached by no link: the host shows it for an address the site does not have.
    unreached = [p for p in html_pages(served.root)
                 if p not in reached and p.removesuffix("index.html") not in reached and p != "404.html"]
    print(f"{site}: {len(result.pages)} pages and {result.files - len(result.pages)} other files fetched, "
          f"{result.links} internal links and references checked, {result.external} external not followed, "
          f"{len(unreached)} pages not linked from anywhere")
    assert not result.problems, "\n".join(result.problems)
    assert served.outside[asked_outside_before:] == []
    assert not unreached, f"pages that no link reaches: {unreached}"
    assert len(result.pages) >= 30 and result.links > 500


@pytest.fixture(scope="module")
def html5lib():
    try:
        import html5lib
    except ImportError:
        pytest.fail("html5lib is not installed: it is a test dependency (html5lib==1.1 in pyproject.toml's "
                    "test extras and requirements.lock); `make setup` installs it", pytrace=False)
    return html5lib


@pytest.mark.parametrize("site", ["fixture_build", "public_build"])
def test_every_page_is_well_formed_with_one_h1_lang_title_description(site, request, html5lib):
    root = request.getfixturevalue(site)
    problems: list[str] = []
    pages = html_pages(root)
    for path in pages:
        source = (root / path).read_bytes()
        parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
        doc = parser.parse(source, transport_encoding="utf-8")
        for (line, column), code, data in parser.errors:
            problems.append(f"{path}:{line}:{column}: {code} {data or ''}")
        if doc.get("lang") != "it":
            problems.append(f"{path}: lang is {doc.get('lang')!r}")
        h1 = doc.findall(".//h1")
        if len(h1) != 1:
            problems.append(f"{path}: {len(h1)} h1")
        title = doc.find("./head/title")
        if title is None or not (title.text or "").strip():
            problems.append(f"{path}: no title")
        description = [m for m in doc.findall("./head/meta") if m.get("name") == "description"]
        if len(description) != 1 or not description[0].get("content", "").strip():
            problems.append(f"{path}: no description")
        if not source.lstrip().lower().startswith(b"<!doctype html>"):
            problems.append(f"{path}: no <!DOCTYPE html>")
    print(f"{site}: {len(pages)} pages parsed by html5lib, {len(problems)} problems")
    assert not problems, "\n".join(problems)
    assert len(pages) >= 30


def test_the_crawler_finds_what_it_must(tmp_path):
    """A small site with one broken link, one link out of the sub-path, one missing
    #fragment and one missing font: the crawler reports each of them."""
    from .support import serve

    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="s.css"><a href="a/">a</a> <a href="manca.html">x</a> '
        '<a href="../fuori.html">y</a> <a href="a/#nessuno">z</a> <a href="https://example.org/">e</a>',
        encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text('<p id="qui"><a href="../#">home</a></p>', encoding="utf-8")
    (tmp_path / "s.css").write_text('@font-face { src: url("font/manca.woff2") }', encoding="utf-8")
    server = serve(tmp_path)
    try:
        result = crawl(server.served.url(""))
    finally:
        server.stop()
    text = "\n".join(result.problems)
    assert "manca.html: HTTP 404" in text
    assert "font/manca.woff2: HTTP 404" in text
    assert "'../fuori.html' leaves the sub-path" in text
    assert result.external == 1
    assert any(f == "nessuno" for _, _, f in result.fragments)


def test_html5lib_reports_malformed_html(html5lib):
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(b'<!DOCTYPE html><html lang="it"><p><b>x</p></i><div id=a id=b></div>', transport_encoding="utf-8")
    codes = {code for _, code, _ in parser.errors}
    assert {"unexpected-end-tag", "duplicate-attribute"} <= codes, codes
