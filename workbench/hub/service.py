"""The read-only findings dashboard as a JupyterHub service (issue 17).

`workbench hub PROJECT --dashboard PUBLISHED` serves the published snapshot's findings
page (`workbench publish` wrote it; the snapshot rules of today hold: read-only, only
what partners may see) at /services/findings/ on the hub: Voila on a loopback port
behind the hub's own sign-in (any approved user, through the hub's OAuth without a
confirmation page), or open to anyone with `--public-dashboard`.

Voila is started by `workbench hub` beside the hub, as an external service with its own
API token: JupyterHub gives a service it starts itself ten seconds to answer and stops
altogether when it does not, which Voila on a busy machine can miss.
"""

from __future__ import annotations

import json
import os
import subprocess

SERVICE_NAME = "findings"
SERVICE_PREFIX = f"/services/{SERVICE_NAME}/"
ACCESS_SCOPE = f"access:services!service={SERVICE_NAME}"
SIGN_IN = "workbench.hub.sign_in.HubSignIn"  # Voila's identity provider: the hub's OAuth


def service_entry(settings) -> dict:
    """The hub's `services` entry for the dashboard (settings: config.HubSettings)."""
    entry = {"name": SERVICE_NAME, "url": f"http://127.0.0.1:{settings.dashboard_port}", "display": True}
    if not settings.public_dashboard:
        entry.update(api_token=settings.dashboard_token, oauth_no_confirm=True)
    return entry


def service_config(settings) -> list[str]:
    """jupyterhub_config.py lines: the service, and every signed-in user allowed to open it."""
    lines = [f"c.JupyterHub.services = [{service_entry(settings)!r}]"]
    if not settings.public_dashboard:
        lines.append(f"c.JupyterHub.load_roles = [{{'name': 'user', 'scopes': ['self', {ACCESS_SCOPE!r}]}}]")
    return lines


def dashboard_command(settings):
    """Voila on the snapshot's findings page, under the service's prefix, signed in
    through the hub unless the page is public (a plain error if nothing is published)."""
    from ..publish.serve import dashboard_command as voila_command

    command = voila_command(settings.dashboard, settings.dashboard_port, "127.0.0.1", "")
    command.argv.append(f"--Voila.base_url={SERVICE_PREFIX}")
    if settings.public_dashboard:
        return command
    command.argv.append(f"--Voila.identity_provider_class={SIGN_IN}")
    command.env.update({  # what JupyterHub gives a service it starts itself
        "JUPYTERHUB_SERVICE_NAME": SERVICE_NAME, "JUPYTERHUB_API_TOKEN": settings.dashboard_token,
        "JUPYTERHUB_CLIENT_ID": f"service-{SERVICE_NAME}", "JUPYTERHUB_BASE_URL": "/",
        "JUPYTERHUB_API_URL": f"http://127.0.0.1:{settings.hub_port}/hub/api",
        "JUPYTERHUB_SERVICE_PREFIX": SERVICE_PREFIX, "JUPYTERHUB_SERVICE_URL": service_entry(settings)["url"],
        "JUPYTERHUB_OAUTH_CALLBACK_URL": f"{SERVICE_PREFIX}oauth_callback",
        "JUPYTERHUB_OAUTH_ACCESS_SCOPES": json.dumps([ACCESS_SCOPE]),
    })
    return command


def start_dashboard(settings, log=None) -> subprocess.Popen:
    """Voila in this process group: stopping the hub's group (Ctrl+C, a service manager) stops it too."""
    command = dashboard_command(settings)
    return subprocess.Popen(command.argv, cwd=command.cwd, env=command.env, stdout=log, stderr=log)

