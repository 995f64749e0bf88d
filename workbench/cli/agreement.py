"""How far coders agree, and settling the agreed version (issue 4)."""

from __future__ import annotations

import json

import click

from ..project import Project
from ..store.schema import EXCLUSIVE_LEVELS
from .base import PROJECT, cli, member_option, role_option


@cli.command()
@PROJECT
@click.option("--members", help="Whose codings to compare, comma-separated (default: everyone who coded them).")
@click.option("--documents", help="Which documents, comma-separated names (default: all).")
@click.option("--unit", type=click.Choice(["segment", "character"]), default="segment", show_default=True,
              help="Compare whole segments (speaker turns, notes, answers) or single characters.")
@click.option("--code", "codes", multiple=True, help="Only this code or exclusive group (repeatable).")
@click.option("--skip-uncoded/--count-uncoded", default=True, show_default=True,
              help="Leave out units nobody coded (the count is reported), or count them as agreeing.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def agreement(project, members, documents, unit, codes, skip_uncoded, as_json):
    """How far members agree, per code and per pair of members: percent agreement,
    Krippendorff's alpha, Fleiss' kappa and Cohen's kappa, with a plain-language reading.

    \b
    Examples:
        workbench agreement study.db
        workbench agreement study.db --members "Alex Morgan,Jo Bennett" --documents int01_rose --json
        workbench agreement study.db --code "Named contact" --unit character --skip-uncoded
    """
    from ..agreement.report import format_report

    with Project.open(project) as opened:
        report = opened.agreement(members, documents, unit, list(codes) or None, skip_uncoded)
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else format_report(report))


def _listed(text: str | None) -> list[str]:
    return [name.strip() for name in (text or "").split(",") if name.strip()]


@cli.command(name="exclusive-group")
@PROJECT
@click.argument("group")
@click.option("--level", type=click.Choice(EXCLUSIVE_LEVELS), default="nominal", show_default=True,
              help="How the values are measured: nominal (unordered), ordinal (ordered), interval or ratio.")
@click.option("--codes", help="GROUP's sub-codes in order, comma-separated (default: the codebook's order, "
                              "or their numbers if every name is a number).")
@member_option
@role_option
def exclusive_group(project, group, level, codes, member, role):
    """Mark the sub-codes of GROUP as mutually exclusive values of one variable
    (sentiment: negative / neutral / positive; a 1-5 scale), so agreement compares
    one value per segment per member. Run it again to change the level or order.

    \b
    Example:
        workbench exclusive-group study.db Sentiment --level ordinal --codes negative,neutral,positive --member "Alex Morgan"
    """
    with Project.open(project, member=member, role=role) as opened:
        opened.mark_exclusive(group, level, _listed(codes) or None)
        values = opened.exclusive_groups().query("group == @group")
    listed = ", ".join(f"{code} = {value:g}" for code, value in zip(values["code"], values["value"]))
    click.echo(f"'{group}' now holds exclusive values ({level}): {listed}.")


def _side(given, text: str) -> str:
    """One member's coding of a disagreement, in words."""
    if given is None:
        return "did not code this document"
    if isinstance(given, str):
        return given
    if not given:
        return "did not apply it"
    return " … ".join(f"“{' '.join(text[start:end].split())}” ({start}-{end})" for start, end in given)


@cli.command()
@PROJECT
@click.argument("code")
@click.option("--members", help="Whose codings to compare, comma-separated (default: everyone who coded them).")
@click.option("--documents", help="Which documents, comma-separated names (default: all).")
@click.option("--json", "as_json", is_flag=True, help="Print the disagreements as JSON.")
def disagreements(project, code, members, documents, as_json):
    """Each segment where members differ about CODE (a code or an exclusive group),
    with the segment's text and each member's coding side by side.

    \b
    Examples:
        workbench disagreements study.db Communication
        workbench disagreements study.db Sentiment --members "Alex Morgan,Jo Bennett" --json
    """
    with Project.open(project) as opened:
        frame = opened.disagreements(code, members, documents)
        texts = {name: opened.document_text(name) for name in frame["document"].unique()}
    frame.insert(frame.columns.get_loc("position"), "segment", frame["position"] + 1)
    if as_json:
        click.echo(json.dumps(json.loads(frame.to_json(orient="records")), indent=2, ensure_ascii=False))
        return
    people = list(frame.columns[frame.columns.get_loc("text") + 1:])
    click.echo(f"{len(frame)} segment(s) where members differ on '{code}'.")
    for row in frame.to_dict("records"):
        click.echo(f"\n{row['document']}, segment {row['segment']} (characters {row['start']}-{row['end']}):")
        click.echo(f"  {' '.join((row['text'] or '').split())}")
        for person in people:
            click.echo(f"  {person}: {_side(row[person], texts[row['document']])}")
    if len(frame):
        click.echo('\nSettle one with: workbench settle PROJECT DOCUMENT CODE --segment N --agreed-by "A,B" '
                   "--choose MEMBER (or --merge, --value V, --start S --end E)")


@cli.command()
@PROJECT
@click.argument("document")
@click.argument("code")
@click.option("--segment", type=click.IntRange(1), help="The segment's number, as `workbench disagreements` lists it.")
@click.option("--agreed-by", required=True, help="Who agreed this version: member names, comma-separated.")
@click.option("--choose", help="Keep this member's codings.")
@click.option("--merge", is_flag=True, help="Merge everyone's codings into one span.")
@click.option("--value", help="An exclusive group's agreed value (one of its sub-codes).")
@click.option("--start", type=int, help="A new coding: where it starts (a character offset in the document, "
                                        "inside the segment).")
@click.option("--end", type=int, help="A new coding: where it ends.")
@click.option("--memo", help="What you discussed; saved as a memo on the segment.")
@click.option("--consensus", default="Consensus", show_default=True, help="The consensus layer (member) to write to.")
@member_option
@role_option
def settle(project, document, code, segment, agreed_by, choose, merge, value, start, end, memo, consensus, member,
           role):
    """Save the agreed version of CODE on one segment of DOCUMENT in the consensus
    layer: keep one member's version, merge everyone's, give an exclusive group's
    value, or write a new coding on some of the segment's words. Settling the same
    segment again replaces the agreed version; --member records who wrote it down.

    \b
    Examples:
        workbench settle study.db int01_rose Communication --segment 4 --agreed-by "Alex Morgan,Jo Bennett"
            --choose "Jo Bennett" --memo "Jo explained what the nurse meant." --member "Alex Morgan"
        workbench settle study.db int01_rose Communication --segment 4 --agreed-by "Jo Bennett" --start 130 --end 162 --member "Jo Bennett"
    """
    with Project.open(project, member=member, role=role) as opened:
        created = opened.settle(document, code, agreed_by=_listed(agreed_by),
                                segment=None if segment is None else segment - 1, start=start, end=end,
                                choose=choose, merge=merge, value=value, discussion=memo, consensus=consensus)
    where = f"segment {segment}" if segment is not None else f"characters {start}-{end}"
    click.echo(f"Saved the agreed version of '{code}' on {document}, {where}: "
               f"{len(created)} coding(s) in the layer '{consensus}'.")
