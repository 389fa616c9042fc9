"""A worker process that dies (the out-of-memory killer, a crash in a C library)
stops the build with one sentence, instead of leaving it waiting forever."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

from site_helpers import FIXTURE_DATA, ROOT

WORKER_DIED = ("un processo di lavoro si è interrotto prima di finire la sua parte (fermato dal sistema, "
               "di solito per memoria esaurita): riprovare con meno processi (PONMETRO_JOBS=1) o più memoria")

# Run in a child process, with a time limit: the failure this guards against is a build that never returns.
KILLED_WHILE_RENDERING = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    sys.path[:0] = [{root!r}, {plugins!r}]
    from bench.synthetic import write_data_dir
    from ponmetro_site import generator
    from ponmetro_site.build import build

    data, output, cache = (Path(p) for p in sys.argv[1:4])
    write_data_dir(data, 300, seed=3)
    builder = os.getpid()
    real = generator.InterventiGenerator._write_data_files

    def killed(self, *args, **kwargs):
        if os.getpid() != builder:
            os._exit(137)  # as the kernel's out-of-memory killer leaves a worker
        return real(self, *args, **kwargs)

    generator.InterventiGenerator._write_data_files = killed
    result = build({settings!r}, data_dir=data, output_dir=output,
                   overrides={{"PONMETRO_CACHE_DIR": str(cache)}}, report=lambda text: None)
    print(result.ok)
    print(result.message)
""")


def test_a_worker_killed_while_rendering_stops_the_build_and_keeps_the_old_output(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("il sito di prima", encoding="utf-8")
    script = KILLED_WHILE_RENDERING.format(root=str(ROOT), plugins=str(ROOT / "plugins"),
                                           settings=str(ROOT / "pelicanconf.py"))
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "data"), str(output), str(tmp_path / "cache")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PONMETRO_JOBS": "2"})  # two workers even on a one-core machine
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["False", f"Sito NON costruito: {WORKER_DIED}; l'uscita precedente è intatta."]
    assert [p.name for p in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text(encoding="utf-8") == "il sito di prima"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "data", "output"]  # no half-built site beside it


def test_an_incremental_build_that_fails_in_place_says_so_and_the_next_one_completes_it(tmp_path, monkeypatch):
    from ponmetro.parallel import WorkerDied
    from ponmetro_site import generator
    from ponmetro_site.build import build

    data, output, cache = tmp_path / "data", tmp_path / "output", tmp_path / "cache"
    shutil.copytree(FIXTURE_DATA, data)

    def rebuild():
        return build(ROOT / "pelicanconf.py", data_dir=data, output_dir=output, incremental=True,
                     overrides={"PONMETRO_CACHE_DIR": str(cache)}, report=lambda text: None)

    assert rebuild().ok
    record = data / "interventi" / "mi3-3-1-a.yaml"
    text = record.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("titolo:"))
    record.write_text(text.replace(title, "titolo: Titolo corretto dopo un errore"), encoding="utf-8")

    def died(*args, **kwargs):
        raise WorkerDied()

    monkeypatch.setattr(generator, "run_parts", died)
    failed = rebuild()
    assert not failed.ok
    assert failed.message == (f"Sito NON costruito: {WORKER_DIED}; l'uscita può essere aggiornata solo in parte: "
                              "la prossima costruzione la completa.")

    monkeypatch.undo()
    assert rebuild().ok
    page = (output / "progetti" / "mi3-3-1-a" / "index.html").read_text(encoding="utf-8")
    assert "Titolo corretto dopo un errore" in page


def test_a_worker_killed_while_reading_the_records_stops_the_build(tmp_path, monkeypatch):
    from ponmetro.parallel import WorkerDied
    import ponmetro_site.build as build_module

    def died(*args, **kwargs):
        raise WorkerDied()

    monkeypatch.setattr(build_module, "load_dataset", died)
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("il sito di prima", encoding="utf-8")
    result = build_module.build(ROOT / "pelicanconf.py", data_dir=FIXTURE_DATA, output_dir=output,
                                overrides={"PONMETRO_CACHE_DIR": str(tmp_path / "cache")}, report=lambda text: None)
    assert not result.ok
    assert result.message == f"Sito NON costruito: {WORKER_DIED}; l'uscita precedente è intatta."
    assert (output / "index.html").read_text(encoding="utf-8") == "il sito di prima"
