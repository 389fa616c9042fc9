"""Strict YAML loading: plain text values, positions for every value, no surprises.

PyYAML's `safe_load` takes the last of two duplicate keys, reads `NO` as false and
`0021` as 17, turns dates into objects and expands alias bombs. This loader walks
the event stream of libyaml's C parser itself (so it keeps the C parser's speed)
and builds plain dicts, lists and strings:

- every scalar stays the text that was written (in Unicode's composed form,
  NFC); only an unquoted empty value, `~` or `null` becomes None (the model
  converts text to numbers and dates);
- duplicate keys, anchors, aliases, explicit tags, several documents, files
  over `MAX_BYTES` and nesting deeper than `MAX_DEPTH` are errors;
- the line and column of every key and value are kept, so a later check on
  `importi.erogato` can point at the line where it was written;
- after a problem that leaves the data intact (a duplicate key, an anchor, a tag)
  reading goes on, so that one run reports every problem of the file;
  `YamlDocument.complete` says whether `data` is the whole file as written.

No exception escapes `load_file`, `load_bytes` or `load_text` for any input:
problems come back as `Problem`s.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

try:  # libyaml's parser; PyYAML without it is slower but behaves the same
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.loader import SafeLoader as _Parser

from .problems import Problem, Severity

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 20
# A file of junk could yield one problem per character; past this many the rest of
# the file is not worth reading.
MAX_PROBLEMS = 50
_NULLS = {"", "~", "null", "Null", "NULL"}
_Scalar, _MappingEnd = yaml.ScalarEvent, yaml.MappingEndEvent

Loc = tuple  # a path into the document: ("importi", "erogato") or ("fonti", 0, "url")


@dataclass
class YamlDocument:
    """A loaded file: its data and where each piece of it was written."""

    path: str
    data: Any = None
    value_at: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_at: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # False when some value could not be read as written (an alias, a complex key,
    # a parse error): the data must then not be validated as if it were the file.
    complete: bool = True

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of `loc`, or of its closest known parent."""
        loc = tuple(loc)
        while True:
            table = (self.key_at, self.value_at) if key else (self.value_at, self.key_at)
            for positions in table:
                if loc in positions:
                    return positions[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]

    def problem(self, loc: Loc, message: str, *, key: bool = False, **kw) -> Problem:
        line, column = self.position(loc, key=key)
        return Problem(self.path, line, column, format_loc(loc), message, **kw)


def format_loc(loc: Loc) -> str:
    """("fonti", 0, "url") -> "fonti[0].url"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


_OS_ERRORS = {
    errno.ENOENT: "il file non esiste (o è un collegamento a un file che non esiste)",
    errno.EACCES: "permesso di lettura negato",
    errno.EPERM: "permesso di lettura negato",
    errno.EISDIR: "è una cartella, non un file",
    # O_NOFOLLOW: any symbolic link, whether it leads somewhere, nowhere or round in a circle.
    errno.ELOOP: ("è un collegamento simbolico, che non viene seguito: un collegamento può portare a file "
                  "fuori dal progetto; mettere qui il file vero e proprio"),
    errno.ENAMETOOLONG: "nome del file troppo lungo",
}


def load_file(path: Path | str, display: str | None = None) -> YamlDocument:
    """Read and parse one file; never raises for bad content."""
    display = display or str(path)
    raw, size, problem = read_file(path, display)
    if problem is not None:
        doc = YamlDocument(display, complete=False)
        doc.problems.append(problem)
        return doc
    return load_bytes(raw, display, size=size)


def read_file(path: Path | str, display: str) -> tuple[bytes, int, Problem | None]:
    """The bytes of a file (at most MAX_BYTES + 1) and its size, or why it cannot be
    read, in Italian: for the records, and for the site's other text files."""
    try:
        raw, size = _read_regular_file(path)
    except _NotRegular:
        # A FIFO or a device would block or never end: refused unread.
        return b"", 0, Problem(display, 1, 1, "", "non è un file normale: impossibile leggerlo")
    except OSError as exc:
        reason = _OS_ERRORS.get(exc.errno, f"errore di sistema {exc.errno}")
        return b"", 0, Problem(display, 1, 1, "", f"impossibile leggere il file: {reason}")
    return raw, size, None


class _NotRegular(Exception):
    """The path is a folder, a FIFO, a device or a socket."""


def _read_regular_file(path: Path | str) -> tuple[bytes, int]:
    """At most MAX_BYTES + 1 bytes of a regular file, and the file's size.

    Four system calls (open, fstat, read, close) where `Path.open` and two checks
    took ten; each cost tens of microseconds on the build machines' disks, a
    fifth of the time to read a record. O_NONBLOCK lets a FIFO be opened without
    waiting for a writer, so that fstat can refuse it.
    """
    try:
        # O_NOFOLLOW: a symbolic link added by a pull request could point at any file
        # of the machine that builds the site (a CI run's secrets): its contents
        # would be published, or quoted in the error messages of the build's log.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOFOLLOW)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket cannot even be opened
            raise _NotRegular from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular
        chunks = []
        wanted = MAX_BYTES + 1  # one byte past the limit rather than the whole of a huge file
        size = info.st_size  # 0 for a file that does not say (procfs): read to its end
        while wanted > 0:
            # One byte more than fstat's size: a record comes in one read, which
            # also shows where it ends, and a file that grew since is read on.
            # Asking for the limit itself made os.read allocate 1 MB per record,
            # which the kernel mapped and unmapped each time.
            ask = min(wanted, size + 1) if size else wanted
            chunk = os.read(fd, ask)
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
            if size and len(chunk) < ask:
                break  # a regular file gives less than asked only at its end
            size = 0
        raw = b"".join(chunks)
    finally:
        os.close(fd)
    return raw, max(len(raw), info.st_size)


