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
        written = project.export_passages(frame, export, title=title)
        click.echo(f"Wrote {len(frame)} row(s) to {written}.", err=as_json)
    if as_json:
        click.echo(json.dumps(_rows(frame), indent=2, ensure_ascii=False))
    elif not export:
        click.echo(f"{len(frame)} row(s).")
        for row in frame.itertuples():
            who = row.speaker if isinstance(row.speaker, str) else "-"
            codes = f"  [{row.codes}]" if row.codes else ""
            click.echo(f"{row.document}  {who}{codes}  {row.text}")


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
@click.option("--exact", is_flag=True, help="Each code alone, without its sub-codes (or write =Code in QUERY).")
@click.option("--export", type=click.Path(dir_okay=False), help="Write the passages to a .docx, .xlsx or .csv file.")
@click.option("--json", "as_json", is_flag=True, help="Print the passages as JSON.")
@member_option
@role_option
def retrieve(project, query, where, documents, document_set, layer, saved, exact, export, as_json, member, role):
    """Passages coded with codes combined by AND, OR, NOT, OVERLAPPING, SAME SEGMENT
    and WITHIN n WORDS, with the whole turn, speaker, codes and coders. A code
    includes its sub-codes; =Code (or --exact) means the code alone.

    \b
    Examples:
        workbench retrieve study.db "Named contact AND Loneliness" --where role=carer
        workbench retrieve study.db "Medicines WITHIN 10 WORDS Waiting" --json
        workbench retrieve study.db '="Named contact" AND Medicines'    # without sub-codes
        workbench retrieve study.db "Carers on contact" --saved --export passages.xlsx
    """
    with Project.open(project, member=member, role=role) as opened:
        chosen = opened.saved_query(query) if saved else query
        found = opened.retrieve(chosen, where=_where(where) or None, documents=list(documents) or None,
                                document_set=document_set, layer=None if saved and layer == "everyone" else layer,
                                subcodes=False if exact else None)
        _show(found, as_json, export, opened, "Passages")


@cli.command()
@PROJECT
@click.argument("words")
@click.option("--mode", type=click.Choice(["phrase", "whole word", "words", "regex"]), default="phrase",
              show_default=True, help="How to match: the phrase, the phrase as whole words, any of the words, "
                                      "or a regular expression.")
@click.option("--case-sensitive", is_flag=True, help="Upper and lower case must match.")
@click.option("--accent-sensitive", is_flag=True, help="Accents must match (by default cafe finds café).")
@with_filters
@click.option("--code", help="Code every hit with this code, in one step you can undo (needs --member).")
@click.option("--export", type=click.Path(dir_okay=False), help="Write the hits to a .docx, .xlsx or .csv file.")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
@member_option
@role_option
def search(project, words, mode, case_sensitive, accent_sensitive, where, documents, document_set, code, export,
           as_json, member, role):
    """Find words in every document: each hit with the words either side, speaker and document.

    \b
    Examples:
        workbench search study.db "phone number" --where role=carer
        workbench search study.db "ring" --mode "whole word" --code "Named contact" --member "Jo Bennett"
    """
    if code and not member:
        raise click.UsageError("Say who is coding the hits: --member \"Your Name\".")
    with Project.open(project, member=member, role=role) as opened:
        hits = opened.search(words, mode, case_sensitive=case_sensitive, accent_sensitive=accent_sensitive,
                             where=_where(where) or None, documents=list(documents) or None,
                             document_set=document_set)
        if code:
            ids = opened.code_hits(hits, code)
            click.echo(f"Coded {len(ids)} hit(s) with {code}; `workbench undo` takes it back.", err=as_json)
        shown = hits.rename(columns={"hit": "text"})
        _show(shown.assign(codes=""), as_json, None, opened, "Hits")
        if export:
            from ..analysis.export import write_tables

            written = write_tables({"Hits": hits.drop(columns=["document_id", "segment_id"])}, export, "Hits")
            opened.record_artefact("export", written)
            click.echo(f"Wrote {len(hits)} hit(s) to {written}.", err=as_json)


