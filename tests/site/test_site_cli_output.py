"""What `python -m ponmetro_site build` prints: Italian lines for the maintainers,
the build's own summary last, and Pelican's English summary only with -v."""

from __future__ import annotations

import os
import subprocess
import sys

from site_helpers import FIXTURE_DATA, ROOT


def run_build(tmp_path, *extra):
    return subprocess.run(
        [sys.executable, "-m", "ponmetro_site", "build", "--data", str(FIXTURE_DATA),
         "--output", str(tmp_path / "output"), *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PONMETRO_CACHE_DIR": str(tmp_path / "cache"),
             "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "plugins")])},
    )


def test_the_build_prints_italian_lines_and_its_summary_last(tmp_path):
    done = run_build(tmp_path)
    assert done.returncode == 0, done.stderr
    lines = (done.stderr + done.stdout).splitlines()
    assert lines[-1].startswith(f"Sito costruito in {tmp_path / 'output'}: ")
    warnings = lines[:-1]
    assert warnings and all(line.startswith("avviso: ") for line in warnings), warnings  # the catalogue's gaps
    assert "Done: Processed" not in done.stdout + done.stderr


def test_pelicans_own_summary_comes_back_with_verbose(tmp_path):
    done = run_build(tmp_path, "-v")
    assert done.returncode == 0, done.stderr
    assert "Done: Processed" in done.stdout + done.stderr
