"""Helpers of the publishing tests: copies of the fixture data to change, builds
and publications into temporary folders, and the files they produced read back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ponmetro.site_tree import scan

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_DATA = ROOT / "tests" / "site" / "fixture_data"
PUBLISHCONF = ROOT / "publishconf.py"
PELICANCONF = ROOT / "pelicanconf.py"
PUBLIC_URL = "https://pon-metro-aperto.example/sito/"
# The publishing tests are about releases, not about the search index: without it
# a publication takes half the time. Its reproducibility has its own test.
NO_SEARCH = {"PONMETRO_SEARCH": False}


def copy_fixture(tmp_path: Path, name: str = "data") -> Path:
    target = tmp_path / name
    shutil.copytree(FIXTURE_DATA, target)
    return target


def rename_code(data: Path, old: str, new: str) -> None:
    """Correct a project code: the file, its `codice`, hence its address, change."""
    old_slug, new_slug = old.lower().replace(".", "-"), new.lower().replace(".", "-")
    source = data / "interventi" / f"{old_slug}.yaml"
    text = source.read_text(encoding="utf-8")
    assert f"codice: {old}\n" in text
    (data / "interventi" / f"{new_slug}.yaml").write_text(text.replace(f"codice: {old}\n", f"codice: {new}\n"),
                                                         encoding="utf-8")
    source.unlink()


def write_redirects(data: Path, text: str) -> Path:
    path = data / "redirects.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def redirect_entry(old: str, new: str, reason: str = "Codice corretto", day: str = "22-11-2026") -> str:
    return f"  - da: {old}\n    a: {new}\n    motivo: {reason}\n    dal: {day}\n"


def build_quietly(data: Path, output: Path, settings: Path = PUBLISHCONF, **overrides):
    from ponmetro_site.build import build

    messages: list[str] = []
    result = build(settings, data_dir=data, output_dir=output, overrides=overrides, report=messages.append)
    return result, "\n".join(messages)


def publish_quietly(data: Path, releases: Path, **kwargs):
    from ponmetro_site.publish import publish

    messages: list[str] = []
    overrides = {**NO_SEARCH, **kwargs.pop("overrides", {})}
    result = publish(PUBLISHCONF, releases, data_dir=data, report=messages.append, overrides=overrides, **kwargs)
    return result, "\n".join(messages)


def current_name(releases: Path) -> str:
    return os.readlink(releases / "current")


def digest(folder: Path) -> str:
    return scan(folder).digest


def run_invoke(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    invoke = Path(sys.executable).with_name("invoke")
    return subprocess.run([str(invoke), "-r", str(ROOT), *args], cwd=cwd, capture_output=True, text=True)