def load_bytes(raw: bytes, display: str, *, size: int | None = None) -> YamlDocument:
    doc = YamlDocument(display)
    size = max(len(raw), size or 0)
    if size > MAX_BYTES:
        doc.complete = False
        doc.problems.append(Problem(
            display, 1, 1, "",
            f"file troppo grande ({size:,} byte; il massimo è {MAX_BYTES:,}): "
            "un intervento non ha bisogno di tanto testo".replace(",", "."),
        ))
        return doc
    text = _decode(raw, doc)
    if text is None:
        doc.complete = False
        return doc
    return load_text(text, display, doc)


def encoding_problems(raw: bytes, display: str) -> list[Problem]:
    """Why `raw` cannot be read as UTF-8 text (with the line and column), as for a
    record: for the site's other text files (the news items and pages of content/)."""
    doc = YamlDocument(display)
    _decode(raw, doc)
    return [problem for problem in doc.problems if problem.is_error]


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without a BOM: ASCII text with a NUL byte after (or before) each character."""
    sample = raw[:200]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return even.count(0) > len(even) * 0.8 or odd.count(0) > len(odd) * 0.8


def _decode(raw: bytes, doc: YamlDocument) -> str | None:
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        doc.problems.append(Problem(doc.path, 1, 1, "", "il file è in UTF-32: salvarlo in UTF-8"))
        return None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (b"\x00" in raw and _looks_utf16(raw)):
        doc.problems.append(Problem(doc.path, 1, 1, "", "il file è in UTF-16: salvarlo in UTF-8"))
        return None
    if b"\x00" in raw:
        line, column = _byte_position(raw, raw.index(b"\x00"))
        doc.problems.append(Problem(
            doc.path, line, column, "", "il file contiene byte nulli: non è un file di testo YAML"
        ))
        return None
    if raw.startswith(codecs.BOM_UTF8):
        # Some web editors add a BOM; it is harmless, so it is removed, not refused.
        doc.problems.append(Problem(
            doc.path, 1, 1, "", "il file inizia con un BOM UTF-8 (ignorato): meglio salvarlo senza",
            severity=Severity.WARNING,
        ))
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(raw, exc.start)
        hint = ""
        try:
            sample = raw[exc.start: exc.start + 1].decode("cp1252")
            hint = f" (forse '{sample}' in Windows-1252/Latin-1)"
        except UnicodeDecodeError:
            pass
        doc.problems.append(Problem(
            doc.path, line, column, "",
            f"byte 0x{raw[exc.start]:02x} non valido in UTF-8{hint}: salvare il file in UTF-8",
        ))
        return None


def _byte_position(raw: bytes, index: int) -> tuple[int, int]:
    """Line and column (in characters, as an editor counts them) of byte `index`."""
    before = raw[:index]
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return before.count(b"\n") + 1, column


def load_text(text: str, display: str, doc: YamlDocument | None = None) -> YamlDocument:
    doc = doc or YamlDocument(display)
    if len(text) > MAX_BYTES:
        doc.complete = False
        doc.problems.append(Problem(
            display, 1, 1, "", f"file troppo grande (oltre {MAX_BYTES:,} caratteri)".replace(",", ".")
        ))
        return doc
    if text.startswith("\ufeff"):  # a BOM that reached us as text, not as bytes
        text = text[1:]
    # YAML counts a lone CR as a line break, editors and our own counts may not:
    # one kind of line end keeps every line number the same for all of them.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # An accented letter can be one character or a letter and an accent after it
    # (text pasted from a PDF, or typed on a Mac). Both look the same, but the
    # site's search, a spreadsheet's filter and a comparison of two titles tell
    # them apart: every key and value is read in the composed form (NFC).
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    bad = (_first_bad_char(text) or (_odd_space_in_structure(text) if _ODD_SPACE.search(text) else None)
           or _first_invisible_char(text))
    if bad is not None:
        line, column, message = bad
        doc.complete = False
        doc.problems.append(Problem(display, line, column, "", message))
        return doc
    try:
        builder = _Builder(doc, _Parser(text))
        builder.run()
        if _TIGHT_COMMENT.search(text):  # rare: only then is the file read a second time
            doc.problems.extend(_cut_by_comments(text, doc))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
            # "never closed" is found at the end of the file; the opening is what to fix.
            mark = exc.context_mark
        if exc.context_mark is not None and _NO_COLON in (exc.problem or "") and "simple key" in (exc.context or ""):
            # libyaml notices the missing ':' where the next line starts: the line
            # to fix is the one it was reading as a key.
            mark = exc.context_mark
        if mark is not None and "mapping values are not allowed" in (exc.problem or ""):
            mark = _glued_key_above(text, mark) or mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        _give_up(doc)
        doc.problems.append(Problem(display, line, column, "", _translate_yaml_error(exc, text, mark)))
    except yaml.YAMLError:  # reader errors: _first_bad_char should have caught them first
        _give_up(doc)
        doc.problems.append(Problem(display, 1, 1, "", "YAML non valido: il file contiene caratteri non ammessi"))
    except _Stop:
        _give_up(doc)
    return doc


def _give_up(doc: YamlDocument) -> None:
    doc.data = None
    doc.complete = False


# Characters that YAML refuses, or that it reads as line breaks where an editor
# does not (NEL, LINE/PARAGRAPH SEPARATOR): either way the line numbers of every
# later message would be wrong, so the file is refused with a precise position.
_BAD_CHAR = re.compile(
    "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
)
# Bidirectional embeddings, overrides and isolates make text display in another
# order than it is written ("Trojan Source", CVE-2021-42574): a title could read
# "100.000 euro" on screen and say otherwise in the data. Italian records never
# need them.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_SEPARATORS = {
    "\x85": "a capo NEL",
    "\u2028": "separatore di riga",
    "\u2029": "separatore di paragrafo",
}


# Characters that show nothing: copied from a web page or a PDF, one inside a
# code, a CUP or a city's name makes it another word that looks the same (the
# message would quote it and seem wrong), and a title of them alone is empty on
# screen. Italian records never need them.
_INVISIBLE = {
    "\u00ad": "trattino morbido",
    "\u200b": "spazio di larghezza zero",
    "\u200c": "separatore di larghezza zero",
    "\u200d": "congiuntore di larghezza zero",
    "\u2060": "congiuntore di parola",
    "\ufeff": "spazio di larghezza zero (BOM)",
}
INVISIBLE_CHAR = re.compile(f"[{''.join(_INVISIBLE)}]")
# What a double-quoted value may hide in its escapes ("\0", "\r", "\u2028",
# "\u202e", "\u200b"): the checks of the file's text never see those characters.
_ESCAPED_BAD_CHAR = re.compile(f"[\x00\r{_BAD_CHAR.pattern[1:-1]}{''.join(_INVISIBLE)}]")


def _first_bad_char(text: str):
    match = _BAD_CHAR.search(text)
    if not match:
        return None
    line, column = _line_and_column(text, match.start())
    char = match.group()
    if char in _BIDI_CONTROLS or char in _LINE_SEPARATORS:
        return line, column, _char_message(char)
    return line, column, f"carattere di controllo U+{ord(char):04X} non ammesso: il file sembra binario o danneggiato"


def _first_invisible_char(text: str):
    match = INVISIBLE_CHAR.search(text)
    if not match:
        return None
    return (*_line_and_column(text, match.start()), _char_message(match.group()))


def _line_and_column(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _char_message(char: str) -> str:
    """Why `char` is refused, naming it: the message cannot show it."""
    code = f"U+{ord(char):04X}"
    if char in _LINE_SEPARATORS:
        return (f"carattere {code} ({_LINE_SEPARATORS[char]}) non ammesso: sostituirlo con un a capo normale "
                "o con uno spazio")
    if char in _BIDI_CONTROLS:
        return (f"carattere di controllo bidirezionale {code} non ammesso: cambia il verso in cui il testo è "
                "mostrato (può far leggere una cosa diversa da quella scritta); toglierlo")
    if char in _INVISIBLE:
        return (f"carattere invisibile {code} ({_INVISIBLE[char]}) non ammesso: non si vede, ma cambia il testo "
                "(un codice, un CUP o una città non sarebbero più riconosciuti); toglierlo")
    return f"carattere di controllo {code} non ammesso: toglierlo"


def _escaped_char_message(char: str) -> str:
    return f"{_char_message(char)} (è scritto come sequenza di escape '\\...' nel testo tra virgolette)"


# Spaces that look like a space but that YAML reads as text (it separates and
# indents with U+0020 only). Copied from a web page or a PDF, one after "stato:"
# makes the whole line a value, or one in the indentation makes a key
# "\u00a0\u00a0programmato": libyaml then fails a line or more below, or the
# record gets a key nobody wrote. Their names as Italian typography calls them.
_ODD_SPACES = {
    "\u00a0": "spazio non separabile",
    "\u2007": "spazio per cifre",
    "\u202f": "spazio stretto non separabile",
    "\u3000": "spazio ideografico",
    "\u200b": "spazio di larghezza zero",
    **{chr(code): "spazio tipografico" for code in range(0x2000, 0x200B) if code != 0x2007},
}
_ODD_SPACE_CLASS = f"[{''.join(_ODD_SPACES)}]"
_ODD_SPACE = re.compile(_ODD_SPACE_CLASS)
# Where such a space breaks the structure: in the indentation, or right after
# the ':' of a key at the start of a line (a list's '- ' allowed before it).
_ODD_SPACE_IN_STRUCTURE = re.compile(
    rf"^(?P<indent> *-?){_ODD_SPACE_CLASS}|^(?P<key> *(?:- +)?[A-Za-z_]\w*:){_ODD_SPACE_CLASS}",
    re.MULTILINE,
)


def _odd_space_in_structure(text: str):
    """(line, column, message) of the first look-alike space that YAML would not read as one.

    Lines within a scalar that began on an earlier line (the text of a '>-'
    block, a quoted value over several lines) are text, where such a space is
    fine: yaml.scan tells them apart, and runs only for files with such a space.
    """
    inside: list[tuple[int, int]] = []
    try:
        for token in yaml.scan(text, Loader=yaml.CSafeLoader):
            # A block's end is at the start of the line after its text: not part of it.
            last = token.end_mark.line - (token.end_mark.column == 0)
            if isinstance(token, yaml.ScalarToken) and last > token.start_mark.line:
                inside.append((token.start_mark.line, last))
    except yaml.YAMLError:
        pass  # the tokens before the error are what there is
    for match in _ODD_SPACE_IN_STRUCTURE.finditer(text):
        line = text.count("\n", 0, match.start())
        if any(start < line <= end for start, end in inside):
            continue
        if match.group("indent") is not None:
            column = len(match.group("indent")) + 1
            where = "dopo il '-' dell'elenco" if match.group("indent").endswith("-") else "nel rientro della riga"
        else:
            column = len(match.group("key")) + 1
            where = "dopo '" + match.group("key").strip().lstrip("- ") + "'"
        char = text[match.start() + column - 1]
        return line + 1, column, (
            f"YAML non valido: {_ODD_SPACES[char]} (U+{ord(char):04X}) {where}: YAML non lo legge come "
            "uno spazio; sostituirlo con uno spazio normale (arriva copiando da una pagina web o da un PDF)"
        )
    return None


# Text, one space, then '#': YAML ends a plain value there and drops the rest of
# the line as a comment, so "Lotto #2" is read as "Lotto" without a word. A comment
# meant as one has two spaces before it (yamllint's convention, and the template
# that `invoke new` writes): that is left alone.
_TIGHT_COMMENT = re.compile(r"[^\s#] #")


def _cut_by_comments(text: str, doc: YamlDocument) -> list[Problem]:
    """A warning for each plain value that a comment one space after it cut short.

    Only the parser knows where a plain value ends (a '#' inside quotes or in a
    block of text is text), so the file's events are read again, which happens
    only for a file where the pattern occurs at all.
    """
    where = {position: loc for loc, position in doc.value_at.items()}
    found = []
    parser = _Parser(text)
    try:
        while True:
            event = parser.get_event()
            if isinstance(event, yaml.StreamEndEvent):
                return found
            if not isinstance(event, yaml.ScalarEvent) or event.style:  # quoted or a block: '#' is text
                continue
            end = event.end_mark
            if not text.startswith(" #", end.index):
                continue
            start = event.start_mark
            loc = where.get((start.line + 1, start.column + 1))
            if loc is None:  # a key, not a value
                continue
            rest = text[end.index + 1:].split("\n", 1)[0]
            found.append(Problem(
                doc.path, end.line + 1, end.column + 2, format_loc(loc),
                f"il valore si ferma a '{event.value[-30:]}': '{rest[:40]}' è letto come commento YAML e "
                "non ne fa parte. Se è parte del testo, racchiudere il valore tra virgolette; se è un "
                "commento, mettere due spazi prima di '#'",
                severity=Severity.WARNING,
            ))
    except yaml.YAMLError:  # pragma: no cover - the first reading already passed
        return found


class _Stop(Exception):
    """A structural problem after which the rest of the file cannot be trusted."""


class _Builder:
    """Turns the parser's events into plain data, recording positions.

    Problems that leave the text of every value intact (duplicate keys, anchors,
    tags) are reported and reading goes on; a value that cannot be read as written
    (an alias, a complex key) is reported, left out, and marks the document
    incomplete. Only a broken structure (too deep, several documents) stops it.
    """

    def __init__(self, doc: YamlDocument, parser):
        self.doc = doc
        self.parser = parser
        self._event = parser.get_event  # called once per YAML event: no wrapper in between

    def _report(self, event, message: str, loc: Loc = ()) -> None:
        mark = event.start_mark
        self.doc.problems.append(Problem(self.doc.path, mark.line + 1, mark.column + 1, format_loc(loc), message))
        if len(self.doc.problems) >= MAX_PROBLEMS:
            self.doc.problems.append(Problem(
                self.doc.path, mark.line + 1, mark.column + 1, "",
                f"troppi problemi (oltre {MAX_PROBLEMS}): il resto del file non è stato letto",
            ))
            raise _Stop

    def _check_escapes(self, event, value: str, loc: Loc) -> None:
        match = _ESCAPED_BAD_CHAR.search(value)
        if match:
            self._report(event, _escaped_char_message(match.group()), loc)

    def _stop(self, event, message: str):
        self._report(event, message)
        raise _Stop

    def run(self) -> None:
        event = self._event()  # StreamStart
        event = self._event()
        if isinstance(event, yaml.StreamEndEvent):
            self.doc.data = None
            return
        # DocumentStart
        root_event = self._event()
        self.doc.data = self._node(root_event, (), 0)
        self._event()  # DocumentEnd
        event = self._event()
        if not isinstance(event, yaml.StreamEndEvent):
            self._stop(event, "il file contiene più documenti YAML (separati da '---'): un file, un intervento")

    def _check_node(self, event, loc: Loc) -> None:
        if getattr(event, "anchor", None):
            self._report(event, f"ancora YAML '&{event.anchor}' non ammessa: ripetere il valore per esteso", loc)
        tag = getattr(event, "tag", None)
        if tag and tag != "!":
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self._report(event, f"tag YAML '{shown}' non ammesso: scrivere il valore senza tag", loc)

    def _node(self, event, loc: Loc, depth: int, *, keep: bool = True):
        """The value that starts with `event`; with keep=False it is read and dropped."""
        if depth > MAX_DEPTH:
            self._stop(event, f"annidamento troppo profondo (oltre {MAX_DEPTH} livelli)")
        if isinstance(event, yaml.AliasEvent):
            self._report(event, f"alias YAML '*{event.anchor}' non ammesso: ripetere il valore per esteso", loc)
            self.doc.complete = False
            return None
        self._check_node(event, loc)
        if keep:
            mark = event.start_mark
            self.doc.value_at[loc] = (mark.line + 1, mark.column + 1)
        if isinstance(event, yaml.ScalarEvent):
            if not event.style and event.value in _NULLS:
                return None
            if event.style == '"':
                self._check_escapes(event, event.value, loc)
            return event.value
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while True:
                child = self._event()
                if isinstance(child, yaml.SequenceEndEvent):
                    return items
                items.append(self._node(child, loc + (len(items),), depth + 1, keep=keep))
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(loc, depth, keep)
        self._stop(event, "struttura YAML inattesa")  # pragma: no cover - libyaml emits no other node

    def _mapping(self, loc: Loc, depth: int, keep: bool) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        key_at: dict[str, tuple[int, int]] = {}
        next_event = self._event
        doc_key_at, doc_value_at = self.doc.key_at, self.doc.value_at
        # Most keys and values are plain text with no anchor or tag: read here, in
        # line, what `_key` and `_node` would give for them (the calls made parsing
        # 9 to 11% slower); anything else takes the general way.
        plain_values = depth + 1 <= MAX_DEPTH
        while True:
            key_event = next_event()
            kind = type(key_event)
            if kind is _MappingEnd:
                return mapping
            if (kind is _Scalar and key_event.anchor is None and key_event.tag is None
                    and (key_event.style or key_event.value != "<<")):
                key = key_event.value
            else:
                key = self._key(key_event, loc, depth)
            key_mark = key_event.start_mark
            key_pos = (key_mark.line + 1, key_mark.column + 1)
            if key is not None and getattr(key_event, "style", None) == '"':
                self._check_escapes(key_event, key, loc + (key,))
            value_event = next_event()
            if key is None:  # refused key: read its value to go on, then drop both
                self._node(value_event, loc, depth + 1, keep=False)
                continue
            child_loc = loc + (key,)
            if key in mapping:
                # In an item of a list, the repeated key most often began the next
                # item, whose '- ' was lost.
                advice = (f"se inizia un nuovo elemento dell'elenco, scrivere '- {key}:' allineato ai '- ' "
                          "degli altri elementi; altrimenti tenerne una sola"
                          if loc and isinstance(loc[-1], int) else
                          "tenerne una sola, YAML userebbe l'ultima in silenzio")
                self._report(key_event, f"chiave duplicata (già scritta alla riga {key_at[key][0]}): {advice}",
                             child_loc)
                self._node(value_event, child_loc, depth + 1, keep=False)
                continue
            key_at[key] = key_pos
            if (plain_values and type(value_event) is _Scalar
                    and value_event.anchor is None and value_event.tag is None):
                if keep:
                    doc_key_at[child_loc] = key_pos
                    mark = value_event.start_mark
                    doc_value_at[child_loc] = (mark.line + 1, mark.column + 1)
                value = value_event.value
                if value_event.style == '"':
                    self._check_escapes(value_event, value, child_loc)
                mapping[key] = None if not value_event.style and value in _NULLS else value
                continue
            if keep:
                doc_key_at[child_loc] = key_pos
            mapping[key] = self._node(value_event, child_loc, depth + 1, keep=keep)

    def _key(self, event, loc: Loc, depth: int) -> str | None:
        """The key's text, or None (reported) for a key that is not plain text."""
        if isinstance(event, yaml.AliasEvent):
            self._report(event, f"alias YAML '*{event.anchor}' non ammesso come chiave: scrivere la chiave", loc)
            self.doc.complete = False
            return None
        if not isinstance(event, yaml.ScalarEvent):
            self._report(event, "una chiave deve essere un testo semplice, non un elenco o una mappa", loc)
            self._node(event, loc, depth + 1, keep=False)
            self.doc.complete = False
            return None
        self._check_node(event, loc)
        if event.value == "<<" and not event.style:
            self._report(event, "la chiave di fusione '<<' non è ammessa: scrivere i campi per esteso", loc)
            self.doc.complete = False
            return None
        return event.value


