"""What a first visit to one page downloads: its HTML and what the HTML references.

`page_weight(output_dir, page)` parses the built page, follows its stylesheets
(`<link rel=stylesheet>`, and `@import` inside them), scripts (`<script src>`),
preloads and module preloads, and the font files of the stylesheets' `@font-face`
rules (the first file of each `src` list, the one a browser takes), and adds up
their sizes, raw and gzip-compressed. Fonts are an upper bound: a browser fetches
only the faces a page uses. Binary files that are already compressed (fonts, images) count their raw
size in the gzip column too, as a server sends them. References to other hosts
are listed, not counted. Images are not part of the total.

A script that names another one in `data-plotly` (the site's grafici.js) fetches
it only when a chart comes near the viewport: that file is listed with `later`
set, left out of the first visit's totals, and counted in the `with_later_*`
totals, what the page weighs once its chart is seen.

    python -m bench.page_weight OUTPUT_DIR progetti/mi3-3-1-e/index.html
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

FONT_SUFFIXES = {".woff2", ".woff", ".ttf", ".otf", ".eot"}
COMPRESSIBLE_SUFFIXES = {".html", ".css", ".js", ".mjs", ".svg", ".json", ".txt", ".xml", ".ttf", ".otf", ".eot"}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]([^'"]+)['"]""")


@dataclass
class Resource:
    path: str  # relative to the output folder
    kind: str  # html, css, js, font
    raw: int
    gzip: int
    later: bool = False  # fetched only when a chart comes near the viewport, not at the first visit


@dataclass
class PageWeight:
    page: str
    resources: list[Resource] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def html_raw(self) -> int:
        return self.resources[0].raw if self.resources else 0

    @property
    def html_gzip(self) -> int:
        return self.resources[0].gzip if self.resources else 0

    def total(self, kind: str | None = None, compressed: bool = False, later: bool = False) -> int:
        """The first visit's bytes; with `later`, also what the page fetches once its chart is seen."""
        return sum(r.gzip if compressed else r.raw for r in self.resources
                   if kind in (None, r.kind) and (later or not r.later))

    def as_dict(self) -> dict:
        data = asdict(self)
        data["total_bytes"] = self.total()
        data["total_gzip_bytes"] = self.total(compressed=True)
        data["html_bytes"] = self.html_raw
        data["html_gzip_bytes"] = self.html_gzip
        for kind in ("css", "js", "font"):
            data[f"{kind}_bytes"] = self.total(kind)
            data[f"{kind}_gzip_bytes"] = self.total(kind, compressed=True)
        data["with_later_bytes"] = self.total(later=True)
        data["with_later_gzip_bytes"] = self.total(compressed=True, later=True)
        return data


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (kind, url)
        self.later: list[str] = []  # scripts fetched by a script when a chart comes near

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "script" and a.get("src"):
            self.found.append(("js", a["src"]))
            if a.get("data-plotly"):
                self.later.append(a["data-plotly"])
        elif tag == "link" and a.get("href"):
            rel = set(a.get("rel", "").lower().split())
            if "stylesheet" in rel:
                self.found.append(("css", a["href"]))
            elif "modulepreload" in rel:
                self.found.append(("js", a["href"]))
            elif "preload" in rel and a.get("as") in ("style", "script", "font"):
                self.found.append(({"style": "css", "script": "js"}.get(a["as"], "font"), a["href"]))


def _font_files(css: str) -> list[str]:
    """The file a browser fetches for each @font-face: the first of its `src` list.

    A face lists one file per format (woff2, then woff...); a browser takes the first
    it supports, so counting every listed file would double the fonts' weight.
    """
    files = []
    for block in _FONT_FACE.findall(css):
        for _, url in _CSS_URL.findall(block):
            if PurePosixPath(urlsplit(url).path).suffix.lower() in FONT_SUFFIXES:
                files.append(url)
                break
    return files


def _gzip_size(data: bytes, suffix: str) -> int:
    if suffix in COMPRESSIBLE_SUFFIXES:
        return len(gzip.compress(data, compresslevel=6, mtime=0))  # nginx/Apache-like default level
    return len(data)


def _resolve(output: Path, base: PurePosixPath, url: str) -> str | None:
    """The output-relative path of `url` written in the file at `base`, or None if external."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") or url.startswith("//"):
        return None
    if parts.scheme:  # data:, blob:
        return ""
    path = unquote(parts.path)
    if not path:
        return ""
    target = PurePosixPath(path.lstrip("/")) if path.startswith("/") else base.parent / path
    normal: list[str] = []
    for piece in target.parts:
        if piece == "..":
            if normal:
                normal.pop()
        elif piece not in (".", ""):
            normal.append(piece)
    resolved = "/".join(normal)
    if (output / resolved).is_dir():
        resolved = f"{resolved}/index.html"
    return resolved


def page_weight(output_dir: Path | str, page: str) -> PageWeight:
    output = Path(output_dir)
    result = PageWeight(page)
    seen: set[str] = set()

    def add(kind: str, rel: str, later: bool = False) -> bytes | None:
        if rel in seen:
            return None
        seen.add(rel)
        file = output / rel
        if not file.is_file():
            result.missing.append(rel)
            return None
        data = file.read_bytes()
        result.resources.append(Resource(rel, kind, len(data), _gzip_size(data, file.suffix.lower()), later))
        return data

    html = add("html", page)
    if html is None:
        raise FileNotFoundError(f"pagina {page} assente in {output}")
    parser = _References()
    parser.feed(html.decode("utf-8", "replace"))
    queue = [(kind, url, PurePosixPath(page)) for kind, url in parser.found]
    while queue:
        kind, url, base = queue.pop(0)
        rel = _resolve(output, base, url)
        if rel is None:
            result.external.append(url)
            continue
        if not rel:
            continue
        data = add(kind, rel)
        if data is None or kind != "css":
            continue
        css = data.decode("utf-8", "replace")
        imports = set(_CSS_IMPORT.findall(css))
        for url_in_css in imports:
            queue.append(("css", url_in_css, PurePosixPath(rel)))
        for url_in_css in _font_files(css):
            queue.append(("font", url_in_css, PurePosixPath(rel)))
    for url in parser.later:
        rel = _resolve(output, PurePosixPath(page), url)
        if rel is None:
            result.external.append(url)
        elif rel:
            add("js", rel, later=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.page_weight",
                                     description="Peso di una pagina alla prima visita")
    parser.add_argument("output", type=Path, help="cartella del sito costruito")
    parser.add_argument("page", help="pagina, relativa alla cartella (es. progetti/mi3-3-1-e/index.html)")
    args = parser.parse_args(argv)
    try:
        weight = page_weight(args.output, args.page)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(json.dumps(weight.as_dict(), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
