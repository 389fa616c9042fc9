"""Broken input gets one clear Italian sentence and a non-zero status, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import DATA, ROOT, SEEDS, run_importer

KINDS = ("pagina", "scheda", "opencoesione")

BROKEN = {
    "missing": (None, "file non trovato"),
    "empty": (b"", "file vuoto"),
    "binary": (bytes(range(256)) * 20, "sembra binario"),
    "cp1252": ("Città\nTorino\nCodice Progetto\nTO7.1.1.b\n".encode("cp1252"), None),
    "blank": (b"\n\n   \n", None),
}


def _make(tmp_path, name):
    content, _ = BROKEN[name]
    path = tmp_path / f"{name}.txt"
    if content is not None:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_is_a_message(kind, name, tmp_path):
    path = _make(tmp_path, name)
    result = run_importer(kind, path, "--bozze", tmp_path / "bozze", "--data", DATA)
    assert result.status == 1
    assert "non letto" in result.output
    expected = BROKEN[name][1]
    if expected:
        assert expected in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "bozze").exists() or not list((tmp_path / "bozze").iterdir())


def test_wrong_encoding_names_the_byte_and_the_line(tmp_path):
    path = _make(tmp_path, "cp1252")
    result = run_importer("pagina", path, "--bozze", tmp_path / "bozze", "--data", DATA)
    assert "cp1252.txt:1: non letto: byte 0xe0 non valido in UTF-8 (in Windows-1252 sarebbe «à»)" in result.output


def test_a_folder_is_not_a_file(tmp_path):
    result = run_importer("scheda", tmp_path, "--bozze", tmp_path / "bozze", "--data", DATA)
    assert result.status == 1 and "è una cartella, non un file" in result.output


@pytest.mark.parametrize("kind, seed", [("scheda", "002_97cf3cd773ef0d37.txt"), ("pagina", "000_214749169c110a68.txt"),
                                         ("opencoesione", "003_00bc5e87d70292e5.txt"), ("pagina", "004_1b33a814ac5bf721.txt")])
def test_wrong_kind_of_document_is_recognised(kind, seed, tmp_path):
    result = run_importer(kind, SEEDS / seed, "--bozze", tmp_path / "bozze", "--data", DATA)
    assert result.status == 1
    assert "non sembra" in result.output
    assert not (tmp_path / "bozze").exists()


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    result = run_importer("pagina", tmp_path / "manca.txt", SEEDS / "003_00bc5e87d70292e5.txt",
                          "--bozze", tmp_path / "bozze", "--data", DATA)
    assert result.status == 1
    assert (tmp_path / "bozze" / "to7-1-1-b.yaml").exists()
    assert result.lines[-1] == "1 bozza scritta, 0 non scritte; 1 valore non letto, 12 deduzioni da verificare"


def test_missing_reference_data_is_a_message(tmp_path):
    result = run_importer("pagina", SEEDS / "003_00bc5e87d70292e5.txt", "--bozze", tmp_path / "b", "--data", tmp_path / "nodata")
    assert result.status == 1
    assert "file di riferimento mancante" in result.output


def test_process_level_no_traceback(tmp_path):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(os.urandom(4096) + b"\x00")
    env = dict(os.environ, PONMETRO_DEBUG="")
    for kind in KINDS:
        proc = subprocess.run(
            [sys.executable, "-m", "ponmetro.importers", kind, str(junk), "--bozze", str(tmp_path / "b")],
            cwd=ROOT, capture_output=True, text=True, env=env,
        )
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "Traceback" not in proc.stdout + proc.stderr
        assert "non letto" in proc.stdout


def test_bad_day_option_is_refused_in_italian(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        run_importer("pagina", SEEDS / "003_00bc5e87d70292e5.txt", "--oggi", "2026-13-01")
    assert stop.value.code == 2
    assert "--oggi: " in capsys.readouterr().err
