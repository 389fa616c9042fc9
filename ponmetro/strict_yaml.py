"""Strict YAML loading: plain text values, positions for every value, no surprises.

PyYAML's `safe_load` takes the last of two duplicate keys, reads `NO` as false and
`0021` as 17, turns dates into objects and expands alias bombs. This loader walks
the event stream of libyaml's C parser itself (so it keeps the C parser's speed)
and builds plain dicts, lists and strings:

- every scalar stays the text that was written; only an unquoted empty value,
  `~` or `null` becomes None (the model converts text to numbers and dates);
- duplicate keys, anchors, aliases, explicit tags, several documents, files
  over `MAX_BYTES` and nesting deeper than `MAX_DEPTH` are errors;
- the line and column of every key and value are kept, so a later check on
  `importi.erogato` can point at the line where it was written.

No exception escapes `load_file`/`load_text` for any input: problems come back
as `Problem`s.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml's parser; PyYAML without it is slower but behaves the same
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.loader import SafeLoader as _Parser

from .problems import Problem, Severity

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 20
_NULLS = {"", "~", "null", "Null", "NULL"}

Loc = tuple  # a path into the document: ("importi", "erogato") or ("fonti", 0, "url")


@dataclass
class YamlDocument:
    """A loaded file: its data and where each piece of it was written."""

    path: str
    data: Any = None
    value_at: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_at: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

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


def load_file(path: Path | str, display: str | None = None) -> YamlDocument:
    """Read and parse one file; never raises for bad content."""
    display = display or str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        doc = YamlDocument(display)
        doc.problems.append(Problem(display, 1, 1, "", f"impossibile leggere il file: {exc.strerror}"))
        return doc
    return load_bytes(raw, display)


def load_bytes(raw: bytes, display: str) -> YamlDocument:
    doc = YamlDocument(display)
    if len(raw) > MAX_BYTES:
        doc.problems.append(Problem(
            display, 1, 1, "",
            f"file troppo grande ({len(raw):,} byte; il massimo è {MAX_BYTES:,}): "
            "un intervento non ha bisogno di tanto testo".replace(",", "."),
        ))
        return doc
    text = _decode(raw, doc)
    if text is None:
        return doc
    return load_text(text, display, doc)


def _decode(raw: bytes, doc: YamlDocument) -> str | None:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        doc.problems.append(Problem(doc.path, 1, 1, "", "il file è in UTF-16/UTF-32: salvarlo in UTF-8"))
        return None
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        doc.problems.append(Problem(doc.path, line, 1, "", "il file contiene byte nulli: non è un file di testo YAML"))
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
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
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


def load_text(text: str, display: str, doc: YamlDocument | None = None) -> YamlDocument:
    doc = doc or YamlDocument(display)
    bad = _first_control_char(text)
    if bad is not None:
        line, column, char = bad
        doc.problems.append(Problem(
            display, line, column, "",
            f"carattere di controllo U+{ord(char):04X} non ammesso: il file sembra binario o danneggiato",
        ))
        return doc
    try:
        builder = _Builder(doc, _Parser(text))
        builder.run()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        doc.data = None
        doc.problems.append(Problem(display, line, column, "", _translate_yaml_error(exc, text, mark)))
    except yaml.YAMLError as exc:  # reader errors carry no mark of the marked kind
        doc.data = None
        doc.problems.append(Problem(display, 1, 1, "", f"YAML non valido: {exc}"))
    except _Stop:
        doc.data = None
    return doc


_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _first_control_char(text: str):
    match = _CONTROL.search(text)
    if not match:
        return None
    before = text[: match.start()]
    line = before.count("\n") + 1
    column = match.start() - (before.rfind("\n") + 1) + 1
    return line, column, match.group()


class _Stop(Exception):
    """A structural problem after which the rest of the file cannot be trusted."""


class _Builder:
    """Turns the parser's events into plain data, recording positions."""

    def __init__(self, doc: YamlDocument, parser):
        self.doc = doc
        self.parser = parser

    def _event(self):
        return self.parser.get_event()

    def _stop(self, event, message: str):
        mark = event.start_mark
        self.doc.problems.append(Problem(self.doc.path, mark.line + 1, mark.column + 1, "", message))
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
            self._stop(event, f"ancora YAML '&{event.anchor}' non ammessa: ripetere il valore per esteso")
        tag = getattr(event, "tag", None)
        if tag and tag != "!":
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self._stop(event, f"tag YAML '{shown}' non ammesso: scrivere il valore senza tag")

    def _node(self, event, loc: Loc, depth: int):
        if depth > MAX_DEPTH:
            self._stop(event, f"annidamento troppo profondo (oltre {MAX_DEPTH} livelli)")
        if isinstance(event, yaml.AliasEvent):
            self._stop(event, f"alias YAML '*{event.anchor}' non ammesso: ripetere il valore per esteso")
        self._check_node(event, loc)
        mark = event.start_mark
        self.doc.value_at[loc] = (mark.line + 1, mark.column + 1)
        if isinstance(event, yaml.ScalarEvent):
            if not event.style and event.value in _NULLS:
                return None
            return event.value
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while True:
                child = self._event()
                if isinstance(child, yaml.SequenceEndEvent):
                    return items
                items.append(self._node(child, loc + (len(items),), depth + 1))
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict[str, Any] = {}
            while True:
                key_event = self._event()
                if isinstance(key_event, yaml.MappingEndEvent):
                    return mapping
                key = self._key(key_event, loc)
                key_mark = key_event.start_mark
                key_pos = (key_mark.line + 1, key_mark.column + 1)
                child_loc = loc + (key,)
                if key in mapping:
                    first = self.doc.key_at[child_loc]
                    self.doc.problems.append(Problem(
                        self.doc.path, key_pos[0], key_pos[1], format_loc(child_loc),
                        f"chiave duplicata (già scritta alla riga {first[0]}): "
                        "tenerne una sola, YAML userebbe l'ultima in silenzio",
                    ))
                    # Parse the duplicate's value to keep reading, then drop it.
                    self._node(self._event(), loc + (f"{key} (duplicato)",), depth + 1)
                    continue
                self.doc.key_at[child_loc] = key_pos
                mapping[key] = self._node(self._event(), child_loc, depth + 1)
        self._stop(event, "struttura YAML inattesa")  # pragma: no cover - libyaml emits no other node

    def _key(self, event, loc: Loc) -> str:
        if isinstance(event, yaml.AliasEvent):
            self._stop(event, f"alias YAML '*{event.anchor}' non ammesso: ripetere il valore per esteso")
        self._check_node(event, loc)
        if not isinstance(event, yaml.ScalarEvent):
            self._stop(event, "una chiave deve essere un testo semplice, non un elenco o una mappa")
        if event.value == "<<" and not event.style:
            self._stop(event, "la chiave di fusione '<<' non è ammessa: scrivere i campi per esteso")
        return event.value


