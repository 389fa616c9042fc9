"""A build asked to stop (Ctrl-C, SIGTERM, SIGHUP) cleans up and says so in one
sentence; a build killed outright takes its workers along, and the next build
removes what it left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ponmetro.parallel import STOP_SIGNALS
from site_helpers import ROOT

# Run as `python -m ponmetro_site build` would, in a child process of its own
# session. A render worker, at its first page, sends the signal to the build,
# waits until the build has told the workers to stop, then goes on: each page it
# writes after that is logged, to show that it stopped at once.
STOPPED_WHILE_RENDERING = textwrap.dedent("""
    import os, signal, sys, time
    from pathlib import Path
    sys.path[:0] = [{root!r}, {plugins!r}]
    from bench.synthetic import write_data_dir
    from pelican.writers import Writer
    from ponmetro import parallel
    from ponmetro_site.__main__ import main

    data, output, log, signum = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
    if not data.exists():
        write_data_dir(data, 300, seed=5)
    builder = os.getpid()
    real = Writer.write_file
    signalled = []

    def first() -> bool:  # one worker only, whichever gets there first
        try:
            os.close(os.open(log, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        return True

    def write_file(self, name, *args, **kwargs):
        if os.getpid() != builder:
            if not signalled and first():
                signalled.append(True)
                os.kill(builder, signum)
                waited = time.monotonic()
                while signum != signal.SIGKILL and not parallel._stop.value and time.monotonic() - waited < 60:
                    time.sleep(0.01)
                if signum == signal.SIGKILL:
                    time.sleep(120)  # a long part: only the death of the build may end this worker
            elif signalled:
                with log.open("a", encoding="utf-8") as out:
                    out.write(name + "\\n")
        return real(self, name, *args, **kwargs)

    Writer.write_file = write_file
    raise SystemExit(main(["build", "--data", str(data), "--output", output]))
""")


def restore_stop_signals() -> None:
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_DFL)


def run_build(tmp_path: Path, signum: int) -> subprocess.CompletedProcess:
    script = STOPPED_WHILE_RENDERING.format(root=str(ROOT), plugins=str(ROOT / "plugins"))
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path / "data"), str(tmp_path / "output"),
         str(tmp_path / "after-signal.log"), str(int(signum))],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PONMETRO_JOBS": "2", "PONMETRO_CACHE_DIR": str(tmp_path / "cache")},
        start_new_session=True,  # its session id is its pid: its workers and Pagefind are found by it
        # The build leaves alone a stop signal it was started ignoring, and this suite may
        # run under such a parent: a shell ignores SIGINT in what it starts in the
        # background, `nohup make test` ignores SIGHUP. Here each arrives as from a terminal.
        preexec_fn=restore_stop_signals,
    )
    try:
        out, err = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
    done = subprocess.CompletedProcess(child.args, child.returncode, out, err)
    done.pid = child.pid
    return done


def alive_in_session(session: int) -> list[str]:
    """The processes of `session` still running (zombies waiting to be reaped are not)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(stat.split(")", 1)[0] + ")")
    return found


def wait_until_none_alive(session: int) -> list[str]:
    # A guard, not a measure: Linux sends the signals at once, the poll only waits for them.
    deadline = time.monotonic() + 30
    while alive_in_session(session) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive_in_session(session)


def old_output(tmp_path: Path) -> Path:
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("il sito di prima", encoding="utf-8")
    return output


def scratch_folders(pid: int) -> list[str]:
    from ponmetro_site.build import scratch_root
    import tempfile

    folder = Path(scratch_root() or tempfile.gettempdir())
    return sorted(p.name for p in folder.glob(f"ponmetro-ricerca-{pid}-*"))


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists() or not hasattr(os, "fork"),
                                reason="reads /proc and forks")


@needs_proc
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
def test_a_build_stopped_while_rendering_cleans_up_and_says_so(tmp_path, signum):
    output = old_output(tmp_path)
    done = run_build(tmp_path, signum)

    assert done.returncode == 128 + signum, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        f"Sito NON costruito: interrotto ({signum.name}); l'uscita precedente è intatta.")
    assert "Traceback" not in done.stderr + done.stdout
    assert [p.name for p in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text(encoding="utf-8") == "il sito di prima"
    # Nothing beside the output: no half-built site, no search index.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["after-signal.log", "cache", "data", "output"]
    assert scratch_folders(done.pid) == []
    assert wait_until_none_alive(done.pid) == []
    # The worker that sent the signal wrote at most the rest of the page group it was
    # in (a page and its charts' pages), not the rest of its part (about 50 groups).
    assert len((tmp_path / "after-signal.log").read_text(encoding="utf-8").split()) <= 3


@needs_proc
def test_a_build_killed_outright_takes_its_workers_along_and_the_next_build_removes_its_leftovers(tmp_path):
    output = old_output(tmp_path)
    done = run_build(tmp_path, signal.SIGKILL)
    assert done.returncode == -signal.SIGKILL
    # The worker that killed the build sleeps for two minutes: it ends only because its parent did.
    assert wait_until_none_alive(done.pid) == []
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))
    assert f".output.nuovo-{done.pid}" in left
    assert (output / "index.html").read_text(encoding="utf-8") == "il sito di prima"

    (tmp_path / "after-signal.log").unlink()
    rebuilt = subprocess.run(
        [sys.executable, "-m", "ponmetro_site", "build", "--data", str(tmp_path / "data"),
         "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PONMETRO_CACHE_DIR": str(tmp_path / "cache"),
             "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "plugins")])},
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    for name in left:
        assert f"Tolti i resti di una costruzione interrotta: {name}" in rebuilt.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "data", "output"]
    assert scratch_folders(done.pid) == []
    assert (output / "progetti").is_dir()


def test_leftovers_of_a_running_build_are_kept(tmp_path):
    from ponmetro_site.build import remove_leftovers

    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()  # its pid no longer runs
    dead, alive = finished.pid, os.getpid()
    output = tmp_path / "output"
    names = [f".output.nuovo-{dead}", f".output.vecchio-{dead}", f".ponmetro-ricerca-{dead}-abc",
             f".output.nuovo-{alive}", f".ponmetro-ricerca-{alive}-abc",
             f".altro.nuovo-{dead}", "output", ".output.nuovo-ciao"]
    for name in names:
        (tmp_path / name).mkdir()
    assert sorted(remove_leftovers(output)) == sorted(names[:3])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[3:])


def test_stop_signals_raise_stopped_except_while_deferred_or_ignored():
    from ponmetro_site.stopping import Stopped, deferred, stop_signals

    before, term = signal.getsignal(signal.SIGHUP), signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as `nohup` starts a command
    try:
        with stop_signals():
            with deferred():
                os.kill(os.getpid(), signal.SIGTERM)  # the new site is being put in place: finish
                time.sleep(0.01)
            os.kill(os.getpid(), signal.SIGHUP)  # ignored by whoever started us: still ignored
            time.sleep(0.01)
            with pytest.raises(Stopped) as stopped:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(1)
        assert stopped.value.exit_code == 143
        assert stopped.value.message == "Sito NON costruito: interrotto (SIGTERM); l'uscita precedente è intatta."
        assert signal.getsignal(signal.SIGTERM) == term  # put back as it was
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, before)
