"""The model layer stands alone: importing it pulls in no UI, notebook or template code."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_model_imports_no_ui_notebook_or_templates():
    code = (
        "import sys, pbl_author.model\n"
        "bad = [m for m in ('ipywidgets', 'nbformat', 'jinja2', 'IPython', 'ruamel') "
        "if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_model_modules_import_nothing_else_of_ours():
    import ast
    from pathlib import Path

    import pbl_author.model as model

    folder = Path(model.__file__).parent
    for path in folder.rglob("*.py"):
        package = ["pbl_author", *path.relative_to(folder.parent).parent.parts]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, node.module or ""]).rstrip(".")
            elif isinstance(node, ast.ImportFrom):
                target = node.module or ""
            elif isinstance(node, ast.Import):
                target = node.names[0].name
            else:
                continue
            if target.startswith("pbl_author"):
                assert target.startswith("pbl_author.model"), f"{path.name} imports {target}"
