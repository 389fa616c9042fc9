"""Records already validated, kept between builds so that an edit re-reads one file.

A rebuild after a maintainer's edit should take a second even with 10,000
records: reading and validating every file again costs several seconds. The
cache remembers, for each record file, its size and modification time, the
reference tables it was checked against, and what the validation produced;
a file whose key is unchanged is not read again. Cross-record checks always run
again (they are cheap and depend on every record).

The cache lives in a pickle under `.build-cache/` (never published, gitignored):
it only ever holds what this code produced from the project's own files. Each
record's result is pickled on its own and kept as bytes: a rebuild after one
edit unpickles every record but pickles only the one that changed. Pickling the
10,000 results at once took 0.39 s of each such rebuild; writing the bytes that
were read, 0.04 s.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Bump when the model or the checks change what a record's validation produces.
FORMAT = 2


@dataclass
class RecordCache:
    path: Path | None = None
    # name -> (key, the validation's result pickled alone), as read from disk or last saved
    stored: dict[str, tuple[tuple, bytes]] = field(default_factory=dict)
    # name -> (key, result) for the results unpickled or added since
    entries: dict[str, tuple[tuple, Any]] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0
    changed: set[str] = field(default_factory=set)  # names read again this time, or removed

    @classmethod
    def open(cls, path: Path | str) -> "RecordCache":
        path = Path(path)
        try:
            with path.open("rb") as stream:
                stored_format, code_key, stored = pickle.load(stream)
            if stored_format == FORMAT and code_key == _code_key() and isinstance(stored, dict):
                return cls(path, stored)
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
        saved = self.stored.get(name)
        if saved is not None and saved[0] == key:
            try:
                value = pickle.loads(saved[1])
            except Exception:  # a damaged entry: the file is read again, as if never cached
                value = None
            if value is not None:
                self.entries[name] = (key, value)
                self.hits += 1
                return value
        self.misses += 1
        return None

    def put(self, name: str, key: tuple, value: Any) -> None:
        self.entries[name] = (key, value)
        self.stored.pop(name, None)  # pickled again when saved
        self.changed.add(name)

    def keep_only(self, names: set[str]) -> None:
        for table in (self.entries, self.stored):
            for name in list(table):
                if name not in names:
                    del table[name]
                    self.changed.add(name)

    def release_pickled(self) -> None:
        """Forget the bytes of the results held unpickled (pickled again by `save`).

        For a process that stays up and saves once, when it ends: it would hold
        every record twice (30 MB more at 10,000 records) to save 0.4 s at its end.
        """
        for name in self.entries:
            self.stored.pop(name, None)

    def save(self) -> None:
        if self.path is None:
            return
        for name, (key, value) in self.entries.items():
            saved = self.stored.get(name)
            if saved is None or saved[0] != key:
                self.stored[name] = (key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        try:
            with temporary.open("wb") as stream:
                pickle.dump((FORMAT, _code_key(), self.stored), stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except BaseException:
            temporary.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
            raise


def reference_key(*files: Path) -> str:
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes() if file.exists() else b"-")
    return digest.hexdigest()


# The modules whose code decides what a record's validation gives (a test keeps
# this in step with what ponmetro.dataset imports); formatting writes the dates of
# two warnings and markdown_checks the description's, both imported only when due.
VALIDATION_MODULES = ("model.py", "checks.py", "strict_yaml.py", "amounts.py", "dates.py", "codes.py",
                      "validation_messages.py", "dataset.py", "problems.py", "reference.py", "lookalikes.py",
                      "formatting.py", "markdown_checks.py", "markdown_text.py")


def _code_key() -> str:
    """The validation code itself: a change to the model or checks empties the cache."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in VALIDATION_MODULES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()