_TRANSLATIONS = [
    ("mapping values are not allowed",
     "':' non ammesso qui: se il valore contiene ': ' va racchiuso tra virgolette"),
    ("could not find expected ':'", "manca ':' dopo la chiave, o l'indentazione non è coerente"),
    ("found character '\\t' that cannot start any token",
     "tabulazione non ammessa: indentare con spazi"),
    ("found a tab character", "tabulazione non ammessa: indentare con spazi"),
    ("found unexpected end of stream", "virgolette o parentesi aperte e mai chiuse"),
    ("did not find expected key", "indentazione non coerente: le chiavi allo stesso livello vanno allineate"),
    ("did not find expected '-' indicator", "indentazione non coerente in un elenco"),
    ("did not find expected node content", "valore mancante o carattere non ammesso"),
    ("found undefined tag handle", "tag YAML non ammesso"),
    ("found unknown escape character", "sequenza di escape non valida tra virgolette doppie"),
    ("did not find expected ',' or ']'", "elenco tra [ ] non chiuso correttamente"),
    ("did not find expected ',' or '}'", "mappa tra { } non chiusa correttamente"),
    ("found character that cannot start any token",
     "carattere non ammesso all'inizio di un valore: racchiudere il valore tra virgolette"),
    ("control characters are not allowed", "carattere di controllo non ammesso"),
    ("expected <block end>", "indentazione non coerente"),
    ("found unexpected ':'", "':' inatteso: racchiudere il valore tra virgolette"),
]


def _translate_yaml_error(exc: yaml.MarkedYAMLError, text: str, mark) -> str:
    problem = exc.problem or ""
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return "YAML non valido: tabulazione non ammessa: indentare con spazi"
    for english, italian in _TRANSLATIONS:
        if english in problem:
            return f"YAML non valido: {italian}"
    return f"YAML non valido: {problem or exc}"
