"""Golden output, as Pelican tests itself: the fixture site built and compared.

The files below are built from tests/site/fixture_data and compared byte for byte
with tests/site/golden/. A change of a template or of the data core that alters
the output fails here; when the change is intended, regenerate and review:

    PONMETRO_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/site/test_site_golden.py
    git diff tests/site/golden/
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
FILES = [
    "index.html",
    "progetti/index.html",
    "progetti/mi3-3-1-a/index.html",
    "progetti/mi3-3-1-a/mi3-3-1-a.json",
    "progetti/mi3-3-1-a/mi3-3-1-a.csv",
    "progetti/milano-senza-codice/index.html",
    "assi/3/index.html",
    "citta/milano/index.html",
    "azioni/3-3-1/index.html",
    "embed/avanzamento-mi3-3-1-a/index.html",
    "dati/index.html",
    "dati/interventi.csv",
    "feeds/progetti.atom.xml",
    "sitemap.xml",
]


@pytest.mark.parametrize("name", FILES)
def test_fixture_site_matches_golden_output(fixture_site, name):
    built = fixture_site / name
    expected = GOLDEN / name
    if os.environ.get("PONMETRO_REGEN_GOLDEN"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, expected)
    assert expected.is_file(), f"{expected} missing: regenerate with PONMETRO_REGEN_GOLDEN=1"
    if built.read_bytes() != expected.read_bytes():
        diff = "".join(difflib.unified_diff(
            expected.read_text(encoding="utf-8").splitlines(True),
            built.read_text(encoding="utf-8").splitlines(True),
            str(expected), str(built), n=2))
        pytest.fail(f"{name} differs from the golden output (if intended: PONMETRO_REGEN_GOLDEN=1):\n{diff[:6000]}")
