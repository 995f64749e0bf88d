"""`workbench hub --system-users` (issue 17): each person's server runs as their own
system account, which can read its own database login and nobody else's, nor the
hub's files. A real hub, proxy and PostgreSQL; the accounts are made by the hub as it
starts each server (root, as in CI) and removed after."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from hub_helpers import approve, running_hub, sign_in, sign_up
from workbench.hub.accounts import PROJECT_FILE, account_name, remove_accounts
from workbench.project import Project

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="making system accounts needs root (CI runs as root)")
PEOPLE = ("alex", "sam")


@pytest.fixture
def folder():
    """Outside pytest's own temporary folder (0700): each account passes through to its own."""
    made = Path(tempfile.mkdtemp(prefix="workbench-accounts-"))
    made.chmod(0o711)
    try:
        yield made
    finally:
        remove_accounts(list(PEOPLE))
        shutil.rmtree(made, ignore_errors=True)


def account_python(folder: Path) -> str:
    """A Python every account can run, with this environment's packages: the one the tests
    run with may live where only root can enter (pyenv under /root), which the hub refuses."""
    import sysconfig

    if not Path("/usr/bin/python3").exists():
        pytest.skip("no system Python to make an environment every account can run")
    venv = folder / "python"
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--without-pip", str(venv)], check=True, capture_output=True)
    inner = next((venv / "lib").glob("python3*/site-packages"))
    ours = sysconfig.get_paths()["purelib"]
    (inner / "workbench_tests.pth").write_text(f"import site; site.addsitedir({ours!r})\n")
    return str(venv / "bin" / "python")


def server_process(name: str) -> tuple[Path, list[bytes]] | None:
    """The /proc entry and environment of `name`'s Jupyter server."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if f"JUPYTERHUB_USER={name}".encode() in environ and b"singleuser" in command:
            return entry, environ
    return None


def start_server(base: str, session, name: str) -> None:
    """As the signed-in person: start their server and wait until it answers."""
    session.get(f"{base}/hub/spawn/{name}", timeout=60)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # the server itself answers (its API wants a token: 403), not the hub
        answer = session.get(f"{base}/user/{name}/api/status", timeout=30)
        if answer.status_code in (200, 403) and answer.url.startswith(f"{base}/user/{name}/"):
            return
        time.sleep(0.5)
    raise AssertionError(f"{name}'s server did not start in 120 s")


def as_account(name: str, *command: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", account_name(name), "--", "env", *[f"{k}={v}" for k, v in env.items()],
                           *command], capture_output=True, text=True, timeout=120)


def test_each_server_runs_as_its_person_and_reads_only_its_own_login(postgres_url, folder):
    with Project.create(postgres_url, member="Alex Morgan") as lead:
        lead.set_access("Alex Morgan", "lead", hub_user="alex")
        lead.set_access("Sam Partner", "member", role="lived-experience partner", hub_user="sam")
        logins = {"alex": lead.grant_database_login("Alex Morgan", "alex_lead", "a lead passphrase"),
                  "sam": lead.grant_database_login("Sam Partner", "sam_member", "a member passphrase")}
    (folder / "logins.json").write_text(json.dumps(logins))
    python = account_python(folder)
    with running_hub(postgres_url, folder / "hub", "--logins", str(folder / "logins.json"), "--system-users",
                     python=python) as (base, hub_folder):
        for name in PEOPLE:
            sign_up(base, name)
        alex, _ = sign_in(base, "alex")
        approve(base, alex, "sam")
        sam, _ = sign_in(base, "sam")
        for session, name in ((alex, "alex"), (sam, "sam")):
            start_server(base, session, name)
        files = {name: hub_folder / "users" / name / PROJECT_FILE for name in PEOPLE}
        for name in PEOPLE:
            account = pwd.getpwnam(account_name(name))
            process, environ = server_process(name)
            assert process.stat().st_uid == account.pw_uid  # the server runs as its person's account
            assert not any(b"postgresql" in value for value in environ)  # told where its login is, not the login
            kept = files[name].stat()
            assert kept.st_uid == account.pw_uid and stat.S_IMODE(kept.st_mode) == 0o600
        for secret in (files["sam"], hub_folder / "logins.json", hub_folder / "jupyterhub_config.py",
                       hub_folder / "jupyterhub.sqlite"):
            read = as_account("alex", "cat", str(secret))
            assert read.returncode != 0 and "Permission denied" in read.stderr, secret
        opened = as_account("sam", python, "-c",
                            "from workbench.hub.page import signed_in_project as p; "
                            "print(p().actor.name, p().store.engine.url.username)",
                            JUPYTERHUB_USER="sam", WORKBENCH_PROJECT_FILE=str(files["sam"]))
        assert opened.stdout.split() == ["Sam", "Partner", "sam_member"], opened.stderr


def test_a_python_the_accounts_cannot_run_is_one_plain_refusal(tmp_path, monkeypatch, capsys):
    from workbench.cli import main

    hidden = tmp_path / "root-only" / "bin"  # like pyenv under /root: only root enters
    hidden.mkdir(parents=True)
    (hidden / "python").touch()
    (tmp_path / "root-only").chmod(0o700)
    monkeypatch.setattr("sys.executable", str(hidden / "python"))
    project = tmp_path / "study.db"
    Project.create(project, member="Alex Morgan").close()
    assert main(["hub", str(project), "--config-dir", str(tmp_path / "hub"), "--system-users", "--write-only"]) == 2
    error = capsys.readouterr().err.strip()
    assert "only root can enter" in error and "python3 -m venv" in error and "\n" not in error
    assert not (tmp_path / "hub" / "jupyterhub_config.py").exists()
