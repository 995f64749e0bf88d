"""JupyterHub sign-in for the findings dashboard's Voila (see service.py); its own
module so that writing the hub's configuration does not import JupyterHub."""

from __future__ import annotations

import os

from jupyter_server.utils import url_path_join
from jupyterhub.singleuser.extension import JupyterHubIdentityProvider


class HubSignIn(JupyterHubIdentityProvider):
    """JupyterHub sign-in for Voila run alone: its OAuth callback and logout under the
    service's prefix (Voila adds no prefix to an identity provider's handlers)."""

    def get_handlers(self):
        prefix = os.environ["JUPYTERHUB_SERVICE_PREFIX"]
        return [(url_path_join(prefix, path), *rest) for path, *rest in super().get_handlers()]
