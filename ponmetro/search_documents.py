"""What the search index reads for each project: a small page with only searchable text.

Pagefind indexes HTML. Fed the full project pages (charts, tables, navigation) it
spent most of its time parsing markup: 2.4 ms of CPU a page, 25 s at 10,000
records. Fed these documents (title, code, CUP, city, soggetto attuatore,
description) it spends a quarter of that, and its excerpts show the description
instead of the page's furniture. Each document sits at the same path as its
project page, so the index links to the real page.
"""

from __future__ import annotations

from html import escape

from .checks import LoadedRecord


def search_document(item: LoadedRecord) -> str:
    rec = item.record
    facts = [
        rec.codice and f"Codice progetto {rec.codice}",
        rec.cup and rec.cup != "n.d." and f"CUP {rec.cup}",
        f"{rec.citta}, Asse {rec.asse}" + (f", Azione {rec.azione}" if rec.azione else ""),
        rec.soggetto_attuatore and f"Soggetto attuatore: {rec.soggetto_attuatore}",
        rec.descrizione,
    ]
    body = "".join(f"<p>{escape(text)}</p>" for text in facts if text)
    return (
        f'<!DOCTYPE html><html lang="it"><head><title>{escape(rec.display_title)}</title></head>'
        # No data-pagefind-filter: Pagefind writes filter indexes in a random order
        # (upstream issue #638), which would make two builds of the same data differ.
        f"<body><main data-pagefind-body>"
        f"<h1>{escape(rec.display_title)}</h1>{body}</main></body></html>"
    )
