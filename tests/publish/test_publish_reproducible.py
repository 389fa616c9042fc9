"""Two builds of the same data and code give the same bytes, and nothing in them
says when or where the build ran."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ponmetro.site_tree import compare, scan
from publish_helpers import (
    PUBLISHCONF, ROOT, build_quietly, copy_fixture, redirect_entry, rename_code, write_redirects,
)

MONTHS = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
          "settembre", "ottobre", "novembre", "dicembre"]


def build_in_child(data: Path, output: Path, cwd: Path, hash_seed: str, timezone: str) -> None:
    """A build in its own interpreter: another hash seed (set and dict order of
    strings), another time zone, another working folder, another output path."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "TZ": timezone}
    done = subprocess.run(
        [sys.executable, "-m", "ponmetro_site", "build", "--settings", str(PUBLISHCONF),
         "--data", str(data), "--output", str(output)],
        cwd=cwd, env=env, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith(f"Sito costruito in {output}: ")


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("riproducibile")
    data = copy_fixture(tmp)
    # A redirect too, so that the redirect pages are covered.
    rename_code(data, "MI3.3.1.z", "MI3.3.1.y")
    write_redirects(data, "redirects:\n" + redirect_entry("progetti/mi3-3-1-z/", "progetti/mi3-3-1-y/"))
    (tmp / "altrove").mkdir()
    first, second = tmp / "prima" / "output", tmp / "seconda-costruzione" / "sito"
    build_in_child(data, first, ROOT, "1", "UTC")
    build_in_child(data, second, tmp / "altrove", "2", "America/New_York")
    return first, second


def test_two_builds_are_byte_identical(two_builds):
    first, second = map(scan, two_builds)
    assert len(first.files) > 50
    assert {p for p in first.files if p.startswith("progetti/mi3-3-1-z/")}  # the redirect is there
    diff = compare(first, second)
    different = diff.added + diff.removed + diff.changed
    assert diff.identical, f"file diversi tra due costruzioni identiche: {different}"
    assert first.digest == second.digest


def test_every_page_and_file_is_in_both_builds(two_builds):
    first, second = map(scan, two_builds)
    assert set(first.files) == set(second.files)


def test_nothing_in_the_site_says_when_it_was_built(tmp_path):
    """Every date in the data moved away from today: then today's date appears nowhere."""
    today = dt.date.today()
    data_day = today - dt.timedelta(days=400)
    data = copy_fixture(tmp_path)
    for path in [*data.glob("*.yaml"), *data.glob("interventi/*.yaml")]:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\b\d{2}-\d{2}-20\d{2}\b", data_day.strftime("%d-%m-%Y"), text)
        path.write_text(text, encoding="utf-8")
    result, messages = build_quietly(data, tmp_path / "out", PUBLISHCONF)
    assert result.ok, result.message + messages
    spellings = {
        today.isoformat(), today.strftime("%d/%m/%Y"), today.strftime("%d-%m-%Y"), today.strftime("%Y%m%d"),
        f"{today.day} {MONTHS[today.month - 1]} {today.year}",
    }
    found = []
    for file in sorted((tmp_path / "out").rglob("*")):
        if not file.is_file() or file.suffix in {".woff2", ".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta",
                                                  ".pagefind"}:
            continue
        text = file.read_bytes().decode("utf-8", errors="replace")
        found += [f"{file.relative_to(tmp_path / 'out')}: {s}" for s in spellings if s in text]
    assert found == []
    # And the data's own dates are there, so the search above looks at real pages.
    page = (tmp_path / "out" / "progetti" / "mi3-3-1-a" / "index.html").read_text(encoding="utf-8")
    assert data_day.isoformat() in page
