"""Writes `_headers` at the output root: the security headers as HTTP headers.

Netlify and Cloudflare Pages read this file (one path pattern on a line, its
headers indented below); other hosts ignore it and the <meta> policy of each
page still applies. The header adds what a <meta> tag cannot do:
`frame-ancestors` ('self' for every page, any site for the charts under embed/).

Both hosts apply every rule that matches a path and join repeated headers, and a
browser enforces each of two joined policies: a `/*` rule with frame-ancestors
'self' would still block the embeds. So the Content-Security-Policy rules never
overlap: one rule per top-level folder (and per top-level page) of the output,
read from the files Pelican has just written, and embed/* apart. Only the
headers that are the same everywhere go in the `/*` rule.
"""

from __future__ import annotations

import os
from pathlib import Path

from .incremental import write_if_changed
from .security import FRAME_ANCESTORS_EMBED, FRAME_ANCESTORS_PAGES, header_policy

HEADERS_FILE = "_headers"
EMBED_FOLDER = "embed"
# The search index (build.py's SearchIndex): 10,000 files at 10,000 records and no
# page; searching it for one took 0.07 s of every rebuild.
SEARCH_INDEX_FOLDER = "pagefind"

COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def page_headers(embed: bool) -> dict[str, str]:
    if embed:
        return {"Content-Security-Policy": header_policy(FRAME_ANCESTORS_EMBED)}
    return {
        "Content-Security-Policy": header_policy(FRAME_ANCESTORS_PAGES),
        # for browsers without frame-ancestors (it wins where both are known)
        "X-Frame-Options": "SAMEORIGIN",
    }


def header_rules(output: Path) -> list[tuple[str, dict[str, str]]]:
    """(path pattern, headers) for the site in `output`, in the order written."""
    rules: list[tuple[str, dict[str, str]]] = [("/*", COMMON_HEADERS)]
    for entry in sorted(output.iterdir(), key=lambda p: p.name):
        if entry.is_dir() and _has_html(entry):
            rules.append((f"/{entry.name}/*", page_headers(embed=entry.name == EMBED_FOLDER)))
        elif entry.is_file() and entry.suffix == ".html":
            if entry.name == "index.html":
                rules.append(("/", page_headers(embed=False)))
            rules.append((f"/{entry.name}", page_headers(embed=False)))
    return rules


def _has_html(folder: Path) -> bool:
    if folder.name == SEARCH_INDEX_FOLDER:
        return False
    return _finds_html(folder)


def _finds_html(folder: Path | str) -> bool:
    # Depth first, stopping at the first page: os.walk lists all 10,000 entries of
    # progetti/ and embed/ before it looks inside any of them.
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if _finds_html(entry.path):
                    return True
            elif entry.name.endswith(".html"):
                return True
    return False


def render(rules: list[tuple[str, dict[str, str]]]) -> str:
    lines = [
        "# Intestazioni HTTP per gli host che leggono _headers (Netlify, Cloudflare Pages).",
        "# Generato da plugins/ponmetro_site/headers.py: non modificare a mano.",
    ]
    for pattern, headers in rules:
        lines.append(pattern)
        lines.extend(f"  {name}: {value}" for name, value in headers.items())
    return "\n".join(lines) + "\n"


def write_headers(pelican_object) -> None:
    """Pelican `finalized` signal: every page is written, so the folders are known."""
    output = Path(pelican_object.output_path)
    write_if_changed(output / HEADERS_FILE, render(header_rules(output)).encode("utf-8"))
