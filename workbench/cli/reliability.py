"""Moving, backing up, restoring and undoing (issue 8)."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import click

from ..project import Project
from .base import PROJECT, cli, member_option, role_option


def _echo_counts(counts: dict) -> None:
    for table, number in counts.items():
        if number:
            click.echo(f"  {table + ':':<20} {number}")


@cli.command(name="migrate")
@click.argument("source")
@click.argument("target")
@member_option
@role_option
def migrate_(source, target, member, role):
    """Move a project to another database, e.g. from a SQLite file to PostgreSQL when the
    team works on many machines. TARGET must be empty; every table's rows are counted on
    both sides, and nothing is kept unless they match. SOURCE is left as it was.

    \b
    Example:
        workbench migrate study.db postgresql://alex@db.example.org/study --member "Alex Morgan"
    """
    from ..store import Store
    from ..store.transfer import copy_project

    with closing(Store.open(source)) as store:
        counts = copy_project(store, target, Project(store).member_actor(member, role))
    click.echo(f"Copied the project to {_hide_password(target)}; row counts match:")
    _echo_counts(counts)


@cli.command(name="backup")
@PROJECT
@click.argument("out", type=click.Path(dir_okay=False))
def backup_(project, out):
    """Save a consistent copy of a project (SQLite file or PostgreSQL URL) into the new
    SQLite file OUT, while others may go on working.

    \b
    Example:
        workbench backup study.db backups/study-2026-11-22.db
    """
    with Project.open(project) as opened:
        counts = opened.backup(out)
    click.echo(f"Backed up {_hide_password(project)} to {out}:")
    _echo_counts(counts)


@cli.command(name="restore")
@click.argument("backup", type=click.Path(dir_okay=False))
@PROJECT
@member_option
@role_option
def restore_(backup, project, member, role):
    """Bring a backup back as PROJECT. An existing project file is first saved beside
    itself as PROJECT.before-restore-<time>; the restore is logged.

    \b
    Example:
        workbench restore backups/study-2026-11-22.db study.db --member "Alex Morgan"
    """
    from ..store import Actor
    from ..store.transfer import restore

    counts = restore(Path(backup), project, Actor(member, role or "researcher"))
    click.echo(f"Restored {_hide_password(project)} from {backup}:")
    _echo_counts(counts)


@cli.command(name="undo")
@PROJECT
@member_option
@role_option
def undo_(project, member, role):
    """Undo your own last change (a coding, a code added or edited, a merge).
    Run it again to undo the change before that. The undo is logged.

    \b
    Example:
        workbench undo study.db --member "Jo Bennett" --role "lived-experience partner"
    """
    with Project.open(project, member=member, role=role) as opened:
        undone = opened.undo()
    click.echo(f"Undid {member}'s last change: {', '.join(undone['actions'])}.")


def _hide_password(target: str) -> str:
    if "://" not in str(target):
        return str(target)
    from sqlalchemy.engine import make_url

    return make_url(str(target)).render_as_string(hide_password=True)
