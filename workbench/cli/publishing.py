"""Findings for partners, figures and reports (issue 6)."""

from __future__ import annotations

from contextlib import closing

import click

from ..project import Project
from .base import PROJECT, cli


@cli.command()
@PROJECT
@click.argument("outdir", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Replace a snapshot already in OUTDIR.")
def publish(project, outdir, force):
    """Write a read-only snapshot of the findings for partners' dashboards: only what
    the dashboards show (no withdrawn participants, pseudonyms only, no private notes).

    \b
    Example:
        workbench publish study.db published/
        workbench dashboard published/
    """
    with closing(Project.open(project)) as opened:
        target = opened.publish(outdir, force)
    click.echo(f"Published {target}; show it with `workbench dashboard {outdir}`.")


@cli.command()
@click.argument("snapshot", type=click.Path(exists=False))
@click.option("--port", type=click.IntRange(1, 65535), default=8866, show_default=True)
@click.option("--ip", default="127.0.0.1", show_default=True,
              help="The address to listen on; any other than 127.0.0.1 needs --token.")
@click.option("--token", default="", help="A secret visitors must give (needed when --ip is not 127.0.0.1).")
@click.option("--page", type=click.Choice(["findings", "ideas"]), default="findings", show_default=True,
              help="findings: themes, counts and quotes; ideas: \"you said, we did\", what happened to each idea.")
def dashboard(snapshot, port, ip, token, page):
    """Show a published snapshot's dashboard in the browser (read-only), with Voila.

    \b
    Examples:
        workbench dashboard published/ --port 8866
        workbench dashboard published/ --page ideas --port 8867
    """
    from ..publish.serve import dashboard_command, run_dashboard

    command = dashboard_command(snapshot, port, ip, token, page=page)
    click.echo(f"Serving the dashboard at {command.url} (Ctrl+C to stop).")
    run_dashboard(command)  # Voila stops with this command, on Ctrl+C or SIGTERM
    click.echo("Stopped the dashboard.")


@cli.command()
@PROJECT
@click.argument("outdir", type=click.Path(file_okay=False))
@click.option("--format", "formats", default="png,svg,pdf", show_default=True,
              help="Comma-separated: png (300 dpi), svg, pdf.")
def figures(project, outdir, formats):
    """Export every dashboard figure for reports, drawn by a local Chromium.

    \b
    Example:
        workbench figures study.db figures/ --format png,svg
    """
    from ..figures.export import parse_formats

    chosen = parse_formats(formats)
    with closing(Project.open(project)) as opened:
        written = opened.export_figures(outdir, chosen)
    click.echo(f"Wrote {len(written)} figure file(s) to {outdir}.")


@cli.command()
@PROJECT
@click.argument("outdir", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Replace a report already in OUTDIR.")
def report(project, outdir, force):
    """Write report.docx (codebook, themes with quotes, counts by group), tables.xlsx and
    CSV files (codings with their words, quotes by theme, codebook).

    \b
    Example:
        workbench report study.db report/
    """
    with closing(Project.open(project)) as opened:
        written = opened.write_report(outdir, force)
    click.echo(f"Wrote {', '.join(path.name for path in written)} to {outdir}.")
