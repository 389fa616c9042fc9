"""The site builds from synthetic records: one page per record, and edits show up.

Skipped only while the site build (`ponmetro_site`) cannot be imported yet.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bench import synthetic
from bench_helpers import REPO, SEED, SMALL_N, site_build_importable
from ponmetro.dataset import load_dataset

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not site_build_importable(), reason="ponmetro_site non è ancora importabile"),
]


def build(data: Path, output: Path, jobs: int | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PONMETRO_JOBS": str(jobs)} if jobs else None
    return subprocess.run([sys.executable, "-m", "ponmetro_site", "build", "--data", str(data), "--output", str(output)],
                          cwd=REPO, capture_output=True, text=True, timeout=600, env=env)


def page_text(output: Path, slug: str) -> str:
    page = output / "progetti" / slug / "index.html"
    assert page.is_file(), f"manca la pagina di {slug}"
    return " ".join(BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").get_text(" ").split())


@pytest.fixture
def data(small_data, tmp_path) -> Path:
    return Path(shutil.copytree(small_data, tmp_path / "data"))


def test_one_page_per_synthetic_record(data, tmp_path):
    output = tmp_path / "site"
    done = build(data, output)
    assert done.returncode == 0, done.stdout + done.stderr
    records = load_dataset(data).records
    assert len(records) == SMALL_N
    for item in records:
        text = page_text(output, item.slug)
        assert " ".join(item.record.display_title.split()) in text
        if item.record.codice:
            assert item.record.codice in text


def test_an_edit_and_a_removal_show_up_after_a_rebuild(data, tmp_path):
    output = tmp_path / "site"
    assert build(data, output).returncode == 0
    records = sorted((data / "interventi").glob("*.yaml"))
    edited, removed = records[0], records[1]
    text = edited.read_text(encoding="utf-8")
    assert "\ntitolo: " in text or "\ncitta: " in text
    new_title = "Titolo cambiato dal manutentore"
    if "\ntitolo: " in text:
        text = "\n".join(f"titolo: {new_title}" if line.startswith("titolo: ") else line for line in text.split("\n"))
    else:
        text = text.replace("\ncitta: ", f"\ntitolo: {new_title}\ncitta: ", 1)
    edited.write_text(text, encoding="utf-8")
    removed.unlink()
    done = build(data, output)
    assert done.returncode == 0, done.stdout + done.stderr
    assert new_title in page_text(output, edited.stem)
    assert not (output / "progetti" / removed.stem).exists()
    for other in records[2:]:
        assert (output / "progetti" / other.stem / "index.html").is_file()


def site_files(output: Path) -> dict[str, bytes]:
    # Pagefind's index is left out: its own program, not the site's code, writes it.
    return {path.relative_to(output).as_posix(): path.read_bytes() for path in output.rglob("*")
            if path.is_file() and path.relative_to(output).parts[0] != "pagefind"}


def chart_table(page: Path) -> str:
    return str(BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select_one("figure.grafico table"))


def test_two_forked_workers_write_the_same_site_as_one_process(tmp_path):
    # Enough records for the build to split its pages between two forked workers
    # (ponmetro.parallel: at least 100 pages each); no other test forks them.
    data = synthetic.write_data_dir(tmp_path / "data", 260, SEED)
    one, two = tmp_path / "uno", tmp_path / "due"
    for output, jobs in ((one, 1), (two, 2)):
        done = build(data, output, jobs)
        assert done.returncode == 0, done.stdout + done.stderr
    alone, forked = site_files(one), site_files(two)
    assert alone.keys() == forked.keys()
    assert [name for name in alone if alone[name] != forked[name]] == []
    # Each embed page shows its own project's chart: the table made once for both
    # (pages.render_units, `una_volta_per`) is never another chart's.
    embeds = sorted(two.glob("embed/avanzamento-*/index.html"))
    assert len(embeds) > 100
    for embed in embeds:
        slug = embed.parent.name.removeprefix("avanzamento-")
        project = two / "progetti" / slug / "index.html"
        assert chart_table(embed) == chart_table(project)
        assert f'id="avanzamento-{slug}-tabella"' in chart_table(embed)


def test_the_benchmark_measures_the_site(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--n", str(SMALL_N), "--runs", "1", "--seed", str(SEED),
         "--tools", "sito", "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    per_n = json.loads((tmp_path / "results" / "latest.json").read_text(encoding="utf-8"))["by_n"][str(SMALL_N)]
    site = per_n["tools"]["sito"]
    assert site["ok"] and site["output_files"] > SMALL_N
    assert per_n["tools"]["sito-modifica"]["ok"]
    live = per_n["tools"]["sito-dal-vivo"]  # the rebuild of a process that stays up checks the edit itself
    assert live["ok"] and live["runs"] == 1 and live["seconds"] > 0, live
    weight = per_n["page_weight"]["sito"]
    assert "error" not in weight, weight
    first_page = weight["resources"][0]["path"]
    assert weight["html_bytes"] == (tmp_path / "build" / f"sito-n{SMALL_N}" / first_page).stat().st_size
    # the first project has amounts, so a chart: plotly.js comes when the chart is seen, counted apart
    assert [r["path"] for r in weight["resources"] if r["later"]] == ["theme/vendor/plotly-basic.min.js"]
    assert weight["with_later_gzip_bytes"] > weight["total_gzip_bytes"] + 300_000
