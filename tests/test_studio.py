"""``pbl-author studio`` without starting a server: the workspace it seeds, the welcome
notebook, and the commands it would run for JupyterLab and for the Voilà app."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import nbformat

from pbl_author import studio
from pbl_author.cli import main


def test_seeding_writes_the_samples_and_a_welcome_notebook_once(tmp_path):
    copied = studio.seed_workspace(tmp_path)
    names = {p.name for p in copied}
    assert {"water-watchers.unit.yaml", "Welcome.ipynb"} <= names
    welcome = nbformat.read(tmp_path / "Welcome.ipynb", as_version=4)
    nbformat.validate(welcome)
    assert welcome.metadata["pbl_author"] == {"role": "welcome", "autorun": True}
    code = [c for c in welcome.cells if c.cell_type == "code"]
    assert len(code) == 1
    assert code[0].source == (
        'import pbl_author.designer as designer\n\ndesigner.open("water-watchers.unit.yaml")'
    )
    (tmp_path / "Welcome.ipynb").write_text("{}", encoding="utf-8")  # the teacher's own now
    assert studio.seed_workspace(tmp_path) == []
    assert (tmp_path / "Welcome.ipynb").read_text(encoding="utf-8") == "{}"


def test_jupyterlab_opens_on_the_welcome_notebook(tmp_path):
    studio.seed_workspace(tmp_path)
    command = studio.jupyter_command(tmp_path, 8888, False, ["--x=1"])
    assert "--LabApp.default_url=/lab/tree/Welcome.ipynb" in command
    assert command[-1] == "--x=1" and "--no-browser" in command and "--port=8888" in command


def test_the_app_serves_the_home_page_through_voila(tmp_path):
    notebook = studio.app_notebook(tmp_path)
    assert not notebook.is_relative_to(tmp_path)  # nothing added to the teacher's folder
    data = json.loads(notebook.read_text(encoding="utf-8"))
    source = "".join(data["cells"][0]["source"])
    assert f"designer.home({str(tmp_path)!r})" in source
    command = studio.voila_command(notebook, 9000, False, ["--Voila.ip=127.0.0.1"])
    assert command[:3] == [sys.executable, "-m", "voila"]
    assert "--port=9000" in command and "--no-browser" in command
    assert command[-1] == "--Voila.ip=127.0.0.1"


def test_the_cli_passes_options_after_the_double_dash_to_the_server(monkeypatch, cli):
    seen = {}
    monkeypatch.setattr(studio, "run_studio", lambda **kwargs: seen.update(kwargs) or 0)
    result = cli("studio", "units", "--app", "--port", "9000", "--", "--Voila.ip=127.0.0.1")
    assert result.code == 0
    assert seen["folder"] == "units" and seen["app"] and seen["port"] == 9000
    assert seen["jupyter_args"] == ["--Voila.ip=127.0.0.1"]


def test_options_after_the_double_dash_belong_to_studio_only(cli):
    result = cli("validate", "x.unit.yaml", "--", "--oops")
    assert result.code == 2
    assert "only for `pbl-author studio`" in result.err


def test_home_page_creates_and_opens_units(tmp_path):
    from pbl_author.designer.home import Home

    studio.seed_workspace(tmp_path)
    home = Home(tmp_path)
    assert "water-watchers.unit.yaml" in [label for label, _ in home.choice.options]
    home.name.value = "River Study!"
    home.create_button.click()
    assert (tmp_path / "river-study.unit.yaml").exists()
    assert home.designer is not None and home.view.children[1] is home.designer.view
    home.back_button.click()
    home.name.value = "river study"
    home.create_button.click()
    assert "already exists" in home.message.value
    home.choice.value = str(tmp_path / "water-watchers.unit.yaml")
    home.open_button.click()
    assert home.designer.session.unit.id == "water-watchers"


def test_main_is_importable_without_running_a_server():
    assert main(["studio", "--help"]) == 0


def test_the_app_notebook_is_removed_when_the_app_stops(tmp_path, monkeypatch):
    made = []

    class FinishedServer:
        def __init__(self, command):
            made.append(Path(command[3]))

        def wait(self, timeout=None):
            return 0

    monkeypatch.setattr(studio.subprocess, "Popen", FinishedServer)
    out = io.StringIO()
    assert studio.run_studio(str(tmp_path), open_browser=False, app=True, out=out, err=out) == 0
    assert made and made[0].name == "pbl-author.ipynb"
    assert not made[0].parent.exists()
