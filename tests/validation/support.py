"""Helpers shared by the tests of the data layer: a valid base dataset to copy,
in-process validation and the `python -m ponmetro` command as a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ponmetro.dataset import load_dataset
from ponmetro.problems import Problem, Report

HERE = Path(__file__).resolve().parent
BASE = HERE / "base"
BROKEN = HERE / "broken"
REPO = HERE.parents[1]

# The base dataset is valid; its only findings are these three warnings.
BASE_WARNINGS = {
    ("data/interventi/bo3-3-1-a.yaml", 2, 1, "cup"),
    ("data/interventi/bologna-accelerazione-civica.yaml", 2, 1, "cup"),
    ("data/interventi/bologna-poverta-abitativa.yaml", 2, 1, "cup"),
}


def copy_base(root: Path) -> Path:
    """A fresh copy of the base dataset as `root/data`; returns that folder."""
    data = root / "data"
    shutil.copytree(BASE, data)
    return data


def validate(data: Path) -> Report:
    """The report of `load_dataset`, with paths shown relative to `data`'s parent."""
    return load_dataset(data, root=data.parent).report


def where(problem: Problem) -> tuple:
    return (problem.path, problem.line, problem.column, problem.field)


def new_problems(report: Report) -> list[Problem]:
    """The problems of a run, without the base dataset's own three warnings."""
    return [p for p in report.sorted() if p.is_error or where(p) not in BASE_WARNINGS]


def run_ponmetro(*args: str, cwd: Path, env: dict | None = None,
                 python_code: str | None = None) -> subprocess.CompletedProcess:
    """`python -m ponmetro ...` as a maintainer runs it, from `cwd` (or, with
    `python_code`, that code in a fresh interpreter)."""
    environment = {k: v for k, v in os.environ.items() if k not in {"PONMETRO_DEBUG", "PYTHONIOENCODING"}}
    environment["PYTHONPATH"] = str(REPO) + os.pathsep + environment.get("PYTHONPATH", "")
    environment.update(env or {})
    command = ["-c", python_code] if python_code is not None else ["-m", "ponmetro", *args]
    return subprocess.run(
        [sys.executable, *command],
        cwd=cwd, env=environment, capture_output=True, text=True, timeout=120,
        errors="backslashreplace",
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a file (the test fails if it is not there once)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
