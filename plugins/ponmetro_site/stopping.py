"""How a build stops when it is asked to: Ctrl-C (SIGINT), `kill` (SIGTERM), a
closed terminal (SIGHUP).

Left to their default action, SIGTERM and SIGHUP ended the build on the spot:
its half-built site stayed beside the output (63 MB at 10,000 records), the
search index's folders too, and its workers kept running. While a build runs,
each of the three signals raises `Stopped` instead, so that the build cleans up
as it does for any failure and says in one sentence what the output holds.

Once the new site is being moved into place and the caches saved (`deferred`),
a signal no longer interrupts: the build finishes the few steps left, since an
output folder moved aside but not replaced, or a cache saved in part, would be
worse than a stop that came a moment late.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

from ponmetro.parallel import STOP_SIGNALS

OUTPUT_INTACT = "l'uscita precedente è intatta"


class Stopped(KeyboardInterrupt):
    """The build was asked to stop. A KeyboardInterrupt, so that whatever stops on
    Ctrl-C (invoke, a server that rebuilds) stops on the other signals as well."""

    def __init__(self, signum: int = signal.SIGINT, left: str = OUTPUT_INTACT):
        super().__init__(signum)
        self.signum = int(signum)
        self.left = left  # what the output folder holds now (build.py knows)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # the shell's convention: 130 for Ctrl-C, 143 for SIGTERM

    @property
    def message(self) -> str:
        return f"Sito NON costruito: interrotto ({signal.Signals(self.signum).name}); {self.left}."


_deferring = False


def _raise_stopped(signum, frame) -> None:
    if not _deferring:
        raise Stopped(signum)


@contextmanager
def stop_signals() -> Iterator[None]:
    """While the block runs, the stop signals raise `Stopped` in it.

    Only in the main thread (the only one Python delivers signals to), and not
    for a signal this process was told to ignore (`nohup` ignores SIGHUP, a
    shell ignores SIGINT for the commands it starts in the background).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for signum in STOP_SIGNALS:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            previous[signum] = signal.signal(signum, _raise_stopped)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def deferred() -> Iterator[None]:
    """A step that must not be cut in two: a stop signal that comes meanwhile is
    ignored, since by then the build is finishing."""
    global _deferring
    before = _deferring
    _deferring = True
    try:
        yield
    finally:
        _deferring = before
