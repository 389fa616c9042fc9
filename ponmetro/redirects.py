"""Old addresses that moved: `data/redirects.yaml`, loaded and checked.

Published addresses never break. When a code is corrected (and with it the
project's address), the old address is listed here with the new one; the build
writes a small page at the old address that leads to the new one.

    redirects:
      - da: progetti/mi3-3-1-x/
        a: progetti/mi3-3-1-e/
        motivo: Codice corretto secondo la scheda descrittiva
        dal: 22-11-2026

The file is read with the same strict loader as the records, and every problem
comes back as a `Problem` at its line (`redirects[0].a: ...`). Besides the format,
`check_redirects` refuses what would break a visitor's link: a target that is not
a page of the site, a source that still is one, two entries for one address,
chains (a -> b -> c) and loops. `derived_moves` tells what moves with a renamed
project page without entries of its own (its downloads, its embeddable charts).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationError, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from .model import Day, Line
from .problems import Problem, display_path
from .strict_yaml import YamlDocument, format_loc, load_file

REDIRECTS_FILE = "redirects.yaml"

# One path segment of a site address: what the site's own slugs use, plus "." and
# "_" for content pages; never "." or ".." alone (checked separately).
_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")


def _site_path(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str):
        raise PydanticCustomError("indirizzo", "deve essere un indirizzo del sito (es. progetti/mi3-3-1-e/)")
    text = value.strip()
    if not text:
        raise PydanticCustomError("vuoto", "indirizzo vuoto: scrivere l'indirizzo (es. progetti/mi3-3-1-e/)")
    if "://" in text or text.startswith("//"):
        raise PydanticCustomError(
            "indirizzo",
            f"'{text[:80]}': scrivere solo l'indirizzo nel sito, senza dominio (es. progetti/mi3-3-1-e/)",
        )
    suggested = _normalised(text)
    if text.startswith("/"):
        raise PydanticCustomError("indirizzo", f"'{text}': scrivere l'indirizzo senza '/' iniziale: {suggested}")
    if text.endswith("index.html"):
        raise PydanticCustomError(
            "indirizzo", f"'{text}': scrivere l'indirizzo della pagina senza index.html: {suggested}"
        )
    if not text.endswith("/"):
        raise PydanticCustomError("indirizzo", f"'{text}': l'indirizzo di una pagina finisce con '/': {suggested}")
    segments = text[:-1].split("/")
    for segment in segments:
        if segment in {"", ".", ".."} or not _SEGMENT.fullmatch(segment):
            raise PydanticCustomError(
                "indirizzo",
                f"'{text[:80]}' non valido: solo lettere, cifre, '-', '_' e '.' tra una '/' e l'altra "
                "(es. progetti/mi3-3-1-e/)",
            )
    return text


def _normalised(text: str) -> str:
    text = text.lstrip("/").removesuffix("index.html")
    return text if text.endswith("/") else text + "/"


SitePath = Annotated[
    str,
    PlainValidator(_site_path),
    WithJsonSchema({
        "type": "string",
        "pattern": r"^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*/$",
        "description": "Indirizzo di una pagina del sito, senza dominio e senza '/' iniziale (es. progetti/mi3-3-1-e/)",
    }),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Reindirizzamento(_Strict):
    """One old address and the page that replaced it."""

    da: SitePath = Field(description="Vecchio indirizzo, non più pubblicato (es. progetti/mi3-3-1-x/)")
    a: SitePath = Field(description="Nuovo indirizzo: una pagina che esiste nel sito (es. progetti/mi3-3-1-e/)")
    motivo: Line = Field(description="Perché l'indirizzo è cambiato (es. codice corretto)")
    dal: Day = Field(description="Giorno in cui l'indirizzo è cambiato")


class RedirectsFile(_Strict):
    redirects: list[Reindirizzamento] = Field(default_factory=list)

    @field_validator("redirects", mode="before")
    @classmethod
    def _empty(cls, value: Any) -> Any:
        # "redirects:" with nothing after it is what is left when the last entry
        # is deleted: no redirects, not an error.
        return [] if value is None else value


@dataclass
class LoadedRedirects:
    """The redirects of one data folder, with the problems found in them."""

    path: str  # as the maintainer reads it: "data/redirects.yaml"
    # (position in the file's list, entry): only the entries that are well formed
    entries: list[tuple[int, Reindirizzamento]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    doc: YamlDocument | None = None
    exists: bool = False

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    def mapping(self) -> dict[str, str]:
        """Old address -> new address."""
        return {entry.da: entry.a for _, entry in self.entries}

    def problem(self, index: int, key: str, message: str) -> Problem:
        loc = ("redirects", index, key)
        if self.doc is None:  # pragma: no cover - entries only come from a document
            return Problem(self.path, 1, 1, format_loc(loc), message)
        return self.doc.problem(loc, message)


def load_redirects(data_dir: Path | str, root: Path | str | None = None) -> LoadedRedirects:
    """Read and parse `data_dir/redirects.yaml`; a missing file means no redirects."""
    data_dir = Path(data_dir)
    path = data_dir / REDIRECTS_FILE
    loaded = LoadedRedirects(display_path(path, Path(root) if root else data_dir.parent))
    if not path.exists() and not path.is_symlink():
        return loaded
    loaded.exists = True
    doc = load_file(path, loaded.path)
    loaded.doc = doc
    if doc.complete and doc.data is None and not doc.problems:
        return loaded  # only comments: no redirects yet
    # Imported here so that dataset.py can, in turn, load the redirects with the records.
    from .dataset import parse_document

    parsed, problems = parse_document(doc, RedirectsFile)
    loaded.problems.extend(problems)
    if parsed is not None:
        loaded.entries = list(enumerate(parsed.redirects))
    elif doc.complete and isinstance(doc.data, dict) and isinstance(doc.data.get("redirects"), list):
        # The file has errors, but its well-formed entries are still checked among
        # themselves and against the site, so that one run shows every problem.
        for index, raw in enumerate(doc.data["redirects"]):
            try:
                loaded.entries.append((index, Reindirizzamento.model_validate(raw)))
            except ValidationError:
                continue
    return loaded


def check_redirects(loaded: LoadedRedirects, pages: Collection[str] | None = None) -> list[Problem]:
    """What would break a visitor's link; `pages` are the site's page addresses
    ("progetti/mi3-3-1-e/", "" for the home page). Without `pages` only the
    entries among themselves are checked."""
    problems: list[Problem] = []
    first_at: dict[str, int] = {}
    for index, entry in loaded.entries:
        if entry.da in first_at:
            other = first_at[entry.da]
            line = loaded.doc.position(("redirects", other, "da"))[0] if loaded.doc else 1
            problems.append(loaded.problem(
                index, "da",
                f"'{entry.da}' è già reindirizzato da redirects[{other}] (riga {line}): tenere una voce sola",
            ))
        else:
            first_at[entry.da] = index
    for index, entry in loaded.entries:
        why = _not_a_folder_of_pages(entry.da)
        if why:
            problems.append(loaded.problem(index, "da", why))
    target_of: dict[str, str] = {}
    for _, entry in loaded.entries:
        target_of.setdefault(entry.da, entry.a)  # a repeated "da" is reported above
    for index, entry in loaded.entries:
        if entry.da == entry.a:
            problems.append(loaded.problem(index, "a", f"'{entry.a}' è lo stesso indirizzo di 'da': togliere la voce"))
            continue
        chained = False
        if entry.a in target_of:
            chained = True
            problems.append(loaded.problem(index, "a", _chain_message(entry, target_of, first_at)))
        if pages is None:
            continue
        if entry.da in pages:
            problems.append(loaded.problem(
                index, "da",
                f"'{entry.da}' è ancora una pagina del sito: si reindirizza solo un indirizzo che non esiste più "
                "(togliere la voce o correggere l'indirizzo)",
            ))
        if not chained and entry.a not in pages:
            problems.append(loaded.problem(index, "a", _missing_target_message(entry.a, pages)))
    return problems


# Folders the build fills with files of its own: a redirect's page there would
# be replaced (the search index is moved in whole) or sit among the theme's files.
_FOLDERS_OF_FILES = {"theme", "pagefind"}
# The kinds of file the site writes (robots.txt, sitemap.xml, dati/interventi.csv, ...).
_FILE_NAME = re.compile(r".+\.(?:txt|xml|html?|csv|json|rdf|js|css|svg|png|ico|woff2?)", re.IGNORECASE)


def _not_a_folder_of_pages(address: str) -> str | None:
    """Why the redirect's page cannot be written at `address` (a folder with an
    index.html), or None. `robots.txt/` passed validation and then failed the
    build: the site's file robots.txt is where the folder would be."""
    segments = address.rstrip("/").split("/")
    if segments[0] in _FOLDERS_OF_FILES:
        return (f"'{address}' è nella cartella {segments[0]}/, dove il sito mette i suoi file: un vecchio indirizzo "
                "di pagina non può stare lì")
    for segment in segments:
        if _FILE_NAME.fullmatch(segment):
            return (f"'{address}' passa per '{segment}', un nome di file: un vecchio indirizzo di pagina è fatto di "
                    "cartelle (es. progetti/mi3-3-1-x/)")
    return None


