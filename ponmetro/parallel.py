"""Work split across the machine's cores, by forking.

The build's heavy steps (reading the records, rendering and writing the pages)
are independent per record, so they divide. Forked workers inherit everything
already in memory (the validated records, the Jinja environment), so nothing big
is pickled on the way in; only each part's small result comes back. Where fork
is unavailable, or the work is small, the parts simply run one after the other
in this process.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows, where nothing forks either
    fcntl = None  # type: ignore[assignment]

# Below this many items, starting processes costs more than it saves.
MIN_ITEMS_PER_PROCESS = 100
# Below this many items, a part handed out on its own costs more than it balances.
MIN_ITEMS_PER_PART = 50
# Parts per process for tasks whose results come back to this process (`here`):
# a worker also pickles what it made, this process does not.
RESULT_PARTS_PER_JOB = 16
# The pipe that brings the parts' results back (see _widen_results_pipe).
RESULTS_PIPE_BYTES = 1 << 20

_task: Callable[[int, int], Any] | None = None
_taken: Any = None  # see run_parts
_stop: Any = None  # set to 1 by run_parts when it is stopped: the workers' parts end early (part_of)

# Ctrl-C, `kill` and a closed terminal: what asks a build to stop. The process
# that starts the workers decides what to do (ponmetro_site/stopping.py) and
# tells them (`_stop`); a worker that took them itself would die with a traceback.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _load_prctl():
    # The standard library has no prctl(2), and the packages that wrap it need
    # libcap's headers to build: ctypes reaches the C library's own. Linux only.
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_prctl = _load_prctl()


class WorkerDied(RuntimeError):
    """A worker process ended before finishing its part: killed by the system
    (out of memory, most often) or crashed inside a C library."""

    def __init__(self) -> None:
        super().__init__(
            "un processo di lavoro si è interrotto prima di finire la sua parte (fermato dal sistema, "
            "di solito per memoria esaurita): riprovare con meno processi (PONMETRO_JOBS=1) o più memoria"
        )


def die_with_parent(parent: int) -> None:
    """Have Linux kill this forked process as soon as `parent` (the process that forked it) ends.

    A build killed outright (SIGKILL, the out-of-memory killer) cannot stop its
    workers: each waited forever for work on a queue its sibling still held open,
    two processes of 290 MB each at 10,000 records, found still there minutes
    later. Elsewhere than on Linux nothing is asked.
    """
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # the parent ended before the request: nobody would send the signal
        os._exit(1)


def _start_worker(parent: int, niceness: int = 0) -> None:
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    die_with_parent(parent)
    if niceness:
        os.nice(niceness)  # raising it needs no privilege; it ends with the worker


def default_jobs() -> int:
    configured = os.environ.get("PONMETRO_JOBS")
    if configured:
        return max(1, int(configured))
    return os.cpu_count() or 1


def jobs_for(n_items: int, jobs: int | None = None) -> int:
    jobs = default_jobs() if jobs is None else jobs
    return max(1, min(jobs, n_items // MIN_ITEMS_PER_PROCESS))


def forks(n_items: int, jobs: int | None = None) -> bool:
    """Whether `run_parts` would fork workers for this many items (else it runs them here)."""
    return jobs_for(n_items, jobs) > 1 and "fork" in multiprocessing.get_all_start_methods()


def run_parts(n_items: int, task: Callable[[int, int], Any], jobs: int | None = None, *,
              here: bool = False, parts_per_job: int = 1, niceness: int = 0) -> list[Any]:
    """Call `task(part, n_parts)` once per part, in parallel; the results in part order.

    `task` must process the items `part::n_parts` of whatever it works on. An
    exception in any part is raised again here, after every part has stopped.

    The workers take the parts one at a time, from the first, each as soon as
    it is free, and send each part's result back as soon as it is done. With
    `parts_per_job` above 1 the work is cut into that many parts per process,
    so that parts which cost more (part 0 of the render also writes the
    site-wide downloads) do not leave a core idle at the end: in two equal
    halves one core waited up to a second for the other.

    With `here`, this process works too, taking parts from the last until it
    meets one a worker has taken: for tasks whose results come back (records,
    export rows), its parts are neither pickled nor unpickled, which was a
    quarter of a second per 5,000 records. Not for rendering: this process
    would keep what rendering leaves behind (the workers drop it, see `_run`).

    `niceness` lowers the workers' priority (as `nice` does): for work that
    should give way to another program running beside it, so that the program
    ends first (the render beside the search index, see ponmetro_site.build).

    A worker that dies (the kernel's out-of-memory killer, a crash in a C
    library) raises `WorkerDied` here. multiprocessing's Pool, used before,
    quietly started another worker and waited forever for the lost part;
    `ProcessPoolExecutor` notices the death and fails every part still waiting.
    Stopped here (Ctrl-C, a stop signal raised as an exception), it tells the
    workers, which end their parts at the next item (`part_of`) instead of
    finishing them: at 10,000 records a part of the render took up to a second.
    Killing them instead could cut a result half-sent, and the executor then
    waited forever for the rest of it. The workers ignore the stop signals
    themselves, and die if this process dies (`die_with_parent`).
    """
    if not forks(n_items, jobs):
        return [task(0, 1)]
    n_jobs = jobs_for(n_items, jobs)
    n_parts = max(n_jobs, min(n_jobs * max(1, parts_per_job), n_items // MIN_ITEMS_PER_PART))
    context = multiprocessing.get_context("fork")
    global _task, _taken, _stop
    # A flag per part, shared with the forked workers: whoever runs a part takes it first.
    _task, _taken, _stop = task, context.Array("b", n_parts), context.RawValue("b", 0)
    mine: dict[int, Any] = {}
    # The workers fork at the first submit, once `_task` is set: they inherit it.
    executor = ProcessPoolExecutor(n_jobs - 1 if here else n_jobs, mp_context=context,
                                   initializer=_start_worker, initargs=(os.getpid(), niceness))
    _widen_results_pipe(executor)
    try:
        theirs = [executor.submit(_run, part, n_parts) for part in range(n_parts)]
        if here:
            for part in reversed(range(n_parts)):
                if not _take(part):
                    break  # the workers have come this far: the rest is theirs
                mine[part] = task(part, n_parts)
        results = [future.result() for future in theirs]
    except BrokenProcessPool:
        raise WorkerDied() from None
    except BaseException as exc:
        if not isinstance(exc, Exception):
            _stop.value = 1  # stopped: the parts still running are no longer wanted
        raise
    finally:
        # Also when a part raised: the parts not started are dropped, the running ones end.
        executor.shutdown(wait=True, cancel_futures=True)
        _task = _taken = _stop = None
    return [mine[part] if part in mine else result for part, result in enumerate(results)]


def _widen_results_pipe(executor: ProcessPoolExecutor) -> None:
    """Let a worker send a part's result back without waiting for this process.

    The results come back through a pipe that holds 64 KB. A part of the records
    is about 700 KB at 10,000 records, and the executor's thread that empties the
    pipe must wait for the interpreter lock while this process reads its own
    parts: the worker stalled at every 64 KB, for 20 to 40 ms a part. With the
    pipe as large as Linux allows (1 MB unless raised), reading 10,000 records
    took 1.18-1.32 s instead of 1.34-1.92 s (6 alternating rounds). The pipe is
    the executor's own (`_result_queue`, not public): where it is not there, or
    the system refuses, nothing changes but the speed.
    """
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    writer = getattr(getattr(executor, "_result_queue", None), "_writer", None)
    if set_size is None or writer is None:
        return
    try:
        limit = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    except (OSError, ValueError):
        limit = RESULTS_PIPE_BYTES
    with suppress(OSError, ValueError):
        fcntl.fcntl(writer.fileno(), set_size, min(limit, RESULTS_PIPE_BYTES))


def _take(part: int) -> bool:
    """Take `part` to run it: False if another process already has."""
    with _taken.get_lock():
        if _taken[part]:
            return False
        _taken[part] = 1
        return True


_frozen = False  # in a worker: whether what it inherited is frozen yet


def _run(part: int, n_parts: int) -> Any:
    global _frozen
    assert _task is not None
    if not _take(part):
        return None  # done by the process that started the workers (`here`)
    if not _frozen:
        # What the worker inherited is frozen: the cyclic collector never scans it
        # (nor writes to it, which keeps those memory pages shared with the parent).
        # Enabled over what the worker itself makes, it frees the reference cycles
        # that rendering leaves behind: 90 MB less per worker at 10,000 records.
        # Once per worker: frozen again at its next part, the garbage its last part
        # left for the collector would never be freed.
        gc.freeze()
        gc.enable()
        _frozen = True
    return _task(part, n_parts)


class Abandoned(Exception):
    """A worker's part, ended early: the build was stopped."""


