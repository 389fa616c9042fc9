"""Publishing: build a release, check it, then switch the live site to it atomically.

    releases/
      20261122T050107Z-3f2a9c1b7d4e/   a complete, checked release (UTC time, content hash)
      20261123T081500Z-9b81e0aa42c5/
      current -> 20261123T081500Z-9b81e0aa42c5   the live site (a symbolic link)

`publish` builds with publishconf.py into a hidden work folder of releases/, then
checks the result: every internal link and asset resolves, and every address the
live release answers still answers (or data/redirects.yaml sends it to a page
that exists). Only then does the release get its name and `current` is switched
to it by replacing the link with `os.replace` of a new link, which is atomic on
POSIX: a visitor gets the old site or the new one, never a mix. A build that
fails, is refused or is killed half-way leaves `current` and its release
untouched; the next publish removes what it left behind. The previous `keep`
releases stay for `rollback`.

Builds are reproducible, so a release identical to the live one is not published
again.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import re
import shutil
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ponmetro.redirects import load_redirects
from ponmetro.site_tree import SiteTree, TreeDiff, broken_links, compare, lost_addresses, scan

from . import output_place
from .build import BuildResult, build, readable_by_everyone, refused_by_system

CURRENT = "current"
DEFAULT_KEEP = 5
WITHDRAWN = ".ritirata"
# The theme's assets and the search index are reached only through the pages of
# the same release (their names may change with the content); every other file
# is an address someone may have linked to.
INTERNAL_PREFIXES = ("theme/", "pagefind/")
RELEASE_NAME = re.compile(r"^(\d{8}T\d{6}Z)-([0-9a-f]{12})(\.ritirata)?$")
# Past this many, problems of one kind are counted instead of listed.
MAX_LISTED = 50


class PublishError(Exception):
    """Publishing cannot go on; the message says why, in Italian."""


@dataclass
class PublishResult:
    ok: bool
    message: str
    release: Path | None = None
    previous: Path | None = None
    build: BuildResult | None = None
    diff: TreeDiff | None = None
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return self.message


# --- the releases folder -------------------------------------------------------------


def releases_of(folder: Path) -> list[str]:
    """Release names in publication order (oldest first), withdrawn ones included."""
    if not folder.is_dir():
        return []
    names = [p.name for p in folder.iterdir() if RELEASE_NAME.match(p.name) and p.is_dir() and not p.is_symlink()]
    return sorted(names, key=lambda name: name.removesuffix(WITHDRAWN))


def current_release(folder: Path) -> Path | None:
    """The release `current` points to, or None before the first publication."""
    link = folder / CURRENT
    if not link.is_symlink():
        if link.exists():
            raise PublishError(f"{link} esiste ma non è un collegamento simbolico: spostarlo e riprovare")
        return None
    target = folder / os.readlink(link)
    if not target.is_dir():
        raise PublishError(f"{link} punta a {os.readlink(link)}, che non esiste più")
    return target


def switch_to(folder: Path, name: str) -> None:
    """Point `current` at release `name` in one atomic step."""
    if not (folder / name).is_dir():
        raise PublishError(f"versione {name} inesistente in {folder}")
    link = folder / CURRENT
    if link.exists() and not link.is_symlink():
        raise PublishError(f"{link} esiste ma non è un collegamento simbolico: spostarlo e riprovare")
    temporary = folder / f".{CURRENT}-{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    # A relative target: the releases folder can be moved or mounted elsewhere.
    os.symlink(name, temporary)
    # The files of the release must be on disk before anything points to them.
    os.sync()
    os.replace(temporary, link)
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def _locked(folder: Path):
    """One publish or rollback at a time; the lock goes with the process if it is killed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / ".lock", "w")
    except OSError as exc:  # a file where the folder should be, no permission, a full disk
        reason = ("è un file, non una cartella" if isinstance(exc, FileExistsError)
                  else refused_by_system(exc, [folder]) or exc.strerror or str(exc))
        raise PublishError(f"cartella delle versioni {folder} non utilizzabile: {reason}") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(f"un'altra pubblicazione è in corso in {folder}: attendere che finisca") from None
        yield


