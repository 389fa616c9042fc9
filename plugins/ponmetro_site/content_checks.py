"""The news items and pages of content/ reach the site whole, or the build stops.

Pelican skips a file it cannot read (an impossible date, bytes that are not
UTF-8) with one line in English, "Could not process ...", and builds on: a news
item already published would vanish, and its permanent address with it. And it
publishes a page whose title is empty. Here each file gets the checks a record
of data/ gets, each problem with its line and the reason, in Italian: the build
stops on them (the output stays as it was), and `invoke validate` lists them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
import re
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pelican.utils import get_date

from ponmetro import markdown_checks
from ponmetro.codes import SLUG_PATTERN
from ponmetro.pages import news_problems
from ponmetro.problems import Problem, display_path
from ponmetro.reference import Reference
from ponmetro.strict_yaml import encoding_problems, read_file


MARKDOWN = {".md", ".markdown", ".mkd", ".mdown"}
# Pelican's Markdown metadata: "Key: value" lines at the top, up to the first blank line.
_METADATA_LINE = re.compile(r"(?P<key>[A-Za-z][\w-]*):\s*(?P<value>.*)")
_DATE_KEYS = {"date", "modified"}
_FORMATTED_KEYS = {"summary"}
TITLE_MISSING = "titolo mancante: ogni notizia e pagina ne ha bisogno"
DATE_MISSING = "data mancante: una notizia ha la sua data, AAAA-MM-GG"
NOT_MARKDOWN = ("file non pubblicabile: notizie e pagine si scrivono in Markdown, in un file .md "
                "(un file .rst o .html può includere file del computer che costruisce il sito, o script)")


def check_folder(base: Path, reference: Reference, news_folders: Iterable[str],
                 root: Path) -> tuple[list[Problem], int]:
    """Every problem of the Markdown files below `base` (content/), and how many
    files were checked; those in `news_folders` (Pelican's ARTICLE_PATHS) are news."""
    news = [base / folder for folder in news_folders]
    files = sorted(p for p in base.rglob("*") if p.suffix.lower() in MARKDOWN and p.is_file())
    others = not_markdown(base, root)
    problems = others + [problem for path in files
                         for problem in check_file(path, display_path(path, root), reference,
                                                   news=any(path.is_relative_to(folder) for folder in news))]
    return problems, len(files) + len(others)


def not_markdown(base: Path, root: Path) -> list[Problem]:
    """An error for each file below `base` (content/) that is not Markdown, hidden ones aside."""
    return [Problem(display_path(path, root), 1, 1, "", NOT_MARKDOWN) for path in sorted(base.rglob("*"))
            if path.suffix.lower() not in MARKDOWN and path.is_file()
            and not any(part.startswith(".") for part in path.relative_to(base).parts)]


def markdown_only(readers) -> None:
    """Pelican's readers for content/: Markdown's alone (on the signal `readers_init`).

    Pelican would also publish reStructuredText and HTML files, without any check
    of this module. A `.rst` page can include any file of the machine that builds
    the site (`.. include:: /etc/hostname` put its name on the page; a CI run's
    environment is a file too) and raw HTML; an `.html` page is published as
    written. `not_markdown` reports such files as errors: none is skipped silently.
    """
    for extension in list(readers.reader_classes):
        if f".{extension}" not in MARKDOWN:
            readers.reader_classes[extension] = None


def check_file(path: Path, shown: str, reference: Reference, *, news: bool) -> list[Problem]:
    """The problems of one news item or page (`shown` in the messages)."""
    raw, size, unread = read_file(path, shown)
    if unread is not None:
        return [unread]
    if size > len(raw):  # read only up to the records' limit: a long page is read whole
        raw = path.read_bytes()
    problems = encoding_problems(raw, shown)
    if problems or path.suffix.lower() not in MARKDOWN:
        return problems
    text = raw.decode("utf-8-sig")
    metadata = list(_metadata(text))
    problems = _bad_dates(metadata, shown)
    line_of = {match["key"].lower(): number for number, match in metadata}
    values = {match["key"].lower(): match["value"] for _, match in metadata}
    if not values.get("title", "").strip():
        problems.append(Problem(shown, line_of.get("title", 1), 1, "Title", TITLE_MISSING))
    if news and "date" not in values:
        problems.append(Problem(shown, 1, 1, "Date", DATE_MISSING))
    if "slug" in values and not re.fullmatch(SLUG_PATTERN, values["slug"].strip()):
        # Pelican would publish "notizie/quartieri connessi/": an address with spaces in it.
        from slugify import slugify  # here: 6 ms of import, needed only on an error

        proposed = slugify(values["slug"])
        problems.append(Problem(
            shown, line_of["slug"], 1, "Slug",
            f"slug '{values['slug'].strip()}' non valido: solo lettere minuscole, cifre e trattini"
            + (f" (forse '{proposed}'?)" if proposed else ""),
        ))
    problems += _unknown_keys(metadata, shown)
    # Without a readable citta.yaml or assi.yaml (their own error is reported) every
    # city and axis would look unknown.
    if news and reference.cities and reference.axes:
        problems += [Problem(shown, line_of[key.lower()], 1, key, message)
                     for key, message in news_problems(values, reference)]
    first = _body_start(text)
    problems += markdown_checks.problems("\n".join(text.splitlines()[first - 1:]), first, shown)
    for number, match in metadata:  # Pelican renders these as Markdown too (FORMATTED_FIELDS)
        if match["key"].lower() in _FORMATTED_KEYS:
            problems += markdown_checks.problems(match.string, number, shown)
    return sorted(problems)


def address_clashes(contents: dict[str, object | None], base: Path, root: Path,
                    taken: dict[str, str]) -> list[Problem]:
    """News items and pages whose address is already another's.

    Pelican writes the first and stops on the second with "Failed to overwrite
    ...", in English, which the build could only call an unexpected error. Here the
    second file gets a line: its `Slug:` line (or its first), and what has the
    address. `contents` maps each source (relative to `base`, content/) to what
    Pelican read from it; `taken` maps the addresses the site makes itself (its
    pages from the data, the home page, the news list) to what uses them
    ("dalla pagina iniziale").
    """
    problems, owners = [], dict(taken)
    for source in sorted(contents):
        save_as = getattr(contents[source], "save_as", None)
        if not save_as:
            continue
        path = base / source
        shown = display_path(path, root)
        if save_as in owners:
            line = next((number for number, match in _metadata(path.read_text(encoding="utf-8-sig"))
                         if match["key"].lower() == "slug"), 1)
            problems.append(Problem(shown, line, 1, "Slug", f"l'indirizzo {save_as} è già usato {owners[save_as]}: "
                                                            "dare a questa notizia o pagina uno slug diverso"))
        else:
            owners[save_as] = f"da {shown}"
    return problems


# The keys that the site reads (docs/data-format.md) and Pelican's own.
# The keys of a news item or page (docs/data-format.md). Any other is an error:
# Pelican's own would change whether and where the page is published, or break
# the build (`Status: draft` ended in an internal error, `Lang: en` moved the
# address, `Url:` pointed the lists elsewhere), and an unknown one would be
# ignored without a word.
KNOWN_KEYS = {"title", "date", "modified", "slug", "summary", "citta", "assi", "fonte"}
_PUBLISHING_KEYS = {"status", "lang", "translation", "template", "save_as", "url", "page_url", "article_url"}


ALLOWED_KEYS_TEXT = ("i campi di notizie e pagine sono Title, Date, Modified, Slug, Summary, Citta, Assi e Fonte "
                     "(docs/data-format.md)")
# Pelican's keys are English: a maintainer writing in Italian may use these.
_ITALIAN_NAMES = {"titolo": "title", "sommario": "summary", "riassunto": "summary", "autore": "author"}


def _unknown_keys(metadata: list[tuple[int, re.Match]], shown: str) -> list[Problem]:
    """A key that is not one of KNOWN_KEYS: close to one ("Fontee", "Tittle", or
    Italian: "Titolo"), one of Pelican's that decide how a page is published, or
    another. Pelican would keep each under its own name."""
    problems = []
    for number, match in metadata:
        key, written = match["key"].lower(), match["key"]
        if key in KNOWN_KEYS:
            continue
        close = [_ITALIAN_NAMES[key]] if key in _ITALIAN_NAMES else \
            difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=0.75)
        if close:
            message = f"campo '{written}' sconosciuto: forse '{close[0].capitalize()}'?"
        elif key in _PUBLISHING_KEYS:
            message = (f"campo '{written}' non ammesso: deciderebbe se e dove Pelican pubblica la pagina, "
                       "che il sito mette sempre al suo indirizzo (dallo Slug); toglierlo")
        else:
            message = f"campo '{written}' sconosciuto: {ALLOWED_KEYS_TEXT}"
        problems.append(Problem(shown, number, 1, written, message))
    return problems