def part_of(items: Sequence[Any], part: int, n_parts: int) -> Iterable[Any]:
    """The items of `part`; inside `run_parts`, they stop coming once it is stopped."""
    mine = items[part::n_parts]
    return mine if _stop is None else _until_stopped(mine, _stop)


def _until_stopped(items: Sequence[Any], stop) -> Iterator[Any]:
    for item in items:
        if stop.value:
            raise Abandoned
        yield item


class Started:
    """A command started by `start_after`: wait for it, or kill it."""

    def __init__(self, log: Path, pid: int = 0, popen: subprocess.Popen | None = None, code: int | None = None,
                 remove: Path | None = None):
        self.log, self.pid, self.popen = log, popen.pid if popen is not None else pid, popen
        self._code = code  # known from the start when `prepare` failed in this process
        self._remove = remove  # removed here by `wait`, where no forked child does it

    def wait(self) -> tuple[int, str]:
        """Its exit code (negative: the signal that killed it) and all it printed."""
        if self._code is None:
            if self.popen is not None:
                self._code = self.popen.wait()
            else:
                self._code = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        if self._remove is not None:
            shutil.rmtree(self._remove, ignore_errors=True)
            self._remove = None
        return self._code, self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        if self._code is None:
            if self.popen is not None:
                self.popen.kill()
            else:
                # The forked child leads its own process group: the program it
                # started goes with it. Not waited for yet, so the group is still its.
                with suppress(ProcessLookupError):
                    os.killpg(self.pid, signal.SIGKILL)
        self.wait()