# What a publication makes in the releases folder while it runs: its work folder, the
# build's staging folder and search index beside it, the link that replaces `current`.
_WORK_NAMES = re.compile(r"\.(?:\.?in-costruzione-|current-|ponmetro-ricerca-)\S*")


def _remove_leftovers(folder: Path, report: Callable[[str], None]) -> None:
    """Hidden work folders and links of a publish that was killed or failed.

    Only what a publication itself makes: any hidden name went before, and a
    releases folder given by mistake (the repository, a home folder) would have
    lost its .git, .venv or .ssh.
    """
    for path in sorted(folder.iterdir()):
        if not _WORK_NAMES.fullmatch(path.name):
            continue
        report(f"Tolgo i resti di una pubblicazione interrotta: {path.name}")
        if path.is_symlink() or path.is_file():
            path.unlink()
        else:
            shutil.rmtree(path, ignore_errors=True)


def prune(folder: Path, keep: int = DEFAULT_KEEP, report: Callable[[str], None] = print) -> list[str]:
    """Keep the current release and the `keep` ones before it; remove the rest."""
    current = current_release(folder)
    if current is None:
        return []
    active = [n for n in releases_of(folder) if not n.endswith(WITHDRAWN)]
    older = [n for n in active if n < current.name]
    kept = {current.name, *older[-keep:]} if keep > 0 else {current.name}
    removed = []
    for name in releases_of(folder):
        if name not in kept:
            shutil.rmtree(folder / name)
            removed.append(name)
    if removed:
        report(f"Tolte {len(removed)} versioni vecchie: {', '.join(removed)}")
    return removed


# --- publish and rollback ---------------------------------------------------------------


def publish(
    settings_file: Path | str,
    releases: Path | str,
    data_dir: Path | str | None = None,
    keep: int = DEFAULT_KEEP,
    report: Callable[[str], None] = print,
    now: dt.datetime | None = None,
    overrides: dict | None = None,
) -> PublishResult:
    started = time.perf_counter()
    folder = Path(releases).resolve()
    try:
        settings = _settings(Path(settings_file), data_dir, overrides)
        over = output_place.over_sources(folder, output_place.sources(settings, settings_file),
                                         "la cartella delle versioni", "di solito releases/")
        if over:  # before the lock is made there and leftovers are looked for
            raise PublishError(over)
        # A web server reads the releases folder too, not only the site in it.
        with readable_by_everyone(), _locked(folder):
            result = _publish(Path(settings_file), folder, data_dir, keep, report, now, overrides, settings)
    except PublishError as exc:
        result = PublishResult(False, f"Pubblicazione NON eseguita: {exc}")
    result.seconds = time.perf_counter() - started
    if result.ok and result.build is not None:
        result.message += f", {result.seconds:.1f} s"
    return result


def _publish(settings_file, folder, data_dir, keep, report, now, overrides, settings) -> PublishResult:
    _remove_leftovers(folder, report)
    previous = current_release(folder)
    stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    work = folder / f".in-costruzione-{stamp}-{os.getpid()}"

    report(f"1/3 Costruzione del sito con {settings_file.name} in {folder.name}/ ...")
    built = build(settings_file, data_dir=data_dir, output_dir=work, overrides=overrides, report=report)
    if not built.ok:
        shutil.rmtree(work, ignore_errors=True)
        return PublishResult(False, f"{built.message} Pubblicazione NON eseguita: il sito pubblicato è intatto.",
                             previous=previous, build=built)
    report(built.summary())

    tree = scan(work)
    old = scan(previous) if previous is not None else None
    report(f"2/3 Controllo di {len(tree.pages)} pagine e {len(tree.files)} file: collegamenti interni"
           + (f" e indirizzi della versione pubblicata ({previous.name})" if previous else "") + " ...")
    problems = check_release(tree, old, settings)
    if problems:
        shutil.rmtree(work, ignore_errors=True)
        for line in _listed(problems):
            report(line)
        return PublishResult(
            False,
            f"Pubblicazione RIFIUTATA: {len(problems)} problemi nella nuova versione (elencati sopra); "
            "il sito pubblicato è intatto.",
            previous=previous, build=built, problems=problems,
        )

    diff = compare(old, tree) if old is not None else None
    if diff is not None and diff.identical:
        shutil.rmtree(work, ignore_errors=True)
        return PublishResult(True, f"Nessuna modifica: la versione pubblicata {previous.name} è identica, "
                                   "resta quella", release=previous, previous=previous, build=built, diff=diff)

    name = f"{stamp}-{tree.digest[:12]}"
    release = folder / name
    if release.exists():
        raise PublishError(f"la versione {name} esiste già: riprovare tra un secondo")
    work.rename(release)
    report(f"3/3 Pubblicazione: {CURRENT} -> {name}")
    switch_to(folder, name)
    prune(folder, keep, report)
    changes = (
        f"; rispetto a {previous.name}: {_count_pages(diff.added)} pagine aggiunte, "
        f"{_count_pages(diff.removed)} tolte, {_count_pages(diff.changed)} modificate"
        if diff is not None else "; prima pubblicazione"
    )
    return PublishResult(
        True,
        f"Pubblicata {folder.name}/{name}: {built.records} interventi, {len(tree.pages)} pagine, "
        f"{len(tree.files)} file, {built.warnings} avvisi{changes}",
        release=release, previous=previous, build=built, diff=diff,
    )


