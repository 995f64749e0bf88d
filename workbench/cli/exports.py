"""Coded documents and the coded extracts report (issue 14)."""

from __future__ import annotations

import click

from ..project import Project
from .base import PROJECT, cli

LAYER = click.option("--layer", metavar="MEMBER", help="Only this member's codings (default: everyone's).")
FORCE = click.option("--force", is_flag=True, help="Replace OUT if it exists.")


@cli.command(name="coded-documents")
@PROJECT
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--document", "documents", multiple=True, help="A document to include (repeat; default: all).")
@click.option("--set", "document_set", metavar="NAME", help="The documents of this document set.")
@LAYER
@FORCE
def coded_documents(project, out, documents, document_set, layer, force):
    """Write coded documents as Word (.docx) or a printable web page (.html): each
    turn's speaker, time and words, every coding numbered where it lies and listed in
    the margin by code label, its words and who coded it.

    \b
    Example:
        workbench coded-documents study.db coded.html --document int01 --layer "Jo Bennett"
        workbench coded-documents study.db second-wave.docx --set "Second wave"
    """
    with Project.open(project) as opened:
        written = opened.export_coded_documents(out, list(documents) or None, layer, overwrite=force,
                                                document_set=document_set)
        count = (len(documents) or (len(opened.set_members(document_set, "documents")) if document_set
                                    else len(opened.documents())))
    click.echo(f"Wrote {count} coded document(s) to {written}.")


@cli.command(name="coded-extracts")
@PROJECT
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--code", "codes", multiple=True, help="A code to include (repeat; default: all).")
@LAYER
@FORCE
def coded_extracts(project, out, codes, layer, force):
    """Write every passage of every code, with its source and coder, as Word (.docx)
    or Excel (.xlsx).

    \b
    Example:
        workbench coded-extracts study.db extracts.xlsx --code "Named contact"
    """
    with Project.open(project) as opened:
        written = opened.export_coded_extracts(out, list(codes) or None, layer, overwrite=force)
    click.echo(f"Wrote the coded extracts to {written}.")


@cli.command(name="theme-map")
@PROJECT
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--table", "table", type=click.Path(dir_okay=False),
              help="Also write the map's table alternative as CSV (UTF-8, opens in Excel).")
def theme_map(project, out, table):
    """Draw the thematic map (themes, sub-themes and codes, sized by passages) as PNG,
    SVG or PDF, chosen by OUT's ending.

    \b
    Example:
        workbench theme-map study.db theme-map.svg --table theme-map.csv
    """
    from ..figures.export import save_figure
    from ..publish.reports import safe_frame

    with Project.open_read_only(project) as opened:
        written = save_figure(opened.theme_map_figure(), out)
        if table:
            safe_frame(opened.theme_map_table()).to_csv(table, index=False, encoding="utf-8-sig")
    click.echo(f"Wrote the thematic map to {written}" + (f" and its table to {table}." if table else "."))
