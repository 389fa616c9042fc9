"""The invoke tasks. The import tasks hand their file to the importers' command line
and keep its answer: the drafts land in the folder asked for, the exit status is the
importer's. The servers say why a port cannot be used."""

from __future__ import annotations

from publish_helpers import ROOT, run_invoke

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
OPENCOESIONE_CSV = ROOT / "tests" / "importers" / "fixtures" / "opencoesione.csv"


def test_importa_pagina_writes_a_draft(tmp_path):
    done = run_invoke("importa-pagina", str(SEEDS / "002_97cf3cd773ef0d37.txt"),
                      "--bozze", str(tmp_path / "bozze"), "--oggi", "2026-11-22", "--data", str(ROOT / "data"))
    assert done.returncode == 0, done.stdout + done.stderr
    draft = tmp_path / "bozze" / "mi3-3-1-e.yaml"
    assert "codice: MI3.3.1.e" in draft.read_text(encoding="utf-8")
    assert done.stdout.splitlines()[0] == "Importo 1 file (pagina) ..."
    assert done.stdout.splitlines()[-1].startswith("1 bozza scritta")


def test_importa_scheda_takes_a_pattern(tmp_path):
    done = run_invoke("importa-scheda", str(SEEDS / "000_*.txt"), "--bozze", str(tmp_path / "bozze"),
                      "--oggi", "2026-11-22")
    assert done.returncode == 0, done.stdout + done.stderr
    assert [p.name for p in (tmp_path / "bozze").iterdir()] == ["bo3-3-1-a.yaml"]


def test_importa_opencoesione_keeps_the_importers_answer(tmp_path):
    import subprocess
    import sys

    args = [str(OPENCOESIONE_CSV), "--bozze", str(tmp_path / "diretto"), "--oggi", "2026-11-22"]
    direct = subprocess.run([sys.executable, "-m", "ponmetro.importers", "opencoesione", *args],
                            cwd=ROOT, capture_output=True, text=True)
    args[2] = str(tmp_path / "bozze")
    done = run_invoke("importa-opencoesione", *args)
    # The same drafts and the same exit status as the importer run by hand
    # (1 here: the fixture has values the importer could not read).
    assert done.returncode == direct.returncode == 1
    assert sorted(p.name for p in (tmp_path / "bozze").iterdir()) == \
        sorted(p.name for p in (tmp_path / "diretto").iterdir()) == \
        ["bo3-3-1-a.yaml", "mi3-3-1-e.yaml", "na3-1-1-b.yaml", "to7-1-1-b.yaml"]
    assert done.stdout.splitlines()[-1] == direct.stdout.splitlines()[-1]


def test_an_import_that_fails_fails_the_task(tmp_path):
    done = run_invoke("importa-opencoesione", str(tmp_path / "manca.csv"), "--bozze", str(tmp_path / "bozze"))
    assert done.returncode == 1
    assert "file non trovato" in done.stdout
    pattern = run_invoke("importa-pagina", str(tmp_path / "*.txt"))
    assert pattern.returncode == 1
    assert "nessun file corrisponde" in pattern.stderr


def test_serve_and_livereload_say_why_a_port_cannot_be_used():
    import socket

    for task in ("serve", "livereload"):
        wrong = run_invoke(task, "--port", "abc")
        assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
        assert wrong.stderr.strip() == "porta (--port): 'abc' non è un numero da 1 a 65535 (predefinito: 8000)"
    with socket.socket() as taken:  # a port another program listens on
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for task in ("serve", "livereload"):  # livereload says it before its first build
            busy = run_invoke(task, "--port", str(port))
            assert busy.returncode == 1 and "Traceback" not in busy.stderr
            assert busy.stderr.strip() == (
                f"porta {port} non utilizzabile: già in uso (forse da un altro `invoke serve` o "
                "`invoke livereload` ancora aperto); sceglierne un'altra con --port")
            assert "Sito" not in busy.stdout
    for args, says in ((("publish", "--keep", "tanti"), "versioni da tenere (--keep): 'tanti' non è un numero"),
                       (("bench", "--runs", "0"), "ripetizioni (--runs): '0' non è un numero da 1 a 100")):
        wrong = run_invoke(*args)
        assert wrong.returncode == 2 and wrong.stderr.startswith(says) and "Traceback" not in wrong.stderr