# What the forked child becomes once `prepare` is done and something must be
# removed after the program: a small interpreter that runs the program, removes
# the folder and ends as the program ended (a program that cannot start: 127 and
# one line, as without it). The child itself could wait, but it would keep its
# copy of the whole build's memory alive all that time.
_RUN_THEN_REMOVE = """
import ctypes, os, shutil, signal, subprocess, sys
def die_with_me():  # as parallel.die_with_parent, for the program this interpreter waits for
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):
        pass
try:
    code = subprocess.call(sys.argv[2:], preexec_fn=die_with_me if sys.platform.startswith("linux") else None)
except OSError as exc:
    print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
    code = 127
shutil.rmtree(sys.argv[1], ignore_errors=True)
if code < 0:
    signal.signal(-code, signal.SIG_DFL)
    os.kill(os.getpid(), -code)
sys.exit(code)
"""


def start_after(prepare: Callable[[], None], command: list[str], log: Path, *,
                cpus: set[int] | None = None, remove: Path | None = None) -> Started:
    """Run `prepare()`, then `command`, in another process; return at once.

    For a program that needs files this process would otherwise write first
    (the search index's documents: 1.5 s at 10,000 records, before Pagefind could
    start and while the other core waited): a forked child writes them and then
    becomes the program (exec), so the build goes on meanwhile. What the child
    and the program print goes to `log`; an exception in `prepare` is printed
    there and ends the child with code 127 (wherever `prepare` ran). Beside other threads (a process that
    serves the site while it rebuilds) a fork could inherit a lock one of them
    holds, so there, and where fork does not exist, `prepare` runs here first.
    `cpus`, where the child forks, are the only CPUs the program may use (and
    the threads it starts): elsewhere it runs where the system puts it.
    `remove`, a folder (what `prepare` wrote), is removed once the program has
    ended, whatever its result: by the child, while this process goes on (the
    search documents, 20,000 files and folders, took the build 0.4 s to remove
    at its end), or by `wait` where no child forked.
    """
    if threading.active_count() > 1 or not hasattr(os, "fork"):
        try:
            prepare()
        except Exception as exc:  # reported as the forked child reports it
            log.write_text(f"{type(exc).__name__}: {exc}\n", encoding="utf-8")
            return Started(log, code=127)
        with open(log, "wb") as out:
            return Started(log, popen=subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT),
                           remove=remove)
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        gc.disable()  # the child's objects end with the exec: collecting them would copy the parent's pages
        try:
            os.setpgid(0, 0)  # its own group, which `kill` stops whole
            die_with_parent(parent)  # kept through the exec: a killed build takes the program along
            out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(out, 1)
            os.dup2(out, 2)
            prepare()
            if cpus:
                os.sched_setaffinity(0, cpus)
            if remove is not None:
                command = [sys.executable, "-I", "-S", "-c", _RUN_THEN_REMOVE, str(remove), *command]
            os.execv(command[0], command)
        except BaseException as exc:
            with suppress(BaseException):
                os.write(2, f"{type(exc).__name__}: {exc}\n".encode())
        finally:
            os._exit(127)  # no atexit handlers, no flushing of the parent's buffers
    with suppress(OSError):
        os.setpgid(pid, pid)  # also here: `kill` may come before the child has done it
    return Started(log, pid=pid)
