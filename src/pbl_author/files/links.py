"""A file at a second place without copying its bytes where the file system allows."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def link_or_copy(source: Path, target: Path) -> None:
    """``source`` also at ``target`` (its folder created): a hard link, or a copy where
    hard links cannot be made (another file system, a FAT drive). FileNotFoundError when
    ``source`` is gone."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except FileNotFoundError:
        raise
    except OSError:
        shutil.copyfile(source, target)
