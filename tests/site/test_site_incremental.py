"""Incremental rebuilds: one edited record rewrites only what it touches."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest

from site_helpers import FIXTURE_DATA, PUBLIC_URL, ROOT, soup, text_of

OLD = 1_000_000_000  # a modification time long past: any file written again is newer


def build(data: Path, output: Path, cache: Path, keep_warm: bool = False, ok: bool = True):
    from ponmetro_site.build import build as run_build

    result = run_build(ROOT / "pelicanconf.py", data_dir=data, output_dir=output, incremental=True,
                       keep_warm=keep_warm, report=lambda text: None,
                       overrides={"PONMETRO_PUBLIC_URL": PUBLIC_URL, "PONMETRO_CACHE_DIR": str(cache)})
    assert result.ok is ok, result.message
    return result


def age_everything(output: Path) -> None:
    for path in output.rglob("*"):
        if path.is_file():
            os.utime(path, (OLD, OLD))


def rewritten(output: Path) -> set[str]:
    return {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file() and p.stat().st_mtime > OLD}


@pytest.fixture
def site(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(data, output, cache)  # the first build is a full one
    age_everything(output)
    return data, output, cache


def test_nothing_changed_rewrites_nothing(site):
    data, output, cache = site
    (state,) = cache.glob("pages-*.json")
    os.utime(state, (OLD, OLD))
    build(data, output, cache)
    assert rewritten(output) == set()
    assert state.stat().st_mtime == OLD  # the list of pages and files is the same: not written again


def test_one_edited_record_rewrites_only_what_it_touches(site):
    data, output, cache = site
    record = data / "interventi/to7-1-1-a.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("erogato: € 1.000.000,00", "erogato: € 750.000,00"),
                      encoding="utf-8")
    build(data, output, cache)
    changed = rewritten(output) - {"_headers"}
    expected_prefixes = {
        "progetti/to7-1-1-a/", "embed/avanzamento-to7-1-1-a/", "assi/7/", "citta/torino/", "azioni/7-1-1/",
        "embed/asse-7-per-citta/", "embed/citta-torino-per-asse/", "embed/azione-7-1-1-per-citta/",
        "embed/programma-per-asse/", "dati/", "index.html", "progetti/index.html", "assi/index.html",
        "citta/index.html", "azioni/index.html", "feeds/progetti.atom.xml", "sitemap.xml",
    }
    assert "progetti/to7-1-1-a/index.html" in changed
    assert "progetti/to7-1-1-a/to7-1-1-a.json" in changed
    assert "dati/interventi.csv" in changed
    for path in changed:
        assert any(path.startswith(p) for p in expected_prefixes), f"{path} rewritten, but the edit does not touch it"
    # untouched: other projects, other axes and cities, the theme, the vendor files
    for untouched in ("progetti/mi3-3-1-a/index.html", "progetti/mi3-3-1-a/mi3-3-1-a.json", "assi/3/index.html",
                      "citta/milano/index.html", "theme/css/sito.css", "theme/vendor/plotly-basic.min.js"):
        assert untouched not in changed
    page = soup(output / "progetti/to7-1-1-a/index.html")
    assert "750.000,00" in text_of(page.select_one("figure.grafico table"))
    assert "750.000,00" in text_of(soup(output / "citta/torino/index.html").select_one("dl.totali"))


def test_the_build_says_how_many_records_the_search_index_does_not_know_yet(site):
    """Pagefind indexes the whole site, so only a full build remakes the index: an
    incremental one says how many records changed since, until a full build."""
    data, output, cache = site
    assert (output / "pagefind").is_dir()
    assert "ricerca" not in build(data, output, cache).summary()  # nothing changed yet
    edit_amount(data, "to7-1-1-a", "erogato: € 1.000.000,00", "erogato: € 750.000,00")
    summary = build(data, output, cache).summary()
    assert summary.startswith("Sito aggiornato in ") and "\n" not in summary
    assert summary.endswith(" s; la ricerca del sito è ferma all'ultima costruzione completa "
                            "(1 scheda cambiata da allora): la aggiorna `invoke build`"), summary
    (data / "interventi/milano-senza-codice.yaml").unlink()
    assert "(2 schede cambiate da allora)" in build(data, output, cache).summary()
    # remembered between builds, also by a build that changes nothing
    assert "(2 schede cambiate da allora)" in build(data, output, cache).summary()
    edit_amount(data, "to7-1-1-a", "erogato: € 750.000,00", "erogato: € 700.000,00")  # the same record again
    assert "(2 schede cambiate da allora)" in build(data, output, cache).summary()
    # a full build (here: the settings changed) makes the index again
    from ponmetro_site.build import build as run_build

    result = run_build(ROOT / "pelicanconf.py", data_dir=data, output_dir=output, incremental=True,
                       report=lambda text: None,
                       overrides={"PONMETRO_PUBLIC_URL": PUBLIC_URL, "PONMETRO_CACHE_DIR": str(cache),
                                  "SITESUBTITLE": "Un altro sottotitolo"})
    assert result.ok and "ricerca" not in result.summary()
    assert "ricerca" not in build(data, output, cache).summary()


def test_a_removed_record_takes_its_files_away(site):
    data, output, cache = site
    (data / "interventi/milano-senza-codice.yaml").unlink()
    (state,) = cache.glob("pages-*.json")
    os.utime(state, (OLD, OLD))
    build(data, output, cache)
    assert state.stat().st_mtime > OLD
    saved = json.loads(state.read_text(encoding="utf-8"))
    assert not [name for name in [*saved["pages"], *saved["files"]] if "milano-senza-codice" in name]
    assert saved["search_behind"] == ["milano-senza-codice"]  # the search index still lists it
    # Its folder too: left empty, a static host answered its old address with 403, not 404.
    assert not (output / "progetti/milano-senza-codice").exists()
    assert (output / "progetti/mi3-3-1-a/index.html").is_file()
    assert "milano-senza-codice" not in (output / "progetti/index.html").read_text(encoding="utf-8")
    assert "progetti/mi3-3-1-a/index.html" not in rewritten(output)


def test_rebuilt_in_place_with_no_record_left_the_site_drops_its_search_index(site):
    data, output, cache = site
    for record in (data / "interventi").glob("*.yaml"):
        record.unlink()
    # The declared totals go too (they would not add up): a reference table, so a full build in place.
    (data / "totali-dichiarati.yaml").unlink()
    result = build(data, output, cache)
    assert result.summary().startswith(f"Sito aggiornato in {output}: 0 interventi, ")
    assert not (output / "pagefind").exists()  # it would still find the records that are gone
    assert sorted(p.name for p in (output / "progetti").iterdir()) == ["index.html"]
    assert not (output / "embed").exists()


def test_a_template_change_rebuilds_every_page(site, tmp_path):
    data, output, cache = site
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    # The skip link is in the frame that base.html imports: a change there counts too.
    frame = theme / "templates/parti/cornice.html"
    assert "Vai al contenuto principale" in frame.read_text(encoding="utf-8")
    frame.write_text(frame.read_text(encoding="utf-8").replace("Vai al contenuto principale", "Salta al contenuto"),
                     encoding="utf-8")
    from ponmetro_site.build import build as run_build

    result = run_build(ROOT / "pelicanconf.py", data_dir=data, output_dir=output, incremental=True,
                       overrides={"PONMETRO_PUBLIC_URL": PUBLIC_URL, "PONMETRO_CACHE_DIR": str(cache),
                                  "THEME": str(theme)})
    assert result.ok
    assert "Salta al contenuto" in (output / "progetti/mi3-3-1-a/index.html").read_text(encoding="utf-8")
    assert "Salta al contenuto" in (output / "assi/3/index.html").read_text(encoding="utf-8")


def edit_amount(data: Path, slug: str, old: str, new: str) -> None:
    record = data / "interventi" / f"{slug}.yaml"
    text = record.read_text(encoding="utf-8")
    assert old in text
    record.write_text(text.replace(old, new), encoding="utf-8")


def test_the_downloads_written_beside_the_pages_are_the_new_ones_and_a_failure_stops_the_build(site):
    """An edit's rebuild writes the downloads in a thread while it renders: what it writes, and what it raises."""
    from ponmetro_site.build import build as run_build

    data, output, cache = site
    edit_amount(data, "to7-1-1-a", "erogato: € 1.000.000,00", "erogato: € 750.000,00")
    build(data, output, cache, keep_warm=True)
    rows = {row["codice"]: row for row in csv.DictReader(io.StringIO(
        (output / "dati/interventi.csv").read_text(encoding="utf-8")))}
    assert rows["TO7.1.1.a"]["importo_erogato"] == "750000.00"
    assert '"importo_erogato": "750000.00"' in (output / "dati/interventi.json").read_text(encoding="utf-8")
    # A download that cannot be written (a folder in its place): the build says so.
    (output / "dati/interventi.json").unlink()
    (output / "dati/interventi.json").mkdir()
    edit_amount(data, "to7-1-1-a", "erogato: € 750.000,00", "erogato: € 700.000,00")
    result = run_build(ROOT / "pelicanconf.py", data_dir=data, output_dir=output, incremental=True,
                       keep_warm=True, report=lambda text: None,
                       overrides={"PONMETRO_PUBLIC_URL": PUBLIC_URL, "PONMETRO_CACHE_DIR": str(cache)})
    assert not result.ok and "interventi.json" in result.message, result.message


