"""Maintainer tasks (invoke), in the shape `pelican-quickstart` users know.

    invoke validate            check data/ and list every problem (exit 1 on errors)
    invoke build               validate, then build output/ (pelicanconf.py)
    invoke rebuild             clean, then build
    invoke serve               serve output/ on http://localhost:8000
    invoke livereload          rebuild on every change and reload the browser
    invoke preview             build with publishconf.py (the public settings)
    invoke clean               remove output/
    invoke new MI3.3.1.f       scaffold data/interventi/mi3-3-1-f.yaml from a code
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

SETTINGS = {"local": ROOT / "pelicanconf.py", "publish": ROOT / "publishconf.py"}
OUTPUT = ROOT / "output"
DATA = ROOT / "data"


@task(help={"data": "cartella dei dati (predefinita: data/)", "github": "annotazioni per GitHub Actions"})
def validate(c, data=str(DATA), github=False):
    """Controlla i dati ed elenca ogni problema, con file, riga e campo."""
    from ponmetro.cli import validate as run_validation

    code = run_validation(Path(data), "github" if github else "text")
    if code:
        raise Exit(code=code)


def _build(settings: Path, output: Path | None = None, data: str | None = None):
    from ponmetro_site.build import build as run_build, configure_logging

    configure_logging()
    result = run_build(settings, data_dir=data, output_dir=output)
    print(result.summary())
    if not result.ok:
        raise Exit(code=1)
    return result


@task(help={"output": "cartella di uscita (predefinita: output/)", "data": "cartella dei dati"})
def build(c, output=str(OUTPUT), data=None):
    """Valida i dati e costruisce il sito in output/ (impostazioni locali)."""
    _build(SETTINGS["local"], Path(output), data)


@task
def clean(c):
    """Cancella output/."""
    shutil.rmtree(OUTPUT, ignore_errors=True)


@task(pre=[clean])
def rebuild(c):
    """Ricostruisce il sito da zero."""
    _build(SETTINGS["local"], OUTPUT)


@task(help={"output": "cartella di uscita (predefinita: output/)"})
def preview(c, output=str(OUTPUT)):
    """Costruisce il sito con le impostazioni pubbliche (publishconf.py)."""
    _build(SETTINGS["publish"], Path(output))


@task(help={"port": "porta (predefinita 8000)", "output": "cartella da servire"})
def serve(c, port=8000, output=str(OUTPUT)):
    """Serve output/ su http://localhost:8000 (solo per provare: non per pubblicare)."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    server = RootedHTTPServer(output, ("127.0.0.1", int(port)), ComplexHTTPRequestHandler)
    print(f"Sito su http://127.0.0.1:{port}/ (Ctrl-C per fermare)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(help={"port": "porta (predefinita 8000)"})
def livereload(c, port=8000):
    """Ricostruisce a ogni modifica di dati, contenuti o tema e ricarica il browser."""
    from livereload import Server

    def rebuild_quietly():
        try:
            _build(SETTINGS["local"], OUTPUT)
        except Exit:
            pass  # the problems are already printed; keep watching

    rebuild_quietly()
    server = Server()
    for pattern in ("data/**/*.yaml", "content/**/*", "theme/**/*", "pelicanconf.py"):
        server.watch(str(ROOT / pattern), rebuild_quietly)
    server.serve(root=str(OUTPUT), port=int(port), host="127.0.0.1")


@task(help={"codice": "codice del progetto, es. MI3.3.1.f", "data": "cartella dei dati"})
def new(c, codice, data=str(DATA)):
    """Crea la scheda di un nuovo intervento dal suo codice (città, asse e azione dal codice)."""
    from ponmetro.scaffold import ScaffoldError, scaffold_record

    try:
        path = scaffold_record(codice, Path(data))
    except ScaffoldError as exc:
        print(exc, file=sys.stderr)
        raise Exit(code=1) from None
    print(f"Creata {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
          "completare i campi indicati e poi eseguire `invoke validate`.")
