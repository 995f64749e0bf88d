"""Making, filling, inspecting and exporting a project."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..ingest import KINDS
from ..project import Project
from .base import PROJECT, cli, member_option, optional_member_option, role_option


@cli.command()
@PROJECT
@click.option("--title", help="A title for the project.")
@optional_member_option
@role_option
def init(project, title, member, role):
    """Create a new, empty project file; --member makes you its first member.

    \b
    Example:
        workbench init discharge-study.db --title "Home Safe" --member "Alex Morgan"
    """
    Project.create(project, member=member, role=role, title=title).close()
    who = f" with {member} as its first member" if member else " with no members yet"
    click.echo(f"Created the project {project}{who}.")


@cli.command(name="import")
@PROJECT
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--kind", type=click.Choice(KINDS), help="What the file is, if the guess from its name and columns is wrong.")
@click.option("--text-column", help="Survey or workshop tables: the column holding the text.")
@click.option("--id-column", help="Survey tables: the column holding each answer's id.")
@click.option("--attribute-columns", help="Survey tables: columns to keep as answer attributes (comma-separated).")
@click.option("--code-columns", help="Survey tables: 0/1 code columns, by name or pattern, e.g. 'code_*'.")
@click.option("--coder", help="Who coded the code columns.")
@member_option
@role_option
def import_(project, files, kind, text_column, id_column, attribute_columns, code_columns, coder, member, role):
    """Import transcripts (.txt .docx .vtt .srt), survey and workshop tables (.csv .xlsx),
    participants or a codebook, and REFI-QDA projects (.qdpx) and codebooks (.qdc) from
    NVivo, ATLAS.ti, MAXQDA, QualCoder or Taguette. The format is detected; each file is
    all or nothing.

    \b
    Examples:
        workbench import study.db interview1.txt interview2.docx meeting.vtt --member "Alex Morgan"
        workbench import study.db survey.csv --code-columns 'code_*' --coder "Sam Reid" --member "Alex Morgan"
        workbench import study.db notes.txt --kind notes --member "Alex Morgan"
        workbench import study.db from-nvivo.qdpx --member "Alex Morgan"
    """
    options = {key: value for key, value in {
        "text_column": text_column, "id_column": id_column, "attribute_columns": attribute_columns,
        "code_columns": code_columns, "coder": coder,
    }.items() if value}
    with Project.open(project, member=member, role=role) as opened:
        for file in files:
            report = opened.import_file(file, kind, **options)
            click.echo(str(report))
            for warning in report.warnings:
                click.echo(f"  note: {warning}")


@cli.command()
@PROJECT
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--include-private", is_flag=True, help="Also export memos their authors marked private.")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@click.option("--for", "for_tool", type=click.Choice(["nvivo"]),
              help="Count selection positions as that program does (NVivo: UTF-16 units, an emoji is two).")
def export(project, out, include_private, force, for_tool):
    """Export the project as REFI-QDA for NVivo, ATLAS.ti, MAXQDA, QualCoder and others:
    OUT.qdpx holds documents, codes, codings, members, participants and memos; OUT.qdc
    holds the codebook only.

    \b
    Examples:
        workbench export study.db study.qdpx
        workbench export study.db codebook.qdc
        workbench export study.db for-nvivo.qdpx --for nvivo
    """
    with Project.open(project) as opened:
        report = opened.export_refi(out, include_private=include_private, overwrite=force, for_tool=for_tool)
    click.echo(str(report))
    for note in report.notes:
        click.echo(f"  note: {note}")


@cli.command()
@PROJECT
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def info(project, as_json):
    """Show what a project holds: documents by kind, members, codes, codings.

    \b
    Example:
        workbench info study.db --json
    """
    with Project.open(project) as opened:
        counts = opened.summary()
        for note in opened.notes:  # read-only, or on a shared drive (issue 8)
            click.echo(f"note: {note}", err=True)
    if as_json:
        click.echo(json.dumps(counts, indent=2))
        return
    click.echo(f"Project {project}")
    click.echo(f"  documents:    {counts['documents']}")
    for kind, number in counts["documents_by_kind"].items():
        click.echo(f"    {kind}: {number}")
    click.echo(f"  segments:     {counts['segments']}")
    click.echo(f"  participants: {counts['participants']}")
    click.echo(f"  members:      {counts['members']}")
    for role, number in counts["members_by_role"].items():
        click.echo(f"    {role}: {number}")
    for key in ("codes", "codings", "memos", "themes", "ideas", "votes", "events"):
        click.echo(f"  {key + ':':<13} {counts[key]}")


@cli.command()
@click.option("--project", "project", type=click.Path(dir_okay=False), default="projects/home-safe.db",
              show_default=True, help="Where to write the sample project.")
@click.option("--force", is_flag=True, help="Replace the project file if it exists.")
def demo(project, force):
    """Build the fictional sample study ("Home Safe": co-producing hospital discharge).

    \b
    Example:
        workbench demo --project home-safe.db
    """
    from ..sample import build_sample_project

    path = build_sample_project(Path(project), force=force)
    click.echo(f"Built the sample project at {path}.")
