"""The JupyterHub guide: its example configuration compiles, and every ``pbl-author``
command it names exists."""

from __future__ import annotations

import argparse
import io
import py_compile
import re
from pathlib import Path

import pytest

from pbl_author.cli import build_parser, main

DOCS = Path(__file__).resolve().parent.parent / "docs"
GUIDE = DOCS / "jupyterhub.md"
CONFIG = DOCS / "jupyterhub_config.py"

FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
INLINE = re.compile(r"`([^`]+)`")  # may run over a line break
# "pbl-author" as a command (also as a path's last part), not the package in `pip install`.
COMMAND = re.compile(r"(?:^|(?<=[\s/(]))pbl-author((?:[ \t]+[^\s`|;&)]+)*)")


def code_in(text: str) -> list[str]:
    """Every fenced block and inline code span of a Markdown text, continued lines joined."""
    blocks = [match.group(1).replace("\\\n", " ") for match in FENCE.finditer(text)]
    prose = FENCE.sub("", text)
    return blocks + [" ".join(match.group(1).split()) for match in INLINE.finditer(prose)]


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def command_paths(text: str) -> tuple[list[tuple[str, ...]], list[str]]:
    """The commands named by ``pbl-author ...`` in the guide's code (``("library", "build")``),
    found by walking the real parser, and the words that are no command."""
    found, unknown = set(), []
    for code in code_in(text):
        for line in code.splitlines():
            line = re.sub(r"(^|\s)#.*", "", line)  # shell comments
            if re.search(r"\binstall\b[^\n]*pbl-author", line):
                continue  # pip install ... pbl-author: the package, not a command
            for match in COMMAND.finditer(line):
                parser, path = build_parser(), []
                for word in match.group(1).split():
                    choices = subcommands(parser)
                    if not choices or word.startswith("-"):
                        break
                    if word not in choices:
                        unknown.append(f"pbl-author {' '.join([*path, word])}")
                        break
                    parser = choices[word]
                    path.append(word)
                if path:
                    found.add(tuple(path))
    return sorted(found), unknown


GUIDE_COMMANDS, UNKNOWN = command_paths(GUIDE.read_text(encoding="utf-8"))


def test_example_configuration_compiles(tmp_path):
    py_compile.compile(str(CONFIG), cfile=str(tmp_path / "config.pyc"), doraise=True)


def test_example_configuration_sets_what_the_guide_says(monkeypatch):
    class Section(dict):
        def __getattr__(self, name):
            return self.setdefault(name, Section())

        def __setattr__(self, name, value):
            self[name] = value

    monkeypatch.delenv("PBL_HUB_SPAWNER", raising=False)
    c = Section()
    exec(compile(CONFIG.read_text(), str(CONFIG), "exec"), {"get_config": lambda: c})
    assert c["Spawner"]["default_url"] == "/lab"
    assert c["Spawner"]["environment"]["PBL_AUTHOR_FRAMEWORKS"] == "/srv/pbl-frameworks"
    assert c["JupyterHub"]["spawner_class"] == "systemdspawner.SystemdSpawner"
    assert c["SystemdSpawner"]["unit_extra_properties"]["UMask"] == "0002"


def test_guide_names_only_commands_pbl_author_has():
    assert not UNKNOWN, f"docs/jupyterhub.md names commands pbl-author does not have: {UNKNOWN}"
    for expected in [("library", "check"), ("library", "build"), ("frameworks", "import")]:
        assert expected in GUIDE_COMMANDS


@pytest.mark.parametrize("path", GUIDE_COMMANDS, ids=" ".join)
def test_every_command_in_the_guide_exists(path):
    out, err = io.StringIO(), io.StringIO()
    assert main([*path, "--help"], out=out, err=err) == 0, err.getvalue()
    assert "usage: pbl-author " + " ".join(path) in out.getvalue()
