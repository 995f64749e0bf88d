"""`workbench hub`: the team server (issue 17), a real JupyterHub in front of the project."""

from __future__ import annotations

import os

import click

from .base import cli


@cli.command()
@click.argument("project")
@click.option("--config-dir", required=True, type=click.Path(file_okay=False),
              help="Where the hub keeps its configuration, accounts and each user's folder.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--ip", default="127.0.0.1", show_default=True,
              help="The address to listen on; any other than loopback needs --ssl-cert and --ssl-key.")
@click.option("--admin", default="lead", show_default=True,
              help="The project lead's sign-in name: they sign up first and approve everyone else.")
@click.option("--ssl-cert", default=None, help="TLS certificate (needed for an address other than loopback).")
@click.option("--ssl-key", default=None, help="TLS private key, with --ssl-cert.")
@click.option("--logins", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A JSON file {hub sign-in name: project URL with their own database login} "
                   "(Project.grant_database_login gives the URLs); copied into the configuration folder.")
@click.option("--dashboard", type=click.Path(file_okay=False), default=None,
              help="A folder `workbench publish` wrote: its findings page is served at /services/findings/ "
                   "to everyone signed in to the hub.")
@click.option("--public-dashboard", is_flag=True, help="Serve that findings page to anyone, without sign-in.")
@click.option("--system-users", is_flag=True,
              help="One system account per hub user (wb-NAME, made when their server first starts; the hub runs as "
                   "root): each server runs as its person and reads only its own database login.")
@click.option("--write-only", is_flag=True, help="Write jupyterhub_config.py and stop, without starting the hub.")
def hub(project, config_dir, port, ip, admin, ssl_cert, ssl_key, logins, dashboard, public_dashboard, system_users,
        write_only):
    """Start a team server: JupyterHub with sign-up approved by the lead, one Jupyter
    server per signed-in person, everyone working as who they signed in as.

    \b
    Examples:
        workbench hub postgresql+psycopg://workbench@db/study --config-dir /srv/study-hub --admin alex
        workbench hub study.db --config-dir hub/ --port 8000     (SQLite: one server only)
        workbench hub study.db --config-dir hub/ --dashboard published/     (findings at /services/findings/)
        sudo workbench hub postgresql+psycopg://workbench@db/study --config-dir /srv/study-hub --logins logins.json --system-users
    """
    from pathlib import Path

    from ..hub.config import HubSettings, hub_command, with_ports, write_config

    import json

    from ..errors import WorkbenchError

    try:
        given_logins = json.loads(Path(logins).read_text(encoding="utf-8")) if logins else None
    except (ValueError, UnicodeDecodeError):
        raise WorkbenchError(f"{logins} is not a JSON file; write it as {{\"val\": \"postgresql+psycopg://...\"}}.") from None
    if given_logins is not None and not isinstance(given_logins, dict):
        raise WorkbenchError(f"{logins} must hold one JSON object: each hub sign-in name and its database URL.")
    settings = with_ports(HubSettings(project=project, config_dir=Path(config_dir), ip=ip, port=port, admin=admin,
                           ssl_cert=ssl_cert, ssl_key=ssl_key, logins=given_logins, dashboard=dashboard,
                           public_dashboard=public_dashboard, system_users=system_users))
    if public_dashboard and not dashboard:
        raise WorkbenchError("--public-dashboard opens the findings page to anyone: give the published folder "
                             "with --dashboard too.")
    config = write_config(settings)
    scheme = "https" if ssl_cert else "http"
    click.echo(f"Wrote {config}.")
    if write_only:
        return
    click.echo(f"Team server at {scheme}://{ip}:{port}/ ; {admin} signs up first, then approves others at /hub/authorize.")
    command = hub_command(config, system_users)
    if dashboard:
        from ..hub.service import start_dashboard

        start_dashboard(settings)  # beside the hub, in its process group
        click.echo(f"Findings dashboard at {scheme}://{ip}:{port}/services/findings/"
                   + (" for anyone." if public_dashboard else " for everyone signed in."))
    if system_users:
        os.umask(0o077)  # the hub's database, secrets and logs: the hub's alone
    os.chdir(config.parent)
    os.execv(command[0], command)  # the hub in this process: stopping it stops the proxy and servers it started
