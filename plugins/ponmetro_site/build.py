"""One build, start to finish: validate, build into a new folder, then swap it in.

    python -m ponmetro_site build [--settings pelicanconf.py] [--data DIR] [--output DIR]

The data is validated first, with the same code as `ponmetro validate`: with any
error nothing is built and the existing output is untouched. Pelican then builds
into a fresh sibling folder; only a complete build replaces the output folder, so
a build that fails or is stopped half-way never leaves a half-written site
(stopping.py: Ctrl-C, SIGTERM, SIGHUP), and what a killed one left beside the
output is removed by the next (`remove_leftovers`). The last line printed is a
one-line summary (records, pages, warnings, time).
"""

from __future__ import annotations

import errno
import gc
import hashlib
import json
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Iterator

from jinja2 import FileSystemBytecodeCache
from pelican.log import console as pelican_console

from ponmetro.dataset import load_dataset
from ponmetro.parallel import WorkerDied, start_after
from ponmetro.problems import DataInvalid, count
from ponmetro.record_cache import RecordCache
from ponmetro.search_documents import WORD_BUDGET, search_document, words_per_document

from . import content_checks, output_place, template_output, warm
from .generator import save_rows
from .headers import SEARCH_INDEX_FOLDER
from .incremental import BuildState, Plan, site_key, stable_repr, write_new
from .settings import ConfigError, search_words
from .stopping import OUTPUT_INTACT, Stopped, deferred, stop_signals
from .template_errors import template_fault

logger = logging.getLogger("ponmetro_site")


@dataclass
class BuildResult:
    ok: bool
    output: Path | None = None
    records: int = 0
    pages: int = 0
    files: int = 0
    warnings: int = 0
    seconds: float = 0.0
    message: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    updated: bool = False  # an incremental build, in place
    search_behind: int = 0  # records changed since the search index was made (incremental builds)

    def summary(self) -> str:
        if not self.ok:
            return self.message
        text = (
            f"Sito {'aggiornato' if self.updated else 'costruito'} in {self.output}: "
            f"{count(self.records, 'intervento', 'interventi')}, "
            f"{self.pages} pagine e {self.files} file generati dai dati, "
            f"{count(self.warnings, 'avviso', 'avvisi')}, {self.seconds:.1f} s"
        )
        if self.search_behind:
            changed = count(self.search_behind, "scheda cambiata", "schede cambiate")
            text += (f"; la ricerca del sito è ferma all'ultima costruzione completa ({changed} da allora): "
                     "la aggiorna `invoke build`")
        return text