# The parser's messages (libyaml's and PyYAML's wording) in Italian, most specific
# first. Anything not listed still gets an Italian sentence (see _translate_yaml_error).
_TRANSLATIONS = [
    ("mapping values are not allowed",
     "':' non ammesso qui: se il valore contiene ': ' va racchiuso tra virgolette"),
    ("could not find expected ':'", "manca ':' dopo la chiave, o l'indentazione non è coerente"),
    ("found character '\\t' that cannot start any token",
     "tabulazione non ammessa: indentare con spazi"),
    ("found a tab character", "tabulazione non ammessa: indentare con spazi"),
    ("did not find expected key", "indentazione non coerente: le chiavi allo stesso livello vanno allineate"),
    ("did not find expected '-' indicator", "indentazione non coerente in un elenco"),
    ("did not find expected node content", "valore mancante o carattere non ammesso"),
    ("expected the node content", "valore mancante o carattere non ammesso"),
    ("found undefined tag handle", "tag YAML non ammesso"),
    ("found unknown escape character", "sequenza di escape non valida tra virgolette doppie: scrivere \\\\ per una barra"),
    ("found invalid Unicode character escape code", "sequenza di escape \\u non valida tra virgolette doppie"),
    ("did not find expected hexdecimal number", "sequenza di escape \\x o \\u non valida tra virgolette doppie"),
    ("expected escape sequence", "sequenza di escape \\x o \\u non valida tra virgolette doppie"),
    ("did not find expected ',' or ']'", "elenco tra [ ] non chiuso correttamente"),
    ("expected ',' or ']'", "elenco tra [ ] non chiuso correttamente"),
    ("did not find expected ',' or '}'", "mappa tra { } non chiusa correttamente"),
    ("expected ',' or '}'", "mappa tra { } non chiusa correttamente"),
    ("invalid indentation or unclosed", "indentazione non coerente, o parentesi [ { non chiusa"),
    ("found character that cannot start any token",
     "carattere non ammesso all'inizio di un valore: racchiudere il valore tra virgolette"),
    ("that cannot start any token",
     "carattere non ammesso all'inizio di un valore: racchiudere il valore tra virgolette"),
    ("control characters are not allowed", "carattere di controllo non ammesso"),
    ("special characters are not allowed", "carattere di controllo non ammesso"),
    ("expected <block end>", "indentazione non coerente"),
    ("found unexpected ':'", "':' inatteso: racchiudere il valore tra virgolette"),
    ("block sequence entries are not allowed",
     "'- ' non ammesso qui: un elenco va su righe proprie, indentate sotto la sua chiave"),
    ("sequence entries are not allowed",
     "'- ' non ammesso qui: un elenco va su righe proprie, indentate sotto la sua chiave"),
    ("mapping keys are not allowed", "'?' non ammesso qui: racchiudere il valore tra virgolette"),
    ("did not find expected comment or line break",
     "testo inatteso dopo il valore: racchiudere l'intero valore tra virgolette"),
    ("expected a comment or a line break",
     "testo inatteso dopo il valore: racchiudere l'intero valore tra virgolette"),
    ("did not find expected <document start>",
     "testo inatteso dopo la fine dei campi: forse una riga non indentata o un '---' di troppo"),
    ("expected '<document start>'",
     "testo inatteso dopo la fine dei campi: forse una riga non indentata o un '---' di troppo"),
    ("found unexpected document indicator", "'---' o '...' all'inizio di una riga dentro un valore: racchiudere il valore tra virgolette"),
    ("found unexpected document separator", "'---' o '...' all'inizio di una riga dentro un valore: racchiudere il valore tra virgolette"),
    ("indentation indicator", "indicatore di indentazione non valido dopo '|' o '>'"),
    ("chomping or indentation indicators", "dopo '|' o '>' sono ammessi solo '-', '+' o una cifra"),
    ("found unexpected end of stream", "virgolette o parentesi aperte e mai chiuse"),
    ("while scanning an anchor", "nome di ancora YAML non valido dopo '&': racchiudere il valore tra virgolette"),
    ("while scanning an alias", "nome di alias YAML non valido dopo '*': racchiudere il valore tra virgolette"),
    ("alphabetic or numeric character", "carattere inatteso dopo '&' o '*': racchiudere il valore tra virgolette"),
    ("found undefined alias", "alias YAML non ammesso"),
    ("found duplicate anchor", "ancora YAML non ammessa"),
    ("directive", "direttiva '%' non valida: racchiudere il valore tra virgolette se inizia con %"),
    ("found incompatible YAML document", "versione YAML non supportata: togliere la riga %YAML"),
    ("version number", "direttiva %YAML non valida: toglierla"),
    ("tag", "tag YAML non ammesso: racchiudere il valore tra virgolette se inizia con !"),
    ("URI", "tag YAML non ammesso: racchiudere il valore tra virgolette se inizia con !"),
    ("did not find expected whitespace", "manca uno spazio dopo un simbolo YAML (':', '-', '!', '&'…)"),
    ("expected ' '", "manca uno spazio dopo un simbolo YAML (':', '-', '!', '&'…)"),
    ("the expected '>'", "tag YAML non ammesso: racchiudere il valore tra virgolette se inizia con !"),
    ("UTF-8", "il file non è in UTF-8 valido"),
    ("UTF-16", "il file non è in UTF-8 valido"),
    ("Unicode", "carattere non valido"),
    ("input is too long", "file troppo grande"),
    ("expected a single document", "il file contiene più documenti YAML (separati da '---'): un file, un intervento"),
    ("while parsing a quoted scalar", "virgolette aperte e mai chiuse"),
    ("while scanning a quoted scalar", "virgolette aperte e mai chiuse"),
    ("while scanning a simple key", "manca ':' dopo la chiave, o l'indentazione non è coerente"),
    ("while parsing a block mapping", "indentazione non coerente: le chiavi allo stesso livello vanno allineate"),
    ("while parsing a block collection", "indentazione non coerente in un elenco"),
    ("while parsing a flow", "parentesi [ ] o { } non chiuse correttamente"),
    ("while scanning a block scalar", "testo a blocco dopo '|' o '>' non valido"),
]


