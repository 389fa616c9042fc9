"""A description copied line by line, turned into the record's Markdown.

Web pages copied as text give one line per paragraph or list item. In Markdown,
consecutive lines would merge into one paragraph, so each line becomes a paragraph
of its own, and bullet or lettered lines ("- Migliorare...", "a)innovativi...")
become list items that stay together. Some pages print part of their description
twice in a row; the repetition is found and kept once, and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A repeated run shorter than this is probably meant (two identical short items).
MIN_REPEATED_CHARS = 120
# The search is cubic in the number of lines; descriptions have a few dozen.
MAX_SEARCHED_LINES = 400

# Lines of a description in the draft: the YAML block is indented by two spaces.
WRAP = 86
# Words that would open a new Markdown block at the start of a line.
_BLOCK_START = re.compile(r"^([-*+>#=|`~]|\d+[.)])")

_BULLET = re.compile(r"^(?:[•▪●]\s*|[-*–—]\s+)")
_LETTERED = re.compile(r"^([a-z]|\d{1,2})\)")


@dataclass(frozen=True)
class Line:
    number: int  # in the source file, 1-based
    text: str


@dataclass(frozen=True)
class Repetition:
    first: tuple[int, int]  # source lines of the copy kept
    second: tuple[int, int]  # source lines of the copy dropped
    opening: str  # the first words of the repeated text


def drop_repetitions(lines: list[Line]) -> tuple[list[Line], list[Repetition]]:
    """Remove runs of lines that are immediately repeated, keeping the first copy."""
    content = [line for line in lines if line.text.strip()]
    found: list[Repetition] = []
    while True:
        hit = _longest_repeated_run(content)
        if hit is None:
            return content, found
        start, size = hit
        kept, dropped = content[start:start + size], content[start + size:start + 2 * size]
        found.append(Repetition(
            (kept[0].number, kept[-1].number), (dropped[0].number, dropped[-1].number),
            " ".join(kept[0].text.split()[:5]),
        ))
        content = content[:start + size] + content[start + 2 * size:]


def _longest_repeated_run(content: list[Line]) -> tuple[int, int] | None:
    texts = [" ".join(line.text.split()) for line in content]
    n = len(texts)
    if n > MAX_SEARCHED_LINES:
        return None
    for size in range(n // 2, 0, -1):
        for start in range(0, n - 2 * size + 1):
            first = texts[start:start + size]
            if first == texts[start + size:start + 2 * size] and sum(map(len, first)) >= MIN_REPEATED_CHARS:
                return start, size
    return None


def to_markdown(lines: list[Line]) -> str:
    """One paragraph per line; bullet and lettered lines grouped as list items."""
    blocks: list[list[str]] = []
    previous_was_item = False
    for line in lines:
        text = " ".join(line.text.split())
        if not text:
            continue
        item = _as_list_item(text)
        if item is not None:
            if previous_was_item:
                blocks[-1].append(item)
            else:
                blocks.append([item])
            previous_was_item = True
        else:
            blocks.append([text])
            previous_was_item = False
    return "\n\n".join("\n".join(_wrapped(line) for line in block) for block in blocks)


def _wrapped(line: str) -> str:
    """A paragraph or list item on lines of at most WRAP characters where possible.

    In Markdown a single line break inside a paragraph reads as a space, so
    wrapping changes nothing, provided that no continuation line starts with
    something Markdown would read as a new block (a list marker, a heading, a
    quote): such a word stays at the end of the line before. textwrap cannot be
    told that, hence this loop.
    """
    first, rest, body = ("- ", "  ", line[2:]) if line.startswith("- ") else ("", "", line)
    words = body.split(" ")
    lines = []
    current = first + words[0]
    for word in words[1:]:
        fits = len(current) + 1 + len(word) <= WRAP
        if fits or _BLOCK_START.match(word) or current.endswith("\\"):
            current += " " + word
        else:
            lines.append(current)
            current = rest + word
    lines.append(current)
    return "\n".join(lines)


def _as_list_item(text: str) -> str | None:
    if m := _BULLET.match(text):
        rest = text[m.end():]
        return f"- {rest}" if rest else None
    if _LETTERED.match(text):
        return f"- {text}"
    return None