def build(
    settings_file: Path | str = "pelicanconf.py",
    data_dir: Path | str | None = None,
    output_dir: Path | str | None = None,
    overrides: dict | None = None,
    report=print,
    incremental: bool = False,
    keep_warm: bool = False,
) -> BuildResult:
    """Validate and build; with `incremental`, rewrite only what changed (incremental.py).

    `keep_warm` is for a process that builds again and again (`invoke livereload`):
    the validated records stay in memory between its builds, and go to disk once,
    when the process ends, instead of being read back and written out each time.
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}
    # The build makes millions of small objects and frees almost all of them by
    # reference counting; the cyclic collector, scanning the ever-growing set of
    # records each time, cost a third of a 10,000-record build. It is off while
    # the build runs (and in its forked workers), and back on afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with stop_signals(), readable_by_everyone():
            return _build(settings_file, data_dir, output_dir, overrides, report, incremental,
                          started, timings, keep_warm)
    finally:
        if collecting:
            gc.enable()


@contextmanager
def readable_by_everyone() -> Iterator[None]:
    """While the block runs, everyone may read what this process writes.

    The output is a public website, whatever the umask of whoever builds it. Under
    a umask of 077 (or a hardened 027) every page was 0600, and a web server running
    as another user answered 403 to all of them. Only the bits of the umask that hide
    files from others are lifted; those that keep others from writing (022, 002) stay.
    """
    umask = os.umask(0)
    os.umask(umask & 0o022)
    try:
        yield
    finally:
        os.umask(umask)


def _build(settings_file, data_dir, output_dir, overrides, report, incremental, started, timings,
           keep_warm=False) -> BuildResult:
    from pelican import Pelican
    from pelican.settings import read_settings

    settings_file = Path(settings_file)
    override = dict(overrides or {})
    if data_dir is not None:
        override["PONMETRO_DATA"] = str(Path(data_dir).resolve())
    if output_dir is not None:
        override["OUTPUT_PATH"] = str(Path(output_dir).resolve())
    try:
        settings = read_settings(str(settings_file), override=override)
    except Exception as exc:  # a broken settings file: one sentence, not a traceback
        return BuildResult(False, message=f"{settings_file}: impostazioni non leggibili: {exc}")

    data = Path(settings["PONMETRO_DATA"])
    root = Path(settings.get("PONMETRO_ROOT") or data.parent)
    problem = output_place.refusal(Path(settings["OUTPUT_PATH"]), output_place.sources(settings, settings_file))
    if problem:  # before anything is read or written: the folder named would be lost
        return BuildResult(False, message=f"Sito NON costruito: {problem}")
    # Computed before the build touches the settings: what every page depends on.
    key = site_key(settings, _site_inputs(settings, data)) if incremental else ""
    cache_dir = Path(settings.get("PONMETRO_CACHE_DIR") or os.environ.get("PONMETRO_CACHE_DIR")
                     or root / ".build-cache")
    place = hashlib.sha256(f"{data.resolve()}|{Path(settings['OUTPUT_PATH']).resolve()}".encode()).hexdigest()[:12]
    problem = _cannot_use_cache(cache_dir) if incremental else None
    if problem:
        return BuildResult(False, message=f"Sito NON costruito: {problem}")
    cache = _open_cache(cache_dir / f"records-{place}.pickle", keep_warm) if incremental else None
    rows_path = cache_dir / f"rows-{place}.pickle"
    settings["PONMETRO_ROWS_CACHE"] = rows_path if incremental else None
    settings["PONMETRO_KEEP_WARM"] = keep_warm
    settings["PONMETRO_ROWS_WARM"] = warm.take(rows_path) if keep_warm else None
    # A key only (kept in memory): the site model's memo (project pages, groups) and the remembered macros.
    memo_key = cache_dir / f"memo-{place}"
    settings["PONMETRO_PAGES_WARM"] = warm.take(memo_key) if keep_warm else None
    t0 = time.perf_counter()
    try:
        dataset = load_dataset(data, root, cache=cache, jobs=None)
    except WorkerDied as exc:
        return BuildResult(False, message=f"Sito NON costruito: {exc}; {OUTPUT_INTACT}.")
    except Exception as exc:
        return _unexpected(exc)
    timings["load_validate"] = time.perf_counter() - t0
    warnings = len(dataset.report.warnings)
    if not dataset.report.ok:
        report(dataset.report.format())
        return BuildResult(False, records=len(dataset.records), warnings=warnings,
                           message="Sito NON costruito: correggere gli errori elencati sopra.")
    settings["PONMETRO_DATASET"] = dataset  # the generator reuses it instead of loading twice

    final = Path(settings["OUTPUT_PATH"])
    problem = _cannot_stage_beside(final)
    if problem:
        return BuildResult(False, records=len(dataset.records), warnings=warnings,
                           message=f"Sito NON costruito: {problem}")
    state_path = cache_dir / f"pages-{place}.json"
    # A process that stays up has its last build's state in memory (it is on disk too).
    kept_state = warm.take(state_path) if keep_warm else None
    for name in remove_leftovers(final):
        report(f"Tolti i resti di una costruzione interrotta: {name}")
    plan = None
    if incremental and final.is_dir():
        # In place: only changed files are written, every other keeps its mtime.
        changed = {Path(name).stem for name in cache.changed}
        plan = Plan(kept_state or BuildState.load(state_path), key, changed)
        settings["PONMETRO_PLAN"] = plan
        settings["DELETE_OUTPUT_DIRECTORY"] = False
        staging = final
    else:
        staging = final.with_name(f".{final.name}.nuovo-{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
    settings["OUTPUT_PATH"] = str(staging)
    settings["JINJA_ENVIRONMENT"] = _with_template_cache(settings.get("JINJA_ENVIRONMENT", {}), cache_dir)
    search = None
    # A full build makes the search index again, an update in place keeps the last one.
    search_wanted = settings.get("PONMETRO_SEARCH", True) and (plan is None or plan.full)
    try:
        # With no record there is nothing to search, and Pagefind refuses to make an
        # empty index: the search box then opens the (empty) list of projects.
        if search_wanted and dataset.records:
            # Pagefind runs in its own process while Pelican renders the pages.
            search = SearchIndex(
                dataset.records, final.parent, keep_index_url=bool(settings.get("PONMETRO_INDEX_LINKS")),
                word_budget=search_words(settings),
            )
            settings["PONMETRO_RENDER_NICENESS"] = RENDER_NICENESS_BESIDE_SEARCH
        t0 = time.perf_counter()
        site = Pelican(settings)
        site.run()
        timings["pelican"] = time.perf_counter() - t0
        timings.update(settings.get("PONMETRO_TIMINGS_OUT", {}))
        if search is not None:
            t0 = time.perf_counter()
            search.finish_into(staging / SEARCH_INDEX_FOLDER)
            timings["search_index_wait"] = time.perf_counter() - t0
    except DataInvalid as exc:
        _discard(staging, final, search)
        report(exc.report.format())
        return BuildResult(False, message="Sito NON costruito: correggere gli errori elencati sopra.")
    except ConfigError as exc:
        _discard(staging, final, search)
        return BuildResult(False, message=f"Sito NON costruito: {exc}")
    except (SearchIndexError, WorkerDied) as exc:
        _discard(staging, final, search)
        return BuildResult(False, message=f"Sito NON costruito: {exc}; {_what_is_left(staging, final)}.")
    except BaseException as exc:
        _discard(staging, final, search)
        if isinstance(exc, KeyboardInterrupt):  # Ctrl-C or a stop signal: stop, cleaned up
            signum = exc.signum if isinstance(exc, Stopped) else signal.SIGINT
            raise Stopped(signum, _what_is_left(staging, final)) from None
        if not isinstance(exc, Exception):
            raise
        return _unexpected(exc, _what_is_left(staging, final), places=[final.parent, cache_dir])
    # The new site goes in place and the caches follow it: not to be cut in two by a stop signal.
    with deferred():
        if staging != final:
            swap_in(staging, final)
        if incremental:
            try:
                if keep_warm:
                    if settings.get("PONMETRO_ROWS_OUT"):
                        key_rows, rows_changed = settings["PONMETRO_ROWS_OUT"]
                        warm.keep(rows_path, key_rows, lambda value: save_rows(rows_path, *value), rows_changed)
                    if settings.get("PONMETRO_PAGES_OUT") is not None:
                        warm.keep(memo_key, settings["PONMETRO_PAGES_OUT"])
                    # Last: the rows on disk are only good with the record cache saved after them.
                    cache.release_pickled()
                    warm.keep(cache.path, cache, RecordCache.save, bool(cache.changed) or not cache.path.exists())
                elif cache.changed or not cache.path.exists():
                    cache.save()
                state = settings.get("PONMETRO_STATE_OUT")
                if plan is not None and state is not None:
                    # After every generator has listed its files: what the last build wrote
                    # and this one did not (a removed record, a dropped redirect) goes.
                    for stale in plan.previous.files - state.files:
                        target = final / stale
                        if target.is_file():
                            target.unlink()
                            remove_empty_folders(target.parent, final)
                if search_wanted and search is None:
                    # Rebuilt in place with no record left: the last index would find them still.
                    shutil.rmtree(final / SEARCH_INDEX_FOLDER, ignore_errors=True)
                if state is not None:
                    state.site_key = key
                    # Saved at every build that changes it, even by a process that stays up:
                    # killed, it leaves a state that lists every file it wrote, for the next
                    # build to remove. An edit that adds or moves no page leaves it as it was.
                    if plan is None or state != plan.previous:
                        state.save(state_path)
                    if keep_warm:
                        warm.keep(state_path, state)
            except OSError as exc:
                # The site is complete and in place. Without a record cache, the next
                # incremental build makes everything again, rather than trust a stale one.
                with suppress(OSError):
                    cache.path.unlink(missing_ok=True)
                logger.warning("cache per le costruzioni incrementali non salvata: %s; la prossima "
                               "costruzione incrementale rifarà tutto", refused_by_system(exc, [cache_dir]) or exc)
    # Counted from what the plugin wrote: walking the output to count it took 0.5 to 3 s
    # at 10,000 records, and most of the 24 s spent outside every stage at 100,000.
    written = settings.get("PONMETRO_STATE_OUT")
    written_files = written.files if written is not None else []
    pages, files = sum(name.endswith(".html") for name in written_files), len(written_files)
    timings["total"] = time.perf_counter() - started
    # Told only where there is an index to be behind: not when the search is turned off.
    behind = written.search_behind if written is not None and (final / SEARCH_INDEX_FOLDER).is_dir() else ()
    result = BuildResult(True, final, len(dataset.records), pages, files, warnings,
                         timings["total"], timings=timings, updated=plan is not None, search_behind=len(behind))
    if os.environ.get("PONMETRO_TIMINGS"):
        Path(os.environ["PONMETRO_TIMINGS"]).write_text(json.dumps(timings, indent=2), encoding="utf-8")
    return result


def _what_is_left(staging: Path, final: Path) -> str:
    """What a failed build leaves in the output folder, for its message.

    A full build writes beside the output, so the output is as it was. An
    incremental one writes in place: the files it had rewritten stay, and the
    next build, which finds the same records changed (the cache is saved only
    after a build that succeeds), writes them all again.
    """
    if staging != final:
        return OUTPUT_INTACT
    return "l'uscita può essere aggiornata solo in parte: la prossima costruzione la completa"


# What the machine can refuse while the site is written, in the site's language:
# for the maintainer to fix there, not a fault of the build to report.
_SYSTEM_REASONS = {
    errno.ENOSPC: "spazio esaurito sul disco",
    errno.EDQUOT: "quota del disco superata",
    errno.EROFS: "disco in sola lettura",
    errno.EACCES: "permesso negato",
    errno.EPERM: "permesso negato",
    errno.ENOTDIR: "nel percorso c'è un file dove serve una cartella",
    errno.EMFILE: "troppi file aperti (il limite si alza con ulimit -n)",
    errno.ENFILE: "troppi file aperti nel sistema",
    errno.EIO: "errore del disco",
}
_WHOLE_DISK = {errno.ENOSPC, errno.EDQUOT}


def refused_by_system(exc: BaseException | None, places: list[Path]) -> str | None:
    """What the system refused, and where, for an error in `exc` or in what caused it; else None.

    `places`: where the build was writing, named when the error names no file.
    """
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in _SYSTEM_REASONS:
            # A copy that fills the disk names its source first, its destination second.
            named = exc.filename2 if exc.errno in _WHOLE_DISK else exc.filename
            where = str(named) if named else " o ".join(dict.fromkeys(str(place) for place in places))
            return _SYSTEM_REASONS[exc.errno] + (f" ({where})" if where else "")
        exc = exc.__cause__ or exc.__context__
    return None


def _unexpected(exc: Exception, left: str = OUTPUT_INTACT, places: list[Path] = ()) -> BuildResult:
    """A failure no check foresaw: one sentence (the traceback with PONMETRO_DEBUG=1)."""
    if os.environ.get("PONMETRO_DEBUG"):
        traceback.print_exc()
    refused = refused_by_system(exc, list(places))
    if refused:
        return BuildResult(False, message=f"Sito NON costruito: {refused}; {left}.")
    broken = template_fault(exc)  # a theme being edited: its file and line, nothing to report
    if broken:
        return BuildResult(False, message=f"Sito NON costruito: {broken}; {left}.")
    return BuildResult(
        False,
        message=f"Sito NON costruito: errore inatteso ({type(exc).__name__}: {exc}); "
        f"{left}. Rieseguire con PONMETRO_DEBUG=1 e segnalarlo.",
    )


def _open_cache(path: Path, keep_warm: bool) -> RecordCache:
    cache = warm.take(path) if keep_warm else None
    return cache.reused() if cache is not None else RecordCache.open(path)


def _discard(staging: Path, final: Path, search: "SearchIndex | None" = None) -> None:
    with deferred():  # a second Ctrl-C would leave the cleaning half done
        if search is not None:
            search.cancel()
        if staging != final:  # an incremental build writes in place: nothing to throw away
            shutil.rmtree(staging, ignore_errors=True)


def scratch_root() -> str | None:
    """Where the search index's documents are written: memory where the machine has /dev/shm."""
    return "/dev/shm" if os.access("/dev/shm", os.W_OK) else None


