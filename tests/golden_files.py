"""Golden files: compare with the committed file, or rewrite it on purpose.

Run with ``PBL_REGEN_GOLDEN=1`` to rewrite every golden file a test touches, then
review the diff in git before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

REGENERATE = os.environ.get("PBL_REGEN_GOLDEN") == "1"


def check_golden(path: Path, actual: str) -> None:
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"missing golden file {path}; run with PBL_REGEN_GOLDEN=1 and review it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path.name} differs; if the change is intended, regenerate it"
