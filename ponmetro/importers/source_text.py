"""Opening a source file without ever raising: text in, or a clear reason why not.

Sources are copied by hand from web pages and Word documents, so a maintainer may
pass the wrong file: a folder, a PDF, an empty file, a file saved in Windows-1252.
Each case becomes one `non letto` notice that says what to do. The encoding is not
guessed: reading Windows-1252 bytes as something else would corrupt the accented
letters of every field without a word, so the file is refused with a hint instead.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from .notices import ImportLog

MAX_TEXT_BYTES = 5 * 1024 * 1024
SNIFF_BYTES = 64 * 1024

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def check_openable(path: Path, log: ImportLog) -> bool:
    """False (with the reason in `log`) if `path` is not a readable, non-empty file."""
    try:
        if not path.exists():
            log.unread(0, "", "file non trovato")
            return False
        if path.is_dir():
            log.unread(0, "", "è una cartella, non un file")
            return False
        size = path.stat().st_size
    except OSError as exc:
        log.unread(0, "", f"impossibile leggere il file: {exc.strerror or exc}")
        return False
    if size == 0:
        log.unread(0, "", "file vuoto")
        return False
    return True


def read_text_lines(path: Path, log: ImportLog) -> list[str] | None:
    """The lines of a small text file (without line ends), or None with the reason."""
    if not check_openable(path, log):
        return None
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            log.unread(0, "", f"file troppo grande per una pagina di testo ({size:,} byte)".replace(",", "."))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        log.unread(0, "", f"impossibile leggere il file: {exc.strerror or exc}")
        return None
    text = decode(raw, log)
    if text is None:
        return None
    if not text.strip():
        log.unread(0, "", "il file contiene solo spazi o righe vuote")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def decode(raw: bytes, log: ImportLog) -> str | None:
    """UTF-8 text (a BOM is allowed), or None with the line of the first bad byte."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            log.unread(0, "", "il file dichiara UTF-16 ma non lo è: salvarlo in UTF-8")
            return None
        log.guessed(0, "", "file in UTF-16 (riconosciuto dal BOM): letto come tale")
        return _refuse_binary(text, log)
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in raw[:SNIFF_BYTES]:
            log.unread(0, "", "il file sembra binario (contiene byte nulli), non un testo")
            return None
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        bad = raw[exc.start]
        hint = ""
        try:
            hint = f" (in Windows-1252 sarebbe «{bytes([bad]).decode('cp1252')}»)"
        except UnicodeDecodeError:
            pass
        log.unread(line, "", f"byte 0x{bad:02x} non valido in UTF-8{hint}: salvare il file in UTF-8")
        return None
    return _refuse_binary(text, log)


def _refuse_binary(text: str, log: ImportLog) -> str | None:
    match = _CONTROL.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        log.unread(
            line, "",
            f"carattere di controllo U+{ord(match.group()):04X}: il file sembra binario o danneggiato, non un testo",
        )
        return None
    return text
