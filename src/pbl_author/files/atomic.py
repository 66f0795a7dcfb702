"""Atomic file writes: a reader sees the old file or the new one, never a mix.

The new content goes to a temporary file in the same folder, is flushed and
fsync'ed, and is renamed over the target. When asked, the previous version is
kept as ``NAME.bak`` first (by hard link where the file system allows it, so
the target is never missing at any moment).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

#: Mode of newly created files before the umask (mkstemp makes 0600; people share unit
#: files, and a school's shared library folder runs with umask 002 so the group can edit).
NEW_FILE_MODE = 0o666


def _umask() -> int:
    """The process's umask, read without changing it where Linux allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and put back at once
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _keep_backup(target: Path) -> None:
    """Make ``target.bak`` a copy of ``target`` without ever touching ``target``."""
    backup = target.with_name(target.name + ".bak")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{backup.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        try:
            os.link(target, tmp)
        except OSError:
            shutil.copy2(target, tmp)
        os.replace(tmp, backup)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, backup: bool = False) -> bool:
    """Write ``data`` to ``path`` atomically.

    Returns False (and touches nothing) when the file already holds exactly
    ``data``; True when it was written. With ``backup=True`` an existing file
    is kept as ``path.bak`` before it is replaced.
    """
    target = Path(path)
    try:
        if target.read_bytes() == data:
            return False
        exists = True
    except FileNotFoundError:
        exists = False
    folder = target.parent if str(target.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if exists:
            with contextlib.suppress(FileNotFoundError):
                os.chmod(tmp, target.stat().st_mode & 0o7777)
            if backup:
                _keep_backup(target)
        else:
            os.chmod(tmp, NEW_FILE_MODE & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _fsync_dir(folder)
    return True


def atomic_write_text(path: str | os.PathLike[str], text: str, *, backup: bool = False) -> bool:
    """Write ``text`` as UTF-8 (with ``\\n`` line ends) atomically; see atomic_write_bytes."""
    return atomic_write_bytes(path, text.encode("utf-8"), backup=backup)
