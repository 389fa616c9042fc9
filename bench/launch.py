"""Run one command from a small process of its own, and say what it cost.

    python -I -S bench/launch.py REPORT TIMEOUT -- COMMAND [ARG ...]

Starts COMMAND (same folder, environment and standard streams as this process),
waits for it, and writes to REPORT one JSON object: its wall time, CPU time (user
and system, with the children it waited for), peak RSS and exit code. After
TIMEOUT seconds it kills COMMAND, which then reports exit code -9.

Why a process in between: on Linux a process made by fork starts with its
parent's memory in its peak. The copy of the parent counts in the child's
high-water mark, and exec keeps the larger of the two. `python -c pass` measured
straight from a harness of 600 MB reported a peak of 618 MB. This process, started
with `-I -S`, imports only the standard library, so what it passes on is about
10 MB. The harness (`run.measure`) starts it; anything that reports its own peak
(`live_rebuild.py`) can be started through it too.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time


def main(argv: list[str]) -> int:
    report, timeout, separator, *command = argv
    if separator != "--" or not command:
        print("uso: launch.py REPORT TIMEOUT -- COMMAND [ARG ...]", file=sys.stderr)
        return 2
    # Asked to stop (the harness interrupted), the command stops too.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    start = time.perf_counter()
    try:
        child = subprocess.Popen(command)
    except OSError as exc:  # no such program, not executable: the shell's exit code
        print(f"impossibile avviare {command[0]}: {exc.strerror}", file=sys.stderr)
        return 127
    timer = threading.Timer(float(timeout), child.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(child.pid, 0)
    except BaseException:
        child.kill()
        child.wait()
        raise
    finally:
        timer.cancel()
    seconds = time.perf_counter() - start
    child.returncode = code = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait again
    with open(report, "w", encoding="utf-8") as out:
        json.dump({"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
                   "max_rss_kb": usage.ru_maxrss, "exit_code": code}, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
