"""Writing the global files: the paths, stable bytes, all-or-nothing replacement, configuration errors."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import textwrap

import pytest

from export_samples import ROOT, SITE, SYNTHETIC_RECORDS, load_valid, make_data_dir
from ponmetro.dataset import load_dataset
from ponmetro.exports import (
    ExportConfig, ExportConfigError, axis_files, city_files, global_files, project_files, write_downloads,
)
from ponmetro.exports import files as files_module
from ponmetro.problems import DataInvalid

GLOBAL_NAMES = ["interventi.csv", "interventi-excel.csv", "interventi.json", "datapackage.json",
                "catalogo-dcat-ap-it.rdf"]


def test_write_downloads_returns_the_written_paths(tmp_path, real_dataset, config):
    folder = tmp_path / "nuova" / "dati"
    paths = write_downloads(folder, real_dataset, config)
    assert paths == [folder / name for name in GLOBAL_NAMES]
    assert sorted(p.name for p in folder.iterdir()) == sorted(GLOBAL_NAMES), "no temporary file left"
    for path in paths:
        assert path.stat().st_size > 0
        assert path.stat().st_mode & 0o644 == 0o644, "published files are readable by everyone"


def test_two_runs_give_identical_bytes(tmp_path, any_dataset, config):
    first = write_downloads(tmp_path / "a", any_dataset, config)
    second = write_downloads(tmp_path / "b", any_dataset, config)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_bytes_do_not_depend_on_the_process(tmp_path, config):
    # Another interpreter, another hash seed, another day: the same data gives the same files.
    data = make_data_dir(tmp_path, SYNTHETIC_RECORDS)
    script = textwrap.dedent(f"""
        import sys
        from ponmetro.dataset import load_dataset, require_valid
        from ponmetro.exports import ExportConfig, write_downloads
        config = ExportConfig(site_url={SITE!r}, publisher_name={config.publisher_name!r},
                              publisher_ipa={config.publisher_ipa!r}, contact_name={config.contact_name!r},
                              contact_email={config.contact_email!r})
        write_downloads(sys.argv[1], require_valid(load_dataset(sys.argv[2])), config)
    """)
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-c", script, str(out), str(data)], check=True, cwd=ROOT, env=env)
        outputs.append({name: (out / name).read_bytes() for name in GLOBAL_NAMES})
    here = global_files(load_valid(data), config)
    assert outputs[0] == outputs[1] == here


def test_the_only_dates_in_the_output_are_the_data_s_own(synthetic_dataset, config):
    # The synthetic records are dated 2020-2025, never on the day the tests run
    # (their update days are in early 2025): a build date or a clock time would show up here.
    data_days = set()
    for item in synthetic_dataset.records:
        rec = item.record
        data_days.add(rec.aggiornato_il.isoformat())
        data_days.update(f.consultata_il.isoformat() for f in rec.fonti)
        data_days.update(d.isoformat() for d in (rec.data_inizio, rec.data_fine) if d and d.day)
    if dt.date.today().isoformat() in data_days:
        pytest.skip("the tests run on one of the synthetic data's own days")
    for name, content in global_files(synthetic_dataset, config).items():
        text = content.decode("utf-8")
        assert set(re.findall(r"\d{4}-\d{2}-\d{2}", text)) <= data_days, name
        assert not re.search(r"\d{2}:\d{2}:\d{2}", text), name


def test_a_failed_write_leaves_the_old_files_untouched(tmp_path, real_dataset, synthetic_dataset, config,
                                                       monkeypatch):
    folder = tmp_path / "dati"
    write_downloads(folder, real_dataset, config)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    calls = []
    real_fsync = os.fsync

    def failing_fsync(fd):
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(files_module.os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        write_downloads(folder, synthetic_dataset, config)
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert after == before, "either every file is replaced or none, and no temporary file remains"


def test_a_failed_build_leaves_the_old_files_untouched(tmp_path, real_dataset, config):
    folder = tmp_path / "dati"
    write_downloads(folder, real_dataset, config)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(ExportConfigError):
        write_downloads(folder, real_dataset, ExportConfig(site_url=SITE), strict_catalogue=True)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_invalid_data_is_never_exported(tmp_path, config):
    records = dict(SYNTHETIC_RECORDS)
    records["ca1-1-1-b.yaml"] = records["ca1-1-1-b.yaml"].replace("citta: Cagliari", "citta: Milano")
    dataset = load_dataset(make_data_dir(tmp_path, records))
    assert not dataset.report.ok
    with pytest.raises(DataInvalid):
        write_downloads(tmp_path / "dati", dataset, config)
    assert not (tmp_path / "dati").exists()


def test_per_page_files_sit_next_to_their_pages(real_dataset, config):
    item = next(i for i in real_dataset.records if i.slug == "mi3-3-1-e")
    assert list(project_files(real_dataset, item, config)) == [
        "progetti/mi3-3-1-e/mi3-3-1-e.json", "progetti/mi3-3-1-e/mi3-3-1-e.csv",
    ]
    axis = real_dataset.reference.axis_by_number[3]
    assert list(axis_files(real_dataset, axis, config)) == ["assi/3/interventi-asse-3.csv"]
    city = real_dataset.reference.city_by_name["Reggio Calabria"]
    assert list(city_files(real_dataset, city, config)) == ["citta/reggio-calabria/interventi-reggio-calabria.csv"]


@pytest.mark.parametrize("kwargs, message", [
    ({"site_url": ""}, "indirizzo del sito"),
    ({"site_url": "/dati/"}, "indirizzo del sito"),
    ({"site_url": "ponmetro.example.it"}, "indirizzo del sito"),
    ({"site_url": SITE, "publisher_ipa": "codice con spazi"}, "codice IPA"),
    ({"site_url": SITE, "contact_email": "non-una-mail"}, "e-mail"),
])
def test_configuration_errors_are_clear(kwargs, message):
    with pytest.raises(ExportConfigError, match=message):
        ExportConfig(**kwargs)


def test_site_url_gets_its_final_slash_and_blank_values_are_unset():
    config = ExportConfig(site_url="https://example.org/ponmetro", publisher_ipa="  ", contact_email=" ")
    assert config.site_url == "https://example.org/ponmetro/"
    assert config.absolute("dati/interventi.csv") == "https://example.org/ponmetro/dati/interventi.csv"
    assert config.publisher_ipa is None and config.contact_email is None
