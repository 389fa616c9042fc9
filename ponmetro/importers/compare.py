"""Field-by-field differences between a draft and the record already published.

A maintainer merges a draft into an existing record by hand, so the importer lists
what differs, one field per line. Values are compared by meaning, not spelling:
`€ 0,00` equals `0.00`, `01-07-2017` equals `2017-07-01`, and a text wrapped on
other lines (or a Markdown paragraph reflowed) is the same text. `aggiornato_il`
is left out: a draft always carries the day of its import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .. import amounts, dates
from .draft import RECORD_FIELDS

IGNORED = {"aggiornato_il"}
EXCERPT = 70


@dataclass(frozen=True)
class Difference:
    field: str
    draft: str | None  # None: the field is not in the draft
    existing: str | None  # None: the field is not in the existing record

    def describe(self) -> str:
        if self.existing is None:
            return f"{self.field}: solo nella bozza («{_short(self.draft)}»)"
        if self.draft is None:
            return f"{self.field}: solo nella scheda esistente («{_short(self.existing)}»)"
        draft, existing = _excerpts(self.draft, self.existing)
        return f"{self.field}: bozza «{draft}», scheda esistente «{existing}»"


def differences(draft: dict[str, Any], existing: dict[str, Any]) -> list[Difference]:
    found: list[Difference] = []
    for name in _ordered_keys(list(draft) + [k for k in existing if k not in draft]):
        if name in IGNORED:
            continue
        a, b = draft.get(name), existing.get(name)
        if isinstance(a, list) or isinstance(b, list):
            found.extend(_list_differences(name, a or [], b or []))
            continue
        flat_a, flat_b = _flatten(a, name), _flatten(b, name)
        for key in _ordered_keys(list(flat_a) + [k for k in flat_b if k not in flat_a]):
            x, y = flat_a.get(key), flat_b.get(key)
            if x is None or y is None or _comparable(key, x) != _comparable(key, y):
                found.append(Difference(key, x, y))
    return found


def _list_differences(name: str, draft: list, existing: list) -> list[Difference]:
    """Items of one side that the other lacks; order does not count (notes, sources)."""
    if not isinstance(draft, list) or not isinstance(existing, list):
        return [Difference(name, _shown(draft), _shown(existing))]
    if not draft and not existing:
        return []
    keys_a = [_item_key(name, item) for item in draft]
    keys_b = [_item_key(name, item) for item in existing]
    only_a = _unmatched(keys_a, keys_b)
    only_b = _unmatched(keys_b, keys_a)
    found = []
    for index in sorted(set(only_a) | set(only_b)):
        # The same position changed on both sides reads best as one changed item.
        a = _shown(draft[index]) if index in only_a else None
        b = _shown(existing[index]) if index in only_b else None
        found.append(Difference(f"{name}[{index}]", a, b))
    return found


def _unmatched(keys: list, others: list) -> list[int]:
    """Positions of `keys` with no equal item left in `others` (a multiset difference)."""
    pool = list(others)
    missing = []
    for index, key in enumerate(keys):
        if key in pool:
            pool.remove(key)
        else:
            missing.append(index)
    return missing


def _item_key(name: str, item: Any) -> Any:
    flat = _flatten(item, name)
    return tuple(sorted((key.rsplit(".", 1)[-1], _comparable(key, value)) for key, value in flat.items()))


def _shown(item: Any) -> str:
    if isinstance(item, dict):
        return " · ".join(str(v) for v in item.values() if v is not None)
    if isinstance(item, list):
        return f"elenco di {len(item)} voci"
    return "" if item is None else str(item)


def _flatten(value: Any, prefix: str) -> dict[str, str]:
    flat: dict[str, str] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            flat.update(_flatten(item, f"{prefix}.{key}"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            flat.update(_flatten(item, f"{prefix}[{index}]"))
    elif value is not None:
        flat[prefix] = str(value)
    return flat


def _ordered_keys(keys: list[str]) -> list[str]:
    rank = {name: i for i, name in enumerate(RECORD_FIELDS)}
    top = lambda key: re.split(r"[.\[]", key, maxsplit=1)[0]  # noqa: E731
    return sorted(dict.fromkeys(keys), key=lambda k: (rank.get(top(k), len(rank)), _natural(k)))


def _natural(key: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", key)]


def _comparable(key: str, text: str) -> Any:
    """A value that is equal for two spellings of the same thing."""
    leaf = key.rsplit(".", 1)[-1]
    try:
        if key.startswith("importi."):
            return amounts.parse_amount(text)
        if leaf in {"data_inizio", "data_fine"}:
            return dates.parse_date(text)
        if leaf == "consultata_il":
            return dates.parse_day(text)
    except (amounts.AmountError, dates.DateError):
        pass
    if leaf == "azione":
        text = re.sub(r"^azione\s+", "", text.strip(), flags=re.IGNORECASE)
    return _blocks(text)


def _blocks(text: str) -> tuple[str, ...]:
    """Paragraphs with their inner whitespace collapsed: line wrapping is not a change."""
    return tuple(" ".join(block.split()) for block in re.split(r"\n\s*\n", text.strip()) if block.strip())


def _short(text: str | None) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1] + "…"


def _excerpts(a: str, b: str) -> tuple[str, str]:
    """The two texts from a little before their first difference."""
    a, b = " ".join(a.split()), " ".join(b.split())
    if len(a) <= EXCERPT and len(b) <= EXCERPT:
        return a, b
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    start = max(0, start - 20)
    prefix = "…" if start else ""
    return prefix + _short(a[start:]), prefix + _short(b[start:])
