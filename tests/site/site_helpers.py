"""Helpers of the site tests: build a site into a folder and read what it produced."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

from bs4 import BeautifulSoup

from ponmetro.amounts import parse_amount

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_DATA = Path(__file__).resolve().parent / "fixture_data"


PUBLIC_URL = "https://pon-metro-aperto.github.io/pon-metro-aperto/"


def build_site(data_dir: Path, output: Path, settings: str = "pelicanconf.py", **overrides) -> Path:
    from ponmetro_site.build import build

    # The tests fix the public address, whatever the environment says.
    overrides.setdefault("PONMETRO_PUBLIC_URL", PUBLIC_URL)
    if settings == "publishconf.py":
        overrides.setdefault("SITEURL", PUBLIC_URL.rstrip("/"))
        overrides.setdefault("FEED_DOMAIN", PUBLIC_URL.rstrip("/"))

    result = build(ROOT / settings, data_dir=data_dir, output_dir=output, overrides=overrides, report=print)
    assert result.ok, result.message
    return output


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def html_pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def eur_to_decimal(text: str) -> Decimal:
    """'1.190.893,72 €' (as the site prints it) back to Decimal."""
    return parse_amount(text.replace("\u00a0", " ").strip())


def local_references(page: Path, doc: BeautifulSoup) -> list[str]:
    refs = []
    for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src")):
        for el in doc.find_all(tag):
            value = el.get(attr)
            if not value:
                continue
            scheme = urlparse(value).scheme
            if scheme or value.startswith(("//", "#", "mailto:")):
                continue
            refs.append(value)
    return refs


def resolve(page: Path, ref: str, root: Path) -> Path | None:
    """The file a relative reference of `page` points to, or None if it points nowhere."""
    target = (page.parent / unquote(urldefrag(ref)[0])).resolve()
    if not str(target).startswith(str(root.resolve())):
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def text_of(el) -> str:
    return re.sub(r"\s+", " ", el.get_text(" ", strip=True)).strip()
