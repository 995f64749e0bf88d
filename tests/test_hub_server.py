"""`workbench hub` starts a real JupyterHub with configurable-http-proxy on loopback
(issue 17): sign-up through the form, approval by the lead, sign-in, and an anonymous
visitor sent to the sign-in page. The project is on the session's real PostgreSQL."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from workbench.cli import main
from workbench.project import Project

WORKBENCH = str(Path(sys.executable).parent / "workbench")
PASSWORD = "a long enough passphrase 7"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def hub(postgres_url, tmp_path):
    Project.create(postgres_url, member="Alex Morgan", title="Clinic visits").close()
    port, folder = free_port(), tmp_path / "hub"
    log = open(tmp_path / "hub.log", "wb")
    server = subprocess.Popen([WORKBENCH, "hub", postgres_url, "--config-dir", str(folder), "--port", str(port),
                               "--admin", "alex"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(f"{base}/hub/login", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert server.poll() is None, (tmp_path / "hub.log").read_text()
            assert time.monotonic() < deadline, "the hub did not start in 120 s"
            time.sleep(0.5)
        yield base, folder
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the hub, its proxy and any user servers it started
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


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


def test_sign_up_is_approved_by_the_lead_and_anonymous_visitors_are_sent_to_sign_in(hub):
    base, folder = hub
    config = (folder / "jupyterhub_config.py").read_text()
    assert "NativeAuthenticator.open_signup = False" in config and "'simple'" in config
    assert "configurable-http-proxy" in config and "postgresql+psycopg://" in config

    sign_up(base, "alex")  # the lead (--admin): approved at sign-up, as the sign-in below shows
    assert "sent to the admin" in sign_up(base, "sam")

    _, refused = sign_in(base, "sam")  # not approved yet
    assert refused.status_code != 302 and "has not been authorized" in refused.text

    lead, signed = sign_in(base, "alex")
    assert signed.status_code == 302, signed.text
    token = lead.cookies.get("_xsrf") or xsrf(lead, f"{base}/hub/authorize")
    approved = lead.get(f"{base}/hub/authorize/sam", params={"_xsrf": token}, timeout=30)
    assert approved.status_code == 200

    _, signed = sign_in(base, "sam")
    assert signed.status_code == 302 and "/hub/login" not in signed.headers["Location"]

    anonymous = requests.get(f"{base}/user/sam/lab", allow_redirects=False, timeout=30)
    assert anonymous.status_code == 302
    assert "/hub/login" in anonymous.headers["Location"] or "/hub/user/sam" in anonymous.headers["Location"]
    final = requests.get(f"{base}/user/sam/lab", timeout=30)
    assert final.url.startswith(f"{base}/hub/login") and 'name="password"' in final.text


def test_another_address_without_tls_is_refused_in_one_line(tmp_path, capsys):
    project = tmp_path / "study.db"
    Project.create(project, member="Alex Morgan").close()
    status = main(["hub", str(project), "--config-dir", str(tmp_path / "hub"), "--ip", "0.0.0.0", "--write-only"])
    assert status == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("error: The team server would listen on 0.0.0.0 without TLS") and "\n" not in error
    assert not (tmp_path / "hub" / "jupyterhub_config.py").exists()
    status = main(["hub", str(project), "--config-dir", str(tmp_path / "hub"), "--ip", "0.0.0.0",
                   "--ssl-cert", str(tmp_path / "missing.pem"), "--ssl-key", str(tmp_path / "missing.key"), "--write-only"])
    assert status == 2 and "is not a file" in capsys.readouterr().err
    assert main(["hub", str(project), "--config-dir", str(tmp_path / "hub"), "--write-only"]) == 0
    assert "c.JupyterHub.ip = '127.0.0.1'" in (tmp_path / "hub" / "jupyterhub_config.py").read_text()
