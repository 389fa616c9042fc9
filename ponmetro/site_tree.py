"""A built site as a tree of files: its addresses, its internal links, and what
changed between two builds.

Used by `invoke diff` (the pull-request summary) and by `invoke publish`, which
refuses a release whose links point nowhere or that drops an address the previous
release answered. Builds are reproducible, so a file's content hash says exactly
whether it changed; nothing is ignored. No Pelican here: only files.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

INDEX = "index.html"


@dataclass(frozen=True)
class SiteTree:
    """Every file of a built site: relative POSIX path -> sha256 of its bytes."""

    root: Path
    files: Mapping[str, str]

    @property
    def digest(self) -> str:
        """One hash for the whole tree (names and contents), stable across machines."""
        h = hashlib.sha256()
        for path in sorted(self.files):
            h.update(f"{path}\0{self.files[path]}\n".encode("utf-8", "surrogateescape"))
        return h.hexdigest()

    def answers(self, address: str) -> bool:
        """Whether the site serves `address` ("progetti/x/", "dati/interventi.csv", "" for home)."""
        return file_of(address) in self.files

    @property
    def pages(self) -> list[str]:
        return sorted(p for p in self.files if p.endswith(".html"))


def scan(root: Path | str) -> SiteTree:
    """Read a built site. `root` may be a symbolic link (releases/current)."""
    root = Path(root)
    base = root.resolve()
    if not base.is_dir():
        raise FileNotFoundError(f"{root}: cartella del sito inesistente")
    files = {}
    for path in sorted(base.rglob("*")):
        if path.is_file():
            files[path.relative_to(base).as_posix()] = _sha256(path)
    return SiteTree(root, files)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def file_of(address: str) -> str:
    """The file that serves an address: a directory address is its index.html."""
    address = address.lstrip("/")
    if address == "" or address.endswith("/"):
        return address + INDEX
    return address


def address_of(file: str) -> str:
    """The address a visitor uses for a file: `progetti/x/index.html` -> `progetti/x/`."""
    if file == INDEX:
        return ""
    if file.endswith("/" + INDEX):
        return file[: -len(INDEX)]
    return file


# --- differences between two builds -----------------------------------------------


@dataclass(frozen=True)
class TreeDiff:
    added: list[str]
    removed: list[str]
    changed: list[str]
    unchanged: int

    @property
    def identical(self) -> bool:
        return not (self.added or self.removed or self.changed)


def compare(old: SiteTree, new: SiteTree) -> TreeDiff:
    old_files, new_files = set(old.files), set(new.files)
    both = old_files & new_files
    changed = sorted(p for p in both if old.files[p] != new.files[p])
    return TreeDiff(
        added=sorted(new_files - old_files),
        removed=sorted(old_files - new_files),
        changed=changed,
        unchanged=len(both) - len(changed),
    )


# Past this many lines a list goes in a collapsed block, so that a change to the
# footer (every page changes) does not bury the summary.
OPEN_LIST_MAX = 30


def format_markdown(diff: TreeDiff, title: str = "Modifiche al sito") -> str:
    """The differences as Markdown for a pull request or a job summary (in Italian)."""
    def is_page(path: str) -> bool:
        return path.endswith(".html")

    groups = [
        ("aggiunte", "aggiunti", diff.added),
        ("tolte", "tolti", diff.removed),
        ("modificate", "modificati", diff.changed),
    ]
    lines = [f"## {title}", ""]
    if diff.identical:
        lines.append(f"Nessuna differenza: i due siti sono identici byte per byte ({diff.unchanged} file).")
        return "\n".join(lines) + "\n"
    total = len(diff.added) + len(diff.removed) + len(diff.changed)
    lines += [
        f"{total} file diversi, {diff.unchanged} invariati.",
        "",
        "| | pagine | altri file |",
        "|---|---:|---:|",
    ]
    for pages_label, _, paths in groups:
        pages = sum(1 for p in paths if is_page(p))
        lines.append(f"| {pages_label} | {pages} | {len(paths) - pages} |")
    lines.append("")
    for pages_label, files_label, paths in groups:
        pages = sorted(address_of(p) or "(pagina principale)" for p in paths if is_page(p))
        others = [p for p in paths if not is_page(p)]
        lines += _listing(f"Pagine {pages_label}", pages)
        lines += _listing(f"Altri file {files_label}", others)
    return "\n".join(lines).rstrip() + "\n"


def _listing(heading: str, items: list[str]) -> list[str]:
    if not items:
        return []
    body = [f"- `{item}`" for item in items]
    if len(items) <= OPEN_LIST_MAX:
        return [f"### {heading} ({len(items)})", "", *body, ""]
    return [
        f"### {heading} ({len(items)})", "",
        f"<details><summary>Mostra l'elenco ({len(items)})</summary>", "",
        *body, "", "</details>", "",
    ]


# --- addresses that must keep answering -----------------------------------------------


@dataclass(frozen=True, order=True)
class LostAddress:
    address: str
    reason: str

    def format(self) -> str:
        return f"{self.address or '(pagina principale)'}: {self.reason}"


def lost_addresses(
    old: SiteTree,
    new: SiteTree,
    redirects: Mapping[str, str] | None = None,
    internal: Iterable[str] = (),
) -> list[LostAddress]:
    """Addresses the old release answered that the new one does not.

    An address listed in `redirects` (old -> new) is fine when its new address
    answers. Files under an `internal` prefix (the theme's assets, the search
    index) are only reached through the pages of the same release, so they may
    come and go.
    """
    redirects = dict(redirects or {})
    internal = tuple(internal)
    lost = []
    for file in sorted(set(old.files) - set(new.files)):
        if internal and file.startswith(internal):
            continue
        address = address_of(file)
        target = redirects.get(address)
        if target is None:
            lost.append(LostAddress(address, "pubblicato nella versione precedente, manca in questa: "
                                             "aggiungere un reindirizzamento in data/redirects.yaml"))
        elif not new.answers(target):
            lost.append(LostAddress(address, f"reindirizzato a {target}, che non esiste in questa versione"))
    return lost


# --- internal links -------------------------------------------------------------


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str  # the file that holds the link
    link: str
    reason: str

    def format(self) -> str:
        return f"{self.page}: {self.link}: {self.reason}"


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)


def broken_links(tree: SiteTree, public_url: str = "") -> list[BrokenLink]:
    """Every link, script, stylesheet, image and font of the site that points at
    a file the site does not have.

    Relative links are resolved from the page that holds them; absolute links to
    `public_url` (canonical links, feeds, sitemap) count as internal too. Links to
    other sites are not followed.
    """
    broken: list[BrokenLink] = []
    for file in sorted(tree.files):
        path = tree.root / file
        if file.endswith(".html"):
            links = _html_links(path)
        elif file.endswith(".css"):
            links = _css_links(path)
        elif file.endswith(".xml"):
            links = _xml_links(path)
        else:
            continue
        for link in dict.fromkeys(links):  # a link repeated on a page is reported once
            reason = _check(tree, file, link, public_url)
            if reason:
                broken.append(BrokenLink(file, link, reason))
    return broken


def _html_links(path: Path) -> Iterable[str]:
    import lxml.html  # lxml walks every kind of link (href, src, style url()...)

    raw = path.read_bytes()
    if not raw.strip():
        return []
    doc = lxml.html.document_fromstring(raw)
    links = [link for _el, _attr, link, _pos in doc.iterlinks()]
    for meta in doc.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "refresh":
            match = _REFRESH_URL.search(meta.get("content") or "")
            if match:
                links.append(match.group(1).strip())
    return links


def _css_links(path: Path) -> Iterable[str]:
    # Stylesheets only need their url(...) and @import references: a regular
    # expression reads those without a CSS parser dependency.
    text = path.read_text(encoding="utf-8", errors="replace")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    for m in _CSS_URL.finditer(text):
        yield (m.group(2) or m.group(4)).strip()


def _xml_links(path: Path) -> Iterable[str]:
    from lxml import etree

    try:
        doc = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return []
    links = []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        name = etree.QName(el).localname
        if name == "loc" and el.text:
            links.append(el.text.strip())
        elif name == "link" and el.get("href"):
            links.append(el.get("href"))
    return links


def _check(tree: SiteTree, page: str, link: str, public_url: str) -> str | None:
    link = link.strip()
    if not link or link.startswith("#"):
        return None
    if public_url and link.startswith(public_url):
        target = link[len(public_url):]
        return None if _exists(tree, target) else "la pagina non esiste nel sito"
    parts = urlsplit(link)
    if parts.scheme or link.startswith("//"):
        return None  # another site (or mailto:, data:...): not ours to check
    if not parts.path:  # "?q=..." on the same page
        return None
    if parts.path.startswith("/"):
        target = parts.path.lstrip("/")
    else:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
        if joined == ".." or joined.startswith("../"):
            return "porta fuori dal sito"
        target = "" if joined == "." else joined
        if parts.path.endswith("/") and target:
            target += "/"
    return None if _exists(tree, unquote(target)) else "il file non esiste"


def _exists(tree: SiteTree, target: str) -> bool:
    target = target.split("#", 1)[0].split("?", 1)[0]
    if tree.answers(target):
        return True
    # "progetti/x" without the final slash: a web server answers with progetti/x/.
    return not target.endswith("/") and tree.answers(target + "/")
