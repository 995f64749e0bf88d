"""`workbench`: a thin command line over the Project API.

User mistakes print one line and exit with status 2; they never show a traceback.
"""

from __future__ import annotations

import getpass
import json
import sys
from contextlib import closing
from pathlib import Path

import click

from .errors import SheetProblems, WorkbenchError
from .ingest import KINDS
from .project import Project
from .store.schema import EXCLUSIVE_LEVELS, MEMBER_ROLES

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
    participants or a codebook, and REFI-QDA projects (.qdpx) and codebooks (.qdc) from
    NVivo, ATLAS.ti, MAXQDA, QualCoder or Taguette. The format is detected; each file is
    all or nothing.

    \b
    Examples:
        workbench import study.db interview1.txt interview2.docx meeting.vtt
        workbench import study.db survey.csv --code-columns 'code_*' --coder "Sam Reid"
        workbench import study.db notes.txt --kind notes
        workbench import study.db from-nvivo.qdpx
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
def export(project, out, include_private, force):
    """Export the project as REFI-QDA for NVivo, ATLAS.ti, MAXQDA, QualCoder and others:
    OUT.qdpx holds documents, codes, codings, members, participants and memos; OUT.qdc
    holds the codebook only.

    \b
    Examples:
        workbench export study.db study.qdpx
        workbench export study.db codebook.qdc
    """
    with Project.open(project) as opened:
        report = opened.export_refi(out, include_private=include_private, overwrite=force)
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
    from .sample import build_sample_project

    path = build_sample_project(Path(project), force=force)
    click.echo(f"Built the sample project at {path}.")


# -- reliability: moving, backing up, restoring, undoing (issue 8) ----------------------
def _echo_counts(counts: dict) -> None:
    for table, number in counts.items():
        if number:
            click.echo(f"  {table + ':':<20} {number}")


@cli.command(name="migrate")
@click.argument("source")
@click.argument("target")
@member_option
@role_option
def migrate_(source, target, member, role):
    """Move a project to another database, e.g. from a SQLite file to PostgreSQL when the
    team works on many machines. TARGET must be empty; every table's rows are counted on
    both sides, and nothing is kept unless they match. SOURCE is left as it was.

    \b
    Example:
        workbench migrate study.db postgresql://alex@db.example.org/study
    """
    from .store import Actor, Store
    from .store.transfer import copy_project

    with closing(Store.open(source)) as store:
        counts = copy_project(store, target, Actor(member, role))
    click.echo(f"Copied the project to {_hide_password(target)}; row counts match:")
    _echo_counts(counts)


@cli.command(name="backup")
@PROJECT
@click.argument("out", type=click.Path(dir_okay=False))
def backup_(project, out):
    """Save a consistent copy of a project (SQLite file or PostgreSQL URL) into the new
    SQLite file OUT, while others may go on working.

    \b
    Example:
        workbench backup study.db backups/study-2026-11-22.db
    """
    with Project.open(project) as opened:
        counts = opened.backup(out)
    click.echo(f"Backed up {_hide_password(project)} to {out}:")
    _echo_counts(counts)


@cli.command(name="restore")
@click.argument("backup", type=click.Path(dir_okay=False))
@PROJECT
@member_option
@role_option
def restore_(backup, project, member, role):
    """Bring a backup back as PROJECT. An existing project file is first saved beside
    itself as PROJECT.before-restore-<time>; the restore is logged.

    \b
    Example:
        workbench restore backups/study-2026-11-22.db study.db
    """
    from .store import Actor
    from .store.transfer import restore

    counts = restore(Path(backup), project, Actor(member, role))
    click.echo(f"Restored {_hide_password(project)} from {backup}:")
    _echo_counts(counts)


@cli.command(name="undo")
@PROJECT
@member_option
@role_option
def undo_(project, member, role):
    """Undo your own last change (a coding, a code added or edited, a merge).
    Run it again to undo the change before that. The undo is logged.

    \b
    Example:
        workbench undo study.db --member "Jo Bennett" --role "lived-experience partner"
    """
    with Project.open(project, member=member, role=role) as opened:
        undone = opened.undo()
    click.echo(f"Undid {member}'s last change: {', '.join(undone['actions'])}.")


def _hide_password(target: str) -> str:
    if "://" not in str(target):
        return str(target)
    from sqlalchemy.engine import make_url

    return make_url(str(target)).render_as_string(hide_password=True)


@cli.command()
@PROJECT
@click.option("--members", help="Whose codings to compare, comma-separated (default: everyone who coded them).")
@click.option("--documents", help="Which documents, comma-separated names (default: all).")
@click.option("--unit", type=click.Choice(["segment", "character"]), default="segment", show_default=True,
              help="Compare whole segments (speaker turns, notes, answers) or single characters.")
