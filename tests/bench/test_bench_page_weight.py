"""Page weight: the page and everything it makes a first visit download, read from disk."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

from bench.page_weight import page_weight
from bench_helpers import REPO


@pytest.fixture
def output(tmp_path):
    files = {
        "progetti/x/index.html": (
            '<!doctype html><html><head>'
            '<link rel="stylesheet" href="/css/sito.css">'
            '<link rel="preload" as="font" href="../../fonts/titoli.woff2" crossorigin>'
            '<link rel="icon" href="/favicon.ico">'
            '<script src="../../js/app.js?v=3" defer></script>'
            '<script src="https://cdn.example.org/lib.js"></script>'
            '<script src="/js/assente.js"></script>'
            '<script>var inline = 1;</script>'
            '</head><body><h1>Progetto</h1>' + "<p>testo ripetuto</p>" * 200 + '</body></html>'
        ),
        "css/sito.css": '@import url("base.css");\nbody{font-family:Titillium}\n' + "p{margin:0}\n" * 100
                        + '@font-face{font-family:Titillium;src:url("../fonts/titillium.woff2") format("woff2"),'
                          'url(../fonts/titillium.woff) format("woff")}\n'
                        + ".logo{background:url(../img/logo.png)}\n",
        "css/base.css": "*{box-sizing:border-box}\n" * 50,
        "js/app.js": "console.log('ciao');\n" * 100,
        "fonts/titillium.woff2": "W" * 3000,
        "fonts/titillium.woff": "V" * 5000,
        "fonts/titoli.woff2": "T" * 1000,
        "img/logo.png": "P" * 9000,
        "favicon.ico": "I" * 500,
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_counts_the_page_its_css_imports_scripts_and_first_font_of_each_face(output):
    weight = page_weight(output, "progetti/x/index.html")
    paths = {r.path: r for r in weight.resources}
    assert set(paths) == {"progetti/x/index.html", "css/sito.css", "css/base.css", "js/app.js",
                          "fonts/titillium.woff2", "fonts/titoli.woff2"}
    for rel, resource in paths.items():
        data = (output / rel).read_bytes()
        assert resource.raw == len(data)
        if rel.endswith(".woff2"):
            assert resource.gzip == len(data)  # already compressed: sent as is
        else:
            assert resource.gzip == len(gzip.compress(data, compresslevel=6, mtime=0)) < len(data)
    assert weight.total() == sum((output / rel).stat().st_size for rel in paths)
    assert weight.html_raw == (output / "progetti/x/index.html").stat().st_size
    assert weight.external == ["https://cdn.example.org/lib.js"]
    assert weight.missing == ["js/assente.js"]
    assert weight.total("font") == 4000


def test_summary_keys_add_up(output):
    data = page_weight(output, "progetti/x/index.html").as_dict()
    assert data["total_bytes"] == data["html_bytes"] + data["css_bytes"] + data["js_bytes"] + data["font_bytes"]
    assert data["total_gzip_bytes"] < data["total_bytes"]


def test_missing_page_is_a_clear_error(output):
    with pytest.raises(FileNotFoundError, match="assente"):
        page_weight(output, "progetti/nessuno/index.html")
    done = subprocess.run([sys.executable, "-m", "bench.page_weight", str(output), "progetti/nessuno/index.html"],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 1 and "assente" in done.stderr and "Traceback" not in done.stderr


def test_command_line_prints_json(output):
    done = subprocess.run([sys.executable, "-m", "bench.page_weight", str(output), "progetti/x/index.html"],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["font_bytes"] == 4000


def test_a_script_fetched_when_the_chart_comes_near_is_counted_apart(output):
    page = output / "progetti/y/index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html><head><script src="../../js/app.js" data-plotly="../../js/grafici-lib.js" defer>'
                    '</script></head><body><h1>Progetto</h1></body></html>', encoding="utf-8")
    (output / "js/grafici-lib.js").write_text("var Plotly = {};\n" * 2000, encoding="utf-8")
    weight = page_weight(output, "progetti/y/index.html")
    later = [r for r in weight.resources if r.later]
    assert [r.path for r in later] == ["js/grafici-lib.js"]
    lib = (output / "js/grafici-lib.js").stat().st_size
    first = page.stat().st_size + (output / "js/app.js").stat().st_size
    assert weight.total() == first
    data = weight.as_dict()
    assert data["total_bytes"] == first and data["js_bytes"] == (output / "js/app.js").stat().st_size
    assert data["with_later_bytes"] == first + lib
    assert data["total_gzip_bytes"] < data["with_later_gzip_bytes"]
