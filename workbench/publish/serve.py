"""How `workbench dashboard` runs Voila on a published snapshot: on 127.0.0.1 unless
told otherwise, with a token required for any other address, tracebacks off,
sources stripped, no file served by URL, and a template that loads nothing from a CDN."""

from __future__ import annotations

import ipaddress
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import WorkbenchError
from .snapshot import SNAPSHOT_NAME, read_snapshot

TEMPLATES_ROOT = Path(__file__).resolve().parent.parent  # holds voila/templates/workbench
PAGES = {"findings": "findings.ipynb", "ideas": "you_said_we_did.ipynb"}  # --page NAME: the notebook Voila runs
DASHBOARD = PAGES["findings"]


@dataclass
class DashboardCommand:
    argv: list[str]
    cwd: Path
    env: dict[str, str]
    url: str


def is_loopback(ip: str) -> bool:
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        raise WorkbenchError(f"{ip!r} is not an IP address; use e.g. 127.0.0.1 or 0.0.0.0.") from None


def dashboard_command(snapshot: str | Path, port: int = 8866, ip: str = "127.0.0.1", token: str = "",
                      environ: dict | None = None, pool_size: int = 1, page: str = "findings") -> DashboardCommand:
    """The Voila command line for a snapshot folder (or its findings.db), showing one
    page: the findings, or "you said, we did" (`page="ideas"`). One notebook per server
    keeps Voila from listing or serving anything else in the folder."""
    if page not in PAGES:
        raise WorkbenchError(f"There is no dashboard page {page!r}; choose one of: {', '.join(PAGES)}.")
    notebook = PAGES[page]
    folder = Path(snapshot)
    folder = folder.parent if folder.name == SNAPSHOT_NAME or folder.is_file() else folder
    read_snapshot(folder)  # a plain error now rather than a broken page later
    if not (folder / notebook).is_file():
        raise WorkbenchError(f"{folder} has no {notebook}; publish again with `workbench publish PROJECT {folder}`.")
    if not is_loopback(ip) and len(token) < 16:
        raise WorkbenchError(f"Serving on {ip} lets other computers connect, so a token of 16 or more characters is "
                             "needed: add --token (e.g. --token $(python -c 'import secrets; print(secrets.token_hex(16))')).")
    env = dict(os.environ if environ is None else environ)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(TEMPLATES_ROOT), env.get("JUPYTER_PATH", "")) if p)
    voila = Path(sys.executable).with_name("voila")
    argv = [str(voila), notebook, "--no-browser", f"--Voila.ip={ip}", f"--port={port}", "--Voila.port_retries=0",
            "--template=workbench", "--VoilaConfiguration.show_tracebacks=False",
            "--VoilaConfiguration.strip_sources=True",
            "--VoilaConfiguration.file_allowlist=^$",  # a pattern no file path matches: no file is served
            # the next visitor's page is computed ahead, in a waiting kernel: the snapshot never changes
            "--preheat_kernel=True", f"--pool_size={pool_size}"]
    if token:
        argv.append(f"--token={token}")
    url = f"http://{'127.0.0.1' if ip in ('0.0.0.0', '::') else ip}:{port}/" + (f"?token={token}" if token else "")
    return DashboardCommand(argv, folder, env, url)


def run_dashboard(command: DashboardCommand, grace: float = 10.0) -> int:
    """Run Voila until it ends or this process is asked to stop (SIGTERM from a service
    manager, SIGINT from Ctrl+C): then Voila is stopped too, so nothing is left serving
    on the port. Voila runs in a session of its own, so it hears only from us."""
    process = subprocess.Popen(command.argv, cwd=command.cwd, env=command.env, start_new_session=True)

    def stop(_signum, _frame):
        if process.poll() is None:
            process.terminate()

    previous = {number: signal.signal(number, stop) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        while True:
            try:
                return process.wait()
            except KeyboardInterrupt:  # a second Ctrl+C while Voila shuts down
                stop(None, None)
    finally:
        _stop(process, grace)
        for number, handler in previous.items():
            signal.signal(number, handler)


def _stop(process: subprocess.Popen, grace: float) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