def _chain_message(entry: Reindirizzamento, target_of: dict[str, str], first_at: dict[str, int]) -> str:
    route = [entry.da, entry.a]
    while route[-1] in target_of and target_of[route[-1]] not in route:
        route.append(target_of[route[-1]])
    if route[-1] in target_of:  # the next step goes back to an address already seen
        route.append(target_of[route[-1]])
        return "reindirizzamenti circolari: " + " → ".join(route) + ": ogni vecchio indirizzo deve portare a una pagina"
    return (
        f"'{entry.a}' è a sua volta reindirizzato (redirects[{first_at[entry.a]}]): "
        f"scrivere direttamente la destinazione finale, a: {route[-1]}"
    )


def _missing_target_message(target: str, pages: Collection[str]) -> str:
    # Only addresses as deep as the target: "progetti/a/" is not a typo of "progetti/".
    depth = target.count("/")
    candidates = sorted(p for p in pages if p and p.count("/") == depth)
    close = difflib.get_close_matches(target, candidates, n=1, cutoff=0.75)
    hint = f": forse '{close[0]}'?" if close else ": indicare l'indirizzo di una pagina esistente"
    return f"la pagina '{target}' non esiste nel sito{hint}"


@dataclass(frozen=True)
class DerivedMove:
    """A file that moves with a redirected project page: the old file, the new one."""

    entry: Reindirizzamento
    old: str  # "embed/avanzamento-mi3-3-1-z/index.html"
    new: str  # "embed/avanzamento-mi3-3-1-y/index.html"