def remove_leftovers(final: Path) -> list[str]:
    """Remove what builds killed outright (SIGKILL, a power cut) left behind.

    Their folders are named after their process: a half-built site beside the
    output (`.output.nuovo-PID`), an old output not yet removed
    (`.output.vecchio-PID`), the search index and its documents
    (`.ponmetro-ricerca-PID-*`, `ponmetro-ricerca-PID-*` in the scratch
    folder). Only those of processes that no longer run go: a build running
    beside this one keeps its own. Returns the names of the folders removed.
    """
    removed = []
    beside = re.compile(rf"\.(?:{re.escape(final.name)}\.(?:nuovo|vecchio)-|ponmetro-ricerca-)(\d+)(?:-.*)?")
    places = [(final.parent, beside), (Path(scratch_root() or tempfile.gettempdir()),
                                       re.compile(r"ponmetro-ricerca-(\d+)-.*"))]
    for folder, pattern in places:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            match = pattern.fullmatch(name)
            if match and not _running(int(match.group(1))) and (folder / name).is_dir():
                shutil.rmtree(folder / name, ignore_errors=True)
                removed.append(name)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: running
        return True
    return True


def _with_template_cache(options: dict, cache_dir: Path) -> dict:
    """Jinja's options plus a cache of compiled templates in .build-cache/jinja/.

    Compiling the theme's 33 templates took 0.3 s of every build. Jinja keys each
    compiled template by its file and source, not by the environment's options,
    so each set of options, and of code generator (template_output.py), gets its
    own folder. Added after `site_key` is computed: the cache changes how fast
    pages are made, not what they hold.
    """
    if "bytecode_cache" in options:
        return options
    generator = Path(template_output.__file__).read_bytes()  # what compiles the templates
    flavour = hashlib.sha256(stable_repr(options).encode() + generator).hexdigest()[:12]
    folder = cache_dir / "jinja" / flavour
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return options  # no cache: slower, not wrong
    return {**options, "bytecode_cache": _TemplateCache(str(folder))}


