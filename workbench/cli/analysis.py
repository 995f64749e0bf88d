"""The analysis workspace (issue 13): retrieve passages, search the words."""

from __future__ import annotations

import json

import click

from ..errors import WorkbenchError
from ..project import Project
from .base import PROJECT, cli, role_option

# Reading needs nobody named; --member is for the 'mine' layer and to credit coding of hits.
member_option = click.option("--member", help="Who is working, by name (needed for --layer mine and to code hits).")

SHOWN = ["document", "speaker", "codes", "text"]


def _where(pairs: tuple[str, ...]) -> dict:
    where: dict[str, list[str]] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise WorkbenchError(f"--where needs ATTRIBUTE=VALUE (e.g. --where role=carer), not '{pair}'.")
        where.setdefault(key.strip(), []).append(value.strip())
    return where


def _rows(frame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def _show(frame, as_json: bool, export, project: Project, title: str) -> None:
    if export:
        written = project.export_passages(frame, export, title=title) if title == "Passages" else None
        if written is None:
            from ..analysis.export import write_tables

            written = write_tables({title: frame}, export, title)
            project.record_artefact("export", written)
        click.echo(f"Wrote {len(frame)} row(s) to {written}.", err=as_json)
    if as_json:
        click.echo(json.dumps(_rows(frame), indent=2, ensure_ascii=False))
    elif not export:
        click.echo(f"{len(frame)} row(s).")
        for row in frame.itertuples():
            who = row.speaker if isinstance(row.speaker, str) else "-"
            click.echo(f"{row.document}  {who}  [{getattr(row, 'codes', '') or ''}]  {row.text}")


filters = [
    click.option("--where", "where", multiple=True, metavar="ATTRIBUTE=VALUE",
                 help="Only passages of people or documents with this attribute (repeatable; one attribute "
                      "given twice matches either value)."),
    click.option("--document", "documents", multiple=True, help="Only this document (repeatable)."),
    click.option("--set", "document_set", help="Only documents of this document set."),
]


def with_filters(command):
    for option in reversed(filters):
        command = option(command)
    return command


@cli.command()
@PROJECT
@click.argument("query")
@with_filters
@click.option("--layer", default="everyone", show_default=True,
              help="Whose codings: everyone, consensus, mine, all, or a member's name.")
@click.option("--saved", is_flag=True, help="QUERY is the name of a saved query.")
@click.option("--export", type=click.Path(dir_okay=False), help="Write the passages to a .docx, .xlsx or .csv file.")
@click.option("--json", "as_json", is_flag=True, help="Print the passages as JSON.")
@member_option
@role_option
def retrieve(project, query, where, documents, document_set, layer, saved, export, as_json, member, role):
    """Passages coded with codes combined by AND, OR, NOT, OVERLAPPING, SAME SEGMENT
    and WITHIN n WORDS, with the whole turn, speaker, codes and coders.

    \b
    Examples:
        workbench retrieve study.db "Named contact AND Loneliness" --where role=carer
        workbench retrieve study.db "Medicines WITHIN 10 WORDS Waiting" --json
        workbench retrieve study.db "Carers on contact" --saved --export passages.xlsx
    """
    with Project.open(project, member=member, role=role) as opened:
        chosen = opened.saved_query(query) if saved else query
        found = opened.retrieve(chosen, where=_where(where) or None, documents=list(documents) or None,
                                document_set=document_set, layer=None if saved and layer == "everyone" else layer)
        _show(found, as_json, export, opened, "Passages")
