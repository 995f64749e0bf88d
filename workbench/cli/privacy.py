"""Withdrawal and pseudonyms (issue 9)."""

from __future__ import annotations

from pathlib import Path

import click

from ..project import Project
from .base import PROJECT, cli, member_option, optional_member_option, role_option


@cli.command()
@PROJECT
@click.argument("participant")
@click.option("--erase/--keep-analysed", default=None,
              help="Remove their words everywhere, or keep what was already analysed (default: the study's policy).")
@click.option("--delete-stale", is_flag=True, help="Also delete the exports, snapshots and backups made before.")
@click.option("--folder", type=click.Path(file_okay=False), default=".", show_default=True,
              help="The working folder whose notebooks (and their checkpoints) are searched for their words.")
@member_option
@role_option
def withdraw(project, participant, erase, delete_stale, folder, member, role):
    """Record that a participant (by pseudonym) withdrew. Under the study's "erase"
    policy their words are removed everywhere: blanked in the transcripts (other
    codings keep their places), codings and memos on or quoting them deleted, cached
    embeddings and topic assignments removed, and the file scrubbed so no copy stays
    on disk; notebooks under --folder that showed their words lose their outputs.
    Exports, snapshots and backups made before are listed as stale.

    \b
    Example:
        workbench withdraw study.db Rose --member "Alex Morgan"
    """
    with Project.open(project, member=member, role=role) as opened:
        report = opened.withdraw(participant, erase=erase, delete_stale=delete_stale, folder=folder)
    click.echo(str(report))


@cli.command(name="import-pseudonymised")
@PROJECT
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--key", required=True, type=click.Path(dir_okay=False),
              help="The name key (CSV: real name, pseudonym, also known as), kept in a folder away from the project.")
@member_option
@role_option
def import_pseudonymised(project, files, key, member, role):
    """Import transcripts with the real names listed in the key replaced by pseudonyms.
    The review list of each replacement (it holds real names) is written beside the key.

    \b
    Example:
        workbench import-pseudonymised study.db int09.txt --key ../private/name-key.csv --member "Alex Morgan"
    """
    with Project.open(project, member=member, role=role) as opened:
        for file in files:
            report, review = opened.import_pseudonymised(file, key)
            written = Path(key).with_name(f"review-{Path(file).stem}.csv")
            review.to_csv(written, index=False)
            click.echo(f"{report} {len(review)} name(s) replaced; check them in {written}.")


@cli.command(name="withdrawal-policy")
@PROJECT
@click.argument("policy", required=False, type=click.Choice(["erase", "keep-analysed"]))
@optional_member_option
@role_option
def withdrawal_policy(project, policy, member, role):
    """Show the study's withdrawal policy and what it means, or choose it.

    \b
    Examples:
        workbench withdrawal-policy study.db
        workbench withdrawal-policy study.db keep-analysed --member "Alex Morgan"
    """
    if policy and not member:
        raise click.UsageError("Say who is choosing the policy: --member \"Your Name\".")
    with Project.open(project, member=member, role=role) as opened:
        if policy:
            opened.set_withdrawal_policy(policy)
        chosen, statement = opened.withdrawal_policy()
    click.echo(f"Withdrawal policy: {chosen}. {statement}")