class _TemplateCache(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, for which a full disk is no reason to
    stop a build: a template it cannot save is compiled again by the next one."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)  # removes its temporary file when it fails
        except OSError as exc:
            logger.warning("modello compilato non salvato nella cache: %s",
                           refused_by_system(exc, [Path(self.directory)]) or exc)


def _site_inputs(settings: dict, data: Path) -> list[Path]:
    """What every page depends on besides the records (incremental.site_key)."""
    here = Path(__file__).resolve().parent
    import ponmetro

    inputs = [Path(settings["THEME"]), here, Path(ponmetro.__file__).resolve().parent]
    inputs += [p for p in sorted(data.iterdir()) if p.is_file()]
    return inputs


# The render's workers give way to Pagefind, which runs beside them: Pagefind
# indexes on one thread (10,000 documents alone: 3.5 s on one core, 3.3 s on two),
# so it is the build's longest chain once it starts. At the same priority it got
# half a core while the pages rendered, and both cores waited for it at the end
# with one of them idle (0.9-1.4 s at 10,000 records); at niceness 10 it keeps
# about nine tenths of its core and ends before the pages do.
RENDER_NICENESS_BESIDE_SEARCH = 10


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


class SearchIndex:
    """The static search index of the projects (Pagefind, from PyPI's pagefind[bin]).

    Pagefind reads one small document per project (ponmetro.search_documents),
    written at the project page's own path in a scratch folder (in memory where
    the machine has /dev/shm). A forked process writes them and then runs
    Pagefind (`parallel.start_after`), while the pages are rendered, writing the
    index beside the output folder (`beside`, on the same file system) so that
    `finish_into` waits for it and moves the index into the site by renaming one
    folder: copying its 10,000 fragment files out of /dev/shm took 1.5 s at
    10,000 records. The documents go as soon as Pagefind is done, while the
    pages are still rendered (`start_after`'s `remove`).
    """

    def __init__(self, records, beside: Path, keep_index_url: bool = False, word_budget: int = WORD_BUDGET):
        # Named after this process: remove_leftovers tells a killed build's folders by it.
        self.scratch = Path(tempfile.mkdtemp(prefix=f"ponmetro-ricerca-{os.getpid()}-", dir=scratch_root()))
        self.index: Path | None = None
        try:
            beside.mkdir(parents=True, exist_ok=True)
            self.index = Path(tempfile.mkdtemp(prefix=f".ponmetro-ricerca-{os.getpid()}-", dir=beside))
            documents = self.scratch / "documenti"
            command = [
                sys.executable, "-m", "pagefind", "--site", str(documents), "--output-path",
                str(self.index / "pagefind"), "--force-language", "it", "--silent",
            ]
            if keep_index_url:
                command.append("--keep-index-url")
            self.process = start_after(partial(write_search_documents, records, documents, word_budget),
                                       command, self.scratch / "pagefind.log", cpus=search_cpus(),
                                       remove=documents)
        except BaseException:
            self._clean()  # nobody else knows these folders yet
            raise

    def finish_into(self, target: Path) -> None:
        try:
            code, output = self.process.wait()
            if code != 0:
                raise SearchIndexError(f"indice di ricerca non creato (pagefind): {program_error(output)}")
            shutil.rmtree(target, ignore_errors=True)
            shutil.move(str(self.index / "pagefind"), str(target))  # a rename on the same file system
        finally:
            self._clean()

    def _clean(self) -> None:
        for folder in (self.scratch, self.index):
            if folder is not None:
                # Killed, Pagefind's threads may still be writing for a moment after
                # `kill` returns (seen as a folder left half removed): tried again.
                for _ in range(100):
                    shutil.rmtree(folder, ignore_errors=True)
                    if not folder.exists():
                        break
                    time.sleep(0.02)

    def cancel(self) -> None:
        self.process.kill()
        self._clean()


def program_error(output: str) -> str:
    """What a failed program printed, for the build's one-line message.

    Pagefind runs as `python -m pagefind`: when its wrapper fails (its binary
    missing from the wheel) it prints a Python traceback, whose last line alone
    says what is wrong.
    """
    text = output.strip()
    if "Traceback (most recent call last):" in text:
        return text.splitlines()[-1].strip()
    return text


def _cannot_use_cache(cache_dir: Path) -> str | None:
    """Why an incremental build cannot keep its cache in `cache_dir`, or None.

    It needs the cache to know what changed: found out before any work, instead
    of as an unexpected error once the pages are half rendered.
    """
    refused = _refusal(cache_dir)
    if refused:
        return (f"la cartella della cache {cache_dir} non è utilizzabile ({refused}): "
                "indicarne un'altra con PONMETRO_CACHE_DIR, o costruire senza --incremental")
    return None


def _cannot_stage_beside(final: Path) -> str | None:
    """Why no folder can be made beside the output (the new build and the search
    index are made there), or None."""
    refused = _refusal(final.parent, prefix=f".{final.name}.prova-")
    return f"impossibile creare cartelle in {final.parent}, dove va l'uscita: {refused}" if refused else None


def _refusal(folder: Path, prefix: str = ".prova-") -> str | None:
    """Why nothing can be made in `folder` (created if missing), or None.

    A folder that exists may still refuse new entries (/proc, a read-only
    mount, no permission): tried with a folder made and removed at once.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        Path(tempfile.mkdtemp(prefix=prefix, dir=folder)).rmdir()
    except OSError as exc:
        return _SYSTEM_REASONS.get(exc.errno) or str(exc.strerror or exc)
    return None


def search_cpus(available: set[int] | None = None) -> set[int] | None:
    """The CPUs Pagefind may use: one of them on a machine with two, else all.

    Pagefind starts a pool of threads per core. On two cores its threads and the
    two workers that render the pages take turns on the same cores, and the
    threads spent a sixth more CPU time waiting for each other (indexing 10,000
    documents alone: 8.2 s of CPU on two cores, 6.8 s on one), time the render
    workers then lacked. Kept to one core, the index is still ready before the
    pages are (the build waited 0.4 s for it either way). With more cores there is
    room for both, and this was not measured there.
    """
    if available is None:
        available = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set()
    return {max(available)} if len(available) == 2 else None


def write_search_documents(records, folder: Path, word_budget: int = WORD_BUDGET) -> None:
    """Each project's search document, at its page's path below `folder`."""
    max_words = words_per_document(records, word_budget)
    for item in records:
        write_new(folder / "progetti" / item.slug / "index.html", search_document(item, max_words).encode("utf-8"))


def remove_empty_folders(folder: Path, top: Path) -> None:
    """`folder` and the folders above it, up to `top` (kept), while they are empty.

    The folder of a removed record's page: left empty, a static host answered its
    old address with 403 or a listing of nothing instead of 404.
    """
    while folder != top and folder.is_relative_to(top):
        try:
            folder.rmdir()
        except OSError:  # not empty (or already gone): what is above it is not empty either
            return
        folder = folder.parent


def swap_in(staging: Path, final: Path) -> None:
    """Replace `final` with the complete build in `staging`.

    Two renames: the old output moves aside, the new one takes its name, then the
    old one is removed. Between the renames the folder is briefly absent, never
    half-written; `invoke publish` switches releases with an atomic symlink instead.
    """
    old = final.with_name(f".{final.name}.vecchio-{os.getpid()}")
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def configure_logging(verbose: bool = False) -> None:
    """What the build prints, for the maintainers: in Italian, as the validation
    report ("avviso: ..."), and without Pelican's own English summary ("Done:
    Processed 1 article, ..."), which the build's summary line replaces (kept with -v)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_ItalianLevels("%(levelname)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler])
    pelican_console.quiet = not verbose
    content_checks.hide_pelicans_unread_line()


class _ItalianLevels(logging.Formatter):
    NAMES = {"DEBUG": "debug", "INFO": "info", "WARNING": "avviso", "ERROR": "errore", "CRITICAL": "errore grave"}

    def format(self, record: logging.LogRecord) -> str:
        return super().format(logging.makeLogRecord({**record.__dict__,
                                                     "levelname": self.NAMES.get(record.levelname, record.levelname)}))
