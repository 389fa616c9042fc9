"""What a process that builds again and again (`invoke livereload`) keeps in memory.

An incremental build reads its caches from `.build-cache/` when it starts (the
validated records, the export rows) and writes them back when it ends: 1.5 s of
a rebuild at 10,000 records. A long-running process keeps them in memory
instead and writes them once, when it exits. It also keeps, in memory only,
what its last site model made for each project and each group of records
(`ponmetro.project_memo`, `ponmetro.group_memo`) and the macros' output (`macro_memo`).

An entry is taken out when a build starts and put back only when the build
succeeds: a failed build may have cached a record that the next build must
still treat as changed, so the next one starts again from the files on disk.
"""

from __future__ import annotations

import atexit
from pathlib import Path
from typing import Any, Callable

_kept: dict[Path, Any] = {}
_savers: dict[Path, Callable[[Any], None]] = {}  # of what changed since it was last on disk


def take(path: Path) -> Any | None:
    """What the last successful build kept for `path` (its cache file), taken out; or None."""
    return _kept.pop(path, None)


def keep(path: Path, value: Any, save: Callable[[Any], None] | None = None, changed: bool = False) -> None:
    """Keep `value` for the next build; if it `changed`, `save(value)` writes it at exit.

    Without `save` the value lives in memory only (the site model's pages, which
    are quick to make again and are never written to disk).

    Written in the order they were last kept, so that a cache which the others
    depend on (the records, whose `changed` tells what the rows must redo) is
    kept, and written, last.
    """
    _kept[path] = value
    if save is None:
        return
    if changed or path in _savers:
        if not _savers:
            atexit.register(save_all)
        _savers.pop(path, None)
        _savers[path] = save


def save_all() -> None:
    """Write what is kept and not yet on disk (at exit, or when a test asks)."""
    while _savers:
        path = next(iter(_savers))
        save = _savers.pop(path)
        if path in _kept:  # a build that failed took it out: the file on disk is the one to trust
            save(_kept[path])
