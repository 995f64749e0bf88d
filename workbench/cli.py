"""`workbench`: a thin command line over the Project API.

User mistakes print one line and exit with status 2; they never show a traceback.
"""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path

import click

from .errors import WorkbenchError
from .ingest import KINDS
from .project import Project
from .store.schema import MEMBER_ROLES

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


@cli.command()
@PROJECT
@click.option("--title", help="A title for the project.")
@member_option
@role_option
def init(project, title, member, role):
    """Create a new, empty project file.

    \b
    Example:
        workbench init discharge-study.db --title "Home Safe"
    """
    Project.create(project, member=member, role=role, title=title).close()
    click.echo(f"Created the project {project}.")


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
    participants or a codebook. The format is detected; each file is all or nothing.

    \b
    Examples:
        workbench import study.db interview1.txt interview2.docx meeting.vtt
        workbench import study.db survey.csv --code-columns 'code_*' --coder "Sam Reid"
        workbench import study.db notes.txt --kind notes
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
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def info(project, as_json):
    """Show what a project holds: documents by kind, members, codes, codings.

    \b
    Example:
        workbench info study.db --json
    """
    with Project.open(project) as opened:
        counts = opened.summary()
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
    for key in ("codes", "codings", "memos", "events"):
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
    from .sample import build_sample_project

    path = build_sample_project(Path(project), force=force)
    click.echo(f"Built the sample project at {path}.")


def main(argv: list[str] | None = None) -> int:
    try:
        cli.main(args=argv, prog_name="workbench", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Stopped.", err=True)
        return 1
    except click.UsageError as exc:
        hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
        click.echo(f"error: {exc.format_message()}{hint}", err=True)
        return 2
    except click.ClickException as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        return 2
    except WorkbenchError as exc:
        click.echo(f"error: {exc}", err=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
