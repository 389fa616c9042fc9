"""`python -m bench.compare`: another revision and this checkout, built in turn and compared."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench import compare
from bench.compare import Build
from bench_helpers import REPO, SMALL_N


def worktrees() -> str:
    return subprocess.run(["git", "-C", str(REPO), "worktree", "list"], capture_output=True, text=True).stdout


def require_git_checkout() -> None:
    """bench.compare checks the other version out with git: the repository must be a git checkout."""
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True)
    except FileNotFoundError:
        pytest.skip("git non installato: bench.compare ne ha bisogno")
    if head.returncode != 0:
        pytest.skip(f"il repository non è una copia git leggibile: {head.stderr.strip()}")


def test_compare_builds_both_versions_in_turn_and_cleans_up(tmp_path):
    require_git_checkout()
    done = subprocess.run(
        [sys.executable, "-m", "bench.compare", "--against", "HEAD", "--n", str(SMALL_N), "--pairs", "2",
         "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((tmp_path / "confronto" / "confronto.json").read_text(encoding="utf-8"))
    assert [(b["pair"], b["version"]) for b in report["builds"]] == [
        (1, "altra"), (1, "questa"), (2, "altra"), (2, "questa")]
    assert all(b["exit_code"] == 0 and b["seconds"] > 0 and b["cpu_seconds"] > 0 for b in report["builds"])
    assert report["pairs"] == 2 and 0 <= report["questa_piu_veloce"] <= 2
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    assert report["commit"] == head.strip()
    # Each build is the real site: the last one of each version is there, with its pages.
    for version in ("altra", "questa"):
        assert (tmp_path / "confronto" / f"sito-{version}" / "progetti").is_dir()
        log = (tmp_path / "confronto" / f"log-{version}-2.txt").read_text(encoding="utf-8")
        assert f"{SMALL_N} interventi" in log
    assert "questa copia più veloce in" in done.stdout
    # The other version's checkout and the earlier outputs are gone.
    assert not (tmp_path / "confronto" / "altra-versione").exists()
    assert str(tmp_path) not in worktrees()
    assert not (tmp_path / "confronto" / ".da-cancellare").exists()


def test_an_unknown_revision_is_one_line_not_a_traceback(tmp_path):
    require_git_checkout()
    done = subprocess.run(
        [sys.executable, "-m", "bench.compare", "--against", "non-esiste-questa-revisione", "--n", str(SMALL_N),
         "--pairs", "1", "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode != 0
    assert "revisione sconosciuta: non-esiste-questa-revisione" in done.stderr
    assert "Traceback" not in done.stderr


def test_summary_pairs_the_builds_and_counts_idle_cores():
    builds = [Build("altra", 1, 10.0, 16.0, 0), Build("questa", 1, 9.0, 16.0, 0),
              Build("altra", 2, 12.0, 20.0, 0), Build("questa", 2, 12.5, 21.0, 0),
              Build("altra", 3, 11.0, 18.0, 0), Build("questa", 3, 10.0, 18.0, 0)]
    result = compare.summarise(builds, cores=2)
    assert result["pairs"] == 3 and result["questa_piu_veloce"] == 2
    assert result["altra"] == {"seconds": 11.0, "cpu_seconds": 18.0, "idle_core_seconds": 4.0}
    assert result["questa"] == {"seconds": 10.0, "cpu_seconds": 18.0, "idle_core_seconds": 2.0}
