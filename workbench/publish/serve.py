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
PARTNER_PAGES = Path(__file__).resolve().parents[2] / "partners"  # one thin notebook per partner activity


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
    # the next visitor's page is computed ahead, in a waiting kernel: the snapshot never changes
    return _voila_command(notebook, folder, port, ip, token, environ,
                          ["--preheat_kernel=True", f"--pool_size={pool_size}"])


def _voila_command(notebook: str, folder: Path, port: int, ip: str, token: str, environ: dict | None,
                   extra: list[str]) -> DashboardCommand:
    """Voila on one notebook of `folder`: tracebacks off, sources stripped, no file
    served by URL, the workbench template (nothing from a CDN), a token off 127.0.0.1."""
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
            *extra]
    if token:
        argv.append(f"--token={token}")
    url = f"http://{'127.0.0.1' if ip in ('0.0.0.0', '::') else ip}:{port}/" + (f"?token={token}" if token else "")
    return DashboardCommand(argv, folder, env, url)


def partner_page_command(project: str, page: str, folder: str | Path, port: int = 8870, ip: str = "127.0.0.1",
                         token: str = "", environ: dict | None = None, **options: str) -> DashboardCommand:
    """Voila serving one partner page (partners/PAGE.ipynb: coding, board, voting or
    review) on the live project, from `folder` (a copy of the page with `options`, e.g.
    BOARD, set in its parameters; the project itself goes by environment variable, so
    a database URL is never written to a file). No pre-computed page: the project
    changes while partners work."""
    from ..widgets.partner_apps import PROJECT_VARIABLE

    source = PARTNER_PAGES / f"{page}.ipynb"
    if not source.is_file():
        pages = ", ".join(sorted(p.stem for p in PARTNER_PAGES.glob("*.ipynb")))
        raise WorkbenchError(f"There is no partner page {page!r}; choose one of: {pages}.")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    _page_with_parameters(source, folder / source.name, options)
    env = dict(os.environ if environ is None else environ)
    env[PROJECT_VARIABLE] = project
    return _voila_command(source.name, folder, port, ip, token, env, [])


def _page_with_parameters(source: Path, destination: Path, options: dict[str, str]) -> None:
    import nbformat

    notebook = nbformat.read(source, as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    known = {line.split("=", 1)[0].strip() for line in cell.source.splitlines() if "=" in line}
    unknown = sorted(set(options) - known)
    if unknown:
        raise WorkbenchError(f"The {source.stem} page takes no {unknown[0].lower()}; it takes: "
                             + ", ".join(sorted(known - {"PROJECT"})).lower() + ".")
    cell.source += "".join(f"\n{name} = {value!r}" for name, value in options.items() if value)
    nbformat.write(notebook, destination)


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
