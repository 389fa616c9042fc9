"""Where a theme template went wrong: its file and line, for the build's one sentence.

A maintainer who broke a template while editing the theme got "errore inatteso
(UndefinedError: ...)" and a request to report it, with no file and no line.
Jinja knows both. A syntax error carries them. An error while a page renders has
the template's line in its traceback, because Jinja raises from frames that
carry the template's file and line. A page rendered in a forked worker comes
back with the worker's traceback as text (concurrent.futures'
`_RemoteTraceback`, the exception's cause), so the line is read from that text
as well.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

_TEMPLATE_SUFFIXES = (".html", ".xml")
# A template's frame in a traceback printed as text (a worker's).
_TEMPLATE_FRAME = re.compile(r'File "([^"]+\.(?:html|xml))", line (\d+)')


def template_fault(exc: BaseException | None) -> str | None:
    """"errore nel modello FILE, riga N: what Jinja said" for a template error in
    `exc` or in what caused it; else None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, TemplateSyntaxError):
            return f"errore nel modello {_where(exc.filename or exc.name, exc.lineno)}: {exc.message}"
        if isinstance(exc, TemplateError):
            frames = [(frame.filename, frame.lineno) for frame in traceback.extract_tb(exc.__traceback__)
                      if frame.filename.endswith(_TEMPLATE_SUFFIXES)]
            if exc.__cause__ is not None:  # rendered in a worker: its traceback, as text
                frames += [(m.group(1), int(m.group(2))) for m in _TEMPLATE_FRAME.finditer(str(exc.__cause__))]
            if frames:
                return f"errore nel modello {_where(*frames[-1])}: {exc.message or exc}"
            return f"errore in un modello del tema: {exc.message or exc}"
        exc = exc.__cause__ or exc.__context__
    return None


def _where(filename: str | None, lineno: int | None) -> str:
    if not filename:
        return "(senza nome)"
    path = Path(filename)
    try:
        shown = path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:  # outside the folder the build runs in: the whole path
        shown = str(path)
    return f"{shown}, riga {lineno}" if lineno else shown
