"""A wall-clock limit on pure-Python work that has no deadline of its own (pdfminer).

SIGALRM interrupts the work wherever it is; the exception derives from BaseException so
that the ``except Exception`` blocks inside pdfminer cannot swallow it, and the timer
re-fires every second until the block exits in case something swallows it anyway. Only in
the main thread (signals cannot be delivered elsewhere) and only when no other timer runs;
otherwise the block runs unlimited, as before.
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
def time_limit(seconds: float) -> Iterator[None]:
    usable = (hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))
    if not usable:
        yield
        return
    armed = [True]

    def alarm(signum: int, frame: FrameType | None) -> None:
        if armed[0]:
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
