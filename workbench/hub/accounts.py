"""`workbench hub --system-users`: one system account per hub user, so the code a
person runs in their JupyterLab runs as them and cannot read anyone else's login.

Each hub user NAME gets the account `wb-NAME` (a system account, no login shell, its
home their folder under the configuration folder, made when their server first starts;
the hub runs as root to make it and to start each server as its account). Their
project URL (with their own database login) is written to a file in that folder, mode
0600 and owned by their account, and the server is told only where that file is
(WORKBENCH_PROJECT_FILE), never the URL itself; the hub's own files (`logins.json`,
its database and cookie secret) stay readable by the hub only.
"""

from __future__ import annotations

import os
import pwd
import re
import stat
import subprocess
import sys
from pathlib import Path

from ..errors import WorkbenchError

ACCOUNT_PREFIX = "wb-"
PROJECT_FILE = ".workbench-project"
PROJECT_FILE_VARIABLE = "WORKBENCH_PROJECT_FILE"
ACCOUNT_NAME = re.compile(r"[a-z0-9_][a-z0-9_.-]{0,28}")  # useradd's rule, with room for the prefix


def account_name(hub_user: str) -> str:
    if not ACCOUNT_NAME.fullmatch(hub_user):
        raise WorkbenchError(f"'{hub_user}' cannot be a system account's name; sign up with lower-case letters, "
                             "digits, '.', '-' or '_' (at most 29).")
    return ACCOUNT_PREFIX + hub_user


def check_root() -> None:
    """The hub runs as root, with a Python (and packages) every account can run."""
    if os.geteuid() != 0:
        raise WorkbenchError("--system-users makes a system account for each person and starts their server as "
                             "it, so the hub must run as root; start it as root, or leave out --system-users.")
    import jupyterhub

    for needed in (Path(sys.executable).resolve(), Path(jupyterhub.__file__).resolve()):
        closed = next((folder for folder in needed.parents if not folder.stat().st_mode & stat.S_IXOTH), None)
        if closed is not None:
            raise WorkbenchError(
                f"--system-users starts each server as its person's own account, but only {closed.owner()} can "
                f"enter {closed}, which holds {needed.name}; install the workbench in a virtual environment every "
                "account can read (e.g. python3 -m venv /opt/workbench) and start the hub from there.")


def ensure_account(hub_user: str, home: Path) -> pwd.struct_passwd:
    """The account of `hub_user`, made if missing, with `home` (made, theirs, 0700)."""
    name = account_name(hub_user)
    try:
        account = pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--user-group", "--home-dir", str(home),
                        "--shell", "/usr/sbin/nologin", name], check=True, capture_output=True)
        account = pwd.getpwnam(name)
    home.mkdir(parents=True, exist_ok=True)
    os.chown(home, account.pw_uid, account.pw_gid)
    home.chmod(0o700)
    return account


def give(path: Path, account: pwd.struct_passwd, text: str | None = None, source: Path | None = None) -> Path:
    """`path` written (or copied from `source`), owned by `account`, readable by it only."""
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(source.read_text(encoding="utf-8") if source is not None else text or "")
    os.chown(path, account.pw_uid, account.pw_gid)
    return path


def prepare_server(hub_user: str, users: Path, page: Path, project: str) -> Path:
    """Before a server starts: the account, its folder, its copy of the coding page and
    its project file; returns the project file's path."""
    home = users / hub_user
    account = ensure_account(hub_user, home)
    give(home / page.name, account, source=page)
    return give(home / PROJECT_FILE, account, text=project)


def project_from_file() -> str | None:
    """The project URL a --system-users server was given, from its file (None elsewhere)."""
    where = os.environ.get(PROJECT_FILE_VARIABLE)
    if not where:
        return None
    return Path(where).read_text(encoding="utf-8").strip() or None


def hub_only(folder: Path) -> None:
    """The hub's folder: others may pass through to their own folder, read nothing else
    (what the hub writes later is its own too: it runs with umask 077)."""
    folder.chmod(0o711)
    (folder / "users").chmod(0o711)
    for secret in ("logins.json", "jupyterhub_config.py", "jupyterhub.sqlite", "jupyterhub_cookie_secret"):
        if (folder / secret).exists():
            (folder / secret).chmod(0o600)


def remove_accounts(hub_users: list[str]) -> None:
    """Take away the accounts made for `hub_users` (e.g. after a test)."""
    for hub_user in hub_users:
        subprocess.run(["userdel", account_name(hub_user)], capture_output=True)
