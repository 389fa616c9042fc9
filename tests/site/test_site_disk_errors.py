"""What the machine refuses while the site is written (a full disk, no permission)
is said in one sentence that names the place; the caches, which only make builds
faster, never stop one."""

from __future__ import annotations

import errno
import logging
import os
import shutil
from pathlib import Path

import pytest

from site_helpers import FIXTURE_DATA, ROOT

FULL = os.strerror(errno.ENOSPC)


def build(data: Path, output: Path, cache: Path, **kwargs):
    from ponmetro_site.build import build as run_build

    return run_build(ROOT / "pelicanconf.py", data_dir=data, output_dir=output, report=lambda text: None,
                     overrides={"PONMETRO_CACHE_DIR": str(cache)}, **kwargs)


def old_output(tmp_path: Path) -> Path:
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("il sito di prima", encoding="utf-8")
    return output


def test_a_full_disk_while_the_pages_are_written_is_one_sentence_with_the_places(tmp_path, monkeypatch):
    from pelican.writers import Writer

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, FULL)  # as a write() that fills the disk: no file named

    monkeypatch.setattr(Writer, "write_file", full)
    output = old_output(tmp_path)
    result = build(FIXTURE_DATA, output, tmp_path / "cache")
    assert not result.ok
    assert result.message == (f"Sito NON costruito: spazio esaurito sul disco ({tmp_path} o {tmp_path / 'cache'}); "
                              "l'uscita precedente è intatta.")
    assert (output / "index.html").read_text(encoding="utf-8") == "il sito di prima"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "output"]


def test_a_copy_that_fills_the_disk_names_where_it_was_copying_to(tmp_path, monkeypatch):
    from ponmetro_site import generator

    target = tmp_path / "output" / "theme" / "vendor" / "plotly.min.js"

    def full(self, *args, **kwargs):
        # shutil's copy names the source first and the destination second
        raise OSError(errno.ENOSPC, FULL, "/node_modules/plotly.min.js", None, str(target))

    monkeypatch.setattr(generator.InterventiGenerator, "_copy_vendor_files", full)
    result = build(FIXTURE_DATA, old_output(tmp_path), tmp_path / "cache")
    assert result.message == f"Sito NON costruito: spazio esaurito sul disco ({target}); l'uscita precedente è intatta."


def test_a_file_that_cannot_be_written_is_named(tmp_path, monkeypatch):
    from pelican.writers import Writer

    def refused(self, name, *args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), name)

    monkeypatch.setattr(Writer, "write_file", refused)
    result = build(FIXTURE_DATA, old_output(tmp_path), tmp_path / "cache")
    assert result.message.startswith("Sito NON costruito: permesso negato (")
    assert result.message.endswith(".html); l'uscita precedente è intatta.")
    assert "inatteso" not in result.message and "Permission" not in result.message


def test_a_template_cache_that_cannot_be_saved_does_not_stop_the_build(tmp_path, monkeypatch, caplog):
    from jinja2 import FileSystemBytecodeCache

    def full(self, bucket):
        raise OSError(errno.ENOSPC, FULL)

    monkeypatch.setattr(FileSystemBytecodeCache, "dump_bytecode", full)
    with caplog.at_level(logging.WARNING, logger="ponmetro_site"):
        result = build(FIXTURE_DATA, tmp_path / "output", tmp_path / "cache")
    assert result.ok, result.message
    assert (tmp_path / "output" / "progetti" / "mi3-3-1-a" / "index.html").is_file()
    assert any(r.getMessage().startswith("modello compilato non salvato nella cache: spazio esaurito sul disco (")
               for r in caplog.records)


def test_an_incremental_cache_that_cannot_be_saved_leaves_a_built_site_and_a_next_build_that_redoes_all(
        tmp_path, monkeypatch, caplog):
    from ponmetro.record_cache import RecordCache

    data, output, cache = tmp_path / "data", tmp_path / "output", tmp_path / "cache"
    shutil.copytree(FIXTURE_DATA, data)
    assert build(data, output, cache, incremental=True).ok
    saved = list(cache.glob("records-*.pickle"))
    assert len(saved) == 1

    record = data / "interventi" / "mi3-3-1-a.yaml"
    text = record.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("titolo:"))
    record.write_text(text.replace(title, "titolo: Titolo scritto a disco pieno"), encoding="utf-8")
    real_save = RecordCache.save

    def full(self):
        raise OSError(errno.ENOSPC, FULL)

    monkeypatch.setattr(RecordCache, "save", full)
    with caplog.at_level(logging.WARNING, logger="ponmetro_site"):
        result = build(data, output, cache, incremental=True)
    assert result.ok, result.message
    page = output / "progetti" / "mi3-3-1-a" / "index.html"
    assert "Titolo scritto a disco pieno" in page.read_text(encoding="utf-8")
    assert [r.getMessage() for r in caplog.records if "cache per le costruzioni" in r.getMessage()] == [
        f"cache per le costruzioni incrementali non salvata: spazio esaurito sul disco ({cache}); "
        "la prossima costruzione incrementale rifarà tutto"]
    assert not saved[0].exists()  # no cache that would hide this build's edit from the next one

    monkeypatch.setattr(RecordCache, "save", real_save)
    record.write_text(text, encoding="utf-8")  # the edit undone
    assert build(data, output, cache, incremental=True).ok
    assert "Titolo scritto a disco pieno" not in page.read_text(encoding="utf-8")
    assert saved[0].exists()


def test_a_record_cache_that_fails_half_way_leaves_no_temporary_file(tmp_path, monkeypatch):
    import pickle

    from ponmetro.record_cache import RecordCache

    cache = RecordCache.open(tmp_path / "records.pickle")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, FULL)

    monkeypatch.setattr(pickle, "dump", full)
    with pytest.raises(OSError):
        cache.save()
    assert list(tmp_path.iterdir()) == []


def test_npm_packages_not_installed_is_a_set_up_step_said_before_any_page_is_written(tmp_path):
    from ponmetro_site.build import build as run_build

    output, vendor = old_output(tmp_path), tmp_path / "node_modules"
    vendor.mkdir()  # as after `pip install` without `npm ci`
    result = run_build(ROOT / "pelicanconf.py", data_dir=FIXTURE_DATA, output_dir=output, report=lambda text: None,
                       overrides={"PONMETRO_VENDOR_DIR": str(vendor)})
    assert not result.ok
    assert result.message == (f"Sito NON costruito: manca {vendor}/plotly.js-basic-dist-min/plotly-basic.min.js, "
                              "un file dei pacchetti npm del sito: eseguire `make site`, che li installa (`npm ci`)")
    assert [p.name for p in output.iterdir()] == ["index.html"]  # the site before, untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["node_modules", "output"]  # no half-built site beside it
