"""The involvement report (issue 10)."""

from __future__ import annotations

import click

from ..project import Project
from .base import PROJECT, cli


@cli.command(name="involvement-report")
@PROJECT
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
def involvement_report(project, out, force):
    """Write the patient and public involvement report (GRIPP2 short form) as Word:
    aim, methods, results, outcomes and critical reflection, drafted from who took
    part in which sessions, what they contributed and which ideas changed the study,
    with the team's edits (Project.edit_involvement_section) in place of the draft.

    \b
    Example:
        workbench involvement-report study.db involvement.docx
    """
    with Project.open(project) as opened:
        written = opened.export_involvement_report(out, overwrite=force)
    click.echo(f"Wrote the involvement report to {written}.")
