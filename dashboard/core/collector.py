"""Pause Python's cyclic garbage collector while a dataset's objects are built in bulk.

Loading ten thousand places makes hundreds of thousands of small objects (parsed JSON, record models,
their lists) that all stay alive. Every so many allocations CPython's collector walks every live object
in the process looking for cycles; while a big dataset is built it did so several times over half a
million objects, for nothing (these objects hold no cycles, and reference counting frees them), and that
was most of a hot reload's time at ten thousand places. Pausing it for the build and resuming afterwards
changes no result: the collector runs again as soon as the pause ends.

The collector is process-wide and the app prepares datasets on several threads, so pauses nest: the
collector resumes when the last one ends, and only if it was running when the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()
_pauses = 0
_resume = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Within this block (or a function decorated with it) the cyclic collector does not run."""
    global _pauses, _resume
    with _LOCK:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _LOCK:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()