@click.option("--code", "codes", multiple=True, help="Only this code or exclusive group (repeatable).")
@click.option("--skip-uncoded", is_flag=True, help="Leave out units nobody coded (the count is reported).")
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
    from .agreement.report import format_report

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
        workbench exclusive-group study.db Sentiment --level ordinal --codes negative,neutral,positive
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
            --choose "Jo Bennett" --memo "Jo explained what the nurse meant."
        workbench settle study.db int01_rose Communication --segment 4 --agreed-by "Jo Bennett" --start 130 --end 162
    """
    with Project.open(project, member=member, role=role) as opened:
        created = opened.settle(document, code, agreed_by=_listed(agreed_by),
                                segment=None if segment is None else segment - 1, start=start, end=end,
                                choose=choose, merge=merge, value=value, discussion=memo, consensus=consensus)
    where = f"segment {segment}" if segment is not None else f"characters {start}-{end}"
    click.echo(f"Saved the agreed version of '{code}' on {document}, {where}: "
               f"{len(created)} coding(s) in the layer '{consensus}'.")


@cli.command()
@PROJECT
@click.option("--kind", "kinds", multiple=True, help="Only segments of documents of this kind (repeatable).")
@click.option("--code", help="Only segments coded with this code.")
@click.option("--min-topic-size", type=click.IntRange(2), default=10, show_default=True,
              help="The fewest segments a topic may have.")
@click.option("--topics", "nr_topics", type=click.IntRange(2), help="Merge similar topics down to this many.")
@click.option("--guided", is_flag=True, help="Nudge topics toward the codebook's definitions.")
@click.option("--zero-shot", is_flag=True, help="Use code names as candidate topics.")
@click.option("--reduce-outliers", is_flag=True, help="Put segments outside any topic into their nearest topic.")
@click.option("--model", "embedding_model", help="A sentence-transformers model name or folder (default: all-MiniLM-L6-v2).")
@click.option("--name", help="A name for the run.")
@click.option("--json", "as_json", is_flag=True, help="Print the topics as JSON.")
@member_option
@role_option
def topics(project, kinds, code, min_topic_size, nr_topics, guided, zero_shot, reduce_outliers, embedding_model,
           name, as_json, member, role):
    """Find candidate themes with a topic model (BERTopic) and save the run in the project.
    Embeddings are cached in the project, so a second run embeds nothing already seen.

    \b
    Examples:
        workbench topics study.db --kind survey --min-topic-size 5
        workbench topics study.db --kind interview --topics 8 --guided --json
    """
    with Project.open(project, member=member, role=role) as opened:
        run_id = opened.find_topics(kinds=list(kinds) or None, code=code, name=name, show_progress=not as_json,
                                    min_topic_size=min_topic_size, nr_topics=nr_topics, guided=guided,
                                    zero_shot=zero_shot, reduce_outliers=reduce_outliers,
                                    embedding_model=embedding_model)
        found = opened.topics(run_id)
    rows = [{"number": int(row.number), "label": row.label, "size": int(row.size), "keywords": row.keywords[:6]}
            for row in found.itertuples()]
    if as_json:
        click.echo(json.dumps({"run": int(run_id), "topics": rows}, indent=2, ensure_ascii=False))
        return
    click.echo(f"Topic run {run_id}: {len(rows)} topics (see project.topics({run_id}) in a notebook).")
    for row in rows:
        click.echo(f"{row['number']:>4}  {row['size']:>5}  {row['label']}")


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


@cli.command(name="involvement-report")
@PROJECT
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
def involvement_report(project, out, force):
    """Write the patient and public involvement report (GRIPP2 short form) as Word:
    aim, methods, results, outcomes and critical reflection, drafted from who took
    part in which sessions, what they contributed and which ideas changed the study,
    with the team's edits (Project.edit_involvement_section) in place of the draft.

    \b
    Example:
        workbench involvement-report study.db involvement.docx
    """
    with Project.open(project) as opened:
        written = opened.export_involvement_report(out, overwrite=force)
    click.echo(f"Wrote the involvement report to {written}.")


@cli.command()
@PROJECT
@click.argument("participant")
@click.option("--erase/--keep-analysed", default=None,
              help="Remove their words everywhere, or keep what was already analysed (default: the study's policy).")
@click.option("--delete-stale", is_flag=True, help="Also delete the exports, snapshots and backups made before.")
@member_option
@role_option
def withdraw(project, participant, erase, delete_stale, member, role):
    """Record that a participant (by pseudonym) withdrew. Under the study's "erase"
    policy their words are removed everywhere: blanked in the transcripts (other
    codings keep their places), codings and memos on or quoting them deleted, cached
    embeddings and topic assignments removed, and the file scrubbed so no copy stays
    on disk. Exports, snapshots and backups made before are listed as stale.

    \b
    Example:
        workbench withdraw study.db Rose --member "Alex Morgan"
    """
    with Project.open(project, member=member, role=role) as opened:
        report = opened.withdraw(participant, erase=erase, delete_stale=delete_stale)
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
        workbench import-pseudonymised study.db int09.txt --key ../private/name-key.csv
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
@member_option
@role_option
def withdrawal_policy(project, policy, member, role):
    """Show the study's withdrawal policy and what it means, or choose it.

    \b
    Examples:
        workbench withdrawal-policy study.db
        workbench withdrawal-policy study.db keep-analysed --member "Alex Morgan"
    """
    with Project.open(project, member=member, role=role) as opened:
        if policy:
            opened.set_withdrawal_policy(policy)
        chosen, statement = opened.withdrawal_policy()
    click.echo(f"Withdrawal policy: {chosen}. {statement}")


# -- publishing, figures and reports (issue 6) ----------------------------------------
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
    import subprocess

    from .publish.serve import dashboard_command

    command = dashboard_command(snapshot, port, ip, token, page=page)
    click.echo(f"Serving the dashboard at {command.url} (Ctrl+C to stop).")
    try:
        subprocess.run(command.argv, cwd=command.cwd, env=command.env, check=False)
    except KeyboardInterrupt:
        pass


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
    from .figures.export import parse_formats

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
    except SheetProblems as exc:  # a report: the summary line, then one line per row
        click.echo(f"error: {exc.report()}", err=True)
        return 2
    except WorkbenchError as exc:
        click.echo(f"error: {exc}", err=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
