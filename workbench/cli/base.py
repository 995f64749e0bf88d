"""The `workbench` command group and the options its commands share."""

from __future__ import annotations

import click

from ..store.schema import MEMBER_ROLES

PROJECT = click.argument("project", type=click.Path(dir_okay=False))


# People's roles: the topic model and the agreed version are layers the workbench writes.
PEOPLE_ROLES = [role for role in MEMBER_ROLES if role not in ("machine", "consensus")]
MEMBER_HELP = ("Who is doing this, by name (matched to the project's members without regard to case "
               "and spacing); recorded in the project's log.")

# A command that changes a project is told who is working: never the computer's login name.
member_option = click.option("--member", required=True, help=MEMBER_HELP)
optional_member_option = click.option("--member", help=MEMBER_HELP + " Needed only to change something.")
role_option = click.option("--role", type=click.Choice(PEOPLE_ROLES), default=None,
                           show_default="the member's own role; researcher for a new member",
                           help="The role you act in; it must be the member's own.")


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
