"""Helpers of the browser tests: build a site, serve it under a sub-path, watch a page.

The built site is served by a small `http.server` in a thread, under
/sottocartella/ (the site must work under any sub-path, as on GitHub Pages), and
with the headers its `_headers` file asks for (as Netlify or Cloudflare Pages
would send them), so that the browser enforces both the <meta> and the header
Content-Security-Policy. Every request the server answers is logged: a test can
check that nothing was missing and nothing was asked outside the sub-path.
"""

from __future__ import annotations

import fnmatch
import functools
import http.server
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parents[2]
FIXTURE_DATA = REPO / "tests/site/fixture_data"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = REPO / "node_modules/axe-core/axe.min.js"
SUB_PATH = "/sottocartella/"
SCREENSHOTS = REPO / "tests/screenshots"

# One page of every kind of the fixture site (tests/site/fixture_data). A page
# that another part of the site has not produced yet is skipped by name, only
# while its file is missing from the build.
PAGE_KINDS = {
    "home": "index.html",
    "progetto-con-importi": "progetti/mi3-3-1-a/index.html",
    "progetto-senza-importi": "progetti/milano-senza-codice/index.html",
    "asse": "assi/3/index.html",
    "citta": "citta/milano/index.html",
    "azione": "azioni/3-3-1/index.html",
    "elenco-progetti": "progetti/index.html",
    "elenco-assi": "assi/index.html",
    "elenco-citta": "citta/index.html",
    "elenco-azioni": "azioni/index.html",
    "pagina": "il-progetto/index.html",
    "notizie": "notizie/index.html",
    "notizia": "notizie/quartieri-connessi-milano/index.html",
    "dati": "dati/index.html",
    "embed": "embed/avanzamento-mi3-3-1-a/index.html",
}

# The attack record of the fixture and every page that shows it.
ATTACK_PAGES = [
    "progetti/mi3-3-1-z/index.html",
    "progetti/index.html",
    "citta/milano/index.html",
    "assi/3/index.html",
    "azioni/3-3-1/index.html",
    "index.html",
]

# Registered before any script of the page runs (CDP injects it; the page's CSP
# does not apply to it): collects the page's CSP violations.
WATCH_CSP = """
window.__violazioni = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violazioni.push(e.effectiveDirective + " blocked " + (e.blockedURI || "inline") +
    " at " + (e.sourceFile || "?") + ":" + e.lineNumber);
});
"""

# True when every chart area of the page holds a drawn plot, described for
# screen readers by grafici.js (role "group" once drawn).
CHARTS_DRAWN = """() => Array.from(document.querySelectorAll("[data-grafico]"))
  .every(a => a.querySelector("svg.main-svg .barlayer .point path") && a.getAttribute("role") === "group")"""


def hover_bar(page, index: int = 0, area: str = ".grafico__area") -> str:
    """Move the mouse onto a bar of a chart, as a person would; return the hover label."""
    label = page.locator(f"{area} .hoverlayer .hovertext")
    page.mouse.move(0, 0)  # off the chart: the previous label goes away first
    label.first.wait_for(state="detached")
    bar = page.locator(f"{area} .barlayer .point path").nth(index)
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label.first.wait_for()
    return " ".join(label.first.locator("text.nums").all_text_contents())


def build(data_dir: Path, output: Path, settings: str = "pelicanconf.py", **overrides) -> Path:
    from ponmetro_site.build import build as run_build

    lines: list[str] = []
    result = run_build(REPO / settings, data_dir=data_dir, output_dir=output, overrides=overrides,
                       report=lines.append)
    assert result.ok, result.message + "\n" + "\n".join(lines)
    return output


def copy_fixture(target: Path) -> Path:
    shutil.copytree(FIXTURE_DATA, target)
    return target


def html_pages(root: Path) -> list[str]:
    """Every page of a built site, as a path relative to its root."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))


def require_page(root: Path, kind: str) -> str:
    """The page of `kind`, or a skip that names it while the build lacks it."""
    import pytest

    path = PAGE_KINDS[kind]
    if not (root / path).is_file():
        pytest.skip(f"page '{kind}' ({path}) is not in the build yet")
    return path


# --- _headers ------------------------------------------------------------------------


def read_headers_file(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """Netlify/Cloudflare `_headers`: a path pattern, then its indented `Name: value` lines."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
            continue
        name, sep, value = line.strip().partition(":")
        assert sep and rules, f"{path}:{number}: not a header line under a path: {line!r}"
        rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules, path: str) -> list[tuple[str, str]]:
    """Every header of every rule matching `path` (both hosts apply all of them)."""
    found = []
    for pattern, headers in rules:
        if pattern == path or ("*" in pattern and fnmatch.fnmatchcase(path, pattern)):
            found.extend(headers)
    return found


# --- the server --------------------------------------------------------------------


@dataclass
class Served:
    root: Path
    base_url: str
    requests: list[tuple[str, int]] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def url(self, page: str) -> str:
        return self.base_url + page

    def missing(self) -> list[str]:
        return [path for path, status in self.requests if status == 404]


