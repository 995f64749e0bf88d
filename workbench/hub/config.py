"""The team server's JupyterHub configuration, written as a jupyterhub_config.py.

- Sign-in: NativeAuthenticator. People sign up with a password; nobody gets in until
  an admin (the project lead, `--admin`) approves them at /hub/authorize.
- Servers: SimpleLocalProcessSpawner. It starts each signed-in user's Jupyter server as
  the hub's own system user, in a folder of their own under the configuration folder,
  so the hub runs without root and without a system account per person (right for one
  team server and for a loopback test). Who someone is comes from the hub (the
  JUPYTERHUB_USER it sets), never from their system account. The limit of this default:
  anyone signed in can open JupyterLab on their own server and run code as that shared
  system user, so they can read `logins.json` (every person's database password) and
  other users' server environments and folders, set JUPYTERHUB_USER themselves, and so
  act as anyone, in the API and in the database. The identity is only as strong as the
  spawner: a team that cannot trust each other with their logins starts the hub as root
  with `--system-users` (hub/accounts.py: LocalProcessSpawner, one `wb-` system account
  per user, each user's database URL in a file only their account reads).
- Proxy: configurable-http-proxy from npm, installed by the project's own deploy/package.json.
- The project (a PostgreSQL URL for a team; a SQLite file for one server only) is given
  to every user's server as WORKBENCH_PROJECT.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import shutil
import socket
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import WorkbenchError

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
LOOPBACK_NAMES = {"localhost"}
PROJECT_VARIABLE = "WORKBENCH_PROJECT"
LOGINS_FILE = "logins.json"  # {hub user: project URL with their own database login}


@dataclass(frozen=True)
class HubSettings:
    project: str
    config_dir: Path
    ip: str = "127.0.0.1"
    port: int = 8000
    admin: str = "lead"
    ssl_cert: str | None = None
    ssl_key: str | None = None
    default_url: str = "/voila/render/coding.ipynb"  # researchers open /user/NAME/lab
    logins: dict | None = None  # hub user -> project URL with their database login
    dashboard: str | None = None  # a published snapshot folder, served at /services/findings/
    public_dashboard: bool = False  # that page without sign-in
    hub_port: int = 0  # the hub's own API port (0: a free one, chosen by with_ports)
    dashboard_port: int = 0
    dashboard_token: str = ""  # the dashboard service's API token
    system_users: bool = False  # one system account per hub user (hub/accounts.py; needs root)


def with_ports(settings: HubSettings) -> HubSettings:
    """The settings with the loopback ports (and the dashboard's API token) chosen once,
    so the written configuration and the dashboard started beside the hub agree."""
    changes = {} if settings.hub_port else {"hub_port": free_port()}
    if settings.dashboard and not settings.dashboard_port:
        changes.update(dashboard_port=free_port(), dashboard_token=secrets.token_hex(32))
    return replace(settings, **changes)


def root_args() -> list[str]:
    """Jupyter servers refuse to start as root; a hub run as root (a container) says so."""
    return ["--allow-root"] if os.geteuid() == 0 else []


def is_loopback(ip: str) -> bool:
    if ip in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


def check_address(ip: str, ssl_cert: str | None, ssl_key: str | None) -> None:
    """Passwords cross the network: any address but loopback needs TLS."""
    if bool(ssl_cert) != bool(ssl_key):
        raise WorkbenchError("Give both --ssl-cert and --ssl-key (the certificate and its private key), or neither.")
    for given in (ssl_cert, ssl_key):
        if given and not Path(given).is_file():
            raise WorkbenchError(f"{given} is not a file; give the path of the TLS certificate and key.")
    if not is_loopback(ip) and not ssl_cert:
        raise WorkbenchError(
            f"The team server would listen on {ip} without TLS, sending passwords in the clear; "
            "give --ssl-cert and --ssl-key, or keep --ip 127.0.0.1 behind a TLS-terminating web server.")


def proxy_command() -> str:
    """configurable-http-proxy as installed from deploy/package.json, else from PATH."""
    local = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return str(local)
    found = shutil.which("configurable-http-proxy")
    if found:
        return found
    raise WorkbenchError("configurable-http-proxy is not installed; run scripts/setup-hub (npm ci in deploy/).")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def project_target(project: str) -> str:
    """A URL as given; a file path made absolute, since each user's server runs in its own folder."""
    if "://" in project:
        return project
    path = Path(project).expanduser().resolve()
    if not path.exists():
        raise WorkbenchError(f"{project} does not exist; create the project first, or give its database URL.")
    return str(path)


def config_text(settings: HubSettings) -> str:
    folder = settings.config_dir.resolve()
    bin_dir = Path(sys.executable).parent
    lines = [
        "# Written by `workbench hub`; edit and start again with `jupyterhub -f jupyterhub_config.py`.",
        "c = get_config()  # noqa: F821",
        f"c.JupyterHub.ip = {settings.ip!r}",
        f"c.JupyterHub.port = {settings.port}",
        "c.JupyterHub.hub_ip = '127.0.0.1'",
        f"c.JupyterHub.hub_port = {settings.hub_port or free_port()}",
        f"c.JupyterHub.db_url = {'sqlite:///' + str(folder / 'jupyterhub.sqlite')!r}",
        f"c.JupyterHub.cookie_secret_file = {str(folder / 'jupyterhub_cookie_secret')!r}",
        f"c.JupyterHub.pid_file = {str(folder / 'jupyterhub.pid')!r}",
        f"c.JupyterHub.template_paths = [{str(folder / 'templates')!r}]",
        "c.JupyterHub.authenticator_class = 'native'",
        "c.NativeAuthenticator.open_signup = False  # the lead approves each sign-up at /hub/authorize",
        "c.NativeAuthenticator.minimum_password_length = 10",
        "c.NativeAuthenticator.check_common_password = True",
        "c.Authenticator.allow_all = True  # every approved account; approval is the gate",
        f"c.Authenticator.admin_users = {{{settings.admin!r}}}",
        f"c.Spawner.cmd = [{str(bin_dir / 'jupyterhub-singleuser')!r}]",
        f"c.Spawner.default_url = {settings.default_url!r}",
        "import json, pathlib, shutil",
        f"_PROJECT, _LOGINS = {project_target(settings.project)!r}, pathlib.Path({str(folder / LOGINS_FILE)!r})",
        "def _project_for(spawner):  # a user's own database login, if the lead gave one (read at each start)",
        "    logins = json.loads(_LOGINS.read_text()) if _LOGINS.exists() else {}",
        "    return logins.get(spawner.user.name, _PROJECT)",
        f"c.ConfigurableHTTPProxy.command = [{proxy_command()!r}]",
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{free_port()}'",
        f"c.ConfigurableHTTPProxy.pid_file = {str(folder / 'proxy.pid')!r}",
    ]
    lines += _system_users_lines(folder, bin_dir) if settings.system_users else [
        "c.JupyterHub.spawner_class = 'simple'",
        f"c.SimpleLocalProcessSpawner.home_dir_template = {str(folder / 'users' / '{username}')!r}",
        f"c.Spawner.environment = {{{PROJECT_VARIABLE!r}: _project_for, 'PATH': {str(bin_dir) + ':/usr/bin:/bin'!r}}}",
        # each user's server starts with the coding page in its folder
        "def _copy_coding_page(spawner):",
        f"    home = pathlib.Path({str(folder / 'users')!r}) / spawner.user.name",
        "    home.mkdir(parents=True, exist_ok=True)",
        f"    shutil.copy({str(folder / 'coding.ipynb')!r}, home / 'coding.ipynb')",
        "c.Spawner.pre_spawn_hook = _copy_coding_page",
    ]
    lines += [
        "c.Spawner.start_timeout = 180  # a busy shared machine starts a server slowly",
        "c.Spawner.http_timeout = 180",
        f"c.Spawner.args = {['--VoilaConfiguration.show_tracebacks=False', *root_args()]!r}",
    ]
    if settings.dashboard:
        from .service import dashboard_command, service_config

        dashboard_command(settings)  # nothing published there: one plain error before anything is written
        lines += service_config(settings)
    if settings.ssl_cert:
        lines += [f"c.JupyterHub.ssl_cert = {str(Path(settings.ssl_cert).resolve())!r}",
                  f"c.JupyterHub.ssl_key = {str(Path(settings.ssl_key).resolve())!r}"]
    return "\n".join(lines) + "\n"


def _system_users_lines(folder: Path, bin_dir: Path) -> list[str]:
    """Each user's server as their own system account, told only where its project file is."""
    from .accounts import PROJECT_FILE, PROJECT_FILE_VARIABLE

    users = folder / "users"
    return [
        "c.JupyterHub.spawner_class = 'workbench.hub.account_spawner.AccountSpawner'",
        f"c.Spawner.cmd = [{sys.executable!r}, '-m', 'jupyterhub.singleuser']  # this Python, which every account runs",
        "def _project_file(spawner):",
        f"    return str(pathlib.Path({str(users)!r}) / spawner.user.name / {PROJECT_FILE!r})",
        f"c.Spawner.environment = {{{PROJECT_FILE_VARIABLE!r}: _project_file, 'PATH': {str(bin_dir) + ':/usr/bin:/bin'!r}}}",
        "def _prepare_account(spawner):  # the account, its folder, its page and its project file",
        "    from workbench.hub.accounts import prepare_server",
        f"    prepare_server(spawner.user.name, pathlib.Path({str(users)!r}), pathlib.Path({str(folder / 'coding.ipynb')!r}),",
        "                   _project_for(spawner))",
        "c.Spawner.pre_spawn_hook = _prepare_account",
    ]


# JupyterHub's orange (white text on #f37524, about 2.9:1) fails WCAG AA contrast on
# the sign-in and sign-up pages; the same look, darker.
PAGE_TEMPLATE = """{% extends "templates/page.html" %}
{% block stylesheet %}{{ super() }}
<style>
  div.auth-form-header, .btn-jupyter, .btn-jupyter:hover { background: #9c3d00 !important; border-color: #9c3d00; color: #fff !important; }
</style>
{% endblock stylesheet %}
"""


def write_config(settings: HubSettings) -> Path:
    from .page import write_page

    check_address(settings.ip, settings.ssl_cert, settings.ssl_key)
    if settings.system_users:
        from .accounts import check_root

        check_root()
    settings = with_ports(settings)
    settings.config_dir.mkdir(parents=True, exist_ok=True)
    (settings.config_dir / "users").mkdir(exist_ok=True)
    write_page(settings.config_dir)
    (settings.config_dir / "templates").mkdir(exist_ok=True)
    (settings.config_dir / "templates" / "page.html").write_text(PAGE_TEMPLATE, encoding="utf-8")
    if settings.logins is not None:
        write_logins(settings.config_dir, settings.logins)
    target = settings.config_dir / "jupyterhub_config.py"
    target.write_text(config_text(settings), encoding="utf-8")
    if settings.system_users:  # the servers' accounts reach their own folder, nothing of the hub's
        from .accounts import hub_only

        hub_only(settings.config_dir)
    return target


def hub_command(config: Path, system_users: bool = False) -> list[str]:
    if system_users:  # this very Python (its scripts' first line may name another)
        return [sys.executable, "-m", "jupyterhub", "-f", str(config.resolve())]
    return [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config.resolve())]


def write_logins(config_dir: Path, logins: dict) -> Path:
    """Each hub user's project URL (with their own database login), readable by the hub's user only."""
    import json

    if not all(isinstance(k, str) and isinstance(v, str) and "://" in v for k, v in logins.items()):
        raise WorkbenchError("The logins file maps each hub sign-in name to a database URL, e.g. {\"val\": \"postgresql+psycopg://...\"}.")
    target = config_dir / LOGINS_FILE
    target.touch(mode=0o600, exist_ok=True)
    target.chmod(0o600)
    target.write_text(json.dumps(logins, indent=1), encoding="utf-8")
    return target
