"""Maintainer tasks (invoke), in the shape `pelican-quickstart` users know.

    invoke validate            check data/ and content/ and list every problem (exit 1 on errors)
    invoke build               validate, then build output/ (pelicanconf.py); --incremental rewrites
                               only what changed records touch
    invoke rebuild             clean, then build
    invoke serve               serve output/ on http://localhost:8000
    invoke livereload          rebuild on every change and reload the browser
    invoke preview             build with publishconf.py (the public settings)
    invoke clean               remove output/
    invoke new MI3.3.1.f       scaffold data/interventi/mi3-3-1-f.yaml from a code
    invoke publish             build (publishconf.py) into releases/, check, switch releases/current
    invoke rollback            put the previous release back online
    invoke releases            list the releases, the current one marked
    invoke diff OLD NEW        what changed between two built sites (Markdown, for pull requests)
    invoke lost OLD NEW        addresses of OLD that NEW no longer answers, without a redirect (exit 1)
    invoke importa-pagina FILE        draft records from a programme page (into bozze/)
    invoke importa-scheda FILE        draft records from a descriptive sheet
    invoke importa-opencoesione CSV   draft records from an OpenCoesione CSV

docs/publishing.md explains releases, checks, redirects and rollback.
"""

from __future__ import annotations

import glob
import shlex
import shutil
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

SETTINGS = {"local": ROOT / "pelicanconf.py", "publish": ROOT / "publishconf.py"}
OUTPUT = ROOT / "output"
DATA = ROOT / "data"
RELEASES = ROOT / "releases"


@task(help={"data": "cartella dei dati (predefinita: data/)", "github": "annotazioni per GitHub Actions",
            "content": "cartella di notizie e pagine (predefinita: quella delle impostazioni, content/)"})
def validate(c, data=str(DATA), github=False, content=None):
    """Controlla dati, reindirizzamenti, notizie e pagine ed elenca ogni problema, con file, riga e campo."""
    from ponmetro.cli import format_report
    from ponmetro.dataset import load_dataset
    from ponmetro.redirects import validate_redirects

    from ponmetro_site.content_checks import hide_pelicans_unread_line

    hide_pelicans_unread_line()  # _known_pages reads content/ with Pelican; _check_content says what is wrong
    data_dir = Path(data)
    dataset = load_dataset(data_dir, root=Path.cwd())
    report = dataset.report
    # Whether a redirect's target is a page can only be told from valid data; with
    # errors the redirects are still checked among themselves.
    pages = _known_pages(dataset, data_dir) if report.ok else None
    for stream in (sys.stdout, sys.stderr):  # a file name with odd bytes never stops the report
        stream.reconfigure(errors="backslashreplace")
    redirects = validate_redirects(data_dir, Path.cwd(), pages)
    # load_dataset checked the redirects among themselves; this adds the check of
    # their targets against the site's pages, without saying anything twice.
    already = set(report.problems)
    report.extend(p for p in redirects.problems if p not in already)
    _check_content(report, dataset, content)
    print(format_report(report, "github" if github else "text"))
    if not report.ok:
        raise Exit(code=1)


def _check_content(report, dataset, folder: str | None) -> None:
    """The news items and pages of content/, checked as the build checks them."""
    from pelican.settings import read_settings
    from ponmetro_site.content_checks import check_folder

    try:
        settings = read_settings(str(SETTINGS["local"]))
    except Exception as exc:  # the build reports a broken settings file in full
        print(f"avviso: notizie e pagine non controllate ({type(exc).__name__}: {exc}): "
              "`invoke build` le controlla", file=sys.stderr)
        return
    problems, checked = check_folder(Path(folder or settings["PATH"]), dataset.reference,
                                     settings.get("ARTICLE_PATHS", []), Path.cwd())
    report.extend(problems)
    report.files_checked += checked