def test_a_process_that_stays_up_keeps_the_records_in_memory_and_saves_them_at_the_end(site):
    """`invoke livereload`: the same rewrites as a cold incremental build, no cache read or written meanwhile."""
    from ponmetro_site import warm

    data, output, cache = site
    build(data, output, cache, keep_warm=True)
    (records_cache,) = cache.glob("records-*.pickle")
    (rows_cache,) = cache.glob("rows-*.pickle")
    on_disk = records_cache.stat().st_mtime_ns, rows_cache.stat().st_mtime_ns
    age_everything(output)
    edit_amount(data, "to7-1-1-a", "erogato: € 1.000.000,00", "erogato: € 750.000,00")
    build(data, output, cache, keep_warm=True)
    changed = rewritten(output)
    assert "progetti/to7-1-1-a/index.html" in changed and "dati/interventi.csv" in changed
    assert "progetti/mi3-3-1-a/index.html" not in changed and "assi/3/index.html" not in changed
    assert "750.000,00" in text_of(soup(output / "progetti/to7-1-1-a/index.html").select_one("figure.grafico table"))
    assert (records_cache.stat().st_mtime_ns, rows_cache.stat().st_mtime_ns) == on_disk  # kept in memory...
    warm.save_all()  # what the process does at exit
    assert records_cache.stat().st_mtime_ns != on_disk[0]  # ...and written when asked (at exit)
    assert rows_cache.stat().st_mtime_ns != on_disk[1]
    age_everything(output)
    build(data, output, cache)  # a cold build after it finds everything up to date
    assert rewritten(output) - {"_headers"} == set()


