"""Where drafts go: their own folder, never data/interventi/.

The validator reads every file in data/interventi/ as a published record (and
refuses any that is not .yaml), so drafts live in a separate folder, `bozze/` by
default. A record a maintainer edited is never touched; a draft already in the
folder (which a maintainer may have started to edit) is only replaced on request.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..dataset import RECORDS_DIR

WRITTEN = "scritta"
REPLACED = "sostituita"
KEPT = "non sostituita"


@dataclass(frozen=True)
class WriteResult:
    path: Path
    status: str  # WRITTEN, REPLACED or KEPT


def folder_problem(drafts_dir: Path, data_dir: Path) -> str | None:
    """Why `drafts_dir` cannot hold drafts, or None."""
    drafts, data = drafts_dir.resolve(), data_dir.resolve()
    if drafts == data or data in drafts.parents:
        return (
            f"la cartella delle bozze ({drafts_dir}) è dentro la cartella dei dati ({data_dir}): "
            "il validatore leggerebbe le bozze come schede pubblicate; sceglierne un'altra con --bozze"
        )
    if drafts.exists() and not drafts.is_dir():
        return f"{drafts_dir} esiste ma non è una cartella"
    return None


def existing_record(data_dir: Path, slug: str) -> Path | None:
    path = data_dir / RECORDS_DIR / f"{slug}.yaml"
    return path if path.is_file() else None


def write_draft(text: str, slug: str, drafts_dir: Path, overwrite: bool) -> WriteResult:
    drafts_dir.mkdir(parents=True, exist_ok=True)
    path = drafts_dir / f"{slug}.yaml"
    if not overwrite:
        try:
            # Exclusive creation: a draft that appears meanwhile is not clobbered either.
            with open(path, "x", encoding="utf-8", newline="\n") as out:
                out.write(text)
        except FileExistsError:
            return WriteResult(path, KEPT)
        return WriteResult(path, WRITTEN)
    existed = path.exists()
    # Write aside, then rename: an interrupted run never leaves half a draft.
    fd, tmp = tempfile.mkstemp(dir=drafts_dir, prefix=f".{slug}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return WriteResult(path, REPLACED if existed else WRITTEN)
