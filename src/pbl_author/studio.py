"""``pbl-author studio``: open JupyterLab (or the Voilà app) on a workspace of units.

The workspace (default ``./pbl-units``) is seeded with the sample units, their
frameworks and a welcome notebook the first time; files already there are never
overwritten. Before the server starts, every unit in the workspace is validated and
the report printed, so a teacher sees at once which files need attention.
JupyterLab opens on the welcome notebook, whose one code cell shows the designer
on a sample unit (the pbl-author JupyterLab extension runs it on open).
``--app`` serves the designer's home page through Voilà instead: no code visible.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TextIO

from .files.atomic import atomic_write_bytes
from .resources import sample_units_dir

DEFAULT_WORKSPACE = "pbl-units"
FIRST_UNIT = "water-watchers.unit.yaml"
WELCOME = "Welcome.ipynb"
WELCOME_TEXT = """# Welcome to pbl-author

The designer below is open on a sample unit, *Water Watchers*. Walk through its steps,
click a finding to jump to what it is about, and try an export. Your edits are saved
to `water-watchers.unit.yaml` as you type.

To start your own unit, click **PBL Unit** (under *Teaching*) in the Launcher, or
right-click a `.unit.yaml` file and choose **Open in PBL designer**.
"""


def designer_notebook(source: str, text: str = "", *, autorun: bool = False) -> bytes:
    """A notebook with an optional Markdown cell and one code cell opening the designer."""
    import nbformat

    cells = [nbformat.v4.new_markdown_cell(text, id="welcome-text")] if text else []
    cells.append(nbformat.v4.new_code_cell(source, id="open-designer"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python",
    }  # fmt: skip
    if autorun:
        notebook.metadata["pbl_author"] = {"role": "welcome", "autorun": True}
    return (nbformat.writes(notebook) + "\n").encode("utf-8")


def welcome_notebook() -> bytes:
    source = f'import pbl_author.designer as designer\n\ndesigner.open("{FIRST_UNIT}")'
    return designer_notebook(source, WELCOME_TEXT, autorun=True)


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
    welcome = folder / WELCOME
    if not welcome.exists() and (folder / FIRST_UNIT).exists():
        atomic_write_bytes(welcome, welcome_notebook())
        copied.append(welcome)
    return copied


def jupyter_command(
    folder: Path, port: int | None, open_browser: bool, extra: list[str]
) -> list[str]:
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}"]
    if (folder / WELCOME).exists():
        command.append(f"--LabApp.default_url=/lab/tree/{WELCOME}")
    elif (folder / FIRST_UNIT).exists():
        command.append(f"--LabApp.default_url=/lab/tree/{FIRST_UNIT}")
    if port is not None:
        command.append(f"--port={port}")
    if not open_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # Jupyter refuses to start as root without it
    return command + extra


def app_notebook(workspace: Path) -> Path:
    """The Voilà app: the designer's home page over ``workspace`` (kept outside it)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="pbl-author-app-"))
    source = f"import pbl_author.designer as designer\n\ndesigner.home({str(workspace)!r})"
    target = folder / "pbl-author.ipynb"
    atomic_write_bytes(target, designer_notebook(source))
    return target


def voila_command(
    notebook: Path, port: int | None, open_browser: bool, extra: list[str]
) -> list[str]:
    command = [sys.executable, "-m", "voila", str(notebook), "--show_tracebacks=False"]
    if port is not None:
        command.append(f"--port={port}")
    if not open_browser:
        command.append("--no-browser")
    return command + extra


def run_studio(
    folder: str | None = None,
    port: int | None = None,
    open_browser: bool = True,
    jupyter_args: list[str] | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
    app: bool = False,
) -> int:
    from .cli import main as cli_main

    workspace = Path(folder or DEFAULT_WORKSPACE).resolve()
    workspace.mkdir(parents=True, exist_ok=True)
    copied = seed_workspace(workspace)
    if copied:
        print(f"Seeded {workspace} with {len(copied)} sample files.", file=out)
    print(f"Checking the units in {workspace}:", file=out)
    cli_main(["validate", str(workspace)], out=out, err=err)
    extra = list(jupyter_args or [])
    scratch = None  # the app notebook's own folder, removed when the app stops
    if app:
        notebook = app_notebook(workspace)
        scratch = notebook.parent
        command = voila_command(notebook, port, open_browser, extra)
        print("Starting the designer app with Voilà (Ctrl-C to stop)...", file=out)
    else:
        command = jupyter_command(workspace, port, open_browser, extra)
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
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