def test_after_a_failed_build_the_next_one_still_rewrites_the_edited_record(site):
    data, output, cache = site
    build(data, output, cache, keep_warm=True)
    age_everything(output)
    record = data / "interventi/to7-1-1-a.yaml"
    original = record.read_text(encoding="utf-8")
    edit_amount(data, "to7-1-1-a", "erogato: € 1.000.000,00", "erogato: € 750.000,00")
    # The same edit plus a broken field in another record: nothing is built...
    broken = data / "interventi/mi3-3-1-a.yaml"
    broken_text = broken.read_text(encoding="utf-8")
    broken.write_text(broken_text.replace("\nasse: ", "\nasse: nove # ", 1), encoding="utf-8")
    build(data, output, cache, keep_warm=True, ok=False)
    assert rewritten(output) == set()
    # ...and once the other record is fixed, the edit (read during the failed build) is published.
    broken.write_text(broken_text, encoding="utf-8")
    build(data, output, cache, keep_warm=True)
    assert "750.000,00" in text_of(soup(output / "progetti/to7-1-1-a/index.html").select_one("figure.grafico table"))
    assert "progetti/to7-1-1-a/index.html" in rewritten(output)
    record.write_text(original, encoding="utf-8")


def test_a_process_that_stays_up_shows_an_edited_title_on_every_page_that_lists_it(site):
    """The process keeps unchanged projects' pages between builds; the edited one is made again everywhere."""
    data, output, cache = site
    build(data, output, cache, keep_warm=True)
    age_everything(output)
    record = data / "interventi/to7-1-1-a.yaml"
    text = record.read_text(encoding="utf-8")
    assert "\ntitolo: " in text
    record.write_text(text.replace("\ntitolo: ", "\ntitolo: Titolo corretto dal vivo, ", 1), encoding="utf-8")
    build(data, output, cache, keep_warm=True)
    for page in ("progetti/to7-1-1-a/index.html", "progetti/index.html", "citta/torino/index.html",
                 "assi/7/index.html", "azioni/7-1-1/index.html", "embed/avanzamento-to7-1-1-a/index.html"):
        assert "Titolo corretto dal vivo" in (output / page).read_text(encoding="utf-8"), page
    assert "progetti/mi3-3-1-a/index.html" not in rewritten(output)
    record.write_text(text, encoding="utf-8")
    build(data, output, cache, keep_warm=True)
    assert "Titolo corretto dal vivo" not in (output / "progetti/index.html").read_text(encoding="utf-8")
    assert "Titolo corretto dal vivo" not in (output / "progetti/to7-1-1-a/index.html").read_text(encoding="utf-8")


