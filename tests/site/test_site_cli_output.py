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


def test_the_summary_counts_one_record_and_one_warning_in_the_singular():
    from pathlib import Path

    from ponmetro_site.build import BuildResult

    one = BuildResult(True, Path("output"), records=1, pages=34, files=75, warnings=1, seconds=0.12)
    assert one.summary() == ("Sito costruito in output: 1 intervento, 34 pagine e 75 file generati dai dati, "
                             "1 avviso, 0.1 s")
    many = BuildResult(True, Path("output"), records=5, pages=47, files=96, warnings=0, seconds=0.2)
    assert "5 interventi, 47 pagine e 96 file generati dai dati, 0 avvisi, 0.2 s" in many.summary()
