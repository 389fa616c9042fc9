"""The real data in data/: valid, its warnings listed, its JSON Schemas current and
accepting every shipped file as the strict loader reads it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from ponmetro.dataset import load_dataset
from ponmetro.schema import SCHEMAS, schema_text
from ponmetro.strict_yaml import load_file

from .support import BASE, BROKEN, REPO, run_ponmetro

DATA = REPO / "data"
SCHEMA_OF = {
    "assi.yaml": "assi.schema.json",
    "citta.yaml": "citta.schema.json",
    "totali-dichiarati.yaml": "totali-dichiarati.schema.json",
    "redirects.yaml": "redirects.schema.json",
}


def shipped_files() -> list[Path]:
    """The files `ponmetro validate` reads: the reference files and the records."""
    return [DATA / name for name in sorted(SCHEMA_OF)] + sorted((DATA / "interventi").glob("*.yaml"))


def schema_for(path: Path) -> str:
    return SCHEMA_OF.get(path.name, "intervento.schema.json")


def validator(name: str):
    schema = json.loads((DATA / "schema" / name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_shipped_data_validates_with_exit_0_and_lists_its_warnings():
    result = run_ponmetro("validate", cwd=REPO)
    assert result.returncode == 0, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    report = load_dataset(DATA, root=REPO).report
    assert report.errors == []
    lines = result.stdout.splitlines()
    assert lines[:-1] == [p.format() for p in report.warnings]  # the last line also counts redirects.yaml
    assert lines[-1] == (f"0 errori, {len(report.warnings)} "
                         f"{'avviso' if len(report.warnings) == 1 else 'avvisi'} "
                         f"in {len(shipped_files())} file controllati")
    # Known facts of the sources, kept visible: MI3.3.1.e has no CUP and ended with nothing paid.
    assert any(line.startswith("data/interventi/mi3-3-1-e.yaml:") and "avviso: cup:" in line for line in lines)
    assert any(line.startswith("data/interventi/mi3-3-1-e.yaml:") and "avviso: data_fine:" in line for line in lines)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_equals_the_generated_one(name):
    model, title = SCHEMAS[name]
    assert (DATA / "schema" / name).read_text(encoding="utf-8") == schema_text(model, title), (
        "run `.venv/bin/python -m ponmetro schema`")


def test_no_stray_schema_files():
    assert {p.name for p in (DATA / "schema").iterdir()} == set(SCHEMAS)


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: p.name)
def test_every_shipped_file_as_loaded_validates_against_its_json_schema(path):
    doc = load_file(path)
    assert doc.problems == []
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(schema_for(path)).iter_errors(doc.data)]
    assert errors == []


@pytest.mark.parametrize("path", sorted((BASE / "interventi").glob("*.yaml")), ids=lambda p: p.name)
def test_base_records_validate_against_the_schema_too(path):
    assert list(validator("intervento.schema.json").iter_errors(load_file(path).data)) == []


@pytest.mark.parametrize("name, keyword", [
    ("unknown-key.yaml", "additionalProperties"),
    ("missing-required.yaml", "required"),
    ("wrong-type-list.yaml", "type"),
    ("code-malformed.yaml", "pattern"),
    ("cup-malformed.yaml", "pattern"),
    ("multiline-title.yaml", "pattern"),
    ("axis-out-of-range.yaml", "pattern"),
])
def test_the_schema_is_not_vacuous_it_refuses_broken_records_too(name, keyword):
    errors = list(validator("intervento.schema.json").iter_errors(load_file(BROKEN / name).data))
    assert keyword in keywords(errors)


def keywords(errors) -> set[str]:
    """The failing keywords, including those inside anyOf (optional fields)."""
    found = set()
    for error in errors:
        found.add(error.validator)
        found |= keywords(error.context or [])
    return found


def test_invoke_validate_on_the_shipped_data_exits_0_and_lists_the_warnings():
    if not (REPO / "tasks.py").exists():
        pytest.skip("tasks.py (invoke) not in this checkout")
    pytest.importorskip("invoke")
    result = run_ponmetro(cwd=REPO, python_code="import sys; from invoke.main import program; "
                                                "sys.argv = ['invoke', 'validate']; program.run()")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    report = load_dataset(DATA, root=REPO).report
    for warning in report.warnings:
        assert warning.format() in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1].startswith(f"0 errori, {len(report.warnings)} avvisi in ")