def _translate_yaml_error(exc: yaml.MarkedYAMLError, text: str, mark) -> str:
    problem = exc.problem or ""
    context = exc.context or ""
    if mark is not None and _tab_near(text, mark.line, mark.column):
        return "YAML non valido: tabulazione non ammessa: indentare con spazi"
    if "end of stream" in problem and "quoted" in context:
        return "YAML non valido: virgolette aperte e mai chiuse"
    lines = text.split("\n")  # once: the helpers below look at many lines
    if _NO_COLON in problem and "simple key" in context and mark is not None:
        return _not_key_and_value(lines, mark.line)
    if "block sequence entries are not allowed" in problem and mark is not None:
        key = _KEY_THEN_DASH.fullmatch(_at(lines, mark.line))
        if key is not None:
            # "programmato: -", a table's way of saying "not given".
            return (f"YAML non valido: un '-' da solo dopo '{key.group(1)}:' è letto come l'inizio di un "
                    "elenco: se il dato manca, togliere il campo; se è un testo, racchiuderlo tra virgolette")
    if "mapping values are not allowed" in problem and mark is not None:
        if _GLUED_VALUE.fullmatch(_at(lines, mark.line).strip()):
            return _not_key_and_value(lines, mark.line)
        above = _deeper_than_the_value_above(lines, mark.line)
        if above is not None:
            return (f"YAML non valido: la riga {mark.line + 1} è rientrata più della riga {above + 1}, che ha "
                    "già un valore: allineare le due righe (una delle due ha il rientro sbagliato)")
    if "expected key" in problem and mark is not None:
        # libyaml says "expected key" for two different slips: tell them apart.
        line = _at(lines, mark.line)
        indentation = _indentation(line)
        if mark.column > indentation:
            quoted = _quoted_before(text, mark)
            if quoted is not None and quoted.start_mark.line < mark.line:
                opened = quoted.start_mark
                return ("YAML non valido: testo inatteso dopo un valore tra virgolette, aperte alla riga "
                        f"{opened.line + 1}, colonna {opened.column + 1}, e chiuse solo qui: "
                        "manca la virgoletta di chiusura?")
            if quoted is not None and text[quoted.end_mark.index:quoted.end_mark.index + 1].isalnum():
                # Text straight after the closing quote: the quote was part of the text.
                if quoted.style == "'":
                    return ("YAML non valido: un apostrofo dentro un valore tra apici singoli lo chiude: "
                            "scriverlo due volte ('L''intervento') o racchiudere il valore tra "
                            "virgolette doppie")
                return ("YAML non valido: una virgoletta dentro un valore tra virgolette lo chiude: "
                        "usare le virgolette basse « » nel testo, o racchiudere il valore tra apici singoli")
            return ("YAML non valido: testo inatteso dopo il valore: "
                    "racchiudere l'intero valore tra virgolette")
        if line.lstrip(" ").startswith("- "):
            undashed = _item_without_dash(lines, mark.line)
            if undashed is not None:
                return _missing_dash(lines, undashed)
            return ("YAML non valido: '- ' non ammesso qui: un elenco va su righe proprie, "
                    "indentate sotto la sua chiave")
    if "expected '-' indicator" in problem and mark is not None and _repeats_the_item_above(lines, mark.line):
        return _missing_dash(lines, mark.line)
    opened = ""
    if "flow" in context and exc.context_mark is not None and mark is not None \
            and exc.context_mark.line != mark.line:
        # libyaml finds an unclosed [ or { where the next line starts, or past the
        # file's end: where it was opened is what to look at.
        where = exc.context_mark
        opened = f" (parentesi aperta alla riga {where.line + 1}, colonna {where.column + 1})"
    for said in (problem, context):
        for english, italian in _TRANSLATIONS:
            if english in said:
                return f"YAML non valido: {italian}{opened}"
    # An unknown message is not shown in English: the position is what helps.
    return "YAML non valido: struttura non riconosciuta in questo punto (controllare indentazione, ':' e virgolette)"