def _known_pages(dataset, data_dir: Path) -> set[str] | None:
    from ponmetro_site.redirects import known_pages

    try:
        return known_pages(SETTINGS["local"], dataset, {"PONMETRO_DATA": str(data_dir.resolve())})
    except Exception as exc:  # a content or settings problem is the build's to report in full
        print(f"avviso: pagine del sito non calcolate ({type(exc).__name__}: {exc}): "
              "i reindirizzamenti sono controllati solo tra loro; `invoke build` li controlla tutti",
              file=sys.stderr)
        return None


def _build(settings: Path, output: Path | None = None, data: str | None = None, incremental: bool = False,
           keep_warm: bool = False):
    from ponmetro_site.build import build as run_build, configure_logging
    from ponmetro_site.stopping import Stopped

    configure_logging()
    try:
        result = run_build(settings, data_dir=data, output_dir=output, incremental=incremental,
                           keep_warm=keep_warm)
    except Stopped as stopped:  # Ctrl-C, SIGTERM, SIGHUP: invoke alone would end silently
        print(stopped.message, file=sys.stderr)
        if keep_warm:
            raise  # `invoke livereload` stops, as on any Ctrl-C
        raise Exit(code=stopped.exit_code) from None
    print(result.summary())
    if not result.ok:
        raise Exit(code=1)
    return result


@task(help={
    "output": "cartella di uscita (predefinita: output/)",
    "data": "cartella dei dati",
    "incremental": "riscrive solo le pagine toccate dalle schede cambiate (più veloce; non per pubblicare)",
})
def build(c, output=str(OUTPUT), data=None, incremental=False):
    """Valida i dati e costruisce il sito in output/ (impostazioni locali)."""
    _build(SETTINGS["local"], Path(output), data, incremental)


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


def _number(value, what: str, lowest: int, highest: int, usual: str) -> int:
    """A whole number given on the command line, or one sentence and exit status 2.

    The tasks take numbers as text: with an int default, invoke converts them
    itself and a value like "abc" ended in its traceback.
    """
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = lowest - 1
    if not lowest <= number <= highest:
        print(f"{what}: '{value}' non è un numero da {lowest} a {highest} (predefinito: {usual})", file=sys.stderr)
        raise Exit(code=2)
    return number


def _port(port) -> int:
    """The port asked for, free on 127.0.0.1, or one sentence on why not (and exit).

    Checked before anything starts: a port in use (another `invoke serve` left
    running) or a port that is not a number ended in a traceback, and `livereload`
    found out only after its first build.
    """
    import errno
    import socket

    number = _number(port, "porta (--port)", 1, 65535, "8000")
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers themselves bind
        try:
            probe.bind(("127.0.0.1", number))
        except OSError as exc:
            reason = ("già in uso (forse da un altro `invoke serve` o `invoke livereload` ancora aperto)"
                      if exc.errno == errno.EADDRINUSE else exc.strerror or str(exc))
            print(f"porta {number} non utilizzabile: {reason}; sceglierne un'altra con --port", file=sys.stderr)
            raise Exit(code=1) from None
    return number


