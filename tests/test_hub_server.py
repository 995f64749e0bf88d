"""`workbench hub` starts a real JupyterHub with configurable-http-proxy on loopback
(issue 17): sign-up through the form, approval by the lead, sign-in, and an anonymous
visitor sent to the sign-in page. The project is on the session's real PostgreSQL."""

from __future__ import annotations

import pytest
import requests

from hub_helpers import approve, running_hub, sign_in, sign_up
from workbench.cli import main
from workbench.project import Project


@pytest.fixture
def hub(postgres_url, tmp_path):
    Project.create(postgres_url, member="Alex Morgan", title="Clinic visits").close()
    with running_hub(postgres_url, tmp_path / "hub") as started:
        yield started


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
    approve(base, lead, "sam")

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
