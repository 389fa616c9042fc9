"""Drafts written as YAML in which every value stays the text it was.

PyYAML's emitter quotes any string that a YAML 1.1 reader would take for something
else (`NO` a boolean, `0021` a number, `09.2016` a float, `2021-09-30` a date), so
drafts read the same in the project's strict loader, in editors and in any other
YAML tool. Multi-line text (descriptions in Markdown) is written as a literal
block, which keeps its line breaks, and long lines as folded blocks. `dump_draft`
writes text as the core's strict loader reads it (`as_loaded`), then loads the
text back with that loader and refuses to return anything that does not read
back equal.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import yaml

from ..strict_yaml import INVISIBLE_CHAR, load_text

WIDTH = 88
FOLD_OVER = 72


class DraftYamlError(Exception):
    """The emitted YAML does not read back as the data it was made from."""


class _DraftDumper(yaml.SafeDumper):
    # The pure-Python dumper, not libyaml's: only it lets the indentation of list
    # items be chosen, and drafts are few and small.
    def increase_indent(self, flow: bool = False, indentless: bool = False):
        # List items indented under their key, as in the hand-written records.
        return super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, value: str):
    # Long single-line texts as folded blocks (">-"), as the hand-written records
    # have them: no quotes to escape, and the lines fold back into one on reading.
    if "\n" in value:
        style = "|"
    elif len(value) > FOLD_OVER:
        style = ">"
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_DraftDumper.add_representer(str, _represent_text)


def to_yaml(data: dict[str, Any]) -> str:
    _check_plain(data, ())
    return yaml.dump(
        data, Dumper=_DraftDumper, sort_keys=False, allow_unicode=True,
        default_flow_style=False, width=WIDTH, indent=2,
    )


def as_loaded(value: Any) -> Any:
    """`value` with its text as the strict loader reads it: in the composed form
    (NFC), and without the invisible characters it refuses (a soft hyphen or a
    zero-width space copied from a PDF), which carry nothing a reader sees."""
    if isinstance(value, dict):
        return {as_loaded(key): as_loaded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_loaded(item) for item in value]
    if isinstance(value, str):
        return unicodedata.normalize("NFC", INVISIBLE_CHAR.sub("", value))
    return value


def _check_plain(value: Any, where: tuple) -> None:
    # Numbers, dates or booleans would be written unquoted and read back as text
    # that may differ ("1190893.7" for a Decimal): drafts hold text only.
    if isinstance(value, dict):
        for key, item in value.items():
            _check_plain(item, where + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_plain(item, where + (index,))
    elif not isinstance(value, str):
        raise TypeError(f"draft value at {where} is {type(value).__name__}, not text")


def dump_draft(data: dict[str, Any], header: str, display: str) -> str:
    """YAML text of the draft with a comment header; verified by reading it back."""
    data = as_loaded(data)
    body = to_yaml(data)
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    text = comment + body
    doc = load_text(text, display)
    errors = [p for p in doc.problems if p.is_error]
    if errors:
        raise DraftYamlError("; ".join(p.format() for p in errors))
    if doc.data != data:
        raise DraftYamlError(f"{display}: the YAML does not read back as the draft's values")
    return text
