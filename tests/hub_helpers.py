"""A real team server for the tests: `workbench hub` on a loopback port, and the hub's
own sign-up and sign-in forms driven with HTTP requests (issue 17)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

WORKBENCH = str(Path(sys.executable).parent / "workbench")
PASSWORD = "a long enough passphrase 7"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_hub(project: str, folder: Path, *options: str, admin: str = "alex", python: str | None = None):
    """(base URL, config folder) of a started hub (`options`: more `workbench hub` options;
    `python`: the interpreter to run it with, else the `workbench` script); stopped with
    its proxy, servers and services after."""
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    log_path = folder.parent / f"{folder.name}.log"
    with open(log_path, "wb") as log:
        command = [python, "-c", "import sys; from workbench.cli import main; sys.exit(main())"] if python else [WORKBENCH]
        server = subprocess.Popen([*command, "hub", project, "--config-dir", str(folder), "--port", str(port),
                                   "--admin", admin, *options], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if requests.get(f"{base}/hub/login", timeout=5).status_code == 200:
                        break
                except requests.ConnectionError:
                    pass
                assert server.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "the hub did not start in 120 s"
                time.sleep(0.5)
            yield base, folder
        finally:
            os.killpg(server.pid, signal.SIGTERM)  # the hub, its proxy and any user servers it started
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


def xsrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=30)
    assert page.status_code == 200, page.text
    return re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)


def sign_up(base: str, name: str) -> str:
    with requests.Session() as session:
        token = xsrf(session, f"{base}/hub/signup")
        answer = session.post(f"{base}/hub/signup", timeout=30, data={
            "_xsrf": token, "username": name, "signup_password": PASSWORD,
            "signup_password_confirmation": PASSWORD, "email": ""})
        assert answer.status_code == 200
        return answer.text


def sign_in(base: str, name: str) -> tuple[requests.Session, requests.Response]:
    session = requests.Session()
    token = xsrf(session, f"{base}/hub/login")
    answer = session.post(f"{base}/hub/login", data={"_xsrf": token, "username": name, "password": PASSWORD},
                          allow_redirects=False, timeout=30)
    return session, answer


def approve(base: str, lead: requests.Session, name: str) -> None:
    """The lead (a hub admin) approves `name`'s sign-up, as the /hub/authorize page's link does."""
    answer = lead.get(f"{base}/hub/authorize/{name}", timeout=30)
    assert answer.status_code == 200, answer.text
