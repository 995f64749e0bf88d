"""Coding in Excel: sheets out and back in."""

from __future__ import annotations

import click

from ..project import Project
from .base import PROJECT, cli, role_option


@cli.group(name="coding-sheet")
def coding_sheet():
    """Coding sheets in Excel, for people who prefer a spreadsheet or paper.

    \b
    Example:
        workbench coding-sheet export study.db sheet.xlsx --documents int01_rose
        workbench coding-sheet import study.db sheet.xlsx --member "Jo Bennett" --role "lived-experience partner"
    """


@coding_sheet.command(name="export")
@PROJECT
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--documents", help="Which documents, comma-separated names (default: all).")
@click.option("--kind", "kinds", multiple=True, help="Only documents of this kind (repeatable).")
@click.option("--codes", help="Which codes get a column, comma-separated (default: all in use).")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
def coding_sheet_export(project, out, documents, kinds, codes, force):
    """Write an .xlsx sheet: a row per segment, a tick column per code, a notes column.

    \b
    Example:
        workbench coding-sheet export study.db rose.xlsx --documents int01_rose --codes "Medicines,Getting home"
    """
    split = lambda value: [v.strip() for v in value.split(",") if v.strip()] if value else None
    with Project.open(project) as opened:
        rows = opened.export_coding_sheet(out, split(documents), list(kinds) or None, split(codes), overwrite=force)
    click.echo(f"Wrote {out}: {rows} row(s) to code.")


@coding_sheet.command(name="import")
@PROJECT
@click.argument("sheet", type=click.Path(dir_okay=False))
@click.option("--member", required=True, help="Who filled in the sheet; the codings are credited to them.")
@role_option
@click.option("--confirm", is_flag=True, help="Import although text was changed or codes are new (after reading the report).")
def coding_sheet_import(project, sheet, member, role, confirm):
    """Read a filled-in coding sheet back. Problems are listed row by row and nothing
    is imported until they are fixed, or confirmed with --confirm.

    \b
    Example:
        workbench coding-sheet import study.db rose.xlsx --member "Jo Bennett" --role "lived-experience partner"
    """
    with Project.open(project) as opened:
        result = opened.import_coding_sheet(sheet, member, role, confirm=confirm)
    click.echo(f"Imported {sheet}: {result['codings']} coding(s) from {result['rows']} row(s), credited to {member}.")