def _quoted_before(text: str, mark):
    """The quoted value that ends just before `mark`, or None.

    A value whose closing quote is missing runs on to the next quote in the file,
    often many lines below, and libyaml reports the text after that one: the
    line to fix is where the value opened. A quote inside the value closes it
    early, with text straight after it. Only read after an error, so the file is
    scanned a second time only then.
    """
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.CSafeLoader):
            if token.end_mark.index > mark.index:
                break
            last = token
    except yaml.YAMLError:
        pass
    if isinstance(last, yaml.ScalarToken) and last.style in ('"', "'"):
        return last
    return None


_KEY_THEN_DASH = re.compile(r" *(?:- +)?([A-Za-z_]\w*): +- *(?:#.*)?")
_NO_COLON = "could not find expected ':'"
_GLUED_VALUE = re.compile(r"(?:- +)?([A-Za-z_]\w*):(\S.*)")
_EQUALS = re.compile(r"(?:- +)?([A-Za-z_]\w*) *= *(.*)")


def _not_key_and_value(lines: list[str], index: int) -> str:
    """Why line `index`, read as a key, has no ':' after it, and how to write it."""
    line = _at(lines, index).strip()
    if glued := _GLUED_VALUE.fullmatch(line):
        return (f"YAML non valido: manca lo spazio dopo ':' "
                f"(scrivere '{glued.group(1)}: {_shortened(glued.group(2))}')")
    if equals := _EQUALS.fullmatch(line):
        return (f"YAML non valido: '=' al posto di ':' "
                f"(scrivere '{equals.group(1)}: {_shortened(equals.group(2))}')")
    above = next(_written_above(lines, index), None)
    value_above = _KEY_AND_VALUE.match(lines[above]) if above is not None else None
    first_word = line.split(" ", 1)[0]
    if value_above is not None and _indentation(_at(lines, index)) <= len(value_above.group(1)):
        # "y 2" (a key without ':') or "con ritardo" (the rest of the value above):
        # only the maintainer knows which.
        return (f"YAML non valido: la riga non è nella forma 'chiave: valore': se '{_shortened(first_word, 30)}' "
                f"è un campo, manca ':' dopo di esso; se la riga continua il testo della riga {above + 1} "
                f"('{_key_of(lines[above].strip())}'), va rientrata di due spazi più di quella")
    return "YAML non valido: la riga non è nella forma 'chiave: valore' (manca ':' dopo la chiave?)"


