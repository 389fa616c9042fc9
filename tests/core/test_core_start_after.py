"""`parallel.start_after`: files prepared by a forked child, then a program run in it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from ponmetro.parallel import start_after

ROOT = Path(__file__).resolve().parents[2]
PRINT_FILE = "import sys; print(open(sys.argv[1], encoding='utf-8').read(), end='')"


def run_alone(body: str, folder: Path) -> dict:
    """`body` run by a new interpreter, whose main thread is its only one (pytest's
    process may have a test server's threads, and then start_after does not fork)."""
    script = ("import json, os, sys\nfrom pathlib import Path\nfrom ponmetro.parallel import start_after\n"
              f"folder = Path({str(folder)!r})\nPRINT_FILE = {PRINT_FILE!r}\n" + textwrap.dedent(body))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_program_runs_after_prepare_in_a_forked_child(tmp_path):
    seen = run_alone("""
        def prepare():
            (folder / "pid").write_text(str(os.getpid()))
            (folder / "documento.txt").write_text("scheda pronta", encoding="utf-8")
        started = start_after(prepare, [sys.executable, "-c", PRINT_FILE, str(folder / "documento.txt")],
                              folder / "log")
        print(json.dumps({"result": started.wait(), "me": os.getpid()}))
    """, tmp_path)
    assert seen["result"] == [0, "scheda pronta"]
    assert int((tmp_path / "pid").read_text()) != seen["me"]


def test_the_program_runs_on_the_cpus_it_is_given(tmp_path):
    seen = run_alone("""
        cpu = max(os.sched_getaffinity(0))
        started = start_after(lambda: None, [sys.executable, "-c", "import os; print(sorted(os.sched_getaffinity(0)))"],
                              folder / "log", cpus={cpu})
        print(json.dumps({"result": started.wait(), "cpu": cpu, "mine": sorted(os.sched_getaffinity(0))}))
    """, tmp_path)
    assert seen["result"] == [0, f"[{seen['cpu']}]\n"]
    assert seen["cpu"] in seen["mine"]  # and this process keeps the CPUs it had


def test_an_error_in_prepare_is_in_the_output_and_the_program_never_runs(tmp_path):
    seen = run_alone("""
        def prepare():
            raise OSError(28, "No space left on device")
        marker = str(folder / "eseguito")
        started = start_after(prepare, [sys.executable, "-c", f"open({marker!r}, 'w')"], folder / "log")
        print(json.dumps({"result": started.wait()}))
    """, tmp_path)
    assert seen["result"] == [127, "OSError: [Errno 28] No space left on device\n"]
    assert not (tmp_path / "eseguito").exists()


def test_remove_goes_once_the_program_has_ended_and_its_result_comes_back(tmp_path):
    seen = run_alone("""
        documents = folder / "documenti"
        def prepare():
            (documents / "progetti" / "a").mkdir(parents=True)
            (documents / "progetti" / "a" / "index.html").write_text("scheda", encoding="utf-8")
        # The program reads what prepare wrote, and fails after printing it.
        program = [sys.executable, "-c", PRINT_FILE + "; sys.exit(3)", str(documents / "progetti" / "a" / "index.html")]
        started = start_after(prepare, program, folder / "log", remove=documents)
        # The child has ended, not yet reaped (WNOWAIT): what it left is what it did
        # alone, before `wait` could remove anything. (Polling for the folder raced
        # with the child creating it: seen missing before prepare, present after.)
        os.waitid(os.P_PID, started.pid, os.WEXITED | os.WNOWAIT)
        gone_before_wait = not documents.exists()
        print(json.dumps({"result": started.wait(), "gone_before_wait": gone_before_wait}))
    """, tmp_path)
    assert seen == {"result": [3, "scheda"], "gone_before_wait": True}
    assert not (tmp_path / "documenti").exists()


def test_a_program_killed_by_a_signal_is_reported_so_also_with_remove(tmp_path):
    seen = run_alone("""
        documents = folder / "documenti"
        program = [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGTERM)"]
        started = start_after(lambda: documents.mkdir(), program, folder / "log", remove=documents)
        print(json.dumps({"result": started.wait(), "left": documents.exists()}))
    """, tmp_path)
    assert seen == {"result": [-15, ""], "left": False}


def test_a_program_that_cannot_start_is_one_line_with_or_without_remove(tmp_path):
    seen = run_alone("""
        missing = str(folder / "non-esiste")
        plain = start_after(lambda: None, [missing], folder / "log-semplice").wait()
        documents = folder / "documenti"
        removing = start_after(lambda: documents.mkdir(), [missing], folder / "log-rimuovi", remove=documents).wait()
        print(json.dumps({"plain": plain, "removing": removing, "left": documents.exists()}))
    """, tmp_path)
    for code, output in (seen["plain"], seen["removing"]):
        assert code == 127
        assert output.startswith("FileNotFoundError: ")
        assert "Traceback" not in output and output.count("\n") == 1
    assert not seen["left"]


def test_kill_stops_the_program_started_with_remove_too(tmp_path):
    seen = run_alone("""
        import time
        pid_file = folder / "programma.pid"
        program = [sys.executable, "-c", f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(120)"]
        started = start_after(lambda: None, program, folder / "log", remove=folder / "documenti")
        deadline = time.monotonic() + 60
        while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        started.kill()
        program_pid = int(pid_file.read_text())
        for _ in range(100):  # not our child: gone, or a zombie left for init to reap
            try:
                if open(f"/proc/{program_pid}/stat").read().rsplit(")", 1)[1].split()[0] == "Z":
                    break
            except FileNotFoundError:
                break
            time.sleep(0.05)
        else:
            raise SystemExit("the program outlived kill()")
        print(json.dumps({"result": started.wait()[0]}))
    """, tmp_path)
    assert seen["result"] == -9


def test_beside_another_thread_wait_removes_the_folder(tmp_path):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    documents = tmp_path / "documenti"
    try:
        started = start_after(lambda: documents.mkdir(), [sys.executable, "-c", "print('fatto')"],
                              tmp_path / "log", remove=documents)
        assert started.wait() == (0, "fatto\n")
        assert not documents.exists()
    finally:
        stop.set()
        other.join()


def test_the_program_s_code_and_output_come_back(tmp_path):
    command = [sys.executable, "-c", "import sys; print('indice rotto'); sys.exit(3)"]
    assert start_after(lambda: None, command, tmp_path / "log").wait() == (3, "indice rotto\n")


def test_kill_stops_the_program(tmp_path):
    started = start_after(lambda: None, [sys.executable, "-c", "import time; time.sleep(120)"], tmp_path / "log")
    started.kill()
    with pytest.raises(ProcessLookupError):
        os.kill(started.pid, 0)  # gone, and waited for (not a zombie)
    assert started.wait()[0] == -9  # the same answer again
    started.kill()  # and killing it again is harmless


def test_beside_another_thread_prepare_runs_here_first(tmp_path):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()

    def prepare():
        (tmp_path / "pid").write_text(str(os.getpid()))
        (tmp_path / "documento.txt").write_text("scheda pronta", encoding="utf-8")

    try:
        started = start_after(prepare, [sys.executable, "-c", PRINT_FILE, str(tmp_path / "documento.txt")],
                              tmp_path / "log")
        assert int((tmp_path / "pid").read_text()) == os.getpid()  # already written when start_after returns
        assert started.wait() == (0, "scheda pronta")
    finally:
        stop.set()
        other.join()


def test_beside_another_thread_an_error_in_prepare_is_reported_the_same_way(tmp_path):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()

    def prepare():
        raise OSError(28, "No space left on device")

    try:
        marker = tmp_path / "eseguito"
        started = start_after(prepare, [sys.executable, "-c", f"open({str(marker)!r}, 'w')"], tmp_path / "log")
        assert started.wait() == (127, "OSError: [Errno 28] No space left on device\n")
        started.kill()  # nothing to kill: harmless
        assert not marker.exists()
    finally:
        stop.set()
        other.join()
