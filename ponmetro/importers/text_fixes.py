"""Known defects of copied sources, corrected and always reported.

Text copied from scanned or autocorrected pages carries typical slips: an `l`
read as `I` ("I'attivazione", "Io sviluppo"), `ll` read as `li` ("alia"), Italian
words replaced by an English spell-checker ("fragility", "opportunity", "un
sistema innovative"). Word exports carry revision balloons ("Formattato: ...") and
web editors leave HTML fragments (`<ul style=...>`). Each function returns the
fixed text and the list of what it changed, so that the importer can tell the
maintainer which line was touched; nothing is corrected silently.

The rules are deliberately narrow (a table of known words, patterns that cannot
occur in correct Italian) so that a correct text is never "fixed".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass(frozen=True)
class Fix:
    before: str
    after: str
    reason: str

    def describe(self) -> str:
        return f"«{self.before}» corretto in «{self.after}» ({self.reason})"


_OCR = "errore di riconoscimento del testo"
_SPELLCHECK = "parola sostituita da un correttore inglese"

# English words a spell-checker put in place of the Italian ones; Italian texts of
# the programme do not use them as loanwords (unlike "smart city" or "community",
# which are therefore not in the table).
_ENGLISH_FOR_ITALIAN = {
    "fragility": "fragilità",
    "opportunity": "opportunità",
    "vulnerability": "vulnerabilità",
    "accessibility": "accessibilità",
    "poverty": "povertà",
}

_LOWER = "a-zàèéìíòóù"
# "I'" + lower-case letter is never Italian: it is "l'" with the l read as I.
_I_APOSTROPHE = re.compile(rf"(?<![\w'])I'(?=[{_LOWER}])")
# "Io" (the pronoun) does not follow a lower-case word and precede another one:
# there it is the article "lo" with the l read as I.
_IO_ARTICLE = re.compile(rf"(?<=[{_LOWER},;] )Io(?= [{_LOWER}])")
# "alia" is Latin ("inter alia"); elsewhere it is "alla" with "ll" read as "li".
_ALIA = re.compile(r"(?<!\binter )\b([Aa])lia\b")
_ENGLISH = re.compile(r"\b(" + "|".join(_ENGLISH_FOR_ITALIAN) + r")\b", re.IGNORECASE)
# "un sistema innovative": an English "-ive" adjective after a masculine singular
# article and noun is "-ivo" (innovativo, inclusivo) replaced by a spell-checker.
_UN_NOUN_IVE = re.compile(rf"\b([Uu]no?) ([{_LOWER}]+) ([{_LOWER}]+)ive\b")
_TYPOGRAPHIC_APOSTROPHE = re.compile(r"(?<=\w)\u2019(?=\w)")


def fix_ocr(text: str) -> tuple[str, list[Fix]]:
    """Correct the known slips of copied text; return the text and what changed."""
    fixes: list[Fix] = []

    def i_apostrophe(m: re.Match) -> str:
        before = m.string[: m.start()].rstrip()
        after = "L'" if not before or before[-1] in ".!?" else "l'"
        word = re.match(r"[\w']*", m.string[m.start():]).group()
        fixes.append(Fix(word, after + word[2:], _OCR))
        return after

    def io_article(m: re.Match) -> str:
        following = re.match(r" (\S+)", m.string[m.end():])
        tail = f" {following.group(1)}" if following else ""
        fixes.append(Fix(f"Io{tail}", f"lo{tail}", _OCR))
        return "lo"

    def alia(m: re.Match) -> str:
        fixed = f"{m.group(1)}lla"
        fixes.append(Fix(m.group(), fixed, _OCR))
        return fixed

    def english(m: re.Match) -> str:
        word = m.group()
        fixed = _ENGLISH_FOR_ITALIAN[word.lower()]
        if word[0].isupper():
            fixed = fixed[0].upper() + fixed[1:]
        fixes.append(Fix(word, fixed, _SPELLCHECK))
        return fixed

    def un_noun_ive(m: re.Match) -> str:
        fixed = f"{m.group(1)} {m.group(2)} {m.group(3)}ivo"
        fixes.append(Fix(m.group(), fixed, _SPELLCHECK))
        return fixed

    text = _I_APOSTROPHE.sub(i_apostrophe, text)
    text = _IO_ARTICLE.sub(io_article, text)
    text = _ALIA.sub(alia, text)
    text = _ENGLISH.sub(english, text)
    text = _UN_NOUN_IVE.sub(un_noun_ive, text)
    return text, fixes


def plain_apostrophes(text: str) -> tuple[str, int]:
    """`d’innovazione` -> `d'innovazione`, as the records write it; returns the count.

    Only an apostrophe between two letters is replaced: a closing quotation mark
    (’ after a word, before a space) stays as it is.
    """
    return _TYPOGRAPHIC_APOSTROPHE.subn("'", text)


# Word's revision balloons, as an Italian Word exports them next to the text.
_REVISION_MARK = re.compile(
    r"^\s*(Formattato|Formattata|Formattati|Eliminato|Eliminata|Eliminati|Inserito|Inserita|"
    r"Commentato|Spostato|Spostata|Modificato|Tabella formattata|Campo modificato)\b[^:\n]{0,40}:"
)


def is_revision_mark(line: str) -> bool:
    return bool(_REVISION_MARK.match(line))


_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")


class _TextOnly(HTMLParser):
    """The text of an HTML fragment; the standard library's parser knows the syntax."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def strip_html(text: str) -> tuple[str, list[str]]:
    """Drop HTML tags from a copied value; return the text and the tags dropped."""
    tags = [m.group() for m in _TAG.finditer(text)]
    if not tags:
        return text, []
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    cleaned = re.sub(r"[ \t]{2,}", " ", "".join(parser.parts)).strip()
    return cleaned, tags


def one_line(text: str) -> str:
    """Whitespace (line breaks, tabs, no-break spaces) collapsed to single spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