def _glued_key_above(text: str, mark):
    """The start of the line above `mark` when it is `key:value` (no space), less indented.

    `titolo:"Lotto 2"` is a value to YAML, not a key: the keys indented under it
    are then refused, a line below the one to fix.
    """
    lines = text.split("\n")
    above = next(_written_above(lines, mark.line), None)
    if above is None or not _GLUED_VALUE.fullmatch(lines[above].strip()) \
            or _indentation(lines[above]) >= _indentation(_at(lines, mark.line)):
        return None
    start = sum(len(line) + 1 for line in lines[:above])
    return yaml.Mark("", start + _indentation(lines[above]), above, _indentation(lines[above]), None, None)


def _shortened(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


# `key: value` with a key as records write them: a line of text with ': ' in it
# (the rest of a long value) keeps the advice to quote the value.
_KEY_AND_VALUE = re.compile(r"( *)[A-Za-z_]\w*: +\S")
_KEY = re.compile(r" *([A-Za-z_]\w*):(?: |$)")


def _deeper_than_the_value_above(lines: list[str], line: int) -> int | None:
    """The line above `line` when it is `key: value` and `line`, a key, is indented more.

    YAML then reads `line` as more of the value above, and stops at its ':'. The
    usual cause is a line that lost its indentation (the first amount under
    `importi:`) or one that has too much.
    """
    here = _KEY_AND_VALUE.match(_at(lines, line))
    above = next(_written_above(lines, line), None)
    match = _KEY_AND_VALUE.match(lines[above]) if here and above is not None else None
    if match is None or len(match.group(1)) >= len(here.group(1)):
        return None
    return above


def _item_without_dash(lines: list[str], line: int) -> int | None:
    """The first line of an item above `line` (an item with its '- ') that has no '- '.

    Above the item that libyaml refuses, the lines back to their `key:` are more
    indented and start with a key, not '- ': the first of them began an item and
    lost its dash.
    """
    indentation = _indentation(_at(lines, line))
    first = None
    for above in _written_above(lines, line):
        if _indentation(lines[above]) <= indentation:
            # The same key as the item's, as the items of one list have.
            if first is not None and lines[above].rstrip().endswith(":") \
                    and _key_of(lines[first]) == _key_of(_at(lines, line).lstrip(" ")[2:]):
                return first
            return None
        first = above
    return None


def _repeats_the_item_above(lines: list[str], line: int) -> bool:
    """Whether `line` is a key at the column of the '- ' above it, one the item there has too.

    libyaml expects another '- ' at that column: a new item that lost its dash.
    """
    key = _key_of(_at(lines, line))
    indentation = _indentation(_at(lines, line))
    keys = set()
    for above in _written_above(lines, line):
        current = lines[above]
        if _indentation(current) < indentation:
            return False
        if current.lstrip(" ").startswith("- "):
            keys.add(_key_of(current.lstrip(" ")[2:]))
            return _indentation(current) == indentation and key is not None and key in keys
        keys.add(_key_of(current))
    return False


def _written_above(lines: list[str], line: int) -> Iterator[int]:
    """The lines above `line`, nearest first, leaving out blank lines and comments."""
    for above in range(min(line, len(lines)) - 1, -1, -1):
        stripped = lines[above].strip()
        if stripped and not stripped.startswith("#"):
            yield above


def _key_of(line: str) -> str | None:
    """The key that `line` starts with (`titolo` of `  titolo: ...` or `titolo:`), or None."""
    match = _KEY.match(line)
    return match.group(1) if match else None


def _missing_dash(lines: list[str], line: int) -> str:
    key = _key_of(lines[line])
    return (f"YAML non valido: alla riga {line + 1} manca '- ': se '{key}' inizia un nuovo elemento "
            f"dell'elenco, scrivere '- {key}:' allineato ai '- ' degli altri elementi")


def _indentation(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _at(lines: list[str], index: int) -> str:
    return lines[index] if 0 <= index < len(lines) else ""


def _tab_near(text: str, line: int, column: int) -> bool:
    """A tab at the error's position, or in the indentation of its line."""
    lines = text.split("\n")
    if not 0 <= line < len(lines):
        return False
    current = lines[line]
    indentation = current[: len(current) - len(current.lstrip(" \t"))]
    return "\t" in indentation or current[column: column + 1] == "\t"
