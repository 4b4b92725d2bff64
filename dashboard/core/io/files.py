"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from pathlib import Path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write `data` to a temporary file beside `path`, then rename it over `path` in one step.

    A crash, a full disk or a concurrent reader (the running app re-reading geodata) then sees either
    the old file or the new one, never a truncated mix.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would have had.
        os.fchmod(fd, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def read_kept(path: Path | None, kind: type):
    """The object a cache file (`keep`) holds if it is a `kind`, else None: missing, damaged, or written by
    another version. A cache that cannot be read only costs the time it would have saved."""
    if path is None or not path.is_file():
        return None
    with contextlib.suppress(Exception):
        value = pickle.loads(path.read_bytes())
        if isinstance(value, kind):
            return value
    return None


def keep(path: Path | None, value: object) -> None:
    """Pickle `value` into a cache file atomically; a failure is ignored (the next run computes it again)."""
    if path is None:
        return
    with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
