"""Records already validated, kept between builds so that an edit re-reads one file.

A rebuild after a maintainer's edit should take a second even with 10,000
records: reading and validating every file again costs several seconds. The
cache remembers, for each record file, its size and modification time, the
reference tables it was checked against, and what the validation produced;
a file whose key is unchanged is not read again. Cross-record checks always run
again (they are cheap and depend on every record).

The cache lives in a pickle under `.build-cache/` (never published, gitignored):
it only ever holds what this code produced from the project's own files.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Bump when the model or the checks change what a record's validation produces.
FORMAT = 1


@dataclass
class RecordCache:
    path: Path | None = None
    entries: dict[str, tuple[tuple, Any]] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0
    changed: set[str] = field(default_factory=set)  # names read again this time, or removed

    @classmethod
    def open(cls, path: Path | str) -> "RecordCache":
        path = Path(path)
        try:
            with path.open("rb") as stream:
                stored_format, code_key, entries = pickle.load(stream)
            if stored_format == FORMAT and code_key == _code_key():
                return cls(path, entries)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
            pass  # no cache, or one from another version: start afresh
        return cls(path)

    def reused(self) -> "RecordCache":
        """This cache, kept in memory, for the next build: its counts start again."""
        self.hits = self.misses = 0
        self.changed = set()
        return self

    @staticmethod
    def key(file: Path | str, reference_key: str) -> tuple:
        st = os.stat(file)
        return (st.st_mtime_ns, st.st_size, reference_key)

    def get(self, name: str, key: tuple) -> Any | None:
        found = self.entries.get(name)
        if found is not None and found[0] == key:
            self.hits += 1
            return found[1]
        self.misses += 1
        return None

    def put(self, name: str, key: tuple, value: Any) -> None:
        self.entries[name] = (key, value)
        self.changed.add(name)

    def keep_only(self, names: set[str]) -> None:
        for name in list(self.entries):
            if name not in names:
                del self.entries[name]
                self.changed.add(name)

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as stream:
            pickle.dump((FORMAT, _code_key(), self.entries), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)


def reference_key(*files: Path) -> str:
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes() if file.exists() else b"-")
    return digest.hexdigest()


def _code_key() -> str:
    """The validation code itself: a change to the model or checks empties the cache."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in ("model.py", "checks.py", "strict_yaml.py", "amounts.py", "dates.py", "codes.py",
                 "validation_messages.py", "dataset.py", "problems.py", "reference.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()
