"""The synthetic records: valid for the data core, realistic, marked, deterministic."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import synthetic
from ponmetro.dataset import load_dataset

from bench_helpers import REPO, SEED, SMALL_N


@pytest.fixture(scope="module")
def dataset(small_data):
    return load_dataset(small_data)


def _texts(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "interventi").iterdir())}


def test_the_core_accepts_every_record(dataset):
    errors = [p.format() for p in dataset.report.problems if p.is_error]
    assert errors == []
    assert dataset.report.ok
    assert len(dataset.records) == SMALL_N


def test_validate_command_exits_zero(small_data):
    done = subprocess.run([sys.executable, "-m", "ponmetro", "validate", "--data", str(small_data)],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 errori" in done.stdout


def test_file_names_are_the_slugs(dataset):
    for item in dataset.records:
        assert Path(item.path).stem == item.slug


def test_all_cities_and_axes_are_covered(dataset):
    cities = {item.record.citta for item in dataset.records}
    axes = {item.record.asse for item in dataset.records}
    assert cities == {city.nome for city in dataset.reference.cities}
    assert len(cities) == 14
    assert axes == set(range(1, 9))


def test_the_awkward_cases_of_the_real_sources_are_there(dataset):
    records = [item.record for item in dataset.records]
    without_code = [r for r in records if r.codice is None]
    assert without_code and all(r.slug and r.titolo for r in without_code)
    assert any(r.importi.is_empty() for r in records)
    assert any(r.importi.programmato is not None and r.importi.erogato is None for r in records)
    assert any(r.cup == "n.d." for r in records)
    assert any(r.cup is None and r.codice for r in records)
    assert any(r.titolo is None for r in records)  # like MI3.3.1.e
    precisions = {r.data_inizio.precision for r in records if r.data_inizio}
    assert precisions == {"giorno", "mese"}
    assert any(r.data_inizio is None for r in records)


def test_amounts_are_written_in_the_sources_forms(small_data):
    text = "\n".join(t.decode() for t in _texts(small_data).values())
    assert re.search(r"^  programmato: € \d{1,3}(\.\d{3})*,\d{2}$", text, re.M)   # € 1.190.893,72
    assert re.search(r"^  programmato: \d{1,3}(\.\d{3})*,\d{2}€$", text, re.M)    # 1.864.908,36€
    assert re.search(r"^  programmato: \d+\.\d{2}$", text, re.M)                  # 1190893.72
    assert re.search(r"^data_inizio: \d{2}-\d{2}-20\d\d$", text, re.M)
    assert re.search(r"^data_inizio: (\d{2}\.20\d\d|[A-Z][a-z]+ 20\d\d)$", text, re.M)


def test_descriptions_are_italian_markdown_with_lists(dataset):
    descriptions = [item.record.descrizione for item in dataset.records]
    assert all(descriptions)
    assert any("\n\n" in d and re.search(r"^- ", d, re.M) for d in descriptions)
    assert all(" il " in d or " la " in d or " di " in d for d in descriptions)


def test_every_record_says_it_is_synthetic(small_data, dataset):
    for item in dataset.records:
        assert synthetic.SYNTHETIC_NOTE in item.record.note
    for name, text in _texts(small_data).items():
        assert text.decode().startswith(f"# {synthetic.SYNTHETIC_NOTE}"), name
    assert (small_data / synthetic.MARKER_FILE).exists()


def test_declared_totals_agree_with_the_records(dataset):
    totals = dataset.reference.declared_totals
    assert totals
    for total in totals:
        computed = sum(
            (item.record.importi.programmato or 0)
            for item in dataset.records
            if item.record.citta == total.citta and item.record.asse == total.asse
        )
        assert computed == total.importo


def test_same_seed_same_bytes_other_seed_other_records(small_data, tmp_path):
    again = synthetic.write_data_dir(tmp_path / "again", SMALL_N, SEED)
    assert _texts(again) == _texts(small_data)
    assert (again / "totali-dichiarati.yaml").read_bytes() == (small_data / "totali-dichiarati.yaml").read_bytes()
    other = synthetic.write_data_dir(tmp_path / "other", SMALL_N, SEED + 1)
    assert _texts(other) != _texts(small_data)


def test_a_smaller_n_is_a_prefix_of_a_larger_one(small_data, tmp_path):
    smaller = synthetic.write_data_dir(tmp_path / "ten", 10, SEED)
    small_texts, full_texts = _texts(smaller), _texts(small_data)
    assert len(small_texts) == 10
    assert all(full_texts[name] == text for name, text in small_texts.items())


def test_refuses_to_write_into_the_real_data_folder(tmp_path):
    real = REPO / "data"
    before = sorted(str(p) for p in real.rglob("*"))
    for target in (real, real / "interventi", real / "sintetici"):
        with pytest.raises(SystemExit, match="dati reali"):
            synthetic.write_data_dir(target, 3, SEED)
    assert sorted(str(p) for p in real.rglob("*")) == before


def test_refuses_to_overwrite_a_folder_that_is_not_synthetic(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "important.txt").write_text("keep me")
    with pytest.raises(SystemExit, match="non è vuota"):
        synthetic.write_data_dir(folder, 3, SEED)
    assert (folder / "important.txt").read_text() == "keep me"


def test_regenerating_replaces_the_previous_records(tmp_path):
    folder = synthetic.write_data_dir(tmp_path / "data", 20, SEED)
    synthetic.write_data_dir(folder, 5, SEED)
    assert len(list((folder / "interventi").iterdir())) == 5
    assert synthetic.is_current(folder, 5, SEED)
    assert not synthetic.is_current(folder, 20, SEED)


def test_command_line(tmp_path):
    out = tmp_path / "cli"
    done = subprocess.run([sys.executable, "-m", "bench.synthetic", "--n", "16", "--seed", "3", "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(list((out / "interventi").glob("*.yaml"))) == 16
    assert load_dataset(out).report.ok


def test_codes_never_repeat_at_scale():
    # 3,000 records over 14 cities and 25 actions: letters go past z (aa, ab...).
    slugs = [record.slug for record in synthetic.generate(3000, SEED)]
    assert len(slugs) == len(set(slugs))
    assert any(re.fullmatch(r"[a-z]{2}\d-\d+-\d+-[a-z]{2}", s) for s in slugs)
