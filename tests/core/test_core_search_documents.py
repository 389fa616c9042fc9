"""The search documents: every identifying field in full, descriptions within a word budget."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from ponmetro.dataset import load_dataset
from ponmetro.search_documents import MIN_WORDS, search_document, words_per_document

ROOT = Path(__file__).resolve().parents[2]


def described(records):
    return [item for item in records if item.record.descrizione]


def test_the_real_records_are_indexed_whole():
    records = load_dataset(ROOT / "data").records
    assert described(records) and words_per_document(records) is None


def test_over_budget_each_description_gets_its_share_but_never_less_than_the_opening():
    records = described(load_dataset(ROOT / "data").records)
    total = sum(len(item.record.descrizione.split()) for item in records)
    assert words_per_document(records, budget=total) is None
    assert words_per_document(records, budget=total - 1) == max(MIN_WORDS, (total - 1) // len(records))
    assert words_per_document(records, budget=len(records) * 100 - 1) == 99 or total < len(records) * 100
    assert words_per_document(records, budget=1) == MIN_WORDS


def paragraphs(document: str) -> list[str]:
    return [unescape(p) for p in re.findall(r"<p>(.*?)</p>", document, flags=re.S)]


def test_a_cut_description_keeps_its_start_and_every_identifying_field():
    item = next(i for i in load_dataset(ROOT / "data").records
                if i.record.cup not in (None, "n.d.") and i.record.descrizione and len(i.record.descrizione.split()) > 5)
    rec = item.record
    whole, cut = paragraphs(search_document(item)), paragraphs(search_document(item, max_words=5))
    assert whole[-1] == rec.descrizione
    assert cut[-1] == " ".join(rec.descrizione.split()[:5]) + " …"
    assert cut[:-1] == whole[:-1]  # code, CUP, city and axis, soggetto attuatore: untouched
    assert any(rec.cup in p for p in cut) and any(rec.citta in p for p in cut)
    assert unescape(search_document(item, max_words=5)).count(rec.display_title) == 2  # <title> and <h1>
