"""A wall-clock limit on pure-Python work that has no deadline of its own (pdfminer).

SIGALRM interrupts the work; the exception derives from BaseException so that the
``except Exception`` blocks inside pdfminer cannot swallow it. It is raised only while code
of the named modules runs: raised inside a finalizer (pypdfium2 closes objects from weakref
callbacks) it would be printed to stderr as "Exception ignored" and lost. The timer re-fires
every REFIRE seconds until it lands in such code. Only in the main thread (signals cannot be
delivered elsewhere) and only when no other timer runs; otherwise the block runs unlimited.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

REFIRE = 1.0  # seconds between repeated alarms after the first


class TimeLimit(BaseException):
    """The block ran past its time limit."""


@contextmanager
def time_limit(seconds: float, modules: tuple[str, ...] = ()) -> Iterator[None]:
    """Raise TimeLimit in the block after ``seconds``, inside code of ``modules`` (a module
    name prefix each; any code when empty)."""
    usable = (hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))
    if not usable:
        yield
        return
    armed = [True]

    def alarm(signum: int, frame: FrameType | None) -> None:
        if not armed[0]:
            return
        module = str(frame.f_globals.get("__name__", "")) if frame is not None else ""
        if not modules or module.startswith(modules):
            raise TimeLimit

    previous = signal.signal(signal.SIGALRM, alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds, REFIRE)  # inside: it may fire at once
        yield
    finally:
        # The alarm may fire while this block runs: retry until it is off for good.
        while True:
            try:
                armed[0] = False
                signal.setitimer(signal.ITIMER_REAL, 0.0)
                signal.signal(signal.SIGALRM, previous)
                break
            except TimeLimit:
                continue
