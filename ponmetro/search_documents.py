"""What the search index reads for each project: a small page with only searchable text.

Pagefind indexes HTML. Fed the full project pages (charts, tables, navigation) it
spent most of its time parsing markup: 2.4 ms of CPU a page, 25 s at 10,000
records. Fed these documents (title, code, CUP, city, soggetto attuatore,
description) it spends a quarter of that, and its excerpts show the description
instead of the page's furniture. Each document sits at the same path as its
project page, so the index links to the real page.

Pagefind holds the whole index in memory while it writes it, about 0.7 KB per
indexed word: 900 MB for 10,000 synthetic records with their full descriptions
(134 words each). So the descriptions share a budget of words (`WORD_BUDGET`):
each document gets `words_per_document(records)` words of its description, from the start.
The programme's thousand-odd records stay under the budget, so every word of
every description is searchable; only far larger datasets index the opening of
each description (at least `MIN_WORDS`), while title, code, CUP, city, axis,
action and soggetto attuatore are always indexed in full.
"""

from __future__ import annotations

from html import escape
from typing import Sequence

from .checks import LoadedRecord

WORD_BUDGET = 300_000
MIN_WORDS = 30


def words_per_document(items: Sequence[LoadedRecord], budget: int = WORD_BUDGET) -> int | None:
    """How many words of each description to index: None (all) while the total fits the budget."""
    counts = [len(item.record.descrizione.split()) for item in items if item.record.descrizione]
    if sum(counts) <= budget:
        return None
    return max(MIN_WORDS, budget // len(counts))


def search_document(item: LoadedRecord, max_words: int | None = None) -> str:
    rec = item.record
    description = rec.descrizione
    if description and max_words is not None:
        words = description.split()
        if len(words) > max_words:
            description = " ".join(words[:max_words]) + " …"
    facts = [
        rec.codice and f"Codice progetto {rec.codice}",
        rec.cup and rec.cup != "n.d." and f"CUP {rec.cup}",
        f"{rec.citta}, Asse {rec.asse}" + (f", Azione {rec.azione}" if rec.azione else ""),
        rec.soggetto_attuatore and f"Soggetto attuatore: {rec.soggetto_attuatore}",
        description,
    ]
    body = "".join(f"<p>{escape(text)}</p>" for text in facts if text)
    return (
        f'<!DOCTYPE html><html lang="it"><head><title>{escape(rec.display_title)}</title></head>'
        # No data-pagefind-filter: Pagefind writes filter indexes in a random order
        # (upstream issue #638), which would make two builds of the same data differ.
        f"<body><main data-pagefind-body>"
        f"<h1>{escape(rec.display_title)}</h1>{body}</main></body></html>"
    )
