"""``pbl-author studio``: open JupyterLab on a workspace of units.

The workspace (default ``./pbl-units``) is seeded with the sample units and
their frameworks the first time; files already there are never overwritten.
Before JupyterLab starts, every unit in the workspace is validated and the
report printed, so a teacher sees at once which files need attention.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TextIO

from .files.atomic import atomic_write_bytes
from .resources import sample_units_dir

DEFAULT_WORKSPACE = "pbl-units"
FIRST_UNIT = "water-watchers.unit.yaml"


def seed_workspace(folder: Path) -> list[Path]:
    """Copy the sample units (and their frameworks) into ``folder``; never overwrite."""
    copied: list[Path] = []
    source = sample_units_dir()
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        if not path.name.endswith((".unit.yaml", ".framework.yaml")):
            continue
        target = folder / path.relative_to(source)
        if target.exists():
            continue
        atomic_write_bytes(target, path.read_bytes())  # never a half-copied sample
        copied.append(target)
    return copied


def jupyter_command(
    folder: Path, port: int | None, open_browser: bool, extra: list[str]
) -> list[str]:
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}"]
    if (folder / FIRST_UNIT).exists():
        command.append(f"--LabApp.default_url=/lab/tree/{FIRST_UNIT}")
    if port is not None:
        command.append(f"--port={port}")
    if not open_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # Jupyter refuses to start as root without it
    return command + extra


def run_studio(
    folder: str | None = None,
    port: int | None = None,
    open_browser: bool = True,
    jupyter_args: list[str] | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    from .cli import main as cli_main

    workspace = Path(folder or DEFAULT_WORKSPACE).resolve()
    workspace.mkdir(parents=True, exist_ok=True)
    copied = seed_workspace(workspace)
    if copied:
        print(f"Seeded {workspace} with {len(copied)} sample files.", file=out)
    print(f"Checking the units in {workspace}:", file=out)
    cli_main(["validate", str(workspace)], out=out, err=err)
    command = jupyter_command(workspace, port, open_browser, list(jupyter_args or []))
    print("Starting JupyterLab (Ctrl-C to stop)...", file=out)
    out.flush()
    process = subprocess.Popen(command)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            return process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait()
