"""Golden files: compare with the committed file, or rewrite it on purpose.

Run with ``PBL_REGEN_GOLDEN=1`` to rewrite every golden file a test touches, then
review the diff in git before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

REGENERATE = os.environ.get("PBL_REGEN_GOLDEN") == "1"


def check_golden(path: Path, actual: str | bytes) -> None:
    """``actual`` must equal the committed golden file at ``path`` (text or bytes)."""
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        return
    assert path.exists(), f"missing golden file {path}; run `make golden` and review it"
    assert data == path.read_bytes(), (
        f"{path.name} differs from its golden file; if the change is intended, run "
        "`make golden` and review the diff"
    )
