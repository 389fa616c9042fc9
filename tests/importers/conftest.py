"""Shared set-up for the importer tests: the real seeds, the real reference data,
and the command line run in-process with its output captured."""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from ponmetro.dataset import load_record, load_reference
from ponmetro.importers.cli import main
from ponmetro.problems import Report

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = "2026-11-22"  # the day the shipped records were last updated


@dataclass
class CliResult:
    status: int
    output: str

    @property
    def lines(self) -> list[str]:
        return self.output.splitlines()


def run_importer(*args: str | Path) -> CliResult:
    out = io.StringIO()
    status = main([str(a) for a in args], out=out)
    return CliResult(status, out.getvalue())


@pytest.fixture
def run():
    return run_importer


@pytest.fixture(scope="session")
def reference():
    report = Report()
    ref = load_reference(DATA, ROOT, report)
    assert report.ok, report.format()
    return ref


def load_draft(path: Path, reference):
    """A written draft read back with the core, exactly as the validator reads records."""
    item, problems = load_record(path, str(path), reference)
    errors = [p.format() for p in problems if p.is_error]
    assert item is not None and not errors, errors
    return item.record


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ (reference tables and records) that a test may change."""
    target = tmp_path / "data"
    target.mkdir()
    for name in ("assi.yaml", "citta.yaml", "totali-dichiarati.yaml"):
        if (DATA / name).exists():
            shutil.copy(DATA / name, target / name)
    shutil.copytree(DATA / "interventi", target / "interventi")
    return target