def derived_moves(entries: Iterable[Reindirizzamento], files: Collection[str]) -> list[DerivedMove]:
    """What moves with a page whose slug changed, so that one entry is enough.

    When `progetti/mi3-3-1-z/` becomes `progetti/mi3-3-1-y/`, the files in its folder
    (`progetti/mi3-3-1-y/mi3-3-1-y.csv`) and the pages named after it elsewhere
    (`embed/avanzamento-mi3-3-1-y/`) had old addresses too. `files` are the paths of
    the new site; a move is returned only where the old path is not itself a file
    of the new site. Only for a page renamed within its section (same parent).
    """
    files = set(files)
    moves: list[DerivedMove] = []
    for entry in entries:
        old_parent, old_slug = _split(entry.da)
        new_parent, new_slug = _split(entry.a)
        if not old_parent or old_parent != new_parent or old_slug == new_slug:
            continue
        # The slugs of the section's pages, to tell "avanzamento-bologna-poverta-abitativa"
        # (another project) from "avanzamento-poverta-abitativa" when the slug is the shorter one.
        siblings = {f[len(new_parent):-len("/index.html")] for f in files
                    if f.startswith(new_parent) and f.count("/") == new_parent.count("/") + 1
                    and f.endswith("/index.html")}
        for file in sorted(files):
            if file == entry.a + "index.html":
                continue
            if file.startswith(entry.a):
                rest = file[len(entry.a):].split("/")
                old = entry.da + "/".join(_renamed(part, new_slug, old_slug) for part in rest)
            else:
                parts = file.split("/")
                if len(parts) < 2 or parts[-1] != "index.html" or not _named_after(parts[-2], new_slug, siblings):
                    continue
                old = "/".join([*parts[:-2], parts[-2][: -len(new_slug)] + old_slug, "index.html"])
            if old not in files:
                moves.append(DerivedMove(entry, old, file))
    return moves


def _split(address: str) -> tuple[str, str]:
    parent, _, slug = address.rstrip("/").rpartition("/")
    return (parent + "/" if parent else ""), slug


def _renamed(part: str, new: str, old: str) -> str:
    stem, dot, extension = part.partition(".")
    return old + dot + extension if stem == new else part


def _named_after(folder: str, slug: str, siblings: set[str]) -> bool:
    if folder in siblings or not folder.endswith("-" + slug):
        return False  # another page of the section is not named after this one
    longest = max((s for s in siblings if folder.endswith("-" + s)), key=len, default=slug)
    return longest == slug


def validate_redirects(
    data_dir: Path | str, root: Path | str | None = None, pages: Collection[str] | None = None
) -> LoadedRedirects:
    """Load and check in one step; `.problems` holds every problem of the file."""
    loaded = load_redirects(data_dir, root)
    loaded.problems.extend(check_redirects(loaded, pages))
    return loaded
