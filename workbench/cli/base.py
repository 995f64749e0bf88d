"""The `workbench` command group and the options its commands share."""

from __future__ import annotations

import getpass

import click

from ..store.schema import MEMBER_ROLES

PROJECT = click.argument("project", type=click.Path(dir_okay=False))


def _default_member() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "workbench user"


member_option = click.option("--member", default=_default_member, show_default="your login name",
                             help="Who is doing this; recorded in the project's log.")
role_option = click.option("--role", type=click.Choice(MEMBER_ROLES), default="researcher", show_default=True,
                           help="The role you act in.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="coproduction-workbench")
def cli():
    """The co-production qualitative workbench: code transcripts and workshop outputs
    together, find themes, and share findings with partners.

    \b
    Example:
        workbench demo --project study.db
        workbench info study.db
    """
