"""The news items and pages of content/ reach the site whole, or the build stops.

Pelican skips a file it cannot read (an impossible date, bytes that are not
UTF-8) with one line in English, "Could not process ...", and builds on: a news
item already published would vanish, and its permanent address with it. And it
publishes a page whose title is empty. Here each such file is a problem with its
line and the reason, in Italian, as for a record of data/; the generator stops
the build with all of them (the output stays as it was).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterator

from pelican.utils import get_date

from ponmetro.problems import Problem
from ponmetro.strict_yaml import encoding_problems

# Pelican's Markdown metadata: "Key: value" lines at the top, up to the first blank line.
_METADATA_LINE = re.compile(r"(?P<key>[A-Za-z][\w-]*):\s*(?P<value>.*)")
_DATE_KEYS = {"date", "modified"}


def unreadable(path: Path, shown: str, read: Callable[[], object]) -> list[Problem]:
    """Why Pelican could not read the file at `path` (`shown` in messages).

    `read` reads it again as Pelican did: for a reason none of the known slips
    explains, Pelican's own message is given.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [Problem(shown, 1, 1, "", f"impossibile leggere il file: {exc.strerror or exc}")]
    problems = encoding_problems(raw, shown)
    if problems:
        return problems
    metadata = list(_metadata(raw.decode("utf-8-sig")))
    problems = _bad_dates(metadata, shown)
    if problems:
        return problems
    try:
        read()
    except Exception as exc:  # whatever Pelican's readers raise: reported, never a traceback
        return [Problem(shown, 1, 1, "", f"Pelican non riesce a leggerlo ({type(exc).__name__}: {exc})")]
    # Read, but refused: Pelican wants a title, and a date for a news item.
    keys = {match["key"].lower() for _, match in metadata}
    if "title" not in keys:
        return [Problem(shown, 1, 1, "Title", TITLE_MISSING)]
    if "date" not in keys:
        return [Problem(shown, 1, 1, "Date", "data mancante: una notizia ha la sua data, AAAA-MM-GG")]
    return [Problem(shown, 1, 1, "", "Pelican non l'ha pubblicato")]


TITLE_MISSING = "titolo mancante: ogni notizia e pagina ne ha bisogno"


def _metadata(text: str) -> Iterator[tuple[int, re.Match]]:
    """The metadata lines at the top of a Markdown file, with their numbers."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            return
        match = _METADATA_LINE.fullmatch(line.strip())
        if match:
            yield number, match


def _bad_dates(metadata: list[tuple[int, re.Match]], shown: str) -> list[Problem]:
    problems = []
    for number, match in metadata:
        if match["key"].lower() not in _DATE_KEYS:
            continue
        try:
            get_date(match["value"])
        except ValueError:
            line = match.string
            problems.append(Problem(
                shown, number, line.index(match["value"]) + 1 if match["value"] else len(line) + 1, match["key"],
                f"data '{match['value']}' non valida: scriverla come AAAA-MM-GG (es. 2019-12-13)",
            ))
    return problems


def untitled(path: Path, shown: str, metadata: dict) -> list[Problem]:
    """A news item or page with an empty title (Pelican publishes it as it is)."""
    if str(metadata.get("title", "")).strip():
        return []
    return [at_key(path, shown, "Title", TITLE_MISSING)]


def at_key(path: Path, shown: str, key: str, message: str) -> Problem:
    """A problem with the metadata `key` of a Markdown file, at the line that sets it (else line 1)."""
    try:
        for number, match in _metadata(path.read_text(encoding="utf-8-sig")):
            if match["key"].lower() == key.lower():
                return Problem(shown, number, 1, key, message)
    except (OSError, UnicodeDecodeError):
        pass
    return Problem(shown, 1, 1, key, message)