class _Handler(http.server.SimpleHTTPRequestHandler):
    served: Served
    rules: list

    def translate_path(self, path):
        path = urlsplit(path).path
        if not path.startswith(SUB_PATH):
            self.served.outside.append(path)
            return str(self.served.root / ".outside-the-sub-path")  # no such file: a 404
        return super().translate_path("/" + path[len(SUB_PATH):])

    def end_headers(self):
        path = "/" + unquote(urlsplit(self.path).path)[len(SUB_PATH):]
        for name, value in headers_for(self.rules, path):
            self.send_header(name, value)
        if path.startswith("/theme/"):
            # as any host would let it: the browser keeps plotly.js between pages
            self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def log_request(self, code="-", size="-"):
        self.served.requests.append((urlsplit(self.path).path, int(code) if str(code).isdigit() else 0))

    def log_message(self, *args):
        pass


@dataclass
class Server:
    served: Served
    httpd: http.server.ThreadingHTTPServer
    thread: threading.Thread

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


def serve(root: Path, host: str = "127.0.0.1") -> Server:
    """Serve `root` under SUB_PATH on a free port of `host`, in a thread."""
    headers_file = root / "_headers"
    rules = read_headers_file(headers_file) if headers_file.exists() else []
    served = Served(root, "")
    handler = type("Handler", (_Handler,), {"served": served, "rules": rules})
    httpd = http.server.ThreadingHTTPServer((host, 0), functools.partial(handler, directory=str(root)))
    httpd.daemon_threads = True
    served.base_url = f"http://{host}:{httpd.server_address[1]}{SUB_PATH}"
    thread = threading.Thread(target=httpd.serve_forever, name=f"serve-{root.name}", daemon=True)
    thread.start()
    return Server(served, httpd, thread)


# --- watching a page in the browser ---------------------------------------------


@dataclass
class Watch:
    """What the browser reported while a page was open."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def problems(self, page) -> list[str]:
        try:
            violations = page.evaluate("window.__violazioni || []")
        except Exception as exc:  # the page is gone: report it, do not hide it
            violations = [f"(page not readable: {exc})"]
        return ([f"console: {m}" for m in self.console_errors]
                + [f"uncaught: {m}" for m in self.page_errors]
                + [f"request: {m}" for m in self.failed_requests]
                + [f"CSP: {v}" for v in violations])


# Chrome asks for /favicon.ico at the server root by itself when a page has no
# <link rel="icon"> (the embed pages): a browser habit, not a link of the site.
BROWSER_PROBES = {"/favicon.ico"}


def _browser_probe(url: str) -> bool:
    return urlsplit(url).path in BROWSER_PROBES


def answer_as_public_host(context, root: Path) -> str:
    """Route `context`'s requests to the site's public address to the build in `root`,
    answering as GitHub Pages does: the file, a folder's index.html, or 404.html
    with status 404. Returns that address (read from 404.html's canonical link).

    For 404.html, whose links are absolute: it only works at the public address.
    """
    page = (root / "404.html").read_text(encoding="utf-8")
    public = re.search(r'<link rel="canonical" href="([^"]+)404\.html">', page).group(1)
    prefix = urlsplit(public).path

    def host(route):
        target = root / unquote(urlsplit(route.request.url).path).removeprefix(prefix)
        if target.is_dir():
            target = target / "index.html"
        if target.is_file():
            route.fulfill(path=str(target))
        else:
            route.fulfill(status=404, path=str(root / "404.html"), content_type="text/html")

    context.route(public + "**", host)
    return public


def watched_page(context):
    """A new page of `context` with a Watch on its console, errors and requests."""
    page = context.new_page()
    watch = Watch()
    page.add_init_script(WATCH_CSP)
    page.on("console", lambda m: watch.console_errors.append(f"{m.text} ({m.location.get('url')})")
            if (m.type == "error" or "Content-Security-Policy" in m.text or m.text.startswith("Refused"))
            and not _browser_probe(m.location.get("url", ""))
            else None)
    page.on("pageerror", lambda e: watch.page_errors.append(str(e)))
    page.on("requestfailed", lambda r: watch.failed_requests.append(f"{r.url} {r.failure}"))
    page.on("response", lambda r: watch.failed_requests.append(f"{r.url} HTTP {r.status}")
            if r.status >= 400 and not _browser_probe(r.url) else None)
    return page, watch


def settle(page) -> None:
    """Wait until the page has loaded and drawn its charts, as a reader who scrolls
    through it would see them (a chart is drawn only when it comes near the
    viewport: grafici.js); a chart that never comes fails here, with Playwright's
    timeout. Then back at the top, and two animation frames."""
    page.wait_for_load_state("load")
    areas = page.locator("[data-grafico]")
    for i in range(areas.count()):
        areas.nth(i).scroll_into_view_if_needed()
        next_frames(page)  # the observer sees the chart at the next rendering
    page.wait_for_function(CHARTS_DRAWN, timeout=15_000)
    page.evaluate("() => window.scrollTo(0, 0)")
    next_frames(page)


def next_frames(page) -> None:
    """Two animation frames: what a scroll or a change of the page set off has run."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