def test_a_page_is_dirty_when_it_shows_or_showed_a_changed_record():
    from types import SimpleNamespace

    from ponmetro_site.incremental import BuildState, Plan

    def is_dirty(plan, save_as, sources):
        page = SimpleNamespace(save_as=save_as, sources=frozenset(sources))
        return plan.dirty([page]) == [page]

    previous = BuildState("chiave", {"a/index.html": frozenset({"x"}), "b/index.html": frozenset({"y", "z"}),
                                     "tutti/index.html": frozenset({"*"})})
    plan = Plan(previous, "chiave", {"z"})
    assert not is_dirty(plan, "a/index.html", {"x"})
    assert is_dirty(plan, "b/index.html", {"y"})  # z was shown there, no longer
    assert is_dirty(plan, "a/index.html", {"x", "z"})  # z is shown there now
    assert is_dirty(plan, "tutti/index.html", {"*"})
    assert is_dirty(plan, "nuova/index.html", {"x"})  # not written by the last build
    assert not is_dirty(Plan(previous, "chiave", set()), "tutti/index.html", {"*"})
    assert is_dirty(Plan(previous, "altra chiave", set()), "a/index.html", {"x"})


def test_the_build_state_is_sets_in_memory_and_sorted_lists_on_disk(tmp_path):
    from ponmetro_site.incremental import BuildState

    state = BuildState("chiave", {"assi/1/index.html": frozenset({"to7-1-1-b", "ba1-1-1-a", "mi3-3-1-e"})},
                       frozenset({"z.csv", "a/index.html", "m.json"}))
    state.save(tmp_path / "stato.json")
    saved = json.loads((tmp_path / "stato.json").read_text(encoding="utf-8"))
    assert saved["pages"] == {"assi/1/index.html": ["ba1-1-1-a", "mi3-3-1-e", "to7-1-1-b"]}
    assert saved["files"] == ["a/index.html", "m.json", "z.csv"]
    loaded = BuildState.load(tmp_path / "stato.json")
    assert loaded == state and isinstance(loaded.files, frozenset)
    (tmp_path / "rotto.json").write_text('{"format": 1, "site_key": "k", "pages": [1], "files": []}', encoding="utf-8")
    assert BuildState.load(tmp_path / "rotto.json") == BuildState()  # unreadable: a full build, not a traceback


def test_a_process_that_stays_up_takes_a_removed_records_pages_and_rows_away(site):
    data, output, cache = site
    build(data, output, cache, keep_warm=True)
    removed = data / "interventi/milano-senza-codice.yaml"
    text = removed.read_text(encoding="utf-8")
    removed.unlink()
    build(data, output, cache, keep_warm=True)
    assert not (output / "progetti/milano-senza-codice/index.html").exists()
    assert "milano-senza-codice" not in (output / "progetti/index.html").read_text(encoding="utf-8")
    assert "milano-senza-codice" not in (output / "citta/milano/index.html").read_text(encoding="utf-8")
    removed.write_text(text, encoding="utf-8")  # and back: the same process publishes it again
    build(data, output, cache, keep_warm=True)
    assert (output / "progetti/milano-senza-codice/index.html").is_file()
    assert "milano-senza-codice" in (output / "progetti/index.html").read_text(encoding="utf-8")


def test_write_new_writes_every_byte_and_makes_its_folder(tmp_path):
    from ponmetro_site.incremental import write_new

    big = bytes(range(256)) * 40_000  # 10 MB: more than one write may take
    target = tmp_path / "nuova" / "cartella" / "file.json"
    assert write_new(target, big) and target.read_bytes() == big
    # A shorter content leaves nothing of the longer one behind.
    assert write_new(target, b"{}") and target.read_bytes() == b"{}"


