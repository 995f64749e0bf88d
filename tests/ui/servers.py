"""Real Jupyter servers on 127.0.0.1 for the browser tests, started and stopped by them."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _quiet_environment(home: Path) -> dict:
    environment = dict(os.environ)
    for name, folder in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                         ("IPYTHONDIR", "ipython")):
        environment[name] = str(home / folder)
    environment["HF_HUB_OFFLINE"] = "1"
    return environment


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except Exception:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not start in {seconds} s: {log.read_text()[-3000:]}")


@contextmanager
def _server(command: list[str], root: Path, probe: str, port: int):
    home = root.parent / f".server-{port}"
    home.mkdir(exist_ok=True)
    log = home / "server.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(command, cwd=root, env=_quiet_environment(home), stdout=output,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_until_up(probe, process, log)
        try:
            yield process
        except BaseException:  # a failing test: what the server said may tell why
            print(f"\nThe server said (end of {log}):\n{log.read_text(errors='replace')[-4000:]}")
            raise
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def jupyter_lab(root: Path):
    """JupyterLab serving `root`; yields (base url, token)."""
    port, token = free_port(), secrets.token_hex(16)
    command = [str(BIN / "jupyter"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
               f"--LabApp.workspaces_dir={root.parent / f'.workspaces-{port}'}", "--ServerApp.port_retries=0"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    base = f"http://127.0.0.1:{port}"
    with _server(command, root, f"{base}/api/status?token={token}", port):
        yield base, token


@contextmanager
def voila(root: Path, notebook: str, *extra: str):
    """Voila serving one notebook from `root`; yields its URL."""
    port = free_port()
    command = [str(BIN / "voila"), notebook, "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}",
               "--Voila.port_retries=0", *extra]
    base = f"http://127.0.0.1:{port}"
    with _server(command, root, voila_probe(base), port):
        yield base


def voila_probe(base: str) -> str:
    """A URL that answers once Voila is up without running the notebook: asking for the
    page itself would start a kernel and run every cell a second time, beside the test's."""
    return f"{base}/voila/static/favicon.ico"