@task(help={"port": "porta (predefinita 8000)", "output": "cartella da servire"})
def serve(c, port="8000", output=str(OUTPUT)):  # numbers as text: see _number
    """Serve output/ su http://localhost:8000 (solo per provare: non per pubblicare)."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    port = _port(port)
    server = RootedHTTPServer(output, ("127.0.0.1", port), ComplexHTTPRequestHandler)
    print(f"Sito su http://127.0.0.1:{port}/ (Ctrl-C per fermare)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(help={"port": "porta (predefinita 8000)"})
def livereload(c, port="8000"):  # numbers as text: see _number
    """Ricostruisce a ogni modifica di dati, contenuti o tema e ricarica il browser."""
    from livereload import Server

    port = _port(port)

    def rebuild_quietly():
        try:
            # The records stay in memory between rebuilds (written to .build-cache/ at exit).
            _build(SETTINGS["local"], OUTPUT, incremental=True, keep_warm=True)
        except Exit:
            pass  # the problems are already printed; keep watching

    rebuild_quietly()
    server = Server()
    for pattern in ("data/**/*.yaml", "content/**/*", "theme/**/*", "pelicanconf.py"):
        server.watch(str(ROOT / pattern), rebuild_quietly)
    server.serve(root=str(OUTPUT), port=port, host="127.0.0.1")


@task(help={
    "n": "numeri di schede, separati da virgole (predefinito 1000,10000)",
    "runs": "ripetizioni di ogni build (predefinito 3)",
    "large": "aggiunge N = 100000 (servono alcuni GB di memoria)",
    "tools": "build da misurare (predefinito sito,pelican,hugo,validate)",
    "out": "cartella di lavoro (predefinita bench/out)",
})
def bench(c, n="1000,10000", runs="3", large=False, tools="sito,pelican,hugo,validate", out=None):
    """Il benchmark (come `make bench`): questo sito, Pelican e Hugo sulle stesse schede sintetiche."""
    from bench.run import main as run_bench

    runs = _number(runs, "ripetizioni (--runs)", 1, 100, "3")
    argv = ["--n", *n.split(","), "--runs", str(runs), "--tools", tools] + (["--large"] if large else [])
    argv += ["--out", out] if out else []
    code = run_bench(argv)
    if code:
        raise Exit(code=code)


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


# --- publishing ------------------------------------------------------------------


@task(help={
    "keep": "quante versioni precedenti tenere per il ripristino (predefinito 5)",
    "releases": "cartella delle versioni (predefinita: releases/)",
    "data": "cartella dei dati",
})
def publish(c, keep="5", releases=str(RELEASES), data=None):  # numbers as text: see _number
    """Costruisce il sito pubblico in una nuova versione, la controlla e solo allora la pubblica."""
    from ponmetro_site.build import configure_logging
    from ponmetro_site.publish import publish as run_publish

    configure_logging()
    keep = _number(keep, "versioni da tenere (--keep)", 0, 1000, "5")
    result = run_publish(SETTINGS["publish"], Path(releases), data_dir=data, keep=keep)
    print(result.summary())
    if not result.ok:
        raise Exit(code=1)


@task(help={"releases": "cartella delle versioni (predefinita: releases/)"})
def rollback(c, releases=str(RELEASES)):
    """Rimette in linea la versione pubblicata prima di quella attuale."""
    from ponmetro_site.publish import rollback as run_rollback

    result = run_rollback(Path(releases))
    print(result.summary())
    if not result.ok:
        raise Exit(code=1)


@task(name="releases", help={"releases": "cartella delle versioni (predefinita: releases/)"})
def list_releases(c, releases=str(RELEASES)):
    """Elenca le versioni pubblicate; * segna quella in linea."""
    from ponmetro_site.publish import PublishError, status

    try:
        lines = status(Path(releases))
    except PublishError as exc:
        print(exc, file=sys.stderr)
        raise Exit(code=1) from None
    print("\n".join(lines) if lines else f"Nessuna versione in {releases}")


@task(help={
    "old": "sito costruito di riferimento (es. quello del ramo principale)",
    "new": "sito costruito da confrontare",
    "output": "scrive il Markdown anche in questo file (es. $GITHUB_STEP_SUMMARY), in coda",
})
def diff(c, old, new, output=None):
    """Pagine aggiunte, tolte e modificate tra due siti costruiti, in Markdown."""
    from ponmetro.site_tree import compare, format_markdown, scan

    try:
        trees = scan(old), scan(new)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        raise Exit(code=1) from None
    text = format_markdown(compare(*trees))
    print(text, end="")
    if output:
        with open(output, "a", encoding="utf-8") as handle:
            handle.write(text)


@task(help={
    "old": "sito costruito di riferimento (es. quello del ramo principale)",
    "new": "sito costruito da controllare",
    "data": "cartella dei dati con i reindirizzamenti del nuovo sito (predefinita: data/)",
    "github": "annotazioni per GitHub Actions",
})
def lost(c, old, new, data=str(DATA), github=False):
    """Indirizzi del sito OLD che NEW non ha più, senza reindirizzamento: ognuno è un errore (exit 1)."""
    # The check `invoke publish` makes against the release online, made on a pull
    # request against its base branch: a corrected code that loses its old address
    # is caught before the merge, where the proposal can still add the redirect.
    from ponmetro.redirects import load_redirects
    from ponmetro.site_tree import lost_addresses, scan
    from ponmetro_site.publish import INTERNAL_PREFIXES

    try:
        trees = scan(old), scan(new)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        raise Exit(code=1) from None
    redirects = load_redirects(data, Path.cwd())
    found = lost_addresses(*trees, redirects.mapping(), INTERNAL_PREFIXES)
    for address in found:
        message = f"indirizzo perso: {address.format()}"
        print(f"::error file={redirects.path},line=1,col=1::{message}" if github else f"{redirects.path}: {message}")
    if found:
        print(f"{len(found)} indirizzi pubblicati non rispondono più: ogni scheda ha un indirizzo permanente "
              "(CONTRIBUTING.md, «Cambiare il codice di un intervento»)", file=sys.stderr)
        raise Exit(code=1)
    print("Nessun indirizzo perso: ogni pagina del sito di riferimento risponde ancora.")


# --- importers (ponmetro/importers): draft records into bozze/ ----------------------------

_IMPORT_HELP = {
    "bozze": "cartella delle bozze (predefinita: bozze/)",
    "data": "cartella dei dati, per i riferimenti e il confronto (predefinita: data/)",
    "oggi": "giorno dell'importazione, AAAA-MM-GG (predefinito: oggi)",
    "sovrascrivi": "sostituisce le bozze già presenti",
}


def _import(c, kind: str, source: str, bozze, data, oggi, sovrascrivi) -> None:
    # A pattern ("pagine/*.txt") stands for every file it matches: invoke takes one
    # positional argument per task, the importers take several files.
    files = sorted(glob.glob(source)) if glob.has_magic(source) else [source]
    if not files:
        print(f"{source}: nessun file corrisponde", file=sys.stderr)
        raise Exit(code=1)
    command = [sys.executable, "-m", "ponmetro.importers", kind, *files]
    for option, value in (("--bozze", bozze), ("--data", data), ("--oggi", oggi)):
        if value:
            command += [option, str(value)]
    if sovrascrivi:
        command.append("--sovrascrivi")
    print(f"Importo {len(files)} file ({kind}) ...")
    done = c.run(shlex.join(command), warn=True, pty=False)
    if done.exited:
        raise Exit(code=done.exited)


@task(help={"file": "testo copiato da pagine di progetto del sito del programma (anche un modello: 'pagine/*.txt')",
            **_IMPORT_HELP})
def importa_pagina(c, file, bozze=None, data=None, oggi=None, sovrascrivi=False):
    """Bozze di schede da pagine di progetto del sito del programma."""
    _import(c, "pagina", file, bozze, data, oggi, sovrascrivi)


@task(help={"file": "scheda descrittiva (\"Format scheda descrittiva\", testo con tabulazioni)", **_IMPORT_HELP})
def importa_scheda(c, file, bozze=None, data=None, oggi=None, sovrascrivi=False):
    """Bozze di schede da schede descrittive."""
    _import(c, "scheda", file, bozze, data, oggi, sovrascrivi)


@task(help={"csv": "CSV dei progetti di OpenCoesione", **_IMPORT_HELP})
def importa_opencoesione(c, csv, bozze=None, data=None, oggi=None, sovrascrivi=False):
    """Bozze di schede dalle righe del PON Metro di un CSV di OpenCoesione."""
    _import(c, "opencoesione", csv, bozze, data, oggi, sovrascrivi)
