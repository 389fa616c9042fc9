"""Markdown that maintainers write, checked for what the site would not show, at its line.

News items and pages (content/), and each record's description. Pelican's
Markdown publishes raw HTML as it is written, and the sanitizing that the
records' descriptions get (ponmetro.markdown_text) does not run on content/.
The site's Content-Security-Policy (plugins/ponmetro_site/security.py) would
still stop, in the reader's browser, a script, an inline style or event handler,
a frame and an image from another site: each would only break the page without
a word (a blank frame, a broken image, a button that does nothing). So in news
and pages they are errors with their line and column, and the build stops, as
for a record's problems. In a description the sanitizer drops them, and a
warning says what was dropped. What Markdown writes (emphasis, lists, links,
tables) and the few tags of plain text below stay allowed. An address at a
domain reserved for examples (a placeholder left in) and a code block never
closed (the rest of the text shows as code) are warnings.

The standard library's HTMLParser finds the tags: it reports where each starts.
Code (fenced blocks and `inline` spans) is blanked out first, keeping every
position, since a tag shown as code is text, not HTML.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from . import markdown_text
from .problems import Problem, Severity

# The descriptions' tags, the page-level heading a news item may use, and tags of plain text.
ALLOWED_TAGS = markdown_text.ALLOWED_TAGS | {"h2", "abbr", "sup", "sub", "small", "s", "u", "mark", "q",
                                             "cite", "kbd", "dl", "dt", "dd", "span", "div"}
ALLOWED_ATTRIBUTES = {**markdown_text.ALLOWED_ATTRIBUTES, "abbr": {"title"}}
URL_SCHEMES = markdown_text.URL_SCHEMES

IMAGE = ("immagine '{src}' non pubblicabile: i testi del sito non hanno immagini (il sito non carica "
         "nulla da altri siti); descriverla nel testo, o mettere un collegamento alla pagina che la mostra")
TAG = ("HTML <{tag}> non ammesso: scrivere il testo in Markdown (script, stili, moduli e contenuti "
       "incorporati da altri siti non vengono pubblicati)")
ATTRIBUTE = ("attributi di <{tag}> non ammessi: {names} (stili, classi e gestori di eventi non vengono "
             "pubblicati); scrivere il testo in Markdown")
LINK = "collegamento '{href}' non ammesso: solo indirizzi http, https, mailto o del sito stesso"
PLACEHOLDER = ("indirizzo di prova '{domain}': i domini riservati agli esempi (RFC 2606) non ricevono posta né "
               "rispondono; sostituirlo con quello vero")

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]*)")
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_TAG_NAME = re.compile(r"[a-z][a-z0-9]*")
# A domain reserved for examples (RFC 2606, 6761), in an address or a link: a
# template's placeholder left in a published page (the accessibility statement's
# contact was accessibilita@ponmetroaperto.example).
_PLACEHOLDER_DOMAIN = re.compile(
    r"(?<![\w.-])(?:[\w-]+\.)*(?:example\.(?:com|net|org)|[\w-]+\.(?:example|invalid|test|localhost))(?![\w-])",
    re.IGNORECASE)


OPEN_FENCE = ("blocco di codice aperto con {fence} e mai chiuso: il resto del testo è mostrato come codice; "
              "chiuderlo con una riga {fence}")


def _worth_a_look(text: str) -> bool:
    """Whether `text` holds anything any of the checks could find: most texts hold
    none of it and are not parsed (a description's check runs at every full build;
    one regular expression for all of it took 12 µs a description, these 3 µs)."""
    # Placeholder domains are looked for as written in lower case, as addresses are.
    return ("<" in text or "](" in text or "```" in text or "~~~" in text or "example" in text
            or ".test" in text or ".invalid" in text or ".localhost" in text)


def problems(text: str, first_line: int, shown: str, *, tags: set[str] = ALLOWED_TAGS,
             attributes: dict[str, set[str]] = ALLOWED_ATTRIBUTES) -> list[Problem]:
    """The problems of a Markdown text whose first line is line `first_line` of the
    file; `tags` and `attributes` are those that the text may hold."""
    if not _worth_a_look(text):
        return []
    body, fence_at = _without_code(text)
    found = []
    if fence_at is not None:
        fence = text.split("\n")[fence_at].strip()[:3]
        found.append(Problem(shown, first_line + fence_at, 1, "", OPEN_FENCE.format(fence=fence), Severity.WARNING))
    for number, line in enumerate(body.split("\n"), start=first_line):
        for match in _MARKDOWN_IMAGE.finditer(line):
            found.append(Problem(shown, number, match.start() + 1, "", IMAGE.format(src=match[1])))
        # An image is reported once, as an image, not again as a link.
        for match in _MARKDOWN_LINK.finditer(_MARKDOWN_IMAGE.sub(lambda m: " " * len(m[0]), line)):
            if not _link_allowed(match[1]):
                found.append(Problem(shown, number, match.start(1) + 1, "", LINK.format(href=match[1])))
        for domain in dict.fromkeys(match[0].lower() for match in _PLACEHOLDER_DOMAIN.finditer(line)):
            column = line.lower().index(domain) + 1
            found.append(Problem(shown, number, column, "", PLACEHOLDER.format(domain=domain),
                                 Severity.WARNING))
    finder = _TagFinder(first_line, shown, tags, attributes)
    finder.feed(body)
    finder.close()
    return found + finder.found


def _link_allowed(href: str) -> bool:
    scheme = urlsplit(href.strip()).scheme.lower() if ":" in href else ""
    return not scheme or scheme in URL_SCHEMES


def _without_code(text: str) -> tuple[str, int | None]:
    """`text` with code blocks and code spans turned into spaces, so positions stay,
    and the index of the line that opens a code block never closed (or None)."""
    lines = text.split("\n")
    fence, opened = None, None
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence, opened = opening[1][0] * len(opening[1]), index
            lines[index] = " " * len(line)
        elif fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            lines[index] = " " * len(line)
        else:
            lines[index] = _CODE_SPAN.sub(lambda m: " " * len(m[0]), line.replace("\\<", "  "))
    return "\n".join(lines), (opened if fence is not None else None)


class _TagFinder(HTMLParser):
    def __init__(self, first_line: int, shown: str, tags: set[str], attributes: dict[str, set[str]]):
        super().__init__(convert_charrefs=True)
        self.first_line, self.shown = first_line, shown
        self.tags, self.attributes = tags, attributes
        self.found: list[Problem] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not _TAG_NAME.fullmatch(tag):  # an autolink, <https://…> or <nome@comune.it>: Markdown's own
            return
        line, offset = self.getpos()
        at = (self.shown, line + self.first_line - 1, offset + 1, "")
        if tag == "img":
            self.found.append(Problem(*at, IMAGE.format(src=dict(attrs).get("src") or "")))
        elif tag not in self.tags:
            self.found.append(Problem(*at, TAG.format(tag=tag)))
        else:
            refused = [name for name, _ in attrs if name not in self.attributes.get(tag, ())]
            if refused:
                self.found.append(Problem(*at, ATTRIBUTE.format(names=", ".join(f"'{n}'" for n in refused),
                                                                tag=tag)))
            href = dict(attrs).get("href")
            if href is not None and "href" not in refused and not _link_allowed(href):
                self.found.append(Problem(*at, LINK.format(href=href)))

    handle_startendtag = handle_starttag
