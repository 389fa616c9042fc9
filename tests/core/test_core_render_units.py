"""pages.render_units: each page is rendered together with the embed pages of its charts."""

from __future__ import annotations

from pathlib import Path

from ponmetro.dataset import load_dataset
from ponmetro.pages import build_site_model, render_units
from ponmetro.urls import Urls

DATA = Path(__file__).resolve().parents[2] / "data"


def site():
    return build_site_model(load_dataset(DATA), Urls("https://example.org/sito/"))


def test_every_page_once_and_each_embed_right_after_the_page_of_its_chart():
    pages = site().pages
    units = render_units(pages)
    flat = [page for unit in units for page in unit]
    assert sorted(map(id, flat)) == sorted(map(id, pages))
    embeds = [page for page in pages if page.kind == "embed"]
    assert any(page.origin is not None and page.origin.kind == "progetto" for page in embeds)
    for unit in units:
        head, *rest = unit
        for page in rest:
            # Only embed pages follow, each showing the chart of the page at the head.
            assert page.kind == "embed" and page.origin is head
            assert page.charts[0] is head.charts[0]
    for page in embeds:
        if page.origin is not None:
            (unit,) = [unit for unit in units if page in unit]
            assert unit[0] is page.origin


def test_an_embed_without_its_page_is_a_unit_of_its_own_and_the_order_is_kept():
    pages = site().pages
    embed = next(page for page in pages if page.kind == "embed" and page.origin is not None)
    # An incremental build may write an embed page and not its origin (or list it first).
    assert render_units([embed]) == [[embed]]
    assert render_units([embed, embed.origin]) == [[embed.origin, embed]]
    others = [page for page in pages if page.kind != "embed"][:5]
    assert render_units(others) == [[page] for page in others]
