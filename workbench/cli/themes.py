"""Memos and themes from the command line (issue 14): list memos, a reflexive journal,
themes with their review tally, move a theme along candidate -> reviewed -> final."""

from __future__ import annotations

import json

import click

from ..project import Project
from ..store.schema import MEMO_TARGETS, MEMO_TYPES, THEME_STATES
from .base import PROJECT, cli, member_option, role_option


def _print(frame, as_json: bool, columns: list[str]) -> None:
    if as_json:
        click.echo(json.dumps(frame[columns].to_dict("records"), ensure_ascii=False, default=str))
    elif frame.empty:
        click.echo("Nothing to show.")
    else:
        click.echo(frame[columns].to_string(index=False))


@cli.command(name="memos")
@PROJECT
@click.option("--on", "target_type", type=click.Choice(MEMO_TARGETS), help="Only memos on this kind of thing.")
@click.option("--type", "memo_type", type=click.Choice(MEMO_TYPES), help="Only memos of this type.")
@click.option("--author", help="Only this member's memos.")
@click.option("--shared-only", is_flag=True, help="Leave out memos their authors marked private.")
@click.option("--journal", metavar="MEMBER", help="This member's reflexive journal: their reflexive memos in order.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def memos(project, target_type, memo_type, author, shared_only, journal, as_json):
    """List memos: what each is on, its type, author, role and text.

    \b
    Examples:
        workbench memos study.db --on theme --type analytic
        workbench memos study.db --journal "Jo Bennett"
    """
    with Project.open_read_only(project) as opened:
        frame = opened.journal(journal) if journal else opened.memos(
            target_type, memo_type=memo_type, author=author, private=False if shared_only else None)
    _print(frame, as_json, ["id", "on", "memo_type", "member", "role", "private", "created_at", "text"])


@cli.command(name="themes")
@PROJECT
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def themes(project, as_json):
    """List themes: status, parent, codes, passages, who made them and the partners'
    review tally (fits / does not fit / missing something).

    \b
    Example:
        workbench themes study.db --json
    """
    with Project.open_read_only(project) as opened:
        frame = opened.themes()
        tally = opened.theme_review_tally().set_index("id")
    for column in ("fits", "does not fit", "missing something"):
        frame[column] = frame["id"].map(tally[column]).fillna(0).astype(int)
    _print(frame, as_json, ["name", "status", "parent", "codes", "passages", "created_by", "role", "fits",
                            "does not fit", "missing something", "summary"])


@cli.command(name="review-theme")
@PROJECT
@click.argument("theme")
@click.option("--status", type=click.Choice(THEME_STATES), required=True, help="The theme's new status.")
@click.option("--changes", default="", help="What the review changed (needed for reviewed and final).")
@member_option
@role_option
def review_theme(project, theme, status, changes, member, role):
    """Move THEME to reviewed or final (or back), recording who, when and what changed.

    \b
    Example:
        workbench review-theme study.db "The first week at home" --status reviewed
            --changes "Partners added evenings." --member "Alex Morgan"
    """
    with Project.open(project, member=member, role=role) as opened:
        opened.review_theme(theme, status, changes)
    click.echo(f"'{theme}' is now {status}; the review is recorded.")