def refused_by_pelican(shown: str, read: Callable[[], object]) -> list[Problem]:
    """For a file Pelican skipped for a reason none of the checks knows: its own message.

    `read` reads the file again as Pelican did.
    """
    try:
        read()
    except Exception as exc:  # whatever Pelican's readers raise: reported, never a traceback
        return [Problem(shown, 1, 1, "", f"Pelican non riesce a leggerlo ({type(exc).__name__}: {exc})")]
    return [Problem(shown, 1, 1, "", "Pelican non l'ha pubblicato")]


def _metadata(text: str) -> Iterator[tuple[int, re.Match]]:
    """The metadata lines at the top of a Markdown file, with their numbers."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            return
        match = _METADATA_LINE.fullmatch(line.strip())
        if match:
            yield number, match


def _body_start(text: str) -> int:
    """The number of the text's first line after its metadata, as Python-Markdown's
    meta extension reads it: past the first blank line, or at the first line that
    is neither "Key: value" nor its indented continuation."""
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            return number + 1
        if not _METADATA_LINE.fullmatch(line.strip()) and not (number > 1 and line.startswith("    ")):
            return number
    return len(lines) + 1


def _bad_dates(metadata: list[tuple[int, re.Match]], shown: str) -> list[Problem]:
    problems = []
    for number, match in metadata:
        if match["key"].lower() not in _DATE_KEYS:
            continue
        value, line = match["value"], match.string
        column = line.index(value) + 1 if value else len(line) + 1
        why = _why_not_a_date(value)
        if why:
            problems.append(Problem(shown, number, column, match["key"], why))
    return problems


def _why_not_a_date(value: str) -> str | None:
    invalid = f"data '{value}' non valida: scriverla come AAAA-MM-GG (es. 2019-12-13)"
    day_first = _DAY_FIRST.fullmatch(value.strip())
    if day_first:
        # Pelican reads 01/02/2019 the American way, as 2 January: in Italian it is
        # 1 February. Refused with the Italian reading spelt out, so no date is guessed.
        day, month, year = (int(part) for part in day_first.groups())
        if not _is_day(year, month, day):
            return invalid
        return (f"data '{value}' con il giorno prima del mese: Pelican potrebbe leggerla all'americana; "
                f"scriverla come AAAA-MM-GG ({year:04d}-{month:02d}-{day:02d})")
    try:
        get_date(value)
    except ValueError:
        return invalid
    return None


_DAY_FIRST = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})")


def _is_day(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


# Pelican's lines for a file it skips, by logger: the file's problem is reported
# here with its line and reason, in Italian; Pelican's lines, in English, only came first.
_PELICANS_SKIP_LINES = {
    "pelican.generators": {"Could not process %s"},
    "pelican.contents": {
        "Skipping %s: could not find information about '%s'",
        # Pelican's keys, refused by _unknown_keys: Save_as, Url; Status
        "Skipping %s: file %r would be written outside output path",
        "Unknown status '%s' for file %s, skipping it. (Not in %s)",
    },
    "pelican.utils": {'All items ("%s") "%s" are translations: \n%s'},  # Translation
}


class _UnreadContentFilter(logging.Filter):
    def __init__(self, messages: set[str]):
        super().__init__()
        self.messages = messages

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg not in self.messages


def hide_pelicans_unread_line() -> None:
    """Drop Pelican's own lines for a news item or page it skips. Once per process."""
    for name, messages in _PELICANS_SKIP_LINES.items():
        pelican_logger = logging.getLogger(name)
        if not any(isinstance(f, _UnreadContentFilter) for f in pelican_logger.filters):
            pelican_logger.addFilter(_UnreadContentFilter(messages))