def check_release(tree: SiteTree, previous: SiteTree | None, settings: dict) -> list[str]:
    """Every reason not to publish `tree`, one line each (empty: publish)."""
    public_url = settings.get("PONMETRO_PUBLIC_URL") or ""
    problems = [f"collegamento interrotto in {b.format()}" for b in broken_links(tree, public_url)]
    if previous is not None:
        redirects = load_redirects(settings["PONMETRO_DATA"], settings.get("PONMETRO_ROOT")).mapping()
        problems += [f"indirizzo perso: {lost.format()}"
                     for lost in lost_addresses(previous, tree, redirects, INTERNAL_PREFIXES)]
    return problems


def _settings(settings_file: Path, data_dir, overrides) -> dict:
    from pelican.settings import read_settings

    override = dict(overrides or {})
    if data_dir is not None:
        override["PONMETRO_DATA"] = str(Path(data_dir).resolve())
    try:
        return read_settings(str(settings_file), override=override)
    except Exception as exc:  # a broken settings file: one sentence, as build() says it
        raise PublishError(f"{settings_file}: impostazioni non leggibili: {exc}") from None


def _listed(problems: list[str]) -> list[str]:
    if len(problems) <= MAX_LISTED:
        return problems
    return problems[:MAX_LISTED] + [f"... e altri {len(problems) - MAX_LISTED} problemi"]


def _count_pages(paths: list[str]) -> int:
    return sum(1 for p in paths if p.endswith(".html"))


def rollback(releases: Path | str, report: Callable[[str], None] = print) -> PublishResult:
    """Put the release published before the current one back online.

    The release taken offline is marked withdrawn (`.ritirata`), so that a later
    rollback goes further back instead of returning to it; it is removed at the
    next publication.
    """
    folder = Path(releases).resolve()
    try:
        with _locked(folder):
            current = current_release(folder)
            if current is None:
                raise PublishError(f"nessuna versione pubblicata in {folder}")
            earlier = [n for n in releases_of(folder) if not n.endswith(WITHDRAWN) and n < current.name]
            if not earlier:
                raise PublishError(f"nessuna versione precedente a {current.name} da ripristinare")
            target = earlier[-1]
            switch_to(folder, target)
            current.rename(current.with_name(current.name + WITHDRAWN))
    except PublishError as exc:
        return PublishResult(False, f"Ripristino NON eseguito: {exc}")
    report(f"{current.name} ritirata (resta in {folder.name}/ fino alla prossima pubblicazione)")
    return PublishResult(True, f"Ripristinata {folder.name}/{target}: è di nuovo la versione pubblicata",
                         release=folder / target, previous=current)


def status(releases: Path | str) -> list[str]:
    """One line per release, the current one marked: for `invoke releases`."""
    folder = Path(releases).resolve()
    current = current_release(folder)
    lines = []
    for name in releases_of(folder):
        mark = "* " if current is not None and name == current.name else "  "
        lines.append(f"{mark}{name}")
    return lines
