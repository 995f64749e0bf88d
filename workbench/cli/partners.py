"""`workbench partners`: serve a partner page (coding, board, voting, theme review) on
the live project with Voila: no code shown, "who are you?" chosen from the team."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from ..project import Project
from .base import PROJECT, cli

PAGES = ["coding", "board", "voting", "review"]


def project_location(project: str) -> str:
    """A project file as an absolute path (Voila runs in another folder); a URL as given."""
    return project if "://" in project else str(Path(project).resolve())


@cli.command()
@PROJECT
@click.option("--page", type=click.Choice(PAGES), default="coding", show_default=True,
              help="coding: the coding panel; board: the sticky-note board; voting: place dots; "
                   "review: say whether candidate themes fit.")
@click.option("--port", type=click.IntRange(1, 65535), default=8870, show_default=True)
@click.option("--ip", default="127.0.0.1", show_default=True,
              help="The address to listen on; any other than 127.0.0.1 needs --token.")
@click.option("--token", default="", help="A secret visitors must give (needed when --ip is not 127.0.0.1).")
@click.option("--board", default="", help="The board page: which sticky-note board (default: the first).")
@click.option("--voting", default="", help="The voting page: which voting session (default: the newest).")
@click.option("--document", default="", help="The coding page: the document to open first.")
def partners(project, page, port, ip, token, board, voting, document):
    """Serve one partner page in the browser: no code, and "who are you?" chosen from
    the project's members (on a team server, the signed-in person).

    \b
    Examples:
        workbench partners study.db --page coding
        workbench partners study.db --page voting --voting "Workshop 2" --port 8871
    """
    from ..publish.serve import partner_page_command, run_dashboard

    location = project_location(project)
    with Project.open(location):  # a plain error now, not a broken page later
        pass
    options = {"coding": {"DOCUMENT": document}, "board": {"BOARD": board}, "voting": {"VOTING": voting}}.get(page, {})
    with tempfile.TemporaryDirectory(prefix="workbench-partners-") as folder:
        command = partner_page_command(location, page, folder, port, ip, token,
                                       **{k: v for k, v in options.items() if v})
        click.echo(f"Serving the {page} page at {command.url} (Ctrl+C to stop).")
        run_dashboard(command)  # Voila stops with this command, on Ctrl+C or SIGTERM
    click.echo("Stopped the partner page.")