def test_a_cache_folder_that_cannot_be_used_stops_an_incremental_build_before_any_work(tmp_path):
    from ponmetro_site.build import build as run_build

    (tmp_path / "un-file").write_text("non una cartella", encoding="utf-8")
    cache = tmp_path / "un-file" / "cache"
    output = tmp_path / "output"
    result = run_build(ROOT / "pelicanconf.py", data_dir=FIXTURE_DATA, output_dir=output, incremental=True,
                       report=lambda text: None, overrides={"PONMETRO_CACHE_DIR": str(cache)})
    assert not result.ok
    assert result.message == (f"Sito NON costruito: la cartella della cache {cache} non è utilizzabile "
                              "(nel percorso c'è un file dove serve una cartella): indicarne un'altra con PONMETRO_CACHE_DIR, o costruire senza --incremental")
    assert not output.exists()
    # A full build does not need it: it only keeps the compiled templates there, when it can.
    assert run_build(ROOT / "pelicanconf.py", data_dir=FIXTURE_DATA, output_dir=output, report=lambda text: None,
                     overrides={"PONMETRO_CACHE_DIR": str(cache)}).ok


def test_a_sitemap_past_the_protocols_limit_is_split_under_an_index_and_the_parts_go_when_unneeded(
        tmp_path, monkeypatch):
    from lxml import etree

    import ponmetro_site.generator as generator

    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    data, output, cache = tmp_path / "data", tmp_path / "output", tmp_path / "cache"
    shutil.copytree(FIXTURE_DATA, data)
    build(data, output, cache)
    whole = etree.parse(str(output / "sitemap.xml")).getroot()
    assert whole.tag == f"{ns}urlset" and not list(output.glob("sitemap-*.xml"))
    entries = {url.findtext(f"{ns}loc"): url.findtext(f"{ns}lastmod") for url in whole}
    assert len(entries) > 20

    monkeypatch.setattr(generator, "SITEMAP_LIMIT", 10)  # the protocol's is 50,000 addresses a file
    build(data, output, cache)
    index = etree.parse(str(output / "sitemap.xml")).getroot()
    assert index.tag == f"{ns}sitemapindex"
    parts = [(item.findtext(f"{ns}loc"), item.findtext(f"{ns}lastmod")) for item in index]
    count = -(-len(entries) // 10)
    assert [loc for loc, _ in parts] == [f"{PUBLIC_URL}sitemap-{n}.xml" for n in range(1, count + 1)]
    found = {}
    for loc, lastmod in parts:
        part = etree.parse(str(output / loc[len(PUBLIC_URL):])).getroot()
        assert part.tag == f"{ns}urlset" and 0 < len(part) <= 10
        dates = {url.findtext(f"{ns}loc"): url.findtext(f"{ns}lastmod") for url in part}
        assert lastmod == max(d for d in dates.values() if d)  # the part's latest change
        found.update(dates)
    assert found == entries  # every address once, with its date
    assert (output / "robots.txt").read_text(encoding="utf-8").endswith(f"Sitemap: {PUBLIC_URL}sitemap.xml\n")

    monkeypatch.setattr(generator, "SITEMAP_LIMIT", 50_000)
    build(data, output, cache)
    assert etree.parse(str(output / "sitemap.xml")).getroot().tag == f"{ns}urlset"
    assert not list(output.glob("sitemap-*.xml"))  # an index's parts do not outlive it


def test_an_edit_that_brings_the_latest_date_leaves_the_same_pages_as_a_full_build(site, tmp_path):
    # Group pages were dated by the whole site's latest update, which an edit of one
    # Torino record could move: the full build redated Milano's pages, the
    # incremental one, which rewrites only what the record touches, did not.
    data, output, cache = site
    record = data / "interventi/to7-1-1-a.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("aggiornato_il: 20-01-2024",
                                                                 "aggiornato_il: 01-03-2024"), encoding="utf-8")
    build(data, output, cache)
    full = tmp_path / "full"
    build(data, full, tmp_path / "cache-full")
    for page in ("index.html", "assi/3/index.html", "citta/milano/index.html", "azioni/3-3-1/index.html",
                 "assi/7/index.html", "citta/torino/index.html", "embed/asse-3-per-citta/index.html"):
        assert (output / page).read_bytes() == (full / page).read_bytes(), page
