"""The benchmark harness: it measures real processes and reports what they wrote."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import run
from bench_helpers import REPO, SEED


def test_measure_reports_the_exit_code_and_the_peak_memory_of_that_process_only(tmp_path):
    big = [sys.executable, "-c", "b = bytearray(300 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096])"]
    small = [sys.executable, "-c", "pass"]
    fail = [sys.executable, "-c", "import sys; print('rotto'); sys.exit(3)"]
    big_run = run.measure(big, cwd=tmp_path, env=None, log=tmp_path / "big.txt", timeout=120)
    small_run = run.measure(small, cwd=tmp_path, env=None, log=tmp_path / "small.txt", timeout=120)
    fail_run = run.measure(fail, cwd=tmp_path, env=None, log=tmp_path / "fail.txt", timeout=120)
    assert big_run.exit_code == small_run.exit_code == 0
    assert big_run.max_rss_kb > 300 * 1024
    # Measured after the big one, the small run's peak is far below it: peaks do not
    # leak between runs.
    assert small_run.max_rss_kb < big_run.max_rss_kb - 200 * 1024
    assert big_run.cpu_seconds > 0 and big_run.seconds > 0
    assert fail_run.exit_code == 3
    assert (tmp_path / "fail.txt").read_text().strip() == "rotto"


def test_a_peak_leaves_out_the_memory_of_the_process_that_measures(tmp_path):
    # A process made by fork starts with its parent's memory in its peak: measured
    # straight from here, `python -c pass` reported this pytest process's size and more.
    grown = bytearray(400 * 1024 * 1024)
    grown[::4096] = b"x" * len(grown[::4096])
    try:
        small = run.measure([sys.executable, "-c", "pass"], cwd=tmp_path, env=None,
                            log=tmp_path / "small.txt", timeout=120)
    finally:
        del grown
    assert small.exit_code == 0
    assert small.max_rss_kb < 100 * 1024


def test_measure_says_when_the_program_cannot_start_or_takes_too_long(tmp_path):
    missing = run.measure([str(tmp_path / "non-esiste")], cwd=tmp_path, env=None, log=tmp_path / "m.txt", timeout=60)
    assert missing.exit_code == 127
    assert (tmp_path / "m.txt").read_text().strip() == (
        f"impossibile avviare {tmp_path / 'non-esiste'}: No such file or directory")
    slow = run.measure([sys.executable, "-c", "import time; time.sleep(60)"], cwd=tmp_path, env=None,
                       log=tmp_path / "s.txt", timeout=0.5)
    assert slow.exit_code == -9  # killed, not waited for: the sleep would end with 0


def test_measure_counts_grandchildren(tmp_path):
    inner = "b = bytearray(200 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096])"
    outer = [sys.executable, "-c", f"import subprocess, sys; subprocess.run([sys.executable, '-c', {inner!r}])"]
    result = run.measure(outer, cwd=tmp_path, env=None, log=tmp_path / "log.txt", timeout=120)
    assert result.exit_code == 0 and result.max_rss_kb > 200 * 1024


def test_stage_timings_in_the_shapes_a_build_may_write(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"load": 0.5, "render": 1, "note": "x", "ok": True}))
    assert run.read_stages(path) == {"load": 0.5, "render": 1.0}
    path.write_text(json.dumps({"stages": {"validate": 0.25}, "total": 3}))
    assert run.read_stages(path) == {"validate": 0.25}
    path.write_text(json.dumps([{"name": "write", "seconds": 2}]))
    assert run.read_stages(path) == {"write": 2.0}
    path.write_text("non json")
    assert run.read_stages(path) == {}
    assert run.read_stages(tmp_path / "assente.json") == {}


@pytest.mark.slow
@pytest.mark.skipif(not run.hugo_available(), reason="hugo non installato")
def test_a_small_benchmark_reports_what_the_builds_wrote(tmp_path):
    n = 30
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--n", str(n), "--runs", "2", "--seed", str(SEED),
         "--tools", "pelican,hugo,validate", "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ms/scheda" in done.stdout and "Pelican (Markdown)" in done.stdout
    results = json.loads((tmp_path / "results" / "latest.json").read_text(encoding="utf-8"))
    assert results["machine"]["nproc"] == os.cpu_count()
    per_n = results["by_n"][str(n)]
    first_slug = next(run.synthetic.generate(1, SEED)).slug
    for tool in ("pelican", "hugo"):
        summary = per_n["tools"][tool]
        assert summary["ok"] and summary["runs"] == 2
        output = tmp_path / "build" / f"{tool}-n{n}"
        size, files = run.folder_size(output)
        assert summary["output_files"] == files > n
        assert summary["output_mb"] == pytest.approx(size / 1e6)
        assert summary["max_rss_mb"] > 10
        assert summary["ms_per_record"] == pytest.approx(summary["seconds"] * 1000 / n)
        page = output / "progetti" / first_slug / "index.html"
        assert per_n["page_weight"][tool]["html_bytes"] == page.stat().st_size
        assert len(per_n["runs"][tool]) == 2
    assert per_n["tools"]["validate"]["ok"]
    assert per_n["ratios"]["Pelican/Hugo"] == pytest.approx(
        per_n["tools"]["pelican"]["seconds"] / per_n["tools"]["hugo"]["seconds"])
    assert per_n["cpu_ratios"]["Pelican/Hugo"] == pytest.approx(
        per_n["tools"]["pelican"]["cpu_seconds"] / per_n["tools"]["hugo"]["cpu_seconds"])
    assert "sito" not in per_n["tools"] or per_n["tools"]["sito"].get("skipped") or per_n["tools"]["sito"]["ok"]
    assert not (tmp_path / "build" / ".da-cancellare").exists() and results["trash_emptied_early"] == 0


def test_earlier_outputs_are_moved_aside_and_deleted_only_when_emptied(tmp_path, monkeypatch):
    trash = run.Trash(tmp_path)
    for name in ("sito-n10", "hugo-n10"):
        (tmp_path / name / "progetti").mkdir(parents=True)
        (tmp_path / name / "progetti" / "index.html").write_text("x", encoding="utf-8")
        trash.throw(tmp_path / name)
    trash.throw(tmp_path / "assente")
    assert not (tmp_path / "sito-n10").exists() and not (tmp_path / "hugo-n10").exists()
    assert len(list(trash.folder.iterdir())) == 2 and trash.emptied_early == 0
    trash.empty()
    assert not trash.folder.exists()
    # With the disk short of space an output goes at once, with what was waiting.
    (tmp_path / "pelican-n10").mkdir()
    monkeypatch.setattr(run.Trash, "LOW_DISK_BYTES", 10**18)
    trash.throw(tmp_path / "pelican-n10")
    assert not (tmp_path / "pelican-n10").exists() and not trash.folder.exists() and trash.emptied_early == 1


@pytest.mark.slow
def test_a_failing_build_is_reported_not_hidden(tmp_path):
    # An unreadable record makes the validator fail: the harness says so and exits 1.
    data = run.prepare_inputs(20, SEED, tmp_path).data
    victim = sorted((data / "interventi").iterdir())[0]
    victim.write_text("codice: [non, chiuso\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--n", "20", "--runs", "1", "--seed", str(SEED),
         "--tools", "validate", "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 1
    assert "USCITA 1" in done.stdout and victim.name in done.stdout
    results = json.loads((tmp_path / "results" / "latest.json").read_text(encoding="utf-8"))
    assert results["by_n"]["20"]["tools"]["validate"]["ok"] is False


@pytest.mark.slow
def test_invoke_bench_runs_the_same_harness(tmp_path):
    """`invoke bench` is `make bench` with options: here, validation alone on 20 records."""
    done = subprocess.run([str(Path(sys.executable).parent / "invoke"), "bench", "-n", "20", "--runs", "1",
                           "--tools", "validate", "--out", str(tmp_path)],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "solo validazione" in done.stdout and "ms/scheda" in done.stdout
    results = json.loads((tmp_path / "results" / "latest.json").read_text(encoding="utf-8"))
    assert results["by_n"]["20"]["tools"]["validate"]["ok"]