@cli.command()
@PROJECT
@click.option("--by", required=True, help="Any participant or document attribute, e.g. role, site, participant, document.")
@click.option("--count", "measure", type=click.Choice(["passages", "participants", "documents", "share"]),
              default="passages", show_default=True, help="What each cell counts (share: of the group's people).")
@click.option("--themes", is_flag=True, help="Themes as rows instead of codes.")
@click.option("--layer", default="everyone", show_default=True, help="Whose codings: everyone, consensus, all, a name.")
@click.option("--set", "document_set", help="Only the passages in this document set's documents.")
@click.option("--code-set", help="This code set's codes as the rows.")
@click.option("--export", type=click.Path(dir_okay=False), help="Write the table to a .docx, .xlsx or .csv file.")
@click.option("--json", "as_json", is_flag=True, help="Print the table as JSON.")
def matrix(project, by, measure, themes, layer, document_set, code_set, export, as_json):
    """Codes (or themes) against the groups of any attribute.

    \b
    Examples:
        workbench matrix study.db --by role
        workbench matrix study.db --by single_parent --count share --themes --json
        workbench matrix study.db --by site --set "Second wave" --code-set Feelings
    """
    with Project.open(project) as opened:
        table = opened.matrix(by, measure, rows="themes" if themes else "codes", layer=layer,
                              document_set=document_set, code_set=code_set)
        if export:
            from ..analysis.export import write_tables

            written = write_tables({"Matrix": table.reset_index()}, export, f"Codes by {by}: {measure}")
            opened.record_artefact("export", written)
            click.echo(f"Wrote the table to {written}.", err=as_json)
    if as_json:
        click.echo(json.dumps(json.loads(table.to_json(orient="index", force_ascii=False)), indent=2,
                              ensure_ascii=False))
    elif not export:
        click.echo(table.to_string(float_format=lambda v: f"{v:.0%}" if measure == "share" else f"{v:g}"))


@cli.command()
@PROJECT
@click.option("--cases", type=click.Choice(["participants", "documents"]), default="participants", show_default=True)
@click.option("--themes", is_flag=True, help="Themes as columns instead of codes.")
@click.option("--export", type=click.Path(dir_okay=False), help="Write it to .xlsx (a sheet per theme) or .docx.")
@click.option("--json", "as_json", is_flag=True, help="Print the written cells as JSON.")
def framework(project, cases, themes, export, as_json):
    """The framework matrix: each case's summary for each code or theme.

    \b
    Examples:
        workbench framework study.db --export framework.xlsx
        workbench framework study.db --cases documents --themes --json
    """
    targets = "themes" if themes else "codes"
    with Project.open(project) as opened:
        if export:
            written = opened.export_framework(export, cases, targets)
            click.echo(f"Wrote the framework matrix to {written}.", err=as_json)
        cells = opened.framework_cells(cases, targets)
    if as_json:
        shown = cells[["case", "target", "text", "written_by", "role", "written_at"]]
        click.echo(json.dumps(_rows(shown), indent=2, ensure_ascii=False))
    elif not export:
        click.echo(f"{len(cells)} cell(s) written.")
        for cell in cells.itertuples():
            click.echo(f"{cell.case}  [{cell.target}]  {cell.text}  ({cell.written_by}, {cell.role})")


@cli.command()
@PROJECT
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--for", "of", type=click.Choice(["participants", "documents"]), required=True,
              help="Whose attributes the file holds.")
@click.option("--member", required=True, help="Who is importing, by name.")
@role_option
def attributes(project, file, of, member, role):
    """Add or change attributes from a CSV (or .xlsx) file: one column naming the
    participant (pseudonym) or document, one column per attribute. Empty cells keep
    what was there; an unknown name stops the import with nothing changed.

    \b
    Examples:
        workbench attributes study.db sites.csv --for participants --member "Your Name"
        workbench attributes study.db waves.csv --for documents --member "Your Name"
    """
    with Project.open(project, member=member, role=role) as opened:
        summary = opened.import_attributes(file, of)
    left_out = f"; left out {', '.join(summary['left_out'])} (kept by the project itself)" if summary["left_out"] else ""
    click.echo(f"{summary['file']}: {summary['rows']} row(s) read, {summary['changed']} {of} changed "
               f"({', '.join(summary['attributes'])}){left_out}.")
