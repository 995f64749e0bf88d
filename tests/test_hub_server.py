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
    with Project.create(postgres_url, member="Alex Morgan", title="Clinic visits") as lead:
        lead.publish(tmp_path / "published")  # the findings page the hub serves at /services/findings/
    with running_hub(postgres_url, tmp_path / "hub", "--dashboard", str(tmp_path / "published")) as started:
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

    # the read-only findings dashboard, a hub service: anonymous visitors are sent to sign in,
    anonymous = requests.get(f"{base}/services/findings/", timeout=60)
    assert anonymous.url.startswith(f"{base}/hub/login") and 'name="password"' in anonymous.text
    # and a signed-in person sees the page, straight through the hub's OAuth (no confirmation page)
    sams, _ = sign_in(base, "sam")
    page = sams.get(f"{base}/services/findings/", timeout=120)
    assert page.status_code == 200 and page.url.startswith(f"{base}/services/findings/"), page.url
    assert "What we found" in page.text and "application/vnd.jupyter.widget-view+json" in page.text
    assert "from workbench.widgets" not in page.text  # the page, not its code


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


def test_the_findings_dashboard_is_public_only_when_the_lead_says(tmp_path, capsys):
    from traitlets.config.loader import PyFileConfigLoader

    from workbench.hub.config import HubSettings, with_ports
    from workbench.hub.service import dashboard_command

    project = tmp_path / "study.db"
    with Project.create(project, member="Alex Morgan") as lead:
        lead.publish(tmp_path / "published")
    args = ["hub", str(project), "--config-dir", str(tmp_path / "hub"), "--write-only"]

    def service(*more):
        assert main([*args, *more]) == 0
        config = PyFileConfigLoader("jupyterhub_config.py", path=str(tmp_path / "hub")).load_config()
        return config.JupyterHub.services[0], config.JupyterHub.get("load_roles")

    signed, roles = service("--dashboard", str(tmp_path / "published"))
    assert signed["name"] == "findings" and signed["oauth_no_confirm"] and signed["url"].startswith("http://127.0.0.1:")
    assert len(signed["api_token"]) == 64
    assert roles == [{"name": "user", "scopes": ["self", "access:services!service=findings"]}]
    public, roles = service("--dashboard", str(tmp_path / "published"), "--public-dashboard")
    assert "api_token" not in public and not roles

    settings = with_ports(HubSettings(str(project), tmp_path / "hub", dashboard=str(tmp_path / "published")))
    behind = dashboard_command(settings)
    assert "--Voila.base_url=/services/findings/" in behind.argv and behind.cwd == tmp_path / "published"
    assert any(part.endswith("sign_in.HubSignIn") for part in behind.argv)
    assert behind.env["JUPYTERHUB_API_TOKEN"] == settings.dashboard_token
    assert behind.env["JUPYTERHUB_API_URL"] == f"http://127.0.0.1:{settings.hub_port}/hub/api"
    open_to_all = dashboard_command(with_ports(HubSettings(str(project), tmp_path / "hub", dashboard=str(
        tmp_path / "published"), public_dashboard=True)))
    assert not any("HubSignIn" in part for part in open_to_all.argv)
    assert "JUPYTERHUB_API_TOKEN" not in open_to_all.env or open_to_all.env["JUPYTERHUB_API_TOKEN"] != settings.dashboard_token

    capsys.readouterr()
    assert main([*args, "--public-dashboard"]) == 2 and "give the published folder" in capsys.readouterr().err
    assert main([*args, "--dashboard", str(tmp_path)]) == 2  # nothing published there: one plain error
    assert "publish" in capsys.readouterr().err
