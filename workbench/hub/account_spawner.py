"""The spawner of `workbench hub --system-users`: JupyterHub's LocalProcessSpawner, each
user's server started as their own `wb-` system account (see accounts.py)."""

from __future__ import annotations

import pwd

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid

from .accounts import account_name


class AccountSpawner(LocalProcessSpawner):
    def make_preexec_fn(self, name):
        return set_user_setuid(account_name(name))

    def user_env(self, env):
        account = pwd.getpwnam(account_name(self.user.name))
        env.update(USER=account.pw_name, HOME=account.pw_dir, SHELL="/bin/sh")
        return env

    async def move_certs(self, paths):
        return paths  # the hub's internal TLS is not used
