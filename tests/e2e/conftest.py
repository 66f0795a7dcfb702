"""Real-browser fixtures: headless Chromium (Debian's, through Playwright) and a
``pbl-author studio`` server on 127.0.0.1 started and stopped by PID.

On a machine without Chromium these tests skip with the reason; CI sets
``E2E_REQUIRE_BROWSER=1`` so a missing browser fails instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
REQUIRE = os.environ.get("E2E_REQUIRE_BROWSER") == "1"
TOKEN = "pbl-e2e-token"
TIMEOUT_MS = int(os.environ.get("E2E_TIMEOUT_MS", "60000"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable(reason: str):
    if REQUIRE:
        pytest.fail(f"browser tests are required here (E2E_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(f"browser tests skipped: {reason} (install chromium to run them)")


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("E2E_ARTIFACTS") or tmp_path_factory.mktemp("artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} does not exist")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    expect.set_options(timeout=TIMEOUT_MS)  # expect() ignores the context's default timeout
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def page(browser, artifacts, request):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    # Never wait on the network: only the loopback server is reachable.
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/])"), lambda r: r.abort())
    page = context.new_page()
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        page.screenshot(path=str(artifacts / f"{request.node.name}.FAILED.png"))
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def hermetic_env(root: Path) -> dict[str, str]:
    """Keep the user's Jupyter and IPython settings out of the test."""
    env = dict(os.environ)
    for variable, sub in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("JUPYTER_DATA_DIR", "data"),
        ("IPYTHONDIR", "ipython"),
    ]:
        (root / sub).mkdir(parents=True, exist_ok=True)
        env[variable] = str(root / sub)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    return env


def wait_until_ready(url: str, process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} not ready after {timeout}s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM the process group we started (server and kernels); SIGKILL if stuck."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


REPO = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def serving(command: list[str], *, root: Path, env: dict, ready_url: str, log: Path,
            artifacts: Path):  # fmt: skip
    """Run a server in its own process group until the block ends; keep its log."""
    with open(log, "w") as handle:
        process = subprocess.Popen(
            command, stdout=handle, stderr=subprocess.STDOUT, env=env, cwd=root,
            start_new_session=True,
        )  # fmt: skip
    try:
        wait_until_ready(ready_url, process, log)
        yield process
    finally:
        stop(process)
        shutil.copy(log, artifacts / log.name)


@pytest.fixture(scope="session")
def studio(tmp_path_factory, artifacts):
    """``make studio`` as a person runs it, on a fresh workspace and a free port.

    Make runs ``.venv/bin/pbl-author studio`` (the venv ``make test`` made); the folder
    and the server options come through ``STUDIO_ARGS``.
    """
    root = tmp_path_factory.mktemp("studio")
    workspace = root / "pbl-units"
    env = hermetic_env(root)
    settings = root / "user-settings"
    notification = (
        settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    )
    notification.parent.mkdir(parents=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    port = free_port()
    log = root / "studio.log"
    server = [
        str(workspace), "--no-browser", "--port", str(port), "--",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={TOKEN}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabServerApp.user_settings_dir={settings}",
        f"--LabServerApp.workspaces_dir={root / 'workspaces'}",
    ]  # fmt: skip
    venv = Path(sys.prefix)
    command = ["make", "-s", "-C", str(REPO), "studio", f"VENV={venv}",
               "STUDIO_ARGS=" + " ".join(server)]  # fmt: skip
    ready = f"http://127.0.0.1:{port}/api/status?token={TOKEN}"
    with serving(command, root=root, env=env, ready_url=ready, log=log, artifacts=artifacts):
        yield {"url": f"http://127.0.0.1:{port}", "workspace": workspace, "log": log}
