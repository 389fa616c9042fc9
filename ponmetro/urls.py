"""The site's permanent addresses, in one place.

Journalists link to these paths; they never change once published. Links inside
the site are relative (Pelican's RELATIVE_URLS), so the site works under any
sub-path and opened from disk; `index_links` appends `index.html` to directory
links so that browsing from disk (file://) also follows them, while the public
build keeps clean addresses (`/progetti/mi3-3-1-e/`).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from .codes import slug_for_action


@dataclass(frozen=True)
class Urls:
    public_url: str = ""  # absolute base of the published site, ending with "/"
    index_links: bool = False

    # -- paths of pages, relative to the site root, ending with "/" ------------------
    @staticmethod
    def project(slug: str) -> str:
        return f"progetti/{slug}/"

    @staticmethod
    def projects() -> str:
        return "progetti/"

    @staticmethod
    def axis(number: int) -> str:
        return f"assi/{number}/"

    @staticmethod
    def axes() -> str:
        return "assi/"

    @staticmethod
    def city(slug: str) -> str:
        return f"citta/{slug}/"

    @staticmethod
    def cities() -> str:
        return "citta/"

    @staticmethod
    def action(action: str) -> str:
        return f"azioni/{slug_for_action(action)}/"

    @staticmethod
    def actions() -> str:
        return "azioni/"

    @staticmethod
    def downloads() -> str:
        return "dati/"

    @staticmethod
    def embed(chart_id: str) -> str:
        return f"embed/{chart_id}/"

    # -- what to write where, and how to link to it ---------------------------------
    @staticmethod
    def save_as(path: str) -> str:
        return path + "index.html" if path.endswith("/") or not path else path

    def link(self, path: str) -> str:
        """The href of a page, relative to the site root (to put after SITEURL/)."""
        if self.index_links and (path.endswith("/") or not path):
            return path + "index.html"
        return path

    def absolute(self, path: str) -> str:
        """The permanent public address (canonical URL, citations, feeds, sitemap)."""
        return self.public_url + path if self.public_url else "/" + path

    @property
    def origin(self) -> str:
        """The public address's origin (`https://host`), as a browser names the sender
        of a message; empty without a public address."""
        parts = urlsplit(self.public_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
